"""Preprocessing: a spaCy tokenizer for regimen text, with normalised norms.

The tokenizer is ``spacy.blank("en")``'s, with our own prefix, suffix and
infix rules: numbers split from units and day markers (``825mg`` → ``825``
``mg``; ``d1-d14`` → ``d`` ``1`` ``-`` ``d`` ``14``; ``5×5Gy`` → ``5`` ``×``
``5`` ``Gy``), markdown escapes (``\\*``) are single tokens, and full-width
punctuation splits like its ASCII twin.  No model is loaded.

Normalisation never rewrites the string.  It is the ``NORM`` lexical attribute
of each token (Unicode NFKC, so ``（`` → ``(``, ``µ`` → ``μ``, a superscript a
power: ``²`` → ``^2``;
markdown escapes lose their backslash; lower case), so every span still points
into the original text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import spacy
from spacy.attrs import NORM
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

__all__ = ["normalise", "nlp", "tokenize", "norms"]

# Punctuation that always stands alone: ASCII and full-width forms, the
# multiplication and plus-minus signs, dashes.
_PUNCT = r"()\[\]{}（）【】<>≥≤=:;,，；：、+&×✕✖*±∓/~～#\"'“”‘’‐‑–—−／＋－＊＝＞＜｜^·⋅"
_ESCAPE = r"\\[^\w\s]"  # a markdown escape such as \* or \>
_LETTER = r"[^\W\d_]"

_PREFIX = re.compile(rf"^(?:{_ESCAPE}|[{_PUNCT}\-])")
_SUFFIX = re.compile(rf"(?:{_ESCAPE}|[{_PUNCT}\-.。])$")
_INFIX = re.compile(
    "|".join(
        (
            _ESCAPE,
            rf"[{_PUNCT.replace(',', '')}]",
            r"(?<=\w)-|-(?=\w)",
            # a comma splits unless it groups thousands (1,000 but d1,8,15)
            r"(?<!\d),|,(?!\d{3}(?:\D|$))",
            rf"(?<=\d)(?={_LETTER})|(?<={_LETTER})(?=\d)",
            rf"(?<={_LETTER})\.(?=\d)|(?<=\d)\.(?={_LETTER})",
            # Han characters one by one: 每3周为1周期 → 每 3 周 为 1 周 期
            r"(?<=[\u4e00-\u9fff])|(?=[\u4e00-\u9fff])",
        )
    )
)


#: Superscript digits and signs: an exponent (``10⁶``, ``m⁻²``), never digits
#: of the number before them (NFKC alone makes ``10⁶`` read ``106``).
_SUPERSCRIPT = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻]+")


def normalise(text: str) -> str:
    """The norm of one token: NFKC, no markdown escape, lower case; a run of
    superscripts is a power (``⁶`` → ``^6``, ``m²`` → ``m^2``).

    spaCy calls it once per new lexeme and keeps the result in its vocabulary:
    a cache here would only grow with every distinct token of a long job.
    """
    if _SUPERSCRIPT.search(text):
        text = _SUPERSCRIPT.sub(lambda run: "^" + unicodedata.normalize("NFKC", run.group()), text)
    norm = unicodedata.normalize("NFKC", text)
    if len(norm) == 2 and norm[0] == "\\" and not norm[1].isalnum():
        norm = norm[1]
    return norm.lower()


@cache
def nlp() -> Language:
    """The blank English pipeline with the regimen tokenizer (built once)."""
    pipeline = spacy.blank("en")
    vocab = pipeline.vocab
    vocab.lex_attr_getters[NORM] = normalise
    for lexeme in vocab:
        lexeme.norm_ = normalise(lexeme.orth_)
    pipeline.tokenizer = Tokenizer(
        vocab,
        rules={},
        prefix_search=_PREFIX.search,
        suffix_search=_SUFFIX.search,
        infix_finditer=_INFIX.finditer,
    )
    return pipeline


#: A lone surrogate is not text (it cannot be encoded), yet a Python ``str``
#: can hold one, decoded with ``surrogateescape`` or cut from a UTF-16 pair.
_SURROGATE = re.compile("[\ud800-\udfff]")


def tokenize(text: str) -> Doc:
    """Tokenise ``text``; each token's ``norm_`` is its normalised form.

    The tokenizer is called directly, not through ``make_doc``, which refuses
    texts over spaCy's ``max_length``: the limits are the caller's, stated
    where the text enters (:func:`regimen.api.check_length`).  A lone
    surrogate is tokenised as U+FFFD, one character for one, so every offset
    still points into ``text``.
    """
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    return nlp().tokenizer(text)


def norms(text: str) -> list[str]:
    """The token norms of ``text``, as the lexer sees them."""
    return [token.norm_ for token in tokenize(text)]
