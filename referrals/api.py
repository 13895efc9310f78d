"""The referrals API: list, read and add referrals, and the triage actions, with the pages' access.

Lists and reads go through ``referrals_visible_to`` (an invisible referral answers 404, as one
that does not exist); triage actions need ``can_triage`` (403). A partner organisation's
system, signed in with its worker's token, may only send referrals from its organisation and
read those back.
"""

from collections.abc import Callable

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
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

from families.policy import families_visible_to
from families.services import family_access_record
from referrals import permissions, services
from referrals.models import Channel, Reason, Referral, ReferrerRole, Source
from referrals.transitions import Status
from team.models import Hub, Organisation, User
from team.roles import Role


def _as_drf_error(error: DjangoValidationError) -> ValidationError:
    return ValidationError(error.message_dict if hasattr(error, "error_dict") else error.messages)


class CodeField(serializers.ChoiceField):
    """A choice given by its code. The refusal does not repeat what was sent."""

    default_error_messages = {"invalid_choice": "Not one of the codes this field accepts"}


@extend_schema_field(OpenApiTypes.INT)
class VisibleReferralField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return permissions.referrals_visible_to(self.context["request"].user)


@extend_schema_field(OpenApiTypes.INT)
class VisibleFamilyField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return families_visible_to(self.context["request"].user)


class ReasonCodesField(serializers.ListField):
    """The referral's coded reasons, as a list of codes both ways."""

    def __init__(self, **kwargs):
        super().__init__(child=CodeField(choices=Reason.choices), **kwargs)

    def to_representation(self, data):
        return [row.reason for row in data.all()] if hasattr(data, "all") else super().to_representation(data)


class ReferralSerializer(serializers.ModelSerializer):
    serializer_choice_field = CodeField
    reference = serializers.CharField(read_only=True)
    reasons = ReasonCodesField(required=False, default=list,
                               help_text="The coded reasons for the referral.")

    class Meta:
        model = Referral
        fields = [
            "id", "reference", "status", "source", "channel", "hub", "received_at",
            "referrer_name", "referrer_role", "referrer_organisation", "referrer_partner",
            "referrer_email", "referrer_phone", "family_agreed", "reasons", "reason_detail",
            "parent_first_name", "parent_last_name", "parent_relationship", "parent_date_of_birth",
            "parent_nhs_number", "parent_email", "parent_mobile", "preferred_language",
            "address_line_1", "address_line_2", "town", "postcode", "other_parent_name",
            "baby_date_of_birth", "baby_due_date", "original_message",
            "family", "triaged_at", "triaged_by", "first_contact_at", "closed_at", "decision_note",
            "signposted_to", "duplicate_of", "created_by",
        ]
        read_only_fields = [
            "status", "received_at", "family", "triaged_at", "triaged_by", "first_contact_at",
            "closed_at", "decision_note", "signposted_to", "duplicate_of", "created_by",
        ]
        extra_kwargs = {
            "source": {"required": False,
                       "help_text": "Required from staff; always `partner` for a partner's system."},
            "channel": {"required": False,
                        "help_text": "Required from staff; `other` for a partner's system if not given."},
            "referrer_partner": {
                "help_text": "Set to the partner's own organisation for a partner's system."},
        }


class ReferralFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Status.choices)
    source = django_filters.ChoiceFilter(choices=Source.choices)
    channel = django_filters.ChoiceFilter(choices=Channel.choices)
    hub = django_filters.ModelChoiceFilter(queryset=Hub.objects.all())
    received_after = django_filters.DateFilter(
        field_name="received_at", lookup_expr="date__gte", label="Received on or after this date")
    received_before = django_filters.DateFilter(
        field_name="received_at", lookup_expr="date__lte", label="Received on or before this date")

    class Meta:
        model = Referral
        fields = ["status", "source", "channel", "hub", "received_after", "received_before"]


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AcceptSerializer(serializers.Serializer):
    family = VisibleFamilyField(required=False, allow_null=True, default=None,
                                help_text="A known family to link; otherwise one is made from the referral.")
    first_contact_by = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True, groups__name=Role.HEALTH_VISITOR.value),
        required=False, allow_null=True, default=None,
        help_text="The health visitor who will make first contact.")


class SignpostSerializer(NoteSerializer):
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(active=True), required=False, allow_null=True,
        default=None)


class DuplicateSerializer(NoteSerializer):
    duplicate_of = VisibleReferralField(required=False, allow_null=True, default=None)
    family = VisibleFamilyField(required=False, allow_null=True, default=None)


REFUSED = OpenApiResponse(
    response=inline_serializer("TransitionRefused", {"detail": serializers.CharField()}),
    description="The referral is no longer in a state where this can be done; nothing was changed.",
)


def _action_schema(request_serializer, summary: str):
    return extend_schema(
        summary=summary, request=request_serializer,
        responses={200: ReferralSerializer, 400: OpenApiResponse(description="A field is wrong"),
                   403: OpenApiResponse(description="Only the triage roles may do this"),
                   404: OpenApiResponse(description="No such referral that you may see"),
                   409: REFUSED},
    )


@extend_schema_view(
    list=extend_schema(summary="Referrals you may see"),
    retrieve=extend_schema(summary="A referral"),
    create=extend_schema(summary="Record a referral", responses={
        201: ReferralSerializer, 400: OpenApiResponse(description="A field is wrong"),
        403: OpenApiResponse(description="Only the triage roles and partners add referrals")}),
)
class ReferralViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      viewsets.GenericViewSet):
    serializer_class = ReferralSerializer
    filterset_class = ReferralFilter

    def get_queryset(self):
        return permissions.referrals_visible_to(self.request.user).select_related(
            "triaged_by").prefetch_related("reasons").order_by("received_at", "pk")

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        response = super().retrieve(request, *args, **kwargs)
        referral = self.get_object()
        if referral.family_id:
            family_access_record(family=referral.family, user=request.user, page="API: referral")
        return response

    def create(self, request: Request, *args, **kwargs) -> Response:
        if not permissions.can_create_referral(request.user):
            raise PermissionDenied("Only the administrator, the team lead and partner "
                                   "organisations add referrals")
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        reasons = data.pop("reasons", [])
        if not permissions.can_triage(self.request.user):
            data = self._as_partner_referral(data)
        try:
            serializer.instance = services.referral_create(
                data=data, reasons=reasons, created_by=self.request.user)
        except DjangoValidationError as error:
            raise _as_drf_error(error) from None

    def _as_partner_referral(self, data: dict) -> dict:
        """A partner's referral is from its own organisation, whatever the payload says."""
        user = self.request.user
        organisation_id = permissions.partner_organisation_id(user)
        if organisation_id is None:
            raise ValidationError({"referrer_partner": [
                "Your account is not linked to a partner organisation. Ask the PIEW team to link it"]})
        organisation = Organisation.objects.get(pk=organisation_id)
        return {
            **data, "source": Source.PARTNER, "referrer_partner": organisation,
            "channel": data.get("channel") or Channel.OTHER,
            "referrer_name": data.get("referrer_name") or user.get_full_name() or organisation.name,
            "referrer_role": data.get("referrer_role") or ReferrerRole.VCS_WORKER,
            "referrer_organisation": data.get("referrer_organisation") or organisation.name,
        }

    def _triage(self, request: Request, serializer_class, service: Callable, **fixed) -> Response:
        """Run one triage action on a referral the user may see and triage."""
        referral = self.get_object()
        if not permissions.can_triage(request.user):
            raise PermissionDenied("Only the administrator and the team lead triage referrals")
        given = serializer_class(data=request.data, context=self.get_serializer_context())
        given.is_valid(raise_exception=True)
        try:
            service(referral_id=referral.pk, by=request.user, **given.validated_data, **fixed)
        except services.TransitionRefused as refusal:
            return Response({"detail": str(refusal)}, status=status.HTTP_409_CONFLICT)
        except DjangoValidationError as error:
            raise _as_drf_error(error) from None
        return Response(self.get_serializer(self.get_object()).data)

    @_action_schema(AcceptSerializer, "Accept the referral")
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk=None) -> Response:
        return self._triage(request, AcceptSerializer, services.referral_accept)

    @_action_schema(NoteSerializer, "Ask for more information")
    @action(detail=True, methods=["post"], url_path="request-info")
    def request_info(self, request: Request, pk=None) -> Response:
        return self._triage(request, NoteSerializer, services.referral_request_info)

    @_action_schema(NoteSerializer, "Record that the information asked for arrived")
    @action(detail=True, methods=["post"], url_path="info-received")
    def info_received(self, request: Request, pk=None) -> Response:
        return self._triage(request, NoteSerializer, services.referral_info_received)

    @_action_schema(NoteSerializer, "Decline the referral, with the reason")
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk=None) -> Response:
        return self._triage(request, NoteSerializer, services.referral_decline)

    @_action_schema(SignpostSerializer, "Signpost the family to another service")
    @action(detail=True, methods=["post"])
    def signpost(self, request: Request, pk=None) -> Response:
        return self._triage(request, SignpostSerializer, services.referral_signpost)

    @_action_schema(DuplicateSerializer, "Mark as a duplicate of a referral or a family")
    @action(detail=True, methods=["post"], url_path="mark-duplicate")
    def mark_duplicate(self, request: Request, pk=None) -> Response:
        return self._triage(request, DuplicateSerializer, services.referral_mark_duplicate)
