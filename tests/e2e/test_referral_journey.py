"""From a parent's self-referral to the family agreeing to take part: the parent refers herself in
Polish, the administrator accepts it from the queue, tries three times to reach her and records
her consent, and the team lead sees it on the dashboard. axe-core checks every page."""

import pytest

from families.models import ConsentRecord
from referrals.models import ContactAttempt, Referral
from referrals.transitions import Status
from team.roles import Role
from tests.e2e.journeys import StaffMember, complete_self_referral_in_polish
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def staff(browser, live_server):
    admin = UserFactory(username="karen", first_name="Karen", last_name="Dale", role=Role.ADMIN_ASSISTANT)
    lead = UserFactory(username="helen", first_name="Helen", last_name="Marsh", role=Role.TEAM_LEAD)
    people = {"admin": StaffMember(browser, live_server, admin),
              "lead": StaffMember(browser, live_server, lead)}
    yield people
    for person in people.values():
        person.close()


def record_attempt(karen: StaffMember, method: str, outcome: str) -> None:
    page = karen.page
    page.get_by_role("group", name="How did you try to reach them?").get_by_label(method).check()
    page.get_by_role("group", name="What happened?").get_by_label(outcome, exact=True).check()
    page.get_by_role("button", name="Save contact attempt").click()
    assert karen.heading() == "First contact"
    assert page.get_by_text(f"Contact attempt saved: {outcome.lower()}").is_visible()
    karen.axe.check()


def test_self_referral_to_consent_to_take_part(page, axe, staff):
    reference = complete_self_referral_in_polish(page, axe)
    karen, helen = staff["admin"], staff["lead"]

    karen.sign_in("/referrals/")
    assert karen.heading() == "Referrals"
    karen.axe.check()
    karen.page.get_by_role("link", name=reference).click()
    assert karen.heading() == f"Referral {reference}"
    karen.axe.check()
    karen.page.get_by_role("link", name="Accept").click()
    karen.axe.check()
    karen.page.get_by_role("button", name="Accept referral").click()
    assert karen.heading() == f"Referral {reference}"
    karen.axe.check()

    karen.page.get_by_role("link", name="Record contact attempts").click()
    assert karen.heading() == "First contact"
    karen.axe.check()
    record_attempt(karen, "Phone call", "No answer")
    record_attempt(karen, "Text message", "Message left")
    record_attempt(karen, "Phone call", "Reached")

    consent = karen.page
    consent.get_by_role("group", name="Who did you speak to?").get_by_label("Zofia Nowak").check()
    consent.get_by_label("Yes, they agree to take part").check()
    consent.get_by_role("group", name="How did they tell you?").get_by_label("Verbal").check()
    consent.get_by_role("button", name="Save their decision").click()
    assert consent.get_by_text("The referral is now “Awaiting assessment”").is_visible()
    karen.axe.check()

    referral = Referral.objects.get()
    assert referral.status == Status.AWAITING_ASSESSMENT
    assert list(referral.contact_attempts.values_list("outcome", flat=True)) == [
        ContactAttempt.Outcome.NO_ANSWER, ContactAttempt.Outcome.MESSAGE_LEFT, ContactAttempt.Outcome.REACHED]
    taking_part = ConsentRecord.objects.get()
    assert (taking_part.caregiver.full_name, taking_part.decision) == ("Zofia Nowak", "given")

    helen.sign_in("/referrals/dashboard/")
    assert helen.heading() == "Referrals dashboard"
    helen.axe.check()
    by_source = helen.page.locator("#by-source")
    assert by_source.get_by_role("row", name="Self-referral").get_by_role("cell").inner_text() == "1"
    first_contact = helen.page.locator("#waiting-times").get_by_role("row", name="Received to first contact")
    assert first_contact.get_by_role("cell").last.inner_text() == "1"
