"""Every change to a family's record is kept with who and when; the chronology shows it all."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from families import chronology, services
from families.chronology import Event
from families.models import Caregiver, Family
from team.roles import Role
from tests.factories import CaregiverFactory, CaseNoteFactory, family_with_people

pytestmark = pytest.mark.django_db


def test_a_change_made_on_a_page_is_kept_with_who_made_it(client_for):
    client = client_for(Role.ADMIN_ASSISTANT)
    family = family_with_people()
    caregiver = family.caregivers.get()
    response = client.post(f"/families/{family.pk}/caregivers/{caregiver.pk}/edit/", {
        "relationship": "mother", "first_name": caregiver.first_name, "last_name": "Kowalska",
        "date_of_birth_0": "14", "date_of_birth_1": "6", "date_of_birth_2": "1995",
        "preferred_language": "Polish", "ethnic_category": "C", "first_time_parent": "True",
    })
    assert response.status_code == 302

    latest, before = Caregiver.history.filter(id=caregiver.pk).order_by("-history_id")[:2]
    assert latest.history_type == "~"
    assert latest.history_user == client.user
    assert latest.last_name == "Kowalska"
    assert before.last_name == caregiver.last_name
    delta = latest.diff_against(before)
    assert set(delta.changed_fields) == {"last_name", "preferred_language", "ethnic_category",
                                         "first_time_parent"}


def test_the_team_lead_reads_changes_and_views_on_the_audit_and_chronology(client_for, make_user):
    admin = make_user(Role.ADMIN_ASSISTANT, first_name="Karen", last_name="Dale")
    family = family_with_people()
    services.family_access_record(family=family, user=admin, page="Summary")
    client = client_for(Role.TEAM_LEAD)

    audit = client.get(f"/families/{family.pk}/audit/").content.decode()
    assert "Karen Dale" in audit
    assert "Summary" in audit

    services.family_update(family=family, postcode="dn16 1qa")
    family.refresh_from_db()
    assert family.postcode == "DN16 1QA"
    page = client.get(f"/families/{family.pk}/chronology/?category=Record+change").content.decode()
    assert f"Family record changed: {family.reference}" in page
    assert "Changed: postcode" in page


def test_chronology_is_newest_first_and_gathers_every_registered_source(make_user):
    lead = make_user(Role.TEAM_LEAD)
    family = family_with_people()
    later = timezone.now() + timedelta(days=3)

    def planned_visit(*, family: Family, user):
        yield Event(later, "Visit", "Home visit booked")

    chronology.register(planned_visit)
    chronology.register(planned_visit)
    try:
        events = chronology.family_chronology(family=family, user=lead)
    finally:
        chronology._sources.remove(planned_visit)

    assert [event.title for event in events].count("Home visit booked") == 1
    assert events[0].title == "Home visit booked"
    assert [event.when for event in events] == sorted((event.when for event in events), reverse=True)


def test_case_notes_stay_out_of_the_administrators_chronology(make_user):
    family = family_with_people()
    CaseNoteFactory(family=family, text="Low mood discussed")
    admin_events = chronology.family_chronology(family=family, user=make_user(Role.ADMIN_ASSISTANT))
    lead_events = chronology.family_chronology(family=family, user=make_user(Role.TEAM_LEAD))
    assert not any("Low mood" in event.detail for event in admin_events)
    assert any(event.detail == "Low mood discussed" for event in lead_events)
    assert not any(event.title.startswith("Case note") for event in admin_events)


def test_chronology_query_count_does_not_grow_with_the_record(make_user):
    lead = make_user(Role.TEAM_LEAD)
    small, large = family_with_people(key_worker=lead), family_with_people(key_worker=lead)
    for _ in range(15):
        CaseNoteFactory(family=large, author=lead)
        CaregiverFactory(family=large)

    def count(family):
        with CaptureQueriesContext(connection) as queries:
            chronology.family_chronology(family=family, user=lead)
        return len(queries)

    assert lead.role == Role.TEAM_LEAD  # looked up once per request, as in the app
    assert count(large) == count(small)
