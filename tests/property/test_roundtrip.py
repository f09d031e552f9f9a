"""Properties: format is the parser's inverse, the canonical text a fixed point,
and no text makes the parser raise anything but RegimenParseError."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from regimen import RegimenParseError, format_regimen, parse_dose, parse_regimen
from tests.corpus import load
from tests.property.strategies import components, regimens

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TEXTS = [row["text"] for row in load()]


@SETTINGS
@given(components())
def test_parse_inverts_format_for_components(component):
    text = format_regimen(component)
    assert parse_dose(text) == component, text


@SETTINGS
@given(regimens())
def test_parse_inverts_format_for_regimens(regimen):
    text = format_regimen(regimen)
    assert parse_regimen(text) == regimen, text


@SETTINGS
@given(regimens())
def test_canonical_text_is_a_fixed_point(regimen):
    text = format_regimen(regimen)
    assert format_regimen(parse_regimen(text)) == text


@SETTINGS
@given(st.sampled_from(TEXTS))
def test_corpus_strings_survive_format_and_parse(text):
    parsed = parse_regimen(text)
    assert parse_regimen(format_regimen(parsed)) == parsed


def _parses_or_refuses(text: str) -> None:
    try:
        parse_regimen(text)
    except RegimenParseError:
        pass


@settings(max_examples=1000, deadline=None)
@given(st.text())
@example("")
@example("((((")
@example("))")
@example("D" * 50 + "1")
@example("1e308 mg")
@example("NaN mg q NaN w")
@example("Capecitabine 825 mg/m2 bid d1,,,8 or or D")
def test_any_text_parses_or_raises_our_error(text):
    _parses_or_refuses(text)


@settings(max_examples=1000, deadline=None)
@given(st.sampled_from(TEXTS), st.data())
def test_mutated_corpus_strings_parse_or_raise_our_error(text, data):
    """Corpus strings with a slice deleted, duplicated or replaced by random text."""
    i = data.draw(st.integers(0, len(text)))
    j = data.draw(st.integers(i, len(text)))
    action = data.draw(st.sampled_from(["delete", "duplicate", "replace", "swap"]))
    if action == "delete":
        mutated = text[:i] + text[j:]
    elif action == "duplicate":
        mutated = text[:j] + text[i:j] + text[j:]
    elif action == "replace":
        mutated = text[:i] + data.draw(st.text(max_size=8)) + text[j:]
    else:
        mutated = text[i:j] + text[:i] + text[j:]
    _parses_or_refuses(mutated)
