"""Licensed measures recorded as totals only: TOPSE, ASQ:SE-2 and PIR-GAS.

The item content of these measures is licensed, so the case manager stores
only the total worked out on the publisher's own form, via ``score_total``.
None has a published reliable change index, so ``change()`` needs an explicit
``threshold`` for them.

Sources
-------
* TOPSE: Kendall, S. & Bloomfield, L. (2005) "Developing and validating a
  tool to measure parenting self-efficacy", Journal of Advanced Nursing
  51(2), 174-181. 48 items rated 0-10 in eight six-item scales; total 0-480,
  higher is better. No clinical cut-off is published.
* ASQ:SE-2: Squires, J., Bricker, D. & Twombly, E. (2015) Ages & Stages
  Questionnaires: Social-Emotional, Second Edition (ASQ:SE-2) User's Guide,
  Paul H. Brookes. Items score 0, 5 or 10, plus 5 where the parent marks a
  concern, so every total is a multiple of 5; higher totals mean more
  concern (lower is better). Cut-offs and the maximum differ by age interval
  (2 to 60 months), so the band asks the practitioner to compare with the
  cut-off for the child's interval. The upper limit accepted here (600) is a
  plausibility check, not a published maximum, and ``n_items`` is 0 because
  the number of items also differs by interval.
* PIR-GAS: ZERO TO THREE (2005) Diagnostic Classification of Mental Health
  and Developmental Disorders of Infancy and Early Childhood, Revised Edition
  (DC:0-3R), Parent-Infant Relationship Global Assessment Scale: 1-100 in
  ten-point bands from "grossly impaired" (1-10) to "well adapted" (91-100);
  40 or below indicates a relationship disorder. DC:0-5 (ZERO TO THREE,
  2016) replaced PIR-GAS with a relationship-specific axis; the DC:0-3R
  bands are kept for services that still record PIR-GAS.
"""

from __future__ import annotations

from assessments.measures.base import (
    Band,
    Instrument,
    MissingRule,
    register,
)

TOTAL_ONLY = MissingRule(0, "record the total from the publisher's scoring sheet")

TOPSE = register(
    Instrument(
        code="TOPSE",
        name="Tool to measure Parenting Self-Efficacy",
        n_items=48,
        items=(),
        total_min=0,
        total_max=480,
        better="higher",
        bands=(Band("no published cut-off", 0, 480),),
        cut_off=None,
        cut_off_rule="no published cut-off",
        reliable_change=None,
        reliable_change_source="none published",
        missing=TOTAL_ONLY,
        time_points=("assessment", "discharge"),
        item_text_allowed=False,
        licence="Licensed; record the total only.",
        source="Kendall & Bloomfield (2005) J Adv Nurs 51(2):174-181",
        totals_only=True,
    )
)

ASQSE2 = register(
    Instrument(
        code="ASQSE2",
        name="Ages & Stages Questionnaires: Social-Emotional, Second Edition",
        n_items=0,
        items=(),
        total_min=0,
        total_max=600,
        better="lower",
        bands=(Band("compare with the cut-off for the child's age interval", 0, 600),),
        cut_off=None,
        cut_off_rule="cut-off depends on the age interval (ASQ:SE-2 User's Guide)",
        reliable_change=None,
        reliable_change_source="none published",
        missing=TOTAL_ONLY,
        time_points=tuple(f"{months} months" for months in (2, 6, 12, 18, 24, 30, 36, 48, 60)),
        item_text_allowed=False,
        licence="(c) Paul H. Brookes Publishing; licensed, record the total only.",
        source="Squires, Bricker & Twombly (2015) ASQ:SE-2 User's Guide, Brookes",
        totals_only=True,
        total_multiple_of=5,
    )
)

PIRGAS_BANDS = (
    Band("grossly impaired", 1, 10),
    Band("severely disordered", 11, 20),
    Band("disordered", 21, 30),
    Band("significantly disturbed", 31, 40),
    Band("disturbed", 41, 50),
    Band("distressed", 51, 60),
    Band("significantly perturbed", 61, 70),
    Band("perturbed", 71, 80),
    Band("adapted", 81, 90),
    Band("well adapted", 91, 100),
)

PIRGAS = register(
    Instrument(
        code="PIRGAS",
        name="Parent-Infant Relationship Global Assessment Scale",
        n_items=1,
        items=(),
        total_min=1,
        total_max=100,
        better="higher",
        bands=PIRGAS_BANDS,
        cut_off=40,
        cut_off_rule="40 or below: relationship disorder (DC:0-3R)",
        reliable_change=None,
        reliable_change_source="none published",
        missing=TOTAL_ONLY,
        time_points=("assessment", "review", "discharge"),
        item_text_allowed=False,
        licence="(c) ZERO TO THREE; clinician rating recorded as a single score.",
        source="ZERO TO THREE (2005) DC:0-3R",
        totals_only=True,
    )
)
