"""Threads, pickling and processes: the library works under each.

* 8 threads parsing and extracting at once give what one thread gives;
* model objects, errors and the spaCy component pickle and unpickle equal;
* so they cross ``multiprocessing`` and ``concurrent.futures`` process pools
  (and Dask workers, tests/test_batch.py) with equal results.
"""

from __future__ import annotations

import copy
import multiprocessing
import pickle
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import pytest
import spacy

from regimen import Regimen, RegimenParseError, RegimenSchemaError, extract, parse_dose, parse_regimen
from tests.corpus import load

TEXTS = [row["text"] for row in load()]
BAD = ["Capecitabine 825 bid", "", "(((", "D14-D1", "0 mg", "x" * 50]
DOCUMENT = "\n".join(
    path.read_text(encoding="utf-8")
    for path in sorted((__import__("pathlib").Path(__file__).resolve().parent.parent / "corpus" / "documents" / "seeds").glob("*.txt"))
)


def _outcome(text: str):
    try:
        regimen = parse_regimen(text)
    except RegimenParseError as exc:
        return ("error", str(exc))
    return ("ok", regimen.to_dict(), str(regimen), [c.spans for c in regimen.components])


def _extracted(text: str):
    return [(m.start, m.end, m.regimen.to_dict()) for m in extract(text)]


def test_eight_threads_give_the_results_of_one():
    texts = (TEXTS + BAD) * 4
    alone = [_outcome(text) for text in texts]
    start = threading.Barrier(8)

    def work(shift: int):
        start.wait()  # all eight parse at once, each from a different place in the list
        order = texts[shift * 37 :] + texts[: shift * 37]
        return dict(zip(range(len(order)), map(_outcome, order))), shift

    with ThreadPoolExecutor(max_workers=8) as pool:
        for results, shift in pool.map(work, range(8)):
            order = alone[shift * 37 :] + alone[: shift * 37]
            assert [results[i] for i in range(len(order))] == order


def test_eight_threads_extract_like_one():
    alone = _extracted(DOCUMENT)
    assert alone
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(_extracted, [DOCUMENT] * 8)) == [alone] * 8


@pytest.mark.parametrize("text", TEXTS[::7])
def test_model_objects_pickle_equal(text):
    regimen = parse_regimen(text)
    for protocol in (2, pickle.DEFAULT_PROTOCOL, pickle.HIGHEST_PROTOCOL):
        back = pickle.loads(pickle.dumps(regimen, protocol=protocol))
        assert back == regimen
        assert back.text == regimen.text and back.warnings == regimen.warnings
        assert [c.spans for c in back.components] == [c.spans for c in regimen.components]
        assert str(back) == str(regimen) and back.to_dict() == regimen.to_dict()
    assert copy.deepcopy(regimen) == regimen
    for component in regimen.components:
        assert pickle.loads(pickle.dumps(component)) == component
        for value in (component.dose, component.cycle, component.days, component.fractions, component.infusion):
            if value is not None:
                assert pickle.loads(pickle.dumps(value)) == value


def test_errors_pickle_equal():
    with pytest.raises(RegimenParseError) as caught:
        parse_regimen("Capecitabine 825 bid", strict=True)
    error = caught.value
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is RegimenParseError and isinstance(back, ValueError)
    assert (back.message, back.text, back.position, back.end, back.expected) == (
        error.message, error.text, error.position, error.end, error.expected)
    assert str(back) == str(error)
    with pytest.raises(RegimenSchemaError) as caught:
        Regimen.from_dict({"components": "nope"})
    schema_error = pickle.loads(pickle.dumps(caught.value))
    assert type(schema_error) is RegimenSchemaError and str(schema_error) == str(caught.value)


def test_spacy_pipeline_with_the_component_pickles():
    nlp = spacy.blank("en")
    nlp.add_pipe("regimen")
    back = pickle.loads(pickle.dumps(nlp))
    assert back.pipe_names == ["regimen"]
    doc, again = nlp(DOCUMENT), back(DOCUMENT)
    assert doc._.regimen_offsets == again._.regimen_offsets and doc._.regimen_offsets
    assert [s._.regimen for s in again._.regimens] == [s._.regimen for s in doc._.regimens]
    # the Doc itself crosses a pickle with its mentions
    shipped = pickle.loads(pickle.dumps(doc))
    assert [s.text for s in shipped._.regimens] == [s.text for s in doc._.regimens]


def _parse_in_worker(text: str):
    try:
        return parse_dose(text)
    except RegimenParseError as exc:
        return exc


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_results_and_errors_cross_process_pools(method):
    texts = ["Capecitabine: 825mg/m2 bid po, d1-d14", "5×5Gy in Week 1", "Hello world"]
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        shipped = list(pool.map(_parse_in_worker, texts))
    with context.Pool(2) as pool:
        pooled = pool.map(_parse_in_worker, texts)
    local = [_parse_in_worker(text) for text in texts]
    for results in (shipped, pooled):
        assert results[:2] == local[:2]
        assert isinstance(results[2], RegimenParseError) and str(results[2]) == str(local[2])
