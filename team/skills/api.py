"""The skills audit API: competencies, audit answers, training records, CPD and the training plan,
with the same access as the pages (team.skills.permissions)."""

from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.utils import timezone
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError

from team.models import (
    AuditResponse,
    Competency,
    CompetencyTarget,
    CourseInvitation,
    CPDEntry,
    Level,
    PlannedCourse,
    TrainingRecord,
    User,
)
from team.skills import permissions as access
from team.skills import selectors, services

LEAD_ONLY = "Only the team lead can do this"


def _as_drf_error(error: DjangoValidationError) -> ValidationError:
    return ValidationError(error.message_dict if hasattr(error, "error_dict") else error.messages)


class TakesPart(permissions.BasePermission):
    """Everyone who answers the audit, and the team lead. Viewers see nothing here."""

    message = "Your role does not take part in the skills audit"

    def has_permission(self, request, view) -> bool:
        return access.takes_part(request.user)


class SkillsViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """List, read, add and change; nothing here is deleted through the API."""

    permission_classes = [permissions.IsAuthenticated, TakesPart]

    def require_lead(self) -> None:
        if not access.can_manage_skills(self.request.user):
            raise PermissionDenied(LEAD_ONLY)

    def call(self, service, **kwargs):
        try:
            return service(**kwargs)
        except DjangoValidationError as error:
            raise _as_drf_error(error) from None


class CompetencyTargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = CompetencyTarget
        fields = ["organisation_kind", "level"]


class CompetencySerializer(serializers.ModelSerializer):
    targets = CompetencyTargetSerializer(many=True, read_only=True)

    class Meta:
        model = Competency
        fields = ["id", "name", "description", "aware_label", "skilled_label", "expert_label",
                  "expires_after_months", "required", "active", "targets"]


class CompetencyViewSet(SkillsViewSet):
    """Read by everyone who takes part; added and changed by the team lead."""

    serializer_class = CompetencySerializer

    def get_queryset(self):
        return selectors.competencies_with_targets()

    def perform_create(self, serializer):
        self.require_lead()
        serializer.instance = self.call(services.competency_create, by=self.request.user,
                                        **serializer.validated_data)

    def perform_update(self, serializer):
        self.require_lead()
        self.call(services.competency_update, competency=serializer.instance, by=self.request.user,
                  **serializer.validated_data)


class SelfAssessmentSerializer(serializers.Serializer):
    competency = serializers.PrimaryKeyRelatedField(queryset=Competency.objects.filter(active=True))
    level = serializers.ChoiceField(choices=Level.choices)


class AuditResponseSerializer(serializers.ModelSerializer):
    assessments = SelfAssessmentSerializer(many=True)

    class Meta:
        model = AuditResponse
        fields = ["id", "audit_round", "person", "submitted_at", "learning_wishes", "assessments"]
        read_only_fields = ["audit_round", "person", "submitted_at"]

    def validate_assessments(self, value):
        competencies = [item["competency"].pk for item in value]
        if len(competencies) != len(set(competencies)):
            raise ValidationError("Give each competency one level")
        return value


class AuditResponseViewSet(SkillsViewSet):
    """Answers in the open round. People answer for themselves; the team lead reads everyone's."""

    serializer_class = AuditResponseSerializer

    def get_queryset(self):
        return access.audit_responses_visible_to(self.request.user).prefetch_related(
            "assessments__competency")

    def _submit(self, serializer, audit_round):
        """Save the answers given; a change that leaves some out keeps the earlier ones."""
        data, earlier = serializer.validated_data, serializer.instance
        levels = {a.competency_id: a.level for a in earlier.assessments.all()} if earlier else {}
        levels |= {item["competency"].pk: item["level"] for item in data.get("assessments", [])}
        serializer.instance = self.call(
            services.audit_response_submit, audit_round=audit_round, person=self.request.user,
            levels=levels,
            learning_wishes=data.get("learning_wishes", earlier.learning_wishes if earlier else ""))

    def perform_create(self, serializer):
        audit_round = selectors.open_round()
        if audit_round is None:
            raise ValidationError({"audit_round": ["There is no audit round open"]})
        self._submit(serializer, audit_round)

    def perform_update(self, serializer):
        if serializer.instance.person_id != self.request.user.pk:
            raise PermissionDenied("Only the person who gave these answers can change them")
        self._submit(serializer, serializer.instance.audit_round)


class OwnRecordSerializer(serializers.ModelSerializer):
    """A record about a person: the requester's own unless the team lead names someone else."""

    person = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True), required=False)

    def validate_person(self, person):
        if self.instance is not None and person != self.instance.person:
            raise ValidationError("A record cannot move to another person")
        if not access.can_change_record(self.context["request"].user, person):
            raise PermissionDenied("You can add only to your own records")
        return person


class TrainingRecordSerializer(OwnRecordSerializer):
    competency = serializers.PrimaryKeyRelatedField(
        queryset=Competency.objects.all(), allow_null=True, required=False)
    has_certificate = serializers.SerializerMethodField()

    class Meta:
        model = TrainingRecord
        fields = ["id", "person", "competency", "course", "provider", "completed_on", "expires_on",
                  "source", "has_certificate", "reminder_sent_at"]
        read_only_fields = ["source", "reminder_sent_at"]

    def get_has_certificate(self, record) -> bool:
        return bool(record.certificate)

    def validate_completed_on(self, value):
        if value > timezone.localdate():
            raise ValidationError("The date completed must be today or in the past")
        return value

    def validate(self, attrs):
        completed = attrs.get("completed_on", self.instance.completed_on if self.instance else None)
        expires = attrs.get("expires_on", self.instance.expires_on if self.instance else None)
        if completed and expires and expires < completed:
            raise ValidationError({"expires_on": ["The expiry date must be on or after the date completed"]})
        return attrs


class TrainingRecordViewSet(SkillsViewSet):
    serializer_class = TrainingRecordSerializer

    def get_queryset(self):
        return access.training_records_visible_to(self.request.user).select_related("competency")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        person = data.pop("person", self.request.user)
        serializer.instance = self.call(services.training_record_add, person=person,
                                        recorded_by=self.request.user, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("person", None)
        serializer.instance = self.call(services.training_record_update, record=serializer.instance, **data)


class CPDEntrySerializer(OwnRecordSerializer):
    competency = serializers.PrimaryKeyRelatedField(
        queryset=Competency.objects.all(), allow_null=True, required=False)
    hours = serializers.DecimalField(max_digits=4, decimal_places=1, min_value=Decimal("0.1"),
                                     max_value=Decimal("999"))

    class Meta:
        model = CPDEntry
        fields = ["id", "person", "date", "activity", "hours", "competency", "reflection"]


class CPDEntryViewSet(SkillsViewSet):
    serializer_class = CPDEntrySerializer

    def get_queryset(self):
        return access.cpd_entries_visible_to(self.request.user).select_related("competency")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        person = data.pop("person", self.request.user)
        serializer.instance = self.call(services.cpd_entry_add, person=person, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("person", None)
        self.call(services.cpd_entry_update, entry=serializer.instance, **data)


class PlannedCourseSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlannedCourse
        fields = ["id", "competency", "title", "date", "trainer", "venue", "places"]


class PlannedCourseViewSet(SkillsViewSet):
    """The training plan: the team lead's; invited people read the courses they are invited to."""

    serializer_class = PlannedCourseSerializer

    def get_queryset(self):
        return access.courses_visible_to(self.request.user).select_related("competency").distinct()

    def perform_create(self, serializer):
        self.require_lead()
        serializer.instance = self.call(services.course_plan, by=self.request.user,
                                        **serializer.validated_data)

    def perform_update(self, serializer):
        self.require_lead()
        serializer.instance = self.call(services.course_update, course=serializer.instance,
                                        **serializer.validated_data)


class CourseInvitationSerializer(serializers.ModelSerializer):
    course = serializers.PrimaryKeyRelatedField(queryset=PlannedCourse.objects.all())
    person = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))

    class Meta:
        model = CourseInvitation
        fields = ["id", "course", "person", "invited_at", "attended", "completed", "training_record"]
        read_only_fields = ["invited_at", "training_record"]

    def validate(self, attrs):
        instance = self.instance
        attended = attrs.get("attended", instance.attended if instance else None)
        if attrs.get("completed", instance.completed if instance else False) and attended is not True:
            raise ValidationError({"completed": ["Someone can complete a course only if they attended it"]})
        return attrs


class CourseInvitationViewSet(SkillsViewSet):
    """Invitations: the team lead invites and records attendance; people read their own."""

    serializer_class = CourseInvitationSerializer

    def get_queryset(self):
        return access.invitations_visible_to(self.request.user).select_related("course")

    def perform_create(self, serializer):
        self.require_lead()
        data = serializer.validated_data
        try:
            invited = self.call(services.course_invite, course=data["course"], people=[data["person"]],
                                by=self.request.user)
        except IntegrityError:
            invited = []
        if not invited:
            raise ValidationError({"person": ["This person is invited to the course already"]})
        serializer.instance = invited[0]

    def perform_update(self, serializer):
        self.require_lead()
        data, invitation = serializer.validated_data, serializer.instance
        if data.get("course", invitation.course) != invitation.course or \
                data.get("person", invitation.person) != invitation.person:
            raise ValidationError("An invitation cannot move to another course or person")
        serializer.instance = self.call(
            services.course_attendance_record, invitation=invitation, by=self.request.user,
            attended=data.get("attended", invitation.attended),
            completed=data.get("completed", invitation.completed))
