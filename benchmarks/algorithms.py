"""How the cost of each clustering algorithm grows with the number of rows.

For each algorithm of notebook 07 and each n (doubling from 500), fit it on n seeded
2-D points (five Gaussian blobs, standardised) and record:

- ``fit_seconds``: the median wall time of up to three fits (one thread);
- ``peak_mib``: the extra memory one fit needs at its peak, in MiB: the larger of
  the ``tracemalloc`` peak (every NumPy array and Python object) and the growth of
  the process's peak resident memory during the fit (which also sees what compiled
  code allocates outside NumPy, such as the neighbour lists of DBSCAN). Each
  measurement runs in a fresh process, so earlier fits do not hide it.

An algorithm stops growing once a fit takes more than ``--max-seconds`` or n passes
its ``max_n`` (affinity propagation and agglomerative clustering hold n × n or
n(n-1)/2 matrices: at n = 64 000 that would be 16-33 GB).

Run it with ``make bench-algorithms``; it writes ``benchmarks/algorithms.csv``, which
notebook 07 plots. Timings depend on the machine; the growth rates do not.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import sklearn  # noqa: E402
from sklearn import cluster, mixture  # noqa: E402
from sklearn.datasets import make_blobs  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

SIZES = [500, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000]
K = 5

#: name -> (family, estimator factory, largest n to try)
ALGORITHMS = {
    "k-means": ("centroid", lambda: cluster.KMeans(n_clusters=K, n_init=10, random_state=42), 64_000),
    "mini-batch k-means": ("centroid", lambda: cluster.MiniBatchKMeans(
        n_clusters=K, n_init=3, random_state=42), 64_000),
    "agglomerative (ward)": ("connectivity", lambda: cluster.AgglomerativeClustering(
        n_clusters=K, linkage="ward"), 8_000),
    "DBSCAN": ("density", lambda: cluster.DBSCAN(eps=0.25, min_samples=5), 32_000),
    "OPTICS": ("density", lambda: cluster.OPTICS(min_samples=10, xi=0.1,
                                                 min_cluster_size=0.1), 64_000),
    "HDBSCAN": ("density", lambda: cluster.HDBSCAN(min_cluster_size=15, copy=True), 64_000),
    "Gaussian mixture": ("distribution", lambda: mixture.GaussianMixture(
        n_components=K, random_state=42), 64_000),
    "spectral": ("graph", lambda: cluster.SpectralClustering(
        n_clusters=K, affinity="nearest_neighbors", n_neighbors=10, random_state=42), 64_000),
    "affinity propagation": ("exemplar", lambda: cluster.AffinityPropagation(
        damping=0.9, preference=-50, random_state=42), 4_000),
    "mean shift": ("mode seeking", lambda: cluster.MeanShift(bin_seeding=True), 64_000),
    "BIRCH": ("streaming", lambda: cluster.Birch(n_clusters=K, threshold=0.3), 64_000),
}


def make_data(n: int) -> np.ndarray:
    X, _ = make_blobs(n_samples=n, centers=K, cluster_std=1.0, random_state=42)
    return StandardScaler().fit_transform(X)


def time_fit(factory, X: np.ndarray, budget: float) -> float:
    runs = []
    while len(runs) < 3 and sum(runs) < budget:
        model = factory()
        gc.collect()
        start = time.perf_counter()
        model.fit(X)
        runs.append(time.perf_counter() - start)
        if runs[-1] > budget / 3:
            break
    return statistics.median(runs)


def _max_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def peak_fit(factory, X: np.ndarray) -> float:
    model = factory()
    gc.collect()
    before = _max_rss_mib()
    tracemalloc.start()
    model.fit(X)
    _, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return max(traced / 2**20, _max_rss_mib() - before)


def measure(name: str, n: int, max_seconds: float) -> dict:
    """Time and measure one (method, n) in this process (called in a fresh one)."""
    family, factory, _ = ALGORITHMS[name]
    X = make_data(n)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence notes do not change the cost
        peak = peak_fit(factory, X)  # first, before timing runs raise the peak
        seconds = time_fit(factory, X, budget=max_seconds)
    return {"method": name, "family": family, "n": n,
            "fit_seconds": round(seconds, 4), "peak_mib": round(peak, 2)}


def run(max_seconds: float, only: list[str] | None) -> pd.DataFrame:
    rows = []
    for name, (_, _, max_n) in ALGORITHMS.items():
        if only and name not in only:
            continue
        for n in SIZES:
            if n > max_n:
                break
            child = subprocess.run(
                [sys.executable, __file__, "--one", name, str(n), "--max-seconds", str(max_seconds)],
                capture_output=True, text=True, check=True)
            row = json.loads(child.stdout.strip().splitlines()[-1])
            rows.append(row)
            print(f"{name:22s} n={n:>6}  {row['fit_seconds']:8.3f} s  {row['peak_mib']:9.1f} MiB",
                  flush=True)
            if row["fit_seconds"] > max_seconds:
                break
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("algorithms.csv"))
    parser.add_argument("--max-seconds", type=float, default=8.0,
                        help="stop growing n for a method once one fit takes longer")
    parser.add_argument("--only", nargs="*", help="method names to run (default: all)")
    parser.add_argument("--one", nargs=2, metavar=("METHOD", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure(args.one[0], int(args.one[1]), args.max_seconds)))
        return 0
    print(f"scikit-learn {sklearn.__version__}, Python {platform.python_version()}, "
          f"{platform.machine()}, one thread", flush=True)
    table = run(args.max_seconds, args.only)
    partial = args.out.with_suffix(".csv.partial")
    table.to_csv(partial, index=False)
    os.replace(partial, args.out)  # never leave a half-written CSV behind
    print(f"wrote {len(table)} rows to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
