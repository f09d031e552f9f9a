"""regimen.batch across processes, and the Dask recipe, give what a plain loop gives."""

from __future__ import annotations

import json

import pytest

from corpus import load
from regimen import RegimenParseError, parse_regimen
from regimen.batch import batch, parse_record

TEXTS = [row["text"] for row in load()] + ["Capecitabine 825 bid"]


def _plain(text):
    try:
        return parse_regimen(text)
    except RegimenParseError as exc:
        return exc


def test_two_processes_give_the_plain_loop_in_order():
    expected = [_plain(t) for t in TEXTS]
    got = list(batch(TEXTS, processes=2, chunksize=16))
    assert len(got) == len(expected)
    for mine, theirs in zip(got, expected):
        if isinstance(theirs, RegimenParseError):
            assert str(mine) == str(theirs)
        else:
            assert mine == theirs and str(mine) == str(theirs)


def test_errors_raise_when_asked():
    with pytest.raises(RegimenParseError):
        list(batch(["5x5Gy", "Capecitabine 825 bid"], processes=1, errors="raise"))


def test_dask_recipe_equals_a_plain_loop(tmp_path):
    db = pytest.importorskip("dask.bag")
    records = tmp_path / "records.jsonl"
    records.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in TEXTS), encoding="utf-8")
    bag = db.read_text(str(records), blocksize=None).map(json.loads)
    parsed = bag.map(lambda r: parse_record(r["text"])).compute(scheduler="processes", num_workers=2)
    assert parsed == [parse_record(t) for t in TEXTS]
