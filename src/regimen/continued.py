"""Parts that go on describing the one drug of a text.

A drug label states a dose, then, after ``;`` and with no name, how it is
given: ``X 35 mg/m2 (...); administer orally twice per day ... on days 1-5
and days 8-12; repeated every 28 days``.  In a text that names one agent
only, a later part after ``;`` or a full stop and a verb (``administer``,
``repeated``) that names none, states no dose, and is neither an
alternative (``or``) nor a later phase (``then``) continues that agent's
part: its route, frequency, days and cycle are the agent's (GOLD_SCHEMA:
one administration of one agent is one component).  A text naming several
agents shares such parts by :mod:`regimen.combine`'s rules instead, and
radiotherapy's parts are read by :mod:`regimen.courses`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from regimen.courses import names_radiation
from regimen.facts import Draft
from regimen.radiotherapy import GY_KINDS

__all__ = ["continue_parts"]

#: What separates a continuing part: a semicolon or a sentence's end, then a verb that
#: says how (``; administer orally``, ``; repeated every 28 days``); not a word of
#: combination (``A + PO``), nor a bare next part (``A; D1``: the canonical text's
#: agentless component, which must read back as one).
_SENTENCE = re.compile(r"(?:[;；]|\.(?:\s|$))\s*[^\W\d_]{3,}")

#: What a continuing part states: how the agent's dose is given.
_HOW = frozenset({
    "route", "frequency", "days", "weeks", "interval", "cycle_length", "cycle_count", "cycle_word", "in_cycle", "measure", "times",
    "dose_count", "pause",
})


def continue_parts(drafts: list[Draft], text: str) -> list[Draft]:
    """``drafts`` with each continuing part (module docstring) joined to the
    one named part before it."""
    named = [i for i, d in enumerate(drafts) if d.agent is not None]
    if len(named) != 1 or names_radiation(drafts[named[0]].agent) or _states_gy(drafts):
        return drafts
    head = named[0]
    out = drafts[: head + 1]
    for draft in drafts[head + 1 :]:
        if _continues(draft, out[head]) and _SENTENCE.search(text[out[-1].span.end : draft.span.start]):
            out[head] = replace(out[head], facts=out[head].facts + draft.facts)
        else:
            out.append(draft)
    return out


def _states_gy(drafts: list[Draft]) -> bool:
    """A radiotherapy course (:mod:`regimen.courses` reads its parts)."""
    return any(f.kind in GY_KINDS for d in drafts for f in d.facts)


def _continues(draft: Draft, head: Draft) -> bool:
    """Does ``draft`` add to ``head`` only what it leaves unsaid (``A 10 mg
    D8; D1 of later cycles`` states days again: a part of its own)?"""
    kinds = {f.kind for f in draft.facts}
    return (
        draft.agent is None and not draft.juxtaposed and not draft.alternative and draft.phase == head.phase
        and "dose" not in kinds and bool(kinds & _HOW) and not kinds & _HOW & {f.kind for f in head.facts}
    )
