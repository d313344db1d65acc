"""helpers.evaluation: Hungarian label matching and the k-selection scores."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_blobs

from helpers.evaluation import label_mapping, match_labels, score_k_range

TRUE = np.array([0, 0, 0, 1, 1, 1, 2, 2, 2])


def test_a_permutation_is_undone():
    pred = np.array([2, 2, 2, 0, 0, 0, 1, 1, 1])
    assert label_mapping(TRUE, pred) == {0: 1, 1: 2, 2: 0}
    np.testing.assert_array_equal(match_labels(TRUE, pred), TRUE)


def test_matching_maximises_agreement_with_errors():
    pred = np.array([1, 1, 0, 0, 0, 0, 2, 2, 1])
    matched = match_labels(TRUE, pred)
    # cluster 1 -> class 0, cluster 0 -> class 1, cluster 2 -> class 2: 7 of 9 agree
    assert (matched == TRUE).sum() == 7


def test_string_classes_keep_their_dtype():
    true = np.array(["setosa", "setosa", "virginica", "virginica"])
    matched = match_labels(true, [5, 5, 3, 3])
    assert matched.dtype == true.dtype
    assert matched.tolist() == true.tolist()


def test_pandas_series_of_strings_on_both_sides():
    true = pd.Series(["x", "x", "y", "y", "y"])
    pred = pd.Series(["big", "big", "small", "small", "big"])
    assert label_mapping(true, pred) == {"big": "x", "small": "y"}
    assert match_labels(true, pred).tolist() == ["x", "x", "y", "y", "x"]


def test_more_clusters_than_classes_use_the_majority_for_the_extras():
    pred = np.array([0, 0, 0, 1, 1, 3, 2, 2, 2])  # cluster 3 is a piece of class 1
    mapping = label_mapping(TRUE, pred)
    assert mapping == {0: 0, 1: 1, 2: 2, 3: 1}
    np.testing.assert_array_equal(match_labels(TRUE, pred), TRUE)


def test_fewer_clusters_than_classes_leave_a_class_unpredicted():
    pred = np.array([0, 0, 0, 1, 1, 1, 1, 1, 1])
    mapping = label_mapping(TRUE, pred)
    assert len(set(mapping.values())) == 2
    assert set(np.unique(match_labels(TRUE, pred))) < {0, 1, 2}


def test_a_single_cluster_maps_to_the_largest_class():
    true = np.array([0, 1, 1, 1, 2])
    assert label_mapping(true, np.zeros(5, dtype=int)) == {0: 1}
    np.testing.assert_array_equal(match_labels(true, np.zeros(5, dtype=int)), np.ones(5))


@pytest.mark.parametrize("func", [label_mapping, match_labels])
def test_bad_label_arrays(func):
    with pytest.raises(ValueError, match="same length, got 9 and 4"):
        func(TRUE, [0, 1, 0, 1])
    with pytest.raises(ValueError, match="empty"):
        func([], [])


def test_score_k_range_on_blobs():
    X, _ = make_blobs(n_samples=150, centers=3, cluster_std=0.5, random_state=0)
    scores = score_k_range(X, range(2, 6))
    assert isinstance(scores, pd.DataFrame) and scores.index.name == "k"
    assert scores.index.tolist() == [2, 3, 4, 5]
    assert scores["inertia"].is_monotonic_decreasing
    assert scores["silhouette"].idxmax() == 3
    again = score_k_range(X, range(2, 6))
    pd.testing.assert_frame_equal(scores, again)


def test_score_k_range_bad_input():
    X = np.zeros((5, 2))
    with pytest.raises(ValueError, match="at least 2 and below n_samples = 5"):
        score_k_range(X, [1, 2])
    with pytest.raises(ValueError, match="at least 2 and below n_samples = 5"):
        score_k_range(X, [5])
    with pytest.raises(ValueError, match="X must be 2-D"):
        score_k_range(np.zeros(5), [2])
    with pytest.raises(ValueError, match="at least one"):
        score_k_range(X, [])
