"""The Agents Toolkit project as the toolkit reads it: YAML files, env files, placeholders."""
from __future__ import annotations

from pathlib import Path

import yaml

from manifest.toolkit import placeholders, read_env_file

REPO = Path(__file__).resolve().parents[2]
# (project file, its environment): m365agents.yml is the toolkit's default, used for env/.env.dev
PROJECTS = {"m365agents.local.yml": "local", "m365agents.yml": "dev"}
# What `atk provision --env local` would have written: ids, and the dev tunnel's host.
LOCAL_IDS = {"TEAMS_APP_ID": "2b4d6f80-1a3c-4e5f-8a7b-9c0d1e2f3a4b",
             "BOT_ID": "0b6e2f1a-8c1d-4f7e-9a2b-3c4d5e6f7a8b",
             "BOT_DOMAIN": "k7m2x9-3978.euw.devtunnels.ms"}
BUILT_IN = {"TEAMSFX_ENV", "APP_NAME_SUFFIX", "TEAMS_APP_TENANT_ID"}  # the toolkit sets these itself


def load_project(name: str) -> dict:
    return yaml.safe_load((REPO / name).read_text(encoding="utf-8"))


def env_values(environment: str) -> dict[str, str]:
    return read_env_file(REPO / "env" / f".env.{environment}")


def actions(project: dict):
    """Every action of every lifecycle, in order: (lifecycle, action)."""
    for lifecycle in ("provision", "deploy", "publish"):
        for action in project.get(lifecycle) or []:
            yield lifecycle, action


def written_by_actions(project: dict) -> set[str]:
    """The variables actions write to the env file (ids they create, secrets)."""
    return {name for _l, action in actions(project) for name in (action.get("writeToEnvironmentFile") or {}).values()}


def used_placeholders(project_name: str) -> set[str]:
    text = (REPO / project_name).read_text(encoding="utf-8")
    return placeholders(text) | placeholders((REPO / "appPackage" / "manifest.json").read_text(encoding="utf-8"))
