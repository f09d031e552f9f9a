"""ClinicalTrials.gov API v2 records → regimen mentions tagged with study, arm and intervention."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from regimen import RegimenSchemaError
from regimen.ctgov import read_studies, regimens

DATA = Path(__file__).resolve().parent / "data"


def _rows(source):
    return [(m.nct_id, m.field, m.arm, m.intervention, m.mention.text) for m in regimens(source)]


def test_one_record_gives_every_arm_and_intervention_regimen():
    rows = _rows(DATA / "ctgov" / "NCT06884670.json")
    assert len(rows) == 7
    assert rows[1] == (
        "NCT06884670", "arm", ("PD-1+IL-2+CapeOX group",), None,
        "Tislelizumab 200mg ivd D1+Interleukin 2 100IU HD, d1-d14+ CapeOX (total 6 cycles)",
    )
    assert ("NCT06884670", "intervention", ("Conventional Neoadjuvant Group",), "Radiotherapy",
            r"Radiotherapy 1.8Gy per time\*28") in rows
    assert not [r for r in rows if r[1] == "detailedDescription"]  # prose and a lab threshold only


def test_mentions_carry_their_parsed_regimens():
    (first, *_) = regimens(DATA / "ctgov" / "NCT06850103.json")
    assert first.mention.text == "4 cycles of CAPEOX"
    (component,) = first.mention.regimen.components
    assert (component.agent, component.cycle.count) == ("capeox", 4)


@pytest.mark.parametrize("source", ["ctgov", "studies.jsonl", "search_page.json"])
def test_directory_jsonl_and_search_page_give_the_same_studies(source):
    ids = sorted({row[0] for row in _rows(DATA / source)})
    assert ids == ["NCT06850103", "NCT06884670"]
    assert len(_rows(DATA / source)) == 10


def test_a_jsonl_stream_is_read_line_by_line():
    stream = io.StringIO((DATA / "studies.jsonl").read_text(encoding="utf-8"))
    studies = read_studies(stream)
    first = next(studies)  # a generator: nothing read past what was asked
    assert first["protocolSection"]["identificationModule"]["nctId"] == "NCT06884670"
    assert len(list(studies)) == 1


def test_bad_input_names_where(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"protocolSection": ')
    with pytest.raises(RegimenSchemaError, match="broken.json: not JSON"):
        list(read_studies(broken))
    other = tmp_path / "other.json"
    other.write_text('{"hello": 1}')
    with pytest.raises(RegimenSchemaError, match="expected a study record"):
        list(read_studies(other))
