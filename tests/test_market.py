"""helpers.market: returns policy, partial correlations and the market maps."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from helpers.market import (daily_returns, partial_correlations, plot_market_map,
                            plot_market_map_3d, plot_return_grid)


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


def test_return_grid_has_a_panel_per_coin():
    returns = daily_returns(long_prices(symbols=tuple("ABCDEFG"))).returns
    fig = plot_return_grid(returns, ncols=3)
    assert sum(ax.axison for ax in fig.axes) == 7 and len(fig.axes) == 9
    with pytest.raises(ValueError, match="labels must have one entry per coin"):
        plot_return_grid(returns, [0, 1])
    with pytest.raises(ValueError, match="ncols"):
        plot_return_grid(returns, ncols=0)


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


def test_return_grid_title_and_ranges():
    returns = daily_returns(long_prices(symbols=tuple("ABCD"))).returns
    fig = plot_return_grid(returns, ncols=2, title="Returns")
    assert fig._suptitle.get_text() == "Returns"
    first = returns.iloc[:, 0]
    assert fig.axes[0].get_title(loc="right") == f"{first.min():+.3f} .. {first.max():+.3f}"
    with pytest.raises(ValueError, match="ncols"):
        plot_return_grid(returns, ncols=0, title="Returns")
