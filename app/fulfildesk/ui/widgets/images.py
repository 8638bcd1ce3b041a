"""Decoding provider images (image keys) with hard limits.

Accepts only PNG, JPEG and GIF, checks the declared type against the real format, refuses base64
over MAX_BASE64_CHARS and images over MAX_PIXELS before decoding, and decodes under an allocation
limit of ALLOCATION_LIMIT_MB, so a hostile or broken key can neither crash nor stall the window.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice
from PySide6.QtGui import QImage, QImageReader

ALLOWED = {"image/png": b"png", "image/jpeg": b"jpeg", "image/gif": b"gif"}
MAX_BASE64_CHARS = 4 * 1024 * 1024  # 3 MB of image data
MAX_PIXELS = 4096 * 4096
MAX_SIDE = 8192
ALLOCATION_LIMIT_MB = 64


@dataclass
class DecodedImage:
    image: QImage | None
    error: str | None = None


def decode_key_image(data: str, content_type: str) -> DecodedImage:
    expected = ALLOWED.get(content_type.lower())
    if expected is None:
        return DecodedImage(
            None,
            QCoreApplication.translate(
                "images",
                "Unsupported key type '{content_type}': only PNG, JPEG and GIF images are shown.",
            ).format(content_type=content_type),
        )
    if len(data) > MAX_BASE64_CHARS:
        return DecodedImage(
            None,
            QCoreApplication.translate(
                "images", "The image is too large to show safely ({0} KB of data)."
            ).format(len(data) // 1024),
        )
    try:
        raw = base64.b64decode("".join(data.split()), validate=True)
    except (binascii.Error, ValueError):
        return DecodedImage(
            None,
            QCoreApplication.translate("images", "The image data is damaged (not valid base64)."),
        )
    byte_array = QByteArray(raw)
    buffer = QBuffer(byte_array)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAllocationLimit(ALLOCATION_LIMIT_MB)
    reader.setDecideFormatFromContent(True)
    real_format = bytes(reader.format().data()).lower()
    if real_format == b"jpg":
        real_format = b"jpeg"
    if not real_format:
        return DecodedImage(
            None, QCoreApplication.translate("images", "The image data is damaged or not an image.")
        )
    if real_format != expected:
        return DecodedImage(
            None,
            QCoreApplication.translate(
                "images",
                "The key says it is {content_type} but the data is {0}; it is not shown.",
            ).format(real_format.decode(errors="replace"), content_type=content_type),
        )
    size = reader.size()
    if not size.isValid():
        return DecodedImage(
            None,
            QCoreApplication.translate("images", "The image data is damaged (no readable size)."),
        )
    if (
        size.width() > MAX_SIDE
        or size.height() > MAX_SIDE
        or size.width() * size.height() > MAX_PIXELS
    ):
        return DecodedImage(
            None,
            QCoreApplication.translate(
                "images", "The image is too large to show safely ({0} × {1} pixels)."
            ).format(size.width(), size.height()),
        )
    image = reader.read()
    if image.isNull():
        return DecodedImage(
            None,
            QCoreApplication.translate("images", "The image could not be decoded: {0}").format(
                reader.errorString()
            ),
        )
    return DecodedImage(image)
