from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from referrals.models import Channel, Referral, ReferralReason, Source
from referrals.tasks import notify_team_of_self_referral
from team.models import User


@transaction.atomic
def referral_create(
    *, data: dict[str, Any], reasons: list[str], created_by: User | None = None,
    original_file: UploadedFile | None = None,
) -> Referral:
    """Record a referral as it arrived. A self-referral from the web form tells the team's
    mailbox, after the referral is saved."""
    referral = Referral(created_by=created_by, **data)
    if original_file is not None:
        referral.original_file = original_file
    referral.full_clean()
    referral.save()
    for reason in dict.fromkeys(reasons):
        ReferralReason.objects.create(referral=referral, reason=reason)
    if referral.source == Source.SELF and referral.channel == Channel.ONLINE_FORM:
        transaction.on_commit(lambda: notify_team_of_self_referral.delay(referral.pk))
    return referral
