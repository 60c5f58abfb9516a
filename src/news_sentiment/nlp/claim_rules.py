"""Vocabularies and per-number attribute rules of a claim: comparator, comparison base, direction, metric, unit.

Each rule reads the words around one number in its sentence (regular expressions; spaCy's part-of-speech
tags for counted nouns). The words of a subject (heads, pronouns, demonyms) live in :mod:`claim_subjects`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from news_sentiment.nlp.numbers import NumExpr

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

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
MOVE_NOUN_AFTER = re.compile(
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
MOVE_VERB = re.compile(r"\b(?:" + UP_WORDS + "|" + DOWN_WORDS + r")\b", re.IGNORECASE)

_FX_WORDS = [("rupees?", "INR"), ("rupiah", "IDR"), ("yen", "JPY"), ("yuan|renminbi", "CNY"), ("won", "KRW"),
             ("ringgit", "MYR"), ("baht", "THB"), ("peso", "MXN"), ("real", "BRL"), ("roubles?|rubles?", "RUB"),
             ("lira", "TRY"), ("rand", "ZAR"), ("sterling|pound", "GBP"), ("euro", "EUR"), ("Swiss franc", "CHF"),
             ("Aussie|Australian dollar", "AUD"), ("loonie|Canadian dollar", "CAD"), ("Re", "INR")]
MONTHS = (r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
          r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?")
BUSINESS_METRICS = {"revenue", "profit", "eps", "dividend", "margin", "volume_flows", "headcount", "market_value",
                    "macro"}
APPOSITIVE_CHANGE = re.compile(
    r"[^;:,]*,\s*(?:up|down|higher|lower|rising|falling|increasing|decreasing|an?\s+(?:increase|decrease|rise|drop|"
    r"gain|fall|decline|jump|growth)(?:\s+of)?)\s+(?:by\s+)?(?:(?:about|around|nearly|almost|more than|over|some|"
    r"roughly|just over|less than)\s+)?", re.IGNORECASE)


# ----------------------------------------------------------------------------- per-number attribute rules
def _words(s: str) -> list[str]:
    return re.findall(r"[\w$€£%]+(?:[-'’.][\w]+)*", s)


_VERB_UP_TO = re.compile(r"\b((?:edg|tick|inch|mov|creep|crept|went|go|goes|going|gone|came|climb|jump|shot|"
                         r"push|drift|trend|ris|rose|spik|surg|soar|head|crawl)\w*)\s+up\s+to\b", re.IGNORECASE)


def comparator(text: str, x: NumExpr, sent_start: int) -> str | None:
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
    return None


def is_base(text: str, x: NumExpr, prev_end: int) -> bool:
    """The comparison base of a movement: 'from EUR 1.1 mn', 'compared with EURO 124.6 million'."""
    gap = text[prev_end:x.start]
    return bool(_BASE_MARKER.search(gap[-60:])) or bool(re.search(r"\b(?:up|down) from\s*$", gap))


def direction(text: str, x: NumExpr, sent_start: int, sent_end: int, is_base: bool, prev_end: int) -> str | None:
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
    m = MOVE_NOUN_AFTER.match(after)
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


def metric(text: str, x: NumExpr, unit: str, sent_start: int, sent_end: int, direction: str | None) -> str:
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
            re.match(r"^\s*(?:stake\s+)?in\s+(?!(?:Q[1-4]|H[12]|FY|9M|" + MONTHS + r"|"
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
    mnoun = MOVE_NOUN_AFTER.match(after)
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
    for mm in MOVE_VERB.finditer(clause_before):
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


def unit(text: str, x: NumExpr, sent_start: int, sent_end: int, subject_kind: str | None,
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
