"""Datasets of the course: verified third-party files and seeded synthetic data.

Third-party files are never committed to the repository. Each one is described in
:data:`DATASETS` by its file name, size in bytes, SHA-256 checksum, public source and
licence. :func:`fetch` looks for a file in the data directory, downloads it from its
source when it is missing, and verifies it; the ``load_*`` functions read a verified
file into a DataFrame.

The data directory is ``data/`` at the root of the repository unless the environment
variable ``CLUSTERING_COURSE_DATA`` names another folder (for example a folder of files
copied from a USB stick for a class without internet access).

Run ``python -m helpers.data`` to fetch and verify every file at once.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from scipy import sparse

__all__ = [
    "DATASETS",
    "DATA_DIR_ENV",
    "CRYPTO_COINS",
    "CRYPTO_WINDOW",
    "CUSTOMER_REGIONS",
    "CUSTOMER_SEGMENTS",
    "ChecksumMismatchError",
    "DataError",
    "Dataset",
    "DatasetNotFoundError",
    "DownloadError",
    "PurchaseData",
    "SchemaError",
    "TruncatedFileError",
    "data_dir",
    "describe_datasets",
    "fetch",
    "load_crypto_prices",
    "load_insurance",
    "make_customer_table",
    "make_purchase_matrix",
    "verify",
]

#: Name of the environment variable that overrides the default data directory.
DATA_DIR_ENV = "CLUSTERING_COURSE_DATA"

_REPO_ROOT = Path(__file__).resolve().parent.parent
_CHUNK = 1 << 16


@dataclass(frozen=True)
class Dataset:
    """What the course knows about one third-party file.

    Attributes
    ----------
    filename : str
        Name of the file in the data directory.
    size : int
        Exact size in bytes.
    sha256 : str
        Hex SHA-256 checksum of the whole file.
    columns : tuple of str
        Column names in the header line, in order.
    url : str
        Where :func:`fetch` downloads the file from.
    source : str
        Human-readable provenance (repository, commit, upstream).
    licence : str
        What is known about the licence.
    """

    filename: str
    size: int
    sha256: str
    columns: tuple[str, ...]
    url: str
    source: str
    licence: str


_CRYPTO_REPO = "ahtarv/Time_Analysis_Of_Crypto_Amdox"
_CRYPTO_COMMIT = "ff271ef05b459b01731ea189795e52862cc97ecb"

#: The 59 coins of ``crypto_prices.csv``: symbol -> (name, rough category).
#: The categories are the course's own labels; several coins fit more than one.
CRYPTO_COINS: dict[str, tuple[str, str]] = {
    "USDT": ("Tether", "stablecoin (USD)"),
    "USDC": ("USD Coin", "stablecoin (USD)"),
    "DAI": ("Dai", "stablecoin (USD, crypto-collateralised)"),
    "TUSD": ("TrueUSD", "stablecoin (USD)"),
    "USDD": ("USDD", "stablecoin (USD, Tron ecosystem)"),
    "PAXG": ("PAX Gold", "gold-backed token"),
    "XAUt": ("Tether Gold", "gold-backed token"),
    "BTC": ("Bitcoin", "large cap, proof-of-work"),
    "LTC": ("Litecoin", "proof-of-work, payments"),
    "BCH": ("Bitcoin Cash", "proof-of-work, Bitcoin fork"),
    "BSV": ("Bitcoin SV", "proof-of-work, Bitcoin fork"),
    "ETC": ("Ethereum Classic", "proof-of-work platform"),
    "XMR": ("Monero", "privacy coin"),
    "ZEC": ("Zcash", "privacy coin"),
    "XRP": ("XRP", "payments"),
    "XLM": ("Stellar", "payments"),
    "ETH": ("Ethereum", "large cap, smart-contract platform"),
    "ADA": ("Cardano", "smart-contract platform"),
    "SOL": ("Solana", "smart-contract platform"),
    "AVAX": ("Avalanche", "smart-contract platform"),
    "DOT": ("Polkadot", "smart-contract platform"),
    "ATOM": ("Cosmos", "smart-contract platform"),
    "NEAR": ("NEAR Protocol", "smart-contract platform"),
    "ALGO": ("Algorand", "smart-contract platform"),
    "ICP": ("Internet Computer", "smart-contract platform"),
    "HBAR": ("Hedera", "smart-contract platform"),
    "POL": ("Polygon (MATIC now POL)", "Ethereum scaling (layer 2)"),
    "TRX": ("TRON", "smart-contract platform, Tron ecosystem"),
    "UNI": ("Uniswap", "DeFi (exchange)"),
    "AAVE": ("Aave", "DeFi (lending)"),
    "COMP": ("Compound", "DeFi (lending)"),
    "CRV": ("Curve DAO Token", "DeFi (exchange)"),
    "CVX": ("Convex Finance", "DeFi (yield)"),
    "LDO": ("Lido DAO", "DeFi (liquid staking)"),
    "CAKE": ("PancakeSwap", "DeFi (exchange, BNB Chain)"),
    "YFI": ("yearn.finance", "DeFi (yield)"),
    "RUNE": ("THORChain", "DeFi (cross-chain exchange)"),
    "BNB": ("BNB", "exchange token (Binance)"),
    "CRO": ("Cronos", "exchange token (Crypto.com)"),
    "OKB": ("OKB", "exchange token (OKX)"),
    "KCS": ("KuCoin Token", "exchange token (KuCoin)"),
    "LEO": ("UNUS SED LEO", "exchange token (Bitfinex)"),
    "GT": ("GateToken", "exchange token (Gate.io)"),
    "FTT": ("FTX Token", "exchange token (FTX; collapsed Nov 2022)"),
    "DOGE": ("Dogecoin", "meme coin"),
    "SHIB": ("Shiba Inu", "meme coin"),
    "JST": ("JUST", "Tron ecosystem (DeFi)"),
    "SUN": ("SUN", "Tron ecosystem (DeFi)"),
    "BTT": ("BitTorrent", "Tron ecosystem"),
    "NFT": ("APENFT", "Tron ecosystem (NFT)"),
    "SAND": ("The Sandbox", "gaming / metaverse"),
    "MANA": ("Decentraland", "gaming / metaverse"),
    "AXS": ("Axie Infinity", "gaming / metaverse"),
    "GALA": ("Gala", "gaming / metaverse"),
    "LINK": ("Chainlink", "infrastructure (oracle)"),
    "GRT": ("The Graph", "infrastructure (indexing)"),
    "FIL": ("Filecoin", "infrastructure (storage)"),
    "AR": ("Arweave", "infrastructure (storage)"),
    "CHZ": ("Chiliz", "sports / fan-token platform"),
}

#: First and last day of the crypto window (inclusive).
CRYPTO_WINDOW = ("2022-07-05", "2024-12-09")

#: Every third-party file the course uses, by short name.
DATASETS: dict[str, Dataset] = {
    "insurance": Dataset(
        filename="insurance.csv",
        size=54_288,
        sha256="505c1cbc2e63d0363bac59501563df2530aadf4cdb9cfee226f4ef32f5468281",
        columns=("age", "sex", "bmi", "children", "smoker", "region", "charges"),
        url=(
            "https://raw.githubusercontent.com/stedy/"
            "Machine-Learning-with-R-datasets/master/insurance.csv"
        ),
        source=(
            "GitHub stedy/Machine-Learning-with-R-datasets, insurance.csv "
            "(last changed in commit d20658ec6d336af2d4ddb5fd72b6f677dd46136e); "
            "also published as Kaggle's 'Medical Cost Personal Datasets'"
        ),
        licence="public domain, as stated by the mirror's README",
    ),
    "crypto_prices": Dataset(
        filename="crypto_prices.csv",
        size=3_124_555,
        sha256="0787a37a90814cd7d6a83fc74c5c2ea2a00f7f65d4f7e8cf57861bd9b8b22de2",
        columns=("date", "symbol", "name", "open", "high", "low", "close", "volume"),
        url=(
            f"https://raw.githubusercontent.com/{_CRYPTO_REPO}/{_CRYPTO_COMMIT}/"
            "{symbol}.csv"
        ),
        source=(
            f"assembled from the per-coin CSV files of GitHub {_CRYPTO_REPO} at commit "
            f"{_CRYPTO_COMMIT}, a copy of Kaggle's 'Crypto Currencies Daily Prices'"
        ),
        licence="not verified: check the upstream Kaggle page before redistributing",
    ),
}


class DataError(RuntimeError):
    """Base class of every error about a course data file."""


class DatasetNotFoundError(DataError, FileNotFoundError):
    """The file is not in the data directory and may not be downloaded."""


class DownloadError(DataError):
    """Downloading a file failed (offline, HTTP error, connection dropped)."""


class TruncatedFileError(DataError):
    """The file on disk is shorter than it should be."""


class ChecksumMismatchError(DataError):
    """The file's SHA-256 checksum is not the one the course expects."""


class SchemaError(DataError, ValueError):
    """The file's header does not have the expected columns."""


def data_dir() -> Path:
    """Return the folder where the course looks for its data files.

    Returns
    -------
    pathlib.Path
        The folder named by the environment variable ``CLUSTERING_COURSE_DATA`` if it
        is set and not empty, otherwise ``data/`` at the root of the repository.

    Examples
    --------
    >>> from helpers.data import data_dir
    >>> data_dir().is_absolute()
    True
    """
    override = os.environ.get(DATA_DIR_ENV, "").strip()
    return Path(override).expanduser() if override else _REPO_ROOT / "data"


def _dataset(name: str) -> Dataset:
    try:
        return DATASETS[name]
    except KeyError:
        known = ", ".join(sorted(DATASETS))
        raise ValueError(f"unknown dataset {name!r}; known datasets: {known}") from None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _what_to_do(dataset: Dataset, path: Path) -> str:
    return (
        f"Delete {path} and call fetch({_short_name(dataset)!r}) (or run "
        f"`python -m helpers.data`) to download a fresh copy from {dataset.url}, or set "
        f"{DATA_DIR_ENV} to a folder that holds the verified file."
    )


def _short_name(dataset: Dataset) -> str:
    return next(key for key, value in DATASETS.items() if value is dataset)


def _read_header(path: Path) -> tuple[str, ...]:
    with path.open("r", encoding="utf-8", errors="replace", newline="") as handle:
        first = handle.readline()
    return tuple(part.strip() for part in first.rstrip("\r\n").split(","))


def verify(name: str, path: Path | str | None = None) -> Path:
    """Check that a data file is complete and is exactly the expected version.

    The checks run from the most to the least specific message: the file exists, it
    is not shorter than expected (truncated), its header has the expected columns,
    and its size and SHA-256 checksum match the registry.

    Parameters
    ----------
    name : str
        Short name of the dataset, a key of :data:`DATASETS`.
    path : path-like, optional
        File to check. Defaults to the file's place in :func:`data_dir`.

    Returns
    -------
    pathlib.Path
        The verified path.

    Raises
    ------
    ValueError
        If `name` is not a known dataset.
    DatasetNotFoundError, TruncatedFileError, SchemaError, ChecksumMismatchError
        If the file is missing, too short, has other columns, or other content.

    Examples
    --------
    >>> from helpers.data import verify
    >>> verify("insurance").name  # doctest: +SKIP
    'insurance.csv'
    """
    dataset = _dataset(name)
    path = Path(path) if path is not None else data_dir() / dataset.filename
    if not path.is_file():
        raise DatasetNotFoundError(
            f"{dataset.filename} was not found at {path}. Call fetch({name!r}) or run "
            f"`python -m helpers.data` to download it from {dataset.url}, or set "
            f"{DATA_DIR_ENV} to a folder that holds it."
        )
    size = path.stat().st_size
    if size < dataset.size:
        raise TruncatedFileError(
            f"{dataset.filename} at {path} is truncated: expected {dataset.size} bytes, "
            f"found {size}. " + _what_to_do(dataset, path)
        )
    header = _read_header(path)
    if header != dataset.columns:
        raise SchemaError(
            f"{dataset.filename} at {path} has the wrong columns: expected "
            f"{list(dataset.columns)}, found {list(header)}. It is not the file the "
            "course uses. " + _what_to_do(dataset, path)
        )
    digest = _sha256(path)
    if size != dataset.size or digest != dataset.sha256:
        raise ChecksumMismatchError(
            f"{dataset.filename} at {path} is not the expected version: expected "
            f"{dataset.size} bytes with sha256 {dataset.sha256}, found {size} bytes "
            f"with sha256 {digest}. " + _what_to_do(dataset, path)
        )
    return path


def _publish(partial: Path, target: Path) -> None:
    """Give a finished temporary file normal permissions and move it into place."""
    umask = os.umask(0)
    os.umask(umask)
    partial.chmod(0o666 & ~umask)
    os.replace(partial, target)


def _download(url: str, target: Path, *, progress: bool, timeout: float) -> None:
    """Stream `url` into `target` through a temporary file in the same folder."""
    from tqdm import tqdm  # plain bar: tqdm.auto would need ipywidgets in Jupyter

    target.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(
        dir=target.parent, prefix=f".{target.name}.", suffix=".part", delete=False
    )
    partial = Path(handle.name)
    try:
        with handle, urllib.request.urlopen(url, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            expected = int(length) if length else None
            received = 0
            with tqdm(
                total=expected,
                unit="B",
                unit_scale=True,
                desc=target.name,
                disable=not progress,
                file=sys.stderr,
            ) as bar:
                while chunk := response.read(_CHUNK):
                    handle.write(chunk)
                    received += len(chunk)
                    bar.update(len(chunk))
            if expected is not None and received != expected:
                raise DownloadError(
                    f"the download of {target.name} from {url} stopped after "
                    f"{received} of {expected} bytes. Check your connection and try "
                    "again."
                )
        _publish(partial, target)
    except DownloadError:
        raise
    except urllib.error.HTTPError as exc:
        raise DownloadError(
            f"could not download {target.name} from {url}: the server answered HTTP "
            f"{exc.code} ({exc.reason}). The source may have moved: see data/README.md "
            f"for where to get the file, and put it in {target.parent}."
        ) from exc
    except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DownloadError(
            f"could not download {target.name} from {url} ({reason}). If you are "
            f"offline, copy the file into {target.parent} or set {DATA_DIR_ENV} to a "
            "folder that holds it; otherwise check your connection and try again."
        ) from exc
    finally:
        partial.unlink(missing_ok=True)


def _assemble_crypto_prices(
    dataset: Dataset, target: Path, *, progress: bool, timeout: float
) -> None:
    """Build ``crypto_prices.csv`` from the source's one-file-per-coin CSVs.

    The source has one file per coin with the columns ``ticker,date,open,high,low,
    close``. The course's file keeps the days of :data:`CRYPTO_WINDOW`, adds the
    coin's name and an empty ``volume`` column, writes prices with ``%.8g`` and sorts
    by symbol, then date. The result is written atomically, like a download.
    """
    from tqdm import tqdm  # plain bar: tqdm.auto would need ipywidgets in Jupyter

    first, last = CRYPTO_WINDOW
    lines = [",".join(dataset.columns)]
    with tempfile.TemporaryDirectory(dir=target.parent if target.parent.exists() else None) as tmp:
        for symbol in tqdm(sorted(CRYPTO_COINS), desc=target.name, disable=not progress):
            part = Path(tmp) / f"{symbol}.csv"
            url = dataset.url.format(symbol=symbol)
            _download(url, part, progress=False, timeout=timeout)
            name = CRYPTO_COINS[symbol][0]
            with part.open(encoding="utf-8") as handle:
                next(handle)  # header: ticker,date,open,high,low,close
                for row in handle:
                    fields = row.strip().split(",")
                    if len(fields) != 6 or not first <= fields[1] <= last:
                        continue
                    prices = ",".join(f"{float(value):.8g}" for value in fields[2:])
                    lines.append(f"{fields[1]},{symbol},{name},{prices},")
    target.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(
        "w", dir=target.parent, prefix=f".{target.name}.", suffix=".part",
        delete=False, encoding="utf-8", newline="\n",
    )
    partial = Path(handle.name)
    try:
        with handle:
            handle.write("\n".join(lines) + "\n")
        _publish(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def fetch(
    name: str,
    *,
    download: bool = True,
    progress: bool = True,
    timeout: float = 60.0,
) -> Path:
    """Return the path of a verified data file, downloading it first if it is missing.

    Parameters
    ----------
    name : str
        Short name of the dataset, a key of :data:`DATASETS`.
    download : bool, default True
        Download the file when it is missing. With ``False`` a missing file raises
        :class:`DatasetNotFoundError` instead.
    progress : bool, default True
        Show a progress bar while downloading.
    timeout : float, default 60.0
        Seconds to wait for the server before giving up.

    Returns
    -------
    pathlib.Path
        Path of the verified file in :func:`data_dir`.

    Raises
    ------
    ValueError
        If `name` is not a known dataset.
    DownloadError
        If the file is missing and cannot be downloaded.
    DataError
        If the file on disk, or the one downloaded, fails :func:`verify`. A
        downloaded file that fails is deleted.

    Examples
    --------
    >>> from helpers.data import fetch
    >>> fetch("insurance").name  # doctest: +SKIP
    'insurance.csv'
    """
    dataset = _dataset(name)
    path = data_dir() / dataset.filename
    if path.exists() or not download:
        return verify(name, path)
    if name == "crypto_prices":
        _assemble_crypto_prices(dataset, path, progress=progress, timeout=timeout)
    else:
        _download(dataset.url, path, progress=progress, timeout=timeout)
    try:
        return verify(name, path)
    except DataError:
        path.unlink(missing_ok=True)
        raise


def describe_datasets() -> pd.DataFrame:
    """Tabulate the third-party files of the course: file, size, licence and source.

    Returns
    -------
    pandas.DataFrame
        One row per dataset, indexed by its short name.

    Examples
    --------
    >>> from helpers.data import describe_datasets
    >>> describe_datasets().loc["insurance", "file"]
    'insurance.csv'
    """
    rows = [
        (name, d.filename, round(d.size / 1e6, 2), d.licence, d.source)
        for name, d in DATASETS.items()
    ]
    columns = ["dataset", "file", "size (MB)", "licence", "source"]
    return pd.DataFrame(rows, columns=columns).set_index("dataset")


def load_insurance() -> pd.DataFrame:
    """Load the medical-cost insurance table (1 338 customers, 7 columns).

    The file is fetched and verified first (see :func:`fetch`).

    Returns
    -------
    pandas.DataFrame
        Columns ``age`` (int64), ``sex`` (category), ``bmi`` (float64), ``children``
        (int64), ``smoker`` (category with categories ``no``, ``yes``), ``region``
        (category) and ``charges`` (float64, US dollars per year).

    Examples
    --------
    >>> from helpers.data import load_insurance
    >>> load_insurance().shape  # doctest: +SKIP
    (1338, 7)
    """
    path = fetch("insurance")
    dtypes = {
        "age": "int64",
        "sex": pd.CategoricalDtype(["female", "male"]),
        "bmi": "float64",
        "children": "int64",
        "smoker": pd.CategoricalDtype(["no", "yes"]),
        "region": pd.CategoricalDtype(["northeast", "northwest", "southeast", "southwest"]),
        "charges": "float64",
    }
    return pd.read_csv(path, dtype=dtypes)


def load_crypto_prices(*, backend: str = "pandas") -> Any:
    """Load the daily prices of 59 cryptocurrencies, one row per coin and day.

    The file is fetched and verified first (see :func:`fetch`). It covers
    :data:`CRYPTO_WINDOW` (2022-07-05 to 2024-12-09) and is sorted by symbol, then
    date. Nothing is filled in: XRP misses 2022-11-11 to 2022-11-13 and FTT misses
    2022-11-19, so the table has 52 447 rows rather than 59 x 889. See
    ``data/crypto_prices.md`` for the known bad prints and extreme days.

    Parameters
    ----------
    backend : {"pandas", "polars"}, default "pandas"
        Library of the returned table.

    Returns
    -------
    pandas.DataFrame or polars.DataFrame
        Columns ``date`` (datetime64 / polars ``Date``), ``symbol`` and ``name``
        (category / ``Categorical``), ``open``, ``high``, ``low``, ``close``
        (float64, US dollars) and ``volume`` (float64, always missing: the source
        has no volume).

    Raises
    ------
    ValueError
        If `backend` is not ``"pandas"`` or ``"polars"``.

    Examples
    --------
    >>> from helpers.data import load_crypto_prices
    >>> load_crypto_prices().shape  # doctest: +SKIP
    (52447, 8)
    """
    if backend not in ("pandas", "polars"):
        raise ValueError(f"backend must be 'pandas' or 'polars', got {backend!r}")
    path = fetch("crypto_prices")
    prices = ["open", "high", "low", "close", "volume"]
    if backend == "polars":
        import polars as pl

        schema = {"date": pl.Date, "symbol": pl.Categorical, "name": pl.Categorical}
        schema |= {column: pl.Float64 for column in prices}
        return pl.read_csv(path, schema=schema)
    dtypes = {"symbol": "category", "name": "category"} | dict.fromkeys(prices, "float64")
    return pd.read_csv(path, dtype=dtypes, parse_dates=["date"], date_format="%Y-%m-%d")


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
    >>> from helpers.data import make_purchase_matrix
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
    >>> from helpers.data import make_customer_table
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


def _main(argv: Sequence[str] | None = None) -> int:
    """Fetch and verify every dataset (or the ones named); print one line each."""
    names = list(argv if argv is not None else sys.argv[1:]) or sorted(DATASETS)
    failed = False
    print(f"data directory: {data_dir()}")
    for name in names:
        try:
            path = fetch(name)
        except (DataError, ValueError) as exc:
            failed = True
            print(f"  {name}: FAILED\n    {exc}")
        else:
            print(f"  {name}: ok ({path.name}, {path.stat().st_size:,} bytes, sha256 verified)")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(_main())
