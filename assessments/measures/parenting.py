"""Parenting measures: KPCS, PRFQ and Goal Based Outcomes.

Sources
-------
* KPCS: Crncec, R., Barnett, B. & Matthey, S. (2008) "Development of an
  instrument to assess perceived self-efficacy in the parents of infants",
  Research in Nursing & Health 31, 442-453, and the Karitane Parenting
  Confidence Scale Manual (Crncec, Barnett & Matthey, 2008, Sydney South West
  Area Health Service). 15 items; every item's printed options score 0, 1, 2,
  3 in order (first option 0, from "No, hardly ever" up to "Yes, most of the
  time"). Items 1 and 9 may be answered "not applicable" (infant fed only by
  the partner; no partner), which scores 2; on the forms built from this
  registry that option is printed last (option index 4) on those two items
  only. Total 0-45; 39 or below is the manual's cut-off for low parenting
  confidence. Higher is better. No missing items.
  Reliable change: Jacobson & Truax with Cronbach's alpha 0.81 (Crncec et al.
  2008) and SD 3.5; the SD is an approximate community-sample value that
  could not be checked against the paper, so the 4.23-point threshold should
  be confirmed locally.
* PRFQ: Luyten, P., Mayes, L. C., Nijssens, L. & Fonagy, P. (2017) "The
  parental reflective functioning questionnaire: development and preliminary
  validation", PLoS ONE 12(5), e0176218. 18 items rated 1 (strongly
  disagree) to 7 (strongly agree). Three subscales, each the mean of six
  items: pre-mentalizing (PM) items 1, 4, 7, 10, 13, 16; certainty about
  mental states (CMS) items 2, 5, 8, 11, 14, 17; interest and curiosity (IC)
  items 3, 6, 9, 12, 15, 18. Items 11 and 18 are reverse-scored (8 minus the
  rating), as in the authors' scoring instructions. The item-to-subscale
  pattern matches the published item wording; the reverse-scored items are
  taken from the authors' scoring key as remembered and should be checked
  against the copy of the key the service holds.
  The PRFQ has no total and no published cut-offs, so ``total`` is None.
  Direction: lower PM is better, higher IC is better; CMS has no better
  direction because very low and very high certainty are both read as
  problematic (Luyten et al. 2017). ``change()`` therefore raises for PRFQ;
  compare the subscale means instead. No missing items.
* GBO: Law, D. & Jacob, J. (2015) Goals and Goal Based Outcomes (GBOs): some
  useful information, 3rd edition, CAMHS Press. Up to three goals, each rated
  0-10; unrated goals are None and at least one goal must be rated. The
  total is the mean of the rated goals (2 decimal places). Reliable change of
  2.45 points in the mean goal score: Edbrooke-Childs, J., Jacob, J., Law, D.,
  Deighton, J. & Wolpert, M. (2015) "Interpreting standardized and
  idiographic outcome measures in CAMHS: what does change mean and how does
  it relate to functioning and experience?", Child and Adolescent Mental
  Health 20(3), 142-148. There is no clinical cut-off. Higher is better.
"""

from __future__ import annotations

from assessments.measures.base import (
    NO_BANDS,
    Band,
    Instrument,
    Item,
    MissingRule,
    Score,
    Subscale,
    make_items,
    register,
    reliable_change_index,
    round_half_up,
    score_labels,
    subscale_value,
    sum_scorer,
)

NOT_APPLICABLE = "Not applicable"
KPCS_NA_ITEMS = frozenset({1, 9})
KPCS_NA_SCORE = 2


def _kpcs_items() -> tuple[Item, ...]:
    items = []
    for number in range(1, 16):
        scores: tuple[int, ...] = (0, 1, 2, 3)
        labels = score_labels(scores)
        if number in KPCS_NA_ITEMS:
            scores += (KPCS_NA_SCORE,)
            labels += (NOT_APPLICABLE,)
        items.append(Item(number=number, option_labels=labels, scores=scores))
    return tuple(items)


KPCS = register(
    Instrument(
        code="KPCS",
        name="Karitane Parenting Confidence Scale",
        n_items=15,
        items=_kpcs_items(),
        total_min=0,
        total_max=45,
        better="higher",
        bands=(
            Band("low parenting confidence (clinical range)", 0, 39),
            Band("typical parenting confidence", 40, 45),
        ),
        cut_off=39,
        cut_off_rule="39 or below: low parenting confidence (clinical range)",
        reliable_change=reliable_change_index(3.5, 0.81),
        reliable_change_source=(
            "Jacobson & Truax with alpha 0.81 (Crncec et al. 2008) and SD 3.5 (approximate)"
        ),
        missing=MissingRule(
            0, "every item must be answered; use 'not applicable' on items 1 and 9"
        ),
        time_points=("assessment", "review", "discharge"),
        item_text_allowed=False,
        licence=(
            "Free for clinical and research use provided the scale is not altered and is "
            "fully referenced (KPCS Manual, 2008); item text is not reproduced here."
        ),
        source="Crncec, Barnett & Matthey (2008) Res Nurs Health 31:442-453",
        scorer=sum_scorer,
    )
)

PRFQ_OPTIONS = ("1 strongly disagree", "2", "3", "4 neutral", "5", "6", "7 strongly agree")
PRFQ_SUBSCALES = (
    Subscale("pre_mentalizing", "Pre-mentalizing (PM)", (1, 4, 7, 10, 13, 16), "mean", "lower"),
    Subscale(
        "certainty",
        "Certainty about mental states (CMS)",
        (2, 5, 8, 11, 14, 17),
        "mean",
        None,
        description="very low and very high certainty are both of concern",
    ),
    Subscale(
        "interest_curiosity", "Interest and curiosity (IC)", (3, 6, 9, 12, 15, 18), "mean", "higher"
    ),
)


def prfq_scorer(instrument: Instrument, scores: list[int | None]) -> Score:
    """PRFQ subscale means; the PRFQ has no total score."""
    return Score(
        code=instrument.code,
        total=None,
        subscales={s.key: subscale_value(s, scores) for s in instrument.subscales},
        band="subscale means only (no published cut-offs)",
    )


PRFQ = register(
    Instrument(
        code="PRFQ",
        name="Parental Reflective Functioning Questionnaire",
        n_items=18,
        items=make_items(
            18, PRFQ_OPTIONS, (1, 2, 3, 4, 5, 6, 7), reverse_items=frozenset({11, 18})
        ),
        total_min=None,
        total_max=None,
        better=None,
        bands=(),
        cut_off=None,
        cut_off_rule="no published cut-off",
        reliable_change=None,
        reliable_change_source="none published",
        missing=MissingRule(0, "every item must be answered"),
        subscales=PRFQ_SUBSCALES,
        time_points=("assessment", "discharge"),
        item_text_allowed=False,
        licence="Item text is not reproduced here; use the authors' published form.",
        source="Luyten, Mayes, Nijssens & Fonagy (2017) PLoS ONE 12(5):e0176218",
        integer_total=False,
        scorer=prfq_scorer,
    )
)

GBO_OPTIONS = tuple(str(n) for n in range(11))


def gbo_scorer(instrument: Instrument, scores: list[int | None]) -> Score:
    """Mean of the rated goals; each goal is reported as a subscale."""
    rated = [s for s in scores if s is not None]
    total = round_half_up(sum(rated) / len(rated), 2)
    return Score(
        code=instrument.code,
        total=total,
        subscales={f"goal_{n}": s for n, s in enumerate(scores, start=1)},
        band=NO_BANDS,
        missing_items=tuple(n for n, s in enumerate(scores, start=1) if s is None),
    )


GBO = register(
    Instrument(
        code="GBO",
        name="Goal Based Outcomes",
        n_items=3,
        items=make_items(3, GBO_OPTIONS, tuple(range(11))),
        total_min=0,
        total_max=10,
        better="higher",
        bands=(),
        cut_off=None,
        cut_off_rule="no clinical cut-off",
        reliable_change=2.45,
        reliable_change_source="Edbrooke-Childs et al. (2015) Child Adolesc Ment Health 20:142-148",
        missing=MissingRule(2, "up to three goals; unrated goals are left out of the mean"),
        time_points=("goal setting", "each session", "discharge"),
        item_text_allowed=True,
        licence="Free to use (CORC / CAMHS Press). Goals are written by the family.",
        source="Law & Jacob (2015) Goals and Goal Based Outcomes, 3rd ed., CAMHS Press",
        integer_total=False,
        scorer=gbo_scorer,
    )
)
