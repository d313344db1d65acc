"""helpers.handout: student copies give nothing away, and the hand-out runs on its own."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT
from helpers.course import notebook_paths, pin_environment
from helpers.handout import (
    CHECK_CALL,
    build_handout,
    exercise_blocks,
    student_notebook,
    work_cell_source,
)

NOTEBOOKS = notebook_paths()
IDS = [p.name for p in NOTEBOOKS]
# A number worth guarding: a decimal with two or more decimals, or a whole number of
# three or more digits. Single digits and round numbers appear in any prose.
NUMBER = re.compile(r"(?<![\w.])(\d+\.\d{2,}|\d{3,}|\d{1,3}(?:[ ,]\d{3})+)(?![\w.]*\d)")


def md(text: str, *tags: str):
    return nbformat.v4.new_markdown_cell(text, metadata={"tags": list(tags)} if tags else {})


def code(text: str, *tags: str):
    return nbformat.v4.new_code_cell(text, metadata={"tags": list(tags)} if tags else {})


def toy(*cells) -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(cells=list(cells))


def tags(cell) -> list[str]:
    return list(cell.metadata.get("tags", []))


# --- the builder on small notebooks ------------------------------------------------


def test_solution_cells_become_one_work_cell_before_the_check():
    nb = toy(
        md("### Exercise 1 · Count\nStore it in `n`."),
        code("points = [1, 2]", "prompt"),
        code("step = 1", "solution"),
        code("n = step + 2", "solution"),
        code('check("99.1", n)', "check"),
        md("Three, because ...", "solution"),
        md("## Key takeaways"),
    )
    copy = student_notebook(nb)
    assert [c.source for c in copy.cells] == [
        "### Exercise 1 · Count\nStore it in `n`.",
        "points = [1, 2]",
        work_cell_source("99.1", "n"),
        'check("99.1", n)',
        "## Key takeaways",
    ]
    assert len(nb.cells) == 7, "the original notebook is left unchanged"


@pytest.mark.parametrize(
    ("check_source", "message"),
    [
        (None, "exactly one cell tagged 'check', found 0"),
        ('check("99.1", n)\nprint(n)', "a check cell must hold exactly"),
        ("check(99.1, n)", "a check cell must hold exactly"),
    ],
)
def test_malformed_exercises_are_refused(check_source, message):
    cells = [md("### Exercise 1 · Count"), code("n = 3", "solution")]
    if check_source is not None:
        cells.append(code(check_source, "check"))
    with pytest.raises(ValueError, match=re.escape(message)):
        student_notebook(toy(*cells), name="toy.ipynb")


def test_exercise_heading_may_share_a_cell_with_the_section_heading():
    nb = toy(
        md("Some text.\n\n## Exercises\n\n### Exercise 1 · Count\nStore it in `n`."),
        code("n = 3", "solution"),
        code('check("99.1", n)', "check"),
    )
    assert [c.source for c in student_notebook(nb).cells][1:] == [
        work_cell_source("99.1", "n"), 'check("99.1", n)',
    ]


def test_solution_outside_an_exercise_is_refused():
    nb = toy(md("## Section"), code("answer = 42", "solution"), md("### Exercise 1 · X"),
             code("n = 1", "solution"), code('check("99.1", n)', "check"))
    with pytest.raises(ValueError, match="outside any '### Exercise N' block"):
        student_notebook(nb, name="toy.ipynb")


def test_outputs_are_cleared():
    cell = code("1 + 1")
    cell.outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": "2"})]
    cell.execution_count = 1
    copy = student_notebook(toy(cell))
    assert copy.cells[0].outputs == [] and copy.cells[0].execution_count is None


# --- the course notebooks -----------------------------------------------------------


@pytest.fixture(params=NOTEBOOKS, ids=IDS)
def nb_path(request) -> Path:
    return request.param


def test_every_check_cell_passes_in_the_full_notebook(nb_path):
    """The committed solution passes its own check (nbval re-runs it)."""
    nb = nbformat.read(nb_path, as_version=4)
    for block in exercise_blocks(nb):
        for index in block.checks:
            text = "".join(o.get("text", "") for o in nb.cells[index].outputs)
            assert "· correct." in text, f"{nb_path.name} Exercise {block.number}: check prints {text!r}"


def test_student_copy_holds_only_prompt_work_and_check(nb_path):
    copy = student_notebook(nbformat.read(nb_path, as_version=4), name=nb_path.name)
    assert not any("solution" in tags(c) for c in copy.cells)
    assert all(not c.get("outputs") for c in copy.cells if c.cell_type == "code")
    for block in exercise_blocks(copy):
        where = f"{nb_path.name}, Exercise {block.number}"
        assert len(block.checks) == 1, where
        match = CHECK_CALL.match(copy.cells[block.checks[0]].source.strip())
        work = work_cell_source(match.group(1), match.group(2))
        kinds = []
        for cell in copy.cells[block.heading + 1:block.end]:
            if "check" in tags(cell):
                kinds.append("check")
            elif cell.cell_type == "code" and cell.source == work:
                kinds.append("work")
            elif cell.cell_type == "markdown" or "prompt" in tags(cell):
                kinds.append("prompt")
            else:
                kinds.append(f"unexpected {cell.cell_type} cell: {cell.source[:60]!r}")
        assert kinds[-2:] == ["work", "check"], f"{where}: {kinds}"
        assert set(kinds[:-2]) <= {"prompt"}, f"{where}: {kinds}"


def _numbers(text: str) -> set[str]:
    return {re.sub(r"[ ,]", "", n) for n in NUMBER.findall(text)}


def _output_text(cell) -> str:
    parts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            parts.append(output.text)
        elif "data" in output:
            parts.extend(v for k, v in output.data.items() if k in ("text/plain", "text/html"))
    return "\n".join(parts)


def test_student_prose_repeats_no_number_a_solution_prints(nb_path):
    """Numbers that only a solution reveals must not stand in the student copy's prose."""
    nb = nbformat.read(nb_path, as_version=4)
    revealed: set[str] = set()
    public: set[str] = set()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        (revealed if "solution" in tags(cell) else public).update(_numbers(_output_text(cell)))
        if "solution" not in tags(cell):
            public.update(_numbers(cell.source))
    secret = revealed - public
    for cell in nb.cells:  # the markdown a student copy keeps
        if cell.cell_type == "markdown" and "solution" not in tags(cell):
            leaked = _numbers(cell.source) & secret
            assert not leaked, (
                f"{nb_path.name}: the student copy's prose shows {sorted(leaked)}, which a solution "
                f"prints: {cell.source[:120]!r}"
            )


# --- the hand-out folder --------------------------------------------------------------


@pytest.fixture(scope="module")
def handout(tmp_path_factory) -> Path:
    return build_handout(tmp_path_factory.mktemp("classroom") / "student")


def test_handout_has_everything_a_classroom_needs(handout):
    names = {p.name for p in handout.iterdir()}
    assert {"README.md", "requirements.txt", "helpers", "data"} <= names
    assert sorted(p.name for p in handout.glob("*.ipynb")) == IDS
    assert (handout / "helpers" / "checks.py").exists()
    assert list((handout / "helpers" / "answer_keys").glob("*.json"))
    assert (handout / "data" / "README.md").exists()
    assert sorted(p.name for p in (handout / "benchmarks").glob("*.csv")) == sorted(
        p.name for p in (ROOT / "benchmarks").glob("*.csv"))
    assert not list(handout.rglob("__pycache__"))
    readme = (handout / "README.md").read_text(encoding="utf-8")
    assert "check" in readme and "00_start_here.ipynb" in readme
    with zipfile.ZipFile(handout.with_suffix(".zip")) as archive:
        listed = set(archive.namelist())
    assert f"student/{IDS[0]}" in listed and "student/helpers/checks.py" in listed
    assert not [p for p in handout.parent.iterdir() if p.name.startswith(".")], "no leftovers"


def test_handout_rebuild_replaces_the_old_folder(tmp_path):
    source = tmp_path / "99_toy.ipynb"
    nbformat.write(toy(md("# 99 · Toy"), code("1 + 1")), source)
    out = tmp_path / "build" / "student"
    build_handout(out, [source], make_zip=False)
    (out / "stale.txt").write_text("old", encoding="utf-8")
    build_handout(out, [source], make_zip=False)
    assert not (out / "stale.txt").exists()
    assert sorted(p.name for p in out.parent.iterdir()) == ["student"]


def test_a_failed_build_leaves_the_old_handout_and_no_leftovers(tmp_path):
    good = tmp_path / "99_toy.ipynb"
    nbformat.write(toy(md("# 99 · Toy")), good)
    out = tmp_path / "build" / "student"
    build_handout(out, [good])
    bad = tmp_path / "98_bad.ipynb"
    nbformat.write(toy(md("### Exercise 1 · No check"), code("n = 1", "solution")), bad)
    with pytest.raises(ValueError, match="exactly one cell tagged 'check'"):
        build_handout(out, [bad])
    assert (out / "99_toy.ipynb").exists() and out.with_suffix(".zip").exists()
    assert sorted(p.name for p in out.parent.iterdir()) == ["student", "student.zip"]


# Run first in every student kernel: drop the finder of the course's editable install,
# so `import helpers` can only find the hand-out's own copy beside the notebooks.
ISOLATE = """\
import sys
sys.meta_path[:] = [f for f in sys.meta_path if "Editable" not in getattr(f, "__name__", type(f).__name__)]
sys.path[:] = [p for p in sys.path if p.rstrip("/") != {root!r}]
import helpers
assert helpers.__file__.startswith({handout!r}), helpers.__file__
"""


@pytest.mark.parametrize("name", IDS)
def test_student_copy_runs_from_the_handout(handout, name):
    """Every student copy runs top to bottom with its work cells left as they are."""
    path = handout / name
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(0, code(ISOLATE.format(root=str(ROOT), handout=str(handout))))
    pin_environment()
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(handout)}})
    client.execute()
    for cell in nb.cells:
        errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
        if "raises-exception" not in tags(cell):
            assert not errors, f"{name}: {cell.source[:80]!r} raised {errors[0].ename}"
        stderr = [o for o in cell.get("outputs", []) if o.get("name") == "stderr"]
        assert not stderr, f"{name}: {cell.source[:80]!r} wrote to stderr: {stderr[0].text[:200]}"
        if "check" in tags(cell):
            assert "not attempted yet" in _output_text(cell), f"{name}: {cell.source}"
