"""The ``regimen`` command line (also ``python -m regimen``).

    regimen parse "Capecitabine: 825mg/m2 bid po, d1-d14"          # a table
    regimen parse --json | --format canonical | --fhir "..."
    regimen parse - < strings.txt          # JSON Lines, one result a line
    regimen parse --file strings.txt --strict
    regimen extract notes/ records.json trials.jsonl

Parsing recovers by default: a piece of a text that cannot be read is kept
as unresolved text with a warning, and the result says it is partial
(``"partial": true``); a text fails only when nothing in it could be read.
``--strict`` refuses any text with such a piece, and stops at the first.

Exit codes: 0 success, 1 some inputs failed, 2 usage error.  Errors go to
stderr with their marker line; a progress bar is drawn (on stderr) only when
the output is a terminal.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Iterable, Iterator

import click

from regimen.api import parse_regimen
from regimen.ctgov import read_studies, study_mentions
from regimen.errors import RegimenError, RegimenParseError
from regimen.extract import extract as extract_mentions
from regimen.fhir import component_to_fhir
from regimen.format import format_cycle, format_days, format_dose, format_frequency, format_infusion, number
from regimen.model import Regimen

__all__ = ["main"]

_FORMATS = ("table", "json", "canonical", "fhir")
#: The key of a JSON Lines result, by output form.
_KEYS = {"table": "regimen", "json": "regimen", "canonical": "canonical", "fhir": "dosage"}


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="regimen")
def main() -> None:
    """Dosing regimens in free text → typed objects, JSON, FHIR."""


@main.command()
@click.argument("text", required=False)
@click.option("--file", "path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read one regimen string a line from FILE; write JSON Lines.")
@click.option("--json", "as_json", is_flag=True, help="Print the to_dict() JSON (same as --format json).")
@click.option("--fhir", "as_fhir", is_flag=True, help="Print FHIR R4 Dosage JSON, one per component.")
@click.option("--format", "fmt", type=click.Choice(_FORMATS), default=None, help="Output form (default: table).")
@click.option("--strict", is_flag=True,
              help="Refuse a text with any piece that cannot be read, and stop at the first (exit 1).")
def parse(text: str | None, path: Path | None, as_json: bool, as_fhir: bool, fmt: str | None, strict: bool) -> None:
    """Parse TEXT, or one string a line from - (stdin) or --file.

    What cannot be read is kept as unresolved text with a warning (the result
    is partial), unless --strict is given."""
    chosen = [f for f in (fmt, "json" if as_json else None, "fhir" if as_fhir else None) if f]
    if len(set(chosen)) > 1:
        raise click.UsageError("choose one of --json, --fhir and --format")
    if (text is None) == (path is None):
        raise click.UsageError("give TEXT (or - for stdin) or --file, not both")
    if path is None and text != "-":
        sys.exit(_parse_one(text, chosen[0] if chosen else "table", strict))
    stream = sys.stdin if path is None else path.open(encoding="utf-8")
    with stream:
        sys.exit(_parse_lines(stream, chosen[0] if chosen else "json", strict))


def _parse_one(text: str, fmt: str, strict: bool) -> int:
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


def _render(regimen: Regimen, fmt: str):
    if fmt == "fhir":
        return [component_to_fhir(c) for c in regimen.components]
    if fmt == "canonical":
        return str(regimen)
    return regimen.to_dict()


def _parse_lines(stream: Iterable[str], fmt: str, strict: bool) -> int:
    failed = 0
    lines = list(stream) if sys.stdout.isatty() else stream
    with _progress(lines, "parsing") as rows:
        for number_, line in enumerate(rows, 1):
            text = line.rstrip("\n")
            try:
                result = {"line": number_, "text": text, _KEYS[fmt]: _render(parse_regimen(text, strict=strict), fmt)}
            except RegimenParseError as exc:
                failed += 1
                click.echo(f"line {number_}: {exc}", err=True)
                result = {"line": number_, "text": text, "error": exc.message, "position": exc.position,
                          "expected": list(exc.expected)}
                if strict:
                    click.echo(json.dumps(result, ensure_ascii=False))
                    return 1
            click.echo(json.dumps(result, ensure_ascii=False))
    return 1 if failed else 0


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
def extract(paths: tuple[Path, ...]) -> None:
    """Find regimens in text files, ClinicalTrials.gov JSON records, or directories of them.

    Writes one JSON Lines record per mention: file, span, text and the parsed
    regimen (plus nct_id, field, arm and intervention for trial records).
    """
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


def _mentions(file: Path) -> Iterator[dict]:
    if file.suffix in (".json", ".jsonl"):
        for study in read_studies(file):
            for found in study_mentions(study):
                yield {"file": str(file), "nct_id": found.nct_id, "field": found.field, "arm": list(found.arm),
                       "intervention": found.intervention, **_mention(found.mention)}
        return
    for mention in extract_mentions(file.read_text(encoding="utf-8")):
        yield {"file": str(file), **_mention(mention)}


def _mention(mention) -> dict:
    return {"start": mention.start, "end": mention.end, "text": mention.text, "regimen": mention.regimen.to_dict()}


def _progress(items, label: str):
    """A progress bar on stderr when the output is a terminal; none when piped."""
    show = sys.stdout.isatty()
    return click.progressbar(items, label=label, file=sys.stderr if show else _Null(), show_eta=False)


class _Null:
    """A sink for the progress bar when output is piped."""

    def write(self, _text: str) -> None:
        pass

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def _table(regimen: Regimen) -> str:
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


def _fractions(f) -> str:
    show = lambda v: "?" if v is None else number(v)  # noqa: E731
    derived = f" (derived: {', '.join(sorted(f.derived))})" if f.derived else ""
    return f"{show(f.count)} × {show(f.dose)} Gy = {show(f.total)} Gy{derived}"


from regimen.clinical.cli import eqd2, plan  # noqa: E402  (the clinical commands: regimen.clinical.cli)

main.add_command(plan)
main.add_command(eqd2)
