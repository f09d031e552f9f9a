"""The ``regimen parse`` and ``regimen extract`` subcommands (see :mod:`regimen.cli`).

Parsing recovers by default: a piece of a text that cannot be read is kept
as unresolved text with a warning, and the result says it is partial
(``"partial": true``); a text fails only when nothing in it could be read.
``--strict`` refuses any text with such a piece, and stops at the first.

Input read a line at a time (``-`` for stdin, ``--file``) skips blank lines:
they are no input, neither a result nor a failure; line numbers count every
line of the input.  Errors go to stderr with their marker line.  A progress
bar is drawn on stderr only when stderr is a terminal (a person is
watching), never when it is redirected.

The parser is imported inside the commands, so that ``regimen parse --help``
stays as quick as ``regimen --help``.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, TextIO

import click

if TYPE_CHECKING:
    from decimal import Decimal

    from regimen.errors import RegimenParseError
    from regimen.extract import Mention
    from regimen.model import Fractionation, Regimen

__all__ = ["parse", "extract"]

_FORMATS = ("table", "json", "canonical", "fhir", "fhir-bundle")
#: The key of a JSON Lines result, by output form.
_KEYS = {"json": "regimen", "canonical": "canonical", "fhir": "dosage", "fhir-bundle": "bundle"}


@click.command()
@click.argument("text", required=False)
@click.option("--file", "path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read one regimen string a line from FILE (blank lines skipped); write JSON Lines.")
@click.option("--json", "as_json", is_flag=True, help="Print the to_dict() JSON (same as --format json).")
@click.option("--fhir", "as_fhir", is_flag=True, help="Print FHIR R4 Dosage JSON, one per component.")
@click.option("--format", "fmt", type=click.Choice(_FORMATS), default=None,
              help="Output form (default: table for TEXT, json (JSON Lines) for - and --file; "
                   "table there prints one table per line, headed by its line number and text).")
@click.option("--strict", is_flag=True,
              help="Refuse a text with any piece that cannot be read, and stop at the first (exit 1).")
def parse(text: str | None, path: Path | None, as_json: bool, as_fhir: bool, fmt: str | None, strict: bool) -> None:
    """Parse TEXT, or one string a line from - (stdin) or --file.

    What cannot be read is kept as unresolved text with a warning (the result
    is partial), unless --strict is given."""
    chosen = {f for f in (fmt, "json" if as_json else None, "fhir" if as_fhir else None) if f}
    if len(chosen) > 1:
        raise click.UsageError("choose one of --json, --fhir and --format")
    if (text is None) == (path is None):
        raise click.UsageError("give TEXT (or - for stdin) or --file, not both")
    if text is not None and text != "-":
        sys.exit(_parse_one(text, chosen.pop() if chosen else "table", strict))
    form = chosen.pop() if chosen else "json"
    if path is None:
        sys.exit(_parse_lines(sys.stdin, form, strict))
    with path.open(encoding="utf-8") as stream:
        sys.exit(_parse_lines(list(stream) if sys.stderr.isatty() else stream, form, strict))  # a length for the bar


def _parse_one(text: str, fmt: str, strict: bool) -> int:
    from regimen.api import parse_regimen
    from regimen.errors import RegimenParseError

    try:
        regimen = parse_regimen(text, strict=strict)
    except RegimenParseError as exc:
        click.echo(str(exc), err=True)
        return 1
    if fmt == "table":
        click.echo(_table(regimen))
    elif fmt == "canonical":
        click.echo(str(regimen))
    else:
        click.echo(json.dumps(_render(regimen, fmt), ensure_ascii=False, indent=2))
    return 0


def _render(regimen: Regimen, fmt: str) -> Any:
    if fmt == "fhir-bundle":  # one Bundle of MedicationRequests (and radiotherapy Procedures)
        from regimen.fhir import regimen_to_bundle

        return regimen_to_bundle(regimen)
    if fmt == "fhir":
        from regimen.fhir import component_to_fhir

        return [component_to_fhir(c) for c in regimen.components]
    if fmt == "canonical":
        return str(regimen)
    return regimen.to_dict()


def _parse_lines(lines: Iterable[str], fmt: str, strict: bool) -> int:
    """Parse each non-blank line; write one result (or error) per line, in order."""
    from regimen.api import parse_regimen
    from regimen.errors import RegimenParseError

    failed = 0
    with _progress(lines, "parsing") as rows:
        for number, line in enumerate(rows, 1):
            text = line.rstrip("\n")
            if not text.strip():
                continue  # a blank line is no input
            try:
                result: Regimen | RegimenParseError = parse_regimen(text, strict=strict)
            except RegimenParseError as exc:
                failed += 1
                click.echo(f"line {number}: {exc}", err=True)
                result = exc
            click.echo(_line_result(number, text, result, fmt))
            if strict and failed:
                return 1
    return 1 if failed else 0


def _line_result(number: int, text: str, result: Regimen | RegimenParseError, fmt: str) -> str:
    """One input line's result: a JSON Lines record, or a table headed by the line."""
    from regimen.model import Regimen

    if fmt == "table":
        body = _table(result) if isinstance(result, Regimen) else f"  error      {result.message}"
        return f"line {number}: {text}\n{body}\n"
    if isinstance(result, Regimen):
        record = {"line": number, "text": text, _KEYS[fmt]: _render(result, fmt)}
    else:
        record = {"line": number, "text": text, "error": result.message, "position": result.position,
                  "expected": list(result.expected)}
    return json.dumps(record, ensure_ascii=False)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, allow_dash=True, path_type=Path))
def extract(paths: tuple[Path, ...]) -> None:
    """Find regimens in text files, ClinicalTrials.gov JSON records, or directories of them.

    PATH - reads stdin: ClinicalTrials.gov records (JSON or JSON Lines) if it
    starts with '{', a text document otherwise.  Writes one JSON Lines record
    per mention: file, span, text and the parsed regimen (plus nct_id, field,
    arm and intervention for trial records).  Blank lines are no records.
    """
    from regimen.errors import RegimenError

    failed = 0
    files = list(_files(paths))
    with _progress(files, "extracting") as rows:
        for file in rows:
            try:
                for record in _mentions(file):
                    click.echo(json.dumps(record, ensure_ascii=False))
            except (RegimenError, UnicodeDecodeError) as exc:
                failed += 1
                click.echo(f"{file}: {exc}", err=True)
    sys.exit(1 if failed else 0)


def _files(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in (".txt", ".json", ".jsonl"))
        else:
            yield path


def _mentions(file: Path) -> Iterator[dict[str, Any]]:
    """The mentions of one input: ``-`` (stdin), a JSON (Lines) record file, or a text file."""
    if str(file) == "-":
        text = sys.stdin.read()
        if text.lstrip().startswith("{"):
            yield from _record_mentions(io.StringIO(text), "-")
        else:
            yield from _text_mentions(text, "-")
    elif file.suffix in (".json", ".jsonl"):
        yield from _record_mentions(file, str(file))
    else:
        yield from _text_mentions(file.read_text(encoding="utf-8"), str(file))


def _record_mentions(source: Path | TextIO, name: str) -> Iterator[dict[str, Any]]:
    from regimen.ctgov import read_studies, study_mentions

    for study in read_studies(source):
        for found in study_mentions(study):
            yield {"file": name, "nct_id": found.nct_id, "field": found.field, "arm": list(found.arm),
                   "intervention": found.intervention, **_mention(found.mention)}


def _text_mentions(text: str, name: str) -> Iterator[dict[str, Any]]:
    from regimen.extract import extract as extract_mentions

    for mention in extract_mentions(text):
        yield {"file": name, **_mention(mention)}


def _mention(mention: Mention) -> dict[str, Any]:
    return {"start": mention.start, "end": mention.end, "text": mention.text, "regimen": mention.regimen.to_dict()}


def _progress(items: Iterable[Any], label: str) -> Any:
    """A progress bar on stderr when stderr is a terminal; none when it is redirected
    (click writes only the label to a file that is not a terminal: a sink takes it)."""
    shown = sys.stderr.isatty()
    return click.progressbar(items, label=label, file=sys.stderr if shown else io.StringIO(), show_eta=False)


def _table(regimen: Regimen) -> str:
    from regimen.format import format_cycle, format_days, format_dose, format_frequency, format_infusion, number

    rows: list[str] = []
    for n, c in enumerate(regimen.components, 1):
        rows.append(f"component {n}" + (f"  ({c.regimen})" if c.regimen else "") + ("  [alternative]" if c.alternative else ""))
        cells = [
            ("agent", c.agent + (" (inferred)" if c.agent_derived else "") if c.agent else None),
            ("dose", format_dose(c.dose) if c.dose else None),
            ("max dose", format_dose(c.max_dose) if c.max_dose else None),
            ("route", c.route.value if c.route else None),
            ("frequency", format_frequency(c.frequency) + (f" × {c.doses}" if c.doses else "") if c.frequency else None),
            ("days", format_days(c.days) if c.days else None),
            ("start", f"day {c.start.day}" if c.start else None),
            ("duration", f"{number(c.duration.value)} {c.duration.unit.value}(s)" if c.duration else None),
            ("cycle", format_cycle(c.cycle) if c.cycle else None),
            ("infusion", format_infusion(c.infusion) if c.infusion else None),
            ("fractions", _fractions(c.fractions) if c.fractions else None),
            ("unresolved", "; ".join(c.unresolved) if c.unresolved else None),
        ]
        rows += [f"  {name:<11}{value}" for name, value in cells if value]
        rows += [f"  warning    {w}" for w in c.warnings]
    rows += [f"warning: {w}" for w in regimen.warnings]
    if regimen.partial:
        rows.append("partial: some of the text could not be read (see unresolved)")
    return "\n".join(rows)


def _fractions(f: Fractionation) -> str:
    from regimen.format import number

    def show(value: Decimal | int | None) -> str:
        return "?" if value is None else number(value)

    derived = f" (derived: {', '.join(sorted(f.derived))})" if f.derived else ""
    return f"{show(f.count)} × {show(f.dose)} Gy = {show(f.total)} Gy{derived}"
