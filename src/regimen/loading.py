"""A loading dose stated beside the maintenance dose is a phase of its own.

GOLD_SCHEMA: successive phases of one drug (a loading dose, then a
maintenance dose) are separate components, and the agent named once is
carried onto each.  Texts often state the loading dose after the dose it
precedes, in a bracket or a trailing clause: ``trastuzumab 6 mg/kg [8 mg/kg
loading dose] IV q3w``, ``2 mg/kg weekly (day 1 loading dose of 4 mg/kg)``,
``2 mg/kg weekly following a 4 mg/kg loading dose on day 1``.  A named part
holding two doses, one of them beside the words ``loading dose``, is split:
the loading dose with what is stated with it (its days) becomes a part of
its own, which takes the agent (:func:`regimen.combine.carry_agents`) and
the route the text states once; the schedule (frequency, cycle) stays the
maintenance dose's (:func:`regimen.combine._takes_cycle`)."""

from __future__ import annotations

from dataclasses import replace

from regimen.facts import Draft, Fact

__all__ = ["loading_phases"]


def loading_phases(drafts: list[Draft]) -> list[Draft]:
    """Each named part with a loading dose beside its maintenance dose, as two parts."""
    out: list[Draft] = []
    for draft in drafts:
        out.extend(_split(draft) if draft.agent is not None else [draft])
    return out


def _split(draft: Draft) -> list[Draft]:
    facts, bracket = _flat(draft.facts)
    doses = [i for i, f in enumerate(facts) if f.kind == "dose"]
    marks = [i for i, f in enumerate(facts) if f.kind == "loading"]
    if len(doses) != 2 or len(marks) != 1:
        return [draft]
    mark = marks[0]
    dose = _loading_dose(mark, doses)
    if dose is None:
        return [draft]
    start = min(mark, dose)
    end = bracket[1] if bracket is not None and bracket[0] <= start < bracket[1] else len(facts)
    if bracket is not None and bracket[0] <= start and not any(bracket[0] <= i < start for i in doses):
        start = bracket[0]  # (day 1 loading dose of 4 mg/kg): the whole bracket is the loading dose's
    if any(start <= i < end for i in doses if i != dose):
        return [draft]  # the maintenance dose inside the loading dose's stretch: no clear split
    group, rest = facts[start:end], facts[:start] + facts[end:]
    routes = [f for f in rest if f.kind == "route"]
    if not any(f.kind == "route" for f in group) and len(routes) == 1:
        group = [*group, routes[0]]  # IV trastuzumab (2 mg/kg weekly following a 4 mg/kg loading dose)
    return [replace(draft, facts=rest), Draft(None, None, facts=group, phase=draft.phase)]


def _loading_dose(mark: int, doses: list[int]) -> int | None:
    """The dose the words ``loading dose`` name: right before them (``8 mg/kg
    loading dose``), else the first after them (``a loading dose of 4 mg/kg``)."""
    if mark - 1 in doses:
        return mark - 1
    return next((i for i in doses if i > mark), None)


def _flat(facts: list[Fact]) -> tuple[list[Fact], tuple[int, int] | None]:
    """The part's facts with a bracket of one agentless part that holds the
    loading words opened in place, and where that bracket's facts lie."""
    out: list[Fact] = []
    bracket = None
    for fact in facts:
        inner = fact.value if fact.kind == "paren" else None
        if inner and len(inner) == 1 and inner[0].agent is None and any(f.kind == "loading" for f in inner[0].facts):
            bracket = (len(out), len(out) + len(inner[0].facts))
            out.extend(inner[0].facts)
        else:
            out.append(fact)
    return out, bracket
