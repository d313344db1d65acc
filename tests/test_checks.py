"""helpers.checks: hashing, verdicts, answer keys, and each exercise's typical mistakes."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import ROOT
from helpers import checks
from helpers.checks import answer_hash, evaluate, exercises, key_entry

MISTAKES_DIR = ROOT / "tests" / "mistakes"


@pytest.fixture
def key_dir(tmp_path: Path) -> Path:
    entries = {
        "99.1": key_entry("99.1", 4, "int", hint="Count again.",
                          mistakes=[(3, "labels.max() is one less than the count.")]),
        "99.2": key_entry("99.2", 0.681, "float", digits=3, hint="Use the silhouette.",
                          mistakes=[(0.553, "That is the score at k = 3.")]),
        "99.3": key_entry("99.3", ["BTC", "ETH"], "set", hint="Look at the table."),
        "99.4": key_entry("99.4", "ward", "text", hint="Which linkage?"),
        "99.5": key_entry("99.5", True, "bool", hint="Think again."),
        "99.6": key_entry("99.6", [3, 1.25, "a"], "sequence", hint="Order matters."),
    }
    (tmp_path / "99.json").write_text(json.dumps(entries), encoding="utf-8")
    return tmp_path


def status(key_dir: Path, exercise_id: str, answer) -> str:
    return evaluate(exercise_id, answer, key_dir=key_dir).status


def test_not_attempted_for_placeholder_and_none(key_dir):
    for placeholder in (..., None):
        verdict = evaluate("99.1", placeholder, key_dir=key_dir)
        assert verdict.status == "not attempted"
        assert "not attempted yet" in verdict.message


def test_int_answers_accept_numpy_and_integral_floats(key_dir):
    for good in (4, np.int64(4), 4.0, np.float32(4.0)):
        assert status(key_dir, "99.1", good) == "correct"
    assert status(key_dir, "99.1", 5) == "wrong"
    for bad_type in ("4", True, 4.5, [4], float("nan")):
        assert status(key_dir, "99.1", bad_type) == "wrong type"


def test_nan_answer_to_a_number_exercise_gets_a_nan_hint(key_dir):
    for exercise_id in ("99.1", "99.2"):
        for nan in (float("nan"), np.nan, np.float32("nan"), np.float64("nan")):
            verdict = evaluate(exercise_id, nan, key_dir=key_dir)
            assert verdict.status == "wrong type"
            assert "NaN (not a number)" in verdict.message
            assert "empty selection" in verdict.message
            assert "expected" not in verdict.message
    # infinities and non-numbers keep the wrong-type message
    assert "expected" in evaluate("99.2", float("inf"), key_dir=key_dir).message
    assert "NaN" not in evaluate("99.2", "nan", key_dir=key_dir).message


def test_known_mistake_gets_its_own_hint(key_dir):
    assert "labels.max()" in evaluate("99.1", 3, key_dir=key_dir).message
    assert "Count again." in evaluate("99.1", 7, key_dir=key_dir).message


def test_float_tolerance_is_one_unit_in_the_last_digit(key_dir):
    for good in (0.681, 0.6805, 0.6814, 0.682, 0.680, np.float64(0.6811)):
        assert status(key_dir, "99.2", good) == "correct", good
    for wrong in (0.678, 0.684, 0.7):
        assert status(key_dir, "99.2", wrong) == "wrong", wrong
    assert "k = 3" in evaluate("99.2", 0.5531, key_dir=key_dir).message


def test_sets_ignore_order_case_and_container(key_dir):
    for good in (["eth", "BTC"], {"BTC", "ETH"}, np.array(["ETH", "BTC"]), pd.Index(["BTC", "ETH"]),
                 ("BTC", "ETH", "ETH")):
        assert status(key_dir, "99.3", good) == "correct"
    assert status(key_dir, "99.3", ["BTC"]) == "wrong"
    assert status(key_dir, "99.3", "BTC, ETH") == "wrong type"


def test_text_bool_and_sequence(key_dir):
    assert status(key_dir, "99.4", "  Ward ") == "correct"
    assert status(key_dir, "99.4", 3) == "wrong type"
    assert status(key_dir, "99.5", np.bool_(True)) == "correct"
    assert status(key_dir, "99.5", 1) == "wrong type"
    assert status(key_dir, "99.6", [3, 1.251, "A"]) == "correct"
    assert status(key_dir, "99.6", [1.25, 3, "a"]) == "wrong"


def test_unknown_exercise_is_a_notebook_error(key_dir):
    with pytest.raises(KeyError, match="no answer key has exercise '99.9'"):
        evaluate("99.9", 1, key_dir=key_dir)


def test_malformed_keys_are_reported(tmp_path):
    (tmp_path / "98.json").write_text('{"97.1": {}}', encoding="utf-8")
    with pytest.raises(ValueError, match="belongs to another notebook"):
        exercises(tmp_path)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "98.json").write_text('{"98.1": {"kind": "colour"}}', encoding="utf-8")
    with pytest.raises(ValueError, match="malformed"):
        exercises(bad)


def test_answers_are_not_stored_in_the_clear(key_dir):
    text = (key_dir / "99.json").read_text(encoding="utf-8")
    assert "0.681" not in text and "BTC" not in text and "ward" not in text.lower().replace("hint", "")


def test_hash_depends_on_the_exercise():
    assert answer_hash("99.1", 4, "int") != answer_hash("99.2", 4, "int")


def test_command_line_hash_matches(capsys):
    checks._main(["hash", "99.3", "set", '["BTC", "ETH"]'])
    assert capsys.readouterr().out.strip() == answer_hash("99.3", ["BTC", "ETH"], "set")


# --- the course's own answer keys --------------------------------------------------

COURSE_EXERCISES = sorted(exercises())


def test_course_answer_keys_load():
    checks._main(["verify"])


def load_mistakes(exercise_id: str) -> list:
    path = MISTAKES_DIR / f"{exercise_id.split('.')[0]}.json"
    cases = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    return cases.get(exercise_id, [])


@pytest.mark.parametrize("exercise_id", COURSE_EXERCISES)
def test_every_exercise_has_a_hint_for_a_typical_mistake(exercise_id):
    """tests/mistakes/NN.json lists, per exercise, [wrong answer, words its hint must contain]."""
    cases = load_mistakes(exercise_id)
    assert cases, f"tests/mistakes/{exercise_id[:2]}.json has no typical wrong answer for {exercise_id}"
    general = exercises()[exercise_id].hint
    for wrong, expected in cases:
        verdict = evaluate(exercise_id, wrong)
        assert verdict.status == "wrong", (exercise_id, wrong, verdict)
        assert expected in verdict.message, (exercise_id, wrong, verdict.message)
    assert any(expected not in general for _, expected in cases), (
        f"{exercise_id}: at least one typical mistake must get a specific hint, not the general one"
    )
