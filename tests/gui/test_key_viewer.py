"""Image keys are decoded with limits; broken ones become a message, never a crash or a stall."""

from __future__ import annotations

import base64
import struct
import zlib

import pytest
from PySide6.QtCore import Qt

from fulfildesk.domain.models import Provider, SerialKey
from fulfildesk.ui.models.orders import OrdersModel
from fulfildesk.ui.widgets.images import decode_key_image
from fulfildesk.ui.widgets.key_viewer import ImageKeyCard, KeyViewer, TextKeyCard


def encoded(fmt: str, width: int = 60, height: int = 20) -> str:
    """An image made by Pillow, as a provider would make it (Qt cannot write GIF)."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, format=fmt)
    return base64.b64encode(buffer.getvalue()).decode()


def png_header_claiming(width: int, height: int) -> str:
    """A tiny PNG whose header claims a huge image (a decompression bomb's first bytes)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")
    return base64.b64encode(b"\x89PNG\r\n\x1a\n" + body).decode()


def key(serial: str, content_type: str, name: str = "Game") -> SerialKey:
    return SerialKey(
        provider=Provider.KINGUIN,
        provider_order_id="1",
        name=name,
        content_type=content_type,
        serial=serial,
    )


@pytest.mark.parametrize(
    "fmt,content_type", [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("GIF", "image/gif")]
)
def test_each_allowed_format_decodes(qapp, fmt: str, content_type: str) -> None:  # type: ignore[no-untyped-def]
    decoded = decode_key_image(encoded(fmt), content_type)
    assert decoded.error is None and decoded.image is not None
    assert decoded.image.width() == 60


@pytest.mark.parametrize(
    "data,content_type,message",
    [
        ("not base64 at all!!", "image/png", "damaged"),
        (base64.b64encode(b"just some bytes").decode(), "image/png", "not an image"),
        ("PLACEHOLDER_JPEG", "image/png", "data is jpeg"),
        ("PLACEHOLDER_PNG", "image/svg+xml", "Unsupported"),
        ("PLACEHOLDER_BOMB", "image/png", "too large"),
        ("A" * (5 * 1024 * 1024), "image/png", "too large"),
    ],
)
def test_bad_images_become_messages(qapp, data: str, content_type: str, message: str) -> None:  # type: ignore[no-untyped-def]
    data = {
        "PLACEHOLDER_JPEG": encoded("JPEG"),
        "PLACEHOLDER_PNG": encoded("PNG"),
        "PLACEHOLDER_BOMB": png_header_claiming(30000, 30000),
    }.get(data, data)
    decoded = decode_key_image(data, content_type)
    assert decoded.image is None
    assert message in (decoded.error or "")


def test_card_shows_the_error_in_place_of_the_image(qtbot) -> None:  # type: ignore[no-untyped-def]
    card = ImageKeyCard(key(png_header_claiming(30000, 30000), "image/png"))
    qtbot.addWidget(card)
    assert "too large" in card.picture.text()
    assert not card.copy_button.isEnabled() and not card.save_button.isEnabled()


def test_provider_strings_are_plain_text(qtbot) -> None:  # type: ignore[no-untyped-def]
    viewer = KeyViewer()
    qtbot.addWidget(viewer)
    viewer.set_keys([key("KEY-1", "text/plain", name="<img src='/etc/passwd'><b>x</b>")])
    [card] = viewer.cards
    assert isinstance(card, TextKeyCard)
    from PySide6.QtWidgets import QLabel

    texts = [label for label in card.findChildren(QLabel)]
    assert texts and all(label.textFormat() == Qt.TextFormat.PlainText for label in texts)
    assert any("<img src='/etc/passwd'>" in label.text() for label in texts)


def test_orders_model_passes_the_model_tester(qtmodeltester, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime, timedelta
    from decimal import Decimal

    from fulfildesk.domain.models import Money, Order, OrderLine, OrderStatus
    from fulfildesk.store.db import Store
    from fulfildesk.store.vault import Vault

    store = Store(tmp_path / "cache.sqlite", Vault.generate())
    start = datetime(2025, 1, 1, tzinfo=UTC)
    store.upsert_orders(
        [
            Order(
                provider=Provider.KINGUIN,
                provider_order_id=str(i),
                status=OrderStatus.COMPLETED if i % 4 else OrderStatus.FAILED,
                provider_status="completed" if i % 4 else "error",
                created_at=start + timedelta(minutes=i),
                lines=[OrderLine(product_id="5", name="Anno <b>", quantity=1)],
                total=Money(amount=Decimal("3.59"), currency="EUR"),
            )
            for i in range(1000)
        ]
    )
    model = OrdersModel(store.path)
    qtbot.waitUntil(lambda: model.count_known)  # counted on the model's reader thread
    qtmodeltester.check(model)
    assert model.rowCount() == 1000
    ids = [model.row(i)["provider_order_id"] for i in range(1000)]
    assert ids == [str(i) for i in range(999, -1, -1)]  # newest first, each once
    assert model.cached_blocks <= 40
    assert model.data(model.index(0, 5)) == "3.59 EUR"
    assert model.find("kinguin", "500") == 499
    model.close()
    store.close()


def test_copied_secret_is_cleared_after_the_timeout_and_at_quit(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QGuiApplication

    from fulfildesk.ui.widgets.clipboard import clear_owned_secret, copy_secret_text

    clipboard = QGuiApplication.clipboard()
    copy_secret_text("KEY-TO-FORGET", clear_after_ms=50)
    assert clipboard.text() == "KEY-TO-FORGET"
    qtbot.waitUntil(lambda: clipboard.text() == "", timeout=2000)
    copy_secret_text("KEY-AT-QUIT")
    clear_owned_secret()  # what aboutToQuit runs
    assert clipboard.text() == ""


def test_the_timeout_leaves_someone_elses_clipboard_alone(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QGuiApplication

    from fulfildesk.ui.widgets.clipboard import copy_secret_text

    clipboard = QGuiApplication.clipboard()
    copy_secret_text("MY-KEY", clear_after_ms=50)
    clipboard.setText("the user copied something else")
    qtbot.wait(150)
    assert clipboard.text() == "the user copied something else"
    clipboard.clear()


def test_zoom_draws_only_what_is_visible_and_draws_it_right(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A large image key at 400 %: the zoomed image is never built (its canvas is only as big as
    the scroll area scrolls), and what is shown is the image's pixels, scaled."""
    import resource

    from PySide6.QtGui import QColor, QImage

    from fulfildesk.ui.widgets.zoom import ImageZoomDialog

    image = QImage(4000, 3000, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    for x in range(0, 10):  # a red block at the top left: 10 x 10 source pixels
        for y in range(0, 10):
            image.setPixelColor(x, y, QColor("red"))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    zoom = ImageZoomDialog(image, "big")
    qtbot.addWidget(zoom)
    zoom.show()
    zoom.slider.setValue(400)
    assert zoom.picture.width() == 16000 and zoom.picture.height() == 12000
    shown = zoom.area.viewport().grab().toImage()
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    # a built 16000 x 12000 pixmap would be 768 MB; the viewport is a few hundred KB
    assert grown_kb < 200 * 1024, f"{grown_kb} KB"
    # the red block is 40 x 40 on screen at 400 %, at the canvas' top left
    origin = zoom.picture.mapTo(zoom.area.viewport(), zoom.picture.rect().topLeft())
    inside = shown.pixelColor(origin.x() + 20, origin.y() + 20)
    outside = shown.pixelColor(origin.x() + 60, origin.y() + 60)
    assert inside.red() > 200 and inside.green() < 60
    assert outside.green() > 200
    zoom.close()
