"""The absolute dose of one administration for a patient, with its provenance.

Rules, by the dose's basis (:class:`regimen.DoseBasis`):

* flat: the dose as written;
* a stated maximum (``(maximum 2 mg)``) caps the result, with a note;
* per m²: dose × body surface area (Mosteller by default, or any formula of
  :data:`~regimen.clinical.patient.BSA_FORMULAS` by name), the BSA optionally
  capped (``bsa_cap``, e.g. 2 m²);
* per kg: dose × the weight chosen by name: ``actual``, ``ideal`` (Devine)
  or ``adjusted``;
* AUC: the Calvert formula (Calvert AH et al. J Clin Oncol 1989;7:1748),
  dose mg = AUC mg/mL·min × (GFR mL/min + 25), the GFR given or estimated by
  Cockcroft-Gault, and capped at 125 mL/min unless ``gfr_cap=None``.

A dose range is refused unless ``end="low"`` or ``end="high"`` chooses one
end; a dose per day (``mg/m²/d``) stays per day (``per`` of the result).
Rounding happens only when ``precision`` is given (``Decimal("1")``: whole
mg), half-even, and the unrounded dose is kept beside the rounded one.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from regimen.clinical.errors import ClinicalError, MissingInputError, UncomputableError
from regimen.clinical.numbers import CONTEXT, decimal, exact, magnitude, quantity, text, unit_text
from regimen.clinical.patient import (
    Measure, Patient, adjusted_body_weight, body_surface_area, cockcroft_gault, ideal_body_weight,
)
from regimen import units
from regimen.format import format_dose
from regimen.model import Component, Dose, DoseBasis, Duration

__all__ = ["PatientDose", "dose_for", "own_unit", "DEFAULT_GFR_CAP", "WEIGHTS"]

#: The usual cap of the GFR in the Calvert formula (mL/min), on by default.
DEFAULT_GFR_CAP = Decimal(125)
#: The weights a per-kg dose may use, by name.
WEIGHTS = ("actual", "ideal", "adjusted")


@dataclass(frozen=True, slots=True)
class PatientDose:
    """The absolute dose of one administration.

    ``amount``: pint quantity (Decimal magnitude), rounded if asked;
    ``unrounded``: before rounding; ``per``: the period of a dose per day;
    ``formula``: the rule applied, in words; ``inputs``: the prescribed dose
    and the patient's values used; ``intermediates``: computed measures
    (BSA, weight, GFR) as :class:`~regimen.clinical.patient.Measure`;
    ``notes``: caps and choices applied (``GFR capped at 125 mL/min``).
    """

    agent: str | None
    amount: object
    unrounded: object
    per: Duration | None
    formula: str
    inputs: tuple[tuple[str, object], ...]
    intermediates: tuple[Measure, ...] = ()
    notes: tuple[str, ...] = ()

    def __str__(self) -> str:
        return text(self.amount) + (f" per {_period(self.per)}" if self.per is not None else "")

    def as_float(self) -> float:
        """The amount as a float, for a caller that asks for floats."""
        return float(self.amount.magnitude)


def dose_for(
    component: Component, patient: Patient, *, bsa_formula: str = "mosteller", bsa_cap=None,
    weight: str = "actual", gfr_cap=DEFAULT_GFR_CAP, precision=None, end: str | None = None,
) -> PatientDose:
    """The absolute dose of ``component`` for ``patient`` (see the module's rules)."""
    dose = component.dose
    if dose is None:
        what = "fractions: see regimen.clinical.radiobiology" if component.fractions is not None else "a dose"
        raise MissingInputError(f"dose of {component.agent or 'the component'}", what)
    amount = _amount(dose, end)
    prescribed = ("prescribed dose", format_dose(dose) if dose.high is None else f"{format_dose(dose)} ({end} end)")
    if dose.basis is DoseBasis.FLAT:
        result = quantity(amount, dose.unit), "flat dose as written", (), ()
    elif dose.basis is DoseBasis.BSA:
        result = _per_m2(amount, dose.unit, patient, bsa_formula, bsa_cap)
    elif dose.basis is DoseBasis.WEIGHT:
        result = _per_kg(amount, dose.unit, patient, weight)
    else:
        result = _calvert(amount, patient, gfr_cap)
    value, formula, measures, notes = result
    value, notes = _capped(component, value, notes)
    rounded = value if precision is None else _rounded(value, precision)
    if precision is not None:
        notes = (*notes, f"rounded to {exact(decimal(precision, 'precision'))} {unit_text(value.units)} (half-even)")
    if component.unresolved:
        notes = (*notes, "text not understood: " + ", ".join(repr(t) for t in component.unresolved))
    inputs = (prescribed, *_patient_inputs(measures))
    return PatientDose(component.agent, rounded, value, dose.per, formula, inputs, measures, notes)


def own_unit(dose: Dose):
    """The unit of a prescribed dose as written: ``mg/m**2``, ``mg/kg``, ``AUC``."""
    unit = units.unit(dose.unit)
    if dose.basis is DoseBasis.BSA:
        return unit / units.unit("m") ** 2
    if dose.basis is DoseBasis.WEIGHT:
        return unit / units.unit("kg")
    return unit


def _capped(component: Component, value, notes: tuple[str, ...]):
    """The stated maximum (``(maximum 2 mg)``, ``(max 3 g/d)``) caps the absolute dose:
    a flat maximum per the same period as the dose; any other is refused."""
    cap = component.max_dose
    if cap is None:
        return value, notes
    if cap.basis is not DoseBasis.FLAT or cap.high is not None or cap.per != component.dose.per:
        raise UncomputableError(f"the maximum {format_dose(cap)} is not a flat dose per the period of"
                                f" {format_dose(component.dose)}")
    from pint import DimensionalityError

    try:
        limit = exact(quantity(cap.amount, cap.unit).to(value.units).magnitude)
    except DimensionalityError as exc:
        raise UncomputableError(f"the maximum {format_dose(cap)} is not in the unit of the dose ({text(value)})") from exc
    if value.magnitude <= limit:
        return value, (*notes, f"maximum {format_dose(cap)} (not reached)")
    return quantity(limit, value.units), (*notes, f"capped at the stated maximum {format_dose(cap)} (computed {text(value)})")


def _amount(dose: Dose, end: str | None) -> Decimal:
    if dose.high is None:
        return dose.amount
    if end not in ("low", "high"):
        raise UncomputableError(
            f"the dose is a range ({format_dose(dose)}): choose an end with end='low' or end='high'")
    return dose.amount if end == "low" else dose.high


def _per_m2(amount: Decimal, unit: str, patient: Patient, formula: str, cap):
    bsa = body_surface_area(patient, formula)
    area, notes = bsa.value.magnitude, ()
    if cap is not None:
        limit = magnitude(cap, "m**2", "BSA cap")
        if area > limit:
            area, notes = limit, (f"BSA capped at {exact(limit)} m² (computed {_short(bsa.value.magnitude)} m²)",)
    return (quantity(exact(amount * area), unit), f"dose per m² × body surface area ({bsa.formula})",
            (bsa,), notes)


def _per_kg(amount: Decimal, unit: str, patient: Patient, weight: str):
    if weight == "actual":
        patient.need("weight", "a dose per kg")
        measure = Measure("actual body weight", patient.quantity("weight"), "as measured",
                          (("weight", patient.quantity("weight")),))
    elif weight == "ideal":
        measure = ideal_body_weight(patient)
    elif weight == "adjusted":
        measure = adjusted_body_weight(patient)
    else:
        raise ClinicalError(f"unknown weight {weight!r}; expected one of {', '.join(WEIGHTS)}")
    kg = measure.value.magnitude
    return quantity(exact(amount * kg), unit), f"dose per kg × {measure.name}", (measure,), ()


def _calvert(auc: Decimal, patient: Patient, cap):
    """Calvert: dose (mg) = AUC × (GFR + 25); the GFR given, else Cockcroft-Gault."""
    if patient.gfr is not None:
        gfr = Measure("GFR", patient.quantity("gfr"), "as given")
    else:
        try:
            gfr = cockcroft_gault(patient)
        except MissingInputError as exc:
            raise MissingInputError(f"GFR, or {exc.name} to estimate it", "an AUC dose (Calvert)") from exc
    rate, notes = gfr.value.magnitude, ()
    if cap is not None:
        limit = magnitude(cap, "mL/min", "GFR cap")
        notes = (f"GFR cap {exact(limit)} mL/min" + (" applied" if rate > limit else " (not reached)"),)
        rate = min(rate, limit)
    formula = f"Calvert: AUC × (GFR + 25), GFR {gfr.formula}"
    return quantity(exact(auc * (rate + 25)), "mg"), formula, (gfr,), notes


def _rounded(value, precision):
    step = decimal(precision, "precision")
    if not step > 0:
        raise ClinicalError(f"precision must be positive, got {precision}")
    steps = CONTEXT.divide(value.magnitude, step).quantize(Decimal(1), rounding=ROUND_HALF_EVEN)
    return quantity(exact(steps * step), value.units)


def _patient_inputs(measures: tuple[Measure, ...]) -> tuple[tuple[str, object], ...]:
    seen: dict[str, object] = {}
    for measure in measures:
        for name, value in measure.inputs:
            seen.setdefault(name, value)
    return tuple(seen.items())


def _short(value: Decimal) -> str:
    return str(exact(value.quantize(Decimal("0.0001"))))


def _period(per: Duration) -> str:
    return per.unit.value if per.value == 1 else f"{exact(per.value)} {per.unit.value}s"
