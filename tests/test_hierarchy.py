"""helpers.hierarchy: scikit-learn trees as SciPy linkage matrices, cuts and plots."""

from __future__ import annotations

from types import SimpleNamespace

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex
from scipy.cluster.hierarchy import dendrogram, fcluster, linkage, to_tree
from sklearn.cluster import AgglomerativeClustering
from sklearn.datasets import make_blobs
from sklearn.metrics import adjusted_rand_score

from helpers import hierarchy
from helpers.plotting import cluster_colors

X, _ = make_blobs(n_samples=60, centers=3, cluster_std=0.8, random_state=42)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def full_tree(linkage_name: str = "ward", data: np.ndarray = X) -> AgglomerativeClustering:
    return AgglomerativeClustering(distance_threshold=0, n_clusters=None,
                                   linkage=linkage_name).fit(data)


@pytest.mark.parametrize("method", ["ward", "complete", "average", "single"])
def test_sklearn_tree_agrees_with_scipy_linkage(method):
    from_model = hierarchy.linkage_from_model(full_tree(method))
    from_scipy = linkage(X, method)
    np.testing.assert_allclose(np.sort(from_model[:, 2]), from_scipy[:, 2], rtol=1e-10)
    np.testing.assert_array_equal(np.sort(from_model[:, 3]), np.sort(from_scipy[:, 3]))
    for k in (2, 3, 5):
        ari = adjusted_rand_score(fcluster(from_model, k, "maxclust"),
                                  fcluster(from_scipy, k, "maxclust"))
        assert ari == pytest.approx(1.0)


def test_linkage_matches_the_model_labels():
    Z = hierarchy.linkage_from_model(full_tree())
    labels = AgglomerativeClustering(n_clusters=3).fit_predict(X)
    assert adjusted_rand_score(labels, fcluster(Z, 3, "maxclust")) == pytest.approx(1.0)
    assert Z[-1, 3] == len(X)


def test_compute_distances_with_full_tree_is_accepted():
    model = AgglomerativeClustering(n_clusters=3, compute_distances=True,
                                    compute_full_tree=True).fit(X)
    assert hierarchy.linkage_from_model(model).shape == (len(X) - 1, 4)


def test_unfitted_model_is_refused():
    with pytest.raises(ValueError, match="fitted"):
        hierarchy.linkage_from_model(AgglomerativeClustering())


def test_model_without_distances_is_refused():
    model = AgglomerativeClustering(n_clusters=3).fit(X)
    with pytest.raises(ValueError, match="distance_threshold"):
        hierarchy.linkage_from_model(model)


def test_partial_tree_or_mismatched_lengths_are_refused():
    model = full_tree()
    partial = SimpleNamespace(children_=model.children_[:10], distances_=model.distances_[:10],
                              labels_=model.labels_)
    with pytest.raises(ValueError, match="compute_full_tree"):
        hierarchy.linkage_from_model(partial)
    too_few_labels = SimpleNamespace(children_=model.children_, distances_=model.distances_,
                                     labels_=model.labels_[:-1])
    with pytest.raises(ValueError, match="merges"):
        hierarchy.linkage_from_model(too_few_labels)


def test_cut_height_gives_k_clusters():
    Z = linkage(X, "ward")
    for k in (1, 2, 3, 4, 10, len(X)):
        height = hierarchy.cut_height(Z, k)
        assert len(np.unique(fcluster(Z, height, "distance"))) == k


@pytest.mark.parametrize("k", [0, -1, len(X) + 1])
def test_cut_with_no_cluster_is_refused(k):
    with pytest.raises(ValueError, match="k must be between 1"):
        hierarchy.cut_height(linkage(X, "ward"), k)


def test_cut_between_tied_merges_is_refused():
    Z = linkage(np.array([[0.0], [1.0], [5.0], [6.0]]), "single")  # two merges at 1
    with pytest.raises(ValueError, match="share the height"):
        hierarchy.cut_height(Z, 3)


def test_bad_linkage_is_refused():
    with pytest.raises(ValueError, match="shape"):
        hierarchy.cut_height(np.zeros((3, 3)), 2)
    with pytest.raises(ValueError, match="valid linkage"):
        hierarchy.cut_height(np.array([[0, 5, 1.0, 2], [1, 2, 2.0, 3]]), 2)


def test_merge_gaps():
    Z = linkage(X, "ward")
    gaps = hierarchy.merge_gaps(Z, max_k=6)
    assert list(gaps.index) == [1, 2, 3, 4, 5, 6]
    assert gaps.loc[2, "to"] == Z[-1, 2] and gaps.loc[2, "from"] == Z[-2, 2]
    assert gaps.drop(index=1)["gap"].idxmax() == 3  # three blobs
    with pytest.raises(ValueError, match="k must be between 1"):
        hierarchy.merge_gaps(Z, max_k=len(X) + 1)


def test_plot_dendrogram_draws_the_cut():
    Z = linkage(X, "ward")
    ax = hierarchy.plot_dendrogram(Z, k=3, p=12)
    cut = [line for line in ax.lines if line.get_linestyle() == "--"]
    assert len(cut) == 1
    assert cut[0].get_ydata()[0] == pytest.approx(hierarchy.cut_height(Z, 3))
    assert len(ax.get_xticklabels()) == 12
    assert ax.get_ylabel() and ax.get_xlabel() and ax.get_title()


def test_plot_dendrogram_on_given_axes_and_without_cut():
    fig, (left, right) = plt.subplots(1, 2)
    returned = hierarchy.plot_dendrogram(linkage(X, "single"), ax=right, title="single")
    assert returned is right and right.get_title() == "single"
    assert not [line for line in right.lines if line.get_linestyle() == "--"]
    assert hierarchy.plot_dendrogram(linkage(X, "ward")).figure is not fig


def test_plot_dendrogram_bad_input():
    Z = linkage(X, "ward")
    with pytest.raises(ValueError, match="k must be between 1"):
        hierarchy.plot_dendrogram(Z, k=0)
    with pytest.raises(ValueError, match="p must be"):
        hierarchy.plot_dendrogram(Z, k=2, p=1)


def test_plot_merge_heights():
    Z = linkage(X, "ward")
    ax = hierarchy.plot_merge_heights(Z, k=3, max_k=8)
    assert len(ax.patches) == 7  # k = 2 .. 8
    assert ax.get_xlabel() and ax.get_ylabel()
    fig, other = plt.subplots()
    assert hierarchy.plot_merge_heights(Z, ax=other) is other
    with pytest.raises(ValueError, match="k must be between 1"):
        hierarchy.plot_merge_heights(Z, k=20, max_k=8)


def test_plot_dendrogram_colours_follow_fcluster_labels():
    # leaf labels take the colour of their fcluster cluster, also for a one-sample cluster
    Z = linkage(np.vstack([X, [[40.0, 40.0]]]), "single")
    k = 4
    ax = hierarchy.plot_dendrogram(Z, k=k, p=12)
    labels = fcluster(Z, k, "maxclust")
    colors = cluster_colors(k)
    leaves = dendrogram(Z, truncate_mode="lastp", p=12, no_plot=True)["leaves"]
    n = len(Z) + 1
    singletons = [leaf for leaf in leaves if leaf < n and np.sum(labels == labels[leaf]) == 1]
    assert singletons, "the far point should be a cluster of its own"
    nodes = to_tree(Z, rd=True)[1]  # every node of the tree, by id
    members = {leaf: nodes[leaf].pre_order() for leaf in leaves}
    for tick, leaf in zip(ax.get_xticklabels(), leaves, strict=True):
        assert len(set(labels[members[leaf]])) == 1
        expected = colors[labels[members[leaf][0]] - 1]
        assert to_hex(tick.get_color()) == to_hex(expected)
    names = [t.get_text() for t in ax.get_legend().get_texts()]
    sizes = np.bincount(labels)
    assert names[1:] == [f"cluster {i}" + (" (1 sample)" if sizes[i] == 1 else "")
                         for i in range(1, k + 1)]


def test_plot_merge_heights_labels_every_gap():
    Z = linkage(X, "ward")
    ax = hierarchy.plot_merge_heights(Z, k=3, max_k=8)
    gaps = hierarchy.merge_gaps(Z, max_k=8).drop(index=1)
    assert [t.get_text() for t in ax.texts] == [f"{gap:.2f}" for gap in gaps["gap"]]
    assert not ax.lines  # no connecting line to decode
    assert all(patch.get_linewidth() > 0 for patch in ax.patches)  # even a zero gap shows


def test_plot_dendrogram_draws_no_marks_for_hidden_merges():
    # one mark per merge below the view made a real table slow to draw and unreadable
    from matplotlib.patches import Ellipse

    ax = hierarchy.plot_dendrogram(linkage(X, "ward"), k=3, p=6)
    assert not [artist for artist in ax.get_children() if isinstance(artist, Ellipse)]
