"""A world for the outcome measure tests: a family in VIG, its key worker and the team.

Import ``measures_world_fixture`` into a test module to use the ``measures_world`` fixture.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from assessments import outcomes
from families.models import Case
from interventions.models import Enrolment
from team.models import User
from team.roles import Role
from tests.interventions.conftest import consenting_case, enrolled, person

# EPDS answers are option indexes in printed order; items 3 and 5-10 print 3, 2, 1, 0.
EPDS_ZERO = [0, 0, 3, 0, 3, 3, 3, 3, 3, 3]  # total 0
EPDS_ITEM_10 = [*EPDS_ZERO[:9], 1]  # item 10 scores 2: total 2, self-harm risk


def epds(total: int, *, risk: bool = False) -> list[int]:
    """EPDS answers that sum to ``total`` (0-27 without item 10, or with it when ``risk``)."""
    answers = list(EPDS_ZERO)
    remaining = total
    items = range(10) if risk else range(9)
    for index in items:
        take = min(3, remaining)
        remaining -= take
        answers[index] = take if index in (0, 1, 3) else 3 - take
    if risk and answers[9] == 3:
        raise ValueError("a risk answer needs item 10 above zero")
    return answers


def phq9(total: int) -> list[int]:
    answers, remaining = [], total
    for index in range(9):
        take = min(3, remaining) if index < 8 else 0
        remaining -= take
        answers.append(take)
    assert remaining == 0, "PHQ-9 totals above 24 would need item 9"
    return answers


def gad7(total: int) -> list[int]:
    answers, remaining = [], total
    for _ in range(7):
        take = min(3, remaining)
        remaining -= take
        answers.append(take)
    return answers


@dataclass
class World:
    case: Case
    key_worker: User
    psychologist: User
    team_lead: User
    admin: User
    enrolment: Enrolment

    @property
    def family(self):
        return self.case.family

    @property
    def mother(self):
        return self.family.caregivers.get(relationship="mother")

    @property
    def father(self):
        return self.family.caregivers.get(relationship="father")

    def record(
        self,
        instrument: str,
        time_point: str,
        *,
        caregiver=None,
        enrolment=...,
        days_ago=0,
        by=None,
        **scoring,
    ):
        return outcomes.administration_record(
            caregiver=caregiver or self.mother,
            case=self.case,
            enrolment=self.enrolment if enrolment is ... else enrolment,
            instrument=instrument,
            time_point=time_point,
            completed_on=timezone.localdate() - datetime.timedelta(days=days_ago),
            method="face_to_face",
            administered_by=by or self.key_worker,
            recorded_by=by or self.key_worker,
            **scoring,
        )


@pytest.fixture(name="measures_world")
def measures_world_fixture(db) -> World:
    key_worker = person(Role.HEALTH_VISITOR, "hv")
    psychologist = person(Role.CLINICAL_PSYCHOLOGIST, "psych")
    team_lead = person(Role.TEAM_LEAD, "lead")
    admin = person(Role.ADMIN_ASSISTANT, "admin")
    case = consenting_case(key_worker=key_worker, with_father=True)
    enrolment = enrolled(case=case, code="vig", practitioner=key_worker)
    case.family.caregivers.filter(relationship="mother").update(email="mum@example.org")
    return World(case, key_worker, psychologist, team_lead, admin, enrolment)
