"""Exchange formats: the JSON Schema and FHIR R4 Dosage with UCUM and SNOMED CT."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.dosage import Dosage
from ucumvert import get_ucum_parser

from corpus import load
from regimen import Regimen, RegimenSchemaError, parse_dose, parse_regimen
from regimen.fhir import EXTENSION, SNOMED, UCUM, _table, regimen_to_bundle
from regimen.serialize import schema

ROWS = load()
REGIMENS = [(row["id"], parse_regimen(row["text"])) for row in ROWS]
COMPONENTS = [(where, c) for where, regimen in REGIMENS for c in regimen.components]


def test_schema_ships_in_the_package_and_is_valid_2020_12():
    shipped = json.loads((resources.files("regimen.data") / "regimen.schema.json").read_text(encoding="utf-8"))
    assert shipped["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(shipped)
    assert schema() == shipped


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_every_corpus_output_validates(row):
    data = json.loads(json.dumps(parse_regimen(row["text"]).to_dict()))
    jsonschema.Draft202012Validator(schema()).validate(data)


def test_from_dict_rejects_what_the_schema_rejects():
    with pytest.raises(RegimenSchemaError, match=r"components/0/dose: .* is not valid under any of the given schemas"):
        Regimen.from_dict({"components": [{"dose": {"unit": "mg"}}]})


@pytest.mark.parametrize(("where", "component"), COMPONENTS, ids=[f"{w}-{i}" for i, (w, _) in enumerate(COMPONENTS)])
def test_every_corpus_component_is_a_valid_fhir_r4_dosage(where, component):
    dosage = component.to_fhir()
    Dosage.model_validate(dosage)
    assert dosage["text"] == str(component)


def _codes(node):
    """Every UCUM code in a Dosage (quantities and timing units)."""
    if isinstance(node, dict):
        if node.get("system") == UCUM:
            yield node["code"]
        for key in ("periodUnit", "durationUnit"):
            if key in node:
                yield node[key]
        for value in node.values():
            yield from _codes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _codes(value)


def test_every_corpus_regimen_is_a_valid_fhir_r4_bundle():
    for where, regimen in REGIMENS:
        bundle = regimen_to_bundle(regimen)
        Bundle.model_validate(bundle)
        assert len(bundle["entry"]) == len(regimen.components), where


def test_every_ucum_code_we_emit_parses_as_ucum():
    parser = get_ucum_parser()
    emitted = {code for _, c in COMPONENTS for code in _codes(c.to_fhir())}
    emitted |= {code for _, regimen in REGIMENS for code in _codes(regimen_to_bundle(regimen))}
    emitted |= {code for code, *_ in _table("ucum.txt").values()}
    for code in sorted(emitted):
        parser.parse(code)  # raises on anything that is not UCUM
    assert {"mg/m2", "mg/kg", "[iU]", "ug", "mg.min/mL", "d", "wk", "min", "h"} <= emitted


def test_dose_route_timing_and_extension():
    dosage = parse_dose(
        "Cetuximab 400 mg/m2 (maximum 800 mg) IV over 120 min weekly × 6, D1, q3w × 4 cycles"
    ).to_fhir()
    assert dosage["doseAndRate"] == [
        {"doseQuantity": {"value": 400, "unit": "mg/m²", "system": UCUM, "code": "mg/m2"}}
    ]
    assert dosage["maxDosePerAdministration"]["code"] == "mg"
    assert dosage["route"]["coding"] == [{"system": SNOMED, "code": "47625008", "display": "Intravenous route"}]
    assert dosage["timing"]["repeat"] == {
        "frequency": 1, "period": 1, "periodUnit": "wk", "count": 6, "duration": 120, "durationUnit": "min",
    }
    (extension,) = dosage["extension"]
    assert extension["url"] == EXTENSION
    parts = {e["url"]: e for e in extension["extension"]}
    assert parts["cycleCount"]["valueInteger"] == 4 and parts["days"]["valueString"] == "D1"


def test_radiotherapy_goes_into_the_extension():
    dosage = parse_dose("Radiotherapy 50.4 Gy in 28 fractions, 5 fractions a week").to_fhir()
    parts = {e["url"]: e for e in dosage["extension"][0]["extension"]}
    assert parts["fractionCount"]["valueInteger"] == 28
    assert parts["fractionDose"]["valueQuantity"] == {"value": 1.8, "unit": "Gy", "system": UCUM, "code": "Gy"}
    assert dosage["timing"]["repeat"]["frequency"] == 5


def test_routes_without_a_confirmed_code_are_text_only():
    dosage = parse_dose("Salbutamol 2 puffs inhaled four times daily").to_fhir()
    assert dosage["route"] == {"text": "inhalation"}
