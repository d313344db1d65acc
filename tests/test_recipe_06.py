"""Guardrails of notebook 06's recipe: a market map's clusters from the reader's price table.

Each test replaces the recipe's marked data lines with one kind of hostile long table
(date, symbol, close) and asserts the warning (a ``Warning:`` line on stdout) or the
clear ``ValueError``.
"""

from __future__ import annotations

import pytest

from recipe_runner import assert_stops, recipe_source, run_recipe, with_data

SOURCE = recipe_source("06")

# A long table of `n_assets` x `n_days` closes driven by 4 hidden factors (seeded).
PANEL = """
def panel(n_assets, n_days, seed=0):
    rng = np.random.default_rng(seed)
    factors = rng.normal(0, 0.02, size=(n_days, 4))
    moves = factors[:, np.arange(n_assets) % 4] + rng.normal(0, 0.02, size=(n_days, n_assets))
    closes = 100 * np.exp(np.cumsum(moves, axis=0))
    days = pd.date_range("2021-01-01", periods=n_days)
    wide = pd.DataFrame(closes, index=days, columns=[f"A{i:03d}" for i in range(n_assets)])
    return wide.rename_axis("date").reset_index().melt(id_vars="date", var_name="symbol",
                                                       value_name="close")
"""


def run(tmp_path, data_code, *, settings=None):
    source = with_data(SOURCE, PANEL + data_code)
    for old, new in (settings or {}).items():
        assert old in source, old
        source = source.replace(old, new)
    return run_recipe(source, tmp_path)


def test_clean_panel_finds_the_factors(tmp_path):
    result = run(tmp_path, "table = panel(12, 300)")
    assert result.returncode == 0, result.stderr
    assert "mean CV log-likelihood" in result.stdout and "0 days dropped" in result.stdout
    assert "Warning" not in result.stdout
    segments = result.segments
    assert len(segments) == 12 and segments["segment"].nunique() == 4
    assert segments.index.name == "symbol"


@pytest.mark.parametrize(("data", "message"), [
    ("table = pd.concat([panel(6, 100), panel(6, 100).iloc[:3]])", "share a (date, symbol)"),
    ("table = panel(6, 100)\ntable.loc[5, 'close'] = -1.0", "closes must be positive"),
    ("table = panel(6, 100)\ntable['close'] = table['close'].astype(str)", "close must be numeric"),
    ("table = panel(6, 100).rename(columns={'close': 'price'})", "missing ['close']"),
    ("table = panel(30, 40)", "39 days of returns for 30 assets"),
])
def test_bad_tables_stop_with_a_clear_message(tmp_path, data, message):
    assert_stops(run(tmp_path, data), message)


def test_gap_policy_that_drops_many_days_warns_with_the_count(tmp_path):
    data = ("table = panel(8, 600)\n"
            "gappy = (table['symbol'] == 'A003') & (table.index % 3 == 0)\n"
            "table = table[~gappy]   # A003 misses every third day")
    result = run(tmp_path, data)
    assert result.returncode == 0, result.stderr
    assert "Warning: the gap policy drops" in result.stdout and "of 599 days" in result.stdout
    assert "A003" in result.stdout


def test_alpha_at_the_edge_warns(tmp_path):
    # strongly linked assets want a small penalty: a grid of large alphas puts the best at its edge
    result = run(tmp_path, "table = panel(8, 300)", settings={
        "ALPHAS = np.logspace(-1.5, -0.3, 6)": "ALPHAS = np.logspace(-0.6, -0.3, 3)"})
    assert result.returncode == 0, result.stderr
    assert "Warning: the chosen alpha" in result.stdout and "edge of ALPHAS" in result.stdout


def test_ill_conditioned_returns_retry_with_larger_alphas(tmp_path):
    data = ("table = panel(6, 300)\n"
            "twin = table[table['symbol'] == 'A000'].assign(symbol='TWIN')\n"
            "twin['close'] *= 1 + 1e-9 * np.arange(len(twin))   # a near-copy of A000\n"
            "table = pd.concat([table, twin])")
    result = run(tmp_path, data)
    assert "Warning" in result.stdout or "ValueError" in result.stderr, result.stdout
    assert "FloatingPointError" not in result.stderr


def test_many_rows_stay_fast(tmp_path):
    """200 coins x 1 000 days = 200 000 rows of the long table."""
    result = run(tmp_path, "table = panel(200, 1000)")
    assert result.returncode == 0, result.stderr
    assert len(result.segments) == 200
    print(f"recipe 06 on 200 000 rows: {result.seconds:.1f} s")
    assert result.seconds < 120  # about 12 s of CPU on an idle 2-core machine; wall time grows with load
