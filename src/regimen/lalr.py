"""The LALR(1) loop that runs the grammar, over the tables Lark computes.

Lark builds the tables and checks the grammar (``strict=True`` fails the
build on a conflict).  Lark's own runtime loop costs about 4 µs a token: it
makes a ``Token`` (a ``str`` subclass) per lexeme, a parser-state object per
parse, hashes a ``Rule`` per reduction, and builds a ``Tree`` for every helper
rule (``_element``, the ``x*`` repetitions) only to splice it into its parent.
This loop shifts our :class:`~regimen.lexemes.Lexeme` objects as they are,
reads the tables compiled once into lists and tuples, and compiles each rule's
callback with Lark's tree-shaping rules, stated in :func:`_callback`: hidden
terminals (``_SEP``) are dropped, helper rules (``_name``) are spliced into
their parent, a ``?rule`` with one child is that child, and every other rule
calls the transformer method of its name or alias.
"""

from __future__ import annotations

from typing import Any, Callable

from lark import Lark, Transformer
from lark.grammar import Rule
from lark.parsers.lalr_analysis import Shift

from regimen.lexemes import _HIDDEN, Lexeme

__all__ = ["Driver", "SyntaxFailure"]

END = "$END"

#: The grammar's name of each lexeme type (hidden terminals start with ``_``).
_TERMINAL = {name: f"_{name}" for name in _HIDDEN}

# A compiled action: (True, next state) to shift; (False, (size, rule name, callback)) to reduce.
Action = tuple[bool, Any]


class SyntaxFailure(Exception):
    """The table has no action for a lexeme (``None``: the end of the text).

    ``expected`` holds every terminal with an action in the failing state;
    ``accepts`` those of them that the stack would really shift.
    """

    def __init__(
        self, lexeme: Lexeme | None, index: int, expected: frozenset[str], accepts: frozenset[str], parsed: bool,
    ) -> None:
        super().__init__(f"unexpected {lexeme.type if lexeme else END}")
        self.lexeme = lexeme
        self.index = index  # of the lexeme in the list parsed (its length at the end)
        self.expected = expected
        self.accepts = accepts
        self.parsed = parsed  # something was reduced or shifted before the failure


class Driver:
    """Runs one compiled table; stateless between parses, so thread-safe."""

    __slots__ = ("_rows", "_start", "_end")

    def __init__(self, lark: Lark, transformer: Transformer) -> None:
        table = lark.parser.parser.parser.parse_table  # ParsingFrontend → LALR_Parser → _Parser
        (self._start,) = table.start_states.values()
        (self._end,) = table.end_states.values()
        reductions: dict[Any, tuple[int, str, Callable]] = {}
        rows: list[dict[str, Action]] = [{} for _ in range(max(table.states) + 1)]
        for state, row in table.states.items():
            for symbol, (action, arg) in row.items():
                if action is Shift:
                    rows[state][symbol] = (True, arg)
                else:
                    if arg not in reductions:
                        reductions[arg] = (len(arg.expansion), arg.origin.name, _callback(arg, transformer))
                    rows[state][symbol] = (False, reductions[arg])
        self._rows = rows

    def parse(self, lexemes: list[Lexeme], checkpoints: list[tuple[tuple, tuple]] | None = None) -> Any:
        """The value of the start rule over ``lexemes``.

        With ``checkpoints``, the stacks before each lexeme are saved in it
        (``checkpoints[i]`` before ``lexemes[i]``), and a parse given a list
        that already holds some resumes from its last entry: a caller that
        changed ``lexemes`` from index ``i`` on keeps ``checkpoints[: i + 1]``
        and the lexemes before ``i`` are not parsed again (the callbacks build
        new values from their children and change none, so a saved value
        stack stays valid).
        """
        rows = self._rows
        if checkpoints:
            saved_states, saved_values = checkpoints.pop()
            states, values, begin = list(saved_states), list(saved_values), len(checkpoints)
        else:
            states, values, begin = [self._start], [], 0
        end, count = self._end, len(lexemes)
        for index in range(begin, count + 1):  # the last step reads the end of input
            lexeme = lexemes[index] if index < count else None
            if lexeme is None:
                terminal = END
            else:
                terminal = _TERMINAL.get(lexeme.type, lexeme.type)
                if checkpoints is not None:
                    checkpoints.append((tuple(states), tuple(values)))
            while True:
                action = rows[states[-1]].get(terminal)
                if action is None or (lexeme is None and action[0]):
                    raise self._failure(states, values, lexeme, index)
                shift, arg = action
                if shift:
                    states.append(arg)
                    values.append(lexeme)
                    break
                size, origin, callback = arg  # a reduction, inlined: the loop's hottest step
                if size:
                    children = values[-size:]
                    del states[-size:]
                    del values[-size:]
                else:
                    children = []
                values.append(callback(children))
                states.append(rows[states[-1]][origin][1])
                if lexeme is None and states[-1] == end:
                    return values[-1]
        raise AssertionError("unreachable: the end of input either accepts or fails")

    def _failure(self, states: list[int], values: list[Any], lexeme: Lexeme | None, index: int) -> SyntaxFailure:
        row = self._rows[states[-1]]
        expected = frozenset(symbol for symbol in row if symbol.isupper())  # terminals, $END included
        accepts = frozenset(symbol for symbol in expected if self._shifts(states, symbol))
        return SyntaxFailure(lexeme, index, expected, accepts, bool(values))

    def _shifts(self, states: list[int], terminal: str) -> bool:
        """Whether ``terminal`` would be shifted (or end the parse) after the
        reductions it triggers: LALR look-aheads can promise more than that."""
        stack = list(states)
        while True:
            action = self._rows[stack[-1]].get(terminal)
            if action is None:
                return False
            shift, arg = action
            if shift:
                return True
            size, origin, _ = arg
            if size:
                del stack[-size:]
            goto = self._rows[stack[-1]].get(origin)
            if goto is None:
                return False
            stack.append(goto[1])
            if terminal == END and stack[-1] == self._end:
                return True


class _Spliced:
    """The values of a helper rule, to be spliced into the first real rule
    above it.  A repetition (``x*``) reduces once per item, each time with
    the values so far as its first child: copying them would cost the square
    of the count, so each reduction links to the last instead, and a real
    rule flattens the chain once (:func:`_flatten`).  Nothing is mutated, so
    a checkpoint's values stay valid."""

    __slots__ = ("parts",)

    def __init__(self, parts: tuple) -> None:
        self.parts = parts


def _flatten(parts: tuple, out: list) -> None:
    """Append ``parts`` to ``out``, opening chains, without recursion (a chain is as deep as it is long)."""
    stack = [iter(parts)]
    while stack:
        for item in stack[-1]:
            if type(item) is _Spliced:
                stack.append(iter(item.parts))
                break
            out.append(item)
        else:
            stack.pop()


def _callback(rule: Rule, transformer: Transformer) -> Callable[[list], Any]:
    """What reducing ``rule`` builds from the values of its expansion."""
    options = rule.options
    if options.keep_all_tokens or options.template_source:
        raise ValueError(f"rule {rule} uses a Lark feature the regimen LALR loop does not implement")
    keep = [(i, not sym.is_term and sym.name.startswith("_"))
            for i, sym in enumerate(rule.expansion) if not (sym.is_term and sym.filter_out)]
    indices = tuple(i for i, _ in keep)
    spliced = frozenset(i for i, splice in keep if splice)
    whole = len(indices) == len(rule.expansion) and not spliced

    def children_of(values: list) -> list:
        if whole:
            return values
        children: list = []
        for i in indices:
            if i in spliced:
                _flatten(values[i].parts, children)
            else:
                children.append(values[i])
        return children

    name = rule.alias or rule.origin.name
    if rule.origin.name.startswith("_"):  # a helper rule (or a repetition Lark made): spliced above
        if indices == tuple(range(len(rule.expansion))):
            return lambda values: _Spliced(tuple(values))
        return lambda values: _Spliced(tuple([values[i] for i in indices]))
    method = getattr(transformer, name, None)
    if method is None:
        default = transformer.__default__
        method = lambda children: default(name, children, None)  # noqa: E731: a Tree, as Lark builds
    if options.expand1 and not rule.alias:
        return lambda values: _single(children_of(values), method)
    if whole:
        return method  # its values are its children, in a list of their own
    return lambda values: method(children_of(values))


def _single(children: list, method: Callable[[list], Any]) -> Any:
    return children[0] if len(children) == 1 else method(children)
