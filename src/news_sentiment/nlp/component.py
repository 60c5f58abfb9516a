"""The extraction as spaCy components: ``entity_links`` fills ``Doc._.mentions``, ``claims`` fills ``Doc._.claims``.

    nlp.add_pipe("entity_links").set_kb(kb)     # optional: without a KB there are no mentions
    nlp.add_pipe("claims", config={"default_published": "2025-03-07"})
    doc = nlp("Acme Corp's revenue rose 4% to $1.2 billion.")
    doc._.claims                                # [Claim(value=4.0, unit='percent', ...), ...]

Per-document inputs are Doc extensions set before the pipeline runs (on ``nlp.make_doc(text)``):
``Doc._.published`` (a date: relative periods such as 'this year' resolve against it; else the component's
``default_published``) and ``Doc._.english`` (False: no claims; None means not known, taken as English).
Claims carry offsets in ``doc.text``, their modality, and the learned attribute corrections; a planned, guided
or forecast figure's agent is read here on the parse as its speaker (``attribution.agent_speaker``), which the
whole text's quotes and the sentence's named source override later (:mod:`extract`).
"""

from __future__ import annotations

import re

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from news_sentiment.errors import ConfigError
from news_sentiment.nlp.attribution import AGENT_RULE, RATER_RULE, agent_speaker, rater_at_end
from news_sentiment.nlp.claim_models import ATTRIBUTES, ClaimModels, mention_kinds
from news_sentiment.nlp.claims import extract_claims, same_figure_metrics
from news_sentiment.nlp.entities import link_entities
from news_sentiment.nlp.retyper import Retyper
from news_sentiment.nlp.kb import KnowledgeBase
from news_sentiment.nlp.linear import LinearModel
from news_sentiment.nlp.modality import claim_features as modality_features, predict_modality
from news_sentiment.nlp.modality import Modality, load_default as load_modality, settled_modality
from news_sentiment.nlp.records import Claim, Mention
from news_sentiment.nlp.period_rank import PeriodRanker
from news_sentiment.nlp.pipeline import doc_text
from news_sentiment.nlp.subject_rank import SubjectRanker
from news_sentiment.nlp.subject_roles import Role, mention_roles
from news_sentiment.textutil import SentenceIndex

EXTENSIONS = ("claims", "mentions", "published", "english")
# figures someone plans, guides to or forecasts: with no sentence source, the agent of their verb speaks
AGENT_MODALITIES = frozenset({Modality.TARGET, Modality.GUIDANCE, Modality.FORECAST, Modality.ESTIMATE})
# the rules that found a consensus figure compared with the actual before it ('vs. $1.20 expected'): an expectation,
# whatever the words around it say to the modality model (the guide's Clarifications)
CONSENSUS_RULES = frozenset({"metric.consensus_before", "metric.consensus_after", "metric.consensus_compared",
                             "metric.consensus_of_previous", "metric.consensus_label"})
_CONSENSUS_WORDS = re.compile(r"\b(?:consensus|expected|analysts?|economists?|poll(?:ed)?|est\.|estimates)(?!\w)",
                              re.IGNORECASE)
# 'up from a previous forecast of'
_OWN_CALL = re.compile(r"\b(?:previous|prior|earlier|its|their|own|our)\b", re.IGNORECASE)
_FORECASTERS_COUNTED = re.compile(r"\s+(?:[\w-]+\s+)?(?:strategists|analysts|economists|forecasters|brokers|"
                                  r"respondents|participants|fund managers)\b")  # 'the median of 14 strategists'
# 'now sees FY EPS'
_GUIDES = re.compile(r"\b(?:sees?|expects?|guides?|guidance|outlook|forecasts?|projects?)\b", re.IGNORECASE)


def _modality(text: str, consensus: list[bool], i: int, sentence_of: Any, claims: list[Claim],
              predicted: Modality) -> Modality:
    """The model's modality, with what the consensus rules settle: a consensus figure is an expectation, and the
    figure it is compared with, just before it in its sentence, is none: the reported actual ('EPS $1.22; FactSet
    consensus $1.21'), or the company's guidance after a verb of outlook ('now sees FY EPS $5.50; consensus $5.60'),
    where the words around both made the model read an expectation."""
    if consensus[i]:
        return Modality.EXPECTATION
    nxt, start = i + 1, sentence_of(claims[i].start)
    if predicted is Modality.EXPECTATION and nxt < len(claims) and consensus[nxt] and \
            sentence_of(claims[nxt].start) == start:
        return Modality.GUIDANCE if _GUIDES.search(text, start, claims[i].start) else Modality.ACTUAL
    return predicted


def _rater(roles: dict[str, frozenset[Role]], mentions: list[Mention], speaker: str, ss: int, se: int) -> str | None:
    """A price target's speaker is the firm that sets it, never the company it is set for: when the parse names the
    rated company ('Fenwick upgrades Orrel Motors to buy, lifts price target to $75', a headline the parser reads
    with 'upgrades' as a noun), the firm of its sentence that rates, else no speaker. ``roles``: the text's
    :func:`subject_roles.mention_roles`."""
    if Role.RATED not in roles.get(speaker, frozenset()):
        return speaker
    return next((m.name for m in mentions if ss <= m.start < se and m.name != speaker
                 and Role.RATES in roles.get(m.name, frozenset())), None)


def _consensus(text: str, c: Claim) -> bool:
    """A figure the consensus rules found, named as the market's or analysts' expectation next to it (not a company's
    own earlier forecast, which those rules also find as a comparison)."""
    near = text[max(0, c.start - 45):min(len(text), c.end + 45)]
    return bool(CONSENSUS_RULES & set(c.rules)) and _CONSENSUS_WORDS.search(near) is not None \
        and _OWN_CALL.search(text[max(0, c.start - 45):c.start]) is None \
        and _FORECASTERS_COUNTED.match(text, c.end) is None


def register_extensions() -> None:
    """The Doc extensions the components read and write (default None), registered once per process."""
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register_extensions()


@dataclass
class LearnedModels:
    """The modality model (None: the cue-word rules), the attribute corrections (empty: the rules) and the
    subject ranker (None: the rules)."""

    modality: LinearModel | None
    attributes: ClaimModels
    subject: SubjectRanker | None = None
    period: PeriodRanker | None = None

    @classmethod
    def load(cls, models_dir: str | None, learned: bool) -> LearnedModels:
        """``models_dir`` None: the shipped models (environment overrides apply); a directory: its
        modality.json / metric.json / direction.json / subject.json / period.json where present; ``learned``
        False: rules only."""
        if not learned:
            return cls(None, ClaimModels({}))
        if models_dir is None:
            return cls(load_modality(), ClaimModels.load_default(), SubjectRanker.load_default(),
                       PeriodRanker.load_default())
        root = Path(models_dir)
        if not root.is_dir():
            raise ConfigError(f"claims component: models_dir {models_dir!r} is not a directory",
                              hint="Give the directory holding modality.json, metric.json, direction.json, "
                                   "or leave models_dir unset for the shipped models.")
        mod = root / "modality.json"
        attrs = {a: LinearModel.load(root / f"{a}.json") for a in ATTRIBUTES if (root / f"{a}.json").is_file()}
        subject, period = root / "subject.json", root / "period.json"
        return cls(LinearModel.load(mod) if mod.is_file() else None, ClaimModels(attrs),
                   SubjectRanker.load(subject) if subject.is_file() else None,
                   PeriodRanker.load(period) if period.is_file() else None)


def _published(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ConfigError(f"claims component: default_published {value!r} is not an ISO date",
                          hint="Use YYYY-MM-DD, or leave it unset.") from exc


class ClaimsComponent:
    """Fills ``Doc._.claims`` with the numeric claims of the Doc (see the module docstring)."""

    def __init__(self, default_published: str | None = None, models_dir: str | None = None,
                 learned: bool = True) -> None:
        self.default_published = _published(default_published)
        self.models = LearnedModels.load(models_dir, learned)

    def __call__(self, doc: Doc) -> Doc:
        if doc._.english is False:
            doc._.claims = []
            return doc
        text = doc_text(doc)
        published = doc._.published if doc._.published is not None else self.default_published
        claims = extract_claims(text, doc, doc._.mentions or [], [], published, self.models.subject,
                                self.models.period)
        if claims:
            self.learned_attributes(doc, claims)
        doc._.claims = claims
        return doc

    def learned_attributes(self, doc: Doc, claims: list[Claim]) -> None:
        """The learned corrections and each claim's modality (words and parse), read within its sentence. One figure
        stated twice in the text gets one metric (``claims.same_figure_metrics``) before the models read the
        rules' metrics (as in training, where no model runs) and again after they corrected them."""
        text = doc_text(doc)
        sentences = SentenceIndex(text)
        sentence_of = lambda pos: sentences.holding(pos)[0]  # noqa: E731
        same_figure_metrics(claims, sentence_of)
        self.models.attributes.apply_all(text, claims, sentences, mention_kinds(doc._.mentions or []))
        agent = None  # the latest agent, for a pronoun ('They also see ...')
        roles: dict[str, frozenset[Role]] | None = None  # the names' roles, read once when a target needs them
        mentions = doc._.mentions or []
        consensus = [_consensus(text, c) for c in claims]
        for i, c in enumerate(claims):
            ss, se = sentences.holding(c.start)
            read = predict_modality(self.models.modality, modality_features(doc, c.start, c.end, ss, se, text))
            c.modality = str(settled_modality(_modality(text, consensus, i, sentence_of, claims, read), text, c.start,
                                              c.end, ss, se, c.metric, c.rules))
            if c.speaker is None and c.modality == Modality.TARGET and (rater := rater_at_end(text, c.end, se)):
                c.speaker = rater
                c.rules.append(RATER_RULE)
            if c.speaker is None and c.modality in AGENT_MODALITIES:
                c.speaker = agent_speaker(doc, c.start, c.end, mentions, agent, text)
                if c.speaker is not None and c.modality == Modality.TARGET:
                    roles = mention_roles(text, mentions) if roles is None else roles
                    c.speaker = _rater(roles, mentions, c.speaker, ss, se)
                if c.speaker is not None:
                    c.rules.append(AGENT_RULE)
                    agent = c.speaker
        same_figure_metrics(claims, sentence_of)


class EntityLinks:
    """Fills ``Doc._.mentions`` with the Doc's entities linked to the knowledge base (none without one), names
    re-typed by the learned re-typer when its file is there (``retyper``); ``collect``, when a list, receives the
    re-typer's candidates and their features (training)."""

    def __init__(self) -> None:
        self.kb: KnowledgeBase | None = None
        self.retyper: Retyper | None = Retyper.load_default()
        self.collect: list | None = None

    def set_kb(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def __call__(self, doc: Doc) -> Doc:
        doc._.mentions = link_entities(doc, self.kb, 0, self.retyper, self.collect) if self.kb is not None else []
        return doc


@Language.factory("claims", default_config={"default_published": None, "models_dir": None, "learned": True})
def make_claims(nlp: Language, name: str, default_published: str | None, models_dir: str | None,
                learned: bool) -> ClaimsComponent:
    return ClaimsComponent(default_published, models_dir, learned)


@Language.factory("entity_links")
def make_entity_links(nlp: Language, name: str) -> EntityLinks:
    return EntityLinks()


def claims_of(doc: Doc) -> list[Claim]:
    """``Doc._.claims``; a clear error when the pipeline has no ``claims`` component."""
    claims: Any = doc._.claims
    if claims is None:
        raise ConfigError("the spaCy pipeline has no 'claims' component (Doc._.claims is unset)",
                          hint="Build it with news_sentiment.nlp.pipeline.build_pipeline.")
    return claims
