"""Find numbers written with digits and normalise them: value, range, unit, currency, scale.

Pure regular expressions over the raw text (no spaCy), so it is fast and property-testable.
Handles the Financial PhraseBank tokenisation quirks (``EUR12 .3 m`` = 12.3 million,
``EUR345 ,000`` = 345,000), attached scale words (``Rs 15.75cr``, ``EUR5m``), a scale word after a
parenthesis applying to both figures (``NOK 70 ( approximately EUR 8.7 ) million``) and ranges
(``6500 to 6800``, ``20-25%``). Numbers that are not claims (years, dates, times, durations,
ordinals, identifiers, numbers inside names) are dropped here or flagged for the caller.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

SCALES = {
    "k": 1e3, "thousand": 1e3, "thousands": 1e3,
    "m": 1e6, "mn": 1e6, "mln": 1e6, "million": 1e6, "millions": 1e6, "mio": 1e6, "meur": 1e6, "musd": 1e6,
    "b": 1e9, "bn": 1e9, "bln": 1e9, "billion": 1e9, "billions": 1e9,
    "tn": 1e12, "trillion": 1e12, "trn": 1e12,
    "lakh": 1e5, "lakhs": 1e5, "lac": 1e5,
    "cr": 1e7, "crore": 1e7, "crores": 1e7, "crs": 1e7,
}
# scale words that are ambiguous alone (m = metres, b, k) need a currency to count
WEAK_SCALES = {"m", "b", "k"}
CURRENCY_PREFIX = [
    (r"U\.S\.\s?\$|US\s?\$|USD|\$|dollars?", "USD"),
    (r"EUR(?:O)?|euros?|€|x20ac", "EUR"),
    (r"HK\$|HKD", "HKD"), (r"Rs\.?|INR|₹|rupees?", "INR"), (r"GBP|£|pounds?\s+sterling", "GBP"),
    (r"NOK", "NOK"), (r"SEK", "SEK"), (r"DKK", "DKK"), (r"CHF", "CHF"), (r"JPY|¥|yen", "JPY"),
    (r"CNY|RMB|yuan", "CNY"), (r"KRW|won", "KRW"), (r"AUD|A\$", "AUD"), (r"CAD|C\$", "CAD"),
    (r"SGD|S\$", "SGD"), (r"RUB|roubles?|rubles?", "RUB"), (r"PLN|zlotys?", "PLN"), (r"LTL|litas", "LTL"),
    (r"EEK", "EEK"), (r"LVL|lats", "LVL"), (r"ISK", "ISK"), (r"BRL", "BRL"), (r"ZAR|rand", "ZAR"),
    (r"TWD|NT\$", "TWD"), (r"MYR|ringgit", "MYR"), (r"AED|dirhams?", "AED"), (r"SAR|riyals?", "SAR"),
]
# words after the number (and scale) that name a currency
CURRENCY_SUFFIX = [
    (r"euros?|EUR|MEUR|eur", "EUR"), (r"(?:US\s)?dollars?|USD", "USD"), (r"rupees?|INR", "INR"),
    (r"won|KRW", "KRW"), (r"yuan|renminbi|CNY", "CNY"), (r"yen|JPY", "JPY"), (r"pounds?|GBP", "GBP"),
    (r"(?:Swiss\s)?francs?|CHF", "CHF"), (r"kronor|SEK", "SEK"), (r"kroner|NOK", "NOK"), (r"DKK", "DKK"),
    (r"HKD|Hong Kong dollars?", "HKD"), (r"roubles?|rubles?", "RUB"), (r"zlotys?", "PLN"), (r"litas|LTL", "LTL"),
]
_CUR_PREFIX_RE = re.compile(
    r"(?:(?<![A-Za-z])(?:" + "|".join(f"(?P<cp{i}>{p})" for i, (p, _) in enumerate(CURRENCY_PREFIX)) + r"))"
    r"(?:\s?\))?\s?$"  # '( EURO ) 467 million'
)
_CUR_SUFFIX_RE = re.compile(
    r"^\s?(?:" + "|".join(f"(?P<cs{i}>{p})" for i, (p, _) in enumerate(CURRENCY_SUFFIX)) + r")\b", re.IGNORECASE
)
# sub-units: '70.3 pence' = 0.703 GBP
_SUBUNIT_RE = re.compile(r"^\s?(?:(?P<gbp>pence|pennies|p\b(?=\s+(?:a|per)\s+share))|(?P<eur>euro\s?cents?|eurocents?)|"
                         r"(?P<inr>paise)|(?P<usd>(?:US\s)?cents?))\b", re.IGNORECASE)
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
NUMBER_RE = re.compile(r"(?<![\d.,])(?:" + _NUM + r")")
_FPB_DEC = re.compile(r"^ \.(\d+)(?![\d,])")
_FPB_THOU = re.compile(r"^ ,(\d{3})(?!\d)")
_SCALE_RE = re.compile(r"^(?:\s?|-)(" + "|".join(sorted(SCALES, key=len, reverse=True)) + r")\b\.?", re.IGNORECASE)
_PERCENT_RE = re.compile(r"^(?:\s?%|\s?-?\s?per\s?-?\s?cent\b|\s?-?percent(?:age)?\b(?!\s*points?)|\s?pc\b|\s?pct\b)",
                         re.IGNORECASE)
_PP_RE = re.compile(r"^\s?(?:-\s?)?(?:percentage|per\s?cent(?:age)?)[-\s]points?\b|^\s?(?:pp|ppt)\b", re.IGNORECASE)
_BPS_RE = re.compile(r"^\s?(?:-\s?)?(?:basis[-\s]points?|bps|bp)\b", re.IGNORECASE)
_MULT_RE = re.compile(r"^(?:\s?-?\s?fold\b|\s?times\b|x\b)", re.IGNORECASE)
_POINTS_RE = re.compile(r"^\s?-?points?\b|^\s?pts?\b", re.IGNORECASE)
PHYSICAL = (r"tonnes?|tons?|metric tons?|t|kg|kilos?|kilograms?|feet|foot|ft|sq\.? ?ft|square feet|cubic feet|"
            r"inches|yards|gallons|grams?|ounces?|oz|liters?|litres?|hectolitres?|barrels?|"
            r"bpd|MWe|MW|GW|kW|MWh|GWh|TWh|kWh|MHz|GHz|Mbps|Gbps|GB|TB|metres?|meters?|km|kilometres?|kilometers?|"
            r"miles?|square metres?|square meters?|sq\.? ?m|m2|m²|hectares?|acres?|cubic metres?|dwt|TEU|"
            r"carats?|megawatts?|gigawatts?|tonnes per year|TEUs|m|mm|cm")
_PHYS_RE = re.compile(r"^\s?(?:-\s?)?(?:" + PHYSICAL + r")(?![\w-])")
COUNT_NOUNS = (
    "people persons person employees employee staff workers worker jobs job positions personnel members "
    "shares share votes funds fund companies company firms units unit vehicles cars customers subscribers "
    "users stores shops branches outlets restaurants hotels contracts projects stocks households homes "
    "apartments flats houses passengers visitors patients students children doctors engineers "
    "consultants officials investors clients accounts sites plants factories mills ships vessels aircraft "
    "planes aircrafts machines phones handsets devices licences licenses patents products orders deals "
    "transactions offices countries cities markets towns villages warrants options bonds tickets copies "
    "titles games employees' salaried analysts traders banks"
).split()
_COUNT_RE = re.compile(r"^(?:\s+[\w'-]+){0,3}?\s+(" + "|".join(COUNT_NOUNS) + r")\b", re.IGNORECASE)
_COUNT_NEAR_RE = re.compile(r"^(?:\s+(?:new|more|additional|of|the|its|their|full-time|part-time|permanent|"
                            r"unquoted|listed|private|equity|senior|salaried|and|[a-z]+(?:al|ed|ing|ive|ic)\b)){0,4}\s+("
                            + "|".join(COUNT_NOUNS) + r")\b", re.IGNORECASE)
MONTHS = (r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
          r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?")
_MONTH_BEFORE = re.compile(r"\b(?:" + MONTHS + r")\.?\s*$")
_MONTH_DAY_BEFORE = re.compile(r"\b(?:" + MONTHS + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?\s*,?\s*$")
_MONTH_AFTER = re.compile(r"^(?:st|nd|rd|th)?\s*(?:of\s+)?(?:" + MONTHS + r")\b")
_TIME_AFTER = re.compile(r"^\s?(?:a\.m\.?|p\.m\.?|am\b|pm\b|hrs\b|GMT\b|CET\b|EST\b|ET\b|IST\b|HKT\b|local time)",
                         re.IGNORECASE)
_DURATION_AFTER = re.compile(r"^\s?-?\s?(?:days?|weeks?|months?|years?|yrs?|hours?|minutes?|decades?|quarters?|"
                             r"sessions?|trading days?)\b", re.IGNORECASE)
_ORDINAL_AFTER = re.compile(r"^(?:st|nd|rd|th)\b")
_NEG_BEFORE = re.compile(r"(?:(?<=\s)|(?<=^)|(?<=\$)|(?<=[A-Z]))-$|\bnegative\s+$|(?<!\bor )(?<!\+/)\bminus\s+$")
_LIST_BEFORE = re.compile(r"\b(?:top|Top|TOP|No\.?|no\.|number|#|Nos?\.)\s*$|\bpatent\s+(?:no\.?\s*)?$", re.IGNORECASE)
_LIST_AFTER = re.compile(r"^\s+(?:things|reasons|ways|stocks|shares|picks|tips|trends|charts|questions|lessons|"
                         r"takeaways|facts|signs|bets)\s+(?:to|that|for|you|investors|in|which|from)\b", re.IGNORECASE)
_RANGE_SEP = re.compile(r"^\s?(?:-|–|—|to)\s?(?=[\d$€£]|(?:Rs|EUR|USD|US\$)\s?\d)")
_RATE_NOTE = re.compile(r"(?:EUR|USD|GBP|SEK|NOK|DKK|CHF|JPY|\$|€|£)\s?1(?:\s?[.,]\s?0+)?\s?=\s?"
                        r"(?:[A-Z]{3}|\$|€|£)?\s?\d+(?:\s?[.,]\s?\d+)?")
_PHONE = re.compile(r"\+?\d[\d\s().-]{8,}\d")
_CAP_WORD_BEFORE = re.compile(r"(?:^|\s)([A-Z][\w&.'-]*)\s+$")
_AND_NAME_BEFORE = re.compile(r"\b([A-Z][\w&.'-]*)\s+\d+\s+(?:and|,|&|or)\s+$")


@dataclass
class NumExpr:
    """One number as written: text span, normalised value(s), unit and currency."""

    start: int  # of the whole expression (currency prefix included)
    end: int
    num_start: int  # of the digits
    num_end: int
    value: float
    unit: str  # percent | percentage_points | currency | multiple | index_points | count | other | bare
    currency: str | None = None
    value_high: float | None = None
    scale: float = 1.0
    negative: bool = False
    in_parens: bool = False
    twin_of: int | None = None  # index of the figure this one restates (another currency, same fact)
    trailing_comparator: str | None = None  # 'at maximum' after the scale word of a parenthesis pair


def _parse_float(s: str) -> float:
    return float(s.replace(",", ""))


def _scaled(x: float, scale: float) -> float:
    """x * scale without binary noise: 128.7 * 1e6 -> 128700000.0."""
    return float(Decimal(repr(x)) * Decimal(repr(scale)))


def _cur_prefix(before: str) -> tuple[str | None, int]:
    """Currency written just before the number: (ISO code, length of the prefix text)."""
    tail = before[-16:]
    m = _CUR_PREFIX_RE.search(tail)
    if not m:
        return None, 0
    for i, (_, code) in enumerate(CURRENCY_PREFIX):
        if m.group(f"cp{i}"):
            return code, len(m.group(0))
    return None, 0  # pragma: no cover


def _cur_suffix(after: str) -> tuple[str | None, int]:
    m = _CUR_SUFFIX_RE.match(after)
    if not m:
        return None, 0
    for i, (_, code) in enumerate(CURRENCY_SUFFIX):
        if m.group(f"cs{i}"):
            return code, m.end()
    return None, 0  # pragma: no cover


def _is_year(num_text: str, value: float) -> bool:
    return re.fullmatch(r"\d{4}", num_text) is not None and 1900 <= value <= 2100


def find_numbers(text: str, protected: list[tuple[int, int]] | None = None) -> list[NumExpr]:
    """Every digit-written number that may be a claim, in text order.

    ``protected`` spans (entity names such as 'Nasdaq 100', '7 titans') are skipped.
    Units are decided here when the text says so; ``bare`` numbers get their unit from context later.
    """
    protected = list(protected or [])
    # conversion notes '( EUR1 = USD1 .4 )' state a rate, not a claim
    protected += [(m.start(), m.end()) for m in _RATE_NOTE.finditer(text)]
    phones = [(m.start(), m.end()) for m in _PHONE.finditer(text) if re.search(r"\d{3}[\s.-]\d{3,4}[\s.-]\d{3,4}", m.group())]
    out: list[NumExpr] = []
    pos = 0
    n = len(text)
    while True:
        m = NUMBER_RE.search(text, pos)
        if not m:
            break
        s, e = m.start(), m.end()
        pos = e
        num_text = m.group()
        # FPB quirks: '12 .3' and '345 ,000'
        q = _FPB_DEC.match(text[e:e + 12])
        if q and "." not in num_text:
            num_text += "." + q.group(1)
            e += q.end()
        else:
            while True:
                q = _FPB_THOU.match(text[e:e + 6])
                if not q:
                    break
                num_text += "," + q.group(1)
                e += q.end()
        pos = e
        if any(a <= s < b for a, b in protected) or any(a <= s < b for a, b in phones):
            continue
        before = text[max(0, s - 40):s]
        after = text[e:e + 60]
        try:
            value = _parse_float(num_text)
        except ValueError:
            continue
        # currency prefix (possibly attached: EUR5m) or a letter glued to the digits (Q4, H1, FY15, EBG1V)
        currency, plen = _cur_prefix(before)
        if s > 0 and (text[s - 1].isalpha() or text[s - 1] in "_'’") and not currency:
            continue  # Q4, H1, FY15, EBG1V, FY'11
        if s > 0 and text[s - 1] == "." and s > 1 and text[s - 2].isdigit():
            continue
        # letters glued after the digits: allow scale words / units only
        if e < n and (text[e].isalpha()):
            glued = re.match(r"[A-Za-z]+", text[e:]).group()
            if glued.lower() not in SCALES and glued.lower() not in ("x", "pc", "pct", "bps", "bp", "pp", "mwe", "mw",
                                                                     "gw", "kw", "mwh", "gwh", "twh", "kwh", "mhz",
                                                                     "ghz", "kg", "km", "t", "m2", "tn", "meur", "gb",
                                                                     "tb", "dwt", "teu", "teus", "mm", "cm"):
                continue
        if text[e:e + 1] in ("-",) and re.match(r"-[A-Za-z]", text[e:e + 2]) and not re.match(
                r"-(?:fold|percent|per|cent|pc|point|million|billion|times|\w+-?(?:tonne|ton))", text[e:e + 10],
                re.IGNORECASE):
            # '4-month', '10-year', '5-star', '3-member' ...: a modifier, not a figure (durations included)
            if not re.match(r"-(?:mln|mn|bn|cr|crore|crores|lakh|million|billion|trillion|tn)\b", text[e:e + 10]):
                continue
        if _ORDINAL_AFTER.match(after):
            continue
        if _TIME_AFTER.match(after) or re.match(r"^:\d\d", after):
            continue
        if re.match(r"^/\d", after) or re.search(r"\d/$", before):  # fractions, dates 3/7
            continue
        # dates
        if _MONTH_BEFORE.search(before) and value <= 31 and "." not in num_text:
            continue
        if _MONTH_DAY_BEFORE.search(before) and _is_year(num_text, value):
            continue
        if _MONTH_AFTER.match(after) and value <= 31 and "." not in num_text:
            continue
        if _LIST_BEFORE.search(before) and not currency:
            continue
        if _LIST_AFTER.match(after) and not currency and value < 100:
            continue
        negative = bool(_NEG_BEFORE.search(before[: len(before) - plen] if plen else before))
        if not currency and text[s - 1:s] == "-" and s >= 2 and text[s - 2].isalnum():
            negative = False  # '20-25', 'H1-2015'
        # scale, currency suffix, unit
        expr_end = e
        scale = 1.0
        sm = _SCALE_RE.match(text[e:e + 14])
        scale_word = None
        if sm:
            scale_word = sm.group(1).lower()
            if scale_word == "m" and _PHYS_RE.match(text[e:e + 14]) and not currency:
                sm = None
        if sm:
            if scale_word in ("meur", "musd"):
                currency = currency or ("EUR" if scale_word == "meur" else "USD")
            scale = SCALES[scale_word]
            expr_end = e + sm.end()
            # compound scales: 'Rs 1.5 lakh crore', 'Rs 4K crore'
            sm2 = re.match(r"^\s?(crores?|cr|lakhs?)\b\.?", text[expr_end:expr_end + 10], re.IGNORECASE)
            if sm2 and scale_word not in ("crore", "crores", "cr"):
                scale *= SCALES[sm2.group(1).lower()]
                expr_end += sm2.end()
        rest = text[expr_end:expr_end + 40]
        unit = "bare"
        value_high = None
        # ranges: '6500 to 6800', '20-25%', 'EUR 10-12 mn'
        if scale == 1.0 and (rm := _RANGE_SEP.match(rest)) and not re.search(r"\bfrom\s+(?:\S+\s+)?$", before):
            m2 = NUMBER_RE.match(text, expr_end + rm.end())
            if not m2:
                cp = re.match(r"(?:Rs\.?|EUR|USD|US\$|\$|€|£)\s?", text[expr_end + rm.end():])
                if cp and currency:
                    m2 = NUMBER_RE.match(text, expr_end + rm.end() + cp.end())
            if m2 and not (_is_year(num_text, value) and _is_year(m2.group(), _parse_float(m2.group()))):
                hi = _parse_float(m2.group())
                if hi > value:
                    value_high = hi
                    e2 = m2.end()
                    sm2 = _SCALE_RE.match(text[e2:e2 + 14])
                    if sm2 and (sm2.group(1).lower() not in WEAK_SCALES or currency):
                        scale = SCALES[sm2.group(1).lower()]
                        e2 += sm2.end()
                    expr_end = e2
                    pos = expr_end
                    rest = text[expr_end:expr_end + 40]
        glued_k = scale_word == "k" and sm is not None and text[e:e + 1] in "kK"
        if scale_word in WEAK_SCALES and not currency and not glued_k:
            cs, _ = _cur_suffix(rest)
            if not cs:
                scale, expr_end = 1.0, (e if value_high is None else expr_end)
                rest = text[expr_end:expr_end + 40]
        cs, clen = _cur_suffix(rest)
        if cs and not currency:
            currency = cs
            expr_end += clen
            rest = text[expr_end:expr_end + 40]
        elif not currency and scale == 1.0 and (su := _SUBUNIT_RE.match(rest)):
            currency = "GBP" if su.group("gbp") else "EUR" if su.group("eur") else "INR" if su.group("inr") else "USD"
            scale = 0.01
            expr_end += su.end()
            rest = text[expr_end:expr_end + 40]
        if currency:
            unit = "currency"
        elif pm := _PP_RE.match(rest):
            unit, expr_end = "percentage_points", expr_end + pm.end()
        elif bm := _BPS_RE.match(rest):
            unit, expr_end = "percentage_points", expr_end + bm.end()
            value, value_high = value / 100, (value_high / 100 if value_high else None)
        elif pm := _PERCENT_RE.match(rest):
            unit, expr_end = "percent", expr_end + pm.end()
        elif mm := _MULT_RE.match(rest):
            unit, expr_end = "multiple", expr_end + mm.end()
        elif pt := _POINTS_RE.match(rest):
            unit, expr_end = "index_points", expr_end + pt.end()
        elif ph := _PHYS_RE.match(rest):
            unit, expr_end = "other", expr_end + ph.end()
        # not claims: years, durations, names
        if unit == "bare" and scale == 1.0:
            if _is_year(num_text, value) and value_high is None:
                continue
            if _DURATION_AFTER.match(rest):
                continue
            if "," not in num_text and value < 1000 and "." not in num_text:
                cw = _CAP_WORD_BEFORE.search(before)
                if cw and not _sentence_start(text, s - len(cw.group(0)) + cw.group(0).index(cw.group(1))):
                    word = cw.group(1)
                    if not re.fullmatch(r"(?:" + MONTHS + r")\.?|I|The|A|An|Rs\.?|[A-Z]{3}", word):
                        continue
                if _AND_NAME_BEFORE.search(before):
                    continue
        if unit == "bare" and _DURATION_AFTER.match(rest) and scale == 1.0:
            continue
        start = s - plen if currency and plen else s
        if negative and start > 0 and text[start - 1] == "-":
            start -= 1
        out.append(NumExpr(start=start, end=expr_end, num_start=s, num_end=m.end() if value_high is None else s + len(num_text),
                           value=_scaled(value, scale) * (-1 if negative else 1),
                           value_high=_scaled(value_high, scale) if value_high is not None else None,
                           unit=unit, currency=currency, scale=scale, negative=negative))
    _pair_parentheses(text, out)
    return out


def _sentence_start(text: str, idx: int) -> bool:
    before = text[:idx].rstrip()
    return not before or before[-1] in ".!?:;\n\"“”'`(" or before.endswith("--")


_PAREN_TAIL = re.compile(r"^\s*\)\s*(" + "|".join(sorted(SCALES, key=len, reverse=True)) + r")\b\.?"
                         r"(?:\s+(at\s+maximum|at\s+most|at\s+the\s+most|at\s+least|at\s+minimum))?", re.IGNORECASE)
_TAIL_COMP = {"at maximum": "at_most", "at most": "at_most", "at the most": "at_most", "at least": "at_least",
              "at minimum": "at_least"}


def _pair_parentheses(text: str, nums: list[NumExpr]) -> None:
    """Restated figures: 'NOK 70 ( approximately EUR 8.7 ) million', '2.5 mln euro ( $ 4.0 mln )',
    'EUR 1.7 million USD 2m'. The second is a twin of the first; a scale word after the parenthesis
    applies to both."""
    for i in range(1, len(nums)):
        a, b = nums[i - 1], nums[i]
        if a.unit != "currency" or b.unit != "currency" or a.currency == b.currency:
            continue
        gap = text[a.end:b.start]
        if re.fullmatch(r"\s*\(\s*(?:(?:approximately|approx\.?|about|around|some|roughly|c\.|ca\.?|or)\s+)?", gap):
            b.in_parens = True
            b.twin_of = i - 1
            tail = _PAREN_TAIL.match(text[b.end:b.end + 40])
            if tail and a.scale == 1.0 and b.scale == 1.0:
                sc = SCALES[tail.group(1).lower()]
                for x in (a, b):
                    x.value = _scaled(x.value, sc)
                    x.scale = sc
                    if x.value_high is not None:
                        x.value_high = _scaled(x.value_high, sc)
                b.end += tail.end()
                if tail.group(2):
                    comp = _TAIL_COMP[re.sub(r"\s+", " ", tail.group(2).lower())]
                    a.trailing_comparator = b.trailing_comparator = comp
            elif (tail2 := re.match(r"^\s*\)", text[b.end:b.end + 5])):
                b.end += tail2.end()
        elif re.fullmatch(r"\s*(?:,\s*)?(?:or\s+|about\s+|approximately\s+|around\s+|some\s+|roughly\s+)?", gap) \
                and a.scale == b.scale:
            b.twin_of = i - 1
