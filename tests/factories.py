"""Factories for the records tests need, with a variant per state."""

import datetime

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from families.models import Alert, AlertRecipient, Caregiver, Case, CaseNote, Child, Family
from referrals.models import Channel, Referral, Source
from team.models import Hub, Organisation, StaffProfile, User
from team.roles import Role

factory.Faker._DEFAULT_LOCALE = "en_GB"

# Valid under Modulus 11: used where a test needs a known NHS number.
VALID_NHS_NUMBERS = ["9434765919", "9434765870", "4010232137", "9876543210", "4505577104"]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        """UserFactory(role=Role.TEAM_LEAD) puts the user in that role's group."""
        if create and extracted:
            self.groups.add(Group.objects.get_or_create(name=extracted.value)[0])


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.VOLUNTARY


class HubFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hub
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Family Hub {n}")


class StaffProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffProfile

    user = factory.SubFactory(UserFactory)
    job_title = "PIEW worker"
    caseload_capacity = 20


class FamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Family

    address_line_1 = factory.Faker("street_address")
    town = "Scunthorpe"
    postcode = factory.Sequence(lambda n: f"DN15 {n % 9 + 1}AB")


class CaregiverFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Caregiver

    family = factory.SubFactory(FamilyFactory)
    relationship = Caregiver.Relationship.MOTHER
    first_name = factory.Faker("first_name_female")
    last_name = factory.Faker("last_name")
    date_of_birth = datetime.date(1995, 6, 14)


class FatherFactory(CaregiverFactory):
    relationship = Caregiver.Relationship.FATHER
    first_name = factory.Faker("first_name_male")


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    family = factory.SubFactory(FamilyFactory)
    first_name = factory.Faker("first_name")
    date_of_birth = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=90))


class UnbornChildFactory(ChildFactory):
    first_name = ""
    date_of_birth = None
    expected_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=60))


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    family = factory.SubFactory(FamilyFactory)
    key_worker = None


class ClosedCaseFactory(CaseFactory):
    closed_at = factory.LazyFunction(timezone.now)
    closure_reason = Case.ClosureReason.COMPLETED


class CaseNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseNote

    family = factory.SubFactory(FamilyFactory)
    author = factory.SubFactory(UserFactory)
    text = "Visited at home. Mum and baby well; talked about sleep."


class AlertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alert

    family = factory.SubFactory(FamilyFactory)
    kind = Alert.Kind.SAFEGUARDING
    title = "Safeguarding concern raised at home visit"


class AlertRecipientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AlertRecipient

    alert = factory.SubFactory(AlertFactory)
    user = factory.SubFactory(UserFactory)


def family_with_people(*, key_worker: User | None = None, **family_fields) -> Family:
    """A family with a mother, a baby and, when a key worker is given, an open case."""
    family = FamilyFactory(**family_fields)
    CaregiverFactory(family=family)
    ChildFactory(family=family)
    if key_worker is not None:
        CaseFactory(family=family, key_worker=key_worker)
    return family


class ReferralFactory(factory.django.DjangoModelFactory):
    """A new self-referral by phone, with a parent, an address and a baby due."""

    class Meta:
        model = Referral

    source = Source.SELF
    channel = Channel.PHONE
    parent_first_name = factory.Faker("first_name_female")
    parent_last_name = factory.Faker("last_name")
    parent_date_of_birth = datetime.date(1994, 2, 3)
    parent_mobile = "07700 900123"
    address_line_1 = factory.Faker("street_address")
    town = "Scunthorpe"
    postcode = "DN15 7AB"
    baby_due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=40))
    reason_detail = "Feeling low since the scan; worried about bonding."


class ProfessionalReferralFactory(ReferralFactory):
    source = Source.PROFESSIONAL
    channel = Channel.EMAIL
    referrer_name = "Jo Midwife"
    referrer_role = "midwife"
    referrer_organisation = "Scunthorpe General Hospital"
    family_agreed = True


class AcceptedReferralFactory(ReferralFactory):
    """Accepted, with its family made from the referral and a case open: awaiting first contact."""

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from referrals.services import referral_accept

        referral = super()._create(model_class, *args, **kwargs)
        by = UserFactory(role=Role.ADMIN_ASSISTANT)
        return referral_accept(referral_id=referral.pk, by=by)


# The skills audit. Models named as strings, so these factories need no imports of their own.


class CompetencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "team.Competency"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Competency {n}")
    description = "Knowing when and how to use it with families."
    position = factory.Sequence(lambda n: 100 + n)


class CompetencyTargetFactory(factory.django.DjangoModelFactory):
    """The level everyone needs, unless ``organisation_kind`` is given."""

    class Meta:
        model = "team.CompetencyTarget"

    competency = factory.SubFactory(CompetencyFactory)
    organisation_kind = ""
    level = 2


class AuditRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "team.AuditRound"

    title = factory.Sequence(lambda n: f"Skills audit {n}")
    opened_by = factory.SubFactory(UserFactory, role=Role.TEAM_LEAD)
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=28))


class ClosedAuditRoundFactory(AuditRoundFactory):
    closed_at = factory.LazyFunction(timezone.now)


class AuditResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "team.AuditResponse"

    audit_round = factory.SubFactory(AuditRoundFactory)
    person = factory.SubFactory(UserFactory, role=Role.PIEW_WORKER)
    learning_wishes = "Video Interaction Guidance, and more on fathers' mental health."


class SelfAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "team.SelfAssessment"

    response = factory.SubFactory(AuditResponseFactory)
    competency = factory.SubFactory(CompetencyFactory)
    level = 1


class TrainingRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "team.TrainingRecord"

    person = factory.SubFactory(UserFactory, role=Role.PIEW_WORKER)
    course = "Solihull Approach foundation training"
    provider = "Solihull Approach"
    completed_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=400))


class ExpiringTrainingRecordFactory(TrainingRecordFactory):
    """Required safeguarding training that runs out in 30 days, not yet reminded."""

    competency = factory.SubFactory(CompetencyFactory, name="Safeguarding children (test)",
                                    expires_after_months=36, required=True)
    course = "Safeguarding children level 3"
    provider = "Local safeguarding children partnership"
    completed_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1000))
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


class PlannedCourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "team.PlannedCourse"

    competency = factory.SubFactory(CompetencyFactory)
    title = "Solihull Approach foundation, two days"
    date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=45))
    trainer = "Jo Barker"
    venue = "Scunthorpe Central Family Hub"
    places = 12
    planned_by = factory.SubFactory(UserFactory, role=Role.TEAM_LEAD)


class CourseInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "team.CourseInvitation"

    course = factory.SubFactory(PlannedCourseFactory)
    person = factory.SubFactory(UserFactory, role=Role.PIEW_WORKER)
    invited_by = factory.SubFactory(UserFactory, role=Role.TEAM_LEAD)


class CPDEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "team.CPDEntry"

    person = factory.SubFactory(UserFactory, role=Role.PIEW_WORKER)
    date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))
    activity = "Webinar: fathers and perinatal mental health"
    hours = 1.5
    reflection = "Ask fathers directly how they are, not only about the mother."


def staff_member(role: Role | None, organisation: Organisation | None = None, hub: Hub | None = None,
                 **user_fields) -> User:
    """A user with the role, working for the organisation (and at the hub), who can sign in."""
    user = UserFactory(role=role, **user_fields)
    StaffProfileFactory(user=user, organisation=organisation, hub=hub)
    return user
