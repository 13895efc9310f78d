"""Enrolments on the caseload pages: weights from the catalogue, the task list of reminders, and
the assessment's recommendation chosen from the catalogue."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.forms import AssessmentForm
from assessments.models import InitialAssessment
from caseloads import selectors
from interventions import services
from interventions.models import Enrolment, Programme, Reminder
from tests.interventions.conftest import attended_session, consenting_case, enrolled

pytestmark = pytest.mark.django_db


def _recommend(case, *codes: str) -> InitialAssessment:
    assessor = case.key_worker
    done = timezone.now() - datetime.timedelta(days=3)
    return InitialAssessment.objects.create(
        family=case.family, case=case, assessor=assessor, booked_by=assessor, booked_for=done,
        place=InitialAssessment.Place.HOME, status=InitialAssessment.Status.COMPLETED, completed_at=done,
        locked=True, recommended_interventions=list(codes), risk_self_harm=False, risk_harm_to_baby=False,
        risk_safeguarding=False)


def _load(user) -> tuple[int, int]:
    row = next(row for row in selectors.team_caseloads() if row.practitioner == user)
    return row.open_cases, row.weighted_load


def test_a_case_weighs_its_open_enrolments_else_its_recommendation_else_one(piew_worker, team_lead):
    # Seeded weights: VIG 3, Triple P Baby 2, Watch, Wait and Wonder 3, peer support 1.
    enrolled_case = consenting_case(key_worker=piew_worker)
    _recommend(enrolled_case, "peer_support")
    enrolled(case=enrolled_case, code="vig", practitioner=piew_worker)
    enrolled(case=enrolled_case, code="watch_wait_wonder", practitioner=piew_worker,
             starts_on=timezone.localdate())
    recommended_only = consenting_case(key_worker=piew_worker)
    _recommend(recommended_only, "triple_p_baby", "vig")
    consenting_case(key_worker=piew_worker)  # neither: weighs 1
    assert _load(piew_worker) == (3, 3 + 3 + 2 + 1)

    ended_case = consenting_case(key_worker=piew_worker)
    _recommend(ended_case, "triple_p_baby")
    ended = enrolled(case=ended_case, code="vig", practitioner=piew_worker)
    services.enrolment_complete(enrolment=ended, by=piew_worker, completed=False, end_reason="withdrew")
    # An ended enrolment no longer counts: the case weighs its recommendation again.
    assert _load(piew_worker) == (4, 9 + 2)
    Programme.objects.filter(code="vig").update(caseload_weight=6)
    assert _load(piew_worker) == (4, 6 + 3 + 2 + 1 + 2)


def _reminders(piew_worker, count: int) -> None:
    today = timezone.localdate()
    for number in range(count):
        case = consenting_case(key_worker=piew_worker)
        enrolment = enrolled(case=case, code="vig", practitioner=piew_worker, starts_on=today)
        session = services.session_book(enrolment=enrolment, by=piew_worker,
                                        starts_at=timezone.now() - datetime.timedelta(days=5), mode="home",
                                        kind=enrolment.programme.session_kinds.first(), cycle=1)
        Reminder.objects.create(kind=Reminder.Kind.ATTENDANCE_MISSING, practitioner=piew_worker,
                                enrolment=enrolment, session=session, raised_on=today)
        Reminder.objects.create(kind=Reminder.Kind.NO_RECENT_SESSION, practitioner=piew_worker,
                                enrolment=enrolment, quiet_since=today - datetime.timedelta(days=30 + number),
                                raised_on=today)


def test_my_caseload_lists_open_reminders_and_active_enrolments(client_for, piew_worker, health_visitor):
    _reminders(piew_worker, 1)
    done = Reminder.objects.filter(kind=Reminder.Kind.NO_RECENT_SESSION).get()
    Reminder.objects.filter(pk=done.pk).update(resolved_at=timezone.now())  # resolved: not a task
    other = consenting_case(key_worker=health_visitor)
    theirs = enrolled(case=other, code="triple_p_baby", practitioner=health_visitor)
    Reminder.objects.create(kind=Reminder.Kind.NO_RECENT_SESSION, practitioner=health_visitor,
                            enrolment=theirs, quiet_since=timezone.localdate(),
                            raised_on=timezone.localdate())
    page = " ".join(client_for(user=piew_worker).get("/caseloads/").content.decode().split())
    tasks = page.split('id="tasks"', 1)[1].split("</ul>", 1)[0]
    assert tasks.count("<li>") == 1
    mine = Reminder.objects.get(kind=Reminder.Kind.ATTENDANCE_MISSING)
    assert "Attendance not recorded: session on" in tasks
    assert f"for {mine.enrolment.case.family.reference}, Video Interaction Guidance" in tasks
    assert 'href="/interventions/tasks/"' in page
    assert "Active enrolments" in page
    assert [row.active_enrolments for row in selectors.caseload_for(practitioner=piew_worker)] == [1]


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_my_caseload_queries_do_not_grow_with_reminders_or_enrolments(client_for, piew_worker):
    _reminders(piew_worker, 2)
    client = client_for(user=piew_worker)
    few = _queries(client, "/caseloads/")
    _reminders(piew_worker, 5)
    case = Enrolment.objects.first().case
    attended_session(enrolled(case=case, code="watch_wait_wonder", practitioner=piew_worker), piew_worker)
    assert _queries(client, "/caseloads/") == few


def test_the_assessment_offers_the_catalogue_s_active_interventions(piew_worker):
    Programme.objects.filter(code="peer_support").update(active=False)
    offered = dict(AssessmentForm().fields["recommended_interventions"].choices)
    assert offered["vig"] == "Video Interaction Guidance" and "peer_support" not in offered
    # A withdrawn intervention the assessment already recommends stays on it, with its name.
    assessment = _recommend(consenting_case(key_worker=piew_worker), "peer_support")
    kept = dict(AssessmentForm(instance=assessment).fields["recommended_interventions"].choices)
    assert kept["peer_support"] == "Peer support"
    assert assessment.recommended_intervention_labels() == ["Peer support"]
    assessment.full_clean()  # still valid
    assessment.recommended_interventions = ["peer_support", "triple_p_baby"]
    assessment.full_clean()
    fresh = InitialAssessment(family=assessment.family, assessor=piew_worker, booked_by=piew_worker,
                              booked_for=timezone.now(), place="home",
                              recommended_interventions=["peer_support"])
    with pytest.raises(ValidationError, match="Choose interventions from the list"):
        fresh.full_clean()
