"""Numbers -> Claim records, as a chain of small stages: unit -> comparator -> direction -> metric -> period
-> subject, then the sentence-level rules.

Numbers come from :mod:`numbers`, the per-number readings from :mod:`claim_rules`, the subject from
:mod:`claim_subjects`, periods from :mod:`periods`. Each stage here is a function of what the earlier stages
decided (a :class:`Figure` and the claims already built in its sentence, :class:`SentenceState`) and returns a
typed value (:mod:`vocab`); the rules that decided something are appended to the claim's trace
(``Claim.rules``). Text patterns are :class:`~news_sentiment.nlp.rulebook.Rule` s; rules that only compare
the claims of a sentence are named by the ids in :data:`STRUCTURAL_RULES`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from operator import attrgetter
from typing import TYPE_CHECKING, Sequence

from news_sentiment.nlp import claim_rules
from news_sentiment.nlp.claim_rules import APPOSITIVE_CHANGE, BUSINESS_METRICS
from news_sentiment.nlp.subject_parts import Part, part_of, part_of_chunk, statistic_as_written
from news_sentiment.nlp.claim_subjects import (SUBJECT_KINDS, TRANSACTION_VERB, SubjectResolver, cut_verb_phrase,
                                               macro_subject, short_subject)
from news_sentiment.nlp.numbers import NumExpr, find_numbers
from news_sentiment.nlp.period_rank import PeriodChooser, PeriodQuery, choose_learned
from news_sentiment.nlp.periods import (CARRIED_RULES, DAY_RULES, LATER_CLAUSE, NOT_OWN_TIME_RULES, PARALLEL_RULES,
                                        RESULTS_PERIOD_RULES, FigureContext, PeriodSpan, SentencePeriods, choose_period,
                                        closed_relative, figure_context, normalise_period, period_right_after,
                                        record_reference)
from news_sentiment.nlp.records import Claim, Mention, Quote
from news_sentiment.nlp.rulebook import Rule
from news_sentiment.nlp.subject_forms import (SUBJECT_FORM_RULES, SUBJECT_PERIOD_SUFFIX, SubjectName, headline_end,
                                              defined_abbreviations, subject_name)
from news_sentiment.nlp.vocab import Comparator, Direction, Metric, Unit

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span

    from news_sentiment.nlp.subject_rank import SubjectRanker

# ----------------------------------------------------------------------------- rules (patterns as data)
# The gap between the previous figure of the sentence and this one says 'the level reached after that move'.
UNIT_LEVEL_REACHED = Rule("unit.level_reached", r"\s*,?\s*(?:higher|lower|up|down)?\s*(?:to|at)\s*",
                          ("Brightwater stock closed 1.5 pct higher at 212.40", "the gauge slid 2% to 4,100"),
                          flags=0)
UNIT_INDEX_WORDS = Rule("unit.index_words", r"\b(?:index|indices|OMX|Nifty|Sensex|Dow|Nasdaq|S&P|FTSE|DAX|Nikkei|"
                        r"Hang Seng|Kospi|Stoxx|benchmark|gauge)\b",
                        ("The benchmark index ended 0.4% lower at 7,020.", "The Nasdaq closed up 1% at 16,100."))
UNIT_COUNT_CONTINUED = Rule(
    "unit.count_continued",
    r"(?:^[\s,]*|\b(?:from|to|by|of|including|at|versus|vs\.?|against|than|with)\s+"
    r"(?:(?:about|around|some|roughly|nearly|almost|up to|more than|over|less than|under|at least)\s+)?)$",
    ("Velder cut 200 jobs, including up to ", "staff rose by 40 to "), flags=0)
# The gap after a move that names the level reached ('fell 4% to 18.20'); direction and metric read it each.
_LEVEL_AFTER_MOVE = r"\s*(?:higher|lower|up|down)?\s*(?:to|at)\s*"
# direction also reads the gap after a restated move: 'rose 398 points, or 1.2%, to 34,098'
DIRECTION_LEVEL_REACHED = Rule("direction.level_reached", r"\s*,?" + _LEVEL_AFTER_MOVE,
                               ("Orwell Foods fell 4% to 18.20 euros", "sales climbed 9% to $3.1 billion"), flags=0)
DIRECTION_RETURN_SIGN = Rule("direction.return_keeps_sign", r"\b(?:returns?|growth)\b",
                             ("The fund delivered annual returns of 7%.", "Loan growth of 4% was reported."))
RETURN_AFTER = Rule("direction.return_after", r"\s*(?:[\w-]+\s+)?returns?\b", (" return with a high margin",))
# the comparison base of a loss is a loss too ('the loss narrowed to $8 million from $45 million'): the guide's
# losses are down wherever they stand; a base named a profit ('from a profit of') is not
DIRECTION_BASE_OF_LOSS = Rule("direction.base_of_loss", r"\b(?:loss|losses|deficit|shortfall)\b",
                              ("Orrin's net loss narrowed to $8 million from ", "the deficit widened to 4% from "))
# an expected figure named as a move of its own: 'against forecasts for a gain of 25,000' (up whatever the actual did)
DIRECTION_EXPECTED_MOVE = Rule(
    "direction.expected_move",
    r"\b(?:an?|the)\s+(?:[\w-]+\s+)?(?P<n>gain|rise|increase|jump|climb|drop|decline|fall|loss|decrease|contraction)"
    r"\s+of\s+(?:(?:about|around|roughly|some|nearly)\s+)?$",
    ("against forecasts for a gain of ", "economists had expected a rise of ", "a forecast decline of about "))
DIRECTION_LESS_AFTER = Rule("direction.less_after", r"\s*(?:less|fewer|cheaper|smaller)\b",
                            ("Farmers may earn 11% less", "The plant will use 20% less energy"), flags=0)
# the old price target a change is compared with ('target raised to $65 vs. $64'): it did not move
OLD_TARGET = Rule("direction.old_target",
                  r"\b(?:(?:price\s+)?target|objective|(?-i:PT))\b[^.;]{0,40}?\b(?:to|at)\s+\S+\s+"
                  r"(?:from|vs\.?|versus)\s+(?:Rs\.?\s?|[$€£])?$",
                  ("Orvane price target raised to $65 vs. $", "raised its target on Orvane to 410 from Rs "))
DIRECTION_BASE_OF_PROFIT = Rule("direction.base_of_profit", r"\b(?:profits?|earnings|income|surplus)\b",
                                ("swung to a loss from a profit of ",))
METRIC_LEVEL_REACHED = Rule("metric.level_after_move", _LEVEL_AFTER_MOVE,
                            ("Kestrel Mining shares rose 3.1% to $41.60", "the index rose 1% to 5,200"), flags=0)
METRIC_THRESHOLD = Rule("metric.threshold", r"\b(?:below|above|beyond|past)\s*$",
                        ("the index could slip below ", "copper climbed past "), flags=0)
METRIC_NEAR_LEVEL = Rule("metric.near_level", r"\b(?:at|near|around)\s*$",
                         ("Silver steadied near ", "the stock traded around "), flags=0)
METRIC_SURVEY_INDEX = Rule(
    "metric.survey_index",
    r"\b(?:PMIs?|purchasing managers'?|(?:business|consumer|economic|investor) (?:climate|confidence|sentiment|"
    r"expectations)|ZEW|Ifo|Tankan)(?!\w)",
    ("the Ifo business climate index fell to ", "the services PMI rose to ", "consumer confidence slid to "))
# a sentence that opens with the consensus for the figure the sentence before reported ('Sales rose 4%. Analysts had
# expected a 3% gain.'): that figure's metric
METRIC_CONSENSUS_LEAD = Rule(
    "metric.consensus_of_previous",
    r"\b(?:analysts?|economists?|strategists|markets?|investors|traders|(?:a|the) (?:Reuters |Bloomberg |LSEG )?"
    r"(?:poll|survey|consensus)|who)\s+(?:[\w,'’-]+\s+){0,6}?(?:had\s+|have\s+)?(?:forecast|expected|estimated|"
    r"predicted|projected|anticipated|pencil+ed in|pointed to|looked for|called for)\s+(?:(?:an?|about|around|"
    r"roughly|some|nearly)\s+)*$",
    ("Analysts had expected a ", "A Reuters poll had pointed to ", "Analysts at Orvel, who had forecast "))
LIST_GAP = Rule("claim.coordinated", r"\s*(?:,|and|or|&|, and)\s*",
                ("rose 3% and 5%", "fell 2%, 4% or 6%"), flags=0)
# figures of one move ('fell $1.42, or 2.3%, to $59.87 a barrel on Monday'; 'closed at 81,420, down 1,102 points
# or 1.3%'): the day or session named after the last of them is the time of all
SAME_MOVE = Rule("period.same_move", r"\s*,?\s*(?:or|to|down|up)\s+", ("fell $1.42, or 2.3%, to $59.87",
                 "closed at 81,420, down 1,102 points"), flags=0)
RESPECTIVELY = Rule("subject.respectively", r"^\W{0,3}respectively\b",
                    (", respectively, on Friday", " respectively."), flags=0)
# a sentence that opens with the consensus for the figure the previous sentence reported ('Economists had expected a
# 0.3% gain.', 'A Reuters poll had pointed to 3.6%.'): the consensus is for that figure's period
NEXT_SENTENCE_CONSENSUS = Rule(
    "period.consensus_next_sentence",
    r"\W*(?:[\w'’-]+\s+){0,3}?(?:analysts?|economists?|strategists?|forecasters|traders|investors|markets?|"
    r"(?:a|the)\s+(?:[\w-]+\s+){0,2}?(?:poll|survey|consensus))\b[^.;\d]{0,40}?\b(?:had\s+(?:(?:on average|on "
    r"aggregate|widely)\s+)?(?:expected|forecast|estimated|predicted|projected|anticipated|pointed to|called for|"
    r"pencill?ed in|looked for)|expected|estimated|predicted|projected|anticipated|pointed to|called for|looked for)"
    r"\b[^.;\d]{0,40}$",
    ("Economists had expected a ", "A Reuters poll had pointed to ", "Analysts at Orrin Bank, who had expected "))
# the number of people asked in a poll ('all 31 economists in a Reuters poll', '21 of 24 economists', '14 equity
# strategists polled') is no figure of the sentence's time
POLLED = Rule("period.poll_size",
              r"\s+(?:of\s+\d+\s+)?(?:(?!(?:by|forecasts?|expected|estimated|predicted|projected|seen|had|were|are)\b)"
              r"[\w-]+\s+){0,2}?(?:economists|analysts|strategists|forecasters|fund managers|respondents)\b"
              r"(?!\s+(?:had|have|expected|forecast|predicted|estimated|projected)\b)",
              (" economists in a Reuters poll", " of 24 economists"))
# a standing target ('above the bank's 3% target', 'the Fed's 2% goal', 'its 5-7% target range') is no figure of the
# sentence's time; only a deadline of its own clause dates it ('return to its 2% target by mid-2027')
STANDING_TARGET = Rule("period.standing_target", r"\s*(?:inflation\s+)?(?:target|goal)s?\b(?!\s+(?:of|for)\b)",
                       (" target by mid-2027", " inflation target has been met", " target range"))
TARGET_OWNER = Rule("period.target_owner", r"(?:\b(?:its|their|the|his|her)|['’]s)\s+(?:[\w-]+\s+)?$",
                    ("above the bank's ", "return to its medium-term "))

# Structural rules: they compare the claims of one sentence, no text pattern; traced by these ids like the Rules
# above (tests/nlp/test_component.py checks every traced id is one or the other). Invented examples in brackets.
STRUCTURAL_RULES = {
    "speaker.agent": "a planned, guided or forecast figure with no sentence source is spoken by the agent of its "
                     "verb, read on the parse [Strategists at Harlow expect the index to reach 640]",
    "speaker.described": "a source described, not named: the company named before it, or the words "
                         "[profit rose 8%, the drugmaker said] [exports rose 4%, the statistics bureau said]",
    "speaker.rater_at_end": "a price target is spoken by the firm named after 'at' or 'by' closing its sentence "
                            "[Orrel stock price target raised to $318 from $310 at Quill RH]",
    "speaker.poll": "an expected figure is spoken by the poll or consensus its sentence names "
                    "[below the 3.3% expected by economists polled by Reuters]",
    "metric.base_of_reference": "a comparison base takes the metric of the figure it is the base of "
                                "[profit of $5m, up from $4m]",
    "metric.appositive_change": "a change after a business figure is the change of that figure "
                                "[sold 12,000 cars in May, up 14%]",
    "metric.valuation_multiple": "a multiple next to a valuation multiple is one too "
                                 "[trades at 11 times earnings, below its average of 14 times]",
    "metric.index_level": "index points not otherwise read are a level [the gauge stood at 3,400 points]",
    "metric.aggregate_no_price": "money written with a scale word (crore, million, billion) is a total, never a "
                                 "price level: the metric of the move it ends, else other [Harlow Foods Q2 up 33% "
                                 "at Rs 89 crore]",
    "metric.fx_level": "an exchange rate the unit stage read is a level, not `other` [the Norland crown weakened "
                       "to 11.2 per dollar]",
    "subject.base_of_reference": "a comparison base is about the subject of its figure [Acme earned $5m, "
                                 "from $4m]",
    "direction.from_change": "a level takes the direction of a change stated for it "
                             "[revenue was $80m, a 6% increase]",
    "comparator.restated_twin": "a figure restated in another currency keeps its twin's comparator "
                                "[less than 5 billion euros ($5.4 billion)]",
    "metric.index_points_level": "index points are not a national statistic, unless the sentence names an economic "
                                 "survey (metric.survey_index): a level of the index "
                                 "[the Arden 40 is forecast at 9,000, as the bank raises rates]",
    "metric.same_figure_in_text": "one figure in two sentences of a text (a headline and its body) about one "
                                  "subject takes the specific metric one of them has [Velto hires 2,000 nurses. "
                                  "Velto said it added 2,000 nurses this year.]",
    "period.carried": "a figure in a sentence that names no time is dated (period_start, period_end) by the time of "
                      "the event an earlier sentence reported; its period_text stays null, as the guide writes only "
                      "the claim's own time [Acme fell 3% on Tuesday. Brio lost 2%.]",
    "period.consensus_of_actual": "a consensus figure is for the period of the actual it is compared with, not of "
                                  "that actual's comparison base [profit fell to $2m from $3m a year earlier in the "
                                  "third quarter, below the $2.4m expected]",
    "period.parallel_market_move": "a market move without a time shares the day of an earlier move of its "
                                   "sentence [Gold rose 1% to $2,600 on Friday, while silver added 2%]",
    "period.parallel_results": "a results figure without a time shares the results period of an earlier results "
                               "figure of its sentence [Q3 revenue rose 8%, while cloud sales reached $2 billion]",
    **SUBJECT_FORM_RULES,
}
_MARKET_MOVES = frozenset({Metric.RETURN, Metric.PRICE_LEVEL, Metric.MARKET_VALUE})
_PROPAGATED_METRICS = frozenset({Metric.REVENUE, Metric.PROFIT, Metric.EPS, Metric.DIVIDEND, Metric.MARGIN,
                                 Metric.VOLUME_FLOWS, Metric.MARKET_VALUE})
_RESULTS = frozenset({Metric.REVENUE, Metric.PROFIT, Metric.EPS, Metric.MARGIN})
_NAME_KINDS = ("company", "organization", "outlet", "index", "basket", "product", "commodity")
_LEVEL_UNITS = (Unit.CURRENCY, Unit.INDEX_POINTS)


# ----------------------------------------------------------------------------- typed state
@dataclass(frozen=True)
class Built:
    """A claim built in the current sentence, with its number and whether it is a comparison base."""

    claim: Claim
    num: NumExpr
    base: bool
    dated_by: str | None = None  # the report's time that dates it when it names none (``Timing.carried``)


@dataclass
class SentenceState:
    """The sentence being read: its bounds, where the previous figure ended, the claims built so far."""

    span: Span
    prev_end: int
    built: list[Built] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.span.start_char

    @property
    def end(self) -> int:
        return self.span.end_char

    @property
    def last(self) -> Claim | None:
        return self.built[-1].claim if self.built else None


@dataclass(frozen=True)
class Figure:
    """One number being read: its index in the text's numbers, the text since the previous figure of its
    sentence (``gap``), whether it is a comparison base, and the claim it restates (``twin``)."""

    num: NumExpr
    idx: int
    gap: str
    base: bool  # a comparison base, or a consensus figure (which takes the actual's metric and subject too)
    twin: Claim | None
    consensus: bool = False  # 'versus 4.3% expected': the consensus for the figure before it


@dataclass
class TextMemory:
    """What the text's earlier sentences established: the time of the event they reported ('on Tuesday', 'in the
    third quarter'), which governs later figures of the same report that name no time of their own."""

    lead_period: str | None = None
    lead_is_day: bool = False
    previous: list[Built] = field(default_factory=list)  # the figures of the previous sentence that had any

    def settle(self, built: list[Built]) -> None:
        """After a sentence: its first reported figure with an event's time leads the sentences that follow."""
        self.previous = built
        for b in built:
            rules = set(b.claim.rules)
            if not b.base and b.claim.period_text and CARRIED_RULES & rules and "period.carried" not in rules:
                self.lead_period, self.lead_is_day = b.claim.period_text, bool(DAY_RULES & rules)
                return

    def carried(self, unit: Unit, metric: Metric, direction: Direction | None) -> str | None:
        """The lead period for a figure of a later sentence: a day for any figure but a valuation, a multiple or a
        stake, a results period only for results and statistics (not a share move)."""
        if self.lead_period is None or metric in (Metric.VALUATION, Metric.STAKE) or \
                direction is None and (metric == Metric.OTHER or unit == Unit.MULTIPLE):
            return None
        if metric in _MARKET_MOVES and not self.lead_is_day:
            return None
        return self.lead_period


@dataclass(frozen=True)
class TextContext:
    """What every stage may read about the text."""

    text: str
    masked: str  # entity names blanked out, so a name is never a metric word
    doc: Doc
    mentions: list[Mention]
    nums: list[NumExpr]
    resolver: SubjectResolver
    periods: SentencePeriods  # each sentence's time expressions, found once
    memory: TextMemory = field(default_factory=TextMemory)
    period_ranker: PeriodChooser | None = None  # the learned period choice (None: the rules)
    parts: dict[int, Part] = field(default_factory=dict)  # the part of its subject a claim is about, by id(claim)


@dataclass(frozen=True)
class Reading:
    """The attributes the stages decided for one figure."""

    unit: Unit
    comparator: Comparator | None
    direction: Direction | None
    metric: Metric
    period: str | None
    subject: str | None
    dated_by: str | None = None  # the report's time, when the figure's own words name none (``Timing.carried``)


@dataclass(frozen=True)
class Timing:
    """The period stage's answer: the figure's own time expression (its ``period_text``: what its clause says or
    points back to), and, when it has none, the time of the event the text's earlier sentences reported, which
    dates the claim (``period_start`` / ``period_end``) without being written as its period."""

    own: str | None
    carried: str | None = None


# ----------------------------------------------------------------------------- driver
def extract_claims(text: str, doc: Doc, mentions: list[Mention], quotes: list[Quote] | None = None,
                   published: date | None = None, subject_ranker: SubjectRanker | None = None,
                   period_ranker: PeriodChooser | None = None) -> list[Claim]:
    """Claims in text order. ``doc`` is spaCy's parse of ``text``; ``mentions`` its linked entities;
    ``subject_ranker`` and ``period_ranker`` the learned subject and period choices (None: the rules)."""
    mentions = [replace(m, kind=m.kb_kind) if m.kb_kind else m for m in mentions]  # gold is a commodity here
    nums = find_numbers(text, [(m.start, m.end) for m in mentions if any(ch.isdecimal() for ch in m.text)])
    if not nums:
        return []
    resolver = SubjectResolver(doc, mentions, subject_ranker)
    ctx = TextContext(text, mask_names(text, mentions), doc, mentions, nums, resolver,
                      SentencePeriods(text), period_ranker=period_ranker)
    sents = list(doc.sents)
    claims: list[Claim] = []
    by_num: dict[int, Claim] = {}
    si = 0
    state: SentenceState | None = None
    prev_claim: Claim | None = None
    for idx, x in enumerate(nums):
        while si < len(sents) - 1 and sents[si].end_char <= x.start:
            si += 1
        if state is None or sents[si] is not state.span:
            if state is not None:
                settle_sentence(text, state)
                ctx.memory.settle(state.built)
            state = SentenceState(sents[si], sents[si].start_char)
        claim = read_figure(ctx, state, idx, by_num, prev_claim, quotes or [], published)
        if claim is None:
            continue
        claims.append(claim)
        by_num[idx] = claim
        if RESPECTIVELY.match(text[x.end:x.end + 20]):
            pair_respectively(text, state.built, mentions, state.start)
        state.prev_end = x.end
        prev_claim = claim
    if state is not None:
        settle_sentence(text, state)
    name_subjects(claims, mentions, text, ctx.parts)
    return claims


def name_subjects(claims: list[Claim], mentions: list[Mention], text: str, parts: dict[int, Part] | None = None
                  ) -> None:
    """Each claim's subject as the text writes it, the knowledge base's name and id apart
    (:func:`subject_forms.subject_name`), with the part of it the claim is about ('STOXX 600 autos sub-index',
    ``parts`` by the claim's id); the stages before decide by canonical names."""
    defined = defined_abbreviations(text)
    head_end = headline_end(text)
    named: dict[tuple[str | None, int | None], SubjectName] = {}
    for c in claims:
        key = (c.subject, c.start if head_end is not None and c.start < head_end else None)  # a headline's own
        if key not in named:
            named[key] = subject_name(c.subject, mentions, text, defined, head_end, c.start)
        found = named[key]
        if parts and id(c) in parts:
            found = parts[id(c)].name(found)
        c.subject, c.subject_entity, c.subject_id = found.text, found.entity, found.kb_id
        c.rules.extend(found.rules)


def read_figure(ctx: TextContext, state: SentenceState, idx: int, by_num: dict[int, Claim],
                prev_claim: Claim | None, quotes: list[Quote], published: date | None) -> Claim | None:
    """Run the stages on one number; None when it is not a claim (the unit stage refuses it)."""
    x = ctx.nums[idx]
    fired: list[str] = list(x.rules)  # the number stage's rules first
    twin = by_num.get(x.twin_of) if x.twin_of is not None else None
    base = claim_rules.is_base(ctx.text, x, state.prev_end, fired)
    consensus = state.prev_end > state.start and claim_rules.is_consensus(ctx.text, x, state.prev_end, fired)
    fig = Figure(x, idx, ctx.text[state.prev_end:x.start], base or consensus, twin, consensus)
    subject, kind = (twin.subject, None) if twin is not None else ctx.resolver.resolve(x, state.span)
    fired += ctx.resolver.fired if twin is None else []
    unit = unit_stage(ctx, state, fig, kind, fired)
    if unit is None:
        return None
    comparator = comparator_stage(ctx, state, fig, fired)
    direction = direction_stage(ctx, state, fig, prev_claim, fired)
    metric = metric_stage(ctx, state, fig, unit, direction, fired)
    metric = _consensus_of_previous(ctx, state, fig, unit, prev_claim, metric, fired)
    direction = settled_direction(ctx, state, fig, unit, metric, direction, fired)
    timing = period_stage(ctx, state, fig, prev_claim, metric, direction, fired, unit)
    direction, metric, period = coordinated(state, fig, unit, direction, metric, timing.own, fired)
    subject = subject_stage(ctx, state, fig, unit, metric, subject, kind, fired)
    reading = Reading(unit, comparator, direction, metric, period, subject, None if period else timing.carried)
    claim = make_claim(ctx.text, state, x, reading, quotes, published, fired)
    _note_part(ctx, state, fig, unit, claim, prev_claim)
    state.built.append(Built(claim, x, fig.base, reading.dated_by))
    if twin is None:
        ctx.resolver.remember(subject, kind, state.span)
    return claim


def _note_part(ctx: TextContext, state: SentenceState, fig: Figure, unit: Unit, claim: Claim,
               prev: Claim | None) -> None:
    """The part of its subject the claim is about (named with its whole as written in :func:`name_subjects`); a
    comparison base's is its reference figure's ('industrial orders fell 4.3%, more than the 1.5% drop forecast');
    a statistic named without its whole is the whole's the figure before was about ('new listings fell 2.4%')."""
    if not claim.subject or fig.twin is not None:
        return
    if fig.base:
        ref = reference_claim(state, unit)
        part = ctx.parts.get(id(ref)) if ref is not None and ref.subject == claim.subject else None
    else:
        part = part_of(ctx.doc, fig.num, claim.subject, ctx.mentions) or \
            statistic_as_written(ctx.doc, fig.num, claim.subject, ctx.mentions)
    if part is None and not fig.base and prev is not None and prev.subject and \
            all(m.name != claim.subject for m in ctx.mentions):
        whole = next((m for m in ctx.mentions if m.name == prev.subject), None)
        found = part_of_chunk(claim.subject, whole, ctx.mentions)
        if found is not None:
            claim.subject, part = found
    if part is not None:
        ctx.parts[id(claim)] = part


def make_claim(text: str, state: SentenceState, x: NumExpr, r: Reading, quotes: list[Quote],
               published: date | None, fired: list[str]) -> Claim:
    p_start, p_end = normalise_period(r.period or r.dated_by, published)
    speaker = next((q.speaker for q in quotes if q.start <= x.start and x.end <= q.end), None)
    qs = max(state.start, _word_start(text, x.start, 3))
    qe = min(state.end, _word_end(text, x.end, 2))
    return Claim(value=x.value, unit=r.unit, start=x.start, end=x.end, quote=text[qs:qe].strip(),
                 value_high=x.value_high, currency=x.currency if r.unit == Unit.CURRENCY else None,
                 comparator=r.comparator, direction=r.direction, metric=r.metric, subject=r.subject,
                 period_text=r.period, period_start=p_start, period_end=p_end, speaker=speaker, rules=fired)


def mask_names(text: str, mentions: list[Mention]) -> str:
    """``text`` with the letters of entity names replaced by 'X' ('Northwind Holdings' is not a holding)."""
    masked = list(text)
    for m in mentions:
        if m.kind in _NAME_KINDS:
            for i in range(m.start, min(m.end, len(masked))):
                if not masked[i].isspace():
                    masked[i] = "X"
    return "".join(masked)


# ----------------------------------------------------------------------------- stages
def _as_unit(value: object) -> Unit | None:
    """The unit stage's answer as a Unit; None for a refusal (not a claim)."""
    try:
        return Unit(value)
    except ValueError:
        return None


def _as_direction(value: str | None) -> Direction | None:
    return Direction(value) if value else None


def unit_stage(ctx: TextContext, state: SentenceState, fig: Figure, kind: str | None, fired: list[str]) -> Unit | None:
    """The number's unit; a bare number right after a percentage move is the level reached
    ('closed 1.5% higher at 212.40': index points in an index sentence, else money)."""
    unit = _as_unit(claim_rules.unit(ctx.text, fig.num, state.start, state.end, kind, ctx.doc, fired))
    last = state.last
    if unit is None and last is not None and last.unit == Unit.PERCENT and UNIT_LEVEL_REACHED.fullmatch(fig.gap, fired):
        index = UNIT_INDEX_WORDS.search(ctx.text[state.start:state.end], fired)
        unit = Unit.INDEX_POINTS if index or kind == "index" else Unit.CURRENCY
        if unit == Unit.CURRENCY and fig.num.currency is None:  # 'the yen slid 0.9% to 143.27': in yen per dollar
            fig.num.currency = claim_rules.moved_currency(ctx.text[state.start:fig.num.start], fired)
    if unit is None and last is not None and last.unit == Unit.COUNT and _continues_count(fig.gap, fired):
        unit = Unit.COUNT  # 'cut 300 jobs, including up to 120 in Norland': the count named before
    return unit


def _continues_count(gap: str, fired: list[str]) -> bool:
    """The text since the previous count, in the same clause and naming no money, leads to this number."""
    return not {";", ":"} & set(gap) and not claim_rules.U_MONEY_WORDS.search(gap) and \
        UNIT_COUNT_CONTINUED.search(gap, fired) is not None


def comparator_stage(ctx: TextContext, state: SentenceState, fig: Figure, fired: list[str]) -> Comparator | None:
    """The comparator words before the number; a figure restated in another currency ('less than 5.9 trillion
    riyals ($1.57 tn)') keeps its twin's."""
    value = claim_rules.comparator(ctx.text, fig.num, state.start, fired)
    if value is None and fig.twin is not None and fig.twin.comparator and not fig.num.prior:
        fired.append("comparator.restated_twin")
        return Comparator(fig.twin.comparator)
    return Comparator(value) if value else None


def direction_stage(ctx: TextContext, state: SentenceState, fig: Figure, prev_claim: Claim | None,
                    fired: list[str]) -> Direction | None:
    """The movement words around the number; a restated figure keeps its twin's; a level reached after a
    move ('fell 4% to 18.20') takes that move's direction. An earlier period's figure in brackets has none."""
    if fig.twin is not None and fig.num.prior:
        return None
    if fig.twin is not None:
        return Direction.DOWN if fig.num.negative else _as_direction(fig.twin.direction)
    value = claim_rules.direction(ctx.text, fig.num, state.start, state.end, fig.base, state.prev_end, fired)
    if value is None and not fig.base and prev_claim is not None and state.built and prev_claim.direction and \
            DIRECTION_LEVEL_REACHED.fullmatch(fig.gap, fired):
        value = prev_claim.direction
    return _as_direction(value)


def settled_direction(ctx: TextContext, state: SentenceState, fig: Figure, unit: Unit, metric: Metric,
                      direction: Direction | None, fired: list[str]) -> Direction | None:
    """A consensus figure moves as its actual does where the units allow ('rose 4.4% versus 4.3% expected');
    a return or growth rate without a movement word keeps the sign of the figure ('returns of 7%')."""
    if fig.consensus and fig.twin is None:
        named = None if direction is not None else \
            DIRECTION_EXPECTED_MOVE.regex.search(ctx.text, max(state.start, fig.num.start - 40), fig.num.start)
        if named is not None:
            DIRECTION_EXPECTED_MOVE.note(fired)
            direction = Direction.UP if named.group("n").lower() in claim_rules.UP_NOUNS else Direction.DOWN
        ref = reference_claim(state, unit)
        if ref is not None:
            direction = claim_rules.consensus_direction(unit, direction, ref.unit, ref.direction)
    if fig.base and direction is None and metric == Metric.PROFIT and _base_of_loss(ctx, state, fig, unit, fired):
        return Direction.DOWN
    if fig.base and direction is None and OLD_TARGET.search(ctx.text[state.start:fig.num.start], fired):
        return None  # 'target raised to $65 vs. $64': the old target did not move
    if direction is None and not fig.base and DIRECTION_LESS_AFTER.match(ctx.text, fired, fig.num.end):
        return Direction.DOWN  # 'may earn 11% less': a smaller amount, whatever the figure measures
    if metric == Metric.RETURN and direction is None and unit == Unit.PERCENT and fig.num.value > 0 and (
            DIRECTION_RETURN_SIGN.search(ctx.text[max(state.start, fig.num.start - 40):fig.num.start], fired) or
            RETURN_AFTER.match(ctx.text, fired, fig.num.end)):
        return Direction.UP  # 'annual returns of 7%', 'a 6.6% return': a return keeps its sign
    return direction


def _base_of_loss(ctx: TextContext, state: SentenceState, fig: Figure, unit: Unit, fired: list[str]) -> bool:
    """Is the figure a comparison base, not named a profit, of a figure its clause names a loss?"""
    ref = last_compatible_built(state.built, unit)
    if ref is None or ref.claim.direction != Direction.DOWN or DIRECTION_BASE_OF_PROFIT.search(fig.gap):
        return False
    clause = ctx.text[state.start:ref.num.start]
    losses = [m.end() for m in DIRECTION_BASE_OF_LOSS.regex.finditer(clause)]
    if not losses or max(losses) < max((m.end() for m in DIRECTION_BASE_OF_PROFIT.regex.finditer(clause)), default=-1):
        return False
    DIRECTION_BASE_OF_LOSS.note(fired)
    return True


def reference_claim(state: SentenceState, unit: Unit) -> Claim | None:
    """The figure a comparison base is the base of: the last non-base claim of the sentence in a compatible unit."""
    return last_compatible(state.built, unit)


_MONEY_LIKE = frozenset({Unit.CURRENCY, Unit.OTHER, Unit.COUNT})


def compatible_units(a: str, b: str) -> bool:
    """One unit, or two amounts of things (money, other units, counts): one figure may refer to the other."""
    return a == b or {a, b} <= _MONEY_LIKE


def last_compatible_built(built: Sequence[Built], unit: Unit) -> Built | None:
    """The last non-base entry of ``built`` whose claim is in a unit compatible with ``unit``."""
    return next((b for b in reversed(built) if not b.base and compatible_units(b.claim.unit, unit)), None)


def last_compatible(built: Sequence[Built], unit: Unit) -> Claim | None:
    """The last non-base claim of ``built`` in a unit compatible with ``unit``."""
    found = last_compatible_built(built, unit)
    return found.claim if found is not None else None


def metric_stage(ctx: TextContext, state: SentenceState, fig: Figure, unit: Unit, direction: Direction | None,
                 fired: list[str]) -> Metric:
    """What the figure measures: the keyword rules, then what the sentence's other claims say of it."""
    if fig.twin is not None:
        metric = Metric(fig.twin.metric)
    else:
        metric = Metric(claim_rules.metric(ctx.masked, fig.num, unit, state.start, state.end, direction, fired))
        metric = _metric_from_neighbours(state, fig, unit, metric, fired)
    return _aggregate_no_price(ctx, state, fig, unit, _metric_of_level(ctx, state, fig, unit, metric, fired), fired)


def _aggregate_no_price(ctx: TextContext, state: SentenceState, fig: Figure, unit: Unit, metric: Metric,
                       fired: list[str]) -> Metric:
    """Money written with a scale word is a total (profit, sales, a deal's value), never a price level: the
    metric of the move whose end it is ('Q2 up 33% at Rs 89 crore': the profit's), else the business figure its
    sentence names before it ('expects profit of 310 million, up from a range of 285 million'), else other."""
    if metric != Metric.PRICE_LEVEL or unit != Unit.CURRENCY or fig.num.scale < claim_rules.AGGREGATE_SCALE:
        return metric
    fired.append("metric.aggregate_no_price")
    last = state.last
    if last is not None and last.metric in BUSINESS_METRICS and METRIC_LEVEL_REACHED.fullmatch(fig.gap):
        return Metric(last.metric)
    return claim_rules.business_named_before(ctx.masked, fig.num.start, state.start) or Metric.OTHER


def _consensus_of_previous(ctx: TextContext, state: SentenceState, fig: Figure, unit: Unit,
                           prev_claim: Claim | None, metric: Metric, fired: list[str]) -> Metric:
    """The first figure of a sentence that gives the consensus ('Economists had expected a 0.3% gain.') is the
    consensus for the figure reported just before it, in the sentence before: that figure's metric."""
    if state.built or fig.twin is not None or prev_claim is None or prev_claim.start >= state.start or \
            not compatible_units(prev_claim.unit, unit):
        return metric
    if not METRIC_CONSENSUS_LEAD.search(ctx.text[state.start:fig.num.start], fired):
        return metric
    return Metric(prev_claim.metric)


def _metric_from_neighbours(state: SentenceState, fig: Figure, unit: Unit, metric: Metric,
                            fired: list[str]) -> Metric:
    last = state.last
    if fig.base:
        ref = reference_claim(state, unit)
        if ref is not None:
            fired.append("metric.base_of_reference")
            return Metric(ref.metric)
        return metric
    if last is not None and metric in (Metric.RETURN, Metric.OTHER) and \
            unit in (Unit.PERCENT, Unit.PERCENTAGE_POINTS) and last.metric in BUSINESS_METRICS and \
            APPOSITIVE_CHANGE.fullmatch(fig.gap):
        fired.append("metric.appositive_change")
        return Metric(last.metric)
    return metric


def _metric_of_level(ctx: TextContext, state: SentenceState, fig: Figure, unit: Unit, metric: Metric,
                     fired: list[str]) -> Metric:
    """Money or points that are a level, not a move: past a threshold, near a price, reached after a move."""
    x, text, new = fig.num, ctx.text, fig.twin is None
    if unit in _LEVEL_UNITS and new and metric in (Metric.RETURN, Metric.OTHER) and \
            METRIC_THRESHOLD.search(text[max(state.start, x.start - 12):x.start]) and \
            not claim_rules.names_an_amount(ctx.masked, x.start, state.start):
        METRIC_THRESHOLD.note(fired)
        metric = Metric.PRICE_LEVEL
    if new and unit == Unit.CURRENCY and metric == Metric.OTHER and {"unit.fx_sentence", "unit.fx_rate"} & set(fired):
        fired.append("metric.fx_level")
        metric = Metric.PRICE_LEVEL  # a currency's rate the unit stage read ('the lira hit a record low of 43.1')
    if new and unit == Unit.MULTIPLE and metric == Metric.OTHER and any(
            b.claim.metric == Metric.VALUATION and b.claim.unit == Unit.MULTIPLE for b in state.built):
        fired.append("metric.valuation_multiple")
        metric = Metric.VALUATION
    if unit == Unit.INDEX_POINTS and metric == Metric.OTHER:
        fired.append("metric.index_level")
        metric = Metric.PRICE_LEVEL
    if unit == Unit.INDEX_POINTS and metric == Metric.MACRO and \
            not METRIC_SURVEY_INDEX.search(text[state.start:x.start], fired):
        fired.append("metric.index_points_level")
        metric = Metric.PRICE_LEVEL  # a survey reading ('the Ifo index fell to 86.4') stays a national statistic
    if new and not fig.base and metric == Metric.RETURN and unit in _LEVEL_UNITS and \
            METRIC_NEAR_LEVEL.search(text[max(state.start, x.start - 10):x.start], fired):
        metric = Metric.PRICE_LEVEL
    last = state.last
    if new and not fig.base and last is not None and last.metric == Metric.RETURN and last.unit == Unit.PERCENT \
            and unit in _LEVEL_UNITS and METRIC_LEVEL_REACHED.fullmatch(fig.gap, fired):
        metric = Metric.PRICE_LEVEL
    return metric


def period_stage(ctx: TextContext, state: SentenceState, fig: Figure, prev_claim: Claim | None, metric: Metric,
                 direction: Direction | None, fired: list[str], fig_unit: Unit = Unit.OTHER) -> Timing:
    """The time expression the figure belongs to: the rules' (:func:`_rule_timing`), or the learned ranker's
    choice among the sentence's expressions, the rules' answer and none; a restated figure keeps its twin's."""
    if fig.twin is not None and fig.num.prior:  # 'EUR 0.14 (0.09)': the earlier period, which it does not name
        return Timing(None)
    if fig.twin is not None:  # a restatement ('5 billion euros ($5.4 billion)') is dated as its twin
        return Timing(fig.twin.period_text, _dated_by(ctx, state, fig.twin))
    view = figure_context(fig.num, ctx.nums[fig.idx + 1:], state.start, state.end, fig.base and not fig.consensus,
                          prev_claim, metric, direction)
    spans = ctx.periods.within(state.start, state.end)
    before = len(fired)
    timing = _rule_timing(ctx, state, fig, prev_claim, metric, direction, fired, fig_unit, view, spans)
    if ctx.period_ranker is None:
        return _per_year(ctx.text, fig, timing, fired)
    timing = _learned_timing(ctx, state, fig, view, spans, timing, (fired, before), fig_unit, metric, direction)
    return _per_year(ctx.text, fig, timing, fired)


# a rate per year right after its figure ('180,000 tonnes of copper a year', 'save $240 million per year'): its time
# when no other expression dates the figure ('a year earlier' and 'a year ago' are comparison bases)
PER_YEAR = Rule("period.per_year",
                r"(?:\s+(?!(?:from|to|in|than|and|or|with|since|after|before|by|at|on|the|its|their)\b)"
                r"[a-z][\w-]*){0,4}?"
                r"\s+(?P<p>(?:a|per)\s+(?:year|annum))\b(?!\s+(?:earlier|ago|before|later|on\b))",
                (" tonnes of copper a year", " per annum", " euros a year once complete"), flags=0)


def _per_year(text: str, fig: Figure, timing: Timing, fired: list[str]) -> Timing:
    if timing.own is not None:  # (a restated figure never gets here: it is dated as its twin)
        return timing
    m = PER_YEAR.match(text, fired, fig.num.end)
    return Timing(m.group("p"), timing.carried) if m else timing


def _learned_timing(ctx: TextContext, state: SentenceState, fig: Figure, view: FigureContext,
                    spans: tuple[PeriodSpan, ...], timing: Timing, traced: tuple[list[str], int], fig_unit: Unit,
                    metric: Metric, direction: Direction | None) -> Timing:
    """The learned ranker's choice among the sentence's expressions, the rules' answer and none (``traced``: the
    claim's rule trace and where the rules' timing began noting in it)."""
    fired, before = traced
    # the sentence's other figures (``ctx.nums`` is in text order), not a scan of the whole text's per figure
    lo, hi = (bisect_left(ctx.nums, at, key=attrgetter("start")) for at in (state.start, state.end))
    others = tuple(n.start for n in ctx.nums[lo:hi] if n is not fig.num)
    trace = tuple(r for r in fired[before:] if r.startswith("period."))
    query = PeriodQuery(ctx.text, spans, view, fig_unit, metric, direction, others, timing.own, trace, ctx.doc)
    own = choose_learned(ctx.period_ranker, query)
    if own == timing.own:
        return timing
    fired.append("period.learned")
    return Timing(own, timing.carried if own is None else None)


def _rule_timing(ctx: TextContext, state: SentenceState, fig: Figure, prev_claim: Claim | None, metric: Metric,
                 direction: Direction | None, fired: list[str], fig_unit: Unit, view: FigureContext,
                 spans: tuple[PeriodSpan, ...]) -> Timing:
    """The rules' time expression for the figure (:func:`periods.choose_period`); a consensus figure is dated as
    the actual's, not as a comparison base."""
    if prev_claim is not None and view.previous_period is None and any(p.rule == "period.that_period" for p in spans):
        # 'Profit rose 9%. During the period, costs fell 2%.': the antecedent is the time that dated the figure before
        view = replace(view, previous_period=_dated_by(ctx, state, prev_claim))
    if fig_unit in (Unit.COUNT, Unit.OTHER) and POLLED.match(ctx.text, fired, fig.num.end):
        return Timing(None)  # 'as all 31 economists in a Reuters poll had expected': who was asked, not when
    if fig_unit == Unit.PERCENT and STANDING_TARGET.regex.match(ctx.text, fig.num.end) and \
            TARGET_OWNER.regex.search(ctx.text, max(state.start, fig.num.start - 40), fig.num.start):
        STANDING_TARGET.note(fired)  # 'above the bank's 3% target': only a time of its own ('its 2% goal by 2027')
        own = period_right_after(ctx.text, spans, fig.num.end, view.next_start)
        return Timing(own.text if own is not None else None)
    if not fig.base and not state.built and all(p.rule in NOT_OWN_TIME_RULES for p in spans) and \
            NEXT_SENTENCE_CONSENSUS.regex.match(ctx.text, state.start, fig.num.start):
        # 'Profit rose to $2m, up from $1.6m. Analysts had expected $2.3m.': the first figure the sentence reported
        ref = last_compatible(ctx.memory.previous[::-1], fig_unit)
        if ref is not None and ref.period_text:
            NEXT_SENTENCE_CONSENSUS.note(fired)
            return Timing(ref.period_text)
    if fig.consensus:  # 'versus 4.3% expected': the actual's period, not its comparison base's, unless it names its own
        ref = reference_claim(state, fig_unit)
        if ref is not None and period_right_after(ctx.text, spans, fig.num.end, view.next_start) is None:
            fired.append("period.consensus_of_actual")
            return Timing(ref.period_text, None if ref.period_text else _dated_by(ctx, state, ref))
    period = choose_period(ctx.text, spans, view, fired)
    if period is not None or fig.base:
        return Timing(period)
    period = _parallel_market_move(ctx.text, state, fig.num.start, metric, direction, fired) or \
        _parallel_results(state, metric, fired)
    if period is not None:
        return Timing(period)
    return Timing(None, _report_time(ctx, state, fig, spans, metric, direction, fired, fig_unit))


def _dated_by(ctx: TextContext, state: SentenceState, claim: Claim) -> str | None:
    """The report's time that dated an earlier claim of the text which names no time of its own."""
    return next((b.dated_by for b in (*state.built, *ctx.memory.previous) if b.claim is claim), None)


def _report_time(ctx: TextContext, state: SentenceState, fig: Figure, spans: tuple[PeriodSpan, ...],
                 metric: Metric, direction: Direction | None, fired: list[str], fig_unit: Unit) -> str | None:
    """The time of the event an earlier sentence reported, for a figure whose sentence names no time of its own
    (only a comparison base's, a later clause's or a record's): it dates the claim, but is not its ``period_text``,
    which the guide keeps to the claim's own words ('Acme fell 3% on Tuesday. Brio lost 2%.': Brio's move is
    Tuesday's, and names no time)."""
    based = [p for p in spans if _base_owned(ctx, state, p)]
    later = [p for p in spans if p not in based and _later_clause(ctx.text, fig.num.end, p)]
    if not all(p.rule in NOT_OWN_TIME_RULES or record_reference(ctx.text, p) or p in based or p in later
               for p in spans):
        return None
    period = ctx.memory.carried(fig_unit, metric, direction)
    if period is not None:
        fired.append("period.carried")
        for rule, used in ((BASE_OWNED, based), (LATER_CLAUSE, later)):
            if used:
                rule.note(fired)
    return period


BASE_OWNED = Rule("period.base_owned", r"\b(?:from|versus|vs\.?|compared (?:with|to)|against)\s+$",  # not "more than"
                  ("The trade surplus widened to $112 billion from ",))




def _later_clause(text: str, end: int, span: PeriodSpan) -> bool:
    """[period.later_clause] A time in a later clause of its own ('Ether fell 9%, and crypto stocks slid 5% on
    Monday') is that clause's, not the figure's: it does not stop the report's time from carrying to the figure."""
    return span.start >= end and LATER_CLAUSE.regex.search(text, end, span.start) is not None


def _base_owned(ctx: TextContext, state: SentenceState, span: PeriodSpan) -> bool:
    """[period.base_owned] A time right after a comparison base ('widened to $112bn from $96bn in October') is the
    base's, not the sentence's own: it does not stop the report's time from carrying to the figure before it."""
    base = next((n for n in ctx.nums if n.end <= span.start and not ctx.text[n.end:span.start].strip()), None)
    return base is not None and BASE_OWNED.regex.search(ctx.text, state.start, base.start) is not None


def _parallel_market_move(text: str, state: SentenceState, at: int, metric: Metric, direction: Direction | None,
                          fired: list[str]) -> str | None:
    """A market move beside an earlier move of its sentence that has a day or a session: 'Gold rose 1% to $2,600
    on Friday, while silver added 2%' reports both moves of one day; not a move in a relative clause closed
    before the figure at ``at`` ('The broker, whose shares fell 2% on Tuesday, raised its target to $40')."""
    if direction is None or metric not in _MARKET_MOVES:
        return None
    closed = [b for b in state.built if closed_relative(text, state.start, b.num.start, b.num.end, at)]
    return _shared_period(state, _MARKET_MOVES, PARALLEL_RULES, "period.parallel_market_move", fired, moving=True,
                          skip=closed)


def _parallel_results(state: SentenceState, metric: Metric, fired: list[str]) -> str | None:
    """A results figure beside an earlier results figure of its sentence that has a results period: 'third-quarter
    revenue jumped 31% to $4.1 billion, while data-center sales reached $2.6 billion; EPS of $1.07 beat ...'
    reports one quarter."""
    if metric not in _RESULTS:
        return None
    return _shared_period(state, _RESULTS, RESULTS_PERIOD_RULES, "period.parallel_results", fired)


def _shared_period(state: SentenceState, metrics: frozenset[Metric], rules: frozenset[str], rule_id: str,
                   fired: list[str], *, moving: bool = False, skip: Sequence[Built] = ()) -> str | None:
    """The period of the latest figure of the sentence (not a base; a move when ``moving``; not one of ``skip``) of
    one of ``metrics`` whose period one of ``rules`` found; ``rule_id`` is recorded when there is one."""
    for b in reversed(state.built):
        if any(b is s for s in skip):
            continue
        c = b.claim
        if not b.base and (c.direction or not moving) and c.metric in metrics and c.period_text and \
                rules & set(c.rules):
            fired.append(rule_id)
            return c.period_text
    return None


def coordinated(state: SentenceState, fig: Figure, unit: Unit, direction: Direction | None, metric: Metric,
                period: str | None, fired: list[str]) -> tuple[Direction | None, Metric, str | None]:
    """Figures listed together ('rose 3.7% and 4.9%') share the movement, the metric and the period."""
    last = state.last
    if fig.twin is not None or last is None or last.unit != unit or fig.base or not LIST_GAP.fullmatch(fig.gap, fired):
        return direction, metric, period
    return (direction or _as_direction(last.direction),
            Metric(last.metric) if metric in (Metric.OTHER, Metric.RETURN) else metric,
            period or last.period_text)


def subject_stage(ctx: TextContext, state: SentenceState, fig: Figure, unit: Unit, metric: Metric,
                  subject: str | None, kind: str | None, fired: list[str]) -> str | None:
    """The resolver's subject; a comparison base is about its figure's subject; period tags are cut
    ('Acme Q3' -> 'Acme'); a verb phrase is cut; macro figures name their economy."""
    if fig.base and fig.twin is None:
        ref = reference_claim(state, unit)
        if ref is not None and (ref.subject or fig.consensus):  # a consensus is the actual's, named or not
            fired.append("subject.base_of_reference")
            subject = ref.subject
    if subject:
        m = SUBJECT_PERIOD_SUFFIX.search(subject, fired)
        subject = (subject[:m.start()] if m else subject).strip() or None
    if metric == Metric.STAKE and fig.twin is None and not fig.base:
        actor = ctx.resolver.transaction_actor(fig.num, state.span)
        if actor is not None:
            fired.append(TRANSACTION_VERB.id)
            subject = actor
    if subject and fig.twin is None:
        subject = cut_verb_phrase(subject, ctx.mentions, state.start, fig.num.start)
    if metric == Metric.MACRO and fig.twin is None:
        subject = macro_subject(subject, kind, ctx.mentions, ctx.text, state.start, state.end, fig.num, fired)
    return short_subject(subject, ctx.mentions)


# ----------------------------------------------------------------------------- sentence-level rules
def settle_sentence(text: str, state: SentenceState) -> None:
    """At the end of a sentence: levels take the direction of a change stated for them; figures of one move
    take the day or session named after the last of them."""
    for claim, direction in propagated_directions(state.built):
        claim.direction = direction
        claim.rules.append("direction.from_change")
    for claim, period in shared_move_periods(text, state.built):
        claim.period_text = period
        SAME_MOVE.note(claim.rules)


def shared_move_periods(text: str, built: list[Built]) -> list[tuple[Claim, str]]:
    """(claim, period) for figures without a time that are one move with a later figure whose time is a day,
    a session or a time of day: 'fell $1.42, or 2.3%, to $59.87 a barrel on Monday'."""
    out: list[tuple[Claim, str]] = []
    group: list[Claim] = []
    for prev, b in zip([None, *built], built):
        linked = prev is not None and not prev.base and not b.base and \
            SAME_MOVE.regex.fullmatch(text, prev.num.end, b.num.start) is not None
        group = [*group, b.claim] if linked else [b.claim]
        c = b.claim
        if len(group) > 1 and c.period_text and PARALLEL_RULES & set(c.rules):
            out.extend((g, c.period_text) for g in group[:-1] if g.period_text is None)
    return out


def propagated_directions(built: list[Built]) -> list[tuple[Claim, Direction]]:
    """A level without a movement word takes the direction of a change of the same metric in its sentence
    ('revenue was $80m, a 6% increase')."""
    changes = [b.claim for b in built if b.claim.unit in (Unit.PERCENT, Unit.MULTIPLE) and b.claim.direction
               and not b.base]
    out: list[tuple[Claim, Direction]] = []
    if not changes:
        return out
    for b in built:
        c = b.claim
        if b.base or c.direction or c.unit not in (Unit.CURRENCY, Unit.OTHER, Unit.COUNT) or \
                claim_rules.D_WHOLE.id in c.rules:  # 'fell 30% in 4 of the 5 markets': where, not what moved
            continue
        same = [ch for ch in changes if ch.metric == c.metric]
        if same and c.metric in _PROPAGATED_METRICS:
            out.append((c, Direction(same[0].direction)))
    return out


def pair_respectively(text: str, built: list[Built], mentions: list[Mention], ss: int) -> None:
    """'Acme and Globex gained 3.7% and 4.9%, respectively': pair the listed figures with the names in order."""
    group = [built[-1]]
    for prev in reversed(built[:-1]):
        if LIST_GAP.regex.fullmatch(text[prev.num.end:group[0].num.start]):
            group.insert(0, prev)
        else:
            break
    if len(group) < 2:
        return
    first = group[0].num.start
    names: list[str] = []
    for m in mentions:
        if ss <= m.start and m.end <= first and m.kind in SUBJECT_KINDS and m.kind != "place":
            if not names or names[-1] != m.name:
                names.append(m.name)
    if len(names) >= len(group):
        for b, name in zip(group, names[-len(group):]):
            b.claim.subject = name
            RESPECTIVELY.note(b.claim.rules)


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


# ----------------------------------------------------------------------------- text level
_GENERIC_METRICS = frozenset({Metric.OTHER, Metric.RETURN, Metric.PRICE_LEVEL})


def same_figure_metrics(claims: list[Claim], sentence_of: Callable[[int], int]) -> None:
    """One figure stated in two sentences of a text (a headline and its body) about one subject measures one
    thing: where the readings are a specific metric and generic ones (other, return, price level), all take the
    specific one ('Velto hires 2,000 nurses' / 'it added 2,000 nurses in the past year'). ``sentence_of`` gives
    the start of the sentence holding an offset."""
    groups: dict[tuple, list[Claim]] = {}
    for c in claims:
        groups.setdefault((round(c.value, 9), c.value_high, c.unit, c.currency), []).append(c)
    for group in groups.values():
        if len(group) < 2 or len({sentence_of(c.start) for c in group}) < 2 or not _one_subject(group):
            continue
        specific = {c.metric for c in group if Metric(c.metric) not in _GENERIC_METRICS}
        if len(specific) != 1:
            continue
        metric = specific.pop()
        for c in group:
            if c.metric != metric:
                c.metric = metric
                c.rules.append("metric.same_figure_in_text")


def _one_subject(group: list[Claim]) -> bool:
    """The claims name one subject (as the scorer compares: one name within the other), or none of them does."""
    names = {(c.subject_entity or c.subject).lower().removeprefix("the ") for c in group if c.subject}
    return all(a in b or b in a for a in names for b in names)
