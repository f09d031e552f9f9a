"""A long text is read with CPython's cyclic collector paused, and the
collector is left as the caller had it: on, off, after errors, across threads."""

from __future__ import annotations

import gc
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from regimen import RegimenParseError, extract, parse_regimen
from regimen.api import PAUSE_COLLECTOR_FROM

PIECE = "Capecitabine 825 mg/m2 bid po d1-14 q3w; "
LONG = (PIECE * (PAUSE_COLLECTOR_FROM // len(PIECE) + 1)).rstrip("; ")
SHORT = PIECE.rstrip("; ")


@pytest.fixture
def collections():
    """The collections CPython runs while the test runs (gc.callbacks)."""
    started: list[int] = []

    def record(phase, info):
        if phase == "start":
            started.append(info["generation"])

    gc.collect()
    gc.callbacks.append(record)
    yield started
    gc.callbacks.remove(record)
    assert gc.isenabled()  # every test leaves the collector on, as it found it


def test_no_collection_while_a_long_text_is_parsed(collections):
    regimen = parse_regimen(LONG)
    assert len(regimen.components) == LONG.count(";") + 1
    assert collections in ([], [0])  # at most the youngest generation's, once it runs again
    assert gc.isenabled()


def test_the_same_text_in_short_pieces_is_collected_as_usual(collections):
    for _ in range(LONG.count(";") + 1):
        parse_regimen(SHORT)
    assert len(collections) > 10


def test_extract_pauses_for_a_long_text_too(collections):
    mentions = extract(LONG.replace("; ", ".\n"))
    assert len(mentions) == LONG.count(";") + 1
    assert collections in ([], [0])


def test_the_collector_comes_back_after_an_error():
    with pytest.raises(RegimenParseError):
        parse_regimen(LONG + "; 825 mg/m2 Capecitabine Capecitabine (((", strict=True)
    assert gc.isenabled()


def test_a_caller_who_turned_the_collector_off_finds_it_off():
    gc.disable()
    try:
        parse_regimen(LONG)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_threads_reading_long_texts_at_once_leave_it_on():
    start = threading.Barrier(4)

    def work(_):
        start.wait()
        return len(parse_regimen(LONG).components)

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert set(pool.map(work, range(4))) == {LONG.count(";") + 1}
    assert gc.isenabled()
