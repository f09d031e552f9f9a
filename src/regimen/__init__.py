"""regimen: dosing regimens in free text → typed, unit-normalised objects → text.

    >>> from regimen import parse_dose
    >>> dose = parse_dose("Capecitabine: 825mg/m2 bid po, d1-d14")
    >>> str(dose)
    'capecitabine 825 mg/m² PO BID, D1-14'
"""

from regimen.api import format_regimen, parse_dose, parse_regimen
from regimen.errors import RegimenError, RegimenParseError, RegimenSchemaError
from regimen.extract import Mention, extract
from regimen.model import (
    Component, Cycle, DayRange, Days, Dose, DoseBasis, Duration, Fractionation, Frequency, Infusion, Regimen, Route,
    Span, Start, TimeUnit,
)

__all__ = [
    "parse_dose", "parse_regimen", "format_regimen", "extract", "Mention",
    "RegimenError", "RegimenParseError", "RegimenSchemaError",
    "Regimen", "Component", "Dose", "DoseBasis", "Route", "Frequency", "Days", "DayRange", "Start", "Cycle",
    "Infusion", "Fractionation", "Duration", "TimeUnit", "Span",
]
