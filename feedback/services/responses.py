"""Answers: given online through a one-time link, or typed in by staff from a paper form; and
the questionnaire's versions."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from families.models import OneTimeLink
from families.onetime import link_use
from feedback import permissions
from feedback.models import FeedbackRequest, FeedbackResponse, Questionnaire
from interventions.models import Enrolment
from piew.services import save_validated
from team.models import User

ANSWER_FIELDS = ("fft", "agreements", "went_well", "could_be_better", "respondent", "quote_consent")


def questionnaire_current() -> Questionnaire:
    return Questionnaire.objects.order_by("-version").first()


def request_for_link(link: OneTimeLink) -> FeedbackRequest | None:
    return (FeedbackRequest.objects.select_related("enrolment", "link", "reminder_link")
            .filter(link=link).first()
            or FeedbackRequest.objects.select_related("enrolment", "link", "reminder_link")
            .filter(reminder_link=link).first())


def _answers(answers: dict[str, Any]) -> dict[str, Any]:
    return {name: answers[name] for name in ANSWER_FIELDS if name in answers}


@transaction.atomic
def response_submit(*, link: OneTimeLink, questionnaire: Questionnaire, answers: dict[str, Any],
                    language: str = "") -> FeedbackResponse | None:
    """Record a parent's answers and close their link (and the request's other link). None when
    the link was used, cancelled or expired meanwhile: the first submission wins."""
    found = request_for_link(link)
    if found is None:
        return None
    request = FeedbackRequest.objects.select_for_update().get(pk=found.pk)
    if request.cancelled_at is not None or not link_use(link=link):
        return None
    if FeedbackResponse.objects.filter(request=request).exists():
        return None
    response = save_validated(FeedbackResponse(
        request=request, enrolment_id=request.enrolment_id, questionnaire=questionnaire,
        source=FeedbackResponse.Source.ONLINE, language=language[:10], **_answers(answers)))
    other = {request.link_id, request.reminder_link_id} - {link.pk, None}
    OneTimeLink.objects.filter(pk__in=other, used_at__isnull=True).update(cancelled_at=timezone.now())
    return response


@transaction.atomic
def paper_response_record(*, enrolment: Enrolment, by: User, questionnaire: Questionnaire,
                          answers: dict[str, Any]) -> FeedbackResponse:
    """A paper evaluation's answers, typed in by staff and marked as paper."""
    if not permissions.can_record_paper(by, enrolment):
        raise PermissionDenied("You cannot enter feedback for this enrolment")
    return save_validated(FeedbackResponse(
        enrolment=enrolment, questionnaire=questionnaire, source=FeedbackResponse.Source.PAPER,
        entered_by=by, **_answers(answers)))


@transaction.atomic
def questionnaire_edit(*, by: User, fft_question: str, statements: list[str], went_well_question: str,
                       could_be_better_question: str) -> Questionnaire:
    """A new version of the questionnaire. Answers already given keep the version they were on."""
    if not permissions.can_edit_questionnaire(by):
        raise PermissionDenied("Only the team lead can change the questionnaire")
    latest = Questionnaire.objects.select_for_update().order_by("-version").first()
    return save_validated(Questionnaire(
        version=(latest.version if latest else 0) + 1, fft_question=fft_question.strip(),
        statements=[s.strip() for s in statements if s.strip()],
        went_well_question=went_well_question.strip(),
        could_be_better_question=could_be_better_question.strip(), created_by=by))
