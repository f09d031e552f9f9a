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
from functools import cache
from dataclasses import dataclass, field
from typing import Iterator

from regimen.api import MAX_LENGTH, _parse, check_text, collector_paused
from regimen.errors import RegimenParseError
from regimen.lexer import Source
from regimen.model import Component, Regimen
from regimen.preprocess import tokenize
from regimen.vocab import lexicon

__all__ = ["Mention", "extract"]

#: A cheap test a line must pass before it is parsed: one of the anchors a
#: mention needs, built from the vocabulary (see :func:`_anchors`).
#: Sentence ends inside a line: ". " before a capital, and the ideographic full stop.
_SENTENCE = re.compile(r"(?<=[.。])\s+(?=[A-Z\u4e00-\u9fff])|(?<=。)")
#: A quantity straight after a comparison is a threshold (eligibility), not a dose.
_THRESHOLD = re.compile(
    r"(?:[≥≤<>]|\\[<>])\s*=?\s*\d[\d.,]*(?:\s*[×x*]\s*10\s*(?:\\?\^)?\s*\d+)?\s*(?:[a-zA-Zµμ%][\w/µμ%]*)?",
    re.UNICODE,
)
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


def extract(text: str, *, max_length: int | None = MAX_LENGTH) -> list[Mention]:
    """Every regimen mention of ``text``, in order, with exact spans.

    Raises :class:`RegimenParseError` only if ``text`` is longer than
    ``max_length`` characters (``None``: no limit).
    """
    check_text("extract", text, max_length)
    with collector_paused(len(text)):
        return [mention for start, clause in _clauses(text) for mention in _mentions(clause, start)]


def _clauses(text: str) -> Iterator[tuple[int, str]]:
    for line in re.finditer(r"[^\n]+", text):
        if not _may_hold_regimen(_mask_thresholds(line.group())):
            continue
        start = line.start()
        for piece in _SENTENCE.split(line.group()):
            offset = text.index(piece, start) if piece else start
            start = offset + len(piece)
            if piece.strip() and _may_hold_regimen(piece):
                yield offset, piece


_AFTER_NUMBER = re.compile(r"\d\s*([^\W\d_]+|[#×✕*x])", re.UNICODE)
_TIMES_NUMBER = re.compile(r"[×✕x*]\s*\d")
_WORDS = re.compile(r"[^\W\d_]+", re.UNICODE)
_HAN = re.compile(r"[\u4e00-\u9fff]")
_Q_NUMBER = re.compile(r"(?<![^\W\d_])[qQ]\s*\d")


def _may_hold_regimen(text: str) -> bool:
    """Could ``text`` hold a mention?  It must hold an anchor (see :func:`_anchors`)."""
    after_number, standalone = _anchors()
    for match in _AFTER_NUMBER.finditer(text):
        word = match.group(1).lower()
        if word in after_number or (_HAN.match(word) and (word[:2] in after_number or word[:1] in after_number)):
            return True  # Han text runs on: 4周期治疗
    if _TIMES_NUMBER.search(text) or _Q_NUMBER.search(text):
        return True
    words, phrases = standalone
    lowered = text.lower()
    return any(w in words for w in _WORDS.findall(lowered)) or any(p in lowered for p in phrases)


@cache
def _anchors() -> tuple[frozenset[str], tuple[frozenset[str], tuple[str, ...]]]:
    """The words a mention needs one of, from the vocabulary.

    After a number: a dose unit, Gy, a cycle or fraction word, ``×``
    (``825mg``, ``5 Gy``, ``4 cycles``, ``5×5``).  Anywhere: a frequency word
    (``bid``, ``daily``, ``every``), ``AUC``, an infusion word.  It only has to
    let every mention through: what passes is still parsed.
    """
    lex = lexicon()

    def spellings(*terminals: str) -> list[str]:
        return [w.lower() for t in terminals for v in (tuple(lex.values(t)) or (None,)) for w in lex.spellings(t, v)]

    units = frozenset(w.split()[0].split("/")[0].rstrip(".") for w in spellings("DOSE_UNIT", "GY", "CYCLE", "FRACTION", "KG"))
    anywhere = spellings("FREQ", "PERIOD_ADV", "AUC", "MULT", "INFUSION", "EVERY")
    words = frozenset(w for w in anywhere if _WORDS.fullmatch(w) and len(w) > 1)
    phrases = tuple(w for w in anywhere if not _WORDS.fullmatch(w) and len(w) > 2)
    return units | {"#", "×", "✕", "*", "x"}, (words, phrases)


def _mentions(clause: str, offset: int) -> list[Mention]:
    masked = _mask_thresholds(clause)
    try:
        regimen = _parse(Source(masked, tokenize(masked)), recover=True)
    except RegimenParseError:  # nothing the grammar could keep
        return []
    out = []
    for start, end in _stretches(regimen.components, masked):
        end = _close(clause, start, end)
        snippet = clause[start:end]
        if snippet == masked:  # the whole clause: its parse is the mention's
            parsed = regimen
        else:
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


_TIME_WORD = re.compile(r"\d\s*(?:h|hr|hrs|hours?|min|mins|minutes?|d|days?|weeks?)$", re.IGNORECASE)


def _mask_thresholds(clause: str) -> str:
    """Blank out compared quantities, keeping every offset.  A comparison
    before a time (``>2h``) is an infusion bound, not a threshold."""
    return _THRESHOLD.sub(lambda m: m.group() if _TIME_WORD.search(m.group()) else " " * len(m.group()), clause)


def _stretches(components: tuple[Component, ...], text: str) -> list[tuple[int, int]]:
    """Spans of runs of consecutive components that state dosing facts.
    Prose between two components (three words or more kept unresolved:
    ``then undergo TME resection``) ends a run."""
    runs: list[list[Component]] = [[]]
    for component in components:
        if runs[-1] and _prose_between(runs[-1][-1], component, text):
            runs.append([])
        if _facts(component):
            runs[-1].append(component)
        elif runs[-1]:
            runs.append([])
    out = []
    for run in runs:
        dosed = [i for i, component in enumerate(run) if _dosed(component)]
        if dosed:
            run = run[dosed[0] : dosed[-1] + 1]
            spans = [span for c in run for name, span in c.spans if name != "unresolved"]  # instructions count
            out.append((_first_fact(run[0], text), max(s.end for s in spans)))
    return out


_WORD = re.compile(r"[^\W\d_]+")


def _prose_between(before: Component, after: Component, text: str) -> bool:
    stated = [span for name, span in before.spans if name != "unresolved"]
    start = min((span.start for name, span in after.spans if name != "unresolved"), default=None)
    if not stated or start is None:
        return False
    end = max(span.end for span in stated)
    return any(
        name == "unresolved" and end <= span.start and span.end <= start
        and len(_WORD.findall(text[span.start : span.end])) >= 3
        for name, span in before.spans
    )


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


def _first_fact(component: Component, text: str) -> int:
    """Where a component's mention starts: its agent if that is a known name,
    else its first fact (``The planning target volume will receive 45 Gy``);
    what stands before a colon is a heading, outside (``week 1: RT ...``,
    ``CAPEOX: oxaliplatin ...``)."""
    spans = [span for name, span in component.spans if name != "unresolved"]
    if not component.agent_known:
        spans = [span for name, span in component.spans if name not in ("unresolved", "agent")] or spans
    start = min(span.start for span in spans)
    agent = component.span("agent")
    if agent is not None and start < agent.start:
        colon = max(text.rfind(":", start, agent.start), text.rfind("：", start, agent.start))
        if colon >= 0:
            start = min(span.start for span in spans if span.start > colon)
    return start


def _facts(component: Component) -> bool:
    facts = ("days", "route", "infusion", "frequency", "cycle")
    return _dosed(component) or any(getattr(component, n) is not None for n in facts)
