"""The catalogue in a browser: the team lead reads it, changes an intervention (first with a
mistake), and reads the log of overrides. axe-core checks every page on the way."""

import pytest

from interventions.models import Programme
from team.roles import Role
from tests.e2e.journeys import StaffMember
from tests.factories import staff_member

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def lead(browser, live_server, settings):
    settings.PIEW_MFA_REQUIRED = True
    user = staff_member(Role.TEAM_LEAD, username="helen", first_name="Helen", last_name="Marsh")
    member = StaffMember(browser, live_server, user)
    yield member
    member.close()


def test_the_team_lead_changes_the_catalogue(lead):
    page = lead.page
    lead.sign_in("/interventions/catalogue/")
    assert lead.heading() == "Interventions"
    lead.axe.check()
    page.get_by_role("link", name="Triple P Baby").click()
    assert lead.heading() == "Triple P Baby"
    lead.axe.check()
    page.get_by_role("link", name="Change Triple P Baby").click()
    assert lead.heading() == "Change Triple P Baby"
    lead.axe.check()
    page.get_by_label("Sessions attended to count as completed").fill("99")
    page.get_by_role("button", name="Save intervention").click()
    assert page.get_by_text("There is a problem").is_visible()
    lead.axe.check()
    page.get_by_label("Sessions attended to count as completed").fill("5")
    page.get_by_role("button", name="Save intervention").click()
    assert lead.heading() == "Triple P Baby"
    assert Programme.objects.get(code="triple_p_baby").minimum_attended == 5
    page.goto("/interventions/catalogue/overrides/")
    assert page.get_by_text("No decisions have been logged.").is_visible()
    lead.axe.check()
