"""The course's figure style and the plots that appear in more than one notebook.

Nothing changes on import: call :func:`use_style` once, in a notebook's setup cell.
Every plotting function takes an optional ``ax``; without one it draws on a new
figure, so a plot never lands on an axis left over from an earlier cell. Each returns
what it drew (the ``Axes``, or the ``Figure`` for a multi-panel plot).
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from numpy.typing import ArrayLike

__all__ = ["PALETTE", "cluster_colors", "plot_clusters", "use_style"]

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
        groups).
    legend : bool, default True
        Show a legend with one entry per cluster.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ValueError
        If `X` does not have two columns, `labels` is not one label per point, or
        `centers` does not have two columns.

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
    colors = cluster_colors(max(len(clusters), 1))
    size = 60 if len(points) <= 50 else 25  # few points: make each one easy to see
    for color, cluster in zip(colors, clusters, strict=False):
        mask = codes == cluster
        ax.scatter(
            points[mask, 0], points[mask, 1], s=size, alpha=0.8, color=color,
            edgecolor="white", linewidth=0.4,
            label=f"{label_prefix} {cluster}" if labels is not None else None,
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
        ax.legend(loc="best", fontsize="small")
    return ax
