"""Every write about interventions: one function per action, in a transaction."""

from interventions.services.enrolments import (
    enrol,
    enrolment_complete,
    enrolment_start,
    enrolment_update,
)
from interventions.services.sessions import (
    attendance_record,
    attendance_record_many,
    session_book,
    session_update,
)

__all__ = [
    "attendance_record", "attendance_record_many", "enrol", "enrolment_complete", "enrolment_start",
    "enrolment_update", "session_book", "session_update",
]
