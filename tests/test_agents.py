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
        ("XYZ: 10 mg po bid", ["xyz"]),
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
