"""Each notebook has an up-to-date text twin in review/ (see site/pair.py)."""

from __future__ import annotations

import importlib.util
import shutil

import nbformat

from conftest import ROOT
from helpers.course import notebook_paths

spec = importlib.util.spec_from_file_location("site_pair", ROOT / "site" / "pair.py")
pair = importlib.util.module_from_spec(spec)
spec.loader.exec_module(pair)


def test_every_notebook_has_an_up_to_date_text_twin():
    problems = pair.out_of_sync()
    assert not problems, "\n".join(problems) + "\nrun `make pair` (make execute does it too)"


def test_a_changed_notebook_or_a_stray_twin_is_caught_and_sync_repairs_it(tmp_path, monkeypatch):
    monkeypatch.setattr(pair, "ROOT", tmp_path)
    source = notebook_paths()[0]
    notebook = tmp_path / "notebooks" / source.name
    notebook.parent.mkdir()
    shutil.copy2(source, notebook)
    review = tmp_path / "review"
    assert pair.out_of_sync([notebook], review) == [f"review/{source.stem}.py is missing"]
    assert pair.sync([notebook], review) == [review / f"{source.stem}.py"]
    assert pair.out_of_sync([notebook], review) == []

    nb = nbformat.read(notebook, 4)
    nb.cells[0].source += "\nOne more sentence."
    nbformat.write(nb, notebook)
    (review / "99_gone.py").write_text("# %%\n")
    assert pair.out_of_sync([notebook], review) == [
        f"review/{source.stem}.py differs from {source.name}", "review/99_gone.py has no notebook"]
    pair.sync([notebook], review)
    assert pair.out_of_sync([notebook], review) == []
    assert "One more sentence." in (review / f"{source.stem}.py").read_text()


def test_twins_carry_tags_and_no_outputs():
    source = notebook_paths()[0]
    text = (ROOT / "review" / f"{source.stem}.py").read_text()
    nb = nbformat.read(source, 4)
    if any("solution" in c.metadata.get("tags", []) for c in nb.cells):
        assert '# %% tags=["solution"]' in text
    assert "image/png" not in text and "execution_count" not in text
