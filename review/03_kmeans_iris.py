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
# **Estimated time:** 90 minutes.

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
# All four columns are in centimetres, but their spreads differ: the standard deviation of
# petal length is four times that of sepal width. Keep that in mind for the section on
# scaling.

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
order = list(names.values())                            # small -> large, in every legend
palette = dict(zip(sorted(order), cluster_colors(3)))   # a colour per name, in sorted order
                                                        # as plot_clusters colours labels

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
pd.crosstab(species, named.rename("cluster name"))

# %% [markdown]
# This reproduces the known result: **setosa is exactly one cluster**, "small petals", with
# all 50 flowers and nothing else. Versicolor and virginica overlap: "in between" holds 48
# versicolor and 14 virginica (62 flowers), "large" holds 36 virginica and 2 versicolor (38
# flowers). The ARI of 0.730 is well above chance but far from 1, because of those 16
# flowers. Setosa's petals are much smaller than the others', while large versicolor and
# small virginica flowers have similar measurements, and k-means can only draw a straight
# border between them.
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
# every pair of features; the diagonal shows each feature's distribution per cluster.

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
# A **principal component analysis** (PCA) gives a single view instead: it rotates the data
# so that the first axis (PC 1) carries as much of the variance as possible, the second
# the most of what is left. Projecting the centroids with the same `transform` puts them in
# the picture too.

# %%
pca = PCA(n_components=2, random_state=SEED).fit(flowers)
projected = pca.transform(flowers)
centroids = pca.transform(pd.DataFrame(kmeans.cluster_centers_, columns=FEATURES))
share = pca.explained_variance_ratio_
print("variance explained by PC 1 and PC 2:", share.round(3))
ax = plot_clusters(projected, named, centers=centroids,   # same colours as `palette`
                   axis_labels=(f"PC 1 ({share[0]:.1%} of variance)", f"PC 2 ({share[1]:.1%})"),
                   title="Iris clusters in the first two principal components")

# %% [markdown]
# The first two components keep 97.8 % (92.5 % + 5.3 %) of the variance, so this picture is
# faithful: "small petals" lies far to the left, and "in between" and "large" meet halfway
# between their centroids. Their colours mix a little there, for the same reason as in the
# pairplot: the straight border lives in four dimensions, and this view flattens it.

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
# Scaling changes the partition: the sizes become 53, 50 and 47, the two partitions agree
# with an ARI of only 0.804, and the agreement with the species drops from 0.730 to 0.620
# (more versicolor flowers now land with virginica). The reason: unscaled, petal length,
# with the largest spread (1.765 cm), dominates the distances, and it is also the feature
# that best separates the species. Scaling gives sepal width (0.436 cm, and of little help
# to tell species apart) the same vote.
#
# So scaling is a decision, not a ritual. When features have different units (kg and km,
# orders and euros) you must scale, or the unit chooses the clusters. When they share a
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
# The columns have different units (orders, currency, counts of categories and tickets), so
# here you scale before clustering. Then profile the clusters, and profile the regions the
# same way:

# %%
Z = StandardScaler().fit_transform(customers[BEHAVIOUR])
segment_model = KMeans(n_clusters=3, random_state=SEED, n_init=10).fit(Z)
segments = segment_model.labels_
cluster_profiles(customers[BEHAVIOUR], segments)

# %%
cluster_profiles(customers[BEHAVIOUR], customers["region"].to_numpy())

# %% [markdown]
# The clusters are three different kinds of customer: frequent buyers of small baskets,
# occasional buyers of expensive orders who open many support tickets, and customers with
# mid-sized baskets spread over many categories. The four regions, by contrast, look alike:
# each is an average of all three kinds, so a campaign designed "for the North" is designed
# for nobody in particular. The numbers say the same:

# %%
print(f"ARI clusters vs sales region:    {adjusted_rand_score(customers['region'], segments):.3f}")
print(f"ARI clusters vs planted segment: {adjusted_rand_score(customers['segment'], segments):.3f}")
pd.crosstab(customers["region"], pd.Series(segments, index=customers.index, name="cluster"))

# %% [markdown]
# Every region holds many customers of every cluster, and the ARI against the regions is
# about 0, chance level; against the planted segments it is 0.878. On real data there is
# no planted truth: you judge segments by their profiles, their sizes and whether the
# business can act on them.

# %% [markdown]
# ## Exercises
#
# ### Exercise 1 · What k does the silhouette prefer on Iris?
#
# Score k = 2..6 on the unscaled `flowers` with `score_k_range`. Which k has the highest
# silhouette? Use the crosstab above and the pairplot to explain why it is not 3.

# %% tags=["solution"]
iris_scores = score_k_range(flowers, range(2, 7))
print(iris_scores)
two = KMeans(n_clusters=2, random_state=SEED, n_init=10).fit_predict(flowers)
pd.crosstab(species, pd.Series(two, name="cluster (k = 2)"))

# %% [markdown]
# The silhouette is highest at k = 2 (0.681 against 0.553 for k = 3): setosa (joined by 3
# versicolor flowers) against the rest. Versicolor and virginica overlap so much that, from the measurements alone, they
# look like one group. The silhouette rewards well-separated clusters, not the number of
# species a botanist knows.

# %% [markdown]
# ### Exercise 2 · A richer profile in polars
#
# With polars only, compute for each cluster of `clusters`: the number of flowers, and the
# mean, standard deviation, minimum and maximum of `petal_length`. Sort by the mean.

# %% tags=["solution"]
(
    flowers_pl.with_columns(pl.Series("cluster", clusters))
    .group_by("cluster")
    .agg(
        pl.len().alias("size"),
        pl.col("petal_length").mean().alias("mean"),
        pl.col("petal_length").std().alias("std"),
        pl.col("petal_length").min().alias("min"),
        pl.col("petal_length").max().alias("max"),
    )
    .sort("mean")
)

# %% [markdown]
# The "small petals" cluster has no overlap with the others (its longest petal is shorter
# than the shortest petal elsewhere); the ranges of the other two overlap, which is where
# the versicolor-virginica mix-ups live.

# %% [markdown]
# ### Exercise 3 · Name the customer segments
#
# Give the three customer clusters names from their profiles, the way you did for Iris
# (rank them by `avg_order_value`, for instance), then crosstab your names against the
# planted `customers["segment"]`. How many customers does k-means put in a cluster whose
# name disagrees with their planted segment?

# %% tags=["solution"]
customer_profiles = cluster_profiles(customers[BEHAVIOUR], segments)
by_value = customer_profiles["avg_order_value"].sort_values().index
segment_names = dict(zip(by_value, ["small frequent baskets", "many-category baskets", "rare premium"]))
named_segments = pd.Series(segments, index=customers.index).map(segment_names)
table = pd.crosstab(customers["segment"], named_segments.rename("cluster name"))
table = table[["small frequent baskets", "many-category baskets", "rare premium"]]  # planted order
print("customers off the diagonal:", len(customers) - np.trace(table.to_numpy()))
table

# %% [markdown]
# The names line up with the planted segments: bargain hunters are the small frequent
# baskets, many-category families the many-category baskets, occasional premium buyers
# the rare premium cluster. The 26 customers off the diagonal, 20 of them planted families,
# happen to behave like a
# neighbouring segment: their numbers sit on the wrong side of a border between centroids.

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
#   with the species.
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
# Segment the rows of your own table with k-means and print a profile of each segment in
# the original units (size and mean of every column). Replace the demo table with your own
# numeric columns, set the number of segments, and decide whether to scale (`SCALE`): yes
# when the columns have different units; for the Iris demo, all in centimetres, the
# scaling section showed that unscaled works better.

# %% tags=["recipe"]
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.datasets import load_iris
from sklearn.preprocessing import StandardScaler

# >>> Replace this demo with your own numeric table, e.g. pd.read_csv("customers.csv")[columns]
table = load_iris(as_frame=True).data
N_SEGMENTS = 3
SCALE = False  # Iris: one unit (cm) for all columns; set True when the units differ

X = StandardScaler().fit_transform(table) if SCALE else table.to_numpy()
segment = KMeans(n_clusters=N_SEGMENTS, n_init=10, random_state=42).fit_predict(X)

profile = table.groupby(segment).mean()
profile.insert(0, "size", pd.Series(segment).value_counts().sort_index())
profile.index.name = "segment"
print(profile.round(2).to_string())
