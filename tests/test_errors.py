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
    ("Drug week 0", "weeks are counted from 1, got 0 at position 5\nDrug week 0\n     ~~~~~^"),
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
        parse_regimen(text, strict=True)
    assert str(caught.value) == message


def test_error_is_a_value_error_with_position_and_expected():
    with pytest.raises(ValueError) as caught:
        parse_regimen("Capecitabine 825 bid", strict=True)
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
        parse_regimen("Drug 0 mg", strict=True)
    again = pickle.loads(pickle.dumps(caught.value))
    assert str(again) == str(caught.value)
    assert again.position == caught.value.position


def test_non_text_is_a_type_error():
    with pytest.raises(TypeError):
        parse_regimen(b"Capecitabine 825 mg")  # type: ignore[arg-type]


# --- impossible values: refused with a clear error, or kept with a warning ----------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Drug -5 mg", "a negative amount"),
        ("Drug −5 mg", "a negative amount"),  # U+2212 minus sign
        ("Drug 5 mg × −2", "a negative amount"),
        ("Drug 0 mg", "dose must be positive"),
        ("Drug week 0", "weeks are counted from 1"),  # day 0 and days before it exist (GOLD_SCHEMA), week 0 does not
        ("Drug D14-D1", "a day range must run forward"),
        ("50 Gy in 0 fractions", "fraction count must be positive"),
        ("0 x 2 Gy", "fraction count must be positive"),
        ("Drug 100 mg × 0 cycles", "cycle count must be positive"),
        ("Drug 100 mg q0w", "duration must be positive"),
        ("Drug 1234567890123456 mg", "a number with more than 15 digits"),
        ("Drug 100 mg for the first days", "without a count"),
        ("Drug 100 mg/m2 IV over 99-60 min", "an infusion time range rises"),
        ("Drug 100 mg q3w 6-4 cycles", "a range of cycle counts must rise, got 6-4"),
        ("Drug 100 mg q3w × 6-4", "a range of cycle counts must rise, got 6-4"),
        ("Drug 100 mg q3w × 0-4", "cycle count must be positive"),
    ],
)
def test_impossible_values_are_refused(text, message):
    with pytest.raises(RegimenParseError, match=message):
        parse_regimen(text, strict=True)


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        ("RT 2 Gy x 25 = 60 Gy", "25 fractions × 2 Gy is not the stated total of 60 Gy"),
        ("Cisplatin 50 Gy", "a radiation dose (Gy) for the drug 'cisplatin'"),
        ("radiotherapy 50 mg", "a drug dose (mg) for 'radiotherapy'"),
        ("IMRT 200 mg/m2", "a drug dose (mg) for 'imrt'"),
    ],
)
def test_implausible_values_are_kept_with_a_warning(text, warning):
    (component,) = parse_regimen(text).components
    assert any(warning in w for w in component.warnings), component.warnings


def test_plausible_pairings_carry_no_unit_warning():
    regimen = parse_regimen("Cisplatin 40 mg/m2 weekly with RT 50 Gy/25 fx")
    assert not any("radiation" in w or "drug dose" in w for c in regimen.components for w in c.warnings)


def test_a_range_dash_is_not_a_minus_sign():
    assert str(parse_dose("Drug 1-2 mg d1-14")) == "drug 1-2 mg, D1-14"
    assert parse_dose("Capecitabine 825 mg/m2 d1 -14").days == parse_dose("Capecitabine 825 mg/m2 d1-14").days


# --- limits --------------------------------------------------------------------------


def test_max_length_is_a_clear_error_and_configurable():
    text = "Capecitabine 825 mg/m2 bid d1-14; " * 40
    with pytest.raises(RegimenParseError) as caught:
        parse_regimen(text, max_length=1000)
    assert caught.value.position == 1000
    assert "over max_length=1,000" in str(caught.value) and "max_length=" in caught.value.expected[0]
    assert len(parse_regimen(text, max_length=None).components) == 40
    with pytest.raises(RegimenParseError, match="max_length"):
        parse_dose("Drug 5 mg", max_length=3)
    from regimen import extract

    with pytest.raises(RegimenParseError, match="max_length"):
        extract(text, max_length=100)


def test_texts_over_spacys_own_limit_are_ours_to_refuse():
    """spaCy's make_doc refuses texts over 1,000,000 characters with its own
    ValueError; our limit is the one that applies, and it can be lifted."""
    text = "x " * 600_000
    with pytest.raises(RegimenParseError, match="max_length"):
        parse_regimen(text)
    with pytest.raises(RegimenParseError, match="no regimen"):
        parse_regimen(text, max_length=None)


def test_marker_of_a_long_line_is_cut_around_the_position():
    text = "Drug 5 mg; " * 2000 + "Capecitabine 825 bid" + "; Drug 5 mg" * 2000
    with pytest.raises(RegimenParseError) as caught:
        parse_regimen(text, strict=True)
    message = str(caught.value)
    assert len(message) < 400
    shown, marker = message.splitlines()[1:]
    assert shown.startswith("…") and shown.endswith("…")
    assert shown[marker.index("^") - 2 : marker.index("^") + 1] == "bid"


def test_control_characters_keep_the_marker_aligned():
    with pytest.raises(RegimenParseError) as caught:
        parse_regimen("Drug\x07\t825 bid", strict=True)
    shown, marker = str(caught.value).splitlines()[1:]
    assert "\x07" not in shown and shown[marker.index("^")] == "d"


def test_lone_surrogates_are_text_not_a_crash():
    component = parse_dose("Capecitabine 825 mg/m2 bid \ud800 d1-14")
    assert component.days is not None and component.dose is not None


@pytest.mark.parametrize("unit", ["m'", "PU", "RPARg", "Gy", "s", "", "mg/m2/xyz", "10**400 mg"])
def test_from_dict_refuses_what_is_not_a_dose_unit(unit):
    from regimen import Regimen, RegimenSchemaError

    data = parse_regimen("Capecitabine 825 mg bid").to_dict()
    data["components"][0]["dose"]["unit"] = unit
    with pytest.raises(RegimenSchemaError):
        Regimen.from_dict(data)


@pytest.mark.parametrize("value", [7 * 10**75, 1e300, "1e400", 1e-30])
def test_from_dict_refuses_numbers_no_regimen_states(value):
    from regimen import Regimen, RegimenSchemaError

    data = parse_regimen("Capecitabine 825 mg bid").to_dict()
    data["components"][0]["dose"]["value"] = value
    with pytest.raises(RegimenSchemaError):
        Regimen.from_dict(data)
