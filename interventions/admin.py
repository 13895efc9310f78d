from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from interventions.models import (
    DeliveryOverride,
    DeliveryRequirement,
    Enrolment,
    GroupRun,
    GroupSession,
    LicenceCode,
    Programme,
    Session,
    SessionKind,
    VideoDeletion,
    VideoRecording,
)


class SessionKindInline(admin.TabularInline):
    model = SessionKind
    extra = 0


class DeliveryRequirementInline(admin.TabularInline):
    model = DeliveryRequirement
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "minimum_attended", "caseload_weight", "active"]
    inlines = [SessionKindInline, DeliveryRequirementInline]


@admin.register(Enrolment)
class EnrolmentAdmin(SimpleHistoryAdmin):
    list_display = ["pk", "programme", "status", "practitioner", "starts_on", "ended_on"]
    list_filter = ["programme", "status"]
    raw_id_fields = ["case", "caregivers", "practitioner", "group_run", "enrolled_by", "ended_by"]


@admin.register(Session)
class SessionAdmin(SimpleHistoryAdmin):
    list_display = ["pk", "enrolment", "starts_at", "mode", "attendance"]
    list_filter = ["attendance", "mode"]
    raw_id_fields = ["enrolment", "group_session", "booked_by", "attendance_recorded_by"]
    exclude = ["notes"]


@admin.register(GroupRun)
class GroupRunAdmin(SimpleHistoryAdmin):
    list_display = ["title", "programme", "starts_on", "ends_on", "capacity"]


admin.site.register(GroupSession, SimpleHistoryAdmin)
admin.site.register(LicenceCode, SimpleHistoryAdmin)
admin.site.register(DeliveryOverride)


@admin.register(VideoRecording)
class VideoRecordingAdmin(SimpleHistoryAdmin):
    list_display = ["pk", "enrolment", "filmed_on", "delete_after", "deleted_at"]
    exclude = ["clip"]


@admin.register(VideoDeletion)
class VideoDeletionAdmin(admin.ModelAdmin):
    list_display = ["recording", "file_name", "reason", "deleted_at"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
