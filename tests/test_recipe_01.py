"""Guardrails of notebook 01's recipe (segments customers from purchase lines).

Each test swaps the recipe's data lines for one kind of hostile input and asserts the
warning or the error the recipe must give. Run with ``pytest -s`` to see the timing.
"""

from __future__ import annotations

import pytest

from recipe_runner import assert_stops, recipe_source, run_recipe, with_data

SOURCE = recipe_source("01")


def baskets(n_customers: int = 1_500, kinds: int = 3, lines: int = 6, loyalty: float = 0.8,
            n_products: int = 60, favourites: int = 8, shares: list | None = None, seed: int = 0,
            extra: str = "") -> str:
    """Code that builds `lines`: customers of `kinds` kinds, each kind with its favourite products."""
    return f"""
rng = np.random.default_rng({seed})
kind = np.repeat(rng.choice({kinds}, size={n_customers}, p={shares}), {lines})
n_lines = {n_customers} * {lines}
favourite = rng.random(n_lines) < {loyalty}
product = np.where(favourite, kind * {favourites} + rng.integers({favourites}, size=n_lines),
                   rng.integers({n_products}, size=n_lines))
lines = pd.DataFrame({{
    "customer": np.repeat(np.arange({n_customers}), {lines}),
    "product": [f"P{{p:03d}}" for p in product],
    "quantity": rng.integers(1, 4, size=n_lines),
}}).drop_duplicates(["customer", "product"])
{extra}
"""


def run(tmp_path, data_code: str):
    return run_recipe(with_data(SOURCE, data_code), tmp_path, timeout=600)


def test_clean_baskets_give_the_planted_segments_without_warnings(tmp_path):
    result = run(tmp_path, baskets())
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Warning" not in result.stdout, result.stdout
    assert "Model selection" in result.stdout and "silhouette" in result.stdout
    assert result.segments["segment"].nunique() == 3


def test_missing_quantity_stops(tmp_path):
    assert_stops(run(tmp_path, baskets(extra="lines.loc[5, 'quantity'] = np.nan")),
                 "missing or infinite quantity")


def test_missing_customer_stops(tmp_path):
    assert_stops(run(tmp_path, baskets(extra="lines['customer'] = lines['customer'].astype(float)\n"
                                             "lines.loc[3, 'customer'] = np.nan")),
                 "have no customer or product")


def test_repeated_lines_stop_unless_summing_is_asked_for(tmp_path):
    repeated = "lines = pd.concat([lines, lines.iloc[:10]], ignore_index=True)"
    assert_stops(run(tmp_path, baskets(extra=repeated)), "repeated (customer, product) lines")
    summed = run(tmp_path, baskets(extra=repeated + "\nSUM_REPEATED_LINES = True"))
    assert summed.returncode == 0, summed.stderr[-2000:]


def test_non_numeric_quantity_stops(tmp_path):
    assert_stops(run(tmp_path, baskets(extra="lines['quantity'] = lines['quantity'].astype(str)")),
                 "is not numeric")


def test_negative_quantity_stops(tmp_path):
    assert_stops(run(tmp_path, baskets(extra="lines.loc[7, 'quantity'] = -2")), "negative quantity")


def test_missing_column_stops(tmp_path):
    assert_stops(run(tmp_path, baskets(extra="lines = lines.rename(columns={'quantity': 'qty'})")),
                 "missing ['quantity']")


def test_too_few_customers_stop(tmp_path):
    assert_stops(run(tmp_path, baskets(n_customers=12)), "only 12 customers")


def test_other_units_are_rescaled_by_default_and_warned_about_otherwise(tmp_path):
    # products of the first kind are sold by the gram: quantities a few hundred times larger
    grams = "lines.loc[lines['product'] < 'P008', 'quantity'] *= 250"
    scaled = run(tmp_path, baskets(extra=grams))
    assert scaled.returncode == 0, scaled.stderr[-2000:]
    assert "divided by each product's median quantity" in scaled.stdout
    assert scaled.segments["segment"].nunique() == 3
    raw = run(tmp_path, baskets(extra=grams + "\nSCALE_PRODUCTS = False"))
    assert "Warning: SCALE_PRODUCTS = False and products' median quantities differ" in raw.stdout


def test_uniform_baskets_have_no_structure(tmp_path):
    result = run(tmp_path, baskets(loyalty=0.0))
    assert result.returncode == 0, result.stderr[-2000:]
    assert "no real segment structure" in result.stdout, result.stdout


def test_best_k_at_the_edge_of_the_range(tmp_path):
    result = run(tmp_path, baskets(kinds=10, n_products=80, loyalty=0.95))
    assert "Warning: the best k = 8 is at the edge of K_RANGE" in result.stdout, result.stdout


def test_near_tie(tmp_path):
    # four loose kinds: sparse baskets, where k = 4 and k = 5 score almost the same
    result = run(tmp_path, baskets(kinds=4, loyalty=0.55))
    assert "Warning: near-tie: k = [4, 5]" in result.stdout, result.stdout


def test_small_segment_is_flagged(tmp_path):
    # tight kinds (two products each), one with 5 % of the customers, flagged under a
    # stated share of 10 %
    result = run(tmp_path, baskets(loyalty=1.0, favourites=2, lines=8, shares=[0.55, 0.4, 0.05],
                                   extra="lines['quantity'] = 1\nK_RANGE = range(2, 6)\n"
                                         "MIN_SEGMENT_SHARE = 0.1"))
    assert result.returncode == 0, result.stderr[-2000:]
    assert "under MIN_SEGMENT_SHARE = 0.1" in result.stdout, result.stdout


def test_customers_without_purchases_are_set_aside(tmp_path):
    zeros = "lines.loc[lines['customer'] < 200, 'quantity'] = 0"
    result = run(tmp_path, baskets(extra=zeros))
    assert result.returncode == 0, result.stderr[-2000:]
    assert "bought nothing: set aside as segment -1" in result.stdout
    assert "Warning: that is more than MAX_DROP_SHARE" in result.stdout
    assert (result.segments.loc[list(range(200)), "segment"] == -1).all()


def test_200_000_lines_within_seconds(tmp_path):
    result = run(tmp_path, baskets(n_customers=20_000, lines=10, kinds=5, n_products=500))
    assert result.returncode == 0, result.stderr[-2000:]
    print(f"\nrecipe 01 on 200 000 purchase lines: {result.seconds:.1f} s")
    assert "silhouettes on a seeded sample of 2000 customers" in result.stdout
    assert result.seconds < 90, f"{result.seconds:.1f} s (about 6-7 s of CPU when the machine is idle)"
