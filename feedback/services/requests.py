"""Feedback requests: made when an enrolment ends, sent exactly once, reminded once, cancelled
when the parent withdraws consent.

Exactly once
------------
The request row is the truth; a task only acts on it. Sending is:

1. claim: one conditional UPDATE moves the row from ``queued`` to ``sending`` and stamps
   ``claimed_at``. Only one worker can win it, so a repeated or duplicated task sends nothing.
2. check consent (``can_contact``) now, at the moment of sending: without it the request is
   cancelled and nothing goes.
3. issue the one-time link (the token exists only in the message) and send.
4. record the outcome in one UPDATE straight after the mail server or Notify accepts it:
   ``sent_at`` and the state ``sent``. A transient failure puts the row back to ``queued``
   and the task retries with back-off; a permanent one marks it ``failed`` with the reason.

A worker killed between 1 and 4 leaves the row ``sending`` with no ``sent_at``. The sweep
puts such a row back in the queue once its claim is 10 minutes old. It is then sent again,
with a new link (the old one is cancelled). The only way a parent can get two messages is a
crash in the instant between the mail server accepting the message and the UPDATE that
follows: SMTP has no way to ask whether a message arrived, and losing a parent's link is the
worse failure. Notify messages carry the request as their reference, so a duplicate can be
traced there.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from families.consent import can_contact
from families.models import Caregiver, OneTimeLink
from families.onetime import link_issue, links_cancel
from feedback import delivery
from feedback.models import FeedbackRequest
from interventions.models import Enrolment

logger = logging.getLogger(__name__)

State = FeedbackRequest.State
STALE_AFTER = datetime.timedelta(minutes=10)
# Attempts (first send and retries, by task and sweep) after which a request is given up.
MAX_ATTEMPTS = 12
# A reminder is not worth sending for a link that closes within a day.
REMINDER_MIN_LIFE = datetime.timedelta(days=1)


def _channel_for(caregiver: Caregiver) -> str | None:
    """Email where the parent gave an address, otherwise a text message; None when neither may
    be used (no consent, or no address or number)."""
    for channel in (FeedbackRequest.Channel.EMAIL, FeedbackRequest.Channel.TEXT):
        if can_contact(caregiver, channel):
            return channel
    return None


def requests_create_for_enrolment(*, enrolment_id: int) -> list[FeedbackRequest]:
    """One request per parent or carer of the ended enrolment who may be contacted for
    feedback. Running it again makes no duplicates (the unique constraint decides); each new
    request's send task is queued after the commit."""
    enrolment = Enrolment.objects.filter(pk=enrolment_id, status__in=Enrolment.ENDED).first()
    if enrolment is None:
        return []
    made = []
    with transaction.atomic():
        for caregiver in enrolment.caregivers.all():
            channel = _channel_for(caregiver)
            if channel is None:
                continue
            request, created = FeedbackRequest.objects.get_or_create(
                enrolment=enrolment, caregiver=caregiver, defaults={"channel": channel})
            if created:
                made.append(request)
        for request in made:
            transaction.on_commit(_queue_send(request.pk))
    return made


def _queue_send(request_id: int):
    from feedback.tasks import send_feedback_request

    return lambda: send_feedback_request.delay(request_id)


def _queue_reminder(request_id: int):
    from feedback.tasks import send_feedback_reminder

    return lambda: send_feedback_reminder.delay(request_id)


@transaction.atomic
def requests_cancel_for_caregiver(*, caregiver: Caregiver) -> int:
    """The parent withdrew feedback consent: nothing more goes to them, and their links close."""
    now = timezone.now()
    pending = FeedbackRequest.objects.filter(caregiver=caregiver, cancelled_at__isnull=True,
                                             response__isnull=True)
    pending.filter(state=State.QUEUED).update(state=State.CANCELLED)
    cancelled = pending.update(cancelled_at=now)
    links_cancel(caregiver=caregiver, purpose=OneTimeLink.Purpose.FEEDBACK)
    return cancelled


def link_url(token: str) -> str:
    return settings.SITE_URL + reverse("feedback:form", args=[token])


@transaction.atomic
def _fresh_link(request: FeedbackRequest, *, field: str, valid_for: datetime.timedelta) -> str:
    """Issue the request's link (closing one an interrupted attempt left) and return its token."""
    old_id = getattr(request, f"{field}_id")
    if old_id:
        OneTimeLink.objects.filter(pk=old_id, used_at__isnull=True, cancelled_at__isnull=True).update(
            cancelled_at=timezone.now())
    link, token = link_issue(caregiver=request.caregiver, purpose=OneTimeLink.Purpose.FEEDBACK,
                             valid_for=valid_for)
    FeedbackRequest.objects.filter(pk=request.pk).update(**{field: link})
    setattr(request, field, link)
    return token


def _message(request: FeedbackRequest, token: str, *, reminder: bool = False) -> delivery.Message:
    caregiver = request.caregiver
    to = caregiver.email if request.channel == FeedbackRequest.Channel.EMAIL else caregiver.mobile
    return delivery.Message(channel=request.channel, to=to, first_name=caregiver.first_name,
                            link=link_url(token), reminder=reminder,
                            reference=f"feedback-request-{request.pk}{'-reminder' if reminder else ''}")


def _fail(request_id: int, reason: str) -> None:
    FeedbackRequest.objects.filter(pk=request_id).update(state=State.FAILED, failure_reason=reason[:300])
    request = FeedbackRequest.objects.get(pk=request_id)
    OneTimeLink.objects.filter(pk=request.link_id, used_at__isnull=True).update(cancelled_at=timezone.now())
    logger.warning("Feedback request %s failed: %s", request_id, reason)


def request_send(*, request_id: int) -> str:
    """Send the request's link if it is still queued. Returns what happened: "sent",
    "not claimed" (another task has it, or it is done), "cancelled" (no consent now) or
    "failed". Raises ``TransientDeliveryError`` after putting the request back in the queue."""
    queued = FeedbackRequest.objects.filter(pk=request_id, state=State.QUEUED, cancelled_at__isnull=True)
    claimed = queued.update(state=State.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1)
    if not claimed:
        return "not claimed"
    request = FeedbackRequest.objects.select_related("caregiver").get(pk=request_id)
    if request.attempts > MAX_ATTEMPTS:
        _fail(request_id, f"Not sent after {MAX_ATTEMPTS} attempts: the last failure was temporary")
        return "failed"
    if not can_contact(request.caregiver, request.channel):
        FeedbackRequest.objects.filter(pk=request_id).update(state=State.CANCELLED,
                                                             cancelled_at=timezone.now())
        return "cancelled"
    valid_for = datetime.timedelta(days=settings.PIEW_FEEDBACK_LINK_DAYS)
    token = _fresh_link(request, field="link", valid_for=valid_for)
    try:
        notify_id = delivery.send(_message(request, token))
    except delivery.TransientDeliveryError:
        # Back in the queue: the task's retry or, if that is lost, the sweep sends it later.
        FeedbackRequest.objects.filter(pk=request_id, state=State.SENDING).update(
            state=State.QUEUED, claimed_at=None, queued_at=timezone.now())
        raise
    except delivery.PermanentDeliveryError as error:
        _fail(request_id, str(error))
        return "failed"
    # One statement, straight after the message was accepted. A withdrawal that came in while
    # sending keeps the request cancelled, and the time it went is still recorded.
    FeedbackRequest.objects.filter(pk=request_id).update(
        sent_at=timezone.now(), notify_id=notify_id,
        state=Case(When(state=State.SENDING, then=Value(State.SENT)), default=F("state")))
    return "sent"


def _reminder_due() -> Q:
    now = timezone.now()
    return Q(state__in=(State.SENT, State.DELIVERED),
             sent_at__lte=now - datetime.timedelta(days=settings.PIEW_FEEDBACK_REMINDER_DAYS),
             reminder_claimed_at__isnull=True, cancelled_at__isnull=True, response__isnull=True,
             link__used_at__isnull=True, link__cancelled_at__isnull=True,
             link__expires_at__gt=now + REMINDER_MIN_LIFE)


def reminder_send(*, request_id: int) -> str:
    """Send the one reminder, with a link of its own that closes when the first one does."""
    claimed = FeedbackRequest.objects.filter(_reminder_due(), pk=request_id).update(
        reminder_claimed_at=timezone.now())
    if not claimed:
        return "not claimed"
    request = FeedbackRequest.objects.select_related("caregiver", "link").get(pk=request_id)
    if not can_contact(request.caregiver, request.channel):
        FeedbackRequest.objects.filter(pk=request_id).update(cancelled_at=timezone.now())
        return "cancelled"
    token = _fresh_link(request, field="reminder_link", valid_for=request.link.expires_at - timezone.now())
    try:
        delivery.send(_message(request, token, reminder=True))
    except delivery.TransientDeliveryError:
        FeedbackRequest.objects.filter(pk=request_id, reminder_sent_at__isnull=True).update(
            reminder_claimed_at=None)
        raise
    except delivery.PermanentDeliveryError as error:
        FeedbackRequest.objects.filter(pk=request_id).update(reminder_failure_reason=str(error)[:300])
        return "failed"
    FeedbackRequest.objects.filter(pk=request_id).update(reminder_sent_at=timezone.now())
    return "sent"


def _stuck() -> Q:
    stale = timezone.now() - STALE_AFTER
    lost = Q(state=State.QUEUED, queued_at__lt=stale)
    crashed = Q(state=State.SENDING, claimed_at__lt=stale, sent_at__isnull=True)
    return (lost | crashed) & Q(cancelled_at__isnull=True)


@transaction.atomic
def requests_sweep(*, limit: int = 500) -> dict[str, int]:
    """Put back in the queue what a lost task or a killed worker left behind, and send the
    reminders that are due. Safe to run at any time and as often as wanted."""
    stuck = list(FeedbackRequest.objects.filter(_stuck()).values_list("pk", flat=True)[:limit])
    requeued = FeedbackRequest.objects.filter(_stuck(), pk__in=stuck).update(
        state=State.QUEUED, claimed_at=None, queued_at=timezone.now())
    for request_id in stuck:
        transaction.on_commit(_queue_send(request_id))
    stale = timezone.now() - STALE_AFTER
    FeedbackRequest.objects.filter(reminder_claimed_at__lt=stale, reminder_sent_at__isnull=True,
                                   reminder_failure_reason="").update(reminder_claimed_at=None)
    due = list(FeedbackRequest.objects.filter(_reminder_due()).values_list("pk", flat=True)[:limit])
    for request_id in due:
        transaction.on_commit(_queue_reminder(request_id))
    return {"requeued": requeued, "reminders": len(due), "delivery_checked": _check_delivery()}


def _check_delivery(limit: int = 100) -> int:
    """Ask Notify whether recent messages arrived: delivered, or failed for good."""
    if not settings.NOTIFY_API_KEY:
        return 0
    since = timezone.now() - datetime.timedelta(days=3)
    sent = FeedbackRequest.objects.filter(state=State.SENT, sent_at__gte=since).exclude(notify_id="")
    checked = 0
    for request in sent.order_by("pk")[:limit]:
        status = delivery.notify_status(request.notify_id)
        if status == "delivered":
            FeedbackRequest.objects.filter(pk=request.pk, state=State.SENT).update(
                state=State.DELIVERED, delivered_at=timezone.now())
        elif status in ("permanent-failure", "technical-failure"):
            FeedbackRequest.objects.filter(pk=request.pk, state=State.SENT).update(
                state=State.FAILED, failure_reason=f"GOV.UK Notify could not deliver it ({status})")
        checked += 1
    return checked


@transaction.atomic
def request_retry(*, request: FeedbackRequest) -> bool:
    """Queue a failed request again (after the address or number was corrected)."""
    caregiver = request.caregiver
    channel = _channel_for(caregiver)
    if channel is None:
        return False
    again = FeedbackRequest.objects.filter(pk=request.pk, state=State.FAILED, response__isnull=True).update(
        state=State.QUEUED, channel=channel, failure_reason="", queued_at=timezone.now(), claimed_at=None,
        attempts=0, cancelled_at=None)
    if again:
        transaction.on_commit(_queue_send(request.pk))
    return bool(again)
