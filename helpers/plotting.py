"""The course's figure style and the plots that appear in more than one notebook.

Nothing changes on import: call :func:`use_style` once, in a notebook's setup cell.
Every plotting function takes an optional ``ax``; without one it draws on a new
figure, so a plot never lands on an axis left over from an earlier cell. Each returns
what it drew (the ``Axes``, or the ``Figure`` for a multi-panel plot).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

__all__ = [
    "PALETTE",
    "cluster_colors",
    "plot_cluster_grid",
    "plot_clusters",
    "plot_confusion_matrix",
    "plot_k_selection",
    "plot_kmeans_iterations",
    "use_style",
]

#: Okabe & Ito's colour-blind-safe palette, black moved last (it is kept for text
#: and markers such as centroids).
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)

_STYLE = {
    "figure.figsize": (7.0, 4.5),
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "font.size": 11,
    "axes.titlesize": 13,
    "axes.labelsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.frameon": False,
    "image.cmap": "viridis",
}


def use_style() -> None:
    """Set the course's matplotlib and seaborn style for the rest of the session.

    Colour-blind-safe colours (:data:`PALETTE`), readable font sizes, light grids and
    no top or right spines.

    Examples
    --------
    >>> import helpers
    >>> helpers.use_style()
    """
    import seaborn as sns

    sns.set_theme(context="notebook", style="whitegrid", palette=list(PALETTE[:7]))
    mpl.rcParams.update(_STYLE)
    mpl.rcParams["axes.prop_cycle"] = mpl.cycler(color=list(PALETTE[:7]))


def cluster_colors(n: int) -> list[str]:
    """Return `n` distinct colours for cluster labels 0 .. n-1.

    Up to seven clusters get the colour-blind-safe :data:`PALETTE`; more clusters
    get matplotlib's ``tab20`` colours (distinct, but not all colour-blind-safe),
    repeated if needed.

    Parameters
    ----------
    n : int
        Number of clusters, at least 1.

    Returns
    -------
    list of str
        Hex colours.

    Examples
    --------
    >>> from helpers.plotting import cluster_colors
    >>> cluster_colors(3)
    ['#0072B2', '#E69F00', '#009E73']
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    if n <= 7:
        return list(PALETTE[:n])
    tab20 = [mpl.colors.to_hex(c) for c in plt.get_cmap("tab20").colors]
    return [tab20[i % len(tab20)] for i in range(n)]


def _as_points(X: ArrayLike, name: str = "X") -> np.ndarray:
    if hasattr(X, "to_numpy"):
        X = X.to_numpy()
    points = np.asarray(X, dtype=float)
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"{name} must have shape (n_samples, 2), got {points.shape}")
    return points


def plot_clusters(
    X: ArrayLike,
    labels: ArrayLike | None = None,
    centers: ArrayLike | None = None,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    axis_labels: Sequence[str] = ("feature 1", "feature 2"),
    label_prefix: str = "cluster",
    legend: bool = True,
    order: Sequence | None = None,
    legend_kw: Mapping | None = None,
) -> Axes:
    """Scatter 2-D points coloured by cluster, with centroids as red crosses.

    Parameters
    ----------
    X : array-like of shape (n_samples, 2)
        Points to draw (a NumPy array, or a pandas or polars frame with 2 columns).
    labels : array-like of shape (n_samples,), optional
        Cluster label of each point; without it every point is drawn in one colour.
        Label ``-1`` (noise, in some algorithms) is drawn in grey.
    centers : array-like of shape (n_clusters, 2), optional
        Centroids, drawn as red ``X`` markers.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made if omitted.
    title : str, optional
        Axes title.
    axis_labels : pair of str, default ("feature 1", "feature 2")
        Labels of the x and y axes.
    label_prefix : str, default "cluster"
        Word before each label in the legend ("cluster 0", or "group 0" for known
        groups); ``""`` shows the bare label (for named clusters).
    legend : bool, default True
        Show a legend with one entry per cluster.
    order : sequence, optional
        The labels in the order of the legend and of the colours (first label, first
        colour), e.g. ``["small", "in between", "large"]``; by default the sorted labels.
        Must contain every label.
    legend_kw : mapping, optional
        Extra arguments of ``Axes.legend``, e.g. ``{"loc": "upper left",
        "bbox_to_anchor": (1.01, 1)}`` to put the legend outside the points.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ValueError
        If `X` does not have two columns, `labels` is not one label per point,
        `centers` does not have two columns, or `order` misses a label.

    Examples
    --------
    >>> import numpy as np
    >>> from helpers.plotting import plot_clusters
    >>> X = np.array([[0.0, 0.0], [0.1, 0.2], [3.0, 3.0], [3.1, 2.9]])
    >>> ax = plot_clusters(X, [0, 0, 1, 1], centers=[[0.05, 0.1], [3.05, 2.95]])
    >>> len(ax.collections)
    3
    """
    points = _as_points(X)
    if labels is None:
        codes = np.zeros(len(points), dtype=int)
    else:
        codes = np.asarray(labels).ravel()
        if codes.shape[0] != points.shape[0]:
            raise ValueError(
                f"labels must have one entry per point: X has {points.shape[0]} "
                f"rows, labels has {codes.shape[0]}"
            )
    if ax is None:
        _, ax = plt.subplots()

    clusters = [c for c in np.unique(codes) if c != -1]
    if order is not None:
        missing = [c for c in clusters if c not in list(order)]
        if missing:
            raise ValueError(f"order must contain every label; missing {missing}")
        clusters = [c for c in order if c in clusters]
    colors = cluster_colors(max(len(clusters), 1))
    size = 60 if len(points) <= 50 else 25  # few points: make each one easy to see
    for color, cluster in zip(colors, clusters, strict=False):
        mask = codes == cluster
        ax.scatter(
            points[mask, 0], points[mask, 1], s=size, alpha=0.8, color=color,
            edgecolor="white", linewidth=0.4,
            label=f"{label_prefix} {cluster}".strip() if labels is not None else None,
        )
    if np.any(codes == -1):
        mask = codes == -1
        ax.scatter(points[mask, 0], points[mask, 1], s=15, color="0.7", label="noise")

    if centers is not None:
        centroids = _as_points(centers, "centers")
        ax.scatter(
            centroids[:, 0], centroids[:, 1], marker="X", s=180, color="red",
            edgecolor="black", linewidth=1.0, label="centroids", zorder=3,
        )
    ax.set_xlabel(axis_labels[0])
    ax.set_ylabel(axis_labels[1])
    if title:
        ax.set_title(title)
    if legend and (labels is not None or centers is not None):
        ax.legend(**{"loc": "best", "fontsize": "small", **(legend_kw or {})})
    return ax


def _grid(n_panels: int, ncols: int, panel_size: tuple[float, float]) -> tuple[Figure, np.ndarray]:
    ncols = max(1, min(ncols, n_panels))
    nrows = -(-n_panels // ncols)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(panel_size[0] * ncols, panel_size[1] * nrows),
        squeeze=False, layout="constrained",
    )
    for ax in axes.ravel()[n_panels:]:
        ax.set_visible(False)
    return fig, axes.ravel()


def plot_cluster_grid(
    panels: Mapping[str, tuple],
    *,
    ncols: int = 3,
    axis_labels: Sequence[str] = ("feature 1", "feature 2"),
    panel_size: tuple[float, float] = (3.8, 3.4),
    title: str | None = None,
) -> Figure:
    """Draw several 2-D clusterings side by side, one :func:`plot_clusters` per panel.

    Parameters
    ----------
    panels : mapping of str to tuple
        Panel title -> ``(X, labels)`` or ``(X, labels, centers)``; ``labels`` and
        ``centers`` may be None. Panels are drawn in the mapping's order.
    ncols : int, default 3
        Panels per row.
    axis_labels : pair of str, default ("feature 1", "feature 2")
        Labels of the x and y axes of every panel.
    panel_size : pair of float, default (3.8, 3.4)
        Width and height of one panel, in inches.
    title : str, optional
        Title of the whole figure.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; its visible axes are the panels, in order.

    Raises
    ------
    ValueError
        If `panels` is empty, `ncols` is below 1, or a panel is not a 2- or 3-tuple.

    Examples
    --------
    >>> import numpy as np
    >>> from helpers.plotting import plot_cluster_grid
    >>> X = np.array([[0.0, 0.0], [0.1, 0.2], [3.0, 3.0], [3.1, 2.9]])
    >>> fig = plot_cluster_grid({"two": (X, [0, 0, 1, 1]), "one": (X, None)})
    >>> [ax.get_title() for ax in fig.axes]
    ['two', 'one']
    """
    if not panels:
        raise ValueError("panels must hold at least one panel, got none")
    if ncols < 1:
        raise ValueError(f"ncols must be at least 1, got {ncols}")
    fig, axes = _grid(len(panels), ncols, panel_size)
    for ax, (name, panel) in zip(axes, panels.items(), strict=False):
        if not isinstance(panel, tuple) or len(panel) not in (2, 3):
            raise ValueError(
                f"panel {name!r} must be a tuple (X, labels) or (X, labels, centers)"
            )
        X, labels, centers = (*panel, None)[:3]
        plot_clusters(X, labels, centers, ax=ax, title=name, axis_labels=axis_labels,
                      legend=False)
    if title:
        fig.suptitle(title)
    return fig


def plot_kmeans_iterations(
    X: ArrayLike,
    centers_history: Sequence[ArrayLike],
    labels_history: Sequence[ArrayLike],
    *,
    ncols: int = 3,
    axis_labels: Sequence[str] = ("feature 1", "feature 2"),
    title: str | None = None,
    legend: bool = True,
) -> Figure:
    """Small multiples of k-means iterations: assignments, centroids and their moves.

    Panel ``i`` shows the points coloured by the assignment of iteration ``i`` and
    the centroids that assignment produced (red crosses), with a black arrow from
    where each centroid was before the update (a black ``x``). A centroid that did
    not move shows only its red cross.

    Parameters
    ----------
    X : array-like of shape (n_samples, 2)
        The points.
    centers_history : sequence of array-like of shape (n_clusters, 2)
        Centroids: the starting ones first, then one array after each update, so one
        more entry than `labels_history`.
    labels_history : sequence of array-like of shape (n_samples,)
        The assignment of each iteration.
    ncols : int, default 3
        Panels per row.
    axis_labels : pair of str, default ("feature 1", "feature 2")
        Labels of the x and y axes.
    title : str, optional
        Title of the whole figure.
    legend : bool, default True
        Explain the two centroid markers (before / after the update) in a legend on
        the first panel.

    Returns
    -------
    matplotlib.figure.Figure
        One panel per iteration.

    Raises
    ------
    ValueError
        If `labels_history` is empty or `centers_history` does not have exactly one
        more entry.

    Examples
    --------
    >>> import numpy as np
    >>> from helpers.plotting import plot_kmeans_iterations
    >>> X = np.array([[0.0, 0.0], [0.0, 1.0], [4.0, 0.0], [4.0, 1.0]])
    >>> centers = [np.array([[0.0, 0.0], [0.0, 1.0]]), np.array([[2.0, 0.0], [2.0, 1.0]])]
    >>> fig = plot_kmeans_iterations(X, centers, [np.array([0, 1, 0, 1])])
    >>> fig.axes[0].get_title()
    'iteration 1'
    """
    if len(labels_history) == 0:
        raise ValueError("labels_history must hold at least one iteration, got none")
    if len(centers_history) != len(labels_history) + 1:
        raise ValueError(
            "centers_history must have one entry more than labels_history (the "
            f"starting centroids), got {len(centers_history)} and {len(labels_history)}"
        )
    panels = {
        f"iteration {i + 1}": (X, labels, centers_history[i + 1])
        for i, labels in enumerate(labels_history)
    }
    fig = plot_cluster_grid(panels, ncols=ncols, axis_labels=axis_labels, title=title)
    for i, ax in enumerate(fig.axes[: len(labels_history)]):
        before = _as_points(centers_history[i], "centers_history")
        after = _as_points(centers_history[i + 1], "centers_history")
        for (x0, y0), (x1, y1) in zip(before, after, strict=True):
            ax.annotate("", xy=(x1, y1), xytext=(x0, y0),
                        arrowprops={"arrowstyle": "->", "color": "black", "lw": 1.2})
        ax.scatter(before[:, 0], before[:, 1], marker="x", s=40, color="black", zorder=3)
    if legend:
        from matplotlib.lines import Line2D

        handles = [
            Line2D([], [], linestyle="none", marker="x", markersize=7, color="black",
                   label="centroid before the update"),
            Line2D([], [], linestyle="none", marker="X", markersize=11, color="red",
                   markeredgecolor="black", label="centroid after the update"),
        ]
        fig.axes[0].legend(handles=handles, loc="best", fontsize="small")
    return fig


def plot_k_selection(
    scores: pd.DataFrame,
    *,
    best_k: int | None = None,
    silhouette_range: tuple[float, float] | None = None,
) -> Figure:
    """Inertia (elbow) and silhouette against the number of clusters, side by side.

    Parameters
    ----------
    scores : pandas.DataFrame
        Indexed by k, with columns ``inertia`` and ``silhouette``, as returned by
        :func:`helpers.evaluation.score_k_range`.
    best_k : int, optional
        A k to mark with a vertical dashed line on both panels.
    silhouette_range : pair of float, optional
        Limits of the silhouette axis, e.g. ``(0, 1)`` so that a gap of 0.05 looks
        as small as it is; by default matplotlib fits the axis to the scores.

    Returns
    -------
    matplotlib.figure.Figure
        Two panels: inertia (left) and silhouette (right).

    Raises
    ------
    ValueError
        If `scores` lacks a column or is empty, or `silhouette_range` is not an
        increasing pair within [-1, 1].

    Examples
    --------
    >>> import pandas as pd
    >>> from helpers.plotting import plot_k_selection
    >>> scores = pd.DataFrame({"inertia": [9.0, 4.0, 3.5], "silhouette": [0.5, 0.7, 0.4]},
    ...                       index=pd.Index([2, 3, 4], name="k"))
    >>> fig = plot_k_selection(scores, best_k=3, silhouette_range=(0, 1))
    >>> len(fig.axes), [float(y) for y in fig.axes[1].get_ylim()]
    (2, [0.0, 1.0])
    """
    missing = {"inertia", "silhouette"} - set(scores.columns)
    if missing:
        raise ValueError(f"scores must have the columns inertia and silhouette; missing {sorted(missing)}")
    if len(scores) == 0:
        raise ValueError("scores is empty: expected one row per k")
    if silhouette_range is not None and not (
        len(silhouette_range) == 2 and -1 <= silhouette_range[0] < silhouette_range[1] <= 1
    ):
        raise ValueError(
            "silhouette_range must be an increasing pair (low, high) within [-1, 1], "
            f"got {silhouette_range!r}"
        )
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8), layout="constrained")
    ks = np.asarray(scores.index)
    for ax, column, ylabel, title in [
        (left, "inertia", "inertia (sum of squared distances)", "Elbow: inertia falls with every k"),
        (right, "silhouette", "mean silhouette coefficient", "Silhouette: higher is better"),
    ]:
        ax.plot(ks, scores[column], marker="o", color=PALETTE[0])
        ax.set_xticks(ks)
        ax.set_xlabel("number of clusters k")
        ax.set_ylabel(ylabel)
        ax.set_title(title)
        if best_k is not None:
            ax.axvline(best_k, color=PALETTE[5], linestyle="--", label=f"k = {best_k}")
            ax.legend(loc="best")
    if silhouette_range is not None:
        right.set_ylim(*silhouette_range)
    return fig


def plot_confusion_matrix(
    labels_true: ArrayLike,
    labels_pred: ArrayLike,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    axis_labels: Sequence[str] = ("predicted (matched cluster)", "true class"),
    normalize: bool = False,
) -> Axes:
    """Heatmap of a confusion matrix with the count written in every cell.

    Rows are the true classes, columns the predicted ones, both over the union of the
    labels seen, in sorted order. Match cluster labels to classes first (see
    :func:`helpers.evaluation.match_labels`), or the diagonal means nothing.

    By default the colour shows the count, on a scale from 0 to the largest count of
    this matrix, so two matrices of different sizes are not coloured alike. With
    ``normalize=True`` the colour shows each cell's share of its row (of the points
    of that true class), from 0 to 1, so matrices of any size share one scale; the
    cells still show counts.

    Parameters
    ----------
    labels_true, labels_pred : array-like of shape (n_samples,)
        True and predicted labels.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made if omitted.
    title : str, optional
        Axes title.
    axis_labels : pair of str
        Labels of the x (predicted) and y (true) axes.
    normalize : bool, default False
        Colour by the share of each row (0 to 1) instead of by the raw count.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ValueError
        If the label arrays have different lengths or are empty.

    Examples
    --------
    >>> from helpers.plotting import plot_confusion_matrix
    >>> ax = plot_confusion_matrix([0, 0, 1, 1], [0, 1, 1, 1])
    >>> [t.get_text() for t in ax.texts]
    ['1', '1', '0', '2']
    >>> ax = plot_confusion_matrix([0, 0, 1, 1], [0, 1, 1, 1], normalize=True)
    >>> ax.images[0].get_array().tolist()
    [[0.5, 0.5], [0.0, 1.0]]
    """
    from helpers.evaluation import _label_pair  # the same checks as match_labels

    true, pred = _label_pair(labels_true, labels_pred)
    classes = np.unique(np.concatenate([true, pred]))
    index = {c: i for i, c in enumerate(classes.tolist())}
    counts = np.zeros((classes.size, classes.size), dtype=int)
    np.add.at(counts, ([index[t] for t in true.tolist()], [index[p] for p in pred.tolist()]), 1)
    if ax is None:
        _, ax = plt.subplots(figsize=(4.2, 3.6))
    if normalize:
        rows = counts.sum(axis=1, keepdims=True)
        shade = np.divide(counts, rows, out=np.zeros(counts.shape), where=rows > 0)
        vmax = 1.0
    else:
        shade, vmax = counts, max(int(counts.max()), 1)
    ax.imshow(shade, cmap="Blues", vmin=0, vmax=vmax)
    for (i, j), value in np.ndenumerate(counts):
        ax.text(j, i, str(value), ha="center", va="center",
                color="white" if shade[i, j] > vmax / 2 else "black")
    names = [str(c) for c in classes.tolist()]
    ax.set_xticks(range(classes.size), names)
    ax.set_yticks(range(classes.size), names)
    ax.set_xlabel(axis_labels[0])
    ax.set_ylabel(axis_labels[1])
    ax.grid(False)
    if title:
        ax.set_title(title)
    return ax
