"""Regimen strings → a tidy pandas DataFrame, one row per component.

    >>> from regimen.frame import to_frame
    >>> to_frame(["Capecitabine 825 mg/m2 PO BID d1-14 q3w x 8 cycles"])[["agent", "dose", "unit", "cycle_days"]]
                        agent dose   unit  cycle_days
      component
    0 0          capecitabine  825  mg/m2        21.0

For a column of a DataFrame, join the result back on the input's index (one
line per component; the input's columns repeat)::

    df.join(to_frame(df["regimen"]))

pandas is an optional dependency: ``pip install "regimen-parser[pandas]"``.

**Rows.**  The index is the input's index (a Series keeps its own, a
MultiIndex included; a list or other iterable is numbered from 0) plus a
level ``component``: the component's position in its regimen, from 0.  An
input that does not parse is one row, component 0, with ``error`` (the
message's first line) and ``error_position`` set and every field missing;
so is a blank or all-whitespace string ("blank text (no regimen)") and a
missing value (``None``, ``NaN``, ``pd.NA``: "no text (missing value)").  Nothing is
raised for a failed input; anything that is not a string or a missing value
raises ``TypeError``, as ``parse_regimen`` does.

**Columns and types** (missing values are ``pd.NA`` or ``None``):

================== ================= =========================================
column             dtype             meaning
================== ================= =========================================
text               string            the input string
agent              string            the agent as written (``Component.agent``)
drug               string            its generic name (``Keytruda``:
                                     pembrolizumab; ``5-fu``: fluorouracil),
                                     a regimen's name (``FOLFOX``); missing
                                     where the lexicon knows no drug
drug_named_as      category          generic, brand, abbreviation, synonym,
                                     regimen (``Component.drug.named_as``)
drug_ids           object (tuple)    ``(system, code)`` pairs: drugbank,
                                     mesh, medlineplus
drug_parts         object (tuple)    a regimen's drugs, by generic name
canonical          string            the component's canonical text
dose, dose_high    Decimal (object)  amount, or low and high end of a range
unit               string            UCUM code of the dose, basis included
                                     (``mg/m2``, ``mg/kg``, ``[iU]``,
                                     ``mg.min/mL`` for AUC, ``mg/m2/d``)
basis              category          flat, per_m2, per_kg, auc
route              category          a :class:`~regimen.model.Route` value
frequency_per_day  Float64           administrations a day (q8h: 3.0)
days               string            days of the cycle, as printed (D1-14)
cycle_days         Float64           cycle length in days (none for months)
cycle_count        Int64             number of cycles (low end of a range)
cycle_count_high   Int64             high end (``4-6 cycles``)
cycle_count_bound  string            ``<=`` for ``up to 6 cycles``, ...
infusion_minutes   Float64           infusion time (``60 ± 5 min``: 60.0)
fraction_count     Int64             radiotherapy fractions
fraction_dose      Decimal (object)  Gy per fraction
total_dose         Decimal (object)  Gy in total
unresolved         object (tuple)    text the parser kept unread
warnings           object (tuple)    the component's warnings, and on
                                     component 0 the regimen's
partial            boolean           the regimen was read in part
error              string            why the input did not parse
error_position     Int64             where (character offset)
================== ================= =========================================

Amounts in mg and Gy stay exact ``Decimal`` (``exact=False`` makes them
``Float64`` for plotting); the derived rates (per day, days, minutes) are
``Float64``.  Derived fraction values (``28 × 1.8 Gy`` → 50.4 Gy total) are
filled in, as on the model.

**Dask.**  Dask has no MultiIndex: move ``component`` to a column and give
``meta`` from an empty input::

    meta = to_frame([]).reset_index(level="component")
    parts = ddf["regimen"].map_partitions(lambda s: to_frame(s).reset_index(level="component"), meta=meta)
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable

import pandas as pd

from regimen.api import MAX_LENGTH, parse_regimen
from regimen.errors import RegimenParseError
from regimen.fhir import dose_code
from regimen.identity import Naming
from regimen.format import format_component, format_days
from regimen.model import Component, DoseBasis, Regimen, Route

__all__ = ["to_frame", "COLUMNS"]

_STRING = pd.StringDtype()
_EXACT = "exact"  # the amounts: Decimal objects, or Float64 with exact=False
#: Every column, in order, and its dtype.
COLUMNS: dict[str, Any] = {
    "text": _STRING, "agent": _STRING,
    "drug": _STRING, "drug_named_as": pd.CategoricalDtype([naming.value for naming in Naming]),
    "drug_ids": object, "drug_parts": object, "canonical": _STRING,
    "dose": _EXACT, "dose_high": _EXACT, "unit": _STRING,
    "basis": pd.CategoricalDtype([basis.value for basis in DoseBasis]),
    "route": pd.CategoricalDtype([route.value for route in Route]),
    "frequency_per_day": "Float64", "days": _STRING,
    "cycle_days": "Float64", "cycle_count": "Int64", "cycle_count_high": "Int64", "cycle_count_bound": _STRING,
    "infusion_minutes": "Float64",
    "fraction_count": "Int64", "fraction_dose": _EXACT, "total_dose": _EXACT,
    "unresolved": object, "warnings": object, "partial": "boolean",
    "error": _STRING, "error_position": "Int64",
}
_MINUTES_A_DAY = 1440
_MISSING_TEXT = "no text (missing value)"
_BLANK_TEXT = "blank text (no regimen)"


def to_frame(
    texts: Iterable[str] | pd.Series, *, strict: bool = False, exact: bool = True, max_length: int | None = MAX_LENGTH
) -> pd.DataFrame:
    """Parse each string of ``texts`` and return one row per component.

    ``strict`` and ``max_length`` are :func:`~regimen.api.parse_regimen`'s.
    A failed input is a row with ``error`` set, never an exception (see the
    module docstring for the columns, their types and the index).
    """
    if isinstance(texts, pd.Series):
        index, values = texts.index, texts.tolist()
    else:
        values = list(texts)
        index = pd.RangeIndex(len(values))
    keys, rows = [], []
    for key, text in zip(index, values):
        for number, row in enumerate(_rows(text, strict, max_length)):
            keys.append((*key, number) if isinstance(index, pd.MultiIndex) else (key, number))
            rows.append(row)
    names = [*index.names, "component"]
    frame_index = pd.MultiIndex.from_tuples(keys, names=names) if keys else pd.MultiIndex.from_arrays(
        [index[:0].get_level_values(i) for i in range(index.nlevels)] + [pd.Index([], dtype="int64")], names=names)
    return pd.DataFrame({name: _column(rows, name, dtype, exact) for name, dtype in COLUMNS.items()}, index=frame_index)


def _column(rows: list[dict[str, Any]], name: str, dtype: Any, exact: bool) -> Any:
    values = [row.get(name) for row in rows]
    if dtype != _EXACT:
        return pd.array(values, dtype=dtype)
    return pd.array([_plain(value) for value in values], dtype=object) if exact else pd.array(values, dtype="Float64")


def _plain(value: Decimal | None) -> Decimal | None:
    """The same number without an exponent (the model's normalised ``4E+1`` shows as ``40``)."""
    if value is None or value.as_tuple().exponent <= 0:
        return value
    return value.quantize(Decimal(1))


def _rows(text: Any, strict: bool, max_length: int | None) -> list[dict[str, Any]]:
    """The rows of one input: one per component, or one carrying the error."""
    if not isinstance(text, str) and pd.api.types.is_scalar(text) and pd.isna(text):
        return [{"text": None, "error": _MISSING_TEXT}]
    if isinstance(text, str) and not text.strip():
        return [{"text": text, "error": _BLANK_TEXT}]
    try:
        regimen = parse_regimen(text, strict=strict, max_length=max_length)
    except RegimenParseError as exc:
        return [{"text": text, "error": f"{exc.message} at position {exc.position}", "error_position": exc.position}]
    rows = [_component_row(component, regimen) for component in regimen.components]
    rows[0]["warnings"] = regimen.warnings + rows[0]["warnings"]
    return rows


def _component_row(c: Component, regimen: Regimen) -> dict[str, Any]:
    """One component's columns."""
    row: dict[str, Any] = {
        "text": regimen.text, "agent": c.agent, "canonical": format_component(c),
        "route": c.route.value if c.route else None, "days": format_days(c.days) if c.days else None,
        "unresolved": c.unresolved, "warnings": c.warnings, "partial": regimen.partial,
    }
    if c.drug is not None:
        row |= {"drug": c.drug.generic, "drug_named_as": c.drug.named_as.value, "drug_ids": c.drug.ids,
                "drug_parts": tuple(part.generic for part in c.drug.parts)}
    if c.dose is not None:
        row |= {"dose": c.dose.amount, "dose_high": c.dose.high, "unit": dose_code(c.dose), "basis": c.dose.basis.value}
    if c.frequency is not None and c.frequency.period.exact:
        row["frequency_per_day"] = c.frequency.times * _MINUTES_A_DAY / c.frequency.period.minutes
    if c.cycle is not None:
        row |= {"cycle_count": c.cycle.count, "cycle_count_high": c.cycle.count_high, "cycle_count_bound": c.cycle.count_bound}
        if c.cycle.length is not None:
            row["cycle_days"] = c.cycle.length.days
    if c.infusion is not None:
        row["infusion_minutes"] = c.infusion.duration.minutes
    if c.fractions is not None:
        fx = c.fractions
        row |= {"fraction_count": fx.count, "fraction_dose": fx.dose, "total_dose": fx.total}
    return row
