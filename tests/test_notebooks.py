"""Every notebook of notebooks/ runs top to bottom without a cell error (make test runs them all).

Each notebook gets its own kernel on this interpreter; the kernels run at
once (notebooks/run.py), so the test costs about its slowest notebook.
Figures go to a temporary folder, not into docs/img (``make notebooks``
regenerates those and the stored outputs).
"""

import importlib.util
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def _runner():
    spec = importlib.util.spec_from_file_location("notebooks_run", NOTEBOOKS / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_notebook_executes_without_error(tmp_path, monkeypatch):
    pytest.importorskip("nbclient")
    monkeypatch.setenv("REGIMEN_FIGURES", str(tmp_path))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    run = _runner()
    paths = run.notebooks()
    assert len(paths) >= 3, "notebooks/ holds at least the tour, the trials and the radiotherapy notebooks"
    results = run.execute_all(paths)
    failures = {path.name: str(result) for path, result in results.items() if isinstance(result, BaseException)}
    assert not failures, "\n\n".join(f"{name}:\n{error}" for name, error in failures.items())
    for path, notebook in results.items():
        code = [cell for cell in notebook.cells if cell.cell_type == "code"]
        assert all(cell.execution_count for cell in code), f"{path.name}: a cell did not run"
    assert {p.name for p in tmp_path.glob("*.png")} >= {"corpus-overview.png", "fractionation.png"}
