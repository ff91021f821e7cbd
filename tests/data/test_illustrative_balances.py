"""The illustrative archetype balances are data: data/raw/illustrative_balances/ with metadata (layout balance) and
provenance; every read validates them, and a page that scores them cites them (a read of illustrative_balances)."""

from __future__ import annotations

import pytest

from zcparks import data
from zcparks.data import metadata
from zcparks.errors import ZcparksError


def test_the_three_archetypes_are_declared_as_balances_and_every_number_is_labelled_an_assumption():
    meta = metadata.load("illustrative_balances")
    assert [f.layout for f in meta.files] == ["balance"] * 3
    for key in ("east_grid_certificates", "west_direct_supply", "data_centre"):
        text = data.illustrative_balance_file(key).read_text(encoding="utf-8")
        assert text.startswith("# ILLUSTRATIVE") and "illustrative: true" in text


def test_a_balance_file_declares_no_columns():
    with pytest.raises(ValueError, match="a park balance has the fields of the balance format: no columns"):
        metadata.FileMeta(file="x.yaml", title="t", origins=[{"note": "n"}], layout="balance", key=["a"])


def test_reading_one_is_logged_as_a_read_of_its_dataset(tmp_path, monkeypatch):
    log = tmp_path / "reads"
    monkeypatch.setenv("ZCPARKS_READS_LOG", str(log))
    path = data.illustrative_balance_file("data_centre")
    assert path.name == "archetype_data_centre.yaml" and log.read_text(encoding="utf-8").split() == [
        "illustrative_balances"]
    with pytest.raises(KeyError, match="no illustrative balance 'archetype_steel.yaml'"):
        data.illustrative_balance_file("steel")


def test_every_archetype_loads_and_a_malformed_one_is_refused_naming_the_field(project_copy):
    from zcparks.data import balance as bal

    for key in ("east_grid_certificates", "west_direct_supply", "data_centre"):
        assert bal.load(data.illustrative_balance_file(key)).park["illustrative"] is True
    f = project_copy / "data" / "raw" / "illustrative_balances" / "archetype_data_centre.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("grid_mwh: 1400000", "grid_mwh: -1400000"), encoding="utf-8")
    with pytest.raises(ZcparksError, match=r"archetype_data_centre.yaml.*\n.*years.2025.electricity.grid_mwh"):
        bal.load(f)
