"""Reads for the feedback pages and API: results, failed requests, an enrolment's feedback.

The share answering the Friends and Family Test positively is "very good" plus "good" over
every answer, "don't know" included, as NHS England reports the percentage positive. The
number of "don't know" answers is shown beside it.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from families.models import Caregiver
from feedback.models import AGREES, POSITIVE, FeedbackRequest, FeedbackResponse, FriendsAndFamily, Respondent
from interventions.models import Enrolment

# Counts under this are shown as "fewer than 5" to viewers and in every export.
SUPPRESS_BELOW = 5
FEWER = "fewer than 5"

State = FeedbackRequest.State
SENT = (State.SENT, State.DELIVERED)


def _relationship_group(relationship: str) -> str:
    """The person asked, grouped as the results show them: fathers on their own."""
    if relationship == Caregiver.Relationship.MOTHER:
        return Respondent.MUM
    if relationship == Caregiver.Relationship.FATHER:
        return Respondent.DAD
    return Respondent.OTHER


@dataclass
class Rate:
    label: str
    asked: int = 0
    answered: int = 0

    @property
    def percent(self) -> int | None:
        return round(100 * self.answered / self.asked) if self.asked else None


@dataclass
class Statement:
    text: str
    agreed: int = 0
    answered: int = 0

    @property
    def percent(self) -> int | None:
        return round(100 * self.agreed / self.answered) if self.answered else None


@dataclass
class Results:
    responses: int = 0
    online: int = 0
    paper: int = 0
    by_programme: list[Rate] = field(default_factory=list)
    by_person: list[Rate] = field(default_factory=list)
    respondents: list[tuple[str, int]] = field(default_factory=list)
    fft: list[tuple[str, int]] = field(default_factory=list)
    positive: int = 0
    fft_counted: int = 0
    dont_know: int = 0
    statements: list[Statement] = field(default_factory=list)

    @property
    def positive_percent(self) -> int | None:
        return round(100 * self.positive / self.fft_counted) if self.fft_counted else None


def _asked_requests() -> QuerySet[FeedbackRequest]:
    """Requests that reached a parent: sent, delivered, or answered."""
    return FeedbackRequest.objects.filter(Q(sent_at__isnull=False) | Q(response__isnull=False))


def _rates_by_programme() -> list[Rate]:
    rows = (_asked_requests().values("enrolment__programme__name")
            .annotate(asked=Count("pk"), answered=Count("response")).order_by("enrolment__programme__name"))
    return [Rate(row["enrolment__programme__name"], row["asked"], row["answered"]) for row in rows]


def _rates_by_person() -> list[Rate]:
    rates = {value: Rate(str(label)) for value, label in Respondent.choices}
    rows = _asked_requests().values("caregiver__relationship").annotate(asked=Count("pk"),
                                                                         answered=Count("response"))
    for row in rows:
        rate = rates[_relationship_group(row["caregiver__relationship"])]
        rate.asked += row["asked"]
        rate.answered += row["answered"]
    return list(rates.values())


def _statements(responses: list[FeedbackResponse]) -> list[Statement]:
    """Agreement with each statement, by its wording (the same wording across versions counts together)."""
    found: dict[str, Statement] = {}
    for response in responses:
        for text, answer in zip(response.questionnaire.statements, response.agreements, strict=False):
            statement = found.setdefault(text, Statement(text))
            if answer is not None:
                statement.answered += 1
                statement.agreed += answer in AGREES
    return list(found.values())


def feedback_results() -> Results:
    responses = list(FeedbackResponse.objects.select_related("questionnaire"))
    results = Results(responses=len(responses), by_programme=_rates_by_programme(),
                      by_person=_rates_by_person())
    results.online = sum(r.source == FeedbackResponse.Source.ONLINE for r in responses)
    results.paper = results.responses - results.online
    who = Counter(r.respondent for r in responses)
    results.respondents = [(str(label), who[value]) for value, label in Respondent.choices]
    fft = Counter(r.fft for r in responses)
    results.fft = [(str(label), fft[value]) for value, label in FriendsAndFamily.choices]
    results.dont_know = fft[FriendsAndFamily.DONT_KNOW]
    results.fft_counted = results.responses
    results.positive = sum(fft[value] for value in POSITIVE)
    results.statements = _statements(responses)
    return results


@dataclass(frozen=True)
class Quote:
    programme: str
    respondent: str
    went_well: str
    could_be_better: str


def quotable_comments(*, limit: int = 200) -> list[Quote]:
    """Comments parents agreed to have quoted anonymously: the words, the intervention and who
    answered (mum, dad or other), never a name."""
    responses = (FeedbackResponse.objects.filter(quote_consent=True)
                 .exclude(went_well="", could_be_better="")
                 .select_related("enrolment__programme").order_by("-submitted_at")[:limit])
    return [Quote(r.enrolment.programme.name, r.get_respondent_display(), r.went_well, r.could_be_better)
            for r in responses]


def suppressed(count: int) -> int | str:
    return FEWER if count < SUPPRESS_BELOW else count


def failed_requests() -> QuerySet[FeedbackRequest]:
    return (FeedbackRequest.objects.filter(state=State.FAILED, response__isnull=True)
            .select_related("caregiver", "enrolment__programme", "enrolment__case__family")
            .order_by("-queued_at"))


def feedback_for_enrolment(*, enrolment: Enrolment) -> dict:
    return {
        "requests": list(enrolment.feedback_requests.select_related("caregiver").order_by("pk")),
        "responses": list(enrolment.feedback_responses.order_by("submitted_at")),
    }
