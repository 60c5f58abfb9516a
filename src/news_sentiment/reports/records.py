"""Typed pieces of a weekly report: plain frozen dataclasses, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


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


@dataclass(frozen=True)
class NarrativeRow:
    name: str
    status: str  # rising | fading | steady
    shift: float | None
    intensity: float | None
    sentiment: float | None  # net, -1..1
    baskets: tuple[str, ...]
    examples: tuple[Example, ...]
    new: bool = False


@dataclass(frozen=True)
class SentimentRow:
    name: str
    kind: str  # basket | company | index | ...
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
    figure: str  # as written, normalised: 'more than +40%'
    metric: str
    period: str | None
    speaker: str | None
    source: str | None
    title: str
    url: str
    published: datetime | None
    quote: str
    status: str | None  # confirmed | close | contradicted | unverifiable | None (not checked)
    actual: str | None  # '+42.8%'
    reason: str | None


@dataclass(frozen=True)
class Record:
    """How a person's checkable calls fared (claims made in their quotes, all weeks up to this one)."""

    confirmed: int = 0
    close: int = 0
    contradicted: int = 0
    unverifiable: int = 0

    @property
    def checkable(self) -> int:
        return self.confirmed + self.close + self.contradicted


@dataclass(frozen=True)
class StrategistRow:
    name: str
    title: str | None
    firm: str | None
    quotes: int
    stance: str | None  # positive | neutral | negative | None (unscored)
    stance_score: float | None  # net, -1..1
    stance_basis: str  # 'quotes' | 'articles' | 'unscored'
    quote: str | None  # one representative quote
    url: str | None
    record: Record = field(default_factory=Record)


@dataclass(frozen=True)
class MethodNotes:
    extractor_versions: tuple[str, ...]
    sentiment_models: tuple[str, ...]
    kb_version: str | None
    narratives: str | None
    exclusions: tuple[str, ...]
    notes: tuple[str, ...]  # degradations: components missing, tables empty


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
