"""Pharmacy sigs and drug-label dosing: counts, strengths and timings (patterns.txt, "# labels:")."""

from __future__ import annotations

import pytest

from tests.readings import assert_round_trips, components




@pytest.mark.parametrize(
    ("text", "count", "route"),
    [
        ("Sig: 3 PO bid", 3, "oral"),
        ("sig 1 po qhs", 1, "oral"),
        ("Take 3 by mouth daily", 3, "oral"),
        ("Give 1 PO q8h", 1, "oral"),
        ("take 1 sublingually prn", 1, "sublingual"),
    ],
)
def test_a_bare_count_before_an_oral_route_in_a_sig_counts_the_form(text, count, route):
    (component,) = components(text)
    assert component["dose"] == {"value": count, "unit": "count"}
    assert component["route"] == route
    assert_round_trips(text)


def test_a_second_bare_count_after_a_frequency_is_read_and_never_dropped_silently():
    first, *_ = components("Sig: 3 PO qam 2 PO qhs")
    assert first["dose"] == {"value": 3, "unit": "count"}
    assert any("dose stated twice" in warning for warning in first["warnings"])


@pytest.mark.parametrize("text", ["Drug 75 po d1", "Take 12 PO daily", "Sig: 1.5 PO bid", "Drug 2 iv weekly"])
def test_a_bare_number_that_may_lack_its_unit_is_never_a_count(text):
    for component in components(text):
        assert component.get("dose") is None


@pytest.mark.parametrize(
    "text",
    [
        "Take 1 tablet by mouth every 8 hours. Maximum 3 tablets in 24 hours.",
        "2 caps q8h prn; not to exceed 6 caps within 24 hours",
        "Drug 1 g q6h, max 4 g in 24 hrs",
    ],
)
def test_the_period_of_a_maximum_is_no_infusion_time(text):
    for component in components(text):
        assert component.get("infusion_minutes") is None
    assert any("24" in piece for component in components(text) for piece in component.get("unresolved", []))


@pytest.mark.parametrize(
    ("text", "timing"),
    [
        ("Drug 1 tablet 1 hour before meals", "1 hour before meals"),
        ("Drug 10 mg 30 minutes before breakfast daily", "30 minutes before breakfast"),
        ("Drug 2 tabs 2 hours after meals", "2 hours after meals"),
    ],
)
def test_a_time_before_or_after_a_meal_is_a_timing_never_an_infusion(text, timing):
    (component,) = components(text)
    assert component.get("infusion_minutes") is None
    assert timing in component["unresolved"]
    assert any("timing" in warning for warning in component["warnings"])


@pytest.mark.parametrize(
    "text", ["Drug 10 units sc at bedtime", "Drug 5 mg po nightly at bedtime", "Drug 2 tablets at bedtime as needed"]
)
def test_at_bedtime_is_once_a_day(text):
    (component,) = components(text)
    assert component["frequency"] == {"times": 1, "period_days": 1, "period": {"value": 1, "unit": "day"}}
    assert_round_trips(text)


@pytest.mark.parametrize(
    ("text", "period"),
    [("Drug 1 tab at bedtime every other day", 2), ("Drug 1 tab every other night at bedtime", 2), ("Drug 1 tab twice weekly at bedtime", 7)],
)
def test_beside_another_frequency_at_bedtime_only_says_when(text, period):
    (component,) = components(text)
    assert component["frequency"]["period_days"] == period
    assert component["unresolved"] == ["at bedtime"]
    assert "warnings" not in component


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("Drug From 50 To 100 mg per m² daily", 50, 100, "mg/m**2"),
        ("Drug from 1 to 2 tablets by mouth daily", 1, 2, "count"),
        ("Drug From 60 To 60 mg daily", 60, 60, "mg"),
        ("Drug 5-5 mg daily", 5, 5, "mg"),
    ],
)
def test_a_dose_range_from_to_and_a_range_with_equal_ends(text, low, high, unit):
    (component,) = components(text)
    assert {key: component["dose"][key] for key in ("low", "high", "unit")} == {"low": low, "high": high, "unit": unit}
    assert "warnings" not in component
    assert_round_trips(text)


def test_a_falling_dose_range_is_still_refused():
    (component,) = components("Drug 10-5 mg daily")
    assert component.get("dose") is None and component["warnings"]


@pytest.mark.parametrize(
    ("text", "agent", "strength", "count"),
    [
        ("Brandex 10/500 mg 2 tablets q6h prn", "brandex", "10/500 mg", 2),
        ("Combozar 50/12.5 mg 1 tab po daily", "combozar", "50/12.5 mg", 1),
        ("Drug A 1 tablet daily, Mixol 20/12.5 mg 1-2 tabs daily", "mixol", "20/12.5 mg", None),
    ],
)
def test_a_combination_strength_before_a_count_is_text_and_the_count_the_dose(text, agent, strength, count):
    component = components(text)[-1]
    assert component["agent"] == agent
    assert strength in component["unresolved"]
    assert component["dose"]["unit"] == "count"
    if count is not None:
        assert component["dose"]["value"] == count


def test_a_combination_strength_does_not_take_the_dose_of_the_drug_before_it():
    first, second = components("Drugol 300 mg po tid, Brandex 7.5/300 mg 1 tablet q4h")
    assert first["dose"] == {"value": 300, "unit": "mg"}
    assert second["agent"] == "brandex"


def test_a_bottle_is_a_counted_form():
    (component,) = components("Drug 1 bottle po once")
    assert component["dose"] == {"value": 1, "unit": "count", "form": "bottle"}
    assert_round_trips("Drug 2 bottles po daily")


@pytest.mark.parametrize(
    ("text", "times"),
    [
        ("Sig: 1 PO Tue, Thu", 2),
        ("Drug 1 tab daily Tue-Thu-Sat", 3),
        ("Drug 1 tab Monday, Wednesday and Friday", 3),
        ("Drug 1 tab po Mon/Thu", 2),
        ("Drug 2 mg every Tuesday and Saturday", 2),
    ],
)
def test_a_list_of_weekdays_is_that_many_doses_a_week(text, times):
    (component,) = components(text)
    assert component["frequency"] == {"times": times, "period_days": 7, "period": {"value": 1, "unit": "week"}}
    assert "warnings" not in component
    assert_round_trips(text)


@pytest.mark.parametrize("text", ["Drug 2 tab Mon-Fri", "Drug 1 tab Tue-Thu", "Drug 1 tab Monday to Thursday"])
def test_two_weekdays_joined_by_a_dash_are_a_range_not_a_list(text):
    (component,) = components(text)
    assert component.get("frequency") is None


def test_a_weekday_list_beside_another_frequency_is_flagged():
    (component,) = components("Drug 5 mg bid Tue, Thu, Sat")
    assert any("frequency stated twice" in warning for warning in component["warnings"])


def test_a_single_weekday_abbreviation_stays_a_word():
    first, second = components("Drugcyd 100 mg/m2 + THU 350 mg/m2 daily")
    assert second["agent"] == "thu"


@pytest.mark.parametrize(
    ("text", "days"),
    [("Drug depot 7.5 mg once every six months (every 182 days)", 182), ("Drug 10 mg every 6 months (every 26 weeks)", 182)],
)
def test_months_restated_in_days_or_weeks_are_the_stated_days(text, days):
    (component,) = components(text)
    assert component["cycle"]["length_days"] == days
    assert "warnings" not in component
    assert_round_trips(text)


def test_months_restated_in_disagreeing_days_keep_both_with_a_warning():
    (component,) = components("Drug 10 mg every 3 months (every 60 days)")
    assert component["cycle"].get("length_days") is None
    assert any("stated twice" in warning for warning in component["warnings"])


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Drug 200 mg/m2 once weekly for 3 or 6 doses", "3 or 6 doses"),
        ("Drug 200 mg/m2 weekly for 4-6 doses", "4-6 doses"),
        ("Drug 200 mg/m2 weekly x 4 to 6 doses", "x 4 to 6 doses"),
    ],
)
def test_a_range_of_doses_is_kept_as_text_with_a_warning_never_an_alternative(text, kept):
    (component,) = components(text)
    assert component.get("doses") is None
    assert kept in component["unresolved"] and component["warnings"]


@pytest.mark.parametrize(
    ("text", "step"),
    [
        ("Drug 40 mg daily, tapering 2.5 mg per week", "tapering 2.5 mg per week"),
        ("Sig: 3 PO qam. Taper 2 mg a month", "Taper 2 mg a month"),
        ("Drug 20 mg daily, decrease by 2.5 mg every 2 weeks", "decrease by 2.5 mg every 2 weeks"),
        ("Drug 60 mg daily then taper by 10 mg weekly", "taper by 10 mg weekly"),
    ],
)
def test_the_step_of_a_taper_is_no_dose_nor_schedule(text, step):
    (component,) = components(text)
    assert step in component["unresolved"]
    assert component["dose"]["unit"] in ("mg", "count")
    assert component.get("cycle") is None


def test_when_a_later_dose_starts_is_a_timing_never_a_duration():
    first, second, third = components("Drug 10 mg daily; increased to 20 mg daily after 4 weeks, and 3 weeks later increased to 40 mg daily")
    for component in (second, third):
        assert component.get("duration_days") is None
        assert any("timing relative" in warning for warning in component["warnings"])
    assert "after 4 weeks" in second["unresolved"]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Drug 1 g q6h (maximum 2 g per dose or 4 g per day)", "or 4 g per day"),
        ("Drug 30 mg/kg/day divided q8h. Max 250 mg/single dose or 1000 mg/day", "or 1000 mg/day"),
        ("Drug 1 g q6h, max 4 g/day or 2 g/day in the elderly", "or 2 g/day"),
    ],
)
def test_or_after_a_maximum_is_a_second_maximum_never_an_alternative_dose(text, kept):
    (component,) = components(text)
    assert kept in component["unresolved"]
    assert any("max_dose stated twice" in warning for warning in component["warnings"])


@pytest.mark.parametrize(("text", "unit"), [("Drug 500 mg/single dose iv", "mg"), ("Drug 2 g per dose iv q8h", "g")])
def test_per_dose_says_the_amount_of_one_administration(text, unit):
    (component,) = components(text)
    assert component["dose"]["unit"] == unit
    assert "unresolved" not in component


@pytest.mark.parametrize(
    ("text", "step"),
    [
        ("Drug 50-100 mcg/day with slow increments of 50 mcg/day every 3-6 weeks", "increments of 50 mcg/day"),
        ("Drug 25 mg daily, increase by 25 mg weekly", "increase by 25 mg weekly"),
    ],
)
def test_the_step_of_a_titration_is_no_dose(text, step):
    read = components(text)
    assert any(step in component.get("unresolved", []) for component in read)
    assert sum(1 for component in read if component.get("dose")) == 1


def test_increased_to_names_the_next_dose():
    first, second = components("Drug 25 mg daily; increased to 50 mg daily")
    assert second["dose"] == {"value": 50, "unit": "mg"}


def test_a_course_of_a_drug_is_its_treatment_and_the_time_its_duration():
    (component,) = components("He received a course of Drugcillin for 10 days")
    assert component["agent"] == "drugcillin"
    assert component["duration_days"] == 10 and component.get("cycle") is None


def test_courses_counted_are_still_cycles():
    (component,) = components("4 courses of drugplatin 75 mg/m2 q3w")
    assert component["cycle"]["count"] == 4


def test_a_short_time_after_a_maximum_is_still_an_infusion_time():
    (component,) = components("Drug up to 1 g over 2 hours iv")
    assert component["infusion_minutes"] == 120
