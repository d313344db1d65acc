"""Student copies and the classroom hand-out.

A student copy of a notebook keeps everything a learner needs and nothing that gives
an answer away. Per exercise (see ``CONTRIBUTING.md``) it holds only

1. the prompt: the ``### Exercise N`` heading, markdown, and code cells tagged
   ``prompt`` that define the exercise's data;
2. one work cell, ``answer_name = ...``, where the first ``solution`` cell stood (the
   name comes from the check cell);
3. the check cell, ``check("NN.k", answer_name)``, which prints "not attempted yet"
   until the learner replaces the ``...``.

Every cell tagged ``solution``, code or markdown, is removed, and every output is
cleared.

The hand-out is one folder a teacher can copy to a classroom machine::

    student/
        README.md              how to start, for students
        requirements.txt       the pinned libraries (the course's lock)
        00_start_here.ipynb    the student copies, beside ...
        ...
        helpers/               ... the package they import, with the answer keys
        data/                  the data cards; downloads land here
        benchmarks/            the kept benchmark tables that notebooks 07 and 08 plot

``python -m helpers.course student`` (``make student``) writes it to
``build/student/`` and zips it to ``build/student.zip``.
"""

from __future__ import annotations

import ast
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "CHECK_CALL",
    "Exercise",
    "build_handout",
    "exercise_blocks",
    "student_notebook",
    "work_cell_source",
]

ROOT = Path(__file__).resolve().parent.parent
EXERCISE_HEADING = re.compile(r"^### Exercise (\d+)\b", re.M)
#: A check cell: ``check("NN.k", name)``, alone in its cell.
CHECK_CALL = re.compile(r'^\s*check\(\s*"(\d\d\.\d+)"\s*,\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)\s*$')
STUDENT_README = ROOT / "teaching" / "handout_README.md"


@dataclass
class Exercise:
    """The cells of one exercise block, by index into the notebook's cells.

    Attributes
    ----------
    number : int
        ``N`` of ``### Exercise N``.
    heading : int
        Index of the heading cell.
    end : int
        Index of the next heading cell (or of the end of the notebook).
    solutions, checks, others : list of int
        Cells tagged ``solution``, cells tagged ``check``, and the rest.
    """

    number: int
    heading: int
    end: int
    solutions: list[int] = field(default_factory=list)
    checks: list[int] = field(default_factory=list)
    others: list[int] = field(default_factory=list)


def _tags(cell: Any) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _is_heading(cell: Any) -> bool:
    return cell["cell_type"] == "markdown" and cell["source"].lstrip().startswith("#") \
        and "solution" not in _tags(cell)


def exercise_blocks(nb: Any) -> list[Exercise]:
    """Find the exercise blocks of a notebook.

    A block starts at a markdown cell with a line ``### Exercise N`` (the cell may
    hold text before it, such as the ``## Exercises`` heading) and ends at the next
    markdown cell that starts with a heading (solution cells do not end a block).

    Examples
    --------
    >>> import nbformat
    >>> from helpers.handout import exercise_blocks
    >>> nb = nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_markdown_cell("### Exercise 1 · Count\\nStore it in `n`."),
    ...     nbformat.v4.new_code_cell("n = 3", metadata={"tags": ["solution"]}),
    ...     nbformat.v4.new_code_cell('check("99.1", n)', metadata={"tags": ["check"]}),
    ...     nbformat.v4.new_markdown_cell("## Key takeaways")])
    >>> block = exercise_blocks(nb)[0]
    >>> block.number, block.solutions, block.checks, block.end
    (1, [1], [2], 3)
    """
    cells = nb["cells"]
    blocks: list[Exercise] = []
    for i, cell in enumerate(cells):
        match = EXERCISE_HEADING.search(cell["source"]) if cell["cell_type"] == "markdown" else None
        if not match:
            continue
        end = next((j for j in range(i + 1, len(cells)) if _is_heading(cells[j])), len(cells))
        block = Exercise(number=int(match.group(1)), heading=i, end=end)
        for j in range(i + 1, end):
            tags = _tags(cells[j])
            if "solution" in tags:
                block.solutions.append(j)
            elif "check" in tags:
                block.checks.append(j)
            else:
                block.others.append(j)
        blocks.append(block)
    return blocks


def work_cell_source(exercise_id: str, name: str) -> str:
    """Return the source of the empty work cell that replaces a solution.

    Examples
    --------
    >>> from helpers.handout import work_cell_source
    >>> print(work_cell_source("02.2", "n_good_starts"))
    # Exercise 02.2: your code here. Replace the ... with your answer.
    n_good_starts = ...
    """
    return f"# Exercise {exercise_id}: your code here. Replace the ... with your answer.\n{name} = ..."


def _check_target(source: str, where: str) -> tuple[str, str]:
    match = CHECK_CALL.match(source.strip())
    if not match:
        raise ValueError(f'{where}: a check cell must hold exactly `check("NN.k", name)`, got {source!r}')
    ast.parse(source)  # a check cell is valid Python
    return match.group(1), match.group(2)


def student_notebook(nb: Any, *, name: str = "notebook") -> Any:
    """Return a student copy of `nb` (a new object; `nb` is left unchanged).

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The full notebook, with solutions.
    name : str
        Used in error messages.

    Returns
    -------
    nbformat.NotebookNode
        Solutions removed, one work cell per exercise, outputs cleared.

    Raises
    ------
    ValueError
        If an exercise has no check cell, more than one, or a check cell that is not
        a single ``check("NN.k", name)`` call, or if a ``solution`` or ``check`` cell
        stands outside every exercise block.

    Examples
    --------
    >>> import nbformat
    >>> from helpers.handout import student_notebook
    >>> nb = nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_markdown_cell("### Exercise 1 · Count\\nStore it in `n`."),
    ...     nbformat.v4.new_code_cell("n = 3", metadata={"tags": ["solution"]}),
    ...     nbformat.v4.new_code_cell('check("99.1", n)', metadata={"tags": ["check"]}),
    ...     nbformat.v4.new_markdown_cell("Three, because ...", metadata={"tags": ["solution"]}),
    ...     nbformat.v4.new_markdown_cell("## Key takeaways")])
    >>> [c.source.splitlines()[-1] for c in student_notebook(nb).cells]
    ['Store it in `n`.', 'n = ...', 'check("99.1", n)', '## Key takeaways']
    """
    import copy

    import nbformat

    nb = copy.deepcopy(nb)
    work_cells: dict[int, Any] = {}
    blocks = exercise_blocks(nb)
    inside = {i for block in blocks for i in range(block.heading, block.end)}
    for i, cell in enumerate(nb.cells):
        stray = {"solution", "check"} & set(_tags(cell))
        if stray and i not in inside:
            raise ValueError(
                f"{name}: cell {i} is tagged {sorted(stray)} but stands outside any "
                "'### Exercise N' block; the student copy would lose it without a work cell"
            )
    for block in blocks:
        where = f"{name}, Exercise {block.number}"
        if len(block.checks) != 1:
            raise ValueError(f"{where}: needs exactly one cell tagged 'check', found {len(block.checks)}")
        exercise_id, answer = _check_target(nb.cells[block.checks[0]].source, where)
        code_solutions = [i for i in block.solutions if nb.cells[i].cell_type == "code"]
        position = code_solutions[0] if code_solutions else block.checks[0]
        work_cells[position] = nbformat.v4.new_code_cell(work_cell_source(exercise_id, answer))
    cells = []
    for i, cell in enumerate(nb.cells):
        if i in work_cells:
            cells.append(work_cells[i])
        if "solution" in _tags(cell):
            continue
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
            cell.metadata.pop("execution", None)
        cells.append(cell)
    nb.cells = cells
    nb.metadata.setdefault("course", {})["student_copy"] = True
    return nb


def _copy_package(target: Path) -> None:
    source = Path(__file__).resolve().parent
    shutil.copytree(source, target / "helpers",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


def _copy_data_cards(target: Path) -> None:
    data = target / "data"
    data.mkdir()
    for card in sorted((ROOT / "data").glob("*.md")):
        shutil.copy2(card, data / card.name)
    # The kept benchmarks that notebooks plot (helpers.data.load_benchmark).
    benchmarks = sorted((ROOT / "benchmarks").glob("*.csv"))
    if benchmarks:
        (target / "benchmarks").mkdir()
        for table in benchmarks:
            shutil.copy2(table, target / "benchmarks" / table.name)


def build_handout(out_dir: Path | str, notebooks: list[Path] | None = None, *,
                  make_zip: bool = True) -> Path:
    """Write the classroom hand-out folder (and its zip) from the course notebooks.

    The folder is built next to `out_dir` under a temporary name and moved into
    place only when complete, so an interrupted build never leaves half a hand-out.

    Parameters
    ----------
    out_dir : path
        The hand-out folder to (re)create, e.g. ``build/student``.
    notebooks : list of path, optional
        The notebooks to include; defaults to every course notebook.
    make_zip : bool, default True
        Also write ``<out_dir>.zip`` (whose top folder is named like `out_dir`).

    Returns
    -------
    pathlib.Path
        `out_dir`.
    """
    import nbformat

    from helpers.course import notebook_paths

    out_dir = Path(out_dir).resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    paths = notebook_paths() if notebooks is None else [Path(p) for p in notebooks]
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    partial = out_dir.parent / f".{out_dir.name}.zip.partial"
    try:
        for path in paths:
            nb = nbformat.read(path, as_version=4)
            nbformat.write(student_notebook(nb, name=path.name), staging / path.name)
        _copy_package(staging)
        _copy_data_cards(staging)
        shutil.copy2(STUDENT_README, staging / "README.md")
        lock = ROOT / "requirements.lock"
        if lock.exists():
            shutil.copy2(lock, staging / "requirements.txt")
        if make_zip:
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
                for file in sorted(staging.rglob("*")):
                    if file.is_file():
                        archive.write(file, Path(out_dir.name) / file.relative_to(staging))
            partial.replace(out_dir.with_suffix(".zip"))
        if out_dir.exists():
            shutil.rmtree(out_dir)
        staging.replace(out_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
        partial.unlink(missing_ok=True)
    return out_dir
