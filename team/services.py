"""Writes about staff: two-factor devices and backup codes."""

from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from team.models import User

AUTHENTICATOR_NAME = "Authenticator app"
BACKUP_CODES_NAME = "Backup codes"


def totp_device_pending(*, user: User) -> TOTPDevice:
    """The authenticator app being set up: one unconfirmed device, made on first visit."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": AUTHENTICATOR_NAME}
    )
    return device


@transaction.atomic
def totp_device_confirm(*, user: User, code: str) -> tuple[TOTPDevice, list[str]] | None:
    """Confirm the pending device with a code from the app, and issue fresh backup codes.

    Returns the device and the backup codes to show once, or None if the code is wrong.
    """
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(code):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device, backup_codes_issue(user=user)


@transaction.atomic
def backup_codes_issue(*, user: User) -> list[str]:
    """Replace the user's backup codes. Each works once."""
    device, _ = StaticDevice.objects.get_or_create(user=user, defaults={"name": BACKUP_CODES_NAME})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.PIEW_BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def has_confirmed_authenticator(*, user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()
