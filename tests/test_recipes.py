"""Every notebook's Recipe cell runs on its own, where helpers cannot be imported."""

from __future__ import annotations

import os
import subprocess
import sys

import nbformat
import pytest

from helpers.course import notebook_paths, pin_environment

# Make `import helpers` fail inside the recipe, even though the package is installed.
BLOCK_HELPERS = "import sys\nsys.modules['helpers'] = None\n\n"

RECIPES = [
    (path.name, cell.source)
    for path in notebook_paths()
    for cell in nbformat.read(path, as_version=4).cells
    if "recipe" in cell.metadata.get("tags", [])
]


@pytest.mark.parametrize(("notebook", "source"), RECIPES, ids=[n for n, _ in RECIPES])
def test_recipe_runs_standalone(notebook, source, tmp_path):
    script = tmp_path / "recipe.py"
    script.write_text(BLOCK_HELPERS + source, encoding="utf-8")
    env = pin_environment(dict(os.environ))
    env["MPLBACKEND"] = "Agg"  # a script has no notebook to draw in
    env.pop("PYTHONPATH", None)
    result = subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, env=env,
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stderr == "", f"the recipe printed warnings or errors:\n{result.stderr[-2000:]}"
    assert result.stdout.strip(), "a recipe shows its result"
