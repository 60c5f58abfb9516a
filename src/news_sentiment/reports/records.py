"""Typed pieces of a weekly report: plain frozen dataclasses, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum

from news_sentiment.analysis.narratives import Status


@dataclass(frozen=True)
class Week:
    """An ISO week in a timezone: local dates and the UTC bounds used to query the store."""

    label: str  # '2025-W10'
    tz: str
    start: date  # Monday (local)
    end: date  # Sunday (local)
    start_utc: datetime  # Monday 00:00 local, in UTC
    end_utc: datetime  # next Monday 00:00 local, in UTC (exclusive)


@dataclass(frozen=True)
class SourceCount:
    source: str
    articles: int


@dataclass(frozen=True)
class Coverage:
    articles: int
    sources: tuple[SourceCount, ...]
    duplicates: int  # stored duplicates of this week's articles, folded into their originals
    first: datetime | None  # earliest publication (local)
    last: datetime | None
    words: int
    estimated_dates: int  # articles whose publication time was estimated (feed gave none)
    previous_articles: int  # the week before, for comparison
    warning: str | None = None


@dataclass(frozen=True)
class SeriesPoint:
    day: date
    value: float  # fraction


@dataclass(frozen=True)
class MarketRow:
    name: str
    kind: str  # basket | index
    ticker: str | None
    week: float | None  # fraction: 0.05 = +5 %
    ytd: float | None
    last_close: date | None
    coverage: str
    ytd_series: tuple[SeriesPoint, ...] = ()


@dataclass(frozen=True)
class Example:
    sentence: str
    title: str
    url: str
    similarity: float | None = None  # the sentence's score for the narrative (semantic evidence), when stored


class Badge(str, Enum):
    """A narrative's badge: the status ``sentiment narratives`` stored for the week (the words of
    :class:`news_sentiment.analysis.narratives.Status`), with two more kinds the stored row implies: a steady row
    whose shift is empty was not tested (too few articles), and a row without a status was written before
    statuses were stored. Members are in the report's order."""

    RISING = Status.RISING.value
    NEW = Status.NEW.value
    FADING = Status.FADING.value
    RETIRED = Status.RETIRED.value
    STEADY = Status.STEADY.value
    UNTESTED = "untested"
    NOT_STORED = "status not stored"


@dataclass(frozen=True)
class NarrativeRow:
    """One narrative in one week, as stored by ``sentiment narratives`` (``narrative_weeks``)."""

    name: str
    status: Badge
    articles: int  # articles of the week carrying it
    week_articles: int  # all articles of the week
    intensity: float | None  # stored share of the week's articles (article_share)
    share_low: float | None  # its stored 95 % Wilson interval (None on rows written before intervals were stored)
    share_high: float | None
    shift: float | None  # z of the two-proportion test vs earlier weeks (None: not tested, see shift_test)
    shift_p: float | None  # its two-sided p-value
    shift_test: str  # the test behind ``shift``, or why there is none
    shift_history: int  # earlier weeks the shift test pooled
    sentiment: float | None  # net, -1..1
    baskets: tuple[str, ...]
    examples: tuple[Example, ...]
    discovered: bool = False  # found by discovery, not configured

    @property
    def new(self) -> bool:
        """Discovered (not configured) and new this week: the week discovery created it."""
        return self.discovered and self.status is Badge.NEW

    @property
    def badge(self) -> str:
        """The badge's words: 'newly discovered' for a discovered narrative in its new week, else the status."""
        return "newly discovered" if self.new else self.status.value


@dataclass(frozen=True)
class SentimentRow:
    name: str
    kind: str  # basket | company | index | ...
    counts: str  # what the article counts count: 'articles naming it or any of its 7 members'
    this_week: float | None  # net sentiment (positive - negative), -1..1
    last_week: float | None
    articles: int
    articles_last_week: int

    @property
    def change(self) -> float | None:
        if self.this_week is None or self.last_week is None:
            return None
        return self.this_week - self.last_week


@dataclass(frozen=True)
class ClaimRow:
    claim_id: int
    subject: str | None
    figure: str  # as written, in words: 'down more than 15%'
    metric: str
    period: str | None
    speaker: str | None
    source: str | None
    title: str
    url: str
    published: datetime | None
    quote: str
    status: str | None  # confirmed | close | contradicted | missed | pending | unverifiable | None (not checked)
    actual: str | None  # in the same words: 'down 7.9%'
    reason: str | None
    verdict: str | None = None  # why it is contradicted or only close: 'short of the 15% claimed'
    actual_span: str | None = None  # the closes compared: '31 Dec 2024 → 06 Mar 2025'
    modality: str | None = None  # actual | forecast | target | guidance | estimate | expectation


@dataclass(frozen=True)
class Record:
    """How the reported figures (actuals) a person cited fared against prices, all weeks up to this one."""

    confirmed: int = 0
    close: int = 0
    contradicted: int = 0
    unverifiable: int = 0

    @property
    def checkable(self) -> int:
        return self.confirmed + self.close + self.contradicted


@dataclass(frozen=True)
class CallRow:
    """One forecast, target, guidance or estimate a person made, and how it stands as of the report's week."""

    claim_id: int
    modality: str  # forecast | target | guidance | estimate
    subject: str | None
    figure: str  # in the words it was written in: 'up about 10%'
    period: str | None  # as written: 'by the end of June'
    period_end: date | None
    published: datetime | None
    url: str | None
    status: str | None  # pending | confirmed | close | missed | unverifiable | None (never checked)
    actual: str | None = None  # 'up 10.0%' once the period has passed
    verdict: str | None = None  # why it missed or came only close: 'short of the 30% claimed'
    reason: str | None = None  # why pending or unverifiable


@dataclass(frozen=True)
class CallRecord:
    """A person's calls to date by status (as of the report's week)."""

    pending: int = 0
    confirmed: int = 0
    close: int = 0
    missed: int = 0
    unverifiable: int = 0
    unchecked: int = 0

    @property
    def total(self) -> int:
        return self.pending + self.confirmed + self.close + self.missed + self.unverifiable + self.unchecked

    @property
    def decided(self) -> int:
        return self.confirmed + self.close + self.missed

    @property
    def summary(self) -> str:
        """The non-zero counts in words: '1 pending, 2 confirmed, 1 missed'."""
        parts = [(self.pending, "pending"), (self.confirmed, "confirmed"), (self.close, "close"),
                 (self.missed, "missed"), (self.unverifiable, "unverifiable"), (self.unchecked, "not checked")]
        return ", ".join(f"{n} {word}" for n, word in parts if n)


@dataclass(frozen=True)
class StrategistRow:
    """A person in the strategist ledger: stance, their calls (forecasts, targets, guidance, estimates) with
    their status, and the actual figures they cited, counted separately."""

    name: str
    title: str | None
    firm: str | None
    quotes: int
    stance: str | None  # positive | neutral | negative | None (unscored)
    stance_score: float | None  # net, -1..1
    stance_basis: str  # 'quotes' | 'articles' | 'unscored'
    quote: str | None  # one representative quote
    url: str | None
    cited: Record = field(default_factory=Record)  # actuals they cited
    calls: tuple[CallRow, ...] = ()  # their latest calls, newest first
    call_record: CallRecord = field(default_factory=CallRecord)  # all their calls to date


@dataclass(frozen=True)
class MethodNotes:
    extractor_versions: tuple[str, ...]
    sentiment_models: tuple[str, ...]  # distinct model versions used, each once
    kb_version: str | None
    narratives: str | None
    exclusions: tuple[str, ...]
    notes: tuple[str, ...]  # degradations: components missing, tables empty
    article_model: str | None = None  # scored the articles and entities
    quote_model: str | None = None  # scored strategists' quotes

    @property
    def sentiment_text(self) -> str:
        """Each model named once, with what it scored: 'finminilm-3c-v3 (articles, entities and quotes)'."""
        a, q = self.article_model, self.quote_model
        if a and q and a == q:
            return f"{a} (articles, entities and quotes)"
        parts = [f"{a} (articles and entities)" if a else "", f"{q} (quotes)" if q else ""]
        return ", ".join(x for x in parts if x) or "none"


@dataclass(frozen=True)
class WeeklyReport:
    week: Week
    generated_at: datetime
    coverage: Coverage
    markets: tuple[MarketRow, ...]
    markets_asof: date
    narratives: tuple[NarrativeRow, ...]
    basket_sentiment: tuple[SentimentRow, ...]
    entity_sentiment: tuple[SentimentRow, ...]
    claims: tuple[ClaimRow, ...]
    claim_counts: dict[str, int]
    strategists: tuple[StrategistRow, ...]
    method: MethodNotes
    markets_note: str | None = None  # what is missing when the markets table is empty or stale
    badge_rule: str = ""  # how the narrative badges are decided, in words
