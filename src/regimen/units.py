"""The application's one pint registry.

Built on first use from pint's defaults plus ``data/pint_units.txt`` (IU, MIU,
AUC and the dose forms), with ``Decimal`` magnitudes so that ``0.825 g`` is
exactly ``825 mg`` and ``1.8 Gy`` stays ``1.8 Gy``.  Unit objects and
conversion factors are cached: building a quantity from a string costs tens
of microseconds, from a cached unit a few.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    import pint

__all__ = ["registry", "unit", "quantity", "factor", "convert", "base_unit", "Quantity"]

#: A quantity of the application registry (pint is imported on first use).
Quantity: TypeAlias = "pint.Quantity[Any]"


@cache
def registry() -> pint.UnitRegistry[Any]:
    """The application registry (pint is imported and the registry built on first use)."""
    import pint

    ureg: pint.UnitRegistry[Any] = pint.UnitRegistry(non_int_type=Decimal, autoconvert_offset_to_baseunit=False)
    with resources.as_file(resources.files("regimen.data") / "pint_units.txt") as path:
        ureg.load_definitions(str(path))
    return ureg


@cache
def unit(name: str) -> pint.Unit:
    """The cached pint unit called ``name`` in the application registry."""
    return registry().Unit(name)


@cache
def dose_units() -> frozenset[str]:
    """The units a dose may be in: the vocabulary's dose units, and AUC."""
    from regimen.vocab import lexicon  # the vocabulary imports the tokenizer; only needed here

    return frozenset([*lexicon().values("DOSE_UNIT"), "AUC"])


def check_dose_unit(name: str) -> None:
    """Refuse a unit that is not a dose unit of the vocabulary (``m``, ``Gy``,
    ``PU``): pint knows many units that no dose is written in, and the
    formatter prints only the vocabulary's."""
    if name not in dose_units():
        raise ValueError(f"{name!r} is not a dose unit (one of {', '.join(sorted(dose_units()))})")


def quantity(value: Decimal, name: str) -> Quantity:
    return registry().Quantity(value, unit(name))


@cache
def factor(source: str, target: str) -> Decimal:
    """Exact factor that turns an amount in ``source`` into ``target``."""
    if source == target:
        return Decimal(1)
    magnitude = registry().Quantity(Decimal(1), unit(source)).to(unit(target)).magnitude
    return Decimal(magnitude)


@cache
def base_unit(name: str) -> str:
    """The base unit of ``name``'s dimension (kg for mg, IU for MIU)."""
    return str(registry().Quantity(Decimal(1), unit(name)).to_base_units().units)


def convert(value: Decimal, source: str, target: str) -> Decimal:
    """``value`` in ``source`` expressed in ``target``, exactly."""
    return _exact(value * factor(source, target))


def _exact(value: Decimal) -> Decimal:
    """Drop trailing zeros that unit factors add (``1.80`` → ``1.8``)."""
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral_value() else normal
