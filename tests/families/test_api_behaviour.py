"""The API beyond the access matrix: bad input, signing in, the schema, the log, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from families.models import Caregiver, Case, Child, Family, FamilyAccessLog
from families.validators import validate_postcode
from team.roles import Role
from tests.conftest import sign_in
from tests.factories import VALID_NHS_NUMBERS, CaseFactory, HubFactory, family_with_people

pytestmark = pytest.mark.django_db

JSON = "application/json"
POSTCODE_MESSAGE = "Enter a real postcode, like DN15 6BT. Use ZZ99 3VZ for no fixed abode"
NHS_MESSAGE = "This NHS number is not valid. Check each digit against the letter or record"
BABY_DATE_MESSAGE = "Enter the baby's date of birth, or the expected date if unborn"


@pytest.fixture
def lead(client_for):
    """A client signed in with both factors as the team lead."""
    return client_for(Role.TEAM_LEAD)


# Bad input: 400 with the field named ------------------------------------------------------


def test_postcode_is_checked_when_a_family_is_added(lead):
    response = lead.post("/api/v1/families/", {"address_line_1": "1 High St", "postcode": "NOT A CODE"},
                         content_type=JSON)

    assert (response.status_code, response.json()) == (400, {"postcode": [POSTCODE_MESSAGE]})
    assert not Family.objects.exists()


def test_postcode_is_checked_when_a_family_changes(lead):
    family = family_with_people(postcode="DN15 6BT")

    response = lead.patch(f"/api/v1/families/{family.pk}/", {"postcode": "12345"}, content_type=JSON)

    assert (response.status_code, response.json()) == (400, {"postcode": [POSTCODE_MESSAGE]})
    family.refresh_from_db()
    assert family.postcode == "DN15 6BT"


def test_missing_and_unknown_fields_are_named(lead):
    response = lead.post("/api/v1/families/", {"postcode": "DN15 6BT", "hub": 999}, content_type=JSON)

    assert response.status_code == 400
    assert response.json() == {"address_line_1": ["This field is required."],
                               "hub": ['Invalid pk "999" - object does not exist.']}


def test_a_family_is_added_with_its_hub_and_postcode_tidied(lead):
    hub = HubFactory(name="Ashby Family Hub")

    response = lead.post("/api/v1/families/", {"address_line_1": "2 Ashby High St",
                                               "postcode": "zz993vz", "hub": hub.pk}, content_type=JSON)

    family = Family.objects.get()
    assert response.status_code == 201
    assert response.json() == {
        "id": family.pk, "reference": f"PIEW-{family.pk:06d}", "address_line_1": "2 Ashby High St",
        "address_line_2": "", "town": "", "postcode": "ZZ99 3VZ", "hub": hub.pk,
        "created_at": response.json()["created_at"],
    }
    validate_postcode(family.postcode)


@pytest.mark.parametrize("nhs_number", ["1234567890", "943 476 5918"])
def test_invalid_nhs_number_for_a_caregiver_is_refused(lead, nhs_number):
    family = family_with_people()

    response = lead.post("/api/v1/caregivers/", {
        "family": family.pk, "relationship": "mother", "first_name": "Jo", "last_name": "Bloggs",
        "nhs_number": nhs_number}, content_type=JSON)

    assert (response.status_code, response.json()) == (400, {"nhs_number": [NHS_MESSAGE]})
    assert not Caregiver.objects.filter(first_name="Jo").exists()


def test_valid_nhs_number_is_stored_without_spaces(lead):
    family = family_with_people()
    spaced = f"{VALID_NHS_NUMBERS[0][:3]} {VALID_NHS_NUMBERS[0][3:6]} {VALID_NHS_NUMBERS[0][6:]}"

    response = lead.post("/api/v1/caregivers/", {
        "family": family.pk, "relationship": "father", "first_name": "Jo", "last_name": "Bloggs",
        "nhs_number": spaced, "mobile": "07700 900982"}, content_type=JSON)

    assert response.status_code == 201
    caregiver = Caregiver.objects.get(pk=response.json()["id"])
    assert (caregiver.nhs_number, caregiver.relationship) == (VALID_NHS_NUMBERS[0], "father")


def test_a_child_needs_a_date_of_birth_or_expected_date(lead):
    family = family_with_people()

    response = lead.post("/api/v1/children/", {"family": family.pk, "first_name": "Ava"}, content_type=JSON)

    assert (response.status_code, response.json()) == (400, {"date_of_birth": [BABY_DATE_MESSAGE]})
    assert family.children.count() == 1


def test_clearing_a_childs_only_date_is_refused(lead):
    child = family_with_people().children.get()
    born = child.date_of_birth

    response = lead.patch(f"/api/v1/children/{child.pk}/", {"date_of_birth": None}, content_type=JSON)

    assert (response.status_code, response.json()) == (400, {"date_of_birth": [BABY_DATE_MESSAGE]})
    assert Child.objects.get(pk=child.pk).date_of_birth == born


def test_changing_the_key_worker_leaves_the_rest_of_the_case(lead, make_user):
    first, second = make_user(Role.HEALTH_VISITOR), make_user(Role.PIEW_WORKER)
    case = CaseFactory(key_worker=first, family=family_with_people())

    response = lead.patch(f"/api/v1/cases/{case.pk}/", {"key_worker": second.pk}, content_type=JSON)

    assert (response.status_code, response.json()["key_worker"]) == (200, second.pk)
    case.refresh_from_db()
    assert (case.key_worker, case.closed_at, case.family_id) == (second, None, case.family_id)


def test_a_patch_without_a_key_worker_keeps_the_key_worker(lead, make_user):
    worker = make_user(Role.HEALTH_VISITOR)
    case = CaseFactory(key_worker=worker, family=family_with_people())

    response = lead.patch(f"/api/v1/cases/{case.pk}/", {"closure_note": "ignored"}, content_type=JSON)

    assert (response.status_code, response.json()["key_worker"]) == (200, worker.pk)
    assert Case.objects.get(pk=case.pk).key_worker == worker


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER, Role.ADMIN_ASSISTANT, None])
def test_only_a_practitioner_can_be_key_worker(lead, make_user, role):
    worker = make_user(Role.HEALTH_VISITOR)
    case = CaseFactory(key_worker=worker, family=family_with_people())
    not_a_practitioner = make_user(role)

    response = lead.patch(f"/api/v1/cases/{case.pk}/", {"key_worker": not_a_practitioner.pk},
                          content_type=JSON)

    refusal = f'Invalid pk "{not_a_practitioner.pk}" - object does not exist.'
    assert (response.status_code, response.json()) == (400, {"key_worker": [refusal]})
    assert Case.objects.get(pk=case.pk).key_worker == worker


# Signing in: tokens, sessions and the second factor ---------------------------------------


def test_token_authentication_sees_what_the_role_may_see(token_client, make_world):
    world = make_world(Role.HEALTH_VISITOR)

    response = token_client(world.user).get("/api/v1/families/")

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [world.own.pk]


def test_token_authentication_can_change_a_record(token_client, make_world):
    world = make_world(Role.PIEW_WORKER)

    response = token_client(world.user).patch(f"/api/v1/families/{world.own.pk}/",
                                              {"town": "Barton-upon-Humber"}, format="json")

    assert response.status_code == 200
    assert Family.objects.get(pk=world.own.pk).town == "Barton-upon-Humber"


def test_no_credentials_are_refused(db):
    response = APIClient().get("/api/v1/families/")

    assert (response.status_code, response.json()) == (
        403, {"detail": "Authentication credentials were not provided."})


def test_a_wrong_token_is_refused(db):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = api.get("/api/v1/families/")

    assert (response.status_code, response.json()) == (403, {"detail": "Invalid token."})


def test_an_inactive_users_token_is_refused(token_client, make_user):
    user = make_user(Role.TEAM_LEAD)
    api = token_client(user)
    user.is_active = False
    user.save()

    response = api.get("/api/v1/families/")

    assert (response.status_code, response.json()) == (403, {"detail": "User inactive or deleted."})


def test_a_session_without_the_second_factor_is_refused(settings, client, make_user):
    settings.PIEW_MFA_REQUIRED = True
    client.force_login(make_user(Role.TEAM_LEAD))

    listing = client.get("/api/v1/families/")
    adding = client.post("/api/v1/families/", {"address_line_1": "4 Church Lane", "postcode": "DN15 6BT"},
                         content_type=JSON)

    refusal = {"detail": "Finish signing in with your two-factor code first."}
    assert (listing.status_code, listing.json()) == (403, refusal)
    assert (adding.status_code, adding.json()) == (403, refusal)
    assert not Family.objects.exists()


def test_a_session_with_both_factors_is_accepted(settings, client, make_world):
    settings.PIEW_MFA_REQUIRED = True
    world = make_world(Role.TEAM_LEAD)

    response = sign_in(client, world.user).get("/api/v1/families/")

    assert response.status_code == 200
    assert sorted(row["id"] for row in response.json()["results"]) == sorted([world.own.pk, world.other.pk])


def test_a_password_only_session_is_enough_when_two_factor_is_off(settings, client, make_user):
    settings.PIEW_MFA_REQUIRED = False
    client.force_login(make_user(Role.ADMIN_ASSISTANT))

    response = client.get("/api/v1/families/")

    assert (response.status_code, response.json()["count"]) == (200, 0)


# The schema and its documentation ---------------------------------------------------------


def test_schema_describes_the_api_without_delete(lead):
    response = lead.get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    paths = response.json()["paths"]
    for resource in ("families", "caregivers", "children", "cases"):
        assert set(paths[f"/api/v1/{resource}/"]) == {"get", "post"}
        assert set(paths[f"/api/v1/{resource}/{{id}}/"]) == {"get", "put", "patch"}


def test_schema_default_format_names_the_families_path(lead):
    response = lead.get("/api/schema/")

    assert response.status_code == 200
    assert "/api/v1/families/" in response.content.decode()
    assert "PIEW case manager API" in response.content.decode()


def test_api_docs_render_for_a_signed_in_user(lead):
    response = lead.get("/api/docs/")

    script = lead.get("/api/docs/", {"script": ""})

    assert response.status_code == 200
    assert "<title>PIEW case manager API</title>" in response.content.decode()
    assert 'id="swagger-ui"' in response.content.decode()
    assert (script.status_code, "/api/schema/" in script.content.decode()) == (200, True)


# The access log --------------------------------------------------------------------------


@pytest.mark.parametrize("resource, page", [
    ("families", "API: family"), ("caregivers", "API: parent or carer"), ("children", "API: baby"),
    ("cases", "API: case"),
])
def test_reading_a_record_through_the_api_is_logged(signed_in_world, resource, page):
    client, world = signed_in_world(Role.HEALTH_VISITOR)
    record = {"families": world.own, "caregivers": world.own.caregivers.get(),
              "children": world.own.children.get(), "cases": world.own.cases.get()}[resource]

    assert client.get(f"/api/v1/{resource}/{record.pk}/").status_code == 200

    entry = FamilyAccessLog.objects.get()
    assert (entry.user, entry.family, entry.page) == (world.user, world.own, page)


def test_a_refused_read_and_a_list_are_not_logged(signed_in_world):
    client, world = signed_in_world(Role.HEALTH_VISITOR)

    assert client.get(f"/api/v1/families/{world.other.pk}/").status_code == 404
    assert client.get("/api/v1/families/").status_code == 200
    assert not FamilyAccessLog.objects.exists()


# Query counts ----------------------------------------------------------------------------


def _list_queries(client, resource: str, count: int, key_worker) -> int:
    for _ in range(count):
        family_with_people(key_worker=key_worker)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/v1/{resource}/")
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("resource", ["families", "caregivers", "children", "cases"])
@pytest.mark.parametrize("role", [Role.TEAM_LEAD, Role.PIEW_WORKER])
def test_list_queries_do_not_grow_with_the_families(client_for, role, resource):
    client = client_for(role)
    few = _list_queries(client, resource, 3, client.user)
    many = _list_queries(client, resource, 27, client.user)

    assert few == many, f"{few} queries for 3 families, {many} for 30"
    assert few <= 12, "an API list should need a handful of queries, not one per row"
