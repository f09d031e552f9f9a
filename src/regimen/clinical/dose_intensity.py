"""Planned dose intensity: per administration, per cycle, per week, cumulative.

In the dose's own unit (mg/m², mg/kg, mg, AUC): the planned dose of one
cycle is the dose of one administration × the administrations of a cycle
(days × administrations a day, by :mod:`regimen.clinical.schedule`; a daily
dose split by a frequency counts once a day); the weekly intensity is that
÷ the cycle length in weeks; the cumulative dose is that × the cycles.
Without a cycle, a frequency gives the weekly intensity (dose ×
administrations a day ÷ every how many days × 7) and the cumulative dose is
over the stated doses or treatment time.

What cannot be stated is ``None`` with the reason in ``reason``: an
open-ended schedule (no cycle count, ``up to`` a count, a range of counts)
has an intensity but no cumulative dose; a single course with no cycle or
frequency has a cumulative dose but no weekly rate.  Divisions run under
:data:`~regimen.clinical.numbers.CONTEXT` (28 digits).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from regimen.clinical.dosing import own_unit
from regimen.clinical.errors import ClinicalError, UncomputableError
from regimen.clinical.numbers import CONTEXT, exact, quantity, unit_text
from regimen.clinical.schedule import (
    cycle_count, cycle_days, cycle_length, layout, refuse_alternatives, rhythm, split, unread,
)
from regimen.format import format_cycle, format_dose
from regimen.model import Component, DoseBasis, Regimen
from regimen import units

__all__ = ["Intensity", "RelativeIntensity", "intensity", "intensities", "relative_intensity"]

_WEEK = Decimal(7)


@dataclass(frozen=True, slots=True)
class Intensity:
    """The planned intensity of one component; quantities are pint quantities
    (Decimal magnitudes) in the dose's own unit, ``per_week`` per week."""

    agent: str | None
    phase: int
    per_administration: object
    administrations_per_cycle: int | None
    per_cycle: object | None
    cycle_weeks: Decimal | None
    per_week: object | None
    cycles: int | None
    weeks: Decimal | None
    cumulative: object | None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class RelativeIntensity:
    """``ratio`` = planned weekly intensity ÷ the reference's, for one agent."""

    agent: str
    ratio: Decimal
    planned: object
    reference: object


def intensity(component: Component, *, cycles: int | None = None, end: str | None = None,
              strict: bool = True) -> Intensity:
    """The planned intensity of ``component`` (see the module's rules).
    ``cycles`` states the count where the text gives none, a bound or a range;
    ``end`` (``"low"``/``"high"``) chooses an end of a dose range; ``strict``:
    text the parse could not read is refused (``False``: ignored)."""
    dose = component.dose
    unread(component, strict)
    if dose is None:
        raise ClinicalError(f"{component.agent or 'the component'} states no dose: no intensity")
    if dose.high is not None and end not in ("low", "high"):
        raise UncomputableError(f"the dose is a range ({format_dose(dose)}): choose end='low' or end='high'")
    amount = dose.high if end == "high" else dose.amount
    per_day, step = rhythm(component)
    each = split(component, amount)
    unit = own_unit(dose)
    if component.cycle is not None:
        return _cycled(component, quantity(exact(each), unit), per_day, cycles)
    return _uncycled(component, quantity(exact(each), unit), per_day, step)


def intensities(regimen: Regimen, **options) -> tuple[Intensity, ...]:
    """The intensity of each component that states a dose."""
    return tuple(intensity(c, **options) for c in regimen.components if c.dose is not None)


def _cycled(component: Component, each, per_day: int, cycles: int | None) -> Intensity:
    length = cycle_length(component.cycle)
    if length is None:
        raise UncomputableError(f"{format_cycle(component.cycle)} states no cycle length: no weekly intensity")
    count_ = len(cycle_days(component)) * per_day
    per_cycle = each * count_
    weeks = exact(CONTEXT.divide(Decimal(length), _WEEK))
    per_week = _per_week(per_cycle, weeks)
    count, _ = cycle_count(component.cycle, cycles)
    if count is None or (component.cycle.count_bound == "<=" and cycles is None):
        reason = f"open-ended: {format_cycle(component.cycle)} states no fixed number of cycles (give cycles=)"
        return Intensity(component.agent, component.phase, each, count_, per_cycle, weeks, per_week, None, None, None,
                         reason)
    total_weeks = weeks * count
    return Intensity(component.agent, component.phase, each, count_, per_cycle, weeks, per_week, count, total_weeks,
                     _exact(per_cycle * count))


def _uncycled(component: Component, each, per_day: int, step: int | None) -> Intensity:
    if step is None or component.days is not None:
        laid = layout(component)
        cumulative = _exact(each * len(laid.slots))
        reason = "a single course with no cycle or frequency has no weekly rate"
        return Intensity(component.agent, component.phase, each, None, None, None, None, None, None, cumulative, reason)
    per_week = quantity(exact(each.magnitude * CONTEXT.divide(per_day * _WEEK, Decimal(step))),
                        each.units / units.unit("week"))
    if component.doses is None and component.duration is None:
        reason = "open-ended: no number of doses or treatment time"
        return Intensity(component.agent, component.phase, each, None, None, None, per_week, None, None, None, reason)
    laid = layout(component)
    weeks = exact(CONTEXT.divide(Decimal(laid.span), _WEEK))
    return Intensity(component.agent, component.phase, each, None, None, None, per_week, None, weeks,
                     _exact(each * len(laid.slots)))


def _per_week(amount, weeks: Decimal):
    return quantity(exact(CONTEXT.divide(amount.magnitude, weeks)), amount.units / units.unit("week"))


def _exact(value):
    return quantity(exact(value.magnitude), value.units)


def relative_intensity(regimen: Regimen, reference: Regimen, **options) -> tuple[RelativeIntensity, ...]:
    """Each agent's weekly intensity in ``regimen`` ÷ its weekly intensity in
    ``reference``; an agent's components in one phase add up.  Agents must be
    in both, with doses on the same basis (mg/m² against mg/m²)."""
    refuse_alternatives(regimen.components)
    refuse_alternatives(reference.components)
    planned, ref = _by_agent(regimen, options), _by_agent(reference, options)
    missing = sorted(set(planned) ^ set(ref))
    if missing:
        raise ClinicalError(f"agents not in both regimens: {', '.join(missing)}")
    from pint import DimensionalityError

    results = []
    for agent, (basis, value) in planned.items():
        ref_basis, reference_value = ref[agent]
        if basis is not ref_basis:
            raise ClinicalError(f"{agent}: a dose {basis.value} cannot be compared with a dose {ref_basis.value}")
        try:
            ratio = CONTEXT.divide(value.to(reference_value.units).magnitude, reference_value.magnitude)
        except DimensionalityError as exc:
            raise ClinicalError(f"{agent}: {unit_text(value.units)} cannot be compared with"
                                f" {unit_text(reference_value.units)}") from exc
        results.append(RelativeIntensity(agent, exact(ratio), value, reference_value))
    return tuple(results)


def _by_agent(regimen: Regimen, options: dict) -> dict[str, tuple[DoseBasis, object]]:
    found: dict[str, tuple[int, object]] = {}
    bases = {c.agent: c.dose.basis for c in regimen.components if c.dose is not None}
    for item in intensities(regimen, **options):
        if item.per_week is None:
            raise UncomputableError(f"{item.agent}: {item.reason}")
        if item.agent in found and found[item.agent][0] != item.phase:
            raise UncomputableError(f"{item.agent} is given in several phases: compare the phases one by one")
        previous = found.get(item.agent)
        total = item.per_week if previous is None else previous[1] + item.per_week.to(previous[1].units)
        found[item.agent] = (item.phase, total)
    return {agent: (bases[agent], value) for agent, (_, value) in found.items()}
