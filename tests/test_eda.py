"""helpers.eda: the exploratory plots of a mixed-type table."""

from __future__ import annotations

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from helpers import eda

RNG = np.random.default_rng(42)
TABLE = pd.DataFrame({
    "age": RNG.integers(18, 65, 80),
    "spend": RNG.gamma(2.0, 1000.0, 80),
    "smoker": pd.Categorical(RNG.choice(["no", "yes"], 80), categories=["no", "yes"]),
    "sex": pd.Categorical(RNG.choice(["female", "male"], 80)),
    "region": RNG.choice(["east", "west", "north"], 80),
})
NAMES = {"spend": "spend (US$)", "smoker": "smoker?"}


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def draw(name: str, **kwargs):
    calls = {
        "kde": lambda: eda.plot_kde_by(TABLE, "spend", "smoker", names=NAMES, **kwargs),
        "trend": lambda: eda.plot_trend_by(TABLE, "age", "spend", "smoker", names=NAMES, **kwargs),
        "box": lambda: eda.plot_box_by(TABLE, "spend", "region", "sex", names=NAMES, **kwargs),
    }
    return calls[name]()


@pytest.mark.parametrize("name", ["kde", "trend", "box"])
def test_new_figure_each_time_and_given_axes(name):
    first, second = draw(name), draw(name)
    assert first.figure is not second.figure
    fig, (left, right) = plt.subplots(1, 2)
    assert draw(name, ax=right) is right
    assert not left.has_data()


@pytest.mark.parametrize("name", ["kde", "trend", "box"])
def test_readable_labels(name):
    ax = draw(name)
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert "spend (us$)" in ax.get_title().lower()
    assert ax.get_legend() is not None


@pytest.mark.parametrize("name", ["kde", "trend", "box"])
def test_no_warnings(name):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        draw(name)


def test_box_plot_filter_is_local():
    # the vert filter must not outlive the call
    before = list(warnings.filters)
    draw("box")
    assert warnings.filters == before


def test_kde_legend_follows_category_order():
    ax = draw("kde")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["no", "yes"]
    assert ax.get_legend().get_title().get_text() == "smoker?"


def test_trend_lines_fit_each_group():
    ax = draw("trend")
    assert len(ax.lines) == 2
    no = TABLE[TABLE.smoker == "no"]
    slope, intercept = np.polyfit(no.age, no.spend, 1)
    x, y = ax.lines[0].get_data()
    np.testing.assert_allclose(y, intercept + slope * np.asarray(x))


def test_box_one_box_per_combination():
    ax = draw("box")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["east", "north", "west"]
    assert len(ax.patches) >= 6


@pytest.mark.parametrize("call", [
    lambda: eda.plot_kde_by(TABLE, "nope", "smoker"),
    lambda: eda.plot_trend_by(TABLE, "age", "spend", "nope"),
    lambda: eda.plot_box_by(TABLE, "spend", "region", "nope"),
])
def test_missing_column(call):
    with pytest.raises(ValueError, match="not in data"):
        call()


def test_non_numeric_value_and_empty_table():
    with pytest.raises(ValueError, match="must be numeric"):
        eda.plot_kde_by(TABLE, "region", "smoker")
    with pytest.raises(ValueError, match="no rows"):
        eda.plot_box_by(TABLE.iloc[:0], "spend", "region", "sex")


def test_not_a_dataframe():
    with pytest.raises(TypeError, match="pandas DataFrame"):
        eda.plot_kde_by(TABLE.to_numpy(), "spend", "smoker")


def test_trend_needs_two_x_values_per_group():
    table = pd.DataFrame({"age": [20, 20, 30, 40], "spend": [1.0, 2, 3, 4],
                          "smoker": ["yes", "yes", "no", "no"]})
    with pytest.raises(ValueError, match="two distinct"):
        eda.plot_trend_by(table, "age", "spend", "smoker")


def test_kde_curves_stay_inside_the_data_range():
    # a positive quantity must not be drawn below its smallest value (nor below zero)
    ax = draw("kde")
    xs = np.concatenate([path.vertices[:, 0] for collection in ax.collections
                         for path in collection.get_paths()])
    assert xs.min() >= TABLE["spend"].min() - 1e-9
    assert xs.max() <= TABLE["spend"].max() + 1e-9
    wide = eda.plot_kde_by(TABLE, "spend", "smoker", cut=3)
    wide_xs = np.concatenate([path.vertices[:, 0] for collection in wide.collections
                              for path in collection.get_paths()])
    assert wide_xs.min() < TABLE["spend"].min()
    with pytest.raises(ValueError, match="cut must be"):
        eda.plot_kde_by(TABLE, "spend", "smoker", cut=-1)


@pytest.mark.parametrize("name", ["trend", "box"])
def test_legend_is_outside_the_axes(name):
    ax = draw(name)
    ax.figure.canvas.draw()
    legend_box = ax.get_legend().get_window_extent()
    assert legend_box.x0 >= ax.get_window_extent().x1


def curve_vertices(ax) -> np.ndarray:
    return np.concatenate([path.vertices for collection in ax.collections
                           for path in collection.get_paths()])


def test_kde_density_axis_shows_no_numbers_or_offset():
    for log_scale in (False, True):
        ax = eda.plot_kde_by(TABLE, "spend", "smoker", log_scale=log_scale)
        ax.figure.canvas.draw()
        assert not [t for t in ax.get_yticklabels() if t.get_visible() and t.get_text()]
        assert ax.yaxis.get_offset_text().get_text() == ""
        assert "area 1" in ax.get_ylabel()


def test_kde_on_a_log_axis_fades_out_without_cliffs():
    ax = eda.plot_kde_by(TABLE, "spend", "smoker", names=NAMES, log_scale=True)
    assert ax.get_xscale() == "log"
    assert "logarithmic" in ax.get_xlabel()
    points = curve_vertices(ax)
    assert points[:, 0].min() > 0, "a positive quantity is never drawn at or below zero"
    assert points[:, 0].min() < TABLE["spend"].min(), "the tails go past the data"
    for collection in ax.collections:
        vertices = np.concatenate([p.vertices for p in collection.get_paths()])
        top = vertices[:, 1].max()
        for end in (vertices[:, 0].min(), vertices[:, 0].max()):
            assert vertices[vertices[:, 0] == end, 1].max() < 0.05 * top, "a cliff at an end"


def test_kde_linear_axis_is_cut_at_the_data_and_log_needs_positive_values():
    ax = eda.plot_kde_by(TABLE, "spend", "smoker")
    assert ax.get_xscale() == "linear"
    assert curve_vertices(ax)[:, 0].min() >= TABLE["spend"].min() - 1e-9
    table = TABLE.assign(spend=TABLE["spend"] - TABLE["spend"].median())
    with pytest.raises(ValueError, match="log_scale needs positive values"):
        eda.plot_kde_by(table, "spend", "smoker", log_scale=True)


def test_log_axis_tick_labels_are_short():
    ax = eda.plot_kde_by(TABLE, "spend", "smoker", log_scale=True)
    ax.figure.canvas.draw()
    shown = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert shown and all(len(text) <= 4 for text in shown), shown
    assert eda._short_number(500) == "500"
    assert eda._short_number(20_000) == "20k"
    assert eda._short_number(2_500_000) == "2.5M"


def test_trend_slopes_carry_their_unit():
    ax = eda.plot_trend_by(TABLE, "age", "spend", "smoker", slope_unit="US$ per year of age")
    fits = [t.get_text() for t in ax.get_legend().get_texts() if "slope" in t.get_text()]
    assert len(fits) == 2 and all(text.endswith("US$ per year of age") for text in fits)
    default = eda.plot_trend_by(TABLE, "age", "spend", "smoker")
    assert "spend per unit of age" in default.get_legend().get_texts()[1].get_text()


def test_trend_line_spans_only_its_group():
    # a group per band: each line covers its own group's x range and no other's
    table = TABLE.assign(band=np.where(TABLE["spend"] > TABLE["spend"].median(), "high", "low"))
    ax = eda.plot_trend_by(table, "age", "spend", "band")
    for line, level in zip(ax.lines, ["high", "low"], strict=True):
        group = table[table["band"] == level]
        assert list(line.get_xdata()) == [group["age"].min(), group["age"].max()]
