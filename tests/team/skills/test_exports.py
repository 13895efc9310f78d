"""The gap analysis downloads: the same figures as the page, as CSV and as an Excel workbook."""

import csv
import io

import pytest
from openpyxl import load_workbook

from team.models import Competency, Organisation
from team.roles import Role
from team.skills import services
from tests.factories import AuditRoundFactory, OrganisationFactory, staff_member
from tests.team.skills.conftest import all_levels

pytestmark = pytest.mark.django_db

HEADINGS = ["Competency", "Organisation", "Level needed", "None", "Aware (level 1)", "Skilled (level 2)",
            "Expert (level 3)", "Answered", "At or above the level needed", "Below the level needed",
            "Not answered yet"]


@pytest.fixture
def lead_client(client_for):
    piew = OrganisationFactory(name="PIEW team", kind=Organisation.Kind.PIEW_TEAM)
    partner = OrganisationFactory(name="=HYPERLINK(\"x\") Trust", kind=Organisation.Kind.VOLUNTARY)
    lead = staff_member(Role.TEAM_LEAD, piew, username="lead")
    worker = staff_member(Role.PIEW_WORKER, piew)
    staff_member(Role.PARTNER, partner)
    sg = Competency.objects.get(name="Safeguarding children")
    services.competency_targets_set(competency=sg, by=lead, targets={"": 1, "piew_team": 3})
    audit_round = AuditRoundFactory(opened_by=lead, title="Spring 2026")
    for person, level in ((lead, 3), (worker, 2)):
        services.audit_response_submit(audit_round=audit_round, person=person,
                                       levels=all_levels(1, **{str(sg.pk): level}))
    return client_for(user=lead)


SAFEGUARDING_ROWS = [
    ["Safeguarding children", "'=HYPERLINK(\"x\") Trust", "Level 1", "0", "0", "0", "0", "0", "0", "0", "1"],
    ["Safeguarding children", "PIEW team", "Level 3", "0", "0", "1", "1", "2", "1", "1", "0"],
]


def test_csv(lead_client):
    response = lead_client.get("/skills/gaps/export/csv/")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="skills-gap-analysis-')
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == HEADINGS
    assert [row for row in rows if row[0] == "Safeguarding children"] == SAFEGUARDING_ROWS
    triple_p = [row for row in rows if row[0] == "Triple P Baby" and row[1] == "PIEW team"]
    assert triple_p == [["Triple P Baby", "PIEW team", "No target set", "0", "2", "0", "0", "2", "", "", "0"]]
    assert len(rows) == 1 + 2 * Competency.objects.filter(active=True).count()


def test_csv_follows_the_filters(lead_client):
    piew = Organisation.objects.get(name="PIEW team")
    rows = list(csv.reader(io.StringIO(
        lead_client.get(f"/skills/gaps/export/csv/?organisation={piew.pk}").content.decode())))
    assert {row[1] for row in rows[1:]} == {"PIEW team"}


def test_xlsx_opens_with_the_same_figures(lead_client):
    response = lead_client.get("/skills/gaps/export/xlsx/")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Gap analysis"]
    rows = [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADINGS
    assert [row for row in rows if row[0] == "Safeguarding children"] == SAFEGUARDING_ROWS
    assert sheet["A1"].font.bold
    about = dict(workbook["About"].iter_rows(values_only=True))
    assert about["Audit round"] == "Spring 2026"
    assert about["Organisation"] == "All organisations"


def test_an_unknown_format_is_not_found(lead_client):
    assert lead_client.get("/skills/gaps/export/pdf/").status_code == 404


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("role", [Role.PIEW_WORKER, Role.PARTNER, Role.VIEWER])
def test_only_the_team_lead_downloads(client_for, role, file_format):
    assert client_for(role).get(f"/skills/gaps/export/{file_format}/").status_code == 403
