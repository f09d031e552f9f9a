"""ClinicalTrials.gov study records (API v2 JSON) → the regimens they state.

Reads the fields where trial records spell out regimens:
``protocolSection.armsInterventionsModule.armGroups[].description``,
``...interventions[].description`` and
``protocolSection.descriptionModule.detailedDescription``; and yields one
:class:`StudyMention` for each regimen mention found there, tagged with the
NCT id, the field, the arm and the intervention.

Input: a study record file (one study, or an API search page
``{"studies": [...]}``), a directory of such files, or a JSON Lines file or
stream of studies.  JSON Lines are read line by line, so memory stays flat
however long the stream.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterable, Iterator

from regimen.errors import RegimenSchemaError
from regimen.extract import Mention, extract

__all__ = ["StudyMention", "read_studies", "study_mentions", "regimens"]


@dataclass(frozen=True, slots=True)
class StudyMention:
    """A regimen mention in one field of one study."""

    nct_id: str
    field: str  # "arm", "intervention" or "detailedDescription"
    arm: tuple[str, ...]  # the arm label(s) the text belongs to
    intervention: str | None
    mention: Mention


def regimens(source: str | Path | IO[str]) -> Iterator[StudyMention]:
    """Every regimen mention of every study in ``source`` (file, directory or stream)."""
    for study in read_studies(source):
        yield from study_mentions(study)


def read_studies(source: str | Path | IO[str]) -> Iterator[dict]:
    """Study records from a file, a directory of files, or a text stream."""
    if not isinstance(source, (str, Path)):
        yield from _from_stream(source, getattr(source, "name", "<stream>"))
        return
    path = Path(source)
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.suffix in (".json", ".jsonl")):
            yield from read_studies(child)
        return
    with path.open(encoding="utf-8") as stream:
        yield from _from_stream(stream, str(path))


def _from_stream(stream: IO[str], name: str) -> Iterator[dict]:
    lines: list[str] = []  # read so far, blank lines included (line numbers count them)
    filled: list[str] = []  # the first two that are not blank: JSON Lines or one document?
    while len(filled) < 2 and (line := stream.readline()):
        lines.append(line)
        if line.strip():
            filled.append(line)
    if not filled:  # blank lines only: no records, not an error
        return
    first, rest = (*filled, "", "")[:2]
    try:
        head = json.loads(first) if first.strip() else None
    except json.JSONDecodeError:
        head = None
    if head is not None and (not rest.strip() or _is_json(rest)):  # JSON Lines
        for number, line in enumerate(_chain(lines, stream), 1):
            if line.strip():
                yield from _studies(_load(line, f"{name}:{number}"), name)
        return
    document = _load("".join(lines) + stream.read(), name)
    yield from _studies(document, name)


def _chain(first: list[str], stream: IO[str]) -> Iterable[str]:
    yield from first
    yield from stream


def _is_json(line: str) -> bool:
    try:
        json.loads(line)
    except json.JSONDecodeError:
        return False
    return True


def _load(text: str, where: str):
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise RegimenSchemaError(f"{where}: not JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from None


def _studies(document, where: str) -> Iterator[dict]:
    if isinstance(document, dict) and isinstance(document.get("studies"), list):
        yield from document["studies"]
    elif isinstance(document, dict) and "protocolSection" in document:
        yield document
    else:
        raise RegimenSchemaError(f"{where}: expected a study record (protocolSection) or a page of studies")


def study_mentions(study: dict) -> Iterator[StudyMention]:
    """The regimen mentions of one study record."""
    protocol = study.get("protocolSection") or {}
    nct_id = (protocol.get("identificationModule") or {}).get("nctId", "")
    module = protocol.get("armsInterventionsModule") or {}
    for arm in module.get("armGroups") or []:
        label = arm.get("label", "")
        for mention in extract(arm.get("description") or ""):
            yield StudyMention(nct_id, "arm", (label,), None, mention)
    for intervention in module.get("interventions") or []:
        arms = tuple(intervention.get("armGroupLabels") or ())
        for mention in extract(intervention.get("description") or ""):
            yield StudyMention(nct_id, "intervention", arms, intervention.get("name"), mention)
    detailed = (protocol.get("descriptionModule") or {}).get("detailedDescription") or ""
    for mention in extract(detailed):
        yield StudyMention(nct_id, "detailedDescription", (), None, mention)
