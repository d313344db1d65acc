# ---
# jupyter:
#   course:
#     minutes: 90
#     objectives:
#     - Describe the assignment and update steps of k-means and implement them in NumPy
#     - Fit scikit-learn's KMeans and explain n_init, max_iter and the k-means++ start
#     - Choose the number of clusters k with inertia and silhouette scores
#     - Evaluate clusters against known labels on a training and a test split, with
#       the adjusted Rand index and Hungarian matching
#     - Recognise data where k-means fails, and say why
#     summary: k-means from scratch in NumPy and with scikit-learn; choosing k; grading
#       clusters against labels with the ARI and Hungarian matching; where k-means fails
#     title: "02 \xB7 k-means on blobs"
# ---

# %% [markdown]
# # 02 · k-means on blobs
#
# k-means is the algorithm most people meet first: it splits points into k groups around k
# centres. You write it yourself in about twenty lines of NumPy, then use scikit-learn's
# version, choose k, grade the result against known labels, and see where it breaks.
#
# ## Learning objectives
#
# By the end of this notebook you can:
#
# - Describe the assignment and update steps of k-means and implement them in NumPy
# - Fit scikit-learn's KMeans and explain n_init, max_iter and the k-means++ start (first centroids picked far apart)
# - Choose the number of clusters k with inertia and silhouette scores
# - Evaluate clusters against known labels on a training and a test split, with the adjusted Rand index and Hungarian matching
# - Recognise data where k-means fails, and say why
#
# ## Prerequisites
#
# [01 · NumPy and sparse matrices](01_numpy_and_sparse.ipynb), in particular
# broadcasting and the point-to-centroid distances.
#
# **Estimated time:** 90 minutes.

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import polars as pl
from matplotlib.lines import Line2D
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.datasets import make_blobs, make_moons
from sklearn.metrics import adjusted_rand_score, classification_report, silhouette_samples
from sklearn.mixture import GaussianMixture
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

import helpers
from helpers.checks import check
from helpers.evaluation import label_mapping, match_labels, score_k_range
from helpers.plotting import (cluster_colors, plot_clusters, plot_confusion_matrix,
                              plot_k_selection, plot_kmeans_iterations)

helpers.use_style()
np.set_printoptions(precision=3, suppress=True)
pd.set_option("display.precision", 3)
pl.Config.set_float_precision(3)  # polars: a pandas-like data-frame library, met in Lab 1
SEED = 42

# %% [markdown]
# ## What k-means does
#
# You give k-means a table of numbers (one row per point, one column per feature) and a
# number of clusters **k**. It looks for k **centroids**, one per cluster, such that the
# **inertia**, the sum over all points of the squared distance to their nearest centroid,
# is small. It gets there by repeating two steps, an iteration scheme called **Lloyd's
# algorithm**:
#
# 1. **Assignment step**: give each point to its nearest centroid.
# 2. **Update step**: move each centroid to the mean of the points it was given.
#
# No step can raise the inertia, so the loop settles down; you stop when the
# centroids no longer move (the **stop rule**), or after a maximum number of iterations.
# It is a loop, not a single pass over the data.
#
# One warning before any code: the result is a cluster number per point, and **cluster
# numbers are arbitrary names**. Cluster 0 of one run may be cluster 2 of another run that
# found exactly the same groups. You will see below how to compare partitions without
# trusting the numbers.

# %% [markdown]
# ## k-means in NumPy
#
# The data: 300 points in two dimensions drawn around four centres ("blobs"). `make_blobs`
# also returns which centre each point came from, `y`; k-means never sees it.

# %%
X, y = make_blobs(n_samples=300, centers=4, cluster_std=0.70, random_state=SEED)
print("X:", X.shape, "| y:", y.shape, "| points per blob:", np.bincount(y))


# %% [markdown]
# The whole algorithm fits in one function. The assignment step is the broadcasting trick
# of notebook 01: `X[:, None, :] - centers[None, :, :]` has shape (n points, k, 2), and
# summing the squares over the last axis gives every point-to-centroid squared distance at
# once. The function also keeps the centroids and labels of every iteration, so you can
# watch it work.

# %%
def kmeans_numpy(X, k, *, seed=0, max_iter=100, tol=1e-6):
    """Lloyd's algorithm from k distinct random points; returns labels, centroids, history."""
    rng = np.random.default_rng(seed)
    centers = X[rng.choice(len(X), size=k, replace=False)]
    centers_history, labels_history = [centers], []
    for _ in range(max_iter):
        squared = ((X[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2)  # (n, k)
        labels = squared.argmin(axis=1)                                    # assignment
        new_centers = np.array([                                           # update
            X[labels == j].mean(axis=0) if np.any(labels == j) else centers[j]
            for j in range(k)                     # an empty cluster keeps its centroid
        ])
        shift = np.abs(new_centers - centers).max()
        centers = new_centers
        centers_history.append(centers)
        labels_history.append(labels)
        if shift < tol:                                                    # stop rule
            break
    return labels, centers, centers_history, labels_history


# %% [markdown]
# Line by line:
#
# - The `*` in the signature makes `seed`, `max_iter` and `tol` **keyword-only**: you must
#   write `seed=6`, never a bare `6`, so every call says what its numbers mean.
# - `rng.choice(len(X), size=k, replace=False)` draws k distinct row numbers, and `X[...]`
#   takes those rows as the starting centroids.
# - `squared.argmin(axis=1)` is the assignment step: for every point, the number of its
#   nearest centroid.
# - The list comprehension is the update step: for each cluster `j`, the mean of the points
#   labelled `j`. The `if ... else centers[j]` inside it keeps the old centroid when a
#   cluster has lost all its points (the mean of no points is undefined).
# - `shift` is the largest move of any centroid; when it falls below `tol` (a
#   **tolerance**, here 1e-6) the centroids have stopped moving and the loop ends.
#
# Run it with k = 4. The start is random (four distinct points of `X`); `seed=6` is a start
# chosen so that the figure below has a few iterations to show.

# %%
labels, centers, centers_history, labels_history = kmeans_numpy(X, 4, seed=6)
inertia = ((X - centers[labels]) ** 2).sum()  # centers[labels]: each point's own centroid
print(f"iterations: {len(labels_history)} | inertia: {inertia:.1f}")
print("cluster sizes:", np.bincount(labels))

# %% [markdown]
# ### The first iterations
#
# Each panel shows one iteration: the colours are the assignment, the black crosses where
# the centroids were before the update, the arrows how far the update moved them, and the
# red crosses where they landed (the legend in the first panel repeats this). A centroid
# that did not move shows only its red cross, which hides the black one.

# %%
fig = plot_kmeans_iterations(X, centers_history, labels_history, ncols=3,
                             title="k-means iterations on four blobs (NumPy version, seed=6)")

# %% [markdown]
# This start is a poor one: three of the four starting points lie in the top-middle blob
# and one in the right blob; none starts in the top-left or the bottom blob. In iteration 1
# one top-middle start captures the top-left blob and moves there, while the single
# centroid of the right blob serves both the right and the bottom blob and lands in the
# empty space between them. In iteration 4 another top-middle centroid wins the upper part
# of the right blob and jumps towards it; that frees the middle centroid, which settles on
# the bottom blob in iteration 5. Iteration 6 moves nothing, and the stop rule ends the
# loop.
#

# %% [markdown]
# ### One start is not enough
#
# Lloyd's algorithm only ever improves on where it starts, so a bad start can leave it in a
# **local minimum**: a partition that no single step can improve, but that is not the best
# one. Run the function from ten different random starts and compare the inertia:

# %%
runs = []
for seed in range(10):
    run_labels, run_centers, _, run_history = kmeans_numpy(X, 4, seed=seed)
    runs.append({"seed": seed, "iterations": len(run_history),
                 "inertia": ((X - run_centers[run_labels]) ** 2).sum(),
                 "cluster sizes": np.bincount(run_labels, minlength=4).tolist()})
pd.DataFrame(runs).set_index("seed").round(1)

# %% [markdown]
# Half of the starts (seeds 2, 5, 6, 7 and 9) end at the lowest inertia, 277.5, with four
# clusters of 75 points: one per blob. The others get stuck between 1 815 and 1 841, and the
# cluster sizes show how. A cluster of 150 points is two blobs sharing one centroid; in
# seeds 0, 3, 4 and 8 another blob is split between the two centroids left over.
#
# Seed 1 is stuck in a third way: one of its clusters is **empty** (size 0). In its second
# assignment step no point was nearest to that centroid, so the update step kept it where
# it was (the `else centers[j]` branch of `kmeans_numpy`), and no point ever came back to
# it. You asked for four clusters and got three. scikit-learn's `KMeans` guards against
# this: when a cluster ends an assignment step empty, it moves that centroid onto the
# point farthest from its own centroid, so every cluster keeps at least one point.
#
# The cure for bad starts is to run several independent starts and keep the one with the
# lowest inertia. That is exactly what scikit-learn's `n_init` does.

# %% [markdown]
# ## Same result as scikit-learn, up to the names
#
# `sklearn.cluster.KMeans` runs the same algorithm with better starts: by default
# **k-means++**, which picks the first centroids one at a time, each far from those already
# chosen (more in Lab 1). Compare its labels with those of the NumPy version. Raw equality
# of the label arrays is the wrong test, as the first line shows; the **adjusted Rand
# index** (ARI) compares which points are grouped together, whatever the groups are called
# (1 means the same partition; "adjusted" means corrected for chance, so random groupings
# score about 0). **Hungarian matching** renames one set of labels to best fit the other,
# after which you may compare point by point. The two helpers built on it
# (`scipy.optimize.linear_sum_assignment`) take the **reference labels first**:
# `label_mapping(reference, labels)` returns a dict whose keys are the second argument's
# labels and whose values are the reference names they become, and
# `match_labels(reference, labels)` returns the second argument renamed that way.
#

# %%
model = KMeans(n_clusters=4, random_state=SEED, n_init=10).fit(X)

print(f"share of equal raw labels:        {np.mean(model.labels_ == labels):.3f}")
print(f"adjusted Rand index:              {adjusted_rand_score(model.labels_, labels):.3f}")
# reference first: model.labels_ keep their names, the NumPy labels are renamed to fit them
matched = match_labels(model.labels_, labels)
print(f"share equal after matching:       {np.mean(matched == model.labels_):.3f}")
print("NumPy cluster -> scikit-learn cluster:", label_mapping(model.labels_, labels))
print(f"inertia NumPy / scikit-learn:     {inertia:.3f} / {model.inertia_:.3f}")

# %% [markdown]
# Same partition, same inertia, different names: read the mapping line to see which NumPy
# cluster is which scikit-learn cluster. From now on, compare partitions with the ARI or
# after matching, never by raw label equality.

# %% [markdown]
# ## Lab 1 · scikit-learn's KMeans on a polars table
#
# In practice your data sits in a data frame. You know pandas; **polars** is another
# data-frame library, newer and often much faster on large tables. Its vocabulary differs
# a little: `pl.DataFrame(...)` builds a table, `select` picks columns, `with_columns` adds
# or replaces columns, and `group_by(...).agg(...)` is pandas' `groupby(...).agg(...)`.
# scikit-learn accepts a polars `DataFrame` directly and remembers its column names. Here
# are the same 300 points as a polars table:

# %%
blobs = pl.DataFrame(X, schema=["feature1", "feature2"])
blobs.head(3)

# %% [markdown]
# The parameters that matter:
#
# - `n_clusters=4`: k.
# - `n_init=10`: the number of **independent starts**; each start runs Lloyd's algorithm to
#   the end, and the one with the lowest inertia is kept. Since scikit-learn 1.4 the
#   default is `n_init="auto"`, which means 1 start with the k-means++ init and 10 with
#   the random init; the course writes `n_init=10` so that every fit makes ten starts,
#   whatever the init and the scikit-learn version.
# - `max_iter` (default 300): the cap on the iterations of **one** start, not the number of
#   starts.
# - `init` (default `"k-means++"`): how each start picks its first centroids. k-means++
#   picks them one at a time, each new one far from those already chosen (drawn with
#   probability growing with the squared distance), which avoids most bad starts.
#   `init="random"` picks k random points, as the NumPy version does.
# - `random_state=42`: makes the starts, hence the result, reproducible.

# %%
lab1 = KMeans(n_clusters=4, random_state=SEED, n_init=10).fit(blobs)
print("columns seen:", lab1.feature_names_in_)
print("iterations of the best start:", lab1.n_iter_, "| inertia:", round(lab1.inertia_, 1))

blobs = blobs.with_columns(pl.Series("cluster", lab1.labels_))
blobs.group_by("cluster").agg(
    pl.len().alias("size"), pl.col("feature1").mean(), pl.col("feature2").mean()
).sort("cluster")

# %% [markdown]
# The best of the ten k-means++ starts converged after the few iterations printed above.
# The cluster means in the table are exactly the centroids (`lab1.cluster_centers_`): that
# is the update step's definition. In pandas the same table would be
# `frame.groupby("cluster").agg(size=("feature1", "size"), feature1=("feature1", "mean"),
# feature2=("feature2", "mean"))`.

# %%
ax = plot_clusters(blobs.select("feature1", "feature2"), blobs["cluster"],
                   centers=lab1.cluster_centers_, axis_labels=("feature1", "feature2"),
                   title="Lab 1: KMeans(n_clusters=4) on four blobs")

# %% [markdown]
# Four compact, well-separated blobs are the easy case: each centroid (red X) sits in the
# middle of one blob, and no point is in doubt.

# %% [markdown]
# ## Choosing k
#
# Here you knew there were four blobs. Usually you do not. Two scores help:
#
# - **Inertia** always falls when k grows (more centroids, shorter distances), so look for
#   the **elbow**: the k after which it stops falling steeply.
# - The **silhouette coefficient** of a point compares its mean distance to the other
#   points of its own cluster (a) with its mean distance to the points of the nearest other
#   cluster (b): (b − a) / max(a, b). It runs from −1 to 1: near 1 when the point sits well
#   inside its cluster, near 0 on a border, and **negative** when the point is on average
#   closer to another cluster than to its own, a sign that it may be in the wrong cluster.
#   Average it over the points and prefer the k with the highest mean.
#
# `score_k_range` fits `KMeans(n_init=10, random_state=42)` for every k and returns both:

# %%
scores = score_k_range(X, range(2, 9))
scores

# %%
fig = plot_k_selection(scores, best_k=int(scores["silhouette"].idxmax()),
                       silhouette_range=(0, 1))

# %% [markdown]
# Both scores agree on k = 4: the elbow is at 4, and the silhouette peaks there at 0.855.
# The silhouette axis starts at 0, so the height of the peak over its neighbours is drawn
# to scale. On real data the two scores often disagree or show no clear elbow; then k is a
# decision you justify with what the clusters mean, not a number the data hands you.

# %% [markdown]
# ## Lab 2 · Evaluating clusters against known labels
#
# When labels exist (here the blob each point came from), you can grade a clustering
# honestly: fit on a **training split**, then assign held-out **test** points with
# `predict` and grade both. The blobs now overlap (`cluster_std=2.75`).
# `train_test_split(..., train_size=0.7)` puts a random 70 % of the points in the training
# split and the other 30 % in the test split.
#
# Why scale? k-means compares distances, so a feature measured in bigger units (euros
# against a rating from 1 to 5) would dominate them. Here both features are alike and
# scaling changes little, but the habit matters (Exercise 4's unscaled run gives a
# different count). Fit the `StandardScaler` (which subtracts each feature's mean and
# divides by its standard deviation) on the training split only, so that nothing about the
# test points leaks into the model.
#

# %%
X2, y2 = make_blobs(n_samples=400, centers=3, cluster_std=2.75, random_state=SEED)
X_train, X_test, y_train, y_test = train_test_split(X2, y2, train_size=0.7, random_state=0)

scaler = StandardScaler().fit(X_train)
Z_train, Z_test = scaler.transform(X_train), scaler.transform(X_test)

lab2 = KMeans(init="random", n_clusters=3, n_init=10, max_iter=300, random_state=SEED)
lab2.fit(Z_train)
print("train / test points:", len(Z_train), "/", len(Z_test))
print("iterations to converge (best of 10 starts):", lab2.n_iter_)

# %% [markdown]
# The best start needed 10 iterations, far below the cap of `max_iter=300`. Now put the
# true and the predicted labels side by side for the first eight training points:

# %%
pd.DataFrame({"true blob": y_train[:8], "cluster": lab2.labels_[:8]}).T

# %% [markdown]
# Six of the eight agree, and the two points of blob 1 sit in cluster 0. Are those two
# errors, or is cluster 0 simply another name for blob 1? Eight rows cannot tell you;
# matching over all points can. The Hungarian method builds the table of counts (cluster
# × class) and picks the one-to-one pairing with the largest total agreement:

# %%
# reference first: the blob numbers y_train keep their names, the clusters are renamed
mapping = label_mapping(y_train, lab2.labels_)
print("cluster -> class:", mapping)
test_clusters = lab2.predict(Z_test)                         # raw cluster numbers
train_pred = match_labels(y_train, lab2.labels_)             # renamed with `mapping`
test_pred = np.array([mapping[c] for c in test_clusters])    # the training mapping
print(f"ARI train: {adjusted_rand_score(y_train, lab2.labels_):.3f}"
      f" | ARI test: {adjusted_rand_score(y_test, test_clusters):.3f}")

# %% [markdown]
# Here the mapping happens to be the identity: this run numbered its clusters like the
# blobs. That is luck, not a rule, and you only know it because you matched; it also means
# the two disagreements above are real errors. The test points are renamed with the
# mapping learned on the training split, since in a real evaluation the test labels must
# not choose it. Both ARIs use the raw cluster numbers: the ARI ignores names, so renaming
# would not change it.
#
# Draw the training points twice, coloured by true blob and by matched cluster (same
# colour = same blob). In the middle panel, the points whose cluster is the wrong blob are
# drawn as diamonds outlined in black and filled with the colour of the cluster k-means
# gave them (so a diamond's fill differs from its true blob's colour in the left panel);
# the right panel enlarges the grey box where they lie.

# %%
fig, (left, right, zoom) = plt.subplots(1, 3, figsize=(13, 4.9), layout="constrained",
                                        width_ratios=[1, 1, 0.75])
fig.suptitle("Lab 2, training split: true blobs and the k-means clusters matched to them")
left = plot_clusters(X_train, y_train, ax=left, label_prefix="blob", title="true blob")
centroids = scaler.inverse_transform(lab2.cluster_centers_)
right = plot_clusters(X_train, train_pred, centers=centroids, ax=right,
                      label_prefix="cluster matched to blob",
                      title="k-means cluster, renamed to its blob")
zoom = plot_clusters(X_train, train_pred, ax=zoom, legend=False,
                     title="zoom on the grey box")
wrong = train_pred != y_train                     # drawn again as black-edged diamonds
for ax in (right, zoom):
    ax.scatter(X_train[wrong, 0], X_train[wrong, 1], s=40, marker="D", zorder=4,
               color=[cluster_colors(3)[c] for c in train_pred[wrong]],
               edgecolor="black", linewidth=1.3)
zoom.set(xlim=(-1, 4.5), ylim=(3, 8.5))
box = right.indicate_inset_zoom(zoom, edgecolor="0.4")
key = Line2D([], [], linestyle="none", marker="D", markersize=6, markerfacecolor="white",
             markeredgecolor="black", label="wrong blob (fill: its k-means cluster)")
legend = left.legend(loc="lower right", fontsize="small", frameon=True)
legend = right.legend(handles=[*right.get_legend_handles_labels()[0], key],  # below,
                      loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2,  # off the data
                      fontsize="small", frameon=False)

# %% [markdown]
# The first two panels are almost identical. The centroids (red X) sit in the middle of
# their blobs, and the diamonds all lie where two blobs overlap: each of those points is
# nearer to the other blob's centroid than to its own.
#
# The silhouette says the same thing without any model. Compute each training point's
# silhouette using its **true** blob as its cluster: a negative value means the point is,
# on average, closer to the points of another blob than to those of its own.

# %%
true_silhouettes = silhouette_samples(Z_train, y_train)   # one value per point
negative = true_silhouettes < 0
print("points with a negative silhouette under the true blobs:", negative.sum())
print("points k-means puts in the wrong blob:                  ", wrong.sum())
print("points in both groups:                                  ", np.sum(negative & wrong))

# %% [markdown]
# The three counts are equal: the points k-means gets wrong are exactly the points that
# lie closer to another blob than to their own. Judged by their coordinates, those points
# look like members of the other blob, so the errors come from the overlapping data, not
# from a bad fit.
#
# Once each cluster is matched to a blob, every point has a predicted blob and a true blob,
# so you can grade the clustering like any prediction of a known label. A **confusion
# matrix** counts the points for every pair (true blob, matched cluster): the diagonal
# holds the correct ones. In the figure below the colour of a cell is its share of the row
# (of the points of that true blob), so both splits share one colour scale even though
# their sizes differ; the numbers are counts.
#

# %%
labels = ("matched cluster", "true blob")  # x axis, y axis
fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.8), layout="constrained")
fig.suptitle("Lab 2: true blob against matched cluster (counts; colour = share of the row)")
plot_confusion_matrix(y_train, train_pred, ax=left, normalize=True, axis_labels=labels,
                      title="Training split (280 points)")
right = plot_confusion_matrix(y_test, test_pred, ax=right, normalize=True, axis_labels=labels,
                              title="Test split (120 points)")

# %% [markdown]
# Almost all counts are on the diagonal, in both splits. **Accuracy** sums them up: the
# share of all points whose matched cluster is their true blob.
#

# %%
for split, truth, pred in [("training", y_train, train_pred), ("test", y_test, test_pred)]:
    print(f"{split:8} split: accuracy {np.mean(pred == truth):.3f},"
          f" errors {np.sum(pred != truth)} of {len(truth)}")


# %% [markdown]
# The test accuracy is a little higher than the training one. That gap is noise, not a
# sign that the test points are easier: they come from the same three blobs, at the
# training error rate you would expect about 3 errors among the test points, and one error
# more or less moves the test accuracy by almost 0.01. What matters is that the test score
# is not lower: the three centroids learned on the training points assign new points just
# as well. A much lower test score would have told you the clusters do not generalise.
#
# **Optional reading: the classification report.** scikit-learn's `classification_report`
# grades each class separately: **precision** (of the points predicted as this blob, the
# share that truly belong to it), **recall** (of the points of this blob, the share
# predicted as it), **f1-score** (their harmonic mean: high only when both are), and
# **support** (the number of points of the blob). Below the classes come the accuracy and
# two averages over the classes, plain (**macro**) and weighted by support (**weighted**).
# The rest of the course does not use them.
#

# %%
print("TRAINING split\n", classification_report(y_train, train_pred, digits=3))
print("TEST split\n", classification_report(y_test, test_pred, digits=3))


# %% [markdown]
# ## Where k-means fails
#
# k-means assigns each point to the nearest centroid, so every cluster it can produce is a
# convex region (one that contains the straight segment between any two of its points: no
# dents, no curving around another group) cut by straight borders halfway between
# centroids, and it prefers clusters of similar spread. Three datasets break those
# assumptions. They use `random_state=170` for the blob centres (as scikit-learn's own
# gallery does), because with our usual seed the centres lie too far apart for the failure
# to show; every model still uses `random_state=42`.
#
# Each row of the figure shows one dataset three times: the true groups, the k-means
# clusters (with the true k), and the clusters of a method whose assumptions fit that
# shape. Each fit's clusters are renamed to the true group they match best (Hungarian
# matching), so the same colour means the same group across a row.

# %%
X_aniso, y_aniso = make_blobs(n_samples=300, centers=3, random_state=170)
X_aniso = X_aniso @ np.array([[0.6, -0.6], [-0.4, 0.8]])          # stretch and shear
X_var, y_var = make_blobs(n_samples=300, centers=3, cluster_std=[1.0, 2.5, 0.5],
                          random_state=170)
X_moons, y_moons = make_moons(n_samples=300, noise=0.05, random_state=SEED)

cases = [  # name, data, true groups, name and model of a method that fits the shape
    ("anisotropic blobs", X_aniso, y_aniso, "Gaussian mixture",
     GaussianMixture(n_components=3, random_state=SEED)),
    ("unequal variances", X_var, y_var, "Gaussian mixture",
     GaussianMixture(n_components=3, random_state=SEED)),
    ("two moons", X_moons, y_moons, "single linkage",
     AgglomerativeClustering(n_clusters=2, linkage="single")),
]
fig, axes = plt.subplots(3, 3, figsize=(11.5, 10.5), layout="constrained")
for row, (name, data, truth, other_name, other) in zip(axes, cases):
    kmeans = KMeans(n_clusters=len(np.unique(truth)), n_init=10, random_state=SEED).fit(data)
    other_labels = other.fit_predict(data)
    plot_clusters(data, truth, ax=row[0], legend=False, title=f"{name}: true groups")
    plot_clusters(data, match_labels(truth, kmeans.labels_), centers=kmeans.cluster_centers_,
                  ax=row[1], legend=False,
                  title=f"k-means (ARI {adjusted_rand_score(truth, kmeans.labels_):.2f})")
    plot_clusters(data, match_labels(truth, other_labels), ax=row[2], legend=False,
                  title=f"{other_name} (ARI {adjusted_rand_score(truth, other_labels):.2f})")
fig.suptitle("Where k-means fails: true groups, k-means, and a method that fits the shape")
key = [Line2D([], [], linestyle="none", marker="X", markersize=12, color="red",
              markeredgecolor="black", label="k-means centroid")]
legend = fig.legend(handles=key, loc="outside lower center", frameon=False)

# %% [markdown]
# Read each row from left to right:
#
# - **Anisotropic blobs**: the groups are long and slanted. k-means measures plain
#   Euclidean distance, which treats every direction alike, so it cuts across the
#   elongated groups instead of along them. A **Gaussian mixture**
#   (`sklearn.mixture.GaussianMixture`) models each cluster as its own stretched, tilted
#   ellipse, and recovers them.
# - **Unequal variances**: the border between two centroids lies halfway between them, so
#   the wide cluster loses its outer points to its compact neighbours. The Gaussian mixture
#   gives each cluster its own spread and gets almost every point right.
# - **Two moons**: the groups are curved and interlocked, not convex, and a straight border
#   between two centroids cannot follow a curve. **Single-linkage** hierarchical clustering
#   (explained in notebook 04) repeatedly merges the two groups whose closest points are nearest, so it
#   follows each moon along its chain of close neighbours.
#
# Scaling does not cure these failures, and no method wins everywhere: single linkage
# would chain the overlapping blobs together, and a Gaussian mixture would cut the moons
# into ellipses. A later notebook compares the families of methods on these shapes.

# %% [markdown]
# ## Categories are not numbers
#
# k-means works on real-valued features: means and distances must make sense. Coding a
# category as integers (red = 0, green = 1, blue = 2) does not make it numeric; it invents
# an order and distances that are not in the data:

# %%
colours = {"red": 0, "green": 1, "blue": 2}
print("distance red-green:", abs(colours["red"] - colours["green"]))
print("distance red-blue: ", abs(colours["red"] - colours["blue"]))
print("mean of a red and a blue customer:", (colours["red"] + colours["blue"]) / 2, "= green?")

# %% [markdown]
# Red is suddenly twice as far from blue as from green, and the "average" of red and blue is
# green. Integer coding is the problem, not the cure: use one column per category (one-hot
# encoding, notebook 04), or a method made for categorical data.

# %% [markdown]
# ## Exercises
#
# Each exercise names the variable to store your answer in. Run the check cell after it:
# it says whether your answer is right, and gives a hint if it is not.

# %% [markdown]
# ### Exercise 1 · k-means++ against random starts
#
# On the Lab 1 data `X`, fit `KMeans(n_clusters=4, n_init=1, random_state=seed)` for the
# seeds 0 to 19, once with `init="k-means++"` and once with `init="random"`: one single
# start per seed and init. Say that a start *reaches the best partition* when its inertia is
# within 1 % of `model.inertia_` (the ten-start fit of the section on scikit-learn). For
# each `init`, count the starts that reach the best partition and look at their numbers of
# iterations (`n_iter_`).
#
# Store in `mean_iter_good_random` the mean number of iterations of the **random** starts
# that reach the best partition (a number).

# %% tags=["solution"]
rows = []
for init in ["k-means++", "random"]:
    fits = [KMeans(n_clusters=4, init=init, n_init=1, random_state=seed).fit(X)
            for seed in range(20)]
    inertias = np.array([f.inertia_ for f in fits])
    iterations = np.array([f.n_iter_ for f in fits])
    good = inertias < 1.01 * model.inertia_        # starts that reach the best partition
    # how many starts reach it; mean iterations over all 20 starts, and over those only
    rows.append({"init": init, "at the best": int(good.sum()),
                 "iterations, all": iterations.mean(),
                 "iterations, at the best": iterations[good].mean()})
starts = pd.DataFrame(rows).set_index("init")
mean_iter_good_random = starts.loc["random", "iterations, at the best"]
starts

# %% tags=["check"]
check("02.1", mean_iter_good_random)

# %% [markdown] tags=["solution"]
# All 20 k-means++ starts reach the best partition, each in 2 iterations. Only 8 of the 20
# random starts do, and those need 3.125 iterations on average. The mean over all 20
# random starts, 4.65, is higher: the starts that end in a poor partition wander longer
# before they settle. So k-means++ wins twice: every start lands in the right place, and
# faster. Random starts still get there when `n_init` gives them enough tries: with 8 good
# starts in 20, ten random starts all miss only rarely.

# %% [markdown]
# ### Exercise 2 · Predict by hand
#
# The three points of the next cell arrive after the fit. Assign each of them to a Lab 1
# cluster with one broadcasting expression (no loop) on `lab1.cluster_centers_`, as
# `kmeans_numpy` does, and compare your result with `lab1.predict`. Store the three cluster
# numbers, in the order of the points, in `new_clusters` (a list or an array). Then look at
# the points: which one is far from every centroid? What does k-means do with it?
#
# Hint: `lab1` was fitted on a polars frame, so give `predict` a frame with the same column
# names, `pl.DataFrame(new_points, schema=["feature1", "feature2"], orient="row")`; on a
# bare array scikit-learn warns that the feature names are missing.

# %% tags=["prompt"]
new_points = np.array([[-2.0, 9.0], [5.0, 2.0], [-1.0, 0.0]])

# %% tags=["solution"]
squared = ((new_points[:, None, :] - lab1.cluster_centers_[None, :, :]) ** 2).sum(axis=2)
new_clusters = squared.argmin(axis=1)
by_sklearn = lab1.predict(pl.DataFrame(new_points, schema=["feature1", "feature2"],
                                       orient="row"))
print("by hand:", new_clusters, "| predict:", by_sklearn,
      "| equal:", np.array_equal(new_clusters, by_sklearn))

# %% tags=["check"]
check("02.2", new_clusters)

# %% [markdown] tags=["solution"]
# `predict` is the assignment step with the final centroids. The point (-1, 0), far from
# every blob, still gets a cluster, because k-means has no notion of "none of them". The
# numbers are `lab1`'s names for its clusters: with the centroids of the NumPy run
# (`centers`) the same points fall in the same groups under other numbers.

# %% [markdown]
# ### Exercise 3 · How clear is the choice of k in Lab 2?
#
# Pretend you do not know how many blobs Lab 2 has. Score k = 2..8 on the scaled training
# points `Z_train` with `score_k_range`, and draw the k-selection figure with the
# silhouette axis from 0 to 1 (`plot_k_selection(..., silhouette_range=(0, 1))`). By how
# much does the highest mean silhouette beat the runner-up, the second-highest score
# whatever its k? Store that difference in `silhouette_gap` (a number; three decimals are
# enough).

# %% tags=["solution"]
lab2_scores = score_k_range(Z_train, range(2, 9))
ranked = lab2_scores["silhouette"].sort_values(ascending=False)
silhouette_gap = ranked.iloc[0] - ranked.iloc[1]
print(lab2_scores)
print(f"best k = {ranked.index[0]}, runner-up k = {ranked.index[1]}, gap = {silhouette_gap:.3f}")
fig = plot_k_selection(lab2_scores, best_k=int(ranked.index[0]), silhouette_range=(0, 1))

# %% tags=["check"]
check("02.3", silhouette_gap)

# %% [markdown] tags=["solution"]
# The silhouette prefers k = 3, but only by 0.052 over k = 2, on a scale that runs from −1
# to 1; with the axis drawn from 0, the two points look as close as they are. The inertia
# bends at 3 too, more softly than in Lab 1 because the blobs overlap. With a margin this
# small, look at both segmentations before you decide: the recipe at the end of this
# notebook warns when the top scores lie within a set tolerance of each other.

# %% [markdown]
# ### Exercise 4 · Grade a harder dataset
#
# The next cell makes three new blobs that overlap more than Lab 2's (`cluster_std=3.5`,
# centres drawn with `random_state=1`) and splits them as Lab 2 did. Repeat Lab 2's
# evaluation with scikit-learn's default k-means++ starts: fit a `StandardScaler` on the
# training split, fit `KMeans(n_clusters=3, n_init=10, random_state=SEED)` on the scaled
# training points, assign the scaled test points with `predict`, and rename the clusters
# to blobs with the mapping learned on the training split. How many test points land in
# the wrong blob? Store the count in `n_test_errors` (a whole number).

# %% tags=["prompt"]
X4, y4 = make_blobs(n_samples=400, centers=3, cluster_std=3.5, random_state=1)
X4_train, X4_test, y4_train, y4_test = train_test_split(X4, y4, train_size=0.7,
                                                        random_state=0)

# %% tags=["solution"]
scaler4 = StandardScaler().fit(X4_train)
fit4 = KMeans(n_clusters=3, n_init=10, random_state=SEED).fit(scaler4.transform(X4_train))
mapping4 = label_mapping(y4_train, fit4.labels_)           # learned on the training split
test_clusters4 = fit4.predict(scaler4.transform(X4_test))  # raw cluster numbers
test_pred4 = np.array([mapping4[c] for c in test_clusters4])
n_test_errors = int(np.sum(test_pred4 != y4_test))
print("cluster -> blob:", mapping4)
print(f"test points in the wrong blob: {n_test_errors} of {len(y4_test)}"
      f" | comparing raw cluster numbers would count {np.sum(test_clusters4 != y4_test)}")
print(f"ARI test: {adjusted_rand_score(y4_test, test_clusters4):.3f}")

# %% tags=["check"]
check("02.4", n_test_errors)

# %% [markdown] tags=["solution"]
# This run did not number its clusters like the blobs (see the mapping), so comparing raw
# cluster numbers with blob numbers counts almost every test point as an error, although
# the clusters are decent. After matching, 21 of the 120 test points land in the wrong
# blob: far more than in Lab 2, because these blobs overlap much more. The ARI, computed on
# the raw numbers, needs no renaming and tells the same story.

# %% [markdown]
# ## Key takeaways
#
# - k-means alternates an assignment step (nearest centroid) and an update step (mean of
#   the cluster) until the centroids stop moving: Lloyd's algorithm iterates. A bad start
#   can end in a poor partition, even with an empty cluster.
# - Cluster numbers are arbitrary names: compare partitions with the adjusted Rand index or
#   after Hungarian matching, never by raw label equality.
# - `n_init` is the number of independent starts (the lowest inertia wins), `max_iter` caps
#   the iterations of one start, and the default start is k-means++.
# - Choose k with the elbow of the inertia and the silhouette (from −1 to 1; negative for a
#   point closer to another cluster), read the gaps to scale, then check that the clusters
#   make sense.
# - Grade against known labels on a training and a held-out test split, with `predict` for
#   the test points; scale features on the training split only.
# - k-means wants compact, roundish clusters of similar spread on real-valued features:
#   stretched, unequal or curved groups and integer-coded categories break it; Gaussian
#   mixtures and single linkage fit some of those shapes.
#
# ## Going further
#
# - scikit-learn, k-means in the user guide: <https://scikit-learn.org/stable/modules/clustering.html#k-means>
# - scikit-learn, `KMeans`: <https://scikit-learn.org/stable/modules/generated/sklearn.cluster.KMeans.html>
# - scikit-learn, overview of clustering methods and the shapes they handle: <https://scikit-learn.org/stable/modules/clustering.html#overview-of-clustering-methods>
# - scikit-learn, silhouette analysis example: <https://scikit-learn.org/stable/auto_examples/cluster/plot_kmeans_silhouette_analysis.html>
# - scikit-learn, adjusted Rand index: <https://scikit-learn.org/stable/modules/clustering.html#rand-index>
# - scikit-learn, Gaussian mixture models: <https://scikit-learn.org/stable/modules/mixture.html>
# - scikit-learn, classification metrics (confusion matrix, precision, recall): <https://scikit-learn.org/stable/modules/model_evaluation.html#classification-metrics>
# - SciPy, `linear_sum_assignment` (Hungarian method): <https://docs.scipy.org/doc/scipy/reference/generated/scipy.optimize.linear_sum_assignment.html>
# - NumPy, broadcasting: <https://numpy.org/doc/stable/user/basics.broadcasting.html>
# - polars, coming from pandas: <https://docs.pola.rs/user-guide/migration/pandas/>
# - polars, `group_by`: <https://docs.pola.rs/api/python/stable/reference/dataframe/api/polars.DataFrame.group_by.html>

# %% [markdown]
# ## Recipe
#
# *Optional take-away reading, outside the class time. The cell runs in a few seconds on
# the demo table below, longer on a large table of your own.*
#
# Segment the rows of your own numeric table with k-means, with guardrails. Put your table
# between the marked lines: one row per customer (or product, or store), indexed by a
# unique key, numeric columns only. The cell then:
#
# - stops with a `ValueError` that says what to do on missing values, duplicate keys,
#   non-numeric columns, too few rows, or a k out of range;
# - standardises the columns, and warns when their spreads differ a lot;
# - prints the whole k scan (inertia, silhouette and smallest cluster share for every k),
#   fitted on seeded samples when the table is large;
# - warns when the best k sits at the edge of `K_RANGE`, when other values of k score
#   within `TIE_TOLERANCE` of it, when the best silhouette is no better than what data
#   without clusters scores, and when a segment holds less than `MIN_SEGMENT_SHARE` of the
#   rows;
# - leaves the result in the DataFrame `segments` (one row per input row, same index,
#   column `segment`, numbered from the largest) and prints each segment's size and column
#   means in your units. Set `OUTPUT_CSV` to save it too.
#
# Change the settings at the top, not the code. When a warning says the data do not decide
# k, compare the candidates and set `K` yourself.

# %% tags=["recipe"]
import os
import tempfile

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs
from sklearn.metrics import silhouette_score

# Settings: change these, not the code below.
K_RANGE = range(2, 9)        # numbers of clusters k to try (whole numbers, at least 2)
K = None                     # None: use the k with the best silhouette; or force one, e.g. 4
STANDARDISE = True           # rescale each column to mean 0, sd 1 (keep True unless all
                             # columns share one unit and their spreads should count)
SCALE_RATIO = 10             # warn when column spreads differ by more than this factor
TIE_TOLERANCE = 0.01         # silhouettes this close to the best count as a tie
NOISE_MARGIN = 0.05          # the best silhouette must beat structureless noise by this
MIN_SEGMENT_SHARE = 0.01     # flag segments with less than this share of the rows
MIN_ROWS_PER_K = 10          # rows needed per cluster of the largest k
SCAN_SAMPLE = 50_000         # above this many rows, the k scan fits a seeded sample
SILHOUETTE_SAMPLE = 5_000    # above this many rows, silhouettes use a seeded sample
NOISE_ROWS = 2_000           # rows of the structureless table the silhouette must beat
N_INIT = 10                  # independent k-means starts per fit (lowest inertia wins)
RANDOM_STATE = 42            # seed of every random step
OUTPUT_CSV = None            # e.g. "segments.csv" to also save the row -> segment table


def check_table(table):
    """Stop with a clear message on input k-means cannot use; return the values."""
    if not isinstance(table, pd.DataFrame) or table.shape[1] == 0:
        raise ValueError("`table` must be a pandas DataFrame with at least one column")
    if not table.index.is_unique:
        repeated = table.index[table.index.duplicated()].unique()[:5].tolist()
        raise ValueError(f"duplicate keys in the index, e.g. {repeated}: keep one row per "
                         "key (drop or aggregate the duplicates), then run again")
    text = [c for c in table.columns if not pd.api.types.is_numeric_dtype(table[c])]
    if text:
        raise ValueError(f"non-numeric columns {text}: k-means needs numbers; drop them, "
                         "or one-hot encode categories (pd.get_dummies) if they matter")
    missing = table.columns[table.isna().any()].tolist()
    if missing:
        raise ValueError(f"missing values in columns {missing}: fill them (e.g. with the "
                         "median) or drop those rows, then run again")
    values = table.to_numpy(dtype=float)
    infinite = table.columns[~np.isfinite(values).all(axis=0)].tolist()
    if infinite:
        raise ValueError(f"infinite values in columns {infinite}: fix or drop those rows")
    ks = list(K_RANGE) + ([] if K is None else [K])
    if not ks or any(isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 2
                     for k in ks):
        raise ValueError(f"K_RANGE and K must hold whole numbers of at least 2 (k = 1 is "
                         f"no segmentation), got K_RANGE = {K_RANGE!r}, K = {K!r}")
    needed = MIN_ROWS_PER_K * max(ks)
    if len(table) < needed:
        raise ValueError(f"too few rows: {len(table)}; k up to {max(ks)} needs at least "
                         f"{needed} ({MIN_ROWS_PER_K} per cluster): lower K_RANGE or add rows")
    return values


def scale(table, values):
    """Standardise the columns (unless told not to); warn when their spreads differ a lot."""
    spread = pd.Series(values.std(axis=0), index=table.columns)
    constant = spread.index[spread == 0].tolist()
    if constant:
        print(f"Warning: columns {constant} are constant and cannot separate segments: "
              "drop them.")
    varying = spread[spread > 0]
    ratio = varying.max() / varying.min() if len(varying) else 1.0
    if ratio > SCALE_RATIO:
        advice = ("they were standardised, so each column counts equally" if STANDARDISE
                  else "STANDARDISE is False, so the widest column alone decides the "
                  "segments: set STANDARDISE = True unless that is what you want")
        print(f"Warning: column spreads differ by a factor of {ratio:,.0f} "
              f"({varying.idxmax()} against {varying.idxmin()}); {advice}.")
    centred = values - values.mean(axis=0)
    if not STANDARDISE:
        return centred
    print("Columns standardised to mean 0 and standard deviation 1 (STANDARDISE = True).")
    return centred / np.where(spread > 0, spread, 1.0)


def scan(Z):
    """Inertia, silhouette and smallest cluster share for every k in K_RANGE."""
    rows = []
    for k in K_RANGE:
        model = KMeans(n_clusters=k, n_init=N_INIT, random_state=RANDOM_STATE).fit(Z)
        sample = SILHOUETTE_SAMPLE if len(Z) > SILHOUETTE_SAMPLE else None
        rows.append({"k": k, "inertia": model.inertia_,
                     "silhouette": silhouette_score(Z, model.labels_, sample_size=sample,
                                                    random_state=RANDOM_STATE),
                     "smallest share": np.bincount(model.labels_).min() / len(Z)})
    return pd.DataFrame(rows).set_index("k")


def noise_silhouette(Z):
    """Best silhouette that data without clusters score: uniform noise spanning the
    same range as Z along its principal axes (the reference of the gap statistic)."""
    rng = np.random.default_rng(RANDOM_STATE)
    centred = Z - Z.mean(axis=0)
    _, _, axes = np.linalg.svd(centred, full_matrices=False)
    rotated = centred @ axes.T
    size = (min(len(Z), NOISE_ROWS), Z.shape[1])
    noise = rng.uniform(rotated.min(axis=0), rotated.max(axis=0), size=size) @ axes
    return scan(noise)["silhouette"].max()


def choose_k(scores, noise_best):
    """Print the k scan and every doubt about it; return the k to use."""
    print("k scan (inertia falls with every k; silhouette: higher is better):")
    print(scores.round(3).to_string())
    top = scores["silhouette"].max()
    best = int(scores["silhouette"].idxmax())
    ties = scores.index[scores["silhouette"] >= top - TIE_TOLERANCE].tolist()
    if len(ties) > 1:
        listed = ", ".join(f"k = {k} ({scores.at[k, 'silhouette']:.3f})" for k in ties)
        print(f"Warning: near-tie within TIE_TOLERANCE = {TIE_TOLERANCE}: {listed}. The "
              "silhouette does not single out one k: compare these segmentations and set K.")
    if len(scores) > 1 and (best == max(K_RANGE) or (best == min(K_RANGE) and best > 2)):
        print(f"Warning: the best k, {best}, is at the edge of K_RANGE "
              f"({min(K_RANGE)} to {max(K_RANGE)}): widen K_RANGE and run again.")
    if top < noise_best + NOISE_MARGIN:
        print(f"Warning: no clear structure: the best silhouette ({top:.3f}) is not "
              f"{NOISE_MARGIN} above what noise without clusters scores ({noise_best:.3f}); "
              "the segments may cut a continuum rather than separate groups.")
    return best if K is None else K


def save_atomically(segments, path):
    """Write the CSV to a temporary file first, so a failure leaves no half-written file."""
    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(path)),
                                         suffix=".tmp")
    os.close(handle)
    try:
        segments.to_csv(temporary)
        os.replace(temporary, path)
    except BaseException:
        os.remove(temporary)
        raise


# ---- your data: replace these lines ----
demo, _ = make_blobs(n_samples=600, centers=4, n_features=3, random_state=3)
table = pd.DataFrame(demo, columns=["x1", "x2", "x3"]).rename_axis("row_id")
# ---- end of your data ----

values = check_table(table)
scaled = scale(table, values)
scanned = scaled
if len(scaled) > SCAN_SAMPLE:
    rng = np.random.default_rng(RANDOM_STATE)
    scanned = scaled[rng.choice(len(scaled), SCAN_SAMPLE, replace=False)]
    print(f"The k scan fits a seeded sample of {SCAN_SAMPLE:,} of the {len(scaled):,} rows.")
if len(scanned) > SILHOUETTE_SAMPLE:
    print(f"Silhouettes use a seeded sample of {SILHOUETTE_SAMPLE:,} rows (sample_size).")
n_segments = choose_k(scan(scanned), noise_silhouette(scanned))

segmenter = KMeans(n_clusters=n_segments, n_init=N_INIT, random_state=RANDOM_STATE)
segmenter.fit(scaled)
by_size = np.argsort(-np.bincount(segmenter.labels_, minlength=n_segments), kind="stable")
segments = pd.DataFrame({"segment": np.argsort(by_size)[segmenter.labels_]},
                        index=table.index)

profile = table.groupby(segments["segment"]).mean()
counts = segments["segment"].value_counts().sort_index()
profile.insert(0, "share", counts / len(segments))
profile.insert(0, "rows", counts)
small = profile.index[profile["share"] < MIN_SEGMENT_SHARE].tolist()
if small:
    print(f"Warning: segments {small} hold less than {MIN_SEGMENT_SHARE:.0%} of the rows: "
          "look at those rows (outliers? errors?) before you treat them as segments.")
print(f"\nk = {n_segments}: segments numbered from the largest, with column means in your units:")
print(profile.round(3).to_string())
if OUTPUT_CSV:
    save_atomically(segments, OUTPUT_CSV)
    print(f"Saved the row -> segment table to {OUTPUT_CSV}.")
