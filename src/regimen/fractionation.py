"""Radiotherapy fractions: what a component states, reconciled.

A component may state its fractionation piecewise (``total dose of 25 Gy``,
``in 5 fractions``, ``of 5 Gy each``) and repeat it (``at 5Gy ... (5×5Gy)``).
:class:`Fractions` collects the statements; :meth:`Fractions.resolve` checks
they agree, places a bare Gy amount (see :func:`_resolve_bare`) and builds
the :class:`~regimen.model.Fractionation`, deriving the missing value.

Two invariants hold whatever the text says: a dose per fraction never
exceeds the total (a reading that would make it so is refused, kept as
unresolved text), and nothing is guessed beside text the parse could not
read (a bare Gy amount next to such text stays unresolved).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

from regimen.model import Fractionation, Span, TimeUnit

__all__ = ["Fractions", "join", "RBE"]

#: The unit name (units.txt, pint_units.txt) of an RBE-weighted dose.
RBE = "GyRBE"


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
        self.bare: list[tuple[Decimal, Span, bool]] = []  # (Gy, span, text not understood beside it)
        self.span: Span | None = None
        self.rbe = False  # a dose is written in Gy(RBE)

    def add(self, name: str, value, span: Span) -> None:
        old = self.stated.get(name)
        if old is not None and old != value:
            self.builder.keep_unresolved(span, f"fraction {name} stated twice; kept the first")
            return
        self.stated[name] = value
        self.widen(span)

    def unit(self, name: str) -> None:
        """Note the unit a Gy amount was written in (``GyRBE``: RBE-weighted)."""
        self.rbe = self.rbe or name == RBE

    def widen(self, span: Span) -> None:
        """Count ``span`` as part of the fractionation's text (``each``)."""
        self.span = span if self.span is None else join(self.span, span)

    def resolve(self) -> Fractionation | None:
        for gray, span, cut in self.bare:
            _resolve_bare(self, gray, span, cut)
        if not self.stated:
            return None
        dose, total = self.stated.get("dose"), self.stated.get("total")
        if None not in (dose, total) and dose > total:
            self.builder.keep_unresolved(self.span, f"a dose per fraction of {dose} Gy above the total of {total} Gy")
            return None
        result = Fractionation.from_stated(**self.stated, rbe=self.rbe)
        self.builder.spans.append(("fractions", self.span))
        if result.rbe:
            self.builder.warnings.append(
                "an RBE-weighted dose, Gy(RBE): read as Gy as written (the schema has no key for the weighting)"
            )
        if not result.consistent:
            self.builder.warnings.append(
                f"{result.count} fractions × {result.dose} Gy is not the stated total of {result.total} Gy"
            )
        return result


def _resolve_bare(rt: Fractions, gray: Decimal, span: Span, cut: bool) -> None:
    """A Gy amount with nothing beside it to say whether it is per fraction.

    Agreeing with a stated dose or total, it is that; with a total stated it
    is the dose, with a dose stated the total.  Otherwise a stated frequency
    (``once daily at 5 Gy``) makes it the dose of each fraction, and its
    absence the total; both are flagged as readings, not facts.  Beside
    text the parse could not read (``cut``), only agreement places it: the
    cut text may have been what said which it is (``45 Gy in 30 ...
    fractions`` with the count cut away).  A Gy amount given on several
    listed days is the dose of each (``at 6 Gy on days 1, 3 and 5``).
    """
    dose, total, count = rt.stated.get("dose"), rt.stated.get("total"), rt.stated.get("count")
    if gray in (dose, total):
        rt.widen(span)
        return
    if dose is None and None not in (total, count) and gray * count == total:
        rt.add("dose", gray, span)  # 60 Gy in 30 fractions ... 2 Gy: the dose the two others give
        return
    if cut:
        rt.builder.keep_unresolved(span, f"{gray} Gy beside text not understood: per fraction or total?")
        return
    if dose is None and _listed_days(rt.builder.fields.get("days")):
        rt.add("dose", gray, span)
        rt.builder.warnings.append(f"{gray} Gy read as the dose of each listed day")
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


def _listed_days(days) -> bool:
    """Several single days, all given (``on days 1, 3 and 5``; not ``days 1-5``)."""
    if days is None or days.alternative or days.unit is not TimeUnit.DAY or len(days.day_ranges) < 2:
        return False
    return all(first == last for first, last in days.day_ranges)


def join(a: Span, b: Span) -> Span:
    """The smallest span covering both."""
    return Span(min(a.start, b.start), max(a.end, b.end))
