"""`make demo` runs regimen.demo over the bundled corpus."""

from pathlib import Path

from corpus import load
from regimen.demo import main

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def test_demo_parses_every_corpus_string(capsys):
    assert main([str(CORPUS)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:3] == ["id", "agent", "dose"]
    count = len(load())
    assert out.rstrip().endswith(f"{count} strings, {count} parsed, 0 failed")
