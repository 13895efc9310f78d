"""Property-based checks across every item-level measure."""

import pytest

from assessments.measures import change, get, score

hypothesis = pytest.importorskip("hypothesis")
st = hypothesis.strategies
given = hypothesis.given

ITEM_CODES = ["EPDS", "PHQ9", "GAD7", "WEMWBS", "SWEMWBS", "CORE10", "KPCS", "PRFQ", "PBQ", "GBO"]
MIRROR_CODES = ["EPDS", "PHQ9", "GAD7", "WEMWBS", "CORE10", "PBQ"]
CHANGE_CODES = ["EPDS", "PHQ9", "GAD7", "WEMWBS", "CORE10", "KPCS"]
KNOWN_FLAGS = {"self_harm_risk", "safeguarding_risk"}


@st.composite
def valid_answers(draw, code):
    instrument = get(code)
    answers = [draw(st.integers(0, item.n_options - 1)) for item in instrument.items]
    n_missing = draw(st.integers(0, instrument.missing.max_missing))
    missing = draw(st.permutations(range(instrument.n_items)))[:n_missing]
    for index in missing:
        answers[index] = None
    return code, answers


@given(st.sampled_from(ITEM_CODES).flatmap(valid_answers))
def test_any_valid_answers_score_within_range(case):
    code, answers = case
    instrument = get(code)
    result = score(code, answers)
    assert isinstance(result.band, str) and result.band
    assert set(result.flags) <= KNOWN_FLAGS
    if result.total is None:
        assert all(1 <= v <= 7 for v in result.subscales.values())
    else:
        assert instrument.total_min <= result.total <= instrument.total_max


@given(st.sampled_from(MIRROR_CODES).flatmap(valid_answers))
def test_mirrored_answers_sum_to_the_range(case):
    code, answers = case
    instrument = get(code)
    if None in answers:
        return
    mirrored = [item.n_options - 1 - a for item, a in zip(instrument.items, answers, strict=True)]
    total = score(code, answers).total + score(code, mirrored).total
    assert total == instrument.total_min + instrument.total_max


@given(st.sampled_from(CHANGE_CODES), st.data())
def test_change_is_antisymmetric(code, data):
    instrument = get(code)
    pre = data.draw(st.integers(instrument.total_min, instrument.total_max))
    post = data.draw(st.integers(instrument.total_min, instrument.total_max))
    forward, backward = change(code, pre, post), change(code, post, pre)
    assert forward.delta == post - pre == -backward.delta
    opposite = {
        "improved": "deteriorated",
        "deteriorated": "improved",
        "no_reliable_change": "no_reliable_change",
    }
    assert backward.reliable == opposite[forward.reliable]
    assert not (forward.clinically_significant and forward.reliable != "improved")
