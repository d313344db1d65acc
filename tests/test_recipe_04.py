"""Notebook 04's recipe (hierarchical segments of a mixed-type table) on hostile inputs.

Each test swaps the recipe's marked data lines for its own table (and, where needed,
settings: the data block runs after them) and asserts the warning or the error a
practitioner must see. The last test times the recipe on 200 000 rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from recipe_runner import assert_stops, recipe_source, run_recipe, with_data

SOURCE = recipe_source("04")


def demo(n: int = 600, seed: int = 42) -> str:
    """Code for a table like the recipe's demo: three kinds of customer, id, units."""
    return f"""
rng = np.random.default_rng({seed})
kind = rng.integers(0, 3, {n})
table = pd.DataFrame({{
    "customer_id": np.arange(1001, 1001 + {n}),
    "age": np.array([28, 45, 62])[kind] + rng.normal(0, 4, {n}),
    "income": np.array([30_000, 90_000, 50_000])[kind] * rng.lognormal(0, 0.15, {n}),
    "plan": np.array(["basic", "premium", "basic"])[kind],
    "channel": rng.choice(["web", "shop"], {n}),
}})
"""


def run(tmp_path, code: str, **kwargs):
    return run_recipe(with_data(SOURCE, code), tmp_path, **kwargs)


def warnings_in(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith("Warning:")]


def test_demo_runs_without_warnings(tmp_path):
    result = run(tmp_path, demo())
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stderr == ""
    assert warnings_in(result.stdout) == []
    segments = result.segments
    assert list(segments.columns) == ["customer_id", "segment"]
    assert len(segments) == 600 and segments.index.equals(pd.RangeIndex(600))
    assert segments["segment"].nunique() == 3
    sizes = segments["segment"].value_counts().sort_index()
    assert sizes.is_monotonic_decreasing, "segments are numbered by size"
    # the whole model-selection table is printed
    for k in range(2, 9):
        assert any(line.split()[:1] == [str(k)] for line in result.stdout.splitlines()), k
    assert "silhouette" in result.stdout and "standardised" in result.stdout


@pytest.mark.parametrize("bad_value", ["np.nan", "np.inf"])
def test_missing_or_infinite_values_stop_with_a_clear_message(tmp_path, bad_value):
    result = run(tmp_path, demo() + f'table.loc[[5, 9], "income"] = {bad_value}\n')
    assert_stops(result, "missing or infinite values", "income: 2 rows", "drop those rows")


def test_missing_category_stops_too(tmp_path):
    result = run(tmp_path, demo() + 'table.loc[3, "plan"] = None\n')
    assert_stops(result, "missing or infinite values", "plan: 1 rows")


def test_duplicate_keys_stop(tmp_path):
    result = run(tmp_path, demo() + 'table.loc[7, "customer_id"] = table.loc[6, "customer_id"]\n')
    assert_stops(result, "1 duplicated ids", "1007", "one row per customer")


def test_duplicate_index_stops_without_a_key(tmp_path):
    code = demo() + "KEY = None\ntable.index = [0] + list(range(len(table) - 1))\n"
    assert_stops(run(tmp_path, code), "the index has 1 duplicated ids")


def test_other_units_give_the_same_segments(tmp_path):
    dollars, cents = tmp_path / "dollars", tmp_path / "cents"
    dollars.mkdir()
    cents.mkdir()
    first = run(dollars, demo())
    code = demo() + 'table["income"] = table["income"] * 100\ntable["age"] = table["age"] * 12\n'
    second = run(cents, code)
    assert second.returncode == 0, second.stderr[-2000:]
    assert "standardised" in second.stdout
    assert "Unscaled, income would have dominated every distance" in second.stdout
    pd.testing.assert_frame_equal(first.segments, second.segments)


def test_no_structure_warns_of_a_continuum(tmp_path):
    code = """
rng = np.random.default_rng(0)
table = pd.DataFrame(rng.uniform(0, 1, (800, 3)), columns=["a", "b", "c"])
table["customer_id"] = np.arange(800)
NUMERIC, CATEGORICAL = ["a", "b", "c"], []
"""
    result = run(tmp_path, code)
    assert result.returncode == 0, result.stderr[-2000:]
    assert any("weak structure" in line and "continuum" in line
               for line in warnings_in(result.stdout)), result.stdout


def test_largest_gap_at_the_edge_of_the_range(tmp_path):
    # three kinds of customer, but a range that stops at k = 3
    result = run(tmp_path, demo() + "K_RANGE = range(2, 4)\n")
    assert result.returncode == 0, result.stderr[-2000:]
    assert any("upper edge of K_RANGE" in line and "widen K_RANGE" in line
               for line in warnings_in(result.stdout)), result.stdout


def test_close_gaps_name_the_contenders(tmp_path):
    # two pairs of groups: the pairs part at k = 2 and each pair splits at k = 4; with
    # the pairs apart along two axes (y and z) and the groups of a pair along one (x),
    # the two gaps come out about equal after standardisation
    code = """
rng = np.random.default_rng(0)
centres = np.array([[0.0, 0, 0], [10, 0, 0], [0, 10, 10], [10, 10, 10]])
groups = np.repeat(np.arange(4), 150)
points = centres[groups] + rng.normal(0, 0.5, (600, 3))
table = pd.DataFrame(points, columns=["x", "y", "z"]).assign(customer_id=np.arange(600))
NUMERIC, CATEGORICAL = ["x", "y", "z"], []
"""
    result = run(tmp_path, code)
    assert result.returncode == 0, result.stderr[-2000:]
    close = [line for line in warnings_in(result.stdout) if "close call" in line]
    assert close, result.stdout
    assert "k = 2" in close[0] and "k = 4" in close[0]


def test_tiny_segment_is_flagged(tmp_path):
    code = demo() + (
        'outliers = pd.DataFrame({"customer_id": [9001, 9002], "age": [240.0, 250.0],\n'
        '                         "income": [60_000.0, 61_000.0], "plan": "basic", "channel": "web"})\n'
        "table = pd.concat([table, outliers], ignore_index=True)\n"
    )
    result = run(tmp_path, code)
    assert result.returncode == 0, result.stderr[-2000:]
    tiny = [line for line in warnings_in(result.stdout) if "holds 2 rows" in line]
    assert tiny and "MIN_SEGMENT_SHARE" in tiny[0], result.stdout
    assert set(result.segments.loc[[600, 601], "segment"]) == {result.segments["segment"].max()}


def test_too_few_rows_stop(tmp_path):
    assert_stops(run(tmp_path, demo(n=12)), "only 12 rows", "at least 30")


@pytest.mark.parametrize(("change", "phrases"), [
    ('table["income"] = table["income"].map("{:,.0f} $".format)',
     ("'income' is in NUMERIC but is not numeric", "pd.to_numeric")),
    ('table["email"] = [f"c{i}@example.org" for i in range(len(table))]\n'
     'CATEGORICAL = ["plan", "channel", "email"]',
     ("'email' in CATEGORICAL has 600 levels", "id or free text")),
    ('NUMERIC = ["age", "income", "tenure"]', ("['tenure'] are not in the table",)),
    ('NUMERIC = ["age", "income", "customer_id"]', ("is also an input",)),
    ("NUMERIC, CATEGORICAL = [], []", ("name the columns to cluster on",)),
], ids=["text-as-number", "id-as-category", "missing-column", "key-as-input", "no-inputs"])
def test_unusable_columns_stop(tmp_path, change, phrases):
    assert_stops(run(tmp_path, demo() + change + "\n"), *phrases)


def test_k_out_of_range_stops(tmp_path):
    assert_stops(run(tmp_path, demo() + "K = 12\n"), "K = 12 is outside K_RANGE")


def test_forced_k_is_used_and_marked(tmp_path):
    result = run(tmp_path, demo() + "K = 4\n")
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.segments["segment"].nunique() == 4


def test_output_is_written_atomically_and_never_half(tmp_path):
    good = tmp_path / "good"
    good.mkdir()
    result = run_recipe(with_data(SOURCE, demo() + 'OUTPUT_CSV = "segments.csv"\n'), good)
    assert result.returncode == 0, result.stderr[-2000:]
    saved = pd.read_csv(good / "segments.csv", index_col=0)
    assert saved["segment"].tolist() == result.segments["segment"].tolist()
    assert sorted(p.name for p in good.iterdir() if p.suffix == ".csv") == ["segments.csv"]
    bad = tmp_path / "bad"
    bad.mkdir()
    code = demo() + 'OUTPUT_CSV = "segments.csv"\ntable.loc[0, "age"] = np.nan\n'
    assert run_recipe(with_data(SOURCE, code), bad).returncode != 0
    assert not any(p.suffix == ".csv" for p in bad.iterdir())


def test_many_rows_use_a_sample_and_finish_within_seconds(tmp_path):
    result = run(tmp_path, demo(n=200_000), timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    print(f"\nnotebook 04 recipe on 200 000 rows: {result.seconds:.1f} s")
    assert "seeded sample of 5,000" in result.stdout
    assert "Silhouettes on a seeded sample" in result.stdout
    assert len(result.segments) == 200_000
    assert result.segments["segment"].nunique() == 3
    shares = result.segments["segment"].value_counts(normalize=True)
    assert shares.min() > 0.3  # the three kinds, each about a third, are all recovered
    assert result.seconds < 90, f"{result.seconds:.1f} s on 200 000 rows"
