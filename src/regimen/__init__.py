"""regimen: dosing regimens in free text → typed, unit-normalised objects → text.

    >>> from regimen import parse_dose
    >>> dose = parse_dose("Capecitabine: 825mg/m2 bid po, d1-d14")
    >>> str(dose)
    'capecitabine 825 mg/m² PO BID, D1-14'
"""

from importlib.metadata import PackageNotFoundError, version as _version

from regimen.api import format_regimen, parse_dose, parse_regimen
from regimen.errors import RegimenError, RegimenParseError, RegimenSchemaError
from regimen.extract import Mention, extract
from regimen.model import (
    Component, Cycle, DayRange, Days, Dose, DoseBasis, Duration, Fractionation, Frequency, Infusion, Regimen, Route,
    Span, Start, TimeUnit,
)

#: The distribution's name on the package index (the import name stays ``regimen``).
DISTRIBUTION = "regimen-parser"

try:
    __version__ = _version(DISTRIBUTION)
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = [
    "__version__", "parse_dose", "parse_regimen", "format_regimen", "extract", "Mention",
    "RegimenError", "RegimenParseError", "RegimenSchemaError",
    "Regimen", "Component", "Dose", "DoseBasis", "Route", "Frequency", "Days", "DayRange", "Start", "Cycle",
    "Infusion", "Fractionation", "Duration", "TimeUnit", "Span",
]
