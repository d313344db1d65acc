"""Small utilities to describe and evaluate clusterings."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

__all__ = ["cluster_profiles", "label_mapping", "match_labels", "score_k_range"]


def _labels_for(frame_length: int, labels: ArrayLike) -> np.ndarray:
    codes = np.asarray(labels).ravel()
    if codes.shape[0] != frame_length:
        raise ValueError(
            f"labels must have one entry per row: the table has {frame_length} rows, "
            f"labels has {codes.shape[0]}"
        )
    return codes


def cluster_profiles(data: Any, labels: ArrayLike, *, size: bool = True) -> pd.DataFrame:
    """Describe each cluster by the average of every column: its profile.

    Numeric columns are averaged. Categorical, string and boolean columns become one
    column per level, ``"column=level"``, holding the share of the cluster's rows that
    have that level (so ``smoker=yes`` of 0.25 means a quarter are smokers).

    Parameters
    ----------
    data : pandas.DataFrame or polars.DataFrame
        One row per sample. A polars frame is aggregated with polars itself.
    labels : array-like of shape (n_rows,)
        Cluster label of each row.
    size : bool, default True
        Add a first column ``size`` with the number of rows in each cluster.

    Returns
    -------
    pandas.DataFrame
        One row per cluster, indexed by label (sorted), named ``cluster``.

    Raises
    ------
    TypeError
        If `data` is neither a pandas nor a polars DataFrame.
    ValueError
        If `labels` does not have one entry per row, or `data` has no rows.

    Examples
    --------
    >>> import pandas as pd
    >>> from helpers.evaluation import cluster_profiles
    >>> table = pd.DataFrame({"spend": [10.0, 12.0, 50.0], "member": [True, False, True]})
    >>> cluster_profiles(table, [0, 0, 1])
             size  spend  member=False  member=True
    cluster
    0           2   11.0          0.5          0.5
    1           1   50.0          0.0          1.0
    """
    if type(data).__module__.startswith("polars"):
        return _profiles_polars(data, labels, size=size)
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas or polars DataFrame, got {type(data).__name__}")
    if len(data) == 0:
        raise ValueError("data has no rows")
    codes = _labels_for(len(data), labels)
    numeric = data.select_dtypes(include="number").columns
    parts = []
    if size:
        parts.append(pd.Series(codes).value_counts().sort_index().rename("size"))
    grouped = data.reset_index(drop=True).groupby(codes, sort=True, observed=True)
    parts.append(grouped[list(numeric)].mean())
    for column in data.columns.difference(numeric, sort=False):
        levels = data[column].reset_index(drop=True).astype("string")
        dummies = pd.get_dummies(levels, prefix=column, prefix_sep="=", dtype=float)
        parts.append(dummies.groupby(codes, sort=True).mean())
    profiles = pd.concat(parts, axis=1)
    profiles.index.name = "cluster"
    return profiles


def _profiles_polars(data: Any, labels: ArrayLike, *, size: bool) -> pd.DataFrame:
    import polars as pl
    import polars.selectors as cs

    if data.height == 0:
        raise ValueError("data has no rows")
    codes = _labels_for(data.height, labels)
    numeric = data.select(cs.numeric()).columns
    others = [c for c in data.columns if c not in numeric]
    # Levels as text, spelled like pandas' (True/False), so both backends agree.
    as_text = [
        pl.when(pl.col(c)).then(pl.lit("True")).otherwise(pl.lit("False")).alias(c)
        if data.schema[c] == pl.Boolean
        else pl.col(c).cast(pl.String)
        for c in others
    ]
    expanded = data.with_columns(*as_text, pl.Series("cluster", codes))
    if others:
        expanded = expanded.to_dummies(columns=others, separator="=")
    dummies = [c for c in expanded.columns if c not in numeric and c != "cluster"]
    ordered = numeric + sorted(dummies, key=lambda c: (others.index(c.split("=")[0]), c))
    aggregations = [pl.len().cast(pl.Int64).alias("size")] if size else []
    aggregations += [pl.col(c).mean().cast(pl.Float64) for c in ordered]
    profiles = expanded.group_by("cluster").agg(aggregations).sort("cluster").to_pandas()
    return profiles.set_index("cluster")


def _plain(value: Any) -> Any:
    """A NumPy scalar as the Python value it holds (str, int, ...); others unchanged."""
    return value.item() if isinstance(value, np.generic) else value


def _label_pair(labels_true: ArrayLike, labels_pred: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    true = np.asarray(labels_true).ravel()
    pred = np.asarray(labels_pred).ravel()
    if true.shape[0] != pred.shape[0]:
        raise ValueError(
            f"labels_true and labels_pred must have the same length, got {true.shape[0]} "
            f"and {pred.shape[0]}"
        )
    if true.shape[0] == 0:
        raise ValueError("labels_true and labels_pred are empty: expected at least one label")
    return true, pred


def label_mapping(labels_true: ArrayLike, labels_pred: ArrayLike) -> dict[Any, Any]:
    """Find which class each cluster stands for, with the Hungarian method.

    Cluster numbers are arbitrary names. This pairs clusters with classes one to one
    so that the number of points whose cluster's class equals their true class is as
    large as possible (``scipy.optimize.linear_sum_assignment`` on the contingency
    table).

    - Fewer clusters than classes: every cluster gets a distinct class; the classes
      left over are never predicted.
    - More clusters than classes: as many clusters as there are classes are paired one
      to one; each remaining cluster gets the class it overlaps most (majority vote),
      so two clusters can then stand for the same class.

    Parameters
    ----------
    labels_true : array-like of shape (n_samples,)
        The reference naming: known classes, or another partition whose names you
        keep (any hashable labels: ints or strings).
    labels_pred : array-like of shape (n_samples,)
        The cluster labels to be renamed.

    Returns
    -------
    dict
        ``{cluster: class}`` for every cluster in `labels_pred`.

    Raises
    ------
    ValueError
        If the two label arrays have different lengths or are empty.

    Examples
    --------
    >>> from helpers.evaluation import label_mapping
    >>> label_mapping(["a", "a", "b", "b"], [1, 1, 0, 0])
    {0: 'b', 1: 'a'}
    """
    from scipy.optimize import linear_sum_assignment

    true, pred = _label_pair(labels_true, labels_pred)
    classes, true_codes = np.unique(true, return_inverse=True)
    clusters, pred_codes = np.unique(pred, return_inverse=True)
    counts = np.zeros((clusters.size, classes.size), dtype=int)
    np.add.at(counts, (pred_codes, true_codes), 1)
    rows, cols = linear_sum_assignment(counts, maximize=True)
    mapping = {_plain(clusters[r]): _plain(classes[c]) for r, c in zip(rows, cols)}
    for r in np.setdiff1d(np.arange(clusters.size), rows):
        mapping[_plain(clusters[r])] = _plain(classes[counts[r].argmax()])
    return dict(sorted(mapping.items()))


def match_labels(labels_true: ArrayLike, labels_pred: ArrayLike) -> np.ndarray:
    """Rename cluster labels to the classes they best match (Hungarian method).

    After matching, ``labels_true == match_labels(labels_true, labels_pred)`` is a
    fair per-point comparison, and a confusion matrix has its agreements on the
    diagonal. See :func:`label_mapping` for how clusters are paired with classes,
    including when there are more or fewer clusters than classes.

    Parameters
    ----------
    labels_true : array-like of shape (n_samples,)
        The reference naming: known classes, or another partition whose names you
        keep.
    labels_pred : array-like of shape (n_samples,)
        The cluster labels to be renamed.

    Returns
    -------
    numpy.ndarray of shape (n_samples,)
        The class matched to each point's cluster (same dtype as the classes).

    Raises
    ------
    ValueError
        If the two label arrays have different lengths or are empty.

    Examples
    --------
    >>> from helpers.evaluation import match_labels
    >>> match_labels([0, 0, 1, 1, 2], [2, 2, 0, 0, 1])
    array([0, 0, 1, 1, 2])
    """
    true, pred = _label_pair(labels_true, labels_pred)
    mapping = label_mapping(true, pred)
    return np.array([mapping[_plain(p)] for p in pred], dtype=true.dtype)


def score_k_range(
    X: ArrayLike,
    ks: Any = range(2, 9),
    *,
    n_init: int = 10,
    random_state: int = 42,
) -> pd.DataFrame:
    """Fit k-means for several k and score each fit by inertia and silhouette.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Data to cluster.
    ks : iterable of int, default range(2, 9)
        Numbers of clusters to try, each at least 2 and below ``n_samples`` (the
        silhouette needs at least two clusters and one point more than clusters).
    n_init : int, default 10
        Independent starts of each k-means fit (the best is kept).
    random_state : int, default 42
        Seed of every k-means fit.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``k``, with columns ``inertia`` (sum of squared distances of the
        points to their centroid) and ``silhouette`` (mean silhouette coefficient).

    Raises
    ------
    ValueError
        If `X` is not two-dimensional or a k is out of range.

    Examples
    --------
    >>> import numpy as np
    >>> from helpers.evaluation import score_k_range
    >>> X = np.array([[0.0, 0.0], [0.0, 1.0], [10.0, 0.0], [10.0, 1.0], [5.0, 9.0]])
    >>> score_k_range(X, [2, 3]).index.tolist()
    [2, 3]
    """
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    points = np.asarray(X.to_numpy() if hasattr(X, "to_numpy") else X, dtype=float)
    if points.ndim != 2:
        raise ValueError(f"X must be 2-D (n_samples, n_features), got shape {points.shape}")
    ks = [int(k) for k in ks]
    if not ks:
        raise ValueError("ks must contain at least one number of clusters")
    bad = [k for k in ks if not 2 <= k < points.shape[0]]
    if bad:
        raise ValueError(
            f"every k in ks must be at least 2 and below n_samples = {points.shape[0]}, "
            f"got {bad}"
        )
    rows = []
    for k in ks:
        model = KMeans(n_clusters=k, n_init=n_init, random_state=random_state).fit(points)
        rows.append({"k": k, "inertia": model.inertia_,
                     "silhouette": silhouette_score(points, model.labels_)})
    return pd.DataFrame(rows).set_index("k")
