"""Notebook 07's recipe on hostile tables: each guardrail warns or stops as documented."""

from __future__ import annotations

import pytest

from recipe_runner import recipe_source, run_recipe, with_data

SOURCE = recipe_source("07")

BLOBS = """
from sklearn.datasets import make_blobs
X, _ = make_blobs(n_samples={n}, centers=[[0, 0, 0], [6, 6, 0], [0, 6, 6]], cluster_std=1.0,
                  random_state=0)
table = pd.DataFrame(X, columns=["a", "b", "c"])
"""


def run(tmp_path, data_code: str, **kwargs):
    return run_recipe(with_data(SOURCE, data_code), tmp_path, **kwargs)


def assert_error(run_result, words: str) -> None:
    assert run_result.returncode != 0
    assert "ValueError" in run_result.stderr and words in run_result.stderr, run_result.stderr[-800:]
    assert run_result.segments is None


def test_clear_blobs_choose_three_segments(tmp_path):
    result = run(tmp_path, BLOBS.format(n=600))
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stderr == ""
    assert "First choice:" in result.stdout
    assert result.segments["segment"].nunique() == 3
    assert len(result.segments) == 600
    for method in ("k-means", "Gaussian mixture", "ward", "HDBSCAN"):
        assert method in result.stdout  # the whole table is printed


def test_nans_stop_with_a_clear_error(tmp_path):
    data = BLOBS.format(n=200) + "table.iloc[3, 1] = float('nan')\n"
    assert_error(run(tmp_path, data), "missing values in ['b'] (1 of 200 rows)")


def test_duplicate_keys_stop(tmp_path):
    data = BLOBS.format(n=200) + "table.index = [0, 0] + list(range(2, 200))\n"
    assert_error(run(tmp_path, data), "duplicate row keys")


def test_non_numeric_columns_stop(tmp_path):
    data = BLOBS.format(n=200) + "table['city'] = 'Paris'\n"
    assert_error(run(tmp_path, data), "non-numeric columns ['city']")


def test_too_few_rows_stop(tmp_path):
    assert_error(run(tmp_path, BLOBS.format(n=12)), "at least 30")


def test_other_units_are_standardised_and_said(tmp_path):
    data = BLOBS.format(n=400) + "table['a'] = table['a'] * 1000  # grams instead of kilograms\n"
    result = run(tmp_path, data)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Warning: column spreads differ" in result.stdout
    assert "standardised" in result.stdout
    assert result.segments["segment"].nunique() == 3


def test_no_structure_is_warned(tmp_path):
    data = """
rng = np.random.default_rng(0)
table = pd.DataFrame(rng.uniform(size=(500, 3)), columns=["a", "b", "c"])
"""
    result = run(tmp_path, data)
    assert result.returncode == 0, result.stderr[-2000:]
    assert ("Warning: the chosen silhouette (" in result.stdout and "structureless" in result.stdout
            or "No usable segmentation" in result.stdout), result.stdout[-1500:]
    assert "First choice:" not in result.stdout  # a weak choice is not announced as one


def test_tiny_cluster_is_warned(tmp_path):
    data = """
from sklearn.datasets import make_blobs
X, _ = make_blobs(n_samples=[400, 395, 4], centers=[[0, 0], [8, 8], [30, -30]],
                  cluster_std=1.0, random_state=0)
table = pd.DataFrame(X, columns=["a", "b"])
"""
    result = run(tmp_path, data)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Warning: segment" in result.stdout and "only" in result.stdout


def test_near_ties_and_sampling_notes(tmp_path):
    result = run(tmp_path, BLOBS.format(n=600))
    assert "Warning: near-tie" in result.stdout  # k-means, mixture and ward agree on blobs


def test_many_rows_run_fast_and_skip_quadratic_methods(tmp_path):
    result = run(tmp_path, BLOBS.format(n=200_000), timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stderr == ""
    assert "ward skipped" in result.stdout
    assert "seeded sample of 5,000 of 200,000 rows" in result.stdout
    assert "silhouettes use a seeded sample" in result.stdout
    assert len(result.segments) == 200_000
    assert result.segments["segment"].nunique() == 3
    assert result.seconds < 60, f"took {result.seconds:.0f} s on 200 000 rows"


def test_gaussian_noise_in_4d_is_not_masked_by_hdbscan(tmp_path):
    """(a, b) HDBSCAN's high silhouette on the few rows it keeps must not hide noise."""
    data = """
rng = np.random.default_rng(1)
table = pd.DataFrame(rng.normal(size=(600, 4)), columns=["a", "b", "c", "d"])
"""
    result = run(tmp_path, data)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "First choice:" not in result.stdout, result.stdout[-1500:]
    assert ("No usable segmentation" in result.stdout
            or "structureless" in result.stdout), result.stdout[-1500:]
    assert "(best, or within" not in result.stdout


def test_no_usable_method_says_why(tmp_path):
    """(b) When nothing is stable and HDBSCAN keeps little, say so instead of choosing."""
    data = """
rng = np.random.default_rng(0)
table = pd.DataFrame(rng.normal(size=(300, 6)), columns=list("abcdef"))
"""
    result = run(tmp_path, data)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "First choice:" not in result.stdout
    if "No usable segmentation" in result.stdout:
        assert "noise" in result.stdout.split("No usable segmentation")[1] or \
            "nothing is stable" in result.stdout
        assert (result.segments["segment"] == -1).all()


def test_id_columns_are_warned(tmp_path):
    """(c) An integer key column is not a feature."""
    data = BLOBS.format(n=300) + "table['customer_id'] = list(range(299)) + [5]\n"
    result = run(tmp_path, data)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "'customer_id' looks like an identifier" in result.stdout
    assert "set it as the index, or drop it" in result.stdout
    assert "1 of its values repeat" in result.stdout


def test_mixed_units_within_a_column_are_warned(tmp_path):
    """(d) Some rows in grams, the rest in kilograms."""
    data = BLOBS.format(n=300) + (
        "table['weight'] = np.random.default_rng(0).uniform(1, 3, 300)\n"
        "table.loc[:29, 'weight'] *= 1000\n")
    result = run(tmp_path, data)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Warning: column 'weight' reaches" in result.stdout
    assert "this column alone separates" in result.stdout


def test_bool_columns_say_astype_int(tmp_path):
    data = BLOBS.format(n=200) + "table['member'] = table['a'] > 0\n"
    assert_error(run(tmp_path, data), ".astype(int)")
