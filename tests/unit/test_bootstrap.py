"""scripts/bootstrap's apt step: sudo only when not root, nothing installed when nothing is
missing. Runs the real script with stand-ins for id, sudo and apt-get on PATH (nothing is
installed; the stand-ins write what they were asked to a log)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def stub(path: Path, body: str) -> None:
    path.write_text("#!/usr/bin/env bash\n" + body)
    path.chmod(0o755)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the script beside an apt list naming one installed and one missing package,
    and a stand-in virtual environment whose python records its arguments."""
    repo = tmp_path / "repo"
    (repo / "scripts").mkdir(parents=True)
    (repo / "packaging").mkdir()
    shutil.copy(ROOT / "scripts" / "bootstrap", repo / "scripts" / "bootstrap")
    installed = subprocess.run(
        ["dpkg-query", "-W", "-f=${Package}\\n", "bash"], capture_output=True, text=True
    ).stdout.split()
    assert installed == ["bash"]
    (repo / "packaging" / "apt-test.txt").write_text("bash\nfulfildesk-no-such-package\n")
    (repo / "venv" / "bin").mkdir(parents=True)
    stub(repo / "venv" / "bin" / "python", f'echo "python $*" >> {tmp_path}/log\n')
    return repo


def run(
    repo: Path,
    tmp_path: Path,
    *,
    uid: int,
    with_sudo: bool,
    args: tuple[str, ...] = ("-x",),
    **extra_env: str,
) -> tuple[int, list[str]]:
    shims = tmp_path / "shims"
    shims.mkdir(exist_ok=True)
    log = tmp_path / "log"
    stub(shims / "id", f'if [ "$1" = -u ]; then echo {uid}; else exec /usr/bin/id "$@"; fi\n')
    stub(shims / "apt-get", f'echo "apt-get $*" >> {log}\n')
    if with_sudo:
        stub(shims / "sudo", f'echo "sudo $1" >> {log}\nexec "$@"\n')
    # dpkg-query, grep, env and bash from the system; no sudo unless stubbed
    tools = tmp_path / "tools"
    tools.mkdir(exist_ok=True)
    for tool in ("dpkg-query", "grep", "env", "bash", "dirname", "cat", "awk", "tr"):
        found = shutil.which(tool)
        assert found, tool
        if not (tools / tool).exists():
            (tools / tool).symlink_to(found)
    env = {
        "PATH": f"{shims}:{tools}",
        "HOME": str(tmp_path),
        "FULFILDESK_BOOTSTRAP_VENV": str(repo / "venv"),
        **extra_env,
    }
    done = subprocess.run(
        [str(tools / "bash"), str(repo / "scripts" / "bootstrap"), "test", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    lines = log.read_text().splitlines() if log.exists() else []
    return done.returncode, lines


def test_as_root_without_sudo_apt_runs_directly(repo: Path, tmp_path: Path) -> None:
    rc, log = run(repo, tmp_path, uid=0, with_sudo=False)
    assert rc == 0
    assert log[0] == "apt-get update -qq"
    assert log[1] == (
        "apt-get install -y -qq --no-install-recommends fulfildesk-no-such-package"
    )  # only what is missing
    assert log[2] == "python -m pytest -x"


def test_as_a_user_apt_runs_through_sudo(repo: Path, tmp_path: Path) -> None:
    rc, log = run(repo, tmp_path, uid=1000, with_sudo=True)
    assert rc == 0
    assert log[:4] == [
        "sudo apt-get",
        "apt-get update -qq",
        "sudo env",
        "apt-get install -y -qq --no-install-recommends fulfildesk-no-such-package",
    ]
    assert log[4] == "python -m pytest -x"


def test_as_a_user_without_sudo_it_says_what_is_missing(repo: Path, tmp_path: Path) -> None:
    rc, log = run(repo, tmp_path, uid=1000, with_sudo=False)
    assert rc == 1
    assert log == []  # neither apt-get nor pytest ran


def test_nothing_missing_means_no_apt_at_all(repo: Path, tmp_path: Path) -> None:
    (repo / "packaging" / "apt-test.txt").write_text("bash\n")
    rc, log = run(repo, tmp_path, uid=1000, with_sudo=True)
    assert rc == 0
    assert log == ["python -m pytest -x"]


def test_pytest_arguments_from_the_environment(repo: Path, tmp_path: Path) -> None:
    (repo / "packaging" / "apt-test.txt").write_text("bash\n")
    rc, log = run(
        repo,
        tmp_path,
        uid=0,
        with_sudo=False,
        args=(),
        FULFILDESK_BOOTSTRAP_PYTEST_ARGS="tests/unit -q",
    )
    assert rc == 0
    assert log == ["python -m pytest tests/unit -q"]


def test_skip_apt(repo: Path, tmp_path: Path) -> None:
    rc, log = run(repo, tmp_path, uid=1000, with_sudo=False, FULFILDESK_BOOTSTRAP_SKIP_APT="1")
    assert rc == 0
    assert log == ["python -m pytest -x"]


def test_a_name_an_installed_package_provides_counts_as_installed(
    repo: Path, tmp_path: Path
) -> None:
    """Ubuntu 24.04: libglib2.0-0 is provided by libglib2.0-0t64."""
    rows = subprocess.run(
        ["dpkg-query", "-W", "-f=${db:Status-Abbrev}|${Package}|${Provides}\\n"],
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    provided = [
        name.strip().split(" ")[0]
        for status, _, provides in (r.split("|", 2) for r in rows)
        if status.startswith("ii") and provides
        for name in provides.split(",")
    ]
    installed = {r.split("|")[1] for r in rows if r.startswith("ii")}
    virtual = next(n for n in provided if n not in installed)
    (repo / "packaging" / "apt-test.txt").write_text(f"bash\n{virtual}\n")
    rc, log = run(repo, tmp_path, uid=0, with_sudo=False)
    assert rc == 0
    assert log == ["python -m pytest -x"]
