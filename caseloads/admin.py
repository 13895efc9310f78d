from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from caseloads.models import Allocation, CasePlan


@admin.register(Allocation)
class AllocationAdmin(SimpleHistoryAdmin):
    list_display = ["case", "kind", "key_worker", "previous_key_worker", "allocated_by", "allocated_at"]
    list_select_related = ["case__family", "key_worker", "previous_key_worker", "allocated_by"]
    # Allocations are written by the services only, so their history stays true.
    readonly_fields = ["case", "key_worker", "previous_key_worker", "kind", "allocated_by", "allocated_at",
                       "note"]


admin.site.register(CasePlan, SimpleHistoryAdmin)
