"""Learned corrections of claim attributes where the rules do not generalise (chosen per attribute on dev).

Each model (``models/claims/<attribute>.json``, an ``nlp.linear.LinearModel``) reads the words around the
number and what the rules concluded for the claim (metric, direction, unit, comparator), and gives the
attribute. It is trained on our claims corpus by ``python -m news_sentiment.training.claim_attrs_train``,
which ships a model only when it beats the rules on the dev split. Without the file the rules stand.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from news_sentiment.config import models_path
from news_sentiment.nlp.claim_rules import AGGREGATE_SCALE, STATISTICS_OFFICE, MetricContext, keyword_cues
from news_sentiment.nlp.linear import LinearModel
from news_sentiment.nlp.modality import features as context_features
from news_sentiment.nlp.records import BOND, Claim, Mention
from news_sentiment.nlp.rulebook import fired
from news_sentiment.nlp.vocab import Direction, Metric, Unit
from news_sentiment.textutil import SentenceIndex

ATTRIBUTES = ("metric", "direction")
# Rules that apply an example or a clarification the annotation guide gives itself ('Gold falls Rs 135' is a return;
# national statistics are macro; costs, and so a cost ratio, are other; orders, and so a contract won, are revenue;
# an EPS beat is EPS; a stake is shares, so shares counted are a stake (30 of 32 train claims) and a bond sale is
# other): a learned model does not overrule them, whatever words (the commodity's name, a statistic it has rarely
# seen) it has seen with other metrics in training; a zero that a figure 'is' or 'will be' is no move (the guide's
# direction is of a movement: 'growth will be 0%' has none), nor is an earlier period's figure in brackets ('rose
# to EUR 12.4 mn (9.8)': 9.8 did not move), nor a price level held ('Gold holds below $2,300'), nor the old price
# target a change is compared with (69 of 69 train and dev claims).
CONVENTIONS = {"metric": frozenset({"metric.money_move", "metric.kw_national_statistic", "metric.trading_volume",
                                    "metric.bond_terms", "metric.spread_over", "metric.fund_flow",
                                    "metric.cost_ratio", "metric.contract_won", "metric.surprise_after",
                                    "metric.debt_sold", "metric.count_shares", "metric.rate_footer",
                                    "metric.trader_level"}),
               "direction": frozenset({"direction.zero", "number.prior-in-parens", "direction.static_threshold",
                                       "direction.old_target", "direction.raised_money"})}
NONE = "none"  # the class name for a null attribute value


def claim_features(text: str, claim: Claim, sent_start: int, sent_end: int, attr: str = "direction",
                   prev: Claim | None = None, kinds: Mapping[str, str] | None = None) -> list[str]:
    """Context words (as for modality) plus the rules' reading of the claim; for the metric also the metric
    rules that decided it, what the metric keywords around the figure say (``claim_rules.keyword_cues``), the
    rules' metric of the claim before it in the text (``prev``; in its sentence or not, in its unit or not) and
    the kind of entity its subject is (``kinds``: ``mention_kinds`` of the text; a place's figure is rarely a
    company's revenue)."""
    feats = _base_features(text, claim, sent_start, sent_end)
    return feats + _metric_features(text, claim, sent_start, sent_end, prev, kinds or {}) if attr == "metric" else feats


def mention_kinds(mentions: Iterable[Mention]) -> dict[str, str]:
    """Entity kind by mention name (canonical when linked), for ``subject_kind``; a government bond ('U.S.
    Treasury' of 'Treasury yields') is its own kind: its yields are rates, not a commodity's prices."""
    kinds = {m.name: m.kb_kind if m.kb_kind == BOND else m.kind for m in mentions}
    offices = (STATISTICS_OFFICE.regex.fullmatch(name) for name in kinds)
    return kinds | {office.group("place"): "place" for office in offices if office}  # its country, the subject


def subject_kind(claim: Claim, kinds: Mapping[str, str]) -> str:
    """The claim's subject as a feature: the kind of the entity it names, 'none' for a subject that is no mention
    ('the economy'), 'null' for no subject."""
    if claim.subject is None:
        return "subj_kind:null"
    return f"subj_kind:{kinds.get(claim.subject_entity or '') or kinds.get(claim.subject) or 'none'}"


def _base_features(text: str, claim: Claim, sent_start: int, sent_end: int) -> list[str]:
    feats = context_features(text, claim.start, claim.end, sent_start, sent_end)
    return feats + [f"rule_metric:{claim.metric}", f"rule_direction:{claim.direction or NONE}", f"unit:{claim.unit}",
                    f"comparator:{claim.comparator or NONE}", f"currency:{'yes' if claim.currency else 'no'}",
                    f"unit_metric:{claim.unit}_{claim.metric}"]


def _metric_features(text: str, claim: Claim, sent_start: int, sent_end: int, prev: Claim | None,
                     kinds: Mapping[str, str]) -> list[str]:
    """The metric rules that fired, the keyword cues around the figure, the previous claim's metric, the kind of
    entity the subject is (``subject_kind``)."""
    ctx = MetricContext.around(text, claim.start, claim.end, Unit(claim.unit), sent_start, sent_end,
                               Direction(claim.direction) if claim.direction else None)
    feats = [f"fired:{r}" for r in fired(claim.rules, "metric")] + keyword_cues(ctx)
    if prev is not None:
        feats += [f"prev_metric:{prev.metric}",
                  f"prev_{'same' if prev.start >= sent_start else 'other'}_sentence:{prev.metric}"]
        if prev.unit == claim.unit:
            feats.append(f"prev_same_unit:{prev.metric}")
    return feats + [subject_kind(claim, kinds)]


@dataclass(frozen=True)
class ClaimModels:
    """The shipped attribute models, by attribute name (absent ones leave the rules' answer)."""

    models: Mapping[str, LinearModel]

    @classmethod
    def load_default(cls) -> ClaimModels:
        found = {}
        for name in ATTRIBUTES:
            path = default_path(name)
            if path.is_file():
                found[name] = LinearModel.load(path)
        return cls(found)

    @property
    def tag(self) -> str:
        return "-".join(f"{k}.{m.digest}" for k, m in sorted(self.models.items())) or "rules"

    def apply(self, text: str, claim: Claim, sent_start: int, sent_end: int, prev: Claim | None = None,
              kinds: Mapping[str, str] | None = None) -> None:
        """Correct one claim (``prev``: the claim before it in the text, as the rules read it; ``kinds``:
        ``mention_kinds`` of the text)."""
        self._set(claim, self._readings(text, claim, sent_start, sent_end, prev, kinds or {}))

    def apply_all(self, text: str, claims: list[Claim], sentences: SentenceIndex,
                  kinds: Mapping[str, str] | None = None) -> None:
        """Correct the claims of one text (in text order): every claim is read as the rules left it."""
        if not self.models:
            return
        readings = [self._readings(text, c, *sentences.holding(c.start), claims[k - 1] if k else None, kinds or {})
                    for k, c in enumerate(claims)]
        for claim, reading in zip(claims, readings):
            self._set(claim, reading)

    def _readings(self, text: str, claim: Claim, sent_start: int, sent_end: int, prev: Claim | None,
                  kinds: Mapping[str, str]) -> dict[str, list[str]]:
        base = _base_features(text, claim, sent_start, sent_end)  # shared: the context is read once
        return {name: base + _metric_features(text, claim, sent_start, sent_end, prev, kinds) if name == "metric"
                else base for name in self.models}

    def _set(self, claim: Claim, readings: dict[str, list[str]]) -> None:
        for name, model in self.models.items():  # each reads the rules' reading, not another model's
            if CONVENTIONS.get(name, frozenset()) & set(claim.rules):
                continue
            value = model.predict(readings[name])
            if name == "metric" and value == Metric.PRICE_LEVEL.value and _aggregate(claim):
                continue  # money written with a scale word is a total, never a price (claims.metric.aggregate_no_price)
            setattr(claim, name, None if value == NONE else value)


def _aggregate(claim: Claim) -> bool:
    """Money the number stage read with a scale word ('Rs 89 crore', '$2.4 billion')."""
    return claim.unit == Unit.CURRENCY.value and "number.scale" in claim.rules and claim.value >= AGGREGATE_SCALE


def default_path(name: str) -> Path:
    return models_path(f"claims/{name}.json", f"SENTIMENT_{name.upper()}_MODEL")
