"""Seeded synthetic data of the course: purchase matrices, customer tables, Parquet folders.

Nothing here reads or downloads a file: every table is generated from a seed, so the
same call gives the same data on every machine (:func:`write_purchase_parquet` writes
one, chunk by chunk, for tables bigger than memory). Verified third-party files live in
:mod:`helpers.data`.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy import sparse

__all__ = [
    "CUSTOMER_REGIONS",
    "CUSTOMER_SEGMENTS",
    "PurchaseData",
    "PurchaseParquet",
    "SPEND_CATEGORIES",
    "make_customer_table",
    "make_purchase_matrix",
    "write_purchase_parquet",
]


class PurchaseData(NamedTuple):
    """A synthetic purchase matrix with the truth it was generated from.

    Attributes
    ----------
    matrix : scipy.sparse.csr_array
        Quantities bought, shape ``(n_customers, n_products)``, float64 values and
        int32 indices.
    segments : numpy.ndarray
        Planted segment of each customer, shape ``(n_customers,)``, ints from 0.
    favourites : numpy.ndarray
        Product indices each segment favours, shape ``(n_segments, n_favourites)``.
    """

    matrix: sparse.csr_array
    segments: np.ndarray
    favourites: np.ndarray


def make_purchase_matrix(
    n_customers: int = 100_000,
    n_products: int = 5_000,
    *,
    n_segments: int = 5,
    density: float = 0.002,
    n_favourites: int = 100,
    loyalty: float = 0.7,
    random_state: int = 42,
) -> PurchaseData:
    """Make a seeded customer × product purchase matrix with planted segments.

    Each customer belongs to one segment, and each segment has its own set of
    favourite products (the sets do not overlap). A customer buys about
    ``density * n_products`` distinct order lines (at least one); each line is one
    of the segment's favourites with probability `loyalty` and any product
    otherwise. Quantities are 1 plus a Poisson(0.5) count. Lines that hit the same
    product twice are summed, so the final density is slightly below `density`.

    Parameters
    ----------
    n_customers, n_products : int
        Shape of the matrix.
    n_segments : int, default 5
        Number of planted segments; customers are spread evenly at random.
    density : float, default 0.002
        Expected fraction of non-zero entries, in (0, 1].
    n_favourites : int, default 100
        Favourite products per segment; ``n_segments * n_favourites`` must not exceed
        `n_products`.
    loyalty : float, default 0.7
        Probability that an order line is one of the segment's favourites, in [0, 1].
    random_state : int, default 42
        Seed of the random generator: the same seed gives the same data.

    Returns
    -------
    PurchaseData
        ``matrix`` (CSR, float64), ``segments`` and ``favourites``.

    Raises
    ------
    ValueError
        If a size is not positive, `density` or `loyalty` is out of range, or the
        favourites do not fit in the products.

    Examples
    --------
    >>> from helpers.synthetic import make_purchase_matrix
    >>> data = make_purchase_matrix(1_000, 200, n_segments=3, density=0.05,
    ...                             n_favourites=20)
    >>> data.matrix.shape, data.segments.shape, data.favourites.shape
    ((1000, 200), (1000,), (3, 20))
    """
    for label, value in [
        ("n_customers", n_customers),
        ("n_products", n_products),
        ("n_segments", n_segments),
        ("n_favourites", n_favourites),
    ]:
        if not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{label} must be a positive integer, got {value!r}")
    if not 0 < density <= 1:
        raise ValueError(f"density must be in (0, 1], got {density!r}")
    if not 0 <= loyalty <= 1:
        raise ValueError(f"loyalty must be in [0, 1], got {loyalty!r}")
    if n_segments * n_favourites > n_products:
        raise ValueError(
            f"n_segments * n_favourites = {n_segments * n_favourites} favourite "
            f"products do not fit in n_products = {n_products}"
        )

    rng = np.random.default_rng(random_state)
    segments = rng.integers(n_segments, size=n_customers)
    favourites = rng.permutation(n_products)[: n_segments * n_favourites]
    favourites = np.sort(favourites.reshape(n_segments, n_favourites), axis=1)

    lines = np.maximum(rng.poisson(density * n_products, size=n_customers), 1)
    rows = np.repeat(np.arange(n_customers), lines)
    n_lines = rows.size
    loyal = rng.random(n_lines) < loyalty
    favourite_pick = favourites[segments[rows], rng.integers(n_favourites, size=n_lines)]
    any_pick = rng.integers(n_products, size=n_lines)
    cols = np.where(loyal, favourite_pick, any_pick)
    quantities = 1.0 + rng.poisson(0.5, size=n_lines)

    # 32-bit indices: half the memory of 64-bit ones, and what scikit-learn expects.
    matrix = sparse.csr_array(
        (quantities, (rows.astype(np.int32), cols.astype(np.int32))),
        shape=(n_customers, n_products),
        dtype=np.float64,
    )
    matrix.sum_duplicates()
    return PurchaseData(matrix=matrix, segments=segments, favourites=favourites)


#: Behavioural segments of :func:`make_customer_table`: name -> mean orders per year,
#: mean order value, mean number of product categories, mean support tickets per year.
CUSTOMER_SEGMENTS: dict[str, tuple[float, float, float, float]] = {
    "bargain hunters": (14.0, 25.0, 2.0, 0.5),
    "many-category families": (5.0, 140.0, 6.0, 1.0),
    "occasional premium": (2.0, 320.0, 2.5, 3.0),
}

#: Sales regions of :func:`make_customer_table`.
CUSTOMER_REGIONS: tuple[str, ...] = ("North", "South", "East", "West")


def make_customer_table(n_customers: int = 600, *, random_state: int = 42) -> pd.DataFrame:
    """Make a seeded table of customers with planted behavioural segments.

    Each customer belongs to one of the segments of :data:`CUSTOMER_SEGMENTS`
    (shared out evenly at random) and is drawn around that segment's typical
    behaviour. The sales region is drawn independently of the segment, so regions
    are an administrative grouping that mixes unlike customers.

    Parameters
    ----------
    n_customers : int, default 600
        Number of rows, at least 1.
    random_state : int, default 42
        Seed of the random generator: the same seed gives the same table.

    Returns
    -------
    pandas.DataFrame
        One row per customer, index ``customer_id`` from 1, columns
        ``orders_per_year`` (int), ``avg_order_value`` (float, currency units),
        ``n_categories`` (int, 1-10), ``support_tickets`` (int per year),
        ``region`` (category) and ``segment`` (category, the planted truth, which a
        real table would not have).

    Raises
    ------
    ValueError
        If `n_customers` is not a positive integer.

    Examples
    --------
    >>> from helpers.synthetic import make_customer_table
    >>> table = make_customer_table(5)
    >>> table.shape
    (5, 6)
    >>> list(table.columns[:4])
    ['orders_per_year', 'avg_order_value', 'n_categories', 'support_tickets']
    """
    if not isinstance(n_customers, (int, np.integer)) or isinstance(n_customers, bool) \
            or n_customers < 1:
        raise ValueError(f"n_customers must be a positive integer, got {n_customers!r}")
    rng = np.random.default_rng(random_state)
    names = list(CUSTOMER_SEGMENTS)
    segment = rng.integers(len(names), size=n_customers)
    means = np.array([CUSTOMER_SEGMENTS[name] for name in names])[segment]
    table = pd.DataFrame(
        {
            "orders_per_year": 1 + rng.poisson(np.maximum(means[:, 0] - 1, 0.1)),
            "avg_order_value": np.round(means[:, 1] * rng.lognormal(0.0, 0.2, n_customers), 2),
            "n_categories": np.clip(rng.poisson(means[:, 2]), 1, 10),
            "support_tickets": rng.poisson(means[:, 3]),
            "region": pd.Categorical.from_codes(
                rng.integers(len(CUSTOMER_REGIONS), size=n_customers),
                categories=list(CUSTOMER_REGIONS),
            ),
            "segment": pd.Categorical.from_codes(segment, categories=names),
        },
        index=pd.RangeIndex(1, n_customers + 1, name="customer_id"),
    )
    return table


# --- a purchase table too big for memory, written as Parquet in chunks -------------

#: Spending categories of :func:`write_purchase_parquet`, one ``spend_<name>`` column
#: each.
SPEND_CATEGORIES: tuple[str, ...] = (
    "grocery", "fresh", "baby", "pets", "garden", "diy",
    "electronics", "books", "sport", "beauty", "wine", "toys",
)


class PurchaseParquet(NamedTuple):
    """What :func:`write_purchase_parquet` wrote.

    Attributes
    ----------
    path : pathlib.Path
        The folder of Parquet files (``part-00000.parquet``, ``part-00001.parquet``, ...).
    n_customers : int
        Rows in all files together.
    n_files : int
        Number of Parquet files (one per chunk).
    features : list of str
        The spending columns, ``spend_<category>``, in order.
    favourites : numpy.ndarray
        Category indices each planted segment favours, shape ``(n_segments, n_favourites)``.
    """

    path: Path
    n_customers: int
    n_files: int
    features: list[str]
    favourites: np.ndarray


def write_purchase_parquet(
    path: str | os.PathLike[str],
    n_customers: int,
    *,
    n_segments: int = 5,
    n_favourites: int = 2,
    loyalty: float = 0.6,
    chunk_size: int = 250_000,
    random_state: int = 42,
    overwrite: bool = False,
) -> PurchaseParquet:
    """Write a seeded customer purchase table as a folder of Parquet files, chunk by chunk.

    One row per customer: ``customer_id`` (int64, from 1), one ``spend_<category>``
    column per category of :data:`SPEND_CATEGORIES` (a year's spend, float32, currency
    units) and ``planted_segment`` (int8, the truth, which a real table would not
    have). As in :func:`make_purchase_matrix`, each segment has its own favourite
    categories (disjoint sets): on average a share `loyalty` of a customer's spend goes
    to the segment's favourites, the rest spreads over all categories. A customer's
    total spend is log-normal (a few big spenders, many small ones), so the *mix* of
    categories, not the amount, says which segment a customer is in.

    The table is a wide, dense table of a dozen float columns rather than the
    customer × product sparse matrix of notebook 01: every engine reads it as it is
    (pandas, pyarrow and polars as columns, Spark as a DataFrame it can assemble into
    vectors), its memory is exactly rows × columns × 4 bytes, and a chunk of rows is a
    plain 2-D array for scikit-learn's ``partial_fit``.

    At most `chunk_size` rows are in memory at any time: each chunk is generated from
    its own seed (derived from `random_state` and the chunk number) and written to its
    own file. The files go to a temporary folder next to `path`, which is renamed to
    `path` only when every file is written, so an interrupted call leaves nothing
    half-written.

    Parameters
    ----------
    path : str or path-like
        The folder to create.
    n_customers : int
        Number of rows, at least 1.
    n_segments : int, default 5
        Planted segments; customers are spread evenly at random.
    n_favourites : int, default 2
        Favourite categories per segment; ``n_segments * n_favourites`` must not exceed
        the number of categories (12).
    loyalty : float, default 0.6
        Expected share of a customer's spend on the segment's favourites, in (0, 1).
    chunk_size : int, default 250 000
        Rows per chunk and per file. The same `random_state` and `chunk_size` give the
        same table.
    random_state : int, default 42
        Seed of the random generator.
    overwrite : bool, default False
        Replace `path` if it exists (otherwise that is an error).

    Returns
    -------
    PurchaseParquet
        The folder, its size and the planted favourites.

    Raises
    ------
    ValueError
        If a size is not a positive integer, `loyalty` is out of range, the favourites do
        not fit in the categories, or `path` exists and `overwrite` is False.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import pandas as pd
    >>> from helpers.synthetic import write_purchase_parquet
    >>> folder = Path(tempfile.mkdtemp()) / "purchases"
    >>> written = write_purchase_parquet(folder, 1_000, chunk_size=400)
    >>> written.n_files, len(written.features)
    (3, 12)
    >>> table = pd.read_parquet(folder)
    >>> table.shape
    (1000, 14)
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    for label, value in [
        ("n_customers", n_customers),
        ("n_segments", n_segments),
        ("n_favourites", n_favourites),
        ("chunk_size", chunk_size),
    ]:
        if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < 1:
            raise ValueError(f"{label} must be a positive integer, got {value!r}")
    if not 0 < loyalty < 1:
        raise ValueError(f"loyalty must be in (0, 1), got {loyalty!r}")
    n_categories = len(SPEND_CATEGORIES)
    if n_segments * n_favourites > n_categories:
        raise ValueError(
            f"n_segments * n_favourites = {n_segments * n_favourites} favourite categories "
            f"do not fit in the {n_categories} categories"
        )
    target = Path(path)
    if target.exists() and not overwrite:
        raise ValueError(f"path {str(target)!r} exists; pass overwrite=True to replace it")

    seeds = np.random.SeedSequence(random_state)
    favourites = np.random.default_rng(seeds).permutation(n_categories)
    favourites = np.sort(favourites[: n_segments * n_favourites].reshape(n_segments, n_favourites),
                         axis=1)
    # Dirichlet weights of each segment: the favourites share `loyalty` of the
    # concentration, the other categories share the rest evenly.
    concentration = 10.0
    alpha = np.full((n_segments, n_categories), concentration * (1 - loyalty) / n_categories)
    np.put_along_axis(alpha, favourites, concentration * loyalty / n_favourites, axis=1)
    alpha[np.arange(n_segments)[:, None], favourites] += concentration * (1 - loyalty) / n_categories

    features = [f"spend_{name}" for name in SPEND_CATEGORIES]
    n_files = -(-n_customers // chunk_size)
    chunk_seeds = seeds.spawn(n_files)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        for number, seed in enumerate(chunk_seeds):
            first = number * chunk_size
            rows = min(chunk_size, n_customers - first)
            rng = np.random.default_rng(seed)
            segment = rng.integers(n_segments, size=rows)
            # Dirichlet draws through normalised gamma variables, one segment at a time
            mix = rng.standard_gamma(alpha[segment])
            mix /= mix.sum(axis=1, keepdims=True)
            total = rng.lognormal(mean=6.0, sigma=0.8, size=rows)
            spend = np.round(mix * total[:, None], 2).astype(np.float32)
            columns = {"customer_id": pa.array(np.arange(first + 1, first + rows + 1, dtype=np.int64))}
            columns.update({name: pa.array(spend[:, j]) for j, name in enumerate(features)})
            columns["planted_segment"] = pa.array(segment.astype(np.int8))
            pq.write_table(pa.table(columns), staging / f"part-{number:05d}.parquet")
        if target.exists():
            shutil.rmtree(target)
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return PurchaseParquet(path=target, n_customers=int(n_customers), n_files=n_files,
                           features=features, favourites=favourites)
