"""One look-up for every command (issue 11): a name, alias, ticker (any common form) or a company's short name
resolves the same way in `returns`, `claims --entity` and the others; an unknown name is a clear error with
"did you mean" suggestions. The knowledge base here is written for these tests (invented companies)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from news_sentiment.cli import cli
from news_sentiment.errors import InputError
from news_sentiment.nlp.kb import find_entity, resolve
from tests.conftest import use_test_kb

KB_YAML = """
entities:
  - {name: Kestrel Motors, kind: company, ticker: KSTM, aliases: [Kestrel Motor Company]}
  - {name: Orvane Travelers Companies, kind: company, ticker: OTC.B, fuzzy: false}
  - {name: Lumora, kind: company, ticker: 0777.HK}
  - {name: Lumora Index, kind: index, ticker: ^LUMX}
  - {name: Jane Vale, kind: person}
  - {name: Pair, kind: basket, members: [Kestrel Motors, Lumora]}
"""


@pytest.fixture
def kb(tmp_path, monkeypatch):
    return use_test_kb(tmp_path, monkeypatch, KB_YAML)


@pytest.mark.parametrize("query", [
    "Kestrel Motors", "kestrel motors", "Kestrel Motor Company", "Kestrel Motors Inc.", "the Kestrel Motors",
    "Kestrel Motors'", "KSTM", "kstm", "$KSTM", " KSTM ",
])
def test_names_aliases_and_tickers_resolve_to_one_entity(kb, query):
    assert find_entity(kb, query).name == "Kestrel Motors"


def test_ticker_forms_and_short_names(kb):
    assert find_entity(kb, "0777.hk").name == "Lumora"
    assert find_entity(kb, "OTC-B").name == find_entity(kb, "OTC.B").name == "Orvane Travelers Companies"
    assert find_entity(kb, "Orvane Travelers").name == "Orvane Travelers Companies"  # generic last word dropped
    assert find_entity(kb, "Kestrel") is None  # a first word alone is no name
    assert find_entity(kb, "") is None


def test_resolve_restricts_kinds_and_suggests(kb):
    assert resolve(kb, "^LUMX", ("index",)).name == "Lumora Index"
    with pytest.raises(InputError) as err:
        resolve(kb, "Kestrl Motors")
    assert "unknown entity 'Kestrl Motors'" in str(err.value)
    assert err.value.hint.startswith("Did you mean: Kestrel Motors (KSTM)")
    with pytest.raises(InputError) as err:
        resolve(kb, "Jane Vale", ("company", "index"))
    assert "a person" in str(err.value)


def test_returns_takes_a_name_alias_or_ticker_alike(tmp_path, kb, monkeypatch):
    prices = tmp_path / "p"
    prices.mkdir()
    (prices / "long.csv").write_text("date,ticker,close,currency\n2024-12-31,KSTM,100,\n2025-01-03,KSTM,110,\n")
    runner = CliRunner()
    assert runner.invoke(cli, ["prices", "import", str(prices)]).exit_code == 0
    outputs = []
    for query in ("Kestrel Motors", "KSTM", "$kstm", "Kestrel Motor Company"):
        res = runner.invoke(cli, ["returns", query, "--start", "2025-01-01", "--end", "2025-01-03", "--format",
                                  "json"])
        assert res.exit_code == 0, res.output
        outputs.append(json.loads(res.output))
    assert all(o == outputs[0] for o in outputs) and outputs[0][0]["return_pct"] == pytest.approx(10.0)
    res = runner.invoke(cli, ["returns", "Kestrl", "--start", "2025-01-01", "--end", "2025-01-03"])
    assert res.exit_code == 1 and "Did you mean: Kestrel Motors (KSTM)" in res.output
