"""Affinity propagation pictures, and from prices to a market map.

Notebook 05 (the algorithm) uses :func:`plot_points_on_line` and
:func:`plot_evidence`. The other functions follow the order of notebook 06:
:func:`daily_returns` turns a long table of prices into a wide matrix of daily
returns under an explicit policy for bad prices, gaps and outliers (and reports
everything it removed or changed); :func:`partial_correlations` reads the precision
matrix of a sparse inverse covariance estimate; :func:`plot_return_grid`,
:func:`plot_market_map` and :func:`plot_market_map_3d` draw the pictures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import matplotlib.pyplot as plt
from matplotlib import patheffects
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.dates import DateFormatter, YearLocator
from matplotlib.ticker import NullFormatter
from numpy.typing import ArrayLike

from helpers.plotting import cluster_colors

__all__ = [
    "Returns",
    "daily_returns",
    "partial_correlations",
    "plot_market_map",
    "plot_evidence",
    "plot_market_map_3d",
    "plot_points_on_line",
    "plot_return_grid",
]

#: Colours of multi-coin clusters on the maps: matplotlib's tab10 without its grey,
#: which marks one-coin clusters. Nine clearly distinct hues (tab20, used by
#: cluster_colors beyond seven clusters, has pale twins that read as one cluster).
_GROUP_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
                 "#e377c2", "#bcbd22", "#17becf")
_MAD_TO_SD = 1.4826  # MAD x 1.4826 estimates the standard deviation of normal data


class Returns(NamedTuple):
    """Daily returns and the record of what was removed or changed to get them.

    Attributes
    ----------
    returns : pandas.DataFrame
        One row per day (``DatetimeIndex`` named ``date``), one column per coin.
    report : pandas.DataFrame
        One row per action, with columns ``action`` (``"bad price removed"``,
        ``"day dropped"``, ``"coin dropped"`` or ``"return clipped"``), ``symbol``,
        ``date`` (missing for a whole coin), ``value`` (the price or return
        concerned) and ``reason``.
    """

    returns: pd.DataFrame
    report: pd.DataFrame


def _to_pandas(prices: Any) -> pd.DataFrame:
    if type(prices).__module__.startswith("polars"):
        prices = prices.to_pandas()
    if not isinstance(prices, pd.DataFrame):
        raise TypeError(
            f"prices must be a pandas or polars DataFrame, got {type(prices).__name__}"
        )
    missing = {"date", "symbol", "close"} - set(prices.columns)
    if missing:
        raise ValueError(f"prices must have the columns date, symbol and close; missing {sorted(missing)}")
    return prices


def _wide_closes(prices: pd.DataFrame, symbols: Sequence[str] | None) -> pd.DataFrame:
    table = pd.DataFrame({
        "date": pd.to_datetime(prices["date"]),
        "symbol": prices["symbol"].astype(str),
        "close": prices["close"].astype(float),
    })
    if table.duplicated(["date", "symbol"]).any():
        raise ValueError("prices must have at most one row per date and symbol")
    wide = table.pivot(index="date", columns="symbol", values="close")
    wide.columns.name = None
    if symbols is not None:
        unknown = sorted(set(symbols) - set(wide.columns))
        if unknown:
            raise ValueError(f"symbols not in prices: {unknown}")
        wide = wide[list(symbols)]
    if (wide <= 0).any().any():
        raise ValueError("prices must be positive: log returns need close > 0")
    return wide


def daily_returns(
    prices: Any,
    *,
    kind: str = "log",
    bad_prices: Mapping[str, Sequence[str]] | None = None,
    gaps: str = "drop_days",
    clip: float | None = None,
    symbols: Sequence[str] | None = None,
) -> Returns:
    """Turn a long table of daily closes into a wide matrix of daily returns.

    The steps, in order, each recorded in the report:

    1. Closes listed in `bad_prices` are removed (treated as missing).
    2. Returns are computed close to close between consecutive calendar days:
       ``log(close[t] / close[t-1])`` for ``kind="log"`` or
       ``close[t] / close[t-1] - 1`` for ``kind="simple"``. A positive return means
       the price went up. A return next to a missing close is missing.
    3. Gaps: ``"drop_days"`` drops every day on which any coin's return is
       missing; ``"drop_coins"`` drops every coin that has a missing return.
    4. Optionally, each coin's returns are clipped (winsorised) to its median
       plus or minus ``clip`` robust standard deviations (1.4826 x the median
       absolute deviation).

    Parameters
    ----------
    prices : pandas.DataFrame or polars.DataFrame
        Long table with at least the columns ``date``, ``symbol`` and ``close``,
        one row per coin and day. Closes must be positive.
    kind : {"log", "simple"}, default "log"
        Which return to compute.
    bad_prices : mapping of str to list of str, optional
        Symbol -> dates (``"YYYY-MM-DD"``) whose close is known to be wrong.
    gaps : {"drop_days", "drop_coins"}, default "drop_days"
        What to do with missing returns.
    clip : float, optional
        Clip each coin's returns at this many robust standard deviations from its
        median. ``None`` (the default) clips nothing.
    symbols : sequence of str, optional
        Keep only these coins, in this order. Default: all, sorted by symbol.

    Returns
    -------
    Returns
        ``returns`` (days x coins) and ``report`` (see :class:`Returns`).

    Raises
    ------
    ValueError
        If an option is not one of its allowed values, a symbol or date is not in
        `prices`, a close is not positive, a coin's returns are constant (they
        could not be standardised), or fewer days than coins are left (too few to
        estimate a covariance matrix between the coins).

    Examples
    --------
    >>> import pandas as pd
    >>> from helpers.market import daily_returns
    >>> prices = pd.DataFrame({
    ...     "date": ["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"] * 2,
    ...     "symbol": ["AAA"] * 4 + ["BBB"] * 4,
    ...     "close": [100.0, 110.0, 99.0, 99.0, 1.0, 2.0, 1.0, 1.5],
    ... })
    >>> result = daily_returns(prices, kind="simple")
    >>> result.returns
                AAA  BBB
    date
    2024-01-02  0.1  1.0
    2024-01-03 -0.1 -0.5
    2024-01-04  0.0  0.5
    >>> len(result.report)
    0
    """
    if kind not in ("log", "simple"):
        raise ValueError(f"kind must be 'log' or 'simple', got {kind!r}")
    if gaps not in ("drop_days", "drop_coins"):
        raise ValueError(f"gaps must be 'drop_days' or 'drop_coins', got {gaps!r}")
    if clip is not None and not clip > 0:
        raise ValueError(f"clip must be a positive number of standard deviations or None, got {clip!r}")
    closes = _wide_closes(_to_pandas(prices), symbols)
    rows: list[dict[str, Any]] = []

    for symbol, dates in (bad_prices or {}).items():
        if symbol not in closes.columns:
            raise ValueError(f"bad_prices names the symbol {symbol!r}, which is not in prices")
        for day in pd.to_datetime(list(dates)):
            if day not in closes.index:
                raise ValueError(f"bad_prices names {symbol} on {day.date()}, a date not in prices")
            rows.append({"action": "bad price removed", "symbol": symbol, "date": day,
                         "value": closes.at[day, symbol], "reason": "close listed in bad_prices"})
            closes.at[day, symbol] = np.nan

    ratio = closes / closes.shift(1)
    returns = (np.log(ratio) if kind == "log" else ratio - 1).iloc[1:]
    missing = returns.isna()
    if gaps == "drop_days":
        for day in returns.index[missing.any(axis=1)]:
            coins = ", ".join(returns.columns[missing.loc[day]])
            rows.append({"action": "day dropped", "symbol": coins, "date": day,
                         "value": np.nan, "reason": "missing return (no close that day or the day before)"})
        returns = returns.loc[~missing.any(axis=1)]
    else:
        for symbol in returns.columns[missing.any(axis=0)]:
            rows.append({"action": "coin dropped", "symbol": symbol, "date": pd.NaT,
                         "value": float(missing[symbol].sum()),
                         "reason": "has missing returns (value = how many)"})
        returns = returns.loc[:, ~missing.any(axis=0)]

    constant = list(returns.columns[returns.std() == 0])
    if constant:
        raise ValueError(f"the returns of {constant} are constant: they cannot be standardised; leave them out with symbols=")
    if clip is not None:
        centre = returns.median()
        spread = _MAD_TO_SD * (returns - centre).abs().median()
        low, high = centre - clip * spread, centre + clip * spread
        outside = (returns < low) | (returns > high)
        for day, symbol in zip(*np.nonzero(outside.to_numpy()), strict=True):
            rows.append({"action": "return clipped", "symbol": returns.columns[symbol],
                         "date": returns.index[day], "value": returns.iat[day, symbol],
                         "reason": f"more than {clip:g} robust SD from the coin's median"})
        returns = returns.clip(low, high, axis=1)
    if len(returns) <= returns.shape[1]:
        raise ValueError(
            f"only {len(returns)} days of returns are left for {returns.shape[1]} coins: "
            "a covariance between coins needs clearly more days than coins"
        )
    report = pd.DataFrame(rows, columns=["action", "symbol", "date", "value", "reason"])
    report["date"] = pd.to_datetime(report["date"])
    return Returns(returns=returns.rename_axis("date"), report=report)


def partial_correlations(precision: ArrayLike, symbols: Sequence[str] | None = None) -> Any:
    """Partial correlations from a precision (inverse covariance) matrix.

    The partial correlation of coins *i* and *j* is their correlation once every
    other coin is accounted for: ``-P[i, j] / sqrt(P[i, i] * P[j, j])``. A zero in
    the precision matrix means the two are conditionally independent. The
    diagonal is set to 1.

    Parameters
    ----------
    precision : array-like of shape (n, n)
        Symmetric precision matrix with a positive diagonal, e.g.
        ``GraphicalLassoCV().precision_``.
    symbols : sequence of str, optional
        Names of the n variables. With them the result is a labelled DataFrame.

    Returns
    -------
    numpy.ndarray or pandas.DataFrame
        Partial correlations, shape (n, n), values in [-1, 1].

    Raises
    ------
    ValueError
        If `precision` is not square and symmetric with a positive diagonal, or
        `symbols` does not have n names.

    Examples
    --------
    >>> import numpy as np
    >>> from helpers.market import partial_correlations
    >>> partial_correlations(np.array([[2.0, -1.0], [-1.0, 2.0]]), ["A", "B"])
         A    B
    A  1.0  0.5
    B  0.5  1.0
    """
    matrix = np.asarray(precision, dtype=float)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise ValueError(f"precision must be a square matrix, got shape {matrix.shape}")
    if not np.allclose(matrix, matrix.T):
        raise ValueError("precision must be symmetric")
    diagonal = np.diag(matrix)
    if not np.all(np.isfinite(matrix)) or np.any(diagonal <= 0):
        raise ValueError("precision must be finite with a positive diagonal")
    scale = 1.0 / np.sqrt(diagonal)
    partial = -matrix * scale[:, None] * scale[None, :]
    np.fill_diagonal(partial, 1.0)
    if symbols is None:
        return partial
    names = list(symbols)
    if len(names) != len(partial):
        raise ValueError(f"symbols must have {len(partial)} names, got {len(names)}")
    return pd.DataFrame(partial, index=names, columns=names)


def plot_return_grid(returns: pd.DataFrame, labels: ArrayLike | None = None, *,
                     ncols: int = 3, strip_height: float = 0.32, width: float = 15.0,
                     title: str | None = None) -> Figure:
    """Draw every coin's return series as one strip, in `ncols` columns of strips.

    Each strip has its own vertical scale (a stablecoin moves tens of times less
    than a meme coin): the series is divided by its largest absolute return, so it
    fills its strip. The coin's symbol stands on the left of its strip and the
    range of its returns (min .. max, three decimals) on the right, both in a
    readable size. All strips share one time axis.

    Parameters
    ----------
    returns : pandas.DataFrame
        Days x coins, with dates as index.
    labels : array-like of shape (n_coins,), optional
        Cluster of each coin: the line is drawn in the cluster's colour.
    ncols : int, default 3
        Columns of strips (one axes each); coins fill them column by column.
    strip_height : float, default 0.32
        Height of one strip in inches.
    width : float, default 15.0
        Figure width in inches.
    title : str, optional
        Figure title.

    Returns
    -------
    matplotlib.figure.Figure
        One axes per column; ``fig.axes[c].lines`` holds its strips, top first.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from helpers.market import plot_return_grid
    >>> days = pd.date_range("2024-01-01", periods=30)
    >>> frame = pd.DataFrame(np.random.default_rng(0).normal(size=(30, 7)), index=days,
    ...                      columns=list("ABCDEFG"))
    >>> fig = plot_return_grid(frame, ncols=3)
    >>> [len(ax.lines) for ax in fig.axes]
    [3, 3, 1]
    """
    if not isinstance(returns, pd.DataFrame) or returns.shape[1] == 0:
        raise ValueError("returns must be a pandas DataFrame with at least one column")
    if ncols < 1:
        raise ValueError(f"ncols must be at least 1, got {ncols}")
    n = returns.shape[1]
    colors = ["0.2"] * n
    if labels is not None:
        codes = _codes(labels, n, "returns columns")
        palette = cluster_colors(codes.max() + 1)
        colors = [palette[c] for c in codes]
    per_column = -(-n // ncols)
    ncols = -(-n // per_column)
    height = strip_height * per_column + (1.0 if title else 0.6)
    # a few axes with many lines draw in a fraction of the time of one axes per coin
    fig, axes = plt.subplots(1, ncols, sharex=True, squeeze=False, figsize=(width, height))
    # room on the right of each column for its range labels
    fig.subplots_adjust(left=0.045, right=0.91, wspace=0.55, bottom=0.45 / height,
                        top=1 - (0.65 if title else 0.15) / height)
    if title:
        fig.suptitle(title, y=1 - 0.1 / height, va="top")
    dates = returns.index
    for c, ax in enumerate(axes[0]):
        block = range(c * per_column, min(n, (c + 1) * per_column))
        for row, i in enumerate(block):
            series = returns.iloc[:, i].to_numpy(dtype=float)
            top = max(np.nanmax(np.abs(series)), 1e-12)
            ax.plot(dates, -row + 0.45 * series / top, color=colors[i], linewidth=0.6)
            ax.text(1.01, -row, f"{np.nanmin(series):+.3f} .. {np.nanmax(series):+.3f}",
                    transform=ax.get_yaxis_transform(), ha="left", va="center",
                    fontsize=8.5, color="0.25")
        ax.set_yticks(-np.arange(len(block)), [str(returns.columns[i]) for i in block],
                      fontsize=9.5)
        ax.set_ylim(-per_column + 0.4, 0.6)
        ax.tick_params(axis="y", length=0)
        ax.grid(False)
        ax.grid(axis="x", alpha=0.3)
        ax.spines[["left", "right", "top"]].set_visible(False)
    axes[0, 0].xaxis.set_major_locator(YearLocator())
    axes[0, 0].xaxis.set_major_formatter(DateFormatter("%Y"))
    return fig


def _codes(labels: ArrayLike, n: int, what: str) -> np.ndarray:
    codes = np.asarray(labels).ravel()
    if codes.shape[0] != n:
        raise ValueError(f"labels must have one entry per coin: {what} has {n}, labels has {codes.shape[0]}")
    if not np.issubdtype(codes.dtype, np.integer) or codes.min() < 0:
        raise ValueError("labels must be non-negative integers (cluster numbers)")
    return codes


def _check_map_inputs(embedding: ArrayLike, labels: ArrayLike, partial: ArrayLike,
                      names: Sequence[str], dims: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    points = np.asarray(embedding, dtype=float)
    if points.ndim != 2 or points.shape[1] != dims:
        raise ValueError(f"embedding must have shape (n_coins, {dims}), got {points.shape}")
    n = len(points)
    codes = _codes(labels, n, "embedding")
    matrix = np.asarray(partial, dtype=float)
    if matrix.shape != (n, n):
        raise ValueError(f"partial must have shape ({n}, {n}), got {matrix.shape}")
    names = [str(name) for name in names]
    if len(names) != n:
        raise ValueError(f"names must have one entry per coin: embedding has {n}, names has {len(names)}")
    return points, codes, matrix, names


def _edges(matrix: np.ndarray, threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if not 0 <= threshold < 1:
        raise ValueError(f"threshold must be in [0, 1), got {threshold!r}")
    i, j = np.triu_indices(len(matrix), k=1)
    keep = np.abs(matrix[i, j]) > threshold
    return i[keep], j[keep], matrix[i, j][keep]


def _node_colors(codes: np.ndarray) -> list[str]:
    """Clusters of two or more coins get distinct colours; one-coin clusters grey."""
    counts = np.bincount(codes)
    groups = [c for c in range(len(counts)) if counts[c] > 1]
    if len(groups) <= len(_GROUP_COLORS):
        colors = list(_GROUP_COLORS[: len(groups)])
    else:
        colors = cluster_colors(len(groups))
    palette = dict(zip(groups, colors, strict=True))
    return [palette.get(c, "#BBBBBB") for c in codes]


def _node_sizes(matrix: np.ndarray, threshold: float) -> np.ndarray:
    strength = np.where(np.abs(matrix) > threshold, np.abs(matrix), 0.0)
    np.fill_diagonal(strength, 0.0)
    return 40 + 220 * strength.sum(axis=1) / max(strength.sum(axis=1).max(), 1e-12)


def _spread_labels(ax: Axes, texts: list, anchors: np.ndarray, radii: np.ndarray,
                   steps: int = 400) -> None:
    """Move labels off the nodes and off each other (in display coordinates).

    Each label starts just above its node. At every step, overlapping labels push
    each other apart along the axis of least overlap, and a label that covers any
    node (a fixed box of the node's radius, in pixels) is pushed off it, so the
    markers and their outlines stay visible; a weak pull keeps labels near home.
    """
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in texts]
    half = np.array([[b.width / 2 + 1.5, b.height / 2 + 1.0] for b in boxes])
    nodes = ax.transData.transform(anchors)
    home = nodes + np.column_stack([np.zeros(len(nodes)), radii + half[:, 1] + 1.0])
    centre = home.copy()
    n = len(texts)
    for _ in range(steps):
        # label-label overlaps
        dx = centre[:, None, 0] - centre[None, :, 0]
        dy = centre[:, None, 1] - centre[None, :, 1]
        ox = half[:, None, 0] + half[None, :, 0] - np.abs(dx)
        oy = half[:, None, 1] + half[None, :, 1] - np.abs(dy)
        overlap = (ox > 0) & (oy > 0)
        np.fill_diagonal(overlap, False)
        # label-node overlaps (nodes do not move)
        nx = centre[:, None, 0] - nodes[None, :, 0]
        ny = centre[:, None, 1] - nodes[None, :, 1]
        px = half[:, None, 0] + radii[None, :] - np.abs(nx)
        py = half[:, None, 1] + radii[None, :] - np.abs(ny)
        covers = (px > 0) & (py > 0)
        if not overlap.any() and not covers.any():
            break
        along_x = ox < oy
        push = np.column_stack([
            np.where(overlap & along_x, np.sign(dx + 1e-9) * ox / 2, 0).sum(axis=1),
            np.where(overlap & ~along_x, np.sign(dy + 1e-9) * oy / 2, 0).sum(axis=1),
        ])
        node_x = px < py
        push += np.column_stack([
            np.where(covers & node_x, np.sign(nx + 1e-9) * px, 0).sum(axis=1),
            np.where(covers & ~node_x, np.sign(ny + 1e-9) * py, 0).sum(axis=1),
        ])
        centre += 0.5 * push
        centre += 0.02 * (home - centre) * (n > 1)
    for text, (x, y), anchor, start in zip(texts, ax.transData.inverted().transform(centre),
                                          anchors, home, strict=True):
        text.set_position((x, y))
        text.set_va("center")
        moved = np.hypot(*(ax.transData.transform([x, y]) - start))
        if moved > 12:
            ax.plot([anchor[0], x], [anchor[1], y], color="0.55", linewidth=0.5, zorder=2)


def _node_radii(ax: Axes, sizes: np.ndarray, widths: np.ndarray) -> np.ndarray:
    """Radius in pixels of scatter markers of area `sizes` (points^2), outline included."""
    points_to_pixels = ax.figure.dpi / 72.0
    return (np.sqrt(sizes) / 2 + widths) * points_to_pixels


def _check_exemplars(exemplars: ArrayLike | None, codes: np.ndarray, n: int) -> np.ndarray | None:
    if exemplars is None:
        return None
    centres = np.asarray(exemplars)
    if (centres.ndim != 1 or len(centres) != codes.max() + 1
            or not np.issubdtype(centres.dtype, np.integer)
            or centres.min() < 0 or centres.max() >= n):
        raise ValueError(f"exemplars must hold one coin index (0 to {n - 1}) per "
                         f"cluster, {codes.max() + 1} in all, got {exemplars!r}")
    return centres


def _legend_handles(threshold: float, top: float, colors: list[str], codes: np.ndarray,
                    centres: np.ndarray | None, names: list[str]) -> list[Line2D]:
    """Edges, one-coin clusters, exemplars and each multi-coin cluster by its exemplar."""
    legend = [
        Line2D([], [], color="0.3", linewidth=0.5, label=f"partial corr. just above {threshold:g}"),
        Line2D([], [], color="0.3", linewidth=5, label=f"partial corr. {top:.2f} (strongest)"),
        Line2D([], [], color=(0.8, 0.1, 0.1), linestyle="--", label="negative partial corr."),
        Line2D([], [], marker="o", color="#BBBBBB", markeredgecolor="black", linestyle="",
               label="cluster of one coin"),
        Line2D([], [], marker="o", color="white", markeredgecolor="0.4", markersize=13, linestyle="",
               label="larger node: stronger links in total"),
    ]
    if centres is not None:
        legend.append(Line2D([], [], marker="o", color="white", markeredgecolor="black",
                             markeredgewidth=2.2, markersize=8, linestyle="",
                             label="exemplar (thick outline)"))
        counts = np.bincount(codes)
        legend += [Line2D([], [], marker="o", color=colors[centres[k]], markeredgecolor="black",
                          linestyle="", label=f"cluster of {names[centres[k]]}")
                   for k in range(len(centres)) if counts[k] > 1]
    return legend


def plot_market_map(
    embedding: ArrayLike,
    labels: ArrayLike,
    partial: ArrayLike,
    names: Sequence[str],
    *,
    threshold: float = 0.1,
    exemplars: ArrayLike | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Draw a 2-D market map: coins as nodes, strong partial correlations as edges.

    Every pair whose absolute partial correlation exceeds `threshold` gets an edge
    (none is skipped); its width and darkness grow with the strength, positive
    links are grey and negative ones red and dashed. Nodes are coloured by cluster
    (clusters of a single coin in grey) and sized by the total strength of their
    edges. Labels are pushed apart so
    they do not overlap; a thin leader line joins a label that moved far to its
    node.

    Parameters
    ----------
    embedding : array-like of shape (n_coins, 2)
        Position of each coin, e.g. from ``LocallyLinearEmbedding`` or ``MDS``.
    labels : array-like of shape (n_coins,)
        Cluster of each coin (integers from 0).
    partial : array-like of shape (n_coins, n_coins)
        Partial correlations (see :func:`partial_correlations`).
    names : sequence of str
        Label of each coin.
    threshold : float, default 0.1
        Draw an edge when ``abs(partial) > threshold``.
    exemplars : array-like of int, optional
        Index of each cluster's exemplar, in cluster order (as returned by
        ``affinity_propagation``). If given, exemplars get a thick outline and
        the legend names every cluster of two or more coins by its exemplar.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new 11 x 8 inch figure is made if omitted.
    title : str, optional
        Axes title; by default it states the threshold and the number of edges.

    Returns
    -------
    matplotlib.axes.Axes
        The axes; ``ax.collections[0]`` holds the edges (one segment per edge).

    Raises
    ------
    ValueError
        If the shapes do not agree, labels are not cluster numbers,
        `threshold` is not in [0, 1), or `exemplars` does not hold one coin index
        per cluster.

    Examples
    --------
    >>> import numpy as np
    >>> from helpers.market import plot_market_map
    >>> partial = np.array([[1.0, 0.5, 0.0], [0.5, 1.0, -0.2], [0.0, -0.2, 1.0]])
    >>> ax = plot_market_map([[0, 0], [1, 0], [0, 1]], [0, 0, 1], partial, ["A", "B", "C"],
    ...                      exemplars=[0, 2])
    >>> len(ax.collections[0].get_segments())
    2
    >>> [t.get_text() for t in ax.get_legend().get_texts()][-1]
    'cluster of A'
    """
    points, codes, matrix, names = _check_map_inputs(embedding, labels, partial, names, 2)
    centres = _check_exemplars(exemplars, codes, len(points))
    i, j, values = _edges(matrix, threshold)
    if ax is None:
        _, ax = plt.subplots(figsize=(11, 8))
    strength = np.abs(values)
    top = max(strength.max(initial=0.0), threshold + 1e-9)
    scaled = (strength - threshold) / (top - threshold)
    edges = LineCollection(
        np.stack([points[i], points[j]], axis=1) if len(i) else np.empty((0, 2, 2)),
        linewidths=0.4 + 4.6 * scaled,
        colors=[(0.8, 0.1, 0.1, 0.35 + 0.5 * s) if v < 0 else (0.2, 0.2, 0.2, 0.2 + 0.6 * s)
                for v, s in zip(values, scaled, strict=True)],
        linestyles=["--" if v < 0 else "-" for v in values],
        zorder=1,
    )
    ax.add_collection(edges)
    colors = _node_colors(codes)
    widths = np.full(len(points), 0.6)
    if centres is not None:
        widths[centres] = 2.2
    sizes = _node_sizes(matrix, threshold)
    ax.scatter(points[:, 0], points[:, 1], s=sizes,
               c=colors, edgecolors="black", linewidths=widths, zorder=3)
    margin = 0.08 * np.ptp(points, axis=0).clip(min=1e-9)
    ax.set_xlim(points[:, 0].min() - margin[0], points[:, 0].max() + margin[0])
    ax.set_ylim(points[:, 1].min() - margin[1], points[:, 1].max() + margin[1])
    texts = [
        ax.text(x, y, name, fontsize=8.5, ha="center", zorder=4, color="black",
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "alpha": 0.8,
                      "edgecolor": color, "linewidth": 1.0})
        for (x, y), name, color in zip(points, names, colors, strict=True)
    ]
    _spread_labels(ax, texts, points, _node_radii(ax, sizes, widths))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    ax.set_xlabel("")
    ax.set_ylabel("")
    legend = _legend_handles(threshold, top, colors, codes, centres, names)
    ax.legend(handles=legend, loc="upper center", bbox_to_anchor=(0.5, -0.02),
              ncol=5 if centres is not None else 4, fontsize=8, frameon=False)
    ax.set_title(title or f"Market map: {len(i)} edges with |partial correlation| > {threshold:g}")
    return ax


def plot_market_map_3d(
    embedding: ArrayLike,
    labels: ArrayLike,
    partial: ArrayLike,
    names: Sequence[str],
    *,
    threshold: float = 0.1,
    exemplars: ArrayLike | None = None,
    label: Sequence[str] | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Draw the market map in 3-D, with three real embedding coordinates.

    Same nodes, colours, sizes, edges and legend as :func:`plot_market_map`; the
    third coordinate of `embedding` is the depth. Names are written beside their
    node, with a white halo; with many coins, pass `label` to name only some of them.

    Parameters
    ----------
    embedding : array-like of shape (n_coins, 3)
        Three coordinates per coin.
    labels, partial, names, threshold, exemplars, title
        As in :func:`plot_market_map`.
    label : sequence of str, optional
        The names to write on the map (default: all).
    ax : mpl_toolkits.mplot3d.axes3d.Axes3D, optional
        A 3-D axes to draw on; a new figure is made if omitted.

    Returns
    -------
    mpl_toolkits.mplot3d.axes3d.Axes3D

    Raises
    ------
    ValueError
        As :func:`plot_market_map`, or if `label` names a coin not in `names`.

    Examples
    --------
    >>> import numpy as np
    >>> from helpers.market import plot_market_map_3d
    >>> partial = np.array([[1.0, 0.5, 0.0], [0.5, 1.0, -0.2], [0.0, -0.2, 1.0]])
    >>> ax = plot_market_map_3d([[0, 0, 0], [1, 0, 1], [0, 1, 2]], [0, 0, 1], partial,
    ...                         ["A", "B", "C"], exemplars=[0, 2], label=["A"])
    >>> ax.name, [t.get_text().strip() for t in ax.texts]
    ('3d', ['A'])
    """
    from mpl_toolkits.mplot3d.art3d import Line3DCollection

    points, codes, matrix, names = _check_map_inputs(embedding, labels, partial, names, 3)
    centres = _check_exemplars(exemplars, codes, len(points))
    shown = set(names if label is None else (str(x) for x in label))
    if not shown <= set(names):
        raise ValueError(f"label names coins that are not in names: {sorted(shown - set(names))}")
    i, j, values = _edges(matrix, threshold)
    if ax is None:
        fig = plt.figure(figsize=(11, 9))
        ax = fig.add_subplot(projection="3d")
        fig.subplots_adjust(left=0, right=1, bottom=0.12, top=0.95)
    strength = np.abs(values)
    top = max(strength.max(initial=0.0), threshold + 1e-9)
    scaled = (strength - threshold) / (top - threshold)
    ax.add_collection3d(Line3DCollection(
        np.stack([points[i], points[j]], axis=1) if len(i) else np.empty((0, 2, 3)),
        linewidths=0.4 + 3.6 * scaled,
        colors=[(0.8, 0.1, 0.1, 0.5) if v < 0 else (0.2, 0.2, 0.2, 0.15 + 0.6 * s)
                for v, s in zip(values, scaled, strict=True)],
        linestyles=["--" if v < 0 else "-" for v in values],
    ))
    colors = _node_colors(codes)
    widths = np.full(len(points), 0.5)
    if centres is not None:
        widths[centres] = 2.2
    ax.scatter(points[:, 0], points[:, 1], points[:, 2], s=_node_sizes(matrix, threshold),
               c=colors, edgecolors="black", linewidths=widths, depthshade=False, zorder=2)
    ax.computed_zorder = False          # draw in the order of zorder: names on top of every node
    lift = 0.04 * np.ptp(points[:, 2])  # names sit a little above their node
    for (x, y, z), name, color in zip(points, names, colors, strict=True):
        if name in shown:
            # a white halo instead of a box, so the text never hides a node's outline
            ax.text(x, y, z + lift, f"  {name}", fontsize=9.5, zorder=10, color="black",
                    path_effects=[patheffects.withStroke(linewidth=3, foreground="white")])
    ax.set_xlabel("coordinate 1")
    ax.set_ylabel("coordinate 2")
    ax.set_zlabel("coordinate 3")
    for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
        axis.set_major_formatter(NullFormatter())
    legend = _legend_handles(threshold, top, colors, codes, centres, names)
    ax.legend(handles=legend, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=5,
              fontsize=8, frameon=False)
    ax.set_title(title or f"3-D market map: {len(i)} edges with |partial correlation| > {threshold:g}")
    return ax


# --- notebook 05: pictures of affinity propagation on a few points ----------------


def plot_points_on_line(
    positions: ArrayLike,
    names: Sequence[str],
    labels: ArrayLike | None = None,
    exemplars: ArrayLike | None = None,
    *,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Draw points on a number line, named, optionally coloured by cluster.

    Parameters
    ----------
    positions : array-like of shape (n,)
        Where each point sits on the line.
    names : sequence of str
        One name per point, written above it.
    labels : array-like of shape (n,), optional
        Cluster of each point (integers from 0); points are then coloured by cluster.
    exemplars : array-like of int, optional
        Indices of the exemplars: drawn larger, with a thick black outline.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new 8 x 1.8 inch figure is made if omitted.
    title : str, optional
        Axes title.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If `positions` is not one-dimensional, or `names`, `labels` or `exemplars`
        do not fit it.

    Examples
    --------
    >>> from helpers.market import plot_points_on_line
    >>> ax = plot_points_on_line([0, 1, 5], ["A", "B", "C"], [0, 0, 1], exemplars=[1, 2])
    >>> [t.get_text() for t in ax.texts]
    ['A', 'B', 'C']
    """
    x = np.asarray(positions, dtype=float)
    if x.ndim != 1:
        raise ValueError(f"positions must be one-dimensional, got shape {x.shape}")
    names = [str(name) for name in names]
    if len(names) != len(x):
        raise ValueError(f"names must have one entry per point: {len(x)} points, {len(names)} names")
    colors = ["0.35"] * len(x)
    if labels is not None:
        codes = _codes(labels, len(x), "positions")
        palette = cluster_colors(codes.max() + 1)
        colors = [palette[c] for c in codes]
    chosen = np.zeros(len(x), dtype=bool)
    if exemplars is not None:
        index = np.asarray(exemplars)
        if index.ndim != 1 or not np.issubdtype(index.dtype, np.integer) or (
                len(index) and (index.min() < 0 or index.max() >= len(x))):
            raise ValueError(f"exemplars must be point indices from 0 to {len(x) - 1}, got {exemplars!r}")
        chosen[index] = True
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 1.8))
    ax.spines["bottom"].set_position(("data", 0))   # the x-axis is the line the points sit on
    ax.scatter(x, np.zeros_like(x), s=np.where(chosen, 260, 110), c=colors,
               edgecolors="black", linewidths=np.where(chosen, 2.5, 0.6), zorder=3)
    for xi, name in zip(x, names, strict=True):
        ax.text(xi, 0.5, name, ha="center", va="bottom", fontsize=11)
    ax.set_ylim(-1, 1.4)
    ax.set_yticks([])
    ax.spines[["left"]].set_visible(False)
    ax.grid(False)
    ax.set_xlabel("position")
    if labels is not None:
        ax.scatter([], [], s=110, c="0.8", edgecolors="black", linewidths=0.6,
                   label="colour = cluster")
    if exemplars is not None:
        ax.scatter([], [], s=200, c="white", edgecolors="black", linewidths=2.5,
                   label="exemplar")
    if labels is not None or exemplars is not None:
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9)
    if title:
        ax.set_title(title)
    return ax


def plot_evidence(history: pd.DataFrame, *, ncols: int = 3,
                  title: str | None = None) -> Figure:
    """Plot each point's evidence for being an exemplar, round after round, one panel each.

    The evidence of point *k* is ``r(k, k) + a(k, k)``, its self-responsibility
    plus its self-availability; a point is an exemplar while it is above zero
    (the shaded band). Each panel has its own vertical scale, and its title says
    whether the point ends as an exemplar.

    Parameters
    ----------
    history : pandas.DataFrame
        One row per round (index: round number), one column per point.
    ncols : int, default 3
        Panels per row.
    title : str, optional
        Figure title.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If `history` is not a non-empty DataFrame.

    Examples
    --------
    >>> import pandas as pd
    >>> from helpers.market import plot_evidence
    >>> fig = plot_evidence(pd.DataFrame({"A": [-1.0, 0.5], "B": [-2.0, -1.5]}, index=[1, 2]))
    >>> [ax.get_title() for ax in fig.axes if ax.axison]
    ['A: exemplar', 'B: not an exemplar']
    """
    if not isinstance(history, pd.DataFrame) or history.empty:
        raise ValueError("history must be a non-empty DataFrame (rounds x points)")
    n = history.shape[1]
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(nrows, ncols, sharex=True, squeeze=False,
                             figsize=(3.4 * ncols, 2.3 * nrows + (0.5 if title else 0)),
                             layout="constrained")
    for ax, (name, series) in zip(axes.flat, history.items()):
        final = series.iloc[-1] > 0
        ax.axhspan(0, max(series.max(), 0) * 1.1 + 0.1, color="#009E73", alpha=0.12, linewidth=0)
        ax.axhline(0, color="black", linewidth=0.8, linestyle=":")
        ax.plot(series.index, series.to_numpy(), color="#0072B2" if final else "0.35", linewidth=2)
        ax.set_title(f"{name}: {'exemplar' if final else 'not an exemplar'}", fontsize=11,
                     fontweight="bold" if final else "normal")
    for ax in axes.flat[n:]:
        ax.set_axis_off()
    for ax in axes[-1]:
        ax.set_xlabel("round")
    for ax in axes[:, 0]:
        ax.set_ylabel("r(k,k) + a(k,k)")
    if title:
        fig.suptitle(title)
    return fig
