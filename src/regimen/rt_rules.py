"""The transformer's radiotherapy rules: Gy amounts, fractions, boosts.

One method per rule of ``grammars/regimen.lark``'s radiotherapy section, each
returning a fact (:mod:`regimen.facts`); :class:`regimen.transform.BuildFacts`
inherits them.  A range of Gy amounts, or a dose that is not positive, is
refused (:class:`Rejected`): kept as unresolved text, never half read.
"""

from __future__ import annotations

from decimal import Decimal

from regimen import units
from regimen.facts import Draft, Fact, Rejected, _fractions, _period, _span
from regimen.lexemes import Lexeme
from regimen.model import Duration, Frequency

__all__ = ["RadiotherapyRules"]


class RadiotherapyRules:
    """Grammar rules of radiotherapy → facts."""

    def boost_part(self, children):
        """``plus a boost of 10 Gy``: a part of its own, naming no agent
        (it takes the course's: :func:`regimen.courses.course_agents`)."""
        return Draft(None, None, list(children))

    def boost_next(self, children):
        draft = self.boost_part(children)
        draft.juxtaposed = True
        return draft

    def boost(self, children):
        return Fact("boost", children[0].value == "simultaneous", _span(children))

    boost_mark = boost

    def gy(self, children):
        amount, unit = children
        return Fact("gy", _gray(amount, unit), _span(children))

    def gy_split(self, children):
        amount, unit, count, *_ = children
        span = _span(children)
        return Fact("gy_split", (_gray(amount, unit), _fractions(count, span)), span)

    def gy_pair(self, children):
        """``57 Gy at 1.9 Gy``, ``50 Gy/2 Gy``, ``60 Gy in 2 Gy (daily) fractions``:
        a total and its dose per fraction, in either order (the larger is the total)."""
        first, first_unit, _at, second, second_unit, *tail = children
        span = _span(children)
        (low, unit), (high, other) = sorted((_gray(first, first_unit), _gray(second, second_unit)))
        frequency = tail[0].value if tail else None
        return Fact("gy_pair", (high, low, frequency, (unit, other)), span)

    def gy_fx(self, children):
        amount, unit, tail = children
        return Fact("gy_fx", (_gray(amount, unit), tail.value), _span(children))

    def gy_rate(self, children):
        """``2 Gy/day``: the dose of a daily fraction.  A dose per week (``10
        Gy/week``) is no dose per fraction: refused."""
        amount, unit, per = children
        span = _span(children)
        period = _period(per)
        if period != Duration.from_code("1d"):
            raise Rejected("a radiation dose per week or month: the dose per fraction is not stated", span)
        return Fact("gy_rate", (_gray(amount, unit), Frequency(times=1, period=period)), span)

    def gy_total(self, children):
        amount, unit, _total = children
        return Fact("gy_total", _gray(amount, unit), _span(children))

    def gy_bound(self, children):
        return Fact("gy_bound", None, _span(children))

    def fx_tail(self, children):
        frequency = _fx_frequency(children[0]) if len(children) > 1 else None
        return Fact("fx_tail", frequency, _span(children))

    def fx_count(self, children):
        count, *written, _fraction = children
        span = _span(children)
        frequency = _fx_frequency(written[0]) if written else None
        return Fact("fx_count", (_fractions(count, span), frequency), span)

    def fx_word(self, children):
        return Fact("fx_word", None, _span(children))

    def fx_of(self, children):
        return Fact("fx_of", None, _span(children))

    def fx_times(self, children):
        count, _times, amount, unit = children
        span = _span(children)
        return Fact("fx_times", (_fractions(count, span), _gray(amount, unit)), span)

    def fx_single(self, children):
        _single, amount, unit = children
        return Fact("fx_times", (1, _gray(amount, unit)), _span(children))

    def per_fx(self, children):
        return Fact("per_fx", None, _span(children))

    def each(self, children):
        return Fact("each", None, _span(children))

    def total(self, children):
        return Fact("total", None, _span(children))


def _gray(amount: Fact, unit: Lexeme) -> tuple[Decimal, str]:
    low, high = amount.value
    if high is not None:
        raise Rejected("a radiotherapy dose range is not supported; write one dose", amount.span)
    if not low > 0:
        raise Rejected(f"a radiotherapy dose must be positive, got {low}", amount.span)
    return units.convert(low, unit.value, "Gy"), unit.value


def _fx_frequency(token: Lexeme) -> Frequency:
    """``FX_FREQ`` (``twice-daily`` before ``fractions``): ``times/period``."""
    times, _, period = token.value.partition("/")
    return Frequency(times=int(times), period=Duration.from_code(period))
