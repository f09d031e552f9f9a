"""The spaCy component: entry point, extensions, multiprocessing, serialisation."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc, DocBin, Span

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


PLAN = "Plan: capecitabine 825 mg/m2 bid d1-14 q3w. Oxaliplatin 130 mg/m2 IV d1 in clinic B on Monday."


def test_mentions_are_labelled_spans_under_the_spans_key():
    doc = _nlp()(PLAN)
    spans = doc.spans["sc"]
    assert [(s.text, s.label_) for s in spans] == [
        ("capecitabine 825 mg/m2 bid d1-14 q3w", "REGIMEN"), ("Oxaliplatin 130 mg/m2 IV d1", "REGIMEN"),
    ]
    assert [str(s._.regimen) for s in spans] == [str(s._.regimen) for s in doc._.regimens]
    assert doc.ents == ()  # set_ents is off by default


def test_displacy_draws_the_mentions():
    from spacy import displacy

    nlp = spacy.blank("en")
    nlp.add_pipe("regimen", config={"spans_key": "dosing", "label": "DOSING"})
    html = displacy.render(nlp(PLAN), style="span", options={"spans_key": "dosing"}, page=False)
    assert "capecitabine" in html and "Oxaliplatin" in html and "DOSING" in html
    assert "REGIMEN" not in html


def test_set_ents_adds_mentions_without_clobbering_entities():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "DRUG", "pattern": "Oxaliplatin"}, {"label": "SITE", "pattern": "clinic B"}])
    nlp.add_pipe("regimen", config={"set_ents": True})
    doc = nlp(PLAN)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("capecitabine 825 mg/m2 bid d1-14 q3w", "REGIMEN"), ("Oxaliplatin", "DRUG"), ("clinic B", "SITE"),
    ]
    assert len(doc.spans["sc"]) == 2  # the overlapped mention is still a span


def test_settings_are_config_and_survive_to_disk_and_spacy_load(tmp_path):
    settings = {"spans_key": "rx", "label": "RX", "max_length": None, "strict": True, "set_ents": True}
    nlp = spacy.blank("en")
    nlp.add_pipe("regimen", config=settings)
    nlp.to_disk(tmp_path / "nlp")
    loaded = spacy.load(tmp_path / "nlp")
    pipe = loaded.get_pipe("regimen")
    assert {key: getattr(pipe, key) for key in settings} == settings
    text = "Plan: capecitabine 825 bid d1-14 q3w.\nOxaliplatin 130 mg/m2 IV d1 q3w."
    doc = loaded(text)
    assert [(s.text, s.label_) for s in doc.spans["rx"]] == [("Oxaliplatin 130 mg/m2 IV d1 q3w", "RX")]
    assert [e.label_ for e in doc.ents] == ["RX"]


def test_max_length_refuses_a_longer_doc_with_our_error():
    from regimen.errors import RegimenParseError

    nlp = spacy.blank("en")
    nlp.add_pipe("regimen", config={"max_length": 20})
    assert len(nlp("5x5Gy on days 1-5").spans["sc"]) == 1
    try:
        nlp("Capecitabine 825 mg/m2 bid d1-14 q3w")
    except RegimenParseError as exc:
        assert "max_length=20" in exc.message
    else:
        raise AssertionError("a doc over max_length was read")


def test_a_setting_of_the_wrong_kind_is_refused():
    import pytest
    from thinc.api import ConfigValidationError

    for bad in ({"strict": "yes"}, {"colour": "red"}):
        with pytest.raises(ConfigValidationError):
            spacy.blank("en").add_pipe("regimen", config=bad)
    with pytest.raises(ValueError, match="spans_key"):
        spacy.blank("en").add_pipe("regimen", config={"spans_key": ""})


def test_a_plain_displacy_span_render_draws_the_mentions_and_keeps_other_spans():
    from spacy import displacy

    nlp = spacy.blank("en")
    nlp.add_pipe("regimen")
    doc = nlp.make_doc(PLAN)
    doc.spans["sc"] = [Span(doc, 0, 1, label="OTHER")]
    doc = nlp.get_pipe("regimen")(doc)
    html = displacy.render(doc, style="span", page=False)
    assert "REGIMEN" in html and "OTHER" in html
    assert [s.label_ for s in doc.spans["sc"]].count("OTHER") == 1
