"""What a list of components states once, its members share (regimen.combine),
and what names no agent of its own carries the one named before."""

from __future__ import annotations

from regimen import parse_regimen


def _read(text: str) -> list[str]:
    return [str(c) for c in parse_regimen(text).components]


def test_a_cycle_stated_after_the_last_member_is_every_members():
    assert _read("docetaxel 75 mg/m2 and cisplatin 60 mg/m2, every 3 weeks for 6 cycles") == [
        "docetaxel 75 mg/m², q3w × 6 cycles", "cisplatin 60 mg/m², q3w × 6 cycles"]


def test_a_cycle_before_a_list_is_every_members():
    assert _read("4 cycles of docetaxel 75 mg/m2 and cisplatin 60 mg/m2") == [
        "docetaxel 75 mg/m², × 4 cycles", "cisplatin 60 mg/m², × 4 cycles"]


def test_what_leads_the_first_name_leads_the_list():
    assert _read("Day 1: docetaxel 75 mg/m2 + cisplatin 60 mg/m2") == ["docetaxel 75 mg/m², D1", "cisplatin 60 mg/m², D1"]
    assert _read("twice a week for methotrexate 12 mg and cytarabine 50 mg") == [
        "methotrexate 12 mg BIW", "cytarabine 50 mg BIW"]


def test_a_members_own_value_is_never_replaced():
    assert _read("docetaxel 75 mg/m2 q3w + capecitabine 1000 mg/m2 bid d1-14 q2w") == [
        "docetaxel 75 mg/m², q3w", "capecitabine 1000 mg/m² BID, D1-14, q2w"]
    assert _read("docetaxel 75 mg/m2 + capecitabine 1000 mg/m2 bid d1-14") == [
        "docetaxel 75 mg/m²", "capecitabine 1000 mg/m² BID, D1-14"]  # days are not the list's


def test_a_bare_partner_and_radiotherapy_keep_to_themselves():
    assert _read("cisplatin 40 mg/m2 weekly × 6 with radiotherapy 50 Gy in 25 fractions") == [
        "cisplatin 40 mg/m² QW × 6", "radiotherapy, 50 Gy in 25 fractions"]
    assert _read("zorbitamab 200 mg d1 q3w + CapeOX") == ["zorbitamab 200 mg, D1, q3w", "capeox"]
    # a cycle in the bracket of a name is that name's
    assert _read("zorbitamab 200 mg d1 + CapeOX (total 6 cycles)") == ["zorbitamab 200 mg, D1", "capeox, × 6 cycles"]


def test_phases_and_alternatives_are_not_shared_and_carry_the_agent():
    assert _read("drug 100 mg q3w × 4, then q6w") == ["drug 100 mg, q3w × 4 cycles", "drug, q6w"]
    assert _read("pembrolizumab 200 mg q3w or 400 mg q6w") == ["pembrolizumab 200 mg, q3w", "pembrolizumab 400 mg, q6w"]
    (loading, maintenance) = parse_regimen("trastuzumab 8 mg/kg IV loading dose, then 6 mg/kg q3w").components
    assert (loading.agent, loading.cycle, maintenance.agent) == ("trastuzumab", None, "trastuzumab")
    assert maintenance.phase == 1 and str(parse_regimen(str(parse_regimen("drug 5 mg then 10 mg")))) == (
        "drug 5 mg, then drug 10 mg")


def test_a_regimen_title_names_the_parts_after_its_colon():
    regimen = parse_regimen("CAPOX: oxaliplatin 130 mg/m2 IV d1 + capecitabine 1000 mg/m2 bid d1-14, q3w")
    assert [(c.agent, c.regimen) for c in regimen.components] == [("oxaliplatin", "capox"), ("capecitabine", "capox")]
    assert all(c.cycle is not None for c in regimen.components)
    assert [c.agent for c in parse_regimen("Capecitabine: 825 mg/m2 bid").components] == ["capecitabine"]


def test_a_member_dosed_continuously_takes_no_partners_cycle():
    assert _read("zorbitamab 400 mg once daily + docetaxel 75 mg/m2 d1 q3w") == [
        "zorbitamab 400 mg QD", "docetaxel 75 mg/m², D1, q3w"]
    assert _read("zorbitamab 2 mg/kg weekly for 12 weeks; docetaxel 75 mg/m2 every 21 days for 4 cycles") == [
        "zorbitamab 2 mg/kg QW, for 12 weeks", "docetaxel 75 mg/m², q21d × 4 cycles"]
    # a course shorter than the cycle is given in each cycle: its days
    assert _read("docetaxel 75 mg/m2 on day 1 of each 21-day cycle plus capecitabine 1000 mg/m2 bid x 14 days") == [
        "docetaxel 75 mg/m², D1, q21d", "capecitabine 1000 mg/m² BID, D1-14, q21d"]


def test_brackets_that_name_no_agent_are_the_drugs_own_doses():
    assert _read("prednisone (given 30 mg/d for 5 consecutive days and repeated every 3 weeks for 6 cycles)") == [
        "prednisone 30 mg/d, D1-5, q3w × 6 cycles"]
    assert _read("QX-17 (10 mg/kg loading dose week 1, then 5 mg/kg weekly)") == [
        'qx-17 10 mg/kg, week 1, loading dose', "qx-17 5 mg/kg QW"]


def test_bare_doses_are_given_as_the_member_that_closes_them():
    assert _read("docetaxel 75 mg/m2 + cyclophosphamide 600 mg/m2 IV every 2 weeks x 4 cycles") == [
        "docetaxel 75 mg/m² IV, q2w × 4 cycles", "cyclophosphamide 600 mg/m² IV, q2w × 4 cycles"]
    assert _read("zorbitamab 60 mg/m2 IV with cisplatin 600 mg/m2 IV on day 1 every 3 weeks") == [
        "zorbitamab 60 mg/m² IV, D1, q3w", "cisplatin 600 mg/m² IV, D1, q3w"]
    # not a course of the closing member's own: frequency, daily dose, run of days, mouth, its brackets
    assert _read("cisplatin 75 mg/m2 + 5-FU 1000 mg/m2 CIV d1-4")[0] == "cisplatin 75 mg/m²"
    assert _read("docetaxel 75 mg/m2 + zorbitib 100 mg PO")[0] == "docetaxel 75 mg/m²"
    assert _read("docetaxel (60 mg/m2), and fluorouracil (2,600 mg/m2, as a 24 hr infusion)")[0] == "docetaxel 60 mg/m²"
    assert _read("docetaxel 75 mg/m2 PO + cyclophosphamide 600 mg/m2 IV d1")[0] == "docetaxel 75 mg/m² PO"


def test_a_bracket_with_no_name_before_it_lists_its_parts():
    assert _read("(docetaxel 75 mg/m2, cisplatin 75 mg/m2; every 21 days)") == [
        "docetaxel 75 mg/m², q21d", "cisplatin 75 mg/m², q21d"]


def test_a_route_as_a_heading_is_the_lists():
    assert _read("intraperitoneal administration: zorbitamab (15mg/m2) plus cisplatin (15mg/m2) for 60 minutes") == [
        "zorbitamab 15 mg/m² intraperitoneal", "cisplatin 15 mg/m² intraperitoneal, infusion over 60 min"]
    # how long one drug runs is its own: never given to the bare doses before it
    assert _read("docetaxel 60 mg/m2; oxaliplatin 85 mg/m2; fluorouracil 2600 mg/m2, infusion over 24 h")[0] == "docetaxel 60 mg/m²"
    assert _read("oral zorbitib 10 mg and docetaxel 75 mg/m2") == ["zorbitib 10 mg PO", "docetaxel 75 mg/m²"]


def test_a_closing_schedule_with_text_it_does_not_read_still_reaches_the_list():
    parsed = parse_regimen("zorbiplatin 50 mg/m2 d1 and zorbicin 50 mg/m2 d1 every 21 days and for 6 cycles (ZZ protocol)")
    cycles = [(c["agent"], c["cycle"]["length_days"], c["cycle"]["count"]) for c in parsed.to_dict()["components"]]
    assert cycles == [("zorbiplatin", 21, 6), ("zorbicin", 21, 6)]


def test_a_shared_cycle_fills_a_members_own_cycle_and_never_replaces_it():
    parsed = parse_regimen("zorbinib 5 mg daily in a 28-day cycle plus zorbistrant 500 mg IM on day 1 of each cycle (up to 12 cycles)")
    first, second = parsed.to_dict()["components"]
    assert first["cycle"]["length_days"] == second["cycle"]["length_days"] == 28
    assert second["cycle"]["count"] == 12


def test_a_heading_reaches_names_given_bare():
    parsed = parse_regimen("twice a week for gemcitabine and cisplatin")
    rates = [(c["agent"], c["frequency"]["times"], c["frequency"]["period_days"]) for c in parsed.to_dict()["components"]]
    assert rates == [("gemcitabine", 2, 7), ("cisplatin", 2, 7)]


def test_a_members_days_in_the_cycle_stay_its_own_and_the_whole_courses_time_is_shared():
    own = parse_regimen("oxaliplatin 130 mg/m2 IV on day 1, followed by capecitabine 1000 mg/m2 bid for 14 days, in a 3-week cycle for 8 cycles")
    first, second = own.to_dict()["components"]
    assert "duration_days" not in first and first["days"] == [[1, 1]] and second["days"] == [[1, 14]]
    whole = parse_regimen("oxaliplatin 130 mg/m2 on day 1 plus capecitabine 1000 mg/m2 bid on days 1 to 14 every 3 weeks for 24 weeks")
    assert [c["duration_days"] for c in whole.to_dict()["components"]] == [168, 168]
