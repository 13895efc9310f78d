"""seed_demo: the demo team and synthetic families, deterministic, never beside real records."""

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from families.models import Caregiver, Case, Child, Family, SyntheticDataset
from families.validators import nhs_number_is_valid, validate_postcode
from team.models import User
from team.roles import Role

pytestmark = pytest.mark.django_db


def seed(**options):
    call_command("seed_demo", password="demo-password-123", **options)


def test_demo_team_has_every_role_named_as_the_contract_says():
    seed(families=5)
    expected = {
        "team_lead": Role.TEAM_LEAD, "clinical_psychologist": Role.CLINICAL_PSYCHOLOGIST,
        "health_visitor": Role.HEALTH_VISITOR, "health_visitor_2": Role.HEALTH_VISITOR,
        "piew_worker": Role.PIEW_WORKER, "piew_worker_2": Role.PIEW_WORKER,
        "piew_worker_3": Role.PIEW_WORKER, "admin_assistant": Role.ADMIN_ASSISTANT,
        "partner": Role.PARTNER, "viewer": Role.VIEWER,
    }
    users = {user.username: user for user in User.objects.prefetch_related("groups")}
    assert {name: users[name].role for name in expected} == expected
    assert all(users[name].check_password("demo-password-123") for name in expected)
    assert users["health_visitor"].profile.working_pattern == "job_share"


def test_families_are_realistic_and_valid():
    seed(families=40, seed=7)
    synthetic = Family.objects.filter(referrals__isnull=True)
    assert synthetic.count() == 40
    assert Child.objects.filter(family__in=synthetic).count() == 40
    for caregiver in Caregiver.objects.all():
        assert nhs_number_is_valid(caregiver.nhs_number)
        caregiver.full_clean()
    for family in Family.objects.all():
        validate_postcode(family.postcode)
    workers = set(Case.objects.values_list("key_worker__groups__name", flat=True))
    assert workers <= {Role.HEALTH_VISITOR.value, Role.PIEW_WORKER.value}
    assert Caregiver.objects.filter(relationship="father").exists()


class Undo(Exception):
    pass


def _people_made_by(seed_value: int) -> list[tuple[str, str]]:
    """What seed_demo makes with this seed, in a transaction that is then undone."""
    try:
        with transaction.atomic():
            seed(families=10, seed=seed_value)
            made = list(Caregiver.objects.order_by("pk").values_list("first_name", "nhs_number"))
            raise Undo
    except Undo:
        return made


def test_the_same_seed_makes_the_same_families():
    first = _people_made_by(3)
    assert not Family.objects.exists()
    assert _people_made_by(3) == first
    assert _people_made_by(4) != first


def test_running_again_keeps_the_families_and_resets_the_team(capsys):
    seed(families=5)
    seed(families=5)
    assert Family.objects.filter(referrals__isnull=True).count() == 5
    assert "already loaded" in capsys.readouterr().out


def test_refuses_a_database_with_real_records():
    Family.objects.create(address_line_1="1 High Street", postcode="DN15 6BT")
    with pytest.raises(CommandError, match="not made by seed_demo"):
        seed(families=5)
    assert Family.objects.count() == 1
    assert not SyntheticDataset.objects.exists()
    assert not User.objects.filter(username="team_lead").exists()


def test_prints_the_demo_sign_ins(capsys):
    seed(families=0)
    out = capsys.readouterr().out
    assert "password for all: demo-password-123" in out
    assert "team_lead" in out and "Team lead" in out


def test_demo_referrals_show_every_step_of_the_journey():
    from referrals.models import Referral

    seed(families=5)
    statuses = set(Referral.objects.values_list("status", flat=True))
    assert {"new", "more_info", "awaiting_contact", "unable_to_contact", "awaiting_assessment",
            "declined", "signposted"} <= statuses
    seed(families=5)
    assert Referral.objects.count() == 24
