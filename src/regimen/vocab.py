"""The vocabulary: data files in ``regimen/data`` loaded once into a lexicon.

Each line of a data file is ``TERMINAL[:value] = display = alias ...`` (see
``data/README.md``).  Every spelling is tokenised with the same tokenizer and
normaliser as the input (``regimen.preprocess``), so a phrase matches however
the tokenizer splits it: ``i.v.``, ``m²``, ``mg/ml·min`` and ``IV drip`` are
all just sequences of token norms.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from regimen import preprocess

__all__ = ["Entry", "Lexicon", "lexicon", "cased", "radiation", "radiation_words", "regimens", "nonagents", "radionuclide"]

#: Files holding ``TERMINAL = ...`` lines, in load order.
_TERMINAL_FILES = ("words.txt", "units.txt", "routes.txt", "frequencies.txt", "numbers.txt", "agents.txt")
_FILLER_FILE = "fillers.txt"
_CASED_FILE = "cased.txt"
FILLER = "FILLER"


@dataclass(frozen=True, slots=True)
class Entry:
    """One concept: the terminal it lexes as, its value, its display spelling."""

    terminal: str
    value: str | None
    display: str


class Lexicon:
    """Phrases (tuples of token norms) mapped to entries, longest match first."""

    def __init__(self) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], Entry]]] = defaultdict(list)
        self._display: dict[tuple[str, str | None], str] = {}
        self._values: dict[str, list[str]] = defaultdict(list)
        self._seen: dict[tuple[str, ...], tuple[Entry, str]] = {}
        self._spellings: dict[tuple[str, str | None], list[str]] = defaultdict(list)
        self._index: dict[str, list[tuple[int, dict[tuple[str, ...], Entry]]]] = {}

    def add(self, spelling: str, entry: Entry, where: str) -> None:
        key = tuple(preprocess.norms(spelling))
        if not key:
            raise ValueError(f"{where}: empty spelling")
        earlier = self._seen.get(key)
        if earlier is not None:
            if (earlier[0].terminal, earlier[0].value) != (entry.terminal, entry.value):
                raise ValueError(f"{where}: {spelling!r} already means {earlier[0]} ({earlier[1]})")
            return
        self._seen[key] = (entry, where)
        self._by_first[key[0]].append((key, entry))

    def finish(self) -> None:
        """Index phrases by first token, then by length, longest first."""
        for first, phrases in self._by_first.items():
            by_size: dict[int, dict[tuple[str, ...], Entry]] = defaultdict(dict)
            for key, entry in phrases:
                by_size[len(key)][key] = entry
            self._index[first] = sorted(by_size.items(), reverse=True)

    def candidates(self, first_norm: str) -> list[tuple[int, dict[tuple[str, ...], Entry]]]:
        """Phrases starting with ``first_norm``: ``(length, {phrase: entry})``, longest first."""
        return self._index.get(first_norm, ())

    def display(self, terminal: str, value: str | None = None) -> str:
        """The spelling the formatter prints for ``terminal`` (and ``value``)."""
        return self._display[terminal, value]

    def spellings(self, terminal: str, value: str | None = None) -> list[str]:
        """Every spelling of ``terminal`` (with ``value``), as written in the data."""
        return self._spellings.get((terminal, value), [])

    def values(self, terminal: str) -> list[str]:
        """Every value a terminal takes, in file order (e.g. all routes)."""
        return self._values[terminal]

    def lookup(self, phrase: str) -> Entry | None:
        """The entry ``phrase`` lexes as whole, if any (``IMRT`` → NAME imrt).
        Agents repeat across a job and the lookup tokenises: the last few
        thousand answers are kept."""
        return _lookup(self, phrase)

    def load_line(self, line: str, where: str) -> None:
        head, *spellings = (part.strip() for part in line.split(" = "))
        terminal, _, value = head.partition(":")
        if not spellings or not terminal.isupper():
            raise ValueError(f"{where}: expected 'TERMINAL[:value] = spelling ...', got {line!r}")
        entry = Entry(terminal, value or None, spellings[0])
        if (terminal, entry.value) not in self._display:
            self._display[terminal, entry.value] = spellings[0]
            if entry.value is not None:
                self._values[terminal].append(entry.value)
        for spelling in spellings:
            self.add(spelling, entry, where)
            self._spellings[terminal, entry.value].append(spelling)


def _lines(name: str):
    text = (resources.files("regimen.data") / name).read_text(encoding="utf-8")
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line and not line.startswith("#"):
            yield line, f"{name}:{number}"


@lru_cache(maxsize=8192)
def _lookup(lex: Lexicon, phrase: str) -> Entry | None:
    found = lex._seen.get(tuple(preprocess.norms(phrase)))
    return found[0] if found else None


@cache
def radiation() -> frozenset[str]:
    """The agent values (``NAME`` of agents.txt) that deliver radiation."""
    values = frozenset(line for line, _ in _lines("radiation.txt") if " = " not in line)
    unknown = values - set(lexicon().values("NAME"))
    if unknown:
        raise ValueError(f"radiation.txt: not agents of agents.txt: {sorted(unknown)}")
    return values


@cache
def radiation_words() -> tuple[str, tuple[tuple[str, ...], ...]]:
    """The spelling an agent reports radiation by, and the word sequences it
    replaces (``radiation therapy``, ``irradiation``), longest first."""
    for line, where in _lines("radiation.txt"):
        if " = " in line:
            display, *spellings = (part.strip() for part in line.split(" = "))
            return display, tuple(sorted((tuple(s.lower().split()) for s in spellings), key=len, reverse=True))
    return "radiotherapy", ()


@cache
def cased() -> tuple[dict[str, Entry], frozenset[str]]:
    """Spellings matched as written, case and all (``cased.txt``): ``mIU``
    (milli) is not ``MIU`` (million), ``IT`` (intrathecal) is not ``it``;
    and their token norms (to look the written form up only for those)."""
    table: dict[str, Entry] = {}
    for line, where in _lines(_CASED_FILE):
        head, *spellings = (part.strip() for part in line.split(" = "))
        terminal, _, value = head.partition(":")
        if not spellings or not terminal.isupper():
            raise ValueError(f"{where}: expected 'TERMINAL[:value] = Spelling ...', got {line!r}")
        for spelling in spellings:
            table[spelling] = Entry(terminal, value or None, spellings[0])
    return table, frozenset(preprocess.normalise(spelling) for spelling in table)


@cache
def regimens() -> frozenset[str]:
    """The agent values (``NAME`` of agents.txt) that name a regimen of several drugs."""
    values = frozenset(line for line, _ in _lines("regimens.txt"))
    unknown = values - set(lexicon().values("NAME"))
    if unknown:
        raise ValueError(f"regimens.txt: not agents of agents.txt: {sorted(unknown)}")
    return values


@cache
def nonagents() -> frozenset[str]:
    """The normalised words of ``nonagents.txt``: never an agent by position alone."""
    return frozenset(" ".join(preprocess.norms(line)) for line, _ in _lines("nonagents.txt"))


@cache
def radionuclide() -> re.Pattern:
    """An element of ``radionuclides.txt`` written with a mass number, either
    way round (``lu-177``, ``131-i``, ``y90``, ``radium 223``), in lower case."""
    names = sorted({word.strip().lower() for line, _ in _lines("radionuclides.txt") for word in line.split("=")},
                   key=len, reverse=True)
    element = "|".join(re.escape(name) for name in names)
    mass = r"\d{1,3}m?"
    return re.compile(rf"(?<![a-z0-9])(?:(?:{element})[\s-]?{mass}|{mass}[\s-]?(?:{element}))(?![a-z0-9])")


@cache
def lexicon() -> Lexicon:
    """The application lexicon, loaded once."""
    lex = Lexicon()
    for name in _TERMINAL_FILES:
        for line, where in _lines(name):
            lex.load_line(line, where)
    for line, where in _lines(_FILLER_FILE):
        lex.add(line, Entry(FILLER, None, line), where)
    lex.finish()
    return lex
