"""The window's translations (issue 16): every window string is wrapped, extracted and translated.

- every entry of resources/translations/fulfildesk_es.ts is finished, non-empty and keeps the
  source's placeholders ({name}, %1, %n) and menu accelerator;
- pyside6-lupdate run on the sources now finds exactly the entries of the .ts (no new string
  left out, no stale one kept), and ui/vocabulary_strings.py lists the domain's words as
  packaging/i18n.py generates them;
- the shipped .qm is what pyside6-lrelease compiles from the .ts;
- no string literal reaches a widget in ui/ without self.tr / QCoreApplication.translate
  (an AST scan of the calls that put text on screen, with a short allowlist).
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "app" / "fulfildesk" / "ui"
TS = ROOT / "resources" / "translations" / "fulfildesk_es.ts"
QM = TS.with_suffix(".qm")
BIN = Path(sys.executable).parent

sys.path.insert(0, str(ROOT / "packaging"))
import i18n as build_i18n  # noqa: E402  (packaging/i18n.py)

PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\d|%n")


def messages(path: Path) -> list[tuple[str, str, ET.Element]]:
    """(context, source, message element) of every entry."""
    found = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found.append((name, message.findtext("source") or "", message))
    return found


def placeholders(text: str) -> list[str]:
    # a date's strftime pattern may differ between languages ({at:%d/%m/%Y ...}); the name
    # before the colon must not
    return sorted(p.split(":")[0] for p in PLACEHOLDER.findall(text))


def test_the_spanish_catalogue_is_complete_and_keeps_placeholders() -> None:
    entries = messages(TS)
    assert len(entries) > 600  # the whole window, not a sample
    problems = []
    for context, source, message in entries:
        translation = message.find("translation")
        assert translation is not None
        kind = translation.get("type")
        if kind in ("unfinished", "vanished", "obsolete"):
            problems.append(f"{context}: {source!r} is {kind}")
            continue
        forms = [f.text or "" for f in translation.findall("numerusform")] or [
            translation.text or ""
        ]
        for text in forms:
            if not text.strip():
                problems.append(f"{context}: {source!r} has an empty translation")
            elif placeholders(text) != placeholders(source):
                problems.append(f"{context}: {source!r} -> {text!r}: placeholders differ")
            elif source.count("&") != text.count("&"):
                problems.append(f"{context}: {source!r} -> {text!r}: accelerator lost")
    assert not problems, "\n".join(problems)


def test_the_spanish_uses_the_staff_vocabulary() -> None:
    translated = {
        (context, source): message.findtext("translation") or ""
        for context, source, message in messages(TS)
    }
    assert translated["actions", "&Warehouse"] == "Al&macén"
    assert translated["vocabulary", "Reserved"] == "Reservado"
    assert "número de seguimiento" in translated["warehouse", "Add tracking number"]
    assert "vales" in translated["actions", "Buy vouchers…"]
    assert "claves" in translated["actions", "Buy keys…"]


def test_lupdate_finds_exactly_the_strings_of_the_catalogue(tmp_path: Path) -> None:
    """A new window string that nobody extracted (or a removed one still in the .ts) fails
    here: run `python packaging/i18n.py update`, translate, then `release`."""
    assert (UI / "vocabulary_strings.py").read_text(encoding="utf-8") == (
        build_i18n.vocabulary_source()
    ), "ui/vocabulary_strings.py is stale: run python packaging/i18n.py update"
    fresh = tmp_path / "fresh_es.ts"
    subprocess.run(
        [
            str(BIN / "pyside6-lupdate"),
            "-locations",
            "none",
            *build_i18n.sources(),
            "-ts",
            str(fresh),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    extracted = {(c, s) for c, s, _ in messages(fresh)}
    shipped = {(c, s) for c, s, _ in messages(TS)}
    assert not extracted - shipped, f"not in the .ts yet: {sorted(extracted - shipped)[:20]}"
    assert not shipped - extracted, f"no longer in the sources: {sorted(shipped - extracted)[:20]}"


def wrapped_strings(source: str) -> set[tuple[str, str]]:
    """(context, text) of every literal the code translates: QCoreApplication.translate and
    QT_TRANSLATE_NOOP with their context, self.tr with its class's name."""
    found: set[tuple[str, str]] = set()

    def visit(node: ast.AST, cls: str) -> None:
        for child in ast.iter_child_nodes(node):
            visit(child, child.name if isinstance(child, ast.ClassDef) else cls)
        if not isinstance(node, ast.Call):
            return
        name = _name(node.func)
        texts = [a.value for a in node.args if isinstance(a, ast.Constant)]
        if name in ("translate", "QT_TRANSLATE_NOOP") and len(texts) >= 2:
            found.add((str(texts[0]), str(texts[1])))
        elif (
            name == "tr"
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "self"
            and texts
        ):
            found.add((cls, str(texts[0])))

    visit(ast.parse(source), "")
    return found


def test_every_translated_literal_is_in_the_catalogue() -> None:
    """What the code translates is what lupdate extracted (a string lupdate cannot parse, e.g.
    a parenthesised literal, would silently stay English)."""
    shipped = {(c, s) for c, s, _ in messages(TS)}
    code: set[tuple[str, str]] = set()
    for path in UI.rglob("*.py"):
        code |= wrapped_strings(path.read_text(encoding="utf-8"))
    assert len(code) > 600
    assert not code - shipped, f"not extracted: {sorted(code - shipped)[:20]}"


def test_the_shipped_qm_is_compiled_from_the_ts(tmp_path: Path) -> None:
    compiled = tmp_path / "fulfildesk_es.qm"
    subprocess.run(
        [str(BIN / "pyside6-lrelease"), str(TS), "-qm", str(compiled)],
        check=True,
        capture_output=True,
    )
    assert QM.read_bytes() == compiled.read_bytes(), "run python packaging/i18n.py release"
    packaged = UI / "translations" / QM.name  # package data: what pip installs
    assert packaged.read_bytes() == compiled.read_bytes(), "run python packaging/i18n.py release"


# ------------------------------------------------------------------ unwrapped window strings

#: calls that put their text arguments on screen
SINKS = {
    "setText", "setWindowTitle", "setToolTip", "setStatusTip", "setWhatsThis", "setTitle",
    "setSubTitle", "setPlaceholderText", "setInformativeText", "setDetailedText", "setLabelText",
    "setButtonText", "setTabText", "setHorizontalHeaderLabels", "setVerticalHeaderLabels",
    "setAccessibleName", "addAction", "addMenu", "addTab", "addItem", "addItems", "insertItem",
    "addRow", "addButton", "showMessage", "QLabel", "QPushButton", "QCheckBox", "QRadioButton",
    "QGroupBox", "QAction", "QToolButton", "QMenu", "QDockWidget", "QToolBar", "QMessageBox",
    "information", "warning", "critical", "question", "getSaveFileName", "getOpenFileName",
    "plain_label", "tooltip", "say", "done", "fail", "not_configured", "ask", "set_error",
    "show_error", "set_busy", "set_balance", "Field",
}  # fmt: skip
#: texts that read the same in every language (names, examples, symbols)
ALLOWED = {
    "Qt", "PySide6", "Python", "Kinguin", "Plum", "https://…", "Bearer", "CSV (*.csv)",
    "PDF (*.pdf)", "XP", "EUR", "USD", "PIN",
}  # fmt: skip
#: lowercase words that are text, not ids ("from … to …")
WORDS = {"to", "from", "of", "and", "or", "by", "at", "per", "until", "since"}
HUMAN = re.compile(r"[A-Za-z]{2,}")


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _literal_text(node: ast.expr) -> str | None:
    """The human text of a literal (or f-string) argument, None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = [v.value for v in node.values if isinstance(v, ast.Constant)]
        return "".join(str(p) for p in parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _literal_text(node.left), _literal_text(node.right)
        return (left or "") + (right or "") if left is not None or right is not None else None
    return None


def unwrapped_strings(source: str, filename: str = "<ui>") -> list[str]:
    """`file:line: text` of every literal that a sink call shows without translating it."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or _name(node.func) not in SINKS:
            continue
        owner = node.func.value if isinstance(node.func, ast.Attribute) else None
        if isinstance(owner, ast.Name) and owner.id in ("log", "logger", "logging"):
            continue  # the log file stays English
        arguments = list(node.args) + [k.value for k in node.keywords if k.arg != "name"]
        candidates: list[ast.expr] = []
        for argument in arguments:
            if isinstance(argument, (ast.List, ast.Tuple)):
                candidates += argument.elts
            elif isinstance(argument, ast.IfExp):
                candidates += [argument.body, argument.orelse]
            else:
                candidates.append(argument)
        for candidate in candidates:
            text = _literal_text(candidate)
            if text is None or text.strip() in ALLOWED:
                continue
            if not HUMAN.search(re.sub(r"<[^>]*>", "", text)):  # markup, symbols, numbers
                continue
            if text not in WORDS and re.fullmatch(r"[a-z][a-z0-9_.\-]*|[a-z]+[A-Z]\w*", text):
                continue  # ids, item data, objectNames
            found.append(f"{filename}:{candidate.lineno}: {text!r}")
    return found


def test_the_scan_catches_an_unwrapped_string() -> None:
    code = (
        "class W(QWidget):\n"
        "    def f(self, n):\n"
        "        self.label.setText('Saved')\n"
        "        self.button = QPushButton(f'Buy {n} keys', self)\n"
        "        box.setWindowTitle(self.tr('Fine'))\n"
        "        self.say(QCoreApplication.translate('W', 'Fine too'))\n"
        "        self.setObjectName('mainToolbar')\n"
        "        self.until = QCheckBox('to', self)\n"
    )
    assert [line.split(": ", 1)[1] for line in unwrapped_strings(code)] == [
        "'Saved'",
        "'Buy  keys'",
        "'to'",
    ]


@pytest.mark.parametrize("path", sorted(UI.rglob("*.py")), ids=lambda p: str(p.relative_to(UI)))
def test_window_strings_are_translatable(path: Path) -> None:
    problems = unwrapped_strings(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert not problems, "wrap these in self.tr / QCoreApplication.translate:\n" + "\n".join(
        problems
    )
