"""Depression and anxiety measures: EPDS, PHQ-9 and GAD-7, and IAPT-style recovery.

Sources
-------
* EPDS: Cox, J. L., Holden, J. M. & Sagovsky, R. (1987) "Detection of postnatal
  depression: development of the 10-item Edinburgh Postnatal Depression
  Scale", British Journal of Psychiatry 150, 782-786. Items 1, 2 and 4 score
  0-3 in printed order; items 3 and 5-10 are reverse-scored (3-0). Bands
  follow the two thresholds Cox et al. report: 10 or more (possible
  depression) and 13 or more (probable depression). Reliable change of
  4 points: Matthey, S. (2004) "Calculating clinically significant change in
  postnatal depression studies using the Edinburgh Postnatal Depression
  Scale", Journal of Affective Disorders 78, 269-272. The EPDS-3A anxiety
  subscale (items 3, 4, 5) is from Matthey, S. (2008) "Using the Edinburgh
  Postnatal Depression Scale to screen for anxiety disorders", Depression and
  Anxiety 25, 926-931; it is reported as a sum without a cut-off here.
* PHQ-9: Kroenke, K., Spitzer, R. L. & Williams, J. B. W. (2001) "The PHQ-9:
  validity of a brief depression severity measure", Journal of General
  Internal Medicine 16, 606-613 (severity bands 0-4/5-9/10-14/15-19/20-27).
* GAD-7: Spitzer, R. L., Kroenke, K., Williams, J. B. W. & Lowe, B. (2006) "A
  brief measure for assessing generalized anxiety disorder: the GAD-7",
  Archives of Internal Medicine 166, 1092-1097 (bands 0-4/5-9/10-14/15-21).
* Caseness (PHQ-9 >= 10, GAD-7 >= 8), reliable change (PHQ-9 6 points, GAD-7
  4 points) and the recovery definitions: NHS England (2024) "NHS Talking
  Therapies for anxiety and depression manual", v7, and the NHS Talking
  Therapies data set definitions.

Missing items: none of these three measures is scored with an item missing.
Neither Cox et al. nor the NHS Talking Therapies manual gives a proration
rule that this service relies on, so an incomplete form must be completed
before it is scored.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessments.measures.api import change
from assessments.measures.base import (
    DETERIORATED,
    IMPROVED,
    NO_RELIABLE_CHANGE,
    SELF_HARM_RISK,
    Band,
    Change,
    Instrument,
    Item,
    MissingRule,
    Number,
    Subscale,
    make_items,
    register,
    score_labels,
    sum_scorer,
)

NO_MISSING = MissingRule(0, "every item must be answered for a valid total")
TWO_WEEKS_STEM = (
    "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
)
FREQUENCY_OPTIONS = ("Not at all", "Several days", "More than half the days", "Nearly every day")
ZERO_TO_THREE = (0, 1, 2, 3)
SESSION_TIME_POINTS = ("assessment", "each session", "discharge")

EPDS_REVERSED = frozenset({3, 5, 6, 7, 8, 9, 10})


def _epds_items() -> tuple[Item, ...]:
    items = []
    for number in range(1, 11):
        reverse = number in EPDS_REVERSED
        scores = (3, 2, 1, 0) if reverse else ZERO_TO_THREE
        items.append(
            Item(
                number=number,
                option_labels=score_labels(scores),
                scores=scores,
                reverse=reverse,
                risk_flag=SELF_HARM_RISK if number == 10 else None,
            )
        )
    return tuple(items)


EPDS = register(
    Instrument(
        code="EPDS",
        name="Edinburgh Postnatal Depression Scale",
        n_items=10,
        items=_epds_items(),
        total_min=0,
        total_max=30,
        better="lower",
        bands=(
            Band("below threshold", 0, 9),
            Band("possible depression", 10, 12),
            Band("probable depression", 13, 30),
        ),
        cut_off=13,
        cut_off_rule="13 or more: probable depression (clinical range)",
        reliable_change=4.0,
        reliable_change_source="Matthey (2004) J Affect Disord 78:269-272: change of 4 or more",
        missing=NO_MISSING,
        subscales=(Subscale("anxiety_3a", "EPDS-3A anxiety subscale", (3, 4, 5), "sum", "lower"),),
        time_points=("antenatal", "postnatal", "assessment", "review", "discharge"),
        item_text_allowed=False,
        licence=(
            "(c) 1987 The Royal College of Psychiatrists. Clinicians may photocopy the "
            "scale for their own use; republication in any medium needs written "
            "permission, so forms show item numbers and scores only."
        ),
        source="Cox, Holden & Sagovsky (1987) Br J Psychiatry 150:782-786",
        scorer=sum_scorer,
    )
)

PHQ9_TEXTS = (
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself - or that you are a failure or have let yourself "
    "or your family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite - "
    "being so fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
)

PFIZER_LICENCE = (
    "Developed by Drs Robert L. Spitzer, Janet B. W. Williams, Kurt Kroenke and "
    "colleagues with an educational grant from Pfizer Inc. No permission is required "
    "to reproduce, translate, display or distribute."
)

PHQ9 = register(
    Instrument(
        code="PHQ9",
        name="Patient Health Questionnaire (PHQ-9)",
        n_items=9,
        items=make_items(
            9, FREQUENCY_OPTIONS, ZERO_TO_THREE, risk={9: SELF_HARM_RISK}, texts=PHQ9_TEXTS
        ),
        total_min=0,
        total_max=27,
        better="lower",
        bands=(
            Band("minimal", 0, 4),
            Band("mild", 5, 9),
            Band("moderate", 10, 14),
            Band("moderately severe", 15, 19),
            Band("severe", 20, 27),
        ),
        cut_off=10,
        cut_off_rule="10 or more: caseness (NHS Talking Therapies)",
        reliable_change=6.0,
        reliable_change_source="NHS Talking Therapies manual (2024): change of 6 or more",
        missing=NO_MISSING,
        time_points=SESSION_TIME_POINTS,
        item_text_allowed=True,
        licence=PFIZER_LICENCE,
        source="Kroenke, Spitzer & Williams (2001) J Gen Intern Med 16:606-613",
        stem=TWO_WEEKS_STEM,
        scorer=sum_scorer,
    )
)

GAD7_TEXTS = (
    "Feeling nervous, anxious or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid as if something awful might happen",
)

GAD7 = register(
    Instrument(
        code="GAD7",
        name="Generalised Anxiety Disorder Assessment (GAD-7)",
        n_items=7,
        items=make_items(7, FREQUENCY_OPTIONS, ZERO_TO_THREE, texts=GAD7_TEXTS),
        total_min=0,
        total_max=21,
        better="lower",
        bands=(
            Band("minimal", 0, 4),
            Band("mild", 5, 9),
            Band("moderate", 10, 14),
            Band("severe", 15, 21),
        ),
        cut_off=8,
        cut_off_rule="8 or more: caseness (NHS Talking Therapies)",
        reliable_change=4.0,
        reliable_change_source="NHS Talking Therapies manual (2024): change of 4 or more",
        missing=NO_MISSING,
        time_points=SESSION_TIME_POINTS,
        item_text_allowed=True,
        licence=PFIZER_LICENCE,
        source="Spitzer, Kroenke, Williams & Lowe (2006) Arch Intern Med 166:1092-1097",
        stem=TWO_WEEKS_STEM,
        scorer=sum_scorer,
    )
)


@dataclass(frozen=True)
class Recovery:
    """Recovery across PHQ-9 and GAD-7, as NHS Talking Therapies defines it.

    ``recovered`` is None when neither measure was at caseness at the start,
    because recovery cannot be assessed for someone who was not a case.
    """

    recovered: bool | None
    reliable_recovery: bool
    reliable: str
    caseness_at_start: bool
    caseness_at_end: bool
    phq9: Change
    gad7: Change


def combined_reliable(first: Change, second: Change) -> str:
    """Reliable improvement on at least one measure and no reliable deterioration on
    either is improvement; reliable deterioration on at least one and improvement on
    neither is deterioration; anything else (including mixed results) is no change.
    """
    verdicts = {first.reliable, second.reliable}
    if IMPROVED in verdicts and DETERIORATED not in verdicts:
        return IMPROVED
    if DETERIORATED in verdicts and IMPROVED not in verdicts:
        return DETERIORATED
    return NO_RELIABLE_CHANGE


def recovery(phq9_pre: Number, phq9_post: Number, gad7_pre: Number, gad7_post: Number) -> Recovery:
    """NHS Talking Therapies recovery, reliable improvement and reliable recovery.

    Definitions (NHS England (2024) NHS Talking Therapies for anxiety and
    depression manual, v7):

    * Caseness: PHQ-9 of 10 or more, or GAD-7 (the default anxiety measure) of
      8 or more.
    * Recovery: at caseness at the start on either measure, and not at caseness
      on both measures at the end.
    * Reliable improvement: a reliable fall (PHQ-9 >= 6, GAD-7 >= 4) on at
      least one measure and no reliable deterioration on the other.
    * Reliable recovery: recovered and reliably improved.
    """
    phq = change("PHQ9", phq9_pre, phq9_post)
    gad = change("GAD7", gad7_pre, gad7_post)
    start_case = PHQ9.is_clinical(phq9_pre) or GAD7.is_clinical(gad7_pre)
    end_case = PHQ9.is_clinical(phq9_post) or GAD7.is_clinical(gad7_post)
    recovered = (not end_case) if start_case else None
    reliable = combined_reliable(phq, gad)
    return Recovery(
        recovered=recovered,
        reliable_recovery=bool(recovered) and reliable == IMPROVED,
        reliable=reliable,
        caseness_at_start=start_case,
        caseness_at_end=end_case,
        phq9=phq,
        gad7=gad,
    )
