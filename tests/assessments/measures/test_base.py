"""Registry, validation messages and helpers shared by every measure."""

import ast
import math
import sys
from pathlib import Path

import pytest

from assessments.measures import (
    INSTRUMENTS,
    Instrument,
    MissingRule,
    get,
    reliable_change_index,
    score,
    score_total,
)
from assessments.measures.base import round_half_up

ITEM_CODES = ["EPDS", "PHQ9", "GAD7", "WEMWBS", "SWEMWBS", "CORE10", "KPCS", "PRFQ", "PBQ", "GBO"]
TOTAL_CODES = ["TOPSE", "ASQSE2", "PIRGAS"]
N_ITEMS = {
    "EPDS": 10,
    "PHQ9": 9,
    "GAD7": 7,
    "WEMWBS": 14,
    "SWEMWBS": 7,
    "CORE10": 10,
    "KPCS": 15,
    "PRFQ": 18,
    "PBQ": 25,
    "GBO": 3,
}
N_OPTIONS = {
    "EPDS": 4,
    "PHQ9": 4,
    "GAD7": 4,
    "WEMWBS": 5,
    "SWEMWBS": 5,
    "CORE10": 5,
    "KPCS": 4,
    "PRFQ": 7,
    "PBQ": 6,
    "GBO": 11,
}
MAX_MISSING = {
    "EPDS": 0,
    "PHQ9": 0,
    "GAD7": 0,
    "WEMWBS": 3,
    "SWEMWBS": 0,
    "CORE10": 1,
    "KPCS": 0,
    "PRFQ": 0,
    "PBQ": 0,
    "GBO": 2,
}
PACKAGE = Path(__file__).resolve().parents[3] / "assessments" / "measures"


def test_registry_holds_every_code():
    assert set(ITEM_CODES + TOTAL_CODES) <= set(INSTRUMENTS)


@pytest.mark.parametrize("code", ITEM_CODES)
def test_item_counts_and_option_counts(code):
    instrument = get(code)
    assert instrument.n_items == N_ITEMS[code] == len(instrument.items)
    for item in instrument.items:
        assert len(item.option_labels) == len(item.scores)
    assert {len(i.scores) for i in instrument.items} >= {N_OPTIONS[code]}
    assert instrument.missing.max_missing == MAX_MISSING[code]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("epds", "EPDS"),
        ("PHQ-9", "PHQ9"),
        ("gad-7", "GAD7"),
        ("CORE-10", "CORE10"),
        ("ASQ:SE-2", "ASQSE2"),
        ("PIR-GAS", "PIRGAS"),
        (" swemwbs ", "SWEMWBS"),
    ],
)
def test_get_normalises_codes(given, expected):
    assert get(given).code == expected


@pytest.mark.parametrize(
    "call",
    [
        lambda: get("HADS"),
        lambda: score("HADS", [0]),
        lambda: score_total("HADS", 1),
    ],
)
def test_unknown_code_lists_known_codes(call):
    with pytest.raises(ValueError, match=r"Unknown measure code 'HADS'; use one of: .*EPDS"):
        call()


def test_non_text_code_is_rejected():
    with pytest.raises(ValueError, match="Measure code must be text"):
        get(7)  # type: ignore[arg-type]


@pytest.mark.parametrize("code", ITEM_CODES)
@pytest.mark.parametrize("delta", [-1, 1])
def test_wrong_length_is_rejected(code, delta):
    n = N_ITEMS[code]
    with pytest.raises(ValueError, match=rf"{code}: expected {n} answers, .* got {n + delta}"):
        score(code, [0] * (n + delta))


@pytest.mark.parametrize("code", ITEM_CODES)
@pytest.mark.parametrize("answers", ["0000", None, 3, {0: 1}])
def test_answers_must_be_a_list(code, answers):
    with pytest.raises(ValueError, match=rf"{code}: answers must be a list"):
        score(code, answers)  # type: ignore[arg-type]


@pytest.mark.parametrize("code", ITEM_CODES)
def test_out_of_range_answer_names_the_item(code):
    n, top = N_ITEMS[code], N_OPTIONS[code] - 1
    answers = [0] * n
    answers[n - 1] = top + 1 if code != "KPCS" else 4
    expected = rf"{code} item {n}: answer {answers[n - 1]} is out of range; choose 0 to {top}"
    with pytest.raises(ValueError, match=expected):
        score(code, answers)


@pytest.mark.parametrize("code", ITEM_CODES)
def test_negative_answer_names_the_item(code):
    answers = [0] * N_ITEMS[code]
    answers[1] = -1
    with pytest.raises(ValueError, match=rf"{code} item 2: answer -1 is out of range"):
        score(code, answers)


@pytest.mark.parametrize("code", ITEM_CODES)
@pytest.mark.parametrize("bad", [True, 1.0, "1"])
def test_non_integer_answer_names_the_item(code, bad):
    answers = [0] * N_ITEMS[code]
    answers[0] = bad
    with pytest.raises(ValueError, match=rf"{code} item 1: answer .* is not an option number"):
        score(code, answers)


@pytest.mark.parametrize("code", ITEM_CODES)
def test_more_missing_than_allowed_names_the_items(code):
    n_missing = MAX_MISSING[code] + 1
    answers: list[int | None] = [0] * N_ITEMS[code]
    for index in range(n_missing):
        answers[index] = None
    listed = ", ".join(str(i) for i in range(1, n_missing + 1))
    with pytest.raises(ValueError, match=rf"{code}: items? {listed} unanswered"):
        score(code, answers)


@pytest.mark.parametrize("code", TOTAL_CODES)
def test_score_on_totals_only_code_points_to_score_total(code):
    with pytest.raises(ValueError, match=rf"use score_total\('{code}', total\)"):
        score(code, [10])


@pytest.mark.parametrize("code", ITEM_CODES)
def test_score_total_on_item_code_points_to_score(code):
    with pytest.raises(ValueError, match=rf"use score\('{code}', answers\)"):
        score_total(code, 1)


@pytest.mark.parametrize("code", ITEM_CODES + TOTAL_CODES)
def test_item_text_only_where_allowed(code):
    instrument = get(code)
    has_text = any(item.text for item in instrument.items)
    if not instrument.item_text_allowed:
        assert not has_text
    if has_text:
        assert code in {"PHQ9", "GAD7"}


@pytest.mark.parametrize(
    ("code", "flag_items"),
    [
        ("EPDS", {10}),
        ("PHQ9", {9}),
        ("CORE10", {6}),
        ("PBQ", {18, 24}),
        ("GAD7", set()),
        ("WEMWBS", set()),
        ("SWEMWBS", set()),
        ("KPCS", set()),
        ("PRFQ", set()),
        ("GBO", set()),
    ],
)
def test_risk_items_registered(code, flag_items):
    assert set(get(code).risk_items) == flag_items


@pytest.mark.parametrize(
    ("sd", "reliability", "expected"),
    [(5.0, 0.8, 6.1981), (8.79, 0.91, 7.3094), (3.5, 0.81, 4.2288), (1.0, 0.0, 2.7719)],
)
def test_reliable_change_index(sd, reliability, expected):
    assert math.isclose(reliable_change_index(sd, reliability), expected, abs_tol=1e-4)


@pytest.mark.parametrize(("sd", "reliability"), [(0, 0.8), (-1, 0.8), (5, 1.0), (5, -0.1)])
def test_reliable_change_index_rejects_bad_inputs(sd, reliability):
    with pytest.raises(ValueError):
        reliable_change_index(sd, reliability)


@pytest.mark.parametrize(
    ("value", "ndigits", "expected"),
    [(2.5, 0, 3), (3.5, 0, 4), (2.4999, 0, 2), (0.125, 2, 0.13), (5.555, 2, 5.56)],
)
def test_round_half_up(value, ndigits, expected):
    assert round_half_up(value, ndigits) == expected


def test_instrument_rejects_mismatched_item_count():
    with pytest.raises(ValueError, match="n_items does not match"):
        Instrument(
            code="X",
            name="X",
            n_items=2,
            items=(),
            total_min=0,
            total_max=1,
            better="lower",
            bands=(),
            cut_off=None,
            cut_off_rule="",
            reliable_change=None,
            reliable_change_source="",
            missing=MissingRule(0, ""),
            time_points=(),
            item_text_allowed=False,
            licence="",
            source="",
        )


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_standard_library_only(path):
    allowed = set(sys.stdlib_module_names) | {"assessments"}
    assert _imported_modules(path) <= allowed
