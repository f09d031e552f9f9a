"""BED and EQD2 by the linear-quadratic model, checked by hand, and the clinical commands."""

from __future__ import annotations

import json
import math
from decimal import Decimal

import icalendar
import pytest
from click.testing import CliRunner

from regimen import parse_regimen, units
from regimen.cli import main
from regimen.clinical import ALPHA_BETA_PRESETS, MissingInputError, Repopulation, bed, compare, eqd2, lq
from regimen.model import Fractionation


def gy(value):
    return units.quantity(Decimal(value), "Gy")


def test_hand_checked_values():
    short = parse_regimen("Short-course radiotherapy 5 x 5 Gy")
    assert bed(short, 10) == gy("37.5")  # 25 × (1 + 5/10)
    assert eqd2(short, 10) == gy("31.25")  # 37.5 / 1.2
    for alpha_beta in (1.5, 3, 7, 10, Decimal("2.5")):
        assert eqd2(parse_regimen("Radiotherapy 25 x 2 Gy"), alpha_beta) == gy(50)


def test_a_total_in_fractions_uses_the_exact_total():
    result = lq(parse_regimen("Radiotherapy 70 Gy in 33 fractions"), 10)
    assert result.label == "70 Gy in 33 fractions" and result.total == gy(70)
    assert float(result.eqd2.magnitude) == pytest.approx(70 * (70 / 33 + 10) / 12, rel=1e-15)


def test_presets_are_named_and_there_is_no_default():
    assert ALPHA_BETA_PRESETS == {"early": 10, "late": 3, "prostate": Decimal("1.5")}
    assert float(bed((5, 5), "late").magnitude) == pytest.approx(25 * (1 + 5 / 3), rel=1e-15)
    with pytest.raises(MissingInputError, match="alpha/beta"):
        lq((5, 5), None)
    with pytest.raises(MissingInputError, match="fraction count"):
        lq(Fractionation(total=Decimal(50)), 10)


def test_overall_time_correction_subtracts_repopulation():
    time = Repopulation(alpha="0.3", kickoff=21, doubling=3, overall=39)
    result = lq((30, 2), 10, repopulation=time)
    expected = 60 * 1.2 - math.log(2) * (39 - 21) / (0.3 * 3)
    assert float(result.bed.magnitude) == pytest.approx(expected, rel=1e-15)
    assert float(result.eqd2.magnitude) == pytest.approx(expected / 1.2, rel=1e-15)
    assert lq((30, 2), 10, repopulation=Repopulation(alpha="0.3", kickoff=21, doubling=3, overall=20)).bed == gy(72)


def test_compare_keeps_the_order_and_labels():
    rows = compare({"short course": (5, 5), "long course": parse_regimen("50.4 Gy in 28 fractions")}, 10)
    assert [(r.label, r.eqd2) for r in rows] == [("short course", gy("31.25")), ("long course", gy("49.56"))]
    assert rows[1].as_floats()["bed"] == pytest.approx(59.472)


def invoke(*args):
    return CliRunner().invoke(main, list(args))


def test_the_eqd2_command():
    result = invoke("eqd2", "5 x 5 Gy", "Radiotherapy 25 x 2 Gy", "--alpha-beta", "10")
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "5 × 5 Gy                     α/β 10 Gy  BED 37.5 Gy  EQD2 31.25 Gy",
        "25 × 2 Gy                    α/β 10 Gy  BED 60 Gy  EQD2 50 Gy",
    ]
    rows = [json.loads(line) for line in invoke("eqd2", "5 x 5 Gy", "--alpha-beta", "late", "--format", "jsonl").output.splitlines()]
    assert rows[0]["eqd2"] == "40" and rows[0]["alpha_beta"] == "3"
    corrected = invoke("eqd2", "30 x 2 Gy", "--alpha-beta", "10", "--overall-days", "39", "--alpha", "0.3",
                       "--kickoff-days", "21", "--doubling-days", "3")
    assert "BED 58.14 Gy  EQD2 48.45 Gy" in corrected.output  # 72 − ln 2 · 18 / 0.9 = 58.137
    assert invoke("eqd2", "30 x 2 Gy", "--alpha-beta", "10", "--alpha", "0.3").exit_code == 2
    failed = invoke("eqd2", "Docetaxel 75 mg/m2 d1 q3w", "--alpha-beta", "10")
    assert failed.exit_code == 1 and "no fractionation" in failed.output


def test_the_plan_command():
    args = ["plan", "Docetaxel 75 mg/m2 IV d1 q3w x 3 cycles + Carboplatin AUC 5 IV d1 q3w x 3 cycles",
            "--height", "180", "--weight", "80", "--age", "50", "--sex", "male", "--creatinine", "88.4 umol/L",
            "--start", "2027-01-04"]
    table = invoke(*args)
    assert table.exit_code == 0, table.output
    assert "docetaxel: 150 mg" in table.output and "carboplatin: 625 mg" in table.output
    assert table.output.rstrip().endswith("6 administrations")
    lines = [json.loads(line) for line in invoke(*args, "--format", "jsonl").output.splitlines()]
    assert [(r["date"], r["agent"], r["dose"]) for r in lines[:3]] == [
        ("2027-01-04", "docetaxel", "150"), ("2027-01-04", "carboplatin", "625"), ("2027-01-25", "docetaxel", "150")]
    ics = icalendar.Calendar.from_ical(invoke(*args, "--format", "ics").stdout_bytes)
    assert len(ics.walk("VEVENT")) == 6
    missing = invoke("plan", "Carboplatin AUC 5 d1 q3w x 2 cycles", "--weight", "80", "--start", "2027-01-04")
    assert missing.exit_code == 1 and "missing input: GFR, or age" in missing.output
