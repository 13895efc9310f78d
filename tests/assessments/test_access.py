"""The content gate: who reads the assessment, before and after consent to MDT sharing.

Each case is a person in a relation to the family: the assessing health visitor, a health
visitor or PIEW worker who now key-works the family (the case moved to them), a health visitor
with no tie to it, the team lead, the clinical psychologist, the administrator, a partner and a
viewer. Content means the sections; "booking" means only when, where and with whom.
"""

import pytest

from assessments import services
from families.chronology import family_chronology
from families.models import Case
from team.roles import Role
from tests.assessments.conftest import COMPLETE, SECRET
from tests.conftest import sign_in
from tests.factories import UserFactory

CONTENT, BOOKING, HIDDEN = "content", "booking", "hidden"
# person: (before consent, after consent)
EXPECTED = {
    "assessor": (CONTENT, CONTENT),
    "team_lead": (CONTENT, CONTENT),
    "psychologist": (CONTENT, CONTENT),
    "keyworking_health_visitor": (HIDDEN, CONTENT),
    "keyworking_piew_worker": (HIDDEN, CONTENT),
    "unrelated_health_visitor": (HIDDEN, HIDDEN),
    "admin_assistant": (BOOKING, BOOKING),
    "partner": (HIDDEN, HIDDEN),
    "viewer": (HIDDEN, HIDDEN),
}
CASES = [(person, consent, EXPECTED[person][consent]) for person in EXPECTED for consent in (0, 1)]
IDS = [f"{person}-{'after' if consent else 'before'}_consent" for person, consent, _ in CASES]


def person(world, who: str):
    """The user for the role; a key-working practitioner takes over the family's case."""
    named = {"assessor": world.assessor, "team_lead": world.team_lead, "psychologist": world.psychologist}
    if who in named:
        return named[who]
    roles = {"keyworking_health_visitor": Role.HEALTH_VISITOR, "keyworking_piew_worker": Role.PIEW_WORKER,
             "unrelated_health_visitor": Role.HEALTH_VISITOR, "admin_assistant": Role.ADMIN_ASSISTANT,
             "partner": Role.PARTNER, "viewer": Role.VIEWER}
    user = UserFactory(role=roles[who])
    if who.startswith("keyworking"):
        Case.objects.filter(family=world.family).update(key_worker=user)
    return user


def _setup(world, client, who, consent):
    if consent:
        world.consent_to_mdt_sharing()
    services.assessment_save_draft(assessment=world.assessment, presenting_needs=SECRET)
    return sign_in(client, person(world, who))


@pytest.mark.parametrize("who, consent, expected", CASES, ids=IDS)
def test_assessment_page(world, client, who, consent, expected):
    _setup(world, client, who, consent)
    response = client.get(f"/assessments/{world.assessment.pk}/")
    if expected == HIDDEN:
        assert response.status_code == 404
        return
    page = response.content.decode()
    assert response.status_code == 200
    assert world.assessor.get_full_name() in page  # the booking: with whom
    assert (SECRET in page) is (expected == CONTENT)
    assert ("Presenting needs" in page) is (expected == CONTENT)


@pytest.mark.parametrize("who, consent, expected", CASES, ids=IDS)
def test_assessment_api(world, client, who, consent, expected):
    _setup(world, client, who, consent)
    response = client.get(f"/api/v1/assessments/{world.assessment.pk}/")
    listed = client.get("/api/v1/assessments/").json()["results"]
    if expected == HIDDEN:
        assert response.status_code == 404 and listed == []
        return
    body = response.json()
    assert body["assessor"] == world.assessor.pk and body["place"] == "home"
    assert ("presenting_needs" in body) is (expected == CONTENT)
    assert [row["id"] for row in listed] == [world.assessment.pk]
    assert (SECRET in str(listed)) is (expected == CONTENT)


@pytest.mark.parametrize("who, consent, expected", CASES, ids=IDS)
def test_chronology(world, client, who, consent, expected):
    if consent:
        world.consent_to_mdt_sharing()
    user = person(world, who)
    services.assessment_save_draft(assessment=world.assessment, **COMPLETE)
    services.assessment_complete(assessment=world.assessment, by=world.assessor)
    services.assessment_addendum_add(assessment=world.assessment, author=world.assessor, text=SECRET)
    events = [event for event in family_chronology(family=world.family, user=user)
              if event.category == "Initial assessment"]
    titles = {event.title for event in events}
    assert ("Initial assessment booked" in titles) is (expected != HIDDEN)
    assert ("Addendum to the initial assessment" in titles) is (expected == CONTENT)
    if expected != CONTENT:
        assert all(SECRET not in event.detail for event in events)


def test_anonymous_is_sent_to_sign_in(world, client):
    response = client.get(f"/assessments/{world.assessment.pk}/")
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
    assert client.get(f"/api/v1/assessments/{world.assessment.pk}/").status_code in (401, 403)
