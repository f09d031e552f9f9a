# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test notebooks smoke bench cost fuzz clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# The distribution was once called `regimen` (a name PyPI gives to another project): drop a stale install of it.
	$(BIN)/python -m pip uninstall --quiet --yes regimen 2>/dev/null || true
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m regimen.demo corpus

test: $(STAMP)
	$(BIN)/python -m pytest -q

# Re-execute every notebook in place (outputs stored, so they read on the code host) and rewrite docs/img/*.png.
notebooks: $(STAMP)
	$(BIN)/python notebooks/run.py

# CI's throughput guard (seconds): fails only below half the recorded ratio to make_doc.
smoke: $(STAMP)
	$(BIN)/python benchmarks/smoke.py

# The full benchmark against peers (installs the optional bench group); writes benchmarks/RESULTS.md.
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test,bench]"
	$(BIN)/python benchmarks/bench.py

# Bounded cost: per-character time at 1 KB/100 KB/10 MB, memory streaming 1 GB of records; writes benchmarks/COST.md.
cost: $(STAMP)
	$(BIN)/python benchmarks/cost.py

# The long fuzzing campaign (1,000,000 inputs, atheris; CI runs the fixed-seed hypothesis suite); writes benchmarks/FUZZ.md.
fuzz: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test,fuzz]"
	$(BIN)/python benchmarks/fuzz.py --runs 1000000 --jobs 2

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .hypothesis .fuzz .bench .mypy_cache
