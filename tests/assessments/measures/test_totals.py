"""Totals-only licensed measures: TOPSE, ASQ:SE-2 and PIR-GAS."""

import pytest

from assessments.measures import change, get, score_total


@pytest.mark.parametrize(
    ("code", "total", "band"),
    [
        ("TOPSE", 0, "no published cut-off"),
        ("TOPSE", 480, "no published cut-off"),
        ("ASQSE2", 0, "compare with the cut-off for the child's age interval"),
        ("ASQSE2", 600, "compare with the cut-off for the child's age interval"),
        ("PIRGAS", 1, "grossly impaired"),
        ("PIRGAS", 100, "well adapted"),
    ],
)
def test_range_limits_accepted(code, total, band):
    result = score_total(code, total)
    assert (result.code, result.total, result.band) == (code, total, band)
    assert result.subscales == {} and result.flags == ()


@pytest.mark.parametrize(
    ("code", "total"),
    [
        ("TOPSE", -1),
        ("TOPSE", 481),
        ("ASQSE2", -5),
        ("ASQSE2", 605),
        ("PIRGAS", 0),
        ("PIRGAS", 101),
    ],
)
def test_out_of_range_total_rejected(code, total):
    with pytest.raises(ValueError, match=rf"{code}: total score {total} is outside"):
        score_total(code, total)


@pytest.mark.parametrize("total", [1, 12, 599])
def test_asqse2_total_must_be_multiple_of_five(total):
    expected = rf"ASQSE2: total {total} is not possible; .*multiple of 5"
    with pytest.raises(ValueError, match=expected):
        score_total("ASQSE2", total)


@pytest.mark.parametrize("total", [12.5, "40", None, True])
def test_totals_must_be_whole_numbers(total):
    with pytest.raises(ValueError, match="PIRGAS: total score"):
        score_total("PIRGAS", total)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (10, "grossly impaired"),
        (11, "severely disordered"),
        (20, "severely disordered"),
        (21, "disordered"),
        (30, "disordered"),
        (31, "significantly disturbed"),
        (40, "significantly disturbed"),
        (41, "disturbed"),
        (50, "disturbed"),
        (51, "distressed"),
        (60, "distressed"),
        (61, "significantly perturbed"),
        (70, "significantly perturbed"),
        (71, "perturbed"),
        (80, "perturbed"),
        (81, "adapted"),
        (90, "adapted"),
        (91, "well adapted"),
    ],
)
def test_pirgas_bands(total, band):
    assert score_total("PIRGAS", total).band == band


@pytest.mark.parametrize(("total", "clinical"), [(40, True), (41, False)])
def test_pirgas_relationship_disorder_cut_off(total, clinical):
    assert get("PIRGAS").is_clinical(total) is clinical


@pytest.mark.parametrize("code", ["TOPSE", "ASQSE2", "PIRGAS"])
def test_totals_only_metadata(code):
    instrument = get(code)
    assert instrument.totals_only and not instrument.item_text_allowed
    assert instrument.items == ()


@pytest.mark.parametrize("code", ["TOPSE", "ASQSE2", "PIRGAS"])
def test_change_needs_threshold(code):
    with pytest.raises(ValueError, match=rf"{code} has no published reliable change threshold"):
        change(code, 40, 60)


@pytest.mark.parametrize(
    ("code", "pre", "post", "reliable", "significant"),
    [
        ("TOPSE", 200, 260, "improved", False),
        ("TOPSE", 260, 200, "deteriorated", False),
        ("ASQSE2", 100, 40, "improved", False),
        ("ASQSE2", 40, 100, "deteriorated", False),
        ("PIRGAS", 40, 50, "improved", True),
        ("PIRGAS", 30, 40, "improved", False),
        ("PIRGAS", 45, 54, "no_reliable_change", False),
    ],
)
def test_change_with_service_threshold(code, pre, post, reliable, significant):
    threshold = 60 if code in {"TOPSE", "ASQSE2"} else 10
    result = change(code, pre, post, threshold=threshold)
    assert result.reliable == reliable
    assert result.clinically_significant is significant
    assert result.delta == post - pre
