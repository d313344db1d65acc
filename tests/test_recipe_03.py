"""Guardrails of notebook 03's recipe (k-means segments of a numeric table).

Each test swaps the recipe's data lines for one kind of hostile input and asserts the
warning or the error the recipe must give. Run with ``pytest -s`` to see the timing.
"""

from __future__ import annotations

from recipe_runner import assert_stops, recipe_source, run_recipe, with_data

SOURCE = recipe_source("03")


def blobs(n: int = 600, centers: int = 3, std: float = 1.0, seed: int = 0, extra: str = "") -> str:
    """Code that builds `table`: Gaussian blobs in four columns, indexed by customer_id."""
    return f"""
from sklearn.datasets import make_blobs
X, truth = make_blobs(n_samples={n}, centers={centers}, n_features=4, cluster_std={std},
                      center_box=(-10, 10), random_state={seed})
table = pd.DataFrame(X, columns=["a", "b", "c", "d"],
                     index=pd.RangeIndex({n}, name="customer_id"))
{extra}
"""


# two pairs of blobs, the blobs of a pair 9.7 apart, the pairs about 28 apart: two
# segments or four score almost the same silhouette
NEAR_TIE = """
from sklearn.datasets import make_blobs
X, truth = make_blobs(n_samples=800, centers=[[0, 0], [9.7, 0], [20, 20], [29.7, 20]],
                      cluster_std=1.0, random_state=0)
table = pd.DataFrame(X, columns=["x", "y"])
"""


def run(tmp_path, data_code: str):
    return run_recipe(with_data(SOURCE, data_code), tmp_path, timeout=600)


def test_clean_blobs_give_three_segments_without_warnings(tmp_path):
    result = run(tmp_path, blobs())
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Warning" not in result.stdout, result.stdout
    assert "Model selection" in result.stdout and "silhouette" in result.stdout
    assert result.segments["segment"].nunique() == 3
    assert result.segments.index.name == "customer_id"


def test_missing_values_stop(tmp_path):
    assert_stops(run(tmp_path, blobs(extra="table.iloc[4, 2] = np.nan")),
                 "missing or infinite values in columns ['c']")


def test_duplicate_keys_stop(tmp_path):
    assert_stops(run(tmp_path, blobs(extra="table.index = table.index % 500")), "duplicate row keys")


def test_non_numeric_columns_stop(tmp_path):
    assert_stops(run(tmp_path, blobs(extra="table['region'] = 'North'")),
                 "non-numeric columns ['region']")


def test_too_few_rows_stop(tmp_path):
    assert_stops(run(tmp_path, blobs(n=12)), "only 12 rows")


def test_k_out_of_range_stops(tmp_path):
    assert_stops(run(tmp_path, blobs(extra="N_SEGMENTS = 1")), "at least 2")


def test_other_units_are_standardised_and_warned_about_otherwise(tmp_path):
    # column 'a' in cents: its spread dwarfs the others and carries no group structure
    cents = "table['a'] = np.random.default_rng(1).normal(50_000, 20_000, len(table))"
    scaled = run(tmp_path, blobs(extra=cents))
    assert scaled.returncode == 0, scaled.stderr[-2000:]
    assert "Columns standardised (STANDARDISE = True)" in scaled.stdout
    assert scaled.segments["segment"].nunique() == 3
    raw = run(tmp_path, blobs(extra=cents + "\nSTANDARDISE = False"))
    assert "Warning: STANDARDISE = False and the column spreads differ" in raw.stdout
    assert "mostly sort rows by 'a'" in raw.stdout


def test_uniform_noise_has_no_structure(tmp_path):
    noise = ("table = pd.DataFrame(np.random.default_rng(3).random((800, 4)), columns=list('abcd'))")
    result = run(tmp_path, noise)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "no substantial group structure" in result.stdout, result.stdout


def test_best_k_at_the_edge_of_the_range(tmp_path):
    result = run(tmp_path, blobs(n=1_000, centers=10, std=0.3))
    assert "Warning: the best k = 8 is at the edge of K_RANGE" in result.stdout, result.stdout


def test_near_tie(tmp_path):
    result = run(tmp_path, NEAR_TIE)
    assert "Warning: near-tie" in result.stdout, result.stdout


def test_tiny_segment_is_flagged(tmp_path):
    far = ("outliers = pd.DataFrame(np.full((4, 4), 60.0), columns=list('abcd'),\n"
           "                        index=pd.RangeIndex(900, 904, name='customer_id'))\n"
           "table = pd.concat([table, outliers])\nN_SEGMENTS = 4")
    result = run(tmp_path, blobs(extra=far))
    assert result.returncode == 0, result.stderr[-2000:]
    assert "under MIN_SEGMENT_SHARE" in result.stdout, result.stdout


def test_200_000_rows_within_seconds(tmp_path):
    result = run(tmp_path, blobs(n=200_000, centers=4))
    assert result.returncode == 0, result.stderr[-2000:]
    print(f"\nrecipe 03 on 200 000 rows: {result.seconds:.1f} s")
    assert "seeded sample of 20000 rows" in result.stdout
    assert "silhouettes on a seeded sample of 5000 rows" in result.stdout
    assert len(result.segments) == 200_000
    assert result.seconds < 90, f"{result.seconds:.1f} s (about 6-7 s of CPU when the machine is idle)"
