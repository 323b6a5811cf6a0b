"""The README's promises: its test command is what CI runs, and every command is documented."""
from __future__ import annotations

import re

from click.testing import CliRunner

from conftest import ROOT
from corpus.cli import cli

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _fresh_machine_commands() -> list[str]:
    section = README.split("## On a fresh machine", 1)[1].split("\n## ", 1)[0]
    return [c.strip() for c in re.findall(r"```sh\n(.+?)\n\s*```", section, re.S)]


def test_readme_has_exactly_two_one_line_setup_commands():
    cmds = _fresh_machine_commands()
    assert len(cmds) == 2 and all("\n" not in c for c in cmds)
    assert cmds[0].endswith("meetings demo")
    assert "pytest" in cmds[1]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _fresh_machine_commands()[1] in ci


def test_every_command_is_documented_and_has_help():
    runner = CliRunner()
    for name in cli.commands:
        assert f"meetings {name}" in README, f"`meetings {name}` missing from README"
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output
