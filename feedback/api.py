"""The feedback API under /api/v1/: request status and results, with the pages' access."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from feedback import permissions, selectors
from feedback.models import FeedbackRequest


class FeedbackRequestSerializer(serializers.ModelSerializer):
    answered = serializers.SerializerMethodField()

    class Meta:
        model = FeedbackRequest
        fields = ["id", "enrolment", "caregiver", "channel", "state", "failure_reason", "queued_at",
                  "sent_at", "delivered_at", "reminder_sent_at", "cancelled_at", "attempts", "answered"]
        read_only_fields = fields

    def get_answered(self, request: FeedbackRequest) -> bool:
        return hasattr(request, "response")


class FeedbackRequestViewSet(viewsets.ReadOnlyModelViewSet):
    """Feedback requests for the families whose team record you may read."""

    serializer_class = FeedbackRequestSerializer
    filterset_fields = ["enrolment", "caregiver", "state"]

    def get_queryset(self):
        return (permissions.requests_visible_to(self.request.user)
                .select_related("response").order_by("-queued_at", "-pk"))


def _results_payload(exact: bool) -> dict:
    results = selectors.feedback_results()

    def n(value: int) -> int | str:
        return value if exact else selectors.suppressed(value)

    def rates(items) -> list[dict]:
        return [{"group": r.label, "asked": n(r.asked), "answered": n(r.answered)} for r in items]

    return {
        "suppressed_below": None if exact else selectors.SUPPRESS_BELOW,
        "responses": {"all": n(results.responses), "online": n(results.online), "paper": n(results.paper)},
        "by_intervention": rates(results.by_programme),
        "by_person_asked": rates(results.by_person),
        "who_answered": [{"group": label, "count": n(count)} for label, count in results.respondents],
        "friends_and_family_test": {
            "answers": [{"answer": label, "count": n(count)} for label, count in results.fft],
            "positive": n(results.positive), "counted": n(results.fft_counted),
            "dont_know": n(results.dont_know)},
        "statements": [{"statement": s.text, "agreed": n(s.agreed), "answered": n(s.answered)}
                       for s in results.statements],
    }


class FeedbackResultsViewSet(viewsets.ViewSet):
    """Aggregate feedback results: exact for the team lead, counts under 5 suppressed for a viewer.
    No comments and no names."""

    @extend_schema(responses={200: dict})
    def list(self, request):
        if not permissions.can_see_results(request.user):
            raise PermissionDenied("Only the team lead and viewers may see feedback results")
        return Response(_results_payload(permissions.sees_exact_results(request.user)))


def register(router) -> None:
    """Add feedback's endpoints to the API router."""
    router.register("feedback-requests", FeedbackRequestViewSet, basename="feedback-request")
    router.register("feedback-results", FeedbackResultsViewSet, basename="feedback-results")
