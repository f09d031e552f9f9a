"""The one error hierarchy of the library.

Every failure a caller can meet is a :class:`RegimenError`.  Parse failures
are :class:`RegimenParseError`, also a :class:`ValueError`, and carry the
source text, the offending span, what the parser expected there, and a marker
line drawn under the source (after ``packaging``'s ``ParserSyntaxError``).
"""

from __future__ import annotations

from typing import Callable

__all__ = ["RegimenError", "RegimenParseError", "RegimenSchemaError"]


class RegimenError(Exception):
    """Base class of every error raised by ``regimen``."""


class RegimenParseError(RegimenError, ValueError):
    """The text is not a regimen the grammar understands.

    ``position`` and ``end`` are character offsets into ``text``;
    ``expected`` names what would have been accepted at ``position``.
    """

    def __init__(
        self,
        message: str,
        *,
        text: str,
        position: int,
        end: int | None = None,
        expected: tuple[str, ...] = (),
    ) -> None:
        self.message = message
        self.text = text
        self.position = position
        self.end = max(end if end is not None else position + 1, position + 1)
        self.expected = expected
        super().__init__(str(self))

    def __reduce__(self) -> tuple[Callable[..., RegimenParseError], tuple[str, str, int, int, tuple[str, ...]]]:
        return (_rebuild_parse_error, (self.message, self.text, self.position, self.end, self.expected))

    @property
    def marker(self) -> str:
        """The source line and a ``~~~^`` marker under the offending span.

        A long line is cut to :data:`_CONTEXT` characters either side of the
        position (``…`` marks a cut), so the message of a 10 MB record stays a
        line long; control characters are shown as ``·`` to keep the columns.
        """
        position = min(self.position, len(self.text))
        line_start = self.text.rfind("\n", 0, position) + 1
        line_end = self.text.find("\n", position)
        line_end = len(self.text) if line_end == -1 else line_end
        left = max(line_start, position - _CONTEXT)
        right = min(line_end, position + _CONTEXT)
        head = "…" if left > line_start else ""
        tail = "…" if right < line_end else ""
        shown = "".join("·" if not ch.isprintable() else ch for ch in self.text[left:right])
        column = len(head) + position - left
        width = max(1, min(self.end, right) - position)
        return f"{head}{shown}{tail}\n{' ' * column}{'~' * (width - 1)}^"

    def __str__(self) -> str:
        head = f"{self.message} at position {self.position}"
        if self.expected:
            head += f"; expected {_or_list(self.expected)}"
        return f"{head}\n{self.marker}"


class RegimenSchemaError(RegimenError, ValueError):
    """A dictionary given to ``from_dict`` does not follow the JSON contract."""


#: Characters of context either side of an error's position in its marker.
_CONTEXT = 60


def _or_list(items: tuple[str, ...]) -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" or {items[-1]}"


def _rebuild_parse_error(
    message: str, text: str, position: int, end: int, expected: tuple[str, ...]
) -> RegimenParseError:
    return RegimenParseError(message, text=text, position=position, end=end, expected=expected)
