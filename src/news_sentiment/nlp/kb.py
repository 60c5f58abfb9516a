"""Load the knowledge base (models/kb/*.yaml) into a frozen, indexed object.

Errors name the file and line (``ConfigError``). The KB version is a hash of the files' bytes,
recorded with every extraction so a changed KB re-processes stored articles.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from datetime import date
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from news_sentiment.config import models_path, yaml_list
from news_sentiment.errors import ConfigError
from news_sentiment.nlp.records import KBEntity, MemberTerms

log = logging.getLogger(__name__)

KINDS = ("company", "index", "basket", "organization", "outlet", "product", "commodity", "person", "place")
ENTITY_KEYS = {"id", "name", "kind", "ticker", "exchange", "currency", "aliases", "members", "sponsor", "fuzzy"}
_HINT = "Each entry looks like `- {name: Alibaba, kind: company, ticker: 9988.HK, aliases: [Alibaba Group]}`."

# Legal-form words stripped when linking ("Alibaba Group Holding Ltd." -> "Alibaba").
LEGAL_SUFFIXES = (
    "inc", "inc.", "incorporated", "corp", "corp.", "corporation", "co", "co.", "company", "cos", "cos.",
    "ltd", "ltd.", "limited", "plc", "plc.", "sa", "s.a.", "ag", "nv", "n.v.", "se", "spa", "s.p.a.",
    "group", "holding", "holdings", "oyj", "oy", "abp", "ab", "asa", "llc", "lp", "l.p.", "bhd", "pte", "gmbh",
    "&", "and",
)
_LEGAL_RE = re.compile(
    r"(?:[\s,]+(?:" + "|".join(re.escape(s) for s in LEGAL_SUFFIXES if s not in ("&", "and")) + r"))+\.?\s*$",
    re.IGNORECASE,
)


# Acronyms that are common nouns in finance text ('AI stocks', 'EV makers', 'the IPO', 'GDP'): never an entity
# name, never part of one ('Nvidia AI' is Nvidia + 'AI'), never a subject. Upper-case forms.
COMMON_ACRONYMS = frozenset({
    "AI", "GENAI", "AGI", "LLM", "LLMS", "EV", "EVS", "IPO", "IPOS", "GDP", "CPI", "PPI", "PMI", "PCE", "CEO", "CEOS",
    "CFO", "COO", "CIO", "CTO", "CXO", "ETF", "ETFS", "EPS", "EBIT", "EBITDA", "PAT", "YOY", "QOQ", "MOM", "NAV",
    "ROE", "ROI", "ROA", "P/E", "PE", "FY", "Q1", "Q2", "Q3", "Q4", "H1", "H2", "M&A", "NPA", "NPAS", "R&D", "CAGR",
    "YTD", "MTD", "QTD", "BPS", "FDI", "FII", "FIIS", "DII", "F&O", "EMI", "PSU", "PSUS", "ESG", "SPAC", "SPACS",
    "IT", "API", "APIS", "GPU", "GPUS", "CPU", "CPUS", "HBM", "5G", "4G", "3G", "IOT", "SAAS", "CAPEX", "OPEX",
    "FX", "OTC", "AUM", "VC", "PR", "HR", "JOLTS", "NFP", "US$", "ADR", "ADRS", "REIT", "REITS", "VAT", "CEO'S", "BEV",
    "BEVS", "PHEV", "PHEVS", "NEV", "NEVS", "LNG", "EUV", "AR", "VR", "TV", "PC", "PCS", "EBITA", "EBT", "EBITDAR",
    # banks' and results' abbreviations ('Acme Bank NII up 12%': net interest income, margin, profit before tax)
    "NII", "NIM", "PBT", "GNPA", "NNPA", "ARPU", "GMV",
    # markets by kind ('EM currencies', 'DM equities': emerging and developed markets)
    "EM", "EMS", "DM", "DMS",
    # technical indicators ('relative strength index (RSI)')
    "RSI", "MACD", "VWAP", "EMA", "SMA", "ATR",
    # time zones ('by 0920 GMT')
    "GMT", "UTC", "EST", "EDT", "BST", "CET", "CEST", "JST", "HKT", "SGT", "PST", "PDT", "CDT", "AEST", "AEDT",
})


def is_common_acronym(token_text: str) -> bool:
    """'AI', 'EVs', 'IPO' ...: a common noun written in capitals, not a name."""
    t = token_text.rstrip(".")
    core = t[:-1] if t.endswith("s") and len(t) > 2 else t  # 'EVs', 'IPOs'
    if not core or any(ch.islower() for ch in core):
        return False  # 'Roe' is a name, 'ROE' the ratio
    return t.upper() in COMMON_ACRONYMS or core.upper() in COMMON_ACRONYMS


def default_kb_dir() -> Path:
    """$SENTIMENT_KB, else the shipped models/kb (see :func:`news_sentiment.config.models_path`)."""
    return models_path("kb", "SENTIMENT_KB")


def fold(text: str) -> str:
    """Case- and accent-insensitive key: 'Société Générale' -> 'societe generale'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").lower()
    return re.sub(r"\s+", " ", text).strip()


def code_letters_in(code: str, name: str, from_first: bool = False) -> bool:
    """Are an (upper-case) code's letters the name's, in order ('NVTA': Invitae)? ``from_first``: starting with the
    name's first letter ('HLVD': Halvard Pumps)."""
    upper = name.upper()
    if from_first and upper[:1] != code[:1]:
        return False
    letters = iter(upper)
    return all(ch in letters for ch in code)


# the Nordic and Baltic 'AS' only in capitals after a word that is not ('Acme Retail AS', not 'SHARES FALL AS')
_AS_FORM = re.compile(r"(?<=[^\W\dA-Z_])\s+AS$")


def strip_legal(name: str) -> str:
    """Remove trailing legal-form words: 'Alibaba Group Holding Ltd.' -> 'Alibaba', 'Corvin & Co' -> 'Corvin',
    'Acme Net AS' -> 'Acme Net'."""
    out = _LEGAL_RE.sub("", _AS_FORM.sub("", name)).strip(" ,")
    out = re.sub(r"\s*(?:&|\band)$", "", out) if out != name else out  # the '&' of '& Co'
    return out or name


_ARTICLE = re.compile(r"^(?:the|The|THE)\s+(?=\S)")
_POSSESSIVE = re.compile(r"\s*(?:'s|’s|'|’)$")


def bare_name(name: str) -> str:
    """A name without a leading article or a trailing possessive: 'the Middle East' -> 'Middle East',
    "Acme's" -> 'Acme'."""
    out = _POSSESSIVE.sub("", _ARTICLE.sub("", name.strip()))
    return out or name


# generic last words of company names ('Hilton Worldwide', 'Logitech International', 'Travelers Companies'): a
# name without them is a generated alias of the company (KnowledgeBase.by_core)
CORE_DROP_WORDS = frozenset({
    "companies", "company", "international", "worldwide", "global", "technologies", "technology", "networks",
    "systems", "industries", "enterprises", "brands", "holdings", "holding", "group", "corporation", "corp",
    "incorporated", "inc", "plc", "ltd", "limited", "co", "sa", "ag", "nv", "se", "n.v.", "s.a.", "interactive",
})


def core_name(name: str) -> str:
    """A name's core, as a key: folded, without a leading article, punctuation, legal forms and generic last
    words: 'The Hershey Company' -> 'hershey', 'Warner Bros. Discovery' -> 'warner bros discovery'."""
    words = re.sub(r"[.,!]|['’]s\b", " ", fold(name)).split()
    if words[:1] == ["the"]:
        words = words[1:]
    while len(words) > 1 and (words[-1] in CORE_DROP_WORDS or words[-1] == "&"):
        words = words[:-1]
    return " ".join(words)


@dataclass(frozen=True)
class KnowledgeBase:
    entities: tuple[KBEntity, ...]
    version: str
    by_id: dict[str, KBEntity] = field(default_factory=dict, compare=False, repr=False)
    by_alias: dict[str, str] = field(default_factory=dict, compare=False, repr=False)  # fold(alias) -> id
    by_ticker: dict[str, str] = field(default_factory=dict, compare=False, repr=False)  # upper-case ticker -> id
    by_core: dict[str, str] = field(default_factory=dict, compare=False, repr=False)  # core_name -> id (companies)
    cache: dict[str, object] = field(default_factory=dict, compare=False, repr=False)  # derived tables, built once

    def get(self, kb_id: str) -> KBEntity:
        return self.by_id[kb_id]

    def by_tickers(self, tickers: Iterable[str]) -> KBEntity | None:
        """The entity quoted under the first of ``tickers`` (Yahoo forms: 'JNJ', '0700.HK', '^GSPC') the KB knows."""
        for t in tickers:
            kb_id = self.by_ticker.get(t.upper())
            if kb_id:
                return self.by_id[kb_id]
        return None

    def lookup(self, name: str) -> KBEntity | None:
        """Exact (folded) alias, then suffix-stripped alias; None when unknown."""
        kb_id = self.by_alias.get(fold(name)) or self.by_alias.get(fold(strip_legal(name)))
        return self.by_id.get(kb_id) if kb_id else None

    def of_kind(self, *kinds: str) -> list[KBEntity]:
        return [e for e in self.entities if e.kind in kinds]


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _str(node: yaml.Node, path: Path, key: str) -> str:
    if not isinstance(node, yaml.ScalarNode) or str(node.value).strip() == "":
        raise ConfigError(f"{path}:{_line(node)}: `{key}` must be a non-empty string", hint=_HINT)
    return str(node.value).strip()


def _str_list(node: yaml.Node, path: Path, key: str) -> tuple[str, ...]:
    if isinstance(node, yaml.ScalarNode):
        return (_str(node, path, key),)
    if not isinstance(node, yaml.SequenceNode):
        raise ConfigError(f"{path}:{_line(node)}: `{key}` must be a list of strings", hint=_HINT)
    return tuple(_str(item, path, key) for item in node.value)


MEMBER_KEYS = {"name", "weight", "since", "until"}


def _members(node: yaml.Node, path: Path) -> tuple[MemberTerms, ...]:
    """Basket members: names, or mappings {name, weight?, since?, until?} (dates YYYY-MM-DD)."""
    if not isinstance(node, yaml.SequenceNode):
        return tuple(MemberTerms(n) for n in _str_list(node, path, "members"))
    out = []
    for item in node.value:
        if not isinstance(item, yaml.MappingNode):
            out.append(MemberTerms(_str(item, path, "members")))
            continue
        fields = {str(k.value): v for k, v in item.value}
        unknown = set(fields) - MEMBER_KEYS
        if unknown or "name" not in fields:
            raise ConfigError(f"{path}:{_line(item)}: a member is a name or a mapping with keys "
                              f"{', '.join(sorted(MEMBER_KEYS))} (name required)", hint=_HINT)
        weight = None
        if "weight" in fields:
            try:
                weight = float(fields["weight"].value)
            except (TypeError, ValueError):
                weight = -1.0
            if not weight > 0:
                raise ConfigError(f"{path}:{_line(fields['weight'])}: member `weight` must be a positive number")
        dates = {}
        for key in ("since", "until"):
            if key in fields:
                value = str(fields[key].value)
                try:
                    date.fromisoformat(value)
                except ValueError:
                    raise ConfigError(f"{path}:{_line(fields[key])}: member `{key}` must be a date YYYY-MM-DD") from None
                dates[key] = value
        out.append(MemberTerms(_str(fields["name"], path, "name"), weight, dates.get("since"), dates.get("until")))
    return tuple(out)


def _currency(value: str | None, node: yaml.Node | None, path: Path) -> str | None:
    """`currency:` is an ISO 4217 code (USD, HKD), or a minor unit as Yahoo writes it (GBp: pence)."""
    if value is not None and node is not None and not re.fullmatch(r"[A-Z]{3}|[A-Z]{2}[a-z]", value):
        raise ConfigError(f"{path}:{_line(node)}: `currency` must be an ISO 4217 code such as USD or HKD "
                          f"(GBp for pence), not {value!r}", hint=_HINT)
    return value


def parse_kb_file(source: str, path: Path) -> list[KBEntity]:
    out = []
    for item in yaml_list(source, path, "entities", _HINT, empty_ok=True):
        line = _line(item)
        if not isinstance(item, yaml.MappingNode):
            raise ConfigError(f"{path}:{line}: each entity must be a mapping", hint=_HINT)
        fields: dict[str, yaml.Node] = {}
        for knode, vnode in item.value:
            key = str(knode.value)
            if key not in ENTITY_KEYS:
                raise ConfigError(f"{path}:{_line(knode)}: unknown key {key!r} (expected one of "
                                  f"{', '.join(sorted(ENTITY_KEYS))})", hint=_HINT)
            fields[key] = vnode
        for req in ("name", "kind"):
            if req not in fields:
                raise ConfigError(f"{path}:{line}: entity is missing `{req}`", hint=_HINT)
        name = _str(fields["name"], path, "name")
        kind = _str(fields["kind"], path, "kind")
        if kind not in KINDS:
            raise ConfigError(f"{path}:{_line(fields['kind'])}: unknown kind {kind!r} (expected one of {', '.join(KINDS)})",
                              hint=_HINT)

        def opt(key: str) -> str | None:
            node = fields.get(key)
            if node is None or (isinstance(node, yaml.ScalarNode) and node.value in ("", "null", "~")):
                return None
            return _str(node, path, key)

        fuzzy = opt("fuzzy")
        if fuzzy is not None and fuzzy.lower() not in ("true", "false"):
            raise ConfigError(f"{path}:{_line(fields['fuzzy'])}: `fuzzy` must be true or false, not {fuzzy!r}",
                              hint=_HINT)
        currency = _currency(opt("currency"), fields.get("currency"), path)
        ent_id = opt("id") or re.sub(r"\s+", "-", fold(name))
        terms = _members(fields["members"], path) if "members" in fields else ()
        out.append(KBEntity(
            id=ent_id, name=name, kind=kind, ticker=opt("ticker"), exchange=opt("exchange"),
            aliases=_str_list(fields["aliases"], path, "aliases") if "aliases" in fields else (),
            members=tuple(m.name for m in terms), member_terms=terms,
            sponsor=opt("sponsor"), source=f"{path.name}:{line}", fuzzy=fuzzy is None or fuzzy.lower() == "true",
            currency=currency,
        ))
    return out


_INITIALS_SKIP = frozenset({"&", "and", "of", "the", "de", "y", "+"})


def name_initials(name: str) -> str | None:
    """The first letters of a name whose every word is capitalised ('United Parcel Service' -> 'UPS'), else
    None ('Bank of America' -> 'BA', joiners skipped; 'Delivery Hero' -> 'DH'; 'eBay' -> None)."""
    words = [w for w in re.split(r"[\s-]+", strip_legal(name)) if w and w.lower() not in _INITIALS_SKIP]
    if not words or not all(w[:1].isupper() and w[:1].isalpha() for w in words):
        return None
    return "".join(w[0] for w in words)


def initials_aliases(entities: list[KBEntity]) -> list[KBEntity]:
    """A company whose ticker is the initials of its name is known by them ('UPS' of United Parcel Service
    <UPS>, 'AIG' of American International Group <AIG>): that form joins its aliases (three letters or more,
    no common acronym, no name or alias of another entity). The ticker alone is no evidence (most tickers are
    no name: 'F', 'KO'), nor initials alone ('Texas Pacific Land' is no 'TPL' in news): both together are."""
    taken = {fold(a) for ent in entities for a in (ent.name, *ent.aliases)}
    out = []
    for ent in entities:
        root = (ent.ticker or "").split(".")[0].replace("-", "")
        if ent.kind == "company" and len(root) >= 3 and root.isalpha() and root.isupper() \
                and not is_common_acronym(root) and fold(root) not in taken \
                and any(name_initials(n) == root for n in (ent.name, *ent.aliases)):
            ent = replace(ent, aliases=(*ent.aliases, root))
            taken.add(fold(root))
        out.append(ent)
    return out


_INDEX_CODE = re.compile(r"\^([A-Z][A-Z0-9]{3,9})")


def index_codes(kb: KnowledgeBase) -> dict[str, str]:
    """The codes indices are quoted under, as written in market reports ('IXIC' of the Nasdaq Composite
    <^IXIC>, 'GDAXI') -> the index's id: four characters or more (three-letter codes are other things' names:
    'DJI' is a drone maker), no common acronym, no name or alias of any entity, and not the first word of one
    of the index's own names ('STOXX' of 'STOXX 600' is the index family). Not aliases: a code is also some
    firm's initials ('GSPC' is a gas company in Indian news), so it is read as the index only in context (see
    ``news_sentiment.nlp.entities.index_code_mentions``). Built once per KB."""
    cached = kb.cache.get("index_codes")
    if isinstance(cached, dict):
        return cached
    out: dict[str, str] = {}
    for ent in kb.entities:
        code = _INDEX_CODE.fullmatch(ent.ticker or "") if ent.kind == "index" else None
        key = fold(code.group(1)) if code else ""
        if code and not is_common_acronym(code.group(1)) and key not in kb.by_alias \
                and not any(fold(n).split()[0] == key for n in (ent.name, *ent.aliases)):
            out[code.group(1)] = ent.id
    kb.cache["index_codes"] = out
    return out


def build_kb(entities: list[KBEntity], version: str = "inline") -> KnowledgeBase:
    """Index entities; duplicate ids raise ConfigError. Aliases shared by two entities go to the first. A
    company's initials that are also its ticker join its aliases (:func:`initials_aliases`)."""
    entities = initials_aliases(entities)
    by_id: dict[str, KBEntity] = {}
    by_alias: dict[str, str] = {}
    for ent in entities:
        if ent.id in by_id:
            raise ConfigError(f"{ent.source}: duplicate entity id {ent.id!r} (first at {by_id[ent.id].source})",
                              hint="Give one of them a distinct `id:`.")
        by_id[ent.id] = ent
    for ent in entities:  # canonical names win over aliases of other entities
        by_alias.setdefault(fold(ent.name), ent.id)
    for ent in entities:
        for alias in ent.aliases:
            by_alias.setdefault(fold(alias), ent.id)
    by_ticker: dict[str, str] = {}
    for ent in entities:
        if ent.ticker:
            by_ticker.setdefault(ent.ticker.upper(), ent.id)
    return KnowledgeBase(entities=tuple(entities), version=version, by_id=by_id, by_alias=by_alias,
                         by_ticker=by_ticker, by_core=_cores(entities, by_alias))


_CORE_KINDS = ("company", "organization", "outlet")


def _cores(entities: list[KBEntity], by_alias: dict[str, str]) -> dict[str, str]:
    """Generated aliases: the core of every company's name and aliases (:func:`core_name`), kept only when one
    entity has it, it is no other entity's alias and no alias starts with it ('nasdaq' of 'Nasdaq, Inc.' is also
    the start of 'Nasdaq 100'), and never applied by the ruler (only to names already read as companies)."""
    owners: dict[str, set[str]] = {}
    for ent in entities:
        if ent.kind in _CORE_KINDS:
            for alias in (ent.name, *ent.aliases):
                core = core_name(alias)
                if len(core) >= 3:
                    owners.setdefault(core, set()).add(ent.id)
    starts: dict[str, set[str]] = {}  # the first words of aliases -> the entities whose alias starts so
    for key, kb_id in by_alias.items():
        words = key.split()
        for n in range(1, len(words)):
            starts.setdefault(" ".join(words[:n]), set()).add(kb_id)
    out = {}
    for core, ids in owners.items():
        (kb_id,) = ids if len(ids) == 1 else (None,)
        if kb_id and by_alias.get(core, kb_id) == kb_id and starts.get(core, {kb_id}) == {kb_id}:
            out[core] = kb_id
    return out


_CACHE: dict[tuple[str, str], KnowledgeBase] = {}


def load_kb(directory: str | Path | None = None) -> KnowledgeBase:
    """Load every *.yaml in ``directory`` (default :func:`default_kb_dir`). Cached per content hash."""
    directory = Path(directory) if directory else default_kb_dir()
    if not directory.is_dir():
        raise ConfigError(f"knowledge base folder not found: {directory}",
                          hint="Set $SENTIMENT_KB or create models/kb/ with YAML files.")
    files = sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    if not files:
        raise ConfigError(f"knowledge base folder {directory} has no .yaml files")
    digest = hashlib.sha256()
    sources = []
    for p in files:
        try:
            data = p.read_bytes()
            text = data.decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read knowledge base file {p}: {exc}") from None
        digest.update(p.name.encode() + b"\0" + data + b"\0")
        sources.append((p, text))
    version = "kb-" + digest.hexdigest()[:12]
    key = (str(directory.resolve()), version)
    if key in _CACHE:
        return _CACHE[key]
    entities: list[KBEntity] = []
    for p, text in sources:
        entities.extend(parse_kb_file(text, p))
    kb = build_kb(entities, version)
    _CACHE[key] = kb
    return kb


def lookup_kb(name: str) -> KnowledgeBase | None:
    """The knowledge base for looking ``name`` up when reading the store; None (logged) when it is missing or
    broken: a read then only loses alias look-up (entities are found by stored names and tickers)."""
    try:
        return load_kb()
    except ConfigError as exc:
        log.warning("knowledge base unavailable, %r looked up by stored names only: %s", name, exc)
        return None


def find_entity(kb: KnowledgeBase, query: str) -> KBEntity | None:
    """The entity a user means by ``query``, or None: a name or alias (case and accents ignored, legal form,
    leading article or possessive optional), a ticker in any common form ('NVDA', '$NVDA', 'nvda', '0700.HK',
    'BRK.B'), or a company's generated short name ('Travelers' for 'Travelers Companies'). The one look-up
    every command uses (``returns``, ``claims --entity``, ``link``...)."""
    q = query.strip()
    if not q:
        return None
    ent = kb.lookup(q) or kb.lookup(bare_name(q))
    if ent is not None:
        return ent
    ticker = q.lstrip("$").upper()
    kb_id = kb.by_ticker.get(ticker) or kb.by_ticker.get(ticker.replace(".", "-")) \
        or kb.by_ticker.get(ticker.replace("-", "."))
    if kb_id is None and (core := core_name(bare_name(q))):
        kb_id = kb.by_core.get(core)
    return kb.by_id.get(kb_id) if kb_id else None


def suggest(kb: KnowledgeBase, query: str, kinds: Iterable[str] | None = None, n: int = 5) -> list[str]:
    """Close names for a "did you mean" hint: KB names, aliases and tickers of ``kinds`` (all kinds when None),
    shown as 'Name (TICKER)'."""
    from rapidfuzz import fuzz, process

    wanted = set(kinds) if kinds is not None else None
    choices: dict[str, str] = {}
    for ent in kb.entities:
        if wanted is not None and ent.kind not in wanted:
            continue
        label = f"{ent.name} ({ent.ticker})" if ent.ticker else ent.name
        for key in (ent.name, *ent.aliases, *((ent.ticker,) if ent.ticker else ())):
            choices.setdefault(key, label)
    hits = process.extract(query.strip(), list(choices), scorer=fuzz.WRatio, limit=3 * n, score_cutoff=60)
    return list(dict.fromkeys(choices[h[0]] for h in hits))[:n]


def resolve(kb: KnowledgeBase, query: str, kinds: Iterable[str] | None = None, *, what: str = "entity") -> KBEntity:
    """:func:`find_entity`, restricted to ``kinds``; an unknown name (or one of another kind) is an InputError
    whose hint lists close names ("did you mean")."""
    from news_sentiment.errors import InputError

    wanted = tuple(kinds) if kinds is not None else None
    ent = find_entity(kb, query)
    if ent is not None and (wanted is None or ent.kind in wanted):
        return ent
    close = suggest(kb, query, wanted)
    hint = ("Did you mean: " + ", ".join(close) + "?") if close else \
        "Use a name, alias or ticker from the knowledge base (models/kb/*.yaml); `sentiment entities` lists names."
    if ent is not None:
        raise InputError(f"{query!r} is {ent.name}, a {ent.kind}, not a {' or '.join(wanted or ())}", hint=hint)
    raise InputError(f"unknown {what} {query!r}", hint=hint)
