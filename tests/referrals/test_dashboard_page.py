"""The referrals dashboard page: the team lead's only, every figure in a table, fixed queries."""

import html
import re
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from referrals import reports
from referrals.models import Referral
from referrals.views.dashboard import bar_width
from team.roles import Role
from tests.factories import ReferralFactory
from tests.referrals.report_data import NOW, known_referrals

pytestmark = pytest.mark.django_db

URL = "/referrals/dashboard/"
EVERY_ROLE = [*Role, None]
RANGE = {"received_from_0": "1", "received_from_1": "1", "received_from_2": "2026",
         "received_to_0": "30", "received_to_1": "4", "received_to_2": "2026"}


def role_id(role):
    return role.value if role else "no_role"


def text(response) -> str:
    """The page as a person reads it: tags gone, spaces squeezed."""
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(body))


def table(response, table_id: str) -> list[list[str]]:
    """The rows of one table, each a list of its cells' text."""
    found = re.search(rf'<table[^>]*id="{table_id}".*?</table>', response.content.decode(), re.S)
    assert found, f"no table {table_id}"
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", found.group(0), re.S)
    return [[html.unescape(re.sub(r"<[^>]+>|\s+", " ", cell)).strip()
             for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)] for row in rows]


def test_the_url_is_named():
    assert reverse("referrals:dashboard") == URL


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert (response.status_code, response.url) == (302, f"/sign-in/?next={URL}")


@pytest.mark.parametrize("role", EVERY_ROLE, ids=role_id)
def test_only_the_team_lead_sees_the_dashboard(client_for, role):
    ReferralFactory()
    response = client_for(role).get(URL)

    if role == Role.TEAM_LEAD:
        assert response.status_code == 200
        assert "Referrals dashboard" in text(response)
    else:
        assert response.status_code == 403
        assert "Referrals dashboard" not in text(response)


@pytest.fixture
def lead(client_for):
    return client_for(Role.TEAM_LEAD)


@pytest.fixture
def page(lead):
    """The dashboard for January to April 2026, looked at on 20 April 2026."""
    known = known_referrals()
    with mock.patch("referrals.reports.timezone.now", return_value=NOW):
        response = lead.get(URL, RANGE)
    assert response.status_code == 200
    response.known = known
    return response


def test_the_page_has_one_heading_and_a_matching_title(page):
    content = page.content.decode()
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", content) == ["Referrals dashboard"]
    assert "<title>Referrals dashboard – PIEW case manager</title>" in content
    assert "7 referrals received from 1 January 2026 to 30 April 2026, at every Family Hub." in text(page)


def test_the_queue(page):
    assert table(page, "queue") == [
        ["New, or more information asked for", "2"],
        ["Waiting longest", f"{page.known[6].reference}, received 1 April 2026: 19.4 days"],
    ]


def test_the_waiting_times_to_one_decimal(page):
    assert table(page, "waiting-times") == [
        ["Step", "Median (days)", "90th percentile (days)", "Referrals counted"],
        ["Received to first triage decision", "2.5", "7.0", "6"],
        ["Received to first contact", "6.0", "6.8", "2"],
    ]


def test_referrals_by_month_as_a_table_and_a_chart(page):
    assert table(page, "by-month") == [
        ["Month", "Referrals"],
        ["January 2026", "2"], ["February 2026", "2"], ["March 2026", "1"], ["April 2026", "2"],
    ]
    content = page.content.decode()
    bars = re.findall(r'app-bar-chart__bar app-bar-chart__bar--(\d+)"', content)
    assert bars == ["100", "100", "50", "100"]
    assert " style=" not in content


def test_referrals_by_source_channel_and_outcome(page):
    assert table(page, "by-source") == [
        ["Source", "Referrals"], ["Self-referral", "4"], ["Professional", "2"],
        ["Voluntary or community partner", "1"], ["Total", "7"],
    ]
    assert table(page, "by-channel")[1:] == [
        ["In person at a Family Hub", "1"], ["Email", "3"], ["Facebook Messenger", "1"], ["Phone", "2"],
        ["Online form", "0"], ["Other", "0"], ["Total", "7"],
    ]
    assert table(page, "outcomes")[1:] == [
        ["Accepted", "2"], ["More information requested", "1"], ["Declined", "1"], ["Signposted", "1"],
        ["Duplicate", "1"], ["Not triaged yet", "1"], ["Total", "7"],
    ]


def test_every_table_has_a_caption_and_scoped_headers(page):
    content = page.content.decode()
    tables = re.findall(r"<table.*?</table>", content, re.S)
    assert len(tables) == 6
    for found in tables:
        assert '<caption class="govuk-table__caption' in found
        assert not re.search(r"<th(?=[\s>])(?![^>]*scope=)", found)


def test_filtering_by_hub_on_the_page(lead):
    known = known_referrals()
    response = lead.get(URL, {**RANGE, "hub": known.south.pk})

    assert "2 referrals received from 1 January 2026 to 30 April 2026, at South Family Hub." in text(response)
    assert table(response, "by-source")[-1] == ["Total", "2"]


def test_to_before_from_shows_the_error_and_keeps_what_was_typed(lead):
    response = lead.get(URL, {**RANGE, "received_to_0": "31", "received_to_1": "12", "received_to_2": "2025"})

    assert response.status_code == 200
    content = text(response)
    assert content.count("Received to must be the same as or after 1 January 2026") == 2  # summary, field
    assert "<title>Error: Referrals dashboard" in response.content.decode()
    assert re.search(r'<input[^>]*name="received_to_2"[^>]*value="2025"', response.content.decode())
    assert response.context["dashboard"] is None


def _count_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, RANGE).status_code == 200
    return len(queries)


def test_the_page_runs_the_same_queries_for_5_or_50_referrals(lead):
    def add(count):
        for n in range(count):
            received = NOW.replace(month=1 + n % 4, day=1 + n % 27)
            ReferralFactory(received_at=received, triaged_at=received + timedelta(days=n % 5),
                            first_contact_at=received + timedelta(days=n % 9))
        return Referral.objects.count()

    assert add(5) == 5
    few = _count_queries(lead)
    assert add(45) == 50
    assert _count_queries(lead) == few


def test_the_unfiltered_page_shows_all_time(lead):
    ReferralFactory()
    response = lead.get(URL)

    assert "1 referral received in all, at every Family Hub." in text(response)
    assert response.context["dashboard"].filters == reports.ReportFilter()


@pytest.mark.parametrize(("count", "peak", "width"), [
    (0, 0, 0), (0, 5, 0), (1, 100, 5), (5, 5, 100), (1, 3, 35), (2, 3, 65), (49, 100, 50)])
def test_bar_widths_come_in_steps_of_5(count, peak, width):
    assert bar_width(count, peak) == width
