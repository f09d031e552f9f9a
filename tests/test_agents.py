"""Which words are agents (GOLD_SCHEMA: a drug, regimen or modality; labels,
people, stages, verbs, adverbs and qualifiers never are)."""

from __future__ import annotations

import pytest

from regimen import parse_regimen


def _agents(text: str) -> list[str | None]:
    return [c.agent for c in parse_regimen(text).components]


@pytest.mark.parametrize(
    ("text", "agents"),
    [
        ("Zorbitamab 10 mg/kg IV q3w", ["zorbitamab"]),  # unknown, but followed by its dose
        ("XYZ-123: 10 mg po bid", ["xyz-123"]),
        ("Zorbitamab qd", ["zorbitamab"]),  # opens the text, a frequency at once
        ("Zorbitamab for 7 days", ["zorbitamab"]),
        ("Cisplatin 75 mg/m2 + zorbitamab", ["cisplatin", "zorbitamab"]),  # alone after "+"
        ("300 IU of zorbitamab", ["zorbitamab"]),  # after a dose and "of"
        ("QRT4471 with cisplatin 75 mg/m2", ["qrt4471", "cisplatin"]),  # a drug code
        ("cisplatin 75 mg/m2 then surgery", ["cisplatin", "surgery"]),  # a modality
    ],
)
def test_agents_by_name_or_place(text, agents):
    assert _agents(text) == agents


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Usual dose is 10 mg PO bid", "Usual"),
        ("Initially 10 mg daily", "Initially"),
        ("Sig: 1 tab po bid", "Sig"),
        ("Adults: 10 mg po qd", "Adults"),
        ("Randomized to 4 cycles of FOLFOX", "Randomized"),
        ("Typically 500 mg IV daily", "Typically"),
    ],
)
def test_labels_adverbs_and_people_are_never_agents(text, kept):
    regimen = parse_regimen(text)
    assert all(c.agent in (None, "folfox") for c in regimen.components)
    assert any(kept in c.unresolved for c in regimen.components)


def test_a_qualifier_before_a_name_is_split_off():
    (component,) = parse_regimen("low-dose zorbitamab 10 mg").components
    assert component.agent == "zorbitamab" and component.unresolved == ("low-dose",)
    (component,) = parse_regimen("hypofractionated radiotherapy 40 Gy in 15 fractions").components
    assert component.agent == "hypofractionated radiotherapy"  # an -ed word still qualifies a known name


def test_an_unknown_word_with_nothing_to_show_it_is_an_agent_is_text():
    (component,) = parse_regimen("stage II disease, cisplatin 75 mg/m2").components
    assert component.agent == "cisplatin" and component.unresolved == ("stage", "II disease")


def test_words_ending_like_verbs_still_name_known_drugs():
    assert _agents("Pemetrexed 500 mg/m2 IV d1") == ["pemetrexed"]


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        ("peginterferon alfa 2b 1.5 mcg/kg sc weekly", "peginterferon alfa 2b"),  # a number and a glued letter
        ("interferon alfa-2a 3 MIU sc three times weekly", "interferon alfa-2a"),  # a letter read as the article "a"
        ("Vitamin K 10 mg IV once", "vitamin k"),
        ("Vitamin A 50,000 IU po daily", "vitamin a"),
        ("interleukin 2 600000 IU/kg IV q8h", "interleukin 2"),
    ],
)
def test_the_drug_lexicon_extends_a_name_it_knows_longer(text, agent):
    (component,) = parse_regimen(text).components
    assert component.agent == agent and component.dose is not None


def test_a_dose_number_or_a_comma_never_extends_a_name():
    assert _agents("Vitamin, A 10 mg") != ["vitamin, a"]
    (component,) = parse_regimen("interleukin 2 mg IV").components  # 2 is the dose here
    assert component.dose.amount == 2


@pytest.mark.parametrize(
    "text",
    ["Lu-177 zorbitide 7.4 GBq IV q8w x 4", "131-I zorbimab 3.7 GBq IV", "Y90 microspheres 2 GBq intra-arterial",
     "radium-223 55 kBq/kg IV q4w x 6", "Ga-68 zorbitide 150 MBq IV"],
)
def test_a_radionuclide_in_a_name_is_warned_about(text):
    (component,) = parse_regimen(text).components
    assert component.dose is not None and any("radionuclide" in w for w in component.warnings)


@pytest.mark.parametrize("text", ["IL-2 600000 IU/kg IV q8h", "interferon alfa-2b 3 MIU sc tiw", "T-DM1 3.6 mg/kg IV q3w"])
def test_a_number_in_an_ordinary_name_is_no_radionuclide(text):
    assert not any("radionuclide" in w for c in parse_regimen(text).components for w in c.warnings)


def test_a_name_starts_where_its_written_word_starts():
    assert _agents("Zx2O3 0.15 mg/kg IV daily") == ["zx2o3"]
    assert _agents("given as 2 doses of zorbitamab 10 mg") != ["as 2"]


def test_cells_are_never_an_agent_by_place():
    assert all(c.agent != "cells" for c in parse_regimen("zorbileucel 50 million CD54+ cells IV").components)


@pytest.mark.parametrize("text", ["Zorbitabine 1g/m2 IV d1", "zorbitabine 2 g IV", "Zorbitabine 1 g/m2 IV d1"])
def test_a_unit_glued_to_a_number_after_a_name_is_a_dose(text):
    (component,) = parse_regimen(text).components
    assert component.agent == "zorbitabine" and component.dose is not None


@pytest.mark.parametrize(("text", "agent"), [("G-CSF 5 mcg/kg SC daily", "g-csf"), ("with GM-CSF (250 mcg/m2 daily)", "gm-csf")])
def test_a_growth_factor_class_is_an_agent_not_grams(text, agent):
    (component,) = parse_regimen(text).components
    assert component.agent == agent and component.dose.unit == "ug" and not component.warnings


@pytest.mark.parametrize("text", ["ZX-101 administered as a single agent, 10 mg/kg every 3 weeks", "pembrolizumab as monotherapy 10 mg/kg q3w"])
def test_a_single_agent_is_monotherapy_not_a_single_dose(text):
    (component,) = parse_regimen(text).components
    assert component.agent in ("zx-101", "pembrolizumab") and component.doses is None and component.cycle is not None
