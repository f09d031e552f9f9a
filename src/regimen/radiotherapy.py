"""Radiotherapy facts: how a component's Gy amounts and fraction counts combine.

:class:`RadiotherapyFacts` holds the :class:`~regimen.builder.Builder`'s
methods for the radiotherapy facts of the grammar, one per fact kind, each
applying one rule:

* a Gy amount before ``in N fractions`` or after ``total`` is the total; after
  ``fractions of`` or ``fraction dose``, or before ``per fraction``/``each``/
  ``× N``, it is the dose per fraction; on its own it is read from what else is
  stated, with a warning when that is a guess (:mod:`regimen.fractionation`);
* two Gy amounts joined as one prescription (``57 Gy at 1.9 Gy``, ``50 Gy/2
  Gy``, ``60 Gy in 2 Gy fractions``) are a total and its dose per fraction,
  the larger the total;
* ``2 Gy/day`` is the dose of a daily fraction; ``60 Gy total`` a total;
* a frequency written before ``fractions`` (``10 twice-daily fractions``) is
  the component's frequency; ``N fractions a week`` is a frequency, not a
  count; where both a per-week count and a daily frequency are stated, the
  per-week count (GOLD_SCHEMA: treated daily, 5 days a week, is 5 a week).
"""

from __future__ import annotations

from regimen.fractionation import Fractions, join
from regimen.model import Frequency, Span, TimeUnit
from regimen.transform import Fact

__all__ = ["RadiotherapyFacts", "count_a_period", "GY_KINDS"]

#: Facts that state a Gy amount of their own.
GY_KINDS = frozenset({"gy", "gy_split", "gy_pair", "gy_fx", "gy_rate", "gy_total", "fx_times"})


#: What a "per fraction" after it belongs to (``2 Gy per fraction``; cut text may have been an amount).
_AMOUNTS = GY_KINDS | {"junk", "gy_bound"}


class RadiotherapyFacts:
    """The radiotherapy fact handlers of :class:`~regimen.builder.Builder`."""

    rt: Fractions
    text: str
    warnings: list
    fields: dict
    spans: list
    used: set
    fx_words: list
    boost_words: list
    week_counts: list  # (frequency, span): per-week counts beside a daily frequency
    fx_weekly: bool  # the frequency is a count of fractions a week

    def _gy(self, fact, prev, nxt, facts, i):
        gray, unit = fact.value
        self.rt.unit(unit)
        after = i + 1
        if nxt == "boost" and after + 1 < len(facts):  # a 5.4 Gy boost in 3 fractions
            after, nxt = after + 1, facts[after + 1].kind
        counted = nxt == "fx_count" and not _per_period(facts, after)  # not "5 fractions a week"
        if prev in ("fx_of", "fx_word") or (prev == "per_fx" and not (i > 1 and facts[i - 2].kind in _AMOUNTS)):
            self.rt.add("dose", gray, fact.span)  # 30 fractions of 2 Gy; a fraction dose of 2 Gy
        elif prev == "total" or counted:
            self.rt.add("total", gray, fact.span)
        elif nxt in ("per_fx", "each", "times", "times_fx"):
            self.rt.add("dose", gray, fact.span)
        else:
            self.rt.bare.append((gray, fact.span, "junk" in (prev, nxt)))

    def _gy_split(self, fact, prev, nxt, facts, i):
        (gray, unit), count = fact.value
        self.rt.unit(unit)
        self.rt.add("total", gray, fact.span)
        self.rt.add("count", count, fact.span)

    def _gy_pair(self, fact, prev, nxt, facts, i):
        total, dose, frequency, units = fact.value
        for unit in units:
            self.rt.unit(unit)
        self.rt.add("total", total, fact.span)
        self.rt.add("dose", dose, fact.span)
        if frequency is not None:
            self.set_frequency(frequency, fact.span)

    def _gy_fx(self, fact, prev, nxt, facts, i):
        (gray, unit), frequency = fact.value
        self.rt.unit(unit)
        self.rt.add("dose", gray, fact.span)
        if frequency is not None:
            self.set_frequency(frequency, fact.span)

    _gy_rate = _gy_fx  # 2 Gy/day: a dose per fraction whose frequency is always stated

    def _gy_total(self, fact, prev, nxt, facts, i):
        gray, unit = fact.value
        self.rt.unit(unit)
        self.rt.add("total", gray, fact.span)

    def _gy_bound(self, fact, prev, nxt, facts, i):
        """``to at least 54 Gy``: a bound on a dose, which the model has no place for."""
        self.keep_unresolved(fact.span, "a bound on a radiation dose")

    def _fx_count(self, fact, prev, nxt, facts, i):
        count, written = fact.value
        if written is not None:  # 30 daily fractions
            self.set_frequency(written, fact.span)
        if _per_period(facts, i):
            self.used.add(i + 1)  # 5 fractions a week: a frequency
            frequency = Frequency(times=count, period=facts[i + 1].value.period)
            self.set_frequency(frequency, join(fact.span, facts[i + 1].span), counted=True)
        else:
            self.rt.add("count", count, fact.span)

    def _fx_word(self, fact, prev, nxt, facts, i):
        """``daily fractions of 2 Gy``: the fractionation's text, if one is stated."""
        self.fx_words.append(fact.span)

    _fx_of = _fx_word

    def _fx_times(self, fact, prev, nxt, facts, i):
        count, (gray, unit) = fact.value
        self.rt.unit(unit)
        self.rt.add("count", count, fact.span)
        self.rt.add("dose", gray, fact.span)

    def _times_fx(self, fact, prev, nxt, facts, i):
        self.rt.add("count", fact.value, fact.span)

    def _each(self, fact, prev, nxt, facts, i):
        """``of 5 Gy each``, ``per fraction``: part of the fractionation's text."""
        if self.rt.span is not None or prev in ("gy", "fx_count") or nxt == "gy":
            self.rt.widen(fact.span)
        else:
            self.keep_unresolved(fact.span, "'per fraction' of no radiation dose")

    _per_fx = _each

    def _second_prescription(self, fact, prev, nxt, facts, i):
        """A second whole prescription in one part (:mod:`regimen.courses`): said, not hidden."""
        words = self.text[fact.span.start : fact.span.end]
        self.warnings.append(f"a second prescription at position {fact.span.start} ({words!r}): read as a part of its own")

    def _boost(self, fact, prev, nxt, facts, i):
        """``boost``: the fractionation's text (the part is a boost of its own).
        A simultaneous boost's dose is given in the course's own fractions to
        a smaller volume, not added to it: said, since the model cannot."""
        self.boost_words.append(fact.span)
        if fact.value:
            self.warnings.append("a simultaneous integrated boost: its dose is the boosted volume's, within the course")

    def set_frequency(self, value: Frequency, span: Span, *, counted: bool = False) -> None:
        """A frequency.  A per-week count beside a daily frequency (``daily
        ... 5 days a week``; ``twice daily ... 10 fractions a week``, when
        the two agree) waits for the end: in a radiotherapy course the
        per-week count is the frequency (GOLD_SCHEMA), elsewhere the two are
        a frequency stated twice."""
        old = self.fields.get("frequency")
        if old is not None and old != value and (
            (_weekly(value) and _covers(old, value, counted)) or (_weekly(old) and _covers(value, old, self.fx_weekly))
        ):
            self.week_counts.append((value, span))
        else:
            self.set("frequency", value, span)
            self.fx_weekly = self.fx_weekly or (counted and self.fields["frequency"] == value)

    def finish_fractions(self) -> None:
        """The fractionation; ``fractions`` and ``of`` with nothing to count
        are unresolved; a per-week count beside a daily frequency is the
        frequency of a course (see :meth:`set_frequency`)."""
        fractions = self.rt.resolve()
        if fractions is not None:
            self.fields["fractions"] = fractions
            self.spans.extend(("fractions", span) for span in self.fx_words + self.boost_words)
        else:
            for span in self.fx_words:
                self.keep_unresolved(span, "'fractions' of no radiation dose")
            for span in self.boost_words:
                self.keep_unresolved(span, "a boost with no dose")
        for value, span in self.week_counts:
            if fractions is None:
                self.set("frequency", value, span)  # stated twice: the first kept, flagged
                continue
            if _weekly(value):
                self.fields["frequency"] = value
            self.spans.append(("frequency", span))


def _weekly(frequency: Frequency) -> bool:
    """A count a week (``5 days a week``, ``10 fractions a week``)."""
    period = frequency.period
    return period.unit is TimeUnit.WEEK and period.value == 1 and frequency.times > 1


def _covers(daily: Frequency, weekly: Frequency, counted: bool) -> bool:
    """Is ``daily`` (once a day; with ``counted``, any multiple a day) what
    the per-week count ``weekly`` details?"""
    period = daily.period
    if period.unit is not TimeUnit.DAY or period.value != 1:
        return False
    return weekly.times <= 7 * daily.times if counted else daily.times == 1 and weekly.times <= 7


def _per_period(facts: list[Fact], j: int) -> bool:
    """Is the fraction count at ``j`` a count a period (``5 fractions a week``)?"""
    fact = facts[j]
    if fact.kind != "fx_count" or j + 1 >= len(facts) or facts[j + 1].kind != "frequency":
        return False
    return count_a_period(fact.value[0], facts[j + 1].value, days=True)


def count_a_period(count: int, frequency: Frequency, *, days: bool = False) -> bool:
    """``5 days a week``, ``5 fractions a week``: a count, then a bare
    period; with ``days``, a day too (``2 fractions a day``)."""
    bare = frequency.times == 1 and frequency.period.value == 1
    return bare and (days or frequency.period.unit is not TimeUnit.DAY)
