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
* a part naming no agent and stating only a schedule (``A ...; B ...; q3w``)
  applies to every component of the regimen;
* ``or`` between parts makes the later one an alternative (``alternative``),
  not an agent given as well;
* a cycle statement, frequency or route naming no agent, right before a
  name, is that agent's (``4 cycles of CAPEOX``, ``weekly paclitaxel``,
  ``IV cisplatin``); a part of instructions only (``followed by a 14-day
  rest``) is the part's before it, or, opening the text (a title: ``Arm A:``),
  the part's after it;
* days within a stated week refine it (``week 1, d1-5``);
* last, once every component has its own or shared cycle, a treatment time
  that fits in the cycle is days 1-N of it (``for 14 days q3w``;
  :mod:`regimen.cycles`);
* brackets hold an abbreviation (``(SCRT)``; or the agent, after a part that
  names none: ``4 cycles of chemotherapy (CAPEOX)``), more facts of the same
  component (``(5×5Gy)``), or the parts of a named regimen (``CapeOX (A; B)``),
  which inherit what the regimen states for the whole.

A field stated twice with different values keeps the first and reports the
second as unresolved text with a warning: never a silent choice.
"""

from __future__ import annotations

from dataclasses import replace

from regimen.builder import Builder
from regimen.checks import check
from regimen.cycles import within_cycle
from regimen.model import Component, Cycle, Span
from regimen.transform import Draft, Fact, Rejected

__all__ = ["assemble"]

_INHERITED = ("route", "frequency", "days", "start", "duration", "doses", "infusion", "dose", "max_dose", "fractions")
_SCHEDULE_FIELDS = ("cycle", "duration", "start")
_CYCLE_FACTS = frozenset({
    "cycle_count", "cycle_word", "interval", "times", "total", "dose_count", "dose_count_period", "cycle_count_period", "cycle_length",
})
#: What a part may state before the name it belongs to (``weekly IV paclitaxel``).
_LEADING_FACTS = _CYCLE_FACTS | {"frequency", "route"}
#: Facts that are only text kept unresolved: unknown words, instructions, what recovery gave up on;
#: and a rest (``then a 14-day rest``: the part before's, read with its treatment time).
_TEXT_FACTS = frozenset({"unknown", "instruction", "junk", "pause"})
_OTHER_FIELDS = ("dose", "max_dose", "route", "frequency", "days", "doses", "infusion", "fractions", "unresolved")


def assemble(drafts: list[Draft], text: str) -> tuple[Component, ...]:
    """The components of a parsed regimen, in text order."""
    drafts = _bind_counts(drafts)
    return tuple(check(within_cycle(c, text)) for c in _spread([c for draft in drafts for c in _expand(draft, text)], text))


def _bind_counts(drafts: list[Draft]) -> list[Draft]:
    """``4 cycles of CAPEOX``, ``weekly paclitaxel``, ``IV cisplatin``: a
    cycle statement, frequency or route with no agent, right before a name
    with no separator between, is that agent's.  A part of text only (words
    that name no agent, instructions: ``low-dose`` before ``RAD001``, ``then
    a 14-day rest``) belongs to a neighbour: the name it stands right before,
    the part before it, or, opening the text (a title), the part after it."""
    out: list[Draft] = []
    for draft in _doses_of(drafts):
        before = out[-1] if out else None
        if draft.juxtaposed and before is not None and before.agent is None and _leads(before, draft):
            out[-1] = replace(draft, facts=before.facts + draft.facts, alternative=before.alternative)
        elif before is not None and _text_only(draft):
            out[-1] = replace(before, facts=before.facts + draft.facts)  # ...; then a 14-day rest: the part before's
        elif before is not None and draft.agent is None and draft.facts and draft.facts[0].kind == "pause":
            lead = next(i for i, f in enumerate(draft.facts + [None]) if f is None or f.kind != "pause")
            out[-1] = replace(before, facts=before.facts + draft.facts[:lead])  # ... followed by a 7-day rest for 4 cycles:
            out.append(replace(draft, facts=draft.facts[lead:]))  # the rest is the part before's, the cycles the whole's
        elif before is not None and len(out) == 1 and _text_only(before):
            out[-1] = replace(draft, facts=before.facts + draft.facts)  # Arm A: Nivolumab ...: the part after's
        else:
            out.append(draft)
    return out


def _doses_of(drafts: list[Draft]) -> list[Draft]:
    """``..., 100 mg/kg of cyclophosphamide``: a dose and ``of`` closing a
    part are the dose of the name right after, if that name states none of
    its own; taken from the last part back, so ``50 mg of A, 30 mg of B``
    gives each name its own dose."""
    out = list(drafts)
    for i in range(len(out) - 2, -1, -1):
        facts, after = out[i].facts, out[i + 1]
        if not after.juxtaposed or len(facts) < 2 or facts[-1].kind != "of" or facts[-2].kind != "dose":
            continue
        if any(f.kind == "dose" for f in after.facts):
            continue
        out[i], out[i + 1] = replace(out[i], facts=facts[:-2]), replace(after, facts=facts[-2:] + after.facts)
    return [d for d in out if d.agent is not None or d.facts]


def _leads(before: Draft, draft: Draft) -> bool:
    """Does the agentless part ``before`` state only what leads a name (a
    cycle statement, frequency, route, text; or a dose, when the name after
    it states none: ``and 10 mg/m2 XYZ``)?"""
    kinds = {fact.kind for fact in before.facts}
    if "dose" in kinds and any(f.kind == "dose" for f in draft.facts):
        return False
    return bool(kinds) and kinds <= _LEADING_FACTS | _TEXT_FACTS | {"dose", "of"}


def _text_only(draft: Draft) -> bool:
    return draft.agent is None and bool(draft.facts) and all(f.kind in _TEXT_FACTS for f in draft.facts)


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
            members = [_inherit(c, schedule, regimen=False) for c in members]
            members[0] = _overridden(members[0], schedule, members, text, whose="shared schedule")
        out.extend(members)
    return out


def _is_schedule_only(component: Component) -> bool:
    stated = {name for name in _SCHEDULE_FIELDS if getattr(component, name) is not None}
    others = [f for f in _OTHER_FIELDS if getattr(component, f) not in (None, ())]
    return component.agent is None and bool(stated) and not others


def _expand(draft: Draft, text: str) -> list[Component]:
    facts, alias, parts = _open_brackets(draft.facts)
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
    try:
        head = builder.build(agent, alias[0] if alias else None, known=known, alternative=draft.alternative and not parts)
    except ValueError as exc:  # e.g. a bare "cycle" states nothing
        raise Rejected(str(exc), draft.span) from None
    if not parts:
        return [head]
    out = []
    for part in parts:
        out.extend(_expand(part, text))
    out = [_inherit(component, head) for component in _spread(out, text)]
    return [_overridden(replace(out[0], alternative=draft.alternative), head, out, text), *out[1:]]


def _overridden(first: Component, head: Component, parts: list[Component], text: str, whose: str = "regimen") -> Component:
    """What the regimen (or a shared schedule) states and every part
    overrides is no part's value: it stays, as unresolved text on the first
    part, not dropped."""
    lost = [(name, span) for name, span in head.spans if name in _INHERITED
            and not any((name, span) in part.spans for part in parts)]
    lost += [(f"name {head.agent!r}", span) for name, span in head.spans if name in ("agent", "alias")
             and not any(("regimen", span) in part.spans for part in parts)]  # nested regimens: the parts name the inner one
    if not lost:
        return first
    return replace(
        first,
        unresolved=first.unresolved + tuple(" ".join(text[s.start : s.end].split()) for _, s in lost),
        spans=first.spans + tuple(("unresolved", span) for _, span in lost),
        warnings=first.warnings + tuple(f"the {whose}'s {name} is overridden by every part; kept unresolved" for name, _ in lost),
    )


def _open_brackets(facts: list[Fact]) -> tuple[list[Fact], tuple[str, Span, bool] | None, list[Draft]]:
    flat: list[Fact] = []
    alias, parts = None, []
    for fact in facts:
        if fact.kind != "paren":
            flat.append(fact)
            continue
        inner: list[Draft] = fact.value
        if len(inner) == 1 and inner[0].agent is None:  # (d1-14): the facts are this part's; brackets inside open too
            inner_flat, inner_alias, inner_parts = _open_brackets(inner[0].facts)
            flat.extend(inner_flat)
            parts.extend(inner_parts)
            if inner_alias is not None and alias is None:
                alias = inner_alias
            elif inner_alias is not None:
                parts.append(Draft(*inner_alias[:2], known=inner_alias[2]))
        elif len(inner) == 1 and not inner[0].facts and alias is None:
            alias = (inner[0].agent, inner[0].agent_span, inner[0].known)
        elif all(f.kind in ("unknown", "junk") for d in inner for f in d.facts) and not any(d.known for d in inner):
            flat.append(Fact("junk", None, fact.span))  # (n = 86): an aside the grammar did not understand
        else:
            parts.extend(inner)
    return flat, alias, parts


def _inherit(part: Component, head: Component, regimen: bool = True) -> Component:
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
        counted = mine if mine.count is not None else head.cycle
        changes["cycle"] = Cycle(
            length=mine.length or head.cycle.length, count=counted.count,
            count_bound=counted.count_bound, count_high=counted.count_high,
        )
    changes["unresolved"] = part.unresolved + head.unresolved
    changes["warnings"] = tuple(warnings) + head.warnings
    carried = (set(changes) | restated) - {"agent"} | {"instruction"}  # an instruction: unresolved text, own span name
    shared_spans = tuple((name, span) for name, span in head.spans if name in carried)
    changes["spans"] = part.spans + shared_spans + regimen_spans  # what the part inherits, it states where the head does
    return replace(part, **changes)
