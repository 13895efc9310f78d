"""The outcome measures API: the catalogue, recording with the score returned, and change results."""

import pytest
from django.utils import timezone

from assessments.outcome_models import MeasureAdministration
from families.models import Alert, FamilyAccessLog
from team.roles import Role
from tests.assessments.outcome_world import EPDS_ITEM_10, epds, measures_world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

URL = "/api/v1/measure-administrations/"


def _body(world, **overrides):
    return {
        "caregiver": world.mother.pk,
        "enrolment": world.enrolment.pk,
        "instrument": "EPDS",
        "time_point": "baseline",
        "completed_on": timezone.localdate().isoformat(),
        "method": "face_to_face",
        "answers": epds(14),
        **overrides,
    }


def test_the_catalogue_names_each_measure_and_hides_licensed_item_text(token_client, make_user):
    api = token_client(make_user(Role.HEALTH_VISITOR))
    catalogue = {row["code"]: row for row in api.get("/api/v1/measures/").json()}
    assert {"EPDS", "PHQ9", "GAD7", "WEMWBS", "SWEMWBS", "CORE10", "KPCS", "PRFQ", "PBQ", "GBO"} <= set(
        catalogue
    )
    epds_row = catalogue["EPDS"]
    assert (epds_row["items"], epds_row["cut_off"], epds_row["reliable_change"]) == (10, 13, 4.0)
    assert epds_row["item_text_allowed"] is False and all(o["text"] is None for o in epds_row["options"])
    assert epds_row["options"][2] == {
        "item": 3,
        "text": None,
        "labels": ["3", "2", "1", "0"],
        "scores": [3, 2, 1, 0],
    }
    phq = api.get("/api/v1/measures/phq9/").json()
    assert phq["options"][8]["text"].startswith("Thoughts that you would be better off dead")
    assert phq["risk_items"] == {"9": "self_harm_risk"}
    assert api.get("/api/v1/measures/NOPE/").status_code == 404


def test_recording_returns_the_score(measures_world, token_client):
    api = token_client(measures_world.key_worker)
    response = api.post(URL, _body(measures_world, answers=EPDS_ITEM_10), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["total"], data["band"], data["flags"]) == (2, "below threshold", ["self_harm_risk"])
    assert data["risk_alert"] == Alert.objects.get().pk
    row = MeasureAdministration.objects.get()
    assert (row.case, row.administered_by, row.answers) == (
        measures_world.case,
        measures_world.key_worker,
        EPDS_ITEM_10,
    )


def test_an_item_error_is_a_400_naming_the_item(measures_world, token_client):
    api = token_client(measures_world.key_worker)
    answers = epds(5)
    answers[4] = 9
    response = api.post(URL, _body(measures_world, answers=answers), format="json")
    assert response.status_code == 400
    assert response.json() == {"item_5": ["EPDS item 5: answer 9 is out of range; choose 0 to 3"]}
    response = api.post(
        URL, _body(measures_world, instrument="TOPSE", answers=None, total=999), format="json"
    )
    assert response.status_code == 400 and "outside the possible range" in response.json()["total"][0]
    assert not MeasureAdministration.objects.exists()


def test_change_results_for_a_pair(measures_world, token_client):
    measures_world.record("EPDS", "baseline", answers=epds(16), days_ago=60)
    end = measures_world.record("EPDS", "end", answers=epds(12))
    api = token_client(measures_world.psychologist)
    rows = api.get("/api/v1/measure-changes/").json()["results"]
    assert [
        (r["id"], r["baseline_total"], r["total"], r["change"], r["reliable"], r["clinically_significant"])
        for r in rows
    ] == [(end.pk, 16, 12, -4, "improved", True)]
    assert api.get(f"/api/v1/measure-changes/{end.pk}/").json()["change"] == -4
    assert FamilyAccessLog.objects.filter(page="API: outcome change").count() == 1


@pytest.mark.parametrize("role", [Role.ADMIN_ASSISTANT, Role.PARTNER, Role.VIEWER, Role.PIEW_WORKER])
def test_those_who_may_not_read_case_notes_get_nothing(measures_world, token_client, make_user, role):
    row = measures_world.record("EPDS", "baseline", answers=epds(16), days_ago=60)
    measures_world.record("EPDS", "end", answers=epds(12))
    api = token_client(make_user(role))
    assert api.get(URL).json()["results"] == []
    assert api.get(f"{URL}{row.pk}/").status_code == 404
    assert api.get("/api/v1/measure-changes/").json()["results"] == []
    response = api.post(URL, _body(measures_world, time_point="mid"), format="json")
    assert response.status_code in (400, 404)
    assert MeasureAdministration.objects.count() == 2


def test_anonymous_is_refused(measures_world, client):
    assert client.get(URL).status_code in (401, 403)
    assert client.get("/api/v1/measures/").status_code in (401, 403)


def test_list_and_retrieve_for_those_allowed(measures_world, token_client):
    row = measures_world.record("EPDS", "baseline", answers=epds(16))
    api = token_client(measures_world.team_lead)
    assert [r["id"] for r in api.get(URL).json()["results"]] == [row.pk]
    assert api.get(f"{URL}{row.pk}/").json()["answers"] == epds(16)
    assert FamilyAccessLog.objects.filter(page="API: outcome measure", user=measures_world.team_lead).exists()
