"""The initial assessment API: the same access as the pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from assessments import permissions, selectors, services
from assessments.models import AssessmentAddendum, InitialAssessment, recommendable_choices
from families import policy
from families.services import family_access_record

BOOKING_FIELDS = ["id", "family", "assessor", "booked_for", "place", "hub", "status", "completed_at",
                  "locked"]


def _as_drf_error(error: DjangoValidationError) -> ValidationError:
    return ValidationError(error.message_dict if hasattr(error, "error_dict") else error.messages)


class AddendumSerializer(serializers.ModelSerializer):
    class Meta:
        model = AssessmentAddendum
        fields = ["id", "author", "written_at", "text"]
        read_only_fields = ["author", "written_at"]


class AssessmentSerializer(serializers.ModelSerializer):
    recommended_interventions = serializers.ListField(child=serializers.CharField(), required=False)
    addenda = AddendumSerializer(many=True, read_only=True)

    class Meta:
        model = InitialAssessment
        fields = [*BOOKING_FIELDS, *services.SECTION_FIELDS, "addenda"]
        read_only_fields = ["status", "completed_at", "locked"]

    def validate_recommended_interventions(self, codes):
        """Codes of the catalogue's active interventions (or ones the assessment already chose)."""
        kept = self.instance.recommended_interventions if self.instance else []
        allowed = {code for code, _ in recommendable_choices(keep=kept or [])}
        unknown = [code for code in codes if code not in allowed]
        if unknown:
            raise ValidationError(f"Choose interventions from the catalogue: {', '.join(unknown)} "
                                  f"{'is' if len(unknown) == 1 else 'are'} not offered")
        return list(dict.fromkeys(codes))

    def validate_family(self, family):
        user = self.context["request"].user
        if not policy.families_visible_to(user).filter(pk=family.pk).exists():
            raise ValidationError("No family found")
        return family

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not permissions.can_read_content(self.context["request"].user, instance):
            return {name: data[name] for name in BOOKING_FIELDS}
        return data


class AssessmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                        mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Book (create), read and record drafts; POST ``complete``; POST ``addenda``. Never deleted."""

    serializer_class = AssessmentSerializer
    queryset = InitialAssessment.objects.none()

    def get_queryset(self):
        return selectors.assessments_visible_to(user=self.request.user)

    def get_object(self):
        assessment = selectors.assessment_get_for_user(user=self.request.user, pk=self.kwargs["pk"])
        family_access_record(family=assessment.family, user=self.request.user, page="API: initial assessment")
        return assessment

    def _content_object(self, allowed):
        assessment = self.get_object()
        if not allowed(self.request.user, assessment):
            raise Http404("No assessment found")
        return assessment

    def perform_create(self, serializer):
        data = serializer.validated_data
        if not permissions.can_book(self.request.user, data["family"]):
            raise Http404("No family found")
        try:
            serializer.instance = services.assessment_book(
                family=data["family"], assessor=data["assessor"], booked_for=data["booked_for"],
                place=data["place"], hub=data.get("hub"), booked_by=self.request.user)
        except DjangoValidationError as error:
            raise _as_drf_error(error) from None

    def update(self, request, *args, **kwargs):
        assessment = self._content_object(permissions.can_record)
        serializer = self.get_serializer(assessment, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        fields = {name: value for name, value in serializer.validated_data.items()
                  if name in services.SECTION_FIELDS}
        try:
            assessment = services.assessment_save_draft(assessment=assessment, **fields)
        except DjangoValidationError as error:
            raise _as_drf_error(error) from None
        return Response(self.get_serializer(assessment).data)

    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        assessment = self._content_object(permissions.can_record)
        try:
            assessment = services.assessment_complete(assessment=assessment, by=request.user)
        except DjangoValidationError as error:
            raise _as_drf_error(error) from None
        return Response(self.get_serializer(assessment).data)

    @action(detail=True, methods=["post"], serializer_class=AddendumSerializer)
    def addenda(self, request, pk=None):
        assessment = self._content_object(permissions.can_add_addendum)
        serializer = AddendumSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            addendum = services.assessment_addendum_add(
                assessment=assessment, author=request.user, text=serializer.validated_data["text"])
        except DjangoValidationError as error:
            raise _as_drf_error(error) from None
        return Response(AddendumSerializer(addendum).data, status=status.HTTP_201_CREATED)
