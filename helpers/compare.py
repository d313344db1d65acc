"""Compare clustering models side by side: one tidy table of scores, one grid of fits.

The idea of PyCaret's ``compare_models``, rebuilt in plain scikit-learn: give a table
and a set of named estimators (each with an optional parameter grid); every setting is
fitted, timed and scored without labels (clusters found, noise share, silhouette,
Davies-Bouldin, Calinski-Harabasz, stability under resampling), and with labels when
you have them (adjusted Rand index).

- :func:`fit_models` fits every setting once and keeps labels, fitted estimator and
  fit time (:class:`ModelFit`).
- :func:`score_fits` turns those fits into the table; :func:`compare_models` does both.
- :func:`plot_fit_grid` draws many fits on many 2-D datasets, truth first.
- :func:`plot_silhouette` draws the per-sample silhouette plot of one clustering.

Scores that cannot be computed (a single cluster, every point noise, a failed fit) are
NaN, and the column ``note`` says why; warnings raised during a fit (no convergence,
...) are caught and reported in ``note`` too, so they never reach the notebook's
stderr unexplained.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

__all__ = [
    "MIN_ROWS",
    "ModelFit",
    "compare_models",
    "fit_models",
    "plot_fit_grid",
    "plot_silhouette",
    "score_fits",
]

#: Fewest rows a comparison accepts: below this, scores and resampling mean little.
MIN_ROWS = 10

#: Columns of the table returned by :func:`score_fits`, in order.
COLUMNS = [
    "model", "params", "clusters", "noise_share", "silhouette", "davies_bouldin",
    "calinski_harabasz", "stability", "ari", "fit_seconds", "note",
]


@dataclass(frozen=True)
class ModelFit:
    """One fitted setting of one model.

    Attributes
    ----------
    name : str
        Row name: the model's name, followed by its grid setting if it has one,
        e.g. ``"DBSCAN (eps=0.3)"``.
    model : str
        The model's name, as given to :func:`fit_models`.
    params : dict
        The grid setting (empty for a model given without a grid).
    estimator : object
        The estimator with `params` applied, fitted (unfitted if the fit failed).
    labels : numpy.ndarray or None
        One cluster label per row (``-1`` = noise); None if the fit failed.
    seconds : float
        Wall time of the fit (NaN if it failed).
    note : str
        Warnings or the error of the fit; empty if there were none.
    """

    name: str
    model: str
    params: dict[str, Any]
    estimator: Any
    labels: np.ndarray | None
    seconds: float
    note: str = field(default="")


# --- validation ---------------------------------------------------------------


def _as_matrix(X: ArrayLike, name: str = "X") -> np.ndarray:
    """Return `X` as a finite 2-D float array with at least :data:`MIN_ROWS` rows."""
    if isinstance(X, pd.DataFrame):
        bad = [str(c) for c in X.columns if not pd.api.types.is_numeric_dtype(X[c])
               or pd.api.types.is_bool_dtype(X[c])]
        if bad:
            raise ValueError(
                f"{name} must hold numbers only; non-numeric columns: {bad}. Encode "
                "them (one-hot, notebook 04) or drop them first."
            )
    values = X.to_numpy() if hasattr(X, "to_numpy") else X
    try:
        points = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name} must hold numbers only; encode or drop the non-numeric columns first."
        ) from None
    if points.ndim != 2:
        raise ValueError(f"{name} must be 2-D (n_samples, n_features), got shape {points.shape}")
    if points.shape[0] < MIN_ROWS:
        raise ValueError(
            f"{name} has {points.shape[0]} rows; a comparison needs at least {MIN_ROWS}."
        )
    if points.shape[1] < 1:
        raise ValueError(f"{name} has no columns")
    if not np.isfinite(points).all():
        rows = int((~np.isfinite(points)).any(axis=1).sum())
        raise ValueError(
            f"{name} has {rows} rows with NaN or infinite values; drop or impute them first."
        )
    return points


def _settings(models: Mapping[str, Any]) -> list[tuple[str, str, dict[str, Any], Any]]:
    """Expand ``{name: estimator or (estimator, grid)}`` into (row, name, params, estimator)."""
    from sklearn.base import clone
    from sklearn.model_selection import ParameterGrid

    if not isinstance(models, Mapping) or not models:
        raise ValueError(
            "models must be a non-empty mapping {name: estimator or (estimator, param_grid)}"
        )
    settings = []
    for name, spec in models.items():
        estimator, grid = spec if isinstance(spec, tuple) else (spec, {})
        if not hasattr(estimator, "fit") or not hasattr(estimator, "get_params"):
            raise ValueError(f"models[{name!r}] must be a scikit-learn estimator, got {estimator!r}")
        grids = grid if isinstance(grid, (list, tuple)) else [grid]
        if not grids:
            raise ValueError(f"the parameter grid of {name!r} is empty; give at least one setting")
        for one in grids:
            if not isinstance(one, Mapping):
                raise ValueError(f"the parameter grid of {name!r} must be a dict of lists")
            empty = [key for key, values in one.items() if len(list(values)) == 0]
            if empty:
                raise ValueError(
                    f"the parameter grid of {name!r} has no values for {empty}; "
                    "give at least one value per parameter"
                )
            unknown = sorted(set(one) - set(estimator.get_params()))
            if unknown:
                raise ValueError(f"{name!r} has no parameters {unknown}")
        for params in ParameterGrid(list(grids)):
            row = name if not params else (
                f"{name} (" + ", ".join(f"{k}={v}" for k, v in params.items()) + ")"
            )
            settings.append((row, name, dict(params), clone(estimator).set_params(**params)))
    return settings


def _seeded(estimator: Any, random_state: int) -> Any:
    """Give `estimator` the seed unless it already has one."""
    params = estimator.get_params()
    if "random_state" in params and params["random_state"] is None:
        estimator.set_params(random_state=random_state)
    return estimator


def _fit_labels(estimator: Any, points: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Fit, return the labels and the (unique) warning messages raised meanwhile."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        labels = np.asarray(estimator.fit_predict(points))
    messages = list(dict.fromkeys(str(w.message).split("\n")[0] for w in caught))
    return labels, messages


# --- fitting and scoring ------------------------------------------------------


def fit_models(X: ArrayLike, models: Mapping[str, Any], *, random_state: int = 42) -> list[ModelFit]:
    """Fit every setting of every model once; keep labels, fit time and warnings.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Numeric data, no NaN, at least :data:`MIN_ROWS` rows.
    models : mapping of str to estimator or (estimator, param_grid)
        Name -> a scikit-learn clusterer (anything with ``fit_predict``; a
        ``GaussianMixture`` works too), optionally with a parameter grid: a dict of
        lists, or a list of such dicts, as for ``GridSearchCV``.
    random_state : int, default 42
        Seed given to every estimator that has a ``random_state`` left at None.

    Returns
    -------
    list of ModelFit
        One per setting, in the order of `models` and of each grid.

    Raises
    ------
    ValueError
        If `X` is not numeric, has NaN/infinite values or too few rows, or `models`
        is empty or has an empty grid or an unknown parameter.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.cluster import KMeans
    >>> from helpers.compare import fit_models
    >>> X = np.r_[np.zeros((10, 2)), np.ones((10, 2)) * 5] + np.arange(20)[:, None] * 0.01
    >>> fits = fit_models(X, {"k-means": (KMeans(n_init=1), {"n_clusters": [2, 3]})})
    >>> [f.name for f in fits]
    ['k-means (n_clusters=2)', 'k-means (n_clusters=3)']
    >>> len(np.unique(fits[0].labels))
    2
    """
    points = _as_matrix(X)
    fits = []
    for row, name, params, estimator in _settings(models):
        estimator = _seeded(estimator, random_state)
        start = time.perf_counter()
        try:
            labels, messages = _fit_labels(estimator, points)
        except Exception as exc:  # a failed setting is reported, not fatal
            fits.append(ModelFit(row, name, params, estimator, None, float("nan"),
                                 f"fit failed: {type(exc).__name__}: {exc}"))
            continue
        seconds = time.perf_counter() - start
        note = "; ".join(f"warning: {m}" for m in messages)
        fits.append(ModelFit(row, name, params, estimator, labels, seconds, note))
    return fits


def _internal_scores(points: np.ndarray, labels: np.ndarray, *, silhouette_sample: int,
                     random_state: int) -> tuple[dict[str, float], str]:
    """Silhouette, Davies-Bouldin, Calinski-Harabasz on the non-noise points."""
    from sklearn.metrics import (calinski_harabasz_score, davies_bouldin_score,
                                 silhouette_score)

    nan = {"silhouette": np.nan, "davies_bouldin": np.nan, "calinski_harabasz": np.nan}
    kept = labels != -1
    n_kept = int(kept.sum())
    n_clusters = len(np.unique(labels[kept]))
    if n_kept == 0:
        return nan, "every point is noise: no cluster to score"
    if n_clusters < 2:
        return nan, "one cluster: the scores need at least two"
    if n_clusters >= n_kept:
        return nan, "every point is its own cluster: the scores need fewer clusters"
    data, codes = points[kept], labels[kept]
    scores = {
        "davies_bouldin": float(davies_bouldin_score(data, codes)),
        "calinski_harabasz": float(calinski_harabasz_score(data, codes)),
    }
    sample = silhouette_sample if n_kept > silhouette_sample else None
    try:
        scores["silhouette"] = float(silhouette_score(data, codes, sample_size=sample,
                                                      random_state=random_state))
    except ValueError:  # the sample happened to hold a single cluster
        scores["silhouette"] = np.nan
        return {**nan, **scores}, "silhouette sample held one cluster only"
    return scores, ""


def _stability(points: np.ndarray, fit: ModelFit, samples: list[np.ndarray]) -> tuple[float, list[str]]:
    """Mean ARI between the fit's labels and refits on bootstrap samples, on shared rows."""
    from sklearn.base import clone
    from sklearn.metrics import adjusted_rand_score

    scores, messages = [], []
    for idx in samples:
        estimator = clone(fit.estimator)
        try:
            labels, caught = _fit_labels(estimator, points[idx])
        except Exception as exc:  # noqa: BLE001 (reported, not fatal)
            messages.append(f"a bootstrap fit failed ({type(exc).__name__})")
            continue
        messages += caught
        rows, first = np.unique(idx, return_index=True)
        scores.append(adjusted_rand_score(fit.labels[rows], labels[first]))
    return (float(np.mean(scores)) if scores else np.nan), messages


def score_fits(
    X: ArrayLike,
    fits: Sequence[ModelFit],
    *,
    labels_true: ArrayLike | None = None,
    n_bootstrap: int = 5,
    silhouette_sample: int = 2_000,
    random_state: int = 42,
) -> pd.DataFrame:
    """Score fits without labels (and with them, if given): one row per fit.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The data the fits were made on.
    fits : sequence of ModelFit
        From :func:`fit_models`.
    labels_true : array-like of shape (n_samples,), optional
        Known groups; adds the adjusted Rand index of each fit against them.
    n_bootstrap : int, default 5
        Bootstrap refits per setting for the stability score (0 skips it: NaN).
        Every setting is refitted on the same seeded samples.
    silhouette_sample : int, default 2000
        Above this many (non-noise) rows the silhouette is computed on a seeded
        sample of this size (the exact score costs n² distances).
    random_state : int, default 42
        Seed of the bootstrap samples and of the silhouette sample.

    Returns
    -------
    pandas.DataFrame
        Columns ``model``, ``params``, ``clusters`` (found, noise excluded),
        ``noise_share`` (rows labelled -1), ``silhouette`` (higher is better, -1..1),
        ``davies_bouldin`` (lower is better), ``calinski_harabasz`` (higher is
        better), ``stability`` (mean ARI between the fit and bootstrap refits on the
        rows they share: 1 = the same clusters every time), ``ari`` (against
        `labels_true`; NaN without it), ``fit_seconds`` and ``note`` (why a score is
        NaN, warnings); indexed by the fit's name. The three internal scores are
        computed on the non-noise rows only, so read them with ``noise_share``.

    Raises
    ------
    ValueError
        If `X` is invalid, `fits` is empty, `labels_true` or a fit's labels do not
        have one entry per row, or `n_bootstrap` / `silhouette_sample` are out of range.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.cluster import DBSCAN, KMeans
    >>> from helpers.compare import fit_models, score_fits
    >>> X = np.r_[np.zeros((10, 2)), np.ones((10, 2)) * 5] + np.arange(20)[:, None] * 0.01
    >>> fits = fit_models(X, {"k-means": KMeans(n_clusters=2, n_init=1),
    ...                       "DBSCAN": DBSCAN(eps=0.01)})
    >>> table = score_fits(X, fits, n_bootstrap=2)
    >>> table[["clusters", "noise_share", "stability"]]
                 clusters  noise_share  stability
    name...
    k-means             2          0.0        1.0
    DBSCAN              0          1.0        1.0
    >>> table.loc["DBSCAN", "note"]
    'every point is noise: no cluster to score'
    """
    from sklearn.metrics import adjusted_rand_score

    points = _as_matrix(X)
    n = points.shape[0]
    if not fits:
        raise ValueError("fits is empty; make them with fit_models(X, models)")
    if n_bootstrap < 0:
        raise ValueError(f"n_bootstrap must be 0 or more, got {n_bootstrap}")
    if silhouette_sample < 10:
        raise ValueError(f"silhouette_sample must be at least 10, got {silhouette_sample}")
    truth = None
    if labels_true is not None:
        truth = np.asarray(labels_true).ravel()
        if truth.shape[0] != n:
            raise ValueError(f"labels_true must have one label per row ({n}), got {truth.shape[0]}")
    rng = np.random.default_rng(random_state)
    samples = [rng.integers(0, n, size=n) for _ in range(n_bootstrap)]
    rows = []
    for fit in fits:
        row: dict[str, Any] = {"name": fit.name, "model": fit.model,
                               "params": ", ".join(f"{k}={v}" for k, v in fit.params.items()),
                               "fit_seconds": fit.seconds}
        notes = [fit.note] if fit.note else []
        if fit.labels is None:
            rows.append({**row, "clusters": np.nan, "noise_share": np.nan, "note": "; ".join(notes)})
            continue
        if len(fit.labels) != n:
            raise ValueError(f"the labels of {fit.name!r} do not have one entry per row of X")
        row["clusters"] = len(np.unique(fit.labels[fit.labels != -1]))
        row["noise_share"] = float(np.mean(fit.labels == -1))
        scores, why = _internal_scores(points, fit.labels, silhouette_sample=silhouette_sample,
                                       random_state=random_state)
        row.update(scores)
        notes += [why] if why else []
        if samples:
            row["stability"], caught = _stability(points, fit, samples)
            notes += [f"bootstrap: {m}" for m in dict.fromkeys(caught) if f"warning: {m}" not in fit.note]
        if truth is not None:
            row["ari"] = float(adjusted_rand_score(truth, fit.labels))
        row["note"] = "; ".join(notes)
        rows.append(row)
    table = pd.DataFrame(rows).set_index("name")
    table = table.reindex(columns=COLUMNS)
    table["clusters"] = table["clusters"].astype("Int64")
    table["note"] = table["note"].fillna("")
    return table


def compare_models(
    X: ArrayLike,
    models: Mapping[str, Any],
    *,
    labels_true: ArrayLike | None = None,
    n_bootstrap: int = 5,
    silhouette_sample: int = 2_000,
    random_state: int = 42,
) -> pd.DataFrame:
    """Fit and score every setting of every model: the compare-models table.

    :func:`fit_models` followed by :func:`score_fits`; see those for the parameters.

    Returns
    -------
    pandas.DataFrame
        One row per model setting (see :func:`score_fits` for the columns).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.cluster import AgglomerativeClustering, KMeans
    >>> from sklearn.datasets import make_blobs
    >>> from helpers.compare import compare_models
    >>> X, y = make_blobs(n_samples=60, centers=3, random_state=42)
    >>> table = compare_models(X, {"k-means": (KMeans(n_init=4), {"n_clusters": [2, 3]}),
    ...                            "ward": AgglomerativeClustering(n_clusters=3)},
    ...                        labels_true=y, n_bootstrap=2)
    >>> table["ari"].round(2).to_dict()
    {'k-means (n_clusters=2)': 0.56, 'k-means (n_clusters=3)': 1.0, 'ward': 1.0}
    """
    fits = fit_models(X, models, random_state=random_state)
    return score_fits(X, fits, labels_true=labels_true, n_bootstrap=n_bootstrap,
                      silhouette_sample=silhouette_sample, random_state=random_state)


# --- figures --------------------------------------------------------------------


def _colour_codes(truth: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Colour index of each point: clusters paired one to one with the true groups
    (Hungarian method) take their group's colour, other clusters the next colours;
    noise is -1."""
    from scipy.optimize import linear_sum_assignment

    groups, group_codes = np.unique(truth, return_inverse=True)
    kept = labels != -1
    clusters, cluster_codes = np.unique(labels[kept], return_inverse=True)
    counts = np.zeros((clusters.size, groups.size), dtype=int)
    np.add.at(counts, (cluster_codes, group_codes[kept]), 1)
    colour = np.full(clusters.size, -1)
    rows, cols = linear_sum_assignment(counts, maximize=True)
    colour[rows] = cols
    spare = iter(range(groups.size, groups.size + clusters.size))
    for r in np.flatnonzero(colour == -1):
        colour[r] = next(spare)
    codes = np.full(labels.shape[0], -1)
    codes[kept] = colour[cluster_codes]
    return codes


def _draw_cell(ax: Axes, cell: np.ndarray, codes: np.ndarray, rgba: np.ndarray,
               size: float) -> None:
    noise = codes == -1
    if noise.any():
        ax.scatter(cell[noise, 0], cell[noise, 1], s=size * 3, color="0.5", marker="x",
                   linewidth=0.7)
    ax.scatter(cell[~noise, 0], cell[~noise, 1], s=size, linewidth=0,
               c=rgba[codes[~noise] % len(rgba)])


def _ari(truth: np.ndarray, labels: np.ndarray) -> float:
    """Adjusted Rand index from pair counts (equal to scikit-learn's, without its
    input checks, which dominate the cost on small data)."""
    _, a = np.unique(truth, return_inverse=True)
    _, b = np.unique(labels, return_inverse=True)
    table = np.zeros((a.max() + 1, b.max() + 1))
    np.add.at(table, (a, b), 1)
    pairs = lambda counts: float(np.sum(counts * (counts - 1)) / 2)  # noqa: E731
    both, rows, cols = pairs(table), pairs(table.sum(axis=1)), pairs(table.sum(axis=0))
    total = pairs(np.array([float(len(a))]))
    expected = rows * cols / total if total else 0.0
    top = (rows + cols) / 2
    if top == expected:  # both partitions trivial (one cluster, or all singletons)
        return 1.0
    return (both - expected) / (top - expected)


def _ari_text(truth: np.ndarray, labels: np.ndarray) -> str:
    value = _ari(truth, labels)
    return f"ARI {0.0 if abs(value) < 0.005 else value:.2f}"


def plot_fit_grid(
    datasets: Mapping[str, tuple[ArrayLike, ArrayLike]],
    fits: Mapping[str, Sequence[ModelFit]],
    *,
    panel_size: tuple[float, float] = (1.4, 1.2),
    point_size: float = 4.0,
    show_time: bool = True,
    title: str | None = None,
) -> Figure:
    """Draw many fits on many 2-D datasets: one column per dataset, one row per model.

    The first row is the truth. Each panel shows the clusters and, in a strip under
    them, the ARI against the truth and the fit time. Clusters take the colour of the true group
    they overlap most (Hungarian matching), so a correct fit looks like the truth;
    extra clusters get other colours and noise (label -1) is drawn as grey crosses.
    All panels are cells of one ``Axes`` (much faster to draw than one ``Axes`` per
    panel when there are dozens).

    Parameters
    ----------
    datasets : mapping of str to (X, labels_true)
        Dataset name -> 2-D points and their known groups, in column order.
    fits : mapping of str to sequence of ModelFit
        Dataset name -> the fits on it (from :func:`fit_models`), the same models in
        the same order for every dataset.
    panel_size : pair of float, default (1.4, 1.2)
        Width and height of one panel, in inches.
    point_size : float, default 4
        Marker area of a point.
    show_time : bool, default True
        Print the fit time under the ARI.
    title : str, optional
        Title of the whole figure.

    Returns
    -------
    matplotlib.figure.Figure
        The figure (one ``Axes`` holding every panel).

    Raises
    ------
    ValueError
        If `datasets` is empty, a dataset has no fits, the fits differ between
        datasets, or a dataset is not 2-D.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.cluster import KMeans
    >>> from helpers.compare import fit_models, plot_fit_grid
    >>> X = np.r_[np.zeros((10, 2)), np.ones((10, 2)) * 5] + np.arange(20)[:, None] * 0.01
    >>> y = np.repeat([0, 1], 10)
    >>> fits = {"two groups": fit_models(X, {"k-means": KMeans(n_clusters=2, n_init=1)})}
    >>> fig = plot_fit_grid({"two groups": (X, y)}, fits)
    >>> texts = [t.get_text() for t in fig.axes[0].texts]
    >>> texts[0], texts[-2:]
    ('two groups', ['truth', 'k-means'])
    """
    from matplotlib.collections import PatchCollection
    from matplotlib.colors import to_rgba_array

    from helpers.plotting import cluster_colors

    if not datasets:
        raise ValueError("datasets must hold at least one (X, labels_true) pair")
    names = list(datasets)
    missing = [d for d in names if d not in fits or not fits[d]]
    if missing:
        raise ValueError(f"fits has no fits for the datasets {missing}")
    rows = [f.name for f in fits[names[0]]]
    for d in names[1:]:
        if [f.name for f in fits[d]] != rows:
            raise ValueError(f"the fits on {d!r} are not the same models as on {names[0]!r}")
    label_width, top = 1.5, 0.35 + (0.35 if title else 0.0)  # inches around the cells
    n_rows, n_cols = len(rows) + 1, len(names)
    width = panel_size[0] * n_cols + label_width
    height = panel_size[1] * n_rows + top + 0.05
    fig = plt.figure(figsize=(width, height))
    ax = fig.add_axes((label_width / width, 0.05 / height,
                       1 - label_width / width - 0.005, 1 - (top + 0.05) / height))
    ax.set_xlim(0, n_cols)
    ax.set_ylim(n_rows, 0)
    ax.set_axis_off()
    pad, strip = 0.04, 0.15  # strip: the part of each cell under the points, for the text
    for j, d in enumerate(names):
        X, truth = datasets[d]
        points = np.asarray(X.to_numpy() if hasattr(X, "to_numpy") else X, dtype=float)
        if points.ndim != 2 or points.shape[1] != 2:
            raise ValueError(f"dataset {d!r} must have shape (n_samples, 2), got {points.shape}")
        truth = np.asarray(truth).ravel()
        low, high = points.min(axis=0), points.max(axis=0)
        unit = (points - low) / np.where(high > low, high - low, 1.0)
        ax.text(j + 0.5, -0.05, d, ha="center", va="bottom", fontsize=10)
        # The course palette first, then tab20: the same group keeps its colour in
        # every column, however many clusters a column has.
        rgba = to_rgba_array(cluster_colors(7) + cluster_colors(20))
        for i in range(n_rows):
            cell = np.c_[j + pad + unit[:, 0] * (1 - 2 * pad),
                         i + 1 - strip - unit[:, 1] * (1 - pad - strip)]
            if i == 0:
                _draw_cell(ax, cell, _colour_codes(truth, truth), rgba, point_size)
                continue
            fit = fits[d][i - 1]
            if fit.labels is None:
                ax.text(j + 0.5, i + 0.5, "fit failed", ha="center", va="center", fontsize=8)
                continue
            _draw_cell(ax, cell, _colour_codes(truth, fit.labels), rgba, point_size)
            text = _ari_text(truth, fit.labels)
            if show_time:
                text += f" · {fit.seconds:.2f} s"
            ax.text(j + 0.5, i + 0.97, text, ha="center", va="bottom", fontsize=7.5)
    frames = [plt.Rectangle((j + 0.01, i + 0.01), 0.98, 0.98)
              for i in range(n_rows) for j in range(n_cols)]
    ax.add_collection(PatchCollection(frames, facecolor="none", edgecolor="0.8",
                                      linewidth=0.8), autolim=False)
    for i, row in enumerate(["truth", *rows]):
        ax.text(-0.05, i + 0.5, row, ha="right", va="center", fontsize=9)
    if title:
        fig.suptitle(title, y=1 - 0.08 / height, va="top")
    return fig


def plot_silhouette(
    X: ArrayLike,
    labels: ArrayLike,
    *,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Per-sample silhouette plot: one horizontal bar per point, grouped by cluster.

    Bars to the right of 0 sit closer to their own cluster than to the next one;
    bars to the left of 0 (negative) sit closer to another cluster. The dashed line
    is the mean (the silhouette score). Noise points (label -1) are left out.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The data.
    labels : array-like of shape (n_samples,)
        Cluster labels, at least two clusters outside the noise.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made if omitted.
    title : str, optional
        Axes title.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ValueError
        If `labels` does not have one entry per row or holds fewer than two clusters.

    Examples
    --------
    >>> import numpy as np
    >>> from helpers.compare import plot_silhouette
    >>> X = np.array([[0.0], [0.1], [0.2], [5.0], [5.1], [2.4]])
    >>> ax = plot_silhouette(X, [0, 0, 0, 1, 1, 1])
    >>> ax.get_xlabel()
    'silhouette of each point'
    """
    from sklearn.metrics import silhouette_samples

    from helpers.plotting import cluster_colors

    values = X.to_numpy() if hasattr(X, "to_numpy") else X
    points = np.asarray(values, dtype=float)
    if points.ndim == 1:
        points = points[:, None]
    codes = np.asarray(labels).ravel()
    if codes.shape[0] != points.shape[0]:
        raise ValueError(f"labels must have one entry per row: {points.shape[0]} rows, "
                         f"{codes.shape[0]} labels")
    kept = codes != -1
    clusters = np.unique(codes[kept])
    if len(clusters) < 2:
        raise ValueError("labels must hold at least two clusters (noise excluded)")
    points, codes = points[kept], codes[kept]
    values = silhouette_samples(points, codes)
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4.5))
    colors = cluster_colors(len(clusters))
    bottom = 0
    for color, cluster in zip(colors, clusters, strict=True):
        mine = np.sort(values[codes == cluster])
        ax.barh(np.arange(bottom, bottom + len(mine)), mine, height=1.0, color=color,
                edgecolor="none")
        ax.text(-0.02, bottom + len(mine) / 2, str(cluster), ha="right", va="center",
                transform=ax.get_yaxis_transform(), fontsize=9)
        bottom += len(mine) + 10
    ax.axvline(values.mean(), color="black", linestyle="--", linewidth=1,
               label=f"mean {values.mean():.2f}")
    ax.axvline(0, color="0.4", linewidth=0.8)
    ax.set_yticks([])
    ax.set_xlabel("silhouette of each point")
    ax.set_ylabel("points, by cluster", labelpad=18)
    ax.set_xlim(min(-0.1, values.min() - 0.05), 1)
    ax.legend(loc="lower right", fontsize="small")
    if title:
        ax.set_title(title)
    return ax
