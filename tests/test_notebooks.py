"""The structure every course notebook shares (see ../shared/COURSE.md)."""

from __future__ import annotations

import getpass
import json
import re
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT
from helpers.checks import exercises
from helpers.course import NOTEBOOK_NAME, notebook_meta, notebook_paths
from helpers.handout import CHECK_CALL, exercise_blocks

NOTEBOOKS = notebook_paths()
KNOWN_TAGS = {"solution", "check", "prompt", "recipe", "nbval-ignore-output", "raises-exception"}
SECTIONS = [
    "Learning objectives", "Prerequisites", "Exercises", "Key takeaways",
    "Going further", "Recipe",
]
ABSOLUTE_PATH = re.compile(r"(/home/|/Users/|/root\b|/tmp/|/work/|/private/|[A-Z]:\\\\)")


def load(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def tags(cell) -> list[str]:
    return list(cell.metadata.get("tags", []))


def headings(nb, level: int) -> list[str]:
    marker = "#" * level + " "
    return [
        line[len(marker):].strip()
        for cell in nb.cells if cell.cell_type == "markdown"
        for line in cell.source.splitlines() if line.startswith(marker)
    ]


def output_text(output) -> str:
    if output.output_type == "stream":
        return output.text
    if output.output_type == "error":
        return "\n".join(output.traceback)
    return json.dumps({k: v for k, v in output.get("data", {}).items() if k.startswith("text")})


def test_there_are_notebooks_in_sequence():
    assert NOTEBOOKS, "no notebooks found"
    numbers = [int(p.name[:2]) for p in NOTEBOOKS]
    assert numbers == list(range(len(numbers))), "notebooks must be numbered 00, 01, ..."
    strays = [p.name for p in (ROOT / "notebooks").glob("*.ipynb") if not NOTEBOOK_NAME.match(p.name)]
    assert not strays, f"notebooks must be named NN_slug.ipynb: {strays}"


@pytest.fixture(params=NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def nb_path(request) -> Path:
    return request.param


def test_metadata_and_title(nb_path):
    nb = load(nb_path)
    meta = notebook_meta(nb_path)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert 3 <= len(meta["objectives"]) <= 5
    assert 0 < meta["minutes"] <= 90
    first = nb.cells[0]
    assert first.cell_type == "markdown"
    assert first.source.splitlines()[0] == f"# {meta['title']}"
    assert meta["title"].startswith(f"{nb_path.name[:2]} · ")
    assert len(headings(nb, 1)) == 1, "one H1 title per notebook"


def test_sections(nb_path):
    nb = load(nb_path)
    found = headings(nb, 2)
    for section in SECTIONS:
        assert section in found, f"missing section '## {section}'"
    positions = [found.index(s) for s in SECTIONS]
    assert positions == sorted(positions), f"sections must come in the order {SECTIONS}"
    assert found[-1] == "Recipe", "the Recipe section comes last"


def test_objectives_listed_in_the_notebook(nb_path):
    nb = load(nb_path)
    cell = next(c for c in nb.cells if c.cell_type == "markdown" and "## Learning objectives" in c.source)
    for objective in notebook_meta(nb_path)["objectives"]:
        assert f"- {objective}" in cell.source


def test_exercises_have_solutions_and_a_check(nb_path):
    """Each exercise: solution cell(s) and one `check("NN.k", name)` cell known to the keys."""
    nb = load(nb_path)
    blocks = exercise_blocks(nb)
    assert 2 <= len(blocks) <= 4, "2 to 4 exercises per notebook"
    assert [b.number for b in blocks] == list(range(1, len(blocks) + 1)), "exercises numbered 1, 2, ..."
    known = exercises()
    for block in blocks:
        where = f"{nb_path.name}, Exercise {block.number}"
        code_solutions = [i for i in block.solutions if nb.cells[i].cell_type == "code"]
        assert code_solutions, f"{where}: no code cell tagged solution"
        assert len(block.checks) == 1, f"{where}: needs exactly one cell tagged check"
        match = CHECK_CALL.match(nb.cells[block.checks[0]].source.strip())
        assert match, f'{where}: the check cell holds only check("NN.k", name)'
        assert match.group(1) == f"{nb_path.name[:2]}.{block.number}", f"{where}: wrong exercise id"
        assert match.group(1) in known, f"{where}: helpers/answer_keys has no {match.group(1)}"
        assert block.checks[0] > code_solutions[0], f"{where}: the check comes after the solution"
        assert all(i > block.checks[0] for i in block.solutions if nb.cells[i].cell_type == "markdown"), (
            f"{where}: discussion of the answer goes after the check cell"
        )


def test_tags_are_known(nb_path):
    for cell in load(nb_path).cells:
        unknown = set(tags(cell)) - KNOWN_TAGS
        assert not unknown, f"unknown tags {unknown}"


def test_one_recipe_cell_without_helpers(nb_path):
    recipes = [c for c in load(nb_path).cells if "recipe" in tags(c)]
    assert len(recipes) == 1 and recipes[0].cell_type == "code"
    assert "helpers" not in recipes[0].source


def test_executed_in_order_without_errors_or_stderr(nb_path):
    code = [c for c in load(nb_path).cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1)), (
        "execute the notebook top to bottom with `make execute`"
    )
    for i, cell in enumerate(code, 1):
        kinds = [o.output_type for o in cell.outputs]
        if "raises-exception" in tags(cell):
            assert "error" in kinds, f"cell [{i}] is tagged raises-exception but raised nothing"
        else:
            assert "error" not in kinds, f"cell [{i}] has an error output"
        stderr = [o for o in cell.outputs if o.output_type == "stream" and o.name == "stderr"]
        assert not stderr, f"cell [{i}] wrote to stderr: {stderr[0].text[:200]}"


def test_outputs_reveal_no_paths_or_user_names(nb_path):
    user = getpass.getuser()
    for i, cell in enumerate((c for c in load(nb_path).cells if c.cell_type == "code"), 1):
        for output in cell.outputs:
            text = output_text(output)
            assert not ABSOLUTE_PATH.search(text), f"cell [{i}] shows an absolute path"
            assert str(ROOT) not in text
            if len(user) > 3:
                assert user not in text, f"cell [{i}] shows the user name"


def test_no_shell_installs_or_absolute_paths_in_code(nb_path):
    for cell in load(nb_path).cells:
        if cell.cell_type == "code":
            assert "!pip" not in cell.source and "%pip" not in cell.source
            assert not ABSOLUTE_PATH.search(cell.source)
