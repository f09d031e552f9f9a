"""Phrases the vocabulary alone cannot read: lexer rules over the lexemes.

Each names a phrase the model has a field for, or keeps one it has none for
whole, as one unresolved instruction instead of letting its words fall into
fields they do not belong to:

* ``every other week``: every 2 weeks;
* ``until disease progression``, ``until day 42``: a stopping condition
  (kept whole; ``d1 until d14`` is a range, data/patterns.txt);
* ``a 14-day rest``, ``2 weeks off``, ``rest at week 2``: a rest (kept whole:
  ``PAUSE`` valued by how long it lasts, else an instruction), never a
  treatment duration; so is a taper (``a 14-day taper``: an instruction,
  GOLD_SCHEMA);
* ``Arm A: Nivolumab ...``: a title, connective text;
* ``at 60 and 600 mg/m2, respectively``: a list of numbers that states its
  unit once, after the last (regimen.assemble pairs the list with the names).

:mod:`regimen.lexer` calls them in order; each changes lexeme types in place
(:func:`every_other` also splits one lexeme in two).
"""

from __future__ import annotations

import re
from decimal import Decimal

from regimen.lexemes import _TIME_UNITS, Lexeme, _bare_number, _is_quantity, _next_significant
from regimen.vocab import FILLER

__all__ = ["every_other", "stopping_conditions", "title", "rest_periods", "respectively"]


def every_other(lexemes: list[Lexeme], text: str) -> None:
    """``every other week``: before a time unit, ``every`` and the number 2,
    each with its own words' span (``every`` | ``other``).  Anywhere else
    the phrase says nothing the grammar reads: an unknown word."""
    for i in range(len(lexemes) - 1, -1, -1):
        item = lexemes[i]
        if item.type != "EVERY_OTHER":
            continue
        last = _LAST_WORD.search(text, item.start, item.end)  # "once every | other"
        if i + 1 == len(lexemes) or lexemes[i + 1].type not in _TIME_UNITS or last is None:
            item.type = "WORD"
            continue
        cut, start = last.start(), last.start(1)
        number = Lexeme("NUMBER", Decimal(2), start, item.end, last.group(1).lower(), True)
        item.type, item.value, item.end, item.norm = "EVERY", text[item.start : cut], cut, " ".join(text[item.start : cut].lower().split())
        lexemes.insert(i + 1, number)


_LAST_WORD = re.compile(r"\s+(\S+)$")


#: What a stopping condition is made of besides words: ``or``, ``and/or``, punctuation.
_CONDITION_JOINS = frozenset({"OR", "PER", FILLER})
#: Markers that take a number inside a stopping condition (``until day 14``, ``until cycle 4``).
_CONDITION_MARKERS = frozenset({"DAY_AT", "WEEK_AT", "CYCLE"})


def stopping_conditions(lexemes: list[Lexeme], text: str) -> None:
    """``until disease progression or unacceptable toxicity``, ``until day
    14``: one instruction (kept as unresolved text), never an agent, a
    component or a day of its own (``daily until day 14`` does not say
    which day it starts).

    It runs over unknown words, ``or``, ``and``, punctuation and a day,
    week or cycle with its number, and stops at anything else the regimen
    language knows (a drug name, a dose, a separator other than ``and``, a
    bracket) and before a word with a dose after it, which is the next
    agent (``until progression and ABC-123 10 mg``).
    """
    for i, item in enumerate(lexemes):
        if item.type != "UNTIL":
            continue
        last = None
        j = i + 1
        while j < len(lexemes):
            kind = lexemes[j].type
            if kind == "WORD" and not _is_quantity(lexemes, _next_significant(lexemes, j + 1)):
                last = j
            elif kind in _CONDITION_MARKERS and _bare_number(lexemes, j + 1):
                last = j = j + 1
            elif kind not in _CONDITION_JOINS and not (kind == "SEP" and lexemes[j].norm == "and"):
                break
            j += 1
        if last is None:
            item.type = FILLER
            continue
        item.type, item.value, item.end = "INSTRUCTION", text[item.start : lexemes[last].end], lexemes[last].end
        for absorbed in lexemes[i + 1 : last + 1]:
            absorbed.type = FILLER


def title(lexemes: list[Lexeme]) -> None:
    """``Arm A: Nivolumab ...``, ``Cohort 2: ...``: unknown words (and
    numbers) opening the text, then a colon and a drug name, are a title.
    It names the arm, it says nothing of the dosing: connective text, like
    the registry's ``Drug:`` (data/fillers.txt), not an agent of its own."""
    j = 0
    while j < len(lexemes) and (lexemes[j].type in ("WORD", "NUMBER") or (lexemes[j].type == FILLER and lexemes[j].norm.isalpha())):
        j += 1
    if not (0 < j < len(lexemes) and lexemes[0].type == "WORD" and lexemes[j].norm == ":"):
        return
    if (k := _next_significant(lexemes, j + 1)) == len(lexemes) or lexemes[k].type != "NAME":
        return
    for item in lexemes[:j]:
        item.type = FILLER


#: Units of the time a rest lasts.
_REST_UNITS = frozenset({"DAY", "WEEK", "MONTH"})


def rest_periods(lexemes: list[Lexeme], text: str) -> None:
    """``a 14-day rest``, ``2 weeks off``, ``rest for 7 days``, ``休息1周``,
    ``rest at week 2``: a pause and the time it lasts (or the week it falls
    in) are one instruction (kept as unresolved text), never a treatment
    duration or a day of treatment.  On its own the pause word is one too."""
    for i, item in enumerate(lexemes):
        if item.type not in ("REST", "TAPER"):
            continue
        first = last = i
        j = i - 1
        while j >= 0 and lexemes[j].type == FILLER and lexemes[j].norm.isalpha():
            j -= 1  # 2 weeks of rest
        if j >= 0 and lexemes[j].type == "PERIOD_ADV":  # a week of rest, a month off
            first = j
        elif j >= 0 and lexemes[j].type in _REST_UNITS:
            first = j
            if j >= 1 and lexemes[j - 1].type == "NUMBER":
                first = j - 1  # 2 weeks off
            elif j >= 2 and lexemes[j - 1].type == "RANGE" and lexemes[j - 2].type == "NUMBER":
                first = j - 2  # a 14-day rest
        elif (k := _next_significant(lexemes, i + 1)) + 1 < len(lexemes) and (
            (lexemes[k].type == "NUMBER" and lexemes[k + 1].type in _REST_UNITS)  # rest (for) 1 week
            or (lexemes[k].type in ("DAY_AT", "WEEK_AT") and lexemes[k + 1].type == "NUMBER")  # rest at week 2
        ):
            last = k + 1
        start, end = lexemes[first].start, lexemes[last].end
        length = _rest_length(lexemes[first : last + 1]) if item.type == "REST" else None  # a taper is no pause
        kind, value = ("PAUSE", length) if length else ("INSTRUCTION", text[start:end])
        item.type, item.value, item.start, item.end = kind, value, start, end
        for absorbed in lexemes[first : last + 1]:
            if absorbed is not item:
                absorbed.type = FILLER


_REST_LETTERS = {"DAY": "d", "WEEK": "w", "MONTH": "m"}


def _rest_length(run: list[Lexeme]) -> str | None:
    """How long a rest lasts, as a vocabulary period code (``7d``, ``1w``):
    a number and its unit, or a period word (``a week off``); ``None`` when
    it says no time (``rest at week 2``, a bare ``off``)."""
    run = [item for item in run if item.type != "RANGE"]  # a 7-day rest
    for a, b in zip(run, run[1:]):
        if a.type == "NUMBER" and b.type in _REST_LETTERS and a.value > 0:
            return f"{a.value.normalize():f}{_REST_LETTERS[b.type]}"
    adverb = next((item for item in run if item.type == "PERIOD_ADV"), None)
    return adverb.value if adverb is not None else None


#: What joins the items of a list of values (``60, 75 and 600 mg``).
_LIST_JOINS = frozenset({",", "and", "&", "、"})


def respectively(lexemes: list[Lexeme], text: str) -> list[Lexeme]:
    """``A and B at 60 and 600 mg/m2, respectively``: a list of values that
    states its unit once, after the last value, before ``respectively``.
    Each bare number of the list gets the unit, as zero-width lexemes at its
    end (the text states the unit once; every span stays in order), so each
    reads as a dose of its own; :mod:`regimen.assemble` pairs them with the
    names.  Returns the lexemes (a new list where a unit was shared)."""
    r = next((i for i, item in enumerate(lexemes) if item.type == "RESPECTIVELY"), None)
    if r is None:
        return lexemes
    j = r - 1
    while j >= 0 and lexemes[j].type == FILLER:
        j -= 1
    unit_end = j + 1
    while j >= 0 and lexemes[j].type not in ("NUMBER", FILLER, "SEP"):
        j -= 1  # back over the last value's unit: mg / m2
    if j < 0 or lexemes[j].type != "NUMBER" or j + 1 == unit_end:
        return lexemes
    unit = [item for item in lexemes[j + 1 : unit_end] if item.type != FILLER]
    bare = []
    k = j - 1
    while k >= 0 and (lexemes[k].norm in _LIST_JOINS or lexemes[k].type == "NUMBER"):
        if lexemes[k].type == "NUMBER":
            bare.append(k)
        k -= 1
    if not bare:
        return lexemes
    out = list(lexemes)
    for k in sorted(bare, reverse=True):
        at = out[k].end
        out[k + 1 : k + 1] = [Lexeme(u.type, u.value, at, at, u.norm, False) for u in unit]
    return out

