"""The team lead signs in with two factors, finds a family, opens it and reads its chronology."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from families import services
from team.roles import Role
from tests.factories import CaregiverFactory, ChildFactory, FamilyFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def team_lead():
    user = UserFactory(username="helen", first_name="Helen", role=Role.TEAM_LEAD)
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return user, device


@pytest.fixture
def family(team_lead):
    family = FamilyFactory(postcode="DN16 1QA")
    mother = CaregiverFactory(family=family, first_name="Zofia", last_name="Nowak")
    ChildFactory(family=family, first_name="Lena", last_name="Nowak")
    FamilyFactory(postcode="DN17 2AA")  # another family, which the search must leave out
    services.caregiver_update(caregiver=mother, mobile="07700 900123")
    services.case_note_add(family=family, author=team_lead[0], text="First contact made by phone.")
    return family


def test_team_lead_finds_a_family_and_reads_its_chronology(page, axe, team_lead, family):
    user, device = team_lead
    page.goto("/")
    assert page.title() == "Sign in – PIEW case manager"
    axe.check()
    page.get_by_label("Username").fill("helen")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Enter your code"
    axe.check()
    page.get_by_label("Code").fill(_current_code(device))
    page.get_by_role("button", name="Continue").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Hello, Helen"
    axe.check()
    page.get_by_label("Find a family").fill("nowak")
    page.get_by_role("button", name="Search").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Families matching “nowak”"
    assert page.get_by_role("row").count() == 2  # the header and one family
    axe.check()
    page.get_by_role("link", name=family.reference).click()

    assert page.get_by_role("heading", level=1).inner_text() == f"Family {family.reference}"
    assert page.get_by_text("Zofia Nowak (mother)").is_visible()
    axe.check()
    page.get_by_role("link", name="Chronology").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Chronology"
    titles = page.locator(".moj-timeline__title").all_inner_texts()
    assert "Case note" in titles
    assert "Parent or carer changed: Zofia Nowak" in titles
    assert page.get_by_text("Changed: UK mobile number").is_visible()
    axe.check()

    assert len(axe.checked) == 6
    assert family.access_log.filter(user=user).count() == 2
