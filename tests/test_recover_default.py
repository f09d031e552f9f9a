"""The default parse recovers: what it reads it returns, what it skips it keeps.

``parse_regimen`` and ``parse_dose`` read what they can; every piece they
skip is unresolved text with its span and a warning, and the result is
marked partial.  A value is never read from evidence that was cut.  They
raise only when nothing at all was read, or when asked to be strict.
"""

from __future__ import annotations

import pytest

from regimen import RegimenParseError, parse_dose, parse_regimen
from tests.property.fuzz import check_accounting


@pytest.mark.parametrize(
    ("text", "skipped", "kept"),
    [
        ("Capecitabine 825 bid", "825", "capecitabine BID"),
        ("ondansetron 8 mg PO q4-6", "q4-6", "ondansetron 8 mg PO"),  # never every 6 (q4-6h is read whole: test_schedules)
        ("raltitrexed 3 mg/, ivgtt, d1", "3 mg/", "raltitrexed IV, D1"),  # never a dose of 3 mg
        ("Drug 5 mg × −2", "−2", "drug 5 mg"),  # the sign goes with its number
        ("Drug 100 mg q0w", "q0w", "drug 100 mg"),
        ("Drug 100 mg q3w × 6-4", "× 6-4", "drug 100 mg, q3w"),
        ("Drug 25-30 Gy d1", "25-30 Gy", "drug, D1"),
    ],
)
def test_skipped_pieces_are_unresolved_with_a_warning_and_the_result_is_partial(text, skipped, kept):
    regimen = parse_regimen(text)
    assert regimen.partial and regimen.to_dict()["partial"] is True
    (component,) = regimen.components
    assert skipped in component.unresolved
    span = next(s for name, s in component.spans if name == "unresolved" and text[s.start : s.end] == skipped)
    assert any(f"{skipped!r} at position {span.start}" in w for w in component.warnings)
    assert str(component).startswith(kept + ", ") and str(component).endswith(f'"{skipped}"')
    check_accounting(regimen)
    with pytest.raises(RegimenParseError):
        parse_regimen(text, strict=True)


def test_a_text_read_whole_is_not_partial():
    regimen = parse_regimen("Capecitabine 825 mg/m2 bid d1-14 q3w")
    assert not regimen.partial and "partial" not in regimen.to_dict()


@pytest.mark.parametrize("text", ["", "Hello world", "patients were well", "Drug -5 mg", "))"])
def test_nothing_read_is_an_error(text):
    with pytest.raises(RegimenParseError):
        parse_regimen(text)


def test_a_known_agent_alone_is_read():
    assert parse_regimen("with radiotherapy").components[0].agent == "radiotherapy"


def test_parse_dose_recovers_too_and_refuses_when_strict():
    component = parse_dose("Capecitabine 825 bid d1-14")
    assert component.unresolved == ("825",) and component.days is not None
    with pytest.raises(RegimenParseError, match="unexpected 'bid'"):
        parse_dose("Capecitabine 825 bid d1-14", strict=True)


@pytest.mark.parametrize(
    "text",
    ["Capecitabine 825 bid", "ondansetron 8 mg PO q4-6h", 'Drug 5 mg, "as ""written""", d1', "Drug 25-30 Gy d1"],
)
def test_partial_results_survive_format_and_parse(text):
    regimen = parse_regimen(text)
    canonical = str(regimen)
    assert parse_regimen(canonical) == regimen, canonical
    assert str(parse_regimen(canonical)) == canonical


def test_quoted_text_is_read_back_as_written():
    (component,) = parse_regimen('Drug 5 mg, "q4-6h", "say ""when""" d1').components
    assert component.unresolved == ("q4-6h", 'say "when"') and component.days is not None
    assert str(component) == 'drug 5 mg, D1, "q4-6h", "say ""when"""'
    assert parse_regimen('Drug "5 mg').components[0].dose is not None  # an unpaired quote is punctuation
