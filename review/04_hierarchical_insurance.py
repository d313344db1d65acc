# ---
# jupyter:
#   course:
#     minutes: 90
#     objectives:
#     - Explore a mixed-type table with density, trend and box plots by group
#     - Encode categorical and numeric features with a ColumnTransformer and explain
#       why they need a common scale
#     - Run agglomerative clustering with scikit-learn and SciPy, and compare linkages
#     - Read a dendrogram and choose where to cut it from the merge heights
#     - Profile segments and recognise when a clustering only reads back one of its
#       inputs
#     summary: Encoding a mixed-type customer table, Ward and other linkages, reading
#       and cutting dendrograms, profiling insurance segments
#     title: "04 \xB7 Hierarchical clustering of insurance customers"
# ---

# %% [markdown]
# # 04 · Hierarchical clustering of insurance customers
#
# A teaching table of 1 338 people's medical charges, with age, sex, BMI, children, smoking and region: which kinds of customer are there?
# Hierarchical clustering builds a whole tree of answers; you learn to read it, where to cut it and when not to trust it.
#
# ## Learning objectives
#
# By the end of this notebook you can:
#
# - Explore a mixed-type table with density, trend and box plots by group
# - Encode categorical and numeric features with a ColumnTransformer and explain why they need a common scale
# - Run agglomerative clustering with scikit-learn and SciPy, and compare linkages
# - Read a dendrogram and choose where to cut it from the merge heights
# - Profile segments and recognise when a clustering only reads back one of its inputs
#
# ## Prerequisites
#
# [01 · NumPy and sparse matrices](01_numpy_and_sparse.ipynb), [02 · k-means on blobs](02_kmeans_blobs.ipynb) and [03 · k-means on Iris](03_kmeans_iris.ipynb): distances between rows, cluster profiles, the adjusted Rand index (ARI) and the silhouette score.
#
# **Estimated time:** 90 minutes.

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.cluster import AgglomerativeClustering
from sklearn.compose import ColumnTransformer
from sklearn.metrics import adjusted_rand_score, silhouette_score
from sklearn.preprocessing import OneHotEncoder, StandardScaler

import helpers
from helpers.data import load_insurance
from helpers.eda import plot_box_by, plot_kde_by, plot_trend_by
from helpers.evaluation import cluster_profiles
from helpers.hierarchy import (linkage_from_model, merge_gaps, plot_dendrogram,
                               plot_merge_heights)

helpers.use_style()
np.set_printoptions(precision=3, suppress=True)
pd.set_option("display.precision", 3)
pd.set_option("display.max_columns", 20)

# %% [markdown]
# ## The data
#
# `load_insurance` reads the public "medical cost personal" table (source and licence in
# `data/README.md`) with proper types: `sex`, `smoker` and `region` are categories,
# `charges` is the person's individual medical costs billed by health insurance in a
# year, in US dollars. It is a widely used teaching table, not an insurer's own records,
# so treat the "customers" below as rows of a textbook example. The data card warns
# that one row appears twice; check it yourself.
#
# Nothing in this notebook is random: agglomerative clustering always builds the same
# tree from the same data, so unlike k-means it needs no seed.

# %%
raw = load_insurance()
print(raw.shape)
print(raw.dtypes.astype(str).to_dict())
raw[raw.duplicated(keep=False)]

# %% [markdown]
# Two 19-year-old men from the north-west with the same BMI, no children and the same
# charges to the cent: almost certainly one customer entered twice. For clustering, an
# exact duplicate is a pair at distance zero that merges first and counts double in every
# average, so drop the copy and keep one.

# %%
customers = raw.drop_duplicates().reset_index(drop=True)
print("rows:", len(customers))
customers.describe()

# %% [markdown]
# Ages run from 18 to 64 and charges from about 1 100 to 64 000 dollars, with a mean well
# above the median: a long tail of expensive customers.
#
# ## Explore: what goes with high charges?
#
# The plots below come from `helpers.eda`. A **kernel density** plot is a smoothed
# histogram; each curve has area 1, so groups of different sizes can be compared by shape.
# `NAMES` gives the columns readable axis labels.

# %%
NAMES = {"charges": "charges (US$ per year)", "age": "age (years)",
         "bmi": "body-mass index (kg/m²)", "children": "children covered",
         "smoker": "smoker", "sex": "sex", "region": "region"}
print(customers["smoker"].value_counts().to_dict())
ax = plot_kde_by(customers, "charges", "smoker", names=NAMES)

# %% [markdown]
# Non-smokers pile up below about 15 000 dollars; smokers spread over two bumps, one near
# 20 000 and one near 40 000. Smoking is the first thing to keep in mind.

# %%
ax = plot_kde_by(customers, "charges", "sex", names=NAMES)

# %% [markdown]
# The two sexes have almost the same distribution of charges; the small extra weight of
# men at high charges is worth a second look once smoking is taken into account.

# %%
ax = plot_trend_by(customers, "age", "charges", "smoker", names=NAMES)

# %% [markdown]
# Charges grow with age at a similar rate in both groups, about 267 and 305 dollars per
# year of age (the slopes in the legend), but smokers sit on a much higher level. Inside each group you can also see
# bands: the non-smokers' main band and a scattered upper band, the smokers' two bands.

# %%
print(pd.crosstab(customers["sex"], customers["smoker"], normalize="index").round(3))
ax = plot_box_by(customers, "charges", "smoker", "sex", names=NAMES)

# %% [markdown]
# A box covers the middle half of a group and the line inside is its median. Among
# non-smokers, men and women have almost the same charges; among smokers, the men's
# median is higher, although the two boxes overlap widely. The table above adds the
# other half of the story: a larger share of the men smoke (0.236 against 0.174), which
# is where much of the men's extra bump near 40 000 dollars comes from.

# %%
ax = plot_box_by(customers, "charges", "region", "sex", names=NAMES)

# %% [markdown]
# Regions differ little in their medians; the south-east's boxes reach highest: a larger
# share of its customers have high charges.

# %%
ax = plot_box_by(customers, "bmi", "children", "sex", names=NAMES)

# %% [markdown]
# Body-mass index hardly changes with the number of children or with sex; the boxes for
# 4 and 5 children rest on few customers, so do not read much into them.
#
# ## Encode: one column per category, numbers on a common scale
#
# Agglomerative clustering measures Euclidean distances between rows, so every feature
# must be a number, and a difference of 1 must mean roughly as much in every column.
# A `ColumnTransformer` does both jobs in one object:
#
# - **categories**: `OneHotEncoder` makes one 0/1 column per level; with
#   `drop="if_binary"` a two-level column such as `smoker` becomes a single 0/1 column
#   (`smoker_yes`), while `region` keeps its four columns. These 0/1 columns are left
#   unscaled: two customers from different regions differ by 1 in two region columns,
#   so region alone puts them √2 ≈ 1.41 apart, about one and a half standard deviations
#   of age or BMI.
# - **numbers**: `StandardScaler` subtracts each column's mean and divides by its standard
#   deviation, so age, BMI, children and charges all have spread 1.
#
# `LabelEncoder` is the wrong tool here: it is meant for a target vector `y` (it encodes
# one 1-D array, not the columns of a feature table), and turning `region` into 0, 1, 2, 3
# would invent an order in which the south-west is three times farther from the
# north-east than the north-west is. Hierarchical clustering with Euclidean distance is
# just as sensitive to the units of each column as k-means: a column measured in
# thousands dominates every distance, as the next cell shows.

# %%
NUMERIC = ["age", "bmi", "children", "charges"]
CATEGORICAL = ["sex", "smoker", "region"]

def make_encoder(numeric, categorical, scale=True):
    return ColumnTransformer(
        [("numbers", StandardScaler() if scale else "passthrough", numeric),
         ("categories", OneHotEncoder(drop="if_binary", sparse_output=False), categorical)],
        verbose_feature_names_out=False,
    ).set_output(transform="pandas")

X_all = make_encoder(NUMERIC, CATEGORICAL).fit_transform(customers)
print("shape:", X_all.shape)
print("columns:", list(X_all.columns))
X_all.head(3)

# %% [markdown]
# Seven columns became ten: four standardised numbers, `sex_male` and `smoker_yes`, and
# four region indicators. `set_output(transform="pandas")` keeps the column names, which
# makes the encoded matrix easy to check.
#
# ### What happens without the scaler
#
# Skip the `StandardScaler` and look at how much of the total variance (the average squared
# distance to the mean) each column carries, then ask Ward for two clusters:

# %%
X_unscaled = make_encoder(NUMERIC, CATEGORICAL, scale=False).fit_transform(customers)
share = X_unscaled.var() / X_unscaled.var().sum()
print("share of the variance carried by charges:", f"{share['charges']:.6f}")
unscaled = AgglomerativeClustering(n_clusters=2, linkage="ward").fit_predict(X_unscaled)
customers.groupby(unscaled)["charges"].agg(["size", "min", "max"])

# %% [markdown]
# Charges, measured in dollars, carry essentially all the variance, and the two clusters do
# not overlap in charges at all: the maximum of one is below the minimum of the other.
# Without scaling, the "clustering" is a threshold on one column and the other nine
# columns are ignored. The scaler is what lets age, BMI and the categories have a say.
#
# ## Agglomerative clustering with two clusters
#
# **Agglomerative** clustering starts with every customer as its own cluster and
# repeatedly merges the two closest clusters until one is left. The **linkage** says what
# "closest" means between groups; `"ward"` merges the pair whose union increases the total
# within-cluster variance the least, the same quantity k-means minimises. The height of a
# Ward merge, the **Ward distance**, grows with the increase in within-cluster variance
# that the merge causes; it is measured in the units of the scaled table, not in dollars
# or years. Asking for `n_clusters=2` stops the merging when two clusters remain.
#
# A word on older code: `AgglomerativeClustering(affinity=...)` is now `metric=...`, and
# there is no `Ward` class any more (use `linkage="ward"`). Check the defaults:

# %%
defaults = AgglomerativeClustering().get_params()
print({key: defaults[key] for key in ["n_clusters", "linkage", "metric"]})

# %% [markdown]
# `n_clusters` defaults to 2: a model "finding two clusters" says nothing about the data,
# because two is what it was asked for. The number of clusters is your decision; the
# dendrogram section below shows how to argue for it.

# %%
ward2 = AgglomerativeClustering(n_clusters=2, linkage="ward").fit(X_all)
labels_all = ward2.labels_
cluster_profiles(customers, labels_all).T

# %% [markdown]
# `cluster_profiles` averages each numeric column per cluster and gives each category's
# level as a share. Read the columns: one cluster is small, its customers have high
# charges and a high BMI, and `smoker=yes` is 1.0. The crosstab says how clean the split
# is along smoking:

# %%
pd.crosstab(pd.Series(labels_all, name="cluster"), customers["smoker"], margins=True)

# %% [markdown]
# The small cluster contains only smokers, but it holds only 111 of the 274 smokers: the
# other 163 sit with all 1 063 non-smokers. So the split is "expensive smokers" against
# "everyone else", which is the smokers' upper band of charges from the density plot.
#
# Be careful with the word *finding*. `smoker` was one of the ten inputs, and `charges`,
# another input, is largely driven by smoking. A clustering that separates smokers has
# partly read back what you gave it: the result is circular. It confirms that smoking and
# charges are the strongest structure in the encoded table; it does not discover smokers.
#
# ## Without the smoker column
#
# Drop `smoker` from the inputs and cluster again. The column is still in `customers`, so
# you can check afterwards how the clusters relate to it.

# %%
CATEGORICAL_REST = ["sex", "region"]
X_rest = make_encoder(NUMERIC, CATEGORICAL_REST).fit_transform(customers)
labels_rest2 = AgglomerativeClustering(n_clusters=2, linkage="ward").fit_predict(X_rest)
print("shape:", X_rest.shape)
pd.crosstab(pd.Series(labels_rest2, name="cluster"), customers["smoker"])

# %% [markdown]
# Even without the column, one cluster of 153 customers is 146 smokers and 7 non-smokers.
# Smoking comes back through `charges`: charges depend strongly on smoking in this table,
# so a clustering that uses charges largely recovers smokers. To see structure beyond that, look deeper in
# the tree: more clusters.
#
# ## Dendrograms: the whole tree
#
# A **dendrogram** draws every merge as a ⊓ shape whose height is the merge distance.
# Cutting it with a horizontal line at some height leaves as many clusters as the line
# crosses vertical branches. You can build the tree in two ways.
#
# **SciPy** computes the **linkage matrix** `Z` directly: one row per merge, holding the
# two merged clusters, the merge height and the size of the new cluster.

# %%
Z_scipy = linkage(X_rest, method="ward")
print(Z_scipy.shape)
print(Z_scipy[-3:])
n = len(X_rest)
print("cluster 2664 was made by row", 2664 - n, ":", Z_scipy[2664 - n])

# %% [markdown]
# 1 337 customers need 1 336 merges. Ids below 1 337 are customers; an id of 1 337 or more
# is a cluster made by an earlier row (id 1 337 + i comes from row i). The last row is the
# final merge: cluster 2671, made by the row above it, holds 1 184 customers, and cluster
# 2664 holds the other 1 337 − 1 184 = 153 (its row, printed last, says so in its fourth
# column). That is the split you just saw. SciPy numbers clusters from 1 when you cut a
# tree with `fcluster`, while scikit-learn's `labels_` start at 0; both are only names.
#
# **scikit-learn** builds the full tree when you give `distance_threshold=0` and
# `n_clusters=None`; it stores the merges in `children_` and their heights in
# `distances_`, but not the cluster sizes. `helpers.hierarchy.linkage_from_model` counts
# the sizes and returns a SciPy linkage matrix. Check that the two trees agree:

# %%
full_tree = AgglomerativeClustering(distance_threshold=0, n_clusters=None,
                                    linkage="ward").fit(X_rest)
Z = linkage_from_model(full_tree)
print("same merge heights:", np.allclose(np.sort(Z[:, 2]), Z_scipy[:, 2]))
for k in (2, 4, 8):
    ari = adjusted_rand_score(fcluster(Z, k, "maxclust"), fcluster(Z_scipy, k, "maxclust"))
    print(f"k={k}: ARI between the two cuts = {ari:.3f}")

# %% [markdown]
# Same heights, and cutting either tree into 2, 4 or 8 clusters gives the same partition
# (ARI 1). `fcluster(Z, k, "maxclust")` is SciPy's way of cutting a tree into at most `k`
# clusters.
#
# ### Choosing the cut from the merge heights
#
# A number of clusters is convincing when it survives a long stretch of heights: the
# clusters are far apart compared with the distances inside them. `merge_gaps` lists, for
# each k, the range of heights at which a cut leaves exactly k clusters; the plot draws
# each range as a bar.

# %%
gaps = merge_gaps(Z, max_k=10)
print(gaps.drop(index=1).round(2))
ax = plot_merge_heights(Z, k=4, max_k=10, ylabel="merge height (Ward distance)")

# %% [markdown]
# Read the `gap` column: four clusters survive the longest stretch of heights (12.31),
# about 1.8 times as long as two clusters (7.00); k = 5 follows with 5.07, and from six
# clusters on no gap exceeds 1.4. Four is the number this tree argues for. Gaps shrink
# as k grows, so only compare the first few k.

# %%
ax = plot_dendrogram(Z, k=4, p=30, ylabel="merge height (Ward distance)",
                title="Ward tree of 1 337 customers (without smoker), cut into 4 clusters")

# %% [markdown]
# The dashed line crosses four vertical branches, coloured by cluster. The colours follow
# the numbers `fcluster(Z, 4, "maxclust")` gives (the legend names them), so the blue
# cluster 1 on the left is the 153-customer branch and the profiles below use the same
# numbers. Only the last 30 merges are drawn (`truncate_mode="lastp"`): a leaf labelled
# with a number in brackets stands for that many customers merged below the view. Notice
# the long stems crossing the line, from about 24 to 37: they are the gap you measured.
#
# ### The four segments

# %%
labels4 = fcluster(Z, 4, "maxclust")
profiles4 = cluster_profiles(customers, labels4)
profiles4.T

# %% [markdown]
# Read the profiles column by column (the cluster numbers are arbitrary names):
#
# - one segment is the **expensive** one: high charges and high BMI, and almost all
#   smokers, as before;
# - the other three are told apart by **life stage**: young customers with few children,
#   older customers (average age in the fifties) with few children at home, and
#   middle-aged **parents** with more than two children on average;
# - their charges rise with age, as the trend plot suggested, and each contains some
#   smokers (the `smoker=yes` row), so they are not just "non-smokers" either.
#
# Region also shapes the segments, although no single region defines one: the parents'
# segment 4 is 0.359 north-west, the older segment 3 is 0.364 south-west, and the
# expensive segment 1 (0.392) and the young segment 2 (0.359) lean south-east, while the
# other region shares lie between 0.175 and 0.287. Keep these rows in mind for the fairness note below.
#
# Compare with the smoker column once more: the cut at four keeps the expensive segment
# intact and splits the large one by age and family.

# %%
pd.crosstab(pd.Series(labels4, name="segment"), customers["smoker"])

# %% [markdown]
# Segment 1 is 146 smokers and 7 non-smokers, exactly the expensive cluster of the two-cluster
# cut; the other 128 smokers are spread over the three life-stage segments.
#
# ## Comparing linkages
#
# The linkage decides what "closest clusters" means: **ward** (smallest increase in
# within-cluster variance), **complete** (largest distance between their members),
# **average** (mean distance between members) and **single** (smallest distance between
# members). Run all four on the same matrix with four clusters and compare sizes and the
# **silhouette** (from notebook 02: near 1 = well separated, near 0 = overlapping).

# %%
rows = []
for method in ["ward", "complete", "average", "single"]:
    labels = AgglomerativeClustering(n_clusters=4, linkage=method).fit_predict(X_rest)
    rows.append({"linkage": method,
                 "sizes": sorted(np.bincount(labels).tolist(), reverse=True),
                 "silhouette": silhouette_score(X_rest, labels),
                 "ARI with ward": adjusted_rand_score(labels4, labels)})
linkages = pd.DataFrame(rows).set_index("linkage")
linkages

# %% [markdown]
# Ward and complete linkage give four segments of useful size, but not the same ones (read
# the ARI column). Average linkage leaves one giant cluster and a few small ones, and
# single linkage puts all but three customers into one cluster, yet it has the highest
# silhouette of the four: setting a few outliers apart from everyone else counts as "well
# separated" by that measure. A high silhouette is not the same as useful segments.
#
# Single linkage suffers from **chaining**: two groups merge as soon as *one* pair of
# their members is close, so a chain of customers a little apart from each other links
# everything into one cluster, and the last merges only peel off isolated points. The
# dendrograms show it:

# %%
fig, axes = plt.subplots(1, 2, figsize=(12, 4.5))
plot_dendrogram(linkage(X_rest, "single"), k=4, p=30, ax=axes[0],
                title="Single linkage: a staircase (chaining)",
                ylabel="merge height (Euclidean distance)")
plot_dendrogram(Z, k=4, p=30, ax=axes[1], title="Ward linkage: balanced branches",
                ylabel="merge height (Ward distance)")
fig.tight_layout()

# %% [markdown]
# On the left, each of the last merges adds one small group or a single customer to an
# ever-growing cluster (a staircase), and the cut for four clusters isolates three single
# customers: the three leftmost leaves, 1299, 1084 and 577 (row numbers in `customers`), are
# clusters 4, 3 and 2, and their labels carry their cluster's colour (a one-customer cluster has no branch below the cut
# to colour, so its link is grey). Everyone else is cluster 1. On the right, Ward joins
# groups of comparable size.
#
# ## A note on fairness
#
# `sex` and `region` were inputs in every clustering above. Both are sensitive: in the
# European Union insurers may not price by sex since 2012, and in the US the Affordable
# Care Act lets health-insurance premiums vary only by age, tobacco use, area and family
# size. Allowed for pricing is not the same as harmless for segmentation: area can stand
# in for income or ethnicity. Using such attributes to *form* segments means that any action taken per segment
# (offers, prices, outreach) can end up treating people differently because of their sex
# or where they live. Dropping the columns is not enough on its own: other features can
# stand in for them (a proxy). Two habits help: decide explicitly which inputs are
# legitimate for the purpose, and audit every segment's composition before anyone acts
# on it. The `sex=` and `region=` rows of the four-segment profiles are such an audit:
# they show region leaning differently in each segment, and Exercise 2 finds a subgroup
# with no one from the north-west. Exercise 1 clusters without them.
#
# ## Exercises
#
# ### Exercise 1 · Segments without the sensitive attributes and the outcome
#
# Cluster the customers on `age`, `bmi` and `children` only (standardised): no sex, no
# region, and no charges or smoking. Choose the number of clusters from the merge gaps
# (k from 2 to 10), then profile the segments on the full table. What does each segment
# look like, and how do charges differ between them even though charges were not an input?

# %% tags=["solution"]
X_life = StandardScaler().fit_transform(customers[["age", "bmi", "children"]])
Z_life = linkage(X_life, "ward")
gaps_life = merge_gaps(Z_life, max_k=10).drop(index=1)
print(gaps_life.round(2))
k_life = int(gaps_life["gap"].idxmax())
print("largest gap at k =", k_life)
# Two segments, split by age: charges differ between them although they were not an input,
# because charges grow with age (the trend plot).
cluster_profiles(customers, fcluster(Z_life, k_life, "maxclust")).T

# %% [markdown]
# ### Exercise 2 · Cuts are nested
#
# Cut the tree `Z` (without smoker) into 4 and into 5 clusters and crosstab the two
# partitions. Why is every 5-cluster segment inside a single 4-cluster segment, which
# segment splits, and along which feature (compare the profiles)?

# %% tags=["solution"]
labels5 = fcluster(Z, 5, "maxclust")
print(pd.crosstab(pd.Series(labels4, name="4 clusters"), pd.Series(labels5, name="5 clusters")))
# Cutting lower undoes one more merge: going from 4 to 5 clusters undoes exactly
# one merge, so one segment splits in two and the others stay as they are. Here the
# young segment splits: 84 customers with a very high BMI, all non-smokers, two thirds
# from the south-east and none from the north-west, leave the rest of the young ones.
cluster_profiles(customers, labels5).T

# %% [markdown]
# ### Exercise 3 · Ward needs Euclidean distances
#
# Try `AgglomerativeClustering(n_clusters=4, linkage="ward", metric="manhattan")` on
# `X_rest`: what happens, and why? Then run `average` linkage with `metric="manhattan"`
# and with `metric="euclidean"` and compare the two partitions with the ARI.

# %% tags=["solution"]
try:
    AgglomerativeClustering(n_clusters=4, linkage="ward", metric="manhattan").fit(X_rest)
except ValueError as error:
    print("ValueError:", error)
# Ward's merge cost is a change in variance, which is defined for Euclidean distance only.
manhattan = AgglomerativeClustering(n_clusters=4, linkage="average",
                                    metric="manhattan").fit_predict(X_rest)
euclidean = AgglomerativeClustering(n_clusters=4, linkage="average").fit_predict(X_rest)
print("sizes (manhattan):", np.bincount(manhattan), "| sizes (euclidean):", np.bincount(euclidean))
print(f"ARI: {adjusted_rand_score(manhattan, euclidean):.3f}")
# The ARI compares the groupings, not the label numbers, which are arbitrary and need
# not match between the runs. 0.792 is close to 1: both metrics leave one giant cluster
# holding mostly the same customers, but the small clusters differ (compare the sizes).

# %% [markdown]
# ## Key takeaways
#
# - Encode categories with one-hot columns (a `ColumnTransformer` with `OneHotEncoder`),
#   never with `LabelEncoder`, and standardise numbers: Euclidean hierarchical clustering
#   is as scale-sensitive as k-means.
# - `AgglomerativeClustering` uses `metric` (not `affinity`) and `linkage="ward"`
#   (no `Ward` class); it returns two clusters by default, so the count is your choice.
# - A clustering that separates a column you fed it (smokers here, directly or through
#   charges) is partly circular; drop the column or look deeper in the tree.
# - Choose the cut from the merge heights: a number of clusters that survives a long gap
#   is well supported. `linkage_from_model` lets SciPy draw a scikit-learn tree.
# - Ward gives balanced segments; single linkage chains, and a high silhouette can hide
#   one giant cluster plus outliers.
# - Sensitive attributes used as segmentation inputs shape who gets which treatment:
#   choose inputs deliberately and audit segment composition.
#
# ## Going further
#
# - scikit-learn user guide, [hierarchical clustering](https://scikit-learn.org/stable/modules/clustering.html#hierarchical-clustering),
#   and [`AgglomerativeClustering`](https://scikit-learn.org/stable/modules/generated/sklearn.cluster.AgglomerativeClustering.html)
# - scikit-learn example, [plot a dendrogram of hierarchical clustering](https://scikit-learn.org/stable/auto_examples/cluster/plot_agglomerative_dendrogram.html)
# - [`ColumnTransformer`](https://scikit-learn.org/stable/modules/generated/sklearn.compose.ColumnTransformer.html),
#   [`OneHotEncoder`](https://scikit-learn.org/stable/modules/generated/sklearn.preprocessing.OneHotEncoder.html),
#   [`StandardScaler`](https://scikit-learn.org/stable/modules/generated/sklearn.preprocessing.StandardScaler.html),
#   and why [`LabelEncoder`](https://scikit-learn.org/stable/modules/generated/sklearn.preprocessing.LabelEncoder.html) is for targets
# - [`silhouette_score`](https://scikit-learn.org/stable/modules/generated/sklearn.metrics.silhouette_score.html),
#   [`adjusted_rand_score`](https://scikit-learn.org/stable/modules/generated/sklearn.metrics.adjusted_rand_score.html)
# - SciPy: [`linkage`](https://docs.scipy.org/doc/scipy/reference/generated/scipy.cluster.hierarchy.linkage.html),
#   [`dendrogram`](https://docs.scipy.org/doc/scipy/reference/generated/scipy.cluster.hierarchy.dendrogram.html),
#   [`fcluster`](https://docs.scipy.org/doc/scipy/reference/generated/scipy.cluster.hierarchy.fcluster.html)
# - pandas: [`crosstab`](https://pandas.pydata.org/docs/reference/api/pandas.crosstab.html),
#   [`DataFrame.duplicated`](https://pandas.pydata.org/docs/reference/api/pandas.DataFrame.duplicated.html)
#
# ## Recipe
#
# Segment a customer table with numeric and categorical columns: encode, build the Ward
# tree, pick the number of clusters from the largest gap in merge heights, and print the
# segment profiles. Replace the demo table with your own.

# %% tags=["recipe"]
import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.compose import ColumnTransformer
from sklearn.preprocessing import OneHotEncoder, StandardScaler

# >>> Replace this demo table with your own data, e.g. table = pd.read_csv("customers.csv")
rng = np.random.default_rng(42)
n = 600
kind = rng.integers(0, 3, n)  # three hidden kinds of customer
table = pd.DataFrame({
    "age": np.array([28, 45, 62])[kind] + rng.normal(0, 4, n),
    "spend": np.array([300, 1200, 600])[kind] * rng.lognormal(0, 0.2, n),
    "plan": np.array(["basic", "premium", "basic"])[kind],
    "channel": rng.choice(["web", "shop"], n),
})
# >>> Name your numeric and categorical columns (leave out outcomes and sensitive attributes)
numeric, categorical = ["age", "spend"], ["plan", "channel"]
MAX_K = 8

encoder = ColumnTransformer(
    [("numbers", StandardScaler(), numeric),
     ("categories", OneHotEncoder(drop="if_binary", sparse_output=False,
                                  handle_unknown="ignore"), categorical)])
X = encoder.fit_transform(table[numeric + categorical])
Z = linkage(X, method="ward")

heights = Z[:, 2]
gaps = {k: heights[-k + 1] - heights[-k] for k in range(2, MAX_K + 1)}  # k clusters live between these merges
k = max(gaps, key=gaps.get)
labels = fcluster(Z, k, criterion="maxclust")

profile = table.groupby(labels)[numeric].mean()
for column in categorical:
    profile = profile.join(pd.crosstab(labels, table[column], normalize="index").add_prefix(f"{column}="))
profile.insert(0, "size", np.bincount(labels)[1:])
print(f"chosen number of clusters: {k} (merge-height gaps: "
      + ", ".join(f"k={key}: {gap:.2f}" for key, gap in gaps.items()) + ")")
print(profile.round(2).to_string())
