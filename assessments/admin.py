"""The Django admin shows bookings only: the assessment's content is read on its own page."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from assessments.models import InitialAssessment


@admin.register(InitialAssessment)
class InitialAssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["pk", "family", "assessor", "booked_for", "place", "status"]
    list_filter = ["status", "place"]
    fields = ["family", "assessor", "booked_for", "place", "hub", "status", "completed_at", "locked"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
