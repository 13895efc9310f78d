"""Signing in: password, then an authenticator code; lockout; idle sessions; signing out."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from team.roles import Role

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in_with_password(client, username: str, password: str = PASSWORD):
    return client.post("/sign-in/", {"username": username, "password": password})


@pytest.fixture
def health_visitor(make_user):
    return make_user(Role.HEALTH_VISITOR, username="claire")


def test_password_alone_does_not_open_records_when_two_factor_is_required(client, health_visitor):
    sign_in_with_password(client, "claire")
    response = client.get("/families/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/two-factor/?next=/families/"
    api = client.get("/api/v1/families/")
    assert api.status_code == 403
    assert api.json()["detail"] == "Finish signing in with your two-factor code first."


def test_the_demo_can_switch_two_factor_off(client, health_visitor, settings):
    settings.PIEW_MFA_REQUIRED = False
    sign_in_with_password(client, "claire")
    assert client.get("/families/").status_code == 200


def test_first_sign_in_sets_up_an_authenticator_and_shows_backup_codes_once(client, health_visitor):
    sign_in_with_password(client, "claire")
    assert client.get("/sign-in/two-factor/")["Location"] == "/sign-in/set-up-two-factor/"
    page = client.get("/sign-in/set-up-two-factor/").content.decode()
    assert '<svg role="img" aria-label="QR code for your authenticator app"' in page
    device = TOTPDevice.objects.get(user=health_visitor, confirmed=False)

    response = client.post("/sign-in/set-up-two-factor/", {"code": code_for(device)})

    assert response["Location"] == "/sign-in/backup-codes/"
    device.refresh_from_db()
    assert device.confirmed
    codes = list(StaticToken.objects.filter(device__user=health_visitor).values_list("token", flat=True))
    assert len(codes) == 10
    shown = client.get("/sign-in/backup-codes/").content.decode()
    assert all(code in shown for code in codes)
    assert codes[0] not in client.get("/sign-in/backup-codes/").content.decode()
    assert client.get("/families/").status_code == 200


def test_setting_up_a_second_authenticator_needs_the_first(client, health_visitor):
    TOTPDevice.objects.create(user=health_visitor, name="Authenticator app", confirmed=True)
    sign_in_with_password(client, "claire")
    response = client.get("/sign-in/set-up-two-factor/")
    assert response["Location"] == "/sign-in/two-factor/"
    assert TOTPDevice.objects.filter(user=health_visitor).count() == 1


def test_a_code_from_the_app_finishes_signing_in(client, health_visitor):
    device = TOTPDevice.objects.create(user=health_visitor, name="Authenticator app", confirmed=True)
    sign_in_with_password(client, "claire")
    response = client.post("/sign-in/two-factor/?next=/families/", {"code": code_for(device)})
    assert response["Location"] == "/families/"
    assert client.get("/families/").status_code == 200


def test_a_backup_code_works_once(client, health_visitor):
    from team.services import backup_codes_issue

    TOTPDevice.objects.create(user=health_visitor, name="Authenticator app", confirmed=True)
    code = backup_codes_issue(user=health_visitor)[0]
    sign_in_with_password(client, "claire")
    assert client.post("/sign-in/two-factor/", {"code": code}).status_code == 302
    client.post("/sign-out/")

    sign_in_with_password(client, "claire")
    again = client.post("/sign-in/two-factor/", {"code": code})
    assert again.status_code == 200
    assert "The code is not right or has expired" in again.content.decode()


def test_five_failed_passwords_lock_the_account_for_fifteen_minutes(client, health_visitor):
    for _ in range(4):
        assert sign_in_with_password(client, "claire", "wrong-password").status_code == 200
    locked = sign_in_with_password(client, "claire", "wrong-password")
    assert locked.status_code == 429
    assert "Your account is locked" in locked.content.decode()
    # Even the right password is refused while locked.
    assert sign_in_with_password(client, "claire").status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert sign_in_with_password(client, "claire")["Location"] == "/"


def test_lockout_is_per_account(client, health_visitor, make_user):
    make_user(Role.PIEW_WORKER, username="amy")
    for _ in range(5):
        sign_in_with_password(client, "claire", "wrong-password")
    assert sign_in_with_password(client, "amy").status_code == 302


def test_a_session_ends_after_thirty_minutes_idle(client_for):
    client = client_for(Role.TEAM_LEAD)
    client.get("/families/")
    assert client.session.get_expiry_age() == 30 * 60

    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/families/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_signing_out_ends_the_session(client_for):
    client = client_for(Role.TEAM_LEAD)
    response = client.post("/sign-out/")
    assert "You have signed out" in response.content.decode()
    assert client.get("/families/")["Location"] == "/sign-in/?next=/families/"


@pytest.mark.parametrize(
    "password, message",
    [
        ("short-pass", "This password is too short. It must contain at least 12 characters."),
        ("password1234", "This password is too common."),
        ("123456789012", "This password is entirely numeric."),
    ],
)
def test_passwords_must_be_long_and_uncommon(password, message):
    with pytest.raises(ValidationError) as error:
        validate_password(password)
    assert message in error.value.messages


def test_a_long_uncommon_password_is_accepted():
    validate_password("kettle-harbour-violet")
