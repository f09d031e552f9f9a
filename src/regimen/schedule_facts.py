"""How a component's schedule facts combine: the part of
:class:`regimen.builder.Builder` that reads counts, rests, splits and
cycle definitions (one method per fact kind, as there).

Some are settled only once every fact is in (:meth:`ScheduleFacts.settle_schedule`):
a dose split into N needs the dose's period, a rest needs the treatment
time before it, a cycle length said as an adverb yields to a stated one.
"""

from __future__ import annotations

from decimal import Decimal

from regimen.model import DayRange, Days, Duration, Frequency, TimeUnit
from regimen.transform import Fact

__all__ = ["ScheduleFacts"]

#: The fewest days of treatment a rest is counted from: after a shorter
#: block (``D1, followed by 2 weeks off``) the rest may begin a week later.
_BLOCK = 7


class ScheduleFacts:
    """Mixed into :class:`regimen.builder.Builder`: it uses the builder's
    ``fields``, ``spans``, ``set``, ``keep_unresolved``, ``_cycle``, ``_times``."""

    def settle_schedule(self) -> None:
        """What needs every fact of the component: splits, rests, adverb lengths."""
        self._split_dose()
        self._on_off()
        for period, span in self.adverb_lengths:
            if self.cycle_length is None:
                self.cycle_length = period
            elif self.cycle_length != period:
                words = self.text[span.start : span.end]
                self.warnings.append(f"a cycle length said as an adverb differs from the one stated; kept the stated: {words!r}")

    def _dose_count(self, fact, prev, nxt, facts, i):
        """``4 doses``, ``once``: what ``× 4`` counts, or else administrations;
        ``q3w for up to 35 administrations``: a bound only on cycles."""
        count, bound = fact.value
        if bound is None:
            self._times(Fact("times", count, fact.span), prev, nxt, facts, i, counted=True)
        elif prev == "interval" and _is_cycle(facts[i - 1]):
            self._cycle("count", count, fact.span)
            if self.cycle_count == count:
                self.cycle_count_bound = bound
        else:
            self.keep_unresolved(fact.span, "a bound on a number of doses")

    def _dose_count_period(self, fact, prev, nxt, facts, i):
        count, frequency = fact.value  # six daily doses
        self.set("frequency", frequency, fact.span)
        self.set("doses", count, fact.span)

    def _cycle_count_period(self, fact, prev, nxt, facts, i):
        """``five weekly courses``: a count, and a cycle length that an
        explicit one (``six monthly cycles ... each 4-week cycle``) overrides."""
        count, period = fact.value
        self._cycle("count", count, fact.span)
        self.adverb_lengths.append((period, fact.span))

    def _divided(self, fact, prev, nxt, facts, i):
        self.divided.append((fact.value, fact.span))

    def _split_dose(self) -> None:
        """``40 mg/kg/day in 2 divided doses``: a day's (or week's) amount
        in N parts is N administrations in that period (GOLD_SCHEMA); the
        dose keeps its per-day unit.  With no per-period dose the split says
        nothing the model holds: kept unresolved."""
        dose = self.fields.get("dose")
        for count, span in self.divided:
            if dose is not None and dose.per is not None:
                self.set("frequency", Frequency(times=count, period=dose.per), span)
            else:
                self.keep_unresolved(span, "doses divided from no amount per day")

    def _pause(self, fact, prev, nxt, facts, i):
        self.pauses.append((fact.value, fact.span))

    def _on_off(self) -> None:
        """``for 2 weeks followed by a 1-week rest``, ``2 weeks on, 1 week
        off``, ``× 21 days with a 7 day rest``, ``d1-14, then 7 days off``:
        treatment on days 1-N of a cycle of N plus the rest (GOLD_SCHEMA).
        The time on is the treatment time stated, or days 1-N; with neither
        (or a rest not in whole days) the rest stays unresolved text."""
        for rest, span in self.pauses:
            on = self._days_on()
            if on is None or rest.days is None or rest.days != rest.days.to_integral_value():
                self.unresolved.append(" ".join(self.text[span.start : span.end].split()))
                self.spans.append(("instruction", span))
                continue
            self._cycle("length", Duration(value=Decimal(on) + rest.days, unit=TimeUnit.DAY), span)

    def _days_on(self) -> int | None:
        """Days 1-N of treatment before a rest: from the treatment time
        stated (which becomes those days), or days that run from day 1."""
        duration, days = self.fields.get("duration"), self.fields.get("days")
        if duration is not None and duration.unit in (TimeUnit.DAY, TimeUnit.WEEK):
            count = duration.days
            if count != count.to_integral_value() or days is not None:
                return None
            del self.fields["duration"]
            self.spans = [("days" if name == "duration" else name, where) for name, where in self.spans]
            self.fields["days"] = Days(ranges=(DayRange(first=1, last=int(count)),))
            return int(count)
        if duration is None and days is not None and len(days.day_ranges) == 1 and days.day_ranges[0][0] == 1:
            last = days.day_ranges[0][1]  # d1-14, then 7 days off; not D1 then 2 weeks off (week 1, then 2 off?)
            return last if last >= _BLOCK else None
        return None

    def _varies(self, fact, prev, nxt, facts, i):
        """``q4-6h``, ``2-3 times daily``, ``up to 3 times a day``, ``cycles
        4-7``: the model holds one frequency, interval or count, so a range or
        bound stays text (GOLD_SCHEMA: frequency ranges are unresolved),
        never half-read."""
        self.keep_unresolved(fact.span, "a frequency, interval or cycle count given as a range or bound")

    def _cycle_length(self, fact, prev, nxt, facts, i):
        self._cycle("length", fact.value, fact.span)

    def _in_cycle(self, fact, prev, nxt, facts, i):
        self.keep_unresolved(fact.span, "'of each cycle' without a number of days")


def _is_cycle(interval: Fact) -> bool:
    """``q3w`` is a cycle length; ``q12h`` and ``every week`` are frequencies."""
    duration, numbered = interval.value
    return numbered and duration.at_least_a_week()
