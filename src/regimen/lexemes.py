"""The lexer's working types and the small predicates its rules share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

from regimen.vocab import FILLER

__all__ = ["Lexeme", "Source", "FILLER"]

_NUMBER = re.compile(r"(?:\d+(?:\.\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\.\d+)")
#: ``0,125``: a zero, a comma and digits: a decimal comma (GOLD_SCHEMA), never 125.
_ZERO_COMMA = re.compile(r"0,(\d+)")
#: Digits that read two ways: ``1.000``, ``2.400`` (a dose's trailing zeros,
#: which nobody writes, or a group of thousands?), ``00,000`` (a group with a
#: leading zero: ``1,00,000``).  Refused, or kept unresolved, never guessed.
_AMBIGUOUS = re.compile(r"[1-9]\d{0,2}\.\d\d0|0\d*(?:,\d{3})+")
#: ``⁶``, ``⁻³`` (norm ``^6``, ``^−3``): a superscript exponent, read with the
#: ``10`` before it (data/patterns.txt); alone, the grammar has no place for it.
_POWER = re.compile(r"\^([-−+]?)(\d{1,3})")
_TIME_UNITS = frozenset({"MINUTE", "HOUR", "DAY", "WEEK", "MONTH", "YEAR"})
_WORDISH = frozenset({"WORD", "NAME"})
#: What may follow a number that is a quantity rather than a bare count.
_QUANTITY_NEXT = frozenset(
    {"DOSE_UNIT", "KG", "GY", "AUC_UNIT", "CYCLE", "FRACTION", "TIMES", "TIMES_WORD", "PLUSMINUS", "BSA", "DOSES"}
    | _TIME_UNITS
)
_DOSE_UNITS = frozenset({"DOSE_UNIT", "KG", "GY"})
#: What may follow a range dash: a number, a day marker, a time unit (2-h).
_RANGE_NEXT = frozenset({"NUMBER", "DAY_AT", "WEEK_AT"} | _TIME_UNITS)
#: Terminals the grammar drops from the tree (spelled with a leading ``_``).
_HIDDEN = frozenset(
    {"SEP", "RANGE", "PER", "PLUSMINUS", "OR", "LIST"}
)
_LIST_WORDS = frozenset({",", "and", "&", "、", "+"})


@dataclass(slots=True)
class Lexeme:
    """A token or phrase with its terminal type, payload and span."""

    type: str
    value: Any
    start: int
    end: int
    norm: str
    spaced: bool  # whitespace before it
    #: A NAME the text gives evidence for beyond its place: a known drug,
    #: regimen or modality, a dose of its own, a drug code (regimen.names).
    known: bool = False


@dataclass(slots=True)
class Source:
    """One text being parsed: its tokens, the warnings lexing raised, and its
    lexemes (lexed once; a recovering parse turns some into ``JUNK``)."""

    text: str
    doc: Doc | None  # None once lexed
    warnings: list[str] = field(default_factory=list)
    lexemes: list[Lexeme] = field(default_factory=list)


def _bare_number(lexemes: list[Lexeme], j: int) -> bool:
    """A number that is not the amount of a quantity or a count of something."""
    if j >= len(lexemes) or lexemes[j].type != "NUMBER":
        return False
    if j + 1 == len(lexemes):
        return True
    nxt = lexemes[j + 1].type
    if nxt == "RANGE" and j + 2 < len(lexemes) and lexemes[j + 2].type in _QUANTITY_NEXT:
        marker = j + 3 < len(lexemes) and lexemes[j + 3].type == "NUMBER"  # d1-d14
        return marker  # 1-day cycle, 2-h infusion: a unit, not a day marker
    if nxt == "RANGE" and j + 3 < len(lexemes) and lexemes[j + 2].type == "NUMBER":
        return lexemes[j + 3].type not in _QUANTITY_NEXT  # 1-2 mg: the low end of an amount
    return nxt not in _QUANTITY_NEXT | {"NUMBER"}


def _is_quantity(lexemes: list[Lexeme], j: int) -> bool:
    if j < len(lexemes) and lexemes[j].type == "AUC":
        return True
    if j + 1 >= len(lexemes) or lexemes[j].type != "NUMBER":
        return False
    nxt = lexemes[j + 1].type
    if nxt in _DOSE_UNITS:
        return True
    if nxt in ("RANGE", "TIMES") and j + 3 < len(lexemes):
        return lexemes[j + 2].type == "NUMBER" and lexemes[j + 3].type in _DOSE_UNITS
    return False


def _after_number(lexemes: list[Lexeme], i: int) -> bool:
    j = i - 1
    while j >= 0 and lexemes[j].type == FILLER:
        j -= 1
    return j >= 0 and lexemes[j].type == "NUMBER"


def _next_significant(lexemes: list[Lexeme], j: int) -> int:
    while j < len(lexemes) and lexemes[j].type == FILLER:
        j += 1
    return j
