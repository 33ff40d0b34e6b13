"""Fixtures for the app package tests: the schemas, the CLI run in-process, a built package."""
from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from manifest.__main__ import main
from manifest.schema import SchemaUnavailable, schema_dir
from tests.manifest.helpers import BOT_ID, Run


@pytest.fixture(scope="session")
def schemas() -> Path:
    """The official schemas, found as the CLI finds them: $TEAMS_SCHEMA_DIR, else npm's @microsoft/app-manifest."""
    try:
        return schema_dir(None, os.environ)
    except SchemaUnavailable as error:
        pytest.skip(str(error))


@pytest.fixture
def cli(capsys):
    """``python -m manifest ...`` in-process, with an empty environment unless a test gives one."""
    def run(*argv, env: dict | None = None) -> Run:
        code = main([str(a) for a in argv], env=env or {})
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return Run(code, out, err)
    return run


@pytest.fixture
def validate(cli, schemas):
    """``validate ZIP`` against the official schemas."""
    def run(zip_path: Path) -> Run:
        return cli("validate", zip_path, "--schema-dir", schemas)
    return run


@pytest.fixture
def package(cli, tmp_path):
    """Build a package for BOT_ID with extra flags; return the zip's path."""
    def build(*flags, out: Path | None = None) -> Path:
        result = cli("package", "--bot-id", BOT_ID, "--out", out or tmp_path / "out", *flags)
        assert result.code == 0, result.err
        return Path(result.out.strip())
    return build


@pytest.fixture
def good_files(package) -> dict[str, bytes]:
    """The files of a package that validates, to break one thing at a time."""
    with zipfile.ZipFile(package("--domain", "bot.contoso.com")) as archive:
        return {name: archive.read(name) for name in archive.namelist()}
