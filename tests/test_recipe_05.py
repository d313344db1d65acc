"""Guardrails of notebook 05's recipe: affinity propagation on the reader's own table.

Each test replaces the recipe's marked data lines with one kind of hostile input and
asserts the warning (a ``Warning:`` line on stdout) or the clear ``ValueError``.
"""

from __future__ import annotations

import pytest

from recipe_runner import assert_stops, recipe_source, run_recipe, with_data

SOURCE = recipe_source("05")


def run(tmp_path, data_code, *, settings=None):
    source = with_data(SOURCE, data_code)
    for old, new in (settings or {}).items():
        assert old in source, old
        source = source.replace(old, new)
    return run_recipe(source, tmp_path)


def test_demo_prints_the_whole_sweep_and_the_tie(tmp_path):
    result = run(tmp_path, "from sklearn.datasets import load_wine\nmy_table = load_wine(as_frame=True).data")
    assert result.returncode == 0, result.stderr
    for column in ("preference", "clusters", "rounds", "converged", "silhouette"):
        assert column in result.stdout
    assert "Warning: 3 clusters win by less than 0.01" in result.stdout
    assert "Warning: the count is unstable" in result.stdout
    assert "standardised" in result.stdout
    assert len(result.segments) == 178 and result.segments["segment"].nunique() == 3


@pytest.mark.parametrize(("data", "message"), [
    ("my_table = pd.DataFrame({'x': [1.0, np.nan] + list(range(20)), 'y': range(22)})", "missing values"),
    ("my_table = pd.DataFrame({'x': range(20), 'y': range(20)}, index=[0] * 2 + list(range(2, 20)))",
     "duplicate row keys"),
    ("my_table = pd.DataFrame({'x': range(20), 'town': ['a', 'b'] * 10})", "non-numeric columns ['town']"),
    ("my_table = pd.DataFrame({'x': [1.0, 2.0, 3.0], 'y': [3.0, 1.0, 2.0]})", "need at least 10 rows"),
    ("my_table = pd.DataFrame({'x': range(20), 'y': [1.0] * 20})", "constant columns ['y']"),
    ("my_table = [[1, 2], [3, 4]]", "must be a pandas DataFrame"),
])
def test_bad_tables_stop_with_a_clear_message(tmp_path, data, message):
    assert_stops(run(tmp_path, data), message)


def test_unscaled_columns_warn_when_standardising_is_off(tmp_path):
    data = ("rng = np.random.default_rng(0)\n"
            "my_table = pd.DataFrame({'income': rng.normal(50_000, 15_000, 60), 'age': rng.normal(40, 12, 60)})")
    result = run(tmp_path, data, settings={"STANDARDISE = True": "STANDARDISE = False"})
    assert result.returncode == 0, result.stderr
    assert "Warning: column standard deviations differ" in result.stdout and "income" in result.stdout


def test_best_preference_at_the_edge_warns(tmp_path):
    data = "from sklearn.datasets import load_wine\nmy_table = load_wine(as_frame=True).data"
    result = run(tmp_path, data, settings={
        "PREFERENCE_FACTORS = (30, 20, 10, 5, 3, 2, 1)": "PREFERENCE_FACTORS = (30, 20)"})
    assert result.returncode == 0, result.stderr
    assert "Warning: the best preference is at the edge of the sweep (factor 20)" in result.stdout


def test_tiny_segments_are_flagged(tmp_path):
    data = ("rng = np.random.default_rng(0)\n"
            "my_table = pd.DataFrame(np.vstack([rng.normal(0, 1, (150, 2)), rng.normal(8, 1, (150, 2)),"
            " [[60.0, 60.0]]]), columns=['x', 'y'])")
    result = run(tmp_path, data)
    assert result.returncode == 0, result.stderr
    assert "Warning: segments [2] hold fewer than 1% of the rows ([1] rows)" in result.stdout
    assert len(result.segments) == 301


def test_many_rows_use_a_sample_and_stay_fast(tmp_path):
    """200 000 rows would need ~1.3 TB of n x n matrices: the recipe samples and assigns."""
    data = ("from sklearn.datasets import make_blobs\n"
            "X, _ = make_blobs(n_samples=200_000, centers=4, n_features=3, random_state=0)\n"
            "my_table = pd.DataFrame(X, columns=['a', 'b', 'c'])")
    result = run(tmp_path, data)
    assert result.returncode == 0, result.stderr
    assert "runs on a seeded sample of 500 rows" in result.stdout
    assert len(result.segments) == 200_000 and result.segments.index.equals(
        result.segments.index.sort_values())
    print(f"recipe 05 on 200 000 rows: {result.seconds:.1f} s")
    assert result.seconds < 60  # about 6 s of CPU on an idle 2-core machine; wall time grows with load
