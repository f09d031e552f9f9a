"""Extraction speed on trial-record text: MB/s at three sizes, in one process.

    python benchmarks/extract_speed.py

Text: the five seed trial records (corpus/documents/seeds), repeated to each
size.  Reference: spaCy's blank-English ``make_doc`` on the same text in the
same run (these machines are noisy; compare ratios, not seconds).  Reports
the median of 5 runs.  Linear cost shows as a flat MB/s across sizes.
The 4 MB text is over the entry points' default ``max_length`` (1,000,000
characters), so the limit is lifted here (``max_length=None``).
"""

from __future__ import annotations

import statistics
import time
from functools import partial
from pathlib import Path

import spacy

from regimen import extract

SEEDS = Path(__file__).resolve().parent.parent / "corpus" / "documents" / "seeds"
SIZES_MB = (0.25, 1.0, 4.0)
RUNS = 5


def _text(size_mb: float) -> str:
    base = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    repeats = max(1, round(size_mb * 1e6 / len(base.encode())))
    return "\n".join([base] * repeats)


def _median_seconds(function, text: str) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        function(text)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    nlp = spacy.blank("en")
    nlp.max_length = 10**8
    extract(_text(0.05))  # load vocabulary, grammar and drug lexicon once
    print(f"{'size MB':>8} {'extract MB/s':>13} {'make_doc MB/s':>14} {'ratio':>6}")
    for size in SIZES_MB:
        text = _text(size)
        mb = len(text.encode()) / 1e6
        ours = mb / _median_seconds(partial(extract, max_length=None), text)
        floor = mb / _median_seconds(nlp.make_doc, text)
        print(f"{mb:8.2f} {ours:13.2f} {floor:14.2f} {floor / ours:6.1f}")


if __name__ == "__main__":
    main()
