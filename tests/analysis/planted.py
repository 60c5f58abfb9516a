"""Twelve weeks of noisy synthetic news with eight planted storylines (some fading, some new), seeded.

Every storyline has its own actors and vocabulary; each of its articles draws three of its sentences with varied
names and numbers, a headline from its own headline forms, and one unrelated filler sentence. Noise articles mix
sentences from many unrelated topics, so they share no storyline. Every weekday also brings a recurring
"Stocks making the biggest moves" list (a headline template with different companies each day) and every article
ends with the same newsletter line (feed furniture): neither may become a storyline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import numpy as np
import pandas as pd

START = datetime(2025, 3, 3, 8, tzinfo=timezone.utc)  # Monday of 2025-W10
WEEKS = 12
FURNITURE = "Sign up for our daily markets newsletter to get these stories in your inbox."


@dataclass(frozen=True)
class Story:
    name: str
    weeks: range
    headlines: tuple[str, ...]
    sentences: tuple[str, ...]


STORIES = (
    Story("lithium glut", range(0, 12),
          ("{co} slides as battery metal glut drags lithium lower", "{co} cuts lithium output as prices slump",
           "{co} and other lithium miners retreat as oversupply persists", "{co} idles mine after lithium rout"),
          ("Lithium carbonate prices fell {n}% as the battery metal glut deepened.",
           "{co} said it would idle a spodumene mine because lithium is too cheap to dig up.",
           "Cathode makers are sitting on months of unsold lithium inventory.",
           "Analysts expect the lithium oversupply to last until gigafactories catch up.",
           "Shares of lithium miner {co} dropped {n}% after it cut its output target.")),
    Story("red sea shipping", range(0, 12),
          ("{co} reroutes container ships around the Cape as Red Sea attacks go on",
           "{co} warns of longer voyages", "{co} freight costs jump on Red Sea detours",
           "{co} adds ships to cope with Cape diversions"),
          ("Container ships are sailing around the Cape of Good Hope to avoid attacks in the Red Sea.",
           "Freight rates from Shanghai to Rotterdam rose {n}% this week.",
           "{co} said the detour adds ten days to each voyage between Asia and Europe.",
           "Insurers raised war-risk premiums for vessels crossing the Bab el-Mandeb strait.",
           "Retailers warn that delayed shipments could leave shelves short of goods.")),
    Story("cocoa squeeze", range(0, 6),
          ("{co} says cocoa hits record as West African harvest fails",
           "{co} raises chocolate prices on cocoa squeeze", "{co} warns cocoa costs will hit margins",
           "{co} grinders squeezed by cocoa rally"),
          ("Cocoa futures climbed {n}% after poor harvests in Ivory Coast and Ghana.",
           "{co} said it would raise chocolate prices to cover the cost of cocoa beans.",
           "Grinders processed less cocoa as bean supplies dried up.",
           "Black pod disease and dry weather cut the West African cocoa crop.",
           "Confectioners are shrinking chocolate bars to cope with expensive cocoa.")),
    Story("bird flu eggs", range(0, 8),
          ("{co} sees egg prices soar as bird flu culls hens", "{co} rations eggs after avian flu outbreak",
           "{co} farms hit as bird flu spreads", "{co} pays record price for eggs"),
          ("Avian influenza forced farmers to cull millions of laying hens.",
           "Wholesale egg prices jumped {n}% as the bird flu outbreak spread to more farms.",
           "{co} limited shoppers to two cartons of eggs each.",
           "Poultry farms in Iowa reported new cases of highly pathogenic bird flu.",
           "Bakeries say the egg shortage is squeezing their margins.")),
    Story("office distress", range(0, 12),
          ("{co} says empty offices weigh on regional lenders", "{co} marks down office loans",
           "{co} sells office tower at a steep discount", "{co} takes hit on commercial property"),
          ("Vacancy rates in downtown office towers reached {n}% as remote work persisted.",
           "{co} set aside more money for losses on commercial real estate loans.",
           "Landlords are handing back the keys to half-empty office buildings.",
           "Regional banks hold a large share of loans on struggling office properties.",
           "Appraisers cut the value of a Manhattan office tower by {n}%.")),
    Story("weight-loss drugs", range(4, 12),
          ("{co} slides as weight-loss drugs curb appetites", "{co} sees GLP-1 effect on sales",
           "{co} says obesity drugs reshape grocery baskets", "{co} shrinks portions for GLP-1 users"),
          ("Patients taking GLP-1 weight-loss injections are buying fewer snacks.",
           "Shares of snack maker {co} fell {n}% on fears that obesity drugs will curb demand.",
           "Supplies of the weight-loss injection remain tight as demand soars.",
           "Food companies are launching smaller portions for people on appetite-suppressing drugs.",
           "Analysts cut sales forecasts for confectioners because of obesity medication.")),
    Story("engine groundings", range(6, 12),
          ("{co} grounds jets over engine flaw", "{co} cancels flights as engines need inspection",
           "{co} says engine defect keeps planes on the ground", "{co} leases spare engines amid groundings"),
          ("Airlines grounded dozens of jets after a powder-metal defect was found in engine parts.",
           "{co} cancelled {n} flights because its planes await engine inspections.",
           "The engine maker said inspections of turbine discs would take months.",
           "Leasing rates for spare engines have doubled since the groundings began.",
           "Regulators ordered checks on geared turbofan engines across the fleet.")),
    Story("drought rationing", range(3, 12),
          ("{co} rations water supply as drought deepens", "{co} imposes hosepipe ban",
           "{co} says reservoirs shrink as drought drags on", "{co} plans desalination plant"),
          ("Reservoirs fell to {n}% of capacity after the driest spring on record.",
           "{co} banned garden sprinklers and car washing to save water.",
           "Farmers face cuts to irrigation allocations as rivers run low.",
           "The water utility plans emergency desalination plants to cope with the drought.",
           "Households were asked to cut water use by a fifth during the drought.")),
)

NOISE = (
    "The museum reopened its east wing after a two-year renovation.", "A new bakery chain opened in Leeds.",
    "The football club signed a striker on a three-year contract.", "Wheat harvests in Kansas met expectations.",
    "The city council approved a new bicycle lane on Main Street.", "A software firm released a password manager.",
    "The cruise operator added a route to Norway.", "Cinema attendance rose during the school holidays.",
    "A hotel group named a new chief financial officer.", "The university opened a robotics laboratory.",
    "A toy maker recalled a plastic train set.", "Coffee shops reported busy weekend trade.",
    "The railway timetable changes on Sunday.", "A fashion label showed its autumn collection in Milan.",
    "The insurer settled claims from a hailstorm.", "A cement plant switched to a cleaner kiln.",
    "Timber prices were little changed in the Nordic market.", "The casino operator refurbished its lobby.",
    "A telecom company expanded rural broadband.", "The theatre sold out its winter season.",
    "A pharmacy chain extended opening hours.", "A glassmaker upgraded its furnace.",
    "The zoo welcomed a pair of red pandas.", "The paper mill hired forty new workers.",
    "A game studio delayed its fantasy sequel.", "The airline opened a lounge in Lisbon.",
    "Cattle auctions drew more buyers than last month.", "A luxury brand opened a store in Seoul.",
    "Cotton exports from Egypt rose slightly.", "A media group sold a regional radio station.",
)
COMPANIES = ("Altara", "Brenvik", "Castello", "Dorrance", "Elmhurst", "Fairmont", "Greywater", "Halvorsen",
             "Istra", "Jandor", "Kestrel", "Lumina", "Marrow", "Norcastle", "Ostrava", "Pellucid")
LIST_TITLE = "Stocks making the biggest moves midday: {a}, {b}, {c} and more"


def _text(sentences: list[str]) -> str:
    return " ".join(sentences + [FURNITURE])


def articles(per_story: int = 8, noise: int = 40, seed: int = 0) -> pd.DataFrame:
    """Columns article_id, title, text, published, story (None for noise and lists)."""
    rng = np.random.default_rng(seed)
    rows = []

    def add(title: str, sents: list[str], w: int, story: str | None) -> None:
        day = START + timedelta(days=7 * w + float(rng.uniform(0, 4.9)))
        rows.append({"article_id": len(rows) + 1, "title": title, "text": _text(sents),
                     "published": day.isoformat(), "story": story})

    def fill(s: str) -> str:
        return s.format(co=rng.choice(COMPANIES), n=int(rng.integers(3, 40)))

    for w in range(WEEKS):
        for st in STORIES:
            if w in st.weeks:
                for _ in range(per_story + int(rng.integers(-2, 3))):
                    picks = rng.choice(len(st.sentences), 3, replace=False)
                    sents = [fill(st.sentences[p]) for p in picks] + [str(rng.choice(NOISE))]
                    add(fill(str(rng.choice(st.headlines))), sents, w, st.name)
        for _ in range(noise):
            add(str(rng.choice(NOISE)).rstrip("."), [str(s) for s in rng.choice(NOISE, 3, replace=False)], w, None)
        for d in range(5):  # the daily movers list: a template headline
            a, b, c = rng.choice(COMPANIES, 3, replace=False)
            day = START + timedelta(days=7 * w + d, hours=4)
            rows.append({"article_id": len(rows) + 1, "title": LIST_TITLE.format(a=a, b=b, c=c),
                         "text": _text([f"Shares of {x} moved {int(rng.integers(2, 15))}% in midday trading."
                                             for x in (a, b, c)]), "published": day.isoformat(), "story": None})
    return pd.DataFrame(rows)


def iso(w: int) -> str:
    d = (START + timedelta(days=7 * w)).isocalendar()
    return f"{d.year}-W{d.week:02d}"
