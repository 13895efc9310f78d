"""The enrolments and sessions API, with the pages' access (interventions.permissions).

Lists and reads show only enrolments of families whose interventions the user may see (an
invisible one answers 404, as one that does not exist). Enrolling, ending, booking and
recording attendance go through the services, which refuse with 403 (not allowed) or 400
(a field is wrong, named). Ending an enrolment that has already ended answers 409, as a
refused triage move does. Session notes are case notes: they are left out for anyone who may
not read the family's case notes.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from families.models import Caregiver, Case
from families.policy import families_visible_to
from families.services import family_access_record
from interventions import permissions, services
from interventions.models import ONE_TO_ONE_MODES, Enrolment, Format, Programme, Session, SessionKind
from interventions.services.sessions import WHO
from team.models import Hub, User

# Who attended, as the group registers' API names them.
WHO_CHOICES = [("mother", "Mother"), ("father", "Father"), ("other_carer", "Other carer")]


def enrolments_visible_to(user: User) -> QuerySet[Enrolment]:
    """Enrolments of the families whose interventions the user may see: none for partners and
    viewers, who do not see the team's record."""
    if not permissions.can_read_catalogue(user):
        return Enrolment.objects.none()
    return Enrolment.objects.filter(case__family__in=families_visible_to(user))


def _call(service, **kwargs):
    """Run a service, answering its refusals as the API does: 403, or 400 naming the field."""
    try:
        return service(**kwargs)
    except DjangoPermissionDenied as denied:
        raise PermissionDenied(str(denied)) from None
    except DjangoValidationError as error:
        detail = error.message_dict if hasattr(error, "error_dict") else error.messages
        raise ValidationError(detail) from None


@extend_schema_field(OpenApiTypes.INT)
class VisibleCaseField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        user = self.context["request"].user
        return Case.objects.filter(family__in=families_visible_to(user)).select_related("family")


@extend_schema_field(OpenApiTypes.INT)
class VisibleCaregiverField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return Caregiver.objects.filter(family__in=families_visible_to(self.context["request"].user))


@extend_schema_field(OpenApiTypes.INT)
class VisibleEnrolmentField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return enrolments_visible_to(self.context["request"].user)


class EnrolmentSerializer(serializers.ModelSerializer):
    case = VisibleCaseField()
    family_reference = serializers.CharField(source="case.family.reference", read_only=True)
    programme = serializers.SlugRelatedField(slug_field="code", queryset=Programme.objects.all(),
                                             help_text="The intervention's code, like `vig`.")
    caregivers = VisibleCaregiverField(many=True, help_text="The parents or carers taking part.")
    practitioner = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    format = serializers.ChoiceField(choices=Format.choices)
    override_reason = serializers.CharField(
        write_only=True, required=False, allow_blank=True, default="",
        help_text="The team lead's reason for letting a practitioner not recorded as qualified deliver it.")

    class Meta:
        model = Enrolment
        fields = ["id", "case", "family_reference", "programme", "caregivers", "practitioner", "format",
                  "group_run", "status", "goals", "planned_cycles", "starts_on", "ended_on", "end_reason",
                  "end_note", "enrolled_by", "enrolled_at", "ended_by", "override_reason"]
        read_only_fields = ["group_run", "status", "ended_on", "end_reason", "end_note", "enrolled_by",
                            "enrolled_at", "ended_by"]


class CompleteSerializer(serializers.Serializer):
    completed = serializers.BooleanField(
        help_text="True when the family completed it; false to end it early, with the reason.")
    ended_on = serializers.DateField(required=False, allow_null=True, default=None)
    end_reason = serializers.ChoiceField(choices=Enrolment.EndReason.choices, required=False,
                                         allow_blank=True, default="")
    end_note = serializers.CharField(required=False, allow_blank=True, default="")


ALREADY_ENDED = OpenApiResponse(
    response=inline_serializer("EnrolmentEndRefused", {"detail": serializers.CharField()}),
    description="The enrolment has already ended; nothing was changed.")


def _family_access(user: User, enrolment: Enrolment, page: str) -> None:
    family_access_record(family=enrolment.case.family, user=user, page=page)


@extend_schema_view(
    list=extend_schema(summary="Enrolments of the families you may see"),
    retrieve=extend_schema(summary="An enrolment"),
    create=extend_schema(summary="Enrol a family's parents or carers in an intervention", responses={
        201: EnrolmentSerializer, 400: OpenApiResponse(description="A field is wrong, named"),
        403: OpenApiResponse(description="You may not enrol this family")}),
)
class EnrolmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                       viewsets.GenericViewSet):
    serializer_class = EnrolmentSerializer
    queryset = Enrolment.objects.none()
    filterset_fields = ["case", "status"]

    def get_queryset(self):
        return enrolments_visible_to(self.request.user).select_related(
            "case__family", "programme").prefetch_related("caregivers").order_by("-enrolled_at", "-pk")

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        enrolment = self.get_object()
        _family_access(request.user, enrolment, "API: enrolment")
        return Response(self.get_serializer(enrolment).data)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = _call(services.enrol, by=self.request.user, **data)

    @extend_schema(summary="Complete the enrolment, or end it early with the reason",
                   request=CompleteSerializer, responses={
                       200: EnrolmentSerializer, 400: OpenApiResponse(description="A field is wrong, named"),
                       403: OpenApiResponse(description="You may not end this enrolment"),
                       404: OpenApiResponse(description="No such enrolment that you may see"),
                       409: ALREADY_ENDED})
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk=None) -> Response:
        enrolment = self.get_object()
        given = CompleteSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            enrolment = services.enrolment_complete(enrolment=enrolment, by=request.user,
                                                    **given.validated_data)
        except DjangoPermissionDenied as denied:
            raise PermissionDenied(str(denied)) from None
        except DjangoValidationError as error:
            if not hasattr(error, "error_dict"):  # the enrolment is no longer open: a refused move
                return Response({"detail": " ".join(error.messages)}, status=status.HTTP_409_CONFLICT)
            raise ValidationError(error.message_dict) from None
        return Response(self.get_serializer(self.get_queryset().get(pk=enrolment.pk)).data)


class SessionSerializer(serializers.ModelSerializer):
    """A session as it is read. ``notes`` is present only for those who may read case notes."""

    notes = serializers.CharField(required=False, help_text="Only for those who may read case notes.")
    who = serializers.SerializerMethodField(help_text="Who attended: mother, father, other_carer.")

    class Meta:
        model = Session
        fields = ["id", "enrolment", "group_session", "kind", "cycle", "starts_at", "mode", "hub",
                  "attendance", "who", "minutes", "notes", "next_steps", "booked_by", "booked_at",
                  "attendance_recorded_by", "attendance_recorded_at"]
        read_only_fields = [name for name in fields if name != "notes"]

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=WHO_CHOICES)))
    def get_who(self, session: Session) -> list[str]:
        return [name for name, field in WHO.items() if getattr(session, field)]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self._reads_notes(instance.enrolment.case.family):
            data.pop("notes", None)
        return data

    def _reads_notes(self, family) -> bool:
        readers = self.context.setdefault("notes_readable_by_family", {})
        if family.pk not in readers:
            readers[family.pk] = permissions.can_read_session_notes(self.context["request"].user, family)
        return readers[family.pk]


class SessionBookSerializer(serializers.Serializer):
    enrolment = VisibleEnrolmentField()
    starts_at = serializers.DateTimeField()
    mode = serializers.ChoiceField(choices=ONE_TO_ONE_MODES)
    hub = serializers.PrimaryKeyRelatedField(queryset=Hub.objects.all(), required=False, allow_null=True,
                                             default=None)
    kind = serializers.PrimaryKeyRelatedField(queryset=SessionKind.objects.all(), required=False,
                                              allow_null=True, default=None)
    cycle = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1)
    minutes = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1,
                                       max_value=1440)


class AttendanceSerializer(serializers.Serializer):
    attendance = serializers.ChoiceField(choices=Session.Attendance.choices)
    who = serializers.ListField(child=serializers.ChoiceField(choices=WHO_CHOICES), required=False,
                                default=list, help_text="Who attended: mother, father, other_carer.")
    minutes = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1,
                                       max_value=1440)
    notes = serializers.CharField(required=False, allow_null=True, allow_blank=True, default=None,
                                  help_text="Only those who may read case notes may write them.")
    next_steps = serializers.CharField(required=False, allow_null=True, allow_blank=True, default=None)


@extend_schema_view(
    list=extend_schema(summary="Sessions of the families you may see"),
    retrieve=extend_schema(summary="A session"),
    create=extend_schema(summary="Book a session", request=SessionBookSerializer, responses={
        201: SessionSerializer, 400: OpenApiResponse(description="A field is wrong, named"),
        403: OpenApiResponse(description="You may not book sessions for this family")}),
)
class SessionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                     viewsets.GenericViewSet):
    serializer_class = SessionSerializer
    queryset = Session.objects.none()
    filterset_fields = ["enrolment", "attendance"]

    def get_queryset(self):
        return Session.objects.filter(enrolment__in=enrolments_visible_to(self.request.user)).select_related(
            "enrolment__case__family").order_by("starts_at", "pk")

    def get_serializer_class(self):
        return SessionBookSerializer if self.action == "create" else SessionSerializer

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        session = self.get_object()
        _family_access(request.user, session.enrolment, "API: session")
        return Response(self.get_serializer(session).data)

    def create(self, request: Request, *args, **kwargs) -> Response:
        given = SessionBookSerializer(data=request.data, context=self.get_serializer_context())
        given.is_valid(raise_exception=True)
        session = _call(services.session_book, by=request.user, **given.validated_data)
        return Response(self._read(session), status=status.HTTP_201_CREATED)

    def _read(self, session: Session) -> dict:
        fresh = self.get_queryset().get(pk=session.pk)
        return SessionSerializer(fresh, context=self.get_serializer_context()).data

    @extend_schema(summary="Record whether the family attended, who came and, for those who may, the notes",
                   request=AttendanceSerializer, responses={
                       200: SessionSerializer, 400: OpenApiResponse(description="A field is wrong, named"),
                       403: OpenApiResponse(description="You may not record this session, or its notes"),
                       404: OpenApiResponse(description="No such session that you may see")})
    @action(detail=True, methods=["post"])
    def attendance(self, request: Request, pk=None) -> Response:
        session = self.get_object()
        given = AttendanceSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        _call(services.attendance_record, session=session, by=request.user, **given.validated_data)
        return Response(self._read(session))


def register(router) -> None:
    """Add this area's endpoints to the API router."""
    router.register("enrolments", EnrolmentViewSet, basename="enrolment")
    router.register("sessions", SessionViewSet, basename="session")
