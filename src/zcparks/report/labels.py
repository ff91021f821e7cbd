"""Every text of a report that is not data, in English and Chinese, and the one place that translates.

Analyses compute with stable codes (``East``, ``park_in_park``, ``province_code``); text in
a language is made only at display, by :class:`Labels`:

* ``t(key, lang)`` — a sentence or title of the analysis (``<slug>.<key>`` in its
  ``labels.yaml``; ``{name}`` placeholders are filled from keyword arguments);
* ``field(name, lang)`` — the header of a column;
* ``code(field, value, lang)`` and ``color(field, value)`` — the name and colour of a code
  (one colour scale per category);
* ``localise(df, lang)`` — a tidy frame ready to show: bilingual column pairs ``x_en`` /
  ``x_zh`` become ``x`` in the chosen language, code columns and booleans become words,
  headers become labels.

Catalogues are plain YAML: the engine's page labels (``report/labels.yaml``, keys
``page.<key>``), the data vocabulary (fields and codes of the data layer) and each
analysis's ``labels.yaml``. Merging two catalogues that define the same key fails.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zcparks import yamlfile
from zcparks.errors import ZcparksError

if TYPE_CHECKING:
    import pandas as pd

LANGS = ("en", "zh")
PAGE_LABELS = Path(__file__).parent / "labels.yaml"
_JOIN = {"en": ", ", "zh": "、"}


class LabelError(ZcparksError, KeyError):
    """A label, field or code without a text in the language asked for, or defined twice."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


def _entry(key: str, value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, Mapping) or not all(isinstance(value.get(lang), str) and value[lang] for lang in LANGS):
        raise LabelError(f"{where}: {key!r} needs a non-empty text for each of {', '.join(LANGS)}")
    extra = set(value) - set(LANGS) - {"color"}
    if extra:
        raise LabelError(f"{where}: {key!r} has unknown field(s) {sorted(extra)}; allowed: en, zh, color")
    return dict(value)


@dataclass(frozen=True)
class Catalog:
    """Texts, column headers and code names, each with an ``en`` and a ``zh`` text.

    Attributes:
        texts: sentence and title keys -> {en, zh}.
        fields: column name -> {en, zh}.
        codes: column name -> code -> {en, zh[, color]}.
    """

    texts: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    fields: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    codes: Mapping[str, Mapping[str, Mapping[str, str]]] = field(default_factory=dict)

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any], where: str, prefix: str = "") -> Catalog:
        """A catalogue from a parsed YAML document with optional ``labels``, ``fields`` and ``codes`` sections.

        Args:
            doc: the document.
            where: its file, for messages.
            prefix: put before every text key (``pilot-parks.``).

        Raises:
            LabelError: an entry lacks a language or has unknown fields.
        """
        extra = set(doc) - {"labels", "fields", "codes"}
        if extra:
            raise LabelError(f"{where}: unknown section(s) {sorted(extra)}; expected labels, fields, codes")
        texts = {prefix + k: _entry(k, v, where) for k, v in (doc.get("labels") or {}).items()}
        fields = {k: _entry(k, v, where) for k, v in (doc.get("fields") or {}).items()}
        codes = {f: {str(c): _entry(f"{f}: {c}", v, where) for c, v in cs.items()}
                 for f, cs in (doc.get("codes") or {}).items()}
        return cls(texts, fields, codes)

    def merge(self, other: Catalog, where: str) -> Catalog:
        """Both catalogues in one.

        Raises:
            LabelError: a text, field or code is defined in both (names ``where``).
        """
        for mine, theirs, what in ((self.texts, other.texts, "label"), (self.fields, other.fields, "field")):
            dup = sorted(set(mine) & set(theirs))
            if dup:
                raise LabelError(f"{where}: {what}(s) {dup} defined twice")
        codes = {f: dict(cs) for f, cs in self.codes.items()}
        for f, cs in other.codes.items():
            dup = sorted(set(codes.get(f, {})) & set(cs))
            if dup:
                raise LabelError(f"{where}: codes {dup} of field {f!r} defined twice")
            codes.setdefault(f, {}).update(cs)
        return Catalog({**self.texts, **other.texts}, {**self.fields, **other.fields}, codes)


@cache
def page_catalog() -> Catalog:
    """The engine's page labels, keys ``page.<key>``."""
    return Catalog.from_doc({"labels": yamlfile.load(PAGE_LABELS)}, "src/zcparks/report/labels.yaml", prefix="page.")


def t(key: str, lang: str) -> str:
    """The page label ``key`` (without ``page.``) in ``lang``.

    Raises:
        LabelError: unknown key or language.
    """
    return Labels(page_catalog()).t("page." + key, lang)


class Labels:
    """Translation of one analysis's results into ``en`` or ``zh``: the one place text is made.

    Args:
        catalog: the merged catalogue (page labels, data vocabulary, the analysis's own labels).
        prefix: the analysis's key prefix (``pilot-parks.``), tried first by :meth:`t`.
    """

    def __init__(self, catalog: Catalog, prefix: str = "") -> None:
        self.catalog = catalog
        self.prefix = prefix

    def t(self, key: str, lang: str, **values: Any) -> str:
        """The text ``key`` in ``lang``, with ``{name}`` placeholders filled from ``values``.

        The key is looked up as ``<prefix><key>``, then as given (``page.yes``).

        Raises:
            LabelError: no text for ``key`` in ``lang``.
        """
        entry = self.catalog.texts.get(self.prefix + key) or self.catalog.texts.get(key)
        if entry is None or lang not in entry:
            raise LabelError(f"label {self.prefix + key!r} has no {lang!r} text; add it to the analysis's labels.yaml")
        return entry[lang].format(**values) if values else entry[lang]

    def field(self, name: str, lang: str) -> str:
        """The header of column ``name`` in ``lang``.

        Raises:
            LabelError: the field has no label.
        """
        entry = self.catalog.fields.get(name)
        if entry is None:
            raise LabelError(f"field {name!r} has no label; add it under fields: in the data vocabulary or the "
                             "analysis's labels.yaml")
        return entry[lang]

    def has_codes(self, name: str) -> bool:
        """Whether column ``name`` holds codes with labels."""
        return name in self.catalog.codes

    def code(self, name: str, value: Any, lang: str) -> str:
        """The name of code ``value`` of column ``name`` in ``lang``.

        Raises:
            LabelError: the code has no label.
        """
        entry = self.catalog.codes.get(name, {}).get(str(value))
        if entry is None:
            raise LabelError(f"code {value!r} of field {name!r} has no label; add it under codes: {name}:")
        return entry[lang]

    def codes(self, name: str) -> list[str]:
        """The codes of column ``name``, in catalogue order."""
        return list(self.catalog.codes.get(name, {}))

    def color(self, name: str, value: Any) -> str:
        """The colour of code ``value`` of column ``name`` (one colour scale per category).

        Raises:
            LabelError: the code has no colour.
        """
        entry = self.catalog.codes.get(name, {}).get(str(value), {})
        if "color" not in entry:
            raise LabelError(f"code {value!r} of field {name!r} has no color")
        return entry["color"]

    def join(self, items: Iterable[Any], lang: str) -> str:
        """``items`` as a list in running text (``a, b`` in English, ``a、b`` in Chinese)."""
        return _JOIN[lang].join(str(i) for i in items)

    def localise(self, df: pd.DataFrame, lang: str, codes_from: Mapping[str, str] | None = None) -> pd.DataFrame:
        """``df`` ready to show in ``lang``: one language of each bilingual pair, words for codes, labelled headers.

        Args:
            df: a tidy frame of codes and values; columns ``x_en`` + ``x_zh`` are a bilingual pair.
            lang: ``en`` or ``zh``.
            codes_from: column -> the field whose codes it holds (e.g. ``{"region": "grid_region"}``).

        Returns:
            A new frame; numbers are untouched, missing values stay missing.

        Raises:
            LabelError: a column, code or text has no label in ``lang``.
        """
        import pandas as pd

        data: dict[Any, pd.Series] = {}
        for col in df.columns:
            other = f"{col[:-3]}_{'zh' if str(col).endswith('_en') else 'en'}" if isinstance(col, str) else None
            paired = isinstance(col, str) and col[-3:] in ("_en", "_zh") and other in df.columns
            if paired:
                if col.endswith("_en"):
                    data[col[:-3]] = df[f"{col[:-3]}_{lang}"]
                continue
            data[col] = df[col]
        out = pd.DataFrame(data, index=df.index)
        codes_from = codes_from or {}
        for col in out.columns:
            field = codes_from.get(col, col)
            if self.has_codes(field):
                out[col] = out[col].map(lambda v, f=field: v if v is None or v != v else self.code(f, v, lang))
            elif out[col].dtype == bool:
                out[col] = out[col].map(lambda v: self.t("page.yes" if v else "page.no", lang))
        headers = {}
        for col in out.columns:
            is_number = isinstance(col, int) or (isinstance(col, str) and col.isdigit())
            headers[col] = str(col) if is_number else self.field(col, lang)
        return out.rename(columns=headers)
