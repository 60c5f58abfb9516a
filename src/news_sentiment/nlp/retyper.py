"""A small learned re-typer for unlinked names that NER called a person, a place or a product.

Rules (``nlp/evidence.py``) re-type a name when the words around it say what it is ('shares of X', 'X declined
to comment'). What is left are names with weaker, spread-out evidence: 'Twitter' typed a person in 'a lawsuit
against Twitter', 'Uniper' a place in 'a stake in Uniper'. This model reads the same kinds of evidence at once
and gives the probability that such a name is a company or organisation:

- the NER kind, the number of words, the name's shape (capitals, inner capitals, digits, a dictionary word);
- the words just before and after it (lower-cased; a capitalised word as ``<Cap>``), a possessive after it, a
  title before it ('Mr', 'President'), whether it opens its sentence;
- the text: the name said again, a person's full name ending in it, the kinds of its list neighbours;
- the knowledge base: the name is the first word of a company or organisation the KB knows;
- a gazetteer of place names (``models/entities/places.txt``: countries, capitals, US states, continents and
  cities of 15,000 people or more from GeoNames, written by ``python -m news_sentiment.places_build``):
  'Ukraine' is a place, 'Uniper' is not in it.

No feature is the name itself, so the model cannot learn names, only kinds. It is an ``nlp.linear.LinearModel``
(``models/entities/retyper.json``, plain JSON, no torch) with its threshold beside it, trained by
``python -m news_sentiment.training.retyper_train`` on FinEntity records of our own split (see that module and
docs/benchmarks.md, entities round 9). Without the file nothing is re-typed, and today no file is shipped: no
model reached the precision its training command requires on dev.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from news_sentiment.config import models_path
from news_sentiment.nlp.kb import KnowledgeBase, fold
from news_sentiment.nlp.linear import LinearModel
from news_sentiment.nlp.pipeline import is_word

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

    from news_sentiment.nlp.records import Mention

log = logging.getLogger(__name__)

RETYPABLE = ("person", "place", "product")
POSITIVE = "org"  # the model's class for 'a company or organisation'
RETYPED_KIND = "organization"  # what a re-typed name becomes: the model does not tell companies from other bodies
_TITLES = frozenset({"mr", "mr.", "ms", "ms.", "mrs", "mrs.", "dr", "dr.", "sir", "president", "governor",
                     "minister", "senator", "chairman", "chairwoman", "ceo", "chief", "executive", "analyst",
                     "economist", "strategist", "spokesman", "spokeswoman", "spokesperson", "secretary", "king",
                     "queen", "prince", "judge", "lord", "lady"})
_ORG_KINDS = ("company", "organization", "outlet")


def _word(tok: Token) -> str:
    """A context word as a feature value: lower-cased, or ``<Cap>`` / ``<CAPS>`` / ``<num>`` / ``<nl>``."""
    text = tok.text
    if "\n" in text or tok.is_space:
        return "<nl>"
    if tok.like_num:
        return "<num>"
    if text.isupper() and len(text) > 1:
        return "<CAPS>"
    if text[:1].isupper():
        return "<Cap>"
    return tok.lower_


_PLACES: dict[Path, frozenset[str]] = {}


def places_path() -> Path:
    return models_path("entities/places.txt", "SENTIMENT_PLACES")


def place_names(path: Path | None = None) -> frozenset[str]:
    """The gazetteer's folded place names (read once; empty without the file)."""
    path = path or places_path()
    if path not in _PLACES:
        _PLACES[path] = frozenset(path.read_text(encoding="utf-8").split("\n")) - {""} if path.exists() \
            else frozenset()
    return _PLACES[path]


def forget_places() -> None:
    """Read the gazetteer again on next use (after it was rewritten)."""
    _PLACES.clear()


def _kb_first_words(kb: KnowledgeBase) -> frozenset[str]:
    """First words of the KB's company and organisation names and aliases of two words or more (built once)."""
    cached = kb.cache.get("retyper_first_words")
    if cached is None:
        cached = frozenset(key.split()[0] for key, kb_id in kb.by_alias.items()
                           if " " in key and kb.by_id[kb_id].kind in _ORG_KINDS)
        kb.cache["retyper_first_words"] = cached
    return cached  # type: ignore[return-value]


def _shape(span: Span) -> list[str]:
    words = [t for t in span if not t.is_punct]
    text = span.text
    feats = [f"ntok:{min(len(words), 3)}"]
    if text.isupper() and len(text) > 1:
        feats.append("shape:caps")
    if any(c.isupper() for t in words for c in t.text[1:]) and not text.isupper():
        feats.append("shape:innercap")  # 'LinkedIn', 'BioNTech'
    if any(c.isdigit() for c in text):
        feats.append("shape:digit")
    if "-" in text or "&" in text:
        feats.append("shape:joiner")
    dictionary = [is_word(span.doc.vocab, t.text) for t in words]
    if dictionary and all(dictionary):
        feats.append("dict:all")
    elif any(dictionary):
        feats.append("dict:some")
    return feats


def _context(span: Span) -> list[str]:
    doc, sent = span.doc, span.sent
    feats = []
    for k, name in ((1, "p1"), (2, "p2")):
        i = span.start - k
        feats.append(f"{name}:{_word(doc[i]) if i >= sent.start else '<s>'}")
    for k, name in ((0, "n1"), (1, "n2")):
        i = span.end + k
        feats.append(f"{name}:{_word(doc[i]) if i < sent.end else '</s>'}")
    if span.start == sent.start:
        feats.append("sent_start")
    if span.start > 0 and doc[span.start - 1].lower_ in _TITLES:
        feats.append("titled")
    feats.append(f"tag:{span[-1].tag_}")
    return feats


def _text_evidence(m: Mention, mentions: list[Mention], neighbours: list[str], kb: KnowledgeBase) -> list[str]:
    key = fold(m.text.strip())
    feats = []
    same = sum(fold(o.text.strip()) == key for o in mentions)
    if same > 1:
        feats.append("repeated")
    longer = [o for o in mentions if o.kind == "person" and fold(o.text).endswith(" " + key)]
    if longer:
        feats.append("person_full_name")  # 'Jane Brackwell' ... 'Brackwell'
    feats += [f"list:{k}" for k in sorted(set(neighbours))]
    if key.split() and key.split()[0] in _kb_first_words(kb) and " " not in key:
        feats.append("kb_first_word")
    bare = key[4:] if key.startswith("the ") else key
    feats.append("gazetteer:place" if bare in place_names() else "gazetteer:none")
    return feats


def features(doc: Doc, m: Mention, mentions: list[Mention], neighbours: list[str], kb: KnowledgeBase) -> list[str]:
    """The features of mention ``m`` (of a retypable kind) of ``doc``; each also conjoined with the NER kind."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or not len(span):
        return []
    base = _shape(span) + _context(span) + _text_evidence(m, mentions, neighbours, kb)
    return [f"kind:{m.kind}"] + base + [f"{m.kind}|{f}" for f in base]


@dataclass(frozen=True)
class Retyper:
    """The model and the probability above which a name is re-typed (both chosen by the training command)."""

    model: LinearModel
    threshold: float

    @property
    def tag(self) -> str:
        return f"retyper-{self.model.digest}"

    @classmethod
    def load(cls, path: Path) -> Retyper:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(LinearModel.load(path), float(data["threshold"]))

    @classmethod
    def load_default(cls) -> Retyper | None:
        path = default_path()
        if not path.exists():
            log.info("no entity re-typer at %s: the rules alone type names", path)
            return None
        return cls.load(path)

    def probability(self, feats: list[str]) -> float:
        return self.model.probabilities(feats).get(POSITIVE, 0.0) if feats else 0.0

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {**self.model.to_json(), "threshold": self.threshold}
        path.write_text(json.dumps(data, indent=0, sort_keys=True) + "\n", encoding="utf-8")


def default_path() -> Path:
    return models_path("entities/retyper.json", "SENTIMENT_RETYPER_MODEL")


def candidates(mentions: list[Mention], evidenced: set[int]) -> list[int]:
    """Indices of the mentions the re-typer reads: unlinked, of a retypable kind, typed by NER alone."""
    return [i for i, m in enumerate(mentions) if not m.kb_id and m.kind in RETYPABLE and id(m) not in evidenced]
