"""The pip route (pyproject.toml + lock) and the conda route agree."""

from __future__ import annotations

import re
import tomllib

import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from conftest import ROOT


def pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = project["dependencies"] + project["optional-dependencies"]["test"]
    return {canonicalize_name(Requirement(r).name): Requirement(r).specifier for r in lines}


def conda_requirements() -> tuple[dict[str, str], list]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda, pip = {}, []
    for entry in env["dependencies"]:
        if isinstance(entry, dict):
            pip = entry["pip"]
            continue
        name, spec = re.match(r"^([A-Za-z0-9_.\-]+)\s*(.*)$", entry).groups()
        conda[canonicalize_name(name)] = SpecifierSet(spec.replace(" ", ""))
    return conda, pip


def test_same_packages_and_minimums():
    conda, _ = conda_requirements()
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert conda.pop("python") == SpecifierSet(requires)
    conda.pop("pip")
    assert conda == pyproject_requirements()


def test_conda_installs_helpers_editable_from_conda_forge():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]
    _, pip = conda_requirements()
    assert pip == ["-e ."]


def supported_pythons() -> list[str]:
    """The Makefile's SUPPORTED_PYTHONS, e.g. ['3.13', '3.12', '3.11']."""
    makefile = (ROOT / "Makefile").read_text()
    return re.search(r"^SUPPORTED_PYTHONS := (.+)$", makefile, re.M).group(1).split()


def test_supported_pythons_agree_everywhere():
    """Makefile, requires-python, classifiers and README name the same Pythons."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requires = SpecifierSet(project["requires-python"])
    supported = supported_pythons()
    assert supported == sorted(supported, key=lambda v: tuple(map(int, v.split("."))), reverse=True)
    for minor in range(8, 20):
        version = f"3.{minor}"
        assert (f"{version}.0" in requires) == (version in supported), version
    classified = sorted(c.rsplit(" :: ", 1)[1] for c in project["classifiers"]
                        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c))
    assert classified == sorted(supported)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"Python {supported[-1]} to {supported[0]}" in readme


def test_lock_pins_every_requirement():
    lock = (ROOT / "requirements.lock").read_text()
    pinned = {canonicalize_name(m) for m in re.findall(r"^([A-Za-z0-9_.\-]+)==", lock, re.M)}
    missing = set(pyproject_requirements()) - pinned
    assert not missing, f"requirements.lock lacks {sorted(missing)}: run make lock"
    assert "--hash=sha256:" in lock
