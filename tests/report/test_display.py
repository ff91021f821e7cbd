"""Display helpers: a table's caption is really in the HTML (pandas 3 no longer writes border="0")."""

from __future__ import annotations

import pandas as pd

from zcparks.report import display


def test_table_caption_is_rendered_and_escaped():
    out = display.table_html(pd.DataFrame({"a": [1]}), caption="Rule set <Jiangsu>")
    assert '<table class="zc-table"><caption>Rule set &lt;Jiangsu&gt;</caption>' in out
    assert "dataframe" not in out.split("<caption>")[0]
