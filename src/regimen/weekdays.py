"""Named days of the week in a sig (``Mon, Wed, Fri``, ``Monday-Wednesday-Friday``).

A list of two or more different weekdays says on which days of every week a
dose is taken: ``N`` a week (GOLD_SCHEMA: frequency N/7).  A frequency of
once a day written just before the list (``daily Mon-Wed-Fri``) is the one
dose on each of those days.  Two days joined by a dash or ``to``
(``Mon-Fri``, ``Monday to Thursday``) are a range, not a list: those are
left as they are (``data/words.txt`` keeps the usual ones as text).  A day's
first three letters name it (``Thurs``, ``Mondays``).
"""

from __future__ import annotations

from typing import Callable

from regimen.lexemes import Lexeme

__all__ = ["WEEKDAY_FUNCTIONS"]

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DASHES = frozenset({"-", "–", "—", "‐", "‑", "to", "through", "thru"})


def _weekdays(lexemes: list[Lexeme], text: str, before: Lexeme | None) -> list[Lexeme]:
    """``[daily] Mon, Wed, Fri``: one ``FREQ`` lexeme valued ``N/1w``."""
    days = [item.norm[:3] for item in lexemes if item.norm[:3] in _DAYS and item.type not in ("PERIOD_ADV", "FREQ", "EVERY")]
    dashed = any(item.norm in _DASHES for item in lexemes)
    if len(set(days)) != len(days) or len(days) < 2 or (dashed and len(days) == 2):
        return lexemes
    first, last = lexemes[0], lexemes[-1]
    norm = " ".join(item.norm for item in lexemes)
    return [Lexeme("FREQ", f"{len(days)}/1w", first.start, last.end, norm, first.spaced)]


#: The value functions this module gives ``patterns.txt``.
WEEKDAY_FUNCTIONS: dict[str, Callable[[list[Lexeme], str, Lexeme | None], list[Lexeme]]] = {"weekdays": _weekdays}
