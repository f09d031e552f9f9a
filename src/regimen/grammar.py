"""The grammar, built once from ``grammars/regimen.lark``, and the parse.

The grammar ships as package data (``regimen.grammars``), whether installed
from a wheel or editable.  LALR(1) with ``strict=True``: a grammar conflict
fails the build instead of being resolved silently.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from typing import Any

from lark import Lark

from regimen.lalr import Driver
from regimen.lexer import Source, lex
from regimen.transform import BuildFacts

__all__ = ["grammar_text", "parser", "parse"]


def grammar_text() -> str:
    return (resources.files("regimen.grammars") / "regimen.lark").read_text(encoding="utf-8")


@cache
def parser() -> Lark:
    """The grammar, analysed by Lark (built on first use).

    Lark computes the LALR(1) tables and checks the grammar; the parse itself
    runs in :mod:`regimen.lalr` over those tables.  Lark caches its analysis in
    the temporary directory (``cache=True``, keyed by the grammar text and
    options), which halves the cold start.
    """
    return Lark(
        grammar_text(),
        parser="lalr",
        lexer="basic",  # never run: the terminals are %declared, lexing is regimen.lexer's
        strict=True,
        maybe_placeholders=False,
        cache=True,
    )


@cache
def _driver() -> Driver:
    return Driver(parser(), BuildFacts())


def parse(source: Source, checkpoints: list | None = None) -> Any:
    """The drafts of ``source`` (see :mod:`regimen.transform`); raises
    :class:`~regimen.lalr.SyntaxFailure` where the grammar rejects a lexeme.
    ``checkpoints``: see :meth:`regimen.lalr.Driver.parse`."""
    return _driver().parse(source.lexemes or lex(source), checkpoints)
