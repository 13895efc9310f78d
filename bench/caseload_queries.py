""""My caseload" and "Team caseloads" with 50 and with 5,000 open cases: how many queries each
page runs, and how long it takes. The query count must not grow with the number of cases.

    .venv/bin/python bench/caseload_queries.py                 (SQLite, in memory)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/piew .venv/bin/python bench/caseload_queries.py

It makes its own throwaway database (test_piew_bench_caseloads on PostgreSQL), fills it with a
team of five practitioners and the cases (each with a completed initial assessment, a next
action and a case note; one in ten also waiting for allocation; one in three allocated cases in
an intervention, some with a reminder on the task list), and drops it at the end.
"""

import random
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# isort: off
from pages import RUNS, analyse, measure, signed_in_client, throwaway_database  # noqa: E402
# isort: on

from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from assessments.models import InitialAssessment  # noqa: E402
from caseloads.models import CasePlan  # noqa: E402
from families.models import Case, CaseNote, Family  # noqa: E402
from interventions.models import Enrolment, Programme, Reminder  # noqa: E402
from team.models import StaffProfile, User  # noqa: E402
from team.roles import Role  # noqa: E402

# The catalogue's codes, as its migration seeds them.
CODES = ["vig", "solihull_perinatal_plus", "triple_p_baby", "watch_wait_wonder", "online_solihull",
         "peer_support"]
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
        recommended_interventions=[rng.choice(CODES)], risk_safeguarding=rng.random() < 0.1,
    ) for case in cases], batch_size=2000)
    CasePlan.objects.bulk_create([CasePlan(
        case=case, next_action="Visit", next_action_due=today + timedelta(days=rng.randint(-10, 20)),
        updated_by=assessor) for case in cases if case.key_worker_id], batch_size=2000)
    CaseNote.objects.bulk_create([CaseNote(family=case.family, case=case, author=assessor, text="Visited")
                                  for case in cases], batch_size=2000)
    _add_enrolments([case for case in cases if case.key_worker_id], rng)
    analyse()


def _add_enrolments(cases: list[Case], rng: random.Random) -> None:
    """One in three allocated cases in an intervention, with a reminder on the key worker's list."""
    programmes = {programme.code: programme for programme in Programme.objects.all()}
    enrolments = Enrolment.objects.bulk_create([Enrolment(
        case=case, programme=programmes[code], practitioner_id=case.key_worker_id,
        format=programmes[code].formats[0], status=rng.choice(["waiting", "active"]),
        enrolled_by_id=case.key_worker_id) for case in cases[::3]
        for code in [rng.choice(["vig", "watch_wait_wonder", "triple_p_baby"])]], batch_size=2000)
    today = timezone.localdate()
    Reminder.objects.bulk_create([Reminder(
        kind="no_recent_session", practitioner_id=enrolment.practitioner_id, enrolment=enrolment,
        quiet_since=today - timedelta(days=30), raised_on=today) for enrolment in enrolments[::4]],
        batch_size=2000)


def _report(lead, worker, worker_user: User) -> None:
    open_cases = Case.objects.filter(closed_at__isnull=True).count()
    mine = Case.objects.filter(closed_at__isnull=True, key_worker=worker_user).count()
    print(f"\n{open_cases:,} open cases ({mine:,} on {worker_user.username}'s caseload), "
          f"on {connection.vendor}:")
    for label, client, path in [("My caseload", worker, "/caseloads/"),
                                ("Team caseloads", lead, "/caseloads/team/"),
                                ("Waiting list", lead, "/caseloads/waiting/")]:
        queries, millis = measure(client, path)
        print(f"  {label:<16} {path:<20} {queries:>3} queries  {millis:8.1f} ms (median of {RUNS})")


def main() -> None:
    with throwaway_database("test_piew_bench_caseloads"):
        rng = random.Random(2026)
        people = _team()
        workers = people[1:]
        lead, worker = signed_in_client(people[0]), signed_in_client(people[3])
        _add_cases(50, workers, rng)
        _report(lead, worker, people[3])
        _add_cases(5000 - 50, workers, rng)
        _report(lead, worker, people[3])


if __name__ == "__main__":
    main()
