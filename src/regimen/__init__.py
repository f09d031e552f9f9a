"""regimen: dosing regimens in free text → typed, unit-normalised objects → text.

    >>> from regimen import parse_dose
    >>> dose = parse_dose("Capecitabine: 825mg/m2 bid po, d1-d14")
    >>> str(dose)
    'capecitabine 825 mg/m² PO BID, D1-14'

The names below are imported on first use (PEP 562, as in Scientific
Python's SPEC 1): ``import regimen`` alone loads neither spaCy, Lark nor
pint, so the command line answers ``--help`` at once.  A new public name is
a line in :data:`_EXPORTS`, in ``__all__`` and in the ``TYPE_CHECKING``
block (for type checkers); ``tests/test_cli.py`` checks the three agree.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from regimen.api import format_regimen, parse_dose, parse_regimen
    from regimen.errors import RegimenError, RegimenParseError, RegimenSchemaError
    from regimen.extract import Mention, extract
    from regimen.model import (
        Component, Cycle, DayRange, Days, Dose, DoseBasis, Duration, Fractionation, Frequency, Infusion, Regimen,
        Route, Span, Start, TimeUnit,
    )

    __version__: str

#: The distribution's name on the package index (the import name stays ``regimen``).
DISTRIBUTION = "regimen-parser"

#: Each public name → the module that defines it.
_EXPORTS = {
    "parse_dose": "regimen.api", "parse_regimen": "regimen.api", "format_regimen": "regimen.api",
    "extract": "regimen.extract", "Mention": "regimen.extract",
    "RegimenError": "regimen.errors", "RegimenParseError": "regimen.errors", "RegimenSchemaError": "regimen.errors",
    **dict.fromkeys(
        ("Regimen", "Component", "Dose", "DoseBasis", "Route", "Frequency", "Days", "DayRange", "Start", "Cycle",
         "Infusion", "Fractionation", "Duration", "TimeUnit", "Span"),
        "regimen.model",
    ),
}

__all__ = [
    "__version__", "parse_dose", "parse_regimen", "format_regimen", "extract", "Mention",
    "RegimenError", "RegimenParseError", "RegimenSchemaError",
    "Regimen", "Component", "Dose", "DoseBasis", "Route", "Frequency", "Days", "DayRange", "Start", "Cycle",
    "Infusion", "Fractionation", "Duration", "TimeUnit", "Span",
]


def __getattr__(name: str) -> Any:
    """Import a public name on first use; ``__version__`` from the installed metadata."""
    if name == "__version__":
        value: Any = _version()
    elif name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
    else:
        raise AttributeError(f"module 'regimen' has no attribute {name!r}")
    globals()[name] = value
    return value


class _Package(types.ModuleType):
    """``regimen.extract`` is both a function and the module defining it: when
    the import system binds the submodule on the package (``import
    regimen.extract`` anywhere), the public name stays the function, as an
    eager ``from regimen.extract import extract`` would leave it."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and _EXPORTS.get(name) == value.__name__:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:  # a source tree that was never installed
        return "0+unknown"
