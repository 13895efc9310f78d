"""What feedback does when an enrolment ends, when a parent withdraws feedback consent, and
the paper feedback link on an enrolment's page.

Registered in ``FeedbackConfig.ready()``; the lower apps never import this one.
"""

from collections.abc import Iterator

from django.urls import reverse

from families.consent import on_withdrawn
from families.models import ConsentRecord
from families.panels import Link
from feedback import permissions, services
from interventions.hooks import enrolment_link, on_enrolment_ended


@on_enrolment_ended
def request_feedback(*, enrolment_id: int) -> None:
    services.requests_create_for_enrolment(enrolment_id=enrolment_id)


@on_withdrawn(ConsentRecord.Purpose.FEEDBACK_CONTACT)
def cancel_feedback_requests(*, caregiver, purpose, record) -> None:
    services.requests_cancel_for_caregiver(caregiver=caregiver)


@enrolment_link
def paper_feedback_link(*, enrolment, user) -> Iterator[Link]:
    if permissions.can_record_paper(user, enrolment):
        yield Link("Enter a paper feedback form", reverse("feedback:paper", args=[enrolment.pk]))
