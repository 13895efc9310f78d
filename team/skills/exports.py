"""The gap analysis as a spreadsheet: CSV, or an Excel workbook made with openpyxl."""

import csv
from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from openpyxl import Workbook
from openpyxl.styles import Font

from team.skills.selectors import GapAnalysis, GapFilter

HEADINGS = [
    "Competency", "Organisation", "Level needed", "None", "Aware (level 1)", "Skilled (level 2)",
    "Expert (level 3)", "Answered", "At or above the level needed", "Below the level needed",
    "Not answered yet",
]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def gap_table(analysis: GapAnalysis) -> list[list]:
    """One row per competency and organisation, as the page's table shows them."""
    rows = []
    for row in analysis.rows:
        has_target = row.target is not None
        rows.append([
            _text(row.competency.name), _text(row.organisation_name), _text(row.target_label),
            *row.level_counts(), row.answered,
            row.at_or_above if has_target else "", row.below if has_target else "", row.not_answered,
        ])
    return rows


def _about(filters: GapFilter) -> list[tuple[str, str]]:
    return [
        ("Audit round", filters.audit_round.title if filters.audit_round else "None yet"),
        ("Organisation", filters.organisation.name if filters.organisation else "All organisations"),
        ("Family Hub", filters.hub.name if filters.hub else "All Family Hubs"),
        ("Role", filters.role or "All roles"),
        ("Exported", date_format(timezone.localtime(), "j F Y, g:i a")),
    ]


def _filename(extension: str) -> str:
    return f"skills-gap-analysis-{timezone.localdate().isoformat()}.{extension}"


def gaps_csv(analysis: GapAnalysis) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    writer = csv.writer(response)
    writer.writerow(HEADINGS)
    writer.writerows(gap_table(analysis))
    return response


def gaps_xlsx(analysis: GapAnalysis, filters: GapFilter) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Gap analysis"
    sheet.append(HEADINGS)
    for row in gap_table(analysis):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABC", (45, 40, 22), strict=True):
        sheet.column_dimensions[letter].width = width
    about = workbook.create_sheet("About")
    for label, value in _about(filters):
        about.append([label, _text(value)])
    about.column_dimensions["A"].width = 16
    about.column_dimensions["B"].width = 45
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename("xlsx")}"'
    return response
