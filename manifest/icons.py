"""The app's two icons: how they are drawn and the rules Teams sets for them.

Teams shows the 192x192 colour icon in the app store and the app bar, and the
32x32 outline icon (white on transparent) where it recolours icons itself. The
motif is a video camera with a red record dot: what the bot is about, readable
at 32 pixels. Drawing is deterministic (no fonts, no randomness, fixed PNG
settings) so ``python -m manifest icons --check`` can tell when the committed
files are stale.
"""
from __future__ import annotations

import io
import warnings
from pathlib import Path
from typing import Any

from PIL import Image, ImageChops, ImageDraw

from .paths import COLOR_ICON, OUTLINE_ICON

COLOR_SIZE = 192
OUTLINE_SIZE = 32
ACCENT = "#464EB8"  # also the manifest's accentColor: Teams fills the tile with it
WHITE = (255, 255, 255)
RECORD_RED = (226, 52, 52)
SUPERSAMPLE = 8  # draw large, then shrink: smooth edges without antialiasing support in ImageDraw

# The camera in a unit square (fractions of the icon's side).
BODY = (0.12, 0.29, 0.64, 0.71)
BODY_RADIUS = 0.09
LENS = [(0.67, 0.44), (0.88, 0.31), (0.88, 0.69), (0.67, 0.56)]
DOT_CENTER, DOT_RADIUS = (0.38, 0.50), 0.115
MAX_DECODED_PIXELS = 1024 * 1024  # icons of another size are reported from the header, never decoded
OUTLINE_STROKE = 0.075  # the body's border in the outline icon, about 2.4 px at 32


def _scaled(box, side: float):
    return [round(v * side) for v in box]


def _camera_mask(side: int, hollow: bool) -> Image.Image:
    """White-on-black mask of the camera; ``hollow`` draws the body as a border around the dot."""
    mask = Image.new("L", (side, side), 0)
    draw = ImageDraw.Draw(mask)
    draw.rounded_rectangle(_scaled(BODY, side), radius=round(BODY_RADIUS * side), fill=255)
    if hollow:
        inset = OUTLINE_STROKE
        inner = (BODY[0] + inset, BODY[1] + inset, BODY[2] - inset, BODY[3] - inset)
        draw.rounded_rectangle(_scaled(inner, side), radius=round((BODY_RADIUS - inset / 2) * side), fill=0)
    draw.polygon([(x * side, y * side) for x, y in LENS], fill=255)
    return mask


def _dot_mask(side: int) -> Image.Image:
    mask = Image.new("L", (side, side), 0)
    (cx, cy), r = DOT_CENTER, DOT_RADIUS
    ImageDraw.Draw(mask).ellipse(_scaled((cx - r, cy - r, cx + r, cy + r), side), fill=255)
    return mask


def _shrink(mask: Image.Image, size: int) -> Image.Image:
    return mask.resize((size, size), Image.Resampling.BOX)


def draw_color() -> Image.Image:
    """192x192, opaque (RGB, no alpha): a white camera with a red record dot on the accent colour."""
    big = COLOR_SIZE * SUPERSAMPLE
    image = Image.new("RGB", (COLOR_SIZE, COLOR_SIZE), ACCENT)
    image.paste(Image.new("RGB", image.size, WHITE), mask=_shrink(_camera_mask(big, hollow=False), COLOR_SIZE))
    image.paste(Image.new("RGB", image.size, RECORD_RED), mask=_shrink(_dot_mask(big), COLOR_SIZE))
    return image


def draw_outline() -> Image.Image:
    """32x32 RGBA: pure white, shaped only by alpha, so every pixel is white or fully transparent."""
    big = OUTLINE_SIZE * SUPERSAMPLE
    shape = ImageChops.lighter(_camera_mask(big, hollow=True), _dot_mask(big))
    image = Image.new("RGBA", (OUTLINE_SIZE, OUTLINE_SIZE), WHITE + (0,))
    image.putalpha(_shrink(shape, OUTLINE_SIZE))
    return image


def png_bytes(image: Image.Image) -> bytes:
    """PNG with fixed settings and no metadata chunks, so the same pixels give the same bytes."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False, compress_level=9)
    return buffer.getvalue()


def drawn() -> dict[Path, Image.Image]:
    """What ``python -m manifest icons`` writes, by destination."""
    return {COLOR_ICON: draw_color(), OUTLINE_ICON: draw_outline()}


def write_icons(folder: Path | None = None) -> list[Path]:
    """Draw both icons into ``folder`` (default: the manifest package); return the paths written."""
    written = []
    for path, image in drawn().items():
        target = path if folder is None else Path(folder) / path.name
        target.write_bytes(png_bytes(image))
        written.append(target)
    return written


def stale_icons(folder: Path | None = None) -> list[str]:
    """Names of icons whose pixels differ from what the script draws (or that are missing)."""
    stale = []
    for path, image in drawn().items():
        target = path if folder is None else Path(folder) / path.name
        if not target.exists() or not _same_pixels(target, image):
            stale.append(target.name)
    return stale


def _same_pixels(path: Path, image: Image.Image) -> bool:
    """Pixels, not bytes: another zlib may compress the same picture differently."""
    with Image.open(path) as saved:
        return saved.mode == image.mode and saved.size == image.size and saved.tobytes() == image.tobytes()


# -- the rules a package's icons must follow -------------------------------------


def color_problems(data: bytes) -> list[str]:
    """The colour icon must be a 192x192 PNG."""
    image, problems = _open_png(data)
    if image is not None and image.size != (COLOR_SIZE, COLOR_SIZE):
        problems.append(f"is {_size(image)}; the color icon must be {COLOR_SIZE}x{COLOR_SIZE}")
    return problems


def outline_problems(data: bytes) -> list[str]:
    """The outline icon must be a 32x32 PNG whose visible pixels are all white."""
    image, problems = _open_png(data)
    if image is None:
        return problems
    if image.size != (OUTLINE_SIZE, OUTLINE_SIZE):
        return problems + [f"is {_size(image)}; the outline icon must be {OUTLINE_SIZE}x{OUTLINE_SIZE}"]
    rgba = image.convert("RGBA")
    alpha = rgba.getchannel("A")
    if alpha.getextrema()[1] == 0:
        return problems + ["is fully transparent; the outline icon must show a white shape"]
    if alpha.getextrema()[0] == 255:
        problems.append("has no transparent pixels; the outline icon must be white on a transparent background")
    coloured = _non_white_visible(rgba)
    if coloured:
        problems.append(f"{coloured} visible pixel(s) are not white; "
                        "the outline icon must be white and transparent only")
    return problems


def _non_white_visible(rgba: Image.Image) -> int:
    """How many pixels with any opacity have a colour other than pure white."""
    flattened = getattr(rgba, "get_flattened_data", None) or rgba.getdata  # getdata is deprecated in Pillow 12.1+
    pixels: Any = flattened()  # (r, g, b, a) tuples
    return sum(1 for r, g, b, a in pixels if a and (r, g, b) != WHITE)


def _open_png(data: bytes) -> tuple[Image.Image | None, list[str]]:
    """The decoded image, or the reason it is not a usable PNG."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # huge sizes are reported below
            image = Image.open(io.BytesIO(data))
        image_format = image.format
        if image_format == "PNG" and image.size[0] * image.size[1] <= MAX_DECODED_PIXELS:
            image.load()
    except Exception as error:  # Pillow raises many kinds for a broken file; all mean "not an image"
        return None, [f"is not a readable image ({type(error).__name__})"]
    if image_format != "PNG":
        return None, [f"is a {image_format or 'non-PNG'} file; Teams icons must be PNG"]
    return image, []


def _size(image: Image.Image) -> str:
    return f"{image.size[0]}x{image.size[1]}"


def color32_problems(data: bytes) -> list[str]:
    """The optional 32x32 colour icon (Outlook and the Microsoft 365 app) must be a 32x32 PNG."""
    image, problems = _open_png(data)
    if image is not None and image.size != (OUTLINE_SIZE, OUTLINE_SIZE):
        problems.append(f"is {_size(image)}; the color32x32 icon must be {OUTLINE_SIZE}x{OUTLINE_SIZE}")
    return problems
