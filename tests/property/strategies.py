"""Hypothesis strategies that build model objects the canonical text can say.

Agents, units, routes and frequencies are drawn from the same vocabulary the
parser reads, so a new spelling in ``regimen/data`` is exercised here too.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from hypothesis import strategies as st

from regimen import (
    Component, Cycle, DayRange, Days, Dose, DoseBasis, Duration, Fractionation, Frequency, Infusion, Regimen, Route,
    Start, TimeUnit,
)
from regimen.combine import share_route_alternatives
from regimen.courses import course_agents, names_radiation
from regimen.vocab import lexicon

AGENTS = ["capecitabine", "oxaliplatin", "interleukin 2", "interleukin-2", "vitamin d3", "5-fu", "s-1", "zoledronic acid", "pembrolizumab",
          "il-2", "mfolfox6", "radiotherapy", "short-course radiotherapy", "insulin glargine"]
REGIMENS = ["capeox", "folfox", "r-chop"]
ALIASES = ["scrt", "imrt", "xelox"]
UNRESOLVED = ["HD", "loading", "bolus", "as needed", "with meals"]
DAY_UNITS = [TimeUnit.DAY, TimeUnit.WEEK, TimeUnit.MONTH, TimeUnit.YEAR]


def amounts(low: int = 1, high: int = 5000) -> st.SearchStrategy[Decimal]:
    """Positive decimals as people write them: 825, 1.8, 0.25, 7.5."""
    return st.builds(
        lambda n, places: (Decimal(n) / (10 ** places)).normalize(),
        st.integers(low, high), st.sampled_from([0, 0, 1, 2]),
    ).filter(lambda d: d > 0)


def durations(units=tuple(TimeUnit), high: int = 60) -> st.SearchStrategy[Duration]:
    return st.builds(lambda v, u: Duration(value=Decimal(v), unit=u), st.integers(1, high), st.sampled_from(units))


@st.composite
def doses(draw) -> Dose:
    basis = draw(st.sampled_from(list(DoseBasis)))
    low = draw(amounts())
    high = draw(st.none() | amounts().map(lambda extra: low + extra))
    if basis is DoseBasis.AUC:
        return Dose(amount=low, high=high, unit="AUC", basis=basis)
    unit = draw(st.sampled_from(lexicon().values("DOSE_UNIT")))
    per = draw(st.none() | st.sampled_from([Duration(value=Decimal(1), unit=u) for u in (TimeUnit.DAY, TimeUnit.WEEK)]))
    return Dose(amount=low, high=high, unit=unit, basis=basis, per=per)


def _frequency_or_none(times: int, period: Duration) -> Frequency | None:
    try:
        return Frequency(times=times, period=period)
    except ValueError:  # once every 2 weeks is a cycle length
        return None


frequencies = st.builds(
    _frequency_or_none,
    times=st.integers(1, 6),
    period=durations((TimeUnit.MINUTE, TimeUnit.HOUR, TimeUnit.DAY, TimeUnit.WEEK, TimeUnit.MONTH), high=24),
).filter(lambda f: f is not None)


@st.composite
def day_schedules(draw) -> Days:
    unit = draw(st.sampled_from([TimeUnit.DAY, TimeUnit.WEEK]))
    low = -10 if unit is TimeUnit.DAY else 1  # day 0 and days before it: transplant conditioning
    pairs = draw(st.lists(st.tuples(st.integers(low, 28), st.integers(0, 13)), min_size=1, max_size=4))
    ranges = tuple(DayRange(first=a, last=a + b) for a, b in pairs)
    alternative = len(ranges) > 1 and draw(st.booleans())
    return Days(ranges=ranges, alternative=alternative, unit=unit)


@st.composite
def cycles(draw) -> Cycle:
    length = draw(st.none() | durations(DAY_UNITS, high=42))
    count = draw(st.none() | st.integers(1, 40)) if length else draw(st.integers(1, 40))
    bound = draw(st.sampled_from([None, "<=", ">="])) if count else None
    high = draw(st.none() | st.integers(1, 8).map(lambda extra: count + extra)) if count and not bound else None
    return Cycle(length=length, count=count, count_bound=bound, count_high=high)


@st.composite
def infusions(draw) -> Infusion:
    unit = draw(st.sampled_from([TimeUnit.MINUTE, TimeUnit.HOUR]))
    duration = Duration(value=draw(amounts(1, 240)), unit=unit)
    kind = draw(st.sampled_from(["plain", "tolerance", "bound", "range"]))
    tolerance = Duration(value=draw(amounts(1, 30)), unit=unit) if kind == "tolerance" else None
    bound = draw(st.sampled_from([">", ">=", "<", "<="])) if kind == "bound" else None
    high = Duration(value=duration.value + draw(amounts(1, 60)), unit=unit) if kind == "range" else None
    return Infusion(duration=duration, tolerance=tolerance, bound=bound, high=high, continuous=draw(st.booleans()))


@st.composite
def fractionations(draw) -> Fractionation:
    count = draw(st.integers(1, 40))
    dose = draw(amounts(1, 200).map(lambda d: (d / 10).normalize()))
    stated = draw(st.sets(st.sampled_from(["count", "dose", "total"]), min_size=1))
    values = {"count": count, "dose": dose, "total": (count * dose).normalize()}
    rbe = bool(stated & {"dose", "total"}) and draw(st.booleans())  # Gy(RBE): only on a dose
    return Fractionation.from_stated(**{k: values[k] for k in stated}, rbe=rbe)


@st.composite
def components(draw, agent=True) -> Component:
    fields = dict(
        dose=draw(st.none() | doses()),
        route=draw(st.none() | st.sampled_from(list(Route))),
        frequency=draw(st.none() | frequencies),
        days=draw(st.none() | day_schedules()),
        start=draw(st.none() | st.builds(Start, value=st.integers(1, 12), unit=st.sampled_from([TimeUnit.DAY, TimeUnit.WEEK]))),
        duration=draw(st.none() | durations(DAY_UNITS)),
        cycle=draw(st.none() | cycles()),
        infusion=draw(st.none() | infusions()),
        fractions=draw(st.none() | fractionations()),
        unresolved=tuple(draw(st.lists(st.sampled_from(UNRESOLVED), max_size=2, unique=True))),
    )
    fields["doses"] = draw(st.none() | st.integers(1, 30))  # with a frequency (× 4) or without (once, 4 doses)
    name = draw(st.sampled_from(AGENTS)) if agent and draw(st.booleans()) else None
    if name is not None:
        fields["alias"] = draw(st.none() | st.sampled_from(ALIASES))
    stated = [k for k in ("dose", "route", "frequency", "days", "infusion", "fractions") if fields[k] is not None]
    if name is None and not stated:  # a part naming no agent must say something of its own
        fields["route"] = draw(st.sampled_from(list(Route)))
    if fields["route"] is Route.TOPICAL and (fields["fractions"] is not None or name is not None and names_radiation(name)):
        fields["route"] = None  # "topical" beside radiation names the site irradiated, no route (data/patterns.txt)
    if name is None and fields["fractions"] is not None:
        return Component(agent="radiotherapy", agent_derived=True, **fields)
    return Component(agent=name, **fields)


@st.composite
def regimens(draw) -> Regimen:
    parts = draw(st.lists(components(), min_size=1, max_size=3))
    named = draw(st.none() | st.sampled_from(REGIMENS))
    if named is not None:  # the parts of a named regimen are agents
        parts = [_in_regimen(p, named) for p in parts if p.agent is not None and not p.agent_derived]
        if len(parts) == 1 and parts[0] == Component(agent=parts[0].agent, regimen=named):
            parts = []  # capeox (capecitabine) reads as an abbreviation, like (SCRT)
        if not parts:
            agent, route = draw(st.sampled_from(AGENTS)), draw(st.sampled_from(list(Route)))
            if route is Route.TOPICAL and names_radiation(agent):
                route = Route.INTRAVENOUS  # topical beside radiation names the site (data/patterns.txt), no route
            parts = [Component(agent=agent, route=route, regimen=named)]
    elif len(parts) > 1:  # a part naming no agent and only a schedule speaks for the whole regimen
        parts = [p for p in parts if not _schedule_only(p)] or parts[:1]
    parts = [replace(p, alternative=i > 0 and draw(st.booleans())) for i, p in enumerate(parts)]
    # a fractionation naming no agent after a course is the course's; a route alternative shares the dose before it
    return Regimen(components=tuple(course_agents(share_route_alternatives(_as_read(parts)))))


def _as_read(parts: list[Component]) -> list[Component]:
    """The regimen as its canonical text reads (regimen.combine): the drug
    parts given together share one cycle (and the duration that goes with
    it), and an alternative or a dose that names no agent is the agent's
    before it."""
    out: list[Component] = []
    group: list[int] = []
    named = None
    for part in parts:
        if (part.alternative or part.dose is not None) and part.agent is None and named is not None and part.fractions is None:
            part = replace(part, agent=named)
        if part.alternative:
            _one_cycle(out, group)
            group = []
        if part.agent is not None and not part.agent_derived:
            named = part.agent
        group.append(len(out))
        out.append(part)
    _one_cycle(out, group)
    return out


def _one_cycle(parts: list[Component], group: list[int]) -> None:
    own = ("dose", "max_dose", "route", "frequency", "days", "infusion")
    drugs = [i for i in group if parts[i].fractions is None and any(getattr(parts[i], k) is not None for k in own)]
    if len(drugs) < 2:
        return
    first = parts[drugs[0]]
    duration = first.duration if first.cycle is not None else None
    for i in drugs:
        parts[i] = replace(parts[i], cycle=first.cycle, **({"duration": duration} if first.cycle is not None else {}))


def _schedule_only(component: Component) -> bool:
    said = [k for k in ("dose", "route", "frequency", "days", "infusion", "fractions", "doses") if getattr(component, k) is not None]
    return component.agent is None and not said


def _in_regimen(component: Component, name: str) -> Component:
    return replace(component, regimen=name)
