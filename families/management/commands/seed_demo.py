from django.core.management.base import BaseCommand, CommandError

from families.demo import (
    RealRecordsPresent,
    demo_families_create,
    ensure_no_real_records,
    run_demo_steps,
)
from team.demo import demo_team_create
from team.roles import PRACTITIONER_ROLES, Role

DEFAULT_PASSWORD = "piew-demo-2026"  # noqa: S105 - the published demo password


class Command(BaseCommand):
    help = "Load the demo team and synthetic families. Never runs on a database with real records."

    def add_arguments(self, parser):
        parser.add_argument("--families", type=int, default=60, help="How many families (default 60)")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026)")
        parser.add_argument("--password", default=DEFAULT_PASSWORD,
                            help=f"Password for every demo sign-in (default {DEFAULT_PASSWORD})")

    def handle(self, *args, families: int, seed: int, password: str, **options):
        if families < 0:
            raise CommandError("--families must be 0 or more")
        try:
            ensure_no_real_records()
        except RealRecordsPresent as error:
            raise CommandError(str(error)) from None
        users = demo_team_create(password=password)
        workers = [user for user in users if user.role in PRACTITIONER_ROLES]
        lead = next(user for user in users if user.role == Role.TEAM_LEAD)
        try:
            added = demo_families_create(count=families, seed=seed, workers=workers, lead=lead)
        except RealRecordsPresent as error:
            raise CommandError(str(error)) from None
        if added:
            run_demo_steps(seed=seed, users=users)
            self.stdout.write(f"Added {added} synthetic families.")
        else:
            self.stdout.write("Synthetic families were already loaded; kept as they are.")
        self.stdout.write(f"\nDemo sign-ins (password for all: {password}):")
        for user in users:
            self.stdout.write(f"  {user.username:<24} {user.role.label}")
