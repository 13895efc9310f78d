"""The group programme API: runs and their sessions' registers, with the pages' access.

Runs are listed and set up by those who may manage groups (others: 403). A run, a session or a
register the user may not keep is answered 404, as if it did not exist.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from families.services import family_access_record_many
from interventions import permissions
from interventions.forms.groups import WHO_ATTENDED, WHO_FIELDS, facilitators_queryset
from interventions.models import GroupRun, GroupSession, Programme, Session
from interventions.selectors import groups as selectors
from interventions.services import groups as services
from team.models import Hub


def _as_drf_error(error: DjangoValidationError) -> ValidationError:
    return ValidationError(error.message_dict if hasattr(error, "error_dict") else error.messages)


class GroupSessionSerializer(serializers.ModelSerializer):
    kind = serializers.StringRelatedField()

    class Meta:
        model = GroupSession
        fields = ["id", "run", "number", "kind", "starts_at", "minutes"]


class GroupRunSerializer(serializers.ModelSerializer):
    programme = serializers.SlugRelatedField(slug_field="code", queryset=Programme.objects.all())
    hub = serializers.PrimaryKeyRelatedField(queryset=Hub.objects.filter(active=True), required=False,
                                             allow_null=True)
    venue = serializers.CharField(required=False, allow_blank=True, max_length=200,
                                  help_text="Where the group meets when it is not at a Family Hub")
    facilitators = serializers.PrimaryKeyRelatedField(many=True, queryset=facilitators_queryset())
    places_taken = serializers.IntegerField(source="taken", read_only=True)
    waiting = serializers.IntegerField(read_only=True)
    sessions = GroupSessionSerializer(many=True, read_only=True)
    first_session = serializers.DateTimeField(write_only=True, help_text="When the first session starts")
    weekly_sessions = serializers.IntegerField(write_only=True, min_value=1, max_value=services.MOST_SESSIONS)
    minutes = serializers.IntegerField(write_only=True, required=False, allow_null=True, min_value=1,
                                       max_value=600)

    class Meta:
        model = GroupRun
        fields = ["id", "programme", "title", "hub", "venue", "facilitators", "starts_on", "ends_on",
                  "capacity",
                  "places_taken", "waiting", "cancelled_at", "sessions", "first_session", "weekly_sessions",
                  "minutes"]
        read_only_fields = ["starts_on", "ends_on", "cancelled_at"]


class RegisterRowSerializer(serializers.ModelSerializer):
    """One family's row on a session's register."""

    session = serializers.IntegerField(source="pk", read_only=True)
    enrolment = serializers.IntegerField(source="enrolment_id", read_only=True)
    family = serializers.CharField(source="enrolment.case.family.reference", read_only=True)
    taking_part = serializers.SerializerMethodField()
    who = serializers.SerializerMethodField()

    class Meta:
        model = Session
        fields = ["session", "enrolment", "family", "taking_part", "attendance", "who",
                  "attendance_recorded_at"]

    def get_taking_part(self, row) -> list[str]:
        return [caregiver.full_name for caregiver in row.enrolment.caregivers.all()]

    def get_who(self, row) -> list[str]:
        return [name for name, field in WHO_FIELDS.items() if getattr(row, field)]


class RegisterEntrySerializer(serializers.Serializer):
    session = serializers.IntegerField(help_text="The register row's id")
    attendance = serializers.ChoiceField(choices=Session.Attendance.choices)
    who = serializers.ListField(child=serializers.ChoiceField(choices=WHO_ATTENDED), required=False,
                                default=list)


class RegisterSerializer(serializers.Serializer):
    entries = RegisterEntrySerializer(many=True, allow_empty=False)


class GroupRunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                      viewsets.GenericViewSet):
    """Group runs the user facilitates or manages; POST sets one up with its weekly sessions."""

    serializer_class = GroupRunSerializer
    queryset = GroupRun.objects.none()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.action in ("list", "create") and not permissions.can_manage_groups(request.user):
            raise PermissionDenied("You cannot see group programmes")

    def get_queryset(self):
        return selectors.runs_visible_to(user=self.request.user).prefetch_related(
            "facilitators", "sessions__kind")

    def perform_create(self, serializer):
        data = serializer.validated_data
        try:
            run = services.run_create(
                programme=data["programme"], title=data["title"], hub=data.get("hub"),
                venue=data.get("venue", ""), capacity=data["capacity"],
                facilitators=data["facilitators"], first_session=data["first_session"],
                sessions=data["weekly_sessions"], minutes=data.get("minutes"), by=self.request.user)
        except DjangoPermissionDenied as denied:
            raise PermissionDenied(str(denied)) from None
        except DjangoValidationError as error:
            raise _as_drf_error(error) from None
        serializer.instance = self.get_queryset().get(pk=run.pk)

    @extend_schema(request=None, responses=GroupRunSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancel the run: its families leave it, waiting for a group place; 409 if already cancelled."""
        run = self.get_object()
        try:
            services.run_cancel(run=run, by=request.user)
        except DjangoPermissionDenied as denied:
            raise PermissionDenied(str(denied)) from None
        except DjangoValidationError as error:
            return Response({"detail": " ".join(error.messages)}, status=status.HTTP_409_CONFLICT)
        return Response(GroupRunSerializer(self.get_queryset().get(pk=run.pk)).data)


class GroupSessionViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A group session; GET ``register`` lists its families, POST ``register`` records them all at once."""

    serializer_class = GroupSessionSerializer
    queryset = GroupSession.objects.none()

    def get_object(self):
        return selectors.group_session_get_for_user(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(request=RegisterSerializer, responses=RegisterRowSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def register(self, request, pk=None):
        group_session = self.get_object()
        if request.method == "POST":
            self._record(group_session)
        rows = list(selectors.register_rows(group_session=group_session))
        family_access_record_many(families=[row.enrolment.case.family for row in rows], user=request.user,
                                     page="API: group register")
        return Response(RegisterRowSerializer(rows, many=True).data, status=status.HTTP_200_OK)

    def _record(self, group_session: GroupSession) -> None:
        serializer = RegisterSerializer(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        entries = [services.RegisterEntry(session_id=entry["session"], attendance=entry["attendance"],
                                          who=frozenset(entry["who"]))
                   for entry in serializer.validated_data["entries"]]
        try:
            services.register_record(group_session=group_session, entries=entries, by=self.request.user)
        except DjangoPermissionDenied as denied:
            raise PermissionDenied(str(denied)) from None
        except DjangoValidationError as error:
            raise _as_drf_error(error) from None


def register(router) -> None:
    """Add this area's endpoints to the API router."""
    router.register("group-runs", GroupRunViewSet, basename="group-run")
    router.register("group-sessions", GroupSessionViewSet, basename="group-session")
