"""The committed icons are what ``python -m manifest icons`` draws, and follow Teams' rules."""
from __future__ import annotations

import json

from PIL import Image

from manifest import icons
from manifest.paths import COLOR_ICON, OUTLINE_ICON, TEMPLATE


def test_the_committed_icons_are_what_the_script_draws():
    assert icons.stale_icons() == [], "run 'python -m manifest icons' and commit the result"


def test_the_committed_icons_follow_the_rules():
    assert icons.color_problems(COLOR_ICON.read_bytes()) == []
    assert icons.outline_problems(OUTLINE_ICON.read_bytes()) == []


def test_the_color_icon_is_192_square_and_opaque():
    with Image.open(COLOR_ICON) as image:
        assert image.format == "PNG" and image.size == (192, 192)
        assert image.convert("RGBA").getchannel("A").getextrema() == (255, 255)
        assert len(image.convert("RGB").getcolors(192 * 192)) > 3  # full colour, not a silhouette


def test_the_outline_icon_is_white_on_transparent():
    with Image.open(OUTLINE_ICON) as image:
        assert image.format == "PNG" and image.size == (32, 32)
        rgba = image.convert("RGBA")
        pixels = list((getattr(rgba, "get_flattened_data", None) or rgba.getdata)())
    assert all(a == 0 or (r, g, b) == (255, 255, 255) for r, g, b, a in pixels)
    assert any(a == 0 for *_, a in pixels) and any(a == 255 for *_, a in pixels)


def test_drawing_is_deterministic():
    assert icons.png_bytes(icons.draw_color()) == icons.png_bytes(icons.draw_color())
    assert icons.png_bytes(icons.draw_outline()) == icons.png_bytes(icons.draw_outline())


def test_icons_check_reports_a_changed_icon(tmp_path):
    icons.write_icons(tmp_path)
    assert icons.stale_icons(tmp_path) == []
    Image.new("RGBA", (32, 32), (255, 255, 255, 0)).save(tmp_path / "outline.png")
    (tmp_path / "color.png").unlink()
    assert icons.stale_icons(tmp_path) == ["color.png", "outline.png"]


def test_the_tile_colour_is_the_manifest_accent_colour():
    accent = json.loads(TEMPLATE.read_text(encoding="utf-8"))["accentColor"]
    assert accent == icons.ACCENT
    with Image.open(COLOR_ICON) as image:
        assert "#%02X%02X%02X" % image.convert("RGB").getpixel((0, 0)) == accent.upper()
