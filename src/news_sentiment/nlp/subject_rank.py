"""A learned choice of what a number is about: a ranker over candidate subject spans.

For each number the parse offers candidates (:func:`candidates`): the linked entity mentions of its sentence
(canonical names), the sentence's noun chunks and possessors, what the
coreference memory holds ('its', 'the company', 'the carmaker' resolve to the company named earlier), the
rules' own answer, and a null candidate. Each gets sparse features (:func:`span_features`): distance and
side relative to the number, the dependency path from the number to it, entity kind, linked or not, whether
it speaks ('X said', 'X sees') or sets a price target, a weekday or time word, a headline's first word, the class
of its head noun, and what the other candidates are (:func:`_rival_features`).

:class:`SubjectRanker` scores every candidate with the stored model (a boosted tree ensemble, ``nlp.trees``, or a
binary ``nlp.linear.LinearModel``: "is this the subject") and keeps the best. It is trained on our claims corpus
by ``python -m news_sentiment.training.subject_train`` (``models/claims/subject.json``); without the file the rules
of :mod:`claim_subjects` decide alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from news_sentiment.config import models_path
from news_sentiment.nlp.claim_subjects import (
    ABSTRACT_HEADS, CALL_WORDS, COREF_NOUNS, CROWDS, CURRENCY_WORDS, DESCRIPTION, FIGURE_FOR, FIGURE_NOUN_BEFORE,
    MOVE_NOUNS, RELATIVE_OF, adjunct_move, economy_figure, named_part,
)
from news_sentiment.nlp.linear import LinearModel, MarginRanker
from news_sentiment.nlp.evidence import FEED_SECTION_TAGS
from news_sentiment.nlp.rulebook import Rule
from news_sentiment.nlp.subject_roles import POSSESSED_BEFORE, Role, stands_aside
from news_sentiment.nlp.trees import TreeModel, load_model

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from news_sentiment.nlp.numbers import NumExpr
    from news_sentiment.nlp.records import Mention

WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
TIME_HEADS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december", "quarter", "year", "month", "week", "day", "period", "half", "time", "today",
              "session", "morning", "afternoon", "evening", "night", "yesterday", "tomorrow", "weekend", "decade",
              "years", "months", "weeks", "days", "quarters", "hours", "minutes"} | WEEKDAYS

# a revision verb speaks when it revises a call ('cut its target'), not when a figure follows it as its object
# ('the state raised 775m euros', 'cut 1,200 jobs')
SPEAKS_AFTER = Rule(
    "subject.speaks_after",
    r"^\W{0,3}(?:[a-z]+\s+){0,2}?(?:(?:said|says|sees|saw|expects?|forecasts?|predicts?|estimates?|projects?|told|"
    r"wrote|reckons?|believes?|thinks?|initiates?|initiated|upgrades?|upgraded|downgrades?|downgraded|reiterates?|"
    r"reiterated|maintains?|rates?)\b|(?:raised|raises|lifts?|lifted|cuts?|lowered|lowers|trims?|trimmed)\b"
    r"(?!\s+(?:(?:about|around|nearly|almost|some|over|up\s+to|more\s+than|an?\s+(?:extra|further|additional))\s+)?"
    r"(?:[$€£¥]|[A-Z]{3}\s?\d|\d)))",
    examples=(" said on Monday", " analysts expect", ", which cut its target", " raised its forecast"))
PRICE_TARGET = Rule(
    "subject.price_target_sentence",
    r"\b(?:price\s+target|target\s+price|price\s+objective|(?-i:PT)|(?:over|under)weight|outperform|underperform|"
    r"(?:buy|sell|hold|neutral)\s+rating|rating\s+on|upgrade[sd]?|downgrade[sd]?)\b",
    examples=("Bank of Lorn raised its price target on Quillmark to $45", "Fenwick downgraded Orrel to sell"))

AGENCY = re.compile(r"\b(?:Department|Ministry|Office|Bureau|Agency|Statistics|Institute|Census|Administration|"
                    r"Commission|Authority|Secretariat)\b")  # who publishes national statistics
TICKER_LIKE = re.compile(r"\$[A-Z]{1,6}|[A-Z0-9]{1,6}\.[A-Z]{1,2}|\.[A-Z0-9]{2,8}")  # '$AMZN', 'SNAP.N', '.BELEX'
AMOUNT = Rule(
    "subject.amount_chunk",
    r"(?:[$€£¥]|\b(?:EUR|USD|NOK|SEK|DKK|GBP|HKD|JPY|CNY|INR|Rs\.?|euros?|dollars?|pounds?|yen|cents?|pence|crowns?|"
    r"francs?|rupees?|reais|yuan)\s?)\d|\d[\d.,]*\s?(?:%|percent\b|per\s+cent\b|(?:mn|mln|m|bn|billion|million|"
    r"trillion|thousand|crore|lakh|basis\s+points?|bps|shares|points|times|tonnes?|tons?|barrels?|ounces?|units|"
    r"euros?|dollars?|pounds?|yen|cents|pence|crowns|francs|rupees)\b)",
    examples=("EUR 1.6 mn", "6.9 million shares", "50 basis points", "about 1.4 million ounces", "$45"))
STOCK_WORDS = Rule(
    "subject.stock_words", r"(?:['’]s)?\s+(?:shares|stock|stocks|ADRs|scrip|share price)",
    examples=(" shares", "'s stock"))

# a results period after a name ('Orvel Q3 dips 12%', 'Harlow Foods H1 net'): the tag and what follows are no name
RESULTS_TAG_AFTER = Rule("subject.results_tag_after", r"\s+(?:Q[1-4]|H[12]|9M|FY\s?\d{2,4})(?:\s+[a-z]+)?",
                         examples=(" Q3 dips", " FY24 net"), flags=0)

# a level named by how long since it was last seen ('15-month high', 'a fresh record low'): when, never whose figure
RECORD_LEVEL = Rule("subject.record_level",
                    r"(?:(?:an?|the|its|their|fresh|new)\s+)*(?:[\w-]+-(?:year|month|week|day|session)|record|"
                    r"all-time|lifetime|multi-year|decade)\s+(?:highs?|lows?|peaks?|troughs?)",
                    examples=("15-month high", "a fresh record low", "its 52-week high"))


class Source(StrEnum):
    """Where a candidate comes from."""

    RULE = "rule"  # the rules' answer (claim_subjects.SubjectResolver)
    MENTION = "mention"  # a linked or NER entity mention, canonical name
    CHUNK = "chunk"  # a noun chunk of the parse
    POSSESSOR = "possessor"  # "X's" before a noun
    MEMORY = "memory"  # coreference memory: the subject of an earlier claim, or a noun resolved earlier
    TEXT = "text"  # a name in an earlier sentence of the text
    NULL = "null"  # nothing in the text is the subject


@dataclass
class Candidate:
    """A possible subject and its features. ``text`` None is the null candidate."""

    text: str | None
    kind: str | None
    source: Source
    features: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class NumberContext:
    """The number and its sentence, as the candidates see them."""

    sent: Span
    x: NumExpr
    token: Token | None  # the number's last token in the parse
    headline: bool  # the sentence is the text's first
    text: str  # the Doc's text (Doc.text rebuilds the string on every access)
    chunks: tuple[Span, ...]  # the sentence's noun chunks
    mentions: tuple[Mention, ...]  # subject-kind mentions of the sentence, in text order
    earlier: tuple[Mention, ...] = ()  # subject-kind mentions of the sentences before, in text order
    roles: Mapping[str, frozenset[Role]] = field(default_factory=dict)  # each name's roles in the text
    headline_end: int = 0  # where the text's first sentence ends


def bucket(n: int, edges: Iterable[int]) -> str:
    """A count as a feature value: '<=e' for the first edge e it does not exceed, else 'more'."""
    for e in edges:
        if n <= e:
            return f"<={e}"
    return "more"


def dependency_path(num: Token | None, root: Token) -> list[str]:
    """Dependency path features from the number's token to the candidate's root token."""
    if num is None:
        return ["path:none"]
    ups = [num] + list(num.ancestors)
    cand_up = [root] + list(root.ancestors)
    common = next((t for t in ups if t in cand_up), None)
    if common is None:
        return ["path:none"]
    k, j = ups.index(common), cand_up.index(common)
    num_side = ">".join(t.dep_ for t in ups[:k][-2:])
    cand_side = ">".join(t.dep_ for t in cand_up[:j][-2:])
    return [f"lca_up:{min(k, 5)}", f"lca_down:{min(j, 4)}", f"path:{num_side}^{cand_side}",
            f"path_cand:{cand_side}", f"lca_pos:{common.pos_}", f"governs_num:{common.i == root.i}"]


def span_features(ctx: NumberContext, span: Span) -> set[str]:
    """Features of a candidate found in the sentence (``span`` of the parse)."""
    x, root = ctx.x, span.root
    before = span.end_char <= x.start
    dist = x.start - span.end_char if before else span.start_char - x.end
    low = root.lower_
    text = ctx.text
    feats = {f"side:{'before' if before else 'after' if span.start_char >= x.end else 'covers'}",
             f"dist:{bucket(max(dist, 0), (3, 12, 30, 60, 120))}", f"dep:{root.dep_}", f"pos:{root.pos_}",
             f"ntok:{min(len(span), 5)}", *dependency_path(ctx.token, root)}
    if low in TIME_HEADS or low.rstrip("s") in TIME_HEADS:
        feats.add("weekday" if low in WEEKDAYS else "time_word")
    if any(t.dep_ == "poss" and t.lower_ in TIME_HEADS for t in span):
        feats.add("time_possessor")  # "Monday's close"
    if span.start == ctx.sent.start:
        feats.add("first_word" if len(span) == 1 else "sentence_start")
        if ctx.headline and span[0].is_title:
            feats.add("headline_title_start")
    if SPEAKS_AFTER.match(text[span.end_char:span.end_char + 40]) and \
            not POSSESSED_BEFORE.regex.search(text[max(0, span.start_char - 40):span.start_char]):
        feats.add("speaks")  # not 'its silver forecast': there the name modifies the noun 'forecast'
    if text.startswith(("'s", "’s"), span.end_char):
        feats.add("possessor_form")
    if any(t.like_num for t in span):
        feats.add("has_number")
    if span.start_char <= x.start < span.end_char:
        feats.add("contains_number")
    shape = _shape(span)
    feats |= {f"shape:{shape}", f"shape_dep:{shape}_{root.dep_}"}
    if low in CROWDS:
        feats.add("crowd")  # 'analysts expect': who speaks, never whose figure
    if root.dep_ == "pobj" and root.head.lower_ in ("to", "into", "from") and root.head.head.lower_ in FLOW_NOUNS:
        feats.add("destination")  # 'exports to the United States': where the trade goes, not whose it is
    feats |= _forecast_object(root)
    feats.add(f"head_class:{_head_class(low)}")
    return feats


FLOW_NOUNS = frozenset({"exports", "imports", "shipments", "sales", "flows", "inflows", "outflows", "deliveries",
                        "remittances", "investment", "investments", "lending", "loans"})

# what a forecast, an estimate or a call is about: 'Halden sees the rupee at 86', 'expects the yen to strengthen',
# 'its forecast for global oil demand', '40% upside in Quellin' (the guide: the asset forecast, not the forecaster)
FORECAST_VERBS = frozenset({"see", "sees", "saw", "seen", "expect", "expects", "expected", "forecast", "forecasts",
                            "predict", "predicts", "predicted", "project", "projects", "projected", "estimate",
                            "estimates", "estimated", "peg", "pegs", "pegged", "put", "puts", "value", "values",
                            "valued", "target", "targets", "targeted", "hold", "holds", "held", "keep", "keeps",
                            "kept", "call", "calls", "called", "valuing", "seeing", "expecting", "forecasting",
                            "predicting", "projecting", "estimating", "pegging", "putting", "targeting"})
FORECAST_NOUNS = frozenset({"forecast", "outlook", "estimate", "projection", "expectation", "view", "call",
                            "target", "upside", "downside", "prediction", "guidance"})


FORECAST_OBJECT_FEATURES = frozenset({"forecast_object", "forecast_noun_object"})


def _forecast_object(root: Token) -> set[str]:
    """The candidate is what a forecasting verb or noun is about: its object, the subject of its clause, or the
    object of a preposition after a forecast noun (word forms: the pipeline has no lemmatizer)."""
    head = root.head
    if root.dep_ in ("dobj", "nsubjpass") and head.lower_ in FORECAST_VERBS:
        return {"forecast_object"}
    if root.dep_ == "nsubj" and head.dep_ in ("ccomp", "xcomp") and head.head.lower_ in FORECAST_VERBS:
        return {"forecast_object"}
    if root.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in ("for", "on", "in", "of") and \
            head.head.lower_.removesuffix("s") in FORECAST_NOUNS:
        return {"forecast_noun_object"}
    if root.dep_ in ("compound", "amod", "nmod") and head.lower_.removesuffix("s") in FORECAST_NOUNS:
        return {"forecast_noun_object"}  # 'trimmed its silver forecast to $33'
    return set()


def _shape(span: Span) -> str:
    """What kind of phrase a candidate is: a name, a pronoun, a description, an abstract noun ('sales')."""
    root = span.root
    if root.pos_ == "PRON":
        return "pronoun"
    if any(t.pos_ == "PROPN" for t in span):
        return "proper"
    if root.lower_ in ABSTRACT_HEADS:
        return "abstract"
    if root.lower_ in COREF_NOUNS or DESCRIPTION.fullmatch(root.lower_):
        return "description"
    first = span[0].lower_
    return {"the": "definite", "this": "definite", "that": "definite", "a": "indefinite", "an": "indefinite",
            "its": "possessed", "their": "possessed"}.get(first, "bare")


def _add(found: dict[str, Candidate], text: str | None, kind: str | None, source: Source,
         feats: set[str]) -> None:
    """Merge candidates of the same text: one candidate, the union of sources and features."""
    key = _key(text)
    cand = found.get(key)
    if cand is None:
        found[key] = Candidate(text, kind, source, {f"src:{source}"} | feats)
        return
    cand.features |= {f"src:{source}"} | feats
    if cand.kind is None and kind is not None:
        cand.kind = kind


def _key(text: str | None) -> str:
    key = (text or "").strip().lower()
    return key[4:] if key.startswith("the ") else key


def _mention_candidates(ctx: NumberContext, found: dict[str, Candidate]) -> None:
    doc = ctx.sent.doc
    in_sent = list(ctx.mentions)
    before = [m for m in in_sent if m.end <= ctx.x.start]
    nearest = before[-1] if before else None
    target = PRICE_TARGET.search(ctx.sent.text) is not None
    held = _adjunct_holder(ctx)
    for m in in_sent:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        group = "market" if m.kind in ("index", "basket", "commodity") else m.kind  # baskets are rare: share
        feats = {f for f in span_features(ctx, span) if f != "has_number" and not f.startswith("shape")}
        feats |= {f"kind:{m.kind}", f"kind_group:{group}", f"linked:{m.kb_id is not None}",
                  f"kind_dep:{group}_{span.root.dep_}", "shape:name", f"shape_dep:name_{span.root.dep_}"}
        feats |= {f"kind_side:{group}_{'before' if m.end <= ctx.x.start else 'after'}"}
        if m is nearest:
            feats.add("nearest_mention_before")
        if span.root.dep_ in ("compound", "poss", "amod", "nmod"):  # 'Norway deliveries': the noun it modifies
            head = _head_class(span.root.head.lower_)
            feats |= {f"modifies:{head}", f"modifies:{head}&{group}"}
        feats |= _attachment(ctx, m)
        if m is (in_sent[0] if in_sent else None):
            feats.add("first_mention")
        if held is not None and held[0] <= m.start < held[1]:
            feats.add("adjunct_subject")  # 'Dunmore shares are at the bottom of the STOXX 600, losing 5.2%'
        if target and m.kind in ("organization", "company"):
            feats.add(f"target_sentence_{'speaks' if 'speaks' in feats else 'other'}")
        # the canonical name only: a claim's subject is how it is linked to prices ('TCS' is 'Tata Consultancy
        # Services'), so the surface form is never a candidate of its own
        _add(found, m.name, m.kind, Source.MENTION, feats | {f"form:{'alias' if m.text != m.name else 'name'}"})


def _adjunct_holder(ctx: NumberContext) -> tuple[int, int] | None:
    """Where the clause's subject is (character offsets) when the figure is a move set off by a comma with no
    subject or object of its own ('Pelham was the worst performer on the FTSE 250, down 6%': Pelham's move;
    not 'Brent rose, lifting Orrel 2%')."""
    move = adjunct_move(ctx.token) if ctx.token is not None else None
    subj = next((c for c in move.head.children if c.dep_ in ("nsubj", "nsubjpass")), None) if move else None
    return (subj.left_edge.idx, subj.idx + len(subj.text)) if subj is not None else None


def _attachment(ctx: NumberContext, m: Mention) -> set[str]:
    """The figure's own phrase attaches it to this name ('a gain of 20% for X', 'a 2% drop in X'), or the
    figure is in a relative clause whose antecedent it is ('X, which rose 30%')."""
    text, x = ctx.text, ctx.x
    if m.end <= x.start:
        return {"relative_antecedent"} if RELATIVE_OF.regex.fullmatch(text, m.end, x.start) else set()
    after = FIGURE_FOR.regex.match(text, x.end)
    if after is None or after.end() != m.start:
        return set()
    nominal = FIGURE_NOUN_BEFORE.regex.search(text, max(ctx.sent.start_char, x.start - 40), x.start)
    moved = re.match(r"\s+" + MOVE_NOUNS, text[x.end:after.end()], re.IGNORECASE)
    return {"figure_for"} if nominal or moved else {"figure_in_for"}


def _chunk_candidates(ctx: NumberContext, found: dict[str, Candidate]) -> None:
    mentions = ctx.mentions
    for chunk in ctx.chunks:
        if chunk.start_char <= ctx.x.start < chunk.end_char:
            if not any(t.dep_ == "poss" for t in chunk):
                continue  # the figure's own phrase ('a 12% rise'), unless it names a possessor
            _possessor_candidates(ctx, chunk, found, named=True)  # "the yen's 12% decline": the yen's figure
        if chunk.root.pos_ == "PRON" and chunk.root.lower_ not in ("it", "they") or \
                RECORD_LEVEL.regex.fullmatch(chunk.text) or chunk.text.lstrip("$") in FEED_SECTION_TAGS or \
                chunk.root.pos_ == "NOUN" and _call_word_alone(chunk):
            continue  # 'target' of 'target cut to Rs 455', 'the estimate': what a call sets, never whose
        if any(t.like_url for t in chunk):
            continue  # a web address ('... consensus https://t.co/Ab12Cd') names nobody
        if any(m.start < chunk.end_char and chunk.start_char < m.end and not (
                chunk.start_char <= m.start and m.end <= chunk.end_char) for m in mentions):
            continue  # a piece of a name ("The People's Bank" of "People's Bank of China")
        feats = span_features(ctx, chunk)
        if "time_possessor" in feats:
            continue  # "Monday's close": a time, nobody's figure (as the rules say)
        if "shape:abstract" in feats and "forecast_noun_object" not in feats:
            continue  # 'operating profit', 'the sale': what is measured, never whose (the guide's subjects), unless
            # what a forecast is for ('its forecast for world oil demand': the guide's subject is the demand)
        inside = [m for m in mentions if chunk.start_char <= m.start and m.end <= chunk.end_char]
        if len(inside) == 1 and STOCK_WORDS.fullmatch(ctx.text[inside[0].end:chunk.end_char]):
            continue  # "Orrel Motors shares" is Orrel Motors, already a candidate
        if len(inside) == 1 and RESULTS_TAG_AFTER.regex.fullmatch(ctx.text, inside[0].end, chunk.end_char) and \
                ctx.text[chunk.start_char:inside[0].start].strip().lower() in ("", "the", "a", "an"):
            continue  # "Orvel Q3 dips" (a headline's verb parsed as a noun) is Orvel, already a candidate
        if len(inside) == 1 and inside[0].end == chunk.end_char and \
                ctx.text[chunk.start_char:inside[0].start].strip().lower() in ("", "the", "a", "an"):
            # "the Dow", "TCS": the mention itself, named canonically (a subject links the claim to prices)
            as_name = {f for f in feats if f != "has_number" and not f.startswith("shape")}  # as for mentions
            _add(found, inside[0].name, inside[0].kind, Source.CHUNK, as_name | {"is_mention"})
            continue
        if _speaking_crowd(chunk):
            continue  # 'Analysts at Foo put the cost at ...': who speaks, never whose figure
        if not inside and AMOUNT.regex.search(chunk.text):
            continue  # 'EUR 1.6 mn', '6.9 million shares', '50 basis points': another figure, never whose figure
        if inside:  # "Norland's Arden 40" holds a name: the name is the better candidate
            feats |= {"holds_mention", f"holds_kind:{inside[0].kind}"}
            if any(t.dep_ == "poss" for t in chunk):  # "China's yuan", "the exchange's Top-40 index"
                head = _head_class(chunk.root.lower_)
                feats |= {f"possessed:{head}", f"possessed_kind:{head}_{inside[0].kind}"}
                owner = found.get(_key(inside[0].name))
                if owner is not None:
                    owner.features |= {f"possessor_of:{head}", f"possessor_of_kind:{head}_{inside[0].kind}"}
        part = named_part(chunk.root)
        if part:  # 'its Kestrel payments business', 'the combined group': the part's own name, not the parent
            _add(found, part, None, Source.CHUNK, feats | {"named_part"})
        else:
            _add(found, chunk.text, None, Source.CHUNK, feats)
        _possessor_candidates(ctx, chunk, found)


def _call_word_alone(chunk: Span) -> bool:
    """The chunk is a call's word, with at most a determiner: 'target', 'the estimate'."""
    words = [t.lower_ for t in chunk if t.pos_ != "DET"]
    return len(words) == 1 and words[0] in CALL_WORDS


FORECASTERS = frozenset({"analysts", "economists", "strategists", "forecasters"})  # (one is a person, named)



def _speaking_crowd(chunk: Span) -> bool:
    """Analysts, economists or strategists as a clause's subject ('Analysts at Foo put the cost at ...',
    'Economists expect 2%'): the voice of a figure, never its subject; unless the figure counts them ('85% of
    economists', which leaves them the object of 'of')."""
    root = chunk.root
    return root.lower_ in FORECASTERS and root.dep_ == "nsubj"


def _possessor_candidates(ctx: NumberContext, chunk: Span, found: dict[str, Candidate], named: bool = False) -> None:
    """The possessors in a noun chunk ("China's yuan", "the yen's 12% decline"), unless inside a name ("The
    People's Bank"); ``named`` (the figure's own phrase): only those that name an owner, not a description of a
    name before ('the benchmark's', left to the rules) nor a count holding the figure ("1.2 billion users'")."""
    for t in chunk:
        if named and (t.lower_ in COREF_NOUNS or DESCRIPTION.fullmatch(t.lower_)):
            continue  # 'the benchmark's': the rules resolve it
        if t.dep_ == "poss" and t.pos_ in ("PROPN", "NOUN") and t.lower_ not in TIME_HEADS:
            span = ctx.sent.doc[t.left_edge.i:t.i + 1]
            if named and span.start_char <= ctx.x.start < span.end_char:
                continue  # "1.2 billion users' data": the figure's own count, no owner
            if not any(m.start < span.end_char < m.end for m in ctx.mentions):
                _add(found, span.text, None, Source.POSSESSOR, span_features(ctx, span))


def candidates(ctx: NumberContext, memory: list[tuple[str, str | None]],
               rule: tuple[str | None, str | None], resolve_word: Callable[[str, int], str | None]
               ) -> list[Candidate]:
    """Every candidate for one number; the rules' answer is marked (``rule_pick``), the null one is last.

    ``memory`` is the coreference memory (most recent first); ``resolve_word`` resolves a pronoun or a
    description ('its', 'the carmaker') at a character offset to the entity named earlier, or None."""
    found: dict[str, Candidate] = {}
    _mention_candidates(ctx, found)
    _chunk_candidates(ctx, found)
    for cand in list(found.values()):
        if cand.source is Source.CHUNK and cand.text:
            _resolve_chunk(ctx, cand, resolve_word, found)
    for key in [k for k, c in found.items() if "resolved_elsewhere" in c.features and c.source is Source.CHUNK]:
        del found[key]  # 'the carmaker', 'its': the company it names is the candidate (the guide resolves them)
    for rank, (name, kind) in enumerate(memory[:2]):
        _add(found, name, kind, Source.MEMORY, {f"memory_rank:{rank}", f"kind:{kind}"})
    _text_candidates(ctx, found)
    name, kind = rule
    if name and any(_speaking_crowd(c) and c.text.lower() == name.lower() for c in ctx.chunks):
        name, kind = None, None  # the rules' 'Analysts' of 'Analysts consider ...': no subject (_speaking_crowd)
    if name and _holds_figure(ctx, name):
        name, kind = None, None  # a phrase of a broken parse around the figure itself ("the euro's 8% rise hurt ...")
    if name:
        _add(found, name, kind, Source.RULE, set())
        picked = found[_key(name)]
        picked.text, picked.kind = name, kind or picked.kind  # the rules' spelling ('the company')
        picked.features |= {"rule_pick"} | {f"rule_pick&{s}" for s in _sources(picked)}
    out = [c for c in found.values() if c.text]
    _role_features(ctx, out)
    shapes = sorted(f[6:] for f in found[_key(name)].features if f.startswith("shape:")) if name else ["none"]
    rule_shape = shapes[0] if shapes else "other"
    for c in out:  # what the rules found says which other candidate to trust ('The currency' -> the memory)
        c.features |= {f"rs:{rule_shape}&{s}" for s in _sources(c)}
    null = Candidate(None, None, Source.NULL, {"src:null", f"null_rule:{name is None}", f"rs:{rule_shape}&src:null",
                                                 f"null_n:{bucket(len(out), (0, 1, 3))}", *_unattributed(ctx)})
    if name is None:
        null.features.add("rule_pick")
    _rival_features([*out, null])
    return out + [null]


def _holds_figure(ctx: NumberContext, name: str) -> bool:
    """The rules' name is written in the sentence around the figure itself: no name of whose figure it is."""
    lo, hi = ctx.sent.start_char, ctx.sent.end_char
    at = ctx.text.find(name, lo, hi)
    while at >= 0:
        if at <= ctx.x.start < at + len(name):
            return True
        at = ctx.text.find(name, at + 1, hi)
    return False


def _text_candidates(ctx: NumberContext, found: dict[str, Candidate]) -> None:
    """Names of the sentences before: a headline's company carried into its summary, the company a
    description or a bare figure in a later sentence is about ('The broker set a 68-euro target')."""
    counts: dict[str, int] = {}
    for m in ctx.earlier:
        counts[m.name] = counts.get(m.name, 0) + 1
    first = next((m for m in ctx.earlier if m.kind not in ("place", "outlet")), None)
    for m in ctx.earlier:
        if m.kind in ("place", "outlet", "person"):
            continue
        group = "market" if m.kind in ("index", "basket", "commodity") else m.kind
        feats = {"text_earlier", f"text_kind:{group}", f"text_linked:{m.kb_id is not None}",
                 f"text_count:{bucket(counts[m.name], (1, 2))}",
                 f"text_kind_count:{group}_{bucket(counts[m.name], (1, 2))}"}
        if m.end <= ctx.headline_end:
            feats.add("text_headline")
        if m is first:
            feats.add("text_first_name")
        _add(found, m.name, m.kind, Source.TEXT, feats)


HEAD_CLASSES = (("index", r"index|gauge|benchmark|average|composite|indices"),
                ("currency", CURRENCY_WORDS + r"|currency|crown"),
                ("unit", r"unit|division|business|arm|subsidiary|segment|operations?|plant|site|factory|fund|drug"),
                ("economy", r"economy|gdp|inflation|exports|imports|output|spending|payrolls|unemployment"),
                ("stock", r"shares|stock|stocks|scrip|share"),
                ("instrument", r"tranches?|portions?|notes?|bonds?|debentures?|issues?|offering|placement|round|"
                               r"trial|settlement|sector|peers?|rivals?"),
                ("business", r"deliveries|sales|revenues?|orders|bookings|shipments|margins?|profits?|earnings|"
                             r"volumes|traffic|production|demand"))


_HEAD_CLASS_RES = tuple((name, re.compile(pattern, re.IGNORECASE)) for name, pattern in HEAD_CLASSES)


def _head_class(word: str) -> str:
    """What a noun is ("X's index", "X's yuan", "X's unit", a candidate's head, the noun a name modifies): whether
    the possessor or the modifier is the subject."""
    return next((name for name, regex in _HEAD_CLASS_RES if regex.fullmatch(word)), "other")


def _role_features(ctx: NumberContext, out: list[Candidate]) -> None:
    """The candidate's roles in the text (rates, forecasts, is cited, is rated), and whether some other
    candidate is rated: a price target's subject is the company targeted, not the bank."""
    rated_other = {c.text for c in out if Role.RATED in ctx.roles.get(c.text or "", frozenset())}
    target = "target_sentence" if PRICE_TARGET.search(ctx.sent.text) else "plain_sentence"
    economy = economy_figure(ctx.text, ctx.sent.start_char, ctx.sent.end_char, ctx.x, None)
    objects = {c.text for c in out if c.features & FORECAST_OBJECT_FEATURES}
    for c in out:
        group = "market" if c.kind in ("index", "basket", "commodity") else c.kind or "none"
        if objects - {c.text}:  # the sentence names what is forecast, and it is another candidate
            c.features |= {"other_forecast_object", f"other_forecast_object&{group}"}
        if economy:  # GDP or inflation: the economy, not the agency that publishes it
            c.features.add(f"economy_figure&{group}")
        if c.text and AGENCY.search(c.text):
            c.features |= {"agency", f"agency&economy_figure:{economy}"}
        roles = ctx.roles.get(c.text or "", frozenset())
        c.features |= {f"role:{r}" for r in roles}
        if stands_aside(roles):  # an investor's round is another's figure, as a forecast is
            c.features |= {"forecaster", f"forecaster&{target}",
                           f"forecaster&rated_other:{bool(rated_other - {c.text})}"}
        if c.text and TICKER_LIKE.fullmatch(c.text):
            c.features.add("ticker_like")
        if (c.text or "").lower() in ("the company", "the group", "the firm"):
            c.features.add("generic_company")


def _rival_features(out: list[Candidate]) -> None:
    """What the other candidates say, on each: a bare statistic in the sentence ('Core inflation rose 2.8%': the
    economy named before is whose), a part or an instrument as a clause's subject ('The 10-year tranche priced at
    ...': the part, not the issuer named before); crossed with the candidate's first source and kind."""
    def has(c: Candidate, *feats: str) -> bool:
        return any(f in c.features for f in feats)

    chunks = [c for c in out if "src:chunk" in c.features]
    found = [name for name, test in (
        ("stat_bare", lambda c: has(c, "head_class:economy") and has(c, "shape:bare", "shape:definite")
         and not has(c, "holds_mention")),
        ("part_subject", lambda c: has(c, "head_class:unit", "head_class:instrument") and has(c, "dep:nsubj",
                                                                                              "dep:nsubjpass")))
        if any(test(c) for c in chunks)]
    for c in out:  # the first source and kind in sorted order
        tag = (f"{min((f for f in c.features if f.startswith('src:')), default='src:?')}&"
               f"{min((f for f in c.features if f.startswith('kind:')), default='kind:-')}")
        c.features |= {f"ctx:{name}" for name in found} | {f"ctx:{name}&{tag}" for name in found}


def _unattributed(ctx: NumberContext) -> set[str]:
    """Signs that the text does not say whose figure it is (the guide's null): no name in the sentence, no
    name in the figure's clause, an impersonal or passive clause, the text's first sentence."""
    x, text = ctx.x, ctx.text
    clause_start = max(ctx.sent.start_char, text.rfind(",", ctx.sent.start_char, x.start) + 1,
                       text.rfind(";", ctx.sent.start_char, x.start) + 1)
    feats = {f"null_mentions:{bucket(len(ctx.mentions), (0, 1))}",
             f"null_clause_named:{any(clause_start <= m.start < x.start for m in ctx.mentions)}",
             f"null_headline:{ctx.headline}"}
    tok = ctx.token
    head = tok.head if tok is not None else None
    while head is not None and head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head  # (spaCy makes a new Token object on each access: compare indices, never identity)
    if head is not None and head.pos_ in ("VERB", "AUX"):
        deps = {c.dep_ for c in head.children}
        if "nsubjpass" in deps or "auxpass" in deps:
            feats.add("null_passive")
        if "expl" in deps or not deps & {"nsubj", "nsubjpass", "csubj"}:
            feats.add("null_no_subject")
    return feats


def _sources(c: Candidate) -> list[str]:
    return sorted(f for f in c.features if f.startswith("src:"))


def _resolve_chunk(ctx: NumberContext, cand: Candidate, resolve_word: Callable[[str, int], str | None],
                   found: dict[str, Candidate]) -> None:
    """'the carmaker', 'its', 'the Japanese conglomerate': a description resolved to the company named before."""
    words = (cand.text or "").split()
    if not words:
        return
    start = ctx.text.find(cand.text or "", ctx.sent.start_char)
    head = words[-1] if words[0].lower() in ("the", "this", "that") or len(words) == 1 else None
    if words[0].lower() in ("its", "their"):
        head = words[0]
    if head is None:
        return
    name = resolve_word(head, max(start, ctx.sent.start_char))
    if name and name.lower() != (cand.text or "").lower():
        cand.features.add("resolved_elsewhere")  # 'the carmaker' is the company it names, never a subject itself
        _add(found, name, None, Source.MEMORY, {f"coref_of:{cand.source}"} | {
            f for f in cand.features if f.startswith(("side:", "dep:", "path", "dist:", "lca", "forecast"))})


@dataclass(frozen=True)
class SubjectRanker:
    """Picks the candidate the model scores highest: a tree ensemble's score (``nlp.trees``), or a linear model's
    log-odds of "yes" (the sum of its features' margins)."""

    model: LinearModel | TreeModel
    _margins: MarginRanker | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_margins", MarginRanker(self.model) if isinstance(self.model, LinearModel) else None)

    @classmethod
    def load(cls, path: Path) -> SubjectRanker:
        return cls(load_model(path))

    @classmethod
    def load_default(cls) -> SubjectRanker | None:
        path = default_path()
        return cls.load(path) if path.is_file() else None

    @property
    def tag(self) -> str:
        return f"subject.{self.model.digest}"

    def scores(self, cands: list[Candidate]) -> list[float]:
        if self._margins is not None:
            return [self._margins.score(c) for c in cands]
        return self.model.scores(c.features for c in cands)  # a tree reads each feature alone: no order needed

    def choose(self, x: NumExpr, cands: list[Candidate]) -> Candidate:
        scores = self.scores(cands)
        return cands[scores.index(max(scores))]  # the first of equals, as max() over the candidates would


def default_path() -> Path:
    return models_path("claims/subject.json", "SENTIMENT_SUBJECT_MODEL")
