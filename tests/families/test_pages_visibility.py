"""What the family pages show to whom: case notes, search results, new families, the access log."""

import html as html_lib
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from families.models import Family, FamilyAccessLog
from team.roles import Role
from tests.conftest import sign_in
from tests.factories import CaseNoteFactory, family_with_people
from tests.families.conftest import CREATES_FAMILIES, NOTE_TEXT, ROLES, heading, role_id, sees

pytestmark = pytest.mark.django_db


def linked_family_ids(response) -> list[int]:
    """The families a results page links to, in the order shown."""
    return [int(pk) for pk in re.findall(r'href="/families/(\d+)/"', response.content.decode())]


# Case notes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.TEAM_LEAD, Role.CLINICAL_PSYCHOLOGIST, Role.HEALTH_VISITOR])
def test_clinical_staff_read_the_case_notes(signed_in_world, role):
    client, world = signed_in_world(role)

    html = client.get(f"/families/{world.own.pk}/").content.decode()

    assert "<h2 class=\"govuk-heading-m\">Case notes</h2>" in html
    assert f"{NOTE_TEXT} ({world.own.reference})" in html
    assert f'action="/families/{world.own.pk}/notes/"' in html


def test_administrator_sees_identity_and_contact_details_but_no_case_notes(signed_in_world):
    client, world = signed_in_world(Role.ADMIN_ASSISTANT)
    caregiver = world.own.caregivers.get()

    summary = client.get(f"/families/{world.own.pk}/").content.decode()
    chronology = client.get(f"/families/{world.own.pk}/chronology/").content.decode()

    assert escape(caregiver.full_name) in summary
    assert world.own.postcode in summary
    for html in (summary, chronology):
        assert NOTE_TEXT not in html
        assert "Case note" not in html
        assert f"/families/{world.own.pk}/notes/" not in html


def test_chronology_shows_the_team_lead_the_notes(signed_in_world):
    client, world = signed_in_world(Role.TEAM_LEAD)

    html = client.get(f"/families/{world.own.pk}/chronology/").content.decode()

    assert f"{NOTE_TEXT} ({world.own.reference})" in html


@pytest.mark.parametrize("role", [Role.PARTNER, Role.VIEWER])
@pytest.mark.parametrize("page", ["", "chronology/", "edit/", "audit/"])
def test_partner_and_viewer_find_no_family_at_all(signed_in_world, role, page):
    client, world = signed_in_world(role)
    unallocated = family_with_people()

    for family in (world.own, world.other, unallocated):
        response = client.get(f"/families/{family.pk}/{page}")
        assert response.status_code == 404
        assert heading(response) == "Page not found"
    assert FamilyAccessLog.objects.count() == 0


def test_a_new_note_is_written_by_the_practitioner_on_the_open_case(signed_in_world):
    client, world = signed_in_world(Role.PIEW_WORKER)

    response = client.post(f"/families/{world.own.pk}/notes/", {"text": "First VIG film shared."},
                           follow=True)

    note = world.own.notes.get(text="First VIG film shared.")
    assert (note.author, note.case) == (world.user, world.own.cases.get())
    assert "Case note added" in response.content.decode()


def test_an_empty_note_is_refused_with_a_message(signed_in_world):
    client, world = signed_in_world(Role.HEALTH_VISITOR)
    notes_before = world.own.notes.count()

    response = client.post(f"/families/{world.own.pk}/notes/", {"text": ""})

    assert response.status_code == 200
    assert "Enter the note" in response.content.decode()
    assert world.own.notes.count() == notes_before


# Search ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_search_lists_only_the_families_the_user_may_see(signed_in_world, role):
    client, world = signed_in_world(role)

    response = client.get("/families/")

    expected = [f.pk for f, whose in ((world.other, "other"), (world.own, "own")) if sees(role, whose)]
    assert response.status_code == 200
    assert linked_family_ids(response) == expected


def test_health_visitor_searching_for_another_caseload_finds_nothing(signed_in_world):
    client, world = signed_in_world(Role.HEALTH_VISITOR)
    world.own.caregivers.update(last_name="Ashworth")
    world.other.caregivers.update(last_name="Brocklebank")

    other = client.get("/families/", {"q": "brocklebank"})
    own = client.get("/families/", {"q": "ashworth"})

    assert linked_family_ids(other) == []
    assert "Brocklebank" not in other.content.decode()
    assert "No families you can see match “brocklebank”" in other.content.decode()
    assert linked_family_ids(own) == [world.own.pk]


def test_search_does_not_leak_a_postcode_search_beyond_the_caseload(signed_in_world):
    client, world = signed_in_world(Role.PIEW_WORKER)
    Family.objects.filter(pk=world.other.pk).update(postcode="DN16 9ZZ")

    response = client.get("/families/", {"q": "DN16 9ZZ"})

    assert linked_family_ids(response) == []
    assert "No families you can see match “DN16 9ZZ”" in response.content.decode()


# Adding a family ---------------------------------------------------------------------------


def _new_family(last_name: str) -> dict:
    return {
        "family-address_line_1": "12 Oswald Road", "family-town": "Scunthorpe",
        "family-postcode": "DN15 7PU", "caregiver-relationship": "mother",
        "caregiver-first_name": "Amelia", "caregiver-last_name": last_name,
        "caregiver-preferred_language": "English", "caregiver-ethnic_category": "99",
    }


@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_only_the_team_lead_and_administrator_add_families(client_for, role):
    client = client_for(role)

    page = client.get("/families/new/")
    response = client.post("/families/new/", _new_family("Quartermaine"))

    if role in CREATES_FAMILIES:
        family = Family.objects.get(caregivers__last_name="Quartermaine")
        assert page.status_code == 200 and heading(page) == "Add a family"
        assert response.status_code == 302 and response.url == f"/families/{family.pk}/"
        assert (family.postcode, family.created_by) == ("DN15 7PU", client.user)
    else:
        assert (page.status_code, response.status_code) == (403, 403)
        assert heading(response) == "You cannot do this"
        assert not Family.objects.exists()


@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_add_a_family_button_shows_only_to_those_who_may(client_for, role):
    html = client_for(role).get("/families/").content.decode()
    assert ('href="/families/new/"' in html) == (role in CREATES_FAMILIES)


# The access log ----------------------------------------------------------------------------


@pytest.mark.parametrize("path, page", [("", "Summary"), ("chronology/", "Chronology"),
                                        ("audit/", "Audit")])
def test_opening_a_family_page_is_logged(signed_in_world, path, page):
    client, world = signed_in_world(Role.TEAM_LEAD)

    client.get(f"/families/{world.other.pk}/{path}")

    entry = FamilyAccessLog.objects.get()
    assert (entry.user, entry.family, entry.page) == (world.user, world.other, page)


@pytest.mark.parametrize("role, path", [
    (Role.HEALTH_VISITOR, ""), (Role.PIEW_WORKER, "chronology/"), (Role.PARTNER, ""),
    (Role.VIEWER, "chronology/"), (Role.CLINICAL_PSYCHOLOGIST, "audit/"),
])
def test_a_refused_view_is_not_logged(signed_in_world, role, path):
    client, world = signed_in_world(role)

    response = client.get(f"/families/{world.other.pk}/{path}")

    assert response.status_code in (403, 404)
    assert FamilyAccessLog.objects.count() == 0


def test_audit_page_lists_who_viewed_the_record(signed_in_world, make_user):
    client, world = signed_in_world(Role.HEALTH_VISITOR)
    client.get(f"/families/{world.own.pk}/")
    lead = make_user(Role.TEAM_LEAD, first_name="Priya", last_name="Lead")

    html = sign_in(client, lead).get(f"/families/{world.own.pk}/audit/").content.decode()

    cell = r'\s*<td class="govuk-table__cell">([^<]*)</td>'
    rows = re.findall(r'<tr class="govuk-table__row">' + cell * 3, html)
    seen = [(html_lib.unescape(who), page) for _, who, page in rows]
    assert seen == [("Priya Lead", "Audit"), (str(world.user), "Summary")]


# Query counts -------------------------------------------------------------------------------


def _search_queries(client, count: int, key_worker) -> int:
    for _ in range(count):
        family = family_with_people(key_worker=key_worker)
        CaseNoteFactory(family=family, author=key_worker)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/families/")
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", [Role.TEAM_LEAD, Role.HEALTH_VISITOR])
def test_search_page_queries_do_not_grow_with_the_families(client_for, role):
    client = client_for(role)
    few = _search_queries(client, 3, client.user)
    many = _search_queries(client, 27, client.user)

    assert few == many, f"{few} queries for 3 families, {many} for 30"
    assert few <= 20, "the search page should need a handful of queries, not one per row"
