"""What several test packages share: the repository root and a clean environment for CLI subprocesses."""
import os
import sys
from pathlib import Path

import pytest

pytest_plugins = ["tests.support.azurite"]

ROOT = Path(__file__).resolve().parents[1]
# The bot's own settings (and the Bot Framework stand-ins' TO_BOT_/TO_CHANNEL_), kept out of subprocesses
OUR_VARIABLES = ("MicrosoftApp", "BOT_", "PORT", "AZURE_STORAGE", "LOG_", "HOST", "TO_BOT_", "TO_CHANNEL_")


@pytest.fixture
def cli_env(tmp_path) -> dict:
    """The environment of a fresh shell: none of the bot's variables, state kept in the test's folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(OUR_VARIABLES)}
    env["BOT_STATE_PATH"] = str(tmp_path / "state.db")
    return env


@pytest.fixture
def python() -> list[str]:
    """The interpreter running the tests, to run ``python -m ...`` exactly as a user would."""
    return [sys.executable]
