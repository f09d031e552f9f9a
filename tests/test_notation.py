"""Numbers, units, dose forms and routes as real text writes them (GOLD_SCHEMA "Doses and units").

Every example is invented; each shows one general rule of data/units.txt,
numbers.txt, routes.txt, words.txt or patterns.txt.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from regimen import Regimen, RegimenParseError, parse_dose, parse_regimen
from regimen.units import quantity

# --- numbers -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Oxaliplatin eighty-five mg/m2 IV", "85"),
        ("Oxaliplatin eighty five mg/m2 IV", "85"),
        ("Drug twelve mg daily", "12"),
        ("Drug one hundred mg", "100"),
        ("Drug two hundred and fifty mg", "250"),
        ("Drug three hundred sixty-two mg", "362"),
        ("Drug one thousand two hundred mg", "1200"),
        ("Drug two and a half mg", "2.5"),
        ("Drug 1½ mg", "1.5"),
        ("Drug ¼ tablet", "0.25"),
        ("Drug half a tablet", "0.5"),
        ("Drug 3/4 tab po", "0.75"),
        ("Drug 4 x 10^6 IU/kg", "4000000"),
        ("Drug 4×10⁶ IU", "4000000"),
        ("Drug 10^5 IU", "100000"),
        ("Drug 10⁵ IU", "100000"),
        ("Drug 5 × 10^-3 mg", "0.005"),
        ("Drug three (3) tablets", "3"),
        ("Drug two 2 tablets", "2"),
    ],
)
def test_numbers_written_in_words_fractions_and_powers_are_read_exactly(text, value):
    assert parse_dose(text).dose.amount == Decimal(value)


@pytest.mark.parametrize(
    "text",
    ["Drug 3e4 IU sc", "Drug 2.5E+05 IU sc", "Drug 1/3 tablet po", "Drug 3^2 mg po", "Drug 4 x 2^6 IU sc"],
)
def test_notations_that_are_not_read_are_refused_or_kept_unresolved(text):
    regimen = parse_regimen(text)
    assert all(c.dose is None for c in regimen.components) and regimen.partial
    with pytest.raises(RegimenParseError, match="notation"):
        parse_regimen(text, strict=True)


def test_a_superscript_is_never_a_digit_of_the_number_before_it():
    regimen = parse_regimen("Drug 10⁶ IU sc")
    assert regimen.components[0].dose.amount == 1000000
    assert "106" not in str(regimen)


@pytest.mark.parametrize(
    ("text", "agent", "low", "high"),
    [("Drug 2 or 3 tablets daily", "drug", 2, 3), ("Drug one or two puffs", "drug", 1, 2)],
)
def test_or_between_two_numbers_before_a_unit_is_a_range(text, agent, low, high):
    component = parse_dose(text)
    assert (component.agent, component.dose.amount, component.dose.high) == (agent, low, high)


def test_or_between_counts_of_cycles_is_a_count_range():
    cycle = parse_dose("Drug 60 mg/m2 q3w, three or four cycles").cycle
    assert (cycle.count, cycle.count_high) == (3, 4)


def test_or_after_a_day_range_separates_alternatives():
    regimen = parse_regimen("Drug 30 mg/m2 d1-3 or 90 mg/m2 d1")
    assert [c.dose.amount for c in regimen.components] == [30, 90]
    assert regimen.components[1].alternative


def test_or_in_a_list_of_numbers_is_no_range():
    regimen = parse_regimen("Drug 20, 40 or 60 mg")
    assert all(c.dose is None or c.dose.high is None for c in regimen.components)


def test_two_different_numbers_stay_two():
    numbers = parse_regimen("Drug two 5 mg tablets")
    assert "2" in str(numbers) or numbers.partial  # never 5 tablets, never 2 mg


# --- units ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Bleomycin 15 units IV", "IU"),
        ("Heparin 5000 U sc", "IU"),
        ("Vitamin D 800 IUs po", "IU"),
        ("Interferon 5 MU sc", "IU"),
        ("Interferon 5 megaunits sc", "IU"),
        ("Interferon 5 million units sc", "IU"),
        ("Drug 200 mcg", "ug"),
        ("Drug 200 µg", "ug"),
        ("Drug 200 ug", "ug"),
        ("Drug 200 mgrs", "mg"),
        ("Drug 60 mg m-2 IV", "mg/m**2"),
        ("Drug 60 mg m−2 IV", "mg/m**2"),
        ("Drug 60 mg·m⁻² IV", "mg/m**2"),
        ("Drug 60 mg/m(2) IV", "mg/m**2"),
        ("Drug 60 mg/m\\^2 IV", "mg/m**2"),
        ("Drug 60 mg/m^2 IV", "mg/m**2"),
        ("Drug 60 mg per square meter of body-surface area", "mg/m**2"),
        ("Drug 60 mg per meters squared", "mg/m**2"),
        ("Drug 3 mg/kgBW", "mg/kg"),
        ("Drug 1.2 mg/kg/dose IV q6h", "mg/kg"),
        ("Drug 20 mg/m2/dose bid", "mg/m**2"),
        ("Drug 40 mg/m2/d", "mg/m**2/day"),
        ("Drug 40 mg/(m2·d) IV", "mg/m**2/day"),
        ("Drug 40 mg/m2.d IV", "mg/m**2/day"),
        ("Drug 12 mcg/h transdermal", "ug/hour"),
        ("Drug 0.5 ug/kg/h IV", "ug/kg/hour"),
        ("Drug 10 units/kg/hr IV", "IU/kg/hour"),
        ("Drug 0.05 mg/kg/min IV", "mg/kg/minute"),
        ("Drug 14 mg/24 hr patch", "mg/day"),
        ("Drug 3.7 GBq IV", "GBq"),
        ("Drug 50 kBq/kg IV", "kBq/kg"),
        ("Drug 30 mCi po", "mCi"),
        ("Drug 150 µCi po", "uCi"),
        ("Drug 2 tablets po", "count"),
        ("Drug 1 patch q72h", "count"),
        ("Drug 2 sprays bid", "count"),
        ("Drug 1 suppository pr", "count"),
        ("Drug 1 lozenge", "count"),
    ],
)
def test_unit_spellings_export_the_contract_unit(text, unit):
    dose = parse_dose(text).to_dict()["dose"]
    assert dose["unit"] == unit
    quantity(Decimal(1), dose["unit"].split("/")[0])  # the amount unit parses with pint


def test_a_counted_form_is_exported_as_count_and_read_back():
    regimen = parse_regimen("Drug 2 capsules po bid")
    dose = regimen.to_dict()["components"][0]["dose"]
    assert dose == {"value": 2, "unit": "count", "form": "capsule"}
    assert Regimen.from_dict(regimen.to_dict()) == regimen
    assert Regimen.from_dict({"components": [{"dose": {"value": 2, "unit": "count"}}]}).components[0].dose.amount == 2


def test_a_volume_per_time_is_a_flow_not_a_dose():
    regimen = parse_regimen("Saline 500 mL/h IV, drug 10 mg IV")
    assert all(c.dose is None or c.dose.unit == "mg" for c in regimen.components)


@pytest.mark.parametrize("text", ["Interferon 3 mIU sc", "Drug 30 mU/kg sc"])
def test_milli_units_are_never_read_as_million(text):
    regimen = parse_regimen(text)
    assert all(c.dose is None for c in regimen.components) and regimen.partial


@pytest.mark.parametrize("text", ["Drug 12 mcg/h transdermal", "Drug 40 mg/(m2·d) IV", "Drug 2 sprays bid", "Drug 10⁵ IU"])
def test_the_canonical_text_parses_back(text):
    regimen = parse_regimen(text)
    assert parse_regimen(str(regimen)) == regimen


def test_a_unit_restated_in_brackets_adds_nothing():
    assert parse_dose("Drug 20 milligram per kilogram (mg/kg) IV").to_dict()["dose"] == {"value": 20, "unit": "mg/kg"}
    assert parse_dose("Drug 3,000 units (U) sc").dose.amount == 3000
    assert parse_dose("Drug 45 mg (mL) po").unresolved == ("mL",)  # another unit: not a restatement


@pytest.mark.parametrize(("text", "gray"), [("Radiotherapy 3000 rad", "30"), ("Radiotherapy 200 rads per fraction", "2")])
def test_rad_is_a_centigray_after_a_number(text, gray):
    fractions = parse_dose(text).fractions
    assert gray in (str(fractions.total), str(fractions.dose))


def test_rad_as_part_of_a_code_is_a_word():
    assert parse_dose("Drug RAD002 5 mg po").agent == "drug rad002"


# --- dose forms (GOLD_SCHEMA: a strength beside a count is not the dose) ------------


@pytest.mark.parametrize(
    ("text", "dose", "strength"),
    [
        ("take one 5 mg tablet daily", {"value": 1, "unit": "count", "form": "tablet"}, "5 mg"),
        ("Drug 3 x 250 mg capsules bid", {"value": 3, "unit": "count", "form": "capsule"}, "x 250 mg"),
        ("Drug 3 capsules x 250 mg bid", {"value": 3, "unit": "count", "form": "capsule"}, "x 250 mg"),
        ("Drug 10 mg, 2 tablets po daily", {"value": 2, "unit": "count", "form": "tablet"}, "10 mg"),
        ("Drug 2 tablets of 10 mg po daily", {"value": 2, "unit": "count", "form": "tablet"}, "10 mg"),
    ],
)
def test_the_count_is_the_dose_and_the_strength_beside_it_is_kept_as_text(text, dose, strength):
    (component,) = parse_regimen(text).components
    assert component.to_dict()["dose"] == dose
    assert strength in component.unresolved and not component.warnings


@pytest.mark.parametrize(
    ("text", "dose"),
    [
        ("take 2-3 tablets 20-30 mg total po daily", {"low": 20, "high": 30, "unit": "mg"}),
        ("Inject 0.8 mL (80 mg total) sc daily", {"value": 80, "unit": "mg"}),
        ("Drug 750 mg (3 x 250 mg capsules) po bid", {"value": 750, "unit": "mg"}),
        ("Drug 3 x 250 mg capsules (750 mg) po bid", {"value": 750, "unit": "mg"}),
    ],
)
def test_a_total_amount_beside_a_count_is_the_dose(text, dose):
    (component,) = parse_regimen(text).components
    assert component.to_dict()["dose"] == dose
    assert not component.warnings


def test_a_volume_beside_an_amount_reads_two_ways():
    (component,) = parse_regimen("Drug 2 mL (50 mg) im").components
    assert component.warnings  # neither chosen silently


def test_a_form_named_after_a_strength_is_not_a_unit():
    assert parse_dose("Drug 40 mg tablet po bid").to_dict()["dose"] == {"value": 40, "unit": "mg"}
    assert parse_dose("Drug 50 mcg/h patch q72h").to_dict()["dose"] == {"value": 50, "unit": "ug/hour"}


@pytest.mark.parametrize("text", ["Drug 100 mg as a suppository", "Drug 100 mg suppository at night"])
def test_a_suppository_is_given_rectally(text):
    assert parse_dose(text).route.value == "rectal"


def test_a_vaginal_suppository_is_not_rectal():
    assert parse_dose("Drug 100 mg vaginal suppository at night").route is None


# --- routes --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "route"),
    [
        ("Drug 50 mg/m2 by vein on day 1", "intravenous"),
        ("Drug 50 mg/m2 into a vein on day 1", "intravenous"),
        ("Drug 50 mg/m2 vgtt d1", "intravenous"),
        ("Drug 2 mg injected into the muscle", "intramuscular"),
        ("Drug 40 mg under the skin daily", "subcutaneous"),
        ("Drug 0.4 mg under the tongue", "sublingual"),
        ("Drug 300 mg nebulised bid", "inhalation"),
        ("Drug 2.5 mg via nebulizer q6h", "inhalation"),
        ("Drug 10 mg/kg intrarectal q8h", "rectal"),
        ("Drug 50 mg by IV route", "intravenous"),
        ("Drug 40 mg intratumoral injection weekly", "intratumoral"),
        ("Drug 12 mg IT", "intrathecal"),
        ("Drug IT 12 mg", "intrathecal"),
        ("HIPEC with drug 35 mg/m2", "intraperitoneal"),
        ("TACE with drug 50 mg", "intra-arterial"),
    ],
)
def test_route_spellings(text, route):
    routes = {c.route.value for c in parse_regimen(text).components if c.route}
    assert routes == {route}


def test_a_continuous_intravenous_infusion_keeps_both():
    component = parse_dose("Drug 200 mg/m2/d as a 24-hour continuous intravenous infusion")
    assert component.route.value == "intravenous" and component.infusion.continuous


def test_parenteral_is_no_route():
    assert all(c.route is None for c in parse_regimen("parenteral drug 30 mg daily").components)


@pytest.mark.parametrize(
    "text", ["Drug 75 mg/m2 for stage IV disease", "Drug 75 mg/m2 in grade IA tumours", "Drug 75 mg/m2, level IV"],
)
def test_a_roman_numeral_after_stage_or_grade_is_no_route(text):
    assert all(c.route is None for c in parse_regimen(text).components)


def test_lower_case_it_is_the_pronoun_and_all_capitals_say_nothing_of_case():
    assert all(c.route is None for c in parse_regimen("Drug 5 mg, take it daily").components)
    assert all(c.route is None for c in parse_regimen("TAKE IT 2 TABS DAILY").components)


def test_od_beside_eye_drops_is_the_eye():
    component = parse_dose("Drug 2 drops OD tid")
    assert (component.frequency.times, component.unresolved) == (3, ("OD",))


def test_ip_opening_a_text_is_the_investigational_product():
    component = parse_dose("IP is given at 300 mg po daily")
    assert component.route.value == "oral" and (component.agent == "ip" or "IP" in component.unresolved)
    assert parse_dose("Drug 80 mg/m2 IP d1").route.value == "intraperitoneal"


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [("Drug 20 mg to 40 mg po", 20, 40, "mg"), ("Drug 5 mg~10 mg po", 5, 10, "mg"), ("Drug 2 mg/kg - 4 mg/kg IV", 2, 4, "mg/kg")],
)
def test_a_range_with_the_unit_at_both_ends(text, low, high, unit):
    dose = parse_dose(text).to_dict()["dose"]
    assert (dose["low"], dose["high"], dose["unit"]) == (low, high, unit)


def test_a_range_between_two_units_is_not_read_as_one():
    assert parse_regimen("Drug 20 mg - 2 g po").components[0].warnings


@pytest.mark.parametrize(("text", "times"), [("Drug 5 mg four times (4x) a day", 4), ("Drug 5 mg twice (2x) daily", 2)])
def test_a_count_restated_in_brackets_adds_nothing(text, times):
    component = parse_dose(text)
    assert component.frequency.times == times and not component.unresolved


def test_a_day_after_a_basis_with_no_day_number_is_per_day():
    assert parse_dose("Drug 6 mg/kg day in divided doses").to_dict()["dose"]["unit"] == "mg/kg/day"
    assert parse_dose("Drug 6 mg/kg day 1").days.day_ranges == ((1, 1),)


def test_counted_forms_print_in_the_plural():
    assert str(parse_dose("Drug 3 capsules po")) == "drug 3 capsules PO"
    assert str(parse_dose("Drug 1 patch")) == "drug 1 patch"


@pytest.mark.parametrize(
    ("text", "unit", "times"),
    [
        ("Drug 900 mg/m2/d in 3 divided doses", "mg/m**2/day", 3),
        ("Drug 900 mg/m2 daily in three equally divided doses po", "mg/m**2/day", 3),
        ("Drug 60 mg/day divided into 2 doses", "mg/day", 2),
        ("Drug 60 mg daily in divided doses", "mg/day", None),
    ],
)
def test_a_day_s_amount_in_divided_doses(text, unit, times):
    """GOLD_SCHEMA: mg/day and the like keep the per-day unit; the split, when
    stated (in 2 divided doses), is a frequency as well."""
    component = parse_dose(text)
    assert component.to_dict()["dose"]["unit"] == unit
    assert (component.frequency.times if component.frequency else None) == times


@pytest.mark.parametrize("text", ["Drug 4 mg po 3-4 times daily", "Drug 4 mg po 1 or 2 times a day", "Drug 4 mg 2 to 3 times per day"])
def test_a_range_of_frequencies_is_kept_as_text_never_the_period_alone(text):
    component = parse_dose(text)
    assert component.frequency is None and component.unresolved


@pytest.mark.parametrize(("text", "amount"), [("Cetuximab at an initial dose of 300 mg/m2 IV", 300), ("Initial dose: 50 mcg/h patch", 50)])
def test_initial_dose_names_the_dose_that_follows(text, amount):
    assert parse_dose(text).dose.amount == amount


@pytest.mark.parametrize("text", ["Proton 66 GyRBE in 33 fractions", "Proton 66 Gy(RBE) in 33 fractions", "Carbon ion 66 GyE in 33 fractions"])
def test_rbe_weighted_gray_is_gray(text):
    assert parse_dose(text).fractions.total == 66
