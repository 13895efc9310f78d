"""In a browser: the team lead reads the attendance rates (and mistypes a date) and the case
weights; a PIEW worker sees a reminder on "My caseload". axe-core checks every page."""

import pytest
from django.utils import timezone

from interventions import services
from interventions.models import Reminder, Session
from team.roles import Role
from tests.e2e.journeys import StaffMember
from tests.factories import staff_member
from tests.interventions.conftest import consenting_case, enrolled, past

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people(browser, live_server, settings):
    settings.PIEW_MFA_REQUIRED = True
    lead = StaffMember(browser, live_server, staff_member(Role.TEAM_LEAD, username="helen"))
    worker = StaffMember(browser, live_server, staff_member(Role.PIEW_WORKER, username="amy"))
    yield lead, worker
    lead.close()
    worker.close()


def test_attendance_rates_weights_and_the_task_list(people):
    lead, worker = people
    case = consenting_case(key_worker=worker.user, with_father=True)
    enrolment = enrolled(case=case, code="watch_wait_wonder", practitioner=worker.user)
    for days, attendance, who in [(9, "attended", ["mother", "father"]), (2, "did_not_attend", [])]:
        session = services.session_book(enrolment=enrolment, by=worker.user, starts_at=past(days),
                                        mode="home")
        services.attendance_record(session=session, by=worker.user, attendance=attendance, who=who)
    missing = services.session_book(enrolment=enrolment, by=worker.user, starts_at=past(4), mode="home")
    Reminder.objects.create(kind=Reminder.Kind.ATTENDANCE_MISSING, practitioner=worker.user,
                            enrolment=enrolment, session=missing, raised_on=timezone.localdate())
    assert Session.objects.count() == 3

    page = lead.page
    lead.sign_in("/caseloads/team/")
    page.get_by_role("link", name="See attendance rates by intervention").click()
    assert lead.heading() == "Attendance rates"
    assert page.locator("#by-intervention").get_by_text("50%").first.is_visible()
    lead.axe.check()
    lead.page.get_by_role("group", name="From").get_by_label("Day").fill("31")
    lead.page.get_by_role("group", name="From").get_by_label("Month").fill("2")
    lead.page.get_by_role("group", name="From").get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Show the figures").click()
    assert page.get_by_text("There is a problem").is_visible()
    lead.axe.check()
    page.goto("/caseloads/weights/")
    assert lead.heading() == "Case weights"
    lead.axe.check()

    worker.sign_in("/caseloads/")
    assert worker.heading() == "My caseload"
    assert worker.page.locator("#tasks").get_by_text("Attendance not recorded").is_visible()
    worker.axe.check()
