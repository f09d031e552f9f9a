"""HL7 FHIR R4 export: a ``Dosage`` per component (``Component.to_fhir()``),
a ``MedicationRequest`` per component and a ``Bundle`` per regimen
(:func:`regimen_to_bundle`).

FHIR R4 (4.0.1); the tests validate with the ``fhir.resources`` R4B models
(fhir.resources 8 ships R5, R4B and STU3, not R4; R4B's Dosage, Timing,
MedicationRequest, Medication, Procedure and Bundle are R4's).  Dosage:

* ``sequence``: the component's phase, 1 first (``loading then q3w``: 1, 2);
* ``text``: the canonical text (:func:`regimen.format.format_component`);
* ``doseAndRate[0].doseQuantity`` / ``doseRange``: value, the unit as we
  print it, ``system`` http://unitsofmeasure.org and the UCUM ``code``
  (``mg/m2``, ``mg/kg``, ``[iU]``, ``ug``, ``mg.min/mL`` for AUC, ``/d`` for a
  daily dose, ``{tbl}`` for tablets); ``maxDosePerAdministration`` for a cap.
  Units of any kind (``U``, ``units``, ``IU``) are read as one unit, so they
  are all ``[iU]``: UCUM's ``U`` is the enzyme unit (µmol/min), which the
  text never tells apart;
* ``route``: a SNOMED CT coding with its display (``data/snomed_routes.txt``),
  text only where no code is confirmed;
* ``timing.repeat``: a cycle whose doses per cycle are exact is the
  repetition itself: ``frequency`` doses every ``period``/``periodUnit`` (the
  cycle length), ``count``/``countMax`` the doses of all cycles (``BID, D1-14,
  q3w × 8``: 28 every 3 wk, count 224); otherwise the stated
  ``frequency``/``period``/``periodUnit`` and ``count`` (number of doses).
  ``boundsDuration`` is the treatment duration, ``duration``/``durationUnit``
  the infusion time;
* ``asNeededBoolean``: the text says as needed (``prn``, ``on demand``);
* what Dosage cannot hold goes into one complex extension
  :data:`EXTENSION` (sub-extensions: ``agent``, ``regimen``, ``alternative``,
  ``cycleLength``, ``cycleCount``, ``cycleCountBound``, ``cycleCountMax``,
  ``dosesPerDay`` (a daily frequency folded into the cycle's repeat), ``days``,
  ``daysAlternative``, ``startDay``, ``fractionCount``, ``fractionDose``,
  ``totalDose``, ``rbeWeighted``, ``infusionTolerance``, ``infusionBound``,
  ``continuousInfusion``, ``unresolved``), and into ``text``.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any
from functools import cache
from importlib import resources

from regimen.format import format_component, format_days, format_dose
from regimen.vocab import lexicon, radiation
from regimen.identity import Drug
from regimen.model import Component, Dose, DoseBasis, Duration, Frequency, Regimen, Route, TimeUnit

__all__ = [
    "EXTENSION", "UCUM", "SNOMED", "MCODE", "DRUG_SYSTEMS", "component_to_fhir", "drug_concept", "medication_request",
    "radiotherapy_procedure", "regimen_to_bundle", "ucum_code", "dose_code",
]

#: A JSON object, as FHIR resources are built here.
JSON = dict[str, Any]

EXTENSION = "urn:regimen:fhir:StructureDefinition:regimen-schedule"
#: The display spelling of the as-needed instruction (``data/words.txt``).
_AS_NEEDED = "as needed"
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


def _number(value: Decimal | int) -> int | float:
    if isinstance(value, int):
        return value
    value = value.normalize()
    return int(value) if value == value.to_integral_value() else float(value)


def _quantity(value: Decimal, unit: str, display: str) -> JSON:
    return {"value": _number(value), "unit": display, "system": UCUM, "code": unit}


def _duration(duration: Duration) -> JSON:
    code = ucum_code(duration.unit.value)
    return {"value": _number(duration.value), "unit": code, "system": UCUM, "code": code}


def dose_code(dose: Dose) -> str:
    """The UCUM code of a dose's unit with its basis and period (``mg/m2/d``), as ``doseQuantity.code``."""
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


def _dose_and_rate(dose: Dose) -> JSON:
    code, display = dose_code(dose), _dose_display(dose)
    if dose.high is None:
        return {"doseQuantity": _quantity(dose.amount, code, display)}
    return {"doseRange": {"low": _quantity(dose.amount, code, display), "high": _quantity(dose.high, code, display)}}


def _route(route_: Route) -> JSON:
    route = route_.value
    found = _table("snomed_routes.txt").get(route)
    if found is None:
        return {"text": route}
    code, display = found
    return {"coding": [{"system": SNOMED, "code": code, "display": display}], "text": route}


def _timing(c: Component) -> JSON:
    repeat: JSON = _cycle_repeat(c) or _within_cycle_repeat(c)
    if c.duration is not None:
        repeat["boundsDuration"] = _duration(c.duration)
    if c.infusion is not None:
        repeat["duration"] = _number(c.infusion.duration.value)
        if c.infusion.high is not None:
            repeat["durationMax"] = _number(c.infusion.high.value)
        repeat["durationUnit"] = ucum_code(c.infusion.duration.unit.value)
    return {"repeat": repeat} if repeat else {}


def _within_cycle_repeat(c: Component) -> JSON:
    """The frequency as stated (``frequency``/``period``/``periodUnit``) and
    the number of doses (``count``): no cycle, or one whose doses per cycle
    cannot be counted exactly."""
    repeat: JSON = {}
    if c.frequency is not None:
        repeat |= {
            "frequency": c.frequency.times,
            "period": _number(c.frequency.period.value),
            "periodUnit": ucum_code(c.frequency.period.unit.value),
        }
    if c.doses is not None:
        repeat["count"] = c.doses
    return repeat


def _cycle_repeat(c: Component) -> JSON | None:
    """The cycle as FHIR's repetition: ``frequency`` doses every ``period``
    (the cycle length as stated), and ``count`` (``countMax``) the doses of
    all cycles, so a reader that knows only Timing sees every dose.

    Only where the doses per cycle are exact (:func:`_doses_per_cycle`); the
    days of the cycle stay in the extension (``days``), and a count with a
    bound (``up to 6 cycles``) stays there alone (``cycleCount``,
    ``cycleCountBound``)."""
    if c.cycle is None or c.cycle.length is None:
        return None
    length = c.cycle.length
    per_cycle = _doses_per_cycle(c, length)
    if per_cycle is None:
        return None
    repeat = {"frequency": per_cycle, "period": _number(length.value), "periodUnit": ucum_code(length.unit.value)}
    if c.cycle.count is not None and c.cycle.count_bound is None:
        repeat["count"] = per_cycle * c.cycle.count
        if c.cycle.count_high is not None:
            repeat["countMax"] = per_cycle * c.cycle.count_high
    return repeat


def _doses_per_cycle(c: Component, length: Duration) -> int | None:
    """Administrations in one cycle: one a listed day (one in all if no day
    is listed), times the doses a day where a daily frequency is stated
    (``BID, D1-14``: 28).  ``None`` (not counted) for a number of doses, a
    choice of days, days past the cycle's end (a month's: day 28), or any
    other frequency."""
    if c.doses is not None or (c.days is not None and c.days.alternative):
        return None
    ranges = c.days.day_ranges if c.days is not None else ((1, 1),)
    days = sum(last - first + 1 for first, last in ranges)
    if max(last for _, last in ranges) > _shortest_days(length):
        return None
    if c.frequency is None:
        return days
    per_day = _per_day(c.frequency)
    if per_day is None or c.days is None:
        return None
    return per_day * days


def _shortest_days(length: Duration) -> Decimal:
    """The fewest days a cycle of ``length`` lasts (a month: 28)."""
    days = length.days
    if days is not None:
        return days
    return length.value * (28 if length.unit is TimeUnit.MONTH else 365)


def _per_day(frequency: Frequency) -> int | None:
    """Doses a day of a frequency within a day (``BID``: 2, ``q8h``: 3)."""
    period = frequency.period
    hours = {TimeUnit.DAY: 24, TimeUnit.HOUR: 1}.get(period.unit)
    if hours is None or (period.value * hours) == 0 or 24 % (period.value * hours):
        return None
    return int(frequency.times * 24 / (period.value * hours))


def _gray(value: Decimal | None) -> JSON | None:
    return None if value is None else _quantity(value, "Gy", "Gy")


def _extension(c: Component) -> list[JSON]:
    parts: list[JSON] = []

    def add(url: str, kind: str, value: Any) -> None:
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
    if c.frequency is not None and _cycle_repeat(c) is not None:
        add("dosesPerDay", "Integer", _per_day(c.frequency))  # folded into the cycle's repeat
    if c.days is not None:
        add("days", "String", format_days(c.days))
        add("daysAlternative", "Boolean", c.days.alternative or None)
    add("startDay", "Integer", c.start.day if c.start else None)
    if c.fractions is not None:
        add("fractionCount", "Integer", c.fractions.count)
        add("fractionDose", "Quantity", _gray(c.fractions.dose))
        add("totalDose", "Quantity", _gray(c.fractions.total))
        add("rbeWeighted", "Boolean", c.fractions.rbe or None)
    if c.infusion is not None:
        add("infusionTolerance", "Duration", _duration(c.infusion.tolerance) if c.infusion.tolerance else None)
        add("infusionBound", "Code", c.infusion.bound)
        add("continuousInfusion", "Boolean", c.infusion.continuous or None)
    for text in c.unresolved:
        add("unresolved", "String", text)
    return [{"url": EXTENSION, "extension": parts}] if parts else []


def component_to_fhir(component: Component) -> JSON:
    """The component as a FHIR R4 ``Dosage`` (a JSON-ready dict)."""
    dosage: JSON = {"sequence": component.phase + 1, "text": format_component(component)}
    extension = _extension(component)
    if extension:
        dosage["extension"] = extension
    timing = _timing(component)
    if timing:
        dosage["timing"] = timing
    if _as_needed(component):
        dosage["asNeededBoolean"] = True
    if component.route is not None:
        dosage["route"] = _route(component.route)
    if component.dose is not None:
        dosage["doseAndRate"] = [_dose_and_rate(component.dose)]
    if component.max_dose is not None:
        dose = component.max_dose
        dosage["maxDosePerAdministration"] = _quantity(dose.amount, dose_code(dose), _dose_display(dose))
    return dosage


def _as_needed(c: Component) -> bool:
    """Does the text say ``as needed`` (``prn``, ``on demand``: the spellings
    of that instruction in ``data/words.txt``)?  The instruction stays in the
    unresolved text too; no reason is coded, since the words after it are not
    read (``prn pain`` keeps ``pain`` as unresolved text)."""
    for text in c.unresolved:
        entry = lexicon().lookup(text)
        if entry is not None and entry.terminal == "INSTRUCTION" and entry.display == _AS_NEEDED:
            return True
    return False


# --- resources: MedicationRequest, Procedure, Bundle --------------------------

#: Code systems of the drug lexicon's identifiers.  MeSH: the URL of HL7's
#: CodeSystem (https://build.fhir.org/ig/HL7/UTG/CodeSystem-MeSH.html).
#: DrugBank has no HL7-registered system; FHIR's list of code systems
#: (https://hl7.org/fhir/4.3.0-snapshot1/terminologies-systems.html, "UMLS Note") says to
#: use http://www.nlm.nih.gov/research/umls/[SAB] for a UMLS source not listed,
#: and DrugBank's UMLS abbreviation is DRUGBANK.  MedlinePlus drug-page ids
#: (a605010) are no code system: they stay out.
DRUG_SYSTEMS = {"drugbank": "http://www.nlm.nih.gov/research/umls/drugbank", "mesh": "https://www.nlm.nih.gov/mesh"}
#: mCODE (STU3/STU4) radiotherapy extensions; the course summary's codes.
MCODE = "http://hl7.org/fhir/us/mcode/StructureDefinition/"
_RT_CATEGORY = ("108290001", "Radiation oncology AND/OR radiotherapy (procedure)")
_RT_COURSE = ("1217123003", "Radiotherapy course of treatment (regime/therapy)")
#: FHIR's data-absent-reason extension: a required element the text does not state.
ABSENT = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"
#: The subject of every resource unless the caller gives one: FHIR requires a
#: subject, and a regimen's text names no patient.
UNKNOWN_SUBJECT = {"extension": [{"url": ABSENT, "valueCode": "unknown"}], "display": "patient not stated"}


def drug_concept(component: Component) -> JSON:
    """``medicationCodeableConcept``: ``text`` the agent as written, ``coding``
    the drug's DrugBank and MeSH codes (display: its generic name); a
    data-absent-reason where the text names no agent."""
    if component.agent is None:
        return {"extension": [{"url": ABSENT, "valueCode": "unknown"}]}
    concept: JSON = {"text": component.agent}
    coding = _coding(component.drug)
    if coding:
        concept["coding"] = coding
    return concept


def _coding(drug: Drug | None) -> list[JSON]:
    if drug is None:
        return []
    return [{"system": DRUG_SYSTEMS[system], "code": code, "display": drug.generic}
            for system, code in drug.ids if system in DRUG_SYSTEMS]


def _regimen_medication(agent: str | None, regimen: Drug, ident: str) -> JSON:
    """A named regimen (``FOLFOX``) as a contained ``Medication`` whose
    ingredients are its drugs, coded as :func:`drug_concept` codes a drug."""
    ingredients = [{"itemCodeableConcept": {"text": part.generic, **({"coding": _coding(part)} if _coding(part) else {})}}
                   for part in regimen.parts]
    return {"resourceType": "Medication", "id": ident, "code": {"text": agent}, "ingredient": ingredients}


def medication_request(component: Component, subject: JSON | None = None) -> JSON:
    """The component as an R4 ``MedicationRequest`` (``status`` draft, ``intent``
    plan: a regimen read from text, not an order), its ``dosageInstruction``
    the component's :func:`component_to_fhir` Dosage."""
    request: JSON = {"resourceType": "MedicationRequest", "status": "draft", "intent": "plan"}
    drug = component.drug
    if drug is not None and drug.parts:
        request["contained"] = [_regimen_medication(component.agent, drug, "regimen")]
        request["medicationReference"] = {"reference": "#regimen", "display": component.agent}
    else:
        request["medicationCodeableConcept"] = drug_concept(component)
    request["subject"] = subject or UNKNOWN_SUBJECT
    request["dosageInstruction"] = [component_to_fhir(component)]
    return request


def is_radiotherapy(component: Component) -> bool:
    """A course of radiation: fractions, or an agent of ``radiation.txt``."""
    if component.fractions is not None:
        return True
    entry = lexicon().lookup(component.agent) if component.agent else None
    return entry is not None and entry.terminal == "NAME" and entry.value in radiation()


def radiotherapy_procedure(component: Component, subject: JSON | None = None) -> JSON:
    """A radiotherapy component in the shape of mCODE's RadiotherapyCourseSummary:
    a ``Procedure`` (category and code from SNOMED CT), the total dose (cGy)
    and the number of fractions in mCODE's dose-delivered-to-volume extension.
    ``status`` is preparation: the text prescribes, nothing is delivered yet.
    No profile is claimed: mCODE requires a treated volume, which the text
    does not give.  The rest of the schedule is in :data:`EXTENSION`."""
    procedure: JSON = {
        "resourceType": "Procedure", "status": "preparation", "category": _sct(*_RT_CATEGORY),
        "code": {**_sct(*_RT_COURSE), "text": component.agent or "radiotherapy"},
        "subject": subject or UNKNOWN_SUBJECT, "note": [{"text": format_component(component)}],
    }
    volume: list[JSON] = []
    if component.fractions is not None and component.fractions.total is not None:
        volume.append({"url": "totalDoseDelivered", "valueQuantity": _quantity(component.fractions.total * 100, "cGy", "cGy")})
    if component.fractions is not None and component.fractions.count is not None:
        volume.append({"url": "fractionsDelivered", "valueUnsignedInt": component.fractions.count})
    extension = [{"url": MCODE + "mcode-radiotherapy-dose-delivered-to-volume", "extension": volume}] if volume else []
    procedure["extension"] = extension + _extension(component)
    if not procedure["extension"]:
        del procedure["extension"]
    return procedure


def _sct(code: str, display: str) -> JSON:
    return {"coding": [{"system": SNOMED, "code": code, "display": display}]}


def regimen_to_bundle(regimen: Regimen, subject: JSON | None = None) -> JSON:
    """The regimen as an R4 ``Bundle`` of type collection: a
    :func:`medication_request` per component, a :func:`radiotherapy_procedure`
    for radiotherapy, in text order.  ``subject`` (a Reference) replaces the
    placeholder :data:`UNKNOWN_SUBJECT`.  Entry ids are name-based UUIDs of the
    text and position, so the same text gives the same Bundle."""
    entries = []
    for number, component in enumerate(regimen.components):
        build = radiotherapy_procedure if is_radiotherapy(component) else medication_request
        ident = uuid.uuid5(_NAMESPACE, f"{regimen.text or str(regimen)}\x00{number}")
        entries.append({"fullUrl": f"urn:uuid:{ident}", "resource": build(component, subject)})
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


_NAMESPACE = uuid.UUID("6f1e4a52-3c55-4d1a-9a43-3c1d2a0f9b7e")  # regimen's own, for uuid5
