"""The health visitor records consent to take part, books and completes the initial assessment
with a safeguarding concern, and records consent to share with the team; the clinical
psychologist sees the alert at once and acknowledges it. axe-core checks every page."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from assessments.models import InitialAssessment
from families.consent import family_consent_given
from families.models import AlertRecipient
from team.roles import Role
from tests.e2e.journeys import StaffMember
from tests.factories import CaregiverFactory, CaseFactory, ChildFactory, FamilyFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people(browser, live_server):
    claire = UserFactory(username="claire", first_name="Claire", last_name="Booth", role=Role.HEALTH_VISITOR)
    priya = UserFactory(username="priya", first_name="Priya", last_name="Shah",
                        role=Role.CLINICAL_PSYCHOLOGIST)
    UserFactory(username="helen", first_name="Helen", role=Role.TEAM_LEAD)
    family = FamilyFactory(postcode="DN16 1QA")
    CaregiverFactory(family=family, first_name="Zofia", last_name="Nowak")
    ChildFactory(family=family, first_name="Lena", last_name="Nowak")
    CaseFactory(family=family, key_worker=claire)
    opened = {"visitor": StaffMember(browser, live_server, claire),
              "psychologist": StaffMember(browser, live_server, priya), "family": family}
    yield opened
    opened["visitor"].close()
    opened["psychologist"].close()


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
