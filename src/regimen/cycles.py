"""Treatment time within a cycle: the last step of assembly.

A component's cycle may be its own or reach it from a schedule shared by
several components (:mod:`regimen.assemble`), so what a treatment time
means is decided here, once every component has its cycle:

* ``for 14 days`` in a cyclic regimen (a cycle length is stated) is days
  1-14 of every cycle, not a total span (GOLD_SCHEMA); only when the time
  fits in the cycle: ``q3w for 24 weeks`` stays a treatment duration;
* ``40 mg daily for 4 days on D1-D4, D9-D12`` restates the length of each
  block of days: the days say it all;
* ``every 3 weeks for 4 cycles (12 weeks)``: the course's whole time,
  restated, adds nothing;
* a time the text calls a total (``for a total of 28 days``, which the
  formatter writes for a component with days or a cycle) stays one.

The time's text becomes the days' text.
"""

from __future__ import annotations

from dataclasses import replace

from regimen import preprocess
from regimen.model import Component, DayRange, Days, TimeUnit
from regimen.vocab import lexicon

__all__ = ["within_cycle"]


def within_cycle(component: Component, text: str) -> Component:
    """``component`` with a treatment time that falls within its cycle read
    as the days of that cycle."""
    count = _whole_days(component)
    span = component.span("duration")
    if count is None or span is None or _called_total(text[span.start : span.end]):
        return component
    if component.days is not None:
        ranges = component.days.day_ranges
        if component.days.alternative or any(last - first + 1 != count for first, last in ranges):
            return component
        return _as_days(component, component.days)  # each block lasts the time: a restatement
    cycle = component.cycle
    length = _shortest_days(cycle.length) if cycle is not None and cycle.length is not None else None
    if length is not None and cycle.count is not None and count == length * cycle.count and cycle.length.exact:
        return _restated(component)  # every 3 weeks for 4 cycles (12 weeks)
    if length is None or count > length:
        return component
    return _as_days(component, Days(ranges=(DayRange(first=1, last=count),)))


#: The fewest days a month has: a time that fits in it fits in a month's cycle.
_MONTH_DAYS = 28


def _shortest_days(length) -> int | None:
    if length.exact:
        days = length.days
        return int(days) if days == days.to_integral_value() else None
    return int(length.value * _MONTH_DAYS) if length.unit is TimeUnit.MONTH else None


def _restated(component: Component) -> Component:
    """The course's whole time (count × length), said again: the cycle's text."""
    spans = tuple(("cycle" if name == "duration" else name, span) for name, span in component.spans)
    return replace(component, duration=None, spans=spans)


def _whole_days(component: Component) -> int | None:
    duration = component.duration
    if duration is None or duration.unit not in (TimeUnit.DAY, TimeUnit.WEEK):
        return None
    days = duration.days
    return int(days) if days == days.to_integral_value() else None


def _called_total(words: str) -> bool:
    """Does the time's text open with a total (``a total of``, ``共``)?"""
    norms = preprocess.norms(words)
    for size, phrases in lexicon().candidates(norms[0]) if norms else ():
        entry = phrases.get(tuple(norms[:size]))
        if entry is not None:
            return entry.terminal == "TOTAL"
    return False


def _as_days(component: Component, days: Days) -> Component:
    spans = tuple(("days" if name == "duration" else name, span) for name, span in component.spans)
    return replace(component, duration=None, days=days, spans=spans)
