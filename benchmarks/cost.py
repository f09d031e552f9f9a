"""Bounded cost: ``make cost`` (writes benchmarks/COST.md).

1. Per-character time of ``parse_regimen`` and ``extract`` on inputs of
   1 KB, 100 KB and 10 MB (target: within 1.5× of each other, i.e. linear).
   The content is the same at every size, so only the size differs: 100 KB
   of text (for ``parse_regimen`` one long regimen, corpus strings that parse
   joined by ``; ``; for ``extract`` the corpus documents) read as ~1 KB
   pieces cut at a ``; `` or a line end, as one input, and repeated to 10 MB
   as one input.  Each size is timed in a fresh process (so one size's heap
   does not slow the next) as the best of a few runs; ``max_length=None``
   lifts the default limit.
2. Memory while ``regimen.ctgov`` streams a JSON Lines file of trial records
   (default 1 GB, generated from the seed records with every number varied, so
   the tokenizer meets new strings all the way): the resident size after each
   tenth of the file, and the peak.  Flat means the last tenth costs what the
   first did.

    python benchmarks/cost.py [--stream-mb 1024] [--skip-time] [--skip-stream]

Each part's result is kept in .bench/; a skipped part reports its last run.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".bench"
SIZES = {"1 KB": 1_000, "100 KB": 100_000, "10 MB": 10_000_000}


def _parse_text(size: int) -> str:
    from regimen import RegimenError, parse_regimen

    sys.path.insert(0, str(ROOT))
    from tests.corpus import load

    pieces = []
    for row in load():
        text = " ".join(row["text"].split())
        try:
            if len(parse_regimen(text).components) >= 1 and ";" not in text and "(" not in text:
                pieces.append(text)
        except RegimenError:
            pass
    joined = "; ".join(pieces)
    text = (joined + "; ") * (size // (len(joined) + 2) + 1)
    cut = text.rfind("; ", 0, size)
    return text[:cut]


def _extract_text(size: int) -> str:
    documents = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "documents").glob("*/*.txt")))
    text = (documents + "\n\n") * (size // (len(documents) + 2) + 1)
    return text[: text.rfind("\n", 0, size)]


_BASE = 100_000


def _inputs(kind: str, size: int) -> list[str]:
    """The same ~100 KB of content as inputs of about ``size`` characters."""
    base = _parse_text(_BASE) if kind == "parse_regimen" else _extract_text(_BASE)
    cut = "; " if kind == "parse_regimen" else "\n"
    if size >= len(base):
        joined = cut.join([base] * max(1, size // len(base)))
        return [joined]
    pieces, start = [], 0
    while start < len(base):
        end = base.find(cut, start + size)
        end = len(base) if end == -1 else end
        pieces.append(base[start:end])
        start = end + len(cut)
    return [p for p in pieces if p.strip()]


def _time_one(kind: str, size: int) -> None:
    """In a child process: print the best seconds per character of one run."""
    from regimen import extract, parse_regimen

    inputs = _inputs(kind, size)
    function = (lambda t: parse_regimen(t, max_length=None)) if kind == "parse_regimen" else (
        lambda t: extract(t, max_length=None))
    function(inputs[0][:2000].rsplit("; ", 1)[0])  # warm: parser tables, lexicons
    if os.environ.get("REGIMEN_COST_GC") == "off":
        gc.disable()
    runs = 9 if size <= _BASE else 1
    best = min(_timed(function, inputs) for _ in range(runs))
    print(json.dumps({"kind": kind, "size": sum(map(len, inputs)), "inputs": len(inputs), "seconds": best}))


def _timed(function, inputs: list[str]) -> float:
    start = time.perf_counter()
    for text in inputs:
        function(text)
    return time.perf_counter() - start


#: The rows of the table: entry point and whether the cyclic garbage collector runs.
KINDS = (("parse_regimen", "on"), ("extract", "on"), ("parse_regimen", "off"), ("extract", "off"))


def per_character() -> list[dict]:
    """Each entry point at each size; once more with the collector off, which
    shows what the algorithm costs apart from CPython walking a growing heap."""
    rows = []
    for kind, collector in KINDS:
        for label, size in SIZES.items():
            out = subprocess.run([sys.executable, __file__, "--time", kind, str(size)], capture_output=True, text=True,
                                 check=True, env={**os.environ, "REGIMEN_COST_GC": collector})
            row = json.loads(out.stdout.strip().splitlines()[-1])
            row["label"], row["gc"] = label, collector
            row["us_per_char"] = row["seconds"] / row["size"] * 1e6
            rows.append(row)
            print(f"{kind:14} gc {collector:3} {label:7} {row['us_per_char']:7.2f} µs/char ({row['inputs']} inputs, {row['seconds']:.2f} s)", flush=True)
    return rows


# --- streaming -------------------------------------------------------------------


def make_stream(path: Path, megabytes: int) -> int:
    """A JSON Lines file of ClinicalTrials.gov-shaped records, every number varied."""
    sys.path.insert(0, str(ROOT))
    from tests.corpus import load

    rng = random.Random(20261121)
    documents = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "documents" / "seeds").glob("*.txt"))]
    regimens = [row["text"] for row in load()]
    eligibility = "\n".join(documents)[:12_000]  # a record carries much text no regimen is in

    def vary(text: str) -> str:
        return re.sub(r"\d+", lambda m: str(max(1, int(m.group()) + rng.randint(-3, 30))) if len(m.group()) < 6 else m.group(), text)

    written, count = 0, 0
    with path.open("w", encoding="utf-8") as out:
        while written < megabytes * 1_000_000:
            arms = [{"label": f"Arm {i}", "description": vary(rng.choice(regimens))} for i in range(3)]
            study = {"protocolSection": {
                "identificationModule": {"nctId": f"NCT{10_000_000 + count:08d}"},
                "descriptionModule": {"detailedDescription": vary(rng.choice(documents))[:2500]},
                "armsInterventionsModule": {
                    "armGroups": arms,
                    "interventions": [{"name": "Drug", "description": vary(rng.choice(regimens)), "armGroupLabels": ["Arm 0"]}],
                },
                "eligibilityModule": {"eligibilityCriteria": vary(eligibility)},
            }}
            line = json.dumps(study, ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))
            count += 1
    return count


def _stream_one(path: str) -> None:
    """In a child process: stream ``path`` through regimen.ctgov, reporting memory."""
    from regimen.ctgov import read_studies, study_mentions

    total = os.path.getsize(path)

    class Counting:
        def __init__(self, stream):
            self.stream, self.read, self.name = stream, 0, path

        def readline(self):
            line = self.stream.readline()
            self.read += len(line.encode("utf-8"))
            return line

        def read(self):
            return self.stream.read()

        def __iter__(self):
            for line in self.stream:
                self.read += len(line.encode("utf-8"))
                yield line

    marks, mentions, start = [], 0, time.perf_counter()
    with open(path, encoding="utf-8") as raw:
        stream = Counting(raw)
        tenth = 1
        for study in read_studies(stream):
            mentions += sum(1 for _ in study_mentions(study))
            if stream.read >= total * tenth / 10:
                marks.append({"fraction": tenth / 10, "rss_mb": _status("VmRSS"), "seconds": time.perf_counter() - start})
                tenth += 1
    print(json.dumps({"marks": marks, "peak_mb": _status("VmHWM"), "mentions": mentions, "bytes": total}))


def _status(key: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"{key} not in /proc/self/status")


def streaming(megabytes: int) -> dict:
    WORK.mkdir(exist_ok=True)
    path = WORK / f"studies-{megabytes}mb.jsonl"
    if not path.exists() or path.stat().st_size < megabytes * 1_000_000:
        print(f"writing {path} ...", flush=True)
        make_stream(path, megabytes)
    out = subprocess.run([sys.executable, __file__, "--stream", str(path)], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["path"] = str(path.relative_to(ROOT))
    return result


def _cached(name: str, measure, skip: bool):
    """Measure and keep the result in .bench/, or, skipping, read the last one (None if there is none)."""
    path = WORK / f"{name}.json"
    if skip:
        return json.loads(path.read_text()) if path.exists() else None
    result = measure()
    WORK.mkdir(exist_ok=True)
    path.write_text(json.dumps(result))
    return result


def report(rows: list[dict] | None, stream: dict | None) -> str:
    lines = [
        "# Bounded cost",
        "",
        f"Command: `make cost` (benchmarks/cost.py). Date: {time.strftime('%Y-%m-%d')}. "
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}.",
        "",
        "## Time per character (each size in a fresh process)",
        "",
        "The same 100 KB of content at each size: as ~1 KB inputs, as one input, repeated to one 10 MB input. "
        "Collector *on*: as a caller runs it (the library pauses it while it reads one text of 20 000 characters "
        "or more, `regimen.api.PAUSE_COLLECTOR_FROM`, and it walks the new result once when it resumes); "
        "*off*: off for the whole process, which shows what is left apart from the collector (cache effects).",
        "",
        "| entry point | garbage collector | " + " | ".join(SIZES) + " | largest ÷ smallest | target |",
        "|---|---|" + "---|" * (len(SIZES) + 2),
    ]
    for kind, collector in KINDS if rows else ():
        mine = [r for r in rows if r["kind"] == kind and r.get("gc", "on") == collector]
        costs = [r["us_per_char"] for r in mine]
        spread = max(costs) / min(costs)
        target = f"≤ 1.5× {'met' if spread <= 1.5 else 'NOT met'}" if collector == "on" else "(diagnostic)"
        lines.append(f"| {kind} | {collector} | " + " | ".join(f"{c:.2f} µs" for c in costs) + f" | {spread:.2f}× | {target} |")
    if stream is not None:
        marks = stream["marks"]
        lines += [
            "",
            f"## Memory streaming {stream['bytes'] / 1e9:.2f} GB of trial records (`{stream['path']}`)",
            "",
            f"{stream['mentions']:,} mentions found; peak resident size {stream['peak_mb']:.0f} MB.",
            "",
            "| file read | resident MB | elapsed s |",
            "|---|---|---|",
        ] + [f"| {m['fraction']:.0%} | {m['rss_mb']:.0f} | {m['seconds']:.0f} |" for m in marks]
        if len(marks) >= 2:
            lines += ["", f"Growth from the first tenth to the end: {marks[-1]['rss_mb'] - marks[0]['rss_mb']:+.0f} MB."]
    return "\n".join(lines) + "\n"


def main() -> int:
    if sys.argv[1:2] == ["--time"]:
        _time_one(sys.argv[2], int(sys.argv[3]))
        return 0
    if sys.argv[1:2] == ["--stream"]:
        _stream_one(sys.argv[2])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stream-mb", type=int, default=1024)
    parser.add_argument("--skip-time", action="store_true", help="report the last per-character run")
    parser.add_argument("--skip-stream", action="store_true", help="report the last streaming run")
    args = parser.parse_args()
    rows = _cached("time", per_character, args.skip_time)
    stream = _cached("stream", lambda: streaming(args.stream_mb), args.skip_stream)
    text = report(rows, stream)
    (ROOT / "benchmarks" / "COST.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
