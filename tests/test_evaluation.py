"""helpers.evaluation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl
import pytest

from helpers.evaluation import cluster_profiles

TABLE = pd.DataFrame({
    "spend": [10.0, 12.0, 50.0, 7.0, 9.0],
    "visits": [1, 2, 3, 4, 5],
    "member": [True, False, True, True, False],
    "region": pd.Categorical(["b", "a", "b", "c", "a"]),
})
LABELS = np.array([1, 1, 0, 0, 2])


def test_profiles_pandas():
    profiles = cluster_profiles(TABLE, LABELS)
    assert list(profiles.index) == [0, 1, 2] and profiles.index.name == "cluster"
    assert list(profiles["size"]) == [2, 2, 1]
    assert profiles.loc[0, "spend"] == pytest.approx(28.5)
    assert profiles.loc[1, "member=True"] == pytest.approx(0.5)
    assert profiles.loc[1, ["region=a", "region=b", "region=c"]].tolist() == [0.5, 0.5, 0.0]


def test_pandas_and_polars_agree():
    from_pandas = cluster_profiles(TABLE, LABELS)
    from_polars = cluster_profiles(pl.from_pandas(TABLE), LABELS)
    pd.testing.assert_frame_equal(from_pandas, from_polars, check_dtype=False)
    assert list(from_pandas.columns) == list(from_polars.columns)


def test_profiles_without_size_and_with_a_custom_index():
    table = TABLE.set_index(pd.Index(list("vwxyz")))
    profiles = cluster_profiles(table, LABELS, size=False)
    assert "size" not in profiles and profiles.loc[2, "visits"] == 5


def test_single_cluster():
    profiles = cluster_profiles(TABLE[["spend"]], np.zeros(5, dtype=int))
    assert profiles.shape == (1, 2)
    assert profiles.loc[0, "spend"] == pytest.approx(TABLE["spend"].mean())


@pytest.mark.parametrize("frame", [TABLE, pl.from_pandas(TABLE)], ids=["pandas", "polars"])
def test_labels_of_the_wrong_length(frame):
    with pytest.raises(ValueError, match="table has 5 rows, labels has 3"):
        cluster_profiles(frame, [0, 1, 0])


def test_bad_inputs():
    with pytest.raises(TypeError, match="pandas or polars DataFrame"):
        cluster_profiles(TABLE.to_numpy(), LABELS)
    with pytest.raises(ValueError, match="no rows"):
        cluster_profiles(TABLE.iloc[:0], [])
