"""Price import, calendar-aware returns, baskets — on small price files written here."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from click.testing import CliRunner

from news_sentiment.analysis.prices import (
    Basket,
    PriceBook,
    basket_return,
    norm_ticker,
    performance,
    resolve_basket_or_index,
)
from news_sentiment.cli import cli
from news_sentiment.errors import InputError
from news_sentiment.nlp.kb import build_kb, parse_kb_file
from news_sentiment.pipeline.prices import import_prices, read_price_file, weekly_basket_returns
from tests.conftest import use_test_kb

pytestmark = pytest.mark.both_stores

KB_YAML = """
entities:
  - {name: Alpha, kind: company, ticker: AAA.HK}
  - {name: Beta, kind: company, ticker: BBB}
  - {name: Gamma, kind: company, ticker: CCC}
  - {name: Test Index, kind: index, ticker: ^TIX}
  - {name: Duo, kind: basket, members: [Alpha, Beta]}
  - {name: Trio, kind: basket, members: [Alpha, Beta, Gamma]}
"""


@pytest.fixture
def kb(tmp_path, monkeypatch):
    return use_test_kb(tmp_path, monkeypatch, KB_YAML)


def write_prices(folder):
    folder.mkdir(exist_ok=True)
    # long layout; 2025-01-01 is a holiday, 2024-12-31 the last close of the year
    rows = ["date,ticker,close,currency"]
    closes = {"AAA.HK": [100, 110, 121, 132], "BBB": [50, 45, 40, 60], "^TIX": [1000, 1010, 990, 1100]}
    days = ["2024-12-31", "2025-01-02", "2025-01-03", "2025-01-06"]
    for t, series in closes.items():
        rows += [f"{d},{t},{c}," for d, c in zip(days, series)]
    (folder / "long.csv").write_text("\n".join(rows) + "\n")
    # per-ticker OHLC layout with exchange offsets, ticker from the file name
    (folder / "CCC.csv").write_text("Date,Open,High,Low,Close,Volume\n"
                                    "2024-12-31 00:00:00-05:00,1,1,1,20,5\n2025-01-06 00:00:00-05:00,1,1,1,25,5\n")
    return folder


def test_read_layouts_and_normalise(tmp_path):
    folder = write_prices(tmp_path / "p")
    long = read_price_file(folder / "long.csv").frame
    assert set(long["ticker"]) == {"AAA.HK", "BBB", "TIX"}
    assert long.loc[long["ticker"] == "AAA.HK", "currency"].iloc[0] == "HKD"
    per = read_price_file(folder / "CCC.csv").frame
    assert per["date"].tolist() == ["2024-12-31", "2025-01-06"] and per["close"].tolist() == [20.0, 25.0]
    assert norm_ticker("^ndx") == "NDX"


def test_bad_price_file(tmp_path):
    (tmp_path / "x.csv").write_text("when,price\n2025-01-01,3\n")
    with pytest.raises(InputError, match="no date/close columns"):
        read_price_file(tmp_path / "x.csv")


def test_import_is_idempotent(db, tmp_path):
    folder = write_prices(tmp_path / "p")
    first = import_prices(db, folder)
    assert (first.inserted, first.updated) == (14, 0)
    again = import_prices(db, folder)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 14)
    assert db.execute("SELECT count(*) FROM prices").fetchone()[0] == 14


def test_calendar_aware_returns(tmp_path):
    book = PriceBook(read_price_file(write_prices(tmp_path / "p") / "long.csv").frame)
    # YTD to a Sunday: last close on or before each end (Dec 31 → Jan 3)
    ytd = book.period_return("AAA.HK", date(2025, 1, 1), date(2025, 1, 5))
    assert ytd.base.date == date(2024, 12, 31) and ytd.last.date == date(2025, 1, 3)
    assert ytd.value == pytest.approx(0.21)
    day = book.period_return("^TIX", date(2025, 1, 6), date(2025, 1, 6))
    assert day.value == pytest.approx(1100 / 990 - 1) and day.change == pytest.approx(110)
    assert book.period_return("BBB", date(2024, 1, 1), date(2024, 6, 1)) is None  # before any price


def test_basket_return_equal_weight_and_coverage(tmp_path):
    book = PriceBook(read_price_file(write_prices(tmp_path / "p") / "long.csv").frame)
    trio = Basket("Trio", ("AAA.HK", "BBB", "CCC"), (1 / 3,) * 3)
    r = basket_return(book, trio, date(2025, 1, 1), date(2025, 1, 6))
    assert r.value == pytest.approx((0.32 + 0.2) / 2)  # CCC has no prices in this book: renormalised
    assert r.covered == ("AAA.HK", "BBB") and r.coverage == "2/3 (no prices: CCC)"


def test_performance_table(tmp_path, kb):
    folder = write_prices(tmp_path / "p")
    book = PriceBook(pd.concat([read_price_file(folder / "long.csv").frame, read_price_file(folder / "CCC.csv").frame]))
    table = performance(book, kb, date(2025, 1, 6)).set_index("name")
    assert table.loc["Trio", "ytd"] == pytest.approx((0.32 + 0.2 + 0.25) / 3)
    assert table.loc["Duo", "week"] == pytest.approx((132 / 121 - 1 + 60 / 40 - 1) / 2)
    assert table.loc["Test Index", "ytd"] == pytest.approx(0.1) and table.loc["Test Index", "kind"] == "index"


def test_weekly_returns_and_unknown_basket(db, tmp_path, kb):
    import_prices(db, write_prices(tmp_path / "p"))
    weekly = weekly_basket_returns(db, "Duo", kb)
    # 2025-W01 starts on 2024-12-30 with no close before it: not a return, not a zero
    assert weekly["week"].tolist() == ["2025-W02"]
    assert weekly["return"].iloc[0] == pytest.approx((132 / 121 - 1 + 60 / 40 - 1) / 2)
    with pytest.raises(InputError) as info:
        resolve_basket_or_index("Dou", kb)
    assert "Duo" in info.value.hint


def test_cli_prices_and_baskets(tmp_path, kb, monkeypatch):
    folder = write_prices(tmp_path / "p")
    runner = CliRunner()
    result = runner.invoke(cli, ["prices", "import", str(folder)])
    assert result.exit_code == 0 and "14 new" in result.output
    result = runner.invoke(cli, ["baskets", "--asof", "2025-01-06", "--format", "json"])
    rows = {r["name"]: r for r in __import__("json").loads(result.output)}
    assert rows["Duo"]["ytd_pct"] == pytest.approx(26.0)
    result = runner.invoke(cli, ["prices", "list", "--format", "csv"])
    assert "AAA.HK,2024-12-31,2025-01-06,4,HKD" in result.output


def test_cli_returns(tmp_path, kb, monkeypatch):
    runner = CliRunner()
    runner.invoke(cli, ["prices", "import", str(write_prices(tmp_path / "p"))])
    result = runner.invoke(cli, ["returns", "Duo", "--start", "2025-01-01", "--end", "2025-01-06"])
    assert result.exit_code == 0 and "Duo 2025-01-01..2025-01-06: +26.00% (coverage 2/2)" in result.output
    result = runner.invoke(cli, ["returns", "Dou", "--start", "2025-01-01", "--end", "2025-01-06"])
    assert result.exit_code == 1 and "Did you mean: Duo" in result.output


def test_basket_weights_and_membership_dates(tmp_path):
    source = KB_YAML + """
  - name: Weighted
    kind: basket
    members:
      - {name: Alpha, weight: 3}
      - {name: Beta, weight: 1, until: 2025-01-02}
      - {name: Gamma, since: 2025-01-03}
"""
    kb = build_kb(parse_kb_file(source, tmp_path / "kb.yaml"))
    from news_sentiment.analysis.prices import basket_of

    folder = write_prices(tmp_path / "p")
    book = PriceBook(pd.concat([read_price_file(folder / "long.csv").frame, read_price_file(folder / "CCC.csv").frame]))
    basket = basket_of(kb.lookup("Weighted"), kb)
    assert basket.members == ("AAA.HK", "BBB", "CCC") and basket.weights == (3.0, 1.0, 1.0)
    early = basket_return(book, basket, date(2025, 1, 1), date(2025, 1, 3))  # Alpha and Beta, 3:1
    assert early.value == pytest.approx((3 * 0.21 + 1 * (40 / 50 - 1)) / 4) and early.covered == ("AAA.HK", "BBB")
    late = basket_return(book, basket, date(2025, 1, 6), date(2025, 1, 6))  # Beta has left, Gamma has joined
    assert late.covered == ("AAA.HK", "CCC")
    assert late.value == pytest.approx((3 * (132 / 121 - 1) + 1 * (25 / 20 - 1)) / 4)


@pytest.mark.parametrize("member, message", [
    ("{name: Alpha, weight: -1}", "`weight` must be a positive number"),
    ("{name: Alpha, since: soon}", "`since` must be a date"),
    ("{name: Alpha, share: 2}", "a member is a name or a mapping"),
])
def test_bad_basket_member_names_the_line(tmp_path, member, message):
    from news_sentiment.errors import ConfigError

    with pytest.raises(ConfigError) as info:
        parse_kb_file(f"entities:\n  - name: B\n    kind: basket\n    members:\n      - {member}\n", tmp_path / "kb.yaml")
    assert message in str(info.value) and "kb.yaml:5" in str(info.value)
