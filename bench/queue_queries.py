"""The triage queue page with 10 and with 10,000 referrals: how many queries it runs, and how long
it takes. The query count must not grow with the number of referrals.

    .venv/bin/python bench/queue_queries.py                 (SQLite, in memory)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/piew .venv/bin/python bench/queue_queries.py

It makes its own throwaway database (test_piew_bench_queue on PostgreSQL), fills it with the
demo team, 2,000 synthetic families and the referrals, and drops it at the end. The database
named in DATABASE_URL is not touched.
"""

import os
import random
import statistics
import sys
import time
import warnings
from datetime import timedelta
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "piew.settings")
# Pages are rendered without collectstatic, as in the tests.
os.environ.setdefault("PIEW_STATIC_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")

# WhiteNoise looks for collected static files this benchmark does not need.
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)
from django.utils import timezone  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from families.demo import FEMALE_NAMES, LAST_NAMES, valid_nhs_number  # noqa: E402
from families.models import Caregiver  # noqa: E402
from referrals.models import Channel, Referral, Source  # noqa: E402
from referrals.transitions import CLOSED_STATUSES, OPEN_STATUSES  # noqa: E402
from team.models import Hub, User  # noqa: E402

FAMILIES = 2000
RUNS = 7
PAGES = ["/referrals/", "/referrals/?status=any", "/referrals/?status=new&channel=email"]


def _referral(
    rng: random.Random, now, known: list[Caregiver], hubs: list[Hub], open_share: float,
) -> Referral:
    """A referral from the last two years; one in ten for a parent the team already knows."""
    received = now - timedelta(days=rng.randint(0, 730), minutes=rng.randint(0, 600))
    status = rng.choice(OPEN_STATUSES) if rng.random() < open_share else rng.choice(CLOSED_STATUSES)
    if rng.random() < 0.1:
        parent = rng.choice(known)
        first, last, born, postcode = (parent.first_name, parent.last_name, parent.date_of_birth,
                                       parent.family.postcode)
    else:
        first, last = rng.choice(FEMALE_NAMES), rng.choice(LAST_NAMES)
        born = (now - timedelta(days=rng.randint(17 * 365, 42 * 365))).date()
        postcode = f"DN{rng.randint(15, 20)} {rng.randint(1, 9)}{rng.choice('ABDEFG')}{rng.choice('HJLNPQ')}"
    return Referral(
        source=rng.choice(Source.values), channel=rng.choice(Channel.values), hub=rng.choice(hubs),
        referrer_name="Jo Midwife", family_agreed=True, parent_first_name=first, parent_last_name=last,
        parent_date_of_birth=born, postcode=postcode, address_line_1="1 High Street",
        parent_nhs_number=valid_nhs_number(rng) if rng.random() < 0.5 else "",
        status=status, received_at=received,
        closed_at=received + timedelta(days=rng.randint(1, 30)) if status in CLOSED_STATUSES else None,
    )


def _add_referrals(count: int, rng: random.Random, open_share: float) -> None:
    known = list(Caregiver.objects.select_related("family")[:FAMILIES])
    hubs = list(Hub.objects.all()) or [Hub.objects.create(name="Bench Family Hub")]
    now = timezone.now()
    Referral.objects.bulk_create([_referral(rng, now, known, hubs, open_share) for _ in range(count)],
                                 batch_size=2000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _signed_in_client() -> Client:
    user = User.objects.get(username="admin_assistant")
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="Bench", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _measure(client: Client, path: str) -> tuple[int, float]:
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


def _report(client: Client) -> None:
    total, open_ = Referral.objects.count(), Referral.objects.filter(status__in=OPEN_STATUSES).count()
    print(f"\n{total:,} referrals ({open_:,} open), {FAMILIES:,} families, on {connection.vendor}:")
    for path in PAGES:
        queries, millis = _measure(client, path)
        print(f"  {path:<42} {queries:>3} queries  {millis:8.1f} ms (median of {RUNS})")


def main() -> None:
    setup_test_environment()
    if connection.vendor != "sqlite":
        connection.settings_dict.setdefault("TEST", {})["NAME"] = "test_piew_bench_queue"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        call_command("seed_demo", families=FAMILIES, stdout=StringIO())
        rng = random.Random(2026)
        client = _signed_in_client()
        _add_referrals(10, rng, open_share=1.0)
        _report(client)
        _add_referrals(10_000 - 10, rng, open_share=0.3)
        _report(client)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
