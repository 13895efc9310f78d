"""The triage queue: who may open it, what it lists and in what order, its filters, possible
duplicates beside each referral, its query count, and the navigation's count of new referrals."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from referrals.models import Channel, Referral, Source
from referrals.transitions import Status
from team.roles import Role
from tests.factories import (
    VALID_NHS_NUMBERS,
    AcceptedReferralFactory,
    CaregiverFactory,
    FamilyFactory,
    HubFactory,
    ProfessionalReferralFactory,
    ReferralFactory,
    family_with_people,
)
from tests.referrals.triage_support import ROLES, TRIAGE_ROLES, heading, role_id, text

pytestmark = pytest.mark.django_db


def _days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def _rows(response) -> list[str]:
    """The references in the queue's table, top to bottom."""
    return re.findall(r'href="/referrals/\d+/">(R-\d{6})</a>', response.content.decode())


def _row(response, referral: Referral) -> str:
    """The text of the referral's row in the table."""
    page = response.content.decode()
    start = page.rindex("<tr", 0, page.index(f'href="/referrals/{referral.pk}/">{referral.reference}</a>'))
    row = page[start:page.index("</tr>", start)]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()


@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_only_the_administrator_and_team_lead_open_the_queue(client_for, role):
    ReferralFactory()
    client = client_for(role)

    response = client.get("/referrals/")

    if role in TRIAGE_ROLES:
        assert response.status_code == 200 and heading(response) == "Referrals"
    else:
        assert response.status_code == 403 and heading(response) == "You cannot do this"


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get("/referrals/").url == "/sign-in/?next=/referrals/"


def test_open_referrals_oldest_first_with_days_waiting(client_for):
    newer = ReferralFactory(received_at=_days_ago(2), parent_first_name="Bea", parent_last_name="Newer")
    older = ProfessionalReferralFactory(received_at=_days_ago(9))
    today = ReferralFactory(channel=Channel.MESSENGER)
    declined = ReferralFactory(received_at=_days_ago(20), status=Status.DECLINED, closed_at=_days_ago(18))
    client = client_for(Role.ADMIN_ASSISTANT)

    response = client.get("/referrals/")

    assert _rows(response) == [older.reference, newer.reference, today.reference]
    assert declined.reference not in _rows(response)
    received = timezone.localtime(newer.received_at)
    assert _row(response, newer) == (
        f"{newer.reference} {received.day} {received:%B %Y} 2 Bea Newer Self-referral Phone New None found")
    assert "Professional Email" in _row(response, older)
    assert " 9 " in _row(response, older)
    assert "Self-referral Facebook Messenger" in _row(response, today)
    assert "3 referrals open" in text(response)


def test_days_waiting_stop_when_a_referral_closes(client_for):
    declined = ReferralFactory(received_at=_days_ago(20), status=Status.DECLINED, closed_at=_days_ago(18))
    client = client_for(Role.TEAM_LEAD)

    response = client.get("/referrals/?status=declined")

    assert _rows(response) == [declined.reference]
    received = timezone.localtime(declined.received_at)
    assert _row(response, declined).startswith(
        f"{declined.reference} {received.day} {received:%B %Y} 2 {declined.parent_name} ")
    assert "Declined" in _row(response, declined)


@pytest.mark.parametrize("query, expected", [
    ("status=more_info", ["info"]),
    ("status=awaiting_contact", ["accepted"]),
    ("status=any", ["closed", "phone", "email", "info", "accepted", "hub"]),
    ("source=professional", ["email"]),
    ("channel=phone", ["phone", "info", "accepted", "hub"]),
    ("channel=email&source=professional&status=any", ["email"]),
    ("hub=HUB", ["hub"]),
    ("status=nonsense&channel=carrier_pigeon", ["phone", "email", "info", "accepted", "hub"]),
])
def test_filters(client_for, query, expected):
    hub = HubFactory(name="Ashby Family Hub")
    made = {
        "closed": ReferralFactory(received_at=_days_ago(10), status=Status.SIGNPOSTED,
                                  closed_at=_days_ago(9)),
        "phone": ReferralFactory(received_at=_days_ago(8)),
        "email": ProfessionalReferralFactory(received_at=_days_ago(7)),
        "info": ReferralFactory(received_at=_days_ago(6), status=Status.MORE_INFO),
        "accepted": AcceptedReferralFactory(received_at=_days_ago(5)),
        "hub": ReferralFactory(received_at=_days_ago(4), hub=hub),
    }
    client = client_for(Role.ADMIN_ASSISTANT)

    response = client.get(f"/referrals/?{query.replace('HUB', str(hub.pk))}")

    assert response.status_code == 200
    assert _rows(response) == [made[name].reference for name in expected]
    assert "<title>Referrals – PIEW case manager</title>" in response.content.decode()


def test_the_filters_show_what_was_chosen_and_can_be_cleared(client_for):
    ReferralFactory()
    client = client_for(Role.ADMIN_ASSISTANT)

    response = client.get("/referrals/?status=any&source=self")

    page = response.content.decode()
    assert '<option value="any" selected>Any status</option>' in page
    assert '<option value="self" selected>Self-referral</option>' in page
    assert '<a class="govuk-link" href="/referrals/">Clear filters</a>' in page
    assert "Clear filters" not in client.get("/referrals/").content.decode()


def test_pages_keep_the_filters(client_for, settings):
    settings.PIEW_PAGE_SIZE = 2
    made = [ReferralFactory(received_at=_days_ago(10 - n), channel=Channel.EMAIL) for n in range(5)]
    ReferralFactory(channel=Channel.PHONE)
    client = client_for(Role.ADMIN_ASSISTANT)

    first = client.get("/referrals/?channel=email")
    second = client.get("/referrals/?channel=email&page=2")

    assert 'href="?channel=email&amp;page=2"' in first.content.decode()
    assert _rows(second) == [made[2].reference, made[3].reference]
    assert 'href="?channel=email&amp;page=1"' in second.content.decode()
    assert 'href="?channel=email&amp;page=3"' in second.content.decode()


def test_the_family_search_still_keeps_its_search_words_across_pages(client_for, settings):
    settings.PIEW_PAGE_SIZE = 1
    for _ in range(2):
        CaregiverFactory(last_name="Okafor")
    client = client_for(Role.TEAM_LEAD)

    response = client.get("/families/?q=Okafor")

    assert 'href="?q=Okafor&amp;page=2"' in response.content.decode()


def _duplicates_cell(response, referral) -> str:
    return _row(response, referral).rsplit(" New ", 1)[1]


def test_possible_duplicates_are_shown_beside_each_referral(client_for):
    known = FamilyFactory(postcode="DN16 2AB")
    CaregiverFactory(family=known, first_name="Katherine", last_name="Smith",
                     date_of_birth=datetime.date(1993, 5, 1), nhs_number=VALID_NHS_NUMBERS[1])
    by_nhs = ReferralFactory(parent_first_name="Kate", parent_last_name="Jones",
                             parent_nhs_number=VALID_NHS_NUMBERS[1], received_at=_days_ago(5))
    by_name = ReferralFactory(parent_first_name="Katherine", parent_last_name="Smyth",
                              parent_date_of_birth=datetime.date(1993, 5, 1), postcode="DN16 2AB",
                              received_at=_days_ago(4))
    dissimilar = ReferralFactory(parent_first_name="Olivia", parent_last_name="Brown",
                                 parent_date_of_birth=datetime.date(1993, 5, 1), postcode="DN16 2AB",
                                 received_at=_days_ago(3))
    client = client_for(Role.ADMIN_ASSISTANT)

    response = client.get("/referrals/")

    assert _duplicates_cell(response, by_nhs) == (
        f"Family {known.reference} : Katherine Smith, DN16 2AB (same NHS number)")
    assert _duplicates_cell(response, by_name).startswith(
        f"Family {known.reference} : Katherine Smith, DN16 2AB (similar name and same date of birth)")
    assert _duplicates_cell(response, dissimilar) == "None found"
    assert f'href="/families/{known.pk}/"' in response.content.decode()


def test_other_open_referrals_for_the_same_parent_are_shown(client_for):
    first = ReferralFactory(parent_first_name="Amira", parent_last_name="Khan", postcode="DN15 7AB",
                            parent_date_of_birth=datetime.date(1996, 4, 2), received_at=_days_ago(6))
    again = ReferralFactory(parent_first_name="Amirah", parent_last_name="Khan", postcode="DN15 7AB",
                            parent_date_of_birth=datetime.date(1996, 4, 2), received_at=_days_ago(2))
    by_nhs = ReferralFactory(parent_first_name="A", parent_last_name="K",
                             parent_nhs_number=VALID_NHS_NUMBERS[2], received_at=_days_ago(1))
    same_nhs = ReferralFactory(parent_first_name="Someone", parent_last_name="Else", postcode="DN9 1AA",
                               parent_date_of_birth=datetime.date(1980, 1, 1),
                               parent_nhs_number=VALID_NHS_NUMBERS[2])
    closed = ReferralFactory(parent_first_name="Amira", parent_last_name="Khan", postcode="DN15 7AB",
                             parent_date_of_birth=datetime.date(1996, 4, 2), status=Status.DECLINED,
                             closed_at=timezone.now())
    client = client_for(Role.ADMIN_ASSISTANT)

    response = client.get("/referrals/")

    assert _duplicates_cell(response, first) == (
        f"Referral {again.reference} : Amirah Khan, DN15 7AB (similar name and same date of birth)")
    assert _duplicates_cell(response, again).startswith(f"Referral {first.reference} : Amira Khan")
    assert _duplicates_cell(response, by_nhs) == (
        f"Referral {same_nhs.reference} : Someone Else, DN9 1AA (same NHS number)")
    assert closed.reference not in _duplicates_cell(response, again)


def test_an_accepted_referral_does_not_list_its_own_family(client_for):
    accepted = AcceptedReferralFactory(parent_nhs_number=VALID_NHS_NUMBERS[3])
    client = client_for(Role.ADMIN_ASSISTANT)

    response = client.get("/referrals/?status=awaiting_contact")

    assert _row(response, accepted).endswith("None found")


def _fill(count: int) -> None:
    hubs = [HubFactory(), HubFactory()]
    for n in range(count):
        family = family_with_people()
        family.caregivers.update(date_of_birth=datetime.date(1990, 1, 1 + n % 28))
        factory = ProfessionalReferralFactory if n % 2 else ReferralFactory
        factory(hub=hubs[n % 2], parent_date_of_birth=datetime.date(1990, 1, 1 + n % 28),
                postcode=family.postcode, received_at=_days_ago(n))


def test_the_queue_runs_the_same_queries_for_10_and_30_referrals(client_for, settings):
    settings.PIEW_PAGE_SIZE = 50
    client = client_for(Role.ADMIN_ASSISTANT)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/referrals/?status=any")
        assert response.status_code == 200
        return len(queries), len(_rows(response))

    _fill(10)
    ten, shown = count()
    assert shown == 10
    _fill(20)
    thirty, shown = count()
    assert shown == 30
    assert thirty == ten


@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_the_navigation_shows_the_triage_roles_how_many_referrals_are_new(client_for, role):
    for _ in range(3):
        ReferralFactory()
    ReferralFactory(status=Status.MORE_INFO)
    AcceptedReferralFactory()
    client = client_for(role)

    with CaptureQueriesContext(connection) as queries:
        page = client.get("/").content.decode()

    start = page.index('<nav aria-label="Menu"')
    nav = page[start:page.index("</nav>", start)]
    counted = [query["sql"] for query in queries if 'FROM "referrals_referral"' in query["sql"]]
    if role in TRIAGE_ROLES:
        assert re.search(r'href="/referrals/">Referrals <span class="moj-notification-badge">3'
                         r'<span class="govuk-visually-hidden"> new</span></span></a>', nav)
        assert len(counted) == 1
    else:
        assert "Referrals" not in nav
        assert counted == []


def test_no_badge_when_nothing_is_new(client_for):
    AcceptedReferralFactory()
    client = client_for(Role.TEAM_LEAD)

    page = client.get("/").content.decode()

    assert 'href="/referrals/">Referrals</a>' in page
    assert "moj-notification-badge\">0" not in page


def test_sources_and_channels_read_as_the_team_says_them(client_for):
    ReferralFactory(source=Source.SELF, channel=Channel.IN_PERSON)
    client = client_for(Role.ADMIN_ASSISTANT)

    assert "Self-referral In person at a Family Hub" in text(client.get("/referrals/"))
