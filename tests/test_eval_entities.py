"""The 'financial entity' kind figure of benchmarks/eval_entities.py, on mentions we build by hand."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from news_sentiment.nlp.records import Mention

_PATH = Path(__file__).resolve().parents[1] / "benchmarks" / "eval_entities.py"
_SPEC = importlib.util.spec_from_file_location("eval_entities", _PATH)
eval_entities = importlib.util.module_from_spec(_SPEC)
sys.modules["eval_entities"] = eval_entities  # dataclasses look their module up there
_SPEC.loader.exec_module(eval_entities)

KB_KINDS = {"sp500": "index", "acme": "company"}


def _m(kind: str, kb_id: str | None = None, start: int = 0, end: int = 7) -> Mention:
    return Mention(name="x", kind=kind, ticker=None, text="x" * (end - start), start=start, end=end, kb_id=kb_id)


def test_index_counts_only_when_linked_to_a_kb_index():
    assert eval_entities.financial_kind(_m("index", "sp500"), KB_KINDS)
    assert not eval_entities.financial_kind(_m("index"), KB_KINDS)  # the extractor's own guess
    assert not eval_entities.financial_kind(_m("index", "acme"), KB_KINDS)  # linked, but not to an index


def test_company_organization_outlet_count_person_place_product_do_not():
    for kind in ("company", "organization", "outlet"):
        assert eval_entities.financial_kind(_m(kind), KB_KINDS)
    for kind in ("person", "place", "product"):
        assert not eval_entities.financial_kind(_m(kind, "acme"), KB_KINDS)


def test_score_record_counts_the_three_figures():
    # three gold spans: an index linked to the KB, an unlinked index, a company typed person
    text = "Alpha 5 rose; Betaxx shares; Gammaa said."
    record = {"content": text, "annotations": [
        {"start": 0, "end": 7, "value": text[0:7]}, {"start": 14, "end": 20, "value": text[14:20]},
        {"start": 29, "end": 35, "value": text[29:35]}]}
    mentions = [_m("index", "sp500", 0, 7), _m("index", None, 14, 20), _m("person", None, 29, 35)]
    tally = eval_entities.Tally()
    eval_entities.score_record(record, mentions, tally, KB_KINDS)
    assert (tally.spans, tally.any, tally.company, tally.financial) == (3, 3, 0, 1)
    figures = tally.figures("t")
    assert figures["recall_financial_kind"] == round(1 / 3, 4)
    assert figures["found_by_kind"] == {"index": 2, "person": 1}


def test_kb_vouched_other_things_leave_the_company_denominator_only_when_linked():
    kinds = {"sp500": "index", "brent": "commodity", "acme": "company"}
    assert eval_entities.kb_vouched_other([_m("index", "sp500")], kinds)
    assert eval_entities.kb_vouched_other([_m("product", "brent")], kinds)
    assert not eval_entities.kb_vouched_other([_m("index")], kinds)  # the extractor's own guess
    assert not eval_entities.kb_vouched_other([_m("person", "acme")], kinds)  # a company the KB knows, typed wrong
    assert not eval_entities.kb_vouched_other([_m("company", "sp500"), _m("index", "sp500")], kinds)


def test_the_company_of_companies_figure():
    tally = eval_entities.Tally(spans=10, company=8, kb_other=2)
    assert tally.figures("x")["recall_company_kind_of_companies"] == 1.0
    assert eval_entities.Tally().figures("x")["recall_company_kind_of_companies"] is None
