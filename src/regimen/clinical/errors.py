"""Errors of :mod:`regimen.clinical`: what could not be computed, and why.

Each names what it expected: the missing input (``MissingInputError("serum
creatinine", ...)``) or the part of the model a computation cannot use (a dose
range, days given as alternatives, a frequency with no stated days).
"""

from __future__ import annotations

from regimen.errors import RegimenError

__all__ = ["ClinicalError", "MissingInputError", "UncomputableError"]


class ClinicalError(RegimenError, ValueError):
    """Base class of the errors of a computation with a regimen."""


class MissingInputError(ClinicalError):
    """A computation needs an input that was not given; ``name`` names it."""

    def __init__(self, name: str, needed_for: str) -> None:
        self.name = name
        self.needed_for = needed_for
        super().__init__(f"missing input: {name} (needed for {needed_for})")


class UncomputableError(ClinicalError):
    """The regimen states something a computation cannot use as it stands
    (a dose range, alternative days, an open-ended schedule without a horizon)."""
