"""The team lead runs a Triple P Baby group for four families and keeps its register: she sets the
run up at a Family Hub (after a mistake the form keeps what she typed), adds the four families
waiting for a group place, and after the first session records who came (one family did not, a
father came with one mother) and sees the attendance on the run's page. axe-core checks every page.
"""

import datetime

import pytest
from playwright.sync_api import expect

from interventions.models import GroupRun, Session
from team.roles import Role
from tests.e2e.journeys import StaffMember
from tests.factories import HubFactory, UserFactory
from tests.interventions.conftest import consenting_case, enrolled, qualify
from tests.interventions.groups_helpers import at

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def helen(browser, live_server):
    lead = UserFactory(username="helen", first_name="Helen", last_name="Marsh", role=Role.TEAM_LEAD)
    qualify(lead, "triple_p_baby")
    UserFactory(username="amy", first_name="Amy", last_name="Fletcher", role=Role.PIEW_WORKER)
    HubFactory(name="Ashby Family Hub")
    member = StaffMember(browser, live_server, lead)
    yield member
    member.close()


def four_families_waiting(lead, key_worker) -> list[str]:
    """Four consenting families enrolled in Triple P Baby as a group; the second with a father."""
    references = []
    for number in range(4):
        case = consenting_case(key_worker=key_worker, with_father=number == 1)
        enrolled(case=case, code="triple_p_baby", practitioner=lead)
        references.append(case.family.reference)
    return references


def the_first_session_has_happened(run: GroupRun) -> None:
    """Two days pass: the run's sessions and their registers move two days back."""
    shift = datetime.timedelta(days=2)
    for group_session in run.sessions.all():
        group_session.starts_at -= shift
        group_session.save()
        Session.objects.filter(group_session=group_session).update(starts_at=group_session.starts_at)
    GroupRun.objects.filter(pk=run.pk).update(starts_on=run.starts_on - shift, ends_on=run.ends_on - shift)


def set_up_the_run(helen: StaffMember, first: datetime.date) -> None:
    page = helen.page
    page.get_by_role("button", name="Set up a group run").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up a group run")
    helen.axe.check()
    page.get_by_label("Triple P Baby", exact=True).check()
    page.get_by_label("Name of the run").fill("Triple P Baby, Ashby")
    page.get_by_label("Family Hub where the group meets").select_option(label="Ashby Family Hub")
    helen.fill_date("Date of the first session", first)
    page.get_by_label("Time").fill("10:00")
    page.get_by_label("Number of weekly sessions").fill("4")
    page.get_by_label("Length in minutes (optional)").fill("120")
    page.get_by_label("Helen Marsh (Team lead)").check()
    page.get_by_role("button", name="Set up the run").click()
    expect(page.get_by_role("alert").get_by_role("link")).to_have_text("Enter the number of places")
    assert page.title().startswith("Error: Set up a group run")
    expect(page.get_by_label("Name of the run")).to_have_value("Triple P Baby, Ashby")
    helen.axe.check()
    page.get_by_label("Places").fill("4")
    page.get_by_role("button", name="Set up the run").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Triple P Baby, Ashby")
    helen.axe.check()


def record_the_register(helen: StaffMember, references: list[str]) -> None:
    page = helen.page

    def family(reference: str):
        return page.get_by_role("group", name=reference)

    family(references[0]).get_by_label("Attended", exact=True).check()
    family(references[0]).get_by_label("Mother", exact=True).check()
    family(references[1]).get_by_label("Attended", exact=True).check()
    family(references[1]).get_by_label("Mother", exact=True).check()
    family(references[1]).get_by_label("Father", exact=True).check()
    family(references[2]).get_by_label("Did not attend", exact=True).check()
    family(references[3]).get_by_label("Attended", exact=True).check()
    page.get_by_role("button", name="Save the register").click()
    expect(page.get_by_role("alert").get_by_role("link")).to_have_text(
        "Choose who attended: mother, father or other carer")
    expect(family(references[1]).get_by_label("Father", exact=True)).to_be_checked()
    helen.axe.check()
    family(references[3]).get_by_label("Mother", exact=True).check()
    page.get_by_role("button", name="Save the register").click()


def test_the_team_lead_runs_a_triple_p_baby_group_and_keeps_its_register(helen):
    from team.models import User
    references = four_families_waiting(helen.user, User.objects.get(username="amy"))
    page = helen.page
    helen.sign_in("/interventions/groups/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Group programmes")
    helen.axe.check()
    set_up_the_run(helen, at(1).date())

    for reference in references:
        page.get_by_role("button", name=f"Add to this run {reference}").click()
        expect(page.get_by_text(f"{reference} has a place on this run")).to_be_visible()
        helen.axe.check()
    expect(page.locator("#places")).to_have_text("4 of 4 taken")

    the_first_session_has_happened(GroupRun.objects.get())
    page.reload()
    page.get_by_role("link", name="Register for session 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register for session 1")
    helen.axe.check()
    record_the_register(helen, references)

    expect(page.get_by_text("Register saved for session 1")).to_be_visible()
    expect(page.locator("#sessions tbody tr").first).to_contain_text("3 of 4 families attended")
    placed = page.locator("#placed tbody tr")
    expect(placed.filter(has_text=references[2])).to_contain_text("0 of 1 recorded")
    expect(placed.filter(has_text=references[1])).to_contain_text("1 of 1 recorded")
    helen.axe.check()
    father_came = Session.objects.get(group_session__number=1,
                                      enrolment__case__family__pk=int(references[1][5:]))
    assert (father_came.mother_attended, father_came.father_attended) == (True, True)
    assert len(helen.axe.checked) >= 10
