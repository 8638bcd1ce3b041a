"""The README's two set-up commands, read from README.md (not copied) and run as written in a
fresh `git clone` of this repository.

To stay cheap, the run tells scripts/bootstrap (through its documented environment variables) to
skip the apt step, to reuse the virtual environment running these tests instead of creating
.venv and installing into it, and, for the test command, to run a small selection of tests. The
text executed is the README's, unchanged.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import eventually

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow

DEMO_INTRO = "Install and start the app on the built-in demo sandbox:"
TEST_INTRO = "Install and run the whole test suite:"


def readme_command(readme: Path, intro: str) -> str:
    """The shell block that follows the sentence `intro` in the README."""
    text = readme.read_text(encoding="utf-8")
    found = re.search(r"\s+".join(map(re.escape, intro.split())), text)
    assert found, f"README.md no longer says {intro!r}"
    match = re.compile(r"```sh\n(.*?)\n```", re.S).search(text, found.end())
    assert match, f"no ```sh block after {intro!r}"
    return match.group(1).strip()


def test_the_commands_need_no_sudo_binary() -> None:
    """Root in a container has no sudo: the commands must not call it themselves."""
    for intro in (DEMO_INTRO, TEST_INTRO):
        command = readme_command(ROOT / "README.md", intro)
        assert "sudo" not in command.split(), command
        assert command.startswith("bash scripts/bootstrap "), command


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: nothing to clone")
    target = tmp_path_factory.mktemp("clone") / "fulfildesk"
    subprocess.run(
        ["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(target)],
        check=True,
        timeout=120,
    )
    return target


def bootstrap_env(clone: Path, **extra: str) -> dict[str, str]:
    assert sys.prefix != sys.base_prefix, "the tests run from a virtual environment"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "FULFILDESK_"))}
    env.update(
        FULFILDESK_BOOTSTRAP_SKIP_APT="1",
        FULFILDESK_BOOTSTRAP_VENV=sys.prefix,
        # the shared environment may have the project installed from elsewhere: the clone wins
        PYTHONPATH=str(clone / "app"),
        **extra,
    )
    return env


def test_readme_test_command_runs_in_a_fresh_clone(clone: Path) -> None:
    command = readme_command(clone / "README.md", TEST_INTRO)
    env = bootstrap_env(
        clone,
        FULFILDESK_BOOTSTRAP_PYTEST_ARGS="tests/unit/test_helpers.py -p no:cacheprovider",
    )
    done = subprocess.run(
        ["bash", "-c", command],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert re.search(r"\b\d+ passed\b", output), output
    assert str(clone / "tests" / "unit") in output or "test_helpers.py" in output, output


def test_bootstrap_reports_pytest_failures(clone: Path) -> None:
    """A failing test makes the README's test command (and so CI) fail."""
    failing = clone / "tests" / "unit" / "test_zz_failing.py"
    failing.write_text("def test_fails():\n    assert False\n")
    try:
        done = subprocess.run(
            ["bash", "scripts/bootstrap", "test", str(failing), "-p", "no:cacheprovider"],
            cwd=clone,
            env=bootstrap_env(clone),
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        failing.unlink()
    assert done.returncode == 1, done.stdout + done.stderr
    empty = subprocess.run(
        ["bash", "scripts/bootstrap", "test", "-k", "no_test_has_this_name", "tests/unit"],
        cwd=clone,
        env=bootstrap_env(clone),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert empty.returncode == 5, empty.stdout + empty.stderr  # no tests collected: not a pass


@pytest.fixture
def demo(clone: Path, tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    home = tmp_path / "home"
    command = readme_command(clone / "README.md", DEMO_INTRO)
    env = bootstrap_env(clone, FULFILDESK_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    process = subprocess.Popen(
        ["bash", "-c", command],
        cwd=clone,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    try:
        yield process, home
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        shutil.rmtree(home, ignore_errors=True)


def test_readme_demo_command_opens_the_window_with_its_data_in_data_dir_demo(
    demo: tuple[subprocess.Popen[str], Path],
) -> None:
    """The demo command starts the window; what it keeps is where the README says."""
    process, home = demo
    log = home / "demo" / "logs" / "fulfildesk.log"

    def started() -> bool:
        assert process.poll() is None, f"the demo exited with {process.returncode}"
        return log.exists() and "starting Fulfilment Desk" in log.read_text(encoding="utf-8")

    eventually(started, timeout=90, interval=0.2, what="the demo window starting")
    eventually(lambda: (home / "demo" / "cache.sqlite").exists(), timeout=60)
    assert (home / "demo" / "sandbox" / "sandbox.sqlite").exists()
    # nothing of the demo lands in the real data directory
    assert sorted(p.name for p in home.iterdir()) == ["demo"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for fact in (
        "`DATA_DIR/demo/`",
        "`DATA_DIR/demo/sandbox/sandbox.sqlite`",
        "`DATA_DIR/demo/logs/fulfildesk.log`",
        "`DATA_DIR/demo/cache.sqlite`",
    ):
        assert fact in readme, fact
