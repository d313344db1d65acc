# ---
# jupyter:
#   course:
#     minutes: 90
#     objectives:
#     - Turn a long table of prices into daily log returns with a stated policy for
#       bad prices and gaps
#     - Estimate a sparse inverse covariance with GraphicalLassoCV and explain what
#       its penalty does
#     - Tell a correlation from a partial correlation, and read partial correlations
#       from the precision matrix
#     - Cluster the coins with affinity propagation and draw and read a 2-D and a 3-D
#       market map
#     - Say how the clusters depend on the window of days
#     summary: Daily log returns of 59 coins, gaps and robust spread, GraphicalLassoCV
#       and partial correlations, affinity propagation on the result, 2-D and 3-D market
#       maps, and how the window changes them
#     title: "06 \xB7 A market map of cryptocurrencies"
# ---

# %% [markdown]
# # 06 · A market map of cryptocurrencies
#
# Which cryptocurrencies move together? From 29 months of daily prices of 59 coins you
# estimate which pairs are directly linked, let affinity propagation group the coins, and
# draw the result as a market map.
#
# ## Learning objectives
#
# By the end of this notebook you can:
#
# - Turn a long table of prices into daily log returns with a stated policy for bad prices and gaps
# - Estimate a sparse inverse covariance with GraphicalLassoCV and explain what its penalty does
# - Tell a correlation from a partial correlation, and read partial correlations from the precision matrix
# - Cluster the coins with affinity propagation and draw and read a 2-D and a 3-D market map
# - Say how the clusters depend on the window of days
#
# ## Prerequisites
#
# [05 · Affinity propagation, step by step](05_affinity_propagation.ipynb) (similarity,
# preference, exemplars). pandas (`pivot`, `groupby`), and what a correlation is.
#
# **Estimated time:** 90 minutes.

# %%
import numpy as np
import pandas as pd
from sklearn.cluster import affinity_propagation
from sklearn.covariance import GraphicalLasso, GraphicalLassoCV
from sklearn.manifold import MDS
from sklearn.metrics import adjusted_rand_score

import helpers
from helpers.checks import check
from helpers.data import CRYPTO_COINS, load_crypto_prices
from helpers.market import (daily_returns, partial_correlations, plot_market_map,
                            plot_market_map_3d, plot_return_grid)

helpers.use_style()
np.set_printoptions(precision=3, suppress=True)
pd.set_option("display.precision", 3)
pd.set_option("display.width", 120)
SEED = 42

# %% [markdown]
# ## The data: one row per coin and day
#
# `load_crypto_prices()` reads `crypto_prices.csv` after checking its size and checksum. It
# is a **long** table: one row per coin and day, with the day's open, high, low and close
# in US dollars, from 2022-07-05 to 2024-12-09. `data/README.md` lists its caveats; you
# meet each of them below.

# %%
prices = load_crypto_prices()
print(prices.shape, "| coins:", prices["symbol"].nunique(),
      "| days:", prices["date"].min().date(), "to", prices["date"].max().date())
prices.head(3)

# %% [markdown]
# `helpers.data.CRYPTO_COINS` gives each symbol a name and a rough category (the course's
# own labels; several coins fit more than one). You use them to read the clusters.

# %%
coins = pd.DataFrame.from_dict(CRYPTO_COINS, orient="index", columns=["name", "category"])
coins["group"] = coins["category"].str.split(r" \(|,", regex=True).str[0]
coins["group"].value_counts().to_frame().T

# %% [markdown]
# A few words you will meet:
#
# - **close**: the last price of a day, taken at the day boundary (crypto trades 24/7, so
#   there is no closing bell). **Bad print**: a recorded price that is plainly wrong.
# - **stablecoin** / **de-peg**: a token meant to stay at 1 US dollar; a de-peg is a day it
#   loses that level (USDC closed at 0.956 dollars on 2023-03-11).
# - **large cap**: a coin with a large market value. **DeFi**: tokens of lending and
#   exchange services that run as programs on a blockchain. **Exchange token**: a coin
#   issued by a trading venue (BNB by Binance, FTT by FTX). **Meme coin**: a coin that
#   started as a joke (DOGE, SHIB).
#
# ## From prices to returns
#
# Returns need one column per coin, so first `pivot` the long table to a **wide** one: one
# row per day, one column per coin, the close in each cell.

# %%
prices.pivot(index="date", columns="symbol", values="close").iloc[:3, :5]

# %% [markdown]
# Prices are not comparable (Bitcoin costs tens of thousands of dollars, SHIB a thousandth
# of a cent), but their daily changes are. You use the **close-to-close log return**
#
# $$r_t = \ln\frac{C_t}{C_{t-1}},$$
#
# where $C_t$ is the close on day $t$ and $C_{t-1}$ the close the calendar day before. A
# **positive** $r_t$ means the price went **up**; for small moves $r_t$ is close to the
# percentage change $C_t/C_{t-1} - 1$ (a 1 % rise gives $r_t \approx 0.00995$). A coin
# with $n$ days of prices has $n - 1$ returns.
#
# The policy for the problems in the data:
#
# - **Bad prints**: XAUt's close on 2023-05-26 (2273, against about 1950 around it) and
#   GALA's on 2022-11-04 (0.0034 against about 0.03) make a fake jump and its reversal.
#   You remove these two closes.
# - **Gaps**: some coins have days without a close, so the returns into and out of those
#   days are missing. You **drop every day** on which any coin's return is missing, and
#   keep every coin. (Exercise 1 tries the other policy, dropping coins.)
# - **Real extreme days** (the FTX collapse, the USDC de-peg): you keep them; they are what
#   happened.

# %%
BAD_PRICES = {"XAUt": ["2023-05-26"], "GALA": ["2022-11-04"]}
result = daily_returns(prices, kind="log", bad_prices=BAD_PRICES, gaps="drop_days")
returns = result.returns
print(f"{returns.shape[0]} days x {returns.shape[1]} coins of log returns")
result.report["action"].value_counts()

# %% [markdown]
# `result.report` lists every change, one row each: the two bad closes removed, and each
# dropped day with the coins that caused it (look at it with `result.report`). No coin is
# dropped, and you keep about fifteen times more days than coins. The returns are a wide
# table, days by coins:

# %%
returns.iloc[:3, :6]

# %% [markdown]
# The figure draws every coin's returns as one strip, each with its own vertical scale; the
# range (smallest .. largest return) stands at the right of each strip.

# %%
fig = plot_return_grid(returns, ncols=3,
                       title="Daily log returns, 2022-07 to 2024-12 (each strip has its own scale)")

# %% [markdown]
# Look at the ranges: the stablecoins (USDT, USDC, DAI, TUSD, USDD) move by fractions of
# a percent with a few spikes (USDC and DAI on the March 2023 de-peg), while FTT has the FTX
# collapse of November 2022, the largest fall of all.
#
# ## Standardise: put every coin on one scale
#
# A stablecoin's returns are tens of times smaller than a meme coin's. To compare how coins
# move *together* rather than how much they move, **standardise** each coin: subtract its
# mean and divide by its **standard deviation** (the typical size of a day's deviation
# from the mean). Every coin then has mean 0 and standard deviation 1.

# %%
X = (returns - returns.mean()) / returns.std()
pd.DataFrame({"std before": returns.std().map("{:.4f}".format),
              "std after": X.std().round(3)}).loc[["BTC", "DOGE", "USDT"]]

# %% [markdown]
# For standardised returns, the **covariance** of two coins (the average product of their
# deviations) is their **correlation**: +1 when they always move together, 0 when
# unrelated, −1 when opposite.
#
# ## Correlation or partial correlation?
#
# A plain correlation mixes two things: a direct link between two coins, and the fact that
# both follow a third (almost everything follows Bitcoin). A **partial correlation** is the
# correlation that is left once every other coin is accounted for: only the direct link.
# Compare two pairs:

# %%
corr = X.corr()
pairs = [("DOGE", "SHIB"), ("DOGE", "ETH")]
pd.DataFrame({"correlation": [corr.loc[a, b] for a, b in pairs]},
             index=[f"{a}-{b}" for a, b in pairs])

# %% [markdown]
# Both pairs are strongly correlated. Is DOGE linked to ETH directly, or do both just
# follow the market? The partial correlation answers that; you estimate it next.
#
# ## A sparse inverse covariance: GraphicalLassoCV
#
# The partial correlations come from the **precision matrix** $P$, the inverse of the
# covariance matrix $C$: the matrix with $CP = I$, where $I$ is the identity matrix (1 on
# the diagonal, 0 elsewhere), just as $c \times (1/c) = 1$ for a number. An entry
# $P_{ij}$ of zero means that coins $i$ and $j$ are unrelated once every other coin is
# known. With 59 coins there are 1711 pairs, and a plain inverse would give every pair a
# small, noisy non-zero link.
#
# `GraphicalLassoCV` estimates $P$ with a **lasso penalty**: a cost for every link, in
# proportion to its size, added to how badly the model fits the data. The weight of that
# cost is `alpha`. Small links are not worth their cost, so they become exactly zero; only
# links the data really support survive. A larger `alpha` leaves fewer links.
#
# The "CV" is **cross-validation**. The days are cut into 5 parts, and for each `alpha`:
#
#     fit on parts 2 3 4 5, score on part 1
#     fit on parts 1 3 4 5, score on part 2
#     ... and so on, five times, each part held out once.
#
# The score is the
# log-likelihood of the held-out days (how probable the model finds days it has not seen):
# higher, less negative, is better. The `alpha` with the best mean score wins.
#
# The cell tries eight `alphas` from 0.03 to 0.5 and takes a few seconds.

# %%
# enet_tol: how precisely the solver's inner step must settle; the default (1e-4) is too
# loose on this data and ends in convergence warnings, 1e-6 with 200 rounds does not.
model = GraphicalLassoCV(alphas=np.logspace(-1.5, -0.3, 8), cv=5, enet_tol=1e-6,
                         max_iter=200, tol=1e-4).fit(X.to_numpy())
scores = pd.DataFrame({"alpha": model.cv_results_["alphas"],
                       "mean CV log-likelihood": model.cv_results_["mean_test_score"]})
print(f"chosen alpha = {model.alpha_:.3f}")
scores.T

# %% [markdown]
# Every score is finite, and the best `alpha` sits inside the grid, not at an edge (the
# last column, `alpha` = 0, is the unpenalised fit scikit-learn adds for reference). With
# many more days than coins the estimate is well posed.
#
# ### Partial correlations from the precision matrix
#
# The partial correlation of coins $i$ and $j$ is
# $\rho_{ij} = -P_{ij} / \sqrt{P_{ii} P_{jj}}$ (the minus sign is part of the formula).

# %%
partial = partial_correlations(model.precision_, X.columns)
pd.DataFrame({"correlation": [corr.loc[a, b] for a, b in pairs],
              "partial correlation": [partial.loc[a, b] for a, b in pairs]},
             index=[f"{a}-{b}" for a, b in pairs])

# %% [markdown]
# DOGE and SHIB, two meme coins, keep a clear direct link; DOGE and ETH, though strongly
# correlated, have almost none: their correlation comes through the rest of the market.
# Across all pairs, most partial correlations are exactly zero:

# %%
upper = partial.where(np.triu(np.ones(partial.shape, dtype=bool), k=1)).stack().dropna()
print(f"non-zero links: {(upper.abs() > 1e-8).sum()} of {len(upper)} pairs")
upper.rename("partial correlation").sort_values(key=abs, ascending=False).head(8).to_frame()

# %% [markdown]
# The strongest direct links are near-twins: USDC and DAI, XRP and XLM, SAND and MANA,
# the two gold tokens, DOGE and SHIB, the Bitcoin forks BCH and BSV.
#
# ## Clusters of coins
#
# Affinity propagation needs a similarity. Use the graphical lasso's estimated covariance of the
# standardised returns, `model.covariance_`: close to the correlation matrix, but the lasso
# shrinks it (off the diagonal towards 0, and the diagonal to just under 1, as the first
# line below shows). Not the partial correlations:
# partial correlations are direct links only, mostly zero, so two coins that both follow
# Bitcoin closely would look unrelated. The preference is the median similarity, the
# default. `affinity_propagation` (the function form of notebook 05's class) returns the
# exemplars' indices and one label per coin. Count the clusters with `len(exemplars)`.

# %%
similarity = model.covariance_
btc, eth = X.columns.get_loc("BTC"), X.columns.get_loc("ETH")
print(f"BTC-ETH: correlation {corr.iloc[btc, eth]:.3f}, covariance_ {similarity[btc, eth]:.3f}"
      f" | BTC-BTC: covariance_ {similarity[btc, btc]:.4f}")
exemplars, labels = affinity_propagation(similarity, random_state=0)
print(f"{len(exemplars)} clusters")
for k, centre in enumerate(exemplars):
    members = X.columns[labels == k]
    print(f"{X.columns[centre]:>5} | " + ", ".join(members))

# %% [markdown]
# Each line starts with the exemplar. Read the clusters against the categories:
#
# - **Stablecoins in this window**: USDC sits with DAI (DAI is largely backed by USDC, and
#   both de-pegged on the same day); USDT, TUSD and USDD each stand alone. Over the whole
#   window they do not cluster with the coins that move, but this is a property of the
#   window, not a law: in the window section below USDT joins the BTC/ETH cluster.
# - **Tron ecosystem**: TRX, JST, SUN and NFT form their own cluster.
# - **The Bitcoin forks** BCH and BSV go together (with LTC), and so do the payment coins
#   XRP and XLM.
# - **The gold tokens** PAXG and XAUt land in the ETH cluster although they hardly move
#   with it: a borderline decision (their own link is strong, but not to anyone else).
# - Two large groups hold most of the rest: one around ETH with BTC and most DeFi, one
#   around DOT with the other smart-contract platforms.
#
# ## How `preference` changes the count
#
# As in notebook 05, a higher preference gives more clusters. The similarities here run
# from about −0.16 to just under 1 (on the diagonal); the sweep below tries the 50th (the default), 75th and 90th
# percentiles of the similarity matrix and 0.9:

# %%
sweep = []
for name, value in [("median (default)", np.median(similarity)),
                    ("75th percentile", np.percentile(similarity, 75)),
                    ("90th percentile", np.percentile(similarity, 90)), ("0.9", 0.9)]:
    sweep_exemplars, _ = affinity_propagation(similarity, preference=value, random_state=0)
    sweep.append({"preference": name, "value": round(float(value), 3), "clusters": len(sweep_exemplars)})
pd.DataFrame(sweep).set_index("preference")

# %% [markdown]
# The count rises with the preference, up to one cluster per coin. Exercise 3 goes the
# other way, below the median.
#
# ## The market map
#
# To draw the coins on a page you need a position for each. **Metric MDS**
# (multidimensional scaling) places points so that their distances on the page match given
# dissimilarities as well as possible. The dissimilarity of two coins is
# $\sqrt{2(1-c_{ij})}$, where $c_{ij}$ is their correlation: for two standardised series,
# the average squared difference between them is $2(1 - c)$, so this is the typical
# distance between their daily moves. It is 0 for coins that always move together, 1.41
# for unrelated coins, 2 for opposite ones.

# %%
dissimilarity = np.sqrt(np.clip(2 * (1 - similarity), 0, None))
position = MDS(n_components=2, metric="precomputed", init="classical_mds",
               random_state=SEED).fit_transform(dissimilarity)
ax = plot_market_map(position, labels, partial.to_numpy(), list(X.columns), threshold=0.1,
                     exemplars=exemplars)

# %% [markdown]
# Every pair with |partial correlation| above 0.1 is an edge (the count is in the title),
# thicker and darker when stronger; dashed red edges are negative links. Colours are
# clusters (the legend names each by its exemplar, drawn with a thick outline), grey nodes
# are clusters of one coin, and node size grows with a coin's total link strength. The
# stablecoins and gold tokens sit at the edge, linked mostly to each other.
#
# **Layout and clusters need not agree.** MDS squeezes 59 coins into two dimensions and
# keeps only the largest differences; affinity propagation uses the full similarity
# matrix. So two clusters can overlap on the page: here the DOT cluster and the ETH
# cluster interleave on the left half of the map (BNB and AAVE among the DOT coins), and
# the gold tokens, in the ETH cluster, sit far from ETH. The algorithm separated them.
# Trust the colours for the clusters and the page only for the broad picture.
#
# A 3-D map, from a separate 3-D MDS fit, adds a real third coordinate; only the
# exemplars are named:

# %%
position_3d = MDS(n_components=3, metric="precomputed", init="classical_mds",
                  random_state=SEED).fit_transform(dissimilarity)
ax = plot_market_map_3d(position_3d, labels, partial.to_numpy(), list(X.columns),
                        threshold=0.1, exemplars=exemplars, label=X.columns[exemplars])
ax.view_init(elev=20, azim=-60)


# %% [markdown]
# Same colours, outlines and edges as the flat map. A still picture hides depth: read it
# as a rough check of the flat map (with ipympl installed, `%matplotlib widget` lets you
# rotate it).
#
# ## Does the window matter?
#
# Co-movement changes over time. Split the days into halves and cluster each with the same
# pipeline (with a fixed `alpha`, the one cross-validation chose, to keep it fast):

# %%
def cluster_window(frame, alpha=model.alpha_):
    Z = (frame - frame.mean()) / frame.std()
    covariance = GraphicalLasso(alpha=alpha, enet_tol=1e-6, max_iter=200).fit(Z.to_numpy()).covariance_
    return affinity_propagation(covariance, random_state=0)   # exemplars, labels


half = len(returns) // 2
(first_exemplars, first), (second_exemplars, second) = (cluster_window(returns.iloc[:half]),
                                                         cluster_window(returns.iloc[half:]))
print(f"first half  {returns.index[0].date()} to {returns.index[half - 1].date()}: {len(first_exemplars)} clusters")
print(f"second half {returns.index[half].date()} to {returns.index[-1].date()}: {len(second_exemplars)} clusters")
print(f"ARI first vs second half: {adjusted_rand_score(first, second):.2f}")

# %% [markdown]
# The adjusted Rand index (ARI, notebook 02) is 1 for the same partition and about 0 for
# unrelated ones. The value above is much nearer 0 than 1: the two halves share little of
# their clusters. Where does USDT go in each half, and how does its correlation with BTC
# change?

# %%
usdt = X.columns.get_loc("USDT")
for name, window, lab in [("first", returns.iloc[:half], first), ("second", returns.iloc[half:], second)]:
    mates = [c for c in X.columns[lab == lab[usdt]] if c != "USDT"]
    print(f"{name} half: USDT with {', '.join(mates) or 'nobody'} | "
          f"correlation with BTC {window['USDT'].corr(window['BTC']):+.2f}")

# %% [markdown]
# In the first half USDT sits with TUSD, another stablecoin, and its tiny moves go
# *against* Bitcoin's; in the second half they go *with* them, and USDT joins the big
# cluster of BTC and ETH. Its moves are fractions of a percent, but standardising gives
# them the same weight as any coin's: what counts is their pattern, and that pattern
# changed between the halves. So "stablecoins stay apart" holds for the whole window, not
# for every part of it. A market map describes one window, not a permanent structure of
# the market.
#
# **Not financial advice.** These clusters describe how prices moved together in a past
# window; they say nothing about future prices or about what to buy.
#
# ## Exercises

# %% [markdown]
# ### Exercise 1 · Drop coins instead of days
#
# Rebuild the returns from `prices` with the same `BAD_PRICES` but `gaps="drop_coins"`
# (`daily_returns(prices, bad_prices=BAD_PRICES, gaps="drop_coins")`): every coin with a
# missing return is dropped, and every day is kept. How many coins remain? Store the number in
# `n_coins_kept` (an integer).

# %% tags=["solution"]
by_coin = daily_returns(prices, bad_prices=BAD_PRICES, gaps="drop_coins")
print(by_coin.report.query("action == 'coin dropped'")[["symbol", "value"]])
n_coins_kept = by_coin.returns.shape[1]
print(len(by_coin.returns), "days x", n_coins_kept, "coins")

# %% tags=["check"]
check("06.1", n_coins_kept)

# %% [markdown] tags=["solution"]
# Four coins go: FTT and XRP for their missing days, GALA and XAUt because removing their
# bad prints left gaps too. In exchange every day of returns is kept (888, against 878 with
# `drop_days`): a trade-off, which is why the policy must be stated.

# %% [markdown]
# ### Exercise 2 · Correlation or partial correlation?
#
# BTC and ETH are the two largest coins. What is their **partial** correlation, as
# estimated above? Store it in `btc_eth_partial` (a number, two decimals are enough).

# %% tags=["solution"]
btc_eth_partial = partial.loc["BTC", "ETH"]
print(f"correlation {corr.loc['BTC', 'ETH']:.3f} | partial correlation {btc_eth_partial:.3f}")

# %% tags=["check"]
check("06.2", btc_eth_partial)

# %% [markdown] tags=["solution"]
# Their correlation is high, but their partial correlation is much lower: part of what BTC
# and ETH share runs through the other large coins.

# %% [markdown]
# ### Exercise 3 · Fewer, larger clusters
#
# Set the preference to the 10th percentile of the similarities
# (`np.percentile(similarity, 10)`) and run `affinity_propagation` again. This preference is about
# 0 (printed, it is a tiny number such as −3.6e-11): a coin's keenness to stand alone is then
# below most similarities between coins. How many clusters are there? Store the count in `n_few` (an integer).

# %% tags=["solution"]
few_exemplars, few = affinity_propagation(similarity, preference=np.percentile(similarity, 10),
                                          random_state=0)
n_few = len(few_exemplars)
print(n_few, "clusters")
for k, centre in enumerate(few_exemplars):
    print(f"{X.columns[centre]:>5} | " + ", ".join(X.columns[few == k]))

# %% tags=["check"]
check("06.3", n_few)

# %% [markdown] tags=["solution"]
# Fewer, larger clusters, and no coin stands alone any more: the stablecoins gather in
# two groups (USDT and TUSD with LEO; USDC, DAI and USDD), FTT joins the ETH group.

# %% [markdown]
# ### Exercise 4 · Clipping extreme days
#
# Instead of keeping extreme days, you could clip them: `daily_returns(prices,
# bad_prices=BAD_PRICES, clip=10)` pulls every return further than 10 **robust standard
# deviations** from its coin's median back to that limit. The robust standard deviation is
# 1.4826 × the median of the absolute deviations from the median: a measure of typical
# spread that a few huge days cannot inflate (for the numbers 1, 2, 3, 4, 100 the standard
# deviation is about 44, the robust one 1.5). Each clipped return is one row of the
# result's `.report` with action `return clipped`. Which coin gets the most returns clipped?
# Store its symbol in `most_clipped` (a string).

# %% tags=["solution"]
clipped = daily_returns(prices, bad_prices=BAD_PRICES, clip=10)
counts = clipped.report.query("action == 'return clipped'")["symbol"].value_counts()
print(counts.head(5).to_dict())
most_clipped = counts.index[0]

# %% tags=["check"]
check("06.4", most_clipped)

# %% [markdown] tags=["solution"]
# The quiet coins are clipped most, not FTT: a stablecoin's robust spread is tiny, so
# every small jolt counts as extreme. Clipping is a choice with consequences, which is why
# the report lists every clipped return.

# %% [markdown]
# ## Key takeaways
#
# - Turn prices into close-to-close log returns $\ln(C_t/C_{t-1})$ and state your policy
#   for bad prints, gaps and extreme days; report what you removed.
# - Standardise, then let `GraphicalLassoCV` estimate a sparse precision matrix: the lasso
#   penalty sets weak links to exactly zero, cross-validation picks its weight `alpha`.
# - A correlation mixes direct links with shared exposure to the market; a partial
#   correlation, $-P_{ij}/\sqrt{P_{ii}P_{jj}}$, keeps only the direct link.
# - Affinity propagation on the covariance finds its own number of clusters; count them
#   with `len(exemplars)`. The map's layout and the clusters need not agree.
# - Clusters describe one window: check another window before you trust a group.
#
# ## Going further
#
# - scikit-learn, sparse inverse covariance: <https://scikit-learn.org/stable/modules/covariance.html#sparse-inverse-covariance>
# - scikit-learn, `GraphicalLassoCV`: <https://scikit-learn.org/stable/modules/generated/sklearn.covariance.GraphicalLassoCV.html>
# - scikit-learn, `affinity_propagation`: <https://scikit-learn.org/stable/modules/generated/sklearn.cluster.affinity_propagation.html>
# - scikit-learn, multidimensional scaling: <https://scikit-learn.org/stable/modules/manifold.html#multidimensional-scaling>
# - scikit-learn example, visualising the stock market structure: <https://scikit-learn.org/stable/auto_examples/applications/plot_stock_market.html>
# - pandas, reshaping with `pivot`: <https://pandas.pydata.org/docs/user_guide/reshaping.html>

# %% [markdown]
# ## Recipe
#
# A market map's clusters from your own long table of daily closes (columns date, symbol,
# close; one row per asset and day): log returns, a stated gap policy, standardising,
# `GraphicalLassoCV`, affinity propagation. It stops on duplicate rows, non-positive or
# non-numeric closes and too few days for the number of assets, and warns when the gap
# policy drops more than `MAX_DROP_SHARE` of the days or `alpha` sits at the edge of its
# grid. It leaves `segments` (one row per asset, column `segment`). Replace the lines
# between the markers with your own table.

# %% tags=["recipe"]
import os
import tempfile
import warnings

import numpy as np
import pandas as pd
from sklearn.cluster import affinity_propagation
from sklearn.covariance import GraphicalLassoCV

ALPHAS = np.logspace(-1.5, -0.3, 6) # lasso penalties tried by cross-validation (widen if alpha sits at an edge)
CV_FOLDS = 3                        # cross-validation folds over the days
MAX_DROP_SHARE = 0.05               # warn when the gap policy drops more than this share of the days
MIN_DAYS_PER_ASSET = 2              # stop when there are fewer days of returns than this many per asset
SEED = 0                            # random_state of affinity propagation (tie-breaking noise)
OUTPUT_CSV = None                   # e.g. "segments.csv" to save the asset -> segment table


def wide_closes(table):
    """One row per day, one column per asset; stop on input the method cannot use."""
    missing = {"date", "symbol", "close"} - set(table.columns)
    if missing:
        raise ValueError(f"the table needs the columns date, symbol, close; missing {sorted(missing)}")
    if not pd.api.types.is_numeric_dtype(table["close"]):
        raise ValueError("close must be numeric: convert it with pd.to_numeric and check the bad rows")
    dupes = table.duplicated(["date", "symbol"], keep=False)
    if dupes.any():
        example = table.loc[dupes, ["date", "symbol"]].head(3).to_dict("records")
        raise ValueError(f"{int(dupes.sum())} rows share a (date, symbol) with another row, e.g. {example}: "
                         "keep one close per asset and day")
    if (table["close"] <= 0).any():
        raise ValueError("closes must be positive: log returns need close > 0; remove or fix those rows")
    frame = table.assign(date=pd.to_datetime(table["date"]), symbol=table["symbol"].astype(str))
    return frame.pivot(index="date", columns="symbol", values="close").sort_index()


def log_returns(wide):
    """r_t = ln(C_t / C_{t-1}) between consecutive rows; drop days with any gap, and say so."""
    returns = np.log(wide / wide.shift(1)).iloc[1:]
    gappy = returns.isna().any(axis=1)
    dropped = int(gappy.sum())
    print(f"{len(returns)} days of returns x {returns.shape[1]} assets; gap policy: drop every day "
          f"with a missing return -> {dropped} days dropped ({dropped / max(len(returns), 1):.1%})")
    if dropped > MAX_DROP_SHARE * len(returns):
        worst = returns.isna().sum().sort_values(ascending=False).head(5)
        print(f"Warning: the gap policy drops {dropped} of {len(returns)} days, more than "
              f"{MAX_DROP_SHARE:.0%}. Assets with the most missing returns: {worst[worst > 0].to_dict()}; "
              "remove them from the table or fill short gaps before running again.")
    returns = returns.loc[~gappy]
    n_assets = returns.shape[1]
    if n_assets < 2 or len(returns) < MIN_DAYS_PER_ASSET * n_assets:
        raise ValueError(f"{len(returns)} days of returns for {n_assets} assets: need at least 2 assets and "
                         f"{MIN_DAYS_PER_ASSET} days per asset; use a longer window or fewer assets")
    flat = returns.columns[returns.std() == 0].tolist()
    if flat:
        raise ValueError(f"assets {flat} have constant returns: they cannot be standardised; remove them")
    return returns


def cluster(returns):
    X = ((returns - returns.mean()) / returns.std()).to_numpy()
    alphas = np.sort(ALPHAS)
    while True:
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                model = GraphicalLassoCV(alphas=alphas, cv=CV_FOLDS, enet_tol=1e-6, max_iter=200).fit(X)
            break
        except FloatingPointError:
            if len(alphas) <= 3:
                raise ValueError("the graphical lasso fails on these returns (too collinear): remove "
                                 "near-duplicate assets or use more days") from None
            print(f"Warning: the solver failed at alpha = {alphas[0]:.3g} (ill-conditioned returns, "
                  "e.g. near-duplicate assets); retrying without it.")
            alphas = alphas[1:]
    if caught:
        print(f"Warning: the graphical lasso reported {len(caught)} problem(s), e.g. "
              f"'{str(caught[0].message)[:90]}': treat alpha with care, or use more days.")
    scores = pd.Series(model.cv_results_["mean_test_score"], index=model.cv_results_["alphas"])
    print("alpha  mean CV log-likelihood\n" + scores.round(3).to_string())
    if model.alpha_ in (alphas.min(), alphas.max()):
        print(f"Warning: the chosen alpha ({model.alpha_:.3g}) is at the edge of ALPHAS: widen the grid.")
    exemplars, labels = affinity_propagation(model.covariance_, random_state=SEED)
    names = returns.columns
    print(f"\nalpha = {model.alpha_:.3g}; {len(exemplars)} clusters:")
    for k, centre in enumerate(exemplars):
        print(f"  {names[centre]:>8} | " + ", ".join(names[labels == k]))
    return pd.DataFrame({"segment": labels, "exemplar": names[exemplars][labels]},
                        index=pd.Index(names, name="symbol"))


# ---- your data: replace these lines ----
rng = np.random.default_rng(0)                     # demo: 12 assets driven by 3 hidden factors
days = pd.date_range("2023-01-01", periods=400)
factors = rng.normal(0, 0.02, size=(400, 3))
demo = {f"F{g}-{i}": 100 * np.exp(np.cumsum(factors[:, g] + rng.normal(0, 0.025, 400)))
        for g in range(3) for i in range(4)}
table = pd.DataFrame(demo, index=days).rename_axis("date").reset_index().melt(
    id_vars="date", var_name="symbol", value_name="close")   # columns date, symbol, close
# ---- end of your data ----

segments = cluster(log_returns(wide_closes(table)))
if OUTPUT_CSV:
    with tempfile.NamedTemporaryFile("w", delete=False, dir=".", suffix=".tmp") as handle:
        segments.to_csv(handle)
    os.replace(handle.name, OUTPUT_CSV)
