"""The layer rule, read from the source: data flows feeds → articles → nlp → store → analysis → reports, and
the pipeline (the service layer that owns runs) sits above them; a module imports only from stages before
it, plus the shared modules (records, config, errors, ...).

- analysis is pure: no database, YAML, file or network access, no config loading, nothing from the store,
  the pipeline or anything after it;
- the store only reads and writes: nothing from analysis or the pipeline (nor reports, the API or the CLI);
- reports assemble and render: nothing from the pipeline, the API or the CLI (the pipeline runs reports:
  ``pipeline.report`` builds the weekly report, so reports come before it);
- the pipeline imports nothing from the API or the CLI;
- nlp imports nothing from the store, analysis, reports or the pipeline;
- the shared modules import no stage at all;
- reports and analysis run no SQL and import no database driver: they read the store through the store's
  read functions (``store/read*.py`` and the other store modules), so table layouts stay in the store.

Imports are read with ``ast`` (lazy imports inside functions count too), so nothing is imported to test this.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import news_sentiment

PACKAGE = Path(news_sentiment.__file__).parent
STAGES = ("feeds", "articles", "ingest", "nlp", "store", "analysis", "reports", "pipeline", "api", "cli", "demo",
          "training", "kb_build", "places_build")
SHARED = ("records", "config", "narrative_config", "errors", "dates", "textutil", "jsonl")
AFTER_STORE = ("analysis", "reports", "pipeline", "api", "cli", "demo")
# stage -> the first-party stages it must not import
FORBIDDEN = {
    "analysis": ("store", "pipeline", "reports", "api", "cli", "demo", "ingest", "feeds"),
    "store": AFTER_STORE,
    "reports": ("pipeline", "api", "cli", "demo"),
    "pipeline": ("api", "cli", "demo"),
    "nlp": ("store", *AFTER_STORE, "ingest"),
    **{shared: STAGES for shared in SHARED},
}
# third-party and standard-library modules that mean I/O or config parsing: never imported by analysis
ANALYSIS_IO = ("sqlite_utils", "sqlite3", "yaml", "requests", "httpx", "urllib", "socket", "yfinance", "feedparser",
               "news_sentiment.config", "news_sentiment.narrative_config")
# names whose use means reading or writing files, the store or config: never used by analysis
ANALYSIS_IO_NAMES = {"open", "read_text", "read_bytes", "write_text", "write_bytes", "rglob", "read_sql_query",
                     "read_sql", "read_csv", "to_csv", "execute", "executemany", "load_kb", "load_narratives"}


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, root: Path = PACKAGE) -> Iterator[tuple[int, str]]:
    """(line, imported module) for every import in the file, relative ones made absolute; ``from a import b``
    gives both ``a`` and ``a.b`` (b may be a submodule)."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, a.name) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            yield node.lineno, module
            yield from ((node.lineno, f"{module}.{a.name}") for a in node.names)


def stage_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "news_sentiment" and len(parts) > 1 else None


def within(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


@pytest.mark.parametrize("path", modules(), ids=lambda p: module_name(p))
def test_a_module_imports_only_from_stages_before_it(path):
    own = stage_of(module_name(path))
    banned = tuple(f"news_sentiment.{s}" for s in FORBIDDEN.get(own or "", ()))
    bad = sorted({f"line {line}: {mod}" for line, mod in imports(path) if within(mod, banned)})
    assert not bad, f"{module_name(path)} ({own}) imports a later stage: {bad}"


ANALYSIS = sorted((PACKAGE / "analysis").glob("*.py"))


@pytest.mark.parametrize("path", ANALYSIS, ids=lambda p: p.stem)
def test_analysis_does_no_io_and_parses_no_config(path):
    bad = sorted({f"line {line}: {mod}" for line, mod in imports(path) if within(mod, ANALYSIS_IO)})
    assert not bad, f"analysis.{path.stem} imports I/O or config parsing: {bad}"
    used = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Name) and node.id in ANALYSIS_IO_NAMES:
            used.add(f"line {node.lineno}: {node.id}")
        elif isinstance(node, ast.Attribute) and node.attr in ANALYSIS_IO_NAMES:
            used.add(f"line {node.lineno}: .{node.attr}")
        elif isinstance(node, ast.alias) and node.name in ANALYSIS_IO_NAMES:
            used.add(f"imports {node.name}")
    assert not used, f"analysis.{path.stem} reads or writes: {sorted(used)}"


# Reports and analysis read the store only through the store's read functions (store/read*.py and the other store
# modules): they run no SQL and use no database driver, so they never depend on table layouts.
DRIVERS = ("sqlite3", "psycopg", "psycopg2", "psycopg_pool")
SQL_CALLS = {"execute", "executemany", "executescript", "query", "raw", "read_sql", "read_sql_query", "read_frame"}
NO_SQL = sorted([*(PACKAGE / "reports").glob("*.py"), *ANALYSIS])


def sql_uses(path: Path, root: Path = PACKAGE) -> list[str]:
    """Imports of a database driver and calls of ``execute``/``query``/... (as a method or a name) in the file."""
    found = [f"line {line}: imports {mod}" for line, mod in imports(path, root) if within(mod, DRIVERS)]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            if name in SQL_CALLS:
                found.append(f"line {node.lineno}: calls {name}()")
    return sorted(set(found))


@pytest.mark.parametrize("path", NO_SQL, ids=lambda p: module_name(p))
def test_reports_and_analysis_run_no_sql(path):
    bad = sql_uses(path)
    assert not bad, f"{module_name(path)} queries the store itself (use a store read function): {bad}"


def test_the_store_loads_no_knowledge_base():
    """The KB is configuration: whoever runs a read (pipeline, API) loads it and passes it to the store."""
    used = sorted({f"store.{path.stem} line {node.lineno}" for path in sorted((PACKAGE / "store").glob("*.py"))
                   for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                   if isinstance(node, ast.Name) and node.id in ("load_kb", "lookup_kb")})
    assert not used, f"the store loads the knowledge base: {used}"


def _bad_module(tmp_path: Path, stage: str, code: str) -> Path:
    """``code`` as the module news_sentiment.<stage>.bad under ``tmp_path``."""
    pkg = tmp_path / "news_sentiment" / stage
    pkg.mkdir(parents=True)
    src = pkg / "bad.py"
    src.write_text(code)
    return src


def test_the_rule_catches_a_violation(tmp_path):
    """The checks above see relative, lazy and ``from package import module`` imports."""
    src = _bad_module(tmp_path, "analysis", "def f(db):\n    from ..store import read\n"
                      "    from news_sentiment import pipeline\n    import sqlite_utils\n"
                      "    return read, pipeline, sqlite_utils\n")
    found = [m for _, m in imports(src, tmp_path / "news_sentiment")]
    assert "news_sentiment.store" in found and "news_sentiment.store.read" in found
    assert "news_sentiment.pipeline" in found and "sqlite_utils" in found


def test_the_sql_rule_catches_a_violation(tmp_path):
    src = _bad_module(tmp_path, "reports", "import sqlite3\nfrom psycopg import sql\n\ndef f(db, frame):\n"
                      "    db.execute('SELECT 1')\n    return frame.query('x > 1'), sqlite3, sql\n")
    assert sql_uses(src, tmp_path / "news_sentiment") == [
        "line 1: imports sqlite3", "line 2: imports psycopg", "line 2: imports psycopg.sql",
        "line 5: calls execute()", "line 6: calls query()"]


def test_every_stage_is_known():
    """A new top-level module or package must be placed in the flow (a stage or a shared module)."""
    top = {p.stem if p.is_file() else p.name for p in PACKAGE.iterdir()
           if (p.suffix == ".py" or (p.is_dir() and (p / "__init__.py").exists()))}
    assert top - {"__init__", "__main__"} <= set(STAGES) | set(SHARED), sorted(top - set(STAGES) - set(SHARED))
