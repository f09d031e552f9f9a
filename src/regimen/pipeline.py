"""The spaCy component: ``nlp.add_pipe("regimen")``.

Registered through the ``spacy_factories`` entry point, so it works after
``pip install`` with any pipeline, ``spacy.blank("en")`` included.  It runs
:func:`regimen.extract` on ``doc.text`` and sets:

* ``doc.spans[spans_key]``: the mentions, labelled ``label``; by default
  the key is ``"sc"``, so ``displacy.render(doc, style="span")`` draws them
  as they are (another key needs ``options={"spans_key": ...}``); spans
  another component put under the key are kept;
* ``doc.ents``, with ``set_ents=True``: the mentions are added to the
  entities already there, those kept where they overlap (as ``SpanRuler``
  does with ``overwrite=False``, with spaCy's own
  ``prioritize_existing_ents_filter``);
* ``doc._.regimens``: the mentions again, as spans of ``doc`` (expanded to
  the pipeline's token boundaries);
* ``span._.regimen``: the parsed :class:`~regimen.model.Regimen` of a mention.

Settings come through spaCy's config, like those of ``SpanRuler`` or
negspacy's ``negex``, and are saved with the pipeline (``nlp.to_disk``,
``spacy.load``)::

    nlp.add_pipe("regimen", config={"spans_key": "sc", "label": "REGIMEN",
                                    "max_length": 1000000, "strict": False, "set_ents": False})

Mentions are read as :func:`regimen.parse_regimen` reads text: recovering
(a piece that cannot be read is kept unresolved, the regimen marked partial).
With ``strict`` a mention is kept only if it reads whole.  A doc longer than
``max_length`` characters (``null``: no limit) raises
:class:`~regimen.errors.RegimenParseError`, as :func:`regimen.extract` does.

Only the mentions' character offsets are stored (``doc._.regimen_offsets``),
so docs cross process boundaries (``nlp.pipe(..., n_process=2)``) and
``DocBin`` as plain data; spans and regimens are rebuilt from the offsets,
identically in every process.
"""

from __future__ import annotations

from functools import lru_cache

from typing import Iterable

from spacy.language import Language
from spacy.pipeline.span_ruler import prioritize_existing_ents_filter
from spacy.tokens import Doc, Span

from regimen.api import MAX_LENGTH, _parse
from regimen.errors import RegimenParseError
from regimen.extract import extract
from regimen.lexer import Source
from regimen.model import Regimen
from regimen.preprocess import tokenize

__all__ = ["RegimenComponent", "make_regimen", "DEFAULT_SPANS_KEY", "DEFAULT_LABEL"]

#: Where the mentions go by default: ``doc.spans["sc"]``, the group
#: ``displacy.render(doc, style="span")`` draws with no options (and the
#: span categorizer's); spans another component put there are kept.
DEFAULT_SPANS_KEY = "sc"
#: The mentions' label by default.
DEFAULT_LABEL = "REGIMEN"


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
    """Finds regimen mentions in a Doc (nothing to train; its settings are its config)."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        spans_key: str = DEFAULT_SPANS_KEY,
        label: str = DEFAULT_LABEL,
        max_length: int | None = MAX_LENGTH,
        strict: bool = False,
        set_ents: bool = False,
    ) -> None:
        if not spans_key or not label:
            raise ValueError("the regimen component needs a spans_key and a label (non-empty strings)")
        self.name = name
        self.spans_key = spans_key
        self.label = label
        self.max_length = max_length
        self.strict = strict
        self.set_ents = set_ents
        _register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        mentions = extract(doc.text, max_length=self.max_length)
        if self.strict:
            mentions = [m for m in mentions if _reads_whole(m.text)]
        doc._.regimen_offsets = [[m.start, m.end] for m in mentions]
        spans = [doc.char_span(m.start, m.end, label=self.label, alignment_mode="expand") for m in mentions]
        kept = [s for s in doc.spans[self.spans_key] if s.label_ != self.label] if self.spans_key in doc.spans else []
        doc.spans[self.spans_key] = kept + spans  # another component's spans stay; ours are replaced on a rerun
        if self.set_ents:
            doc.ents = sorted(_add_entities(doc.ents, spans))
        return doc

    def to_disk(self, path: object, *, exclude: Iterable[str] = ()) -> None:
        """Nothing to write: the config holds every setting."""

    def from_disk(self, path: object, *, exclude: Iterable[str] = ()) -> RegimenComponent:
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return b""

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> RegimenComponent:
        return self


def _add_entities(entities: Iterable[Span], spans: list[Span]) -> list[Span]:
    """The entities already there, and each mention that overlaps none of them
    (nor a longer mention): existing entities are never clobbered."""
    return prioritize_existing_ents_filter(entities, spans)


@Language.factory(
    "regimen",
    assigns=["doc.spans", "doc.ents", "doc._.regimens", "span._.regimen"],
    default_config={
        "spans_key": DEFAULT_SPANS_KEY, "label": DEFAULT_LABEL, "max_length": MAX_LENGTH, "strict": False,
        "set_ents": False,
    },
)
def make_regimen(
    nlp: Language, name: str, spans_key: str, label: str, max_length: int | None, strict: bool, set_ents: bool
) -> RegimenComponent:
    """The ``regimen`` factory (entry point ``spacy_factories``).

    ``spans_key``: the ``doc.spans`` key of the mentions; ``label``: their
    label; ``max_length``: the longest doc read, in characters (``null``: no
    limit); ``strict``: keep only the mentions that read whole (no unresolved
    piece); ``set_ents``: also add the mentions to ``doc.ents`` where they
    overlap no entity already there."""
    return RegimenComponent(
        nlp, name, spans_key=spans_key, label=label, max_length=max_length, strict=strict, set_ents=set_ents
    )
