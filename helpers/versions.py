"""Which versions of the course's libraries are installed."""

from __future__ import annotations

import platform
from importlib import metadata

import pandas as pd
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

__all__ = ["COURSE_LIBRARIES", "python_requirement", "show_versions"]

#: Distribution names of the libraries the notebooks use, in the order shown.
COURSE_LIBRARIES: tuple[str, ...] = (
    "numpy",
    "scipy",
    "scikit-learn",
    "pandas",
    "polars",
    "matplotlib",
    "seaborn",
    "jupyterlab",
)


def _minimums() -> dict[str, str]:
    """Minimum versions declared by the ``clustering-course`` distribution."""
    try:
        requirements = metadata.requires("clustering-course") or []
    except metadata.PackageNotFoundError:
        return {}
    minimums = {}
    for line in requirements:
        requirement = Requirement(line)
        if requirement.marker is not None:  # extras such as the test tools
            continue
        for spec in requirement.specifier:
            if spec.operator == ">=":
                minimums[requirement.name] = spec.version
    return minimums


def python_requirement() -> SpecifierSet:
    """The Python versions the course supports (``requires-python`` of pyproject.toml).

    Read from the installed ``clustering-course`` metadata; ``>=3.11`` if it is not
    installed.

    Examples
    --------
    >>> from helpers.versions import python_requirement
    >>> "3.11.0" in python_requirement()
    True
    """
    try:
        spec = metadata.metadata("clustering-course").get("Requires-Python")
    except metadata.PackageNotFoundError:
        spec = None
    return SpecifierSet(spec or ">=3.11")


def show_versions() -> pd.DataFrame:
    """Tabulate Python and the course's libraries: installed and minimum versions.

    The minimums are the floors of the course's ``pyproject.toml``; ``ok`` says
    whether the installed version is at least that floor (and, for Python, within the
    supported range). Newer versions than the ones the course was tested with are
    fine: compare the ``ok`` column, not the numbers.

    Returns
    -------
    pandas.DataFrame
        One row per library (Python first), indexed by name, with the columns
        ``installed``, ``minimum`` (from the course's ``pyproject.toml``; empty if
        none) and ``ok`` (installed and at least the minimum).

    Examples
    --------
    >>> from helpers import show_versions
    >>> table = show_versions()
    >>> list(table.columns)
    ['installed', 'minimum', 'ok']
    >>> bool(table.loc["numpy", "ok"])
    True
    """
    minimums = _minimums()
    supported = python_requirement()
    floors = [spec.version for spec in supported if spec.operator == ">="]
    python = platform.python_version()
    rows = [("python", python, floors[0] if floors else "", Version(python) in supported)]
    for name in COURSE_LIBRARIES:
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            rows.append((name, "missing", minimums.get(name, ""), False))
            continue
        minimum = minimums.get(name, "")
        ok = not minimum or Version(installed) >= Version(minimum)
        rows.append((name, installed, minimum, ok))
    table = pd.DataFrame(rows, columns=["library", "installed", "minimum", "ok"])
    return table.set_index("library")
