"""The public entry points: parse text, format objects.

Lark's exceptions are translated here, once, into :class:`RegimenParseError`
with the position, what was expected there, and a marker line.
"""

from __future__ import annotations

from dataclasses import replace

from regimen.assemble import assemble
from regimen.errors import RegimenParseError
from regimen.format import format_component, format_regimen as _format_regimen
from regimen.grammar import parse
from regimen.lalr import SyntaxFailure
from regimen.lexer import Source
from regimen.model import Component, Regimen
from regimen.preprocess import tokenize
from regimen.transform import Rejected

__all__ = ["parse_regimen", "parse_dose", "format_regimen"]

#: How the error message names each terminal.
_TERMINAL_NAMES = {
    "NUMBER": "a number", "WORD": "a word", "NAME": "an agent name", "DOSE_UNIT": "a dose unit", "KG": "kg",
    "BSA": "m²", "GY": "Gy", "AUC": "AUC", "AUC_UNIT": "an AUC unit", "MINUTE": "a time unit",
    "HOUR": "a time unit", "DAY": "a time unit", "WEEK": "a time unit", "MONTH": "a time unit", "YEAR": "a time unit", "DAY_AT": "a day",
    "WEEK_AT": "a week", "CYCLE": "'cycles'", "FRACTION": "'fractions'", "ROUTE": "a route", "FREQ": "a frequency",
    "PERIOD_ADV": "a period", "PER_PERIOD": "a period", "MULT": "a multiplier", "BOUND": "a bound",
    "INFUSION": "'infusion'", "PER_FX": "'per fraction'", "EACH": "'each'", "TOTAL": "'total'",
    "INSTRUCTION": "an instruction", "RELATIVE": "'before' or 'after'", "_SEP": "a separator", "LPAR": "'('", "RPAR": "')'", "_RANGE": "'-'",
    "_PER": "'/'", "TIMES": "'×'", "_PLUSMINUS": "'±'", "_OR": "'or'", "_LIST": "','", "EVERY": "'every'",
    "FIRST": "'first'", "FROM": "'from'", "TIMES_WORD": "'times'", "$END": "the end of the text",
}
_MAX_EXPECTED = 6


def parse_regimen(text: str) -> Regimen:
    """Parse a regimen string into a :class:`Regimen` of components.

    Raises :class:`RegimenParseError` (a ``ValueError``) when the text is not
    a regimen, naming the position and what was expected there.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_regimen() takes a str, not {type(text).__name__}")
    return _parse(Source(text, tokenize(text)), recover=False)


def _parse(source: Source, *, recover: bool) -> Regimen:
    """Parse ``source``; recovering, what the grammar rejects becomes unresolved text.

    Recovery gives up on a lexeme (it becomes ``JUNK``, kept as unresolved
    text) and parses again; see :func:`_give_up` for which.  Each round gives
    up at least one lexeme, so it ends.
    """
    text = source.text
    while True:
        try:
            components = assemble(parse(source), text)
            return Regimen(components=components, text=text, warnings=tuple(source.warnings))
        except SyntaxFailure as exc:
            if not (recover and _give_up(source, exc)):
                raise _syntax_error(exc, text) from None
        except Rejected as exc:
            if not (recover and _give_up_span(source, exc.span.start, exc.span.end)):
                raise RegimenParseError(str(exc), text=text, position=exc.span.start, end=exc.span.end) from None


def _give_up(source: Source, exc: SyntaxFailure) -> bool:
    """Give up on the rejected lexeme at a boundary between elements; inside a
    construct (a number still waiting for its unit), on the construct's last
    lexeme instead, so the lexeme that revealed it survives (``825 bid``)."""
    lexeme = exc.lexeme
    position = len(source.text) if lexeme is None else lexeme.start
    before = [x for x in source.lexemes if x.end <= position and x.type != "JUNK"]
    boundary = bool({"_SEP", "$END"} & exc.expected)  # what came before was complete
    if (lexeme is None or not boundary) and before:
        return _give_up_span(source, before[-1].start, before[-1].end)
    return lexeme is not None and _give_up_span(source, lexeme.start, lexeme.end)


def _give_up_span(source: Source, start: int, end: int) -> bool:
    lexemes = source.lexemes
    inside = [x for x in lexemes if x.start >= start and x.end <= end and x.type != "JUNK"]
    if inside:
        source.junk.update(x.start for x in inside)
        return True
    before = [x for x in lexemes if x.end <= start and x.type != "JUNK"]
    if before:  # the same place failed again: the lexeme before it goes too
        source.junk.add(before[-1].start)
        return True
    return False


def parse_dose(text: str) -> Component:
    """Parse the regimen of a single agent into a :class:`Component`.

    Raises :class:`RegimenParseError` if the text holds several components.
    """
    regimen = parse_regimen(text)
    if len(regimen.components) != 1:
        second = regimen.components[1]
        position = min((span.start for _, span in second.spans), default=0)
        raise RegimenParseError(
            f"expected a single agent, found {len(regimen.components)} components",
            text=text,
            position=position,
            expected=("parse_regimen() for several agents",),
        )
    (component,) = regimen.components
    if regimen.warnings:
        component = replace(component, warnings=regimen.warnings + component.warnings)
    return component


def format_regimen(obj: Regimen | Component) -> str:
    """Canonical text of a regimen or component; it parses back to ``obj``."""
    if isinstance(obj, Component):
        return format_component(obj)
    if isinstance(obj, Regimen):
        return _format_regimen(obj)
    raise TypeError(f"format_regimen() takes a Regimen or Component, not {type(obj).__name__}")


def _syntax_error(exc: SyntaxFailure, text: str) -> RegimenParseError:
    lexeme = exc.lexeme
    if lexeme is None:
        position, end, found = len(text), len(text), "end of the text"
    else:
        position, end = lexeme.start, lexeme.end
        found = repr(text[position:end])
    if not text.strip() or (lexeme is None and not exc.parsed):
        return RegimenParseError("no regimen in the text", text=text, position=0, expected=("an agent, a dose or a schedule",))
    expected = _expected(exc)
    return RegimenParseError(f"unexpected {found}", text=text, position=position, end=end, expected=expected)


_UNITS = frozenset(
    {"DOSE_UNIT", "KG", "GY", "BSA", "AUC_UNIT", "MINUTE", "HOUR", "DAY", "WEEK", "MONTH", "YEAR", "CYCLE", "FRACTION"}
)


def _expected(exc: SyntaxFailure) -> tuple[str, ...]:
    names = set(exc.accepts or exc.expected)
    if len(names & _UNITS) > 2:  # after a number: say "a unit", not twelve names
        names = (names - _UNITS) | {"a unit (mg, Gy, days, cycles ...)"}
    readable = sorted({_TERMINAL_NAMES.get(name, name) for name in names})
    if len(readable) > _MAX_EXPECTED:
        return ("a dose, route, schedule or separator",)
    return tuple(readable)
