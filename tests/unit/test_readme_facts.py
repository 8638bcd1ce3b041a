"""What the README (and --help) say about paths, state and defaults, against the code."""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

import pytest

from fulfildesk import cli
from fulfildesk.config import SETTINGS_FILE, Settings, default_data_dir
from fulfildesk.context import setup_logging
from fulfildesk.sandbox.config import DEFAULT_TOKEN, SandboxConfig
from fulfildesk.sandbox.state import SandboxDB
from fulfildesk.store.vault import KEY_FILE

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
D = Path("/DATA_DIR")


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def data_dir_fact(path: Path) -> str:
    return f"`DATA_DIR/{path.relative_to(D).as_posix()}`"


def test_data_directory_files() -> None:
    settings = Settings(data_dir=D)
    assert data_dir_fact(settings.cache_path) in README
    assert data_dir_fact(settings.log_path) in README
    assert data_dir_fact(D / SETTINGS_FILE) in README
    # the vault key is never in the data directory (issue 12)
    assert data_dir_fact(D / KEY_FILE) not in README.replace(
        f"A {data_dir_fact(D / KEY_FILE)} left by an older version", ""
    )
    assert "`KEY_DIR/vault-<hash>.key`" in README and "FULFILDESK_SECRET_KEY_DIR" in README


def test_default_data_directory_on_linux(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("FULFILDESK_HOME", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    shown = "~/" + default_data_dir().relative_to(tmp_path).as_posix()
    assert f"`{shown}` on Linux" in README
    monkeypatch.setenv("FULFILDESK_HOME", str(tmp_path / "elsewhere"))
    assert default_data_dir() == tmp_path / "elsewhere"
    assert "`--data-dir DIR`, else `FULFILDESK_HOME`, else the platform's" in flat(README)


def test_log_rotation(tmp_path: Path) -> None:
    root = logging.getLogger()
    before = list(root.handlers)
    level = root.level
    try:
        setup_logging(tmp_path)
        [handler] = [h for h in root.handlers if h not in before]
        assert isinstance(handler, logging.handlers.RotatingFileHandler)
        assert Path(handler.baseFilename) == Settings(data_dir=tmp_path).log_path
        megabytes, kept = handler.maxBytes / 1_000_000, handler.backupCount
    finally:
        for h in list(root.handlers):
            if h not in before:
                root.removeHandler(h)
                h.close()
        root.setLevel(level)
    assert f"rotated at {megabytes:g} MB, {kept} old files kept" in README


def test_sandbox_state_in_memory_unless_data_dir(tmp_path: Path) -> None:
    assert SandboxConfig().data_dir is None
    memory = SandboxDB(None)
    try:
        assert memory.conn.execute("PRAGMA database_list").fetchone()["file"] == ""
    finally:
        memory.close()
    on_disk = SandboxDB(tmp_path / "dir")
    on_disk.close()
    assert [p.name for p in (tmp_path / "dir").iterdir() if p.suffix == ".sqlite"] == [
        "sandbox.sqlite"
    ]
    text = flat(README)
    assert "`DIR/sandbox.sqlite`" in text
    assert "Its state is in memory and lost when it stops, unless it is started with" in text
    assert "State is in memory and lost on exit unless `--data-dir DIR` is given" in text
    # and --help says the same
    sandbox_help = flat(subparser("sandbox").format_help())
    assert (
        "State is kept in memory and lost on exit, unless --data-dir DIR is given" in sandbox_help
    )
    assert "DIR/sandbox.sqlite" in sandbox_help


def test_demo_data_directory_in_help_and_readme() -> None:
    # where the demo keeps its data is checked by running it: tests/e2e/test_readme_commands.py
    main_help = flat(cli.build_parser().format_help())
    assert "Demo mode (--demo) uses DIR/demo/ instead" in main_help
    assert "DIR/demo/sandbox/sandbox.sqlite" in main_help
    assert "`DATA_DIR/demo/sandbox/sandbox.sqlite`" in README


def test_sandbox_defaults_match_readme() -> None:
    parser = subparser("sandbox")
    defaults = {a.dest: a.default for a in parser._actions}
    assert DEFAULT_TOKEN == defaults["token"]
    assert f"`--token` defaults to `{DEFAULT_TOKEN}`" in README
    assert f"`fulfildesk sandbox [--host {defaults['host']}] [--port {defaults['port']}]" in README
    assert f"`--kinguin-step` seconds (default {defaults['kinguin_step']:g})" in flat(README)
    assert f"demo balance of {SandboxConfig().kinguin_balance} EUR" in README


def subparser(name: str):  # type: ignore[no-untyped-def]
    parser = cli.build_parser()
    [sub] = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
    return sub.choices[name]
