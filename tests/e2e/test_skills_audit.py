"""The skills audit end to end: the team lead opens a round, a PIEW worker and a partner
organisation's worker each answer it, and the team lead reads the gap analysis and plans a course
from it. axe-core checks every page on the way."""

import datetime

import pytest
from django.utils import timezone

from team.models import AuditResponse, Competency, CourseInvitation, Organisation, TrainingRecord
from team.roles import Role
from team.skills import services
from tests.e2e.journeys import StaffMember
from tests.factories import OrganisationFactory, staff_member

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SAFEGUARDING = "Safeguarding children"


class Person(StaffMember):
    """A member of staff at their own browser, answering the skills audit."""

    def answer_audit(self, *, safeguarding: str, wishes: str) -> None:
        """Every competency at its first level above none, safeguarding children as given."""
        page = self.page
        page.get_by_role("link", name="Answer the skills audit").click()
        assert self.heading() == "Spring 2026 skills audit"
        self.axe.check()
        for group in page.locator("fieldset.govuk-fieldset").all():
            group.locator("input[type=radio]").nth(1).check()
        safeguarding_group = page.get_by_role("group", name=SAFEGUARDING, exact=True)
        safeguarding_group.get_by_label(safeguarding, exact=True).check()
        page.get_by_label("What do you want to learn?").fill(wishes)
        page.get_by_role("button", name="Submit my answers").click()
        assert self.heading() == "My skills"
        assert page.get_by_text("Your answers to Spring 2026 skills audit are saved").is_visible()
        self.axe.check()

@pytest.fixture
def people(browser, live_server, settings, tmp_path):
    settings.PIEW_MFA_REQUIRED = True
    settings.MEDIA_ROOT = tmp_path / "private-files"
    piew = OrganisationFactory(name="PIEW team", kind=Organisation.Kind.PIEW_TEAM)
    partner = OrganisationFactory(name="First Steps Forward", kind=Organisation.Kind.VOLUNTARY)
    lead = staff_member(Role.TEAM_LEAD, piew, username="helen", first_name="Helen", last_name="Marsh")
    worker = staff_member(Role.PIEW_WORKER, piew, username="amy", first_name="Amy", last_name="Fletcher")
    peer = staff_member(Role.PARTNER, partner, username="mark", first_name="Mark", last_name="Ellis")
    safeguarding, _ = Competency.objects.get_or_create(
        name=SAFEGUARDING, defaults={"aware_label": "Level 1", "skilled_label": "Level 2",
                                     "expert_label": "Level 3", "expires_after_months": 36, "required": True})
    services.competency_targets_set(competency=safeguarding, by=lead, targets={"": 1, "piew_team": 3})
    opened = {name: Person(browser, live_server, user) for name, user in
              (("lead", lead), ("worker", worker), ("peer", peer))}
    yield opened
    for person in opened.values():
        person.close()


def test_an_audit_round_from_opening_to_a_planned_course(people, settings):
    lead, worker, peer = people["lead"], people["worker"], people["peer"]
    closes_on = timezone.localdate() + datetime.timedelta(days=28)

    # The team lead opens the round.
    lead.sign_in("/skills/rounds/")
    assert lead.heading() == "Audit rounds"
    lead.axe.check()
    lead.page.get_by_role("link", name="Open an audit round").click()
    assert lead.heading() == "Open an audit round"
    lead.axe.check()
    lead.page.get_by_label("Name of the round").fill("Spring 2026 skills audit")
    lead.fill_date("Answer by", closes_on)
    lead.page.get_by_role("button", name="Open the audit round").click()
    assert lead.heading() == "Audit rounds"
    assert lead.page.get_by_text("The audit round is open").is_visible()
    lead.axe.check()

    # A PIEW worker answers it and adds training she has done, with its certificate.
    worker.sign_in("/skills/")
    assert worker.heading() == "My skills"
    worker.axe.check()
    worker.answer_audit(safeguarding="Level 1", wishes="Shadowing an accredited VIG guider")
    worker.page.get_by_role("link", name="Add training").click()
    assert worker.heading() == "Add training"
    worker.axe.check()
    worker.page.get_by_label("Which competency was it for?").select_option(label=SAFEGUARDING)
    worker.page.get_by_label("Course name").fill("Safeguarding children level 1")
    worker.fill_date("Date completed", datetime.date(2025, 3, 3))
    worker.page.get_by_label("Certificate (optional)").set_input_files(
        {"name": "certificate.pdf", "mimeType": "application/pdf", "buffer": PDF})
    worker.page.get_by_role("button", name="Save training").click()
    assert worker.heading() == "My skills"
    assert worker.page.get_by_role("cell", name="3 March 2028").is_visible()
    worker.axe.check()

    # A partner organisation's worker answers it too, seeing only her own answers.
    peer.sign_in("/skills/")
    assert peer.heading() == "My skills"
    peer.axe.check()
    peer.answer_audit(safeguarding="None", wishes="Safeguarding training")
    assert "Shadowing an accredited VIG guider" not in peer.page.content()
    assert "Safeguarding children level 1" not in peer.page.content()
    peer.page.goto(f"/skills/training/{TrainingRecord.objects.get().pk}/")
    assert peer.heading() == "Page not found"
    peer.axe.check()

    # The team lead reads the gap analysis and plans a course from it.
    lead.page.get_by_role("link", name="Gap analysis").click()
    assert lead.heading() == "Gap analysis"
    lead.axe.check()
    summary = lead.page.locator("#gap-summary").get_by_role("row").filter(has_text=SAFEGUARDING)
    assert summary.get_by_role("cell").all_inner_texts()[:2] == ["2", "2"]
    assert lead.page.get_by_text("2 of 2").first.is_visible()
    summary.get_by_role("link", name=f"Plan a course for {SAFEGUARDING}").click()
    assert lead.heading() == "Plan a course"
    lead.axe.check()
    assert lead.page.get_by_label("Course name").input_value() == SAFEGUARDING
    course_day = timezone.localdate() + datetime.timedelta(days=40)
    lead.fill_date("Date", course_day)
    lead.page.get_by_label("Trainer").fill("North Lincolnshire safeguarding partnership")
    lead.page.get_by_label("Places").fill("12")
    lead.page.get_by_role("button", name="Save course").click()
    assert lead.heading() == SAFEGUARDING
    lead.axe.check()
    lead.page.get_by_label("Amy Fletcher").check()
    lead.page.get_by_label("Mark Ellis").check()
    lead.page.get_by_role("button", name="Invite").click()
    assert lead.page.get_by_text(f"2 invited to {SAFEGUARDING}").is_visible()
    assert lead.page.get_by_text("Nobody else is below the level needed").is_visible()
    lead.axe.check()

    assert AuditResponse.objects.count() == 2
    certificate = TrainingRecord.objects.get().certificate
    assert (settings.MEDIA_ROOT / certificate.name).read_bytes() == PDF
    assert set(CourseInvitation.objects.values_list("person__username", flat=True)) == {"amy", "mark"}
    assert [len(person.axe.checked) for person in (lead, worker, peer)] == [9, 7, 6]
