"""Assembly: drafts of facts → components.

The grammar leaves each component a flat sequence of facts.  Here
neighbours combine, each by a rule stated once:

* a time measure before ``cycle`` is a cycle length (``21-day cycle``), after
  ``cycles of`` too; beside ``infusion`` it is an infusion time; otherwise
  minutes and hours are an infusion time and days, weeks and months a
  treatment duration; after ``total`` it is a duration;
* a time measure before ``before``/``after`` is a timing against another
  event (``30 min before paclitaxel``), kept as unresolved text;
* ``× N`` before ``cycles`` or after a cycle length (``q21d × 6``) counts
  cycles; after a dose per fraction (``1.8 Gy per time × 28``) counts
  fractions; after a frequency (``weekly × 6``) counts doses;
* ``N days a week`` is a frequency of N a week;
* an interval shorter than a week (``q12h``, ``every 3 days``) or without a
  number (``every week``) is a frequency; a week or more (``q3w``) is the
  cycle length (GOLD_SCHEMA: Q3W describes the cycle);
* a Gy amount before ``in N fractions`` or after ``total`` is the total;
  after ``N fractions of`` or before ``per fraction``/``each``/``× N`` it is the
  dose per fraction; on its own it is read from what else is stated, with a
  warning when that is a guess (see :mod:`regimen.fractionation`);
* ``or`` between parts makes the later one an alternative (``alternative``),
  not an agent given as well; ``then`` a later phase (``phase``);
* a cycle statement, frequency, route, days or dose naming no agent, right
  before a name, is that agent's (``4 cycles of CAPEOX``, ``weekly
  paclitaxel``, ``Day 1: A``, ``and 10 mg/m2 XYZ``); a dose and ``of``
  closing a part are the next name's (``100 mg/kg of cyclophosphamide``);
  a part of text only (``low-dose``, ``then a 14-day rest``) is the next
  name's, the part's before it, or, opening the text (a title: ``Arm A:``),
  the part's after it;
* a regimen's name before a colon opening the text (``CAPOX: A ...; B
  ...``) names the parts after it, as brackets would;
* days within a stated week refine it (``week 1, d1-5``);
* last, once every component has its own or shared cycle, a treatment time
  that fits in the cycle is days 1-N of it (``for 14 days q3w``;
  :mod:`regimen.cycles`);
* brackets hold an abbreviation (``(SCRT)``; or the agent, after a part that
  names none: ``4 cycles of chemotherapy (CAPEOX)``), more facts of the same
  component (``(5×5Gy)``), or the parts of a named regimen (``CapeOX (A; B)``),
  which inherit what the regimen states for the whole;
* what a list states once, its members share, and an alternative or later
  phase naming no agent is the one's named before it (:mod:`regimen.combine`).

A field stated twice with different values keeps the first and reports the
second as unresolved text with a warning: never a silent choice.
"""

from __future__ import annotations

import re
from dataclasses import replace

from regimen.builder import Builder
from regimen.checks import check
from regimen.combine import carry_agents, combine, inherit, named_as, overridden, share_route_alternatives
from regimen.courses import COURSE_FACTS, bind_courses, course_agents, names_radiation, restated_courses
from regimen.radiotherapy import GY_KINDS
from regimen.cycles import within_cycle
from regimen.loading import loading_phases
from regimen.model import Component, Span
from regimen.continued import continue_parts
from regimen.headings import route_heading
from regimen.partners import partner_brackets
from regimen.transform import Draft, Fact, Rejected
from regimen.vocab import lexicon, regimens

__all__ = ["assemble"]

_CYCLE_FACTS = frozenset({
    "cycle_count", "cycle_word", "interval", "times", "total", "dose_count", "dose_count_period", "cycle_count_period", "cycle_length",
})
#: What a part may state before the name it belongs to (``weekly IV paclitaxel``).
_LEADING_FACTS = _CYCLE_FACTS | {"frequency", "route", "days", "start"}
#: Facts that are only text kept unresolved (unknown words, instructions, what recovery gave
#: up on), or that say nothing on their own (a bare "infusion"); and a rest (``then a 14-day
#: rest``: the part before's, read with its treatment time).
_TEXT_FACTS = frozenset({"unknown", "instruction", "loading", "junk", "infusion_word", "pause"})


def assemble(drafts: list[Draft], text: str) -> tuple[Component, ...]:
    """The components of a parsed regimen, in text order."""
    drafts = _titled(continue_parts(loading_phases(_day_phases(_bind_counts(_respectively(bind_courses(partner_brackets(drafts, text), text))))), text), text)
    components = combine([c for whole in drafts for draft in _conditional_dose(whole) for c in _expand(draft, text)], text)
    components = _settled(course_agents(restated_courses(share_route_alternatives(carry_agents(components)))))
    return tuple(check(within_cycle(c, text)) for c in route_heading(components, text))


def _day_phases(drafts: list[Draft]) -> list[Draft]:
    """``A 100 mg D1, 200 mg D2, 400 mg D3-28``: a part stating a dose and its
    days, then more doses each with later days of their own (nothing else),
    is successive phases of one drug (GOLD_SCHEMA): each dose with its days
    (and the route stated before the first dose) is a part naming no agent, which takes the agent before it
    (:func:`regimen.combine.carry_agents`).  Days that overlap or go back
    stay one part, the second dose a conflict (warned)."""
    out: list[Draft] = []
    for draft in drafts:
        doses = [i for i, f in enumerate(draft.facts) if f.kind == "dose"]
        chunks = [draft.facts[a:b] for a, b in zip([0, *doses[1:]], [*doses[1:], len(draft.facts)])]
        if draft.agent is None or len(doses) < 2 or not _successive_days(chunks):
            out.append(draft)
            continue
        out.append(replace(draft, facts=chunks[0]))
        routes = [f for f in draft.facts[: doses[0]] if f.kind == "route"]  # IV, 10 mg/kg d1-4 and 1 mg/kg d5-9: both IV
        out.extend(Draft(None, None, facts=chunk + routes, phase=draft.phase) for chunk in chunks[1:])
    return out


def _successive_days(chunks: list[list[Fact]]) -> bool:
    last = None
    for k, chunk in enumerate(chunks):
        days = [f for f in chunk if f.kind == "days"]
        if len(days) != 1 or (k and any(f.kind not in ("dose", "days") for f in chunk)):
            return False
        ranges = days[0].value.ranges
        if days[0].value.alternative or (last is not None and ranges[0].first <= last):
            return False
        last = ranges[-1].last
    return True


def _settled(components: list[Component]) -> list[Component]:
    """A part left with nothing but unresolved text (``... or for up to 1
    yr`` once the bound was given up on) is no component: its text is the
    part before's, as its canonical form (quoted text) reads back.  The
    first component is nobody's alternative."""
    out: list[Component] = []
    for component in components:
        if out and component.agent is None and not component.has_fields() and component.unresolved:
            before = out[-1]
            out[-1] = replace(before, unresolved=before.unresolved + component.unresolved,
                              spans=before.spans + component.spans, warnings=before.warnings + component.warnings)
        else:
            out.append(component)
    if out and out[0].alternative:
        out[0] = replace(out[0], alternative=False)
    return out


def _respectively(drafts: list[Draft]) -> list[Draft]:
    """``A and B at 60 and 600 mg/m2, respectively``: names that state
    nothing, then a name with the first value and parts with one value
    each, closed by ``respectively``: the values, in order, are the names'.
    Lists that do not pair keep ``respectively`` (unresolved, warned)."""
    r = next((i for i, d in enumerate(drafts) if any(f.kind == "respectively" for f in d.facts)), None)
    if r is None:
        return drafts
    k = r
    while k > 0 and drafts[k].agent is None:
        k -= 1  # back over the parts holding values
    first = k
    while first > 0 and drafts[first - 1].agent is not None and not drafts[first - 1].facts:
        first -= 1
    names = drafts[first : k + 1]
    facts = [f for d in drafts[k : r + 1] for f in d.facts]
    said = [f for f in facts if f.kind == "respectively"]
    values = _chunks([f for f in facts if f.kind != "respectively"])
    if drafts[k].agent is None or len(names) != len(values) or len(names) < 2:
        return drafts
    paired = [replace(name, facts=chunk) for name, chunk in zip(names, values)]
    paired[-1] = replace(paired[-1], facts=paired[-1].facts + [Fact("of", None, f.span) for f in said])
    return [*drafts[:first], *paired, *drafts[r + 1 :]]


def _chunks(facts: list[Fact]) -> list[list[Fact]]:
    """Facts split where the kind of the first comes again (``60 mg, 75 mg``: two)."""
    chunks: list[list[Fact]] = []
    for fact in facts:
        if not chunks or fact.kind == facts[0].kind:
            chunks.append([])
        chunks[-1].append(fact)
    return chunks


#: What introduces the parts of a regimen named before them (``CAPOX: ...``,
#: ``the XELOX regimen consisted of ...``).
_INTRODUCES = re.compile(r"[:：]|\bconsist|\bcompris|\bconsisting|\bmade up of", re.IGNORECASE)


def _titled(drafts: list[Draft], text: str) -> list[Draft]:
    """``CAPOX: oxaliplatin ...; capecitabine ...``, ``the XELOX regimen
    consisted of A ... and B ...``: a regimen's name opening the text names
    the parts that follow (in the same phase), as ``CAPOX (...)`` does; it is
    no component of its own.  ``Vitamin D: Vitamin D 400 IU``: a heading
    that repeats the name after it is text."""
    if len(drafts) < 2 or drafts[0].agent is None or drafts[0].agent_span is None:
        return drafts
    after = text[drafts[0].agent_span.end : drafts[1].span.start]
    found = _INTRODUCES.search(after)
    if not found or not all(f.kind in _TEXT_FACTS for f in drafts[0].facts if f.span.start < drafts[0].agent_span.end + found.end()):
        return drafts
    if drafts[1].agent == drafts[0].agent and any(c in after for c in ":："):
        heading = Fact("unknown", text[drafts[0].agent_span.start : drafts[0].agent_span.end], drafts[0].agent_span)
        return [replace(drafts[1], facts=[heading, *drafts[0].facts, *drafts[1].facts]), *drafts[2:]]
    if not _is_regimen(drafts[0].agent):
        return drafts
    title, rest = drafts[0], drafts[1:]
    introduced = drafts[0].agent_span.end + found.end()
    own = [f for f in title.facts if f.span.start < introduced]
    rest[0] = replace(rest[0], facts=[f for f in title.facts if f.span.start >= introduced] + rest[0].facts)
    parts = [d for d in rest if d.phase == rest[0].phase]
    span = Span(parts[0].span.start, parts[-1].span.end)
    head = replace(title, facts=[*own, Fact("paren", parts, span)])
    return [head, *rest[len(parts):]]



def _bind_counts(drafts: list[Draft]) -> list[Draft]:
    """``4 cycles of CAPEOX``, ``weekly paclitaxel``, ``IV cisplatin``: a
    cycle statement, frequency or route with no agent, right before a name
    with no separator between, is that agent's.  A part of text only (words
    that name no agent, instructions: ``low-dose`` before ``RAD001``, ``then
    a 14-day rest``) belongs to a neighbour: the name it stands right before,
    the part before it, or, opening the text (a title), the part after it."""
    out: list[Draft] = []
    drafts = _doses_of(drafts)
    for i, draft in enumerate(drafts):
        before = out[-1] if out else None
        after = drafts[i + 1] if i + 1 < len(drafts) else None
        if draft.juxtaposed and before is not None and before.agent is None and _leads(before, draft):
            out[-1] = replace(draft, facts=before.facts + draft.facts, alternative=before.alternative)
        elif _text_only(draft) and after is not None and after.juxtaposed and after.agent is not None and not (
            before is not None and _text_only(before)
        ):
            out.append(draft)  # ... and continuous infusion cytarabine: the words lead the name after
        elif before is not None and _text_only(draft):
            out[-1] = replace(before, facts=before.facts + draft.facts)  # ...; then a 14-day rest: the part before's
        elif before is not None and draft.agent is None and draft.facts and draft.facts[0].kind == "pause":
            lead = next(i for i, f in enumerate(draft.facts + [None]) if f is None or f.kind != "pause")
            out[-1] = replace(before, facts=before.facts + draft.facts[:lead])  # ... followed by a 7-day rest for 4 cycles:
            out.append(replace(draft, facts=draft.facts[lead:], phase=before.phase))  # the rest is the part before's,
            # the cycles the whole's: in the phase of the treatment the rest pauses
        elif before is not None and len(out) == 1 and _text_only(before):
            out[-1] = replace(draft, facts=before.facts + draft.facts)  # Arm A: Nivolumab ...: the part after's
        else:
            out.append(draft)
    return out


def _doses_of(drafts: list[Draft]) -> list[Draft]:
    """``..., 100 mg/kg of cyclophosphamide``: a dose and ``of`` closing a
    part are the dose of the name right after, if that name states none of
    its own; taken from the last part back, so ``50 mg of A, 30 mg of B``
    gives each name its own dose.  Where the list opens with a dose right
    before a name (``85 mg/m2 A d1, 400 mg/m2 B d1``), a dose closing a later
    part is the next name's without ``of``."""
    out = list(drafts)
    dose_first = any(_ends_in_dose(d) and e.juxtaposed and e.agent is not None for d, e in zip(out, out[1:]))
    for i in range(len(out) - 2, -1, -1):
        facts, after = out[i].facts, out[i + 1]
        if not after.juxtaposed:
            continue
        if len(facts) >= 2 and facts[-1].kind == "of" and facts[-2].kind in _OF_NAME:
            size = 2  # 75 mg/m2 of A, 2 doses of A, 4 cycles of A
            if any(f.kind == facts[-2].kind for f in after.facts):
                continue
        elif any(f.kind == "dose" for f in after.facts):
            continue
        elif dose_first and facts and facts[-1].kind == "dose" and out[i].agent is not None:
            size = 1  # 85 mg/m2 A d1, 400 mg/m2 B d1: the list writes each dose before its name
            if len(facts) >= 2 and facts[-2].kind == "dose_count":
                size = 2  # ..., a single dose of 250 mg B: the count goes with its dose
        else:
            continue
        out[i], out[i + 1] = replace(out[i], facts=facts[:-size]), replace(after, facts=facts[-size:] + after.facts)
    return [d for d in out if d.agent is not None or d.facts]


#: What ``of`` joins to the name after it: a dose, a count of doses or of cycles.
_OF_NAME = frozenset({"dose", "dose_count", "cycle_count"})


def _ends_in_dose(draft: Draft) -> bool:
    """An agentless part that closes with a dose (``50 mg``, ``a single dose
    of 50 mg``) right before a name writes the list's doses before names."""
    return draft.agent is None and bool(draft.facts) and draft.facts[-1].kind == "dose"


def _leads(before: Draft, draft: Draft) -> bool:
    """Does the agentless part ``before`` state only what leads a name (a
    cycle statement, frequency, route, text; or a dose, when the name after
    it states none: ``and 10 mg/m2 XYZ``)?"""
    kinds = {fact.kind for fact in before.facts}
    if "dose" in kinds and any(f.kind == "dose" for f in draft.facts):
        return False
    return bool(kinds) and kinds <= _LEADING_FACTS | _TEXT_FACTS | {"dose", "of"} or _infusion_of(before)


def _infusion_of(before: Draft) -> bool:
    """``a 2-hour infusion of gemcitabine``, ``a prolonged (150-minute)
    infusion of X``: an agentless part that is only an infusion time (bare or
    in brackets) and the word ``infusion``, closing it, leads the name after."""
    facts = [f for f in before.facts if f.kind not in _TEXT_FACTS or f.kind == "infusion_word"]
    if not facts or facts[-1].kind != "infusion_word":
        return False
    for fact in facts[:-1]:
        inner = fact.value if fact.kind == "paren" else None
        if inner is not None and (len(inner) != 1 or inner[0].agent is not None):
            return False
        kinds = {f.kind for f in inner[0].facts} if inner else {fact.kind}
        if not kinds <= {"measure"}:
            return False
    return True


def _text_only(draft: Draft) -> bool:
    return draft.agent is None and bool(draft.facts) and all(f.kind in _TEXT_FACTS for f in draft.facts)


#: What a bracket holding a conditional dose may state besides (its own route, days, frequency).
_CONDITIONAL = frozenset({"dose", "instruction", "unknown", "route", "days", "frequency"})


def _conditional_dose(draft: Draft) -> list[Draft]:
    """``cytarabine 3 g/m2 (1 g/m2 if age ≥ 60) IV q12h``: a bracket after a
    named part's dose, holding another dose and a condition (``if``,
    ``unless``, ``in patients over the age of 75``; perhaps its own route,
    days or frequency, which replace the part's), is an alternative dose: a
    second, alternative part with the same other facts, the condition kept
    as its text (GOLD_SCHEMA:
    alternatives are components).  Without a condition a second dose is a
    conflict (warned), as ``1000 mg (1 g)`` may restate the first."""
    dose = next((i for i, f in enumerate(draft.facts) if f.kind == "dose"), None)
    paren = next((i for i, f in enumerate(draft.facts) if f.kind == "paren"), None)
    if draft.agent is None or dose is None or paren is None or paren < dose:
        return [draft]
    inner = draft.facts[paren].value
    kinds = [f.kind for f in inner[0].facts] if len(inner) == 1 and inner[0].agent is None else []
    marked = "instruction" in kinds or inner[0].alternative  # (1 g/m2 if age >= 60), (or 25 mg/m2 d1-3)
    if kinds.count("dose") != 1 or not marked or not set(kinds) <= _CONDITIONAL:
        return [draft]
    rest = [f for i, f in enumerate(draft.facts) if i not in (dose, paren) and f.kind not in kinds]
    main = replace(draft, facts=[*draft.facts[:paren], *draft.facts[paren + 1 :]])
    alternative = Draft(None, None, facts=inner[0].facts + rest, phase=draft.phase, alternative=True)
    return [main, alternative]


def _expand(draft: Draft, text: str, phase: int = 0) -> list[Component]:
    facts, alias, parts = _open_brackets(draft.facts, _is_regimen(draft.agent), _names_course(draft.agent))
    agent, agent_span, known = draft.agent, draft.agent_span, draft.known
    if agent is None and alias is not None:  # 4 cycles of chemotherapy (CAPEOX): the bracket names the agent
        (agent, agent_span, known), alias = alias, None
    builder = Builder(text)
    if agent is not None:
        builder.spans.append(("agent", agent_span))
    if alias is not None:
        builder.spans.append(("alias", alias[1]))
    for i, fact in enumerate(facts):
        builder.take(facts, i)
    if parts and agent is None and alias is None and not facts:  # (A ...; B ...): the parts, with no head
        return combine([c for part in parts for c in _expand(part, text, phase + draft.phase)], text)
    try:
        head = builder.build(agent, alias[0] if alias else None, known=known, alternative=draft.alternative and not parts)
    except ValueError as exc:  # e.g. a bare "cycle" states nothing
        raise Rejected(str(exc), draft.span) from None
    phase += draft.phase
    if phase:  # the builder starts every component at phase 0
        head = replace(head, phase=phase)
    if not parts:
        return [head]
    out = []
    for part in parts:
        out.extend(_expand(part, text, phase))
    own = _own_details(head, out)
    out = [inherit(named_as(c, head) if own and c.has_fields() else c, head, regimen=not own) for c in combine(out, text)]
    return [overridden(replace(out[0], alternative=draft.alternative), head, out, text), *out[1:]]


def _own_details(head: Component, parts: list[Component]) -> bool:
    """``dexamethasone (40 mg/d for 4 days ...)``, ``XY-12 (4 mg/kg loading,
    then 2 mg/kg weekly)``: brackets after a drug's name whose parts name
    no agent state that drug's own doses, not the parts of a regimen; a
    known regimen's name (``FOLFOX (85 mg/m2 ...)``) still names a regimen."""
    return head.agent is not None and not _is_regimen(head.agent) and all(c.agent is None for c in parts)


def _of_no_agent(inner: list[Draft]) -> bool:
    """Do a bracket's parts name no agent, nor follow one another (then; or,
    unless all the alternative states is text: ``(... or until recurrence)``)?"""
    return all(d.agent is None and not d.phase and (not d.alternative or _text_only(d)) for d in inner)


def _is_regimen(agent: str | None) -> bool:
    entry = lexicon().lookup(agent) if agent is not None else None
    return entry is not None and entry.value in regimens()


def _names_course(agent: str | None) -> bool:
    return agent is not None and names_radiation(agent)


def _open_brackets(
    facts: list[Fact], regimen: bool = False, course: bool = False
) -> tuple[list[Fact], tuple[str, Span, bool] | None, list[Draft]]:
    flat: list[Fact] = []
    alias, parts = None, []
    for fact in facts:
        if fact.kind != "paren":
            flat.append(fact)
            continue
        inner: list[Draft] = fact.value
        if _of_no_agent(inner):  # (d1-14), (40 mg/d, d1-4): the facts are this part's; brackets inside open too
            inner_flat, inner_alias, inner_parts = _open_brackets([f for d in inner for f in d.facts])
            flat.extend(inner_flat)
            parts.extend(inner_parts)
            if inner_alias is not None and alias is None:
                alias = inner_alias
            elif inner_alias is not None:
                parts.append(Draft(*inner_alias[:2], known=inner_alias[2]))
        elif not inner[0].facts and alias is None and (len(inner) == 1 or not regimen and _abbreviation_then_facts(inner)):
            alias = (inner[0].agent, inner[0].agent_span, inner[0].known)  # (5-FU), (5-FU; 400 mg/m2)
            for part in inner[1:]:
                flat.extend(part.facts)
        elif course and alias is None and _technique_with_dose(inner):  # RT (Co-60 teletherapy, 60 Gy in 30 fx)
            alias = (inner[0].agent, inner[0].agent_span, inner[0].known)
            flat.extend(inner[0].facts)
        elif all(f.kind in ("unknown", "junk") for d in inner for f in d.facts) and not any(d.known for d in inner):
            flat.append(Fact("junk", None, fact.span))  # (n = 86): an aside the grammar did not understand
        else:
            parts.extend(_bind_counts(inner))  # (IV A 400 mg, IV B 500 mg): as at the top level
    return flat, alias, parts


def _technique_with_dose(inner: list[Draft]) -> bool:
    """``cranial RT (Co-60 teletherapy, 60 Gy in 30 fractions)``: after a
    radiation course, a bracket of one named part stating only Gy amounts and
    fractions explains the course (its technique, the alias) and states its
    facts; it is no part of its own."""
    return len(inner) == 1 and inner[0].agent is not None and bool(inner[0].facts) and all(
        f.kind in COURSE_FACTS for f in inner[0].facts
    ) and any(f.kind in GY_KINDS for f in inner[0].facts)


def _abbreviation_then_facts(inner: list[Draft]) -> bool:
    """``5-fluorouracil (5-FU; 400 mg/m2)``: a bracket opening with a name
    that states nothing, then only parts naming no agent (in the same phase,
    no alternative), holds the abbreviation and more facts of the component
    before it."""
    return inner[0].agent is not None and all(
        d.agent is None and d.facts and not d.alternative and d.phase == inner[0].phase for d in inner[1:]
    )
