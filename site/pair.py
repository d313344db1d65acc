"""Text versions of the notebooks, for review: ``review/NN_slug.py`` (jupytext percent).

A notebook's JSON, with its outputs and images, is hard to read in a diff. Each
notebook therefore has a text twin in ``review/``: its cells as a jupytext "percent"
script, with the cell tags and the notebook's ``"course"`` metadata, without outputs.
The ``.ipynb`` stays the source (it is what strict nbval checks); the twin is derived
from it, one way, and a test fails when a twin is missing, stale or orphaned.

The twins live in ``review/``, not beside the notebooks: ``make test`` imports every
``.py`` under ``notebooks/`` (``--doctest-modules``) and the website must not find two
sources for one page.

Command line (``make pair`` runs the first; ``make execute`` runs it too)::

    python site/pair.py            # write review/ from notebooks/, delete orphans
    python site/pair.py --check    # exit 1 and name the stale twins
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpers.course import notebook_paths  # noqa: E402

REVIEW_DIR = ROOT / "review"
FORMAT = {
    "extension": ".py",
    "format_name": "percent",
    # Keep the course metadata and the cell tags, drop kernel and jupytext versions so
    # the text does not change when a tool is upgraded.
    "notebook_metadata_filter": "course,-all",
    "cell_metadata_filter": "tags,-all",
}


def text_version(notebook: Path) -> str:
    """The percent-script text of `notebook` (no outputs)."""
    import jupytext

    return jupytext.writes(jupytext.read(notebook), fmt=FORMAT)


def twin(notebook: Path, review_dir: Path = REVIEW_DIR) -> Path:
    """Where the text version of `notebook` lives."""
    return review_dir / f"{notebook.stem}.py"


def out_of_sync(notebooks: list[Path] | None = None,
                review_dir: Path = REVIEW_DIR) -> list[str]:
    """Problems between notebooks and twins: missing, stale or orphaned files."""
    notebooks = notebook_paths() if notebooks is None else notebooks
    problems = []
    for nb in notebooks:
        path = twin(nb, review_dir)
        if not path.exists():
            problems.append(f"{path.relative_to(ROOT)} is missing")
        elif path.read_text(encoding="utf-8") != text_version(nb):
            problems.append(f"{path.relative_to(ROOT)} differs from {nb.name}")
    expected = {twin(nb, review_dir).name for nb in notebooks}
    for path in sorted(review_dir.glob("*.py")) if review_dir.is_dir() else []:
        if path.name not in expected:
            problems.append(f"{path.relative_to(ROOT)} has no notebook")
    return problems


def sync(notebooks: list[Path] | None = None, review_dir: Path = REVIEW_DIR) -> list[Path]:
    """Write every twin that changed and delete orphans; return the files written."""
    notebooks = notebook_paths() if notebooks is None else notebooks
    review_dir.mkdir(exist_ok=True)
    written = []
    for nb in notebooks:
        path, text = twin(nb, review_dir), text_version(nb)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            tmp = path.with_suffix(".py.tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(path)
            written.append(path)
    expected = {twin(nb, review_dir).name for nb in notebooks}
    for path in review_dir.glob("*.py"):
        if path.name not in expected:
            path.unlink()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only report stale twins")
    args = parser.parse_args(argv)
    if args.check:
        problems = out_of_sync()
        for problem in problems:
            print(problem)
        if problems:
            print("run `make pair` to rewrite review/ from the notebooks")
        return 1 if problems else 0
    for path in sync():
        print(f"{path.relative_to(ROOT)} written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
