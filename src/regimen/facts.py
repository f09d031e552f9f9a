"""Facts: what the transformer makes of the grammar's rules, and their helpers.

A *fact* is one element of a component as written (``825 mg/m²``, ``D1-14``,
``× 4``) with its span; a :class:`Draft` is a component before assembly.
Values the grammar accepts but the model cannot hold raise
:class:`Rejected` with their span.  The rules' methods are in
:mod:`regimen.transform` (and :mod:`regimen.rt_rules` for radiotherapy).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from regimen.lexemes import Lexeme
from regimen.model import Duration, Span, TimeUnit

__all__ = ["Fact", "Draft", "Measure", "Rejected"]


class Rejected(Exception):
    """A value the grammar accepts but the model cannot hold."""

    def __init__(self, message: str, span: Span) -> None:
        super().__init__(message)
        self.span = span


@dataclass(frozen=True, slots=True)
class Fact:
    kind: str
    value: Any
    span: Span


@dataclass(frozen=True, slots=True)
class Measure:
    """A time quantity as written: ``60±5 min``, ``>2 h``, ``21-day``."""

    duration: Duration
    tolerance: Duration | None = None
    bound: str | None = None
    high: Duration | None = None  # 30-60 min


@dataclass(slots=True)
class Draft:
    """A component before assembly: its agent (if any) and facts in order."""

    agent: str | None
    agent_span: Span | None
    facts: list[Fact] = field(default_factory=list)
    alternative: bool = False
    juxtaposed: bool = False  # no separator before it: "4 cycles of CAPEOX"
    phase: int = 0  # how many "then" came before it in its list of parts
    known: bool = False  # the lexer had evidence the agent is a name, beyond its place (Lexeme.known)

    @property
    def span(self) -> Span:
        spans = [f.span for f in self.facts] + ([self.agent_span] if self.agent_span else [])
        return Span(min(s.start for s in spans), max(s.end for s in spans))


def _span(items) -> Span:
    start = end = None
    for item in items:
        if type(item) is Lexeme:
            first, last = item.start, item.end
        else:
            span = item.span
            first, last = span.start, span.end
        if start is None or first < start:
            start = first
        if end is None or last > end:
            end = last
    if start is None:
        raise ValueError("_span() of no items")
    return Span(start, end)


def _one_span(item) -> Span:
    if type(item) is Lexeme:
        return Span(item.start, item.end)
    return item.span


def _make(cls, span: Span, **kwargs):
    try:
        return cls(**kwargs)
    except ValueError as exc:
        raise Rejected(str(exc), span) from None


def _whole(value: Decimal, span: Span) -> int:
    if value != value.to_integral_value():
        raise Rejected(f"a count must be a whole number, got {value}", span)
    return int(value)


def _count(token: Lexeme) -> int:
    value = token.value
    if value != value.to_integral_value():
        raise Rejected(f"a count must be a whole number, got {value}", _one_span(token))
    return int(value)


def _positive(count: int, name: str, span: Span) -> int:
    """A count of cycles or fractions: refused here, where it is read, not
    later by the model, so a recovering parse gives up on it where it stands."""
    if count <= 0:
        raise Rejected(f"{name} must be positive, got {count}", span)
    return count


def _fractions(token: Lexeme, span: Span) -> int:
    return _positive(_count(token), "fraction count", span)


def _time_unit(token: Lexeme) -> TimeUnit:
    return TimeUnit(token.value)


def _period(token: Lexeme) -> Duration:
    return Duration.from_code(token.value)
