"""The LALR loop of regimen.lalr against Lark's own runtime on the same tables.

Both run the same lexemes through the grammar with tree-building callbacks:
our loop with Lark's default ``Transformer`` (a ``Tree`` per rule), Lark with
a lexer that hands it the lexemes as ``Token`` objects.  They must accept the
same inputs, build the same trees (same shaping: hidden terminals dropped,
``_helper`` rules spliced, ``?rule`` collapsed) and, on rejection, fail at the
same lexeme with the same expected and accepted terminals.
"""

from __future__ import annotations

import random

import pytest
from lark import Lark, Token, Transformer, Tree
from lark.exceptions import UnexpectedInput
from lark.lexer import Lexer

from regimen.grammar import grammar_text
from regimen.lalr import _TERMINAL, Driver, SyntaxFailure
from regimen.lexer import Source, lex
from regimen.preprocess import tokenize
from tests.corpus import load


class _Lexemes(Lexer):
    """Lark lexer over a ready list of lexemes."""

    __future_interface__ = 0

    def __init__(self, conf) -> None:
        pass

    def lex(self, lexemes):
        for item in lexemes:
            yield Token(_TERMINAL.get(item.type, item.type), item.norm, start_pos=item.start, end_pos=item.end)


@pytest.fixture(scope="module")
def runtimes():
    lark = Lark(grammar_text(), parser="lalr", lexer=_Lexemes, strict=True, maybe_placeholders=False)
    return lark, Driver(lark, Transformer())


def _shape(node):
    if isinstance(node, Tree):
        return (str(node.data), [_shape(child) for child in node.children])
    if isinstance(node, Token):
        return (node.type.lstrip("_"), node.start_pos)
    return (node.type, node.start)


def _outcome(run, lexemes):
    try:
        return "tree", _shape(run(lexemes))
    except SyntaxFailure as exc:
        position = None if exc.lexeme is None else exc.lexeme.start
        return "error", position, exc.expected, exc.accepts
    except UnexpectedInput as exc:
        token = exc.token
        position = None if token.type == "$END" else token.start_pos
        return "error", position, frozenset(exc.expected), frozenset(exc.accepts)


def _texts() -> list[str]:
    corpus = [row["text"] for row in load()]
    words = [word for text in corpus for word in text.split()]
    rng = random.Random(20261121)
    texts = list(corpus)
    for text in corpus:  # with a word dropped, doubled or swapped in: mostly rejected
        parts = text.split()
        i = rng.randrange(len(parts))
        texts.append(" ".join(parts[:i] + parts[i + 1 :]))
        texts.append(" ".join(parts[: i + 1] + parts[i:]))
        texts.append(" ".join(parts[:i] + [rng.choice(words)] + parts[i + 1 :]))
    return texts


def test_same_trees_and_same_errors_as_larks_runtime(runtimes):
    lark, driver = runtimes
    accepted = rejected = 0
    for text in _texts():
        lexemes = lex(Source(text, tokenize(text)))
        ours, theirs = _outcome(driver.parse, lexemes), _outcome(lark.parse, lexemes)
        assert ours == theirs, text
        accepted += ours[0] == "tree"
        rejected += ours[0] == "error"
    assert accepted > 200 and rejected > 100  # both paths were exercised


def test_accepts_is_narrower_than_the_lookaheads(runtimes):
    """A number waiting for its unit: the state's look-aheads include
    reductions that fail later; what is reported is only what can shift."""
    _, driver = runtimes
    text = "Capecitabine 825 bid"
    with pytest.raises(SyntaxFailure) as caught:
        driver.parse(lex(Source(text, tokenize(text))))
    assert caught.value.lexeme.start == text.index("bid")
    assert "DOSE_UNIT" in caught.value.accepts <= caught.value.expected
