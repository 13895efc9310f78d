"""The team lead's gap analysis: a chart of where staff are below the level the service needs,
the figures in a table, and the same figures to download."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from team.skills import exports, selectors
from team.skills.lead_forms import GapFilterForm
from team.skills.views.common import require_lead

BAR_STEP = 5  # app.css has a width class for every 5%.


def bar_width(count: int, total: int) -> int:
    """``count`` as a percentage of ``total``, to the nearest 5; never 0 for a count above 0."""
    if not count or not total:
        return 0
    return max(BAR_STEP, round(count * 100 / total / BAR_STEP) * BAR_STEP)


def _analysis(request: HttpRequest) -> tuple[GapFilterForm, selectors.GapFilter, selectors.GapAnalysis]:
    form = GapFilterForm(request.GET or None)
    filters = form.filters(default_round=selectors.latest_round())
    return form, filters, selectors.gap_analysis(filters=filters)


@login_required
def gap_analysis(request: HttpRequest) -> HttpResponse:
    require_lead(request)
    form, filters, analysis = _analysis(request)
    chart = [(gap, bar_width(gap.below, gap.answered_with_target)) for gap in analysis.by_competency]
    context = {
        "form": form, "filters": filters, "analysis": analysis, "chart": chart,
        "query": request.GET.urlencode(),
    }
    return render(request, "team/skills/gaps.html", context)


@login_required
def gap_export(request: HttpRequest, file_format: str) -> HttpResponse:
    require_lead(request)
    if file_format not in ("csv", "xlsx"):
        raise Http404("No such format")
    _, filters, analysis = _analysis(request)
    if file_format == "csv":
        return exports.gaps_csv(analysis)
    return exports.gaps_xlsx(analysis, filters)
