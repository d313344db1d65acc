"""helpers.compare: fitting many models, scoring them with and without labels, the grid."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from sklearn.cluster import DBSCAN, KMeans
from sklearn.datasets import make_blobs
from sklearn.metrics import adjusted_rand_score, silhouette_score
from sklearn.mixture import GaussianMixture

from helpers.compare import (COLUMNS, MIN_ROWS, _ari, compare_models, fit_models,
                             plot_fit_grid, plot_silhouette, score_fits)


@pytest.fixture
def blobs():
    X, y = make_blobs(n_samples=90, centers=3, cluster_std=0.6, random_state=42)
    return X, y


def test_one_row_per_setting_in_order(blobs):
    X, y = blobs
    table = compare_models(
        X, {"k-means": (KMeans(n_init=2), {"n_clusters": [2, 3, 4]}),
            "mixture": GaussianMixture(n_components=3)},
        labels_true=y, n_bootstrap=2)
    assert list(table.index) == ["k-means (n_clusters=2)", "k-means (n_clusters=3)",
                                 "k-means (n_clusters=4)", "mixture"]
    assert list(table.columns) == COLUMNS
    assert table.loc["k-means (n_clusters=3)", "clusters"] == 3
    assert table.loc["k-means (n_clusters=3)", "params"] == "n_clusters=3"
    assert table.loc["mixture", "ari"] == pytest.approx(1.0)
    assert (table["fit_seconds"] >= 0).all()
    assert table["note"].eq("").all()


def test_scores_match_scikit_learn(blobs):
    X, y = blobs
    table = compare_models(X, {"k-means": KMeans(n_clusters=3, n_init=2)}, n_bootstrap=0)
    labels = KMeans(n_clusters=3, n_init=2, random_state=42).fit_predict(X)
    row = table.iloc[0]
    assert row["silhouette"] == pytest.approx(silhouette_score(X, labels))
    assert np.isnan(row["stability"]) and np.isnan(row["ari"])


def test_seeded_and_repeatable(blobs):
    X, _ = blobs
    models = {"k-means": KMeans(n_clusters=3, n_init=1)}
    one = compare_models(X, models, n_bootstrap=3).drop(columns="fit_seconds")
    two = compare_models(X, models, n_bootstrap=3).drop(columns="fit_seconds")
    pd.testing.assert_frame_equal(one, two)


def test_stability_is_high_for_clear_blobs_and_lower_for_noise(blobs):
    X, _ = blobs
    noise = np.random.default_rng(0).uniform(size=(90, 2))
    clear = compare_models(X, {"k": KMeans(n_clusters=3, n_init=4)}, n_bootstrap=4)
    vague = compare_models(noise, {"k": KMeans(n_clusters=5, n_init=4)}, n_bootstrap=4)
    assert clear["stability"].iloc[0] > 0.95
    assert vague["stability"].iloc[0] < clear["stability"].iloc[0]


def test_all_noise_and_one_cluster_give_nan_with_a_reason(blobs):
    X, _ = blobs
    table = compare_models(X, {"all noise": DBSCAN(eps=1e-6),
                               "one cluster": DBSCAN(eps=100.0)}, n_bootstrap=1)
    assert table.loc["all noise", "clusters"] == 0
    assert table.loc["all noise", "noise_share"] == 1.0
    assert "every point is noise" in table.loc["all noise", "note"]
    assert table.loc["one cluster", "clusters"] == 1
    assert "one cluster" in table.loc["one cluster", "note"]
    for name in table.index:
        assert table.loc[name, ["silhouette", "davies_bouldin", "calinski_harabasz"]].isna().all()


def test_noise_is_left_out_of_the_internal_scores(blobs):
    X, _ = blobs
    X = np.r_[X, [[40.0, 40.0]]]  # one far outlier that DBSCAN calls noise
    fits = fit_models(X, {"dbscan": DBSCAN(eps=1.5, min_samples=4)})
    labels = fits[0].labels
    assert labels[-1] == -1
    table = score_fits(X, fits, n_bootstrap=0)
    kept = labels != -1
    assert table["silhouette"].iloc[0] == pytest.approx(silhouette_score(X[kept], labels[kept]))
    assert table["noise_share"].iloc[0] == pytest.approx(np.mean(labels == -1))


def test_silhouette_is_sampled_on_many_rows():
    X, _ = make_blobs(n_samples=600, centers=3, random_state=42)
    full = compare_models(X, {"k": KMeans(n_clusters=3, n_init=1)}, n_bootstrap=0,
                          silhouette_sample=10_000)
    sampled = compare_models(X, {"k": KMeans(n_clusters=3, n_init=1)}, n_bootstrap=0,
                             silhouette_sample=200)
    again = compare_models(X, {"k": KMeans(n_clusters=3, n_init=1)}, n_bootstrap=0,
                           silhouette_sample=200)
    assert sampled["silhouette"].iloc[0] != full["silhouette"].iloc[0]
    assert sampled["silhouette"].iloc[0] == again["silhouette"].iloc[0]
    assert sampled["silhouette"].iloc[0] == pytest.approx(full["silhouette"].iloc[0], abs=0.05)


def test_warnings_are_reported_in_the_note_not_raised():
    X = np.repeat([[0.0, 0.0], [1.0, 1.0], [5.0, 5.0]], 5, axis=0)  # 3 distinct points
    table = compare_models(X, {"k-means": KMeans(n_clusters=4, n_init=1)}, n_bootstrap=1)
    assert "warning: Number of distinct clusters (3) found smaller" in table["note"].iloc[0]


def test_failed_fit_is_a_row_not_a_crash(blobs):
    X, _ = blobs
    table = compare_models(X, {"too many": KMeans(n_clusters=500, n_init=1),
                               "fine": KMeans(n_clusters=2, n_init=1)}, n_bootstrap=0)
    assert table.loc["too many", "note"].startswith("fit failed")
    assert pd.isna(table.loc["too many", "clusters"])
    assert table.loc["fine", "clusters"] == 2


@pytest.mark.parametrize("bad, message", [
    (np.array([[0.0, np.nan]] + [[1.0, 2.0]] * 20), "NaN"),
    (np.ones((MIN_ROWS - 1, 2)), "at least"),
    (np.ones(20), "2-D"),
    (pd.DataFrame({"a": range(20), "b": ["x"] * 20}), "non-numeric"),
])
def test_bad_data_is_a_clear_error(bad, message):
    with pytest.raises(ValueError, match=message):
        compare_models(bad, {"k": KMeans(n_clusters=2)})


@pytest.mark.parametrize("models, message", [
    ({}, "non-empty"),
    ({"k": (KMeans(), {"n_clusters": []})}, "no values"),
    ({"k": (KMeans(), [])}, "empty"),
    ({"k": (KMeans(), {"n_clustres": [2]})}, "no parameters"),
    ({"k": "kmeans"}, "estimator"),
])
def test_bad_models_are_a_clear_error(blobs, models, message):
    with pytest.raises(ValueError, match=message):
        compare_models(blobs[0], models)


def test_bad_options_are_clear_errors(blobs):
    X, y = blobs
    fits = fit_models(X, {"k": KMeans(n_clusters=2, n_init=1)})
    with pytest.raises(ValueError, match="labels_true"):
        score_fits(X, fits, labels_true=y[:-1])
    with pytest.raises(ValueError, match="n_bootstrap"):
        score_fits(X, fits, n_bootstrap=-1)
    with pytest.raises(ValueError, match="fits is empty"):
        score_fits(X, [])


def test_own_ari_equals_scikit_learn():
    rng = np.random.default_rng(1)
    for _ in range(20):
        a, b = rng.integers(-1, 4, size=50), rng.integers(0, 3, size=50)
        assert _ari(a, b) == pytest.approx(adjusted_rand_score(a, b))
    assert _ari(np.zeros(10), np.zeros(10)) == adjusted_rand_score(np.zeros(10), np.zeros(10))


def test_fit_grid_draws_truth_and_every_fit(blobs):
    X, y = blobs
    models = {"k-means": KMeans(n_clusters=3, n_init=1), "dbscan": DBSCAN(eps=0.5)}
    datasets = {"blobs": (X, y), "shifted": (X + 5, y)}
    fits = {name: fit_models(data, models) for name, (data, _) in datasets.items()}
    fig = plot_fit_grid(datasets, fits, title="grid")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert {"blobs", "shifted", "truth", "k-means", "dbscan"} <= set(texts)
    assert sum(t.startswith("ARI") for t in texts) == 4
    plt.close(fig)


def test_fit_grid_rejects_mismatched_fits(blobs):
    X, y = blobs
    fits = {"a": fit_models(X, {"k": KMeans(n_clusters=2, n_init=1)}),
            "b": fit_models(X, {"other": KMeans(n_clusters=2, n_init=1)})}
    with pytest.raises(ValueError, match="not the same models"):
        plot_fit_grid({"a": (X, y), "b": (X, y)}, fits)
    with pytest.raises(ValueError, match="no fits"):
        plot_fit_grid({"c": (X, y)}, fits)


def test_silhouette_plot(blobs):
    X, _ = blobs
    labels = KMeans(n_clusters=3, n_init=1, random_state=0).fit_predict(X)
    ax = plot_silhouette(X, labels, title="s")
    assert ax.get_title() == "s"
    assert len(ax.patches) == len(X)
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="two clusters"):
        plot_silhouette(X, np.zeros(len(X)))
    with pytest.raises(ValueError, match="one entry per row"):
        plot_silhouette(X, labels[:-1])
