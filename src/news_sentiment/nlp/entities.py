"""Entity mentions linked to the knowledge base.

Order of linking for a span: the KB ruler's id; exact alias; alias with legal suffixes stripped;
an entity already named in the same text whose name starts (ORG: 'Nasdaq' -> 'Nasdaq 100') or ends
(PERSON: 'Trump' -> 'Donald Trump') with the span; fuzzy alias match (rapidfuzz). Unknown
organisations, people and places are kept unlinked.
"""

from __future__ import annotations

import re
from dataclasses import replace
from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple

from news_sentiment.nlp.evidence import (COMPANY_FORMS, COMPANY_NOUNS, COMPANY_WORDS, COMPOUND_NOUNS,
                                         FEED_SECTION_TAGS, HEADLINE_VERBS, KIND_OF_CODE, ORGANIZATION_NOUNS,
                                         ORGANIZATION_WORDS, OWNED_BY_COMPANY, PERSON_ROLES, PREFIX_EXCHANGES, ROLE_AT,
                                         ROLE_TITLES, CodeKind, InstrumentCode, acronym_voice_kind, code_name,
                                         company_noun, context_kind, employer_kind, find_codes, form_kind,
                                         headline_like, holding_kind, hyphen_pair, left_context_kind, listed_kind,
                                         name_like, outlet_context, product_context, rating_kind, thing_context,
                                         voice_kind)
from news_sentiment.nlp.headlines import is_recased
from news_sentiment.nlp.kb import (COMMON_ACRONYMS, LEGAL_SUFFIXES, KnowledgeBase, bare_name, code_letters_in,
                                   core_name, fold, index_codes, is_common_acronym, strip_legal)
from news_sentiment.nlp.numbers import MONTHS, SCALES, WEAK_SCALES
from news_sentiment.nlp.pipeline import capital_next_to, doc_text, is_line_break, is_word
from news_sentiment.nlp.records import BOND, KBEntity, Mention
from news_sentiment.nlp.retyper import RETYPED_KIND, Retyper, candidates, features, place_names

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterable, Sequence

    from spacy.tokens import Doc, Span, Token

NER_KINDS = {"ORG": "organization", "PERSON": "person", "GPE": "place", "LOC": "place", "PRODUCT": "product",
             "FAC": "organization", "KB": None, "PERSON_KB": "person", "PLACE": "place"}
OUTPUT_KIND = {"commodity": "product"}  # the output vocabulary has no 'commodity'
FUZZY_CUTOFF = 84  # chosen by benchmarks/choose_fuzzy_cutoff.py on FinEntity study records (see docs/benchmarks.md)
_SUFFIX_WORDS = set(LEGAL_SUFFIXES) | {"index", "stocks", "shares"}
_TITLES = re.compile(r"^(?:President|Prime Minister|Chairman|Chairwoman|CEO|Mr\.?|Ms\.?|Mrs\.?|Dr\.?|Sir|Governor|"
                     r"Minister|Senator|Secretary|Chancellor)\s+")
_JUNK = re.compile(r"^(?:[A-Z]{3}O?|Rs\.?|[A-Z]{1,3}\$|U\.S\.\s?\$|\$|€|£|¥)?\s*-?[\d.,\s-]+\s*"
                   r"(?:mn|mln|million|bn|billion|m|cr|crores?|lakhs?|k|tn|trillion|%|pc|percent|per cent|euros?|"
                   r"dollars?|rupees?|won|yuan|yen|p|c|bps?|x)?\.?$|"
                   r"^[^A-Za-z]*$", re.IGNORECASE)
_NON_LINKABLE_PERSON = re.compile(r"\d")
# government bonds known by a nickname NER reads as a place or an organisation ('the 10-year Bund yield'):
# instruments (kind product), like Brent
_BOND_NAMES = frozenset({"bund", "bunds", "gilt", "gilts", "btp", "btps", "oat", "oats", "jgb", "jgbs", "schatz",
                         "bobl", "buxl", "bonos", "treasuries"})


_CURRENCY_CODES = {"EUR", "USD", "NOK", "SEK", "DKK", "GBP", "JPY", "CNY", "HKD", "INR", "KRW", "CHF", "AUD", "CAD",
                   "SGD", "RUB", "PLN", "LTL", "EEK", "LVL", "EURO", "Rs", "Rs.", "MEUR", "mln", "mn", "bn"}


_NATIONALITIES = {"finnish", "swedish", "norwegian", "danish", "german", "french", "british", "american", "chinese",
                  "japanese", "indian", "korean", "russian", "dutch", "swiss", "italian", "spanish", "estonian",
                  "latvian", "lithuanian", "polish", "canadian", "australian", "brazilian", "us", "u.s.", "uk",
                  "european", "asian", "icelandic", "irish", "austrian", "belgian", "nordic", "scandinavian",
                  "baltic"}
# NER's nationalities that are political camps, never an employer ('Democrat strategist Jane Doe')
_PARTY_WORDS = frozenset({"democrat", "democrats", "tory", "tories", "conservative", "conservatives", "liberal",
                          "liberals", "labour", "socialist", "communist", "green", "greens"})
# finance acronyms NER mistakes for organisations or places (shared stop-list, see kb.COMMON_ACRONYMS)
_NOT_NAMES = COMMON_ACRONYMS
# short function words that title case leaves in lower case ('Big Revisions Are a Reason to Question the Jobs Numbers')
_TITLE_CASE_LOWER = {"a", "an", "the", "and", "or", "nor", "but", "as", "at", "by", "for", "in", "of", "on", "to",
                     "up", "vs", "via", "with", "from", "into", "over"}


def _title_case(span: Span) -> bool:
    """A headline written in title case ('Beijing Sets Growth Target Of Around 5%'): most longer words capitalised
    (short function words may stay lower case)."""
    sent = span.sent
    words = [t for t in sent[1:] if t.is_alpha and t.text not in _TITLE_CASE_LOWER]  # the first word is capitalised anyway
    return len(words) >= 4 and sum(t.text[:1].isupper() for t in words) >= 0.8 * len(words)


SIGNED_FIGURE = re.compile(r"[+\-−]\d[\d.,]*")
PERCENT_WORDS = frozenset({"%", "pct", "percent", "per", "pc"})


def _figure_token(doc: Doc, i: int) -> bool:
    """A figure never belongs to a name: a signed number ('Orrel +8%', 'Tamsin -5%' of a movers list), a number
    followed by a percent sign ('Orrel 8%') or by a scale word ('fines Valtrion 412 mln euros'). Numbers in names
    ('Stoxx 600', 'Russell 2000') carry none of these."""
    t = doc[i]
    if SIGNED_FIGURE.fullmatch(t.text):
        return True
    nxt = doc[i + 1].lower_ if i + 1 < len(doc) else ""
    return t.like_num and (nxt in PERCENT_WORDS or nxt in SCALES and nxt not in WEAK_SCALES)


def _trim_span(span: Span) -> Span | None:
    """Drop common acronyms at the edges ('Nvidia AI' -> 'Nvidia') and cut a title-case headline's name at its
    first verb ('Beijing Sets Growth Target' -> 'Beijing'), any name at a lower-case verb ('Brenvik trades at').
    None when nothing name-like is left."""
    doc = span.doc
    start, end = span.start, span.end
    headline = _title_case(span)  # verbs are capitalised only in title-case headlines ('Best Buy' stays whole)
    for i in range(start + 1, end if headline else start + 1):
        t = doc[i]
        if t.is_title and HEADLINE_VERBS.fullmatch(t.text) and t.lower_ not in _SUFFIX_WORDS \
                and not (i == end - 2 and doc[end - 1].lower_ in COMPANY_FORMS):  # 'Cedar Realty Trust Inc'
            end = i
            break
    while start < end and (is_common_acronym(doc[start].text) or headline and end - start > 1 and doc[start].is_title
                           and HEADLINE_VERBS.fullmatch(doc[start].text) and doc[start].lower_ not in _SUFFIX_WORDS):
        start += 1
    figure = None  # where a figure cut the name
    for i in range(start + 1, end):  # 'Acme Widgets (AW' / 'Brenvik trades': a bracket or a lower-case verb ends it
        at_figure = _figure_token(doc, i)
        if doc[i].text in ("(", "[") or doc[i].is_lower and doc[i].tag_.startswith("VB") \
                and doc[i].lower_ not in _NAME_CONNECTORS or at_figure:
            end, figure = i, i if at_figure else None
            break
    for i in range(start + 1, end):  # a headline's source tag after a spaced dash ('rival Acme - data')
        if doc[i].text in ("-", "–", "—") and doc[i].whitespace_ and doc[i - 1].whitespace_:
            if all(t.is_lower for t in doc[i + 1:end]):
                end = i
            elif any(t.like_num or t.is_lower for t in doc[start:i]):
                start = i + 1  # '... by end-2027 - Marlowe Bank': the source after the dash
            break
    for i in range(start + 1, end):  # a list of names is not one name ('Sherwin-Williams, Travelers & ...')
        if doc[i].text == "," and not (i + 1 < end and doc[i + 1].lower_.strip(".") in _SUFFIX_WORDS):
            end = i
            break
    while end > start and (is_common_acronym(doc[end - 1].text) or doc[end - 1].text == "PT"  # 'Acme PT raised'
                           or doc[end - 1].text in ("'s", "’s", "'", "’", "&", "and", ",")):
        end -= 1
    if end == span.end and end < len(doc) and doc[end].like_num and end - start > 1 and \
            (doc[end - 1].text in _CURRENCY_CODES or doc[end - 1].is_currency):
        figure = end  # 'fines Lantern Finance Rs 10 lakh': the figure's currency ends the name NER ran into it
    while figure == end and end > start and (doc[end - 1].text in _CURRENCY_CODES or doc[end - 1].is_currency
                                             or doc[end - 1].is_lower and doc[end - 1].is_stop):
        end = figure = end - 1  # its currency and a word before it go too ('Acme for Rs' of 'Acme for Rs 151 cr')
    if start >= end or all(t.like_num or t.is_stop for t in doc[start:end]) or \
            _PERIOD_CODE.fullmatch(doc[start:end].text):
        return None  # 'Two' of 'Signals Two Cuts'; "FY'11" of "Orvane posts FY'11 net profit": a period, no name
    if headline and start > span.start and end - start == 1 and HEADLINE_VERBS.fullmatch(doc[span.start].text):
        return None  # 'Support' of 'Pledges Support For Tech': a headline's object, not a name
    if headline and end - start == 1 and doc[start].is_title and HEADLINE_VERBS.fullmatch(doc[start].text) \
            and doc[start].lower_ not in _SUFFIX_WORDS:
        return None  # 'Seeks' of 'Revolut, the British Finance App, Seeks a U.S. Banking Charter': a verb
    return doc[start:end] if (start, end) != (span.start, span.end) else span


def doc_vocab(span: Span) -> object:
    return span.doc.vocab


def _cut_at_title(doc: Doc, start: int, end: int) -> int:
    """'Acme Chief Executive' (before 'Jane Doe') -> 'Acme': a capitalised job title ends an organisation's
    name; so does a results period ('Acme Q1 Net' of a title-case headline -> 'Acme')."""
    for i in range(start + 1, end):
        if doc[i].lower_ in ROLE_TITLES and doc[i].text[:1].isupper():
            return i - 2 if i - 2 > start and doc[i - 1].text == "-" and doc[i - 2].lower_ == "co" else i
        if _RESULTS_PERIOD.fullmatch(doc[i].text) or _month_quarter(doc, i):
            return i
    return end


def _month_quarter(doc: Doc, i: int) -> bool:
    """'Dec' of 'Acme Dec qtr net up 26%': a month naming a results quarter, no part of a name."""
    return _MONTH_ABBR.fullmatch(doc[i].text) is not None and i + 1 < len(doc) \
        and doc[i + 1].lower_ in ("qtr", "quarter", "qtr.")


# last words of events a company hosts: 'the Acme Technology Conference' is Acme's, not another organisation
_EVENT_WORDS = frozenset({"conference", "conferences", "summit", "forum", "symposium", "expo", "festival",
                          "awards"})
_FACILITIES = frozenset({"plant", "plants", "factory", "factories", "site", "sites", "mine", "mines", "refinery",
                         "refineries", "facility", "smelter", "mill", "mills", "works", "port", "ports", "terminal",
                         "terminals", "warehouse", "campus", "hub", "yard", "yards"})


# what a plant does, between its site's name and the facility ('its Skarvholm processing plant'): no brand's
_PROCESS_WORDS = frozenset({"processing", "assembly", "production", "manufacturing", "export", "bottling",
                            "packaging", "liquefaction", "fabrication", "refining", "smelting", "storage"})
# facilities named after where they are rather than a brand ('its Teesside works', 'its Pilbara ports'; not 'its
# Cadbury plant')
_PLACE_FACILITIES = frozenset({"works", "port", "ports", "mine", "mines", "terminal", "terminals", "yard", "yards",
                               "refinery", "refineries", "smelter", "smelters"})


def _names_nothing(span: Span, text: str) -> bool:
    """A span NER found that names nothing: junk, a currency code, a legal form or a web address alone, a job
    ('Strategist' of the headline 'Strategist sees ...', 'deputy MD of Acme'), or a place before '-based' ('Noida' of
    'the Noida-based firm': a description)."""
    if _JUNK.match(text) or len(text) < 2 or text in _CURRENCY_CODES or text.upper() in _NOT_NAMES \
            or all(t.lower_ in COMPANY_FORMS or t.is_punct for t in span) \
            or any("://" in t.text or t.lower_.startswith("www.") for t in span):
        return True
    if len(span) == 1 and (span[0].lower_ in ROLE_TITLES or span[0].text in _ROLE_ABBREVIATIONS or
                           span[0].lower_ in MARKET_TERMS):
        return True  # also 'Forex' of 'Forex reserves slip $500 million', 'Midcaps' of 'Midcaps rally': no names
    return _before_adjectival(span)


# a market's words that NER takes for a name when they open a headline
MARKET_TERMS = frozenset({"forex", "midcap", "midcaps", "smallcap", "smallcaps", "largecap", "largecaps", "microcap",
                          "microcaps", "bluechip", "bluechips"})


def _facility_place(span: Span) -> bool:
    """[kind.facility-place] A one-word name the gazetteer knows as a town between 'its' / 'their' / 'the' and a
    facility ('its Ostrava plant', 'the Velkerton refinery'), or any one-word name between 'its' / 'their' and a
    facility named after where it is ('at its Teesside works', 'its Pilbara ports'; 'its Cadbury plant' may be a
    brand's): where the facility is."""
    doc = span.doc
    if len(span) == 1 and span.start > 0 and span.end + 1 < len(doc) and doc[span.end].lower_ in _PROCESS_WORDS \
            and doc[span.end + 1].lower_ in _FACILITIES and doc[span.start - 1].lower_ in ("its", "their"):
        return True  # 'its Skarvholm processing plant', 'its Louisville assembly plant'
    if len(span) != 1 or span.start == 0 or span.end >= len(doc) or doc[span.end].lower_ not in _FACILITIES:
        return False
    before, noun = doc[span.start - 1].lower_, doc[span.end].lower_
    return before in ("its", "their") and noun in _PLACE_FACILITIES and form_kind(span) is None \
        or fold(span.text) in place_names() and before in ("its", "their", "the")


# the last word of a title a person's name follows ('chief economist Jane Doe', 'Chief executive Jane Doe')
_NAME_TITLES = PERSON_ROLES | {"executive", "ceo", "chairman", "chairwoman", "president", "governor", "founder",
                               "co-founder", "cofounder"}
# a wire story's credit line: '(Reporting by Jane Doe and John Roe; Editing by Ann Poe)'
_CREDIT_LINE = re.compile(r"\((?:additional )?(?:reporting|writing|editing|compiled|graphics|research)\b[^()]*$",
                          re.IGNORECASE)


def _capitalised_name(span: Span) -> bool:
    """Every word a capitalised word of letters, the words no company form or word ('Acme Holdings') and no KB
    name: what a person's name NER mistyped looks like."""
    return all(t.is_alpha and t.is_title for t in span) and form_kind(span) is None and not span[0].ent_id_


def _titled_person(span: Span) -> bool:
    """[kind.titled-person] Two or three capitalised words right after an analyst's, a strategist's, an
    economist's or a chief executive's, a chair's, a president's or a governor's title ('Acme chief economist Jane
    Doe', 'Chief executive Jane Doe', "Acme's chief economist, Jane Doe, said"): a person's name, whatever NER
    calls it, unless the words name a company or an organisation themselves ('analyst Quillon Securities')."""
    doc = span.doc
    title = span.start - 1
    if title > span.sent.start and doc[title].text == "," and span.end < len(doc) and doc[span.end].text == ",":
        title -= 1  # "Acme's chief economist, Jane Doe, said": the name in apposition to the title
    return 2 <= len(span) <= 3 and title >= span.sent.start and doc[title].lower_ in _NAME_TITLES \
        and _capitalised_name(span)


def _credited_person(span: Span) -> bool:
    """[kind.credited-person] Two or three capitalised words inside a wire story's credit line ('(Reporting by Jane
    Doe; Editing by John Roe)'): the journalists, people whatever NER calls them."""
    if not 2 <= len(span) <= 3 or not _capitalised_name(span) \
            or any(t.lower_ in COMPANY_WORDS or t.lower_ in _FIRM_WORDS for t in span) \
            or span.start and span.doc[span.start - 1].lower_ in ("in", "from", "at"):  # '... in San Francisco'
        return False
    return _CREDIT_LINE.search(doc_text(span.doc), max(0, span.start_char - 200), span.start_char) is not None


# industries named by one word, never a name on their own ('Pharma stocks', 'FMCG', 'Realty'); words that are also
# names ('Energy', 'Media') are left out
SECTOR_WORDS = frozenset({"pharma", "pharmas", "telecom", "telecoms", "fmcg", "infra", "realty", "autos", "metals",
                          "biotech", "biotechs", "fintech", "fintechs", "midcaps", "smallcaps", "largecaps", "psus",
                          "semis", "healthcare", "financials", "industrials", "utilities"})
_ROLE_ABBREVIATIONS = frozenset({"MD", "CMD"})  # 'deputy MD of Acme', 'Jane Roe, MD, Acme' (managing director)
_SOURCE_BEFORE = frozenset({":", "says", "said"})
# words of firms' names that are no company word elsewhere ('Acme Stock Broking', 'Acme Wealth')
_FIRM_WORDS = ROLE_TITLES | {"the", "broking", "brokers", "brokerage", "stock", "stocks", "services", "wealth",
                             "research", "advisory", "shop", "store", "fund", "funds", "asset", "assets", "money"}
_SOURCE_FIRM = re.compile(r"\s*(?:,\s*[A-Z][\w&.\- ]{1,40})?\W*")  # ', Acme Securities' to the sentence's end
_SOURCE_PERSON_BEFORE = re.compile(r"(?:[:]|\bsays|\bsaid)\s*[A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2}\s*,\s*$")


def _source_person(span: Span) -> bool:
    """[kind.source-person] A headline's source at its end, after a colon or 'says' ('Nifty may test 7,900: Jane
    Roe', '...: Jane Roe, Acme Securities', '..., says Jane Roe'): two or three capitalised words, one of them no
    dictionary word and none a company's word or form ('Capital Mind', 'Acme Broking' stay firms), is a person
    whatever NER calls it."""
    doc = span.doc
    if not 2 <= len(span) <= 3 or span.start == 0 or doc[span.start - 1].lower_ not in _SOURCE_BEFORE \
            or not _capitalised_name(span):
        return False
    if any(t.lower_ in COMPANY_WORDS or t.lower_ in COMPANY_NOUNS or t.lower_ in _FIRM_WORDS for t in span):
        return False
    return _SOURCE_FIRM.fullmatch(doc_text(doc), span.end_char, span.sent.end_char) is not None \
        and not all(is_word(doc.vocab, t.text) for t in span)


# what an official says in a headline ('Fed's Waller says', 'ECB's Schnabel warns', 'BOJ's Ueda signals')
_OFFICIAL_VERBS = frozenset({"says", "said", "sees", "signals", "warns", "flags", "urges", "backs", "expects",
                             "tells", "wants", "favours", "favors", "eyes", "hints", "calls", "rules", "pushes"})


# what an institution publishes, which also 'says' or 'signals' ('the Fed's Statement says')
_DOCUMENT_WORDS = frozenset({"report", "statement", "minutes", "survey", "book", "outlook", "data", "study", "review",
                             "note", "paper", "bulletin", "release", "forecast", "forecasts", "projections", "staff",
                             "board", "committee", "panel", "index", "poll", "model", "analysis", "research", "team"})


def _official_person(span: Span) -> bool:
    """[kind.official-person] One or two capitalised words after an institution's possessive (a name the KB knows
    or an acronym) and before a verb of saying ('Fed's Waller says', 'ECB's Schnabel warns'; not 'Orrel's Kestrel
    warns', a unit of a company the KB does not know): the institution's official, a person whatever NER calls
    it, unless a word is a company's or a document's ('Acme's Kestrel Unit says', 'the Fed's Minutes show' stay) or
    both of two words are dictionary words ('Beige Book')."""
    doc = span.doc
    owner = doc[span.start - 2] if span.start >= 2 else None
    if not 1 <= len(span) <= 2 or owner is None or doc[span.start - 1].lower_ not in ("'s", "’s") \
            or not (owner.ent_id_ or owner.is_upper and owner.is_alpha) or span.end >= len(doc) \
            or doc[span.end].lower_ not in _OFFICIAL_VERBS:
        return False
    if not _capitalised_name(span):
        return False
    if any(t.lower_ in COMPANY_WORDS or t.lower_ in COMPANY_NOUNS or t.lower_ in _FIRM_WORDS or
           t.lower_ in _DOCUMENT_WORDS for t in span):
        return False
    return len(span) == 1 or not all(is_word(doc.vocab, t.text) for t in span)  # surnames are often words: 'Waller'


def _source_firm(span: Span) -> bool:
    """[kind.source-person] The firm after a headline's source person, to the end ('...: Jane Roe, Acme
    Broking'): an organisation, though NER calls it a person."""
    doc = span.doc
    return _SOURCE_PERSON_BEFORE.search(doc_text(doc), span.sent.start_char, span.start_char) is not None \
        and re.fullmatch(r"\W*", doc_text(doc)[span.end_char:span.sent.end_char]) is not None


# a person's job in an apposition: 'Jane Doe, a managing director at Acme', 'Jane Doe, chief economist of Acme'
_PERSON_JOBS = frozenset({"analyst", "economist", "strategist", "director", "officer", "manager", "head", "chief",
                          "executive", "president", "chairman", "chairwoman", "founder", "co-founder", "trader",
                          "adviser", "advisor", "specialist", "vp", "ceo", "cfo", "coo", "cio", "cto", "fellow",
                          "spokesperson", "spokesman", "spokeswoman"})


# jobs only people hold (not 'manager', 'adviser', 'partner': a firm can be a fund's manager)
_HUMAN_JOBS = frozenset({"economist", "strategist", "analyst", "executive", "ceo", "cfo", "coo", "cto", "cio",
                         "chairman", "chairwoman", "president", "founder", "co-founder", "spokesperson", "spokesman",
                         "spokeswoman", "trader"})
_ABBREVIATION = re.compile(r"(?:[A-Z]\.){2,3}")  # 'U.S.', 'U.K.'


def _described_person(span: Span) -> bool:
    """[kind.described-person] Two to four capitalised words followed by ', a managing director at Acme' (a job,
    then 'at' / 'of' / 'with' and a capitalised name) or by ", the firm's chief strategist." (a job of an owner
    named by a possessive or 'its'): a person whatever NER says, unless the words name a company themselves
    ('Quillon Securities')."""
    doc = span.doc
    if not 2 <= len(span) <= 4 or form_kind(span) is not None or span.end + 3 >= len(doc) \
            or doc[span.end].text != "," or not all(t.is_title or t.text == "-" for t in span):
        return False
    j = span.end + 1 + (doc[span.end + 1].lower_ in ("a", "an", "the", "its", "their"))
    words, owned = 0, False
    while j < len(doc) and words < 6 and (doc[j].is_alpha or _ABBREVIATION.fullmatch(doc[j].text)
                                          or doc[j].text in ("'s", "’s")) \
            and doc[j].lower_ not in ("at", "of", "with", "for"):  # 'senior U.S. economist at'
        owned = owned or doc[j].text in ("'s", "’s")
        j, words = j + 1, words + 1
    if not (0 < words and doc[j - 1].lower_ in _PERSON_JOBS and j < len(doc)):
        return False
    if owned or doc[span.end + 1].lower_ in ("its", "their"):  # not ', the fund's investment manager,'
        return doc[j].is_punct and doc[j - 1].lower_ in _HUMAN_JOBS  # ", the firm's chief U.S. equity strategist."
    return j + 1 < len(doc) and doc[j].lower_ in ("at", "of", "with", "for") \
        and (doc[j + 1].is_title or doc[j + 1].lower_ == "the")


def _with_nationality(span: Span) -> Span:
    """'American' + 'Airlines', 'Asian' + 'Metal': NER left the nationality out of a name whose other word is a
    common word, so the nationality is part of the name."""
    doc = span.doc
    i = span.start
    if len(span) == 1 and i > span.sent.start and doc[i - 1].ent_type_ == "NORP" and doc[i - 1].text[:1].isupper() \
            and doc[i - 1].whitespace_ and not span.text.isupper() and is_word(doc.vocab, span.text):
        return doc[i - 1:span.end]
    return span


def _longer_name(span: Span) -> int:
    """End token of a longer proper name that starts with ``span`` ('Samsung' + 'SDS'), or 0. [kind.whole-org]
    A longer name that runs into an organisation NER found goes on to that organisation's end."""
    doc = span.doc
    i = span.end
    while i < len(doc) and doc[i].lower_ not in ROLE_TITLES and not (doc[i].ent_id_ and doc[i].ent_iob_ == "B") \
            and doc[i].pos_ == "PROPN" \
            and (doc[i].is_title or doc[i].is_upper) \
            and doc[i].lower_ not in _SUFFIX_WORDS and doc[i].ent_type_ in ("", "ORG", "KB") \
            and not doc[i].text.isupper() and not is_recased(doc[i]) \
            and not (HEADLINE_VERBS.fullmatch(doc[i].text) and _title_case(span)) \
            or (i < len(doc) and doc[i].is_upper and len(doc[i]) >= 2 and doc[i].lower_ not in ROLE_TITLES
                and doc[i].pos_ == "PROPN" and doc[i].ent_type_ in ("", "ORG")
                and doc[i].text not in _CURRENCY_CODES and not is_common_acronym(doc[i].text)):
        i += 1
    while span.end < i < len(doc) and doc[i].ent_iob_ == "I" and doc[i - 1].ent_type_ == "ORG":
        i += 1  # 'U.S.' + "Securities and Exchange Commission": to the end of NER's name, not to its 'and'
    return i if i > span.end else 0


def _extend_left(span: Span) -> Span:
    """'Talentum Oyj' when NER only tagged 'Oyj': take in the proper nouns just before."""
    doc = span.doc
    i = span.start
    while i > span.sent.start and doc[i - 1].pos_ == "PROPN" and doc[i - 1].is_title and not doc[i - 1].ent_type_ \
            and doc[i - 1].dep_ in ("compound", "nmod", "poss") and not is_common_acronym(doc[i - 1].text) \
            and not is_recased(doc[i - 1]) and not (HEADLINE_VERBS.fullmatch(doc[i - 1].text) and _title_case(span)):
        i -= 1
    i = _hyphen_head(doc, i, span)
    return doc[i:span.end] if i < span.start else span


def _hyphen_head(doc: Doc, i: int, span: Span) -> int:
    """'Fore-Most' of 'Fore-Most Digital Software Inc': NER left out a capitalised hyphenated word that opens the
    name (its second half read as an adjective or a verb). Not in a title-case headline, where every compound is
    capitalised ('Better-Than-Expected Results')."""
    j = i - 3
    if not hyphen_pair(doc, j, span.sent.start) or _title_case(span):
        return i
    first, second = doc[j], doc[j + 2]
    if second.whitespace_ and first.is_alpha and second.is_alpha and not first.ent_type_ and not second.ent_type_ \
            and (j == span.sent.start or not doc[j - 1].is_title or doc[j - 1].is_punct):
        return j
    return i


class LinkMethod(StrEnum):
    """How a mention was linked to the KB, most trusted first (see LINK_CONFIDENCE)."""

    RULER = "ruler"  # a KB alias found in the text in its own case
    EXACT = "exact"  # a KB alias, case and accents ignored
    TICKER = "ticker"  # an instrument code beside the name, the names agreeing
    STRIPPED = "stripped"  # generated alias: the name without its legal form ('Acme Holdings Ltd' -> 'Acme')
    GENERATED = "generated"  # generated alias: without a leading article or possessive ('the Middle East')
    ABBREVIATION = "abbreviation"  # the initials of a name written in the same text ('NPC')
    PREFIX = "prefix"  # the start of a KB name already written in the text ('Nasdaq' after 'Nasdaq 100')
    FUZZY = "fuzzy"  # a spelling variant of an alias of the same kind (rapidfuzz ratio >= FUZZY_CUTOFF)
    NONE = "none"


LINK_CONFIDENCE = {LinkMethod.RULER: 1.0, LinkMethod.EXACT: 1.0, LinkMethod.TICKER: 1.0, LinkMethod.STRIPPED: 0.9,
                   LinkMethod.GENERATED: 0.9, LinkMethod.ABBREVIATION: 0.9, LinkMethod.PREFIX: 0.85,
                   LinkMethod.NONE: 0.0}
_FUZZY_SCALE = 0.8  # a fuzzy link's confidence is its ratio / 100 * 0.8: always below a generated alias


class Link(NamedTuple):
    entity: KBEntity | None
    method: LinkMethod
    confidence: float


NO_LINK = Link(None, LinkMethod.NONE, 0.0)
# kinds a fuzzy match may link a mention of a kind to: fuzzy never crosses kinds (an organisation's name is not a
# product's or a person's); places and people are never fuzzy-matched
FUZZY_KINDS = {"organization": ("company", "organization", "outlet", "index", "basket"),
               "company": ("company", "organization", "outlet"), "product": ("product", "commodity")}


def _fuzzy_choices(kb: KnowledgeBase, kinds: tuple[str, ...]) -> tuple[list[str], list[str]]:
    keys, ids = [], []
    for key, kb_id in kb.by_alias.items():
        ent = kb.by_id[kb_id]
        if len(key) >= 4 and ent.fuzzy and ent.kind in kinds:
            keys.append(key)
            ids.append(kb_id)
    return keys, ids


def _choices_for(kb: KnowledgeBase, kinds: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """The fuzzy-match table of ``kinds``, built once per KB and kept on it (hashing the KB per call cost more
    than the match)."""
    key = "fuzzy:" + ",".join(kinds)
    choices = kb.cache.get(key)
    if choices is None:
        choices = kb.cache[key] = _fuzzy_choices(kb, kinds)
    return choices  # type: ignore[return-value]


def _inside_word(a: str, b: str) -> bool:
    """Is one of two keys written inside a word of the other ('micron' in 'omicron')? Such a pair is never a
    spelling variant, however close the ratio."""
    for short, long in ((a, b), (b, a)):
        for m in re.finditer(re.escape(short), long):
            before = long[m.start() - 1] if m.start() else " "
            after = long[m.end()] if m.end() < len(long) else " "
            if before.isalnum() or after.isalnum():
                return True
    return False


def fuzzy_match(kb: KnowledgeBase, name: str, kind: str = "organization",
                cutoff: float = FUZZY_CUTOFF) -> tuple[KBEntity, float] | None:
    """The KB entity of ``kind``'s family whose alias is closest to ``name`` (rapidfuzz ratio >= ``cutoff``), with
    the ratio; never a pair differing in the first letter or one written inside a word of the other."""
    from rapidfuzz import fuzz, process

    kinds = FUZZY_KINDS.get(kind)
    key = fold(strip_legal(name))
    if kinds is None or len(key) < 4:
        return None
    keys, ids = _choices_for(kb, kinds)
    for alias, score, i in process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=3):
        if alias[:1] == key[:1] and not _inside_word(alias, key):
            return kb.get(ids[i]), float(score)
    return None


def fuzzy_lookup(kb: KnowledgeBase, name: str, cutoff: float = FUZZY_CUTOFF, kind: str = "organization"
                 ) -> KBEntity | None:
    hit = fuzzy_match(kb, name, kind, cutoff)
    return hit[0] if hit else None


_NOT_FIRMS = frozenset({"person", "place", "product", "commodity"})  # what a name with a legal form never is


def link(kb: KnowledgeBase, name: str, *, kind: str = "organization", fuzzy: bool = True, core: bool = True) -> Link:
    """Link a free-text name, most trusted way first: exact alias; generated alias (legal form stripped, article
    or possessive dropped; a company's core name when ``core``); fuzzy within ``kind``'s family (when ``fuzzy``)."""
    ent = kb.by_alias.get(fold(name))
    if ent:
        return Link(kb.get(ent), LinkMethod.EXACT, LINK_CONFIDENCE[LinkMethod.EXACT])
    ent = kb.by_alias.get(fold(strip_legal(name)))
    if ent and kb.get(ent).kind not in _NOT_FIRMS:  # a legal form names a firm: 'Coffee Holding Co' is no coffee
        return Link(kb.get(ent), LinkMethod.STRIPPED, LINK_CONFIDENCE[LinkMethod.STRIPPED])
    bare = bare_name(name)
    ent = kb.by_alias.get(fold(bare)) or kb.by_alias.get(fold(strip_legal(bare))) if bare != name else None
    if not ent and core and kind in ("organization", "company"):
        ent = kb.by_core.get(core_name(bare))  # 'Logitech International', 'Hilton', 'Warner Bros Discovery'
    if ent:
        return Link(kb.get(ent), LinkMethod.GENERATED, LINK_CONFIDENCE[LinkMethod.GENERATED])
    if fuzzy:
        hit = fuzzy_match(kb, bare, kind)
        if hit:
            return Link(hit[0], LinkMethod.FUZZY, round(_FUZZY_SCALE * hit[1] / 100, 3))
    return NO_LINK


def link_name(kb: KnowledgeBase, name: str, *, fuzzy: bool = True) -> tuple[KBEntity | None, str]:
    """Link a free-text name: (entity, method) with method a LinkMethod (see :func:`link`)."""
    found = link(kb, name, fuzzy=fuzzy)
    return found.entity, found.method


def _mention(ent: KBEntity, span: Span, how: str, confidence: float | None = None) -> Mention:
    conf = LINK_CONFIDENCE.get(LinkMethod(how), 0.0) if confidence is None else confidence
    return Mention(name=ent.name, kind=OUTPUT_KIND.get(ent.kind, ent.kind), ticker=ent.ticker, text=span.text,
                   start=span.start_char, end=span.end_char, kb_id=ent.id, link=how, confidence=conf,
                   kb_kind=ent.kind if ent.kind in OUTPUT_KIND else None)


_LEGAL_ORG = re.compile(
    r"\b(?:[A-Z][\w&'’.-]*\s+){1,4}?(?:Oyj|Oy|Abp|AB|ASA|AG|SE|S\.A\.|SA|NV|N\.V\.|plc|PLC|Inc\.?|Corp\.?|"
    r"Corporation|Ltd\.?|Limited|LLC|GmbH|S\.p\.A\.|SpA|Co\.|Holdings?)(?![\w])")


def _legal_orgs(doc: Doc, text: str) -> list[Span]:
    """'Acme Widgets Oyj': capitalised words ending in a legal form, where NER found nothing."""
    spans = []
    for m in _LEGAL_ORG.finditer(text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="contract")
        if span is None or len(span) < 2:
            continue
        while len(span) and (span[0].ent_type_ in ("NORP", "GPE", "DATE") or span[0].lower_ in (
                "the", "a", "an", "its", "in", "on", "at", "for", "and")):
            span = span[1:]  # 'Finnish Suominen Corporation' -> 'Suominen Corporation' 
        if len(span) >= 2 and not any(t.ent_type_ for t in span):
            spans.append(span)
    return spans


def _labelled(span: Span, label: str) -> Span:
    span.label_ = label
    return span


# lower-case words no name holds (a name may hold 'of', 'for', 'and', 'de'): NER running two names together over them
_NOT_IN_NAME = frozenset({"to", "from", "at", "with", "after", "against", "versus", "vs", "vs."})


def _split_list(span: Span) -> list[Span]:
    """NER may tag a list as one organisation ('Ovalink, Trevix and'), or two names over a preposition ('Nasdaq to
    NYSE'): its names, one by one. A comma before a legal form ('Acme, Inc.') does not split."""
    doc = span.doc
    cuts = [t.i for t in span if t.text == "," and not (t.i + 1 < span.end and doc[t.i + 1].lower_ in COMPANY_FORMS)]
    if span.label_ != "ORG" or headline_like(span):
        return [span]
    breaks = [t.i for t in span if t.is_lower and t.lower_ in _NOT_IN_NAME]
    if breaks:  # 'Nasdaq to NYSE', 'Strategists at Coldridge Asset Management': two spans, neither runs over it
        return [piece for part in _cut_span(span, breaks) for piece in _split_list(part)]
    if not cuts:
        return _two_names(span)
    cuts += [t.i for t in span if t.lower_ in ("and", "or")]
    return _cut_span(span, sorted(cuts))


RULE_TWO_NAMES = "extent.two-names"


def _two_names(span: Span) -> list[Span]:
    """[extent.two-names] One organisation of NER that is two names joined by 'and': the first ends in a legal
    form ('Acme Holdings Co and Foo Inc'), or both are two capitalised words or more, legal forms not counted
    ('Discovery Channel and Food Network'). Not 'Procter and Gamble', 'Jindal Steel and Power', 'Housing
    Development and Infrastructure Ltd' (one word on a side), nor names with 'of' / 'for' ('Department of Housing
    and Urban Development')."""
    ands = [t.i for t in span if t.lower_ == "and"]
    if len(ands) != 1 or any(t.lower_ in ("of", "for") for t in span):
        return [span]
    left, right = span.doc[span.start:ands[0]], span.doc[ands[0] + 1:span.end]
    if not left or not right or not all(t.text[:1].isupper() or t.is_punct for t in [*left, *right]):
        return [span]
    if left[-1].lower_ in COMPANY_FORMS and len(left) > 1:
        return _cut_span(span, ands)
    words = [sum(t.is_alpha and t.lower_ not in COMPANY_FORMS for t in side) for side in (left, right)]
    return _cut_span(span, ands) if min(words) >= 2 else [span]


def _joined_and(doc: Doc) -> list[Span]:
    """[extent.one-name-with-and] NER's entities, two organisations joined by 'and' taken as one name when one
    side cannot stand alone (:func:`_one_name_with_and`)."""
    out: list[Span] = []
    for ent in doc.ents:
        prev = out[-1] if out else None
        if prev is not None and prev.label_ == ent.label_ == "ORG" and ent.start == prev.end + 1 \
                and doc[prev.end].lower_ == "and" and _one_name_with_and(prev, ent):
            out[-1] = _as_org(doc[prev.start:ent.end])
        elif ent.label_ == "ORG" and ent.start >= 2 and doc[ent.start - 1].lower_ == "and" \
                and not doc[ent.start - 2].ent_type_ and doc[ent.start - 2].is_title \
                and _one_name_with_and(doc[ent.start - 2:ent.start - 1], ent) \
                and (not prev or prev.end < ent.start - 2):
            out.append(_as_org(doc[ent.start - 2:ent.end]))  # NER found only 'Gamble Co'
        else:
            out.append(ent)
    return out


def _as_org(span: Span) -> Span:
    span.label_ = "ORG"
    return span


# lines of business that close a name joined by 'and' ('Harbin Steel and Power', 'Pacific Gas and Electric')
_LINE_AFTER_AND = frozenset({"power", "light", "gas", "water", "electric", "energy", "chemicals", "infrastructure",
                             "telegraph", "telecommunications", "engineering", "construction", "development"})


def _one_name_with_and(left: Span, right: Span) -> bool:
    """'Harbin Steel and Power' (a line of business after 'and'), 'Procter and Gamble Co' (a lone name, no
    dictionary word, before a name with a legal form); not 'Halvard Motors and Harvest', 'Analysts and Kelby Corp'."""
    line_after = len(right) == 1 and right[0].is_title and right[0].lower_ in _LINE_AFTER_AND
    lone_before_form = len(left) == 1 and len(right) == 2 and right[-1].lower_ in COMPANY_FORMS \
        and left[0].tag_ == "NNP" and is_word(left.doc.vocab, left[0].text) is False
    return line_after or lone_before_form


def _cut_span(span: Span, cuts: list[int]) -> list[Span]:
    """The pieces of ``span`` between the tokens at ``cuts`` (those tokens dropped), with the span's label."""
    doc, parts, start = span.doc, [], span.start
    for c in [*cuts, span.end]:
        if c > start:
            part = doc[start:c]
            part.label_ = span.label_
            parts.append(part)
        start = c + 1
    return parts


_CALL_VERBS = frozenset({"buy", "sell", "hold", "pick", "prefer", "accumulate", "avoid", "book", "add", "reduce",
                         "short", "exit", "trust", "like", "bet"})  # 'Sell HDFC with a stop loss of ...'


def _split_at_line_breaks(span: Span) -> list[Span]:
    """NER may run a name across a line break ('... Deaths\\n\\nExThera Medical') or a colon or semicolon
    ('Hindustan Zinc: Sandeep Wagle', a headline's speaker after its subject): a name never spans one. A
    headline's opening call ('Sell', 'Prefer' of 'Sell Kestrel Mills with a target') is no part of the name, nor
    is a lone dictionary word a cut leaves ('High' of 'Velmora Cement: High costs')."""
    breaks = [t.i for t in span
              if is_line_break(t) or t.text in (":", ";") and (t.whitespace_ or t.i + 1 == len(t.doc))]
    if not breaks:
        return [_without_call(span)]
    doc = span.doc
    parts = [_without_call(p) for p in _cut_span(span, breaks)  # a lone common word a colon cuts off: 'Budget:'
             if len(p) > 1 or not _colon_cut(p) or is_word(doc.vocab, p.text) is False or p.text.isupper()]
    for p in parts:
        if p.start > 0 and doc[p.start - 1].text == ":" and _speaker_name(p):
            p.label_ = "PERSON"  # 'Sell Velmora with a target of Rs 300: Devesh Kethwar' (the headline's speaker)
    return parts


def _colon_cut(part: Span) -> bool:
    doc = part.doc
    return part.start > 0 and doc[part.start - 1].text in (":", ";") or \
        part.end < len(doc) and doc[part.end].text in (":", ";")


def _speaker_name(span: Span) -> bool:
    """Two or three capitalised words of no dictionary that close a line after a colon (or before a comma and
    the speaker's firm): how headlines name the analyst who speaks ('...: Devesh Kethwar, Velmora Capital')."""
    doc = span.doc
    closes = span.end == span.sent.end or span.end < len(doc) and doc[span.end].text in (",", ".")
    return closes and 2 <= len(span) <= 3 and all(t.is_title and t.is_alpha and is_word(doc.vocab, t.text) is False
                                                   for t in span)


def _without_call(span: Span) -> Span:
    first = span[0]
    if len(span) > 1 and first.lower_ in _CALL_VERBS and first.is_sent_start and first.whitespace_ \
            and span[1].text[:1].isupper():
        part = span[1:]
        part.label_ = span.label_
        return part
    return span


_EVIDENCED = "evidenced"  # a mention whose company kind rests on more than the NER label


def _same_name(ent: KBEntity, name: str) -> bool:
    """Does ``name`` plausibly name ``ent`` (so that a ticker found beside it may link it)? The same first word,
    one name a prefix of the other, or ``name`` the initials of the entity's name."""
    key = fold(strip_legal(name))
    if not key:
        return False
    for alias in (ent.name, *ent.aliases):
        other = fold(strip_legal(alias))
        if other and (other.split()[0] == key.split()[0] or other.startswith(key) or key.startswith(other)):
            return True
    return key.replace(" ", "") == "".join(w[0] for w in fold(ent.name).split() if w[0].isalnum())


def _kb_span_inside(doc: Doc, span: Span) -> bool:
    return any(t.ent_id_ for t in span)


def _coded_spans(doc: Doc, text: str
                 ) -> tuple[list[tuple[Span, InstrumentCode]], list[tuple[int, int]], list[InstrumentCode]]:
    """Names written with an instrument code ('Acme <ACME.N>', '(NYSE: ACME)', '$ACME'), and every code's
    character range (the code itself is never a mention)."""
    codes = find_codes(text)
    out: list[tuple[Span, InstrumentCode]] = []
    for code in codes:
        span = code_name(doc, code)
        if span is None or out and out[-1][0].end > span.start:
            continue
        if code.kind is CodeKind.INSTRUMENT and _kb_span_inside(doc, span):
            continue  # 'Brent crude futures <LCOc1>': the KB's Brent stays
        out.append((span, code))
    return out, [(c.start, c.end) for c in codes], codes


def _outside_codes(span: Span, code_ranges: list[tuple[int, int]]) -> Span | None:
    """The part of an NER span after an instrument code it runs over ('$ACME - Acme Corp' -> 'Acme Corp'); the
    span itself when it touches no code; None when nothing name-like is left."""
    if not _overlaps(span, code_ranges):
        return span
    last_end = max(e for s, e in code_ranges if span.start_char < e and s < span.end_char)
    start = span.start
    while start < span.end and (span.doc[start].idx < last_end or span.doc[start].is_punct
                                or span.doc[start].is_space):
        start += 1
    if start >= span.end or not any(name_like(t) for t in span.doc[start:span.end]):
        return None
    part = span.doc[start:span.end]
    part.label_ = span.label_
    return part


def _overlaps(span: Span, ranges: list[tuple[int, int]]) -> bool:
    return any(span.start_char < e and s < span.end_char for s, e in ranges)


_CASHTAG_GAP = re.compile(r"\s*[-:–—]?\s*")


class _Linker:
    """Links one Doc's spans; remembers KB entities and people already named in it."""

    def __init__(self, kb: KnowledgeBase, codes: list[InstrumentCode] | None = None, text: str = "") -> None:
        self.kb = kb
        self.cashtags = [c for c in codes or [] if c.kind is CodeKind.CASHTAG]
        self.text = text
        self.seen_kb: list[KBEntity] = []
        self.persons: list[str] = []
        self.evidenced: set[int] = set()  # ids of mentions typed by evidence, not by the NER label alone

    def coded(self, span: Span, code: InstrumentCode) -> Mention:
        """A name written with an instrument code: linked by ticker (when the names agree: the code of a joint
        venture's parent is not the venture) or by name; else an unlinked company, index or instrument."""
        kind = KIND_OF_CODE[code.kind]
        ent = self.kb.by_tickers(code.tickers)
        if ent is not None and code.kind is CodeKind.EQUITY and not _same_name(ent, span.text):
            ent = None
        how = "ticker"
        if ent is None:
            ent, how = link_name(self.kb, span.text, fuzzy=False)
            if ent is not None and (ent.kind in ("person", "place") or code.kind is CodeKind.EQUITY
                                    and ent.kind not in ("company", "organization", "outlet")):
                ent = None  # a share's code: not the commodity 'Gold' of 'Acme Gold (ASX:ACG)'
        if ent is not None:
            m = _mention(ent, span, how)
        else:
            text = span.text.lstrip("$") if code.kind is CodeKind.CASHTAG else span.text
            m = Mention(name=strip_legal(text), kind=kind, ticker=None, text=span.text, start=span.start_char,
                        end=span.end_char)
        self.evidenced.add(id(m))
        return m

    def ruler(self, span: Span) -> Mention:
        end = _longer_name(span)
        if not end or span.doc[end - 1].lower_ in _EVENT_WORDS:  # 'the Acme Technology Conference': Acme's
            return _mention(self.kb.get(span.ent_id_), span, "ruler")
        # 'Samsung SDS' is not 'Samsung': a longer proper name starting with an alias
        ext = _with_of_tail(span.doc[span.start:end])  # 'U.S. Department' + 'of Agriculture'
        ent, how = link_name(self.kb, ext.text, fuzzy=False)
        bond = _bond_name(ext.text) or _bond_before_instrument(ext)  # 'U.S. Treasuries', 'U.S. Treasury yields'
        kind = "product" if bond or product_context(ext) else "place" if fold(ext.text) in place_names() \
            else "organization"  # ('Airbus' + 'A321XLR' before 'jets': a model; 'Mexico' + 'City': a city)
        return _mention(ent, ext, how) if ent else Mention(
            name=strip_legal(ext.text), kind=kind, ticker=None, text=ext.text,
            start=ext.start_char, end=ext.end_char, kb_kind=BOND if bond else None)

    def ner(self, span: Span, label: str) -> Mention | None:
        """A span NER (or the legal-form pattern) found: trimmed, typed from evidence, linked when possible."""
        cut = _cut_at_title(span.doc, span.start, span.end)
        titled = cut < span.end  # 'Acme Chief Executive' (before 'Jane Doe'): the name of her employer
        if titled:
            span = _labelled(span.doc[span.start:cut], span.label_)
            if len(span) == 1 and span[0].is_sent_start and span[0].tag_ != "NNP" and not span[0].is_upper \
                    and is_word(span.doc.vocab, span[0].text):
                return None  # 'Post' of 'Post Q4 earnings, ...': a common word the headline capitalised
        trimmed = _trim_span(span)
        if trimmed is None:
            return None  # 'AI', 'EVs', 'IPO': common nouns, not names
        span = trimmed
        text = span.text.strip()
        if _names_nothing(span, text) or self._sector(span):
            return None
        opening = _opening_word(span)
        if opening:
            return self.link_or_keep(span, "product", True) if opening == "product" else None
        span = _without_descriptor(span)
        kind = NER_KINDS[label] or "organization"
        if label in ("ORG", "GPE", "LOC") and _facility_place(span):
            return self.link_or_keep(span, "place", True)  # 'its Ostrava plant': where the plant is
        if label in ("ORG", "GPE", "LOC", "NORP", "PERSON") and _credited_person(span):
            return self.link_or_keep(span, "person", True)  # '(Reporting by Jane Doe; ...)'
        if label == "ORG" and (_titled_person(span) or _described_person(span) or (
                _source_person(span) or _official_person(span)) and link_name(self.kb, text, fuzzy=False)[0] is None):
            kind = "person"  # 'Acme chief economist Jane Doe', 'Jane Doe, a strategist at Acme': NER's organisation
        elif label in ("GPE", "LOC") and _described_person(span) and not self.known_place(text):
            kind = "person"  # "Hollis Mbeki, the firm's chief strategist": NER's place
        elif label == "PERSON" and _source_firm(span):
            kind = "organization"  # '...: Jane Roe, Acme Broking'
        if kind == "organization" and text.lower() in _NATIONALITIES:
            return None  # 'Nordic lender Fjordbank': an adjective, not an organisation
        if _bond_name(text) or _bond_before_instrument(span):  # an instrument ('the 10-year Bund yield')
            bond = self.link_or_keep(span, "product", True)
            return replace(bond, kb_kind=BOND) if bond is not None and bond.kb_id is None else bond
        joined = _with_nationality(span) if kind == "organization" else span
        if joined is not span:
            span = joined  # 'Atlantic Airlines'
        elif kind == "organization" and len(span) > 1 and span[0].text[:1].isupper() and \
                span[0].lower_ in _NATIONALITIES and not all(is_word(doc_vocab(span), t.text) for t in span[1:]):
            span = span[1:]  # 'Finnish Suominen Corp', not 'Atlantic Airlines', 'Canadian Real Estate Association'
        if kind in ("person", "place") and span[-1].lower_ in _SUFFIX_WORDS:
            kind = "organization"  # 'Elektrobit Oyj' tagged PERSON
        span = _with_domain(span)
        if kind in ("organization", "person", "place"):
            span = _with_form(_through_connector(_with_of_tail(span)))
        if kind == "organization":
            span = _extend_left(span)
        if len(span) >= 3 and span[0].text in _ROLE_TITLES and all(t.is_title for t in span[1:]):
            span, kind = span[1:], "person"  # 'Analyst Beatriz Lacerda estimated': a role before a person's name
        index = _index_name(span, kind)
        if index is not None:
            return self.link_or_keep(index, "index", True)  # 'the Philadelphia Semiconductor index'
        evidence = None if _adjectival(span) else form_kind(span) or product_context(span) or thing_context(span) or \
            context_kind(span, label) or self._listed(span, label) or \
            self._after_cashtag(span) or (self._titled_kind(span.text) if titled else None) or \
            outlet_context(span) or self._voice(span, label) or self._held_place(span, label) or \
            self._rating(span, label) or self.employer(span, label) or self._producer(span, label)
        if evidence and not (kind == "person" and self.known_person(span.text.strip())):
            kind = evidence
        return self.link_or_keep(span, kind, evidence is not None, fuzzy=label in ("ORG", "FAC", "PRODUCT"))

    def _producer(self, span: Span, label: str) -> str | None:
        """[kind.producer] An organisation's name that ends with a commodity the KB knows ('Merrion Gold', 'Norilsk
        Nickel', 'Dhampur Sugar'): a company that produces or trades it (the pipeline leaves such a commodity to the
        name NER read, see ``pipeline._commodities_after_ner``)."""
        if label != "ORG" or len(span) < 2 or not span[-1].text[:1].isupper():
            return None
        ent, _ = link_name(self.kb, span[-1].text, fuzzy=False)
        return "company" if ent is not None and ent.kind == "commodity" else None

    def _sector(self, span: Span) -> bool:
        """[kind.sector-word] One word naming an industry, capitalised ('Pharma is in good shape', 'Telecom stocks
        tumble', 'FMCG stocks'), that the KB does not know as a name: a sector, no company, person or place, whatever
        the words around it say of its stocks."""
        return len(span) == 1 and span[0].lower_ in SECTOR_WORDS and not span[0].ent_id_ \
            and not capital_next_to(span.doc, span.start, span.start - 1) \
            and link_name(self.kb, span.text, fuzzy=False)[0] is None  # not 'Biotech' of 'Morven Biotech'

    def _voice(self, span: Span, label: str) -> str | None:
        """:func:`voice_kind` for what NER may mistype: a place the KB does not know ('Zorvia declined to
        comment', with :func:`acronym_voice_kind` too: 'ZQRA says'), a one-word person ('Brackwell did not respond to a request for comment': a person named
        earlier in full keeps the person, see :meth:`known_person`), a product or an organisation."""
        if self.known_person(span.text.strip()):
            found = None  # 'Brackwell declined to comment' after 'Jane Brackwell', whatever NER calls it
        elif label in ("GPE", "LOC") and not self.place_or_person(span.text):
            found = acronym_voice_kind(span) or voice_kind(span, said_it=False)
        elif label == "PERSON" and len(span) == 1:
            found = voice_kind(span, said_it=False, coordinated=False)
        elif label in ("ORG", "PRODUCT", "NORP"):
            found = voice_kind(span)
        else:
            found = None
        return found[0] if found else None

    def _rating(self, span: Span, label: str) -> str | None:
        """[kind.rating-action] :func:`rating_kind` for a name NER calls a person or an organisation, unless a job
        title or a possessive stands before it ('Acme analyst Jane Doe', "Acme's Jane Doe") or the text named that
        person in full before ('Doe upgraded ...' after 'Jane Doe')."""
        if label not in ("PERSON", "ORG") or self.known_person(span.text.strip()):
            return None
        prev = span.doc[span.start - 1] if span.start > span.sent.start else None
        if prev is not None and (prev.lower_ in ROLE_TITLES or prev.lower_ in ROLE_AT or prev.text in ("'s", "’s")):
            return None
        found = rating_kind(span)
        return found[0] if found else None

    def employer(self, span: Span, label: str) -> str | None:
        """[kind.employer] :func:`employer_kind` for a name NER calls a place, a person or a nationality that
        neither the KB, the gazetteer nor this text knows as one, and that is no nationality or party word."""
        text = span.text.strip()
        if label not in ("GPE", "LOC", "PERSON", "NORP") or self.known_place(text) or self.known_person(text) \
                or text.lower() in _NATIONALITIES or text.lower() in _PARTY_WORDS or _DEMONYM.search(text.lower()):
            return None
        return employer_kind(span, label)

    def _listed(self, span: Span, label: str) -> str | None:
        """[kind.listed-security] :func:`listed_kind` ('Acme Q3 net profit up', 'Acme rallies 13%'), never for a
        place the KB or the gazetteer knows ('Japan rallies 2%' is a market, "Acme's Istanbul IPO" an exchange's)."""
        if self.known_place(span.text.strip()) or label in ("GPE", "LOC") and not place_names():
            return None
        return listed_kind(span, label)

    def _held_place(self, span: Span, label: str) -> str | None:
        """[kind.held-place] A name NER calls a place that neither the KB nor the gazetteer knows, after 'shares
        of', 'a stake in', 'investors in' (:func:`holding_kind`): a company ('investors in Quellmark')."""
        if label not in ("GPE", "LOC"):
            return None
        name = span.text.strip()
        bare = name[4:] if name.lower().startswith("the ") else name
        if self.known_place(bare) or not place_names():
            return None
        return holding_kind(span)

    def _after_cashtag(self, span: Span) -> str | None:
        """'$ACME - Acme Widgets slides': the name written after a cashtag, starting with the ticker's letter, is
        the company the cashtag stands for."""
        for code in self.cashtags:
            gap = self.text[code.end:span.start_char]
            if len(gap) <= 4 and _CASHTAG_GAP.fullmatch(gap) and \
                    any(t[:1].upper() == span.text[:1].upper() for t in code.tickers):
                return "company"
        return None

    def _titled_kind(self, text: str) -> str:
        """What the words before a job title name: the place of 'U.S. President', else an organisation."""
        ent, _ = link_name(self.kb, text, fuzzy=False)
        return ent.kind if ent is not None and ent.kind in ("place", "person") else "organization"

    def known_place(self, text: str) -> bool:
        """A place the gazetteer or the KB knows (or a person the KB knows)."""
        return fold(text) in place_names() or self.place_or_person(text)

    def place_or_person(self, text: str) -> bool:
        ent, _ = link_name(self.kb, text, fuzzy=False)
        return ent is not None and ent.kind in ("place", "person")

    def known_person(self, text: str) -> bool:
        name = _TITLES.sub("", text)
        return bool(_TITLES.match(text)) or any(p == name or p.endswith(" " + name) for p in self.persons)

    def link_or_keep(self, span: Span, kind: str, evidenced: bool, fuzzy: bool = False) -> Mention | None:
        """Link ``span`` as ``kind`` (fuzzy matching only when asked: for names NER itself called organisations
        or products, as before), else keep it unlinked."""
        text = span.text.strip()
        if kind in ("organization", "company", "product", "place"):
            ent, how, conf = link(self.kb, text, kind=kind, fuzzy=fuzzy and kind != "place", core=False)
            if ent is not None and evidenced and ent.kind in ("person", "place"):
                ent = None  # the words around it say company
            if ent is None and kind in ("organization", "company"):
                # 'Nasdaq' after 'Nasdaq 100' was named: the same entity
                key = fold(strip_legal(bare_name(text)))
                ent = next((e for e in reversed(self.seen_kb) if fold(e.name).startswith(key + " ")
                            and e.kind not in ("place", "person")), None)  # not 'the Euro' of 'Euro zone'
                how, conf = LinkMethod.PREFIX, LINK_CONFIDENCE[LinkMethod.PREFIX]
            if ent is None and kind in ("organization", "company") and (evidenced or not _common_core(span)):
                ent, how, conf = link(self.kb, text, kind=kind, fuzzy=False)  # after the text's own names
            if ent is not None:
                return _mention(ent, span, how, conf)
            lost = _lost_possessive(span)
            ent = link(self.kb, lost, kind="organization", fuzzy=False, core=False).entity if lost else None
            if ent is not None and ent.kind not in ("place", "person"):
                return replace(_mention(ent, span, LinkMethod.GENERATED), text=lost, end=span.end_char - 1)
        if kind == "person" and re.fullmatch(r"[A-Z]{2,6}", text):
            kind = "organization"  # 'compiled by LSEG': an acronym is no person's name
        if kind == "person":
            if _NON_LINKABLE_PERSON.search(text):
                return None
            name = _TITLES.sub("", text)
            full = next((p for p in self.persons if p.endswith(" " + name)), None)
            name = full or name
            if not full:
                self.persons.append(name)
        else:
            name = strip_legal(bare_name(text))
        m = Mention(name=name, kind=kind, ticker=None, text=span.text, start=span.start_char, end=span.end_char)
        if evidenced:
            self.evidenced.add(id(m))
        return m


_POSSESSIVE_LOST = re.compile(r"[A-Z][\w&.-]*[A-Za-z]s")


def _lost_possessive(span: Span) -> str | None:
    """[link.possessive-lost] 'Wipros revenue', 'Tech Mahindras balance sheet': text written without apostrophes
    (SEntFiN's headlines) joins a possessive's 's' to the name. The name without it, when the word with it is no
    English word ('Motors', 'Banks' are) and a noun, a name or a number follows; the caller links it or keeps the
    mention as it is."""
    doc, last = span.doc, span[-1]
    text = doc_text(doc)
    if "'" in text or "’" in text or not _POSSESSIVE_LOST.fullmatch(last.text) or span.end >= len(doc) \
            or is_word(doc.vocab, last.text) is not False:
        return None
    nxt = doc[span.end]
    if nxt.pos_ not in ("NOUN", "PROPN", "NUM", "ADJ") or nxt.tag_.startswith("VB"):
        return None
    return span.text.strip()[:-1]


_NAME_CONNECTORS = {"de", "di", "del", "della", "der", "des", "du", "do", "da", "dos", "das", "van", "von", "&", "of"}


def _bond_name(text: str) -> bool:
    """A government bond by its nickname, alone or after capitalised words ('Bunds', 'U.S. Treasuries', 'German
    Bunds'): an instrument, no organisation."""
    words = text.split()
    return text.lower() in _BOND_NAMES or 0 < len(words) <= 3 and words[-1].lower() in _BOND_NAMES and \
        all(w[:1].isupper() for w in words)


# what a government bond's singular name stands before when it means the bonds ('Treasury yields', 'gilt prices')
_INSTRUMENT_NOUNS = frozenset({"yield", "yields", "bonds", "prices", "futures", "auction", "auctions", "curve",
                               "securities"})  # not 'a Treasury note to lawmakers', 'the Treasury bill passed
_BOND_SINGULARS = frozenset({"treasury", "bund", "gilt", "jgb", "btp", "oat"})


def _bond_before_instrument(span: Span) -> bool:
    """'a jump in Treasury yields', 'U.S. Treasury yields climbed', 'gilt prices': the bonds, not the department
    that issues them ('the U.S. Treasury said', 'Treasury Secretary' stay organisations)."""
    doc = span.doc
    return span[-1].lower_ in _BOND_SINGULARS and span.end < len(doc) and doc[span.end].lower_ in _INSTRUMENT_NOUNS


_INDEX_TAILS = frozenset({"midcap", "mid-cap", "smallcap", "small-cap", "largecap", "large-cap", "composite",
                          "all-share"})


def _indexed_by_article(span: Span) -> bool:
    """'the (broader) X Midcap', not a fund ('the Orion Smallcap fund') nor a company without an article ('Shares of
    Aster Composite', 'Marlow Composite, a maker of panels')."""
    doc = span.doc
    before = [t.lower_ for t in doc[max(span.sent.start, span.start - 2):span.start]]
    nxt = doc[span.end].lower_ if span.end < len(doc) else ""
    return "the" in before and nxt not in ("fund", "funds", "trust", "etf")


def _index_name(span: Span, kind: str) -> Span | None:
    """The name of an index written before the word 'index': an organisation right before it ('the Philadelphia
    Semiconductor index'), or any name but a person's that runs on in capitalised words up to it ('the
    Philadelphia SE Semiconductor index', 'the Shanghai Composite index'), through those words."""
    doc, end = span.doc, span.end
    if kind == "person":
        return None
    words = span.text.split()
    if len(words) > 1 and words[-1].lower() in _INDEX_TAILS and _indexed_by_article(span):
        return span  # 'the broader Arden Midcap', 'the Shanghai Composite': the word only an index's name ends in
    while end < span.sent.end and end - span.end < 3 and doc[end].is_title and doc[end].is_alpha \
            and doc[end].lower_ not in ("index", "indexes"):
        end += 1
    if end >= len(doc) or doc[end].lower_ not in ("index", "indexes") or end == span.end and kind != "organization":
        return None
    return doc[span.start:end]


# a role written before a name as a title ('Analyst Beatriz Lacerda', 'Economist Jane Roe')
_ROLE_TITLES = frozenset({"Analyst", "Economist", "Strategist", "Chairman", "Chairwoman", "CEO", "CFO", "Founder",
                          "Co-founder", "Trader", "Portfolio", "Director"})
# the head of an institution's name that goes on with 'of': 'the U.S. Department' + 'of Agriculture'
_OF_HEADS = frozenset({"department", "ministry", "bureau", "office", "institute", "commission", "board", "agency",
                       "council", "authority", "federation", "association", "court", "university", "chamber"})


def _with_of_tail(span: Span) -> Span:
    """'U.S. Department' + 'of Agriculture', 'Ministry' + 'of Finance': an institution's name NER cut before 'of'
    goes on through the capitalised words after it (and 'and' between two of them)."""
    doc, end = span.doc, span.end
    if span[-1].lower_ not in _OF_HEADS or end + 1 >= span.sent.end or doc[end].lower_ != "of" or \
            not doc[end + 1].is_title:
        return span
    end += 1
    while end < span.sent.end and (doc[end].is_title or doc[end].lower_ == "and" and end + 1 < span.sent.end
                                   and doc[end + 1].is_title) and end - span.end < 6:
        end += 1
    return doc[span.start:end]


def _through_connector(span: Span) -> Span:
    """'Banque de' + 'Lyon': a name NER cut after a connector goes on through the next name words."""
    doc, end = span.doc, span.end
    if len(span) < 2 or span[-1].lower_ not in _NAME_CONNECTORS:
        return span
    while end < span.sent.end and name_like(doc[end]) and not doc[end].is_punct and end - span.end < 3:
        end += 1
    return doc[span.start:end] if end > span.end else span


# top-level domains a name may end in ('Acme.com', 'Korvix.Az'): the tokenizer cuts such a name at its dot
_DOMAINS = frozenset({"com", "net", "org", "io", "ai", "co", "az", "ru", "uk", "de", "fr", "cn", "in", "jp", "kr",
                      "hk", "sg", "us", "ca", "au", "biz", "info", "news", "tv", "eu", "ch", "it", "es", "nl", "se",
                      "no", "fi", "dk", "pl", "tr", "ua", "kz", "ge", "am", "uz", "ae", "sa", "za", "br", "mx"})


def _common_core(span: Span) -> bool:
    """Is the core of ``span``'s name one common word ('Target', 'Travelers')? Such a short name links to the
    company only on evidence from the words around it ('shares of Travelers'), never on NER's label alone."""
    core = core_name(bare_name(span.text))
    return " " not in core and is_word(span.doc.vocab, core) is not False


def _with_domain(span: Span) -> Span:
    """'Korvix' + '.Az', 'Acme' + '.com': a name written as a domain, which the tokenizer cut at its dot."""
    doc, end = span.doc, span.end
    if end + 1 < len(doc) and doc[end].text == "." and not span[-1].whitespace_ and not doc[end].whitespace_ \
            and doc[end + 1].lower_ in _DOMAINS:
        return doc[span.start:end + 2]
    return span


def _with_form(span: Span) -> Span:
    """'Acme' + 'Inc': take in a legal form written just after the name."""
    doc = span.doc
    if span.end < len(doc) and doc[span.end].lower_ in COMPANY_FORMS and doc[span.end].text[:1].isupper() \
            and not doc[span.end].ent_type_:
        return doc[span.start:span.end + 1]
    return span


def link_entities(doc: Doc, kb: KnowledgeBase, offset: int = 0, retyper: Retyper | None = None,
                  collect: list[tuple[Mention, list[str]]] | None = None) -> list[Mention]:
    """Mentions of companies, indices, baskets, organisations, outlets, products, people and places. With
    ``retyper``, unlinked people, places and products it finds to be organisations are re-typed; ``collect``
    receives each such candidate with its features (for training)."""
    text = doc_text(doc)
    coded, code_ranges, codes = _coded_spans(doc, text)
    linker = _Linker(kb, codes, text)
    coded_ranges = [(sp.start_char, sp.end_char) for sp, _ in coded]
    found = [piece for sp in [*_joined_and(doc), *_legal_orgs(doc, text)] for part in _split_at_line_breaks(sp)
             for item in _split_list(part)
             if (piece := _outside_codes(item, code_ranges)) is not None and not _overlaps(piece, coded_ranges)]
    items: list[tuple[Span, InstrumentCode | None]] = [(sp, None) for sp in found] + list(coded)
    out: list[Mention] = []
    for span, code in sorted(items, key=lambda item: item[0].start):
        if out and span.start_char < out[-1].end:
            continue  # inside a name already taken ('Banque de' + 'Lyon')
        label = "ORG" if span.label_ == "" else span.label_
        if code is not None:
            m = linker.coded(span, code)
        elif label == "NORP" and linker.employer(span, label):
            m = linker.ner(span, "ORG")  # 'Quillon analyst Jane Doe', Quillon tagged as a nationality
            if m is None:
                continue
        elif label not in NER_KINDS:
            continue
        elif span.ent_id_ and span.ent_id_ in kb.by_id:
            m = linker.ruler(span)
        else:
            m = linker.ner(span, label)
            if m is None:
                continue
        if m.kb_id:
            linker.seen_kb.append(kb.get(m.kb_id))
        out.append(m)
    out = _add_unlabelled(doc, text, linker, out, code_ranges)
    out = [m for m in consistent_kinds(out, linker.evidenced, text)
           if m.kind != UNKNOWN and not _bare_opener(m, doc, linker.evidenced)]
    out = unknown_places(doc, out, linker.evidenced)
    out = located_places(doc, out)
    out = ampersand_initials(out)
    out = surnames(out, linker.evidenced)
    out = described_headline(doc, out, linker.evidenced)
    out = repeated_names(doc, out, linker.evidenced)
    out = coined_names(doc, out, linker, code_ranges)
    out = name_country_companies(doc, out, linker)
    out = word_before_form(doc, out, linker)
    out = instrument_names(out, text)
    out = index_code_mentions(doc, out, kb)
    out = code_word_mentions(doc, out, codes)
    if retyper is not None or collect is not None:
        out = learned_kinds(doc, text, out, linker.evidenced, kb, retyper, collect)
    out = [m for m in canonical(_join_partners(out, text), text)
           if (m.kb_id or not _no_name(m, doc, text)) and not _quantity_of_a_grade(m, text)
           and not _metal_idiom(m, text)]
    if offset:
        out = [replace(m, start=m.start + offset, end=m.end + offset) for m in out]
    return out


_PARTNERS_TAIL = re.compile(r"[A-Z][a-z]+(?:, [A-Z][a-z]+)* & [A-Z][a-z]+")


# currencies NER reads as organisations ('Sterling fell 0.8%'), by name or nickname ('the Aussie lost 1.4%')
_CURRENCY_NAMES = frozenset({"sterling", "euro", "euros", "dollar", "dollars", "yen", "yuan", "renminbi", "rupee",
                             "rupees", "franc", "francs", "won", "ringgit", "rupiah", "peso", "pesos", "real",
                             "lira", "rouble", "ruble", "rand", "krona", "krone", "zloty", "forint", "baht", "dong",
                             "naira", "shekel", "koruna"})
# a credit rating ('upgraded to "BBB" from "BBB-"', 'Baa3'): no name
_CREDIT_RATING = re.compile(r"(?:AAA|AA|BBB|BB|CCC|CC)[+-]?|A[+-]|(?:Aaa|Aa[123]|A[123]|Baa[123]|Ba[123]|Caa[123])")
# units written as capitals ('5.4 GW today', 'at 12 bcm'): no organisation
_UNIT_ABBREVIATIONS = frozenset({"GW", "MW", "KW", "kW", "GWh", "MWh", "TWh", "kWh", "bcm", "bcf", "bcfd", "bpd",
                                 "boe", "mtpa", "TEU", "DWT", "dwt"})
# nicknames, a currency only after 'the' ('the Aussie lost 1.4%'; 'Kiwi, the travel app, said' is a company)
_CURRENCY_NICKNAMES = frozenset({"greenback", "aussie", "kiwi", "loonie", "swissie"})


# what a country holds, makes or ships of a commodity: 'U.S. crude inventories' is oil in U.S. tanks, not the WTI
# benchmark its words also name ('U.S. crude futures fell 2%')
_QUANTITY_NOUNS = re.compile(r"\s+(?:inventories|stocks|stockpiles|production|output|exports|imports|supplies|supply|"
                             r"demand|reserves|shipments)\b", re.IGNORECASE)


def _quantity_of_a_grade(m: Mention, text: str) -> bool:
    """A commodity benchmark named by its country's grade words, followed by a quantity held, made or shipped."""
    return m.kb_kind == "commodity" and m.text.split()[0] in ("U.S.", "US") and \
        _QUANTITY_NOUNS.match(text, m.end) is not None


# a metal's word in a figure of speech: 'a silver lining', 'no silver bullet', 'a gold medal', 'a golden era'
_IDIOM_NOUNS = re.compile(r"\s+(?:linings?|bullets?|medals?|medallists?|spoons?|jubilee|anniversary|standard-bearer)\b")


def _metal_idiom(m: Mention, text: str) -> bool:
    """A commodity written in lower case as part of an idiom ('a silver lining in the yen's fall'): no metal."""
    return m.kb_kind == "commodity" and m.text.islower() and _IDIOM_NOUNS.match(text, m.end) is not None


_TITLE_AFTER = re.compile(r"\s+(?:Minister|Secretary|Commissioner|Ministry)\b")


def _no_name(m: Mention, doc: Doc, text: str) -> bool:
    """An unlinked mention that is no name: no capital at all ('the statistics bureau'), a currency ('Sterling
    fell', 'Weak yen'), a news feed's section tag ('SUMRX'), a role ('Strategists' of 'Strategists at Acme'), or a
    hyphenated compound of dictionary words capitalised only by the sentence's start ('Quick-commerce firm ...')."""
    if m.kind == "index":
        return False  # 'consumer staples <.SPLRCS>': a code makes it a name
    words = m.name.split()
    if m.name.lower() in _CURRENCY_NICKNAMES and text[max(0, m.start - 4):m.start].lower() == "the " or \
            m.name in _UNIT_ABBREVIATIONS or _CREDIT_RATING.fullmatch(m.name) or \
            m.name.lstrip("$") in FEED_SECTION_TAGS:
        return True  # ... or a feed's section tag ('$SUMRX: Asian Markets Close')
    if len(words) == 1 and _TITLE_AFTER.match(text, m.end) and is_word(doc.vocab, m.name.lower()):
        return True  # 'Economy' of 'Economy Minister Sylvie Bourgault': a portfolio in a job title
    if not any(c.isupper() for c in m.name) or m.name.lower() in _CURRENCY_NAMES or m.name.lower() in ROLE_AT \
            or len(words) > 1 and (words[-1] in ("Rate", "Rates") or words[-1] in _CURRENCY_NAMES):
        return True  # ... or a policy rate ('holds Bank Rate at 4.5%'), or a currency written so ('Swiss franc')
    if "-" not in m.name or any(c.isupper() for c in m.name[1:]):
        return False
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    return span is not None and span[0].is_sent_start and all(
        w.isalpha() and is_word(doc.vocab, w) for w in m.name.split("-") if w)


def _join_partners(mentions: list[Mention], text: str) -> list[Mention]:
    """'Challenger' + ', ' + 'Gray & Christmas': NER's two pieces of one firm named after its partners (a surname,
    a comma, then surnames joined by '&'), both unlinked, are one organisation."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if prev is not None and not prev.kb_id and not m.kb_id and text[prev.end:m.start] == ", " \
                and re.fullmatch(r"[A-Z][a-z]+", prev.text) and _PARTNERS_TAIL.fullmatch(m.text):
            whole = text[prev.start:m.end]
            out[-1] = replace(prev, name=whole, kind="organization", text=whole, end=m.end)
            continue
        out.append(m)
    return out


def initials(name: str) -> str:
    """The capitals that start the words of a name: "National People's Congress" -> 'NPC'."""
    return "".join(w[0] for w in re.split(r"[\s-]+", bare_name(name)) if w[:1].isupper())


def _abbreviation(m: Mention) -> str | None:
    """The letters of an abbreviation written in capitals ('NPC', 'U.A.E.'), else None."""
    letters = m.text.replace(".", "")
    return letters if 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper() else None


# an institution's head noun a text uses alone for one it named in full ('the Commission', 'the Fund')
_BACK_HEADS = frozenset({"fund", "bank", "exchange", "union", "parliament", "government", "tribunal"})


def _head_back_reference(m: Mention, before: list[Mention]) -> Mention:
    """[link.head-back-reference] 'the Commission' after 'the European Commission', 'the Fund' after 'the
    International Monetary Fund': an institution's head noun alone is the one KB organisation named earlier whose
    name ends with it; left alone when none or several do (not 'the Fund' after 'Kestrel Growth Fund')."""
    longer = {x.name: x for x in before if x.kb_id and x.kind in ("organization", "company")
              and " " in x.text.strip() and x.text.split()[-1].lower() == m.name.lower()}
    if len(longer) != 1:
        return m
    full = next(iter(longer.values()))
    return replace(m, name=full.name, kind=full.kind, ticker=full.ticker, kb_id=full.kb_id, link=LinkMethod.PREFIX,
                   confidence=LINK_CONFIDENCE[LinkMethod.PREFIX])


_OF_NAME = re.compile(r"\s(?:of|for)\s")  # an institution named after a place: 'Norland Chamber of Commerce'


def _short_form(m: Mention, before: list[Mention], later: Sequence[Mention] = ()) -> Mention:
    """"Acme's analyst" after 'Acme Capital', 'Delta' after 'Delta Air Lines', a headline's 'Greythorn' before its
    summary's 'Greythorn Bank': an unlinked one-word name (not a person's) that is the first word of one longer
    company or organisation named earlier in the text, or in ``later`` (the names after a headline's, for one in a
    headline), is that one."""
    if m.kb_id or m.kind not in ("company", "organization", "product", "place") or " " in m.name:
        return m
    if m.name.lower() in _OF_HEADS | _BACK_HEADS and (back := _head_back_reference(m, before)) is not m:
        return back
    if m.kind == "place":  # 'Tennessee' before 'the Tennessee Department of ...' is the state
        later = ()
    later = [x for x in later if not _OF_NAME.search(x.name)]  # nor 'Norland' before 'the Norland Chamber of ...'
    longer = {x.name: x for x in (*before, *later) if x.kind in ("company", "organization")
              and " " in x.name and x.name.split()[0] == m.name}
    if len(longer) != 1:
        return m
    full = next(iter(longer.values()))
    if full.kb_id:  # 'Delta' after 'Delta Air Lines'
        return replace(m, name=full.name, kind=full.kind, ticker=full.ticker, kb_id=full.kb_id, link=LinkMethod.PREFIX,
                       confidence=LINK_CONFIDENCE[LinkMethod.PREFIX])
    return replace(m, name=full.name, kind=full.kind)


def _headline_end(text: str) -> int:
    """Where a headline + summary item's headline ends (its first blank line, after one short line), else -1."""
    end = text.find("\n\n")
    return end if 0 < end <= 300 and "\n" not in text[:end] else -1


# a code in brackets after a name (its 's too) and up to three capitalised words NER left out ('Orvel Pumps (ORV)')
_CODE_AFTER = re.compile(r"(?:['’]s)?((?:\s+[A-Z][\w&.'’-]*){0,3}?)\s?\(\s?\$?([A-Z]{2,6})\s?\)")


def _code_owners(mentions: list[Mention], text: str) -> dict[str, int]:
    """'Nordvik Energi (NVKE)': an unlinked code in capitals in brackets right after a company's or an
    organisation's name is that name's (its ticker or abbreviation, whatever its letters), and so is the same code
    written anywhere else in the text, before it too ('$NVKE +3% ... Nordvik Energi (NVKE)'). A name NER calls a
    person owns a code its letters spell ('Halvard Pumps (HLVD)'): people have no tickers. Not an exchange's name
    ('(NYSE)') nor a code the KB links. By the code's letters, the index of its owner in ``mentions``
    (:func:`canonical` types such owners)."""
    linked = {m.start for m in mentions if m.kb_id}  # where a code the KB links stands: '(NYSE)'
    owners: dict[str, int] = {}
    for i, m in enumerate(mentions):
        found = _CODE_AFTER.match(text, m.end) if m.kind in ("company", "organization", "person") else None
        if found is None or found.group(1) and (
                any(m.end < o.start < found.start(2) - 1 for o in mentions[i + 1:i + 2]) or
                any(HEADLINE_VERBS.fullmatch(w.lower()) for w in found.group(1).split())):
            continue  # the words between are another name's or a verb's ('Loop Capital Upgrades Snap Inc (SNAP)')
        code, gap = found.group(2), found.group(1)
        if code in owners or found.start(2) in linked or code in PREFIX_EXCHANGES or m.kb_id and gap:
            continue  # a linked name's code comes right after it, not after more words
        if (m.kind != "person" and not gap) or code_letters_in(code, m.name + gap, from_first=True):
            owners[code] = i  # with words between, the code must spell the name ('Orvel Pumps (ORV)')
    return owners


def _cashtag_names(mentions: list[Mention]) -> dict[str, int]:
    """'$NVTX (+5.4% pre) Novatrix announces ...': an unlinked cashtag stands for the one company or organisation of
    the text whose name, as written (at most four words), its letters spell (a ticker of one or two letters: the
    name's initials), by its letters the index of that name in ``mentions``."""
    found: dict[str, int] = {}
    for code in {m.text[1:] for m in mentions if m.text.startswith("$") and not m.kb_id and m.text[1:].isalpha()}:
        names = {m.name: i for i, m in enumerate(mentions) if m.kind in ("company", "organization") and
                 not m.text.startswith("$") and len(m.text.split()) <= 4 and  # as written: not 'Fed' for '$FAS'
                 _spells_ticker(code, m.text)}
        if len(names) == 1:
            found[code.upper()] = next(iter(names.values()))
    return found


def _spells_ticker(code: str, name: str) -> bool:
    """A ticker's letters in a name, from its first letter, each the next letters of the same word or the first
    letter of a later one: 'TWLO' Twilio, 'CLR' Continental Resources, 'CS' Credit Suisse (not 'BNTC' Biohaven
    Pharmaceutical)."""
    words = [w for w in re.split(r"[\s-]+", name.lower()) if w]
    code = code.lower()

    def fits(k: int, w: int, c: int) -> bool:  # code[k:] from word w, after its character c
        if k == len(code):
            return True
        word = words[w]
        inside = any(fits(k + 1, w, j) for j in range(c + 1, len(word)) if word[j] == code[k])
        return inside or any(fits(k + 1, v, 0) for v in range(w + 1, len(words)) if words[v][:1] == code[k])

    return bool(words) and words[0][:1] == code[:1] and fits(1, 0, 0)


def _abbreviation_of(m: Mention, full: Mention) -> Mention:
    """``m`` as a short form of the name ``full``: its entity, linked by abbreviation when ``full`` is linked."""
    return replace(m, name=full.name, kind=full.kind, ticker=full.ticker, kb_id=full.kb_id,
                   link=LinkMethod.ABBREVIATION if full.kb_id else m.link,
                   confidence=LINK_CONFIDENCE[LinkMethod.ABBREVIATION] if full.kb_id else 0.0)


def canonical(mentions: list[Mention], text: str) -> list[Mention]:
    """One name per thing in a text: an abbreviation ('NPC') whose letters are the initials of a longer name
    written in the same text ("the National People's Congress") becomes that name's entity (linked or not), and so
    does a code in brackets right after a name ('Nordvik Energi (NVKE)'); a short form ('Acme') of an unlinked name
    written before it ('Acme Capital') takes that name, and so does one in a headline (before the text's first
    blank line) for a longer name its summary writes."""
    headline_end = _headline_end(text)
    owners = _code_owners(mentions, text)
    owners |= {code: i for code, i in _cashtag_names(mentions).items() if code not in owners}
    # a name that owns a code is a company when NER called it a person, or when the code is also a cashtag ('$FLS'):
    # an organisation's abbreviation in brackets ('(NATO)') is not written as a cashtag
    cashtags = {m.text[1:] for m in mentions if m.text.startswith("$")}
    listed = {i for code, i in owners.items() if code in cashtags or mentions[i].kind == "person"}
    mentions = [replace(m, kind="company") if i in listed and not m.kb_id else m for i, m in enumerate(mentions)]
    long_names = {}
    for m in mentions:
        if len(bare_name(m.name).split()) >= 2 and m.kind not in ("person",):
            long_names.setdefault(initials(m.name), m)
    out: list[Mention] = []
    def owner_of(m: Mention) -> int | None:  # the index of the name an unlinked code stands for
        return None if m.kb_id else owners.get(m.text.removeprefix("$"))

    for i, m in enumerate(mentions):
        m = _short_form(m, out, mentions[i + 1:] if m.end <= headline_end else ())
        owner = owner_of(m)
        if owner is not None and owner < i:
            m = _abbreviation_of(m, out[owner])
        letters = _abbreviation(m)
        full = long_names.get(letters) if letters and not m.kb_id else None
        if full is not None and full is not m:
            m = _abbreviation_of(m, full)
        out.append(m)
    for i, m in enumerate(out):  # a code written before the name it is defined for
        owner = owner_of(m)
        if owner is not None and owner > i:
            out[i] = _abbreviation_of(m, out[owner])
    return out


UNKNOWN = "unknown"  # a name NER missed that is kept only if its list makes it a company
_ADJECTIVAL = re.compile(r"-(?:based|listed|owned|backed|controlled|led|made|born|era|style|linked|focused|"
                         r"designate|elect)$", re.IGNORECASE)


def _before_adjectival(span: Span) -> bool:
    """Is ``span`` the first part of 'X-based', 'X-listed' ('Noida' of 'Noida-based')?"""
    doc, end = span.doc, span.end
    return end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ \
        and bool(_ADJECTIVAL.search("-" + doc[end + 1].text))


def _adjectival(span: Span) -> bool:
    """'Ho Chi Minh City-based', 'U.S.-listed': a description, not a name."""
    last = span[-1]
    return bool(_ADJECTIVAL.search(last.text)) or len(span) > 1 and span[-2].text == "-" and \
        bool(_ADJECTIVAL.search("-" + last.text))


_MONTH_ABBR = re.compile(r"(?:" + MONTHS + r")\.?")
_RESULTS_PERIOD = re.compile(r"Q[1-4]|H[12]|[1-4]Q|FY'?\d{2,4}|Q[1-4]FY\d{2,4}")  # case as written: 'Q1', 'FY15'
# a results period written as a code is no word of a name: 'FY24', "Q3'25", '1Q24', 'Q1FY25', and alone 'Q1', 'H1',
# 'FY', '4Q' (one pattern: a second definition further down had silently replaced this one for the whole module)
_PERIOD_CODE = re.compile(r"(?:FY|CY|Q[1-4]|H[12]|[1-4]Q|[12]H)'?\d{2,4}|(?:Q[1-4]|H[12])FY\d{2,4}|Q[1-4]|H[12]|FY\d*|"
                          r"\d?Q", re.IGNORECASE)
_MARKET_WORDS = {"midcap", "midcaps", "smallcap", "smallcaps", "largecap", "largecaps", "microcap", "microcaps",
                 "bluechip", "bluechips", "nifty", "sensex"}
_DEMONYM = re.compile(r"(?:an|ans|ese|ish|ic|ics|i|is|ch|ss|ek|eks)$")


RULE_DATE_SLIP = "kind.date-slip"
# words of dates and times; a capitalised word of NER's date that is none of these is a name ('Acme last week')
_DATE_WORDS = frozenset("""
january february march april may june july august september october november december jan feb mar apr jun jul aug
sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thurs fri sat sun
last next this that the early late mid end start beginning fiscal financial calendar year years month months week
weeks day days quarter quarters half weekend season spring summer autumn fall winter today tomorrow yesterday
tonight morning afternoon evening night noon midnight ago first second third fourth previous prior past coming same
each every recent several few decade century annual daily weekly monthly overnight hour hours minute minutes
christmas easter thanksgiving ramadan eid diwali hanukkah passover halloween juneteenth new lunar golden black
cyber good labor labour memorial independence boxing veterans presidents columbus valentine mother father year-end
""".split())


def _date_slip(tok: Token) -> bool:
    """[kind.date-slip] Is ``tok`` a name NER read as the start of a date ('Acme last week', 'Zorvex' alone)?
    The date's leading run of capitalised words that are no date words ('Last', 'Monday', 'Easter' are)."""
    if tok.ent_type_ not in ("DATE", "TIME"):
        return False
    doc, k = tok.doc, tok.i
    while k >= 0 and doc[k].ent_type_ == tok.ent_type_:
        t = doc[k]
        if not (t.text[:1].isupper() and t.is_alpha and t.lower_ not in _DATE_WORDS):
            return False
        if t.ent_iob_ == "B":
            return True
        k -= 1
    return False


def _possessed(tok: Token) -> bool:
    """A possessive follows: "Velmarian's market value" is a name's, though it ends like a nationality."""
    return tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].text in ("'s", "’s")


def _name_token(tok: Token, inner: bool = False) -> bool:
    """A word that may be (part of) a name NER missed; ``inner``: not the first word (a legal form may be)."""
    text = tok.text
    if tok.ent_type_ and not _date_slip(tok) and not (
            tok.ent_type_ == "NORP" and (not _DEMONYM.search(tok.lower_) or _possessed(tok))
            and tok.lower_ not in _NATIONALITIES and is_word(tok.vocab, text) is False):
        return False  # NER's 'NORP' for an unknown name ('Zorvia', "Velmarian's"), not for 'Chinese' or 'Republicans'
    return name_like(tok) and not tok.is_punct and not is_common_acronym(text) \
        and text not in _CURRENCY_CODES and text.upper() not in _NOT_NAMES and not tok.like_num \
        and not (tok.is_stop and not tok.is_upper) and not _ADJECTIVAL.search(text) and tok.lower_ not in ROLE_TITLES \
        and (inner or tok.lower_ not in COMPANY_FORMS) and not _PERIOD_CODE.fullmatch(text) \
        and not _month_quarter(tok.doc, tok.i)


def _sentence_break(doc: Doc, j: int) -> bool:
    """Does a sentence start at token ``j``? Not where the parser starts one between two words of a name, after a
    plain space ('Dunmore | Homes' chief executive ...')."""
    return doc[j].is_sent_start and not capital_next_to(doc, j, j - 1)


def _unlabelled_names(doc: Doc, taken: list[tuple[int, int]]) -> list[Span]:
    """Runs of name words that NER left untyped ('Acme', 'Foo Lombard'), outside mentions and codes; not in
    title-case headlines (a lone dictionary word opening a sentence, 'Shares', is left to the caller: see
    :func:`_opener`)."""
    out, i, n = [], 0, len(doc)
    while i < n:
        if not _name_token(doc[i]):
            i += 1
            continue
        j = i + 1
        while j < n and not _sentence_break(doc, j) and (_name_token(doc[j], True) or doc[j].text in ("&", "-")
                                                       and j + 1 < n and _name_token(doc[j + 1], True)
                                                       and not doc[j].whitespace_):
            j += 1
        span = doc[i:_cut_at_title(doc, i, j)]
        i = j
        if span.end + 1 < n and doc[span.end].text == "-" and _ADJECTIVAL.search("-" + doc[span.end + 1].text):
            continue  # 'Leeds' of 'Leeds-based'
        if not _overlaps(span, taken) and headline_like(span):  # a brand's word is a name even there
            out.extend(doc[t.i:t.i + 1] for t in span if _camel_name(t))  # ('EaseMyTrip Files Rs ...')
            continue
        if _overlaps(span, taken) or span.start > 0 \
                and doc[span.start - 1].text[:1].isupper() and doc[span.start - 1].lower_ in ROLE_TITLES:
            continue  # 'Chief Equity Strategist': part of a job title
        if len(span.text) < 2 or any(t.lower_ in _MARKET_WORDS for t in span):
            continue
        out.append(span)
    return out


def _listed_with(span: Span, mentions: list[Mention], text: str) -> bool:
    """Is ``span`` written in a list with one of ``mentions`` ('Foo, Bar and Baz')?"""
    for m in mentions:
        gap = text[m.end:span.start_char] if m.end <= span.start_char else text[span.end_char:m.start]
        if len(gap) < 40 and (m.end <= span.start_char or m.start >= span.end_char) and _LIST_GAP.fullmatch(gap):
            return True
    return False


RULE_SHORT_NAME = "kind.short-name"


# first words of company names that are no name on their own ('General' of 'General Widgets')
_FIRST_NOT_SHORT = frozenset({"general", "national", "united", "first", "new", "royal", "global", "international",
                              "the", "bank", "banco", "banca", "grupo", "groupe", "gruppo", "china", "great", "north",
                              "south", "east", "west", "central", "standard", "state", "western", "eastern",
                              "northern", "southern", "american", "pacific", "atlantic", "asia", "euro", "world"})


def _first_words(known: Iterable[Mention]) -> dict[str, str]:
    """[kind.short-name] The first words of the longer company and organisation names of a text ('Faraday' of
    'Faraday Motors'), unless that word is a nationality or a common first word of names ('General' of 'General
    Widgets'; a place the KB knows is dropped later): a name NER missed that is such a word is that company written short ('Faraday
    warned ...'), with its kind."""
    out = {}
    for m in known:
        words = m.text.split()
        if len(words) > 1 and len(words[0]) > 2 and words[0][:1].isupper() and words[0].isalpha() \
                and words[0].lower() not in _NATIONALITIES and words[0].lower() not in _FIRST_NOT_SHORT:
            out.setdefault(fold(words[0]), m.kind)
    return out


def _opener(span: Span) -> bool:
    """A lone dictionary word opening a sentence ('Shares', 'Sabre'): capitalised perhaps only because it opens
    it, so kept only when the text names it so elsewhere ('Sabre <SBRE.L> ... Sabre shares'), or when the tagger
    reads it as a proper noun and the words around it are evidence ('Signal said it would'); never for standing in
    a list."""
    first = span[0]
    return _opens(first) and len(span) == 1 and first.is_title and is_word(span.doc.vocab, first.text) is not False


def _opens(tok: Token) -> bool:
    """Does ``tok`` open a sentence (or a quotation, a bullet, a parenthesis)?"""
    doc = tok.doc
    return tok.is_sent_start or tok.i > 0 and doc[tok.i - 1].is_punct and doc[tok.i - 1].text in "\"“'*(-"


def _bare_opener(m: Mention, doc: Doc, evidenced: set[int]) -> bool:
    """An unlinked one-word company, organisation or product NER found opening a sentence where the tagger reads
    no proper noun and the word is a dictionary word or the comparative of one ('Loans rose', 'Weaker demand'), or
    such a place where the tagger reads an imperative ('"Strip out the noise"'),
    with no evidence that it names anything (an adjective there is none, whatever the words after it:
    'Wholesale inventories fell') and not written capitalised anywhere else in the text."""
    if m.kb_id or m.kind not in ("company", "organization", "product", "place"):
        return False
    span = doc.char_span(m.start, m.end)
    if m.kind == "place" and (span is None or span[0].tag_ != "VB"):
        return False  # a place only when the tagger reads a verb's base form: '"Strip out the noise," said ...'
    if span is None or len(span) != 1 or not _opens(span[0]) or not span[0].is_title \
            or span[0].tag_ in ("NNP", "NNPS") or not _common_word(span[0]):
        return False  # a name-like word ('Glenmorra rose', 'Brenvik trades') or a proper noun to the tagger stays
    if id(m) in evidenced and not _adjective_before_noun(span):
        return False  # evidence keeps a name, not an adjective opening the sentence ('Wholesale inventories fell')
    return all(t.is_sent_start for t in doc if t.text == m.text and t.i != span.start)  # 'Loans Direct' elsewhere


def _adjective_before_noun(span: Span) -> bool:
    """A one-word opener (see :func:`_bare_opener`) the tagger reads as an adjective, before a lower-case noun that
    is not said of a company ('Wholesale inventories', not 'Osprey shares' or 'Dish TV')."""
    if span.end >= len(span.doc):
        return False
    nxt = span.doc[span.end]
    return span[0].tag_ == "JJ" and nxt.is_lower and nxt.tag_ in ("NN", "NNS") and \
        nxt.lower_ not in COMPOUND_NOUNS and nxt.lower_ not in OWNED_BY_COMPANY


def _common_word(tok: Token) -> bool:
    """A dictionary word, or an adjective's comparative of one ('Weaker', 'Firmer': the word list has 'weak')."""
    if is_word(tok.vocab, tok.text):
        return True
    low = tok.lower_
    stems = [low[:-2], low[:-1]] if low.endswith("er") else [low[:-3], low[:-2]] if low.endswith("est") else []
    return tok.tag_.startswith("JJ") and any(len(w) > 2 and is_word(tok.vocab, w) for w in stems)


def _unlabelled_kind(span: Span, same: Mention | None, first_words: dict[str, str], linker: _Linker) -> str | None:
    """The kind of a name NER missed, on evidence (see :func:`_add_unlabelled`); None without any."""
    doc = span.doc
    titled = span.end < len(doc) and doc[span.end].text[:1].isupper() and doc[span.end].lower_ in ROLE_TITLES \
        and all(is_word(doc.vocab, t.text) for t in span)  # 'Market' of 'Jane Doe, Market Strategist'
    kind = form_kind(span) or (same.kind if same else None) or first_words.get(fold(span.text)) or (
        left_context_kind(span, "") if titled else context_kind(span, "") or listed_kind(span, "")) or \
        outlet_context(span)
    if kind is None and (voice := acronym_voice_kind(span) or voice_kind(span)) \
            and not linker.known_person(span.text):
        kind = voice[0]  # 'Brackwell declined to comment' after 'Jane Brackwell' stays no company
    return kind


RULE_COINED = "kind.coined-name"


_FORM_ENDS = COMPANY_FORMS | {"reit", "reits"}  # a company's form written after its name
_RATING_CODE = re.compile(r"(?:Aaa|Aa|A|Baa|Ba|B|Caa|Ca)[1-3]?")


_NER_NAMES = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})  # a coined word before one is part of it
_NAME_PARTICLES = frozenset({"du", "de", "da", "di", "van", "von", "der", "den", "le", "la", "del", "bin", "al", "ibn"})
_EPONYM_NOUNS = frozenset({"disease", "drug", "drugs", "treatment", "patients", "therapy", "syndrome", "law"})


# a word capitalised inside as brands are ('EaseMyTrip', 'OrganiGram'): a name whatever tag the tagger gives it
_CAMEL = re.compile(r"[A-Z][a-z]+(?:[A-Z][a-z]+)+")


def _camel_name(tok: Token) -> bool:
    """A brand's word capitalised inside, not a hashtag's or a handle's ('#MarketScreener', '@TheStreet')."""
    before = doc_text(tok.doc)[max(0, tok.idx - 1):tok.idx]
    return _CAMEL.fullmatch(tok.text) is not None and before not in ("#", "@")


def _coined(tok: Token, linker: _Linker) -> bool:
    """A capitalised word of no dictionary that no gazetteer knows as a place or a person and no person of the text
    bears; not all capitals (acronyms: 'FII', 'GST'), not a rating ('Baa2'), four letters or more; not a
    surname after a particle ('du Toit'), an eponym ("Alzheimer's drug") or a model ('787 Dreamliner',
    'Starfall 2')."""
    word, doc, i = tok.text, tok.doc, tok.i
    before = [t for t in doc[max(0, i - 3):i] if not t.is_space]
    prev = before[-1] if before else None
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    if prev is not None and (prev.lower_ in _NAME_PARTICLES and prev.text.islower() or prev.like_num
                             or prev.text[:1].isupper() and prev.is_alpha or prev.text == ":" and nxt is None
                             or prev.text == "&") \
            or nxt is not None and (nxt.like_num and len(nxt.text) <= 2 or nxt.ent_type_ in _NER_NAMES
                                    or nxt.text in ("'s", "’s") and i + 2 < len(doc)
                                    and doc[i + 2].lower_ in _EPONYM_NOUNS):
        return False  # 'Anoop' of 'Anoop Kumar Gupta', ': Raheja' (people), 'Ipanora' + NER's 'Varejo', '& Keane'
    return len(word) >= 4 and word[:1].isupper() and word.isalnum() and word[1:2].isalpha() \
        and sum(c.isdigit() for c in word) * 2 < len(word) and not re.fullmatch(r"[A-Z]+s?", word) \
        and not tok.ent_type_ and (tok.tag_ in ("NNP", "NN") or _camel_name(tok)) \
        and not _RATING_CODE.fullmatch(word) \
        and is_word(tok.vocab, word) is False and not _derived_word(tok) and not linker.known_place(word) \
        and not linker.known_person(word) and word.lower() not in _NATIONALITIES


_PREFIXES = ("up", "down", "intra", "inter", "multi", "il", "ir", "un", "non", "re", "de", "over", "under", "out",
             "counter", "pre", "post", "sub", "super", "mid", "mis", "dis", "anti", "pro", "co")
_SUFFIXES = ("ity", "ability", "ibility", "able", "ness", "ment", "ing", "ging", "ed", "er", "ers", "s", "gate")


def _stems(low: str) -> list[str]:
    """``low`` with one prefix or one suffix taken off, three letters or more left."""
    stems = [low[len(p):] for p in _PREFIXES if low.startswith(p)] + \
        [low[:-len(suf)] for suf in _SUFFIXES if low.endswith(suf)]
    return [w for w in stems if len(w) >= 3]


def _derived_word(tok: Token) -> bool:
    """An English word the word list lacks but makes from one it has, by a prefix or a suffix taken off once or
    twice: 'Uptrend', 'Illiquidity', 'Intraday', 'Divestment', 'Rejigging' ('jigging' -> 'jig'), 'Leakgate' (a
    scandal), 'Affordability' ('afford')."""
    return any(is_word(tok.vocab, w) or any(is_word(tok.vocab, v) for v in _stems(w)) for w in _stems(tok.lower_))


def coined_names(doc: Doc, mentions: list[Mention], linker: _Linker, code_ranges: list[tuple[int, int]]
                 ) -> list[Mention]:
    """[kind.coined-name] One capitalised word of no dictionary that NER and the evidence rules left alone is a
    brand or a firm, kept as an unlinked organisation ('Velmora to raise funds', 'Halvex eyes listing'), or a
    company when a commodity's name follows it ('Merrion Gold': a producer, not the metal); after every other
    rule, so that evidence or the same name elsewhere types it first."""
    taken = [(m.start, m.end) for m in mentions] + code_ranges
    added = []
    for span in _unlabelled_names(doc, taken):
        if len(span) != 1 or not _coined(span[0], linker):
            continue
        longer = _longer_name(span)  # 'Velmora' + 'Textiles'
        if longer and not _overlaps(doc[span.start:longer], taken):
            span = doc[span.start:longer]
        end = span.end
        if end < len(doc) and doc[end].lower_ in _FORM_ENDS and doc[end].text[:1].isupper() \
                and not _overlaps(doc[end:end + 1], taken):
            span = doc[span.start:end + 1]  # 'Arundel' + 'REIT', 'Velmora' + 'Ltd'
        kind = "company" if span[-1].lower_ in _FORM_ENDS else form_kind(span) or "organization"
        metal = next((m for m in mentions if m.start == span.end_char + 1 and m.kb_kind == "commodity"
                      and " " not in m.text and m.text[:1].isupper()), None)
        joined = doc.char_span(span.start_char, metal.end) if metal is not None else None
        if joined is not None:  # 'Merrion Gold leaps', 'Gorvane Copper': a producer named for its commodity
            mentions = [m for m in mentions if m is not metal]
            span, kind = joined, "company"
        m = linker.link_or_keep(span, kind, False)
        if m is not None:
            added.append(m)
    return sorted(mentions + added, key=lambda m: m.start) if added else mentions


def _add_unlabelled(doc: Doc, text: str, linker: _Linker, mentions: list[Mention], code_ranges: list[tuple[int, int]]
                    ) -> list[Mention]:
    """Names NER missed, kept when they name a company or organisation on evidence: their form ('Acme Corp'),
    the words around them ('shares of Acme', 'Acme analysts'), or the same name typed so elsewhere in the
    text; or, as UNKNOWN, when they stand in a list with other names, for the list to decide."""
    taken = [(m.start, m.end) for m in mentions] + code_ranges
    known = {fold(m.text): m for m in mentions if m.kind in ("company", "organization")
             and (m.kb_id or id(m) in linker.evidenced)}
    # a longer name NER typed so elsewhere in the text, on its label alone: the same name again ('Auberon Energy'
    # of the headline, then of the first sentence)
    named = {fold(m.text): m for m in mentions if m.kind in ("company", "organization") and " " in m.text.strip()}
    first_words = _first_words(m for m in mentions if m.kind in ("company", "organization"))
    added = []
    for span in _unlabelled_names(doc, taken):
        span = _with_domain(span)
        if added and span.start_char < added[-1].end:
            continue
        if _facility_place(span):  # 'its Skarvholm processing plant': where the plant is
            m = linker.link_or_keep(span, "place", True)
            added += [m] if m is not None else []
            continue
        same = known.get(fold(span.text))
        kind = _unlabelled_kind(span, same or named.get(fold(span.text)), first_words, linker)
        if _opener(span) and not (same or fold(span.text) in first_words or kind and span[0].tag_ == "NNP"):
            continue  # 'Shares' opening a sentence: capitalised because it opens it
        if kind is None and (_opener(span) or not (_listed_with(span, mentions + added, text)
                                                   or _LIST_INTRO.search(text, max(0, span.start_char - 40),
                                                                         span.start_char))):
            continue
        if kind and linker.place_or_person(span.text):
            continue  # 'Hong Kong shares': a place the KB knows
        prev = next((m for m in reversed(mentions) if m.end <= span.start_char), None)
        if prev is not None and kind and prev.kind in ("company", "organization", "person", "place") \
                and text[prev.end:span.start_char] == " " and prev.text[-1:].isalnum():
            joined = doc.char_span(prev.start, span.end_char)  # "O'Malley" + 'Automotive'
            if joined is not None:
                linked = prev.kb_id and prev.kind in ("company", "organization")
                merged = _mention(linker.kb.get(prev.kb_id), joined, prev.link, prev.confidence) if linked \
                    else linker.link_or_keep(joined, kind, True)
                if merged is not None:
                    mentions = [merged if m is prev else m for m in mentions]
                    continue
        nxt = _joinable_after(span, kind, mentions, text)
        if nxt is not None:  # 'Aldana' + 'Cement' (NER's organisation): one name
            joined = doc.char_span(span.start_char, nxt.end)
            merged = linker.link_or_keep(joined, form_kind(joined) or kind, True) if joined is not None else None
            if merged is not None:
                mentions = [merged if m is nxt else m for m in mentions]
                continue
        if same is not None and same.kb_id:
            m = _mention(linker.kb.get(same.kb_id), span, same.link, same.confidence)
        elif kind:
            m = linker.link_or_keep(span, kind, True)
        else:
            m = Mention(name=span.text, kind=UNKNOWN, ticker=None, text=span.text, start=span.start_char,
                        end=span.end_char)
        if m is not None:
            added.append(m)
    return sorted(mentions + added, key=lambda m: m.start) if added else mentions


def _joinable_after(span: Span, kind: str | None, mentions: list[Mention], text: str) -> Mention | None:
    """The unlinked organisation or company NER found right after ``span`` (one space between), which a name NER
    missed but evidence types runs into: 'Aldana' + 'Cement' of 'Aldana Cement said ...'."""
    if not kind or kind not in ("company", "organization") or not span.text[-1:].isalnum():
        return None
    nxt = next((m for m in mentions if m.start >= span.end_char), None)
    if nxt is None or nxt.kb_id or nxt.kind not in ("company", "organization") \
            or text[span.end_char:nxt.start] != " ":
        return None
    return nxt


_RETYPABLE = ("person", "place", "product")
# what may stand between two names of a list: their codes, a comma, 'and' / 'or'
_LIST_GAP = re.compile(r"\s*(?:<[^<>]{1,30}>\s*|\((?:[A-Z]+\s*:\s*)?[A-Z0-9.]{1,12}\)\s*)*"
                       r"(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|&\s+)$")
_INTRO_NOUNS = (r"(?:companies|firms|groups|banks|lenders|brands|makers|producers|manufacturers|retailers|insurers|"
                r"startups|start-ups|names|carriers|airlines|miners|suppliers|platforms|chains|giants|operators)")
# 'companies such as ...': a list, or one name, of companies
_LIST_INTRO = re.compile(r"\b" + _INTRO_NOUNS + r"\s*,?\s*(?:such\s+as|including|like)\s+$")
# 'eVTOL firms - Lilium, Vertical Aerospace and Volocopter': only a list
_LIST_INTRO_PUNCT = re.compile(r"\b" + _INTRO_NOUNS + r"\s*(?:\s[-–—]|:)\s+$")


def _retype(m: Mention, kind: str) -> Mention:
    return Mention(m.name, kind, m.ticker, m.text, m.start, m.end, m.kb_id, m.link)


def _lists(mentions: list[Mention], text: str) -> list[list[int]]:
    """Mentions written as a list, as indices into ``mentions``: 'Acme, Foo and Bar', 'Foo and Bar'. A list ends
    at the member after 'and' / 'or'; commas alone make no list ('Jane Doe, Acme Corp' is a person and her
    firm)."""
    runs, cur, closed = [], [0] if mentions else [], False
    for i in range(1, len(mentions)):
        gap = text[mentions[i - 1].end:mentions[i].start]
        if not closed and len(gap) < 40 and _LIST_GAP.fullmatch(gap):
            cur.append(i)
            closed = bool(re.search(r"\b(?:and|or)\s+$|&\s+$", gap))
            continue
        if closed:
            runs.append(cur)
        cur, closed = [i], False
    if closed:
        runs.append(cur)
    return runs


def consistent_kinds(mentions: list[Mention], evidenced: set[int], text: str) -> list[Mention]:
    """One kind per name in a text, and per list. An unlinked person, place or product is re-typed as a company
    (or organisation) when the same name is one elsewhere in the text on evidence (a KB link, a code, a legal
    form, context), and an organisation on NER's label alone as a company when the same name is a company on
    evidence; a one-word person when it is the first word of such a company ('Ellison' after 'Ellison
    Management'); a list member when another member of its list is a company on evidence ('Acme <ACME.N>,
    Foo and Bar'), or the list is introduced as companies ('companies such as Foo, Bar and Baz')."""
    strong = {fold(m.name): m.kind for m in mentions
              if m.kind in ("company", "organization") and (m.kb_id or id(m) in evidenced)}
    weak = {fold(m.name): m.kind for m in mentions if m.kind in ("company", "organization")}
    first = {fold(m.name).split()[0]: m.kind for m in mentions if m.kind in ("company", "organization")
             and len(m.name.split()) > 1 and len(m.name.split()[0]) > 2}
    out = list(mentions)
    for i, m in enumerate(out):
        bare_org = m.kind == "organization" and id(m) not in evidenced  # NER's label alone
        if m.kb_id or m.kind not in _RETYPABLE and not bare_org:
            continue
        key = fold(m.name)
        if bare_org:
            if strong.get(key) == "company":
                out[i] = _retype(m, "company")  # 'Argo' before "Argo's founders"
            continue
        kind = strong.get(key) or (weak.get(key) if m.kind == "person" else None) or \
            (first.get(key) if m.kind in ("person", "product") and " " not in key else None) or \
            next((k for name, k in strong.items() if name.startswith(key + " ") and " " in key), None)
        if kind:
            out[i] = _retype(m, kind)
    for run in _lists(out, text):
        members = [out[i] for i in run]
        intro = _LIST_INTRO.search(text, max(0, members[0].start - 40), members[0].start) or \
            _LIST_INTRO_PUNCT.search(text, max(0, members[0].start - 40), members[0].start)
        company = intro or any(m.kind == "company" and (m.kb_id or id(mentions[i]) in evidenced)
                               for i, m in zip(run, members))
        organization = any(m.kind == "organization" and m.kb_id for m in members)
        for i in run:
            m = out[i]
            if m.kb_id or m.kind not in ("person", "place", "organization", "product", UNKNOWN) \
                    or not all(w[:1].isupper() or w[:1].isdigit() or w in ("&", "of", "and") for w in m.text.split()) \
                    or text.startswith(("'s ", "’s "), m.end):
                continue  # (not a possessor before the member: "Foo <FOO.MI> and Portugal's Banco Alcoveia")
            if company:
                out[i] = _retype(m, "company")
            elif organization and m.kind in ("person", "product", UNKNOWN):
                out[i] = _retype(m, "organization")
    for i, m in enumerate(out):  # a name alone after 'platforms such as'
        if (m.kind == UNKNOWN or not m.kb_id and m.kind in _RETYPABLE) \
                and _LIST_INTRO.search(text, max(0, m.start - 40), m.start):
            out[i] = _retype(m, "company")
    return out


RULE_OPENING_WORD = "kind.opening-word"
# 'Zorvexa unit Quillon', 'Zorvexa rival Quillon': nouns that relate two companies (the first is a name)
_RELATIONAL = frozenset({"unit", "subsidiary", "affiliate", "parent", "rival", "rivals", "peer", "peers", "partner",
                         "owner", "backer", "competitor", "competitors", "investor", "investors"})
# 'Diesel prices fell': what a commodity's name opening a sentence is followed by
_COMMODITY_AFTER = frozenset({"prices", "price", "futures", "demand", "output", "inventories", "stockpiles",
                              "supplies", "exports", "imports", "production"})


def _opening_word(span: Span) -> str | None:
    """[kind.opening-word] A lone dictionary word opening a sentence is capitalised because it opens it:
    'Fintech group Paymatic' (a description before a company noun and a name: None, no mention), 'Diesel prices
    fell' (a commodity before 'prices', 'futures', 'demand': 'product'). Not a name the knowledge base knows (the
    ruler links those before NER), nor a word that is no dictionary word ('Zorvexa prices its bonds')."""
    first, doc = span[0], span.doc
    if len(span) != 1 or not first.is_sent_start or span.end + 1 >= len(doc) or not first.is_title:
        return None
    sector = first.lower_.endswith(("tech", "maker", "makers"))  # 'Fintech', 'Chipmaker': not in the word list
    if not sector and is_word(doc.vocab, first.text) is not True:
        return None
    nxt, after = doc[span.end], doc[span.end + 1]
    if company_noun(nxt) and nxt.lower_ not in _RELATIONAL and name_like(after) and not after.is_punct:
        return "none"
    return "product" if nxt.lower_ in _COMMODITY_AFTER and not nxt.text[:1].isupper() else None


# company nouns that also begin names ('Bank Mandiri', 'Group Lotus', 'Fund Acme'): never trimmed off a name
_NAME_STARTS = frozenset({"bank", "banks", "group", "groups", "exchange", "house", "fund", "funds", "trust", "union",
                          "network", "platform", "studio", "brand", "brands", "daily", "unit", "parent", "partner",
                          "chain", "app", "association", "agency", "magazine", "newspaper", "utility", "utilities"})


# the '-tech' nouns of a field ('Fintech Orvane Pay'), not a coined name that ends in 'tech' ('Comtech', 'Ultratech')
_TECH_NOUN = re.compile(r"(?:bio|fin|med|ed|insur|prop|agri|agri-|health|clean|climate|food|reg|ad|legal|deep|"
                        r"hi-|high-|green|space|auto)tech")


def _without_descriptor(span: Span) -> Span:
    """[kind.opening-word] 'Brokerage Ardmore Partners', 'Chipmaker Kestrel Semiconductor': a company noun
    opening a sentence, run by NER into the name after it, is a description, not part of the name."""
    first = span[0]
    low = first.lower_
    described = low in COMPANY_NOUNS or (low.endswith("maker") or _TECH_NOUN.fullmatch(low)) and not (
        len(span) == 2 and span[1].lower_ in COMPANY_WORDS)
    if len(span) > 1 and first.is_sent_start and first.is_title and described \
            and low not in _NAME_STARTS and name_like(span[1]) and not span[1].is_punct:
        return span[1:]  # not 'Ultratech Cement': a coined word before a company word is the name's own
    return span


_AMPERSAND_INITIALS = re.compile(r"[A-Z]{1,3}&[A-Z]{1,3}")


def ampersand_initials(mentions: list[Mention]) -> list[Mention]:
    """[kind.ampersand-initials] Initials joined by '&' ('L&T', 'M&M') are a firm's, never a place or a person."""
    return [_retype(m, "company") if m.kind in ("place", "person") and not m.kb_id
            and _AMPERSAND_INITIALS.fullmatch(m.text) else m for m in mentions]


RULE_UNKNOWN_PLACE = "kind.unknown-place"
# words that put a name on a map: 'near Velkerton', 'the town of Velkerton', 'Velkerton province'
_MAP_BEFORE = frozenset({"near", "outside", "around", "across", "throughout", "towards", "toward"})
_MAP_NOUNS = frozenset({"city", "town", "village", "province", "region", "state", "county", "district", "port",
                        "island", "islands", "area", "suburb", "municipality", "prefecture", "valley", "river"})


def _unknown_place(doc: Doc, m: Mention, places: frozenset[str], persons: set[str]) -> bool:
    """See :func:`unknown_places`."""
    text = m.text.strip()
    bare = text[4:] if text.lower().startswith("the ") else text
    if " " in bare or len(bare) < 3 or not bare[:1].isupper() or any(c.isdigit() for c in bare) \
            or bare.isupper() and len(bare) <= 3 or fold(bare) in places or fold(bare) in persons:
        return False
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or is_word(doc.vocab, bare) is not False:
        return False  # the word list holds the common place names ('Sichuan', 'Bavaria')
    before = [t.lower_ for t in doc[max(0, span.start - 2):span.start]]
    if before[-1:] and before[-1] in _MAP_BEFORE or before[-2:-1] and before[-2] in _MAP_NOUNS and before[-1] == "of":
        return False  # 'near Velkerton', 'the town of Velkerton'
    nxt = doc[span.end] if span.end < len(doc) else None
    return nxt is None or not (name_like(nxt) and not nxt.is_punct or nxt.lower_ in _NAME_CONNECTORS
                               or nxt.lower_ in _MAP_NOUNS)


def unknown_places(doc: Doc, mentions: list[Mention], evidenced: set[int]) -> list[Mention]:
    """[kind.unknown-place] An unlinked one-word name NER called a place, that no gazetteer knows (neither the
    KB nor the GeoNames list of countries, capitals, US states, continents and towns of 15,000 people or more:
    ``nlp.retyper.place_names``) and that is no dictionary word (the word list holds the common names of
    regions and provinces), is an organisation: 'a stake in Zorvex', 'Quillon said it'. Not when the text names
    it as (part of) a person's name ('Maslany' after 'Tatiana Maslany'), not initials ('CZ'), not with digits,
    not the first word of a longer name ('Compagnia di ...', 'Zorvex France'), not where the words around it
    put it on a map ('near Velkerton', 'the town of Velkerton', 'Velkerton province'). Without the gazetteer
    file nothing changes."""
    places = place_names()
    if not places:
        return mentions
    persons = {fold(w) for m in mentions if m.kind == "person" for w in m.text.split()}
    return [_retype(m, "organization") if m.kind == "place" and not m.kb_id and id(m) not in evidenced
            and _unknown_place(doc, m, places, persons) else m for m in mentions]


RULE_LOCATED_PLACE = "kind.located-place"


def located_places(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """[kind.located-place] An unlinked one-word name after 'in' / 'at' / 'near' and before a comma and a place
    ('its assembly plant in Bellmont, Ohio', 'a mine near Varna, Bulgaria') is a place, whatever NER called it."""
    places = [(m.start, m.end) for m in mentions if m.kind == "place"]
    out = []
    for i, m in enumerate(mentions):
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if m.kind in ("organization", "company") and not m.kb_id and " " not in m.text.strip() and \
                nxt is not None and (nxt.start, nxt.end) in places and doc_text(doc)[m.end:nxt.start] == ", " and \
                re.search(r"\b(?:in|at|near|outside)\s+$", doc_text(doc)[max(0, m.start - 8):m.start]) and \
                re.match(r"\s*(?:[,.;)]|$)", doc_text(doc)[nxt.end:nxt.end + 2]):  # not "in Orrel, Germany's biggest"
            m = _retype(m, "place")
        out.append(m)
    return out


RULE_SURNAME = "kind.surname"


def surnames(mentions: list[Mention], evidenced: set[int]) -> list[Mention]:
    """[kind.surname] An unlinked one-word organisation or company that nothing but NER's label types, written
    after a person named in full whose last name it is ('Jane Holloway ... Holloway warned'), is that person
    (named in full): news names people in full once, then by surname."""
    out, persons = list(mentions), {}
    for i, m in enumerate(mentions):
        words = m.name.split()
        if m.kind == "person" and len(words) > 1:
            persons.setdefault(words[-1], m.name)
        elif m.kind in ("organization", "company") and not m.kb_id and id(m) not in evidenced \
                and " " not in m.text.strip() and m.text.strip() in persons:
            out[i] = replace(m, kind="person", name=persons[m.text.strip()])
    return out


RULE_DESCRIBED_HEADLINE = "kind.described-in-summary"
_DESCRIBED_MAX_WORDS = 5  # 'The Paris-based luxury group': the description's noun within five words of 'The'
_PERSON_HEADLINE = frozenset({"ceo", "cfo", "boss", "chair", "head", "quits", "resigns", "appointed", "named",
                              "hires", "hired", "dies", "steps", "ousted", "sacked", "fired", "retires"})
_PERSON_NOUNS = frozenset({"investor", "investors", "manager", "managers", "partner", "owner", "backer", "broker",
                           "brokers", "stockbroker", "rival", "peer", "competitor"})  # said of people too


def described_headline(doc: Doc, mentions: list[Mention], evidenced: set[int]) -> list[Mention]:
    """[kind.described-in-summary] A feed item's headline that opens with a name NER calls a person, and a summary
    that opens with a description only an organisation has ('The steelmaker still expects ...', 'The Italian rail
    operator now expects ...', "The Paris-based luxury group's revenue"): the name is that company (or an
    organisation: 'The rights group said'). A person's summary describes a person ('The billionaire')."""
    text = doc_text(doc)
    cut = text.find("\n\n")
    first = mentions[0] if mentions else None
    if cut < 0 or "\n" in text[:cut] or first is None or first.kind != "person" or first.kb_id \
            or id(first) in evidenced or first.end > cut or text[:first.start].strip():
        return mentions
    if any(t.lower_ in ROLE_TITLES or t.lower_ in _PERSON_HEADLINE for t in doc if t.idx < cut):
        return mentions  # 'Jane Roe quits as chief executive': a person's news ('The company said ...' is hers)
    body = doc.char_span(cut, len(text), alignment_mode="contract")
    words = [t for t in body or () if not t.is_space][:_DESCRIBED_MAX_WORDS + 1]
    if not words or words[0].text != "The":
        return mentions
    noun = next((t for t in words[1:] if company_noun(t) and t.lower_ not in _PERSON_NOUNS
                 and t.dep_ in ("nsubj", "nsubjpass", "poss", "ROOT")), None)
    places = [(m.start, m.end) for m in mentions if m.kind == "place"]
    if noun is None or any(t.text[:1].isupper() and t.ent_type_ not in ("NORP", "GPE") and t.lower_ not in
                           _NATIONALITIES and not any(a <= t.idx < b for a, b in places)
                           for t in words[1:noun.i - words[0].i]):
        return mentions  # a name between 'The' and the noun is another firm's ('The Acme unit'), not 'The Italian'
    kind = "organization" if noun.lower_ in ORGANIZATION_NOUNS else "company"
    return [_retype(m, kind) if m.text == first.text and m.kind == "person" else m for m in mentions]


RULE_INSTRUMENT = "extent.instrument"
# the words after an index or a commodity that name a contract on it: 'S&P 500 futures', 'Dow e-minis', 'Brent crude
# oil futures', 'U.S. crude futures'
_INSTRUMENT_TAIL = re.compile(r"(?:[ \t]+(?:crude|oil)){0,2}[ \t]+(?:e-mini[ \t]+futures|e-minis?|(?:mini[ \t]+)?"
                              r"futures)(?![\w-])", re.IGNORECASE)


def instrument_names(mentions: list[Mention], text: str) -> list[Mention]:
    """[extent.instrument] A futures contract is named by its index or commodity and the word 'futures' or
    'e-minis' ('S&P 500 futures were steady', 'Brent crude oil futures fell'): the mention of the index or the
    commodity takes those words in. Kind and link stay: the contract is written on, and moves with, that index
    or commodity."""
    out = []
    for i, m in enumerate(mentions):
        tail = _INSTRUMENT_TAIL.match(text, m.end) if m.kind == "index" or m.kb_kind == "commodity" else None
        nxt = mentions[i + 1].start if i + 1 < len(mentions) else len(text)
        if tail is not None and tail.end() <= nxt:
            m = replace(m, text=text[m.start:tail.end()], end=tail.end())
        out.append(m)
    return out


RULE_CODE_WORD = "kind.code-word"


def _code_owner(code: InstrumentCode, mentions: list[Mention], text: str) -> Mention | None:
    """The company mention an equity code is written after ('Acme Corp <ACME.N>', "Acme's (NYSE: ACME)")."""
    before = [m for m in mentions if m.end <= code.start and m.kind in ("company", "organization")]
    if not before or not re.fullmatch(r"(?:['’]s)?\s*", text[before[-1].end:code.start]):
        return None
    return before[-1]


def code_word_mentions(doc: Doc, mentions: list[Mention], codes: list[InstrumentCode]) -> list[Mention]:
    """[kind.code-word] 'Acme Corp <ACME.N> ... ACME shares rose 2%': a company's share code written later as a
    word is that company (same name, kind and link), in place of whatever unlinked mention the word had. Codes
    that are common acronyms or currency codes are left alone ('AI', 'USD')."""
    text, out = doc_text(doc), mentions
    for code in codes:
        owner = _code_owner(code, out, text) if code.kind is CodeKind.EQUITY and code.tickers else None
        word = code.tickers[0].split(".")[0] if owner is not None else ""
        if len(word) < 2 or not word.isupper() or is_common_acronym(word) or word in _CURRENCY_CODES:
            continue
        for hit in re.finditer(r"(?<![\w$<:.-])" + re.escape(word) + r"(?![\w>-]|\.\w)", text):
            s, e = hit.span()
            same = [m for m in out if m.start < e and s < m.end]
            if any(m.kb_id or (m.start, m.end) != (s, e) for m in same) or doc.char_span(s, e) is None \
                    or any(c.start <= s < c.end for c in codes):
                continue  # inside a longer name, linked already, or the code itself
            link = LinkMethod.TICKER.value if owner.kb_id else owner.link
            out = [m for m in out if m not in same] + [replace(owner, text=word, start=s, end=e, link=link)]
    return out if out is mentions else sorted(out, key=lambda m: m.start)


RULE_NAME_COUNTRY = "extent.name-country"
# words that make a region or a slogan of a country's name, not a company ('South India', 'Corporate India')
_REGION_WORDS = frozenset({
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "greater", "mainland",
    "upper", "lower", "new", "old", "great", "rural", "urban", "corporate", "digital", "incredible", "team",
    "emerging", "developing", "shining", "make", "invest", "brand", "global", "continental", "inner", "outer",
    "coastal", "mid", "middle", "far", "near", "all", "whole", "modern", "ancient", "british", "french", "dutch",
    "southeast", "southwest", "northeast", "northwest", "se", "sw", "ne", "nw", "sub-saharan", "offshore",
    # a headline's adjective before the place ('Upbeat China PMI', 'Weekly Asia FX gains')
    "weekly", "daily", "monthly", "upbeat", "downbeat", "strong", "weak", "robust", "solid", "soft", "firm",
    "resilient", "sluggish", "slow", "booming", "struggling", "record", "bullish", "bearish"})
# a state body named for its country: its figures are the country's economy, which claims name by the place
_STATE_BODIES = frozenset({"statistics", "bank", "enterprise", "invest", "trade", "tourism", "export", "central",
                           "reserve", "monetary", "treasury", "customs", "revenue", "census", "government"})
_INDEX_FAMILIES = frozenset({"msci", "ftse", "stoxx", "s&p", "dow", "russell", "nikkei", "sgx", "bse", "nse"})
_NOT_COMPANY_FIRST = _INDEX_FAMILIES | _STATE_BODIES


def _name_words_before(doc: Doc, start: int, taken: list[tuple[int, int]]) -> int:
    """First token of the run of up to three capitalised words, written with one space each and no mention of
    their own, that ends right before token ``start``; ``start`` when there is none."""
    i = start
    while i > doc[start].sent.start and start - i < 3:
        tok = doc[i - 1]
        if not (tok.text[:1].isupper() and tok.is_alpha and tok.whitespace_ == " ") \
                or _overlaps(doc[i - 1:i], taken) or tok.ent_type_ in ("DATE", "CARDINAL", "MONEY", "PERCENT") \
                or tok.is_stop or tok.tag_ in ("JJ", "JJR", "JJS", "RB", "DT", "PRP$") or tok.lower_ in _REGION_WORDS:
            break  # 'The', 'Its', 'How' open the sentence; 'Upbeat China PMI', 'South India' describe the place
        i -= 1
    return i




def word_before_form(doc: Doc, mentions: list[Mention], linker: _Linker) -> list[Mention]:
    """[extent.word-before-form] 'Yes Bank', 'TV18 Broadcast': an unlinked company or organisation that is one
    company or organisation word alone ('Bank', 'Broadcast'), which names nothing by itself, takes the capitalised
    word written right before it that no mention holds (not a determiner, a stop word or a number)."""
    taken = [(m.start, m.end) for m in mentions]
    out = list(mentions)
    for m in mentions:
        span = doc.char_span(m.start, m.end)
        if m.kb_id or m.kind not in ("company", "organization") or span is None or len(span) != 1 \
                or span[0].lower_ not in COMPANY_WORDS and span[0].lower_ not in ORGANIZATION_WORDS or span.start == 0:
            continue
        prev = doc[span.start - 1]
        if not prev.text[:1].isupper() or not prev.whitespace_ or prev.is_stop or prev.is_punct or prev.like_num \
                or prev.tag_ in ("DT", "PRP$") or prev.lower_ in _NATIONALITIES or _PERIOD_CODE.fullmatch(prev.text) \
                or _overlaps(doc[prev.i:prev.i + 1], taken):
            continue  # not 'European Media', 'Q1 Financial'
        joined = linker.link_or_keep(doc[prev.i:span.end], m.kind, True)
        if joined is not None:
            out = [joined if x is m else x for x in out]
    return out


def name_country_companies(doc: Doc, mentions: list[Mention], linker: _Linker) -> list[Mention]:
    """[extent.name-country] 'Bata India', 'Coal India', 'Euronext London': capitalised words written right before
    a country's (or a city's) name make one company name with it (a group's local company, a state company named
    for its country), where NER saw only the place, or a name it found right before ('Thomas Cook' + 'India'; a KB
    company too: 'ABB' + 'India' is the group's listed Indian company). Not a region or a slogan ('South India',
    'Corporate India'), a place the KB knows or a nationality before the country, or a title-case headline."""
    taken = [(m.start, m.end) for m in mentions]
    out = list(mentions)
    for m in mentions:
        span = doc.char_span(m.start, m.end)
        if m.kind != "place" or span is None or _title_case(span) or fold(m.text) not in place_names():
            continue
        prev = next((x for x in out if x.end + 1 == m.start and doc_text(doc)[x.end] == " "
                     and (not x.kb_id or x.kind == "company") and doc.char_span(x.start, x.end) is not None
                     and (x.kind in ("person", "organization", "company") or x.kind == "place"
                          and fold(x.text) not in place_names())), None)  # 'Thomas Cook' + 'India'
        first = doc.char_span(prev.start, prev.end).start if prev is not None else \
            _name_words_before(doc, span.start, taken)
        words = doc[first:span.start]
        if not len(words) or any(t.lower_ in _REGION_WORDS or t.lower_ in _NATIONALITIES for t in words) \
                or words[0].lower_ in _NOT_COMPANY_FIRST or linker.place_or_person(words.text):
            continue  # 'MSCI India' is an index; 'Statistics Canada' stays Canada's (its figures are the economy's)
        coined = is_word(doc.vocab, words[0].text) is False or words[-1].lower_ in COMPANY_WORDS
        joined = linker.link_or_keep(doc[first:span.end], "company" if coined or prev is not None else
                                     "organization", True)  # 'Statistics Canada', 'Bank Indonesia': bodies too
        if joined is not None:
            out = [joined if x is m else x for x in out if x is not prev]
    return out


RULE_INDEX_CODE = "kind.index-code"


def index_code_mentions(doc: Doc, mentions: list[Mention], kb: KnowledgeBase) -> list[Mention]:
    """[kind.index-code] 'the IXIC', 'the GDAXI': an index's code (:func:`news_sentiment.nlp.kb.index_codes`)
    written as a word after 'the' is that index, in place of an unlinked mention of the same word. Without 'the'
    the code stays what it was ('GSPC raises Rs 3,000 crore': a firm's initials)."""
    codes, out = index_codes(kb), mentions
    for tok in doc:
        kb_id = codes.get(tok.text)
        if kb_id is None or tok.i == 0 or doc[tok.i - 1].lower_ != "the":
            continue
        span = doc[tok.i:tok.i + 1]
        same = [m for m in out if m.start < span.end_char and span.start_char < m.end]
        if any(m.kb_id or (m.start, m.end) != (span.start_char, span.end_char) for m in same):
            continue  # inside a longer name, or linked already
        out = [m for m in out if m not in same] + [_mention(kb.get(kb_id), span, LinkMethod.TICKER)]
    return out if out is mentions else sorted(out, key=lambda m: m.start)


RULE_REPEAT = "kind.repeat"


def _repeat_source(m: Mention, evidenced: set[int]) -> bool:
    """May ``m`` type the other places its text is written? A company or organisation linked to the KB or typed on
    evidence (not on NER's label alone), written with a capital and at least two letters."""
    name = m.text.strip()
    return m.kind in ("company", "organization") and bool(m.kb_id or id(m) in evidenced) and len(name) > 1 \
        and name[:1].isupper() and name == m.text


def _inside_longer_name(span: Span) -> bool:
    """Is ``span`` a piece of a longer capitalised name ('Argo' of 'Argo Blue Fund', 'Big Argo')?"""
    doc = span.doc
    prev = doc[span.start - 1] if span.start > 0 else None
    nxt = doc[span.end] if span.end < len(doc) else None
    return any(t is not None and t.is_alpha and t.text[:1].isupper() and not t.is_stop and t.lower_ not in ROLE_TITLES
               and not (t is prev and t.is_sent_start) for t in (prev, nxt))


def repeated_names(doc: Doc, mentions: list[Mention], evidenced: set[int]) -> list[Mention]:
    """[kind.repeat] One name, one thing: a company or organisation name the text types on evidence or links
    ('Argo said it would ...') is that entity wherever the text writes it again in the same case and NER and the
    rules found nothing ('... 39% of Argo'). Not inside a longer capitalised name; a dictionary word ('Signal') not
    where it opens a sentence (capitalised perhaps only for that)."""
    text = doc_text(doc)
    sources: dict[str, Mention] = {}
    for m in mentions:
        if _repeat_source(m, evidenced):
            sources.setdefault(m.text, m)
    taken = [(m.start, m.end) for m in mentions]
    added = []
    for surface, src in sources.items():
        common = " " not in surface and is_word(doc.vocab, surface) is not False
        for hit in re.finditer(r"(?<![\w&.-])" + re.escape(surface) + r"(?![\w&+-]|\.\w)", text):
            s, e = hit.span()
            span = doc.char_span(s, e)
            if span is None or any(s < b and a < e for a, b in taken) or _inside_longer_name(span) \
                    or common and span[0].is_sent_start:
                continue
            added.append(replace(src, text=surface, start=s, end=e))
            taken.append((s, e))
    return sorted(mentions + added, key=lambda m: m.start) if added else mentions


def learned_kinds(doc: Doc, text: str, mentions: list[Mention], evidenced: set[int], kb: KnowledgeBase,
                  retyper: Retyper | None, collect: list[tuple[Mention, list[str]]] | None = None) -> list[Mention]:
    """The re-typer's reading of the unlinked people, places and products that no rule re-typed
    (:mod:`news_sentiment.nlp.retyper`): above its threshold, an organisation."""
    todo = candidates(mentions, evidenced)
    if not todo:
        return mentions
    neighbours: dict[int, list[str]] = {}
    for run in _lists(mentions, text):
        for i in run:
            neighbours[i] = [mentions[j].kind for j in run if j != i]
    out = list(mentions)
    for i in todo:
        feats = features(doc, mentions[i], mentions, neighbours.get(i, []), kb)
        if collect is not None:
            collect.append((mentions[i], feats))
        if retyper is not None and retyper.probability(feats) >= retyper.threshold:
            out[i] = _retype(mentions[i], RETYPED_KIND)
    return out
