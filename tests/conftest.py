"""Shared fixtures: a local HTTP server for download tests, and a clean data dir."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")  # the unit tests draw figures without a screen

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    """Each test's figures are closed after it (pyplot keeps them, and warns past 20)."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


class _Handler(http.server.BaseHTTPRequestHandler):
    """Serves ``routes``: path -> (status, body, advertised length or None)."""

    routes: dict[str, tuple[int, bytes, int | None]] = {}

    def do_GET(self) -> None:  # noqa: N802 (the name http.server expects)
        status, body, length = self.routes.get(self.path, (404, b"not found", None))
        self.send_response(status)
        self.send_header("Content-Length", str(length if length is not None else len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()
        if length is not None and length > len(body):
            # Drop the connection before the advertised length is reached.
            self.close_connection = True

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass


class LocalServer:
    """A file server on 127.0.0.1 whose answers a test sets up."""

    def __init__(self) -> None:
        handler = type("Handler", (_Handler,), {"routes": {}})
        self.routes = handler.routes
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{path}"

    def serve(self, path: str, body: bytes, *, status: int = 200,
              length: int | None = None) -> str:
        self.routes[path] = (status, body, length)
        return self.url(path)


@pytest.fixture
def server() -> Iterator[LocalServer]:
    """A local HTTP server, stopped after the test."""
    local = LocalServer()
    local.thread.start()
    try:
        yield local
    finally:
        local.httpd.shutdown()
        local.httpd.server_close()


@pytest.fixture
def empty_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the course's data directory at an empty temporary folder."""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("CLUSTERING_COURSE_DATA", str(folder))
    return folder
