"""How the components of one list share what is stated once.

A list of components (the parts of a regimen, or the parts inside a named
regimen's brackets) falls into *groups*: a later phase (after ``then`` or
``followed by``) or an alternative (after ``or``) starts a new group.  In a
group, given together:

* a part that names no agent and states only the schedule of the whole
  (``A ...; B ...; q3w``) applies to the members it closes, or, leading, to
  those it opens (:func:`_spread`);
* the cycle (length, count) and the total duration that goes with it,
  stated by one member, is every member's that states none
  (``A 75 mg/m2 and B 600 mg/m2, every 3 weeks for 6 cycles``), unless the
  members state cycles that disagree; radiotherapy neither gives nor takes
  a drug's cycle, and a member dosed continuously on its own frequency
  (``A 500 mg qd, B 80 mg/m2 d1, 8, 15 q4w``: A daily, on no cycle days)
  takes none (:func:`_share_cycle`);
* what the first member states before its name (``Day 1: A ... + B ...``,
  ``twice a week for A and B``) is the whole list's (:func:`_share_leading`);
* members that state only their dose take the route, days and infusion
  time of the member that closes them (``A 75 mg/m2 + B 600 mg/m2 IV on
  day 1``), when that is one administration a day of the cycle
  (:func:`_share_trailing`).

Other drugs ``followed by`` in a group that states the cycle are given in
the same cycles, when the group before states none (:func:`_in_sequence`).

Across groups, an alternative or a later phase that names no agent is the
agent's named before it (``200 mg q3w or 400 mg q6w``, ``4 mg/kg loading,
then 2 mg/kg weekly``) (:func:`carry_agents`).  A value is only ever filled
in where a member states none; a member's own value is never replaced.
"""

from __future__ import annotations

from dataclasses import replace

from regimen.coordinated import bare_drug, share_coordinated
from regimen.model import Component, Cycle, Span

__all__ = ["combine", "carry_agents", "inherit", "named_as", "overridden", "share_route_alternatives"]

_INHERITED = ("route", "frequency", "days", "start", "duration", "doses", "infusion", "dose", "max_dose", "fractions")
_SCHEDULE_FIELDS = ("cycle", "duration", "start")
_OTHER_FIELDS = ("dose", "max_dose", "route", "frequency", "days", "doses", "infusion", "fractions", "unresolved")
#: What a first member's leading facts may give the rest of its list
#: (``Day 1: A + B``); a frequency or route only as a heading (``twice a
#: week for A and B``, ``weekly: A, B``, ``intraperitoneal administration:
#: A plus B``), never a route written on the name (``oral A and B``: A's).
_LEADING = ("days", "start", "frequency", "route")
_HEADED = ("frequency", "route")


def combine(components: list[Component], text: str) -> list[Component]:
    """``components`` with what each group states once shared by its members."""
    groups = [
        _share_cycle(_share_trailing(_share_leading(share_coordinated(_spread(group, text), text), text), text), text)
        for group in _groups(components)
    ]
    for i in range(len(groups) - 2, -1, -1):
        groups[i] = _in_sequence(groups[i], groups[i + 1], text)
    return [c for group in groups for c in group]


def _in_sequence(group: list[Component], after: list[Component], text: str) -> list[Component]:
    """``A 1 mg/kg over 30 min, followed by B 3 mg/kg over 90 min, every 3
    weeks for 4 doses``: other drugs given after the first in each cycle.
    A group that states no cycle, followed (``then``, ``followed by``, not
    ``or``) by other agents with one, shares theirs."""
    if not after or after[0].alternative or after[0].phase != group[-1].phase + 1:
        return group
    if any(c.cycle is not None for c in group) or not any(_takes_cycle(c) for c in group):
        return group
    if any(c.agent is None for c in after) or {c.agent for c in group} & {c.agent for c in after}:
        return group  # the same drug again (named or not): a later phase of it, not a sequence of drugs
    joined = _share_cycle([*group, *after], text)
    return joined[: len(group)] if joined[len(group):] == after else group


def _groups(components: list[Component]) -> list[list[Component]]:
    groups: list[list[Component]] = []
    for component in components:
        if not groups or component.alternative or component.phase != groups[-1][-1].phase:
            groups.append([])
        groups[-1].append(component)
    return groups


# --- one member's cycle, the group's ------------------------------------------


def _share_cycle(group: list[Component], text: str) -> list[Component]:
    members = _members(group)
    stated = [c for c in members if c.cycle is not None and not _bracketed(c, "cycle", text)]
    if len(members) < 2 or not stated:
        return group
    lengths = {c.cycle.length for c in stated if c.cycle.length is not None}
    counts = {(c.cycle.count, c.cycle.count_high, c.cycle.count_bound) for c in stated if c.cycle.count is not None}
    if len(lengths) > 1 or len(counts) > 1:
        return group  # the members' cycles disagree: each keeps its own
    length = next(iter(lengths), None)
    count, high, bound = next(iter(counts), (None, None, None))
    shared = Cycle(length=length, count=count, count_high=high, count_bound=bound)
    spans = tuple(("cycle", span) for c in stated for name, span in c.spans if name == "cycle")
    durations = {c.duration for c in stated if c.duration is not None}
    duration = next(iter(durations)) if len(durations) == 1 else None
    duration_spans = tuple(("duration", s) for c in stated for n, s in c.spans if n == "duration") if duration else ()
    out = []
    for c in group:
        # a member that states the cycle itself states its own duration (or none)
        if c not in members or _continuous(c, shared) or c.cycle == shared:
            out.append(c)
            continue
        changes: dict = {"cycle": _filled(c.cycle, shared), "spans": c.spans + tuple(s for s in spans if s not in c.spans)}
        if duration is not None and c.duration is None and c.cycle is None and (c.days is None or _whole_course(duration, length)):
            changes["duration"] = duration
            changes["spans"] += duration_spans
        out.append(replace(c, **changes))
    return out


def _whole_course(duration, length) -> bool:
    """A time longer than the cycle is the whole course's (every 3 weeks for 24
    weeks); a shorter one is the days of each cycle (for 5 days), and does not
    reach a member that states its own days (oxaliplatin on day 1, beside
    capecitabine for 14 days in a 3-week cycle)."""
    days, cycle_days = duration.days, length.days if length is not None else None
    return days is None or cycle_days is None or days > cycle_days


def _filled(own: Cycle | None, shared: Cycle) -> Cycle:
    """A member's own cycle with what it leaves unsaid taken from the shared one
    (``... of each cycle (up to 57 cycles)`` keeps its count, takes the length)."""
    if own is None:
        return shared
    if own.count is None:
        return replace(own, count=shared.count, count_bound=shared.count_bound, count_high=shared.count_high, length=own.length or shared.length)
    return replace(own, length=own.length or shared.length)


#: What a member states of its own administration, to share a schedule in.
_OWN = ("dose", "max_dose", "route", "frequency", "days", "infusion")


def _takes_cycle(component: Component) -> bool:
    """A drug member of the group: it states something of its own
    administration (a partner named without details, ``+ CapeOX``, stays a
    bare name), and is not radiotherapy."""
    if any(name == "loading" for name, _ in component.spans):
        return False  # a loading dose: a phase before the cycles (regimen.loading)
    return component.fractions is None and any(getattr(component, name) is not None for name in _OWN)


def _members(group: list[Component]) -> list[Component]:
    """The drug members of ``group`` (:func:`_takes_cycle`); and ``A and B
    every 3 weeks for 6 cycles``: drugs named without details before the
    last member that states a cycle are listed with it, and it and they
    take the cycle (GOLD_SCHEMA: a schedule stated once for a combination);
    a bare name after it (``A q3w + CapeOX``), or radiotherapy, stays bare."""
    closing = max((i for i, c in enumerate(group) if c.cycle is not None and c.fractions is None and c.agent), default=-1)
    listed = [i for i, c in enumerate(group[: max(closing, 0)]) if bare_drug(c) or _cycle_only(c)]
    return [c for i, c in enumerate(group) if _takes_cycle(c) or (listed and (i in listed or i == closing))]


def _cycle_only(component: Component) -> bool:
    """A drug whose only administration fact is a cycle (``A and B every 3
    weeks for 6 cycles`` once :func:`share_coordinated` gave A B's)."""
    return component.cycle is not None and not _takes_cycle(component) and bare_drug(replace(component, cycle=None))


def _continuous(component: Component, shared: Cycle) -> bool:
    """Dosed on its own frequency and on no days of a cycle (``A 500 mg
    once daily``, ``B 2 mg/kg weekly for 24 weeks``): its schedule is its
    own, and a partner's cycle does not bound it.  A course shorter than
    the cycle (``A bid x 14 days`` beside ``B ... each 21-day cycle``) is
    the days of each cycle it is given on, not continuous."""
    if component.frequency is None or component.days is not None or component.cycle is not None:
        return False
    course, length = component.duration, shared.length
    shorter = None not in (course, length) and None not in (course.days, length.days) and course.days < length.days
    return not shorter


def _bracketed(component: Component, name: str, text: str) -> bool:
    """Is ``name`` stated inside a bracket opened right after the agent
    (``CapeOX (total 6 cycles)``: the named one's own, not the list's)?  A
    bracket that closes the part after its facts (``B 500 mg on day 1 of
    each cycle (up to 57 cycles)``) speaks for the list."""
    agent = component.span("agent")
    field = component.span(name)
    if agent is None or field is None or field.start < agent.end:
        return False
    between = text[agent.end : field.start]
    depth, opened = 0, None
    for i, char in enumerate(between):
        if char in "([（":
            depth, opened = depth + 1, i if depth == 0 else opened
        elif char in ")]）" and depth:
            depth -= 1
    return depth > 0 and opened is not None and not between[:opened].strip()


# --- what the first member states before its name ------------------------------


def _heading(component: Component, name: str, agent: Span, text: str) -> bool:
    """Is ``name`` stated as a heading of what follows (``... for A``, ``...: A``)?"""
    end = max(span.end for key, span in component.spans if key == name)
    between = text[end : agent.start].lower()
    return ":" in between or "for" in between.split()


def _share_leading(group: list[Component], text: str) -> list[Component]:
    first = group[0]
    agent = first.span("agent")
    if len(group) < 2 or agent is None:
        return group
    leading = [name for name in _LEADING if getattr(first, name) is not None
               and all(span.end <= agent.start for key, span in first.spans if key == name)
               and (name not in _HEADED or _heading(first, name, agent, text))]
    if not leading:
        return group
    out = [first]
    for c in group[1:]:
        takes = _takes_cycle(c) or bare_drug(c)  # twice a week for A and B: B named bare takes the heading too
        given = {name: getattr(first, name) for name in leading if getattr(c, name) is None and takes}
        spans = tuple((key, span) for key, span in first.spans if key in given)
        out.append(replace(c, spans=c.spans + spans, **given) if given else c)
    return out


# --- what the member closing a run of bare doses states ---------------------------

_TRAILING = ("route", "days")  # not an infusion time: how long one drug runs is its own


def _share_trailing(group: list[Component], text: str) -> list[Component]:
    """``A 75 mg/m2 + B 600 mg/m2 IV every 2 weeks``, ``A 60 mg/m2 with B
    600 mg/m2 IV bolus on Day 1 of every 3 weeks``: members that state
    nothing but their dose (and the same route), right before a member that states how it is
    given, are given so too.  Not when that member's schedule is its own
    course: a frequency (``B 1000 mg/m2 bid d1-14``), a daily dose, a
    continuous infusion, a run of days (``d1-4``), or the mouth; nor what
    it states inside its own brackets (``B (2600 mg/m2, 24 h infusion)``)."""
    out = list(group)
    for i in range(len(out) - 1, 0, -1):
        giver = out[i]
        if not _gives(giver):
            continue
        j = i - 1
        while j >= 0 and _bare_dose(out[j], giver):
            given = {name: getattr(giver, name) for name in _TRAILING if getattr(giver, name) is not None
                     and getattr(out[j], name) is None and not _bracketed(giver, name, text)}
            spans = tuple((key, span) for key, span in giver.spans if key in given)
            out[j] = replace(out[j], spans=out[j].spans + spans, **given)
            j -= 1
    return out


def _bare_dose(component: Component, giver: Component) -> bool:
    """A member that states its dose and at most the giver's own route
    (not its own cycle: ``A 200 mg q3w + B 100 mg/m2 d1, 8, 15``)."""
    return component.agent is not None and component.dose is not None and component.route in (None, giver.route) and all(
        getattr(component, name) is None for name in ("frequency", "days", "infusion", "duration", "doses", "fractions", "start", "cycle"))


def _gives(component: Component) -> bool:
    if component.dose is None or component.frequency is not None or component.fractions is not None:
        return False
    if component.dose.per is not None or (component.infusion is not None and component.infusion.continuous):
        return False
    if component.days is not None and any(r.first != r.last for r in component.days.ranges):
        return False
    if component.route is not None and component.route.value == "oral":
        return False
    return any(getattr(component, name) is not None for name in _TRAILING)


# --- agents named once ------------------------------------------------------------


def carry_agents(components: list[Component]) -> list[Component]:
    """An alternative or a later phase that names no agent but states a
    dose or schedule, or any part that names none but states a dose (``A
    125 mg day 1 and 80 mg days 2-3``), is the agent's named last before it;
    a further dose in the same phase that states no route (not an alternative) is given by the
    same route (``IV, 10 mg/kg days -2 to 4 and 1 mg/kg days 5 to 9``)."""
    out: list[Component] = []
    named: Component | None = None
    for c in components:
        later = out and (c.alternative or c.phase > out[-1].phase or c.dose is not None)
        if later and c.agent is None and named is not None and c.has_fields() and c.fractions is None:
            c = named_as(c, named)
            if c.route is None and named.route is not None and c.dose is not None and not c.alternative and c.phase == named.phase:
                c = replace(c, route=named.route, spans=c.spans + tuple(s for s in named.spans if s[0] == "route"))
        if c.agent is not None and not c.agent_derived:
            named = c
        out.append(c)
    return out


def named_as(part: Component, named: Component) -> Component:
    """``part`` given the agent of ``named``, with the span where it is written."""
    written = tuple(("agent", span) for key, span in named.spans if key == "agent")
    return replace(part, agent=named.agent, agent_known=named.agent_known, spans=written + part.spans)


#: What an alternative route (``8 mg PO or IV q8h``) leaves said once for both.
_ROUTE_SHARED_BEFORE = ("dose",)
_ROUTE_SHARED_AFTER = ("frequency", "days", "duration", "cycle", "doses")


def share_route_alternatives(components: list[Component]) -> list[Component]:
    """``8 mg PO or IV q8h``: two routes, one alternative to the other, of
    one agent: the dose stated before them and the schedule after them are
    both's (the first states no schedule, the second no dose)."""
    out = list(components)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if not (b.alternative and b.agent == a.agent and a.route and b.route and a.phase == b.phase):
            continue
        if b.dose is not None or a.dose is None or any(getattr(a, name) is not None for name in _ROUTE_SHARED_AFTER):
            continue
        out[i] = _with_fields(a, b, _ROUTE_SHARED_AFTER)
        out[i + 1] = _with_fields(b, a, _ROUTE_SHARED_BEFORE)
    return out


def _with_fields(component: Component, source: Component, names: tuple[str, ...]) -> Component:
    """``component`` with the fields ``names`` that ``source`` states (and their spans)."""
    changes = {name: getattr(source, name) for name in names if getattr(source, name) is not None}
    if not changes:
        return component
    spans = tuple((name, span) for name, span in source.spans if name in changes)
    return replace(component, spans=component.spans + spans, **changes)


# --- schedules set apart ------------------------------------------------------------


def _spread(components: list[Component], text: str) -> list[Component]:
    """A part that only states the schedule of the whole (``A ...; B ...; q3w``).

    Set apart by a separator and naming no agent, it applies to the
    components it closes (those since the previous such part), or, leading,
    to those it opens (``q3w: A ...; B ...``), filling what each leaves
    unsaid.  Scoped so, ``A; B; q3w; C; D; q2w`` gives each pair its own
    cycle, and the cost stays linear in the number of parts.
    """
    if not any(_is_schedule_only(c) for c in components) or all(_is_schedule_only(c) for c in components):
        return components
    groups: list[tuple[list[Component], list[Component]]] = []
    members: list[Component] = []
    schedules: list[Component] = []
    for component in components:
        if _is_schedule_only(component):
            schedules.append(component)
            continue
        if schedules and members:  # the schedules closed the group before this component
            groups.append((members, schedules))
            members, schedules = [], []
        members.append(component)
    groups.append((members, schedules))
    out = []
    for members, schedules in groups:
        if not any(c.agent is not None or c.dose is not None for c in members):
            # nothing to share a schedule with: "once in week 1, then every 3 weeks from week 3" are two
            out.extend(sorted(members + schedules, key=lambda c: min(s.start for _, s in c.spans)))
            continue
        for schedule in schedules:
            members = [inherit(c, schedule, regimen=False) for c in members]
            members[0] = overridden(members[0], schedule, members, text, whose="shared schedule")
        out.extend(members)
    return out


def _is_schedule_only(component: Component) -> bool:
    stated = {name for name in _SCHEDULE_FIELDS if getattr(component, name) is not None}
    others = [f for f in _OTHER_FIELDS if f != "unresolved" and getattr(component, f) is not None]
    return component.agent is None and bool(stated) and not others


def overridden(first: Component, head: Component, parts: list[Component], text: str, whose: str = "regimen") -> Component:
    """What the regimen (or a shared schedule) states and every part
    overrides is no part's value: it stays, as unresolved text on the first
    part, not dropped."""
    lost = [(name, span) for name, span in head.spans if name in _INHERITED
            and not any((name, span) in part.spans for part in parts)]
    lost += [(f"name {head.agent!r}", span) for name, span in head.spans if name in ("agent", "alias")
             and not any(("regimen", span) in part.spans or ("agent", span) in part.spans for part in parts)]  # nested regimens: the parts name the inner one
    if not lost:
        return first
    return replace(
        first,
        unresolved=first.unresolved + tuple(" ".join(text[s.start : s.end].split()) for _, s in lost),
        spans=first.spans + tuple(("unresolved", span) for _, span in lost),
        warnings=first.warnings + tuple(f"the {whose}'s {name} is overridden by every part; kept unresolved" for name, _ in lost),
    )


def inherit(part: Component, head: Component, regimen: bool = True) -> Component:
    """A part of a named regimen, with what the regimen says of the whole."""
    changes: dict = {}
    warnings = list(part.warnings)
    regimen_spans: tuple = ()
    if regimen and head.agent is not None and part.regimen is None:
        changes["regimen"] = head.agent
        regimen_spans = tuple(("regimen", span) for name, span in head.spans if name in ("agent", "alias"))
    restated = set()
    for name in _INHERITED:
        mine, shared = getattr(part, name), getattr(head, name)
        if shared is not None and mine is None:
            changes[name] = shared
        elif shared is not None and mine != shared:
            warnings.append(f"{name} of {part.agent} differs from its regimen's; kept the part's")
        elif shared is not None:
            restated.add(name)  # the same value: the head's text states it too
    if head.cycle is not None:
        mine = part.cycle or head.cycle
        for field in ("length", "count"):  # never a silent choice between two cycles
            if None not in (getattr(mine, field), getattr(head.cycle, field)) and getattr(mine, field) != getattr(head.cycle, field):
                warnings.append(f"cycle {field} of {part.agent} differs from its regimen's; kept the part's")
        counted = mine if mine.count is not None else head.cycle
        changes["cycle"] = Cycle(
            length=mine.length or head.cycle.length, count=counted.count,
            count_bound=counted.count_bound, count_high=counted.count_high,
        )
    changes["unresolved"] = part.unresolved + head.unresolved
    changes["warnings"] = tuple(warnings) + head.warnings
    carried = (set(changes) | restated) - {"agent"} | {"instruction", "loading"}  # unresolved text, own span name
    shared_spans = tuple((name, span) for name, span in head.spans if name in carried)
    changes["spans"] = part.spans + shared_spans + regimen_spans  # what the part inherits, it states where the head does
    return replace(part, **changes)
