"""Nothing lost, nothing invented: every character of the corpus accounted for.

Each corpus line and each mention of the corpus documents parses into fields
whose spans cover what the text states; what is left is connective text
(whitespace, punctuation, separators, the fillers of fillers.txt).  Each
field's span lies in the text and holds its evidence (tests/property/fuzz.py:
:func:`check_accounting`, shared with the fuzzers).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from regimen import Regimen, extract, parse_regimen
from regimen.model import Span
from tests.corpus import load
from tests.property.fuzz import check_accounting

ROWS = load()
DOCUMENTS = sorted((Path(__file__).resolve().parent.parent / "corpus" / "documents").glob("*/*.txt"))


@pytest.mark.parametrize("row", ROWS, ids=[row["where"] for row in ROWS])
def test_every_corpus_line_is_accounted_for(row):
    check_accounting(parse_regimen(row["text"]))


@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.stem for p in DOCUMENTS])
def test_every_mention_is_accounted_for(path):
    for mention in extract(path.read_text(encoding="utf-8")):
        check_accounting(mention.regimen)


def test_runs_cover_the_text_in_order():
    regimen = parse_regimen("Capecitabine: 825mg/m2 bid po, d1-d14, HD")
    runs = regimen.accounting()
    assert runs[0][0].start == 0 and runs[-1][0].end == len(regimen.text)
    assert all(a[0].end == b[0].start and a[1] != b[1] for a, b in zip(runs, runs[1:]))
    labelled = {regimen.text[span.start : span.end]: label for span, label in runs}
    assert labelled["Capecitabine"] == "field" and labelled["HD"] == "unresolved" and labelled[": "] == "connective"


def test_a_dropped_value_is_reported_lost():
    """The check can fail: a regimen that forgets a stated field shows it."""
    regimen = parse_regimen("Capecitabine 825 mg/m2 bid d1-14")
    (component,) = regimen.components
    forgetful = Regimen(
        components=(component.__class__(agent=component.agent, spans=(("agent", Span(0, 12)),)),), text=regimen.text,
    )
    lost = [regimen.text[s.start : s.end] for s, label in forgetful.accounting() if label == "lost"]
    assert lost == ["825", "mg", "m2", "bid", "d1", "14"]


def test_accounting_needs_the_text():
    with pytest.raises(ValueError, match="text"):
        Regimen(components=parse_regimen("Drug 5 mg").components).accounting()
