from interventions.models.catalogue import (
    DeliveryOverride,
    DeliveryRequirement,
    Format,
    Programme,
    SessionKind,
)
from interventions.models.enrolments import ONE_TO_ONE_MODES, Enrolment, Session
from interventions.models.groups import GroupRun, GroupSession
from interventions.models.licences import LicenceCode
from interventions.models.reminders import Reminder
from interventions.models.video import VideoDeletion, VideoRecording

__all__ = [
    "ONE_TO_ONE_MODES", "DeliveryOverride", "DeliveryRequirement", "Enrolment", "Format", "GroupRun",
    "GroupSession",
    "LicenceCode", "Programme", "Reminder", "Session", "SessionKind", "VideoDeletion", "VideoRecording",
]
