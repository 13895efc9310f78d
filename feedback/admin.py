from django.contrib import admin

from feedback.models import FeedbackRequest, FeedbackResponse, Questionnaire


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["version", "created_at", "created_by"]
    readonly_fields = ["version", "created_at", "created_by"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(FeedbackRequest)
class FeedbackRequestAdmin(admin.ModelAdmin):
    """Read-only: the send task and the sweep own these rows."""

    list_display = ["pk", "enrolment", "channel", "state", "queued_at", "sent_at", "attempts"]
    list_filter = ["state", "channel"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(FeedbackResponse)
class FeedbackResponseAdmin(admin.ModelAdmin):
    list_display = ["pk", "enrolment", "questionnaire", "source", "respondent", "submitted_at"]
    list_filter = ["source", "respondent"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
