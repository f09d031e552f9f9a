"""``python -m regimen.demo DIR``: parse every corpus string, print a table.

Reads every ``*.jsonl`` file in DIR (lines with a ``text`` key), parses
each text with :func:`regimen.parse_regimen` and prints one row per
component.  A string that does not parse prints its error instead.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from regimen import RegimenParseError, parse_regimen
from regimen.format import format_cycle, format_days, format_dose, format_frequency, format_infusion, number

_COLUMNS = (("id", 8), ("agent", 24), ("dose", 18), ("route", 13), ("freq", 10), ("days", 14), ("cycle", 18),
            ("infusion", 30), ("fractions", 24), ("unresolved", 30))


def _fractions(fractions) -> str:
    """count × dose = total, derived values included (the table shows all three)."""
    show = lambda v: "?" if v is None else number(v)  # noqa: E731
    return f"{show(fractions.count)} × {show(fractions.dose)} Gy = {show(fractions.total)} Gy"


def _cells(row_id: str, component) -> list[str]:
    show = lambda value, fmt: fmt(value) if value is not None else ""  # noqa: E731
    return [
        row_id,
        component.agent or "",
        show(component.dose, format_dose),
        component.route.value if component.route else "",
        show(component.frequency, format_frequency),
        show(component.days, format_days),
        show(component.cycle, format_cycle),
        show(component.infusion, format_infusion),
        show(component.fractions, _fractions),
        "; ".join(component.unresolved),
    ]


def _line(cells: list[str]) -> str:
    return " ".join(cell[:width].ljust(width) for cell, (_, width) in zip(cells, _COLUMNS)).rstrip()


def main(argv: list[str]) -> int:
    root = Path(argv[0] if argv else "corpus")
    rows = [json.loads(line) for path in sorted(root.glob("*.jsonl")) for line in path.open(encoding="utf-8") if line.strip()]
    print(_line([name for name, _ in _COLUMNS]))
    print(_line(["-" * width for _, width in _COLUMNS]))
    failed = 0
    for row in rows:
        try:
            regimen = parse_regimen(row["text"])
        except RegimenParseError as exc:
            failed += 1
            print(f"{row.get('id', '?'):8} error: {str(exc).splitlines()[0]}")
            continue
        for component in regimen.components:
            print(_line(_cells(row.get("id", "?"), component)))
    print(f"\n{len(rows)} strings, {len(rows) - failed} parsed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
