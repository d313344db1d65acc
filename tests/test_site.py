"""The course website, its launch buttons, and the course in a real browser.

The first tests need no browser: the generated table of contents and home page, the
offline check, the Colab setup cell, Binder's post-build step in a fresh venv. The
browser tests drive Debian's Chromium through Playwright: every page of the built
site (images loaded, no console error, nothing fetched from outside, every internal
link and anchor resolves, search finds a notebook), then JupyterLab started the way
``make lab`` starts it, running notebook 00 through the UI. They are skipped, with
the reason, only when Chromium is not installed (``.ci/run`` installs it as root).
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlparse

import nbformat
import pytest
import yaml

from conftest import ROOT
from helpers.course import notebook_meta, notebook_paths

spec = importlib.util.spec_from_file_location("site_build", ROOT / "site" / "build.py")
site_build = importlib.util.module_from_spec(spec)
spec.loader.exec_module(site_build)

NOTEBOOKS = notebook_paths()
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


# ------------------------------------------------------------------ without a browser
def test_table_of_contents_follows_the_notebooks_metadata():
    guides = site_build.ordered_guides(NOTEBOOKS)
    toc = site_build.table_of_contents(NOTEBOOKS, guides)
    course = toc["parts"][0]["chapters"]
    assert [c["file"] for c in course] == [f"notebooks/{p.stem}" for p in NOTEBOOKS]
    assert toc["parts"][-1]["chapters"] == [{"file": "data/README"}]
    if guides:
        assert toc["parts"][1]["caption"] == "For teachers"


def test_home_page_lists_every_notebook_in_order(tmp_path):
    page = site_build.home_page(NOTEBOOKS, {}, "https://github.com/o/r", handout=False)
    titles = [notebook_meta(p)["title"] for p in NOTEBOOKS]
    positions = [page.index(f"[{t}](notebooks/{p.name})") for t, p in zip(titles, NOTEBOOKS)]
    assert positions == sorted(positions)
    total = sum(int(notebook_meta(p)["minutes"]) for p in NOTEBOOKS)
    assert f"**{total}**" in page
    assert "make student" in page and "student.zip" not in page
    with_handout = site_build.home_page(NOTEBOOKS, {}, "https://github.com/o/r", handout=True)
    assert "<downloads/student.zip>" in with_handout


def test_guides_follow_course_order_by_number_and_other_files_stay_off(tmp_path, monkeypatch):
    (tmp_path / "teaching").mkdir()
    names = ["99_future.md", f"{NOTEBOOKS[-1].name[:2]}_other_slug.md",
             f"{NOTEBOOKS[0].stem}.md", "README.md", "handout_README.md"]
    for name in names:
        (tmp_path / "teaching" / name).write_text("# Guide\n")
    monkeypatch.setattr(site_build, "ROOT", tmp_path)
    guides = site_build.ordered_guides(NOTEBOOKS)
    assert list(guides) == ["README", NOTEBOOKS[0].stem, NOTEBOOKS[-1].stem, "99_future"]
    assert guides[NOTEBOOKS[-1].stem].name == f"{NOTEBOOKS[-1].name[:2]}_other_slug.md"


def test_offline_check_finds_remote_scripts_styles_and_images(tmp_path):
    (tmp_path / "a.html").write_text(
        '<script src="https://cdn.example.org/x.js"></script>'
        '<link rel="stylesheet" href="//fonts.example.org/f.css">'
        '<img src="http://example.org/i.png"><a href="https://example.org">a link is fine</a>'
        '<script src="_static/local.js"></script>'
    )
    (tmp_path / "s.css").write_text("body { background: url('https://example.org/b.png') }")
    found = site_build.remote_loads(tmp_path)
    assert len(found) == 4, found
    assert not any("a link is fine" in f or "local.js" in f for f in found)


def test_repository_url_is_checked(monkeypatch):
    monkeypatch.setenv("SITE_REPOSITORY", "https://github.com/owner/course")
    assert site_build.repository_url("unused") == "https://github.com/owner/course"
    monkeypatch.setenv("SITE_REPOSITORY", "not a url")
    with pytest.raises(SystemExit, match="OWNER/REPO"):
        site_build.repository_url("unused")


# ------------------------------------------------------------------------- Colab
COLAB_SOURCE = site_build.colab_setup_source("https://github.com/owner/course", "abc123")


def run_cell(source: str, *python_args: str, prelude: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *python_args, "-c", prelude + source],
                          cwd=ROOT / "notebooks", capture_output=True, text=True, timeout=60)


def test_colab_cell_does_nothing_inside_the_repository():
    # Guard: were it to install, it would call pip; make any such call fail loudly.
    prelude = ("import subprocess\n"
               "def _no(*a, **k): raise AssertionError('the cell tried to run ' + repr(a))\n"
               "subprocess.run = _no\n")
    result = run_cell(COLAB_SOURCE, prelude=prelude)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""


def test_colab_cell_installs_helpers_on_colab_only():
    # -I -S: an interpreter where helpers cannot be imported, as on Colab.
    outside = run_cell(COLAB_SOURCE, "-I", "-S")
    assert outside.returncode == 1 and "made for Colab" in outside.stderr
    prelude = ("import sys, types, subprocess\n"
               "sys.modules['google.colab'] = types.ModuleType('google.colab')\n"
               "subprocess.run = lambda cmd, **k: print('RUN', cmd)\n")
    on_colab = run_cell(COLAB_SOURCE, "-I", "-S", prelude=prelude)
    assert on_colab.returncode == 0, on_colab.stderr
    assert "git+https://github.com/owner/course@abc123" in on_colab.stdout
    assert "'pip', 'install'" in on_colab.stdout


def test_colab_copy_is_the_notebook_with_the_setup_cell_first(tmp_path):
    source = NOTEBOOKS[0]
    copy = site_build.colab_copy(source, tmp_path, COLAB_SOURCE)
    original, colab = nbformat.read(source, 4), nbformat.read(copy, 4)
    nbformat.validate(colab)
    assert colab.cells[0].source == COLAB_SOURCE
    assert colab.cells[0].metadata["tags"] == [site_build.COLAB_MARKER]
    assert [c.source for c in colab.cells[1:]] == [c.source for c in original.cells]


# ------------------------------------------------------------------------ Binder
def runtime_packages(path: Path) -> list[str]:
    deps = yaml.safe_load(path.read_text())["dependencies"]
    return [d for d in deps if isinstance(d, str)]


def test_binder_environment_is_the_course_environment_without_test_tools():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    root = runtime_packages(ROOT / "environment.yml")
    binder = runtime_packages(ROOT / "binder" / "environment.yml")
    python = "python" + project["requires-python"].replace(" ", "")
    runtime = [python, "pip"] + [r.replace(" ", "") for r in project["dependencies"]]
    assert binder == runtime
    assert root[: len(binder)] == binder
    assert not any(isinstance(d, dict) for d in yaml.safe_load(
        (ROOT / "binder" / "environment.yml").read_text())["dependencies"])


def tracked_copy(dest: Path) -> Path:
    """A copy of the repository's tracked files (what Binder clones)."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                           check=True).stdout.decode().split("\0")
    for name in filter(None, files):
        src = ROOT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    return dest


def test_binder_post_build_installs_helpers_and_gets_the_data_in_a_fresh_venv(tmp_path):
    data = os.environ.get("CLUSTERING_COURSE_DATA")
    if not data or not all((Path(data) / n).exists() for n in ["insurance.csv", "crypto_prices.csv"]):
        pytest.skip("needs CLUSTERING_COURSE_DATA pointing at the offline data (as .ci/run sets)")
    repo = tracked_copy(tmp_path / "repo")
    venv = tmp_path / "venv"
    # With pip (ensurepip installs it offline from the wheel Python bundles), as Binder's
    # conda environment has it; the course's own venv may have been made without pip.
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    # Stand-in for binder/environment.yml: the locked libraries of this venv, but not
    # helpers (a .pth file adds the folder without running its .pth files).
    site_packages = next(Path(p) for p in sys.path if p.endswith("site-packages"))
    fresh = next((venv / "lib").glob("python3*/site-packages"))
    (fresh / "course-deps.pth").write_text(str(site_packages) + "\n")
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env['PATH']}"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["CLUSTERING_COURSE_DATA"] = str(tmp_path / "data")
    (tmp_path / "data").mkdir()
    for name in ["insurance.csv", "crypto_prices.csv"]:  # the mirror stands in for the web
        shutil.copy2(Path(data) / name, tmp_path / "data" / name)
    before = subprocess.run([str(venv / "bin" / "python"), "-c", "import helpers"], env=env,
                            cwd=tmp_path, capture_output=True)
    assert before.returncode != 0, "helpers must not be importable before postBuild"
    result = subprocess.run(["bash", "binder/postBuild"], cwd=repo, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "insurance.csv" in result.stdout and "FAILED" not in result.stdout
    where = subprocess.run([str(venv / "bin" / "python"), "-c",
                            "import helpers.checks, helpers.data; print(helpers.__file__)"],
                           env=env, cwd=tmp_path, capture_output=True, text=True, check=True)
    assert Path(where.stdout.strip()).is_relative_to(repo)


# -------------------------------------------------------------------- the built site
@pytest.fixture(scope="session")
def built_site() -> Path:
    """build/site/, built now unless it is already built from the current inputs."""
    summary = site_build.OUT / "site.json"
    built = json.loads(summary.read_text()).get("inputs_sha256") if summary.exists() else None
    if built != site_build.inputs_digest():
        start = time.perf_counter()
        default = yaml.safe_load((ROOT / "site" / "_config.yml").read_text())["repository"]["url"]
        try:
            site_build.build(site_build.repository_url(default))
        except SystemExit as stop:  # the build's own message says what went wrong
            pytest.fail(f"make site failed: {stop}", pytrace=False)
        print(f"site built in {time.perf_counter() - start:.0f} s")
    return site_build.OUT


def test_site_has_a_page_per_notebook_guide_and_data_card(built_site):
    summary = json.loads((built_site / "site.json").read_text())
    assert summary["notebooks"] == [p.name for p in NOTEBOOKS]
    for path in NOTEBOOKS:
        assert (built_site / "notebooks" / f"{path.stem}.html").exists()
        assert (built_site / "_colab" / path.name).exists()
        assert (built_site / "_sources" / "notebooks" / path.name).exists()
    for guide in site_build.ordered_guides(NOTEBOOKS).values():
        assert (built_site / "teaching" / f"{guide.stem}.html").exists()
    assert (built_site / "data" / "README.html").exists()
    assert (built_site / "mathjax" / "LICENSE").exists()
    assert not site_build.remote_loads(built_site)


def test_every_figure_of_every_notebook_is_on_its_page(built_site):
    for path in NOTEBOOKS:
        nb = nbformat.read(path, 4)
        figures = sum("image/png" in o.get("data", {}) for c in nb.cells if c.cell_type == "code"
                      for o in c.outputs)
        page = (built_site / "notebooks" / f"{path.stem}.html").read_text()
        assert len(re.findall(r'<img[^>]+src="\.\./_images/', page)) >= figures, path.name


# ----------------------------------------------------------------------- the browser
@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM:
        pytest.skip("Chromium is not installed (as root, .ci/run installs Debian's package "
                    "`chromium`; elsewhere: apt-get install chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(built_site) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def new_page(browser, base: str):
    """A page that records console errors and refuses any request off `base`'s host."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.problems = []  # type: ignore[attr-defined]
    host = urlparse(base).netloc

    def route(r):
        if urlparse(r.request.url).netloc == host or r.request.url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            page.problems.append(f"request off the machine: {r.request.url}")
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and page.problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
    page.on("response", lambda r: r.status >= 400 and page.problems.append(f"{r.status}: {r.url}"))
    return page


def test_every_page_loads_its_images_without_errors_and_every_internal_link_resolves(
        browser, built_site, site_url):
    pages = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")
                   if "_static" not in p.parts and "mathjax" not in p.parts)
    page = new_page(browser, site_url)
    links: dict[str, str] = {}
    ids: dict[str, set[str]] = {}
    for name in pages:
        url = urljoin(site_url, name)
        response = page.goto(url, wait_until="load")
        assert response is not None and response.ok, name
        page.wait_for_load_state("networkidle")
        broken = page.eval_on_selector_all(
            "img", "imgs => imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)")
        assert not broken, f"{name}: images not loaded: {broken}"
        assert not page.problems, f"{name}: {page.problems}"
        ids[url] = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
        for href in page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)"):
            if href.startswith(site_url):
                links.setdefault(href, name)
    assert len(links) > len(pages)
    for href, origin in sorted(links.items()):
        target, fragment = urldefrag(href)
        if target.endswith("/"):
            target += "index.html"
        with urllib.request.urlopen(target) as answer:  # noqa: S310 (our own server)
            assert answer.status == 200, f"{origin}: {href}"
        if fragment and target in ids:
            assert fragment in ids[target], f"{origin}: no anchor #{fragment} in {target}"
    page.close()


def test_clicking_through_the_course_in_order(browser, site_url):
    page = new_page(browser, site_url)
    page.goto(site_url + "index.html")
    page.click(f"text={notebook_meta(NOTEBOOKS[0])['title']}")
    seen = [page.locator("h1").first.inner_text()]
    for _ in NOTEBOOKS[1:]:
        page.locator("a.right-next").click()
        page.wait_for_load_state("load")
        seen.append(page.locator("h1").first.inner_text())
    expected = [notebook_meta(p)["title"] for p in NOTEBOOKS]
    assert [s.rstrip("#").strip() for s in seen] == expected
    assert not page.problems, page.problems
    page.close()


def test_search_finds_the_notebook_that_teaches_it(browser, site_url):
    page = new_page(browser, site_url)
    page.goto(site_url + "search.html?q=silhouette")
    results = page.locator("#search-results ul.search li a")
    results.first.wait_for(timeout=20_000)
    hrefs = results.evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert any("notebooks/02_kmeans_blobs" in h for h in hrefs), hrefs
    assert not page.problems, page.problems
    page.close()


def test_notebook_pages_offer_launch_and_download(browser, site_url):
    page = new_page(browser, site_url)
    name = NOTEBOOKS[0]
    page.goto(f"{site_url}notebooks/{name.stem}.html")
    binder = page.locator("a[href*='mybinder.org/v2/gh/']").first.get_attribute("href")
    assert binder.endswith(f"?urlpath=lab/tree/notebooks/{name.name}")
    colab = page.locator("a[href*='colab.research.google.com']").first.get_attribute("href")
    assert colab.endswith(f"/blob/gh-pages/_colab/{name.name}")
    download = page.locator(f"a[href$='_sources/notebooks/{name.name}']").first
    with urllib.request.urlopen(urljoin(page.url, download.get_attribute("href"))) as answer:
        assert nbformat.reads(answer.read().decode(), 4).metadata["course"]
    page.close()


def test_math_is_typeset_by_the_local_mathjax(browser, built_site, site_url):
    with_math = [p for p in NOTEBOOKS
                 if 'class="math' in (built_site / "notebooks" / f"{p.stem}.html").read_text()]
    if not with_math:
        pytest.skip("no notebook has math yet")
    page = new_page(browser, site_url)
    page.goto(f"{site_url}notebooks/{with_math[0].stem}.html")
    page.locator("mjx-container").first.wait_for(timeout=20_000)
    assert not page.problems, page.problems
    page.close()


# ----------------------------------------------------------------------- JupyterLab
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def lab(tmp_path) -> Iterator[str]:
    """JupyterLab started by `make lab` on a free port with a known token; its URL."""
    port, token = free_port(), secrets.token_hex(16)
    settings = tmp_path / "settings" / "@jupyterlab"
    for plugin, value in [("docmanager-extension/plugin", '{"autosave": false}'),
                          ("notebook-extension/tracker", '{"windowingMode": "none"}')]:
        # Never write the committed notebook (no autosave); keep every cell in the page.
        (settings / plugin).parent.mkdir(parents=True, exist_ok=True)
        (settings / f"{plugin}.jupyterlab-settings").write_text(value)
    args = [f"--no-browser --port={port} --ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}",
            f"--LabApp.user_settings_dir={tmp_path / 'settings'}",
            f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"))
    log = open(tmp_path / "lab.log", "w")
    process = subprocess.Popen(["make", "--no-print-directory", "lab", f"LAB_ARGS={' '.join(args)}"],
                               cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError("JupyterLab did not start:\n"
                                         + (tmp_path / "lab.log").read_text()[-3000:]) from None
                time.sleep(0.5)
        yield f"{url}/lab/tree/{{}}?token={token}"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()


def test_notebook_00_runs_in_jupyterlab_without_error(browser, lab):
    path = NOTEBOOKS[0]
    before = path.read_bytes()
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(lab.format(path.name))
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
    page.locator("#jp-main-statusbar").get_by_text(re.compile(r"Python 3.*Idle")).wait_for(
        timeout=90_000)
    page.locator("div.lm-MenuBar-itemLabel", has_text="Run").click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    code = nbformat.read(path, 4)
    n_code = sum(c.cell_type == "code" for c in code.cells)
    prompts = page.locator(".jp-CodeCell .jp-InputArea-prompt")
    page.wait_for_function(
        """n => { const p = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
                  .map(e => e.textContent.trim());
                  return p.length === n && p.every(t => /^\\[\\d+\\]:$/.test(t)); }""",
        arg=n_code, timeout=120_000)
    counts = [int(t.strip("[]:")) for t in prompts.all_inner_texts()]
    assert counts == list(range(1, n_code + 1))
    failures = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    assert failures.count() == 0, failures.all_inner_texts()
    assert page.locator(".jp-CodeCell img").count() >= 1
    page.screenshot(path=str(ROOT / "build" / "figs" / "lab-00.png"))
    assert not errors, errors
    page.close()
    assert path.read_bytes() == before, "the test must not change the committed notebook"
