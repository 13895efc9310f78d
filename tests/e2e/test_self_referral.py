"""A parent refers herself through the public form, in Polish, without signing in; every page
passes axe-core, and the referral waits in the team's queue with the reference she was shown."""

import pytest
from django.core import mail

from referrals.models import Channel, Referral, Source
from referrals.transitions import Status
from tests.e2e.journeys import Parent, complete_self_referral_in_polish
from tests.factories import HubFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_parent_refers_herself_in_polish(page, axe):
    HubFactory(name="Ashby Family Hub")
    reference = complete_self_referral_in_polish(page, axe, Parent(hub="Ashby Family Hub"))

    referral = Referral.objects.get()
    assert reference == referral.reference
    assert (referral.source, referral.channel, referral.status) == (Source.SELF, Channel.ONLINE_FORM,
                                                                    Status.NEW)
    assert (referral.parent_first_name, referral.parent_last_name) == ("Zofia", "Nowak")
    assert referral.preferred_language == "Polish" and referral.postcode == "DN15 7PU"
    assert referral.hub.name == "Ashby Family Hub"
    assert sorted(referral.reasons.values_list("reason", flat=True)) == ["bonding", "low_mood"]
    checked = [url.split("/refer/", 1)[1] for url in axe.checked]
    assert checked == ["", "", "about-you/", "contact/", "contact/", "address/", "baby/", "baby-date/",
                       "reasons/", "hub/", "nhs-number/", "check-your-answers/", "sent/"]
    [email] = mail.outbox
    assert reference in email.body and "Zofia" not in email.body
