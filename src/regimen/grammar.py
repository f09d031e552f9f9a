"""The Lark parser, built once from ``grammars/regimen.lark``.

The grammar ships as package data (``regimen.grammars``), whether installed
from a wheel or editable.  LALR(1) with ``strict=True``: a grammar conflict
fails the build instead of being resolved silently.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from lark import Lark

from regimen.lexer import RegimenLexer
from regimen.transform import BuildFacts

__all__ = ["grammar_text", "parser"]


def grammar_text() -> str:
    return (resources.files("regimen.grammars") / "regimen.lark").read_text(encoding="utf-8")


@cache
def parser() -> Lark:
    """The application parser (built on first use).

    The transformer runs inline (no parse tree is built): ``parse`` returns
    the drafts of :mod:`regimen.transform` directly.  Lark caches its LALR
    analysis in the temporary directory (``cache=True``), keyed by the
    grammar text and options, which halves the cold start.
    """
    return Lark(
        grammar_text(),
        parser="lalr",
        lexer=RegimenLexer,
        strict=True,
        maybe_placeholders=False,
        transformer=BuildFacts(),
        cache=True,  # Lark keys its cache by grammar and options: a changed grammar is rebuilt
    )
