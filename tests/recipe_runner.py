"""Run a notebook's Recipe cell as a practitioner would: standalone, on other data.

A recipe marks the lines that load the reader's data::

    # ---- your data: replace these lines ----
    table = ...
    # ---- end of your data ----

:func:`run_recipe` swaps those lines for the test's own (adversarial) data, runs the
cell in a fresh interpreter in an empty folder where ``import helpers`` fails, and
saves the recipe's result, the DataFrame ``segments``, as ``segments.pkl`` there.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pandas as pd

from helpers.course import notebook_paths, pin_environment

DATA_START = "# ---- your data: replace these lines ----"
DATA_END = "# ---- end of your data ----"

# Make `import helpers` fail inside the recipe, even though the package is installed.
BLOCK_HELPERS = "import sys\nsys.modules['helpers'] = None\n\n"
SAVE_RESULT = "\n\nsegments.to_pickle('segments.pkl')\n"


def recipe_source(notebook: str) -> str:
    """Return the source of the ``recipe`` cell of the notebook whose name starts with `notebook`."""
    for path in notebook_paths():
        if path.name.startswith(notebook):
            cells = [c for c in nbformat.read(path, as_version=4).cells
                     if "recipe" in c.metadata.get("tags", [])]
            assert len(cells) == 1, f"{path.name} must have exactly one recipe cell"
            return cells[0].source
    raise FileNotFoundError(f"no notebook starts with {notebook!r}")


def with_data(source: str, data_code: str) -> str:
    """Replace the recipe's marked data lines with `data_code`."""
    assert source.count(DATA_START) == 1 and source.count(DATA_END) == 1, (
        f"a recipe marks its data lines with {DATA_START!r} ... {DATA_END!r}"
    )
    head, rest = source.split(DATA_START)
    _, tail = rest.split(DATA_END)
    return f"{head}{DATA_START}\n{data_code.strip()}\n{DATA_END}{tail}"


@dataclass
class RecipeRun:
    """What a recipe run left behind."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float
    segments: pd.DataFrame | None


def run_recipe(source: str, folder: Path, *, timeout: float = 300,
               files: dict[str, bytes] | None = None, save_result: bool = True) -> RecipeRun:
    """Run `source` standalone in `folder` and collect its output and ``segments``.

    Parameters
    ----------
    source : str
        The recipe, usually ``with_data(recipe_source("02"), ...)``.
    folder : pathlib.Path
        An empty folder; the recipe runs there.
    files : dict, optional
        File name -> bytes, written into `folder` first (input tables).
    save_result : bool, default True
        Save the recipe's ``segments`` table (notebook 00's recipe has none).
    """
    for name, content in (files or {}).items():
        (folder / name).write_bytes(content)
    script = folder / "recipe.py"
    script.write_text(BLOCK_HELPERS + source + (SAVE_RESULT if save_result else ""), encoding="utf-8")
    env = pin_environment(dict(os.environ))
    env["MPLBACKEND"] = "Agg"  # a script has no notebook to draw in
    env.pop("PYTHONPATH", None)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, str(script)], cwd=folder, env=env,
                            capture_output=True, text=True, timeout=timeout)
    seconds = time.perf_counter() - start
    saved = folder / "segments.pkl"
    segments = pd.read_pickle(saved) if result.returncode == 0 and saved.exists() else None
    return RecipeRun(result.returncode, result.stdout, result.stderr, seconds, segments)


def assert_stops(result: RecipeRun, *phrases: str) -> None:
    """Assert that the recipe stopped with a ValueError whose message holds `phrases`."""
    assert result.returncode != 0, f"the recipe should have stopped:\n{result.stdout[-2000:]}"
    assert "ValueError: " in result.stderr, result.stderr[-2000:]
    message = result.stderr[result.stderr.rindex("ValueError: "):]
    for phrase in phrases:
        assert phrase in message, (phrase, message[-2000:])
    assert result.segments is None
