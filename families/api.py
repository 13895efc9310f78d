"""The families API: the same records and the same access as the pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError

from families import policy, services
from families.models import Caregiver, Case, Child, ConsentRecord, Family
from families.selectors import family_search
from team.models import Organisation, User
from team.roles import PRACTITIONER_ROLES


def _as_drf_error(error: DjangoValidationError) -> ValidationError:
    return ValidationError(error.message_dict if hasattr(error, "error_dict") else error.messages)


class VisibleFamilyField(serializers.PrimaryKeyRelatedField):
    """A family id, accepted only for families the requester may see."""

    def get_queryset(self):
        return policy.families_visible_to(self.context["request"].user)


class FamilySerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)

    class Meta:
        model = Family
        fields = ["id", "reference", "address_line_1", "address_line_2", "town", "postcode", "hub",
                  "created_at"]
        read_only_fields = ["created_at"]


class CaregiverSerializer(serializers.ModelSerializer):
    family = VisibleFamilyField()

    class Meta:
        model = Caregiver
        fields = ["id", "family", "relationship", "first_name", "last_name", "date_of_birth",
                  "nhs_number", "email", "mobile", "preferred_language", "interpreter_needed",
                  "ethnic_category", "first_time_parent"]


class ChildSerializer(serializers.ModelSerializer):
    family = VisibleFamilyField()

    class Meta:
        model = Child
        fields = ["id", "family", "first_name", "last_name", "date_of_birth", "expected_date",
                  "nhs_number"]


class CaseSerializer(serializers.ModelSerializer):
    family = VisibleFamilyField()
    # The same choice the case page offers: an active practitioner, or nobody yet.
    key_worker = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(
            is_active=True, groups__name__in=[role.value for role in PRACTITIONER_ROLES]
        ).distinct(),
        allow_null=True, required=False,
    )

    class Meta:
        model = Case
        fields = ["id", "family", "key_worker", "opened_at", "closed_at", "closure_reason",
                  "closure_note"]
        read_only_fields = ["opened_at", "closed_at", "closure_reason", "closure_note"]


class RecordViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """List, read, add and change; records about people are never deleted here."""

    page_name = "API"

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        family = self._family_of(self.get_object())
        services.family_access_record(family=family, user=request.user, page=self.page_name)
        return response

    @staticmethod
    def _family_of(record) -> Family:
        return record if isinstance(record, Family) else record.family

    def _visible_family(self, family: Family) -> Family:
        """The family a record belongs to, if the user may change it."""
        if not policy.can_change_family(self.request.user, family):
            raise PermissionDenied("You cannot change this family's record")
        return family


class FamilyViewSet(RecordViewSet):
    serializer_class = FamilySerializer
    page_name = "API: family"

    def get_queryset(self):
        text = self.request.query_params.get("search", "")
        return family_search(user=self.request.user, text=text)

    def perform_create(self, serializer):
        if not policy.can_create_family(self.request.user):
            raise PermissionDenied("Only the team lead and the administrator add families")
        try:
            serializer.instance = services.family_add(
                created_by=self.request.user, **serializer.validated_data)
        except DjangoValidationError as error:
            raise _as_drf_error(error) from None

    def perform_update(self, serializer):
        self._visible_family(serializer.instance)
        try:
            services.family_update(family=serializer.instance, **serializer.validated_data)
        except DjangoValidationError as error:
            raise _as_drf_error(error) from None


class CaregiverViewSet(RecordViewSet):
    serializer_class = CaregiverSerializer
    page_name = "API: parent or carer"

    def get_queryset(self):
        return Caregiver.objects.filter(family__in=policy.families_visible_to(self.request.user))

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        family = self._visible_family(data.pop("family"))
        try:
            serializer.instance = services.caregiver_add(family=family, **data)
        except DjangoValidationError as error:
            raise _as_drf_error(error) from None

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("family", None)
        self._visible_family(serializer.instance.family)
        try:
            services.caregiver_update(caregiver=serializer.instance, **data)
        except DjangoValidationError as error:
            raise _as_drf_error(error) from None


class ChildViewSet(RecordViewSet):
    serializer_class = ChildSerializer
    page_name = "API: baby"

    def get_queryset(self):
        return Child.objects.filter(family__in=policy.families_visible_to(self.request.user))

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        family = self._visible_family(data.pop("family"))
        try:
            serializer.instance = services.child_add(family=family, **data)
        except DjangoValidationError as error:
            raise _as_drf_error(error) from None

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("family", None)
        self._visible_family(serializer.instance.family)
        try:
            services.child_update(child=serializer.instance, **data)
        except DjangoValidationError as error:
            raise _as_drf_error(error) from None


class CaseViewSet(RecordViewSet):
    serializer_class = CaseSerializer
    page_name = "API: case"

    def get_queryset(self):
        return Case.objects.filter(
            family__in=policy.families_visible_to(self.request.user)
        ).select_related("key_worker")

    def _require_case_manager(self) -> None:
        if not policy.can_manage_cases(self.request.user):
            raise PermissionDenied("Only the team lead opens cases and chooses key workers")

    def perform_create(self, serializer):
        self._require_case_manager()
        family = serializer.validated_data["family"]
        try:
            serializer.instance = services.case_open(
                family=family, opened_by=self.request.user,
                key_worker=serializer.validated_data.get("key_worker"))
        except (IntegrityError, DjangoValidationError):
            # full_clean() checks the one-open-case constraint before the database does (as on
            # the page); either way the problem is the family's open case, not a server error.
            raise ValidationError({"family": ["This family already has an open case"]}) from None

    def perform_update(self, serializer):
        self._require_case_manager()
        if "key_worker" in serializer.validated_data:  # a PATCH without it keeps the key worker
            services.case_update(case=serializer.instance,
                                 key_worker=serializer.validated_data["key_worker"])


class ConsentSerializer(serializers.ModelSerializer):
    """A parent's decision. Read and added here; never changed, as history is never overwritten."""

    caregiver = serializers.PrimaryKeyRelatedField(queryset=Caregiver.objects.none())
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(active=True), allow_null=True, required=False
    )
    decided_on = serializers.DateField(required=False)

    class Meta:
        model = ConsentRecord
        fields = ["id", "family", "caregiver", "purpose", "organisation", "decision", "decided_on",
                  "method", "note", "recorded_by", "recorded_at"]
        read_only_fields = ["family", "recorded_by", "recorded_at"]

    def get_fields(self):
        fields = super().get_fields()
        families = policy.consent_families_visible_to(self.context["request"].user)
        fields["caregiver"].queryset = Caregiver.objects.filter(family__in=families)
        return fields


class ConsentViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                     viewsets.GenericViewSet):
    """Consent records: list, read and add. No change or delete: a new decision is a new record."""

    serializer_class = ConsentSerializer

    def get_queryset(self):
        families = policy.consent_families_visible_to(self.request.user)
        return ConsentRecord.objects.filter(family__in=families).select_related(
            "caregiver", "organisation", "recorded_by")

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        services.family_access_record(family=self.get_object().family, user=request.user,
                                      page="API: consent")
        return response

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        caregiver = data.pop("caregiver")
        if not policy.can_record_consent(self.request.user, caregiver.family):
            raise PermissionDenied("You cannot record consent for this family")
        try:
            serializer.instance = services.consent_record(
                caregiver=caregiver, recorded_by=self.request.user, **data)
        except DjangoValidationError as error:
            raise _as_drf_error(error) from None
