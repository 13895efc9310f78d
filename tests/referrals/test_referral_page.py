"""The referral page: what the referral says, its timeline with the waiting time to each step,
possible duplicates, the decisions open from its state, and who may open it."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from families.models import FamilyAccessLog
from referrals.models import Referral, ReferralReason
from referrals.services import (
    contact_attempt_record,
    referral_decline,
    referral_keep_trying,
    referral_request_info,
)
from referrals.transitions import Status
from team.roles import Role
from tests.factories import (
    VALID_NHS_NUMBERS,
    AcceptedReferralFactory,
    CaseFactory,
    HubFactory,
    OrganisationFactory,
    ProfessionalReferralFactory,
    ReferralFactory,
    family_with_people,
)
from tests.referrals.triage_support import ROLES, TRIAGE_ROLES, heading, role_id, text

pytestmark = pytest.mark.django_db


def _at(days_ago: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _timeline(response) -> list[str]:
    """Each timeline item's text, newest first."""
    page = response.content.decode()
    item = '<div class="moj-timeline__item">'
    items = re.findall(rf"{item}(.*?)</div>\s*(?={item}|</div>)", page, flags=re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)).strip() for item in items]


def _long(when: datetime.datetime) -> str:
    local = timezone.localtime(when)
    noon = "a.m." if local.hour < 12 else "p.m."
    return f"{local.day} {local:%B %Y}, {local.hour % 12 or 12}:{local:%M} {noon}"


def test_the_page_shows_everything_the_referral_says(client_for):
    partner = OrganisationFactory(name="First Steps Forward")
    referral = ProfessionalReferralFactory(
        parent_first_name="Amira", parent_last_name="Khan", hub=HubFactory(name="Ashby Family Hub"),
        referrer_partner=partner, referrer_email="jo@nhs.example", parent_nhs_number=VALID_NHS_NUMBERS[0],
        original_message="Dear team,\nPlease see Amira.", other_parent_name="Sam Khan",
    )
    ReferralReason.objects.create(referral=referral, reason="anxiety")
    client = client_for(Role.ADMIN_ASSISTANT)

    response = client.get(f"/referrals/{referral.pk}/")

    assert heading(response) == f"Referral {referral.reference}"
    shown = text(response)
    for expected in ("Referred by Professional", "Arrived by Email", "Family Hub Ashby Family Hub",
                     "Referrer Jo Midwife", "Referrer's role Midwife", "Organisation First Steps Forward",
                     "Referrer's email jo@nhs.example", "The family agreed Yes", "Reasons Anxiety",
                     "In their words Feeling low since the scan; worried about bonding.",
                     "Name Amira Khan", f"NHS number {VALID_NHS_NUMBERS[0]}",
                     "Other parent or carer Sam Khan",
                     f"Due {referral.baby_due_date.day} {referral.baby_due_date:%B %Y}",
                     "Dear team, Please see Amira.", "Mobile 07700 900123"):
        assert expected in shown, expected
    assert "Dear team,<br>Please see Amira." in response.content.decode()
    assert "Download the original message" not in shown
    assert "<title>Referral " + referral.reference in response.content.decode()


def test_the_timeline_shows_each_step_and_the_days_it_took(client_for, make_user):
    admin = make_user(Role.ADMIN_ASSISTANT, first_name="Ann", last_name="Admin")
    referral = ReferralFactory(received_at=_at(9), created_by=admin)
    referral_request_info(referral_id=referral.pk, by=admin, note="Ask the GP for the EPDS score")
    Referral.objects.filter(pk=referral.pk).update(triaged_at=_at(7))
    referral.history.filter(status=Status.MORE_INFO).update(history_date=_at(7), history_user=admin)
    accepted = AcceptedReferralFactory(received_at=_at(6))
    Referral.objects.filter(pk=accepted.pk).update(triaged_at=_at(5))
    accepted.history.filter(status=Status.AWAITING_CONTACT).update(history_date=_at(5))
    contact_attempt_record(referral_id=accepted.pk, by=admin, method="phone", outcome="no_answer",
                           attempted_at=_at(4))
    contact_attempt_record(referral_id=accepted.pk, by=admin, method="phone", outcome="reached",
                           attempted_at=_at(2))
    client = client_for(Role.TEAM_LEAD)

    more_info = client.get(f"/referrals/{referral.pk}/")
    contacted = client.get(f"/referrals/{accepted.pk}/")

    assert _timeline(more_info) == [
        f"More information requested by Ann Admin {_long(_at(7))} · 2 days after it was received "
        "Ask the GP for the EPDS score",
        f"Referral received by Ann Admin {_long(_at(9))} Self-referral by phone",
    ]
    assert "Triaged " + f"{_at(7).day} {_at(7):%B %Y}: 2 days after it was received" in text(more_info)
    assert "First contact Not yet" in text(more_info) and "Closed Not yet" in text(more_info)
    assert "Open for 9 days" in text(more_info)
    timeline = _timeline(contacted)
    assert timeline[0].startswith(f"First contact: phone call, reached by Ann Admin {_long(_at(2))} · "
                                  "4 days after it was received")
    assert timeline[1].startswith("Contact attempt: phone call, no answer")
    assert timeline[2].startswith("Accepted: awaiting first contact")
    assert "1 day after it was received" in timeline[2]
    assert "First contact " + f"{_at(2).day} {_at(2):%B %Y}: 4 days after it was received" in text(contacted)


def test_a_closed_referral_shows_how_long_until_it_closed(client_for, make_user):
    lead = make_user(Role.TEAM_LEAD, first_name="Tess", last_name="Lead")
    referral = ReferralFactory(received_at=_at(3))
    referral_decline(referral_id=referral.pk, by=lead, note="Outside the area")
    client = client_for(Role.ADMIN_ASSISTANT)

    response = client.get(f"/referrals/{referral.pk}/")

    shown = text(response)
    assert _timeline(response)[0].startswith("Declined: closed by Tess Lead")
    assert "3 days after it was received Outside the area" in _timeline(response)[0]
    assert "Closed " + f"{timezone.localdate().day} {timezone.localdate():%B %Y}: 3 days after" in shown
    assert "Open for" not in shown
    assert "Decided by Tess Lead" in shown and "Note Outside the area" in shown
    assert "Triage" not in re.sub(r"Triaged", "", shown.split("Waiting times")[0])


@pytest.mark.parametrize("status, links", [
    (Status.NEW, ["Accept the referral", "Ask for more information", "Decline the referral",
                  "Signpost the family", "Mark as a duplicate"]),
    (Status.MORE_INFO, ["Accept the referral", "Record the information received", "Decline the referral",
                        "Signpost the family", "Mark as a duplicate"]),
])
def test_the_decisions_open_from_its_state_are_linked(client_for, status, links):
    referral = ReferralFactory(status=status)
    client = client_for(Role.ADMIN_ASSISTANT)

    page = client.get(f"/referrals/{referral.pk}/").content.decode()

    triage = page[page.index('<h2 class="govuk-heading-m">Triage</h2>'):]
    triage = triage[:triage.index("</ul>")]
    assert re.findall(r'<a class="govuk-link" href="/referrals/\d+/[a-z-]+/">([^<]+)</a>', triage) == links


def test_an_accepted_referral_links_to_first_contact_not_triage(client_for):
    referral = AcceptedReferralFactory()
    client = client_for(Role.ADMIN_ASSISTANT)

    page = client.get(f"/referrals/{referral.pk}/").content.decode()

    assert '<h2 class="govuk-heading-m">Triage</h2>' not in page
    assert f'href="/referrals/{referral.pk}/contact/"' in page
    assert f'href="/referrals/families/{referral.family_id}/onward/"' in page
    assert f'href="/families/{referral.family_id}/">Family {referral.family.reference}</a>' in page


def test_possible_duplicates_are_shown_to_the_triage_roles(client_for):
    first = ReferralFactory(parent_nhs_number=VALID_NHS_NUMBERS[4], parent_first_name="Eve",
                            parent_last_name="Stone")
    again = ReferralFactory(parent_nhs_number=VALID_NHS_NUMBERS[4])
    client = client_for(Role.TEAM_LEAD)

    shown = text(client.get(f"/referrals/{again.pk}/"))

    assert f"Possible duplicates Referral {first.reference} : Eve Stone, DN15 7AB (same NHS number)" in shown


def test_a_file_is_offered_as_a_download(client_for, settings, tmp_path):
    from django.core.files.base import ContentFile
    settings.MEDIA_ROOT = tmp_path
    referral = ReferralFactory()
    referral.original_file.save("x.pdf", ContentFile(b"%PDF-1.4"))
    client = client_for(Role.ADMIN_ASSISTANT)

    page = client.get(f"/referrals/{referral.pk}/").content.decode()

    assert f'href="/referrals/{referral.pk}/original-message/" download>Download the original message' in page


def test_opening_a_linked_referral_is_logged_on_the_family(client_for):
    referral = AcceptedReferralFactory()
    client = client_for(Role.ADMIN_ASSISTANT)

    client.get(f"/referrals/{referral.pk}/")

    log = FamilyAccessLog.objects.get(family=referral.family)
    assert (log.user, log.page) == (client.user, f"Referral {referral.reference}")


def test_the_page_runs_the_same_queries_however_long_its_history(client_for):
    client = client_for(Role.ADMIN_ASSISTANT)
    short, long = AcceptedReferralFactory(), AcceptedReferralFactory()
    for _ in range(6):  # each third failure moves it to "unable to contact"; move it back to try again
        contact_attempt_record(referral_id=long.pk, by=client.user, method="phone", outcome="no_answer")
        if Referral.objects.get(pk=long.pk).status == Status.UNABLE_TO_CONTACT:
            referral_keep_trying(referral_id=long.pk, by=client.user)
    ReferralReason.objects.create(referral=long, reason="anxiety")

    def count(referral) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/referrals/{referral.pk}/").status_code == 200
        return len(queries)

    count(short)
    assert count(long) == count(short)


def _world(make_user, role):
    """A referral not yet linked to a family, and one linked to a family the user key-works."""
    user = make_user(role)
    # Surnames no page could contain by chance (Faker's "Page" or "Found" could).
    unlinked = ReferralFactory(parent_last_name="Quistwaite")
    family = family_with_people()
    CaseFactory(family=family, key_worker=user)
    linked = ReferralFactory(family=family, parent_last_name="Zebrowska")
    return user, unlinked, linked


@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_who_may_open_a_referral(client_for, make_user, role):
    user, unlinked, linked = _world(make_user, role)
    client = client_for(user=user)

    for referral, sees in (
        (unlinked, role in TRIAGE_ROLES or role == Role.CLINICAL_PSYCHOLOGIST),
        (linked, role not in (Role.VIEWER, Role.PARTNER, None)),
    ):
        response = client.get(f"/referrals/{referral.pk}/")
        assert response.status_code == (200 if sees else 404), referral
        if sees:
            assert heading(response) == f"Referral {referral.reference}"
            assert ("Possible duplicates" in text(response)) == (role in TRIAGE_ROLES)
            assert ('<h2 class="govuk-heading-m">Triage</h2>' in response.content.decode()) == (
                role in TRIAGE_ROLES)
        else:
            assert heading(response) == "Page not found"
            assert referral.parent_last_name not in response.content.decode()


def test_anonymous_is_sent_to_sign_in(client):
    referral = ReferralFactory()
    assert client.get(f"/referrals/{referral.pk}/").url.startswith("/sign-in/")


def test_a_missing_referral_is_not_found(client_for):
    assert client_for(Role.ADMIN_ASSISTANT).get("/referrals/999999/").status_code == 404
