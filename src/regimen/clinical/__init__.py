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

from regimen.clinical.calendar import Calendar, Event, calendar
from regimen.clinical.dosing import DEFAULT_GFR_CAP, PatientDose, dose_for
from regimen.clinical.errors import ClinicalError, MissingInputError, UncomputableError
from regimen.clinical.intensity import Intensity, RelativeIntensity, intensities, intensity, relative_intensity
from regimen.clinical.lq import ALPHA_BETA_PRESETS, Dose2, Repopulation, bed, compare, eqd2, lq
from regimen.clinical.patient import (
    BSA_FORMULAS, Measure, Patient, Sex, adjusted_body_weight, body_surface_area, cockcroft_gault, ideal_body_weight,
)

__all__ = [
    "Patient", "Sex", "Measure", "BSA_FORMULAS", "body_surface_area", "ideal_body_weight", "adjusted_body_weight",
    "cockcroft_gault", "PatientDose", "dose_for", "DEFAULT_GFR_CAP", "Intensity", "RelativeIntensity", "intensity",
    "intensities", "relative_intensity", "Event", "Calendar", "calendar", "ALPHA_BETA_PRESETS", "Repopulation",
    "Dose2", "lq", "bed", "eqd2", "compare", "ClinicalError", "MissingInputError", "UncomputableError",
]
