"""tools/compare_site.py: what it normalises, and that it still tells a real change apart."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("compare_site", ROOT / "tools" / "compare_site.py")
compare_site = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(compare_site)


def test_build_dates_commits_versions_entity_spellings_and_filter_key_order_are_normalised():
    a = ('<p>Built 2026-12-07 23:43:00 UTC from commit 4485cf4 (zcparks 0.1.0)</p>'
         '<li data-k="beijing 110000 北京">China&#x27;s &quot;x&quot;</li>'
         '<script>{"built_at": "2026-12-07T23:43:00Z", "commit": "' + "a" * 40 + '", "version": "0.1.0"}</script>')
    b = ('<p>Built 2027-01-02 01:02:03 UTC from commit 9bb18a4 (zcparks 0.2.0)</p>'
         '<li data-k="110000 北京 beijing">China&#39;s &#34;x&#34;</li>'
         '<script>{"built_at": "2027-01-02T01:02:03Z", "commit": "' + "b" * 40 + '", "version": "0.2.0"}</script>')
    assert compare_site.normalise(a) == compare_site.normalise(b)


def test_a_changed_figure_or_word_is_still_a_difference(tmp_path):
    for side, text in (("before", "<p>Matched share 0.3333</p>"), ("after", "<p>Matched share 0.6667</p>")):
        (tmp_path / side / "overview").mkdir(parents=True)
        (tmp_path / side / "overview" / "a.html").write_text(text, encoding="utf-8")
        (tmp_path / side / "_work").mkdir()
        (tmp_path / side / "_work" / "ignored.html").write_text(side, encoding="utf-8")
    assert compare_site.compare(tmp_path / "before", tmp_path / "after") == 1
    (tmp_path / "after" / "overview" / "a.html").write_text("<p>Matched share 0.3333</p>", encoding="utf-8")
    assert compare_site.compare(tmp_path / "before", tmp_path / "after") == 0
