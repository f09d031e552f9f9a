"""Exact arithmetic for :mod:`regimen.clinical`.

Every computation runs under :data:`CONTEXT`: 28 significant digits (the
:mod:`decimal` default, stated here so no caller's context changes a
result), half-even rounding.  Non-integer powers are ``exp(y · ln x)`` in that
context; square roots are :meth:`Decimal.sqrt`.  Inputs become
:class:`~decimal.Decimal` through their decimal text (``0.1`` → ``0.1``, never
the binary float's 55 digits).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext
from numbers import Real

from regimen import units
from regimen.clinical.errors import ClinicalError

__all__ = ["CONTEXT", "decimal", "power", "sqrt", "magnitude", "quantity", "exact", "unit_text", "text"]

#: The context of every computation: 28 significant digits, half-even.
CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)


def decimal(value: Decimal | Real | str, name: str) -> Decimal:
    """``value`` as a Decimal, through its text (a float ``0.1`` is ``0.1``)."""
    if isinstance(value, bool):
        raise ClinicalError(f"{name} must be a number, got {value!r}")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, (int, float, str)):
        try:
            number = Decimal(str(value))
        except ArithmeticError as exc:
            raise ClinicalError(f"{name} must be a number, got {value!r}") from exc
    else:
        raise ClinicalError(f"{name} must be a number or a quantity, got {type(value).__name__}")
    if not number.is_finite():
        raise ClinicalError(f"{name} must be finite, got {value!r}")
    return number


def power(base: Decimal, exponent: Decimal) -> Decimal:
    """``base ** exponent`` for a positive base, as ``exp(exponent · ln base)``."""
    with localcontext(CONTEXT):
        return (exponent * base.ln()).exp()


def sqrt(value: Decimal) -> Decimal:
    with localcontext(CONTEXT):
        return value.sqrt()


def magnitude(value, unit: str, name: str) -> Decimal:
    """A quantity (of the application registry) or a plain number meaning
    ``unit``, as a Decimal in ``unit``."""
    if hasattr(value, "magnitude") and hasattr(value, "units"):
        if getattr(value, "_REGISTRY", None) is not units.registry():
            raise ClinicalError(f"{name}: a quantity of another pint registry; use regimen.units.registry()")
        from pint import DimensionalityError

        try:
            converted = value.to(units.unit(unit)).magnitude
        except DimensionalityError as exc:
            raise ClinicalError(f"{name} must be in units of {unit}, got {value.units}") from exc
        return decimal(converted, name)
    return decimal(value, name)


def quantity(value: Decimal, unit):
    """A pint quantity of the application registry with a Decimal magnitude;
    ``unit`` is a unit name or a pint unit built from the registry's units."""
    return units.registry().Quantity(value, units.unit(unit) if isinstance(unit, str) else unit)


def exact(value: Decimal) -> Decimal:
    """Trailing zeros dropped, an integral value without exponent (``2.50`` → ``2.5``, ``1E+2`` → ``100``)."""
    normal = value.normalize(CONTEXT)
    return normal.quantize(Decimal(1)) if normal == normal.to_integral_value() else normal


def unit_text(unit) -> str:
    """A pint unit in its clinical spelling: pint's short pretty form
    (``mg/m²``, ``mg/m²/week``) with litres capitalised (``mL/min``, not ``ml/min``)."""
    return re.sub(r"\b([mdµu]?)l\b", lambda m: f"{m.group(1)}L", f"{unit:~P}")


def text(value) -> str:
    """A quantity as ``amount unit`` with the amount exact (``137.5 mg``)."""
    return f"{exact(value.magnitude)} {unit_text(value.units)}"
