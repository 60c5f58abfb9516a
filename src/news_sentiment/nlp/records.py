"""Records produced by extraction. Plain dataclasses, no I/O."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class MemberTerms:
    """How a basket holds one member: its weight (None = equal share) and membership dates (ISO, inclusive)."""

    name: str
    weight: float | None = None
    since: str | None = None
    until: str | None = None


@dataclass(frozen=True)
class KBEntity:
    """One canonical entity of the knowledge base."""

    id: str
    name: str
    kind: str  # company | index | basket | organization | outlet | product | commodity | person | place
    ticker: str | None = None
    exchange: str | None = None
    aliases: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    sponsor: str | None = None
    source: str = ""  # file:line it came from
    member_terms: tuple[MemberTerms, ...] = ()  # one per member, same order as ``members``
    fuzzy: bool = True  # may be found by fuzzy name matching; generated lists use their exact forms only
    currency: str | None = None  # ISO 4217 code the instrument is quoted in (prices); None: from the ticker


BOND = "bond"  # Mention.kb_kind of a government bond named by its nickname (its kind is 'product')


@dataclass(frozen=True)
class Mention:
    """An entity mention in a text, linked to the KB when possible (``kb_id`` None = unlinked)."""

    name: str  # canonical name when linked, else the surface text without legal suffixes
    kind: str
    ticker: str | None
    text: str
    start: int
    end: int
    kb_id: str | None = None
    link: str = "none"  # how it was linked: a LinkMethod (news_sentiment.nlp.entities)
    confidence: float = 0.0  # of the link: 1.0 exact alias or ticker, 0.9 generated alias, < 0.8 fuzzy, 0 unlinked
    kb_kind: str | None = None  # the KB's own kind where the output vocabulary has none ('commodity' -> 'product')

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "ticker": self.ticker,
                "text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Quote:
    speaker: str | None
    title: str | None
    firm: str | None
    text: str
    start: int  # offsets of the quoted text (without quote marks)
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"speaker": self.speaker, "title": self.title, "firm": self.firm, "text": self.text}


@dataclass(frozen=True)
class Strategist:
    name: str
    title: str | None
    firm: str | None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "firm": self.firm}


@dataclass
class Claim:
    """One numeric claim; fields and vocabularies as in the eval README."""

    value: float
    unit: str
    start: int
    end: int
    quote: str
    value_high: float | None = None
    currency: str | None = None
    comparator: str | None = None
    direction: str | None = None
    metric: str = "other"
    subject: str | None = None  # as the text writes it ('Stoxx 600'), the guide's short name
    subject_entity: str | None = None  # the knowledge base's canonical name of the subject ('Stoxx Europe 600')
    subject_id: str | None = None  # its knowledge-base id: how the claim links to prices and entities
    period_text: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    speaker: str | None = None
    modality: str = "actual"  # actual | forecast | target | guidance | estimate | expectation (nlp.modality)
    rules: list[str] = field(default_factory=list)  # ids of the rules that decided it (nlp.rulebook), in order

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        for k in ("value", "value_high"):
            v = d[k]
            if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
                d[k] = int(v)
        order = ("value", "value_high", "unit", "currency", "comparator", "direction", "metric", "subject",
                 "subject_entity", "subject_id", "period_text", "period_start", "period_end", "speaker", "modality",
                 "quote", "start", "end", "rules")
        return {k: d[k] for k in order}


@dataclass
class Extraction:
    """Everything extracted from one text."""

    mentions: list[Mention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    strategists: list[Strategist] = field(default_factory=list)

    def to_json(self, doc_id: Any = None) -> dict[str, Any]:
        return {
            "id": doc_id,
            "entities": [m.to_json() for m in self.mentions],
            "claims": [c.to_json() for c in self.claims],
            "strategists": [s.to_json() for s in self.strategists],
            "quotes": [q.to_json() for q in self.quotes],
        }
