"""Parsing many strings across processes, results in input order.

    from regimen.batch import batch
    for result in batch(lines, processes=2):
        ...  # a Regimen (partial where a piece was not read), or the RegimenParseError of that line

Each worker process builds the parser once; strings travel in chunks and
results come back in the order the strings went in.  Each string is read as
:func:`~regimen.api.parse_regimen` reads it: recovering by default (what
cannot be read is kept unresolved, and the result is marked partial),
refusing with ``strict=True``.  At most ``2 ×
processes`` chunks are out at a time, so an input of any length (a generator
over a file of millions of records) streams in constant memory;
``Executor.map`` would read all of it first.  A string that does not
parse yields its :class:`~regimen.errors.RegimenParseError` (with
``errors="return"``, the default) so that one bad record never stops a job of
millions; ``errors="raise"`` raises it instead.

While the pool runs, the objects that existed before it are moved out of the
garbage collector's reach (``gc.freeze()``, in the parent and in each forked
worker; undone when the iteration ends).  Without it each full collection
walks the whole heap (the vocabulary, the drug lexicon, the caller's own data)
while results arrive, which cost the parent a third of its time, and forked
workers copy the pages the collector touches.

The same job on Dask (the engine for data beyond one machine)::

    import dask.bag as db
    records = db.read_text("records-*.jsonl").map(json.loads)
    parsed = records.map(lambda r: parse_record(r["text"])).compute()

:func:`parse_record` returns the ``to_dict()`` form, or an error object, as
plain data that any Dask scheduler can ship between workers.
"""

from __future__ import annotations

import gc
import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from itertools import islice
from typing import Iterable, Iterator, Literal

from regimen.api import parse_regimen
from regimen.errors import RegimenParseError
from regimen.model import Regimen

__all__ = ["batch", "parse_record"]


def batch(
    texts: Iterable[str],
    *,
    processes: int | None = None,
    chunksize: int = 256,
    errors: Literal["return", "raise"] = "return",
    strict: bool = False,
) -> Iterator[Regimen | RegimenParseError]:
    """Parse ``texts`` on ``processes`` workers (default: every core), in order."""
    if errors not in ("return", "raise"):
        raise ValueError(f"errors must be 'return' or 'raise', not {errors!r}")
    workers = processes or os.cpu_count() or 1
    if workers == 1:
        results = (_parse_or_error(text, strict) for text in texts)
        yield from (_check(result, errors) for result in results)
        return
    freeze = gc.get_freeze_count() == 0  # a caller who manages gc.freeze() itself is left to it
    if freeze:
        gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers, initializer=gc.freeze) as pool:
            chunks = _chunks(texts, chunksize)
            work = partial(_parse_chunk, strict=strict)
            out = deque(pool.submit(work, chunk) for chunk in islice(chunks, 2 * workers))
            try:
                while out:
                    results = out.popleft().result()
                    for chunk in islice(chunks, 1):  # one chunk in for each one out
                        out.append(pool.submit(work, chunk))
                    yield from (_check(result, errors) for result in results)
            finally:  # an error raised or the caller stopped early: what has not started never will
                for future in out:
                    future.cancel()
    finally:
        if freeze:
            gc.unfreeze()


def _chunks(texts: Iterable[str], size: int) -> Iterator[list[str]]:
    iterator = iter(texts)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _parse_chunk(texts: list[str], strict: bool = False) -> list[Regimen | RegimenParseError]:
    return [_parse_or_error(text, strict) for text in texts]


def _parse_or_error(text: str, strict: bool = False) -> Regimen | RegimenParseError:
    try:
        return parse_regimen(text, strict=strict)
    except RegimenParseError as exc:
        return exc


def _check(result, errors: str):
    if errors == "raise" and isinstance(result, RegimenParseError):
        raise result
    return result


def parse_record(text: str, *, strict: bool = False) -> dict:
    """One string → the ``to_dict()`` form, or ``{"text", "error", "position"}``: plain data for Dask."""
    result = _parse_or_error(text, strict)
    if isinstance(result, RegimenParseError):
        return {"text": text, "error": result.message, "position": result.position}
    return result.to_dict()
