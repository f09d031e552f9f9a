"""Only our error, ever; nothing lost, nothing invented; never a hang.

The inputs (tests/property/fuzz.py) are real corpus strings mutated the way
real text goes wrong, random unicode and control characters, huge numbers,
unbalanced brackets, inputs up to 100 000 characters, and mutated
``to_dict`` forms.  Each one goes through ``parse_regimen``, ``parse_dose``,
``extract`` and ``from_dict``: each returns or raises a ``RegimenError``,
and each result accounts for every character of its text.

These run a fixed-seed sample everywhere (``derandomize``), so a red build
replays; exploring new inputs is the job of ``make fuzz``, the long campaign
(benchmarks/fuzz.py).  A deadline per input turns a hang into a failure.
"""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, given, settings

from tests.property.fuzz import check_dict, check_text, dicts, long_texts, texts

_FAST = settings(
    max_examples=1000, deadline=timedelta(seconds=5), derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@_FAST
@given(texts())
def test_any_text_returns_or_raises_our_error(text):
    check_text(text)


@settings(max_examples=12, deadline=timedelta(seconds=30), derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(long_texts())
def test_long_texts_end_in_time(text):
    check_text(text)


@_FAST
@given(dicts())
def test_any_dict_loads_or_raises_our_error(data):
    check_dict(data)
