"""Properties of regimen.clinical on model objects built by hypothesis."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from regimen import Component, Cycle, DayRange, Days, Dose, DoseBasis, Duration, Fractionation, Frequency, TimeUnit
from regimen.clinical import bed, calendar, eqd2, intensity
from tests.property.strategies import amounts

alpha_betas = st.builds(lambda n, places: Decimal(n) / 10**places, st.integers(1, 300), st.sampled_from([0, 1, 2]))


# The first example builds the pint registry and the vocabulary: no deadline.
@settings(deadline=None)
@given(count=st.integers(1, 60), alpha_beta=alpha_betas)
def test_eqd2_of_2_gy_fractions_is_the_total(count, alpha_beta):
    fractions = Fractionation(count=count, dose=Decimal(2))
    assert eqd2(fractions, alpha_beta).magnitude == 2 * count


@settings(deadline=None)
@given(total=amounts(10, 9000), counts=st.lists(st.integers(1, 60), min_size=2, max_size=2, unique=True),
       alpha_beta=alpha_betas)
def test_bed_grows_with_the_dose_per_fraction_at_a_fixed_total(total, counts, alpha_beta):
    many, few = max(counts), min(counts)  # fewer fractions: larger doses per fraction
    assert bed(Fractionation(count=few, total=total), alpha_beta) > bed(Fractionation(count=many, total=total), alpha_beta)


@st.composite
def cycled_components(draw):
    """A component with distinct days inside its cycle, a within-day frequency and a count."""
    length = draw(st.integers(7, 42))
    days = draw(st.lists(st.integers(1, length), min_size=1, max_size=10, unique=True))
    ranges = tuple(DayRange(first=d, last=d) for d in sorted(days))
    times = draw(st.sampled_from([1, 2, 3, 4]))
    basis = draw(st.sampled_from([DoseBasis.FLAT, DoseBasis.BSA, DoseBasis.WEIGHT]))
    return Component(agent="drug", dose=Dose(amount=draw(amounts()), unit="mg", basis=basis),
                     frequency=Frequency(times=times, period=Duration(value=Decimal(1), unit=TimeUnit.DAY)),
                     days=Days(ranges=ranges),
                     cycle=Cycle(length=Duration(value=Decimal(length), unit=TimeUnit.DAY),
                                 count=draw(st.integers(1, 12))))


@settings(max_examples=60, deadline=None)
@given(cycled_components())
def test_calendar_events_are_cycles_times_days_times_administrations_a_day(component):
    plan = calendar(component, date(2027, 1, 4))
    expected = component.cycle.count * len(component.days.ranges) * component.frequency.times
    assert len(plan.events) == expected
    assert len({(e.date, e.administration) for e in plan.events}) == expected


@settings(deadline=None)
@given(cycled_components())
def test_intensity_times_weeks_is_the_cumulative_dose(component):
    planned = intensity(component)
    product = planned.per_week.magnitude * planned.weeks
    # the weekly intensity is one division at 28 significant digits
    assert abs(product - planned.cumulative.magnitude) <= planned.cumulative.magnitude * Decimal("1e-26")
    assert planned.cumulative.magnitude == planned.per_cycle.magnitude * component.cycle.count
