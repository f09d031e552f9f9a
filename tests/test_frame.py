"""regimen.frame.to_frame: one typed row per component, the input's index kept, failures as rows."""

from decimal import Decimal

import pandas as pd
import pytest

from regimen import parse_regimen
from regimen.frame import COLUMNS, to_frame

# Invented strings, one per shape the frame must carry.
TWO_DRUGS = "Irinotecan 180 mg/m2 IV over 90 min D1 + leucovorin 400 mg/m2 IV D1, q14d x 12 cycles"
RADIO = "Radiotherapy 2.5 Gy x 16 fractions"
SIG = "Metoclopramide 10 mg PO q6h"
RANGE = "Gemcitabine 800-1000 mg/m2 IV D1,8 q3w for 4-6 cycles"
UNITS = "Teriparatide 20 ug SC daily; heparin 5000 IU SC q12h; carboplatin AUC 6 IV D1 q3w"
UNREAD = "Etoposide 100 mg/m2 IV D1-3 then 5 @@ 7"


def test_one_row_per_component_with_the_input_index_kept():
    series = pd.Series([TWO_DRUGS, RADIO], index=pd.Index(["arm A", "arm B"], name="arm"), name="regimen")
    frame = to_frame(series)
    assert frame.index.names == ["arm", "component"]
    assert list(frame.index) == [("arm A", 0), ("arm A", 1), ("arm B", 0)]
    assert list(frame["agent"]) == ["irinotecan", "leucovorin", "radiotherapy"]
    assert list(frame["text"]) == [TWO_DRUGS, TWO_DRUGS, RADIO]


def test_a_multiindex_gains_a_component_level():
    index = pd.MultiIndex.from_tuples([("NCT1", 1), ("NCT1", 2)], names=["trial", "arm"])
    frame = to_frame(pd.Series([SIG, TWO_DRUGS], index=index))
    assert frame.index.names == ["trial", "arm", "component"]
    assert list(frame.index) == [("NCT1", 1, 0), ("NCT1", 2, 0), ("NCT1", 2, 1)]


def test_a_list_or_generator_is_numbered_from_zero():
    frame = to_frame(text for text in (SIG, RADIO))
    assert list(frame.index) == [(0, 0), (1, 0)]


def test_columns_and_dtypes_are_fixed():
    frame = to_frame([SIG])
    assert list(frame.columns) == list(COLUMNS)
    dtypes = frame.dtypes
    assert dtypes["agent"] == pd.StringDtype() and dtypes["unit"] == pd.StringDtype()
    assert dtypes["dose"] == object and dtypes["fraction_dose"] == object
    assert str(dtypes["cycle_count"]) == "Int64" and str(dtypes["frequency_per_day"]) == "Float64"
    assert str(dtypes["partial"]) == "boolean"
    assert list(dtypes["route"].categories)[:2] == ["oral", "intravenous"]
    assert list(dtypes["basis"].categories) == ["flat", "per_m2", "per_kg", "auc"]


def test_values_of_a_chemotherapy_line():
    row = to_frame([TWO_DRUGS]).iloc[0]
    assert row["dose"] == Decimal("180") and isinstance(row["dose"], Decimal)
    assert row["unit"] == "mg/m2" and row["basis"] == "per_m2" and row["route"] == "intravenous"
    assert row["infusion_minutes"] == 90 and row["days"] == "D1"
    assert row["cycle_days"] == 14 and row["cycle_count"] == 12
    assert row["canonical"].startswith("irinotecan 180 mg/m² IV")
    assert row["unresolved"] == () and not row["partial"] and pd.isna(row["error"])


def test_fractions_are_exact_and_the_derived_total_is_filled():
    row = to_frame([RADIO]).iloc[0]
    assert (row["fraction_count"], row["fraction_dose"], row["total_dose"]) == (16, Decimal("2.5"), Decimal("40"))
    assert pd.isna(row["unit"]) and pd.isna(row["basis"])


def test_frequency_per_day_and_ranges():
    assert to_frame([SIG]).iloc[0]["frequency_per_day"] == 4
    assert to_frame(["Ondansetron 8 mg PO q8h"]).iloc[0]["frequency_per_day"] == 3  # exactly, not 3.0000000000000004
    row = to_frame([RANGE]).iloc[0]
    assert (row["dose"], row["dose_high"]) == (Decimal("800"), Decimal("1000"))
    assert (row["cycle_count"], row["cycle_count_high"], row["cycle_days"]) == (4, 6, 21)
    assert row["days"] == "D1, 8"


def test_units_are_ucum_codes():
    frame = to_frame([UNITS])
    assert list(frame["unit"]) == ["ug", "[iU]", "mg.min/mL"]
    assert list(frame["basis"]) == ["flat", "flat", "auc"]
    assert frame.iloc[1]["frequency_per_day"] == 2


def test_unread_text_is_kept_and_flags_the_row_partial():
    row = to_frame([UNREAD]).iloc[0]
    assert row["partial"] and row["unresolved"] == ("5 @@ 7",)
    assert any("not understood" in warning for warning in row["warnings"])


def test_failures_are_rows_not_exceptions():
    frame = to_frame(pd.Series(["hello there", "", "   ", None, float("nan"), SIG], index=list("abcdef")))
    assert list(frame.index) == [(key, 0) for key in "abcdef"]
    errors = list(frame["error"].iloc[:5])
    assert errors[0] == "no regimen in the text at position 0"
    assert errors[1:3] == ["blank text (no regimen)"] * 2
    assert errors[3:5] == ["no text (missing value)"] * 2
    assert frame["error_position"].iloc[0] == 0 and pd.isna(frame["error_position"].iloc[1])
    assert frame["agent"].iloc[:5].isna().all() and frame["partial"].iloc[:5].isna().all()
    assert frame.iloc[5]["agent"] == "metoclopramide" and pd.isna(frame.iloc[5]["error"])


def test_strict_refuses_what_recovery_keeps():
    assert pd.isna(to_frame([UNREAD])["error"].iloc[0])
    error = to_frame([UNREAD], strict=True)["error"].iloc[0]
    assert error.startswith("unexpected") and "at position" in error


@pytest.mark.parametrize("value", [42, ["Cisplatin 75 mg/m2"], b"Cisplatin 75 mg/m2"])
def test_a_value_that_is_not_text_raises_type_error(value):
    with pytest.raises(TypeError, match="takes a str"):
        to_frame([value])


def test_exact_false_gives_floats_for_plots():
    frame = to_frame([RADIO, RANGE], exact=False)
    assert str(frame.dtypes["dose"]) == "Float64" and str(frame.dtypes["total_dose"]) == "Float64"
    assert frame["total_dose"].iloc[0] == 40.0 and frame["dose_high"].iloc[1] == 1000.0


def test_empty_input_gives_an_empty_frame_with_the_columns():
    frame = to_frame([])
    assert frame.empty and list(frame.columns) == list(COLUMNS)
    assert frame.index.names == [None, "component"]


def test_the_documented_join_one_liner():
    df = pd.DataFrame({"regimen": [SIG, TWO_DRUGS], "arm": ["control", "study"]}, index=[10, 20])
    joined = df.join(to_frame(df["regimen"]))
    assert list(joined.index) == [(10, 0), (20, 0), (20, 1)]
    assert list(joined["arm"]) == ["control", "study", "study"]
    assert list(joined["agent"]) == ["metoclopramide", "irinotecan", "leucovorin"]


def test_the_dask_recipe_equals_pandas():
    dd = pytest.importorskip("dask.dataframe")
    df = pd.DataFrame({"regimen": [SIG, TWO_DRUGS, "", RADIO, "hello there", RANGE, UNITS]})
    ddf = dd.from_pandas(df, npartitions=3)
    # The recipe of regimen.frame's docstring, as written there.
    meta = to_frame([]).reset_index(level="component")
    parts = ddf["regimen"].map_partitions(lambda s: to_frame(s).reset_index(level="component"), meta=meta)
    pd.testing.assert_frame_equal(parts.compute(), to_frame(df["regimen"]).reset_index(level="component"))


def test_whole_amounts_show_without_an_exponent():
    row = to_frame(["SBRT 8 Gy x 5"]).iloc[0]
    assert row["total_dose"] == Decimal(40) and str(row["total_dose"]) == "40"


def test_drug_identity_columns():
    frame = to_frame(["Keytruda 200 mg IV q3w; 5-fu 400 mg/m2 IV D1", "FOLFOX q2w", "Radiotherapy 2 Gy x 30", "Zorblaxumab 5 mg"])
    assert list(frame["agent"]) == ["keytruda", "5-fu", "folfox", "radiotherapy", "zorblaxumab"]
    assert list(frame["drug"].iloc[:3]) == ["pembrolizumab", "fluorouracil", "FOLFOX"]
    assert frame["drug"].iloc[3:].isna().all() and frame["drug_ids"].iloc[3:].isna().all()
    assert frame["drug_named_as"].iloc[0] in ("brand", "synonym")
    assert list(frame["drug_named_as"].iloc[1:3]) == ["abbreviation", "regimen"]
    assert ("drugbank", "DB00544") in frame["drug_ids"].iloc[1]
    assert frame["drug_parts"].iloc[2] == ("leucovorin", "fluorouracil", "oxaliplatin")
    assert frame["drug_parts"].iloc[0] == ()


def test_unit_is_the_code_fhir_exports():
    texts = [UNITS, RANGE, TWO_DRUGS, "Cytarabine 100 mg/m2/d continuous infusion D1-7", "Infliximab 5 mg/kg IV week 0, 2, 6"]
    frame = to_frame(texts)
    components = [c for text in texts for c in parse_regimen(text).components]
    for unit, component in zip(frame["unit"], components, strict=True):
        dose_and_rate = component.to_fhir()["doseAndRate"][0]
        quantity = dose_and_rate.get("doseQuantity") or dose_and_rate["doseRange"]["low"]
        assert unit == quantity["code"]
