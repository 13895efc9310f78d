"""VIG filming: no filming without every parent's consent to video recording at that moment,
clips kept privately and deleted on their date (files gone, log kept), never before."""

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from families.models import ConsentRecord
from families.services import consent_withdraw
from interventions import services, tasks
from interventions.models import VideoDeletion, VideoRecording
from interventions.services import video
from tests.interventions.conftest import consent

pytestmark = pytest.mark.django_db

VIDEO = ConsentRecord.Purpose.VIDEO_RECORDING
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 500


def mp4(name: str = "Smith family filming.mp4", content: bytes = MP4) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="video/mp4")


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def filming_consent(enrolment, by, purposes=(VIDEO,)) -> None:
    for caregiver in enrolment.caregivers.all():
        for purpose in purposes:
            consent(caregiver, purpose, by)


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())


def filmed(enrolment, by, **fields) -> VideoRecording:
    fields.setdefault("clip", mp4())
    filmed_on = fields.pop("filmed_on", days(0))
    return video.recording_add(enrolment=enrolment, filmed_on=filmed_on, by=by, **fields)


def test_no_vig_filming_without_recording_consent(vig, piew_worker, private_files):
    mother, father = vig.caregivers.order_by("pk")
    consent(mother, VIDEO, piew_worker)
    with pytest.raises(ValidationError) as refused:
        filmed(vig, piew_worker)
    assert refused.value.messages == [
        f"{father.full_name} has not given consent to video recording. Record their consent before filming"]
    assert not VideoRecording.objects.exists()
    assert stored_files(private_files) == []


def test_consent_withdrawn_before_filming_refuses_it(vig, piew_worker):
    filming_consent(vig, piew_worker)
    mother = vig.caregivers.order_by("pk").first()
    consent(mother, VIDEO, piew_worker, decision=ConsentRecord.Decision.WITHDRAWN)
    with pytest.raises(ValidationError, match=f"{mother.full_name} has not given consent to video"):
        filmed(vig, piew_worker)
    assert not VideoRecording.objects.exists()


def test_a_filming_is_recorded_with_consent_checked_then_and_the_clip_kept_privately(
        vig, piew_worker, private_files):
    filming_consent(vig, piew_worker)
    before = timezone.now()
    recording = filmed(vig, piew_worker)
    assert before <= recording.consent_checked_at <= timezone.now()
    assert recording.recorded_by == piew_worker
    assert recording.clip_name == "Smith family filming.mp4"
    assert recording.clip.name.startswith(f"vig/{vig.pk}/") and "Smith" not in recording.clip.name
    assert stored_files(private_files) == [private_files / recording.clip.name]
    assert recording.delete_after is None  # the enrolment is still open
    assert recording.history.count() == 1


@pytest.mark.parametrize(("name", "content", "message"), [
    ("clip.avi", MP4, "The selected file must be an MP4, MOV or WebM video"),
    ("clip.mp4", b"MZ\x90\x00 not a video at all", "The selected file ends in .mp4 but is not a video"),
    ("clip.webm", MP4, "The selected file ends in .webm but is not a video"),
])
def test_only_real_video_files_are_kept(vig, piew_worker, name, content, message, private_files):
    filming_consent(vig, piew_worker)
    with pytest.raises(ValidationError) as refused:
        filmed(vig, piew_worker, clip=mp4(name, content))
    assert refused.value.message_dict["clip"][0].startswith(message)
    assert stored_files(private_files) == []


def test_clip_size_limit_comes_from_the_setting(vig, piew_worker, settings):
    settings.PIEW_VIG_CLIP_MAX_MB = 1
    filming_consent(vig, piew_worker)
    with pytest.raises(ValidationError, match="must be smaller than 1 MB"):
        filmed(vig, piew_worker, clip=mp4(content=MP4 + b"\x00" * 1024 * 1024))
    assert filmed(vig, piew_worker).has_clip


def test_filming_without_a_clip_and_after_the_enrolment_ended_gets_its_deletion_date(vig, piew_worker):
    filming_consent(vig, piew_worker)
    services.enrolment_complete(enrolment=vig, by=piew_worker, completed=False, end_reason="moved",
                                ended_on=days(-1))
    recording = filmed(vig, piew_worker, clip=None, filmed_on=days(-1))
    assert not recording.has_clip
    assert recording.delete_after == days(-1) + datetime.timedelta(days=30)


def test_ending_the_enrolment_dates_the_clips_unless_every_parent_lets_them_be_kept(vig, piew_worker):
    filming_consent(vig, piew_worker)
    recording = filmed(vig, piew_worker)
    services.enrolment_complete(enrolment=vig, by=piew_worker, completed=False, end_reason="moved")
    recording.refresh_from_db()
    assert recording.delete_after == days(30)


def _due(recording: VideoRecording, on: datetime.date | None) -> None:
    VideoRecording.objects.filter(pk=recording.pk).update(delete_after=on)


def test_video_deletion_on_schedule_files_gone_log_kept_and_never_before(vig, piew_worker, private_files):
    filming_consent(vig, piew_worker)
    due, tomorrow, undated = (filmed(vig, piew_worker) for _ in range(3))
    _due(due, days(0))
    _due(tomorrow, days(1))
    _due(undated, None)
    due_file = due.clip.name

    assert tasks.delete_due_recordings.delay().get() == 1
    assert tasks.delete_due_recordings.delay().get() == 0  # a second run deletes and logs nothing

    due.refresh_from_db()
    assert due.deleted_at is not None and not due.has_clip
    assert not (private_files / due_file).exists()
    log = VideoDeletion.objects.get()
    assert (log.recording, log.file_name, log.reason, log.deleted_by) == (
        due, due_file, VideoDeletion.Reason.SCHEDULED, None)
    assert due.history.first().history_change_reason == "Deletion date reached"
    for kept in (tomorrow, undated):
        kept.refresh_from_db()
        assert kept.deleted_at is None and (private_files / kept.clip.name).exists()


def test_a_run_for_an_earlier_day_never_deletes_a_clip_before_its_date(vig, piew_worker, private_files):
    filming_consent(vig, piew_worker)
    recording = filmed(vig, piew_worker)
    _due(recording, days(0))
    assert video.recording_delete_due(today=days(-1)) == 0
    assert (private_files / recording.clip.name).exists()
    assert not VideoDeletion.objects.exists()


def test_withdrawing_consent_to_video_deletes_the_familys_clips_at_once(
        vig, piew_worker, private_files, django_capture_on_commit_callbacks):
    filming_consent(vig, piew_worker)
    recording = filmed(vig, piew_worker)
    with django_capture_on_commit_callbacks(execute=True):
        consent_withdraw(caregiver=vig.caregivers.order_by("pk").last(), purpose=VIDEO,
                         method=ConsentRecord.Method.VERBAL, recorded_by=piew_worker)
    recording.refresh_from_db()
    assert recording.delete_after == days(0) and recording.deleted_at is not None
    assert stored_files(private_files) == []
    assert VideoDeletion.objects.get().reason == VideoDeletion.Reason.CONSENT_WITHDRAWN


def test_withdrawing_keep_clips_consent_gives_kept_clips_their_deletion_date(
        vig, piew_worker, django_capture_on_commit_callbacks):
    filming_consent(vig, piew_worker, purposes=(VIDEO, ConsentRecord.Purpose.KEEP_CLIPS))
    recording = filmed(vig, piew_worker)
    services.enrolment_complete(enrolment=vig, by=piew_worker, completed=False, end_reason="moved",
                                ended_on=days(-2))
    recording.refresh_from_db()
    assert (recording.keep_for_training, recording.delete_after) == (True, None)
    with django_capture_on_commit_callbacks(execute=True):
        consent_withdraw(caregiver=vig.caregivers.order_by("pk").first(),
                         purpose=ConsentRecord.Purpose.KEEP_CLIPS,
                         method=ConsentRecord.Method.WRITTEN, recorded_by=piew_worker)
    recording.refresh_from_db()
    assert (recording.keep_for_training, recording.delete_after) == (False, days(28))
    assert recording.deleted_at is None


def test_staff_delete_a_clip_with_a_reason_the_psychologist_may_not(
        vig, piew_worker, psychologist, team_lead, private_files):
    filming_consent(vig, piew_worker)
    first, second = filmed(vig, piew_worker), filmed(vig, piew_worker)
    with pytest.raises(PermissionDenied):
        video.recording_delete(recording=first, by=psychologist, reason="Not needed")
    with pytest.raises(ValidationError, match="Say why"):
        video.recording_delete(recording=first, by=piew_worker, reason="  ")
    assert video.recording_delete(recording=first, by=piew_worker, reason="Filmed the wrong family")
    assert video.recording_delete(recording=second, by=team_lead, reason="Parent asked")
    logs = {log.recording_id: log for log in VideoDeletion.objects.all()}
    assert (logs[first.pk].deleted_by, logs[first.pk].reason) == (piew_worker, VideoDeletion.Reason.BY_STAFF)
    assert logs[second.pk].deleted_by == team_lead
    assert first.history.first().history_change_reason == "Filmed the wrong family"
    assert stored_files(private_files) == []
    with pytest.raises(ValidationError, match="already deleted"):
        video.recording_delete(recording=first, by=piew_worker, reason="Again")
    assert VideoDeletion.objects.count() == 2


def test_the_daily_schedule_exists():
    from django_celery_beat.models import PeriodicTask

    deletion = PeriodicTask.objects.get(task="interventions.tasks.delete_due_recordings")
    reminders = PeriodicTask.objects.get(task="interventions.tasks.raise_and_send_reminders")
    for task in (deletion, reminders):
        assert task.enabled and task.crontab.timezone.key == "Europe/London"
        assert task.crontab.day_of_week == "*"
