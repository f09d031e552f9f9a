"""Value functions for the number notations of ``data/patterns.txt``.

Each function takes the lexemes a rule targets, the text and the lexeme
before the target, and returns what replaces them (the signature of
:data:`regimen.patterns.FUNCTIONS`, which registers these).  A number is
read exactly (``Decimal``) or not at all: a notation that could mean two
things becomes one ``NOTATION`` lexeme, which the grammar has no place for,
so the piece is refused (strict) or kept unresolved with a warning.
"""

from __future__ import annotations

import re
from decimal import Decimal

from regimen import units
from regimen.lexemes import Lexeme

__all__ = ["FUNCTIONS", "is_combination_strength"]

#: The largest power of ten a dose is written with (10^15 already exceeds any).
_MAX_POWER = 15
_MINUS = frozenset({"-", "−", "‐", "‑", "–", "—"})


def _number(first: Lexeme, last: Lexeme, value: Decimal, text: str) -> Lexeme:
    written = text[first.start : last.end]
    return Lexeme("NUMBER", value, first.start, last.end, " ".join(written.lower().split()), first.spaced)


def _refused(first: Lexeme, last: Lexeme, text: str) -> Lexeme:
    written = text[first.start : last.end]
    return Lexeme("NOTATION", written, first.start, last.end, written.lower(), first.spaced)


# --- number words --------------------------------------------------------------


def _words(lexemes: list[Lexeme], text: str, before: Lexeme | None) -> list[Lexeme]:
    """``seventy-five``, ``twenty five``, ``one hundred and fifty``, ``one
    thousand``, ``one and a half``: number words (``NUMBER_WORD``) that
    compose one English number become one ``NUMBER``; a run that does not
    compose (``two and three``, ``five-six``) is read word by word, each word
    its own number and the joints left as they were.  A whole number in
    digits with a vulgar fraction glued to it (``2½``) is their sum."""
    if lexemes[0].type == "NUMBER":  # 2½: a whole number and its vulgar fraction
        whole, fraction = lexemes
        return [_number(whole, fraction, whole.value + Decimal(fraction.value), text)]
    out: list[Lexeme] = []
    i = 0
    while i < len(lexemes):
        if lexemes[i].type != "NUMBER_WORD":
            out.append(lexemes[i])
            i += 1
            continue
        end, value = _compose(lexemes, i)
        out.append(_number(lexemes[i], lexemes[end - 1], value, text))
        i = end
    return out


def _compose(lexemes: list[Lexeme], i: int) -> tuple[int, Decimal]:
    """The longest number composed from ``lexemes[i]``: (end index, value)."""
    total, current = Decimal(0), Decimal(lexemes[i].value)
    end = j = i + 1
    last = current
    while j < len(lexemes):
        joint = None if lexemes[j].type == "NUMBER_WORD" else lexemes[j].norm
        k = j if joint is None else j + 1
        if joint not in (None, "-", "and") or k >= len(lexemes) or lexemes[k].type != "NUMBER_WORD":
            break
        value = Decimal(lexemes[k].value)
        step = _step(current, last, value, joint)
        if step is None:
            break
        if step == "thousand":
            total, current = total + current * value, Decimal(0)
        elif step == "hundred":
            current *= value
        else:
            current += value
        last, end = value, k + 1
        j = end
    return end, total + current


def _tens(value: Decimal) -> bool:
    return 20 <= value <= 90 and value % 10 == 0


def _step(current: Decimal, last: Decimal, value: Decimal, joint: str | None) -> str | None:
    """How the word ``value`` extends a number whose words so far make
    ``current`` (since the last ``thousand``), the last of them ``last``;
    None when it does not (``two and three``, ``five-six``: two numbers)."""
    big = last in (100, 1000)  # a new group starts after hundred or thousand
    if joint == "-" and not (1 <= value <= 9 and _tens(last)):
        return None
    if joint == "and" and not (big or value < 1):
        return None
    if value == 1000:
        return "thousand" if joint is None and 0 < current < 1000 and last != 1000 else None
    if value == 100:
        return "hundred" if joint is None and 0 < current < 20 and current == last else None
    if value < 1:  # one and a half
        return "add" if joint == "and" and current >= 1 and current == current.to_integral_value() else None
    if _tens(value) or 10 <= value <= 19:
        return "add" if big else None
    if 1 <= value <= 9:
        return "add" if big or _tens(last) else None
    return None


# --- powers of ten, e-notation, fractions ----------------------------------------


def _power(lexemes: list[Lexeme], text: str, before: Lexeme | None) -> list[Lexeme]:
    """``6 × 10^6``, ``6x10⁶``, ``10^6``, ``10⁶``, ``10^-3``: a power of ten,
    read exactly.  The base must be written ``10``; any other (``2^3``) is a
    notation regimen does not read."""
    first, last = lexemes[0], lexemes[-1]
    *numbers, exponent = [item for item in lexemes if item.type in ("NUMBER", "POWER")]
    base = numbers[-1]
    power = exponent.value
    if exponent.type == "NUMBER" and any(item.norm in _MINUS for item in lexemes):
        power = -power
    if text[base.start : base.end] != "10" or power != power.to_integral_value() or abs(power) > _MAX_POWER:
        return [_refused(first, last, text)]
    factor = numbers[0].value if len(numbers) == 2 else Decimal(1)
    return [_number(first, last, factor.scaleb(int(power)), text)]


def _e_notation(lexemes: list[Lexeme], text: str, before: Lexeme | None) -> list[Lexeme]:
    """``6e5``, ``1.5E+06``: a computer's number format.  Refused (kept
    unresolved), not read: in a regimen it is as often part of a code or a
    garbled number as a power of ten."""
    first = lexemes[0]
    if not first.spaced and before is not None and before.norm[-1:].isalpha():
        return lexemes  # AZD6e5: a code
    return [_refused(first, lexemes[-1], text)]


def _fraction(lexemes: list[Lexeme], text: str, before: Lexeme | None) -> list[Lexeme]:
    """``1/2 tablet``, ``3/4 tab``: a fraction of a counted dose form, read
    when it is an exact decimal (halves, quarters, fifths, eighths);
    ``1/3`` cannot be written exactly and is refused."""
    numerator, denominator = lexemes[0], lexemes[-1]
    digits = text[numerator.start : numerator.end] + text[denominator.start : denominator.end]
    if not (digits.isdigit() and len(digits) == 2 and numerator.value < denominator.value):
        return [_refused(numerator, denominator, text)]
    value = numerator.value / denominator.value
    if value * denominator.value != numerator.value or len(str(value)) > 5:
        return [_refused(numerator, denominator, text)]
    return [_number(numerator, denominator, value.normalize(), text)]


def _restated(lexemes: list[Lexeme], text: str, before: Lexeme | None) -> list[Lexeme]:
    """``one (1) tablet``, ``five (5) days``, ``one 1 tablet``: a number
    written in words and restated in digits is one number; ``three times
    (3x)``, ``twice (2x)``: the bracket restating the count is connective
    text.  Two different numbers (``two 5 mg tablets``) are left as they are."""
    words = lexemes[0]
    digits = [item for item in lexemes[1:] if item.type == "NUMBER"][-1]
    if not (words.norm.replace(" ", "").replace("-", "").isalpha() and digits.norm.isdigit()):
        return lexemes
    if Decimal(words.value) != digits.value:
        return lexemes
    opening = next((i for i, item in enumerate(lexemes) if item.norm == "("), None)
    if opening is not None and (opening > 1 or words.type == "MULT"):  # three times (3x), twice (2x): the bracket is text
        for item in lexemes[opening:]:
            item.type = "FILLER"
        return lexemes
    return [_number(words, lexemes[-1], words.value, text)]


def _unit_range(lexemes: list[Lexeme], text: str, before: Lexeme | None) -> list[Lexeme]:
    """``10 mg to 20 mg``, ``1 mg/kg - 2 mg/kg``: a range whose unit is
    written at both ends is a range of that unit (the first is connective
    text); two different units are left as they are."""
    dash = next(i for i, item in enumerate(lexemes) if item.type == "RANGE")
    low, high = lexemes[1:dash], lexemes[dash + 2 :]
    if _unit_key(low) != _unit_key(high):
        return lexemes
    for item in low:
        item.type = "FILLER"
    return lexemes


def _strength(lexemes: list[Lexeme], text: str, before: Lexeme | None) -> list[Lexeme]:
    """``(one) 1 mg (tablet)``, ``(2) × 300 mg (tablets)``: the amount printed
    between a count and its dose form is the form's strength, one
    ``STRENGTH`` lexeme valued ``(amount, unit)``; not a dose."""
    number, unit = lexemes[-2], lexemes[-1]
    if units.base_unit(unit.value) == "count":
        return lexemes
    first = lexemes[0]
    written = text[first.start : unit.end]
    return [Lexeme("STRENGTH", (number.value, unit.value), first.start, unit.end, " ".join(written.lower().split()), first.spaced)]


#: A fixed combination's strengths (``10/500 mg``) as :func:`_combination_strength` keeps them.
_COMBINATION = re.compile(r"\d[\d.]*\s*/\s*\d[\d.]*\s*\S+")


def is_combination_strength(lexeme: Lexeme) -> bool:
    """Is ``lexeme`` the text of a fixed combination's strengths (``10/500 mg``)?"""
    return lexeme.type == "TEXT" and _COMBINATION.fullmatch(lexeme.norm) is not None


def _combination_strength(lexemes: list[Lexeme], text: str, before: Lexeme | None) -> list[Lexeme]:
    """``10/500 mg``, ``50/12.5 mg`` before a count of a form: the strengths
    of a fixed combination, text (a name before it still takes the count
    after it: regimen.names); not a dose."""
    first, last = lexemes[0], lexemes[-1]
    written = text[first.start : last.end]
    return [Lexeme("TEXT", written, first.start, last.end, " ".join(written.lower().split()), first.spaced)]


def _restated_unit(lexemes: list[Lexeme], text: str, before: Lexeme | None) -> list[Lexeme]:
    """``milligram per square meter (mg/m^2)``, ``centigray (cGy)``,
    ``Units (U)``, ``AUC (AUC)``: a bracket that holds only the unit just
    written restates it; the bracket is connective text.  A different unit
    in the bracket (``mg (mL)``) is left as it is."""
    opening = next(i for i, item in enumerate(lexemes) if item.type == "LPAR")
    outer, inner = lexemes[:opening], lexemes[opening + 1 : -1]
    if _unit_key(outer) != _unit_key(inner):
        return lexemes
    for item in lexemes[opening:]:
        item.type = "FILLER"
    return lexemes


def _unit_key(lexemes: list[Lexeme]) -> list[tuple[str, object]]:
    return [(item.type, item.value) for item in lexemes if item.type != "PER"]


def _divided(lexemes: list[Lexeme], text: str, before: Lexeme | None) -> list[Lexeme]:
    """``in 2 divided doses``, ``divided into three doses``: the day's amount
    given in N doses, a frequency of N a day (GOLD_SCHEMA), one ``FREQ``."""
    count = next(item for item in lexemes if item.type == "NUMBER")
    if count.value != count.value.to_integral_value() or not 1 < count.value <= 24:
        return lexemes
    first, last = lexemes[0], lexemes[-1]
    written = text[first.start : last.end]
    return [Lexeme("FREQ", f"{int(count.value)}/1d", first.start, last.end, " ".join(written.lower().split()), first.spaced)]


#: What a number that opens a range by "or" may not follow: it would belong
#: to a day, a range, a ratio or a list (``d1-5 or 100 mg``: alternatives).
_NOT_BEFORE_OR = frozenset({"RANGE", "DAY", "WEEK", "PER", "TIMES", "NUMBER", "DOSE_UNIT", "OR"})


def _or_range(lexemes: list[Lexeme], text: str, before: Lexeme | None) -> list[Lexeme]:
    """``1 or 2 drops``, ``two or three cycles``: a bare number, ``or`` and
    a number of a unit are a range (the ``or`` is its dash).  After a comma,
    digits continue a list of alternatives (``25, 50 or 75 mg``); words open
    a phrase of their own (``d1-5, two or three cycles``)."""
    number, joint = lexemes
    listed = before is not None and before.norm in (",", "、", ";") and not number.norm.replace("-", "").isalpha()
    if before is not None and before.type in _NOT_BEFORE_OR or listed:
        return lexemes
    joint.type = "RANGE"
    return lexemes


#: The value functions this module gives ``patterns.txt``.
FUNCTIONS = {
    "number_words": _words,
    "power": _power,
    "e_notation": _e_notation,
    "fraction": _fraction,
    "restated": _restated,
    "or_range": _or_range,
    "strength": _strength,
    "combination_strength": _combination_strength,
    "restated_unit": _restated_unit,
    "unit_range": _unit_range,
    "divided": _divided,
}
