"""Drug names: the lexicon of the ``drug-named-entity-recognition`` package.

About 20 000 drugs and 107 000 spellings (DrugBank open data, MeSH,
MedlinePlus, RxNorm, Wikipedia; see the README for licences), read from the
dictionary file the package ships, without importing its code (which opens a
cache file in the home directory), in a child process that sends back only
the names (unpickling the full records would reserve ~400 MB for good).
Loading costs about two seconds, so it happens once, on first need: a name decision the grammar's own evidence (a
dose or colon after the name, ``agents.txt``) cannot make.

Regimen acronyms and modalities (CapeOX, SCRT) are not in it; they live in
``data/agents.txt``.
"""

from __future__ import annotations

import bz2
import importlib.util
import pickle
import subprocess
import sys
import warnings
from functools import cache
from pathlib import Path

__all__ = ["drug_names", "is_drug", "canonical", "key"]

_PACKAGE = "drug_named_entity_recognition"
_FILE = "drug_ner_dictionary.pkl.bz2"


#: Run in a child process: unpickling the package's full records reserves
#: about 400 MB that a process never gives back; the child sends only names.
_CHILD = """
import bz2, pickle, sys
with bz2.open(sys.argv[1]) as unpacked:
    data = pickle.load(unpacked)
out = sys.stdout
for name, canonical in data["drug_variant_to_canonical"].items():
    out.write(name.replace("\\t", " ").replace("\\n", " ") + "\\t" + (canonical[0] if canonical else name) + "\\n")
"""


def _path() -> Path:
    """The shipped dictionary file, found without importing the package
    (its ``__init__`` unpickles the whole dictionary at import)."""
    spec = importlib.util.find_spec(_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"{_PACKAGE} is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / _FILE


@cache
def _dictionary() -> dict[str, str]:
    path = _path()
    names: dict[str, str] = {}
    try:
        with subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(path)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, encoding="utf-8",
        ) as child:
            for line in child.stdout:  # streamed: never the whole output at once
                name, _, canonical = line.rstrip("\n").partition("\t")
                names[name] = canonical
        if child.returncode == 0:
            return names
    except OSError:
        pass
    warnings.warn(
        "regimen: the drug lexicon is loaded in this process (no child process could read it); "
        "this holds about 400 MB for the life of the process",
        RuntimeWarning,
        stacklevel=2,
    )
    return _load_here(path)  # no child processes here: load in this one


def _load_here(path) -> dict[str, str]:
    with bz2.open(path) as unpacked:
        data = pickle.load(unpacked)  # the package's own shipped file, not user input
    return {name: (found[0] if found else name) for name, found in data["drug_variant_to_canonical"].items()}


@cache
def drug_names() -> frozenset[str]:
    """Every known spelling, lower case (``interleukin 2``, ``5-fu``, ``keytruda``)."""
    return frozenset(_dictionary())


#: Unicode hyphens (U+2010 hyphen, U+2011 non-breaking hyphen) spell the
#: ASCII hyphen of a drug name (``mitomycin‐C`` is ``mitomycin-C``).
_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-"})


def key(name: str) -> str:
    """The lexicon's key of a spelling: lower case, single spaces, ASCII hyphens."""
    return " ".join(name.lower().translate(_HYPHENS).split())


def is_drug(name: str) -> bool:
    """Is ``name`` (any case, any spacing, any hyphen) a known drug spelling?"""
    return key(name) in drug_names()


def canonical(name: str) -> str | None:
    """The lexicon's canonical name for a spelling (``keytruda`` → ``pembrolizumab``)."""
    return _dictionary().get(key(name))
