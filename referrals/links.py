"""The family page's links to its referrals and to referring it on."""

from collections.abc import Iterator

from django.urls import reverse

from families.models import Family
from families.panels import Link, register
from referrals.permissions import can_refer_on, referrals_visible_to
from team.models import User


@register
def referral_links(*, family: Family, user: User) -> Iterator[Link]:
    for referral in referrals_visible_to(user).filter(family=family):
        yield Link(f"Referral {referral.reference}", reverse("referrals:detail", args=[referral.pk]),
                   referral.get_status_display())
    if can_refer_on(user, family):
        yield Link("Refer the family on to a partner organisation",
                   reverse("referrals:onward", args=[family.pk]))
