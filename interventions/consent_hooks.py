"""What happens to VIG clips when a parent withdraws consent. Registered with
``families.consent`` in ``InterventionsConfig.ready()``; each runs after the withdrawal commits."""

from families.consent import on_withdrawn
from families.models import ConsentRecord
from interventions.models import Enrolment, VideoDeletion, VideoRecording
from interventions.services.enrolments import schedule_clip_deletion
from interventions.services.video import family_recordings_delete_now


@on_withdrawn(ConsentRecord.Purpose.VIDEO_RECORDING)
def delete_family_clips(*, caregiver, purpose, record) -> None:
    """No consent to video recording: the family's clips are due today, and deleted now."""
    family_recordings_delete_now(family_id=caregiver.family_id, reason=VideoDeletion.Reason.CONSENT_WITHDRAWN)


@on_withdrawn(ConsentRecord.Purpose.KEEP_CLIPS)
def reschedule_kept_clips(*, caregiver, purpose, record) -> None:
    """Clips are no longer kept for training: ended enrolments' clips get their deletion date."""
    ended = Enrolment.objects.filter(
        case__family_id=caregiver.family_id, status__in=Enrolment.ENDED,
        pk__in=VideoRecording.objects.filter(deleted_at__isnull=True).values("enrolment_id"))
    for enrolment in ended:
        schedule_clip_deletion(enrolment)
