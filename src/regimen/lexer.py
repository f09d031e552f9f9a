"""The lexer: spaCy tokens → Lark terminals.

Lark's LALR parser reads one token of look-ahead.  A few decisions need more
than that, and they are lexical, so they are made here, each by one general
rule over the token sequence:

1. *Vocabulary.*  The longest phrase of the lexicon starting at a token wins
   (``per time`` over ``per``; ``IV drip`` over ``IV``).  Numbers become
   ``NUMBER``; anything else with a letter or digit is a ``WORD``.
2. *Roles.*  A day or week word directly before a bare number is a day
   marker (``D1``, ``week 3``: ``DAY_AT``, ``WEEK_AT``), otherwise a unit
   (``21 days``).  A time word straight after a name is part of the name
   (``vitamin D``).
3. *Names.*  Adjacent words, hyphenated parts and name numbers (``IL-2``,
   ``interleukin 2``, ``mFOLFOX6``, ``5-FU``) form one agent candidate.  It is
   a ``NAME`` (an agent that may start a new component without a separator)
   if it holds a known agent from ``agents.txt``, is followed by a colon, or
   is followed by a dose; otherwise a ``WORD``.
4. *Lists.*  A comma or ``and`` between day numbers continues the list
   (``LIST``); elsewhere it is connective text.  ``or`` between day numbers
   makes alternative days; elsewhere it separates alternative components
   (``ALT``), which are not given together.
5. *Brackets.*  An unclosed ``(`` is closed at the end of the text, with a
   warning.
6. *Signs.*  ``×`` is a multiplication only before a number and ``-`` a
   range only before a number, day or unit; elsewhere they are punctuation
   (``**bold**``, ``D1 – every 3 weeks``).
7. *Fillers* (``fillers.txt``) and plain punctuation are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterator

from lark import Token
from lark.lexer import Lexer
from spacy.tokens import Doc

from regimen.vocab import FILLER, lexicon

__all__ = ["Source", "RegimenLexer", "lex"]

_NUMBER = re.compile(r"(?:\d+(?:\.\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\.\d+)")
_TIME_UNITS = frozenset({"MINUTE", "HOUR", "DAY", "WEEK", "MONTH"})
_WORDISH = frozenset({"WORD", "NAME"})
#: What may follow a number that is a quantity rather than a bare count.
_QUANTITY_NEXT = frozenset(
    {"DOSE_UNIT", "KG", "GY", "AUC_UNIT", "CYCLE", "FRACTION", "TIMES", "TIMES_WORD", "PLUSMINUS", "BSA"}
    | _TIME_UNITS
)
_DOSE_UNITS = frozenset({"DOSE_UNIT", "KG", "GY"})
#: What may follow a range dash: a number, a day marker, a time unit (2-h).
_RANGE_NEXT = frozenset({"NUMBER", "DAY_AT", "WEEK_AT"} | _TIME_UNITS)
#: Terminals the grammar drops from the tree (spelled with a leading ``_``).
_HIDDEN = frozenset(
    {"SEP", "RANGE", "PER", "PLUSMINUS", "OR", "LIST"}
)
_LIST_WORDS = frozenset({",", "and", "&", "、"})


@dataclass(slots=True)
class Lexeme:
    """A token or phrase with its terminal type, payload and span."""

    type: str
    value: Any
    start: int
    end: int
    norm: str
    spaced: bool  # whitespace before it


@dataclass(slots=True)
class Source:
    """One text being parsed: its tokens and the warnings lexing raised."""

    text: str
    doc: Doc
    warnings: list[str] = field(default_factory=list)


class RegimenLexer(Lexer):
    """Lark custom lexer; ``parse`` is given a :class:`Source`."""

    __future_interface__ = 0

    def __init__(self, lexer_conf: Any) -> None:  # Lark's signature
        pass

    def lex(self, data: Source) -> Iterator[Token]:  # type: ignore[override]
        for item in lex(data):
            kind = f"_{item.type}" if item.type in _HIDDEN else item.type
            yield Token(kind, item.value, start_pos=item.start, end_pos=item.end)


def lex(source: Source) -> list[Lexeme]:
    """The terminal sequence of ``source``, after every rule above."""
    lexemes = _match(source.doc, source.text)
    _assign_roles(lexemes)
    _demote_signs(lexemes, "TIMES")
    lexemes = _merge_names(lexemes, source.text)
    _demote_signs(lexemes, "RANGE")  # after names: long-course keeps its hyphen
    _mark_lists(lexemes)
    _close_brackets(lexemes, source)
    return [item for item in lexemes if item.type != FILLER]


# --- 1. vocabulary ---------------------------------------------------------


def _match(doc: Doc, text: str) -> list[Lexeme]:
    lex = lexicon()
    tokens = [(t.norm_, t.idx, t.idx + len(t.text), bool(t.i) and not doc[t.i - 1].whitespace_) for t in doc]
    out: list[Lexeme] = []
    i = 0
    while i < len(tokens):
        norm, start, end, glued = tokens[i]
        size, entry = _longest(lex.candidates(norm), tokens, i)
        if entry is None:
            out.append(_classify(norm, start, end, not glued))
            i += 1
            continue
        last_end = tokens[i + size - 1][2]
        norm = " ".join(t[0] for t in tokens[i : i + size])
        out.append(Lexeme(entry.terminal, _payload(entry, text[start:last_end]), start, last_end, norm, not glued))
        i += size
    return out


def _longest(candidates, tokens, i):
    for key, entry in candidates:
        if tuple(t[0] for t in tokens[i : i + len(key)]) == key:
            return len(key), entry
    return 1, None


def _payload(entry, text: str) -> Any:
    """What the token carries: its value, else the text as written."""
    if entry.terminal == "NUMBER":
        return Decimal(entry.value)
    return entry.value if entry.value is not None else text


def _classify(norm: str, start: int, end: int, spaced: bool) -> Lexeme:
    if _NUMBER.fullmatch(norm):
        return Lexeme("NUMBER", Decimal(norm.replace(",", "")), start, end, norm, spaced)
    if any(ch.isalnum() for ch in norm):
        return Lexeme("WORD", norm, start, end, norm, spaced)
    return Lexeme(FILLER, norm, start, end, norm, spaced)


# --- 2. roles --------------------------------------------------------------


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
    return nxt not in _QUANTITY_NEXT | {"NUMBER"}


def _assign_roles(lexemes: list[Lexeme]) -> None:
    for i, item in enumerate(lexemes):
        if item.type in ("DAY", "WEEK") and _bare_number(lexemes, i + 1):
            item.type += "_AT"
        elif item.type in _TIME_UNITS and i and lexemes[i - 1].type in _WORDISH:
            item.type = "WORD"
        elif item.type == "PER_PERIOD" and i and lexemes[i - 1].type in ("DAY", "FRACTION"):
            item.type = "PERIOD_ADV"  # 5 days/week, 5 f/w: a count a week


# --- 3. names --------------------------------------------------------------


def _name_number(lexemes: list[Lexeme], j: int) -> bool:
    """A number inside a name: glued to it (``IL2``), or followed by the dose."""
    item = lexemes[j]
    if item.type != "NUMBER":
        return False
    if not item.spaced:
        return not _is_quantity(lexemes, j)
    nxt = _next_significant(lexemes, j + 1)
    return nxt < len(lexemes) and lexemes[nxt].type == "NUMBER"


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


def _next_significant(lexemes: list[Lexeme], j: int) -> int:
    while j < len(lexemes) and lexemes[j].type == FILLER:
        j += 1
    return j


def _run_end(lexemes: list[Lexeme], i: int) -> int:
    """Index after the agent candidate starting at ``i`` (``i`` if none)."""
    j = i
    if lexemes[i].type == "NUMBER":
        if i + 1 < len(lexemes) and lexemes[i + 1].type == "WORD" and not lexemes[i + 1].spaced:
            j = i + 2  # 100万IU, 3rd: a number glued to an unknown word
        elif (i + 2 < len(lexemes) and lexemes[i + 1].type == "RANGE" and not lexemes[i + 1].spaced
                and lexemes[i + 2].type in _WORDISH and not lexemes[i + 2].spaced):
            j = i + 3  # 5-FU
        else:
            return i
    elif lexemes[i].type not in _WORDISH:
        return i
    else:
        j = i + 1
    while j < len(lexemes):
        item = lexemes[j]
        if item.type in _WORDISH or _name_number(lexemes, j):
            j += 1
        elif item.type == "RANGE" and not item.spaced and _hyphen_joins(lexemes, j + 1):
            j += 2
        else:
            break
    return j


def _hyphen_joins(lexemes: list[Lexeme], j: int) -> bool:
    """Does a glued hyphen before ``j`` continue a name (``long-course``, ``IL-2``)?"""
    if j >= len(lexemes) or lexemes[j].spaced:
        return False
    item = lexemes[j]
    if item.type in _WORDISH or _name_number(lexemes, j):
        return True
    return item.type not in ("DAY_AT", "WEEK_AT", "NUMBER") and item.norm[:1].isalpha()


def _merge_names(lexemes: list[Lexeme], text: str) -> list[Lexeme]:
    out: list[Lexeme] = []
    i = 0
    while i < len(lexemes):
        end = _run_end(lexemes, i)
        if end == i:
            out.append(lexemes[i])
            i += 1
            continue
        run = lexemes[i:end]
        start, stop = run[0].start, run[-1].end
        known = any(item.type == "NAME" for item in run)
        kind = "NAME" if known or _introduces_dose(lexemes, end) else "WORD"
        out.append(Lexeme(kind, text[start:stop], start, stop, " ".join(x.norm for x in run), run[0].spaced))
        i = end
    return out


def _introduces_dose(lexemes: list[Lexeme], j: int) -> bool:
    """Is the name ending before ``j`` followed by a colon or by its dose?"""
    colon = False
    while j < len(lexemes) and lexemes[j].type == FILLER and not lexemes[j].norm[:1].isalnum():
        colon = colon or lexemes[j].norm == ":"
        j += 1
    if colon:
        return True
    if j < len(lexemes) and lexemes[j].type == "ROUTE":
        j += 1
    return _is_quantity(lexemes, j) or (
        j + 3 < len(lexemes) and lexemes[j + 1].type == "TIMES" and _is_quantity(lexemes, j + 2)
    )


def _demote_signs(lexemes: list[Lexeme], sign: str) -> None:
    """``×`` and ``-`` outside numbers are punctuation (``**bold**``, ``D1 – q3w``)."""
    allowed = {"TIMES": frozenset({"NUMBER"}), "RANGE": _RANGE_NEXT}[sign]
    for i, item in enumerate(lexemes):
        if item.type != sign:
            continue
        if i + 1 == len(lexemes) or lexemes[i + 1].type not in allowed or _emphasis(lexemes, i):
            item.type = FILLER


def _emphasis(lexemes: list[Lexeme], i: int) -> bool:
    """A ``*`` glued to the word or ``*`` before it closes markdown emphasis."""
    if lexemes[i].norm != "*" or lexemes[i].spaced or i == 0:
        return False
    return lexemes[i - 1].type in _WORDISH or lexemes[i - 1].norm == "*"


# --- 4. lists --------------------------------------------------------------


def _mark_lists(lexemes: list[Lexeme]) -> None:
    in_days = False
    skip_to = 0
    for i, item in enumerate(lexemes):
        if i < skip_to:
            continue
        if item.type in ("DAY_AT", "WEEK_AT"):
            in_days = not (i and lexemes[i - 1].type == "FROM")  # from day 8 starts, lists nothing
        elif item.norm in _LIST_WORDS and in_days:
            j = i + 1
            while j < len(lexemes) and lexemes[j].norm in _LIST_WORDS:
                j += 1
            if _day_follows(lexemes, j):
                item.type = "LIST"
                for joined in lexemes[i + 1 : j]:
                    joined.type = FILLER
                skip_to = j
            else:
                in_days = False
        elif item.type == "OR" and not (in_days and _day_follows(lexemes, i + 1)):
            item.type = "ALT"  # 200 mg q3w or 400 mg q6w: alternatives
            in_days = False
        elif item.type not in ("NUMBER", "RANGE", "OR", "LIST"):
            in_days = False


def _day_follows(lexemes: list[Lexeme], j: int) -> bool:
    """Is there a day (``D7``, ``7``) at ``j``, continuing a day list?"""
    return _bare_number(lexemes, j + (j < len(lexemes) and lexemes[j].type in ("DAY_AT", "WEEK_AT")))


# --- 5. brackets -----------------------------------------------------------


def _close_brackets(lexemes: list[Lexeme], source: Source) -> None:
    open_at: list[int] = []
    for item in lexemes:
        if item.type == "LPAR":
            open_at.append(item.start)
        elif item.type == "RPAR" and open_at:
            open_at.pop()
    end = len(source.text)
    for position in reversed(open_at):
        source.warnings.append(f"unclosed parenthesis at position {position}, closed at the end of the text")
        lexemes.append(Lexeme("RPAR", ")", end, end, ")", False))
