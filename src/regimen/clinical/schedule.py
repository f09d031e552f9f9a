"""When a component's administrations fall, as day offsets (no dates, no doses).

The rules, stated once and shared by the calendar and dose intensity:

* **Administrations a day** come from the frequency: ``BID`` → 2, ``q8h`` → 3;
  a period of whole days gives one administration every that many days
  (``every other day``, ``q48h``, ``weekly`` → every 7th day).  A frequency
  that does not say which days (``3 times a week``) or a number of
  administrations that is not whole per day (``q5h``) is refused, naming it.
* **Days of a cycle** are the stated days (``D1-14``; weeks become days),
  every ``step`` days within each range; a cycle that states no days is given
  on its day 1 (one administration a cycle), unless a frequency asks for more,
  which then needs its days.  ``from day 8`` shifts every day.  Alternative
  days (``D6 or D7``) are refused: the text leaves the choice open.
* **Cycles**: the count, or ``cycles=`` from the caller; an upper bound (``up
  to 35 cycles``) lays out the maximum and says so; a range of counts, a
  lower bound, or no count needs ``cycles=`` or a horizon (or a stated
  treatment duration).  A cycle length in months has no length in days.
* **Without a cycle**: the stated days once; or a frequency for ``doses``
  administrations or for a ``duration``; or a single administration; a
  frequency with neither is open-ended and needs a horizon.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext

from regimen.clinical.errors import MissingInputError, UncomputableError
from regimen.clinical.numbers import CONTEXT
from regimen.format import format_cycle, format_days, format_frequency
from regimen.model import Component, Cycle

__all__ = ["Slot", "Layout", "rhythm", "split", "refuse_alternatives", "unread", "cycle_days", "cycle_length", "cycle_count", "layout"]

_DAY = 1440


@dataclass(frozen=True, slots=True)
class Slot:
    """One administration: ``offset`` days from the component's first day 1,
    its ``cycle`` (1-based, ``None`` without a cycle), ``day`` (of the cycle,
    or of treatment), and ``administration`` (1-based within the day)."""

    offset: int
    cycle: int | None
    day: int
    administration: int


@dataclass(frozen=True, slots=True)
class Layout:
    """The slots of a component and how many days it spans (``None``: open-ended,
    cut by the horizon); ``notes`` say what was decided (a bound's maximum)."""

    slots: tuple[Slot, ...]
    span: int | None
    notes: tuple[str, ...] = ()


def rhythm(component: Component) -> tuple[int, int | None]:
    """``(administrations a day, every how many days)`` from the frequency
    (or a dose per day); the step is ``None`` when nothing states a rhythm."""
    frequency = component.frequency
    if frequency is None:
        per = component.dose.per if component.dose is not None else None
        if per is not None and per.days != 1:
            raise UncomputableError(f"a dose per {per.value} {per.unit.value}(s) with no frequency: when is not stated")
        return (1, 1) if per is not None else (1, None)
    period = frequency.period
    if not period.exact:
        raise UncomputableError(f"frequency {format_frequency(frequency)}: a period in months has no length in days")
    minutes = period.minutes
    if minutes <= _DAY:
        per_day = frequency.times * Decimal(_DAY) / minutes
        if per_day != per_day.to_integral_value():
            raise UncomputableError(
                f"frequency {format_frequency(frequency)}: not a whole number of administrations a day")
        return int(per_day), 1
    days = minutes / _DAY
    if frequency.times != 1 or days != days.to_integral_value():
        raise UncomputableError(f"frequency {format_frequency(frequency)}: the text does not say on which days")
    return 1, int(days)


def split(component: Component, amount: Decimal) -> Decimal:
    """The amount of one administration of a dose stated per period (``mg/m²/d``
    in 2 divided doses): the amount ÷ the administrations the frequency puts in
    that period (a day: ``BID`` → 2; a week: ``QD`` → 7); as written otherwise."""
    per = component.dose.per if component.dose is not None else None
    if per is None or component.frequency is None:
        return amount
    if not per.exact:
        raise UncomputableError(f"a dose per {per.value} {per.unit.value}(s) has no length in days to split")
    per_day, step = rhythm(component)
    with localcontext(CONTEXT):
        return amount * step / (per_day * per.days)


def cycle_days(component: Component) -> tuple[int, ...]:
    """The days of one cycle (or of the treatment) on which it is given, shifted by ``start``."""
    per_day, step = rhythm(component)
    if component.cycle is not None and component.doses is not None:
        raise UncomputableError(f"{component.doses} doses and {format_cycle(component.cycle)}: whether the doses are"
                                " per cycle or in all is not stated")
    days = component.days
    shift = component.start.day - 1 if component.start is not None else 0
    if days is not None:
        if days.alternative:
            raise UncomputableError(f"days {format_days(days)} are alternatives: the text leaves the choice open")
        found = [d for first, last in days.day_ranges for d in range(first, last + 1, step or 1)]
        return tuple(d + shift for d in sorted(set(found)))
    length = cycle_length(component.cycle)
    if length is not None and step is not None:
        if step == 1:
            raise UncomputableError(f"{format_frequency(component.frequency)} within a cycle"
                                    f" ({format_cycle(component.cycle)}) needs its days")
        return tuple(d + shift for d in range(1, length + 1, step))
    return (1 + shift,)


def refuse_alternatives(components) -> None:
    """A regimen that offers alternatives (``200 mg q3w or 400 mg q6w``) is not one
    plan: laying out or adding up every component would give both."""
    if any(c.alternative for c in components):
        raise UncomputableError("the regimen gives alternatives (… or …): compute with the chosen component")


def unread(component: Component, strict: bool) -> tuple[str, ...]:
    """Text the parse kept unresolved carries dosing meaning the model has no
    field for (``as needed``, ``until progression``, ``loading dose``): a
    schedule computed without it may be wrong.  Refused when ``strict``;
    otherwise returned as notes."""
    if not component.unresolved:
        return ()
    said = ", ".join(repr(text) for text in component.unresolved)
    if strict:
        raise UncomputableError(f"{component.agent or 'a component'}: text not understood ({said}) may change the"
                                " schedule; pass strict=False to compute without it")
    return (f"not used: {said}",)


def cycle_count(cycle: Cycle, cycles: int | None) -> tuple[int | None, tuple[str, ...]]:
    """The number of cycles to lay out, and a note when it is a bound's maximum."""
    if cycles is not None:
        return cycles, (f"{cycles} cycles as asked",)
    if cycle.count is None or cycle.count_high is not None or cycle.count_bound in (">", ">=", "<"):
        return None, ()
    if cycle.count_bound == "<=":
        return cycle.count, (f"up to {cycle.count} cycles: the maximum is laid out",)
    return cycle.count, ()


def layout(component: Component, cycles: int | None = None, horizon: int | None = None) -> Layout:
    """The administrations of ``component``, cut at ``horizon`` days (see the module's rules)."""
    per_day, step = rhythm(component)
    if component.cycle is not None:
        return _cycled(component, per_day, cycles, horizon)
    days = cycle_days(component)
    if component.days is not None or step is None:
        if component.doses not in (None, 1) and component.days is None:
            raise UncomputableError(f"{component.doses} doses with no frequency or days: when is not stated")
        return _slots_once(days, per_day)
    first = days[0]
    limit = _treatment_days(component, step or 1, per_day)
    if limit is None and horizon is None:
        raise MissingInputError("horizon", "an open-ended schedule (a frequency with no doses, duration or cycle count)")
    end = first - 1 + limit if limit is not None else horizon
    slots = [Slot(d - 1, None, d, a) for d in range(first, end + 1, step or 1) for a in range(1, per_day + 1)]
    if component.doses is not None:
        slots = slots[: component.doses]
    return Layout(_cut(slots, horizon), None if limit is None else slots[-1].offset + (step or 1) if slots else 0)


def _slots_once(days: tuple[int, ...], per_day: int) -> Layout:
    """The stated days once.  Their span is not stated: in ``A d1-4 then B d5-8``
    B's days may count from A's day 1 or from B's own start, so nothing follows it."""
    slots = tuple(Slot(d - 1, None, d, a) for d in days for a in range(1, per_day + 1))
    return Layout(slots, None)


def _treatment_days(component: Component, step: int, per_day: int) -> int | None:
    """Days the treatment lasts: its duration, or what its doses take."""
    if component.duration is not None:
        if component.duration.days is None:
            raise UncomputableError("a treatment duration in months or years has no length in days")
        return int(component.duration.days.to_integral_value(rounding="ROUND_CEILING"))
    if component.doses is not None:
        return -(-component.doses // per_day) * step
    return None


def _cycled(component: Component, per_day: int, cycles: int | None, horizon: int | None) -> Layout:
    length = cycle_length(component.cycle)
    if length is None:
        raise MissingInputError("cycle length", f"laying out {format_cycle(component.cycle)}")
    days = cycle_days(component)
    count, notes = cycle_count(component.cycle, cycles)
    if count is None and component.duration is not None and component.duration.days is not None:
        count = -(-int(component.duration.days.to_integral_value(rounding="ROUND_CEILING")) // length)
        notes = (f"{count} cycles fill the stated treatment time",)
    if count is None and horizon is None:
        raise MissingInputError("cycles or horizon", f"an open-ended schedule ({format_cycle(component.cycle)})")
    count = count if count is not None else -(-horizon // length)
    slots = [Slot(k * length + d - 1, k + 1, d, a) for k in range(count) for d in days for a in range(1, per_day + 1)]
    return Layout(_cut(slots, horizon), count * length, notes)


def cycle_length(cycle: Cycle | None) -> int | None:
    """The cycle length in whole days (``None`` if not stated); months and fractions of a day are refused."""
    if cycle is None or cycle.length is None:
        return None
    if cycle.length.days is None:
        raise UncomputableError(f"cycle {format_cycle(cycle)}: a length in months has no length in days")
    days = cycle.length.days
    if days != days.to_integral_value():
        raise UncomputableError(f"cycle {format_cycle(cycle)}: not a whole number of days")
    return int(days)


def _cut(slots, horizon: int | None) -> tuple[Slot, ...]:
    return tuple(slots if horizon is None else (s for s in slots if s.offset < horizon))
