""""My caseload" and "Team caseloads" with 50 and with 5,000 open cases: how many queries each
page runs, and how long it takes. The query count must not grow with the number of cases.

    .venv/bin/python bench/caseload_queries.py                 (SQLite, in memory)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/piew .venv/bin/python bench/caseload_queries.py

It makes its own throwaway database (test_piew_bench_caseloads on PostgreSQL), fills it with a
team of five practitioners and the cases (each with a completed initial assessment, a next
action and a case note; one in ten also waiting for allocation), and drops it at the end.
"""

import os
import random
import statistics
import sys
import time
import warnings
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "piew.settings")
os.environ.setdefault("PIEW_STATIC_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group  # noqa: E402
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

from assessments.models import InitialAssessment, Intervention  # noqa: E402
from caseloads.models import CasePlan  # noqa: E402
from families.models import Case, CaseNote, Family  # noqa: E402
from team.models import StaffProfile, User  # noqa: E402
from team.roles import Role  # noqa: E402

RUNS = 7
TEAM = [("team_lead", Role.TEAM_LEAD), ("health_visitor", Role.HEALTH_VISITOR),
        ("health_visitor_2", Role.HEALTH_VISITOR), ("piew_worker", Role.PIEW_WORKER),
        ("piew_worker_2", Role.PIEW_WORKER), ("piew_worker_3", Role.PIEW_WORKER)]


def _team() -> list[User]:
    people = []
    for username, role in TEAM:
        user = User.objects.create(username=username, first_name=username.replace("_", " ").title())
        user.groups.add(Group.objects.get_or_create(name=role.value)[0])
        StaffProfile.objects.create(user=user, caseload_capacity=0 if role == Role.TEAM_LEAD else 30)
        people.append(user)
    return people


def _add_cases(count: int, workers: list[User], rng: random.Random) -> None:
    now, today = timezone.now(), timezone.localdate()
    families = Family.objects.bulk_create(
        [Family(address_line_1="1 High Street", postcode="DN15 6AB") for _ in range(count)], batch_size=2000)
    cases = Case.objects.bulk_create([
        Case(family=family, key_worker=None if number % 10 == 0 else workers[number % len(workers)],
             opened_at=now - timedelta(days=rng.randint(1, 300)))
        for number, family in enumerate(families)], batch_size=2000)
    assessor = workers[0]
    InitialAssessment.objects.bulk_create([InitialAssessment(
        family=case.family, case=case, assessor=assessor, booked_by=assessor, booked_for=case.opened_at,
        place="home", status="completed", completed_at=case.opened_at, locked=True,
        recommended_interventions=[rng.choice(Intervention.values)], risk_safeguarding=rng.random() < 0.1,
    ) for case in cases], batch_size=2000)
    CasePlan.objects.bulk_create([CasePlan(
        case=case, next_action="Visit", next_action_due=today + timedelta(days=rng.randint(-10, 20)),
        updated_by=assessor) for case in cases if case.key_worker_id], batch_size=2000)
    CaseNote.objects.bulk_create([CaseNote(family=case.family, case=case, author=assessor, text="Visited")
                                  for case in cases], batch_size=2000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _client(user: User) -> Client:
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="Bench", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _measure(client: Client, path: str) -> tuple[int, float]:
    timings = []
    client.get(path, secure=True)
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(path, secure=True)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return len(queries), statistics.median(timings)


def _report(lead: Client, worker: Client, worker_user: User) -> None:
    open_cases = Case.objects.filter(closed_at__isnull=True).count()
    mine = Case.objects.filter(closed_at__isnull=True, key_worker=worker_user).count()
    print(f"\n{open_cases:,} open cases ({mine:,} on {worker_user.username}'s caseload), "
          f"on {connection.vendor}:")
    for label, client, path in [("My caseload", worker, "/caseloads/"),
                                ("Team caseloads", lead, "/caseloads/team/"),
                                ("Waiting list", lead, "/caseloads/waiting/")]:
        queries, millis = _measure(client, path)
        print(f"  {label:<16} {path:<20} {queries:>3} queries  {millis:8.1f} ms (median of {RUNS})")


def main() -> None:
    setup_test_environment()
    if connection.vendor != "sqlite":
        connection.settings_dict.setdefault("TEST", {})["NAME"] = "test_piew_bench_caseloads"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        rng = random.Random(2026)
        people = _team()
        workers = people[1:]
        lead, worker = _client(people[0]), _client(people[3])
        _add_cases(50, workers, rng)
        _report(lead, worker, people[3])
        _add_cases(5000 - 50, workers, rng)
        _report(lead, worker, people[3])
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
