"""python -m manifest icons [--check] | package --bot-id GUID ... | validate ZIP [--schema-dir DIR]
| toolkit [--check]"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Mapping

from .icons import stale_icons, write_icons
from .package import build_package
from .schema import HOW_TO_GET_SCHEMAS, SCHEMA_DIR_VARIABLE, SchemaUnavailable, schema_dir
from .settings import DEVELOPER_FIELDS, PackageError, PackageSettings
from .toolkit import APP_PACKAGE_DIR, stale_app_package, write_app_package
from .validate import validate_package

EXIT_INVALID = 1  # the package (or the icons) are wrong
EXIT_USAGE = 2  # bad input or nothing to validate against; argparse uses 2 as well


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m manifest", description="The Teams app package for admins.")
    sub = p.add_subparsers(dest="command", required=True)
    icons = sub.add_parser("icons", help="draw color.png and outline.png into manifest/")
    icons.add_argument("--check", action="store_true", help="fail if the committed icons differ; write nothing")
    package = sub.add_parser("package", help="build the app package zip to upload in Teams")
    package.add_argument("--bot-id", required=True, help="the Azure Bot's Microsoft App ID (a GUID)")
    package.add_argument("--app-id", help="the Teams app id (default: derived from the bot id, stable)")
    package.add_argument("--domain", help="the bot's host name, e.g. bot.contoso.com (added to validDomains)")
    package.add_argument("--name-suffix",
                         help="appended to the app's names, e.g. ' Pilot' (the short name allows 30 characters)")
    package.add_argument("--version", help="the app version X.Y.Z (default: the template's)")
    for _field, flag, variable in DEVELOPER_FIELDS:
        package.add_argument(flag, help=f"default: ${variable}, else the template's")
    package.add_argument("--template", type=Path, help="another manifest template (icons beside it)")
    package.add_argument("--out", type=Path, required=True, help="folder to write the zip into")
    validate = sub.add_parser("validate", help="check an app package before uploading it")
    validate.add_argument("zip", type=Path)
    validate.add_argument("--schema-dir", type=Path,
                          help=f"folder of v1.xx/ schemas (default: ${SCHEMA_DIR_VARIABLE}, "
                               "else npm's @microsoft/app-manifest in node_modules/)")
    toolkit = sub.add_parser("toolkit", help="copy the template and icons into appPackage/ for the Agents Toolkit")
    toolkit.add_argument("--check", action="store_true", help="fail if appPackage/ differs; write nothing")
    toolkit.add_argument("--folder", type=Path, default=APP_PACKAGE_DIR,
                         help="the toolkit project's appPackage folder (default: appPackage/ in this checkout)")
    return p


def main(argv: list[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    args = parser().parse_args(argv)
    env = os.environ if env is None else env
    commands = {"icons": run_icons, "package": run_package, "validate": run_validate, "toolkit": run_toolkit}
    return commands[args.command](args, env)


def run_icons(args, env) -> int:
    if args.check:
        stale = stale_icons()
        for name in stale:
            print(f"manifest/{name}: differs from what 'python -m manifest icons' draws", file=sys.stderr)
        return EXIT_INVALID if stale else 0
    print("wrote " + ", ".join(str(path) for path in write_icons()))
    return 0


def run_toolkit(args, env) -> int:
    if args.check:
        stale = stale_app_package(args.folder)
        for name in stale:
            print(f"{args.folder.name}/{name}: differs from manifest/; run 'python -m manifest toolkit'",
                  file=sys.stderr)
        return EXIT_INVALID if stale else 0
    print("wrote " + ", ".join(str(path) for path in write_app_package(args.folder)))
    return 0


def run_package(args, env) -> int:
    developer = {flag: getattr(args, flag[2:].replace("-", "_")) for _f, flag, _v in DEVELOPER_FIELDS}
    try:
        settings = PackageSettings.from_inputs(
            bot_id=args.bot_id, app_id=args.app_id, domain=args.domain, name_suffix=args.name_suffix,
            version=args.version, developer=developer, template=args.template, out_dir=args.out, env=env)
        path = build_package(settings)
    except PackageError as error:
        print(f"python -m manifest package: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(path)
    return 0


def run_validate(args, env) -> int:
    try:
        folder = schema_dir(args.schema_dir, env)
        problems = validate_package(args.zip, folder)
    except SchemaUnavailable as error:
        print(f"python -m manifest validate: {error}", file=sys.stderr)
        return EXIT_USAGE
    for problem in problems:
        print(problem, file=sys.stderr)
    if folder is None:
        print(f"python -m manifest validate: the Teams schema was not checked: {HOW_TO_GET_SCHEMAS}", file=sys.stderr)
    if problems:
        return EXIT_INVALID
    checked = "is a valid Teams app package" if folder else "passes every check that needs no schema"
    print(f"OK: {args.zip} {checked}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
