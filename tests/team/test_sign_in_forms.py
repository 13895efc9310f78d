"""Bad input on the sign-in forms: password, two-factor code, and setting up the authenticator app.

Lockout after repeated failures and the successful two-factor journey are tested elsewhere.
"""

import re
import time

import axes.utils
import pytest
from django.utils.html import escape
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory

PASSWORD = "correct-horse-battery"  # UserFactory's


@pytest.fixture(autouse=True)
def forget_failed_sign_ins(db):
    """Failures recorded here must not count towards locking out anyone in a later test."""
    yield
    axes.utils.reset()


def assert_error_page(response, message: str, field: str | None = None) -> str:
    """The GOV.UK error summary holds ``message``; for a field's error it is at the field too."""
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="govuk-error-summary"' in html
    assert "There is a problem" in html
    assert f">{escape(message)}</a>" in html
    if field:
        assert re.search(
            rf'id="id_{field}_\d+_error" class="govuk-error-message">\s*'
            rf'<span class="govuk-visually-hidden">Error:</span>\s*{re.escape(escape(message))}', html
        ), "message at the field"
    title = re.search(r"<title>(.*?)</title>", html, re.DOTALL).group(1).strip()
    assert title.startswith("Error: "), title
    return html


def a_wrong_code(device: TOTPDevice) -> str:
    """A 6-digit code the device will not accept now (it allows one step either side)."""
    now = time.time()
    accepted = set()
    for offset in range(-device.tolerance - 1, device.tolerance + 2):
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = now + offset * device.step
        accepted.add(f"{totp.token():06d}")
    return next(code for code in ("123456", "654321", "000000") if code not in accepted)


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


# Sign in: username and password


@pytest.mark.parametrize(
    ("answers", "errors", "kept"),
    [
        ({"username": "", "password": ""},
         [("username", "Enter your username"), ("password", "Enter your password")], None),
        ({"username": "signin.nopassword", "password": ""},
         [("password", "Enter your password")], 'value="signin.nopassword"'),
        ({"username": "", "password": PASSWORD}, [("username", "Enter your username")], None),
    ],
    ids=["both empty", "no password", "no username"],
)
def test_sign_in_with_a_missing_answer(client, answers, errors, kept):
    UserFactory(username="signin.nopassword")

    response = client.post("/sign-in/", answers)

    for field, message in errors:
        html = assert_error_page(response, message, field)
    if kept:
        assert kept in html
    assert PASSWORD not in html  # a password is never sent back to the page
    assert "<title>Error: Sign in" in html
    assert not is_signed_in(client)


@pytest.mark.parametrize("username", ["signin.wrongpassword", "signin.nosuchperson"])
def test_sign_in_with_a_wrong_password_or_unknown_username(client, username):
    """The same message either way, so the page does not tell which usernames exist."""
    UserFactory(username="signin.wrongpassword")

    response = client.post("/sign-in/", {"username": username, "password": "not-the-password"})

    html = assert_error_page(response, "Enter a correct username and password. Both are case-sensitive.")
    assert f'value="{username}"' in html
    assert "not-the-password" not in html
    assert not is_signed_in(client)


# Two-factor: the code from the app, after the password


@pytest.fixture
def password_only(client):
    """A client signed in with a password, with a confirmed authenticator app, not yet verified."""
    user = UserFactory(username="signin.twofactor")
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    client.force_login(user)
    client.device = device
    return client


def test_two_factor_with_a_wrong_code_stays_unverified(password_only):
    code = a_wrong_code(password_only.device)

    response = password_only.post("/sign-in/two-factor/", {"code": code})

    html = assert_error_page(
        response, "The code is not right or has expired. Enter the code your app shows now", "code"
    )
    assert f'value="{code}"' in html
    assert "<title>Error: Enter your code" in html
    assert DEVICE_ID_SESSION_KEY not in password_only.session
    # Still only half signed in: staff pages send them back for a code.
    follow_up = password_only.get("/families/")
    assert follow_up.status_code == 302
    assert follow_up["Location"] == "/sign-in/two-factor/?next=/families/"


def test_two_factor_with_no_code(password_only):
    response = password_only.post("/sign-in/two-factor/", {"code": "  "})

    assert_error_page(response, "Enter the code from your authenticator app", "code")
    assert DEVICE_ID_SESSION_KEY not in password_only.session


# Setting up two-factor sign-in on first sign-in


@pytest.fixture
def new_starter(client):
    """Signed in with a password for the first time: no authenticator app yet."""
    client.force_login(UserFactory(username="signin.newstarter"))
    return client


def test_set_up_with_a_wrong_code_leaves_the_app_unconfirmed(new_starter):
    new_starter.get("/sign-in/set-up-two-factor/")
    device = TOTPDevice.objects.get(user__username="signin.newstarter")
    code = a_wrong_code(device)

    response = new_starter.post("/sign-in/set-up-two-factor/", {"code": code})

    html = assert_error_page(
        response, "The code is not right. Enter the 6-digit code your app shows now", "code"
    )
    assert f'value="{code}"' in html
    assert 'aria-label="QR code for your authenticator app"' in html  # they can scan again
    assert "<title>Error: Set up two-factor sign-in" in html
    device.refresh_from_db()
    assert device.confirmed is False
    assert TOTPDevice.objects.filter(user=device.user).count() == 1  # the same key, not a new one
    assert not StaticDevice.objects.filter(user=device.user).exists()  # no backup codes issued
    assert DEVICE_ID_SESSION_KEY not in new_starter.session


def test_set_up_with_no_code(new_starter):
    response = new_starter.post("/sign-in/set-up-two-factor/", {"code": ""})

    assert_error_page(response, "Enter the code from your authenticator app", "code")
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
