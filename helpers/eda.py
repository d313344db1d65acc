"""Exploratory plots of a mixed-type table: a numeric column split by categories.

Each function takes a pandas DataFrame and column names, draws on a new figure unless
``ax`` is given, and returns the ``Axes``. ``names`` maps column names to the words a
reader should see (``{"charges": "charges (US$ per year)"}``); unmapped columns are
shown by their own name.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib import ticker
from matplotlib.axes import Axes

from helpers.plotting import cluster_colors

__all__ = ["plot_box_by", "plot_kde_by", "plot_trend_by"]


def _check_columns(data: pd.DataFrame, numeric: list[str], grouping: list[str]) -> None:
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame, got {type(data).__name__}")
    if len(data) == 0:
        raise ValueError("data has no rows")
    for column in numeric + grouping:
        if column not in data.columns:
            raise ValueError(f"column {column!r} is not in data (columns: {list(data.columns)})")
    for column in numeric:
        if not pd.api.types.is_numeric_dtype(data[column]):
            raise ValueError(f"column {column!r} must be numeric, got dtype {data[column].dtype}")


def _levels(series: pd.Series) -> list:
    if isinstance(series.dtype, pd.CategoricalDtype):
        return [level for level in series.cat.categories if (series == level).any()]
    return sorted(series.dropna().unique())


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _name(names: Mapping[str, str] | None, column: str) -> str:
    return (names or {}).get(column, column)


def _short_number(value: float, _position: object = None) -> str:
    """Tick label of a log axis: 500, 1k, 20k, 1M (short, so neighbours never collide)."""
    for size, suffix in ((1e6, "M"), (1e3, "k")):
        if value >= size:
            return f"{value / size:g}{suffix}"
    return f"{value:g}"


def plot_kde_by(
    data: pd.DataFrame,
    value: str,
    by: str,
    *,
    names: Mapping[str, str] | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    log_scale: bool = False,
    cut: float | None = None,
) -> Axes:
    """Draw the kernel density of a numeric column, one curve per group.

    Each curve is normalised on its own (``common_norm=False``): it shows the *shape*
    of the group's distribution, whatever the group's size. Only shapes and relative
    heights matter, so the density axis carries no numbers (they would be tiny
    figures such as 0.00004 per dollar).

    With ``log_scale=True`` the density is estimated on the logarithm of the values
    and the axis is logarithmic, labelled 1k, 2k, 5k, 10k... (k for thousand):
    right for a positive, skewed quantity such as a price. Each curve then fades out
    smoothly beyond its group's extreme values and still never reaches zero or
    below. On a linear axis each curve stops at its group's smallest and largest value
    by default (``cut=0``), so a positive quantity is not drawn below zero, at the
    price of a steep edge where the curve is cut.

    Parameters
    ----------
    data : pandas.DataFrame
        The table.
    value : str
        Numeric column whose distribution is drawn.
    by : str
        Column whose levels split the rows into groups.
    names : mapping of str to str, optional
        Readable names of the columns, used in labels and the title.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made if omitted.
    title : str, optional
        Axes title; a default says what is drawn.
    log_scale : bool, default False
        Estimate and draw the density on a logarithmic axis (every value must be
        positive).
    cut : float, optional
        How far each curve extends beyond its group's extreme values, in bandwidths
        (seaborn's ``cut``); default 0 on a linear axis, 3 on a logarithmic one.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    TypeError
        If `data` is not a pandas DataFrame.
    ValueError
        If a column is missing, `value` is not numeric, `data` has no rows, `cut`
        is negative, or `log_scale` is asked for values that are not all positive.

    Examples
    --------
    >>> import pandas as pd
    >>> from helpers.eda import plot_kde_by
    >>> table = pd.DataFrame({"spend": [1.0, 2, 3, 10, 11, 13], "member": list("nnnyyy")})
    >>> ax = plot_kde_by(table, "spend", "member", log_scale=True)
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['n', 'y']
    >>> ax.get_xscale()
    'log'
    """
    _check_columns(data, [value], [by])
    if cut is None:
        cut = 3.0 if log_scale else 0.0
    if not cut >= 0:
        raise ValueError(f"cut must be a number of bandwidths >= 0, got {cut!r}")
    if log_scale and not (data[value] > 0).all():
        raise ValueError(
            f"log_scale needs positive values, but column {value!r} has values <= 0 "
            f"(smallest {data[value].min()!r}): use log_scale=False"
        )
    if ax is None:
        _, ax = plt.subplots()
    levels = _levels(data[by])
    sns.kdeplot(data=data, x=value, hue=by, hue_order=levels, common_norm=False,
                cut=cut, fill=True, alpha=0.3, palette=cluster_colors(len(levels)),
                log_scale=log_scale, ax=ax)
    if log_scale:
        ax.xaxis.set_major_locator(ticker.LogLocator(subs=(1.0, 2.0, 5.0)))
        ax.xaxis.set_major_formatter(ticker.FuncFormatter(_short_number))
        ax.xaxis.set_minor_formatter(ticker.NullFormatter())
    ax.tick_params(axis="y", labelleft=False)
    scale = ", logarithmic axis" if log_scale else ""
    ax.set_xlabel(f"{_name(names, value)}{scale}")
    ax.set_ylabel("density (each curve has area 1)")
    ax.set_ylim(bottom=0)
    ax.set_title(title or f"Distribution of {_name(names, value)} by {_name(names, by)}")
    legend = ax.get_legend()
    if legend is not None:
        legend.set_title(_name(names, by))
    return ax


def _slope_text(slope: float) -> str:
    return f"{slope:+,.0f}" if abs(slope) >= 100 else f"{slope:+.3g}"


def plot_trend_by(
    data: pd.DataFrame,
    x: str,
    y: str,
    by: str,
    *,
    names: Mapping[str, str] | None = None,
    slope_unit: str | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Scatter two numeric columns, coloured by group, with a least-squares line per group.

    A straight line summarises a group only if the group is one cloud of points. When a
    group falls into separate bands (smokers with high and with low charges, say), its
    line runs through the empty space between them: split such a group into one level
    per band first (a new column for `by`), so each band gets its own line.

    Parameters
    ----------
    data : pandas.DataFrame
        The table.
    x, y : str
        Numeric columns on the horizontal and vertical axes.
    by : str
        Column whose levels colour the points; each level gets its own straight line
        (``numpy.polyfit`` of degree 1).
    names : mapping of str to str, optional
        Readable names of the columns.
    slope_unit : str, optional
        Unit of the slopes written in the legend, such as ``"US$ per year of age"``;
        by default ``"<y> per unit of <x>"``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made if omitted.
    title : str, optional
        Axes title; a default says what is drawn.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    TypeError
        If `data` is not a pandas DataFrame.
    ValueError
        If a column is missing, `x` or `y` is not numeric, or a group has fewer than
        two distinct `x` values (no line can be fitted).

    Examples
    --------
    >>> import pandas as pd
    >>> from helpers.eda import plot_trend_by
    >>> table = pd.DataFrame({"age": [20, 30, 40, 20, 30, 40],
    ...                       "spend": [1.0, 2, 3, 5, 7, 9], "member": list("nnnyyy")})
    >>> ax = plot_trend_by(table, "age", "spend", "member", slope_unit="$ per year")
    >>> len(ax.lines)  # one fitted line per group
    2
    >>> ax.get_legend().get_texts()[1].get_text()
    'straight-line fit: slope +0.1 $ per year'
    """
    _check_columns(data, [x, y], [by])
    levels = _levels(data[by])
    for level in levels:
        if data.loc[data[by] == level, x].nunique() < 2:
            raise ValueError(f"group {by}={level!r} needs two distinct {x!r} values for a line")
    unit = slope_unit if slope_unit is not None else f"{y} per unit of {x}"
    if ax is None:
        _, ax = plt.subplots()
    for color, level in zip(cluster_colors(len(levels)), levels, strict=True):
        group = data[data[by] == level]
        slope, intercept = np.polyfit(group[x], group[y], deg=1)
        ax.scatter(group[x], group[y], s=12, alpha=0.5, color=color,
                   label=f"{_name(names, by)} = {level}")
        grid = np.array([group[x].min(), group[x].max()])
        ax.plot(grid, intercept + slope * grid, color=color, linewidth=2.5,
                label=f"straight-line fit: slope {_slope_text(slope)} {unit}")
    ax.set_xlabel(_name(names, x))
    ax.set_ylabel(_name(names, y))
    ax.set_title(title or _capitalised(f"{_name(names, y)} against {_name(names, x)}, "
                                        f"by {_name(names, by)}"))
    # outside the axes, so the legend never hides points
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small")
    return ax


def plot_box_by(
    data: pd.DataFrame,
    value: str,
    by: str,
    hue: str,
    *,
    names: Mapping[str, str] | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Draw box plots of a numeric column for each combination of two categories.

    A box spans the middle half of the group (quartiles), the line inside is the
    median, whiskers reach 1.5 box lengths and points beyond are drawn one by one.

    Parameters
    ----------
    data : pandas.DataFrame
        The table.
    value : str
        Numeric column on the vertical axis.
    by : str
        Column whose levels go along the horizontal axis.
    hue : str
        Column whose levels give side-by-side boxes in different colours.
    names : mapping of str to str, optional
        Readable names of the columns.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made if omitted.
    title : str, optional
        Axes title; a default says what is drawn.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    TypeError
        If `data` is not a pandas DataFrame.
    ValueError
        If a column is missing, `value` is not numeric or `data` has no rows.

    Examples
    --------
    >>> import pandas as pd
    >>> from helpers.eda import plot_box_by
    >>> table = pd.DataFrame({"spend": [1.0, 2, 3, 5, 7, 9], "member": list("nnnyyy"),
    ...                       "sex": list("fmfmfm")})
    >>> ax = plot_box_by(table, "spend", "member", "sex")
    >>> ax.get_xlabel()
    'member'
    """
    _check_columns(data, [value], [by, hue])
    if ax is None:
        _, ax = plt.subplots()
    hue_levels = _levels(data[hue])
    # seaborn 0.13.2 passes `vert=` to Axes.bxp, which matplotlib 3.11 deprecates
    # (MatplotlibDeprecationWarning "vert: bool was deprecated ..."). The warning is
    # about seaborn's internals, not about the plot, and a newer seaborn will fix it:
    # ignore exactly that message, around this one call only, so any other warning
    # still reaches the reader.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"vert: bool was deprecated")
        sns.boxplot(data=data, x=by, y=value, hue=hue, order=_levels(data[by]),
                    hue_order=hue_levels, palette=cluster_colors(len(hue_levels)),
                    fliersize=3, ax=ax)
    ax.set_xlabel(_name(names, by))
    ax.set_ylabel(_name(names, value))
    ax.set_title(title or _capitalised(f"{_name(names, value)} by {_name(names, by)} "
                                        f"and {_name(names, hue)}"))
    legend = ax.get_legend()
    if legend is not None:
        # outside the axes, so the legend never hides a box or a whisker
        sns.move_legend(ax, "upper left", bbox_to_anchor=(1.01, 1),
                        title=_name(names, hue))
    return ax
