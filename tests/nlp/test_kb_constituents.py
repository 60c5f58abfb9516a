"""The generated index-constituents KB (models/kb/constituents.yaml) and the rules that build it.

The rules are tested on hand-made records with injected word tests, so neither pytickersymbols nor
wordfreq is needed here; the shipped file is checked as the extractor loads it.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from news_sentiment.kb_build import (
    OUTPUT_NAME,
    Listing,
    WordTests,
    build_constituents,
    clean_name,
    hand_written_kb,
    legal_variants,
    render,
    short_form,
)
from news_sentiment.nlp.kb import build_kb, fold, is_common_acronym, load_kb, parse_kb_file

KB_DIR = Path(__file__).resolve().parents[2] / "models" / "kb"

# Injected word tests: 'frequent' and 'dictionary' stand in for wordfreq and the spaCy lexicon.
FREQUENT = {"target", "ball", "mexican", "grill", "corporation", "airlines", "africa", "electric", "motors",
            "construction", "machinery", "robinson", "pacific", "realty", "income", "energy", "smith",
            "international", "services", "rubber", "abbott", "laboratories", "famous", "us"}
DICTIONARY = FREQUENT - {"abbott", "robinson", "famous"} | {"chipotle"}
WORDS = WordTests(frequent=lambda w: w.lower() in FREQUENT, in_dictionary=lambda w: w.lower() in DICTIONARY)

HAND_WRITTEN = """
entities:
  - {name: Dow Jones Industrial Average, kind: index, ticker: ^DJI, aliases: [Dow, DJIA]}
  - {name: Nasdaq 100, kind: index, ticker: ^NDX}
  - {name: Apple, kind: company, ticker: AAPL, aliases: [Apple Inc]}
  - {name: Goldman Sachs, kind: organization, ticker: GS, aliases: [Goldman]}
  - {name: Yokohama, kind: place}
  - {name: United States, kind: place, aliases: [US, U.S.]}
"""


def _kb():
    return build_kb(parse_kb_file(HAND_WRITTEN, Path("hand.yaml")), "test")


def _us(name, symbol, **kw):
    return Listing(name=name, symbol=symbol, index="S&P 500", exchange=kw.pop("exchange", "NYSE"), **kw)


def _build(listings):
    entities, stats = build_constituents(listings, _kb(), WORDS)
    return {e["name"]: e for e in entities}, stats


# ----------------------------------------------------------------------------- name rules
@pytest.mark.parametrize("raw,clean", [
    ("Charles Schwab Corporation", "Charles Schwab"),
    ("Arthur J. Gallagher & Co.", "Arthur J. Gallagher"),
    ("The Walt Disney Company", "Walt Disney"),
    ("Block, Inc.", "Block"),
    ("PTC (software company)", "PTC"),
    ("Carnival Corporation & plc", "Carnival"),
])
def test_clean_name_strips_legal_forms(raw, clean):
    assert clean_name(raw) == clean


def test_short_form_drops_trailing_common_words_only():
    assert short_form("Chipotle Mexican Grill", WORDS) == "Chipotle"
    assert short_form("Charles Schwab", WORDS) is None  # nothing ordinary at the end
    assert short_form("C.H. Robinson", WORDS) is None  # initials are not a name
    assert legal_variants("Target Corporation") == ["Target Corporation", "Target Corp.", "Target Corp"]
    assert legal_variants("Charles Schwab") == []


def test_names_aliases_and_tickers():
    got, _ = _build([
        _us("Chipotle Mexican Grill", "CMG"),
        _us("Charles Schwab Corporation", "SCHW"),
        _us("Berkshire Hathaway", "BRK.B"),
        Listing(name="Kobe Steel", symbol="5406.T", index="NIKKEI 225"),
        Listing(name="Crédit Agricole", symbol="ACA.PA", index="CAC_40"),
    ])
    assert got["Chipotle Mexican Grill"] == {"name": "Chipotle Mexican Grill", "kind": "company", "ticker": "CMG",
                                             "fuzzy": False, "exchange": "NYSE", "aliases": ["Chipotle"]}
    assert got["Charles Schwab"]["aliases"] == ["Charles Schwab Corporation"]
    assert got["Berkshire Hathaway"]["ticker"] == "BRK-B"  # class shares as Yahoo writes them
    assert (got["Kobe Steel"]["ticker"], got["Kobe Steel"]["exchange"]) == ("5406.T", "TSE")
    assert got["Crédit Agricole"]["aliases"] == ["Credit Agricole"]


def test_common_words_never_become_one_word_aliases():
    got, stats = _build([_us("Target Corporation", "TGT"), _us("Ball", "BALL"),
                         _us("Abbott Laboratories", "ABT")])
    target = got["Target Corporation"]
    assert "Target" not in target.get("aliases", []) and "Target Corp." in target["aliases"]
    assert "Ball" not in got and "Ball [BALL]" in stats.no_name  # nothing distinctive left
    assert "Abbott" not in got["Abbott Laboratories"].get("aliases", [])  # a frequent surname as short form


def test_hand_written_entities_win():
    got, stats = _build([
        _us("Apple Inc.", "AAPL"),  # same ticker and name
        _us("Goldman Sachs Group", "GSX"),  # same name once 'Group' is stripped
        _us("Dow Chemical Company", "DOW"),  # 'Dow' is the index's alias: never repeated
        _us("Nasdaq, Inc.", "NDAQ"),  # 'Nasdaq' would swallow 'Nasdaq 100'
    ])
    assert set(got) == {"Dow Chemical", "Nasdaq, Inc."}
    assert len(stats.duplicates) == 2
    assert "Dow" not in got["Dow Chemical"].get("aliases", [])
    assert "Nasdaq" not in got["Nasdaq, Inc."].get("aliases", []) and "Nasdaq Inc." in got["Nasdaq, Inc."]["aliases"]


def test_shared_short_forms_places_regions_and_acronyms():
    jp = "NIKKEI 225"
    got, _ = _build([
        Listing(name="Famous Electric", symbol="6503.T", index=jp),
        Listing(name="Famous Motors", symbol="7211.T", index=jp),  # 'Famous' claimed twice: nobody gets it
        Listing(name="Hitachi", symbol="6501.T", index=jp),
        Listing(name="Hitachi Construction Machinery", symbol="6305.T", index=jp),  # the name beats a short form
        Listing(name="Yokohama Rubber", symbol="5101.T", index=jp),  # a place
        Listing(name="Airtel Africa", symbol="AAF.L", index="FTSE 100"),  # a regional arm of a wider group
        _us("T-Mobile US", "TMUS", places=("Bellevue, Washington, U.S.",)),  # 'US' is its home
        _us("GE Energy", "GEE"),  # 2 letters
        _us("Realty Income", "O"), _us("Kimco Realty", "KIM"),  # 'Realty' is a word of another name
    ])
    assert "aliases" not in got["Famous Electric"] and "aliases" not in got["Famous Motors"]
    assert "aliases" not in got["Hitachi Construction Machinery"] and "Hitachi" in got
    assert "aliases" not in got["Yokohama Rubber"]
    assert "aliases" not in got["Airtel Africa"]
    assert got["T-Mobile US"]["aliases"] == ["T-Mobile"]
    assert "aliases" not in got["GE Energy"] and "aliases" not in got["Realty Income"]


def test_inconsistent_source_rows_are_skipped():
    got, stats = _build([_us("Arthur J. Gallagher & Co.", "AIZ", title="Assurant"),
                         _us("Banco Bilbao Vizcaya Argentaria", "BBVA", title="BBVA")])
    assert list(got) == ["Banco Bilbao Vizcaya Argentaria"]
    assert stats.inconsistent == ["Arthur J. Gallagher & Co. [AIZ]"]


def test_rendered_yaml_loads_and_is_deterministic():
    listings = [_us("Chipotle Mexican Grill", "CMG"), _us("Zeta Widgets Inc.", "ZW"), _us("Alpha Gadgets", "AG")]
    a = render(build_constituents(listings, _kb(), WORDS)[0], ["generated"])
    b = render(build_constituents(list(reversed(listings)), _kb(), WORDS)[0], ["generated"])
    assert a == b and a.startswith("# generated\nentities:\n")
    names = [e.name for e in parse_kb_file(a, Path(OUTPUT_NAME))]
    assert names == sorted(names, key=fold)


# ----------------------------------------------------------------------------- the shipped file
@pytest.fixture(scope="module")
def shipped():
    kb = load_kb(KB_DIR)
    generated = [e for e in kb.entities if e.source.startswith(OUTPUT_NAME + ":")]
    return kb, generated


def test_shipped_file_is_generated_with_attribution():
    head = (KB_DIR / OUTPUT_NAME).read_text(encoding="utf-8").split("entities:", 1)[0]
    assert "GENERATED" in head and "python -m news_sentiment.kb_build" in head
    assert re.search(r"pytickersymbols \d+\.\d+", head) and "MIT License" in head


def test_shipped_kb_loads_with_constituents_and_leaves_hand_written_unchanged(shipped):
    kb, generated = shipped
    assert len(generated) > 500 and all(e.kind == "company" and e.ticker for e in generated)
    hand = hand_written_kb(KB_DIR)
    for ent in hand.entities:  # every hand-written entity is there, identical, and keeps its names
        assert kb.get(ent.id) == ent
        for alias in (ent.name, *ent.aliases):
            owner = kb.by_alias[fold(alias)]
            assert owner == hand.by_alias[fold(alias)], alias
    assert {e.ticker for e in generated}.isdisjoint({e.ticker for e in hand.entities if e.ticker})


def test_shipped_constituent_aliases_are_safe(shipped):
    kb, generated = shipped
    seen: dict[str, str] = {}
    common = {"Target", "Block", "Ball", "Fox", "Match", "Best", "Visa", "Next", "Sage", "Pool", "Carrier",
              "Progressive", "Global Payments Inc", "Dow", "Nasdaq", "Realty", "Airtel", "Lam"}
    for ent in generated:
        for form in dict.fromkeys((ent.name, *ent.aliases)):
            key = fold(form)
            assert kb.by_alias[key] == ent.id, (form, kb.by_alias[key])  # nobody else's name or alias
            assert seen.setdefault(key, ent.id) == ent.id, form
            assert len(form) > 2 and not is_common_acronym(form), form
            assert form not in common, form
    assert len(kb.by_id) == len(kb.entities)  # ids unique (the loader raises otherwise)


@pytest.mark.parametrize("text,surface,ticker", [
    ("Chipotle reported a 5% rise in same-store sales on Tuesday.", "Chipotle", "CMG"),
    ("Charles Schwab said client assets rose 2% in March.", "Charles Schwab", "SCHW"),
    ("Shares of Occidental Petroleum fell 3% after the results.", "Occidental Petroleum", "OXY"),
    ("Target Corp. cut its outlook and the shares fell 4%.", "Target Corp.", "TGT"),
    ("T-Mobile added 1.1 million customers in the quarter.", "T-Mobile", "TMUS"),
    ("Sherwin-Williams and Lennox both fell 2% on Friday.", "Lennox", "LII"),
])
def test_constituents_link_to_tickers(extract, text, surface, ticker):
    found = {m.text: (m.kind, m.ticker) for m in extract(text).mentions}
    assert found.get(surface) == ("company", ticker), found


def test_a_generated_one_word_name_inside_a_persons_name_is_a_surname(extract):
    """'Eaton' is a listed company and a surname: NER's longer person wins, the bare name still links."""
    judge = {m.text: (m.kind, m.ticker) for m in
             extract("Judge Richard Eaton of the Court of International Trade ruled on Friday.").mentions}
    assert judge.get("Richard Eaton") == ("person", None), judge
    company = {m.text: (m.kind, m.ticker) for m in extract("Eaton raised its outlook and shares rose 3%.").mentions}
    assert company.get("Eaton") == ("company", "ETN"), company


def test_ordinary_capitalised_words_stay_unlinked(extract):
    text = "Target dates slipped. Block by block, the Best of the Match went to the Ball team, Next year."
    tickers = {m.ticker for m in extract(text).mentions if m.ticker}
    assert not tickers & {"TGT", "XYZ", "BBY", "MTCH", "BALL", "NXT.L"}, tickers


@pytest.mark.skipif(not (importlib.util.find_spec("pytickersymbols") and importlib.util.find_spec("wordfreq")),
                    reason="build-time dependencies (extra `kb`) not installed")
def test_shipped_file_is_up_to_date():
    from importlib.metadata import version

    from news_sentiment.kb_build import generate

    head = (KB_DIR / OUTPUT_NAME).read_text(encoding="utf-8").split("entities:", 1)[0]
    if f"pytickersymbols {version('pytickersymbols')}," not in head or f"wordfreq {version('wordfreq')} " not in head:
        pytest.skip("installed build-time packages differ from the ones the file was generated with")
    text, _ = generate(KB_DIR)
    assert text == (KB_DIR / OUTPUT_NAME).read_text(encoding="utf-8"), "run python -m news_sentiment.kb_build"
