"""`make demo` runs regimen.demo over the bundled corpus: each input beside its reading, in 100 columns."""

import json
import re
import unicodedata
from pathlib import Path

from corpus import load
from regimen.demo import WIDTH, main

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _columns(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def test_demo_reads_every_corpus_string_in_100_columns(capsys):
    assert main([str(CORPUS)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["id", "input", "reading"]
    assert max(_columns(line) for line in lines) <= WIDTH
    cases = load()  # the gold readings: tests/test_corpus.py checks that the parser gives exactly these
    components = [c for case in cases for c in case["components"]]
    whole, part = (int(n) for n in re.match(r"\d+ strings: (\d+) read whole, (\d+) in part, 0 failed$", lines[-2]).groups())
    assert whole + part == len(cases) and part < len(cases) / 10
    assert lines[-1].startswith(f"{len(components)} components, ")
    shown_ids = {line.split()[0] for line in lines[1:-3] if line[:1].strip()}
    assert shown_ids == {case["id"] for case in cases}


def test_demo_marks_partial_and_failed_readings(tmp_path, capsys):
    rows = [
        {"id": "ok", "text": "Vinorelbine 25 mg/m2 IV D1, 8 q21d"},
        {"id": "part", "text": "Vinorelbine 25 mg/m2 IV D1 then 5 @@ 7"},
        {"id": "bad", "text": "nothing to read here"},
    ]
    (tmp_path / "mine.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    assert main([str(tmp_path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    marks = {line.split()[0]: line.split()[1] for line in lines[1:4]}
    assert marks == {"ok": "✓", "part": "~", "bad": "✗"}
    assert "vinorelbine 25 mg/m² IV, D1, 8, q21d" in lines[1]
    assert "error: no regimen in the text at position 0" in "\n".join(lines)
    assert lines[-2:] == [
        "3 strings: 1 read whole, 1 in part, 1 failed",
        "2 components, 1 distinct agents, 1 with text kept unresolved",
    ]
