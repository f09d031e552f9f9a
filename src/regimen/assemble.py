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
* a cycle statement naming no agent, right before a name, is that agent's
  (``4 cycles of CAPEOX``);
* days within a stated week refine it (``week 1, d1-5``);
* brackets hold an abbreviation (``(SCRT)``; or the agent, after a part that
  names none: ``4 cycles of chemotherapy (CAPEOX)``), more facts of the same
  component (``(5×5Gy)``), or the parts of a named regimen (``CapeOX (A; B)``),
  which inherit what the regimen states for the whole.

A field stated twice with different values keeps the first and reports the
second as unresolved text with a warning: never a silent choice.
"""

from __future__ import annotations

from dataclasses import replace

from regimen.checks import check
from regimen.fractionation import Fractions, join
from regimen.model import Component, Cycle, Days, Frequency, Infusion, Span, TimeUnit
from regimen.transform import Draft, Fact, Measure, Rejected

__all__ = ["assemble"]

_SHORT_UNITS = (TimeUnit.MINUTE, TimeUnit.HOUR)
_INHERITED = ("route", "frequency", "days", "start", "duration", "doses", "infusion", "dose", "max_dose", "fractions")
_SCHEDULE_FIELDS = ("cycle", "duration", "start")
_CYCLE_FACTS = frozenset({"cycle_count", "cycle_word", "interval", "times", "total"})
_OTHER_FIELDS = ("dose", "max_dose", "route", "frequency", "days", "doses", "infusion", "fractions", "unresolved")


def assemble(drafts: list[Draft], text: str) -> tuple[Component, ...]:
    """The components of a parsed regimen, in text order."""
    drafts = _bind_counts(drafts)
    return tuple(check(c) for c in _spread([c for draft in drafts for c in _expand(draft, text)]))


def _bind_counts(drafts: list[Draft]) -> list[Draft]:
    """``4 cycles of CAPEOX``: a cycle statement with no agent, right before a
    name with no separator between, is that agent's."""
    out: list[Draft] = []
    for draft in drafts:
        before = out[-1] if out else None
        if draft.juxtaposed and before is not None and before.agent is None and before.facts and all(
            fact.kind in _CYCLE_FACTS for fact in before.facts
        ):
            out[-1] = replace(draft, facts=before.facts + draft.facts, alternative=before.alternative)
        else:
            out.append(draft)
    return out


def _spread(components: list[Component]) -> list[Component]:
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
        for schedule in schedules:
            members = [_inherit(c, schedule, regimen=False) for c in members]
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
    builder = _Builder(text)
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
    out = [_inherit(component, head) for component in _spread(out)]
    return [_overridden(replace(out[0], alternative=draft.alternative), head, out, text), *out[1:]]


def _overridden(first: Component, head: Component, parts: list[Component], text: str) -> Component:
    """What the regimen states and every part overrides is no part's value:
    it stays, as unresolved text on the first part, not dropped."""
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
        warnings=first.warnings + tuple(f"the regimen's {name} is overridden by every part; kept unresolved" for name, _ in lost),
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


class _Builder:
    """Collects one component's fields from its facts, left to right."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.fields: dict = {}
        self.spans: list[tuple[str, Span]] = []
        self.warnings: list[str] = []
        self.unresolved: list[str] = []
        self.cycle_length = None
        self.cycle_count = None
        self.cycle_count_bound = None
        self.cycle_count_high = None
        self.rt = Fractions(self)
        self.used: set[int] = set()
        self.cycle_words: list[Span] = []  # bare "cycle" words no neighbour used
        self.infusion_words: list[Span] = []  # bare "infusion" words

    def set(self, name: str, value, span: Span) -> None:
        old = self.fields.get(name)
        if old is None:
            self.fields[name] = value
            self.spans.append((name, span))
        elif old != value:
            self.keep_unresolved(span, f"{name} stated twice; kept the first")
        else:  # said again, the same: it is the field's text too
            self.spans.append((name, span))

    def keep_unresolved(self, span: Span, why: str) -> None:
        words = self.text[span.start : span.end]
        self.unresolved.append(" ".join(words.split()))
        self.spans.append(("unresolved", span))
        self.warnings.append(f"{why}: {words!r} at position {span.start}")

    def take(self, facts: list[Fact], i: int) -> None:
        if i in self.used:
            return
        fact = facts[i]
        prev = facts[i - 1].kind if i and i - 1 not in self.used else None
        nxt = facts[i + 1].kind if i + 1 < len(facts) else None
        handler = getattr(self, f"_{fact.kind}")
        recorded = len(self.spans)
        try:
            handler(fact, prev, nxt, facts, i)
        except ValueError as exc:  # a model value refused (e.g. an infusion range that rises with no bound)
            raise Rejected(str(exc), fact.span) from None
        if prev == "total":  # "a total of 28 days", "total 6 cycles": the word belongs to the field it qualifies
            self._widen(recorded, facts[i - 1].span)

    def _widen(self, recorded: int, span: Span) -> None:
        """Widen the first span recorded since ``recorded`` (or the fractionation's) to ``span``."""
        if len(self.spans) > recorded:
            name, first = self.spans[recorded]
            self.spans[recorded] = (name, join(span, first))
        elif self.rt.span is not None:
            self.rt.widen(span)

    # --- one method per fact kind ----------------------------------------

    def _dose(self, fact, prev, nxt, facts, i):
        self.set("dose", fact.value, fact.span)

    def _max_dose(self, fact, prev, nxt, facts, i):
        self.set("max_dose", fact.value, fact.span)

    def _route(self, fact, prev, nxt, facts, i):
        self.set("route", fact.value, fact.span)

    def _frequency(self, fact, prev, nxt, facts, i):
        self.set("frequency", fact.value, fact.span)

    def _days(self, fact, prev, nxt, facts, i):
        old = self.fields.get("days")
        if old is not None and _refines(fact.value, old):  # week 1, d1-5: the days of that week
            self.fields["days"] = fact.value
            self.spans.append(("days", fact.span))
        elif old is not None and _refines(old, fact.value):  # d1, week 1: the week holds the days; its text is theirs
            self.spans.append(("days", fact.span))
        else:
            self.set("days", fact.value, fact.span)

    def _days_every(self, fact, prev, nxt, facts, i):
        days, period = fact.value
        self.set("days", days, fact.span)
        self._cycle("length", period, fact.span)

    def _start(self, fact, prev, nxt, facts, i):
        self.set("start", fact.value, fact.span)

    def _unknown(self, fact, prev, nxt, facts, i):
        self.unresolved.append(fact.value)
        self.spans.append(("unresolved", fact.span))

    def _instruction(self, fact, prev, nxt, facts, i):
        """``as needed``, ``with meals``: kept as unresolved text, but part of the regimen."""
        self.unresolved.append(fact.value)
        self.spans.append(("instruction", fact.span))

    def _junk(self, fact, prev, nxt, facts, i):
        self.keep_unresolved(fact.span, "not understood")

    def _interval(self, fact, prev, nxt, facts, i):
        duration, numbered = fact.value
        if _is_cycle(fact):
            self._cycle("length", duration, fact.span)
        else:
            self.set("frequency", Frequency(times=1, period=duration), fact.span)

    def _cycle_count(self, fact, prev, nxt, facts, i):
        (count, *high), bound = fact.value
        self._cycle("count", count, fact.span)
        if bound is not None and self.cycle_count == count:
            self.cycle_count_bound = bound
        if high and self.cycle_count == count:
            self.cycle_count_high = high[0]  # 4-6 cycles

    def _cycle(self, part: str, value, span: Span) -> None:
        if getattr(self, f"cycle_{part}") is None:
            setattr(self, f"cycle_{part}", value)
            self.spans.append(("cycle", span))
        elif getattr(self, f"cycle_{part}") != value:
            self.keep_unresolved(span, f"cycle {part} stated twice; kept the first")
        else:
            self.spans.append(("cycle", span))

    def _times(self, fact, prev, nxt, facts, i):
        if nxt == "cycle_word":
            self.used.add(i + 1)
            self._cycle("count", fact.value, join(fact.span, facts[i + 1].span))
        elif prev in ("gy", "per_fx", "each"):
            self.rt.add("count", fact.value, fact.span)
        elif prev == "interval" and _is_cycle(facts[i - 1]):
            self._cycle("count", fact.value, fact.span)  # q21d × 6
        elif prev in ("interval", "frequency"):
            self.set("doses", fact.value, fact.span)  # weekly × 6
        else:
            self.keep_unresolved(fact.span, "a count of nothing")

    def _times_fx(self, fact, prev, nxt, facts, i):
        self.rt.add("count", fact.value, fact.span)

    def _measure(self, fact, prev, nxt, facts, i):
        measure: Measure = fact.value
        if nxt == "relative":
            self._timing(facts, i)
        elif nxt == "cycle_word" and measure.bound is None and measure.tolerance is None:
            self.used.add(i + 1)
            self._cycle("length", measure.duration, join(fact.span, facts[i + 1].span))
        elif prev == "cycle_word":
            self._cycle("length", measure.duration, fact.span)
        elif nxt == "frequency" and _is_day_count(measure) and _count_a_period(
            int(measure.duration.value), facts[i + 1].value
        ):
            self.used.add(i + 1)
            frequency = Frequency(times=int(measure.duration.value), period=facts[i + 1].value.period)
            self.set("frequency", frequency, join(fact.span, facts[i + 1].span))
        elif nxt == "infusion_word" or prev == "infusion_word":
            j = i + 1 if nxt == "infusion_word" else i - 1
            self.used.add(j)
            self._infusion(measure, facts[j].value, join(fact.span, facts[j].span))
        elif prev == "total" or measure.duration.unit not in _SHORT_UNITS:
            if measure.bound or measure.tolerance or measure.high:
                self.keep_unresolved(fact.span, "a bound, tolerance or range on a treatment duration")
            else:
                self.set("duration", measure.duration, fact.span)
        else:
            self._infusion(measure, False, fact.span)

    def _timing(self, facts: list[Fact], i: int) -> None:
        """``30 min before paclitaxel``: a timing against another event."""
        end = i + 1
        if end + 1 < len(facts) and facts[end + 1].kind == "unknown":
            end += 1
        self.used.update(range(i, end + 1))
        self.keep_unresolved(join(facts[i].span, facts[end].span), "a timing relative to another event")

    def _relative(self, fact, prev, nxt, facts, i):
        self.keep_unresolved(fact.span, "'before' or 'after' without a time")

    def _infusion(self, measure: Measure, continuous: bool, span: Span) -> None:
        value = Infusion(
            duration=measure.duration, tolerance=measure.tolerance, bound=measure.bound, high=measure.high,
            continuous=continuous,
        )
        self.set("infusion", value, span)

    def _infusion_word(self, fact, prev, nxt, facts, i):
        if fact.value and nxt != "measure":  # a following measure takes it
            self.keep_unresolved(fact.span, "a continuous infusion without its duration")
        elif not fact.value:  # "infusion": the infusion's text if a time is stated (see build)
            self.infusion_words.append(fact.span)

    def _cycle_word(self, fact, prev, nxt, facts, i):
        """A bare ``cycle`` (``周期 Q3W``) adds nothing; it is the cycle's
        text if the component states a cycle (see :meth:`build`)."""
        self.cycle_words.append(fact.span)

    def _total(self, fact, prev, nxt, facts, i):
        if nxt in (None, "total"):
            self.keep_unresolved(fact.span, "'total' of nothing")

    def _each(self, fact, prev, nxt, facts, i):
        """``of 5 Gy each``, ``per fraction``: part of the fractionation's text."""
        if self.rt.span is not None or prev in ("gy", "fx_count"):
            self.rt.widen(fact.span)
        else:
            self.keep_unresolved(fact.span, "'per fraction' of no radiation dose")

    _per_fx = _each

    def _gy(self, fact, prev, nxt, facts, i):
        gray, _unit = fact.value
        if prev == "total" or nxt == "fx_count":
            self.rt.add("total", gray, fact.span)
        elif prev == "fx_count" or nxt in ("per_fx", "each", "times", "times_fx"):
            self.rt.add("dose", gray, fact.span)
        else:
            self.rt.bare.append((gray, fact.span))

    def _gy_split(self, fact, prev, nxt, facts, i):
        (gray, _unit), count = fact.value
        self.rt.add("total", gray, fact.span)
        self.rt.add("count", count, fact.span)

    def _fx_count(self, fact, prev, nxt, facts, i):
        count, daily = fact.value
        if daily is not None:  # 30 daily fractions
            self.set("frequency", daily, fact.span)
        if nxt == "frequency" and _count_a_period(count, facts[i + 1].value):
            self.used.add(i + 1)  # 5 fractions a week: a frequency
            frequency = Frequency(times=count, period=facts[i + 1].value.period)
            self.set("frequency", frequency, join(fact.span, facts[i + 1].span))
        else:
            self.rt.add("count", count, fact.span)

    def _fx_times(self, fact, prev, nxt, facts, i):
        count, (gray, _unit) = fact.value
        self.rt.add("count", count, fact.span)
        self.rt.add("dose", gray, fact.span)

    # --- the component ---------------------------------------------------

    def build(self, agent: str | None, alias: str | None, *, known: bool, alternative: bool) -> Component:
        if self.cycle_length is not None or self.cycle_count is not None:
            self.fields["cycle"] = Cycle(
                length=self.cycle_length, count=self.cycle_count, count_bound=self.cycle_count_bound,
                count_high=self.cycle_count_high,
            )
            self.spans.extend(("cycle", span) for span in self.cycle_words)
        else:
            for span in self.cycle_words:
                self.keep_unresolved(span, "a cycle with no length or count")
        if "infusion" in self.fields:
            self.spans.extend(("infusion", span) for span in self.infusion_words)
        else:
            for span in self.infusion_words:
                self.keep_unresolved(span, "an infusion with no time stated")
        fractions = self.rt.resolve()
        if fractions is not None:
            self.fields["fractions"] = fractions
        derived = agent is None and fractions is not None
        return Component(
            agent="radiotherapy" if derived else agent,
            agent_derived=derived,
            agent_known=known,
            alternative=alternative,
            alias=alias,
            unresolved=tuple(self.unresolved),
            spans=tuple(self.spans),
            warnings=tuple(self.warnings),
            **self.fields,
        )


def _refines(days: Days, weeks: Days) -> bool:
    """Are ``days`` (counted in days) all inside ``weeks`` (counted in weeks)?"""
    if days.unit is not TimeUnit.DAY or weeks.unit is not TimeUnit.WEEK or days.alternative:
        return False
    return all(any(a <= lo and hi <= b for a, b in weeks.day_ranges) for lo, hi in days.day_ranges)


def _is_cycle(interval: Fact) -> bool:
    """``q3w`` is a cycle length; ``q12h`` and ``every week`` are frequencies."""
    duration, numbered = interval.value
    return numbered and duration.at_least_a_week()


def _is_day_count(measure: Measure) -> bool:
    value = measure.duration.value
    return (
        measure.duration.unit is TimeUnit.DAY and measure.bound is None and measure.tolerance is None
        and value == value.to_integral_value()
    )


def _count_a_period(count: int, frequency: Frequency) -> bool:
    """``5 days a week``, ``5 fractions a week``: a count, then a bare period."""
    return frequency.times == 1 and frequency.period.value == 1 and frequency.period.unit is not TimeUnit.DAY


