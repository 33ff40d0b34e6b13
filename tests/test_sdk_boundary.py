"""The SDK boundary: shared code runs under either host, so it loads no bot SDK.

Only ``bot/hosts/botbuilder/`` may import botbuilder and only ``bot/hosts/agents/``
the Agents SDK; the rest of ``bot/``, ``dialogs/`` and ``knowledge/`` import neither, so
that the Agents host needs no botbuilder and a store written for one host serves
the other unchanged. Checked in a fresh interpreter, where nothing is loaded yet.
"""
import json
import subprocess

from tests.conftest import ROOT

SDKS = ("botbuilder", "botframework", "microsoft_agents")
# Each module in turn; what it newly loads from an SDK is charged to it.
PROBE = f"""
import importlib, json, pkgutil, sys
sdks = {SDKS!r}
def sdk_modules():
    return {{name for name in sys.modules if name.split(".")[0] in sdks}}
loaded = {{}}
own_folders = ("bot.hosts.botbuilder", "bot.hosts.agents")  # the SDKs' own folders
for package in ("bot", "dialogs", "knowledge"):
    root = importlib.import_module(package)
    for module in pkgutil.walk_packages(root.__path__, prefix=package + "."):
        if module.name.startswith(own_folders):
            continue
        before = sdk_modules()
        importlib.import_module(module.name)
        loaded[module.name] = sorted(sdk_modules() - before)[:3]
print(json.dumps(loaded))
"""


def loaded_sdk_modules(python: list[str]) -> dict[str, list[str]]:
    done = subprocess.run([*python, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_no_shared_module_loads_a_bot_sdk(python):
    loaded = loaded_sdk_modules(python)
    assert {"bot.storage.blob", "bot.storage.sqlite", "bot.storage", "bot.web.app", "dialogs.engine"} <= set(loaded)
    assert {module: sdk for module, sdk in loaded.items() if sdk} == {}


def test_the_blob_store_runs_on_the_storage_sdk_alone(python):
    """It replaced botbuilder-azure's BlobStorage; the Agents host uses it unchanged."""
    code = ("import sys, json, bot.storage.blob; "
            f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {SDKS!r})))")
    done = subprocess.run([*python, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []
