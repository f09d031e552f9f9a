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
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["drug_names", "is_drug", "canonical", "identity", "key", "IDENTIFIERS"]

_PACKAGE = "drug_named_entity_recognition"
_FILE = "drug_ner_dictionary.pkl.bz2"


#: The identifiers kept of a drug's record, in this order: (record field, system).
IDENTIFIERS = (("drugbank_id", "drugbank"), ("mesh_id", "mesh"), ("medline_plus_id", "medlineplus"))

#: The lines the lexicon becomes, written by one generator (``lines``) that a
#: child process runs (unpickling the package's full records reserves about
#: 400 MB that a process never gives back) and, failing that, this one: first
#: each spelling, ``name TAB canonical`` with ``TAB b`` for a spelling the
#: lexicon marks as a brand; then an empty line; then each drug that has
#: identifiers, ``canonical TAB system=code ...``.  Nothing else of the records
#: (structures, masses, URLs) is kept.
_LINES = """
def lines(data, identifiers):
    clean = lambda text: " ".join(str(text).split())
    flags = data.get("drug_variant_to_variant_data", {})
    for name, canonical in data["drug_variant_to_canonical"].items():
        brand = "\\tb" if flags.get(name, {}).get("is_brand") else ""
        yield clean(name) + "\\t" + clean(canonical[0] if canonical else name) + brand + "\\n"
    yield "\\n"
    for canonical, record in data.get("drug_canonical_to_data", {}).items():
        ids = [system + "=" + clean(record[field]) for field, system in identifiers if record.get(field)]
        if ids:
            yield clean(canonical) + "\\t" + "\\t".join(ids) + "\\n"
"""

_CHILD = _LINES + """
import bz2, pickle, sys
with bz2.open(sys.argv[1]) as unpacked:
    data = pickle.load(unpacked)
sys.stdout.writelines(lines(data, IDENTIFIERS))
"""


@dataclass(frozen=True, slots=True)
class _Lexicon:
    """What is kept of the lexicon: spelling → canonical name, the spellings
    marked as brands, canonical name → identifiers ``((system, code), ...)``."""

    names: dict[str, str]
    brands: frozenset[str]
    ids: dict[str, tuple[tuple[str, str], ...]]


def _read(lines: Iterable[str]) -> _Lexicon:
    names: dict[str, str] = {}
    brands: set[str] = set()
    ids: dict[str, tuple[tuple[str, str], ...]] = {}
    lines = iter(lines)
    intern = sys.intern  # 107 000 spellings share 20 000 canonical names
    for line in lines:  # streamed: never the whole output at once
        if line == "\n":
            break
        name, _, canonical = line.rstrip("\n").partition("\t")
        if canonical.endswith("\tb"):
            canonical = canonical[:-2]
            brands.add(name)
        names[name] = intern(canonical)
    for line in lines:
        canonical, *pairs = line.rstrip("\n").split("\t")
        ids[intern(canonical)] = tuple((system, code) for system, _, code in (pair.partition("=") for pair in pairs))
    return _Lexicon(names, frozenset(brands), ids)


def _path() -> Path:
    """The shipped dictionary file, found without importing the package
    (its ``__init__`` unpickles the whole dictionary at import)."""
    spec = importlib.util.find_spec(_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"{_PACKAGE} is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / _FILE


@cache
def _lexicon() -> _Lexicon:
    path = _path()
    code = f"IDENTIFIERS = {IDENTIFIERS!r}\n" + _CHILD
    try:
        with subprocess.Popen(
            [sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, encoding="utf-8",
        ) as child:
            found = _read(child.stdout or ())  # a pipe, as asked
        if child.returncode == 0:
            return found
    except OSError:
        pass
    warnings.warn(
        "regimen: the drug lexicon is loaded in this process (no child process could read it); "
        "this holds about 400 MB for the life of the process",
        RuntimeWarning,
        stacklevel=2,
    )
    return _load_here(path)  # no child processes here: load in this one


def _load_here(path: Path) -> _Lexicon:
    with bz2.open(path) as unpacked:
        data = pickle.load(unpacked)  # the package's own shipped file, not user input
    space: dict[str, Any] = {}
    exec(_LINES, space)  # the child's own generator, so both ways read the same
    return _read(space["lines"](data, IDENTIFIERS))


def _dictionary() -> dict[str, str]:
    return _lexicon().names


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


#: Canonical names that are Wikipedia pages outside its articles: no drug.
_NOT_DRUGS = ("template:", "draft:")


def identity(name: str) -> tuple[str, tuple[tuple[str, str], ...], bool] | None:
    """What the lexicon knows of a spelling: its canonical (generic) name, that
    drug's identifiers ``((system, code), ...)`` in :data:`IDENTIFIERS` order,
    and whether the lexicon marks the spelling as a brand; ``None`` for a
    spelling it does not know, or whose canonical name is a Wikipedia page
    of another namespace (``ts-1`` → ``template:infobox drug/testcases2``)."""
    lexicon = _lexicon()
    spelling = key(name)
    found = lexicon.names.get(spelling)
    if found is None or found.startswith(_NOT_DRUGS):
        return None
    return found, lexicon.ids.get(found, ()), spelling in lexicon.brands
