"""FHIR a standard reader understands: cycles in Timing, asNeeded, sequence,
UCUM units, a MedicationRequest per component, a Bundle per regimen and a
radiotherapy Procedure in mCODE's shape, all validated with fhir.resources."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.dosage import Dosage
from fhir.resources.R4B.medicationrequest import MedicationRequest
from fhir.resources.R4B.procedure import Procedure
from ucumvert import get_ucum_parser

from regimen import parse_dose, parse_regimen
from regimen.cli import main
from regimen.fhir import (
    ABSENT, DRUG_SYSTEMS, EXTENSION, MCODE, SNOMED, UCUM, medication_request, radiotherapy_procedure, regimen_to_bundle,
)

MODELS = {"MedicationRequest": MedicationRequest, "Procedure": Procedure}


def _schedule(dosage: dict) -> dict:
    """The regimen-schedule sub-extensions of a Dosage, by url."""
    (extension,) = [e for e in dosage.get("extension", ()) if e["url"] == EXTENSION]
    return {e["url"]: next(v for k, v in e.items() if k.startswith("value")) for e in extension["extension"]}


@pytest.mark.parametrize(
    ("text", "repeat"),
    [
        ("Capecitabine 1000 mg/m2 po bid d1-14 q3w x 8 cycles",
         {"frequency": 28, "period": 3, "periodUnit": "wk", "count": 224}),
        ("Gemcitabine 1000 mg/m2 iv d1,8 q21d x 4-6 cycles",
         {"frequency": 2, "period": 21, "periodUnit": "d", "count": 8, "countMax": 12}),
        ("Temozolomide 150 mg/m2 po d1-5 q28d", {"frequency": 5, "period": 28, "periodUnit": "d"}),
        ("Cisplatin 100 mg/m2 iv d1 q4w x 4", {"frequency": 1, "period": 4, "periodUnit": "wk", "count": 4}),
        ("Etoposide 50 mg po q12h d1-7 q14d", {"frequency": 14, "period": 14, "periodUnit": "d"}),
        ("Octreotide LAR 30 mg im d1 every 3 months", {"frequency": 1, "period": 3, "periodUnit": "mo"}),
    ],
)
def test_a_cycle_is_the_repetition_a_timing_reader_sees(text, repeat):
    dosage = parse_dose(text).to_fhir()
    Dosage.model_validate(dosage)
    assert dosage["timing"]["repeat"] == repeat


def test_the_days_of_the_cycle_and_the_daily_frequency_stay_in_the_extension():
    parts = _schedule(parse_dose("Capecitabine 1000 mg/m2 po bid d1-14 q3w x 8 cycles").to_fhir())
    assert parts["days"] == "D1-14" and parts["dosesPerDay"] == 2 and parts["cycleCount"] == 8
    assert parts["cycleLength"]["code"] == "wk" and parts["cycleLength"]["value"] == 3


@pytest.mark.parametrize(
    ("text", "repeat"),
    [
        # a number of doses beside the cycle: which is counted is not said
        ("Cetuximab 250 mg/m2 iv weekly × 6, d1, q3w × 4 cycles", {"frequency": 1, "period": 1, "periodUnit": "wk", "count": 6}),
        # days past the cycle's end
        ("Agentex 5 mg po d1-30 q3w", None),
        # a daily frequency with no days: every day of the cycle, or some?
        ("Agentex 100 mg po daily q4w", {"frequency": 1, "period": 1, "periodUnit": "d"}),
    ],
)
def test_a_cycle_whose_doses_cannot_be_counted_keeps_the_stated_timing(text, repeat):
    dosage = parse_dose(text).to_fhir()
    assert dosage.get("timing", {}).get("repeat") == repeat
    assert "cycleLength" in _schedule(dosage)


def test_a_bounded_cycle_count_is_not_a_count():
    dosage = parse_dose("Docetaxel 75 mg/m2 iv d1 q3w up to 6 cycles").to_fhir()
    assert dosage["timing"]["repeat"] == {"frequency": 1, "period": 3, "periodUnit": "wk"}
    assert _schedule(dosage)["cycleCountBound"] == "<=" and _schedule(dosage)["cycleCount"] == 6


@pytest.mark.parametrize(("text", "as_needed"), [
    ("Ondansetron 8 mg po q8h prn nausea", True),
    ("Morphine 5 mg sc as needed", True),
    ("Ondansetron 8 mg po q8h", False),
    ("Metformin 500 mg po bid with meals", False),
])
def test_as_needed_is_as_needed(text, as_needed):
    dosage = parse_dose(text).to_fhir()
    Dosage.model_validate(dosage)
    assert dosage.get("asNeededBoolean", False) is as_needed


def test_successive_phases_are_numbered_in_sequence():
    regimen = parse_regimen("Trastuzumab 8 mg/kg iv loading dose then 6 mg/kg iv q3w")
    assert [c.to_fhir()["sequence"] for c in regimen.components] == [1, 2]


def test_units_are_ucum_codes_and_never_the_enzyme_unit():
    parser = get_ucum_parser()
    doses = {
        "Insulin glargine 10 units sc once daily": "[iU]",
        "Pegaspargase 2500 U/m2 im d1": "[iU]/m2",
        "Paracetamol 2 tablets po q6h": "{tbl}",
        "Interferon 3 MIU sc tiw": "10*6.[iU]",
    }
    for text, code in doses.items():
        (dose,) = parse_dose(text).to_fhir()["doseAndRate"]
        assert dose["doseQuantity"]["code"] == code and dose["doseQuantity"]["system"] == UCUM
        parser.parse(code)
    rt = radiotherapy_procedure(parse_dose("Radiotherapy 50.4 Gy in 28 fractions"))
    (volume,) = [e for e in rt["extension"] if e["url"].startswith(MCODE)]
    total = volume["extension"][0]["valueQuantity"]
    assert (total["value"], total["code"]) == (5040, "cGy")
    parser.parse(total["code"])


def test_a_medication_request_codes_the_drug_and_keeps_the_agent_as_written():
    request = medication_request(parse_dose("Adriamycin 60 mg/m2 iv d1 q3w"))
    MedicationRequest.model_validate(request)
    assert (request["status"], request["intent"]) == ("draft", "plan")
    assert request["subject"]["extension"] == [{"url": ABSENT, "valueCode": "unknown"}]
    concept = request["medicationCodeableConcept"]
    assert concept["text"] == "adriamycin"
    assert concept["coding"] == [
        {"system": DRUG_SYSTEMS["drugbank"], "code": "DB00997", "display": "doxorubicin"},
        {"system": DRUG_SYSTEMS["mesh"], "code": "D059005", "display": "doxorubicin"},
    ]
    (dosage,) = request["dosageInstruction"]
    assert dosage["text"] == "adriamycin 60 mg/m² IV, D1, q3w"


def test_an_unknown_drug_is_text_only_and_a_missing_one_says_so():
    unknown = medication_request(parse_dose("Zorblaxomab 10 mg/kg iv d1 q2w"))
    assert unknown["medicationCodeableConcept"] == {"text": "zorblaxomab"}
    missing = medication_request(parse_dose("10 mg/kg iv d1 q2w"))
    MedicationRequest.model_validate(missing)
    assert missing["medicationCodeableConcept"] == {"extension": [{"url": ABSENT, "valueCode": "unknown"}]}


def test_a_named_regimen_is_a_contained_medication_of_its_drugs():
    request = medication_request(parse_dose("CapeOX q3w × 8 cycles"))
    MedicationRequest.model_validate(request)
    (medication,) = request["contained"]
    assert request["medicationReference"]["reference"] == f"#{medication['id']}"
    names = [i["itemCodeableConcept"]["text"] for i in medication["ingredient"]]
    assert names == ["capecitabine", "oxaliplatin"]
    assert medication["ingredient"][0]["itemCodeableConcept"]["coding"][0]["code"] == "DB01101"


def test_radiotherapy_is_a_procedure_in_the_shape_of_mcode_course_summary():
    procedure = radiotherapy_procedure(parse_dose("Radiotherapy 45 Gy in 25 fractions, 5 fractions a week"))
    Procedure.model_validate(procedure)
    assert procedure["code"]["coding"][0] == {
        "system": SNOMED, "code": "1217123003", "display": "Radiotherapy course of treatment (regime/therapy)"}
    assert procedure["category"]["coding"][0]["code"] == "108290001"
    (volume,) = [e for e in procedure["extension"] if e["url"] == MCODE + "mcode-radiotherapy-dose-delivered-to-volume"]
    parts = {e["url"]: e for e in volume["extension"]}
    assert parts["fractionsDelivered"]["valueUnsignedInt"] == 25
    assert parts["totalDoseDelivered"]["valueQuantity"]["value"] == 4500


def test_a_regimen_is_a_bundle_of_requests_and_procedures():
    text = "Cisplatin 40 mg/m2 iv weekly x 6 + radiotherapy 70 Gy in 35 fractions; Zofran 8 mg po prn"
    bundle = regimen_to_bundle(parse_regimen(text), subject={"reference": "Patient/p1"})
    Bundle.model_validate(bundle)
    assert bundle["type"] == "collection"
    resources = [entry["resource"] for entry in bundle["entry"]]
    assert [r["resourceType"] for r in resources] == ["MedicationRequest", "Procedure", "MedicationRequest"]
    for resource in resources:
        MODELS[resource["resourceType"]].model_validate(resource)
        assert resource["subject"] == {"reference": "Patient/p1"}
    assert resources[2]["medicationCodeableConcept"]["coding"][0]["display"] == "ondansetron"
    assert resources[2]["dosageInstruction"][0]["asNeededBoolean"] is True
    urls = [entry["fullUrl"] for entry in bundle["entry"]]
    assert len(set(urls)) == 3 and urls == [e["fullUrl"] for e in regimen_to_bundle(parse_regimen(text))["entry"]]


def test_the_cli_prints_a_bundle_and_keeps_dosages_for_fhir():
    runner = CliRunner()
    bundle = json.loads(runner.invoke(main, ["parse", "--format", "fhir-bundle", "Oxaliplatin 85 mg/m2 iv d1 q2w"]).output)
    Bundle.model_validate(bundle)
    assert bundle["entry"][0]["resource"]["medicationCodeableConcept"]["text"] == "oxaliplatin"
    (dosage,) = json.loads(runner.invoke(main, ["parse", "--fhir", "Oxaliplatin 85 mg/m2 iv d1 q2w"]).output)
    assert dosage["timing"]["repeat"]["period"] == 2
