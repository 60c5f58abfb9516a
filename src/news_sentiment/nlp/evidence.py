"""Evidence of what kind of thing a name is, beyond the NER label: instrument codes, legal forms, company words
and the words around the name.

- Instrument codes in the forms news uses: Reuters codes (``Acme <ACME.N>``, ``<0700.HK>``, index codes
  ``<.SPX>``, futures ``<LCOc1>``), exchange-prefixed tickers (``(NASDAQ: ACME)``, ``(NYSE:ACME)``),
  exchange-suffixed tickers in brackets (``(0700.HK)``) and cashtags (``$ACME``). A code names a listed company
  (or an index, or another instrument) and gives Yahoo-style tickers to link it to the knowledge base.
- The name itself: a legal form (Inc, Corp, Ltd, PLC, AG, SA, N.V., Oyj, Co) or a word only companies end in
  (Airlines, Motors, Semiconductor, Pharmaceuticals).
- Context: ``shares of X``, ``X's chief executive``, ``X said in a statement``, ``X reported revenue``,
  ``analysts at X``, ``chipmaker X``, ``X analysts``.
- The voice of an organisation (rule ids ``kind.no-comment``, ``kind.said-it``, ``kind.acronym-voice``):
  ``X declined to comment``, ``X said it would``, ``ZQRA says`` / ``according to ZQRA``.

Pure functions over spaCy tokens and text; no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from news_sentiment.nlp.kb import code_letters_in
from news_sentiment.nlp.numbers import MONTHS
from news_sentiment.nlp.pipeline import is_word

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token


class CodeKind(str, Enum):
    EQUITY = "equity"  # a listed company's share
    INDEX = "index"  # Reuters index codes start with a dot: <.SPX>
    INSTRUMENT = "instrument"  # futures, yields, currencies: <LCOc1>, <JP10YTN=JBTC>, <EUR=>
    CASHTAG = "cashtag"  # $ACME: the code is the mention


KIND_OF_CODE = {CodeKind.EQUITY: "company", CodeKind.CASHTAG: "company", CodeKind.INDEX: "index",
                CodeKind.INSTRUMENT: "product"}


@dataclass(frozen=True)
class InstrumentCode:
    start: int  # character offsets of the code (all chained codes: '<GM.N><600104.SS>')
    end: int
    kind: CodeKind
    tickers: tuple[str, ...]  # Yahoo-style forms to look up in the knowledge base, best first


# Reuters exchange suffix -> Yahoo suffix ('' = a US listing, written plain)
RIC_EXCHANGES = {
    "N": "", "O": "", "OQ": "", "A": "", "K": "", "P": "", "PK": "", "L": ".L", "DE": ".DE", "F": ".F",
    "PA": ".PA", "AS": ".AS", "BR": ".BR", "MI": ".MI", "MC": ".MC", "HE": ".HE", "ST": ".ST", "OL": ".OL",
    "CO": ".CO", "S": ".SW", "VX": ".SW", "T": ".T", "HK": ".HK", "SS": ".SS", "SZ": ".SZ", "AX": ".AX",
    "TO": ".TO", "V": ".V", "NS": ".NS", "BO": ".BO", "KS": ".KS", "KQ": ".KQ", "TW": ".TW", "SI": ".SI",
    "LS": ".LS", "I": ".IR", "VI": ".VI", "WA": ".WA", "JO": ".JO", "SA": ".SA", "MX": ".MX", "TA": ".TA",
    "SE": ".SR", "BN": "", "NZ": ".NZ", "IS": ".IS", "PR": ".PR", "BK": ".BK", "KL": ".KL", "JK": ".JK",
}
# exchange names written before a ticker '(NASDAQ: ACME)' -> Yahoo suffix (None: known exchange, no Yahoo form)
PREFIX_EXCHANGES = {
    "NASDAQ": "", "NYSE": "", "NYSE AMERICAN": "", "NYSE ARCA": "", "NYSE MKT": "", "NYSEAMERICAN": "", "AMEX": "",
    "OTC": "", "OTCQX": "", "OTCQB": "", "OTC MARKETS": "", "OTC PINK": "", "CBOE": "", "BATS": "",
    "LSE": ".L", "LON": ".L", "AIM": ".L", "TSX": ".TO", "TSXV": ".V", "TSX-V": ".V", "TSX V": ".V", "CSE": None,
    "NEO": None, "ASX": ".AX", "HKEX": ".HK", "HKG": ".HK", "SEHK": ".HK", "SGX": ".SI", "NSE": ".NS", "BSE": ".BO",
    "XETRA": ".DE", "ETR": ".DE", "FRA": ".F", "FWB": ".F", "EPA": ".PA", "EURONEXT": None, "SIX": ".SW",
    "SWX": ".SW", "TYO": ".T", "TSE": None, "KRX": ".KS", "KOSDAQ": ".KQ", "SSE": ".SS", "SZSE": ".SZ",
    "BIT": ".MI", "BME": ".MC", "STO": ".ST", "HEL": ".HE", "CPH": ".CO", "OSL": ".OL", "AMS": ".AS", "BRU": ".BR",
    # the forms of screeners' headlines ('Lattice Biologics's (CVE:LBL) Share Price ...', '(NYSEMKT:ACME)')
    "CVE": ".V", "NYSEMKT": "", "NYSEAMEX": "", "OB": ".OL", "EBR": ".BR", "ELI": ".LS", "VIE": ".VI", "MCX": ".ME",
    "NZSE": ".NZ", "CNSX": None,
}
_EXCH = "|".join(sorted((re.escape(e).replace(r"\ ", r"\s?") for e in PREFIX_EXCHANGES), key=len, reverse=True))
_SYM = r"[A-Z0-9][A-Za-z0-9.\-]{0,11}"
_RIC_EQUITY = r"[0-9A-Z][0-9A-Za-z&\-]{0,11}\.[A-Z]{1,3}"
_RIC_INDEX = r"\.[0-9A-Za-z][0-9A-Za-z\-]{1,15}"
_RIC_OTHER = r"[0-9A-Za-z][0-9A-Za-z=\-+^/#.]{0,20}"
_ANGLE = r"<(?:" + _RIC_INDEX + "|" + _RIC_EQUITY + "|" + _RIC_OTHER + r")>"
_CODES = re.compile(
    r"(?P<angle>" + _ANGLE + r"(?:\s*" + _ANGLE + r")*)"
    r"|\((?P<paren>" + _RIC_INDEX + "|" + _RIC_EQUITY + r")\)"
    r"|[(\[]\s*(?P<prefixed>(?i:" + _EXCH + r")\s*:\s*" + _SYM + r"(?:\s*[;,/]\s*(?:(?i:" + _EXCH + r")\s*:\s*)?"
    + _SYM + r")*)\s*[)\]]"
    r"|(?<![\w$])\$(?P<cashtag>[A-Z]{1,6}(?:\.[A-Z]{1,2})?)(?![\w$])"
)
# a news feed's section tags written as cashtags ('$ECONX: November unemployment rate 4.9%', '$COMDX: Gold up 1%'):
# the feed's furniture, no company
FEED_SECTION_TAGS = frozenset({"ECONX", "COMDX", "SCANX", "SUMRX", "BONDX", "TALKX", "OPTNX", "WIRES"})
_NOT_CASHTAGS = {"US", "USD", "A", "C", "S", "NZ", "HK", "NT", "R", "AUD", "CAD", "NZD", "HKD", "SGD", "CDN", "M",
                 "B", "K", "MN", "BN", "T", "TN"} | FEED_SECTION_TAGS


def ric_tickers(ric: str) -> tuple[CodeKind, tuple[str, ...]]:
    """One Reuters code -> its kind and Yahoo-style tickers: 'JNJ.N' -> JNJ; 'SDFGn.DE' -> SDFG.DE;
    'BRKb.N' -> BRK-B; '.SPX' -> ^GSPC; 'QISB.QA' -> a share with no known Yahoo form; 'LCOc1' -> an
    instrument (futures, yields, currencies) with no ticker."""
    if ric.startswith("."):
        root = ric[1:]
        return CodeKind.INDEX, ("^GSPC",) if root == "SPX" else ("^" + root,)
    m = re.fullmatch(r"([0-9A-Z][0-9A-Z&\-]*?)([a-z]{0,2})\.([A-Z]{1,3})", ric)
    if not m:
        return CodeKind.INSTRUMENT, ()
    root, share_class, exch = m.groups()
    suffix = RIC_EXCHANGES.get(exch)
    if suffix is None:
        return CodeKind.EQUITY, ()
    out = [root + suffix]
    if share_class and suffix == "" and len(share_class) == 1:
        out.insert(0, f"{root}-{share_class.upper()}")  # BRKb.N -> BRK-B
    if suffix == ".HK" and root.isdigit():
        out = [root.lstrip("0").rjust(4, "0") + ".HK"]
    return CodeKind.EQUITY, tuple(out)


def _prefixed_tickers(body: str) -> tuple[str, ...]:
    out, exch = [], None
    for part in re.split(r"\s*[;,/]\s*", body):
        if ":" in part:
            exch, part = (s.strip() for s in part.split(":", 1))
        suffix = PREFIX_EXCHANGES.get(re.sub(r"\s+", " ", (exch or "").upper()))
        if suffix is not None:
            sym = part.replace(".", "-") if suffix == "" else part
            out.append(sym.lstrip("0").rjust(4, "0") + suffix if suffix == ".HK" and sym.isdigit() else sym + suffix)
    return tuple(out)


def find_codes(text: str) -> list[InstrumentCode]:
    """Every instrument code in ``text``, in order."""
    out = []
    for m in _CODES.finditer(text):
        if m.group("angle") is not None:
            kinds, tickers = [], []
            for ric in re.findall(r"<([^<>]+)>", m.group("angle")):
                kind, tick = ric_tickers(ric)
                kinds.append(kind)
                tickers.extend(tick)
            kind = CodeKind.EQUITY if CodeKind.EQUITY in kinds else kinds[0]
            out.append(InstrumentCode(m.start(), m.end(), kind, tuple(tickers)))
        elif m.group("paren") is not None:
            kind, tick = ric_tickers(m.group("paren"))
            if kind is not CodeKind.INSTRUMENT and len(m.group("paren")) > 3:  # '(U.K)' is not a code
                out.append(InstrumentCode(m.start(), m.end(), kind, tick))
        elif m.group("prefixed") is not None:
            out.append(InstrumentCode(m.start(), m.end(), CodeKind.EQUITY, _prefixed_tickers(m.group("prefixed"))))
        elif m.group("cashtag") not in _NOT_CASHTAGS:
            sym = m.group("cashtag")
            out.append(InstrumentCode(m.start(), m.end(), CodeKind.CASHTAG, (sym.replace(".", "-"), sym)))
    return out


# ---------------------------------------------------------------------------------------------------------------
# The name a code belongs to: the words just before it.

_CONNECTORS = {"&", "+", "-", "/", "de", "di", "dei", "del", "della", "der", "des", "du", "la", "le", "van", "von",
               "y", "e", "of"}
_OF_HEADS = {"bank", "banco", "banca", "bancorp", "royal", "commonwealth", "national"}  # 'Bank of America'
_LEAD_DROP = {"the", "a", "an", "shares", "stocks", "stock", "both", "and", "but", "also", "rival", "peer", "while",
              "as", "with", "including", "like", "from", "at", "on", "in", "for", "by", "its", "their", "his", "her"}
_NP_STOP = {"the", "a", "an", "both", "and", "but", "also", "while", "as", "with", "including", "like", "from", "at",
            "on", "in", "for", "by", "its", "their", "his", "her", "of", "to", "than", "among", "led", "were", "was",
            "is", "are", "whereas", "among", "between", "into", "over", "under", "after", "before"}
_POSSESSIVE = ("'s", "’s", "'", "’")
_NP_POS = {"PROPN", "NOUN", "ADJ", "NUM", "X"}
MAX_NAME_TOKENS = 7
# instruments that are not products: rates and debt ('the 10-year JGB yield <JP10YTN=JBTC>')
_NOT_PRODUCTS = {"yield", "yields", "rate", "rates", "spread", "spreads", "bond", "bonds", "note", "notes", "bill",
                 "bills", "debt", "loan", "loans", "benefits", "claims", "index", "inflation", "payrolls"}
_GENERIC_INDEX_WORDS = {"benchmark", "index", "indexes", "indices", "gauge", "market", "bourse", "exchange",
                        "stocks", "shares", "equities"}


def name_like(tok: Token) -> bool:
    """A word that can be part of a proper name: capitalised, all-caps, a digit-letter mix ('3M', 'II-VI')
    or inner capitals ('eBay')."""
    text = tok.text
    if not text or tok.is_space or tok.is_punct and text not in ("&", "+"):
        return text in ("&", "+")
    if "://" in text or text.lower().startswith("www.") or tok.like_email or text[0] in "@#" or "/" in text:
        return False
    return text[0].isupper() or text[0].isdigit() and any(c.isalpha() for c in text) or \
        any(c.isupper() for c in text[1:]) or text in ("&", "+")


RULE_POSSESSIVE_NAME = "kind.possessive-name"


def _possessive_inside(doc: Doc, i: int, end: int) -> bool:
    """[kind.possessive-name] Is the possessive at token ``i`` inside the name that ends at ``end``: "Kohl's Corp
    <KSS.N>" (the name ends in a legal form), "Delia's Secret <DSEC.N>" (NER's own name runs through it)? Not
    "Germany's Acme <ACME.N>" (a place owns it) nor "Alphabet's Waymo" (two names; the spaCy stop word "'s" used
    to end every name here)."""
    if i < 1 or i + 1 >= end or not name_like(doc[i - 1]) or doc[i - 1].ent_type_ in ("GPE", "NORP", "LOC", "PLACE"):
        return False
    return doc[end - 1].lower_ in COMPANY_FORMS or doc[i].ent_iob_ == "I" and doc[i - 1].ent_type_ == "ORG"


def hyphen_pair(doc: Doc, a: int, floor: int) -> bool:
    """``doc[a]`` '-' ``doc[a + 2]``, written without spaces, both capitalised ('Fore-Most', 'Take-Two'); ``a`` not
    before ``floor``."""
    return a >= floor and a + 2 < len(doc) and doc[a + 1].text == "-" and not doc[a].whitespace_ \
        and not doc[a + 1].whitespace_ and doc[a].text[:1].isupper() and doc[a + 2].text[:1].isupper()


def _hyphen_joined(doc: Doc, i: int, floor: int) -> bool:
    """A capitalised word joined by a hyphen to a capitalised word before or after it: 'Most' of 'Fore-Most',
    'Take' and 'Two' of 'Take-Two' (stop words on their own, part of a name here)."""
    return doc[i].text[:1].isupper() and (hyphen_pair(doc, i - 2, floor) or hyphen_pair(doc, i, floor))


def _name_start(doc: Doc, end: int, floor: int) -> int:
    """Start of the run of name words that ends at token ``end`` (exclusive)."""
    i = end - 1
    while i >= floor and end - i <= MAX_NAME_TOKENS:
        tok = doc[i]
        if tok.text in _POSSESSIVE[:2] and _possessive_inside(doc, i, end):
            i -= 1  # "McAlister's Inc", "Bob's Pizza" (not "Germany's Acme")
            continue
        if tok.is_stop and not tok.is_upper and tok.lower_ not in _CONNECTORS and not _hyphen_joined(doc, i, floor):
            break  # 'Should You Be Concerned About Acme Corp (NYSE:ACME)'
        if name_like(tok) and not tok.is_punct or tok.text in ("&", "+"):
            i -= 1
            continue
        if tok.is_space and "\n" not in tok.text and i - 1 >= floor and name_like(doc[i - 1]):
            i -= 1  # 'Acme Bros  Widgets' (two spaces)
            continue
        low = tok.lower_
        if low in _CONNECTORS and i - 1 >= floor and i + 1 < end and name_like(doc[i - 1]) and (
                low != "of" or doc[i - 1].lower_ in _OF_HEADS):
            i -= 1
            continue
        if tok.text == "-" and i - 1 >= floor and not doc[i - 1].whitespace_ and not tok.whitespace_:
            i -= 1  # 'Foo-Bar-Baz Motors'
            continue
        break
    start = i + 1
    while start < end and (doc[start].lower_ in _LEAD_DROP or doc[start].text in ("&", "+", "-", "/")
                           or not doc[start].ent_type_ and doc[start].pos_ not in ("PROPN", "NOUN", "X", "NUM")
                           and doc[start].is_alpha and start < end - 1 and doc[start].is_sent_start):
        start += 1
    return start


def _np_start(doc: Doc, end: int, floor: int, coordinated: bool = False) -> int:
    """Start of the noun phrase that ends at ``end``: 'consumer discretionary', 'Hong Kong shares', 'emerging-market
    currencies' (any word glued to a hyphen); with ``coordinated`` (an index's name) through 'and' between two
    lower-case words ('personal and household goods')."""
    i = end - 1
    while i >= floor and end - i <= MAX_NAME_TOKENS:
        tok = doc[i]
        if coordinated and tok.lower_ == "and" and floor < i < end - 1 and doc[i + 1].is_lower \
                and (doc[i - 1].is_lower or i - 1 == floor) and doc[i - 1].tag_ in ("JJ", "NN") \
                and doc[i - 1].lower_ not in ("percent", "pct", "cent", "point") \
                and not (i - 2 >= floor and (doc[i - 2].like_num or doc[i - 2].lower_ == "and")):
            i -= 1
            continue
        if tok.lower_ in _NP_STOP or tok.is_stop and not name_like(tok):
            break
        glued = i + 1 < end and doc[i + 1].text == "-" and not tok.whitespace_ and tok.is_alpha
        if tok.pos_ in _NP_POS or name_like(tok) or glued or tok.text in ("&", "-", "/") and i > floor:
            i -= 1
            continue
        break
    start = i + 1
    while start < end and (doc[start].text in ("&", "-", "/") or doc[start].pos_ == "NUM" and start < end - 1
                           and not name_like(doc[start + 1])):
        start += 1
    return start


_TITLE_CASE_LOWER = {"a", "an", "the", "and", "or", "nor", "but", "as", "at", "by", "for", "in", "of", "on", "to",
                     "up", "vs", "via", "with", "from", "into", "over"}


def headline_like(span: Span) -> bool:
    """Is ``span``'s sentence a title-case headline? Most of its dictionary words outside names are capitalised
    ('Should You Be Concerned About ...'); a list of names is not one ('include Hershey, Marbury and Pellisier')."""
    words = [t for t in span.sent[1:] if t.is_alpha and not t.ent_type_ and t.text not in _TITLE_CASE_LOWER
             and is_word(t.vocab, t.text) is not False]
    return len(words) >= 3 and sum(t.text[:1].isupper() for t in words) >= 0.8 * len(words)


def code_name(doc: Doc, code: InstrumentCode) -> Span | None:
    """The name an instrument code stands after ('Acme Corp <ACME.N>' -> 'Acme Corp'); for a cashtag, the
    cashtag itself. None when no name precedes the code."""
    span = doc.char_span(code.start, code.end, alignment_mode="expand")
    if span is None:
        return None
    if code.kind is CodeKind.CASHTAG:
        return span
    end = span.start
    floor = span.sent.start if span.start < len(doc) else 0
    while end > floor and (doc[end - 1].is_space and "\n" not in doc[end - 1].text):
        end -= 1
    if end > floor and doc[end - 1].text in _POSSESSIVE:
        end -= 1  # "Blackstone's <BX.N>"
    if end <= floor:
        return None
    if code.kind is CodeKind.EQUITY:
        start = _name_start(doc, end, floor)
        if doc[end - 1].ent_iob_ != "O" and headline_like(doc[start:end]):
            ent_start = end - 1
            while ent_start > start and doc[ent_start - 1].ent_iob_ != "O":
                ent_start -= 1  # the run of names NER found next to the code
            start = max(start, ent_start)  # a title-case headline: NER's edge, not the capitals, ends the name
        elif headline_like(doc[start:end]) and code.tickers:
            start = _spelled_start(doc, start, end, code.tickers[0])
    else:
        start = _np_start(doc, end, floor, coordinated=code.kind is CodeKind.INDEX)
    span = doc[start:end]
    if not any(t.is_alpha or name_like(t) for t in span) or all(t.lower_ in COMPANY_FORMS for t in span):
        return None  # '... Inc <MARA.O>' in a table: a legal form is not a name
    if code.kind is CodeKind.INSTRUMENT and (not any(name_like(t) for t in span)
                                             or any(t.lower_ in _NOT_PRODUCTS for t in span)):
        return None  # 'unemployment benefits <USJOB=ECI>', 'the 10-year JGB yield <JP10YTN=JBTC>': not products
    if code.kind is CodeKind.INDEX and len(span) == 1 and span[0].lower_ in _GENERIC_INDEX_WORDS:
        return None  # 'the benchmark <.QSI>'
    if code.kind is CodeKind.INDEX:
        span = _owned_index(_without_index_descriptors(span))
    return span


def _spelled_start(doc: Doc, start: int, end: int, ticker: str) -> int:
    """In a title-case headline NER left alone, where the name before a code starts: the first word whose initial is
    the code's and from which the words hold the code's letters in order ('Changing Sentiment Drive Lattice
    Biologics's (CVE:LBL)' -> 'Lattice Biologics'); else ``start``."""
    code = re.sub(r"\..*$", "", ticker).upper()
    if not code[:1].isalpha():
        return start
    return next((i for i in range(start, end) if code_letters_in(code, doc[i:end].text, from_first=True)), start)


def _owned_index(span: Span) -> Span:
    """"Saudi Arabia's benchmark index <.TASI>", "Dubai's main share index <.DFMGI>": an index named only by
    generic words is named by its owner too (its name and the possessive), not cut to 'benchmark index'."""
    doc = span.doc
    generic = _GENERIC_INDEX_WORDS | _INDEX_DESCRIPTORS | {"share", "stock", "equity", "all-share"}
    i = span.start - 1
    if any(t.lower_ not in generic for t in span) or i < 1 or doc[i].text not in _POSSESSIVE:
        return span
    start = i
    while start > span.sent.start and doc[start - 1].ent_type_ not in ("", "DATE", "TIME") and i - start < 4:
        start -= 1  # the owner NER or the KB found: not 'On Thursday', 'Meanwhile'
        if doc[start].ent_iob_ == "B":
            break
    return doc[start:span.end] if start < i else span


RULE_INDEX_DESCRIPTOR = "extent.index-descriptor"
# words that describe an index before its name, never part of it: 'the benchmark S&P 500', 'the broader Topix', 'the
# tech-heavy Nasdaq', 'economically sensitive chips'
_INDEX_DESCRIPTORS = {"benchmark", "broader", "broad", "wider", "narrower", "heavy", "sensitive", "main", "key",
                      "flagship", "bellwether", "headline", "domestic", "regional"}


def _without_index_descriptors(span: Span) -> Span:
    """[extent.index-descriptor] The name of an index code without the lower-case words describing it before the
    name ('tech-heavy Nasdaq' -> 'Nasdaq'): everything up to the last such word goes, unless only generic words
    are left ('the broader index', 'the benchmark gauge')."""
    cut = max((t.i + 1 for t in span[:-1] if t.lower_ in _INDEX_DESCRIPTORS and t.text.islower()), default=span.start)
    while cut < span.end - 1 and span.doc[cut].text == "-":
        cut += 1
    rest = span.doc[cut:span.end]
    generic = _GENERIC_INDEX_WORDS | {"share", "stock", "equity"}
    return rest if cut > span.start and any(t.lower_ not in generic for t in rest) else span


# ---------------------------------------------------------------------------------------------------------------
# The name itself

COMPANY_FORMS = frozenset({
    "inc", "inc.", "incorporated", "corp", "corp.", "corporation", "co", "co.", "cos", "cos.", "ltd", "ltd.",
    "limited", "plc", "plc.", "ag", "sa", "s.a.", "nv", "n.v.", "se", "spa", "s.p.a.", "oyj", "oy", "abp", "ab",
    "asa", "llc", "llp", "lp", "l.p.", "bhd", "pte", "gmbh", "kgaa", "sarl", "s.a.r.l.", "bv", "b.v.", "a/s",
    "holdings", "holding", "pjsc", "ojsc", "tbk", "k.k.", "kk",
})
# last words of company names that no person or place ends in ('Hua Ming Semiconductor', 'Atlantic Airlines')
COMPANY_WORDS = frozenset({
    "airlines", "airways", "motors", "motor", "semiconductor", "semiconductors", "pharmaceuticals", "pharmaceutical",
    "pharma", "therapeutics", "biosciences", "biotech", "technologies", "technology", "electronics", "industries",
    "systems", "solutions", "networks", "communications", "telecom", "telecommunications", "securities", "financial",
    "insurance", "resources", "mining", "minerals", "metals", "petroleum", "entertainment", "media", "brands",
    "foods", "ingredients", "lab", "labs", "laboratories", "ventures", "investments", "investimentos", "advisors",
    "advisers", "associates", "logistics", "steel", "chemicals", "software", "robotics", "automotive",
    "bancshares", "bancorp", "realty", "properties", "hotels", "resorts", "stores", "retail", "enterprises",
    "shipping", "railways", "utilities", "energies", "renewables", "capital", "partners", "management",
    "healthcare", "diagnostics", "devices", "aerospace", "petroleo", "petróleo", "tools", "homes", "freight",
    "transport", "brewing", "breweries", "cement", "broking", "stockbrokers", "stockbroking", "beauty",
    "cosmetics", "wind", "solar", "seafood", "delivery", "lithium", "nickel", "uranium", "drilling", "machinery",
    "maschinen", "engineering", "packaging", "beverages", "tobacco", "apparel", "payments", "biopharma", "medical",
    "automobiles", "auto",
    "energy", "power", "broadcast", "broadcasting", "cruises", "airports",
    "shipbuilding", "pipelines", "petrochemicals", "fertilizers", "fertilisers", "plastics", "textiles", "telecoms",
    "wireless", "dairies", "bakeries", "jewellers", "jewelers", "outfitters", "distillers", "distillery",
    "circuits", "chemie", "handel", "werke", "technik", "logistik", "systeme", "banque",
})
# company words that are plain words too ('wind', 'solar', 'energy'): no evidence in title-case lines (see form_kind)
PLAIN_COMPANY_WORDS = frozenset({"wind", "solar", "beauty", "delivery", "energy", "power", "medical", "packaging",
                                 "cruises", "wireless", "plastics", "textiles", "shipbuilding", "fertilizers",
                                 "fertilisers", "petrochemicals", "airports", "pipelines", "auto"})
# first words of company names in other languages ('Banco Acme', 'Grupo Acme')
COMPANY_FIRST_WORDS = frozenset({"industrie", "industrias", "banco", "banca", "gruppo", "groupe", "grupo", "compagnia",
                                 "compagnie", "companhia", "compañía", "societe", "société", "società",
                                 "sociedad", "distribuzione", "costruzioni", "servizi", "distribuidora",
                                 "construcciones", "servicios", "construtora", "transportes", "trasporti",
                                 # banks' and savings banks' first words ('Credito Valmonte', 'Caixa Geral')
                                 "credito", "crédito", "crédit", "caixa", "caja", "cassa", "banque", "banka",
                                 "sparkasse", "kredyt"})
# last (or, in other languages, first) words of organisations of any sort
ORGANIZATION_WORDS = frozenset({
    "group", "bank", "fund", "funds", "trust", "association", "federation", "union", "council", "foundation",
    "fondazione", "fundación", "stiftung", "institute", "agency", "authority", "commission", "ministry",
    "committee", "confederation", "chamber", "society", "organisation", "organization", "exchange",
})
ORGANIZATION_FIRST_WORDS = frozenset({"fondazione", "fundación", "fundacion", "fondation", "stiftung"})


# words that make a plain company word a field, not a name: 'Clean Energy', 'Top Energy News', 'Best Solar Stocks'
_FIELD_QUALIFIERS = frozenset({"clean", "green", "renewable", "alternative", "nuclear", "top", "best", "global",
                               "new", "cheap", "affordable", "sustainable", "traditional", "conventional", "home",
                               "offshore", "onshore", "residential", "senior", "free", "more", "big", "cheapest",
                               "hydro", "thermal", "purchasing", "growth", "buying"})


def plain_word_named(tok: Token) -> bool:
    """Is the plain company word ``tok`` ('Energy', 'Power') after a name, not after a qualifier of a field
    ('Suzlon Energy', not 'Clean Energy')?"""
    before = tok.doc[tok.i - 1] if tok.i else None
    return before is not None and before.is_alpha and not before.is_stop and before.lower_ not in _FIELD_QUALIFIERS \
        and before.lower_ not in COMPANY_WORDS  # not 'Wind Power', 'Solar Power'


def nordic_as(span: Span) -> bool:
    """'Acme Net AS': the Nordic and Baltic legal form, only in capitals after a word that is not all capitals
    (not 'STOCKS FALL AS')."""
    return len(span) >= 2 and span[-1].text == "AS" and not span[-2].is_upper


def form_kind(span: Span) -> str | None:
    """What a name of two or more words says of itself: 'company' when it ends in a legal form ('Acme Oyj') or
    a company word ('Hua Ming Semiconductor', or first in other languages: 'Grupo Acme'); 'organization' when it
    ends in an organisation word ('Acme Foundation', 'Fondazione Acme')."""
    if len(span) < 2:
        return None
    last, first = span[-1].lower_, span[0].lower_
    if last in PLAIN_COMPANY_WORDS and (span[0].is_stop or headline_like(span) or not plain_word_named(span[-1])):
        return None  # 'A Solar', 'New Wind Farms Approved', 'Clean Energy': a plain word after dictionary words
    if last in COMPANY_FORMS or last in COMPANY_WORDS or first in COMPANY_FIRST_WORDS or nordic_as(span):
        return "company"
    if last in ORGANIZATION_WORDS or first in ORGANIZATION_FIRST_WORDS:
        return "organization"
    return None


# ---------------------------------------------------------------------------------------------------------------
# Context

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
    r"upgrades?|downgrades?|loves?|with|from|over|by|of|and|but|while|despite|ahead|against)", re.IGNORECASE)

# a company described just before its name: 'chipmaker Nvidia', 'bond giant Acme', 'data provider Foo'
COMPANY_NOUNS = frozenset({
    "company", "companies", "firm", "firms", "group", "groups", "provider", "providers", "retailer", "retailers",
    "carrier", "carriers", "airline", "airlines", "lender", "lenders", "insurer", "insurers", "bank", "banks",
    "brokerage", "brokerages", "chain", "chains", "giant", "giants", "startup", "startups", "start-up", "start-ups",
    "conglomerate", "manufacturer", "manufacturers", "producer", "producers", "operator", "operators", "developer",
    "developers", "supplier", "suppliers", "miner", "miners", "utility", "utilities", "platform", "daily",
    "newspaper", "magazine", "broadcaster", "publisher", "agency", "association", "union", "lobby", "regulator",
    "exchange", "outfit", "house", "subsidiary", "unit", "affiliate", "parent", "shipper", "refiner", "grocer",
    "supermarket", "distributor", "consultancy", "studio", "brand", "brands", "network", "app", "exporter",
    "importer", "explorer", "builder", "vendor", "marketplace", "issuer", "underwriter", "automaker", "automakers",
    "carmaker", "carmakers", "chipmaker", "chipmakers", "drugmaker", "drugmakers", "maker", "makers",
    "conglomerates", "telco", "fintech", "fintechs", "insurtech", "proptech", "rival", "rivals", "peer", "peers",
    "competitor", "competitors",
    "stockbroker", "broker", "brokers", "investor", "investors", "manager", "managers", "fund", "funds",
    "partner", "owner", "backer",
})
# of these, the ones said of organisations of any sort ('rights group', 'business daily', 'space agency')
ORGANIZATION_NOUNS = frozenset({"group", "groups", "association", "union", "lobby", "regulator", "agency", "daily",
                                "newspaper", "magazine", "broadcaster", "publisher", "exchange", "fund", "funds",
                                "platform", "network", "house", "outfit", "investor", "investors", "backer"})
# of these, the ones that also describe people: only a one-word name, or a name with a company word, follows
PERSON_NOUNS = frozenset({"rival", "rivals", "peer", "peers", "competitor", "competitors", "stockbroker", "broker",
                          "brokers", "investor", "investors", "manager", "managers", "partner", "owner", "backer"})
_DETERMINERS = {"the", "a", "an", "this", "that", "its", "his", "her", "their", "our"}
# "X's chief executive", "X's shares": said of companies (and of people only for the first group)
OWNED_BY_COMPANY = frozenset({
    "ceo", "chief", "chairman", "chairwoman", "board", "shareholders", "stockholders", "earnings", "revenue",
    "revenues", "sales", "profit", "profits", "results", "valuation", "capitalization", "capitalisation", "unit",
    "units", "subsidiary", "subsidiaries", "ipo", "debut", "listing", "executives", "employees", "staff",
    "workforce", "headquarters",
    "spokesperson", "spokesman", "spokeswoman", "products", "customers", "operations", "factory", "factories",
    "plant", "plants", "dividend", "net", "operating", "quarterly", "annual", "fiscal", "market", "stock", "shares",
    "share", "brands", "guidance", "outlook", "users", "stake", "bonds", "offer", "bid", "takeover", "acquisition",
    "merger", "deal", "executive", "founders", "co-founders", "shareholder", "investors", "bondholders", "creditors",
})
OWNED_BY_PEOPLE_TOO = frozenset({"stock", "shares", "share", "stake", "bonds", "offer", "bid", "takeover",
                                 "acquisition", "merger", "deal", "outlook", "guidance", "market", "annual"})
# "Acme shares fell", "Acme analysts": a name directly before these nouns is a company or an organisation
COMPOUND_NOUNS = frozenset({"shares", "stock", "executives", "employees", "shareholders", "stockholders",
                            "analysts", "analyst", "economists", "economist", "strategists", "strategist",
                            "spokesperson", "spokesman", "spokeswoman", "official", "officials", "workers",
                            "users", "customers", "subscribers", "founder", "founders", "co-founder", "ceo", "chief",
                            "chairman", "chairwoman", "cfo", "boss", "president", "revenue", "revenues", "profit",
                            "profits", "earnings"})
# ... except these after a one-word name NER calls a person ('a Trump spokesman', 'Biden officials'); after
# a longer person's name none of them count
NOT_FOR_PEOPLE = frozenset({"official", "officials", "spokesperson", "spokesman", "spokeswoman", "workers",
                            "president", "chief", "boss"})
# 'Acme, a company founded by ...', 'Acme and other fashion brands': the company nouns of apposition and lists,
# without the ones that also describe people
_APPOSITION_NOUNS = frozenset(n for n in COMPANY_NOUNS if n not in PERSON_NOUNS)
# what only a company is, after a name NER calls a person ('Lattice Reason, an AI startup,'): not the nouns that
# describe people too ('a Brooklyn grocer', 'a property developer', 'a Democratic lawmaker', 'a film producer')
_PERSON_APPOSITION_HEADS = frozenset({"company", "firm", "startup", "start-up", "conglomerate", "chipmaker",
                                      "carmaker", "automaker", "drugmaker", "brokerage", "airline", "insurer"})
ROLE_TITLES = frozenset({"chief", "ceo", "president", "chairman", "chairwoman", "executive", "officer", "director",
                         "governor", "secretary", "minister", "commissioner", "analyst", "economist", "strategist",
                         "spokesman", "spokeswoman", "spokesperson", "founder", "co-founder", "vice", "cfo", "coo"})
_QUARTERS = re.compile(r"(?:first|second|third|fourth|full)-(?:quarter|half|year)", re.IGNORECASE)
# words after which the next name is where someone works: 'analysts at X', 'chief executive of X'
ROLE_AT = frozenset({"analyst", "analysts", "economist", "economists", "strategist", "strategists", "officer",
                     "director", "president", "partner", "manager", "researcher", "researchers", "trader",
                     "traders", "adviser", "advisor", "specialist", "executive", "head", "chief", "ceo", "cfo",
                     "coo", "cio", "cto", "vp", "chairman", "chairwoman", "founder", "co-founder", "principal",
                     "portfolio", "investment", "strategy", "research", "economics", "equities", "markets",
                     "fellow", "spokesperson", "spokesman", "spokeswoman"})
OF_COMPANY = frozenset({"ceo", "chief", "executive", "cfo", "coo", "founder", "co-founder", "chairman", "chairwoman",
                        "shares", "shareholder", "shareholders", "stake", "unit", "subsidiary", "parent", "owner",
                        "spokesperson", "spokesman", "spokeswoman"})
_IN_COMPANY = frozenset({"stake", "stakes", "shares", "investment", "investments", "investors", "shareholders",
                         "holding", "holdings", "interest"})
_REPORT_VERBS = frozenset({"reported", "reports", "posted", "posts", "beat", "beats", "missed", "misses", "forecast",
                           "forecasts", "reaffirmed", "reiterated"})
_EARNINGS = frozenset({"revenue", "revenues", "sales", "profit", "profits", "loss", "losses", "earnings", "income",
                       "results", "net", "quarterly", "ebitda", "margin", "margins", "estimates", "expectations",
                       "record", "operating", "adjusted", "sales"})
# what only companies report (places report sales, output and growth too)
_COMPANY_EARNINGS = frozenset({"revenue", "revenues", "profit", "profits", "earnings", "ebitda"})
_STATEMENT = frozenset({"statement", "filing", "release"})
# 'listed peer X', 'publicly traded rival X': only companies are listed
_LISTED = frozenset({"listed", "traded", "quoted", "u.s.-listed", "hong-kong-listed"})
# 'Acme raises its full-year sales forecast': a change of guidance on earnings is said of a company
_GUIDANCE_VERBS = frozenset({"cuts", "cut", "raises", "raised", "lifts", "lifted", "lowers", "lowered", "trims",
                             "trimmed", "boosts", "boosted", "slashes", "slashed", "hikes", "hiked", "reaffirms",
                             "withdraws", "withdrew", "upgrades", "downgrades"})
_GUIDANCE = frozenset({"outlook", "forecast", "forecasts", "guidance", "view", "target", "targets"})
_SPEECH = frozenset({"said", "says", "added", "adds", "wrote", "writes", "noted", "notes", "told"})
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "also", "late", "early",
             "earlier", "on", "last", "week", "this", "previously", "separately"}


def _before(doc: Doc, i: int, floor: int) -> Token | None:
    return doc[i - 1] if i - 1 >= floor else None


def company_noun(tok: Token) -> bool:
    """'chipmaker', 'group', 'lender' used as a noun ('the daily RSI' is not the newspaper sense)."""
    low = tok.lower_
    if low in ("giant", "giants") and tok.pos_ == "ADJ" and tok.i > 0 and tok.doc[tok.i - 1].pos_ == "NOUN":
        return True  # 'bond giant Acme': the tagger often reads 'giant' after a noun as an adjective
    if low in ("startup", "startups", "start-up", "start-ups") and not tok.text[:1].isupper():
        return True  # 'AI startup Acme': the tagger often reads it as a verb; it never is one
    return (low in COMPANY_NOUNS or low.endswith(("maker", "makers"))) and not tok.text[:1].isupper() \
        and tok.pos_ in ("NOUN", "PROPN")


def _described_before(span: Span, label: str) -> str | None:
    """'chipmaker X', 'bond giant X', "Russia's space agency, X", 'London-based X'."""
    doc, floor = span.doc, span.sent.start
    prev = _before(doc, span.start, floor)
    if prev is not None and prev.text == "," and prev.i - 1 >= floor and company_noun(doc[prev.i - 1]):
        prev = doc[prev.i - 1]
    if prev is None:
        return None
    if prev.lower_ == "based" and prev.i - 1 >= floor and doc[prev.i - 1].text == "-" and label not in ("GPE", "LOC"):
        return "company"  # 'Silverstone-based X'
    if not company_noun(prev):
        return None
    det = _before(doc, prev.i, floor)
    for _ in range(3):  # 'the AI startup Jane Roe founded': the determiner before the noun's modifiers
        if det is None or det.lower_ in _DETERMINERS or det.pos_ not in ("ADJ", "PROPN", "NOUN"):
            break
        det = _before(doc, det.i, floor)
    if label == "PERSON" and len(span) > 1 and form_kind(span) is None and (
            prev.lower_ in PERSON_NOUNS or det is not None and det.lower_ in _DETERMINERS) \
            and not (det is not None and det.lower_ in _LISTED):
        return None  # 'investor Warren Buffett', 'the firm John Smith founded'; but 'listed peer Acme Launch'
    return "organization" if prev.lower_ in ORGANIZATION_NOUNS else "company"


def _title_before(doc: Doc, i: int, floor: int) -> bool:
    """A job title ends at token ``i``: 'Head of ETF Data & Analytics', 'vice president of Economic Forecasting'."""
    k = i
    while k >= floor and i - k < 8 and (doc[k].text[:1].isupper() or doc[k].lower_ in ("of", "&", "and", "for")):
        if doc[k].lower_ in ROLE_AT and k < i and doc[k + 1].lower_ in ("of", "for"):
            return True
        k -= 1
    return k >= floor and doc[k].lower_ in ROLE_AT and k < i and doc[k + 1].lower_ in ("of", "for")


def _left_context(span: Span, label: str) -> str | None:
    """'chipmaker X', 'analysts at X', 'shares of X', 'stake in X', 'CEO of X'."""
    described = _described_before(span, label)
    if described:
        return described
    doc, floor = span.doc, span.sent.start
    prev = _before(doc, span.start, floor)
    before = _before(doc, prev.i, floor) if prev is not None else None
    if prev is None or before is None:
        return None
    low, blow = prev.lower_, before.lower_
    if low in ("at", "with", "from") and (blow in ROLE_AT or _title_before(doc, before.i, floor)):
        return "organization"
    return holding_kind(span) if label not in ("GPE", "LOC") else None


RULE_HELD_PLACE = "kind.held-place"


def holding_kind(span: Span) -> str | None:
    """'company' after 'shares of', 'chief executive of', 'a stake in', 'investors in'. For a name NER calls a
    place, the caller asks only when no gazetteer knows the name ([kind.held-place]: 'investors in Quellmark',
    'its investment in ZQ Mobility'; 'a stake in China' is a country's market)."""
    doc, floor = span.doc, span.sent.start
    prev = _before(doc, span.start, floor)
    before = _before(doc, prev.i, floor) if prev is not None else None
    if prev is None or before is None or _describes_next_name(span):
        return None
    if prev.lower_ == "of" and before.lower_ in OF_COMPANY or prev.lower_ == "in" and before.lower_ in _IN_COMPANY:
        return "company"
    return None


def _describes_next_name(span: Span) -> bool:
    """'Shares in North Sea producer Cromarty Petroleum': a company noun and a name follow, so the words before
    them describe that company (its region or market), and what 'shares in' names is the company after."""
    doc = span.doc
    j = span.end
    return j + 1 < len(doc) and company_noun(doc[j]) and doc[j + 1].text[:1].isupper()


def _described_after(span: Span, j: int, stop: int, person: bool = False) -> bool:
    """'X, a company founded by', 'X, the virtual reality company that', 'X is the world's largest aluminium
    producer', 'X and other fashion brands', 'X and German utility firms': a company noun heads the phrase after
    the name. For a name NER calls a person (``person``), only an apposition set off by commas whose head is
    such a noun ('Lattice Reason, an AI startup, raised'; not 'Jane Roe, the company's chief executive')."""
    doc = span.doc
    if j + 2 < stop and doc[j].text == "," and doc[j + 1].lower_ in ("a", "an", "the"):
        k = j + 2
    elif not person and j + 2 < stop and doc[j].lower_ in ("is", "was") and doc[j + 1].lower_ in ("a", "an", "the"):
        k = j + 2
    elif not person and j + 2 < stop and doc[j].lower_ == "and":
        k = j + 1
    else:
        return False
    for i in range(k, min(stop, k + 6)):
        tok = doc[i]
        nxt = doc[i + 1] if i + 1 < stop else None
        if person:  # the apposition ends at a noun only a company is: not 'a startup founder', 'a lawmaker'
            head = nxt is not None and nxt.text == "," and tok.lower_ in _PERSON_APPOSITION_HEADS
        else:
            head = nxt is None or nxt.pos_ not in ("NOUN", "PROPN") and nxt.text not in ("'s", "’s") \
                or nxt.lower_ in ("that", "which")  # not "X, the firm's chief strategist": the firm is another
        if head and (tok.lower_ in _APPOSITION_NOUNS or tok.lower_.endswith(("maker", "makers"))) \
                and not tok.text[0].isupper():
            return True
        if tok.pos_ not in ("ADJ", "NOUN", "PROPN", "NUM") and tok.lower_ not in ("other", "'s", "’s") \
                and tok.text != "-":
            return False
    return False


_MARKET_SIZE = frozenset({"capitalization", "capitalisation", "cap", "value"})


def _owned_after(span: Span, j: int, stop: int, label: str) -> str | None:
    """"X's chief executive", "X's previous chief", "X's Jane Doe" (someone at X)."""
    doc = span.doc
    k = j + 1
    if k < stop and doc[k].lower_ not in OWNED_BY_COMPANY and doc[k].pos_ == "ADJ" and k + 1 < stop \
            and doc[k + 1].pos_ in ("NOUN", "PROPN"):
        k += 1  # "X's previous chief"
    if k >= stop:
        return None
    word = doc[k].lower_
    if word == "market" and k + 1 < stop and doc[k + 1].lower_ in _MARKET_SIZE:
        word = "valuation"  # "X's market capitalization dropped": only a listed company has one
    if word in OWNED_BY_COMPANY and not (label in ("PERSON", "GPE", "LOC") and word in OWNED_BY_PEOPLE_TOO) \
            or _QUARTERS.fullmatch(word):
        return "company"
    nxt = doc[k]
    if label not in ("GPE", "LOC", "PERSON") and nxt.ent_type_ == "PERSON" and nxt.ent_iob_ == "B":
        end = k + 1
        while end < stop and doc[end].ent_iob_ == "I":
            end += 1
        if end - k > 1 or end < stop and doc[end].lower_ in _SPEECH:
            return "organization"  # "said Acme's Jane Doe", "Acme's Moon added"
    return None


def _noun_chain_head(doc: Doc, j: int, stop: int) -> bool:
    """Nouns after the name end in a company noun: 'Acme convenience store chain', 'Acme fintech business'."""
    k = j
    while k < stop and k - j < 3 and doc[k].pos_ == "NOUN" and not doc[k].text[:1].isupper():
        k += 1
    if k == j or k - j < 2:
        return False
    last = doc[k - 1]
    return last.lower_ in _APPOSITION_NOUNS and last.lower_ not in ORGANIZATION_NOUNS and last.tag_ == "NN" \
        and (k >= stop or doc[k].pos_ not in ("NOUN", "PROPN"))  # not 'Abu Dhabi investment firm Acme'


# 'according to a Quillon consensus', 'a Quillon poll': the name of whoever compiled the figures
_COMPILED = frozenset({"consensus", "poll", "survey"})


def _compound_after(span: Span, j: int, stop: int, label: str) -> str | None:
    """'Acme shares fell', 'Acme analysts', 'Acme founder Jane Doe', 'Acme Chief Executive Jane Doe', 'a Quillon
    consensus' (an indefinite article before the name: not a person's own consensus or poll)."""
    doc = span.doc
    if j >= stop or label in ("GPE", "LOC"):
        return None
    word = doc[j].lower_
    if word in _COMPILED and span.start > span.sent.start and doc[span.start - 1].lower_ in ("a", "an"):
        return "organization"
    if label == "" and word in ("acquisition", "takeover", "purchase", "merger"):
        return "company"  # 'his Acme acquisition'
    if label != "PERSON" and not span[0].is_sent_start and _noun_chain_head(doc, j, stop):
        return "company"  # 'Acme convenience store chain'
    if word in ("net", "quarterly", "annual", "operating") and j + 1 < stop and doc[j + 1].lower_ in _EARNINGS:
        word = "revenue"  # 'Acme net income rose'
    elif word not in COMPOUND_NOUNS or doc[j].pos_ not in ("NOUN", "PROPN"):
        return None
    if label == "PERSON" and (len(span) > 1 or word in NOT_FOR_PEOPLE):
        return None
    return "organization" if word.startswith(("analyst", "economist", "strategist", "official")) else "company"


def _verb_after(span: Span, j: int, stop: int, label: str) -> str | None:
    """'X reported revenue', 'X on Wednesday posted a loss', 'X said in a statement'."""
    doc = span.doc
    while j < stop and (doc[j].lower_ in _WEEKDAYS or doc[j].ent_type_ == "DATE"):
        j += 1  # 'Acme on Wednesday reported'
    if j + 1 < stop and doc[j].lower_ in _REPORT_VERBS and (label != "PERSON" or doc[j].lower_ not in (
            "forecast", "forecasts", "reaffirmed", "reiterated")):
        words = _COMPANY_EARNINGS if label in ("GPE", "LOC") else _EARNINGS  # 'China reported retail sales'
        if any(t.lower_ in words or label not in ("GPE", "LOC") and _QUARTERS.fullmatch(t.lower_)
               for t in doc[j + 1:min(stop, j + 8)]):
            return "company"
    if j + 2 < stop and doc[j].lower_ in _GUIDANCE_VERBS:  # 'Acme cuts 2025 profit outlook'
        window = doc[j + 1:min(stop, j + 6)]
        words = _COMPANY_EARNINGS if label in ("GPE", "LOC", "PERSON") else _EARNINGS
        if any(t.lower_ in words for t in window) and any(t.lower_ in _GUIDANCE for t in window):
            return "company"
    if j + 3 < stop and doc[j].lower_ in ("said", "says") and doc[j + 1].lower_ == "in" \
            and label not in ("GPE", "LOC") and (label != "PERSON" or len(span) == 1) \
            and any(t.lower_ in _STATEMENT for t in doc[j + 2:j + 5]):
        return "organization"
    return None


RULE_BROKEN_POSSESSIVE = "kind.broken-possessive"
_REPLACEMENT = "\ufffd"


def possessive_end(doc: Doc, j: int, stop: int) -> int | None:
    """[kind.broken-possessive] The index after a possessive that starts at token ``j``: "'s", "’s", or one whose
    apostrophe a wrong decoding replaced by one or two U+FFFD characters ('Acme\ufffd\ufffds earnings': the
    tokenizer reads '\ufffd', '\ufffd', 's'), written without spaces; None when there is none."""
    if j >= stop:
        return None
    if doc[j].text in ("'s", "’s") or doc[j].text in ("'", "’") and j > 0 and doc[j - 1].lower_.endswith("s") \
            and not doc[j - 1].whitespace_:
        return j + 1  # "Acme's", "Acme Homes' chairman"
    k = j
    while k < stop and k - j < 2 and doc[k].text == _REPLACEMENT and not doc[k - 1].whitespace_:
        k += 1
    if k > j and k < stop and doc[k].lower_ == "s" and not doc[k - 1].whitespace_:
        return k + 1
    return None


def _right_context(span: Span, label: str) -> str | None:
    doc, stop = span.doc, span.sent.end
    j = span.end
    if (after := possessive_end(doc, j, stop)) is not None:
        return _owned_after(span, after - 1, stop, label)
    if _described_after(span, j, stop, person=label == "PERSON" and len(span) > 1):
        return "company"
    return _compound_after(span, j, stop, label) or _verb_after(span, j, stop, label)


RULE_LISTED = "kind.listed-security"
# what is said only of a listed company, right after its name: a results line ('Q3 net profit up', 'FY10 net
# profit', 'net loss narrows') or its IPO ...
_RESULTS_AFTER = re.compile(
    r"(?:['’]s)?\s+(?:"
    r"(?:Q[1-4]|[1-4]Q|H[12]|FY\s?'?\d{2,4}|(?:first|second|third|fourth)[- ]quarter|"
    r"(?:" + MONTHS + r")\.?\s+(?:qtr|quarter))"
    r"(?:\s?FY\s?'?\d{2,4})?\s+(?:standalone\s+|consolidated\s+)?"
    r"(?:net|profit|PAT|revenues?|sales|earnings|results|numbers|loss|EBITDA)\b"
    r"|net\s+(?:profits?|loss(?:es)?|incomes?)\b|IPO\b"
    # corporate actions and a stock's calls: 'to raise Rs 500 crore', 'files for IPO', 'debuts at Rs 400',
    # 'rights issue', 'to issue bonus shares', 'sets record date', 'shares fall', 'is a strong buy', 'with a
    # target of Rs 300'
    r"|(?:to\s+)?raises?\s+(?:up\s?to\s+|over\s+|about\s+)?(?:Rs\.?|INR|US\$|\$|€|£)"
    r"|files?\s+(?:\w+\s+){0,4}?(?:IPO|DRHP|draft\s+red\s+herring)"
    r"|(?:debut(?:s|ed)|lists)\s+(?:at|on)\b|marks\s+(?:\w+\s+)?debut"  # not 'its Nasdaq debut on Friday'
    r"|(?:(?:to\s+)?(?:issue|announce|declare)s?\s+)?(?:rights|bonus)\s+(?:issue|shares)|sets\s+record\s+date"
    r"|shares?\s+(?:up|down|rise|rose|fall|fell|gain|drop|slip|jump|surge|rally|slump|plunge|hits?|touch(?:es)?|"
    r"climb(?:s|ed)?|soar(?:s|ed)?|tank(?:s|ed)?|tumble[sd]?|plummet(?:s|ed)?|zoom(?:s|ed)?|sank|sink)"
    # a payout, a buyback and the promoters: only a company has them
    r"|(?:declares?|announces?|gives?|pays?|recommends?)\s+(?:an?\s+)?(?:[\d.]+\s?%\s+|Rs\.?\s?[\d.]+\s+)?"
    r"(?:interim\s+|final\s+|special\s+)?dividend|(?:approves?|announces?|plans?|mulls?|considers?)\s+"
    # (not the board's decisions: a regulator has a board too)
    r"(?:share\s+)?buy-?back|buys?\s+back\s+(?:its\s+)?shares|promoters?\b(?!\s+of)"
    r"|(?:is\s+)?an?\s+(?:strong\s+|good\s+|great\s+)?(?:buy|sell)\b"
    r"|with\s+(?:an?\s+)?(?:stop\s+loss|target(?:\s+price)?)\s+(?:of|at)\b)", re.IGNORECASE)
# a stock's call before the name: 'Go short on X', 'stocks like X', 'Prefer X', 'upgrades X', 'coverage on X', 'raised
# its rating on X', 'a buy rating on X'
_CALL_BEFORE = re.compile(
    r"(?:\b(?:short|long)\s+on|\bstocks\s+like|\b(?:initiates\s+)?coverage\s+on|\b(?:upgrades|downgrades)|"
    r"\b(?:its|their|a|the)\s+(?:(?:buy|sell|hold|neutral)\s+)?(?:rating|recommendation|price\s+target)\s+on|"
    r"^(?:Sell|Buy|Prefer|Pick|Avoid|Accumulate|SELL|BUY))\s+$")
# an aside and a perfect tense between name and move: 'Acme, however, has gained 21%'
_MOVE_GAP = r"(?:\s*,\s*(?:however|meanwhile|though|by\s+contrast|in\s+contrast|for\s+its\s+part|too)\s*,)?" \
    r"(?:\s+(?:has|have|had))?"
# what is said of a traded security too: a move by a percentage ('rallies over 13%', 'shares up nearly 5%'),
# a record price ('hits 52-week high') or a sharp move on news ('surges on', 'tanks after'); an index, a
# commodity or a coin moves so too, so this counts only for a name that is no dictionary word and that NER calls
# a person or missed (see listed_kind)
_MOVE_AFTER = re.compile(
    r"(?:['’]s)?" + _MOVE_GAP + r"\s+(?:"
    r"(?:shares?\s+|stock\s+)?(?:rall(?:y|ies|ied)|surge[sd]?|zoom(?:s|ed)?|jump(?:s|ed)?|soar(?:s|ed)?|gain(?:s|ed)?|"
    r"climb(?:s|ed)?|rise[sn]?|rose|fall(?:s|en)?|fell|drop(?:s|ped)?|slip(?:s|ped)?|slump(?:s|ed)?|plunge[sd]?|"
    r"tank(?:s|ed)?|sheds?|sink(?:s)?|sank|tumble[sd]?|decline[sd]?|dip(?:s|ped)?|spurt(?:s|ed)?|skid(?:s|ded)?|"
    r"up|down)\s+(?:(?:over|nearly|about|almost|around|as\s+much\s+as|by|up\s?to|more\s+than|another)\s+)*"
    r"\d[\d.,]*\s*(?:%|per\s?cent|pc\b)"
    r"|(?:shares?\s+|stock\s+)?(?:(?:may|could|to|set\s+to)\s+(?:breach|test|hit|touch|scale)|hits?)\s+"
    r"(?:(?:a|its|fresh|new)\s+)?(?:record|all-time|\d+-week|\d+-month)\s+"
    r"(?:high|low)"
    r"|(?:shares?\s+|stock\s+)?(?:rall(?:ies|ied)|surge[sd]|zoom(?:s|ed)|soar(?:s|ed)|plunge[sd]|slump(?:s|ed)|"
    r"tank(?:s|ed)|tumble[sd]|skid(?:s|ded)|spurt(?:s|ed))(?:,|\s+(?:on|as|after|amid|post)\b))",
    re.IGNORECASE)
# a headline's action of its opening name, then its stock's move: 'Acme bags order; stock up 5%', 'Acme ties up with
# Foo, shares gain' (the stock is the opener's: its own action moved it; 'Sebi bans Acme; stock falls' is Acme's, and
# a regulator 'reports' and 'won' is a currency: not these verbs)
_ACTION_THEN_STOCK = re.compile(
    r"\s+(?:bags?|wins?|signs?|signed|inks?|launch(?:es)?|launched|posts?|posted|acquires?|"
    r"acquired|secures?|secured|receives?|received|gets?|bagged|ties?\s+up|unveils?|completes?|announces?|clinches?)"
    r"\b[^;:\n]{0,80}[;,]\s+(?:its\s+)?(?:stock|shares?|scrip)\s+(?:up|down|gains?|gained|rises?|rose|falls?|fell|"
    r"jumps?|jumped|surges?|surged|rall(?:y|ies|ied)|slips?|slipped|drops?|dropped|tanks?|soars?|climbs?|zooms?)\b",
    re.IGNORECASE)
_POLL_AFTER = re.compile(r"\s+(?:\S+\s+){0,3}?(?:approval|polls?|ratings?|survey|votes?)\b", re.IGNORECASE)


def listed_kind(span: Span, label: str) -> str | None:
    """[kind.listed-security] 'company' when the words right after the name are said only of a listed company:
    a results line or its IPO ('Acme Q3 net profit up 12%', 'Acme IPO'); or, for a name of no dictionary word
    that NER calls a person or missed, a share move ('Korvath Structures rallies 13%' is no person, 'Velmora hits
    52-week high'), never a poll's or a rating's share ('Jane Doe gains 5% in approval ratings')."""
    coined = is_word(span.doc.vocab, span[0].text) is False
    if not coined and (label == "" or len(span) == 1 and span[0].is_sent_start):
        return None  # 'Post Q4 earnings, telecoms appear safer': a lone dictionary word opening it is no name
    after = text_after(span, 18)
    if _RESULTS_AFTER.match(after) or _CALL_BEFORE.search(text_before(span, 4)):
        return "company"
    if span[0].is_sent_start and _ACTION_THEN_STOCK.match(text_after(span, 30)):
        return "company"  # 'Acme bags order; stock up 5%'
    if label not in ("PERSON", "") or not (coined or len(span) > 1 and any(
            t.is_alpha and is_word(span.doc.vocab, t.text) is False for t in span[1:])):
        return None  # 'Gateway Distriparks gains 4.5%': a later word of no dictionary counts too
    m = _MOVE_AFTER.match(after)
    return "company" if m and not _POLL_AFTER.match(after, m.end()) else None


RULE_EMPLOYER = "kind.employer"
# a market job title between an employer and a person's name: 'Acme analyst Jane Doe', 'Acme Chief Equity
# Strategist Jane Doe', 'Acme chief investment officer Jane Doe', 'Acme senior economist Jane Doe'
# the titles a person's name follows directly ('Acme chief economist Jane Doe'), and their plurals
PERSON_ROLES = frozenset({"analyst", "strategist", "economist"})
_MARKET_ROLES = PERSON_ROLES | {role + "s" for role in PERSON_ROLES}
_EMPLOYED_ROLES = _MARKET_ROLES | {"officer", "director", "manager"}
_TITLE_WORDS = frozenset({"chief", "senior", "head", "global", "equity", "equities", "investment", "market",
                          "markets", "economic", "portfolio", "managing", "lead", "deputy", "macro", "credit",
                          "research", "fixed", "income", "wealth", "asset", "allocation", "technical", "sector",
                          "industry", "fx", "rates", "currency", "commodities", "commodity", "energy", "banking",
                          "emerging", "international", "principal", "executive", "multi-asset", "investments"})


def employer_kind(span: Span, label: str) -> str | None:
    """[kind.employer] 'organization' for a name written right before a market job title and a person's name
    ('Quillon Chief Equity Strategist Jane Doe', 'Brennick analyst Jane Doe'): that person's employer. NER
    calls such firms places, nationalities or people ('Raymond James analyst ...'); a person's name counts only
    when it has two words and the title is an analyst's, a strategist's or an economist's ('Trump adviser ...'
    stays). The caller rules out the places, people and nationalities it knows ('Dallas Fed President ...',
    'German economist Hans Weber')."""
    doc = span.doc
    j, stop, last = span.end, min(len(doc), span.end + 5), ""
    while j < stop and (doc[j].lower_ in _TITLE_WORDS or doc[j].lower_ in _EMPLOYED_ROLES):
        last, j = doc[j].lower_, j + 1
    if last not in _EMPLOYED_ROLES or j >= len(doc) or doc[j].ent_type_ != "PERSON" or doc[j].ent_iob_ != "B":
        return None
    if label == "PERSON" and (len(span) < 2 or last not in _MARKET_ROLES):
        return None
    return "organization"


def left_context_kind(span: Span, label: str) -> str | None:
    """The evidence of the words before the name alone ('chipmaker X', 'analysts at X', 'shares of X')."""
    return _left_context(span, label)


# 'Acme Daily reports, citing Bloomberg', 'as Acme Wire reported, citing sources': a name that reports citing a
# source is a news outlet
_REPORTS_CITING = re.compile(r"\s+(?:reports|reported|writes|wrote)\s*,?\s+citing\b")


def text_after(span: Span, tokens: int = 24) -> str:
    """The text right after ``span`` (its trailing space first), ``tokens`` tokens long: ``Doc.text`` joins every
    token on each call, too slow to read once per name."""
    doc = span.doc
    return span[-1].whitespace_ + doc[span.end:min(len(doc), span.end + tokens)].text


def text_before(span: Span, tokens: int = 6) -> str:
    """The text right before ``span``, with the space between (see :func:`text_after`)."""
    return span.doc[max(0, span.start - tokens):span.start].text_with_ws


def outlet_context(span: Span) -> str | None:
    """'outlet' when the name reports something citing a source, else None."""
    return "outlet" if _REPORTS_CITING.match(text_after(span, 8)) else None


# ---------------------------------------------------------------------------------------------------------------
# The voice of an organisation: what news says of companies, agencies and groups, never of a place, and of a person
# only in the first form. Each rule has an id (used in tests and docs/benchmarks.md).

RULE_NO_COMMENT = "kind.no-comment"
RULE_SAID_IT = "kind.said-it"
# what may stand between the name and the verb: ', however,', 'also', 'has', 'on Tuesday'
_VOICE_GAP = (r"(?:\s*,[^,.;\n]{1,40},)?\s+(?:(?:also|has|have|had|previously|later|separately|itself)\s+)?"
              r"(?:(?:on|late|early)\s+[A-Z][a-z]+day\s+)?")
_NO_COMMENT = re.compile(
    _VOICE_GAP + r"(?:declined\s+(?:to\s+)?comment|declined\s+to\s+(?:give|provide|offer|make)\s+(?:a\s+|any\s+)?"
    r"comment|did\s+not\s+(?:immediately\s+)?(?:respond|reply|return|comment)|(?:could|can)\s*not\s+"
    r"(?:immediately\s+)?be\s+reached|(?:was|were)\s+not\s+(?:immediately\s+)?available\s+(?:for|to)\s+comment|"
    r"had\s+no\s+(?:immediate\s+)?comment|did\s+not\s+disclose)\b")
_SAID_IT = re.compile(_VOICE_GAP + r"(?:said|says|announced|added|stated|confirmed)\s+(?:(?:on|late|early)\s+"
                      r"[A-Z][a-z]+day\s+)?(?:that\s+)?(?:it|its)\b")
# the second name of 'Acme and Foo Corp declined to comment'
_AND_NAME = re.compile(r"\s+and\s+(?:the\s+)?[A-Z][\w&.'+-]*(?:\s+[A-Z][\w&.'+-]*){0,3}")


RULE_ACRONYM_VOICE = "kind.acronym-voice"
_ACRONYM = re.compile(r"[A-Z]{2,6}")
_OPINION_AFTER = re.compile(r"\s+(?:says|said|thinks|expects|estimates|notes|noted|wrote|writes|sees|warned|warns|"
                            r"forecasts|believes|calculates|calculated)\b")
_ACCORDING_BEFORE = re.compile(r"\baccording\s+to\s+(?:the\s+)?$", re.IGNORECASE)


def acronym_voice_kind(span: Span) -> tuple[str, str] | None:
    """[kind.acronym-voice] ('organization', rule id) for a name written in capitals ('ZQRA') that says, thinks,
    expects or estimates something, or that something is 'according to': a research firm, broker or agency
    speaking. People's names are not written in capitals; for places the caller checks the knowledge base (and
    common finance acronyms, 'CEO said', never reach here)."""
    if not _ACRONYM.fullmatch(span.text):
        return None
    if _OPINION_AFTER.match(text_after(span, 3)) or _ACCORDING_BEFORE.search(text_before(span, 4)):
        return "organization", RULE_ACRONYM_VOICE
    return None


RULE_RATING_ACTION = "kind.rating-action"
# 'X upgraded the stock to overweight', 'X cut its price target on Acme', 'X initiated coverage of Acme': what a
# broker or a ratings agency does (an analyst who does it is named with a title or a firm: the caller checks)
_RATINGS = (r"(?:strong\s+)?(?:buy|sell|hold|neutral|overweight|underweight|equal[- ]weight|market[- ]weight|"
            r"outperform|underperform|market\s+perform|sector\s+perform|peer\s+perform|add|reduce|accumulate|"
            r"positive|negative|in[- ]line)")
_RATING_ACTION = re.compile(
    _VOICE_GAP + r"(?:(?:upgraded|downgraded|upgrades|downgrades)\s+(?:\S+\s+){0,6}?(?:to|from)\s+['\"‘“]?"
    + _RATINGS + r"\b"
    r"|(?:initiated|initiates|resumed|resumes)\s+coverage\b"
    r"|(?:raised|raises|cut|cuts|lowered|lowers|lifted|lifts|trimmed|trims)\s+its\s+(?:price\s+)?target\b)")


def rating_kind(span: Span) -> tuple[str, str] | None:
    """[kind.rating-action] ('company', rule id) for a name that upgrades or downgrades something, starts coverage
    of a stock or moves *its* price target: a broker or a ratings agency ('Harwell Lane upgraded the stock to
    overweight'). A person does it as someone's analyst ('Acme analyst Jane Doe upgraded ...') or with 'his' /
    'her' target: the caller leaves names after a job title or a possessive, and people named in full before."""
    if _RATING_ACTION.match(text_after(span, 16)):
        return "company", RULE_RATING_ACTION
    return None


def voice_kind(span: Span, *, said_it: bool = True, coordinated: bool = True) -> tuple[str, str] | None:
    """('organization', rule id) when the words after ``span`` are what news says of an organisation:

    - ``kind.no-comment``: 'X declined to comment', 'X did not immediately respond to a request for comment',
      'X could not be reached', 'X did not disclose the price'; with ``coordinated``, also the first name of
      'X and Y declined to comment'. Places never decline to comment (their governments are named so).
    - ``kind.said-it`` (with ``said_it``): 'X said it would', 'X on Tuesday said its profit ...': a person is 'he'
      or 'she', not 'it'.

    Only for names the caller cannot tell otherwise (NER missed them, or NER's place is no place the knowledge
    base knows): 'Powell said it was too early' is a person speaking of something else."""
    text, pos = text_after(span), 0
    starts = [pos]
    if coordinated and (m := _AND_NAME.match(text, pos)):
        starts.append(m.end())
    if any(_NO_COMMENT.match(text, p) for p in starts):
        return "organization", RULE_NO_COMMENT
    if said_it and _SAID_IT.match(text, pos):
        return "organization", RULE_SAID_IT
    return None


RULE_OWN_PRODUCT = "kind.own-product"
# 'its Ranger X5 and X7 models', 'their Zest trainers': what a maker calls its products after their names
PRODUCT_NOUNS = frozenset({
    "model", "models", "vehicle", "vehicles", "car", "cars", "suv", "suvs", "truck", "trucks", "phone", "phones",
    "smartphone", "smartphones", "handset", "handsets", "laptop", "laptops", "tablet", "tablets", "headset",
    "headsets", "console", "consoles", "device", "devices", "chip", "chips", "processor", "processors", "trainers",
    "sneakers", "shoes", "drug", "drugs", "vaccine", "vaccines", "pill", "pills", "therapy", "jet", "jets",
    "aircraft", "plane", "planes", "engine", "engines", "lineup", "line-up", "beer", "beers", "drinks", "game",
    "games", "drone", "drones", "rocket", "rockets", "satellite", "satellites", "robot", "robots", "helicopter",
    "helicopters", "jetliner", "jetliners", "airliner", "airliners", "gpu", "gpus", "accelerator", "accelerators"})
# a model's designation: letters and digits, one hyphen at most ('X-104', 'A350', 'GB200')
_DESIGNATION = re.compile(r"(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?")


def product_context(span: Span) -> str | None:
    """[kind.own-product] 'product' for a name after 'its' / 'their' and before a product noun ('its Ranger X5
    and X7 models', 'their Zest trainers'): a maker's own product. Not after 'the' ('the Quellix vaccine' is
    often the maker's name). A model's designation of letters and digits, alone or after its maker's name, is a
    product before its noun wherever it stands ('unveils X-104 drone', 'adds 14 Airbus A321XLR jets')."""
    doc, sent = span.doc, span.sent
    if _DESIGNATION.fullmatch(span[-1].text) and span.end < sent.end and doc[span.end].lower_ in PRODUCT_NOUNS \
            and not doc[span.end].text[:1].isupper():
        return "product"  # 'unveils X-104 drone', 'the GB200 chips', '14 Airbus A321XLR jets': a model before its noun
    if _named_after_own_noun(span):
        return "product"  # 'its diabetes drug Glucara', "Orrel's flagship phone Zephyr"
    if span.start <= sent.start or doc[span.start - 1].lower_ not in ("its", "their"):
        return None
    j = span.end
    if j + 1 < sent.end and doc[j].lower_ in ("and", "or") and name_like(doc[j + 1]) and not doc[j + 1].is_punct:
        j += 2  # 'its Ranger X5 and X7 models'
        while j < sent.end and name_like(doc[j]) and not doc[j].is_punct:
            j += 1
    return "product" if j < sent.end and doc[j].lower_ in PRODUCT_NOUNS and not doc[j].text[:1].isupper() else None


def _named_after_own_noun(span: Span) -> bool:
    """A name right after a maker's own product noun: 'its diabetes drug Glucara', "Orrel's flagship phone Zephyr"
    (the owner, then at most three lower-case words, then the noun)."""
    doc, lo = span.doc, span.sent.start
    k = span.start - 1
    if k <= lo or doc[k].lower_ not in PRODUCT_NOUNS or doc[k].text[:1].isupper():
        return False
    for i in range(k - 1, max(lo, k - 5) - 1, -1):
        if doc[i].lower_ in ("its", "their") or doc[i].text in ("'s", "’s"):
            return True
        if not doc[i].is_lower or not doc[i].is_alpha and "-" not in doc[i].text:
            return False
    return False


RULE_NAMED_THING = "kind.named-thing"
# what a name right before these nouns is: a place ('the Hjelmar field', 'the Escondida mine') or a product ('CME
# Group's FedWatch tool'), not the organisation NER often calls it
_THING_NOUNS = {"field": "place", "oilfield": "place", "gasfield": "place", "mine": "place", "deposit": "place",
                "tool": "product", "app": "product"}


# a site a company shuts or opens, named by its place: 'to shut Teesside blast furnace', 'will close its Ostrava plant'
_SITE_NOUNS = frozenset({"plant", "factory", "works", "site", "refinery", "smelter", "mill", "facility", "terminal",
                         "warehouse", "depot", "furnace"})
_SITE_VERBS = frozenset({"shut", "shuts", "shutting", "close", "closes", "closed", "closing", "open", "opens",
                         "opened", "opening", "idle", "idles", "idled", "mothball", "mothballs", "mothballed"})


def _site_place(span: Span) -> bool:
    """A one-word name between a verb that shuts or opens a site and the site's noun ('shut Teesside blast
    furnace', 'close its Ostrava plant')."""
    doc, sent, j = span.doc, span.sent, span.end
    if j < sent.end and doc[j].lower_ == "blast":
        j += 1
    if j >= sent.end or doc[j].lower_ not in _SITE_NOUNS or j + 1 < sent.end and doc[j + 1].pos_ in ("NOUN", "PROPN"):
        return False
    i = span.start - 1
    if i >= sent.start and doc[i].lower_ in ("its", "the", "their"):
        i -= 1
    return i >= sent.start and doc[i].lower_ in _SITE_VERBS


def thing_context(span: Span) -> str | None:
    """[kind.named-thing] 'place' or 'product' for a one-word name before a noun that says what thing it is ('the
    Hjelmar field', 'its FedWatch tool'), when that noun ends the phrase ('Acme field services' is a company); a
    site a company shuts or opens is a place ('to shut Teesside blast furnace')."""
    doc, sent = span.doc, span.sent
    j = span.end
    if len(span) == 1 and _site_place(span):
        return "place"
    if len(span) <= 3 and j < sent.end and doc[j].lower_ in ("grade", "blend") and \
            not (j + 1 < sent.end and doc[j + 1].pos_ in ("NOUN", "PROPN")):
        return "product"  # 'its flagship Arab Light grade', 'the Murban blend': a crude grade
    if len(span) != 1 or j >= sent.end or doc[j].text[:1].isupper() or doc[j].lower_ not in _THING_NOUNS:
        return None
    if j + 1 < sent.end and doc[j + 1].pos_ in ("NOUN", "PROPN"):
        return None
    return _THING_NOUNS[doc[j].lower_]


def context_kind(span: Span, label: str) -> str | None:
    """'company' or 'organization' when the words around ``span`` say so; ``label`` is the NER label ('' for a
    name NER missed). People and places need stronger evidence than organisations: a place is never re-typed by
    the words after it ('China shares'), a person's full name only by a company word or a description."""
    return _left_context(span, label) or _right_context(span, label)
