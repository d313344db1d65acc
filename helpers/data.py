"""Datasets of the course: verified third-party files (synthetic data: :mod:`helpers.synthetic`).

Third-party files are never committed to the repository. :data:`DATASETS` describes
each one (file name, size in bytes, SHA-256 checksum, columns, public source, licence),
and :func:`registry` lists every file that may be downloaded, with its size, checksum
and URL. Downloads go through `pooch <https://www.fatiando.org/pooch/>`_, the loader
behind SciPy's and scikit-image's datasets: it streams each file into a temporary file
next to its final place, checks its SHA-256 and only then moves it into place, so an
interrupted or corrupted download never leaves a half file behind.

:func:`fetch` looks for a file in the data directory, downloads it when it is missing,
and verifies it; the ``load_*`` functions read a verified file into a DataFrame. A file
that is missing, truncated, has other columns or other content raises a subclass of
:class:`DataError` whose message names the file, the folder, and what to do.

``crypto_prices.csv`` has no single source file: it is assembled from 59 per-coin CSV
files of a public repository, each downloaded and checked by pooch (they wait in the
sub-folder ``crypto_prices_parts/`` of the data directory, which is deleted once the
assembled file has passed its own checksum).

The data directory is ``data/`` at the root of the repository unless the environment
variable ``CLUSTERING_COURSE_DATA`` names another folder (for example a folder of files
copied from a USB stick for a class without internet access; a folder that already
holds verified files may be read-only).

Run ``python -m helpers.data`` to fetch and verify every file at once.
"""

from __future__ import annotations

import logging
import os
import warnings
import shutil
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
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
    "Download",
    "DownloadError",
    "SchemaError",
    "TruncatedFileError",
    "data_dir",
    "describe_data_dir",
    "describe_datasets",
    "fetch",
    "load_benchmark",
    "load_crypto_prices",
    "load_insurance",
    "registry",
    "verify",
]

#: Name of the environment variable that overrides the default data directory.
DATA_DIR_ENV = "CLUSTERING_COURSE_DATA"

_REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Download:
    """One file that pooch downloads: where it goes, where from, what it must be.

    Attributes
    ----------
    name : str
        Path of the file relative to the data directory.
    url : str
        Where it is downloaded from.
    size : int
        Exact size in bytes.
    sha256 : str
        Hex SHA-256 checksum of the whole file.
    """

    name: str
    url: str
    size: int
    sha256: str


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
        Where the file can be downloaded from (or, for an assembled file, the
        folder that holds its parts).
    source : str
        Human-readable provenance (repository, commit, upstream).
    licence : str
        What is known about the licence.
    parts : tuple of Download, optional
        For a file assembled from several downloads: those downloads. Empty when
        the file is downloaded as it is from `url`.
    """

    filename: str
    size: int
    sha256: str
    columns: tuple[str, ...]
    url: str
    source: str
    licence: str
    parts: tuple[Download, ...] = ()

    def downloads(self) -> tuple[Download, ...]:
        """The files to download: the parts, or the file itself."""
        return self.parts or (Download(self.filename, self.url, self.size, self.sha256),)


_CRYPTO_REPO = "ahtarv/Time_Analysis_Of_Crypto_Amdox"
_CRYPTO_COMMIT = "ff271ef05b459b01731ea189795e52862cc97ecb"
_CRYPTO_RAW = f"https://raw.githubusercontent.com/{_CRYPTO_REPO}/{_CRYPTO_COMMIT}"
#: Sub-folder of the data directory where the per-coin files wait to be assembled.
CRYPTO_PARTS_DIR = "crypto_prices_parts"

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

#: The per-coin files of the source that ``crypto_prices.csv`` is assembled from:
#: symbol -> (size in bytes, SHA-256), as they are at the commit above.
_CRYPTO_PART_FILES: dict[str, tuple[int, str]] = {
    "AAVE": (90_978, "e692818067d9b209340d86093db6ea29647ee8ced5c10d806ef16b54978fa4f1"),
    "ADA": (138_724, "a38aae97cdda43d3a74aea89cf462ec4be2a8a4e07772fd63598201aebd90d56"),
    "ALGO": (115_798, "dbd62c1c0b96b7e5a59669eb4d2aba67e856f7755906c4dbe0b5db6d6f1dc8ed"),
    "AR": (89_179, "9ebe0a71eaedd3b6e3dac1c8dc0fa822784925e4744a64f4acb5a85e64c8f5f4"),
    "ATOM": (109_442, "e248225a713e95e34c7fa7d006ff97f1e73eace389655de78922dd7c2e27d3a1"),
    "AVAX": (89_910, "4c08818d179975a29bce1808c255c767cf8727428d14c49bf0819c2f6d945fd8"),
    "AXS": (86_700, "ea99a989bf046d6fd24579a411ac568258a98e59c40df3888edf2a2cd34c7cdb"),
    "BCH": (139_572, "3c5294e94f4325dfe41d975919f61b409f02745b57e16cb180a49a91dbce3249"),
    "BNB": (131_184, "ade3f8c8a13e8188b9bd0028f21a0486784bd5d412baf48b574d7da69ec9281d"),
    "BSV": (118_057, "e3ce4c996947754a4ed99ad414d4ca9b3ebc133411a04e8be47af8ce975f6a76"),
    "BTC": (251_560, "03859b8b53f3f6248a617b9c4fbe39996b4d3d380f887466bd2cb805aedc8c15"),
    "BTT": (92_195, "67812036e56113fbdd4c43f1c11a9ecd33f536dd8b44356c272f97b98cd9755a"),
    "CAKE": (89_581, "89f92e7f8084696f0d3e1c352cc5f193d1bcb401b83b266c731f76ea25327821"),
    "CHZ": (117_867, "ea53e9cc740354a86da04b7d20872df5d1b2fb6ae1b4122ad2d328415c2a991f"),
    "COMP": (95_749, "dc2c1e0dd63276efac7936dafd7d97924ee0929150c0278ff08420ffbb158fc4"),
    "CRO": (124_577, "f8a5d69697107c3d6021ba56300b6efff13dbd8a120794a37c73590a24bc285a"),
    "CRV": (94_039, "dfda324d897c4172ad4e8241d875766946904b6229099276f1c3572752e81cec"),
    "CVX": (68_135, "c3f23c99101ec5a72ca0fdd650e8742ee655cd0a84c174cd432ded028bb71c1d"),
    "DAI": (93_874, "9d48eec5564fc4016267621034b04e3130e94300cdb89d768bfc44525a1f0655"),
    "DOGE": (180_416, "43c590f24284d05a600ade455858b4672ac5eb7f3d30e5a6abf0574cdbd90bf0"),
    "DOT": (88_774, "4dee3f37a7f817e37ebe8dcfb96c7ec5f70afb7436b5d3c3e2206e60f5a1b229"),
    "ETC": (144_578, "78b350c2dc721b54e964ad064c1a18d0975669f83bc348b764c50388e3dfd907"),
    "ETH": (168_001, "af6a90dc47546d1c34bf2fefa59ee3f6cd958a98d745f8d0172c1cee85aaac79"),
    "FIL": (123_873, "fad20a1dcf282e87a50b40282c06fdd2912c6176d3e934c6b09ae7c482b73b0e"),
    "FTT": (104_438, "c3ac1135c7c6d05bdc8266b606ca7c937f44346f527f32535f5541ab2ef75c33"),
    "GALA": (87_364, "e6f724951c775e1dc7f75be129f7baf5d9da57880ab1d5f088a2e77b7ab6613e"),
    "GRT": (93_271, "11d1250e42f01965e19da14dfb97228c2db5429c4d8feae4e51e95fc9fa32008"),
    "GT": (62_482, "59233b849e934f5dee1c8c5e54a8f5ab1f8f3314e4979291479de20880f0430a"),
    "HBAR": (118_627, "614141e281200a4b193bc7e14f5aec1dec55891e59a02d56d2564e0fc4fbfc91"),
    "ICP": (78_548, "2de1a468e13bc554ac7895df96b924cec612016a6def64431ef5d9b007a3b686"),
    "JST": (74_034, "4929e425da52a0316caaec40fb54fe3332678977e4389d0d58b36949682e49e6"),
    "KCS": (127_231, "91ee9820427ef5ce01dc6faea83cf84aec44823572a5add7dde07dcd316a7286"),
    "LDO": (64_643, "9a34a291e7d9a3a621a4d92b85911e7e08074b7e3dc48fc2d527aaecb4853f78"),
    "LEO": (104_539, "c611d425b5ef1701d7e60a058453af5d0c53d00123df033e891c1f41d456fd6b"),
    "LINK": (135_243, "a2745638de3329e4d917f493c8516e0bcb54adf628da937e793b935c72c02f19"),
    "LTC": (183_274, "43d5383ee38421f6e1ba3b1c3bb3a3778df94fa07480e2fb057bb83ff6959a84"),
    "MANA": (104_273, "8e4642b232a312f1bb3a6e53ce9f2acc7fde432aa564820d2ce7a3cfb7d54cc5"),
    "NEAR": (88_776, "0714b5911e8a45333637fae227d74724ac66c58539ef70c9b5f4a52f6daca1bc"),
    "NFT": (92_892, "e1c274b3d145ab0f1a559b26fb8d6b0a22826e7946688c5fbe7c4ac70b146ad7"),
    "OKB": (121_773, "80a0dd90270e896725298a0157a367b7afce5d7f6592b0381d90c8813d7eea5f"),
    "PAXG": (68_575, "c5777918e658aa717d92e03ab20c2de50185f6288608427aa1761c684b9edc34"),
    "POL": (107_490, "e9f9e552b75b5714d995fe0df2df5fbb37016b63c7cad9a62b1caa041f13d240"),
    "RUNE": (102_871, "040117253e33d72c7d721ca6e025397b0dcbd1744b9519b9a2bc83ac54f484d8"),
    "SAND": (98_767, "8078ce4a2afb91a1b9e365554f5ea5b8d0e0c37d9791c6466ee2c65b8b0b61f0"),
    "SHIB": (103_357, "00fa2d300df94e5942fe6013a454ed6d40be3f68c26faf680c1b8afc1d95019e"),
    "SOL": (95_428, "3145e9cb557d8d76bb094b282db32feca17ae923046732b40ccd178fa7ed60a7"),
    "SUN": (76_683, "74027043236bb91a3a4268b81ff357e7640673bd500f3f3e92d2565916b30910"),
    "TRX": (149_585, "92c7e8db9c206b465cdd9d67b132dbc4ccaa1c8b68b2599d99935275421a8e5e"),
    "TUSD": (115_964, "9569667d027880b6ffbc744d906c8cc8bcc4968b24e50b2dd51ec134523ce08b"),
    "UNI": (87_828, "a530491bc0021ae9fc713eb154f1897464c1f3561caef62507b337dd27e0b30a"),
    "USDC": (111_432, "36ee4546a4ed70c3707382835b94fda9f5f097c1d9f13702664d44f9e336f6a0"),
    "USDD": (67_049, "41189d4bb2ff0fc19e9115a7967c48e86fd996bc846ed16b0fb92282b21094d7"),
    "USDT": (136_272, "ca8f613c6784d2e6fbf29e3ea33559cf81b72806884d2b46eba1307716d35e1b"),
    "XAUt": (65_286, "5fb99a94e656820a6061bf6873201d44fd9a69fedd43e8ed1f0b44c90efd8755"),
    "XLM": (157_436, "ca7749e89b1faa1d8ab00184829ab7b778746d60d1d64633c911af116eadac61"),
    "XMR": (170_073, "0a2559937b20a9813b4c291a247ca758ebd01fa182167b5503d5856b1394db11"),
    "XRP": (184_487, "3be0781f73202b93430d121219ed1d51dc9627f536f332642dd264b3ed0c4904"),
    "YFI": (95_166, "5208d994bac0680bca6c8bf3e1d24bb2641a3e4bfd57b347d0c4a0d2c1d5e113"),
    "ZEC": (146_412, "b2f95f229f5267be043809177a508617c5e1ac028ee137a3febb5fd9ea07a966"),
}

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
        url=f"https://github.com/{_CRYPTO_REPO}/tree/{_CRYPTO_COMMIT}",
        source=(
            f"assembled from the per-coin CSV files of GitHub {_CRYPTO_REPO} at commit "
            f"{_CRYPTO_COMMIT}, a copy of Kaggle's 'Crypto Currencies Daily Prices'"
        ),
        licence="not verified: check the upstream Kaggle page before redistributing",
        parts=tuple(
            Download(f"{CRYPTO_PARTS_DIR}/{symbol}.csv", f"{_CRYPTO_RAW}/{symbol}.csv", size, sha)
            for symbol, (size, sha) in sorted(_CRYPTO_PART_FILES.items())
        ),
    ),
}


def registry() -> dict[str, Download]:
    """Every file the course may download: name in the data directory -> :class:`Download`.

    This is the registry that pooch works from: names, sizes, SHA-256 checksums and
    URLs, built from :data:`DATASETS`.

    Examples
    --------
    >>> from helpers.data import registry
    >>> entry = registry()["insurance.csv"]
    >>> entry.size, entry.url.endswith("/insurance.csv")
    (54288, True)
    >>> sum(name.startswith("crypto_prices_parts/") for name in registry())
    59
    """
    return {item.name: item for dataset in DATASETS.values() for item in dataset.downloads()}


class DataError(RuntimeError):
    """Base class of every error about a course data file."""


class DatasetNotFoundError(DataError, FileNotFoundError):
    """The file is not in the data directory and may not be downloaded."""


class DownloadError(DataError):
    """Downloading a file failed (offline, HTTP error, connection dropped, no write access)."""


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
    return Path(override).expanduser().absolute() if override else _REPO_ROOT / "data"


def describe_data_dir() -> str:
    """Say in words where the data directory is, without printing your user name.

    Returns
    -------
    str
        ``"data/ in the course folder (the default)"`` for the default, otherwise the
        folder named by ``CLUSTERING_COURSE_DATA``: relative to your home folder
        (``~/...``) when it is inside it, else its last two parts (``.../shared/data``),
        so that a notebook's saved output shows no full path. :func:`data_dir` gives
        the full path.

    Examples
    --------
    >>> from helpers.data import describe_data_dir
    >>> describe_data_dir().startswith(("data/", "~", ".../", "/"))
    True
    """
    folder = data_dir()
    if folder == _REPO_ROOT / "data":
        return "data/ in the course folder (the default)"
    home = Path.home()
    if folder.is_relative_to(home) and folder != home:
        shown = f"~/{folder.relative_to(home).as_posix()}"
    else:
        shown = ".../" + "/".join(folder.parts[-2:]) if len(folder.parts) > 2 else folder.as_posix()
    return f"{shown} (set by {DATA_DIR_ENV})"


def _dataset(name: str) -> Dataset:
    try:
        return DATASETS[name]
    except KeyError:
        known = ", ".join(sorted(DATASETS))
        raise ValueError(f"unknown dataset {name!r}; known datasets: {known}") from None


def _short_name(dataset: Dataset) -> str:
    return next(key for key, value in DATASETS.items() if value is dataset)


def _where_to_get(dataset: Dataset) -> str:
    if dataset.parts:
        return (f"it is assembled from {len(dataset.parts)} per-coin files of "
                f"{dataset.url}, see data/README.md")
    return f"it is downloaded from {dataset.url}"


def _provide(dataset: Dataset, folder: Path) -> str:
    """The sentence that tells the user which file to put where."""
    exists = "" if folder.is_dir() else " (create that folder first)"
    return (
        f"To work without the download, copy a verified {dataset.filename} (from a "
        f"classmate, your teacher or a USB stick) into {folder}{exists}, or set "
        f"{DATA_DIR_ENV} to a folder that holds it."
    )


def _what_to_do(dataset: Dataset, path: Path) -> str:
    return (
        f"Delete {path} and run `python -m helpers.data` (or call "
        f"fetch({_short_name(dataset)!r})) to download a fresh copy ({_where_to_get(dataset)}), "
        f"or set {DATA_DIR_ENV} to a folder that holds the verified file."
    )


def _read_header(path: Path) -> tuple[str, ...]:
    with path.open("r", encoding="utf-8", errors="replace", newline="") as handle:
        first = handle.readline()
    return tuple(part.strip() for part in first.rstrip("\r\n").split(","))


def _import_pooch() -> Any:
    """Import pooch, without the warning its import can print inside Jupyter.

    pooch imports ``tqdm.auto``, which in a Jupyter kernel without ipywidgets (the
    course does not install them) warns "IProgress not found" on stderr and falls back
    to the plain text progress bar, the one the course wants anyway. Only that one
    warning, only during this import, is ignored.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="IProgress not found")
        import pooch
    return pooch


def verify(name: str, path: Path | str | None = None) -> Path:
    """Check that a data file is complete and is exactly the expected version.

    The checks run from the most to the least specific message: the file exists, it
    is not shorter than expected (truncated), its header has the expected columns,
    and its size and SHA-256 checksum (computed by pooch) match the registry. The
    file is only read, so a read-only folder is fine.

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
    pooch = _import_pooch()
    dataset = _dataset(name)
    path = Path(path) if path is not None else data_dir() / dataset.filename
    if not path.is_file():
        raise DatasetNotFoundError(
            f"{dataset.filename} was not found in {path.parent}. Run `python -m helpers.data` "
            f"(or `make data`) to download it ({_where_to_get(dataset)}). "
            + _provide(dataset, path.parent)
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
    digest = pooch.file_hash(str(path), alg="sha256")
    if size != dataset.size or digest != dataset.sha256:
        raise ChecksumMismatchError(
            f"{dataset.filename} at {path} is not the expected version: expected "
            f"{dataset.size} bytes with sha256 {dataset.sha256}, found {size} bytes "
            f"with sha256 {digest}. " + _what_to_do(dataset, path)
        )
    return path


@contextmanager
def _quiet_pooch() -> Iterator[None]:
    """Silence pooch's own log lines ("Downloading file ...") for the duration."""
    pooch = _import_pooch()

    logger = pooch.get_logger()
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def _pooch(folder: Path) -> Any:
    """A :class:`pooch.Pooch` over the data directory, built from :func:`registry`."""
    pooch = _import_pooch()

    entries = registry()
    return pooch.create(
        path=folder,
        base_url="",
        registry={name: f"sha256:{item.sha256}" for name, item in entries.items()},
        urls={name: item.url for name, item in entries.items()},
        retry_if_failed=0,
        allow_updates=False,  # a file on disk that fails its checksum is reported, not replaced
    )


def _download(item: Download, dataset: Dataset, folder: Path, *, progress: bool,
              timeout: float) -> Path:
    """Download one registry entry into `folder` with pooch; typed errors on failure."""
    import requests

    pooch = _import_pooch()

    shown = Path(item.name).name
    part_of = "" if item.name == dataset.filename else f" (one of the files {dataset.filename} is made of)"
    provide = _provide(dataset, folder)
    try:
        with _quiet_pooch():
            downloader = pooch.HTTPDownloader(progressbar=progress, timeout=timeout)
            path = Path(_pooch(folder).fetch(item.name, downloader=downloader))
    except requests.exceptions.HTTPError as exc:
        status = exc.response.status_code if exc.response is not None else "?"
        reason = exc.response.reason if exc.response is not None else exc
        raise DownloadError(
            f"could not download {shown}{part_of} from {item.url}: the server answered "
            f"HTTP {status} ({reason}). The source may have moved: see data/README.md. "
            + provide
        ) from exc
    except (requests.exceptions.ChunkedEncodingError,
            requests.exceptions.ContentDecodingError) as exc:
        raise DownloadError(
            f"the download of {shown}{part_of} from {item.url} stopped before the end "
            f"(connection dropped); nothing was kept. Check your connection and try again. "
            + provide
        ) from exc
    except requests.exceptions.RequestException as exc:
        raise DownloadError(
            f"could not download {shown}{part_of} from {item.url} ({type(exc).__name__}: "
            "are you offline?). Check your connection and try again. " + provide
        ) from exc
    except ValueError as exc:  # pooch: the downloaded file does not match its sha256
        raise ChecksumMismatchError(
            f"the downloaded {shown}{part_of} is not the expected version (expected "
            f"sha256 {item.sha256}); it was deleted. {exc} The source may have changed: "
            f"see data/README.md. " + provide
        ) from exc
    except OSError as exc:
        raise DownloadError(
            f"could not write {shown} into {folder} ({exc}). Use a folder you can write "
            f"to, or {provide[0].lower()}{provide[1:]}"
        ) from exc
    path.chmod(0o644)  # pooch's temporary files are private (0600); data files are not
    return path


def _assemble_crypto_prices(dataset: Dataset, folder: Path, *, progress: bool,
                            timeout: float) -> None:
    """Download the per-coin files with pooch and assemble ``crypto_prices.csv``.

    The source has one file per coin with the columns ``ticker,date,open,high,low,
    close``. The course's file keeps the days of :data:`CRYPTO_WINDOW`, adds the
    coin's name and an empty ``volume`` column, writes prices with ``%.8g`` and sorts
    by symbol, then date. The result goes to a temporary file, is verified, and only
    then takes its place; the parts are deleted once it has.
    """
    from tqdm import tqdm  # plain bar: tqdm.auto would need ipywidgets in Jupyter

    first, last = CRYPTO_WINDOW
    lines = [",".join(dataset.columns)]
    parts_dir = folder / CRYPTO_PARTS_DIR
    try:
        for item in tqdm(dataset.parts, desc=dataset.filename, disable=not progress,
                         file=sys.stderr):
            part = _download(item, dataset, folder, progress=False, timeout=timeout)
            symbol = part.stem
            name = CRYPTO_COINS[symbol][0]
            with part.open(encoding="utf-8") as handle:
                next(handle)  # header: ticker,date,open,high,low,close
                for row in handle:
                    fields = row.strip().split(",")
                    if len(fields) != 6 or not first <= fields[1] <= last:
                        continue
                    prices = ",".join(f"{float(value):.8g}" for value in fields[2:])
                    lines.append(f"{fields[1]},{symbol},{name},{prices},")
    except DataError as exc:
        kept = sorted(parts_dir.glob("*.csv")) if parts_dir.is_dir() else []
        if parts_dir.is_dir() and not kept:
            parts_dir.rmdir()
        note = (f" The {len(kept)} per-coin files fetched so far are kept in {parts_dir}; "
                "running again fetches only the missing ones.") if kept else ""
        raise type(exc)(f"{dataset.filename} could not be assembled: {exc}{note}") from exc
    target = folder / dataset.filename
    with _import_pooch().utils.temporary_file(path=str(folder)) as tmp:
        Path(tmp).write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
        verify(_short_name(dataset), tmp)
        shutil.move(tmp, target)
    target.chmod(0o644)
    shutil.rmtree(parts_dir, ignore_errors=True)


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
        Show a progress bar (on stderr) while downloading.
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
        If the file is missing and cannot be downloaded; the message names the file
        to provide and the folder to put it in.
    DataError
        If the file on disk, or the one downloaded, fails :func:`verify`. A file on
        disk that fails is reported, never replaced; a download that fails is deleted.

    Examples
    --------
    >>> from helpers.data import fetch
    >>> fetch("insurance").name  # doctest: +SKIP
    'insurance.csv'
    """
    dataset = _dataset(name)
    folder = data_dir()
    path = folder / dataset.filename
    if path.exists() or not download:
        return verify(name, path)
    if dataset.parts:
        _assemble_crypto_prices(dataset, folder, progress=progress, timeout=timeout)
    else:
        _download(dataset.downloads()[0], dataset, folder, progress=progress, timeout=timeout)
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


#: Folder of the course's own kept benchmarks (committed CSV files that notebooks plot).
BENCHMARK_DIR = _REPO_ROOT / "benchmarks"


def load_benchmark(name: str) -> pd.DataFrame:
    """Read a kept benchmark, ``benchmarks/<name>.csv``, made by ``make bench-<name>``.

    The folder sits beside the ``helpers`` package, in the repository and in the
    classroom hand-out alike, so notebooks find it wherever they run.

    Parameters
    ----------
    name : str
        ``"algorithms"`` (notebook 07) or ``"scale"`` (notebook 08).

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    FileNotFoundError
        If there is no such benchmark; the message lists the ones there are.

    Examples
    --------
    >>> from helpers.data import load_benchmark
    >>> "n" in load_benchmark("algorithms").columns
    True
    """
    path = BENCHMARK_DIR / f"{name}.csv"
    if not path.is_file():
        known = sorted(p.stem for p in BENCHMARK_DIR.glob("*.csv"))
        raise FileNotFoundError(
            f"no kept benchmark {name!r} in {BENCHMARK_DIR} (there are: {known}). "
            f"Run `make bench-{name}` in the course repository to measure it."
        )
    return pd.read_csv(path)


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
