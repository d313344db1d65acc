"""helpers.plotting: style, colours and the cluster scatter."""

from __future__ import annotations

import subprocess
import sys

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import polars as pl
import pytest

from helpers import plotting

X = np.array([[0.0, 0.0], [0.2, 0.1], [3.0, 3.0], [3.1, 2.8], [6.0, 0.0]])
LABELS = np.array([0, 0, 1, 1, 2])


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_import_changes_no_style():
    code = (
        "import matplotlib as mpl; before = dict(mpl.rcParams); "
        "import helpers, helpers.plotting, helpers.data, helpers.course; "
        "assert dict(mpl.rcParams) == before"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_use_style():
    plotting.use_style()
    assert mpl.rcParams["axes.spines.top"] is False
    assert mpl.rcParams["axes.prop_cycle"].by_key()["color"][0] == plotting.PALETTE[0]


def test_cluster_colors():
    assert plotting.cluster_colors(2) == list(plotting.PALETTE[:2])
    many = plotting.cluster_colors(17)
    assert len(many) == 17 and len(set(many)) == 17
    with pytest.raises(ValueError, match="at least 1"):
        plotting.cluster_colors(0)


def test_plot_clusters_makes_a_new_figure_each_time():
    first = plotting.plot_clusters(X, LABELS)
    second = plotting.plot_clusters(X, LABELS)
    assert first.figure is not second.figure
    assert len(first.collections) == 3  # one scatter per cluster


def test_plot_clusters_draws_on_the_given_axes():
    fig, (left, right) = plt.subplots(1, 2)
    returned = plotting.plot_clusters(X, LABELS, centers=[[0, 0], [3, 3], [6, 0]], ax=right,
                                      title="t", axis_labels=("x", "y"))
    assert returned is right and not left.collections
    assert len(right.collections) == 4  # three clusters + centroids
    assert right.get_title() == "t" and right.get_xlabel() == "x"
    assert [t.get_text() for t in right.get_legend().get_texts()][-1] == "centroids"


def test_plot_clusters_accepts_frames_and_noise():
    frame = pd.DataFrame(X, columns=["a", "b"])
    ax = plotting.plot_clusters(frame, [0, 0, 1, -1, -1])
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["cluster 0", "cluster 1", "noise"]
    plotting.plot_clusters(pl.from_pandas(frame))
    ax = plotting.plot_clusters(X, LABELS, label_prefix="group")
    assert ax.get_legend().get_texts()[0].get_text() == "group 0"


def test_plot_clusters_order_sets_legend_and_colours():
    names = np.array(["small", "small", "large", "large", "in between"])
    ax = plotting.plot_clusters(X, names, order=["small", "in between", "large"], label_prefix="",
                                legend_kw={"loc": "upper left", "bbox_to_anchor": (1.01, 1)})
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["small", "in between", "large"]
    first = mpl.colors.to_hex(ax.collections[0].get_facecolor()[0])
    assert first == plotting.cluster_colors(3)[0].lower()
    with pytest.raises(ValueError, match="order must contain every label"):
        plotting.plot_clusters(X, names, order=["small", "large"])


def test_plot_clusters_without_labels():
    ax = plotting.plot_clusters(X)
    assert len(ax.collections) == 1 and ax.get_legend() is None


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((np.zeros((4, 3)),), {}, r"X must have shape \(n_samples, 2\)"),
        ((np.zeros(4),), {}, r"X must have shape \(n_samples, 2\)"),
        ((X, [0, 1]), {}, "X has 5 rows, labels has 2"),
        ((X, LABELS), {"centers": [1.0, 2.0, 3.0]}, "centers must have shape"),
    ],
)
def test_plot_clusters_bad_input(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        plotting.plot_clusters(*args, **kwargs)
