"""helpers.data: the registry, verification, downloads through pooch, assembly, loaders."""

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
    Download,
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


def test_one_registry_of_names_sizes_checksums_and_urls():
    entries = data.registry()
    assert set(entries) == {"insurance.csv"} | {
        f"crypto_prices_parts/{symbol}.csv" for symbol in data.CRYPTO_COINS
    }
    for name, item in entries.items():
        assert item.name == name and item.size > 0 and len(item.sha256) == 64
        assert item.url.startswith("https://raw.githubusercontent.com/")
        assert item.url.endswith("/" + Path(name).name)
    parts = DATASETS["crypto_prices"].parts
    assert len(parts) == 59 and all("ff271ef05b459b01731ea189795e52862cc97ecb" in p.url for p in parts)


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
    with pytest.raises(DatasetNotFoundError) as info:
        data.fetch("tiny", download=False)
    message = str(info.value)
    assert "tiny.csv was not found" in message and "python -m helpers.data" in message
    assert f"copy a verified tiny.csv (from a classmate, your teacher or a USB stick) into {registered}," in message


def test_a_file_on_disk_is_only_read(registered, monkeypatch):
    """A verified file is returned without pooch (a read-only mirror stays untouched)."""
    (registered / "tiny.csv").write_bytes(BODY)
    import pooch

    monkeypatch.setattr(pooch, "create", lambda *a, **k: pytest.fail("pooch was called"))
    assert data.fetch("tiny") == registered / "tiny.csv"
    assert leftovers(registered) == ["tiny.csv"]


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
    assert path.stat().st_mode & 0o777 == 0o644  # not pooch's private temporary mode


def test_download_into_a_new_folder(monkeypatch, server, tmp_path):
    folder = tmp_path / "not" / "there"
    monkeypatch.setenv(data.DATA_DIR_ENV, str(folder))
    monkeypatch.setitem(DATASETS, "tiny", tiny(server.serve("/tiny.csv", BODY)))
    assert data.fetch("tiny", progress=False).read_bytes() == BODY


def test_download_reuses_the_verified_file(registered, server):
    data.fetch("tiny", progress=False)
    server.routes.clear()  # a second download would now fail with 404
    assert data.fetch("tiny").read_bytes() == BODY


def test_download_404(monkeypatch, server, empty_data_dir):
    monkeypatch.setitem(DATASETS, "tiny", tiny(server.url("/gone.csv")))
    with pytest.raises(DownloadError, match="tiny.csv.*HTTP 404") as info:
        data.fetch("tiny", progress=False)
    assert f"into {empty_data_dir}," in str(info.value)  # the folder to put the file in
    assert leftovers(empty_data_dir) == []


def test_download_with_wrong_checksum_is_deleted(monkeypatch, server, empty_data_dir):
    url = server.serve("/tiny.csv", b"a,b\n9,9\n9,9\n")
    monkeypatch.setitem(DATASETS, "tiny", tiny(url))
    with pytest.raises(ChecksumMismatchError) as info:
        data.fetch("tiny", progress=False)
    assert DATASETS["tiny"].sha256 in str(info.value) and "deleted" in str(info.value)
    assert leftovers(empty_data_dir) == []


def test_connection_dropped_mid_file(monkeypatch, server, empty_data_dir):
    url = server.serve("/tiny.csv", BODY[:6], length=len(BODY))
    monkeypatch.setitem(DATASETS, "tiny", tiny(url))
    with pytest.raises(DownloadError, match="tiny.csv.*stopped before the end"):
        data.fetch("tiny", progress=False)
    assert leftovers(empty_data_dir) == []


def test_offline(monkeypatch, server, empty_data_dir):
    url = server.url("/tiny.csv")
    server.httpd.shutdown()
    server.httpd.server_close()  # nothing listens on the port any more
    monkeypatch.setitem(DATASETS, "tiny", tiny(url))
    with pytest.raises(DownloadError, match="offline.*CLUSTERING_COURSE_DATA") as info:
        data.fetch("tiny", progress=False, timeout=5)
    assert f"into {empty_data_dir}," in str(info.value)
    assert leftovers(empty_data_dir) == []


def serve_coins(server, monkeypatch, *, skip: str | None = None) -> None:
    """Split the verified file into the source's per-coin format and serve the parts.

    The registry is pointed at the local server, with the served parts' own sizes and
    checksums (the real parts are checked against the real source's files).
    """
    original = data.verify("crypto_prices", COURSE_DATA_DIR / "crypto_prices.csv")
    table = pd.read_csv(original, dtype=str)
    parts = []
    for symbol, rows in table.groupby("symbol"):
        lines = ["ticker,date,open,high,low,close", f"{symbol},2022-07-04,1.0,1.0,1.0,1.0"]
        lines += [
            f"{symbol},{r.date},{float(r.open)},{r.high},{r.low},{r.close}"
            for r in rows.itertuples()
        ]
        body = ("\n".join(lines) + "\n").encode()
        url = server.url(f"/{symbol}.csv")
        if symbol != skip:
            server.serve(f"/{symbol}.csv", body)
        parts.append(Download(f"crypto_prices_parts/{symbol}.csv", url, len(body),
                              hashlib.sha256(body).hexdigest()))
    monkeypatch.setitem(DATASETS, "crypto_prices",
                        dataclasses.replace(DATASETS["crypto_prices"], parts=tuple(parts)))


def test_crypto_prices_assembled_from_per_coin_files(monkeypatch, server, empty_data_dir):
    serve_coins(server, monkeypatch)
    rebuilt = data.fetch("crypto_prices", progress=False)
    original = COURSE_DATA_DIR / "crypto_prices.csv"
    assert rebuilt.read_bytes() == original.read_bytes()
    assert leftovers(empty_data_dir) == ["crypto_prices.csv"]  # the parts are gone


def test_crypto_part_missing_names_the_file_to_provide(monkeypatch, server, empty_data_dir):
    serve_coins(server, monkeypatch, skip="XRP")
    with pytest.raises(DownloadError) as info:
        data.fetch("crypto_prices", progress=False)
    message = str(info.value)
    assert message.startswith("crypto_prices.csv could not be assembled")
    assert "XRP.csv (one of the files crypto_prices.csv is made of)" in message
    assert f"copy a verified crypto_prices.csv" in message and f"into {empty_data_dir}," in message
    parts = empty_data_dir / "crypto_prices_parts"
    assert f"kept in {parts}" in message and parts.is_dir()  # a folder that exists
    assert not (empty_data_dir / "crypto_prices.csv").exists()
    # Serve the missing part: the next run fetches it and assembles the file.
    server.routes.clear()
    serve_coins(server, monkeypatch)
    assert data.fetch("crypto_prices", progress=False).stat().st_size == DATASETS["crypto_prices"].size
    assert leftovers(empty_data_dir) == ["crypto_prices.csv"]


def test_crypto_offline_leaves_nothing(monkeypatch, server, empty_data_dir):
    serve_coins(server, monkeypatch)
    server.httpd.shutdown()
    server.httpd.server_close()
    with pytest.raises(DownloadError, match="offline") as info:
        data.fetch("crypto_prices", progress=False, timeout=5)
    assert f"copy a verified crypto_prices.csv" in str(info.value)
    assert "/tmp/tmp" not in str(info.value)  # no temporary folder that will be gone
    assert leftovers(empty_data_dir) == []


def test_describe_data_dir(monkeypatch, tmp_path):
    monkeypatch.delenv(data.DATA_DIR_ENV, raising=False)
    assert data.describe_data_dir() == "data/ in the course folder (the default)"
    monkeypatch.setenv(data.DATA_DIR_ENV, str(Path.home() / "course-data"))
    assert data.describe_data_dir() == "~/course-data (set by CLUSTERING_COURSE_DATA)"
    monkeypatch.setattr(Path, "home", lambda: Path("/home/someone"))
    monkeypatch.setenv(data.DATA_DIR_ENV, "/work/shared/data")
    assert data.describe_data_dir() == ".../shared/data (set by CLUSTERING_COURSE_DATA)"


def test_command_line_reports_each_file(registered, capsys):
    assert data._main(["tiny"]) == 0
    assert "tiny: ok" in capsys.readouterr().out
    (registered / "tiny.csv").write_bytes(b"a,b\n1,2\n3,5\n")
    assert data._main(["tiny", "no-such-dataset"]) == 1
    out = capsys.readouterr().out
    assert "tiny: FAILED" in out and "no-such-dataset: FAILED" in out


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


def test_load_benchmark_reads_the_kept_tables_and_names_the_missing_one():
    assert len(data.load_benchmark("scale")) > 0
    with pytest.raises(FileNotFoundError, match="make bench-nope"):
        data.load_benchmark("nope")
