"""The team lead's referrals dashboard: every figure as a table, with a chart of referrals by month."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from referrals import reports
from referrals.permissions import can_read_dashboard

BAR_STEP = 5  # app.css has a width class for every 5%.


def bar_width(count: int, peak: int) -> int:
    """The bar's length as a percentage of the longest, to the nearest 5; never 0 for a count above 0."""
    if not count or not peak:
        return 0
    return max(BAR_STEP, round(count * 100 / peak / BAR_STEP) * BAR_STEP)


def _chart(rows: list[reports.MonthRow]) -> list[tuple[reports.MonthRow, int]]:
    peak = max((row.count for row in rows), default=0)
    return [(row, bar_width(row.count, peak)) for row in rows]


def _count_tables(dashboard: reports.Dashboard) -> list[dict]:
    return [
        {"id": "by-source", "title": "Referrals by source", "heading": "Source",
         "caption": "Who made the referral", "rows": dashboard.by_source},
        {"id": "by-channel", "title": "Referrals by channel", "heading": "Channel",
         "caption": "How the referral reached the team", "rows": dashboard.by_channel},
        {"id": "outcomes", "title": "Triage outcomes", "heading": "Outcome",
         "caption": "Triage decisions, as each referral stands now", "rows": dashboard.outcomes},
    ]


@login_required
def referrals_dashboard(request: HttpRequest) -> HttpResponse:
    if not can_read_dashboard(request.user):
        raise PermissionDenied
    form = reports.DashboardFilterForm(request.GET or None)
    dashboard = None
    if not form.is_bound:
        dashboard = reports.referrals_dashboard(filters=reports.ReportFilter())
    elif form.is_valid():
        dashboard = reports.referrals_dashboard(filters=form.filters())
    context = {
        "form": form,
        "dashboard": dashboard,
        "chart": _chart(dashboard.by_month) if dashboard else [],
        "count_tables": _count_tables(dashboard) if dashboard else [],
    }
    return render(request, "referrals/dashboard.html", context)


urlpatterns: list = [
    path("dashboard/", referrals_dashboard, name="dashboard"),
]
