"""Renders image keys (a serial drawn on a card) as PNG, JPEG or GIF, for the demo catalogue."""

from __future__ import annotations

import base64
import io

from PIL import Image, ImageDraw, ImageFont

_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG", "image/gif": "GIF"}


def render_key_image(serial: str, title: str, content_type: str) -> str:
    """Return base64 of an image showing `serial`, in the format of `content_type`."""
    fmt = _FORMATS[content_type]
    width, height = 420, 120
    image = Image.new("RGB", (width, height), (245, 247, 250))
    draw = ImageDraw.Draw(image)
    try:
        big = ImageFont.load_default(size=22)
        small = ImageFont.load_default(size=14)
    except TypeError:  # pragma: no cover - Pillow without FreeType
        big = small = ImageFont.load_default()
    draw.rectangle((0, 0, width - 1, height - 1), outline=(40, 90, 160), width=3)
    draw.text((14, 12), title[:48], fill=(40, 40, 40), font=small)
    draw.text((14, 52), serial, fill=(10, 10, 10), font=big)
    draw.text((14, 92), "Redeem on the platform's store", fill=(110, 110, 110), font=small)
    buffer = io.BytesIO()
    if fmt == "GIF":
        image = image.convert("P", palette=Image.Palette.ADAPTIVE)
    image.save(buffer, format=fmt)
    return base64.b64encode(buffer.getvalue()).decode("ascii")
