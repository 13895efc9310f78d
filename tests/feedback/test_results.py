"""Results for the team lead, aggregates with small numbers suppressed for viewers, the CSV
export, paper forms, failed requests and the API: who may see and do what."""

import csv
import io

import pytest

from families.models import Caregiver, FamilyAccessLog
from feedback.models import FeedbackRequest, FeedbackResponse, Questionnaire
from feedback.selectors import feedback_results
from team.roles import Role
from tests.conftest import sign_in
from tests.feedback.conftest import end_enrolment, parents_reachable
from tests.interventions.conftest import consenting_case, enrolled, person

State = FeedbackRequest.State


def answer(request: FeedbackRequest | None, *, fft="very_good", respondent="mum", quote=False, enrolment=None,
           agreements=(5, 4, 2, None), went_well="", by=None) -> FeedbackResponse:
    online = request is not None
    return FeedbackResponse.objects.create(
        request=request, enrolment=enrolment or request.enrolment,
        questionnaire=Questionnaire.objects.get(version=1),
        fft=fft, agreements=list(agreements), respondent=respondent, quote_consent=quote, went_well=went_well,
        source="online" if online else "paper", entered_by=None if online else by)


@pytest.fixture
def answered(ended):
    """Mum answers positively and may be quoted; dad's link is sent and unanswered."""
    mum = FeedbackRequest.objects.get(caregiver__relationship=Caregiver.Relationship.MOTHER)
    return answer(mum, quote=True, went_well="Seeing the videos of us together.")


def test_results_count_fathers_on_their_own_and_the_fft_share(answered, ended, worker, team_lead):
    dad = FeedbackRequest.objects.get(caregiver__relationship=Caregiver.Relationship.FATHER)
    answer(dad, fft="dont_know", respondent="dad")
    answer(None, enrolment=ended, fft="poor", respondent="dad", by=worker)
    results = feedback_results()
    assert (results.responses, results.online, results.paper) == (3, 2, 1)
    by_person = {rate.label: (rate.asked, rate.answered) for rate in results.by_person}
    assert by_person == {"Mum": (1, 1), "Dad": (1, 1), "Another parent or carer": (0, 0)}
    assert dict(results.respondents) == {"Mum": 1, "Dad": 2, "Another parent or carer": 0}
    # Very good + good over every answer, don't know included: 1 of 3.
    assert (results.positive, results.fft_counted, results.dont_know) == (1, 3, 1)
    assert results.positive_percent == 33
    assert [(r.label, r.asked, r.answered) for r in results.by_programme] == [
        ("Video Interaction Guidance", 2, 2)]
    statements = {s.text: (s.agreed, s.answered) for s in results.statements}
    assert statements["I was listened to"] == (3, 3)
    assert statements["I feel more confident as a parent"] == (0, 3)
    assert statements["I would recommend the service to other parents"] == (0, 0)


def test_the_team_lead_sees_exact_counts_and_only_quotable_comments_without_names(
        client, answered, ended, team_lead):
    dad = FeedbackRequest.objects.get(caregiver__relationship=Caregiver.Relationship.FATHER)
    answer(dad, respondent="dad", went_well="Not for quoting, please.")
    page = sign_in(client, team_lead).get("/feedback/results/").content.decode()
    assert "<title>Feedback from parents – PIEW case manager</title>" in page
    assert "Seeing the videos of us together." in page
    assert "Not for quoting, please." not in page
    for caregiver in ended.caregivers.all():
        assert caregiver.first_name not in page and caregiver.last_name not in page
    assert ended.case.family.reference not in page
    assert "fewer than 5" not in page.split("Friends and Family Test</h2>")[1].split("</table>")[0]


def test_a_viewer_sees_suppressed_aggregates_and_no_comments(client, answered, make_user):
    response = sign_in(client, make_user(Role.VIEWER)).get("/feedback/results/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Counts under 5 are shown as “fewer than 5”" in page
    assert "Seeing the videos of us together." not in page
    assert "What parents said" not in page
    responses = page.split("All responses</dt>")[1].split("</dd>")[0]
    assert "fewer than 5" in responses


def test_the_csv_suppresses_every_count_under_five(client, answered, ended, team_lead, worker):
    for _ in range(5):
        answer(None, enrolment=ended, fft="good", respondent="dad", by=worker)
    response = sign_in(client, team_lead).get("/feedback/results.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["section", "group", "count", "out of", "percent"]
    table = {(row[0], row[1]): row[2:] for row in rows[1:]}
    assert table[("responses", "all")] == ["6", "", ""]
    assert table[("responses", "online")] == ["fewer than 5", "", ""]
    assert table[("responses", "paper")] == ["5", "", ""]
    assert table[("who answered", "Dad")] == ["5", "", ""]
    assert table[("who answered", "Mum")] == ["fewer than 5", "", ""]
    assert table[("friends and family test", "Good")] == ["5", "", ""]
    assert table[("response rate by person asked", "Dad")] == ["fewer than 5", "fewer than 5", "fewer than 5"]
    for row in rows[1:]:
        for cell in row[2:4]:
            assert cell in ("", "fewer than 5") or int(cell) >= 5


@pytest.mark.parametrize(("role", "status"), [
    (None, 302), (Role.ADMIN_ASSISTANT, 403), (Role.HEALTH_VISITOR, 403), (Role.PIEW_WORKER, 403),
    (Role.CLINICAL_PSYCHOLOGIST, 403), (Role.PARTNER, 403), (Role.VIEWER, 200), (Role.TEAM_LEAD, 200),
])
def test_who_may_see_results_and_the_export(client, make_user, role, status, db):
    if role is not None:
        sign_in(client, make_user(role))
    for url in ("/feedback/results/", "/feedback/results.csv"):
        assert client.get(url).status_code == status


@pytest.fixture
def other_worker(db):
    return person(Role.PIEW_WORKER, "piew2")


@pytest.mark.parametrize("who", ["anonymous", "viewer", "partner", "other_worker", "health_visitor",
                                 "practitioner", "admin_assistant", "team_lead"])
def test_who_may_enter_a_paper_form(client, ended, worker, team_lead, other_worker, make_user, who):
    users = {"practitioner": worker, "team_lead": team_lead, "other_worker": other_worker,
             "viewer": make_user(Role.VIEWER), "partner": make_user(Role.PARTNER),
             "health_visitor": make_user(Role.HEALTH_VISITOR),
             "admin_assistant": make_user(Role.ADMIN_ASSISTANT)}
    if who != "anonymous":
        sign_in(client, users[who])
    url = f"/feedback/enrolments/{ended.pk}/paper/"
    form = {"fft": "good", "statement_0": "5", "respondent": "dad", "quote_consent": "no",
            "went_well": "The group."}
    response = client.post(url, form)
    if who in ("practitioner", "admin_assistant", "team_lead"):
        assert response.status_code == 302
        saved = FeedbackResponse.objects.get()
        assert (saved.source, saved.entered_by, saved.enrolment, saved.request) == (
            "paper", users[who], ended, None)
        assert (saved.fft, saved.agreements, saved.respondent) == ("good", [5, None, None, None], "dad")
        assert FamilyAccessLog.objects.filter(user=users[who], family=ended.case.family,
                                              page="Paper feedback form").exists()
    else:
        assert response.status_code == (302 if who == "anonymous" else 404 if who in (
            "viewer", "partner", "other_worker", "health_visitor") else 403)
        assert not FeedbackResponse.objects.exists()


def test_a_paper_form_with_missing_answers_is_refused_with_the_field_named(client, ended, worker):
    url = f"/feedback/enrolments/{ended.pk}/paper/"
    page = sign_in(client, worker).post(url, {"went_well": "Kind staff"})
    text = page.content.decode()
    assert page.status_code == 200 and "Choose who is answering" in text and "Kind staff" in text
    assert not FeedbackResponse.objects.exists()


@pytest.mark.parametrize(("role", "status"), [
    (Role.TEAM_LEAD, 200), (Role.ADMIN_ASSISTANT, 200), (Role.PIEW_WORKER, 403), (Role.VIEWER, 403),
])
def test_failed_requests_are_shown_to_the_administrator_and_team_lead(client, ended, make_user, role, status):
    FeedbackRequest.objects.filter(caregiver__relationship="father").update(
        state=State.FAILED, failure_reason="The mail server refused the address")
    response = sign_in(client, make_user(role)).get("/feedback/failed/")
    assert response.status_code == status
    if status == 200:
        assert "The mail server refused the address" in response.content.decode()


def test_a_failed_request_can_be_sent_again(client, ended, team_lead, mailoutbox,
                                            django_capture_on_commit_callbacks):
    failed = FeedbackRequest.objects.get(caregiver__relationship="father")
    FeedbackRequest.objects.filter(pk=failed.pk).update(state=State.FAILED, failure_reason="Refused")
    sign_in(client, team_lead)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/feedback/failed/{failed.pk}/retry/")
    failed.refresh_from_db()
    assert failed.state == State.SENT and failed.failure_reason == ""
    assert len(mailoutbox) == 3


def test_the_team_lead_edits_the_questionnaire_as_a_new_version(client, team_lead, make_user, db):
    form = {"fft_question": "Overall, how was your experience of our service?",
            "statements": "I was listened to\n\nI felt welcome\n", "went_well_question": "What went well?",
            "could_be_better_question": "What could be better?"}
    worker = make_user(Role.PIEW_WORKER)
    assert sign_in(client, worker).post("/feedback/questionnaire/", form).status_code == 403
    assert Questionnaire.objects.count() == 1
    assert sign_in(client, team_lead).post("/feedback/questionnaire/", form).status_code == 302
    latest = Questionnaire.objects.order_by("-version").first()
    assert (latest.version, latest.created_by) == (2, team_lead)
    assert latest.statements == ["I was listened to", "I felt welcome"]


def test_the_api_lists_requests_only_for_families_the_user_may_see(
        ended, worker, other_worker, token_client, make_user, django_capture_on_commit_callbacks):
    other_case = consenting_case(key_worker=other_worker, with_father=False)
    parents_reachable(other_case, other_worker)
    end_enrolment(enrolled(case=other_case, code="vig", practitioner=other_worker), other_worker,
                  django_capture_on_commit_callbacks)
    mine = token_client(worker).get("/api/v1/feedback-requests/").json()
    assert mine["count"] == 2
    assert {row["enrolment"] for row in mine["results"]} == {ended.pk}
    assert set(mine["results"][0]) >= {"state", "channel", "sent_at", "answered", "failure_reason"}
    assert token_client(make_user(Role.TEAM_LEAD)).get("/api/v1/feedback-requests/").json()["count"] == 3
    for role in (Role.VIEWER, Role.PARTNER):
        assert token_client(make_user(role)).get("/api/v1/feedback-requests/").json()["count"] == 0


def test_the_api_results_have_the_pages_access_and_suppression(answered, token_client, make_user, team_lead):
    exact = token_client(team_lead).get("/api/v1/feedback-results/").json()
    assert exact["responses"]["all"] == 1 and exact["suppressed_below"] is None
    viewer = token_client(make_user(Role.VIEWER)).get("/api/v1/feedback-results/").json()
    assert viewer["responses"]["all"] == "fewer than 5" and viewer["suppressed_below"] == 5
    assert "comments" not in viewer and "went_well" not in str(viewer)
    assert token_client(make_user(Role.PIEW_WORKER)).get("/api/v1/feedback-results/").status_code == 403


def test_staff_pages_need_the_second_factor_too(client, team_lead, settings):
    settings.PIEW_MFA_REQUIRED = True
    client.force_login(team_lead)  # a password only
    for url in ("/feedback/results/", "/feedback/results.csv", "/feedback/failed/",
                "/feedback/questionnaire/"):
        response = client.get(url)
        assert response.status_code == 302 and response.url == f"/sign-in/two-factor/?next={url}"
