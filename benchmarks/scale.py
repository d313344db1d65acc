"""Kept benchmark of notebook 08: clustering a purchase table from 10^5 to 10^7 customers.

Run it with ``make bench-scale`` (or ``python benchmarks/scale.py``); it rewrites
``benchmarks/scale.csv``, which the notebook plots. For each size it writes the seeded
Parquet folder of :func:`helpers.synthetic.write_purchase_parquet` to a temporary
folder, then runs each method in a fresh Python process, so that the peak memory of one
method is not inflated by another:

``kmeans_in_memory``
    Reads the whole table, then ``KMeans`` (only up to ``--in-memory-max`` rows).
``minibatch_out_of_core``
    ``MiniBatchKMeans.partial_fit`` over mini-batches of each Parquet file, then a
    second pass that labels every customer; one file in memory at a time.
``birch_out_of_core``
    The same two passes with ``Birch.partial_fit`` (no global step until the end).
``spark_kmeans``
    Spark MLlib ``KMeans`` on ``local[2]``: read, fit, label every customer (the labels
    are counted, not collected). Start-up time is reported apart.

Every method clusters each customer's *shares* of spend (spend per category divided by
total spend) into 5 clusters, and labels every customer. Timings include reading the
Parquet files. Peak memory is the peak resident set size of the process (for Spark,
the Python process plus the Java process), so it includes the interpreter and the
libraries (a floor of about 100-200 MB). The in-memory fit and Spark use the machine's
2 cores; the out-of-core loops use one thread (their batches are too small to share).

Each method runs ``--repeats`` times (3 by default), each time in a fresh process; the
CSV keeps the median time (``wall_s``, ``startup_s``, and ``rows_per_s`` from it), the
largest peak of memory, and the number of ``runs``. ``load_1min`` is the highest
one-minute load average of the machine at the end of a run: well above the number of
cores, other jobs were competing for them and the timings are slow. On a quiet 2-core
machine the whole benchmark takes about a quarter of an hour; every finished run is kept
in ``scale.progress.jsonl`` until the end, and the CSV is replaced only when every run
has succeeded.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CSV = HERE / "scale.csv"
METHODS = ["kmeans_in_memory", "minibatch_out_of_core", "birch_out_of_core", "spark_kmeans"]
K = 5
BATCH = 4_096          # rows per partial_fit call
CHUNK = 250_000        # rows per Parquet file
BIRCH_THRESHOLD = 0.3   # radius of a Birch subcluster, in shares (0-1)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _shares(table, features):
    import numpy as np

    X = np.column_stack([table.column(name).to_numpy() for name in features]).astype(np.float32)
    X /= X.sum(axis=1, keepdims=True)
    return X, table.column("planted_segment").to_numpy()


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.parquet"))


def run_method(method: str, folder: Path) -> dict:
    """Run one method on one folder in this process; return its measurements."""
    import numpy as np
    import pyarrow.parquet as pq
    from sklearn.metrics import adjusted_rand_score

    features = [name for name in pq.read_schema(_files(folder)[0]).names if name.startswith("spend_")]
    start = time.perf_counter()
    startup = 0.0
    if method == "kmeans_in_memory":
        from sklearn.cluster import KMeans

        X, truth = _shares(pq.read_table(folder), features)
        labels = KMeans(n_clusters=K, n_init=1, random_state=42).fit_predict(X)
    elif method in ("minibatch_out_of_core", "birch_out_of_core"):
        from sklearn.cluster import Birch, MiniBatchKMeans

        if method == "minibatch_out_of_core":
            # partial_fit makes a single k-means++ start (n_init applies to fit only)
            model = MiniBatchKMeans(n_clusters=K, random_state=42, batch_size=BATCH)
        else:
            model = Birch(threshold=BIRCH_THRESHOLD, n_clusters=None)
        for path in _files(folder):
            X, _ = _shares(pq.read_table(path, columns=features + ["planted_segment"]), features)
            for first in range(0, len(X), BATCH):
                model.partial_fit(X[first:first + BATCH])
        if method == "birch_out_of_core":
            model.set_params(n_clusters=K)
            model.partial_fit()  # the global step only, on the subclusters
        parts, truths = [], []
        for path in _files(folder):
            X, truth = _shares(pq.read_table(path, columns=features + ["planted_segment"]), features)
            parts.append(model.predict(X).astype(np.int8))
            truths.append(truth)
        labels, truth = np.concatenate(parts), np.concatenate(truths)
    elif method == "spark_kmeans":
        from pyspark.ml.clustering import KMeans as SparkKMeans
        from pyspark.ml.feature import VectorAssembler
        from pyspark.sql import functions as F

        from helpers.spark import start_spark

        spark = start_spark("bench-scale", master="local[2]", driver_memory="4g")
        startup = time.perf_counter() - start
        start = time.perf_counter()
        table = spark.read.parquet(str(folder))
        total = sum(F.col(name) for name in features)
        shares = table.select("planted_segment", *[(F.col(n) / total).alias(n) for n in features])
        vectors = VectorAssembler(inputCols=features, outputCol="features").transform(shares)
        model = SparkKMeans(k=K, seed=42).fit(vectors)
        pairs = (model.transform(vectors).groupBy("planted_segment", "prediction").count()
                 .toPandas())
        elapsed = time.perf_counter() - start
        jvm_peak = _jvm_peak_mb(spark)
        spark.stop()
        # the ARI from the contingency table of (truth, label) counts
        truth = np.repeat(pairs["planted_segment"].to_numpy(), pairs["count"].to_numpy())
        labels = np.repeat(pairs["prediction"].to_numpy(), pairs["count"].to_numpy())
        return {"wall_s": elapsed, "startup_s": startup, "peak_memory_mb": _peak_mb() + jvm_peak,
                "ari_vs_planted": adjusted_rand_score(truth, labels), "n_rows": int(len(truth))}
    else:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    elapsed = time.perf_counter() - start
    return {"wall_s": elapsed, "startup_s": startup, "peak_memory_mb": _peak_mb(),
            "ari_vs_planted": adjusted_rand_score(truth, labels), "n_rows": int(len(labels))}


def _jvm_peak_mb(spark) -> float:
    """Peak resident memory of Spark's Java process (Linux), 0 where unknown."""
    try:
        pid = spark.sparkContext._gateway.proc.pid
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (AttributeError, OSError, ValueError):
        pass
    return 0.0


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
            f"{memory:.0f} GB RAM, Python {platform.python_version()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100000,1000000,10000000",
                        help="customers per run, comma-separated")
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--in-memory-max", type=int, default=10_000_000,
                        help="largest table read whole by kmeans_in_memory")
    parser.add_argument("--birch-max", type=int, default=10_000_000,
                        help="largest table for Birch (it inserts rows one by one, in Python)")
    parser.add_argument("--repeats", type=int, default=3,
                        help="runs per method and size; the CSV keeps the median time")
    parser.add_argument("--out", type=Path, default=CSV)
    parser.add_argument("--one", nargs=2, metavar=("METHOD", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_method(args.one[0], Path(args.one[1]))))
        return 0

    import pandas as pd

    from helpers.synthetic import write_purchase_parquet

    runs, failed = [], []
    progress = args.out.with_suffix(".progress.jsonl")
    progress.unlink(missing_ok=True)
    print(f"every run is kept in {progress} until the whole benchmark is done", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as scratch:
        for n in [int(s) for s in args.sizes.split(",")]:
            folder = write_purchase_parquet(Path(scratch) / f"n{n}", n, chunk_size=CHUNK).path
            for method in args.methods.split(","):
                if (method == "kmeans_in_memory" and n > args.in_memory_max) or \
                        (method == "birch_out_of_core" and n > args.birch_max):
                    continue
                # Both cores for the in-memory fit and Spark (local[2]); one thread for the
                # out-of-core loops, whose small batches only lose time synchronising threads.
                threads = "2" if method in ("kmeans_in_memory", "spark_kmeans") else "1"
                env = dict(os.environ, OMP_NUM_THREADS=threads, OPENBLAS_NUM_THREADS=threads,
                           MKL_NUM_THREADS=threads)
                for repeat in range(args.repeats):
                    done = subprocess.run([sys.executable, __file__, "--one", method, str(folder)],
                                          env=env, cwd=ROOT, capture_output=True, text=True)
                    if done.returncode != 0:
                        print(f"{method} at {n:,} rows failed:\n{done.stderr[-2000:]}",
                              file=sys.stderr, flush=True)
                        failed.append(f"{method} at {n:,} rows")
                        break
                    result = json.loads(done.stdout.strip().splitlines()[-1])
                    result.update(method=method, repeat=repeat, load_1min=os.getloadavg()[0])
                    runs.append(result)
                    # every finished run is kept beside the output, so a benchmark that stops
                    # half-way (a crash, a closed laptop) loses nothing; the output itself is
                    # replaced only when the whole benchmark is done
                    with progress.open("a", encoding="utf-8") as log:
                        log.write(json.dumps(result) + "\n")
                    print(f"{method:24s} {n:>11,} rows  run {repeat + 1}/{args.repeats}  "
                          f"{result['wall_s']:8.1f} s  {n / result['wall_s']:>12,.0f} rows/s  "
                          f"{result['peak_memory_mb']:8.0f} MB  ARI {result['ari_vs_planted']:.3f}",
                          flush=True)
    if failed:
        print(f"not written: {', '.join(failed)} failed (see above); {args.out} is unchanged "
              f"and the runs that finished are in {progress}", file=sys.stderr)
        return 1
    # one row per method and size: the median run's time, the largest peak of memory
    table = (pd.DataFrame(runs).groupby(["method", "n_rows"], sort=False)
             .agg(wall_s=("wall_s", "median"), peak_memory_mb=("peak_memory_mb", "max"),
                  startup_s=("startup_s", "median"), ari_vs_planted=("ari_vs_planted", "first"),
                  runs=("wall_s", "size"), load_1min=("load_1min", "max"))
             .reset_index())
    table.insert(3, "rows_per_s", table["n_rows"] / table["wall_s"])
    table["machine"] = machine()
    table["date"] = time.strftime("%Y-%m-%d")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    partial = args.out.with_suffix(".csv.tmp")
    table.round({"wall_s": 2, "rows_per_s": 0, "peak_memory_mb": 0, "startup_s": 2,
                 "ari_vs_planted": 3, "load_1min": 1}).to_csv(partial, index=False)
    os.replace(partial, args.out)
    progress.unlink(missing_ok=True)
    print(f"wrote {args.out} ({machine()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
