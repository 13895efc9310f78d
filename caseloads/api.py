"""The allocation API: read allocations of families the user may see; the team lead allocates."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError

from caseloads import selectors, services
from caseloads.models import Allocation
from families import policy
from families.models import Case
from team.models import User


class AllocationSerializer(serializers.ModelSerializer):
    case = serializers.PrimaryKeyRelatedField(queryset=Case.objects.all())
    key_worker = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())

    class Meta:
        model = Allocation
        fields = ["id", "case", "key_worker", "previous_key_worker", "kind", "allocated_by", "allocated_at",
                  "note"]
        read_only_fields = ["previous_key_worker", "kind", "allocated_by", "allocated_at"]


class AllocationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                        viewsets.GenericViewSet):
    """List and read allocations; POST allocates (or reassigns) a case: the team lead only."""

    serializer_class = AllocationSerializer
    queryset = Allocation.objects.none()

    def get_queryset(self):
        return selectors.allocations_visible_to(user=self.request.user)

    def perform_create(self, serializer):
        data = serializer.validated_data
        case = data["case"]
        if not policy.families_visible_to(self.request.user).filter(pk=case.family_id).exists():
            raise NotFound("No case found")
        try:
            serializer.instance = services.case_allocate(
                case=case, key_worker=data["key_worker"], by=self.request.user, note=data.get("note", ""))
        except DjangoPermissionDenied as denied:
            raise PermissionDenied(str(denied)) from None
        except DjangoValidationError as error:
            detail = error.message_dict if hasattr(error, "error_dict") else error.messages
            raise ValidationError(detail) from None
