# One command runs the bot, one runs the tests; both set themselves up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test chat bench clean toolkit-check

run: $(STAMP)
	$(BIN)/python -m bot serve

chat: $(STAMP)
	$(BIN)/python -m bot chat

test: $(STAMP) node_modules/.installed
	$(BIN)/python -m knowledge build --check
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python -m bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,bench]"
	touch $@

# Azurite (Azure Blob Storage emulator) for the multi-instance tests.
# Without Node.js those tests skip and say why.
node_modules/.installed: package.json
	@if command -v npm >/dev/null 2>&1; then \
		npm install --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "npm not found: the Azure Blob Storage tests will be skipped"; \
	fi

# The Agents Toolkit's own checks of m365agents*.yml and appPackage/ (tests/manifest/test_toolkit_cli.py).
# --ignore-scripts: the CLI's optional keychain module needs libsecret headers to compile.
toolkit-check: $(STAMP)
	cd toolkit && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	$(BIN)/python -m pytest -q tests/manifest/test_toolkit_cli.py

clean:
	rm -rf $(VENV) node_modules
