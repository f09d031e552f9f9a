"""Radiotherapy courses: how the parts of a regimen that deliver radiation combine.

The grammar leaves a regimen a list of parts (drafts); :mod:`regimen.assemble`
builds a component from each.  Before that, :func:`bind_courses` applies the
rules that join or split radiotherapy parts; after, :func:`course_agents`
names the parts that name no agent:

* a part naming no agent and stating only a fractionation, right before a
  radiation agent (``5040 cGy EBRT in 28 fractions``, ``a single 15 Gy
  HDR``), is that agent's;
* a boost right after an agent that states nothing (``a CXB boost (...)``)
  is that agent's boost; a radiation agent stating nothing, joined by
  ``with``/``using``/``for`` to a part naming none (``25 Gy in 5 fractions
  with SBRT``), names it;
* a part stating a second whole prescription that disagrees with the first
  (``57 Gy at 1.9 Gy to the GTV, 51 Gy at 1.7 Gy to the CTV``, ``4.6 Gy × 12,
  4.0 Gy × 14``) is a part of its own, flagged; a restatement that agrees, or
  one in brackets, is not;
* a part naming no agent that states only how the fractions are given (``,
  with 5 fractions per week``, ``with fractions every other day``) is said of
  the radiotherapy parts right before it;
* two parts naming no agent, one stating only the dose per fraction (``2
  Gy per fraction daily``), the next the count and total it divides into
  (``60 Gy in 30 fractions``), are one course said twice (GOLD_SCHEMA: a
  restatement adds nothing): :func:`restated_courses`;
* a part naming no agent with a fractionation (a boost, an alternative
  course, a second volume) takes the agent of the nearest radiation
  component before it (GOLD_SCHEMA: a boost has the course's agent).

The agent a component reports (:func:`reported_agent`) reads
``radiotherapy`` for the words naming radiation itself (GOLD_SCHEMA).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from regimen.model import Component
from regimen.radiotherapy import GY_KINDS
from regimen.transform import Draft, Fact
from regimen.vocab import lexicon, radiation, radiation_words

__all__ = ["COURSE_FACTS", "bind_courses", "course_agents", "names_radiation", "reported_agent", "restated_courses"]

#: What an agentless part may state of a radiotherapy course named right after it.
COURSE_FACTS = _COURSE_FACTS = GY_KINDS | {"fx_count", "fx_word", "fx_of", "per_fx", "each", "total", "boost", "times", "times_fx"}
#: What a part may state of how the fractions of the course before it are given.
_SCHEDULE_FACTS = frozenset({"frequency", "measure", "fx_word", "fx_count", "interval"})


def bind_courses(drafts: list[Draft], text: str) -> list[Draft]:
    """The drafts, radiotherapy parts joined and split (see the module)."""
    out: list[Draft] = []
    for draft in (part for whole in drafts for part in _split(whole)):
        before = out[-1] if out else None
        if before is not None and draft.juxtaposed and _leads_course(before, draft):
            out[-1] = replace(draft, facts=before.facts + draft.facts, alternative=before.alternative)
        elif before is not None and _technique_of(before, draft, text):
            _name_alternatives(out, draft)
        elif before is not None and draft.juxtaposed and _boost_of(before, draft):
            out[-1] = replace(before, facts=draft.facts)
        elif before is not None and _schedules_course(draft, out):
            _give_schedule(draft, out)
        else:
            out.append(draft)
    return out


def _leads_course(before: Draft, draft: Draft) -> bool:
    return (
        before.agent is None and bool(before.facts) and all(f.kind in _COURSE_FACTS for f in before.facts)
        and draft.agent is not None and (_names_radiation(draft.agent) or _states_gy(draft))
    )


def _states_gy(draft: Draft) -> bool:
    """``2 doses of VLDRT at 2 Gy``: a name whose part opens with its Gy
    dose is a radiation course, though the vocabulary does not list it."""
    return bool(draft.facts) and (draft.facts[0].kind in GY_KINDS or draft.facts[0].kind == "fx_of")


#: Words that join a fractionation to the technique that delivers it (25 Gy in 5 fractions with SBRT).
_BY = frozenset({"with", "using", "by", "via", "for", "delivered with", "delivered by", "given with", "given by"})


def _technique_of(before: Draft, draft: Draft, text: str) -> bool:
    """``25 Gy in 5 fractions with SBRT``: a radiation agent stating nothing,
    right after a part naming none that states a Gy amount, names it."""
    if before.agent is not None or not any(f.kind in GY_KINDS for f in before.facts):
        return False
    if draft.agent is None or draft.facts or draft.alternative or not _names_radiation(draft.agent):
        return False
    gap = text[before.span.end : draft.agent_span.start]
    return " ".join(gap.replace(",", " ").lower().split()) in _BY


def _name_alternatives(out: list[Draft], technique: Draft) -> None:
    """Name the part before with ``technique``'s agent, and the alternatives
    it closes (``40 Gy at 2 Gy BID or 20 Gy in 5 Gy QD for WBRT``: both)."""
    j = len(out) - 1
    while True:
        out[j] = replace(out[j], agent=technique.agent, agent_span=technique.agent_span, known=technique.known)
        if j == 0 or not out[j].alternative or out[j - 1].agent is not None or not _is_course(out[j - 1]):
            return
        j -= 1


def _boost_of(before: Draft, draft: Draft) -> bool:
    return draft.agent is None and bool(draft.facts) and draft.facts[0].kind == "boost" and (
        before.agent is not None and not before.facts
    )


def _schedules_course(draft: Draft, out: list[Draft]) -> bool:
    """A part naming no agent, of fraction schedule only, after radiotherapy."""
    if draft.agent is not None or draft.alternative or not draft.facts:
        return False
    if not all(f.kind in _SCHEDULE_FACTS for f in draft.facts):
        return False
    if not any(f.kind in ("fx_word", "fx_count") for f in draft.facts):
        return False  # "; daily" alone may be any part's
    if any(f.kind == "fx_count" and not _counts_a_period(draft.facts, i) for i, f in enumerate(draft.facts)):
        return False  # "30 fractions": a count of its own, not a schedule
    return _is_course(out[-1])


def _counts_a_period(facts: list[Fact], i: int) -> bool:
    return i + 1 < len(facts) and facts[i + 1].kind == "frequency"


def _give_schedule(draft: Draft, out: list[Draft]) -> None:
    """Add ``draft``'s facts to each radiotherapy part it closes."""
    j = len(out) - 1
    while j >= 0 and _is_course(out[j]):
        out[j] = replace(out[j], facts=out[j].facts + draft.facts)
        j -= 1


def _is_course(draft: Draft) -> bool:
    """A radiotherapy part: a radiation agent, or a Gy amount stated."""
    if draft.agent is not None and _names_radiation(draft.agent):
        return True
    return any(f.kind in GY_KINDS for f in draft.facts)


# --- two prescriptions in one part --------------------------------------------


def _split(draft: Draft) -> list[Draft]:
    """``draft``, or its pieces where a second whole prescription that
    disagrees with the one before starts (the later pieces name no agent)."""
    starts = [(i, values) for i in range(len(draft.facts)) if (values := _prescription(draft.facts, i)) is not None]
    cuts = [i for (i, values), (_, earlier) in zip(starts[1:], starts) if not _agree(values, earlier)]
    if not cuts:
        return [draft]
    pieces, start = [], 0
    for cut in cuts:
        pieces.append(draft.facts[start:cut])
        start = cut
    pieces.append(draft.facts[start:])
    first = replace(draft, facts=pieces[0])
    return [first] + [Draft(None, None, [Fact("second_prescription", None, facts[0].span), *facts]) for facts in pieces[1:]]


def _prescription(facts: list[Fact], i: int) -> tuple | None:
    """(count, dose, total) of a whole prescription starting at ``i``, if one does."""
    fact = facts[i]
    nxt = facts[i + 1] if i + 1 < len(facts) else None
    if fact.kind == "gy_pair":
        total, dose, *_ = fact.value
        return None, dose, total
    if fact.kind == "gy_split":
        (total, _unit), count = fact.value
        return count, None, total
    if fact.kind == "fx_times":
        count, (dose, _unit) = fact.value
        return count, dose, None
    if fact.kind == "gy" and nxt is not None and nxt.kind in ("times", "times_fx"):
        return nxt.value, fact.value[0], None
    if fact.kind == "gy" and nxt is not None and nxt.kind == "fx_count" and not _counts_a_period(facts, i + 1):
        return nxt.value[0], None, fact.value[0]
    return None


def _agree(a: tuple, b: tuple) -> bool:
    """Could the two (count, dose, total) be one prescription?"""
    a, b = _complete(a), _complete(b)
    return all(x is None or y is None or x == y for x, y in zip(a, b))


def _complete(values: tuple) -> tuple:
    count, dose, total = values
    if total is None and None not in (count, dose):
        total = count * dose
    elif dose is None and None not in (count, total):
        dose = Decimal(total) / count
    elif count is None and None not in (dose, total):
        count = Decimal(total) / dose
    return count, dose, total


# --- agents -----------------------------------------------------------------------


def restated_courses(components: list[Component]) -> list[Component]:
    """``2 Gy per fraction daily; 60 Gy in 30 fractions``: a bare dose per
    fraction, then (not as an alternative) a count and total of which it is
    the quotient, each naming no agent and stating nothing the other
    contradicts, are one course."""
    out: list[Component] = []
    for component in components:
        before = out[-1] if out else None
        if before is not None and _restates(before, component):
            out[-1] = _joined(before, component)
        else:
            out.append(component)
    return out


def _restates(first: Component, second: Component) -> bool:
    if not (first.agent_derived and second.agent_derived) or second.alternative or first.phase != second.phase:
        return False
    a, b = first.fractions, second.fractions
    if a.count is not None or a.total is not None or a.dose is None or b.count is None or b.total is None:
        return False
    if b.total != a.dose * b.count:
        return False
    return all(
        getattr(first, name) is None or getattr(second, name) in (None, getattr(first, name))
        for name in ("dose", "route", "frequency", "days", "start", "duration", "doses", "cycle", "infusion")
    )


def _joined(first: Component, second: Component) -> Component:
    filled = {
        name: getattr(first, name)
        for name in ("frequency", "days", "start", "duration", "doses", "cycle", "infusion")
        if getattr(second, name) is None and getattr(first, name) is not None
    }
    b = second.fractions
    fractions = replace(b, dose=first.fractions.dose, derived=b.derived - {"dose"})
    return replace(
        second, **filled, fractions=fractions, spans=first.spans + second.spans,
        unresolved=first.unresolved + second.unresolved, warnings=first.warnings + second.warnings,
    )


def course_agents(components: list[Component]) -> list[Component]:
    """A component naming no agent that states a fractionation takes the
    agent of the nearest radiation component before it; with none before, it
    stays ``radiotherapy``."""
    out: list[Component] = []
    course: Component | None = None
    for component in components:
        if component.agent_derived and course is not None:
            written = tuple(("agent", span) for key, span in course.spans if key == "agent")  # where it is named
            component = replace(
                component, agent=course.agent, agent_derived=False, agent_known=course.agent_known,
                spans=written + component.spans,
            )
        elif _is_radiation(component):
            course = None if component.agent_derived else component  # none named: radiotherapy, derived
        out.append(component)
    return out


def _is_radiation(component: Component) -> bool:
    if component.agent is None:
        return False
    if component.fractions is not None or radiation_words()[0] in component.agent.split(" "):
        return True
    return _names_radiation(component.agent) or (component.alias is not None and _names_radiation(component.alias))


def _names_radiation(agent: str) -> bool:
    """Is ``agent``, or a word of it, a radiation agent of the vocabulary (``versus WBRT``)?"""
    entries = [lexicon().lookup(name) for name in (agent, *agent.split())]
    return any(e is not None and e.terminal == "NAME" and e.value in radiation() for e in entries)


def reported_agent(agent: str | None) -> str | None:
    """The agent as reported: words naming radiation itself (``radiation
    therapy``, ``irradiation``) read ``radiotherapy`` (GOLD_SCHEMA), the
    rest as written (``whole brain irradiation`` → ``whole brain
    radiotherapy``; ``IF-RT``, ``SBRT`` stay)."""
    if agent is None:
        return None
    display, spellings = radiation_words()
    words = agent.split(" ")
    out, i = [], 0
    while i < len(words):
        found = next((s for s in spellings if tuple(words[i : i + len(s)]) == s), None)
        out.append(display if found else words[i])
        i += len(found) if found else 1
    return " ".join(out)


#: Is an agent, or a word of it, a radiation agent of the vocabulary?
names_radiation = _names_radiation
