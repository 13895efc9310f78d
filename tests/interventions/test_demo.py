"""seed_demo's interventions: valid rows, consent and qualified practitioners, deterministic."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count

from families.consent import consent_is_given
from families.models import ConsentRecord
from interventions.models import Enrolment, GroupRun, LicenceCode, Session
from interventions.qualification import delivery_refusal
from team.roles import Role

pytestmark = pytest.mark.django_db


class Undo(Exception):
    pass


def _made_by(seed: int) -> list[tuple]:
    try:
        with transaction.atomic():
            call_command("seed_demo", families=150, seed=seed, password="demo-password-123")
            made = list(Enrolment.objects.order_by("pk").values_list(
                "case__family__caregivers__first_name", "programme__code", "status", "starts_on"))
            raise Undo
    except Undo:
        return made


def test_demo_enrolments_are_valid_consented_and_delivered_by_qualified_piew_workers():
    call_command("seed_demo", families=150, seed=11, password="demo-password-123")
    enrolments = list(Enrolment.objects.select_related("programme", "practitioner", "case__family")
                      .prefetch_related("caregivers", "practitioner__groups"))
    codes = {enrolment.programme.code for enrolment in enrolments}
    assert codes >= {"vig", "watch_wait_wonder", "triple_p_baby"}
    statuses = {enrolment.status for enrolment in enrolments}
    assert {Enrolment.Status.ACTIVE, Enrolment.Status.COMPLETED} <= statuses
    for enrolment in enrolments:
        enrolment.full_clean()
        assert enrolment.practitioner.role == Role.PIEW_WORKER
        assert enrolment.case.key_worker_id == enrolment.practitioner_id
        assert delivery_refusal(programme=enrolment.programme, practitioner=enrolment.practitioner) is None
        for caregiver in enrolment.caregivers.all():
            assert consent_is_given(caregiver=caregiver, purpose=ConsentRecord.Purpose.TAKING_PART)
    for session in Session.objects.select_related("enrolment__programme", "kind"):
        session.full_clean()
    attendance = dict(Session.objects.values_list("attendance").annotate(count=Count("pk")))
    assert attendance[Session.Attendance.ATTENDED] > attendance[Session.Attendance.DID_NOT_ATTEND] > 0
    assert Session.objects.filter(father_attended=True).exists()
    assert Session.objects.filter(group_session__isnull=False).exists()
    assert GroupRun.objects.filter(facilitators__isnull=False).exists()
    assert LicenceCode.objects.filter(issued_at__isnull=False).exists()
    assert LicenceCode.objects.filter(issued_at__isnull=True).exists()


def test_the_same_seed_makes_the_same_enrolments():
    first = _made_by(5)
    assert first and first == _made_by(5)
