"""Synthetic news corpora and return series with planted structure (no network, seeded)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import numpy as np
import pandas as pd

WORDS = (
    "market stocks investors shares index trading session analysts company bank fund report quarter sector "
    "price demand supply outlook growth risk rally decline gains losses volume dealers exchange listing "
    "futures options bonds credit equity portfolio strategy manager client retail consumer industrial "
    "energy utilities property insurer lender broker regulator filing board chairman executive revenue "
    "margin dividend buyback payout spending budget forecast survey data release meeting statement "
    "official ministry agency province city region europe asia america japan korea india brazil mexico "
    "canada australia germany france britain italy spain airline shipping railway retailer grocer "
    "pharmaceutical hospital school university software hardware telecom cable media studio game "
    "football weather harvest coffee sugar cotton wheat cattle timber steel cement glass paper plastic "
    "fashion luxury hotel casino tourism travel cruise festival concert museum gallery library theatre"
).split()

STORY = (
    "Lithium prices slumped again as the battery glut deepened across the supply chain.",
    "Cathode makers cut output because the battery glut left warehouses full of lithium.",
    "Analysts say the battery glut will keep lithium miners under pressure for months.",
    "Gigafactory expansion plans were shelved as lithium inventories kept swelling.",
    "The lithium rout hit cathode suppliers and gigafactory builders alike.",
)

START = datetime(2025, 1, 6, 9, tzinfo=timezone.utc)  # Monday of 2025-W02


def filler(rng: np.random.Generator, n: int = 10) -> str:
    return " ".join(rng.choice(WORDS, n)).capitalize() + "."


def corpus(weeks: int = 10, per_week: int = 60, story: dict[int, float] | None = None,
           tariff: dict[int, float] | None = None, seed: int = 0) -> pd.DataFrame:
    """Articles over ``weeks`` ISO weeks from 2025-W02. ``story``/``tariff``: week offset -> share of that
    week's articles telling the planted battery-glut storyline / mentioning tariffs."""
    rng = np.random.default_rng(seed)
    rows, aid = [], 0
    for w in range(weeks):
        for i in range(per_week):
            aid += 1
            sents = [filler(rng) for _ in range(5)]
            title = filler(rng, 6)
            told = rng.random() < (story or {}).get(w, 0.0)
            if told:
                picks = rng.choice(len(STORY), 3, replace=False)
                sents[:3] = [STORY[p] for p in picks]
                title = "Battery glut drags lithium lower"
            if not told and rng.random() < (tariff or {}).get(w, 0.0):
                sents[4] = "Washington announced new tariffs on imported goods, raising fears of a trade war."
            published = START + timedelta(days=7 * w + float(rng.uniform(0, 6.5)))
            rows.append({"article_id": aid, "title": title, "text": " ".join(sents),
                         "published": published.isoformat()})
    return pd.DataFrame(rows)


def iso(w: int) -> str:
    """ISO week string of week offset w from 2025-W02 (crosses years correctly)."""
    d = (START + timedelta(days=7 * w)).isocalendar()
    return f"{d.year}-W{d.week:02d}"
