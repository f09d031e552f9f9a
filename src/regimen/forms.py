"""Counted dose forms beside amounts: which one is the dose (GOLD_SCHEMA).

"Tablets, capsules, puffs, drops, patches, suppositories → unit count.  A
strength printed beside a count is not the dose; when both a count and a
total amount are given, the amount is the dose."  A component that states
two doses, one a count of a form (or a volume of a preparation) and one an
amount, is settled here:

* the amount is the dose when it is marked as the total (``1-2 tablets
  10-20 mg total``, ``0.4 mL (40 mg total)``) or equals the count times the
  strength printed with it (``600 mg (2 × 300 mg tablets)``);
* otherwise, beside a count, the amount is the form's strength
  (``Eliquis 2.5 mg, 1 tablet``): the count is the dose;
* a volume beside an amount, neither marked total, reads two ways: neither
  is chosen here (the builder keeps the first, with a warning).
"""

from __future__ import annotations

from decimal import Decimal

from regimen import units
from regimen.model import Dose, DoseBasis

__all__ = ["counted", "which_dose"]

_COUNT = "count"


def counted(dose: Dose) -> bool:
    """A count of a dose form (tablets, puffs ...), not an amount of drug."""
    return units.base_unit(dose.unit) == _COUNT


def _volume(dose: Dose) -> bool:
    return units.base_unit(dose.unit) == units.base_unit("mL") and dose.basis is DoseBasis.FLAT and dose.per is None


def _amount(dose: Dose) -> bool:
    return not counted(dose) and not _volume(dose) and dose.basis is not DoseBasis.AUC


def which_dose(first: Dose, second: Dose, *, first_total: bool, second_total: bool,
               strength: tuple[Decimal, str] | None) -> Dose | None:
    """The dose of two stated for one component, or None if the rule above
    does not decide (two amounts, two counts, a volume and an amount)."""
    if counted(first) or _volume(first):
        measure, amount, total = first, second, second_total
    elif counted(second) or _volume(second):
        measure, amount, total = second, first, first_total
    else:
        return None
    if not _amount(amount):
        return None
    if total or _is_product(measure, amount, strength):
        return amount
    return measure if counted(measure) else None


def _is_product(count: Dose, amount: Dose, strength: tuple[Decimal, str] | None) -> bool:
    """Is ``amount`` the count times the strength (2 × 300 mg = 600 mg)?"""
    if strength is None or not counted(count) or count.high is not None or amount.high is not None:
        return False
    value, unit = strength
    if amount.basis is not DoseBasis.FLAT or amount.per is not None or units.base_unit(unit) != units.base_unit(amount.unit):
        return False
    return units.convert(value, unit, amount.unit) * count.amount == amount.amount
