"""What the fuzzers feed the library, and the one check they make.

:func:`texts` mutates real corpus strings the way real text goes wrong:
tokens swapped, deleted and duplicated, vocabulary words spliced in (so the
mutants reach deep into the grammar instead of failing at the first
character), random unicode and control characters, very long numbers,
``1e308``, ``NaN``, nested and unbalanced brackets, and long inputs.
:func:`dicts` mutates the ``to_dict`` form of corpus parses for ``from_dict``.

:func:`check_text` and :func:`check_dict` run one input through every public
entry point and fail on anything but a result or a :class:`RegimenError`;
the hypothesis suite (tests/property/test_fuzz.py) and the long campaign
(``make fuzz``, benchmarks/fuzz.py) share them.
"""

from __future__ import annotations

import json
import re
from functools import cache

from hypothesis import strategies as st

from regimen import Regimen, RegimenError, extract, parse_dose, parse_regimen
from regimen.preprocess import normalise
from regimen.vocab import lexicon
from tests.corpus import load

#: Inputs a regimen can meet that no corpus line holds.
NASTY = [
    "1e308", "1E-400", "NaN", "nan", "inf", "-inf", "−5", "-0", "0", "00000", "0.000000001",
    "9" * 400, "1." + "0" * 300 + "1", "1,000,000,000,000", "١٢٣", "²³", "½", "Ⅳ", "∞",
    "\x00", "\x07", "\x1b[31m", "\r\n", "\t", "\u200b", "\u202e", "\ufeff", "\ud800", "\U0001f48a",
    "(", ")", "((((", "))))", "(((()))", "[", "]", "{", "}", "（", "）", "\\*", "\\>", "**", "//", "--",
    "×", "x", "*", "±", "~", "->", "≥", "≤", "<", ">", "%", "/", "／", "，", "；", "：", "、",
    "d0", "D14-D1", "day 0", "0 mg", "-5 mg", "0 fractions", "25 x 0 Gy", "50 Gy in 0 fractions",
    "q0w", "every 0 days", "0 cycles", "2.5 cycles", "Gy", "mg/m2/kg", "AUC AUC", "or or", "then then",
    "🄐", "①", "⑳", "㎎", "㎡", "㏄", "ｍｇ",  # compatibility forms NFKC reads as letters, numbers, units
    "third week week", "the second day 5 mg", "every other", "until", "rest", "2 weeks off", "4 doses",
]


@cache
def _pieces() -> tuple[list[str], list[str]]:
    texts = [row["text"] for row in load()]
    words = sorted({w for phrases in _vocabulary() for w in phrases.split()} | {w for t in texts for w in t.split()})
    return texts, words


@cache
def _vocabulary() -> list[str]:
    lex = lexicon()
    spellings = []
    for terminal in ("DOSE_UNIT", "GY", "ROUTE", "FREQ", "CYCLE", "FRACTION", "DAY", "WEEK", "EVERY", "BOUND", "AUC"):
        for value in lex.values(terminal) or [None]:
            spellings.extend(lex.spellings(terminal, value))
    return sorted(set(spellings))


def _splice(draw, tokens: list[str]) -> list[str]:
    texts, words = _pieces()
    pool = st.sampled_from(words) | st.sampled_from(NASTY) | st.sampled_from(_vocabulary()) | st.text(min_size=1, max_size=6)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["swap", "delete", "duplicate", "insert", "replace", "glue"]))
        if not tokens:
            tokens = [draw(pool)]
            continue
        i = draw(st.integers(0, len(tokens) - 1))
        if op == "swap":
            j = draw(st.integers(0, len(tokens) - 1))
            tokens[i], tokens[j] = tokens[j], tokens[i]
        elif op == "delete":
            del tokens[i]
        elif op == "duplicate":
            tokens[i:i] = tokens[i : i + draw(st.integers(1, 3))] * draw(st.integers(1, 3))
        elif op == "insert":
            tokens.insert(i, draw(pool))
        elif op == "replace":
            tokens[i] = draw(pool)
        else:  # glue two tokens: missing separators are real
            tokens[i : i + 2] = ["".join(tokens[i : i + 2])]
    return tokens


@st.composite
def mutants(draw) -> str:
    """A corpus string with a few grammar-aware mutations."""
    texts, _ = _pieces()
    text = draw(st.sampled_from(texts))
    if draw(st.booleans()):
        text = text + draw(st.sampled_from(["; ", ", ", " + ", " then ", " or ", " ("])) + draw(st.sampled_from(texts))
    return " ".join(_splice(draw, text.split()))


def brackets() -> st.SearchStrategy[str]:
    texts, _ = _pieces()
    return st.builds(
        lambda opens, text, closes: "(" * opens + text + ")" * closes,
        st.integers(0, 60), st.sampled_from(texts), st.integers(0, 60),
    )


def long_texts() -> st.SearchStrategy[str]:
    """Up to ~100 000 characters: a corpus string or a nasty piece repeated."""
    texts, _ = _pieces()
    return st.builds(
        lambda piece, sep, n: sep.join([piece] * n),
        st.sampled_from(texts) | st.sampled_from(NASTY), st.sampled_from(["; ", " ", "", "\n", ", "]), st.integers(50, 2500),
    ).map(lambda s: s[:100_000])


def texts() -> st.SearchStrategy[str]:
    return st.one_of(
        mutants(), mutants(), mutants(), brackets(),
        st.text(max_size=80),  # random unicode, control characters and surrogates included
        st.lists(st.sampled_from(NASTY) | st.sampled_from(_pieces()[1]), max_size=12).map(" ".join),
    )


@cache
def _parsed_dicts() -> list[dict]:
    out = []
    for text in _pieces()[0]:
        try:
            out.append(parse_regimen(text).to_dict())
        except RegimenError:
            pass
    return out


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@st.composite
def dicts(draw) -> object:
    """The to_dict form of a corpus parse with a value replaced, a key dropped or added; or any JSON."""
    if draw(st.integers(0, 4)) == 0:
        return draw(_JSON)
    data = json.loads(json.dumps(draw(st.sampled_from(_parsed_dicts()))))
    for _ in range(draw(st.integers(1, 3))):
        node = data
        path = []
        while isinstance(node, (dict, list)) and node and draw(st.booleans()):
            key = draw(st.sampled_from(sorted(node) if isinstance(node, dict) else list(range(len(node)))))
            path.append((node, key))
            node = node[key]
        if not path:
            continue
        parent, key = path[-1]
        action = draw(st.sampled_from(["replace", "drop", "add"]))
        if action == "replace":
            parent[key] = draw(_JSON | st.sampled_from([0, -1, 1e308, float("nan"), "NaN", "", "mg", "Gy", 10**30]))
        elif action == "drop" and isinstance(parent, dict):
            del parent[key]
        elif isinstance(parent, dict):
            parent[draw(st.text(max_size=8))] = draw(_JSON)
    return data


def check_text(text: str) -> None:
    """Every entry point either returns or raises a RegimenError: nothing else;
    and every result accounts for its text (:func:`check_accounting`)."""
    try:
        regimen = parse_regimen(text)
    except RegimenError:
        pass  # parse_dose parses the same way first: it would raise the same
    else:
        check_accounting(regimen)
        str(regimen)  # a result formats and serialises
        regimen.to_dict()
        try:
            parse_dose(text)
        except RegimenError:
            assert len(regimen.components) > 1
    for mention in extract(text):
        assert text[mention.start : mention.end] == mention.text
        check_accounting(mention.regimen)


def check_accounting(regimen: Regimen) -> None:
    """Nothing lost, nothing invented: no character of the text is ``lost``,
    and every field's span lies in the text and holds its evidence."""
    text = regimen.text
    lost = [(span, text[span.start : span.end]) for span, label in regimen.accounting() if label == "lost"]
    assert not lost, f"text stated but not in the result: {lost} in {text!r}"
    for component in regimen.components:
        written_for: dict[str, list[str]] = {}
        for name, span in component.spans:
            assert 0 <= span.start < span.end <= len(text), (name, span, text)
            written = text[span.start : span.end]
            assert written.strip(), (name, span, text)
            assert name == "unresolved" or any(ch.isalnum() for ch in normalise(written)), (name, written)  # 🄐 is (A)
            written_for.setdefault(name, []).append(written)
        for name, pieces in written_for.items():  # a field may be stated in pieces ("46-hour ... infusion")
            assert any(_evidence(component, name, w) for w in pieces), f"{name} = {_value(component, name)!r} from {pieces!r}"


#: Fields whose value is a number written in their span.
_NUMERIC = frozenset({"dose", "max_dose", "days", "fractions", "doses", "infusion", "start", "duration"})


def _value(component, name: str):
    return getattr(component, name, None)


def _evidence(component, name: str, written: str) -> bool:
    plain = " ".join(normalise(written).split())
    if name == "agent" and not component.agent_derived:
        return any(component.agent in form or form in component.agent for form in (plain, " ".join(written.lower().split())))
    if name == "regimen":
        return component.regimen is not None
    if name in _NUMERIC:
        return any(ch.isdigit() for ch in plain) or any(word in _NUMBER_WORDS for word in re.findall(r"\w+", plain))
    return True


def _number_words() -> frozenset[str]:
    lex = lexicon()
    return frozenset(  # "the first week" is week 1
        w.lower() for t in ("NUMBER", "NUMBER_WORD", "MULT", "SCALE", "FIRST", "ORDINAL", "NTH")
        for v in (lex.values(t) or [None]) for spelling in lex.spellings(t, v)
        for w in (spelling, *(part for part in spelling.split() if part not in ("a", "an")))
    )


_NUMBER_WORDS = _number_words()


def check_dict(data: object) -> None:
    try:
        regimen = Regimen.from_dict(data)
    except RegimenError:
        return
    str(regimen)
    assert Regimen.from_dict(regimen.to_dict()) == regimen


def check_bytes(data: bytes) -> None:
    """One raw fuzzer input: JSON for ``from_dict`` if it starts with ``{``,
    else text (bytes that are not UTF-8 become lone surrogates)."""
    if data[:1] == b"{":
        try:
            document = json.loads(data.decode("utf-8", "replace"))
        except ValueError:
            return
        check_dict(document)
    else:
        check_text(data.decode("utf-8", "surrogateescape"))
