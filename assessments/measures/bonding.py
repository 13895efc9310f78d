"""Postpartum Bonding Questionnaire (PBQ).

Sources
-------
* Brockington, I. F., Oates, J., George, S., Turner, D., Vostanis, P.,
  Sullivan, M., Loh, C. & Murdoch, C. (2001) "A screening questionnaire for
  mother-infant bonding disorders", Archives of Women's Mental Health 3,
  133-140.
* Brockington, I. F., Fraser, C. & Wilson, D. (2006) "The Postpartum Bonding
  Questionnaire: a validation", Archives of Women's Mental Health 9, 233-242.

Scoring: 25 items, options printed "Always, Very often, Quite often,
Sometimes, Rarely, Never". Negatively worded items score Always = 5 ...
Never = 0; the positively worded items (1, 4, 8, 9, 11, 16, 22, 25) are
reverse-scored, Always = 0 ... Never = 5, so higher is worse throughout.
Total 0-125.

Scales (Brockington et al. 2001) with the 2006 cut-offs (score at or above the
cut-off is "high"):

* Scale 1, impaired bonding (general factor): items 1, 2, 6, 7, 8, 9, 10, 12,
  13, 15, 16, 17; high at 12 or more.
* Scale 2, rejection and pathological anger: items 3, 4, 5, 11, 14, 21, 23;
  high at 13 or more (the 2001 paper used 17).
* Scale 3, infant-focused anxiety: items 19, 20, 22, 25; high at 10 or more.
* Scale 4, incipient abuse: items 18, 24; high at 2 or more (the 2001 paper
  used 3).

The PBQ is interpreted by scale; there is no validated total cut-off, so
``band`` names the scales at or above their cut-offs and change on the total
is never reported as clinically significant. No reliable change index has
been published, so ``change()`` needs an explicit ``threshold``.

Safeguarding: items 18 and 24 make up the incipient-abuse scale, which
Brockington et al. describe as signalling a need for urgent enquiry. This
service reads any endorsement of either item, that is any answer other than
"Never" (item score above zero), as raising ``safeguarding_risk``; this is
more sensitive than the scale 4 cut-off and is a local interpretation.

Missing items: none; Brockington et al. give no proration rule.
"""

from __future__ import annotations

from assessments.measures.base import (
    SAFEGUARDING_RISK,
    Band,
    Instrument,
    MissingRule,
    Score,
    Subscale,
    make_items,
    register,
    sum_scorer,
)

PBQ_OPTIONS = ("Always", "Very often", "Quite often", "Sometimes", "Rarely", "Never")
PBQ_POSITIVE_ITEMS = frozenset({1, 4, 8, 9, 11, 16, 22, 25})
ALWAYS_FIVE = (5, 4, 3, 2, 1, 0)

PBQ_SCALES = (
    Subscale(
        "scale_1",
        "Impaired bonding",
        (1, 2, 6, 7, 8, 9, 10, 12, 13, 15, 16, 17),
        "sum",
        "lower",
        12,
    ),
    Subscale(
        "scale_2", "Rejection and pathological anger", (3, 4, 5, 11, 14, 21, 23), "sum", "lower", 13
    ),
    Subscale("scale_3", "Infant-focused anxiety", (19, 20, 22, 25), "sum", "lower", 10),
    Subscale("scale_4", "Incipient abuse", (18, 24), "sum", "lower", 2),
)


def pbq_band(score: Score) -> str:
    """Name the PBQ scales that are at or above their cut-offs."""
    high = [
        f"{scale.name.lower()} (scale {scale.key[-1]})"
        for scale in PBQ_SCALES
        if scale.cut_off is not None and (score.subscales[scale.key] or 0) >= scale.cut_off
    ]
    if not high:
        return "all scales below cut-off"
    return "high: " + "; ".join(high)


def pbq_scorer(instrument: Instrument, scores: list[int | None]) -> Score:
    """Total, the four scale scores and a band naming any high scales."""
    result = sum_scorer(instrument, scores)
    return Score(
        code=result.code,
        total=result.total,
        subscales=result.subscales,
        band=pbq_band(result),
        flags=result.flags,
    )


PBQ = register(
    Instrument(
        code="PBQ",
        name="Postpartum Bonding Questionnaire",
        n_items=25,
        items=make_items(
            25,
            PBQ_OPTIONS,
            ALWAYS_FIVE,
            reverse_items=PBQ_POSITIVE_ITEMS,
            risk={18: SAFEGUARDING_RISK, 24: SAFEGUARDING_RISK},
        ),
        total_min=0,
        total_max=125,
        better="lower",
        bands=(Band("see scale scores", 0, 125),),
        cut_off=None,
        cut_off_rule="interpreted by scale: scale 1 >= 12, scale 2 >= 13, scale 3 >= 10, "
        "scale 4 >= 2 (Brockington et al. 2006)",
        reliable_change=None,
        reliable_change_source="none published",
        missing=MissingRule(0, "every item must be answered"),
        subscales=PBQ_SCALES,
        time_points=("postnatal", "assessment", "review", "discharge"),
        item_text_allowed=False,
        licence=(
            "Free to use without a licence (Royal College of Psychiatrists CR216, 2018); "
            "by team policy item text is not reproduced here."
        ),
        source="Brockington et al. (2001) Arch Womens Ment Health 3:133-140; (2006) 9:233-242",
        scorer=pbq_scorer,
    )
)
