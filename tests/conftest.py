import pytest
from django.conf import settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from team.roles import Role
from tests.factories import UserFactory


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


@pytest.fixture(scope="session")
def celery_worker_process():
    """A real Celery worker on the Redis broker. Skips where REDIS_URL is not set (make test
    on a machine without Redis); CI sets it."""
    import os
    import subprocess
    import sys
    import time
    from pathlib import Path

    from piew.celery import app

    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: no broker for a Celery worker")
    celery = Path(sys.executable).with_name("celery")
    worker = subprocess.Popen(
        [str(celery), "-A", "piew", "worker", "--pool=solo", "--loglevel=WARNING",
         "--hostname=piew-test@%h"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "piew.settings"},
    )
    try:
        deadline = time.monotonic() + 30
        while not app.control.ping(timeout=0.5):
            if time.monotonic() > deadline or worker.poll() is not None:
                pytest.fail("The Celery worker did not start within 30 seconds")
        yield worker
    finally:
        worker.terminate()
        worker.wait(timeout=30)


@pytest.fixture(autouse=True)
def celery_tasks_run_at_once(request):
    """Tasks run in the test's own process, unless the test uses a real worker."""
    from piew.celery import app

    eager = "celery_worker_process" not in request.fixturenames
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = eager
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def rate_limits_start_fresh(settings):
    """Rate-limit counts live in the cache (Redis in CI, kept between runs): each test counts
    from nothing under a prefix of its own."""
    import uuid

    settings.RATELIMIT_CACHE_PREFIX = f"rl:test:{uuid.uuid4().hex}:"


@pytest.fixture
def token_client(db):
    """token_client(user) -> an API client that authenticates with the user's token only."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    def make(user) -> APIClient:
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
        return api

    return make


# Reference data the data migrations seed, as (app, migration, function). A test that runs in
# real transactions (the browser tests, the concurrency tests) empties every table when it
# ends, so the next such test seeds them again; tests in a rolled-back transaction keep them.
REFERENCE_DATA = [
    ("team", "0002_roles", "create_roles"),
    ("team", "0005_seed_competencies", "seed"),
    ("interventions", "0002_seed_catalogue", "seed"),
    ("feedback", "0002_seed_questionnaire", "seed"),
]


@pytest.fixture(autouse=True)
def reference_data_after_flush(request):
    import importlib

    from django.apps import apps as django_apps

    marker = request.node.get_closest_marker("django_db")
    transactional = bool({"transactional_db", "live_server"} & set(request.fixturenames)) or bool(
        marker and marker.kwargs.get("transaction"))
    if transactional:
        request.getfixturevalue("transactional_db")
        for app, migration, function in REFERENCE_DATA:
            module = importlib.import_module(f"{app}.migrations.{migration}")
            getattr(module, function)(django_apps, None)
    yield
