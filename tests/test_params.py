"""The parameter schema: one declaration, checked by the CLI and inside the notebook."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zcparks import labels, params
from zcparks.errors import ParameterError

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_defaults_and_coercion():
    assert params.validate("01-pilot-parks", {}) == {"lang": "en", "province": "all"}
    # papermill's -p reads 320000 as an int: it is coerced to the code string
    assert params.validate("01-pilot-parks", {"lang": "zh", "province": 320000}) == {"lang": "zh", "province": "320000"}
    assert params.validate("01-pilot-parks", {"province": "XPCC"})["province"] == "XPCC"
    # names are resolved to codes
    assert params.validate("01-pilot-parks", {"province": "Jiangsu"})["province"] == "320000"
    assert params.validate("01-pilot-parks", {"province": "内蒙古"})["province"] == "150000"
    assert params.validate("01-pilot-parks", {"province": "新疆生产建设兵团"})["province"] == "XPCC"


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"lang": "fr"}, "parameter 'lang' got 'fr'; allowed: en | zh"),
        ({"no_such_param": 1}, "unknown parameter(s) 'no_such_param'; valid parameters: lang, province"),
        ({"province": "Jiangsuu"}, "parameter 'province' got 'Jiangsuu'; allowed: 'all' or a GB/T 2260 province code"),
        ({"province": "Jiangsuu"}, "did you mean 'Jiangsu'"),
        ({"province": 999999}, "parameter 'province' got 999999"),
        ({"lang": ["en"]}, "parameter 'lang' got ['en'] (list); expected str"),
    ],
)
def test_bad_parameters_name_the_parameter_and_what_is_allowed(given, message):
    with pytest.raises(ParameterError) as exc:
        params.validate("01-pilot-parks", given)
    assert message in str(exc.value)


def test_year_must_be_within_the_data():
    assert params.validate("02-grid-factors", {"year": "2021"})["year"] == 2021
    with pytest.raises(ParameterError, match=r"parameter 'year' got 2024; allowed: a data year of the MEE/NBS "
                                             r"factors \(2021, 2022, 2023\)"):
        params.validate("02-grid-factors", {"year": 2024})
    with pytest.raises(ParameterError, match="parameter 'year' got 'last'.*expected int"):
        params.validate("02-grid-factors", {"year": "last"})


def test_unknown_notebook_lists_known_ones():
    with pytest.raises(ParameterError, match="unknown notebook '99-nothing'; known notebooks: 01-pilot-parks, 02-grid"):
        params.spec("99-nothing")


def test_check_notebook_sees_injected_names():
    ns = {"lang": "zh", "province": "all", "In": [], "get_ipython": print, "_": None}
    assert params.check_notebook("01-pilot-parks", ns).lang == "zh"
    with pytest.raises(ParameterError, match="unknown parameter.*'stray'"):
        params.check_notebook("01-pilot-parks", {**ns, "stray": 1})


def test_every_notebook_is_declared_and_every_declared_notebook_exists():
    assert {p.stem for p in NOTEBOOKS} == set(params.NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_conventions(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code), "commit without outputs"
    first = code[0]
    assert "parameters" in first["metadata"].get("tags", []), "first code cell must be tagged 'parameters'"
    assert "".join(first["source"]) == params.parameters_cell(path.stem), "run `zcparks params-cell` and paste"
    assert "".join(code[1]["source"]) == params.check_cell(path.stem), "the check cell must follow the parameters"
    for c in nb["cells"]:
        tags = [t for t in c["metadata"].get("tags", []) if t.startswith("lang-")]
        assert all(t in ("lang-en", "lang-zh", "lang-none") for t in tags)


def test_every_label_has_both_languages():
    for key, texts in labels.LABELS.items():
        assert set(texts) == {"en", "zh"} and all(texts.values()), key
    with pytest.raises(KeyError, match="label 'nope' has no 'en' text"):
        labels.t("nope", "en")
