"""Where the parser misses on real text: per string, the fields that differ from gold.

usage: python benchmarks/misses.py [GOLD.jsonl ...] [--strict] [--id ID ...] [--all]

Reads the shared real-text gold files (../shared/corpus/real/*.jsonl by
default; they are public text and are not copied into this repository) and
scores them with ../shared/tools/score.py's own alignment and comparison, so
what it prints is what score.py counts.  For each string that is not exact:
its id and text, the error if the parse raised, and for each aligned pair of
components the fields that differ (tp/fn/fp/fnfp) with the parsed and gold
component.  The last line per file is the summary score.py would print.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

import regimen

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _scorer():
    path = SHARED / "tools" / "score.py"
    if not path.exists():
        sys.exit(f"{path} is absent: the real-text corpus and its scorer live in ../shared")
    spec = importlib.util.spec_from_file_location("score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _compact(component: dict | None) -> dict | None:
    return None if component is None else {k: v for k, v in component.items() if k != "spans"}


def show(path: Path, score, strict: bool, ids: set[str] | None, everything: bool) -> None:
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    exact = 0
    for row in rows:
        if ids and row["id"] not in ids:
            continue
        try:
            preds, error = regimen.parse_regimen(row["text"], strict=strict).to_dict()["components"], None
        except regimen.RegimenError as exc:
            preds, error = [], f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
        pairs = []
        for pred, gold in score.align(preds, row["components"]):
            if gold is None:
                result = {f: "fp" for f in score.FIELDS if score.get(pred, f) is not None}
            else:
                result = score.compare(pred, gold)
            wrong = {f: v for f, v in result.items() if v != "tp"}
            if wrong or everything:
                pairs.append((pred, gold, wrong))
        exact += not any(w for _, _, w in pairs) and error is None
        if pairs or error or everything:
            print(f"=== {row['id']}: {row['text']}")
            if error:
                print("   ERROR", error)
            for pred, gold, wrong in pairs:
                fields = {f: (v, score.get(pred, f) if pred else None, score.get(gold, f) if gold else None)
                          for f, v in wrong.items()}
                print("   miss:", fields)
                print("     pred:", json.dumps(_compact(pred), ensure_ascii=False))
                print("     gold:", json.dumps(_compact(gold), ensure_ascii=False))
    print(f"# {path.name}: {exact} of {len(rows)} exact", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="*", type=Path)
    parser.add_argument("--strict", action="store_true", help="parse with strict=True")
    parser.add_argument("--id", nargs="*", help="only these ids")
    parser.add_argument("--all", action="store_true", help="print exact strings too")
    args = parser.parse_args()
    score = _scorer()
    files = args.gold or sorted((SHARED / "corpus" / "real").glob("*.jsonl"))
    for path in files:
        show(path, score, args.strict, set(args.id) if args.id else None, args.all)


if __name__ == "__main__":
    main()
