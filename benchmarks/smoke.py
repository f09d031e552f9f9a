"""CI's throughput guard: seconds, not minutes, and no flaky absolute timings.

    python benchmarks/smoke.py

Measures parse_regimen and our make_doc on the corpus strings in this
process and fails (exit 1) only if parse_regimen's rate, as a fraction of
make_doc's, falls below half the fraction recorded in baseline.json by
``make bench``.  A machine that is slower overall slows both alike.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import corpus_strings, rate  # noqa: E402

from regimen import parse_regimen  # noqa: E402
from regimen.preprocess import tokenize  # noqa: E402


def _paired_ratios(strings: list[str], pairs: int) -> list[float]:
    """parse_regimen's rate as a fraction of make_doc's, one pass of each in
    turn: a pair shares the machine's load of the moment, so a busy neighbour
    slows both sides of a ratio alike."""
    rate(parse_regimen, strings[:20], runs=1)  # warm: tables, lexicons
    ratios = []
    for _ in range(pairs):
        start = time.perf_counter()
        for text in strings:
            parse_regimen(text)
        parsed = time.perf_counter() - start
        start = time.perf_counter()
        for text in strings:
            tokenize(text)
        ratios.append((time.perf_counter() - start) / parsed)
    return ratios


def main() -> int:
    baseline = json.loads((Path(__file__).resolve().parent / "baseline.json").read_text())
    recorded = 1 / baseline["ratio_to_make_doc"]  # parse_regimen as a fraction of make_doc
    strings = corpus_strings()
    now = statistics.median(_paired_ratios(strings, pairs=9))
    verdict = "ok" if now >= recorded / 2 else "TOO SLOW"
    print(f"benchmark smoke: parse_regimen at {now:.4f} of make_doc (recorded {recorded:.4f}, floor {recorded / 2:.4f}): {verdict}")
    return 0 if verdict == "ok" else 1


if __name__ == "__main__":
    raise SystemExit(main())
