"""Staff intake: a referral that arrived by email, phone, Messenger or in person, with its original
message kept as text or as a private .eml or PDF file."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from referrals.models import Channel, Referral, Source
from team.roles import Role
from tests.factories import VALID_NHS_NUMBERS, CaseFactory, ReferralFactory, family_with_people
from tests.referrals.triage_support import (
    ROLES,
    TRIAGE_ROLES,
    date_fields,
    error_summary,
    field_error,
    heading,
    role_id,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
EML = (b"From: Jo Midwife <jo.midwife@nhs.example>\r\nTo: piew-team@example.org\r\n"
       b"Subject: Referral for Amira Khan\r\nDate: Tue, 3 Mar 2026 09:12:00 +0000\r\n\r\n"
       b"Please see Amira, 28 weeks, low mood. She has agreed to the referral.\r\n")


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT


def _data(**changes) -> dict:
    data = {
        "source": Source.SELF, "channel": Channel.PHONE, "reasons": ["low_mood", "bonding"],
        "reason_detail": "Struggling since the birth", "parent_first_name": "Amira",
        "parent_last_name": "Khan", "parent_relationship": "mother",
        **date_fields("parent_date_of_birth", datetime.date(1996, 4, 2)),
        "parent_nhs_number": "943 476 5919", "parent_mobile": "07700 900456",
        "preferred_language": "English", "address_line_1": "12 Oswald Road", "town": "Scunthorpe",
        "postcode": "dn15 7ab", **date_fields("baby_date_of_birth", timezone.localdate()),
        "original_message": "Phoned the hub: feeling very low, asked for help.",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_only_the_administrator_and_team_lead_record_referrals(client_for, role):
    client = client_for(role)

    response = client.get("/referrals/new/")
    posted = client.post("/referrals/new/", _data())

    if role in TRIAGE_ROLES:
        assert response.status_code == 200 and heading(response) == "Record a referral"
        assert posted.status_code == 302 and Referral.objects.count() == 1
    else:
        assert response.status_code == 403 and heading(response) == "You cannot do this"
        assert posted.status_code == 403 and Referral.objects.count() == 0


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get("/referrals/new/").url.startswith("/sign-in/")
    assert client.post("/referrals/new/", _data()).url.startswith("/sign-in/")
    assert Referral.objects.count() == 0


def test_a_phone_referral_is_recorded_with_what_it_said(client_for):
    client = client_for(Role.ADMIN_ASSISTANT)

    response = client.post("/referrals/new/", _data())

    referral = Referral.objects.get()
    assert response.url == f"/referrals/{referral.pk}/"
    assert (referral.status, referral.source, referral.channel) == ("new", "self", "phone")
    assert referral.created_by == client.user
    assert (referral.parent_name, referral.postcode, referral.parent_nhs_number) == (
        "Amira Khan", "DN15 7AB", "9434765919")
    assert referral.parent_date_of_birth == datetime.date(1996, 4, 2)
    assert referral.original_message == "Phoned the hub: feeling very low, asked for help."
    assert sorted(referral.reasons.values_list("reason", flat=True)) == ["bonding", "low_mood"]
    assert not referral.original_file
    assert timezone.localdate(referral.received_at) == timezone.localdate()
    page = client.get(response.url)
    assert f"Referral {referral.reference} saved. It is in the triage queue" in page.content.decode()


def test_a_referral_that_arrived_earlier_keeps_its_date(client_for):
    client = client_for(Role.TEAM_LEAD)
    arrived = timezone.localdate() - datetime.timedelta(days=3)

    client.post("/referrals/new/", _data(**date_fields("received_on", arrived)))

    assert timezone.localdate(Referral.objects.get().received_at) == arrived


def test_a_professional_referral_needs_the_referrer_and_the_familys_agreement(client_for):
    client = client_for(Role.ADMIN_ASSISTANT)

    response = client.post("/referrals/new/", _data(source=Source.PROFESSIONAL, channel=Channel.EMAIL))

    assert response.status_code == 200
    assert field_error(response, "referrer_name") == "Enter the name of the person who referred"
    assert "Enter the name of the person who referred" in error_summary(response)
    assert Referral.objects.count() == 0
    ok = client.post("/referrals/new/", _data(
        source=Source.PROFESSIONAL, channel=Channel.EMAIL, referrer_name="Jo Midwife",
        referrer_role="midwife", family_agreed="on"))
    assert ok.status_code == 302
    assert Referral.objects.get().referrer_name == "Jo Midwife"


def test_an_email_referral_keeps_its_message(client_for):
    client = client_for(Role.ADMIN_ASSISTANT)

    response = client.post("/referrals/new/", _data(channel=Channel.EMAIL, original_message=""))

    assert field_error(response, "original_message") == "Paste the message, or attach it as a file"
    assert Referral.objects.count() == 0


def test_required_answers_are_asked_for_in_plain_words(client_for):
    client = client_for(Role.ADMIN_ASSISTANT)

    response = client.post("/referrals/new/", _data(reasons=[], parent_first_name="", source=""))

    assert error_summary(response) == [
        "Select who made the referral", "Select at least one reason for the referral",
        "Enter the parent's first name",
    ]
    assert heading(response) == "Record a referral"
    assert "<title>Error: Record a referral" in response.content.decode()


@pytest.mark.parametrize("name, content, kind", [
    ("Referral letter.PDF", PDF, "application/pdf"),
    ("referral.eml", EML, "message/rfc822"),
])
def test_a_good_file_is_stored_privately_and_downloaded_by_those_who_may_see_it(
    client_for, private_files, name, content, kind,
):
    client = client_for(Role.ADMIN_ASSISTANT)

    client.post("/referrals/new/", _data(original_file=SimpleUploadedFile(name, content, kind)))

    referral = Referral.objects.get()
    stored = referral.original_file.path
    assert stored.startswith(str(private_files))
    assert "Referral letter" not in stored and "referral.eml" not in stored  # stored under a random name
    with open(stored, "rb") as saved:
        assert saved.read() == content
    download = client.get(f"/referrals/{referral.pk}/original-message/")
    assert download.status_code == 200
    assert download["Content-Type"] == kind
    extension = name[-4:].lower()
    assert download["Content-Disposition"] == (
        f'attachment; filename="{referral.reference}-original-message{extension}"')
    assert b"".join(download.streaming_content) == content
    assert "no-store" in download["Cache-Control"]


@pytest.mark.parametrize("name, content, message", [
    ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00", "The selected file must be an email saved as .eml or a PDF"),
    ("letter.docx", b"PK\x03\x04", "The selected file must be an email saved as .eml or a PDF"),
    ("letter.pdf", b"MZ\x90\x00 not really a pdf",
     "The selected file ends in .pdf but is not a PDF. Save the message as a PDF again, or paste its "
     "text into the original message box"),
    ("message.eml", PDF,
     "The selected file ends in .eml but is not an email. Save the email again as a .eml file, or paste "
     "its text into the original message box"),
    ("empty.pdf", b"", "The selected file is empty"),
])
def test_a_bad_file_is_refused_with_a_clear_message_and_the_typed_values_kept(
    client_for, private_files, name, content, message,
):
    client = client_for(Role.ADMIN_ASSISTANT)

    response = client.post("/referrals/new/", _data(original_file=SimpleUploadedFile(name, content)))

    assert response.status_code == 200
    assert error_summary(response) == [message]
    assert field_error(response, "original_file") == message
    page = response.content.decode()
    assert 'value="Amira"' in page and 'value="12 Oswald Road"' in page
    assert "Phoned the hub: feeling very low" in page
    assert Referral.objects.count() == 0
    assert not private_files.exists() or not any(private_files.rglob("*.*"))


def test_a_file_over_10_mb_is_refused(client_for, monkeypatch):
    monkeypatch.setattr("referrals.forms.uploads.MAX_UPLOAD_BYTES", 1024)
    client = client_for(Role.ADMIN_ASSISTANT)

    response = client.post("/referrals/new/", _data(
        original_file=SimpleUploadedFile("big.pdf", PDF + b"0" * 2048)))

    assert field_error(response, "original_file") == "The selected file must be smaller than 10 MB"
    assert Referral.objects.count() == 0


def test_when_another_answer_is_wrong_the_page_asks_for_the_file_again(client_for):
    client = client_for(Role.ADMIN_ASSISTANT)

    response = client.post("/referrals/new/", _data(
        parent_last_name="", original_file=SimpleUploadedFile("letter.pdf", PDF)))

    assert error_summary(response) == ["Enter the parent's last name"]
    assert "If you attached a file, attach it again" in response.content.decode()


def _referral_with_file(client_for) -> Referral:
    client = client_for(Role.ADMIN_ASSISTANT)
    client.post("/referrals/new/", _data(original_file=SimpleUploadedFile("letter.pdf", PDF)))
    client.logout()
    return Referral.objects.get()


def test_the_file_is_not_reachable_at_any_public_address(client, client_for, private_files):
    referral = _referral_with_file(client_for)
    relative = referral.original_file.name

    for path in (f"/static/{relative}", f"/media/{relative}", f"/{relative}", f"/private-files/{relative}",
                 f"/assets/{relative}", referral.original_file.url):
        response = client.get(path if path.startswith("/") else f"/{path}")
        assert response.status_code in (302, 404), path
        assert PDF not in b"".join(getattr(response, "streaming_content", [response.content]))
    # Signed out, the download page sends the person to sign in.
    assert client.get(f"/referrals/{referral.pk}/original-message/").url.startswith("/sign-in/")


@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_the_download_is_for_those_who_may_see_the_referral(client_for, make_user, role):
    referral = _referral_with_file(client_for)
    user = make_user(role)
    if role == Role.HEALTH_VISITOR:
        # A health visitor sees a referral only once it is linked to a family on their caseload.
        other_family = family_with_people(key_worker=user)
        assert other_family.pk != referral.family_id
    client = client_for(user=user)

    response = client.get(f"/referrals/{referral.pk}/original-message/")

    sees = role in TRIAGE_ROLES or role == Role.CLINICAL_PSYCHOLOGIST
    assert response.status_code == (200 if sees else 404)
    if not sees:
        assert heading(response) == "Page not found"


def test_the_key_worker_of_the_linked_family_may_download_it(client_for, make_user):
    referral = _referral_with_file(client_for)
    health_visitor = make_user(Role.HEALTH_VISITOR)
    family = family_with_people()
    CaseFactory(family=family, key_worker=health_visitor)
    Referral.objects.filter(pk=referral.pk).update(family=family)

    response = client_for(user=health_visitor).get(f"/referrals/{referral.pk}/original-message/")

    assert response.status_code == 200


def test_a_referral_without_a_file_has_no_download(client_for):
    referral = ReferralFactory(parent_nhs_number=VALID_NHS_NUMBERS[0])
    client = client_for(Role.ADMIN_ASSISTANT)

    assert client.get(f"/referrals/{referral.pk}/original-message/").status_code == 404
