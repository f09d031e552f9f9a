"""Doses for a patient: body measures against the published formulas, the
Calvert dose, provenance, rounding, and the errors that name what is missing.

Reference values are computed here from the papers' formulas in plain float
arithmetic (``math``), independently of the library's Decimal code path.
"""

from __future__ import annotations

import math
from decimal import Decimal

import pint
import pytest

from regimen import RegimenError, parse_dose, units
from regimen.clinical import (
    BSA_FORMULAS, ClinicalError, MissingInputError, Patient, UncomputableError, adjusted_body_weight,
    body_surface_area, cockcroft_gault, dose_for, ideal_body_weight,
)

# (height cm, weight kg, sex, age years, serum creatinine mg/dL): adults of several builds and a child.
PATIENTS = [
    (170, 70, "female", 60, 0.9),
    (183, 95.5, "male", 45, 1.2),
    (152, 48, "female", 78, 1.6),
    (120, 22, "male", 8, 0.5),
    (165, 130, "male", 50, 0.7),
]
PUBLISHED = {
    "mosteller": lambda h, w: math.sqrt(h * w / 3600),  # Mosteller 1987
    "dubois": lambda h, w: 0.007184 * w**0.425 * h**0.725,  # DuBois & DuBois 1916
    "haycock": lambda h, w: 0.024265 * w**0.5378 * h**0.3964,  # Haycock 1978
    "gehan-george": lambda h, w: 0.0235 * w**0.51456 * h**0.42246,  # Gehan & George 1970
    "boyd": lambda h, w: 0.0003207 * h**0.3 * (w * 1000) ** (0.7285 - 0.0188 * math.log10(w * 1000)),  # Boyd 1935
}


def devine(h, sex):
    return (50 if sex == "male" else 45.5) + 2.3 * (h / 2.54 - 60)


def cockcroft(age, kg, scr, sex):
    return (140 - age) * kg / (72 * scr) * (0.85 if sex == "female" else 1)


def patient(h, w, sex, age, scr, **extra):
    return Patient(height=h, weight=w, sex=sex, age=age, creatinine=scr, **extra)


@pytest.mark.parametrize("formula", sorted(PUBLISHED))
@pytest.mark.parametrize("person", PATIENTS, ids=lambda p: f"{p[0]}cm-{p[1]}kg")
def test_bsa_matches_the_published_formula(formula, person):
    measure = body_surface_area(patient(*person), formula)
    assert measure.value.units == units.unit("m**2")
    assert type(measure.value.magnitude) is Decimal
    assert float(measure.value.magnitude) == pytest.approx(PUBLISHED[formula](person[0], person[1]), rel=1e-12)


def test_every_formula_is_tested_and_mosteller_is_exact():
    assert set(BSA_FORMULAS) == set(PUBLISHED)
    assert body_surface_area(Patient(height=180, weight=80)).value.magnitude == Decimal(2)  # √(180·80/3600)


@pytest.mark.parametrize("person", PATIENTS, ids=lambda p: f"{p[0]}cm-{p[2]}")
def test_weights_and_clearance_match_devine_and_cockcroft_gault(person):
    h, w, sex, age, scr = person
    p = patient(*person)
    ibw = devine(h, sex)
    if ibw <= 0:
        with pytest.raises(ClinicalError, match="not positive"):
            ideal_body_weight(p)
        return
    assert float(ideal_body_weight(p).value.to("kg").magnitude) == pytest.approx(ibw, rel=1e-12)
    assert float(adjusted_body_weight(p).value.magnitude) == pytest.approx(ibw + 0.4 * (w - ibw), rel=1e-12)
    assert float(cockcroft_gault(p).value.magnitude) == pytest.approx(cockcroft(age, w, scr, sex), rel=1e-12)


def test_creatinine_in_micromoles_per_litre_is_converted_by_88_4():
    p = Patient(creatinine=units.registry().Quantity(Decimal("88.4"), "umol/L"))
    assert p.creatinine == Decimal(1)
    assert Patient(height=units.registry().Quantity(Decimal(70), "inch")).height == Decimal("177.8")


@pytest.mark.parametrize("person", PATIENTS[:3], ids=lambda p: f"{p[0]}cm")
def test_bsa_dose_is_dose_times_mosteller_with_provenance(person):
    dose = dose_for(parse_dose("Docetaxel 75 mg/m2 IV d1 q3w x 6 cycles"), patient(*person))
    assert float(dose.amount.to("mg").magnitude) == pytest.approx(75 * PUBLISHED["mosteller"](*person[:2]), rel=1e-12)
    assert type(dose.amount.magnitude) is Decimal and dose.amount._REGISTRY is units.registry()
    assert "mosteller" in dose.formula and dict(dose.inputs)["prescribed dose"] == "75 mg/m²"
    assert [m.name for m in dose.intermediates] == ["body surface area"]


@pytest.mark.parametrize("person", PATIENTS[:3], ids=lambda p: f"{p[0]}cm")
def test_calvert_dose_with_cockcroft_gault(person):
    h, w, sex, age, scr = person
    dose = dose_for(parse_dose("Carboplatin AUC 6 IV d1 q21d x 4 cycles"), patient(*person))
    gfr = min(cockcroft(age, w, scr, sex), 125)
    assert float(dose.amount.to("mg").magnitude) == pytest.approx(6 * (gfr + 25), rel=1e-12)  # Calvert 1989
    assert "Calvert" in dose.formula and dose.intermediates[0].formula == "cockcroft-gault"


def test_the_gfr_cap_is_on_by_default_stated_and_can_be_lifted():
    carboplatin = parse_dose("Carboplatin AUC 5 d1 q3w")
    heavy = patient(*PATIENTS[4])  # Cockcroft-Gault ≈ 232 mL/min
    capped = dose_for(carboplatin, heavy)
    assert capped.amount == units.quantity(Decimal(750), "mg")  # 5 × (125 + 25)
    assert capped.notes == ("GFR cap 125 mL/min applied",)
    lifted = dose_for(carboplatin, heavy, gfr_cap=None)
    assert float(lifted.amount.magnitude) == pytest.approx(5 * (cockcroft(50, 130, 0.7, "male") + 25))
    given = dose_for(carboplatin, Patient(gfr=60))
    assert given.amount.magnitude == 425 and given.intermediates[0].formula == "as given"


def test_per_kg_weights_flat_doses_rounding_and_the_bsa_cap():
    trastuzumab = parse_dose("Trastuzumab 6 mg/kg IV q3w")
    p = patient(*PATIENTS[4])
    assert dose_for(trastuzumab, p).amount.magnitude == 780
    assert float(dose_for(trastuzumab, p, weight="ideal").amount.magnitude) == pytest.approx(6 * devine(165, "male"))
    assert dose_for(parse_dose("Pembrolizumab 200 mg IV q3w"), p).amount == units.quantity(Decimal(200), "mg")
    docetaxel = parse_dose("Docetaxel 75 mg/m2 d1 q3w")
    rounded = dose_for(docetaxel, patient(*PATIENTS[0]), precision=10)
    assert rounded.amount.magnitude == 140 and rounded.unrounded.magnitude != 140
    capped = dose_for(docetaxel, patient(*PATIENTS[4]), bsa_cap=2)
    assert capped.amount.magnitude == 150 and capped.notes[0].startswith("BSA capped at 2 m²")


def test_a_stated_maximum_caps_the_dose():
    vincristine = parse_dose("Vincristine 1.4 mg/m2 IV d1 (maximum 2 mg) q3w x 6 cycles")
    capped = dose_for(vincristine, Patient(height=180, weight=80))  # 1.4 × 2 m² = 2.8 mg
    assert capped.amount == units.quantity(Decimal(2), "mg") and capped.unrounded.magnitude == 2
    assert capped.notes == ("capped at the stated maximum 2 mg (computed 2.8 mg)",)
    small = dose_for(vincristine, Patient(height=100, weight=16))
    assert float(small.amount.magnitude) == pytest.approx(1.4 * math.sqrt(1600 / 3600))
    daily = dose_for(parse_dose("Paracetamol 50 mg/kg/day (max 3 g/day) PO d1-5"), Patient(weight=70))
    assert daily.amount.to("g").magnitude == 3 and daily.per is not None


@pytest.mark.parametrize(("text", "person", "weight", "missing"), [
    ("Docetaxel 75 mg/m2 d1 q3w", Patient(weight=70), "actual", "height"),
    ("Trastuzumab 6 mg/kg q3w", Patient(height=170), "actual", "weight"),
    ("Trastuzumab 6 mg/kg q3w", Patient(height=170, weight=70), "ideal", "sex"),  # Devine needs the sex
    ("Carboplatin AUC 5 d1 q3w", Patient(weight=70, sex="male", age=60), "actual", "serum creatinine"),
])
def test_a_missing_input_is_named(text, person, weight, missing):
    with pytest.raises(MissingInputError, match=missing) as info:
        dose_for(parse_dose(text), person, weight=weight)
    assert isinstance(info.value, RegimenError) and missing in info.value.name


def test_a_dose_range_needs_an_end_and_a_foreign_quantity_is_refused():
    cisplatin = parse_dose("Cisplatin 75-100 mg/m2 d1 q3w")
    with pytest.raises(UncomputableError, match="range .*end='low' or end='high'"):
        dose_for(cisplatin, Patient(height=180, weight=80))
    assert dose_for(cisplatin, Patient(height=180, weight=80), end="high").amount.magnitude == 200
    with pytest.raises(ClinicalError, match="another pint registry"):
        Patient(height=pint.UnitRegistry().Quantity(170, "cm"))
    with pytest.raises(ClinicalError, match="units of kg"):
        Patient(weight=units.registry().Quantity(Decimal(170), "cm"))
    with pytest.raises(ClinicalError, match="unknown BSA formula 'bogus'"):
        body_surface_area(Patient(height=180, weight=80), "bogus")


def test_the_package_doctest_and_its_lazy_names():
    import doctest
    import types

    import regimen.clinical

    assert doctest.testmod(regimen.clinical).failed == 0
    for name in regimen.clinical.__all__:  # each resolves to the object, never to a module of the same name
        assert not isinstance(getattr(regimen.clinical, name), types.ModuleType), name
    with pytest.raises(AttributeError, match="no attribute 'bogus'"):
        regimen.clinical.bogus
