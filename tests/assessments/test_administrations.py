"""Recording an outcome measure: the score stored as score() returns it, and item-level errors."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments import measures
from assessments.outcome_models import MeasureAdministration
from families.models import FamilyAccessLog
from team.roles import Role
from tests.assessments.outcome_world import EPDS_ZERO, epds, measures_world_fixture, phq9  # noqa: F401
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def test_item_answers_are_stored_with_the_score_that_score_returns(measures_world):
    answers = epds(14)
    row = measures_world.record("EPDS", "baseline", answers=answers)
    expected = measures.score("EPDS", answers)
    row.refresh_from_db()
    assert row.answers == answers
    assert (row.total, row.band, row.subscales, row.flags) == (
        expected.total,
        expected.band,
        expected.subscales,
        list(expected.flags),
    )
    assert row.total == 14 and row.band == "probable depression"
    assert row.history.count() == 1


def test_a_totals_only_measure_stores_the_total_and_checks_its_range(measures_world):
    row = measures_world.record("PIRGAS", "baseline", total=35)
    assert (row.answers, row.total, row.band) == ([], 35, "significantly disturbed")
    with pytest.raises(ValidationError) as error:
        measures_world.record("TOPSE", "baseline", total=481)
    assert "outside the possible range 0 to 480" in error.value.message_dict["total"][0]


def test_an_answer_out_of_range_names_the_item(measures_world):
    answers = list(EPDS_ZERO)
    answers[2] = 7
    with pytest.raises(ValidationError) as error:
        measures_world.record("EPDS", "baseline", answers=answers)
    assert error.value.message_dict == {"item_3": ["EPDS item 3: answer 7 is out of range; choose 0 to 3"]}
    assert not MeasureAdministration.objects.exists()


def test_unanswered_items_are_each_named(measures_world):
    answers = phq9(12)
    answers[3] = answers[6] = None
    with pytest.raises(ValidationError) as error:
        measures_world.record("PHQ9", "baseline", answers=answers)
    assert set(error.value.message_dict) == {"item_4", "item_7"}
    assert "items 4, 7 unanswered" in error.value.message_dict["item_4"][0]


def test_a_second_baseline_for_the_same_enrolment_is_refused(measures_world):
    measures_world.record("EPDS", "baseline", answers=epds(5))
    with pytest.raises(ValidationError) as error:
        measures_world.record("EPDS", "baseline", answers=epds(6))
    assert "A baseline (before) EPDS is already recorded" in error.value.message_dict["time_point"][0]
    # Another parent, or a mid-point, is a separate administration.
    measures_world.record("EPDS", "baseline", answers=epds(6), caregiver=measures_world.father)
    measures_world.record("EPDS", "mid", answers=epds(6))
    measures_world.record("EPDS", "mid", answers=epds(7))
    assert MeasureAdministration.objects.count() == 4


def test_the_same_submission_sent_twice_is_recorded_once(measures_world):
    import uuid

    key = uuid.uuid4()
    first = measures_world.record("EPDS", "mid", answers=epds(5), submission_key=key)
    second = measures_world.record("EPDS", "mid", answers=epds(5), submission_key=key)
    assert first.pk == second.pk and MeasureAdministration.objects.count() == 1


def _start(world, client, **overrides):
    today = timezone.localdate()
    data = {
        "caregiver": world.mother.pk,
        "instrument": "EPDS",
        "time_point": "baseline",
        "enrolment": world.enrolment.pk,
        "completed_on_0": today.day,
        "completed_on_1": today.month,
        "completed_on_2": today.year,
        "method": "paper",
        **overrides,
    }
    response = client.post(reverse("assessments:measure-start", args=[world.family.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def test_recording_epds_on_the_pages_shows_question_numbers_and_scores_only(measures_world, client):
    sign_in(client, measures_world.key_worker)
    url = _start(measures_world, client)
    page = client.get(url).content.decode()
    legends = re.findall(r"<legend[^>]*>\s*(.*?)\s*</legend>", page, re.S)
    assert legends == [f"Question {n}" for n in range(1, 11)]
    assert "harming myself" not in page.lower()
    answers = {f"item_{n}": str(a) for n, a in enumerate(epds(14), start=1)}
    response = client.post(url, answers)
    row = MeasureAdministration.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "assessments:measure-detail", args=[row.pk]
    )
    assert (row.total, row.method, row.administered_by, row.enrolment) == (
        14,
        "paper",
        measures_world.key_worker,
        measures_world.enrolment,
    )
    detail = client.get(response["Location"]).content.decode()
    assert "probable depression" in detail and "EPDS-3A anxiety subscale" in detail


def test_an_error_names_the_item_and_keeps_what_was_typed(measures_world, client):
    sign_in(client, measures_world.key_worker)
    url = _start(measures_world, client, instrument="PHQ9")
    answers = {f"item_{n}": "1" for n in range(1, 10) if n != 5}
    response = client.post(url, answers)
    page = response.content.decode()
    assert response.status_code == 200
    assert "PHQ9: item 5 unanswered" in page
    assert re.search(r'href="#id_item_5[^"]*"', page)
    assert len(re.findall(r'value="1"\s*checked', page)) == 8
    assert not MeasureAdministration.objects.exists()


def test_phq9_shows_its_item_text(measures_world, client):
    sign_in(client, measures_world.key_worker)
    page = client.get(_start(measures_world, client, instrument="PHQ9")).content.decode()
    assert "Question 9: Thoughts that you would be better off dead" in page
    assert "Nearly every day" in page


def test_a_totals_only_measure_has_a_total_form_and_an_error_at_the_field(measures_world, client):
    sign_in(client, measures_world.key_worker)
    url = _start(measures_world, client, instrument="ASQSE2")
    response = client.post(url, {"total": "42"})
    assert "total 42 is not possible" in response.content.decode()
    assert 'value="42"' in response.content.decode()
    response = client.post(url, {"total": "45"})
    assert MeasureAdministration.objects.get().total == 45


def test_a_future_date_is_refused_on_the_first_step(measures_world, client):
    sign_in(client, measures_world.key_worker)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        reverse("assessments:measure-start", args=[measures_world.family.pk]),
        {
            "caregiver": measures_world.mother.pk,
            "instrument": "EPDS",
            "time_point": "baseline",
            "completed_on_0": tomorrow.day,
            "completed_on_1": tomorrow.month,
            "completed_on_2": tomorrow.year,
            "method": "paper",
        },
    )
    assert "Date completed must be today or in the past" in response.content.decode()


def test_reading_a_measure_is_logged(measures_world, client):
    row = measures_world.record("EPDS", "baseline", answers=epds(3))
    sign_in(client, measures_world.psychologist)
    client.get(reverse("assessments:measure-detail", args=[row.pk]))
    assert (
        FamilyAccessLog.objects.filter(
            family=measures_world.family, user=measures_world.psychologist, page="Outcome measure"
        ).count()
        == 1
    )


@pytest.mark.parametrize(
    "role, allowed",
    [
        (Role.ADMIN_ASSISTANT, False),
        (Role.PARTNER, False),
        (Role.VIEWER, False),
        (Role.PIEW_WORKER, False),  # not their family
        (Role.CLINICAL_PSYCHOLOGIST, True),
        (Role.TEAM_LEAD, True),
    ],
)
def test_who_may_open_the_measure_pages(measures_world, client, make_user, role, allowed):
    row = measures_world.record("EPDS", "baseline", answers=epds(3))
    sign_in(client, make_user(role))
    urls = [
        reverse("assessments:measure-start", args=[measures_world.family.pk]),
        reverse("assessments:family-outcomes", args=[measures_world.family.pk]),
        reverse("assessments:measure-detail", args=[row.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == (200 if allowed else 404), url
    before = MeasureAdministration.objects.count()
    client.post(urls[0], {"caregiver": measures_world.mother.pk})
    assert MeasureAdministration.objects.count() == before


def test_anonymous_is_sent_to_sign_in(measures_world, client):
    response = client.get(reverse("assessments:family-outcomes", args=[measures_world.family.pk]))
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


def test_the_family_page_links_to_outcomes_for_those_who_may_read_them(measures_world, client):
    sign_in(client, measures_world.key_worker)
    page = client.get(reverse("families:detail", args=[measures_world.family.pk])).content.decode()
    assert reverse("assessments:family-outcomes", args=[measures_world.family.pk]) in page
    sign_in(client, measures_world.admin)
    page = client.get(reverse("families:detail", args=[measures_world.family.pk])).content.decode()
    assert reverse("assessments:family-outcomes", args=[measures_world.family.pk]) not in page


def test_a_parent_not_in_the_enrolment_is_refused(measures_world):
    measures_world.enrolment.caregivers.remove(measures_world.father)
    with pytest.raises(ValidationError) as error:
        measures_world.record("EPDS", "baseline", answers=epds(5), caregiver=measures_world.father)
    assert "is not enrolled in Video Interaction Guidance" in error.value.message_dict["enrolment"][0]
    assert not MeasureAdministration.objects.exists()
