"""``python -m regimen.demo [DIR or FILE ...]``: each string beside its reading.

Reads every ``*.jsonl`` file given, or in each directory given (default
``corpus``; lines with a ``text`` key, and an ``id``), parses each text with
:func:`regimen.parse_regimen` and prints, in at most :data:`WIDTH` columns,
the input and its reading: one canonical line per component, the error of a
text that does not parse.  A mark says how it was read: ``✓`` whole, ``~``
in part (some text kept unresolved), ``✗`` not at all.  A short summary
ends the output; the exit status is 1 when a text failed.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from regimen.api import parse_regimen
from regimen.errors import RegimenParseError
from regimen.format import format_component
from regimen.model import Regimen

__all__ = ["main", "WIDTH"]

#: The widest line the demo prints.
WIDTH = 100
_MARKS = {"whole": "✓", "partial": "~", "failed": "✗"}


@dataclass(frozen=True, slots=True)
class _Reading:
    """One input and what became of it."""

    id: str
    text: str
    regimen: Regimen | None = None
    error: RegimenParseError | None = None

    @property
    def status(self) -> str:
        if self.regimen is None:
            return "failed"
        return "partial" if self.regimen.partial else "whole"

    def lines(self) -> str:
        if self.regimen is None:
            return f"error: {self.error.message} at position {self.error.position}"
        return "\n".join(format_component(component) for component in self.regimen.components)


def _records(paths: list[Path]) -> list[dict]:
    files = [file for path in paths for file in (sorted(path.glob("*.jsonl")) if path.is_dir() else [path])]
    return [json.loads(line) for file in files for line in file.open(encoding="utf-8") if line.strip()]


def _read(record: dict) -> _Reading:
    identifier, text = str(record.get("id", "?")), record["text"]
    try:
        return _Reading(identifier, text, regimen=parse_regimen(text))
    except RegimenParseError as exc:
        return _Reading(identifier, text, error=exc)


def _table(readings: list[_Reading]) -> Table:
    table = Table(box=None, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0), header_style="bold")
    table.add_column("id", no_wrap=True)
    table.add_column("", no_wrap=True)
    table.add_column("input", ratio=1, overflow="fold")
    table.add_column("reading", ratio=1, overflow="fold")
    for reading in readings:
        table.add_row(reading.id, _MARKS[reading.status], reading.text, reading.lines())
    return table


def summary(readings: list[_Reading]) -> list[str]:
    """How many read whole, in part, or failed; components, agents, unresolved text."""
    status = Counter(reading.status for reading in readings)
    components = [c for reading in readings if reading.regimen for c in reading.regimen.components]
    agents = {c.agent for c in components if c.agent}
    unresolved = sum(1 for c in components if c.unresolved)
    return [
        f"{len(readings)} strings: {status['whole']} read whole, {status['partial']} in part, {status['failed']} failed",
        f"{len(components)} components, {len(agents)} distinct agents, {unresolved} with text kept unresolved",
    ]


def render(readings: list[_Reading]) -> list[str]:
    """The table's lines, at most :data:`WIDTH` columns (wide CJK characters count two), no trailing blanks."""
    console = Console(width=WIDTH, highlight=False, color_system=None, force_terminal=False)
    with console.capture() as captured:
        console.print(_table(readings))
    return [line.rstrip() for line in captured.get().splitlines()]


def main(argv: list[str]) -> int:
    readings = [_read(record) for record in _records([Path(arg) for arg in argv or ["corpus"]])]
    print("\n".join([*render(readings), "", *summary(readings)]))
    return 1 if any(reading.status == "failed" for reading in readings) else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
