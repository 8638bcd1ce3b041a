"""Every command is documented by its own --help."""

from __future__ import annotations

import argparse

import pytest

from fulfildesk import cli


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = cli.build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("no subcommands")


def test_expected_commands_exist() -> None:
    assert {
        "gui",
        "sandbox",
        "buy-keys",
        "buy-vouchers",
        "voucher-order",
        "reconcile",
        "journal",
        "sync",
        "orders",
    } <= set(subcommands())


def test_every_command_and_option_has_help() -> None:
    parser = cli.build_parser()
    help_by_name = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            help_by_name = {c.dest: c.help for c in action._choices_actions}
    for name, sub in subcommands().items():
        assert help_by_name.get(name), f"{name} has no one-line help"
        assert sub.description, f"{name} has no description"
        for action in sub._actions:
            if action.option_strings and action.dest != "help":
                assert action.help, f"{name} {action.option_strings} has no help"
    for action in parser._actions:
        if action.option_strings and action.dest != "help":
            assert action.help, f"{action.option_strings} has no help"


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["sandbox", "--help"],
        ["buy-keys", "--help"],
        ["reconcile", "--help"],
        ["orders", "--help"],
        ["sync", "--help"],
        ["journal", "--help"],
        ["gui", "--help"],
    ],
)
def test_help_runs(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(argv)
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "usage: fulfildesk" in out


def test_top_level_help_documents_settings(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    for needle in (
        "--demo",
        "--data-dir",
        "FULFILDESK_HOME",
        "FULFILDESK_<NAME>_URL",
        "FULFILDESK_<NAME>_TOKEN",
        "KINGUIN, PLUM, POWERPLUGIN",
        "keyring",
    ):
        assert needle in out


def test_sandbox_help_documents_token_default(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["sandbox", "--help"])
    out = capsys.readouterr().out
    for needle in ("--host", "--port", "--data-dir", "--token", "sandbox-token", "/kinguin"):
        assert needle in out
