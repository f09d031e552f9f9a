"""Radiotherapy notation, agents and safety (GOLD_SCHEMA, Rules: Radiotherapy).

Invented prescriptions that show each rule; none is copied from the shared
real-text or safety files.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from regimen import parse_regimen
from regimen.errors import RegimenParseError


def _one(text: str):
    regimen = parse_regimen(text)
    assert len(regimen.components) == 1, regimen.components
    return regimen.components[0]


def _fractions(component) -> tuple:
    f = component.fractions
    return None if f is None else (f.count, f.dose, f.total)


def _rate(component) -> tuple | None:
    frequency = component.frequency
    return None if frequency is None else (frequency.times, frequency.period.days)


def D(value) -> Decimal:
    return Decimal(str(value))


# --- notations: count, dose per fraction, total, frequency -----------------

NOTATIONS = [
    # a total and its dose per fraction, joined: the larger is the total
    ("RT 66 Gy at 2.2 Gy once daily", (30, D(2.2), D(66)), (1, 1)),
    ("Radiotherapy 54 Gy/1.8 Gy", (30, D(1.8), D(54)), None),
    ("radiotherapy 40 Gy in 2.5 Gy daily", (16, D(2.5), D(40)), (1, 1)),
    ("radiotherapy 39 Gy in 3 Gy fractions", (13, D(3), D(39)), None),
    ("radiotherapy 4500 cGy in 180 cGy fractions", (25, D(1.8), D(45)), None),
    ("radiotherapy 33 Gy @ 1.5 Gy BID", (22, D(1.5), D(33)), (2, 1)),
    ("radiotherapy 36 Gy/1.8 Gy/4 wk", (20, D(1.8), D(36)), None),
    # a frequency or an adjective between the count and "fractions"
    ("radiotherapy 30 Gy in 15 twice-daily fractions", (15, D(2), D(30)), (2, 1)),
    ("radiotherapy 28 Gy in four daily fractions", (4, D(7), D(28)), (1, 1)),
    ("radiotherapy 45 Gy in 25 equal fractions", (25, D(1.8), D(45)), None),
    # Gy a day is the dose of a daily fraction; "total" after its amount
    ("radiotherapy 1.8 Gy/day", (None, D(1.8), None), (1, 1)),
    ("radiotherapy 50 Gy total dose: 2 Gy/day", (25, D(2), D(50)), (1, 1)),
    ("radiotherapy 2.5 Gy x 16 = 40 Gy total", (16, D(2.5), D(40)), None),
    # fractions of X Gy: per fraction, whatever follows
    ("RT 20 fractions of 2.5 Gy, 5 fractions per week", (20, D(2.5), D(50)), (5, 7)),
    ("radiotherapy in daily fractions of 1.8 Gy to a total of 45 Gy", (25, D(1.8), D(45)), (1, 1)),
    ("radiotherapy, a fraction dose of 8 Gy, 3 fractions", (3, D(8), D(24)), None),
    # a per-week count beside daily: the per-week count
    ("radiotherapy 2 Gy daily, 5 days a week, to 50 Gy", (25, D(2), D(50)), (5, 7)),
    ("radiotherapy 1.5 Gy twice daily, 10 fractions/week, 45 Gy", (30, D(1.5), D(45)), (10, 7)),
    # the dose per fraction is derived only when exact to two decimals
    ("radiotherapy 45 Gy in 4 fractions", (4, D(11.25), D(45)), None),
    ("radiotherapy 45 Gy in 8 fractions", (8, None, D(45)), None),
    ("radiotherapy 50 Gy in 3 fractions", (3, None, D(50)), None),
    # cGy and rad are hundredths of a Gy
    ("radiotherapy 3000 rad in 10 fractions", (10, D(3), D(30)), None),
    ("radiotherapy 250 cGy x 12", (12, D(2.5), D(30)), None),
]


@pytest.mark.parametrize(("text", "fractions", "rate"), NOTATIONS)
def test_notation(text, fractions, rate):
    component = _one(text)
    assert _fractions(component) == fractions
    assert _rate(component) == rate


@pytest.mark.parametrize("text", [text for text, *_ in NOTATIONS])
def test_notation_round_trips(text):
    regimen = parse_regimen(text)
    assert parse_regimen(str(regimen)) == regimen


# --- what is never read ----------------------------------------------------


def test_a_dose_per_fraction_above_the_total_is_refused():
    component = _one("Radiotherapy 5 Gy per fraction, total 3 Gy")
    assert component.fractions is None
    assert component.unresolved and any("above the total" in w for w in component.warnings)


def test_the_model_refuses_a_dose_per_fraction_above_the_total():
    from regimen.model import Fractionation

    with pytest.raises(ValueError, match="above the total"):
        Fractionation(count=2, dose=D(40), total=D(2))


def test_no_bare_gy_guess_beside_text_not_understood():
    component = _one("radiotherapy 44 Gy q3-5x")
    assert component.fractions is None
    assert "44 Gy" in component.unresolved


def test_a_dose_a_week_is_not_a_dose_per_fraction():
    component = _one("Radiotherapy 10 Gy/week")
    assert component.fractions is None and component.unresolved


def test_inconsistent_prescription_is_kept_as_stated_with_a_warning():
    component = _one("radiotherapy 70 Gy in 30 fractions of 2 Gy")
    assert _fractions(component) == (30, D(2), D(70))
    assert component.warnings


def test_fractions_without_of_is_a_flagged_reading():
    component = _one("Radiotherapy 6 fractions 30 Gy")
    assert _fractions(component) == (6, D(5), D(30))
    assert any("read as the total" in w for w in component.warnings)


def test_a_frequency_rate_disagreeing_with_the_weekly_count_is_flagged():
    component = _one("radiotherapy daily, 10 fractions a week")
    assert _rate(component) == (1, 1)
    assert "10 fractions a week" in component.unresolved


def test_daily_and_days_a_week_of_a_drug_stay_a_frequency_stated_twice():
    component = _one("Drug 100 mg daily, 5 days a week")
    assert _rate(component) == (1, 1)
    assert "5 days a week" in component.unresolved


def test_a_gy_amount_on_listed_days_is_the_dose_of_each():
    component = _one("radiotherapy at 4 Gy on days 1, 4 and 8")
    assert _fractions(component) == (None, D(4), None)
    component = _one("radiotherapy 30 Gy on days 1-12")  # a span of days: the total, flagged as a reading
    assert _fractions(component) == (None, None, D(30)) and component.warnings


def test_rad_is_a_unit_only_after_a_number():
    assert _fractions(_one("radiotherapy 4500 rads in 25 fractions")) == (25, D(1.8), D(45))
    assert _one("RAD001 10 mg po daily").agent == "rad001"


def test_strict_refuses_a_gy_range():
    with pytest.raises(RegimenParseError):
        parse_regimen("radiotherapy 45-50 Gy in 2 Gy fractions", strict=True)


# --- RBE-weighted doses: read as written, kept as Gy(RBE), flagged -----------

RBE_SPELLINGS = [
    "proton therapy 50 Gy(RBE) in 25 fractions", "proton therapy 50 Gy (RBE) in 25 fractions",
    "proton therapy 50 GyRBE in 25 fractions", "proton therapy 50 CGE in 25 fractions",
    "proton therapy 50 Gy (cobalt Gy equivalent) in 25 fractions",
]


@pytest.mark.parametrize("text", RBE_SPELLINGS)
def test_rbe_weighted_dose_is_read_as_written_and_flagged(text):
    component = _one(text)
    assert _fractions(component) == (25, D(2), D(50))
    assert component.fractions.rbe
    assert any("RBE" in w for w in component.warnings)
    assert component.to_dict()["fractions"]["rbe"] is True


def test_rbe_weighting_survives_the_canonical_text():
    regimen = parse_regimen("carbon ion 3.6 GyRBE x 16")
    assert "Gy(RBE)" in str(regimen)
    assert parse_regimen(str(regimen)) == regimen
    assert parse_regimen("carbon ion 3.6 Gy x 16") != regimen


# --- agents ---------------------------------------------------------------------


def _agents(text: str) -> list:
    return [c.agent for c in parse_regimen(text).components]


@pytest.mark.parametrize(("text", "agent"), [
    ("radiation therapy 60 Gy in 30 fractions", "radiotherapy"),
    ("cranial irradiation 24 Gy in 12 fractions", "cranial radiotherapy"),
    ("partial-brain radiation 40 Gy in 20 fractions", "partial-brain radiotherapy"),
    ("EBRT 45 Gy in 25 fractions", "ebrt"),
    ("SRS 18 Gy in 1 fraction", "srs"),
    ("IF-RT 30 Gy in 15 fractions", "if-rt"),
    ("short course RT 5 x 5 Gy", "short course rt"),
    ("proton therapy 70 Gy in 35 fractions", "proton therapy"),
])
def test_radiation_words_read_radiotherapy_abbreviations_stay(text, agent):
    assert _agents(text) == [agent]


def test_a_fractionation_scheme_is_no_agent():
    assert _agents("conventional fractionation (66 Gy at 2 Gy per fraction)") == ["radiotherapy"]


@pytest.mark.parametrize("text", [
    "RT 46 Gy in 23 fractions followed by a 14 Gy boost in 7 fractions",
    "RT 46 Gy in 23 fractions plus boost 14 Gy in 7 fractions",
    "RT 46 Gy in 23 fractions and a boost of 14 Gy in 7 fractions",
    "RT 46 Gy in 23 fractions, 14 Gy boost in 7 fractions",
])
def test_a_boost_is_its_own_component_with_the_course_agent(text):
    components = parse_regimen(text).components
    assert [c.agent for c in components] == ["rt", "rt"]
    assert [_fractions(c) for c in components] == [(23, D(2), D(46)), (7, D(2), D(14))]


def test_an_agentless_alternative_course_takes_the_course_agent():
    components = parse_regimen("LDR: 6 x 5Gy or 5 x 6Gy").components
    assert [c.agent for c in components] == ["ldr", "ldr"]
    assert components[1].alternative


def test_a_course_named_after_its_dose_takes_the_dose():
    assert _agents("a single 12 Gy SRS") == ["srs"]
    component = _one("4500 cGy (cGy) EBRT in 25 equal fractions")
    assert component.agent == "ebrt" and _fractions(component) == (25, D(1.8), D(45))


def test_the_volume_treated_is_no_agent():
    components = parse_regimen(
        "radiotherapy to the pelvic nodes at 45 Gy in 25 fractions and to the cervix at 55 Gy in 25 fractions"
    ).components
    assert [c.agent for c in components] == ["radiotherapy", "radiotherapy"]
    assert [_fractions(c) for c in components] == [(25, D(1.8), D(45)), (25, D(2.2), D(55))]


def test_a_drug_after_a_volume_is_kept():
    assert _agents("radiotherapy to the pelvis and cisplatin 40 mg/m2 weekly") == ["radiotherapy", "cisplatin"]


def test_second_prescriptions_listed_in_one_part_are_components_of_their_own():
    components = parse_regimen("RT 66 Gy at 2.2 Gy to the tumor, 54 Gy at 1.8 Gy to the nodes").components
    assert [_fractions(c) for c in components] == [(30, D(2.2), D(66)), (30, D(1.8), D(54))]
    assert [c.agent for c in components] == ["rt", "rt"]
    assert any("second prescription" in w for w in components[1].warnings)


def test_a_restatement_that_agrees_is_not_a_second_prescription():
    assert len(parse_regimen("radiotherapy 30 Gy in 10 fractions, 10 x 3 Gy").components) == 1


def test_a_schedule_of_fractions_is_said_of_the_courses_before_it():
    components = parse_regimen("RT 50 Gy in 25 fractions or 60 Gy in 30 fractions; 5 fractions a week").components
    assert [_rate(c) for c in components] == [(5, 7), (5, 7)]
    component = _one("SBRT 48 Gy in 4 fractions, with fractions given every other day")
    assert _rate(component) == (1, 2)


# --- what is kept unresolved, and techniques named after the dose ---------------


def test_a_dose_with_no_unit_is_refused_the_count_still_reads():
    component = _one("RT 52.5 in 15 f")
    assert _fractions(component) == (15, None, None)
    assert "52.5" in component.unresolved
    with pytest.raises(RegimenParseError, match="no unit"):
        parse_regimen("RT 52.5 in 15 f", strict=True)


@pytest.mark.parametrize("text", [
    "RT 8.5 Gy x 4, separated by at least 6 hours", "RT 8.5 Gy x 4 at least 6 hours apart",
    "RT 8.5 Gy x 4 with at least 6 hours in between each fraction",
])
def test_the_interval_between_fractions_is_kept_unresolved(text):
    component = _one(text)
    assert _fractions(component) == (4, D(8.5), D(34))
    assert component.infusion is None and any("6 hours" in u for u in component.unresolved)


def test_fractions_a_day_are_a_frequency():
    component = _one("RT 30 Gy / 12 fractions, 2 fractions / day")
    assert _fractions(component) == (12, D(2.5), D(30)) and _rate(component) == (2, 1)


def test_a_bound_on_a_boost_dose_stays_unresolved():
    components = parse_regimen("RT 30 Gy in 20 fractions plus a boost to at least 50 Gy at 1.5 Gy twice daily").components
    assert components[1].agent == "rt"
    assert _fractions(components[1]) == (None, D(1.5), None) and _rate(components[1]) == (2, 1)
    assert "at least 50 Gy" in components[1].unresolved


def test_the_technique_named_after_the_dose_names_it():
    assert _agents("30 Gy in 3 fractions over one week with SBRT") == ["sbrt"]
    assert _agents("30 Gy in 3 fractions; brachytherapy") == ["radiotherapy", "brachytherapy"]


def test_to_a_gy_amount_names_the_total():
    assert _fractions(_one("radiotherapy 2.5 Gy per fraction to 45 Gy")) == (18, D(2.5), D(45))
    component = _one("RT 1.5-2 Gy per fraction to 40 Gy")  # the range is cut: its "per fraction" reads nothing
    assert _fractions(component) == (None, None, D(40))
    assert "1.5-2 Gy" in component.unresolved


def test_a_simultaneous_boost_is_flagged_its_dose_is_not_added():
    components = parse_regimen("RT 54 Gy in 30 fractions with SIB to 66 Gy").components
    assert [_fractions(c) for c in components] == [(30, D(1.8), D(54)), (None, None, D(66))]
    assert any("simultaneous" in w for w in components[1].warnings)
    assert not any("simultaneous" in w for w in parse_regimen("RT 54 Gy in 30 fractions plus boost 10 Gy").components[1].warnings)


def test_a_technique_named_after_alternatives_names_them_all():
    components = parse_regimen("36 Gy at 1.8 Gy BID or 24 Gy in 3 Gy QD for WBRT").components
    assert [c.agent for c in components] == ["wbrt", "wbrt"]
    assert [_fractions(c) for c in components] == [(20, D(1.8), D(36)), (8, D(3), D(24))]
    assert _agents("30 Gy in 10 fractions; 20 Gy in 5 fractions with SBRT") == ["radiotherapy", "sbrt"]


def test_chinese_dose_per_fraction_and_total_count():
    component = _one("放疗 1.8Gy/次，共28次")
    assert _fractions(component) == (28, D(1.8), D(50.4))
