"""Agent names: which runs of words are one name, and which are agents.

Adjacent words, hyphenated parts and name numbers (``IL-2``, ``interleukin
2``, ``mFOLFOX6``, ``5-FU``) form one candidate.  It is a ``NAME`` (an agent
that may start a new component without a separator) if it holds a known
agent from ``agents.txt``, is followed (past punctuation:
``Capecitabine: 825 mg``) by a dose, or holds a drug of the drug lexicon
(:mod:`regimen.drugs`); a colon alone is not enough, since headings have one
(``Methods:``).  Otherwise it is a ``WORD``.  A bare number after a name
belongs to it when the lexicon says so (``interleukin 2``).
"""

from __future__ import annotations

from regimen import drugs
from regimen.lexemes import FILLER, Lexeme, _WORDISH, _is_quantity, _next_significant

__all__ = ["merge_names"]

# --- 3. names --------------------------------------------------------------


def _name_number(lexemes: list[Lexeme], j: int) -> bool:
    """A number inside a name: glued to it (``IL2``), or followed by the dose."""
    item = lexemes[j]
    if item.type != "NUMBER":
        return False
    if not item.spaced:
        return not _is_quantity(lexemes, j)
    nxt = _next_significant(lexemes, j + 1)
    return nxt < len(lexemes) and lexemes[nxt].type == "NUMBER"


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
        if _drug_number(lexemes, i, end, text):
            end += 1  # interleukin 2: a number that the drug lexicon says is in the name
        run = lexemes[i:end]
        start, stop = run[0].start, run[-1].end
        known = any(item.type == "NAME" for item in run)
        reference = bool(out) and out[-1].type == "RELATIVE"  # 30 min before paclitaxel: not given here
        named = not reference and (known or _introduces_dose(lexemes, end) or _holds_drug(text[start:stop]))
        out.append(Lexeme("NAME" if named else "WORD", text[start:stop], start, stop,
                          " ".join(x.norm for x in run), run[0].spaced))
        i = end
    return out


def _drug_number(lexemes: list[Lexeme], i: int, end: int, text: str) -> bool:
    if end >= len(lexemes) or lexemes[end].type != "NUMBER" or _is_quantity(lexemes, end):
        return False
    return drugs.is_drug(text[lexemes[i].start : lexemes[end].end])


def _holds_drug(name: str) -> bool:
    """Does the candidate hold a known drug name (``radiosensitizing capecitabine``)?"""
    words = name.lower().split()
    names = drugs.drug_names()
    return any(
        " ".join(words[a:b]) in names for a in range(len(words)) for b in range(a + 1, min(len(words), a + 6) + 1)
    )


def _introduces_dose(lexemes: list[Lexeme], j: int) -> bool:
    """Is the name ending before ``j`` followed (past punctuation) by its dose?"""
    while j < len(lexemes) and lexemes[j].type == FILLER and not lexemes[j].norm[:1].isalnum():
        j += 1
    if j < len(lexemes) and lexemes[j].type == "ROUTE":
        j += 1
    return _is_quantity(lexemes, j) or (
        j + 3 < len(lexemes) and lexemes[j + 1].type == "TIMES" and _is_quantity(lexemes, j + 2)
    )
