"""The set-up: make lab as root and without data, test-pythons, test-latest, tools/install.py."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

STAMP = ".venv/.installed"
pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def make(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run make in the repository without rebuilding the venv (-o: treat it as up to date)."""
    return subprocess.run(
        ["make", "--no-print-directory", "-o", STAMP, *args], cwd=ROOT, capture_output=True,
        text=True, env={**os.environ, **(env or {})}, timeout=300,
    )


def jupyter_line(output: str) -> str:
    return next(line for line in output.splitlines() if " lab --ServerApp.root_dir=notebooks" in line)


def test_lab_as_root_passes_allow_root_and_says_so():
    out = make("-n", "lab", "USER_ID=0").stdout
    assert "--allow-root" in jupyter_line(out)
    assert "Running as root" in out and "--allow-root" in out


def test_lab_as_another_user_does_not():
    out = make("-n", "lab", "USER_ID=1000").stdout
    assert "--allow-root" not in jupyter_line(out) and "Running as root" not in out


def test_lab_detects_the_current_user():
    line = jupyter_line(make("-n", "lab").stdout)
    assert ("--allow-root" in line) == (os.geteuid() == 0)


def test_lab_starts_jupyterlab_when_the_data_cannot_be_fetched(tmp_path):
    """Broken data files fail verification without any network: lab must still start."""
    (tmp_path / "insurance.csv").write_text("age\n")
    (tmp_path / "crypto_prices.csv").write_text("date\n")
    run = make("lab", "JUPYTER=echo JUPYTERLAB-STARTED",
               env={"CLUSTERING_COURSE_DATA": str(tmp_path)})
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "insurance: FAILED" in out and "crypto_prices: FAILED" in out
    assert "notebooks 00-03 work without it" in out
    assert "JUPYTERLAB-STARTED lab --ServerApp.root_dir=notebooks" in out
    assert out.index("FAILED") < out.index("JUPYTERLAB-STARTED")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["crypto_prices.csv", "insurance.csv"]


def test_test_needs_the_data():
    out = make("-n", "test").stdout
    assert out.index("-m helpers.data") < out.index("-m pytest")
    assert "||" not in out.split("-m helpers.data")[1].splitlines()[0]  # no way around it


def test_ci_runs_exactly_make_test():
    lines = [line for line in (ROOT / ".ci" / "run").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert lines[-1] == "make test"


def test_test_pythons_covers_every_supported_python():
    out = make("-n", "test-pythons").stdout
    assert "for v in 3.13 3.12 3.11" in out
    for piece in ("--nbval", "notebooks/00_start_here.ipynb", "notebooks/03_", "tests/test_data.py",
                  "--doctest-modules helpers"):
        assert piece in out
    assert "notebooks/04_" not in out


def test_test_latest_takes_the_newest_python_or_the_one_given():
    newest = next(filter(None, (load_installer().find_python(v) for v in ("3.13", "3.12", "3.11"))), None)
    if newest:
        assert f"--python {newest} .venv-latest" in make("-n", "test-latest").stdout
    given = make("-n", "test-latest", "PYTHON=python3.12").stdout
    assert "--python python3.12 .venv-latest" in given


def load_installer():
    spec = importlib.util.spec_from_file_location("install", ROOT / "tools" / "install.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_installer_reads_the_supported_range_from_pyproject():
    installer = load_installer()
    low, high = installer.supported_range()
    assert low == (3, 11) and high == (3, 14)


@pytest.mark.parametrize("version, accepted", [((3, 10), False), ((3, 11), True),
                                               ((3, 13), True), ((3, 14), False)])
def test_installer_refuses_unsupported_pythons(monkeypatch, version, accepted):
    installer = load_installer()
    monkeypatch.setattr(installer, "python_info", lambda python: ("/x/python", version))
    if accepted:
        assert installer.check_python("pythonX") == "/x/python"
    else:
        with pytest.raises(SystemExit, match="the course needs Python 3.11 or newer and older than 3.14"):
            installer.check_python("pythonX")


def test_installer_pins_uv():
    installer = load_installer()
    assert installer.UV_VERSION.count(".") == 2
    assert sys.version_info >= (3, 11)


def test_installer_falls_back_to_pip_when_uv_cannot_be_installed(monkeypatch, tmp_path, capsys):
    installer = load_installer()
    monkeypatch.setattr(installer, "TOOLS", tmp_path / ".venv-tools")

    def no_network(command, **kwargs):
        raise subprocess.CalledProcessError(1, command)

    monkeypatch.setattr(installer, "run", no_network)
    assert installer.get_uv(sys.executable) is None
    assert "using pip instead" in capsys.readouterr().out
    assert not (tmp_path / ".venv-tools").exists()  # nothing half-installed left


def test_installer_picks_a_supported_python_when_none_was_given(monkeypatch, capsys):
    installer = load_installer()
    versions = {"python3": (3, 14), "/found/python3.13": (3, 13)}
    monkeypatch.setattr(installer, "python_info", lambda python: (python, versions[python]))
    monkeypatch.setattr(installer, "find_python",
                        lambda v: "/found/python3.13" if v == "3.13" else None)
    assert installer.check_python("python3", pick=True) == "/found/python3.13"
    assert "using /found/python3.13 instead" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        installer.check_python("python3", pick=False)


def test_make_lets_the_installer_pick_only_without_python():
    def dry_install(*args: str) -> str:
        return subprocess.run(["make", "-n", "-B", "install", *args], cwd=ROOT,
                              capture_output=True, text=True, timeout=60).stdout

    assert "tools/install.py" in dry_install() and "--pick" in dry_install()
    assert "--pick" not in dry_install("PYTHON=python3.12")
