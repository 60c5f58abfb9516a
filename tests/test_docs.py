"""Docs checked against code: the CLI reference is regenerated and compared (cog --check)."""

from pathlib import Path

from cogapp import Cog

ROOT = Path(__file__).resolve().parents[1]


def test_cli_reference_is_up_to_date():
    status = Cog().main(["cog", "--check", str(ROOT / "docs" / "cli.md")])
    assert status == 0, "docs/cli.md is out of date: run `cog -r docs/cli.md`"


def test_readme_names_install_and_test_commands_used_by_ci():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert 'pip install -e ".[dev]"' in readme and 'pip install -e ".[dev]"' in ci
    assert "\npytest\n" in readme and ci.rstrip().endswith("pytest")
