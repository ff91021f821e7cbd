"""The parameter schema: one declaration, checked by the CLI and inside the notebook."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zcparks.errors import ParameterError
from zcparks.report import labels, registry

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_defaults_and_coercion():
    assert registry.validate("pilot-parks", {}) == {"lang": "en", "province": "all"}
    # papermill's -p reads 320000 as an int: it is coerced to the code string
    assert registry.validate("pilot-parks", {"lang": "zh", "province": 320000}) == {"lang": "zh", "province": "320000"}
    assert registry.validate("pilot-parks", {"province": "XPCC"})["province"] == "XPCC"
    # names are resolved to codes
    assert registry.validate("pilot-parks", {"province": "Jiangsu"})["province"] == "320000"
    assert registry.validate("pilot-parks", {"province": "内蒙古"})["province"] == "150000"
    assert registry.validate("pilot-parks", {"province": "新疆生产建设兵团"})["province"] == "XPCC"


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
        registry.validate("pilot-parks", given)
    assert message in str(exc.value)


def test_year_must_be_within_the_data():
    assert registry.validate("grid-factors", {"year": "2021"})["year"] == 2021
    with pytest.raises(ParameterError, match=r"parameter 'year' got 2024; allowed: a data year of the MEE/NBS "
                                             r"factors \(2021, 2022, 2023\)"):
        registry.validate("grid-factors", {"year": 2024})
    with pytest.raises(ParameterError, match="parameter 'year' got 'last'.*expected int"):
        registry.validate("grid-factors", {"year": "last"})


def test_unknown_notebook_lists_known_ones():
    with pytest.raises(ParameterError, match=r"unknown notebook '99-nothing'; known analyses: data-catalogue "
                                             r"\(00-data-catalogue\), pilot-parks \(01-pilot-parks\), grid-factors"):
        registry.spec("99-nothing")
    # one analysis, many spellings: slug, notebook, notebook path, package
    for name in ("pilot-parks", "01-pilot-parks", "notebooks/01-pilot-parks.ipynb", "pilot_parks"):
        assert registry.get(name).slug == "pilot-parks"


def test_check_notebook_sees_injected_names():
    ns = {"lang": "zh", "province": "all", "In": [], "get_ipython": print, "_": None}
    assert registry.check_notebook("pilot-parks", ns).lang == "zh"
    with pytest.raises(ParameterError, match="unknown parameter.*'stray'"):
        registry.check_notebook("pilot-parks", {**ns, "stray": 1})


def test_every_notebook_is_declared_and_every_declared_notebook_exists():
    assert {p.stem for p in NOTEBOOKS} == {a.spec.notebook for a in registry.analyses().values()}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_conventions(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code), "commit without outputs"
    assert registry.notebook_problems(path.stem) == []
    for c in nb["cells"]:
        tags = [t for t in c["metadata"].get("tags", []) if t.startswith("lang-")]
        assert all(t in ("lang-en", "lang-zh", "lang-none") for t in tags)


def test_a_notebook_without_its_parameters_tag_is_refused(tmp_path, monkeypatch):
    import shutil

    for name in ("01-pilot-parks.ipynb",):
        shutil.copy2(ROOT / "notebooks" / name, tmp_path / name)
    monkeypatch.setattr(registry.paths, "notebooks_dir", lambda: tmp_path)
    nb = json.loads((tmp_path / "01-pilot-parks.ipynb").read_text(encoding="utf-8"))
    first = next(c for c in nb["cells"] if c["cell_type"] == "code")
    first["metadata"]["tags"] = []
    first["source"] = "lang = 'en'\n"
    (tmp_path / "01-pilot-parks.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    problems = registry.notebook_problems("pilot-parks")
    assert "notebooks/01-pilot-parks.ipynb: the first code cell must be tagged 'parameters'" in problems[0]
    assert "paste the cells that `zcparks params-cell pilot-parks` prints" in problems[1]


def test_page_labels_have_both_languages():
    for key, texts in labels.page_catalog().texts.items():
        assert set(texts) == {"en", "zh"} and all(texts.values()), key
    assert labels.t("contents", "zh") == "目录"
    with pytest.raises(KeyError, match="label 'page.nope' has no 'en' text"):
        labels.t("nope", "en")


def test_parameter_reference_is_generated_and_current():
    from zcparks.report import params as schema

    doc = ROOT / "docs" / "parameters.md"
    assert doc.exists(), "run `zcparks params-doc`"
    expected = schema.reference_markdown([a.spec for a in registry.analyses().values()])
    assert doc.read_text(encoding="utf-8") == expected, "docs/parameters.md is stale: run `zcparks params-doc`"
    for a in registry.analyses().values():
        assert f"## {a.spec.notebook}: " in expected
        for p in a.spec.params:
            assert f"| `{p.name}` | {p.type.__name__} | `{p.default!r}` |" in expected
    assert "报告语言" in expected and "a data year of the MEE/NBS factors (2021, 2022, 2023)" in expected


def test_spec_errors_name_the_file_and_field(tmp_path):
    from zcparks.errors import ZcparksError

    bad = tmp_path / "pilot_parks" / "spec.yaml"
    bad.parent.mkdir()
    src = (registry.get("pilot-parks").package_dir / "spec.yaml").read_text(encoding="utf-8")
    bad.write_text(src.replace("    type: str\n", "    type: text\n"), encoding="utf-8")
    with pytest.raises(ZcparksError, match=r"pilot_parks/spec.yaml: parameter 'province': type 'text'; expected one"):
        registry.load_spec(bad)
    bad.write_text(src.replace("slug: pilot-parks", "slug: pilot-parks\nslug: other"), encoding="utf-8")
    with pytest.raises(ZcparksError, match=r"duplicate key 'slug' \(first on line \d+, again on line \d+\)"):
        registry.load_spec(bad)
    bad.write_text(src.replace("slug: pilot-parks", "slug: grid-factors"), encoding="utf-8")
    with pytest.raises(ZcparksError, match="slug 'grid-factors' belongs in package folder 'grid_factors'"):
        registry.load_spec(bad)
