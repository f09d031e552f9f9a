"""Radiotherapy fractions: what a component states, reconciled.

A component may state its fractionation piecewise (``total dose of 25 Gy``,
``in 5 fractions``, ``of 5 Gy each``) and repeat it (``at 5Gy ... (5×5Gy)``).
:class:`Fractions` collects the statements; :meth:`Fractions.resolve` checks
they agree, places a bare Gy amount (see :func:`_resolve_bare`) and builds
the :class:`~regimen.model.Fractionation`, deriving the missing value.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

from regimen.model import Fractionation, Span

__all__ = ["Fractions", "join"]


class Builder(Protocol):
    """What fraction reconciliation needs of the component being built."""

    fields: dict
    spans: list[tuple[str, Span]]
    warnings: list[str]

    def keep_unresolved(self, span: Span, why: str) -> None: ...


class Fractions:
    """What a component states about fractions, before it is reconciled."""

    def __init__(self, builder: Builder) -> None:
        self.builder = builder
        self.stated: dict[str, Decimal | int] = {}
        self.bare: list[tuple[Decimal, Span]] = []
        self.span: Span | None = None

    def add(self, name: str, value, span: Span) -> None:
        old = self.stated.get(name)
        if old is not None and old != value:
            self.builder.keep_unresolved(span, f"fraction {name} stated twice; kept the first")
            return
        self.stated[name] = value
        self.widen(span)

    def widen(self, span: Span) -> None:
        """Count ``span`` as part of the fractionation's text (``each``)."""
        self.span = span if self.span is None else join(self.span, span)

    def resolve(self) -> Fractionation | None:
        for gray, span in self.bare:
            _resolve_bare(self, gray, span)
        if not self.stated:
            return None
        self.builder.spans.append(("fractions", self.span))
        result = Fractionation.from_stated(**self.stated)
        if not result.consistent:
            self.builder.warnings.append(
                f"{result.count} fractions × {result.dose} Gy is not the stated total of {result.total} Gy"
            )
        return result


def _resolve_bare(rt: Fractions, gray: Decimal, span: Span) -> None:
    """A Gy amount with nothing beside it to say whether it is per fraction.

    Agreeing with a stated dose or total, it is that; with a total stated it
    is the dose, with a dose stated the total.  Otherwise a stated frequency
    (``once daily at 5 Gy``) makes it the dose of each fraction, and its
    absence the total; both are flagged as readings, not facts.
    """
    dose, total = rt.stated.get("dose"), rt.stated.get("total")
    if gray in (dose, total):
        rt.widen(span)
        return
    if total is not None and dose is None:
        rt.add("dose", gray, span)
    elif dose is not None and total is None:
        rt.add("total", gray, span)
    elif "frequency" in rt.builder.fields:
        rt.add("dose", gray, span)
        rt.builder.warnings.append(f"{gray} Gy read as the dose per fraction (a frequency is stated)")
    else:
        rt.add("total", gray, span)
        rt.builder.warnings.append(f"{gray} Gy read as the total dose (nothing says per fraction)")


def join(a: Span, b: Span) -> Span:
    """The smallest span covering both."""
    return Span(min(a.start, b.start), max(a.end, b.end))
