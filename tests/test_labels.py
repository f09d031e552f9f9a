"""Drug-label and pharmacy-sig structure (patterns.txt "# labels:", regimen.assemble).

Every example is invented; each shows a general way labels write a regimen.
"""

from __future__ import annotations

import pytest

from tests.readings import assert_round_trips, components




@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        ("Zorbamab 200 mg IV every 3 weeks for 4 doses. Thereafter, 480 mg IV every 4 weeks.", 200, 480),
        ("IV, 300 mg quibrumab, every 2 weeks. Afterwards, IV, 600 mg quibrumab, every 4 weeks", 300, 600),
        ("Zorbamab 10 mg daily for 7 days; subsequently 20 mg daily", 10, 20),
        ("Zorbamab 5 mg/kg q3w x 4. Afterward 10 mg/kg q6w", 5, 10),
    ],
)
def test_an_adverb_of_later_time_opens_a_later_phase_with_its_own_dose(text, first, second):
    one, two = components(text)
    assert one["dose"]["value"] == first and two["dose"]["value"] == second
    assert one["agent"] == two["agent"]  # the agent named once is carried onto the later phase
    assert_round_trips(text)


def test_a_later_dose_never_reaches_back_into_the_phase_before():
    one, two = components("IV, 300 mg quibrumab, every 2 weeks, 4 doses. Afterwards, IV, 600 mg quibrumab, every 4 weeks")
    assert one["dose"]["value"] == 300 and one["cycle"]["length_days"] == 14
    assert two["dose"]["value"] == 600 and two["cycle"]["length_days"] == 28


def test_thereafter_closing_the_text_adds_no_phase():
    (component,) = components("Zorbamab 400 mg every 6 weeks thereafter")
    assert component["dose"]["value"] == 400 and component["cycle"]["length_days"] == 42
    assert "thereafter" in component["unresolved"]


@pytest.mark.parametrize(
    ("text", "partner", "partner_dose"),
    [
        ("500 mg orally once a day (in combination with prednisone 5 mg orally 2 times a day)", "prednisone", 5),
        ("Zorbatinib 250 mg PO daily (with letrozole 2.5 mg PO daily)", "letrozole", 2.5),
        ("Zorbatinib 250 mg PO daily (plus fulvestrant 500 mg IM on days 1 and 15)", "fulvestrant", 500),
    ],
)
def test_a_bracket_opening_with_a_combination_word_names_a_partner_not_a_part(text, partner, partner_dose):
    first, second = components(text)
    assert first["dose"]["value"] not in (None, partner_dose)  # the part keeps its own dose
    assert first.get("agent") != partner
    assert second["agent"] == partner and second["dose"]["value"] == partner_dose
    assert not any("overridden" in w for c in (first, second) for w in c.get("warnings", []))
    assert_round_trips(text)


def test_a_regimen_spelling_out_its_parts_in_brackets_is_unchanged():
    parts = components("CapeOX (capecitabine 1000 mg/m2 bid d1-14; oxaliplatin 130 mg/m2 d1) q3w")
    assert [p["agent"] for p in parts] == ["capecitabine", "oxaliplatin"]
    assert all(p["regimen"] == "capeox" and p["cycle"]["length_days"] == 21 for p in parts)


@pytest.mark.parametrize(
    "text",
    [
        "Apply Zorbasone cream to affected areas twice daily.",
        "Zorbaquin ointment to the affected area bid",
        "Zorbaquin ointment to wounds bid",
        "apply to the affected skin once daily",
    ],
)
def test_a_site_on_the_skin_is_the_topical_route(text):
    (component,) = components(text)
    assert component["route"] == "topical"
    assert_round_trips(text)


@pytest.mark.parametrize(
    "text",
    ["8 Gy to the affected area in 1 fraction", "radiotherapy to the affected area, 20 Gy in 5 fractions",
     "RT to the skin 30 Gy in 10 fractions"],
)
def test_a_site_irradiated_is_no_route(text):
    (component,) = components(text)
    assert component.get("route") is None and component["fractions"]["total_gy"] > 0


def test_a_capitalised_name_after_a_listed_part_opens_the_next_part():
    parts = components("Zorbaparin 40 mg SC daily, Dermalux to the affected skin topically bid, Quinaprex 10 mg PO daily")
    assert [p["agent"] for p in parts] == ["zorbaparin", "dermalux", "quinaprex"]
    assert parts[0]["route"] == "subcutaneous" and parts[0]["frequency"]["times"] == 1
    assert parts[1]["route"] == "topical" and parts[1]["frequency"]["times"] == 2 and "dose" not in parts[1]


def test_a_lower_case_word_after_a_listed_part_is_no_agent():
    (component,) = components("cisplatin 75 mg/m2 IV, hydration orally")
    assert component["agent"] == "cisplatin" and component["route"] == "intravenous"
    assert "hydration" in component["unresolved"]


@pytest.mark.parametrize(
    "text",
    [
        "carboplatin and paclitaxel every 3 weeks for 6 cycles",
        "500 mg zorbamab every 3 weeks in combination with carboplatin and paclitaxel every 3 weeks for 6 cycles",
    ],
)
def test_a_cycle_closing_a_list_of_bare_names_is_every_listed_drugs(text):
    parts = components(text)
    assert all((p["cycle"]["length_days"], p["cycle"]["count"]) == (21, 6) for p in parts)
    assert_round_trips(text)


def test_a_bare_partner_after_the_cycle_and_radiotherapy_stay_bare():
    drug, partner = components("capecitabine 1000 mg/m2 bid d1-14 q3w x 8 + zorbamab")
    assert drug["cycle"]["count"] == 8 and partner["agent"] == "zorbamab"
    assert "cycle" not in partner
    course, drug = components("radiotherapy and cisplatin 40 mg/m2 weekly for 6 cycles")
    assert "cycle" not in course and drug["cycle"]["count"] == 6


@pytest.mark.parametrize(
    ("text", "times", "kept"),
    [
        ("Zorbavir 800 mg every 4 hours (5 times a day) for 7 days", 5, "every 4 hours"),
        ("Initially 200mg every 4hrs (5 times daily) for 10 days", 5, "every 4hrs"),
        ("Zorbavir 400 mg every 12 hours (twice daily)", 2, "every 12 hours"),
    ],
)
def test_a_daily_count_in_brackets_after_an_hourly_interval_is_the_frequency(text, times, kept):
    (component,) = components(text)
    assert (component["frequency"]["times"], component["frequency"]["period_days"]) == (times, 1)
    assert kept in component["unresolved"]
    assert_round_trips(text)


def test_an_hourly_interval_alone_is_still_its_frequency():
    (component,) = components("Zorbavir 800 mg every 4 hours for 7 days")
    assert component["frequency"]["times"] == 1 and component["frequency"]["period"] == {"value": 4, "unit": "hour"}


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        ("Glucocorticoids administered as methylprednisolone 100 mg intravenous", "methylprednisolone"),
        ("antihistamines given as diphenhydramine 25 mg IV", "diphenhydramine"),
    ],
)
def test_a_class_administered_as_a_drug_is_no_second_agent(text, agent):
    (component,) = components(text)
    assert component["agent"] == agent and component["dose"]["value"] > 0
    assert_round_trips(text)


@pytest.mark.parametrize(
    "text",
    [
        "IV (Adults): 375 mg/m2 once weekly for 4 doses; may retreat with 375 mg/m2 once weekly for 4 doses",
        "SC: 40 mg daily; 80 mg weekly",
    ],
)
def test_a_route_heading_is_the_route_of_every_part_after_it(text):
    first, second = components(text)
    assert first["route"] == second["route"] and second["route"] in ("intravenous", "subcutaneous")
    assert_round_trips(text)


def test_a_route_heading_never_replaces_a_parts_own_route_and_a_route_without_colon_heads_nothing():
    _, second = components("Oral: 10 mg daily; 5 mg IV weekly")
    assert second["route"] == "intravenous"
    _, second = components("IV 100 mg d1; 50 mg d2-5")
    assert "route" not in second


def test_a_later_part_naming_no_agent_and_no_dose_continues_the_one_drug():
    (component,) = components(
        "Zorbatinib 35 mg/m2; administer orally twice per day on days 1-5 and days 8-12; repeated every 28 days"
    )
    assert component["agent"] == "zorbatinib" and component["dose"]["value"] == 35
    assert component["route"] == "oral" and component["frequency"]["times"] == 2
    assert component["days"] == [[1, 5], [8, 12]] and component["cycle"]["length_days"] == 28
    assert_round_trips("Zorbatinib 35 mg/m2; administer orally twice per day on days 1-5 and days 8-12; repeated every 28 days")


@pytest.mark.parametrize(
    "text",
    ["Zorbatinib 10 mg daily; or orally weekly", "Zorbatinib 10 mg daily for 7 days; then orally weekly"],
)
def test_an_alternative_or_a_later_phase_is_no_continuation(text):
    assert len(components(text)) == 2


def test_with_two_drugs_an_agentless_part_is_not_given_to_the_last_one():
    first, second, *rest = components("Zorbatinib 10 mg d1; quibrumab 5 mg d1; orally")
    assert first["agent"] == "zorbatinib" and second["agent"] == "quibrumab"
    assert "route" not in second


def test_two_known_names_glued_by_a_slash_before_one_dose_are_one_product():
    (component,) = components("Trifluridine/tipiracil 20 mg/m2 PO bid d1-5 q28d")
    assert component["agent"] == "trifluridine/tipiracil" and component["dose"]["value"] == 20
    assert_round_trips("Trifluridine/tipiracil 20 mg/m2 PO bid d1-5 q28d")


def test_a_dose_pair_after_a_slash_pair_is_never_one_product():
    for component in components("gemcitabine/cisplatin 1000/25 mg/m2 d1, 8 q3w"):
        assert component.get("agent") != "gemcitabine/cisplatin"
        assert component.get("dose") is None  # 1000/25 reads two ways: kept as text


@pytest.mark.parametrize(
    ("text", "timing"),
    [
        ("Zorbatinib 100 mg PO bid within 1 hour of completion of the morning and evening meals",
         "within 1 hour of completion of the morning and evening meals"),
        ("Zorbatinib 100 mg PO daily, within 30 minutes of a meal", "within 30 minutes of a meal"),
    ],
)
def test_a_time_within_an_event_is_a_timing_never_an_infusion_time_nor_an_agent(text, timing):
    (component,) = components(text)
    assert component["agent"] == "zorbatinib" and "infusion_minutes" not in component
    assert timing in component["unresolved"]
    assert any("timing relative" in w for w in component["warnings"])
    assert_round_trips(text)


def test_the_component_a_dose_is_based_on_is_no_agent():
    (component,) = components("Zorbatinib 35 mg/m2 (dose based on the zorbatinib component, maximum dose = 80 mg) PO bid")
    assert component["agent"] == "zorbatinib" and component["dose"]["value"] == 35
    assert component["max_dose"]["value"] == 80
    assert any("based on" in piece for piece in component["unresolved"])


def test_with_a_glass_of_water_is_an_instruction():
    (component,) = components("Zorbatinib 100 mg PO daily with a glass of water")
    assert component["unresolved"] == ["with a glass of water"] and component["frequency"]["times"] == 1


def test_a_part_joined_by_a_word_of_combination_is_no_continuation():
    drug, partner = components("capecitabine + PO")
    assert drug == {"agent": "capecitabine", "spans": drug["spans"]} or "route" not in drug
    assert partner["route"] == "oral"
