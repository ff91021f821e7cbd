"""Links between the site's pages: a park page and its province's page, a province page and its parks' pages.

The addresses are those of the fan-outs in ``reports.yaml`` (``parks/<park_id>.<lang>.html``,
``provinces/<code>.<lang>.html``), relative from a page in a sibling folder; ``check-site`` and the browser test
fail on a link that leads nowhere.
"""

from __future__ import annotations

import html

__all__ = ["park_href", "province_href", "anchor"]


def park_href(park_id: str, lang: str) -> str:
    """The address of a park's page from another fanned-out page, e.g. ``../parks/ZCP-01.en.html``."""
    return f"../parks/{park_id}.{lang}.html"


def province_href(code: str, lang: str) -> str:
    """The address of a province's (or the XPCC's) page from another fanned-out page."""
    return f"../provinces/{code}.{lang}.html"


def anchor(href: str, text: str) -> str:
    """An escaped HTML link."""
    return f'<a href="{html.escape(href, quote=True)}">{html.escape(text)}</a>'
