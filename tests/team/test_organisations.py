"""The team lead keeps partner organisations' details current."""

import pytest

from team.models import Organisation
from team.roles import Role

pytestmark = pytest.mark.django_db

GOOD = {"name": "First Steps Forward", "kind": "voluntary", "contact_name": "Sam Reed",
        "email": "hello@firststeps.example.org", "phone": "01724 000000",
        "website": "https://firststeps.example.org", "services": "Peer support for new parents",
        "takes_referrals": "on", "active": "on"}


def test_the_team_lead_adds_and_changes_an_organisation(client_for):
    client = client_for(Role.TEAM_LEAD)
    assert client.post("/organisations/new/", GOOD)["Location"] == "/organisations/"
    organisation = Organisation.objects.get(name="First Steps Forward")
    assert organisation.takes_referrals and organisation.services == "Peer support for new parents"

    client.post(f"/organisations/{organisation.pk}/", {**GOOD, "phone": "01724 111111"})
    organisation.refresh_from_db()
    assert organisation.phone == "01724 111111"
    assert organisation.history.first().history_user == client.user
    assert "First Steps Forward" in client.get("/organisations/").content.decode()


def test_bad_input_is_answered_and_kept(client_for):
    client = client_for(Role.TEAM_LEAD)
    html = client.post("/organisations/new/", {**GOOD, "name": "", "email": "not-an-email"}).content.decode()
    assert "Enter the organisation&#x27;s name" in html
    assert "Enter an email address in the right format" in html
    assert 'value="not-an-email"' in html
    assert "<title>Error: Add an organisation" in html
    assert not Organisation.objects.exists()


@pytest.mark.parametrize("role", [r for r in Role if r != Role.TEAM_LEAD])
def test_only_the_team_lead_manages_organisations(client_for, role):
    client = client_for(role)
    assert client.get("/organisations/").status_code == 403
    assert client.post("/organisations/new/", GOOD).status_code == 403
    assert not Organisation.objects.exists()


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get("/organisations/")["Location"].startswith("/sign-in/")
