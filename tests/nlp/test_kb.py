from __future__ import annotations

from pathlib import Path

import pytest

from news_sentiment.errors import ConfigError
from news_sentiment.nlp.kb import load_kb, strip_legal


def test_default_kb_covers_required_entities():
    kb = load_kb()
    want = {
        "Apple": "AAPL", "Microsoft": "MSFT", "Nvidia": "NVDA", "Amazon": "AMZN", "Alphabet": "GOOGL",
        "Meta": "META", "Tesla": "TSLA", "Alibaba": "9988.HK", "Tencent": "0700.HK", "Xiaomi": "1810.HK",
        "BYD": "1211.HK", "SMIC": "0981.HK", "JD.com": "9618.HK", "NetEase": "9999.HK",
        "Nasdaq 100": "^NDX", "Hang Seng Tech Index": "HSTECH", "S&P 500": "^GSPC",
    }
    for name, ticker in want.items():
        ent = kb.lookup(name)
        assert ent is not None and ent.ticker == ticker, name
    mag7 = kb.lookup("Magnificent Seven")
    assert mag7.kind == "basket" and set(mag7.members) == {"Apple", "Microsoft", "Nvidia", "Amazon", "Alphabet",
                                                            "Meta", "Tesla"}
    titans = kb.lookup("7 titans")
    assert titans.sponsor == "Societe Generale" and len(titans.members) == 7
    for member in (*mag7.members, *titans.members):
        assert kb.lookup(member) is not None, member
    assert kb.lookup("SocGen").name == "Societe Generale"
    assert kb.lookup("Bloomberg").kind == "outlet"


def test_lookup_strips_legal_suffixes_and_accents():
    kb = load_kb()
    assert kb.lookup("Alibaba Group Holding Ltd.").name == "Alibaba"
    assert kb.lookup("Société Générale").name == "Societe Generale"
    assert strip_legal("Tencent Holdings Ltd.") == "Tencent"
    assert strip_legal("Northwind Growth Capital Fund , L.P.") == "Northwind Growth Capital Fund"


def test_version_changes_with_content(tmp_path: Path):
    (tmp_path / "a.yaml").write_text("entities:\n  - {name: Foo, kind: company, ticker: FOO}\n")
    v1 = load_kb(tmp_path).version
    (tmp_path / "a.yaml").write_text("entities:\n  - {name: Foo, kind: company, ticker: FOO2}\n")
    kb2 = load_kb(tmp_path)
    assert kb2.version != v1 and kb2.lookup("Foo").ticker == "FOO2"


@pytest.mark.parametrize("body,line,words", [
    ("entities:\n  - {name: Foo, kind: company}\n  - {name: Bar, kind: banana}\n", 3, "unknown kind 'banana'"),
    ("entities:\n  - name: Foo\n    kind: company\n    tikker: FOO\n", 4, "unknown key 'tikker'"),
    ("entities:\n  - {kind: company}\n", 2, "missing `name`"),
    ("entities:\n  - {name: Foo, kind: company\n", 3, "invalid YAML"),
    ("companies:\n  - {name: Foo, kind: company}\n", 1, "unknown top-level key"),
    ("entities:\n  - {name: Foo, kind: company}\n  - {name: Foo, kind: company}\n", 3, "duplicate entity id"),
    ("entities:\n  - {name: Foo, kind: company}\n  - {name: Bar, kind: company, fuzzy: maybe}\n", 3,
     "`fuzzy` must be true or false"),
])
def test_bad_file_names_file_and_line(tmp_path: Path, body, line, words):
    (tmp_path / "bad.yaml").write_text(body)
    with pytest.raises(ConfigError) as err:
        load_kb(tmp_path)
    assert f"bad.yaml:{line}" in str(err.value)
    assert words in str(err.value)


def test_missing_folder(tmp_path: Path):
    with pytest.raises(ConfigError, match="not found"):
        load_kb(tmp_path / "nope")


def test_fuzzy_false_entities_match_only_their_exact_forms(tmp_path: Path):
    from news_sentiment.nlp.entities import fuzzy_lookup

    (tmp_path / "a.yaml").write_text("entities:\n  - {name: Altria, kind: company, ticker: MO, fuzzy: false}\n"
                                     "  - {name: Marimekko, kind: company, ticker: MEKKO.HE}\n")
    kb = load_kb(tmp_path)
    assert kb.lookup("Altria").ticker == "MO" and not kb.get("altria").fuzzy and kb.get("marimekko").fuzzy
    assert fuzzy_lookup(kb, "Atria") is None  # a different company, one letter away
    assert fuzzy_lookup(kb, "Marimeko").ticker == "MEKKO.HE"


def test_initials_that_are_also_the_ticker_become_an_alias():
    from news_sentiment.nlp.kb import build_kb, name_initials
    from news_sentiment.nlp.records import KBEntity

    assert (name_initials("Harlow Valley Freight Inc."), name_initials("Bank of Quillon"),
            name_initials("eQuill Systems")) == ("HVF", "BQ", None)
    kb = build_kb([
        KBEntity(id="hvf", name="Harlow Valley Freight", kind="company", ticker="HVF"),      # initials = ticker
        KBEntity(id="tpl", name="Tarn Pike Lumber", kind="company", ticker="TPLX"),          # ticker differs
        KBEntity(id="ceo", name="Cobalt Energy Operations", kind="company", ticker="CEO"),   # a common acronym
        KBEntity(id="ab", name="Amber Bay", kind="company", ticker="AB"),                    # two letters
        KBEntity(id="mqr", name="Morrow Quay Resorts", kind="company", ticker="MQR.L"),      # exchange suffix
        KBEntity(id="mqr2", name="MQR", kind="organization"),                                # ... but taken
        KBEntity(id="ssi", name="Solent Sound Index", kind="index", ticker="SSI"),           # companies only
    ])
    assert kb.lookup("HVF").id == "hvf"
    assert kb.by_id["hvf"].aliases == ("HVF",)
    assert [kb.by_id[i].aliases for i in ("tpl", "ceo", "ab", "mqr", "ssi")] == [()] * 5
    assert kb.lookup("MQR").id == "mqr2"


def test_initials_aliases_match_only_in_capitals(extract):
    """'UPS' (United Parcel Service, ticker UPS) is the company; 'Ups' opening a sentence is a common word."""
    assert [(m.text, m.ticker) for m in extract("Analysts expect UPS to win new business from retailers.").mentions
            ] == [("UPS", "UPS")]
    assert [m.ticker for m in extract("Ups and downs marked the session for tech stocks.").mentions if m.ticker] == []


def test_index_codes_of_the_kb():
    """An index quoted under '^CODE' is known by CODE in context (four characters or more, no other name, not
    the first word of its own names); the code is no alias."""
    from news_sentiment.nlp.kb import build_kb, index_codes
    from news_sentiment.nlp.records import KBEntity

    kb = build_kb([
        KBEntity(id="qc", name="Quillon Composite", kind="index", ticker="^QXIC"),           # the code
        KBEntity(id="q50", name="Quillon 50", kind="index", ticker="^Q50"),                  # three characters
        KBEntity(id="tb", name="TBRX 600", kind="index", ticker="^TBRX"),                    # its own first word
        KBEntity(id="ks", name="Kestrel Index", kind="index", ticker="KS11.KS"),             # no '^'
        KBEntity(id="zm", name="Zorvo Markets", kind="company", ticker="^ZMKT"),             # indices only
        KBEntity(id="hx", name="Harbour Index", kind="index", ticker="^HRBX"),
        KBEntity(id="hx2", name="HRBX", kind="organization"),                                # ... but taken
    ])
    assert index_codes(kb) == {"QXIC": "qc"}
    assert kb.lookup("QXIC") is None


@pytest.mark.parametrize("name,bare", [
    ("Corvin & Co", "Corvin"), ("Marlowe and Co.", "Marlowe"),  # no '&' left dangling
    ("Harlan & Pryce", "Harlan & Pryce"), ("Harlan and Pryce Inc", "Harlan and Pryce"),  # a partnership's name
])
def test_strip_legal_leaves_no_dangling_ampersand(name, bare):
    assert strip_legal(name) == bare
