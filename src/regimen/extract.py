"""Finding regimen mentions in whole documents.

A *mention* is a stretch of one line that states a dose, a radiotherapy dose
or fractionation, a frequency, or a cycle length or count, of an agent or of
radiotherapy (days, routes and infusion times join a mention but do not make
one alone).  It runs from its first agent (or first
dosing fact) to the end of its last dosing fact; prose around it, titles
before a colon, and lines without such facts are outside.  A dose after a
comparison sign (``≤10 mg/day prednisone``, ``HBV DNA ≥ 200 IU/mL``) is a
threshold, not a regimen.

The parser finds the mentions itself.  Each line (sentence, if a line holds
several) that could hold one is parsed in recovering mode, where what the
grammar rejects becomes unresolved text; consecutive components that state
dosing facts form a mention, trimmed to their spans, and re-parsed on their
own so that the mention's regimen has spans relative to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from regimen.api import _parse
from regimen.errors import RegimenParseError
from regimen.lexer import Source
from regimen.model import Component, Regimen
from regimen.preprocess import tokenize

__all__ = ["Mention", "extract"]

#: A cheap test a line must pass before it is parsed: a digit, or a
#: frequency/schedule word.  Lines of prose without one hold no mention.
_MAYBE = re.compile(r"\d|\b(?:bid|tid|qid|qd|daily|weekly|twice|once)\b", re.IGNORECASE)
#: Sentence ends inside a line: ". " before a capital, and the ideographic full stop.
_SENTENCE = re.compile(r"(?<=[.。])\s+(?=[A-Z\u4e00-\u9fff])|(?<=。)")
#: A quantity straight after a comparison is a threshold (eligibility), not a dose.
_THRESHOLD = re.compile(r"(?:[≥≤<>]|\\[<>])\s*=?\s*\d[\d.,]*\s*(?:[a-zA-Zµμ%])", re.UNICODE)
#: Amounts make a regimen (see :func:`_dosed`).  Days, routes and infusion
#: times join a mention but make none alone (``24-hour urine collection``).
_AMOUNTS = ("dose", "max_dose", "fractions", "doses")


@dataclass(frozen=True, slots=True)
class Mention:
    """A regimen found in a document: ``text[start:end]`` and its parse.

    The regimen's spans are relative to the mention: add ``start`` for
    offsets in the document.
    """

    start: int
    end: int
    text: str
    regimen: Regimen = field(compare=False)


def extract(text: str) -> list[Mention]:
    """Every regimen mention of ``text``, in order, with exact spans."""
    if not isinstance(text, str):
        raise TypeError(f"extract() takes a str, not {type(text).__name__}")
    return [mention for start, clause in _clauses(text) for mention in _mentions(clause, start)]


def _clauses(text: str) -> Iterator[tuple[int, str]]:
    for line in re.finditer(r"[^\n]+", text):
        if not _MAYBE.search(line.group()):
            continue
        start = line.start()
        for piece in _SENTENCE.split(line.group()):
            offset = text.index(piece, start) if piece else start
            start = offset + len(piece)
            if piece.strip() and _MAYBE.search(piece):
                yield offset, piece


def _mentions(clause: str, offset: int) -> list[Mention]:
    masked = _mask_thresholds(clause)
    try:
        regimen = _parse(Source(masked, tokenize(masked)), recover=True)
    except RegimenParseError:  # nothing the grammar could keep
        return []
    out = []
    for start, end in _stretches(regimen.components):
        end = _close(clause, start, end)
        snippet = clause[start:end]
        try:
            parsed = _parse(Source(snippet, tokenize(snippet)), recover=True)
        except RegimenParseError:
            continue
        out.append(Mention(offset + start, offset + end, snippet, parsed))
    return out


def _close(clause: str, start: int, end: int) -> int:
    """Extend a mention over the brackets it leaves open (``CapeOX (total 6 cycles)``)."""
    opened = sum(clause.count(c, start, end) for c in "([（") - sum(clause.count(c, start, end) for c in ")]）")
    while opened > 0:
        rest = clause[end:]
        stripped = rest.lstrip()
        if not stripped or stripped[0] not in ")]）":
            break
        end += len(rest) - len(stripped) + 1
        opened -= 1
    return end


def _mask_thresholds(clause: str) -> str:
    """Blank out compared quantities, keeping every offset."""
    return _THRESHOLD.sub(lambda m: " " * len(m.group()), clause)


def _stretches(components: tuple[Component, ...]) -> list[tuple[int, int]]:
    """Spans of runs of consecutive components that state dosing facts."""
    runs: list[list[Component]] = [[]]
    for component in components:
        if _facts(component):
            runs[-1].append(component)
        elif runs[-1]:
            runs.append([])
    out = []
    for run in runs:
        while run and not _dosed(run[0]):
            run.pop(0)
        while run and not _dosed(run[-1]):
            run.pop()
        if run:
            spans = [span for c in run for name, span in c.spans if name != "unresolved"]  # instructions count
            out.append((_first_fact(run[0]), max(s.end for s in spans)))
    return out


def _dosed(component: Component) -> bool:
    """Does the component state a regimen on its own?

    An amount (dose, fractions, number of doses) or a cycle count does.  A
    frequency or a cycle length does only for a known agent: ``vital signs
    every 15 minutes`` and ``CT every 3 months`` are not regimens.
    """
    if any(getattr(component, name) is not None for name in _AMOUNTS):
        return True
    if component.cycle is not None and component.cycle.count is not None:
        return True
    return (component.frequency is not None or component.cycle is not None) and component.agent_known


def _first_fact(component: Component) -> int:
    """Where a component's mention starts: its agent if that is a known name,
    else its first fact (``The planning target volume will receive 45 Gy``)."""
    spans = [span for name, span in component.spans if name != "unresolved"]
    if not component.agent_known:
        spans = [span for name, span in component.spans if name not in ("unresolved", "agent")] or spans
    return min(span.start for span in spans)


def _facts(component: Component) -> bool:
    facts = ("days", "route", "infusion", "frequency", "cycle")
    return _dosed(component) or any(getattr(component, n) is not None for n in facts)
