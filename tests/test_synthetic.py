"""helpers.synthetic: seeded purchase matrices (notebook 01) and customer tables (notebook 03)."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import StandardScaler

from helpers import synthetic
from helpers.synthetic import CUSTOMER_REGIONS, CUSTOMER_SEGMENTS, make_customer_table

BEHAVIOUR = ["orders_per_year", "avg_order_value", "n_categories", "support_tickets"]


def test_shape_columns_and_types():
    table = make_customer_table(200)
    assert table.shape == (200, 6)
    assert list(table.columns) == BEHAVIOUR + ["region", "segment"]
    assert table.index.name == "customer_id" and table.index[0] == 1
    assert list(table["region"].cat.categories) == list(CUSTOMER_REGIONS)
    assert list(table["segment"].cat.categories) == list(CUSTOMER_SEGMENTS)
    assert table["n_categories"].between(1, 10).all()
    assert (table[BEHAVIOUR] >= 0).all().all()


def test_seeded():
    pd.testing.assert_frame_equal(make_customer_table(50), make_customer_table(50))
    assert not make_customer_table(50).equals(make_customer_table(50, random_state=1))


def test_segments_are_behavioural_and_regions_are_not():
    table = make_customer_table()
    X = StandardScaler().fit_transform(table[BEHAVIOUR])
    labels = KMeans(n_clusters=3, n_init=10, random_state=42).fit_predict(X)
    assert adjusted_rand_score(table["segment"], labels) > 0.8
    assert abs(adjusted_rand_score(table["region"], labels)) < 0.05


def test_a_single_customer():
    assert make_customer_table(1).shape == (1, 6)


@pytest.mark.parametrize("bad", [0, -3, 2.5, True, "10", np.float64(4.0)])
def test_bad_sizes(bad):
    with pytest.raises(ValueError, match="n_customers must be a positive integer"):
        make_customer_table(bad)


# --- make_purchase_matrix --------------------------------------------------------

SMALL = dict(n_customers=2_000, n_products=300, n_segments=4, density=0.03, n_favourites=30)


def test_purchase_matrix_shapes_and_types():
    result = synthetic.make_purchase_matrix(**SMALL)
    assert isinstance(result.matrix, sparse.csr_array)
    assert result.matrix.shape == (2_000, 300) and result.matrix.dtype == np.float64
    assert result.segments.shape == (2_000,)
    assert set(np.unique(result.segments)) == {0, 1, 2, 3}
    assert result.favourites.shape == (4, 30)
    assert np.unique(result.favourites).size == 120  # the favourite sets are disjoint
    assert result.matrix.has_canonical_format
    assert result.matrix.indices.dtype == np.int32 and result.matrix.indptr.dtype == np.int32
    assert (result.matrix.data >= 1).all()
    assert (result.matrix.sum(axis=1) > 0).all()  # every customer bought something


def test_purchase_matrix_density_close_to_target():
    result = synthetic.make_purchase_matrix(**SMALL)
    density = result.matrix.nnz / np.prod(result.matrix.shape)
    assert 0.8 * 0.03 < density <= 0.03 * 1.05


def test_purchase_matrix_is_seeded():
    first = synthetic.make_purchase_matrix(**SMALL, random_state=7)
    again = synthetic.make_purchase_matrix(**SMALL, random_state=7)
    other = synthetic.make_purchase_matrix(**SMALL, random_state=8)
    assert (first.matrix != again.matrix).nnz == 0
    assert np.array_equal(first.segments, again.segments)
    assert not np.array_equal(first.segments, other.segments)


def test_full_loyalty_buys_only_favourites():
    result = synthetic.make_purchase_matrix(**SMALL, loyalty=1.0)
    coo = result.matrix.tocoo()
    segment_of_entry = result.segments[coo.row]
    allowed = np.zeros((4, 300), dtype=bool)
    np.put_along_axis(allowed, result.favourites, True, axis=1)
    assert allowed[segment_of_entry, coo.col].all()


def test_purchase_matrix_fast_at_scale():
    start = time.perf_counter()
    result = synthetic.make_purchase_matrix(100_000, 5_000)
    assert time.perf_counter() - start < 10
    assert result.matrix.shape == (100_000, 5_000)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_customers": 0}, "n_customers must be a positive integer"),
        ({"n_products": 2.5}, "n_products must be a positive integer"),
        ({"density": 0.0}, "density must be in"),
        ({"density": 1.5}, "density must be in"),
        ({"loyalty": -0.1}, "loyalty must be in"),
        ({"n_segments": 20, "n_favourites": 30}, "do not fit in n_products = 300"),
    ],
)
def test_purchase_matrix_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        synthetic.make_purchase_matrix(**{**SMALL, **kwargs})


# --- write_purchase_parquet ------------------------------------------------------

def test_parquet_folder_has_chunks_columns_and_ids(tmp_path):
    import pyarrow.parquet as pq

    written = synthetic.write_purchase_parquet(tmp_path / "p", 2_500, chunk_size=1_000)
    files = sorted((tmp_path / "p").glob("*.parquet"))
    assert written.n_files == 3 and [f.name for f in files] == [
        "part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    assert [pq.ParquetFile(f).metadata.num_rows for f in files] == [1_000, 1_000, 500]
    table = pd.read_parquet(tmp_path / "p")
    assert list(table.columns) == ["customer_id", *written.features, "planted_segment"]
    assert len(written.features) == len(synthetic.SPEND_CATEGORIES)
    assert np.array_equal(table["customer_id"], np.arange(1, 2_501))
    assert (table[written.features].dtypes == np.float32).all()
    assert (table[written.features] >= 0).all().all()
    assert set(table["planted_segment"]) == {0, 1, 2, 3, 4}
    assert not list(tmp_path.glob(".p-*")), "the staging folder is gone"


def test_parquet_is_seeded_and_planted_segments_are_recoverable(tmp_path):
    first = synthetic.write_purchase_parquet(tmp_path / "a", 3_000, chunk_size=1_000)
    synthetic.write_purchase_parquet(tmp_path / "b", 3_000, chunk_size=1_000)
    synthetic.write_purchase_parquet(tmp_path / "c", 3_000, chunk_size=1_000, random_state=1)
    a, b, c = (pd.read_parquet(tmp_path / name) for name in "abc")
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)
    spend = a[first.features].to_numpy()
    shares = spend / spend.sum(axis=1, keepdims=True)
    labels = KMeans(n_clusters=5, n_init=3, random_state=42).fit_predict(shares)
    assert adjusted_rand_score(a["planted_segment"], labels) > 0.9
    # raw amounts mostly say how much a customer spends, not what
    raw = KMeans(n_clusters=5, n_init=3, random_state=42).fit_predict(spend)
    assert adjusted_rand_score(a["planted_segment"], raw) < 0.5
    # each segment's favourites get the largest mean shares
    for segment, favourites in enumerate(first.favourites):
        means = shares[a["planted_segment"] == segment].mean(axis=0)
        assert set(np.argsort(means)[-len(favourites):]) == set(favourites)


def test_parquet_memory_is_bounded_by_the_chunk(tmp_path):
    """Four times the rows, the same chunk: the same peak memory."""
    import tracemalloc

    peaks = []
    for n in (50_000, 200_000):
        tracemalloc.start()
        synthetic.write_purchase_parquet(tmp_path / f"n{n}", n, chunk_size=10_000)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    assert peaks[1] < 1.3 * peaks[0], peaks
    assert peaks[1] < 200_000 * 12 * 4 / 2, "well under the table's size"


def test_parquet_refuses_to_overwrite_and_leaves_nothing_on_error(tmp_path, monkeypatch):
    synthetic.write_purchase_parquet(tmp_path / "p", 10, chunk_size=4)
    with pytest.raises(ValueError, match="exists; pass overwrite=True"):
        synthetic.write_purchase_parquet(tmp_path / "p", 10)
    synthetic.write_purchase_parquet(tmp_path / "p", 12, chunk_size=4, overwrite=True)
    assert len(pd.read_parquet(tmp_path / "p")) == 12

    import pyarrow.parquet as pq

    calls = []

    def failing_write(table, where):
        calls.append(where)
        if len(calls) == 2:
            raise OSError("disk full")
        return original(table, where)

    original = pq.write_table
    monkeypatch.setattr(pq, "write_table", failing_write)
    with pytest.raises(OSError, match="disk full"):
        synthetic.write_purchase_parquet(tmp_path / "q", 10, chunk_size=4)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p"], "nothing half-written"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_customers": 0}, "n_customers must be a positive integer"),
        ({"n_customers": 2.5}, "n_customers must be a positive integer"),
        ({"chunk_size": True}, "chunk_size must be a positive integer"),
        ({"loyalty": 1.0}, "loyalty must be in"),
        ({"n_segments": 7}, "do not fit in the 12 categories"),
    ],
)
def test_parquet_bad_input(tmp_path, kwargs, message):
    with pytest.raises(ValueError, match=message):
        synthetic.write_purchase_parquet(tmp_path / "p", **{"n_customers": 10, **kwargs})
    assert not (tmp_path / "p").exists()
