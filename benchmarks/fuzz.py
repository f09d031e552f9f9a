"""The long fuzzing campaign: ``make fuzz`` (writes benchmarks/FUZZ.md).

Coverage-guided, with atheris (libFuzzer for Python), over the library's
own code: each input goes through ``parse_regimen``, ``parse_dose``,
``extract`` and the accounting check, or, if its first byte says so, through
``Regimen.from_dict`` as JSON (tests/property/fuzz.py: ``check_text``,
``check_dict``).  Anything but a result or a ``RegimenError`` is a crash that
libFuzzer saves (``crash-*`` files in .fuzz/); an input that runs longer than
``--timeout`` seconds is a hang.  The seed corpus is every corpus string and
document, so mutations start from real text.  Bytes that are not UTF-8 decode
with ``surrogateescape``: lone surrogates reach the library too.

    python benchmarks/fuzz.py [--runs N] [--jobs J] [--timeout S]
    python benchmarks/fuzz.py --report     # summarise .fuzz/ of a campaign cut short
    python benchmarks/fuzz.py --replay     # run what the campaign kept on the code as it is now

Without atheris, the same checks run on ``--runs`` hypothesis inputs.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import platform
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".fuzz"
sys.path.insert(0, str(ROOT))

_MAX_LEN = 1024  # bytes an input may grow to (the hypothesis suite covers 100 000-character inputs)


#: Modules run but not instrumented: the three hot loops, whose branches say
#: little about the input the rest of the library does not (the LALR loop
#: reads a table, the lexer's matching walks the vocabulary, ``names`` merges
#: words).  Instrumenting them cost 1.75x in inputs per second.
_UNINSTRUMENTED = ("regimen.lalr", "regimen.lexer", "regimen.names")


def one_input(data: bytes) -> None:
    from tests.property.fuzz import check_bytes

    check_bytes(data)


def _seed(directory: Path) -> int:
    from regimen import parse_regimen
    from tests.corpus import load

    directory.mkdir(parents=True, exist_ok=True)
    seeds = [row["text"] for row in load()]
    for path in sorted((ROOT / "corpus" / "documents").glob("*/*.txt")):  # paragraphs: inputs stay under max_len
        seeds += [p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip() and len(p) <= _MAX_LEN]
    for i, text in enumerate(seeds):
        (directory / f"text-{i:04d}").write_bytes(text.encode("utf-8"))
    for i, row in enumerate(load()[::5]):
        data = json.dumps(parse_regimen(row["text"]).to_dict(), ensure_ascii=False)
        (directory / f"dict-{i:04d}").write_bytes(data.encode("utf-8"))
    return len(list(directory.iterdir()))


def _worker() -> None:
    """The process libFuzzer runs (``--worker`` plus libFuzzer's own flags)."""
    import atheris

    for name in ("lark", "pint", "spacy"):  # imported uninstrumented: only our code is
        importlib.import_module(name)
    with atheris.instrument_imports(include=["regimen"], exclude=list(_UNINSTRUMENTED)):  # the library, not the checks
        for name in ("regimen.api", "regimen.extract", "regimen.serialize", "regimen.accounting"):
            importlib.import_module(name)
    importlib.import_module("tests.property.fuzz")
    one_input(b"Capecitabine 825 mg/m2 bid d1-14")  # build the parser before the clock starts
    argv = [sys.argv[0]] + [a for a in sys.argv[1:] if a != "--worker"]
    atheris.Setup(argv, one_input)
    atheris.Fuzz()


def _job(job: int, runs: int, corpus: Path, seeds: Path, timeout: int, counts: list[int]) -> None:
    """One libFuzzer process after another until ``runs`` inputs ran: libFuzzer
    stops at a crash, and the campaign goes on past it (the crash is saved)."""
    for attempt in range(100):
        remaining = runs - counts[job]
        if remaining <= 0:
            return
        log = WORK / f"fuzz-{job}-{attempt}.log"
        command = [
            sys.executable, str(Path(__file__).resolve()), "--worker", str(corpus), str(seeds),
            f"-runs={remaining}", f"-seed={job * 1000 + attempt + 1}", f"-timeout={timeout}", f"-max_len={_MAX_LEN}",
            "-rss_limit_mb=4096", "-print_final_stats=1", f"-artifact_prefix={WORK}/",
        ]
        with log.open("w") as out:
            subprocess.run(command, cwd=WORK, stdout=out, stderr=subprocess.STDOUT, check=False)
        counts[job] += _executed(log.read_text(errors="replace"))


def campaign(runs: int, jobs: int, timeout: int) -> dict:
    seeds = WORK / "seeds"
    count = _seed(seeds)
    corpus = WORK / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for log in WORK.glob("fuzz-*.log"):
        log.unlink()
    per_job = -(-runs // jobs)
    commit = _commit()  # the code under test: the report names it
    start = time.perf_counter()
    counts = [0] * jobs
    threads = [threading.Thread(target=_job, args=(job, per_job, corpus, seeds, timeout, counts)) for job in range(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result = summary(time.perf_counter() - start, jobs, count, timeout)
    result["inputs"] = sum(counts)
    result["commit"] = commit
    return result


def _commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True)
        dirty = subprocess.run(["git", "status", "--porcelain", "src"], cwd=ROOT, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head.stdout.strip() + (" with uncommitted changes to src/" if dirty.stdout.strip() else "")


def _executed(text: str) -> int:
    finished = re.findall(r"Done (\d+) runs", text)
    progress = [int(n) for n in re.findall(r"^#(\d+)\s", text, re.MULTILINE)]
    return int(finished[-1]) if finished else max(progress, default=0)


def summary(elapsed: float, jobs: int, seeds: int, timeout: int) -> dict:
    """The campaign as its libFuzzer logs and artifacts in .fuzz/ record it."""
    done, coverage, features = 0, 0, 0
    for log in sorted(WORK.glob("fuzz-*.log")):
        text = log.read_text(errors="replace")
        done += _executed(text)
        coverage = max([coverage] + [int(n) for n in re.findall(r"cov: (\d+)", text)])
        features = max([features] + [int(n) for n in re.findall(r"ft: (\d+)", text)])
    crashes = sorted(p.name for p in WORK.iterdir() if p.name.startswith(("crash-", "timeout-", "oom-")))
    return {
        "engine": "atheris (libFuzzer)", "inputs": done, "seconds": elapsed, "jobs": jobs, "seeds": seeds,
        "coverage_edges": coverage, "features": features, "crashes": crashes, "timeout_s": timeout,
    }


def hypothesis_campaign(runs: int) -> dict:
    from hypothesis import HealthCheck, given, settings

    from tests.property.fuzz import check_dict, check_text, dicts, texts

    start = time.perf_counter()
    failures: list[str] = []
    for strategy, check, share in ((texts(), check_text, 0.8), (dicts(), check_dict, 0.2)):
        @settings(max_examples=int(runs * share), deadline=None, database=None, suppress_health_check=list(HealthCheck))
        @given(strategy)
        def run(value):
            check(value)

        try:
            run()
        except Exception as exc:  # noqa: BLE001: a failure is the finding, reported below
            failures.append(f"{type(exc).__name__}: {exc}"[:500])
    return {"engine": "hypothesis", "inputs": runs, "seconds": time.perf_counter() - start, "crashes": failures}


def _replay(name: str) -> str:
    """What a saved crash input does now: ``passes`` once its cause is fixed."""
    path = WORK / name
    if not path.exists():  # the hypothesis engine names failures, it saves no input
        return name
    try:
        one_input(path.read_bytes())
    except Exception as exc:  # noqa: BLE001: reporting what still fails is the point
        return f"still fails: {type(exc).__name__}: {str(exc)[:160]}"
    return "passes now"


def replay() -> int:
    """The campaign ran on one commit; work goes on.  Every input it kept
    (the corpus it grew, the seeds, the findings) is run again through the
    same checks on the code as it is now, and the result added to FUZZ.md."""
    paths = sorted(p for d in ("corpus", "seeds") for p in (WORK / d).glob("*"))
    paths += sorted(p for p in WORK.glob("*") if p.name.startswith(("crash-", "timeout-", "oom-")))
    failures = []
    start = time.perf_counter()
    for path in paths:
        try:
            one_input(path.read_bytes())
        except Exception as exc:  # noqa: BLE001: reporting what fails is the point
            failures.append(f"`{path.relative_to(WORK)}`: {type(exc).__name__}: {str(exc)[:160]}")
    seconds = time.perf_counter() - start
    lines = [
        "", "## Replayed on later code", "",
        f"`python benchmarks/fuzz.py --replay` on commit {_commit()}: every input the campaign kept "
        f"({len(paths):,}: the corpus it grew, its seeds and findings) through the same checks, uninstrumented, "
        f"in {seconds:.0f} s: {len(failures)} failed.", "",
    ] + [f"* {line}" for line in failures]
    path = ROOT / "benchmarks" / "FUZZ.md"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    text = text.split("\n## Replayed on later code")[0].rstrip("\n") + "\n"
    path.write_text(text + "\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 1 if failures else 0


def report(result: dict) -> str:
    lines = [
        "# Fuzzing campaign",
        "",
        f"Command: `make fuzz` (benchmarks/fuzz.py). Date: {time.strftime('%Y-%m-%d')}. "
        f"Machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}. "
        f"Code: commit {result.get('commit', 'unknown')}.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| engine | {result['engine']} |",
        f"| inputs run | {result['inputs']:,} |",
        f"| wall time | {result['seconds'] / 60:.1f} min ({result['inputs'] / max(result['seconds'], 1e-9):,.0f} inputs/s) |",
    ]
    if "coverage_edges" in result:
        lines += [
            f"| parallel jobs | {result['jobs']} |",
            f"| seed inputs (corpus strings, documents, to_dict forms) | {result['seeds']} |",
            f"| coverage reached (libFuzzer edges / features) | {result['coverage_edges']:,} / {result['features']:,} |",
            f"| per-input time limit (a hang) | {result['timeout_s']} s |",
            f"| modules run but not instrumented (hot loops) | {', '.join(_UNINSTRUMENTED)} |",
        ]
    lines += [f"| inputs that failed a check (not our error, a hang, or text lost) | {len(result['crashes'])} |", ""]
    if result.get("cut_short"):
        lines += [f"Cut short: {result['inputs']:,} of the {result['cut_short']:,} inputs asked for had run.", ""]
    if result["crashes"]:
        lines += ["Findings (each saved input run again against the code as it is now):", ""]
        lines += [f"* `{name}`: {_replay(name)}" for name in result["crashes"]] + [""]
    return "\n".join(lines)


def main() -> int:
    if "--worker" in sys.argv:
        _worker()
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1_000_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=20)
    parser.add_argument("--report", action="store_true", help="summarise the campaign in .fuzz/ without running")
    parser.add_argument("--replay", action="store_true",
                        help="run every input the campaign kept (.fuzz/) on the code as it is now; add the result to FUZZ.md")
    args = parser.parse_args()
    if args.replay:
        return replay()
    if args.report:
        logs = sorted(WORK.glob("fuzz-*.log"))
        elapsed = max(p.stat().st_mtime for p in logs) - (WORK / "seeds").stat().st_mtime  # seeds: written at the start
        result = summary(elapsed, args.jobs, len(list((WORK / "seeds").iterdir())), args.timeout)
        result["cut_short"] = args.runs
    elif importlib.util.find_spec("atheris") is None:
        print("atheris is not installed: running the campaign on hypothesis", file=sys.stderr)
        result = hypothesis_campaign(args.runs)
    else:
        result = campaign(args.runs, args.jobs, args.timeout)
    text = report(result)
    (ROOT / "benchmarks" / "FUZZ.md").write_text(text + "\n", encoding="utf-8")
    print(text)
    return 1 if result["crashes"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
