"""The referral's states and the only moves allowed between them."""

from django.db import models


class Status(models.TextChoices):
    NEW = "new", "New"
    MORE_INFO = "more_info", "More information requested"
    AWAITING_CONTACT = "awaiting_contact", "Accepted: awaiting first contact"
    UNABLE_TO_CONTACT = "unable_to_contact", "Unable to contact"
    AWAITING_ASSESSMENT = "awaiting_assessment", "Awaiting assessment"
    DECLINED_BY_FAMILY = "declined_by_family", "Declined by family"
    NOT_CONTACTED = "not_contacted", "Closed: could not contact"
    DECLINED = "declined", "Declined"
    SIGNPOSTED = "signposted", "Signposted"
    DUPLICATE = "duplicate", "Duplicate"


class Action(models.TextChoices):
    ACCEPT = "accept", "Accept"
    REQUEST_INFO = "request_info", "Ask for more information"
    INFO_RECEIVED = "info_received", "Information received"
    DECLINE = "decline", "Decline"
    SIGNPOST = "signpost", "Signpost"
    MARK_DUPLICATE = "mark_duplicate", "Mark as a duplicate"
    CONTACT_FAILED_LIMIT = "contact_failed_limit", "Unable to contact"
    KEEP_TRYING = "keep_trying", "Keep trying to contact"
    CLOSE_NOT_CONTACTED = "close_not_contacted", "Close: could not contact"
    CONSENT_GIVEN = "consent_given", "Family agreed to take part"
    CONSENT_REFUSED = "consent_refused", "Family declined"


TRIAGE_SOURCES = (Status.NEW, Status.MORE_INFO)
CONTACT_SOURCES = (Status.AWAITING_CONTACT, Status.UNABLE_TO_CONTACT)

# Each action: the states it may start from, and the state it leads to.
TRANSITIONS: dict[Action, tuple[tuple[Status, ...], Status]] = {
    Action.ACCEPT: (TRIAGE_SOURCES, Status.AWAITING_CONTACT),
    Action.REQUEST_INFO: ((Status.NEW,), Status.MORE_INFO),
    Action.INFO_RECEIVED: ((Status.MORE_INFO,), Status.NEW),
    Action.DECLINE: (TRIAGE_SOURCES, Status.DECLINED),
    Action.SIGNPOST: (TRIAGE_SOURCES, Status.SIGNPOSTED),
    Action.MARK_DUPLICATE: (TRIAGE_SOURCES, Status.DUPLICATE),
    Action.CONTACT_FAILED_LIMIT: ((Status.AWAITING_CONTACT,), Status.UNABLE_TO_CONTACT),
    Action.KEEP_TRYING: ((Status.UNABLE_TO_CONTACT,), Status.AWAITING_CONTACT),
    Action.CLOSE_NOT_CONTACTED: ((Status.UNABLE_TO_CONTACT,), Status.NOT_CONTACTED),
    Action.CONSENT_GIVEN: (CONTACT_SOURCES, Status.AWAITING_ASSESSMENT),
    Action.CONSENT_REFUSED: (CONTACT_SOURCES, Status.DECLINED_BY_FAMILY),
}

OPEN_STATUSES = (Status.NEW, Status.MORE_INFO, Status.AWAITING_CONTACT, Status.UNABLE_TO_CONTACT)
CLOSED_STATUSES = (Status.DECLINED_BY_FAMILY, Status.NOT_CONTACTED, Status.DECLINED,
                   Status.SIGNPOSTED, Status.DUPLICATE)


def allowed_from(action: Action) -> tuple[Status, ...]:
    return TRANSITIONS[action][0]


def target(action: Action) -> Status:
    return TRANSITIONS[action][1]


def actions_from(status: str) -> list[Action]:
    """What can be done to a referral in this state."""
    return [action for action, (sources, _) in TRANSITIONS.items() if status in sources]
