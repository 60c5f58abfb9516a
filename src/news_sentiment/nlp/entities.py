"""Entity mentions linked to the knowledge base.

Order of linking for a span: the KB ruler's id; exact alias; alias with legal suffixes stripped;
an entity already named in the same text whose name starts (ORG: 'Nasdaq' -> 'Nasdaq 100') or ends
(PERSON: 'Trump' -> 'Donald Trump') with the span; fuzzy alias match (rapidfuzz). Unknown
organisations, people and places are kept unlinked.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from news_sentiment.nlp.kb import COMMON_ACRONYMS, LEGAL_SUFFIXES, KnowledgeBase, fold, is_common_acronym, strip_legal
from news_sentiment.nlp.pipeline import is_line_break
from news_sentiment.nlp.records import KBEntity, Mention

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span

NER_KINDS = {"ORG": "organization", "PERSON": "person", "GPE": "place", "LOC": "place", "PRODUCT": "product",
             "FAC": "organization", "KB": None, "PERSON_KB": "person", "PLACE": "place"}
OUTPUT_KIND = {"commodity": "product"}  # the output vocabulary has no 'commodity'
FUZZY_CUTOFF = 90
_SUFFIX_WORDS = set(LEGAL_SUFFIXES) | {"index", "stocks", "shares"}
_TITLES = re.compile(r"^(?:President|Prime Minister|Chairman|Chairwoman|CEO|Mr\.?|Ms\.?|Mrs\.?|Dr\.?|Sir|Governor|"
                     r"Minister|Senator|Secretary|Chancellor)\s+")
_JUNK = re.compile(r"^(?:[A-Z]{3}O?|Rs\.?|US\$|U\.S\.\s?\$|\$|€|£)?\s*-?[\d.,\s-]+\s*(?:mn|mln|million|bn|billion|m|cr|"
                   r"crores?|lakhs?|k|tn|trillion|%|pc|percent|per cent|euros?|dollars?|rupees?|won|yuan|yen)?\.?$|"
                   r"^[^A-Za-z]*$", re.IGNORECASE)
_NON_LINKABLE_PERSON = re.compile(r"\d")


_CURRENCY_CODES = {"EUR", "USD", "NOK", "SEK", "DKK", "GBP", "JPY", "CNY", "HKD", "INR", "KRW", "CHF", "AUD", "CAD",
                   "SGD", "RUB", "PLN", "LTL", "EEK", "LVL", "EURO", "Rs", "Rs.", "MEUR", "mln", "mn", "bn"}


_NATIONALITIES = {"finnish", "swedish", "norwegian", "danish", "german", "french", "british", "american", "chinese",
                  "japanese", "indian", "korean", "russian", "dutch", "swiss", "italian", "spanish", "estonian",
                  "latvian", "lithuanian", "polish", "canadian", "australian", "brazilian", "us", "u.s.", "uk",
                  "european", "asian", "icelandic", "irish", "austrian", "belgian"}
# finance acronyms NER mistakes for organisations or places (shared stop-list, see kb.COMMON_ACRONYMS)
_NOT_NAMES = COMMON_ACRONYMS
# verbs of title-case headlines ('Beijing Sets Growth Target', 'Fed Holds Rates'): a name never contains them
HEADLINE_VERBS = re.compile(
    r"(?:sets?|pledges?|keeps?|holds?|signals?|says?|sees?|eyes|plans?|vows?|warns?|unveils?|launches|reports?|"
    r"posts|beats?|misses|hits?|nears?|extends?|cuts?|raises?|hikes?|lifts?|boosts?|targets|expects?|forecasts?|"
    r"predicts?|slashes|trims?|lowers?|announces?|approves?|rejects?|agrees?|buys?|sells?|acquires?|invests?|"
    r"plunges?|jumps?|falls?|rises?|gains?|drops?|slumps?|surges?|soars?|tumbles?|rallies|climbs?|sinks?|slides?|"
    r"dips?|edges?|rebounds?|recovers?|retreats?|tops|trails?|leads|lags?|doubles?|halves?|"
    r"narrows?|widens?|considers?|mulls?|weighs?|seeks?|wins?|loses?|faces?|sparks?|fuels?|drives?|sends?|"
    r"spurs?|stokes?|eases?|steps?|ramps?|pushes|delays?|scraps?|halts?|resumes?|imposes?|threatens?|"
    r"signs?|files?|names?|appoints?|hires?|fires?|lays|shuts?|opens?|closes?|ends?|starts?|begins?|"
    r"takes|makes|gets|gives|offers|shows|tells|urges|calls|bets|turns|adds|pays|wants|needs|attacks|defeats|"
    r"objects|underscores|reveals|admits|denies|sues?|dies|settles|bans|blocks|braces|struggles|questions|"
    r"is|are|was|were|has|have|had|will|would|could|may|might|should|can|to|amid|as|after|before|on|in|at|for|"
    r"with|from|over|by|of|and|but|while|despite|ahead|against)", re.IGNORECASE)


# short function words that title case leaves in lower case ('Big Revisions Are a Reason to Question the Jobs Numbers')
_TITLE_CASE_LOWER = {"a", "an", "the", "and", "or", "nor", "but", "as", "at", "by", "for", "in", "of", "on", "to",
                     "up", "vs", "via", "with", "from", "into", "over"}


def _title_case(span: Span) -> bool:
    """A headline written in title case ('Beijing Sets Growth Target Of Around 5%'): most longer words capitalised
    (short function words may stay lower case)."""
    sent = span.sent
    words = [t for t in sent[1:] if t.is_alpha and t.text not in _TITLE_CASE_LOWER]  # the first word is capitalised anyway
    return len(words) >= 4 and sum(t.text[:1].isupper() for t in words) >= 0.8 * len(words)


def _trim_span(span: Span) -> Span | None:
    """Drop common acronyms at the edges ('Nvidia AI' -> 'Nvidia') and cut a title-case headline's name at its
    first verb ('Beijing Sets Growth Target' -> 'Beijing'). None when nothing name-like is left."""
    doc = span.doc
    start, end = span.start, span.end
    headline = _title_case(span)  # verbs are capitalised only in title-case headlines ('Best Buy' stays whole)
    for i in range(start + 1, end if headline else start + 1):
        t = doc[i]
        if t.is_title and HEADLINE_VERBS.fullmatch(t.text) and t.lower_ not in _SUFFIX_WORDS:
            end = i
            break
    while start < end and (is_common_acronym(doc[start].text) or headline and end - start > 1 and doc[start].is_title
                           and HEADLINE_VERBS.fullmatch(doc[start].text) and doc[start].lower_ not in _SUFFIX_WORDS):
        start += 1
    for i in range(start + 1, end):  # a list of names is not one name ('Sherwin-Williams, Travelers & ...')
        if doc[i].text == "," and not (i + 1 < end and doc[i + 1].lower_.strip(".") in _SUFFIX_WORDS):
            end = i
            break
    while end > start and (is_common_acronym(doc[end - 1].text)
                           or doc[end - 1].text in ("'s", "’s", "'", "’", "&", "and", ",")):
        end -= 1
    if start >= end or all(t.like_num or t.is_stop for t in doc[start:end]):
        return None  # 'Two' of 'Signals Two Cuts'
    if headline and start > span.start and end - start == 1 and HEADLINE_VERBS.fullmatch(doc[span.start].text):
        return None  # 'Support' of 'Pledges Support For Tech': a headline's object, not a name
    if headline and end - start == 1 and doc[start].is_title and HEADLINE_VERBS.fullmatch(doc[start].text) \
            and doc[start].lower_ not in _SUFFIX_WORDS:
        return None  # 'Seeks' of 'Revolut, the British Finance App, Seeks a U.S. Banking Charter': a verb
    return doc[start:end] if (start, end) != (span.start, span.end) else span


def _longer_name(span: Span) -> int:
    """End token of a longer proper name that starts with ``span`` ('Samsung' + 'SDS'), or 0."""
    doc = span.doc
    i = span.end
    while i < len(doc) and doc[i].pos_ == "PROPN" and (doc[i].is_title or doc[i].is_upper) \
            and doc[i].lower_ not in _SUFFIX_WORDS and doc[i].ent_type_ in ("", "ORG", "KB") \
            and not doc[i].text.isupper() and not (HEADLINE_VERBS.fullmatch(doc[i].text) and _title_case(span)) \
            or (i < len(doc) and doc[i].is_upper and len(doc[i]) >= 2
                and doc[i].pos_ == "PROPN" and doc[i].ent_type_ in ("", "ORG")
                and doc[i].text not in _CURRENCY_CODES and not is_common_acronym(doc[i].text)):
        i += 1
    return i if i > span.end else 0


def _extend_left(span: Span) -> Span:
    """'Talentum Oyj' when NER only tagged 'Oyj': take in the proper nouns just before."""
    doc = span.doc
    i = span.start
    while i > span.sent.start and doc[i - 1].pos_ == "PROPN" and doc[i - 1].is_title and not doc[i - 1].ent_type_ \
            and doc[i - 1].dep_ in ("compound", "nmod", "poss") and not is_common_acronym(doc[i - 1].text) \
            and not (HEADLINE_VERBS.fullmatch(doc[i - 1].text) and _title_case(span)):
        i -= 1
    return doc[i:span.end] if i < span.start else span


def _fuzzy_choices(kb: KnowledgeBase) -> tuple[list[str], list[str]]:
    keys, ids = [], []
    for key, kb_id in kb.by_alias.items():
        if len(key) >= 4 and kb.by_id[kb_id].fuzzy:
            keys.append(key)
            ids.append(kb_id)
    return keys, ids


@lru_cache(maxsize=8)
def _choices_for(kb_version: str, kb: KnowledgeBase) -> tuple[list[str], list[str]]:  # noqa: ARG001
    return _fuzzy_choices(kb)


def fuzzy_lookup(kb: KnowledgeBase, name: str, cutoff: int = FUZZY_CUTOFF) -> KBEntity | None:
    from rapidfuzz import fuzz, process

    key = fold(strip_legal(name))
    if len(key) < 4:
        return None
    keys, ids = _choices_for(kb.version, kb)
    hit = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=cutoff)
    return kb.get(ids[hit[2]]) if hit else None


def link_name(kb: KnowledgeBase, name: str, *, fuzzy: bool = True) -> tuple[KBEntity | None, str]:
    """Link a free-text name: (entity, method) with method exact | stripped | fuzzy | none."""
    ent = kb.by_alias.get(fold(name))
    if ent:
        return kb.get(ent), "exact"
    ent = kb.by_alias.get(fold(strip_legal(name)))
    if ent:
        return kb.get(ent), "stripped"
    if fuzzy:
        hit = fuzzy_lookup(kb, name)
        if hit:
            return hit, "fuzzy"
    return None, "none"


def _mention(ent: KBEntity, span: Span, how: str) -> Mention:
    return Mention(name=ent.name, kind=OUTPUT_KIND.get(ent.kind, ent.kind), ticker=ent.ticker, text=span.text,
                   start=span.start_char, end=span.end_char, kb_id=ent.id, link=how)


_LEGAL_ORG = re.compile(
    r"\b(?:[A-Z][\w&'’.-]*\s+){1,4}?(?:Oyj|Oy|Abp|AB|ASA|AG|SE|S\.A\.|SA|NV|N\.V\.|plc|PLC|Inc\.?|Corp\.?|"
    r"Corporation|Ltd\.?|Limited|LLC|GmbH|S\.p\.A\.|SpA|Co\.|Holdings?)(?![\w])")


def _legal_orgs(doc: Doc) -> list[Span]:
    """'Acme Widgets Oyj': capitalised words ending in a legal form, where NER found nothing."""
    spans = []
    for m in _LEGAL_ORG.finditer(doc.text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="contract")
        if span is None or len(span) < 2:
            continue
        while len(span) and (span[0].ent_type_ in ("NORP", "GPE", "DATE") or span[0].lower_ in (
                "the", "a", "an", "its", "in", "on", "at", "for", "and")):
            span = span[1:]  # 'Finnish Suominen Corporation' -> 'Suominen Corporation' 
        if len(span) >= 2 and not any(t.ent_type_ for t in span):
            spans.append(span)
    return spans


def _split_at_line_breaks(span: Span) -> list[Span]:
    """NER may run a name across a line break ('... Deaths\\n\\nExThera Medical'): a name never spans one."""
    breaks = [t.i for t in span if is_line_break(t)]
    if not breaks:
        return [span]
    doc, parts, start = span.doc, [], span.start
    for b in [*breaks, span.end]:
        if b > start:
            part = doc[start:b]
            part.label_ = span.label_
            parts.append(part)
        start = b + 1
    return parts


def link_entities(doc: Doc, kb: KnowledgeBase, offset: int = 0) -> list[Mention]:
    """Mentions of companies, indices, baskets, organisations, outlets, products, people and places."""
    out: list[Mention] = []
    seen_kb: list[KBEntity] = []
    persons: list[str] = []
    extra = _legal_orgs(doc)
    spans = sorted((part for sp in [*doc.ents, *extra] for part in _split_at_line_breaks(sp)), key=lambda sp: sp.start)
    for span in spans:
        label = "ORG" if span.label_ == "" else span.label_
        if label not in NER_KINDS:
            continue
        if span.ent_id_ and span.ent_id_ in kb.by_id and not _longer_name(span):
            ent = kb.get(span.ent_id_)
            m = _mention(ent, span, "ruler")
        elif span.ent_id_ and span.ent_id_ in kb.by_id:
            # 'Samsung SDS' is not 'Samsung': a longer proper name starting with an alias
            ext = span.doc[span.start:_longer_name(span)]
            ent, how = link_name(kb, ext.text, fuzzy=False)
            m = _mention(ent, ext, how) if ent else Mention(name=strip_legal(ext.text), kind="organization",
                                                           ticker=None, text=ext.text, start=ext.start_char,
                                                           end=ext.end_char)
        else:
            trimmed = _trim_span(span)
            if trimmed is None:
                continue  # 'AI', 'EVs', 'IPO': common nouns, not names
            span = trimmed
            text = span.text.strip()
            if _JUNK.match(text) or len(text) < 2:
                continue
            if text in _CURRENCY_CODES or text.upper() in _NOT_NAMES:
                continue
            kind = NER_KINDS[label] or "organization"
            if kind == "organization" and len(span) > 1 and span[0].text[:1].isupper() and \
                    span[0].lower_ in _NATIONALITIES:
                span = span[1:]  # 'Finnish Suominen Corporation'
                text = span.text.strip()
            if kind in ("person", "place") and span[-1].lower_ in _SUFFIX_WORDS:
                kind = "organization"  # 'Elektrobit Oyj' tagged PERSON
            if kind == "organization":
                span = _extend_left(span)
                text = span.text.strip()
            m = None
            if kind in ("organization", "product", "place"):
                ent, how = link_name(kb, text, fuzzy=kind != "place")
                if ent is None and kind == "organization":
                    # 'Nasdaq' after 'Nasdaq 100' was named: the same entity
                    key = fold(strip_legal(text))
                    ent = next((e for e in reversed(seen_kb) if fold(e.name).startswith(key + " ")), None)
                    how = "prefix"
                if ent is not None:
                    m = _mention(ent, span, how)
            if m is None:
                if kind == "person":
                    if _NON_LINKABLE_PERSON.search(text):
                        continue
                    name = _TITLES.sub("", text)
                    full = next((p for p in persons if p.endswith(" " + name)), None)
                    name = full or name
                    if not full:
                        persons.append(name)
                else:
                    name = strip_legal(text)
                m = Mention(name=name, kind=kind, ticker=None, text=span.text, start=span.start_char,
                            end=span.end_char)
        if m.kb_id:
            seen_kb.append(kb.get(m.kb_id))
        if offset:
            m = Mention(m.name, m.kind, m.ticker, m.text, m.start + offset, m.end + offset, m.kb_id, m.link)
        out.append(m)
    return out
