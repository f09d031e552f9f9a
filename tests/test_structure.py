"""Structure read by general rules: respectively, arms and alternatives,
negations, conditions, ages, later phases."""

from __future__ import annotations

import pytest

from regimen import format_regimen, parse_regimen


def _read(text: str) -> list[str]:
    return [str(c) for c in parse_regimen(text).components]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("zorbitamab and cisplatin 60 mg/m2 and 600 mg/m2 respectively", ["zorbitamab 60 mg/m²", "cisplatin 600 mg/m²"]),
        ("docetaxel and cisplatin at 60 and 75 mg/m2, respectively", ["docetaxel 60 mg/m²", "cisplatin 75 mg/m²"]),
        ("A, B and C at 75, 75 and 750 mg/m2, respectively".replace("A", "docetaxel").replace("B", "cisplatin")
         .replace("C", "fluorouracil"), ["docetaxel 75 mg/m²", "cisplatin 75 mg/m²", "fluorouracil 750 mg/m²"]),
    ],
)
def test_respectively_pairs_the_lists_in_order(text, read):
    assert _read(text) == read


def test_respectively_that_does_not_pair_is_kept_and_warned():
    (first, second) = parse_regimen("zorbitamab 10 mg and cisplatin 5 mg respectively").components
    assert "respectively" in second.unresolved and any("respectively" in w for w in second.warnings)


def test_arms_and_versus_are_alternatives():
    regimen = parse_regimen("Arm A: cisplatin 75 mg/m2 IV d1; Arm B: carboplatin AUC 5 IV d1")
    assert [(c.agent, c.alternative) for c in regimen.components] == [("cisplatin", False), ("carboplatin", True)]
    regimen = parse_regimen("cisplatin 200 mg vs. carboplatin AUC 5")
    assert [c.alternative for c in regimen.components] == [False, True]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Methotrexate 15 mg po once weekly (NOT daily)", "NOT daily"),
        ("Cisplatin 75 mg/m2 IV d1, no radiotherapy", "no radiotherapy"),
        ("Cisplatin 75 mg/m2 IV; if PR, continue", "if PR"),
        ("Patients over 70 years: capecitabine 1000 mg/m2 bid", "over 70 years"),
        ("patients aged 18-75 years received cisplatin 75 mg/m2", "aged 18-75 years"),
    ],
)
def test_negations_conditions_and_ages_are_kept_whole_as_text(text, kept):
    (component,) = parse_regimen(text).components
    assert kept in component.unresolved
    assert component.duration is None and not (component.frequency and component.frequency.period.value == 1
                                               and "daily" in kept and component.frequency.times == 1
                                               and component.frequency.period.unit.value == "day")


def test_a_negated_treatment_alone_is_no_regimen():
    from regimen import RegimenParseError

    with pytest.raises(RegimenParseError):
        parse_regimen("No radiotherapy")


def test_an_arrow_is_a_later_phase():
    regimen = parse_regimen("doxorubicin 60 mg/m2 q21d x 4 → paclitaxel 80 mg/m2 weekly x 12")
    assert [c.phase for c in regimen.components] == [0, 1]
    assert regimen.components[1].cycle is None


@pytest.mark.parametrize(
    "text",
    ["Cisplatin 40 mg/m2 IV weekly during radiotherapy", "zorbitamab 250 mg/m2 weekly for the duration of radiotherapy",
     "Temozolomide 75 mg/m2 po daily throughout the course of RT"],
)
def test_an_agent_named_as_a_time_reference_is_no_component(text):
    (component,) = parse_regimen(text).components
    assert component.agent not in ("radiotherapy", "rt") and any(
        word in " ".join(component.unresolved) for word in ("radiotherapy", "RT"))


def test_a_dose_with_no_agent_after_a_named_one_is_that_agents():
    regimen = parse_regimen("aprepitant 125 mg PO day 1 and 80 mg PO days 2 to 3")
    assert [c.agent for c in regimen.components] == ["aprepitant", "aprepitant"]


def test_a_slash_between_a_dose_and_a_dosed_name_separates_drugs():
    assert _read("zorbitamab 50mg/cisplatin 2mg/kg/docetaxel 80mg/m2") == [
        "zorbitamab 50 mg", "cisplatin 2 mg/kg", "docetaxel 80 mg/m²"]
    assert _read("drug (20 mg/twice daily)") == ["drug 20 mg BID"]
    assert _read("drug 250 mg/once a week") == ["drug 250 mg QW"]
    assert _read("drug 2 mg/kg/day") == ["drug 2 mg/kg/d"]  # a unit, not a separator


def test_a_route_or_frequency_after_a_comma_leads_the_next_name():
    assert _read("ciprofloxacin 400 mg every 12 hours, IV metronidazole 500 mg every six hours") == [
        "ciprofloxacin 400 mg q12h", "metronidazole 500 mg IV q6h"]
    assert _read("zorbitamab 120 mg PO once daily, weekly paclitaxel 80 mg/m2 d1") == [
        "zorbitamab 120 mg PO QD", "paclitaxel 80 mg/m² QW, D1"]
    assert _read("cisplatin 75 mg/m2, IV, d1") == ["cisplatin 75 mg/m² IV, D1"]
    # inside brackets as well
    assert _read("antibiotics (IV ciprofloxacin 400 mg q12h, IV metronidazole 500 mg q6h)")[-2:] == [
        "ciprofloxacin 400 mg IV q12h", "metronidazole 500 mg IV q6h"]


def test_a_route_restated_in_brackets_is_said_once():
    assert _read("subcutaneous (SC) enoxaparin 1mg/kg twice daily") == ["enoxaparin 1 mg/kg SC BID"]
    assert _read("oral (IV) zorbitamab 5 mg")[0].startswith("PO")  # two routes: not merged silently


def test_a_slash_after_a_bracketed_dose_separates_drugs():
    assert _read("zorbitamab (90 mg/m2)/cisplatin (60 mg/m2) d1, q21d") == [
        "zorbitamab 90 mg/m², D1, q21d", "cisplatin 60 mg/m², D1, q21d"]


def test_starting_on_a_cycle_day_is_when_not_which_days():
    assert _read("zorbitib 25 mg orally twice daily starting on Cycle 1 Day 1") == [
        'zorbitib 25 mg PO BID, "starting on Cycle 1 Day 1"']
    assert ", D1," in _read("zorbitib 200 mg IV cycle 1 day 1")[0]  # without "starting": the day


def test_a_part_left_with_only_text_joins_the_part_before():
    regimen = parse_regimen("zorbitinib 240 mg QD until progression or for up to 2 yr")
    assert len(regimen.components) == 1 and regimen.components[0].dose is not None
    assert parse_regimen(format_regimen(regimen)) == regimen


def test_the_first_component_is_nobodys_alternative():
    regimen = parse_regimen("Control arm: zorbitinib 240 mg QD")
    assert not regimen.components[0].alternative
    assert parse_regimen(format_regimen(regimen)) == regimen


@pytest.mark.parametrize(
    "text",
    ["zorbasone (40 mg/d, D1-4, q2w x 4 cycles)", "zorbaferon (3 MIU tiw for 2 years or until recurrence)"],
)
def test_a_bracket_of_facts_only_is_its_agents_own(text):
    (component,) = parse_regimen(text).components
    assert component.agent is not None and component.regimen is None and component.dose is not None


def test_a_duration_stays_with_the_member_that_states_it_with_its_own_cycle():
    first, second = parse_regimen("zorbolimus 10 mg PO QD for 12 weeks x 4 cycles; zorbaplatin 20 mg/m2 IV weekly x 4 cycles").components
    assert first.duration is not None and second.duration is None


def test_a_course_given_for_a_time_is_a_duration_not_a_cycle():
    (component,) = parse_regimen("a course of zorbamycin for 14 days").components
    assert component.cycle is None and component.duration is not None


@pytest.mark.parametrize(
    "text", ["zorbimab 400 mg/m2 loading, 250 mg/m2 weekly", "zorbimab 8 mg/kg loading dose and 6 mg/kg q3w"]
)
def test_a_dose_after_a_loading_dose_is_the_next_phase(text):
    loading, maintenance = parse_regimen(text).components
    assert loading.agent == maintenance.agent == "zorbimab"
    assert loading.frequency is None and loading.cycle is None and maintenance.phase == 1
    assert maintenance.frequency is not None or maintenance.cycle is not None


def test_years_heading_a_dose_are_an_age_not_a_duration():
    (component,) = parse_regimen("zorbitabine 1000 mg/m2 bid d1-14 (over 70 years: 825 mg/m2)").components
    assert component.duration is None and any("70 years" in text for text in component.unresolved)
    (component,) = parse_regimen("zorbitabine 1000 mg/m2 bid over 2 years").components
    assert component.duration is not None


def test_alternative_routes_share_the_dose_before_and_the_schedule_after():
    oral, intravenous = parse_regimen("zorbasetron 8 mg PO or IV q8h").components
    assert oral.dose == intravenous.dose and oral.frequency == intravenous.frequency is not None
    assert intravenous.alternative and (oral.route, intravenous.route) != (None, None)
    own = parse_regimen("zorbacin 500 mg IV daily or 750 mg PO daily").components
    assert [c.dose.amount for c in own] == [500, 750]


@pytest.mark.parametrize(
    "text",
    [
        "85 mg/m2 oxaliplatin d1, 400 mg/m2 fluorouracil bolus d1",
        "FOLFOX (85 mg/m2 oxaliplatin d1, 400 mg/m2 fluorouracil d1)",
        "85 mg/m2 oxaliplatin, 400 mg/m2 fluorouracil",
        "a single dose of 85 mg/m2 oxaliplatin IV, a single dose of 400 mg/m2 fluorouracil",
    ],
)
def test_a_list_that_writes_each_dose_before_its_name_keeps_it_so(text):
    first, second = parse_regimen(text).components
    assert (first.agent, first.dose.amount) == ("oxaliplatin", 85)
    assert (second.agent, second.dose.amount) == ("fluorouracil", 400)


def test_a_dose_after_a_route_is_not_moved_without_that_style():
    first, second = parse_regimen("cisplatin IV, 75 mg/m2 docetaxel").components
    assert first.dose is not None and second.dose is None


@pytest.mark.parametrize("joint", ["versus", "or"])
def test_an_arms_letter_before_its_bracket_is_a_label_not_a_regimen(joint):
    first, second = parse_regimen(f"Arm A (75 mg/m2 docetaxel q3w) {joint} Arm B (100 mg/m2 cisplatin d1)").components
    assert (first.agent, second.agent) == ("docetaxel", "cisplatin") and second.alternative
    assert second.cycle is None and second.regimen is None


def test_a_count_of_doses_before_of_is_the_next_names():
    course, drug = parse_regimen("radiotherapy 20 Gy in 5 fractions, 2 doses of cisplatin").components
    assert course.doses is None and drug.doses == 2


@pytest.mark.parametrize(
    ("text", "loading_days"),
    [
        ("zorbimab 6 mg/kg [8 mg/kg loading dose] IV every 3 weeks", None),
        ("zorbimab 6 mg/kg IV q3w (day 1 loading dose of 8 mg/kg)", 1),
        ("IV zorbimab (6 mg/kg every 3 weeks following an 8 mg/kg loading dose on day 1)", 1),
        ("zorbimab 6 mg/kg IV every 3 weeks with a loading dose of 8 mg/kg IV on day 1", 1),
    ],
)
def test_a_loading_dose_beside_the_maintenance_dose_is_a_phase_of_its_own(text, loading_days):
    maintenance, loading = parse_regimen(text).components
    assert maintenance.agent == loading.agent == "zorbimab"
    assert (maintenance.dose.amount, loading.dose.amount) == (6, 8)
    assert maintenance.route == loading.route and maintenance.route is not None
    assert maintenance.cycle is not None and loading.cycle is None  # the cycles follow the loading dose
    assert (loading.days.ranges[0].first if loading.days else None) == loading_days
    assert parse_regimen(format_regimen(parse_regimen(text))) == parse_regimen(text)


def test_a_second_dose_without_the_loading_words_stays_one_part_and_is_warned():
    (component,) = parse_regimen("zorbimab 6 mg/kg [8 mg/kg] IV every 3 weeks").components
    assert component.dose.amount == 6 and component.warnings


def test_a_bracket_opening_with_or_after_a_dose_is_an_alternative_dose():
    main, alternative = parse_regimen("zorbiplatin 75 mg/m2 day 1 (or 25 mg/m2 days 1-3) every 3 weeks").components
    assert (main.agent, main.dose.amount, main.alternative) == ("zorbiplatin", 75, False)
    assert (alternative.agent, alternative.dose.amount, alternative.alternative) == ("zorbiplatin", 25, True)
    assert alternative.days.ranges[0].last == 3 and alternative.cycle == main.cycle
    assert parse_regimen(format_regimen(parse_regimen("zorbiplatin 75 mg/m2 d1 (or 25 mg/m2 d1-3)"))).components[1].alternative


@pytest.mark.parametrize("text", ["Each patient receives docetaxel 75 mg/m2", "Each of the patients will receive 75 mg/m2 docetaxel"])
def test_each_opening_a_sentence_is_a_determiner(text):
    (component,) = parse_regimen(text).components
    assert component.agent == "docetaxel" and component.dose.amount == 75 and not component.warnings


def test_or_between_plain_words_is_no_alternative():
    parsed = parse_regimen("zorbimab 10 mg/kg IV for patients with recurrent or refractory disease, every 3 weeks")
    (component,) = parsed.components
    assert not component.alternative and component.cycle is not None and component.dose.amount == 10


def test_a_title_stating_only_a_route_gives_it_to_every_part_and_is_no_part():
    parsed = parse_regimen("Standard ZZZ (all drugs by IV route): idarubicin 12 mg/m2/d on days 1-3, etoposide 100 mg/m2/d on days 1-5")
    assert [(c.agent, c.route.value) for c in parsed.components] == [("idarubicin", "intravenous"), ("etoposide", "intravenous")]


def test_a_later_dose_of_the_same_drug_keeps_its_route():
    first, second = parse_regimen("prednisolone: given intravenously, 10 mg/kg days 1-4 and 1 mg/kg days 5-9").components
    assert first.route == second.route and first.route is not None and second.agent == first.agent
