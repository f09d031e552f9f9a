"""Error recovery (the default parse, and :func:`regimen.extract`): give up
on lexemes, in place.

A recovering parse turns what the grammar rejects into ``JUNK`` (kept as
unresolved text) and goes on.  What is given up takes with it the lexemes
whose meaning depended on it (:func:`_tied`): a value is never read from
evidence that was cut, so ``q4-6h`` never leaves ``6h`` behind as an
infusion time, nor ``3 mg/`` a dose of 3 mg, nor ``-5 mg`` a dose of 5 mg.  Each round gives up at least one lexeme, so it
ends; and each round must cost about what it changes, not the length of the
text, or a long run of noise costs the square of its length (an 8 KB field of
``q0w; q0w; ...`` took 48 s when every round re-lexed and re-parsed from the
start).  So the lexemes are edited in place and the parse resumes from the
checkpoint the LALR loop saved before the first lexeme that changed
(:meth:`regimen.lalr.Driver.parse`).
"""

from __future__ import annotations

from bisect import bisect_left
from operator import attrgetter

from regimen.lalr import SyntaxFailure
from regimen.lexemes import Lexeme

__all__ = ["give_up", "give_up_span"]

_START = attrgetter("start")


def give_up(lexemes: list[Lexeme], text: str, failure: SyntaxFailure) -> int | None:
    """Give up on the rejected lexeme at a boundary between elements; inside
    a construct (a number still waiting for its unit), on the construct's last
    lexeme instead, so the lexeme that revealed it survives (``825 bid``).

    Returns the index of the first lexeme that changed, or ``None`` if there
    is nothing left to give up on.
    """
    at_end = failure.lexeme is None
    boundary = bool({"_SEP", "$END"} & failure.expected)  # what came before was complete
    if at_end or not boundary:
        before = _kept_before(lexemes, failure.index, len(text) if at_end else failure.lexeme.start)
        if before is not None:
            return _junk(lexemes, text, [before])
    if at_end:
        return None
    return give_up_span(lexemes, text, failure.lexeme.start, failure.lexeme.end)


def give_up_span(lexemes: list[Lexeme], text: str, start: int, end: int) -> int | None:
    """Give up on the lexemes inside ``[start, end)``; if they are all given
    up already, on the one before (the same place failed again)."""
    first = bisect_left(lexemes, start, key=_START)
    inside = []
    for i in range(first, len(lexemes)):
        item = lexemes[i]
        if item.start >= end and item.end > item.start:
            break
        if item.end <= end and item.type != "JUNK":
            inside.append(i)
    if inside:
        return _junk(lexemes, text, inside)
    before = _kept_before(lexemes, first, start)
    return None if before is None else _junk(lexemes, text, [before])


def _kept_before(lexemes: list[Lexeme], index: int, position: int) -> int | None:
    """The last lexeme before ``index`` that ends by ``position`` and is not junk."""
    for i in range(min(index, len(lexemes)) - 1, -1, -1):
        item = lexemes[i]
        if item.type != "JUNK" and item.end <= position:
            return i
    return None


#: Pieces of a quantity that mean nothing without the number beside them.
_BOUND = frozenset({"NUMBER", "SIGN", "HUGE", "AMBIGUOUS", "NOTATION", "POWER", "RANGE", "PER", "TIMES", "PLUSMINUS", "EVERY"})
#: Units: what a number before them measures.
_UNITS = frozenset({
    "DOSE_UNIT", "KG", "BSA", "GY", "AUC_UNIT", "MINUTE", "HOUR", "DAY", "WEEK", "MONTH", "YEAR", "CYCLE",
    "FRACTION", "DOSES", "PER_PERIOD", "AMBIGUOUS_UNIT",
})
_NUMBERS = frozenset({"NUMBER", "SIGN", "HUGE", "AMBIGUOUS", "NOTATION", "POWER"})
#: What a quantity, a schedule or a day is written with.
_PARTS = _BOUND | _UNITS | {"DAY_AT", "WEEK_AT", "FREQ", "AUC"}
#: Signs that take the number after them (``× 4``, ``q 3``, ``- 14``, ``± 5``).
_TAKES_NUMBER = frozenset({"TIMES", "EVERY", "RANGE", "PLUSMINUS", "SIGN", "PER"})


def _tied(before: Lexeme, after: Lexeme, text: str) -> bool:
    """Does either lexeme's meaning depend on the other's?  Two pieces of
    quantities or schedules written together (nothing but one punctuation
    mark between), one a number or a sign of a quantity (``q4-6h``, ``mg/``);
    a number and the unit after it; a sign and the number after it (``× −2``)."""
    if before.start == before.end or after.start == after.end:
        return False  # a bracket closed at the end of the text: nothing was written
    gap = text[before.end : after.start]
    kinds = (before.type, after.type)
    if len(gap) <= 1 and not gap.isspace() and all(k in _PARTS for k in kinds) and any(k in _BOUND for k in kinds):
        return True
    return (before.type in _NUMBERS and after.type in _UNITS) or (
        before.type in _TAKES_NUMBER and after.type in _NUMBERS
    )


def _with_ties(lexemes: list[Lexeme], text: str, indices: list[int]) -> list[int]:
    """``indices`` and every lexeme tied to them, transitively, in order."""
    marked = set(indices)
    stack = list(indices)
    while stack:
        i = stack.pop()
        for j in (i - 1, i + 1):
            if 0 <= j < len(lexemes) and j not in marked and lexemes[j].type != "JUNK" and _tied(
                lexemes[min(i, j)], lexemes[max(i, j)], text
            ):
                marked.add(j)
                stack.append(j)
    return sorted(marked)


def _junk(lexemes: list[Lexeme], text: str, indices: list[int]) -> int:
    """Make ``indices`` (and what is tied to them) junk, merging each run of
    adjacent junk into one lexeme."""
    indices = _with_ties(lexemes, text, indices)
    for i in indices:
        item = lexemes[i]
        lexemes[i] = Lexeme("JUNK", text[item.start : item.end], item.start, item.end, item.norm, item.spaced)
    low = indices[0]
    while low and lexemes[low - 1].type == "JUNK":
        low -= 1
    high = indices[-1] + 1
    while high < len(lexemes) and lexemes[high].type == "JUNK":
        high += 1
    i = low
    while i < high:  # merge runs inside [low, high)
        j = i + 1
        while j < high and lexemes[j].type == "JUNK" and lexemes[i].type == "JUNK":
            j += 1
        if j > i + 1:
            first, last = lexemes[i], lexemes[j - 1]
            lexemes[i : j] = [Lexeme("JUNK", text[first.start : last.end], first.start, last.end, first.norm, first.spaced)]
            high -= j - i - 1
        i += 1
    return low
