"""Partners named in brackets: ``X 1,000 mg daily (in combination with Y 5 mg bid)``.

A bracket that opens with a word of combination (``in combination with``,
``with``, ``plus``, ``and``, ``together with``; data/words.txt's separators)
and names an agent in each of its parts lists drugs given *alongside* the
part before it, not the parts of that part (GOLD_SCHEMA: a string with
several agents has several components; a regimen's spelled-out parts are
written without such a word: ``CapeOX (A ...; B ...)``).  Each such part
becomes a component of its own, right after the part it was written in, in
the same phase; it inherits nothing from it, and the part keeps its own
dose and schedule.
"""

from __future__ import annotations

import re
from dataclasses import replace

from regimen.facts import Draft

__all__ = ["partner_brackets"]

#: What opens a bracket of partners, as written between ``(`` and the first name.
_JOINS = re.compile(
    r"\s*(?:in\s+combination\s+with|combined\s+with|together\s+with|along\s+with|given\s+with|with|plus|and|\+)\s*",
    re.IGNORECASE,
)


def partner_brackets(drafts: list[Draft], text: str) -> list[Draft]:
    """The drafts with each bracket of partners taken out of the part that
    holds it and set after that part (see the module's docstring)."""
    out: list[Draft] = []
    for draft in drafts:
        partners = [f for f in draft.facts if f.kind == "paren" and _lists_partners(f, text)]
        if not partners:
            out.append(draft)
            continue
        kept = [f for f in draft.facts if not any(f is p for p in partners)]
        out.append(replace(draft, facts=kept))
        for fact in partners:
            out.extend(replace(part, phase=draft.phase + part.phase, juxtaposed=False) for part in fact.value)
    return out


def _lists_partners(fact, text: str) -> bool:
    inner: list[Draft] = fact.value
    if not inner or any(part.agent is None for part in inner):
        return False
    opening = text[fact.span.start + 1 : inner[0].span.start]
    return _JOINS.fullmatch(opening) is not None
