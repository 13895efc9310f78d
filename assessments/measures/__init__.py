"""Scoring for the outcome measures used by the PIEW team.

Plain Python with no framework imports. Each instrument's scoring rules and
their published sources are documented in its module:

* ``depression``: EPDS, PHQ-9, GAD-7 and NHS Talking Therapies recovery
* ``wellbeing``: WEMWBS, SWEMWBS, CORE-10
* ``parenting``: KPCS, PRFQ, GBO
* ``bonding``: PBQ
* ``totals``: TOPSE, ASQ:SE-2, PIR-GAS (licensed; totals only)

Use ``score(code, answers)`` for item-level measures, ``score_total(code,
total)`` for totals-only measures and ``change(code, pre, post)`` to compare
two totals. ``get(code)`` and ``INSTRUMENTS`` describe each measure so that
forms can be built from the registry.
"""

from assessments.measures import bonding, parenting, totals, wellbeing  # noqa: F401
from assessments.measures.api import change, score, score_total
from assessments.measures.base import (
    DETERIORATED,
    IMPROVED,
    INSTRUMENTS,
    NO_RELIABLE_CHANGE,
    SAFEGUARDING_RISK,
    SELF_HARM_RISK,
    Band,
    Change,
    Instrument,
    Item,
    MissingRule,
    Score,
    Subscale,
    get,
    reliable_change_index,
)
from assessments.measures.depression import Recovery, recovery

__all__ = [
    "DETERIORATED",
    "IMPROVED",
    "INSTRUMENTS",
    "NO_RELIABLE_CHANGE",
    "SAFEGUARDING_RISK",
    "SELF_HARM_RISK",
    "Band",
    "Change",
    "Instrument",
    "Item",
    "MissingRule",
    "Recovery",
    "Score",
    "Subscale",
    "change",
    "get",
    "recovery",
    "reliable_change_index",
    "score",
    "score_total",
]
