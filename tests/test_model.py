"""The model: exact numbers, semantic equality, validation, JSON contract."""

from __future__ import annotations

import dataclasses
import pickle
from decimal import Decimal

import pytest

import regimen
from regimen import (
    Component, Cycle, Days, DayRange, Dose, DoseBasis, Duration, Fractionation, Frequency, Regimen, RegimenSchemaError,
    Route, TimeUnit, format_regimen, parse_dose, parse_regimen,
)
from regimen.units import registry


def test_public_api_is_small_and_explicit():
    assert "parse_dose" in regimen.__all__ and "parse_regimen" in regimen.__all__
    assert all(hasattr(regimen, name) for name in regimen.__all__)


def test_parse_dose_returns_a_typed_component():
    component = parse_dose("Capecitabine: 825mg/m2 bid po, d1-d14")
    assert component.agent == "capecitabine"
    assert component.dose == Dose(amount=Decimal(825), unit="mg", basis=DoseBasis.BSA)
    assert component.dose.quantity == registry().Quantity(Decimal(825), "mg")
    assert component.route is Route.ORAL
    assert component.frequency == Frequency(times=2, period=Duration(value=Decimal(1), unit=TimeUnit.DAY))
    assert component.days.day_ranges == ((1, 14),)
    assert str(component) == "capecitabine 825 mg/m² PO BID, D1-14"
    assert format_regimen(component) == str(component)


def test_numbers_stay_exact():
    fractions = parse_regimen("1.8 Gy × 28").components[0].fractions
    assert fractions.total == Decimal("50.4")
    assert str(parse_regimen("50.4 Gy in 28 fractions of 1.8 Gy")) == "50.4 Gy in 28 fractions of 1.8 Gy"
    assert str(parse_dose("Drug 0.1 mg")) == "drug 0.1 mg"
    assert parse_dose("Drug 0.825 g/m2").dose == parse_dose("Drug 825 mg/m2").dose


def test_equality_is_semantic_and_spans_do_not_count():
    assert parse_dose("Drug q3w") == parse_dose("Drug q21d")
    assert parse_dose("Drug week 2") == parse_dose("Drug d8-14")
    assert parse_dose("  Drug   q3w") == parse_dose("Drug q3w")
    assert parse_dose("Drug 2 g") != parse_dose("Drug 2 mg")
    assert parse_dose("Drug 100 mg/m2") != parse_dose("Drug 100 mg/kg")
    assert parse_dose("Drug q12h") != parse_dose("Drug bid")  # exact as written: 1 per 12 h is not 2 per day


def test_months_are_not_a_fixed_number_of_days():
    component = parse_dose("Drug 4 mg twice monthly")
    assert component.frequency.period.days is None
    assert component.to_dict()["frequency"] == {"times": 2, "period": {"value": 1, "unit": "month"}}
    cycle = parse_dose("Drug 4 mg monthly").to_dict()["cycle"]  # every month: a cycle (GOLD_SCHEMA), in months
    assert cycle == {"length": {"value": 1, "unit": "month"}}
    assert Duration(value=Decimal(1), unit=TimeUnit.MONTH) != Duration(value=Decimal(30), unit=TimeUnit.DAY)


def test_objects_are_frozen_and_pickle():
    component = parse_dose("Capecitabine 825 mg/m2 bid d1-14 q3w")
    with pytest.raises(dataclasses.FrozenInstanceError):
        component.agent = "other"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(component)) == component
    assert hash(component) == hash(pickle.loads(pickle.dumps(component)))


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Dose(amount=Decimal(0), unit="mg"), "dose must be positive"),
        (lambda: Dose(amount=Decimal(5), high=Decimal(2), unit="mg"), "dose range must rise"),
        (lambda: Dose(amount=Decimal(5), unit="AUC"), "an AUC dose needs the AUC basis"),
        (lambda: DayRange(first=2, last=1), "must run forward"),
        (lambda: Days(ranges=(DayRange(first=0, last=1),), unit=TimeUnit.WEEK), "weeks are counted from 1"),
        (lambda: Days(ranges=(DayRange(first=1, last=1),), alternative=True), "at least two choices"),
        (lambda: Cycle(), "a cycle needs a length or a count"),
        (lambda: Fractionation(count=0), "fraction count must be positive"),
        (lambda: Component(), "a component needs an agent or at least one field"),
        (lambda: Component(agent="x", doses=0), "number of doses must be positive"),
    ],
)
def test_impossible_values_are_rejected(build, message):
    with pytest.raises(ValueError, match=message):
        build()


def test_fractionation_derives_only_exact_values():
    assert Fractionation.from_stated(count=28, dose=Decimal("1.8")).total == Decimal("50.4")
    assert Fractionation.from_stated(count=28, dose=Decimal("1.8")).derived == {"total"}
    assert Fractionation.from_stated(count=3, total=Decimal(10)).dose is None  # 3.333... is not exact
    assert Fractionation.from_stated(dose=Decimal("2.67"), total=Decimal(40)).count is None


def test_inconsistent_fractions_are_kept_with_a_warning():
    component = parse_dose("Radiotherapy 66 Gy in 33 fractions of 2.5 Gy")
    assert (component.fractions.count, component.fractions.dose, component.fractions.total) == (33, 2.5, 66)
    assert any("not the stated total" in w for w in component.warnings)


def test_guessed_readings_are_flagged():
    component = parse_dose("Radiotherapy 50 Gy")
    assert component.fractions.total == 50
    assert component.warnings == ("50 Gy read as the total dose (nothing says per fraction)",)


def test_to_dict_follows_the_schema():
    data = parse_regimen("Interferon 3 MIU sc tiw; Carboplatin AUC 5 d1 q3w × 4 cycles").to_dict()
    first, second = data["components"]
    assert first["dose"] == {"value": 3000000, "unit": "IU"}
    assert first["frequency"]["times"] == 3 and first["frequency"]["period_days"] == 7
    assert second["dose"] == {"value": 5, "unit": "AUC"}
    assert second["cycle"]["length_days"] == 21 and second["cycle"]["count"] == 4
    assert {"field": "agent", "start": 0, "end": 10} in first["spans"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"components": "nope"}, "components: 'nope' is not of type 'array'"),
        ({"components": [{"agent": "x", "colour": "red"}]}, r"components/0: Additional properties are not allowed \('colour'"),
        ({"components": [{"dose": {"value": -1, "unit": "mg"}}]}, "components/0/dose/value: -1 is less than or equal to"),
        ({"components": [{"dose": {"value": 1, "unit": "mg/lb"}}]}, "cannot read 'mg/lb'"),
        ({"components": [{"route": "telepathic"}]}, "route"),
        ({"components": [{"days": [[3, 1]]}]}, "must run forward"),
        ({"components": [{"frequency": {"times": 1.5, "period_days": 1}}]}, "frequency/times: 1.5 is not of type 'integer'"),
        ({"components": [{"cycle": {"length_days": 21, "length": {"value": 2, "unit": "week"}}}]}, "disagree"),
        ({"components": [{"fractions": {"count": "many"}}]}, "fractions/count: 'many' is not of type 'integer'"),
        ({"components": [{"infusion_minutes": float("nan")}]}, "finite"),
    ],
)
def test_from_dict_rejects_documents_that_break_the_schema(data, message):
    with pytest.raises(RegimenSchemaError, match=message):
        Regimen.from_dict(data)


def test_from_dict_reads_gold_lines():
    gold = {"agent": "serplulimab", "dose": {"value": 300, "unit": "mg"}, "route": "intravenous",
            "days": [[1, 1]], "cycle": {"length_days": 21, "count": 4}}
    assert Component.from_dict(gold) == parse_dose("Serplulimab: 300 mg IV, D1, Q3W × 4 cycles")


def test_unclosed_bracket_is_closed_with_a_warning():
    parsed = parse_regimen("CapeOX (Capecitabine 825 mg/m2 bid; Oxaliplatin 130 mg/m2 d1")
    assert [c.regimen for c in parsed.components] == ["capeox", "capeox"]
    assert parsed.warnings == ("unclosed parenthesis at position 7, closed at the end of the text",)


def test_unknown_text_is_kept_with_its_span():
    text = "Interleukin 2 100IU HD, d1-d14"
    component = parse_dose(text)
    assert component.unresolved == ("HD",)
    span = component.span("unresolved")
    assert text[span.start : span.end] == "HD"
