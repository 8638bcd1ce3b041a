"""Layer rules that check themselves: every import of app/ against docs/layers.toml.

Reads every import with `ast` (top level, in functions, under TYPE_CHECKING, relative, and
importlib.import_module with a literal name) and fails on each one against the rules, naming the
file and line.
"""

from __future__ import annotations

import ast
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app"
PACKAGE = APP / "fulfildesk"
RULES_FILE = ROOT / "docs" / "layers.toml"
RULES = tomllib.loads(RULES_FILE.read_text(encoding="utf-8"))

# Violations that exist today and are being fixed on other branches (issue 11, part 4). This list
# must only shrink: the test fails on a violation that is not listed, AND on a listed one that no
# longer exists, so remove an entry as soon as its fix lands. Keyed by file and imported module
# (or attribute chain) rather than line, so that unrelated edits do not move them.
KNOWN_VIOLATIONS: set[tuple[str, str]] = set()


@dataclass(frozen=True)
class Import:
    path: Path
    line: int
    module: str

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(APP)}:{self.line}"


def module_name(path: Path, app: Path = APP) -> str:
    parts = list(path.relative_to(app).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_module(name: str, app: Path) -> bool:
    where = app.joinpath(*name.split("."))
    return where.with_suffix(".py").exists() or (where / "__init__.py").exists()


def imports_of(path: Path, app: Path = APP) -> list[Import]:
    """Every import in the file, wherever it is written."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    here = module_name(path, app).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found: list[Import] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [Import(path, node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                if node.module:
                    found.append(Import(path, node.lineno, ".".join([*base, node.module])))
                else:
                    found.append(Import(path, node.lineno, ".".join(base)))
                module = ".".join([*base, node.module] if node.module else base)
            elif node.module:
                module = node.module
                found.append(Import(path, node.lineno, module))
            else:
                continue
            # `from fulfildesk import sandbox` imports the subpackage fulfildesk.sandbox
            for alias in node.names:
                sub = f"{module}.{alias.name}"
                if is_module(sub, app):
                    found.append(Import(path, node.lineno, sub))
        elif (
            isinstance(node, ast.Call)
            and (
                (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
                or (
                    isinstance(node.func, ast.Name)
                    and node.func.id in ("import_module", "__import__")
                )
            )
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append(Import(path, node.lineno, node.args[0].value))
    return found


def attribute_chains(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    chains = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute):
            chains.append((node.lineno, f"{node.value.attr}.{node.attr}"))
    return chains


def matches(pattern: str, module: str) -> bool:
    if pattern.endswith(".*"):
        stem = pattern[:-2]
        return module == stem or module.startswith(stem + ".")
    return module == pattern


def part_of(module: str) -> str | None:
    for name, patterns in RULES["parts"].items():
        if any(matches(p, module) for p in patterns):
            return name
    for name, patterns in RULES["external"].items():
        if any(matches(p, module) for p in patterns):
            return name
    return None


def allowed(source: str, module: str) -> bool:
    target = part_of(module)
    if target == source:
        return True
    for arrow in RULES["arrows"][source]:
        if arrow.startswith("fulfildesk"):
            if matches(arrow, module) or module.startswith(arrow + "."):
                return True
        elif arrow == target:
            return True
    return False


def app_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def violations() -> dict[tuple[str, str], list[str]]:
    """(file, what) -> one message per line, for every import against the rules."""
    found: dict[tuple[str, str], list[str]] = {}

    def add(path: Path, what: str, message: str) -> None:
        found.setdefault((str(path.relative_to(APP)), what), []).append(message)

    for path in app_files():
        source = part_of(module_name(path))
        assert source is not None, f"{path.relative_to(APP)} belongs to no part of {RULES_FILE}"
        for imp in imports_of(path):
            target = part_of(imp.module)
            for rule in RULES["forbidden"]:
                if source in rule["from"] and target in rule["imports"]:
                    add(
                        path,
                        imp.module,
                        f"{imp.where}: {source} imports {imp.module} ({target}): "
                        f"must never exist: {rule['why']}",
                    )
                    break
            else:
                if imp.module.startswith("fulfildesk") and not allowed(source, imp.module):
                    add(
                        path,
                        imp.module,
                        f"{imp.where}: {source} imports {imp.module} ({target}): "
                        f"no arrow {source} -> {target} in docs/layers.toml",
                    )
        for rule in RULES.get("forbidden_attributes", []):
            if source in rule["from"]:
                for line, chain in attribute_chains(path):
                    if chain == rule["chain"]:
                        add(
                            path,
                            f"attribute .{chain}",
                            f"{path.relative_to(APP)}:{line}: {source} uses .{chain}: "
                            + rule["why"],
                        )
    return found


# --- the rules file is consistent --------------------------------------------------------------


def test_rules_file_names_only_known_parts() -> None:
    parts = set(RULES["parts"]) | set(RULES["external"])
    assert set(RULES["arrows"]) == set(RULES["parts"]), "every part needs an arrows entry"
    for source, targets in RULES["arrows"].items():
        for target in targets:
            assert target in parts or target.startswith("fulfildesk."), (source, target)
    for rule in RULES["forbidden"] + RULES.get("forbidden_attributes", []):
        assert set(rule["from"]) <= parts and rule["why"]
        assert set(rule.get("imports", [])) <= parts


def test_no_arrow_allows_a_forbidden_import() -> None:
    for rule in RULES["forbidden"]:
        for source in rule["from"]:
            for target in rule["imports"]:
                assert target not in RULES["arrows"][source], (source, target, rule["why"])


def test_every_module_belongs_to_exactly_one_part() -> None:
    for path in app_files():
        name = module_name(path)
        owners = [p for p, pats in RULES["parts"].items() if any(matches(x, name) for x in pats)]
        assert len(owners) == 1, f"{name}: {owners}"


# --- the scanner sees what it must --------------------------------------------------------------


def test_the_scan_sees_every_kind_of_import(tmp_path: Path) -> None:
    app = tmp_path / "app"
    for sub in ("services", "sandbox"):
        (app / "fulfildesk" / sub).mkdir(parents=True)
        (app / "fulfildesk" / sub / "__init__.py").write_text("")
    (app / "fulfildesk" / "__init__.py").write_text("")
    (app / "fulfildesk" / "sandbox" / "server.py").write_text("")
    probe = app / "fulfildesk" / "services" / "probe.py"
    probe.write_text(
        "from typing import TYPE_CHECKING\n"
        "import importlib\n"
        "if TYPE_CHECKING:\n"
        "    from fulfildesk.ui.app import run_gui\n"
        "def later():\n"
        "    import PySide6.QtCore\n"
        "    from ..sandbox import server\n"
        "    return importlib.import_module('fulfildesk.ui.main_window')\n"
        "from fulfildesk import sandbox, __version__\n"
        "from . import probe\n"
    )
    found = sorted((i.line, i.module) for i in imports_of(probe, app))
    assert found == [
        (1, "typing"),
        (2, "importlib"),
        (4, "fulfildesk.ui.app"),
        (6, "PySide6.QtCore"),
        (7, "fulfildesk.sandbox"),
        (7, "fulfildesk.sandbox.server"),
        (8, "fulfildesk.ui.main_window"),
        (9, "fulfildesk"),
        (9, "fulfildesk.sandbox"),
        (10, "fulfildesk.services"),
        (10, "fulfildesk.services.probe"),
    ]


def test_the_scan_sees_the_package() -> None:
    assert len(app_files()) > 40
    qt = [i for i in imports_of(PACKAGE / "ui" / "app.py") if part_of(i.module) == "qt"]
    assert qt, "ui/app.py imports Qt, and the scan must see it"


# --- the rules hold ---------------------------------------------------------------------------


def test_no_import_against_the_layer_rules() -> None:
    found = violations()
    new = {k: v for k, v in found.items() if k not in KNOWN_VIOLATIONS}
    assert not new, "imports against docs/layers.toml:\n" + "\n".join(
        m for messages in new.values() for m in messages
    )


def test_known_violations_only_shrink() -> None:
    gone = KNOWN_VIOLATIONS - set(violations())
    assert not gone, "fixed, so remove from KNOWN_VIOLATIONS in tests/unit/test_layers.py: " + repr(
        sorted(gone)
    )


def test_no_float_for_money_in_domain() -> None:
    source = (PACKAGE / "domain" / "models.py").read_text(encoding="utf-8")
    assert "amount: Decimal" in source
    assert ": float" not in source


@pytest.mark.parametrize(
    ("source", "module", "ok"),
    [
        ("ui", "fulfildesk.services.keys", True),
        ("ui", "fulfildesk.store.queries", True),
        ("ui", "fulfildesk.store.journal", False),
        ("ui", "fulfildesk.providers.errors", False),
        ("ui", "fulfildesk.cli", False),
        ("services", "fulfildesk.providers.kinguin", True),
        ("services", "fulfildesk.sandbox.server", False),
        ("store", "fulfildesk.providers.http", False),
        ("providers", "fulfildesk.store.db", False),
        ("domain", "fulfildesk.store.db", False),
        ("sandbox", "fulfildesk.domain.validation", True),
        ("sandbox", "fulfildesk.providers.kinguin", False),
        ("wiring", "fulfildesk.ui.app", True),
    ],
)
def test_arrows(source: str, module: str, ok: bool) -> None:
    assert allowed(source, module) is ok
