"""Checks across fields of one component that no single rule can make.

A dose unit is read where it is written, so ``cisplatin 50 Gy`` and
``radiotherapy 50 mg`` parse.  Neither is a dose a patient can get: Gy
measures absorbed radiation, mg an amount of a drug.  They are kept as
written (the text may be a typo for something we cannot know) and flagged
with a warning, never passed on silently.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from regimen import drugs
from regimen.model import Component
from regimen.vocab import lexicon, radiation

__all__ = ["check"]


def check(component: Component) -> Component:
    """``component``, with a warning for each implausible pairing found."""
    kind = _kind(component.agent) if component.agent and not component.agent_derived else None
    found = []
    if kind == "drug" and component.fractions is not None:
        found.append(f"a radiation dose (Gy) for the drug {component.agent!r}: Gy measures radiation, check the text")
    if kind == "radiation" and component.dose is not None and component.dose.unit != "Gy":
        found.append(
            f"a drug dose ({component.dose.unit}) for {component.agent!r}, which delivers radiation in Gy: check the text"
        )
    return replace(component, warnings=component.warnings + tuple(found)) if found else component


@lru_cache(maxsize=4096)  # agents repeat across a job; the lookup tokenises
def _kind(agent: str) -> str | None:
    entry = lexicon().lookup(agent)
    if entry is not None and entry.terminal == "NAME":
        return "radiation" if entry.value in radiation() else None
    return "drug" if drugs.is_drug(agent) else None
