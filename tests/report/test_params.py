"""The parameter schema: one declaration, checked by the CLI and inside the notebook."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zcparks.errors import ParameterError, ZcparksError
from zcparks.report import labels, params, registry

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


# --------------------------------------------------------------------------- list parameters

HELP = {"en": "Variables to show", "zh": "显示的变量"}


def _list_param(**extra):
    from zcparks.report.params import Param

    return Param.from_dict({"name": "variables", "type": "list", "default": ["a", "b"], "help": HELP, **extra},
                           "src/zcparks/analyses/x/spec.yaml")


def test_a_list_parameter_takes_a_list_or_comma_separated_text():
    from zcparks.report.params import read_scalar

    p = _list_param(choices=["a", "b", "c"])
    assert p.coerce(["a", "c"], "x") == ["a", "c"]
    assert p.coerce(("b",), "x") == ["b"] and type(p.coerce(("b",), "x")) is list  # JSON/papermill keep a list
    assert p.coerce(" a , c ,", "x") == ["a", "c"]  # blanks and empty items dropped
    # `zcparks run NB -p variables a,c` and `papermill -p variables a,c` both deliver the text "a,c"
    assert read_scalar("a,c") == "a,c" and p.coerce(read_scalar("a,c"), "x") == ["a", "c"]
    assert json.loads(json.dumps(p.coerce("a,c", "x"))) == ["a", "c"]
    assert p.describe_allowed() == "comma-separated list of: a | b | c"
    assert p.describe_allowed("zh") == "逗号分隔的列表，每项为：a | b | c"


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("a,d", "x: parameter 'variables' got 'a,d': item 'd' is not allowed; allowed: comma-separated list of: a | b | c"),
        ("", "x: parameter 'variables' got '': needs at least one item"),
        (" , ", "needs at least one item"),
        ([], "needs at least one item"),
        (["a", 1.5], "item 1.5 is not allowed (float, expected str)"),
        ({"a": 1}, "parameter 'variables' got {'a': 1} (dict); expected a list or comma-separated text"),
    ],
)
def test_a_bad_list_item_is_named_with_what_is_allowed(given, message):
    p = _list_param(choices=["a", "b", "c"])
    with pytest.raises(ParameterError) as exc:
        p.coerce(given, "x")
    assert message in str(exc.value)


def test_list_items_of_an_id_set_resolve_aliases_and_all_stands_alone():
    p = _list_param(choices="@provinces", extra_choices=["all"], default=["all"])
    assert p.coerce("Jiangsu,内蒙古, XPCC", "x") == ["320000", "150000", "XPCC"]
    assert p.coerce(320000, "x") == ["320000"]  # -p provinces 320000 reads as an int
    assert p.coerce("all", "x") == ["all"] and p.coerce(["all"], "x") == ["all"]
    with pytest.raises(ParameterError, match=r"got 'all,Jiangsu': 'all' must be the only item"):
        p.coerce("all,Jiangsu", "x")
    with pytest.raises(ParameterError) as exc:
        p.coerce("Jiangsu,Jiangsuu", "x")
    msg = str(exc.value)
    assert "parameter 'variables' got 'Jiangsu,Jiangsuu': item 'Jiangsuu' is not allowed" in msg
    assert "allowed: comma-separated list of: 'all' or a GB/T 2260 province code" in msg
    assert "did you mean 'Jiangsu'" in msg


def test_a_list_parameter_needs_a_list_default_and_no_bounds():
    from zcparks.errors import ZcparksError

    with pytest.raises(ZcparksError, match=r"x/spec.yaml: parameter 'variables': type list needs a list as default"):
        _list_param(default="a")
    with pytest.raises(ZcparksError, match="type list takes no min or max"):
        _list_param(min=1)


def test_a_list_parameter_cell_is_python_and_round_trips_its_default():
    from zcparks.report import params as schema

    spec = schema.NotebookSpec("x", 9, {"en": "X", "zh": "X"}, {"en": "X", "zh": "X"}, (),
                               params=(schema.LANG, _list_param(choices=["a", "b", "c"])))
    cell = schema.parameters_cell(spec, "src/zcparks/analyses/x/spec.yaml")
    assert "variables: list = ['a', 'b']  # Variables to show / 显示的变量" in cell.splitlines()
    ns: dict = {}
    exec(compile(cell, "parameters", "exec"), ns)
    assert ns["variables"] == ["a", "b"] and ns["lang"] == "en"
    assert spec.validate({"variables": ns["variables"]})["variables"] == ["a", "b"]
    d1, d2 = spec.defaults(), spec.defaults()
    d1["variables"].append("c")  # a notebook changing its list must not change the spec's default
    assert d2["variables"] == ["a", "b"] and spec.defaults()["variables"] == ["a", "b"]
    doc = schema.reference_markdown([spec])
    assert "| `variables` | list | `['a', 'b']` | comma-separated list of: a \\| b \\| c |" in doc


def test_adhoc_stem_joins_list_items_with_plus():
    from zcparks.report.params import adhoc_stem

    assert adhoc_stem("07-x", {"lang": "en", "variables": ["320000", "XPCC"]}) == "07-x.en.320000+XPCC"
    assert adhoc_stem("02-grid-factors", {"lang": "en", "year": 2021}) == "02-grid-factors.en.2021"


def test_a_requirement_between_parameters_is_checked_before_anything_runs(tmp_path):
    from zcparks.report import registry

    spec = registry.spec("east-vs-west")
    assert spec.require == ("base_year < end_year",)
    assert spec.validate({"base_year": 2010, "end_year": 2019})["base_year"] == 2010
    with pytest.raises(ParameterError, match=r"'base_year' \(2015\) must be < 'end_year' \(2010\)"):
        spec.validate({"base_year": 2015, "end_year": 2010})
    with pytest.raises(ParameterError, match="must be <"):
        spec.validate({"base_year": 2010, "end_year": 2010})
    assert params.parse_requirement("a <= b") == ("a", "<=", "b")
    with pytest.raises(ValueError, match="expected 'a < b'"):
        params.parse_requirement("a > b")
    bad = tmp_path / "thing" / "spec.yaml"
    bad.parent.mkdir()
    bad.write_text("slug: thing\nnumber: 98\ntitle: {en: T, zh: T}\nsubtitle: {en: S, zh: S}\nreads: []\n"
                   "params: []\nrequire: ['start < end']\n", encoding="utf-8")
    with pytest.raises(ZcparksError, match="requirement 'start < end' names no parameter"):
        registry.load_spec(bad)
