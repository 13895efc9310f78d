"""The pages: booking, recording, completing, addenda; bad input; who may write; query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments import services
from assessments.models import AssessmentAddendum, InitialAssessment
from families.models import Alert
from team.roles import Role
from tests.assessments.conftest import COMPLETE, RISK_PLAN
from tests.conftest import sign_in
from tests.factories import HubFactory, UserFactory, family_with_people
from tests.pages import heading, title


def _form(fields: dict, action: str = "save") -> dict:
    data = {"action": action}
    for name, value in fields.items():
        data[name] = value if not isinstance(value, bool) else str(value)
    return data


def _book_data(world, **changes) -> dict:
    day = timezone.localdate() + datetime.timedelta(days=7)
    return {"day_0": day.day, "day_1": day.month, "day_2": day.year, "start": "14:30", "place": "home",
            "assessor": world.assessor.pk, **changes}


def test_booking_page_books_at_the_time_typed_in_london(world, client):
    family = family_with_people(key_worker=world.assessor)
    sign_in(client, world.assessor)
    response = client.get(f"/assessments/families/{family.pk}/book/")
    assert heading(response) == "Book an initial assessment"
    assert title(response).startswith("Book an initial assessment")
    response = client.post(f"/assessments/families/{family.pk}/book/", _book_data(world))
    booked = family.initial_assessments.get()
    assert response["Location"] == f"/assessments/{booked.pk}/"
    assert timezone.localtime(booked.booked_for).strftime("%H:%M") == "14:30"
    assert booked.booked_by == world.assessor


def test_booking_bad_input_is_named_and_kept(world, client):
    family = family_with_people(key_worker=world.assessor)
    sign_in(client, world.assessor)
    response = client.post(f"/assessments/families/{family.pk}/book/",
                           _book_data(world, start="half two", place="hub", day_1=""))
    page = response.content.decode()
    assert response.status_code == 200 and title(response).startswith("Error:")
    assert "Enter a time like 14:30" in page and "Choose the Family Hub" in page
    assert "Date must include a month" in page
    assert 'value="half two"' in page
    assert not family.initial_assessments.exists()


def test_saving_a_draft_and_coming_back(world, client):
    sign_in(client, world.assessor)
    url = f"/assessments/{world.assessment.pk}/edit/"
    assert heading(client.get(url)) == "Record the initial assessment"
    response = client.post(url, _form({"presenting_needs": "Low mood", "risk_self_harm": True}))
    assert response["Location"] == f"/assessments/{world.assessment.pk}/"
    assessment = world.refresh()
    assert assessment.presenting_needs == "Low mood" and assessment.risk_self_harm is True
    assert assessment.is_draft
    page = client.get(url).content.decode()
    assert "Low mood" in page


def test_complete_without_a_plan_names_the_field_and_keeps_the_answers(world, client):
    sign_in(client, world.assessor)
    fields = {**COMPLETE, "risk_self_harm": True, "recommended_interventions": "vig"}
    response = client.post(f"/assessments/{world.assessment.pk}/edit/", _form(fields, "complete"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter the plan for the risk of self-harm or suicide" in page
    assert COMPLETE["mental_health_history"] in page
    assert world.refresh().is_draft and not Alert.objects.exists()


def test_complete_and_lock_then_only_addenda(world, client, django_capture_on_commit_callbacks):
    sign_in(client, world.assessor)
    fields = {**COMPLETE, "risk_self_harm": True, "risk_self_harm_plan": RISK_PLAN,
              "recommended_interventions": "vig"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/assessments/{world.assessment.pk}/edit/", _form(fields, "complete"))
    assessment = world.refresh()
    assert assessment.locked and Alert.objects.count() == 1
    edit = client.post(f"/assessments/{assessment.pk}/edit/", _form({"presenting_needs": "changed"}))
    assert edit["Location"] == f"/assessments/{assessment.pk}/"
    assert world.refresh().presenting_needs == COMPLETE["presenting_needs"]
    empty = client.post(f"/assessments/{assessment.pk}/addenda/add/", {"text": "  "})
    assert "Enter the addendum" in empty.content.decode() and not AssessmentAddendum.objects.exists()
    client.post(f"/assessments/{assessment.pk}/addenda/add/", {"text": "Medication is 100mg"})
    page = client.get(f"/assessments/{assessment.pk}/").content.decode()
    assert "Completed and locked" in page and "Medication is 100mg" in page


WRITERS = {
    "assessor": True, "team_lead": True, "other_health_visitor": False, "psychologist": False,
    "admin_assistant": False, "piew_worker": False, "viewer": False, "partner": False,
}


def _writer(world, who):
    named = {"assessor": world.assessor, "team_lead": world.team_lead, "psychologist": world.psychologist}
    roles = {"other_health_visitor": Role.HEALTH_VISITOR, "admin_assistant": Role.ADMIN_ASSISTANT,
             "piew_worker": Role.PIEW_WORKER, "viewer": Role.VIEWER, "partner": Role.PARTNER}
    return named.get(who) or UserFactory(role=roles[who])


@pytest.mark.parametrize("who, allowed", WRITERS.items())
def test_who_may_record_the_draft(world, client, who, allowed):
    sign_in(client, _writer(world, who))
    page = client.post(f"/assessments/{world.assessment.pk}/edit/", _form({"presenting_needs": "x"}))
    api = client.patch(f"/api/v1/assessments/{world.assessment.pk}/", {"medication": "y"},
                       content_type="application/json")
    assessment = world.refresh()
    if allowed:
        assert page.status_code == 302 and api.status_code == 200
        assert (assessment.presenting_needs, assessment.medication) == ("x", "y")
    else:
        assert page.status_code == 404 and api.status_code == 404
        assert (assessment.presenting_needs, assessment.medication) == ("", "")
        assert assessment.history.count() == 1


BOOKERS = {"assessor": True, "team_lead": True, "other_health_visitor": False, "psychologist": False,
           "admin_assistant": False, "piew_worker": False, "viewer": False, "partner": False}


@pytest.mark.parametrize("who, allowed", BOOKERS.items())
def test_who_may_book(world, client, who, allowed):
    family = family_with_people(key_worker=world.assessor)
    sign_in(client, _writer(world, who))
    client.post(f"/assessments/families/{family.pk}/book/", _book_data(world))
    api = client.post("/api/v1/assessments/", {
        "family": family.pk, "assessor": world.assessor.pk, "place": "video",
        "booked_for": (timezone.now() + datetime.timedelta(days=2)).isoformat()},
        content_type="application/json")
    if allowed:
        assert family.initial_assessments.count() == 1  # the page booked; the API met the open draft
        assert api.status_code == 400
    else:
        assert api.status_code in (400, 404)
        assert not family.initial_assessments.exists()


def test_api_complete_and_addenda(world, client, django_capture_on_commit_callbacks):
    sign_in(client, world.assessor)
    url = f"/api/v1/assessments/{world.assessment.pk}/"
    refused = client.post(url + "complete/")
    assert refused.status_code == 400 and "presenting_needs" in refused.json()
    early = client.post(url + "addenda/", {"text": "early"}, content_type="application/json")
    assert early.status_code == 400
    client.patch(url, {**COMPLETE, "risk_self_harm": True, "risk_self_harm_plan": RISK_PLAN},
                 content_type="application/json")
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url + "complete/")
        again = client.post(url + "complete/")
    assert done.json()["status"] == again.json()["status"] == "completed"
    assert Alert.objects.count() == 1
    locked = client.patch(url, {"medication": "z"}, content_type="application/json")
    assert locked.status_code == 400 and "locked" in str(locked.json())
    added = client.post(url + "addenda/", {"text": "Correction"}, content_type="application/json")
    assert added.status_code == 201 and world.refresh().addenda.get().text == "Correction"


def test_api_bad_input_names_the_field(world, client):
    sign_in(client, world.assessor)
    response = client.patch(f"/api/v1/assessments/{world.assessment.pk}/",
                            {"recommended_interventions": ["reiki"]}, content_type="application/json")
    assert response.status_code == 400 and "recommended_interventions" in response.json()


def _queries(client, assessment) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/assessments/{assessment.pk}/").status_code == 200
    return len(queries)


def test_assessment_page_query_count_does_not_grow_with_addenda(world, client):
    services.assessment_save_draft(assessment=world.assessment, **COMPLETE)
    services.assessment_complete(assessment=world.assessment, by=world.assessor)
    sign_in(client, world.team_lead)
    services.assessment_addendum_add(assessment=world.assessment, author=world.assessor, text="one")
    few = _queries(client, world.assessment)
    for number in range(5):
        services.assessment_addendum_add(assessment=world.assessment, author=UserFactory(), text=f"{number}")
    assert _queries(client, world.assessment) == few


def test_hub_booking_shows_the_hub(world, client):
    hub = HubFactory(name="Ashby Family Hub")
    family = family_with_people(key_worker=world.assessor)
    sign_in(client, world.assessor)
    client.post(f"/assessments/families/{family.pk}/book/", _book_data(world, place="hub", hub=hub.pk))
    booked = InitialAssessment.objects.get(family=family)
    assert "At a Family Hub: Ashby Family Hub" in client.get(f"/assessments/{booked.pk}/").content.decode()
