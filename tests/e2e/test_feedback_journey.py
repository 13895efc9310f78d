"""A PIEW worker completes a family's Video Interaction Guidance; each parent's feedback link
arrives at an SMTP server on loopback; the father opens his in Chromium and answers as a dad;
the team lead sees his answer counted under fathers. axe-core checks every page."""

import re
import socket
import time

import pytest
from playwright.sync_api import expect

from families.models import ConsentRecord
from feedback.models import FeedbackResponse
from team.roles import Role
from tests.e2e.conftest import AccessiblePage
from tests.e2e.journeys import StaffMember
from tests.factories import CaregiverFactory, CaseFactory, ChildFactory, FamilyFactory, UserFactory
from tests.interventions.conftest import attended_session, consent, enrolled, programme

# The catalogue and the questionnaire come from data migrations; tests/conftest.py seeds them
# again after a flush.
pytestmark = pytest.mark.django_db(transaction=True)


class Inbox:
    def __init__(self):
        self.messages: list[tuple[list[str], str]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append((list(envelope.rcpt_tos), envelope.content.decode()))
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, seconds: float = 10) -> None:
        deadline = time.monotonic() + seconds
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(self.messages) >= count, f"{len(self.messages)} of {count} messages arrived"


@pytest.fixture
def inbox(settings, live_server):
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    box = Inbox()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.SITE_URL = live_server.url
    yield box
    controller.stop()


@pytest.fixture
def amy(browser, live_server):
    """A PIEW worker whose family has had four filmed sessions of VIG, both parents consenting
    to be asked for feedback by email."""
    user = UserFactory(username="amy", first_name="Amy", last_name="Fletcher", role=Role.PIEW_WORKER)
    family = FamilyFactory(postcode="DN16 1QA")
    for first_name, relationship in [("Zofia", "mother"), ("Piotr", "father")]:
        caregiver = CaregiverFactory(family=family, first_name=first_name, last_name="Nowak",
                                     relationship=relationship, email=f"{first_name.lower()}@example.org")
        for purpose in ("taking_part", "mdt_sharing", ConsentRecord.Purpose.FEEDBACK_CONTACT):
            consent(caregiver, purpose, user)
    ChildFactory(family=family, first_name="Lena", last_name="Nowak")
    case = CaseFactory(family=family, key_worker=user)
    enrolment = enrolled(case=case, code="vig", practitioner=user)
    filming = programme("vig").session_kinds.get(name="Filming")
    for day in (30, 20, 10, 2):
        attended_session(enrolment, user, days_ago=day, kind=filming, cycle=1, who=("mother", "father"))
    worker = StaffMember(browser, live_server, user)
    worker.enrolment = enrolment
    yield worker
    worker.close()


def complete(amy: StaffMember) -> None:
    page = amy.page
    amy.sign_in(f"/interventions/enrolments/{amy.enrolment.pk}/")
    assert amy.heading() == "Video Interaction Guidance"
    amy.axe.check()
    page.get_by_role("link", name="Complete or end the enrolment").click()
    assert amy.heading() == "Complete or end the enrolment"
    amy.axe.check()
    page.get_by_role("group", name="How did it end?").get_by_label("Completed").check()
    page.get_by_role("button", name="End the enrolment").click()
    assert amy.heading() == "Video Interaction Guidance"
    amy.axe.check()


def answer_as_dad(browser, live_server, link: str) -> AccessiblePage:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 375, "height": 800})
    parent = AccessiblePage(context.new_page())
    page = parent.page
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your opinion counts")
    parent.check()
    page.get_by_role("button", name="Send your feedback").click()
    expect(page.get_by_role("alert").get_by_role("link").first).to_have_text(
        "Choose how your experience of our service was overall")
    assert page.title().startswith("Error: Your opinion counts")
    parent.check()
    page.get_by_role("group", name="Overall, how was your experience of our service?").get_by_label(
        "Very good").check()
    page.get_by_role("group", name="I feel more confident as a parent").get_by_label(
        "Strongly agree", exact=True).check()
    page.get_by_label("What went well?").fill("Watching the clips of me and Lena playing.")
    page.get_by_role("group", name="Who is answering?").get_by_label("Dad").check()
    page.get_by_role("group", name=re.compile("May we quote what you wrote")).get_by_label("Yes").check()
    page.get_by_role("button", name="Send your feedback").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your feedback")
    parent.check()
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your feedback")
    page.goto(link[:-5] + "AAAA/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This feedback link cannot be used")
    parent.check()
    context.close()
    return parent


def test_a_father_answers_his_own_feedback_link(amy, inbox, browser, live_server):
    complete(amy)
    inbox.wait_for(2)
    by_recipient = {to[0]: content for to, content in inbox.messages}
    assert set(by_recipient) == {"zofia@example.org", "piotr@example.org"}
    piotrs = by_recipient["piotr@example.org"]
    assert "Dear Piotr," in piotrs and "Nowak" not in piotrs
    link = re.search(r"http://\S+/feedback/[A-Za-z0-9_-]+/", by_recipient["piotr@example.org"]).group(0)

    parent = answer_as_dad(browser, live_server, link)
    assert len(parent.checked) == 4
    saved = FeedbackResponse.objects.get()
    assert (saved.respondent, saved.fft, saved.source, saved.request.caregiver.first_name) == (
        "dad", "very_good", "online", "Piotr")

    lead = StaffMember(browser, live_server, UserFactory(username="lead", role=Role.TEAM_LEAD))
    try:
        lead.sign_in("/feedback/results/")
        assert lead.heading() == "Feedback from parents"
        lead.axe.check()
        table = lead.page.get_by_role("table", name=re.compile("fathers on their own"))
        dad_row = table.get_by_role("row", name=re.compile("^Dad"))
        expect(dad_row).to_contain_text("1")
        expect(dad_row.get_by_role("cell").nth(2)).to_have_text("100%")
        expect(lead.page.get_by_text("Watching the clips of me and Lena playing.")).to_be_visible()
        assert "Piotr" not in lead.page.content()
        lead.page.get_by_role("link", name=re.compile("Feedback links that could not be sent")).click()
        assert lead.heading() == "Feedback links that could not be sent"
        lead.axe.check()
        lead.page.goto("/feedback/questionnaire/")
        assert lead.heading() == "Change the feedback questionnaire"
        lead.axe.check()
        lead.page.goto(f"/feedback/enrolments/{amy.enrolment.pk}/paper/")
        assert lead.heading() == "Enter a paper feedback form"
        lead.page.get_by_role("button", name="Save the paper form’s answers").click()
        assert lead.page.title().startswith("Error: Enter a paper feedback form")
        lead.axe.check()
    finally:
        lead.close()
