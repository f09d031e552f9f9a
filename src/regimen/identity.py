"""Drug identity: which drug a component's ``agent`` names, on demand.

``agent`` stays as written (the gold contract: no expansion); a
:class:`Drug` says what it means, where the vocabulary knows:

* a named regimen of ``regimens.txt`` (``FOLFOX``, ``xelox``) is a drug
  ``named_as`` ``regimen``, its ``parts`` the drugs ``data/regimen_drugs.txt``
  lists for it (``leucovorin``, ``fluorouracil``, ``oxaliplatin``);
* any other spelling of the drug lexicon (:mod:`regimen.drugs`) is its
  generic (canonical) name with the identifiers the lexicon carries
  (DrugBank, MeSH, MedlinePlus), ``named_as`` the generic, a brand (as the
  lexicon marks it), an abbreviation or a synonym (:func:`naming`);
* an agent of ``agents.txt`` that is no regimen (``S-1``) is looked up by
  its spellings there (``tegafur/gimeracil/oteracil``);
* a modality (radiotherapy, surgery) and an unknown name are no drug: ``None``.

Nothing here runs while parsing: ``Component.drug`` asks on first use, and the
answer is cached per agent name (and alias).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from regimen import drugs
from regimen.errors import RegimenSchemaError
from regimen.vocab import lexicon, radiation, regimens

__all__ = ["Drug", "Naming", "check_stated", "drug_of", "naming", "regimen_parts"]


class Naming(StrEnum):
    """How the text named a drug."""

    GENERIC = "generic"
    BRAND = "brand"
    ABBREVIATION = "abbreviation"
    SYNONYM = "synonym"
    REGIMEN = "regimen"


@dataclass(frozen=True, slots=True, kw_only=True)
class Drug:
    """A drug (or a named regimen of drugs) and how the text named it.

    ``generic`` is the drug lexicon's canonical name (lower case), or a
    regimen's display name (``FOLFOX``); ``ids`` are ``(system, code)`` pairs
    (systems ``drugbank``, ``mesh``, ``medlineplus``), in that order; ``parts``
    are a regimen's drugs, named by their generic names.
    """

    generic: str
    named_as: Naming
    ids: tuple[tuple[str, str], ...] = ()
    parts: tuple[Drug, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.generic, str) or not self.generic.strip():
            raise ValueError(f"a drug needs a generic name, got {self.generic!r}")
        if not isinstance(self.named_as, Naming):
            raise ValueError(f"named_as is one of {', '.join(Naming)}, got {self.named_as!r}")
        for pair in self.ids:
            if not (isinstance(pair, tuple) and len(pair) == 2 and all(isinstance(p, str) and p for p in pair)):
                raise ValueError(f"an identifier is a (system, code) pair of names, got {pair!r}")
        if self.parts and self.named_as is not Naming.REGIMEN:
            raise ValueError(f"only a regimen has parts, not a {self.named_as} name")

    def code(self, system: str) -> str | None:
        """This drug's code in ``system`` (``"drugbank"``, ``"mesh"`` ...), if the lexicon has one."""
        return next((code for name, code in self.ids if name == system), None)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (``$defs/drug`` of the schema): ``generic``,
        ``named_as``, ``ids`` as ``{"system", "code"}`` objects, ``parts``
        for a regimen."""
        out: dict[str, Any] = {
            "generic": self.generic, "named_as": self.named_as.value,
            "ids": [{"system": system, "code": code} for system, code in self.ids],
        }
        if self.parts:
            out["parts"] = [part.to_dict() for part in self.parts]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Drug:
        """The inverse of :meth:`to_dict` (the schema has checked the shape)."""
        return cls(
            generic=data["generic"], named_as=Naming(data["named_as"]),
            ids=tuple((pair["system"], pair["code"]) for pair in data.get("ids", ())),
            parts=tuple(cls.from_dict(part) for part in data.get("parts", ())),
        )


@lru_cache(maxsize=4096)  # agents repeat across a job
def drug_of(agent: str | None, alias: str | None = None) -> Drug | None:
    """The drug ``agent`` (as written) names, or ``None`` where neither
    ``agents.txt`` nor the drug lexicon knows it as a drug.  An agent they do
    not know at all is identified by its ``alias``, the other name in its
    bracket (``MK-3475 (pembrolizumab)``); ``named_as`` still judges the agent."""
    found = _named(agent, agent)
    if found is None and alias is not None and agent is not None and not _is_name(agent):
        found = _named(alias, agent)
    return found


def _is_name(agent: str) -> bool:
    """Is ``agent`` a name of ``agents.txt`` (a modality such as
    chemoradiotherapy is no drug, whatever its bracket names)?"""
    entry = lexicon().lookup(agent)
    return entry is not None and entry.terminal == "NAME"


def _named(name: str | None, written: str | None) -> Drug | None:
    """The drug ``name`` is, judged as ``written``: a regimen of
    ``regimens.txt``, an agent of ``agents.txt`` by any of its spellings the
    lexicon knows, or a spelling of the lexicon; never a radiation modality."""
    if name is None or written is None or not name.strip():
        return None
    entry = lexicon().lookup(name)
    if entry is not None and entry.terminal == "NAME":
        if entry.value in radiation():
            return None
        if entry.value in regimens():
            parts = tuple(_generic(part) for part in regimen_parts().get(entry.value, ()))
            return Drug(generic=entry.display, named_as=Naming.REGIMEN, parts=parts)
        for spelling in [name, *lexicon().spellings("NAME", entry.value)]:
            found = _lexicon_drug(spelling, written)
            if found is not None:
                return found
        return None
    return _lexicon_drug(name, written)


def _lexicon_drug(spelling: str, written: str) -> Drug | None:
    found = drugs.identity(spelling)
    if found is None:
        return None
    generic, ids, brand = found
    return Drug(generic=generic, named_as=naming(written, generic, brand), ids=ids)


def _generic(name: str) -> Drug:
    drug = _lexicon_drug(name, name)
    if drug is None or drug.generic != name:
        raise ValueError(f"regimen_drugs.txt: {name!r} is not a generic name of the drug lexicon")
    return drug


def naming(written: str, generic: str, brand: bool = False) -> Naming:
    """How ``written`` names the drug whose generic name is ``generic``: the
    generic itself (any case, spacing or hyphen); a brand where the lexicon
    marks it so; an abbreviation if it is one word of at most four letters,
    digits and hyphens aside (``5-FU``, ``CDDP``, ``ara-C``, ``IL-2``); else a
    synonym (``folinic acid``; brands the lexicon does not mark, such as
    ``Keytruda``, are synonyms too)."""
    spelling = drugs.key(written)
    if spelling == drugs.key(generic):
        return Naming.GENERIC
    if brand:
        return Naming.BRAND
    if " " not in spelling and sum(ch.isalpha() for ch in spelling) <= 4:
        return Naming.ABBREVIATION
    return Naming.SYNONYM


def check_stated(data: dict[str, Any], agent: str | None, alias: str | None = None) -> None:
    """A document's ``drug`` (``Component.from_dict``) must be what this
    library reads ``agent`` as: ``drug`` is derived from ``agent``, so one that
    is not (another lexicon's, or edited) is refused, never silently replaced."""
    try:
        stated = Drug.from_dict(data)
    except (ValueError, KeyError, TypeError) as exc:
        raise RegimenSchemaError(f"drug: {exc}") from None
    derived = drug_of(agent, alias)
    if stated != derived:
        reading = "no known drug" if derived is None else f"{derived.generic!r} ({derived.named_as})"
        raise RegimenSchemaError(
            f"drug: the document gives {stated.generic!r} ({stated.named_as}) for agent {agent!r}, "
            f"but this library reads it as {reading}; drug is derived from agent"
        )


@cache
def regimen_parts() -> dict[str, tuple[str, ...]]:
    """``data/regimen_drugs.txt``: a regimen's value → its drugs' generic names."""
    text = (resources.files("regimen.data") / "regimen_drugs.txt").read_text(encoding="utf-8")
    known = regimens()
    parts: dict[str, tuple[str, ...]] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        value, colon, names = line.partition(":")
        drugs_named = tuple(name.strip() for name in names.split("+"))
        if not colon or value.strip() not in known or not all(drugs_named):
            raise ValueError(
                f"regimen_drugs.txt:{number}: expected 'regimen: generic + generic ...' "
                f"naming a regimen of regimens.txt, got {line!r}"
            )
        parts[value.strip()] = drugs_named
    return parts
