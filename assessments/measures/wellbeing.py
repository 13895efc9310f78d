"""Wellbeing and distress measures: WEMWBS, SWEMWBS and CORE-10.

Sources
-------
* WEMWBS: Tennant, R., Hiller, L., Fishwick, R., Platt, S., Joseph, S.,
  Weich, S., Parkinson, J., Secker, J. & Stewart-Brown, S. (2007) "The
  Warwick-Edinburgh Mental Well-being Scale (WEMWBS): development and UK
  validation", Health and Quality of Life Outcomes 5:63. 14 items scored 1-5,
  none reversed, total 14-70.
  Missing items: up to 3 unanswered items are replaced by the mean of the
  answered items (total = mean x 14, rounded half up), following the WEMWBS
  user guide (Stewart-Brown, S. & Janmohamed, K. (2008) WEMWBS User Guide
  v1, NHS Health Scotland / Warwick Medical School); this rule has not been
  verified against the current edition of the guide.
  Bands: probable depression 14-40, possible depression 41-44, average 45-59,
  high 60-70, as given in Warwick Medical School's WEMWBS guidance (cut
  points derived by Bianca, D. (2012) for depression screening).
  Reliable change: Jacobson & Truax from Tennant et al.'s population sample
  (SD 8.79, Cronbach's alpha 0.91) = 7.31 points; these two values have not
  been re-checked against the paper's tables. Maheswaran, H. et al. (2012)
  Health and Quality of Life Outcomes 10:156 give a minimal important
  difference of 3 points, which is a smaller, different quantity.
* SWEMWBS: Stewart-Brown, S., Tennant, A., Tennant, R., Platt, S., Parkinson,
  J. & Weich, S. (2009) "Internal construct validity of the Warwick-Edinburgh
  Mental Well-being Scale (WEMWBS): a Rasch analysis using data from the
  Scottish Health Education Population Survey", Health and Quality of Life
  Outcomes 7:15. Its 7 items are WEMWBS items 1, 2, 3, 6, 7, 9 and 11. The raw
  sum (7-35) is converted to the metric score with Warwick Medical School's
  published SWEMWBS raw-to-metric conversion table. No items may be missing.
  Bands (Warwick guidance): probable depression 17 or below, possible
  depression 18-20, average 21-27, high 28 and above. Metric scores are
  decimals, so each stated upper bound is treated as inclusive and a metric
  score above it falls in the next band (for example 17.43 is "possible
  depression" and 27.03 is "high").
  Reliable change: 2.87 points, the 2.77 x SEM threshold (equivalent to the
  Jacobson & Truax RCI) reported by Shah, N., Cader, M., Andrews, W.,
  Wijesekera, D. & Stewart-Brown, S. (2018) "Responsiveness of the Short
  Warwick Edinburgh Mental Well-Being Scale (SWEMWBS): evaluation a clinical
  sample", Health and Quality of Life Outcomes 16:239.
* CORE-10: Barkham, M., Bewick, B., Mullin, T., Gilbody, S., Connell, J.,
  Cahill, J., Mellor-Clark, J., Richards, D., Unsworth, G. & Evans, C. (2013)
  "The CORE-10: a short measure of psychological distress for routine use in
  the psychological therapies", Counselling and Psychotherapy Research 13(1),
  3-13. 10 items scored 0-4; items 2 and 3 are positively worded and
  reverse-scored. Clinical cut-off 11; severity bands healthy 0-5, low level
  6-10, mild 11-14, moderate 15-19, moderate-to-severe 20-24, severe 25-40.
  At most one item may be missing; the total is then prorated as the mean of
  the answered items x 10, rounded half up (CORE System Trust guidance).
  Reliable change 6 points (Barkham et al. 2013). Item 6 (risk) scoring above
  zero raises ``self_harm_risk``.
"""

from __future__ import annotations

from assessments.measures.base import (
    SELF_HARM_RISK,
    Band,
    Instrument,
    MissingRule,
    Score,
    make_items,
    register,
    reliable_change_index,
    sum_scorer,
)

WELLBEING_OPTIONS = ("None of the time", "Rarely", "Some of the time", "Often", "All of the time")
ONE_TO_FIVE = (1, 2, 3, 4, 5)
WARWICK_LICENCE = (
    "(c) NHS Health Scotland, University of Warwick and University of Edinburgh. Free "
    "to use once registered with Warwick Medical School; item text is licensed and not "
    "reproduced here."
)
SWEMWBS_WEMWBS_ITEMS = (1, 2, 3, 6, 7, 9, 11)

SWEMWBS_METRIC: dict[int, float] = {
    7: 7.00,
    8: 9.51,
    9: 11.25,
    10: 12.40,
    11: 13.33,
    12: 14.08,
    13: 14.75,
    14: 15.32,
    15: 15.84,
    16: 16.36,
    17: 16.88,
    18: 17.43,
    19: 17.98,
    20: 18.59,
    21: 19.25,
    22: 19.98,
    23: 20.73,
    24: 21.54,
    25: 22.35,
    26: 23.21,
    27: 24.11,
    28: 25.03,
    29: 26.02,
    30: 27.03,
    31: 28.13,
    32: 29.31,
    33: 30.70,
    34: 32.55,
    35: 35.00,
}

WELLBEING_TIME_POINTS = ("assessment", "review", "discharge")


def swemwbs_metric(raw: int) -> float:
    """Convert a SWEMWBS raw sum (7-35) to its metric score."""
    try:
        return SWEMWBS_METRIC[raw]
    except KeyError:
        raise ValueError(f"SWEMWBS raw score {raw} is outside 7 to 35") from None


def wemwbs_scorer(instrument: Instrument, scores: list[int | None]) -> Score:
    """WEMWBS total plus the SWEMWBS raw and metric scores embedded in it."""
    result = sum_scorer(instrument, scores)
    short = [scores[number - 1] for number in SWEMWBS_WEMWBS_ITEMS]
    raw = None if None in short else sum(s for s in short if s is not None)
    result.subscales["swemwbs_raw"] = raw
    result.subscales["swemwbs_metric"] = None if raw is None else swemwbs_metric(raw)
    return result


def swemwbs_scorer(instrument: Instrument, scores: list[int | None]) -> Score:
    """SWEMWBS metric score from the raw sum; no items may be missing."""
    raw = sum(s for s in scores if s is not None)
    metric = swemwbs_metric(raw)
    return Score(
        code=instrument.code,
        total=metric,
        subscales={"raw": raw},
        band=instrument.band_for(metric),
    )


WEMWBS = register(
    Instrument(
        code="WEMWBS",
        name="Warwick-Edinburgh Mental Wellbeing Scale",
        n_items=14,
        items=make_items(14, WELLBEING_OPTIONS, ONE_TO_FIVE),
        total_min=14,
        total_max=70,
        better="higher",
        bands=(
            Band("probable depression", 14, 40),
            Band("possible depression", 41, 44),
            Band("average wellbeing", 45, 59),
            Band("high wellbeing", 60, 70),
        ),
        cut_off=40,
        cut_off_rule="40 or below: probable depression (clinical range)",
        reliable_change=reliable_change_index(8.79, 0.91),
        reliable_change_source="Jacobson & Truax from Tennant et al. (2007): SD 8.79, alpha 0.91",
        missing=MissingRule(3, "up to 3 missing items replaced by the mean of the answered items"),
        time_points=WELLBEING_TIME_POINTS,
        item_text_allowed=False,
        licence=WARWICK_LICENCE,
        source="Tennant et al. (2007) Health Qual Life Outcomes 5:63",
        scorer=wemwbs_scorer,
    )
)

SWEMWBS = register(
    Instrument(
        code="SWEMWBS",
        name="Short Warwick-Edinburgh Mental Wellbeing Scale",
        n_items=7,
        items=make_items(7, WELLBEING_OPTIONS, ONE_TO_FIVE),
        total_min=7.0,
        total_max=35.0,
        better="higher",
        bands=(
            Band("probable depression", 7.0, 17.0),
            Band("possible depression", 17.43, 20.0),
            Band("average wellbeing", 20.73, 27.0),
            Band("high wellbeing", 27.03, 35.0),
        ),
        cut_off=17.0,
        cut_off_rule="metric score 17 or below: probable depression (clinical range)",
        reliable_change=2.87,
        reliable_change_source="Shah et al. (2018) Health Qual Life Outcomes 16:239: 2.77 SEM",
        missing=MissingRule(0, "the Rasch conversion needs all 7 items"),
        time_points=WELLBEING_TIME_POINTS,
        item_text_allowed=False,
        licence=WARWICK_LICENCE,
        source="Stewart-Brown et al. (2009) Health Qual Life Outcomes 7:15",
        integer_total=False,
        scorer=swemwbs_scorer,
    )
)

CORE_OPTIONS = ("Not at all", "Only occasionally", "Sometimes", "Often", "Most or all of the time")

CORE10 = register(
    Instrument(
        code="CORE10",
        name="Clinical Outcomes in Routine Evaluation (CORE-10)",
        n_items=10,
        items=make_items(
            10,
            CORE_OPTIONS,
            (0, 1, 2, 3, 4),
            reverse_items=frozenset({2, 3}),
            risk={6: SELF_HARM_RISK},
        ),
        total_min=0,
        total_max=40,
        better="lower",
        bands=(
            Band("healthy", 0, 5),
            Band("low level", 6, 10),
            Band("mild", 11, 14),
            Band("moderate", 15, 19),
            Band("moderate-to-severe", 20, 24),
            Band("severe", 25, 40),
        ),
        cut_off=11,
        cut_off_rule="11 or more: clinical range",
        reliable_change=6.0,
        reliable_change_source="Barkham et al. (2013) Couns Psychother Res 13:3-13: 6 points",
        missing=MissingRule(1, "one missing item: total prorated as mean of answered x 10"),
        time_points=("assessment", "each session", "discharge"),
        item_text_allowed=False,
        licence=(
            "(c) CORE System Trust. Free to copy but not to alter or sell; item text "
            "is not reproduced here."
        ),
        source="Barkham et al. (2013) Counselling and Psychotherapy Research 13(1):3-13",
        scorer=sum_scorer,
    )
)
