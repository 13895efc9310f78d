"""Families in interventions, and practitioners qualified to deliver them."""

import datetime

import pytest
from django.utils import timezone

from families.models import Caregiver, Case, ConsentRecord, Family
from families.services import consent_record
from interventions import services
from interventions.models import Enrolment, Programme, Session
from team.models import User
from team.roles import Role
from tests.factories import (
    CaseFactory,
    FatherFactory,
    StaffProfileFactory,
    TrainingRecordFactory,
    UserFactory,
    family_with_people,
)


def person(role: Role, username: str) -> User:
    user = UserFactory(role=role, username=username, first_name=username.title(), last_name="Worker")
    StaffProfileFactory(user=user, job_title=role.label)
    return User.objects.get(pk=user.pk)  # a fresh object: no cached role or profile


def programme(code: str) -> Programme:
    """A catalogue entry as the migration seeds it."""
    return Programme.objects.get(code=code)


def qualify(user: User, code: str) -> None:
    """Give the person a current training record for each competency that lets them deliver it."""
    for requirement in programme(code).delivery_requirements.all():
        TrainingRecordFactory(person=user, competency=requirement.competency, expires_on=None)


def consent(caregiver: Caregiver, purpose: str, by: User, decision=ConsentRecord.Decision.GIVEN) -> None:
    consent_record(caregiver=caregiver, purpose=purpose, decision=decision,
                   method=ConsentRecord.Method.VERBAL, recorded_by=by)


def consenting_case(*, key_worker: User, with_father: bool = False, purposes=("taking_part", "mdt_sharing"),
                    **family_fields) -> Case:
    """An open case whose parents have given consent to take part and to share with the team."""
    family: Family = family_with_people(**family_fields)
    if with_father:
        FatherFactory(family=family)
    case = CaseFactory(family=family, key_worker=key_worker)
    for caregiver in family.caregivers.all():
        for purpose in purposes:
            consent(caregiver, purpose, key_worker)
    return case


def enrolled(*, case: Case, code: str, practitioner: User, starts_on=None, **fields) -> Enrolment:
    """The case's parents enrolled in the intervention (the practitioner is qualified first)."""
    qualify(practitioner, code)
    chosen = programme(code)
    return services.enrol(case=case, programme=chosen, caregivers=case.family.caregivers.all(),
                          practitioner=practitioner, format=chosen.formats[0], by=practitioner,
                          starts_on=starts_on, **fields)


def past(days: int = 1, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def attended_session(enrolment: Enrolment, by: User, *, days_ago: int = 1, who=("mother",),
                     **fields) -> Session:
    session = services.session_book(enrolment=enrolment, by=by, starts_at=past(days_ago),
                                    mode=Session.Mode.HOME, **fields)
    return services.attendance_record(session=session, by=by, attendance=Session.Attendance.ATTENDED, who=who)


@pytest.fixture
def team_lead(db) -> User:
    return person(Role.TEAM_LEAD, "lead")


@pytest.fixture
def piew_worker(db) -> User:
    return person(Role.PIEW_WORKER, "piew")


@pytest.fixture
def health_visitor(db) -> User:
    return person(Role.HEALTH_VISITOR, "hv")


@pytest.fixture
def admin_assistant(db) -> User:
    return person(Role.ADMIN_ASSISTANT, "admin")


@pytest.fixture
def psychologist(db) -> User:
    return person(Role.CLINICAL_PSYCHOLOGIST, "psych")


@pytest.fixture
def case(piew_worker) -> Case:
    return consenting_case(key_worker=piew_worker, with_father=True)


@pytest.fixture
def vig(case, piew_worker) -> Enrolment:
    return enrolled(case=case, code="vig", practitioner=piew_worker)

