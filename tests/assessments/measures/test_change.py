"""Reliable and clinically significant change for every measure with a threshold."""

import math

import pytest

from assessments.measures import change, get

# code, a pre score, the smallest reliable change, the largest unreliable change
# (for whole-number totals, one point below the threshold)
THRESHOLDS = [
    ("EPDS", 20, 4, 3),
    ("PHQ9", 20, 6, 5),
    ("GAD7", 15, 4, 3),
    ("CORE10", 20, 6, 5),
    ("WEMWBS", 40, 8, 7),
    ("SWEMWBS", 20.0, 2.87, 2.86),
    ("KPCS", 30, 5, 4),
    ("GBO", 5.0, 2.45, 2.44),
]
LOWER_IS_BETTER = {"EPDS", "PHQ9", "GAD7", "CORE10", "PBQ", "ASQSE2"}


@pytest.mark.parametrize(
    ("code", "points"),
    [
        ("EPDS", 4.0),
        ("PHQ9", 6.0),
        ("GAD7", 4.0),
        ("CORE10", 6.0),
        ("SWEMWBS", 2.87),
        ("GBO", 2.45),
    ],
)
def test_published_thresholds(code, points):
    assert get(code).reliable_change == points


@pytest.mark.parametrize(("code", "points"), [("WEMWBS", 7.309), ("KPCS", 4.229)])
def test_jacobson_truax_thresholds(code, points):
    assert math.isclose(get(code).reliable_change, points, abs_tol=1e-3)


@pytest.mark.parametrize(
    ("code", "better"),
    [
        ("EPDS", "lower"),
        ("PHQ9", "lower"),
        ("GAD7", "lower"),
        ("CORE10", "lower"),
        ("PBQ", "lower"),
        ("WEMWBS", "higher"),
        ("SWEMWBS", "higher"),
        ("KPCS", "higher"),
        ("GBO", "higher"),
        ("TOPSE", "higher"),
        ("ASQSE2", "lower"),
        ("PIRGAS", "higher"),
        ("PRFQ", None),
    ],
)
def test_direction(code, better):
    assert get(code).better == better


def _signed(code, points):
    return -points if code in LOWER_IS_BETTER else points


@pytest.mark.parametrize(("code", "pre", "reliable", "unreliable"), THRESHOLDS)
def test_improvement_exactly_at_threshold(code, pre, reliable, unreliable):
    post = round(pre + _signed(code, reliable), 2)
    result = change(code, pre, post)
    assert result.reliable == "improved"
    assert math.isclose(result.delta, post - pre, abs_tol=1e-9)


@pytest.mark.parametrize(("code", "pre", "reliable", "unreliable"), THRESHOLDS)
def test_improvement_just_below_threshold(code, pre, reliable, unreliable):
    post = round(pre + _signed(code, unreliable), 2)
    assert change(code, pre, post).reliable == "no_reliable_change"


@pytest.mark.parametrize(("code", "pre", "reliable", "unreliable"), THRESHOLDS)
def test_deterioration_exactly_at_threshold(code, pre, reliable, unreliable):
    post = round(pre - _signed(code, reliable), 2)
    assert change(code, pre, post).reliable == "deteriorated"


@pytest.mark.parametrize(("code", "pre", "reliable", "unreliable"), THRESHOLDS)
def test_deterioration_just_below_threshold(code, pre, reliable, unreliable):
    post = round(pre - _signed(code, unreliable), 2)
    assert change(code, pre, post).reliable == "no_reliable_change"


@pytest.mark.parametrize("code", [row[0] for row in THRESHOLDS])
def test_no_change(code):
    pre = dict((row[0], row[1]) for row in THRESHOLDS)[code]
    result = change(code, pre, pre)
    assert (result.delta, result.reliable, result.clinically_significant) == (
        0,
        "no_reliable_change",
        False,
    )


@pytest.mark.parametrize(
    ("code", "pre", "post", "significant"),
    [
        ("EPDS", 13, 9, True),  # from the cut-off to just below it
        ("EPDS", 12, 8, False),  # started below the cut-off
        ("EPDS", 17, 13, False),  # still at the cut-off
        ("EPDS", 13, 10, False),  # crosses but not reliable
        ("PHQ9", 15, 9, True),
        ("PHQ9", 16, 10, False),
        ("PHQ9", 9, 3, False),
        ("GAD7", 11, 7, True),
        ("GAD7", 12, 8, False),
        ("GAD7", 7, 3, False),
        ("CORE10", 16, 10, True),
        ("CORE10", 17, 11, False),
        ("CORE10", 10, 4, False),
        ("WEMWBS", 40, 48, True),
        ("WEMWBS", 33, 41, True),
        ("WEMWBS", 32, 40, False),
        ("WEMWBS", 41, 49, False),
        ("WEMWBS", 34, 41, False),
        ("SWEMWBS", 16.88, 19.98, True),
        ("SWEMWBS", 17.0, 19.87, True),
        ("SWEMWBS", 14.08, 17.0, False),
        ("SWEMWBS", 17.43, 20.73, False),
        ("KPCS", 39, 44, True),
        ("KPCS", 35, 40, True),
        ("KPCS", 34, 39, False),
        ("KPCS", 40, 45, False),
        ("GBO", 0.0, 10.0, False),
    ],
)
def test_clinically_significant_change(code, pre, post, significant):
    assert change(code, pre, post).clinically_significant is significant


def test_deterioration_across_cut_off_is_not_clinically_significant():
    result = change("EPDS", 9, 13)
    assert result.reliable == "deteriorated" and not result.clinically_significant


@pytest.mark.parametrize(
    ("code", "pre", "post", "message"),
    [
        ("EPDS", -1, 5, "EPDS: pre score -1 is outside the possible range 0 to 30"),
        ("EPDS", 5, 31, "EPDS: post score 31 is outside the possible range 0 to 30"),
        ("PHQ9", 12.5, 5, "PHQ9: pre score 12.5 must be a whole number"),
        ("GAD7", "10", 5, "GAD7: pre score '10' is not a number"),
        ("GAD7", True, 5, "GAD7: pre score True is not a number"),
        ("GAD7", 5, None, "GAD7: post score None is not a number"),
        ("GAD7", 5, float("nan"), "GAD7: post score nan is not a number"),
        ("SWEMWBS", 6.9, 20.0, "SWEMWBS: pre score 6.9 is outside the possible range"),
        ("GBO", 5, 10.5, "GBO: post score 10.5 is outside the possible range 0 to 10"),
        ("WEMWBS", 13, 40, "WEMWBS: pre score 13 is outside the possible range 14 to 70"),
    ],
)
def test_invalid_totals_rejected(code, pre, post, message):
    with pytest.raises(ValueError, match=message):
        change(code, pre, post)


@pytest.mark.parametrize("threshold", [0, -2, True, "4"])
def test_invalid_threshold_rejected(threshold):
    with pytest.raises(ValueError, match="threshold must be a number above zero"):
        change("EPDS", 20, 10, threshold=threshold)


@pytest.mark.parametrize(("threshold", "reliable"), [(5, "improved"), (6, "no_reliable_change")])
def test_threshold_override(threshold, reliable):
    result = change("EPDS", 15, 10, threshold=threshold)
    assert result.reliable == reliable and result.threshold == threshold


def test_unknown_code():
    with pytest.raises(ValueError, match="Unknown measure code 'BDI'"):
        change("BDI", 10, 5)
