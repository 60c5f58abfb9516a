"""Title-case headlines: the capitals of 'Gold Climbs, Stocks Slip as Traders Weigh Tariff Risks' say nothing
about names, and NER reads them as names ('Stocks Slip', 'Weak Jobs Data').

A pipeline component run after NER. In a sentence written in title case it

1. case-normalises the text: a capitalised dictionary word ('Climbs', 'Stocks', 'Weak') is written in lower
   case unless the knowledge-base ruler matched it in the original case ('Gold', 'Apple', 'Best Buy');
2. runs the statistical NER again over the normalised sentence, where the case is honest again;
3. rebuilds the sentence's entities from, in order of trust: the KB ruler's spans (original case), names with
   their own evidence of being a company (capitalised words ending in a legal form or company word:
   'Kestrel Motors', 'Orvane Biotech'), the names NER finds in the normalised text, and the parts of the first
   NER's names made only of words that are no dictionary words ('Vivendi' of 'Vivendi Agrees').

The indices of the tokens written in lower case are kept in ``doc.user_data[RECASED]``: later rules read their
capital as the headline's, not a name's. Offsets never change (a word is lowered only when that keeps its length).
"""

from __future__ import annotations

import re

from typing import TYPE_CHECKING

from news_sentiment.nlp.evidence import (COMPANY_FORMS, COMPANY_WORDS, HEADLINE_VERBS, PLAIN_COMPANY_WORDS,
                                         plain_word_named)
from news_sentiment.nlp.pipeline import is_line_break, is_word

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

RECASED = "recased_tokens"
# short function words that title case may leave in lower case ('Small Gains Are a Sign to Watch the Season')
TITLE_CASE_LOWER = frozenset({"a", "an", "the", "and", "or", "nor", "but", "as", "at", "by", "for", "in", "of", "on",
                              "to", "up", "vs", "via", "with", "from", "into", "over"})
_MIN_WORDS = 3
_MIN_WORDS_WITH_FIGURE = 2  # 'Greythorn Profit Jumps 5%'; a line that is only a name stays as written
_SHARE_CAPITALISED = 0.8


def is_title_case(sent: Span) -> bool:
    """Is ``sent`` written in title case? Most of its dictionary words (outside KB names, after the first word)
    are capitalised; three at least, or two on a line with a figure ('Greythorn Profit Jumps 5%': a line that is
    only a name, 'Second Harbour Capital', stays as written)."""
    words = [t for t in sent[1:] if t.is_alpha and not t.ent_id_ and t.lower_ not in TITLE_CASE_LOWER
             and not t.is_upper and is_word(t.vocab, t.text)]
    least = _MIN_WORDS_WITH_FIGURE if any(c.isdigit() for c in sent.text) else _MIN_WORDS  # not like_num: 'Second'
    return len(words) >= least and sum(t.text[:1].isupper() for t in words) >= _SHARE_CAPITALISED * len(words)


def _lowerable(tok: Token) -> bool:
    """A capitalised dictionary word outside a KB name: its capital is the headline's."""
    text = tok.text
    return text[:1].isupper() and text[1:].islower() and not tok.ent_id_ and len(text.lower()) == len(text) \
        and bool(is_word(tok.vocab, text))


def is_recased(tok: Token) -> bool:
    """Was ``tok`` a capitalised dictionary word of a title-case headline (its capital no evidence of a name)?"""
    return tok.i in tok.doc.user_data.get(RECASED, ())


def _company_word(tok: Token) -> bool:
    if not tok.text[:1].isupper() or tok.lower_ not in COMPANY_FORMS and tok.lower_ not in COMPANY_WORDS:
        return False
    return tok.lower_ not in PLAIN_COMPANY_WORDS or plain_word_named(tok)  # not 'Top Energy News of the Day'


def _form_pieces(part: Span, lowered: set[int]) -> list[Span]:
    """'Kestrel Motors' of 'Why Kestrel Motors Shares Jump': a capitalised company word or legal form with the
    name before it (the words that stayed capitalised, or else the one word just before), which is evidence of
    a company whatever the case of the headline."""
    doc, out = part.doc, []
    for tok in part[1:]:
        if not _company_word(tok) or not doc[tok.i - 1].text[:1].isupper():
            continue
        start = tok.i - 1
        while start > part.start and doc[start - 1].i not in lowered and doc[start - 1].text[:1].isupper() \
                and doc[start].i not in lowered:
            start -= 1
        out.append(doc[start:tok.i + 1])
    return out


# what holders do to a stock in a headline ('Hedge Funds Are Selling Acme Bank Corporation'), tagged as names there
_TRADING = re.compile(r"(?:Buy|Sell|Dump|Bett|Add|Cutt|Load|Ditch|Trimm|Short|Pil|Back|Hold)ing", re.IGNORECASE)


def _within_cased_name(piece: Span, cased: list[Span]) -> Span:
    """'Cedar Realty Trust Inc', 'CenterState Bank Corporation' of 'Funds Are Selling CenterState Bank Corporation':
    a company word or legal form with the word before it ('Bank Corporation') takes in the capitalised words before
    it that NER, reading the headline as written, put in the same name, back to a verb or a function word."""
    from spacy.tokens import Span as SpanT

    doc, start = piece.doc, piece.start
    name = next((e for e in cased if e.start <= piece.start and piece.end <= e.end), None)
    while name is not None and start > name.start and doc[start - 1].text[:1].isupper() \
            and not doc[start - 1].is_stop and not doc[start - 1].tag_.startswith("VB") \
            and not _TRADING.fullmatch(doc[start - 1].text) and not HEADLINE_VERBS.fullmatch(doc[start - 1].text):
        start -= 1
    return SpanT(doc, start, piece.end, label="ORG")


def _merged(pieces: list[Span]) -> list[Span]:
    """Overlapping pieces of one name ('Comtech Telecommunications' and 'Telecommunications Corp.') as one."""
    from spacy.tokens import Span as SpanT

    out: list[Span] = []
    for p in sorted(pieces, key=lambda x: (x.start, -x.end)):
        if out and p.start < out[-1].end:
            last = out.pop()
            p = SpanT(p.doc, last.start, max(last.end, p.end), label="ORG")
        out.append(p)
    return out


def _unknown_words(part: Span, lowered: set[int]) -> list[Span]:
    """Capitalised words no dictionary knows ('Monzo' of 'Monzo Seeks a Licence'): names, whatever NER says."""
    return [part.doc[t.i:t.i + 1] for t in part if t.is_alpha and t.is_title and len(t) >= 3 and t.i not in lowered
            and not t.ent_id_ and is_word(t.vocab, t.text) is False]


def _name_runs(ent: Span, lowered: set[int]) -> list[Span]:
    """The parts of ``ent`` made of words that stayed capitalised (no dictionary words): 'Vivendi' of
    'Vivendi Agrees'."""
    runs, start = [], None
    for tok in [*ent, None]:
        if tok is not None and tok.i not in lowered and (tok.is_alpha or tok.text in ("&", "-", ".") and start
                                                         is not None or any(c.isalnum() for c in tok.text)):
            start = tok.i if start is None else start
            continue
        if start is not None:
            first, end = _alnum_edges(ent.doc, start, tok.i if tok is not None else ent.end)
            if end > first:
                runs.append(ent.doc[first:end])
        start = None
    return runs


_MAX_WORDS = 30  # a headline is short; a longer line of capitalised names is prose (a list of signatories)


def _ends_sentence(line: Span) -> bool:
    """Is the line prose, not a headline? It ends in a full stop ('The Federal Open Market Committee Met.'), holds
    a full stop followed by more words, or is longer than any headline."""
    words = [t for t in line if not t.is_space and not t.is_punct]
    stops = [t.i for t in line if t.text in (".", "...")]
    return not words or len(words) > _MAX_WORDS or bool(stops) and (stops[-1] == words[-1].i + 1
                                                                    or stops[0] < words[-1].i)


def _lines(doc: Doc) -> list[Span]:
    """The lines of ``doc`` (a headline is a line; the parser may cut one into pieces at its verbs)."""
    out, start = [], 0
    for tok in doc:
        if is_line_break(tok):
            if tok.i > start:
                out.append(doc[start:tok.i])
            start = tok.i + 1
    if start < len(doc):
        out.append(doc[start:])
    return out


def _blank_line(tok: Token) -> bool:
    return tok.is_space and tok.text.count("\n") >= 2


def _cut_at_line_breaks(doc: Doc, ents: list[Span]) -> list[Span]:
    """No name runs over a blank line ('Greythorn Results Beat Forecasts' + the break after a headline, as NER
    may read it): an entity that holds one is cut into its pieces on each side, each kept when it holds a letter
    or a digit (a headline's piece is then re-read with its line). A single line break may be a hard wrap inside
    a name ('Kestrel Motors' + newline + 'Holdings'): left as it is."""
    from spacy.tokens import Span as SpanT

    out = []
    for ent in ents:
        if not any(_blank_line(t) for t in ent):
            out.append(ent)
            continue
        start = ent.start
        for tok in [*ent, None]:
            if tok is None or _blank_line(tok):
                end = tok.i if tok is not None else ent.end
                first, last = _alnum_edges(doc, start, end)
                if first < last:  # a piece is no KB match any more: its ids are dropped
                    out.append(SpanT(doc, first, last, label=ent.label_))
                start = end + 1
    return out


def _alnum_edges(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """``start``..``end`` without the tokens at either edge that hold no letter or digit ('- Kestrel Motors')."""
    while start < end and not any(c.isalnum() for c in doc[start].text):
        start += 1
    while end > start and not any(c.isalnum() for c in doc[end - 1].text):
        end -= 1
    return start, end


class HeadlineCase:
    """Re-reads the names of title-case sentences over case-normalised text (see the module docstring)."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    def __call__(self, doc: Doc) -> Doc:
        if not (doc.has_annotation("SENT_START") or doc.has_annotation("DEP")):
            return doc
        recased: set[int] = set()
        ents = _cut_at_line_breaks(doc, list(doc.ents))
        for line in _lines(doc):
            if is_title_case(line) and not _ends_sentence(line):
                ents = self._reread(doc, line, ents, recased)
        if recased:
            doc.user_data[RECASED] = frozenset(recased)
        if recased or ents != list(doc.ents):  # a cut or a re-read changed a name
            doc.ents = sorted(ents, key=lambda e: e.start)
        return doc

    def _reread(self, doc: Doc, sent: Span, ents: list[Span], recased: set[int]) -> list[Span]:
        from spacy.tokens import Span as SpanT

        lowered = {t.i for t in sent if _lowerable(t)}
        if not lowered:
            return ents
        recased |= lowered
        text = "".join((t.lower_ if t.i in lowered else t.text) + t.whitespace_ for t in sent)
        normal = self.nlp.get_pipe("ner")(self.nlp.make_doc(text))
        inside = [e for e in ents if sent.start <= e.start and e.end <= sent.end]
        kept = [e for e in ents if e not in inside]
        old = [e for e in inside if not e.ent_id_]
        found = [SpanT(doc, sp.start, sp.end, label=e.label_) for e in normal.ents
                 if (sp := doc.char_span(sent.start_char + e.start_char, sent.start_char + e.end_char,
                                         alignment_mode="contract")) is not None and len(sp)]
        candidates = [e for e in inside if e.ent_id_]
        candidates += _merged([_within_cased_name(p, old) for p in _form_pieces(sent, lowered)])
        candidates += found
        candidates += [SpanT(doc, r.start, r.end, label=e.label_) for e in old for r in _name_runs(e, lowered)]
        candidates += [SpanT(doc, w.start, w.end, label="ORG") for w in _unknown_words(sent, lowered)]
        # A name running over the line's edge (into or across its line break) stays as it is.
        crossing = [e for e in kept if e.start < sent.end and sent.start < e.end]
        chosen: list[Span] = []
        for cand in candidates:  # in order of trust; a span overlapping one already chosen is dropped
            if not any(c.start < cand.end and cand.start < c.end for c in (*crossing, *chosen)):
                chosen.append(cand)
        return kept + chosen


def add_headline_case(nlp: Language) -> None:
    """Put :class:`HeadlineCase` at the end of ``nlp`` (after NER and the KB ruler's deferred names)."""
    from spacy.language import Language as LanguageT

    if "ner" not in nlp.pipe_names:
        return
    if not LanguageT.has_factory("news_sentiment_headline_case"):
        LanguageT.factory("news_sentiment_headline_case", func=lambda nlp, name: HeadlineCase(nlp))
    nlp.add_pipe("news_sentiment_headline_case", name="headline_case", last=True)
