"""A patient, and the body measures dosing needs: body surface area, ideal
and adjusted body weight, creatinine clearance.

Every formula is written as published, in its own units (height in cm,
weight in kg unless the paper says otherwise), and computed exactly under
:data:`regimen.clinical.numbers.CONTEXT`.  A measure returns a :class:`Measure`:
the value as a pint quantity (Decimal magnitude) with the formula's name and
the inputs it used, so a dose can show its provenance.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Callable

from regimen.clinical.errors import ClinicalError, MissingInputError
from regimen.clinical.numbers import CONTEXT, decimal, exact, magnitude, power, quantity, sqrt

__all__ = [
    "Sex", "Patient", "Measure", "BSA_FORMULAS", "body_surface_area", "ideal_body_weight", "adjusted_body_weight",
    "cockcroft_gault", "CREATININE_UMOL_PER_MG_DL",
]

#: Serum creatinine: 1 mg/dL = 88.4 µmol/L (molar mass 113.12 g/mol), the
#: factor laboratories use; a creatinine in µmol/L is divided by it.
CREATININE_UMOL_PER_MG_DL = Decimal("88.4")


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"


@dataclass(frozen=True, slots=True)
class Measure:
    """A computed measure: ``value`` (pint quantity), the ``formula`` by name,
    and the ``inputs`` it used as ``(name, quantity)`` pairs."""

    name: str
    value: object
    formula: str
    inputs: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Patient:
    """What dosing may need to know of a patient.

    Each value is a pint quantity of :func:`regimen.units.registry` or a plain
    number in the unit stated here: ``height`` cm, ``weight`` kg, ``age``
    years, ``creatinine`` (serum) mg/dL (a quantity in µmol/L is converted by
    :data:`CREATININE_UMOL_PER_MG_DL`), ``gfr`` mL/min.  ``sex`` is ``"female"``
    or ``"male"``.  Values are kept as exact Decimals in those units; a value
    not given is ``None`` and a formula that needs it raises
    :class:`MissingInputError` naming it.
    """

    height: Decimal | None = None
    weight: Decimal | None = None
    sex: Sex | None = None
    age: Decimal | None = None
    creatinine: Decimal | None = None
    gfr: Decimal | None = None

    def __post_init__(self) -> None:
        for name, unit in _UNITS.items():
            value = getattr(self, name)
            if value is None:
                continue
            number = _creatinine(value) if name == "creatinine" else magnitude(value, unit, name)
            if not number > 0:
                raise ClinicalError(f"{name} must be positive, got {number} {unit}")
            object.__setattr__(self, name, number)
        if self.sex is not None:
            try:
                object.__setattr__(self, "sex", Sex(str(self.sex).lower()))
            except ValueError as exc:
                raise ClinicalError(f"sex must be 'female' or 'male', got {self.sex!r}") from exc

    def need(self, name: str, needed_for: str):
        """The value called ``name``, or :class:`MissingInputError` naming it."""
        value = getattr(self, name)
        if value is None:
            raise MissingInputError(_LABELS.get(name, name), needed_for)
        return value

    def quantity(self, name: str):
        return quantity(self.need(name, name), _UNITS[name])


_UNITS = {"height": "cm", "weight": "kg", "age": "year", "creatinine": "mg/dL", "gfr": "mL/min"}
_LABELS = {"creatinine": "serum creatinine", "gfr": "GFR"}


def _creatinine(value) -> Decimal:
    """Serum creatinine in mg/dL; a quantity in µmol/L (or any amount of
    substance per volume) is converted by the laboratory factor 88.4."""
    if hasattr(value, "units") and value.check("[substance] / [length] ** 3"):
        with_umol = magnitude(value, "umol/L", "serum creatinine")
        return exact(CONTEXT.divide(with_umol, CREATININE_UMOL_PER_MG_DL))
    return magnitude(value, "mg/dL", "serum creatinine")


def _mosteller(h: Decimal, w: Decimal) -> Decimal:
    """Mosteller RD. N Engl J Med 1987;317:1098: BSA (m²) = √(height cm × weight kg / 3600)."""
    return sqrt(CONTEXT.divide(h * w, 3600))


def _dubois(h: Decimal, w: Decimal) -> Decimal:
    """Du Bois D, Du Bois EF. Arch Intern Med 1916;17:863: BSA = 0.007184 × W^0.425 × H^0.725."""
    return CONTEXT.multiply(Decimal("0.007184") * power(w, Decimal("0.425")), power(h, Decimal("0.725")))


def _haycock(h: Decimal, w: Decimal) -> Decimal:
    """Haycock GB et al. J Pediatr 1978;93:62: BSA = 0.024265 × W^0.5378 × H^0.3964."""
    return CONTEXT.multiply(Decimal("0.024265") * power(w, Decimal("0.5378")), power(h, Decimal("0.3964")))


def _gehan_george(h: Decimal, w: Decimal) -> Decimal:
    """Gehan EA, George SL. Cancer Chemother Rep 1970;54:225: BSA = 0.0235 × W^0.51456 × H^0.42246."""
    return CONTEXT.multiply(Decimal("0.0235") * power(w, Decimal("0.51456")), power(h, Decimal("0.42246")))


def _boyd(h: Decimal, w: Decimal) -> Decimal:
    """Boyd E. The growth of the surface area of the human body, 1935:
    BSA = 0.0003207 × H^0.3 × G^(0.7285 − 0.0188 × log10 G), G the weight in grams."""
    grams = w * 1000
    exponent = Decimal("0.7285") - Decimal("0.0188") * grams.log10(CONTEXT)
    return CONTEXT.multiply(Decimal("0.0003207") * power(h, Decimal("0.3")), power(grams, exponent))


#: Body surface area formulas by name: ``(height cm, weight kg) → m²``.
BSA_FORMULAS: dict[str, Callable[[Decimal, Decimal], Decimal]] = {
    "mosteller": _mosteller, "dubois": _dubois, "haycock": _haycock, "gehan-george": _gehan_george, "boyd": _boyd,
}


def body_surface_area(patient: Patient, formula: str = "mosteller") -> Measure:
    """Body surface area in m² by ``formula`` (a key of :data:`BSA_FORMULAS`; Mosteller by default)."""
    try:
        compute = BSA_FORMULAS[formula.lower()]
    except KeyError:
        raise ClinicalError(f"unknown BSA formula {formula!r}; expected one of {', '.join(BSA_FORMULAS)}") from None
    needed = f"body surface area ({formula})"
    h, w = patient.need("height", needed), patient.need("weight", needed)
    return Measure("body surface area", quantity(exact(compute(h, w)), "m**2"), formula.lower(),
                   (("height", patient.quantity("height")), ("weight", patient.quantity("weight"))))


def ideal_body_weight(patient: Patient) -> Measure:
    """Ideal body weight by Devine (Drug Intell Clin Pharm 1974;8:650): 50 kg
    (male) or 45.5 kg (female) + 2.3 kg per inch of height over 5 feet
    (height in inches = cm / 2.54).  Refused where it is not positive."""
    needed = "ideal body weight (Devine)"
    h, sex = patient.need("height", needed), patient.need("sex", needed)
    base = Decimal(50) if sex is Sex.MALE else Decimal("45.5")
    ibw = exact(base + Decimal("2.3") * (CONTEXT.divide(h, Decimal("2.54")) - 60))
    if not ibw > 0:
        raise ClinicalError(f"the Devine ideal body weight is not positive at height {h} cm ({ibw} kg)")
    return Measure("ideal body weight", quantity(ibw, "kg"), "devine",
                   (("height", patient.quantity("height")), ("sex", sex.value)))


def adjusted_body_weight(patient: Patient, factor: Decimal = Decimal("0.4")) -> Measure:
    """Adjusted body weight: IBW + ``factor`` × (actual − IBW), factor 0.4 by
    default (the usual correction for obesity), IBW by Devine."""
    ibw = ideal_body_weight(patient)
    actual = patient.need("weight", "adjusted body weight")
    ideal = ibw.value.magnitude
    adjusted = exact(ideal + decimal(factor, "adjustment factor") * (actual - ideal))
    return Measure("adjusted body weight", quantity(adjusted, "kg"), f"ideal + {factor} × (actual − ideal)",
                   (("weight", patient.quantity("weight")), ("ideal body weight", ibw.value)))


def cockcroft_gault(patient: Patient, weight: Measure | None = None) -> Measure:
    """Creatinine clearance (mL/min) by Cockcroft DW, Gault MH. Nephron
    1976;16:31: (140 − age) × weight kg / (72 × serum creatinine mg/dL),
    × 0.85 for a woman.  ``weight`` is the actual weight unless another
    measure (ideal, adjusted) is given."""
    needed = "creatinine clearance (Cockcroft-Gault)"
    age, creatinine, sex = (patient.need(name, needed) for name in ("age", "creatinine", "sex"))
    kg = weight.value.magnitude if weight is not None else patient.need("weight", needed)
    if not age < 140:
        raise ClinicalError(f"Cockcroft-Gault is not defined at age {age} (140 or more)")
    clearance = CONTEXT.divide((140 - age) * kg, 72 * creatinine)
    if sex is Sex.FEMALE:
        clearance *= Decimal("0.85")
    used_weight = weight.value if weight is not None else patient.quantity("weight")
    return Measure("creatinine clearance", quantity(exact(clearance), "mL/min"), "cockcroft-gault",
                   (("age", patient.quantity("age")), (weight.name if weight else "weight", used_weight),
                    ("serum creatinine", patient.quantity("creatinine")), ("sex", sex.value)))
