"""Drug names: the lexicon of the ``drug-named-entity-recognition`` package.

About 20 000 drugs and 107 000 spellings (DrugBank open data, MeSH,
MedlinePlus, RxNorm, Wikipedia; see the README for licences), read from the
dictionary file the package ships, without importing its code (which opens a
cache file in the home directory).  Loading costs about two seconds, so it
happens once, on first need: a name decision the grammar's own evidence (a
dose or colon after the name, ``agents.txt``) cannot make.

Regimen acronyms and modalities (CapeOX, SCRT) are not in it; they live in
``data/agents.txt``.
"""

from __future__ import annotations

import bz2
import pickle
from functools import cache
from importlib import resources

__all__ = ["drug_names", "is_drug", "canonical"]

_PACKAGE = "drug_named_entity_recognition"
_FILE = "drug_ner_dictionary.pkl.bz2"


@cache
def _dictionary() -> dict[str, list[str]]:
    with resources.files(_PACKAGE).joinpath(_FILE).open("rb") as raw, bz2.open(raw) as unpacked:
        data = pickle.load(unpacked)  # the package's own shipped file, not user input
    return data["drug_variant_to_canonical"]


@cache
def drug_names() -> frozenset[str]:
    """Every known spelling, lower case (``interleukin 2``, ``5-fu``, ``keytruda``)."""
    return frozenset(_dictionary())


def is_drug(name: str) -> bool:
    """Is ``name`` (any case, any spacing) a known drug spelling?"""
    return " ".join(name.lower().split()) in drug_names()


def canonical(name: str) -> str | None:
    """The lexicon's canonical name for a spelling (``keytruda`` → ``pembrolizumab``)."""
    found = _dictionary().get(" ".join(name.lower().split()))
    return found[0] if found else None
