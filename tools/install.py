"""Create a virtual environment and install the course's locked libraries into it.

The Makefile calls this script (``make install``, and so ``make lab`` and ``make test``);
it needs nothing but the standard library of the Python that runs it::

    python3 tools/install.py [--venv .venv] [--python python3] [--installer auto]
                             [--lock requirements.lock]

Steps, each announced on one line so a slow step is never silent:

1. Check that the target Python is one the course supports (``requires-python`` of
   ``pyproject.toml``).
2. Get ``uv`` (a fast installer from PyPI, version :data:`UV_VERSION`) into
   ``.venv-tools/``, unless it is already there. If uv cannot be installed, fall
   back to pip, which is slower (several minutes on a cold cache) but always there.
3. Create the venv and install exactly the lock (every file hash-checked), then
   the course's own ``helpers`` package in editable mode.
4. Report the time taken and the size of the venv.

``--installer uv`` or ``pip`` forces one of the two (``auto``, the default, tries uv
first).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

#: The uv release the course installs with (bump it together with `make lock`).
UV_VERSION = "0.13.9"

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / ".venv-tools"


def say(message: str) -> None:
    print(f"[install] {message}", flush=True)


def run(command: list[str], **kwargs) -> None:
    """Run `command`, letting its output through; raise CalledProcessError on failure."""
    subprocess.run(command, check=True, **kwargs)


def bin_dir(venv: Path) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin")


def supported_range() -> tuple[tuple[int, int], tuple[int, int] | None]:
    """Read ``requires-python`` (``>=3.X`` and optionally ``,<3.Y``) from pyproject.toml."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    spec = re.search(r'^requires-python\s*=\s*"([^"]+)"', text, re.M).group(1)
    low = re.search(r">=\s*3\.(\d+)", spec)
    high = re.search(r"<\s*3\.(\d+)", spec)
    return (3, int(low.group(1))), ((3, int(high.group(1))) if high else None)


def python_info(python: str) -> tuple[str, tuple[int, int]]:
    """Return the absolute path and (major, minor) version of the interpreter `python`."""
    try:
        out = subprocess.run(
            [python, "-c", "import sys; print(sys.executable); print(*sys.version_info[:2])"],
            check=True, capture_output=True, text=True,
        ).stdout.split("\n")
    except (OSError, subprocess.CalledProcessError):
        sys.exit(f"[install] cannot run {python!r}: install Python 3.11 or newer, or name "
                 "one with `make ... PYTHON=python3.12`.")
    major, minor = (int(part) for part in out[1].split())
    return out[0], (major, minor)


def find_python(version: str) -> str | None:
    """Return a working interpreter for `version` ("3.13"), or None.

    Looks for ``python3.13`` on the PATH, then in pyenv's versions folder (pyenv's
    shims exist for every installed version but only run the selected ones).
    """
    candidates = [shutil.which(f"python{version}")]
    pyenv_root = os.environ.get("PYENV_ROOT") or str(Path.home() / ".pyenv")
    installed = sorted(Path(pyenv_root, "versions").glob(f"{version}.*/bin/python{version}"),
                       key=lambda p: [int(x) for x in re.findall(r"\d+", p.parent.parent.name)],
                       reverse=True)
    candidates += [str(path) for path in installed]
    for candidate in filter(None, candidates):
        try:
            subprocess.run([candidate, "-c", ""], check=True, capture_output=True)
        except (OSError, subprocess.CalledProcessError):
            continue
        return candidate
    return None


def check_python(python: str, *, pick: bool = False) -> str:
    """Return the path of `python` if the course supports its version, else stop.

    With `pick`, an unsupported `python` is replaced by the newest supported Python
    found on the machine (and the replacement is announced).
    """
    executable, version = python_info(python)
    low, high = supported_range()
    if version >= low and (high is None or version < high):
        return executable
    shown = ".".join(map(str, version))
    if pick:
        top = high[1] - 1 if high else low[1] + 10
        for minor in range(top, low[1] - 1, -1):
            found = find_python(f"3.{minor}")
            if found:
                say(f"{python} is Python {shown}, which the course does not support; "
                    f"using {found} instead.")
                return python_info(found)[0]
    top = f" and older than {high[0]}.{high[1]}" if high else ""
    sys.exit(
        f"[install] {python} is Python {shown}; the course needs Python "
        f"{low[0]}.{low[1]} or newer{top}. Run again with another interpreter, for "
        f"example `make lab PYTHON=python3.{low[1]}`."
    )


def get_uv(python: str) -> Path | None:
    """Return the path of uv in .venv-tools, installing it from PyPI if needed."""
    uv = bin_dir(TOOLS) / "uv"
    if uv.exists():
        version = subprocess.run([str(uv), "--version"], capture_output=True, text=True).stdout
        if UV_VERSION in version:
            return uv
    say(f"getting uv {UV_VERSION} (a fast installer, about 20 MB) into {TOOLS.name}/ ...")
    try:
        if not (bin_dir(TOOLS) / "python").exists():
            run([python, "-m", "venv", str(TOOLS)])
        run([str(bin_dir(TOOLS) / "python"), "-m", "pip", "install", "--quiet",
             "--disable-pip-version-check", f"uv=={UV_VERSION}"])
        run([str(uv), "--version"])
    except (OSError, subprocess.CalledProcessError) as exc:
        say(f"uv could not be installed ({exc}); using pip instead.")
        shutil.rmtree(TOOLS, ignore_errors=True)
        return None
    return uv


def install_with_uv(uv: Path, python: str, venv: Path, lock: Path) -> None:
    env = dict(os.environ, UV_PYTHON_DOWNLOADS="never")
    target = str(bin_dir(venv) / "python")
    if not Path(target).exists():
        say(f"creating {venv.name}/ with {python} ...")
        run([str(uv), "venv", "--python", python, str(venv)], env=env)
    say(f"installing the {count_pins(lock)} locked packages with uv "
        "(about 1 to 2 minutes on a cold cache, seconds when cached) ...")
    # Compile bytecode now: where PYTHONDONTWRITEBYTECODE is set, Python would otherwise
    # recompile scikit-learn, SciPy and pandas from source in every new process.
    run([str(uv), "pip", "sync", "--python", target, "--require-hashes", "--compile-bytecode",
         str(lock)], env=env)
    say("installing the course's helpers package (editable) ...")
    run([str(uv), "pip", "install", "--python", target, "--no-deps", "--quiet", "-e", str(ROOT)],
        env=env)


def install_with_pip(python: str, venv: Path, lock: Path) -> None:
    target = str(bin_dir(venv) / "python")
    if not Path(target).exists():
        say(f"creating {venv.name}/ with {python} ...")
        run([python, "-m", "venv", str(venv)])
    say(f"installing the {count_pins(lock)} locked packages with pip "
        "(5 to 15 minutes on a cold cache; each package is listed as it comes) ...")
    run([target, "-m", "pip", "install", "--disable-pip-version-check", "--progress-bar", "on",
         "--require-hashes", "-r", str(lock)])
    say("installing the course's helpers package (editable) ...")
    run([target, "-m", "pip", "install", "--disable-pip-version-check", "--quiet", "--no-deps",
         "-e", str(ROOT)])


def count_pins(lock: Path) -> int:
    return len(re.findall(r"^[A-Za-z0-9_.\-]+==", lock.read_text(encoding="utf-8"), re.M))


def folder_size(folder: Path) -> int:
    total = 0
    for path in folder.rglob("*"):
        try:
            if path.is_file() and not path.is_symlink():
                total += path.stat().st_size
        except OSError:
            pass
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--venv", default=".venv")
    parser.add_argument("--python", default="python3")
    parser.add_argument("--lock", default="requirements.lock")
    parser.add_argument("--installer", choices=("auto", "uv", "pip"),
                        default=os.environ.get("INSTALLER", "auto") or "auto")
    parser.add_argument("--pick", action="store_true",
                        help="if --python is not supported, use the newest supported Python found")
    parser.add_argument("--find", metavar="X.Y",
                        help="only print the path of a working python X.Y (empty if none)")
    args = parser.parse_args(argv)
    if args.find:
        print(find_python(args.find) or "")
        return 0
    start = time.perf_counter()
    venv = (ROOT / args.venv).resolve() if not Path(args.venv).is_absolute() else Path(args.venv)
    lock = (ROOT / args.lock).resolve()
    python = check_python(args.python, pick=args.pick)

    uv = None if args.installer == "pip" else get_uv(python)
    if uv is None and args.installer == "uv":
        sys.exit("[install] uv was asked for (INSTALLER=uv) but could not be installed.")
    try:
        if uv is not None:
            install_with_uv(uv, python, venv, lock)
        else:
            install_with_pip(python, venv, lock)
    except subprocess.CalledProcessError as exc:
        sys.exit(
            f"[install] failed: {' '.join(map(str, exc.cmd))} exited with {exc.returncode} "
            "(see the lines above). Check your internet connection and run the same make "
            "command again; it resumes where it stopped."
        )
    seconds = time.perf_counter() - start
    size = folder_size(venv) / 1e9
    say(f"done in {seconds:.0f} s; {venv.name}/ takes {size:.1f} GB.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
