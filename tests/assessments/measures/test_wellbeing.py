"""WEMWBS, SWEMWBS and CORE-10 scoring."""

import pytest

from assessments.measures import get, score

SWEMWBS_TABLE = {
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


def likert_answers(raw, n):
    """Option indexes (0 scores 1) whose item scores sum to ``raw``."""
    extra = raw - n
    answers = []
    for _ in range(n):
        step = min(4, extra)
        answers.append(step)
        extra -= step
    return answers


# WEMWBS ---------------------------------------------------------------------


@pytest.mark.parametrize(("answers", "total"), [([0] * 14, 14), ([4] * 14, 70), ([2] * 14, 42)])
def test_wemwbs_extremes(answers, total):
    result = score("WEMWBS", answers)
    assert result.total == total and not result.prorated


@pytest.mark.parametrize("item", range(1, 15))
def test_wemwbs_has_no_reverse_items(item):
    answers = [0] * 14
    answers[item - 1] = 4
    assert score("WEMWBS", answers).total == 18


@pytest.mark.parametrize(
    ("answers", "total"),
    [
        ([None] + [4] * 13, 70),
        ([None, None, None] + [0] * 11, 14),
        ([None] + [1] * 6 + [2] * 7, 36),
        ([None, None] + [2] * 9 + [1] * 3, 39),
        ([None, None] + [1] * 6 + [2] * 6, 35),
        ([None, None, None, 0, 0, 0, 0, 0, 4, 4, 4, 4, 4, 4], 45),
    ],
)
def test_wemwbs_prorates_up_to_three_missing(answers, total):
    result = score("WEMWBS", answers)
    assert result.total == total and result.prorated
    assert result.missing_items == tuple(i + 1 for i, a in enumerate(answers) if a is None)


def test_wemwbs_four_missing_is_rejected():
    with pytest.raises(ValueError, match="WEMWBS: items 1, 5, 9, 14 unanswered; .* at most 3"):
        score("WEMWBS", [None, 0, 0, 0, None, 0, 0, 0, None, 0, 0, 0, 0, None])


@pytest.mark.parametrize(
    ("total", "band", "clinical"),
    [
        (14, "probable depression", True),
        (40, "probable depression", True),
        (41, "possible depression", False),
        (44, "possible depression", False),
        (45, "average wellbeing", False),
        (59, "average wellbeing", False),
        (60, "high wellbeing", False),
        (70, "high wellbeing", False),
    ],
)
def test_wemwbs_bands(total, band, clinical):
    result = score("WEMWBS", likert_answers(total, 14))
    assert (result.total, result.band) == (total, band)
    assert get("WEMWBS").is_clinical(total) is clinical


def test_wemwbs_reports_embedded_swemwbs():
    answers = [0] * 14
    for item in (1, 2, 3, 6, 7, 9, 11):
        answers[item - 1] = 4
    result = score("WEMWBS", answers)
    assert result.subscales == {"swemwbs_raw": 35, "swemwbs_metric": 35.0}


def test_wemwbs_embedded_swemwbs_needs_its_items():
    answers = [0] * 14
    answers[10] = None
    assert score("WEMWBS", answers).subscales == {"swemwbs_raw": None, "swemwbs_metric": None}


def test_wemwbs_missing_non_swemwbs_item_keeps_swemwbs():
    answers = [0] * 14
    answers[3] = None
    assert score("WEMWBS", answers).subscales["swemwbs_raw"] == 7


# SWEMWBS --------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "metric"), sorted(SWEMWBS_TABLE.items()))
def test_swemwbs_conversion_for_every_raw_score(raw, metric):
    result = score("SWEMWBS", likert_answers(raw, 7))
    assert result.subscales == {"raw": raw}
    assert result.total == metric


@pytest.mark.parametrize(
    ("raw", "band"),
    [
        (7, "probable depression"),
        (17, "probable depression"),
        (18, "possible depression"),
        (22, "possible depression"),
        (23, "average wellbeing"),
        (29, "average wellbeing"),
        (30, "high wellbeing"),
        (35, "high wellbeing"),
    ],
)
def test_swemwbs_bands_on_metric_score(raw, band):
    assert score("SWEMWBS", likert_answers(raw, 7)).band == band


@pytest.mark.parametrize(("metric", "clinical"), [(16.88, True), (17.0, True), (17.43, False)])
def test_swemwbs_cut_off(metric, clinical):
    assert get("SWEMWBS").is_clinical(metric) is clinical


def test_swemwbs_no_missing():
    with pytest.raises(ValueError, match="SWEMWBS: item 4 unanswered; SWEMWBS allows none"):
        score("SWEMWBS", [0, 0, 0, None, 0, 0, 0])


# CORE-10 --------------------------------------------------------------------

CORE_REVERSED = {2, 3}


def core_answers(item_scores):
    return [4 - s if n in CORE_REVERSED else s for n, s in enumerate(item_scores, start=1)]


@pytest.mark.parametrize(
    ("answers", "total"),
    [
        ([0, 4, 4, 0, 0, 0, 0, 0, 0, 0], 0),
        ([4, 0, 0, 4, 4, 4, 4, 4, 4, 4], 40),
        ([0] * 10, 8),
        ([4] * 10, 32),
    ],
)
def test_core10_extremes(answers, total):
    assert score("CORE10", answers).total == total


@pytest.mark.parametrize("item", range(1, 11))
def test_core10_each_item_direction(item):
    answers = core_answers([0] * 10)
    answers[item - 1] = 0
    assert score("CORE10", answers).total == (4 if item in CORE_REVERSED else 0)


@pytest.mark.parametrize(
    ("item_scores", "total"),
    [
        ([None, 4, 4, 4, 4, 4, 4, 4, 4, 4], 40),
        ([1, 1, 1, 1, 1, 2, 2, 2, 2, None], 14),
        ([1, 1, 1, 1, 2, 2, 2, 2, 2, None], 16),
        ([0, 0, 0, 0, 0, 0, 0, 0, 1, None], 1),
        ([0, 0, 0, 0, 0, 0, 0, 0, None, 0], 0),
    ],
)
def test_core10_prorates_one_missing(item_scores, total):
    filled = core_answers([s or 0 for s in item_scores])
    answers = [None if s is None else a for s, a in zip(item_scores, filled, strict=True)]
    result = score("CORE10", answers)
    assert result.total == total and result.prorated


def test_core10_two_missing_rejected():
    with pytest.raises(ValueError, match="CORE10: items 2, 7 unanswered; CORE10 allows at most 1"):
        score("CORE10", [0, None, 0, 0, 0, 0, None, 0, 0, 0])


@pytest.mark.parametrize(
    ("total", "band", "clinical"),
    [
        (0, "healthy", False),
        (5, "healthy", False),
        (6, "low level", False),
        (10, "low level", False),
        (11, "mild", True),
        (14, "mild", True),
        (15, "moderate", True),
        (19, "moderate", True),
        (20, "moderate-to-severe", True),
        (24, "moderate-to-severe", True),
        (25, "severe", True),
        (40, "severe", True),
    ],
)
def test_core10_bands(total, band, clinical):
    item_scores = [4] * (total // 4) + ([total % 4] if total % 4 else [])
    item_scores += [0] * (10 - len(item_scores))
    result = score("CORE10", core_answers(item_scores))
    assert (result.total, result.band) == (total, band)
    assert get("CORE10").is_clinical(total) is clinical


@pytest.mark.parametrize(
    ("item_6", "flags"), [(0, ()), (1, ("self_harm_risk",)), (4, ("self_harm_risk",))]
)
def test_core10_item_6_flag(item_6, flags):
    item_scores = [0] * 10
    item_scores[5] = item_6
    assert score("CORE10", core_answers(item_scores)).flags == flags


def test_core10_other_items_do_not_flag():
    item_scores = [4] * 10
    item_scores[5] = 0
    assert score("CORE10", core_answers(item_scores)).flags == ()


def test_core10_prorated_keeps_item_6_flag():
    answers = core_answers([0, 0, 0, 0, 0, 2, 0, 0, 0, 0])
    answers[0] = None
    assert score("CORE10", answers).flags == ("self_harm_risk",)


@pytest.mark.parametrize("code", ["WEMWBS", "SWEMWBS", "CORE10"])
def test_text_not_embedded(code):
    assert not get(code).item_text_allowed
