"""VIG filming: recording each filming with the parents' consent checked at that moment, the
clips kept in private storage, and their deletion on schedule, logged.

Clips are opened only by the family's practitioners (the enrolment's practitioner and the
case's key worker) and the clinical psychologist; the team lead sees when they are due for
deletion, and may delete them, but does not watch them.
"""

import datetime
import logging
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from families.consent import consent_is_given
from families.models import ConsentRecord
from interventions import permissions
from interventions.models import Enrolment, Session, VideoDeletion, VideoRecording
from interventions.models.video import RETENTION_DAYS
from interventions.services.enrolments import keeps_clips
from piew.services import save_validated
from team.models import User

logger = logging.getLogger(__name__)

CONTENT_TYPES = {".mp4": "video/mp4", ".mov": "video/quicktime", ".webm": "video/webm"}
WRONG_TYPE = "The selected file must be an MP4, MOV or WebM video"
# Upload limit when the PIEW_VIG_CLIP_MAX_MB setting does not say otherwise.
DEFAULT_MAX_MB = 500
# Days ahead the team lead's list shows deletions coming up.
DUE_SOON_DAYS = 14


def max_clip_bytes() -> int:
    return int(getattr(settings, "PIEW_VIG_CLIP_MAX_MB", DEFAULT_MAX_MB)) * 1024 * 1024


def content_type_of(name: str) -> str:
    return CONTENT_TYPES.get(PurePath(name).suffix.lower(), "application/octet-stream")


def _is_video(upload: UploadedFile, extension: str) -> bool:
    """The file starts as its kind of video does: an ISO media box for MP4 and MOV, the EBML
    header for WebM."""
    upload.seek(0)
    head = upload.read(12)
    upload.seek(0)
    if extension == ".webm":
        return head[:4] == b"\x1a\x45\xdf\xa3"
    return head[4:8] in (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip")


def checked_clip(upload: UploadedFile) -> UploadedFile:
    """The clip, if it is a video the service keeps; otherwise a ValidationError saying why."""
    extension = PurePath(upload.name or "").suffix.lower()
    if extension not in CONTENT_TYPES:
        raise ValidationError({"clip": WRONG_TYPE})
    limit = max_clip_bytes()
    if upload.size > limit:
        raise ValidationError({"clip": f"The selected file must be smaller than {limit // (1024 * 1024)} MB"})
    if not _is_video(upload, extension):
        raise ValidationError({"clip": f"The selected file ends in {extension} but is not a video. "
                                       "Export the clip again as MP4, MOV or WebM"})
    return upload


def _consent_errors(enrolment: Enrolment) -> list[str]:
    return [f"{caregiver.full_name} has not given consent to video recording. Record their consent "
            "before filming" for caregiver in enrolment.caregivers.order_by("pk")
            if not consent_is_given(caregiver=caregiver, purpose=ConsentRecord.Purpose.VIDEO_RECORDING)]


def _filming_errors(enrolment: Enrolment, filmed_on: datetime.date, session: Session | None) -> dict:
    errors: dict[str, list[str]] = {}
    if not enrolment.programme.uses_video:
        errors["filmed_on"] = [f"Families are not filmed in {enrolment.programme}"]
    if filmed_on > timezone.localdate():
        errors["filmed_on"] = ["The date filmed must be today or in the past"]
    elif enrolment.ended_on and filmed_on > enrolment.ended_on:
        errors["filmed_on"] = [f"The date filmed must be on or before the end of the enrolment, "
                               f"{enrolment.ended_on:%-d %B %Y}"]
    if session is not None and session.enrolment_id != enrolment.pk:
        errors["session"] = ["Choose a session of this enrolment"]
    if consent := _consent_errors(enrolment):
        errors["__all__"] = consent
    return errors


def _deletion_date(enrolment: Enrolment) -> tuple[datetime.date | None, bool]:
    """The deletion date and whether the clips are kept for training, for an ended enrolment."""
    if enrolment.ended_on is None:
        return None, False
    if keeps_clips(enrolment):
        return None, True
    return enrolment.ended_on + datetime.timedelta(days=RETENTION_DAYS), False


@transaction.atomic
def recording_add(*, enrolment: Enrolment, filmed_on: datetime.date, by: User, session: Session | None = None,
                  clip: UploadedFile | None = None) -> VideoRecording:
    """Record a filming. Refused unless every parent taking part has, at this moment, given
    consent to video recording."""
    enrolment = Enrolment.objects.select_for_update(of=("self",)).select_related(
        "programme", "case__family").get(pk=enrolment.pk)
    if not permissions.can_film(by, enrolment):
        raise PermissionDenied("Only the family's practitioners and the clinical psychologist record filming")
    errors = _filming_errors(enrolment, filmed_on, session)
    if errors:
        raise ValidationError(errors)
    if clip:
        checked_clip(clip)
    delete_after, keep = _deletion_date(enrolment)
    recording = VideoRecording(enrolment=enrolment, session=session, filmed_on=filmed_on,
                               consent_checked_at=timezone.now(), recorded_by=by, delete_after=delete_after,
                               keep_for_training=keep)
    if clip:
        recording.clip = clip
        recording.clip_name = PurePath(clip.name).name[:200]
    return save_validated(recording)


def _delete_claimed(recording_id: int, *, reason: str, by: User | None, due_by: datetime.date | None,
                    note: str = "") -> bool:
    """Claim the recording (a conditional update, so only one run wins), delete its file and log
    it. ``due_by``: only if its deletion date is on or before that day."""
    with transaction.atomic():
        pending = VideoRecording.objects.filter(pk=recording_id, deleted_at__isnull=True)
        if due_by is not None:
            pending = pending.filter(delete_after__lte=due_by)
        if not pending.update(deleted_at=timezone.now()):
            return False
        recording = VideoRecording.objects.get(pk=recording_id)
        stored = recording.clip.name
        if stored:
            recording.clip.storage.delete(stored)
            VideoDeletion.objects.create(recording=recording, file_name=stored,
                                         reason=reason, deleted_by=by)
        recording.clip = ""
        recording._change_reason = note or VideoDeletion.Reason(reason).label
        recording.save()  # the deletion in the recording's history
    logger.info("VIG recording %s deleted (%s)", recording_id, reason)
    return True


def recordings_due(today: datetime.date) -> QuerySet[VideoRecording]:
    return VideoRecording.objects.filter(deleted_at__isnull=True, delete_after__isnull=False,
                                         delete_after__lte=today)


def recording_delete_due(*, today: datetime.date) -> int:
    """Delete the files of recordings whose deletion date has come; each once, each logged.
    Recordings with no date, or a later one, are never touched."""
    deleted = 0
    for recording_id in list(recordings_due(today).values_list("pk", flat=True)):
        deleted += _delete_claimed(recording_id, reason=VideoDeletion.Reason.SCHEDULED, by=None, due_by=today)
    return deleted


def recording_delete(*, recording: VideoRecording, by: User, reason: str) -> bool:
    """Staff delete a clip before its date, saying why (the reason is kept in its history)."""
    recording = VideoRecording.objects.select_related("enrolment__case__family").get(pk=recording.pk)
    if not permissions.can_delete_clips(by, recording.enrolment):
        raise PermissionDenied("You cannot delete this family's recordings")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the recording is being deleted"})
    if recording.deleted_at is not None:
        raise ValidationError(f"This recording was already deleted on "
                              f"{timezone.localtime(recording.deleted_at):%-d %B %Y}")
    return _delete_claimed(recording.pk, reason=VideoDeletion.Reason.BY_STAFF, by=by, due_by=None,
                           note=reason.strip())


def family_recordings_delete_now(*, family_id: int, reason: str) -> int:
    """A parent withdrew consent to video recording: every clip of the family is due today and
    deleted now."""
    today = timezone.localdate()
    pending = VideoRecording.objects.filter(enrolment__case__family_id=family_id, deleted_at__isnull=True)
    with transaction.atomic():
        for recording in pending.select_for_update():
            save_validated(recording, delete_after=today, keep_for_training=False)
    return sum(_delete_claimed(pk, reason=reason, by=None, due_by=today)
               for pk in pending.values_list("pk", flat=True))


def recording_get_for_user(*, user: User, pk: int) -> VideoRecording:
    """The recording, for someone who may open its clips; otherwise 404."""
    recording = VideoRecording.objects.select_related(
        "enrolment__case__family", "enrolment__case", "enrolment__programme").filter(pk=pk).first()
    if recording is None or not permissions.can_open_clips(user, recording.enrolment):
        raise Http404("No recording found")
    return recording


def recordings_due_soon(today: datetime.date) -> QuerySet[VideoRecording]:
    """Recordings whose clips are overdue for deletion or due within ``DUE_SOON_DAYS``."""
    return recordings_due(today + datetime.timedelta(days=DUE_SOON_DAYS)).select_related(
        "enrolment__case__family", "enrolment__programme").order_by("delete_after", "pk")


def deletion_log() -> QuerySet[VideoDeletion]:
    return VideoDeletion.objects.select_related("recording__enrolment__case__family", "deleted_by")
