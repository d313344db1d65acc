"""Sphinx extension of the course website: Colab buttons open the Colab copies; no Thebe.

The book theme's Colab button opens ``notebooks/NN_slug.ipynb`` on the repository's
branch, where the first code cell imports ``helpers``, which Colab does not have.
This extension points the button at the copy that ``site/build.py`` publishes with
the site, ``_colab/NN_slug.ipynb`` on the branch named by ``course_colab_branch``
(where the built site is pushed, for example with ``ghp-import``), whose first cell
installs the course's helpers.

Jupyter Book always loads sphinx-thebe, which the course does not use (no live code
on the pages): it writes a script naming a CDN address into every page, sometimes
twice, which the browser then rejects ("THEBE_JS_URL has already been declared").
This extension disconnects it before any page is read.
"""

from __future__ import annotations

import re
from typing import Any

from sphinx.application import Sphinx

COLAB = re.compile(r"^(?P<base>.+/github/[^/]+/[^/]+/blob/)[^/]+/notebooks/(?P<name>[^/]+\.ipynb)$")


def point_colab_at_copies(app: Sphinx, pagename: str, templatename: str,
                          context: dict[str, Any], doctree: Any) -> None:
    """Rewrite the Colab launch link of a notebook page (runs after the theme's)."""
    branch = app.config.course_colab_branch
    for group in context.get("header_buttons", []):
        for button in group.get("buttons", []) if isinstance(group, dict) else []:
            if button.get("text") == "Colab":
                match = COLAB.match(button["url"])
                if match:
                    button["url"] = f"{match['base']}{branch}/_colab/{match['name']}"


def drop_thebe(app: Sphinx) -> None:
    """Disconnect sphinx-thebe's handlers that write scripts and config into pages.

    Its style sheet stays (the theme links it on every page), harmless and local.
    """
    for name in ("env-before-read-docs", "doctree-resolved"):
        for listener in list(app.events.listeners.get(name, [])):
            if getattr(listener.handler, "__module__", "").startswith("sphinx_thebe"):
                app.disconnect(listener.id)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("course_colab_branch", "gh-pages", "html")
    drop_thebe(app)
    app.connect("html-page-context", point_colab_at_copies, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
