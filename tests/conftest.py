import pytest
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp import DEVICE_ID_SESSION_KEY

from tests.factories import UserFactory
from team.roles import Role


def pytest_configure(config):
    # Tests read static files straight from their folders (no collectstatic), and
    # a fast hasher keeps making users cheap.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.PIEW_HTTPS = False
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture
def make_user(db):
    """make_user(Role.HEALTH_VISITOR, username=...) -> a user holding that role."""

    def make(role: Role | None = None, **fields):
        return UserFactory(role=role, **fields)

    return make


def sign_in(client, user):
    """Sign the user in as the app would after both steps: password and authenticator code."""
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="Authenticator app", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def client_for(db, client, make_user):
    """client_for(Role.TEAM_LEAD) -> a test client signed in as a new user with that role."""

    def make(role: Role | None = None, user=None, **fields):
        user = user or make_user(role, **fields)
        sign_in(client, user)
        client.user = user
        return client

    return make
