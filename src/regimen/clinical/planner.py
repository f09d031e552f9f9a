"""A regimen's administrations as dated events: a list, a DataFrame, an iCalendar file.

Each component is laid out by :mod:`regimen.clinical.schedule`.  Successive
phases (``component.phase``: ``... then ...``) follow one another: phase
``n + 1`` starts the day after phase ``n`` ends, its length the longest span
of its components (cycles × cycle length, a treatment time, or the days its
doses take).  A phase that states no length (a single loading dose, or days
with no cycle: in ``A d1-4 then B d5-8`` B's days may count from A's day 1)
cannot be followed by a later phase, and an open-ended phase (cut by the
horizon) neither: both are refused, naming the phase.  Alternatives (``A or B``) are
refused: the caller lays out the chosen component.  Components in the same phase
start together.  A component that states no dose (``with radiotherapy``, a
bare fractionation) has no administrations to place and is listed in
``skipped`` with the reason.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from itertools import groupby

from regimen.clinical.dosing import PatientDose, dose_for, own_unit
from regimen.clinical.errors import ClinicalError, UncomputableError
from regimen.clinical.numbers import exact, quantity, text, unit_text
from regimen.clinical.patient import Patient
from regimen.clinical.schedule import Layout, layout, refuse_alternatives, rhythm, split, unread
from regimen.format import format_dose
from regimen.model import Component, Regimen

__all__ = ["Event", "Calendar", "calendar"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """One administration: its ``date``, ``phase``, ``cycle`` (1-based or
    ``None``), ``day`` of the cycle (or of the treatment), ``administration``
    (1-based within the day, of ``per_day``), the agent, the dose of this
    administration as a pint quantity (absolute with a patient, else in the
    dose's own unit per m², per kg, or AUC), and the route."""

    date: date
    phase: int
    cycle: int | None
    day: int
    administration: int
    per_day: int
    agent: str | None
    dose: object
    route: str | None

    @property
    def dose_text(self) -> str:
        return text(self.dose)


@dataclass(frozen=True, slots=True)
class Calendar:
    """The events in date order; ``doses``: the patient dose of each laid-out
    component (with provenance); ``notes``: what was decided; ``skipped``:
    ``(agent, reason)`` of components with nothing to place."""

    events: tuple[Event, ...]
    start: date
    doses: tuple[PatientDose, ...] = ()
    notes: tuple[str, ...] = ()
    skipped: tuple[tuple[str | None, str], ...] = ()

    def to_frame(self, *, floats: bool = False):
        """A pandas DataFrame, one row an event; magnitudes stay Decimal unless ``floats``."""
        import pandas as pd

        rows = [{
            "date": e.date, "phase": e.phase, "cycle": e.cycle, "day": e.day, "administration": e.administration,
            "per_day": e.per_day, "agent": e.agent, "dose": float(e.dose.magnitude) if floats else e.dose.magnitude,
            "unit": unit_text(e.dose.units), "route": e.route,
        } for e in self.events]
        columns = ["date", "phase", "cycle", "day", "administration", "per_day", "agent", "dose", "unit", "route"]
        frame = pd.DataFrame(rows, columns=columns)
        frame["cycle"] = frame["cycle"].astype("Int64")
        return frame

    def to_ical(self, *, stamp: datetime | None = None, name: str = "regimen") -> bytes:
        """An iCalendar (RFC 5545) file: one all-day event per administration.

        UIDs are derived from the event's content, so the same plan gives the
        same file; ``stamp`` (DTSTAMP) defaults to now, in UTC."""
        import icalendar

        cal = icalendar.Calendar()
        cal.add("prodid", "-//regimen//clinical calendar//EN")
        cal.add("version", "2.0")
        cal.add("x-wr-calname", name)
        stamp = stamp or datetime.now(timezone.utc)
        for event in self.events:
            cal.add_component(_vevent(event, stamp))
        return cal.to_ical()


def _vevent(event: Event, stamp: datetime):
    import icalendar

    where = f"cycle {event.cycle}, day {event.day}" if event.cycle else f"day {event.day}"
    which = f", dose {event.administration} of {event.per_day} that day" if event.per_day > 1 else ""
    summary = f"{event.agent or 'dose'} {event.dose_text}" + (f" {event.route}" if event.route else "")
    vevent = icalendar.Event()
    key = f"{event.date}|{event.phase}|{where}|{event.administration}|{event.agent}|{event.dose_text}"
    vevent.add("uid", f"{uuid.uuid5(uuid.NAMESPACE_URL, key)}@regimen")
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", event.date)
    vevent.add("dtend", event.date + timedelta(days=1))
    vevent.add("summary", summary)
    vevent.add("description", f"{where}{which}; phase {event.phase + 1}")
    return vevent


def calendar(
    regimen: Regimen | Component, start: date, *, patient: Patient | None = None, cycles: int | None = None,
    horizon: date | int | None = None, strict: bool = True, **dosing,
) -> Calendar:
    """The administrations of ``regimen`` from ``start`` (day 1 of the first phase).

    ``patient``: doses are absolute (``dosing`` options go to
    :func:`~regimen.clinical.dosing.dose_for`); without one, doses stay in
    their own unit.  ``cycles``: how many cycles to lay out where the text
    gives a range, a lower bound or no count.  ``horizon``: a date (exclusive)
    or a number of days; events from then on are cut, and an open-ended
    schedule needs it.  ``strict``: a component with text the parse could not
    read is refused (``strict=False``: laid out without it, with a note).
    """
    components = (regimen,) if isinstance(regimen, Component) else regimen.components
    refuse_alternatives(components)
    limit = _horizon(start, horizon)
    events, doses, notes, skipped = [], [], [], []
    offset = 0
    phases = [(p, list(group)) for p, group in groupby(sorted(components, key=lambda c: c.phase), lambda c: c.phase)]
    for index, (phase, members) in enumerate(phases):
        if limit is not None and offset >= limit:
            break
        spans = []
        for component in members:
            if component.dose is None:
                skipped.append((component.agent, "no dose to administer" + (
                    " (fractions: see regimen.clinical.radiobiology)" if component.fractions else "")))
                continue
            unused = unread(component, strict)
            laid = layout(component, cycles, None if limit is None else limit - offset)
            amount, dose = _administered(component, patient, dosing)
            doses += [dose] if dose else []
            notes += [f"{component.agent}: {note}" for note in (*unused, *laid.notes)]
            events += _events(component, laid, start, offset, amount)
            spans.append(laid.span)
        offset = _next_phase(phase, spans, offset, index == len(phases) - 1)
    events.sort(key=lambda e: (e.date, e.phase, e.administration))
    return Calendar(tuple(events), start, tuple(doses), tuple(notes), tuple(skipped))


def _horizon(start: date, horizon: date | int | None) -> int | None:
    if horizon is None:
        return None
    days = (horizon - start).days if isinstance(horizon, date) else int(horizon)
    if days <= 0:
        raise ClinicalError(f"the horizon must come after the start, got {horizon}")
    return days


def _next_phase(phase: int, spans: list[int | None], offset: int, last: bool) -> int:
    if last:
        return offset
    if not spans or None in spans:
        raise UncomputableError(
            f"phase {phase + 1} has no stated end (open-ended, or days or a dose with no cycle count, treatment time"
            " or number of doses), so the next phase cannot be placed")
    return offset + max(spans)


def _administered(component: Component, patient: Patient | None, dosing: dict):
    """The dose of one administration (a daily dose split by the frequency), and the patient dose."""
    dose = component.dose
    if dose.high is not None and "end" not in dosing:
        raise UncomputableError(f"{component.agent}: the dose is a range ({format_dose(dose)}); choose end='low' or 'high'")
    if patient is not None:
        computed = dose_for(component, patient, **dosing)
        amount = computed.amount
    else:
        computed = None
        amount = quantity(dose.high if dosing.get("end") == "high" and dose.high else dose.amount, own_unit(dose))
    amount = quantity(exact(split(component, amount.magnitude)), amount.units)
    return amount, computed


def _events(component: Component, laid: Layout, start: date, offset: int, amount) -> list[Event]:
    per_day, _ = rhythm(component)
    route = component.route.value if component.route else None
    return [Event(date=start + timedelta(days=offset + slot.offset), phase=component.phase, cycle=slot.cycle,
                  day=slot.day, administration=slot.administration, per_day=per_day, agent=component.agent,
                  dose=amount, route=route) for slot in laid.slots]
