"""Small utilities to describe and evaluate clusterings."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

__all__ = ["cluster_profiles"]


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
