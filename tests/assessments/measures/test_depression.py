"""EPDS, PHQ-9, GAD-7 scoring and NHS Talking Therapies recovery."""

import pytest

from assessments.measures import get, recovery, score

EPDS_REVERSED = {3, 5, 6, 7, 8, 9, 10}


def epds_answers(item_scores):
    """Option indexes for the wanted EPDS item scores (reversed items print 3..0)."""
    return [3 - s if n in EPDS_REVERSED else s for n, s in enumerate(item_scores, start=1)]


# EPDS ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "total"),
    [
        ([0, 0, 3, 0, 3, 3, 3, 3, 3, 3], 0),
        ([3, 3, 0, 3, 0, 0, 0, 0, 0, 0], 30),
        ([0] * 10, 21),
        ([3] * 10, 9),
    ],
)
def test_epds_extremes_and_printed_order(answers, total):
    assert score("EPDS", answers).total == total


@pytest.mark.parametrize("item", range(1, 11))
def test_epds_each_item_direction(item):
    answers = epds_answers([0] * 10)
    answers[item - 1] = 0
    expected = 3 if item in EPDS_REVERSED else 0
    assert score("EPDS", answers).total == expected
    assert get("EPDS").items[item - 1].reverse is (item in EPDS_REVERSED)


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "below threshold"),
        (9, "below threshold"),
        (10, "possible depression"),
        (12, "possible depression"),
        (13, "probable depression"),
        (30, "probable depression"),
    ],
)
def test_epds_band_boundaries(total, band):
    item_scores = [3] * (total // 3) + [total % 3]
    item_scores += [0] * (10 - len(item_scores))
    result = score("EPDS", epds_answers(item_scores[:10]))
    assert (result.total, result.band) == (total, band)


@pytest.mark.parametrize(
    ("item_10_score", "flags"),
    [(0, ()), (1, ("self_harm_risk",)), (2, ("self_harm_risk",)), (3, ("self_harm_risk",))],
)
def test_epds_item_10_flag(item_10_score, flags):
    assert score("EPDS", epds_answers([0] * 9 + [item_10_score])).flags == flags


@pytest.mark.parametrize("item", range(1, 10))
def test_epds_other_items_do_not_flag(item):
    item_scores = [0] * 10
    item_scores[item - 1] = 3
    assert score("EPDS", epds_answers(item_scores)).flags == ()


def test_epds_anxiety_subscale_is_items_3_to_5():
    result = score("EPDS", epds_answers([3, 3, 1, 2, 3, 3, 3, 3, 3, 0]))
    assert result.subscales == {"anxiety_3a": 6}


def test_epds_labels_show_scores_only():
    item_3 = get("EPDS").items[2]
    assert item_3.option_labels == ("3", "2", "1", "0")
    assert item_3.text is None


# PHQ-9 and GAD-7 ------------------------------------------------------------


@pytest.mark.parametrize(("code", "n", "top"), [("PHQ9", 9, 27), ("GAD7", 7, 21)])
def test_phq_gad_extremes(code, n, top):
    assert score(code, [0] * n).total == 0
    assert score(code, [3] * n).total == top


def _answers_for(total, n):
    answers = [3] * (total // 3) + ([total % 3] if total % 3 else [])
    return answers + [0] * (n - len(answers))


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately severe"),
        (19, "moderately severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_phq9_band_boundaries(total, band):
    result = score("PHQ9", _answers_for(total, 9))
    assert (result.total, result.band) == (total, band)


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (21, "severe"),
    ],
)
def test_gad7_band_boundaries(total, band):
    result = score("GAD7", _answers_for(total, 7))
    assert (result.total, result.band) == (total, band)


@pytest.mark.parametrize("answer", [1, 2, 3])
def test_phq9_item_9_flags(answer):
    assert score("PHQ9", [0] * 8 + [answer]).flags == ("self_harm_risk",)


def test_phq9_other_items_do_not_flag():
    assert score("PHQ9", [3] * 8 + [0]).flags == ()


def test_gad7_never_flags():
    assert score("GAD7", [3] * 7).flags == ()


@pytest.mark.parametrize(("code", "n"), [("PHQ9", 9), ("GAD7", 7)])
def test_public_domain_text_and_options(code, n):
    instrument = get(code)
    assert instrument.item_text_allowed
    assert all(item.text for item in instrument.items)
    assert instrument.items[0].option_labels == (
        "Not at all",
        "Several days",
        "More than half the days",
        "Nearly every day",
    )
    assert len(instrument.items) == n


@pytest.mark.parametrize(("code", "cut_off"), [("EPDS", 13), ("PHQ9", 10), ("GAD7", 8)])
def test_cut_offs(code, cut_off):
    instrument = get(code)
    assert instrument.is_clinical(cut_off)
    assert not instrument.is_clinical(cut_off - 1)


# Recovery -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phq", "gad", "recovered", "reliable_recovery", "reliable"),
    [
        ((15, 5), (10, 3), True, True, "improved"),
        ((10, 9), (8, 7), True, False, "no_reliable_change"),
        ((9, 9), (7, 7), None, False, "no_reliable_change"),
        ((15, 12), (5, 3), False, False, "no_reliable_change"),
        ((16, 10), (7, 3), False, False, "improved"),
        ((16, 9), (4, 8), False, False, "no_reliable_change"),
        ((5, 12), (3, 3), None, False, "deteriorated"),
        ((10, 4), (2, 6), True, False, "no_reliable_change"),
        ((9, 3), (8, 7), True, True, "improved"),
        ((12, 7), (12, 9), False, False, "no_reliable_change"),
        ((10, 5), (8, 5), True, False, "no_reliable_change"),
        ((10, 4), (8, 4), True, True, "improved"),
        ((4, 10), (3, 7), None, False, "deteriorated"),
        ((20, 14), (15, 19), False, False, "no_reliable_change"),
    ],
)
def test_recovery(phq, gad, recovered, reliable_recovery, reliable):
    result = recovery(phq[0], phq[1], gad[0], gad[1])
    assert result.recovered is recovered
    assert result.reliable_recovery is reliable_recovery
    assert result.reliable == reliable


def test_recovery_reports_caseness_and_each_change():
    result = recovery(12, 5, 6, 6)
    assert result.caseness_at_start and not result.caseness_at_end
    assert result.phq9.delta == -7 and result.gad7.delta == 0


def test_recovery_validates_ranges():
    with pytest.raises(ValueError, match="PHQ9: post score 28 is outside"):
        recovery(10, 28, 8, 4)
