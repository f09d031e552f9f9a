"""Bad input gets a RegimenParseError that names the position and what was expected."""

from __future__ import annotations

import pickle

import pytest

from regimen import RegimenError, RegimenParseError, parse_dose, parse_regimen

CASES = [
    (
        "Capecitabine 825 bid",
        "unexpected 'bid' at position 17; expected '-', 'times', '±', '×', a period or a unit (mg, Gy, days, cycles ...)\n"
        "Capecitabine 825 bid\n"
        "                 ~~^",
    ),
    ("", "no regimen in the text at position 0; expected an agent, a dose or a schedule\n\n^"),
    ("of the", "no regimen in the text at position 0; expected an agent, a dose or a schedule\nof the\n^"),
    ("Drug 0 mg", "dose must be positive, got 0 at position 5\nDrug 0 mg\n     ~~~^"),
    ("Drug D14-1", "a day range must run forward, got 14-1 at position 6\nDrug D14-1\n      ~~~^"),
    ("Drug day 0", "days are counted from 1, got 0 at position 9\nDrug day 0\n         ^"),
    ("Drug 2.5 cycles", "a count must be a whole number, got 2.5 at position 5\nDrug 2.5 cycles\n     ~~^"),
    (
        "Capecitabine 825 mg/m2 )",
        "unexpected ')' at position 23; expected the end of the text\nCapecitabine 825 mg/m2 )\n                       ^",
    ),
    (
        "Drug 100 mg every",
        "unexpected end of the text at position 17; expected a number or a unit (mg, Gy, days, cycles ...)\n"
        "Drug 100 mg every\n                 ^",
    ),
    (
        "Drug 25-30 Gy",
        "a radiotherapy dose range is not supported; write one dose at position 5\nDrug 25-30 Gy\n     ~~~~^",
    ),
    (
        "Oxaliplatin 130 mg/m2\nCapecitabine 825 bid",
        "unexpected 'bid' at position 39; expected '-', 'times', '±', '×', a period or a unit (mg, Gy, days, cycles ...)\n"
        "Capecitabine 825 bid\n                 ~~^",
    ),
]


@pytest.mark.parametrize(("text", "message"), CASES)
def test_exact_message_with_marker(text, message):
    with pytest.raises(RegimenParseError) as caught:
        parse_regimen(text)
    assert str(caught.value) == message


def test_error_is_a_value_error_with_position_and_expected():
    with pytest.raises(ValueError) as caught:
        parse_regimen("Capecitabine 825 bid")
    error = caught.value
    assert isinstance(error, RegimenError)
    assert (error.position, error.end) == (17, 20)
    assert "a unit (mg, Gy, days, cycles ...)" in error.expected
    assert error.marker.splitlines()[1] == "                 ~~^"


def test_parse_dose_refuses_several_agents():
    with pytest.raises(RegimenParseError) as caught:
        parse_dose("Capecitabine 825 mg/m2 + oxaliplatin 130 mg/m2")
    assert str(caught.value) == (
        "expected a single agent, found 2 components at position 25; expected parse_regimen() for several agents\n"
        "Capecitabine 825 mg/m2 + oxaliplatin 130 mg/m2\n"
        "                         ^"
    )


def test_parse_error_pickles():
    with pytest.raises(RegimenParseError) as caught:
        parse_regimen("Drug 0 mg")
    again = pickle.loads(pickle.dumps(caught.value))
    assert str(again) == str(caught.value)
    assert again.position == caught.value.position


def test_non_text_is_a_type_error():
    with pytest.raises(TypeError):
        parse_regimen(b"Capecitabine 825 mg")  # type: ignore[arg-type]
