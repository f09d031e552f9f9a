"""The public entry points: parse text, format objects.

Syntax failures are translated here, once, into :class:`RegimenParseError`
with the position, what was expected there, and a marker line.

Every entry point refuses a text longer than its ``max_length`` (default
:data:`MAX_LENGTH`, spaCy's own default) before doing any work: cost grows
linearly with length, and a limit the caller states is better than a job
that runs for an hour on a corrupt field.  ``max_length=None`` lifts it.
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from dataclasses import replace
from typing import Any, Iterator

from regimen.assemble import assemble
from regimen.errors import RegimenParseError
from regimen.format import format_component, format_regimen as _format_regimen
from regimen.grammar import parse
from regimen.lalr import SyntaxFailure
from regimen.lexer import Source
from regimen.model import MAX_DIGITS, Component, Regimen
from regimen.preprocess import tokenize
from regimen.recover import give_up, give_up_span
from regimen.transform import Rejected

__all__ = ["parse_regimen", "parse_dose", "format_regimen", "MAX_LENGTH", "check_text", "collector_paused"]

#: The default longest text an entry point accepts, in characters.
MAX_LENGTH = 1_000_000

#: How the error message names each terminal.
_TERMINAL_NAMES = {
    "NUMBER": "a number", "WORD": "a word", "TEXT": "a word", "NAME": "an agent name", "DOSE_UNIT": "a dose unit", "KG": "kg",
    "BSA": "m²", "BASIS": "m⁻²", "GY": "Gy", "AUC": "AUC", "AUC_UNIT": "an AUC unit", "MINUTE": "a time unit",
    "HOUR": "a time unit", "DAY": "a time unit", "WEEK": "a time unit", "MONTH": "a time unit", "YEAR": "a time unit", "DAY_AT": "a day",
    "WEEK_AT": "a week", "CYCLE": "'cycles'", "FRACTION": "'fractions'", "ROUTE": "a route", "FREQ": "a frequency",
    "PERIOD_ADV": "a period", "PER_PERIOD": "a period", "MULT": "a multiplier", "BOUND": "a bound",
    "INFUSION": "'infusion'", "PER_FX": "'per fraction'", "EACH": "'each'", "TOTAL": "'total'",
    "INSTRUCTION": "an instruction", "RELATIVE": "'before' or 'after'", "QUOTED": "quoted text", "OF": "'of'", "THEN": "'then'", "RESPECTIVELY": "'respectively'", "_SEP": "a separator", "LPAR": "'('", "RPAR": "')'", "_RANGE": "'-'",
    "_PER": "'/'", "TIMES": "'×'", "_PLUSMINUS": "'±'", "_OR": "'or'", "_LIST": "','", "EVERY": "'every'",
    "FIRST": "'first'", "FROM": "'from'", "TIMES_WORD": "'times'", "DOSES": "'doses'", "STRENGTH": "a strength", "COUNT": "a count", "$END": "the end of the text",
    "GY_AT": "'at'", "FX_FREQ": "a period", "FX_WORD": "'fractions'", "FX_OF": "'of'", "TOTAL_POST": "'total'", "FX_SINGLE": "'single'", "BOOST": "'boost'", "BOOST_POST": "'boost'",
    "INTERVAL": "an interval", "VARIES": "a schedule range", "DIVIDED": "'divided doses'", "CYCLE_LENGTH": "a cycle length", "IN_CYCLE": "'of each cycle'", "PAUSE": "a rest", "CYCLE_COUNT": "a cycle count", "ONCE": "'once'",
}
_MAX_EXPECTED = 6
#: Lexemes the lexer marks as impossible values: the grammar has no place for them.
_REFUSED = {
    "SIGN": ("a negative amount: doses, counts and times are positive (a day before day 1 follows its day word: day -2)", "a positive number"),
    "AMBIGUOUS": (
        "a number that reads two ways (1.000: one or a thousand?; 1,00,000: digit groups of two)",
        "a number written unambiguously (1000, 1,000 or 1.0)",
    ),
    "HUGE": (f"a number with more than {MAX_DIGITS} digits", f"a number of at most {MAX_DIGITS} digits"),
    "UNITLESS": ("a dose with no unit before its fractions (Gy? cGy?)", "a dose with its unit (60 Gy in 30 fractions)"),
    "NOTATION": (
        "a number notation that is not read (6e5, 2^3, 1/3, a lone exponent)", "a plain number (600000, 0.5)",
    ),
    "POWER": ("an exponent with no 10 before it", "a power of ten written 10^6 or 10⁶"),
    "AMBIGUOUS_UNIT": ("a unit that reads two ways (mIU, mU: milli- or million units?)", "MIU (million) or IU"),
}


def parse_regimen(text: str, *, strict: bool = False, max_length: int | None = MAX_LENGTH) -> Regimen:
    """Parse a regimen string into a :class:`Regimen` of components.

    By default the parse recovers: what the grammar cannot read is kept as
    unresolved text with its span and a warning, together with the numbers
    and units glued to it (``q4-6h`` never leaves a ``6 h`` behind), and the
    result is marked :attr:`~Regimen.partial`.  ``strict=True`` refuses any
    text with such a piece instead (for validating canonical input).

    Raises :class:`RegimenParseError` (a ``ValueError``) naming the position
    and what was expected there when no dosing fact at all could be read
    (strict: when any piece could not be), or when the text is longer than
    ``max_length`` characters.
    """
    check_text("parse_regimen", text, max_length)
    with collector_paused(len(text)):
        return _parse(Source(text, tokenize(text)), recover=not strict)


def check_text(caller: str, text: str, max_length: int | None) -> None:
    """The checks every entry point makes before it reads ``text``."""
    if not isinstance(text, str):
        raise TypeError(f"{caller}() takes a str, not {type(text).__name__}")
    if max_length is not None and len(text) > max_length:
        raise RegimenParseError(
            f"the text is {len(text):,} characters long, over max_length={max_length:,}",
            text=text, position=max_length, end=len(text),
            expected=(f"at most {max_length:,} characters (pass max_length= to raise the limit)",),
        )


#: From this many characters on, an entry point pauses the cyclic garbage collector.
PAUSE_COLLECTOR_FROM = 20_000

_pause_lock = threading.Lock()
_pauses = 0  # entry points in any thread inside collector_paused() that paused it
_resume = False  # whether the collector was on when the first of them paused it


@contextmanager
def collector_paused(size: int) -> Iterator[None]:
    """Pause CPython's cyclic garbage collector while a text of ``size``
    characters (at least :data:`PAUSE_COLLECTOR_FROM`) is read.

    A long text builds hundreds of thousands of objects that all live until
    the result is returned; each full collection walks all of them again, so
    with the collector on a 10 MB text costs ~1.3x per character what 1 KB
    texts do (benchmarks/COST.md).  Reading creates no reference cycles that
    must be reclaimed early, and the collector runs again when the last
    paused reader in any thread returns (as Mercurial's ``nogc`` does for
    large manifests).  A caller that turns the collector off itself finds it
    off afterwards; one that switches it on or off from another thread while
    a long text is read may find it as this function left it.
    """
    global _pauses, _resume
    if size < PAUSE_COLLECTOR_FROM:
        yield
        return
    with _pause_lock:
        if _pauses == 0:
            _resume = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _resume:
                gc.enable()


def _parse(source: Source, *, recover: bool, resume: bool = True) -> Regimen:
    """Parse ``source``; recovering, what the grammar rejects becomes unresolved text.

    Recovery gives up on a lexeme (it becomes ``JUNK``, kept as unresolved
    text) and parses on from the checkpoint before it; see
    :mod:`regimen.recover` for which lexeme, and why the cost stays linear.
    A result that states no dosing fact (:func:`_states_a_fact`) is refused
    with the first failure met, or as "no regimen in the text".
    """
    text = source.text
    checkpoints: list[tuple[tuple[Any, ...], tuple[Any, ...]]] | None = [] if recover and resume else None  # resume=False: each round from the start (tests)
    first: RegimenParseError | None = None
    while True:
        try:
            components = assemble(parse(source, checkpoints), text)
            break
        except SyntaxFailure as exc:
            changed = give_up(source.lexemes, text, exc) if recover else None
            error = _syntax_error(exc, text)
        except Rejected as exc:
            changed = give_up_span(source.lexemes, text, exc.span.start, exc.span.end) if recover else None
            error = RegimenParseError(str(exc), text=text, position=exc.span.start, end=exc.span.end)
        first = first or error
        if changed is None:
            raise first from None
        if checkpoints is not None:
            del checkpoints[changed + 1 :]  # the stacks before the first changed lexeme stay valid
    if not any(_states_a_fact(c) for c in components):
        raise first or _no_regimen(text)
    return Regimen(components=components, text=text, warnings=tuple(source.warnings), partial=first is not None)


def _states_a_fact(component: Component) -> bool:
    """A dosing fact: any field beyond the names and unresolved text, or an
    agent the text shows is one (a known drug, regimen or modality, or a
    name with its dose): ``with radiotherapy`` states a partner; ``Hello
    world`` states nothing."""
    return component.agent_known or component.has_fields()


def _no_regimen(text: str) -> RegimenParseError:
    return RegimenParseError("no regimen in the text", text=text, position=0, expected=("an agent, a dose or a schedule",))


def parse_dose(text: str, *, strict: bool = False, max_length: int | None = MAX_LENGTH) -> Component:
    """Parse the regimen of a single agent into a :class:`Component`.

    Recovers as :func:`parse_regimen` does (``strict=True``: refuses).
    Raises :class:`RegimenParseError` if the text holds several components.
    """
    regimen = parse_regimen(text, strict=strict, max_length=max_length)
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
    if lexeme is not None and lexeme.type in _REFUSED:
        message, wanted = _REFUSED[lexeme.type]
        return RegimenParseError(message, text=text, position=lexeme.start, end=lexeme.end, expected=(wanted,))
    if lexeme is None:
        position, end, found = len(text), len(text), "end of the text"
    else:
        position, end = lexeme.start, lexeme.end
        found = repr(text[position:end])
    if not text.strip() or (lexeme is None and not exc.parsed):
        return _no_regimen(text)
    expected = _expected(exc)
    return RegimenParseError(f"unexpected {found}", text=text, position=position, end=end, expected=expected)


_UNITS = frozenset(
    {"DOSE_UNIT", "KG", "GY", "BSA", "AUC_UNIT", "MINUTE", "HOUR", "DAY", "WEEK", "MONTH", "YEAR", "CYCLE", "FRACTION", "DOSES",
     "STRENGTH"}
)


def _expected(exc: SyntaxFailure) -> tuple[str, ...]:
    names = set(exc.accepts or exc.expected)
    if len(names & _UNITS) > 2:  # after a number: say "a unit", not twelve names
        names = (names - _UNITS) | {"a unit (mg, Gy, days, cycles ...)"}
    readable = sorted({_TERMINAL_NAMES.get(name, name) for name in names})
    if len(readable) > _MAX_EXPECTED:
        return ("a dose, route, schedule or separator",)
    return tuple(readable)
