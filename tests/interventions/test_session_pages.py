"""Booking a session, recording attendance and notes, and changing a session, from the pages."""

import pytest
from django.utils import timezone

from interventions.models import Enrolment, Session
from tests.factories import HubFactory
from tests.interventions.conftest import attended_session, past
from tests.interventions.pages_helpers import as_user, book, text, vig_kind
from tests.pages import title

pytestmark = pytest.mark.django_db


# Sessions


def test_booking_a_vig_filming_session(client, piew_worker, vig):
    hub = HubFactory(name="Riddings Family Hub")
    response = as_user(client, piew_worker).post(f"/interventions/enrolments/{vig.pk}/sessions/add/", {
        "day_0": "3", "day_1": "3", "day_2": "2026", "start": "14:30", "mode": "hub", "hub": hub.pk,
        "kind": vig_kind("Filming").pk, "cycle": "1", "minutes": "60"})
    assert response.status_code == 302
    session = Session.objects.get()
    assert (session.hub, session.cycle, session.kind.name, session.minutes) == (hub, 1, "Filming", 60)
    assert timezone.localtime(session.starts_at).strftime("%-d %B %Y %H:%M") == "3 March 2026 14:30"


def test_booking_a_vig_session_needs_its_kind_and_keeps_what_was_typed(client, piew_worker, vig):
    response = as_user(client, piew_worker).post(f"/interventions/enrolments/{vig.pk}/sessions/add/", {
        "day_0": "3", "day_1": "3", "day_2": "2026", "start": "14:30", "mode": "hub", "cycle": "7"})
    page = text(response)
    assert "Choose the Family Hub" in page
    assert title(response).startswith("Error: Book a session")
    assert 'value="14:30"' in page and 'value="7"' in page
    assert not Session.objects.exists()
    response = as_user(client, piew_worker).post(f"/interventions/enrolments/{vig.pk}/sessions/add/", {
        "day_0": "3", "day_1": "3", "day_2": "2026", "start": "14:30", "mode": "home", "cycle": "7"})
    page = text(response)
    assert "Choose the kind of session: filming, micro-analysis or shared review" in page
    assert "This enrolment plans 3 cycles. Change the plan to add cycle 7" in page


def test_recording_attendance_with_notes(client, piew_worker, vig):
    session = book(vig, piew_worker, kind=vig_kind("Filming"), cycle=1)
    response = as_user(client, piew_worker).post(f"/interventions/sessions/{session.pk}/attendance/", {
        "attendance": "attended", "who": ["mother", "father"], "minutes": "50",
        "notes": "Lovely moment of shared attention", "next_steps": "Micro-analysis on Friday"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.attended and session.who_attended() == ["Mother", "Father"]
    assert session.notes == "Lovely moment of shared attention" and session.minutes == 50
    vig.refresh_from_db()
    assert vig.status == Enrolment.Status.ACTIVE


def test_attended_without_who_is_refused_and_input_kept(client, piew_worker, vig):
    session = book(vig, piew_worker, kind=vig_kind("Filming"), cycle=1)
    response = as_user(client, piew_worker).post(f"/interventions/sessions/{session.pk}/attendance/", {
        "attendance": "attended", "next_steps": "Plan the review"})
    assert "Choose who attended: mother, father or other carer" in text(response)
    assert "Plan the review" in text(response)
    session.refresh_from_db()
    assert session.attendance == ""


def test_attendance_cannot_be_recorded_before_the_session(client, piew_worker, vig):
    from interventions import services

    session = services.session_book(enrolment=vig, by=piew_worker, starts_at=past(-2), mode="home",
                                    kind=vig_kind("Filming"), cycle=1)
    response = as_user(client, piew_worker).post(f"/interventions/sessions/{session.pk}/attendance/",
                                                 {"attendance": "did_not_attend"})
    assert "record attendance once it has happened" in text(response)


def test_admin_records_attendance_but_never_sees_notes(client, piew_worker, admin_assistant, vig):
    session = attended_session(vig, piew_worker, kind=vig_kind("Filming"), cycle=1)
    Session.objects.filter(pk=session.pk).update(notes="Mother tearful talking about her own mum")
    client = as_user(client, admin_assistant)
    detail = text(client.get(f"/interventions/sessions/{session.pk}/"))
    assert "Mother tearful" not in detail and "Notes" not in detail
    form = text(client.get(f"/interventions/sessions/{session.pk}/attendance/"))
    assert 'name="notes"' not in form and "Mother tearful" not in form
    response = client.post(f"/interventions/sessions/{session.pk}/attendance/",
                           {"attendance": "attended", "who": ["father"], "minutes": "45"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.who_attended() == ["Father"]
    assert session.notes == "Mother tearful talking about her own mum"


def test_practitioner_reads_the_notes_on_the_session_page(client, piew_worker, vig):
    session = attended_session(vig, piew_worker, kind=vig_kind("Filming"), cycle=1)
    Session.objects.filter(pk=session.pk).update(notes="Mother tearful talking about her own mum")
    page = text(as_user(client, piew_worker).get(f"/interventions/sessions/{session.pk}/"))
    assert "Mother tearful" in page


def test_changing_a_session(client, piew_worker, vig):
    session = book(vig, piew_worker, kind=vig_kind("Filming"), cycle=1)
    client = as_user(client, piew_worker)
    form = text(client.get(f"/interventions/sessions/{session.pk}/change/"))
    assert 'value="10:00"' in form
    response = client.post(f"/interventions/sessions/{session.pk}/change/", {
        "day_0": "4", "day_1": "3", "day_2": "2026", "start": "09:15", "mode": "phone",
        "kind": vig_kind("Micro-analysis").pk, "cycle": "1"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.mode == "phone" and session.kind.name == "Micro-analysis"


# Changing and ending
