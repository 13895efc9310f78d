"""The gap analysis on a known workforce: exact figures by competency and organisation, with
filters, on the page and in its chart."""

import re

import pytest

from team.models import Competency, Organisation
from team.roles import Role
from team.skills import selectors, services
from tests.factories import (
    AuditRoundFactory,
    HubFactory,
    OrganisationFactory,
    staff_member,
)
from tests.team.skills.conftest import all_levels, title

pytestmark = pytest.mark.django_db

NONE, ONE, TWO, THREE = 0, 1, 2, 3


@pytest.fixture
def known():
    """Three organisations, two hubs, and answers whose counts are worked out by hand below."""
    piew = OrganisationFactory(name="PIEW team", kind=Organisation.Kind.PIEW_TEAM)
    hub_service = OrganisationFactory(name="Family Hubs service", kind=Organisation.Kind.FAMILY_HUB)
    vcs = OrganisationFactory(name="First Steps Forward", kind=Organisation.Kind.VOLUNTARY)
    brigg, ashby = HubFactory(name="Brigg Family Hub"), HubFactory(name="Ashby Family Hub")
    sg = Competency.objects.get(name="Safeguarding children")
    vig = Competency.objects.get(name="Video Interaction Guidance (VIG)")
    lead = staff_member(Role.TEAM_LEAD, piew, brigg, username="lead")
    services.competency_targets_set(competency=sg, by=lead, targets={"": ONE, "piew_team": THREE,
                                                                     "family_hub": TWO})
    services.competency_targets_set(competency=vig, by=lead, targets={"piew_team": TWO})
    people = {
        "lead": lead,
        "hv": staff_member(Role.HEALTH_VISITOR, piew, brigg),
        "w1": staff_member(Role.PIEW_WORKER, piew, ashby),
        "w2": staff_member(Role.PIEW_WORKER, piew, ashby),  # does not answer
        "fh1": staff_member(Role.PARTNER, hub_service, brigg),
        "fh2": staff_member(Role.PARTNER, hub_service, ashby),
        "p1": staff_member(Role.PARTNER, vcs, ashby),
        "p2": staff_member(Role.PARTNER, vcs, ashby),  # does not answer
    }
    staff_member(Role.VIEWER, piew, brigg)  # viewers take no part
    staff_member(Role.PIEW_WORKER, piew, brigg, is_active=False)  # has left
    old = AuditRoundFactory(opened_by=lead, title="Autumn 2025")
    services.audit_response_submit(audit_round=old, person=people["w2"], levels=all_levels(NONE))
    services.audit_round_close(audit_round=old, by=lead)
    current = AuditRoundFactory(opened_by=lead, title="Spring 2026")
    answers = {"lead": (THREE, THREE), "hv": (THREE, NONE), "w1": (TWO, ONE), "fh1": (TWO, NONE),
               "fh2": (ONE, NONE), "p1": (NONE, NONE)}
    for name, (sg_level, vig_level) in answers.items():
        levels = all_levels(ONE, **{str(sg.pk): sg_level, str(vig.pk): vig_level})
        services.audit_response_submit(audit_round=current, person=people[name], levels=levels)
    return {"round": current, "old": old, "sg": sg, "vig": vig, "people": people, "piew": piew,
            "hub_service": hub_service, "vcs": vcs, "brigg": brigg}


def _rows(analysis, competency) -> dict[str, tuple]:
    return {row.organisation_name: (row.target_label, row.level_counts(), row.below, row.not_answered)
            for row in analysis.rows if row.competency == competency}


def test_the_figures_by_competency_and_organisation(known):
    analysis = selectors.gap_analysis(filters=selectors.GapFilter(audit_round=known["round"]))

    assert _rows(analysis, known["sg"]) == {
        "Family Hubs service": ("Level 2", [0, 1, 1, 0], 1, 0),
        "First Steps Forward": ("Level 1", [1, 0, 0, 0], 1, 1),
        "PIEW team": ("Level 3", [0, 0, 1, 2], 1, 1),
    }
    assert _rows(analysis, known["vig"]) == {
        "Family Hubs service": ("No target set", [2, 0, 0, 0], 0, 0),
        "First Steps Forward": ("No target set", [1, 0, 0, 0], 0, 1),
        "PIEW team": ("Accredited guider", [1, 1, 0, 1], 2, 1),
    }
    summary = {gap.competency.name: (gap.below, gap.answered_with_target) for gap in analysis.by_competency}
    assert summary["Safeguarding children"] == (3, 6)
    assert summary["Video Interaction Guidance (VIG)"] == (2, 3)
    assert summary["Triple P Baby"] == (0, 0)


def test_an_earlier_round_is_counted_on_its_own(known):
    analysis = selectors.gap_analysis(filters=selectors.GapFilter(audit_round=known["old"]))
    assert _rows(analysis, known["sg"]) == {
        "Family Hubs service": ("Level 2", [0, 0, 0, 0], 0, 2),
        "First Steps Forward": ("Level 1", [0, 0, 0, 0], 0, 2),
        "PIEW team": ("Level 3", [1, 0, 0, 0], 1, 3),
    }


def test_filtering_by_organisation(known):
    analysis = selectors.gap_analysis(filters=selectors.GapFilter(
        audit_round=known["round"], organisation=known["piew"]))
    assert _rows(analysis, known["sg"]) == {"PIEW team": ("Level 3", [0, 0, 1, 2], 1, 1)}


def test_filtering_by_hub(known):
    analysis = selectors.gap_analysis(filters=selectors.GapFilter(
        audit_round=known["round"], hub=known["brigg"]))
    assert _rows(analysis, known["sg"]) == {
        "Family Hubs service": ("Level 2", [0, 0, 1, 0], 0, 0),
        "PIEW team": ("Level 3", [0, 0, 0, 2], 0, 0),
    }


def test_filtering_by_role(known):
    analysis = selectors.gap_analysis(filters=selectors.GapFilter(
        audit_round=known["round"], role=Role.PARTNER.value))
    assert _rows(analysis, known["sg"]) == {
        "Family Hubs service": ("Level 2", [0, 1, 1, 0], 1, 0),
        "First Steps Forward": ("Level 1", [1, 0, 0, 0], 1, 1),
    }


def test_people_below_the_level_needed(known):
    below = selectors.people_below_target(competency=known["sg"], audit_round=known["round"])
    people = known["people"]
    assert {a.response.person for a in below} == {people["w1"], people["fh2"], people["p1"]}
    assert {(a.response.person, a.target) for a in below if a.response.person == people["w1"]} == {
        (people["w1"], THREE)}


def test_the_page_shows_the_chart_and_the_table(client_for, known):
    client = client_for(user=known["people"]["lead"])
    page = client.get("/skills/gaps/").content.decode()

    assert title(client.get("/skills/gaps/")) == "Gap analysis – PIEW case manager"
    chart = re.search(r'<ul class="app-bar-chart__list".*?</ul>', page, flags=re.S).group(0)
    safeguarding = re.search(r"Safeguarding children</span>.*?</li>", chart, flags=re.S).group(0)
    assert "app-bar-chart__bar--50" in safeguarding and "3 of 6" in safeguarding
    vig = re.search(r"Video Interaction Guidance \(VIG\)</span>.*?</li>", chart, flags=re.S).group(0)
    assert "app-bar-chart__bar--65" in vig and "2 of 3" in vig
    assert 'style="' not in page
    summary = re.search(r'<table class="govuk-table" id="gap-summary">.*?</table>', page, flags=re.S).group(0)
    row = re.search(r"Safeguarding children</th>(.*?)</tr>", summary, flags=re.S).group(1)
    assert re.findall(r"numeric\">(\d+)</td>", row) == ["6", "3"]
    assert f'/skills/plan/new/?competency={known["sg"].pk}' in row


def test_a_filter_that_is_not_in_the_list_is_answered_on_the_page(client_for, known):
    client = client_for(user=known["people"]["lead"])
    response = client.get("/skills/gaps/?organisation=999999")
    page = response.content.decode()
    assert response.status_code == 200
    assert title(response).startswith("Error: Gap analysis")
    assert "Select an organisation from the list" in page


def test_no_round_yet(client_for):
    client = client_for(Role.TEAM_LEAD)
    page = client.get("/skills/gaps/").content.decode()
    assert "There are no answers to show yet" in page


def test_a_competency_not_needed_in_an_organisation(known):
    services.competency_targets_set(competency=known["sg"], by=known["people"]["lead"],
                                    targets={"voluntary": NONE})
    analysis = selectors.gap_analysis(filters=selectors.GapFilter(
        audit_round=known["round"], organisation=known["vcs"]))
    assert _rows(analysis, known["sg"]) == {"First Steps Forward": ("Not needed", [1, 0, 0, 0], 0, 1)}
    summary = next(gap for gap in analysis.by_competency if gap.competency == known["sg"])
    assert (summary.below, summary.answered_with_target) == (0, 0)
