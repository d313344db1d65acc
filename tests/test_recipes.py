"""Every notebook's Recipe cell runs on its own, where helpers cannot be imported.

The guardrails of each recipe (warnings, clear errors on bad input, timing on many
rows) are tested in ``tests/test_recipe_NN.py``, with the runner of
``tests/recipe_runner.py``.
"""

from __future__ import annotations

import pytest

from helpers.course import notebook_paths
from recipe_runner import DATA_END, DATA_START, recipe_source, run_recipe

# Notebook 00's recipe checks an environment; every other recipe segments a table.
SEGMENTING = [p.name[:2] for p in notebook_paths() if not p.name.startswith("00")]


@pytest.mark.parametrize("notebook", [p.name[:2] for p in notebook_paths()])
def test_recipe_runs_standalone(notebook, tmp_path):
    source = recipe_source(notebook)
    run = run_recipe(source, tmp_path, save_result=notebook in SEGMENTING)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stderr == "", f"the recipe printed warnings or errors:\n{run.stderr[-2000:]}"
    assert run.stdout.strip(), "a recipe shows its result"
    if notebook in SEGMENTING:
        assert source.count(DATA_START) == 1 and source.count(DATA_END) == 1, (
            f"mark the lines that load the reader's data with {DATA_START!r} and {DATA_END!r}"
        )
        assert run.segments is not None and len(run.segments) > 0, (
            "a recipe leaves its row -> segment table in a DataFrame named `segments`"
        )
        assert "segment" in run.segments.columns


def _assigned_names(source: str) -> set[str]:
    import ast

    names = set()
    for node in ast.parse(source).body:
        targets = []
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        for target in targets:
            names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
    return names


def _used_names(source: str) -> set[str]:
    import ast

    return {n.id for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Name)}


@pytest.mark.parametrize("notebook", [p.name[:2] for p in notebook_paths()])
def test_recipe_does_not_clobber_the_exercises(notebook):
    """A learner who runs the whole notebook and then returns to an exercise must not
    find the exercise's variables replaced by the recipe's."""
    import nbformat

    from helpers.handout import exercise_blocks

    path = next(p for p in notebook_paths() if p.name.startswith(notebook))
    nb = nbformat.read(path, as_version=4)
    used: set[str] = set()
    for block in exercise_blocks(nb):
        for cell in nb.cells[block.heading:block.end]:
            if cell.cell_type == "code":
                used |= _used_names(cell.source)
    clash = _assigned_names(recipe_source(notebook)) & used
    assert not clash, (
        f"{path.name}: the recipe redefines {sorted(clash)}, which the exercises use; "
        "rename them in the notebook (or in the recipe, except `segments`)"
    )
