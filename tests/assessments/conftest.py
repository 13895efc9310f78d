"""A world for the initial assessment tests: a family, its assessing health visitor, the team."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from assessments import services
from assessments.models import InitialAssessment
from families.models import ConsentRecord, Family
from families.services import consent_record
from team.models import User
from team.roles import Role
from tests.factories import UserFactory, family_with_people

SECRET = "Struggling since the birth; worried about bonding"
RISK_PLAN = "Same-day GP appointment; crisis numbers given; partner at home tonight"

# Every section answered, no risks: what a completed assessment needs.
COMPLETE = {
    "presenting_needs": SECRET,
    "mental_health_history": "Postnatal depression after first baby",
    "mental_health_support": "GP",
    "medication": "Sertraline 50mg",
    "relationship_observed": "Warm; mum responds to cues",
    "baby_wellbeing": "Feeding well, gaining weight",
    "support_network": "Partner and her mother nearby",
    "housing": "Housing association flat",
    "money_worries": "Some",
    "domestic_abuse_asked": True,
    "risk_self_harm": False,
    "risk_harm_to_baby": False,
    "risk_safeguarding": False,
    "consent_confirmed": True,
    "recommended_interventions": ["vig"],
}


@dataclass
class World:
    family: Family
    assessor: User
    team_lead: User
    psychologist: User
    assessment: InitialAssessment

    def consent_to_mdt_sharing(self) -> None:
        consent_record(caregiver=self.family.caregivers.get(), purpose="mdt_sharing",
                       decision=ConsentRecord.Decision.GIVEN, method=ConsentRecord.Method.VERBAL,
                       recorded_by=self.assessor)

    def refresh(self) -> InitialAssessment:
        self.assessment.refresh_from_db()
        return self.assessment


@pytest.fixture
def world(db) -> World:
    assessor = UserFactory(role=Role.HEALTH_VISITOR, username="hv_assessor")
    team_lead = UserFactory(role=Role.TEAM_LEAD, username="lead")
    psychologist = UserFactory(role=Role.CLINICAL_PSYCHOLOGIST, username="psychologist")
    family = family_with_people(key_worker=assessor)
    assessment = services.assessment_book(
        family=family, assessor=assessor, place=InitialAssessment.Place.HOME, booked_by=assessor,
        booked_for=timezone.now() + datetime.timedelta(days=3))
    return World(family, assessor, team_lead, psychologist, assessment)


def personal_details(family: Family) -> list[str]:
    """Everything that would identify the family, as it might appear in an email."""
    caregiver = family.caregivers.get()
    child = family.children.get()
    details = [caregiver.first_name, caregiver.last_name, family.address_line_1, family.postcode,
               caregiver.date_of_birth.strftime("%-d %B %Y"), caregiver.date_of_birth.isoformat()]
    return [detail for detail in details + [child.first_name] if detail]
