"""The catalogue API: every team role reads the interventions; the team lead adds and changes
them, with their kinds of session and who may deliver them (the pages' access)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated

from assessments.measures import INSTRUMENTS
from interventions import catalogue_selectors, permissions
from interventions.models import DeliveryRequirement, Format, Programme, SessionKind
from interventions.services.catalogue import ONLY_TEAM_LEAD, programme_create, programme_update
from team.models import Competency, Level

MEASURE_CODES = sorted(INSTRUMENTS)


def as_drf_error(error: DjangoValidationError) -> ValidationError:
    return ValidationError(error.message_dict if hasattr(error, "error_dict") else error.messages)


class ReadsCatalogue(BasePermission):
    """The team's roles; partners and viewers see nothing here."""

    message = "Only the PIEW team reads the catalogue of interventions"

    def has_permission(self, request, view) -> bool:
        return permissions.can_read_catalogue(request.user)


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class CodeListField(serializers.ListField):
    """A list of codes from a fixed set. Its schema lists them in the description rather than as
    an enum of its own, so that one set of codes has one name in the schema."""

    def __init__(self, *, codes: list[str], what: str, **kwargs):
        child = serializers.ChoiceField(choices=codes, error_messages={
            "invalid_choice": f"Not one of the {what} codes: choose from {', '.join(codes)}"})
        super().__init__(child=child, help_text=f"{what[0].upper()}{what[1:]} codes: {', '.join(codes)}.",
                         **kwargs)


class SessionKindSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(
        required=False, allow_null=True,
        help_text="Give an existing kind's id to change it; leave it out to add a kind.")

    class Meta:
        model = SessionKind
        fields = ["id", "name", "expected", "with_family"]


class RequirementSerializer(serializers.ModelSerializer):
    competency = serializers.PrimaryKeyRelatedField(queryset=Competency.objects.all())
    minimum_level = serializers.ChoiceField(choices=[c for c in Level.choices if c[0] != Level.NONE])

    class Meta:
        model = DeliveryRequirement
        fields = ["competency", "minimum_level"]


class ProgrammeSerializer(serializers.ModelSerializer):
    formats = CodeListField(codes=Format.values, what="delivery format", allow_empty=False)
    measures_before = CodeListField(codes=MEASURE_CODES, what="measure", required=False)
    measures_after = CodeListField(codes=MEASURE_CODES, what="measure", required=False)
    session_kinds = SessionKindSerializer(
        many=True, required=False,
        help_text="All the kinds of session: on a change, a kind left out is removed.")
    delivery_requirements = RequirementSerializer(
        many=True, required=False, help_text="Meeting any one is enough; none means anyone on the team.")
    expected_sessions = serializers.IntegerField(read_only=True)

    class Meta:
        model = Programme
        fields = ["id", "code", "name", "description", "formats", "minimum_attended", "expected_sessions",
                  "uses_cycles", "default_cycles", "uses_licence_codes", "uses_video", "measures_before",
                  "measures_after", "caseload_weight", "delivered_by_partner", "active", "session_kinds",
                  "delivery_requirements"]


LEAD_ONLY = OpenApiResponse(description=ONLY_TEAM_LEAD)


@extend_schema_view(
    list=extend_schema(summary="The interventions in the catalogue"),
    retrieve=extend_schema(summary="An intervention"),
    create=extend_schema(summary="Add an intervention", responses={201: ProgrammeSerializer, 403: LEAD_ONLY}),
    update=extend_schema(summary="Change an intervention", responses={200: ProgrammeSerializer,
                                                                      403: LEAD_ONLY}),
    partial_update=extend_schema(summary="Change some of an intervention",
                                 responses={200: ProgrammeSerializer, 403: LEAD_ONLY}),
)
class ProgrammeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                       mixins.UpdateModelMixin, viewsets.GenericViewSet):
    serializer_class = ProgrammeSerializer
    permission_classes = [IsAuthenticated, ReadsCatalogue]
    queryset = Programme.objects.none()

    def get_queryset(self):
        return catalogue_selectors.programmes()

    def _save(self, service, serializer, **kwargs):
        if not permissions.can_edit_catalogue(self.request.user):
            raise PermissionDenied(ONLY_TEAM_LEAD)
        data = dict(serializer.validated_data)
        kinds = data.pop("session_kinds", None)
        requirements = data.pop("delivery_requirements", None)
        try:
            saved = service(by=self.request.user, session_kinds=kinds, requirements=requirements, **data,
                            **kwargs)
        except DjangoPermissionDenied as denied:
            raise PermissionDenied(str(denied)) from None
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        serializer.instance = catalogue_selectors.programmes().get(pk=saved.pk)

    def perform_create(self, serializer):
        self._save(programme_create, serializer)

    def perform_update(self, serializer):
        self._save(programme_update, serializer, programme=serializer.instance)


def register(router) -> None:
    """Add this area's endpoints to the API router."""
    router.register("programmes", ProgrammeViewSet, basename="programme")
