"""What the page benchmarks share: Django set up outside the test runner, a throwaway database,
a client signed in with both factors, and the query count and median time of a page.

Import this module before any of the project's own.
"""

import os
import statistics
import sys
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "piew.settings")
# Pages are rendered without collectstatic, as in the tests.
os.environ.setdefault("PIEW_STATIC_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")
# WhiteNoise looks for collected static files the benchmarks do not need.
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

RUNS = 7


@contextmanager
def throwaway_database(name: str) -> Iterator[None]:
    """A fresh database (``name`` on PostgreSQL, in memory on SQLite), dropped afterwards."""
    setup_test_environment()
    if connection.vendor != "sqlite":
        connection.settings_dict.setdefault("TEST", {})["NAME"] = name
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def analyse() -> None:
    """Fresh planner statistics after a bulk load (PostgreSQL)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def signed_in_client(user) -> Client:
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="Bench", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def measure(client: Client, path: str) -> tuple[int, float]:
    """(queries, median milliseconds) for one page."""
    timings = []
    client.get(path, secure=True)  # templates compiled, connections warm
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(path, secure=True)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return len(queries), statistics.median(timings)
