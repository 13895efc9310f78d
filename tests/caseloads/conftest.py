"""A small team and assessed families for the caseload tests."""

import datetime

import pytest
from django.utils import timezone

from assessments.models import InitialAssessment
from families.models import Case, ConsentRecord, Family
from families.services import consent_record
from team.models import User
from team.roles import Role
from tests.factories import CaseFactory, StaffProfileFactory, UserFactory, family_with_people


def practitioner(role: Role, username: str, capacity: int = 20) -> User:
    user = UserFactory(role=role, username=username)
    StaffProfileFactory(user=user, caseload_capacity=capacity, job_title=role.label)
    return User.objects.get(pk=user.pk)  # a fresh object: no cached role or profile


def assessed_case(*, key_worker: User | None = None, interventions=("vig",), days_ago: int = 3,
                  risk_safeguarding: bool = False, no_further_action: bool = False) -> Case:
    """An open case whose family's initial assessment was completed ``days_ago`` days ago."""
    family = family_with_people()
    case = CaseFactory(family=family, key_worker=key_worker)
    done = timezone.now() - datetime.timedelta(days=days_ago)
    assessor = UserFactory(role=Role.HEALTH_VISITOR, username="assessor")
    InitialAssessment.objects.create(
        family=family, case=case, assessor=assessor, booked_by=assessor, booked_for=done,
        place=InitialAssessment.Place.HOME, status=InitialAssessment.Status.COMPLETED, completed_at=done,
        locked=True, recommended_interventions=list(interventions), risk_self_harm=False,
        risk_harm_to_baby=False, risk_safeguarding=risk_safeguarding, no_further_action=no_further_action)
    return case


def give_mdt_consent(family: Family, by: User) -> None:
    consent_record(caregiver=family.caregivers.first(), purpose="mdt_sharing",
                   decision=ConsentRecord.Decision.GIVEN, method=ConsentRecord.Method.VERBAL, recorded_by=by)


@pytest.fixture
def team_lead(db) -> User:
    return practitioner(Role.TEAM_LEAD, "lead", capacity=0)


@pytest.fixture
def health_visitor(db) -> User:
    return practitioner(Role.HEALTH_VISITOR, "hv", capacity=10)


@pytest.fixture
def piew_worker(db) -> User:
    return practitioner(Role.PIEW_WORKER, "piew", capacity=12)
