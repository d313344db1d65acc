"""Build the course website (Jupyter Book 1) from the committed notebooks.

``make site`` runs ``python site/build.py``. Nothing here re-executes a notebook: the
pages show the outputs that strict nbval checked. Steps:

1. stage the book in ``build/site-src/`` (generated, git-ignored): the notebooks, the
   instructor guides ``teaching/*.md`` and the data cards ``data/README.md`` at the
   same relative paths as in the repository (so launch buttons and links between
   pages resolve), a home page with the course map and a table of contents, both
   generated from each notebook's ``"course"`` metadata, never from a list kept here;
2. vendor MathJax into the staged ``_extra/mathjax/`` (served as ``mathjax/``) (``npm pack`` of a pinned
   version, checked against its sha512, cached in ``build/vendor/``), so no page
   loads anything from a CDN;
3. write the Colab copies of the notebooks (a first cell that installs ``helpers``);
4. run ``jupyter-book build`` with warnings as errors, then copy the HTML to
   ``build/site/`` and fail if any page loads a script, style, image or frame from
   an ``http(s)`` address.
"""

from __future__ import annotations

import argparse
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SITE_DIR = ROOT / "site"
sys.path.insert(0, str(ROOT))

from helpers.course import notebook_meta, notebook_paths  # noqa: E402

BUILD = ROOT / "build"
STAGE = BUILD / "site-src"
WORK = BUILD / "site-work"
OUT = BUILD / "site"
VENDOR = BUILD / "vendor"
STUDENT_ZIP = BUILD / "student.zip"

#: MathJax release served with the site (Apache-2.0; its LICENSE is copied along).
MATHJAX_VERSION = "3.2.2"
MATHJAX_INTEGRITY = (
    "sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw=="
)

COLAB_MARKER = "colab-setup"


# --------------------------------------------------------------------------- inputs
def repository_url(default: str) -> str:
    """The course's GitHub URL: $SITE_REPOSITORY, else git's origin if on GitHub, else `default`."""
    url = os.environ.get("SITE_REPOSITORY", "").strip()
    if not url:
        try:
            origin = subprocess.run(
                ["git", "-C", str(ROOT), "remote", "get-url", "origin"],
                capture_output=True, text=True, check=False,
            ).stdout.strip()
        except OSError:
            origin = ""
        match = re.match(r"^(?:https://github\.com/|git@github\.com:)([^/]+)/(.+?)(?:\.git)?$", origin)
        url = f"https://github.com/{match[1]}/{match[2]}" if match else default
    if not re.match(r"^https://github\.com/[^/]+/[^/]+$", url):
        raise SystemExit(f"SITE_REPOSITORY must look like https://github.com/OWNER/REPO, got {url!r}")
    return url


def source_ref() -> str:
    """The commit the site is built from (Colab installs helpers from it), or 'main'."""
    result = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"],
                            capture_output=True, text=True, check=False)
    return result.stdout.strip() or "main"


def guide_title(path: Path) -> str:
    """The first level-1 heading of a Markdown file, or its name."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return path.stem


def readme_intro() -> str:
    """The README's text between its title and its first section (who the course is for)."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    body: list[str] = []
    for line in lines[1:]:
        if line.startswith("## "):
            break
        body.append(line)
    return "\n".join(body).strip()


def home_page(notebooks: list[Path], guides: dict[str, Path], repo_url: str,
              handout: bool) -> str:
    """The Markdown of the home page: the course map, generated from the notebooks."""
    title = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()
    rows = ["| # | notebook | you learn | minutes | instructor guide | download |",
            "| --- | --- | --- | ---: | --- | --- |"]
    total = 0
    for path in notebooks:
        meta = notebook_meta(path)
        total += int(meta["minutes"])
        guide = guides.get(path.stem)
        guide_cell = f"[guide](teaching/{guide.name})" if guide else ""
        rows.append(
            f"| {path.name[:2]} | [{meta['title']}](notebooks/{path.name}) "
            f"| {meta['summary'].replace('|', '/')} "
            f"| {meta['minutes']} | {guide_cell} "
            f"| {{download}}`notebook <notebooks/{path.name}>` |"
        )
    rows.append(f"| | **total** | | **{total}** | | |")
    if handout:
        handout_text = (
            "Teachers: the {download}`student hand-out <downloads/student.zip>` holds the "
            "notebooks without their solutions or outputs, with what students need to run "
            "them (`make student` builds it from the repository)."
        )
    else:
        handout_text = (
            "Teachers: `make student`, run in a clone of the repository, writes the student "
            "copies (the notebooks without their solutions and with their outputs cleared)."
        )
    return f"""# {title}

{readme_intro()}

## Course map

Take the notebooks in order; each is one class. Every page shows the outputs that the
course's tests re-computed and compared, so what you read is what you will get.

{chr(10).join(rows)}

{handout_text}

## Run the notebooks

- **On your computer** (recommended, works offline once set up): clone
  <{repo_url}>, then run `make lab` in it.
- **In the browser, nothing to install**: the rocket button at the top of each
  notebook page opens it on **Binder** (the course's own environment, data included;
  the first start can take a few minutes) or on **Colab** (a Google account is needed;
  the notebook's first cell installs the course's helpers).
- **Download**: the download button of each page, or the last column above, gives the
  notebook with its outputs.

The datasets and their licences are described in [the data cards](data/README.md).
"""


def table_of_contents(notebooks: list[Path], guides: dict[str, Path]) -> dict[str, Any]:
    """The `_toc.yml` of Jupyter Book: home page, notebooks, guides, data cards."""
    parts: list[dict[str, Any]] = [
        {"caption": "Course", "chapters": [{"file": f"notebooks/{p.stem}"} for p in notebooks]},
    ]
    if guides:
        parts.append({"caption": "For teachers",
                      "chapters": [{"file": f"teaching/{g.stem}"} for g in guides.values()]})
    parts.append({"caption": "Reference", "chapters": [{"file": "data/README"}]})
    return {"format": "jb-book", "root": "index", "parts": parts}


GUIDE_NAME = re.compile(r"^(\d\d)_[A-Za-z0-9_]+\.md$")


def ordered_guides(notebooks: list[Path]) -> dict[str, Path]:
    """Instructor guides ``teaching/NN_*.md`` by notebook stem, in course order.

    A guide belongs to the notebook with the same number (its slug may differ). The
    guides index ``teaching/README.md``, when present, comes first under the key
    ``"README"``. Other Markdown files in ``teaching/`` (the students' hand-out README)
    are not instructor guides and stay off the site.
    """
    folder = ROOT / "teaching"
    if not folder.is_dir():
        return {}
    ordered: dict[str, Path] = {}
    if (folder / "README.md").is_file():
        ordered["README"] = folder / "README.md"
    by_number = {p.name[:2]: p for p in sorted(folder.glob("*.md")) if GUIDE_NAME.match(p.name)}
    for notebook in notebooks:
        guide = by_number.pop(notebook.name[:2], None)
        if guide is not None:
            ordered[notebook.stem] = guide
    for number, guide in sorted(by_number.items()):  # a guide whose notebook is missing
        ordered[guide.stem] = guide
    return ordered


# ----------------------------------------------------------------------------- colab
def colab_setup_source(repo_url: str, ref: str) -> str:
    """Source of the first cell of a Colab copy: installs ``helpers`` where it is missing.

    Where ``helpers`` can be imported (a clone of the repository, Binder) the cell
    does nothing and prints nothing. On Colab it installs the course's package from
    `repo_url` at `ref` and keeps the data in ``/content/data``; anywhere else it
    stops with a message saying how to set up.
    """
    return f'''# Colab only: install the course's helpers (this cell does nothing where they exist).
import importlib.util
import os
import subprocess
import sys

if importlib.util.find_spec("helpers") is None:
    if "google.colab" not in sys.modules and "COLAB_RELEASE_TAG" not in os.environ:
        raise RuntimeError(
            "This copy of the notebook is made for Colab. To run it elsewhere, clone "
            "{repo_url} and run `make lab` in the clone."
        )
    os.environ.setdefault("CLUSTERING_COURSE_DATA", "/content/data")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet",
         "clustering-course @ git+{repo_url}@{ref}"],
        check=True,
    )
    importlib.invalidate_caches()
'''


def colab_copy(path: Path, out_dir: Path, setup: str) -> Path:
    """Write a copy of the notebook with `setup` as its first code cell (tag colab-setup)."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    cell = nbformat.v4.new_code_cell(setup, metadata={"tags": [COLAB_MARKER]})
    nb.cells.insert(0, cell)
    out = out_dir / path.name
    out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out)
    return out


# -------------------------------------------------------------------------- mathjax
def vendor_mathjax(folder: Path) -> None:
    """Unpack MathJax's ``es5/`` (and its LICENSE) into ``folder/mathjax``.

    The package comes from the npm registry (``npm pack``), is checked against
    :data:`MATHJAX_INTEGRITY` and is kept in ``build/vendor/`` for the next builds.
    """
    import base64
    import hashlib

    tarball = VENDOR / f"mathjax-{MATHJAX_VERSION}.tgz"
    if not tarball.exists():
        if shutil.which("npm") is None:
            raise SystemExit("make site needs npm to fetch MathJax once "
                             "(Debian: apt-get install npm); it is then kept in build/vendor/")
        VENDOR.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "pack", f"mathjax@{MATHJAX_VERSION}", "--silent",
                        "--pack-destination", str(VENDOR)], check=True, cwd=VENDOR,
                       stdout=subprocess.DEVNULL)
    algo, expected = MATHJAX_INTEGRITY.split("-", 1)
    digest = base64.b64encode(hashlib.new(algo, tarball.read_bytes()).digest()).decode()
    if digest != expected:
        tarball.unlink()
        raise SystemExit(f"{tarball.name} does not match its pinned checksum; deleted it, "
                         "run make site again")
    target = folder / "mathjax"
    with tarfile.open(tarball) as tar:
        for member in tar.getmembers():
            name = member.name.removeprefix("package/")
            if member.isfile() and (name.startswith("es5/") or name == "LICENSE"):
                dest = target / name.removeprefix("es5/")
                dest.parent.mkdir(parents=True, exist_ok=True)
                with tar.extractfile(member) as src:  # type: ignore[union-attr]
                    dest.write_bytes(src.read())


# -------------------------------------------------------------------------- staging
def stage(repo_url: str, branch: str | None = None) -> dict[str, Any]:
    """Write the book's sources in :data:`STAGE`; return a summary of what is in it."""
    if STAGE.exists():
        shutil.rmtree(STAGE)
    notebooks = notebook_paths()
    if not notebooks:
        raise SystemExit("no notebooks found in notebooks/")
    guides = ordered_guides(notebooks)

    for path in notebooks:
        dest = STAGE / "notebooks" / path.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, dest)
    for guide in guides.values():
        dest = STAGE / "teaching" / guide.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(guide, dest)
    (STAGE / "data").mkdir(parents=True)
    shutil.copy2(ROOT / "data" / "README.md", STAGE / "data" / "README.md")

    handout = STUDENT_ZIP.exists()
    if handout:
        (STAGE / "downloads").mkdir()
        shutil.copy2(STUDENT_ZIP, STAGE / "downloads" / "student.zip")
    else:
        print("note: build/student.zip does not exist (make student does not write it yet): "
              "the home page says how to make the student copies instead of linking them",
              file=sys.stderr)

    (STAGE / "index.md").write_text(home_page(notebooks, guides, repo_url, handout),
                                    encoding="utf-8")
    (STAGE / "_toc.yml").write_text(
        yaml.safe_dump(table_of_contents(notebooks, guides), sort_keys=False), encoding="utf-8")

    config = yaml.safe_load((SITE_DIR / "_config.yml").read_text(encoding="utf-8"))
    config["repository"]["url"] = repo_url
    if branch:
        config["repository"]["branch"] = branch
    (STAGE / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    shutil.copytree(SITE_DIR / "_ext", STAGE / "_ext")
    shutil.copy2(SITE_DIR / "favicon.png", STAGE / "favicon.png")
    shutil.copytree(SITE_DIR / "_static", STAGE / "_static")
    # Not in _static/: Jupyter Book adds every .js file found there to every page.
    vendor_mathjax(STAGE / "_extra")
    setup = colab_setup_source(repo_url, source_ref())
    for path in notebooks:
        colab_copy(path, STAGE / "_extra" / "_colab", setup)
    return {"notebooks": [p.name for p in notebooks], "guides": [g.name for g in guides.values()],
            "handout": handout}


# ---------------------------------------------------------------------------- check
class _Resources(html.parser.HTMLParser):
    """Collects the addresses a page loads: scripts, styles, images, frames, media."""

    LOADS = {"script": "src", "img": "src", "iframe": "src", "source": "src",
             "video": "src", "audio": "src", "embed": "src", "object": "data"}

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag == "link" and attr.get("href"):
            rel = (attr.get("rel") or "").lower()
            if any(r in rel for r in ("stylesheet", "preload", "icon", "modulepreload", "prefetch")):
                self.urls.append(attr["href"] or "")
        elif tag in self.LOADS and attr.get(self.LOADS[tag]):
            self.urls.append(attr[self.LOADS[tag]] or "")
        if tag == "img" and attr.get("srcset"):
            self.urls.extend(part.split()[0] for part in (attr["srcset"] or "").split(","))


REMOTE = re.compile(r"^\s*(?:https?:)?//", re.I)
CSS_REMOTE = re.compile(r"url\(\s*['\"]?\s*(?:https?:)?//", re.I)
CSS_IMPORT = re.compile(r"@import\s+['\"](?:https?:)?//", re.I)


def remote_loads(site: Path) -> list[str]:
    """Every http(s) address the built site loads (pages and style sheets)."""
    found = []
    for page in sorted(site.rglob("*.html")):
        parser = _Resources()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        found += [f"{page.relative_to(site)}: {url}" for url in parser.urls if REMOTE.match(url)]
    for sheet in sorted(site.rglob("*.css")):
        text = sheet.read_text(encoding="utf-8", errors="replace")
        if CSS_REMOTE.search(text) or CSS_IMPORT.search(text):
            found.append(f"{sheet.relative_to(site)}: loads a remote url() or @import")
    return found


# ---------------------------------------------------------------------------- build
def inputs_digest() -> str:
    """A digest of everything the site is built from (tests rebuild when it changes)."""
    import hashlib

    digest = hashlib.sha256()
    files = [*notebook_paths(), ROOT / "README.md", ROOT / "data" / "README.md",
             *sorted((ROOT / "teaching").glob("*.md")), *sorted(SITE_DIR.rglob("*")),
             STUDENT_ZIP]
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def build(repo_url: str, branch: str | None = None) -> float:
    """Stage, build with warnings as errors, publish to build/site/; return seconds."""
    start = time.perf_counter()
    digest = inputs_digest()
    summary = stage(repo_url, branch)
    if WORK.exists():
        shutil.rmtree(WORK)
    command = [sys.executable, "-c", "from jupyter_book.cli.main import main; main()", "build", str(STAGE),
               "--path-output", str(WORK), "--all", "-W", "--keep-going", "-q"]
    env = dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1")
    result = subprocess.run(command, cwd=ROOT, env=env, check=False)
    if result.returncode:
        raise SystemExit("jupyter-book reported warnings or errors (listed above): "
                         "the site was not published")
    html_dir = WORK / "_build" / "html"
    remote = remote_loads(html_dir)
    if remote:
        raise SystemExit("the site would load files from the internet:\n  " + "\n  ".join(remote))
    if OUT.exists():
        shutil.rmtree(OUT)
    shutil.copytree(html_dir, OUT)
    summary["inputs_sha256"] = digest
    (OUT / "site.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stage-only", action="store_true",
                        help="write build/site-src/ and stop (no Jupyter Book run)")
    parser.add_argument("--branch", help="branch the launch buttons open (default: site/_config.yml)")
    args = parser.parse_args(argv)
    default = yaml.safe_load((SITE_DIR / "_config.yml").read_text())["repository"]["url"]
    repo_url = repository_url(default)
    if args.stage_only:
        print(json.dumps(stage(repo_url, args.branch), indent=1))
        return 0
    seconds = build(repo_url, args.branch)
    print(f"site written to {OUT.relative_to(ROOT)}/index.html in {seconds:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
