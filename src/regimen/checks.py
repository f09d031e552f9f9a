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


def check(component: Component, text: str | None = None) -> Component:
    """``component``, with a warning for each implausible pairing found."""
    kind = _kind(component.agent) if component.agent and not component.agent_derived else None
    if kind == "drug" and text is not None and _split_dose(component):
        return _fractions_as_text(component, text)
    found = []
    if kind == "drug" and component.fractions is not None:
        found.append(f"a radiation dose (Gy) for the drug {component.agent!r}: Gy measures radiation, check the text")
    if kind == "radiation" and component.dose is not None and component.dose.unit != "Gy":
        found.append(
            f"a drug dose ({component.dose.unit}) for {component.agent!r}, which delivers radiation in Gy: check the text"
        )
    return replace(component, warnings=component.warnings + tuple(found)) if found else component


def _split_dose(component: Component) -> bool:
    """``mitomycin C 35 mg/m2 in three fractions``: a drug's dose given in
    parts counts no radiation fractions (GOLD_SCHEMA: fractions are
    radiotherapy's); with no Gy amount, the count is kept as text."""
    fractions = component.fractions
    return fractions is not None and fractions.dose is None and fractions.total is None and component.span("fractions") is not None


def _fractions_as_text(component: Component, text: str) -> Component:
    span = component.span("fractions")
    words = text[span.start : span.end]
    spans = tuple(("unresolved" if name == "fractions" else name, s) for name, s in component.spans)
    warning = f"a drug's dose in parts, not radiation fractions: {words!r} at position {span.start}"
    return replace(
        component, fractions=None, spans=spans, unresolved=component.unresolved + (" ".join(words.split()),),
        warnings=component.warnings + (warning,),
    )


@lru_cache(maxsize=4096)  # agents repeat across a job; the lookup tokenises
def _kind(agent: str) -> str | None:
    entry = lexicon().lookup(agent)
    if entry is not None and entry.terminal == "NAME":
        return "radiation" if entry.value in radiation() else None
    return "drug" if drugs.is_drug(agent) else None
