"""Token patterns: reading rules as data (``data/patterns.txt``), one engine.

A rule names a sequence of lexemes by their types, values, spellings and
glue, and what to do with the ones it targets: retype them, merge them into
one lexeme, drop them as connective text, or call one of the few value
functions below (:data:`FUNCTIONS`) that compute a number.  The language is
stated in ``grammars/patterns.lark`` and parsed with Lark once.

Rules come in *stages* (``[stage]`` headers in the file); the lexer runs each
stage at its place in :func:`regimen.lexer.lex`.  A stage is compiled to one
regular expression over an encoding of the lexemes, a record each::

    <type code> <g if glued, else space> <value> \\x01 <norm> \\x00

At each lexeme the first rule (in file order) that matches there wins; the
scan goes on after the match, so matches never overlap (look-aheads, ``&``,
let a rule see what follows without taking it).  A rule is tried only at
lexemes it can start with: each rule's first lexeme (its type or spelling)
is known when it is compiled, and the rules a lexeme can start are compiled
together, once, into one expression, so a lexeme no rule starts with costs
a dictionary lookup.  All of a stage's matches
are found first, then applied right to left, so a rule sees the lexemes as
the stage before left them, never a half-applied stage.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from itertools import accumulate
from typing import Callable

from lark import Lark, Token, Transformer

from regimen import drugs, numerals
from regimen.lexemes import Lexeme
from regimen.schedule_patterns import SCHEDULE_FUNCTIONS
from regimen.calendar_words import CALENDAR_FUNCTIONS
from regimen.vocab import FILLER

__all__ = ["Stage", "STAGES", "stage", "apply", "compile_rule", "FUNCTIONS"]

_SEP, _END = "\x01", "\x00"
_FIELD = f"[^{_SEP}{_END}]*"
_OTHER = "\ue000"  # the code of a type no rule names
_codes: dict[str, str] = {}
#: How many pairs of lexemes (types and norms) a stage keeps its answer for.
PAIRS_KEPT = 100_000
_UNSEEN = object()


def _code(kind: str) -> str:
    """One private-use character per lexeme type (assigned as rules name them)."""
    if kind not in _codes:
        _codes[kind] = chr(0xE001 + len(_codes))
    return _codes[kind]


# --- value functions --------------------------------------------------------


def _decimal(lexemes: list[Lexeme], text: str, before: Lexeme | None) -> list[Lexeme]:
    """``1,4``: a whole number, a decimal comma and its fraction: one number.
    A fraction ending in zero (``10,00``, ``1,50``) reads two ways (nobody
    writes a dose's trailing zero; a mistyped group of thousands does): one
    ``AMBIGUOUS`` lexeme, refused or kept unresolved."""
    whole, fraction = lexemes[0], lexemes[-1]
    digits = text[fraction.start : fraction.end]
    written = text[whole.start : fraction.end]
    if digits.endswith("0"):
        return [Lexeme("AMBIGUOUS", written, whole.start, fraction.end, written, whole.spaced)]
    value = Decimal(f"{whole.value}.{digits}")
    return [Lexeme("NUMBER", value, whole.start, fraction.end, f"{whole.norm}.{digits}", whole.spaced)]


_GROUP = re.compile(r"\d{3}")


def _digit_groups(lexemes: list[Lexeme], text: str, before: Lexeme | None) -> list[Lexeme]:
    """``720 000``, ``1 000 000``: a number of one to three digits, then
    groups of three after single spaces.  Groups that open with a zero can
    only be thousands: one number.  Otherwise (``12 500``, ``2 500 mg``: two
    tablets of 500 mg?) the digits read two ways: one ``AMBIGUOUS`` lexeme.
    A number that is part of a drug's name (``interleukin 2 100 IU``, ``VP
    16 100 mg``, ``vitamin D3 100 mg``) is left to the name."""
    first, rest = lexemes[0], lexemes[1:]
    head = text[first.start : first.end]
    spaced = all(text[a.end : b.start] == " " for a, b in zip(lexemes, rest))
    if not (head.isdigit() and len(head) <= 3 and head[0] != "0" and spaced) or (before and not first.spaced):
        return lexemes  # D3 100 mg: a number glued to a word is the word's
    if not all(_GROUP.fullmatch(text[item.start : item.end]) for item in rest):
        return lexemes
    if before is not None and before.type == "WORD" and drugs.is_drug(text[before.start : first.end]):
        return lexemes
    if before is not None and not first.spaced:
        return lexemes  # vitamin d3 100 mg: a number glued to a word is the word's (d3), not a first group
    written = text[first.start : lexemes[-1].end]
    if all(text[item.start] == "0" for item in rest):
        digits = written.replace(" ", "")
        return [Lexeme("NUMBER", Decimal(digits), first.start, lexemes[-1].end, digits, first.spaced)]
    return [Lexeme("AMBIGUOUS", written, first.start, lexemes[-1].end, written, first.spaced)]


def _negative(lexemes: list[Lexeme], text: str, before: Lexeme | None) -> list[Lexeme]:
    """``-6`` (a sign glued to its number): a number below zero (``day -6``)."""
    sign, number = lexemes[0], lexemes[-1]
    return [Lexeme("NUMBER", -number.value, sign.start, number.end, f"-{number.norm}", sign.spaced)]


def _positive(lexemes: list[Lexeme], text: str, before: Lexeme | None) -> list[Lexeme]:
    """``+4`` (a plus sign glued to its number, ``day +4``): the number."""
    sign, number = lexemes[0], lexemes[-1]
    return [Lexeme("NUMBER", number.value, sign.start, number.end, f"+{number.norm}", sign.spaced)]


def _sum(lexemes: list[Lexeme], text: str, before: Lexeme | None) -> list[Lexeme]:
    """``seventy-five``, ``one hundred``: number words that add up (a
    hundred or thousand word multiplies what comes before it)."""
    total, current = Decimal(0), Decimal(0)
    for item in lexemes:
        if item.type != "NUMBER":
            continue
        if item.value in (100, 1000) and current:
            current *= item.value
            if item.value == 1000:
                total, current = total + current, Decimal(0)
        else:
            current += item.value
    first, last = lexemes[0], lexemes[-1]
    return [Lexeme("NUMBER", total + current, first.start, last.end, " ".join(i.norm for i in lexemes), first.spaced)]


def _fx_frequency(lexemes: list[Lexeme], text: str, before: Lexeme | None) -> list[Lexeme]:
    """``twice-daily``, ``daily``, ``BID`` before ``fractions``: one
    ``FX_FREQ`` valued ``times/period`` (``2/1d``), a frequency the fraction
    count carries (``in 10 twice-daily fractions``)."""
    times, period = 1, None
    for item in lexemes:
        if item.type == "MULT":
            times = int(item.value)
        elif item.type == "PERIOD_ADV":
            period = item.value
        elif item.type == "FREQ":
            times, _, period = item.value.partition("/")
    first, last = lexemes[0], lexemes[-1]
    norm = " ".join(item.norm for item in lexemes)
    return [Lexeme("FX_FREQ", f"{times}/{period}", first.start, last.end, norm, first.spaced)]


#: The value functions a rule may call (``->@name``): each takes the target
#: lexemes, the text and the lexeme before the target, and returns what
#: replaces the target.
FUNCTIONS: dict[str, Callable[[list[Lexeme], str, Lexeme | None], list[Lexeme]]] = {
    "decimal": _decimal,
    "digit_groups": _digit_groups,
    "negative": _negative,
    "positive": _positive,
    "sum": _sum,
    "fx_frequency": _fx_frequency,
    **numerals.FUNCTIONS,
    **SCHEDULE_FUNCTIONS,
    **CALENDAR_FUNCTIONS,
}


# --- the pattern language ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Action:
    kind: str  # retype, merge, drop, call
    type: str | None = None
    value: str | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    regex: str
    targets: tuple[tuple[str, Action], ...]  # (group name, action)
    #: What its first lexeme can be: ("type", code) or ("norm", spelling)
    #: keys, or ``None`` for any lexeme; the same of its second (``None``
    #: also where it cannot be told); and whether it only starts the text.
    first: frozenset | None = None
    anchored: bool = False
    second: frozenset | None = None


_WILD = None


def _first(items: list) -> tuple[bool, frozenset | None]:
    """The keys a sequence of parsed pattern items can start with (``None``:
    any lexeme), and whether it is anchored at the start of the text."""
    keys: set = set()
    anchored = False
    for item in items:
        if isinstance(item, Token):
            if item.type == "START":
                anchored = True
                continue
            return anchored, _WILD
        kind = item.data
        if kind in ("ahead", "ahead_not"):
            continue
        optional = any(isinstance(c, Token) and c.type == "QUANT" and str(c) in "?*" for c in item.children)
        if kind == "target":
            inner_anchor, found = _first(item.children[:-1])
            anchored = anchored or inner_anchor
        elif kind == "group":
            found = frozenset()
            for seq in (c for c in item.children if not isinstance(c, Token)):
                _, part = _first(seq.children)
                if part is _WILD:
                    return anchored, _WILD
                found = found | part
        elif kind == "element" and not any(isinstance(c, Token) and c.type == "NOT" for c in item.children):
            found = _element_keys(item)
        else:
            return anchored, _WILD
        if found is _WILD:
            return anchored, _WILD
        keys |= found
        if not optional:
            return anchored, frozenset(keys)
    return anchored, _WILD


def _atoms(items: list) -> list:
    """``items`` with targets opened (their items in place of them)."""
    out = []
    for item in items:
        if not isinstance(item, Token) and item.data == "target":
            out.extend(_atoms(item.children[:-1]))
        else:
            out.append(item)
    return out


def _second(items: list) -> frozenset | None:
    """What the lexeme after the first can be, when the first item is one
    lexeme, any but some (``!X``) or some (``None`` otherwise, or if
    anything can follow)."""
    atoms = [a for a in _atoms(items) if not (isinstance(a, Token) and a.type == "START")]
    atoms = [a for a in atoms if isinstance(a, Token) or a.data not in ("ahead", "ahead_not")]
    if not atoms or isinstance(atoms[0], Token) or atoms[0].data != "element":
        return _WILD
    first = atoms[0]
    if any(isinstance(c, Token) and c.type == "QUANT" for c in first.children):
        return _WILD
    return _first(atoms[1:])[1] if len(atoms) > 1 else _WILD


def _element_keys(element) -> frozenset | None:
    keys = set()
    for unit in (c for c in element.children if not isinstance(c, Token)):
        if unit.data in ("typed", "typed_spelled"):
            keys.add(("type", _code(str(unit.children[0]).partition('"')[0])))
        elif unit.data == "spelled":
            keys.add(("norm", _unquote(unit.children[0])))
        else:
            return _WILD
    return frozenset(keys)


def _unquote(token: str) -> str:
    return re.sub(r"\\(.)", r"\1", token[1:-1])


class _Compile(Transformer):
    """A parsed rule → its regular expression and targets."""

    def __init__(self, name_prefix: str) -> None:
        super().__init__()
        self.prefix = name_prefix
        self.targets: list[tuple[str, Action]] = []

    def start(self, children):
        return children[0]

    def rule(self, children):
        name, *items = children
        return Rule(str(name), "".join(items), tuple(self.targets))

    def typed(self, children):
        return (_code(str(children[0])), str(children[1]) if len(children) > 1 else None, None)

    def typed_spelled(self, children):
        kind, _, norm = str(children[0]).partition('"')
        return (_code(kind), None, _unquote('"' + norm))

    def spelled(self, children):
        return (None, None, _unquote(children[0]))

    def any(self, children):
        return (None, None, None)

    def element(self, children):
        glue = any(isinstance(c, Token) and c.type == "GLUE" for c in children)
        negated = any(isinstance(c, Token) and c.type == "NOT" for c in children)
        quant = next((str(c) for c in children if isinstance(c, Token) and c.type == "QUANT"), "")
        units = [c for c in children if isinstance(c, tuple)]
        glue_re = "g" if glue else "[g ]"
        alternatives = "|".join(_unit(code, glue_re, value, norm) for code, value, norm in units)
        if negated:
            one = f"(?=[^{_END}]{glue_re})(?!{alternatives})[^{_END}]*{_END}"
        else:
            one = f"(?:{alternatives})"
        return f"(?:{one}){quant}" if quant else one

    def seq(self, children):
        return "".join(children)

    def group(self, children):
        quant = str(children[-1]) if isinstance(children[-1], Token) and children[-1].type == "QUANT" else ""
        sequences = children[:-1] if quant else children
        return f"(?:{'|'.join(sequences)}){quant}"

    def target(self, children):
        *items, action = children
        name = f"{self.prefix}t{len(self.targets)}"
        self.targets.append((name, action))
        return f"(?P<{name}>{''.join(items)})"

    def ahead(self, children):
        return f"(?={children[-1]})"

    def ahead_not(self, children):
        return f"(?!{children[-1]})"

    def START(self, _token):
        return r"\A"

    def END(self, _token):
        return r"\Z"

    def retype(self, children):
        return Action("retype", str(children[0]), str(children[1]) if len(children) > 1 else None)

    def merge(self, children):
        return Action("merge", str(children[0]))

    def drop(self, _children):
        return Action("drop")

    def call(self, children):
        name = str(children[0])
        if name not in FUNCTIONS:
            raise ValueError(f"no pattern function @{name}; known: {sorted(FUNCTIONS)}")
        return Action("call", name)


def _unit(code: str | None, glue: str, value: str | None, norm: str | None) -> str:
    kind = re.escape(code) if code else f"[^{_SEP}{_END}]"
    value_re = re.escape(value) if value is not None else _FIELD
    norm_re = re.escape(norm) if norm is not None else _FIELD
    return f"{kind}{glue}{value_re}{_SEP}{norm_re}{_END}"


@cache
def _language() -> Lark:
    grammar = (resources.files("regimen.grammars") / "patterns.lark").read_text(encoding="utf-8")
    return Lark(grammar, parser="lalr", strict=True)


def compile_rule(line: str, prefix: str) -> Rule:
    """One line of ``patterns.txt`` → a :class:`Rule` (groups named after ``prefix``)."""
    tree = _language().parse(line)
    items = tree.children[0].children[1:]
    anchored, first = _first(items)
    rule = _Compile(prefix).transform(tree)
    return Rule(rule.name, rule.regex, rule.targets, first, anchored, _second(items))


class Stage:
    """The rules of one stage, indexed by what they start with."""

    def __init__(self, name: str, rules: list[Rule]) -> None:
        self.name = name
        self.rules = rules
        self._by_type: dict[str, list[int]] = {}
        self._by_norm: dict[str, list[int]] = {}
        self._wild: list[int] = []
        for index, rule in enumerate(rules):
            if rule.first is None:
                self._wild.append(index)
                continue
            for kind, key in rule.first:
                (self._by_type if kind == "type" else self._by_norm).setdefault(key, []).append(index)
        self._compiled: dict[tuple, tuple[re.Pattern, dict[int, Rule]] | None] = {}
        self._pairs: dict[tuple, tuple[re.Pattern, dict[int, Rule]] | None] = {}
        self._norms = frozenset(self._by_norm) | frozenset(
            norm for rule in rules if rule.second for kind, norm in rule.second if kind == "norm")

    def _candidates(self, key: tuple) -> tuple[re.Pattern, dict[int, Rule]] | None:
        """The rules that can start at a lexeme followed by another, ``key``
        being (code, norm, code, norm, opening) with the norms no rule names
        as ``None``: compiled together (once per key; ``None`` if none)."""
        code, norm, after_code, after_norm, opening = key
        after = None if after_code is None else (after_code, after_norm)
        indices = sorted(set(self._by_type.get(code, ())) | set(self._by_norm.get(norm, ())) | set(self._wild))
        chosen = [self.rules[i] for i in indices if (opening or not self.rules[i].anchored) and _may_follow(self.rules[i], after)]
        found = None
        if chosen:
            regex = re.compile("|".join(f"({rule.regex})" for rule in chosen), re.DOTALL)
            by_group, group = {}, 1
            for rule in chosen:  # a rule's outer group, then its own groups
                by_group[group] = rule
                group += 1 + re.compile(rule.regex).groups
            found = (regex, by_group)
        self._compiled[key] = found
        return found

    def apply(self, lexemes: list[Lexeme], text: str) -> list[Lexeme]:
        """``lexemes`` with every match of the stage's rules acted on."""
        if not lexemes or not self.rules:
            return lexemes
        starts = self._starts(lexemes)
        if not starts:  # no rule can start anywhere: nothing to encode
            return lexemes
        encoded, offsets = _encode(lexemes)
        edits = []
        for match, by_group in self._matches(starts, encoded, offsets):
            rule = by_group[match.lastindex]
            for group, action in rule.targets:
                start, end = match.span(group)
                if start < end:
                    edits.append((bisect_right(offsets, start) - 1, bisect_right(offsets, end - 1), action))
        for first, last, action in sorted(edits, key=lambda edit: edit[0], reverse=True):
            lexemes[first:last] = _act(action, lexemes[first:last], text, lexemes[first - 1] if first else None)
        return lexemes

    def _starts(self, lexemes: list[Lexeme]) -> list[tuple[int, tuple[re.Pattern, dict[int, Rule]]]]:
        """The lexemes some rule can start at (by their type and norm and
        those of the lexeme after them), each with those rules compiled.
        The answer for a pair of lexemes as written is kept (up to
        :data:`PAIRS_KEPT` of them), so a pair seen before costs one lookup."""
        pairs = self._pairs
        if len(pairs) >= PAIRS_KEPT:
            pairs.clear()
        starts = []
        last = len(lexemes) - 1
        for i, item in enumerate(lexemes):
            after = lexemes[i + 1] if i < last else None
            pair = (item.type, item.norm, None, None, i == 0) if after is None else (item.type, item.norm, after.type, after.norm, i == 0)
            candidates = pairs.get(pair, _UNSEEN)
            if candidates is _UNSEEN:
                candidates = pairs[pair] = self._keyed(pair)
            if candidates is not None:
                starts.append((i, candidates))
        return starts

    def _keyed(self, pair: tuple) -> tuple[re.Pattern, dict[int, Rule]] | None:
        """The rules for a pair of lexemes as written: by their type codes and
        the norms some rule names (compiled once per such key)."""
        norms, codes = self._norms, _codes
        kind, norm, after_kind, after_norm, opening = pair
        key = (codes.get(kind, _OTHER), norm if norm in norms else None,
               None if after_kind is None else codes.get(after_kind, _OTHER),
               after_norm if after_norm in norms else None, opening)
        if key not in self._compiled:
            self._compiled[key] = self._candidates(key)
        return self._compiled[key]

    @staticmethod
    def _matches(starts: list, encoded: str, offsets: list[int]):
        """The stage's matches, left to right, never overlapping, each with
        its group → rule map: tried only where a lexeme's record starts, with
        the rules that lexeme can start."""
        reached = 0  # the first lexeme a match may start at
        for i, (regex, by_group) in starts:
            if i < reached:
                continue
            match = regex.match(encoded, offsets[i])
            if match is not None:
                yield match, by_group
                reached = max(i + 1, bisect_left(offsets, match.end()))


def _may_follow(rule: Rule, after: tuple[str, str] | None) -> bool:
    """Can ``rule``'s second lexeme be ``after`` (type code, norm)?"""
    if rule.second is None:
        return True
    return after is not None and (("type", after[0]) in rule.second or ("norm", after[1]) in rule.second)


def _act(action: Action, items: list[Lexeme], text: str, before: Lexeme | None) -> list[Lexeme]:
    if action.kind == "retype":
        for item in items:
            item.type = action.type
            if action.value is not None:
                item.value = action.value
        return items
    if action.kind == "drop":
        for item in items:
            item.type = FILLER
        return items
    if action.kind == "merge":
        first, last = items[0], items[-1]
        words = text[first.start : last.end]
        known = any(item.known for item in items)  # a name merged from known names is known
        return [Lexeme(action.type, words, first.start, last.end, " ".join(item.norm for item in items), first.spaced, known)]
    return FUNCTIONS[action.type](items, text, before)


def _encode(lexemes: list[Lexeme]) -> tuple[str, list[int]]:
    """The records of ``lexemes`` and where each starts."""
    codes, other = _codes, _OTHER
    records = [
        f"{codes.get(item.type, other)}{' ' if item.spaced else 'g'}{_value(item)}{_SEP}{item.norm}{_END}"
        for item in lexemes
    ]
    encoded = "".join(records)
    if encoded.count(_END) != len(records) or encoded.count(_SEP) != len(records):  # a control character in the text
        records = [
            f"{codes.get(item.type, other)}{' ' if item.spaced else 'g'}{_clean(_value(item))}{_SEP}{_clean(item.norm)}{_END}"
            for item in lexemes
        ]
        encoded = "".join(records)
    return encoded, list(accumulate(map(len, records), initial=0))[:-1]


def _value(item: Lexeme) -> str:
    value = item.value
    if type(value) is str:
        return value
    return str(value) if item.type == "NUMBER" else ""


def _clean(field: str) -> str:
    return field.replace(_END, "\ufffd").replace(_SEP, "\ufffd")


@cache
def _stages() -> dict[str, Stage]:
    text = (resources.files("regimen.data") / "patterns.txt").read_text(encoding="utf-8")
    stages: dict[str, list[Rule]] = {}
    current = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            if current not in STAGES:
                raise ValueError(f"patterns.txt:{number}: no stage {current!r}; the lexer runs {STAGES}")
            stages.setdefault(current, [])
            continue
        if current is None:
            raise ValueError(f"patterns.txt:{number}: a rule before any [stage] header")
        try:
            stages[current].append(compile_rule(line, f"s{number}"))
        except Exception as exc:  # noqa: BLE001 - any failure is a broken data file, named with its line
            raise ValueError(f"patterns.txt:{number}: {exc}") from exc
    return {name: Stage(name, rules) for name, rules in stages.items()}


#: The stages, in the order :func:`regimen.lexer.lex` runs them.
STAGES = ("numbers", "roles", "names", "phrases")


def stage(name: str) -> Stage:
    """The compiled stage ``name`` of ``patterns.txt`` (empty if it has no rules)."""
    if name not in STAGES:
        raise KeyError(f"no pattern stage {name!r}; the lexer runs {STAGES}")
    return _stages().get(name) or Stage(name, [])


def apply(name: str, lexemes: list[Lexeme], text: str) -> list[Lexeme]:
    """Run stage ``name`` over ``lexemes`` (edited in place where possible; use the result)."""
    found = _stages().get(name)
    return lexemes if found is None else found.apply(lexemes, text)
