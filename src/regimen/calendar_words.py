"""Calendar words in a sig or label: named weekdays, months restated in days.

* A list of two or more different weekdays (``Tue, Thu, Sat``,
  ``Tuesday-Thursday-Saturday``) says on which days of every week a dose is
  taken: ``N`` a week (GOLD_SCHEMA: frequency N/7).  A frequency of once a day
  written just before the list (``daily Tue-Thu-Sat``) is the one dose on each
  of those days.  Two days joined by a dash or ``to`` (``Mon-Fri``, ``Monday
  to Thursday``) are a range, not a list: those are left as they are
  (``data/words.txt`` keeps the usual ones as text).  A day's first three
  letters name it (``Thurs``, ``Mondays``).
* An interval in months restated in days or weeks in brackets (``every 6
  months (every 182 days)``) is the stated days: months are not converted
  (GOLD_SCHEMA), and the bracket says the same interval exactly.  Only when
  the two agree (28 to 31 days a month); otherwise both stay, and the
  builder warns that the interval is stated twice.
"""

from __future__ import annotations

from typing import Callable

from regimen.lexemes import Lexeme
from regimen.vocab import FILLER

__all__ = ["CALENDAR_FUNCTIONS"]

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DASHES = frozenset({"-", "–", "—", "‐", "‑", "to", "through", "thru"})
_NOT_DAYS = frozenset({"PERIOD_ADV", "FREQ", "EVERY"})


def _weekdays(lexemes: list[Lexeme], text: str, before: Lexeme | None) -> list[Lexeme]:
    """``[daily] Tue, Thu, Sat``: one ``FREQ`` lexeme valued ``N/1w``."""
    days = [item.norm[:3] for item in lexemes if item.norm[:3] in _DAYS and item.type not in _NOT_DAYS]
    dashed = any(item.norm in _DASHES for item in lexemes)
    if len(set(days)) != len(days) or len(days) < 2 or (dashed and len(days) == 2):
        return lexemes
    first, last = lexemes[0], lexemes[-1]
    norm = " ".join(item.norm for item in lexemes)
    return [Lexeme("FREQ", f"{len(days)}/1w", first.start, last.end, norm, first.spaced)]


def _months_restated(lexemes: list[Lexeme], text: str, before: Lexeme | None) -> list[Lexeme]:
    """``every 6 months (every 182 days)``: ``every`` and the bracket's time
    stay; the months and the brackets become connective text."""
    numbers = [item for item in lexemes if item.type == "NUMBER"]
    months, stated = numbers[0].value, numbers[1].value * (7 if lexemes[-2].type == "WEEK" else 1)
    if not 28 * months <= stated <= 31 * months:
        return lexemes
    for item in lexemes[1:]:
        if item is not numbers[1] and item is not lexemes[-2]:
            item.type = FILLER
    return lexemes


#: The value functions this module gives ``patterns.txt``.
CALENDAR_FUNCTIONS: dict[str, Callable[[list[Lexeme], str, Lexeme | None], list[Lexeme]]] = {
    "weekdays": _weekdays,
    "months_restated": _months_restated,
}
