"""helpers.market: returns policy, partial correlations and the market maps."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from helpers.market import (daily_returns, partial_correlations, plot_evidence, plot_market_map,
                            plot_market_map_3d, plot_points_on_line, plot_return_grid)


def long_prices(n_days=40, symbols=("AAA", "BBB", "CCC"), seed=0):
    rng = np.random.default_rng(seed)
    days = pd.date_range("2024-01-01", periods=n_days)
    frames = [pd.DataFrame({"date": days, "symbol": s,
                            "close": 100 * np.exp(np.cumsum(rng.normal(0, 0.02, n_days)))})
              for s in symbols]
    return pd.concat(frames, ignore_index=True)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_log_returns_formula_and_sign():
    prices = long_prices()
    result = daily_returns(prices)
    wide = prices.pivot(index="date", columns="symbol", values="close")
    expected = np.log(wide["AAA"].iloc[1:].to_numpy() / wide["AAA"].iloc[:-1].to_numpy())
    assert np.allclose(result.returns["AAA"], expected)
    assert result.returns.shape == (39, 3) and result.report.empty


def test_simple_returns():
    result = daily_returns(long_prices(), kind="simple")
    assert (result.returns > -1).all().all()


def test_gap_drops_two_days_or_the_coin():
    prices = long_prices().drop(index=5)  # AAA misses its 6th day
    by_day = daily_returns(prices)
    assert len(by_day.returns) == 37
    assert (by_day.report["action"] == "day dropped").sum() == 2
    by_coin = daily_returns(prices, gaps="drop_coins")
    assert list(by_coin.returns.columns) == ["BBB", "CCC"] and len(by_coin.returns) == 39


def test_bad_price_removed_and_reported():
    prices = long_prices()
    result = daily_returns(prices, bad_prices={"BBB": ["2024-01-10"]})
    assert result.report.iloc[0]["action"] == "bad price removed"
    assert pd.Timestamp("2024-01-10") not in result.returns.index
    assert pd.Timestamp("2024-01-11") not in result.returns.index


def test_clip_limits_and_reports():
    prices = long_prices(n_days=60)
    prices.loc[10, "close"] *= 5  # a spike in AAA
    result = daily_returns(prices, clip=4)
    assert (result.report["action"] == "return clipped").any()
    assert result.returns["AAA"].max() < np.log(5) / 2


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"kind": "percent"}, "kind must be"),
    ({"gaps": "fill"}, "gaps must be"),
    ({"clip": 0}, "clip must be"),
    ({"symbols": ["AAA", "ZZZ"]}, "symbols not in prices"),
    ({"bad_prices": {"ZZZ": ["2024-01-02"]}}, "bad_prices names the symbol"),
    ({"bad_prices": {"AAA": ["2030-01-01"]}}, "a date not in prices"),
])
def test_bad_options(kwargs, message):
    with pytest.raises(ValueError, match=message):
        daily_returns(long_prices(), **kwargs)


def test_constant_series_rejected():
    prices = long_prices()
    prices.loc[prices["symbol"] == "CCC", "close"] = 1.0
    with pytest.raises(ValueError, match="constant"):
        daily_returns(prices)


def test_nan_closes_are_gaps():
    prices = long_prices()
    prices.loc[3, "close"] = np.nan
    assert len(daily_returns(prices).returns) == 37


def test_fewer_days_than_coins_rejected():
    with pytest.raises(ValueError, match="more days than coins"):
        daily_returns(long_prices(n_days=4, symbols=tuple("ABCDEF")))


def test_wrong_input_types():
    with pytest.raises(TypeError):
        daily_returns(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="columns"):
        daily_returns(pd.DataFrame({"date": [], "close": []}))


def test_polars_input():
    import polars as pl

    prices = long_prices()
    assert daily_returns(pl.from_pandas(prices)).returns.equals(daily_returns(prices).returns)


def test_partial_correlations():
    covariance = np.array([[1.0, 0.5, 0.25], [0.5, 1.0, 0.5], [0.25, 0.5, 1.0]])
    partial = partial_correlations(np.linalg.inv(covariance))
    assert np.allclose(np.diag(partial), 1) and np.allclose(partial, partial.T)
    assert abs(partial[0, 2]) < 1e-12  # a chain: 0 and 2 only linked through 1
    with pytest.raises(ValueError, match="square"):
        partial_correlations(np.ones((2, 3)))
    with pytest.raises(ValueError, match="symmetric"):
        partial_correlations(np.array([[1.0, 0.2], [0.1, 1.0]]))
    with pytest.raises(ValueError, match="positive diagonal"):
        partial_correlations(np.array([[0.0, 0.0], [0.0, 1.0]]))
    with pytest.raises(ValueError, match="symbols must have 3"):
        partial_correlations(np.linalg.inv(covariance), ["A", "B"])


PARTIAL = np.array([[1.0, 0.5, 0.0, 0.3], [0.5, 1.0, -0.2, 0.0],
                    [0.0, -0.2, 1.0, 0.05], [0.3, 0.0, 0.05, 1.0]])
NAMES = ["A", "B", "C", "D"]


def test_market_map_draws_every_edge_above_threshold():
    points = np.array([[-1.0, -1.0], [1.0, 1.0], [-1.0, 1.0], [1.0, -1.0]])  # every quadrant
    ax = plot_market_map(points, [0, 0, 1, 2], PARTIAL, NAMES, threshold=0.1)
    assert len(ax.collections[0].get_segments()) == 3
    assert sorted(t.get_text() for t in ax.texts) == NAMES


def test_market_map_3d_uses_the_third_coordinate():
    points = np.arange(12, dtype=float).reshape(4, 3)
    ax = plot_market_map_3d(points, [0, 0, 1, 1], PARTIAL, NAMES, threshold=0.1)
    assert ax.name == "3d"
    assert np.allclose(ax.collections[1]._offsets3d[2], points[:, 2])


@pytest.mark.parametrize("bad", ["labels", "names", "embedding", "partial", "threshold"])
def test_market_map_bad_input(bad):
    args = dict(embedding=np.zeros((4, 2)), labels=[0, 0, 1, 1], partial=PARTIAL, names=NAMES)
    options = {"threshold": 0.1}
    if bad == "labels":
        args["labels"] = [0, 1]
    elif bad == "names":
        args["names"] = ["A"]
    elif bad == "embedding":
        args["embedding"] = np.zeros((4, 3))
    elif bad == "partial":
        args["partial"] = np.eye(3)
    else:
        options["threshold"] = 1.5
    with pytest.raises(ValueError):
        plot_market_map(**args, **options)


def test_return_grid_has_a_strip_per_coin():
    returns = daily_returns(long_prices(symbols=tuple("ABCDEFG"))).returns
    fig = plot_return_grid(returns, ncols=3)
    assert [len(ax.lines) for ax in fig.axes] == [3, 3, 1]
    names = [t.get_text() for ax in fig.axes for t in ax.get_yticklabels()]
    assert names == list("ABCDEFG")
    with pytest.raises(ValueError, match="labels must have one entry per coin"):
        plot_return_grid(returns, [0, 1])
    with pytest.raises(ValueError, match="ncols"):
        plot_return_grid(returns, ncols=0)


def test_return_grid_range_labels_are_readable_and_outside_the_data():
    returns = daily_returns(long_prices(symbols=tuple("ABCD"))).returns
    fig = plot_return_grid(returns, ncols=2, title="Returns")
    assert fig._suptitle.get_text() == "Returns"
    first = returns.iloc[:, 0]
    ranges = fig.axes[0].texts
    assert ranges[0].get_text() == f"{first.min():+.3f} .. {first.max():+.3f}"
    assert all(t.get_fontsize() >= 8 for t in ranges)
    assert all(t.get_position()[0] > 1 for t in ranges)  # right of the axes, not on the lines


def test_market_map_outlines_exemplars_and_names_clusters():
    points = np.array([[-1.0, -1.0], [1.0, 1.0], [-1.0, 1.0], [1.0, -1.0]])
    ax = plot_market_map(points, [0, 0, 1, 2], PARTIAL, NAMES, exemplars=[1, 2, 3])
    widths = ax.collections[1].get_linewidths()
    assert list(widths) == [0.6, 2.2, 2.2, 2.2]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "cluster of B" in legend and "cluster of C" not in legend  # one-coin clusters stay grey


@pytest.mark.parametrize("exemplars", [[0, 2], [0, 2, 9], [[0, 2, 3]], [0.0, 2.0, 3.0]])
def test_market_map_bad_exemplars(exemplars):
    with pytest.raises(ValueError, match="exemplars"):
        plot_market_map(np.zeros((4, 2)), [0, 0, 1, 2], PARTIAL, NAMES, exemplars=exemplars)


def test_market_map_labels_leave_the_nodes_visible():
    rng = np.random.default_rng(0)
    points = rng.normal(size=(25, 2))
    partial = np.eye(25)
    ax = plot_market_map(points, np.arange(25) % 3, partial, [f"C{i}" for i in range(25)],
                         exemplars=[0, 1, 2])
    renderer = ax.figure.canvas.get_renderer()
    nodes = ax.transData.transform(points)
    for text in ax.texts:
        box = text.get_window_extent(renderer)
        inside = ((nodes[:, 0] > box.x0 + 2) & (nodes[:, 0] < box.x1 - 2)
                  & (nodes[:, 1] > box.y0 + 2) & (nodes[:, 1] < box.y1 - 2))
        assert not inside.any(), f"label {text.get_text()} covers a node centre"


def test_market_map_3d_has_a_legend_and_chosen_labels():
    points = np.arange(12, dtype=float).reshape(4, 3)
    ax = plot_market_map_3d(points, [0, 0, 1, 2], PARTIAL, NAMES, exemplars=[1, 2, 3],
                            label=["B", "C"])
    assert sorted(t.get_text().strip() for t in ax.texts) == ["B", "C"]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "cluster of B" in legend and "exemplar (thick outline)" in legend
    with pytest.raises(ValueError, match="label names coins"):
        plot_market_map_3d(points, [0, 0, 1, 2], PARTIAL, NAMES, label=["Z"])


def test_points_on_line_marks_exemplars():
    ax = plot_points_on_line([0, 1, 5, 6], list("ABCD"), [0, 0, 1, 1], exemplars=[1, 2])
    assert list(ax.collections[0].get_linewidths()) == [0.6, 2.5, 2.5, 0.6]
    assert [t.get_text() for t in ax.texts] == list("ABCD")
    with pytest.raises(ValueError, match="names"):
        plot_points_on_line([0, 1], ["A"])
    with pytest.raises(ValueError, match="exemplars"):
        plot_points_on_line([0, 1], ["A", "B"], exemplars=[5])
    with pytest.raises(ValueError, match="one-dimensional"):
        plot_points_on_line([[0, 1]], ["A"])


def test_evidence_one_panel_per_point():
    history = pd.DataFrame({"A": [-1.0, 2.0], "B": [-2.0, -1.0], "C": [0.5, 0.7], "D": [-1, -1]},
                           index=[1, 2])
    fig = plot_evidence(history, ncols=3)
    titles = [ax.get_title() for ax in fig.axes if ax.axison]
    assert titles == ["A: exemplar", "B: not an exemplar", "C: exemplar", "D: not an exemplar"]
    assert sum(not ax.axison for ax in fig.axes) == 2
    with pytest.raises(ValueError, match="history"):
        plot_evidence(pd.DataFrame())
