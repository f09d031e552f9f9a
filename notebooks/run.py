"""Execute every notebook of this folder, each in its own kernel, all at once.

    python notebooks/run.py           # execute and write the outputs back (make notebooks)
    python notebooks/run.py --check   # execute, write nothing; exit 1 if a cell fails

Each kernel runs on the interpreter that runs this script (the project's
``.venv``), whatever kernel specs the machine has installed, with the
notebook's folder as its working directory.  The kernels run concurrently
(they are separate processes), so the whole folder takes about as long as
its slowest notebook on a machine with a core to spare.  ``tests/test_notebooks.py``
runs :func:`execute_all` on every ``*.ipynb`` here and fails on any cell error.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent
#: Seconds a cell may run.
TIMEOUT = 300


class ThisInterpreter(KernelSpecManager):
    """A kernel spec for any kernel name: ipykernel on ``sys.executable``."""

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        return KernelSpec(
            argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            display_name="Python 3 (ipykernel)", language="python", name=kernel_name,
        )


def notebooks() -> list[Path]:
    """Every notebook of the folder, in name order."""
    return sorted(HERE.glob("*.ipynb"))


async def execute(path: Path) -> nbformat.NotebookNode:
    """Run ``path`` top to bottom in a fresh kernel; raises ``CellExecutionError`` on a failing cell."""
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    manager = AsyncKernelManager(kernel_spec_manager=ThisInterpreter(), kernel_name="python3")
    client = NotebookClient(
        notebook, km=manager, timeout=TIMEOUT, record_timing=False,  # no timestamps: a re-run changes only what changed
        resources={"metadata": {"path": str(path.parent)}},
    )
    await client.async_execute()
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = _coalesced(cell.outputs)
    return notebook


def _coalesced(outputs: list) -> list:
    """Consecutive writes to one stream as one output, so how the kernel chunked them does not show in a diff."""
    merged: list = []
    for output in outputs:
        last = merged[-1] if merged else None
        if output.output_type == "stream" and last is not None and last.output_type == "stream" and last.name == output.name:
            last.text += output.text
        else:
            merged.append(output)
    return merged


async def _gather(paths: list[Path]) -> list[nbformat.NotebookNode | BaseException]:
    return await asyncio.gather(*(execute(path) for path in paths), return_exceptions=True)


def execute_all(paths: list[Path]) -> dict[Path, nbformat.NotebookNode | BaseException]:
    """Each notebook executed, or the exception that stopped it."""
    return dict(zip(paths, asyncio.run(_gather(paths))))


def main(argv: list[str]) -> int:
    check = "--check" in argv
    failed = 0
    for path, result in execute_all(notebooks()).items():
        if isinstance(result, BaseException):
            failed += 1
            print(f"{path.name}: FAILED\n{result}", file=sys.stderr)
            continue
        if not check:
            nbformat.write(result, path)
        print(f"{path.name}: ok", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
