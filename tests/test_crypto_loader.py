"""helpers.data.load_crypto_prices: the verified long table of daily crypto prices."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.data import CRYPTO_COINS, CRYPTO_WINDOW, load_crypto_prices


def test_pandas_table_shape_dtypes_and_window():
    prices = load_crypto_prices()
    assert prices.shape == (52_447, 8)
    assert str(prices["date"].dtype).startswith("datetime64")
    assert prices["symbol"].dtype == "category"
    assert set(prices["symbol"].cat.categories) == set(CRYPTO_COINS)
    assert all(prices[c].dtype == np.float64 for c in ["open", "high", "low", "close", "volume"])
    assert (prices["date"].min(), prices["date"].max()) == tuple(pd.Timestamp(d) for d in CRYPTO_WINDOW)
    assert prices["volume"].isna().all() and (prices["close"] > 0).all()


def test_known_gaps_are_left_missing():
    counts = load_crypto_prices()["symbol"].astype(str).value_counts()
    assert counts["XRP"] == 886 and counts["FTT"] == 888
    assert (counts.drop(["XRP", "FTT"]) == 889).all()


def test_polars_backend_matches_pandas():
    import polars as pl

    table = load_crypto_prices(backend="polars")
    assert isinstance(table, pl.DataFrame) and table.shape == (52_447, 8)
    assert table.schema["date"] == pl.Date
    assert np.allclose(table["close"].to_numpy(), load_crypto_prices()["close"].to_numpy())


def test_unknown_backend():
    with pytest.raises(ValueError, match="backend must be"):
        load_crypto_prices(backend="spark")
