"""The family's interventions, enrolling, the enrolment's page, sessions, and ending it."""


import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from families.models import FamilyAccessLog
from families.services import consent_record, share_with_organisation
from interventions.models import DeliveryOverride, Enrolment
from team.roles import Role
from tests.factories import OrganisationFactory, StaffProfileFactory, UserFactory
from tests.interventions.conftest import attended_session, consenting_case, enrolled, past, person, programme
from tests.interventions.pages_helpers import as_user, book, text, vig_kind
from tests.pages import heading, title

pytestmark = pytest.mark.django_db


# The family's interventions page


def test_family_page_lists_enrolments_with_progress_and_logs_the_read(client, piew_worker, vig):
    attended_session(vig, piew_worker, kind=vig_kind("Filming"), cycle=1)
    response = as_user(client, piew_worker).get(f"/interventions/families/{vig.case.family_id}/")
    page = text(response)
    assert heading(response) == "Interventions"
    assert "Video Interaction Guidance" in page and "Active" in page
    assert "1 of 4 needed" in page
    assert "Enrol in an intervention" in page
    assert FamilyAccessLog.objects.filter(family=vig.case.family, user=piew_worker,
                                          page="Interventions").exists()


def test_family_summary_links_to_its_interventions(client, piew_worker, case):
    page = text(as_user(client, piew_worker).get(f"/families/{case.family_id}/"))
    assert f'href="/interventions/families/{case.family_id}/"' in page


def test_admin_sees_the_family_interventions_without_the_enrol_button(client, admin_assistant, vig):
    response = as_user(client, admin_assistant).get(f"/interventions/families/{vig.case.family_id}/")
    assert response.status_code == 200
    assert "Enrol in an intervention" not in text(response)


# Enrolling


def enrol_form(case, practitioner, **extra) -> dict:
    mother, father = case.family.caregivers.order_by("pk")
    return {"programme": programme("vig").pk, "caregivers": [mother.pk, father.pk],
            "practitioner": practitioner.pk, "format": "one_to_one",
            "goals": "To enjoy playing with Lena again", **extra}


def test_piew_worker_enrols_the_family_in_vig(client, piew_worker, case):
    from tests.interventions.conftest import qualify

    qualify(piew_worker, "vig")
    client = as_user(client, piew_worker)
    form_page = client.get(f"/interventions/families/{case.family_id}/enrol/")
    assert heading(form_page) == "Enrol in an intervention"
    assert f'<option value="{piew_worker.pk}" selected>' in form_page.content.decode()
    response = client.post(f"/interventions/families/{case.family_id}/enrol/",
                           enrol_form(case, piew_worker, planned_cycles="3"))
    enrolment = Enrolment.objects.get()
    assert response.status_code == 302 and response.url == f"/interventions/enrolments/{enrolment.pk}/"
    assert enrolment.practitioner == piew_worker and enrolment.planned_cycles == 3
    assert enrolment.goals == "To enjoy playing with Lena again"
    assert enrolment.caregivers.count() == 2 and enrolment.status == Enrolment.Status.WAITING


def test_enrolling_without_parents_says_so_and_keeps_the_goals(client, piew_worker, case):
    from tests.interventions.conftest import qualify

    qualify(piew_worker, "vig")
    data = enrol_form(case, piew_worker)
    del data["caregivers"]
    response = as_user(client, piew_worker).post(f"/interventions/families/{case.family_id}/enrol/", data)
    assert title(response).startswith("Error: Enrol in an intervention")
    assert "Choose the parents or carers taking part" in text(response)
    assert "To enjoy playing with Lena again" in text(response)
    assert not Enrolment.objects.exists()


def test_unqualified_practitioner_is_refused_with_the_reason(client, piew_worker, case):
    response = as_user(client, piew_worker).post(f"/interventions/families/{case.family_id}/enrol/",
                                                 enrol_form(case, piew_worker))
    page = text(response)
    assert "is not recorded as qualified to deliver Video Interaction Guidance" in page
    assert "Allow anyway" not in page
    assert "To enjoy playing with Lena again" in page
    assert not Enrolment.objects.exists()


def test_team_lead_allows_an_unqualified_practitioner_with_a_reason(client, team_lead, piew_worker, case):
    client = as_user(client, team_lead)
    url = f"/interventions/families/{case.family_id}/enrol/"
    first = client.post(url, enrol_form(case, piew_worker))
    assert "is not recorded as qualified" in text(first)
    assert "Allow anyway: why may they deliver it?" in text(first)
    assert not Enrolment.objects.exists()
    second = client.post(url, enrol_form(case, piew_worker, override_reason="VIG training booked; "
                                                                             "supervised by Priya"))
    assert second.status_code == 302
    override = DeliveryOverride.objects.get()
    assert override.practitioner == piew_worker and override.decided_by == team_lead
    assert override.reason == "VIG training booked; supervised by Priya"


def test_family_without_an_open_case_cannot_be_enrolled(client, team_lead, case):
    case.closed_at = past(1)
    case.closure_reason = "completed"
    case.save()
    response = as_user(client, team_lead).get(f"/interventions/families/{case.family_id}/enrol/")
    assert "has no open case" in text(response)
    assert "Enrol the family" not in text(response)


# The enrolment's page


def test_vig_enrolment_page_groups_sessions_by_cycle_and_shows_progress(client, piew_worker, vig):
    attended_session(vig, piew_worker, days_ago=9, kind=vig_kind("Filming"), cycle=1)
    attended_session(vig, piew_worker, days_ago=5, kind=vig_kind("Shared review"), cycle=1)
    book(vig, piew_worker, days_ago=2, kind=vig_kind("Filming"), cycle=2)
    response = as_user(client, piew_worker).get(f"/interventions/enrolments/{vig.pk}/")
    page = text(response)
    assert heading(response) == "Video Interaction Guidance"
    assert "2 of 4 attended sessions needed" in page
    assert page.index("Cycle 1") < page.index("Shared review") < page.index("Cycle 2") < page.index("Cycle 3")
    assert "Record attendance" in page and "Book a session" in page
    assert "Complete or end the enrolment" in page
    assert FamilyAccessLog.objects.filter(page="Enrolment in Video Interaction Guidance").count() == 1


def test_enrolment_page_query_count_does_not_grow_with_sessions(client, piew_worker, vig):
    client = as_user(client, piew_worker)
    url = f"/interventions/enrolments/{vig.pk}/"
    attended_session(vig, piew_worker, days_ago=20, kind=vig_kind("Filming"), cycle=1)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for days in range(2, 8):
        attended_session(vig, piew_worker, days_ago=days, kind=vig_kind("Shared review"), cycle=2)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert "7 of 4 attended" in text(response)
    assert len(many) == len(few)


def test_family_page_query_count_does_not_grow_with_enrolments(client, piew_worker, case):
    client = as_user(client, piew_worker)
    url = f"/interventions/families/{case.family_id}/"
    enrolled(case=case, code="vig", practitioner=piew_worker)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for code in ("solihull_perinatal_plus", "watch_wait_wonder"):
        enrolled(case=case, code=code, practitioner=piew_worker)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_changing_the_goals(client, piew_worker, vig):
    response = as_user(client, piew_worker).post(f"/interventions/enrolments/{vig.pk}/change/", {
        "goals": "Feel closer to Lena", "planned_cycles": "4", "practitioner": piew_worker.pk})
    assert response.status_code == 302
    vig.refresh_from_db()
    assert (vig.goals, vig.planned_cycles) == ("Feel closer to Lena", 4)


def test_completing_before_the_minimum_is_refused_clearly(client, piew_worker, vig):
    attended_session(vig, piew_worker, kind=vig_kind("Filming"), cycle=1)
    response = as_user(client, piew_worker).post(f"/interventions/enrolments/{vig.pk}/end/",
                                                 {"outcome": "completed", "end_note": "Went well"})
    page = text(response)
    assert ("Video Interaction Guidance counts as completed after 4 attended sessions, and 1 has been "
            "attended") in page
    assert "Went well" in page
    vig.refresh_from_db()
    assert vig.is_open


def test_completing_after_the_minimum(client, piew_worker, vig):
    for days, name, cycle in [(9, "Filming", 1), (7, "Shared review", 1), (5, "Filming", 2),
                              (3, "Shared review", 2)]:
        attended_session(vig, piew_worker, days_ago=days, kind=vig_kind(name), cycle=cycle)
    response = as_user(client, piew_worker).post(f"/interventions/enrolments/{vig.pk}/end/",
                                                 {"outcome": "completed"})
    assert response.status_code == 302
    vig.refresh_from_db()
    assert vig.status == Enrolment.Status.COMPLETED and vig.ended_on is not None


def test_ending_early_needs_a_reason(client, piew_worker, vig):
    client = as_user(client, piew_worker)
    refused = client.post(f"/interventions/enrolments/{vig.pk}/end/", {"outcome": "ended_early"})
    assert "Choose why the enrolment ended early" in text(refused)
    response = client.post(f"/interventions/enrolments/{vig.pk}/end/",
                           {"outcome": "ended_early", "end_reason": "moved", "end_note": "To Leeds"})
    assert response.status_code == 302
    vig.refresh_from_db()
    assert (vig.status, vig.end_reason, vig.end_note) == ("ended_early", "moved", "To Leeds")


# Who may open which page


@pytest.fixture
def people(piew_worker, team_lead, admin_assistant, health_visitor, vig):
    organisation = OrganisationFactory(name="First Steps Forward")
    partner = UserFactory(role=Role.PARTNER, username="partner")
    StaffProfileFactory(user=partner, organisation=organisation)
    family = vig.case.family
    for caregiver in family.caregivers.all():
        consent_record(caregiver=caregiver, purpose="share_with_partner", decision="given", method="verbal",
                       recorded_by=team_lead, organisation=organisation)
    share_with_organisation(family=family, organisation=organisation, reason="Peer support",
                            shared_by=team_lead)
    other_worker = person(Role.PIEW_WORKER, "other")
    consenting_case(key_worker=other_worker)
    return {"key worker": piew_worker, "team lead": team_lead, "admin": admin_assistant,
            "health visitor not on the case": health_visitor, "partner sharing the family": partner,
            "viewer": UserFactory(role=Role.VIEWER, username="viewer"),
            "piew worker of another family": other_worker}


PAGES = {
    "family": "/interventions/families/{family}/",
    "enrol": "/interventions/families/{family}/enrol/",
    "enrolment": "/interventions/enrolments/{enrolment}/",
    "change": "/interventions/enrolments/{enrolment}/change/",
    "end": "/interventions/enrolments/{enrolment}/end/",
    "book": "/interventions/enrolments/{enrolment}/sessions/add/",
    "session": "/interventions/sessions/{session}/",
    "attendance": "/interventions/sessions/{session}/attendance/",
    "session change": "/interventions/sessions/{session}/change/",
}
NOT_FOUND = {page: 404 for page in PAGES}
EXPECTED = {
    "key worker": {page: 200 for page in PAGES},
    "team lead": {page: 200 for page in PAGES},
    "admin": {**{page: 200 for page in PAGES}, "enrol": 403, "change": 403, "end": 403},
    "health visitor not on the case": NOT_FOUND,
    "piew worker of another family": NOT_FOUND,
    "partner sharing the family": NOT_FOUND,
    "viewer": NOT_FOUND,
}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_who_may_open_each_page(client, people, vig, who):
    session = book(vig, people["key worker"], kind=vig_kind("Filming"), cycle=1)
    ids = {"family": vig.case.family_id, "enrolment": vig.pk, "session": session.pk}
    client = as_user(client, people[who])
    answers = {page: client.get(url.format(**ids)).status_code for page, url in PAGES.items()}
    assert answers == EXPECTED[who]


@pytest.mark.parametrize("who", ["admin", "health visitor not on the case", "partner sharing the family"])
def test_refused_posts_change_nothing(client, people, vig, who):
    client = as_user(client, people[who])
    ended = client.post(f"/interventions/enrolments/{vig.pk}/end/",
                        {"outcome": "ended_early", "end_reason": "withdrew"})
    enrolling = client.post(f"/interventions/families/{vig.case.family_id}/enrol/",
                            enrol_form(vig.case, people[who]))
    assert ended.status_code in (403, 404) and enrolling.status_code in (403, 404)
    vig.refresh_from_db()
    assert vig.is_open and Enrolment.objects.count() == 1


def test_anonymous_is_sent_to_sign_in(client, vig):
    response = client.get(f"/interventions/enrolments/{vig.pk}/")
    assert response.status_code == 302
    assert response.url.startswith("/sign-in/") or "next=" in response.url


def test_vig_links_to_adding_a_recording_and_online_programmes_to_licence_codes(client, piew_worker, vig):
    client = as_user(client, piew_worker)
    page = text(client.get(f"/interventions/enrolments/{vig.pk}/"))
    assert f'href="/interventions/enrolments/{vig.pk}/recordings/add/"' in page
    assert "/licence/" not in page
    online = enrolled(case=vig.case, code="online_solihull", practitioner=piew_worker)
    page = text(client.get(f"/interventions/enrolments/{online.pk}/"))
    assert f'href="/interventions/enrolments/{online.pk}/licence/"' in page
    assert "/recordings/add/" not in page


def test_team_lead_moves_an_enrolment_to_an_unqualified_practitioner_with_a_reason(
        client, team_lead, piew_worker, psychologist, vig):
    client = as_user(client, team_lead)
    url = f"/interventions/enrolments/{vig.pk}/change/"
    data = {"goals": vig.goals, "planned_cycles": "3", "practitioner": psychologist.pk}
    first = client.post(url, data)
    assert "Psych Worker is not recorded as qualified" in text(first)
    assert "Allow anyway: why may they deliver it?" in text(first)
    vig.refresh_from_db()
    assert vig.practitioner == piew_worker
    second = client.post(url, {**data, "override_reason": "Amy is on leave; Priya supervises VIG"})
    assert second.status_code == 302
    vig.refresh_from_db()
    assert vig.practitioner == psychologist
    assert DeliveryOverride.objects.get().reason == "Amy is on leave; Priya supervises VIG"


def test_ended_enrolment_cannot_be_changed_or_booked(client, piew_worker, vig):
    client = as_user(client, piew_worker)
    client.post(f"/interventions/enrolments/{vig.pk}/end/",
                {"outcome": "ended_early", "end_reason": "withdrew"})
    page = text(client.get(f"/interventions/enrolments/{vig.pk}/"))
    assert "Ended early" in page and "The family withdrew" in page
    assert "Book a session" not in page and "Complete or end the enrolment" not in page
    response = client.get(f"/interventions/enrolments/{vig.pk}/change/")
    assert response.status_code == 302
    refused = client.post(f"/interventions/enrolments/{vig.pk}/sessions/add/", {
        "day_0": "3", "day_1": "3", "day_2": "2026", "start": "14:30", "mode": "home",
        "kind": vig_kind("Filming").pk, "cycle": "1"})
    assert "no more sessions can be booked" in text(refused)
