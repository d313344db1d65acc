# ---
# jupyter:
#   course:
#     minutes: 90
#     objectives:
#     - Create, reshape and index NumPy arrays, and tell a view from a copy
#     - Replace Python loops by vectorised expressions and broadcasting
#     - Aggregate an array along an axis
#     - Build, inspect and compute with scipy.sparse matrices (COO, CSR, CSC)
#     - Explain when sparse storage pays off, with numbers
#     summary: Arrays, views, masks, axis aggregation, vectorisation and broadcasting;
#       COO/CSR/CSC sparse matrices; segmenting 100 000 customers on a sparse matrix
#     title: "01 \xB7 NumPy and sparse matrices"
# ---

# %% [markdown]
# # 01 · NumPy and sparse matrices
#
# Clustering algorithms are array programs. This notebook gives you the two data structures
# they run on, dense NumPy arrays and sparse matrices, and ends by segmenting 100 000
# customers from their purchases.
#
# ## Learning objectives
#
# By the end of this notebook you can:
#
# - Create, reshape and index NumPy arrays, and tell a view from a copy
# - Replace Python loops by vectorised expressions and broadcasting
# - Aggregate an array along an axis
# - Build, inspect and compute with scipy.sparse matrices (COO, CSR, CSC)
# - Explain when sparse storage pays off, with numbers
#
# ## Prerequisites
#
# [00 · Start here](00_start_here.ipynb). Basic Python: lists, loops, functions.
#
# **Estimated time:** 90 minutes.

# %%
import timeit

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from scipy import sparse
from scipy.spatial.distance import cdist
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import normalize

import helpers
from helpers.checks import check
from helpers.synthetic import make_purchase_matrix
from helpers.plotting import plot_clusters

helpers.use_style()
np.set_printoptions(precision=3, suppress=True)
pd.set_option("display.precision", 3)
SEED = 42

# %% [markdown]
# ## Arrays: shape and dtype
#
# A NumPy array is a block of numbers that all have the same type (the **dtype**), laid
# out in memory with a **shape**: the length along each axis. `reshape` gives the same
# numbers a new shape without copying them.

# %%
a = np.arange(12)
grid = a.reshape(3, 4)
print(grid)
print("shape:", grid.shape, "| dimensions:", grid.ndim, "| dtype:", grid.dtype,
      "| bytes:", grid.nbytes)

# %% [markdown]
# Twelve 64-bit integers take 96 bytes: `nbytes` is always the number of elements times
# the size of one element. Converting to another dtype makes a new array:

# %%
as_float = grid.astype(np.float32)
print(as_float.dtype, as_float.nbytes, "bytes")

# %% [markdown]
# ## Views and copies
#
# Slicing returns a **view**: a new window on the *same* memory. Writing through a view
# changes the original array. Call `.copy()` when you need independent data.

# %%
column = grid[:, 1]            # a view of the second column
column[0] = 100
print(grid)
print("shares memory:", np.shares_memory(grid, column))

safe = grid[:, 1].copy()
safe[0] = -1
print("grid[0, 1] is still", grid[0, 1], "| shares memory:", np.shares_memory(grid, safe))

# %% [markdown]
# Changing `column` changed `grid`; changing `safe` did not. Fancy indexing with a list of
# positions or a boolean mask, on the other hand, always returns a copy:

# %%
print("rows [0, 1] by fancy indexing share memory:", np.shares_memory(grid, grid[[0, 1]]))

# %% [markdown]
# So a slice like `grid[:, 1]` is cheap but tied to `grid`, while `grid[[0, 1]]` is a new
# array you can change freely.

# %% [markdown]
# ## Boolean masks
#
# A comparison gives an array of `True`/`False` of the same shape: a **mask**. Indexing
# with a mask keeps the elements where it is `True`.

# %%
grid = np.arange(12).reshape(3, 4)   # a fresh grid: the one above holds the 100 we wrote
even = grid % 2 == 0
print(even)
print("even values:", grid[even])
print("how many are above 5:", (grid > 5).sum())

# %% [markdown]
# Summing a mask counts its `True` values, a pattern you will use all the time.

# %% [markdown]
# ## Aggregating along an axis
#
# `sum`, `mean`, `min`, `max` and friends take an `axis` argument. `axis=0` collapses the
# rows and leaves one value per column; `axis=1` collapses the columns and leaves one
# value per row.

# %%
print(grid)
print("axis=0, one sum per column:", grid.sum(axis=0))
print("axis=1, one sum per row:   ", grid.sum(axis=1))
print("no axis, everything:       ", grid.sum())

# %% [markdown]
# Read `axis=0` as "walk down the rows": the result has the shape of one row.

# %% [markdown]
# ## Vectorisation: let NumPy do the loop
#
# A Python loop handles one number at a time, with the interpreter's overhead at every
# step. A **vectorised** expression hands the whole array to compiled code. Compare the
# sum of squares of a million numbers both ways; first check that they agree:

# %%
rng = np.random.default_rng(SEED)
values = rng.random(1_000_000)


def sum_of_squares_loop(numbers):
    total = 0.0
    for x in numbers:
        total += x * x
    return total


loop_result = sum_of_squares_loop(values)
vector_result = np.sum(values**2)
print(f"loop: {loop_result:.6f}  vectorised: {vector_result:.6f}")
print("equal up to rounding:", np.isclose(loop_result, vector_result))

# %% [markdown]
# The two results can differ in the last digits because the additions happen in a
# different order. Now time them. One measurement can be thrown off by anything else the
# computer is doing, so `timeit.repeat` runs each version several times and you keep the
# **best** run: the time the code needs when nothing gets in its way. Your numbers will
# differ from the ones shown, from run to run and from machine to machine:

# %% tags=["nbval-ignore-output"]
# repeat=3: three measurements; number=...: calls per measurement (the loop is slow, so 1)
loop_runs = timeit.repeat(lambda: sum_of_squares_loop(values), number=1, repeat=3)
vector_runs = timeit.repeat(lambda: np.sum(values**2), number=20, repeat=3)
loop_seconds = min(loop_runs) / 1
vector_seconds = min(vector_runs) / 20

print(f"loop {loop_seconds * 1000:.1f} ms, vectorised {vector_seconds * 1000:.2f} ms "
      f"(best of 3), about {loop_seconds / vector_seconds:.0f} times faster")

# %% [markdown]
# Expect the vectorised version to be tens to hundreds of times faster. Every algorithm in
# this course is written this way.

# %% [markdown]
# ## Broadcasting: distances without loops
#
# A preview of where this is going: **k-means**, the algorithm of notebooks 02 and 03,
# describes each group of points by a centre point, its **centroid**, and gives every
# point to its nearest centroid. So it needs the distance from every point to every
# centroid, many times over.
#
# **Broadcasting** lets NumPy combine arrays of different shapes: an axis of length 1 is
# stretched to match the other array. Start with plain numbers: a column of 3 values,
# shape `(3, 1)`, minus a row of 4 values, shape `(1, 4)`, gives a `(3, 4)` table of every
# value of the column minus every value of the row. Indexing with `None` (also spelled
# `np.newaxis`) inserts such an axis of length 1:

# %%
column = np.array([10, 20, 30])[:, None]   # shape (3, 1)
row = np.array([1, 2, 3, 4])[None, :]       # shape (1, 4)
print(column.shape, "minus", row.shape, "->", (column - row).shape)
print(column - row)

# %% [markdown]
# Row *i*, column *j* of the result is `column[i] - row[j]`. Points work the same way,
# with one more axis for their two coordinates. With points of shape `(n, 2)` and
# centroids of shape `(k, 2)`, `points[:, None, :]` has shape `(n, 1, 2)` and
# `centroids[None, :, :]` has shape `(1, k, 2)`. Their difference has shape `(n, k, 2)`:
# every point minus every centroid, with no loop. Squaring, summing the two coordinates
# and taking the square root gives the ordinary straight-line distance:

# %%
points = np.array([[1.0, 1.0], [1.5, 2.0], [3.0, 4.5], [5.0, 7.0], [3.5, 5.0], [4.5, 5.0]])
centroids = np.array([[1.5, 1.2], [4.2, 6.0]])

differences = points[:, None, :] - centroids[None, :, :]
distances = np.sqrt((differences**2).sum(axis=2))
print("differences:", differences.shape, "-> distances:", distances.shape)
print(distances)

# %% [markdown]
# Row *i* holds the distances from point *i* to each centroid. SciPy's `cdist` computes
# the same matrix; checking against it is a good habit:

# %%
print("same as scipy's cdist:", np.allclose(distances, cdist(points, centroids)))
nearest = distances.argmin(axis=1)
print("nearest centroid of each point:", nearest)

# %%
ax = plot_clusters(points, nearest, centers=centroids,
                   title="Each point coloured by its nearest centroid",
                   axis_labels=("x", "y"))

# %% [markdown]
# `argmin(axis=1)` picks, for each point, the column of the smallest distance: the
# nearest centroid (on an exact tie it takes the first). That is the assignment step of
# k-means, with no loop.

# %% [markdown]
# ## Sparse matrices
#
# Think of a shop with thousands of products. A customer buys a handful of them, so a
# customer × product table is almost all zeros. A **sparse matrix** stores only the
# non-zero entries and their positions. `scipy.sparse` has several formats:
#
# - **COO** (coordinate): three arrays `row`, `col`, `data`; easy to build from
#   (row, column, value) triplets.
# - **CSR** (compressed sparse row): fast row slicing and matrix products; what
#   scikit-learn prefers.
# - **CSC** (compressed sparse column): the same idea by columns, fast column slicing.
#
# Build a small one from triplets. SciPy's current interface is the *sparse array*
# (`coo_array`, `csr_array`); the older `*_matrix` classes still exist, but `*` on them
# means matrix product, which trips people up. With sparse arrays, as with NumPy, `*` is
# element-wise and `@` is the matrix product. The **matrix product** `A @ B` combines
# every row of `A` with every column of `B`: each result cell is the sum of a row's
# values times a column's values, position by position (so `A` needs as many columns as
# `B` has rows).

# %%
rows = np.array([0, 0, 1, 3, 3])
cols = np.array([1, 4, 3, 0, 4])
vals = np.array([2.0, 1.0, 3.0, 1.0, 5.0])

coo = sparse.coo_array((vals, (rows, cols)), shape=(4, 5))
print(coo.toarray())
print("stored entries:", coo.nnz, "of", np.prod(coo.shape))

# %% [markdown]
# ### How CSR stores a matrix
#
# CSR keeps three arrays. `data` holds the non-zero values row by row, `indices` holds the
# column of each value, and `indptr` says where each row starts in `data`: row *i* is
# `data[indptr[i]:indptr[i + 1]]`. An empty row is one where two consecutive `indptr`
# values are equal.

# %%
csr = coo.tocsr()
print("data:   ", csr.data)
print("indices:", csr.indices)
print("indptr: ", csr.indptr)

start, stop = csr.indptr[3], csr.indptr[4]
print("row 3 has values", csr.data[start:stop], "in columns", csr.indices[start:stop])

# %% [markdown]
# Row 2 is empty: `indptr[2]` and `indptr[3]` are both 3.
#
# One practical detail: a sparse array built from 64-bit coordinates (the default
# integer type of NumPy and pandas) keeps 64-bit `indices`, and scikit-learn's `KMeans`
# and `MiniBatchKMeans` refuse those with "Only sparse matrices with 32-bit integer
# indices are accepted". Build from
# `int32` coordinates, as the helper and the recipe of this notebook do:

# %%
print("from int64 coordinates:", csr.indices.dtype)
csr = sparse.coo_array((vals, (rows.astype(np.int32), cols.astype(np.int32))),
                       shape=(4, 5)).tocsr()
print("from int32 coordinates:", csr.indices.dtype)

# %% [markdown]
# The same matrix in CSC is compressed by columns instead:

# %%
csc = csr.tocsc()
print("data:   ", csc.data)
print("indices (rows):", csc.indices)
print("indptr (column starts):", csc.indptr)

# %% [markdown]
# Now `indices` holds row numbers and `indptr` marks where each column starts; column 2
# is empty, since `indptr[2]` and `indptr[3]` are both 2.

# %% [markdown]
# ### Computing with sparse matrices
#
# Sums along an axis, products with dense arrays and scaling of rows all work without
# ever making the dense matrix. Below, `csr @ prices` multiplies each row's quantities by
# the prices of their columns and adds them up: one total per row. Row sums of a customer × product table are the number of
# items each customer bought; dividing each row by its sum gives the share of each
# product in that customer's basket.

# %%
row_totals = csr.sum(axis=1)
print("row sums:", row_totals)

prices = np.array([10.0, 2.5, 4.0, 1.0, 3.0])      # a dense vector, one price per column
print("spend per row (sparse @ dense):", csr @ prices)

safe_totals = np.where(row_totals == 0, 1, row_totals)  # avoid dividing by zero
shares = sparse.diags_array(1 / safe_totals) @ csr
print(shares.toarray())


# %% [markdown]
# Multiplying on the left by a diagonal matrix scales each row; the result is still
# sparse. The empty row stays empty instead of turning into a row of `nan`. Dividing by
# the row sum is called L1 normalisation; scikit-learn's `normalize(csr, norm="l1")` does
# the same in one call. Later you will use its default, L2 normalisation, which scales
# each row to length 1 instead, length measured like a straight-line distance: the
# square root of the sum of the squared values.

# %% [markdown]
# ### Memory: dense against sparse
#
# A dense array pays 8 bytes (float64) for every cell, zeros included. With int32 indices
# (as `random_array` gives), CSR pays for each stored value (8 bytes) and its column index
# (4 bytes), plus `n_rows + 1` row pointers (4 bytes each).
# Measure both with `nbytes` on a 2 000 × 1 000 matrix with 1 % non-zeros:

# %%
def csr_bytes(matrix):
    return matrix.data.nbytes + matrix.indices.nbytes + matrix.indptr.nbytes


random_sparse = sparse.random_array((2_000, 1_000), density=0.01, format="csr",
                                    rng=np.random.default_rng(SEED))
dense = random_sparse.toarray()
print(f"dense: {dense.nbytes / 1e6:.2f} MB, CSR: {csr_bytes(random_sparse) / 1e6:.3f} MB, "
      f"ratio {dense.nbytes / csr_bytes(random_sparse):.0f}x")

# %% [markdown]
# At 1 % density CSR is dozens of times smaller. The saving shrinks as the matrix fills
# up; Exercise 4 asks you to find where it disappears.
#
# ### Speed: when does sparse pay off?
#
# Memory is one side; time is the other. Clustering multiplies the data by a small dense
# matrix over and over (computing distances to the centroids takes such a product, one
# column per centroid). Time that product
# for a 2 000 × 1 000 matrix stored sparse (CSR) and dense, at densities from 0.5 % to 50 %,
# best of several runs as before:

# %% tags=["nbval-ignore-output"]
densities = [0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5]
right = np.random.default_rng(SEED).random((1_000, 8))   # like 8 centroids, one per column
timings = []
for density in densities:
    as_csr = sparse.random_array((2_000, 1_000), density=density, format="csr",
                                 rng=np.random.default_rng(SEED))
    as_dense = as_csr.toarray()
    timings.append({
        "density": density,
        "sparse ms": min(timeit.repeat(lambda: as_csr @ right, number=3, repeat=3)) / 3 * 1000,
        "dense ms": min(timeit.repeat(lambda: as_dense @ right, number=3, repeat=3)) / 3 * 1000,
    })
timings = pd.DataFrame(timings).set_index("density")
slower = timings.index[timings["sparse ms"] > timings["dense ms"]]
print("sparse is slower from density", slower.min() if len(slower) else "(never, up to 50 %)")

fig, ax = plt.subplots(figsize=(6.5, 3.6))
ax.plot(timings.index * 100, timings["sparse ms"], marker="o", label="sparse (CSR)")
ax.plot(timings.index * 100, timings["dense ms"], marker="s", label="dense")
ax.set_xscale("log")
ax.set_xticks([0.5, 1, 2, 5, 10, 20, 30, 50],
              labels=["0.5", "1", "2", "5", "10", "20", "30", "50"])
ax.minorticks_off()
ax.set_xlabel("density (% of cells non-zero, log scale)")
ax.set_ylabel("milliseconds per product")
ax.set_title("Sparse against dense: one matrix product")
legend = ax.legend()

# %% [markdown]
# The dense product costs about the same at every density: it multiplies every cell, zeros
# included. The sparse product grows with the number of stored entries, because each
# stored entry carries its column index and an indirect memory access. The printed line
# says whether, on this machine and in this run, sparse became the slower one, and from
# which density; on some machines it does within this range, on others not before 50 %.
# Either way, its speed advantage shrinks as the matrix fills, long before its memory
# saving ends (Exercise 4). Take the
# usual *go sparse below about 10 % density* as a rule of thumb, not a law: it sits on the
# safe side on most machines, and for matrices like purchase tables, far below 1 % dense,
# sparse wins on both counts.

# %% [markdown]
# ## Business case, small: five customers
#
# A shop sells 10 products. Five customers bought these quantities (rows are customers 1
# to 5, columns are products 1 to 10); customer 3 bought nothing at all. Store the table
# as CSR and ask k-means for two segments.
#
# You meet k-means properly in notebook 02; here you need only what it does and how
# scikit-learn runs it. k-means splits the rows into k groups so that the total of the
# squared distances from each row to its group's centroid is as small as it can find. In
# scikit-learn you first create the model with its settings (`n_clusters=2` groups;
# `n_init=10` runs it ten times from different starting centroids and keeps the best;
# `random_state` fixes the randomness), then `.fit(data)` runs it on your rows. The fitted
# model keeps the group number of every row in its attribute `labels_` (scikit-learn ends
# the names of results learned from the data with `_`).

# %%
purchases = np.array([
    [0, 2, 0, 0, 1, 0, 0, 0, 0, 0],
    [0, 0, 0, 3, 0, 0, 0, 0, 0, 0],
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    [1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 4],
])
small = sparse.csr_array(purchases.astype(float))
customers = [f"customer {i}" for i in range(1, 6)]

kmeans = KMeans(n_clusters=2, random_state=42, n_init=10).fit(small)
print("labels:", kmeans.labels_)

# %% [markdown]
# The labels are just names for the two groups; what matters is who ends up together.
# Four customers share one label and the remaining one (customer 5) gets the other. To
# see why, look at the distances between customers:

# %%
pd.DataFrame(cdist(purchases, purchases), index=customers, columns=customers).round(2)

# %% [markdown]
# None of the customers bought a product in common, so the distance between two
# customers only reflects how much each bought. Customer 5, with 4 units of one product,
# is far from everyone (at least 4 away), and k-means puts that customer alone. Customer
# 3, the empty row, sits at the origin and is close to the small buyers, so it joins them.
# That is the problem with raw quantities: **the biggest buyers dominate the distances**,
# and the segments say "how much" rather than "what".
#
# A common remedy is to normalise each row to length 1 (L2 normalisation), so that a
# customer is described by the *mix* of products, not the volume. Customer 3 has nothing
# to normalise and stays all zeros.

# %%
mix = normalize(small)       # each non-empty row now has Euclidean length 1
pd.DataFrame(cdist(mix.toarray(), mix.toarray()), index=customers,
             columns=customers).round(3)

# %%
print("labels after normalising:",
      KMeans(n_clusters=2, random_state=42, n_init=10).fit(mix).labels_)

# %% [markdown]
# After normalising, every pair of buyers is exactly √2 ≈ 1.414 apart (their baskets have
# nothing in common) and each is 1 away from the empty customer. By symmetry, the four
# ways of putting one buyer alone all give exactly the same total of squared distances,
# the smallest available, and k-means returns one of them. Here it again isolates
# customer 5, but that is now the outcome of breaking a tie, not a finding. The honest
# conclusion: five customers with no shared products contain no segments. The all-zero
# customer deserves separate handling in practice (a "no purchases yet" group) rather than
# being clustered at all. With many customers, shared products appear and normalised rows
# start to pay off, as the next section shows.

# %% [markdown]
# ## Business case, at scale: 100 000 customers
#
# `helpers.synthetic.make_purchase_matrix` makes a realistic, seeded version of the same
# problem: 100 000 customers, 5 000 products, about 0.2 % of the cells non-zero. Each
# customer belongs to one of five planted segments, and each segment has its own 100
# favourite products (70 % of a customer's order lines, the rest random). Because we
# planted the segments, we can check whether clustering finds them.

# %%
shop = make_purchase_matrix(100_000, 5_000, n_segments=5, density=0.002, random_state=SEED)
matrix = shop.matrix
print(f"shape {matrix.shape}, stored entries {matrix.nnz:,}, "
      f"density {matrix.nnz / np.prod(matrix.shape):.4%}, index dtype {matrix.indices.dtype}")

# %% [markdown]
# How much memory would the dense version need? Compute it from the shape instead of
# allocating it:

# %%
dense_bytes = matrix.shape[0] * matrix.shape[1] * np.dtype(np.float64).itemsize
sparse_bytes = csr_bytes(matrix)
memory = pd.DataFrame(
    {"megabytes": [dense_bytes / 1e6, sparse_bytes / 1e6]},
    index=["dense float64 (computed)", "CSR (measured)"],
)
print(memory.round(1))
print(f"CSR needs {dense_bytes / sparse_bytes:.0f} times less memory")

# %% [markdown]
# Four gigabytes dense against about 12 megabytes sparse: at this density the dense
# array would not even fit on many laptops, while CSR is trivial. To see the structure
# hiding in the zeros, draw one dot per non-zero cell for 300 customers sorted by their
# planted segment, with the products reordered so that each segment's favourites sit
# side by side (the 500 favourites first, then 200 other products). Three NumPy functions
# do the bookkeeping: `np.argsort` gives the positions that would sort an array, `ravel`
# flattens the 5 × 100 table of favourites into one row of 500, and `np.setdiff1d(a, b)`
# keeps the values of `a` that are not in `b` (sorted):

# %%
customer_order = np.argsort(shop.segments[:300], kind="stable")   # customers by segment
favourites = shop.favourites.ravel()                     # the 5 x 100 favourites, flat
others = np.setdiff1d(np.arange(matrix.shape[1]), favourites)[:200]  # not favourites
product_order = np.concatenate([favourites, others])

fig, ax = plt.subplots(figsize=(8, 4.5))
# spy draws one dot for every non-zero cell of a matrix
ax.spy(matrix[customer_order, :][:, product_order], markersize=1.2, aspect="auto",
       color="#0072B2")
ax.xaxis.set_ticks_position("bottom")
ax.set_title("Who buys what: 300 customers, 700 products", pad=12)
ax.set_xlabel("product (favourites of segment 0, 1, 2, 3, 4, then others)")
ax.set_ylabel("customer (sorted by segment)")
ax.grid(False)
# thin lines where one segment (rows) or one segment's favourites (columns) end
row_ends = np.cumsum(np.bincount(shop.segments[:300]))[:-1]
for end in row_ends:
    ax.axhline(end - 0.5, color="0.6", linewidth=0.6)
for end in range(100, 600, 100):
    ax.axvline(end - 0.5, color="0.6", linewidth=0.6)

# %% [markdown]
# The dense blocks on the diagonal are the segments buying their favourites; the thin
# scatter elsewhere is everyone's random purchases. Clustering has to find those blocks
# without being told the order of rows and columns.

# %% [markdown]
# ### Segmenting with MiniBatchKMeans on the sparse matrix
#
# `MiniBatchKMeans` updates the centroids from small random batches of rows, so it scales
# to large tables and accepts CSR input directly: the matrix is never densified. Try it
# first on raw quantities, then on L2-normalised rows. `np.bincount(labels)` counts how
# often each whole number 0, 1, 2, ... occurs in `labels`: the size of each cluster. The
# **adjusted Rand index** (ARI) compares the found clusters with the planted segments: 1
# is a perfect match (whatever the cluster numbers are), and about 0 is what random labels
# would score.

# %%
raw_model = MiniBatchKMeans(n_clusters=5, n_init=10, random_state=SEED).fit(matrix)
items = matrix.sum(axis=1)
print("cluster sizes on raw quantities:", np.bincount(raw_model.labels_))
print("mean items per customer, by cluster:",
      np.array([items[raw_model.labels_ == k].mean() for k in range(5)]).round(1))
print(f"ARI on raw quantities: {adjusted_rand_score(shop.segments, raw_model.labels_):.3f}")

# %% [markdown]
# On raw quantities two of the five clusters hold only a few dozen customers each, and
# those customers have bigger baskets than the rest (second line of the output): with raw
# quantities, how much a customer buys pulls the centroids as hard as what they buy. One
# large cluster mixes several segments, and the ARI stays far from 1. Now the same on
# L2-normalised rows:

# %%
rows_normalised = normalize(matrix)            # still CSR
model = MiniBatchKMeans(n_clusters=5, n_init=10, random_state=SEED).fit(rows_normalised)
print("cluster sizes on normalised rows:", np.bincount(model.labels_))
print(f"ARI on normalised rows: {adjusted_rand_score(shop.segments, model.labels_):.3f}")

# %% [markdown]
# The five clusters now have about
# 20 000 customers each and the ARI is close to 1. A cross-table shows the match; the
# cluster numbers are arbitrary, so look for one large count per row, not for a diagonal:

# %%
pd.crosstab(pd.Series(shop.segments, name="planted segment"),
            pd.Series(model.labels_, name="cluster"))

# %% [markdown]
# ### What does each segment buy?
#
# A fitted model keeps its centroids in `cluster_centers_`, one row per cluster: the
# average normalised basket of its customers. Its largest coordinates are the cluster's
# top products: `np.argsort` lists positions from the smallest value to the largest, so
# `[:, ::-1]` reverses it to largest first. Compare them with the favourites planted in
# the segment that each cluster mostly contains (`np.bincount(...).argmax()` is the most
# frequent planted segment among the cluster's customers):

# %%
top_products = np.argsort(model.cluster_centers_, axis=1)[:, ::-1][:, :10]
rows = []
for cluster, top in enumerate(top_products):
    # the planted segment most of this cluster's customers come from
    segment = np.bincount(shop.segments[model.labels_ == cluster]).argmax()
    planted = set(shop.favourites[segment])
    rows.append({"cluster": cluster, "mostly segment": segment,
                 "top 5 products": ", ".join(map(str, top[:5])),
                 "planted favourites in top 10": sum(p in planted for p in top)})
pd.DataFrame(rows).set_index("cluster")

# %% [markdown]
# Every cluster's ten top products are favourites of the segment it recovered. In a real
# shop this table is the starting point of a segment description: "the customers who buy
# these ten products" becomes "the camping crowd" once someone looks up what they are.

# %% [markdown]
# ## Exercises
#
# Each exercise ends with a `check(...)` cell: compute your answer in the cell above it,
# store it in the variable the exercise names, and run the check. It says *correct* or
# gives a hint; it never shows the answer.
#
# ### Exercise 1 · A what-if that went wrong
#
# The cell below holds the quantities six customers (rows) bought of six products
# (columns). A colleague wants to see what the table would look like if nobody had bought
# product 0 (the first column), and runs:
#
# ```python
# what_if = orders[:, 0]   # product 0, to play with
# what_if[:] = 0           # pretend nobody bought it
# ```
#
# Run the cell below, then those two lines. How many customers in `orders` bought **at
# least two different products** (a quantity above 0)? Use a mask and an aggregation
# along the right axis, no loop. Store your answer in `n_multi` (an integer).

# %% tags=["prompt"]
orders = np.array([
    [2, 0, 1, 0, 0, 0],
    [1, 3, 0, 0, 0, 0],
    [0, 0, 2, 0, 0, 1],
    [4, 0, 0, 1, 0, 0],
    [0, 0, 0, 0, 5, 0],
    [1, 1, 0, 0, 0, 2],
])

# %% tags=["solution"]
what_if = orders[:, 0]
what_if[:] = 0
products_bought = (orders > 0).sum(axis=1)   # one count per customer (row)
print("different products per customer:", products_bought)
n_multi = int((products_bought >= 2).sum())
print("customers with at least two:", n_multi)

# %% tags=["check"]
check("01.1", n_multi)

# %% [markdown] tags=["solution"]
# `orders[:, 0]` is a slice, so `what_if` is a view: writing zeros through it erased
# product 0 from `orders` itself, and customers who had bought it lost one product from
# their count. The colleague needed `orders[:, 0].copy()`, or better a copy of the whole
# table (`orders.copy()`) to play with. The mask `orders > 0` turns quantities into
# bought / not bought, and `sum(axis=1)` counts along each row, one result per customer.

# %% [markdown]
# ### Exercise 2 · Best sellers
#
# Using the 100 000 × 5 000 `matrix` of the business case, find the **five products bought
# in the largest total quantity** (all customers together), without converting the matrix
# to dense. Store their column numbers in `top_five` (a list of five integers, in any
# order). Then, for curiosity, count how many distinct customers bought each. (Hint:
# `sum(axis=0)`, `np.argsort`, and `(matrix > 0)` is a sparse mask.)

# %% tags=["solution"]
quantity = matrix.sum(axis=0)                 # one total per product (column)
buyers = (matrix > 0).sum(axis=0)             # distinct customers per product
top_five = np.argsort(quantity)[::-1][:5].tolist()
pd.DataFrame({"product": top_five, "total quantity": quantity[top_five],
              "customers": buyers[top_five]})

# %% tags=["check"]
check("01.2", top_five)

# %% [markdown] tags=["solution"]
# `sum(axis=0)` walks down the rows, one total per product; `np.argsort` sorts from the
# smallest, so `[::-1]` reverses it before taking the first five. All five are favourites
# of some segment: a segment's 100 favourites share 70 % of its customers' order lines,
# so each favourite sells far more than an ordinary product.

# %% [markdown]
# ### Exercise 3 · The closest pair
#
# With broadcasting, compute the 6 × 6 matrix of Euclidean distances between the six
# `points` of the broadcasting section (every point to every other point), without a
# loop, and check it against `cdist(points, points)`. Which **two different points** are
# closest to each other? Store their row numbers (counting from 0) in `closest_pair`, for
# example `closest_pair = {1, 5}`.

# %% tags=["solution"]
pairwise = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(axis=2))
print("matches cdist:", np.allclose(pairwise, cdist(points, points)))
off_diagonal = pairwise + np.diag(np.full(len(points), np.inf))  # a point is not its own pair
i, j = np.unravel_index(off_diagonal.argmin(), off_diagonal.shape)
closest_pair = {int(i), int(j)}
print("closest pair:", closest_pair, f"at distance {pairwise[i, j]:.2f}")

# %% tags=["check"]
check("01.3", closest_pair)

# %% [markdown] tags=["solution"]
# The diagonal holds each point's distance to itself, zero, so a plain `argmin` finds a
# point paired with itself. Putting infinity on the diagonal (or masking it) removes those
# pairs. `np.unravel_index` turns the position in the flattened matrix back into (row,
# column). The matrix is symmetric, because the distance from *a* to *b* is the distance
# from *b* to *a*, so the pair appears twice, as (i, j) and (j, i).

# %% [markdown]
# ### Exercise 4 · When does CSR stop saving memory?
#
# For a float64 matrix with 32-bit indices, write the memory of CSR as a function of the
# number of rows and of non-zeros (see the memory section: 8 bytes per value, 4 per column
# index, 4 per row pointer, with `n_rows + 1` row pointers), and check it on
# `random_sparse`. Then find the **density** (non-zeros divided by cells) above which CSR
# takes more memory than the dense array, for a 2 000 × 1 000 matrix. Store it in
# `break_even` as a fraction between 0 and 1 (0.25 for 25 %), to three decimals.

# %% tags=["solution"]
n_rows, n_cols = random_sparse.shape
predicted = random_sparse.nnz * (8 + 4) + (n_rows + 1) * 4
print("formula:", predicted, "bytes | measured:", csr_bytes(random_sparse), "bytes")

# CSR is larger than dense when nnz * 12 + (n_rows + 1) * 4 > n_rows * n_cols * 8
break_even = (n_rows * n_cols * 8 - (n_rows + 1) * 4) / 12 / (n_rows * n_cols)
print(f"break-even density for a {n_rows} x {n_cols} matrix: {break_even:.3f}")

# %% tags=["check"]
check("01.4", break_even)

# %% [markdown] tags=["solution"]
# Above about two thirds of the cells non-zero, dense storage wins on memory: each stored
# value costs 12 bytes instead of 8. The row pointers barely matter: without them the
# answer would be 8 / 12 = 0.6667, and they move it only in the fourth decimal. Speed is
# another matter: the timing above showed sparse losing its advantage far earlier (where
# exactly depends on the machine), which is why the rule of thumb for choosing sparse
# speaks of about 10 %, not two thirds.

# %% [markdown]
# ## Key takeaways
#
# - An array has a shape and one dtype; slices are views that share memory, `.copy()`
#   makes independent data.
# - Vectorised expressions and broadcasting replace Python loops and are tens to
#   hundreds of times faster (time them best of several runs); `points[:, None, :] - centroids[None, :, :]` gives all
#   point-to-centroid differences at once.
# - `axis=0` aggregates down the rows (one result per column), `axis=1` across the
#   columns (one per row).
# - CSR stores `data`, `indices` and `indptr`; it supports sums, products and row scaling
#   without densifying, and scikit-learn accepts it directly. It saves memory up to about
#   two thirds density, but its speed advantage fades much earlier: as a rule of thumb, go
#   sparse below about 10 % (time it on your machine when it matters).
# - On purchase data, normalise rows before clustering, or the biggest buyers dominate;
#   check recovered segments with a label-free measure such as the adjusted Rand index.
#
# ## Going further
#
# - NumPy, indexing on arrays (views, copies, masks): <https://numpy.org/doc/stable/user/basics.indexing.html>
# - NumPy, broadcasting: <https://numpy.org/doc/stable/user/basics.broadcasting.html>
# - SciPy, sparse arrays (`scipy.sparse`): <https://docs.scipy.org/doc/scipy/reference/sparse.html>
# - Python, `timeit`: <https://docs.python.org/3/library/timeit.html>
# - SciPy, `cdist`: <https://docs.scipy.org/doc/scipy/reference/generated/scipy.spatial.distance.cdist.html>
# - scikit-learn, `KMeans`: <https://scikit-learn.org/stable/modules/generated/sklearn.cluster.KMeans.html>
# - scikit-learn, mini-batch k-means: <https://scikit-learn.org/stable/modules/clustering.html#mini-batch-kmeans>
# - scikit-learn, `normalize`: <https://scikit-learn.org/stable/modules/generated/sklearn.preprocessing.normalize.html>
# - scikit-learn, adjusted Rand index: <https://scikit-learn.org/stable/modules/clustering.html#rand-index>

# %% [markdown]
# ## Recipe
#
# Segment customers from a long table of purchase lines, one row per customer and product
# with the quantity bought (what an order system exports). The cell builds the customer ×
# product CSR matrix without densifying it, divides each quantity by the product's median
# quantity (so a product sold by the gram does not outweigh one sold by the piece),
# normalises each basket to length 1 (its mix, not its volume), compares k = 2..8 with
# `KMeans` (`MiniBatchKMeans` above 100 000 customers), and leaves the result in the DataFrame `segments` (one row per
# customer, column `segment`; customers who bought nothing get -1).
#
# Its output uses a few terms that notebook 02 explains in full: **inertia** is the
# total squared distance from each customer to its segment's centroid (lower is tighter);
# the **silhouette** (from -1 to 1, higher is better) says how much closer customers are
# to their own segment than to the next one, and picks k here; the **shuffled baseline**
# is the silhouette of the same baskets with their products reassigned at random, and the
# **lift** is how many times better the real silhouette is than that baseline.
#
# It checks before it answers. It stops with a `ValueError` that says what to do on
# missing values, non-numeric or negative quantities, repeated (customer, product) lines
# (unless `SUM_REPEATED_LINES = True`) and too few customers. It prints the whole
# model-selection table, and a line starting with `Warning:` when the best k sits at the
# edge of the range, when several k nearly tie, when a segment is tiny, when many
# customers bought nothing, or when the baskets are no more structured than shuffled ones.
# Sparse baskets share few products, so their silhouettes are low even when segments are
# real: that is why each k is compared with the same baskets with their products
# reassigned at random. Replace the lines between the two `# ----` markers with your own
# table, e.g. `lines = pd.read_csv("order_lines.csv")`, and adjust the settings at the top.

# %% tags=["recipe"]
import os
import tempfile

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize

# Settings: change these, not the code below.
COLUMNS = ("customer", "product", "quantity")  # names of the three columns of `lines`
K_RANGE = range(2, 9)          # numbers of segments to compare
N_SEGMENTS = None              # None: take the k with the best silhouette; or fix it, e.g. 4
SUM_REPEATED_LINES = False     # True: add up repeated (customer, product) lines; False: stop
SCALE_PRODUCTS = True          # divide quantities by each product's median quantity
MAX_SPREAD_RATIO = 10.0        # warn when product quantity scales differ more than this, unscaled
TIE_TOLERANCE = 0.01           # silhouettes this close to the best count as a near-tie
MIN_LIFT = 1.5                 # best silhouette under this many times that of shuffled baskets: no structure
MIN_SEGMENT_SHARE = 0.01       # flag segments holding less than this share of the customers
MAX_DROP_SHARE = 0.05          # warn when more than this share of customers has an empty basket
MIN_CUSTOMERS = 20             # refuse fewer customers
SILHOUETTE_SAMPLE = 2_000      # silhouettes on more customers use a seeded sample of this size
N_INIT = 3                     # starts per fit (the best one is kept)
MINI_BATCH_ABOVE = 100_000     # more customers than this: MiniBatchKMeans (faster, a little less exact)
TOP_PRODUCTS = 5               # products listed per segment
RANDOM_SEED = 42                      # every random choice is seeded: same table, same segments
OUTPUT_CSV = None              # e.g. "segments.csv" to save the customer -> segment table


def check_lines(lines):
    """Stop with a clear message on purchase lines that cannot be segmented."""
    missing = [c for c in COLUMNS if c not in getattr(lines, "columns", [])]
    if missing:
        raise ValueError(f"lines must be a DataFrame with columns {list(COLUMNS)}; missing {missing}")
    customer, product, quantity = COLUMNS
    if lines[[customer, product]].isna().any().any():
        raise ValueError(f"some lines have no {customer} or {product}: drop or fix them first")
    if not pd.api.types.is_numeric_dtype(lines[quantity]) or pd.api.types.is_bool_dtype(lines[quantity]):
        raise ValueError(f"column {quantity!r} is not numeric ({lines[quantity].dtype}): convert it, "
                         f"e.g. pd.to_numeric(lines[{quantity!r}]), and fix what fails")
    values = lines[quantity].to_numpy(dtype=float)
    if not np.isfinite(values).all():
        raise ValueError(f"{(~np.isfinite(values)).sum()} lines have a missing or infinite "
                         f"{quantity}: fill or drop them first")
    if (values < 0).any():
        raise ValueError(f"{(values < 0).sum()} lines have a negative {quantity} (returns?): "
                         "net them against the purchases or drop them first")
    repeated = lines.duplicated([customer, product])
    if repeated.any() and not SUM_REPEATED_LINES:
        first = lines.loc[repeated, [customer, product]].iloc[0].tolist()
        raise ValueError(f"{repeated.sum()} repeated ({customer}, {product}) lines, e.g. {first}: "
                         "set SUM_REPEATED_LINES = True if they are separate orders to add up, "
                         "or de-duplicate them")


def basket_matrix(lines):
    """Customers x products CSR matrix of quantities, with the customer and product ids."""
    customer, product, quantity = COLUMNS
    # factorize: codes 0..n-1 for the rows and columns, and the id behind each code
    rows, customers = pd.factorize(lines[customer])
    cols, products = pd.factorize(lines[product])
    values = lines[quantity].to_numpy(dtype=float)
    scale = pd.Series(values).groupby(cols).median().to_numpy()   # typical quantity per product
    positive = scale[scale > 0]
    ratio = positive.max() / positive.min() if len(positive) else 1.0
    if SCALE_PRODUCTS:
        spread = (f"all medians were {scale.min():g}" if scale.min() == scale.max()
                  else f"the medians ran from {scale.min():g} to {scale.max():g}")
        print(f"Quantities divided by each product's median quantity (SCALE_PRODUCTS = True); "
              f"{spread}.")
        values = values / np.where(scale > 0, scale, 1)[cols]
    elif ratio > MAX_SPREAD_RATIO:
        print(f"Warning: SCALE_PRODUCTS = False and products' median quantities differ {ratio:.0f}-fold "
              "(grams against pieces?): the products with large numbers will decide the segments. "
              "Set SCALE_PRODUCTS = True or convert to one unit.")
    # int32 coordinates give the 32-bit indices (MiniBatch)KMeans requires
    baskets = sparse.csr_array((values, (rows.astype(np.int32), cols.astype(np.int32))),
                               shape=(len(customers), len(products)))
    baskets.sum_duplicates()   # adds up repeated (customer, product) entries into one
    return baskets, customers, products


def k_means(k, n_rows):
    """k-means for k segments: exact on ordinary tables, mini-batches on very large ones."""
    kind = MiniBatchKMeans if n_rows > MINI_BATCH_ABOVE else KMeans
    return kind(n_clusters=k, n_init=N_INIT, random_state=RANDOM_SEED)


def silhouette(X, labels):
    size = SILHOUETTE_SAMPLE if X.shape[0] > SILHOUETTE_SAMPLE else None
    return silhouette_score(X, labels, sample_size=size, random_state=RANDOM_SEED)


def shuffled(X):
    """The same baskets with their products reassigned at random: no segments left in them."""
    rng = np.random.default_rng(RANDOM_SEED)
    null = sparse.csr_array((X.data, rng.permutation(X.indices), X.indptr), shape=X.shape)
    null.sum_duplicates()
    return normalize(null)


def choose_k(X):
    """Score every k, print the table, and warn when the choice is shaky."""
    rows = []
    for k in K_RANGE if N_SEGMENTS is None else [N_SEGMENTS]:
        model = k_means(k, X.shape[0]).fit(X)
        rows.append({"k": k, "inertia": model.inertia_, "silhouette": silhouette(X, model.labels_)})
    scores = pd.DataFrame(rows).set_index("k")
    sampled = X.shape[0] > SILHOUETTE_SAMPLE
    print("Model selection" + (f" (silhouettes on a seeded sample of {SILHOUETTE_SAMPLE} customers)"
                               if sampled else "") + ":")
    print(scores.round(3).to_string())
    best = int(scores["silhouette"].idxmax()) if N_SEGMENTS is None else N_SEGMENTS
    # Sparse baskets share few products, so their silhouettes are low even when the
    # segments are real: compare with the same baskets, products reassigned at random.
    null = shuffled(X)
    baseline = silhouette(null, k_means(best, X.shape[0]).fit_predict(null))
    top = scores.loc[best, "silhouette"]
    print(f"k = {best}: silhouette {top:.3f} against {baseline:.3f} for shuffled baskets")
    if top < MIN_LIFT * baseline:
        print(f"Warning: that is less than {MIN_LIFT} times the shuffled baskets' silhouette: "
              "the purchases show no real segment structure. Do not act on these segments.")
    if N_SEGMENTS is not None:
        return best
    if best in (min(K_RANGE), max(K_RANGE)):
        print(f"Warning: the best k = {best} is at the edge of K_RANGE ({min(K_RANGE)}..{max(K_RANGE)}): "
              "widen K_RANGE (at the lower edge: check that there are segments at all), "
              "or fix N_SEGMENTS from the profiles.")
    close = scores.index[scores["silhouette"] >= top - TIE_TOLERANCE].tolist()
    if len(close) > 1:
        print(f"Warning: near-tie: k = {close} score within {TIE_TOLERANCE} of the best silhouette; "
              "choose among them from their profiles and set N_SEGMENTS.")
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
rng = np.random.default_rng(42)        # demo: 3 000 customers of 3 kinds, 6 order lines each
kind = np.repeat(rng.integers(3, size=3_000), 6)
favourite = rng.random(18_000) < 0.8   # 80 % of lines from the kind's 8 favourite products
product = np.where(favourite, kind * 8 + rng.integers(8, size=18_000), rng.integers(24, 60, size=18_000))
lines = pd.DataFrame({
    "customer": np.repeat(np.arange(1, 3_001), 6),
    "product": [f"P{p:02d}" for p in product],
    "quantity": rng.integers(1, 4, size=18_000) * (1 + product % 5) * 2,   # pack sizes differ
}).drop_duplicates(["customer", "product"])
# ---- end of your data ----

check_lines(lines)
basket_csr, customer_ids, product_ids = basket_matrix(lines)
empty = basket_csr.sum(axis=1) == 0    # customers whose quantities are all zero
if empty.any():
    print(f"{empty.sum()} customers ({empty.mean():.1%}) bought nothing: set aside as segment -1.")
if empty.mean() > MAX_DROP_SHARE:
    print(f"Warning: that is more than MAX_DROP_SHARE = {MAX_DROP_SHARE} of the customers; "
          "check the quantity column before trusting the segments.")
X = normalize(basket_csr[~empty])     # each basket scaled to length 1: its mix, not its volume
if X.shape[0] < MIN_CUSTOMERS or X.shape[0] <= max(K_RANGE if N_SEGMENTS is None else [N_SEGMENTS]):
    raise ValueError(f"only {X.shape[0]} customers with purchases: segmenting needs at least "
                     f"{MIN_CUSTOMERS} (MIN_CUSTOMERS), and more customers than segments")
chosen_k = choose_k(X)
segment_model = k_means(chosen_k, X.shape[0]).fit(X)
segment_of = np.full(len(customer_ids), -1)
segment_of[~empty] = segment_model.labels_
segments = pd.DataFrame({"segment": segment_of}, index=pd.Index(customer_ids, name=COLUMNS[0]))

print(f"\n{chosen_k} segments:")
sizes = np.bincount(segment_model.labels_, minlength=chosen_k)   # customers per segment
for seg, centre in enumerate(segment_model.cluster_centers_):
    ranked = np.argsort(centre)[::-1][:TOP_PRODUCTS]
    top = product_ids[ranked[centre[ranked] > 0]].tolist()      # the segment's most bought products
    print(f"segment {seg}: {sizes[seg]} customers, top products {top}")
    if sizes[seg] < MIN_SEGMENT_SHARE * len(segment_of):
        print(f"Warning: segment {seg} holds only {sizes[seg]} customers ({sizes[seg] / len(segment_of):.2%}), "
              f"under MIN_SEGMENT_SHARE = {MIN_SEGMENT_SHARE}: outliers rather than a segment? "
              "Inspect them, or try a smaller k.")
if OUTPUT_CSV:
    write_atomically(segments, OUTPUT_CSV)
    print(f"Saved the customer -> segment table to {OUTPUT_CSV}")
