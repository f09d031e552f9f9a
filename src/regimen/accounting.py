"""Where every character of a parsed text went.

``regimen.accounting()`` labels each character of the text it was parsed
from, in runs:

* ``field``: inside the span of a parsed field (``825mg/m2``, ``bid``);
* ``unresolved``: inside the span of text kept unresolved;
* ``connective``: whitespace, punctuation, separators and brackets, and the
  words of ``fillers.txt`` (``given``, ``of``, ``per cycle``) that carry no
  dosing meaning;
* ``lost``: anything else, a word or number that the text states and the
  result does not.  A correct parse has none; the test suite checks that over
  the corpus and the fuzzers' inputs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from regimen.lexer import Source, lex
from regimen.model import Span
from regimen.preprocess import tokenize

if TYPE_CHECKING:
    from regimen.model import Regimen

__all__ = ["account", "CONNECTIVE"]

#: Lexeme types that join or bracket what they stand between.
CONNECTIVE = frozenset({"SEP", "ALT", "THEN", "OR", "LIST", "LPAR", "RPAR", "RANGE", "PER", "PLUSMINUS", "TIMES", "EACH", "OF", "RESPECTIVELY"})


def account(regimen: Regimen) -> tuple[tuple[Span, str], ...]:
    """Runs ``(span, label)`` covering ``regimen.text`` from start to end."""
    text = regimen.text
    if text is None:
        raise ValueError("accounting needs the text the regimen was parsed from (Regimen.text is None)")
    labels = ["connective"] * len(text)
    for item in lex(Source(text, tokenize(text))):
        if item.type not in CONNECTIVE:
            labels[item.start : item.end] = ["lost"] * (item.end - item.start)
    for component in regimen.components:  # fields last: a field's span may hold connectives (d1-14)
        for name, span in component.spans:
            label = "unresolved" if name == "unresolved" else "field"
            labels[span.start : span.end] = [label] * (span.end - span.start)
    for i, ch in enumerate(text):
        if labels[i] == "lost" and not ch.isalnum():  # punctuation inside a lost word's lexeme stays connective
            labels[i] = "connective"
    runs: list[tuple[Span, str]] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or labels[i] != labels[start]:
            runs.append((Span(start, i), labels[start]))
            start = i
    return tuple(runs)
