"""Financial sentiment: sentence-, entity- and article-level, with our own ONNX model.

The only importer of onnxruntime and tokenizers (both imported lazily, when a model is loaded).
The model lives in ``models/sentiment/`` (``model.onnx``, ``tokenizer.json``, ``config.json``)
and is rebuilt by ``python -m news_sentiment.training.sentiment_train`` (see models/README.md).

Input forms the model was trained on:
  * plain sentence: ``[CLS] sentence [SEP]`` — the sentence's overall sentiment;
  * targeted: ``[CLS] target [SEP] sentence [SEP]`` — the sentiment toward ``target``.

``Classifier`` follows the transformers-pipeline shape: ``preprocess`` → ``forward`` → ``postprocess``,
batched, sorted by length. Longer texts are split into sentences, scored one by one and aggregated
(confidence-weighted); a sentence longer than the model's ``max_length`` tokens is read in overlapping
windows (``WINDOW_STRIDE`` tokens shared, the target repeated in each) whose scores are aggregated, so no
part of a sentence goes unread. Articles weight the title and the lead and keep per-sentence evidence.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import numpy as np

from news_sentiment.config import models_path
from news_sentiment.errors import ModelError
from news_sentiment.nlp.onnx_runtime import open_session, open_tokenizer, run_unpadded
from news_sentiment.textutil import split_sentences

log = logging.getLogger(__name__)

LABELS: tuple[str, str, str] = ("negative", "neutral", "positive")
REBUILD_COMMAND = 'pip install -e ".[train]" && python -m news_sentiment.training.sentiment_train'
MODEL_ENV = "SENTIMENT_MODEL_DIR"
TITLE_WEIGHT = 2.0  # an article's title counts as much as two body sentences of equal confidence
LEAD_SENTENCES = 2  # an article's first body sentences (its lead) ...
LEAD_WEIGHT = 1.5  # ... count half again as much as later ones
MAX_SENTENCES = 200  # sentences of one ``classify`` text scored at most (the rest counted, reported)
MAX_ARTICLE_SENTENCES = 2000  # body sentences of one article scored at most (the rest counted, stored)
EVIDENCE_KEPT = 5  # sentences kept as an article's evidence: those that moved its score most

# --------------------------------------------------------------------------- text


_URL = re.compile(r"https?://\S+|www\.\S+")
_SPACE = re.compile(r"\s+")
_GENERIC = {
    "industries", "industry", "limited", "group", "holdings", "holding", "company", "corporation", "corp",
    "bank", "banks", "international", "global", "india", "china", "shares", "stock", "stocks", "market",
    "markets", "fund", "funds", "services", "technologies", "technology", "energy", "motors", "financial",
    "capital", "securities", "private", "public", "national", "the", "and",
}


def normalise_text(text: str) -> str:
    """Drop URLs and collapse whitespace (tweets carry t.co links that say nothing)."""
    return _SPACE.sub(" ", _URL.sub(" ", text or "")).strip()


def find_mentions(text: str, target: str) -> list[tuple[int, int]]:
    """Character spans where ``target`` occurs in ``text`` (case-insensitive, on word boundaries,
    plural/possessive ``s`` allowed: ``NBFCs``, ``ICICI's``).

    Falls back to the first distinctive word of the name (>= 4 letters, not a generic word such as
    Industries or Group) when the full name is absent (``Reliance Industries`` → ``Reliance``).
    """
    target = (target or "").strip()
    if not target or not text:
        return []

    def search(needle: str) -> list[tuple[int, int]]:
        pat = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?:'?s)?(?!\w)", re.IGNORECASE)
        return [(m.start(), m.end()) for m in pat.finditer(text)]

    hits = search(target)
    if hits:
        return hits
    for w in re.findall(r"\w+", target):  # name words in order, skipping generic ones
        if len(w) >= 4 and w.lower() not in _GENERIC:
            hits = search(w)
            if hits:
                return hits
    return []


def sentences_with(text: str, spans: Sequence[tuple[int, int]],
                   mentions: Sequence[tuple[int, int]]) -> list[int]:
    """Indexes of the sentence spans that overlap any mention span."""
    return [i for i, (s, e) in enumerate(spans) if any(ms < e and me > s for ms, me in mentions)]


def softmax(logits: np.ndarray) -> np.ndarray:
    z = logits - logits.max(axis=-1, keepdims=True)
    ez = np.exp(z)
    return ez / ez.sum(axis=-1, keepdims=True)


def shares(probs: Sequence[Sequence[float]], weights: Sequence[float] | None = None) -> np.ndarray:
    """Each row's share of an aggregate: ``weight * confidence``, normalised to sum 1, where confidence =
    max prob - 1/3 (how far from uniform) plus a small floor, so a set of unsure rows still averages."""
    arr = np.asarray(probs, dtype=np.float64).reshape(-1, len(LABELS))
    w = np.ones(arr.shape[0]) if weights is None else np.asarray(weights, dtype=np.float64)
    total = w * (arr.max(axis=1) - 1.0 / len(LABELS) + 0.05)
    if total.sum() <= 0:
        total = np.ones_like(total)
    return total / total.sum()


def aggregate(probs: Sequence[Sequence[float]], weights: Sequence[float] | None = None) -> np.ndarray:
    """Confidence-weighted mean of probability rows (weights by :func:`shares`); a row summing to 1."""
    arr = np.asarray(probs, dtype=np.float64).reshape(-1, len(LABELS))
    if arr.shape[0] == 0:
        return np.array([0.0, 1.0, 0.0])
    out = (arr * shares(arr, weights)[:, None]).sum(axis=0)
    return out / out.sum()


# --------------------------------------------------------------------------- results


@dataclass
class Prediction:
    """One classified text (or text toward a target)."""

    label: str
    scores: dict[str, float]
    target_absent: bool = False
    note: str | None = None
    sentences: int = 1
    sentences_dropped: int = 0  # sentences past MAX_SENTENCES, not scored
    sentences_windowed: int = 0  # sentences longer than the model's max_length tokens, read in overlapping windows

    @property
    def truncated(self) -> bool:
        """True when part of the text was not read by the model."""
        return bool(self.sentences_dropped)

    def as_dict(self) -> dict[str, Any]:
        return {"label": self.label, "scores": self.scores}


class Part(StrEnum):
    TITLE = "title"
    BODY = "body"


@dataclass(frozen=True)
class Evidence:
    """One sentence's part in an article's score: what it said and how much it counted."""

    part: Part
    start: int | None  # offsets into the article's body text (None for the title)
    end: int | None
    text: str
    label: str
    scores: dict[str, float]
    share: float  # its share of the article score (position weight x confidence, normalised over the article)


@dataclass
class ArticleScore:
    """Article-level sentiment, the per-entity targeted scores and the sentences that weighed most."""

    label: str
    scores: dict[str, float]
    sentences: int
    entities: dict[str, Prediction] = field(default_factory=dict)
    sentences_dropped: int = 0  # body sentences past MAX_ARTICLE_SENTENCES, not scored
    evidence: list[Evidence] = field(default_factory=list)  # at most EVIDENCE_KEPT, largest share first


def calibrate(row: np.ndarray, class_bias: Sequence[float], temperature: float) -> np.ndarray:
    """An item's probabilities through the calibration layer: softmax((log p + bias) / temperature)."""
    if temperature == 1.0 and not any(class_bias):
        return np.asarray(row, dtype=np.float64)
    logp = np.log(np.clip(np.asarray(row, dtype=np.float64), 1e-9, 1.0))
    return softmax(((logp + np.asarray(class_bias)) / temperature)[None, :])[0]


def _prediction(row: np.ndarray, **kw: Any) -> Prediction:
    scores = {lab: round(float(p), 4) for lab, p in zip(LABELS, row)}
    return Prediction(label=LABELS[int(np.argmax(row))], scores=scores, **kw)


# --------------------------------------------------------------------------- model


def default_model_dir() -> Path:
    """``$SENTIMENT_MODEL_DIR``, else the shipped ``models/sentiment`` (see :func:`news_sentiment.config.models_path`)."""
    return models_path("sentiment", MODEL_ENV)


@dataclass(frozen=True)
class ModelConfig:
    """``config.json`` of a shipped model."""

    version: str
    labels: tuple[str, ...]
    max_length: int
    model_file: str = "model.onnx"
    tokenizer_file: str = "tokenizer.json"
    input_names: tuple[str, ...] = ("input_ids", "attention_mask", "token_type_ids")
    # A calibration layer over an item's aggregated probabilities, chosen on a dev split of our news set
    # (training/sentiment_calibrate.py): softmax((log p + class_bias) / temperature).
    class_bias: tuple[float, ...] = (0.0, 0.0, 0.0)
    temperature: float = 1.0

    @classmethod
    def load(cls, path: Path) -> "ModelConfig":
        if not path.is_file():
            raise ModelError(f"sentiment model config {path} is missing",
                             hint=f"Rebuild the model with: {REBUILD_COMMAND}")
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            cfg = cls(version=str(raw["version"]), labels=tuple(raw["labels"]),
                      max_length=int(raw["max_length"]),
                      model_file=raw.get("model_file", "model.onnx"),
                      tokenizer_file=raw.get("tokenizer_file", "tokenizer.json"),
                      input_names=tuple(raw.get("input_names", cls.input_names)),
                      class_bias=tuple(float(b) for b in raw.get("calibration", {}).get("class_bias", (0, 0, 0))),
                      temperature=float(raw.get("calibration", {}).get("temperature", 1.0)))
            if len(cfg.class_bias) != len(cfg.labels) or cfg.temperature <= 0:
                raise ValueError("calibration needs one bias per label and a positive temperature")
        except (ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"sentiment model config {path} is corrupt: {exc}",
                             hint=f"Rebuild the model with: {REBUILD_COMMAND}") from exc
        if cfg.labels != LABELS:
            raise ModelError(f"sentiment model config {path} has labels {cfg.labels}, expected {LABELS}",
                             hint=f"Rebuild the model with: {REBUILD_COMMAND}")
        return cfg


class Classifier:
    """Three-way financial sentiment (negative, neutral, positive), plain or toward a target.

    >>> clf = Classifier.load()                       # doctest: +SKIP
    >>> clf.classify(["BYD shares slump 8% after price cuts"], targets=["BYD"])  # doctest: +SKIP
    """

    def __init__(self, session: Any, tokenizer: Any, config: ModelConfig, *, batch_size: int = 64) -> None:
        self.session = session
        self.tokenizer = tokenizer
        self.config = config
        self.batch_size = batch_size
        self.version = config.version
        # longer inputs overflow into windows that share ``stride`` tokens with the previous one
        tokenizer.enable_truncation(max_length=config.max_length, strategy="longest_first",
                                    stride=max(1, config.max_length // 4))

    # ---- loading
    @classmethod
    def load(cls, model_dir: str | Path | None = None, *, threads: int | None = None,
             batch_size: int = 64) -> "Classifier":
        """Load tokenizer + ONNX model from ``model_dir``; raises ModelError naming a bad file."""
        t0 = time.perf_counter()
        model_dir = Path(model_dir) if model_dir else default_model_dir()
        hint = f"Rebuild the model with: {REBUILD_COMMAND} (or set ${MODEL_ENV} to a model folder)"
        config = ModelConfig.load(model_dir / "config.json")
        tok_path = model_dir / config.tokenizer_file
        onnx_path = model_dir / config.model_file
        for p in (tok_path, onnx_path):
            if not p.is_file():
                raise ModelError(f"sentiment model file {p} is missing", hint=hint)
        tokenizer = open_tokenizer(tok_path, f"sentiment tokenizer {tok_path}", hint)
        tokenizer.no_padding()
        session = open_session(onnx_path, threads, f"sentiment model file {onnx_path}", hint)
        log.info("loaded sentiment model %s from %s in %.2fs", config.version, model_dir,
                 time.perf_counter() - t0)
        return cls(session, tokenizer, config, batch_size=batch_size)

    # ---- pipeline stages
    def preprocess(self, texts: Sequence[str], targets: Sequence[str | None]) -> list[Any]:
        """Tokenise (target, sentence) pairs or plain sentences; returns tokenizers Encodings."""
        inputs: list[Any] = [(t, s) if t else s for s, t in zip(texts, targets)]
        return self.tokenizer.encode_batch(inputs) if inputs else []

    def forward(self, encodings: Sequence[Any]) -> np.ndarray:
        """Logits for a batch of encodings, one sequence per ONNX call.

        The shipped model is dynamically quantised (int8): activation scales are computed over the
        whole input tensor, so in a padded batch a sentence's scores would depend on its neighbours
        (measured: probabilities moved by up to 0.66 and 7 of 300 labels flipped between batch sizes
        1 and 64). One unpadded row per call (:func:`~news_sentiment.nlp.onnx_runtime.run_unpadded`)
        makes every score reproducible for about 15 % of speed.
        """
        return run_unpadded(self.session, encodings).reshape(len(encodings), -1)

    @staticmethod
    def postprocess(logits: np.ndarray) -> np.ndarray:
        """Logits → probabilities in LABELS order."""
        return softmax(np.asarray(logits, dtype=np.float64))

    def predict_proba(self, texts: Sequence[str], targets: Sequence[str | None] | None = None) -> np.ndarray:
        """Probabilities (n, 3) for short texts (sentences), batched by sorted length, in input order."""
        return self._predict(texts, targets)[0]

    def _predict(self, texts: Sequence[str],
                 targets: Sequence[str | None] | None = None) -> tuple[np.ndarray, list[bool]]:
        """:meth:`predict_proba`, and for each text whether it was longer than ``max_length`` tokens (then
        read in overlapping windows whose probabilities are aggregated: nothing is cut)."""
        targets = list(targets) if targets is not None else [None] * len(texts)
        texts = [normalise_text(t) for t in texts]
        out = np.zeros((len(texts), len(LABELS)))
        if not texts:
            return out, []
        encodings = self.preprocess(texts, targets)
        windows = [(i, w) for i, e in enumerate(encodings) for w in (e, *e.overflowing)]
        probs = np.zeros((len(windows), len(LABELS)))
        order = sorted(range(len(windows)), key=lambda k: len(windows[k][1].ids))
        for b in range(0, len(order), self.batch_size):
            idx = order[b:b + self.batch_size]
            probs[idx] = self.postprocess(self.forward([windows[k][1] for k in idx]))
        first = 0
        for i, e in enumerate(encodings):  # windows are grouped by text, in text order
            n = 1 + len(e.overflowing)
            out[i] = aggregate(probs[first:first + n]) if n > 1 else probs[first]
            first += n
        return out, [bool(e.overflowing) for e in encodings]

    def calibrated(self, row: np.ndarray) -> np.ndarray:
        return calibrate(row, self.config.class_bias, self.config.temperature)

    # ---- user-facing
    def classify(self, texts: Sequence[str], targets: Sequence[str | None] | None = None) -> list[Prediction]:
        """Classify texts (optionally toward targets). Multi-sentence texts are split and aggregated.

        With a target, only the sentences mentioning it are scored in the targeted form; when the
        target is not in the text the whole text is scored plainly and ``target_absent`` is set.
        Empty text → neutral with a note. Sentences past :data:`MAX_SENTENCES` are not scored: the
        prediction counts them (``sentences_dropped``; ``truncated`` is then True). A sentence longer than the
        model's ``max_length`` tokens is read in overlapping windows (counted in ``sentences_windowed``).
        """
        targets = list(targets) if targets is not None else [None] * len(texts)
        jobs: list[tuple[int, str, str | None, float]] = []  # (item, sentence, target, weight)
        results: list[Prediction | None] = [None] * len(texts)
        absent = [False] * len(texts)
        dropped = [0] * len(texts)
        for i, (text, target) in enumerate(zip(texts, targets)):
            text = text if isinstance(text, str) else ""
            target = target.strip() if isinstance(target, str) and target.strip() else None
            if not normalise_text(text):
                results[i] = Prediction("neutral", {"negative": 0.0, "neutral": 1.0, "positive": 0.0},
                                        note="empty text", sentences=0)
                continue
            spans = split_sentences(text) or [(0, len(text))]
            dropped[i] = max(0, len(spans) - MAX_SENTENCES)
            spans = spans[:MAX_SENTENCES]
            chosen = list(range(len(spans)))
            if target:
                hit = sentences_with(text, spans, find_mentions(text, target))
                if hit:
                    chosen = hit
                else:
                    absent[i] = True
                    target = None
            for k in chosen:
                s, e = spans[k]
                jobs.append((i, text[s:e], target, 1.0))
        probs, cut = self._predict([j[1] for j in jobs], [j[2] for j in jobs])
        grouped: dict[int, list[int]] = {}
        for row, job in enumerate(jobs):
            grouped.setdefault(job[0], []).append(row)
        for i, rows in grouped.items():
            agg = aggregate(probs[rows], [jobs[r][3] for r in rows])
            results[i] = _prediction(self.calibrated(agg), target_absent=absent[i], sentences=len(rows),
                                     sentences_dropped=dropped[i], sentences_windowed=sum(cut[r] for r in rows))
            if results[i].truncated:
                log.debug("text %d truncated: %d sentences past the first %d not scored", i, dropped[i],
                          MAX_SENTENCES)
        return [r for r in results if r is not None]

    def score_article(self, title: str, text: str,
                      entities: Iterable[str | tuple[str, int, int]] = ()) -> ArticleScore:
        """Article sentiment and a targeted score per entity, with the sentences that weighed most.

        Every body sentence is scored (up to :data:`MAX_ARTICLE_SENTENCES`; the rest are counted in
        ``sentences_dropped``), long ones in windows; the title counts ``TITLE_WEIGHT`` and the first
        ``LEAD_SENTENCES`` body sentences ``LEAD_WEIGHT``. ``entities``: names, or ``(name, start, end)``
        mentions with offsets into ``text`` (names are also searched in the title).
        """
        title = normalise_text(title or "")
        all_spans = split_sentences(text or "")
        spans = all_spans[:MAX_ARTICLE_SENTENCES]
        sents = ([title] if title else []) + [text[s:e] for s, e in spans]
        if not sents:
            return ArticleScore("neutral", {"negative": 0.0, "neutral": 1.0, "positive": 0.0}, 0)
        weights = ([TITLE_WEIGHT] if title else []) + [LEAD_WEIGHT if k < LEAD_SENTENCES else 1.0
                                                        for k in range(len(spans))]
        by_name = _entity_sentences(title, text or "", spans, entities)
        owners = [(name, k) for name, idx in by_name.items() for k in sorted(idx)]
        probs = self.predict_proba(sents + [sents[k] for _, k in owners],
                                   [None] * len(sents) + [name for name, _ in owners])
        plain = probs[: len(sents)]
        art = self.calibrated(aggregate(plain, weights))
        result = ArticleScore(LABELS[int(np.argmax(art))], _rounded(art), len(sents),
                              sentences_dropped=len(all_spans) - len(spans),
                              evidence=_evidence(plain, weights, sents, spans, bool(title)))
        rows_of: dict[str, list[int]] = {}
        for row, (name, _) in enumerate(owners, start=len(sents)):
            rows_of.setdefault(name, []).append(row)
        for name in by_name:
            rows = rows_of.get(name, [])
            if rows:
                w = [weights[owners[r - len(sents)][1]] for r in rows]
                result.entities[name] = _prediction(self.calibrated(aggregate(probs[rows], w)), sentences=len(rows))
            else:
                result.entities[name] = _prediction(art, target_absent=True, sentences=0)
        return result


def _rounded(row: np.ndarray) -> dict[str, float]:
    return {lab: round(float(p), 4) for lab, p in zip(LABELS, row)}


def _entity_sentences(title: str, text: str, spans: Sequence[tuple[int, int]],
                      entities: Iterable[str | tuple[str, int, int]]) -> dict[str, set[int]]:
    """Entity name -> indexes of the sentences (title = 0 when present) that mention it."""
    by_name: dict[str, set[int]] = {}
    offset = 1 if title else 0
    for ent in entities:
        if isinstance(ent, str):
            name, found = ent, find_mentions(text, ent)
        else:
            name, found = ent[0], [(int(ent[1]), int(ent[2]))]
        idx = {k + offset for k in sentences_with(text, spans, found)}
        if title and find_mentions(title, name):
            idx.add(0)
        by_name.setdefault(name, set()).update(idx)
    return by_name


def _evidence(plain: np.ndarray, weights: Sequence[float], sents: Sequence[str],
              spans: Sequence[tuple[int, int]], has_title: bool) -> list[Evidence]:
    """The :data:`EVIDENCE_KEPT` sentences with the largest share of the article score (uncalibrated rows)."""
    share = shares(plain, weights)
    out = []
    for k in sorted(range(len(sents)), key=lambda k: -share[k])[:EVIDENCE_KEPT]:
        body = k - 1 if has_title else k
        span = spans[body] if body >= 0 else (None, None)
        out.append(Evidence(Part.TITLE if body < 0 else Part.BODY, span[0], span[1], sents[k],
                            LABELS[int(np.argmax(plain[k]))], _rounded(plain[k]), round(float(share[k]), 4)))
    return out


_CACHE: dict[str, Classifier] = {}


def get_classifier(model_dir: str | Path | None = None) -> Classifier:
    """A process-wide cached Classifier for ``model_dir`` (default: the shipped model)."""
    key = str(Path(model_dir) if model_dir else default_model_dir())
    if key not in _CACHE:
        _CACHE[key] = Classifier.load(key)
    return _CACHE[key]
