"""helpers.show_versions."""

from __future__ import annotations

from helpers import show_versions
from helpers.versions import COURSE_LIBRARIES


def test_show_versions_lists_python_and_every_library():
    table = show_versions()
    assert list(table.index) == ["python", *COURSE_LIBRARIES]
    assert list(table.columns) == ["installed", "minimum", "ok"]
    assert table["ok"].all()  # the test environment itself meets the minimums
    assert table.loc["numpy", "minimum"] != ""  # read from the package metadata
