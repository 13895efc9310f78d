"""The outcome measures API: the catalogue, administrations and change results.

The same access as the pages: those who may read a family's case notes record and read its
measures; the administrator, partners and viewers see none (404 on a single record).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from assessments import measures, outcome_selectors, outcomes
from assessments.outcome_models import MeasureAdministration
from assessments.outcome_permissions import can_record_measures
from families.models import Caregiver
from families.services import family_access_record
from interventions.models import Enrolment

SCORE_FIELDS = ["total", "subscales", "band", "flags", "prorated", "risk_alert"]
PAIR_FIELDS = ["baseline", "change", "reliable", "clinically_significant", "recovered", "reliable_recovery"]


def _as_drf_error(error: DjangoValidationError) -> ValidationError:
    return ValidationError(error.message_dict if hasattr(error, "error_dict") else error.messages)


def instrument_data(instrument: measures.Instrument) -> dict:
    return {
        "code": instrument.code,
        "name": instrument.name,
        "items": instrument.n_items,
        "totals_only": instrument.totals_only,
        "item_text_allowed": instrument.item_text_allowed,
        "licence": instrument.licence,
        "source": instrument.source,
        "total_min": instrument.total_min,
        "total_max": instrument.total_max,
        "better": instrument.better,
        "cut_off": instrument.cut_off,
        "cut_off_rule": instrument.cut_off_rule,
        "reliable_change": instrument.reliable_change,
        "reliable_change_source": instrument.reliable_change_source,
        "missing_rule": instrument.missing.description,
        "risk_items": instrument.risk_items,
        "options": [
            {
                "item": item.number,
                "text": item.text if instrument.item_text_allowed else None,
                "labels": list(item.option_labels),
                "scores": list(item.scores),
            }
            for item in instrument.items
        ],
    }


class MeasureCatalogueViewSet(viewsets.ViewSet):
    """The measures the service scores: items, options in printed order, licence, cut-off and
    reliable change. Item text only where the licence allows it."""

    lookup_field = "code"
    lookup_value_regex = "[A-Za-z0-9_:-]+"

    @extend_schema(operation_id="v1_measures_list", responses={200: dict})
    def list(self, request):
        return Response(
            [instrument_data(instrument) for _, instrument in sorted(measures.INSTRUMENTS.items())]
        )

    @extend_schema(responses={200: dict})
    def retrieve(self, request, code=None):
        try:
            return Response(instrument_data(measures.get(code)))
        except ValueError:
            raise Http404("No such measure") from None


class AdministrationSerializer(serializers.ModelSerializer):
    answers = serializers.ListField(
        child=serializers.IntegerField(allow_null=True),
        required=False,
        allow_null=True,
        help_text="One option index per item in printed order; null if unanswered",
    )
    total = serializers.FloatField(
        required=False, allow_null=True, help_text="Only for measures recorded as a total; otherwise computed"
    )
    submission_key = serializers.UUIDField(required=False, allow_null=True, write_only=True)
    caregiver = serializers.PrimaryKeyRelatedField(queryset=Caregiver.objects.all())
    enrolment = serializers.PrimaryKeyRelatedField(
        queryset=Enrolment.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = MeasureAdministration
        fields = [
            "id",
            "caregiver",
            "case",
            "enrolment",
            "instrument",
            "time_point",
            "completed_on",
            "method",
            "administered_by",
            "recorded_at",
            "answers",
            "submission_key",
            *SCORE_FIELDS,
            *PAIR_FIELDS,
        ]
        read_only_fields = ["case", "administered_by", "recorded_at", *SCORE_FIELDS[1:], *PAIR_FIELDS]


class MeasureAdministrationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Record a measure (POST answers, or a total for a licensed measure) and get its score back;
    list and read those of families whose case notes you may read."""

    serializer_class = AdministrationSerializer
    queryset = MeasureAdministration.objects.none()

    def get_queryset(self):
        return outcome_selectors.administrations_visible_to(user=self.request.user)

    def get_object(self):
        row = outcome_selectors.administration_get_for_user(user=self.request.user, pk=self.kwargs["pk"])
        family_access_record(family=row.case.family, user=self.request.user, page="API: outcome measure")
        return row

    def perform_create(self, serializer):
        data = serializer.validated_data
        caregiver, enrolment = data["caregiver"], data.get("enrolment")
        if not can_record_measures(self.request.user, caregiver.family):
            raise Http404("No family found")
        case = enrolment.case if enrolment else caregiver.family.cases.filter(closed_at__isnull=True).first()
        if case is None or case.family_id != caregiver.family_id:
            raise ValidationError(
                {"enrolment": ["Choose an enrolment of this parent's family, or open a case"]}
            )
        try:
            serializer.instance = outcomes.administration_record(
                caregiver=caregiver,
                case=case,
                enrolment=enrolment,
                instrument=data["instrument"],
                time_point=data["time_point"],
                completed_on=data["completed_on"],
                method=data["method"],
                administered_by=self.request.user,
                recorded_by=self.request.user,
                answers=data.get("answers"),
                total=data.get("total"),
                submission_key=data.get("submission_key"),
            )
        except DjangoValidationError as error:
            raise _as_drf_error(error) from None


class ChangeSerializer(serializers.ModelSerializer):
    baseline_total = serializers.FloatField(source="baseline.total", read_only=True)
    baseline_on = serializers.DateField(source="baseline.completed_on", read_only=True)

    class Meta:
        model = MeasureAdministration
        fields = [
            "id",
            "caregiver",
            "case",
            "enrolment",
            "instrument",
            "baseline",
            "baseline_total",
            "baseline_on",
            "total",
            "completed_on",
            "change",
            "reliable",
            "clinically_significant",
            "recovered",
            "reliable_recovery",
        ]
        read_only_fields = fields


class MeasureChangeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Baseline/end pairs with their change, reliable change, clinically significant change and, for
    PHQ-9 and GAD-7, recovery. The id is the end administration's."""

    serializer_class = ChangeSerializer
    queryset = MeasureAdministration.objects.none()

    def get_queryset(self):
        return outcome_selectors.administrations_visible_to(user=self.request.user).filter(
            baseline__isnull=False
        )

    def get_object(self):
        row = outcome_selectors.administration_get_for_user(user=self.request.user, pk=self.kwargs["pk"])
        if row.baseline_id is None:
            raise Http404("No pair found")
        family_access_record(family=row.case.family, user=self.request.user, page="API: outcome change")
        return row


def register(router) -> None:
    router.register("measures", MeasureCatalogueViewSet, basename="measure")
    router.register(
        "measure-administrations", MeasureAdministrationViewSet, basename="measure-administration"
    )
    router.register("measure-changes", MeasureChangeViewSet, basename="measure-change")
