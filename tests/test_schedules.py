"""Schedules as GOLD_SCHEMA's Rules read them: frequencies, intervals, days
(day 0 and days before it), days within a cycle, cycle definitions, counts.

Every example is written for these tests; each rule is checked on several
spellings and on the near misses it must leave alone.
"""

from __future__ import annotations

import pytest

from regimen import parse_regimen


def _one(text: str) -> dict:
    (component,) = parse_regimen(text).to_dict()["components"]
    return component


def _rate(component: dict) -> tuple | None:
    frequency = component.get("frequency")
    return None if frequency is None else (frequency["times"], frequency["period_days"])


def _cycle(component: dict) -> tuple:
    cycle = component.get("cycle") or {}
    return cycle.get("length_days"), cycle.get("count")


def _warned(text: str) -> bool:
    return any(component.warnings for component in parse_regimen(text).components)


# --- intervals said in one word or phrase ----------------------------------


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("Drugx 80 mg/m2 IV biweekly", 14),
        ("Drugx 80 mg/m2 IV bi-weekly", 14),
        ("Drugx 80 mg/m2 IV fortnightly", 14),
        ("Drugx 80 mg/m2 IV q3weekly", 21),
        ("Drugx 80 mg/m2 IV q 4 weekly", 28),
        ("Drugx 80 mg/m2 IV every 2 weekly", 14),
        ("Drugx 80 mg/m2 IV 3-weekly", 21),
        ("Drugx 80 mg/m2 IV once every third week", 21),
        ("Drugx 80 mg/m2 IV at 4-week intervals", 28),
        ("Drugx 80 mg/m2 IV at intervals of 3 weeks", 21),
        ("Drugx 80 mg/m2 IV per 28 days", 28),
    ],
)
def test_every_n_weeks_is_a_cycle_length(text, length):
    component = _one(text)
    assert _cycle(component) == (length, None) and "frequency" not in component


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("Drugy 5 mg po everyday", (1, 1)),
        ("Drugy 5 mg po nightly", (1, 1)),
        ("Drugy 300 mcg sc every third day", (1, 3)),
        ("Drugy 4 mg po 6 hourly", (1, 0.25)),
        ("Drugy 4 mg po 3x/day", (3, 1)),
        ("Drugy 4 mg po 2 x daily", (2, 1)),
        ("Drugy 15 mg/kg/8h IV", (3, 1)),
        ("Drugy 300 mcg/24hr transdermal", None),
        ("药物 40mg 口服 每日2次", (2, 1)),
        ("药物 40mg 每天3次", (3, 1)),
    ],
)
def test_frequency_spellings(text, rate):
    got = _rate(_one(text))
    assert got == rate if rate is None or got is None else got[0] / got[1] == pytest.approx(rate[0] / rate[1])


def test_a_count_before_weekly_is_not_an_interval():
    assert _rate(_one("Carboplatin AUC 2 weekly")) == (1, 7)  # the AUC's number, then weekly
    component = _one("Drugx 10 mg 6 weekly cycles")
    assert _cycle(component) == (7, 6)  # six cycles, each a week


@pytest.mark.parametrize(
    "text",
    [
        "Drugy 8 mg po q4-6h",
        "Drugy 8 mg po q4h-q6h",
        "Drugy 8 mg po every 4 to 6 hours",
        "Drugx 75 mg/m2 IV every 3-4 weeks",
        "Drugx 75 mg/m2 IV q2-3w",
        "Drugy 200 mg po 2-4 times daily",
        "Drugy 200 mg po 2 to 3 times a day",
        "Drugy 200 mg po bid-tid",
        "Drugy 200 mg po up to 4 times daily",
        "Drugy 2.5 mg sc 1-2 hourly",
        "Drugy 200 mg po once or twice daily",
        "Drugy 200 mg po 2 or 3 times a day",
        "Drugy 8 mg po every 6 or 8 hours",
        "Drugy 200 mg po bid or tid",
    ],
)
def test_a_schedule_range_is_kept_whole_and_flagged(text):
    component = _one(text)
    assert not {"frequency", "cycle", "infusion_minutes", "duration_days"} & set(component)
    assert len(component["unresolved"]) == 1 and component["unresolved"][0] in text  # whole, never half-read


@pytest.mark.parametrize("text", ["Drugy 8 mg po q4-6h", "Drugx 75 mg/m2 IV every 3-4 weeks", "Drugy 200 mg po bid-tid"])
def test_a_schedule_range_is_flagged(text):
    assert _warned(text)


@pytest.mark.parametrize(
    "text",
    ["Drugz 30 mg/kg/day po in 3 divided doses", "Drugz 30 mg/kg/day po in 3 equally divided doses",
     "Drugz 30 mg/kg/day po divided into 3 doses", "Drugz 30 mg/kg/day po divided TID"],
)
def test_a_day_amount_in_divided_doses_keeps_its_unit_and_gives_the_frequency(text):
    component = _one(text)
    assert component["dose"]["unit"] == "mg/kg/day" and _rate(component) == (3, 1)


def test_divided_doses_without_a_day_amount_stay_unresolved():
    component = _one("Drugz 900 mg po in 3 divided doses")
    assert "frequency" not in component and component["unresolved"] == ["3 divided doses"]


# --- days --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Drugw 40 mg/m2 IV day -5 to -3", [[-5, -3]]),
        ("Drugw 40 mg/m2 IV days -7, -6, -5", [[-7, -7], [-6, -6], [-5, -5]]),
        ("Drugw 40 mg/m2 IV days -3 to +2", [[-3, 2]]),
        ("Drugw 40 mg/m2 IV d-4 to d-2", [[-4, -2]]),
        ("Drugw 40 mg/m2 IV day +7", [[7, 7]]),
        ("Drugw 40 mg/m2 IV day 0", [[0, 0]]),
        ("Drugw 40 mg/m2 IV days +1, +3 and +6", [[1, 1], [3, 3], [6, 6]]),
        ("Drugw 40 mg/m2 IV D1,D8,&D22", [[1, 1], [8, 8], [22, 22]]),
        ("Drugw 40 mg/m2 IV d2&9", [[2, 2], [9, 9]]),
        ("Drugw 40 mg/m2 IV D1+D15", [[1, 1], [15, 15]]),
        ("Drugw 40 mg/m2 IV dd 1-4", [[1, 4]]),
        ("Drugw 40 mg/m2 IV days 1-3", [[1, 3]]),
    ],
)
def test_days(text, days):
    assert _one(text)["days"] == days


def test_a_negative_amount_is_still_refused():
    component = _one("Drugw -40 mg IV day -2")
    assert "dose" not in component and component["days"] == [[-2, -2]] and component["unresolved"]


def test_negative_days_round_trip():
    regimen = parse_regimen("Drugw 40 mg/m2 IV days -6 to -2, 0")
    assert parse_regimen(str(regimen)) == regimen


def test_days_of_every_week_make_a_weekly_cycle():
    component = _one("Drugw 2 mg po days 1 and 3 of every week")
    assert component["days"] == [[1, 1], [3, 3]] and _cycle(component) == (7, None) and "frequency" not in component


def test_of_every_does_not_swallow_the_interval():
    component = _one("Drugw 2 mg IV on day 1 of every 4 weeks")
    assert component["days"] == [[1, 1]] and _cycle(component) == (28, None) and "duration_days" not in component


# --- days within a cycle -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "days", "cycle"),
    [
        ("Drugv 500 mg po bid for 10 days every 4 weeks", [[1, 10]], (28, None)),
        ("Drugv 500 mg po bid x 7d q2w", [[1, 7]], (14, None)),
        ("Drugv 500 mg po daily for 3 weeks in 28-day cycles", [[1, 21]], (28, None)),
        ("Drugv 500 mg po bid for 10 days of each cycle", [[1, 10]], (None, None)),
        ("Drugv 500 mg po bid for 3 weeks followed by a 1-week rest", [[1, 21]], (28, None)),
        ("Drugv 500 mg po bid 3 weeks on, 2 weeks off", [[1, 21]], (35, None)),
        ("Drugv 500 mg po daily 3 weeks on/1 week off", [[1, 21]], (28, None)),
        ("Drugv 500 mg po daily x 14 days with a 14 day rest", [[1, 14]], (28, None)),
        ("Drugv 500 mg po daily for 14 days with a 7-day washout", [[1, 14]], (21, None)),
        ("Drugv 500 mg po daily d1-10, then 4 days off", [[1, 10]], (14, None)),
        ("Drugv 500 mg po bid for 10 days, followed by a 4-day rest for 6 cycles", [[1, 10]], (14, 6)),
        ("Drugv 20 mg po daily for 5 consecutive days per 28-day cycle", [[1, 5]], (28, None)),
    ],
)
def test_a_treatment_time_in_a_cycle_is_its_days(text, days, cycle):
    component = _one(text)
    assert component["days"] == days and _cycle(component) == cycle and "duration_days" not in component


@pytest.mark.parametrize(
    ("text", "duration"),
    [
        ("Drugv 75 mg/m2 IV q2w for 20 weeks", 140),  # longer than the cycle: a duration
        ("Drugv 500 mg po bid for 10 days", 10),  # no cycle: a duration
        ("Drugv 75 mg/m2 IV q3w for a total of 14 days", 14),  # a total stays a total
    ],
)
def test_a_treatment_time_outside_a_cycle_stays_a_duration(text, duration):
    assert _one(text)["duration_days"] == duration


def test_the_course_time_restated_adds_nothing():
    component = _one("Drugv 75 mg/m2 IV every 2 weeks for 6 cycles (12 weeks)")
    assert _cycle(component) == (14, 6) and "duration_days" not in component


def test_a_time_restating_each_block_of_days_adds_nothing():
    component = _one("Drugv 20 mg daily for 3 days on D1-D3 and D8-D10")
    assert component["days"] == [[1, 3], [8, 10]] and "duration_days" not in component


def test_a_rest_after_a_single_day_says_no_cycle():
    component = _one("Drugv 6 mg/kg IV on day 1, followed by 2 weeks off")  # week 1 then 2 off, or day 1 then 14 days?
    assert "cycle" not in component and component["unresolved"] == ["2 weeks off"]


def test_a_rest_against_a_shared_cycle_is_flagged():
    text = "Drugv 125 mg po daily for 21 days with a 7 day rest, every 3 weeks"
    assert _warned(text)


def test_a_taper_is_no_rest():
    component = _one("Drugv 1 mg/kg po daily on days 1-21 followed by a 10-day taper")
    assert component["days"] == [[1, 21]] and "cycle" not in component and component["unresolved"] == ["10-day taper"]


# --- cycle definitions ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Drugu 10 mg IV d1-5. One cycle is 35 days.",
        "Drugu 10 mg IV d1-5 (1 cycle = 35 days)",
        "Drugu 10 mg IV d1-5 (35 days as 1 cycle)",
        "Drugu 10 mg IV d1-5 (each cycle is 35 days)",
        "Drugu 10 mg IV d1-5, cycle of 35 days",
        "Drugu 10 mg IV d1-5, cycle length of 35 days",
        "Drugu 10 mg IV d1-5, 35 days per cycle",
        "Drugu 10 mg IV d1-5, every 5 weeks (35 days)",
        "药物 10mg d1-5，35天为1周期",
        "药物 10mg d1-5，5周为一个周期",
    ],
)
def test_a_cycle_defined_in_words(text):
    component = _one(text)
    assert _cycle(component) == (35, None) and component["days"] == [[1, 5]] and "duration_days" not in component


def test_cycles_of_a_length_and_each_of_a_length():
    assert _cycle(_one("Drugu 10 mg IV, 6 cycles of 14 days")) == (14, 6)
    assert _cycle(_one("Drugu 10 mg IV x 6 cycles, each 14 days")) == (14, 6)


def test_a_time_then_a_cycle_word_with_a_link_between_is_no_cycle_length():
    component = _one("Drugu 40 mg daily, 3 days a cycle")
    assert "cycle" not in component and _warned("Drugu 40 mg daily, 3 days a cycle")
    assert _cycle(_one("Drugu 40 mg IV on day 1 of each 2-week treatment cycle")) == (14, None)


def test_a_treatment_time_called_one_cycle_is_both():
    component = _one("Drugu 100 mg po q12h for 21 days (1 cycle)")
    assert component["days"] == [[1, 21]] and _cycle(component) == (21, None)


def test_a_time_as_a_cycle_against_another_cycle_is_flagged():
    text = "Drugu 40 mg daily for 3 days as a cycle, repeated every 2 weeks"
    assert _warned(text)


# --- counts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cycle"),
    [
        ("Drugt 5 mg/m2 IV d1 q2w cycles 1-8", {"length_days": 14, "count": 8}),
        ("Drugt 5 mg/m2 IV d1 of cycles 1 to 3", {"count": 3}),
        ("Drugt 5 mg/m2 IV d1 q2w. Number of cycles: 5", {"length_days": 14, "count": 5}),
        ("Drugt 5 mg/m2 IV d1 q2w for eight or more cycles", {"length_days": 14, "count": 8, "count_bound": ">="}),
        ("Drugt 5 mg/m2 IV q2w for up to 20 administrations", {"length_days": 14, "count": 20, "count_bound": "<="}),
        ("Drugt 5 mg/m2 IV d1 q14d - 6*", {"length_days": 14, "count": 6}),
        ("Drugt (5 mg/m2) X 6 every 2 weeks", {"length_days": 14, "count": 6}),
        ("Drugt 5 mg/m2 IV q2w for five or six cycles", {"length_days": 14, "count": 5, "count_max": 6}),
        ("Drugt 5 mg/m2 IV every 2 weeks for 6 doses", {"length_days": 14, "count": 6}),
        ("seven weekly courses of drugt 5 mg/m2", {"length_days": 7, "count": 7}),
    ],
)
def test_cycle_counts(text, cycle):
    got = {k: v for k, v in _one(text)["cycle"].items() if k in ("length_days", "count", "count_bound", "count_max")}
    assert got == cycle


def test_a_later_run_of_cycles_is_kept_unresolved():
    component = _one("Drugt 5 mg/m2 IV d1 q2w cycles 3-6")
    assert "count" not in component["cycle"] and component["unresolved"] == ["cycles 3-6"]


@pytest.mark.parametrize(
    ("text", "doses", "rate"),
    [
        ("Drugt 5 mg IV weekly for 6 doses", 6, (1, 7)),
        ("four daily doses of drugt 5 mg", 4, (1, 1)),
        ("Drugt 5 mg IV once", 1, None),
        ("Drugt 5 mg IV in a single dose", 1, None),
        ("Drugt 5 mg IV x 1", 1, None),
    ],
)
def test_administrations(text, doses, rate):
    component = _one(text)
    assert component["doses"] == doses and _rate(component) == rate and "cycle" not in component


def test_once_before_a_period_is_a_frequency():
    assert "doses" not in _one("Drugt 5 mg po once daily") and _rate(_one("Drugt 5 mg po once daily")) == (1, 1)


@pytest.mark.parametrize("text", ["zorbacin 1 g IV every 6 hours for 24 hours", "zorbacin 500 mg IV bid for 48 h"])
def test_a_time_as_long_as_the_interval_between_doses_is_no_infusion(text):
    (component,) = parse_regimen(text).components
    assert component.infusion is None and component.frequency is not None and component.warnings


def test_a_short_time_after_a_frequency_is_still_an_infusion():
    (component,) = parse_regimen("zorbacin 1 g IV q8h 30 min").components
    assert component.infusion is not None


@pytest.mark.parametrize(
    ("text", "cycle"),
    [
        ("six CHOP cycles of 21 days each", (21, 6)),
        ("4 cycles of 28 days each of zorbitinib 10 mg on days 1-21", (28, 4)),
        ("6 FOLFOX courses", (None, 6)),
    ],
)
def test_a_count_before_a_regimens_name_and_each_after_a_length(text, cycle):
    component = _one(text)
    assert _cycle(component) == cycle
    assert not component.get("unresolved") and not component.get("warnings")


@pytest.mark.parametrize(
    "text", ["zorbimab 4 mg IV monthly", "zorbimab 4 mg IV once a month", "zorbimab 4 mg IV once-monthly", "zorbimab 4 mg IV every month"]
)
def test_every_month_is_a_cycle_in_months_never_one_dose(text):
    component = _one(text)
    assert component["cycle"] == {"length": {"value": 1, "unit": "month"}}
    assert "frequency" not in component and "doses" not in component


@pytest.mark.parametrize(("text", "rate"), [("zorbimab 4 mg once-weekly", (1, 7)), ("zorbimab 4 mg twice-daily", (2, 1))])
def test_a_hyphenated_count_and_period_is_a_frequency_not_one_dose(text, rate):
    component = _one(text)
    assert _rate(component) == rate and "doses" not in component


@pytest.mark.parametrize(
    ("text", "kept", "route"),
    [
        ("zorbizolomide 150 mg/m2 orally, after fasting for one hour, once a day for 5 days", "after fasting for one hour", "oral"),
        ("zorbisolone 32 mg IV daily (for patients unable to take orally)", "for patients unable to take orally", "intravenous"),
        ("zorbitaxel 75 mg/m2 IV every 3 weeks for 6 cycles (in about 18 weeks)", "about 18 weeks", "intravenous"),
    ],
)
def test_fasting_conditions_and_approximate_times_stay_text(text, kept, route):
    component = _one(text)
    assert kept in component["unresolved"] and component["route"] == route
    assert "infusion_minutes" not in component and component.get("duration_days") in (None, 5)


def test_a_possible_dose_change_is_text_and_the_schedule_after_it_stays_the_drugs():
    component = _one("zorbacitidine IV 100 mg/m2 with a possible decrease to 75 mg/m2, days 1 to 7 of a 28-day cycle")
    assert component["dose"]["value"] == 100 and component["days"] == [[1, 7]]
    assert "with a possible decrease to 75 mg/m2" in component["unresolved"]


def test_treatments_counted_after_a_cycle_are_its_count():
    assert _cycle(_one("zorbicitabine 1000 mg/m2 days 1 and 8, repeated every 21 days for 6 treatments")) == (21, 6)


@pytest.mark.parametrize("text", ["zorbigrastim 6 mg SC 24-48 hours post day 1", "zorbigrastim 6 mg SC 24 hours post chemotherapy"])
def test_a_time_post_an_event_is_a_timing_never_an_infusion(text):
    component = _one(text)
    assert "infusion_minutes" not in component and any("post" in u for u in component["unresolved"])


def test_then_every_n_weeks_thereafter_continues_the_course():
    parsed = parse_regimen("zorbium 50 kBq/kg IV on day 1 and then every 4 weeks thereafter for 6 cycles")
    (component,) = parsed.to_dict()["components"]
    assert component["days"] == [[1, 1]] and _cycle(component) == (28, 6)


@pytest.mark.parametrize(
    ("text", "days", "cycle"),
    [
        ("zorbimumab 3 mg/kg IV on days 1, 8, 15, and 22 Courses repeat every 28 days", [[1, 1], [8, 8], [15, 15], [22, 22]], (28, None)),
        ("zorbicitabine 1000 mg/m2 days 1-5 and 4 courses repeated every 28 days", [[1, 5]], (28, 4)),
    ],
)
def test_a_capitalised_cycle_word_after_a_day_list_opens_a_sentence(text, days, cycle):
    component = _one(text)
    assert component["days"] == days and _cycle(component) == cycle
