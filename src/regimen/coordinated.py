"""Names joined by ``and`` share what the last of them states.

``followed by doxorubicin and cyclophosphamide IV every 21 days for 4
cycles``, ``methotrexate and fluorouracil are given on day 1``: drugs named
one after another with only ``and``, ``&``, ``+``, ``plus`` or a comma
between, the earlier ones stating nothing, are given as the last one says,
when the last one states no dose of its own (GOLD_SCHEMA: a schedule stated
once for a combination reaches every component it covers).  When the last
one states a dose (``pembrolizumab and lenvatinib 20 mg orally daily``),
what follows that dose is its own, and the bare names stay bare.  Radiation
is never given a drug's schedule."""

from __future__ import annotations

import re
from dataclasses import replace

from regimen.courses import names_radiation
from regimen.model import Component

__all__ = ["bare_drug", "share_coordinated"]

#: What a coordinated name takes from the last one: its administration, not its dose.
_SHARED = ("route", "frequency", "days", "start", "duration", "doses", "cycle", "infusion")
_JOINER = re.compile(r"\s*(?:,\s*)?(?:and|&|\+|plus)?\s*", re.IGNORECASE)


def share_coordinated(group: list[Component], text: str) -> list[Component]:
    """``group`` with each bare name before a dose-less stated one given its administration."""
    out = list(group)
    for i in range(len(out) - 2, -1, -1):
        bare, last = out[i], out[i + 1]
        if bare_drug(bare) and _states_administration(last) and _joined(bare, last, text):
            changes = {name: getattr(last, name) for name in _SHARED}
            spans = tuple((name, span) for name, span in last.spans if name in _SHARED)
            out[i] = replace(bare, **changes, spans=bare.spans + spans)
    return out


def bare_drug(c: Component) -> bool:
    """A drug named and nothing more said of it (radiation is no drug here)."""
    return c.agent is not None and not c.agent_derived and not c.has_fields() and not names_radiation(c.agent)


def _states_administration(c: Component) -> bool:
    return (
        c.agent is not None and not c.alternative and c.dose is None and c.max_dose is None
        and c.fractions is None and not names_radiation(c.agent)
        and any(getattr(c, name) is not None for name in _SHARED)
    )


def _joined(bare: Component, last: Component, text: str) -> bool:
    """Only a joining word or comma between the two names."""
    first, second = bare.span("agent"), last.span("agent")
    if first is None or second is None or second.start < first.end:
        return False
    between = text[first.end : second.start]
    return _JOINER.fullmatch(between) is not None and bool(between.strip())
