from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from team.models import Hub, Organisation, StaffProfile, User


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    can_delete = False
    autocomplete_fields = ["organisation", "hub"]


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    inlines = [StaffProfileInline]
    list_display = ["username", "first_name", "last_name", "email", "role_name", "is_active"]
    list_filter = ["groups", "is_active", "profile__organisation"]

    @admin.display(description="Role")
    def role_name(self, user: User) -> str:
        return user.role.label if user.role else "No role"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name"]


@admin.register(Hub)
class HubAdmin(admin.ModelAdmin):
    list_display = ["name", "postcode", "active"]
    search_fields = ["name", "postcode"]


@admin.register(StaffProfile)
class StaffProfileAdmin(SimpleHistoryAdmin):
    list_display = ["user", "job_title", "organisation", "hub", "caseload_capacity", "active"]
    list_filter = ["organisation", "hub", "working_pattern", "active"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "job_title"]
    autocomplete_fields = ["user", "organisation", "hub"]
