"""The window's language: which translation is loaded, and numbers, money and dates in it.

The language follows the system locale unless Settings (`language`) or `--lang es|en` chose
one; it is set before the window is built, so a change in Settings takes effect at the next
start. The CLI stays English. Money stays Decimal: it is only *formatted* here, for display.
"""

from __future__ import annotations

import logging
import sys
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

#: the languages the window speaks (English is the source language: no file)
LANGUAGES = {"en": "English", "es": "Español"}


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks `text` for lupdate in `context` and returns it unchanged: for tables built at
    import time, translated where they are shown (QCoreApplication.translate(context, text))."""
    return text


def translations_dirs() -> list[Path]:
    """Where the compiled .qm files are: next to this module (package data, every install),
    then resources/translations of the checkout or of the PyInstaller bundle."""
    root = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[3]))
    return [Path(__file__).resolve().parent / "translations", root / "resources" / "translations"]


def choose_language(requested: str | None) -> str:
    """'es' or 'en': the requested one if the window speaks it, else the system locale's."""
    if requested and requested.split("_")[0].lower() in LANGUAGES:
        return requested.split("_")[0].lower()
    system = QLocale.system().name().split("_")[0].lower()
    return system if system in LANGUAGES else "en"


_installed: list[QTranslator] = []


def install_language(app: QCoreApplication, requested: str | None = None) -> str:
    """Load the window's translation (and Qt's own, for the standard buttons) for the chosen
    language and make it the default locale for numbers and dates. Returns the language."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    lang = choose_language(requested)
    QLocale.setDefault(QLocale("es_ES" if lang == "es" else "en_US"))
    if lang == "en":
        return lang
    ours = QTranslator(app)
    if any(ours.load(f"fulfildesk_{lang}", str(folder)) for folder in translations_dirs()):
        app.installTranslator(ours)
        _installed.append(ours)
    else:
        log.warning("no translation for %s in %s", lang, translations_dirs())
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{lang}", qt_dir):
        app.installTranslator(qt)
        _installed.append(qt)
    return lang


def _locale() -> QLocale:
    """The window's locale; the C locale (no LANG, as in CI) formats as US English."""
    locale = QLocale()
    return QLocale("en_US") if locale.language() == QLocale.Language.C else locale


def _english() -> bool:
    return _locale().language() == QLocale.Language.English


def number(value: int | float | Decimal, decimals: int = 0) -> str:
    """A number with the language's group and decimal separators."""
    locale = _locale()
    if decimals == 0 and isinstance(value, int):
        return locale.toString(value)
    return locale.toString(float(value), "f", decimals)


def money(amount: Decimal | None, currency: str | None = "") -> str:
    """An amount with two decimals in the language's format, then the currency code:
    '1,234.50 EUR' in English, '1.234,50 EUR' in Spanish. Display only: sums stay Decimal
    (the rounded Decimal is turned into text by QLocale, never added up again)."""
    if amount is None:
        return ""
    text = number(Decimal(amount).quantize(Decimal("0.01")), 2)
    return f"{text} {currency}".strip() if currency else text


def when(stamp: str | None, *, seconds: bool = False) -> str:
    """A stored UTC timestamp ('2026-11-30T14:05:09Z') for display: ISO-like in English
    ('2026-11-30 14:05', as the window always showed it), the language's short date and
    time format otherwise ('30/11/26 14:05' in Spanish)."""
    text = (stamp or "").replace("T", " ").rstrip("Z")[: 19 if seconds else 16]
    if not text or _english():
        return text
    from PySide6.QtCore import QDateTime

    moment = QDateTime.fromString(text, "yyyy-MM-dd HH:mm:ss" if seconds else "yyyy-MM-dd HH:mm")
    if not moment.isValid():
        return text
    locale = _locale()
    fmt = locale.dateFormat(QLocale.FormatType.ShortFormat) + (" HH:mm:ss" if seconds else " HH:mm")
    return locale.toString(moment, fmt)
