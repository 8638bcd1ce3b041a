"""Layer rules: nothing below ui/ imports Qt; the sandbox imports the domain at most."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "app" / "fulfildesk"
QT_MODULES = ("PySide6", "PyQt5", "PyQt6", "qasync", "shiboken6")


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def modules_outside_ui() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "ui" not in p.relative_to(PACKAGE).parts]


def test_the_scan_sees_the_package() -> None:
    assert len(modules_outside_ui()) > 15
    assert any(
        QT_MODULES[0] in name
        for name in imports(PACKAGE / "ui" / "app.py") | imports(PACKAGE / "ui" / "main_window.py")
    )


def test_no_qt_below_ui() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            n for n in imports(path) if n.split(".")[0] in QT_MODULES
        )
        for path in modules_outside_ui()
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_sandbox_imports_domain_at_most() -> None:
    forbidden = (
        "fulfildesk.providers",
        "fulfildesk.store",
        "fulfildesk.services",
        "fulfildesk.ui",
        "fulfildesk.context",
        "fulfildesk.cli",
    )
    for path in (PACKAGE / "sandbox").rglob("*.py"):
        bad = [n for n in imports(path) if n.startswith(forbidden)]
        assert not bad, f"{path.name} imports {bad}"


def test_no_float_for_money_in_domain() -> None:
    source = (PACKAGE / "domain" / "models.py").read_text(encoding="utf-8")
    assert "amount: Decimal" in source
    assert ": float" not in source
