"""Headings that state a fact for everything after them.

Drug labels group their doses under a route: ``IV (Adults): 375 mg/m2
weekly for 4 doses; may retreat with 375 mg/m2 weekly for 4 doses``,
``Oral: 500 mg bid ...``.  A route opening the text, followed by a colon
(perhaps after a bracket naming who is treated), is a heading: it is the
route of every component after it that states none of its own (a
radiotherapy course takes no drug route).  So is a title that names no
agent and states only a route before its colon (``Standard ICE (all drugs
by IV route): idarubicin ..., cytarabine ...``): it is no component of its
own; its words stay unresolved text of the first component after it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from regimen.model import Component

__all__ = ["route_heading"]


def _title(component: Component, span, text: str) -> bool:
    """An agentless first part stating only its route, in words before a colon."""
    stated = [name for name in ("dose", "max_dose", "frequency", "days", "start", "duration", "doses", "cycle", "infusion", "fractions")
              if getattr(component, name) is not None]
    return (component.agent is None and not stated and not any(ch.isdigit() for ch in text[: span.start])
            and _TITLE_CLOSES.match(text, span.end) is not None)

#: What closes a heading after its route: a colon, perhaps after a bracket (``IV (Adults ):``).
_CLOSES = re.compile(r"\s*(?:\([^()]*\)\s*)?[:：]")
#: What closes a title's route: words and a bracket, no number, then a colon.
_TITLE_CLOSES = re.compile(r"[^:：\d;]*[:：]")


def route_heading(components: list[Component], text: str) -> list[Component]:
    """``components`` with the route of a heading opening ``text`` given to
    every later component that states no route (see the module's docstring)."""
    if len(components) < 2 or components[0].route is None:
        return components
    span = components[0].span("route")
    if span is None:
        return components
    if _title(components[0], span, text):  # Standard ICE (all drugs by IV route): A ..., B ...
        title, first, *rest = components
        own = tuple(s for s in title.spans if s[0] != "route")
        first = replace(first, unresolved=title.unresolved + first.unresolved, spans=first.spans + own)
        return [_routed(c, title, span) for c in (first, *rest)]
    if text[: span.start].strip() or _CLOSES.match(text, span.end) is None:
        return components
    return [components[0]] + [_routed(c, components[0], span) for c in components[1:]]


def _routed(component: Component, heading: Component, span) -> Component:
    if component.route is not None or component.fractions is not None:
        return component  # its own route; a radiotherapy course takes no drug route
    return replace(component, route=heading.route, spans=component.spans + (("route", span),))
