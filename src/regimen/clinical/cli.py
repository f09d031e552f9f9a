"""The clinical commands of the ``regimen`` command line.

    regimen plan "Docetaxel 75 mg/m2 IV d1 q3w x 6 cycles" --height 170 --weight 70 --start 2027-01-04
    regimen plan TEXT ... --format jsonl | --format ics > plan.ics
    regimen eqd2 "5 x 5 Gy" "25 x 2 Gy" --alpha-beta 10

A measure is a plain number in the unit the option states, or a quantity
with its unit (``--creatinine "80 umol/L"``).  Errors (a missing input, a
schedule that cannot be laid out) go to stderr; the exit code is then 1.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from decimal import Decimal

import click

__all__ = ["plan", "eqd2"]


def _measure(_ctx, _param, value):
    """A number, or a quantity of the application registry when a unit is written."""
    if value is None:
        return None
    try:
        return Decimal(value)
    except ArithmeticError:
        from pint.errors import PintError

        from regimen import units

        try:
            return units.registry().Quantity(value)
        except (PintError, AttributeError, ValueError) as exc:
            raise click.BadParameter(f"not a number or a quantity: {value!r}") from exc


def _horizon(_ctx, _param, value):
    if value is None:
        return None
    if value.isdigit():
        return int(value)
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter("a date (YYYY-MM-DD) or a number of days") from exc


@click.command()
@click.argument("text")
@click.option("--height", callback=_measure, help="Height (cm, or a quantity: '5.6 ft').")
@click.option("--weight", callback=_measure, help="Weight (kg).")
@click.option("--creatinine", callback=_measure, help="Serum creatinine (mg/dL, or '80 umol/L').")
@click.option("--age", callback=_measure, help="Age (years).")
@click.option("--sex", type=click.Choice(["female", "male"]))
@click.option("--gfr", callback=_measure, help="GFR (mL/min); else estimated by Cockcroft-Gault for an AUC dose.")
@click.option("--start", required=True, type=click.DateTime(["%Y-%m-%d"]), help="Day 1 (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "ics"]), default="table")
@click.option("--horizon", callback=_horizon, help="Stop before this date, or after N days (open-ended schedules).")
@click.option("--cycles", type=click.IntRange(min=1), help="Cycles to lay out where the text gives none or a range.")
@click.option("--bsa-formula", default="mosteller",
              type=click.Choice(["mosteller", "dubois", "haycock", "gehan-george", "boyd"]))
@click.option("--bsa-cap", callback=_measure, help="Cap the BSA (m²).")
@click.option("--kg-weight", default="actual", type=click.Choice(["actual", "ideal", "adjusted"]),
              help="Weight for doses per kg.")
@click.option("--no-gfr-cap", is_flag=True, help="Do not cap the GFR at 125 mL/min (Calvert).")
@click.option("--round", "precision", callback=_measure, help="Round each dose to this step (e.g. 1, 10, 0.5).")
@click.option("--end", type=click.Choice(["low", "high"]), help="The end of a dose range to use.")
@click.option("--lenient", is_flag=True, help="Lay out components with text the parse could not read (noted).")
def plan(text, height, weight, creatinine, age, sex, gfr, start, fmt, horizon, cycles, bsa_formula, bsa_cap,
         kg_weight, no_gfr_cap, precision, end, lenient) -> None:
    """The administration calendar of TEXT with absolute doses for a patient."""
    from regimen.api import parse_regimen
    from regimen.clinical.planner import calendar
    from regimen.clinical.dosing import DEFAULT_GFR_CAP
    from regimen.clinical.patient import Patient
    from regimen.errors import RegimenError

    options = {"bsa_formula": bsa_formula, "bsa_cap": bsa_cap, "weight": kg_weight,
               "gfr_cap": None if no_gfr_cap else DEFAULT_GFR_CAP, "precision": precision}
    if end:
        options["end"] = end
    try:
        patient = Patient(height=height, weight=weight, sex=sex, age=age, creatinine=creatinine, gfr=gfr)
        plan_ = calendar(parse_regimen(text), start.date(), patient=patient, cycles=cycles, horizon=horizon,
                         strict=not lenient, **options)
    except RegimenError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    if fmt == "ics":
        sys.stdout.buffer.write(plan_.to_ical(name=text))
    elif fmt == "jsonl":
        for event in plan_.events:
            click.echo(json.dumps(_event_dict(event), ensure_ascii=False))
    else:
        click.echo(_plan_table(plan_))


def _event_dict(event) -> dict:
    from regimen.clinical.numbers import exact, unit_text

    return {"date": event.date.isoformat(), "phase": event.phase, "cycle": event.cycle, "day": event.day,
            "administration": event.administration, "per_day": event.per_day, "agent": event.agent,
            "dose": str(exact(event.dose.magnitude)), "unit": unit_text(event.dose.units), "route": event.route}


def _plan_table(plan_) -> str:
    from regimen.clinical.numbers import text

    lines = []
    for dose in plan_.doses:
        lines.append(f"{dose.agent}: {dose}  ({dose.formula})")
        lines += [f"    {m.name} = {_short(m.value)} ({m.formula})" for m in dose.intermediates]
        lines += [f"    {note}" for note in dose.notes]
    lines += [f"note: {note}" for note in plan_.notes]
    lines += [f"skipped: {agent}: {reason}" for agent, reason in plan_.skipped]
    lines.append(f"{'date':<12}{'cycle':>6}{'day':>5}  {'agent':<20}{'dose':<16}route")
    for e in plan_.events:
        which = f" ({e.administration}/{e.per_day})" if e.per_day > 1 else ""
        lines.append(f"{e.date.isoformat():<12}{e.cycle or '':>6}{e.day:>5}  {e.agent or '':<20}"
                     f"{text(e.dose) + which:<16}{e.route or ''}")
    lines.append(f"{len(plan_.events)} administrations")
    return "\n".join(lines)


def _short(value) -> str:
    """A measure to four decimals, for reading (the exact value is in the JSON and the API)."""
    from regimen.clinical.numbers import exact, unit_text

    return f"{exact(value.magnitude.quantize(Decimal('0.0001')))} {unit_text(value.units)}"


@click.command()
@click.argument("texts", nargs=-1, required=True)
@click.option("--alpha-beta", required=True,
              help="α/β in Gy (a number), or a preset: early (10), late (3), prostate (1.5).")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table")
@click.option("--overall-days", callback=_measure, help="Overall time T (days), for the repopulation correction.")
@click.option("--alpha", callback=_measure, help="α (1/Gy) of the repopulation correction.")
@click.option("--kickoff-days", callback=_measure, help="Kick-off time Tk (days) of the repopulation correction.")
@click.option("--doubling-days", callback=_measure, help="Doubling time Tp (days) of the repopulation correction.")
def eqd2(texts, alpha_beta, fmt, overall_days, alpha, kickoff_days, doubling_days) -> None:
    """BED and EQD2 of each fractionation in TEXTS (linear-quadratic model);
    with all four of --overall-days, --alpha, --kickoff-days and
    --doubling-days, less ln 2 · (T − Tk) / (α · Tp) for repopulation."""
    from regimen.api import parse_regimen
    from regimen.clinical.radiobiology import Repopulation, lq
    from regimen.errors import RegimenError

    ab = alpha_beta if alpha_beta.lower() in ("early", "late", "prostate") else _measure(None, None, alpha_beta)
    time = (overall_days, alpha, kickoff_days, doubling_days)
    if any(v is not None for v in time) and None in time:
        raise click.UsageError("the repopulation correction needs --overall-days, --alpha, --kickoff-days and --doubling-days")
    rows = []
    try:
        repopulation = None if overall_days is None else Repopulation(
            alpha=alpha, kickoff=kickoff_days, doubling=doubling_days, overall=overall_days)
        for text in texts:
            for component in parse_regimen(text).components:
                if component.fractions is not None:
                    rows.append((text, lq(component, ab, repopulation=repopulation)))
        if not rows:
            raise RegimenError("no fractionation (count and dose) in the text")
    except RegimenError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    for text, result in rows:
        if fmt == "jsonl":
            click.echo(json.dumps({"text": text, "label": result.label, "fractions": result.count,
                                   **{k: str(getattr(result, k).magnitude) for k in
                                      ("dose_per_fraction", "total", "alpha_beta", "bed", "eqd2")}}))
        else:
            click.echo(f"{result.label:<28} α/β {_gy(result.alpha_beta)}  BED {_gy(result.bed)}  EQD2 {_gy(result.eqd2)}")


def _gy(value) -> str:
    from regimen.clinical.numbers import exact

    return f"{exact(value.magnitude.quantize(Decimal('0.01')))} Gy"
