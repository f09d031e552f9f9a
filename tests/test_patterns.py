"""The token-pattern engine (regimen.patterns) and the number notations its rules read."""

from __future__ import annotations

from decimal import Decimal

import pytest

from regimen import RegimenParseError, parse_dose, parse_regimen
from regimen.lexer import Source, lex
from regimen.patterns import STAGES, Stage, compile_rule, stage
from regimen.preprocess import tokenize


def _lexemes(text: str):
    from regimen.lexer import _match

    return _match(tokenize(text), text)


def _run(rules: list[str], text: str):
    engine = Stage("test", [compile_rule(rule, f"r{i}") for i, rule in enumerate(rules)])
    return [(item.type, text[item.start : item.end]) for item in engine.apply(_lexemes(text), text)]


def test_a_target_is_retyped_and_context_is_only_matched():
    got = _run(['slash-days: DAY NUMBER [PER]->OR NUMBER'], "d2/3 and 4/5")
    assert got[:4] == [("DAY", "d"), ("NUMBER", "2"), ("OR", "/"), ("NUMBER", "3")]
    assert ("PER", "/") in got[4:]  # no day before 4/5


def test_merge_keeps_the_text_and_drop_makes_connective_text():
    got = _run(['m: [NUMBER DOSE_UNIT PER DOSE_UNIT:mL]->merge:WORD', 'd: [FROM]->drop DAY'], "1 mg/mL from d1")
    assert got[0] == ("WORD", "1 mg/mL") and ("FILLER", "from") in got


def test_glue_negation_optional_and_lookahead():
    rule = 'g: !NUMBER [NUMBER ~"," ~NUMBER]->@decimal &DOSE_UNIT'
    assert _run([rule], "x 1,4 mg")[1] == ("NUMBER", "1,4")
    assert ("NUMBER", "1") in _run([rule], "x 1, 4 mg")  # not glued: a list
    assert ("NUMBER", "1") in _run([rule], "x 1,4 d")  # no unit after
    assert _run(['o: [NUMBER FILLER? UNTIL]->merge:WORD'], "1 until")[0] == ("WORD", "1 until")


def test_first_rule_in_file_order_wins_and_matches_do_not_overlap():
    got = _run(['a: [NUMBER]->WORD', 'b: [NUMBER DOSE_UNIT]->merge:JUNK'], "5 mg 6")
    assert got == [("WORD", "5"), ("DOSE_UNIT", "mg"), ("WORD", "6")]


def test_anchors():
    assert _run(['s: ^ [NUMBER]->WORD'], "1 2")[:2] == [("WORD", "1"), ("NUMBER", "2")]
    assert _run(['e: [NUMBER]->WORD $'], "1 2")[:2] == [("NUMBER", "1"), ("WORD", "2")]


@pytest.mark.parametrize(
    ("rule", "error"),
    [("no colon here", "Unexpected"), ("x: [NUMBER]->@nosuch", "no pattern function @nosuch"), ("x: [NUMBER", "Unexpected")],
)
def test_a_broken_rule_is_refused_when_compiled(rule, error):
    with pytest.raises(Exception, match=error):
        compile_rule(rule, "r")


def test_every_stage_of_the_data_file_compiles():
    assert all(isinstance(stage(name), Stage) for name in STAGES)
    with pytest.raises(KeyError):
        stage("nosuch")


# --- number notations (data/patterns.txt, lexer) ------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Digoxin 0,125 mg", "0.125"),  # a decimal comma, never 125
        ("Vincristine 1,4 mg/m2", "1.4"),
        ("misoprostol 12,5 mcg", "12.5"),
        ("Cisplatin 1,000 mg", "1000"),  # a comma before three digits groups thousands
        ("Cisplatin 1 000 mg", "1000"),  # a space group that opens with 0 can only be thousands
        ("IL-2 at a dose of 720 000 IU/kg", "720000"),
        ("Drug 1.125 mg", "1.125"),
    ],
)
def test_numbers_read_as_written(text, value):
    assert parse_dose(text).dose.amount == Decimal(value)


@pytest.mark.parametrize(
    ("text", "kept"),
    [("Cisplatin 1.000 mg IV", "1.000 mg"), ("Methotrexate 3.000 mg/m2", "3.000 mg/m2"),
     ("Cisplatin 10,00 mg IV", "10,00 mg"), ("Heparin 12 500 units sc", "12 500 units"),
     ("Cytarabine 1 500 mg IV", "1 500 mg"), ("Vitamin D3 1,00,000 IU IM", "1,00,000 IU")],
)
def test_numbers_that_read_two_ways_are_refused_or_kept_unresolved(text, kept):
    regimen = parse_regimen(text)
    (component,) = regimen.components
    assert component.dose is None and regimen.partial and component.warnings
    assert kept in component.unresolved
    assert text[: text.index(kept)].strip().lower() == component.agent
    with pytest.raises(RegimenParseError, match="reads two ways"):
        parse_regimen(text, strict=True)


@pytest.mark.parametrize(
    ("text", "agent", "amount"),
    [("Interleukin 2 100 IU d1", "interleukin 2", "100"), ("VP 16 100 mg/m2 IV", "vp 16", "100")],
)
def test_a_number_in_a_drug_name_is_not_a_digit_group(text, agent, amount):
    component = parse_dose(text)
    assert (component.agent, component.dose.amount) == (agent, Decimal(amount))


def test_lists_and_days_keep_their_commas():
    assert str(parse_dose("docetaxel 36 mg/m2, d1,d15,1h")) == "docetaxel 36 mg/m², infusion over 1 h, D1, 15"
    assert parse_dose("Gemcitabine 1000 mg/m2 d1,8").days.day_ranges == ((1, 1), (8, 8))
    text = "docetaxel 25,30,35,40 mg/m2"
    numbers = [item.value for item in lex(Source(text, tokenize(text))) if item.type == "NUMBER"]
    assert numbers[-3:] == [30, 35, 40]  # a list, never 35.40


def test_a_group_matches_either_of_its_sequences():
    rule = 'g: ["x" (NUMBER DOSE_UNIT / "y")+]->merge:WORD'
    assert _run([rule], "x 5 mg y 6")[0] == ("WORD", "x 5 mg y")
