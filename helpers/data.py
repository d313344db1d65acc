"""Datasets of the course: verified third-party files (synthetic data: :mod:`helpers.synthetic`).

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
from typing import Any

import pandas as pd

__all__ = [
    "DATASETS",
    "DATA_DIR_ENV",
    "CRYPTO_COINS",
    "CRYPTO_WINDOW",
    "ChecksumMismatchError",
    "DataError",
    "Dataset",
    "DatasetNotFoundError",
    "DownloadError",
    "SchemaError",
    "TruncatedFileError",
    "data_dir",
    "describe_datasets",
    "fetch",
    "load_crypto_prices",
    "load_insurance",
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
