"""The formatter: model → canonical text, the inverse of the parser.

One function per model type, mirroring the grammar.  Spellings come from the
vocabulary's display column (``mg/m²``, ``IV``, ``BID``), not from pint.  The
canonical text parses back to an equal object, and formatting that object
again gives the same text (a fixed point).  Derived values (a fraction total
computed from count × dose, the ``radiotherapy`` agent of a bare
fractionation) are not printed: the text says what the source said.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from itertools import groupby

from regimen.model import (
    Component, Cycle, Days, Dose, DoseBasis, Duration, Fractionation, Frequency, Infusion, Regimen, Start, TimeUnit,
)
from regimen import units
from regimen.vocab import lexicon

__all__ = ["format_regimen", "format_component", "number", "quote"]

_UNIT_LETTER = {TimeUnit.MINUTE: "min", TimeUnit.HOUR: "h", TimeUnit.DAY: "d", TimeUnit.WEEK: "w", TimeUnit.MONTH: "mo", TimeUnit.YEAR: "yr"}
_PERIOD_LETTER = {TimeUnit.MINUTE: "min", TimeUnit.HOUR: "h", TimeUnit.DAY: "d", TimeUnit.WEEK: "w", TimeUnit.MONTH: "m", TimeUnit.YEAR: "y"}
_MULT = {1: "once", 2: "twice", 3: "thrice"}


def number(value: Decimal | int) -> str:
    """A number as written: no exponent, no trailing zeros (``1.8``, ``825``)."""
    if isinstance(value, int):
        return str(value)
    text = format(value.normalize(), "f")
    return text


def format_regimen(regimen: Regimen) -> str:
    """Components joined by ``+``, alternatives by ``or``, later phases by
    ``then``, named regimens in brackets."""
    text, previous = "", None
    for name, group in groupby(regimen.components, key=lambda c: c.regimen):
        members = list(group)
        if name is None:
            for component in members:
                text += _joint(previous, component, " + ") + format_component(component)
                previous = component
        else:
            inner = "".join(_joint(b, c, "; ") + format_component(c) for b, c in zip([None, *members], members))
            text += _joint(previous, members[0], " + ") + f"{name} ({inner})"
            previous = members[-1]
    return text


def _joint(before: Component | None, component: Component, plain: str) -> str:
    if before is None:
        return ""
    if component.phase > before.phase and not component.alternative:
        return ", then "
    # "D1 or D8", "D1 + D8" are one component's days; a part that starts with
    # its days is set off otherwise: "D1, or D8" (the comma ends the day list), "D1; D8"
    printed_agent = None if component.agent_derived else component.agent
    leads = (printed_agent, component.dose, component.max_dose, component.route, component.frequency)
    days_first = component.days is not None and all(v is None for v in leads)
    if not component.alternative:
        return "; " if days_first and plain == " + " else plain
    return ", or " if days_first else " or "


def format_component(component: Component) -> str:
    head = [] if component.agent is None or component.agent_derived else [component.agent]
    if component.alias:
        head.append(f"({component.alias})")
    if component.dose:
        head.append(format_dose(component.dose))
    if component.max_dose:
        head.append(f"({lexicon().display('BOUND', '<=')} {format_dose(component.max_dose)})")
    if component.route:
        head.append(lexicon().display("ROUTE", component.route.value))
    if component.frequency:
        head.append(format_frequency(component.frequency))
        if component.doses:
            head.append(f"× {component.doses}")
    elif component.doses:  # administrations with no frequency: once, 4 doses
        head.append("once" if component.doses == 1 else f"{component.doses} doses")
    rest = [
        format_infusion(component.infusion) if component.infusion else None,
        format_days(component.days) if component.days else None,
        format_start(component.start) if component.start else None,
        _format_time(component) if component.duration else None,
        format_cycle(component.cycle) if component.cycle else None,
        format_fractions(component.fractions) if component.fractions else None,
        *_unresolved(component),
    ]
    text = ", ".join(filter(None, [" ".join(head), *rest]))
    return text


def _format_time(component: Component) -> str:
    """A treatment time; beside days or a cycle, a total (``for 14 days`` there
    reads as days 1-14 of the cycle: :mod:`regimen.cycles`)."""
    total = "a total of " if component.days is not None or component.cycle is not None else ""
    return f"for {total}{format_duration(component.duration)}"


def _unresolved(component: Component) -> list[str]:
    """Unresolved text, quoted; the words that name a loading dose stay
    bare, so that reading them back makes the part a loading dose again
    (no shared cycle reaches it: :mod:`regimen.loading`)."""
    loading = any(name == "loading" for name, _ in component.spans)
    out = []
    for text in component.unresolved:
        entry = lexicon().lookup(text) if loading else None
        out.append(text if entry is not None and entry.terminal == "LOADING" else quote(text))
        loading = loading and out[-1] != text
    return out


def quote(unresolved: str) -> str:
    """Unresolved text as the canonical form writes it: ``"as written"``
    (the lexer reads it back whole; a ``"`` inside is doubled)."""
    return '"' + unresolved.replace('"', '""') + '"'


def format_dose(dose: Dose) -> str:
    amount = number(dose.amount) + (f"-{number(dose.high)}" if dose.high is not None else "")
    if dose.basis is DoseBasis.AUC:
        return f"AUC {amount}"
    text = f"{amount} {_unit_spelling(dose)}"
    if dose.basis is DoseBasis.BSA:
        text += "/" + lexicon().display("BSA", "m2")
    elif dose.basis is DoseBasis.WEIGHT:
        text += "/" + lexicon().display("KG", "kg")
    if dose.per is not None:
        text += lexicon().display("PER_PERIOD", _period_code(dose.per))
    return text


def _unit_spelling(dose: Dose) -> str:
    """The unit's display spelling; a counted form more than one in its plural
    (``2 tablets``, ``2 patches``) where the vocabulary has one."""
    display = lexicon().display("DOSE_UNIT", dose.unit)
    if (dose.high or dose.amount) <= 1 or units.base_unit(dose.unit) != "count":
        return display
    spellings = lexicon().spellings("DOSE_UNIT", dose.unit)
    return next((p for p in (display + "s", display + "es", display[:-1] + "ies") if p in spellings), display)


def format_frequency(frequency: Frequency) -> str:
    named = _named_frequencies().get(frequency)
    if named is not None:
        return named
    period = frequency.period
    if frequency.times == 1 and not period.at_least_a_week():
        return f"q{number(period.value)}{_UNIT_LETTER[period.unit]}"
    if frequency.times == 1 and period.value == 1:
        return f"once every {period.unit.value}"  # once monthly would read back as a cycle (every month)
    mult = _MULT.get(frequency.times, f"{frequency.times} times")
    adverb = _period_adverbs().get(period)
    if adverb is not None:
        return f"{mult} {adverb}"
    return f"{mult} every {format_duration(period)}"


@cache
def _named_frequencies() -> dict[Frequency, str]:
    """Frequencies with a name of their own (BID, QW), by meaning: 1 per 7 days is QW."""
    lex = lexicon()
    table = {}
    for code in lex.values("FREQ"):
        times, _, period = code.partition("/")
        table[Frequency(times=int(times), period=Duration.from_code(period))] = lex.display("FREQ", code)
    return table


@cache
def _period_adverbs() -> dict[Duration, str]:
    lex = lexicon()
    return {Duration.from_code(code): lex.display("PERIOD_ADV", code) for code in lex.values("PERIOD_ADV")}


def format_days(days: Days) -> str:
    if any(r.first < 0 for r in days.ranges):  # days -6 to -2: D-6--2 would not read back
        ranges = [f"{r.first} to {r.last}" if r.last != r.first else f"{r.first}" for r in days.ranges]
        return "days " + (" or " if days.alternative else ", ").join(ranges)
    marker = "D" if days.unit is TimeUnit.DAY else "week "
    ranges = [f"{r.first}-{r.last}" if r.last != r.first else f"{r.first}" for r in days.ranges]
    if days.alternative:
        return " or ".join(marker + r for r in ranges)
    return marker + ", ".join(ranges)


def format_start(start: Start) -> str:
    return f"from {'week' if start.unit is TimeUnit.WEEK else 'day'} {start.value}"


def format_duration(duration: Duration) -> str:
    name = duration.unit.value if duration.value == 1 else f"{duration.unit.value}s"
    return f"{number(duration.value)} {name}"


def format_cycle(cycle: Cycle) -> str:
    parts = []
    if cycle.length is not None:
        length = cycle.length
        if length.at_least_a_week():
            parts.append(f"q{number(length.value)}{_UNIT_LETTER[length.unit]}")
        else:
            parts.append(f"{number(length.value)}-{length.unit.value} cycle")
    if cycle.count is not None:
        bound = f"{lexicon().display('BOUND', cycle.count_bound)} " if cycle.count_bound else "" if cycle.count_high else "× "
        count = f"{cycle.count}-{cycle.count_high}" if cycle.count_high else f"{cycle.count}"
        parts.append(f"{bound}{count} {'cycle' if cycle.count == 1 and not cycle.count_high else 'cycles'}")
    return " ".join(parts)


def format_infusion(infusion: Infusion) -> str:
    word = "continuous infusion" if infusion.continuous else "infusion"
    amount = number(infusion.duration.value)
    if infusion.high is not None:
        amount += f"-{number(infusion.high.value)}"
    if infusion.tolerance is not None:
        amount += f" ± {number(infusion.tolerance.value)}"
    unit = lexicon().display(infusion.duration.unit.name, infusion.duration.unit.value)
    if infusion.bound is not None:
        return f"{word} {lexicon().display('BOUND', infusion.bound)} {amount} {unit}"
    return f"{word} over {amount} {unit}"


def format_fractions(fractions: Fractionation) -> str:
    count, dose, total = (fractions.stated(k) for k in ("count", "dose", "total"))
    gy = "Gy(RBE)" if fractions.rbe else "Gy"
    if count and dose and total:
        return f"{number(fractions.total)} {gy} in {_fractions_word(fractions.count)} of {number(fractions.dose)} {gy}"
    if count and dose:
        return f"{fractions.count} × {number(fractions.dose)} {gy}"
    if count and total:
        return f"{number(fractions.total)} {gy} in {_fractions_word(fractions.count)}"
    if dose and total:
        return f"total {number(fractions.total)} {gy}, {number(fractions.dose)} {gy} per fraction"
    if dose:
        return f"{number(fractions.dose)} {gy} per fraction"
    if total:
        return f"total {number(fractions.total)} {gy}"
    return _fractions_word(fractions.count)


def _fractions_word(count: int) -> str:
    return f"{count} fraction" if count == 1 else f"{count} fractions"


def _period_code(period: Duration) -> str:
    return f"{number(period.value)}{_PERIOD_LETTER[period.unit]}"
