"""CI's throughput guard: seconds, not minutes, and no flaky absolute timings.

    python benchmarks/smoke.py

Measures parse_regimen and our make_doc on the corpus strings in this
process and fails (exit 1) only if parse_regimen's rate, as a fraction of
make_doc's, falls below half the fraction recorded in baseline.json by
``make bench``.  A machine that is slower overall slows both alike.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import corpus_strings, rate  # noqa: E402

from regimen import parse_regimen  # noqa: E402
from regimen.preprocess import tokenize  # noqa: E402


def main() -> int:
    baseline = json.loads((Path(__file__).resolve().parent / "baseline.json").read_text())
    recorded = 1 / baseline["ratio_to_make_doc"]  # parse_regimen as a fraction of make_doc
    strings = corpus_strings()
    now = rate(parse_regimen, strings, runs=3) / rate(tokenize, strings, runs=3)
    verdict = "ok" if now >= recorded / 2 else "TOO SLOW"
    print(f"benchmark smoke: parse_regimen at {now:.4f} of make_doc (recorded {recorded:.4f}, floor {recorded / 2:.4f}): {verdict}")
    return 0 if verdict == "ok" else 1


if __name__ == "__main__":
    raise SystemExit(main())
