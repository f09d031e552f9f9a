"""BED and EQD2 by the linear-quadratic model.

For ``n`` fractions of ``d`` Gy and a tissue's α/β (Gy), given by the caller
(no default):

* BED = n·d·(1 + d / (α/β))  (Fowler JF. Br J Radiol 1989;62:679-694);
* EQD2 = BED / (1 + 2 / (α/β)), the total dose in 2 Gy fractions with the
  same BED (Withers HR et al. Int J Radiat Oncol Biol Phys 1983;9:1415).

An optional overall-time correction (:class:`Repopulation`) subtracts
ln 2 · (T − Tk) / (α · Tp) from the BED when the overall time T exceeds the
kick-off time Tk; every parameter is the caller's and is reported.

A fractionation needs a count and a dose per fraction; a count and a total
give the dose per fraction as total ÷ count (the model keeps it only when
exact to two decimals, so ``70 Gy in 33 fractions`` is computed here from the
total rather than refused).  Each result is one division under
:data:`~regimen.clinical.numbers.CONTEXT` (28 digits).  Results are pint quantities in Gy with
Decimal magnitudes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from regimen.clinical.errors import ClinicalError, MissingInputError
from regimen.clinical.numbers import CONTEXT, decimal, exact, magnitude, quantity
from regimen.model import Component, Fractionation, Regimen

__all__ = ["ALPHA_BETA_PRESETS", "Repopulation", "Dose2", "lq", "bed", "eqd2", "compare"]

#: α/β (Gy) by name, each with its source:
#: ``early`` 10 Gy — early-responding normal tissues and most tumours, and
#: ``late`` 3 Gy — late-responding normal tissues (Fowler JF. The
#: linear-quadratic formula and progress in fractionated radiotherapy. Br J
#: Radiol 1989;62:679-694); ``prostate`` 1.5 Gy (Brenner DJ, Hall EJ.
#: Fractionation and protraction for radiotherapy of prostate carcinoma. Int J
#: Radiat Oncol Biol Phys 1999;43:1095-1101).
ALPHA_BETA_PRESETS: dict[str, Decimal] = {"early": Decimal(10), "late": Decimal(3), "prostate": Decimal("1.5")}


@dataclass(frozen=True, slots=True, kw_only=True)
class Repopulation:
    """Overall-time correction: ``alpha`` (Gy⁻¹), ``kickoff`` Tk (days),
    ``doubling`` Tp (days), and the schedule's ``overall`` time T (days)."""

    alpha: Decimal
    kickoff: Decimal
    doubling: Decimal
    overall: Decimal

    def __post_init__(self) -> None:
        for name in ("alpha", "kickoff", "doubling", "overall"):
            value = decimal(getattr(self, name), name)
            if value < 0 or (value == 0 and name in ("alpha", "doubling")):
                raise ClinicalError(f"repopulation {name} must be positive, got {value}")
            object.__setattr__(self, name, value)

    def loss(self) -> Decimal:
        """BED lost to repopulation (Gy): ln 2 · max(0, T − Tk) / (α · Tp)."""
        days = max(Decimal(0), self.overall - self.kickoff)
        return CONTEXT.divide(Decimal(2).ln(CONTEXT) * days, self.alpha * self.doubling)


@dataclass(frozen=True, slots=True)
class Dose2:
    """One schedule's BED and EQD2 (pint quantities in Gy), with what they came from."""

    label: str
    count: int
    dose_per_fraction: object
    total: object
    alpha_beta: object
    bed: object
    eqd2: object
    repopulation: Repopulation | None = None

    def as_floats(self) -> dict[str, float]:
        return {"count": self.count, "dose_per_fraction": float(self.dose_per_fraction.magnitude),
                "total": float(self.total.magnitude), "alpha_beta": float(self.alpha_beta.magnitude),
                "bed": float(self.bed.magnitude), "eqd2": float(self.eqd2.magnitude)}


def lq(schedule, alpha_beta, *, repopulation: Repopulation | None = None, label: str | None = None) -> Dose2:
    """BED and EQD2 of ``schedule`` (a Fractionation, a Component with
    fractions, a Regimen with exactly one, or a ``(count, dose per fraction)`` pair)."""
    fractions = _fractions(schedule)
    ab = _alpha_beta(alpha_beta)
    count, total, stated = _count_and_total(fractions)
    # With d = T / n: BED = T·(T + n·α/β) / (n·α/β), EQD2 = T·(T + n·α/β) / (n·(α/β + 2));
    # one division each, so a 2 Gy schedule's EQD2 is its total exactly.
    numerator = total * (total + count * ab)
    loss = repopulation.loss() if repopulation is not None else Decimal(0)
    bed_ = CONTEXT.divide(numerator, count * ab) - loss
    eqd2_ = CONTEXT.divide(numerator - loss * count * ab, count * (ab + 2))
    dose = CONTEXT.divide(total, count)
    name = label or (f"{count} × {exact(dose)} Gy" if stated else f"{exact(total)} Gy in {count} fractions")
    gy = lambda v: quantity(exact(v), "Gy")  # noqa: E731
    return Dose2(name, count, gy(dose), gy(total), gy(ab), gy(bed_), gy(eqd2_), repopulation)


def bed(schedule, alpha_beta, **options):
    """The biologically effective dose (Gy) of ``schedule``."""
    return lq(schedule, alpha_beta, **options).bed


def eqd2(schedule, alpha_beta, **options):
    """The equivalent dose in 2 Gy fractions (Gy) of ``schedule``."""
    return lq(schedule, alpha_beta, **options).eqd2


def compare(schedules, alpha_beta, *, repopulation: dict | None = None) -> tuple[Dose2, ...]:
    """BED and EQD2 of several schedules at one α/β, in the order given.
    ``schedules``: a mapping from label to schedule, or an iterable of schedules;
    ``repopulation``: an optional mapping from label to :class:`Repopulation`."""
    items = schedules.items() if isinstance(schedules, dict) else ((None, s) for s in schedules)
    repopulation = repopulation or {}
    return tuple(lq(s, alpha_beta, label=label, repopulation=repopulation.get(label)) for label, s in items)


def _fractions(schedule) -> Fractionation:
    if isinstance(schedule, Fractionation):
        return schedule
    if isinstance(schedule, tuple) and len(schedule) == 2:
        return Fractionation(count=int(schedule[0]), dose=decimal(schedule[1], "dose per fraction"))
    if isinstance(schedule, Regimen):
        found = [c for c in schedule.components if c.fractions is not None]
        if len(found) != 1:
            raise ClinicalError(f"a regimen with {len(found)} fractionated components: give one component")
        schedule = found[0]
    if isinstance(schedule, Component):
        if schedule.fractions is None:
            raise MissingInputError(f"fractions of {schedule.agent or 'the component'}", "BED and EQD2")
        return schedule.fractions
    raise ClinicalError(f"a schedule is a Fractionation, a Component, a Regimen or (count, dose); got {schedule!r}")


def _alpha_beta(value) -> Decimal:
    if value is None:
        raise MissingInputError("alpha/beta", "BED and EQD2 (no default: give the tissue's α/β in Gy)")
    if isinstance(value, str) and value.lower() in ALPHA_BETA_PRESETS:
        return ALPHA_BETA_PRESETS[value.lower()]
    number = magnitude(value, "Gy", "alpha/beta")
    if not number > 0:
        raise ClinicalError(f"alpha/beta must be positive, got {number} Gy")
    return number


def _count_and_total(fractions: Fractionation) -> tuple[int, Decimal, bool]:
    """The count, the total, and whether the dose per fraction is stated (exact)."""
    if fractions.count is None:
        raise MissingInputError("fraction count", "BED and EQD2")
    if fractions.dose is not None:
        return fractions.count, fractions.count * fractions.dose, True
    if fractions.total is None:
        raise MissingInputError("dose per fraction or total dose", "BED and EQD2")
    return fractions.count, fractions.total, False
