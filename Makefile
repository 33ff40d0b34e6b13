# One command runs the bot, one runs the tests; both set themselves up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test check chat playground bench clean toolkit-check

run: $(STAMP)
	$(BIN)/python -m bot serve

chat: $(STAMP)
	$(BIN)/python -m bot chat

# The bot and the Microsoft 365 Agents Playground (a local Teams client) on loopback.
playground: $(STAMP) node_modules/.installed
	$(BIN)/python -m bot playground

test: $(STAMP) node_modules/.installed toolkit/node_modules/.installed
	$(BIN)/python -m knowledge build --check
	$(BIN)/python -m dialogs train --check
	$(BIN)/python -m pytest -q

# The lint and type gate (rules in pyproject.toml's [tool.ruff] and [tool.mypy]); .ci/run runs it.
check: $(STAMP)
	$(BIN)/python -m ruff check .
	$(BIN)/python -m mypy

# Every server at concurrency 1 and 32, three rounds interleaved, the figures their medians
# (python -m bench --help); python -m bench.parts shows where a turn of ours goes.
bench: $(STAMP)
	$(BIN)/python -m bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,bench,agents]"
	touch $@

# From npm (package.json): Azurite for the multi-instance tests, the Teams manifest
# schemas for `manifest validate`, the Agents Playground. Without Node.js those tests skip.
node_modules/.installed: package.json
	@if command -v npm >/dev/null 2>&1; then \
		npm install --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "npm not found: the Azure Blob Storage tests will be skipped"; \
	fi

# The Agents Toolkit CLI, for its own checks of m365agents*.yml and appPackage/
# (tests/manifest/test_toolkit_cli.py). --ignore-scripts: the CLI's optional keychain
# module needs libsecret headers to compile, and nothing here signs in.
toolkit/node_modules/.installed: toolkit/package.json
	@if command -v npm >/dev/null 2>&1; then \
		cd toolkit && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch node_modules/.installed; \
	else \
		echo "npm not found: the Agents Toolkit checks will be skipped"; \
	fi

toolkit-check: $(STAMP) toolkit/node_modules/.installed
	$(BIN)/python -m pytest -q tests/manifest/test_toolkit_cli.py

clean:
	rm -rf $(VENV) node_modules toolkit/node_modules
