"""Price import: every refused row named with its line and reason, tickers never invented, currencies per
instrument (file, then knowledge base, then ticker suffix, else unknown), date ranges checked."""

from __future__ import annotations

import json
import sys
import types
from datetime import date

import pandas as pd
import pytest
from click.testing import CliRunner

from news_sentiment.analysis.prices import Problem, kb_currencies, parse_day
from news_sentiment.cli import cli
from news_sentiment.errors import ConfigError, InputError
from news_sentiment.nlp.kb import load_kb, parse_kb_file
from news_sentiment.pipeline.prices import import_prices, read_price_file, subject_return
from tests.conftest import use_test_kb

pytestmark = pytest.mark.both_stores

KB_YAML = """
entities:
  - {name: Alpha, kind: company, ticker: AAA.HK}
  - {name: Beta, kind: company, ticker: BBB, exchange: NYSE}
  - {name: Tech Index, kind: index, ticker: TECHX, currency: HKD}
  - {name: Duo, kind: basket, members: [Alpha, Beta]}
"""

# line numbers count the header as line 1
BAD_FILE = """date,ticker,close
2025-01-02,BBB,10
2025-01-03,BBB,abc
2025-01-06,BBB,-5
2025-01-07,BBB,0
2025-02-30,BBB,11
03/05/2025,BBB,12
2025-01-08,,13
,BBB,14
2025-01-09,BBB,null
2099-01-01,BBB,9
2025-01-10,BBB,nan
2025-01-13 25:00:00,BBB,15
2025-01-14,BBB,16
"""
EXPECTED_REFUSED = [
    (3, Problem.BAD_CLOSE, "abc"),
    (4, Problem.NON_POSITIVE_CLOSE, "-5"),
    (5, Problem.NON_POSITIVE_CLOSE, "0"),
    (6, Problem.IMPOSSIBLE_DATE, "2025-02-30"),
    (7, Problem.BAD_DATE, "03/05/2025"),
    (8, Problem.NO_TICKER, ""),
    (9, Problem.NO_DATE, ""),
    (10, Problem.NO_CLOSE, "null"),
    (11, Problem.FUTURE_DATE, "2099-01-01"),
    (12, Problem.BAD_CLOSE, "nan"),
    (13, Problem.BAD_DATE, "2025-01-13 25:00:00"),
]


@pytest.fixture
def kb(tmp_path, monkeypatch):
    return use_test_kb(tmp_path, monkeypatch, KB_YAML)


def stored(db) -> list[tuple]:
    return db.execute("SELECT ticker, date, close, currency FROM prices ORDER BY ticker, date").fetchall()


def test_every_bad_row_is_refused_with_its_line_and_the_good_rows_are_stored(db, tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text(BAD_FILE)
    report = import_prices(db, path)
    assert [(r.line, r.problem, r.value) for r in report.refused] == EXPECTED_REFUSED
    assert all(r.file == str(path) for r in report.refused)
    assert (report.read, report.rows, report.inserted) == (13, 2, 2)
    assert stored(db) == [("BBB", "2025-01-02", 10.0, None), ("BBB", "2025-01-14", 16.0, None)]
    # the empty-ticker row was not stored under a ticker made from the file name
    assert db.execute("SELECT count(*) FROM prices WHERE ticker = 'MIXED'").fetchone()[0] == 0


def test_cli_lists_refusals_on_stderr_and_exits_0_when_something_was_stored(tmp_path, kb, monkeypatch):
    (tmp_path / "mixed.csv").write_text(BAD_FILE)
    result = CliRunner().invoke(cli, ["prices", "import", "mixed.csv"])
    assert result.exit_code == 0, result.output
    assert "13 rows read: 2 closes for 1 tickers" in result.stdout and "11 refused" in result.stdout
    assert "refused mixed.csv:3: close is not a number: 'abc'" in result.stderr
    assert "refused mixed.csv:4: close is not positive: '-5'" in result.stderr
    assert "refused mixed.csv:5: close is not positive: '0'" in result.stderr
    assert "refused mixed.csv:6: impossible date: '2025-02-30'" in result.stderr
    assert "refused mixed.csv:8: empty ticker: ''" in result.stderr
    assert "refused mixed.csv:13: date is not YYYY-MM-DD: '2025-01-13 25:00:00'" in result.stderr
    assert "Traceback" not in result.output and "format=" not in result.output  # no pandas advice
    listed = CliRunner().invoke(cli, ["prices", "list", "--format", "csv"])
    # BBB is a NYSE listing in the KB: USD
    assert listed.stdout.splitlines()[1:] == ["BBB,2025-01-02,2025-01-14,2,USD"]


def test_cli_json_lists_every_refusal(tmp_path, kb, monkeypatch):
    (tmp_path / "mixed.csv").write_text(BAD_FILE)
    result = CliRunner().invoke(cli, ["prices", "import", "mixed.csv", "--json"])
    data = json.loads(result.stdout)
    assert [(r["line"], r["problem"], r["value"]) for r in data["refused"]] == [
        (line, problem.value, value) for line, problem, value in EXPECTED_REFUSED]
    assert data["rows"] == 2 and result.stdout.endswith("\n")


def test_nothing_storable_exits_1_and_says_why(tmp_path, db_path, kb, monkeypatch):
    (tmp_path / "bad.csv").write_text("date,ticker,close\n2025-01-02,BBB,abc\n2025-01-03,BBB,-1\n")
    result = CliRunner().invoke(cli, ["prices", "import", "bad.csv", "--db", str(db_path)])
    assert result.exit_code == 1
    assert "refused bad.csv:2: close is not a number: 'abc'" in result.stderr
    assert "refused bad.csv:3: close is not positive: '-1'" in result.stderr
    assert "Error: no closes stored from bad.csv: 2 rows read, 2 refused" in result.stderr
    from news_sentiment.store.db import open_db

    assert open_db(db_path).execute("SELECT count(*) FROM prices").fetchone()[0] == 0


def test_ticker_from_the_file_name_only_without_a_ticker_column_and_said(tmp_path, kb, monkeypatch):
    (tmp_path / "TECHX.csv").write_text("Date,Open,High,Low,Close\n2025-01-02 00:00:00+08:00,1,1,1,5000\n")
    result = CliRunner().invoke(cli, ["prices", "import", "TECHX.csv"])
    assert result.exit_code == 0
    assert "ticker from the file name (no ticker column): TECHX.csv → TECHX" in result.stdout
    listed = CliRunner().invoke(cli, ["prices", "list", "--format", "csv"])
    assert listed.stdout.splitlines()[1:] == ["TECHX,2025-01-02,2025-01-02,1,HKD"]  # the KB's currency


def test_currency_file_then_kb_then_suffix_else_unknown(db, tmp_path, kb):
    path = tmp_path / "long.csv"
    path.write_text("date,ticker,close,currency\n"
                    "2025-01-02,TECHX,5000,\n"        # KB: HKD
                    "2025-01-02,AAA.HK,10,\n"         # suffix: HKD
                    "2025-01-02,ZZZ,7,\n"             # nowhere: unknown, not USD
                    "2025-01-02,CCC,3,eur\n"          # the file's own, upper-cased
                    "2025-01-02,IDX,900,index pts\n"  # not a currency: row kept, cell reported
                    "2025-01-03,BBB,4,\n"             # KB exchange NYSE: USD
                    "2025-01-06,BBB,5,CAD\n")         # the file wins over the KB
    report = import_prices(db, path, currencies=kb_currencies(kb))
    assert report.refused == [] and report.rows == 7
    assert [(r.line, r.problem, r.value) for r in report.currency_ignored] == [(6, Problem.NOT_A_CURRENCY, "index pts")]
    assert report.currency_unknown == ["IDX", "ZZZ"]
    got = {(t, d): cur for t, d, _, cur in stored(db)}
    assert got == {("TECHX", "2025-01-02"): "HKD", ("AAA.HK", "2025-01-02"): "HKD", ("ZZZ", "2025-01-02"): None,
                   ("CCC", "2025-01-02"): "EUR", ("IDX", "2025-01-02"): None,
                   ("BBB", "2025-01-03"): "CAD", ("BBB", "2025-01-06"): "CAD"}  # one currency per instrument


def test_reimport_corrects_a_wrong_stored_currency(db, tmp_path, kb):
    db.execute("INSERT INTO prices (ticker, date, close, currency, source) VALUES ('TECHX', '2025-01-02', 5000, 'USD', 'old')")
    (tmp_path / "TECHX.csv").write_text("Date,Close\n2025-01-02,5000\n")
    report = import_prices(db, tmp_path / "TECHX.csv", currencies=kb_currencies(kb))
    assert (report.updated, report.unchanged) == (1, 0)
    assert stored(db) == [("TECHX", "2025-01-02", 5000.0, "HKD")]
    again = import_prices(db, tmp_path / "TECHX.csv", currencies=kb_currencies(kb))
    assert (again.updated, again.unchanged) == (0, 1)


def test_shipped_kb_knows_the_currency_of_hang_seng_tech_and_us_listings():
    got = kb_currencies(load_kb())
    assert got["HSTECH"] == "HKD" and got["HSI"] == "HKD" and got["NDX"] == "USD" and got["N225"] == "JPY"
    assert got["9988.HK"] == "HKD" and got["AAPL"] == "USD" and got["7203.T"] == "JPY"
    assert "VIX" not in got  # a volatility index has no currency: none is invented


def test_kb_currency_must_be_a_code(tmp_path):
    with pytest.raises(ConfigError) as info:
        parse_kb_file("entities:\n  - {name: X, kind: index, ticker: X,\n     currency: dollars}\n", tmp_path / "kb.yaml")
    assert "kb.yaml:3" in str(info.value) and "`currency` must be an ISO 4217 code" in str(info.value)


@pytest.mark.parametrize("raw, expected", [
    ("2025-03-07", date(2025, 3, 7)),
    ("2024-06-03 00:00:00-04:00", date(2024, 6, 3)),  # exchange-local date kept
    ("2024-06-03T00:00:00+08:00", date(2024, 6, 3)),
    ("2025-03-07T10:00:00Z", date(2025, 3, 7)),
    ("", Problem.NO_DATE),
    ("2025-3-7", Problem.BAD_DATE),
    ("07.03.2025", Problem.BAD_DATE),
    ("20250307", Problem.BAD_DATE),
    ("2025-03-07 garbage", Problem.BAD_DATE),
    ("2025-13-01", Problem.IMPOSSIBLE_DATE),
    ("2025-03-08", Problem.FUTURE_DATE),
])
def test_parse_day(raw, expected):
    assert parse_day(raw, latest=date(2025, 3, 7)) == expected


def test_repeated_closes_keep_the_later_and_are_counted(db, tmp_path):
    (tmp_path / "a.csv").write_text("date,ticker,close\n2025-01-02,BBB,10\n")
    (tmp_path / "b.csv").write_text("date,ticker,close\n2025-01-02,BBB,11\n")
    report = import_prices(db, tmp_path)
    assert (report.read, report.rows, report.repeated) == (2, 1, 1)
    assert stored(db) == [("BBB", "2025-01-02", 11.0, None)]


def test_read_price_file_gives_the_problems_and_a_frame(tmp_path):
    (tmp_path / "x.csv").write_text("date,ticker,close\n2025-01-02,AAA.HK,1\n2025-01-03,AAA.HK,x\n")
    rows = read_price_file(tmp_path / "x.csv")
    assert rows.frame.to_dict("records") == [{"date": "2025-01-02", "ticker": "AAA.HK", "close": 1.0, "currency": "HKD"}]
    assert [str(r) for r in rows.refused] == [f"{tmp_path / 'x.csv'}:3: close is not a number: 'x'"]


# -- date ranges --------------------------------------------------------------------------------------

def test_returns_refuses_a_reversed_range(tmp_path, kb, monkeypatch):
    runner = CliRunner()
    (tmp_path / "p.csv").write_text("date,ticker,close\n2024-12-31,BBB,10\n2025-01-06,BBB,11\n")
    assert runner.invoke(cli, ["prices", "import", "p.csv"]).exit_code == 0
    result = runner.invoke(cli, ["returns", "Beta", "--start", "2025-03-07", "--end", "2025-01-01"])
    assert result.exit_code == 1
    assert "Error: empty period: --start 2025-03-07 is after --end 2025-01-01" in result.stderr
    assert "no prices" not in result.output
    one_day = runner.invoke(cli, ["returns", "Beta", "--start", "2025-01-06", "--end", "2025-01-06", "--format", "json"])
    assert one_day.exit_code == 0 and json.loads(one_day.stdout)[0]["return_pct"] == pytest.approx(10.0)


def test_subject_return_raises_on_a_reversed_range(db, kb):
    with pytest.raises(InputError, match="--start 2025-03-07 is after --end 2025-01-01"):
        subject_return(db, "Duo", date(2025, 3, 7), date(2025, 1, 1), kb=kb)


def test_prices_fetch_refuses_a_reversed_range_before_downloading(monkeypatch, kb):
    calls = []
    fake = types.SimpleNamespace(Ticker=lambda t: calls.append(t))
    monkeypatch.setitem(sys.modules, "yfinance", fake)
    result = CliRunner().invoke(cli, ["prices", "fetch", "BBB", "--start", "2025-03-07", "--end", "2025-01-01"])
    assert result.exit_code == 1 and "--start 2025-03-07 is after --end 2025-01-01" in result.stderr
    assert calls == []
    late = CliRunner().invoke(cli, ["prices", "fetch", "BBB", "--start", "2999-01-01"])  # after today, the default end
    assert late.exit_code == 1 and "--start 2999-01-01 is after --end" in late.stderr and calls == []


def test_prices_fetch_stores_yahoo_currency_and_leaves_out_bad_closes(db_path, monkeypatch, kb):

    class FakeTicker:
        def __init__(self, ticker):
            self.ticker, self.history_metadata = ticker, {"currency": "HKD"} if ticker == "TECHX" else {}

        def history(self, **_):
            idx = pd.DatetimeIndex(["2025-01-02", "2025-01-03", "2025-01-06"], tz="Asia/Hong_Kong")
            return pd.DataFrame({"Close": [100.0, float("nan"), -1.0]}, index=idx)

    monkeypatch.setitem(sys.modules, "yfinance", types.SimpleNamespace(Ticker=FakeTicker))
    result = CliRunner().invoke(cli, ["prices", "fetch", "TECHX", "AAA.HK", "BBB", "--start", "2025-01-01",
                                      "--end", "2025-01-10", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert "3 closes for 3 tickers" in result.stdout and "6 days without a positive close left out" in result.stdout
    from news_sentiment.store.db import open_db

    assert stored(open_db(db_path)) == [("AAA.HK", "2025-01-02", 100.0, "HKD"), ("BBB", "2025-01-02", 100.0, "USD"),
                                        ("TECHX", "2025-01-02", 100.0, "HKD")]
