"""Referrals with known times, for the dashboard's figures.

Seven referrals, received January to April 2026 (Europe/London):

=====  ==============  =====  ============  ===========  ======  =============  ==============
       received        hub    source        channel      triage  first contact  status
=====  ==============  =====  ============  ===========  ======  =============  ==============
R1     5 Jan 09:00     North  self          phone        1.0     5.0            awaiting_assessment
R2     20 Jan 09:00    North  professional  email        2.0     7.0            awaiting_contact
R3     3 Feb 09:00     North  professional  email        3.0                    declined
R4     10 Feb 09:00    North  partner       email        4.0                    signposted
R5     2 Mar 09:00     North  self          messenger    10.0                   duplicate
R6     1 Apr 00:30     South  self          in_person    0.5                    more_info
R7     10 Apr 09:00    South  self          phone                               new
=====  ==============  =====  ============  ===========  ======  =============  ==============

R6 arrives half an hour into April in London, which is still 31 March in UTC: it belongs to
April. Days to triage, sorted: 0.5, 1, 2, 3, 4, 10 -> median 2.5, 90th percentile 7.0
(position 0.9 * 5 = 4.5, halfway from 4 to 10). Days to first contact: 5, 7 -> median 6.0,
90th percentile 6.8.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from referrals.models import Channel, Referral, Source
from referrals.transitions import Status
from team.models import Hub
from tests.factories import HubFactory, ProfessionalReferralFactory, ReferralFactory

LONDON = ZoneInfo("Europe/London")
# When the queue is looked at: 19 days and 8.5 hours after R6 arrived.
NOW = datetime.datetime(2026, 4, 20, 9, 0, tzinfo=LONDON)
R6_WAITING_DAYS = 19 + 8.5 / 24


def at(month: int, day: int, hour: int = 9, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=LONDON)


def days(count: float) -> datetime.timedelta:
    return datetime.timedelta(days=count)


@dataclass
class Known:
    north: Hub
    south: Hub
    referrals: list[Referral]

    def __getitem__(self, number: int) -> Referral:
        """known[1] is R1."""
        return self.referrals[number - 1]


# (received, hub, factory, source, channel, days to triage, days to first contact, status)
ROWS = [
    (at(1, 5), "north", ReferralFactory, Source.SELF, Channel.PHONE, 1.0, 5.0,
     Status.AWAITING_ASSESSMENT),
    (at(1, 20), "north", ProfessionalReferralFactory, Source.PROFESSIONAL, Channel.EMAIL, 2.0, 7.0,
     Status.AWAITING_CONTACT),
    (at(2, 3), "north", ProfessionalReferralFactory, Source.PROFESSIONAL, Channel.EMAIL, 3.0, None,
     Status.DECLINED),
    (at(2, 10), "north", ProfessionalReferralFactory, Source.PARTNER, Channel.EMAIL, 4.0, None,
     Status.SIGNPOSTED),
    (at(3, 2), "north", ReferralFactory, Source.SELF, Channel.MESSENGER, 10.0, None, Status.DUPLICATE),
    (at(4, 1, 0, 30), "south", ReferralFactory, Source.SELF, Channel.IN_PERSON, 0.5, None,
     Status.MORE_INFO),
    (at(4, 10), "south", ReferralFactory, Source.SELF, Channel.PHONE, None, None, Status.NEW),
]
CLOSED = {Status.DECLINED, Status.SIGNPOSTED, Status.DUPLICATE}


def known_referrals() -> Known:
    hubs = {"north": HubFactory(name="North Family Hub"), "south": HubFactory(name="South Family Hub")}
    made = []
    for received, hub, factory, source, channel, triage, contact, status in ROWS:
        made.append(factory(
            received_at=received, hub=hubs[hub], source=source, channel=channel, status=status,
            triaged_at=received + days(triage) if triage is not None else None,
            first_triaged_at=received + days(triage) if triage is not None else None,
            first_contact_at=received + days(contact) if contact is not None else None,
            closed_at=received + days(triage) if status in CLOSED else None,
        ))
    return Known(north=hubs["north"], south=hubs["south"], referrals=made)
