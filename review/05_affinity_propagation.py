# ---
# jupyter:
#   course:
#     minutes: 90
#     objectives:
#     - Build a similarity matrix (how well one point could stand for another) and set
#       its diagonal, the preference (how keen each point is to stand for itself)
#     - Compute one round of responsibilities and availabilities by hand, as two different
#       matrices of messages
#     - Find the exemplars (the actual data points chosen to represent the clusters)
#       and count the clusters correctly
#     - Predict how the preference changes the number of clusters, and what damping
#       does to convergence
#     - Run scikit-learn's affinity propagation on a small table and on a handful of
#       coins
#     summary: Similarity, preference and exemplars; responsibilities and availabilities
#       worked by hand on six points; how preference and damping change the result;
#       a handful of coins
#     title: "05 \xB7 Affinity propagation, step by step"
# ---

# %% [markdown]
# # 05 · Affinity propagation, step by step
#
# k-means needs you to say how many clusters you want. Affinity propagation does not: the
# points "vote" for representatives among themselves, and the number of clusters comes out
# of the vote. You follow the vote by hand on six points, then run it on a handful of coins.
#
# ## Learning objectives
#
# By the end of this notebook you can:
#
# - Build a similarity matrix (how well one point could stand for another) and set its diagonal, the preference (how keen each point is to stand for itself)
# - Compute one round of responsibilities and availabilities by hand, as two different matrices of messages
# - Find the exemplars (the actual data points chosen to represent the clusters) and count the clusters correctly
# - Predict how the preference changes the number of clusters, and what damping does to convergence
# - Run scikit-learn's affinity propagation on a small table and on a handful of coins
#
# ## Prerequisites
#
# [01 · NumPy and sparse matrices](01_numpy_and_sparse.ipynb) (arrays, broadcasting) and
# [02 · k-means on blobs](02_kmeans_blobs.ipynb) (clusters, labels, centroids, `fit`).
# Notebook [06 · A market map of cryptocurrencies](06_crypto_market_map.ipynb) builds on
# this one.
#
# **Estimated time:** 90 minutes.

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.cluster import AffinityPropagation
from sklearn.datasets import make_blobs

import helpers
from helpers.checks import check
from helpers.data import load_crypto_prices
from helpers.market import plot_evidence, plot_points_on_line

helpers.use_style()
np.set_printoptions(precision=2, suppress=True)
pd.set_option("display.precision", 2)
SEED = 42

# %% [markdown]
# ## Six points on a line
#
# Start with data small enough to follow every number: six points, named A to F, at
# positions along a line. You can see the groups by eye (A, B, C close together; D and E;
# F far away), which lets you check what the algorithm does.

# %%
points = pd.Series([0.0, 0.5, 1.0, 5.0, 5.5, 10.0], index=list("ABCDEF"), name="position")
names = list(points.index)
ax = plot_points_on_line(points, names, title="Six points")

# %% [markdown]
# Notice the gaps: 0.5 between neighbours inside a group, 4 or more between groups.
#
# ## Similarity: how well could one point stand for another?
#
# Affinity propagation never looks at the positions directly. It needs one number per pair
# of points, the **similarity** $s(i, k)$: how well point $k$ would represent point $i$,
# higher meaning better. Here you use minus the squared distance,
# $s(i, k) = -(x_i - x_k)^2$: 0 for a point and itself, more and more negative the further
# apart two points are. The table of all similarities is an $n \times n$ matrix; you build
# it with broadcasting, as in notebook 01.

# %%
x = points.to_numpy()
S = pd.DataFrame(0.0 - (x[:, None] - x[None, :]) ** 2, index=names, columns=names)
S

# %% [markdown]
# Read row A: B would represent A well (similarity −0.25), F very badly (−100). The matrix
# is symmetric here, but the algorithm does not need that.
#
# ## Exemplars and the preference
#
# Affinity propagation chooses a few points as **exemplars**: actual data points, each of
# which represents a cluster. Every other point joins the exemplar that suits it best. This
# is the difference with k-means, whose centroids are averages that need not be any
# data point.
#
# Which points become exemplars depends on the diagonal of $S$, the **preference**
# $s(k, k)$: how keen point $k$ is to be an exemplar, to stand for itself. A preference of
# 0 (a point's similarity with itself) would make every point its own exemplar. A lower
# value makes standing alone costly, so points prefer to be represented by a neighbour.
# scikit-learn's default is the median of all similarities; you do the same.

# %%
preference = np.median(S.to_numpy())
S_pref = S.mask(np.eye(len(S), dtype=bool), preference)   # the diagonal becomes the preference
print(f"preference (median similarity) = {preference}")
S_pref

# %% [markdown]
# Every point now has the same preference, −20.25: no point is favoured before the vote.
#
# ## Messages, part 1: responsibilities
#
# Points agree on exemplars by exchanging two kinds of messages. Each kind fills its own
# $n \times n$ matrix: two different matrices, updated in turn.
#
# The **responsibility** $r(i, k)$ is sent from point $i$ to a candidate exemplar $k$: "how
# much better do you suit me than my best other option?"
#
# $$r(i, k) = s(i, k) - \max_{k' \ne k} \bigl[a(i, k') + s(i, k')\bigr]$$
#
# The max runs over every *other* candidate $k'$, point $i$ itself included (with its
# preference $s(i, i)$). The $a(i, k')$ are the availabilities of part 2; before the first
# round they are all 0. So in the first round, $r(i, k)$ is simply: my similarity to $k$,
# minus my best similarity to anyone else.
#
# Work out $r(A, B)$ by hand, one step per line:

# %%
row_A = S_pref.loc["A"]                    # A's similarity to every candidate
best_other = row_A.drop("B").max()         # best candidate other than B (A itself included)
r_AB = row_A["B"] - best_other
print(f"s(A, B) = {row_A['B']}, best other = {best_other} ({row_A.drop('B').idxmax()}), r(A, B) = {r_AB}")


# %% [markdown]
# B suits A better than A's best other option, C, so $r(A, B)$ is positive: A "votes" for
# B. Now the same rule for every pair, written as plain loops you can read line by line:

# %%
def responsibilities(S, A):
    """r(i, k) = s(i, k) - max over k' != k of [a(i, k') + s(i, k')]."""
    n = len(S)
    R = np.zeros((n, n))
    for i in range(n):
        for k in range(n):
            others = [A[i, j] + S[i, j] for j in range(n) if j != k]
            R[i, k] = S[i, k] - max(others)
    return R


S_np = S_pref.to_numpy()
A0 = np.zeros_like(S_np)                  # no availabilities yet
R1 = responsibilities(S_np, A0)
pd.DataFrame(R1, index=names, columns=names)

# %% [markdown]
# Read each row as one point's votes. A and C both vote for B (positive $r$), D and E
# vote for each other; B has two equally good options, A and C, so it gives each of them
# exactly 0. On the diagonal, $r(k, k)$ is very negative for A to E: with a preference of
# −20.25, they are much better represented by a neighbour. F is the exception: its best
# other option, E, is as poor as standing alone (−20.25 both), so $r(F, F) = 0$.
#
# ## Messages, part 2: availabilities
#
# The **availability** $a(i, k)$ travels the other way, from candidate $k$ back to point
# $i$: "how much support do I have, from the *other* points, for being an exemplar?" A
# candidate counts only the positive responsibilities it received:
#
# - for another point, $a(i, k) = \min\bigl(0,\ r(k, k) + \sum_{i' \notin \{i, k\}} \max(0, r(i', k))\bigr)$:
#   the candidate's own wish $r(k, k)$ plus the support of everyone except $i$, capped at 0;
# - for itself, $a(k, k) = \sum_{i' \ne k} \max(0, r(i', k))$: all the support it gets.
#
# Why leave $i$ out? $a(i, k)$ is news for $i$ about the *others*; $i$'s own opinion of
# $k$ is already in $r(i, k)$, so it must not count twice. Why cap at 0? So that strong
# support for $k$ cannot pull $i$ towards $k$: an availability can only hold $i$ back from
# a candidate with too little support, never push it.
#
# Work out $a(A, B)$ from the responsibilities you just computed:

# %%
R1_table = pd.DataFrame(R1, index=names, columns=names)
column_B = R1_table["B"]                              # every point's vote for B
support = column_B.drop(["A", "B"]).clip(lower=0).sum()
a_AB = min(0, column_B["B"] + support)
print(f"r(B, B) = {column_B['B']}, support from C..F = {support}, a(A, B) = {a_AB}")


# %%
def availabilities(R):
    """a(i, k) = min(0, r(k, k) + support from others); a(k, k) = all support."""
    n = len(R)
    A = np.zeros((n, n))
    for i in range(n):
        for k in range(n):
            support = sum(max(0, R[j, k]) for j in range(n) if j not in (i, k))
            A[i, k] = support if i == k else min(0, R[k, k] + support)
    return A


A1 = availabilities(R1)
pd.DataFrame(A1, index=names, columns=names)

# %% [markdown]
# Off the diagonal the availabilities are negative or zero, as they always are: the
# $\min(0, \ldots)$ caps them at 0. They are most negative for candidates nobody supports.
# The diagonal $a(k, k)$ shows who collects
# support: B, the middle of A, B, C, collects the most in its group.
#
# ## Rounds, damping and convergence
#
# One round is: update every responsibility, then every availability. After each round, the
# **evidence** that $k$ is an exemplar is $r(k, k) + a(k, k)$; the points with positive
# evidence are the exemplars.
#
# Messages are not replaced outright but **damped**: the new message is
# `damping * old + (1 - damping) * computed`. With `damping = 0.5` (scikit-learn's
# default) each update moves halfway. Without damping, messages can swing back and forth
# forever (oscillate) instead of settling. The algorithm has **converged** when the set of
# exemplars has not changed for a number of rounds (`convergence_iter`, 15 in
# scikit-learn).

# %%
damping = 0.5
R, A = np.zeros_like(S_np), np.zeros_like(S_np)
evidence = []
for _ in range(40):
    R = damping * R + (1 - damping) * responsibilities(S_np, A)
    A = damping * A + (1 - damping) * availabilities(R)
    evidence.append(np.diag(R) + np.diag(A))
evidence = pd.DataFrame(evidence, index=range(1, 41), columns=names).rename_axis("round")
fig = plot_evidence(evidence, title="Evidence r(k,k) + a(k,k) for being an exemplar (shaded: above 0)")

# %% [markdown]
# Each panel has its own vertical scale. Notice that the points start at or below zero,
# and after a few rounds three of them sit above zero and stay there. Which ones, from
# which round? List the exemplars after each of the first rounds:

# %%
is_exemplar = evidence > 0
exemplars_by_round = is_exemplar.apply(lambda row: ", ".join(row.index[row]), axis=1)
exemplars_by_round.head(8).to_frame("exemplars")

# %% [markdown]
# ## From exemplars to clusters
#
# Each point joins the exemplar it is most similar to; an exemplar represents itself. The
# clusters are read off the similarities, not the messages:

# %%
exemplar_names = list(evidence.columns[is_exemplar.iloc[-1]])      # after the last round
choice = S[exemplar_names].idxmax(axis=1)          # most similar exemplar, per point
choice[exemplar_names] = exemplar_names           # an exemplar stands for itself
labels = choice.map({name: k for k, name in enumerate(exemplar_names)}).to_numpy()
exemplar_index = [names.index(e) for e in exemplar_names]
ax = plot_points_on_line(points, names, labels, exemplars=exemplar_index,
                         title="Clusters and their exemplars")

# %% [markdown]
# The exemplars are data points themselves: B in the middle of the left group, D for the
# pair, and F alone. D and E are close to a tie: in the evidence figure above, D ends
# slightly above zero and E slightly below. Small changes can flip it: with a lower
# preference the sweep below picks E instead.
#
# ## The same with scikit-learn
#
# `AffinityPropagation` runs the same message passing (on whole arrays at once instead of loops, so it is fast). Pass it
# the similarity matrix with `affinity="precomputed"` and the preference; it reads
# attributes after `fit`, like `KMeans`: `cluster_centers_indices_` (the exemplars' row
# numbers), `labels_` and `n_iter_`. `random_state` only adds tiny noise to break exact ties.

# %%
ap = AffinityPropagation(affinity="precomputed", preference=preference, random_state=0).fit(S)
print("exemplars:", [names[i] for i in ap.cluster_centers_indices_])
print("labels:   ", ap.labels_)
print("rounds:   ", ap.n_iter_)

# %% [markdown]
# Same exemplars, same clusters as your loops. One trap: labels are numbered from 0, so
# the largest label is one less than the number of clusters. Count clusters with
# `len(ap.cluster_centers_indices_)` (or `len(set(labels))`), never with `labels.max()`:

# %%
print("labels.max()               =", ap.labels_.max(), "  <- the largest label, not a count")
print("len(cluster_centers_indices_) =", len(ap.cluster_centers_indices_))

# %% [markdown]
# ## How the preference changes the number of clusters
#
# You never told the algorithm "three clusters": the count came from the preference. Try
# preferences across the whole range of the similarities, from −100 (the lowest
# similarity, the two points furthest apart: A and F) up to 0 (a point's similarity with
# itself):

# %%
sweep = []
for value in [-100, -60, -30, preference, -10, -2, -0.5, 0]:
    model = AffinityPropagation(affinity="precomputed", preference=value, random_state=0).fit(S)
    sweep.append({"preference": value, "clusters": len(model.cluster_centers_indices_),
                  "exemplars": ", ".join(names[i] for i in model.cluster_centers_indices_)})
pd.DataFrame(sweep)

# %% [markdown]
# The higher the preference, the keener every point is to stand alone, and the more
# clusters you get, up to one per point at 0. Affinity propagation does not choose the
# number of clusters for you so much as turn the question into "how costly is it to be
# your own exemplar?". The median is a default, not a truth: look at a few values.
#
# ## Damping: slower but steadier
#
# Damping changes how fast the messages move. scikit-learn stops when the set of
# exemplars has not changed for `convergence_iter` rounds (15 by default). Compare
# damping values, and a longer `convergence_iter`:

# %%
rows = []
for value, patience in [(0.5, 15), (0.7, 15), (0.9, 15), (0.9, 50)]:
    model = AffinityPropagation(affinity="precomputed", preference=preference, damping=value,
                                convergence_iter=patience, random_state=0).fit(S)
    rows.append({"damping": value, "convergence_iter": patience, "rounds": model.n_iter_,
                 "exemplars": ", ".join(names[i] for i in model.cluster_centers_indices_)})
pd.DataFrame(rows)

# %% [markdown]
# Higher damping moves the messages more slowly. At 0.9 they move so slowly that the
# exemplar set stays the same for 15 rounds early on, and scikit-learn stops before the
# vote is really over; with `convergence_iter=50` it goes on to the same three exemplars
# as before. The lesson: "converged" means "stopped changing for a while", so when you
# raise `damping`, raise `convergence_iter` too. The opposite problem, on harder data:
# with low damping the messages can oscillate; scikit-learn then stops after `max_iter`
# rounds (200), warns that it did not converge, and labels every point −1. Raising
# `damping` (up to 0.99) is the first thing to try.
#
# ## A handful of coins
#
# Affinity propagation needs similarities, not positions, so it works on anything you can
# compare. Take eleven cryptocurrencies and their daily price changes from 2022-07 to
# 2024-12 (notebook 06 explains every step of this preparation; here it is one cell). A daily
# change is measured as a **log return**, $\ln(\text{today's close} / \text{yesterday's close})$:
# close to the percentage change for small moves (+1 % gives about 0.01). The
# similarity of two coins is the **correlation** of their daily changes: +1 if they always
# move together, 0 if unrelated, −1 if opposite.
#
# (Tether Gold, XAUt, is left out here because its data has a bad price that notebook 06
# deals with.)

# %%
COINS = ["BTC", "ETH", "SOL", "LTC", "BCH", "DOGE", "SHIB", "USDT", "USDC", "DAI", "PAXG"]
prices = load_crypto_prices()
closes = prices[prices["symbol"].isin(COINS)].pivot(index="date", columns="symbol", values="close")
changes = np.log(closes[COINS] / closes[COINS].shift(1)).dropna()   # daily log returns
similarity = changes.corr()
print(f"{len(changes)} days x {len(COINS)} coins")
similarity.round(2)

# %% [markdown]
# The coins that move with Bitcoin (BTC to SHIB, correlations around 0.5-0.8) form one
# block. The three US-dollar stablecoins (USDT, USDC, DAI) barely move with them; among
# themselves only USDC and DAI move together (0.80), while USDT hardly moves with either
# (about 0.1). Now let the coins vote, with the default preference (the median
# correlation):

# %%
ap_coins = AffinityPropagation(affinity="precomputed", random_state=0).fit(similarity)
for k, centre in enumerate(ap_coins.cluster_centers_indices_):
    members = similarity.index[ap_coins.labels_ == k]
    print(f"exemplar {COINS[centre]:<5} {len(members)} coins: {', '.join(members)}")

# %% [markdown]
# The Bitcoin block is one cluster, with BTC as its exemplar; PAX Gold (a token backed by
# gold), which moves with none of them much, joins it rather than standing alone. The
# stablecoins split: USDC with DAI (DAI is largely backed by USDC), and USDT on its own.
# Each exemplar is a real coin, the one that best stands for its group.
#
# ## Exercises

# %% [markdown]
# ### Exercise 1 · One responsibility by hand
#
# Four points P, Q, R, T sit on a line at the positions below. Use the similarity
# $-(x_i - x_k)^2$, a preference of −0.5 for every point, and availabilities all 0 (the
# first round, before damping). What is the responsibility $r(Q, R)$? Store it in `r_QR`
# (a number).

# %% tags=["prompt"]
positions = pd.Series([0.0, 1.0, 3.0, 7.0], index=["P", "Q", "R", "T"])

# %% tags=["solution"]
xs = positions.to_numpy()
S_ex = pd.DataFrame(-((xs[:, None] - xs[None, :]) ** 2), index=positions.index,
                    columns=positions.index)
S_ex = S_ex.mask(np.eye(len(S_ex), dtype=bool), -0.5)
row_Q = S_ex.loc["Q"]
r_QR = row_Q["R"] - row_Q.drop("R").max()
print(f"s(Q, R) = {row_Q['R']}, best other = {row_Q.drop('R').max()} ({row_Q.drop('R').idxmax()}), r(Q, R) = {r_QR}")

# %% tags=["check"]
check("05.1", r_QR)

# %% [markdown] tags=["solution"]
# Q's best other option is itself: its preference, −0.5, beats P's −1. So
# $r(Q, R) = -4 - (-0.5) = -3.5$: R suits Q clearly worse than standing alone.
# Forgetting Q itself in the max gives −3.

# %% [markdown]
# ### Exercise 2 · How many clusters?
#
# The table below has 100 points in two columns, drawn around three centres. Run
# `AffinityPropagation(random_state=0)` on it with its default settings (similarity minus
# the squared distance, preference the median). How many clusters does it find? Store the
# count in `n_clusters` (an integer).

# %% tags=["prompt"]
table, _ = make_blobs(n_samples=100, centers=3, cluster_std=2.0, random_state=42)

# %% tags=["solution"]
blobs_ap = AffinityPropagation(random_state=0).fit(table)
n_clusters = len(blobs_ap.cluster_centers_indices_)
print(n_clusters, "clusters; labels.max() =", blobs_ap.labels_.max())

# %% tags=["check"]
check("05.2", n_clusters)

# %% [markdown] tags=["solution"]
# The data were drawn around three centres, but affinity propagation knows nothing of
# that: with the median preference and these wide, overlapping clouds it finds more
# exemplars. A lower preference would merge them.

# %% [markdown]
# ### Exercise 3 · Fewer exemplars for the coins
#
# Rerun affinity propagation on the coins' `similarity` with the preference set to the
# lowest correlation in the matrix (`similarity.to_numpy().min()`). Which coins are the
# exemplars now? Store their symbols in `coin_exemplars` (a list of strings).

# %% tags=["solution"]
low = AffinityPropagation(affinity="precomputed", preference=similarity.to_numpy().min(),
                          random_state=0).fit(similarity)
coin_exemplars = [COINS[i] for i in low.cluster_centers_indices_]
print("exemplars:", coin_exemplars, "| labels:", low.labels_)

# %% tags=["check"]
check("05.3", coin_exemplars)

# %% [markdown] tags=["solution"]
# With a lower preference standing alone costs more: USDT gives up its own cluster and
# joins USDC and DAI, whose exemplar is now USDC. Two clusters remain, the coins that move
# with Bitcoin and the stablecoins.

# %% [markdown]
# ## Key takeaways
#
# - Affinity propagation needs only a similarity for every pair; its diagonal, the
#   **preference**, says how keen each point is to be an exemplar.
# - Points exchange two different kinds of messages, kept in two matrices:
#   **responsibilities** (point to candidate: "how much better do you suit me?") and
#   **availabilities** (candidate to point: "how much support do I have?").
# - **Exemplars** are actual data points, the ones whose evidence $r(k,k) + a(k,k)$ ends
#   positive; every other point joins its most similar exemplar.
# - The preference sets the number of clusters: higher gives more. Damping slows the
#   messages so they settle instead of oscillating.
# - Count clusters with `len(cluster_centers_indices_)`: `labels.max()` is one less.
#
# ## Going further
#
# - scikit-learn user guide, affinity propagation: <https://scikit-learn.org/stable/modules/clustering.html#affinity-propagation>
# - scikit-learn, `AffinityPropagation`: <https://scikit-learn.org/stable/modules/generated/sklearn.cluster.AffinityPropagation.html>
# - scikit-learn, `affinity_propagation` (the function): <https://scikit-learn.org/stable/modules/generated/sklearn.cluster.affinity_propagation.html>
# - scikit-learn example, demo of affinity propagation: <https://scikit-learn.org/stable/auto_examples/cluster/plot_affinity_propagation.html>
# - NumPy, broadcasting: <https://numpy.org/doc/stable/user/basics.broadcasting.html>

# %% [markdown]
# ## Recipe
#
# Affinity propagation on your own table of numbers (one row per item, numeric columns).
# It checks the table, standardises the columns, sweeps the preference and prints the
# whole table of results (clusters and silhouette per preference), warns when the choice is
# shaky, and leaves `segments` (one row per input row, column `segment`). Above `MAX_ROWS`
# rows it clusters a seeded sample and assigns the other rows to their nearest exemplar,
# because the algorithm holds several n × n matrices in memory. Replace the lines between
# the markers with your own table. On the demo data (the wine table) it warns that there is
# no clear winner and that the count is unstable: that is expected, and shows what the
# warnings look like.

# %% tags=["recipe"]
import os
import tempfile
import warnings

import numpy as np
import pandas as pd
from sklearn.cluster import AffinityPropagation
from sklearn.metrics import pairwise_distances_argmin, silhouette_score

PREFERENCE_FACTORS = (30, 20, 10, 5, 3, 2, 1)  # preferences tried: factor x median similarity (1 = scikit-learn's default; larger = fewer clusters)
STANDARDISE = True           # rescale each column to mean 0, standard deviation 1 (say False only for columns in one unit)
SCALE_RATIO = 10.0           # columns whose standard deviations differ more than this are "on very different scales"
TIE_TOLERANCE = 0.01         # silhouettes within this of the best are reported as a tie
MIN_SEGMENT_SHARE = 0.01     # segments smaller than this share of the rows are flagged
MIN_ROWS = 10                # fewer rows than this: stop
MAX_ROWS = 500               # affinity propagation holds ~4 n x n matrices: above this, fit a seeded sample, assign the rest
DAMPING = 0.7                # 0.5 is scikit-learn's default; higher settles more surely, in more rounds
SEED = 42                    # for the sample and the tie-breaking noise
OUTPUT_CSV = None            # e.g. "segments.csv" to save the row -> segment table


def check_table(table):
    """Stop with a clear message on input affinity propagation cannot use."""
    if not isinstance(table, pd.DataFrame):
        raise ValueError(f"table must be a pandas DataFrame, got {type(table).__name__}")
    text = [c for c in table.columns if not pd.api.types.is_numeric_dtype(table[c])
            or pd.api.types.is_bool_dtype(table[c])]
    if text:
        raise ValueError(f"non-numeric columns {text}: encode them as numbers (e.g. one-hot) or drop them")
    if table.isna().any().any():
        counts = table.isna().sum()
        raise ValueError(f"missing values {counts[counts > 0].to_dict()}: drop or fill those rows first")
    if not np.isfinite(table.to_numpy(dtype=float)).all():
        raise ValueError("infinite values: replace or drop them first")
    if table.index.has_duplicates:
        dupes = table.index[table.index.duplicated()].unique()[:5].tolist()
        raise ValueError(f"duplicate row keys in the index, e.g. {dupes}: make the index unique")
    if len(table) < MIN_ROWS or table.shape[1] == 0:
        raise ValueError(f"{len(table)} rows x {table.shape[1]} columns: need at least {MIN_ROWS} rows and one column")
    constant = [c for c in table.columns if table[c].nunique() == 1]
    if constant:
        raise ValueError(f"constant columns {constant} carry no information: drop them")


def scale(table):
    spread = table.std()
    ratio = spread.max() / spread.min()
    if STANDARDISE:
        print(f"Columns standardised (standard deviations ranged {ratio:.0f}-fold).")
        return ((table - table.mean()) / spread).to_numpy(dtype=float)
    if ratio > SCALE_RATIO:
        print(f"Warning: column standard deviations differ {ratio:.0f}-fold "
              f"({spread.idxmax()} vs {spread.idxmin()}): the widest column will decide the clusters; "
              "set STANDARDISE = True unless that is what you want.")
    return table.to_numpy(dtype=float)


def fit(similarity, preference, seed):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = AffinityPropagation(affinity="precomputed", preference=preference,
                                    damping=DAMPING, max_iter=500, random_state=seed).fit(similarity)
    converged = not any("converge" in str(w.message) for w in caught) and model.labels_.min() >= 0
    return model, converged


def sweep(X):
    similarity = -((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=2)
    rows = []
    median = np.median(similarity)
    for factor in PREFERENCE_FACTORS:
        preference = float(factor * median)
        model, converged = fit(similarity, preference, SEED)
        k = len(model.cluster_centers_indices_)
        score = silhouette_score(X, model.labels_) if converged and 1 < k < len(X) else np.nan
        rows.append({"factor": factor, "preference": preference, "clusters": k,
                     "rounds": model.n_iter_, "converged": converged, "silhouette": score,
                     "model": model})
    return similarity, pd.DataFrame(rows).set_index("factor")


def choose(results, similarity):
    usable = results.dropna(subset=["silhouette"])
    if usable.empty:
        raise ValueError("no preference gave 2 or more clusters that converged: widen "
                         "PREFERENCE_FACTORS or raise DAMPING")
    if not results["converged"].all():
        print(f"Warning: no convergence at factors {list(results.index[~results['converged']])}: "
              "raise DAMPING (up to 0.99) to use them.")
    best = usable["silhouette"].idxmax()
    k = results.at[best, "clusters"]
    plateau = results.index[results["clusters"] == k]           # factors giving the same count
    best = plateau[len(plateau) // 2]                             # the middle of that plateau
    if len(plateau) == 1 and best in (PREFERENCE_FACTORS[0], PREFERENCE_FACTORS[-1]):
        print(f"Warning: the best preference is at the edge of the sweep (factor {best}): "
              "extend PREFERENCE_FACTORS beyond it.")
    per_count = usable.groupby("clusters")["silhouette"].max()
    rivals = per_count[(per_count >= per_count.max() - TIE_TOLERANCE) & (per_count.index != k)]
    if len(rivals):
        print(f"Warning: {k} clusters win by less than {TIE_TOLERANCE} of silhouette over "
              f"{', '.join(f'{c} clusters ({v:.3f})' for c, v in rivals.items())}: no clear winner; look at each.")
    position = list(results.index).index(best)
    neighbours = results["clusters"].iloc[max(position - 1, 0):position + 2].drop(best)
    again, _ = fit(similarity, results.at[best, "preference"], SEED + 1)
    if len(plateau) == 1 and len(neighbours) and (neighbours != k).all():
        print(f"Warning: the count is unstable: the neighbouring preferences give "
              f"{sorted(set(neighbours))} clusters instead of {k}; report it as a range, not one number.")
    elif len(again.cluster_centers_indices_) != k:
        print(f"Warning: the count is unstable: another random_state gives "
              f"{len(again.cluster_centers_indices_)} clusters instead of {k}.")
    return best


def segment(table):
    check_table(table)
    X = scale(table)
    rows = np.arange(len(X))
    if len(X) > MAX_ROWS:
        rows = np.sort(np.random.default_rng(SEED).choice(len(X), MAX_ROWS, replace=False))
        print(f"{len(X)} rows: affinity propagation would need about {4 * 8 * len(X) ** 2 / 1e9:.1f} GB, "
              f"so it runs on a seeded sample of {MAX_ROWS} rows; the others join their nearest exemplar.")
    similarity, results = sweep(X[rows])
    print(results.drop(columns="model").round(3).to_string())
    best = choose(results, similarity)
    model = results.at[best, "model"]
    centres = rows[model.cluster_centers_indices_]
    labels = pairwise_distances_argmin(X, X[centres])
    labels[centres] = np.arange(len(centres))
    result = pd.DataFrame({"segment": labels, "exemplar": table.index[centres][labels]},
                          index=table.index)
    sizes = result["segment"].value_counts().sort_index()
    small = sizes[sizes < MIN_SEGMENT_SHARE * len(table)]
    if len(small):
        print(f"Warning: segments {small.index.tolist()} hold fewer than {MIN_SEGMENT_SHARE:.0%} of the rows "
              f"({small.tolist()} rows): treat them as outliers, not segments, or lower the preference.")
    print(f"\nChosen: preference = {best} x median similarity -> {len(centres)} segments")
    return result


# ---- your data: replace these lines ----
from sklearn.datasets import load_wine
my_table = load_wine(as_frame=True).data       # one row per item, numeric columns only
# ---- end of your data ----

segments = segment(my_table)
print(my_table.assign(size=1).groupby(segments["segment"]).agg(
    {"size": "sum", **{c: "mean" for c in my_table.columns[:4]}}).round(2).to_string())
if OUTPUT_CSV:
    with tempfile.NamedTemporaryFile("w", delete=False, dir=".", suffix=".tmp") as handle:
        segments.to_csv(handle)
    os.replace(handle.name, OUTPUT_CSV)
