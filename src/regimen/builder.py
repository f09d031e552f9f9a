"""One component from its facts: how neighbouring facts combine.

:class:`Builder` takes the facts of one component in order, one method per
fact kind, each applying the rules that :mod:`regimen.assemble` states (a
time measure before ``cycle`` is a cycle length, ``× N`` after a dose per
fraction counts fractions, ...), and builds the :class:`Component`.  A field
stated twice with different values keeps the first and reports the second as
unresolved text with a warning.
"""

from __future__ import annotations

from regimen import forms
from regimen.fractionation import Fractions, join
from regimen.model import Component, Cycle, DayRange, Days, Duration, Frequency, Infusion, Span, TimeUnit
from regimen.courses import reported_agent
from regimen.radiotherapy import RadiotherapyFacts, count_a_period
from regimen.schedule_facts import ScheduleFacts, _is_cycle
from regimen.transform import Fact, Measure, Rejected
from regimen.vocab import radionuclide

__all__ = ["Builder"]

_SHORT_UNITS = (TimeUnit.MINUTE, TimeUnit.HOUR)
#: Words that link a time to a cycle rather than name it (``4 days as a cycle``).
_LINKING = frozenset({"a", "an", "as", "per", "is", "are", "of", "in", "to", "and", "or", "each", "every", "for", "with", "then"})


class Builder(RadiotherapyFacts, ScheduleFacts):
    """Collects one component's fields from its facts, left to right (the
    radiotherapy and schedule facts' methods: :mod:`regimen.radiotherapy`,
    :mod:`regimen.schedule_facts`)."""

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
        self.fx_words: list[Span] = []  # "fractions", "of" with no count of their own
        self.boost_words: list[Span] = []
        self.week_counts: list = []  # see RadiotherapyFacts.set_frequency
        self.fx_weekly = False
        self.divided: list[tuple[int, Span]] = []  # in 2 divided doses: read once the dose is known
        self.pauses: list[tuple[Duration, Span]] = []  # a 7-day rest: read once the time on is known
        self.adverb_lengths: list[tuple[Duration, Span]] = []  # five weekly courses: a length unless one is stated
        self.dose_total = False  # the dose was marked as the total ("10 mg total")
        self.strength = None  # (amount, unit) printed with a counted form ("2 × 300 mg tablets")

    def set(self, name: str, value, span: Span) -> None:
        old = self.fields.get(name)
        if old is None:
            self.fields[name] = value
            self.spans.append((name, span))
        elif old != value:
            self.keep_unresolved(span, f"{name} stated twice; kept the first")
        else:  # said again, the same: it is the field's text too
            self.spans.append((name, span))

    def _keep_text(self, span: Span) -> None:
        """Text that states a fact the schema has no key for (a strength): unresolved, no warning."""
        self.unresolved.append(" ".join(self.text[span.start : span.end].split()))
        self.spans.append(("unresolved", span))

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
        if prev == "total" and not self._widen(recorded, facts[i - 1].span):
            self.keep_unresolved(facts[i - 1].span, "'total' of nothing")  # "total - cycles"

    def _widen(self, recorded: int, span: Span) -> bool:
        """Widen the first span recorded since ``recorded`` (or the
        fractionation's) to ``span``: "a total of 28 days", "total 6 cycles",
        the word belongs to the field it qualifies.  False if there is none."""
        if len(self.spans) > recorded:
            name, first = self.spans[recorded]
            self.spans[recorded] = (name, join(span, first))
            return True
        if self.rt.span is not None:
            self.rt.widen(span)
            return True
        return False

    # --- one method per fact kind ----------------------------------------

    def _dose(self, fact, prev, nxt, facts, i):
        """A count of a form beside an amount: :func:`regimen.forms.which_dose`
        says which is the dose; the other is kept as unresolved text."""
        old, total = self.fields.get("dose"), "total" in (prev, nxt)
        winner = None if old is None or old == fact.value else forms.which_dose(
            old, fact.value, first_total=self.dose_total, second_total=total, strength=self.strength)
        if winner is None:
            self.dose_total = self.dose_total if old is not None else total
            self.set("dose", fact.value, fact.span)
        elif winner is old:
            self._keep_text(fact.span)
        else:  # the dose read first was the strength, or the count beside the total
            self._replace_dose(fact.value, fact.span, total)

    def _replace_dose(self, dose, span: Span, total: bool) -> None:
        """``dose`` replaces the one read before, whose text (and the strength
        inside it) becomes unresolved text."""
        for old in [s for name, s in self.spans if name == "dose"]:
            for inner in [s for name, s in self.spans if name == "unresolved" and old.start <= s.start and s.end <= old.end]:
                self.spans.remove(("unresolved", inner))
                self.unresolved.remove(" ".join(self.text[inner.start : inner.end].split()))
            self.spans.remove(("dose", old))
            self._keep_text(old)
        self.fields["dose"], self.dose_total = dose, total
        self.spans.append(("dose", span))

    def _counted_dose(self, fact, prev, nxt, facts, i):
        """``one 1 mg tablet``, ``2 × 300 mg tablets``: the count is the dose,
        the strength printed with it unresolved text (GOLD_SCHEMA)."""
        dose, strength, where = fact.value
        self.strength = strength
        self._dose(Fact("dose", dose, fact.span), prev, nxt, facts, i)
        if self.fields.get("dose") is dose:  # the count is the dose: its strength is text beside it
            self._keep_text(where)

    def _max_dose(self, fact, prev, nxt, facts, i):
        self.set("max_dose", fact.value, fact.span)

    def _route(self, fact, prev, nxt, facts, i):
        self.set("route", fact.value, fact.span)

    def _frequency(self, fact, prev, nxt, facts, i):
        self.set_frequency(fact.value, fact.span)

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

    def _loading(self, fact, prev, nxt, facts, i):
        """``loading dose``: the words kept as text; the span names the
        component a loading dose (no shared cycle reaches it)."""
        self.unresolved.append(fact.value)
        self.spans.append(("loading", fact.span))

    def _of(self, fact, prev, nxt, facts, i):
        """``of`` between a dose and a name that did not take the dose: connective text."""

    def _respectively(self, fact, prev, nxt, facts, i):
        """A ``respectively`` that :mod:`regimen.assemble` could not pair: said, not read."""
        self.keep_unresolved(fact.span, "'respectively' with lists that do not pair")

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
        if high and high[0] <= count:
            raise Rejected(f"a range of cycle counts must rise, got {count}-{high[0]}", fact.span)
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

    def _times(self, fact, prev, nxt, facts, i, counted: bool = False):
        before = i - 1
        if prev == "total" and before and before - 1 not in self.used:  # q3w for a total of 4 doses
            before -= 1
            prev = facts[before].kind
        if fact.kind == "times_range":  # × 4-6: only cycles are counted in ranges
            if nxt == "cycle_word" or (prev == "interval" and _is_cycle(facts[before])):
                self._cycle_count(Fact("cycle_count", (list(fact.value), None), fact.span), prev, None, facts, i)
                self._take_cycle_word(nxt, facts, i)
            else:
                self.keep_unresolved(fact.span, "a range of counts of something not counted in ranges")
        elif nxt == "cycle_word":
            self.used.add(i + 1)
            self._cycle("count", fact.value, join(fact.span, facts[i + 1].span))
        elif prev in ("gy", "per_fx", "each"):
            self.rt.add("count", fact.value, fact.span)
        elif (prev == "interval" and _is_cycle(facts[before])) or prev == "days_every":
            self._cycle("count", fact.value, fact.span)  # q21d × 6, d1-5/w × 6
        elif prev in ("interval", "frequency"):
            self.set("doses", fact.value, fact.span)  # weekly × 6
        elif counted:
            self.set("doses", fact.value, fact.span)  # 4 doses, once: administrations
        elif nxt == "interval" and _is_cycle(facts[i + 1]):
            self._cycle("count", fact.value, fact.span)  # × 4 every 2 weeks
        elif fact.value == 1:
            self.set("doses", 1, fact.span)  # × 1: one administration
        else:
            self.keep_unresolved(fact.span, "a count of nothing")

    _times_range = _times

    def _take_cycle_word(self, nxt, facts, i) -> None:
        if nxt == "cycle_word":
            self.used.add(i + 1)
            self.cycle_words.append(facts[i + 1].span)

    def _measure(self, fact, prev, nxt, facts, i):
        measure: Measure = fact.value
        if nxt == "relative":
            self._timing(facts, i)
        elif prev == "cycle_count" and self._course_time(measure):
            self.spans.append(("cycle", fact.span))  # 8 cycles (24 weeks): the course's time, restated
        elif nxt == "cycle_word" and self._adjacent(fact, facts[i + 1]) and measure.bound is None and measure.tolerance is None:
            self.used.add(i + 1)
            self._cycle("length", measure.duration, join(fact.span, facts[i + 1].span))
        elif nxt == "in_cycle" and _whole_days(measure) is not None:
            self.used.add(i + 1)  # for 14 days of each cycle: days 1-14 of every cycle
            self.set("days", Days(ranges=(DayRange(first=1, last=_whole_days(measure)),)), join(fact.span, facts[i + 1].span))
        elif prev == "cycle_word":
            self._cycle("length", measure.duration, fact.span)  # cycle: 21 days; a course of 14 days
        elif nxt == "frequency" and _is_day_count(measure) and count_a_period(
            int(measure.duration.value), facts[i + 1].value
        ):
            self.used.add(i + 1)
            frequency = Frequency(times=int(measure.duration.value), period=facts[i + 1].value.period)
            self.set_frequency(frequency, join(fact.span, facts[i + 1].span))
        elif nxt == "infusion_word" or prev == "infusion_word":
            j = i + 1 if nxt == "infusion_word" else i - 1
            self.used.add(j)
            self._infusion(measure, facts[j].value, join(fact.span, facts[j].span))
        elif prev == "total" or measure.duration.unit not in _SHORT_UNITS:
            if measure.bound or measure.tolerance or measure.high:
                self.keep_unresolved(fact.span, "a bound, tolerance or range on a treatment duration")
            else:
                self.set("duration", measure.duration, fact.span)
        elif self._outlasts_interval(measure):  # q6h for 24 hours: how long they go on, not each infusion
            self.keep_unresolved(fact.span, "a time at least the interval between doses is no infusion time")
        else:
            self._infusion(measure, False, fact.span)

    def _outlasts_interval(self, measure: Measure) -> bool:
        """Is a time in minutes or hours at least the interval between doses
        stated before it (``every 6 hours for 24 hours``)?  No dose's
        infusion lasts past the next dose: it is how long they are given."""
        frequency = self.fields.get("frequency")
        if frequency is None or measure.bound or measure.tolerance or measure.high:
            return False
        interval, time = frequency.period.minutes, measure.duration.minutes
        return interval is not None and time is not None and time >= interval / frequency.times

    def _adjacent(self, before: Fact, after: Fact) -> bool:
        """A time right before ``cycle`` names it (``21-day cycle``, ``3-week
        treatment cycle``); a linking word or a comma between does not
        (``for 4 days as a cycle``, ``4 days a cycle``, ``4 days, cycle``)."""
        gap = self.text[before.span.end : after.span.start].lower()
        words = gap.replace("-", " ").replace("\u2010", " ").replace("\u2011", " ").replace("\u2013", " ").split()
        return all(word.isalpha() and word not in _LINKING for word in words)

    def _course_time(self, measure: Measure) -> bool:
        """Is ``measure`` the count of cycles times their length?"""
        length, count, days = self.cycle_length, self.cycle_count, measure.duration.days
        if length is None or count is None or not length.exact or days is None or measure.bound or measure.high:
            return False
        return days == length.days * count

    def _timing(self, facts: list[Fact], i: int) -> None:
        """``30 min before paclitaxel``: a timing against another event."""
        end = i + 1
        if end + 1 < len(facts) and facts[end + 1].kind == "unknown":
            end += 1
        self.used.update(range(i, end + 1))
        self.keep_unresolved(join(facts[i].span, facts[end].span), "a timing relative to another event")

    def _relative(self, fact, prev, nxt, facts, i):
        """``before`` alone, or with its time (``after 2 weeks``: patterns.txt)."""
        timed = any(ch.isdigit() for ch in self.text[fact.span.start : fact.span.end])
        self.keep_unresolved(fact.span, "a timing relative to another event" if timed else "'before' or 'after' without a time")

    def _infusion(self, measure: Measure, continuous: bool, span: Span) -> None:
        value = Infusion(
            duration=measure.duration, tolerance=measure.tolerance, bound=measure.bound, high=measure.high,
            continuous=continuous,
        )
        self.set("infusion", value, span)

    def _infusion_word(self, fact, prev, nxt, facts, i):
        if fact.value and nxt != "measure":  # a following measure takes it
            self.keep_unresolved(fact.span, "a continuous infusion without its duration")
        else:  # "infusion": the infusion's text if a time is stated, unless a measure took it (see build)
            self.infusion_words.append(fact.span)

    def _cycle_word(self, fact, prev, nxt, facts, i):
        """A bare ``cycle`` (``周期 Q3W``) adds nothing; it is the cycle's
        text if the component states a cycle (see :meth:`build`)."""
        self.cycle_words.append(fact.span)

    def _total(self, fact, prev, nxt, facts, i):
        if nxt in (None, "total"):
            self.keep_unresolved(fact.span, "'total' of nothing")

    # --- the component ---------------------------------------------------

    def build(self, agent: str | None, alias: str | None, *, known: bool, alternative: bool) -> Component:
        self.settle_schedule()
        if self.cycle_length is not None or self.cycle_count is not None:
            self.fields["cycle"] = Cycle(
                length=self.cycle_length, count=self.cycle_count, count_bound=self.cycle_count_bound,
                count_high=self.cycle_count_high,
            )
            self.spans.extend(("cycle", span) for span in self.cycle_words)
        else:
            for span in self.cycle_words:
                self.keep_unresolved(span, "a cycle with no length or count")
        taken = [s for name, s in self.spans if name == "infusion"]
        for span in self.infusion_words:
            if any(s.start <= span.start and span.end <= s.end for s in taken):
                continue  # a measure beside it took it
            if "infusion" in self.fields:
                self.spans.append(("infusion", span))
            else:
                self.keep_unresolved(span, "an infusion with no time stated")
        self.finish_fractions()
        if agent is not None and radionuclide().search(agent.lower()):
            self.warnings.append(
                f"{agent!r} names a radionuclide: its number was read as a mass number, not a dose; check the activity"
            )
        fractions = self.fields.get("fractions")
        derived = agent is None and fractions is not None
        return Component(
            agent="radiotherapy" if derived else reported_agent(agent),
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



def _whole_days(measure: Measure) -> int | None:
    """The measure in whole days (``2 weeks``: 14), if it is a plain one."""
    days = measure.duration.days if measure.duration.unit in (TimeUnit.DAY, TimeUnit.WEEK) else None
    if days is None or measure.bound or measure.tolerance or measure.high or days != days.to_integral_value():
        return None
    return int(days)


def _is_day_count(measure: Measure) -> bool:
    value = measure.duration.value
    return (
        measure.duration.unit is TimeUnit.DAY and measure.bound is None and measure.tolerance is None
        and value == value.to_integral_value()
    )
