"""The JSON contract (``GOLD_SCHEMA.md``): ``to_dict`` and ``from_dict``.

Keys follow the schema exactly; the library adds ``max_dose`` (``maximum
2 mg``), ``doses`` (number of
administrations, ``weekly × 6``), ``cycle.count_bound`` (``up to 35 cycles``),
``alternative`` (an alternative to the component before it: ``200 mg q3w or
400 mg q6w``), ``agent_derived`` (the
agent was inferred, as ``radiotherapy`` for a bare ``5×5Gy``), ``alias``, ``start_day``,
``infusion_continuous``, ``fractions.derived``, ``spans``, ``warnings`` and
``drug`` (what the agent names: :mod:`regimen.identity`; derived from
``agent``, so ``from_dict`` refuses a ``drug`` the agent does not name).
Units are strings a plain pint registry with IU and AUC reads: ``mg/m**2``,
``mg/kg``, ``mg/m**2/day``, ``ug/hour``, ``IU`` (so ``3 MIU`` is exported as
``3000000 IU``), ``count`` for a counted dose form (``2 tablets``: value 2,
unit ``count``, ``form`` ``tablet``).  Numbers are JSON numbers: integers when whole, else the
shortest float that reads back as the same decimal.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources

from regimen import units
from regimen.errors import RegimenSchemaError
from regimen.model import (
    Component, Cycle, DayRange, Days, Dose, DoseBasis, Duration, Fractionation, Frequency, Infusion, Regimen, Route,
    Start, TimeUnit,
)

__all__ = ["regimen_to_dict", "regimen_from_dict", "component_to_dict", "component_from_dict", "schema", "validate"]

#: Units exported as another unit of the same dimension (not in plain pint).
_EXPORT_AS = {"MIU": "IU", "kIU": "IU"}
#: A counted dose form (tablet, capsule, puff ...) is exported as the
#: contract's unit ``count``, the form written beside it (``"form": "tablet"``).
_COUNT = "count"
_BASIS_SUFFIX = {DoseBasis.BSA: "/m**2", DoseBasis.WEIGHT: "/kg"}
_PER_SUFFIX = {
    "day": TimeUnit.DAY, "d": TimeUnit.DAY, "week": TimeUnit.WEEK, "hour": TimeUnit.HOUR, "h": TimeUnit.HOUR,
    "minute": TimeUnit.MINUTE, "min": TimeUnit.MINUTE,
}


def _num(value: Decimal | int):
    if isinstance(value, int):
        return value
    value = value.normalize()
    return int(value) if value == value.to_integral_value() else float(value)


def _dec(value, key: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise RegimenSchemaError(f"{key}: expected a number, got {value!r}")
    try:
        result = Decimal(str(value))
    except InvalidOperation:
        raise RegimenSchemaError(f"{key}: expected a number, got {value!r}") from None
    if not result.is_finite():
        raise RegimenSchemaError(f"{key}: expected a finite number, got {value!r}")
    return result


def _int(value, key: str) -> int:
    number = _dec(value, key)
    if number != number.to_integral_value():
        raise RegimenSchemaError(f"{key}: expected a whole number, got {value!r}")
    return int(number)


# --- to_dict ---------------------------------------------------------------


def regimen_to_dict(regimen: Regimen) -> dict:
    out = {"text": regimen.text, "components": [component_to_dict(c) for c in regimen.components]}
    if regimen.warnings:
        out["warnings"] = list(regimen.warnings)
    if regimen.partial:
        out["partial"] = True
    return out


def component_to_dict(c: Component) -> dict:
    out: dict = {}
    if c.agent is not None:
        out["agent"] = c.agent
    if c.agent_derived:
        out["agent_derived"] = True
    if c.alternative:
        out["alternative"] = True
    if c.alias is not None:
        out["alias"] = c.alias
    if c.dose is not None:
        out["dose"] = _dose_to_dict(c.dose)
    if c.max_dose is not None:
        out["max_dose"] = _dose_to_dict(c.max_dose)
    if c.route is not None:
        out["route"] = c.route.value
    if c.frequency is not None:
        out["frequency"] = {"times": c.frequency.times, **_duration_to_dict(c.frequency.period, "period")}
    if c.days is not None:
        out["days"] = [list(r) for r in c.days.day_ranges]
        if c.days.alternative:
            out["days_alternative"] = True
    if c.start is not None:
        out["start_day"] = c.start.day
    if c.duration is not None:
        out.update(_duration_to_dict(c.duration, "duration"))
    if c.doses is not None:
        out["doses"] = c.doses
    if c.cycle is not None:
        out["cycle"] = _cycle_to_dict(c.cycle)
    if c.infusion is not None:
        out.update(_infusion_to_dict(c.infusion))
    if c.fractions is not None:
        out["fractions"] = _fractions_to_dict(c.fractions)
    if c.regimen is not None:
        out["regimen"] = c.regimen
    drug = c.drug
    if drug is not None:
        out["drug"] = drug.to_dict()
    if c.unresolved:
        out["unresolved"] = list(c.unresolved)
    if c.spans:
        out["spans"] = [{"field": name, "start": s.start, "end": s.end} for name, s in c.spans]
    if c.warnings:
        out["warnings"] = list(c.warnings)
    return out


def _duration_to_dict(duration: Duration, name: str) -> dict:
    """``{name}_days`` (the schema's number, when days are exact) and ``{name}``
    as stated (``{"value": 8, "unit": "hour"}``), which JSON holds exactly."""
    out = {}
    if duration.exact:
        out[f"{name}_days"] = _num(duration.days)
    out[name] = {"value": _num(duration.value), "unit": duration.unit.value}
    return out


def _duration_from_dict(data: dict, name: str, key: str) -> Duration | None:
    days = data.get(f"{name}_days")
    from_days = None if days is None else _duration(days, TimeUnit.DAY, f"{key}{name}_days")
    stated = data.get(name)
    if stated is None:
        return from_days
    if not isinstance(stated, dict) or stated.get("unit") not in {u.value for u in TimeUnit}:
        raise RegimenSchemaError(f"{key}{name}: expected {{'value': n, 'unit': 'minute|hour|day|week|month'}}")
    duration = _duration(stated.get("value"), TimeUnit(stated["unit"]), f"{key}{name}")
    if from_days is not None and duration.exact and abs(duration.days - from_days.days) > Decimal("1e-9"):
        raise RegimenSchemaError(f"{key}{name} and {key}{name}_days disagree")
    return duration


def _dose_to_dict(dose: Dose) -> dict:
    counted = units.base_unit(dose.unit) == _COUNT
    unit = _COUNT if counted else _EXPORT_AS.get(dose.unit, dose.unit)
    low = units.convert(dose.amount, dose.unit, unit)
    text = unit + _BASIS_SUFFIX.get(dose.basis, "")
    if dose.per is not None:
        text += f"/{dose.per.unit.value}"
    out = {"value": _num(low)} if dose.high is None else {
        "low": _num(low), "high": _num(units.convert(dose.high, dose.unit, unit))}
    out["unit"] = text
    if counted and dose.unit != _COUNT:
        out["form"] = dose.unit
    return out


def _cycle_to_dict(cycle: Cycle) -> dict:
    out = {}
    if cycle.length is not None:
        out.update(_duration_to_dict(cycle.length, "length"))
    if cycle.count is not None:
        out["count"] = cycle.count
    if cycle.count_bound is not None:
        out["count_bound"] = cycle.count_bound
    if cycle.count_high is not None:
        out["count_max"] = cycle.count_high
    return out


def _infusion_to_dict(infusion: Infusion) -> dict:
    out = {"infusion_minutes": _num(infusion.duration.minutes)}
    if infusion.tolerance is not None:
        out["infusion_tolerance_minutes"] = _num(infusion.tolerance.minutes)
    if infusion.high is not None:
        out["infusion_max_minutes"] = _num(infusion.high.minutes)
    if infusion.bound is not None:
        out["infusion_bound"] = infusion.bound
    if infusion.continuous:
        out["infusion_continuous"] = True
    return out


def _fractions_to_dict(fractions: Fractionation) -> dict:
    out = {}
    for key, name in (("count", "count"), ("dose_gy", "dose"), ("total_gy", "total")):
        value = getattr(fractions, name)
        if value is not None:
            out[key] = _num(value)
    if fractions.rbe:
        out["rbe"] = True  # RBE-weighted: the doses are Gy(RBE)
    if fractions.derived:
        out["derived"] = sorted({"dose": "dose_gy", "total": "total_gy"}.get(d, d) for d in fractions.derived)
    return out


# --- from_dict -------------------------------------------------------------


@cache
def _validator():
    import jsonschema

    schema = json.loads((resources.files("regimen.data") / "regimen.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def schema() -> dict:
    """The JSON Schema (draft 2020-12) of ``Regimen.to_dict()``."""
    return _validator().schema


def validate(data) -> None:
    """Raise :class:`RegimenSchemaError` unless ``data`` follows the schema."""
    error = _best_error(data)
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(top)"
        raise RegimenSchemaError(f"{where}: {error.message}")


def _best_error(data):
    import jsonschema

    return jsonschema.exceptions.best_match(_validator().iter_errors(data))


def regimen_from_dict(data: dict) -> Regimen:
    validate(data)
    if not isinstance(data, dict) or not isinstance(data.get("components"), list):
        raise RegimenSchemaError("a regimen is an object with a 'components' list")
    text = data.get("text")
    if text is not None and not isinstance(text, str):
        raise RegimenSchemaError("text: expected a string")
    components = tuple(component_from_dict(c) for c in data["components"])
    return Regimen(components=components, text=text, warnings=tuple(data.get("warnings", ())), partial=bool(data.get("partial")))


_KNOWN = {
    "agent", "agent_derived", "alternative", "alias", "dose", "max_dose", "route", "frequency", "days", "days_alternative", "start_day", "duration_days", "duration", "doses", "cycle",
    "infusion_minutes", "infusion_tolerance_minutes", "infusion_max_minutes", "infusion_bound", "infusion_continuous", "fractions", "regimen",
    "unresolved", "spans", "warnings", "drug",
}


def component_from_dict(data: dict) -> Component:
    validate({"components": [data]})
    if not isinstance(data, dict):
        raise RegimenSchemaError(f"a component is an object, got {type(data).__name__}")
    unknown = set(data) - _KNOWN
    if unknown:
        raise RegimenSchemaError(f"unknown component keys: {', '.join(sorted(unknown))}")
    fields: dict = {}
    for key in ("agent", "alias", "regimen"):
        if data.get(key) is not None:
            fields[key] = _text(data[key], key)
    readers = {
        "dose": _dose_from_dict, "max_dose": _dose_from_dict, "route": _route_from_dict, "frequency": _frequency_from_dict,
        "cycle": _cycle_from_dict, "fractions": _fractions_from_dict,
    }
    for key, read in readers.items():
        if data.get(key) is not None:
            fields[key] = read(data[key])
    if data.get("days") is not None:
        fields["days"] = _days_from_dict(data["days"], bool(data.get("days_alternative")))
    if data.get("start_day") is not None:
        fields["start"] = Start(value=_int(data["start_day"], "start_day"))
    if data.get("doses") is not None:
        fields["doses"] = _int(data["doses"], "doses")
    duration = _duration_from_dict(data, "duration", "")
    if duration is not None:
        fields["duration"] = duration
    if data.get("infusion_minutes") is not None:
        fields["infusion"] = _infusion_from_dict(data)
    if data.get("unresolved"):
        fields["unresolved"] = tuple(_text(u, "unresolved") for u in data["unresolved"])
    for flag in ("agent_derived", "alternative"):
        if data.get(flag):
            fields[flag] = True
    try:
        component = Component(**fields)
    except ValueError as exc:
        raise RegimenSchemaError(str(exc)) from None
    if data.get("drug") is not None:
        from regimen.identity import check_stated

        check_stated(data["drug"], component.agent, component.alias)
    return component


def _text(value, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RegimenSchemaError(f"{key}: expected a non-empty string, got {value!r}")
    return value


def _guard(build, key: str):
    try:
        return build()
    except (ValueError, KeyError, TypeError) as exc:
        if isinstance(exc, RegimenSchemaError):
            raise
        raise RegimenSchemaError(f"{key}: {exc}") from None


def _duration(value, unit: TimeUnit, key: str) -> Duration:
    return _guard(lambda: Duration(value=_dec(value, key), unit=unit), key)


def _dose_from_dict(data: dict) -> Dose:
    if not isinstance(data, dict) or not isinstance(data.get("unit"), str):
        raise RegimenSchemaError("dose: expected an object with a 'unit' string")
    name, *rest = data["unit"].replace(" ", "").split("/")
    basis, per = DoseBasis.FLAT, None
    if name == "AUC":
        basis = DoseBasis.AUC
    for piece in rest:
        if piece in ("m**2", "m^2", "m2"):
            basis = DoseBasis.BSA
        elif piece == "kg":
            basis = DoseBasis.WEIGHT
        elif piece in _PER_SUFFIX:
            per = Duration(value=Decimal(1), unit=_PER_SUFFIX[piece])
        else:
            raise RegimenSchemaError(f"dose.unit: cannot read {data['unit']!r}")
    if "value" in data:
        low, high = _dec(data["value"], "dose.value"), None
    else:
        low, high = _dec(data.get("low"), "dose.low"), _dec(data.get("high"), "dose.high")
    if data.get("form") is not None:
        name = _form(name, data["form"])
    return _guard(lambda: Dose(amount=low, high=high, unit=name, basis=basis, per=per), "dose")


def _form(unit: str, form) -> str:
    """The dose form of a ``count`` (``"form": "tablet"``): the unit it was written in."""
    if unit != _COUNT or form not in units.dose_units() or units.base_unit(form) != _COUNT:
        raise RegimenSchemaError(f"dose.form: {form!r} is not a counted dose form of a 'count' dose")
    return form


def _route_from_dict(value) -> Route:
    return _guard(lambda: Route(value), "route")


def _frequency_from_dict(data) -> Frequency:
    if not isinstance(data, dict):
        raise RegimenSchemaError("frequency: expected an object")
    period = _duration_from_dict(data, "period", "frequency.")
    if period is None:
        raise RegimenSchemaError("frequency: expected period_days")
    return _guard(lambda: Frequency(times=_int(data.get("times"), "frequency.times"), period=period), "frequency")


def _days_from_dict(ranges, alternative: bool) -> Days:
    if not isinstance(ranges, list) or not all(isinstance(r, list) and len(r) == 2 for r in ranges):
        raise RegimenSchemaError("days: expected a list of [first, last] pairs")
    built = tuple(
        _guard(lambda r=r: DayRange(first=_int(r[0], "days"), last=_int(r[1], "days")), "days") for r in ranges
    )
    return _guard(lambda: Days(ranges=built, alternative=alternative), "days")


def _cycle_from_dict(data) -> Cycle:
    if not isinstance(data, dict):
        raise RegimenSchemaError("cycle: expected an object")
    length = _duration_from_dict(data, "length", "cycle.")
    count = data.get("count")
    return _guard(
        lambda: Cycle(
            length=length,
            count=None if count is None else _int(count, "cycle.count"),
            count_bound=data.get("count_bound"),
            count_high=None if data.get("count_max") is None else _int(data["count_max"], "cycle.count_max"),
        ),
        "cycle",
    )


def _infusion_from_dict(data: dict) -> Infusion:
    tolerance = data.get("infusion_tolerance_minutes")
    high = data.get("infusion_max_minutes")
    return _guard(
        lambda: Infusion(
            duration=_duration(data["infusion_minutes"], TimeUnit.MINUTE, "infusion_minutes"),
            tolerance=None if tolerance is None else _duration(tolerance, TimeUnit.MINUTE, "infusion_tolerance_minutes"),
            high=None if high is None else _duration(high, TimeUnit.MINUTE, "infusion_max_minutes"),
            bound=data.get("infusion_bound"),
            continuous=bool(data.get("infusion_continuous")),
        ),
        "infusion",
    )


def _fractions_from_dict(data) -> Fractionation:
    if not isinstance(data, dict):
        raise RegimenSchemaError("fractions: expected an object")
    names = {"dose_gy": "dose", "total_gy": "total"}
    derived = frozenset(names.get(d, d) for d in data.get("derived", ()))
    count, dose, total = data.get("count"), data.get("dose_gy"), data.get("total_gy")
    return _guard(
        lambda: Fractionation(
            count=None if count is None else _int(count, "fractions.count"),
            dose=None if dose is None else _dec(dose, "fractions.dose_gy"),
            total=None if total is None else _dec(total, "fractions.total_gy"),
            rbe=data.get("rbe") is True,
            derived=derived,
        ),
        "fractions",
    )
