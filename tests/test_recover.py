"""Recovery resumes from a checkpoint; it must end where starting over ends.

A recovering parse (regimen.extract) gives up on lexemes and parses on from
the checkpoint the LALR loop saved before the first lexeme that changed.
Starting each round from the first lexeme is the plain, slow definition of
the same thing: on corpus strings broken in many ways, both give the same
components, spans, unresolved text and warnings.
"""

from __future__ import annotations

import random

import pytest

from regimen import RegimenParseError
from regimen.api import _parse
from regimen.lexer import Source
from regimen.preprocess import tokenize
from tests.corpus import load

_NOISE = ["q0w", "0 mg", "(", ")", "x", "Gy", "AUC", "d0", "or", "then", ";", "-5", "mg/m2", "cycles", "2.5 cycles", "×"]


def _broken() -> list[str]:
    rng = random.Random(7)
    texts = [row["text"] for row in load()]
    out = []
    for text in texts:
        words = text.split()
        for _ in range(3):
            mutated = list(words)
            for _ in range(rng.randint(1, 5)):
                mutated.insert(rng.randrange(len(mutated) + 1), rng.choice(_NOISE))
            out.append(" ".join(mutated))
    return out


def _outcome(text: str, resume: bool):
    try:
        regimen = _parse(Source(text, tokenize(text)), recover=True, resume=resume)
    except RegimenParseError as exc:
        return ("error", str(exc))
    return regimen.to_dict(), [c.spans for c in regimen.components], regimen.warnings


@pytest.mark.parametrize("chunk", range(4))
def test_resuming_ends_where_starting_over_ends(chunk):
    texts = _broken()[chunk::4]
    recovered = 0
    for text in texts:
        resumed = _outcome(text, resume=True)
        assert resumed == _outcome(text, resume=False), text
        recovered += resumed[0] != "error" and any(c.get("unresolved") for c in resumed[0]["components"])
    assert recovered > 20  # the noise was given up on, not just parsed
