"""The transformer: one method per grammar rule, each returning a fact.

A *fact* is one element of a component as written (``825 mg/m²``, ``D1-14``,
``× 4``) with its span (:mod:`regimen.facts`).  Facts stay unmerged here;
:mod:`regimen.assemble` combines neighbours into the model.  Values that
cannot be (a dose of 0, ``D14-1``, ``2.5 cycles``) raise :class:`Rejected`
with their span.
"""

from __future__ import annotations

from decimal import Decimal

from lark import Transformer

from regimen import units
from regimen.facts import (
    Draft, Fact, Measure, Rejected, _count, _fractions, _make, _one_span, _period, _positive, _span, _time_unit, _whole,
)
from regimen.lexemes import Lexeme
from regimen.model import Days, DayRange, Dose, DoseBasis, Duration, Frequency, Route, Start, TimeUnit
from regimen.rt_rules import RadiotherapyRules

__all__ = ["Fact", "Draft", "Rejected", "BuildFacts"]


class BuildFacts(RadiotherapyRules, Transformer):
    """Grammar rules → facts, drafts and the list of drafts of a regimen
    (the radiotherapy rules: :class:`regimen.rt_rules.RadiotherapyRules`)."""

    # --- regimens -------------------------------------------------------

    def start(self, children):
        return children[0]

    def regimen(self, children):
        drafts, alternative, phase = [], False, 0
        for child in children:
            if isinstance(child, Lexeme):  # ALT: the next part is an alternative; THEN: a later phase
                alternative = alternative or child.type == "ALT"
                phase += child.type == "THEN"
                continue
            child.alternative, alternative = alternative, False
            child.phase = phase
            drafts.append(child)
        return drafts

    def component(self, children):
        agent, *facts = children
        name, known = agent.value
        return Draft(name, agent.span, facts, known=known)

    def named(self, children):
        draft = self.component(children)
        draft.juxtaposed = True
        return draft

    def headless(self, children):
        return Draft(None, None, list(children))

    def agent(self, children):
        (token,) = children
        return Fact("agent", (" ".join(token.value.split()).lower(), token.known), _one_span(token))

    def paren(self, children):
        return Fact("paren", self.regimen(children[1:-1]), _span(children))

    def unknown(self, children):
        (token,) = children
        return Fact("unknown", " ".join(token.value.split()), _one_span(token))

    def instruction(self, children):
        (token,) = children
        return Fact("instruction", " ".join(token.value.split()), _one_span(token))

    def loading(self, children):
        (token,) = children
        return Fact("loading", " ".join(token.value.split()), _one_span(token))

    def of(self, children):
        return Fact("of", None, _span(children))

    def respectively(self, children):
        return Fact("respectively", None, _span(children))

    def quoted(self, children):
        (token,) = children
        return Fact("unknown", token.value, _one_span(token))

    def junk(self, children):
        (token,) = children
        return Fact("junk", token.value, _one_span(token))

    def divided(self, children):
        (token,) = children
        return Fact("divided", token.value, _one_span(token))

    def varies(self, children):
        (token,) = children
        return Fact("varies", None, _one_span(token))

    def relative(self, children):
        return Fact("relative", None, _span(children))

    # --- doses ----------------------------------------------------------

    def amount(self, children):
        low = children[0].value
        high = children[1].value if len(children) > 1 else None
        return Fact("amount", (low, high), _span(children))

    def dose(self, children):
        amount, unit, *rest = children
        basis, per = DoseBasis.FLAT, None
        for item in rest:
            if item.kind == "basis":
                basis = item.value
            else:
                per = item.value
        low, high = amount.value
        span = _span(children)
        return Fact("dose", _make(Dose, span, amount=low, high=high, unit=unit.value, basis=basis, per=per), span)

    def counted_dose(self, children):
        amount, *rest = children
        strength, unit = rest if rest[0].type == "STRENGTH" else reversed(rest)
        low, high = amount.value
        span = _span(children)
        dose = _make(Dose, span, amount=low, high=high, unit=unit.value)
        if units.base_unit(dose.unit) != "count":
            raise Rejected(f"a strength ({strength.norm}) before {unit.norm!r}, which is not a dose form", span)
        return Fact("counted_dose", (dose, strength.value, _one_span(strength)), span)

    def bare_count(self, children):
        (token,) = children
        span = _one_span(token)
        return Fact("dose", _make(Dose, span, amount=token.value, unit="count"), span)

    def dose_cap(self, children):
        *bounds, dose = children
        span = _span(children)
        kinds = {bound.value for bound in bounds}
        if not kinds <= {"<=", "<"}:
            raise Rejected("only a maximum dose is supported (up to, maximum, not more than)", span)
        return Fact("max_dose", dose.value, span)

    def basis(self, children):
        (token,) = children
        basis = DoseBasis.BSA if token.value == "m2" else DoseBasis.WEIGHT  # BSA, KG or BASIS (m-2)
        return Fact("basis", basis, _one_span(token))

    def rate(self, children):
        (token,) = children
        return Fact("rate", _period(token), _one_span(token))

    def auc(self, children):
        amount = children[1]
        low, high = amount.value
        span = _span(children)
        return Fact("dose", _make(Dose, span, amount=low, high=high, unit="AUC", basis=DoseBasis.AUC), span)

    # --- counts, spans, cycles ------------------------------------------

    def times(self, children):
        _times, count, *unit = children
        span = _span(children)
        if unit:
            return Fact("measure", Measure(_make(Duration, span, value=count.value, unit=_time_unit(unit[0]))), span)
        return Fact("times", _count(count), span)

    def times_range(self, children):
        _times, low, high = children
        span = _span(children)
        counts = tuple(_positive(_whole(n.value, _one_span(n)), "cycle count", span) for n in (low, high))
        return Fact("times_range", counts, span)

    def dose_count(self, children):
        *bound, count, _doses = children
        return Fact("dose_count", (_count(count), bound[0].value if bound else None), _span(children))  # 4 doses: what × 4 says

    def dose_count_period(self, children):
        count, period, _doses = children
        span = _span(children)
        return Fact("dose_count_period", (_count(count), Frequency(times=1, period=_period(period))), span)

    def dose_once(self, children):
        return Fact("dose_count", (1, None), _span(children))

    def cycle_count_period(self, children):
        count, period, _cycle = children
        span = _span(children)
        return Fact("cycle_count_period", (_positive(_count(count), "cycle count", span), _period(period)), span)

    def cycle_count_code(self, children):
        (token,) = children
        count, bound, high = token.value
        span = _one_span(token)
        return Fact("cycle_count", ([count] + ([high] if high else []), bound), span)

    def times_fx(self, children):
        span = _span(children)
        return Fact("times_fx", _fractions(children[1], span), span)

    def cycle_count(self, children):
        *bound, amount, _cycle = children
        low, high = amount.value
        span = _span(children)
        counts = [_positive(_whole(value, amount.span), "cycle count", span) for value in (low, high) if value is not None]
        return Fact("cycle_count", (counts, bound[0].value if bound else None), span)

    def cycle_length(self, children):
        (token,) = children
        span = _one_span(token)
        return Fact("cycle_length", _make(Duration, span, **_code_fields(token.value)), span)

    def pause(self, children):
        (token,) = children
        span = _one_span(token)
        return Fact("pause", _make(Duration, span, **_code_fields(token.value)), span)

    def in_cycle(self, children):
        return Fact("in_cycle", None, _span(children))

    def cycle_word(self, children):
        return Fact("cycle_word", None, _span(children))

    def span(self, children):
        bound = children[0].value if isinstance(children[0], Lexeme) and children[0].type == "BOUND" else None
        rest = children[1:] if bound else children
        amount, *middle, unit = rest
        span = _span(children)
        low, high = amount.value
        time_unit = _time_unit(unit)
        duration = _make(Duration, span, value=low, unit=time_unit)
        tolerance = _make(Duration, span, value=middle[0].value, unit=time_unit) if middle else None
        upper = _make(Duration, span, value=high, unit=time_unit) if high is not None else None
        measure = _make(Measure, span, duration=duration, tolerance=tolerance, bound=bound, high=upper)
        return Fact("measure", measure, span)

    def span_adjective(self, children):
        number, unit = children
        span = _span(children)
        return Fact("measure", Measure(_make(Duration, span, value=number.value, unit=_time_unit(unit))), span)

    def tolerance(self, children):
        return children[0]

    def infusion_word(self, children):
        (token,) = children
        return Fact("infusion_word", token.value == "continuous", _one_span(token))

    # --- route and frequency --------------------------------------------

    def route(self, children):
        (token,) = children
        return Fact("route", Route(token.value), _one_span(token))

    def frequency(self, children):
        span = _span(children)
        if len(children) == 1:
            token = children[0]
            if token.type == "FREQ":
                times, _, period = token.value.partition("/")
                return Fact("frequency", Frequency(times=int(times), period=Duration.from_code(period)), span)
            return Fact("frequency", Frequency(times=1, period=_period(token)), span)
        mult, period = children
        if isinstance(period, Fact):  # mult interval
            if mult.value == 1:  # once every 3 weeks reads as every 3 weeks
                return Fact("interval", period.value, span)
            period = period.value[0]
        else:
            period = _period(period)
        return Fact("frequency", _make(Frequency, span, times=mult.value, period=period), span)

    def mult(self, children):
        token = children[0]
        times = int(token.value) if token.type == "MULT" else _count(token)
        return Fact("mult", times, _span(children))

    def interval(self, children):
        _every, *number, unit = children
        span = _span(children)
        value = number[0].value if number else Decimal(1)
        return Fact("interval", (_make(Duration, span, value=value, unit=_time_unit(unit)), bool(number)), span)

    def interval_code(self, children):
        (token,) = children
        span = _one_span(token)
        return Fact("interval", (_make(Duration, span, **_code_fields(token.value)), True), span)

    # --- days -----------------------------------------------------------

    def days(self, children):
        return self._days(children, TimeUnit.DAY)

    def weeks(self, children):
        return self._days(children, TimeUnit.WEEK)

    def _days(self, children, unit: TimeUnit) -> Fact:
        lists = [c for c in children if isinstance(c, Fact)]
        ranges = tuple(r for day_list in lists for r in day_list.value)
        span = _span(children)
        days = _make(Days, span, ranges=ranges, alternative=len(lists) > 1, unit=unit)
        every = [c for c in children if isinstance(c, Lexeme) and c.type == "PER_PERIOD"]
        if every:  # d1-5/w: these days of every week
            return Fact("days_every", (days, _period(every[0])), span)
        return Fact("days", days, span)

    def day_list(self, children):
        ranges = [c.value for c in children if isinstance(c, Fact)]
        return Fact("day_list", ranges, _span(children))

    def day_range(self, children):
        numbers = [c for c in children if c.type == "NUMBER"]
        first, last = _count(numbers[0]), _count(numbers[-1])
        span = _span(children)
        return Fact("day_range", _make(DayRange, span, first=first, last=last), span)

    def first(self, children):
        _first, *number, unit = children
        span = _span(children)
        if not number and unit.norm.endswith("s"):
            raise Rejected(f"{unit.norm!r} without a count: how many is not stated", span)
        count = _count(number[0]) if number else 1  # the first day, the first week
        time_unit = _time_unit(unit)
        if time_unit not in (TimeUnit.DAY, TimeUnit.WEEK):
            raise Rejected(f"'first' counts days or weeks, not {time_unit}s", span)
        ranges = (_make(DayRange, span, first=1, last=count),)
        return Fact("days", Days(ranges=ranges, unit=time_unit), span)

    def start_at(self, children):
        _from, marker, number = children
        span = _span(children)
        unit = TimeUnit.WEEK if marker.type == "WEEK_AT" else TimeUnit.DAY
        return Fact("start", _make(Start, span, value=_count(number), unit=unit), span)


def _code_fields(code: str) -> dict:
    duration = Duration.from_code(code)
    return {"value": duration.value, "unit": duration.unit}
