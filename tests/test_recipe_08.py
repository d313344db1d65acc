"""Recipe of notebook 08: cluster a Parquet folder out of core (sklearn) or on Spark.

Each test writes its own Parquet folder in the test's folder and points the recipe's
data block at it.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from sklearn.metrics import adjusted_rand_score

from recipe_runner import assert_stops, recipe_source, run_recipe, with_data

SOURCE = recipe_source("08")


def write_folder(folder, n_rows, *, n_files=4, groups=4, seed=0, spread=(1.0, 1.0, 1.0)):
    """A folder of Parquet files: three numeric features, `groups` planted groups."""
    rng = np.random.default_rng(seed)
    grid = np.array([[i, j, (i + j) % 3] for i in range(3) for j in range(3)], dtype=float)
    centres = 8.0 * grid[[0, 4, 8, 2, 6, 1, 3, 5, 7][:groups]]  # well apart
    truth = rng.integers(groups, size=n_rows)
    values = (centres[truth] + rng.normal(size=(n_rows, 3))) * np.array(spread)
    table = pd.DataFrame(values, columns=["a", "b", "c"])
    table.insert(0, "customer_id", np.arange(n_rows) + 1000)
    folder.mkdir()
    for part, rows in enumerate(np.array_split(np.arange(n_rows), n_files)):
        table.iloc[rows].to_parquet(folder / f"part-{part}.parquet", index=False)
    return table, truth


def data_code(folder) -> str:
    return f"PARQUET_FOLDER = {str(folder)!r}"


def settings(source: str, **values) -> str:
    for name, value in values.items():
        source, count = re.subn(rf"^{name} = .*$", f"{name} = {value}", source, flags=re.M)
        assert count == 1, name
    return source


def test_clean_folder_recovers_the_groups(tmp_path):
    table, truth = write_folder(tmp_path / "in", 6_000)
    run = run_recipe(with_data(SOURCE, data_code(tmp_path / "in")), tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stderr == ""
    assert "silhouette" in run.stdout and "Warning: features on very different" not in run.stdout
    segments = run.segments
    assert list(segments.columns) == ["segment"] and segments.index.name == "customer_id"
    assert len(segments) == 6_000 and segments.index.is_unique
    aligned = segments["segment"].reindex(table["customer_id"]).to_numpy()
    assert adjusted_rand_score(truth, aligned) > 0.9


def test_two_hundred_thousand_rows_within_seconds(tmp_path):
    write_folder(tmp_path / "in", 200_000, n_files=8)
    run = run_recipe(with_data(SOURCE, data_code(tmp_path / "in")), tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    assert len(run.segments) == 200_000
    assert run.seconds < 60, f"{run.seconds:.1f} s"


def test_missing_values_and_duplicate_ids_are_reported_together(tmp_path):
    write_folder(tmp_path / "in", 2_000)
    chunk = pd.read_parquet(tmp_path / "in" / "part-2.parquet")
    chunk.loc[chunk.index[3], "b"] = np.nan
    chunk.to_parquet(tmp_path / "in" / "part-2.parquet", index=False)
    chunk = pd.read_parquet(tmp_path / "in" / "part-1.parquet")
    chunk.loc[chunk.index[0], "customer_id"] = 1000
    chunk.to_parquet(tmp_path / "in" / "part-1.parquet", index=False)
    run = run_recipe(with_data(SOURCE, data_code(tmp_path / "in")), tmp_path)
    assert run.returncode != 0 and run.segments is None
    assert "ValueError: the folder cannot be clustered as it is" in run.stderr
    assert "1 row in column 'b' (files part-2.parquet)" in run.stderr
    assert "dropna()" in run.stderr
    assert "1 row repeats a 'customer_id' already seen (ids 1000; files part-0.parquet, part-1.parquet)" in run.stderr
    assert "drop_duplicates('customer_id')" in run.stderr and "groupby('customer_id').sum()" in run.stderr


def test_text_columns_stop(tmp_path):
    (tmp_path / "txt").mkdir()
    write_folder(tmp_path / "txt" / "in", 500)
    for path in (tmp_path / "txt" / "in").glob("*.parquet"):
        pd.read_parquet(path).assign(city="Paris").to_parquet(path, index=False)
    run = run_recipe(with_data(SOURCE, data_code(tmp_path / "txt" / "in")), tmp_path / "txt")
    assert "ValueError: feature columns ['city'] are missing or not numeric" in run.stderr


def test_too_few_rows_stop(tmp_path):
    write_folder(tmp_path / "in", 40, n_files=2)
    run = run_recipe(with_data(SOURCE, data_code(tmp_path / "in")), tmp_path)
    assert "only 40 rows: at least 100 are needed" in run.stderr
    assert run.segments is None


def test_scale_warning_and_standardised_result(tmp_path):
    table, truth = write_folder(tmp_path / "in", 4_000, spread=(1.0, 500.0, 0.01))
    run = run_recipe(with_data(SOURCE, data_code(tmp_path / "in")), tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Warning: features on very different scales" in run.stdout
    aligned = run.segments["segment"].reindex(table["customer_id"]).to_numpy()
    assert adjusted_rand_score(truth, aligned) > 0.9


def test_edge_of_range_and_near_tie_warnings(tmp_path):
    write_folder(tmp_path / "in", 3_000, groups=9, seed=3)
    run = run_recipe(with_data(settings(SOURCE, K_RANGE="range(2, 5)"),
                               data_code(tmp_path / "in")), tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Warning: the best k" in run.stdout and "edge of K_RANGE" in run.stdout


def test_best_k_of_two_says_there_may_be_no_groups(tmp_path):
    write_folder(tmp_path / "in", 3_000, groups=2)
    run = run_recipe(with_data(SOURCE, data_code(tmp_path / "in")), tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "the data may have no clear groups" in run.stdout and "widen" not in run.stdout


def test_near_tie_is_named(tmp_path):
    write_folder(tmp_path / "in", 3_000)
    source = settings(SOURCE, TIE_TOLERANCE="1.0")
    run = run_recipe(with_data(source, data_code(tmp_path / "in")), tmp_path)
    assert re.search(r"Warning: k = \d+, \d+", run.stdout)


def test_small_segment_is_flagged(tmp_path):
    """Three equal groups and a threshold above a third: every segment is flagged."""
    write_folder(tmp_path / "in", 3_000, groups=3, seed=5)
    source = settings(SOURCE, K_RANGE="range(3, 4)", MIN_SEGMENT_SHARE="0.34")
    run = run_recipe(with_data(source, data_code(tmp_path / "in")), tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Warning: segments [0, 1, 2] hold under 34%" in run.stdout


def test_output_folder_is_written_whole(tmp_path):
    table, _ = write_folder(tmp_path / "in", 3_000)
    source = settings(SOURCE, OUTPUT_FOLDER="'labels'")
    run = run_recipe(with_data(source, data_code(tmp_path / "in")), tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    written = pd.read_parquet(tmp_path / "labels")
    pd.testing.assert_series_equal(written["segment"].sort_index(),
                                   run.segments["segment"].sort_index(), check_dtype=False)
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith("tmp")]
    assert not leftovers

    again = run_recipe(with_data(source, data_code(tmp_path / "in")), tmp_path)
    assert "ValueError: OUTPUT_FOLDER labels exists" in again.stderr


def test_spark_engine_agrees_ends_its_java_process_and_runs_again(tmp_path):
    """Run twice in one interpreter, as when a notebook cell is run again: each run ends
    the Java process it started (spark.stop() alone would leave it holding memory)."""
    pytest.importorskip("pyspark")
    table, truth = write_folder(tmp_path / "in", 3_000)
    source = settings(SOURCE, ENGINE='"spark"', K_RANGE="range(3, 6)", MIN_ROWS="100")
    once = with_data(source, data_code(tmp_path / "in")) + (
        "\nfrom pyspark import SparkContext\n"
        "print('Java process left running:', SparkContext._gateway is not None)\n")
    run = run_recipe(once + "\n" + once, tmp_path, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stderr == "", run.stderr[-2000:]
    assert run.stdout.count("Java process left running: False") == 2
    aligned = run.segments["segment"].reindex(table["customer_id"]).to_numpy()
    assert adjusted_rand_score(truth, aligned) > 0.9


def test_spark_engine_reports_missing_values_and_duplicate_ids_together(tmp_path):
    pytest.importorskip("pyspark")
    write_folder(tmp_path / "in", 2_000)
    chunk = pd.read_parquet(tmp_path / "in" / "part-2.parquet")
    chunk.loc[chunk.index[3], "b"] = np.nan
    chunk.to_parquet(tmp_path / "in" / "part-2.parquet", index=False)
    chunk = pd.read_parquet(tmp_path / "in" / "part-1.parquet")
    chunk.loc[chunk.index[0], "customer_id"] = 1000
    chunk.to_parquet(tmp_path / "in" / "part-1.parquet", index=False)
    source = settings(SOURCE, ENGINE='"spark"')
    run = run_recipe(with_data(source, data_code(tmp_path / "in")), tmp_path, timeout=600)
    assert run.returncode != 0 and run.segments is None
    assert "1 row in column 'b' (files part-2.parquet)" in run.stderr
    assert "1 row repeats a 'customer_id' already seen (ids 1000; files part-" in run.stderr


def identical_rows_folder(folder, values, repeats):
    """One Parquet file in which each row of `values` stands `repeats` times."""
    table = pd.DataFrame(np.repeat(np.asarray(values, dtype=float), repeats, axis=0),
                         columns=["a", "b"])
    table.insert(0, "customer_id", np.arange(len(table)))
    folder.mkdir()
    table.to_parquet(folder / "part-0.parquet", index=False)


def test_few_distinct_rows_skip_the_larger_k_with_a_warning_and_no_stderr(tmp_path):
    """Each k starts from a KMeans fit on the sample, which cannot find more clusters than
    distinct rows: those k are skipped, said on stdout, never a library warning."""
    identical_rows_folder(tmp_path / "in", [[1, 2], [5, 1], [9, 9]], 400)
    run = run_recipe(with_data(SOURCE, data_code(tmp_path / "in")), tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stderr == ""
    assert "Warning: the sampled rows take only 3 distinct values, so k above 3" in run.stdout
    assert run.segments["segment"].nunique() == 3


def test_identical_rows_stop_with_what_to_check(tmp_path):
    identical_rows_folder(tmp_path / "in", [[1, 1]], 500)
    run = run_recipe(with_data(SOURCE, data_code(tmp_path / "in")), tmp_path)
    assert_stops(run, "only 1 distinct value(s)", "nothing to cluster", "constant?")


def test_a_saved_pandas_index_is_left_out_not_clustered(tmp_path):
    """Files filtered with pandas and written back with their index carry a column
    __index_level_0__: neither engine may take it for a feature."""
    table, truth = write_folder(tmp_path / "in", 3_000)
    for path in (tmp_path / "in").glob("*.parquet"):
        chunk = pd.read_parquet(path)
        chunk[chunk.index % 7 != 0].to_parquet(path)  # a filtered index is written as a column
    assert "__index_level_0__" in pq.read_schema(tmp_path / "in" / "part-0.parquet").names
    kept = pd.concat(pd.read_parquet(p) for p in sorted((tmp_path / "in").glob("*.parquet")))
    truth = pd.Series(truth, index=table["customer_id"]).loc[kept["customer_id"]].to_numpy()
    table = kept
    for engine in ("sklearn", "spark"):
        if engine == "spark":
            pytest.importorskip("pyspark")
        folder = tmp_path / engine
        folder.mkdir()
        source = settings(SOURCE, ENGINE=f'"{engine}"', K_RANGE="range(3, 6)")
        run = run_recipe(with_data(source, data_code(tmp_path / "in")), folder, timeout=600)
        assert run.returncode == 0, run.stderr[-2000:]
        assert "is a pandas index saved with the data, not a feature" in run.stdout
        assert "__index_level_0__" not in run.stdout.split("segment", 1)[-1]  # not profiled
        aligned = run.segments["segment"].reindex(table["customer_id"]).to_numpy()
        assert adjusted_rand_score(truth, aligned) > 0.9, engine


def test_files_with_different_columns_are_named(tmp_path):
    write_folder(tmp_path / "in", 2_000)
    chunk = pd.read_parquet(tmp_path / "in" / "part-3.parquet")
    chunk.drop(columns="c").to_parquet(tmp_path / "in" / "part-3.parquet", index=False)
    run = run_recipe(with_data(SOURCE, data_code(tmp_path / "in")), tmp_path)
    assert_stops(run, "files ['part-3.parquet'] do not have the columns of part-0.parquet",
                 "same columns")


def test_missing_ids_infinite_values_and_empty_files(tmp_path):
    write_folder(tmp_path / "in", 2_000)
    chunk = pd.read_parquet(tmp_path / "in" / "part-1.parquet")
    chunk["customer_id"] = chunk["customer_id"].astype("float")
    chunk.loc[chunk.index[:2], "customer_id"] = np.nan
    chunk.loc[chunk.index[5], "a"] = np.inf
    chunk.to_parquet(tmp_path / "in" / "part-1.parquet", index=False)
    chunk.iloc[:0].to_parquet(tmp_path / "in" / "part-9-empty.parquet", index=False)
    run = run_recipe(with_data(SOURCE, data_code(tmp_path / "in")), tmp_path)
    assert_stops(run, "missing or infinite values: 1 row in column 'a' (files part-1.parquet)",
                 "2 rows without a 'customer_id'")
    assert "repeat" not in run.stderr  # missing ids are not duplicates


def test_noise_is_flagged_as_weak_structure(tmp_path):
    rng = np.random.default_rng(1)
    table = pd.DataFrame(rng.uniform(size=(3_000, 3)), columns=["a", "b", "c"])  # best about 0.25
    table.insert(0, "customer_id", np.arange(3_000))
    (tmp_path / "in").mkdir()
    table.to_parquet(tmp_path / "in" / "part-0.parquet", index=False)
    run = run_recipe(with_data(SOURCE, data_code(tmp_path / "in")), tmp_path)
    assert run.returncode == 0 and run.stderr == "", run.stderr[-2000:]
    assert "Warning: the best silhouette is only" in run.stdout
    assert "no clear groups" in run.stdout


def test_missing_output_parent_is_a_clear_error(tmp_path):
    write_folder(tmp_path / "in", 500)
    source = settings(SOURCE, OUTPUT_FOLDER=repr(str(tmp_path / "nope" / "labels")))
    run = run_recipe(with_data(source, data_code(tmp_path / "in")), tmp_path)
    assert_stops(run, "does not exist: create it first")


def test_spark_errors_are_readable(tmp_path):
    """A Java-side failure (here int and float files that cannot be merged) is reported
    with Spark's own words, read before the Java process ends."""
    pytest.importorskip("pyspark")
    write_folder(tmp_path / "in", 400, n_files=2)
    chunk = pd.read_parquet(tmp_path / "in" / "part-0.parquet")
    chunk["a"] = chunk["a"].round().astype(int)
    chunk.to_parquet(tmp_path / "in" / "part-0.parquet", index=False)
    source = settings(SOURCE, ENGINE='"spark"')
    run = run_recipe(with_data(source, data_code(tmp_path / "in")), tmp_path, timeout=600)
    assert run.returncode != 0
    assert "RuntimeError: Spark failed: " in run.stderr
    assert "CANNOT_MERGE_SCHEMAS" in run.stderr and "str() failed" not in run.stderr
