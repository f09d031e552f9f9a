"""Phrasings of journal abstracts and methods sections (GOLD_SCHEMA Rules).

Invented examples that show each rule; none is copied from the shared
real-text or safety files.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from regimen import parse_regimen


def _parts(text: str) -> list:
    return list(parse_regimen(text).components)


def _fractions(component) -> tuple:
    f = component.fractions
    return None if f is None else (f.count, f.dose, f.total)


# --- radiotherapy ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "agent", "fractions"),
    [
        ("radiation therapy to the whole pelvis with a total dose of 45 Gy in 25 fractions", "radiotherapy", (25, Decimal("1.8"), 45)),
        ("RT to the left breast and supraclavicular nodes with 40 Gy in 15 fractions", "rt", (15, None, 40)),
        ("irradiation to the tumour bed with a margin with 60 Gy in 30 fractions", "radiotherapy", (30, 2, 60)),
        ("WBRT with 30 Gy in 10 fractions", "wbrt", (10, 3, 30)),
    ],
)
def test_a_course_with_its_dose_is_one_course(text, agent, fractions):
    (course,) = _parts(text)
    assert course.agent == agent
    count, dose, total = _fractions(course)
    assert (count, total) == fractions[::2]
    if fractions[1] is not None:
        assert dose == fractions[1]


def test_with_a_drug_after_a_course_still_starts_a_part():
    parts = _parts("radiotherapy to the pelvis with capecitabine 825 mg/m2 bid")
    assert [p.agent for p in parts] == ["radiotherapy", "capecitabine"]


@pytest.mark.parametrize(
    ("text", "agent", "fractions"),
    [
        ("three doses of 8 Gy", "radiotherapy", (3, 8, 24)),
        ("two doses of LDRT at 2 Gy", "ldrt", (2, 2, 4)),
        ("four fractions of radiotherapy at 5 Gy", "radiotherapy", (4, 5, 20)),
        ("5 fractions at 6 Gy", "radiotherapy", (5, 6, 30)),
    ],
)
def test_a_count_of_doses_or_fractions_at_a_gy_amount_is_per_fraction(text, agent, fractions):
    (course,) = _parts(text)
    assert course.agent == agent
    assert _fractions(course) == fractions
    assert course.doses is None


def test_a_total_after_a_fraction_count_stays_the_total():
    (course,) = _parts("30 fractions at a total dose of 60 Gy")
    assert _fractions(course) == (30, 2, 60)


def test_a_count_of_drug_doses_stays_doses():
    (drug,) = _parts("3 doses of pembrolizumab 200 mg")
    assert drug.doses == 3 and drug.fractions is None


def test_arms_in_brackets_of_fractionations_are_alternatives():
    parts = _parts("Arm 1 (30 Gy in 10 fractions) versus Arm 2 (20 Gy in 5 fractions)")
    assert [_fractions(p) for p in parts] == [(10, 3, 30), (5, 4, 20)]
    assert [p.alternative for p in parts] == [False, True]
    assert not any(p.unresolved for p in parts)


# --- structure -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "a 3-hour infusion of docetaxel 75 mg/m2 every 3 weeks",
        "a short (30-minute) infusion of docetaxel 75 mg/m2 every 3 weeks",
    ],
)
def test_an_infusion_of_a_drug_is_that_drugs(text):
    (drug,) = _parts(text)
    assert drug.agent == "docetaxel" and drug.infusion is not None


def test_an_abbreviation_and_a_dose_in_brackets_are_the_drugs():
    (drug,) = _parts("cyclophosphamide (CTX; 600 mg/m2)")
    assert drug.agent == "cyclophosphamide" and drug.dose.amount == 600


def test_a_named_regimen_with_a_part_in_brackets_still_lists_the_part():
    parts = _parts("CapeOX (capecitabine; 1000 mg/m2 bid)")
    assert all(p.agent == "capecitabine" for p in parts)


@pytest.mark.parametrize("hyphen", ["\u2010", "\u2011"])
def test_a_unicode_hyphen_spells_a_drug_name(hyphen):
    (drug,) = _parts(f"40 mg intravesical mitomycin{hyphen}C weekly")
    assert drug.agent == f"mitomycin{hyphen}c" and drug.dose.amount == 40


def test_a_dose_rate_is_no_agent():
    (drug,) = _parts("gemcitabine at a fixed dose rate of 10 mg/m2/min weekly")
    assert drug.agent == "gemcitabine" and drug.dose.amount == 10


def test_doses_with_later_days_of_their_own_are_successive_phases():
    parts = _parts("ibrutinib 140 mg D1-3, 280 mg D4-7, 420 mg D8-28")
    assert [p.agent for p in parts] == ["ibrutinib"] * 3
    assert [p.dose.amount for p in parts] == [140, 280, 420]
    assert [(p.days.ranges[0].first, p.days.ranges[0].last) for p in parts] == [(1, 3), (4, 7), (8, 28)]


@pytest.mark.parametrize("text", ["oxaliplatin 85 mg/m2 d1, 130 mg/m2 d1", "A 100 mg d1-3, 50 mg d2-5"])
def test_doses_on_the_same_or_overlapping_days_stay_a_warned_conflict(text):
    parts = _parts(text)
    assert len(parts) == 1 and parts[0].unresolved and parts[0].warnings


@pytest.mark.parametrize(
    ("text", "condition"),
    [
        ("idarubicin 12 mg/m2 (8 mg/m2 if age > 65) IV days 1-3", "if age > 65"),
        ("capecitabine 1000 mg/m2 bid d1-14 (750 mg/m2 bid for patients older than 70 years)", "for patients older than 70 years"),
        ("busulfan 1 mg/kg po d1-4 (use 0.8 mg/kg po d1-4 in patients over the age of 60)", "in patients over the age of 60"),
        ("capecitabine 1000 mg/m2 bid d1-14 (750 mg/m2 bid in patients aged 70 years or older)", "in patients aged 70 years or older"),
    ],
)
def test_a_dose_under_a_condition_in_brackets_is_an_alternative_with_the_same_schedule(text, condition):
    main, other = _parts(text)
    assert main.agent == other.agent and other.alternative and not main.alternative
    assert main.dose != other.dose and main.days == other.days and main.route == other.route
    assert condition in other.unresolved and not main.unresolved


def test_a_dose_restated_in_brackets_without_a_condition_is_no_alternative():
    (drug,) = _parts("paracetamol 1000 mg (1 g) every 6 hours")
    assert drug.dose.amount == 1000


@pytest.mark.parametrize(
    "text",
    ["400 mg intravenous (IV) ibandronate monthly", "filgrastim 5 ug/kg subcutaneously (SC) daily"],
)
def test_a_route_restated_in_brackets_adds_nothing(text):
    (drug,) = _parts(text)
    assert drug.agent is not None and drug.dose is not None and not drug.unresolved


def test_a_different_route_in_brackets_stays_a_conflict():
    parts = _parts("ondansetron 8 mg oral (IV) daily")
    assert any(p.warnings for p in parts)


def test_an_amount_times_a_ratio_of_words_is_a_formula_not_a_dose():
    (drug,) = _parts("floxuridine 0.1 mg/kg x reservoir volume / flow rate daily")
    assert drug.dose is None
    assert "0.1 mg/kg x reservoir volume / flow rate" in drug.unresolved


@pytest.mark.parametrize("text", ["cisplatin 75 mg/m2 x 3 cycles", "prednisone 40 mg x 5 days"])
def test_an_amount_times_a_count_keeps_its_dose(text):
    (drug,) = _parts(text)
    assert drug.dose is not None


def test_minutes_between_administrations_are_no_infusion_time():
    (drug,) = _parts("doxorubicin 40 mg/m2 in two portions with a 20-minute interval")
    assert drug.infusion is None and drug.dose.amount == 40
    assert "20-minute interval" in drug.unresolved


def test_gy_on_a_drug_is_still_kept_and_flagged():
    (drug,) = _parts("cisplatin 50 Gy in 25 fractions")
    assert drug.fractions is not None and drug.warnings


@pytest.mark.parametrize(("text", "agent"), [("peginterferon alfa-2a 180 ug weekly", "peginterferon alfa-2a"), ("interferon alfa-2a 3 MU tiw", "interferon alfa-2a")])
def test_a_letter_glued_to_a_name_number_is_the_names(text, agent):
    (drug,) = _parts(text)
    assert drug.agent == agent


def test_or_until_after_a_treatment_time_is_one_course():
    (drug,) = _parts("imatinib 400 mg daily (for 3 years or until progression)")
    assert drug.agent == "imatinib" and not drug.alternative
    assert "until progression" in drug.unresolved


def test_a_dose_per_fraction_then_the_count_and_total_it_divides_is_one_course():
    (course,) = _parts("1.8 Gy per fraction daily; a total of 45 Gy in 25 fractions")
    assert _fractions(course) == (25, Decimal("1.8"), 45)
    assert course.frequency is not None and "dose" not in course.fractions.derived


@pytest.mark.parametrize(
    "text",
    ["1.8 Gy per fraction daily; 50 Gy in 25 fractions", "1.8 Gy per fraction daily or 45 Gy in 25 fractions"],
)
def test_a_course_that_disagrees_or_is_an_alternative_stays_apart(text):
    assert len(_parts(text)) == 2


def test_a_technique_and_fractionation_in_brackets_explain_the_course():
    parts = _parts("received pelvic RT (cobalt teletherapy, 50 Gy in 25 fractions) and cisplatin 40 mg/m2 weekly")
    assert [p.agent for p in parts] == ["pelvic rt", "cisplatin"]
    assert parts[0].alias == "cobalt teletherapy" and _fractions(parts[0]) == (25, 2, 50)


def test_a_named_regimen_with_a_part_in_brackets_keeps_the_part():
    (part,) = _parts("CapeOX (oxaliplatin 130 mg/m2 d1)")
    assert part.agent == "oxaliplatin" and part.regimen == "capeox"
