"""Synthetic families for demonstrations and benchmarks. Deterministic for a given seed."""

import random
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from faker.providers.person.en_GB import Provider as Names

from families.models import Caregiver, Case, Child, Family, SyntheticDataset
from team.models import Hub, User

BATCH_SIZE = 2000
STREETS = ["Ashby Road", "Brigg Road", "Church Lane", "Frodingham Road", "High Street",
           "Mary Street", "Oswald Road", "Queensway", "Station Road", "West Common Lane"]
TOWNS = ["Scunthorpe", "Brigg", "Barton-upon-Humber", "Bottesford", "Crowle", "Epworth"]
DISTRICTS = ["DN15", "DN16", "DN17", "DN18", "DN19", "DN20", "DN9"]
FEMALE_NAMES = list(Names.first_names_female)
MALE_NAMES = list(Names.first_names_male)
LAST_NAMES = list(Names.last_names)
ETHNICITY_WEIGHTS = {"A": 86, "C": 5, "H": 1, "J": 2, "K": 1, "N": 1, "D": 1, "R": 1, "99": 2}


# Later apps add their own demo data after the families (registered in their AppConfig.ready()).
# Each step is called as step(seed=..., users=[...]) once, when the families are first added.
_demo_steps: list = []


def register_demo_step(step):
    if step not in _demo_steps:
        _demo_steps.append(step)
    return step


def run_demo_steps(*, seed: int, users: list[User]) -> None:
    for step in _demo_steps:
        step(seed=seed, users=users)


class RealRecordsPresent(Exception):
    """The database holds families that seed_demo did not make."""


def valid_nhs_number(rng: random.Random) -> str:
    """A random 10-digit number that passes the Modulus 11 check."""
    while True:
        digits = [rng.randint(0, 9) for _ in range(9)]
        digits[0] = rng.randint(4, 9)
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
        check = 0 if check == 11 else check
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def _postcode(rng: random.Random) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return f"{rng.choice(DISTRICTS)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"


def _family(rng: random.Random, hubs: list[Hub], created: datetime) -> Family:
    return Family(
        address_line_1=f"{rng.randint(1, 240)} {rng.choice(STREETS)}",
        town=rng.choice(TOWNS), postcode=_postcode(rng),
        hub=rng.choice(hubs) if hubs else None, created_at=created,
    )


def _mother(rng: random.Random, family: Family, born_or_due: date, last_name: str) -> Caregiver:
    age = rng.choice([17, 19, 21, 24, 27, 29, 31, 33, 36, 39])
    first = rng.choice(FEMALE_NAMES)
    return Caregiver(
        family=family, relationship=Caregiver.Relationship.MOTHER, first_name=first,
        last_name=last_name, nhs_number=valid_nhs_number(rng),
        date_of_birth=born_or_due - timedelta(days=age * 365 + rng.randint(0, 364)),
        email=f"{first.lower()}.{last_name.lower()}@example.com",
        mobile=f"07700 9{rng.randint(0, 99999):05d}",
        ethnic_category=rng.choices(list(ETHNICITY_WEIGHTS), list(ETHNICITY_WEIGHTS.values()))[0],
        first_time_parent=rng.random() < 0.6,
    )


def _father(rng: random.Random, family: Family, born_or_due: date, last_name: str) -> Caregiver:
    first = rng.choice(MALE_NAMES)
    return Caregiver(
        family=family, relationship=Caregiver.Relationship.FATHER, first_name=first,
        last_name=last_name, nhs_number=valid_nhs_number(rng),
        date_of_birth=born_or_due - timedelta(days=rng.randint(19, 42) * 365),
        mobile=f"07700 9{rng.randint(0, 99999):05d}" if rng.random() < 0.7 else "",
    )


def _child(rng: random.Random, family: Family, born_or_due: date, today: date, last_name: str):
    if born_or_due > today:
        return Child(family=family, expected_date=born_or_due)
    return Child(family=family, first_name=rng.choice(FEMALE_NAMES + MALE_NAMES),
                 last_name=last_name, date_of_birth=born_or_due, nhs_number=valid_nhs_number(rng))


def _people(rng, family: Family, today: date, workers: list[User], lead: User) -> Iterator:
    born_or_due = today + timedelta(days=rng.randint(-330, 120))
    last_name = rng.choice(LAST_NAMES)
    yield _mother(rng, family, born_or_due, last_name)
    if rng.random() < 0.45:
        yield _father(rng, family, born_or_due, last_name)
    yield _child(rng, family, born_or_due, today, last_name)
    if workers and rng.random() < 0.7:
        yield Case(family=family, key_worker=rng.choice(workers), opened_by=lead,
                   opened_at=family.created_at + timedelta(days=rng.randint(1, 20)))


def _batch(rng, size: int, hubs, workers, lead, now: datetime) -> None:
    today = now.date()
    families = Family.objects.bulk_create([
        _family(rng, hubs, timezone.make_aware(datetime.combine(
            today - timedelta(days=rng.randint(21, 700)), time(9 + rng.randint(0, 7)))))
        for _ in range(size)
    ])
    rows: dict[type, list] = {Caregiver: [], Child: [], Case: []}
    for family in families:
        for row in _people(rng, family, today, workers, lead):
            rows[type(row)].append(row)
    for model, objects in rows.items():
        model.objects.bulk_create(objects, batch_size=BATCH_SIZE)


def ensure_no_real_records() -> None:
    """Refuse a database holding families that seed_demo did not make."""
    if Family.objects.exists() and not SyntheticDataset.objects.exists():
        raise RealRecordsPresent(
            "This database already holds families that were not made by seed_demo. "
            "Demo data is never mixed with real records."
        )


def demo_families_create(*, count: int, seed: int, workers: list[User], lead: User) -> int:
    """Add ``count`` synthetic families, most with an open case. Refuses a database with real ones."""
    with transaction.atomic():
        ensure_no_real_records()
        if SyntheticDataset.objects.exists():
            return 0
        rng = random.Random(seed)
        hubs = list(Hub.objects.all())
        now = timezone.now()
        for start in range(0, count, BATCH_SIZE):
            _batch(rng, min(BATCH_SIZE, count - start), hubs, workers, lead, now)
        SyntheticDataset.objects.create(seed=seed, families=count)
    return count
