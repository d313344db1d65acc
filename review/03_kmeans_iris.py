# ---
# jupyter:
#   course:
#     minutes: 90
#     objectives:
#     - Cluster a real dataset with k-means and report the cluster sizes
#     - Build a profile of each cluster with pandas and with polars, and name the clusters
#       from it
#     - Compare clusters with known classes, without training on them, using a crosstab
#       and the adjusted Rand index
#     - Picture four-dimensional clusters with a pairplot and a PCA projection
#     - Explain why features need a common scale, and measure whether scaling changes
#       a partition
#     summary: 'k-means on Iris: cluster profiles in pandas and polars, naming clusters,
#       crosstab and ARI against species, PCA view, scaling, customer segments vs regions'
#     title: "03 \xB7 k-means on Iris: profiling clusters"
# ---

# %% [markdown]
# # 03 · k-means on Iris: profiling clusters
#
# Clusters are only useful once you can say what they are. On the Iris flowers you cluster
# four measurements, describe each cluster by its average flower, give it a name, and only
# then check it against the species; the same steps turn customer data into market segments.
#
# ## Learning objectives
#
# By the end of this notebook you can:
#
# - Cluster a real dataset with k-means and report the cluster sizes
# - Build a profile of each cluster with pandas and with polars, and name the clusters from it
# - Compare clusters with known classes, without training on them, using a crosstab and the adjusted Rand index
# - Picture four-dimensional clusters with a pairplot and a PCA projection
# - Explain why features need a common scale, and measure whether scaling changes a partition
#
# ## Prerequisites
#
# [02 · k-means on blobs](02_kmeans_blobs.ipynb): k-means, cluster numbers as names, the adjusted Rand index.
#
# **Estimated time:** 90 minutes. The Recipe at the end is optional take-away reading,
# outside the 90 minutes.

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import polars as pl
import seaborn as sns
from sklearn.cluster import KMeans
from sklearn.datasets import load_iris
from sklearn.decomposition import PCA
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import StandardScaler

import helpers
from helpers.checks import check
from helpers.synthetic import make_customer_table
from helpers.evaluation import cluster_profiles, match_labels, score_k_range
from helpers.plotting import cluster_colors, plot_clusters

helpers.use_style()
np.set_printoptions(precision=3, suppress=True)
pd.set_option("display.precision", 3)
pl.Config.set_float_precision(3)
SEED = 42

# %% [markdown]
# ## The Iris measurements
#
# Iris is a table of 150 flowers from three species (50 each), measured by the botanist
# Edgar Anderson: the length and width of the **sepals** and of the **petals**, all in
# centimetres. An iris flower has three of each: the sepals are the outer parts, which in
# irises are large, coloured like the petals and hang downwards (gardeners call them
# "falls"); the petals are the inner parts, which stand upright. It ships with scikit-learn, so there is
# nothing to download.
#
# You get it as a pandas frame and as a polars frame. The species go into a separate
# variable that you will not look at until the clusters have names: that is how you would
# work on data without labels, and it keeps the comparison honest.

# %%
iris = load_iris(as_frame=True)
FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
flowers = iris.data.set_axis(FEATURES, axis=1)                 # pandas, 150 x 4, in cm
flowers_pl = pl.from_pandas(flowers)                           # the same table in polars
species = pd.Series(iris.target_names[iris.target], name="species")  # put aside for now
flowers.describe().loc[["mean", "std", "min", "max"]]

# %% [markdown]
# All four columns are in centimetres, but their spreads differ. The **standard deviation**
# (`std`) measures a column's spread: roughly, how far a typical value lies from the
# column's mean. Petal length's is four times sepal width's. Keep that in mind for the
# section on scaling.

# %% [markdown]
# ## k-means with k = 3
#
# Fit k-means on the four raw measurements with the course's usual settings, and count the
# flowers in each cluster:

# %%
kmeans = KMeans(n_clusters=3, random_state=SEED, n_init=10).fit(flowers)
clusters = kmeans.labels_
print("cluster sizes:", np.bincount(clusters))
print(f"iterations: {kmeans.n_iter_} | inertia: {kmeans.inertia_:.2f}")

# %% [markdown]
# Three clusters of 62, 50 and 38 flowers. The species have 50 flowers each, so at least two
# clusters cannot match a species exactly; which ones, the profiles will suggest.

# %% [markdown]
# ## Cluster profiles in pandas and in polars
#
# A cluster's **profile** is its average member: the mean of every feature over the rows
# of the cluster. Profiles are how you describe clusters to people who will never look at a
# centroid. Here is the same computation in both libraries. In pandas you group by the
# label array and take the mean; in polars you add the labels as a column, then `group_by`
# and `agg` with one expression per output column.

# %%
profile_pd = flowers.groupby(clusters).mean()
profile_pd.index.name = "cluster"
profile_pd

# %%
profile_pl = (
    flowers_pl.with_columns(pl.Series("cluster", clusters))
    .group_by("cluster")
    .agg(pl.len().alias("size"), pl.col(FEATURES).mean())
    .sort("cluster")                 # group_by does not keep an order: sort explicitly
)
profile_pl

# %% [markdown]
# The numbers are the same; the code differs in two ways:
#
# 1. **Order**: pandas sorts the groups by itself, polars needs an explicit `sort`.
# 2. **Size**: pandas leaves it out, polars counts the rows with `pl.len()` in the same `agg`.
#
# Check that the means agree to the last digit:

# %%
from_polars = profile_pl.drop("size").to_pandas().set_index("cluster")
print("same means:", np.allclose(profile_pd.to_numpy(), from_polars.to_numpy(), rtol=0, atol=1e-12))
print("largest difference:", np.abs(profile_pd.to_numpy() - from_polars.to_numpy()).max())

# %% [markdown]
# The course's helper `cluster_profiles` does this in either library and adds the size,
# which the later notebooks reuse:

# %%
profiles = cluster_profiles(flowers, clusters)
print("helper equals pandas:", np.allclose(profiles[FEATURES], profile_pd))
profiles

# %% [markdown]
# ## Name the clusters before you look at the species
#
# Read the profiles column by column. Petal length separates the clusters most clearly: one
# cluster has petals about 1.5 cm long, one about 4.4 cm and one about 5.7 cm, and petal
# width follows the same order. That suggests three names, given here from the petal
# length ranking rather than typed by hand, so they stay right if the cluster numbers
# change:

# %%
ranked = profiles["petal_length"].sort_values().index
names = dict(zip(ranked, ["small petals", "in between", "large"]))
print("cluster -> name:", names)
named = pd.Series(clusters, name="cluster").map(names)
order = list(names.values())                       # small -> large, in every table and legend
palette = dict(zip(order, cluster_colors(3)))      # one colour per name, in that order

# %%
fig, ax = plt.subplots(figsize=(8, 3.8))
bars = profiles[FEATURES].rename(index=names).loc[order].T   # one group of bars per feature
bars.plot.bar(ax=ax, color=[palette[name] for name in order], rot=0)
ax.set_ylabel("mean (cm)")
ax.set_title("Cluster profiles: the average flower of each cluster")
ax.legend(title="cluster")
ax.grid(axis="x", visible=False)

# %% [markdown]
# The "large" cluster is the largest in every measurement except sepal width; the "small
# petals" cluster has the shortest petals by far but the widest sepals. Its name does not
# say that: a profile is worth more than a label.

# %% [markdown]
# ## Now compare with the species
#
# Only now bring the species back. A **crosstab** counts the flowers for every pair
# (species, cluster name). The **adjusted Rand index** (ARI) summarises the agreement in
# one number that does not depend on how the clusters are named: 1 for the same partition,
# about 0 for chance.

# %%
print(f"ARI clusters vs species: {adjusted_rand_score(species, clusters):.3f}")
pd.crosstab(species, named.rename("cluster name")).reindex(columns=order)   # small -> large

# %% [markdown]
# This reproduces the known result: **setosa is exactly one cluster**, "small petals", with
# all 50 flowers and nothing else. Versicolor and virginica overlap: "in between" holds 48
# versicolor and 14 virginica (62 flowers), "large" holds 36 virginica and 2 versicolor (38
# flowers). The ARI of 0.730 is well above chance but far from 1, because of those 16
# flowers. Setosa's petals are much smaller than the others'. Versicolor and virginica are
# closer, but not hopelessly mixed: a straight border (a flat cut through the four
# measurements), placed by a method that is *told* the species, such as linear discriminant
# analysis, puts about 98 % of those 100 flowers on the right side. k-means misses that
# border for two reasons: it never sees the species, and it always puts the border halfway
# between two centroids, which suits round clusters of similar size. These two clouds are
# elongated, so halfway is the wrong place.
#
# Hungarian matching (notebook 02) gives the same picture as a share of flowers:

# %%
# reference first: the species keep their names, each cluster name is replaced by the
# species it best matches (one-to-one)
matched = match_labels(species, named)
print(f"flowers whose cluster matches their species: {np.mean(matched == species):.3f}")

# %% [markdown]
# ## Pictures of four-dimensional clusters
#
# With four features you cannot draw the clusters in one scatter plot. A **pairplot** draws
# every pair of features; the diagonal shows each feature's distribution per cluster as a **density curve**, a
# smoothed histogram: the higher the curve, the more flowers of that cluster have that value.

# %%
grid = sns.pairplot(flowers.assign(cluster=named), hue="cluster", palette=palette,
                    hue_order=order, corner=True, height=1.9,
                    plot_kws={"s": 18, "alpha": 0.8})
grid.figure.suptitle("Iris measurements (cm), coloured by k-means cluster", y=1.02)
grid.legend.set_title("cluster")

# %% [markdown]
# The "small petals" cluster stands apart in every panel that has a petal measurement; the
# other two clusters touch. Their border is a straight cut in four dimensions (the flat
# boundary halfway between two centroids), but each panel shows only two of the four
# measurements, so in a 2-D panel the border can look ragged: in the petal length × petal
# width panel the two colours interleave.

# %% [markdown]
# A **principal component analysis** (PCA) gives a single view instead. It needs one more
# word: the **variance** of a column is the average squared distance of its values from the
# column's mean (the standard deviation squared), and the total variance of a table, the
# sum over its columns, measures how spread out the flowers are overall. A **component** is a new axis: a
# direction through the cloud of points, and a flower's value on it mixes all four
# measurements, so it is not a length you could measure on the flower. PCA rotates the
# data so that the first axis (PC 1) carries as much of the total variance as possible,
# the second (PC 2) as much of the rest as possible. Projecting the centroids with the same
# `transform` puts them in the picture too.

# %%
pca = PCA(n_components=2, random_state=SEED).fit(flowers)
projected = pca.transform(flowers)
centroids = pca.transform(pd.DataFrame(kmeans.cluster_centers_, columns=FEATURES))
share = pca.explained_variance_ratio_
print("variance explained by PC 1 and PC 2:", share.round(3))
ax = plot_clusters(projected, named, centers=centroids, order=order, label_prefix="",
                   legend_kw={"loc": "upper left", "bbox_to_anchor": (1.01, 1),
                              "title": "cluster"},
                   axis_labels=(f"PC 1 ({share[0]:.1%} of variance)", f"PC 2 ({share[1]:.1%})"),
                   title="Iris clusters in the first two principal components")
ax.set_aspect("equal")    # one unit is as long on both axes: PC 2 really is that thin

# %% [markdown]
# The first two components keep 97.8 % (92.5 % + 5.3 %) of the variance, so this picture is
# faithful: "small petals" lies far to the left, and "in between" and "large" meet halfway
# between their centroids. Their colours mix a little there, for the same reason as in the
# pairplot: the straight border lives in four dimensions, and this view flattens it.
#
# What are PC 1 and PC 2 made of? Each is a weighted sum of the four measurements;
# the weights, called **loadings**, are in `pca.components_`:

# %%
loadings = pd.DataFrame(pca.components_, index=["PC 1", "PC 2"], columns=FEATURES)
loadings

# %% [markdown]
# PC 1 is mostly petal length (the largest weight by far), with petal width and sepal
# length behind it: moving right in the picture means bigger petals, which is why the
# clusters line up from left to right as small, in between, large. PC 2 is mostly the
# sepals. The sign of a component is arbitrary: another library may flip an axis, and the
# picture stays the same up to a mirror.

# %% [markdown]
# ## Scaled or unscaled features?
#
# k-means measures Euclidean distance, so a feature with a large spread moves points
# further and weighs more. Standardising (subtract the mean, divide by the standard
# deviation, `StandardScaler`) gives every feature the same spread. Here all four features
# are in centimetres, so the units agree; the spreads do not:

# %%
print("standard deviation (cm):", flowers.std().round(3).to_dict())
scaled = StandardScaler().fit_transform(flowers)
scaled_clusters = KMeans(n_clusters=3, random_state=SEED, n_init=10).fit_predict(scaled)
print("cluster sizes, scaled:", np.bincount(scaled_clusters))
print(f"ARI scaled vs unscaled partition: {adjusted_rand_score(clusters, scaled_clusters):.3f}")
print(f"ARI vs species, unscaled: {adjusted_rand_score(species, clusters):.3f}"
      f" | scaled: {adjusted_rand_score(species, scaled_clusters):.3f}")

# %%
pd.crosstab(species, pd.Series(scaled_clusters, name="cluster (scaled features)"))

# %% [markdown]
# Scaling changes the partition: the cluster sizes change (second line of the output), the
# two partitions agree with an ARI of only 0.804, and the agreement with the species drops from 0.730 to 0.620
# (more versicolor flowers now land with virginica). The reason: unscaled, petal length,
# with the largest spread (1.765 cm), dominates the distances, and it is also the feature
# that best separates the species. Scaling gives sepal width (0.436 cm, and of little help
# to tell species apart) the same vote.
#
# So is unscaled "better"? Only by one yardstick: agreement with the species, which you
# could measure because Iris comes with labels. Without labels neither partition is wrong;
# they answer different questions (grouping by petal size, or by all four measurements
# equally). Scaling is a decision, not a ritual. When features have different units (kg and
# km, orders and euros) you must scale, or the unit chooses the clusters. When they share a
# unit, as here, a larger spread can be real signal, and you should check both versions.

# %% [markdown]
# ## From flowers to customers: data-driven segments
#
# The same procedure is how companies find **market segments**: groups of customers that
# behave alike. Compare it with the **administrative segments** companies already have,
# such as sales regions, which group customers by where they are rather than by what they
# do. `make_customer_table` makes 600 synthetic customers with four behavioural columns and
# a sales region; three behavioural segments are planted in the data, and the region is
# drawn independently of them (a real table would not tell you the planted segment).

# %%
customers = make_customer_table(600, random_state=SEED)
BEHAVIOUR = ["orders_per_year", "avg_order_value", "n_categories", "support_tickets"]
customers.head()

# %% [markdown]
# The columns: `orders_per_year` (orders a year), `avg_order_value` (currency units per
# order), `n_categories` (product categories bought, 1-10), `support_tickets` (tickets a
# year), `region` (sales region) and `segment` (the planted segment, which a real table
# would not have). The behavioural columns have different units, so here you scale before
# clustering. Then profile the clusters, and profile the regions the
# same way:

# %%
Z = StandardScaler().fit_transform(customers[BEHAVIOUR])
segment_model = KMeans(n_clusters=3, random_state=SEED, n_init=10).fit(Z)
customer_clusters = segment_model.labels_
cluster_profiles(customers[BEHAVIOUR], customer_clusters)

# %%
cluster_profiles(customers[BEHAVIOUR], customers["region"].to_numpy())

# %% [markdown]
# The clusters are three different kinds of customer: frequent buyers of small baskets,
# occasional buyers of expensive orders who open many support tickets, and customers with
# mid-sized baskets spread over many categories. The four regions, by contrast, look alike:
# each is an average of all three kinds, so a campaign designed "for the North" is designed
# for nobody in particular. The numbers say the same:

# %%
print(f"ARI clusters vs sales region:    {adjusted_rand_score(customers['region'], customer_clusters):.3f}")
print(f"ARI clusters vs planted segment: {adjusted_rand_score(customers['segment'], customer_clusters):.3f}")
pd.crosstab(customers["region"], pd.Series(customer_clusters, index=customers.index, name="cluster"))

# %% [markdown]
# Every region holds many customers of every cluster (numbers are enough for this
# crosstab: whether a region mixes all the clusters does not depend on what they are
# called; naming them is Exercise 3), and the ARI against the regions is
# about 0, chance level; against the planted segments it is 0.878. On real data there is
# no planted truth: you judge segments by their profiles, their sizes and whether the
# business can act on them.

# %% [markdown]
# ## Exercises
#
# Each exercise ends with a `check(...)` cell: compute your answer in the cell above it,
# store it in the variable the exercise names, and run the check. It says *correct* or
# gives a hint; it never shows the answer.
#
# ### Exercise 1 · What k does the silhouette prefer on Iris?
#
# Score k = 2..6 on the unscaled `flowers` with `score_k_range(flowers, range(2, 7))` (from
# `helpers.evaluation`; it returns a table with the inertia and the silhouette of each k).
# Which k has the highest silhouette? Store it in `best_k` (an integer). Is it the number
# of species? Then fit k-means with that k and crosstab the clusters against `species` to
# see which flowers end up together.

# %% tags=["solution"]
iris_scores = score_k_range(flowers, range(2, 7))
print(iris_scores)
best_k = int(iris_scores["silhouette"].idxmax())
two = KMeans(n_clusters=best_k, random_state=SEED, n_init=10).fit_predict(flowers)
pd.crosstab(species, pd.Series(two, name=f"cluster (k = {best_k})"))

# %% tags=["check"]
check("03.1", best_k)

# %% [markdown] tags=["solution"]
# The silhouette is highest at k = 2 (0.681 against 0.553 for k = 3): setosa (joined by 3
# versicolor flowers) against the rest. Versicolor and virginica overlap so much that, from
# the measurements alone, they look like one group. The silhouette rewards well-separated
# clusters, not the number of species a botanist knows. The inertia keeps falling as k
# grows, so its smallest value says nothing about the right k.

# %% [markdown]
# ### Exercise 2 · Where do petal lengths overlap?
#
# With polars only, compute for each cluster of `clusters` the mean, minimum and maximum
# of `petal_length`, sorted by the mean. The "in between" and
# "large" clusters' petal-length ranges overlap. How long is the overlap, in cm: the
# longest petal in "in between" minus the shortest petal in "large"? Store it in
# `overlap_cm` (a number, rounded to two decimals).

# %% tags=["solution"]
petals = (
    flowers_pl.with_columns(pl.Series("cluster", clusters))
    .group_by("cluster")
    .agg(
        pl.col("petal_length").mean().alias("mean"),
        pl.col("petal_length").min().alias("min"),
        pl.col("petal_length").max().alias("max"),
    )
    .sort("mean")                    # small petals, in between, large
)
print(petals)
in_between, large = petals.row(1, named=True), petals.row(2, named=True)
overlap_cm = round(in_between["max"] - large["min"], 2)
print("overlap (cm):", overlap_cm)

# %% tags=["check"]
check("03.2", overlap_cm)

# %% [markdown] tags=["solution"]
# Sorted by the mean, the rows come out small petals, in between, large, whatever the
# cluster numbers are. The "small petals" cluster does not overlap the others at all (its
# longest petal is shorter than the shortest petal elsewhere); the other two share a thin
# band of petal lengths, and the flowers in it are told apart by the other three
# measurements. That band is where the versicolor-virginica mix-ups live.

# %% [markdown]
# ### Exercise 3 · Name the customer segments
#
# Give the three customer clusters (`customer_clusters`, from the customer section) names from
# their profiles, the way you did for Iris (rank them by `avg_order_value`, for
# instance), then crosstab your names against the planted `customers["segment"]`. The planted
# segments are "bargain hunters" (many small orders), "many-category families" (mid-sized
# baskets over many categories) and "occasional premium" (rare, expensive orders, many
# support tickets); naming each cluster after the segment it resembles puts agreements on
# the diagonal (or let `match_labels` from notebook 02 do the pairing). Name the label
# Series for a readable header: `pd.crosstab(customers["segment"], my_names.rename("cluster name"))`, where
# `my_names` is your pandas Series of cluster names. How
# many customers does k-means put in a cluster whose name disagrees with their planted
# segment? Store the count in `n_disagree` (an integer).

# %% tags=["solution"]
customer_profiles = cluster_profiles(customers[BEHAVIOUR], customer_clusters)
by_value = customer_profiles["avg_order_value"].sort_values().index
segment_names = dict(zip(by_value, ["small frequent baskets", "many-category baskets", "rare premium"]))
named_segments = pd.Series(customer_clusters, index=customers.index).map(segment_names)
agreement = pd.crosstab(customers["segment"], named_segments.rename("cluster name"))
agreement = agreement[["small frequent baskets", "many-category baskets", "rare premium"]]  # planted order
n_disagree = len(customers) - int(np.trace(agreement.to_numpy()))
print("customers off the diagonal:", n_disagree)
agreement

# %% tags=["check"]
check("03.3", n_disagree)

# %% [markdown] tags=["solution"]
# The names line up with the planted segments: bargain hunters are the small frequent
# baskets, many-category families the many-category baskets, occasional premium buyers
# the rare premium cluster. The customers off the diagonal, most of them planted families,
# happen to behave like a neighbouring segment: their numbers sit on the wrong side of a
# border between centroids. Comparing cluster numbers with the planted segments directly
# would be meaningless: the numbers are arbitrary names, so name (or match) first.

# %% [markdown]
# ## Key takeaways
#
# - A cluster profile (the mean of every feature per cluster, plus its size) turns cluster
#   numbers into something you can describe; `groupby().mean()` in pandas and
#   `group_by().agg()` in polars compute the same table.
# - Name clusters from their profiles before you look at any known labels, then compare
#   with a crosstab and the adjusted Rand index.
# - On Iris, k-means finds clusters of 62, 50 and 38 flowers: setosa exactly, versicolor and
#   virginica mixed (ARI 0.730).
# - A pairplot and a PCA projection (centroids projected with the same `transform`) show
#   four-dimensional clusters in two dimensions.
# - Scaling is a decision: it is required when units differ, and on Iris, where they do
#   not, it changes the partition (ARI 0.804 between the two) and lowers the agreement
#   with the species, a yardstick you have only because the species are known.
# - Behavioural segments group customers who act alike; administrative groups such as
#   sales regions mix them.
#
# ## Going further
#
# - scikit-learn, `load_iris`: <https://scikit-learn.org/stable/modules/generated/sklearn.datasets.load_iris.html>
# - scikit-learn, k-means: <https://scikit-learn.org/stable/modules/clustering.html#k-means>
# - scikit-learn, `StandardScaler` and why scaling matters: <https://scikit-learn.org/stable/modules/preprocessing.html#standardization-or-mean-removal-and-variance-scaling>
# - scikit-learn, PCA: <https://scikit-learn.org/stable/modules/decomposition.html#pca>
# - scikit-learn, adjusted Rand index: <https://scikit-learn.org/stable/modules/clustering.html#rand-index>
# - pandas, group by: <https://pandas.pydata.org/docs/user_guide/groupby.html>
# - pandas, `crosstab`: <https://pandas.pydata.org/docs/reference/api/pandas.crosstab.html>
# - polars, aggregation: <https://docs.pola.rs/user-guide/expressions/aggregation/>
# - seaborn, `pairplot`: <https://seaborn.pydata.org/generated/seaborn.pairplot.html>

# %% [markdown]
# ## Recipe
#
# *Optional take-away reading, outside the 90 minutes of the class.*
#
# Segment the rows of your own numeric table with k-means: one row per customer (or
# whatever you segment), indexed by its key, numeric columns only. The cell checks the
# table, **standardises every column by default** (so a column in euros cannot outvote a
# column of counts just because its numbers are bigger), compares k = 2..8 by inertia and
# silhouette, and leaves the result in the DataFrame `segments` (one row per input row,
# column `segment`) with a profile of each segment in the original units.
#
# It stops with a `ValueError` that says what to do on missing values, non-numeric
# columns, duplicate keys in the index and too few rows. It prints the whole
# model-selection table, and a line starting with `Warning:` when the best k sits at the
# edge of the range, when several k nearly tie, when the best silhouette is too low to
# show any group structure, when a segment is tiny, or when you switch standardising off
# although the columns' spreads differ widely. On large tables it compares the k's on a
# seeded sample and computes silhouettes with a seeded `sample_size`.
#
# Standardise or not? On Iris, unscaled clusters matched the species better (the scaling
# section), but you could tell only because the species were known. Keep
# `STANDARDISE = True` unless your columns share one unit and their spreads carry meaning
# you want to keep. The demo table is synthetic customers, with columns in different units;
# replace the lines between the two `# ----` markers with your own table, e.g.
# `table = pd.read_csv("customers.csv", index_col="customer_id")`.

# %% tags=["recipe"]
import os
import tempfile

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import StandardScaler

# Settings: change these, not the code below.
K_RANGE = range(2, 9)          # numbers of segments to compare
N_SEGMENTS = None              # None: take the k with the best silhouette; or fix it, e.g. 4
STANDARDISE = True             # rescale every column to mean 0, standard deviation 1
MAX_SPREAD_RATIO = 10.0        # warn when column spreads differ more than this and STANDARDISE is off
TIE_TOLERANCE = 0.01           # silhouettes this close to the best count as a near-tie
NO_STRUCTURE = 0.25            # best silhouette below this: no real groups in the table
MIN_SEGMENT_SHARE = 0.01       # flag segments holding less than this share of the rows
MIN_ROWS = 20                  # refuse smaller tables
SELECTION_SAMPLE = 20_000      # compare the k's on a seeded sample of this many rows at most
SILHOUETTE_SAMPLE = 5_000      # silhouettes on more rows use a seeded sample of this size
N_INIT = 4                     # k-means starts per fit (the best one is kept)
RANDOM_SEED = 42               # every random choice is seeded: same table, same segments
OUTPUT_CSV = None              # e.g. "segments.csv" to save the row -> segment table


def check_table(table):
    """Stop with a clear message on input k-means cannot use."""
    if not isinstance(table, pd.DataFrame):
        raise ValueError("table must be a pandas DataFrame with one row per customer")
    text = [c for c in table.columns if not pd.api.types.is_numeric_dtype(table[c])]
    if text:
        raise ValueError(f"non-numeric columns {text}: drop them or encode them as numbers "
                         "(one 0/1 column per category) before clustering")
    values = table.to_numpy(dtype=float)
    if not np.isfinite(values).all():
        bad = table.columns[~np.isfinite(values).all(axis=0)].tolist()
        raise ValueError(f"missing or infinite values in columns {bad}: fill them "
                         "(e.g. with the column median) or drop those rows first")
    if table.index.has_duplicates:
        dup = table.index[table.index.duplicated()][:3].tolist()
        raise ValueError(f"duplicate row keys in the index, e.g. {dup}: keep one row per "
                         "customer (aggregate or de-duplicate) before clustering")
    ks = [N_SEGMENTS] if N_SEGMENTS is not None else list(K_RANGE)
    if len(table) < max(MIN_ROWS, max(ks) + 1):
        raise ValueError(f"only {len(table)} rows: segmenting needs at least "
                         f"{max(MIN_ROWS, max(ks) + 1)} (MIN_ROWS, and more rows than segments)")
    if min(ks) < 2:
        raise ValueError(f"every number of segments must be at least 2, got {ks}")


def scale(table):
    """Standardise the columns, or warn when unscaled spreads differ widely."""
    spread = table.std()
    ratio = spread.max() / max(spread[spread > 0].min(), 1e-12)
    for column in spread.index[spread == 0]:
        print(f"Warning: column {column!r} is constant; it cannot separate segments. Drop it.")
    if STANDARDISE:
        print(f"Columns standardised (STANDARDISE = True): their standard deviations ranged "
              f"from {spread.min():.3g} ({spread.idxmin()}) to {spread.max():.3g} ({spread.idxmax()}).")
        return StandardScaler().fit_transform(table)
    if ratio > MAX_SPREAD_RATIO:
        print(f"Warning: STANDARDISE = False and the column spreads differ {ratio:.0f}-fold: "
              f"the segments will mostly sort rows by {spread.idxmax()!r}. Set STANDARDISE = True "
              "unless the columns share one unit and their spreads are meaningful.")
    return table.to_numpy(dtype=float)


def silhouette(X, labels):
    size = SILHOUETTE_SAMPLE if len(X) > SILHOUETTE_SAMPLE else None
    return silhouette_score(X, labels, sample_size=size, random_state=RANDOM_SEED)


def choose_k(X):
    """Score every k on a seeded sample, print the table, warn when the choice is shaky."""
    rng = np.random.default_rng(RANDOM_SEED)
    sample = X if len(X) <= SELECTION_SAMPLE else X[rng.choice(len(X), SELECTION_SAMPLE, replace=False)]
    rows = []
    for k in K_RANGE if N_SEGMENTS is None else [N_SEGMENTS]:
        if k >= len(sample):
            break
        model = KMeans(n_clusters=k, n_init=N_INIT, random_state=RANDOM_SEED).fit(sample)
        rows.append({"k": k, "inertia": model.inertia_, "silhouette": silhouette(sample, model.labels_)})
    scores = pd.DataFrame(rows).set_index("k")
    note = f" (on a seeded sample of {len(sample)} rows)" if len(sample) < len(X) else ""
    if len(sample) > SILHOUETTE_SAMPLE:
        note += f" (silhouettes on a seeded sample of {SILHOUETTE_SAMPLE} rows)"
    print(f"Model selection{note}:")
    print(scores.round(3).to_string())
    best = int(scores["silhouette"].idxmax()) if N_SEGMENTS is None else N_SEGMENTS
    top = scores["silhouette"].max()
    if top < NO_STRUCTURE:
        print(f"Warning: the best silhouette is {top:.2f} (below {NO_STRUCTURE}): the table shows "
              "no substantial group structure, so any segments cut a continuum. Check the "
              "columns, or do not segment.")
    if N_SEGMENTS is None:
        if best in (min(K_RANGE), max(K_RANGE)):
            print(f"Warning: the best k = {best} is at the edge of K_RANGE "
                  f"({min(K_RANGE)}..{max(K_RANGE)}): widen K_RANGE, or fix N_SEGMENTS from the profiles.")
        close = scores.index[scores["silhouette"] >= top - TIE_TOLERANCE].tolist()
        if len(close) > 1:
            print(f"Warning: near-tie: k = {close} score within {TIE_TOLERANCE} of the best "
                  "silhouette; choose among them from their profiles and set N_SEGMENTS.")
    return best


def write_atomically(frame, path):
    folder = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".csv")
    os.close(handle)
    try:
        frame.to_csv(temporary)
        os.replace(temporary, path)
    except BaseException:
        os.remove(temporary)
        raise


# ---- your data: replace these lines ----
rng = np.random.default_rng(42)        # demo: 900 synthetic customers in 3 kinds
kind = rng.integers(3, size=900)
table = pd.DataFrame({
    "orders_per_year": rng.poisson(np.array([14, 2, 5])[kind]),
    "avg_order_value": rng.gamma(8, np.array([4, 40, 18])[kind]),
    "n_categories": rng.poisson(np.array([2, 2, 6])[kind]) + 1,
    "support_tickets": rng.poisson(np.array([0.5, 3, 1])[kind]),
}, index=pd.RangeIndex(1, 901, name="customer_id"))
# ---- end of your data ----

check_table(table)
X = scale(table)
k = choose_k(X)
labels = KMeans(n_clusters=k, n_init=N_INIT, random_state=RANDOM_SEED).fit_predict(X)
segments = pd.DataFrame({"segment": labels}, index=table.index)

profile = table.groupby(labels).mean()
profile.insert(0, "size", np.bincount(labels))
profile.index.name = "segment"
print(f"\n{k} segments, mean of every column in its own unit:")
print(profile.round(2).to_string())
for seg, size in enumerate(np.bincount(labels)):
    if size < MIN_SEGMENT_SHARE * len(labels):
        print(f"Warning: segment {seg} holds only {size} rows ({size / len(labels):.2%}), under "
              f"MIN_SEGMENT_SHARE = {MIN_SEGMENT_SHARE}: outliers rather than a segment? "
              "Inspect them, or try a smaller k.")
if OUTPUT_CSV:
    write_atomically(segments, OUTPUT_CSV)
    print(f"Saved the row -> segment table to {OUTPUT_CSV}")
