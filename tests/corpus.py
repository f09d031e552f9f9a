"""Loading the golden corpus and comparing a parse with its gold line.

Each ``corpus/*.jsonl`` line is ``{"id", "text", "components", "source"}``
(GOLD_SCHEMA.md).  A parse matches when, component by component and in
order, every schema key and every key the gold line states has the gold
value, inside nested objects too.  Keys the library adds (spans, warnings,
derived markers, the exact stated form of a period) are compared only when
the gold line states them.
"""

from __future__ import annotations

import json
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

SCHEMA_KEYS = frozenset({
    "agent", "dose", "route", "frequency", "days", "days_alternative", "duration_days", "cycle",
    "infusion_minutes", "infusion_tolerance_minutes", "infusion_bound", "fractions", "regimen", "unresolved",
})
#: Library keys that carry no meaning of their own (provenance, diagnostics).
_PROVENANCE = frozenset({"spans", "warnings", "agent_derived"})


def load(pattern: str = "*.jsonl") -> list[dict]:
    rows = []
    for path in sorted(CORPUS.glob(pattern)):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                row = json.loads(line)
                row["where"] = f"{path.name}:{number}"
                rows.append(row)
    return rows


#: Keys of nested objects that the schema defines.
SCHEMA_SUBKEYS = {
    "dose": frozenset({"value", "low", "high", "unit"}),
    "frequency": frozenset({"times", "period_days"}),
    "cycle": frozenset({"length_days", "count"}),
    "fractions": frozenset({"count", "dose_gy", "total_gy"}),
}


def comparable(predicted: dict, gold: dict) -> dict:
    """The part of a predicted component that its gold line judges."""
    keys = (SCHEMA_KEYS | set(gold)) - _PROVENANCE
    out = {k: v for k, v in predicted.items() if k in keys}
    for key, subkeys in SCHEMA_SUBKEYS.items():
        if isinstance(out.get(key), dict):
            judged = subkeys | set(gold.get(key) or {})
            out[key] = {k: v for k, v in out[key].items() if k in judged}
    return out


def mismatches(predicted: list[dict], gold: list[dict]) -> list[str]:
    """Readable differences between predicted and gold components."""
    problems = []
    if len(predicted) != len(gold):
        problems.append(f"{len(predicted)} components, gold has {len(gold)}")
    for n, (p, g) in enumerate(zip(predicted, gold)):
        got = comparable(p, g)
        for key in sorted(set(got) | set(g)):
            if got.get(key) != g.get(key):
                problems.append(f"component {n} {key}: got {got.get(key)!r}, gold {g.get(key)!r}")
    return problems
