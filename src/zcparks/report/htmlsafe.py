"""Text that goes into HTML pages: JSON inside ``<script>`` elements (no heavy imports)."""

from __future__ import annotations

import json
from typing import Any


def script_json(data: Any) -> str:
    """``data`` as compact JSON that is safe inside a ``<script>`` element (``</`` cannot close it).

    Args:
        data: anything ``json.dumps`` takes; other objects are written with ``str``.
    """
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str).replace("</", "<\\/")
