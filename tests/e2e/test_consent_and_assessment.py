"""The health visitor records consent to take part, books and completes the initial assessment
with a safeguarding concern, and records consent to share with the team; the clinical
psychologist sees the alert at once and acknowledges it; the team lead allocates the family to a
PIEW worker, who finds it on "My caseload"; a partner's worker cannot open the family until the
parent agrees to share with their organisation. axe-core checks every page."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from assessments.models import InitialAssessment
from families.consent import family_consent_given
from families.models import AlertRecipient
from team.roles import Role
from tests.e2e.journeys import StaffMember
from tests.factories import (
    CaregiverFactory,
    CaseFactory,
    ChildFactory,
    FamilyFactory,
    OrganisationFactory,
    UserFactory,
    staff_member,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people(browser, live_server):
    claire = UserFactory(username="claire", first_name="Claire", last_name="Booth", role=Role.HEALTH_VISITOR)
    priya = UserFactory(username="priya", first_name="Priya", last_name="Shah",
                        role=Role.CLINICAL_PSYCHOLOGIST)
    helen = UserFactory(username="helen", first_name="Helen", last_name="Marsh", role=Role.TEAM_LEAD)
    amy = UserFactory(username="amy", first_name="Amy", last_name="Fletcher", role=Role.PIEW_WORKER)
    partner = OrganisationFactory(name="First Steps Forward", takes_referrals=True)
    mark = staff_member(Role.PARTNER, partner, username="mark", first_name="Mark", last_name="Ellis")
    family = FamilyFactory(postcode="DN16 1QA")
    CaregiverFactory(family=family, first_name="Zofia", last_name="Nowak")
    ChildFactory(family=family, first_name="Lena", last_name="Nowak")
    CaseFactory(family=family, key_worker=claire)
    opened = {name: StaffMember(browser, live_server, user) for name, user in [
        ("visitor", claire), ("psychologist", priya), ("lead", helen), ("worker", amy), ("partner", mark)]}
    yield {**opened, "family": family}
    for person in opened.values():
        person.close()


def record_consent(claire: StaffMember, purpose: str) -> None:
    page = claire.page
    page.get_by_role("link", name="Record a consent decision").click()
    claire.axe.check()
    page.get_by_role("group", name="Whose decision is it?").get_by_label("Zofia Nowak").check()
    page.get_by_role("group", name="What is the consent for?").get_by_label(purpose).check()
    page.get_by_role("group", name="What did they decide?").get_by_label("Given").check()
    claire.fill_date("Date of the decision", timezone.localdate())
    page.get_by_role("group", name="How did they tell you?").get_by_label("Written").check()
    page.get_by_role("button", name="Save the decision").click()
    claire.axe.check()


def book_and_complete_with_a_safeguarding_concern(claire: StaffMember) -> None:
    page = claire.page
    page.get_by_role("link", name="Book an initial assessment").click()
    assert claire.heading() == "Book an initial assessment"
    claire.axe.check()
    claire.fill_date("Date", timezone.localdate() + datetime.timedelta(days=2))
    page.get_by_label("Time").fill("10:30")
    page.get_by_role("group", name="Where").get_by_label("Home").check()
    page.get_by_role("button", name="Book the assessment").click()
    assert claire.heading() == "Initial assessment"
    claire.axe.check()

    page.get_by_role("link", name="Record the assessment").click()
    assert claire.heading() == "Record the initial assessment"
    claire.axe.check()
    answers = {
        "Presenting needs": "Low mood since the birth; finds it hard to enjoy Lena.",
        "Mental health history": "Postnatal depression after her first baby.",
        "Parent-infant relationship as observed": "Warm but tentative; looks to Lena when she cries.",
        "Baby's wellbeing": "Feeding well, gaining weight.",
        "Support network": "Mother nearby; partner works nights.",
    }
    for label, text in answers.items():
        page.get_by_label(label, exact=True).fill(text)
    for question, answer in [("Routine enquiry about domestic abuse asked", "Yes"),
                             ("Risk of self-harm or suicide", "No"), ("Risk of harm to the baby", "No"),
                             ("Safeguarding concerns", "Yes"),
                             ("Has the family confirmed they consent to take part?", "Yes")]:
        page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()
    page.get_by_label("Plan for the safeguarding concerns").fill("Referred to MASH; joint visit booked.")
    page.get_by_label("Video Interaction Guidance").check()
    page.get_by_role("button", name="Complete and lock").click()
    assert claire.heading() == "Initial assessment"
    claire.axe.check()


def test_consent_assessment_alert_and_sharing_with_the_team(people):
    claire, priya, family = people["visitor"], people["psychologist"], people["family"]

    claire.sign_in(f"/families/{family.pk}/")
    assert claire.heading() == f"Family {family.reference}"
    claire.axe.check()
    record_consent(claire, "Taking part in the PIEW service")
    claire.page.goto(f"/families/{family.pk}/")
    book_and_complete_with_a_safeguarding_concern(claire)

    assessment = InitialAssessment.objects.get()
    assert assessment.status == InitialAssessment.Status.COMPLETED
    recipients = set(AlertRecipient.objects.values_list("user__username", flat=True))
    assert {"claire", "priya", "helen"} == recipients
    assert all("Nowak" not in message.body and "DN16" not in message.body for message in mail.outbox)

    priya.sign_in("/")
    alerts = priya.page.get_by_role("table", name="Alerts waiting for you")
    assert alerts.get_by_role("link", name=family.reference).is_visible()
    priya.axe.check()
    alerts.get_by_role("link", name=family.reference).click()
    priya.axe.check()
    priya.page.get_by_role("link", name="Acknowledge").first.click()
    priya.axe.check()
    priya.page.get_by_label("What have you done about it?").fill("Discussed with Claire; agreed the plan.")
    priya.page.get_by_role("button", name="Acknowledge").click()
    priya.axe.check()
    assert AlertRecipient.objects.get(user__username="priya").acknowledged_at is not None

    claire.page.goto(f"/families/{family.pk}/")
    claire.axe.check()
    assert not family_consent_given(family=family, purpose="mdt_sharing")
    record_consent(claire, "Sharing with the PIEW multidisciplinary team")
    assert family_consent_given(family=family, purpose="mdt_sharing")


def allocate_to_the_piew_worker(helen: StaffMember, family) -> None:
    helen.sign_in(f"/families/{family.pk}/")
    helen.axe.check()
    helen.page.get_by_role("link", name="Change the key worker").click()
    helen.axe.check()
    helen.page.get_by_label("Key worker").select_option(label="Amy Fletcher (PIEW worker)")
    helen.page.get_by_role("button", name="Allocate").click()
    helen.axe.check()


def refer_on_to_the_partner(amy: StaffMember) -> None:
    page = amy.page
    page.get_by_role("link", name="Refer the family on to a partner organisation").click()
    amy.axe.check()
    page.get_by_label("Which partner organisation?").select_option(label="First Steps Forward")
    page.get_by_role("group", name="Which parent or carer agreed?").get_by_label("Zofia Nowak").check()
    amy.fill_date("Date of the referral", timezone.localdate())
    page.get_by_label("Why are you referring them?").fill("Peer support group near home")
    page.get_by_label("The parent or carer agreed to this referral", exact=False).check()
    page.get_by_role("button", name="Refer the family on").click()
    amy.axe.check()


def test_allocation_caseload_and_the_partners_view(people):
    claire, helen, amy, mark = people["visitor"], people["lead"], people["worker"], people["partner"]
    family = people["family"]
    claire.sign_in(f"/families/{family.pk}/")
    for purpose in ["Taking part in the PIEW service", "Sharing with the PIEW multidisciplinary team"]:
        claire.page.goto(f"/families/{family.pk}/")
        record_consent(claire, purpose)

    allocate_to_the_piew_worker(helen, family)
    amy.sign_in("/caseloads/")
    assert amy.heading() == "My caseload"
    amy.axe.check()
    amy.page.get_by_role("link", name=family.reference, exact=True).click()
    assert amy.heading() == f"Family {family.reference}"
    amy.axe.check()

    mark.sign_in(f"/families/{family.pk}/")
    assert mark.heading() == "Page not found"
    mark.axe.check()
    refer_on_to_the_partner(amy)
    mark.page.goto(f"/families/{family.pk}/")
    assert mark.heading() == f"Family {family.reference}"
    assert mark.page.get_by_text("Zofia Nowak (mother)").is_visible()
    mark.axe.check()
