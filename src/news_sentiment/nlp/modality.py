"""Claim modality: is a figure a reported actual, a forecast, a target, guidance, an estimate or an expectation?

A small linear model (``nlp.linear``) over the words around the number (``features``), trained on our
claims corpus (``python -m news_sentiment.training.modality_train``) and stored as plain JSON weights in
``models/claims/modality.json``: no pickle, no torch. Without the file, the rule
fallback ``rule_modality`` answers from cue words.
"""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from news_sentiment.config import models_path
from news_sentiment.nlp.headline_source import SOURCE_AT_END
from news_sentiment.nlp.linear import LinearModel
from news_sentiment.nlp.rulebook import Rule

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token


class Modality(StrEnum):
    ACTUAL = "actual"
    FORECAST = "forecast"
    TARGET = "target"
    GUIDANCE = "guidance"
    ESTIMATE = "estimate"
    EXPECTATION = "expectation"


_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
BEFORE, AFTER = 10, 6  # words of context on each side of the number, within its sentence
# Cue families: each fires as one feature wherever in the sentence one of its words stands.
CUES = {
    "expect": r"expect(?:s|ed|ing|ations?)?|consensus|polled|poll|estimates?",
    "forecast": r"forecasts?|forecasters?|projects?|projected|projections?|predicts?|sees?|seen|outlook",
    "modal": r"could|would|will|may|might|likely|should",
    "target": r"targets?|aims?|goal|plans?|intends?|seeks?|eyes",
    "guidance": r"guidance|guided|reaffirm(?:s|ed)?|raised|lowered|cuts?|narrow(?:s|ed)?",
    "estimate": r"estimated|approximately|roughly|about|around",
    "price_target": r"price\s+target|target\s+price|pt",
    "said": r"said|says|according",
}
_CUE_RE = {name: re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE) for name, pattern in CUES.items()}


def digit_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The digits inside a span ('EUR 12.5 mn' -> '12.5'), so features do not depend on how wide it was."""
    digits = [i for i in range(start, end) if text[i].isdigit()]
    return (digits[0], digits[-1] + 1) if digits else (start, end)


def features(text: str, start: int, end: int, sent_start: int, sent_end: int) -> list[str]:
    """The number's context as sparse feature names: nearby words (by side), sentence cues, their nearness.

    ``start``/``end`` may cover the whole expression; only its digits count as the number.
    """
    start, end = digit_span(text, start, end)
    before = _WORD.findall(text[sent_start:start].lower())[-BEFORE:]
    after = _WORD.findall(text[end:sent_end].lower())[:AFTER]
    feats = [f"b:{w}" for w in before] + [f"a:{w}" for w in after]
    feats += [f"b2:{a}_{b}" for a, b in zip(before, before[1:])] + [f"a2:{a}_{b}" for a, b in zip(after, after[1:])]
    feats += [f"b1:{w}" for w in before[-3:]]  # the closest words say most
    near = text[max(sent_start, start - 60):min(sent_end, end + 30)]
    for name, rx in _CUE_RE.items():
        if rx.search(text[sent_start:sent_end]):
            feats.append(f"cue:{name}")
        if rx.search(near):
            feats.append(f"near:{name}")
    return feats or ["empty"]


_MODALS = frozenset({"will", "would", "could", "may", "might", "should", "can", "shall", "'ll", "wo", "ca"})
_HAVE = frozenset({"has", "have", "had", "'ve", "'d"})
_SUFFIX = re.compile(r"(?:ing|ed|es|s)$")
_SUBJECT_ENTITIES = frozenset({"ORG", "PERSON", "GPE", "NORP"})
SUBJECT_DEPS = ("nsubj", "nsubjpass")  # a verb's subject on the parse
VERBS_UP = 3  # verbs read on the way from the number up its parse to the root


def number_token(doc: Doc, start: int, end: int, text: str | None = None) -> Token | None:
    """The first token of the number at ``start``..``end`` (its digits, as ``digit_span`` gives), or None.
    ``text`` is ``doc.text`` when the caller holds it (``Doc.text`` joins every token on each access)."""
    span = doc.char_span(*digit_span(doc.text if text is None else text, start, end), alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _stem(tok: Token) -> str:
    """A crude stem ('expects', 'expected', 'expecting' -> 'expect'): the pipeline runs no lemmatizer."""
    word = tok.lower_
    return _SUFFIX.sub("", word) if len(word) > 4 else word


def _verb_form(verb: Token) -> str:
    """How a verb is said: with a modal ('will cut': fut), as an infinitive ('to cut': inf), perfect, else its tag."""
    aux = {k.lower_ for k in verb.children if k.dep_ in ("aux", "auxpass")}
    if aux & _MODALS:
        return "fut"
    if "to" in aux:
        return "inf"
    return "perf" if aux & _HAVE else verb.tag_ or "X"


def _verb_subject(verb: Token) -> str:
    """The verb's subject as a class: an entity type ('ent:ORG'), else its stem ('analyst'), else 'none'."""
    subjects = [k for k in verb.children if k.dep_ in SUBJECT_DEPS]
    if not subjects:
        return "none"
    return f"ent:{subjects[0].ent_type_}" if subjects[0].ent_type_ in _SUBJECT_ENTITIES else _stem(subjects[0])


def syntax_features(doc: Doc, start: int, end: int, text: str | None = None) -> list[str]:
    """What the parse says about the number at ``start``..``end`` (digits only, as ``digit_span`` gives): the first
    verbs above it (stem, form, subject: 'will cut', 'expects ... to climb', 'had expected'), its dependency and
    its sentence's root. Names never appear, only words of the verbs and the subjects' classes."""
    tok = number_token(doc, start, end, text)
    if tok is None:
        return ["syn:none"]
    verbs = [t for t in tok.ancestors if t.pos_ in ("VERB", "AUX") or t.tag_.startswith("VB")][:VERBS_UP]
    out = [f"dep:{tok.dep_}_{tok.head.dep_}"]
    for i, verb in enumerate(verbs):
        form = _verb_form(verb)
        out += [f"v{i}:{_stem(verb)}", f"vm{i}:{form}", f"vs{i}:{_verb_subject(verb)}"]
    if verbs:
        out.append(f"v0m:{_stem(verbs[0])}_{_verb_form(verbs[0])}")
    if len(verbs) > 1:
        out.append(f"v01:{_verb_form(verbs[0])}_{_stem(verbs[1])}")
    if not verbs:
        out.append("noverb")
    root = tok.sent.root
    return out + [f"root:{_stem(root)}_{_verb_form(root)}"]


def claim_features(doc: Doc, start: int, end: int, sent_start: int, sent_end: int, text: str | None = None
                   ) -> list[str]:
    """The modality model's features: the words around the number (``features``) and its parse (``text``:
    ``doc.text``, when the caller holds it)."""
    text = doc.text if text is None else text
    return features(text, start, end, sent_start, sent_end) + syntax_features(doc, start, end, text)


def rule_modality(feats: list[str]) -> Modality:
    """Fallback without the trained weights: the nearest cue decides, else a reported actual."""
    near = {f[5:] for f in feats if f.startswith("near:")}
    if "price_target" in near or "target" in near:
        return Modality.TARGET
    if "expect" in near:
        return Modality.EXPECTATION
    if "forecast" in near or "modal" in near:
        return Modality.FORECAST
    return Modality.ACTUAL


# What the words settle where the model reads a reported actual (the guide: analysts' level calls are forecasts).
# A call: a modal verb of a market move or a report before the figure in its clause ('stock can hit Rs 1,600',
# 'Orrel may report an 11% drop'; not 'can sit on the board of up to 7'), or a headline attributed to its source
# after a colon or 'says' whose words are a market call ('4,300 levels is a possibility for Nifty: Jane Roe'). A
# stop loss is a level an analyst sets, as a price target is.
MODAL_BEFORE = Rule("modality.modal_before", r"\b(?:can|could|(?-i:may)|might)\s+"
                    r"(?:(?:still|well|even|further|now)\s+)?"
                    r"(?:hit|touch|reach|test|rise|fall|gain|lose|drop|jump|rally|return|correct|slip|slide|decline|"
                    r"climb|surge|go|move|report|post|cross|trade|fetch|double|triple|grow|shrink|earn|deliver|see|"
                    r"give|generate|add|shed|tank|crash|soar|zoom|slump|plunge)\s+(?:[\w-]+\s+){0,2}?"
                    r"(?:by\s+)?(?:about\s+|around\s+|over\s+|up to\s+|another\s+|max\s+)?"
                    r"(?:Rs\.?\s*|\$\s*)?$",
                    ("Orrel stock can hit Rs ", "Orrel may report sharp ", "Mid-cap stocks can return "))
CALL_SOURCE = Rule("modality.call_source", SOURCE_AT_END,
                   ("4300 levels is a possibility for Nifty: Jane Roe", "Orrel to stay in 800-950 range, says Jane Roe",
                    "Sensex can correct by 5-10%: Analysts", "Buy Orrel at 310: Jane Roe, Tarvo Securities"), flags=0)
CALL_WORDS = Rule("modality.call_words", r"\b(?:can(?:'t|not)?|could|(?-i:may)|might|likely|possib(?:le|ility)|"
                  r"to (?:stay|hit|test|touch|reach|trade|rise|fall|go|move|cross|retest|correct|remain|rally|slip|"
                  r"decline|gain|consolidate)|supports?|resistance|range|zone|band|levels?|looking at|upside|"
                  r"downside|watch for|a (?:good )?(?:buy|sell)|once above|once below|head(?:ing|s)? (?:to|towards))\b",
                  ("watch for 345-350 level", "5% downside can't be ruled out"))
STOP_LOSS = Rule("modality.stop_loss", r"\bstop[- ]?loss\b(?:\s+(?:of|at|around))?\s*(?:Rs\.?\s*|\$\s*)?$",
                 ("Sell Orrel at a stop loss of Rs ",))

# a price target named at the figure is a target whatever else the words say ('with $140 target at Marlowe', 'cut
# its price target to $26', 'target price of Rs 2,080')
PRICE_TARGET = Rule("modality.price_target",
                    r"\b(?:(?:price\s+)?targets?|target\s+price|(?-i:PT))(?:\s+(?:of|to|at|from|on\s+\S+\s+to))?\s*"
                    r"(?:Rs\.?\s*|\$\s*|€\s*|£\s*)?$",
                    ("cut its price target to $", "a target price of Rs ", "PT to "))
PRICE_TARGET_AFTER = re.compile(r"\s+(?:price\s+)?target\b(?!-)", re.IGNORECASE)  # '$140 target'


_TARGET_ADJECTIVES = r"beating|busting|topping|missing|hitting|smashing"  # 'target-beating', not 'target-price'
TARGET_COMPOUND = Rule("modality.target_compound", r"\btarget-(?:" + _TARGET_ADJECTIVES + r")\b",
                       ("a target-beating level", "target-busting results"))
_GOAL_WORDS = re.compile(r"\b(?:targets?|targeting|aims?|plans?|goals?|objectives?|PTs?|fair value)\b(?!-)|"
                         r"\btarget-(?!" + _TARGET_ADJECTIVES + r")", re.IGNORECASE)


def _only_target_compound(sentence: str) -> bool:
    """Is 'target' in ``sentence`` only the first part of an adjective ('target-beating'), no goal word besides
    ('target-price', 'PT', 'fair value' are)?"""
    return TARGET_COMPOUND.regex.search(sentence) is not None and \
        _GOAL_WORDS.search(TARGET_COMPOUND.regex.sub(" ", sentence)) is None


# a share's move, then what moved it: a broker's target ('slid 3.4% following a price target cut by ...', 'losing
# 5.2%, after a target cut'); the move is what happened, not a target
MOVED_BY_TARGET = Rule("modality.moved_by_target",
                       r"^[^.;:]{0,12}?\b(?:after|following|on|as)\b[^.;:]{0,60}?\btarget",
                       (", after a target cut from Foo", " following a price target cut by Foo"))
_GOAL_BEFORE = re.compile(r"\b(?:targets?|targeting|aims?|plans?|goals?|PTs?)\b", re.IGNORECASE)


def settled_modality(predicted: Modality, text: str, start: int, end: int, sent_start: int, sent_end: int,
                     metric: str, trace: list[str] | None = None) -> Modality:
    """The model's modality, except where the words above settle a reported actual as a call or a level set (of a
    market, a price or a business figure: not 'a maximum of 7 boards' an attributed rule allows), and a price the
    model reads as a target only for a 'target-beating' adjective as an actual, or a forecast after a modal
    ([modality.target_compound])."""
    clause = re.split(r"[;:]", text[sent_start:start])[-1]
    if predicted is Modality.TARGET and metric == "price_level" and _only_target_compound(text[sent_start:sent_end]):
        TARGET_COMPOUND.note(trace)  # "Dunmore's stock at $45 target-beating level": no target is set
        return Modality.FORECAST if MODAL_BEFORE.regex.search(clause) else Modality.ACTUAL
    if predicted is Modality.TARGET and metric == "return" and not _GOAL_BEFORE.search(clause) \
            and MOVED_BY_TARGET.search(text[end:sent_end], trace):
        return Modality.ACTUAL  # 'Velmora slid 3.4% following a price target cut': the move is an actual
    if predicted is not Modality.ACTUAL or metric == "other":
        return predicted
    if STOP_LOSS.search(clause, trace):
        return Modality.TARGET
    if metric == "price_level" and (PRICE_TARGET.regex.search(clause[-40:]) or
                                    PRICE_TARGET_AFTER.match(text, end)):
        PRICE_TARGET.note(trace)
        return Modality.TARGET
    sentence = text[sent_start:sent_end].rstrip(" .")
    if MODAL_BEFORE.search(clause, trace) or (CALL_SOURCE.search(sentence) and CALL_WORDS.search(sentence, trace)):
        return Modality.FORECAST
    return predicted


def default_model_path() -> Path:
    return models_path("claims/modality.json", "SENTIMENT_MODALITY_MODEL")


def load_default() -> LinearModel | None:
    """The shipped model, or None (then ``rule_modality`` answers) when the file is absent."""
    path = default_model_path()
    return LinearModel.load(path) if path.is_file() else None


def predict_modality(model: LinearModel | None, feats: list[str]) -> Modality:
    return Modality(model.predict(feats)) if model is not None else rule_modality(feats)


def modality_tag(model: LinearModel | None) -> str:
    """The modality part of the extractor version: which weights (or the rules) gave the modalities."""
    return f"mod-{model.digest if model else 'rules'}"
