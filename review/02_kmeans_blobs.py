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
# - Fit scikit-learn's KMeans and explain n_init, max_iter and the k-means++ start
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
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs, make_moons
from sklearn.metrics import adjusted_rand_score, classification_report
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

import helpers
from helpers.evaluation import label_mapping, match_labels, score_k_range
from helpers.plotting import (plot_cluster_grid, plot_clusters, plot_confusion_matrix,
                              plot_k_selection, plot_kmeans_iterations)

helpers.use_style()
np.set_printoptions(precision=3, suppress=True)
pd.set_option("display.precision", 3)
pl.Config.set_float_precision(3)
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
# This start is a poor one. Two blobs are at the top (top-left and top-middle), one is on
# the right and one at the bottom. Three of the four starting points lie in the top-middle
# blob and one in the right blob; none starts in the top-left or the bottom blob. In
# iteration 1 the start at the left edge of the top-middle blob is the nearest centroid
# for the whole top-left blob, captures it and moves there. The one centroid in the right
# blob has to serve both the right and the bottom blob, so it lands in the empty space
# between them. Iterations 2 and 3 change little, but the two centroids left in the
# top-middle blob drift apart, until in iteration 4 one of them is close enough to win the
# upper part of the right blob and jumps towards it. That frees the middle centroid, which
# settles on the bottom blob in iteration 5. Iteration 6 moves nothing, and the stop rule
# ends the loop.

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
                 "inertia": ((X - run_centers[run_labels]) ** 2).sum()})
pd.DataFrame(runs).set_index("seed").round(1)

# %% [markdown]
# Half of the starts (seeds 2, 5, 6, 7 and 9) end at the lowest inertia, 277.5; the other
# half get stuck between 1 815 and 1 841, with two blobs sharing one centroid. The cure is
# to run several independent starts and keep the one with the lowest inertia. That is
# exactly what scikit-learn's `n_init` does.

# %% [markdown]
# ## Same result as scikit-learn, up to the names
#
# `sklearn.cluster.KMeans` runs the same algorithm with better starts. Compare its labels
# with those of the NumPy version. Raw equality of the label arrays is the wrong test, as
# the first line shows; the **adjusted Rand index** (ARI) compares which points are grouped
# together, whatever the groups are called (1 means the same partition, about 0 means no
# more agreement than chance). **Hungarian matching** (`match_labels`, a helper built on
# `scipy.optimize.linear_sum_assignment`) renames one set of labels to best fit the other,
# after which you may compare point by point.

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
# In practice your data sits in a data frame. scikit-learn accepts a polars `DataFrame`
# directly and remembers its column names. Here are the same 300 points as a polars table:

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
# With k-means++ starts the best run converged in 2 iterations, and the cluster means in the
# table are exactly the centroids (`lab1.cluster_centers_`): that is the update step's
# definition.

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
# - The **silhouette coefficient** of a point compares its mean distance to its own
#   cluster (a) with its mean distance to the nearest other cluster (b): (b − a) / max(a, b).
#   It is near 1 when the point sits well inside its cluster and near 0 on a border.
#   Average it over the points and prefer the k with the highest mean.
#
# `score_k_range` fits `KMeans(n_init=10, random_state=42)` for every k and returns both:

# %%
scores = score_k_range(X, range(2, 9))
scores

# %%
fig = plot_k_selection(scores, best_k=int(scores["silhouette"].idxmax()))

# %% [markdown]
# Both scores agree on k = 4: the elbow is at 4, and the silhouette peaks there at 0.855.
# On real data they often disagree or show no clear elbow; then k is a decision you justify
# with what the clusters mean, not a number the data hands you.

# %% [markdown]
# ## Lab 2 · Evaluating clusters against known labels
#
# When labels exist (here the blob each point came from), you can grade a clustering
# honestly: fit on a **training split**, then assign held-out **test** points with
# `predict` and grade both. The blobs now overlap (`cluster_std=2.75`).
#
# Fit the `StandardScaler` (which subtracts each feature's mean and divides by its standard
# deviation) on the training split only, so that nothing about the test points leaks into
# the model.

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
# the two disagreements above are real errors. The test
# points are renamed with the mapping learned on the training split, since in a real
# evaluation the test labels must not choose it. Both ARIs use the raw cluster numbers:
# the ARI ignores names, so renaming would not change it.
#
# Draw the training points twice, coloured by true blob and by matched cluster (same
# colour = same blob), and ring the points whose cluster is the wrong blob:

# %%
fig = plot_cluster_grid(
    {"true blob": (X_train, y_train),
     "matched cluster": (X_train, train_pred, scaler.inverse_transform(lab2.cluster_centers_))},
    ncols=2, title="Lab 2, training split: true blobs and matched clusters")
wrong = train_pred != y_train
ring = fig.axes[1].scatter(X_train[wrong, 0], X_train[wrong, 1], s=120, facecolor="none",
                           edgecolor="black", linewidth=1.2, label="wrong blob")
legend = fig.axes[1].legend(handles=[ring], loc="best", fontsize="small")

# %% [markdown]
# The two panels are almost identical: the ringed points all sit in the overlap of two
# blobs, where a point drawn from one blob lies nearer to the other blob's centroid. No
# centroid-based rule can assign those correctly.
#
# A **confusion matrix** counts the points for every pair (true class, predicted class):
# the diagonal holds the correct ones. In the figure below the colour of a cell is its share
# of the row (of the points of that true blob), so both splits share one colour scale even
# though their sizes differ; the numbers are counts. The classification report after it
# gives, per class:
#
# - **precision**: of the points predicted as this class, the share that truly belong to it;
# - **recall**: of the points that truly belong to this class, the share predicted as it;
# - **f1-score**: one number that is high only when both are high (their harmonic mean);
# - **support**: the number of points that truly belong to the class.

# %%
fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.8), layout="constrained")
fig.suptitle("Lab 2: true blob against matched cluster (counts; colour = share of the row)")
plot_confusion_matrix(y_train, train_pred, ax=left, normalize=True,
                      title="Training split (280 points)")
right = plot_confusion_matrix(y_test, test_pred, ax=right, normalize=True,
                              title="Test split (120 points)")

# %% [markdown]
# Almost all counts are on the diagonal, in both splits. The classification reports give
# the same story per class:

# %%
print("TRAINING split\n", classification_report(y_train, train_pred, digits=3))
print("TEST split\n", classification_report(y_test, test_pred, digits=3))
print("errors: training", np.sum(train_pred != y_train), "| test", np.sum(test_pred != y_test))

# %% [markdown]
# Accuracy is 0.971 on the training split (8 errors in 280 points) and 0.992 on the test
# split (1 error in 120 points). That gap is noise, not a sign that the test points are
# easier: they come from the same three blobs, at the training error rate you would expect
# about 3 errors in 120, and one error more or less moves the test accuracy by almost 0.01.
# What matters is that the test score is not lower: the three centroids learned on the
# training points assign new points just as well. A much lower test score would have told
# you the clusters do not generalise.

# %% [markdown]
# ## Where k-means fails
#
# k-means assigns each point to the nearest centroid, so every cluster it can produce is a
# convex region (one that contains the straight segment between any two of its points: no
# dents, no curving around another group) cut by straight borders halfway between
# centroids, and it prefers clusters of similar spread. Three datasets break those assumptions. They use `random_state=170`
# for the blob centres (as scikit-learn's own gallery does), because with our usual seed
# the centres lie too far apart for the failure to show; each k-means run still uses
# `random_state=42`.

# %%
X_aniso, y_aniso = make_blobs(n_samples=300, centers=3, random_state=170)
X_aniso = X_aniso @ np.array([[0.6, -0.6], [-0.4, 0.8]])          # stretch and shear
X_var, y_var = make_blobs(n_samples=300, centers=3, cluster_std=[1.0, 2.5, 0.5],
                          random_state=170)
X_moons, y_moons = make_moons(n_samples=300, noise=0.05, random_state=SEED)

panels = {}
for name, data, truth, k in [("anisotropic blobs", X_aniso, y_aniso, 3),
                             ("unequal variances", X_var, y_var, 3),
                             ("two moons", X_moons, y_moons, 2)]:
    fit = KMeans(n_clusters=k, n_init=10, random_state=SEED).fit(data)
    ari = adjusted_rand_score(truth, fit.labels_)
    panels[f"{name} (ARI {ari:.2f})"] = (data, fit.labels_, fit.cluster_centers_)
fig = plot_cluster_grid(panels, ncols=3, title="Where k-means fails: clusters found with the true k")

# %% [markdown]
# - **Anisotropic blobs** (ARI 0.56): the groups are long and slanted; k-means measures
#   plain Euclidean distance, which treats every direction alike, so it cuts across the
#   elongated groups instead of along them.
# - **Unequal variances** (ARI 0.72): the border between two centroids lies halfway between
#   them, so the wide cluster loses its outer points to its compact neighbours.
# - **Two moons** (ARI 0.25): the groups are curved and interlocked, not convex, and a
#   straight border between two centroids cannot follow a curve.
#
# Scaling does not cure these, but other methods fit such shapes. A **Gaussian mixture**
# (`sklearn.mixture.GaussianMixture`) gives each cluster its own stretched ellipse and its
# own spread, which suits the anisotropic and unequal-variance blobs. **DBSCAN** or
# **single-linkage** hierarchical clustering follow chains of nearby points, which
# separates the moons. Ward linkage, the hierarchical method of notebook 04, favours
# compact clusters like k-means does and does not untangle the moons.

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
# ### Exercise 1 · k-means++ against random starts
#
# On the Lab 1 data `X`, fit `KMeans(n_clusters=4, n_init=1, random_state=seed)` for the
# seeds 0 to 19, once with `init="k-means++"` and once with `init="random"`. For each
# `init`, count how many of the 20 single starts reach the lowest inertia (an inertia within
# 1 % of `model.inertia_`, the best fit from the section on scikit-learn), and the mean
# number of iterations.

# %% tags=["solution"]
rows = []
for init in ["k-means++", "random"]:
    fits = [KMeans(n_clusters=4, init=init, n_init=1, random_state=seed).fit(X)
            for seed in range(20)]
    inertias = np.array([f.inertia_ for f in fits])
    rows.append({"init": init,
                 "starts at the best inertia": int(np.sum(inertias < 1.01 * model.inertia_)),
                 "mean iterations": np.mean([f.n_iter_ for f in fits])})
pd.DataFrame(rows).set_index("init")

# %% [markdown]
# All 20 k-means++ starts reach the best partition, in 2 iterations on average; only 8 of
# the 20 random starts do, with 4.65 iterations on average. k-means++ begins with centroids
# spread over the data; random starts still get there when `n_init` gives them enough
# tries.

# %% [markdown]
# ### Exercise 2 · Predict by hand
#
# Assign the three new points below to the Lab 1 clusters with one broadcasting expression
# (no loop) on `lab1.cluster_centers_`, and check your answer against `lab1.predict`.
#
# Hint: `lab1` was fitted on a polars frame, so give `predict` a frame with the same column
# names, `pl.DataFrame(new_points, schema=["feature1", "feature2"])`; on a bare array
# scikit-learn warns that the feature names are missing.

# %% tags=["solution"]
new_points = np.array([[-2.0, 9.0], [5.0, 2.0], [-1.0, 0.0]])
squared = ((new_points[:, None, :] - lab1.cluster_centers_[None, :, :]) ** 2).sum(axis=2)
by_hand = squared.argmin(axis=1)
by_sklearn = lab1.predict(pl.DataFrame(new_points, schema=["feature1", "feature2"]))
print("by hand:", by_hand, "| predict:", by_sklearn, "| equal:", np.array_equal(by_hand, by_sklearn))

# %% [markdown]
# `predict` is the assignment step with the final centroids; the point (-1, 0), far from
# every blob, still gets a cluster, because k-means has no notion of "none of them".

# %% [markdown]
# ### Exercise 3 · Would you have found k = 3 in Lab 2?
#
# Pretend you do not know that Lab 2 has three blobs. Score k = 2..8 on the scaled training
# points `Z_train` and draw the k-selection figure. Which k do the two scores suggest?

# %% tags=["solution"]
lab2_scores = score_k_range(Z_train, range(2, 9))
print(lab2_scores)
fig = plot_k_selection(lab2_scores, best_k=int(lab2_scores["silhouette"].idxmax()))

# %% [markdown]
# Yes: the silhouette is highest at k = 3 (0.586 against 0.534 for k = 2), and the inertia
# bends at 3. The elbow is softer than in Lab 1 because the blobs overlap; when scores are
# this close, look at the clusters before you decide.

# %% [markdown]
# ## Key takeaways
#
# - k-means alternates an assignment step (nearest centroid) and an update step (mean of
#   the cluster) until the centroids stop moving: Lloyd's algorithm iterates.
# - Cluster numbers are arbitrary names: compare partitions with the adjusted Rand index or
#   after Hungarian matching, never by raw label equality.
# - `n_init` is the number of independent starts (the lowest inertia wins), `max_iter` caps
#   the iterations of one start, and the default start is k-means++.
# - Choose k with the elbow of the inertia and the silhouette, then check that the clusters
#   make sense.
# - Grade against known labels on a training and a held-out test split, with `predict` for
#   the test points; scale features on the training split only.
# - k-means wants compact, roundish clusters of similar spread on real-valued features:
#   stretched, unequal or curved groups and integer-coded categories break it.
#
# ## Going further
#
# - scikit-learn, k-means in the user guide: <https://scikit-learn.org/stable/modules/clustering.html#k-means>
# - scikit-learn, `KMeans`: <https://scikit-learn.org/stable/modules/generated/sklearn.cluster.KMeans.html>
# - scikit-learn, overview of clustering methods and the shapes they handle: <https://scikit-learn.org/stable/modules/clustering.html#overview-of-clustering-methods>
# - scikit-learn, silhouette analysis example: <https://scikit-learn.org/stable/auto_examples/cluster/plot_kmeans_silhouette_analysis.html>
# - scikit-learn, adjusted Rand index: <https://scikit-learn.org/stable/modules/clustering.html#rand-index>
# - SciPy, `linear_sum_assignment` (Hungarian method): <https://docs.scipy.org/doc/scipy/reference/generated/scipy.optimize.linear_sum_assignment.html>
# - NumPy, broadcasting: <https://numpy.org/doc/stable/user/basics.broadcasting.html>
# - polars, `group_by`: <https://docs.pola.rs/api/python/stable/reference/dataframe/api/polars.DataFrame.group_by.html>

# %% [markdown]
# ## Recipe
#
# Cluster a numeric table with k-means: standardise the columns, score k = 2..8 with the
# silhouette, fit the best k, and print each cluster's size and centroid in the original
# units. Replace the demo table with your own.

# %% tags=["recipe"]
import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import StandardScaler

# >>> Replace this demo with your own numeric table, e.g. pd.read_csv("customers.csv")[columns]
demo, _ = make_blobs(n_samples=500, centers=3, n_features=3, random_state=42)
table = pd.DataFrame(demo, columns=["x1", "x2", "x3"])

scaler = StandardScaler().fit(table)
Z = scaler.transform(table)
silhouettes = {}
for k in range(2, 9):
    labels = KMeans(n_clusters=k, n_init=10, random_state=42).fit_predict(Z)
    silhouettes[k] = silhouette_score(Z, labels)
best_k = max(silhouettes, key=silhouettes.get)

model = KMeans(n_clusters=best_k, n_init=10, random_state=42).fit(Z)
centroids = pd.DataFrame(scaler.inverse_transform(model.cluster_centers_), columns=table.columns)
centroids.insert(0, "size", np.bincount(model.labels_))
print(f"best k by silhouette: {best_k} ({silhouettes[best_k]:.3f})")
print(centroids.round(2))
