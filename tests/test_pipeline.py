"""The spaCy component: entry point, extensions, multiprocessing, serialisation."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc, DocBin

from regimen import extract
from regimen.pipeline import _register_extensions

TEXTS = [
    "Arm A: Capecitabine 825 mg/m2 bid d1-14 q3w.\nHb ≥ 100 g/L.",
    "Radiotherapy once daily at 5Gy, D1-D5 (5×5Gy); Penpulimab, 200mg, intravenous for 60±5min, D6 or D7.",
    "No regimen here, only 130 participants aged 18-75 years.",
    "Tislelizumab 200mg ivd D1+Interleukin 2 100IU HD, d1-d14+ CapeOX (total 6 cycles)",
] * 3


def _summary(doc: Doc) -> list[tuple[str, str]]:
    return [(span.text, str(span._.regimen)) for span in doc._.regimens]


def _nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("regimen")
    return nlp


def test_add_pipe_by_name_sets_spans_and_regimens():
    doc = _nlp()(TEXTS[0])
    (span,) = doc._.regimens
    assert span.text == "Capecitabine 825 mg/m2 bid d1-14 q3w"
    assert span._.regimen.components[0].agent == "capecitabine"
    assert doc[0:2]._.regimen is None  # a span that is no mention


def test_spans_agree_with_extract():
    for text in TEXTS[:4]:
        doc = _nlp()(text)
        assert [(s.start_char, s.end_char) for s in doc._.regimens] == [(m.start, m.end) for m in extract(text)]


def test_pipe_with_two_processes_equals_one_by_one():
    nlp = _nlp()
    one = [_summary(nlp(text)) for text in TEXTS]
    many = [_summary(doc) for doc in nlp.pipe(TEXTS, batch_size=2, n_process=2)]
    assert many == one


def test_component_survives_to_disk_and_spacy_load(tmp_path):
    nlp = _nlp()
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == ["regimen"]
    assert _summary(loaded(TEXTS[1])) == _summary(nlp(TEXTS[1]))


def test_docs_survive_docbin():
    nlp = _nlp()
    docs = [nlp(text) for text in TEXTS[:4]]
    data = DocBin(docs=docs, store_user_data=True).to_bytes()
    again = list(DocBin(store_user_data=True).from_bytes(data).get_docs(nlp.vocab))
    assert [_summary(d) for d in again] == [_summary(d) for d in docs]


def test_extensions_are_registered_once():
    _register_extensions()
    _register_extensions()
    assert Doc.has_extension("regimens")


def test_strict_keeps_only_mentions_that_read_whole(tmp_path):
    text = "Plan: capecitabine 825 bid d1-14 q3w.\nOxaliplatin 130 mg/m2 IV d1 q3w."
    loose, strict = spacy.blank("en"), spacy.blank("en")
    loose.add_pipe("regimen")
    strict.add_pipe("regimen", config={"strict": True})
    assert [s._.regimen.partial for s in loose(text)._.regimens] == [True, False]
    (span,) = strict(text)._.regimens
    assert span.text.startswith("Oxaliplatin")
    strict.to_disk(tmp_path / "nlp")
    assert spacy.load(tmp_path / "nlp").get_pipe("regimen").strict is True
