# Two commands on a fresh clone: `make demo` (a virtualenv in .venv, the package and its test tools installed,
# then the offline demo) and `make test` (the same environment, the test suite). Only Python 3.11+ is needed.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install demo test clean

install: $(VENV)/.installed

# Re-installs when the package definition changes; the stamp records a finished install.
$(VENV)/.installed: pyproject.toml setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e ".[dev]"
	touch $@

demo: install
	$(BIN)/sentiment demo

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) demo/demo.db demo/reports
