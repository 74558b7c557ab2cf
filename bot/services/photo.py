"""Advice on photos: a 2-inch ID photo is portrait near 5:7, printable at 300 dpi, on a light
even background; a document photo needs enough pixels to read. These are flags for the dialog
to mention, never refusals: the office has the last word."""

from __future__ import annotations

from PIL import Image, ImageStat

PHOTO_RATIO = 5 / 7
RATIO_TOLERANCE = 0.12
PHOTO_MIN = (413, 579)
"""35 mm × 49 mm at 300 dpi."""
DOCUMENT_MIN_SHORT_SIDE = 600
LIGHT, EVEN = 180, 30
BORDER = 0.08


def photo_flags(image: Image.Image) -> tuple[str, ...]:
    flags = []
    width, height = image.size
    if height == 0 or abs(width / height - PHOTO_RATIO) > RATIO_TOLERANCE:
        flags.append("aspect")
    if min(width, height) < min(PHOTO_MIN) or max(width, height) < max(PHOTO_MIN):
        flags.append("low_resolution")
    if not _light_even_background(image):
        flags.append("background")
    if min(width, height) < DOCUMENT_MIN_SHORT_SIDE:
        flags.append("small_document")
    return tuple(flags)


def _light_even_background(image: Image.Image) -> bool:
    """The top strip and the two upper side strips, where a white backdrop shows."""
    grey = image.convert("L")
    grey.thumbnail((200, 200))
    width, height = grey.size
    band = max(1, int(min(width, height) * BORDER))
    regions = [grey.crop((0, 0, width, band)), grey.crop((0, 0, band, height // 2)),
               grey.crop((width - band, 0, width, height // 2))]
    for region in regions:
        stat = ImageStat.Stat(region)
        if stat.mean[0] < LIGHT or stat.stddev[0] > EVEN:
            return False
    return True
