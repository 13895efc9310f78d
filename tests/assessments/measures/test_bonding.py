"""Postpartum Bonding Questionnaire scoring."""

import pytest

from assessments.measures import change, get, score

POSITIVE = {1, 4, 8, 9, 11, 16, 22, 25}
SCALES = {
    "scale_1": (1, 2, 6, 7, 8, 9, 10, 12, 13, 15, 16, 17),
    "scale_2": (3, 4, 5, 11, 14, 21, 23),
    "scale_3": (19, 20, 22, 25),
    "scale_4": (18, 24),
}
ALWAYS, NEVER = 0, 5


def pbq_answers(item_scores):
    """Option indexes for wanted item scores (positive items: Always = 0)."""
    return [s if n in POSITIVE else 5 - s for n, s in enumerate(item_scores, start=1)]


def test_pbq_best_and_worst():
    assert score("PBQ", pbq_answers([0] * 25)).total == 0
    worst = score("PBQ", pbq_answers([5] * 25))
    assert worst.total == 125
    assert worst.subscales == {"scale_1": 60, "scale_2": 35, "scale_3": 20, "scale_4": 10}


@pytest.mark.parametrize(("option", "total"), [(ALWAYS, 85), (NEVER, 40)])
def test_pbq_same_option_everywhere(option, total):
    assert score("PBQ", [option] * 25).total == total


@pytest.mark.parametrize("item", range(1, 26))
def test_pbq_each_item_direction(item):
    answers = pbq_answers([0] * 25)
    answers[item - 1] = ALWAYS
    expected = 0 if item in POSITIVE else 5
    assert score("PBQ", answers).total == expected
    assert get("PBQ").items[item - 1].reverse is (item in POSITIVE)


def test_pbq_scales_partition_the_items():
    assigned = sorted(n for items in SCALES.values() for n in items)
    assert assigned == list(range(1, 26))
    assert {s.key: s.items for s in get("PBQ").subscales} == SCALES


@pytest.mark.parametrize("scale", SCALES)
def test_pbq_each_scale_sums_its_items(scale):
    item_scores = [0] * 25
    for n in SCALES[scale]:
        item_scores[n - 1] = 1
    result = score("PBQ", pbq_answers(item_scores))
    expected = {key: (len(items) if key == scale else 0) for key, items in SCALES.items()}
    assert result.subscales == expected


def _scale_at(scale, value):
    item_scores = [0] * 25
    remaining = value
    for n in SCALES[scale]:
        step = min(5, remaining)
        item_scores[n - 1] = step
        remaining -= step
    return score("PBQ", pbq_answers(item_scores))


@pytest.mark.parametrize(
    ("scale", "cut_off", "name"),
    [
        ("scale_1", 12, "impaired bonding (scale 1)"),
        ("scale_2", 13, "rejection and pathological anger (scale 2)"),
        ("scale_3", 10, "infant-focused anxiety (scale 3)"),
        ("scale_4", 2, "incipient abuse (scale 4)"),
    ],
)
def test_pbq_scale_cut_offs(scale, cut_off, name):
    assert _scale_at(scale, cut_off - 1).band == "all scales below cut-off"
    assert _scale_at(scale, cut_off).band == f"high: {name}"


@pytest.mark.parametrize("item", [18, 24])
@pytest.mark.parametrize(("item_score", "flagged"), [(0, False), (1, True), (5, True)])
def test_pbq_safeguarding_flag(item, item_score, flagged):
    item_scores = [0] * 25
    item_scores[item - 1] = item_score
    flags = score("PBQ", pbq_answers(item_scores)).flags
    assert flags == (("safeguarding_risk",) if flagged else ())


def test_pbq_both_risk_items_flag_once():
    item_scores = [0] * 25
    item_scores[17] = item_scores[23] = 3
    assert score("PBQ", pbq_answers(item_scores)).flags == ("safeguarding_risk",)


@pytest.mark.parametrize("item", sorted(set(range(1, 26)) - {18, 24}))
def test_pbq_other_items_do_not_flag(item):
    item_scores = [0] * 25
    item_scores[item - 1] = 5
    assert score("PBQ", pbq_answers(item_scores)).flags == ()


def test_pbq_options_are_printed_frequency_labels():
    assert get("PBQ").items[0].option_labels == (
        "Always",
        "Very often",
        "Quite often",
        "Sometimes",
        "Rarely",
        "Never",
    )


def test_pbq_change_needs_a_threshold():
    with pytest.raises(ValueError, match="PBQ has no published reliable change threshold"):
        change("PBQ", 40, 20)


def test_pbq_change_with_threshold_is_never_clinically_significant():
    result = change("PBQ", 40, 20, threshold=10)
    assert result.reliable == "improved" and not result.clinically_significant
