"""The cache of the cnmaps steps of the data build (zcparks.data.geo.memo): reused only for the same inputs."""

from __future__ import annotations

import pandas as pd

from zcparks.data import geo


def test_memo_reuses_an_entry_only_for_its_key_and_recomputes_an_altered_one(tmp_path):
    old, new = tmp_path / "processed", tmp_path / "tmp"
    calls = []

    def compute():
        calls.append(1)
        return {"a.txt": b"alpha", "b.txt": b"beta"}

    key = geo.cache_key(pd.DataFrame({"x": [1, 2]}))
    files, hit = geo.memo("step", key, old, new, compute)  # nothing cached yet
    assert not hit and files == {"a.txt": b"alpha", "b.txt": b"beta"} and len(calls) == 1
    new.rename(old)  # the build moved its outputs into place
    files, hit = geo.memo("step", key, old, tmp_path / "t2", compute)
    assert hit and files["b.txt"] == b"beta" and len(calls) == 1
    other = geo.cache_key(pd.DataFrame({"x": [1, 3]}))  # a changed input row: a new key
    assert other != key
    _, hit = geo.memo("step", other, old, tmp_path / "t3", compute)
    assert not hit and len(calls) == 2
    entry = next(old.glob("step-*"))
    (entry / "a.txt").write_bytes(b"tampered")  # an altered (or half-moved) entry is not trusted
    files, hit = geo.memo("step", key, old, tmp_path / "t4", compute)
    assert not hit and files["a.txt"] == b"alpha" and len(calls) == 3


def test_the_cache_key_covers_the_code_and_the_cnmaps_versions(monkeypatch):
    frame = pd.DataFrame({"x": [1]})
    key = geo.cache_key(frame)
    monkeypatch.setattr(geo._metadata, "version", lambda name: "0.0-other")
    assert geo.cache_key(frame) != key
