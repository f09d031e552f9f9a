"""What the tests read a text as: its components' JSON, and its round trip."""

from __future__ import annotations

from regimen import format_regimen, parse_regimen


def components(text: str) -> list[dict]:
    """The ``to_dict`` components of ``text``."""
    return parse_regimen(text).to_dict()["components"]


def assert_round_trips(text: str) -> None:
    """``text``'s canonical form reads back as the same regimen."""
    parsed = parse_regimen(text)
    assert parse_regimen(format_regimen(parsed)) == parsed
