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
    make = (ROOT / "Makefile").read_text()
    assert "make demo" in readme and "\nmake test\n" in readme
    assert ci.rstrip().endswith("make test")
    assert 'pip install -e ".[dev]"' in make and "-m pytest" in make  # make test = the README's pytest
    targets = {line.split(":")[0] for line in make.splitlines() if line and not line[0].isspace() and ":" in line}
    assert {"demo", "test", "install"} <= targets
