"""Text that goes into HTML pages: JSON inside ``<script>`` elements (no heavy imports)."""

from __future__ import annotations

import json
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
