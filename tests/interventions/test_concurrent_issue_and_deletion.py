"""Two issues of a licence code at the same moment get different codes; two deletion runs at
the same moment delete and log a clip once. Needs PostgreSQL's row locks (CI runs it)."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.utils import timezone

from families.models import Caregiver
from interventions.models import LicenceCode, VideoDeletion, VideoRecording
from interventions.services import licences, video
from tests.interventions.conftest import consent, consenting_case, enrolled, programme

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks"),
]


def _at_once(work, arguments) -> list:
    barrier, results = threading.Barrier(len(arguments)), []

    def run(argument):
        try:
            barrier.wait()
            results.append(("done", work(argument)))
        except Exception as error:  # noqa: BLE001 - reported by the assertions
            results.append(("error", repr(error)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_issues_at_once_get_different_codes(piew_worker, team_lead):
    licences.licence_codes_import(programme=programme("online_solihull"), batch="PO 1", codes="A-1\nB-2\nC-3",
                                  by=team_lead)
    enrolments = []
    for _ in range(2):
        case = consenting_case(key_worker=piew_worker)
        Caregiver.objects.filter(family=case.family).update(email="parent@example.org")
        enrolments.append(enrolled(case=case, code="online_solihull", practitioner=piew_worker))

    def issue(enrolment):
        return licences.licence_issue(enrolment=enrolment, caregiver=enrolment.caregivers.get(),
                                      by=piew_worker).code

    results = _at_once(issue, enrolments)
    assert sorted(kind for kind, _ in results) == ["done", "done"], results
    assert len({code for _, code in results}) == 2
    assert LicenceCode.objects.filter(issued_at__isnull=False).count() == 2


def test_two_deletion_runs_at_once_delete_and_log_once(vig, piew_worker, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    for caregiver in vig.caregivers.all():
        consent(caregiver, "video_recording", piew_worker)
    clip = SimpleUploadedFile("clip.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 100)
    recording = video.recording_add(enrolment=vig, filmed_on=timezone.localdate(), by=piew_worker, clip=clip)
    VideoRecording.objects.filter(pk=recording.pk).update(delete_after=timezone.localdate())

    results = _at_once(lambda _: video.recording_delete_due(today=timezone.localdate()), [1, 2])
    assert sorted(results) == [("done", 0), ("done", 1)], results
    assert VideoDeletion.objects.count() == 1
    assert not any(tmp_path.rglob("*.mp4"))
