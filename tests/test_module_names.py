"""No module of the package binds a top-level name twice (an import, a constant, a function or a class): a second
binding silently replaces the first for every function of the module, as a second ``_PERIOD_CODE`` in
``nlp/entities.py`` once replaced the results-code pattern its earlier functions were written for."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "news_sentiment"


def _top_level_names(tree: ast.Module) -> Counter:
    names: Counter = Counter()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names[node.name] += 1
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            names[node.target.id] += 1
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names


def test_no_module_binds_a_top_level_name_twice():
    twice = {}
    for path in sorted(SRC.rglob("*.py")):
        counts = _top_level_names(ast.parse(path.read_text(encoding="utf-8")))
        found = sorted(name for name, n in counts.items() if n > 1)
        if found:
            twice[str(path.relative_to(SRC))] = found
    assert twice == {}


def test_the_check_sees_a_second_binding():
    tree = ast.parse("import re\nA = re.compile('x')\ndef f():\n    return A\nA = re.compile('y')\n")
    assert _top_level_names(tree)["A"] == 2
