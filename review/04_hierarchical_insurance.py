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
from sklearn.datasets import make_moons
from sklearn.metrics import adjusted_rand_score, silhouette_score
from sklearn.preprocessing import OneHotEncoder, StandardScaler

import helpers
from helpers.checks import check
from helpers.data import load_insurance
from helpers.eda import plot_box_by, plot_kde_by, plot_trend_by
from helpers.evaluation import cluster_profiles, match_labels
from helpers.hierarchy import (linkage_from_model, merge_gaps, plot_dendrogram,
                               plot_merge_heights)
from helpers.plotting import plot_cluster_grid

helpers.use_style()
np.set_printoptions(precision=3, suppress=True)
pd.set_option("display.precision", 3)
pd.set_option("display.max_columns", 20)
SEED = 42

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
# Agglomerative clustering always builds the same tree from the same data, so unlike
# k-means it needs no seed; `SEED` serves the one synthetic example near the end.

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
# histogram; each curve has area 1, so groups of different sizes can be compared by shape
# (the height has no useful unit, so the axis shows none). Charges are drawn on a
# **logarithmic axis**: each step of the grid (1k, 2k, 5k, 10k... where k stands for
# thousand dollars) multiplies the charges by the same factor. That spreads out the crowded low charges, and lets each
# curve fade out smoothly instead of stopping like a wall at its smallest value.
# `NAMES` gives the columns readable axis labels.

# %%
NAMES = {"charges": "charges (US$ per year)", "age": "age (years)",
         "bmi": "body-mass index (kg/m²)", "children": "children covered",
         "smoker": "smoker", "sex": "sex", "region": "region",
         "bmi_band": "BMI", "smoker_bmi": "group"}
print(customers["smoker"].value_counts().to_dict())
ax = plot_kde_by(customers, "charges", "smoker", names=NAMES, log_scale=True)

# %% [markdown]
# Non-smokers spread from about 1 000 to 15 000 dollars, with a thin tail of higher charges;
# smokers split into two bumps, one near 20 000 and one near 40 000. Smoking is the first
# thing to keep in mind, and the two bumps are a puzzle to solve below.

# %%
ax = plot_kde_by(customers, "charges", "sex", names=NAMES, log_scale=True)

# %% [markdown]
# The two sexes have almost the same distribution of charges; the small extra weight of
# men at high charges is worth a second look once smoking is taken into account.

# %%
print(pd.crosstab(customers["sex"], customers["smoker"], normalize="index").round(3))
ax = plot_box_by(customers, "charges", "smoker", "sex", names=NAMES)

# %% [markdown]
# A box covers the middle half of a group and the line inside is its median; the whiskers
# reach out at most 1.5 box lengths, and each dot beyond them is one customer with unusually
# high (or low) charges for the group. Among
# non-smokers, men and women have almost the same charges; among smokers, the men's
# median is higher, although the two boxes overlap widely. The table above adds the
# other half of the story: a larger share of the men smoke (0.236 against 0.174), which
# is where much of the men's extra weight at high charges comes from.

# %%
ax = plot_box_by(customers, "charges", "region", "sex", names=NAMES)

# %% [markdown]
# Regions differ little in their medians; the south-east's boxes reach highest: a larger
# share of its customers have high charges.
#
# ### What splits the smokers in two?
#
# Sex and region do not explain the smokers' two bumps. A good candidate is BMI: a BMI of
# 30 or more is the usual medical threshold for obesity. Split every group at 30
# (`pd.cut` with `right=False` puts a BMI of exactly 30 in the upper band) and compare the
# median charges:

# %%
bmi_band = pd.cut(customers["bmi"], [0, 30, np.inf], right=False,
                  labels=["under 30", "30 or more"]).rename("bmi_band")
print(customers.groupby(["smoker", bmi_band], observed=True)["charges"].median()
      .unstack().round(0))
ax = plot_box_by(customers.assign(bmi_band=bmi_band), "charges", "smoker", "bmi_band",
                 names=NAMES)

# %% [markdown]
# For non-smokers BMI barely matters (medians of about 6 800 and 8 100 dollars). For
# smokers it is the whole story: a median of about 20 000 dollars below a BMI of 30 and
# about 41 000 from 30 up, with boxes that do not even overlap. The two bumps are
# **smokers of normal weight or overweight** and **obese smokers**. The trend plot below
# gives each of these groups its own straight line against age (one line through all the
# smokers would run through the empty space between their two bands):

# %%
GROUPS = ["non-smoker", "smoker, BMI under 30", "smoker, BMI 30 or more"]
smoker_bmi = ("smoker, BMI " + bmi_band.astype(str)).where(customers["smoker"] == "yes",
                                                         "non-smoker")
# a categorical column keeps the order of GROUPS in legends and tables
smoker_bmi = smoker_bmi.astype(pd.CategoricalDtype(GROUPS)).rename("smoker_bmi")
ax = plot_trend_by(customers.assign(smoker_bmi=smoker_bmi), "age", "charges", "smoker_bmi",
                   names=NAMES, slope_unit="US$ per year of age")

# %% [markdown]
# Charges grow with age at a similar rate in all three groups (the slopes in the legend,
# in dollars per year of age), but each group sits on its own level. The non-smokers
# still show a main band and a scattered upper band, which no column of the table seems
# to explain (it is not smoking, and not BMI): a table never holds every cause.
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
# distance to the mean) each column carries, then ask `AgglomerativeClustering` with Ward
# linkage for two clusters (defined in the next section; for now: a method that merges
# nearby customers step by step until two groups are left):

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
# One-hot columns plus standardised numbers is the simplest reasonable encoding, not the
# only one (Going further names two methods built for mixed-type tables).
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
# charges and a high BMI, and `smoker=yes` is 1.0. Crosstab the clusters against the three
# groups of the exploration (non-smokers, smokers below and from a BMI of 30) to see how
# clean the split is:

# %%
pd.crosstab(pd.Series(labels_all, name="cluster"), smoker_bmi, margins=True)

# %% [markdown]
# The small cluster holds only smokers, and 105 of its 111 customers are smokers with a
# BMI of 30 or more: it is essentially the **obese smokers**, the upper bump of the
# smokers' charges. The other 163 smokers, most of them under a BMI of 30, sit with all
# 1 063 non-smokers. So the split is "obese smokers" against "everyone else".
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
# Even without the column, the small cluster is 146 smokers and 7 non-smokers.
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
first = int(Z_scipy[-1, 0])  # one of the two clusters the last merge joins
print(f"cluster {first} was made by row {first - n}:", Z_scipy[first - n])

# %% [markdown]
# 1 337 customers need 1 336 merges, and each merge leaves one cluster fewer. In the first
# two columns, an id below 1 337 is a customer and an id of 1 337 + i is the cluster made
# by row i. *Optional detail:* the last row joins the two clusters of the two-cluster cut;
# the last line printed looks up the row that made the first of them, and its fourth
# column is that cluster's size, the small cluster you saw above. SciPy numbers clusters
# from 1 when you cut a tree with `fcluster`, while scikit-learn's `labels_` start at 0;
# both are only names.
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
for k in (2, 4, 6):
    ari = adjusted_rand_score(fcluster(Z, k, "maxclust"), fcluster(Z_scipy, k, "maxclust"))
    print(f"k={k}: ARI between the two cuts = {ari:.3f}")

# %% [markdown]
# Same heights, and cutting either tree into 2, 4 or 6 clusters gives the same partition
# (ARI 1). `fcluster(Z, k, "maxclust")` is SciPy's way of cutting a tree into at most `k`
# clusters; `fcluster(Z, h, "distance")` cuts it at the height `h` instead.
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
# `drop(index=1)` hides the row k = 1: the whole table stays one cluster at every height
# above the last merge, so its gap is infinite. Read the `gap` column: four clusters
# survive the longest stretch of heights (12.31), about 1.8 times as long as two clusters
# (7.00); k = 5 follows with 5.07, and from six clusters on no gap exceeds 1.4. Four is
# the number this tree argues for. Gaps shrink as k grows, so only compare the first few
# k. A well-supported cut is not proof of separate groups: the silhouettes in "Comparing
# linkages" below show how weak these segments are.

# %%
ax = plot_dendrogram(Z, k=4, p=30, ylabel="merge height (Ward distance)",
                title="Ward tree of 1 337 customers (without smoker), cut into 4 clusters")

# %% [markdown]
# The dashed line crosses four vertical branches, coloured by cluster. The colours follow
# the numbers `fcluster(Z, 4, "maxclust")` gives (the legend names them), so the blue
# cluster 1 on the left is the small, mostly-smoker branch and the profiles below use the
# same numbers. Only the last 30 merges are drawn (`truncate_mode="lastp"`): a leaf
# labelled with a number in brackets stands for that many customers merged below the view.
# Notice the long stems crossing the line, from about 24 to 37: they are the gap you
# measured.
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
# other region shares lie between 0.175 and 0.287. Keep these rows in mind for the
# fairness note below. Compare with the smoking and BMI groups once more:

# %%
pd.crosstab(pd.Series(labels4, name="segment"), smoker_bmi)

# %% [markdown]
# Segment 1 is again the obese smokers: 143 of them, with only 7 non-smokers and 3 other
# smokers beside them; the cut at four keeps the expensive segment intact and
# splits the large one by age and family. The smokers under a BMI of 30 are spread over the
# three life-stage segments.
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
# Look at the size of the silhouettes too: all four lie between 0.14 and 0.21. A silhouette
# that low means a typical customer is almost as close to the nearest other segment as to
# its own. A common rule of thumb (Kaufman and Rousseeuw's) reads an average silhouette
# under 0.25 as no substantial structure, and one under 0.5 as weak structure that may be
# artificial: these segments are far down that scale. These customers do not form separate groups waiting
# to be found; they fill a continuum (ages, BMIs and charges vary smoothly), and any
# clustering cuts that continuum into pieces. The segments can still be useful, as a
# convenient summary of who is in the table, but report them as a partition you chose,
# not as natural kinds.
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
# to colour, so its link is grey and the legend marks it with a square). Everyone else is cluster 1. On the right, Ward joins
# groups of comparable size.
#
# ### When chaining is what you want
#
# Chaining is a fault on a continuum, and exactly the right behaviour when the groups are
# long, curved chains of points with empty space between them. The classic test is two
# interleaved half-moons (`make_moons`): each moon is a chain of close points, and the two
# chains never touch. In the figure, each clustering's colours are matched to the true
# moons (`match_labels`, the Hungarian matching of notebook 02), so a point in the wrong
# colour is a mistake.

# %%
X_moons, moon = make_moons(n_samples=300, noise=0.06, random_state=SEED)
panels = {"the two moons (truth)": (X_moons, moon)}
for method in ["ward", "single"]:
    labels = AgglomerativeClustering(n_clusters=2, linkage=method).fit_predict(X_moons)
    print(f"{method:>6} linkage: ARI with the moons {adjusted_rand_score(moon, labels):.3f}, "
          f"silhouette {silhouette_score(X_moons, labels):.3f}")
    panels[f"{method} linkage"] = (X_moons, match_labels(moon, labels))
fig = plot_cluster_grid(panels, ncols=3)

# %% [markdown]
# Single linkage recovers both moons exactly (an ARI of 1): it follows each chain from
# neighbour to neighbour. Ward, which looks for compact, round groups of similar size,
# cuts the right end off the upper moon and gives it to the lower one. Notice that the silhouette prefers Ward (0.430 against 0.330):
# it rewards round, compact clusters too, so it cannot referee between shapes. Choose
# single linkage when you expect elongated or curved groups separated by clear gaps, and
# avoid it when noise or a continuum can bridge the gaps: one point in between is enough
# to join two groups.
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
# they show region leaning differently in each segment.
#
# ## Exercises
#
# Each exercise ends with a check cell: store your answer in the variable the exercise
# names, run the check cell, and it tells you whether the answer is right, with a hint if
# it is not.

# %% [markdown]
# ### Exercise 1 · Read a cut
#
# Cut the Ward tree `Z` (built without `smoker`) with a horizontal line at height 16.5.
# How many clusters does the cut leave? Work it out from the merge heights first (the
# `merge_gaps` table, or the heights in `Z[:, 2]`), then confirm it with
# `fcluster(Z, 16.5, criterion="distance")`. Store your answer in `n_clusters_cut`
# (an integer).

# %% tags=["solution"]
merges_above = int((Z[:, 2] > 16.5).sum())
n_clusters_cut = len(np.unique(fcluster(Z, 16.5, criterion="distance")))
print("merges above the cut:", merges_above, "| clusters left:", n_clusters_cut)

# %% tags=["check"]
check("04.1", n_clusters_cut)

# %% [markdown] tags=["solution"]
# Every merge above the line is undone by the cut, and undoing a merge splits one cluster
# into two. With no merge undone there is one cluster (the whole table), so m merges above
# the line leave m + 1 clusters: here 7 merges, 8 clusters. In the `merge_gaps` table,
# 16.5 lies between the `from` and `to` of the row k = 8. Counting the merges is the
# classic slip: it is one less than the number of clusters.

# %% [markdown]
# ### Exercise 2 · Cuts are nested
#
# Cut the tree `Z` into 4 and into 5 clusters with `fcluster(Z, k, "maxclust")` and
# crosstab the two partitions. Exactly one of the four segments splits in two. How many
# customers are in the *smaller* of its two pieces? Store your answer in `n_split_off`
# (an integer). Then compare the profiles of the two pieces: which features tell them
# apart? Start with BMI, then read the other rows.

# %% tags=["solution"]
labels5 = fcluster(Z, 5, "maxclust")
print(pd.crosstab(pd.Series(labels4, name="4 clusters"), pd.Series(labels5, name="5 clusters")))
nested = pd.crosstab(labels4, labels5)
split = nested[(nested > 0).sum(axis=1) == 2].iloc[0]  # the one row with two non-zero cells
n_split_off = int(split[split > 0].min())
cluster_profiles(customers, labels5).loc[split.index[split > 0]].T

# %% tags=["check"]
check("04.2", n_split_off)

# %% [markdown] tags=["solution"]
# Going from 4 to 5 clusters undoes exactly one merge, the highest one below the 4-cluster
# cut, so one segment splits in two and the others stay exactly as they were: the tree's
# cuts are nested. Here the young segment (2 in the 4-cluster cut) splits: 84 customers
# with a very high BMI (about 39 on average), all non-smokers, leave the other 345 young
# customers. Their charges are about the same as the rest of the young segment's. The
# piece is also 0.667 south-east and has no one from the north-west: exactly the kind of
# composition the fairness note asks you to audit before acting on a segment.

# %% [markdown]
# ### Exercise 3 · Segments without the sensitive attributes and the outcome
#
# Cluster the customers on `age`, `bmi` and `children` only, standardised with
# `StandardScaler`: no sex, no region, and no charges or smoking. Build the Ward tree with
# SciPy's `linkage`, choose the number of clusters k (from 2 to 10) with the largest merge
# gap, cut the tree there, and store the sizes of your segments in `life_sizes` (a list of
# integers, in any order). Then profile the segments on the full table: how do charges
# differ between them, although charges were not an input?

# %% tags=["solution"]
X_life = StandardScaler().fit_transform(customers[["age", "bmi", "children"]])
Z_life = linkage(X_life, "ward")
gaps_life = merge_gaps(Z_life, max_k=10).drop(index=1)
print(gaps_life.round(2))
k_life = int(gaps_life["gap"].idxmax())
labels_life = fcluster(Z_life, k_life, "maxclust")
life_sizes = pd.Series(labels_life).value_counts().tolist()
print("largest gap at k =", k_life, "| sizes:", life_sizes)
cluster_profiles(customers, labels_life).T

# %% tags=["check"]
check("04.3", life_sizes)

# %% [markdown] tags=["solution"]
# The largest gap is at k = 2 (10.40), but k = 4 comes close (8.34): the tree supports both
# cuts about equally, and you could defend either. When the gaps are this close, profile
# both and choose the one you can use and explain, and say that it was a close call.
#
# The two segments split by age: about 51 against 28 years on average, with a slightly
# higher BMI in the older segment and the same number of children. Charges differ by about 6 000 dollars (16 419 against 10 281)
# although they were not an input, because charges grow with age (the trend plot). Sex and
# region shares are nearly the same in both segments, and so is the share of smokers: these
# segments are life stages, not risk groups. Two frequent slips: forgetting the scaler
# (age then outweighs BMI and children, and the sizes change), and `np.bincount` on SciPy's
# labels, which start at 1, so the count of label 0 (zero customers) sneaks in.

# %% [markdown]
# ### Exercise 4 · Ward needs Euclidean distances
#
# Try `AgglomerativeClustering(n_clusters=4, linkage="ward", metric="manhattan")` on
# `X_rest`: what happens, and why? Then run `average` linkage with `metric="manhattan"`
# and with `metric="euclidean"` (4 clusters each, on `X_rest`) and compare the two
# partitions. Store their adjusted Rand index in `ari_metrics` (a number, with at least
# 3 decimals).

# %% tags=["solution"]
try:
    AgglomerativeClustering(n_clusters=4, linkage="ward", metric="manhattan").fit(X_rest)
except ValueError as error:
    print("ValueError:", error)
manhattan = AgglomerativeClustering(n_clusters=4, linkage="average",
                                    metric="manhattan").fit_predict(X_rest)
euclidean = AgglomerativeClustering(n_clusters=4, linkage="average").fit_predict(X_rest)
print("sizes (manhattan):", np.bincount(manhattan), "| sizes (euclidean):", np.bincount(euclidean))
ari_metrics = adjusted_rand_score(manhattan, euclidean)
print(f"ARI: {ari_metrics:.3f}")

# %% tags=["check"]
check("04.4", ari_metrics)

# %% [markdown] tags=["solution"]
# Ward's merge cost is an increase in variance, which only Euclidean distance defines, so
# scikit-learn refuses any other metric. Average linkage accepts any distance. The ARI
# (0.792) compares the groupings, not the label numbers, which are arbitrary and need not
# match between the runs: the share of rows with equal label numbers would be a different,
# meaningless figure. 0.792 is close to 1: both metrics leave one giant cluster holding
# mostly the same customers, but the small clusters differ (compare the sizes).

# %% [markdown]
# ## Key takeaways
#
# - Encode categories with one-hot columns (a `ColumnTransformer` with `OneHotEncoder`),
#   never with `LabelEncoder`, and standardise numbers: Euclidean hierarchical clustering
#   is as scale-sensitive as k-means. Gower distance and k-prototypes are built for
#   mixed-type tables.
# - `AgglomerativeClustering` uses `metric` (not `affinity`) and `linkage="ward"`
#   (no `Ward` class); it returns two clusters by default, so the count is your choice.
# - A clustering that separates a column you fed it (smokers here, directly or through
#   charges) is partly circular; drop the column or look deeper in the tree.
# - Choose the cut from the merge heights: a number of clusters that survives a long gap
#   is well supported; when two gaps are close, say so. A cut with m merges above it
#   leaves m + 1 clusters.
# - Low silhouettes (under 0.5, and here under 0.25) mean weak structure: the segments
#   cut a continuum. Ward gives balanced segments; single linkage chains, which is right only
#   for elongated groups separated by clear gaps.
# - Sensitive attributes used as segmentation inputs shape who gets which treatment:
#   choose inputs deliberately and audit segment composition.
#
# ## Going further
#
# - scikit-learn user guide, [hierarchical clustering](https://scikit-learn.org/stable/modules/clustering.html#hierarchical-clustering),
#   and [`AgglomerativeClustering`](https://scikit-learn.org/stable/modules/generated/sklearn.cluster.AgglomerativeClustering.html)
# - scikit-learn examples, [plot a dendrogram of hierarchical clustering](https://scikit-learn.org/stable/auto_examples/cluster/plot_agglomerative_dendrogram.html)
#   and [linkages on toy data sets](https://scikit-learn.org/stable/auto_examples/cluster/plot_linkage_comparison.html)
# - [`ColumnTransformer`](https://scikit-learn.org/stable/modules/generated/sklearn.compose.ColumnTransformer.html),
#   [`OneHotEncoder`](https://scikit-learn.org/stable/modules/generated/sklearn.preprocessing.OneHotEncoder.html),
#   [`StandardScaler`](https://scikit-learn.org/stable/modules/generated/sklearn.preprocessing.StandardScaler.html),
#   and why [`LabelEncoder`](https://scikit-learn.org/stable/modules/generated/sklearn.preprocessing.LabelEncoder.html) is for targets
# - [`silhouette_score`](https://scikit-learn.org/stable/modules/generated/sklearn.metrics.silhouette_score.html),
#   [`adjusted_rand_score`](https://scikit-learn.org/stable/modules/generated/sklearn.metrics.adjusted_rand_score.html)
# - SciPy: [`linkage`](https://docs.scipy.org/doc/scipy/reference/generated/scipy.cluster.hierarchy.linkage.html),
#   [`dendrogram`](https://docs.scipy.org/doc/scipy/reference/generated/scipy.cluster.hierarchy.dendrogram.html),
#   [`fcluster`](https://docs.scipy.org/doc/scipy/reference/generated/scipy.cluster.hierarchy.fcluster.html)
# - Mixed-type data: two methods are built for tables that mix many categories with
#   numbers. **Gower distance** averages one dissimilarity per column (for a number, the
#   difference divided by the column's range; for a category, 0 if equal and 1 if not)
#   and can feed average or complete linkage as a precomputed distance matrix;
#   **k-prototypes** is k-means for the numeric columns combined with matching counts for
#   the categorical ones. J. C. Gower (1971), [A general coefficient of similarity and some of its properties](https://doi.org/10.2307/2528823),
#   *Biometrics*, and its Python implementation [`gower`](https://pypi.org/project/gower/);
#   k-prototypes in [`kmodes`](https://pypi.org/project/kmodes/) (neither is installed with the course)
# - pandas: [`crosstab`](https://pandas.pydata.org/docs/reference/api/pandas.crosstab.html),
#   [`cut`](https://pandas.pydata.org/docs/reference/api/pandas.cut.html),
#   [`DataFrame.duplicated`](https://pandas.pydata.org/docs/reference/api/pandas.DataFrame.duplicated.html)
#
# ## Recipe
#
# *Optional take-away reading, outside the 90 minutes of the class:* the cell below is
# long because of its guardrails; run it once to see its printed report, and come back
# to it when you segment a table of your own.
#
# Segment a customer table with numeric and categorical columns, the way this notebook
# did, with guardrails. Set the constants at the top (which columns are inputs, the id
# column, the range of k), replace the demo table between the marked lines with your own,
# and run. The recipe:
#
# - stops with a message that says what to do on missing or infinite values, duplicated
#   ids, a text column listed as numeric, a category column with too many levels (an id or
#   free text), too few rows, or a `K` outside `K_RANGE`;
# - one-hot encodes the categorical columns and standardises the numeric ones, and says so;
# - prints the whole table of merge gaps with a silhouette for each k, and warns when
#   another k's gap is close to the largest, when the largest gap sits at the top of
#   `K_RANGE`, when the silhouette is weak (a continuum, not groups), and about segments
#   under `MIN_SEGMENT_SHARE` of the rows;
# - above `MAX_TREE_ROWS` rows (the tree needs memory that grows with the square of the
#   rows), builds the tree on a seeded sample and assigns every other row to the segment
#   with the nearest centre, and says so;
# - leaves the row → segment table in `segments` (indexed like your table, column
#   `segment`, numbered by size) and prints each segment's profile; set `OUTPUT_CSV` to
#   save it.
#
# The demo table is synthetic: 600 customers of three hidden kinds.

# %% tags=["recipe"]
import os
import tempfile

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.compose import ColumnTransformer
from sklearn.metrics import pairwise_distances, pairwise_distances_argmin, silhouette_score
from sklearn.preprocessing import OneHotEncoder, StandardScaler

# ---- settings: adapt to your table ----
KEY = "customer_id"            # column with one unique id per row (None: the table's index)
NUMERIC = ["age", "income"]    # numeric inputs: standardised to mean 0, sd 1
CATEGORICAL = ["plan", "channel"]  # category inputs: one 0/1 column per level
# Leave out of the inputs what you want to explain afterwards (outcomes such as
# charges) and sensitive attributes (sex, ethnicity, ...); they can still be profiled.
PROFILE_ONLY = []              # extra columns shown in the profile, not used to cluster
K_RANGE = range(2, 9)          # numbers of segments compared
K = None                       # force a number of segments (None: the largest gap decides)
TIE_TOLERANCE = 0.2            # warn when another k's gap is within 20 % of the largest
WEAK_SILHOUETTE = 0.5          # below: weak structure, maybe artificial (Kaufman & Rousseeuw)
MIN_SEGMENT_SHARE = 0.01       # warn about segments with less than 1 % of the rows
MIN_ROWS = 30                  # fewer rows cannot support segments
MAX_LEVELS = 30                # a category column with more levels is an id or free text
MAX_TREE_ROWS = 5_000          # above this, the tree is built on a seeded sample (memory ~ rows²)
SILHOUETTE_SAMPLE = 2_000      # silhouettes on a seeded sample of at most this many rows
RANDOM_STATE = 42              # seed of every sample
OUTPUT_CSV = None              # e.g. "segments.csv": save the row -> segment table


def check_table(table):
    """Stop with a clear message on anything the clustering cannot use."""
    if not isinstance(table, pd.DataFrame):
        raise ValueError(f"table must be a pandas DataFrame, got {type(table).__name__}")
    inputs = NUMERIC + CATEGORICAL
    if not inputs:
        raise ValueError("NUMERIC and CATEGORICAL are both empty: name the columns to cluster on")
    wanted = inputs + PROFILE_ONLY + ([KEY] if KEY is not None else [])
    missing = [column for column in wanted if column not in table.columns]
    if missing:
        raise ValueError(f"columns {missing} are not in the table (it has {list(table.columns)}): "
                         "fix KEY, NUMERIC, CATEGORICAL or PROFILE_ONLY")
    if KEY is not None and KEY in inputs:
        raise ValueError(f"KEY {KEY!r} is also an input: an id cannot define segments; remove it "
                         "from NUMERIC / CATEGORICAL")
    for column in NUMERIC:
        if not pd.api.types.is_numeric_dtype(table[column]) or pd.api.types.is_bool_dtype(table[column]):
            example = table[column].dropna().iloc[:1].tolist()
            raise ValueError(f"column {column!r} is in NUMERIC but is not numeric (dtype "
                             f"{table[column].dtype}, e.g. {example}): convert it with "
                             "pd.to_numeric, or move it to CATEGORICAL")
    for column in CATEGORICAL:
        levels = table[column].nunique()
        if levels > MAX_LEVELS:
            raise ValueError(f"column {column!r} in CATEGORICAL has {levels} levels (more than "
                             f"MAX_LEVELS = {MAX_LEVELS}): an id or free text cannot define "
                             "segments; drop it, or group its levels first")
    values = table[inputs]
    bad = values.isna().sum()
    for column in NUMERIC:
        bad[column] += int(np.isinf(values[column].to_numpy(dtype=float)).sum())
    bad = bad[bad > 0]
    if len(bad):
        counts = ", ".join(f"{column}: {n} rows" for column, n in bad.items())
        raise ValueError(f"missing or infinite values ({counts}): fill them (median, or a "
                         "'missing' level) or drop those rows, then run again")
    keys = table[KEY] if KEY is not None else table.index.to_series()
    if keys.isna().any():
        raise ValueError(f"{KEY or 'the index'} has missing ids: give every row an id")
    if keys.duplicated().any():
        repeated = keys[keys.duplicated()].unique()[:5].tolist()
        raise ValueError(f"{KEY or 'the index'} has {keys.duplicated().sum()} duplicated ids "
                         f"(e.g. {repeated}): keep one row per customer (drop exact copies, "
                         "resolve conflicting ones), then run again")
    if len(table) < max(MIN_ROWS, max(K_RANGE) + 1):
        raise ValueError(f"only {len(table)} rows: at least {max(MIN_ROWS, max(K_RANGE) + 1)} "
                         "are needed to compare the numbers of segments in K_RANGE")
    if min(K_RANGE) < 2:
        raise ValueError(f"K_RANGE must start at 2 or more, got {min(K_RANGE)}")
    if K is not None and K not in K_RANGE:
        raise ValueError(f"K = {K} is outside K_RANGE ({min(K_RANGE)}..{max(K_RANGE)}): "
                         "choose a K inside it or widen K_RANGE")


def encode(table):
    """One 0/1 column per category level, numeric columns standardised (say so)."""
    encoder = ColumnTransformer(
        [("numbers", StandardScaler(), NUMERIC),
         ("categories", OneHotEncoder(drop="if_binary", sparse_output=False), CATEGORICAL)])
    X = encoder.fit_transform(table[NUMERIC + CATEGORICAL]).astype(float)
    if NUMERIC:
        spread = table[NUMERIC].std()
        print(f"Scaling: the numeric columns were standardised (mean 0, sd 1); their "
              f"standard deviations ran from {spread.min():.3g} ({spread.idxmin()}) to "
              f"{spread.max():.3g} ({spread.idxmax()}).")
        if spread.min() > 0 and spread.max() / spread.min() > 10:
            print(f"  Unscaled, {spread.idxmax()} would have dominated every distance.")
        for column in spread[spread == 0].index:
            print(f"Warning: column {column!r} is constant: it cannot separate anyone; drop it.")
    if CATEGORICAL:
        print("Categories: one 0/1 column per level (two-level columns: one column), not scaled.")
    return X


def build_tree(X):
    """Ward tree on every row, or on a seeded sample when there are too many rows."""
    rows = np.arange(len(X))
    if len(X) > MAX_TREE_ROWS:
        rows = np.sort(np.random.default_rng(RANDOM_STATE).choice(len(X), MAX_TREE_ROWS,
                                                                   replace=False))
        print(f"Note: {len(X):,} rows: the tree is built on a seeded sample of "
              f"{MAX_TREE_ROWS:,} (its memory grows with the square of the rows); each "
              "other row joins the segment with the nearest centre.")
    return rows, linkage(X[rows], method="ward")


def gap_table(Z, X_tree):
    """For each k: the merge heights between which k clusters exist, and a silhouette."""
    heights = np.sort(Z[:, 2])
    n = len(heights) + 1
    pick = np.arange(n)
    if n > SILHOUETTE_SAMPLE:
        pick = np.random.default_rng(RANDOM_STATE).choice(n, SILHOUETTE_SAMPLE, replace=False)
    distances = pairwise_distances(X_tree[pick])
    rows = []
    for k in K_RANGE:
        labels = fcluster(Z, k, criterion="maxclust")[pick]
        score = (silhouette_score(distances, labels, metric="precomputed")
                 if len(np.unique(labels)) > 1 else np.nan)
        rows.append({"k": k, "from": heights[n - k - 1], "to": heights[n - k],
                     "gap": heights[n - k] - heights[n - k - 1], "silhouette": score})
    if n > SILHOUETTE_SAMPLE:
        print(f"Silhouettes on a seeded sample of {SILHOUETTE_SAMPLE:,} rows.")
    return pd.DataFrame(rows).set_index("k")


def choose_k(gaps):
    """The k with the largest gap (or K), with a warning for every reason to doubt it."""
    best = int(gaps["gap"].idxmax())
    k = best if K is None else K
    print("\nMerge-height gaps (a long gap = a cut that survives many merge heights):")
    print(gaps.round(3).assign(chosen=np.where(gaps.index == k, "<--", "")).to_string())
    close = gaps.index[(gaps["gap"] >= (1 - TIE_TOLERANCE) * gaps["gap"].max())
                       & (gaps.index != best)]
    if len(close):
        rivals = ", ".join(f"k = {c} ({gaps.at[c, 'gap']:.3g})" for c in close)
        print(f"Warning: close call: the largest gap, k = {best} ({gaps.at[best, 'gap']:.3g}), "
              f"is within {TIE_TOLERANCE:.0%} of {rivals}: profile those cuts too (set K) "
              "and choose the one you can use and explain.")
    if best == max(K_RANGE):
        print(f"Warning: the largest gap is at k = {best}, the upper edge of K_RANGE: widen "
              "K_RANGE and run again, the tree may support more segments.")
    score = gaps.at[k, "silhouette"]
    if score < WEAK_SILHOUETTE:
        print(f"Warning: weak structure: silhouette {score:.2f} at k = {k} (below "
              f"{WEAK_SILHOUETTE}): the segments cut a continuum rather than separate "
              "groups; use them as a convenient partition, not as natural kinds.")
    return k


def assign(X, rows, Z, k):
    """Cut the tree into k clusters; rows outside the sample join the nearest centre."""
    labels = np.empty(len(X), dtype=int)
    labels[rows] = fcluster(Z, k, criterion="maxclust")
    if len(rows) < len(X):
        centres = np.array([X[rows][labels[rows] == c].mean(axis=0) for c in range(1, k + 1)])
        rest = np.setdiff1d(np.arange(len(X)), rows)
        labels[rest] = pairwise_distances_argmin(X[rest], centres) + 1
    # number the segments by size: 1 is the largest (the numbers are only names)
    order = pd.Series(labels).value_counts().index
    return pd.Series(labels).map({old: new for new, old in enumerate(order, start=1)}).to_numpy()


def profile(table, labels):
    """Size, share, numeric means and category shares of every segment."""
    groups = table.groupby(labels)
    result = pd.DataFrame({"size": groups.size()})
    result["share"] = result["size"] / len(table)
    numeric = [c for c in NUMERIC + PROFILE_ONLY if pd.api.types.is_numeric_dtype(table[c])]
    result = result.join(groups[numeric].mean())
    for column in CATEGORICAL + [c for c in PROFILE_ONLY if c not in numeric]:
        shares = pd.crosstab(labels, table[column], normalize="index")
        result = result.join(shares.add_prefix(f"{column}="))
    result.index.name = "segment"
    small = result.index[result["share"] < MIN_SEGMENT_SHARE]
    for segment in small:
        print(f"Warning: segment {segment} holds {result.at[segment, 'size']} rows "
              f"({result.at[segment, 'share']:.1%}, under MIN_SEGMENT_SHARE = "
              f"{MIN_SEGMENT_SHARE:.0%}): look at these rows (outliers? errors?), fix or "
              "remove them, and run again.")
    return result


def save_atomically(frame, path):
    folder = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".csv")
    os.close(handle)
    try:
        frame.to_csv(temporary)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


# ---- your data: replace these lines ----
rng = np.random.default_rng(42)
kind = rng.integers(0, 3, 600)  # three hidden kinds of customer
table = pd.DataFrame({
    "customer_id": np.arange(1001, 1601),
    "age": np.array([28, 45, 62])[kind] + rng.normal(0, 4, 600),
    "income": np.array([30_000, 90_000, 50_000])[kind] * rng.lognormal(0, 0.15, 600),
    "plan": np.array(["basic", "premium", "basic"])[kind],
    "channel": rng.choice(["web", "shop"], 600),
})
# ---- end of your data ----

check_table(table)
X = encode(table)
rows, tree = build_tree(X)
gaps = gap_table(tree, X[rows])
k = choose_k(gaps)
segments = pd.DataFrame({"segment": assign(X, rows, tree, k)}, index=table.index)
if KEY is not None:
    segments.insert(0, KEY, table[KEY].to_numpy())
print(f"\n{k} segments (numbered by size; the numbers are only names):")
print(profile(table, segments["segment"].to_numpy()).round(2).to_string())
if OUTPUT_CSV:
    save_atomically(segments, OUTPUT_CSV)
    print(f"Saved the row -> segment table to {OUTPUT_CSV}")
