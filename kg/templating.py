"""The page templates under ``kg/templates`` (the map, the query page), read from the installed
package — never the working directory — and rendered with Jinja2.

Only ``*.html.j2`` is HTML-escaped: the ``.css`` and ``.js`` files a page includes are raw text
inside ``<style>``/``<script>`` and receive only trusted constants. Data for the page's scripts goes
through the ``script_json`` filter each page supplies (JSON safe inside ``<script>``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from importlib import resources

import jinja2
from markupsafe import Markup

from kg.errors import KGError


@functools.lru_cache(maxsize=4)
def environment(script_json: Callable[[object], str]) -> jinja2.Environment:
    """The template environment whose ``script_json`` filter is ``script_json``."""
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(_source),
        autoescape=lambda name: (name or "").endswith(".html.j2"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["script_json"] = lambda value: Markup(script_json(value))
    return env


def _source(name: str) -> str:
    try:
        return (resources.files("kg") / "templates" / name).read_text(encoding="utf-8")
    except OSError as exc:
        raise KGError(f"template {name} not found in the kg package ({exc}); reinstall liantu") from exc
