"""The spaCy component: ``nlp.add_pipe("regimen")``.

Registered through the ``spacy_factories`` entry point, so it works after
``pip install`` with any pipeline, ``spacy.blank("en")`` included.  It runs
:func:`regimen.extract` on ``doc.text`` and sets:

* ``doc._.regimens``: the mentions, as spans of ``doc`` (expanded to the
  pipeline's token boundaries);
* ``span._.regimen``: the parsed :class:`~regimen.model.Regimen` of a mention.

Mentions are read as :func:`regimen.parse_regimen` reads text: recovering
(a piece that cannot be read is kept unresolved, the regimen marked partial).
With ``nlp.add_pipe("regimen", config={"strict": True})`` a mention is kept
only if it reads whole.

Only the mentions' character offsets are stored (``doc._.regimen_offsets``),
so docs cross process boundaries (``nlp.pipe(..., n_process=2)``) and
``DocBin`` as plain data; spans and regimens are rebuilt from the offsets,
identically in every process.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from regimen.api import _parse
from regimen.errors import RegimenParseError
from regimen.extract import extract
from regimen.lexer import Source
from regimen.model import Regimen
from regimen.preprocess import tokenize

__all__ = ["RegimenComponent", "make_regimen"]


def _register_extensions() -> None:
    if not Doc.has_extension("regimen_offsets"):
        Doc.set_extension("regimen_offsets", default=None)
    if not Doc.has_extension("regimens"):
        Doc.set_extension("regimens", getter=_doc_regimens)
    if not Span.has_extension("regimen"):
        Span.set_extension("regimen", getter=_span_regimen)


def _doc_regimens(doc: Doc) -> list[Span]:
    offsets = doc._.regimen_offsets or []
    return [doc.char_span(start, end, alignment_mode="expand") for start, end in offsets]


def _span_regimen(span: Span) -> Regimen | None:
    """The regimen of the mention this span covers (``None`` if none)."""
    for start, end in span.doc._.regimen_offsets or []:
        if span.start_char <= start and end <= span.end_char:
            return _parse_mention(span.doc.text[start:end])
    return None


@lru_cache(maxsize=4096)
def _parse_mention(text: str) -> Regimen:
    return _parse(Source(text, tokenize(text)), recover=True)


def _reads_whole(text: str) -> bool:
    try:
        return not _parse_mention(text).partial
    except RegimenParseError:
        return False


class RegimenComponent:
    """Finds regimen mentions in a Doc (stateless; nothing to train or save)."""

    def __init__(self, nlp: Language, name: str, strict: bool = False) -> None:
        self.name = name
        self.strict = strict
        _register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        mentions = extract(doc.text)
        if self.strict:
            mentions = [m for m in mentions if _reads_whole(m.text)]
        doc._.regimen_offsets = [[m.start, m.end] for m in mentions]
        return doc

    def to_disk(self, path, *, exclude=()) -> None:  # stateless: config alone rebuilds it
        """Nothing to write: the component has no state."""

    def from_disk(self, path, *, exclude=()) -> RegimenComponent:
        return self

    def to_bytes(self, *, exclude=()) -> bytes:
        return b""

    def from_bytes(self, data: bytes, *, exclude=()) -> RegimenComponent:
        return self


@Language.factory("regimen", default_config={"strict": False})
def make_regimen(nlp: Language, name: str, strict: bool) -> RegimenComponent:
    """The ``regimen`` factory (entry point ``spacy_factories``).

    ``strict``: keep only the mentions that read whole (no unresolved piece)."""
    return RegimenComponent(nlp, name, strict)
