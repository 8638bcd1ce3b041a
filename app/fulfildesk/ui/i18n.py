"""The window's language: which translation is loaded, and numbers, money and dates in it.

The language follows the system locale unless Settings (`language`) or `--lang es|en` chose
one; it is set before the window is built, so a change in Settings takes effect at the next
start. The CLI stays English. Money stays Decimal: it is only *formatted* here, for display.
"""

from __future__ import annotations

import logging
import sys
from datetime import date, datetime
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


def translations_dir() -> Path:
    """resources/translations of the checkout, or of the PyInstaller bundle."""
    root = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[3]))
    return root / "resources" / "translations"


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
    if ours.load(f"fulfildesk_{lang}", str(translations_dir())):
        app.installTranslator(ours)
        _installed.append(ours)
    else:
        log.warning("no translation for %s in %s", lang, translations_dir())
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{lang}", qt_dir):
        app.installTranslator(qt)
        _installed.append(qt)
    return lang


def number(value: int | float | Decimal, decimals: int = 0) -> str:
    """A number with the language's group and decimal separators."""
    locale = QLocale()
    if decimals == 0 and isinstance(value, int):
        return locale.toString(value)
    return locale.toString(float(value), "f", decimals)


def money(amount: Decimal | None, currency: str | None = "") -> str:
    """An amount with two decimals in the language's format, then the currency code:
    '1,234.50 EUR' in English, '1.234,50 EUR' in Spanish. Display only: sums stay Decimal."""
    if amount is None:
        return ""
    text = number(Decimal(amount).quantize(Decimal("0.01")), 2)
    return f"{text} {currency}".strip() if currency else text


def when(value: datetime | date | str | None) -> str:
    """A date and time (UTC, as the window shows them) in the language's short format."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return str(value)
    from PySide6.QtCore import QDate, QDateTime, QTime

    locale = QLocale()
    if isinstance(value, datetime):
        moment = QDateTime(
            QDate(value.year, value.month, value.day),
            QTime(value.hour, value.minute, value.second),
        )
        return locale.toString(moment, QLocale.FormatType.ShortFormat)
    return locale.toString(
        QDate(value.year, value.month, value.day), QLocale.FormatType.ShortFormat
    )
