"""Demo interventions, so the enrolment pages, the diary, the caseloads, the chronology and the
attendance rates have something to show.

For a share of the families with an open case held by a PIEW worker: consent to take part (and to
share with the team) where none is recorded, then an enrolment in Video Interaction Guidance,
Watch, Wait and Wonder, Triple P Baby (in group runs with registers) or the online Solihull
programme (with a licence code), with past sessions of mixed attendance, fathers at some, some
completed and some ended early. The PIEW workers are given the training that qualifies them
first. Deterministic for a seed; rows are bulk-created so 100,000 families take seconds.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from families.demo import BATCH_SIZE, register_demo_step
from families.models import Caregiver, Case, ConsentRecord
from interventions.models import Enrolment, GroupRun, GroupSession, LicenceCode, Programme, Session
from interventions.services.reminders import reminders_raise
from team.models import Hub, TrainingRecord, User
from team.roles import Role
from team.skills.services import training_record_add

# The share of eligible cases enrolled (at most MAXIMUM, so a large demo stays quick to load), and
# the mix of interventions they are enrolled in.
SHARE = 0.3
MAXIMUM = 4000
MIX = {"vig": 3, "watch_wait_wonder": 2, "triple_p_baby": 3, "online_solihull": 1}
# Families on one demo Triple P Baby group run.
RUN_SIZE = 10
# How each enrolment ends up, by weight.
OUTCOMES = {"active": 5, "completed": 3, "ended_early": 1, "waiting": 1}
ATTENDANCE = {Session.Attendance.ATTENDED: 76, Session.Attendance.DID_NOT_ATTEND: 12,
              Session.Attendance.CANCELLED_BY_FAMILY: 8, Session.Attendance.CANCELLED_BY_SERVICE: 4}
LICENCES_IN_STOCK = 25


@dataclass
class Plan:
    """One demo enrolment and the rows that go with it, before they are saved."""

    enrolment: Enrolment
    caregivers: list[int]
    with_father: bool
    sessions: list[Session] = field(default_factory=list)


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), list(weights.values()))[0]


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _qualify(workers: list[User], programmes: dict[str, Programme], lead: User) -> None:
    """Current training in every competency that lets the PIEW workers deliver the demo's
    interventions, unless they have it already."""
    today = timezone.localdate()
    for programme in programmes.values():
        for requirement in programme.delivery_requirements.select_related("competency"):
            for worker in workers:
                current = TrainingRecord.objects.filter(
                    Q(expires_on__isnull=True) | Q(expires_on__gte=today), person=worker,
                    competency=requirement.competency)
                if not current.exists():
                    training_record_add(person=worker, recorded_by=lead, competency=requirement.competency,
                                        course=f"{programme} practitioner training",
                                        provider="Programme trainers",
                                        completed_on=today - timedelta(days=300),
                                        source=TrainingRecord.Source.COURSE)


def _eligible(rng: random.Random, workers: list[User]) -> list[tuple[Case, list[tuple[int, str]]]]:
    """The chosen open cases held by PIEW workers, each with its (caregiver id, relationship)s.
    Families with a refusal or withdrawal of consent to take part on record are left out."""
    refused = ConsentRecord.objects.filter(purpose=ConsentRecord.Purpose.TAKING_PART).exclude(
        decision=ConsentRecord.Decision.GIVEN).values("family_id")
    cases = list(Case.objects.filter(closed_at__isnull=True, key_worker__in=workers).exclude(
        family_id__in=refused).order_by("pk").only("pk", "family_id", "key_worker_id", "opened_at"))
    chosen = [case for case in cases if rng.random() < SHARE][:MAXIMUM]
    wanted = {case.family_id for case in chosen}
    people: dict[int, list[tuple[int, str]]] = {}
    caregivers = Caregiver.objects.filter(
        family__cases__closed_at__isnull=True, family__cases__key_worker__in=workers,
    ).order_by("pk").values_list("pk", "family_id", "relationship").distinct()
    for pk, family_id, relationship in caregivers:
        if family_id in wanted:
            people.setdefault(family_id, []).append((pk, relationship))
    return [(case, people[case.family_id]) for case in chosen if case.family_id in people]


def _consents(chosen, by: User) -> None:
    """Consent to take part and to share with the team, where the parent has none given."""
    given = set(ConsentRecord.objects.filter(
        purpose__in=[ConsentRecord.Purpose.TAKING_PART, ConsentRecord.Purpose.MDT_SHARING],
        decision=ConsentRecord.Decision.GIVEN).values_list("caregiver_id", "purpose"))
    rows = []
    for case, people in chosen:
        decided = timezone.localdate(case.opened_at)
        for caregiver_id, _ in people:
            for purpose in (ConsentRecord.Purpose.TAKING_PART, ConsentRecord.Purpose.MDT_SHARING):
                if (caregiver_id, purpose) not in given:
                    rows.append(ConsentRecord(
                        family_id=case.family_id, caregiver_id=caregiver_id, purpose=purpose,
                        decision=ConsentRecord.Decision.GIVEN, decided_on=decided,
                        method=ConsentRecord.Method.VERBAL, recorded_by_id=case.key_worker_id,
                        recorded_at=case.opened_at))
    ConsentRecord.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def _who(rng: random.Random, with_father: bool) -> dict[str, bool]:
    father = with_father and rng.random() < 0.45
    mother = rng.random() < 0.92 or not father
    return {"mother_attended": mother, "father_attended": father,
            "other_carer_attended": rng.random() < 0.05}


def _session(rng, plan: Plan, starts_at: datetime, kind=None, cycle=None, *, recorded=True,
             group_session=None) -> Session:
    enrolment = plan.enrolment
    with_family = kind is None or kind.with_family
    attendance = ""
    if recorded:
        attendance = _pick(rng, ATTENDANCE) if with_family else Session.Attendance.ATTENDED
    who = _who(rng, plan.with_father) if attendance == Session.Attendance.ATTENDED and with_family else {}
    phone = kind is not None and "phone" in kind.name.lower()
    mode = Session.Mode.PHONE if phone or not with_family else Session.Mode.HOME
    session = Session(
        enrolment=enrolment, kind=kind, cycle=cycle, starts_at=starts_at, mode=mode,
        group_session=group_session, attendance=attendance, minutes=60 if with_family else 90,
        booked_by_id=enrolment.practitioner_id, booked_at=starts_at - timedelta(days=7),
        attendance_recorded_by_id=enrolment.practitioner_id if recorded else None,
        attendance_recorded_at=starts_at + timedelta(hours=2) if recorded else None, **who)
    if group_session is not None:
        session.mode, session.hub_id = Session.Mode.HUB, group_session.run.hub_id
    plan.sessions.append(session)
    return session


def _attended(plan: Plan) -> int:
    return sum(1 for session in plan.sessions if session.attended and (
        session.kind is None or session.kind.with_family))


def _end(rng, plan: Plan, completed: bool, today: date) -> None:
    """End the enrolment on its last session's day: completed only with enough attended."""
    enrolment = plan.enrolment
    days = [timezone.localdate(session.starts_at) for session in plan.sessions]
    last = max(days, default=enrolment.starts_on)
    if last >= today:
        return  # still going
    enrolment.ended_on, enrolment.ended_by_id = last, enrolment.practitioner_id
    if completed and _attended(plan) >= enrolment.programme.minimum_attended:
        enrolment.status = Enrolment.Status.COMPLETED
    else:
        enrolment.status = Enrolment.Status.ENDED_EARLY
        enrolment.end_reason = rng.choice([Enrolment.EndReason.DISENGAGED, Enrolment.EndReason.WITHDREW,
                                           Enrolment.EndReason.MOVED])


def _one_to_one(rng, plan: Plan, kinds: list, outcome: str, today: date) -> None:
    """Sessions from the start: VIG in its cycles, others weekly. An ongoing enrolment has its
    past sessions recorded and its next one booked."""
    enrolment = plan.enrolment
    programme = enrolment.programme
    if programme.uses_cycles:
        steps = [(kind, cycle) for cycle in range(1, (enrolment.planned_cycles or 3) + 1) for kind in kinds]
        gap = 5
    else:
        steps = [(kinds[0] if kinds else None, None)] * (programme.minimum_attended + 6)
        gap = 7
    if outcome == "ended_early":
        steps = steps[:rng.randint(2, 4)]
    day = enrolment.starts_on
    for kind, cycle in steps:
        moment = _at(day)
        if day >= today:
            _session(rng, plan, moment, kind, cycle, recorded=False)  # the next one, booked
            break
        _session(rng, plan, moment, kind, cycle)
        day += timedelta(days=gap)
        enough = _attended(plan) >= programme.minimum_attended
        if outcome == "completed" and not programme.uses_cycles and enough:
            break
    if outcome in ("completed", "ended_early"):
        _end(rng, plan, outcome == "completed", today)


def _group_runs(rng, plans: list[Plan], programme: Programme, hubs: list[Hub], lead: User,
                today: date) -> list[GroupRun]:
    """Triple P Baby families in runs of ``RUN_SIZE``: four group sessions with a register, and
    four phone consultations each. Older runs have finished; the newest is under way."""
    kinds = {kind.name: kind for kind in programme.session_kinds.all()}
    group_kind, phone_kind = kinds.get("Group session"), kinds.get("Phone consultation")
    runs = []
    chunks = [plans[start:start + RUN_SIZE] for start in range(0, len(plans), RUN_SIZE)]
    for number, chunk in enumerate(chunks):
        first = today - timedelta(days=14 + 70 * (len(chunks) - 1 - number) + rng.randint(0, 20))
        run = GroupRun(programme=programme, title=f"Triple P Baby, group {number + 1}",
                       hub=hubs[number % len(hubs)], starts_on=first, ends_on=first + timedelta(days=42),
                       capacity=RUN_SIZE + 2, created_by=lead, created_at=_at(first - timedelta(days=30)))
        run.sessions_planned = [
            GroupSession(run=run, number=week + 1, kind=group_kind, minutes=120,
                         starts_at=_at(first + timedelta(days=14 * week), 13)) for week in range(4)]
        runs.append(run)
        for plan in chunk:
            plan.enrolment.group_run = run
            plan.enrolment.starts_on = first
            for group_session in run.sessions_planned:
                day = timezone.localdate(group_session.starts_at)
                _session(rng, plan, group_session.starts_at, group_kind, recorded=day < today,
                         group_session=group_session)
                phone_day = day + timedelta(days=7)
                if phone_day < today:
                    _session(rng, plan, _at(phone_day, 11), phone_kind)
            if run.ends_on + timedelta(days=7) < today:
                _end(rng, plan, True, today)
    return runs


def _licences(rng, plans: list[Plan], programme: Programme, lead: User, seed: int,
              today: date) -> list[LicenceCode]:
    """A licence code issued to each online family's mother (some started, some finished), and
    codes in stock."""
    codes = []
    for number, plan in enumerate(plans):
        enrolment = plan.enrolment
        issued = _at(enrolment.starts_on, 9)
        redeemed = enrolment.starts_on + timedelta(days=3) if rng.random() < 0.8 else None
        finished = redeemed and redeemed + timedelta(days=40)
        finished = finished if finished and finished < today else None
        codes.append(LicenceCode(
            programme=programme, code=f"DEMO-{seed}-{number:06d}", batch="Demo order", imported_by=lead,
            enrolment=enrolment, caregiver_id=plan.caregivers[0], issued_by_id=enrolment.practitioner_id,
            issued_at=issued, redeemed_on=redeemed, completed_on=finished))
        if finished:
            enrolment.status, enrolment.ended_on = Enrolment.Status.COMPLETED, finished
            enrolment.ended_by_id = enrolment.practitioner_id
    codes += [LicenceCode(programme=programme, code=f"DEMO-{seed}-S{number:04d}", batch="Demo order",
                          imported_by=lead, expires_on=today + timedelta(days=300))
              for number in range(LICENCES_IN_STOCK)]
    return codes


def _plan(rng, case: Case, people: list[tuple[int, str]], programme: Programme, today: date) -> Plan:
    mother = [pk for pk, relationship in people if relationship != Caregiver.Relationship.FATHER]
    fathers = [pk for pk, relationship in people if relationship == Caregiver.Relationship.FATHER]
    with_father = bool(fathers) and rng.random() < 0.5
    caregivers = (mother[:1] or fathers[:1]) + (fathers[:1] if with_father and mother else [])
    opened = timezone.localdate(case.opened_at)
    enrolment = Enrolment(
        case=case, programme=programme, practitioner_id=case.key_worker_id, format=programme.formats[0],
        planned_cycles=programme.default_cycles if programme.uses_cycles else None,
        enrolled_by_id=case.key_worker_id, goals="To enjoy time with the baby and feel more confident")
    enrolment.starts_on = max(opened + timedelta(days=7), today - timedelta(days=rng.randint(20, 300)))
    enrolment.enrolled_at = _at(min(enrolment.starts_on, today) - timedelta(days=7), 16)
    return Plan(enrolment=enrolment, caregivers=caregivers, with_father=with_father)


def _plans(rng, chosen, programmes: dict[str, Programme], today: date) -> dict[str, list[Plan]]:
    by_code: dict[str, list[Plan]] = {code: [] for code in MIX}
    for case, people in chosen:
        code = _pick(rng, MIX)
        by_code[code].append(_plan(rng, case, people, programmes[code], today))
    return by_code


def _deliver(rng, by_code: dict[str, list[Plan]], programmes, today: date) -> None:
    for code in ("vig", "watch_wait_wonder"):
        kinds = list(programmes[code].session_kinds.all())
        for plan in by_code[code]:
            outcome = _pick(rng, OUTCOMES)
            if outcome == "waiting":
                plan.enrolment.starts_on = None
                continue
            if outcome == "completed":
                opened = timezone.localdate(plan.enrolment.case.opened_at) + timedelta(days=7)
                early = min(plan.enrolment.starts_on, today - timedelta(days=160))
                plan.enrolment.starts_on = max(opened, early)
            _one_to_one(rng, plan, kinds, outcome, today)
    for plan in by_code["online_solihull"]:
        plan.enrolment.planned_cycles = None


def _statuses(plans: list[Plan], today: date) -> None:
    for plan in plans:
        enrolment = plan.enrolment
        if enrolment.status in Enrolment.ENDED:
            continue
        started = enrolment.starts_on is not None and enrolment.starts_on <= today
        enrolment.status = Enrolment.Status.ACTIVE if started else Enrolment.Status.WAITING
        if enrolment.starts_on is not None and enrolment.starts_on > today:
            enrolment.starts_on = None


def _save(plans: list[Plan], runs: list[GroupRun], codes: list[LicenceCode]) -> None:
    GroupRun.objects.bulk_create(runs, batch_size=BATCH_SIZE)
    facilitators = sorted({(plan.enrolment.group_run.pk, plan.enrolment.practitioner_id) for plan in plans
                           if plan.enrolment.group_run is not None})
    through = GroupRun.facilitators.through
    through.objects.bulk_create([through(grouprun_id=run_id, user_id=user_id)
                                 for run_id, user_id in facilitators], batch_size=BATCH_SIZE)
    GroupSession.objects.bulk_create([group for run in runs for group in run.sessions_planned],
                                     batch_size=BATCH_SIZE)
    Enrolment.objects.bulk_create([plan.enrolment for plan in plans], batch_size=BATCH_SIZE)
    Enrolment.caregivers.through.objects.bulk_create([
        Enrolment.caregivers.through(enrolment_id=plan.enrolment.pk, caregiver_id=caregiver_id)
        for plan in plans for caregiver_id in plan.caregivers], batch_size=BATCH_SIZE)
    sessions = [session for plan in plans for session in plan.sessions]
    Session.objects.bulk_create(sessions, batch_size=BATCH_SIZE)
    LicenceCode.objects.bulk_create(codes, batch_size=BATCH_SIZE)


@register_demo_step
@transaction.atomic
def demo_interventions_create(*, seed: int, users: list[User]) -> None:
    """Enrolments, sessions, group runs and licence codes for a share of the demo families."""
    if Enrolment.objects.exists():
        return
    rng = random.Random(seed * 31 + 5)
    today = timezone.localdate()
    lead = next(user for user in users if user.role == Role.TEAM_LEAD)
    workers = [user for user in users if user.role == Role.PIEW_WORKER]
    programmes = {programme.code: programme for programme in Programme.objects.filter(code__in=list(MIX))}
    hubs = list(Hub.objects.order_by("pk"))
    if not workers or len(programmes) < len(MIX) or not hubs:
        return
    _qualify(workers, {code: programmes[code] for code in MIX}, lead)
    chosen = _eligible(rng, workers)
    _consents(chosen, lead)
    by_code = _plans(rng, chosen, programmes, today)
    _deliver(rng, by_code, programmes, today)
    runs = _group_runs(rng, by_code["triple_p_baby"], programmes["triple_p_baby"], hubs, lead, today)
    codes = _licences(rng, by_code["online_solihull"], programmes["online_solihull"], lead, seed, today)
    plans = [plan for code in MIX for plan in by_code[code]]
    _statuses(plans, today)
    _save(plans, runs, codes)
    # The task lists show what the morning's reminder job would find.
    reminders_raise(today=today)
