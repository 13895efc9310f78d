"""Demo feedback: what parents said after the demo's completed enrolments, so the results page
has something to show. Runs after the interventions' demo step (apps register in order)."""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from families.demo import register_demo_step
from families.models import Caregiver
from feedback.models import (
    Agreement,
    FeedbackRequest,
    FeedbackResponse,
    FriendsAndFamily,
    Questionnaire,
    Respondent,
)
from interventions.models import Enrolment
from team.models import User

FFT_WEIGHTS = {FriendsAndFamily.VERY_GOOD: 60, FriendsAndFamily.GOOD: 25, FriendsAndFamily.NEITHER: 6,
               FriendsAndFamily.POOR: 3, FriendsAndFamily.VERY_POOR: 1, FriendsAndFamily.DONT_KNOW: 5}
WENT_WELL = ["Seeing the videos of us together showed me how much she watches me.",
             "Having someone come to the house when I could not face going out.",
             "Meeting other dads at the group.", "Being listened to without being judged.", ""]
COULD_BE_BETTER = ["Evening sessions for working parents.", "Less waiting before it started.", "", ""]
RESPONDENT = {Caregiver.Relationship.MOTHER: Respondent.MUM, Caregiver.Relationship.FATHER: Respondent.DAD}


def _at(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(19)))


def _answers(rng: random.Random, statements: int) -> dict:
    return {
        "fft": rng.choices(list(FFT_WEIGHTS), weights=list(FFT_WEIGHTS.values()))[0],
        "agreements": [rng.choice([Agreement.STRONGLY_AGREE, Agreement.AGREE, Agreement.AGREE,
                                   Agreement.NEITHER]).value for _ in range(statements)],
        "went_well": rng.choice(WENT_WELL), "could_be_better": rng.choice(COULD_BE_BETTER),
        "quote_consent": rng.random() < 0.6,
    }


@register_demo_step
def demo_feedback(*, seed: int, users: list[User]) -> None:
    rng = random.Random(seed * 31 + 7)
    questionnaire = Questionnaire.objects.order_by("-version").first()
    if questionnaire is None:
        return
    statements = len(questionnaire.statements)
    ended = Enrolment.objects.filter(status=Enrolment.Status.COMPLETED).select_related(
        "practitioner", "programme").prefetch_related("caregivers").order_by("pk")
    for enrolment in ended:
        sent_at = _at(enrolment.ended_on + timedelta(days=1))
        for caregiver in enrolment.caregivers.all():
            if rng.random() < 0.25 or not (caregiver.email or caregiver.mobile):
                continue
            request = FeedbackRequest.objects.create(
                enrolment=enrolment, caregiver=caregiver, state=FeedbackRequest.State.SENT,
                channel=FeedbackRequest.Channel.EMAIL if caregiver.email else FeedbackRequest.Channel.TEXT,
                queued_at=sent_at, claimed_at=sent_at, sent_at=sent_at)
            if rng.random() < 0.55:
                FeedbackResponse.objects.create(
                    request=request, enrolment=enrolment, questionnaire=questionnaire,
                    respondent=RESPONDENT.get(caregiver.relationship, Respondent.OTHER),
                    source=FeedbackResponse.Source.ONLINE, language="en",
                    submitted_at=sent_at + timedelta(days=rng.randint(0, 6)), **_answers(rng, statements))
        if enrolment.programme.uses_video and rng.random() < 0.5:
            # The paper evaluation filled in at the last VIG session.
            FeedbackResponse.objects.create(
                enrolment=enrolment, questionnaire=questionnaire, respondent=Respondent.MUM,
                source=FeedbackResponse.Source.PAPER, entered_by=enrolment.practitioner,
                submitted_at=_at(enrolment.ended_on), **_answers(rng, statements))

