"""Headings that state a fact for everything after them.

Drug labels group their doses under a route: ``IV (Adults): 375 mg/m2
weekly for 4 doses; may retreat with 375 mg/m2 weekly for 4 doses``,
``Oral: 500 mg bid ...``.  A route opening the text, followed by a colon
(perhaps after a bracket naming who is treated), is a heading: it is the
route of every component after it that states none of its own (a
radiotherapy course takes no drug route).
"""

from __future__ import annotations

import re
from dataclasses import replace

from regimen.model import Component

__all__ = ["route_heading"]

#: What closes a heading after its route: a colon, perhaps after a bracket (``IV (Adults ):``).
_CLOSES = re.compile(r"\s*(?:\([^()]*\)\s*)?[:：]")


def route_heading(components: list[Component], text: str) -> list[Component]:
    """``components`` with the route of a heading opening ``text`` given to
    every later component that states no route (see the module's docstring)."""
    if len(components) < 2 or components[0].route is None:
        return components
    span = components[0].span("route")
    if span is None or text[: span.start].strip() or _CLOSES.match(text, span.end) is None:
        return components
    route = components[0].route
    return [components[0]] + [
        replace(c, route=route, spans=c.spans + (("route", span),)) if c.route is None and c.fractions is None else c
        for c in components[1:]
    ]
