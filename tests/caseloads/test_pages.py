"""The caseload pages: who may use them (nothing changes after a refusal) and bad input."""

import pytest

from caseloads.models import Allocation, CasePlan
from families.models import Case
from interventions.models import Programme
from team.roles import Role
from tests.caseloads.conftest import assessed_case, practitioner

pytestmark = pytest.mark.django_db

LEAD_PAGES = ["/caseloads/team/", "/caseloads/waiting/", "/caseloads/weights/", "/caseloads/reassign/"]


@pytest.mark.parametrize("path", LEAD_PAGES)
@pytest.mark.parametrize("role, status", [
    (Role.HEALTH_VISITOR, 403), (Role.PIEW_WORKER, 403), (Role.ADMIN_ASSISTANT, 403),
    (Role.CLINICAL_PSYCHOLOGIST, 403), (Role.PARTNER, 403), (Role.VIEWER, 403), (Role.TEAM_LEAD, 200),
])
def test_team_lead_pages(client_for, path, role, status):
    assert client_for(role).get(path).status_code == status


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get("/caseloads/team/")
    assert response.status_code == 302 and "/caseloads/team/" in response["Location"]


@pytest.mark.parametrize("role, status", [
    (Role.HEALTH_VISITOR, 200), (Role.PIEW_WORKER, 200), (Role.TEAM_LEAD, 403), (Role.ADMIN_ASSISTANT, 403),
])
def test_my_caseload_is_for_practitioners(client_for, role, status):
    assert client_for(role).get("/caseloads/").status_code == status


def test_my_caseload_shows_only_my_cases(client_for, health_visitor):
    mine = assessed_case(key_worker=health_visitor)
    theirs = assessed_case(key_worker=practitioner(Role.HEALTH_VISITOR, "other"))
    page = client_for(user=health_visitor).get("/caseloads/").content.decode()
    assert mine.family.reference in page and theirs.family.reference not in page


@pytest.mark.parametrize("who, status", [
    ("admin", 403), ("own_key_worker", 403), ("other_practitioner", 404), ("partner", 404),
])
def test_allocate_and_close_refused_and_nothing_changes(client_for, health_visitor, who, status):
    case = assessed_case(key_worker=health_visitor)
    users = {"admin": practitioner(Role.ADMIN_ASSISTANT, "admin"), "own_key_worker": health_visitor,
             "other_practitioner": practitioner(Role.PIEW_WORKER, "p2"),
             "partner": practitioner(Role.PARTNER, "partner")}
    client = client_for(user=users[who])
    other = practitioner(Role.HEALTH_VISITOR, "hv2")
    response = client.post(f"/caseloads/cases/{case.pk}/allocate/", {"key_worker": other.pk})
    assert response.status_code == status
    assert client.post(f"/caseloads/cases/{case.pk}/close/", {"reason": "completed"}).status_code == status
    case.refresh_from_db()
    assert (case.key_worker, case.closed_at) == (health_visitor, None)
    assert not Allocation.objects.exists()


def test_reassign_and_weights_refused_for_a_practitioner(client_for, health_visitor):
    case = assessed_case(key_worker=health_visitor)
    other = practitioner(Role.HEALTH_VISITOR, "hv2")
    client = client_for(user=health_visitor)
    response = client.post("/caseloads/reassign/", {"from": health_visitor.pk, "cases": [case.pk],
                                                    "to": other.pk, "reason": "Leave"})
    assert response.status_code == 403
    assert client.get("/caseloads/weights/").status_code == 403
    assert Case.objects.get(pk=case.pk).key_worker == health_visitor


def test_allocate_a_piew_worker_without_consent_shows_the_message(client_for, team_lead, piew_worker):
    case = assessed_case()
    response = client_for(user=team_lead).post(f"/caseloads/cases/{case.pk}/allocate/",
                                               {"key_worker": piew_worker.pk, "note": "Needs VIG"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Allocate a key worker" in page
    assert "has not given consent to share with the multidisciplinary team" in page
    assert "Needs VIG" in page  # what the team lead typed is kept
    assert Case.objects.get(pk=case.pk).key_worker is None


def test_allocate_a_health_visitor(client_for, team_lead, health_visitor):
    case = assessed_case()
    response = client_for(user=team_lead).post(f"/caseloads/cases/{case.pk}/allocate/",
                                               {"key_worker": health_visitor.pk})
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).key_worker == health_visitor


def test_reassign_page_moves_the_chosen_cases(client_for, team_lead, health_visitor):
    leaving = practitioner(Role.HEALTH_VISITOR, "leaving")
    chosen, kept = assessed_case(key_worker=leaving), assessed_case(key_worker=leaving)
    client = client_for(user=team_lead)
    assert chosen.family.reference in client.get(f"/caseloads/reassign/?from={leaving.pk}").content.decode()
    response = client.post("/caseloads/reassign/", {"from": leaving.pk, "cases": [chosen.pk],
                                                    "to": health_visitor.pk, "reason": "On leave"})
    assert response.status_code == 302
    assert Case.objects.get(pk=chosen.pk).key_worker == health_visitor
    assert Case.objects.get(pk=kept.pk).key_worker == leaving
    assert Allocation.objects.get().note == "On leave"


def test_reassign_without_a_reason_keeps_the_choices(client_for, team_lead, health_visitor):
    leaving = practitioner(Role.HEALTH_VISITOR, "leaving")
    case = assessed_case(key_worker=leaving)
    response = client_for(user=team_lead).post("/caseloads/reassign/", {
        "from": leaving.pk, "cases": [case.pk], "to": health_visitor.pk, "reason": ""})
    page = response.content.decode()
    assert "<title>Error: Reassign cases" in page and "Enter the reason for the reassignment" in page
    assert " ".join(page.split()).count('checked="checked"') == 1  # the chosen case stays ticked
    assert Case.objects.get(pk=case.pk).key_worker == leaving


def test_close_needs_a_reason(client_for, team_lead):
    case = assessed_case()
    page = client_for(user=team_lead).post(f"/caseloads/cases/{case.pk}/close/",
                                           {"note": "Family moved"}).content.decode()
    assert "Choose why the case is closing" in page and "Family moved" in page
    assert Case.objects.get(pk=case.pk).closed_at is None


def test_weights_page_shows_the_catalogue_weights(client_for, team_lead):
    Programme.objects.filter(code="peer_support").update(active=False, caseload_weight=4)
    response = client_for(user=team_lead).get("/caseloads/weights/")
    page = " ".join(response.content.decode().split())
    assert "<title>Case weights" in page
    numeric = '<td class="govuk-table__cell govuk-table__cell--numeric">'
    assert f"Video Interaction Guidance</th> {numeric}3</td>" in page
    assert "Peer support <strong class=\"govuk-tag govuk-tag--grey\">No longer offered</strong></th> <td " \
           "class=\"govuk-table__cell govuk-table__cell--numeric\">4</td>" in page
    assert 'href="/interventions/catalogue/"' in page
    assert "<form" not in page.split("<main", 1)[1]  # changed in the catalogue, not here


def test_next_action_from_my_caseload(client_for, health_visitor):
    case = assessed_case(key_worker=health_visitor)
    client = client_for(user=health_visitor)
    response = client.post(f"/caseloads/cases/{case.pk}/next-action/",
                           {"next_action": "Book VIG", "due_0": "31", "due_1": "2", "due_2": "2026"})
    page = response.content.decode()
    assert "Enter a real date" in page and 'value="Book VIG"' in page
    response = client.post(f"/caseloads/cases/{case.pk}/next-action/",
                           {"next_action": "Book VIG", "due_0": "3", "due_1": "3", "due_2": "2026"})
    assert response.status_code == 302
    assert "3 March 2026" in client.get("/caseloads/").content.decode()
    assert CasePlan.objects.get(case=case).next_action == "Book VIG"


def test_family_page_offers_allocation_to_the_team_lead_only(client_for, team_lead, health_visitor):
    case = assessed_case()
    assert f"/caseloads/cases/{case.pk}/allocate/" in client_for(user=team_lead).get(
        f"/families/{case.family_id}/").content.decode()


def test_case_pages_render_for_their_users(client_for, team_lead, health_visitor):
    case = assessed_case(key_worker=health_visitor)
    lead = client_for(user=team_lead)
    for path, heading in [(f"/caseloads/cases/{case.pk}/allocate/", "Allocate a key worker"),
                          (f"/caseloads/cases/{case.pk}/close/", "Close the case")]:
        page = lead.get(path).content.decode()
        assert f'<h1 class="govuk-heading-l">{heading}</h1>' in page and "<title>Error" not in page
    page = client_for(user=health_visitor).get(f"/caseloads/cases/{case.pk}/next-action/").content.decode()
    assert '<h1 class="govuk-heading-l">Set the next action</h1>' in page


def test_the_team_leads_pages_lead_to_attendance_outcomes_and_feedback(client_for):
    page = client_for(Role.TEAM_LEAD).get("/caseloads/team/").content.decode()
    for path in ("/interventions/catalogue/", "/interventions/attendance/", "/assessments/measures/summary/",
                 "/feedback/results/"):
        assert f'href="{path}"' in page
