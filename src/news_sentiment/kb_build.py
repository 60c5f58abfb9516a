"""Generate ``models/kb/constituents.yaml``: stock-index constituents with tickers (build time only).

    pip install -e '.[kb]'
    python -m news_sentiment.kb_build            # writes models/kb/constituents.yaml
    python -m news_sentiment.kb_build --check    # exit 1 when the file is not up to date

The data is the offline index lists of the ``pytickersymbols`` package (MIT licence). Word tests use
``wordfreq`` and the lemmatizer tables of the project's spaCy model. The extractor imports none of this:
it only reads the generated YAML. The hand-written KB files stay authoritative: a constituent already
there (same ticker, or same name after folding and legal-suffix stripping) is left out, and no generated
name or alias repeats a hand-written one.

Surface forms (the KB ruler matches every name and alias case-sensitively, anywhere in a text):

* ``name``: the index name without legal suffixes (``Charles Schwab Corporation`` -> ``Charles Schwab``);
  the official name is an alias, and so is a form without accents (``Credit Agricole``).
* a *short form* drops trailing common words (``Chipotle Mexican Grill`` -> ``Chipotle``), unless they
  name a region other than the company's home (``Airtel Africa``: 'Airtel' is the wider group) or what
  is left ends in initials (``C.H.``).
* a one-word form is at least 3 characters, not a common acronym, not a place named in the source data
  or the KB, and visibly a name (digit, ``-&+.'``, inner capital: ``T-Mobile``, ``AppLovin``) or not a
  *common word* (:class:`WordTests`). ``Target``, ``Ball``, ``Block`` fail, so those companies keep their
  official name (``Target Corporation``, with ``Target Corp.``...); a company whose only name fails
  (``Recruit``) is left out. A one-word short form must have 4+ letters and not even be frequent
  (``Abbott``, ``Phillips``, ``Lam`` are surnames), nor be a word of another KB name (``Realty``).
* a multi-word short form contains no frequent word (``Charles River`` is not kept).
* a form two constituents claim goes to the one whose name it is; between equals it is dropped
  (``Mitsubishi``), and so is any form that starts a hand-written name (``Nasdaq``: ``Nasdaq 100``).
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
import unicodedata
import urllib.parse
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

import yaml

from news_sentiment.nlp.kb import (
    KnowledgeBase,
    build_kb,
    default_kb_dir,
    fold,
    is_common_acronym,
    parse_kb_file,
    strip_legal,
)

log = logging.getLogger(__name__)

OUTPUT_NAME = "constituents.yaml"
SOURCE_PACKAGE = "pytickersymbols"
WORDS_PACKAGE = "wordfreq"

# Index names as in ``PyTickerSymbols().get_all_indices()``. US indices first: a company listed in
# several takes its first listing's ticker (US plain symbols, as the hand-written KB and gold use).
DEFAULT_INDICES = (
    "S&P 500", "NASDAQ 100", "DOW JONES", "FTSE 100", "DAX", "EURO STOXX 50", "CAC_40", "NIKKEI 225",
    "Switzerland 20", "AEX", "IBEX 35",
)
US_INDICES = frozenset({"S&P 500", "S&P 100", "S&P 600", "NASDAQ 100", "DOW JONES"})

# Zipf frequency (log10 of occurrences per billion words, wordfreq's English list) from which a word is
# an ordinary English word: 3.5 is about 3 per million words ('dish' 4.2, 'visa' 4.1, 'compass' 3.7;
# 'chipotle' 3.1, 'lennox' 3.2, 'biogen' 2.0).
COMMON_ZIPF = 3.5

# Yahoo symbol suffix -> exchange, in the spelling the hand-written KB uses.
SUFFIX_EXCHANGES = {
    "L": "LSE", "DE": "XETRA", "F": "FSE", "PA": "EPA", "AS": "Euronext Amsterdam", "BR": "Euronext Brussels",
    "LS": "Euronext Lisbon", "IR": "Euronext Dublin", "MC": "BME", "MI": "Borsa Italiana", "SW": "SIX",
    "T": "TSE", "HE": "Nasdaq Helsinki", "ST": "Nasdaq Stockholm", "CO": "Nasdaq Copenhagen", "OL": "Oslo Bors",
    "VI": "Wiener Borse", "HK": "HKEX",
}
US_EXCHANGES = {"NYSE": "NYSE", "NASDAQ": "NASDAQ", "NYSEAMERICAN": "NYSE American", "BATS": "Cboe BZX"}

# Hand-written entities of these kinds can be the same company as a constituent.
SAME_COMPANY_KINDS = ("company", "organization", "outlet")

# Continents and world regions (folded): a listing named '<brand> <region>' is a regional arm.
WORLD_REGIONS = frozenset({
    "africa", "america", "americas", "asia", "europe", "oceania", "pacific", "asia pacific", "latin america",
    "north america", "south america", "middle east", "emea", "apac", "nordic", "nordics", "scandinavia",
})

# Spellings of the legal forms that keep a name distinctive when its bare stem is an ordinary word.
_LEGAL_FAMILIES = (
    ("Corporation", "Corp.", "Corp"), ("Inc.", "Inc", "Incorporated"), ("Company", "Co.", "Co"),
    ("Limited", "Ltd.", "Ltd"), ("plc", "PLC"),
)
_LEGAL_SPELLING = {s.lower(): fam for fam in _LEGAL_FAMILIES for s in fam}
_ADMIN_WORDS = ("city", "prefecture", "province", "county", "state", "ward", "district")
_SYMBOL_RE = re.compile(r"^[A-Z0-9][A-Z0-9&-]*(?:\.[A-Z]{1,2})?$")
_MARKED_RE = re.compile(r"[0-9&+.'’-]")
_CAMEL_RE = re.compile(r"[a-z][A-Z]|^[A-Z]{2,}[a-z]")
_INITIAL_RE = re.compile(r"^(?:[A-Z]\.)+$")

NAME, SHORT = 0, 1  # priorities of a surface form: a company's own name beats a derived short form


@dataclass(frozen=True)
class Listing:
    """One index row of the source data."""

    name: str
    symbol: str
    index: str
    isins: tuple[str, ...] = ()
    exchange: str | None = None  # NYSE / NASDAQ for US listings, when the source says
    places: tuple[str, ...] = ()  # headquarters etc. named in the source
    title: str | None = None  # the source's encyclopedia title for the company, to check the name


@dataclass
class BuildStats:
    """What :func:`build_constituents` did, for the log and the report."""

    listings: int = 0
    companies: int = 0
    added: int = 0
    inconsistent: list[str] = field(default_factory=list)  # source name does not match its own record
    bad_symbol: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # already in the hand-written KB
    no_name: list[str] = field(default_factory=list)  # no distinctive surface form left
    dropped: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # reason -> forms

    def summary(self) -> str:
        drops = ", ".join(f"{k} {len(v)}" for k, v in sorted(self.dropped.items()))
        return (f"{self.listings} listings -> {self.companies} companies: {self.added} added, "
                f"{len(self.duplicates)} already hand-written, {len(self.no_name)} without a distinctive name, "
                f"{len(self.inconsistent)} inconsistent and {len(self.bad_symbol)} bad symbols skipped; "
                f"forms dropped: {drops or 'none'}")


# ----------------------------------------------------------------------------- words and names
@dataclass(frozen=True)
class WordTests:
    """How ordinary a word is (any case). Injectable, so tests need neither wordfreq nor the spaCy model.

    ``frequent``: Zipf frequency >= :data:`COMMON_ZIPF` in wordfreq's English list. That counts every use,
    so famous brands ('Verizon' 3.7) and surnames ('Abbott' 3.9) are frequent too. ``in_dictionary``: a
    word, or an inflection of one, of the English lexicon of the spaCy model's lemmatizer, which has
    'target' and 'laboratories' but not 'Verizon' or 'Abbott'. A frequent dictionary word is *common*."""

    frequent: Callable[[str], bool]
    in_dictionary: Callable[[str], bool]

    def common(self, word: str) -> bool:
        return self.frequent(word) and self.in_dictionary(word)


@lru_cache(maxsize=None)
def wordfreq_frequent(word: str) -> bool:
    """Zipf frequency of ``word`` (lower-cased) in wordfreq's English list >= :data:`COMMON_ZIPF`."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), "en") >= COMMON_ZIPF


class SpacyDictionary:
    """Is a word English? The rule lemmatizer's tables of the project's spaCy model: its word index
    (WordNet-based), irregular forms, and suffix rules ('laboratories' -> 'laboratory')."""

    POS = ("noun", "verb", "adj", "adv")

    def __init__(self, model: str | None = None) -> None:
        from news_sentiment.nlp.pipeline import load_model, model_version

        nlp = load_model(model, fine_tuned=False)  # the lemmatizer's tables only: our NER weights do not matter
        self.version = model_version(nlp)
        lookups = nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
        index, exc, rules = (lookups.get_table(t) for t in ("lemma_index", "lemma_exc", "lemma_rules"))
        self.index = {pos: set(index.get(pos, ())) for pos in self.POS}
        self.exc = {pos: set(exc.get(pos, {})) for pos in self.POS}
        self.rules = {pos: [(str(o), str(n)) for o, n in rules.get(pos, ())] for pos in self.POS}
        self._seen: dict[str, bool] = {}

    def __call__(self, word: str) -> bool:
        w = word.lower()
        if w not in self._seen:
            self._seen[w] = any(
                w in self.index[pos] or w in self.exc[pos]
                or any(w.endswith(old) and w[:len(w) - len(old)] + new in self.index[pos]
                       for old, new in self.rules[pos])
                for pos in self.POS)
        return self._seen[w]


@lru_cache(maxsize=1)
def default_word_tests() -> WordTests:
    """wordfreq for frequency, the project's spaCy model for the dictionary."""
    return WordTests(frequent=wordfreq_frequent, in_dictionary=SpacyDictionary())


def _bare(token: str) -> str:
    """'James's' -> 'James', 'Inc.' -> 'Inc'."""
    return re.sub(r"['’]s$", "", token).strip(".,")


def _words(form: str) -> list[str]:
    return [w for w in form.split() if any(ch.isalpha() for ch in w)]


def is_marked(word: str) -> bool:
    """A token that is visibly a name, not a dictionary word: 'T-Mobile', 'AppLovin', 'M&G', 'Lowe's'."""
    return bool(_MARKED_RE.search(word)) or (not word.isupper() and bool(_CAMEL_RE.search(word)))


def distinctive_word(word: str, words: WordTests, *, strict: bool = False) -> bool:
    """May a one-word form be an alias? Not 1-2 characters, not a common acronym, and visibly a name or
    not a common word ('Target', 'Ball' are). ``strict``, for short forms derived by dropping words: not a
    frequent word or name either ('Abbott' of Abbott Laboratories, 'Phillips' of Phillips 66)."""
    if len(word) <= 2 or is_common_acronym(word):
        return False
    if is_marked(word):
        return True
    word = word.strip(".,")
    return not (words.frequent(word) if strict else words.common(word))


def ascii_variant(text: str) -> str:
    """'Crédit Agricole' -> 'Credit Agricole', 'Brown–Forman' -> 'Brown-Forman' (news often drops accents)."""
    text = text.replace("–", "-").replace("—", "-").replace("’", "'")
    text = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))


def official_name(raw: str) -> str:
    """The source name without a disambiguating parenthesis: 'PTC (software company)' -> 'PTC'."""
    return re.sub(r"\s+", " ", re.sub(r"\s*\([^)]*\)", "", raw)).strip(" ,")


def clean_name(raw: str) -> str:
    """Short clean name: legal suffixes, a leading 'The' and a dangling '&' removed.

    'Charles Schwab Corporation' -> 'Charles Schwab', 'Arthur J. Gallagher & Co.' -> 'Arthur J. Gallagher',
    'The Walt Disney Company' -> 'Walt Disney'."""
    name = official_name(raw)
    name = re.sub(r"^The\s+", "", name)
    while True:
        new = re.sub(r"(?:\s+(?:&|and|\+))+$", "", strip_legal(name)).strip(" ,")
        if new == name or not new:
            return name
        name = new


def short_form(name: str, words: WordTests) -> str | None:
    """The name without its trailing common words ('Chipotle Mexican Grill' -> 'Chipotle'), or None."""
    tokens = name.split()
    end = len(tokens)
    while end > 1 and (not any(ch.isalpha() for ch in tokens[end - 1]) or words.common(tokens[end - 1].strip(".,"))):
        end -= 1
    while end > 1 and tokens[end - 1] in ("&", "and", "of", "+"):
        end -= 1
    if end == len(tokens) or _INITIAL_RE.match(tokens[end - 1]):
        return None  # 'C.H.' of 'C.H. Robinson': a person's initials, not a name
    return " ".join(tokens[:end])


def legal_variants(official: str) -> list[str]:
    """'Target Corporation' -> ['Target Corp.', 'Target Corp', ...]: spellings of its legal form."""
    m = re.match(r"^(.*?),?\s+(\S+)$", official)
    if not m or m.group(2).lower() not in _LEGAL_SPELLING:
        return []
    stem = m.group(1)
    return [f"{stem} {s}" for s in _LEGAL_SPELLING[m.group(2).lower()]]


def place_names(texts: Iterable[str]) -> set[str]:
    """Folded place names from free-text locations ('Otemon, Chūō-ku, Fukuoka City , Japan')."""
    out: set[str] = set()
    for text in texts:
        for part in re.split(r"[,;()]", text or ""):
            part = part.strip()
            if not part[:1].isupper():
                continue
            out.add(fold(part))
            words = part.split()
            if len(words) > 1 and words[-1].lower() in _ADMIN_WORDS:
                out.add(fold(" ".join(words[:-1])))
    return out


# ----------------------------------------------------------------------------- source data
def _title(url: str | None) -> str | None:
    if not url:
        return None
    return urllib.parse.unquote(url.rstrip("/").rsplit("/", 1)[-1]).replace("_", " ")


def _us_exchange(stock: Mapping[str, Any]) -> str | None:
    symbol = str(stock.get("symbol") or "")
    for sym in stock.get("symbols") or ():
        market, _, code = str(sym.get("google") or "").partition(":")
        if code.replace(".", "-") == symbol.replace(".", "-") and market in US_EXCHANGES:
            return US_EXCHANGES[market]
    traded = str((stock.get("metadata") or {}).get("traded_as") or "")
    m = re.search(r"\b(NYSE|Nasdaq|NASDAQ)\s*(American)?\s*:\s*" + re.escape(symbol) + r"\b", traded)
    if m:
        return "NYSE American" if m.group(2) else US_EXCHANGES[m.group(1).upper()]
    return None


def listing_from_record(stock: Mapping[str, Any], index: str) -> Listing:
    """A :class:`Listing` from one pytickersymbols stock record."""
    meta = stock.get("metadata") or {}
    return Listing(
        name=str(stock.get("name") or "").strip(),
        symbol=str(stock.get("symbol") or "").strip(),
        index=index,
        isins=tuple(stock.get("isins") or ()),
        exchange=_us_exchange(stock) if index in US_INDICES else None,
        places=tuple(str(p) for p in (stock.get("country"), meta.get("headquarters")) if p),
        title=_title(meta.get("wikipedia_url")),
    )


def read_listings(indices: Sequence[str] = DEFAULT_INDICES) -> list[Listing]:
    """Every constituent of ``indices`` from the installed pytickersymbols package (no network)."""
    try:
        from pytickersymbols import PyTickerSymbols
    except ImportError as exc:  # pragma: no cover - build-time dependency
        raise ImportError("pytickersymbols is not installed: pip install -e '.[kb]'") from exc
    source = PyTickerSymbols()
    known = set(source.get_all_indices())
    missing = [i for i in indices if i not in known]
    if missing:
        raise ValueError(f"unknown index {', '.join(missing)}; pytickersymbols has: {', '.join(sorted(known))}")
    return [listing_from_record(stock, index) for index in indices for stock in source.get_stocks_by_index(index)]


def _letters(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9 ]+", " ", fold(text)).split()


def consistent(listing: Listing) -> bool:
    """Does the name fit the record's own encyclopedia title? (Some rows pair one company's name with
    another's symbol and metadata.) True when there is no title, a shared word of 3+ letters, one contains
    the other, or one is the initials of the other ('BBVA', 'ABB')."""
    if not listing.title:
        return True
    a, b = _letters(official_name(listing.name)), _letters(re.sub(r"\(.*?\)", "", listing.title))
    if {w for w in a if len(w) >= 3} & set(b):
        return True
    ja, jb = "".join(a), "".join(b)
    if ja and jb and (ja in jb or jb in ja):
        return True
    return ja == "".join(w[0] for w in b) or jb == "".join(w[0] for w in a)


def ticker_of(listing: Listing) -> str | None:
    """US listings: the plain symbol with class shares as Yahoo writes them ('BRK.B' -> 'BRK-B');
    others: the Yahoo symbol ('SAP.DE', '7203.T'). None when the symbol is malformed."""
    symbol = listing.symbol.upper()
    if listing.index in US_INDICES and "." in symbol and symbol.rsplit(".", 1)[1] not in SUFFIX_EXCHANGES:
        symbol = symbol.replace(".", "-")  # class shares, not an exchange suffix
    return symbol if _SYMBOL_RE.match(symbol) else None


def exchange_of(listing: Listing, ticker: str) -> str | None:
    if "." in ticker:
        return SUFFIX_EXCHANGES.get(ticker.rsplit(".", 1)[1])
    return listing.exchange


# ----------------------------------------------------------------------------- building
def hand_written_kb(kb_dir: Path | None = None, exclude: str = OUTPUT_NAME) -> KnowledgeBase:
    """The KB of ``kb_dir`` (default :func:`default_kb_dir`) without the generated file, parsed as
    :func:`news_sentiment.nlp.kb.load_kb` does."""
    kb_dir = Path(kb_dir) if kb_dir else default_kb_dir()
    entities = []
    for path in sorted(p for p in kb_dir.iterdir() if p.suffix in (".yaml", ".yml") and p.name != exclude):
        entities.extend(parse_kb_file(path.read_text(encoding="utf-8"), path))
    return build_kb(entities, "hand-written")


def _group(listings: Sequence[Listing]) -> list[list[Listing]]:
    """Listings of one company together: same ISIN, same ticker or same clean name; first-seen order."""
    parent = list(range(len(listings)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    for i, lst in enumerate(listings):
        keys = [f"isin:{x}" for x in lst.isins] + [f"sym:{lst.symbol.upper()}", f"name:{fold(clean_name(lst.name))}"]
        for key in keys:
            if key in first:
                a, b = find(first[key]), find(i)
                parent[max(a, b)] = min(a, b)
            else:
                first[key] = i
    groups: dict[int, list[Listing]] = defaultdict(list)
    for i, lst in enumerate(listings):
        groups[find(i)].append(lst)
    return [groups[k] for k in sorted(groups)]


@dataclass
class _Company:
    listings: list[Listing]
    ticker: str
    exchange: str | None
    officials: list[str]
    forms: dict[str, int] = field(default_factory=dict)  # surface form -> NAME | SHORT

    @property
    def label(self) -> str:
        return f"{self.listings[0].name} [{self.ticker}]"


def _form_ok(form: str, priority: int, words: WordTests, places: set[str], stats: BuildStats) -> bool:
    """Shape rules for one surface form (collisions are checked later)."""
    tokens = _words(form)
    if len(form) <= 2 or not tokens or is_common_acronym(form):
        stats.dropped["too short or common acronym"].append(form)
        return False
    single = len(form.split()) == 1
    if (single or priority == SHORT) and fold(form) in places:
        stats.dropped["place name"].append(form)
        return False
    if single and priority == SHORT and not form.isupper() and sum(ch.isalpha() for ch in form) < 4:
        stats.dropped["too short or common acronym"].append(form)  # 'Lam' of Lam Research: a surname too
        return False
    if single and not distinctive_word(form, words, strict=priority == SHORT):
        stats.dropped["common word" if priority == NAME else "frequent word (short form)"].append(form)
        return False
    if priority == SHORT and not single and any(
            words.frequent(w) and not is_marked(w) for w in (_bare(t) for t in tokens)):
        stats.dropped["frequent word (short form)"].append(form)
        return False
    return True


def _foreign_qualifier(dropped: Sequence[str], listings: Sequence[Listing], kb: KnowledgeBase) -> str | None:
    """A dropped word naming a world region, or a KB place other than the company's home ('Africa' of
    Airtel Africa, whose bare brand is the wider group's; 'US' of T-Mobile US is its home)."""
    home = {kb.by_alias.get(p) for p in place_names(pl for lst in listings for pl in lst.places)} - {None}
    for word in dropped:
        key = fold(_bare(word))
        if key in WORLD_REGIONS:
            return word
        ent = kb.by_id.get(kb.by_alias.get(key, ""))
        if ent is not None and ent.kind == "place" and ent.id not in home:
            return word
    return None


def _company(group: Sequence[Listing], words: WordTests, places: set[str], kb: KnowledgeBase,
             stats: BuildStats) -> _Company | None:
    """One company's ticker and candidate surface forms, or None when its data is unusable."""
    good = [lst for lst in group if consistent(lst)]
    stats.inconsistent.extend(f"{lst.name} [{lst.symbol}]" for lst in group if lst not in good)
    if not good:
        return None
    lead = next((lst for lst in good if ticker_of(lst)), None)
    if lead is None:
        stats.bad_symbol.extend(f"{lst.name} [{lst.symbol}]" for lst in good)
        return None
    ticker = ticker_of(lead)
    assert ticker is not None
    officials = list(dict.fromkeys(official_name(lst.name) for lst in good))
    co = _Company(good, ticker, exchange_of(lead, ticker), officials)
    candidates: dict[str, int] = {}
    for form in [clean_name(o) for o in officials] + officials:
        candidates.setdefault(form, NAME)
        candidates.setdefault(ascii_variant(form), NAME)
    for form in [clean_name(o) for o in officials]:
        short = short_form(form, words)
        if short and _foreign_qualifier(form.split()[len(short.split()):], good, kb):
            stats.dropped["regional arm (qualifier dropped)"].append(short)
        elif short:
            candidates.setdefault(short, SHORT)
            candidates.setdefault(ascii_variant(short), SHORT)
    co.forms = {f: p for f, p in candidates.items() if _form_ok(f, p, words, places, stats)}
    return co


def _drop_collisions(companies: Sequence[_Company], kb: KnowledgeBase, stats: BuildStats) -> None:
    """Hand-written names and aliases win (also as the start of a longer one: 'Nasdaq' of 'Nasdaq 100');
    between constituents a name beats a short form, and a form two names claim is dropped. A one-word
    short form must not be a word of any other name ('Realty' of Realty Income: 'Kimco Realty')."""
    hw_prefixes: dict[str, list[str]] = defaultdict(list)
    for key in kb.by_alias:
        hw_prefixes[key.split(" ", 1)[0]].append(key)
    claims: dict[str, list[tuple[int, int]]] = defaultdict(list)
    starts: dict[str, list[str]] = defaultdict(list)
    inner: dict[str, set[int]] = defaultdict(set)  # word -> constituents (-1: hand-written) with it in a name
    for key in kb.by_alias:
        for word in key.split() if " " in key else ():
            inner[word].add(-1)
    for ci, co in enumerate(companies):
        for form, priority in co.forms.items():
            key = fold(form)
            if key not in claims:
                starts[key.split(" ", 1)[0]].append(key)
            claims[key].append((priority, ci))
            for word in key.split() if " " in key else ():
                inner[word].add(ci)
    for ci, co in enumerate(companies):
        for form, priority in list(co.forms.items()):
            key = fold(form)
            head = key.split(" ", 1)[0]
            best = min(p for p, _ in claims[key])
            owners = {c for p, c in claims[key] if p == best}
            if key in kb.by_alias:
                reason = "taken by a hand-written entity"
            elif any(k.startswith(key + " ") for k in hw_prefixes.get(head, ())):
                reason = "start of a hand-written name"
            elif ci not in owners or len(owners) > 1:
                reason = "claimed by another constituent"
            elif priority == SHORT and any(k.startswith(key + " ") and any(c != ci for _, c in claims[k])
                                           for k in starts.get(head, ())):
                reason = "start of another constituent's name"
            elif priority == SHORT and " " not in key and inner.get(key, set()) - {ci}:
                reason = "word of another name"  # Realty (Realty Income) is a word of Kimco Realty
            else:
                continue
            stats.dropped[reason].append(form)
            del co.forms[form]


def _pick_name(co: _Company) -> str | None:
    """The clean name when it survived, else the official name, else any name form left."""
    for cand in [clean_name(o) for o in co.officials] + co.officials + list(co.forms):
        if co.forms.get(cand) == NAME:
            return cand
    return None


def build_constituents(listings: Sequence[Listing], kb: KnowledgeBase, words: WordTests | None = None,
                       ) -> tuple[list[dict[str, Any]], BuildStats]:
    """KB entity mappings (kind company) for the constituents not in ``kb``, sorted by name.

    ``kb`` is the hand-written KB (:func:`hand_written_kb`); ``words`` defaults to
    :func:`default_word_tests`."""
    words = words or default_word_tests()
    stats = BuildStats(listings=len(listings))
    places = place_names(p for lst in listings for p in lst.places)
    places |= {fold(a) for e in kb.of_kind("place") for a in (e.name, *e.aliases)}
    hw_tickers = {e.ticker.upper() for e in kb.entities if e.ticker}
    same = kb.of_kind(*SAME_COMPANY_KINDS)
    hw_names = {fold(clean_name(a)) for e in same for a in (e.name, *e.aliases)}
    hw_names |= {fold(a) for e in same for a in (e.name, *e.aliases)}

    companies: list[_Company] = []
    for group in _group(listings):
        stats.companies += 1
        tickers = {t for t in map(ticker_of, group) if t}
        names = {official_name(lst.name) for lst in group}
        if tickers & hw_tickers or any(fold(n) in hw_names or fold(clean_name(n)) in hw_names for n in names):
            stats.duplicates.append(f"{group[0].name} [{group[0].symbol}]")
            continue
        co = _company(group, words, places, kb, stats)
        if co is not None:
            companies.append(co)
    _drop_collisions(companies, kb, stats)
    for co in companies:  # the bare name is unusable ('Target'): legal spellings keep it findable ('Target Corp.')
        if not any(p == NAME and clean_name(f) == f for f, p in co.forms.items()):
            for variant in (v for o in co.officials for v in legal_variants(o)):
                if fold(variant) not in kb.by_alias:
                    co.forms.setdefault(variant, NAME)

    entities: list[dict[str, Any]] = []
    used_ids = set(kb.by_id)
    for co in companies:
        name = _pick_name(co)
        if name is None:
            stats.no_name.append(co.label)
            continue
        default_id = re.sub(r"\s+", "-", fold(name))
        ent_id = default_id
        if ent_id in used_ids:
            ent_id = f"{default_id}-{re.sub(r'[^a-z0-9]+', '-', co.ticker.lower()).strip('-')}"
        ent: dict[str, Any] = {"name": name}
        if ent_id != default_id:
            ent["id"] = ent_id
        ent.update(kind="company", ticker=co.ticker, fuzzy=False)  # exact forms only: fuzzy hits were mostly false
        if co.exchange:
            ent["exchange"] = co.exchange
        aliases = sorted(f for f in co.forms if f != name)
        if aliases:
            ent["aliases"] = aliases
        used_ids.add(ent_id)
        entities.append(ent)
    stats.added = len(entities)
    entities.sort(key=lambda e: (fold(e["name"]), e["ticker"]))
    log.info("constituents: %s", stats.summary())
    return entities, stats


# ----------------------------------------------------------------------------- output
def _version(package: str) -> str:
    try:
        return importlib_metadata.version(package)
    except importlib_metadata.PackageNotFoundError:
        return "?"


def _copyright(package: str) -> str:
    """The copyright line of an installed package's licence file, for attribution."""
    try:
        dist = importlib_metadata.distribution(package)
    except importlib_metadata.PackageNotFoundError:
        return ""
    for f in dist.files or ():
        if "LICEN" in f.name.upper():
            text = f.read_text() or ""
            line = next((ln.strip() for ln in text.splitlines() if ln.strip().lower().startswith("copyright")), "")
            if line:
                return line
    return ""


def header(indices: Sequence[str], words: WordTests) -> list[str]:
    """Comment lines naming the generator, its sources and their licence."""
    rights = _copyright(SOURCE_PACKAGE)
    lexicon = getattr(words.in_dictionary, "version", "?")
    return [
        "GENERATED FILE: do not edit. Regenerate with `pip install -e '.[kb]' && python -m news_sentiment.kb_build`.",
        f"Constituents of {', '.join(indices)} with tickers.",
        f"Source: the index data of the Python package {SOURCE_PACKAGE} {_version(SOURCE_PACKAGE)}, MIT License"
        + (f", {rights}." if rights else "."),
        f"Word tests: frequent = {WORDS_PACKAGE} {_version(WORDS_PACKAGE)} Zipf >= {COMMON_ZIPF}; "
        f"dictionary = lemmatizer lexicon of spaCy model {lexicon}.",
        "Companies already in the hand-written files are left out: those files win (see README.md).",
    ]


def render(entities: Sequence[Mapping[str, Any]], comments: Sequence[str]) -> str:
    """The YAML text: comment header, then one flow mapping per entity."""
    lines = [f"# {c}" for c in comments] + ["entities:"]
    for ent in entities:
        flow = yaml.safe_dump(dict(ent), default_flow_style=True, sort_keys=False, allow_unicode=True, width=1 << 20)
        lines.append(f"  - {flow.strip()}")
    return "\n".join(lines) + "\n"


def generate(kb_dir: Path | None = None, indices: Sequence[str] = DEFAULT_INDICES) -> tuple[str, BuildStats]:
    """The text of constituents.yaml for the KB in ``kb_dir``; checked to load with the hand-written files."""
    kb_dir = Path(kb_dir) if kb_dir else default_kb_dir()
    kb = hand_written_kb(kb_dir)
    words = default_word_tests()
    entities, stats = build_constituents(read_listings(indices), kb, words)
    text = render(entities, header(indices, words))
    generated = parse_kb_file(text, kb_dir / OUTPUT_NAME)
    build_kb([*kb.entities, *generated], "check")  # raises ConfigError on a duplicate id
    return text, stats


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m news_sentiment.kb_build", description=__doc__.split("\n\n")[0])
    parser.add_argument("--kb-dir", type=Path, default=None, help="KB folder (default models/kb or $SENTIMENT_KB)")
    parser.add_argument("--output", type=Path, default=None, help=f"file to write (default KB folder/{OUTPUT_NAME})")
    parser.add_argument("--index", action="append", dest="indices", metavar="NAME",
                        help="pytickersymbols index name; repeat for several (default: %(default)s)")
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 when the file is out of date")
    parser.add_argument("-v", "--verbose", action="store_true", help="log every skipped company and dropped form")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    kb_dir = args.kb_dir or default_kb_dir()
    output = args.output or kb_dir / OUTPUT_NAME
    try:
        text, stats = generate(kb_dir, tuple(args.indices or DEFAULT_INDICES))
    except (ImportError, ValueError) as exc:
        log.error("%s", exc)
        return 2
    if args.verbose:
        for label, items in [("inconsistent", stats.inconsistent), ("bad symbol", stats.bad_symbol),
                             ("hand-written", stats.duplicates), ("no name", stats.no_name),
                             *sorted(stats.dropped.items())]:
            log.info("%s (%d): %s", label, len(items), "; ".join(items))
    if args.check:
        current = output.read_text(encoding="utf-8") if output.is_file() else ""
        if current != text:
            log.error("%s is out of date: run python -m news_sentiment.kb_build", output)
            return 1
        log.info("%s is up to date", output)
        return 0
    output.write_text(text, encoding="utf-8")
    log.info("wrote %s (%d entities)", output, stats.added)
    return 0


if __name__ == "__main__":
    sys.exit(main())
