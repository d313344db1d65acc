"""Seeded synthetic data of the course: purchase matrices and customer tables.

Nothing here reads or downloads a file: every table is generated from a seed, so the
same call gives the same data on every machine. Verified third-party files live in
:mod:`helpers.data`.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy import sparse

__all__ = [
    "CUSTOMER_REGIONS",
    "CUSTOMER_SEGMENTS",
    "PurchaseData",
    "make_customer_table",
    "make_purchase_matrix",
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
