"""The health visitor records a baseline EPDS with item 10 answered above zero; the clinical
psychologist sees and acknowledges the alert; an end-of-intervention EPDS shows the change on
the family's outcome page. axe-core checks every page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assessments.outcome_models import MeasureAdministration
from families.models import AlertRecipient
from team.roles import Role
from tests.e2e.journeys import StaffMember
from tests.factories import CaregiverFactory, CaseFactory, ChildFactory, FamilyFactory, UserFactory
from tests.interventions.conftest import consent, enrolled

# The catalogue is seeded by a migration: serialized rollback keeps it for the next test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# EPDS scores chosen item by item (the form shows each option's score, not its words).
BASELINE = {1: 3, 2: 3, 3: 3, 4: 3, 5: 1, 6: 0, 7: 0, 8: 0, 9: 0, 10: 2}  # 15, item 10 above zero
END = {1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1, 7: 0, 8: 0, 9: 0, 10: 0}  # 6


@pytest.fixture
def team(browser, live_server):
    hv = UserFactory(username="hana", first_name="Hana", last_name="Begum", role=Role.HEALTH_VISITOR)
    psych = UserFactory(
        username="priya", first_name="Priya", last_name="Shah", role=Role.CLINICAL_PSYCHOLOGIST
    )
    family = FamilyFactory(postcode="DN16 1QA")
    mother = CaregiverFactory(family=family, first_name="Zofia", last_name="Nowak", relationship="mother")
    for purpose in ("taking_part", "mdt_sharing"):
        consent(mother, purpose, hv)
    ChildFactory(family=family, first_name="Lena", last_name="Nowak")
    case = CaseFactory(family=family, key_worker=hv)
    enrolled(case=case, code="vig", practitioner=hv)
    members = {name: StaffMember(browser, live_server, user) for name, user in (("hv", hv), ("psych", psych))}
    for member in members.values():
        member.family = family
    yield members
    for member in members.values():
        member.close()


def record_epds(hv: StaffMember, time_point: str, day: datetime.date, scores: dict[int, int]) -> None:
    page = hv.page
    page.goto(f"/families/{hv.family.pk}/")
    page.get_by_role("link", name="Record an outcome measure").click()
    assert hv.heading() == "Record an outcome measure"
    hv.axe.check()
    page.get_by_role("group", name="Parent or carer").get_by_label("Zofia Nowak").check()
    page.get_by_label("Measure", exact=True).select_option("EPDS")
    page.get_by_role("group", name="Time point").get_by_label(time_point).check()
    page.get_by_label("Intervention").select_option(label="Video Interaction Guidance (Waiting to start)")
    hv.fill_date("Date completed", day)
    page.get_by_role("group", name="How it was completed").get_by_label("On paper").check()
    page.get_by_role("button", name="Continue").click()

    assert hv.heading() == "Edinburgh Postnatal Depression Scale"
    hv.axe.check()
    for number, score in scores.items():
        if number == 10 and time_point.startswith("Baseline"):
            continue  # first sent without item 10, to see the error
        page.get_by_role("group", name=f"Question {number}", exact=True).get_by_label(
            str(score), exact=True
        ).check()
    if time_point.startswith("Baseline"):
        page.get_by_role("button", name="Save the measure").click()
        expect(page.get_by_role("alert").get_by_role("link")).to_contain_text("item 10 unanswered")
        assert page.title().startswith("Error: Edinburgh Postnatal Depression Scale")
        expect(
            page.get_by_role("group", name="Question 1", exact=True).get_by_label("3", exact=True)
        ).to_be_checked()
        hv.axe.check()
        page.get_by_role("group", name="Question 10", exact=True).get_by_label(
            str(scores[10]), exact=True
        ).check()
    page.get_by_role("button", name="Save the measure").click()
    assert hv.heading().startswith("Edinburgh Postnatal Depression Scale on")
    hv.axe.check()


def test_a_risk_answer_is_seen_and_acknowledged_and_the_change_is_shown(team):
    hv, psych = team["hv"], team["psych"]
    today = timezone.localdate()
    hv.sign_in(f"/families/{hv.family.pk}/")
    hv.axe.check()
    record_epds(hv, "Baseline (before)", today - datetime.timedelta(days=70), BASELINE)
    expect(hv.page.get_by_text("A risk item was answered above zero")).to_be_visible()
    assert MeasureAdministration.objects.get().total == 15

    psych.sign_in(f"/families/{psych.family.pk}/")
    page = psych.page
    expect(page.get_by_text("Risk item answered on an outcome measure")).to_be_visible()
    psych.axe.check()
    page.get_by_role("link", name="Acknowledge").click()
    psych.axe.check()
    page.get_by_label("What have you done about it?").fill("Phoned Zofia; GP appointment today; plan agreed")
    page.get_by_role("button", name="Acknowledge").click()
    psych.axe.check()
    mine = AlertRecipient.objects.get(user=psych.user)
    assert mine.acknowledged_at and mine.action_taken.startswith("Phoned Zofia")

    record_epds(hv, "End (after)", today, END)
    hv.page.get_by_role("link", name="Back to the family's outcomes").click()
    assert hv.heading() == "Outcome measures"
    pair = hv.page.get_by_role("table").first.get_by_role("row").nth(1)
    expect(pair).to_contain_text("Reliably improved")
    expect(pair.get_by_role("cell").nth(5)).to_have_text("-9")
    expect(hv.page.locator("svg.app-chart polyline")).to_have_count(1)
    hv.axe.check()
