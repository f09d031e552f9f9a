"""regimen.batch across processes, and the Dask recipe, give what a plain loop gives."""

from __future__ import annotations

import json

import pytest

from corpus import load
from regimen import RegimenParseError, parse_regimen
from regimen.batch import batch, parse_record

TEXTS = [row["text"] for row in load()] + ["Capecitabine 825 bid", "Hello world"]


def _plain(text):
    try:
        return parse_regimen(text)
    except RegimenParseError as exc:
        return exc


def _same(mine, theirs) -> bool:
    if isinstance(theirs, RegimenParseError):
        return isinstance(mine, RegimenParseError) and str(mine) == str(theirs)
    return mine == theirs and str(mine) == str(theirs)


def test_two_processes_give_the_plain_loop_in_order():
    expected = [_plain(t) for t in TEXTS]
    got = list(batch(TEXTS, processes=2, chunksize=16))
    assert len(got) == len(expected)
    assert all(_same(mine, theirs) for mine, theirs in zip(got, expected))


def test_input_streams_in_bounded_chunks():
    pulled = 0

    def records():  # a generator over a file too large to hold
        nonlocal pulled
        for i in range(20_000):
            pulled += 1
            yield TEXTS[i % len(TEXTS)]

    results = batch(records(), processes=2, chunksize=8)
    first = [next(results) for _ in range(20)]
    results.close()
    assert all(_same(mine, _plain(TEXTS[i])) for i, mine in enumerate(first))
    # 4 chunks out at the start (2 per process), one more for each of the 3 chunks read back
    assert pulled <= 8 * (4 + 3)


def test_errors_raise_across_processes():
    with pytest.raises(RegimenParseError):
        list(batch(["5x5Gy"] * 50 + ["Hello world"] + ["5x5Gy"] * 50, processes=2, chunksize=4, errors="raise"))


def test_errors_raise_when_asked():
    with pytest.raises(RegimenParseError):
        list(batch(["5x5Gy", "Hello world"], processes=1, errors="raise"))


@pytest.mark.parametrize("processes", [1, 2])
def test_batch_recovers_by_default_and_refuses_when_strict(processes):
    texts = ["5x5Gy", "Capecitabine 825 bid"]
    recovered = list(batch(texts, processes=processes, chunksize=1))
    assert recovered[1].partial and recovered[1].components[0].unresolved == ("825",)
    strict = list(batch(texts, processes=processes, chunksize=1, strict=True))
    assert isinstance(strict[1], RegimenParseError) and strict[1].position == 17
    assert parse_record(texts[1])["partial"] is True
    assert parse_record(texts[1], strict=True)["position"] == 17


def test_dask_recipe_equals_a_plain_loop(tmp_path):
    db = pytest.importorskip("dask.bag")
    records = tmp_path / "records.jsonl"
    records.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in TEXTS), encoding="utf-8")
    bag = db.read_text(str(records), blocksize=None).map(json.loads)
    parsed = bag.map(lambda r: parse_record(r["text"])).compute(scheduler="processes", num_workers=2)
    assert parsed == [parse_record(t) for t in TEXTS]
