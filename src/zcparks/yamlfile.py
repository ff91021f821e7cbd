"""Strict YAML reading for every configuration and label file of zcparks, and bounded reading of files users give.

PyYAML silently keeps the last of two equal keys in a mapping, so a label or a parameter
defined twice would go unnoticed. :func:`load` refuses duplicate keys and names the file
and both lines.

A file a user hands to a command (a parameters file, a park balance) can be any size, and parsing holds many times
its size in memory (a 200 MB balance CSV took 1.9 GB). :func:`read_limited` refuses a file over a limit before
reading it; :func:`load` takes the limit as ``max_bytes`` (:data:`MAX_PARAMETERS_BYTES` for parameters files).
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import yaml

from zcparks import paths
from zcparks.errors import OversizeError, ZcparksError

MAX_PARAMETERS_BYTES = 64 * 1024
"""The most bytes a parameters (or sweep grid) file may have: 64 KiB.

Such a file is a few lines, one per parameter; its longest value, a list of every province code, is about
300 bytes. 64 KiB is some 200 times a real one, and parsing it holds at most a few MB.
"""


class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser: ~4x faster, same marks
    """A SafeLoader whose mappings reject duplicate keys."""


def _mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        line = key_node.start_mark.line + 1
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (first on line {seen[key]}, again on line {line})",
                key_node.start_mark)
        seen[key] = line
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def read_limited(path: Path, max_bytes: int | None = None) -> bytes:
    """The bytes of ``path``; a file larger than ``max_bytes`` is refused before any of it is read.

    The size comes from the open file (``fstat``), so the file checked is the file read. A file with no size on
    disk (a pipe) or one that grows while it is read is cut off after ``max_bytes + 1`` bytes and refused too, so
    at most ``max_bytes + 1`` bytes are ever held.

    Args:
        path: the file.
        max_bytes: the most bytes allowed; ``None``: no limit (the project's own configuration files).

    Returns:
        The file's content.

    Raises:
        OversizeError: the file has more than ``max_bytes`` bytes (the message names the file, its size and the
            limit).
        OSError: the file cannot be opened (e.g. ``FileNotFoundError``).
    """
    with open(path, "rb") as fh:
        if max_bytes is None:
            return fh.read()
        size = os.fstat(fh.fileno()).st_size
        if size > max_bytes:
            raise OversizeError(paths.rel(path), size, max_bytes)
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise OversizeError(paths.rel(path), None, max_bytes)
    return data


def load(path: Path, max_bytes: int | None = None) -> Any:
    """The content of the YAML file ``path``.

    Args:
        path: a YAML file.
        max_bytes: refuse the file, unread, when it has more bytes than this (:func:`read_limited`); ``None``: no
            limit. Files users give pass their kind's limit, e.g. :data:`MAX_PARAMETERS_BYTES`.

    Returns:
        The parsed document (``None`` for an empty file).

    Raises:
        OversizeError: the file is larger than ``max_bytes``.
        ZcparksError: the file is missing, is not valid YAML or repeats a key; the message names the file.
    """
    try:
        text = read_limited(path, max_bytes).decode("utf-8")
    except (FileNotFoundError, IsADirectoryError):
        raise ZcparksError(f"{paths.rel(path)}: not found") from None
    except UnicodeDecodeError as exc:
        raise ZcparksError(f"{paths.rel(path)}: not UTF-8 text ({exc})") from None
    stream = io.StringIO(text)
    stream.name = str(path)  # YAML's messages name the stream: the file
    try:
        return yaml.load(stream, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise ZcparksError(f"{paths.rel(path)}: not valid YAML: {exc}") from None
