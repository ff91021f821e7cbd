"""Text that goes into HTML pages: JSON inside ``<script>`` elements, English marked on Chinese pages (no heavy imports)."""

from __future__ import annotations

import json
import re
from typing import Any

# characters that could end or change the meaning of a <script> element (``</script>``, ``<!--``, ``<script``) or
# break JavaScript (U+2028/U+2029 line separators), written as JSON escapes: JSON.parse gives them back unchanged
_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_TABLE = str.maketrans(_ESCAPES)


def script_json(data: Any) -> str:
    r"""``data`` as compact JSON that is safe inside any ``<script>`` element: the one function for embedded JSON.

    ``<``, ``>``, ``&``, U+2028 and U+2029 are written as ``\u003c``-style escapes, so text from a data file (a park
    name, a metadata note, a tooltip) can neither close the element nor open a comment or another script.

    Args:
        data: anything ``json.dumps`` takes; other objects are written with ``str``.
    """
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str).translate(_TABLE)


_TAG_OR_LINK = re.compile(r"(<a\b.*?</a>|<[^>]+>|&[#\w]+;|https?://[^\s<>\"']+)", re.S)  # left as they are
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9'’.%/-]*(?:[ \t,;:()&+–-]+[A-Za-z0-9][A-Za-z0-9'’.%/-]*)+")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
ORIGINAL_ENGLISH = "英文原文"
"""The marker after English kept on a Chinese page (data that has no Chinese text yet)."""


def mark_english(escaped: str, lang: str) -> str:
    """On a zh page, wrap each run of 3 or more English words of ``escaped`` in ``<span lang="en">``, with the marker.

    Data values with no Chinese version (a press claim, a producer's licence note) are shown as published, marked
    as English (:data:`ORIGINAL_ENGLISH`) instead of silently; links and tags are left as they are.

    Args:
        escaped: HTML-escaped text, possibly with tags and links.
        lang: the page language; any other than ``zh`` returns ``escaped`` unchanged.
    """
    if lang != "zh":
        return escaped
    marked = False

    def wrap(m: re.Match[str]) -> str:
        nonlocal marked
        if len(_LATIN_WORD.findall(m.group(0))) < 3:
            return m.group(0)
        marked = True
        return f'<span lang="en">{m.group(0)}</span>'

    parts = [p if i % 2 else _LATIN_RUN.sub(wrap, p) for i, p in enumerate(_TAG_OR_LINK.split(escaped))]
    out = "".join(parts)
    if not marked or ORIGINAL_ENGLISH in out:  # a value that carries its own marker gets no second one
        return out
    return out + f'<small class="zc-orig">（{ORIGINAL_ENGLISH}）</small>'


_COMMIT = re.compile(r"\b([0-9a-f]{7})[0-9a-f]{33}\b")
_PROVENANCE = re.compile(r"PROVENANCE(?:\.md)?(?:\s*§\s*([A-Z0-9.]+))?")


def reader_note(text: Any) -> str:
    """A raw file's source note as readers see it on a page: the same citation, without the repository's names.

    A 40-digit commit becomes its 7-digit short form (still a citable git commit); ``PROVENANCE.md §C`` becomes
    "the provenance notes (C)"; the project's ``policy-spec.md`` becomes "the project's policy notes"; a bare ``§``
    becomes "section". The run manifest keeps the notes as written.
    """
    out = _COMMIT.sub(r"\1", str(text or ""))
    out = _PROVENANCE.sub(lambda m: f"the provenance notes ({m.group(1)})" if m.group(1) else "the provenance notes", out)
    out = re.sub(r"policy-spec(?:\.md)?", "the project's policy notes", out)
    return out.replace("§", "section ")
