"""Drug identity: ``Component.drug`` from the drug lexicon and ``regimen_drugs.txt``."""

from __future__ import annotations

import json

import jsonschema
import pytest

from regimen import Regimen, RegimenSchemaError, drugs, identity, parse_dose, parse_regimen
from regimen.identity import Drug, Naming, drug_of, naming, regimen_parts
from regimen.serialize import schema
from regimen.vocab import regimens


@pytest.mark.parametrize(
    ("text", "generic", "named_as", "drugbank"),
    [
        ("Pembrolizumab 200 mg IV q3w", "pembrolizumab", Naming.GENERIC, "DB09037"),
        ("Keytruda 200 mg IV q3w", "pembrolizumab", Naming.SYNONYM, "DB09037"),
        ("5-FU 2400 mg/m2 civ over 46h", "fluorouracil", Naming.ABBREVIATION, "DB00544"),
        ("CDDP 75 mg/m2 d1", "cisplatin", Naming.ABBREVIATION, "DB00515"),
        ("Folinic acid 400 mg/m2 iv d1", "leucovorin", Naming.SYNONYM, "DB00650"),
        ("Humira 40 mg sc every other week", "adalimumab", Naming.BRAND, "DB00051"),
        ("Fluorouracil 400 mg/m2 iv bolus d1", "fluorouracil", Naming.GENERIC, "DB00544"),
    ],
)
def test_a_known_name_gives_its_generic_ids_and_how_it_was_named(text, generic, named_as, drugbank):
    component = parse_dose(text)
    drug = component.drug
    assert (drug.generic, drug.named_as, drug.code("drugbank")) == (generic, named_as, drugbank)
    assert text.lower().startswith(component.agent + " ")  # agent stays as written


def test_identifiers_come_in_a_fixed_order_of_systems():
    drug = parse_dose("Capecitabine 1000 mg/m2 po bid d1-14").drug
    assert drug.ids == (("drugbank", "DB01101"), ("mesh", "D000964"), ("medlineplus", "a699003"))


def test_a_brand_and_its_generic_count_as_one_drug_but_stay_two_components():
    brand, generic = parse_regimen("Keytruda 200 mg q3w; pembrolizumab 200 mg q3w").components
    assert brand != generic  # equality is on the agent as written, unchanged
    assert brand.drug.generic == generic.drug.generic == "pembrolizumab"


def test_a_regimen_acronym_names_its_parts_by_generic_name():
    drug = parse_regimen("mFOLFOX6 q2w × 12 cycles").components[0].drug
    assert (drug.generic, drug.named_as, drug.ids) == ("FOLFOX", Naming.REGIMEN, ())
    assert [part.generic for part in drug.parts] == ["leucovorin", "fluorouracil", "oxaliplatin"]
    assert all(part.named_as is Naming.GENERIC and part.code("drugbank") for part in drug.parts)


def test_every_regimen_of_the_vocabulary_has_parts_the_lexicon_knows():
    assert set(regimen_parts()) == regimens()
    for value, names in regimen_parts().items():
        drug = drug_of(value)
        assert [part.generic for part in drug.parts] == list(names), value


def test_an_agent_of_agents_txt_is_found_by_its_other_spellings():
    drug = parse_dose("S-1 40 mg/m2 po bid d1-14 q3w").drug
    assert drug.generic == "tegafur/gimeracil/oteracil" and drug.named_as is Naming.ABBREVIATION


@pytest.mark.parametrize("agent", ["radiotherapy", "imrt", "TS-1 junk", "zorblaxomab", None, "  "])
def test_modalities_and_unknown_names_are_no_drug(agent):
    assert drug_of(agent) is None


def test_a_lexicon_page_that_is_no_article_is_no_drug():
    assert drugs.canonical("ts-1").startswith("template:")  # the lexicon's own entry
    assert drugs.identity("ts-1") is None


def test_the_drug_is_not_looked_up_while_parsing(monkeypatch):
    def refuse(*names):
        raise AssertionError(f"drug_of{names!r} during parsing")

    monkeypatch.setattr(identity, "drug_of", refuse)
    regimen = parse_regimen("Herceptin 8 mg/kg loading then 6 mg/kg q3w; Docetaxel 75 mg/m2 d1 q3w")
    assert [c.agent for c in regimen.components] == ["herceptin", "herceptin", "docetaxel"]
    with pytest.raises(AssertionError, match="during parsing"):
        regimen.components[0].drug


@pytest.mark.parametrize(
    ("written", "generic", "brand", "expected"),
    [
        ("Fluoro-Uracil", "fluoro-uracil", False, Naming.GENERIC),
        ("ara-C", "cytarabine", False, Naming.ABBREVIATION),
        ("IL-2", "aldesleukin", False, Naming.ABBREVIATION),
        ("ara-C", "cytarabine", True, Naming.BRAND),
        ("calcium folinate", "leucovorin", False, Naming.SYNONYM),
        ("abcde", "other", False, Naming.SYNONYM),
    ],
)
def test_how_a_spelling_names_a_drug(written, generic, brand, expected):
    assert naming(written, generic, brand) is expected


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"generic": " ", "named_as": Naming.GENERIC}, "needs a generic name"),
        ({"generic": "x", "named_as": "generic"}, "named_as is one of"),
        ({"generic": "x", "named_as": Naming.GENERIC, "ids": (("drugbank",),)}, r"\(system, code\) pair"),
        ({"generic": "x", "named_as": Naming.BRAND, "parts": (Drug(generic="y", named_as=Naming.GENERIC),)},
         "only a regimen has parts"),
    ],
)
def test_a_drug_refuses_what_it_cannot_be(fields, message):
    with pytest.raises(ValueError, match=message):
        Drug(**fields)


def test_to_dict_emits_the_drug_and_from_dict_reads_it_back():
    regimen = parse_regimen("XELOX q3w × 8 cycles; Adriamycin 60 mg/m2 d1; radiotherapy 45 Gy in 25 fractions")
    data = json.loads(json.dumps(regimen.to_dict()))
    jsonschema.Draft202012Validator(schema()).validate(data)
    xelox, adriamycin, radiation = data["components"]
    assert [part["generic"] for part in xelox["drug"]["parts"]] == ["capecitabine", "oxaliplatin"]
    assert adriamycin["drug"]["generic"] == "doxorubicin" and adriamycin["drug"]["named_as"] == "synonym"
    assert {"system": "mesh", "code": "D059005"} in adriamycin["drug"]["ids"]
    assert "drug" not in radiation
    assert Regimen.from_dict(data) == regimen
    assert Drug.from_dict(adriamycin["drug"]) == regimen.components[1].drug


def test_from_dict_refuses_a_drug_the_agent_does_not_name():
    data = parse_regimen("Adriamycin 60 mg/m2 d1").to_dict()
    data["components"][0]["drug"]["generic"] = "epirubicin"
    with pytest.raises(RegimenSchemaError, match="gives 'epirubicin' .* reads it as 'doxorubicin'"):
        Regimen.from_dict(data)
    data["components"][0]["agent"] = "zorblaxomab"
    with pytest.raises(RegimenSchemaError, match="reads it as no known drug"):
        Regimen.from_dict(data)


def test_the_schema_refuses_a_malformed_drug():
    data = {"components": [{"agent": "adriamycin", "drug": {"generic": "doxorubicin", "named_as": "nickname", "ids": []}}]}
    with pytest.raises(RegimenSchemaError, match="components/0/drug/named_as: 'nickname' is not one of"):
        Regimen.from_dict(data)


def test_the_child_keeps_only_names_brands_and_identifiers():
    """The generator the child runs and the reader, on a record shaped as the package's."""
    space: dict = {}
    exec(drugs._LINES, space)
    data = {
        "drug_variant_to_canonical": {"zorbamab": ["zorbamab"], "zorbix": ["zorbamab"], "zb\tx": ["zorbamab"]},
        "drug_variant_to_variant_data": {"zorbix": {"is_brand": True}, "zorbamab": {"is_brand": False}},
        "drug_canonical_to_data": {
            "zorbamab": {"name": "Zorbamab", "drugbank_id": "DB99999", "mesh_id": "D999", "smiles": "CCO"},
            "plain": {"name": "Plain"},
        },
    }
    found = drugs._read(space["lines"](data, drugs.IDENTIFIERS))
    assert found.names == {"zorbamab": "zorbamab", "zorbix": "zorbamab", "zb x": "zorbamab"}
    assert found.brands == {"zorbix"}
    assert found.ids == {"zorbamab": (("drugbank", "DB99999"), ("mesh", "D999"))}


def test_an_unknown_agent_is_identified_by_the_name_in_its_bracket():
    component = parse_dose("MK-3475 (pembrolizumab) 200 mg iv q3w")
    assert (component.agent, component.alias) == ("mk-3475", "pembrolizumab")
    assert component.drug.generic == "pembrolizumab" and component.drug.code("drugbank") == "DB09037"
    data = parse_regimen("MK-3475 (pembrolizumab) 200 mg iv q3w").to_dict()
    assert data["components"][0]["drug"]["generic"] == "pembrolizumab"
    assert Regimen.from_dict(data).components[0].drug == component.drug


def test_a_modality_is_no_drug_whatever_its_bracket_names():
    assert drug_of("chemoradiotherapy", "capecitabine") is None
    assert drug_of("radiotherapy", "scrt") is None
