"""The skills pages doing their work: answering the audit, keeping training records with their
certificates, and the team lead's round, plan and attendance."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from team.models import AuditRound, Competency, CourseInvitation, TrainingRecord
from team.roles import Role
from team.skills import services
from tests.conftest import sign_in
from tests.factories import AuditRoundFactory, PlannedCourseFactory, TrainingRecordFactory
from tests.team.skills.conftest import all_levels, audit_post, heading

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "JPEG")
    return buffer.getvalue()


def test_staff_answer_the_audit_and_change_their_answers(client, workforce):
    audit_round = AuditRoundFactory(title="Spring 2026", opened_by=workforce.lead)
    sign_in(client, workforce.partner_worker)
    vig = Competency.objects.get(name="Video Interaction Guidance (VIG)")
    assert "Answer the skills audit" in client.get("/skills/").content.decode()

    response = client.post("/skills/audit/", audit_post(all_levels(1, **{str(vig.pk): 0}), "Solihull"))

    assert response["Location"] == "/skills/"
    answer = audit_round.responses.get(person=workforce.partner_worker)
    assert (answer.learning_wishes, answer.assessments.get(competency=vig).level) == ("Solihull", 0)
    page = client.get("/skills/audit/").content.decode()
    assert re.search(rf'name="competency_{vig.pk}"[^>]*value="0"\s*checked', page)
    client.post("/skills/audit/", audit_post(all_levels(2), "Solihull and VIG"))
    answer.refresh_from_db()
    assert answer.learning_wishes == "Solihull and VIG"
    mine = client.get("/skills/").content.decode()
    assert "Change my answers" in mine and "Accredited guider" in mine


def test_with_no_round_open_there_is_nothing_to_answer(client_for):
    response = client_for(Role.PIEW_WORKER).get("/skills/audit/")
    assert heading(response) == "Skills audit"
    assert "There is no skills audit open at the moment" in response.content.decode()


@pytest.mark.parametrize("name, content, content_type", [
    ("certificate.pdf", PDF, "application/pdf"),
    ("Certificate.PNG", _png(), "image/png"),
    ("certificate.jpeg", _jpeg(), "image/jpeg"),
])
def test_training_with_a_certificate(client, workforce, private_files, name, content, content_type):
    sign_in(client, workforce.worker)
    safeguarding = Competency.objects.get(name="Safeguarding children")
    response = client.post("/skills/training/new/", {
        "competency": safeguarding.pk, "course": "Safeguarding children level 3",
        "provider": "North Lincolnshire Council", "completed_on_0": "3", "completed_on_1": "3",
        "completed_on_2": "2025", "certificate": SimpleUploadedFile(name, content, content_type)})

    assert response["Location"] == "/skills/"
    record = TrainingRecord.objects.get()
    assert (record.person, record.expires_on, record.source) == (
        workforce.worker, datetime.date(2028, 3, 3), TrainingRecord.Source.SELF_REPORTED)
    extension = name.split(".")[1].lower()
    assert re.fullmatch(rf"certificates/[0-9a-f]{{32}}\.{extension}", record.certificate.name)
    assert (private_files / record.certificate.name).read_bytes() == content

    download = client.get(f"/skills/training/{record.pk}/certificate/")
    assert download["Content-Type"] == content_type
    assert download["Content-Disposition"] == (
        f'attachment; filename="certificate-safeguarding-children-level-3.{extension}"')
    assert b"".join(download.streaming_content) == content


@pytest.mark.parametrize("who, status", [("worker", 200), ("lead", 200), ("partner_worker", 404)])
def test_a_certificate_is_for_the_person_and_the_team_lead_only(client, workforce, who, status):
    record = TrainingRecordFactory(person=workforce.worker,
                                   certificate=SimpleUploadedFile("c.pdf", PDF, "application/pdf"))
    sign_in(client, getattr(workforce, who))
    assert client.get(f"/skills/training/{record.pk}/certificate/").status_code == status


def test_certificates_are_not_served_from_a_public_address(client, workforce):
    record = TrainingRecordFactory(person=workforce.worker,
                                   certificate=SimpleUploadedFile("c.pdf", PDF, "application/pdf"))
    sign_in(client, workforce.worker)
    for prefix in ("/", "/media/", "/static/", "/private-files/"):
        assert client.get(prefix + record.certificate.name).status_code == 404


def test_a_record_without_a_certificate_has_none_to_download(client, workforce):
    record = TrainingRecordFactory(person=workforce.worker)
    sign_in(client, workforce.worker)
    assert client.get(f"/skills/training/{record.pk}/certificate/").status_code == 404


def test_the_team_lead_opens_sees_who_answered_and_closes_a_round(client, workforce):
    sign_in(client, workforce.lead)
    response = client.post("/skills/rounds/new/", {
        "title": "Spring 2026", "closes_on_0": "27", "closes_on_1": "3", "closes_on_2": "2099"})
    audit_round = AuditRound.objects.get()
    assert (response["Location"], audit_round.opened_by, audit_round.closes_on) == (
        "/skills/rounds/", workforce.lead, datetime.date(2099, 3, 27))
    services.audit_response_submit(audit_round=audit_round, person=workforce.worker, levels=all_levels())

    page = client.get(f"/skills/rounds/{audit_round.pk}/").content.decode()
    assert "1 of 3 people" in page
    assert re.search(r"Amy Fletcher</a></td>.*?PIEW team.*?PIEW worker.*?\d+ \w+ \d{4}</td>", page, re.S)
    assert re.search(r"Mark Ellis</a></td>.*?First Steps Forward.*?Not yet", page, re.S)

    client.post(f"/skills/rounds/{audit_round.pk}/close/")
    audit_round.refresh_from_db()
    assert (audit_round.is_open, audit_round.closed_by) == (False, workforce.lead)
    assert "Close the round" not in client.get(f"/skills/rounds/{audit_round.pk}/").content.decode()


def test_the_team_lead_plans_a_course_from_a_gap_invites_and_records_attendance(client, workforce):
    safeguarding = Competency.objects.get(name="Safeguarding children")
    services.competency_targets_set(competency=safeguarding, by=workforce.lead, targets={"": 2})
    audit_round = AuditRoundFactory(opened_by=workforce.lead)
    for person in (workforce.worker, workforce.partner_worker, workforce.lead):
        level = 3 if person == workforce.lead else 1
        services.audit_response_submit(audit_round=audit_round, person=person,
                                       levels=all_levels(1, **{str(safeguarding.pk): level}))
    sign_in(client, workforce.lead)

    form = client.get(f"/skills/plan/new/?competency={safeguarding.pk}").content.decode()
    assert re.search(rf'<option value="{safeguarding.pk}" selected>', form)
    response = client.post("/skills/plan/new/", {
        "competency": safeguarding.pk, "title": "Safeguarding level 2", "date_0": "3", "date_1": "3",
        "date_2": "2026", "trainer": "Jo Barker", "venue": "Brigg Family Hub", "places": "10"})
    course = safeguarding.planned_courses.get()
    assert response["Location"] == f"/skills/plan/{course.pk}/"

    page = client.get(f"/skills/plan/{course.pk}/").content.decode()
    invite = page[page.index("Invite people below the level needed"):]
    assert "Amy Fletcher" in invite and "Mark Ellis" in invite and "Helen Marsh" not in invite
    client.post(f"/skills/plan/{course.pk}/", {"people": [workforce.worker.pk, workforce.partner_worker.pk]})
    invitations = {i.person: i for i in CourseInvitation.objects.all()}
    assert set(invitations) == {workforce.worker, workforce.partner_worker}

    client.post(f"/skills/plan/{course.pk}/attendance/", {
        f"invitation_{invitations[workforce.worker].pk}": "completed",
        f"invitation_{invitations[workforce.partner_worker].pk}": "did_not_attend"})
    record = TrainingRecord.objects.get()
    assert (record.person, record.course, record.completed_on, record.expires_on) == (
        workforce.worker, "Safeguarding level 2", datetime.date(2026, 3, 3), datetime.date(2029, 3, 3))
    assert CourseInvitation.objects.get(person=workforce.partner_worker).attended is False


def test_invited_people_see_their_courses(client, workforce):
    course = PlannedCourseFactory(title="Watch, Wait and Wonder", date=datetime.date(2026, 3, 3))
    services.course_invite(course=course, people=[workforce.worker], by=workforce.lead)
    sign_in(client, workforce.worker)
    page = client.get("/skills/").content.decode()
    assert re.search(r"Watch, Wait and Wonder</td>\s*<td[^>]*>3 March 2026</td>", page)


def test_the_team_lead_sets_the_level_each_organisation_needs(client, workforce):
    vig = Competency.objects.get(name="Video Interaction Guidance (VIG)")
    sign_in(client, workforce.lead)
    form = client.get(f"/skills/competencies/{vig.pk}/").content.decode()
    assert '<option value="2">Accredited guider</option>' in form

    response = client.post(f"/skills/competencies/{vig.pk}/", {
        "name": vig.name, "description": vig.description, "aware_label": "Trainee guider",
        "skilled_label": "Accredited guider", "expert_label": "Supervisor", "active": "on",
        "target_everyone": "", "target_piew_team": "2", "target_voluntary": "0"})

    assert response["Location"] == "/skills/competencies/"
    assert dict(vig.targets.values_list("organisation_kind", "level")) == {"piew_team": 2, "voluntary": 0}
    assert vig.targets.get(organisation_kind="piew_team").history.first().history_user == workforce.lead
    listing = client.get("/skills/competencies/").content.decode()
    assert "PIEW team: accredited guider<br>Voluntary and community sector: not needed" in listing


def test_the_cpd_log_adds_up_the_hours(client, workforce):
    sign_in(client, workforce.worker)
    for hours in ("1.5", "2"):
        client.post("/skills/cpd/new/", {"date_0": "1", "date_1": "2", "date_2": "2025",
                                         "activity": "Reading on infant mental health", "hours": hours})
    assert "3.5 hours in total" in client.get("/skills/").content.decode()
