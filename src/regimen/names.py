"""Agent names: which runs of words are one name, and which are agents.

Adjacent words, hyphenated parts and name numbers (``IL-2``, ``interleukin
2``, ``mFOLFOX6``, ``5-FU``) form one candidate.  A bare number after a name
belongs to it when the lexicon says so (``interleukin 2``).

A component's agent is a drug, regimen or modality (GOLD_SCHEMA): a
candidate is a ``NAME`` (an agent, which may also start a new component
without a separator) if it holds a name the vocabulary knows (``agents.txt``
or the drug lexicon, :mod:`regimen.drugs`), or if it stands where only an
agent stands:

* followed (past connective words, a route or a bracket: ``XYZ IV 10 mg``,
  ``XYZ at a dose of 10 mg``, ``XYZ (10 mg)``) by its dose, though not past
  a colon (``Bolus: 80 units/kg``: a heading; ``Capecitabine: 825 mg`` is a
  known name);
* after a dose or a count of cycles and ``of`` (``300 IU of XYZ``, ``4
  cycles of XYZ``);
* shaped like a drug code, letters glued to digits (``AZD4547``, ``MK-3475``);
* opening a part, right after the dose of a part that names no agent, or
  right after a comma closing a listed part's route or frequency (written
  with a capital there), and
  followed at once by a route, a frequency or another fact of
  administration (``XYZ qd``, ``XYZ x 7 days``, ``and 10 mg XYZ IV``,
  ``A 10 mg daily, XYZ topically bid``);
* standing alone after ``+`` or ``plus`` (``A 10 mg + XYZ``).

A colon alone is not enough, since headings have one (``Methods:``).  Words
that are never an agent by position (``data/nonagents.txt``: people, labels,
qualifiers, verbs, indications; and words ending in -ed, -ing or -ly) do not
make a name, and at the head of a candidate they are split off as text
(``low-dose RAD001``: the agent is ``RAD001``; an -ed, -ing or -ly word
still qualifies a name: ``hypofractionated radiotherapy``).  Everything else is a
``WORD``: unknown text, kept unresolved, never an agent.
"""

from __future__ import annotations

import re

from regimen import drugs
from regimen.lexemes import FILLER, Lexeme, _WORDISH, _is_quantity, _next_significant
from regimen.numerals import is_combination_strength
from regimen.vocab import nonagents

__all__ = ["merge_names"]

# --- 3. names --------------------------------------------------------------


def _name_number(lexemes: list[Lexeme], j: int) -> bool:
    """A number inside a name: glued to it (``IL2``), glued to a letter after
    it (``alfa 2b``: a variant), or followed by the dose."""
    item = lexemes[j]
    if item.type != "NUMBER":
        return False
    if not item.spaced:
        return not _is_quantity(lexemes, j)
    if j + 1 < len(lexemes) and not lexemes[j + 1].spaced and _letter(lexemes[j + 1]):
        return True
    nxt = _next_significant(lexemes, j + 1)
    return nxt < len(lexemes) and lexemes[nxt].type == "NUMBER"


def _letter(item: Lexeme) -> bool:
    """A lone letter that is no unit nor any other term (the ``b`` of ``2b``)."""
    return item.type in ("WORD", FILLER) and len(item.norm) == 1 and item.norm.isascii() and item.norm.isalpha()


def _run_end(lexemes: list[Lexeme], i: int) -> int:
    """Index after the agent candidate starting at ``i`` (``i`` if none)."""
    j = i
    if lexemes[i].type == "NUMBER":
        if i + 1 < len(lexemes) and lexemes[i + 1].type == "WORD" and not lexemes[i + 1].spaced:
            j = i + 2  # 100万IU, 3rd: a number glued to an unknown word
        elif (i + 2 < len(lexemes) and lexemes[i + 1].type == "RANGE" and not lexemes[i + 1].spaced
                and lexemes[i + 2].type in _WORDISH and not lexemes[i + 2].spaced):
            j = i + 3  # 5-FU
        else:
            return i
    elif lexemes[i].type not in _WORDISH:
        return i
    else:
        j = i + 1
    while j < len(lexemes):
        item = lexemes[j]
        if item.type in _WORDISH or _name_number(lexemes, j):
            j += 1
        elif item.type == "RANGE" and not item.spaced and _hyphen_joins(lexemes, j + 1):
            j += 2
        else:
            break
    return j


def _hyphen_joins(lexemes: list[Lexeme], j: int) -> bool:
    """Does a glued hyphen before ``j`` continue a name (``long-course``, ``IL-2``)?"""
    if j >= len(lexemes) or lexemes[j].spaced:
        return False
    item = lexemes[j]
    if item.type in _WORDISH or _name_number(lexemes, j):
        return True
    return item.type not in ("DAY_AT", "WEEK_AT", "NUMBER") and item.norm[:1].isalpha()


def merge_names(lexemes: list[Lexeme], text: str) -> list[Lexeme]:
    out: list[Lexeme] = []
    i = 0
    while i < len(lexemes):
        end = _run_end(lexemes, i)
        if end == i:
            out.append(lexemes[i])
            i += 1
            continue
        end = _drug_extension(lexemes, i, end, text)
        run = lexemes[i:end]
        if _glued_word_before(lexemes, i, out):
            run.insert(0, out.pop())  # As2O3: a name starts where its written word does
        head = _non_agent_head(run, text, by_ending=False)
        if head:
            out.append(_joined(run[:head], "WORD", text))
            run = run[head:]
        tail = _non_agent_tail(run, text)
        core = run[: len(run) - tail]
        if core:
            evidence = _evidence(core, lexemes, end, out, text)
            out.append(_joined(core, "WORD" if evidence is None else "NAME", text, known=bool(evidence)))
        if tail:
            out.append(_joined(run[len(run) - tail :], "WORD", text))
        i = end
    return out


def _glued_word_before(lexemes: list[Lexeme], i: int, out: list[Lexeme]) -> bool:
    """Is the run at ``i`` glued to a plain word before it that is still on
    its own (``As2O3``, whose ``As`` alone reads as a preposition)?"""
    if i == 0 or lexemes[i].spaced or not out or out[-1] is not lexemes[i - 1]:
        return False
    before = lexemes[i - 1]
    return before.type in ("WORD", FILLER) and before.norm.isascii() and before.norm.isalpha()


def _joined(run: list[Lexeme], kind: str, text: str, known: bool = False) -> Lexeme:
    start, stop = run[0].start, run[-1].end
    return Lexeme(kind, text[start:stop], start, stop, " ".join(x.norm for x in run), run[0].spaced, known)


def _evidence(run: list[Lexeme], lexemes: list[Lexeme], end: int, before: list[Lexeme], text: str) -> bool | None:
    """Does the candidate ``run`` (ending before ``lexemes[end]``) name an
    agent?  ``True`` on evidence of its own (a known name, its dose, a drug
    code), ``False`` on its place alone, ``None`` if it is no agent."""
    if before and before[-1].type == "RELATIVE":
        return None  # 30 min before paclitaxel: a time reference, not given here
    if any(item.type == "NAME" for item in run) or _holds_drug(text[run[0].start : run[-1].end]):
        return True
    if _non_agent_head(run, text, by_ending=True) == len(run):
        return None
    if _code_shaped(run) or _introduces_dose(lexemes, end, headed=False) or _dose_of_before(before):
        return True
    listed = _after_listed_part(before) and text[run[0].start].isupper()  # a brand's capital: Xyzderm
    if (_opens(before) or _after_agentless_dose(before) or listed) and _fact_follows(lexemes, end):
        return False
    if (_after_plus(before) and _stands_alone(lexemes, end)) or _listed_with_name(lexemes, end, before, text):
        return False
    return None


#: Word endings of verbs and adverbs (randomized, tapering, initially).
_NOT_A_NAME = re.compile(r".{3,}(?:ed|ing|ly)")


def _words(run: list[Lexeme]) -> list[tuple[int, int]]:
    """The run's words as ``(first, end)`` lexeme indices: parts joined by a
    glued hyphen are one word (``low-dose``, ``IL-2``), a number its own."""
    out: list[tuple[int, int]] = []
    for k, item in enumerate(run):
        if out and not item.spaced and (item.type == "RANGE" or run[k - 1].type == "RANGE"):
            out[-1] = (out[-1][0], k + 1)
        else:
            out.append((k, k + 1))
    return out


def _non_agent_head(run: list[Lexeme], text: str, by_ending: bool) -> int:
    """How many leading lexemes of ``run`` are words that are never an agent
    (``data/nonagents.txt``; with ``by_ending``, also words ending in -ed,
    -ing, -ly, which may still qualify a name: ``hypofractionated
    radiotherapy``); all of them if nothing but numbers follows."""
    head = 0
    for first, end in _words(run):
        norm = " ".join(item.norm for item in run[first:end])
        if run[first].type == "NUMBER" and head:
            continue  # stage 2: the number goes with the label
        known = run[first].type == "NAME" or drugs.is_drug(text[run[first].start : run[end - 1].end])
        never = norm in nonagents() or "%" in norm or (by_ending and _NOT_A_NAME.fullmatch(norm))
        if known or run[first].type not in _WORDISH or not never:
            return head if any(item.type in _WORDISH for item in run[first:]) else (len(run) if head else 0)
        head = end
    return head


def _non_agent_tail(run: list[Lexeme], text: str) -> int:
    """How many trailing lexemes of ``run`` are words that never end a name
    (``filgrastim initiated``, ``XELOX regimen consisted``): verbs and
    adverbs (-ed, -ing, -ly) and ``data/nonagents.txt``, after a word that
    is not one of them."""
    words = _words(run)
    tail = 0
    for first, end in reversed(words[1:]):
        norm = " ".join(item.norm for item in run[first:end])
        if run[first].type == "NAME" or drugs.is_drug(text[run[first].start : run[end - 1].end]):
            break
        if run[first].type not in _WORDISH or not (norm in nonagents() or _NOT_A_NAME.fullmatch(norm)):
            break
        tail = len(run) - first
    return tail


def _code_shaped(run: list[Lexeme]) -> bool:
    """``AZD4547``, ``RAD001``, ``MK-3475``, ``F-627``: letters glued to three
    or more digits, or to two or more after a hyphen (``HD2`` is no code)."""
    for k in range(1, len(run)):
        number = run[k]
        if number.type != "NUMBER" or number.spaced:
            continue
        hyphen = run[k - 1].type == "RANGE" and k >= 2
        letters = run[k - 2] if hyphen else run[k - 1]
        digits = sum(ch.isdigit() for ch in number.norm)
        if letters.type in _WORDISH and letters.norm.isalpha() and digits >= (2 if hyphen else 3):
            return True
    return False


def _previous(before: list[Lexeme]) -> Lexeme | None:
    """The last lexeme before the candidate that is not connective text."""
    return next((item for item in reversed(before) if item.type != FILLER), None)


def _dose_of_before(before: list[Lexeme]) -> bool:
    """``300 IU of XYZ``, ``75 mg/m2 of XYZ``, ``4 cycles of XYZ``: a dose or
    a count of cycles, then ``of``."""
    if len(before) < 2 or before[-1].norm != "of":
        return False
    previous = _previous(before[:-1])
    return previous is not None and previous.type in ("DOSE_UNIT", "BSA", "KG", "PER_PERIOD", "CYCLE")


_OPENERS = frozenset({"SEP", "ALT", "THEN", "LPAR"})
#: Facts of administration that follow an agent at once (``XYZ qd``).
_FACTS = frozenset({
    "ROUTE", "FREQ", "PERIOD_ADV", "DAY_AT", "WEEK_AT", "EVERY", "MULT", "TIMES", "FIRST", "CYCLE", "TOTAL", "BOUND",
    "INFUSION",
})


def _after_agentless_dose(before: list[Lexeme]) -> bool:
    """``and 10 mg/m2 XYZ IV``: right after a dose in a part that names no agent."""
    previous = _previous(before)
    if previous is None or previous.type not in ("DOSE_UNIT", "BSA", "KG"):
        return False
    for item in reversed(before):
        if item.type in _OPENERS:
            return True
        if item.type == "NAME":
            return False
    return True


#: What closes a part of a list of drugs, before the comma after it (``... 5000 units SC daily, XYZ ...``).
_CLOSES_PART = frozenset({"FREQ", "PERIOD_ADV", "ROUTE"})


def _after_listed_part(before: list[Lexeme]) -> bool:
    """``A 5000 units SC daily, Xyzderm to wounds topically b.i.d., ...``:
    right after a comma that follows a part's route or frequency (a list of
    drugs, each with its own schedule), a candidate written with a capital
    (a brand's name; ``hydration orally`` stays text) opens the next part."""
    if not before or before[-1].norm != ",":
        return False
    previous = _previous(before)
    return previous is not None and previous.type in _CLOSES_PART


def _opens(before: list[Lexeme]) -> bool:
    """Does a candidate after ``before`` open a part (the text, or after a separator or bracket)?"""
    previous = _previous(before)
    return previous is None or previous.type in _OPENERS


#: Units that make a number after a candidate a fact of administration (``XYZ for 7 days``).
_COUNTED = frozenset({
    "CYCLE", "DAY", "WEEK", "MONTH", "MINUTE", "HOUR", "FRACTION", "DOSES", "RANGE", "TIMES", "TIMES_WORD", "PLUSMINUS",
})


def _fact_follows(lexemes: list[Lexeme], end: int) -> bool:
    """Is the next lexeme past connective text (not ``of``: ``severity of
    infusion reactions``; not a colon: ``severe hypothyroidism: 12.5 mcg``,
    a heading) a fact of administration?"""
    j = end
    while j < len(lexemes) and lexemes[j].type == FILLER and lexemes[j].norm not in ("of", ":", "："):
        j += 1
    if j < len(lexemes) and lexemes[j].type in _FACTS:
        return True
    return j + 1 < len(lexemes) and lexemes[j].type == "NUMBER" and lexemes[j + 1].type in _COUNTED


def _after_plus(before: list[Lexeme]) -> bool:
    previous = _previous(before)
    return previous is not None and previous.type == "SEP" and previous.norm in ("+", "plus")


_JOINS = frozenset({"and", "+", "plus", "&"})


def _listed_with_name(lexemes: list[Lexeme], end: int, before: list[Lexeme], text: str) -> bool:
    """``XYZ and cisplatin ...``, ``cisplatin and XYZ``: listed (by ``and``,
    ``+``, ``plus``) right beside a name the vocabulary knows."""
    previous = [item for item in before if item.type != FILLER]
    if len(previous) >= 2 and previous[-1].norm in _JOINS and previous[-2].type == "NAME" and previous[-2].known:
        nxt = _next_significant(lexemes, end)
        return nxt == len(lexemes) or lexemes[nxt].type in ("SEP", "ALT", "THEN", "RPAR") or lexemes[nxt].norm in _JOINS
    j = end
    if j + 1 < len(lexemes) and lexemes[j].norm in _JOINS:
        j += 1
    else:
        return False
    stop = _run_end(lexemes, j)
    if stop == j:
        return False
    run = lexemes[j:stop]
    return any(item.type == "NAME" for item in run) or _holds_drug(text[run[0].start : run[-1].end])


def _stands_alone(lexemes: list[Lexeme], end: int) -> bool:
    nxt = _next_significant(lexemes, end)
    return nxt == len(lexemes) or lexemes[nxt].type in ("SEP", "ALT", "THEN", "RPAR")


#: How many lexemes past a name's run the drug lexicon may extend it by.
_EXTENSION = 3


def _drug_extension(lexemes: list[Lexeme], i: int, end: int, text: str) -> int:
    """Where the name starting at ``i`` ends: past ``end`` when the drug
    lexicon knows a longer name there (``interleukin 2``, ``vitamin A``,
    ``interferon alfa-2b``: a number, a letter read as an article, a glued
    suffix).  A dose's number, a bracket or a comma never joins."""
    found, start = end, lexemes[i].start
    for k in range(end, min(end + _EXTENSION, len(lexemes))):
        item = lexemes[k]
        if item.norm in _NEVER_IN_NAME or (item.type == "NUMBER" and _is_quantity(lexemes, k)):
            break
        if drugs.is_drug(text[start : item.end]):
            found = k + 1
    return found


_NEVER_IN_NAME = frozenset({",", ";", ":", "(", ")", "[", "]", "/", "+", "："})


def _holds_drug(name: str) -> bool:
    """Does the candidate hold a known drug name (``radiosensitizing capecitabine``)?"""
    words = drugs.key(name).split()
    names = drugs.drug_names()
    return any(
        " ".join(words[a:b]) in names for a in range(len(words)) for b in range(a + 1, min(len(words), a + 6) + 1)
    )


#: How many words of connective text may stand between a name and its dose,
#: and which (``X at a dose of 10 mg``; not verbs: ``the planning target
#: volume will receive 45 Gy`` names no agent).
_BETWEEN = 5
_BEFORE_DOSE = frozenset({"at", "a", "an", "the", "dose", "doses", "dosage", "dosed", "of", "in", ",", ":", "："})


def _introduces_dose(lexemes: list[Lexeme], j: int, headed: bool = True) -> bool:
    """Is the name ending before ``j`` followed (past connective text, a
    route or an opening bracket: ``X at a dose of 10 mg``, ``X (10 mg)``) by
    its dose?  Not past a colon unless ``headed`` (an unknown word before a
    colon is a heading: ``Bolus: 80 units/kg``)."""
    start = j
    while j < len(lexemes) and j - start < _BETWEEN and lexemes[j].type == FILLER and (
        lexemes[j].norm in _BEFORE_DOSE or not lexemes[j].norm[:1].isalnum()
    ):
        if lexemes[j].norm in (":", "：") and not headed:
            return False
        j += 1
    if j < len(lexemes) and (lexemes[j].type == "LPAR" or is_combination_strength(lexemes[j])):  # X 10/500 mg 1 tablet
        j += 1
    if j < len(lexemes) and lexemes[j].type == "ROUTE":
        j += 1
    return _is_quantity(lexemes, j) or (
        j + 3 < len(lexemes) and lexemes[j + 1].type == "TIMES" and _is_quantity(lexemes, j + 2)
    )
