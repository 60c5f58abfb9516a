"""The part of a company, an index or an economy that a figure is about.

'The autos sub-index sank 2.3%', 'Services inflation held at 3.7%', 'its overseas unit's earnings fell 5%', 'a 3.1%
drop in its materials sector': the figure belongs to a part of the whole the rules and the ranker name (the STOXX
600, the euro zone, the company). The guide gives a part its own short name ('UK operation'); a part named beside
its whole keeps both: 'STOXX 600 autos sub-index', 'Euro zone services inflation' (rule id
``subject.part-of-whole``). A company's unit and an economy's statistic stay linked to the company or the economy
(``claims --entity`` lists them); an index's sector is another series, so its subject links to no entity and its
move is never checked against the index's prices.

Pure functions over the spaCy parse; no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from news_sentiment.nlp.claim_subjects import DEMONYMS
from news_sentiment.nlp.rulebook import Rule
from news_sentiment.nlp.subject_forms import SubjectName

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

    from news_sentiment.nlp.numbers import NumExpr
    from news_sentiment.nlp.records import Mention

# the parts by what they are parts of: a company's units, a market's sectors, an economy's statistics
_COMPANY_PARTS = r"unit|division|segment|arm|subsidiary"
_MARKET_PARTS = r"index|sector"
_ECONOMY_PARTS = r"inflation|output|orders|yield|production|exports|imports|unemployment|payrolls|spending"
PART_OF_WHOLE = Rule("subject.part-of-whole", f"(?:{_COMPANY_PARTS}|{_MARKET_PARTS}|{_ECONOMY_PARTS})",
                     examples=("sub-index", "inflation"))


class PartOf(str, Enum):
    """What a part is a part of."""

    COMPANY = "company"  # a unit, a division, a segment
    MARKET = "market"  # an index's sector or sub-index
    ECONOMY = "economy"  # a statistic: services inflation, manufacturing output, the two-year yield
    COMMODITY = "commodity"  # a market's balance: a supply deficit, inventories


_WHOLES = ((PartOf.COMPANY, re.compile(_COMPANY_PARTS), frozenset({"company", "organization"})),
           (PartOf.MARKET, re.compile(_MARKET_PARTS), frozenset({"index"})),
           (PartOf.ECONOMY, re.compile(_ECONOMY_PARTS), frozenset({"place"})))


@dataclass(frozen=True)
class Part:
    """The part of the claim's whole (its subject) that the figure is about."""

    words: str  # 'autos sub-index', as the text writes it, without article or possessor
    of: PartOf
    names_whole: bool = False  # the words name the whole too ('German factory orders'): they are the subject

    def name(self, whole: SubjectName) -> SubjectName:
        """The claim's subject: the whole as written, then the part (or the part's words alone when they name the
        whole too); linked to the whole's entity unless the part is a market of its own (see the module)."""
        if self.names_whole:
            return SubjectName(self.words, whole.entity, whole.kb_id, (*whole.rules, STATISTIC_AS_WRITTEN.id))
        text = f"{whole.text} {self.words}"
        if self.of is PartOf.MARKET:
            return SubjectName(text, rules=(*whole.rules, PART_OF_WHOLE.id))
        return SubjectName(text, whole.entity, whole.kb_id, (*whole.rules, PART_OF_WHOLE.id))


# modifiers that name the whole, not a part: 'the benchmark index', 'the broader index', 'headline inflation'
_WHOLE_MODIFIERS = frozenset({"benchmark", "main", "broader", "broad", "blue", "chip", "key", "wider", "headline",
                              "overall", "total", "composite", "all", "share", "underlying", "own", "whole", "entire",
                              "core", "global", "national", "nation", "country", "state", "group", "company",
                              "sector", "volatile", "heavy", "flagship", "bellwether", "leading", "top", "big",
                              "biggest", "large", "largest", "small", "domestic", "local", "annual", "yearly",
                              "monthly", "quarterly"})
# 'core' of 'core business' is the company's whole; of 'core inflation' a part of the statistic
_CORE_PARTS = frozenset({"inflation"})
_SPAN_OF_TIME = re.compile(r"\b(?:\w+-(?:month|year|week|day|quarter)|month|year|annuali[sz]ed|on-year|on-month)\b",
                           re.IGNORECASE)
_MAX_CLIMB = 6


def part_of(doc: Doc, x: NumExpr, subject: str, mentions: list[Mention]) -> Part | None:
    """The part of ``subject`` the figure ``x`` belongs to, when ``subject`` names a whole the text names (a
    company, an index, a place) and the figure's phrase is a part of such a whole (see the module)."""
    whole = next((m for m in mentions if subject in (m.name, m.text)), None)
    span = doc.char_span(x.num_start, x.num_end, alignment_mode="expand")
    if whole is None or span is None or not len(span):
        return None
    noun = _owner_noun(span[-1])
    of = next((of for of, regex, kinds in _WHOLES if noun is not None and regex.fullmatch(noun.lower_)
               and whole.kind in kinds), None)
    words = _part_words(noun, mentions, of) if of is not None else None
    if words is None or words.lower() in subject.lower() or subject.lower() in words.lower():
        return None  # (a sector is an index's, a unit a company's, inflation an economy's)
    return Part(words, of)


# an economy's statistic named with the economy's adjective ('German factory orders', 'Swiss inflation', 'British
# consumer prices'): the subject as written, not the country alone
_STATISTIC_HEADS = re.compile(r"inflation|prices|unemployment|orders|sales|exports|imports|output|production|"
                              r"economy|growth|pmi|payrolls|spending|deficit|surplus|borrowing|confidence|activity")
STATISTIC_AS_WRITTEN = Rule(
    "subject.statistic_as_written",
    r"^(?P<dem>" + "|".join(re.escape(d) for d in sorted(DEMONYMS, key=len, reverse=True)) + r")\s",
    examples=("German factory orders", "Swiss inflation", "Japanese exports"))


def statistic_as_written(doc: Doc, x: NumExpr, subject: str, mentions: list[Mention]) -> Part | None:
    """'German factory orders fell 1.5%': the statistic's phrase when the figure's clause names it with the
    adjective of the economy that is ``subject`` ('Germany'), no name inside."""
    span = doc.char_span(x.num_start, x.num_end, alignment_mode="expand")
    noun = _owner_noun(span[-1]) if span is not None and len(span) else None
    if noun is None or not _STATISTIC_HEADS.fullmatch(noun.lower_):
        return None
    start = noun.i
    while start > 0 and _modifier(doc[start - 1]):
        start -= 1
    words = doc[start:noun.i + 1]
    dem = STATISTIC_AS_WRITTEN.regex.match(words.text)
    if dem is None or DEMONYMS.get(dem.group("dem").lower()) != DEMONYMS.get(subject.lower(), subject) or \
            any(m.start < words.end_char and words.start_char < m.end for m in mentions):
        return None
    return Part(words.text, PartOf.ECONOMY, names_whole=True)


# what a statistic or a part is called when the text names it without its whole ('new listings fell 2.4%', 'a
# supply deficit of 180,000 tons', 'the official manufacturing purchasing managers' index'), by what it is of
_CHUNK_HEADS = ((PartOf.ECONOMY, re.compile(_ECONOMY_PARTS + r"|listings|sales|deficit|surplus|pmi|growth"),
                 frozenset({"place"})),
                (PartOf.COMMODITY, re.compile(r"deficit|surplus|supply|demand|output|production|inventories|crop|"
                                              r"harvest|exports|imports"), frozenset({"commodity"})),
                (PartOf.COMPANY, re.compile(_COMPANY_PARTS), frozenset({"company", "organization"})))
_DETERMINERS = frozenset({"a", "an", "the", "its", "their"})


def part_of_chunk(subject: str, whole: Mention | None, mentions: list[Mention]) -> tuple[str, Part] | None:
    """(the whole's name, the part) when the claim's subject is a phrase naming a statistic or a part without its
    whole ('new listings', 'a fiscal deficit', "the lender's capital markets arm") and the figure before it in the
    text was about a whole of the kind it belongs to ('Home sales in Canada rose 3.2% ... while new listings fell
    2.4%': Canada's new listings). Not when the phrase names another owner ("Russia's wheat crop", 'the winter
    wheat crop' after corn's figures)."""
    words = subject.split()
    if whole is None or not words or any(c.isdigit() for c in subject) or len(words) > 6:
        return None
    owner = max((i for i, w in enumerate(words) if w.endswith(("'s", "’s"))), default=None)
    if owner is not None:
        if any(w[:1].isupper() and w.lower() not in _DETERMINERS and "-based" not in w
               and w.lower().rstrip("'s’") not in DEMONYMS for w in words[:owner + 1]):
            return None  # "Russia's wheat crop": a name's own part
        words = words[owner + 1:]  # "the Toronto-based lender's capital markets arm": a description's
    elif words[0].lower() in _DETERMINERS:
        words = words[1:]
    names = {m.text.lower() for m in mentions} | {m.name.lower() for m in mentions}
    named = any(w.lower() in names for w in words)  # 'the winter wheat crop' after corn's figures
    kind = whole.kb_kind or whole.kind
    of = next((of for of, regex, kinds in _CHUNK_HEADS if words and regex.fullmatch(words[-1].lower())
               and kind in kinds), None)
    low = subject.lower()
    if of is None or named and of is not PartOf.COMPANY or any(w[:1].isupper() for w in words[1:]) \
            or any(w.lower().rstrip("s") in low for w in whole.name.split() if len(w) > 2):
        return None  # 'a record soybean crop' after soybeans names its whole already
    text = " ".join(words)
    return whole.name, Part(text[:1].lower() + text[1:] if words[0].istitle() else text, of)


def _owner_noun(tok: Token) -> Token | None:
    """The noun the figure is said of: its clause's subject ('The autos sub-index sank 2.3%', through 'which'
    to the noun it stands for), a possessor of that subject ("its overseas unit's earnings fell 5%"), or the
    object of 'in' after the figure's move noun ('a 3.1% drop in its materials sector')."""
    moved = _move_noun(tok)
    if moved is not None:
        inside = next((c for c in moved.children if c.dep_ == "prep" and c.lower_ == "in"), None)
        obj = next((c for c in inside.children if c.dep_ == "pobj"), None) if inside is not None else None
        if obj is not None:
            return obj
    head, steps = tok, 0
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i and steps < _MAX_CLIMB:
        head, steps = head.head, steps + 1
    if head.pos_ not in ("VERB", "AUX"):
        return None
    subj = max((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), key=lambda c: c.i, default=None)
    if subj is not None and subj.lower_ in ("which", "that") and head.dep_ == "relcl":
        subj = head.head  # 'the autos sub-index, which sank 2.7%'
    if subj is not None and not PART_OF_WHOLE.regex.fullmatch(subj.lower_):
        subj = next((c for c in subj.children if c.dep_ == "poss" and c.pos_ == "NOUN"), subj)
    if subj is None or subj.i > tok.i or ";" in (t.text for t in tok.doc[subj.i:tok.i]):
        return None  # the figure's own clause, its subject before it
    return subj


def _move_noun(tok: Token) -> Token | None:
    """The noun whose amount the figure gives ('a 3.1% drop': 'drop'), when the figure modifies one."""
    head, steps = tok, 0
    while head.dep_ in ("nummod", "compound", "quantmod", "amod", "nmod") and steps < _MAX_CLIMB:
        head, steps = head.head, steps + 1
    return head if head.pos_ == "NOUN" and head.i != tok.i else None


def _part_words(noun: Token, mentions: list[Mention], of: PartOf) -> str | None:
    """'autos sub-index' of 'The autos sub-index', 'services inflation' of 'Services inflation', 'two-year yield':
    the noun with the words before it that make it a part, without articles and possessors; None when the phrase
    is no part (no such word, a word naming the whole, a name inside, a nationality naming an economy or a market:
    'Spanish unemployment' is Spain's, 'European defence stocks' a market of their own; a company's 'Swedish
    subsidiary' is a part)."""
    doc, start = noun.doc, noun.i
    while start > 0 and _modifier(doc[start - 1]):
        start -= 1
    mods = [t for t in doc[start:noun.i] if t.is_alpha]
    if not mods or any(t.lower_ in _WHOLE_MODIFIERS and not (t.lower_ == "core" and noun.lower_ in _CORE_PARTS)
                       for t in mods) or any(t.pos_ == "PROPN" for t in mods):
        return None
    if of is not PartOf.COMPANY and any(t.ent_type_ in ("NORP", "GPE") or t.lower_ in DEMONYMS for t in mods):
        return None
    words = doc[start:noun.i + 1]
    if noun.lower_ != "yield" and _SPAN_OF_TIME.search(words.text):
        return None  # 'twelve-month inflation', 'annualised growth': a measure's period, not a part (a tenor is)
    if any(m.start < words.end_char and words.start_char < m.end for m in mentions):
        return None  # 'Japan's core CPI', 'the Hang Seng Tech index': a name the rules read already
    first, text = words[0], words.text
    if first.is_sent_start and first.is_title:
        text = first.lower_ + text[len(first.text):]  # 'Services inflation' opening its sentence
    return text


def _modifier(tok: Token) -> bool:
    """A word of a part's name before its noun: a noun or an adjective ('autos', 'overseas', 'trimmed'), a hyphen
    inside a word ('sub-index'), a number joined by one ('two-year')."""
    doc = tok.doc
    if tok.text == "-" and not tok.whitespace_ and tok.i > 0 and not doc[tok.i - 1].whitespace_:
        return True
    if tok.like_num:
        return tok.i + 1 < len(doc) and doc[tok.i + 1].text == "-" and not tok.whitespace_
    return (tok.pos_ in ("NOUN", "ADJ", "PROPN") or tok.tag_ == "VBN") and tok.dep_ != "poss" and tok.is_alpha \
        and not tok.is_sent_end
