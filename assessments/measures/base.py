"""Core types, validation, generic scoring and the registry of outcome measures.

Everything here is plain Python (standard library only) so that scoring can be
checked without a web framework or a database.

Reliable change throughout follows Jacobson, N. S. & Truax, P. (1991) "Clinical
significance: a statistical approach to defining meaningful change in
psychotherapy research", Journal of Consulting and Clinical Psychology 59(1),
12-19: RCI threshold = 1.96 x SD x sqrt(2) x sqrt(1 - reliability).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

Number = int | float
Direction = Literal["lower", "higher"]
Answers = Sequence[int | None]

IMPROVED = "improved"
DETERIORATED = "deteriorated"
NO_RELIABLE_CHANGE = "no_reliable_change"

SELF_HARM_RISK = "self_harm_risk"
SAFEGUARDING_RISK = "safeguarding_risk"

NO_BANDS = "no published bands"


@dataclass(frozen=True)
class Item:
    """One item as printed: its option labels and the score of each option.

    ``option_labels[i]`` and ``scores[i]`` describe the i-th option in the
    order the form prints it. Where the publisher does not allow option text
    to be reproduced the label is the option's score written as a number.
    """

    number: int
    option_labels: tuple[str, ...]
    scores: tuple[int, ...]
    text: str | None = None
    reverse: bool = False
    risk_flag: str | None = None

    @property
    def n_options(self) -> int:
        return len(self.scores)


@dataclass(frozen=True)
class Band:
    """A named score range; ``maximum`` is inclusive and used for look-up."""

    label: str
    minimum: Number
    maximum: Number


@dataclass(frozen=True)
class Subscale:
    """A published subscale: which items, and whether it is a sum or a mean."""

    key: str
    name: str
    items: tuple[int, ...]
    method: Literal["sum", "mean"] = "sum"
    better: Direction | None = None
    cut_off: Number | None = None
    description: str = ""


@dataclass(frozen=True)
class MissingRule:
    """How many items may be left unanswered, and what happens then."""

    max_missing: int
    description: str


@dataclass(frozen=True)
class Score:
    """The result of scoring one completed measure."""

    code: str
    total: Number | None
    subscales: dict[str, Number | None]
    band: str
    flags: tuple[str, ...] = ()
    missing_items: tuple[int, ...] = ()
    prorated: bool = False


@dataclass(frozen=True)
class Change:
    """Change between two totals on the same measure."""

    code: str
    pre: Number
    post: Number
    delta: Number
    reliable: str
    clinically_significant: bool
    threshold: float


Scorer = Callable[["Instrument", list[int | None]], Score]


@dataclass(frozen=True)
class Instrument:
    """Everything a form or a report needs to know about one measure.

    ``cut_off`` marks the clinical side: for measures where lower is better a
    total at or above it is in the clinical range; where higher is better a
    total at or below it is. ``reliable_change`` is the smallest change, in
    total-score points, counted as reliable (change >= threshold).
    """

    code: str
    name: str
    n_items: int
    items: tuple[Item, ...]
    total_min: Number | None
    total_max: Number | None
    better: Direction | None
    bands: tuple[Band, ...]
    cut_off: Number | None
    cut_off_rule: str
    reliable_change: float | None
    reliable_change_source: str
    missing: MissingRule
    time_points: tuple[str, ...]
    item_text_allowed: bool
    licence: str
    source: str
    subscales: tuple[Subscale, ...] = ()
    stem: str | None = None
    totals_only: bool = False
    integer_total: bool = True
    total_multiple_of: int = 1
    scorer: Scorer | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.totals_only and len(self.items) != self.n_items:
            raise ValueError(f"{self.code}: n_items does not match the items defined")

    @property
    def risk_items(self) -> dict[int, str]:
        return {item.number: item.risk_flag for item in self.items if item.risk_flag}

    def band_for(self, total: Number | None) -> str:
        if total is None:
            return NO_BANDS
        for band in self.bands:
            if total <= band.maximum:
                return band.label
        return NO_BANDS

    def is_clinical(self, total: Number) -> bool:
        if self.cut_off is None or self.better is None:
            return False
        if self.better == "lower":
            return total >= self.cut_off
        return total <= self.cut_off


INSTRUMENTS: dict[str, Instrument] = {}


def register(instrument: Instrument) -> Instrument:
    INSTRUMENTS[instrument.code] = instrument
    return instrument


def normalise_code(code: object) -> str:
    if not isinstance(code, str):
        raise ValueError(f"Measure code must be text such as 'EPDS', not {code!r}")
    return code.upper().replace("-", "").replace(":", "").replace(" ", "").replace("_", "")


def get(code: str) -> Instrument:
    """Return the registered instrument for ``code`` (case and hyphens ignored)."""
    key = normalise_code(code)
    try:
        return INSTRUMENTS[key]
    except KeyError:
        known = ", ".join(sorted(INSTRUMENTS))
        raise ValueError(f"Unknown measure code {code!r}; use one of: {known}") from None


def reliable_change_index(sd: float, reliability: float) -> float:
    """Jacobson & Truax (1991) threshold: 1.96 * sd * sqrt(2) * sqrt(1 - reliability)."""
    if sd <= 0:
        raise ValueError(f"Standard deviation must be above zero, got {sd}")
    if not 0 <= reliability < 1:
        raise ValueError(f"Reliability must be at least 0 and below 1, got {reliability}")
    return 1.96 * sd * math.sqrt(2) * math.sqrt(1 - reliability)


def round_half_up(value: float, ndigits: int = 0) -> Number:
    """Round halves away from zero (5.5 -> 6), as paper scoring sheets do."""
    quantum = Decimal(1).scaleb(-ndigits)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    return int(rounded) if ndigits == 0 else float(rounded)


def make_items(
    n: int,
    labels: tuple[str, ...],
    forward: tuple[int, ...],
    reverse_items: frozenset[int] = frozenset(),
    risk: dict[int, str] | None = None,
    texts: tuple[str, ...] | None = None,
) -> tuple[Item, ...]:
    """Build ``n`` items sharing one printed option order.

    Reverse-scored items keep the printed order of options but score them in
    the opposite direction.
    """
    risk = risk or {}
    items = []
    for number in range(1, n + 1):
        reverse = number in reverse_items
        scores = tuple(reversed(forward)) if reverse else forward
        items.append(
            Item(
                number=number,
                option_labels=labels,
                scores=scores,
                text=texts[number - 1] if texts else None,
                reverse=reverse,
                risk_flag=risk.get(number),
            )
        )
    return tuple(items)


def score_labels(scores: tuple[int, ...]) -> tuple[str, ...]:
    """Option labels for forms that may show only the scores."""
    return tuple(str(value) for value in scores)


def _check_answer(code: str, item: Item, answer: object) -> int | None:
    top = item.n_options - 1
    if answer is None:
        return None
    if isinstance(answer, bool) or not isinstance(answer, int):
        raise ValueError(
            f"{code} item {item.number}: answer {answer!r} is not an option number; "
            f"choose 0 to {top}, or None if unanswered"
        )
    if not 0 <= answer <= top:
        raise ValueError(
            f"{code} item {item.number}: answer {answer} is out of range; choose 0 to {top}"
        )
    return item.scores[answer]


def _missing_message(instrument: Instrument, missing: list[int]) -> str:
    listed = ", ".join(str(number) for number in missing)
    allowed = instrument.missing.max_missing
    allowance = "none" if allowed == 0 else f"at most {allowed}"
    noun = "item" if len(missing) == 1 else "items"
    return (
        f"{instrument.code}: {noun} {listed} unanswered; {instrument.code} allows "
        f"{allowance} unanswered ({instrument.missing.description}). "
        "Complete the missing answers before scoring."
    )


def item_scores(instrument: Instrument, answers: Answers) -> list[int | None]:
    """Validate answers (option indexes) and convert them to item scores."""
    code = instrument.code
    if isinstance(answers, str | bytes) or not isinstance(answers, Sequence):
        raise ValueError(
            f"{code}: answers must be a list with one entry per item "
            f"({instrument.n_items} items), not {type(answers).__name__}"
        )
    if len(answers) != instrument.n_items:
        raise ValueError(
            f"{code}: expected {instrument.n_items} answers, one per item in printed "
            f"order (None for unanswered), but got {len(answers)}"
        )
    scores = [
        _check_answer(code, item, a) for item, a in zip(instrument.items, answers, strict=True)
    ]
    missing = [item.number for item, s in zip(instrument.items, scores, strict=True) if s is None]
    if len(missing) > instrument.missing.max_missing:
        raise ValueError(_missing_message(instrument, missing))
    return scores


def subscale_value(subscale: Subscale, scores: list[int | None]) -> Number | None:
    """Sum or mean of a subscale's items; None if any of its items is missing."""
    values = [scores[number - 1] for number in subscale.items]
    present = [v for v in values if v is not None]
    if len(present) != len(values):
        return None
    if subscale.method == "mean":
        return round_half_up(sum(present) / len(present), 2)
    return sum(present)


def risk_flags(instrument: Instrument, scores: list[int | None]) -> tuple[str, ...]:
    """Flags for risk items that score above zero, without duplicates."""
    flags: list[str] = []
    for item, value in zip(instrument.items, scores, strict=True):
        if item.risk_flag and value is not None and value > 0 and item.risk_flag not in flags:
            flags.append(item.risk_flag)
    return tuple(flags)


def summed_total(instrument: Instrument, scores: list[int | None]) -> tuple[int, bool]:
    """Sum of item scores, prorated (mean x items, rounded half up) if any are missing."""
    present = [s for s in scores if s is not None]
    if len(present) == len(scores):
        return sum(present), False
    total = round_half_up(sum(present) / len(present) * instrument.n_items)
    return int(total), True


def sum_scorer(instrument: Instrument, scores: list[int | None]) -> Score:
    """Score a measure whose total is the (possibly prorated) sum of its items."""
    total, prorated = summed_total(instrument, scores)
    subscales = {s.key: subscale_value(s, scores) for s in instrument.subscales}
    return Score(
        code=instrument.code,
        total=total,
        subscales=subscales,
        band=instrument.band_for(total),
        flags=risk_flags(instrument, scores),
        missing_items=missing_numbers(scores),
        prorated=prorated,
    )


def missing_numbers(scores: list[int | None]) -> tuple[int, ...]:
    return tuple(index + 1 for index, value in enumerate(scores) if value is None)
