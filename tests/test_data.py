"""helpers.data: the registry, verification, downloads and synthetic data."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers import data
from helpers.data import (
    DATASETS,
    ChecksumMismatchError,
    Dataset,
    DatasetNotFoundError,
    DownloadError,
    SchemaError,
    TruncatedFileError,
)

BODY = b"a,b\n1,2\n3,4\n"
COURSE_DATA_DIR = data.data_dir()  # before any test points it elsewhere


def tiny(url: str, body: bytes = BODY) -> Dataset:
    return Dataset(
        filename="tiny.csv",
        size=len(body),
        sha256=hashlib.sha256(body).hexdigest(),
        columns=("a", "b"),
        url=url,
        source="made by the test",
        licence="none",
    )


@pytest.fixture
def registered(monkeypatch, server, empty_data_dir):
    """Register a tiny dataset served by the local server."""
    url = server.serve("/tiny.csv", BODY)
    monkeypatch.setitem(DATASETS, "tiny", tiny(url))
    return empty_data_dir


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- registry and data directory -------------------------------------------------

def test_registry_holds_both_course_files():
    assert DATASETS["insurance"].filename == "insurance.csv"
    assert DATASETS["crypto_prices"].filename == "crypto_prices.csv"
    for dataset in DATASETS.values():
        assert len(dataset.sha256) == 64 and dataset.size > 0
        assert dataset.url.startswith("https://") and dataset.licence


def test_describe_datasets():
    table = data.describe_datasets()
    assert list(table.index) == list(DATASETS)
    assert table.loc["crypto_prices", "size (MB)"] == 3.12


def test_data_dir_defaults_to_repository_data(monkeypatch):
    monkeypatch.delenv(data.DATA_DIR_ENV, raising=False)
    assert data.data_dir() == Path(data.__file__).resolve().parent.parent / "data"


def test_data_dir_environment_override(monkeypatch, tmp_path):
    monkeypatch.setenv(data.DATA_DIR_ENV, str(tmp_path))
    assert data.data_dir() == tmp_path


def test_unknown_dataset_name_lists_the_known_ones():
    with pytest.raises(ValueError, match="unknown dataset 'iris'.*crypto_prices, insurance"):
        data.fetch("iris")


# --- verification of files on disk ------------------------------------------------

def test_missing_file_without_download(registered):
    with pytest.raises(DatasetNotFoundError, match="tiny.csv was not found.*fetch"):
        data.fetch("tiny", download=False)


def test_truncated_file(registered):
    (registered / "tiny.csv").write_bytes(BODY[:5])
    with pytest.raises(TruncatedFileError) as info:
        data.fetch("tiny")
    message = str(info.value)
    assert "tiny.csv" in message and f"expected {len(BODY)} bytes, found 5" in message
    assert "Delete" in message  # says what to do


def test_wrong_columns(registered):
    (registered / "tiny.csv").write_bytes(b"x,y\n1,2\n3,4\n")
    with pytest.raises(SchemaError, match=r"expected \['a', 'b'\], found \['x', 'y'\]"):
        data.fetch("tiny")


def test_checksum_mismatch(registered):
    (registered / "tiny.csv").write_bytes(b"a,b\n1,2\n3,5\n")
    with pytest.raises(ChecksumMismatchError) as info:
        data.fetch("tiny")
    assert DATASETS["tiny"].sha256 in str(info.value)
    assert hashlib.sha256(b"a,b\n1,2\n3,5\n").hexdigest() in str(info.value)


def test_longer_file_is_a_checksum_error(registered):
    (registered / "tiny.csv").write_bytes(BODY + b"5,6\n")
    with pytest.raises(ChecksumMismatchError, match="found 16 bytes"):
        data.fetch("tiny")


# --- downloads from a local server -----------------------------------------------

def test_download_success(registered):
    path = data.fetch("tiny", progress=False)
    assert path.read_bytes() == BODY
    assert leftovers(registered) == ["tiny.csv"]


def test_download_reuses_the_verified_file(registered, server):
    data.fetch("tiny", progress=False)
    server.routes.clear()  # a second download would now fail with 404
    assert data.fetch("tiny").read_bytes() == BODY


def test_download_404(monkeypatch, server, empty_data_dir):
    monkeypatch.setitem(DATASETS, "tiny", tiny(server.url("/gone.csv")))
    with pytest.raises(DownloadError, match="tiny.csv.*HTTP 404"):
        data.fetch("tiny", progress=False)
    assert leftovers(empty_data_dir) == []


def test_download_with_wrong_checksum_is_deleted(monkeypatch, server, empty_data_dir):
    url = server.serve("/tiny.csv", b"a,b\n9,9\n9,9\n")
    monkeypatch.setitem(DATASETS, "tiny", tiny(url))
    with pytest.raises(ChecksumMismatchError):
        data.fetch("tiny", progress=False)
    assert leftovers(empty_data_dir) == []


def test_connection_dropped_mid_file(monkeypatch, server, empty_data_dir):
    url = server.serve("/tiny.csv", BODY[:6], length=len(BODY))
    monkeypatch.setitem(DATASETS, "tiny", tiny(url))
    with pytest.raises(DownloadError, match="tiny.csv"):
        data.fetch("tiny", progress=False)
    assert leftovers(empty_data_dir) == []


def test_offline(monkeypatch, server, empty_data_dir):
    url = server.url("/tiny.csv")
    server.httpd.shutdown()
    server.httpd.server_close()  # nothing listens on the port any more
    monkeypatch.setitem(DATASETS, "tiny", tiny(url))
    with pytest.raises(DownloadError, match="offline.*CLUSTERING_COURSE_DATA"):
        data.fetch("tiny", progress=False, timeout=5)
    assert leftovers(empty_data_dir) == []


def test_crypto_prices_assembled_from_per_coin_files(monkeypatch, server, empty_data_dir):
    """Split the verified file into the source's per-coin format, serve it, rebuild."""
    original = data.verify("crypto_prices", COURSE_DATA_DIR / "crypto_prices.csv")
    table = pd.read_csv(original, dtype=str)
    for symbol, rows in table.groupby("symbol"):
        lines = ["ticker,date,open,high,low,close", f"{symbol},2022-07-04,1.0,1.0,1.0,1.0"]
        lines += [
            f"{symbol},{r.date},{float(r.open)},{r.high},{r.low},{r.close}"
            for r in rows.itertuples()
        ]
        server.serve(f"/{symbol}.csv", ("\n".join(lines) + "\n").encode())
    monkeypatch.setitem(
        DATASETS, "crypto_prices",
        dataclasses.replace(DATASETS["crypto_prices"], url=server.url("/{symbol}.csv")),
    )
    rebuilt = data.fetch("crypto_prices", progress=False)
    assert rebuilt.read_bytes() == original.read_bytes()
    assert leftovers(empty_data_dir) == ["crypto_prices.csv"]


# --- loaders ---------------------------------------------------------------------

def test_load_insurance():
    frame = data.load_insurance()
    assert frame.shape == (1338, 7)
    assert list(frame.columns) == list(DATASETS["insurance"].columns)
    assert frame["smoker"].dtype == "category"
    assert list(frame["smoker"].cat.categories) == ["no", "yes"]
    assert frame["region"].cat.categories.size == 4
    assert frame["age"].dtype == np.int64 and frame["charges"].dtype == np.float64
    assert not frame.isna().any().any()
