"""Numbers -> Claim records: unit, comparator, direction, metric, subject, period, speaker, offsets.

Numbers come from :mod:`numbers` (regular expressions), the per-number attributes from :mod:`claim_rules`, the
subject from :mod:`claim_subjects`. This module assembles them sentence by sentence: comparison bases, figures
that share a movement ('..., respectively'), periods and quoted speakers.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from news_sentiment.nlp import claim_rules
from news_sentiment.nlp.claim_rules import APPOSITIVE_CHANGE, BUSINESS_METRICS
from news_sentiment.nlp.claim_subjects import SUBJECT_KINDS, SubjectResolver, cut_verb_phrase, macro_subject
from news_sentiment.nlp.numbers import NumExpr, find_numbers
from news_sentiment.nlp.periods import find_periods, normalise_period
from news_sentiment.nlp.records import Claim, Mention, Quote

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

    from news_sentiment.nlp.subject_rank import SubjectRanker


def extract_claims(text: str, doc: Doc, mentions: list[Mention], quotes: list[Quote] | None = None,
                   published: date | None = None, subject_ranker: SubjectRanker | None = None) -> list[Claim]:
    """Claims in text order. ``doc`` is spaCy's parse of ``text``; ``mentions`` its linked entities;
    ``subject_ranker`` the learned subject choice (None: the rules)."""
    _PERIOD_CACHE.clear()
    protected = [(m.start, m.end) for m in mentions if re.search(r"\d", m.text)]
    nums = find_numbers(text, protected)
    if not nums:
        return []
    quotes = quotes or []
    resolver = SubjectResolver(doc, mentions, subject_ranker)
    # entity names do not count as metric words ('Tencent Holdings' is not a holding)
    masked = list(text)
    for m in mentions:
        if m.kind in ("company", "organization", "outlet", "index", "basket", "product", "commodity"):
            for i in range(m.start, min(m.end, len(masked))):
                if not masked[i].isspace():
                    masked[i] = "X"
    masked = "".join(masked)
    # 'Fund , L.P.', 'Acme, Inc.': a comma inside a name is not a clause boundary
    for cm in re.finditer(r"\s?,(?=\s+(?:L\.P\.|LP|Inc\.?|Ltd\.?|LLC|plc|PLC|N\.V\.|S\.A\.|AG|SE|Oyj|Corp\.?)(?!\w))",
                          text):
        masked = masked[:cm.start()] + " " * len(cm.group()) + masked[cm.end():]
    sents = list(doc.sents)
    claims: list[Claim] = []
    si = 0
    prev_end_in_sent = 0
    last_sent = None
    prev_claim: Claim | None = None
    sent_claims: list[tuple[Claim, NumExpr, bool]] = []
    by_num: dict[int, Claim] = {}
    for idx, x in enumerate(nums):
        while si < len(sents) - 1 and sents[si].end_char <= x.start:
            si += 1
        sent = sents[si]
        if sent is not last_sent:
            _propagate(sent_claims)
            sent_claims = []
            prev_end_in_sent = sent.start_char
            # coreference memory is updated from the previous sentence's subjects
            last_sent = sent
            # learn nouns even from sentences without numbers (e.g. 'SocGen named the Chinese cohort')
        ss, se = sent.start_char, sent.end_char
        twin = by_num.get(x.twin_of) if x.twin_of is not None else None
        base = claim_rules.is_base(text, x, prev_end_in_sent)
        # subject first (unit can depend on it)
        if twin is not None:
            subject, kind = twin.subject, None
        else:
            subject, kind = resolver.resolve(x, sent)
        unit = claim_rules.unit(text, x, ss, se, kind, doc)
        if unit == "none" and sent_claims and sent_claims[-1][0].unit == "percent" and re.fullmatch(
                r"\s*,?\s*(?:higher|lower|up|down)?\s*(?:to|at)\s*", text[prev_end_in_sent:x.start]):
            # 'was 0.32 pct higher at 3,332.41': the level reached, in points or in money
            idx_words = re.search(r"\b(?:index|indices|OMX|Nifty|Sensex|Dow|Nasdaq|S&P|FTSE|DAX|Nikkei|Hang Seng|"
                                  r"Kospi|Stoxx|benchmark|gauge)\b", text[ss:se], re.IGNORECASE)
            unit = "index_points" if idx_words or kind == "index" else "currency"
        if unit == "none":
            continue
        comparator = claim_rules.comparator(text, x, ss)
        if twin is not None:
            direction = twin.direction if not x.negative else "down"
        else:
            direction = claim_rules.direction(text, x, ss, se, base, prev_end_in_sent)
            if direction is None and not base and prev_claim is not None and sent_claims and \
                    re.fullmatch(r"\s*(?:higher|lower|up|down)?\s*(?:to|at)\s*", text[prev_end_in_sent:x.start]) \
                    and prev_claim.direction:
                direction = prev_claim.direction
        metric = twin.metric if twin is not None else claim_rules.metric(masked, x, unit, ss, se, direction)
        if base and twin is None:
            ref = next((c for c, _, b in reversed(sent_claims) if not b and (c.unit == unit or
                        {c.unit, unit} <= {"currency", "other", "count"})), None)
            if ref is not None:
                metric = ref.metric
                subject = ref.subject or subject
        if twin is None and not base and sent_claims and metric in ("return", "other") and unit in (
                "percent", "percentage_points") and sent_claims[-1][0].metric in BUSINESS_METRICS and \
                APPOSITIVE_CHANGE.fullmatch(text[prev_end_in_sent:x.start]):
            metric = sent_claims[-1][0].metric  # 'sold 322,846 vehicles in February, up 161%': the change of that figure
        if metric in ("return",) and direction is None and unit == "percent" and not x.negative and \
                re.search(r"\b(?:returns?|growth)\b", text[max(ss, x.start - 40):x.start], re.IGNORECASE):
            direction = "up"  # a return or growth rate keeps the sign of that growth
        if unit in ("index_points", "currency") and twin is None and metric in ("return", "other") and \
                re.search(r"\b(?:below|above|beyond|past)\s*$", text[max(ss, x.start - 12):x.start]):
            metric = "price_level"  # a threshold: 'could slip below 7,000'
        if twin is None and unit == "multiple" and metric == "other" and any(
                sc.metric == "valuation" and sc.unit == "multiple" for sc, _, _ in sent_claims):
            metric = "valuation"  # 'trades at 15 times forward earnings, below its average of 20 times'
        if unit == "index_points" and metric == "other":
            metric = "price_level"
        if twin is None and not base and metric == "return" and unit in ("currency", "index_points") and \
                re.search(r"\b(?:at|near|around)\s*$", text[max(ss, x.start - 10):x.start]):
            metric = "price_level"  # 'Gold firms near $1,200': the level, not the move
        if twin is None and not base and sent_claims and sent_claims[-1][0].metric == "return" and \
                sent_claims[-1][0].unit == "percent" and unit in ("currency", "index_points") and \
                re.fullmatch(r"\s*(?:higher|lower|up|down)?\s*(?:to|at)\s*", text[prev_end_in_sent:x.start]):
            metric = "price_level"  # 'rose 3.2% to $182.50': the level reached
        period = twin.period_text if twin is not None else _period(text, x, ss, se, base, nums, idx, prev_claim,
                                                                    metric, direction)
        if period and re.fullmatch(r"(?:during|in|over) (?:the|that) period", period, re.IGNORECASE):
            period = prev_claim.period_text if prev_claim else None
        if period is None and re.match(r"\s*(?:That|This|It) compares\b", text[ss:x.start]):
            period = prev_claim.period_text if prev_claim else None
        # '3.7% and 4.9%, respectively': coordinated figures share the movement, metric and period
        if twin is None and sent_claims and sent_claims[-1][0].unit == unit and not base and \
                re.fullmatch(r"\s*(?:,|and|or|&|, and)\s*", text[prev_end_in_sent:x.start]):
            prev = sent_claims[-1][0]
            direction = direction or prev.direction
            metric = prev.metric if metric in ("other", "return") else metric
            period = period or prev.period_text
        p_start, p_end = normalise_period(period, published)
        speaker = next((q.speaker for q in quotes if q.start <= x.start and x.end <= q.end), None)
        qs = max(ss, _word_start(text, x.start, 3))
        qe = min(se, _word_end(text, x.end, 2))
        if subject:
            subject = re.sub(r"(?:\s+(?:Q[1-4]|H[12]|FY\d*|9M))+$", "", subject).strip() or None
        if subject and twin is None:
            subject = cut_verb_phrase(subject, mentions, ss, x.start)
        if metric == "macro" and twin is None:
            subject = macro_subject(subject, kind, mentions, text, ss, se, x)
        claim = Claim(value=x.value, unit=unit, start=x.start, end=x.end, quote=text[qs:qe].strip(),
                      value_high=x.value_high, currency=x.currency if unit == "currency" else None,
                      comparator=comparator, direction=direction, metric=metric, subject=subject,
                      period_text=period, period_start=p_start, period_end=p_end, speaker=speaker)
        claims.append(claim)
        by_num[idx] = claim
        sent_claims.append((claim, x, base))
        if twin is None:
            resolver.remember(subject, kind, sent)
        if re.match(r"^\W{0,3}respectively\b", text[x.end:x.end + 20]):
            _respectively(text, sent_claims, mentions, ss)
        prev_end_in_sent = x.end
        prev_claim = claim
    _propagate(sent_claims)
    return claims


def _respectively(text: str, items: list[tuple[Claim, NumExpr, bool]], mentions: list[Mention], ss: int) -> None:
    """'Exxon and Chevron climbing 3.7% and 4.9%, respectively': pair figures and names in order."""
    group = [items[-1]]
    for prev in reversed(items[:-1]):
        if re.fullmatch(r"\s*(?:,|and|or|&|, and)\s*", text[prev[1].end:group[0][1].start]):
            group.insert(0, prev)
        else:
            break
    if len(group) < 2:
        return
    first = group[0][1].start
    names: list[str] = []
    for m in mentions:
        if ss <= m.start and m.end <= first and m.kind in SUBJECT_KINDS and m.kind != "place":
            if not names or names[-1] != m.name:
                names.append(m.name)
    if len(names) >= len(group):
        for (claim, _, _), name in zip(group, names[-len(group):]):
            claim.subject = name


def _propagate(items: list[tuple[Claim, NumExpr, bool]]) -> None:
    """A level without a movement word takes the direction of a change stated for it in the same
    sentence ('sales were EUR 128.7 mn, a 3.3-percent increase')."""
    changes = [c for c, x, base in items if c.unit in ("percent", "multiple") and c.direction and not base]
    if not changes:
        return
    for c, x, base in items:
        if base or c.direction or c.unit not in ("currency", "other", "count"):
            continue
        same = [ch for ch in changes if ch.metric == c.metric]
        if same and c.metric in ("revenue", "profit", "eps", "dividend", "margin", "volume_flows", "market_value"):
            c.direction = same[0].direction


_PERIOD_CACHE: dict[tuple[int, int, int], list[tuple[int, int, str]]] = {}  # per text, per sentence


def _period(text: str, x: NumExpr, ss: int, se: int, base: bool, nums: list[NumExpr], idx: int,
            prev_claim: Claim | None, metric: str | None = None, direction: str | None = None) -> str | None:
    key = (len(text), ss, se)  # the cache is cleared for every text
    periods = _PERIOD_CACHE.get(key)
    if periods is None:
        periods = _PERIOD_CACHE[key] = find_periods(text[ss:se])
    if not periods:
        return None
    periods = [(a + ss, b + ss, t) for a, b, t in periods]
    # segment of this figure: up to the next figure (or sentence end); base figures own what follows them
    nxt = next((n.start for n in nums[idx + 1:] if n.start < se and n.twin_of is None), se)
    prv = x.start
    # same comma-clause first
    clause_start = max(ss, text.rfind(", ", ss, x.start) + 1, text.rfind(";", ss, x.start) + 1)
    clause_end_m = re.search(r",\s|;", text[x.end:nxt])
    clause_end = x.end + clause_end_m.start() if clause_end_m else nxt
    after = [p for p in periods if x.end <= p[0] < clause_end]
    before = [p for p in periods if clause_start <= p[0] and p[1] <= prv]
    if base:
        after_all = [p for p in periods if x.end <= p[0] < nxt]
        return after_all[0][2] if after_all else None
    # periods that belong to a later base figure are not ours
    if after:
        a = after[0]
        if not before or (a[0] - x.end) <= (x.start - before[-1][1]):
            return a[2]
    if before:
        return before[-1][2]
    # anywhere before in the sentence (not inside a comparison base)
    semi = text.rfind(";", ss, x.start)
    # nor across a contrasting clause ('..., while the Fed held rates at 4.5%')
    contrast = [m.end() for m in re.finditer(r",\s*(?:while|but|whereas|although|though|even as)\b", text[ss:x.start])]
    parallel = prev_claim is not None and prev_claim.metric == metric and bool(prev_claim.direction) and bool(direction)
    if contrast and not parallel:  # 'X added 1.4% this week, while Y gained 1.6%' keeps the period
        semi = max(semi, ss + contrast[-1])
    earlier = [p for p in periods if p[1] <= x.start and p[0] > semi]
    if earlier:
        return earlier[-1][2]
    later = [p for p in periods if x.end <= p[0]]
    if later and not re.search(r";|,\s|\b(?:from|compared|versus|against|after|before|as|while|because|since|when|"
                               r"but|whereas|although|though|amid)\b", text[x.end:later[0][0]]):
        return later[0][2]
    return None


def _word_start(text: str, pos: int, n: int) -> int:
    i = pos
    for _ in range(n):
        j = text.rfind(" ", 0, max(0, i - 1))
        if j < 0:
            return 0
        i = j + 1
    return i


def _word_end(text: str, pos: int, n: int) -> int:
    i = pos
    for _ in range(n):
        j = text.find(" ", i + 1)
        if j < 0:
            return len(text)
        i = j
    return i
