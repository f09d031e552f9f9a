"""The regimen command line: outputs, JSON Lines, exit codes, errors on stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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


def test_progress_bar_on_a_terminal(tmp_path):
    import os
    import pty

    strings = tmp_path / "strings.txt"
    strings.write_text("5x5Gy\n" * 20)
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "regimen", "parse", "--file", str(strings)],
            stdout=follower, stderr=subprocess.PIPE, text=True, timeout=120,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert done.returncode == 0
    assert "parsing" in done.stderr
