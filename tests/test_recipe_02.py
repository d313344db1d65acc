"""Guardrails of notebook 02's recipe: hostile tables get a warning or a clear error.

Each test swaps the recipe's marked data lines for its own table (see
``recipe_runner.py``) and runs the cell standalone, where ``helpers`` cannot be
imported. Settings are changed the way a reader would: by editing their line.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from recipe_runner import RecipeRun, assert_stops, recipe_source, run_recipe, with_data

SOURCE = recipe_source("02")


def run(tmp_path, data_code: str, **settings: object) -> RecipeRun:
    """Run the recipe on `data_code`, with some settings changed (NAME=value source)."""
    source = with_data(SOURCE, data_code)
    for name, value in settings.items():
        source, found = re.subn(rf"^{name} = [^#\n]*", f"{name} = {value}  ", source,
                                count=1, flags=re.MULTILINE)
        assert found == 1, f"the recipe has no setting {name}"
    return run_recipe(source, tmp_path)


def warnings(result: RecipeRun) -> list[str]:
    return [line for line in result.stdout.splitlines() if line.startswith("Warning:")]


def scan_rows(result: RecipeRun) -> dict[int, tuple[float, float]]:
    """k -> (inertia, silhouette) read from the printed k scan."""
    rows = re.findall(r"^\s*(\d+)\s+([\d.]+)\s+(-?[\d.]+)\s+[\d.]+\s*$", result.stdout,
                      flags=re.MULTILINE)
    return {int(k): (float(inertia), float(silhouette)) for k, inertia, silhouette in rows}


# --- the demo ---------------------------------------------------------------------


def test_demo_prints_the_whole_scan_and_no_warning(tmp_path):
    result = run_recipe(SOURCE, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stderr == ""
    assert warnings(result) == []
    assert sorted(scan_rows(result)) == list(range(2, 9))  # inertia and silhouette per k
    assert "standardised" in result.stdout
    assert result.segments.index.name == "row_id" and len(result.segments) == 600
    sizes = result.segments["segment"].value_counts().sort_index()
    assert list(sizes.index) == [0, 1, 2, 3]
    assert sizes.is_monotonic_decreasing  # segment 0 is the largest


# --- clear errors -------------------------------------------------------------------


def test_missing_values_stop_with_the_columns_named(tmp_path):
    result = run(tmp_path, """
table = pd.DataFrame({"spend": [10.0, np.nan] * 50, "visits": [1.0, 2.0] * 50})
""", OUTPUT_CSV='"segments.csv"')
    assert_stops(result, "missing values", "spend")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["recipe.py"]  # nothing written


def test_infinite_values_stop(tmp_path):
    result = run(tmp_path, """
table = pd.DataFrame({"spend": [10.0, np.inf] * 50, "visits": [1.0, 2.0] * 50})
""")
    assert_stops(result, "infinite", "spend")


def test_duplicate_keys_stop(tmp_path):
    result = run(tmp_path, """
table = pd.DataFrame({"spend": np.arange(100.0), "visits": np.arange(100.0) % 7},
                     index=pd.Index(list(range(99)) + [5], name="customer_id"))
""")
    assert_stops(result, "duplicate keys", "[5]")


def test_non_numeric_columns_stop(tmp_path):
    result = run(tmp_path, """
table = pd.DataFrame({"spend": np.arange(100.0), "region": ["north", "south"] * 50})
""")
    assert_stops(result, "non-numeric", "region", "get_dummies")


def test_too_few_rows_stop(tmp_path):
    result = run(tmp_path, """
table = pd.DataFrame({"spend": np.arange(30.0), "visits": np.arange(30.0) % 4})
""")
    assert_stops(result, "too few rows", "30", "80")


@pytest.mark.parametrize("setting", [{"K_RANGE": "range(1, 5)"}, {"K": "1"}, {"K": "2.5"}])
def test_k_out_of_range_stops(tmp_path, setting):
    result = run(tmp_path, """
table = pd.DataFrame(make_blobs(n_samples=300, centers=3, random_state=0)[0])
""", **setting)
    assert_stops(result, "at least 2")


# --- warnings -----------------------------------------------------------------------


UNITS = """
rng = np.random.default_rng(0)
group = np.repeat([0, 1], 500)
table = pd.DataFrame({
    "age": np.where(group == 0, 28.0, 60.0) + rng.normal(0, 3, 1000),   # two clear groups
    "income": rng.normal(50_000, 15_000, 1000),                         # no structure
})
"""


def age_purity(segments: pd.DataFrame) -> float:
    """Share of rows whose segment's majority age group is their own age group."""
    crosstab = pd.crosstab(segments["segment"], np.repeat([0, 1], 500))
    return crosstab.max(axis=1).sum() / len(segments)


def test_other_units_are_standardised_with_a_warning(tmp_path):
    result = run(tmp_path, UNITS)
    found = warnings(result)
    assert any("spreads differ" in w and "income" in w and "standardised" in w for w in found)
    assert age_purity(result.segments) > 0.99  # every segment lies within one age group


def test_other_units_unstandardised_warn_that_one_column_decides(tmp_path):
    result = run(tmp_path, UNITS, STANDARDISE="False")
    found = warnings(result)
    assert any("STANDARDISE is False" in w and "income" in w for w in found)
    # and indeed the segments follow income: each one mixes young and old
    assert age_purity(result.segments) < 0.7


def test_no_structure_is_flagged(tmp_path):
    result = run(tmp_path, """
rng = np.random.default_rng(1)
table = pd.DataFrame(rng.normal(size=(2000, 3)), columns=["a", "b", "c"])
""")
    assert any("no clear structure" in w for w in warnings(result)), result.stdout


def test_no_structure_in_one_column_is_flagged(tmp_path):
    # one uniform column: k = 2 scores a silhouette above 0.6, yet there are no groups
    result = run(tmp_path, """
rng = np.random.default_rng(2)
table = pd.DataFrame({"spend": rng.uniform(0, 100, 3000)})
""")
    assert any("no clear structure" in w for w in warnings(result)), result.stdout


def test_best_k_at_the_edge_of_the_range(tmp_path):
    result = run(tmp_path, """
centres = [[x, y] for x in range(0, 40, 10) for y in range(0, 30, 10)]    # 12 blobs
X, _ = make_blobs(n_samples=1200, centers=centres, cluster_std=0.5, random_state=0)
table = pd.DataFrame(X, columns=["a", "b"])
""")
    assert any("edge of K_RANGE" in w and "8" in w for w in warnings(result)), result.stdout
    assert not any("no clear structure" in w for w in warnings(result))


def test_edge_at_the_start_of_a_range_above_two(tmp_path):
    result = run(tmp_path, """
X, _ = make_blobs(n_samples=600, centers=3, cluster_std=0.5, random_state=0)
table = pd.DataFrame(X, columns=["a", "b"])
""", K_RANGE="range(3, 7)")
    assert any("edge of K_RANGE" in w and "3 to 6" in w for w in warnings(result)), result.stdout


def test_near_tie_names_the_contenders(tmp_path):
    # two pairs of blobs: "two groups" and "four groups" score within 0.001
    result = run(tmp_path, """
rng = np.random.default_rng(0)
d = 6.25
centres = np.array([[0, 0], [d, d], [20, 20], [20 + d, 20 + d]])
table = pd.DataFrame(rng.normal(size=(800, 2)) + np.repeat(centres, 200, axis=0),
                     columns=["a", "b"])
""")
    ties = [w for w in warnings(result) if "near-tie" in w]
    assert ties, result.stdout
    assert "k = 2" in ties[0] and "k = 4" in ties[0] and "set K" in ties[0]
    scores = scan_rows(result)
    assert abs(scores[2][1] - scores[4][1]) <= 0.01


def test_k_can_be_forced(tmp_path):
    result = run(tmp_path, """
X, _ = make_blobs(n_samples=600, centers=3, cluster_std=0.5, random_state=0)
table = pd.DataFrame(X, columns=["a", "b"])
""", K="5")
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.segments["segment"].nunique() == 5


def test_tiny_segment_is_flagged(tmp_path):
    result = run(tmp_path, """
X, _ = make_blobs(n_samples=1500, centers=3, cluster_std=1.0, random_state=0)
outliers = np.array([[60.0, 60.0], [61.0, 60.5], [60.5, 61.0]])    # 3 rows of 1 503
table = pd.DataFrame(np.vstack([X, outliers]), columns=["a", "b"])
""")
    tiny = [w for w in warnings(result) if "less than 1%" in w]
    assert tiny, result.stdout
    assert result.segments["segment"].value_counts().min() == 3


def test_constant_column_is_flagged(tmp_path):
    result = run(tmp_path, """
X, _ = make_blobs(n_samples=600, centers=3, random_state=0)
table = pd.DataFrame({"a": X[:, 0], "b": X[:, 1], "country_code": 33.0})
""")
    assert any("constant" in w and "country_code" in w for w in warnings(result))
    assert result.returncode == 0


# --- output ---------------------------------------------------------------------------


def test_output_csv_is_written_whole(tmp_path):
    result = run(tmp_path, """
X, _ = make_blobs(n_samples=600, centers=3, random_state=0)
table = pd.DataFrame(X, columns=["a", "b"], index=pd.Index(range(1000, 1600), name="id"))
""", OUTPUT_CSV='"segments.csv"')
    assert result.returncode == 0, result.stderr[-2000:]
    saved = pd.read_csv(tmp_path / "segments.csv", index_col="id")
    pd.testing.assert_frame_equal(saved, result.segments)
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]


# --- speed ------------------------------------------------------------------------------


def test_200_000_rows_within_seconds(tmp_path):
    result = run(tmp_path, """
X, _ = make_blobs(n_samples=200_000, centers=5, n_features=4, random_state=0)
table = pd.DataFrame(X, columns=["a", "b", "c", "d"])
""")
    assert result.returncode == 0, result.stderr[-2000:]
    print(f"\nnotebook 02 recipe on 200 000 rows x 4 columns: {result.seconds:.1f} s")
    assert len(result.segments) == 200_000
    assert "seeded sample of 50,000" in result.stdout
    assert "seeded sample of 5,000" in result.stdout
    assert result.seconds < 90, f"the recipe took {result.seconds:.0f} s on 200 000 rows"
