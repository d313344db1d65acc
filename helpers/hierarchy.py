"""Hierarchical clustering: linkage matrices, cut heights and dendrogram plots.

SciPy describes a hierarchy as a *linkage matrix* ``Z`` of shape ``(n - 1, 4)``: row
``i`` merges the clusters ``Z[i, 0]`` and ``Z[i, 1]`` (ids below ``n`` are samples, id
``n + i`` is the cluster made by row ``i``) at height ``Z[i, 2]`` into a cluster of
``Z[i, 3]`` samples. scikit-learn's ``AgglomerativeClustering`` stores the same tree in
``children_`` and ``distances_``; :func:`linkage_from_model` converts one to the other,
so SciPy's dendrogram can draw a scikit-learn model.
"""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from numpy.typing import ArrayLike
from scipy.cluster import hierarchy

from helpers.plotting import cluster_colors

__all__ = [
    "cut_height",
    "linkage_from_model",
    "merge_gaps",
    "plot_dendrogram",
    "plot_merge_heights",
]


def linkage_from_model(model: Any) -> np.ndarray:
    """Convert a fitted ``AgglomerativeClustering`` into a SciPy linkage matrix.

    Parameters
    ----------
    model : sklearn.cluster.AgglomerativeClustering
        Fitted with the full tree and its merge distances: either
        ``distance_threshold=0, n_clusters=None``, or ``compute_distances=True`` and
        ``compute_full_tree=True``.

    Returns
    -------
    numpy.ndarray of shape (n_samples - 1, 4)
        Columns: the two merged clusters, the merge height (``distances_``) and the
        number of samples in the new cluster (counted from ``children_``).

    Raises
    ------
    ValueError
        If `model` is not fitted, was fitted without distances, or holds only part of
        the tree.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.cluster import AgglomerativeClustering
    >>> from helpers.hierarchy import linkage_from_model
    >>> X = np.array([[0.0], [1.0], [5.0]])
    >>> model = AgglomerativeClustering(distance_threshold=0, n_clusters=None).fit(X)
    >>> linkage_from_model(model).round(3)
    array([[0.   , 1.   , 1.   , 2.   ],
           [2.   , 3.   , 5.196, 3.   ]])
    """
    children = getattr(model, "children_", None)
    labels = getattr(model, "labels_", None)
    if children is None or labels is None:
        raise ValueError(
            "model must be a fitted AgglomerativeClustering (it has no children_); call fit first"
        )
    distances = getattr(model, "distances_", None)
    if distances is None:
        raise ValueError(
            "model was fitted without merge distances: fit it with distance_threshold=0, "
            "n_clusters=None (or compute_distances=True)"
        )
    n_samples = len(labels)
    children = np.asarray(children)
    if children.shape != (n_samples - 1, 2):
        raise ValueError(
            f"model holds {children.shape[0]} merges, a full tree of {n_samples} samples "
            f"needs {n_samples - 1}: fit it with compute_full_tree=True"
        )
    counts = np.zeros(n_samples - 1)
    for i, pair in enumerate(children):
        counts[i] = sum(1 if child < n_samples else counts[child - n_samples] for child in pair)
    return np.column_stack([children, np.asarray(distances, dtype=float), counts]).astype(float)


def _check_linkage(Z: ArrayLike) -> np.ndarray:
    matrix = np.asarray(Z, dtype=float)
    if matrix.ndim != 2 or matrix.shape[1] != 4 or matrix.shape[0] < 1:
        raise ValueError(f"Z must be a linkage matrix of shape (n - 1, 4), got {matrix.shape}")
    if not hierarchy.is_valid_linkage(matrix):
        raise ValueError("Z is not a valid linkage matrix (see scipy's is_valid_linkage)")
    return matrix


def _check_k(k: int, n_samples: int) -> None:
    if not 1 <= k <= n_samples:
        raise ValueError(f"k must be between 1 and the number of samples ({n_samples}), got {k}")


def cut_height(Z: ArrayLike, k: int) -> float:
    """Return the height at which cutting the tree leaves exactly `k` clusters.

    Exactly `k` clusters exist between the heights of merge ``n - k - 1`` and merge
    ``n - k`` (0-based, merges sorted by height); the cut is drawn halfway between.

    Parameters
    ----------
    Z : array-like of shape (n - 1, 4)
        Linkage matrix with non-decreasing heights (Ward, single, complete, average).
    k : int
        Number of clusters, from 1 to n.

    Returns
    -------
    float
        A height strictly between the two merges (above the last merge for ``k=1``).

    Raises
    ------
    ValueError
        If `Z` is not a linkage matrix, `k` is outside 1..n, or two merges share the
        height where the cut should fall (then no cut leaves exactly `k` clusters).

    Examples
    --------
    >>> import numpy as np
    >>> from scipy.cluster.hierarchy import linkage
    >>> from helpers.hierarchy import cut_height
    >>> Z = linkage(np.array([[0.0], [1.0], [5.0], [6.0]]), "single")
    >>> cut_height(Z, 2)
    2.5
    """
    matrix = _check_linkage(Z)
    n_samples = matrix.shape[0] + 1
    _check_k(k, n_samples)
    heights = np.sort(matrix[:, 2])
    if k == 1:
        return float(heights[-1] * 1.05 + 1e-12)
    upper = heights[n_samples - k]
    lower = heights[n_samples - k - 1] if k < n_samples else 0.0
    if upper <= lower:
        raise ValueError(
            f"no cut leaves exactly k={k} clusters: two merges share the height {upper:g}"
        )
    return float((lower + upper) / 2)


def merge_gaps(Z: ArrayLike, max_k: int = 10) -> pd.DataFrame:
    """Tabulate, for k = 1..max_k, the range of cut heights that leaves k clusters.

    A number of clusters that survives over a wide range of heights (a large gap
    between two successive merges) is a natural place to cut.

    Parameters
    ----------
    Z : array-like of shape (n - 1, 4)
        Linkage matrix with non-decreasing heights.
    max_k : int, default 10
        Largest number of clusters to list (at most n).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``k``, columns ``from`` and ``to`` (the heights between which a cut
        leaves k clusters; ``to`` is infinite for k = 1) and ``gap`` (``to - from``).

    Examples
    --------
    >>> import numpy as np
    >>> from scipy.cluster.hierarchy import linkage
    >>> from helpers.hierarchy import merge_gaps
    >>> Z = linkage(np.array([[0.0], [1.0], [5.0], [6.0]]), "single")
    >>> merge_gaps(Z, max_k=3)
       from   to  gap
    k
    1   4.0  inf  inf
    2   1.0  4.0  3.0
    3   1.0  1.0  0.0
    """
    matrix = _check_linkage(Z)
    n_samples = matrix.shape[0] + 1
    _check_k(max_k, n_samples)
    heights = np.sort(matrix[:, 2])
    ks = np.arange(1, max_k + 1)
    upper = np.array([np.inf if k == 1 else heights[n_samples - k] for k in ks])
    lower = np.array([heights[n_samples - k - 1] if k < n_samples else 0.0 for k in ks])
    table = pd.DataFrame({"from": lower, "to": upper, "gap": upper - lower},
                         index=pd.Index(ks, name="k"))
    return table


def plot_merge_heights(
    Z: ArrayLike,
    k: int | None = None,
    *,
    max_k: int = 15,
    ax: Axes | None = None,
    title: str | None = "Merge heights: a long gap is a well-supported cut",
    ylabel: str = "merge height",
) -> Axes:
    """Draw the heights of the last merges against the number of clusters they leave.

    Each bar spans the heights at which a cut leaves k clusters, and the number above
    it is its length (the gap); the tallest bar marks the number of clusters that
    survives longest. Bars are outlined, so even a gap close to zero stays visible
    as a thin line.

    Parameters
    ----------
    Z : array-like of shape (n - 1, 4)
        Linkage matrix with non-decreasing heights.
    k : int, optional
        Number of clusters to highlight.
    max_k : int, default 15
        Largest number of clusters shown.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made if omitted.
    title : str, optional
        Axes title.
    ylabel : str, default "merge height"
        Label of the y axis (say which distance the linkage used).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> import numpy as np
    >>> from scipy.cluster.hierarchy import linkage
    >>> from helpers.hierarchy import plot_merge_heights
    >>> Z = linkage(np.array([[0.0], [1.0], [5.0], [6.0]]), "single")
    >>> ax = plot_merge_heights(Z, k=2, max_k=3)
    >>> len(ax.patches)
    2
    """
    gaps = merge_gaps(Z, max_k=max_k).drop(index=1)
    if k is not None:
        _check_k(k, len(gaps) + 1)
    if ax is None:
        _, ax = plt.subplots()
    chosen = gaps.index == k
    style = {"width": 0.6, "linewidth": 1.5}
    ax.bar(gaps.index[~chosen], gaps["gap"][~chosen], bottom=gaps["from"][~chosen],
           color="#0072B2", edgecolor="#0072B2",
           label="heights where a cut leaves k clusters", **style)
    if chosen.any():
        ax.bar(gaps.index[chosen], gaps["gap"][chosen], bottom=gaps["from"][chosen],
               color="#E69F00", edgecolor="#E69F00", label=f"chosen: k = {k}", **style)
    for number, row in gaps.iterrows():
        ax.annotate(f"{row['gap']:.2f}", (number, row["to"]), xytext=(0, 3),
                    textcoords="offset points", ha="center", va="bottom",
                    fontsize="small")
    ax.margins(y=0.08)
    ax.set_xticks(gaps.index)
    ax.set_xlabel("number of clusters k (number above a bar: its length, the gap)")
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    ax.legend(loc="upper right", fontsize="small")
    return ax


def plot_dendrogram(
    Z: ArrayLike,
    k: int | None = None,
    *,
    p: int = 30,
    ax: Axes | None = None,
    title: str | None = None,
    ylabel: str = "merge height",
) -> Axes:
    """Draw a truncated dendrogram, with the cut that leaves `k` clusters as a line.

    Only the last `p` merges are drawn (SciPy's ``truncate_mode="lastp"``); a leaf
    labelled ``(38)`` stands for 38 samples merged below the view. Branches under the
    cut, and the leaf labels, are coloured by cluster, in the order of the labels
    ``fcluster(Z, k, "maxclust")`` returns (cluster 1 gets ``cluster_colors(k)[0]``,
    and so on, named in the legend); links above the cut are grey. A cluster of a
    single sample has no branch under the cut: only its leaf label shows its colour,
    so the legend marks it with a square, ``cluster 2 (1 sample)``, not a line.

    Parameters
    ----------
    Z : array-like of shape (n - 1, 4)
        Linkage matrix with non-decreasing heights.
    k : int, optional
        Number of clusters whose cut is drawn; no cut without it.
    p : int, default 30
        Number of leaves shown.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made if omitted.
    title : str, optional
        Axes title (a default says what is shown).
    ylabel : str, default "merge height"
        Label of the y axis.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ValueError
        If `Z` is not a linkage matrix, `k` is outside 1..n or no cut gives `k`
        clusters, or `p` is below 2.

    Examples
    --------
    >>> import numpy as np
    >>> from scipy.cluster.hierarchy import linkage
    >>> from helpers.hierarchy import plot_dendrogram
    >>> Z = linkage(np.array([[0.0], [1.0], [5.0], [6.0]]), "ward")
    >>> ax = plot_dendrogram(Z, k=2, p=4)
    >>> ax.get_title()
    'Dendrogram, cut into 2 clusters'
    """
    matrix = _check_linkage(Z)
    if p < 2:
        raise ValueError(f"p must be at least 2 leaves, got {p}")
    height = cut_height(matrix, k) if k is not None else None
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4.5))
    n_samples = matrix.shape[0] + 1
    grey = "0.45"
    if height is None:
        node_color = {}
    else:
        labels = hierarchy.fcluster(matrix, k, criterion="maxclust")
        colors = cluster_colors(k)
        # every node (sample or merge) takes the colour of the cluster of one of its samples
        first_sample = list(range(n_samples))
        for row in matrix:
            first_sample.append(first_sample[int(row[0])])
        node_color = {node: colors[labels[sample] - 1] for node, sample in enumerate(first_sample)}
        for i, row in enumerate(matrix):
            if row[2] > height:
                node_color[n_samples + i] = grey
    tree = hierarchy.dendrogram(
        # show_contracted=False: SciPy would mark every merge hidden below the view with
        # its own patch (over a thousand on a real table), slow to draw and unreadable
        matrix, truncate_mode="lastp", p=p, show_contracted=False, ax=ax,
        link_color_func=lambda node: node_color.get(node, grey),
        leaf_rotation=90, leaf_font_size=9,
    )
    if height is not None:
        for tick, leaf in zip(ax.get_xticklabels(), tree["leaves"], strict=True):
            tick.set_color(node_color[leaf])
        ax.axhline(height, color="#D55E00", linestyle="--", linewidth=1.5,
                   label=f"cut at height {height:.1f}: {k} clusters")
        sizes = np.bincount(labels, minlength=k + 1)
        for number, color in enumerate(colors, start=1):
            if sizes[number] == 1:  # no branch to draw: only the leaf label is coloured
                ax.plot([], [], color=color, linestyle="none", marker="s",
                        label=f"cluster {number} (1 sample)")
            else:
                ax.plot([], [], color=color, linewidth=3, label=f"cluster {number}")
        # head room above the tree, so the legend hides no branch
        ax.set_ylim(0, matrix[:, 2].max() * 1.4)
        # "(1 sample)" entries are longer: two columns keep the legend inside the axes
        ax.legend(loc="upper right", ncol=2 if (sizes[1:] == 1).any() else 3,
                  fontsize="small")
    ax.set_xlabel("samples, or (number of samples) merged below the view")
    ax.set_ylabel(ylabel)
    ax.grid(axis="x", visible=False)
    ax.set_title(title if title is not None else
                 f"Dendrogram, cut into {k} clusters" if k is not None else "Dendrogram")
    return ax
