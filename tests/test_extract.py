"""regimen.extract finds every regimen mention of a document, and nothing else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from regimen import RegimenParseError, extract, parse_regimen

DOCUMENTS = Path(__file__).resolve().parent.parent / "corpus" / "documents"


def _gold(name: str) -> list[tuple[str, str, set[tuple[int, int]]]]:
    out = []
    for line in (DOCUMENTS / name).read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        text = (DOCUMENTS / row["doc"]).read_text(encoding="utf-8")
        spans, cursor = set(), 0
        for mention in row["mentions"]:
            start = text.index(mention, cursor)
            spans.add((start, start + len(mention)))
            cursor = start + len(mention)
        out.append((row["doc"], text, spans))
    return out


def _scores(documents) -> tuple[float, float, list[str]]:
    found = expected = hits = 0
    misses = []
    for doc, text, gold in documents:
        got = {(m.start, m.end) for m in extract(text)}
        found, expected, hits = found + len(got), expected + len(gold), hits + len(got & gold)
        misses += [f"{doc}: extra {text[a:b]!r}" for a, b in sorted(got - gold)]
        misses += [f"{doc}: missed {text[a:b]!r}" for a, b in sorted(gold - got)]
    return hits / found if found else 1.0, hits / expected if expected else 1.0, misses


def test_seed_records_precision_and_recall_are_one():
    precision, recall, misses = _scores(_gold("seeds.jsonl"))
    assert misses == []
    assert (precision, recall) == (1.0, 1.0)


def test_other_styles_reach_095():
    precision, recall, misses = _scores(_gold("styles.jsonl"))
    assert precision >= 0.95 and recall >= 0.95, misses


def test_mention_text_is_the_span_and_its_regimen_is_parsed():
    text = "Arm A: Capecitabine 825 mg/m2 bid d1-14 q3w.\nEligibility: HBV DNA ≥ 200 IU/mL; weight 72 kg."
    (mention,) = extract(text)
    assert text[mention.start : mention.end] == mention.text == "Capecitabine 825 mg/m2 bid d1-14 q3w"
    (component,) = mention.regimen.components
    assert component.agent == "capecitabine" and component.cycle.length.days == 21
    agent = component.span("agent")
    assert mention.text[agent.start : agent.end] == "Capecitabine"


def test_mentions_that_partly_parse_keep_the_unresolved_text():
    (mention,) = extract("Patients received capecitabine 825 mg/m2 bid HD2 weekly x4 cycles")
    (component,) = mention.regimen.components
    assert component.dose.amount == 825 and component.unresolved


def test_separate_paragraphs_are_separate_mentions():
    mentions = extract("Oxaliplatin 130 mg/m2 d1\n\nCapecitabine 1000 mg/m2 bid d1-14")
    assert [m.text for m in mentions] == ["Oxaliplatin 130 mg/m2 d1", "Capecitabine 1000 mg/m2 bid d1-14"]


@pytest.mark.parametrize(
    "text",
    [
        "WBC ≥ 3.5 × 10^9/L, Hb ≥ 100 g/L, PLT ≥ 100 × 10^9/L",
        "creatinine clearance ≥50 mL/min",
        "Systemic corticosteroids at ≤10 mg/day prednisone equivalent",
        "The tumour is 12 cm from the anal verge; margins > 8 mm.",
        "Enrollment: 130 participants, aged 18-75 years, from 2025-03-18. Phone 555 0100.",
        "Observe vital signs every 15 minutes; CT every 3 months.",
    ],
)
def test_what_is_not_a_regimen(text):
    assert extract(text) == []


def test_extract_agrees_with_parse_regimen_on_clean_strings():
    text = "Capecitabine: 1000 mg/m² BID, D1-14, Q3W × 4 cycles Oxaliplatin: 130 mg/m² IV, D1, Q3W × 4 cycles"
    (mention,) = extract(text)
    assert mention.regimen == parse_regimen(text)


def test_extract_takes_only_text():
    with pytest.raises(TypeError):
        extract(None)  # type: ignore[arg-type]
    assert extract("") == []


def test_parse_regimen_recovers_as_extract_does_unless_strict():
    regimen = parse_regimen("Capecitabine 825 bid")
    assert regimen.partial and regimen.components[0].unresolved == ("825",)
    assert not parse_regimen("Capecitabine 825 mg bid").partial
    with pytest.raises(RegimenParseError):
        parse_regimen("Capecitabine 825 bid", strict=True)
