"""The model: a :class:`Regimen` of :class:`Component` objects, each holding
the values of :mod:`regimen.values` (re-exported here, where users import
them from).

Equality is semantic (see :mod:`regimen.values`); spans and warnings are
kept beside the values with ``compare=False``.
"""

from __future__ import annotations

from dataclasses import field, fields
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Self

from regimen.values import (
    MAX_DIGITS, Cycle, DayRange, Days, Dose, DoseBasis, Duration, Fractionation, Frequency, Infusion, Route, Span, Start,
    TimeUnit, _frozen, _positive,
)

if TYPE_CHECKING:
    from regimen.identity import Drug

__all__ = [
    "Route", "TimeUnit", "DoseBasis", "Span", "Duration", "Dose", "Frequency", "DayRange", "Days",
    "Start", "Cycle", "Infusion", "Fractionation", "Component", "Regimen", "MAX_DIGITS",
]


class _Document:
    """Canonical text and the JSON contract, for the two top-level types.

    The functions live in :mod:`regimen.format` and :mod:`regimen.serialize`
    (imported on use: they import this module).
    """

    __slots__ = ()
    _NAME: ClassVar[str]

    def __str__(self) -> str:
        from regimen import format

        render: Callable[[_Document], str] = getattr(format, f"format_{self._NAME}")
        return render(self)

    def to_dict(self) -> dict[str, Any]:
        from regimen import serialize

        convert: Callable[[_Document], dict[str, Any]] = getattr(serialize, f"{self._NAME}_to_dict")
        return convert(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        from regimen import serialize

        build: Callable[[dict[str, Any]], Self] = getattr(serialize, f"{cls._NAME}_from_dict")
        return build(data)


@_frozen
class Component(_Document):
    """One agent (or modality) and what the text says of its administration."""

    _NAME: ClassVar[str] = "component"

    agent: str | None = None
    agent_derived: bool = False
    alternative: bool = False
    alias: str | None = None
    regimen: str | None = None
    dose: Dose | None = None
    max_dose: Dose | None = None
    route: Route | None = None
    frequency: Frequency | None = None
    days: Days | None = None
    start: Start | None = None
    duration: Duration | None = None
    doses: int | None = None
    cycle: Cycle | None = None
    infusion: Infusion | None = None
    fractions: Fractionation | None = None
    unresolved: tuple[str, ...] = ()
    spans: tuple[tuple[str, Span], ...] = field(default=(), compare=False, repr=False)
    warnings: tuple[str, ...] = field(default=(), compare=False)
    #: The text gave evidence that the agent is a name (a known drug or
    #: regimen, or a dose right after it), not a run of prose words.
    agent_known: bool = field(default=False, compare=False, repr=False)
    #: Which successive phase of its list it belongs to: 0, then 1 after the
    #: first "then" or "followed by", and so on (``q3w × 4 then q6w``).
    phase: int = field(default=0, compare=False, repr=False)

    def __post_init__(self) -> None:
        if all(getattr(self, name) in (None, (), False) for name in _STATED):
            raise ValueError("a component needs an agent or at least one field")
        _positive("number of doses", self.doses)
        if self.duration is not None and self.duration.unit in (TimeUnit.MINUTE, TimeUnit.HOUR):
            raise ValueError("a treatment duration is in days, weeks or months; minutes and hours are infusion times")
        if self.agent_derived and (self.agent != "radiotherapy" or self.fractions is None):
            raise ValueError("only the radiotherapy agent of a bare fractionation is derived")

    def has_fields(self) -> bool:
        """Does it state anything of the administration (beyond names and unresolved text)?"""
        return any(getattr(self, name) is not None for name in _FIELDS)

    def span(self, name: str) -> Span | None:
        """Where the text states ``name`` (``"dose"``, ``"agent"``, ...)."""
        return next((span for key, span in self.spans if key == name), None)

    @property
    def drug(self) -> Drug | None:
        """The drug ``agent`` names (generic name, identifiers, how the text
        named it; a regimen's parts), or ``None`` where the vocabulary does
        not know it (or its ``alias``) as a drug (see :mod:`regimen.identity`).
        Looked up on first use, cached per name; ``agent`` stays as written."""
        from regimen.identity import drug_of

        return drug_of(self.agent, self.alias)

    def to_fhir(self) -> dict[str, Any]:
        """This component as an HL7 FHIR R4 ``Dosage`` (see :mod:`regimen.fhir`)."""
        from regimen.fhir import component_to_fhir

        return component_to_fhir(self)


#: The fields that state something about a component (not the flag that it is an alternative).
_STATED = tuple(f.name for f in fields(Component) if f.compare and f.name != "alternative")
#: The fields that say something of the administration itself.
_FIELDS = tuple(name for name in _STATED if name not in ("agent", "agent_derived", "alias", "regimen", "unresolved"))


@_frozen
class Regimen(_Document):
    _NAME: ClassVar[str] = "regimen"

    components: tuple[Component, ...]
    text: str | None = field(default=None, compare=False)
    warnings: tuple[str, ...] = field(default=(), compare=False)
    #: The parse recovered: some piece of the text could not be read and is
    #: kept as unresolved text (with a warning) on the component it was in.
    partial: bool = field(default=False, compare=False)

    def accounting(self) -> tuple[tuple[Span, str], ...]:
        """Where each character of ``text`` went: runs of ``field``,
        ``unresolved``, ``connective`` or ``lost`` (see :mod:`regimen.accounting`)."""
        from regimen.accounting import account

        return account(self)
