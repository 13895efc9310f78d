"""Every write to a referral: intake, triage, first contact and onward referral."""

from referrals.services.contact import (
    contact_attempt_record,
    first_contact_consent_record,
    referral_close_not_contacted,
    referral_keep_trying,
)
from referrals.services.intake import referral_create
from referrals.services.onward import onward_referral_create
from referrals.services.state import TransitionRefused
from referrals.services.triage import (
    referral_accept,
    referral_decline,
    referral_info_received,
    referral_mark_duplicate,
    referral_request_info,
    referral_signpost,
)

__all__ = [
    "TransitionRefused", "contact_attempt_record", "first_contact_consent_record",
    "onward_referral_create", "referral_accept", "referral_close_not_contacted", "referral_create",
    "referral_decline", "referral_info_received", "referral_keep_trying", "referral_mark_duplicate",
    "referral_request_info", "referral_signpost",
]
