"""Validating a package: each thing Teams would refuse is named by its field or file."""
from __future__ import annotations

import io
import json
import random
import re
import urllib.request
import zipfile

import pytest
from PIL import Image

from manifest import schema as schema_module
from manifest.paths import TEMPLATE
from manifest.validate import validate_package
from tests.manifest.helpers import png, with_manifest, zip_of

VERSION = json.loads(TEMPLATE.read_text(encoding="utf-8"))["manifestVersion"]
LINE = re.compile(r"^[^\s:][^:]*: \S")  # "field: message"


@pytest.fixture
def check(tmp_path, validate):
    """Zip ``files`` as app.zip and validate it."""
    def run(files: dict[str, bytes], compression=zipfile.ZIP_DEFLATED):
        path = tmp_path / "app.zip"
        path.write_bytes(zip_of(files, compression))
        return validate(path)
    return run


def assert_invalid(result, *expected):
    """Exit 1, every line is 'field: message', and each expected text is on some line."""
    assert result.code == 1, result.out
    assert result.out == ""
    assert result.lines and all(LINE.match(line) for line in result.lines), result.lines
    for text in expected:
        assert any(line.startswith(text) or text in line for line in result.lines), (text, result.lines)


def test_the_good_files_rezipped_are_valid(check, good_files):
    result = check(good_files)
    assert result.code == 0 and result.out.startswith("OK: ")


# -- the zip itself -------------------------------------------------------------------


def test_a_file_that_is_not_a_zip(tmp_path, validate):
    path = tmp_path / "app.zip"
    path.write_text("manifest", encoding="utf-8")
    assert_invalid(validate(path), "app.zip: is not a zip file")


def test_a_truncated_zip(tmp_path, validate, good_files):
    path = tmp_path / "app.zip"
    data = zip_of(good_files)
    path.write_bytes(data[: len(data) // 2])
    assert_invalid(validate(path), "app.zip: is not a zip file, or it is truncated or corrupt")


def test_a_corrupt_file_inside_the_zip(tmp_path, validate, good_files):
    data = bytearray(zip_of(good_files, zipfile.ZIP_STORED))
    start = data.index(good_files["outline.png"]) + 100
    data[start] ^= 0xFF
    path = tmp_path / "app.zip"
    path.write_bytes(bytes(data))
    assert_invalid(validate(path), "outline.png: cannot be read from the zip, it is corrupt")


def test_a_missing_zip_file(tmp_path, validate):
    assert_invalid(validate(tmp_path / "nowhere.zip"), "nowhere.zip: cannot read it: No such file")


def test_a_zip_without_manifest_json(check, good_files):
    files = {k: v for k, v in good_files.items() if k != "manifest.json"}
    assert_invalid(check(files), "manifest.json: missing at the root of the zip")


def test_files_zipped_inside_their_folder(check, good_files):
    files = {f"appPackage/{name}": data for name, data in good_files.items()}
    assert_invalid(check(files), "appPackage/manifest.json: is in a folder", "manifest.json: missing")


def test_an_extra_file(check, good_files):
    assert_invalid(check({**good_files, "notes.txt": b"hi"}), "notes.txt: is not referenced by manifest.json")


def test_an_icon_the_manifest_names_is_missing(check, good_files):
    files = {k: v for k, v in good_files.items() if k != "outline.png"}
    assert_invalid(check(files), "icons.outline: 'outline.png' is not in the zip")


def test_an_icon_referenced_in_a_folder(check, good_files):
    files = with_manifest(good_files, lambda m: m["icons"].update(color="img/color.png"))
    assert_invalid(check(files), "icons.color: 'img/color.png' is in a folder", "color.png: is not referenced")


def test_a_package_too_big_to_be_just_a_manifest_and_icons(check, good_files):
    noise = random.Random(0).randbytes(1_200_000)  # incompressible
    assert_invalid(check({**good_files, "video.bin": noise}), "app.zip: is 1,2")


def test_a_package_that_unpacks_to_far_more_than_it_weighs(check, good_files):
    assert_invalid(check({**good_files, "zeros.bin": bytes(5_000_000)}), "app.zip: unpacks to more than")


# -- manifest.json ----------------------------------------------------------------------


def test_manifest_json_that_is_not_json_gives_line_and_column(check, good_files):
    files = {**good_files, "manifest.json": b'{\n  "id": "x",\n  oops\n}\n'}
    assert_invalid(check(files), "manifest.json: is not valid JSON: Expecting property name enclosed in "
                                 "double quotes at line 3 column 3")


def test_manifest_json_that_is_not_an_object(check, good_files):
    assert_invalid(check({**good_files, "manifest.json": b"[]"}), "manifest.json: must hold a JSON object")


def test_manifest_json_with_a_byte_order_mark(check, good_files):
    files = {**good_files, "manifest.json": b"\xef\xbb\xbf" + good_files["manifest.json"]}
    assert_invalid(check(files), "manifest.json: starts with a byte order mark")


def test_a_bot_id_that_is_not_a_guid(check, good_files):
    files = with_manifest(good_files, lambda m: m["bots"][0].update(botId="my-bot"))
    result = check(files)
    assert_invalid(result, "bots[0].botId: 'my-bot' is not a GUID")
    assert len(result.lines) == 1  # the schema's pattern message is not repeated


def test_an_app_id_that_is_not_a_guid(check, good_files):
    files = with_manifest(good_files, lambda m: m.update(id="12345"))
    assert_invalid(check(files), "id: '12345' is not a GUID")


def test_a_version_that_is_not_x_y_z(check, good_files):
    files = with_manifest(good_files, lambda m: m.update(version="1.0"))
    assert_invalid(check(files), "version: '1.0' is not a version of the form X.Y.Z")


def test_the_template_zipped_as_is_shows_every_placeholder(check, good_files):
    result = check({**good_files, "manifest.json": TEMPLATE.read_bytes()})
    assert_invalid(result, "id: unreplaced placeholder ${{TEAMS_APP_ID}}",
                   "bots[0].botId: unreplaced placeholder ${{BOT_ID}}",
                   "name.short: unreplaced placeholder ${{APP_NAME_SUFFIX}}",
                   "validDomains[0]: unreplaced placeholder ${{BOT_DOMAIN}}")


def test_the_same_command_twice_in_one_list(check, good_files):
    def twice(manifest):
        manifest["bots"][0]["commandLists"][1]["commands"][2]["title"] = "Help"
    assert_invalid(check(with_manifest(good_files, twice)),
                   "bots[0].commandLists[1].commands[2].title: 'Help' appears twice in this command list")


def test_what_the_schema_refuses_is_named_by_its_path(check, good_files):
    def break_it(manifest):
        manifest["description"]["short"] = "x" * 81
        manifest["bots"][0]["scopes"].append("everywhere")
        manifest["accentColor"] = "purple"
        del manifest["developer"]["privacyUrl"]
        manifest["tabs"] = []
    assert_invalid(check(with_manifest(good_files, break_it)),
                   "description.short: is 81 characters; the schema allows at most 80",
                   "bots[0].scopes[3]: 'everywhere' is not one of",
                   "accentColor: 'purple' does not match",
                   "developer: 'privacyUrl' is a required property",
                   "manifest.json: Additional properties are not allowed ('tabs' was unexpected)")


def test_a_manifest_version_with_no_schema(check, good_files, schemas):
    files = with_manifest(good_files, lambda m: m.update(manifestVersion="1.99"))
    assert_invalid(check(files), f"manifestVersion: no schema for manifestVersion '1.99' in {schemas}")


def test_a_manifest_without_manifest_version(check, good_files):
    files = with_manifest(good_files, lambda m: m.pop("manifestVersion"))
    assert_invalid(check(files), "manifestVersion: missing")


def test_an_odd_manifest_version_never_becomes_a_path(check, good_files):
    files = with_manifest(good_files, lambda m: m.update(manifestVersion="../../etc"))
    assert_invalid(check(files), "manifestVersion: '../../etc' is not a manifest version")


def test_wrong_types_are_reported_not_crashed_on(check, good_files):
    def scramble(manifest):
        manifest["bots"] = [{"botId": 7, "commandLists": "help"}, "bot"]
        manifest["icons"] = {"color": 3, "outline": "outline.png"}
    assert_invalid(check(with_manifest(good_files, scramble)), "bots[0].botId: 7 is not a GUID",
                   "icons.color: 3 is not of type 'string'", "color.png: is not referenced")


# -- the icons --------------------------------------------------------------------------


def test_a_color_icon_of_the_wrong_size(check, good_files):
    files = {**good_files, "color.png": png(Image.new("RGB", (100, 100), "navy"))}
    assert_invalid(check(files), "color.png: is 100x100; the color icon must be 192x192")


def test_a_color_icon_that_is_not_png(check, good_files):
    jpeg = io.BytesIO()
    Image.new("RGB", (192, 192), "navy").save(jpeg, format="JPEG")
    assert_invalid(check({**good_files, "color.png": jpeg.getvalue()}),
                   "color.png: is a JPEG file; Teams icons must be PNG")


def test_a_color_icon_that_is_not_an_image(check, good_files):
    assert_invalid(check({**good_files, "color.png": b"hello"}), "color.png: is not a readable image")


def test_an_outline_icon_of_the_wrong_size(check, good_files):
    files = {**good_files, "outline.png": png(Image.new("RGBA", (48, 48), (255, 255, 255, 0)))}
    assert_invalid(check(files), "outline.png: is 48x48; the outline icon must be 32x32")


def test_an_outline_icon_with_a_coloured_pixel(check, good_files):
    image = Image.new("RGBA", (32, 32), (255, 255, 255, 0))
    image.putpixel((4, 4), (255, 255, 255, 255))
    image.putpixel((5, 5), (200, 0, 0, 128))
    assert_invalid(check({**good_files, "outline.png": png(image)}),
                   "outline.png: 1 visible pixel(s) are not white")


def test_an_outline_icon_without_transparency(check, good_files):
    files = {**good_files, "outline.png": png(Image.new("RGB", (32, 32), "white"))}
    assert_invalid(check(files), "outline.png: has no transparent pixels")


def test_an_outline_icon_that_shows_nothing(check, good_files):
    files = {**good_files, "outline.png": png(Image.new("RGBA", (32, 32), (0, 0, 0, 0)))}
    assert_invalid(check(files), "outline.png: is fully transparent")


# -- where the schemas come from ---------------------------------------------------------


def test_the_official_schemas_have_no_remote_references(schemas):
    refs = {path.parent.name: re.findall(r'"\$ref"\s*:\s*"([^"]*)"', path.read_text(encoding="utf-8"))
            for path in schemas.glob("v*/MicrosoftTeams.schema.json")}
    assert refs[f"v{VERSION}"], "the schema the manifest follows uses references: this test can see them"
    assert all(ref.startswith("#") for found in refs.values() for ref in found)


def test_a_remote_reference_is_refused_not_fetched(tmp_path, cli, good_files, schemas, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("validation tried to fetch a URL")
    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    schema = json.loads((schemas / f"v{VERSION}" / "MicrosoftTeams.schema.json").read_text(encoding="utf-8"))
    schema["properties"]["accentColor"] = {"$ref": "https://example.invalid/color.json"}
    (tmp_path / "s" / f"v{VERSION}").mkdir(parents=True)
    (tmp_path / "s" / f"v{VERSION}" / "MicrosoftTeams.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    (tmp_path / "app.zip").write_bytes(zip_of(good_files))
    result = cli("validate", tmp_path / "app.zip", "--schema-dir", tmp_path / "s")
    assert result.code == 2  # the schema is at fault, not the package
    assert "the schema refers to 'https://example.invalid/color.json'" in result.err
    assert "nothing is fetched" in result.err


def test_the_schema_folder_can_come_from_the_environment(cli, tmp_path, good_files, schemas):
    (tmp_path / "app.zip").write_bytes(zip_of(good_files))
    result = cli("validate", tmp_path / "app.zip", env={"TEAMS_SCHEMA_DIR": str(schemas)})
    assert result.code == 0, result.err


def test_a_schema_folder_that_does_not_exist(cli, tmp_path, good_files):
    (tmp_path / "app.zip").write_bytes(zip_of(good_files))
    result = cli("validate", tmp_path / "app.zip", "--schema-dir", tmp_path / "nope")
    assert result.code == 2 and f"--schema-dir: {tmp_path / 'nope'} is not a folder" in result.err


def test_a_schema_file_that_is_not_json(cli, tmp_path, good_files):
    (tmp_path / "s" / f"v{VERSION}").mkdir(parents=True)
    (tmp_path / "s" / f"v{VERSION}" / "MicrosoftTeams.schema.json").write_text("{", encoding="utf-8")
    (tmp_path / "app.zip").write_bytes(zip_of(good_files))
    result = cli("validate", tmp_path / "app.zip", "--schema-dir", tmp_path / "s")
    assert result.code == 2 and "cannot use the schema" in result.err


def test_without_flag_or_variable_the_schemas_npm_installed_are_used(cli, tmp_path, good_files, schemas):
    (tmp_path / "app.zip").write_bytes(zip_of(good_files))
    result = cli("validate", tmp_path / "app.zip")
    assert result.code == 0 and "is a valid Teams app package" in result.out, result.err


def test_no_schema_anywhere_runs_every_other_check(tmp_path, good_files):
    bad = with_manifest(good_files, lambda m: m.update(id="not-a-guid"))
    (tmp_path / "app.zip").write_bytes(zip_of(bad))
    problems = validate_package(tmp_path / "app.zip", schema_module.schema_dir(None, {}, installed=[tmp_path / "no"]))
    assert [p.field for p in problems] == ["id"]


def test_absurdly_nested_json_is_refused_without_a_crash(check, good_files):
    deep = b'{"manifestVersion": "1.30", "x": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
    assert_invalid(check({**good_files, "manifest.json": deep}), "manifest.json: nests arrays or objects")
