# ---
# jupyter:
#   course:
#     minutes: 90
#     objectives:
#     - Name the assumption each family of clustering algorithms makes, and predict
#       which one fails on a given shape
#     - Judge a clustering without labels with the silhouette, Davies-Bouldin and Calinski-Harabasz
#       scores, stability and noise share, and say where each is biased
#     - Compare many algorithms and settings in one table, and choose and defend a method
#       for a new table
#     - "Read how fit time and memory grow with the number of rows, and which methods\
#       \ hold an n \xD7 n matrix"
#     summary: Eight families of clustering algorithms and their assumptions, side by
#       side on six shapes; judging a clustering without labels (silhouette, Davies-Bouldin,
#       Calinski-Harabasz, stability, noise); a decision guide; how cost grows with
#       n
#     title: "07 \xB7 Choosing a clustering algorithm"
# ---

# %% [markdown]
# # 07 · Choosing a clustering algorithm
#
# You have met k-means, hierarchical clustering and affinity propagation one at a time.
# This notebook answers the two questions every project then asks: *which algorithm fits my
# data?* and *is this clustering any good when I have no labels?*
#
# ## Learning objectives
#
# By the end of this notebook you can:
#
# - Name the assumption each family of clustering algorithms makes, and predict which one fails on a given shape
# - Judge a clustering without labels with the silhouette, Davies-Bouldin and Calinski-Harabasz scores, stability and noise share, and say where each is biased
# - Compare many algorithms and settings in one table, and choose and defend a method for a new table
# - Read how fit time and memory grow with the number of rows, and which methods hold an n × n matrix
#
# ## Prerequisites
#
# Notebooks 02 (k-means, the adjusted Rand index), 03 (profiling clusters), 04
# (hierarchical clustering and linkages) and 05 (affinity propagation). About 90 minutes;
# the section on cost is optional reading.

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn import cluster, mixture
from sklearn.datasets import load_digits, make_blobs, make_circles, make_moons
from sklearn.decomposition import PCA
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import StandardScaler

import helpers
from helpers.checks import check
from helpers.compare import fit_models, plot_fit_grid, plot_silhouette, score_fits
from helpers.data import load_benchmark

helpers.use_style()
pd.set_option("display.precision", 2)
SEED = 42

# %% [markdown]
# ## Eight families, eight assumptions
#
# Every clustering algorithm has an idea of what a cluster *is*. When your data matches that
# idea, the algorithm works; when it does not, it still returns clusters, just wrong ones.
# Each line below is a claim you can check on the figure of the next section.
#
# | family | algorithms (scikit-learn) | a cluster is ... | you give k? | can say "noise"? |
# | --- | --- | --- | --- | --- |
# | centroid | `KMeans`, `MiniBatchKMeans` | the points nearest to one centre: round blobs of similar size, split by straight borders | yes | no |
# | connectivity | `AgglomerativeClustering` with `linkage=` `"ward"`, `"complete"`, `"average"`, `"single"` | what stays together when you merge the closest groups step by step; `single` follows chains of neighbours, `ward` makes compact blobs like k-means | yes (or a cut height) | no |
# | density | `DBSCAN`, `OPTICS`, `HDBSCAN` | a region where points are packed densely, separated by sparse gaps; any shape | no | yes (label −1) |
# | distribution | `GaussianMixture` | a bell-shaped cloud (a Gaussian), possibly stretched and tilted; each point gets a *probability* per cluster | yes (BIC helps) | no |
# | graph | `SpectralClustering` | a group of points linked by short hops in a neighbour graph; rings and moons are fine | yes | no |
# | exemplar | `AffinityPropagation` | the points that chose the same real data point as their representative | no (`preference` drives it) | no |
# | mode seeking | `MeanShift` | the points that climb to the same peak of the estimated density | no (`bandwidth` drives it) | no |
# | streaming | `Birch` | a leaf of a compact summary tree built in one pass, then grouped; meant for data that arrives in chunks | yes (or none) | no |
#
# Two words used below: a **convex** cluster has no dents (the straight line between two of
# its points stays inside it), and **noise** is a point a density method refuses to put in
# any cluster.
#
# Use `sklearn.cluster.HDBSCAN` (in scikit-learn since version 1.3), not the separate
# `hdbscan` package, whose compiled wheels often fail to build.

# %% [markdown]
# ## Six shapes that break the assumptions
#
# Each shape has 300 points and a known grouping (the *truth*), so you can grade every
# method with the adjusted Rand index (ARI: 1 = the true groups, about 0 = chance). The last
# shape is uniform noise: **there is no cluster in it at all**, and its truth is one single
# group. Every shape is standardised first (each column to mean 0, standard deviation 1),
# so one distance setting (`eps=0.25` for DBSCAN, for instance) means the same on all of
# them.

# %%
N = 300  # points per shape: enough to see the shape, few enough for 84 quick fits
X_stretch, y_stretch = make_blobs(n_samples=N, centers=3, random_state=170)
raw = {
    "convex blobs": make_blobs(n_samples=N, centers=3, cluster_std=0.8, random_state=SEED),
    "stretched blobs": (X_stretch @ np.array([[0.6, -0.6], [-0.4, 0.8]]), y_stretch),
    "different spreads": make_blobs(n_samples=N, centers=3, cluster_std=[1.0, 2.5, 0.5],
                                    random_state=170),
    "two moons": make_moons(n_samples=N, noise=0.05, random_state=SEED),
    "rings": make_circles(n_samples=N, factor=0.5, noise=0.05, random_state=SEED),
    "uniform noise": (np.random.default_rng(SEED).uniform(size=(N, 2)), np.zeros(N, dtype=int)),
}
shapes = {name: (StandardScaler().fit_transform(X), y) for name, (X, y) in raw.items()}
# k for the methods that need one: the true number, and a guess of 3 for the noise
k_for = {"convex blobs": 3, "stretched blobs": 3, "different spreads": 3,
         "two moons": 2, "rings": 2, "uniform noise": 3}


# %% [markdown]
# The line-up: one reasonable setting per method, the same on every shape. Methods that need
# k get the true number; the others get the fixed settings written here. `fit_models` (from
# `helpers.compare`) fits each one, times the fit and keeps the labels; every estimator
# that takes a seed gets `random_state=42`. The cell fits 84 models: a few seconds here,
# but it can take tens of seconds on a laptop.

# %%
def make_models(k):
    """One setting per method; k is used by the methods that need it."""
    return {
        "k-means": cluster.KMeans(n_clusters=k, n_init=10),  # centroid; n_init: random starts, best kept
        "mini-batch k-means": cluster.MiniBatchKMeans(n_clusters=k, n_init=3),
        "ward": cluster.AgglomerativeClustering(n_clusters=k, linkage="ward"),  # connectivity
        "complete": cluster.AgglomerativeClustering(n_clusters=k, linkage="complete"),
        "average": cluster.AgglomerativeClustering(n_clusters=k, linkage="average"),
        "single": cluster.AgglomerativeClustering(n_clusters=k, linkage="single"),
        "DBSCAN": cluster.DBSCAN(eps=0.25, min_samples=5),                      # density
        "OPTICS": cluster.OPTICS(min_samples=10, xi=0.1, min_cluster_size=0.1,
                                 algorithm="brute"),  # brute force: fastest on 300 points
        "HDBSCAN": cluster.HDBSCAN(min_cluster_size=15, copy=True),
        "Gaussian mixture": mixture.GaussianMixture(n_components=k),            # distribution
        "spectral": cluster.SpectralClustering(n_clusters=k, affinity="nearest_neighbors",
                                               n_neighbors=10),                 # graph
        "affinity propagation": cluster.AffinityPropagation(damping=0.9, preference=-50),
        "mean shift": cluster.MeanShift(bin_seeding=True),  # mode seeking; start from a coarse grid (faster)
        "BIRCH": cluster.Birch(n_clusters=k, threshold=0.3),                    # streaming
    }


fits = {name: fit_models(X, make_models(k_for[name])) for name, (X, _) in shapes.items()}
fig = plot_fit_grid(shapes, fits, title="14 methods on six shapes (first row: the truth)")

# %% [markdown]
# How to read it: one column per shape, one row per method, the truth on top. A cluster takes
# the colour of the true group it overlaps most, so a perfect fit looks exactly like the top
# row; extra clusters get new colours and grey crosses are noise. The line under each panel
# gives the ARI and the fit time (times vary from run to run and machine to machine; only
# their order of magnitude matters).
#
# The same ARIs as a table, rows = methods, columns = shapes:

# %%
ari = pd.DataFrame({shape: {f.name: adjusted_rand_score(shapes[shape][1], f.labels)
                            for f in fits[shape]} for shape in shapes})
ari.round(2) + 0.0  # + 0.0 turns a rounded -0.00 into 0.00

# %% [markdown]
# What to notice, column by column:
#
# - **Convex blobs**: almost everyone is right. Easy data does not tell methods apart.
# - **Stretched blobs**: the methods that measure plain distance to a centre (k-means, ward,
#   BIRCH, mean shift) cut across the stretched groups. The Gaussian mixture, whose clusters
#   may be tilted ellipses, recovers them.
# - **Different spreads**: a border halfway between two centres gives the wide blob's
#   outer points to its compact neighbours; single linkage chains almost everything into
#   one group.
# - **Two moons** and **rings**: the methods that follow chains of neighbours get them
#   right: single linkage and spectral on both, DBSCAN on the moons (on the rings its
#   `eps` is too small for the sparser outer ring: exercise 1). Every centroid or Gaussian
#   method cuts a straight line.
# - **Uniform noise**: an ARI of 1 here means "one group", the right answer; 0 means the
#   method cut the square into pieces that do not exist. The next table says what each
#   method claimed.

# %%
best_density = ari.loc[["DBSCAN", "OPTICS", "HDBSCAN"], "two moons"]
print("best density method on the moons:", best_density.idxmax(),
      f"ARI {best_density.max():.2f}")

# %% [markdown]
# ### What each method claims on data with no clusters
#
# `score_fits` turns the fits into one table (one row per method): the clusters found, the
# share of points labelled noise, and scores you will meet in the next section.

# %%
X_noise, y_noise = shapes["uniform noise"]
on_noise = score_fits(X_noise, fits["uniform noise"], n_bootstrap=0)
on_noise[["clusters", "noise_share", "silhouette"]].round(2)

# %% [markdown]
# Every method that takes k returns exactly k clusters, because that is what you asked for:
# **k-means never says "there is nothing here"**. The density methods and mean shift decide
# for themselves. Some notice the lack of structure (one cluster, or a large share of noise);
# others still find small clumps that chance always produces. A clustering is a claim about
# the data, and on this shape most of the claims are false. Keep that in mind for real
# tables, where nobody shows you the truth.

# %% [markdown]
# ## Gaussian mixtures: choosing the number and shape with BIC, and soft assignments
#
# A Gaussian mixture describes the data as a sum of bell-shaped clouds. `covariance_type`
# sets how free each cloud's shape is: `"spherical"` (round, one spread each), `"diag"`
# (stretched along the axes only), `"tied"` (all clouds share one tilted shape) or `"full"`
# (each its own tilted ellipse). The **BIC** (Bayesian information criterion) rewards a good
# fit and penalises extra parameters; **lower is better**. Fit every combination on the
# stretched blobs and keep the lowest:

# %%
X_st = shapes["stretched blobs"][0]
components = range(1, 7)
bic = pd.DataFrame(
    {cov: [mixture.GaussianMixture(n_components=k, covariance_type=cov, random_state=SEED)
           .fit(X_st).bic(X_st) for k in components]
     for cov in ["spherical", "diag", "tied", "full"]},
    index=pd.Index(components, name="n_components"))
best_cov = bic.min().idxmin()
best_k = int(bic[best_cov].idxmin())
print(f"lowest BIC: covariance_type={best_cov!r}, n_components={best_k}")

fig, ax = plt.subplots(figsize=(6.5, 3.8))
for cov in bic.columns:
    ax.plot(bic.index, bic[cov], marker="o", label=cov)
ax.scatter([best_k], [bic.loc[best_k, best_cov]], s=200, facecolor="none", edgecolor="red",
           linewidth=2, zorder=3, label="lowest BIC")
ax.set(xlabel="n_components", ylabel="BIC (lower is better)",
       title="Gaussian mixtures on the stretched blobs")
legend = ax.legend(title="covariance_type")

# %% [markdown]
# The tilted shapes (`"tied"` and `"full"`) fit far better than the round or axis-aligned
# ones, and their curves bottom out at the number of stretched groups. Unlike k-means, a
# mixture also says how sure it is: `predict_proba` gives each point a probability per
# component (a **soft assignment**). The stretched groups are well apart, so look at the
# shape where groups touch, the different spreads:

# %%
X_sp = shapes["different spreads"][0]
gmm = mixture.GaussianMixture(n_components=3, covariance_type="full", random_state=SEED).fit(X_sp)
proba = gmm.predict_proba(X_sp)
unsure = proba.max(axis=1) < 0.9
print(f"points with no component above 0.9: {unsure.sum()} of {len(X_sp)}")
print("probabilities of the first unsure point:", proba[unsure][0].round(2))

fig, ax = plt.subplots(figsize=(5.5, 4.2), layout="constrained")
dots = ax.scatter(X_sp[:, 0], X_sp[:, 1], c=proba.max(axis=1), cmap="viridis", s=14,
                  vmin=0.5, vmax=1)
fig.colorbar(dots, ax=ax, label="top probability")
ax.scatter(X_sp[unsure, 0], X_sp[unsure, 1], s=70, facecolor="none", edgecolor="red",
           label="top probability < 0.9")
ax.set(title="Soft assignments: colour = top probability", xlabel="feature 1",
       ylabel="feature 2")
legend = ax.legend(loc="upper right", fontsize="small")

# %% [markdown]
# The unsure points (ringed) sit where the wide group meets a compact one. A hard label would hide
# that doubt; with probabilities you can, for instance, send only the confident customers a
# segment-specific offer.

# %% [markdown]
# ## Judging a clustering without labels
#
# On real data there is no truth row. Three **internal scores** grade a partition from the
# data alone:
#
# - **Silhouette** (−1 to 1, higher is better): for each point, a = mean distance to its own
#   cluster, b = mean distance to the nearest other cluster, s = (b − a) / max(a, b).
#   A **negative** silhouette means the point is, on average, closer to another cluster than
#   to its own. The score is the mean over points.
# - **Davies-Bouldin** (0 and up, **lower** is better): for each cluster, the worst ratio of
#   (spread of the two clusters) to (distance between their centres), averaged.
# - **Calinski-Harabasz** (0 and up, higher is better): spread between cluster centres
#   divided by spread within clusters, corrected for the number of clusters.
#
# All three measure compactness around a centre and separation between centres, so **all
# three favour convex blobs**. Score the fits on the two moons, where you know the right
# answer. The table also has a `stability` column, explained just after it (1 = the method
# finds the same clusters when refitted on resampled rows):

# %%
X_moons, y_moons = shapes["two moons"]
contenders = ["k-means", "ward", "Gaussian mixture", "single", "spectral", "DBSCAN", "HDBSCAN"]
moon_fits = [f for f in fits["two moons"] if f.name in contenders]
moon_scores = score_fits(X_moons, moon_fits, labels_true=y_moons, n_bootstrap=5)
moon_scores[["clusters", "noise_share", "silhouette", "davies_bouldin",
             "calinski_harabasz", "stability", "ari"]].round(2)

# %% [markdown]
# Read the columns against the ARI. The three internal scores rank k-means (and its
# centroid-like cousins) above the methods that recover the moons: a straight cut makes two
# compact halves, while each moon is long and curved, so its points are far from their own
# cluster's centre. Ward's low stability has its own cause: the moons hold no pair of compact
# groups, so which groups ward merges last depends on the rows a resample draws, and its two
# clusters change from one resample to the next. The silhouette plots show why, point by point (one bar per point, sorted
# within each cluster; the dashed line is the mean):

# %%
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4), sharex=True, layout="constrained")
by_name = {f.name: f for f in fits["two moons"]}
plot_silhouette(X_moons, by_name["k-means"].labels, ax=left, title="k-means (k=2) on the moons")
right = plot_silhouette(X_moons, by_name["DBSCAN"].labels, ax=right,
                        title="DBSCAN on the moons (the true moons)")

# %% [markdown]
# k-means has hardly any negative bar: each half of its straight cut is compact. DBSCAN's true moons
# have a tail of negative silhouettes: the tips of each moon lie closer, on average, to the
# other moon than to the far end of their own. A negative value flags a point that sits
# nearer another cluster, and here that is a property of the shape, not an error. **Never
# pick a method on internal scores alone when clusters may be curved.**
#
# Two more checks do not assume convex clusters:
#
# - **Stability** (`stability` column): refit the same method on bootstrap samples (rows
#   drawn at random with replacement) and compare each refit with the original on the rows
#   they share, with the ARI; 1 means the method finds the same clusters every time. A
#   clustering that changes when you resample a few rows is not a finding.
# - **Noise share**: density methods leave out what they cannot place, and the internal
#   scores are computed on the points they kept. A high silhouette bought by calling half
#   the data noise is no bargain: read it together with `noise_share`.
#
# Stability is necessary, not sufficient. Run it on the uniform noise:

# %%
noise_check = [f for f in fits["uniform noise"] if f.name in ["k-means", "Gaussian mixture", "HDBSCAN"]]
score_fits(X_noise, noise_check, n_bootstrap=5)[
    ["clusters", "noise_share", "silhouette", "stability"]].round(2)

# %% [markdown]
# Compare with the moons table. The silhouettes on pure noise are not much lower (HDBSCAN's
# is even higher), so a "decent" silhouette proves little. But k-means' and the mixture's refits agree much less
# than on the moons, and HDBSCAN calls most points noise and its refits hardly agree at all:
# the stability and the noise share give the game away. The habit that
# catches what scores miss is the one from notebook 03: **profile the clusters** (size, mean
# of each feature, a few typical rows) and ask whether a person who knows the data would
# recognise them.

# %% [markdown]
# ## A real table where methods disagree: handwritten digits
#
# `load_digits` ships with scikit-learn: 1 797 images of handwritten digits, 8 × 8 pixels,
# so 64 columns of grey levels from 0 to 16. All columns share one unit, so they are not
# standardised; PCA (principal component analysis, notebook 03) first keeps the 20
# directions of largest variance, which makes the fits faster and the distances less noisy.
# Pretend for a moment that you do not know which digit each image shows.
#
# `compare_models` in `helpers.compare` fits and scores a set of models in one call: the idea
# of PyCaret's `compare_models`, rebuilt in plain scikit-learn. (PyCaret itself cannot be
# installed next to NumPy 2 today, which this course requires.)

# %%
digits = load_digits()
X_digits = PCA(n_components=20, random_state=SEED).fit_transform(digits.data)
digit_models = {
    "k-means": cluster.KMeans(n_clusters=10, n_init=4),
    "ward": cluster.AgglomerativeClustering(n_clusters=10),
    "Gaussian mixture": mixture.GaussianMixture(n_components=10, covariance_type="diag"),
    "HDBSCAN": cluster.HDBSCAN(min_cluster_size=20, copy=True),
}
digit_fits = fit_models(X_digits, digit_models)
digit_table = score_fits(X_digits, digit_fits, n_bootstrap=2)
digit_table[["clusters", "noise_share", "silhouette", "davies_bouldin",
             "calinski_harabasz", "stability"]].round(2)

# %% [markdown]
# The methods disagree, and so do the scores. HDBSCAN wins all three internal scores, but
# only on the images it kept: it calls a large share of them noise. Among the methods that
# place every image, the internal scores are close to each other, and the stability column
# separates them more clearly than the silhouette does.
#
# A defensible choice depends on the job. To sort *every* image into ten groups, take a
# method that places every point and is stable across resamples: here k-means and ward are
# close on every column (ward needs no random start, so profile it first); the mixture's
# refits agree less. To find the *clean, typical* examples of each shape and set the rest
# aside, HDBSCAN's noise label is a feature. Now profile the choice: the mean image of each
# cluster is its portrait.

# %%
chosen = {f.name: f for f in digit_fits}["ward"]
fig, axes = plt.subplots(1, 10, figsize=(10, 1.6), layout="constrained")
for ax, c in zip(axes, range(10)):
    ax.imshow(digits.data[chosen.labels == c].mean(axis=0).reshape(8, 8), cmap="gray_r")
    ax.set_title(f"{c}: {np.sum(chosen.labels == c)}", fontsize=9)
    ax.set_axis_off()
title = fig.suptitle("Ward's ten clusters: mean image (title: cluster and size)")

# %% [markdown]
# Most portraits are recognisable digits, which is the profiling check passing. The
# largest cluster looks like a 3 and a 9 drawn on top of each other (they share their
# right-hand strokes), and two portraits look like 1s: that is where this clustering and
# the real digits part ways. Only now peek at the truth: the ARI
# of each method against the real digits.

# %%
pd.Series({f.name: adjusted_rand_score(digits.target, f.labels) for f in digit_fits},
          name="ARI vs the true digits").round(2)

# %% [markdown]
# The ranking by ARI is not the ranking by silhouette. On real data you will not have this
# last table, which is why you judge with several scores, stability, noise share *and*
# profiles, and then defend your choice in words.

# %% [markdown]
# ## A decision guide
#
# Ask five questions about your table, in this order:
#
# | question | if yes | if no |
# | --- | --- | --- |
# | 1. More than ~10 000 rows? | avoid methods holding n × n matrices (affinity propagation, agglomerative, spectral with dense affinity); use k-means / mini-batch k-means, BIRCH, DBSCAN/HDBSCAN, Gaussian mixture, or fit on a sample and assign the rest | anything is affordable |
# | 2. Clusters possibly curved, nested or chained? | density (HDBSCAN, DBSCAN) or graph (spectral) methods, or single linkage | go on |
# | 3. Noise or outliers that belong to no group? | density methods (HDBSCAN first: it needs no `eps`) | go on |
# | 4. Do you need probabilities, or tilted / stretched groups? | Gaussian mixture, BIC over `n_components` and `covariance_type` | go on |
# | 5. Do you know k, or must k be stated to the business? | k-means (or ward) with k from the silhouette, the elbow of the inertia curve (notebook 02) and the profiles | HDBSCAN, affinity propagation, or mean shift find their own number |
#
# Then check the choice with the tools of the previous section. Applied to the six shapes (the
# answers are what you know from looking at them), the guide picks:

# %%
guide = pd.DataFrame(
    [("convex blobs", "no", "no", "no", "no", "k-means"),
     ("stretched blobs", "no", "no", "no", "yes", "Gaussian mixture"),
     ("different spreads", "no", "no", "no", "yes", "Gaussian mixture"),
     ("two moons", "no", "yes", "no", "no", "HDBSCAN"),
     ("rings", "no", "yes", "no", "no", "HDBSCAN"),
     ("uniform noise", "no", "no", "yes", "no", "HDBSCAN")],
    columns=["shape", "large", "curved", "noise", "stretched or probabilities", "guide picks"],
).set_index("shape")
guide["ARI of the pick"] = [ari.loc[pick, shape] for shape, pick in guide["guide picks"].items()]
guide["best ARI in the grid"] = ari.max()
guide["rank of the pick"] = [int(ari[shape].rank(ascending=False, method="min")[pick])
                             for shape, pick in guide["guide picks"].items()]
guide

# %% [markdown]
# The guide's pick is at or near the top on the convex, stretched, different-spread and moon
# shapes. On the rings HDBSCAN is the guide's pick but not the best: the inner ring is denser
# than the outer one, so one density threshold fits only one of them; spectral clustering
# or single linkage does better there. That is the point of a guide: it gives a first choice,
# and the checks decide. On the uniform noise HDBSCAN still reports three small clumps, but
# it calls most points noise, a warning you can read without any labels (OPTICS, with its
# settings here, even returned one single cluster).

# %% [markdown]
# ## How cost grows with the number of rows (optional reading)
#
# Skip to the exercises if time is short. The grid used 300 points per shape. Real tables have thousands or millions of rows, and
# methods differ enormously in how their cost grows. The course keeps a benchmark:
# `make bench-algorithms` fits each method on 500, 1 000, 2 000, ... points (five blobs, one
# thread) and records the fit time and the peak extra memory in
# `benchmarks/algorithms.csv`. It takes minutes, so the notebook only reads the committed
# result:

# %%
bench = load_benchmark("algorithms")  # benchmarks/algorithms.csv, kept with the course
print(bench.groupby("method")["n"].max().rename("largest n measured").to_string())

# %%
fig, (ax_time, ax_mem) = plt.subplots(1, 2, figsize=(12, 5), layout="constrained")
quadratic = {"agglomerative (ward)", "affinity propagation"}
for i, (method, rows) in enumerate(bench.groupby("method", sort=False)):
    style = {"linewidth": 2.6 if method in quadratic else 1.2,
             "linestyle": "-" if method in quadratic else "--",
             "color": helpers.plotting.cluster_colors(20)[i], "marker": "o", "markersize": 3}
    ax_time.plot(rows["n"], rows["fit_seconds"], label=method, **style)
    ax_mem.plot(rows["n"], rows["peak_mib"].clip(lower=0.1), label=method, **style)
n = np.array([500, 64_000])
ax_mem.plot(n, 8 * n**2 / 2**20, color="black", linewidth=1, linestyle=":",
            label="one n × n float64 matrix")
for ax, what in [(ax_time, "fit time (s)"), (ax_mem, "peak extra memory (MiB)")]:
    ax.set(xscale="log", yscale="log", xlabel="rows n", ylabel=what)
ax_time.set_title("Fit time against n (log-log)")
ax_mem.set_title("Peak memory against n (log-log)")
legend = ax_mem.legend(loc="upper left", fontsize="small", ncols=2,
                       title="legend for both panels")

# %% [markdown]
# On a log-log plot a cost that grows like n^p is a straight line of slope p. The thick
# lines are the two methods that hold n × n matrices: ward's memory sits on the dotted line
# of one such matrix, and affinity propagation, which keeps several, lies above it. Both
# have slope 2 (double the rows, four times the memory), so the benchmark stops them early:
# avoid them above a few thousand rows, or run them on a sample. k-means, mini-batch
# k-means, BIRCH and the Gaussian mixture stay nearly flat in memory; DBSCAN's memory grows
# with the neighbours each point has within `eps`. In time, OPTICS and mean shift are slow
# long before memory matters. The machine was busy, so read the slopes, not the seconds.

# %% [markdown]
# ## Exercises
#
# ### Exercise 1 · Tune DBSCAN on the rings
#
# DBSCAN with `eps=0.25` splits the outer ring of the standardised `rings` shape
# (`shapes["rings"]`). Keep `min_samples=5` and try `eps` from 0.15 to 0.50 in steps of
# 0.05 (`np.arange(0.15, 0.51, 0.05)`). What is the **smallest** `eps` for which DBSCAN
# reaches an ARI of at least 0.99 against the true rings?
#
# Store your answer in `smallest_eps` (a number, two decimals).

# %% tags=["solution"]
X_rings, y_rings = shapes["rings"]
ring_ari = {}
for eps in np.arange(0.15, 0.51, 0.05):
    labels = cluster.DBSCAN(eps=eps, min_samples=5).fit_predict(X_rings)
    ring_ari[round(eps, 2)] = adjusted_rand_score(y_rings, labels)
    print(f"eps={eps:.2f}: {len(set(labels) - {-1})} clusters, "
          f"noise {np.mean(labels == -1):.2f}, ARI {ring_ari[round(eps, 2)]:.2f}")
smallest_eps = min(eps for eps, score in ring_ari.items() if score >= 0.99)

# %% tags=["check"]
check("07.1", smallest_eps)

# %% [markdown] tags=["solution"]
# Below that `eps` the sparser outer ring breaks into pieces; from it on, each ring is one
# chain of neighbours, until `eps` reaches across the gap and merges the two rings into
# one cluster at the top of the range.

# %% [markdown]
# ### Exercise 2 · What does BIC say about data with no clusters?
#
# Fit `GaussianMixture(n_components=k, covariance_type="diag", random_state=SEED)` for
# k = 1 to 8 on the uniform noise `X_noise`, and compute each fit's BIC on `X_noise`. Which
# k does BIC choose?
#
# Store your answer in `bic_k` (an integer).

# %% tags=["solution"]
noise_bic = pd.Series({k: mixture.GaussianMixture(n_components=k, covariance_type="diag",
                                                  random_state=SEED).fit(X_noise).bic(X_noise)
                       for k in range(1, 9)}, name="BIC")
print(noise_bic.round(1).to_string())
bic_k = int(noise_bic.idxmin())

# %% tags=["check"]
check("07.2", bic_k)

# %% [markdown] tags=["solution"]
# BIC chooses more than one component although there is no cluster: a flat square is not a
# bell, and several Gaussians describe it better than one. BIC picks the best *density
# model*, not the number of real groups; read a mixture's components as clusters only when
# the profiles and the stability agree.

# %% [markdown]
# ### Exercise 3 · Count the points in the wrong cluster, by silhouette
#
# In the silhouette plot of DBSCAN on the moons, some bars are negative. Compute the
# per-sample silhouettes of the standardised moons `X_moons` with DBSCAN's labels
# (`by_name["DBSCAN"].labels`) using `sklearn.metrics.silhouette_samples` and count the points with a negative value. (DBSCAN
# labelled no moon point as noise here, so you can use all points.)
#
# Store your answer in `n_negative` (an integer).

# %% tags=["solution"]
from sklearn.metrics import silhouette_samples

moon_silhouettes = silhouette_samples(X_moons, by_name["DBSCAN"].labels)
n_negative = int(np.sum(moon_silhouettes < 0))
print(f"{n_negative} of {len(X_moons)} points have a negative silhouette")

# %% tags=["check"]
check("07.3", n_negative)

# %% [markdown] tags=["solution"]
# Those points are the tips of the moons: their own moon is long, so its far end pulls their
# mean distance up. Here every one of them is in the right cluster, so a negative silhouette
# is a reason to look, not proof of an error.

# %% [markdown]
# ## Key takeaways
#
# - Every algorithm assumes what a cluster is (near a centre, dense, bell-shaped, linked by
#   neighbours, ...); on data that breaks the assumption it still returns clusters, wrong ones.
# - Methods that take k always return k clusters, even on pure noise; only some density
#   methods can answer "there is nothing here" or "this point is noise".
# - Silhouette, Davies-Bouldin and Calinski-Harabasz reward compact, convex clusters: they
#   prefer a straight cut to the true moons. Read them with stability, noise share and
#   profiles, never alone.
# - BIC chooses a Gaussian mixture's number and shape of components, and `predict_proba`
#   shows which points are in doubt; but, like k-means, it finds components in noise too.
# - Agglomerative clustering and affinity propagation hold an n × n matrix: memory grows
#   like n²; above tens of thousands of rows use k-means, mini-batch k-means, BIRCH, a
#   mixture or HDBSCAN, or cluster a sample.
#
# ## Going further
#
# - scikit-learn, overview of clustering methods (the table of use cases and scalability): <https://scikit-learn.org/stable/modules/clustering.html>
# - scikit-learn, comparing clustering algorithms on toy datasets: <https://scikit-learn.org/stable/auto_examples/cluster/plot_cluster_comparison.html>
# - scikit-learn, clustering performance evaluation (silhouette, Davies-Bouldin, Calinski-Harabasz, ARI): <https://scikit-learn.org/stable/modules/clustering.html#clustering-performance-evaluation>
# - scikit-learn, `HDBSCAN`: <https://scikit-learn.org/stable/modules/generated/sklearn.cluster.HDBSCAN.html>
# - scikit-learn, Gaussian mixture model selection with BIC: <https://scikit-learn.org/stable/auto_examples/mixture/plot_gmm_selection.html>
# - scikit-learn, silhouette analysis: <https://scikit-learn.org/stable/auto_examples/cluster/plot_kmeans_silhouette_analysis.html>
#
# ## Recipe
#
# Compare the main algorithms on your own numeric table and get a reasoned first choice:
# k-means, a Gaussian mixture and ward over a range of k, and HDBSCAN, scored on a seeded
# sample with the silhouette, Davies-Bouldin, Calinski-Harabasz, noise share and stability.
# It prints the whole table, warnings that say what to check, and its choice with the reason,
# and leaves one segment per row in `segments`. Replace the demo table between the marked
# lines with your own.

# %% tags=["recipe"]
import re

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.cluster import HDBSCAN, KMeans
from sklearn.metrics import (adjusted_rand_score, calinski_harabasz_score,
                             davies_bouldin_score, silhouette_score)
from sklearn.mixture import GaussianMixture
from sklearn.neighbors import KNeighborsClassifier

K_RANGE = range(2, 9)        # k tried by k-means, the Gaussian mixture and ward
COMPARE_ROWS = 5_000         # methods are compared on a seeded sample of at most this many rows
MAX_QUADRATIC_ROWS = 4_000   # ward holds n(n-1)/2 distances: skipped above this many compared rows
SILHOUETTE_SAMPLE = 2_000    # silhouettes on more rows use a seeded sample of this size
N_BOOTSTRAP = 3              # bootstrap refits that measure each method's stability
TIE_TOLERANCE = 0.02         # silhouettes this close to the best are near-ties
MIN_SEGMENT_SHARE = 0.01     # warn about segments smaller than this share of the rows
MAX_NOISE_SHARE = 0.20       # a method leaving more rows as noise is not a first choice
MIN_STABILITY = 0.80         # nor one whose bootstrap refits agree less than this (ARI)
NULL_MARGIN = 0.10           # the best silhouette must beat structureless data by this much
SCALE_RATIO = 10.0           # spreads differing more than this: "very different scales"
STANDARDISE = True           # set False only if all columns share one unit and scale
MIN_ROWS = 30                # fewer rows cannot support a comparison
MAX_SPAN = 100.0             # a column whose largest size is this many times its median: mixed units?
ID_DISTINCT = 0.95           # an integer column this distinct (share of rows) looks like an identifier
RECIPE_SEED = 42


def check_table(table):
    """Stop with a clear message on input the comparison cannot use."""
    if not isinstance(table, pd.DataFrame):
        raise ValueError("table must be a pandas DataFrame (one row per item, numeric columns)")
    flags = [c for c in table.columns if pd.api.types.is_bool_dtype(table[c])]
    if flags:
        raise ValueError(f"true/false columns {flags}: turn them into 0/1 first, "
                         f"e.g. table[{flags[0]!r}] = table[{flags[0]!r}].astype(int)")
    text = [c for c in table.columns if not pd.api.types.is_numeric_dtype(table[c])]
    if text:
        raise ValueError(f"non-numeric columns {text}: one-hot encode them or drop them first")
    if table.index.has_duplicates:
        dup = table.index[table.index.duplicated()].unique()[:5].tolist()
        raise ValueError(f"duplicate row keys, e.g. {dup}: make the index unique first")
    if table.isna().any().any():
        bad = table.columns[table.isna().any()].tolist()
        n_bad = int(table.isna().any(axis=1).sum())
        raise ValueError(f"missing values in {bad} ({n_bad} of {len(table)} rows): "
                         "drop or impute those rows first")
    if not np.isfinite(table.to_numpy(dtype=float)).all():
        raise ValueError("infinite values in the table: replace them first")
    if len(table) < MIN_ROWS:
        raise ValueError(f"{len(table)} rows: at least {MIN_ROWS} are needed to compare methods")
    if table.shape[1] < 1:
        raise ValueError("the table has no columns")
    warn_columns(table)


def warn_columns(table):
    """Warn about columns that are probably not features: identifiers and mixed units."""
    for c in table.columns:
        values = table[c]
        distinct = values.nunique()
        named_id = re.search(r"(^|[^a-z])id([^a-z]|$)", str(c).lower()) or str(c).endswith("Id")
        if pd.api.types.is_integer_dtype(values) and (named_id or distinct >= ID_DISTINCT * len(values)):
            repeated = int(values.duplicated().sum())
            print(f"Warning: column {c!r} looks like an identifier ({distinct:,} distinct values "
                  f"in {len(values):,} rows): set it as the index, or drop it; an id is not a feature."
                  + (f" {repeated:,} of its values repeat: check for duplicated rows." if repeated else ""))
        size = values[values != 0].abs()
        if len(size) and size.max() / size.median() > MAX_SPAN:
            print(f"Warning: column {c!r} reaches {size.max() / size.median():,.0f}x its typical "
                  f"size ({size.max():,.3g} against a median of {size.median():,.3g}): mixed units (some rows in grams, "
                  "others in kilograms?) or extreme rows; fix them, and check the profile below "
                  "for a segment that this column alone separates.")


def scale(table):
    values = table.to_numpy(dtype=float)
    spread = values.std(axis=0)
    spread = np.where(spread > 0, spread, 1.0)
    ratio = spread.max() / spread.min()
    if ratio > SCALE_RATIO:
        print(f"Warning: column spreads differ up to {ratio:,.0f}x "
              f"({table.columns[spread.argmax()]!r} vs {table.columns[spread.argmin()]!r}); "
              + ("standardised them." if STANDARDISE else "STANDARDISE is False: the widest column will dominate."))
    if not STANDARDISE:
        return values
    print("Note: columns standardised (mean 0, standard deviation 1) before clustering.")
    return (values - values.mean(axis=0)) / spread


def ward_labels(Z, ks):
    tree = linkage(Z, method="ward")
    return {k: fcluster(tree, k, criterion="maxclust") - 1 for k in ks}


def fit_all(Z):
    """Yield (method, k, labels, refit) for every setting; refit(Z) redoes it on other rows."""
    for k in K_RANGE:
        km = lambda data, k=k: KMeans(n_clusters=k, n_init=4, random_state=RECIPE_SEED).fit(data)
        yield "k-means", k, km(Z).labels_, km
    for k in K_RANGE:
        gm = lambda data, k=k: GaussianMixture(n_components=k, random_state=RECIPE_SEED).fit(data)
        yield "Gaussian mixture", k, gm(Z).predict(Z), gm
    if len(Z) <= MAX_QUADRATIC_ROWS:
        for k, labels in ward_labels(Z, K_RANGE).items():
            yield "ward", k, labels, (lambda data, k=k: ward_labels(data, [k])[k])
    size = max(5, int(MIN_SEGMENT_SHARE * len(Z)))
    hd = lambda data: HDBSCAN(min_cluster_size=size, copy=True).fit(data)
    yield "HDBSCAN", np.nan, hd(Z).labels_, hd


def labels_of(fitted, data):
    if isinstance(fitted, np.ndarray):
        return fitted
    return fitted.labels_ if hasattr(fitted, "labels_") else fitted.predict(data)


def score_setting(Z, labels, rng_seed):
    kept = labels != -1
    found = len(np.unique(labels[kept]))
    row = {"clusters": found, "noise_share": float(np.mean(~kept)),
           "smallest_share": (np.bincount(labels[kept]).min() / len(labels)) if found else 0.0}
    if 2 <= found < kept.sum():
        sample = SILHOUETTE_SAMPLE if kept.sum() > SILHOUETTE_SAMPLE else None
        row["silhouette"] = silhouette_score(Z[kept], labels[kept], sample_size=sample,
                                             random_state=rng_seed)
        row["davies_bouldin"] = davies_bouldin_score(Z[kept], labels[kept])
        row["calinski_harabasz"] = calinski_harabasz_score(Z[kept], labels[kept])
    return row


def stability(refit, Z, labels):
    rng = np.random.default_rng(RECIPE_SEED)
    scores = []
    for _ in range(N_BOOTSTRAP):
        idx = rng.integers(0, len(Z), size=len(Z))
        again = labels_of(refit(Z[idx]), Z[idx])
        rows, first = np.unique(idx, return_index=True)
        scores.append(adjusted_rand_score(labels[rows], again[first]))
    return float(np.mean(scores))


def compare(table):
    check_table(table)
    Z_all = scale(table)
    rng = np.random.default_rng(RECIPE_SEED)
    sample = np.sort(rng.choice(len(Z_all), COMPARE_ROWS, replace=False)) \
        if len(Z_all) > COMPARE_ROWS else np.arange(len(Z_all))
    Z = Z_all[sample]
    if len(sample) < len(Z_all):
        print(f"Note: comparing on a seeded sample of {len(Z):,} of {len(Z_all):,} rows; "
              "the chosen method then assigns every row.")
    if len(Z) > MAX_QUADRATIC_ROWS:
        print(f"Note: ward skipped: it needs n² memory and time above {MAX_QUADRATIC_ROWS:,} rows.")
    if len(Z) > SILHOUETTE_SAMPLE:
        print(f"Note: silhouettes use a seeded sample of {SILHOUETTE_SAMPLE:,} rows.")
    rows, fitted = [], []
    for method, k, labels, refit in fit_all(Z):
        rows.append({"method": method, "k": k, **score_setting(Z, labels, RECIPE_SEED)})
        fitted.append((labels, refit))
    results = pd.DataFrame(rows)
    results["k"] = results["k"].astype("Int64")
    # stability of each method's best setting by silhouette (refitting all would be slow)
    results["stability"] = np.nan
    for _, group in results.groupby("method", sort=False):
        best = group["silhouette"].idxmax() if group["silhouette"].notna().any() else group.index[0]
        results.loc[best, "stability"] = stability(fitted[best][1], Z, fitted[best][0])
    return Z_all, sample, results, fitted


def choose(results):
    """Best silhouette among stable methods that place most rows; near-ties go to the
    method that leaves fewer rows as noise, then to the more stable one.
    Returns (best row or None, near-ties, the reason in words)."""
    eligible = results[(results["noise_share"] <= MAX_NOISE_SHARE)
                       & (results["stability"] >= MIN_STABILITY)
                       & results["silhouette"].notna()]
    if eligible.empty:
        tested = results[results["stability"].notna()]
        reasons = []
        if (tested["stability"] < MIN_STABILITY).all():
            reasons.append(f"nothing is stable (best bootstrap agreement "
                           f"{tested['stability'].max():.2f}, at least {MIN_STABILITY} needed)")
        noisy = tested[tested["noise_share"] > MAX_NOISE_SHARE]
        for _, row in noisy.iterrows():
            reasons.append(f"{row['method']} calls {row['noise_share']:.0%} of rows noise")
        if not reasons:
            reasons.append("the stable methods found fewer than two clusters")
        return None, results.iloc[:0], "; ".join(reasons)
    top = eligible["silhouette"].max()
    close = eligible[eligible["silhouette"] >= top - TIE_TOLERANCE]
    best = close.sort_values(["noise_share", "stability", "silhouette"],
                             ascending=[True, False, False]).index[0]
    row = results.loc[best]
    rank = ("the best" if row["silhouette"] == top else
            f"within {TIE_TOLERANCE} of the best ({top:.2f}) and preferred for less noise or more stability")
    why = (f"silhouette {row['silhouette']:.2f}, {rank} among the stable methods that place "
           f"most rows; noise {row['noise_share']:.0%}; stability {row['stability']:.2f} "
           f"(at least {MIN_STABILITY} needed)")
    return best, close.drop(index=best), why


def null_reference(Z, n_clusters):
    """Silhouette of k-means on uniform data filling the same box: what chance produces."""
    box = np.random.default_rng(RECIPE_SEED).uniform(Z.min(axis=0), Z.max(axis=0), size=Z.shape)
    ref_labels = KMeans(n_clusters=n_clusters, n_init=4, random_state=RECIPE_SEED).fit_predict(box)
    return silhouette_score(box, ref_labels, random_state=RECIPE_SEED,
                            sample_size=SILHOUETTE_SAMPLE if len(box) > SILHOUETTE_SAMPLE else None)


# ---- your data: replace these lines ----
rng = np.random.default_rng(RECIPE_SEED)
centres = np.array([[40.0, 2.0, 3.0], [120.0, 8.0, 6.0], [300.0, 4.0, 12.0]])
parts = [rng.normal(c, c * [0.15, 0.25, 0.2], size=(n, 3)) for c, n in zip(centres, [300, 200, 100])]
table = pd.DataFrame(np.vstack(parts), columns=["monthly_spend", "visits", "basket_items"])
# ---- end of your data ----

Z_all, sample, results, fitted = compare(table)
with pd.option_context("display.width", 120, "display.max_rows", 100):
    print(results.round(3).to_string(index=False))

best, ties, why = choose(results)
if best is None:
    print(f"\nNo usable segmentation: {why}. segments gives every row -1 (no segment); "
          "look at scatter plots and the columns before clustering this table.")
    segments = pd.DataFrame({"segment": -1}, index=table.index)
else:
    method, chosen_k = results.loc[best, "method"], results.loc[best, "k"]
    n_found = int(results.loc[best, "clusters"])
    # The chosen silhouette against chance: noise rows count as 0 (a point in no cluster),
    # so HDBSCAN's score on the rows it kept is scaled down by the share it kept.
    own = results.loc[best, "silhouette"] * (1 - results.loc[best, "noise_share"])
    reference = null_reference(Z_all[sample], max(2, n_found))
    weak = own < reference + NULL_MARGIN
    if weak:
        compare_word = "not above" if round(own, 2) <= round(reference, 2) else "barely above"
        print(f"Warning: the chosen silhouette ({own:.2f}"
              + (", noise rows counted as 0" if method == "HDBSCAN" else "")
              + f") is {compare_word} that of structureless uniform data in the same box "
              f"({reference:.2f}): the table may have no real clusters.")
    if len(ties):
        names = ", ".join(f"{m}" + ("" if m == "HDBSCAN" else f" (k={kk})")
                          for m, kk in zip(ties["method"], ties["k"]))
        print(f"Warning: near-tie within {TIE_TOLERANCE} of the best silhouette: {names}; "
              "profile them too before you decide.")
    if method != "HDBSCAN" and chosen_k in (min(K_RANGE), max(K_RANGE)):
        print(f"Warning: the best k = {chosen_k} is at the edge of K_RANGE: widen the range and run again.")

    chosen_labels, refit = fitted[best]
    if len(sample) == len(Z_all):
        segment = chosen_labels
    elif method in ("k-means", "Gaussian mixture"):
        segment = refit(Z_all[sample]).predict(Z_all)
    else:  # ward and HDBSCAN cannot predict: give each row the segment of its nearest sampled row
        segment = KNeighborsClassifier(n_neighbors=1).fit(Z_all[sample], chosen_labels).predict(Z_all)
    segments = pd.DataFrame({"segment": segment}, index=table.index)

    name = method + ("" if method == "HDBSCAN" else f" with k = {chosen_k}")
    if weak:
        print(f"\nOnly a tentative choice, not a finding: {name}: {why}. Check a scatter "
              "plot and the profiles below before you use these segments.")
    else:
        print(f"\nFirst choice: {name}: {why}.")
    if method != "HDBSCAN":
        print("If your clusters may be curved or the data noisy, compare with the HDBSCAN row.")
    else:
        print("Segment -1 holds the rows HDBSCAN calls noise.")

    shares = segments["segment"].value_counts(normalize=True)
    for seg, share in shares[shares < MIN_SEGMENT_SHARE].items():
        print(f"Warning: segment {seg} holds only {share:.1%} of the rows: check whether it is real.")
    profile = table.groupby(segments["segment"]).mean()
    profile.insert(0, "share", shares)
    profile.insert(0, "rows", segments["segment"].value_counts())
    print(profile.round(2).to_string())
