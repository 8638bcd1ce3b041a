"""Colours derived from the palette, so that the window is readable in the system's light and
dark palettes and in high contrast.

No other module of ui/ writes a colour: they ask for a *tone* (good, bad, warning, info, hint)
and get a colour made for the current palette, dark enough on a light background and light enough
on a dark one to reach WCAG's contrast ratio (4.5:1, or 7:1 when the system asks for high
contrast). tests/unit/test_colours.py fails on a colour literal anywhere in ui/ but here.

The colour literals allowed here, and why:
  HUES            the hue of each tone (degrees on the colour wheel); saturation and lightness
                  are chosen against the palette, so these are not colours by themselves.
  PAPER, INK      printed packing slips are black on white paper, whatever the screen shows.
  SAMPLE_PALETTES what typical systems give in dark mode and high contrast, for the screenshots
                  and the tests (the offscreen platform has no system palette to switch).
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QWidget

Role = QPalette.ColorRole


class Tone(Enum):
    GOOD = "good"  # done, delivered, connection works
    BAD = "bad"  # failed, needs review, a field's error
    WARN = "warn"  # out of stock, attention
    INFO = "info"  # pending, processing
    HINT = "hint"  # secondary text: explanations, empty-list hints


HUES = {Tone.GOOD: 135, Tone.BAD: 3, Tone.WARN: 30, Tone.INFO: 215}
SATURATION = 0.75
PAPER = QColor(255, 255, 255)
INK = QColor(0, 0, 0)

NORMAL_CONTRAST = 4.5  # WCAG AA for body text
HIGH_CONTRAST = 7.0  # WCAG AAA, when the system prefers more contrast


def _channel(value: float) -> float:
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def luminance(colour: QColor) -> float:
    """WCAG relative luminance, 0 (black) to 1 (white)."""
    return (
        0.2126 * _channel(colour.redF())
        + 0.7152 * _channel(colour.greenF())
        + 0.0722 * _channel(colour.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio, 1 to 21."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """`a` moved a fraction `t` of the way to `b`."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


def high_contrast_preferred() -> bool:
    hints = QGuiApplication.styleHints()
    accessibility = getattr(hints, "accessibility", None)  # Qt 6.10+
    if accessibility is None:
        return False
    preference = accessibility().contrastPreference()
    return bool(preference == Qt.ContrastPreference.HighContrast)


def target_contrast() -> float:
    return HIGH_CONTRAST if high_contrast_preferred() else NORMAL_CONTRAST


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return luminance(palette.color(Role.Window)) < luminance(palette.color(Role.WindowText))


_cache: dict[tuple[Tone, int, Role, float], QColor] = {}


def colour(
    tone: Tone,
    palette: QPalette | None = None,
    background: Role = Role.Base,
    target: float | None = None,
) -> QColor:
    """The colour of `tone` for text on `background` in `palette` (the application's if None),
    with at least the `target` contrast ratio (by default as the system prefers)."""
    palette = palette or QGuiApplication.palette()
    target = target or target_contrast()
    key = (tone, palette.cacheKey(), background, target)
    if key not in _cache:
        if len(_cache) > 512:
            _cache.clear()
        _cache[key] = _colour(tone, palette, background, target)
    return QColor(_cache[key])


def _colour(tone: Tone, palette: QPalette, background: Role, target: float) -> QColor:
    bg = palette.color(background)
    text = palette.color(
        Role.Text if background in (Role.Base, Role.AlternateBase) else Role.WindowText
    )
    if tone is Tone.HINT:
        # the palette's own placeholder colour, moved toward the text colour until readable
        start = palette.color(Role.PlaceholderText)
        for step in range(21):
            candidate = mix(start, text, step / 20)
            if contrast(candidate, bg) >= target:
                return candidate
        return text
    hue = HUES[tone] / 360
    darker_bg = luminance(bg) < luminance(text)
    # from a middle lightness toward the text's side until the contrast is reached
    for step in range(41):
        lightness = 0.5 + step * 0.0125 if darker_bg else 0.5 - step * 0.0125
        candidate = QColor.fromHslF(hue, SATURATION, max(0.0, min(1.0, lightness)))
        if contrast(candidate, bg) >= target:
            return candidate
    return text


def background(tone: Tone, palette: QPalette | None = None, target: float | None = None) -> QColor:
    """A cell background that marks `tone` (e.g. an entry with an error) while the palette's
    text on it stays readable."""
    palette = palette or QGuiApplication.palette()
    base, text = palette.color(Role.Base), palette.color(Role.Text)
    hue = QColor.fromHslF(HUES.get(tone, 0) / 360, SATURATION, 0.5)
    for step in range(8, -1, -1):  # as strong as the text's contrast allows, at most 40 %
        candidate = mix(base, hue, step * 0.05)
        if contrast(candidate, text) >= (target or target_contrast()):
            return candidate
    return base


# ------------------------------------------------------------------ widgets


class _Retint(QObject):
    """Re-applies a widget's tone when the palette changes (the system switches to dark)."""

    EVENTS = (QEvent.Type.ApplicationPaletteChange, QEvent.Type.PaletteChange)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in self.EVENTS and isinstance(watched, QWidget):
            _apply(watched)
        return False


_retint = _Retint()


def _apply(widget: QWidget) -> None:
    name = widget.property("fulfildeskTone")
    if not name:
        return
    base = QGuiApplication.palette()
    wanted = colour(Tone(name), base, widget.backgroundRole())
    palette = widget.palette()
    if palette.color(Role.WindowText) == wanted and palette.color(Role.Text) == wanted:
        return
    palette.setColor(Role.WindowText, wanted)
    palette.setColor(Role.Text, wanted)
    widget.setPalette(palette)


def tint(widget: QWidget, tone: Tone | None) -> None:
    """Show `widget`'s text in `tone` (None: the palette's own text colour again)."""
    if tone is None:
        widget.setProperty("fulfildeskTone", "")
        widget.setPalette(QPalette())
        return
    widget.setProperty("fulfildeskTone", tone.value)
    widget.removeEventFilter(_retint)
    widget.installEventFilter(_retint)
    _apply(widget)


def tone_of(widget: QWidget) -> Tone | None:
    name = widget.property("fulfildeskTone")
    return Tone(name) if name else None


# ------------------------------------------------------------------ sample palettes


def sample_palette(name: str) -> QPalette:
    """A palette as systems give it: "light", "dark" or "high-contrast" (screenshots, tests)."""
    roles = SAMPLE_PALETTES[name]
    palette = QPalette()
    for role, value in roles.items():
        palette.setColor(role, QColor(value))
    for role in (Role.Text, Role.WindowText, Role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(roles[Role.PlaceholderText]))
    return palette


SAMPLE_PALETTES: dict[str, dict[QPalette.ColorRole, str]] = {
    # Fusion's light palette
    "light": {
        Role.Window: "#efefef",
        Role.WindowText: "#000000",
        Role.Base: "#ffffff",
        Role.AlternateBase: "#f7f7f7",
        Role.Text: "#000000",
        Role.Button: "#efefef",
        Role.ButtonText: "#000000",
        Role.Highlight: "#308cc6",
        Role.HighlightedText: "#ffffff",
        Role.PlaceholderText: "#7f7f7f",
        Role.ToolTipBase: "#ffffdc",
        Role.ToolTipText: "#000000",
        Role.Link: "#0000ff",
        Role.Mid: "#b8b8b8",
        Role.Light: "#ffffff",
        Role.Dark: "#9f9f9f",
    },
    # Breeze Dark (KDE), close to GNOME's and Windows' dark modes
    "dark": {
        Role.Window: "#202326",
        Role.WindowText: "#fcfcfc",
        Role.Base: "#141618",
        Role.AlternateBase: "#1d1f22",
        Role.Text: "#fcfcfc",
        Role.Button: "#292c30",
        Role.ButtonText: "#fcfcfc",
        Role.Highlight: "#3daee9",
        Role.HighlightedText: "#fcfcfc",
        Role.PlaceholderText: "#5f6265",
        Role.ToolTipBase: "#292c30",
        Role.ToolTipText: "#fcfcfc",
        Role.Link: "#1d99f3",
        Role.Mid: "#3a3e43",
        Role.Light: "#404448",
        Role.Dark: "#101112",
    },
    # Windows "High contrast black"
    "high-contrast": {
        Role.Window: "#000000",
        Role.WindowText: "#ffffff",
        Role.Base: "#000000",
        Role.AlternateBase: "#000000",
        Role.Text: "#ffffff",
        Role.Button: "#000000",
        Role.ButtonText: "#ffffff",
        Role.Highlight: "#1aebff",
        Role.HighlightedText: "#000000",
        Role.PlaceholderText: "#808080",
        Role.ToolTipBase: "#000000",
        Role.ToolTipText: "#ffffff",
        Role.Link: "#ffff00",
        Role.Mid: "#ffffff",
        Role.Light: "#ffffff",
        Role.Dark: "#ffffff",
    },
}


def emphasise(widget: QWidget, point_size: float | None = None) -> None:
    """Semi-bold text (and a size), set on the font: style sheets would freeze the widget's
    palette at the time they were applied, so it would not follow a switch to dark mode."""
    font = widget.font()
    font.setWeight(QFont.Weight.DemiBold)
    if point_size:
        font.setPointSizeF(point_size)
    widget.setFont(font)
