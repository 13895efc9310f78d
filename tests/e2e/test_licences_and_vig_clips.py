"""The team lead imports licence codes and a worker issues one; the worker records a VIG filming
with its clip, and sees her task list; the team lead sees the clips due for deletion. axe-core
checks every page, the error pages too."""

import pytest
from django.utils import timezone

from families.models import Caregiver
from interventions.models import LicenceCode, VideoRecording
from team.roles import Role
from tests.e2e.journeys import StaffMember
from tests.interventions.conftest import consent, consenting_case, enrolled, person

# The catalogue is seeded by a migration; tests/conftest.py seeds it again after a flush.
pytestmark = pytest.mark.django_db(transaction=True)

MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 500


def test_licence_codes_and_vig_filming(browser, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    lead = StaffMember(browser, live_server, person(Role.TEAM_LEAD, "helen"))
    worker_user = person(Role.PIEW_WORKER, "amy")
    worker = StaffMember(browser, live_server, worker_user)
    case = consenting_case(key_worker=worker_user)
    Caregiver.objects.filter(family=case.family).update(email="parent@example.org")
    online = enrolled(case=case, code="online_solihull", practitioner=worker_user)
    vig = enrolled(case=case, code="vig", practitioner=worker_user)
    for caregiver in case.family.caregivers.all():
        consent(caregiver, "video_recording", worker_user)
    try:
        page = lead.page
        lead.sign_in("/interventions/licences/")
        assert lead.heading() == "Licence codes"
        lead.axe.check()
        page.get_by_role("link", name="Import codes").click()
        lead.axe.check()
        page.get_by_role("button", name="Import codes").click()
        assert page.title().startswith("Error: Import licence codes")
        lead.axe.check()
        page.get_by_label("Programme").select_option(label="Online Solihull programme")
        page.get_by_label("Order or batch").fill("PO 77")
        page.get_by_label("Licence codes").fill("SOL-0001\nSOL-0002")
        page.get_by_role("button", name="Import codes").click()
        assert lead.heading() == "Licence codes"
        assert LicenceCode.objects.count() == 2

        page = worker.page
        worker.sign_in(f"/interventions/enrolments/{online.pk}/licence/")
        worker.axe.check()
        page.get_by_role("button", name="Issue a code and email it").click()
        assert page.title().startswith("Error:")
        worker.axe.check()
        page.get_by_label(case.family.caregivers.get().full_name, exact=False).check()
        page.get_by_role("button", name="Issue a code and email it").click()
        worker.axe.check()
        assert LicenceCode.objects.filter(issued_at__isnull=False).count() == 1

        page.goto(f"/interventions/enrolments/{vig.pk}/recordings/add/")
        worker.axe.check()
        worker.fill_date("Date filmed", timezone.localdate())
        page.get_by_label("Clip (optional)").set_input_files(
            files=[{"name": "filming.mp4", "mimeType": "video/mp4", "buffer": MP4}])
        page.get_by_role("button", name="Record the filming").click()
        assert worker.heading() == "VIG filming"
        worker.axe.check()
        assert VideoRecording.objects.get().has_clip
        page.goto("/interventions/tasks/")
        assert worker.heading() == "My tasks"
        worker.axe.check()

        lead.page.goto("/interventions/recordings/due/")
        assert lead.heading() == "VIG clips due for deletion"
        lead.axe.check()
    finally:
        lead.close()
        worker.close()
