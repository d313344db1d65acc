"""helpers.plotting: the k-means figures of notebooks 02 and 03."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from helpers import plotting

X = np.array([[0.0, 0.0], [0.2, 0.1], [3.0, 3.0], [3.1, 2.8], [6.0, 0.0]])
LABELS = np.array([0, 0, 1, 1, 2])
CENTERS = np.array([[0.1, 0.05], [3.05, 2.9], [6.0, 0.0]])


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_all_new_plots_are_exported():
    for name in ["plot_cluster_grid", "plot_kmeans_iterations", "plot_k_selection",
                 "plot_confusion_matrix"]:
        assert name in plotting.__all__


def test_cluster_grid_panels_in_order_and_spare_axes_hidden():
    fig = plotting.plot_cluster_grid(
        {"a": (X, LABELS), "b": (X, LABELS, CENTERS), "c": (X, None), "d": (X, LABELS)},
        ncols=3, title="whole",
    )
    assert isinstance(fig, Figure)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in visible] == ["a", "b", "c", "d"]
    assert len(fig.axes) == 6
    assert fig.get_suptitle() == "whole"
    assert visible[1].get_legend() is None  # small multiples carry no legends


def test_cluster_grid_bad_input():
    with pytest.raises(ValueError, match="at least one panel"):
        plotting.plot_cluster_grid({})
    with pytest.raises(ValueError, match="ncols must be at least 1"):
        plotting.plot_cluster_grid({"a": (X, LABELS)}, ncols=0)
    with pytest.raises(ValueError, match="panel 'a' must be a tuple"):
        plotting.plot_cluster_grid({"a": X})
    with pytest.raises(ValueError, match="labels must have one entry per point"):
        plotting.plot_cluster_grid({"a": (X, LABELS[:3])})


def test_kmeans_iterations_draw_one_arrow_per_centroid():
    start = CENTERS + 1.0
    fig = plotting.plot_kmeans_iterations(X, [start, CENTERS, CENTERS], [LABELS, LABELS],
                                          title="moves")
    assert fig.get_suptitle() == "moves"
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in panels] == ["iteration 1", "iteration 2"]
    assert len(panels[0].texts) == 3  # annotate() arrows are texts
    legend = panels[0].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == [
        "centroid before the update", "centroid after the update"]
    assert panels[1].get_legend() is None
    bare = plotting.plot_kmeans_iterations(X, [start, CENTERS], [LABELS], legend=False)
    assert bare.axes[0].get_legend() is None


def test_kmeans_iterations_single_cluster():
    fig = plotting.plot_kmeans_iterations(X, [X[:1], X[:1]], [np.zeros(5, dtype=int)])
    assert fig.axes[0].get_title() == "iteration 1"


def test_kmeans_iterations_bad_input():
    with pytest.raises(ValueError, match="at least one iteration"):
        plotting.plot_kmeans_iterations(X, [CENTERS], [])
    with pytest.raises(ValueError, match="one entry more than labels_history"):
        plotting.plot_kmeans_iterations(X, [CENTERS], [LABELS])
    with pytest.raises(ValueError, match="labels must have one entry per point"):
        plotting.plot_kmeans_iterations(X, [CENTERS, CENTERS], [LABELS[:2]])


def test_k_selection_figure():
    scores = pd.DataFrame({"inertia": [9.0, 4.0, 3.5], "silhouette": [0.5, 0.7, 0.4]},
                          index=pd.Index([2, 3, 4], name="k"))
    fig = plotting.plot_k_selection(scores, best_k=3)
    left, right = fig.axes
    assert list(left.get_xticks()) == [2, 3, 4]
    assert left.get_xlabel() == right.get_xlabel() == "number of clusters k"
    with pytest.raises(ValueError, match="missing \\['silhouette'\\]"):
        plotting.plot_k_selection(scores[["inertia"]])
    with pytest.raises(ValueError, match="empty"):
        plotting.plot_k_selection(scores.iloc[:0])


def test_k_selection_silhouette_range():
    scores = pd.DataFrame({"inertia": [9.0, 4.0, 3.5], "silhouette": [0.5, 0.7, 0.4]},
                          index=pd.Index([2, 3, 4], name="k"))
    default = plotting.plot_k_selection(scores).axes[1].get_ylim()
    assert default[0] > 0.3  # fitted to the scores unless asked otherwise
    assert plotting.plot_k_selection(scores, silhouette_range=(0, 1)).axes[1].get_ylim() == (0, 1)
    assert plotting.plot_k_selection(scores, silhouette_range=(-1, 1)).axes[1].get_ylim() == (-1, 1)
    for bad in [(1, 0), (0, 2), (0,)]:
        with pytest.raises(ValueError, match="silhouette_range"):
            plotting.plot_k_selection(scores, silhouette_range=bad)


def test_confusion_matrix_counts_and_axes():
    ax = plotting.plot_confusion_matrix(["a", "a", "b", "c"], ["a", "b", "b", "b"],
                                        title="train")
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["1", "1", "0", "0", "1", "0", "0", "1", "0"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c"]
    assert ax.get_title() == "train"


def test_confusion_matrix_on_given_axes_and_bad_input():
    fig, (left, right) = plt.subplots(1, 2)
    assert plotting.plot_confusion_matrix([0, 1], [0, 1], ax=right) is right
    assert not left.images
    single = plotting.plot_confusion_matrix([0, 0, 0], [0, 0, 0])
    assert [t.get_text() for t in single.texts] == ["3"]
    with pytest.raises(ValueError, match="same length, got 2 and 3"):
        plotting.plot_confusion_matrix([0, 1], [0, 1, 1])
    with pytest.raises(ValueError, match="empty"):
        plotting.plot_confusion_matrix([], [])


def test_confusion_matrix_normalized_by_row_keeps_counts_as_text():
    true = [0] * 90 + [1] * 10
    pred = [0] * 80 + [1] * 10 + [1] * 9 + [0]
    counts = plotting.plot_confusion_matrix(true, pred)
    assert counts.images[0].get_clim() == (0, 80)
    shares = plotting.plot_confusion_matrix(true, pred, normalize=True)
    assert shares.images[0].get_clim() == (0, 1.0)
    np.testing.assert_allclose(shares.images[0].get_array(), [[80 / 90, 10 / 90], [0.1, 0.9]])
    assert [t.get_text() for t in shares.texts] == ["80", "10", "1", "9"]
    # the small class's diagonal is dark too: its text turns white like the big one's
    assert shares.texts[3].get_color() == shares.texts[0].get_color() == "white"


def test_confusion_matrix_normalized_with_a_class_never_true():
    ax = plotting.plot_confusion_matrix([0, 0], [0, 1], normalize=True)
    np.testing.assert_allclose(ax.images[0].get_array(), [[0.5, 0.5], [0.0, 0.0]])
