"""Value functions of the schedule rules of ``data/patterns.txt``.

Each takes the lexemes a rule targets (with the text and the lexeme before
them) and returns what replaces them, as :data:`regimen.patterns.FUNCTIONS`
states: one lexeme valued as the grammar reads it (``INTERVAL`` ``3w``,
``FREQ`` ``2/1d``, ``CYCLE_LENGTH`` ``28d``, ``CYCLE_COUNT``, ``DIVIDED``),
or the target unchanged when its numbers cannot be read so.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Callable

from regimen.lexemes import Lexeme
from regimen.vocab import FILLER

__all__ = ["SCHEDULE_FUNCTIONS"]


#: Period letters of the vocabulary's codes (``1w``), by time-unit value.
_PERIOD_LETTERS = {"hour": "h", "day": "d", "week": "w", "month": "m"}


def _interval(lexemes: list[Lexeme], text: str, before: Lexeme | None) -> list[Lexeme]:
    """``q3weekly``, ``3-weekly``, ``6 hourly``, ``every third day``, ``at
    2-week intervals``: every N units, one ``INTERVAL`` lexeme valued N times
    the unit (``3w``), as ``biweekly`` is in the vocabulary.  The count is
    the target's number (or ordinal); the unit its period word (``weekly``:
    1w) or time unit.  Every 1 unit is not an interval: left as it is."""
    count = next(Decimal(item.value) for item in lexemes if item.type in ("NUMBER", "NTH"))
    unit = next(item for item in lexemes if item.type == "PERIOD_ADV" or item.value in _PERIOD_LETTERS)
    if unit.type == "PERIOD_ADV":
        amount, letter = Decimal(unit.value[:-1]) * count, unit.value[-1]
    else:
        amount, letter = count, _PERIOD_LETTERS[unit.value]
    if count <= 1:
        return lexemes
    first, last = lexemes[0], lexemes[-1]
    code = f"{amount.normalize():f}{letter}"
    return [Lexeme("INTERVAL", code, first.start, last.end, " ".join(item.norm for item in lexemes), first.spaced)]


def _count_per_period(lexemes: list[Lexeme], text: str, before: Lexeme | None) -> list[Lexeme]:
    """``每日2次`` (daily, 2 times), ``2 fractions/day``: how many times in a
    period, one ``FREQ`` lexeme valued as the vocabulary's (``2/1d``)."""
    period = next(item for item in lexemes if item.type in ("PERIOD_ADV", "PER_PERIOD"))
    count = next(item for item in lexemes if item.type == "NUMBER")
    if count.value != count.value.to_integral_value() or count.value < 1:
        return lexemes
    first, last = lexemes[0], lexemes[-1]
    value = f"{int(count.value)}/{period.value}"
    return [Lexeme("FREQ", value, first.start, last.end, " ".join(item.norm for item in lexemes), first.spaced)]


def _divided(lexemes: list[Lexeme], text: str, before: Lexeme | None) -> list[Lexeme]:
    """``in 2 divided doses``, ``divided into 3 doses``: the day's amount
    given in N parts, one ``DIVIDED`` lexeme valued N (a whole number from 2)."""
    count = next(item for item in lexemes if item.type == "NUMBER")
    if count.value != count.value.to_integral_value() or count.value < 2:
        return lexemes
    first, last = lexemes[0], lexemes[-1]
    return [Lexeme("DIVIDED", int(count.value), first.start, last.end, " ".join(item.norm for item in lexemes), first.spaced)]


#: What says that the time after it lasts (``for 28 days``, ``× 21 days``).
_LASTING = frozenset({"for", "x", "×", "*"})


def _cycle_length(lexemes: list[Lexeme], text: str, before: Lexeme | None) -> list[Lexeme]:
    """``one cycle is 28 days``, ``of 21 days`` (after ``cycles``), ``(21
    days)`` after q3w: a cycle length defined, one ``CYCLE_LENGTH`` lexeme
    valued by the target's number and time unit (``28d``).  A target that
    opens with ``for`` or ``×`` (``for 28 days (1 cycle)``) keeps that time
    as written, a treatment time of its own: the cycle lexeme takes the
    rest, valued the same."""
    at = next(i for i, item in enumerate(lexemes[:-1]) if item.type == "NUMBER" and lexemes[i + 1].value in _PERIOD_LETTERS)
    number, unit = lexemes[at], lexemes[at + 1]
    code = f"{number.value.normalize():f}{_PERIOD_LETTERS[unit.value]}"
    kept = lexemes[: at + 2] if lexemes[0].norm in _LASTING else []
    rest = lexemes[len(kept):]
    first, last = rest[0], rest[-1]
    norm = " ".join(item.norm for item in rest)
    return kept + [Lexeme("CYCLE_LENGTH", code, first.start, last.end, norm, first.spaced)]


_SIGNS = {"-": -1, "\u2212": -1, "\u2010": -1, "\u2011": -1, "\u2013": -1, "+": 1}


def _signed_days(lexemes: list[Lexeme], text: str, before: Lexeme | None) -> list[Lexeme]:
    """``day -6 to -2``, ``days -6, -5, -4``, ``Days -2 to +4``, ``d-3``:
    in a run of days, a sign glued to the number after it, and not after a
    number (``d1-5`` is a range), signs that day: day 0 and the days before
    it count down to a transplant.  Anywhere else a minus stays a sign the
    grammar refuses (``-5 mg``)."""
    out: list[Lexeme] = []
    for item in lexemes:
        sign = out[-1] if out else None
        if (
            item.type == "NUMBER" and not item.spaced and sign is not None and sign.norm in _SIGNS
            and (len(out) < 2 or out[-2].type != "NUMBER")
        ):
            out[-1] = Lexeme("NUMBER", item.value * _SIGNS[sign.norm], sign.start, item.end, sign.norm + item.norm, sign.spaced)
        else:
            out.append(item)
    return out


_BOUND_WORDS = {"more": ">=", "fewer": "<=", "less": "<="}


def _cycle_count(lexemes: list[Lexeme], text: str, before: Lexeme | None) -> list[Lexeme]:
    """A count said around the cycle word, one ``CYCLE_COUNT`` lexeme valued
    (count, bound, upper count): ``cycles 1-6`` (every cycle from the first:
    6), ``number of cycles: 4``, ``six or more cycles`` (at least 6), ``two
    or three cycles`` (2, at most 3).  A count that is not a whole number
    above zero, or an upper count not above the count, is left as it is."""
    numbers = [item.value for item in lexemes if item.type == "NUMBER"]
    bound = next((_BOUND_WORDS[item.norm] for item in lexemes if item.norm in _BOUND_WORDS), None)
    if any(n != n.to_integral_value() or n < 1 for n in numbers):
        return lexemes
    counts = [int(n) for n in numbers]
    if lexemes[0].type == "CYCLE" and len(counts) == 2:  # cycles 1-6
        value = (counts[1], None, None)
    elif len(counts) == 2:  # two or three cycles
        if counts[1] <= counts[0]:
            return lexemes
        value = (counts[0], None, counts[1])
    else:
        value = (counts[-1], bound, None)
    first, last = lexemes[0], lexemes[-1]
    norm = " ".join(item.norm for item in lexemes)
    return [Lexeme("CYCLE_COUNT", value, first.start, last.end, norm, first.spaced)]


def _sentence_subject(lexemes: list[Lexeme], text: str, before: Lexeme | None) -> list[Lexeme]:
    """``... and 22 Courses repeat every 28 days``: a cycle word written with
    a capital after a number opens a sentence whose full stop is missing; it
    counts nothing and is dropped (the number stays a day).  Lower case (``and
    4 courses repeated``) it may count: left as it is."""
    (word,) = lexemes
    if text[word.start : word.start + 1].isupper():
        word.type = FILLER
    return lexemes


SCHEDULE_FUNCTIONS: dict[str, Callable[[list[Lexeme], str, Lexeme | None], list[Lexeme]]] = {
    "sentence_subject": _sentence_subject,
    "interval": _interval,
    "count_per_period": _count_per_period,
    "divided": _divided,
    "cycle_length": _cycle_length,
    "signed_days": _signed_days,
    "cycle_count": _cycle_count,
}
