"""Bad input on every skills form: a GOV.UK error summary, the message at the field, what was
typed kept, and a title starting "Error: ". Nothing is saved."""

import datetime
import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from team.models import AuditRound, Competency, CourseInvitation, CPDEntry, PlannedCourse, TrainingRecord
from team.roles import Role
from team.skills import services
from tests.factories import (
    AuditRoundFactory,
    CompetencyFactory,
    CourseInvitationFactory,
    PlannedCourseFactory,
)
from tests.team.skills.conftest import all_levels, audit_post, title

pytestmark = pytest.mark.django_db


def assert_error_page(response, *, errors: list[str], kept: list[str] = (), page_title: str):
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert title(response) == f"Error: {page_title} – PIEW case manager"
    assert re.search(r"<form[^>]*novalidate", page), "the browser's own checks would come first"
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', page, flags=re.S).group(0)
    for error in errors:
        link = re.search(rf'<a href="#([^"]+)">{re.escape(error)}</a>', summary)
        assert link, f"{error!r} is not in the error summary"
        assert f'id="{link.group(1)}"' in page, f"the summary's link for {error!r} goes nowhere"
        assert re.search(rf'govuk-error-message">\s*<span class="govuk-visually-hidden">Error:</span>\s*'
                         rf"{re.escape(error)}", page) or error in page.split("</ul>", 1)[1]
    for value in kept:
        assert value in page, f"{value!r} was not kept"


def _date(prefix: str, day: str, month: str, year: str) -> dict:
    return {f"{prefix}_0": day, f"{prefix}_1": month, f"{prefix}_2": year}


def test_the_audit_needs_every_competency(client_for):
    client = client_for(Role.PARTNER)
    audit_round = AuditRoundFactory(title="Spring 2026")
    triple_p = Competency.objects.get(name="Triple P Baby")
    data = audit_post(all_levels(2), wishes="Watch, Wait and Wonder please")
    del data[f"competency_{triple_p.pk}"]

    response = client.post("/skills/audit/", data)

    assert_error_page(response, errors=["Select your level for Triple P Baby"], page_title="Spring 2026",
                      kept=["Watch, Wait and Wonder please"])
    page = response.content.decode()
    vig = Competency.objects.get(name="Video Interaction Guidance (VIG)")
    assert re.search(rf'name="competency_{vig.pk}"[^>]*value="2"\s*checked', page)
    assert not audit_round.responses.exists()


def test_the_audit_refuses_a_level_that_is_not_offered(client_for):
    client = client_for(Role.PIEW_WORKER)
    AuditRoundFactory(title="Spring 2026")
    safeguarding = Competency.objects.get(name="Safeguarding children")
    response = client.post("/skills/audit/", audit_post(all_levels(2, **{str(safeguarding.pk): 7})))
    assert_error_page(response, errors=["Select your level for Safeguarding children"],
                      page_title="Spring 2026")


TRAINING_CASES = {
    "nothing": ({}, ["Enter the name of the course", "Enter the date you completed the training"]),
    "not a date": ({"course": "VIG initial training", **_date("completed_on", "31", "2", "2025")},
                   ["Enter a real date"]),
    "future": ({"course": "VIG initial training", **_date("completed_on", "1", "1", "2099")},
               ["Date completed must be today or in the past"]),
    "expires first": ({"course": "VIG initial training", **_date("completed_on", "1", "6", "2025"),
                       **_date("expires_on", "1", "5", "2025")},
                      ["The expiry date must be on or after the date completed"]),
}


@pytest.mark.parametrize("case", TRAINING_CASES)
def test_training_record_bad_input(client_for, case):
    client = client_for(Role.HEALTH_VISITOR)
    data, errors = TRAINING_CASES[case]
    response = client.post("/skills/training/new/", {**data, "provider": "AVIGuk"})
    assert_error_page(response, errors=errors, kept=['value="AVIGuk"'], page_title="Add training")
    assert not TrainingRecord.objects.exists()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CERTIFICATE_CASES = {
    "a program": (SimpleUploadedFile("certificate.exe", b"MZ\x90\x00", "application/octet-stream"),
                  "The selected file must be a PDF, PNG or JPEG"),
    "a renamed document": (SimpleUploadedFile("certificate.pdf", b"Dear Amy, well done", "application/pdf"),
                           "The selected file ends in .pdf but is not a PDF. Save the certificate again "
                           "as a PDF, PNG or JPEG"),
    "a fake picture": (SimpleUploadedFile("certificate.png", PDF, "image/png"),
                       "The selected file ends in .png but is not a PNG image. Save the certificate again "
                       "as a PDF, PNG or JPEG"),
    "too big": (SimpleUploadedFile("certificate.pdf", PDF + b"0" * (5 * 1024 * 1024), "application/pdf"),
                "The selected file must be smaller than 5 MB"),
}


@pytest.mark.parametrize("case", CERTIFICATE_CASES)
def test_a_certificate_that_is_not_one_is_refused(client_for, case):
    client = client_for(Role.PIEW_WORKER)
    upload, error = CERTIFICATE_CASES[case]
    response = client.post("/skills/training/new/", {
        "course": "Solihull foundation", **_date("completed_on", "3", "3", "2025"), "certificate": upload})
    assert_error_page(response, errors=[error], kept=['value="Solihull foundation"'],
                      page_title="Add training")
    assert not TrainingRecord.objects.exists()


CPD_CASES = {
    "nothing": ({}, ["Enter the date of the activity", "Enter what you did",
                     "Enter the hours spent, like 1.5"]),
    "words for hours": ({"activity": "Reading", "hours": "two", **_date("date", "1", "2", "2025")},
                        ["Enter the hours as a number, like 1.5"]),
    "no time": ({"activity": "Reading", "hours": "0", **_date("date", "1", "2", "2025")},
                ["The hours must be 0.1 or more"]),
    "part of a date": ({"activity": "Reading", "hours": "1", **_date("date", "1", "", "2025")},
                       ["Date must include a month"]),
}


@pytest.mark.parametrize("case", CPD_CASES)
def test_cpd_bad_input(client_for, case):
    client = client_for(Role.PARTNER)
    data, errors = CPD_CASES[case]
    response = client.post("/skills/cpd/new/", {**data, "reflection": "Ask fathers directly"})
    assert_error_page(response, errors=errors, kept=["Ask fathers directly"], page_title="Add to my CPD log")
    assert not CPDEntry.objects.exists()


def test_competency_bad_input(client_for):
    client = client_for(Role.TEAM_LEAD)
    CompetencyFactory(name="Infant massage")
    response = client.post("/skills/competencies/new/", {
        "name": "Infant massage", "description": "Teaching parents baby massage", "aware_label": "",
        "skilled_label": "Skilled", "expert_label": "Expert", "expires_after_months": "0"})
    assert_error_page(response, page_title="Add a competency", kept=["Teaching parents baby massage"],
                      errors=[
        "There is already a competency with this name", "Enter a name for level 1",
        "Enter between 1 and 240 months, or leave it empty"])
    assert Competency.objects.filter(name="Infant massage").count() == 1


def test_round_bad_input(client_for):
    client = client_for(Role.TEAM_LEAD)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    past = _date("closes_on", str(yesterday.day), str(yesterday.month), str(yesterday.year))
    response = client.post("/skills/rounds/new/", {"title": "Spring 2026", **past})
    assert_error_page(response, page_title="Open an audit round", kept=['value="Spring 2026"'],
                      errors=["The date to answer by must be today or in the future"])
    response = client.post("/skills/rounds/new/", {"title": ""})
    assert_error_page(response, page_title="Open an audit round",
                      errors=["Enter a name for the round", "Enter the date staff should answer by"])
    assert not AuditRound.objects.exists()


def test_a_second_open_round_is_refused_on_the_page(client_for):
    client = client_for(Role.TEAM_LEAD)
    AuditRoundFactory(title="Spring 2026")
    response = client.post("/skills/rounds/new/",
                           {"title": "Another", **_date("closes_on", "1", "1", "2099")})
    assert_error_page(response, page_title="Open an audit round", kept=['value="Another"'],
                      errors=["An audit round is already open. Close it before opening another"])
    assert AuditRound.objects.count() == 1


def test_course_bad_input(client_for):
    client = client_for(Role.TEAM_LEAD)
    response = client.post("/skills/plan/new/", {"title": "VIG taster", "trainer": "", "places": "0"})
    assert_error_page(response, page_title="Plan a course", kept=['value="VIG taster"'], errors=[
        "Select the competency the course is for", "Enter the date of the course",
        "Enter who is delivering the course", "The course must have at least 1 place"])
    assert not PlannedCourse.objects.exists()


def test_inviting_nobody_is_refused(client_for, make_user):
    client = client_for(Role.TEAM_LEAD)
    safeguarding = Competency.objects.get(name="Safeguarding children")
    services.competency_targets_set(competency=safeguarding, by=client.user, targets={"": 3})
    audit_round = AuditRoundFactory(title="Spring 2026")
    worker = make_user(Role.PIEW_WORKER, first_name="Amy", last_name="Fletcher")
    services.audit_response_submit(audit_round=audit_round, person=worker, levels=all_levels(1))
    course = PlannedCourseFactory(competency=safeguarding, title="Safeguarding level 3")

    response = client.post(f"/skills/plan/{course.pk}/", {})

    assert_error_page(response, page_title="Safeguarding level 3",
                      errors=["Select at least one person to invite"])
    assert "Amy Fletcher" in response.content.decode()
    assert not CourseInvitation.objects.exists()


def test_attendance_bad_input(client_for):
    client = client_for(Role.TEAM_LEAD)
    invitation = CourseInvitationFactory(person__first_name="Amy", person__last_name="Fletcher")
    response = client.post(f"/skills/plan/{invitation.course.pk}/attendance/",
                           {f"invitation_{invitation.pk}": "maybe"})
    assert_error_page(response, page_title=f"Attendance: {invitation.course.title}",
                      errors=["Select whether Amy Fletcher attended"])
    invitation.refresh_from_db()
    assert invitation.attended is None
