"""benchmarks/eval_entities_headlines.py on files and mentions we build by hand (no SEntFiN text)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from news_sentiment.nlp.records import Mention

_PATH = Path(__file__).resolve().parents[1] / "benchmarks" / "eval_entities_headlines.py"
_SPEC = importlib.util.spec_from_file_location("eval_entities_headlines", _PATH)
heads = importlib.util.module_from_spec(_SPEC)
sys.modules["eval_entities_headlines"] = heads  # dataclasses look their module up there
_SPEC.loader.exec_module(heads)


def _shared(tmp_path: Path) -> Path:
    (tmp_path / "eval").mkdir()
    (tmp_path / "eval" / "RESERVED.md").write_text(
        "| file | rows |\n|---|---|\n| `data/sentfin/SEntFiN.csv` | `S No.` 2, 7 |\n", encoding="utf-8")
    data = tmp_path / "data" / "sentfin"
    data.mkdir(parents=True)
    (data / "SEntFiN.csv").write_text(
        'S No.,Title,Decisions,Words\n'
        '1,Velmora Q2 net up 5%,"{\'Velmora\': \'positive\'}",4\n'
        '2,Reserved row,"{\'Reserved\': \'neutral\'}",2\n'
        "3,Brix's Art Fund gains,\"{'Brix's Art Fund': 'positive'}\",4\n", encoding="utf-8")
    (data / "entity_list_comprehensive.csv").write_text(
        ',Symbol,Entity\n0,VELM,"Velmora Textiles Ltd., Velmora Textiles, Velmora, VELM"\n'
        '1,TEXSPACE,"Textile stocks, textile sector, TEXSPACE"\n'
        '2,MKTS,"National Velmora Exchange Limited, Velmora stocks, Orbix 50"\n', encoding="utf-8")
    return tmp_path


def test_reserved_rows_are_skipped_and_bad_literals_parsed(tmp_path):
    rows = heads.load_headlines(_shared(tmp_path))
    assert [n for n, _, _ in rows] == [1, 3]  # row 2 is reserved
    assert rows[1][2] == ["Brix's Art Fund"]  # not a Python literal: read by the source's regex


def test_listed_names_keep_companies_only(tmp_path):
    names = heads.listed_names(_shared(tmp_path))
    assert {"velmora textiles", "velmora", "velm"} <= names
    assert "textile stocks" not in names and "orbix 50" not in names  # group rows, even with a legal name first


def test_score_counts_names_and_listed_companies():
    title = "Velmora Q2 net up 5%; markets firm"
    mentions = [Mention(name="Velmora", kind="person", ticker=None, text="Velmora", start=0, end=7)]
    tally = heads.Tally()
    misses = heads.score(title, ["Velmora", "markets", "Absent"], mentions, tally, {"velmora"}, lambda w: False)
    assert (tally.targets, tally.unaligned, tally.names, tally.names_any) == (3, 1, 1, 1)
    assert (tally.listed, tally.listed_any, tally.listed_company) == (1, 1, 0)  # found, but typed person
    assert len(misses) == 1 and "(listed)" in misses[0]


def test_a_lone_common_opener_is_no_name():
    assert not heads.is_name("Markets rally", (0, 7), lambda w: w.lower() == "markets")
    assert heads.is_name("Velmora rallies", (0, 7), lambda w: False)
    assert not heads.is_name("rupee falls", (0, 5), lambda w: True)  # no capital: not a name


def test_missing_shared_files_are_one_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        heads.main(["--shared", str(tmp_path)])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "SEntFiN.csv" in err and "--shared" in err and "Traceback" not in err
