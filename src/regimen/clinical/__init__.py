"""Computing with a parsed regimen: doses for a patient, dose intensity, a
calendar, BED and EQD2.

    >>> from regimen import parse_regimen
    >>> from regimen.clinical import Patient, dose_for, eqd2
    >>> patient = Patient(height=170, weight=70, sex="female", age=60, creatinine=0.9)
    >>> str(dose_for(parse_regimen("Docetaxel 75 mg/m2 IV d1 q3w x 6 cycles").components[0], patient, precision=1))
    '136 mg'
    >>> eqd2(parse_regimen("5 x 5 Gy"), alpha_beta=10)
    <Quantity(31.25, 'gray')>

Numbers stay :class:`~decimal.Decimal` (pint quantities of the one
application registry, :mod:`regimen.units`) until a caller asks for floats.
Nothing here runs during parsing; pandas and icalendar are imported only by
:meth:`Calendar.to_frame` and :meth:`Calendar.to_ical` (``pip install
regimen[clinical,pandas]``).
"""

from importlib import import_module

#: Where each public name lives: the modules load on first use, so that the
#: command line (which registers ``regimen.clinical.cli``) imports none of them.
_HOMES = {
    "planner": ("Calendar", "Event", "calendar"),
    "dosing": ("DEFAULT_GFR_CAP", "PatientDose", "dose_for"),
    "errors": ("ClinicalError", "MissingInputError", "UncomputableError"),
    "dose_intensity": ("Intensity", "RelativeIntensity", "intensities", "intensity", "relative_intensity"),
    "radiobiology": ("ALPHA_BETA_PRESETS", "Dose2", "Repopulation", "bed", "compare", "eqd2", "lq"),
    "patient": ("BSA_FORMULAS", "Measure", "Patient", "Sex", "adjusted_body_weight", "body_surface_area",
                "cockcroft_gault", "ideal_body_weight"),
}
_MODULE = {name: module for module, names in _HOMES.items() for name in names}

__all__ = sorted(_MODULE)


def __getattr__(name: str):
    if name not in _MODULE:
        raise AttributeError(f"module 'regimen.clinical' has no attribute {name!r}")
    value = getattr(import_module(f"regimen.clinical.{_MODULE[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
