"""Every corpus line is a case: the parse matches its gold annotation."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from corpus import CORPUS, load, mismatches
from regimen import parse_regimen
from regimen.courses import reported_agent

ROWS = load()
SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_parse_matches_gold(row):
    regimen = parse_regimen(row["text"])
    assert mismatches([c.to_dict() for c in regimen.components], row["components"]) == []


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_canonical_text_parses_back(row):
    regimen = parse_regimen(row["text"])
    canonical = str(regimen)
    again = parse_regimen(canonical)
    assert again == regimen
    assert str(again) == canonical


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_json_round_trip(row):
    regimen = parse_regimen(row["text"])
    data = json.loads(json.dumps(regimen.to_dict()))
    assert type(regimen).from_dict(data) == regimen


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_spans_point_into_the_text(row):
    text = row["text"]
    for component in parse_regimen(text).components:
        for name, span in component.spans:
            assert 0 <= span.start < span.end <= len(text), (name, span)
        if component.agent and not component.agent_derived:
            agent = component.span("agent")
            written = " ".join(text[agent.start : agent.end].lower().split())
            assert reported_agent(written) == component.agent  # as written; irradiation reads radiotherapy


def test_every_line_says_where_its_form_comes_from():
    assert all(row.get("source", "").strip() for row in ROWS)


def test_ids_are_unique():
    ids = [row["id"] for row in ROWS]
    assert len(ids) == len(set(ids))


def test_corpus_has_150_lines_beyond_the_seeds():
    seeds = {row["text"] for row in load("seed_regimens.jsonl")}
    assert len([row for row in ROWS if row["where"].split(":")[0] != "seed_regimens.jsonl"]) >= 150
    assert seeds


@pytest.mark.skipif(not (SHARED / "tools" / "score.py").exists(), reason="shared/ is not beside the repository")
def test_shared_score_tool(tmp_path):
    def score(gold: Path) -> str:
        out = subprocess.run(
            [sys.executable, str(SHARED / "tools" / "score.py"), str(gold)], capture_output=True, text=True, check=True
        )
        return out.stdout.strip().splitlines()[-1]

    assert score(CORPUS / "seed_regimens.jsonl").startswith("f1=1.000 precision=1.000 recall=1.000 exact=1.000")
    everything = tmp_path / "all.jsonl"
    everything.write_text("".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.jsonl"))))
    f1 = float(score(everything).split()[0].removeprefix("f1="))
    assert f1 >= 0.98
