"""Numbers -> Claim records: unit, comparator, direction, metric, subject, period, speaker, offsets.

Numbers come from :mod:`numbers` (regular expressions); the attributes come from the words around
each number in its sentence and, for the subject, from spaCy's dependency parse and the linked
entity mentions, with a little coreference ('its', 'the gauge', 'the basket', 'the company').
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from news_sentiment.nlp.numbers import NumExpr, find_numbers
from news_sentiment.nlp.periods import find_periods, normalise_period
from news_sentiment.nlp.records import Claim, Mention, Quote

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

# ----------------------------------------------------------------------------- vocabularies
COMPARATORS_BEFORE = [
    (r"no less than|not less than|at least|a minimum of|minimum of|at minimum", "at_least"),
    (r"more than|over|above|upwards of|in excess of|exceeding|greater than|north of|beyond", "more_than"),
    (r"less than|under|below|fewer than|lower than|south of", "less_than"),
    (r"nearly|almost|up to|a maximum of|maximum of|at most|no more than|not more than|as much as|as many as|as high as",
     "at_most"),
    (r"about|around|approximately|approx\.?|roughly|some|near|close to|an estimated|circa|c\.|ca\.|nearly|~", "about"),
]
_COMP_BEFORE_RE = [(re.compile(r"(?:^|[\s(])(?:" + p + r")\s*$", re.IGNORECASE), c) for p, c in COMPARATORS_BEFORE]
_COMP_AFTER_RE = [(re.compile(r"^\s*(?:\)\s*)?(?:or more|or higher|plus)\b", re.IGNORECASE), "at_least"),
                  (re.compile(r"^\s*(?:\)\s*)?(?:at most|at maximum|or less|at the most)\b", re.IGNORECASE), "at_most"),
                  (re.compile(r"^\s*(?:\)\s*)?(?:at least|at minimum)\b", re.IGNORECASE), "at_least")]

UP_WORDS = (r"ris(?:e|es|ing|en)|rose|gain(?:s|ed|ing)?|jump(?:s|ed|ing)?|climb(?:s|ed|ing)?|rall(?:y|ies|ied|ying)|"
            r"advanc(?:e|es|ed|ing)|increas(?:e|es|ed|ing)|gr(?:ow|ows|ew|own|owing)|growth|surg(?:e|es|ed|ing)|"
            r"soar(?:s|ed|ing)?|up(?! to\b)|higher|boost(?:s|ed|ing)?|lift(?:s|ed|ing)?|improv(?:e|es|ed|ement)|rebound(?:s|ed)?|"
            r"spik(?:e|es|ed)|doubl(?:e|ed|es)|tripl(?:e|ed|es)|add(?:s|ed)|expand(?:s|ed)|hike[sd]?|"
            r"upswing|upturn|outperform(?:s|ed)?|appreciat(?:e|ed|ion)|recover(?:s|ed|y)?|firm(?:s|ed)|"
            r"zoom(?:s|ed)?|spurt(?:s|ed)?|accelerat(?:e|es|ed)|widen(?:s|ed)?|swell(?:s|ed)?|top(?:s|ped)")
DOWN_WORDS = (r"f(?:all|alls|ell|allen|alling)|drop(?:s|ped|ping)?|declin(?:e|es|ed|ing)|decreas(?:e|es|ed|ing)|"
              r"slump(?:s|ed|ing)?|plung(?:e|es|ed|ing)|slid(?:e|es|ing)?|sink(?:s|ing)?|sank|tumbl(?:e|es|ed|ing)|"
              r"down|lower(?:ed)?|cut(?:s|ting)?|los(?:e|es|t|ing|s|ses)|shed(?:s|ding)?|slash(?:es|ed)?|"
              r"reduc(?:e|es|ed|tion)|shrink(?:s)?|shrank|contract(?:ed|ion)|dip(?:s|ped)?|sell-?off|slip(?:s|ped)?|"
              r"retreat(?:s|ed)?|crash(?:es|ed)?|plummet(?:s|ed)?|weaken(?:s|ed)?|erod(?:e|ed)|lay(?:s|ing)? off|"
              r"laid off|layoffs?|job cuts|discount|negative|deficit|below|underperform(?:s|ed)?|wip(?:e|ed) out|"
              r"crack(?:s|ed)?|tank(?:s|ed)?|skid(?:s|ded)?|eas(?:e|es|ed)|sag(?:s|ged)?|slow(?:s|ed)|"
              r"narrow(?:s|ed)?|halve[sd]?|trim(?:s|med)?|pare[sd]?|lost")
_UP_RE = re.compile(r"\b(?:" + UP_WORDS + r")\b", re.IGNORECASE)
_DOWN_RE = re.compile(r"\b(?:" + DOWN_WORDS + r")\b", re.IGNORECASE)
_MOVE_NOUN_AFTER = re.compile(
    r"^[\s-]*(?:[\w-]+\s+){0,2}?(?P<w>increase|rise|gain|rally|advance|jump|growth|surge|climb|rebound|"
    r"upswing|drop|decline|fall|slump|decrease|loss|plunge|slide|dip|selloff|sell-off|cut|reduction|discount|"
    r"contraction|premium)s?\b", re.IGNORECASE)
_UP_NOUNS = {"increase", "rise", "gain", "rally", "advance", "jump", "growth", "surge", "climb", "rebound", "upswing"}
_BASE_MARKER = re.compile(r"\b(?:from|compared (?:with|to)|versus|vs\.?|against|relative to|in comparison with)\s+"
                          r"(?:(?:a|an|the)\s+)?(?:(?:loss|profit|figure|level|total)\s+of\s+)?"
                          r"(?:(?:about|around|approximately|some|nearly|over|more than|under|less than)\s+)?"
                          r"(?:\(\s*)?$", re.IGNORECASE)
_LOSS_BEFORE = re.compile(r"(?<!stop )(?<!stop-)\b(?:loss(?:es)?|deficit|negative|write-?downs?|impairments?)\b(?:\s+\w+){0,4}?\s*"
                          r"(?:of|was|were|at|to|totall?ing|amounted to|amounting to)?\s*(?:\w+\s+)?$", re.IGNORECASE)
_LOSS_AFTER = re.compile(r"^\s*(?:\w+\s+){0,2}?(?:loss|losses|deficit)\b", re.IGNORECASE)

# metric keywords, most specific first; matched on the words around the number
METRIC_KEYWORDS: list[tuple[str, str]] = [
    (r"market share", "other"),
    (r"net smelter return|royalt(?:y|ies)", "other"),
    (r"market (?:cap|capitali[sz]ation|value)|m-?cap|market valuation|wiped (?:out|off)|wiping", "market_value"),
    (r"earnings per share|EPS|loss per share|profit per share", "eps"),
    (r"dividends?|payout", "dividend"),
    (r"(?:operating|EBITDA|EBIT|gross|net|profit|pre-?tax) margins?|margins?", "margin"),
    (r"P/?E|price[- ]to[- ]earnings|price[- ]to[- ]book|forward earnings|times (?:forward |trailing )?earnings|"
     r"valuations?|multiples?", "valuation"),
    (r"inflation(?: rate| target)?|GDP(?: growth)?(?: target| goal)?|CPI|PPI|PCE|consumer prices|producer prices|"
     r"(?:consumer|producer|wholesale|retail) price (?:index|inflation)|"
     r"(?:economic )?growth (?:target|goal|forecast|outlook|rate)|(?:budget |fiscal )?deficit(?: target| goal)?|"
     r"(?:interest|policy|repo|reverse repo|deposit|lending|prime|loan prime|benchmark|key|base|bank|overnight|"
     r"(?:federal )?funds|cash|refinancing|discount) rates?|rate (?:cuts?|hikes?|increases?|reductions?)|rates|"
     r"reserve requirement(?: ratio)?s?|RRR|unemployment(?: rate)?|jobless(?: rate)?|payrolls|bond yields?|yields?|economy|economic growth|PMI|"
     r"retail sales|industrial (?:output|production)|trade (?:surplus|deficit)|current account|exports|imports", "macro"),
    (r"inflows?|outflows?|trading volumes?|turnover of shares|fund flows?|net buying|net selling|net (?:purchases|sales) of "
     r"(?:shares|stocks|equities|bonds)|(?:bought|sold|purchased|offloaded|dumped) (?:a )?net|net (?:bought|sold)|"
     r"net (?:buyers?|sellers?)", "volume_flows"),
    (r"net sales|sales|revenues?|turnover|orders?|order intake|deliver(?:y|ies)|delivery volume|shipments?|"
     r"bookings|top line|net interest income|(?:cargo |traffic |sales |delivery |production )?volumes?|passengers|"
     r"traffic", "revenue"),
    (r"operating profit|net profit|bottom[- ]line|profits?|net income|income|EBITDA|EBIT|pre-?tax|PAT|earnings|(?:operating|net|financial|pre-?tax) results?|"
     r"net loss|operating loss|loss(?:es)?|capital gains?|earns?|earned|net", "profit"),
    (r"employees?|staff|workers|jobs?|headcount|personnel|lay(?:s|ing)? off|laid off|layoffs?|hires?|hiring|"
     r"employ(?:s|ed)?|persons|people", "headcount"),
    (r"stake|holdings?|owns?|owned|ownership|share capital|shares?|votes|warrants|IPO|offering|placement|"
     r"rights issue|subscri\w+|equity interest|interest in", "stake"),
    (r"stop[- ]loss|target price|price target|(?:year-end |index |price )?targets?|(?:share|stock|issue|offer|listing|IPO) price|a share|per share|apiece|trades? at|"
     r"trading at|closed at|ended at|settled at|range|levels?|barrier|mark|resistance|support|to trade at", "price_level"),
    (r"acquisition price|purchase price|deal|acquisitions?|acquire[sd]?|buy(?:s|out)?|investments?|invest(?:s|ed)?|"
     r"cost savings|savings|costs?|capex|rais(?:e|es|ed|ing)|capital expenditure|cash|debt|assets|funding|fund|loan|contract|"
     r"order book|value of|volatility|demand|capacity|output|production|budget|fine|compensation", "other"),
    (r"returns?|performance|gains?|rall(?:y|ies|ied)|advance|peak|drop|slump|selloff", "return"),
]
_METRIC_RE = [(re.compile(r"\b(?:" + p + r")\b", re.IGNORECASE), m) for p, m in METRIC_KEYWORDS]
_MOVE_VERB = re.compile(r"\b(?:" + UP_WORDS + "|" + DOWN_WORDS + r")\b", re.IGNORECASE)

KIND_PRIORITY = {"basket": 0, "index": 1, "company": 2, "commodity": 2, "product": 3, "organization": 4,
                 "outlet": 9, "person": 8, "place": 7}
SUBJECT_KINDS = {"basket", "index", "company", "commodity", "organization", "product", "place"}
ABSTRACT_HEADS = {
    "profit", "profits", "price", "sales", "revenue", "revenues", "volume", "output", "negotiations", "talks", "deal",
    "sale", "result", "results", "loss", "losses", "figure", "number", "amount", "value", "total", "share", "stake",
    "rate", "turnover", "income", "earnings", "ebit", "ebitda", "margin", "dividend", "cost", "costs", "savings",
    "holdings", "orders", "order", "delivery", "deliveries", "return", "returns", "gain", "gains", "rally", "drop",
    "decline", "increase", "rise", "investment", "investments", "capital", "transaction", "transactions", "market",
    "that", "this", "which", "what", "there", "acquisition", "consideration", "payment", "production",
    "contract", "agreement", "net", "eps", "growth", "demand", "capacity", "expenditure", "budget", "level",
    "valuation", "valuations", "discount", "premium", "move", "advance", "selloff", "slump", "range", "performance",
}
COREF_NOUNS = {"scrip": None, "share": None, "gauge": "index", "index": "index", "benchmark": "index", "measure": "index", "basket": "basket",
               "cohort": "basket", "group": None, "company": None, "firm": None, "lender": None, "bank": None,
               "carmaker": None, "automaker": None, "chipmaker": None, "insurer": None, "retailer": None,
               "brewery": None, "stock": None, "shares": None, "indexes": "index"}
_FX_WORDS = [("rupees?", "INR"), ("rupiah", "IDR"), ("yen", "JPY"), ("yuan|renminbi", "CNY"), ("won", "KRW"),
             ("ringgit", "MYR"), ("baht", "THB"), ("peso", "MXN"), ("real", "BRL"), ("roubles?|rubles?", "RUB"),
             ("lira", "TRY"), ("rand", "ZAR"), ("sterling|pound", "GBP"), ("euro", "EUR"), ("Swiss franc", "CHF"),
             ("Aussie|Australian dollar", "AUD"), ("loonie|Canadian dollar", "CAD"), ("Re", "INR")]
_MONTHS = (r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
           r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?")
TIME_WORDS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december", "quarter", "year", "month", "week", "day", "period", "half", "time", "today",
              "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "session"}
PRONOUNS = {"it", "its", "they", "their", "them", "itself"}


_SMALL_CLAUSE = re.compile(
    r"(?:\s*['’]s)?(?:\s+(?:shares|stock|stocks|ADRs|index|gauge))?\s*,?\s+(?:(?:is|are|was|were|has been|have been|"
    r"now|still|already|closed|ended|finished|trading|traded)\s+)*(?:up|down|higher|lower|off|rising|falling|gaining|"
    r"losing|climbing|sliding|dropping|jumping|surging|rallying|advancing|declining|sinking|tumbling|slumping|"
    r"soaring|plunging)\s+(?:by\s+)?(?:(?:about|around|roughly|nearly|almost|more than|over|less than|some|"
    r"just over|just under|as much as|at least)\s+)?", re.IGNORECASE)
_BUSINESS_METRICS = {"revenue", "profit", "eps", "dividend", "margin", "volume_flows", "headcount", "market_value",
                     "macro"}
_APPOSITIVE_CHANGE = re.compile(
    r"[^;:,]*,\s*(?:up|down|higher|lower|rising|falling|increasing|decreasing|an?\s+(?:increase|decrease|rise|drop|"
    r"gain|fall|decline|jump|growth)(?:\s+of)?)\s+(?:by\s+)?(?:(?:about|around|nearly|almost|more than|over|some|"
    r"roughly|just over|less than)\s+)?", re.IGNORECASE)
_SUBORDINATORS = {"as", "because", "after", "while", "since", "when", "amid", "though", "although", "whereas"}
# a capital named for its government ('Beijing sets growth target') stands for the country in macro figures
CAPITAL_COUNTRY = {"Beijing": "China", "Washington": "United States", "Tokyo": "Japan", "New Delhi": "India",
                   "Delhi": "India", "Berlin": "Germany", "Paris": "France", "London": "United Kingdom",
                   "Moscow": "Russia", "Ottawa": "Canada", "Seoul": "South Korea", "Taipei": "Taiwan",
                   "Brussels": "Euro zone", "Canberra": "Australia", "Brasilia": "Brazil", "Rome": "Italy",
                   "Madrid": "Spain", "Ankara": "Turkey", "Jakarta": "Indonesia", "Hanoi": "Vietnam"}
_DEMONYMS = {"chinese": "China", "american": "United States", "us": "United States", "u.s.": "United States",
             "japanese": "Japan", "indian": "India", "german": "Germany", "french": "France", "british": "United Kingdom",
             "uk": "United Kingdom", "korean": "South Korea", "european": "Euro zone", "euro-zone": "Euro zone",
             "eurozone": "Euro zone", "canadian": "Canada", "australian": "Australia", "brazilian": "Brazil",
             "russian": "Russia", "swiss": "Switzerland", "italian": "Italy", "spanish": "Spain",
             "taiwanese": "Taiwan", "mexican": "Mexico"}
# verbs that end a noun phrase in a subject ('Beijing pledges support', 'Beijing Sets'): cut the name there
_SUBJECT_VERB = re.compile(
    r"(?:sets?|pledges?|keeps?|holds?|signals?|says?|sees?|eyes|plans?|vows?|warns?|unveils?|launches|reports|"
    r"posts|beats|misses|hits|nears|cuts|raises|hikes|lifts|boosts|targets|expects|forecasts|predicts|slashes|"
    r"trims|lowers|announces|approves|rejects|agrees|buys|sells|acquires|invests|jumps|falls|rises|gains|drops|"
    r"slumps|surges|soars|tumbles|rallies|climbs|sinks|slides|dips|edges|rebounds|recovers|retreats|"
    r"considers|mulls|weighs|seeks|wins|loses|faces|sends|steps|ramps|pushes|imposes|threatens|is|are|was|were|"
    r"has|have|had|will|would|could|may|might|should|can)", re.IGNORECASE)


@dataclass
class _State:
    """Coreference memory across sentences of one text."""

    last_subject: str | None = None
    last_kind: str | None = None
    by_noun: dict[str, str] = field(default_factory=dict)  # 'basket' -> '7 titans'
    last_period: str | None = None


def _words(s: str) -> list[str]:
    return re.findall(r"[\w$€£%]+(?:[-'’.][\w]+)*", s)


_VERB_UP_TO = re.compile(r"\b((?:edg|tick|inch|mov|creep|crept|went|go|goes|going|gone|came|climb|jump|shot|"
                         r"push|drift|trend|ris|rose|spik|surg|soar|head|crawl)\w*)\s+up\s+to\b", re.IGNORECASE)


def _comparator(text: str, x: NumExpr, sent_start: int) -> str | None:
    before = text[max(sent_start, x.start - 30):x.start]
    before = _VERB_UP_TO.sub(lambda m: m.group(1) + " higher to", before)  # 'edged up to 4.1%': a move, not at most
    before = re.sub(r"[\s(]+$", " ", before)
    for rx, comp in _COMP_BEFORE_RE:
        if rx.search(before.rstrip() + " "):
            # 'below' after a movement verb is a threshold ('decreased below 5 per cent' -> less_than) - fine;
            # 'over' as in 'over the year' cannot precede a digit, so no check needed
            return comp
    after = text[x.end:x.end + 25]
    for rx, comp in _COMP_AFTER_RE:
        if rx.search(after):
            return comp
    return x.trailing_comparator


def _is_base(text: str, x: NumExpr, prev_end: int) -> bool:
    """The comparison base of a movement: 'from EUR 1.1 mn', 'compared with EURO 124.6 million'."""
    gap = text[prev_end:x.start]
    return bool(_BASE_MARKER.search(gap[-60:])) or bool(re.search(r"\b(?:up|down) from\s*$", gap))


def _direction(text: str, x: NumExpr, sent_start: int, sent_end: int, is_base: bool, prev_end: int) -> str | None:
    before = text[max(sent_start, x.start - 130):x.start]
    after = text[x.end:min(sent_end, x.end + 60)]
    if _VERB_UP_TO.search(before[-40:]) and re.search(r"\bup\s+to\s*$", before):
        return "up"  # 'edged up to 4.1%'
    if re.search(r"\boff\s+(?:(?:about|nearly|more than|some|around|over|almost|roughly)\s+)?$", before):
        return "down"  # 'XPeng off 3.5%'
    if x.negative:
        return "down"
    if _LOSS_BEFORE.search(re.sub(r"stop[- ]loss", "stop", before[-50:], flags=re.IGNORECASE)) or _LOSS_AFTER.match(after):
        return "down"
    if is_base:
        return None
    m = _MOVE_NOUN_AFTER.match(after)
    if m:
        w = m.group("w").lower()
        if w == "premium":
            return None
        return "up" if w in _UP_NOUNS else "down"
    if re.match(r"^\s*(?:below|lower than|under|beneath|off)\b", after):
        return "down"
    if re.match(r"^\s*(?:above|higher than)\b", after):
        return "up"
    # movement verb before the number in the same clause (not across another figure's base marker)
    clause = re.split(r"[;:]|\s[-–—]\s|,\s(?:while|but|whereas|and)\s|\bwhich\b", text[max(sent_start, prev_end):x.start])[-1]
    clause = re.sub(r"stop[- ]loss", " ", clause[-120:], flags=re.IGNORECASE)
    ups = [mm.end() for mm in _UP_RE.finditer(clause)]
    downs = [mm.end() for mm in _DOWN_RE.finditer(clause)]
    if ups or downs:
        last_up = max(ups) if ups else -1
        last_down = max(downs) if downs else -1
        return "up" if last_up > last_down else "down"
    if re.match(r"^\s*(?:\w+\s+){0,3}?(?:(?:being|be|were|was|will be|to be)\s+)?(?:laid off|made redundant|"
                r"cut|axed|eliminated|shed|let go)\b", after, re.IGNORECASE):
        return "down"  # '60 people being laid off'
    # ', up from ...' right after a level: the level was reached by that movement
    m = re.match(r"^\s*,?\s*(up|down|higher|lower)\b", after) or \
        re.search(r",\s*(up|down)\s+(?:\w+\s+)?from\b", re.split(r"\d", after)[0])
    if m:
        return "up" if m.group(1).lower() in ("up", "higher") else "down"
    return None


def _metric(text: str, x: NumExpr, unit: str, sent_start: int, sent_end: int, direction: str | None) -> str:
    m = _metric_inner(text, x, unit, sent_start, sent_end, direction)
    if m == "stake" and unit == "other":
        return "other"  # tonnes or dwt are never a stake
    return m


def _metric_inner(text: str, x: NumExpr, unit: str, sent_start: int, sent_end: int, direction: str | None) -> str:
    before = text[max(sent_start, x.start - 150):x.start]
    if x.start - 150 > sent_start:
        before = re.sub(r"^\S*\s", "", before)  # do not start inside a word
    after = text[x.end:min(sent_end, x.end + 45)]
    after = re.split(r"[;:]|,\s|(?<![A-Za-z'’])\d", after)[0]
    parts = re.split(r"[;:]|\s[-–—]\s|,\s", before)
    clause_before = parts[-1]
    if len(_words(clause_before)) < 3 and len(parts) > 1:  # 'Its five-year return, at about 18%'
        clause_before = parts[-2] + ", " + clause_before
    sentence_before = text[sent_start:x.start]
    # strong local patterns
    if unit == "multiple" and re.match(r"^\s*(?:\w+\s+){0,2}?(?:earnings|book|sales|P/?E)\b", after, re.IGNORECASE):
        return "valuation"
    if re.search(r"\b(?:discount|premium)\b(?:\s+\w+){0,4}\s*$", before, re.IGNORECASE):
        return "valuation" if unit in ("percent", "multiple") else "other"
    if unit == "currency" and re.match(r"^\s*(?:a share|per share|apiece|each)\b", after, re.IGNORECASE):
        if re.search(r"\b(?:earnings|EPS|profit|loss)\b", clause_before, re.IGNORECASE):
            return "eps"
        if re.search(r"\bdividends?\b", before + after, re.IGNORECASE):
            return "dividend"
        return "price_level"
    if unit == "percent" and not re.search(r"\b(?:" + UP_WORDS + "|" + DOWN_WORDS + r")\W*(?:\w+\W+){0,3}$", before,
                                           re.IGNORECASE) and \
            re.match(r"^\s*(?:stake\s+)?in\s+(?!(?:Q[1-4]|H[12]|FY|9M|" + _MONTHS + r"|"
                                                      r"Monday|Tuesday|Wednesday|Thursday|Friday|The|This|That)\b)"
                                                      r"[A-Z]", text[x.end:x.end + 40]):
        return "stake"  # 'to sell 9% in Axis Bank'
    if unit == "currency" and re.match(r"^\s*(?:\w+\s+)?(?:rally|rout|selloff|sell-off|wipeout)\b", after, re.IGNORECASE):
        return "market_value"
    if unit == "count" and re.search(r"\b(?:sold|sells?|selling|deliver(?:s|ed|ing|ies|y)?|shipped|ships?|shipping)\s+"
                                     r"(?:(?:a|an|the|some|about|around|nearly|more than|over|almost|roughly|"
                                     r"record|total of|a total of)\s+)*$", before, re.IGNORECASE):
        return "revenue"  # 'sold 322,846 vehicles', 'aims to deliver 300,000 cars': sales in units
    if unit == "currency" and re.match(r"^\s*(?:an?|per|/)\s*(?:troy\s+)?(?:ounce|oz|barrel|bbl|tonne|ton|metric ton|"
                                       r"pound|lb|kilogram|kg|gram|bushel|gallon|litre|liter|MWh|kWh|unit|coin|token|"
                                       r"bitcoin)\b", after, re.IGNORECASE):
        return "price_level"  # 'a record $2,956 an ounce'
    if unit == "count":
        if re.match(r"^\s*(?:[\w-]+\s+){0,3}?(?:employees|staff|workers|jobs|people|persons|personnel|"
                    r"positions|employees)\b", after, re.IGNORECASE):
            return "headcount"
        if re.match(r"^\s*(?:[\w-]+\s+){0,3}?(?:shares|votes|warrants|options|stock options)\b", text[x.end:x.end + 50],
                    re.IGNORECASE):
            return "stake"
        if re.match(r"^\s*(?:[\w-]+\s+){0,2}?[a-z]+s\b", after) and not re.search(
                r"\b(?:employ(?:s|ed|ing)?|hire[sd]?|hiring|lay(?:s|ing)? off|laid off|recruit(?:s|ed|ing)?|"
                r"cut(?:s|ting)?|shed(?:s|ding)?)\s+(?:\w+\s+){0,3}$", before, re.IGNORECASE):
            # '10 offices', '22 private equity funds': the counted thing decides, not an earlier keyword
            for rx, metric in _METRIC_RE:
                if metric in ("revenue", "stake") and rx.search(after[:30]):
                    return metric
            return "other"
    if re.search(r"\b(?:EPS|earnings per share|loss per share|profit per share)\b", clause_before):
        return "eps"
    # keywords right after the number ('10.75 percent market share', '7 pc stake', '50 staff', 'rise in beer sales')
    m_after = None
    windows = [after[:28]]
    mnoun = _MOVE_NOUN_AFTER.match(after)
    if mnoun:
        if mnoun.group("w").lower() == "loss":
            return "profit"  # 'Rs 593-crore consolidated loss'
        tail = re.sub(r"^\s*(?:in|of)\s+", " ", after[mnoun.end():mnoun.end() + 30])
        windows.insert(0, tail[:28])
    for near_after in windows:
        for rx, metric in _METRIC_RE:
            mm = rx.search(near_after)
            # only words attached to the figure: not across 'to slip below IPO price', 'on profit-booking'
            if mm and metric not in ("return",) and not re.search(
                    r"\b(?:on|as|after|before|amid|following|due|because|to|while|and|but|with|despite|since|"
                    r"than|from|that|which|when)\b", near_after[:mm.start()], re.IGNORECASE):
                if m_after is None or mm.start() < m_after[0]:
                    m_after = (mm.start(), metric)
        if m_after:
            break
    # keyword before the number: nearest, but a movement verb points to the metric named before it
    best_before = None
    for rx, metric in _METRIC_RE:
        for mm in rx.finditer(clause_before):
            dist = len(clause_before) - mm.end()
            if best_before is None or (dist, -len(mm.group())) < (best_before[0], -len(best_before[2])):
                best_before = (dist, metric, mm.group())
    move_before = None
    for mm in _MOVE_VERB.finditer(clause_before):
        move_before = len(clause_before) - mm.end()
    if m_after and (best_before is None or m_after[0] <= 3 or (move_before is not None and move_before < best_before[0])):
        if not (best_before and best_before[1] in ("profit", "revenue") and m_after[1] in ("stake", "other")
                and best_before[0] < 25):
            return m_after[1]
    if best_before is not None:
        dist, metric, word = best_before
        strong_other = re.fullmatch(r"market share|net smelter return|royalt\w*|volatility|capacity|production|"
                                    r"output|demand|costs?|cost savings|savings", word, re.IGNORECASE)
        if re.fullmatch(r"shares?|stocks?", word, re.IGNORECASE) and move_before is not None and \
                unit in ("percent", "currency") and not re.search(
                    r"\b(?:stake|sells?|sold|selling|buys?|bought|buying|acquir\w*|issu\w*|offer\w*|owns?|owned|holds?|"
                    r"held|subscri\w*|placement|allot\w*|repurchas\w*|buy-?back)\b", clause_before, re.IGNORECASE):
            return "return"  # 'lifted the shares 8%', 'sent the stock up 6%': a price move, not a stake
        if move_before is not None and move_before < dist and not strong_other and (
                metric in ("return", "price_level", "other") or
                                                              re.fullmatch(r"shares?|stocks?", word, re.IGNORECASE)):
            # 'Gold falls Rs 135', 'Sony plunges 8.25%': a price move
            if unit in ("percent", "currency", "index_points"):
                return "return"
        if metric == "price_level" and direction is not None and unit in ("percent",):
            return "return"
        if metric == "return" and unit == "currency" and direction is None:
            return "price_level"
        return metric
    if m_after:
        return m_after[1]
    # nothing in the clause: a change or level of what the sentence named earlier ('net sales ... , a 3.3-percent increase')
    best_sent = None
    for rx, metric in _METRIC_RE if move_before is None else ():
        if metric in ("revenue", "profit", "stake", "eps", "dividend", "margin", "headcount", "macro", "volume_flows"):
            for mm in rx.finditer(sentence_before):
                if best_sent is None or mm.end() > best_sent[0]:
                    best_sent = (mm.end(), metric)
    if best_sent:
        return best_sent[1]
    if unit == "index_points":
        return "return" if direction else "price_level"
    if unit == "percent" and (direction or move_before is not None):
        return "return"
    if unit in ("currency", "index_points") and move_before is not None and move_before < 15:
        return "return"  # 'Gold falls Rs 135'

    if unit == "currency" and direction is None and re.search(r"\b(?:at|to|near|around|below|above)\s*$", before) \
            and not re.search(r"\bup to\s*$", before):
        return "price_level"
    if unit == "count" and re.search(r"\b(?:employ|hire|lay|recruit|staff)", before + after, re.IGNORECASE):
        return "headcount"
    return "other"


def _unit(text: str, x: NumExpr, sent_start: int, sent_end: int, subject_kind: str | None,
          doc: Doc | None = None) -> str:
    if x.unit != "bare":
        return x.unit
    after = text[x.end:min(sent_end, x.end + 50)]
    before = text[max(sent_start, x.start - 40):x.start]
    if x.scale >= 1e5 and doc is not None and _counted_noun(doc, x) and not re.match(
            r"^\s*(?:\w+\s+)?(?:of|in|for|worth)\b", after):
        return "count"  # '1.25 lakh bikes'
    sentence = text[sent_start:sent_end]
    index_context = subject_kind == "index" or re.search(
        r"\b(?:Nifty|Sensex|index|indices|gauge|benchmark|Dow|Nasdaq|S&P|Nikkei|Hang Seng|FTSE|DAX|Kospi)\b",
        sentence, re.IGNORECASE)
    # an exchange rate: 'rupee ... at 61.53 vs US dollar', '13,550 per dollar' -> the quoted currency
    if x.scale == 1.0 and re.match(r"^\s*(?:/\s?\$|(?:vs\.?|versus|against|to|per|a)\s+(?:the\s+)?(?:US\s+)?"
                                   r"(?:dollar|\$|greenback|euro))", after, re.IGNORECASE):
        for word, code in _FX_WORDS:
            if re.search(r"\b" + word + r"\b", sentence, re.IGNORECASE):
                x.currency = code
                return "currency"
    if x.scale == 1.0 and (re.search(r"\b(?:target|targets|price|stop[- ]loss|resistance|support|trades? at|"
                                     r"list(?:s|ed)? at|cross(?:es|ed)?|hits?|tests?|reach(?:es)?|touch(?:es|ed)?|"
                                     r"breach(?:es|ed)?|breaks?)\s+(?:\w+\s+){0,2}$", before, re.IGNORECASE)
                           or re.match(r"^\s*(?:levels?|mark)\b", after, re.IGNORECASE)):
        if index_context:
            return "index_points"
        return "currency"  # a price without its currency: 'target is around 3400 in SBI'
    if x.scale >= 1e5 and not re.match(r"^(?:\s+[\w'-]+){0,3}?\s+(?:people|persons|employees|shares|units|users|"
                                       r"customers|subscribers|tonnes|tons|liters|litres|barrels|vehicles|cars)\b",
                                       after, re.IGNORECASE):
        if re.search(r"\b(?:revenue|sales|profit|income|turnover|earnings|loss|cost|price|investment|worth|"
                     r"valued|value|budget|debt|cash|capital|loan|funds?|financing|contract|order|deal|"
                     r"acquisition|consideration|dividend|EBIT|EBITDA|assets)\b", before + after, re.IGNORECASE):
            return "currency"
        return "count"
    counted = doc is None or _counted_noun(doc, x)
    if not counted and (subject_kind == "index" or re.search(
            r"\b(?:Nifty|Sensex|index|indices|gauge|benchmark|Dow|Nasdaq|S&P)\b", before + after[:30], re.IGNORECASE)):
        return "index_points"
    if not counted:
        return "none"  # a bare number that counts nothing named: a table cell, a code, a list item
    return "count"


def _counted_noun(doc: Doc, x: NumExpr) -> bool:
    """'22 private equity funds', '246 salaried and senior salaried employees', '50 staff'."""
    span = doc.char_span(x.num_start, x.num_end, alignment_mode="expand")
    if span is None:
        return True
    i = span.end
    for t in doc[i:i + 6]:
        if t.pos_ in ("NOUN",) or (t.pos_ == "PROPN" and t.text.endswith("s")):
            return True
        if t.pos_ in ("ADJ", "CCONJ", "ADV", "PROPN", "NUM") or t.lower_ in ("-", "of"):
            continue
        break
    return False


def _sentences(doc: Doc) -> list[tuple[int, int]]:
    return [(s.start_char, s.end_char) for s in doc.sents]


def _mentions_in(mentions: list[Mention], start: int, end: int) -> list[Mention]:
    return [m for m in mentions if m.start >= start and m.end <= end]


class SubjectResolver:
    """Finds what a number is about from the dependency parse, the mentions and the coreference memory."""

    def __init__(self, doc: Doc, mentions: list[Mention]):
        self.doc = doc
        self.mentions = [m for m in mentions if m.kind in SUBJECT_KINDS]
        self.all_mentions = sorted(mentions, key=lambda m: m.start)
        self.mentions.sort(key=lambda m: m.start)
        self._starts = [m.start for m in self.mentions]
        self._all_starts = [m.start for m in self.all_mentions]
        self.sent_start = 0
        self.text = doc.text  # Doc.text rebuilds the string on every access
        self.current: NumExpr | None = None
        self.state = _State()

    # -- helpers
    def _in_m(self, start: int, end: int) -> list[Mention]:
        """Subject-kind mentions inside [start, end) (binary search: texts can be long)."""
        lo, hi = bisect_left(self._starts, start), bisect_left(self._starts, end)
        return [m for m in self.mentions[lo:hi] if m.end <= end]

    def _in_all(self, start: int, end: int) -> list[Mention]:
        lo, hi = bisect_left(self._all_starts, start), bisect_left(self._all_starts, end)
        return [m for m in self.all_mentions[lo:hi] if m.end <= end]

    def _ent_in(self, start: int, end: int, prefer: str | None = None) -> Mention | None:
        cands = self._in_m(start, end)
        cands = [m for m in cands if m.kind != "place" or prefer == "place"]
        if not cands:
            return None
        if prefer:
            pref = [m for m in cands if m.kind == prefer]
            if pref:
                return pref[0]
        return sorted(cands, key=lambda m: (KIND_PRIORITY.get(m.kind, 5), m.start))[0]

    def _coref(self, word: str, before: int) -> str | None:
        w = word.lower()
        if w in PRONOUNS:
            # 'Acme Oyj said its net sales fell': the entity named earlier in the same sentence
            same = [m for m in self._in_m(self.sent_start, before)
                    if m.kind in ("company", "organization", "index", "basket", "commodity")]
            if same:
                return same[0].name
            places = [m for m in self._in_m(self.sent_start, before) if m.kind == "place"]
            if places and w == "it" and re.search(r"\b(?:said|says|announced|plans?|would|will|vowed|pledged)\b",
                                                 self.text[places[0].end:before]):
                return _place_name(places[0].name)  # 'Canada said it would impose tariffs'
            if self.state.last_subject:
                return self.state.last_subject
            prev = [m for m in self._in_m(0, before)
                    if m.end <= before and m.kind in ("company", "index", "basket", "commodity", "organization")]
            return prev[-1].name if prev else "the company"
        if w in COREF_NOUNS:
            if w in self.state.by_noun:
                return self.state.by_noun[w]
            kind = COREF_NOUNS[w]
            prev = [m for m in self._in_m(0, before) if m.end <= before and (m.kind == kind if kind else m.kind in ("company", "organization"))]
            if prev:
                return prev[-1].name
            return "the company" if w in ("company", "group", "firm") else None
        return None

    def _np_subject(self, noun: Token, depth: int = 0) -> tuple[str | None, str | None]:
        """Name for the noun phrase headed by ``noun``: (name, kind)."""
        if depth > 4:
            return None, None
        sub = list(noun.subtree)
        start, end = sub[0].idx, sub[-1].idx + len(sub[-1])
        low = noun.lower_
        if self.current is not None and (start <= self.current.num_start < noun.idx + len(noun) or any(
                t.like_num and any(ch.isdigit() for ch in t.text) for t in noun.lefts)) and not self._in_m(
                start, end) and not any(c.dep_ == "poss" for c in noun.children):
            if not (low in ABSTRACT_HEADS or _MOVE_NOUN_AFTER.match(" " + noun.text)):
                return None, None  # '60 people being laid off', 'Some 3.8 mln euro': the figure itself
        # 'the basket', 'the gauge', 'it'
        if low in PRONOUNS:
            return self._coref(low, noun.idx), self.state.last_kind
        has_det = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in noun.children)
        ent = None
        bare_stock = low in ("stock", "scrip", "shares", "share") and len(sub) == 1
        if low in COREF_NOUNS and (has_det or bare_stock) and not self._in_m(start, end):
            name = self._coref(low, noun.idx)
            if name:
                return name, COREF_NOUNS.get(low)
        # the head noun is itself (in) a named entity: "The People's Bank of China", "Japan's Nikkei 225"
        covering = [m for m in self._in_m(start, end) if m.start <= noun.idx < m.end and m.kind != "place"]
        if covering:
            return covering[0].name, covering[0].kind
        # possessive: "Ramirent 's net sales", "its five-year return", "Nasdaq 100's rally"
        for c in noun.children:
            if c.dep_ == "poss":
                if c.lower_ in PRONOUNS:
                    return self._coref(c.lower_, c.idx), self.state.last_kind
                pe = self._ent_in(c.left_edge.idx, c.idx + len(c))
                if pe:
                    return pe.name, pe.kind
                if c.pos_ == "PROPN":
                    return self.doc[c.left_edge.i:c.i + 1].text, None
        # 'the aggregate holdings of X', 'rise in X', 'delivery volume of paper businesses'
        if low in ABSTRACT_HEADS or noun.pos_ == "NUM":
            for c in noun.children:
                if c.dep_ == "prep" and c.lower_ in ("of", "in", "for", "at"):
                    for p in c.children:
                        if p.dep_ == "pobj" and p.lower_ not in TIME_WORDS and not p.like_num:
                            name, kind = self._np_subject(p, depth + 1)
                            if name:
                                return name, kind
            ent = self._ent_in(start, noun.idx + len(noun))
            if ent:
                return ent.name, ent.kind
            # 'NHPC Q3 net profit': a proper-noun modifier names the company
            chunk: list[Token] = []
            for t in self.doc[noun.left_edge.i:noun.i]:
                if t.pos_ == "PROPN" and not re.fullmatch(r"(?:Q[1-4]|H[12]|FY\S*|9M|" + _MONTHS + r")", t.text):
                    chunk.append(t)
                elif chunk:
                    break
            if chunk:
                return self.doc[chunk[0].i:chunk[-1].i + 1].text, None
            return None, None
        prefer = "basket" if low in ("basket", "cohort") else "index" if low in ("index", "gauge", "benchmark") else None
        ent = self._ent_in(start, end, prefer)
        if ent:
            return ent.name, ent.kind
        if low in ("company", "group", "firm") and has_det:
            return self._coref(low, noun.idx), None
        # a plain noun phrase: 'the Swedish subsidiary', 'UK operation', 'the contracts', 'Chinese tech megacaps'
        toks = [t for t in noun.lefts if t.dep_ in ("amod", "compound", "nmod", "det", "nummod", "poss")]
        left = min([t.left_edge.i for t in toks] + [noun.i])
        span = self.doc[left:noun.i + 1]
        txt = re.sub(r"(?:\s+(?:Q[1-4]|H[12]|FY\d*|9M))+$", "", span.text.strip())
        if noun.pos_ == "PRON" or not re.search(r"[A-Za-z]", txt) or low in TIME_WORDS or \
                (low.endswith("s") and low[:-1] in TIME_WORDS):
            return None, None
        return txt, None

    def resolve(self, x: NumExpr, sent: Span) -> tuple[str | None, str | None]:
        doc = self.doc
        self.sent_start = sent.start_char
        self.current = x
        # 'raised their target for the Hang Seng Index to 25,000': the figure is about the index
        window_start = max(sent.start_char, x.start - 90)
        tm = None
        for tm in re.finditer(r"\b(?:targets?|forecasts?|estimates?|outlook|projections?|guidance)\s+(?:for|on)\s+",
                              self.text[window_start:x.start], re.IGNORECASE):
            pass
        if tm is not None:
            after_for = window_start + tm.end()
            for m in self._in_m(after_for, x.start):
                if re.fullmatch(r"\s*(?:to|at|of|is|was|at about|to about|from)?\s*(?:[\w.]+\s+){0,2}",
                                self.text[m.end:x.start]):
                    return m.name, m.kind
        # 'Citigroup sees Sensex at 35,000', 'Nifty near 8,100', 'Brent steady above $108'
        for m in self._in_m(max(sent.start_char, x.start - 40), x.start):
            if m.kind in ("index", "commodity", "company", "basket") and re.fullmatch(
                    r"\s+(?:(?:steady|stays?|seen|trades?|trading|ends?|closes?|closed|ended|is|was)\s+)?"
                    r"(?:at|near|around|above|below|over|under)\s+(?:about\s+|around\s+)?", self.text[m.end:x.start]):
                return m.name, m.kind
        # small clauses: 'with the Hang Seng Tech Index up more than 12%', 'sending Nvidia down 17%',
        # 'SMIC shares up 6%': the name right before 'up/down N%' is what moved, whatever verb follows
        for m in reversed(self._in_m(max(sent.start_char, x.start - 70), x.start)):
            if m.kind != "place" and _SMALL_CLAUSE.fullmatch(self.text[m.end:x.start]):
                return m.name, m.kind
            break
        # "the Nasdaq 100's more than 130% rally"
        window = self._in_m(max(sent.start_char, x.start - 80), x.start)
        for m in window:
            gap = self.text[m.end:x.start]
            if re.fullmatch(r"\s?['’]s\s+(?:[\w-]+\s+){0,3}", gap) and not any(o.start >= m.end for o in window):
                # not "Japan's Nikkei 225 slid 1.8%": there the index is named after the possessor
                return m.name, m.kind
        span = doc.char_span(x.num_start, x.num_end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return self._fallback(x, sent)
        tok = span[-1]
        seen = 0
        cur = tok
        # walk up: number -> noun it measures -> verb -> subject
        while seen < 12:
            seen += 1
            head = cur.head
            if cur.dep_ == "poss":
                break
            if cur.pos_ in ("NOUN", "PROPN") and cur is not tok:
                # the figure's own noun: possessive or 'rally in X' / 'drop in an index of X'
                for c in cur.children:
                    if c.dep_ == "poss":
                        name, kind = self._np_subject(cur)
                        if name:
                            return name, kind
                for c in cur.children if _MOVE_NOUN_AFTER.match(" " + cur.text) else ():
                    if c.dep_ == "prep" and c.lower_ in ("in", "of") and c.i > tok.i:
                        for p in c.children:
                            if p.dep_ == "pobj":
                                ent = self._ent_in(p.left_edge.idx, p.right_edge.idx + len(p.right_edge))
                                if ent:
                                    return ent.name, ent.kind
                                if cur.dep_ in ("nsubj", "nsubjpass") and _MOVE_VERB.fullmatch(cur.text):
                                    name, kind = self._np_subject(p)
                                    if name:
                                        return name, kind
                if cur.dep_ in ("nsubj", "nsubjpass"):
                    name, kind = self._np_subject(cur)
                    if name:
                        return name, kind
                    break
                if cur.dep_ in ("acl", "relcl"):
                    pass
            if cur.pos_ == "VERB" and cur.tag_ == "VBG" and cur.i > 0:
                # 'its UK operation - consisting of 50 staff': the noun the participle describes
                prev = next((t for t in reversed(doc[sent.start:cur.i]) if not t.is_punct), None)
                if prev is not None and prev.pos_ in ("NOUN", "PROPN") and prev.dep_ not in ("pobj",):
                    name, kind = self._np_subject(prev)
                    if name:
                        return name, kind
            if cur.pos_ in ("VERB", "AUX") or cur.dep_ == "ROOT":
                verb = cur
                hops = 0
                while hops < 4:
                    hops += 1
                    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
                    if subj and subj[0].i > tok.i and any(
                            t.dep_ == "mark" or t.lower_ in _SUBORDINATORS for t in doc[tok.i + 1:subj[0].i]):
                        # '... up 12% this year as foreign investors returned': the subordinate clause's
                        # subject is not what the figure is about
                        return self._fallback(x, sent)
                    if subj and subj[0].lower_ in ("which", "that", "who") and verb.dep_ == "relcl" and \
                            verb.head.pos_ in ("NOUN", "PROPN"):
                        # 'The index, which is up 12% ...': the noun the relative clause describes
                        name, kind = self._np_subject(verb.head)
                        if name:
                            return name, kind
                    if subj:
                        s = subj[0]
                        if s.i <= tok.i <= s.right_edge.i:
                            pass  # the number is inside the subject phrase; handled above
                        else:
                            name, kind = self._np_subject(s)
                            if name:
                                return name, kind
                            if s.lower_ in ABSTRACT_HEADS or s.pos_ == "PRON":
                                found = self._beneficiary(x) or self._fallback(x, sent, allow_none=True)
                                if found and found[0]:
                                    return found
                                return self._reporter(verb) or found
                    if verb.dep_ in ("acl",) and verb.head.pos_ in ("NOUN", "PROPN"):
                        name, kind = self._np_subject(verb.head)
                        if name:
                            return name, kind
                    if verb.dep_ in ("relcl",) and verb.head.pos_ in ("NOUN", "PROPN"):
                        name, kind = self._np_subject(verb.head)
                        if name:
                            return name, kind
                    if verb.dep_ in ("conj", "xcomp", "advcl", "ccomp", "pcomp", "acl", "relcl") and verb.head is not verb:
                        verb = verb.head
                        continue
                    break
                break
            if head is cur:
                break
            cur = head
        return self._fallback(x, sent)

    def _reporter(self, verb: Token) -> tuple[str, str | None] | None:
        """'The company said net profit rose 12%': whose figure an abstract subject is, from the reporting clause."""
        head = verb.head
        if verb.dep_ not in ("ccomp", "conj") or head is verb or not re.fullmatch(
                r"(?:say|said|says|report(?:s|ed)?|announc(?:e|es|ed)|post(?:s|ed)?|expect(?:s|ed)?|forecast(?:s|ed)?|"
                r"told|tells?|stat(?:e|es|ed)|disclos(?:e|es|ed))", head.lower_):
            return None
        subj = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subj or subj[0].lower_ in ABSTRACT_HEADS or subj[0].pos_ == "PRON" and subj[0].lower_ not in PRONOUNS:
            return None
        low = subj[0].lower_
        if low in ("analysts", "analyst", "investors", "economists", "strategists", "people", "sources", "officials"):
            return None
        name, kind = self._np_subject(subj[0])
        return (name, kind) if name else None

    def _beneficiary(self, x: NumExpr) -> tuple[str, str] | None:
        """'a capital loss of EUR5m for Solidium': the entity the figure is for."""
        after = self.text[x.end:x.end + 60]
        m = re.match(r"^\s*(?:\w+\s+)?for\s+", after)
        if not m:
            return None
        ents = [e for e in self._in_all(x.end + m.end(), x.end + m.end() + 50)
                if e.start <= x.end + m.end() + 4 and e.kind != "person"]
        return (ents[0].name, ents[0].kind) if ents else None

    def _fallback(self, x: NumExpr, sent: Span, allow_none: bool = False) -> tuple[str | None, str | None]:
        before = [m for m in self._in_m(sent.start_char, x.start) if m.kind != "place"]
        if before:
            m = sorted(before, key=lambda m: m.start)[0]
            return m.name, m.kind
        if allow_none:
            return None, None
        # a proper name just before the figure in its clause ('Hero Honda down over 2%')
        clause_start = max(sent.start_char, *(x.start - len(p) for p in re.split(r"[;:]", self.text[sent.start_char:x.start])[-1:]))
        span = self.doc.char_span(clause_start, x.start, alignment_mode="contract")
        if span is not None:
            chunk: list[Token] = []
            for t in span:
                if _MOVE_VERB.fullmatch(t.text) or re.fullmatch(r"(?:Q[1-4]|H[12]|FY\d*|9M)", t.text):
                    if chunk:
                        break
                    continue
                caps_ok = not t.is_upper or (len(t) >= 3 and t.text not in ("EUR", "USD", "NOK", "SEK", "INR", "GBP",
                                                                             "HKD", "JPY", "CNY", "BSE", "NSE"))
                if t.pos_ == "PROPN" and caps_ok or (t.pos_ == "PROPN" and chunk):
                    chunk.append(t)
                elif chunk:
                    break
            if chunk and chunk[0].i > span.start - 1 and len(chunk) <= 4:
                return self.doc[chunk[0].i:chunk[-1].i + 1].text, None
        after = [m for m in self._in_m(x.end, sent.end_char) if m.kind != "place" and m.kb_id]
        if after:
            return after[0].name, after[0].kind
        return None, None

    def remember(self, name: str | None, kind: str | None, sent: Span) -> None:
        if not name or name == "the company":
            return
        self.state.last_subject = name
        self.state.last_kind = kind
        # 'An equal-weighted basket of ... dubbed the 7 titans': later 'the basket' means it
        for t in sent:
            if t.lower_ in COREF_NOUNS and t.pos_ == "NOUN" and (COREF_NOUNS[t.lower_] in (None, kind)):
                self.state.by_noun.setdefault(t.lower_, name)


def extract_claims(text: str, doc: Doc, mentions: list[Mention], quotes: list[Quote] | None = None,
                   published: date | None = None) -> list[Claim]:
    """Claims in text order. ``doc`` is spaCy's parse of ``text``; ``mentions`` its linked entities."""
    _PERIOD_CACHE.clear()
    protected = [(m.start, m.end) for m in mentions if re.search(r"\d", m.text)]
    nums = find_numbers(text, protected)
    if not nums:
        return []
    quotes = quotes or []
    resolver = SubjectResolver(doc, mentions)
    # entity names do not count as metric words ('Tencent Holdings' is not a holding)
    masked = list(text)
    for m in mentions:
        if m.kind in ("company", "organization", "outlet", "index", "basket", "product", "commodity"):
            for i in range(m.start, min(m.end, len(masked))):
                if not masked[i].isspace():
                    masked[i] = "X"
    masked = "".join(masked)
    # 'Fund , L.P.', 'Acme, Inc.': a comma inside a name is not a clause boundary
    for cm in re.finditer(r"\s?,(?=\s+(?:L\.P\.|LP|Inc\.?|Ltd\.?|LLC|plc|PLC|N\.V\.|S\.A\.|AG|SE|Oyj|Corp\.?)(?!\w))",
                          text):
        masked = masked[:cm.start()] + " " * len(cm.group()) + masked[cm.end():]
    sents = list(doc.sents)
    claims: list[Claim] = []
    si = 0
    prev_end_in_sent = 0
    last_sent = None
    prev_claim: Claim | None = None
    sent_claims: list[tuple[Claim, NumExpr, bool]] = []
    by_num: dict[int, Claim] = {}
    for idx, x in enumerate(nums):
        while si < len(sents) - 1 and sents[si].end_char <= x.start:
            si += 1
        sent = sents[si]
        if sent is not last_sent:
            _propagate(sent_claims)
            sent_claims = []
            prev_end_in_sent = sent.start_char
            # coreference memory is updated from the previous sentence's subjects
            last_sent = sent
            # learn nouns even from sentences without numbers (e.g. 'SocGen named the Chinese cohort')
        ss, se = sent.start_char, sent.end_char
        twin = by_num.get(x.twin_of) if x.twin_of is not None else None
        base = _is_base(text, x, prev_end_in_sent)
        # subject first (unit can depend on it)
        if twin is not None:
            subject, kind = twin.subject, None
        else:
            subject, kind = resolver.resolve(x, sent)
        unit = _unit(text, x, ss, se, kind, doc)
        if unit == "none" and sent_claims and sent_claims[-1][0].unit == "percent" and re.fullmatch(
                r"\s*,?\s*(?:higher|lower|up|down)?\s*(?:to|at)\s*", text[prev_end_in_sent:x.start]):
            # 'was 0.32 pct higher at 3,332.41': the level reached, in points or in money
            idx_words = re.search(r"\b(?:index|indices|OMX|Nifty|Sensex|Dow|Nasdaq|S&P|FTSE|DAX|Nikkei|Hang Seng|"
                                  r"Kospi|Stoxx|benchmark|gauge)\b", text[ss:se], re.IGNORECASE)
            unit = "index_points" if idx_words or kind == "index" else "currency"
        if unit == "none":
            continue
        comparator = _comparator(text, x, ss)
        if twin is not None:
            direction = twin.direction if not x.negative else "down"
        else:
            direction = _direction(text, x, ss, se, base, prev_end_in_sent)
            if direction is None and not base and prev_claim is not None and sent_claims and \
                    re.fullmatch(r"\s*(?:higher|lower|up|down)?\s*(?:to|at)\s*", text[prev_end_in_sent:x.start]) \
                    and prev_claim.direction:
                direction = prev_claim.direction
        metric = twin.metric if twin is not None else _metric(masked, x, unit, ss, se, direction)
        if base and twin is None:
            ref = next((c for c, _, b in reversed(sent_claims) if not b and (c.unit == unit or
                        {c.unit, unit} <= {"currency", "other", "count"})), None)
            if ref is not None:
                metric = ref.metric
                ben = resolver._beneficiary(x)
                subject = ben[0] if ben else (ref.subject or subject)
        if twin is None and not base and sent_claims and metric in ("return", "other") and unit in (
                "percent", "percentage_points") and sent_claims[-1][0].metric in _BUSINESS_METRICS and \
                _APPOSITIVE_CHANGE.fullmatch(text[prev_end_in_sent:x.start]):
            metric = sent_claims[-1][0].metric  # 'sold 322,846 vehicles in February, up 161%': the change of that figure
        if metric in ("return",) and direction is None and unit == "percent" and not x.negative and \
                re.search(r"\b(?:returns?|growth)\b", text[max(ss, x.start - 40):x.start], re.IGNORECASE):
            direction = "up"  # a return or growth rate keeps the sign of that growth
        if unit in ("index_points", "currency") and twin is None and metric in ("return", "other") and \
                re.search(r"\b(?:below|above|beyond|past)\s*$", text[max(ss, x.start - 12):x.start]):
            metric = "price_level"  # a threshold: 'could slip below 7,000'
        if twin is None and unit == "multiple" and metric == "other" and any(
                sc.metric == "valuation" and sc.unit == "multiple" for sc, _, _ in sent_claims):
            metric = "valuation"  # 'trades at 15 times forward earnings, below its average of 20 times'
        if unit == "index_points" and metric == "other":
            metric = "price_level"
        if twin is None and not base and metric == "return" and unit in ("currency", "index_points") and \
                re.search(r"\b(?:at|near|around)\s*$", text[max(ss, x.start - 10):x.start]):
            metric = "price_level"  # 'Gold firms near $1,200': the level, not the move
        if twin is None and not base and sent_claims and sent_claims[-1][0].metric == "return" and \
                sent_claims[-1][0].unit == "percent" and unit in ("currency", "index_points") and \
                re.fullmatch(r"\s*(?:higher|lower|up|down)?\s*(?:to|at)\s*", text[prev_end_in_sent:x.start]):
            metric = "price_level"  # 'rose 3.2% to $182.50': the level reached
        period = twin.period_text if twin is not None else _period(text, x, ss, se, base, nums, idx, prev_claim,
                                                                    metric, direction)
        if period and re.fullmatch(r"(?:during|in|over) (?:the|that) period", period, re.IGNORECASE):
            period = prev_claim.period_text if prev_claim else None
        if period is None and re.match(r"\s*(?:That|This|It) compares\b", text[ss:x.start]):
            period = prev_claim.period_text if prev_claim else None
        # '3.7% and 4.9%, respectively': coordinated figures share the movement, metric and period
        if twin is None and sent_claims and sent_claims[-1][0].unit == unit and not base and \
                re.fullmatch(r"\s*(?:,|and|or|&|, and)\s*", text[prev_end_in_sent:x.start]):
            prev = sent_claims[-1][0]
            direction = direction or prev.direction
            metric = prev.metric if metric in ("other", "return") else metric
            period = period or prev.period_text
        p_start, p_end = normalise_period(period, published)
        speaker = next((q.speaker for q in quotes if q.start <= x.start and x.end <= q.end), None)
        qs = max(ss, _word_start(text, x.start, 3))
        qe = min(se, _word_end(text, x.end, 2))
        if subject:
            subject = re.sub(r"(?:\s+(?:Q[1-4]|H[12]|FY\d*|9M))+$", "", subject).strip() or None
        if subject and twin is None:
            subject = _cut_verb_phrase(subject, mentions, ss, x.start)
        if metric == "macro" and twin is None:
            subject = _macro_subject(subject, kind, mentions, text, ss, se, x)
        claim = Claim(value=x.value, unit=unit, start=x.start, end=x.end, quote=text[qs:qe].strip(),
                      value_high=x.value_high, currency=x.currency if unit == "currency" else None,
                      comparator=comparator, direction=direction, metric=metric, subject=subject,
                      period_text=period, period_start=p_start, period_end=p_end, speaker=speaker)
        claims.append(claim)
        by_num[idx] = claim
        sent_claims.append((claim, x, base))
        if twin is None:
            resolver.remember(subject, kind, sent)
        if re.match(r"^\W{0,3}respectively\b", text[x.end:x.end + 20]):
            _respectively(text, sent_claims, mentions, ss)
        prev_end_in_sent = x.end
        prev_claim = claim
    _propagate(sent_claims)
    return claims


def _cut_verb_phrase(subject: str, mentions: list[Mention], ss: int, pos: int) -> str | None:
    """'Beijing pledges support' -> 'Beijing': a subject is a noun phrase, never a clause. Only cut when the
    phrase starts with a name found in the sentence, so that plural nouns ('rate cuts') are left alone."""
    words = subject.split()
    if len(words) < 2:
        return subject
    for m in mentions:
        if ss <= m.start < pos and (subject.startswith(m.text + " ") or subject.startswith(m.name + " ")):
            rest = subject[len(m.text if subject.startswith(m.text + " ") else m.name):].split()
            if rest and _SUBJECT_VERB.fullmatch(rest[0]):
                return m.name
    if _SUBJECT_VERB.fullmatch(words[0]) and words[0][0].isupper():
        return None  # 'Pledges Support': a headline's verb phrase
    return subject


def _place_name(name: str) -> str:
    return CAPITAL_COUNTRY.get(name, name)


def _macro_subject(subject: str | None, kind: str | None, mentions: list[Mention], text: str, ss: int, se: int,
                   x: NumExpr) -> str | None:
    """GDP, inflation, rates, growth targets are about an economy: keep an institution ('Federal Reserve') or a
    phrase that names the economy ('US inflation', "China's economy"); else the country named in the sentence."""
    places = [m for m in mentions if ss <= m.start < se and m.kind == "place"]
    if subject:
        low = subject.lower()
        if any(m.name == subject and m.kind in ("organization",) for m in mentions):
            return subject
        for m in places:
            if m.name == subject or m.text == subject:
                return _place_name(m.name)
        if any(m.text.lower() in low or m.name.lower() in low for m in places):
            return subject
        if any(re.search(r"\b" + re.escape(d) + r"\b", low) for d in _DEMONYMS):
            return subject
    if places:
        before = [m for m in places if m.end <= x.start]
        m = before[0] if before else places[0]
        return _place_name(m.name)
    dm = re.search(r"\b(" + "|".join(re.escape(d) for d in _DEMONYMS) + r")\b", text[ss:x.start], re.IGNORECASE)
    if dm:
        return _DEMONYMS[dm.group(1).lower()]
    if subject in (None, "the company") or kind is None and subject and not re.search(
            r"\b(?:economy|inflation|gdp|growth|rates?|prices|unemployment|yields?|central bank|government)\b",
            subject, re.IGNORECASE):
        return subject if subject not in ("the company",) else None
    return subject


def _respectively(text: str, items: list[tuple[Claim, NumExpr, bool]], mentions: list[Mention], ss: int) -> None:
    """'Exxon and Chevron climbing 3.7% and 4.9%, respectively': pair figures and names in order."""
    group = [items[-1]]
    for prev in reversed(items[:-1]):
        if re.fullmatch(r"\s*(?:,|and|or|&|, and)\s*", text[prev[1].end:group[0][1].start]):
            group.insert(0, prev)
        else:
            break
    if len(group) < 2:
        return
    first = group[0][1].start
    names: list[str] = []
    for m in mentions:
        if ss <= m.start and m.end <= first and m.kind in SUBJECT_KINDS and m.kind != "place":
            if not names or names[-1] != m.name:
                names.append(m.name)
    if len(names) >= len(group):
        for (claim, _, _), name in zip(group, names[-len(group):]):
            claim.subject = name


def _propagate(items: list[tuple[Claim, NumExpr, bool]]) -> None:
    """A level without a movement word takes the direction of a change stated for it in the same
    sentence ('sales were EUR 128.7 mn, a 3.3-percent increase')."""
    changes = [c for c, x, base in items if c.unit in ("percent", "multiple") and c.direction and not base]
    if not changes:
        return
    for c, x, base in items:
        if base or c.direction or c.unit not in ("currency", "other", "count"):
            continue
        same = [ch for ch in changes if ch.metric == c.metric]
        if same and c.metric in ("revenue", "profit", "eps", "dividend", "margin", "volume_flows", "market_value"):
            c.direction = same[0].direction


_PERIOD_CACHE: dict[tuple[int, int, int], list[tuple[int, int, str]]] = {}  # per text, per sentence


def _period(text: str, x: NumExpr, ss: int, se: int, base: bool, nums: list[NumExpr], idx: int,
            prev_claim: Claim | None, metric: str | None = None, direction: str | None = None) -> str | None:
    key = (len(text), ss, se)  # the cache is cleared for every text
    periods = _PERIOD_CACHE.get(key)
    if periods is None:
        periods = _PERIOD_CACHE[key] = find_periods(text[ss:se])
    if not periods:
        return None
    periods = [(a + ss, b + ss, t) for a, b, t in periods]
    # segment of this figure: up to the next figure (or sentence end); base figures own what follows them
    nxt = next((n.start for n in nums[idx + 1:] if n.start < se and n.twin_of is None), se)
    prv = x.start
    # same comma-clause first
    clause_start = max(ss, text.rfind(", ", ss, x.start) + 1, text.rfind(";", ss, x.start) + 1)
    clause_end_m = re.search(r",\s|;", text[x.end:nxt])
    clause_end = x.end + clause_end_m.start() if clause_end_m else nxt
    after = [p for p in periods if x.end <= p[0] < clause_end]
    before = [p for p in periods if clause_start <= p[0] and p[1] <= prv]
    if base:
        after_all = [p for p in periods if x.end <= p[0] < nxt]
        return after_all[0][2] if after_all else None
    # periods that belong to a later base figure are not ours
    if after:
        a = after[0]
        if not before or (a[0] - x.end) <= (x.start - before[-1][1]):
            return a[2]
    if before:
        return before[-1][2]
    # anywhere before in the sentence (not inside a comparison base)
    semi = text.rfind(";", ss, x.start)
    # nor across a contrasting clause ('..., while the Fed held rates at 4.5%')
    contrast = [m.end() for m in re.finditer(r",\s*(?:while|but|whereas|although|though|even as)\b", text[ss:x.start])]
    parallel = prev_claim is not None and prev_claim.metric == metric and bool(prev_claim.direction) and bool(direction)
    if contrast and not parallel:  # 'X added 1.4% this week, while Y gained 1.6%' keeps the period
        semi = max(semi, ss + contrast[-1])
    earlier = [p for p in periods if p[1] <= x.start and p[0] > semi]
    if earlier:
        return earlier[-1][2]
    later = [p for p in periods if x.end <= p[0]]
    if later and not re.search(r";|,\s|\b(?:from|compared|versus|against|after|before|as|while|because|since|when|"
                               r"but|whereas|although|though|amid)\b", text[x.end:later[0][0]]):
        return later[0][2]
    return None


def _word_start(text: str, pos: int, n: int) -> int:
    i = pos
    for _ in range(n):
        j = text.rfind(" ", 0, max(0, i - 1))
        if j < 0:
            return 0
        i = j + 1
    return i


def _word_end(text: str, pos: int, n: int) -> int:
    i = pos
    for _ in range(n):
        j = text.find(" ", i + 1)
        if j < 0:
            return len(text)
        i = j
    return i
