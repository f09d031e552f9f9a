"""Calendars and planned dose intensity from parsed (invented) regimen strings."""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

import icalendar
import pytest

from regimen import parse_dose, parse_regimen, units
from regimen.clinical import (
    MissingInputError, Patient, UncomputableError, calendar, dose_for, intensity, relative_intensity,
)
from regimen.clinical.errors import ClinicalError

START = date(2027, 1, 4)
PATIENT = Patient(height=180, weight=80, sex="male", age=50, creatinine=1)  # BSA 2 m², CG 100 mL/min


def per_m2_week():
    return units.unit("mg") / units.unit("m") ** 2 / units.unit("week")


def test_a_cycled_regimen_gives_dated_absolute_doses():
    plan = calendar(parse_regimen("Gemcitabine 1000 mg/m2 IV d1,8,15 q4w x 2 cycles + Carboplatin AUC 5 IV d1 q4w x 2 cycles"),
                    START, patient=PATIENT)
    got = [(e.date.isoformat(), e.cycle, e.day, e.agent, str(e.dose_text)) for e in plan.events]
    assert got[:3] == [("2027-01-04", 1, 1, "gemcitabine", "2000 mg"), ("2027-01-04", 1, 1, "carboplatin", "625 mg"),
                       ("2027-01-11", 1, 8, "gemcitabine", "2000 mg")]
    assert len(got) == 8 and got[-1] == ("2027-02-15", 2, 15, "gemcitabine", "2000 mg")
    assert [d.agent for d in plan.doses] == ["gemcitabine", "carboplatin"]  # 5 × (100 + 25)


def test_within_day_frequency_successive_phases_and_the_frame():
    text = "Oxaliplatin 130 mg/m2 IV d1 q3w x 2 cycles then Capecitabine 1000 mg/m2 PO bid d1-14 q3w x 1 cycle"
    plan = calendar(parse_regimen(text), START)
    capecitabine = [e for e in plan.events if e.agent == "capecitabine"]
    assert len(capecitabine) == 28 and capecitabine[0].date == date(2027, 2, 15)  # after 2 × 21 days
    assert {e.per_day for e in capecitabine} == {2} and capecitabine[1].administration == 2
    frame = plan.to_frame()
    assert list(frame.columns) == ["date", "phase", "cycle", "day", "administration", "per_day", "agent", "dose",
                                   "unit", "route"]
    assert len(frame) == 30 and frame.loc[0, "dose"] == Decimal(130) and frame.loc[0, "unit"] == "mg/m²"
    assert plan.to_frame(floats=True)["dose"].dtype == float


def test_a_daily_dose_split_in_divided_doses():
    plan = calendar(parse_dose("Fluorouracil 2000 mg/m2/d in 2 divided doses d1-2 q2w x 1 cycle"), START, patient=PATIENT)
    assert [e.dose_text for e in plan.events] == ["2000 mg"] * 4  # 4000 mg a day in two doses
    weekly = calendar(parse_dose("Methotrexate 70 mg/week PO daily for 14 days"), START)
    assert [e.dose_text for e in weekly.events] == ["10 mg"] * 14
    assert intensity(parse_dose("Methotrexate 70 mg/week PO daily for 14 days")).cumulative.magnitude == 140


def test_the_ical_file_reads_back_with_one_event_per_administration():
    plan = calendar(parse_dose("Paclitaxel 80 mg/m2 IV weekly x 12"), START, patient=PATIENT)
    stamp = datetime(2027, 1, 1, tzinfo=timezone.utc)
    data = plan.to_ical(stamp=stamp)
    assert data == plan.to_ical(stamp=stamp)  # UIDs come from the content
    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert [e.decoded("dtstart") for e in events] == [date(2027, 1, 4 + 7 * k) if k < 4 else e.decoded("dtstart")
                                                      for k, e in enumerate(events)]
    assert len(events) == 12 and str(events[-1]["summary"]) == "paclitaxel 160 mg intravenous"
    assert events[-1].decoded("dtstart") == date(2027, 3, 22)


def test_open_ended_schedules_need_a_horizon_or_a_count():
    pembrolizumab = parse_dose("Pembrolizumab 200 mg IV q3w")
    with pytest.raises(MissingInputError, match="cycles or horizon"):
        calendar(pembrolizumab, START)
    assert len(calendar(pembrolizumab, START, horizon=date(2027, 4, 1)).events) == 5  # days 0, 21, 42, 63, 84
    assert len(calendar(pembrolizumab, START, cycles=3).events) == 3
    capped = calendar(parse_dose("Pembrolizumab 200 mg IV q3w for up to 35 cycles"), START)
    assert len(capped.events) == 35 and "maximum" in capped.notes[0]
    with pytest.raises(MissingInputError, match="horizon"):
        calendar(parse_dose("Enoxaparin 40 mg SC daily"), START)
    assert len(calendar(parse_dose("Enoxaparin 40 mg SC daily"), START, horizon=10).events) == 10


@pytest.mark.parametrize(("text", "message"), [
    ("Penpulimab 200 mg IV D6 or D7", "alternatives"),
    ("Methotrexate 10 mg PO 3 times a week", "does not say on which days"),
    ("Capecitabine 1000 mg/m2 PO bid q3w x 2 cycles", "needs its days"),
    ("Cisplatin 75-100 mg/m2 d1 q3w x 4 cycles", "range"),
    ("Trastuzumab 8 mg/kg IV then 6 mg/kg q3w x 4 cycles", "phase 1 has no stated end"),
    ("Ondansetron 8 mg PO q8h for 3 days as needed", "text not understood \\('as needed'\\)"),
    ("Dexamethasone 40 mg PO d1-4 then 20 mg PO d5-8", "phase 1 has no stated end"),
    ("Pembrolizumab 200 mg IV q3w x 4 cycles or 400 mg IV q6w x 2 cycles", "alternatives"),
    ("Paclitaxel 80 mg/m2 IV weekly x 3 q4w x 6 cycles", "per cycle or in all"),
])
def test_what_cannot_be_laid_out_is_refused_and_named(text, message):
    with pytest.raises(UncomputableError, match=message):
        calendar(parse_regimen(text), START)


def test_unread_text_is_refused_unless_the_caller_accepts_a_note():
    ondansetron = parse_dose("Ondansetron 8 mg PO q8h for 3 days as needed")
    lenient = calendar(ondansetron, START, strict=False)
    assert len(lenient.events) == 9 and lenient.notes == ("ondansetron: not used: 'as needed'",)
    with pytest.raises(UncomputableError, match="as needed"):
        intensity(ondansetron)
    assert "text not understood: 'as needed'" in dose_for(ondansetron, PATIENT).notes


def test_a_component_with_no_dose_is_skipped_with_its_reason():
    plan = calendar(parse_regimen("Capecitabine 825 mg/m2 PO bid d1-5 q1w x 5 cycles with radiotherapy 50 Gy in 25 fractions"),
                    START)
    assert len(plan.events) == 50 and plan.skipped[0][0] == "radiotherapy"


def test_weekly_and_cumulative_intensity():
    docetaxel = intensity(parse_dose("Docetaxel 75 mg/m2 IV d1 q3w x 6 cycles"))
    assert docetaxel.per_week == units.registry().Quantity(Decimal(25), per_m2_week())
    assert docetaxel.cumulative.magnitude == 450 and docetaxel.weeks == 18 and docetaxel.per_cycle.magnitude == 75
    capecitabine = intensity(parse_dose("Capecitabine 1000 mg/m2 PO bid d1-14 q3w x 8 cycles"))
    assert capecitabine.per_cycle.magnitude == 28000 and capecitabine.cumulative.magnitude == 224000
    paclitaxel = intensity(parse_dose("Paclitaxel 80 mg/m2 IV weekly x 12"))
    assert (paclitaxel.per_week.magnitude, paclitaxel.cumulative.magnitude, paclitaxel.weeks) == (80, 960, 12)
    carboplatin = intensity(parse_dose("Carboplatin AUC 6 d1 q3w x 4 cycles"))
    assert carboplatin.per_week.units == units.unit("AUC") / units.unit("week") and carboplatin.per_week.magnitude == 2


def test_open_ended_intensity_has_no_cumulative_dose_and_says_why():
    open_ended = intensity(parse_dose("Pembrolizumab 200 mg IV q3w for up to 35 cycles"))
    assert open_ended.cumulative is None and open_ended.reason.startswith("open-ended")
    assert open_ended.per_week.magnitude == Decimal(200) / 3
    assert intensity(parse_dose("Pembrolizumab 200 mg IV q3w for up to 35 cycles"), cycles=35).cumulative.magnitude == 7000
    once = intensity(parse_dose("Cyclophosphamide 60 mg/kg IV d-3 to d-2"))
    assert once.per_week is None and once.cumulative.magnitude == 120 and "no weekly rate" in once.reason


def test_relative_dose_intensity_against_a_reference():
    reference = parse_regimen("Docetaxel 75 mg/m2 IV d1 q3w x 6 cycles")
    weekly = relative_intensity(parse_regimen("Docetaxel 30 mg/m2 IV weekly x 18"), reference)
    assert [(r.agent, r.ratio) for r in weekly] == [("docetaxel", Decimal("1.2"))]
    with pytest.raises(ClinicalError, match="per_kg cannot be compared with a dose per_m2"):
        relative_intensity(parse_regimen("Docetaxel 2 mg/kg IV weekly x 18"), reference)
    with pytest.raises(ClinicalError, match="not in both regimens: docetaxel, paclitaxel"):
        relative_intensity(parse_regimen("Paclitaxel 80 mg/m2 weekly x 12"), reference)
