"""Course tooling: the generated course map, pinned environment (student copies: test_handout.py)."""

from __future__ import annotations

import nbformat

from conftest import ROOT
from helpers import course


def test_readme_course_map_matches_the_notebooks():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    expected = f"{course.MAP_START}\n{course.course_map_markdown()}\n{course.MAP_END}"
    assert expected in text, "README.md's course map is stale: run `make map`"


def test_course_map_has_one_row_per_notebook():
    table = course.course_map()
    assert list(table["notebook"]) == [p.name for p in course.notebook_paths()]
    assert table["minutes"].gt(0).all()


def test_pin_environment():
    env = course.pin_environment({"MPLBACKEND": "module://x", "HOME": "h"})
    assert "MPLBACKEND" not in env and env["OMP_NUM_THREADS"] == "1" and env["HOME"] == "h"


def test_course_map_is_built_in_under_a_second():
    """Only the metadata is read: notebook 00's map cell must not parse every figure."""
    import time

    timings = []
    for _ in range(3):
        start = time.perf_counter()
        course.course_map()
        timings.append(time.perf_counter() - start)
    assert sorted(timings)[1] < 1.0, f"course_map took {timings} s"


def test_notebook_meta_reports_missing_metadata(tmp_path):
    import pytest

    path = tmp_path / "99_bad.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), path)
    with pytest.raises(ValueError, match="has no 'course' metadata"):
        course.notebook_meta(path)
