"""Group runs and families waiting for a group place, for the group tests."""

import datetime

from django.utils import timezone

from interventions.models import Enrolment, GroupRun
from interventions.services import groups
from team.models import User
from tests.factories import HubFactory
from tests.interventions.conftest import consenting_case, enrolled, programme


def at(days: int, hour: int = 10) -> datetime.datetime:
    """A time ``days`` from today (negative: in the past), at the hour, in Europe/London."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def triple_p_run(*, by: User, facilitators=None, capacity: int = 4, first_days: int = -14, sessions: int = 4,
                 **fields) -> GroupRun:
    """A Triple P Baby run at a Family Hub with weekly sessions from ``first_days`` from today."""
    return groups.run_create(
        programme=programme("triple_p_baby"), title=fields.pop("title", "Triple P Baby, spring"),
        hub=fields.pop("hub", None) or HubFactory(), capacity=capacity,
        facilitators=facilitators or [by], first_session=at(first_days), sessions=sessions, by=by, **fields)


def waiting_family(*, practitioner: User, key_worker: User | None = None, with_father: bool = False,
                   code: str = "triple_p_baby") -> Enrolment:
    """A consenting family enrolled in the programme as a group, not on a run yet."""
    case = consenting_case(key_worker=key_worker or practitioner, with_father=with_father)
    return enrolled(case=case, code=code, practitioner=practitioner)
