"""The model's values: small frozen objects, validated when built.

Equality is semantic: ``Dose(2, "g") == Dose(2000, "mg")``, ``q3w`` and
``q21d`` are one cycle length, ``week 1`` is days 1-7.  How a value was
written (its span, its display unit) is kept beside it with
``compare=False``.  Amounts are :class:`~decimal.Decimal`; units go through
the one pint registry (:mod:`regimen.units`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from decimal import Decimal
from enum import StrEnum
from operator import attrgetter
from typing import Any, Callable, TypeVar, dataclass_transform, overload

from regimen import units

__all__ = [
    "Route", "TimeUnit", "DoseBasis", "Span", "Duration", "Dose", "Frequency", "DayRange", "Days",
    "Start", "Cycle", "Infusion", "Fractionation", "MAX_DIGITS",
]


_T = TypeVar("_T")


@overload
def _frozen(cls: type[_T], /) -> type[_T]: ...
@overload
def _frozen(*, kw_only: bool = True) -> Callable[[type[_T]], type[_T]]: ...


@dataclass_transform(frozen_default=True, kw_only_default=True, field_specifiers=(field,))
def _frozen(cls: type[_T] | None = None, /, *, kw_only: bool = True) -> type[_T] | Callable[[type[_T]], type[_T]]:
    """A frozen, slotted dataclass that pickles compactly.

    Pickle's default for a slotted dataclass stores a state list built with
    ``dataclasses.fields()`` and restores it with one ``object.__setattr__``
    a field; a regimen holds some twenty such objects, so a parsed regimen
    cost a third of its parse time to ship between processes
    (:mod:`regimen.batch`, Dask).  Here an object pickles as its class and
    field values, and is restored through the slot descriptors: the values
    were valid when pickled, so validation is not repeated.

    ``dataclass_transform`` tells type checkers what it makes (the keyword
    constructor, frozen fields).
    """
    def wrap(cls: type[_T]) -> type[_T]:
        cls = dataclass(frozen=True, slots=True, kw_only=kw_only)(cls)
        names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]  # a dataclass by the line above
        _SLOTS[cls] = tuple(cls.__dict__[name] for name in names)
        get = attrgetter(*names)

        def reduce(self: object) -> tuple[Callable[[type, tuple[Any, ...]], Any], tuple[type, tuple[Any, ...]]]:
            values = get(self)
            return _restore, (type(self), values if len(names) > 1 else (values,))

        setattr(cls, "__reduce__", reduce)
        return cls

    return wrap if cls is None else wrap(cls)


_SLOTS: dict[type, tuple[Any, ...]] = {}


def _restore(cls: type, values: tuple[Any, ...]) -> Any:
    obj: Any = object.__new__(cls)
    for slot, value in zip(_SLOTS[cls], values):
        slot.__set__(obj, value)
    return obj


class Route(StrEnum):
    ORAL = "oral"
    INTRAVENOUS = "intravenous"
    SUBCUTANEOUS = "subcutaneous"
    INTRAMUSCULAR = "intramuscular"
    INTRATHECAL = "intrathecal"
    INTRAPERITONEAL = "intraperitoneal"
    INTRA_ARTERIAL = "intra-arterial"
    INTRAVESICAL = "intravesical"
    TOPICAL = "topical"
    TRANSDERMAL = "transdermal"
    INHALATION = "inhalation"
    RECTAL = "rectal"
    SUBLINGUAL = "sublingual"
    INTRATUMORAL = "intratumoral"


class TimeUnit(StrEnum):
    MINUTE = "minute"
    HOUR = "hour"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"

    @property
    def minutes(self) -> int | None:
        """Length in minutes; ``None`` for months and years, which have no fixed length."""
        return _MINUTES.get(self)


_LETTERS = {
    "min": TimeUnit.MINUTE, "h": TimeUnit.HOUR, "d": TimeUnit.DAY, "w": TimeUnit.WEEK, "m": TimeUnit.MONTH, "y": TimeUnit.YEAR,
}
_MINUTES = {TimeUnit.MINUTE: 1, TimeUnit.HOUR: 60, TimeUnit.DAY: 1440, TimeUnit.WEEK: 10080}


class DoseBasis(StrEnum):
    FLAT = "flat"
    BSA = "per_m2"
    WEIGHT = "per_kg"
    AUC = "auc"


@_frozen(kw_only=False)
class Span:
    """Character offsets ``[start, end)`` into the parsed text."""

    start: int
    end: int


#: Digits a number written in a regimen may have, and powers of ten either
#: side of the point a model value may reach.  No dose, count or time needs
#: more, and exact unit arithmetic (28 significant digits) stays exact well
#: past it.
MAX_DIGITS = 15
#: Significant digits of a model value: a JSON float read back holds up to 17
#: (``"period_days": 0.3333333333333333``).
_MAX_SIGNIFICANT = 17
_INT_LIMIT = 10**MAX_DIGITS


def _positive(name: str, value: Decimal | int | None) -> None:
    """Every number of the model: positive, and of a size a regimen can state."""
    if value is None:
        return
    if not value > 0:
        raise ValueError(f"{name} must be positive, got {value}")
    if type(value) is int:  # counts: only the magnitude can be out of range
        if value >= _INT_LIMIT:
            raise ValueError(f"{name} {value} is out of range (below 10^{MAX_DIGITS})")
        return
    number = value if type(value) is Decimal else Decimal(value)
    if not -MAX_DIGITS <= number.adjusted() < MAX_DIGITS or len(number.as_tuple().digits) > _MAX_SIGNIFICANT:
        raise ValueError(f"{name} {value} is out of range (at most {_MAX_SIGNIFICANT} digits, below 10^{MAX_DIGITS})")


@_frozen
class Duration:
    value: Decimal
    unit: TimeUnit

    def __post_init__(self) -> None:
        _positive("duration", self.value)

    @classmethod
    def from_code(cls, code: str) -> Duration:
        """A period written as in the vocabulary: ``1d``, ``12h``, ``1w``, ``1m``, ``1min``."""
        letters = "min" if code.endswith("min") else code[-1]
        return cls(value=Decimal(code[: -len(letters)]), unit=_LETTERS[letters])

    @property
    def exact(self) -> bool:
        """False for months and years, which have no fixed length in days."""
        return self.unit not in (TimeUnit.MONTH, TimeUnit.YEAR)

    @property
    def minutes(self) -> Decimal | None:
        per = self.unit.minutes  # None for months and years: not exact
        return None if per is None else self.value * per

    @property
    def days(self) -> Decimal | None:
        """Length in days, exactly (12 h → 0.5); ``None`` for months."""
        minutes = self.minutes
        return None if minutes is None else (minutes / _MINUTES[TimeUnit.DAY]).normalize()

    def _key(self) -> tuple[object, ...]:
        return ("min", self.minutes) if self.exact else (self.unit.value, self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Duration) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def at_least_a_week(self) -> bool:
        minutes = self.minutes
        return minutes is None or minutes >= _MINUTES[TimeUnit.WEEK]


_WEEK = Duration(value=Decimal(1), unit=TimeUnit.WEEK)


@_frozen
class Dose:
    """An amount (or range) of a unit, on a basis: flat, per m², per kg, AUC.

    ``unit`` names a unit of the application registry (``mg``, ``IU``,
    ``AUC``...); ``per`` is set for daily (or weekly) doses (``mg/m²/d``).
    """

    amount: Decimal
    unit: str
    high: Decimal | None = None
    basis: DoseBasis = DoseBasis.FLAT
    per: Duration | None = None

    def __post_init__(self) -> None:
        _positive("dose", self.amount)
        _positive("dose", self.high)
        if self.high is not None and self.high < self.amount:
            raise ValueError(f"dose range must rise, got {self.amount}-{self.high}")
        if (self.basis is DoseBasis.AUC) != (self.unit == "AUC"):
            raise ValueError(f"an AUC dose needs the AUC basis, got {self.unit} {self.basis}")
        units.check_dose_unit(self.unit)

    def _key(self) -> tuple[object, ...]:
        base = units.base_unit(self.unit)
        high = None if self.high is None else units.convert(self.high, self.unit, base)
        return units.convert(self.amount, self.unit, base), high, base, self.basis, self.per

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Dose) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    @property
    def quantity(self) -> units.Quantity:
        """The amount as a pint quantity (the low end of a range)."""
        return units.quantity(self.amount, self.unit)


@_frozen
class Frequency:
    """``times`` administrations every ``period`` (BID: 2 per 1 day)."""

    times: int
    period: Duration

    def __post_init__(self) -> None:
        _positive("frequency", self.times)
        single = self.period.value == 1 and self.period.unit in (TimeUnit.WEEK, TimeUnit.MONTH)
        if self.times == 1 and self.period.at_least_a_week() and not single and self.period != _WEEK:
            raise ValueError(f"once every {self.period.value} {self.period.unit}s is a cycle length, not a frequency")


@_frozen
class DayRange:
    """Days ``first`` to ``last`` (inclusive).  Day 0 and negative days are
    days before day 1 (transplant conditioning counts down to day 0)."""

    first: int
    last: int

    def __post_init__(self) -> None:
        if max(abs(self.first), abs(self.last)) >= _INT_LIMIT:
            raise ValueError(f"day {self.first}-{self.last} is out of range (below 10^{MAX_DIGITS})")
        if self.last < self.first:
            raise ValueError(f"a day range must run forward, got {self.first}-{self.last}")


@_frozen
class Days:
    """Days within a cycle, as stated: in days or in weeks (``week 1``)."""

    ranges: tuple[DayRange, ...]
    alternative: bool = False
    unit: TimeUnit = TimeUnit.DAY

    def __post_init__(self) -> None:
        if not self.ranges:
            raise ValueError("a day schedule needs at least one day")
        if self.alternative and len(self.ranges) < 2:
            raise ValueError("alternative days need at least two choices")
        if self.unit not in (TimeUnit.DAY, TimeUnit.WEEK):
            raise ValueError(f"days are counted in days or weeks, not {self.unit}")
        if self.unit is TimeUnit.WEEK and min(r.first for r in self.ranges) < 1:
            raise ValueError(f"weeks are counted from 1, got {min(r.first for r in self.ranges)}")

    @property
    def day_ranges(self) -> tuple[tuple[int, int], ...]:
        """The ranges in days (week 2 → days 8-14)."""
        if self.unit is TimeUnit.DAY:
            return tuple((r.first, r.last) for r in self.ranges)
        return tuple((7 * r.first - 6, 7 * r.last) for r in self.ranges)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Days) and (self.day_ranges, self.alternative) == (other.day_ranges, other.alternative)

    def __hash__(self) -> int:
        return hash((self.day_ranges, self.alternative))


@_frozen
class Start:
    """When treatment starts: ``from week 3`` (day 15), ``from day 8``."""

    value: int
    unit: TimeUnit = TimeUnit.DAY

    def __post_init__(self) -> None:
        _positive("start", self.value)
        if self.unit not in (TimeUnit.DAY, TimeUnit.WEEK):
            raise ValueError(f"a start is a day or a week, not {self.unit}")

    @property
    def day(self) -> int:
        return self.value if self.unit is TimeUnit.DAY else 7 * self.value - 6

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Start) and self.day == other.day

    def __hash__(self) -> int:
        return hash(self.day)


_BOUNDS = (None, ">", ">=", "<", "<=")


@_frozen
class Cycle:
    """Cycle length and number of cycles; ``count_bound`` for ``up to 35
    cycles``, ``count_high`` for ``4-6 cycles``."""

    length: Duration | None = None
    count: int | None = None
    count_bound: str | None = None
    count_high: int | None = None

    def __post_init__(self) -> None:
        if self.length is None and self.count is None:
            raise ValueError("a cycle needs a length or a count")
        _positive("cycle count", self.count)
        if self.count_bound not in _BOUNDS or (self.count_bound and self.count is None):
            raise ValueError(f"bad cycle count bound {self.count_bound!r}")
        if self.count_high is not None and (self.count is None or self.count_high <= self.count or self.count_bound):
            raise ValueError(f"a range of cycle counts must rise and have no bound, got {self.count}-{self.count_high}")


@_frozen
class Infusion:
    """Infusion time, with a tolerance (``60±5 min``), a bound (``>2 h``) or an
    upper end (``over 30-60 min``: ``high``, FHIR's ``durationMax``)."""

    duration: Duration
    tolerance: Duration | None = None
    bound: str | None = None
    high: Duration | None = None
    continuous: bool = False

    def __post_init__(self) -> None:
        if self.bound not in _BOUNDS:
            raise ValueError(f"unknown infusion bound {self.bound!r}")
        if self.tolerance is not None and self.bound is not None:
            raise ValueError("an infusion time has a tolerance or a bound, not both")
        if not self.duration.exact:
            raise ValueError("an infusion time is stated in minutes, hours, days or weeks, not months or years")
        if self.tolerance is not None and self.tolerance.unit is not self.duration.unit:
            raise ValueError("an infusion tolerance is stated in the unit of its time (60 ± 5 min)")
        if self.high is not None and (self.high.unit is not self.duration.unit or not self.high.value > self.duration.value
                                      or self.tolerance is not None or self.bound is not None):
            raise ValueError("an infusion time range rises, in one unit, with no tolerance or bound")


@_frozen
class Fractionation:
    """Radiotherapy fractions: count × dose per fraction = total (in Gy).

    ``derived`` names the values computed from the other two rather than
    stated; they are reported but not printed, so the canonical text says
    what the source said.  ``rbe``: the doses are RBE-weighted, written in
    Gy(RBE) (protons, carbon ions); the numbers are those written.
    """

    count: int | None = None
    dose: Decimal | None = None
    total: Decimal | None = None
    rbe: bool = False
    derived: frozenset[str] = field(default=frozenset(), compare=False)

    def __post_init__(self) -> None:
        if self.count is None and self.dose is None and self.total is None:
            raise ValueError("fractionation needs a count, a dose or a total")
        if self.dose is not None and self.total is not None and self.dose > self.total:
            raise ValueError(f"a dose per fraction ({self.dose} Gy) above the total ({self.total} Gy)")
        if self.rbe and self.dose is None and self.total is None:
            raise ValueError("an RBE weighting (Gy(RBE)) needs a dose or a total")
        _positive("fraction count", self.count)
        _positive("dose per fraction", self.dose)
        _positive("total dose", self.total)

    @classmethod
    def from_stated(
        cls, count: int | None = None, dose: Decimal | None = None, total: Decimal | None = None, *, rbe: bool = False
    ) -> Fractionation:
        """The fractionation the text states, with the missing value derived.

        Two stated values give the third by plain arithmetic when the result
        is exact (a whole number of fractions; a dose per fraction exact to
        two decimals, GOLD_SCHEMA: ``70 Gy in 33 fractions`` derives none);
        the derived value is named in ``derived``.
        """
        for name, value in (("fraction count", count), ("dose per fraction", dose), ("total dose", total)):
            _positive(name, value)
        derived: set[str] = set()
        if total is None and count is not None and dose is not None:
            total, derived = (count * dose).normalize(), {"total"}
        elif dose is None and count is not None and total is not None:
            dose = _exact_quotient(total, count, places=2)
            derived = {"dose"} if dose is not None else set()
        elif count is None and dose is not None and total is not None:
            quotient = _exact_quotient(total, dose)
            if quotient is not None and quotient == quotient.to_integral_value():
                count, derived = int(quotient), {"count"}
        return cls(count=count, dose=dose, total=total, rbe=rbe, derived=frozenset(derived))

    @property
    def consistent(self) -> bool:
        if self.count is None or self.dose is None or self.total is None:
            return True
        return self.count * self.dose == self.total

    def stated(self, name: str) -> bool:
        return getattr(self, name) is not None and name not in self.derived


def _exact_quotient(a: Decimal, b: Decimal | int, places: int = 6) -> Decimal | None:
    quotient = Decimal(a) / Decimal(b)
    exponent = quotient.normalize().as_tuple().exponent  # an int: a and b are finite and positive
    return quotient.normalize() if quotient * b == a and isinstance(exponent, int) and exponent >= -places else None
