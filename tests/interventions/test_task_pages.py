"""The licence, VIG filming and task list pages: who may open them (404 for a family one may
not see, 403 for the wrong role), errors that keep what was typed, and that a refusal changes
nothing."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from families.models import ConsentRecord, FamilyAccessLog
from interventions.models import LicenceCode, Reminder, Session, VideoDeletion, VideoRecording
from interventions.services import licences, reminders, video
from team.roles import Role
from tests.interventions.conftest import consent, consenting_case, enrolled, past, person, programme
from tests.interventions.test_video import filming_consent, mp4
from tests.pages import heading, title

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def date_fields(name: str, day: datetime.date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def online(piew_worker):
    case = consenting_case(key_worker=piew_worker, with_father=True)
    case.family.caregivers.update(email="parent@example.org")
    return enrolled(case=case, code="online_solihull", practitioner=piew_worker)


@pytest.fixture
def stock(team_lead):
    return licences.licence_codes_import(programme=programme("online_solihull"), batch="PO 1",
                                         codes="AAAA-1111\nBBBB-2222\nCCCC-3333", by=team_lead)


@pytest.fixture
def recording(vig, piew_worker):
    filming_consent(vig, piew_worker)
    return video.recording_add(enrolment=vig, filmed_on=TODAY, by=piew_worker, clip=mp4())


@pytest.fixture
def other_hv(db):
    return person(Role.HEALTH_VISITOR, "other")


def signed_in(client_for, user):
    return client_for(user=user)


# Licence codes ---------------------------------------------------------------------------------

def test_the_team_lead_sees_the_stock_with_issued_codes_masked(client_for, team_lead, online, piew_worker,
                                                               stock):
    licences.licence_issue(enrolment=online, caregiver=online.caregivers.first(), by=piew_worker)
    response = signed_in(client_for, team_lead).get("/interventions/licences/")
    assert heading(response) == "Licence codes" and title(response).startswith("Licence codes")
    page = response.content.decode()
    assert "••••1111" in page and "AAAA-1111" not in page
    row = response.context["programmes"][0]
    assert (row.name, row.available, row.issued, row.redeemed, row.completed) == (
        "Online Solihull programme", 2, 1, 0, 0)


@pytest.mark.parametrize("role", [Role.PIEW_WORKER, Role.ADMIN_ASSISTANT, Role.CLINICAL_PSYCHOLOGIST])
def test_only_the_team_lead_opens_the_stock_and_imports(client_for, role):
    client = client_for(role)
    assert client.get("/interventions/licences/").status_code == 403
    response = client.post("/interventions/licences/import/", {"codes": "X-1", "batch": "B"})
    assert response.status_code == 403
    assert not LicenceCode.objects.exists()


def test_anonymous_people_are_sent_to_sign_in(client):
    for url in ("/interventions/licences/", "/interventions/tasks/", "/interventions/recordings/due/"):
        response = client.get(url)
        assert response.status_code == 302 and "sign-in" in response["Location"]


def test_an_import_with_known_codes_keeps_the_list_and_names_them(client_for, team_lead, stock):
    typed = "NEW-0001\nAAAA-1111"
    response = signed_in(client_for, team_lead).post("/interventions/licences/import/", {
        "programme": programme("online_solihull").pk, "batch": "PO 2", "codes": typed})
    assert response.status_code == 200
    page = response.content.decode()
    assert "These codes have already been imported: AAAA-1111" in page
    assert 'class="govuk-error-summary' in page
    assert typed in page
    assert LicenceCode.objects.count() == 3


def test_an_import_saves_and_says_how_many(client_for, team_lead):
    client = signed_in(client_for, team_lead)
    response = client.post("/interventions/licences/import/", {
        "programme": programme("online_solihull").pk, "batch": "PO 2", "codes": "N-1\nN-2\n",
        **date_fields("expires_on", TODAY + datetime.timedelta(days=90))}, follow=True)
    assert "2 codes imported for Online Solihull programme" in response.content.decode()
    assert set(LicenceCode.objects.values_list("code", "expires_on")) == {
        ("N-1", TODAY + datetime.timedelta(days=90)), ("N-2", TODAY + datetime.timedelta(days=90))}


def test_the_practitioner_issues_a_code_and_it_is_emailed(client_for, piew_worker, online, stock,
                                                          django_capture_on_commit_callbacks):
    client = signed_in(client_for, piew_worker)
    url = f"/interventions/enrolments/{online.pk}/licence/"
    assert heading(client.get(url)) == "Licence codes for Online Solihull programme"
    mother = online.caregivers.order_by("pk").first()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"caregiver": mother.pk})
    assert response.status_code == 302
    assert LicenceCode.objects.get(caregiver=mother).code == "AAAA-1111"
    assert [message.to for message in mail.outbox] == [["parent@example.org"]]
    again = client.post(url, {"caregiver": mother.pk})
    assert again.status_code == 200
    assert "already has a code for this enrolment" in again.content.decode()
    assert LicenceCode.objects.filter(issued_at__isnull=False).count() == 1


def test_issue_without_a_choice_is_an_error_on_the_page(client_for, piew_worker, online, stock):
    response = signed_in(client_for, piew_worker).post(f"/interventions/enrolments/{online.pk}/licence/", {})
    assert "Choose the parent or carer the code is for" in response.content.decode()
    assert not LicenceCode.objects.filter(issued_at__isnull=False).exists()


def test_issue_access_404_for_someone_elses_family_403_for_the_administrator(
        client_for, online, stock, other_hv, admin_assistant):
    url = f"/interventions/enrolments/{online.pk}/licence/"
    mother = online.caregivers.first()
    assert signed_in(client_for, other_hv).post(url, {"caregiver": mother.pk}).status_code == 404
    assert signed_in(client_for, other_hv).get(url).status_code == 404
    client = signed_in(client_for, admin_assistant)
    page = client.get(url)
    assert page.status_code == 200 and "Issue a code" not in page.content.decode()
    assert client.post(url, {"caregiver": mother.pk}).status_code == 403
    assert not LicenceCode.objects.filter(issued_at__isnull=False).exists()


def test_marking_started_then_completed(client_for, piew_worker, online, stock):
    code = licences.licence_issue(enrolment=online, caregiver=online.caregivers.first(), by=piew_worker)
    client = signed_in(client_for, piew_worker)
    future = client.post(f"/interventions/licences/{code.pk}/redeemed/",
                         date_fields("day", TODAY + datetime.timedelta(days=3)))
    assert "Date the parent started must be today or in the past" in future.content.decode()
    assert f'value="{(TODAY + datetime.timedelta(days=3)).day}"' in future.content.decode()
    redeemed = client.post(f"/interventions/licences/{code.pk}/redeemed/", date_fields("day", TODAY))
    assert redeemed.status_code == 302
    assert client.post(f"/interventions/licences/{code.pk}/completed/",
                       date_fields("day", TODAY)).status_code == 302
    code.refresh_from_db()
    assert (code.redeemed_on, code.completed_on) == (TODAY, TODAY)


def test_marking_is_refused_to_others(client_for, piew_worker, online, stock, other_hv, admin_assistant):
    code = licences.licence_issue(enrolment=online, caregiver=online.caregivers.first(), by=piew_worker)
    url = f"/interventions/licences/{code.pk}/redeemed/"
    assert signed_in(client_for, other_hv).post(url, date_fields("day", TODAY)).status_code == 404
    assert signed_in(client_for, admin_assistant).post(url, date_fields("day", TODAY)).status_code == 403
    code.refresh_from_db()
    assert code.redeemed_on is None


# VIG filming -----------------------------------------------------------------------------------

def test_recording_a_filming_with_a_clip(client_for, piew_worker, vig, private_files):
    filming_consent(vig, piew_worker)
    client = signed_in(client_for, piew_worker)
    url = f"/interventions/enrolments/{vig.pk}/recordings/add/"
    form = client.get(url)
    assert heading(form) == "Record a filming" and 'enctype="multipart/form-data"' in form.content.decode()
    response = client.post(url, {**date_fields("filmed_on", TODAY), "session": "", "clip": mp4()})
    assert response.status_code == 302
    assert response["Location"] == f"/interventions/enrolments/{vig.pk}/recordings/"
    recording = VideoRecording.objects.get()
    assert recording.recorded_by == piew_worker and recording.has_clip
    listing = client.get(response["Location"])
    assert heading(listing) == "VIG filming"
    assert f"/interventions/recordings/{recording.pk}/clip/" in listing.content.decode()


def test_filming_without_consent_is_refused_on_the_page_naming_the_parent(client_for, piew_worker, vig,
                                                                          private_files):
    mother, father = vig.caregivers.order_by("pk")
    consent(mother, ConsentRecord.Purpose.VIDEO_RECORDING, piew_worker)
    response = signed_in(client_for, piew_worker).post(
        f"/interventions/enrolments/{vig.pk}/recordings/add/",
        {**date_fields("filmed_on", TODAY), "clip": mp4()})
    assert response.status_code == 200
    page = response.content.decode()
    assert f"{father.full_name} has not given consent to video recording" in page
    assert f'value="{TODAY.day}"' in page
    assert not VideoRecording.objects.exists()
    assert not any(private_files.rglob("*.mp4"))


@pytest.mark.parametrize(("who", "status"), [
    ("admin_assistant", 403), ("team_lead", 403), ("other_hv", 404)])
def test_others_may_not_record_filming(client_for, request, vig, piew_worker, who, status):
    filming_consent(vig, piew_worker)
    user = request.getfixturevalue(who)
    response = signed_in(client_for, user).post(f"/interventions/enrolments/{vig.pk}/recordings/add/",
                                                {**date_fields("filmed_on", TODAY), "clip": mp4()})
    assert response.status_code == status
    assert not VideoRecording.objects.exists()


@pytest.mark.parametrize("who", ["piew_worker", "psychologist"])
def test_the_familys_practitioner_and_the_psychologist_download_the_clip(client_for, request, recording,
                                                                          who):
    user = request.getfixturevalue(who)
    response = signed_in(client_for, user).get(f"/interventions/recordings/{recording.pk}/clip/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"] == "video/mp4"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content).startswith(b"\x00\x00\x00\x18ftyp")
    assert FamilyAccessLog.objects.filter(user=user, page="VIG clip").exists()


@pytest.mark.parametrize(("who", "status", "clip_link"), [
    ("piew_worker", 200, True), ("psychologist", 200, True), ("team_lead", 200, False),
    ("admin_assistant", 403, False), ("other_hv", 404, False)])
def test_the_recordings_list(client_for, request, recording, who, status, clip_link):
    response = signed_in(client_for, request.getfixturevalue(who)).get(
        f"/interventions/enrolments/{recording.enrolment_id}/recordings/")
    assert response.status_code == status
    assert (f"/interventions/recordings/{recording.pk}/clip/" in response.content.decode()) == clip_link


@pytest.mark.parametrize("who", ["team_lead", "admin_assistant", "other_hv"])
def test_everyone_else_gets_404_for_the_clip(client_for, request, recording, who):
    user = request.getfixturevalue(who)
    response = signed_in(client_for, user).get(f"/interventions/recordings/{recording.pk}/clip/")
    assert response.status_code == 404


def test_a_deleted_clip_is_gone_for_everyone(client_for, recording, piew_worker):
    video.recording_delete(recording=recording, by=piew_worker, reason="Wrong family filmed")
    assert signed_in(client_for, piew_worker).get(
        f"/interventions/recordings/{recording.pk}/clip/").status_code == 404


def test_staff_delete_a_clip_with_a_reason_on_the_page(client_for, recording, piew_worker, psychologist):
    url = f"/interventions/recordings/{recording.pk}/delete/"
    assert signed_in(client_for, psychologist).post(url, {"reason": "x"}).status_code == 403
    client = signed_in(client_for, piew_worker)
    empty = client.post(url, {"reason": ""})
    assert "Say why the clip is being deleted" in empty.content.decode()
    assert client.post(url, {"reason": "Parent asked"}).status_code == 302
    log = VideoDeletion.objects.get()
    assert (log.recording, log.deleted_by, log.reason) == (recording, piew_worker, "by_staff")


def test_the_team_lead_sees_recordings_due_and_the_log(client_for, team_lead, recording, vig, piew_worker):
    soon = video.recording_add(enrolment=vig, filmed_on=TODAY, by=piew_worker, clip=mp4())
    later = video.recording_add(enrolment=vig, filmed_on=TODAY, by=piew_worker, clip=mp4())
    VideoRecording.objects.filter(pk=recording.pk).update(delete_after=TODAY - datetime.timedelta(days=1))
    VideoRecording.objects.filter(pk=soon.pk).update(delete_after=TODAY + datetime.timedelta(days=14))
    VideoRecording.objects.filter(pk=later.pk).update(delete_after=TODAY + datetime.timedelta(days=15))
    client = signed_in(client_for, team_lead)
    response = client.get("/interventions/recordings/due/")
    assert heading(response) == "VIG clips due for deletion"
    assert list(response.context["due"]) == [recording, soon]
    assert "Overdue" in response.content.decode()
    video.recording_delete_due(today=TODAY)
    log = list(client.get("/interventions/recordings/due/").context["log"])
    assert [entry.recording for entry in log] == [recording]


@pytest.mark.parametrize("role", [Role.PIEW_WORKER, Role.CLINICAL_PSYCHOLOGIST, Role.ADMIN_ASSISTANT])
def test_only_the_team_lead_sees_recordings_due(client_for, role):
    assert client_for(role).get("/interventions/recordings/due/").status_code == 403


# Task list -------------------------------------------------------------------------------------

def test_the_task_list_shows_my_open_reminders_with_links(client_for, piew_worker, vig, team_lead):
    from interventions import services
    filming = programme("vig").session_kinds.get(name="Filming")
    session = services.session_book(enrolment=vig, by=piew_worker, starts_at=past(3),
                                    mode=Session.Mode.HOME, kind=filming, cycle=1)
    theirs = enrolled(case=consenting_case(key_worker=team_lead), code="watch_wait_wonder",
                      practitioner=team_lead)
    services.session_book(enrolment=theirs, by=team_lead, starts_at=past(3), mode=Session.Mode.HOME)
    reminders.reminders_raise(today=TODAY)
    assert Reminder.objects.count() == 2
    response = signed_in(client_for, piew_worker).get("/interventions/tasks/")
    assert heading(response) == "My tasks"
    tasks = response.context["tasks"]
    assert [task.reminder.session for task in tasks] == [session]
    page = response.content.decode()
    assert vig.case.family.reference in page and theirs.case.family.reference not in page
    assert tasks[0].url in (None, f"/interventions/sessions/{session.pk}/")


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER])
def test_the_task_list_is_for_the_team(client_for, role):
    assert client_for(role).get("/interventions/tasks/").status_code == 403
