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
import time

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from scipy import sparse
from scipy.spatial.distance import cdist
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import normalize

import helpers
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
# different order. Now time them. Timings change from run to run and from machine to
# machine, so your numbers will differ from the ones shown:

# %% tags=["nbval-ignore-output"]
start = time.perf_counter()
sum_of_squares_loop(values)
loop_seconds = time.perf_counter() - start

start = time.perf_counter()
np.sum(values**2)
vector_seconds = time.perf_counter() - start

print(f"loop {loop_seconds * 1000:.1f} ms, vectorised {vector_seconds * 1000:.2f} ms, "
      f"about {loop_seconds / vector_seconds:.0f} times faster")

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
# stretched to match the other array. Indexing with `None` (also spelled `np.newaxis`)
# inserts such an axis of length 1. With points of shape `(n, 2)` and centroids of shape
# `(k, 2)`, `points[:, None, :]` has shape `(n, 1, 2)` and `centroids[None, :, :]` has
# shape `(1, k, 2)`. Their difference has shape `(n, k, 2)`: every point minus every
# centroid, with no loop.

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
                   title="Each point coloured by its nearest centroid")

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
# element-wise and `@` is the matrix product.

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
# ever making the dense matrix. Row sums of a customer × product table are the number of
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
# each row to Euclidean length 1 instead.

# %% [markdown]
# ### Memory: dense against sparse
#
# A dense array pays 8 bytes (float64) for every cell, zeros included. CSR pays for each
# stored value (8 bytes) and its column index (4 bytes), plus `n_rows + 1` row pointers
# (4 bytes each).
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
# up; Exercise 3 asks you to find where it disappears.

# %% [markdown]
# ## Business case, small: five customers
#
# A shop sells 10 products. Five customers bought these quantities (rows are customers 1
# to 5, columns are products 1 to 10); customer 3 bought nothing at all. Store the table
# as CSR and ask k-means for two segments. `n_init=10` makes it try ten different
# starting centroids and keep the best result; `labels_` holds the segment of each
# customer.

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
# ways of putting one buyer alone all give exactly the same k-means score, the best one
# available, and k-means returns one of them. Here it again isolates customer 5, but that
# is now the outcome of breaking a tie, not a finding. The
# honest conclusion: five customers with no shared products contain no segments. The
# all-zero customer deserves separate handling in practice (a "no purchases yet" group)
# rather than being clustered at all. With many customers, shared products appear and
# normalised rows start to pay off, as the next section shows.

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
# side by side (the 500 favourites first, then 200 other products):

# %%
# argsort gives the positions that would sort the array: here, customers by segment
customer_order = np.argsort(shop.segments[:300], kind="stable")
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

# %% [markdown]
# The dense blocks on the diagonal are the segments buying their favourites; the thin
# scatter elsewhere is everyone's random purchases. Clustering has to find those blocks
# without being told the order of rows and columns.

# %% [markdown]
# ### Segmenting with MiniBatchKMeans on the sparse matrix
#
# `MiniBatchKMeans` updates the centroids from small random batches of rows, so it scales
# to large tables and accepts CSR input directly: the matrix is never densified. Try it
# first on raw quantities, then on L2-normalised rows. The **adjusted Rand index** (ARI)
# compares the found clusters with the planted segments: 1 is a perfect match (whatever
# the cluster numbers are), and about 0 is what random labels would score.

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
# The centroid of a cluster is the average normalised basket of its customers. Its
# largest coordinates are the cluster's top products: `np.argsort` lists positions from
# the smallest value to the largest, so `[:, ::-1]` reverses it to largest first. Compare
# them with the favourites planted in the segment that each cluster mostly contains:

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
# ### Exercise 1 · Best sellers
#
# Using the 100 000 × 5 000 `matrix`, find the five products bought in the largest total
# quantity, and how many distinct customers bought each. Do it without converting the
# matrix to dense. (Hint: `sum(axis=0)`, and `(matrix > 0)` is a sparse mask.)

# %% tags=["solution"]
quantity = matrix.sum(axis=0)
buyers = (matrix > 0).sum(axis=0)
best = np.argsort(quantity)[::-1][:5]
pd.DataFrame({"product": best, "total quantity": quantity[best], "customers": buyers[best]})

# %% [markdown]
# ### Exercise 2 · All pairwise distances
#
# With broadcasting, compute the 6 × 6 matrix of Euclidean distances between the six
# `points` of the broadcasting section (every point to every other point), without a
# loop. Check it against `cdist(points, points)`. What is on its diagonal, and why is it
# symmetric?

# %% tags=["solution"]
pairwise = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(axis=2))
print(pairwise.round(2))
print("matches cdist:", np.allclose(pairwise, cdist(points, points)))
print("diagonal all zero:", np.allclose(np.diag(pairwise), 0),
      "| symmetric:", np.allclose(pairwise, pairwise.T))

# %% [markdown]
# The diagonal is the distance from each point to itself, zero; the matrix is symmetric
# because the distance from *a* to *b* equals the distance from *b* to *a*.

# %% [markdown]
# ### Exercise 3 · When does CSR stop paying off?
#
# For a float64 matrix with 32-bit indices, write the memory of CSR as a function of the
# number of rows and of non-zeros, and find the density above which CSR takes more memory
# than the dense array. Check your formula on `random_sparse`.

# %% tags=["solution"]
n_rows, n_cols = random_sparse.shape
predicted = random_sparse.nnz * (8 + 4) + (n_rows + 1) * 4
print("formula:", predicted, "bytes | measured:", csr_bytes(random_sparse), "bytes")

# CSR is larger than dense when nnz * 12 + (n_rows + 1) * 4 > n_rows * n_cols * 8
break_even = (n_rows * n_cols * 8 - (n_rows + 1) * 4) / 12 / (n_rows * n_cols)
print(f"break-even density for a {n_rows} x {n_cols} matrix: {break_even:.1%}")

# %% [markdown]
# Above about two thirds of the cells non-zero, dense storage wins on memory. For speed
# the break-even comes at a much lower density, because every stored entry carries the
# overhead of its index; a common rule of thumb is to go sparse below about 10 % density.

# %% [markdown]
# ## Key takeaways
#
# - An array has a shape and one dtype; slices are views that share memory, `.copy()`
#   makes independent data.
# - Vectorised expressions and broadcasting replace Python loops and are tens to
#   hundreds of times faster; `points[:, None, :] - centroids[None, :, :]` gives all
#   point-to-centroid differences at once.
# - `axis=0` aggregates down the rows (one result per column), `axis=1` across the
#   columns (one per row).
# - CSR stores `data`, `indices` and `indptr`; it supports sums, products and row scaling
#   without densifying, and scikit-learn accepts it directly.
# - On purchase data, normalise rows before clustering, or the biggest buyers dominate;
#   check recovered segments with a label-free measure such as the adjusted Rand index.
#
# ## Going further
#
# - NumPy, indexing on arrays (views, copies, masks): <https://numpy.org/doc/stable/user/basics.indexing.html>
# - NumPy, broadcasting: <https://numpy.org/doc/stable/user/basics.broadcasting.html>
# - SciPy, sparse arrays (`scipy.sparse`): <https://docs.scipy.org/doc/scipy/reference/sparse.html>
# - SciPy, `cdist`: <https://docs.scipy.org/doc/scipy/reference/generated/scipy.spatial.distance.cdist.html>
# - scikit-learn, `KMeans`: <https://scikit-learn.org/stable/modules/generated/sklearn.cluster.KMeans.html>
# - scikit-learn, mini-batch k-means: <https://scikit-learn.org/stable/modules/clustering.html#mini-batch-kmeans>
# - scikit-learn, `normalize`: <https://scikit-learn.org/stable/modules/generated/sklearn.preprocessing.normalize.html>
# - scikit-learn, adjusted Rand index: <https://scikit-learn.org/stable/modules/clustering.html#rand-index>

# %% [markdown]
# ## Recipe
#
# Segment customers from a long table of purchases (one row per customer, product and
# quantity): build a CSR matrix, normalise the rows, cluster with `MiniBatchKMeans`, and
# list each segment's size and top products. Replace the demo table with your own.

# %% tags=["recipe"]
import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.cluster import MiniBatchKMeans
from sklearn.preprocessing import normalize

# >>> Replace this demo with your own table, e.g. pd.read_csv("orders.csv"),
# >>> with one row per (customer, product) and a quantity column.
rng = np.random.default_rng(42)
demo_group = rng.integers(3, size=3_000)
orders = pd.DataFrame({
    "customer": np.repeat(np.arange(3_000), 4),
    "product": (np.repeat(demo_group, 4) * 20 + rng.integers(20, size=12_000)).astype(str),
    "quantity": rng.integers(1, 4, size=12_000),
})
N_SEGMENTS = 3

customer_codes, customer_ids = pd.factorize(orders["customer"])
product_codes, product_ids = pd.factorize(orders["product"])
# 32-bit coordinates give 32-bit indices, the only kind (MiniBatch)KMeans accepts
coordinates = (customer_codes.astype(np.int32), product_codes.astype(np.int32))
matrix = sparse.csr_array(
    (orders["quantity"].to_numpy(dtype=float), coordinates),
    shape=(len(customer_ids), len(product_ids)),
)
matrix.sum_duplicates()

model = MiniBatchKMeans(n_clusters=N_SEGMENTS, n_init=10, random_state=42)
segment = model.fit_predict(normalize(matrix))

for k, centre in enumerate(model.cluster_centers_):
    top = product_ids[np.argsort(centre)[::-1][:5]]
    print(f"segment {k}: {np.sum(segment == k)} customers, top products {list(top)}")
