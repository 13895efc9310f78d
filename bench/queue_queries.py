"""The triage queue page with 10 and with 10,000 referrals: how many queries it runs, and how long
it takes. The query count must not grow with the number of referrals.

    .venv/bin/python bench/queue_queries.py                 (SQLite, in memory)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/piew .venv/bin/python bench/queue_queries.py

It makes its own throwaway database (test_piew_bench_queue on PostgreSQL), fills it with the
demo team, 2,000 synthetic families and the referrals, and drops it at the end. The database
named in DATABASE_URL is not touched.
"""

import random
import sys
from datetime import timedelta
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# isort: off
from pages import RUNS, analyse, measure, signed_in_client, throwaway_database  # noqa: E402
# isort: on

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from families.demo import FEMALE_NAMES, LAST_NAMES, valid_nhs_number  # noqa: E402
from families.models import Caregiver  # noqa: E402
from referrals.models import Channel, Referral, Source  # noqa: E402
from referrals.transitions import CLOSED_STATUSES, OPEN_STATUSES  # noqa: E402
from team.models import Hub, User  # noqa: E402

FAMILIES = 2000
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
    analyse()


def _report(client) -> None:
    total, open_ = Referral.objects.count(), Referral.objects.filter(status__in=OPEN_STATUSES).count()
    print(f"\n{total:,} referrals ({open_:,} open), {FAMILIES:,} families, on {connection.vendor}:")
    for path in PAGES:
        queries, millis = measure(client, path)
        print(f"  {path:<42} {queries:>3} queries  {millis:8.1f} ms (median of {RUNS})")


def main() -> None:
    with throwaway_database("test_piew_bench_queue"):
        call_command("seed_demo", families=FAMILIES, stdout=StringIO())
        rng = random.Random(2026)
        client = signed_in_client(User.objects.get(username="admin_assistant"))
        _add_referrals(10, rng, open_share=1.0)
        _report(client)
        _add_referrals(10_000 - 10, rng, open_share=0.3)
        _report(client)


if __name__ == "__main__":
    main()
