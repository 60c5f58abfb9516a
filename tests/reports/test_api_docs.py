"""docs/api.md's examples run, in order, against a copy of the demo store at demo/demo.db."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def code_blocks(path: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.DOTALL)


def test_api_examples_run(demo_db_path, tmp_path, monkeypatch):
    from news_sentiment.store.db import open_db

    db = open_db(demo_db_path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    (tmp_path / "demo").mkdir()
    shutil.copy(demo_db_path, tmp_path / "demo" / "demo.db")
    monkeypatch.chdir(tmp_path)
    blocks = code_blocks(ROOT / "docs" / "api.md")
    assert len(blocks) >= 5
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "docs/api.md", "exec"), namespace)  # noqa: S102 - our own documentation
    assert len(namespace["arts"]) > 0 and len(namespace["claims"]) > 0 and len(namespace["daily"]) > 0
    assert not namespace["wide"].empty and len(namespace["weeks"]) > 0
