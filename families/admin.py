"""Families in the Django admin: for support staff to read and correct. Records about people
are never deleted here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from families.models import Caregiver, Case, Child, Family, FamilyAccessLog


class NoDeleteAdmin(SimpleHistoryAdmin):
    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class CaregiverInline(admin.StackedInline):
    model = Caregiver
    extra = 0
    can_delete = False


class ChildInline(admin.StackedInline):
    model = Child
    extra = 0
    can_delete = False


@admin.register(Family)
class FamilyAdmin(NoDeleteAdmin):
    list_display = ["reference", "postcode", "hub", "created_at"]
    list_filter = ["hub"]
    search_fields = ["postcode", "caregivers__last_name", "caregivers__nhs_number"]
    inlines = [CaregiverInline, ChildInline]


@admin.register(Case)
class CaseAdmin(NoDeleteAdmin):
    list_display = ["family", "key_worker", "opened_at", "closed_at", "closure_reason"]
    list_filter = ["closure_reason"]
    raw_id_fields = ["family"]


@admin.register(FamilyAccessLog)
class FamilyAccessLogAdmin(admin.ModelAdmin):
    list_display = ["viewed_at", "user", "family", "page"]
    raw_id_fields = ["family", "user"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
