"""The regimen command line: outputs, JSON Lines, exit codes, errors on stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
from click.testing import CliRunner

from regimen.cli import main

DATA = Path(__file__).resolve().parent / "data"


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def test_parse_prints_a_table():
    result = run("parse", "Capecitabine: 825mg/m2 bid po, d1-d14")
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "component 1", "  agent      capecitabine", "  dose       825 mg/m²", "  route      oral",
        "  frequency  BID", "  days       D1-14",
    ]


def test_parse_json_canonical_and_fhir():
    as_json = json.loads(run("parse", "--json", "Serplulimab: 300 mg IV, D1, Q3W × 4 cycles").output)
    assert as_json["components"][0]["cycle"]["count"] == 4
    assert run("parse", "--format", "canonical", "Oxaliplatin 200 mg/m² ivd, d1").output == "oxaliplatin 200 mg/m² IV, D1\n"
    (dosage,) = json.loads(run("parse", "--fhir", "Oxaliplatin 200 mg/m² ivd, d1").output)
    assert dosage["doseAndRate"][0]["doseQuantity"]["code"] == "mg/m2"


def test_parse_lines_writes_json_lines_in_order_and_goes_on_after_errors():
    result = run("parse", "-", input="Oxaliplatin 130 mg/m2 d1\nHello world\nCapecitabine 825 bid\n5x5Gy\n")
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["line"] for line in lines] == [1, 2, 3, 4]
    assert lines[1]["error"] == "no regimen in the text" and lines[1]["position"] == 0
    partial = lines[2]["regimen"]
    assert partial["partial"] is True and partial["components"][0]["unresolved"] == ["825"]
    assert lines[3]["regimen"]["components"][0]["fractions"]["total_gy"] == 25
    assert "line 2: no regimen in the text at position 0" in result.stderr


def test_strict_refuses_what_recovery_reads_and_stops_at_the_first_error(tmp_path):
    strings = tmp_path / "strings.txt"
    strings.write_text("Capecitabine 825 bid\nOxaliplatin 130 mg/m2 d1\n")
    result = run("parse", "--strict", "--file", str(strings))
    assert result.exit_code == 1
    (line,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert line["error"] == "unexpected 'bid'" and line["position"] == 17
    assert "line 1: unexpected 'bid' at position 17" in result.stderr and "~~^" in result.stderr


def test_usage_errors_exit_2():
    assert run("parse").exit_code == 2
    assert run("parse", "--json", "--fhir", "5x5Gy").exit_code == 2
    assert run("extract").exit_code == 2


def test_single_parse_error_goes_to_stderr_with_marker():
    result = run("parse", "--strict", "Capecitabine 825 bid")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines()[-1] == "                 ~~^"


def test_a_partial_reading_says_so_in_the_table():
    result = run("parse", "Capecitabine 825 bid")
    assert result.exit_code == 0
    assert "  unresolved 825" in result.output.splitlines()
    assert result.output.splitlines()[-1].startswith("partial: ")


def test_extract_text_and_trial_records(tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("Plan: oxaliplatin 130 mg/m2 IV d1 q3w.\nHb ≥ 100 g/L.\n")
    result = run("extract", str(note), str(DATA / "ctgov" / "NCT06850103.json"))
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records[0]["file"] == str(note) and records[0]["text"] == "oxaliplatin 130 mg/m2 IV d1 q3w"
    assert note.read_text()[records[0]["start"] : records[0]["end"]] == records[0]["text"]
    assert {r.get("nct_id") for r in records[1:]} == {"NCT06850103"}


def test_every_subcommand_has_help():
    for args in (["--help"], ["parse", "--help"], ["extract", "--help"]):
        assert run(*args).exit_code == 0


def test_python_dash_m_and_no_progress_bar_when_piped():
    out = subprocess.run(
        [sys.executable, "-m", "regimen", "parse", "-"], input="5x5Gy\n", capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout)["regimen"]["components"][0]["fractions"]["count"] == 5
    assert out.stderr == ""


def _on_a_terminal_stderr(args):
    """Run the command with stderr on a pseudo-terminal and stdout piped: (exit code, stdout, terminal text)."""
    import os
    import pty
    import threading

    leader, follower = pty.openpty()
    seen: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closed
                return
            if not chunk:
                return
            seen.append(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        done = subprocess.run([sys.executable, "-m", "regimen", *args], stdout=subprocess.PIPE, stderr=follower,
                              stdin=subprocess.DEVNULL, text=True, timeout=120)
    finally:
        os.close(follower)
        reader.join(timeout=10)
        os.close(leader)
    return done.returncode, done.stdout, b"".join(seen).decode("utf-8", "replace")


def test_progress_bar_follows_stderr_not_stdout(tmp_path):
    strings = tmp_path / "strings.txt"
    strings.write_text("5x5Gy\n" * 20)
    code, out, terminal = _on_a_terminal_stderr(["parse", "--file", str(strings)])
    assert code == 0
    assert "parsing" in terminal and "100%" in terminal  # drawn where the person watches
    assert len(out.splitlines()) == 20 and "parsing" not in out  # the piped results stay clean


def test_blank_lines_are_skipped_not_failures(tmp_path):
    result = run("parse", "-", input="\nOxaliplatin 130 mg/m2 d1\n   \n\n5x5Gy\n\n")
    assert result.exit_code == 0 and result.stderr == ""
    assert [json.loads(line)["line"] for line in result.stdout.splitlines()] == [2, 5]  # numbers count every line
    strings = tmp_path / "strings.txt"
    strings.write_text("Oxaliplatin 130 mg/m2 d1\n\n\t\n")
    result = run("parse", "--strict", "--file", str(strings))
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 1
    records = tmp_path / "records.jsonl"
    study = json.dumps(json.loads((DATA / "ctgov" / "NCT06850103.json").read_text()))
    records.write_text("\n" + study + "\n\n" + study + "\n\n")
    result = run("extract", str(records))
    assert result.exit_code == 0 and result.stderr == ""
    assert {json.loads(line)["nct_id"] for line in result.stdout.splitlines()} == {"NCT06850103"}
    records.write_text("\n  \n")
    assert run("extract", str(records)).exit_code == 0
    assert run("extract", "-", input="\n\n  \n").exit_code == 0


def test_extract_reads_stdin_as_text_or_as_trial_records():
    text = "Plan: oxaliplatin 130 mg/m2 IV d1 q3w.\nHb >= 100 g/L.\n"
    result = run("extract", "-", input=text)
    assert result.exit_code == 0
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["file"] == "-"
    assert text[record["start"] : record["end"]] == record["text"] == "oxaliplatin 130 mg/m2 IV d1 q3w"
    records = run("extract", "-", input=(DATA / "ctgov" / "NCT06850103.json").read_text())
    from_file = run("extract", str(DATA / "ctgov" / "NCT06850103.json"))
    assert records.exit_code == 0 and len(records.stdout.splitlines()) > 1
    assert [{**json.loads(line), "file": None} for line in records.stdout.splitlines()] == [
        {**json.loads(line), "file": None} for line in from_file.stdout.splitlines()
    ]


def test_table_for_every_input_one_per_line(tmp_path):
    result = run("parse", "--format", "table", "-", input="Oxaliplatin 130 mg/m2 d1\n\nHello world\n5x5Gy\n")
    assert result.exit_code == 1  # line 3 read nothing
    blocks = result.stdout.split("\n\n")
    assert blocks[0].splitlines() == [
        "line 1: Oxaliplatin 130 mg/m2 d1", "component 1", "  agent      oxaliplatin", "  dose       130 mg/m²",
        "  days       D1",
    ]
    assert blocks[1].splitlines() == ["line 3: Hello world", "  error      no regimen in the text"]
    assert blocks[2].splitlines()[:2] == ["line 4: 5x5Gy", "component 1"]
    assert "  fractions  5 × 5 Gy = 25 Gy (derived: total)" in blocks[2].splitlines()
    strings = tmp_path / "strings.txt"
    strings.write_text("Oxaliplatin 130 mg/m2 d1\n")
    assert run("parse", "--format", "table", "--file", str(strings)).stdout.split("\n\n")[0] == blocks[0]


def test_bare_command_prints_usage_and_exits_2():
    result = run()
    assert result.exit_code == 2  # click's convention for a group called without a command
    assert result.output.startswith("Usage: ") and "  parse " in result.output and "  extract " in result.output


def test_help_imports_neither_the_parser_nor_spacy_lark_pint():
    probe = """
import sys
from click.testing import CliRunner
from regimen.cli import main
for args in (["--help"], ["parse", "--help"], ["extract", "--help"], ["--version"]):
    assert CliRunner().invoke(main, args).exit_code == 0, args
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("spacy", "lark", "pint", "thinc")
               or m in ("regimen.api", "regimen.model", "regimen.extract", "regimen.lexer"))
print(heavy)
"""
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_every_registered_subcommand_loads_under_its_name():
    from regimen.cli import COMMANDS

    for name in COMMANDS:
        command = main.get_command(click.Context(main), name)
        assert isinstance(command, click.Command) and command.name == name


def test_a_lazily_registered_subcommand_is_imported_only_when_run(tmp_path, monkeypatch):
    (tmp_path / "plugin_cli.py").write_text(
        "import click\n\n\n@click.command()\n@click.argument('who')\ndef hello(who):\n"
        "    \"\"\"Say hello.\"\"\"\n    click.echo(f'hello {who}')\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "plugin_cli", raising=False)
    monkeypatch.setitem(main.lazy, "hello", ("plugin_cli:hello", "Say hello."))
    listed = run("--help")
    assert "  hello    Say hello." in listed.output and "plugin_cli" not in sys.modules
    assert run("hello", "there").output == "hello there\n" and "plugin_cli" in sys.modules
    monkeypatch.setitem(main.lazy, "wrong", ("plugin_cli:hello", "Misnamed."))
    assert isinstance(run("wrong", "x").exception, TypeError)
    monkeypatch.delitem(sys.modules, "plugin_cli")


def test_the_lazy_package_names_agree():
    import ast

    import regimen

    tree = ast.parse(Path(regimen.__file__).read_text())
    guarded = next(node for node in tree.body if isinstance(node, ast.If))  # if TYPE_CHECKING:
    typed = {alias.name for node in guarded.body if isinstance(node, ast.ImportFrom) for alias in node.names}
    assert typed == set(regimen._EXPORTS) == set(regimen.__all__) - {"__version__"}
    for name in regimen.__all__:
        assert getattr(regimen, name) is not None
