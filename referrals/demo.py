"""Demo referrals, so the triage queue, first contact and the dashboard have something to show.

Made through the same services staff use, in every state a referral passes through.
"""

import random
from datetime import timedelta

from django.utils import timezone

from families.demo import FEMALE_NAMES, LAST_NAMES, valid_nhs_number
from referrals import services
from referrals.models import Channel, ContactAttempt, Reason, Referral, Source
from team.models import User
from team.roles import Role

# How many referrals the demo makes, and what happens to each in turn.
DEMO_REFERRALS = 24
OUTCOMES = ["new", "new", "more_info", "accepted", "unable", "consented", "declined", "signposted"]


def _referral(rng: random.Random, index: int) -> Referral:
    received = timezone.now() - timedelta(days=rng.randint(1, 120), hours=rng.randint(0, 8))
    source = rng.choice([Source.SELF, Source.SELF, Source.PROFESSIONAL, Source.PARTNER])
    professional = source != Source.SELF
    data = {
        "source": source,
        "channel": Channel.ONLINE_FORM if source == Source.SELF and index % 2 else
        rng.choice([Channel.EMAIL, Channel.PHONE, Channel.IN_PERSON, Channel.MESSENGER]),
        "received_at": received,
        "parent_first_name": rng.choice(FEMALE_NAMES), "parent_last_name": rng.choice(LAST_NAMES),
        "parent_nhs_number": valid_nhs_number(rng), "parent_mobile": f"07700 9{rng.randint(0, 99999):05d}",
        "address_line_1": f"{rng.randint(1, 200)} Ashby Road", "town": "Scunthorpe",
        "postcode": f"DN16 {rng.randint(1, 9)}AB",
        "baby_due_date": timezone.localdate() + timedelta(days=rng.randint(10, 150)),
        "reason_detail": "Feeling low and anxious; worried about bonding with the baby.",
        "referrer_name": "Jo Harris" if professional else "",
        "referrer_role": "midwife" if professional else "",
        "family_agreed": professional,
    }
    reasons = rng.sample([Reason.LOW_MOOD, Reason.ANXIETY, Reason.BONDING, Reason.CONFIDENCE], 2)
    return services.referral_create(data=data, reasons=reasons)


def _move_on(referral: Referral, outcome: str, admin: User, visitor: User) -> None:
    if outcome == "more_info":
        services.referral_request_info(referral_id=referral.pk, by=admin,
                                       note="Ask the midwife for the due date")
    elif outcome == "declined":
        services.referral_decline(referral_id=referral.pk, by=admin, note="Lives outside the area")
    elif outcome == "signposted":
        services.referral_signpost(referral_id=referral.pk, by=admin,
                                   note="Severe needs: specialist perinatal mental health team")
    elif outcome in ("accepted", "unable", "consented"):
        _first_contact(referral, outcome, admin, visitor)


def _first_contact(referral: Referral, outcome: str, admin: User, visitor: User) -> None:
    referral = services.referral_accept(referral_id=referral.pk, by=admin, first_contact_by=visitor)
    failures = 3 if outcome == "unable" else 1
    for _ in range(failures):
        services.contact_attempt_record(referral_id=referral.pk, by=visitor, method="phone",
                                        outcome=ContactAttempt.Outcome.NO_ANSWER)
    if outcome == "consented":
        services.contact_attempt_record(referral_id=referral.pk, by=visitor, method="phone",
                                        outcome=ContactAttempt.Outcome.REACHED)
        services.first_contact_consent_record(
            referral_id=referral.pk, by=visitor, caregiver=referral.family.caregivers.first(),
            decision="given", method="verbal")


def demo_referrals_create(*, seed: int, users: list[User]) -> None:
    rng = random.Random(seed + 1)
    admin = next(user for user in users if user.role == Role.ADMIN_ASSISTANT)
    visitor = next(user for user in users if user.role == Role.HEALTH_VISITOR)
    for index in range(DEMO_REFERRALS):
        _move_on(_referral(rng, index), OUTCOMES[index % len(OUTCOMES)], admin, visitor)
