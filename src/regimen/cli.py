"""The ``regimen`` command line (also ``python -m regimen``).

    regimen parse "Capecitabine: 825mg/m2 bid po, d1-d14"          # a table
    regimen parse --json | --format canonical | --fhir "..."
    regimen parse - < strings.txt          # JSON Lines, one result a line
    regimen parse --file strings.txt --format table --strict
    regimen extract notes/ records.json trials.jsonl -

This module holds only the command group: every subcommand is named in
:data:`COMMANDS` and imported when it runs (or shows its own ``--help``), so
``regimen --help`` answers without importing the parser, spaCy, Lark or pint
(click's "lazily loading subcommands" pattern).  Adding a subcommand is one
line in :data:`COMMANDS`::

    "plan": ("regimen.clinical_cli:plan", "Lay a regimen out on a calendar."),

where ``regimen.clinical_cli.plan`` is a ``click.Command`` (``@click.command()``)
whose name is ``plan``.  The one-line help is what ``regimen --help`` lists;
``tests/test_cli.py`` checks every entry loads, is named as listed, and that
``regimen --help`` imports none of them.

Exit codes: 0 success, 1 some inputs failed, 2 usage error (``regimen``
alone prints the usage and exits 2, as click does for a group).
"""

from __future__ import annotations

import importlib

import click

__all__ = ["main", "COMMANDS", "LazyGroup"]

#: Subcommands: name → (``"module:attribute"`` of the ``click.Command``, the
#: one-line help ``regimen --help`` lists without importing the module).
COMMANDS: dict[str, tuple[str, str]] = {
    "parse": ("regimen.cli_commands:parse", "Parse regimen strings: a table, JSON, canonical text or FHIR."),
    "extract": ("regimen.cli_commands:extract", "Find regimens in text files, trial records or stdin."),
    "plan": ("regimen.clinical.cli:plan", "Doses for a patient laid out on a calendar (table, JSON Lines or .ics)."),
    "eqd2": ("regimen.clinical.cli:eqd2", "BED and EQD2 of radiotherapy schedules (linear-quadratic model)."),
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use.

    ``lazy`` maps each name to ``("module:attribute", short help)``.  The help
    page lists them from the short help alone; running ``regimen NAME`` (or
    ``regimen NAME --help``) imports that one module.
    """

    def __init__(self, *args: object, lazy: dict[str, tuple[str, str]] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # click's own keywords, passed through
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.lazy:
            return super().get_command(ctx, cmd_name)
        target = self.lazy[cmd_name][0]
        module, _, attribute = target.partition(":")
        command = getattr(importlib.import_module(module), attribute)
        if not isinstance(command, click.Command) or command.name != cmd_name:
            raise TypeError(f"{target} is not a click command named {cmd_name!r}")
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List every subcommand with its one-line help, importing none of the lazy ones."""
        rows = [(name, self.lazy[name][1]) for name in self.lazy]
        for name in super().list_commands(ctx):
            command = super().get_command(ctx, name)
            if command is not None and not command.hidden and name not in self.lazy:
                rows.append((name, command.get_short_help_str(formatter.width - 6 - len(name))))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(sorted(rows))


@click.group(cls=LazyGroup, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="regimen-parser")
def main() -> None:
    """Dosing regimens in free text → typed objects, JSON, FHIR.

    Run `regimen COMMAND --help` for a command's options."""
