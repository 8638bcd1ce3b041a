"""The domain's vocabulary (domain/vocabulary.py) in the window's language.

domain/ does not import Qt, so its words are translated here, at the ui boundary, with the fixed
context "vocabulary". lupdate finds them in ui/vocabulary_strings.py, which
`packaging/i18n.py` generates from the domain tables (a test keeps the two in sync).
The CLI keeps using domain/vocabulary.py directly and stays English.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from PySide6.QtCore import QCoreApplication

from fulfildesk.domain import vocabulary as _v

CONTEXT = "vocabulary"


def tr(text: str) -> str:
    """A domain word in the window's language (unchanged when no translation is loaded)."""
    return QCoreApplication.translate(CONTEXT, text) if text else text


class _Translated(Mapping[str, str]):
    """A read-only view of a domain table whose values come out translated."""

    def __init__(self, table: Mapping[str, str]) -> None:
        self._table = table

    def __getitem__(self, key: str) -> str:
        return tr(self._table[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)


PROVIDER_NAMES: Mapping[str, str] = _Translated(_v.PROVIDER_NAMES)
PROVIDER_GOODS: Mapping[str, str] = _Translated(_v.PROVIDER_GOODS)
STATUS_NAMES: Mapping[str, str] = _Translated(_v.STATUS_NAMES)
ENTRY_TYPE_NAMES: Mapping[str, str] = _Translated(_v.ENTRY_TYPE_NAMES)
words = _v.words


def provider_name(provider: str) -> str:
    return tr(_v.provider_name(provider))


def provider_choices() -> list[tuple[str, str]]:
    return [(value, tr(name)) for value, name in _v.provider_choices()]


def status_name(status: str, provider: str = "", provider_status: str = "") -> str:
    return tr(_v.status_name(status, provider, provider_status))


def status_choices() -> list[tuple[str, str]]:
    return [(value, tr(name)) for value, name in _v.status_choices()]


def entry_type_name(entry_type: str) -> str:
    return tr(_v.entry_type_name(entry_type))


def products_text(provider: str, products: str) -> str:
    """The domain's products summary with the entry type names translated."""
    text = _v.products_text(provider, products)
    if provider != "inventory" or not text:
        return text
    for name in _v.ENTRY_TYPE_NAMES.values():
        if name in text:
            text = text.replace(name, tr(name))
    return text


def explain(provider: str, provider_status: str, status: str) -> str:
    """A status's explanation (services/status.py) in the window's language."""
    from fulfildesk.services.status import explain as explained

    return tr(explained(provider, provider_status, status))


def _explanations() -> list[str]:
    from fulfildesk.domain.models import OrderStatus
    from fulfildesk.services.status import KINGUIN_STATUSES
    from fulfildesk.services.status import explain as explained

    found = [explained("kinguin", s, "") for s in KINGUIN_STATUSES]
    found += [explained("inventory", s, "") for s in ("accepted", "success", "partial", "failed")]
    found += [explained("", "", s.value) for s in OrderStatus]
    return [text for text in found if text]


def strings() -> list[str]:
    """Every word of the domain tables the window shows (what vocabulary_strings.py lists)."""
    seen: dict[str, None] = {}
    for table in (_v.PROVIDER_NAMES, _v.PROVIDER_GOODS, _v.STATUS_NAMES, _v.ENTRY_TYPE_NAMES):
        for text in table.values():
            seen.setdefault(text)
    seen.setdefault(_v.PARTIAL)
    from fulfildesk.domain.models import Provider

    for provider in Provider:  # the Settings boxes' titles
        seen.setdefault(provider.label)
    from fulfildesk.services.shipping import QUEUE  # the shipping queue's tab titles

    for title, _statuses in QUEUE.values():
        seen.setdefault(title)
    for text in _explanations():  # the detail pane's and the search's status explanations
        seen.setdefault(text)
    return list(seen)
