"""helpers.show_versions and helpers.versions.python_requirement."""

from __future__ import annotations

import tomllib

from packaging.specifiers import SpecifierSet

from conftest import ROOT
from helpers import show_versions, versions
from helpers.versions import COURSE_LIBRARIES


def test_show_versions_lists_python_and_every_library():
    table = show_versions()
    assert list(table.index) == ["python", *COURSE_LIBRARIES]
    assert list(table.columns) == ["installed", "minimum", "ok"]
    assert table["ok"].all()  # the test environment itself meets the minimums
    assert table.loc["numpy", "minimum"] != ""  # read from the package metadata


def test_python_floor_comes_from_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert versions.python_requirement() == SpecifierSet(project["requires-python"])
    assert show_versions().loc["python", "minimum"] == "3.11"


def test_newer_versions_are_ok_and_older_ones_are_not(monkeypatch):
    real = versions.metadata.version

    def fake(name: str) -> str:
        return {"numpy": "9.0.0", "scipy": "1.0"}.get(name) or real(name)

    monkeypatch.setattr(versions.metadata, "version", fake)
    table = show_versions()
    assert bool(table.loc["numpy", "ok"]) and not bool(table.loc["scipy", "ok"])


def test_unsupported_python_is_not_ok(monkeypatch):
    monkeypatch.setattr(versions.platform, "python_version", lambda: "3.14.0")
    assert not bool(show_versions().loc["python", "ok"])
