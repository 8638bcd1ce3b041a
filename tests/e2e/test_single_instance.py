"""One window per data directory, with real processes (offscreen): a second start raises the
first window and exits 0; after the first is killed with SIGKILL its stale lock is taken over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from fulfildesk.ui.single_instance import LOCK_NAME, server_name
from helpers import eventually

pytestmark = pytest.mark.slow

RAISED = "asked for this window"
HOLDING = "single instance: holding"


def env_for(home: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("FULFILDESK_") or k == "PYTHONPATH"
    }
    env.update(
        QT_QPA_PLATFORM="offscreen",
        FULFILDESK_HOME=str(home),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    return env


def start(home: Path) -> subprocess.Popen[str]:
    # no providers configured: the window opens on "not configured" and does no network work
    return subprocess.Popen(
        [sys.executable, "-m", "fulfildesk", "--log-level", "DEBUG"],
        env=env_for(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def log_text(home: Path) -> str:
    path = home / "logs" / "fulfildesk.log"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def holding(home: Path, proc: subprocess.Popen[str], times: int = 1) -> bool:
    assert proc.poll() is None, proc.communicate()
    return log_text(home).count(HOLDING) == times


def stop(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.kill()
    proc.communicate(timeout=30)


@pytest.fixture
def procs() -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for proc in started:
        stop(proc)


def test_second_start_raises_the_first_and_a_killed_owner_is_recovered(
    tmp_path: Path, procs: list[subprocess.Popen[str]]
) -> None:
    home = tmp_path / "home"
    first = start(home)
    procs.append(first)
    eventually(lambda: holding(home, first), timeout=60, what="the first window")
    assert first.poll() is None

    second = start(home)
    procs.append(second)
    out, err = second.communicate(timeout=60)
    assert second.returncode == 0, err
    assert "already running" in out and str(first.pid) in out
    eventually(lambda: RAISED in log_text(home), timeout=30, what="the raise request")
    assert first.poll() is None  # the first window is still there
    assert log_text(home).count("starting Fulfilment Desk") == 1  # the second never opened one

    # a crash leaves the lock file (and the socket file) behind: a new start takes over
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    assert (home / LOCK_NAME).exists()
    third = start(home)
    procs.append(third)
    eventually(lambda: holding(home, third, 2), timeout=60, what="the new window")
    assert third.poll() is None
    assert (home / LOCK_NAME).read_text().splitlines()[0] == str(third.pid)

    # and it answers later starts in turn
    fourth = start(home)
    procs.append(fourth)
    out, _ = fourth.communicate(timeout=60)
    assert fourth.returncode == 0 and str(third.pid) in out
    eventually(lambda: log_text(home).count(RAISED) == 2, timeout=30, what="the second raise")


def test_the_socket_name_depends_on_the_directory_not_its_spelling(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "a")
    assert server_name(tmp_path / "a") == server_name(tmp_path / "link")
    assert server_name(tmp_path / "a") == server_name(tmp_path / "a" / ".." / "a")
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")
