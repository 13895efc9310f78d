"""Public scoring functions: ``score``, ``score_total`` and ``change``.

Change rules (Jacobson, N. S. & Truax, P. (1991) Journal of Consulting and
Clinical Psychology 59(1), 12-19, as applied in the NHS Talking Therapies
Manual, NHS England, 2024):

* ``delta`` is post minus pre.
* Reliable improvement: the change in the better direction is at least the
  instrument's reliable change threshold (>=, e.g. a PHQ-9 fall of 6 or more).
  Reliable deterioration: the change in the worse direction is at least the
  threshold. Anything smaller is ``no_reliable_change``.
* Clinically significant: a reliable improvement where the pre total is on
  the clinical side of the instrument's cut-off and the post total is on the
  non-clinical side. Measures with no published cut-off never report
  clinically significant change.
"""

from __future__ import annotations

import math

from assessments.measures.base import (
    DETERIORATED,
    IMPROVED,
    NO_RELIABLE_CHANGE,
    Answers,
    Change,
    Instrument,
    Number,
    Score,
    get,
    item_scores,
)


def score(code: str, answers: Answers) -> Score:
    """Score a completed measure from its answers.

    ``answers`` holds one entry per item in printed order: the 0-based index of
    the option chosen, in the order the form prints the options, or ``None``
    where the item was not answered.
    """
    instrument = get(code)
    if instrument.totals_only or instrument.scorer is None:
        raise ValueError(
            f"{instrument.code} is a licensed measure recorded as a total only: "
            f"use score_total({instrument.code!r}, total) instead of item answers"
        )
    return instrument.scorer(instrument, item_scores(instrument, answers))


def score_total(code: str, total: Number) -> Score:
    """Validate and band a total for a measure recorded as a total only."""
    instrument = get(code)
    if not instrument.totals_only:
        raise ValueError(
            f"{instrument.code} is scored from its item answers: "
            f"use score({instrument.code!r}, answers)"
        )
    _check_total(instrument, total, "total")
    step = instrument.total_multiple_of
    if total % step:
        raise ValueError(
            f"{instrument.code}: total {total} is not possible; every item scores a "
            f"multiple of {step}, so the total must be a multiple of {step}"
        )
    return Score(
        code=instrument.code,
        total=int(total),
        subscales={},
        band=instrument.band_for(total),
    )


def _check_total(instrument: Instrument, value: object, which: str) -> None:
    code = instrument.code
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{code}: {which} score {value!r} is not a number")
    low, high = instrument.total_min, instrument.total_max
    if low is None or high is None:
        raise ValueError(f"{code} has no single total score; compare its subscales instead")
    if not low <= value <= high:
        raise ValueError(
            f"{code}: {which} score {value} is outside the possible range {low} to {high}"
        )
    if instrument.integer_total and value != int(value):
        raise ValueError(f"{code}: {which} score {value} must be a whole number")


def _threshold(instrument: Instrument, threshold: float | None) -> float:
    if threshold is not None:
        if isinstance(threshold, bool) or not isinstance(threshold, int | float) or threshold <= 0:
            raise ValueError(f"{instrument.code}: threshold must be a number above zero")
        return float(threshold)
    if instrument.reliable_change is None:
        raise ValueError(
            f"{instrument.code} has no published reliable change threshold; "
            "pass threshold=<points agreed by the service> to change() to compare totals"
        )
    return instrument.reliable_change


def _reliable(improvement: float, threshold: float) -> str:
    improvement = round(improvement, 6)
    if improvement >= round(threshold, 6):
        return IMPROVED
    if -improvement >= round(threshold, 6):
        return DETERIORATED
    return NO_RELIABLE_CHANGE


def change(
    code: str, pre_total: Number, post_total: Number, *, threshold: float | None = None
) -> Change:
    """Compare two totals on the same measure.

    ``threshold`` overrides the instrument's reliable change threshold; it is
    required for measures that have none published.
    """
    instrument = get(code)
    if instrument.better is None:
        raise ValueError(
            f"{instrument.code} has no single total with a better direction; "
            "compare its subscale means instead (see the instrument's subscales)"
        )
    _check_total(instrument, pre_total, "pre")
    _check_total(instrument, post_total, "post")
    points = _threshold(instrument, threshold)
    delta = post_total - pre_total
    if isinstance(delta, float):
        delta = round(delta, 6)
    improvement = -delta if instrument.better == "lower" else delta
    reliable = _reliable(improvement, points)
    significant = (
        reliable == IMPROVED
        and instrument.cut_off is not None
        and instrument.is_clinical(pre_total)
        and not instrument.is_clinical(post_total)
    )
    return Change(
        code=instrument.code,
        pre=pre_total,
        post=post_total,
        delta=delta,
        reliable=reliable,
        clinically_significant=significant,
        threshold=points,
    )


__all__ = ["change", "score", "score_total"]
