"""Packaging: the distribution name, the version, ``py.typed``, and the grammar
shipped with the package from a wheel and from an editable install."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
import sysconfig
import venv
from importlib import resources
from pathlib import Path

import pytest

import regimen

ROOT = Path(__file__).resolve().parent.parent


def test_the_distribution_name_is_ours_and_the_version_comes_from_its_metadata():
    from importlib.metadata import version

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["name"] == regimen.DISTRIBUTION == "regimen-parser"  # `regimen` on PyPI is someone else's
    assert regimen.__version__ == version("regimen-parser")
    assert regimen.__version__ == project["version"]


def test_editable_install_reads_the_top_level_grammar_directory():
    if not Path(regimen.__file__).resolve().is_relative_to(ROOT / "src"):
        pytest.skip("regimen is not installed in editable mode from this checkout")
    with resources.as_file(resources.files("regimen.grammars") / "regimen.lark") as path:
        assert path.resolve() == (ROOT / "grammars" / "regimen.lark").resolve()


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_virtual_environment_and_parses(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(dist), str(ROOT)], check=True
    )
    (wheel,) = dist.glob("regimen_parser-*.whl")
    assert "regimen/py.typed" in zipfile.ZipFile(wheel).namelist()  # PEP 561: type checkers use our hints
    env = tmp_path / "env"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    site = Path(subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip())
    # The dependencies (lark, spaCy, pint) come from the running environment;
    # a path in a .pth file adds no site directory, so no editable finder leaks in.
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)], check=True)
    probe = (
        "import regimen, regimen.cli, regimen.clinical, importlib.resources as r;"
        "print(regimen.__file__);"
        "print(regimen.__version__);"
        "print((r.files('regimen.grammars') / 'regimen.lark').is_file());"
        "print(regimen.parse_regimen('Capecitabine: 825mg/m2 bid po, d1-d14 + 5×5Gy'))"
    )
    out = subprocess.run([str(python), "-c", probe], check=True, capture_output=True, text=True, cwd=tmp_path)
    where, version, has_grammar, parsed = out.stdout.strip().splitlines()
    assert Path(where).resolve().is_relative_to(env.resolve())
    assert version == tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert has_grammar == "True"
    assert parsed == "capecitabine 825 mg/m² PO BID, D1-14 + 5 × 5 Gy"
