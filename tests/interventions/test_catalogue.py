"""The catalogue pages: reading, the team lead's changes with their history, who may deliver
each intervention, and the log of decisions to let someone unqualified deliver one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interventions import services
from interventions.catalogue_selectors import programmes, qualified_staff
from interventions.forms.catalogue import ProgrammeForm
from interventions.models import DeliveryOverride, DeliveryRequirement, Programme, SessionKind
from interventions.qualification import delivery_refusal
from interventions.services.catalogue import programme_update
from team.models import Competency, Level
from team.roles import Role
from tests.factories import SelfAssessmentFactory, TrainingRecordFactory
from tests.interventions.conftest import (
    attended_session,
    consenting_case,
    enrolled,
    person,
    programme,
    qualify,
)

pytestmark = pytest.mark.django_db

LIST = reverse("interventions:catalogue")
ADD = reverse("interventions:catalogue-add")
OVERRIDES = reverse("interventions:catalogue-overrides")


def edit_url(chosen: Programme) -> str:
    return reverse("interventions:catalogue-edit", args=[chosen.pk])


def detail_url(chosen: Programme) -> str:
    return reverse("interventions:catalogue-detail", args=[chosen.pk])


def form_data(chosen: Programme | None = None, **changes) -> dict:
    """What the edit page posts when nothing is changed, with the changes applied."""
    form = ProgrammeForm(instance=chosen)
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value in (None, False):
            continue
        if isinstance(value, list | tuple):
            value = list(value)
        data[name] = "on" if value is True else value
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def new_programme(**changes) -> dict:
    return form_data(None, **{
        "name": "Circle of Security Parenting", "code": "cos_p", "formats": ["group"],
        "minimum_attended": "6", "caseload_weight": "2", "measures_before": ["KPCS"],
        "measures_after": ["KPCS"], "kind_1_name": "Group session", "kind_1_expected": "8",
        "kind_1_with_family": "yes", "active": "on", **changes})


# Reading


@pytest.mark.parametrize("role", [Role.TEAM_LEAD, Role.PIEW_WORKER, Role.HEALTH_VISITOR,
                                  Role.ADMIN_ASSISTANT, Role.CLINICAL_PSYCHOLOGIST])
def test_every_team_role_reads_the_catalogue(client_for, role):
    client = client_for(user=person(role, "reader"))
    page = client.get(LIST)
    assert page.status_code == 200
    assert "Video Interaction Guidance" in page.content.decode()
    assert client.get(detail_url(programme("vig"))).status_code == 200


@pytest.mark.parametrize("role", [Role.PARTNER, Role.VIEWER])
def test_partners_and_viewers_cannot_read_the_catalogue(client_for, role):
    client = client_for(user=person(role, "outsider"))
    for url in (LIST, detail_url(programme("vig")), edit_url(programme("vig")), ADD, OVERRIDES):
        assert client.get(url).status_code == 403, url


def test_anonymous_people_are_sent_to_sign_in(client):
    page = client.get(LIST)
    assert page.status_code == 302 and page["Location"].startswith("/sign-in/")


def test_the_add_button_and_change_link_are_only_the_team_leads(client_for, team_lead, piew_worker):
    worker_page = client_for(user=piew_worker).get(detail_url(programme("vig"))).content.decode()
    assert "Add an intervention" not in client_for(user=piew_worker).get(LIST).content.decode()
    assert edit_url(programme("vig")) not in worker_page
    lead_page = client_for(user=team_lead).get(detail_url(programme("vig"))).content.decode()
    assert edit_url(programme("vig")) in lead_page


def test_the_detail_page_shows_the_requirement_and_measures(client_for, piew_worker):
    page = client_for(user=piew_worker).get(detail_url(programme("vig"))).content.decode()
    assert "Video Interaction Guidance (VIG) at “Trainee guider” or above" in page
    assert "EPDS, KPCS, PRFQ" in page
    assert "3 micro-analysis (without the family)" in page


def test_a_missing_intervention_is_404(client_for, piew_worker):
    assert client_for(user=piew_worker).get("/interventions/catalogue/99999/").status_code == 404


# Who may deliver


def test_the_catalogue_shows_who_is_qualified(client_for, team_lead, piew_worker):
    qualify(piew_worker, "vig")
    other = person(Role.PIEW_WORKER, "untrained")
    page = client_for(user=team_lead).get(detail_url(programme("vig"))).content.decode()
    section = page.split("Who may deliver it</h2>")[1]
    assert str(piew_worker) in section and str(other) not in section
    assert "Anyone on the team" in client_for(user=team_lead).get(
        detail_url(programme("online_solihull"))).content.decode()


def test_no_one_qualified_is_shown_as_a_warning(client_for, team_lead):
    page = client_for(user=team_lead).get(detail_url(programme("watch_wait_wonder"))).content.decode()
    assert "No one qualified" in page


def test_qualified_staff_agree_with_the_enrolment_rule(piew_worker, team_lead, health_visitor):
    requirement = programme("vig").delivery_requirements.get()
    qualify(piew_worker, "vig")
    SelfAssessmentFactory(response__person=health_visitor, competency=requirement.competency,
                          level=Level.AWARE)
    expired = person(Role.PIEW_WORKER, "expired")
    TrainingRecordFactory(person=expired, competency=requirement.competency,
                          completed_on="2020-01-01", expires_on="2021-01-01")
    former = person(Role.PIEW_WORKER, "former")
    qualify(former, "vig")
    former.is_active = False
    former.save()
    catalogue = list(programmes())
    qualified = qualified_staff(catalogue=catalogue)
    vig = next(entry for entry in catalogue if entry.code == "vig")
    assert set(qualified[vig.pk]) == {piew_worker, health_visitor}
    for someone in (piew_worker, team_lead, health_visitor, expired):
        expected = delivery_refusal(programme=vig, practitioner=someone) is None
        assert (someone in qualified[vig.pk]) == expected, someone


def test_the_catalogue_page_makes_the_same_queries_however_many_staff(client_for, team_lead):
    client = client_for(user=team_lead)
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for number in range(6):
        qualify(person(Role.PIEW_WORKER, f"worker{number}"), "vig")
        qualify(person(Role.HEALTH_VISITOR, f"visitor{number}"), "triple_p_baby")
    with CaptureQueriesContext(connection) as many:
        page = client.get(LIST)
    assert "Worker0 Worker" in page.content.decode()
    assert len(many) == len(few)


# Changing the catalogue


def test_the_team_lead_changes_an_intervention_with_history(client_for, team_lead):
    vig = programme("vig")
    filming = vig.session_kinds.get(name="Filming")
    data = form_data(vig, minimum_attended="5", caseload_weight="4", measures_after=["EPDS", "PBQ"],
                     kind_1_name="Filming together", kind_4_name="Ending", kind_4_expected="1",
                     kind_4_with_family="yes")
    page = client_for(user=team_lead).post(edit_url(vig), data)
    assert page.status_code == 302 and page["Location"] == detail_url(vig)
    vig.refresh_from_db()
    assert (vig.minimum_attended, vig.caseload_weight, vig.measures_after) == (5, 4, ["EPDS", "PBQ"])
    assert list(vig.session_kinds.values_list("name", "expected")) == [
        ("Filming together", 3), ("Micro-analysis", 3), ("Shared review", 3), ("Ending", 1)]
    assert vig.session_kinds.get(name="Filming together").pk == filming.pk
    latest = vig.history.first()
    assert (latest.history_user, latest.minimum_attended) == (team_lead, 5)
    assert filming.history.first().history_user == team_lead
    detail = client_for(user=team_lead).get(detail_url(vig)).content.decode()
    assert f"Last changed {latest.history_date:%-d %B %Y} by {team_lead}" in detail


def test_the_team_lead_sets_who_may_deliver(client_for, team_lead):
    wonder = programme("watch_wait_wonder")
    old = wonder.delivery_requirements.get().competency
    other = Competency.objects.exclude(pk=old.pk).filter(active=True).first()
    data = form_data(wonder, **{f"requires_{old.pk}": "", f"requires_{other.pk}": "3"})
    assert client_for(user=team_lead).post(edit_url(wonder), data).status_code == 302
    assert list(wonder.delivery_requirements.values_list("competency", "minimum_level")) == [
        (other.pk, Level.EXPERT)]
    removed = DeliveryRequirement.history.filter(competency=old, history_type="-").get()
    assert removed.history_user == team_lead


def test_the_team_lead_adds_an_intervention(client_for, team_lead):
    page = client_for(user=team_lead).post(ADD, new_programme())
    added = Programme.objects.get(code="cos_p")
    assert page["Location"] == detail_url(added)
    assert (added.formats, added.minimum_attended, added.expected_sessions) == (["group"], 6, 8)
    assert added.history.get().history_user == team_lead


def test_a_piew_worker_cannot_change_the_catalogue(client_for, piew_worker):
    vig = programme("vig")
    client = client_for(user=piew_worker)
    assert client.get(edit_url(vig)).status_code == 403
    assert client.post(edit_url(vig), form_data(vig, minimum_attended="1")).status_code == 403
    assert client.post(ADD, new_programme()).status_code == 403
    assert client.get(OVERRIDES).status_code == 403
    vig.refresh_from_db()
    assert vig.minimum_attended == 4 and not Programme.objects.filter(code="cos_p").exists()


def test_bad_input_is_explained_and_what_was_typed_is_kept(client_for, team_lead):
    page = client_for(user=team_lead).post(ADD, new_programme(
        formats=[], minimum_attended="lots", kind_2_expected="2", name="Circle of Security Parenting",
        uses_cycles="on"))
    assert page.status_code == 200
    html = page.content.decode()
    for message in ("Choose at least one delivery format",
                    "Enter the number of sessions attended to count as completed as a whole number",
                    "Enter the name of kind of session 2"):
        assert message in html
    assert 'value="Circle of Security Parenting"' in html and 'value="lots"' in html
    assert html.count("Choose at least one delivery format") == 2  # the summary and the field
    assert not Programme.objects.filter(code="cos_p").exists()


def test_a_kind_of_session_needs_how_many(client_for, team_lead):
    page = client_for(user=team_lead).post(ADD, new_programme(kind_2_name="Phone call"))
    assert "Enter how many “Phone call” sessions there are" in page.content.decode()
    assert not Programme.objects.filter(code="cos_p").exists()


def test_completion_cannot_ask_for_more_than_the_sessions_expected(client_for, team_lead):
    page = client_for(user=team_lead).post(ADD, new_programme(minimum_attended="9"))
    assert ("cannot be more than the 8 sessions with the family it expects"
            in page.content.decode())


def test_cycles_need_the_usual_number(client_for, team_lead):
    page = client_for(user=team_lead).post(ADD, new_programme(uses_cycles="on"))
    assert "Enter the usual number of cycles" in page.content.decode()


def test_a_duplicate_name_is_refused(client_for, team_lead):
    page = client_for(user=team_lead).post(ADD, new_programme(name="Triple P Baby"))
    assert "There is already an intervention with this name" in page.content.decode()


def test_the_code_cannot_change_once_families_are_enrolled(client_for, team_lead, vig):
    chosen = programme("vig")
    page = client_for(user=team_lead).post(edit_url(chosen), form_data(chosen, code="vig_new"))
    assert "The code cannot change: families are enrolled in Video Interaction Guidance" in (
        page.content.decode())
    chosen.refresh_from_db()
    assert chosen.code == "vig"


def test_a_format_families_are_enrolled_in_cannot_be_dropped(client_for, team_lead, case, piew_worker):
    enrolled(case=case, code="peer_support", practitioner=piew_worker)
    chosen = programme("peer_support")
    page = client_for(user=team_lead).post(edit_url(chosen), form_data(chosen, formats=["group"]))
    assert ("Families still taking part are enrolled as one-to-one: keep that format until their "
            "enrolments end") in page.content.decode()
    chosen.refresh_from_db()
    assert chosen.formats == ["one_to_one", "group"]


def test_the_code_may_change_before_anyone_is_enrolled(client_for, team_lead):
    chosen = programme("triple_p_baby")
    client_for(user=team_lead).post(edit_url(chosen), form_data(chosen, code="triple_p"))
    chosen.refresh_from_db()
    assert chosen.code == "triple_p"


def test_a_kind_of_session_in_use_cannot_be_removed(client_for, team_lead, vig, piew_worker):
    chosen = programme("vig")
    filming = chosen.session_kinds.get(name="Filming")
    attended_session(vig, piew_worker, kind=filming, cycle=1)
    page = client_for(user=team_lead).post(edit_url(chosen), form_data(
        chosen, kind_1_name="", kind_1_expected="", minimum_attended="3"))
    assert "Sessions are booked as “Filming”, so it cannot be removed" in page.content.decode()
    assert SessionKind.objects.filter(pk=filming.pk).exists()
    chosen.refresh_from_db()
    assert chosen.minimum_attended == 4  # nothing saved


def test_an_unused_kind_of_session_is_removed(client_for, team_lead):
    chosen = programme("triple_p_baby")
    data = form_data(chosen, kind_2_name="", kind_2_expected="", minimum_attended="4")
    assert client_for(user=team_lead).post(edit_url(chosen), data).status_code == 302
    assert list(chosen.session_kinds.values_list("name", flat=True)) == ["Group session"]


def test_the_service_refuses_anyone_but_the_team_lead(piew_worker):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        programme_update(programme=programme("vig"), by=piew_worker, minimum_attended=1)


def test_the_service_refuses_unknown_measures(team_lead):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        programme_update(programme=programme("vig"), by=team_lead, measures_before=["NOPE"])
    assert refused.value.message_dict["measures_before"] == ["Choose measures from the list"]


# Decisions to let someone unqualified deliver


def test_the_team_lead_reads_the_logged_overrides(client_for, team_lead, piew_worker):
    case = consenting_case(key_worker=piew_worker)
    services.enrol(case=case, programme=programme("watch_wait_wonder"),
                   caregivers=case.family.caregivers.all(), practitioner=piew_worker, format="one_to_one",
                   by=team_lead,
                   override_reason="Supervised by the psychologist while training")
    override = DeliveryOverride.objects.get()
    page = client_for(user=team_lead).get(OVERRIDES).content.decode()
    for text in (str(piew_worker), "Watch, Wait and Wonder", case.family.reference,
                 "Supervised by the psychologist while training", str(team_lead),
                 f"{override.decided_at:%-d %B %Y}"):
        assert text in page
    detail = client_for(user=team_lead).get(detail_url(programme("watch_wait_wonder"))).content.decode()
    assert "Supervised by the psychologist while training" in detail


def test_the_overrides_page_says_when_there_are_none(client_for, team_lead):
    assert "No decisions have been logged." in client_for(user=team_lead).get(OVERRIDES).content.decode()

