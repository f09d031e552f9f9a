"""Every spelling of a concept parses to the same object as its canonical form."""

from __future__ import annotations

import pytest

from regimen import parse_regimen

TABLES = {
    "capecitabine 825 mg/m²": [
        "Capecitabine 825mg/m2", "capecitabine 825 mg/m²", "Capecitabine 825 mg/m^2", "CAPECITABINE 825 mg/m(2)",
        "Capecitabine: 825 mg per m2", "Capecitabine 0.825 g/m2", "Capecitabine ８２５ mg/m²",
    ],
    "drug 10 mg/kg": ["Drug 10 mg/kg", "Drug 10mg/kg", "drug 10 mg per kg", "Drug 10000 µg/kg", "Drug 10 milligrams/kg"],
    "carboplatin AUC 5": ["Carboplatin AUC 5", "Carboplatin AUC5", "Carboplatin AUC = 5", "carboplatin AUC 5 mg/mL·min"],
    "drug 850-1000 mg/m²": ["Drug 850-1000 mg/m2", "drug 850–1000 mg/m²", "Drug 850 to 1000 mg/m2"],
    "drug 250 µg": ["Drug 250 μg", "Drug 250 µg", "Drug 250 mcg", "Drug 250ug", "Drug 0.25 mg"],
    "interferon 3 MIU": ["Interferon 3 MIU", "interferon 3 million units", "Interferon 3000000 IU"],
    "drug 25 mg/m²/d": ["Drug 25 mg/m2/d", "Drug 25 mg/m²/day", "drug 25 mg/m2 per day"],
    "drug PO": ["Drug po", "Drug p.o.", "Drug orally", "Drug by mouth", "Drug PO"],
    "drug IV": ["Drug iv", "Drug IV", "Drug ivd", "Drug ivgtt", "Drug i.v.", "Drug IV drip", "Drug intravenously"],
    "drug SC": ["Drug ih", "Drug sc", "Drug s.c.", "Drug subcutaneously", "Drug SC"],
    "drug IM": ["Drug im", "Drug i.m.", "Drug intramuscularly"],
    "drug QD": ["Drug qd", "Drug od", "Drug daily", "Drug once daily", "Drug once a day", "Drug every day"],
    "drug BID": ["Drug bid", "Drug b.i.d.", "Drug BID", "Drug twice daily", "Drug twice a day", "Drug 2 times daily",
                 "Drug twice per day"],
    "drug TID": ["Drug tid", "Drug three times daily", "Drug 3 times a day"],
    "drug QID": ["Drug qid", "Drug four times a day"],
    "drug q12h": ["Drug q12h", "Drug every 12 hours", "Drug Q12H", "Drug q 12 h"],
    "drug QW": ["Drug qw", "Drug weekly", "Drug once weekly", "Drug once a week", "Drug every week"],
    "drug TIW": ["Drug tiw", "Drug three times weekly", "Drug 3 times a week"],
    "drug, D1-14": ["Drug d1-14", "Drug D1-14", "Drug d1-d14", "Drug days 1-14", "Drug days 1 to 14", "Drug d1~14",
                    "Drug the first 14 days", "Drug days 1 through 14"],
    "drug, D1, 8, 15": ["Drug d1,8,15", "Drug days 1, 8 and 15", "Drug day 1, day 8 and day 15", "Drug d1, d8, d15"],
    "drug, D6 or D7": ["Drug D6 or D7", "Drug day 6 or day 7", "Drug d6 or 7"],
    "drug, week 1": ["Drug week 1", "Drug Week 1", "Drug in week 1", "Drug the first week", "Drug d1-7"],
    "drug, q3w": ["Drug q3w", "Drug Q3W", "Drug q21d", "Drug every 3 weeks", "Drug every 21 days", "Drug 21-day cycle",
                  "Drug 3-week cycles", "Drug in cycles of 3 weeks"],
    "drug, × 4 cycles": ["Drug × 4 cycles", "Drug x4 cycles", "Drug 4 cycles", "Drug four cycles", "Drug for 4 cycles",
                         "Drug total 4 cycles", "Drug a total of 4 cycles"],
    "drug, q3w × 6 cycles": ["Drug repeated every 3 weeks for 6 cycles", "Drug q3w × 6 cycles", "Drug Q3W x 6",
                             "Drug every 21 days for six cycles"],
    "drug, infusion over 30 min": ["Drug over 30 min", "Drug over 30 minutes", "Drug 30-min infusion",
                                   "Drug infused over 30 minutes", "Drug over 0.5 h"],
    "drug, infusion over 60 ± 5 min": ["Drug for 60±5min", "Drug over 60 ± 5 minutes", "Drug 60 +/- 5 min"],
    "drug, infusion > 2 h": ["Drug >2h", r"Drug \>2h", "Drug > 2 hours", "Drug more than 2 h"],
    "drug, for 7 days": ["Drug x 7 days", "Drug for 7 days", "Drug a total of 7 days", "Drug for 1 week"],
    "5 × 5 Gy": ["5×5Gy", "5x5 Gy", r"5\*5Gy", "5 × 5 Gy", "5 fractions of 5 Gy", "5 Gy × 5"],
    "25 Gy in 5 fractions": ["25 Gy in 5 fractions", "25 Gy/5 fx", "25Gy/5f", "total dose of 25 Gy in 5 fractions",
                             "2500 cGy in 5 fractions", "25 Gy in five fractions"],
    "28 × 1.8 Gy": [r"1.8Gy per time\*28", "180 cGy × 28", "28 × 1.8 Gy", "1.8 Gy/fraction × 28", "1.8 Gy × 28 fractions"],
    "tegafur 100 mg + leucovorin 50 mg": [
        "Tegafur 100 mg + leucovorin 50 mg", "Tegafur 100 mg; leucovorin 50 mg", "Tegafur 100 mg and leucovorin 50 mg",
        "Tegafur 100 mg with leucovorin 50 mg", "Tegafur 100 mg followed by leucovorin 50 mg",
        "Tegafur 100 mg leucovorin 50 mg", "Tegafur 100 mg, then leucovorin 50 mg", "Tegafur 100 mg plus leucovorin 50 mg",
    ],
}
PAIRS = [(variant, canonical) for canonical, variants in TABLES.items() for variant in variants]


@pytest.mark.parametrize(("variant", "canonical"), PAIRS)
def test_variant_parses_like_canonical(variant, canonical):
    assert parse_regimen(variant) == parse_regimen(canonical)


@pytest.mark.parametrize("canonical", TABLES)
def test_canonical_form_is_what_the_formatter_prints(canonical):
    assert str(parse_regimen(canonical)) == canonical
