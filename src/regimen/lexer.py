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
3. *Names* (:mod:`regimen.names`).  Adjacent words, hyphenated parts and name numbers (``IL-2``,
   ``interleukin 2``, ``mFOLFOX6``, ``5-FU``) form one agent candidate.  It is
   a ``NAME`` (an agent that may start a new component without a separator)
   if it holds a known agent from ``agents.txt``, is followed (past
   punctuation: ``Capecitabine: 825 mg``) by a dose, or holds a drug of the
   drug lexicon (:mod:`regimen.drugs`); a colon alone is not enough, since
   headings have one (``Methods:``);
   otherwise a ``WORD``.  A bare number after a name belongs to it when the
   lexicon says so (``interleukin 2``).
4. *Lists.*  A comma or ``and`` between day numbers continues the list
   (``LIST``); elsewhere it is connective text.  ``or`` between day numbers
   makes alternative days; elsewhere it separates alternative components
   (``ALT``), which are not given together.
5. *Brackets.*  An unclosed ``(`` is closed at the end of the text, with a
   warning.
6. *Phrases* (:mod:`regimen.phrases`): ``every other week``, ``until``
   (a range end or a stopping condition), rests, titles, ``from day 1 to
   day 21``.
7. *Signs.*  ``×`` is a multiplication only before a number and ``-`` a
   range only before a number, day or unit; elsewhere they are punctuation
   (``**bold**``, ``D1 – every 3 weeks``).
8. *Fillers* (``fillers.txt``) and plain punctuation are dropped.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from spacy.tokens import Doc

from regimen import drugs, patterns, phrases
from regimen.lexemes import (
    _AMBIGUOUS, _LIST_WORDS, _NUMBER, _POWER, _RANGE_NEXT, _ZERO_COMMA, _TIME_UNITS, _WORDISH, Lexeme, Source, _after_number, _bare_number,
    _is_quantity,
)
from regimen.model import MAX_DIGITS
from regimen.names import merge_names
from regimen.vocab import FILLER, cased, lexicon

__all__ = ["Source", "Lexeme", "lex"]


def lex(source: Source) -> list[Lexeme]:
    """The terminal sequence of ``source``, after every rule above (lexed
    once; a recovering parse edits the list in place, :mod:`regimen.recover`).
    The spaCy tokens are let go once read: on a long text they are a sixth
    of the memory a parse holds."""
    if source.doc is not None:
        source.lexemes = _lex(source)
        source.doc = None
    return source.lexemes


def _lex(source: Source) -> list[Lexeme]:
    lexemes = patterns.apply("numbers", _quoted(_match(source.doc, source.text), source.text), source.text)
    _negative_signs(lexemes)
    _assign_roles(lexemes, source.text)
    _demote_signs(lexemes, "TIMES")
    lexemes = patterns.apply("names", merge_names(lexemes, source.text), source.text)
    _sequencing(lexemes, source.text)
    phrases.stopping_conditions(lexemes, source.text)
    phrases.rest_periods(lexemes, source.text)
    phrases.title(lexemes)
    lexemes = phrases.respectively(patterns.apply("phrases", lexemes, source.text), source.text)
    _demote_signs(lexemes, "RANGE")  # after names: long-course keeps its hyphen
    _mark_lists(lexemes)
    _close_brackets(lexemes, source)
    return [item for item in lexemes if item.type != FILLER]


# --- 1. vocabulary ---------------------------------------------------------


def _match(doc: Doc, text: str) -> list[Lexeme]:
    candidates_of = lexicon().candidates
    tokens = [(t.norm_, t.idx, t.idx + len(t), t.whitespace_) for t in doc]
    norms = [token[0] for token in tokens]
    out: list[Lexeme] = []
    as_written, case_norms = cased() if _has_lower(text) else ({}, frozenset())
    i, count = 0, len(tokens)
    spaced = True  # the first token follows nothing
    while i < count:
        norm, start, end, space = tokens[i]
        size, entry = _longest(candidates_of(norm), norms, i)
        if norm in case_norms and (written := as_written.get(text[start:end])) is not None:
            size, entry = 1, written  # mIU, IT: the case says which
        if entry is None:
            out.append(_classify(norm, start, end, spaced))
        else:
            end = tokens[i + size - 1][2]
            if size > 1:
                norm, space = " ".join(norms[i : i + size]), tokens[i + size - 1][3]
            out.append(Lexeme(entry.terminal, _payload(entry, text[start:end]), start, end, norm, spaced))
        spaced = bool(space)
        i += size
    return out


def _has_lower(text: str) -> bool:
    """Does the text use lower case (so that capitals can carry meaning)?"""
    return text.upper() != text


def _longest(candidates, norms: list[str], i: int):
    """The longest phrase (by token count) at ``i``: one lookup per length."""
    for size, by_words in candidates:
        entry = by_words.get(tuple(norms[i : i + size])) if size > 1 else by_words.get((norms[i],))
        if entry is not None:
            return size, entry
    return 1, None


def _payload(entry, text: str) -> Any:
    """What the token carries: its value, else the text as written."""
    if entry.terminal == "NUMBER":
        return Decimal(entry.value)
    return entry.value if entry.value is not None else text


def _classify(norm: str, start: int, end: int, spaced: bool) -> Lexeme:
    """A token the vocabulary does not hold: a number, a word or filler
    (the reading of a norm is kept: numbers and words repeat)."""
    reading = _readings.get(norm)
    if reading is None:
        if len(_readings) >= _READINGS_KEPT:
            _readings.clear()
        reading = _readings[norm] = _reading(norm)
    return Lexeme(reading[0], reading[1], start, end, norm, spaced)


#: How many token readings :func:`_classify` keeps.
_READINGS_KEPT = 50_000
_readings: dict[str, tuple[str, Any]] = {}


def _reading(norm: str) -> tuple[str, Any]:
    if (zero := _ZERO_COMMA.fullmatch(norm)) is not None:
        return "NUMBER", Decimal(f"0.{zero.group(1)}")
    if _AMBIGUOUS.fullmatch(norm):
        return "AMBIGUOUS", norm  # the grammar has no place for it
    if _NUMBER.fullmatch(norm):
        if sum(ch.isdigit() for ch in norm) > MAX_DIGITS:
            return "HUGE", norm  # the grammar has no place for it
        return "NUMBER", Decimal(norm.replace(",", ""))
    if norm[0] == "^" and (power := _POWER.fullmatch(norm)) is not None:
        sign = -1 if power.group(1) in ("-", "−") else 1
        return "POWER", sign * Decimal(power.group(2))
    if any(ch.isalnum() for ch in norm):
        return "WORD", norm
    return FILLER, norm


_QUOTE = '"'


def _quoted(lexemes: list[Lexeme], text: str) -> list[Lexeme]:
    """``"..."``: text kept unresolved, as the canonical form writes it
    (:func:`regimen.format.quote`); a doubled ``""`` inside is one ``"``.
    Straight double quotes only, closed on the same line; an unpaired one is
    punctuation."""
    if _QUOTE not in text:
        return lexemes
    out: list[Lexeme] = []
    i = 0
    while i < len(lexemes):
        close = _closing_quote(lexemes, text, i) if lexemes[i].norm == _QUOTE else None
        if close is None:
            out.append(lexemes[i])
            i += 1
            continue
        start, end = lexemes[i].start, lexemes[close].end
        inner = text[lexemes[i].end : lexemes[close].start].replace(_QUOTE * 2, _QUOTE)
        # its norm keeps the quotes: no word of the vocabulary or the patterns is quoted text
        out.append(Lexeme("QUOTED", inner, start, end, text[start:end].lower(), lexemes[i].spaced))
        i = close + 1
    return out


def _closing_quote(lexemes: list[Lexeme], text: str, i: int) -> int | None:
    j = i + 1
    while j < len(lexemes):
        if "\n" in text[lexemes[j - 1].end : lexemes[j].end]:
            return None
        if lexemes[j].norm == _QUOTE:
            if j + 1 < len(lexemes) and lexemes[j + 1].norm == _QUOTE and lexemes[j + 1].start == lexemes[j].end:
                j += 2  # "" inside: an escaped quote
                continue
            return j if j > i + 1 else None
        j += 1
    return None


#: Spellings of a minus sign (after NFKC: the full-width one is "-").
_MINUS = frozenset({"-", "−", "‐", "‑", "–", "—"})


def _negative_signs(lexemes: list[Lexeme]) -> None:
    """A dash glued to the number after it and not after a number (``-5 mg``,
    ``x −2``) is a minus sign: ``SIGN``, which the grammar has no place for,
    so the amount is refused (or kept unresolved) instead of read as 5."""
    for i, item in enumerate(lexemes[:-1]):
        nxt = lexemes[i + 1]
        if item.norm in _MINUS and nxt.type == "NUMBER" and not nxt.spaced and (item.spaced or i == 0):
            previous = next((lexemes[j] for j in range(i - 1, -1, -1) if lexemes[j].type != FILLER), None)
            if previous is None or previous.type != "NUMBER":
                item.type = "SIGN"


# --- 2. roles --------------------------------------------------------------


def _assign_roles(lexemes: list[Lexeme], text: str) -> None:
    lexemes[:] = patterns.apply("roles", lexemes, text)
    phrases.every_other(lexemes, text)
    _ordinals(lexemes)
    _scales(lexemes)
    for i, item in enumerate(lexemes):
        if item.type in ("DAY", "WEEK") and _bare_number(lexemes, i + 1):
            named = i and lexemes[i - 1].type == "WORD" and drugs.is_drug(text[lexemes[i - 1].start : lexemes[i + 1].end])
            item.type = "WORD" if named else item.type + "_AT"  # vitamin D3 is a name, capecitabine d1 a day
        elif item.type in _TIME_UNITS and i and lexemes[i - 1].type in _WORDISH:
            item.type = "WORD"
        elif item.type == "DOSE_UNIT" and i and lexemes[i - 1].type in _WORDISH and _is_quantity(lexemes, i + 1):
            item.type = "WORD"  # olaparib tablets 300 mg: a dose form named with the drug, not a unit
        elif item.type == "DOSES" and not _counts_doses(lexemes, i):
            item.type = FILLER  # 5 mg doses, × 4 doses: a count only right after a number the × does not count
        elif item.type == "PER_PERIOD" and i and lexemes[i - 1].type in ("DAY", "FRACTION"):
            item.type = "PERIOD_ADV"  # 5 days/week, 5 f/w: a count a week
        elif item.type == "PER" and i and lexemes[i - 1].type in ("FRACTION", "CYCLE"):
            item.type = FILLER  # 50 Gy/25 fractions/5 weeks: the span the count takes


def _counts_doses(lexemes: list[Lexeme], i: int) -> bool:
    """Is ``doses`` at ``i`` counted: right after a number (``4 doses``; not
    ``× 4 doses``, where the × counts), or after a number and a period
    (``six daily doses``)?"""
    j = i - 1 if i and lexemes[i - 1].type == "PERIOD_ADV" else i
    return bool(j) and lexemes[j - 1].type == "NUMBER" and not (j > 1 and lexemes[j - 2].type == "TIMES")


def _scales(lexemes: list[Lexeme]) -> None:
    """100万 is 1 000 000: a scale word multiplies the number before it."""
    for i, item in enumerate(lexemes):
        if item.type == "SCALE":
            before = lexemes[i - 1] if i else None
            if before is not None and before.type == "NUMBER":
                before.value *= Decimal(item.value)
                before.end = item.end
                item.type = FILLER
            else:
                item.type = "WORD"


def _ordinals(lexemes: list[Lexeme]) -> None:
    """第1周 (week 1), 第8天 (day 8): the ordinal marks the unit, which goes.
    ``the third week``, ``on the second day``: the ordinal word is the day or
    week marker and the unit word its number, each keeping its own span, so
    the grammar reads ``week 3``.  An ordinal word before anything else is an
    unknown word."""
    for i, item in enumerate(lexemes):
        if item.type == "NTH":
            unit = lexemes[i + 1] if i + 1 < len(lexemes) else None
            if unit is not None and unit.type in ("DAY", "WEEK") and _bare_number(
                [item, Lexeme("NUMBER", None, unit.start, unit.end, unit.norm, unit.spaced)] + lexemes[i + 2 : i + 5], 1
            ):  # the number must stand alone: "third week weeks" would make "week weeks" a duration
                number = item.value
                item.type, item.value = unit.type, unit.value
                unit.type, unit.value = "NUMBER", Decimal(number)
            else:
                item.type = "WORD"
        elif item.type == "ORDINAL":
            unit = lexemes[i + 2] if i + 2 < len(lexemes) else None
            if lexemes[i + 1].type == "NUMBER" if i + 1 < len(lexemes) else False:
                if unit is not None and unit.type in ("DAY", "WEEK"):
                    item.type, unit.type = unit.type, FILLER
                    lexemes[i + 1].end = unit.end  # the number spans its unit: 第1周
                    continue
            item.type = FILLER


def _demote_signs(lexemes: list[Lexeme], sign: str) -> None:
    """``×`` and ``-`` outside numbers are punctuation (``**bold**``, ``D1 – q3w``)."""
    allowed = {"TIMES": frozenset({"NUMBER"}), "RANGE": _RANGE_NEXT}[sign]
    for i, item in enumerate(lexemes):
        if item.type != sign:
            continue
        if i + 1 == len(lexemes) or lexemes[i + 1].type not in allowed or _emphasis(lexemes, i):
            item.type = FILLER
        elif sign == "RANGE" and not _after_number(lexemes, i):
            item.type = FILLER  # "IMRT to 70 Gy": a range needs a number before it


def _emphasis(lexemes: list[Lexeme], i: int) -> bool:
    """A ``*`` glued to the word or ``*`` before it closes markdown emphasis."""
    if lexemes[i].norm != "*" or lexemes[i].spaced or i == 0:
        return False
    return lexemes[i - 1].type in _WORDISH or lexemes[i - 1].norm == "*"


def _sequencing(lexemes: list[Lexeme], text: str) -> None:
    """``over 30 min after paclitaxel``: after ``over`` the time is the
    infusion's; ``after paclitaxel`` is one unknown word (kept unresolved)."""
    for i in range(3, len(lexemes) - 1):
        relative, event = lexemes[i], lexemes[i + 1]
        if relative.type != "RELATIVE" or event.type not in _WORDISH:
            continue
        j = i - 1
        while j >= 0 and lexemes[j].type == FILLER and not lexemes[j].norm[:1].isalnum():
            j -= 1  # punctuation between: "for 28 days, after surgery"
        if j >= 2 and lexemes[j].type in _TIME_UNITS and lexemes[j - 1].type == "NUMBER" and lexemes[j - 2].norm in ("over", "for"):
            relative.type, relative.value, relative.end = "WORD", text[relative.start : event.end], event.end
            event.type = FILLER


# --- 4. lists --------------------------------------------------------------


def _mark_lists(lexemes: list[Lexeme]) -> None:
    in_days = False
    marker = None
    skip_to = 0
    for i, item in enumerate(lexemes):
        if i < skip_to:
            continue
        if item.type in ("DAY_AT", "WEEK_AT"):
            in_days = not (i and lexemes[i - 1].type == "FROM")  # from day 8 starts, lists nothing
            marker = item.type
        elif item.norm in _LIST_WORDS and in_days:
            j = i + 1
            while j < len(lexemes) and lexemes[j].norm in _LIST_WORDS:
                j += 1
            if _day_follows(lexemes, j, marker):
                item.type = "LIST"
                for joined in lexemes[i + 1 : j]:
                    joined.type = FILLER
                skip_to = j
            else:
                in_days = False
        elif item.type == "OR" and not (in_days and _day_follows(lexemes, i + 1, marker)):
            item.type = "ALT"  # 200 mg q3w or 400 mg q6w: alternatives
            in_days = False
        elif item.type not in ("NUMBER", "RANGE", "OR", "LIST"):
            in_days = False


def _day_follows(lexemes: list[Lexeme], j: int, marker: str | None) -> bool:
    """Is there a day (``D7``, ``7``) at ``j``, continuing a list of days
    marked by ``marker``?  A week after days (``D1, week 2``) starts anew."""
    marked = j < len(lexemes) and lexemes[j].type in ("DAY_AT", "WEEK_AT")
    return (not marked or lexemes[j].type == marker) and _bare_number(lexemes, j + marked)


# --- 5. brackets -----------------------------------------------------------


#: How deep brackets may nest.  A regimen nests two or three deep (``A (B
#: (day 1))``); what a bracket opens inherits from every level around it, so
#: deeper nesting would cost the square of its depth for no real text.
MAX_DEPTH = 5


def _close_brackets(lexemes: list[Lexeme], source: Source) -> None:
    """Close what is left open at the end; brackets nested deeper than
    :data:`MAX_DEPTH`, and their partners, become ``JUNK`` (unresolved text)."""
    open_at: list[int] = []
    too_deep: list[int] = []  # positions in ``open_at`` order, for those beyond the depth
    first_too_deep = None
    for item in lexemes:
        if item.type == "LPAR":
            if len(open_at) >= MAX_DEPTH:
                item.type = "JUNK"
                too_deep.append(len(open_at))
                first_too_deep = item.start if first_too_deep is None else first_too_deep
            open_at.append(item.start)
        elif item.type == "RPAR" and open_at:
            open_at.pop()
            if too_deep and too_deep[-1] == len(open_at):
                too_deep.pop()
                item.type = "JUNK"
    if first_too_deep is not None:
        source.warnings.append(
            f"brackets nested deeper than {MAX_DEPTH} from position {first_too_deep}: kept as unresolved text"
        )
    open_at = open_at[:MAX_DEPTH]
    end = len(source.text)
    for position in reversed(open_at):
        source.warnings.append(f"unclosed parenthesis at position {position}, closed at the end of the text")
        lexemes.append(Lexeme("RPAR", ")", end, end, ")", False))
