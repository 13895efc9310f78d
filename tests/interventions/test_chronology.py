"""Interventions in the family's chronology: what each reader sees, what nobody sees (file names,
licence codes), and a fixed number of queries per source."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from families.chronology import family_chronology
from interventions import events, services
from interventions.models import LicenceCode, Session, VideoDeletion, VideoRecording
from team.roles import Role
from tests.interventions.conftest import enrolled, past

pytestmark = pytest.mark.django_db
A = Session.Attendance
NOTE = "Mum spoke about the birth for the first time"
ENDING = "Moved in with her mother in Hull"
CODE = "SOLI-7788-XYZ"


def _kind(enrolment, name: str):
    return enrolment.programme.session_kinds.get(name=name)


def _history(case, worker):
    """VIG with filming, a clip deleted and sessions; online Solihull with a licence code."""
    vig = enrolled(case=case, code="vig", practitioner=worker)
    filming = services.session_book(enrolment=vig, by=worker, starts_at=past(6), mode="home",
                                    kind=_kind(vig, "Filming"), cycle=1)
    services.attendance_record(session=filming, by=worker, attendance=A.ATTENDED, who=["mother", "father"],
                               notes=NOTE)
    review = services.session_book(enrolment=vig, by=worker, starts_at=past(3), mode="home",
                                   kind=_kind(vig, "Shared review"), cycle=1)
    services.attendance_record(session=review, by=worker, attendance=A.DID_NOT_ATTEND)
    services.session_book(enrolment=vig, by=worker, starts_at=past(-3), mode="home",
                          kind=_kind(vig, "Filming"), cycle=2)  # booked, not yet happened
    recording = VideoRecording.objects.create(
        enrolment=vig, session=filming, filmed_on=timezone.localdate(filming.starts_at),
        consent_checked_at=timezone.now(), recorded_by=worker, clip_name="smith_baby_bath.mp4")
    VideoDeletion.objects.create(recording=recording, file_name="smith_baby_bath.mp4",
                                 reason=VideoDeletion.Reason.BY_STAFF, deleted_by=worker)
    online = enrolled(case=case, code="online_solihull", practitioner=worker)
    LicenceCode.objects.create(programme=online.programme, code=CODE, batch="March order", imported_by=worker,
                               enrolment=online, caregiver=case.family.caregivers.first(), issued_by=worker,
                               issued_at=timezone.now() - datetime.timedelta(days=1))
    services.enrolment_complete(enrolment=vig, by=worker, completed=False, end_reason="moved",
                                end_note=ENDING)
    return vig


def _mine(family, user):
    return [event for event in family_chronology(family=family, user=user)
            if event.category == "Interventions"]


def test_the_practitioner_sees_every_step_with_notes(case, piew_worker):
    _history(case, piew_worker)
    shown = _mine(case.family, piew_worker)
    titles = [event.title for event in shown]
    mother = case.family.caregivers.get(relationship="mother")
    filmed_on = f"{timezone.localdate(past(6)):%-d %B %Y}"
    assert titles == [
        "Video Interaction Guidance ended early: the family moved away",
        "Enrolled in Online Solihull programme",
        f"Video clip filmed on {filmed_on} deleted",
        f"Video Interaction Guidance: filmed on {filmed_on}",
        "Enrolled in Video Interaction Guidance",
        f"Online Solihull programme licence code issued to {mother.full_name}",
        "Video Interaction Guidance: shared review (cycle 1), did not attend",
        "Video Interaction Guidance: filming (cycle 1), attended (mother, father)",
        "Video Interaction Guidance started",
    ]
    by_title = {event.title: event for event in shown}
    assert by_title[titles[0]].detail == ENDING
    assert by_title[titles[-2]].detail == NOTE and by_title[titles[-2]].actor == str(piew_worker)
    assert by_title[titles[2]].detail == "Deleted by staff"
    text = repr(shown)
    assert "smith_baby_bath" not in text and CODE not in text


def test_the_administrator_sees_no_notes(case, piew_worker, admin_assistant):
    _history(case, piew_worker)
    shown = _mine(case.family, admin_assistant)
    assert len(shown) == 9
    assert all(NOTE not in event.detail and ENDING not in event.detail for event in shown)


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER])
def test_viewers_and_partners_see_no_interventions(case, piew_worker, make_user, role):
    _history(case, piew_worker)
    assert _mine(case.family, make_user(role)) == []


SOURCES = [events.enrolment_events, events.session_events, events.video_events, events.licence_events]


def _source_queries(family, user) -> list[int]:
    counts = []
    for source in SOURCES:
        with CaptureQueriesContext(connection) as queries:
            list(source(family=family, user=user))
        counts.append(len(queries))
    return counts


def test_each_source_runs_a_fixed_number_of_queries(case, piew_worker):
    vig = _history(case, piew_worker)
    piew_worker.refresh_from_db()
    few = _source_queries(case.family, piew_worker)
    again = enrolled(case=case, code="vig", practitioner=piew_worker)
    for days in range(10, 16):
        session = services.session_book(enrolment=again, by=piew_worker, starts_at=past(days), mode="home",
                                        kind=_kind(again, "Filming"), cycle=1)
        services.attendance_record(session=session, by=piew_worker, attendance=A.ATTENDED, who=["mother"])
        VideoRecording.objects.create(enrolment=again, filmed_on=timezone.localdate(),
                                      recorded_by=piew_worker, consent_checked_at=timezone.now())
    VideoDeletion.objects.create(recording=vig.recordings.first(), file_name="x.mp4",
                                 reason=VideoDeletion.Reason.SCHEDULED)
    piew_worker.refresh_from_db()
    assert _source_queries(case.family, piew_worker) == few


def _intervention_link(family, user):
    from families.panels import family_links
    return [link for link in family_links(family=family, user=user) if link.text == "Interventions"]


def test_the_family_page_links_to_its_interventions_with_what_is_open(case, piew_worker, make_user):
    enrolled(case=case, code="vig", practitioner=piew_worker, starts_on=timezone.localdate())
    enrolled(case=case, code="watch_wait_wonder", practitioner=piew_worker, starts_on=timezone.localdate())
    waiting = enrolled(case=case, code="triple_p_baby", practitioner=piew_worker)
    ended = enrolled(case=case, code="online_solihull", practitioner=piew_worker)
    services.enrolment_complete(enrolment=ended, by=piew_worker, completed=False, end_reason="withdrew")
    [link] = _intervention_link(case.family, piew_worker)
    assert link.url == f"/interventions/families/{case.family.pk}/"
    assert link.hint == ("2 active: Video Interaction Guidance, Watch, Wait and Wonder; "
                         "1 waiting to start: Triple P Baby")
    assert waiting.status == "waiting"
    assert _intervention_link(case.family, make_user(Role.VIEWER)) == []
