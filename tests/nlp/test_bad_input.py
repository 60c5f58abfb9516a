"""Bad input for claim extraction (issue 17): a 5 MB article, a text of only numbers, a table flattened to text,
non-English text. Each goes through the library behind ``sentiment extract --stdin`` (``extract_jsonl``) or the
Extractor; the texts are generated here. No exception, claims bounded and sane (offsets inside the text, finite
values, the guide's units). Time and memory of the 5 MB article are measured in docs/benchmarks.md, not here."""

from __future__ import annotations

import io
import json
import math
import os
import random
import re

import pytest

from news_sentiment.nlp.extract import chunk_spans, extract_jsonl
from news_sentiment.nlp.numbers import find_numbers
from news_sentiment.nlp.vocab import Unit

UNITS = {str(u) for u in Unit}
COMPANIES = ["Velmar", "Kestora", "Brenvik", "Oxwell", "Talvio", "Quarnex", "Sorvik", "Lumora"]


def sane(text: str, claims: list) -> None:
    for c in claims:
        assert 0 <= c.start < c.end <= len(text)
        assert math.isfinite(c.value) and (c.value_high is None or math.isfinite(c.value_high))
        assert c.unit in UNITS


def run_stdin(extractor, records: list[dict]) -> list[dict]:
    """What `sentiment extract --stdin` prints for these records (one JSON object per input line)."""
    out = io.StringIO()
    report = extract_jsonl([json.dumps(r) for r in records], out, extractor=extractor)
    assert report.written == len(records) and not report.errors
    return [json.loads(line) for line in out.getvalue().splitlines()]


def article(n_paragraphs: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    paras = []
    for i in range(n_paragraphs):
        co = COMPANIES[i % len(COMPANIES)]
        paras.append(f"{co} said on Tuesday that quarterly revenue rose {rng.randint(2, 40)}% to "
                     f"EUR {rng.randint(10, 900)}.{rng.randint(0, 9)} mn, and it expects margins to improve "
                     f"next year as demand for its industrial sensors recovers in Europe and Asia.")
    return "\n\n".join(paras)


# ----------------------------------------------------------------------------- a 5 MB article
@pytest.mark.slow
def test_numbers_of_a_5mb_text_are_found_in_one_pass():
    text = article(1)
    big = (text + "\n\n") * (5_000_000 // (len(text) + 2) + 1)
    assert len(big) >= 5_000_000
    nums = find_numbers(big)
    assert len(nums) == 2 * big.count("Velmar")  # one percentage and one amount per paragraph


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("SENTIMENT_HEAVY_TESTS"),
                    reason="5 MB through spaCy takes ~8 CPU minutes: measured by benchmarks/bench_memory.py --stages "
                           "longtext (docs/benchmarks.md); the same path runs on a small text below. Set "
                           "SENTIMENT_HEAVY_TESTS=1 to run it")
def test_a_5mb_article_is_extracted_in_pieces(extractor):
    text = article(1)
    big = "\n\n".join([text] * (5_000_000 // (len(text) + 2) + 1))
    assert len(big) >= 5_000_000
    assert len(chunk_spans(big, extractor.chunk_limit())) > 100  # never one Doc of 5 MB
    [out] = run_stdin(extractor, [{"id": "big", "text": big, "published": "2025-03-07"}])
    paragraphs = big.count("Velmar")
    assert paragraphs <= len(out["claims"]) <= 2 * paragraphs
    for c in out["claims"]:
        assert big[c["start"]:c["end"]] and c["unit"] in UNITS


def test_a_long_article_in_small_pieces_gives_the_claims_of_its_paragraphs(extractor, monkeypatch):
    import news_sentiment.nlp.extract as ex

    monkeypatch.setattr(ex, "MAX_CHARS", 500)  # the 5 MB path (many pieces, bounded batches) on a small text
    monkeypatch.setattr(ex, "BATCH_CHARS", 1_000)
    text = article(12)
    res = extractor.extract(text, "2025-03-07")
    sane(text, res.claims)
    assert sorted(text[c.start:c.end] for c in res.claims) == sorted(
        re.findall(r"\d+%|EUR \d+\.\d mn", text))


# ----------------------------------------------------------------------------- a text of only numbers
def only_numbers(seed: int = 3) -> str:
    rng = random.Random(seed)
    rows = []
    for _ in range(300):
        rows.append(" ".join(rng.choice([str(rng.randint(0, 99_999)), f"{rng.random() * 1000:.2f}",
                                         f"{rng.randint(1, 999):,}", f"{rng.randint(1000, 99_999):,}"])
                             for _ in range(rng.randint(1, 12))))
    return "\n".join(rows)


def test_a_text_of_only_numbers_gives_no_claims(extractor):
    text = only_numbers()
    [out] = run_stdin(extractor, [{"id": "n", "text": text}])
    assert out["claims"] == []  # numbers that count nothing named are not claims


def test_numbers_with_symbols_only_are_bounded(extractor):
    rng = random.Random(11)
    tokens = [rng.choice(["{}%", "${}", "{} bn", "-{}", "+{}", "{}x", "({})", "{}/{}"]).format(
        rng.randint(1, 500), rng.randint(1, 9)) for _ in range(2_000)]
    text = " ".join(tokens)
    res = extractor.extract(text)
    sane(text, res.claims)
    assert len(res.claims) <= len(tokens)


# ----------------------------------------------------------------------------- a table flattened to text
def flattened_table(seed: int = 5) -> str:
    rng = random.Random(seed)
    lines = ["| Company | Quarter | Revenue (EUR mn) | EBIT margin | EPS | Change |", "|---|---|---|---|---|---|"]
    for co in COMPANIES * 6:
        lines.append(f"| {co} | Q{rng.randint(1, 4)} 2025 | {rng.randint(100, 9_999):,}.{rng.randint(0, 9)} | "
                     f"{rng.randint(1, 30)}.{rng.randint(0, 9)}% | {rng.random() * 5:.2f} | "
                     f"{rng.choice(['+', '-'])}{rng.randint(0, 20)}.{rng.randint(0, 9)}% |")
    tsv = "\n".join("\t".join(cell.strip() for cell in line.strip("|").split("|")) for line in lines)
    return "\n".join(lines) + "\n\n" + tsv + "\n\n" + " ".join(lines)  # markdown, tab-separated, one long line


def test_a_flattened_table_is_extracted_without_error_and_bounded(extractor):
    text = flattened_table()
    [out] = run_stdin(extractor, [{"id": "t", "text": text, "published": "2025-11-03"}])
    cells = len(re.findall(r"\d", text))
    assert len(out["claims"]) <= cells
    rows = len(COMPANIES) * 6
    # percentages are claims; bare cells (revenue without its unit, EPS) are not counts of anything
    assert len([c for c in out["claims"] if c["unit"] == "percent"]) <= 2 * rows * 3
    assert all(c["unit"] != "count" for c in out["claims"])
    for c in out["claims"]:
        assert text[c["start"]:c["end"]] and math.isfinite(c["value"])


# ----------------------------------------------------------------------------- non-English text
NON_ENGLISH = {
    "de": ("Der Umsatz von Brenvik stieg im dritten Quartal um 12 Prozent auf 450 Millionen Euro, teilte das "
           "Unternehmen am Dienstag in Frankfurt mit. Die Aktie legte um 3,5 Prozent zu, und die Analysten "
           "erwarten für das kommende Jahr eine weitere Verbesserung der Marge auf 18 Prozent. ") * 3,
    "fr": ("Le chiffre d'affaires de Kestora a progressé de 8 % au troisième trimestre, à 1,2 milliard d'euros, "
           "a indiqué la société mardi. L'action a gagné 2,4 % à la Bourse de Paris et les analystes "
           "s'attendent à une marge de 15 % l'an prochain. ") * 3,
    "zh": "布伦维克公司第三季度营收增长12%，达到4.5亿欧元，股价上涨3.5%。分析师预计明年利润率将提高至18%。" * 5,
    "ru": ("Выручка компании Талвио в третьем квартале выросла на 12% до 450 млн евро, сообщила компания во "
           "вторник. Акции подорожали на 3,5%, а аналитики ожидают роста маржи до 18% в следующем году. ") * 3,
    "ar": "ارتفعت إيرادات شركة كيستورا بنسبة 12% في الربع الثالث لتصل إلى 450 مليون يورو، وارتفع السهم 3.5%. " * 5,
}


@pytest.mark.parametrize("lang", sorted(NON_ENGLISH))
def test_non_english_text_gives_entities_only(extractor, lang):
    from news_sentiment.nlp.extract import is_english

    assert not is_english(NON_ENGLISH[lang])
    text = NON_ENGLISH[lang]
    [out] = run_stdin(extractor, [{"id": lang, "text": text, "published": "2025-11-03"}])
    assert out["claims"] == []  # claims are read in English only; no crash, no made-up claims
    for m in out["entities"]:
        assert text[m["start"]:m["end"]] == m["text"]


def test_mixed_scripts_and_control_characters_do_not_crash(extractor):
    english = ("Oxwell shares rose 4% on Monday after the company said demand for its sensors had recovered "
               "in Europe and that it would keep hiring engineers this year. ")
    text = (english + "\u200b\x00 " + NON_ENGLISH["zh"][:12] + " \ufeff#### 12,345 ¥ " + "\U0001F680" * 20
            + "\n\t" + "9" * 500)
    res = extractor.extract(text, "2025-03-07")
    sane(text, res.claims)
    assert [text[c.start:c.end] for c in res.claims] == ["4%"]
