"""docs/ stays true: every CLI command and option is in docs/cli.md, and every docs/ path named
in code, comments, scripts or documents exists."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from fulfildesk.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
CLI_MD = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")

# where a `docs/...` path may be named
SCANNED = ["app", "tests", "packaging", "scripts", ".ci", "docs", "resources"]
SCANNED_FILES = ["README.md", "pyproject.toml", ".pre-commit-config.yaml"]
TEXT_SUFFIXES = {".py", ".md", ".toml", ".txt", ".sh", ".yaml", ".yml", ".cfg", ".ini", ""}
DOCS_PATH = re.compile(r"(?<![\w/.-])docs/[\w./-]*\w")


def commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return {"": parser, **sub.choices}


def section(command: str) -> str:
    heading = "## Global options" if not command else f"## fulfildesk {command}"
    assert heading + "\n" in CLI_MD, f"docs/cli.md has no section {heading!r}"
    body = CLI_MD.split(heading + "\n", 1)[1]
    return body.split("\n## ", 1)[0]


@pytest.mark.parametrize("command", list(commands()))
def test_every_command_and_option_is_in_cli_md(command: str) -> None:
    text = section(command)
    parser = commands()[command]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            continue
        if isinstance(action, argparse._HelpAction) and command:
            continue  # -h/--help: listed once, under the global options
        for option in action.option_strings:
            assert f"`{option}" in text, f"docs/cli.md, {command or 'global'}: {option} missing"


def test_cli_md_documents_no_command_that_does_not_exist() -> None:
    documented = set(re.findall(r"^## fulfildesk (\S+)$", CLI_MD, re.M))
    assert documented == set(commands()) - {""}


def scanned_files() -> list[Path]:
    files = [ROOT / f for f in SCANNED_FILES if (ROOT / f).exists()]
    for top in SCANNED:
        for path in (ROOT / top).rglob("*"):
            if path.is_file() and path.suffix in TEXT_SUFFIXES and "__pycache__" not in path.parts:
                files.append(path)
    return files


def test_every_docs_path_named_anywhere_exists() -> None:
    named: dict[str, list[str]] = {}
    for path in scanned_files():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            for match in DOCS_PATH.finditer(line):
                named.setdefault(match.group(0).rstrip("."), []).append(
                    f"{path.relative_to(ROOT)}:{number}"
                )
    assert "docs/decisions.md" in named and "docs/sandbox.md" in named  # the scan works
    missing = {p: where for p, where in named.items() if not (ROOT / p).exists()}
    assert not missing, f"docs paths that do not exist: {missing}"


def test_links_between_documents_resolve() -> None:
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", doc.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", target):
                continue  # a web address
            assert (doc.parent / target).exists(), f"{doc.relative_to(ROOT)} links to {target}"


def test_the_newcomer_documents_exist() -> None:
    for name in ("architecture.md", "decisions.md", "sandbox.md", "cli.md", "layers.toml"):
        assert (ROOT / "docs" / name).stat().st_size > 500, name
