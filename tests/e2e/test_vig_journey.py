"""A PIEW worker enrols the family on her caseload in Video Interaction Guidance, books and
records three cycles of filming and shared review (the family misses one filming, which is
booked again), records the last cycle from her diary, and completes the enrolment. axe-core
checks every page."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from interventions.models import Enrolment, Session
from team.roles import Role
from tests.e2e.journeys import StaffMember
from tests.factories import CaregiverFactory, ChildFactory, FamilyFactory, UserFactory
from tests.interventions.conftest import consent, qualify

# The catalogue is seeded by a migration; tests/conftest.py seeds it again after a flush.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def amy(browser, live_server):
    from tests.factories import CaseFactory

    user = UserFactory(username="amy", first_name="Amy", last_name="Fletcher", role=Role.PIEW_WORKER)
    qualify(user, "vig")
    family = FamilyFactory(postcode="DN16 1QA")
    for first_name, relationship in [("Zofia", "mother"), ("Piotr", "father")]:
        caregiver = CaregiverFactory(family=family, first_name=first_name, last_name="Nowak",
                                     relationship=relationship)
        for purpose in ("taking_part", "mdt_sharing"):
            consent(caregiver, purpose, user)
    ChildFactory(family=family, first_name="Lena", last_name="Nowak")
    CaseFactory(family=family, key_worker=user)
    worker = StaffMember(browser, live_server, user)
    worker.family = family
    yield worker
    worker.close()


def last_monday() -> datetime.date:
    today = timezone.localdate()
    return today - datetime.timedelta(days=today.weekday() + 7)


def enrol_in_vig(amy: StaffMember) -> None:
    page = amy.page
    page.get_by_role("link", name="Interventions").click()
    assert amy.heading() == "Interventions"
    amy.axe.check()
    page.get_by_role("link", name="Enrol in an intervention").click()
    assert amy.heading() == "Enrol in an intervention"
    amy.axe.check()
    page.get_by_role("group", name="Which intervention?").get_by_label("Video Interaction Guidance").check()
    page.get_by_role("group", name="How will it be delivered?").get_by_label("One-to-one").check()
    page.get_by_label("The family's goals, in their own words (optional)").fill(
        "Zofia: to feel I know what Lena needs. Piotr: to play with her without the phone.")
    page.get_by_role("button", name="Enrol the family").click()

    expect(page.get_by_role("alert").get_by_role("link")).to_have_text(
        "Choose the parents or carers taking part")
    assert page.title().startswith("Error: Enrol in an intervention")
    expect(page.get_by_label("The family's goals, in their own words (optional)")).to_contain_text("Piotr")
    amy.axe.check()
    group = page.get_by_role("group", name="Which parents or carers are taking part?")
    group.get_by_label("Zofia Nowak (mother)").check()
    group.get_by_label("Piotr Nowak (father)").check()
    page.get_by_role("button", name="Enrol the family").click()
    assert amy.heading() == "Video Interaction Guidance"
    amy.axe.check()


def book(amy: StaffMember, when: datetime.datetime, kind: str, cycle: int) -> None:
    page = amy.page
    page.get_by_role("link", name="Book a session").click()
    assert amy.heading() == "Book a session"
    amy.axe.check()
    amy.fill_date("Date", when.date())
    page.get_by_label("Time").fill(when.strftime("%H:%M"))
    page.get_by_role("group", name="Where or how").get_by_label("At home").check()
    page.get_by_label("Kind of session").select_option(label=kind)
    page.get_by_label("Cycle").fill(str(cycle))
    page.get_by_role("button", name="Book the session").click()
    assert amy.heading() == "Video Interaction Guidance"
    expect(page.get_by_role("alert")).to_contain_text("Session booked for")
    amy.axe.check()


def record(amy: StaffMember, when: datetime.datetime, attendance: str, who=()) -> None:
    page = amy.page
    page.get_by_role("link", name=f"Record attendance for {when:%-d %B %Y} at {when:%H:%M}").click()
    assert amy.heading() == "Record attendance"
    amy.axe.check()
    page.get_by_role("group", name="Did the family attend?").get_by_label(attendance, exact=True).check()
    for person in who:
        page.get_by_role("group", name="Who attended?").get_by_label(person, exact=True).check()
    if attendance == "Attended":
        page.get_by_label("Length in minutes (optional)").fill("60")
        page.get_by_label("Notes (optional)").fill("Lena turned to Zofia's voice; Zofia noticed and smiled.")
    page.get_by_role("button", name="Save attendance").click()
    assert amy.heading() == "Video Interaction Guidance"
    amy.axe.check()


def two_cycles_with_a_missed_filming(amy: StaffMember, start: datetime.date) -> None:
    def day(offset: int, hour: int = 10) -> datetime.datetime:
        return datetime.datetime.combine(start + datetime.timedelta(days=offset), datetime.time(hour))

    plan = [(day(0), "Filming", 1, "Attended", ["Mother"]),
            (day(3), "Shared review", 1, "Attended", ["Mother", "Father"]),
            (day(5), "Filming", 2, "Did not attend", []),
            (day(6, 14), "Filming", 2, "Attended", ["Mother"]),
            (day(9), "Shared review", 2, "Attended", ["Mother", "Father"])]
    for when, kind, cycle, _, _ in plan:
        book(amy, when, kind, cycle)
    for when, _, _, attendance, who in plan:
        record(amy, when, attendance, who)


def third_cycle_from_the_diary(amy: StaffMember, monday: datetime.date) -> None:
    page = amy.page
    filming = datetime.datetime.combine(monday + datetime.timedelta(days=1), datetime.time(10))
    review = datetime.datetime.combine(monday + datetime.timedelta(days=3), datetime.time(11, 30))
    book(amy, filming, "Filming", 3)
    book(amy, review, "Shared review", 3)

    page.get_by_role("link", name="My diary").click()
    assert amy.heading() == "My diary"
    amy.axe.check()
    page.get_by_role("link", name="Previous week").click()
    assert amy.heading() == "My diary"
    amy.axe.check()
    film_row = page.get_by_role("group", name=re.compile(r"Filming \(cycle 3\)"))
    review_row = page.get_by_role("group", name=re.compile(r"Shared review \(cycle 3\)"))
    film_row.get_by_label("Attendance").select_option(label="Attended")
    review_row.get_by_label("Attendance").select_option(label="Attended")
    review_row.get_by_label("Father").check()
    page.get_by_role("button", name="Save attendance").click()

    assert page.title().startswith("Error: My diary")
    expect(page.get_by_role("alert").get_by_role("link")).to_contain_text(
        "Choose who attended: mother, father or other carer")
    amy.axe.check()
    film_row.get_by_label("Mother").check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_role("alert")).to_contain_text("Attendance recorded for 2 sessions")
    amy.axe.check()


def complete(amy: StaffMember) -> None:
    page = amy.page
    page.get_by_role("link", name="Complete or end the enrolment").click()
    assert amy.heading() == "Complete or end the enrolment"
    amy.axe.check()
    page.get_by_role("group", name="How did it end?").get_by_label("Completed").check()
    page.get_by_label("About the ending (optional)").fill("Three cycles; both parents at the last review.")
    page.get_by_role("button", name="End the enrolment").click()
    assert amy.heading() == "Video Interaction Guidance"
    expect(page.get_by_text("Completed", exact=True).first).to_be_visible()
    amy.axe.check()


def test_piew_worker_delivers_video_interaction_guidance(amy):
    family = amy.family
    monday = last_monday()
    amy.sign_in(f"/families/{family.pk}/")
    assert amy.heading() == f"Family {family.reference}"
    amy.axe.check()
    enrol_in_vig(amy)

    two_cycles_with_a_missed_filming(amy, monday - datetime.timedelta(days=21))
    assert amy.page.get_by_text("4 of 4 attended sessions needed").is_visible()
    third_cycle_from_the_diary(amy, monday)
    amy.page.get_by_role("link", name=family.reference).first.click()
    assert amy.heading() == "Video Interaction Guidance"
    assert amy.page.get_by_text("6 of 4 attended sessions needed").is_visible()
    amy.axe.check()
    complete(amy)

    enrolment = Enrolment.objects.get()
    assert enrolment.status == Enrolment.Status.COMPLETED
    sessions = enrolment.sessions.order_by("starts_at")
    assert [s.cycle for s in sessions] == [1, 1, 2, 2, 2, 3, 3]
    assert sessions.filter(attendance=Session.Attendance.DID_NOT_ATTEND).count() == 1
    assert set(enrolment.caregivers.values_list("first_name", flat=True)) == {"Zofia", "Piotr"}
    assert len(amy.axe.checked) >= 30
