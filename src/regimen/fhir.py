"""HL7 FHIR R4 ``Dosage`` export (``Component.to_fhir()``).

FHIR R4 (4.0.1); the tests validate every corpus component with the
``fhir.resources`` R4B models, whose Dosage is R4's.  Mapping:

* ``text``: the canonical text (:func:`regimen.format.format_component`);
* ``doseAndRate[0].doseQuantity`` / ``doseRange``: value, the unit as we
  print it, ``system`` http://unitsofmeasure.org and the UCUM ``code``
  (``mg/m2``, ``mg/kg``, ``[iU]``, ``ug``, ``mg.min/mL`` for AUC, ``/d`` for a
  daily dose); ``maxDosePerAdministration`` for a dose cap;
* ``route``: a SNOMED CT coding with its display (``data/snomed_routes.txt``),
  text only where no code is confirmed;
* ``timing.repeat``: ``frequency``/``period``/``periodUnit``, ``count``
  (number of doses), ``boundsDuration`` (treatment duration),
  ``duration``/``durationUnit`` (infusion time);
* what Dosage cannot hold goes into one complex extension
  :data:`EXTENSION` (sub-extensions: ``agent``, ``regimen``, ``alternative``,
  ``cycleLength``, ``cycleCount``, ``cycleCountBound``, ``cycleCountMax``, ``days``,
  ``daysAlternative``, ``startDay``, ``fractionCount``, ``fractionDose``,
  ``totalDose``, ``rbeWeighted``, ``infusionTolerance``, ``infusionBound``,
  ``continuousInfusion``, ``unresolved``), and into ``text``.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from importlib import resources

from regimen.format import format_component, format_days, format_dose
from regimen.model import Component, Dose, DoseBasis, Duration

__all__ = ["EXTENSION", "UCUM", "SNOMED", "component_to_fhir", "ucum_code"]

EXTENSION = "urn:regimen:fhir:StructureDefinition:regimen-schedule"
UCUM = "http://unitsofmeasure.org"
SNOMED = "http://snomed.info/sct"


@cache
def _table(name: str) -> dict[str, tuple[str, ...]]:
    text = (resources.files("regimen.data") / name).read_text(encoding="utf-8")
    rows = (line.split(" = ") for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return {key.strip(): tuple(v.strip() for v in rest) for key, *rest in rows}


def ucum_code(unit: str) -> str:
    """The UCUM code of a unit name of regimen's (``IU`` → ``[iU]``)."""
    return _table("ucum.txt")[unit][0]


def _number(value: Decimal | int):
    if isinstance(value, int):
        return value
    value = value.normalize()
    return int(value) if value == value.to_integral_value() else float(value)


def _quantity(value: Decimal, unit: str, display: str) -> dict:
    return {"value": _number(value), "unit": display, "system": UCUM, "code": unit}


def _duration(duration: Duration) -> dict:
    code = ucum_code(duration.unit.value)
    return {"value": _number(duration.value), "unit": code, "system": UCUM, "code": code}


def _dose_code(dose: Dose) -> str:
    code = ucum_code(dose.unit)
    if dose.basis is DoseBasis.BSA:
        code += "/m2"
    elif dose.basis is DoseBasis.WEIGHT:
        code += "/kg"
    if dose.per is not None:
        code += "/" + ucum_code(dose.per.unit.value)
    return code


def _dose_display(dose: Dose) -> str:
    return format_dose(dose).split(" ", 1)[1] if dose.basis is not DoseBasis.AUC else "AUC"


def _dose_and_rate(dose: Dose) -> dict:
    code, display = _dose_code(dose), _dose_display(dose)
    if dose.high is None:
        return {"doseQuantity": _quantity(dose.amount, code, display)}
    return {"doseRange": {"low": _quantity(dose.amount, code, display), "high": _quantity(dose.high, code, display)}}


def _route(component: Component) -> dict:
    route = component.route.value
    found = _table("snomed_routes.txt").get(route)
    if found is None:
        return {"text": route}
    code, display = found
    return {"coding": [{"system": SNOMED, "code": code, "display": display}], "text": route}


def _timing(c: Component) -> dict:
    repeat: dict = {}
    if c.frequency is not None:
        repeat |= {
            "frequency": c.frequency.times,
            "period": _number(c.frequency.period.value),
            "periodUnit": ucum_code(c.frequency.period.unit.value),
        }
    if c.doses is not None:
        repeat["count"] = c.doses
    if c.duration is not None:
        repeat["boundsDuration"] = _duration(c.duration)
    if c.infusion is not None:
        repeat["duration"] = _number(c.infusion.duration.value)
        if c.infusion.high is not None:
            repeat["durationMax"] = _number(c.infusion.high.value)
        repeat["durationUnit"] = ucum_code(c.infusion.duration.unit.value)
    return {"repeat": repeat} if repeat else {}


def _extension(c: Component) -> list[dict]:
    parts: list[dict] = []

    def add(url: str, kind: str, value) -> None:
        if value is not None and value is not False:
            parts.append({"url": url, f"value{kind}": value})

    add("agent", "String", c.agent)
    add("regimen", "String", c.regimen)
    add("alternative", "Boolean", c.alternative or None)
    if c.cycle is not None:
        add("cycleLength", "Duration", _duration(c.cycle.length) if c.cycle.length else None)
        add("cycleCount", "Integer", c.cycle.count)
        add("cycleCountBound", "Code", c.cycle.count_bound)
        add("cycleCountMax", "Integer", c.cycle.count_high)
    if c.days is not None:
        add("days", "String", format_days(c.days))
        add("daysAlternative", "Boolean", c.days.alternative or None)
    add("startDay", "Integer", c.start.day if c.start else None)
    if c.fractions is not None:
        gray = lambda v: None if v is None else _quantity(v, "Gy", "Gy")  # noqa: E731
        add("fractionCount", "Integer", c.fractions.count)
        add("fractionDose", "Quantity", gray(c.fractions.dose))
        add("totalDose", "Quantity", gray(c.fractions.total))
        add("rbeWeighted", "Boolean", c.fractions.rbe or None)
    if c.infusion is not None:
        add("infusionTolerance", "Duration", _duration(c.infusion.tolerance) if c.infusion.tolerance else None)
        add("infusionBound", "Code", c.infusion.bound)
        add("continuousInfusion", "Boolean", c.infusion.continuous or None)
    for text in c.unresolved:
        add("unresolved", "String", text)
    return [{"url": EXTENSION, "extension": parts}] if parts else []


def component_to_fhir(component: Component) -> dict:
    """The component as a FHIR R4 ``Dosage`` (a JSON-ready dict)."""
    dosage: dict = {"text": format_component(component)}
    extension = _extension(component)
    if extension:
        dosage["extension"] = extension
    timing = _timing(component)
    if timing:
        dosage["timing"] = timing
    if component.route is not None:
        dosage["route"] = _route(component)
    if component.dose is not None:
        dosage["doseAndRate"] = [_dose_and_rate(component.dose)]
    if component.max_dose is not None:
        dose = component.max_dose
        dosage["maxDosePerAdministration"] = _quantity(dose.amount, _dose_code(dose), _dose_display(dose))
    return dosage
