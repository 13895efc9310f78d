"""A parent completes a public-domain measure on their phone from a one-time link."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments import outcomes
from assessments.outcome_models import MeasureAdministration, MeasureRequest
from assessments.outcome_tasks import send_measure_request
from families.models import Alert, OneTimeLink
from tests.assessments.outcome_world import measures_world_fixture, phq9  # noqa: F401
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def _send(world, django_capture_on_commit_callbacks, instrument="PHQ9"):
    with django_capture_on_commit_callbacks(execute=True):
        outcomes.measure_request_send(
            caregiver=world.mother,
            case=world.case,
            enrolment=world.enrolment,
            instrument=instrument,
            time_point="baseline",
            by=world.key_worker,
        )
    return re.search(r"http://\S+/measures/(\S+)/", mail.outbox[-1].body).group(1)


def test_the_parent_gets_one_link_and_the_token_is_not_stored(
    measures_world, django_capture_on_commit_callbacks
):
    token = _send(measures_world, django_capture_on_commit_callbacks)
    row = MeasureRequest.objects.get()
    assert mail.outbox[0].to == [measures_world.mother.email]
    assert row.link.purpose == OneTimeLink.Purpose.MEASURE and token not in row.link.token_hash
    assert send_measure_request(row.pk) is False and len(mail.outbox) == 1


def test_a_licensed_measure_cannot_be_sent(measures_world):
    with pytest.raises(ValidationError) as error:
        outcomes.measure_request_send(
            caregiver=measures_world.mother,
            case=measures_world.case,
            instrument="EPDS",
            time_point="baseline",
            by=measures_world.key_worker,
        )
    assert "cannot be completed online" in error.value.message_dict["instrument"][0]


def test_the_parent_answers_once_and_a_risk_item_raises_the_alert(
    measures_world, client, django_capture_on_commit_callbacks
):
    token = _send(measures_world, django_capture_on_commit_callbacks)
    url = reverse("measures:form", args=[token])
    page = client.get(url).content.decode()
    assert "Question 9: Thoughts that you would be better off dead" in page
    answers = {f"item_{n}": str(a) for n, a in enumerate([*phq9(12)[:8], 1], start=1)}
    del answers["item_3"]
    response = client.post(url, answers)
    assert "PHQ9: item 3 unanswered" in response.content.decode()
    assert not MeasureAdministration.objects.exists()
    answers["item_3"] = "0"
    response = client.post(url, answers)
    assert response.status_code == 302
    assert "Thank you" in client.get(url).content.decode()
    row = MeasureAdministration.objects.get()
    assert (row.method, row.administered_by, row.total, row.flags) == ("online", None, 10, ["self_harm_risk"])
    assert Alert.objects.count() == 1
    other = client_for_new_session(client)
    assert other.get(url).status_code == 404
    assert other.post(url, answers).status_code == 404
    assert MeasureAdministration.objects.count() == 1


def client_for_new_session(client):
    client.cookies.clear()
    return client


def test_a_wrong_token_gets_the_neutral_page(client):
    response = client.get(reverse("measures:form", args=["x" * 43]))
    assert (
        response.status_code == 404 and "This questionnaire link cannot be used" in response.content.decode()
    )


def test_staff_send_the_link_from_the_family(measures_world, client, django_capture_on_commit_callbacks):
    sign_in(client, measures_world.key_worker)
    url = reverse("assessments:measure-send", args=[measures_world.family.pk])
    assert "Generalised Anxiety Disorder" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "caregiver": measures_world.mother.pk,
                "instrument": "GAD7",
                "time_point": "end",
                "enrolment": measures_world.enrolment.pk,
            },
        )
    assert response.status_code == 302
    assert MeasureRequest.objects.get().instrument == "GAD7" and len(mail.outbox) == 1


def test_a_link_for_an_intervention_the_parent_is_not_in_is_refused(measures_world, client):
    father = measures_world.case.family.caregivers.get(relationship="father")
    measures_world.enrolment.caregivers.remove(father)
    sign_in(client, measures_world.key_worker)
    url = reverse("assessments:measure-send", args=[measures_world.family.pk])
    response = client.post(url, {"caregiver": father.pk, "instrument": "GAD7", "time_point": "end",
                                 "enrolment": measures_world.enrolment.pk})
    assert response.status_code == 200
    assert f"{father.full_name} is not enrolled in Video Interaction Guidance" in response.content.decode()
    assert not MeasureRequest.objects.exists() and not mail.outbox
