"""KPCS, PRFQ and Goal Based Outcomes scoring."""

import pytest

from assessments.measures import change, get, score

# KPCS -----------------------------------------------------------------------


@pytest.mark.parametrize(("answers", "total"), [([0] * 15, 0), ([3] * 15, 45), ([1] * 15, 15)])
def test_kpcs_extremes(answers, total):
    assert score("KPCS", answers).total == total


@pytest.mark.parametrize("item", range(1, 16))
def test_kpcs_options_score_in_printed_order(item):
    for option in range(4):
        answers = [0] * 15
        answers[item - 1] = option
        assert score("KPCS", answers).total == option


@pytest.mark.parametrize("item", [1, 9])
def test_kpcs_not_applicable_scores_two(item):
    answers = [3] * 15
    answers[item - 1] = 4
    assert score("KPCS", answers).total == 44
    assert get("KPCS").items[item - 1].option_labels[4] == "Not applicable"


def test_kpcs_both_not_applicable():
    answers = [0] * 15
    answers[0] = answers[8] = 4
    assert score("KPCS", answers).total == 4


@pytest.mark.parametrize("item", [2, 3, 8, 10, 15])
def test_kpcs_not_applicable_only_on_items_1_and_9(item):
    answers = [0] * 15
    answers[item - 1] = 4
    expected = rf"KPCS item {item}: answer 4 is out of range; choose 0 to 3"
    with pytest.raises(ValueError, match=expected):
        score("KPCS", answers)


@pytest.mark.parametrize(
    ("total", "band", "clinical"),
    [
        (0, "low parenting confidence (clinical range)", True),
        (39, "low parenting confidence (clinical range)", True),
        (40, "typical parenting confidence", False),
        (45, "typical parenting confidence", False),
    ],
)
def test_kpcs_cut_off(total, band, clinical):
    answers = [3] * (total // 3) + ([total % 3] if total % 3 else [])
    answers += [0] * (15 - len(answers))
    result = score("KPCS", answers)
    assert (result.total, result.band) == (total, band)
    assert get("KPCS").is_clinical(total) is clinical


def test_kpcs_no_missing():
    with pytest.raises(ValueError, match="KPCS: item 9 unanswered"):
        score("KPCS", [0] * 8 + [None] + [0] * 6)


# PRFQ -----------------------------------------------------------------------

PM = (1, 4, 7, 10, 13, 16)
CMS = (2, 5, 8, 11, 14, 17)
IC = (3, 6, 9, 12, 15, 18)
PRFQ_REVERSED = {11, 18}


def prfq_answers(ratings):
    """Option indexes giving the wanted 1-7 scored values (reversed items print 7..1)."""
    return [(7 - r if n in PRFQ_REVERSED else r - 1) for n, r in enumerate(ratings, start=1)]


def test_prfq_subscale_means_and_no_total():
    ratings = [0] * 18
    for n in PM:
        ratings[n - 1] = 2
    for n in CMS:
        ratings[n - 1] = 4
    for n in IC:
        ratings[n - 1] = 6
    result = score("PRFQ", prfq_answers(ratings))
    assert result.total is None
    assert result.subscales == {"pre_mentalizing": 2.0, "certainty": 4.0, "interest_curiosity": 6.0}


@pytest.mark.parametrize(("option", "expected"), [(0, 1.0), (6, 7.0)])
def test_prfq_extremes_without_reversal(option, expected):
    result = score("PRFQ", [option] * 18)
    assert result.subscales["pre_mentalizing"] == expected


@pytest.mark.parametrize("item", range(1, 19))
def test_prfq_each_item_direction(item):
    answers = [0] * 18
    answers[item - 1] = 6
    result = score("PRFQ", answers)
    key = "pre_mentalizing" if item in PM else "certainty" if item in CMS else "interest_curiosity"
    baseline = {"pre_mentalizing": 1.0, "certainty": 2.0, "interest_curiosity": 2.0}
    step = -1 if item in PRFQ_REVERSED else 1
    assert result.subscales[key] == baseline[key] + step


def test_prfq_means_round_to_two_places():
    ratings = [1] * 18
    ratings[0] = 2
    assert score("PRFQ", prfq_answers(ratings)).subscales["pre_mentalizing"] == 1.17


def test_prfq_change_raises():
    with pytest.raises(ValueError, match="PRFQ has no single total"):
        change("PRFQ", 1, 2)


def test_prfq_subscale_directions():
    better = {s.key: s.better for s in get("PRFQ").subscales}
    assert better == {"pre_mentalizing": "lower", "certainty": None, "interest_curiosity": "higher"}


# GBO ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "total", "subscales"),
    [
        ([0, 0, 0], 0, {"goal_1": 0, "goal_2": 0, "goal_3": 0}),
        ([10, 10, 10], 10, {"goal_1": 10, "goal_2": 10, "goal_3": 10}),
        ([3, None, 8], 5.5, {"goal_1": 3, "goal_2": None, "goal_3": 8}),
        ([None, None, 7], 7, {"goal_1": None, "goal_2": None, "goal_3": 7}),
        ([1, 2, 2], 1.67, {"goal_1": 1, "goal_2": 2, "goal_3": 2}),
    ],
)
def test_gbo_mean_of_rated_goals(answers, total, subscales):
    result = score("GBO", answers)
    assert result.total == total
    assert result.subscales == subscales


def test_gbo_needs_one_rated_goal():
    with pytest.raises(ValueError, match="GBO: items 1, 2, 3 unanswered; GBO allows at most 2"):
        score("GBO", [None, None, None])


def test_gbo_rating_above_ten_names_goal():
    with pytest.raises(ValueError, match="GBO item 2: answer 11 is out of range; choose 0 to 10"):
        score("GBO", [5, 11, None])
