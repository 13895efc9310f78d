"""The team's records: staff and organisations, and the workforce skills audit."""

from team.models.skills import (
    AuditResponse,
    AuditRound,
    Competency,
    CompetencyTarget,
    CourseInvitation,
    CPDEntry,
    Level,
    PlannedCourse,
    SelfAssessment,
    TrainingRecord,
)
from team.models.staff import Hub, Organisation, StaffProfile, User

__all__ = [
    "AuditResponse",
    "AuditRound",
    "CPDEntry",
    "Competency",
    "CompetencyTarget",
    "CourseInvitation",
    "Hub",
    "Level",
    "Organisation",
    "PlannedCourse",
    "SelfAssessment",
    "StaffProfile",
    "TrainingRecord",
    "User",
]
