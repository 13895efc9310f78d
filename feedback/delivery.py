"""Putting a feedback link in front of a parent: by email through Django's email backend, or
by email or text message through GOV.UK Notify when ``NOTIFY_API_KEY`` is set.

Every failure is sorted into one of two kinds: ``TransientDeliveryError`` (try again later: the
mail server or Notify is down, busy or rate-limiting) and ``PermanentDeliveryError`` (trying
again would fail the same way: a refused address, a bad number, a missing template).
"""

import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient


class DeliveryError(Exception):
    pass


class TransientDeliveryError(DeliveryError):
    pass


class PermanentDeliveryError(DeliveryError):
    pass


@dataclass(frozen=True)
class Message:
    channel: str  # "email" or "text"
    to: str
    first_name: str
    link: str
    reminder: bool = False
    reference: str = ""


def send(message: Message) -> str:
    """Send the message; the Notify id, or "" when sent by the email backend."""
    if settings.NOTIFY_API_KEY:
        return _send_by_notify(message)
    if message.channel != "email":
        raise PermanentDeliveryError("Text messages need GOV.UK Notify, which is not set up")
    _send_by_email(message)
    return ""


def _email_text(message: Message) -> tuple[str, str]:
    subject = "Tell us how the support went"
    if message.reminder:
        subject = f"A reminder: {subject[0].lower()}{subject[1:]}"
    body = (
        f"Dear {message.first_name},\n\n"
        "Thank you for taking part. We would like to hear what you thought, so that we can make the "
        "support better for other families. It takes about 5 minutes.\n\n"
        f"{message.link}\n\n"
        "The link is yours alone and works once. The form is in English and Polish.\n\n"
        "Family Hubs Parent-Infant Emotional Wellbeing team"
    )
    return subject, body


def _send_by_email(message: Message) -> None:
    subject, body = _email_text(message)
    try:
        EmailMessage(subject=subject, body=body, to=[message.to]).send()
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused) as error:
        raise PermanentDeliveryError(f"The mail server refused the address: {error}") from error
    except smtplib.SMTPResponseException as error:
        if 500 <= error.smtp_code < 600:
            raise PermanentDeliveryError(
                f"The mail server refused the message ({error.smtp_code})") from error
        raise TransientDeliveryError(f"The mail server said {error.smtp_code}") from error
    except (smtplib.SMTPException, OSError) as error:
        raise TransientDeliveryError(f"The mail server could not be reached: {error}") from error


def _template_id(message: Message) -> str:
    name = {
        ("email", False): "NOTIFY_FEEDBACK_EMAIL_TEMPLATE_ID",
        ("text", False): "NOTIFY_FEEDBACK_SMS_TEMPLATE_ID",
        ("email", True): "NOTIFY_FEEDBACK_REMINDER_EMAIL_TEMPLATE_ID",
        ("text", True): "NOTIFY_FEEDBACK_REMINDER_SMS_TEMPLATE_ID",
    }[(message.channel, message.reminder)]
    template = getattr(settings, name)
    if not template and message.reminder:
        # A reminder goes with the first message's template when it has none of its own.
        return _template_id(Message(message.channel, message.to, message.first_name, message.link))
    if not template:
        raise PermanentDeliveryError(f"No GOV.UK Notify template is set: {name}")
    return template


def notify_client() -> NotificationsAPIClient:
    return NotificationsAPIClient(settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL, timeout=20)


def _send_by_notify(message: Message) -> str:
    template_id = _template_id(message)
    personalisation = {"first_name": message.first_name, "link": message.link}
    client = notify_client()
    try:
        if message.channel == "email":
            response = client.send_email_notification(
                email_address=message.to, template_id=template_id, personalisation=personalisation,
                reference=message.reference or None)
        else:
            response = client.send_sms_notification(
                phone_number=message.to, template_id=template_id, personalisation=personalisation,
                reference=message.reference or None)
    except APIError as error:
        # The client reports a connection failure or timeout as a 503.
        if error.status_code == 429 or error.status_code >= 500:
            raise TransientDeliveryError(f"GOV.UK Notify said {error.status_code}") from error
        raise PermanentDeliveryError(f"GOV.UK Notify refused it ({error.status_code}): "
                                     f"{_notify_message(error)}") from error
    return str(response.get("id", ""))


def _notify_message(error: APIError) -> str:
    detail = error.message
    if isinstance(detail, list):
        detail = "; ".join(str(item.get("message", item)) for item in detail if isinstance(item, dict))
    return str(detail)[:200]


def notify_status(notify_id: str) -> str:
    """Notify's status for a message ("delivered", "permanent-failure", ...), or "" if unknown."""
    try:
        return str(notify_client().get_notification_by_id(notify_id).get("status", ""))
    except APIError:
        return ""
