"""Every tone is readable in the light, dark and high-contrast palettes, and the window's tinted
text follows a palette switch (the system going dark) without a restart."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel

from fulfildesk.ui import theme
from fulfildesk.ui.models.orders import Columns
from fulfildesk.ui.theme import HIGH_CONTRAST, NORMAL_CONTRAST, Tone, contrast, sample_palette

Role = QPalette.ColorRole
PALETTES = ("light", "dark", "high-contrast")


@pytest.fixture
def app_palette(qapp):  # type: ignore[no-untyped-def]
    """Switch the application palette in a test, and put the original back after."""
    original = QPalette(qapp.palette())
    yield lambda name: qapp.setPalette(sample_palette(name))
    qapp.setPalette(original)


@pytest.mark.parametrize("name", PALETTES)
@pytest.mark.parametrize("tone", list(Tone))
def test_each_tone_reaches_the_contrast_target(qapp, name: str, tone: Tone) -> None:  # type: ignore[no-untyped-def]
    palette = sample_palette(name)
    for role in (Role.Base, Role.Window):
        c = theme.colour(tone, palette, role)
        assert contrast(c, palette.color(role)) >= NORMAL_CONTRAST, (tone, name, role, c.name())
        strong = theme.colour(tone, palette, role, target=HIGH_CONTRAST)
        assert contrast(strong, palette.color(role)) >= HIGH_CONTRAST, (tone, name, strong.name())
    cell = theme.background(tone, palette)
    assert contrast(palette.color(Role.Text), cell) >= NORMAL_CONTRAST


def test_tones_stay_apart_and_follow_the_palette(qapp) -> None:  # type: ignore[no-untyped-def]
    light, dark = sample_palette("light"), sample_palette("dark")
    good_light, good_dark = theme.colour(Tone.GOOD, light), theme.colour(Tone.GOOD, dark)
    assert good_light.lightness() < good_dark.lightness()  # darker text on light, lighter on dark
    assert good_light.hue() != theme.colour(Tone.BAD, light).hue()
    assert theme.is_dark(dark) and not theme.is_dark(light)


def test_tinted_labels_follow_a_palette_switch(qapp, qtbot, app_palette) -> None:  # type: ignore[no-untyped-def]
    app_palette("light")
    label = QLabel("Connection works")
    qtbot.addWidget(label)
    theme.tint(label, Tone.GOOD)
    theme.emphasise(label, 13)
    label.show()
    assert label.palette().color(Role.WindowText) == theme.colour(Tone.GOOD, background=Role.Window)
    app_palette("dark")
    QApplication.processEvents()
    shown = label.palette().color(Role.WindowText)
    assert shown == theme.colour(Tone.GOOD, sample_palette("dark"), Role.Window)
    assert contrast(shown, label.palette().color(Role.Window)) >= NORMAL_CONTRAST
    assert label.font().weight() == label.font().Weight.DemiBold
    theme.tint(label, None)
    assert theme.tone_of(label) is None
    assert label.palette().color(Role.WindowText) == qapp.palette().color(Role.WindowText)


def test_the_window_is_readable_after_switching_to_dark(window, qtbot, app_palette) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.startupFinished, timeout=20000):
        window.start()
    app_palette("dark")
    QApplication.processEvents()
    dark = sample_palette("dark")
    hint = window.orders.empty_hint
    assert theme.tone_of(hint) is Tone.HINT
    assert contrast(hint.palette().color(Role.WindowText), dark.color(Role.Window)) >= 4.5
    title = window.detail.title
    assert title.palette().color(Role.WindowText) == dark.color(Role.WindowText)
    model = window.model
    # the list re-reads after the sync on its reader thread: wait for its rows, do not race them
    qtbot.waitUntil(lambda: model.count_known and model.rowCount() >= 2, timeout=10000)
    qtbot.waitUntil(lambda: all(model.row(r) is not None for r in range(model.rowCount())))
    # the list is read on the reader thread: wait for the synced orders, not the first paint
    qtbot.waitUntil(
        lambda: len({model.row(r)["status"] for r in range(model.rowCount())}) >= 2,
        timeout=20000,
    )
    statuses = {model.row(row)["status"]: row for row in range(model.rowCount())}
    for status, row in statuses.items():
        brush = model.data(model.index(row, int(Columns.STATUS)), Qt.ItemDataRole.ForegroundRole)
        if brush is not None:
            assert contrast(brush, dark.color(Role.Base)) >= NORMAL_CONTRAST, status
    assert len(statuses) >= 2
