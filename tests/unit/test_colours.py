"""No colour is written in ui/ except in ui/theme.py (its documented list): everything else asks
the theme for a tone, derived from the palette, so dark mode and high contrast stay readable."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "app" / "fulfildesk" / "ui"
ALLOWED = {UI / "theme.py"}

NAMED = (
    "black|white|red|green|blue|cyan|magenta|yellow|gray|darkGray|lightGray|darkRed|darkGreen|"
    "darkBlue|darkCyan|darkMagenta|darkYellow|transparent|color0|color1"
)
IN_CODE = [
    re.compile(r"\bQColor\(\s*(?:[-\d.]|['\"])"),  # QColor(170, 40, 40), QColor("black")
    re.compile(
        r"\bQColor\.from(?:Rgb|Rgba|RgbF|Hsl|HslF|Hsv|HsvF|Cmyk|CmykF|String)\(\s*[-\d.'\"]"
    ),
    re.compile(r"\bQt\.GlobalColor\b"),
    re.compile(rf"\bQt\.(?:{NAMED})\b"),
    # style sheets freeze a widget's palette when applied: a later switch to dark mode leaves
    # it dark on dark. Fonts go through theme.emphasise, colours through theme.tint.
    re.compile(r"\.setStyleSheet\("),
]
IN_STRINGS = [
    re.compile(r"(?<![\w&])#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{8})\b"),  # "#b3261e"
    re.compile(r"(?<![\w&])#[0-9a-fA-F]{3}\s*[;\"')]"),  # "color: #555;"
    re.compile(r"(?:^|[\s;{])(?:background-)?colou?r\s*:", re.IGNORECASE),  # any stylesheet colour
    re.compile(r"\b(?:rgba?|hsla?|hsva?|palette)\s*\(", re.IGNORECASE),
]


def colour_literals(source: str) -> list[tuple[int, str]]:
    """(line, text) of every colour written in `source`, comments excluded."""
    found = []
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    code_lines: dict[int, list[str]] = {}
    for tok in tokens:
        if tok.type == tokenize.COMMENT:
            continue
        if tok.type == tokenize.STRING or tok.type == getattr(tokenize, "FSTRING_MIDDLE", -1):
            if any(p.search(tok.string) for p in IN_STRINGS):
                found.append((tok.start[0], tok.string))
        code_lines.setdefault(tok.start[0], []).append(tok.string)
    for line, parts in code_lines.items():
        text = " ".join(parts).replace(" ( ", "(").replace(" (", "(").replace("( ", "(")
        text = text.replace(" . ", ".")
        if any(p.search(text) for p in IN_CODE):
            found.append((line, text))
    return found


def test_the_checker_finds_each_kind_of_colour() -> None:
    samples = [
        'label.setStyleSheet("color: #b3261e;")',
        'label.setStyleSheet("color: #555; font-style: italic;")',
        'hint.setStyleSheet("color: palette(mid); padding: 4px;")',
        'w.setStyleSheet("background-color: rgb(1, 2, 3)")',
        "brush = QBrush(QColor(255, 220, 216))",
        'painter.setPen(QColor("black"))',
        "c = QColor.fromRgb(1, 2, 3)",
        "c = Qt.GlobalColor.red",
        "painter.setPen(Qt.black)",
        'label.setStyleSheet("font-weight: 600;")',
    ]
    for sample in samples:
        assert colour_literals(sample + "\n"), sample
    fine = [
        'text = f"Order #123 of {name}"  # colour: none',
        "item.setForeground(colour(Tone.BAD))",
        "QColor(palette.color(role))",
    ]
    for sample in fine:
        assert not colour_literals(sample + "\n"), sample


def test_no_colour_literals_in_ui_outside_theme() -> None:
    files = sorted(p for p in UI.rglob("*.py") if p not in ALLOWED)
    assert len(files) > 20
    problems = [
        f"{path.relative_to(UI.parent)}:{line}: {text}"
        for path in files
        for line, text in colour_literals(path.read_text(encoding="utf-8"))
    ]
    assert not problems, "use ui/theme.py tones instead of colours:\n" + "\n".join(problems)
