"""Find numbers written with digits and normalise them: value, range, unit, currency, scale.

Pure regular expressions over the raw text (no spaCy), so it is fast and property-testable. Every pattern is a
:class:`~news_sentiment.nlp.rulebook.Rule` (``number.<name>``) with examples we wrote; the ids of the rules that
decided a number are kept in :attr:`NumExpr.rules`.

A number is read in small steps: the digits (with the Financial PhraseBank split forms ``EUR14 .6 m`` = 14.6
million and ``EUR512 ,000`` = 512,000), a reason it is not a figure at all (a date, a time, a code, a list size,
a model or product designation, an indicator parameter, a duration ...), its scale word (``Rs 9.85cr``,
``14M in sales``), a range (``4100 to 4300``, ``15-18%``, ``between 2% and 4%``), its unit and currency (also
written after the number: ``7$``, ``3.4 billion Swedish crowns``, ``87-cent``). Afterwards a scale word after a
parenthesis applies to both figures (``NOK 60 ( approximately EUR 5.4 ) million``), and an amount written without
its currency takes the currency of the amount before it in the same sentence (``$4 bln, up from 3.1 billion``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from news_sentiment.nlp.rulebook import Rule
from news_sentiment.nlp.vocab import NotAClaim, Unit

SCALES = {
    "k": 1e3, "thousand": 1e3, "thousands": 1e3,
    "m": 1e6, "mm": 1e6, "mn": 1e6, "mln": 1e6, "million": 1e6, "millions": 1e6, "mio": 1e6, "meur": 1e6, "musd": 1e6,
    "b": 1e9, "bn": 1e9, "bln": 1e9, "billion": 1e9, "billions": 1e9,
    "tn": 1e12, "trillion": 1e12, "trn": 1e12, "trln": 1e12,
    "lakh": 1e5, "lakhs": 1e5, "lac": 1e5,
    "cr": 1e7, "crore": 1e7, "crores": 1e7, "crs": 1e7,
}
# scale words that are ambiguous alone (m = metres, b, k) need a currency, or a capital letter glued to the digits
WEAK_SCALES = {"m", "b", "k"}
CURRENCY_PREFIX = [
    (r"U\.S\.\s?\$|US\s?\$|USD|\$|dollars?", "USD"),
    (r"EUR(?:O)?|euros?|€|x20ac", "EUR"),
    (r"HK\$|HKD", "HKD"), (r"Rs\.?|INR|₹|rupees?", "INR"), (r"GBP|£|pounds?\s+sterling", "GBP"),
    (r"NOK", "NOK"), (r"SEK", "SEK"), (r"DKK", "DKK"), (r"CHF", "CHF"), (r"JPY|¥|yen", "JPY"),
    (r"CNY|RMB|yuan", "CNY"), (r"KRW", "KRW"), (r"AUD|A\$", "AUD"), (r"CAD|C\$", "CAD"),  # not the verb: "won 7 of"
    (r"SGD|S\$", "SGD"), (r"RUB|roubles?|rubles?", "RUB"), (r"PLN|zlotys?", "PLN"), (r"LTL|litas", "LTL"),
    (r"EEK", "EEK"), (r"LVL|lats", "LVL"), (r"ISK", "ISK"), (r"BRL|R\$", "BRL"), (r"ZAR|rand", "ZAR"),
    (r"TWD|NT\$", "TWD"), (r"MYR|ringgit", "MYR"), (r"AED|dirhams?", "AED"), (r"SAR|riyals?", "SAR"),
    (r"NZD|NZ\$", "NZD"), (r"MXN|Mex\$", "MXN"),
    (r"(?-i:(?<!\()R)", "ZAR"),  # South African rand 'R3.10', 'R19,500' (not 'R1', 'R1200 motorcycle', '(R) 300 mg':
    # see _bare_rand)
]
# words after the number (and scale) that name a currency
CURRENCY_SUFFIX = [
    (r"euros?|EUR|MEUR|eur", "EUR"), (r"(?:U\.?S\.?\s)?dollars?|USD", "USD"), (r"(?:Indian\s)?rupees?|INR", "INR"),
    (r"won|KRW", "KRW"), (r"yuan|renminbi|CNY", "CNY"), (r"yen|JPY", "JPY"), (r"pounds?|GBP", "GBP"),
    (r"(?:Swiss\s)?francs?|CHF", "CHF"), (r"kronor|SEK|Swedish\scrowns?", "SEK"),
    (r"kroner|NOK|Norwegian\scrowns?", "NOK"), (r"DKK|Danish\scrowns?", "DKK"), (r"Czech\scrowns?|CZK", "CZK"),
    (r"HKD|Hong Kong dollars?", "HKD"), (r"Canadian dollars?|CAD", "CAD"), (r"Australian dollars?|AUD", "AUD"),
    (r"Singapore dollars?|SGD", "SGD"), (r"Taiwan(?:ese)? dollars?|TWD", "TWD"), (r"New Zealand dollars?|NZD", "NZD"),
    (r"roubles?|rubles?", "RUB"), (r"zlotys?", "PLN"), (r"litas|LTL", "LTL"), (r"(?:Brazilian\s)?reais|BRL", "BRL"),
    (r"riyals?|SAR", "SAR"), (r"dirhams?|AED", "AED"), (r"rupiah|IDR", "IDR"), (r"baht|THB", "THB"),
    (r"ringgit|MYR", "MYR"), (r"(?:South African\s)?rand|ZAR", "ZAR"), (r"Mexican pesos?|MXN", "MXN"),
    (r"(?:Turkish\s)?liras?|TRY", "TRY"), (r"(?:Peruvian\s)?soles", "PEN"),
]
# 'crowns' alone: the country named in the text says which
_CROWN_COUNTRIES = (("Norw", "NOK"), ("Swed", "SEK"), ("Den", "DKK"), ("Dan", "DKK"), ("Czech", "CZK"))
# whose pesos: the first country (or its capital) the text names, else Mexico's (the peso of most market news)
_PESO_COUNTRIES = (("Mexic", "MXN"), ("Colombia", "COP"), ("Bogot", "COP"), ("Argentin", "ARS"),
                   ("Buenos Aires", "ARS"), ("Chile", "CLP"), ("Santiago", "CLP"), ("Philippin", "PHP"),
                   ("Manila", "PHP"), ("Urugua", "UYU"))

# Indian grouping first ('1,12,480' is 112,480; '2,45,000 crore'), then thousands, plain and '.5'
_NUM = r"\d{1,2}(?:,\d{2})+,\d{3}(?![\d,])(?:\.\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
MONTHS = (r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
          r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?")
_CAP_OK = r"(?:" + MONTHS + r")\.?|I|The|A|An|Rs\.?|[A-Z]{3}"  # capitalised words that do not name a thing
PHYSICAL = (r"tonnes?|tons?|metric tons?|t|kg|kilos?|kilograms?|feet|foot|ft|sq\.? ?ft|square feet|cubic feet|"
            r"inches|yards|gallons|grams?|ounces?|oz|liters?|litres?|hectolitres?|barrels?|bushels?|bales?|"
            r"bpd|b/d|bcfd|bcf|bcm|mmbtu|MWe|MW|GW|kW|MWh|GWh|TWh|kWh|MHz|GHz|Mbps|Gbps|GB|TB|metres?|meters?|km|"
            r"kilometres?|kilometers?|miles?|square metres?|square meters?|sq\.? ?m|m2|m²|hectares?|acres?|"
            r"cubic metres?|dwt|TEU|carats?|megawatts?|gigawatts?|tonnes per year|TEUs|m|mm|cm|"
            r"(?:cooling |heating )?degree days|CDDs?|HDDs?|degrees?(?: (?:Fahrenheit|Celsius))?|Fahrenheit|Celsius")
COUNT_NOUNS = (
    "people persons person employees employee staff workers worker jobs job positions personnel members "
    "shares share votes funds fund companies company firms units unit vehicles cars customers subscribers "
    "users stores shops branches outlets restaurants hotels contracts projects stocks households homes "
    "apartments flats houses passengers visitors patients students children doctors engineers "
    "consultants officials investors clients accounts sites plants factories mills ships vessels aircraft "
    "planes aircrafts jets machines phones handsets devices licences licenses patents products orders deals "
    "transactions offices countries cities markets towns villages warrants options bonds tickets copies "
    "titles games employees' salaried analysts traders banks"
).split()
_GLUED_UNITS = ("x|pc|pct|bps|bp|pp|mwe|mw|gw|kw|mwh|gwh|twh|kwh|mhz|ghz|kg|km|t|m2|tn|meur|gb|tb|dwt|teu|teus|mm|cm|"
                "p|mm|bcfd|" + "|".join(SCALES))
_CUR_WORDS = r"cents?|euros?|pence|paise|dollars?|pounds?|francs?|yen|yuan|rupees?|crowns?"

# ----------------------------------------------------------------------------- the digits
NUMBER = Rule("number.digits", r"(?<![\d.,])(?:" + _NUM + r")",
              ("revenue of 1,234.5", "up .5 points", "42", "sales of 1,12,480 units"), flags=0)
FPB_DECIMAL = Rule("number.split-decimal", r"^ \.(\d+)(?![\d,])", (" .6 m in the quarter",), flags=0)
FPB_THOUSANDS = Rule("number.split-thousands", r"^ ,(\d{3})(?!\d)", (" ,000 in cash",), flags=0)
RATE_NOTE = Rule("number.rate-note", r"(?:EUR|USD|GBP|SEK|NOK|DKK|CHF|JPY|\$|€|£)\s?1(?:\s?[.,]\s?0+)?\s?=\s?"
                 r"(?:[A-Z]{3}|\$|€|£)?\s?\d+(?:\s?[.,]\s?\d+)?(?![\d.,]*\s+(?:[A-Z][a-z]+\s+)?[a-z]+\b)",
                 ("figures converted at ( EUR1 = USD1 .1 )",), flags=0)
# a wire's conversion footer states an exchange rate in the quoted currency ('($1 = 0.9859 Swiss francs)': 0.9859
# CHF, as the guide reads 'rupee at 61.20 versus the dollar'); only its '$1 =' is no figure
RATE_FOOTER_OPEN = r"\(\s?(?:\$|€|£)\s?1\s?=\s?"  # '($1 = ', also read by the metric and subject stages
RATE_FOOTER = Rule("number.rate-footer", RATE_FOOTER_OPEN + r"(?=[\d.,]+\s+(?:[A-Z][a-z]+\s+)?[a-z]+)",
                   ("($1 = 0.9859 Swiss francs)", "($1 = 77.4300 Indian rupees)"), flags=0)
PHONE = Rule("number.phone", r"\+?\d[\d ().-]{8,16}\d", ("call +44 20 7946 0321 for details",), flags=0)
NUMERIC_DATE = Rule("number.numeric-date", r"(?<![\d.,/-])(?:\d{1,2}([-/.])\d{1,2}\1(?:19|20)?\d\d|(?:19|20)\d\d-\d\d-\d\d)"
                    r"(?![\d.,/-]|\.\d)", ("the scan for 10-14-21 is out", "due 03/07/2026", "as of 2026-03-07"), flags=0)
_PHONE_GROUPS = Rule("number.phone-groups", r"\d{3}[\s.-]\d{3,4}[\s.-]\d{3,4}|^\+\d{1,3}\s\d{2,4}\s\d{3,4}\s\d{3,4}",
                     ("555 0100 2233", "+44 20 7946 0321"), flags=0)

# ----------------------------------------------------------------------------- not a figure
CODE_BEFORE = Rule("number.code-prefix", r"(?:[A-Za-z_'’]|\d[.:])$", ("results for Q", "guidance for FY'", "version 2.",
                   "at 10:"), flags=0)  # the text just before the digits: 'Q4', "FY'26", '2.1.3', '10:30'
CODE_AFTER = Rule("number.code-suffix", r"^(?!(?:" + _GLUED_UNITS + r")(?![A-Za-z]))[A-Za-z]",
                  ("the 3G network", "part 77B of the code"), flags=re.IGNORECASE)
# a model's series code after a hyphen ('737-700s', '747-8F'), not a range with a glued unit ('10-12bn', '4-6x')
SERIES_AFTER = Rule("number.series-code", r"^-\d+(?!(?:" + _GLUED_UNITS + r")(?![A-Za-z]))[A-Za-z]",
                    ("-700s over the redesign", "-8F freighters"), flags=re.IGNORECASE)
# a company named with a digit and a scale letter ("3M's stock", '3M Co'): a possessive or a legal form after it, no
# currency before it ('raised 3M' and '$3M' stay three million)
SCALE_LETTER_NAME = Rule("number.scale-letter-name", r"^[MBK](?:['’]s\b|\s(?:Co|Company|Corp|Inc|Stock)\b)",
                         ("M's stock surge", "M Co said", "M Stock Is Down 12% This Year"), flags=0)
# an aircraft model's number before its series word ('30 orders of 737 MAX jets', 'the 777 Freighter')
MODEL_SERIES = Rule("number.model-series", r"^\s?(?:MAX|Max|neo|NEO|XWB|Dreamliner|Freighter)\b",
                    (" MAX jets", "neo", " Dreamliner"), flags=0)
# an HTML character reference a feed left unescaped ('&#8211;' for a dash): no figure
HTML_ENTITY = Rule("number.html-entity", r"&#(?:\d{2,7}|[xX][0-9a-fA-F]{2,6});", ("deliveries rose &#8211; beat",),
                   flags=0)
# a page's furniture: a font size ('A+ A- 16 px') measures no news
SCREEN_UNIT = Rule("number.screen-unit", r"^\s?px\b", (" px", "px"))
DESIGNATION_HYPHEN = Rule("number.designation-hyphen", r"(?<![\w-])(?=[^\s-]*[A-Z0-9])[A-Za-z]\w*-$",
                          ("the Vantor X-", "an F-", "the Aerion A350-"), flags=0)
EXCHANGE_CODE = Rule("number.exchange-code", r"^\.[A-Z]{1,2}\b(?!\.\w)", (".HK>", ".T shares", ".SS"), flags=0)
INDEX_NAME = Rule("number.index-name", r"\b(?:S&P|FTSE|Nikkei|Stoxx|STOXX|Russell|CSI|Nifty|DAX|CAC|Nasdaq|ASX|TSX|"
                  r"Kospi|KOSPI|Topix|TOPIX|Sensex|BSE|NSE|Hang Seng|Dow|MSCI\s\w+)\s$",
                  ("the FTSE ", "the DAX ", "Nikkei "), flags=0)
INDEX_SIZE = Rule("number.index-size", r"^(?:20|25|30|40|50|100|200|225|250|300|350|400|500|600|1000|2000|3000|5000)$",
                  ("500", "2000"), flags=0)
YEAR_PAIR = Rule("number.year-pair", r"\b(?:19|20)\d\d\s?[-–/]\s?$", ("the 2007-", "fiscal 2025/",), flags=0)
INDICATOR_BEFORE = Rule("number.indicator", r"\b(?:RSI|MACD|EMA|SMA|DMA|MA|ADX|CCI|ATR|(?i:stochastics?|"
                        r"moving\s+averages?|bollinger(?:\s+bands?)?))\s*(?:\(\s*)?$",
                        ("an RSI ", "the RSI(", "its 50-day moving average ", "a MACD "), flags=0)
INDICATOR_AFTER = Rule("number.indicator-window", r"^\s?-?\s?(?:day|week|month|period|bar|session)s?\s+"
                       r"(?:(?:simple|exponential)\s+)?(?:MA|EMA|SMA|DMA|(?i:moving\s+averages?)|RSI)\b",
                       (" day moving average", "-day MA", "-week EMA"), flags=0)
MONEY_HYPHEN = Rule("number.money-hyphen", r"^-(?:" + _CUR_WORDS + r"|crores?|cr|lakhs?)\b",
                    ("-cent forecast", "-euro price target", "-crore plan"))
LEVEL_HYPHEN = Rule("number.level-hyphen", r"^-(?:mark|levels?|handle)\b", ("-mark", "-levels"))
MODIFIER = Rule("number.modifier", r"^-[A-Za-z]", ("-month low", "-year-old chief", "-star rating"), flags=0)
_NOT_MODIFIER = Rule("number.hyphen-unit", r"^-(?:fold|percent|per|cent|pc|point|basis-points?|percentage-points?|"
                     r"times|\w+-?(?:tonne|ton)|mln|mn|bn|million|billion|trillion|tn|to-1|"
                     r"(?:a|an|per)-(?:share|ounce|barrel|tonne|ton|unit))\b",
                     ("-fold", "-percent", "-million", "-basis-point cut", "-to-1 ratio", "-a-share takeover proposal"))
ORDINAL = Rule("number.ordinal", r"^(?:st|nd|rd|th)\b", ("th largest",))
CLOCK = Rule("number.clock-time", r"^(?:\s?(?:a\.m\.?|p\.m\.?|am\b|pm\b|hrs\b|GMT\b|CET\b|EST\b|ET\b|IST\b|HKT\b|"
             r"local time)|:\d\d)", (" a.m. local", ":30 GMT", " pm"))
FRACTION_AFTER = Rule("number.fraction", r"^(?:\s\d+)?/\d", ("/4 of the fund", "/7 update", " 1/2-week high"))
FRACTION_BEFORE = Rule("number.fraction-end", r"\d/$", ("on 3/",))
# a price in eighths after its whole part, as grain markets quote ('lost 14-1/4 cents', 'to $9.78-1/2 a bushel')
FRACTION_TAIL = Rule("number.fraction-tail", r"-([1357])/([248])(?![\d/])", ("-1/4 cents", "-3/4 a bushel"), flags=0)
MONTH_BEFORE = Rule("number.month-day", r"\b(?:" + MONTHS + r")\.?\s*$", ("due on March ", "a Feb. "), flags=0)
MONTH_DAY_BEFORE = Rule("number.month-day-year", r"\b(?:" + MONTHS + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?\s*,?\s*$",
                        ("on October 3 , ", "since June 12, "), flags=0)
MONTH_AFTER = Rule("number.day-month", r"^(?:st|nd|rd|th)?\s*(?:of\s+)?(?:" + MONTHS + r")\b",
                   (" May 2026", "th of June"), flags=0)
LIST_BEFORE = Rule("number.list-rank", r"\b(?:top|No\.?|number|#|Nos?\.)\s*$|\bpatent\s+(?:no\.?\s*)?$",
                   ("the top ", "ranked No. ", "patent no. "))
# nouns that only a list is made of ('5 reasons ...'), and nouns of things a list often holds ('3 Top Stocks ...')
LIST_ONLY_NOUNS = (r"things|reasons|ways|ideas|tips|trends|charts|questions|lessons|takeaways|facts|signs|mistakes|"
                   r"rules|steps|habits|themes|predictions|catalysts|secrets")
LIST_NOUNS = LIST_ONLY_NOUNS + r"|stocks|shares|picks|bets|names|movers|(?:out|under)?performers|etfs|reits|gainers|" \
    r"losers|winners|plays"
LIST_AFTER = Rule("number.list-size", r"^\s+(?:(?!(?:million|billion|thousand|lakh|crore|mn|bn|mln)\b)[a-z]+\s+){0,2}?"
                  r"(?:" + LIST_NOUNS + r")"
                  r"(?:\s+(?:to|that|for|you|your|investors|in|which|from|we|on|why|how|moving|making|hitting|"
                  r"setting|showing|(?-i:With))\b|\s*[:?!]|$)",
                  (" stocks to buy now", " things to watch", " smart picks for the year", " reasons why:",
                   " Top Bank Shares To Own", " ETFs to Consider", " Reasons Your Card May Be Declined"),
                  flags=re.IGNORECASE)
# a list's size opening a headline or a clause ('8 Sources of Income ...', 'Instadollars: 10 Celebrities Who ...'):
# a plural noun, then a word that opens its description or nothing; after 'these' a list's noun whatever follows
# ('These 3 names look promising'); a verb after the noun makes the number a count of actors ('3 firms approach
# the regulator', '62 smallcap stocks doubled'), and a unit's word a figure ('25 bps or 50 bps?')
LIST_OPENS = Rule("number.list-opens", r"(?:^|[:\n|]|\b(?:these|those|the)\s+(?:[a-z]+['’]s?\s+)?)\s*$",
                  ("", "Instadollars: ", "These ", "The Democrats' "), flags=re.IGNORECASE)
_UNIT_WORDS = r"(?!(?i:bps|bp|basis|points?|pts|pct|percent|per|shares|tonnes|tons|barrels|ounces|bushels|units|" \
    r"lakh|crore|million|billion|thousand|mn|bn|mln)\b)"
LIST_OPENING = Rule("number.list-opening",
                    r"^\s+" + _UNIT_WORDS + r"(?:[\w'-]+\s+){0,3}?(?:[a-z]+[^s\W]s|people)"
                    r"(?:\s+(?:who|that|which|with|of|about|you|i|we)\b|\s*[:?!]|\s*$)",
                    (" Sources of Income", " Celebrities Who Earn", " Dividend Stocks with Low Payout Ratios",
                     " secrets I never knew", " worst ideas"), flags=re.IGNORECASE)
LIST_AFTER_THESE = Rule("number.list-these", r"\b(?:these|those)\s*$", ("These ",), flags=re.IGNORECASE)
LIST_NOUN_NEXT = Rule("number.list-noun", r"^\s+(?:[\w'-]+\s+){0,2}?(?:" + LIST_NOUNS + r")\b",
                      (" names look promising", " small-cap picks"), flags=re.IGNORECASE)
# at a headline's opening, a list's own noun whatever follows ('5 reasons behind ...'), or a list's usual noun
# capitalised as a title ('3 Top Stocks Under $20', '8 Stocks Donald Smith Continues to Buy'), not in running text
# ('62 smallcap stocks doubled investor wealth')
LIST_OPENING_NOUN = Rule("number.list-opening-noun",
                         r"^\s+" + _UNIT_WORDS + r"(?:[\w'-]+\s+){0,3}?(?:(?i:" + LIST_ONLY_NOUNS +
                         r")|(?=[A-Z])(?i:" + LIST_NOUNS + r"))\b",
                         (" reasons behind the slide", " Top Stocks Under $20"), flags=0)
AGE = Rule("number.age", r"\b(?:aged|age of|died at)\s*$", ("a director aged ", "who died at "))
AGE_APPOSITION = Rule("number.age-apposition", r"\b[A-Z][a-z]+\s[A-Z][a-z]+,\s$", ("said strategist Jane Roe, ",), flags=0)
AGE_END = Rule("number.age-end", r"^(?:[,;)]|\.(?!\d)|$)", (", joined", "."), flags=0)
DESIGNATION_BEFORE = Rule("number.product-name", r"(?:\b[a-z]+[A-Z]\w*|\b(?:Model|Series|Gen|Generation|Version|"
                          r"Mark|Mk|Type|Class|Pixel|Galaxy|Boeing|Airbus|Windows|PlayStation|Xbox|GPT|Falcon))\s?-?$",
                          ("the iPhone ", "a Model ", "the Boeing ", "the Pixel "), flags=0)
# a grade or a step named by a single digit ('tier 1 capital', 'a Phase 3 trial', 'stage 4 cancer', 'Level 2 assets')
GRADE_BEFORE = Rule("number.grade", r"\b(?:tier|phase|stage|level|category|grade)\s?-?$",
                    ("common equity tier ", "the Phase ", "stage "), flags=re.IGNORECASE)
_COUNTED = r"(?i:" + "|".join(COUNT_NOUNS) + r"|\w{3,}s)\b"
DESIGNATION_AFTER = Rule("number.product-after", r"^\s(?!(?i:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|levels?|marks?|handle|zone|range|band|"
                         r"support|resistance|target|price)\b)(?!" + _COUNTED
                         + r")[A-Z](?:[a-z]+|[A-Z]+)\b(?!\s+(?:[\w-]+\s+){0,2}?" + _COUNTED + r")",
                         (" Freighter output", " MAX programme was paused"), flags=0)
COUNTED_NEXT = Rule("number.counted-next", r"^\s+" + _COUNTED, (" Engineers", " jobs"), flags=0)
NATIONALITY = Rule("number.nationality", r"^\s[A-Z][a-z]+(?:ese|ian|an|ish|ch)\b", (" Chinese lenders",), flags=0)
CAP_NAME_BEFORE = Rule("number.name", r"(?:^|\s)([A-Z][\w&.'-]*)\s+$", ("the Vision ", "at Expo "), flags=0)
TITLE_WORD = Rule("number.title-case-word", r"^(?:Above|Below|At|To|Over|Under|Near|Around|By|From|Of|In|On|Up|Down|"
                  r"Past|Beyond|Than|About|Nearly|Almost|Only|Just|With|And|For|As|Hits?|Cross(?:es)?|Breach(?:es)?|"
                  r"Tops?|Sees?|Targets?|Reach(?:es)?|Touch(?:es)?|Ends?|Closes?|Opens?|Trades?|Settles?|Rises?|Falls?|"
                  r"Gains?|Jumps?|Drops?|Sheds?|Loses?|Slips?|Climbs?|Surges?|Rall(?:y|ies)|Slumps?|Adds?|Cuts?|"
                  r"Hires?|Buys?|Sells?|Raises?|Lifts?|Lowers?|Plans?|Gets?|Wins?|Bags?|Posts?|Reports?|Expects?|"
                  r"Forecasts?|Holds?)$", ("Above", "Hires", "Crosses"), flags=0)  # a title-case headline's word
NAME_LIST_BEFORE = Rule("number.name-list", r"\b([A-Z][\w&.'-]*)\s+\d+\s+(?:and|,|&|or)\s+$",
                        ("the Vantor 105 and ",), flags=0)
YEAR = Rule("number.year", r"(?:19|20)\d\d", ("2026",), flags=0)
# a share split's or a bonus issue's ratio ('a 3-for-1 stock split', 'a 1:1 bonus'): how shares are exchanged, no claim
# before the number: a split's or a ratio's second term ('a 3-for-1 split'; 'a 1.59-to-1 ratio' is the multiple 1.59)
SPLIT_RATIO = Rule("number.split_ratio", r"\d\s*(?:-\s*for\s*-\s*|-to-|:)$", ("a 3-for-", "a 1:", "a 1.59-to-"))
SPLIT_RATIO_AFTER = Rule("number.split_ratio_after", r"(?:-\s*for\s*-|:)\s*\d", ("-for-1 split", ":1 bonus"))
DURATION = Rule("number.duration", r"^\+?\s?(?:[-\s]\d/\d)?(?:(?:or|to|and|-|–)\s?\d+(?:\.\d+)?\s?)?-?\s?"
                r"(?:(?:consecutive|straight|successive|trading|business|calendar|full|more)\s+)?"
                r"(?:(?:up|down|winning|losing|weekly|monthly|daily)\s+)?(?:days?|weeks?|wks?|"
                r"months?|mos?|mths?|years?|yrs?|hours?|hrs?|minutes?|mins?|seconds?|secs?|decades?|quarters?|qtrs?|"
                r"sessions?)\b",
                (" min briefing", "+ weeks", " wks", " consecutive days", " or 4 mo", " straight months",
                 " consecutive up weeks", " straight losing sessions",
                 "-1/2-month high"))

# ----------------------------------------------------------------------------- sign, scale, range
NEGATIVE = Rule("number.negative", r"(?:(?<=\s)|(?<=^)|(?<=\$)|(?<=[A-Z])|(?<=\())[-−]$|\bnegative\s+$|"
                r"(?<!\bor )(?<!\+/)\bminus\s+$", ("a result of -", "a negative ", "at minus ", "down −", "Orrel (-"),
                flags=re.IGNORECASE)
SCALE = Rule("number.scale", r"^(?:\s?|-)(" + "|".join(sorted(SCALES, key=len, reverse=True)) + r")\b\.?",
             (" mn", "bn", " million", "-crore", " lakh"))
COMPOUND_SCALE = Rule("number.compound-scale", r"^\s?(crores?|cr|lakhs?)\b\.?", (" crore",))
RANGE_SEP = Rule("number.range", r"^\s?(?:-|–|—|to)\s?(?=[\d$€£]|(?:Rs|EUR|USD|US\$|HK\$)\s?\d)",
                 ("-25%", " to 6800", "-HK$5"), flags=0)
FROM_BEFORE = Rule("number.from", r"\b(?:from|by)\s+(?:\S+\s+)?$", ("rose from ", "cut by about "))
# a move's size before 'to' and the level it reached: 'rose $3 to $45', 'fell 4 to 1,210'
MOVED_BY = Rule("number.moved-by", r"\b(?:rose|fell|gained|lost|jumped|climbed|dropped|slipped|added|shed|rallied|"
                r"sank|slid|tumbled|surged|soared|plunged|declined|increased|decreased|rises|falls|gains|jumps|"
                r"climbs|drops|adds|up|down)\s+(?:by\s+)?(?:(?:about|nearly|almost|around|some)\s+)?$",
                ("rose ", "fell by about ", "up "))
# 'X to Y' is a range when Y is at most this many times X ('6% to 9%'); 'rose 0.5% to 4.2%' is a move and a level
TO_RANGE_RATIO = 3.0
DESCENDING_LOW = 0.9  # a dash range written high to low ends within 10% of its start ('7500-7480')
# words around a level range written high to low (not a vote tally, '1,150-1,100 votes')
LEVEL_CONTEXT = re.compile(r"\b(?:levels?|range|zone|band|mark|support|resistance|downside|upside|area|region|towards?|"
                           r"around|near|between|at|target|stop|test|hit|touch|see|seen|trade|trading)\b",
                           re.IGNORECASE)
RANGE_DESCENDING = Rule("number.range-descending", r"\d-\d", ("See Nifty heading towards 5180-5150 levels",))
RANGE_CURRENCY = Rule("number.range-currency", r"(?:Rs\.?|EUR|USD|US\$|HK\$|\$|€|£)\s?", ("$",), flags=0)
RANGE_UNIT = Rule("number.range-unit", r"\s?(?:-|–|—|to)\s?", (" to ", "-"), flags=0)
BETWEEN = Rule("number.range-between", r"\bbetween\s+(?:\S+\s+)?$", ("rose between ",))
BETWEEN_AND = Rule("number.range-and", r"\s+(?:and|to)\s+", (" and ",), flags=0)

# ----------------------------------------------------------------------------- unit and currency
CURRENCY_BEFORE = Rule("number.currency-prefix", r"(?:(?<![A-Za-z])(?:" + "|".join(
    f"(?P<cp{i}>{p})" for i, (p, _) in enumerate(CURRENCY_PREFIX)) + r"))(?:\s?\))?\s?(?:-\s?)?$",
    ("EUR ", "worth $", "( EURO ) ", "EUR -", "Rs."), flags=0)
CURRENCY_AFTER = Rule("number.currency-suffix", r"^(?:\s|-)?(?:" + "|".join(
    f"(?P<cs{i}>{p})" for i, (p, _) in enumerate(CURRENCY_SUFFIX)) + r")\b",
    (" euros", " Swedish crowns", " reais", "-euro", " Canadian dollars"))
CROWNS = Rule("number.crowns", r"^(?:\s|-)?crowns?\b", (" crowns per share",))
PESOS = Rule("number.pesos", r"^(?:\s|-)?pesos?\b", (" pesos a share", "-peso"))
SYMBOL_AFTER = Rule("number.symbol-after", r"^(?:\$|€|£|₹)(?!\s?\d)", ("$ a share", "€ each"), flags=0)
# the dollars whose cents are written with the country's letters ('12.5 NZ cents a share')
_CENTS = {"NZ": "NZD", "A": "AUD", "C": "CAD", "HK": "HKD", "S": "SGD", "Australian": "AUD", "Canadian": "CAD",
          "New Zealand": "NZD", "Singapore": "SGD", "Hong Kong": "HKD"}
SUBUNIT = Rule("number.subunit", r"^(?:\s|-)?(?:(?P<gbp>pence|pennies|(?<=^)p\b(?![.,]\d)|p\b(?=\s+(?:a|per)\s+share))|(?P<eur>euro\s?cents?|"
               r"eurocents?)|(?P<inr>paise)|(?P<cc>(?-i:" + "|".join(_CENTS) + r")\$?\s?)(?=cents?\b)cents?|"
               r"(?P<usd>(?:U\.?S\.?\s)?cents?))\b",
               (" pence", "p from", " p a share", "-cent forecast", " U.S. cents", " paise", " NZ cents",
                " Australian cents"))
PERCENTAGE_POINTS = Rule("number.percentage-points", r"^\s?(?:-\s?)?(?:percentage|per\s?cent(?:age)?)[-\s]points?\b|"
                         r"^\s?(?:pp|ppt|pct\.?\s?(?:pts?|points?)|percent\s(?:pts?|points?))\b",
                         (" percentage points", "pp", "-percentage-point", " pct point", " percent pts"))
BASIS_POINTS = Rule("number.basis-points", r"^\s?(?:-\s?)?(?:basis[-\s]points?|bps|bp)\b", (" basis points", "bps"))
PERCENT = Rule("number.percent", r"^(?:\s?%|\s?-?\s?per\s?-?\s?cent\b|\s?-?percent(?:age)?\b(?!\s*points?)|\s?pc\b|"
               r"\s?pct\b)", ("%", " per cent", "-percent", " pc"))
MULTIPLE = Rule("number.multiple", r"^(?:\s?-?\s?fold\b|\s?times\b|x\b|-to-1\b)",
                ("-fold", " times", "x", "-to-1 ratio"))
POINTS = Rule("number.index-points", r"^\s?-?points?\b|^\s?pts?\b", (" points", " pts"))
PHYSICAL_UNIT = Rule("number.physical", r"^\s?(?:-\s?)?(?:" + PHYSICAL + r")(?![\w-])", (" tonnes", " MWe", " bcfd"),
                     flags=0)
COUNTED_AFTER = Rule("number.counted", r"^(?:\s+[\w'-]+){0,3}?\s+(?:" + "|".join(COUNT_NOUNS) + r")\b",
                     (" new employees", " million shares"))

# ----------------------------------------------------------------------------- restated figures
PAREN_GAP = Rule("number.restated", r"\s*\(\s*(?:(?:approximately|approx\.?|about|around|some|roughly|c\.|ca\.?|or)\s+)?",
                 (" ( approximately ", " ("))
PAREN_SCALE = Rule("number.restated-scale", r"^\s*\)\s*(" + "|".join(sorted(SCALES, key=len, reverse=True)) + r")\b\.?",
                   (" ) million",))
PAREN_CLOSE = Rule("number.restated-close", r"^\s*\)", (" )",))
PRIOR_FIGURE = Rule("number.prior-in-parens", r"\s*\(\s*", (" (", " ( "), flags=0)  # 'EUR 0.14 (0.09)'
INHERIT = Rule("number.inherit-unit", r"(?:(?![.!?]\s+[A-Z\"“]|\n).)*", (" billion dollars, above forecasts of ",), flags=re.S)
# a bare figure a multiple or a percentage is compared with is one too ('20.5 times forward earnings against a
# 10-year average of 19', 'versus 17 for peers', 'fell to 4.1% from 4.3')
MULTIPLE_BASE = Rule("number.multiple-base", r"[^.;!?\n]{0,80}?\b(?:average|versus|vs\.?|against|compared with|from|"
                     r"above|below|peers?|rivals?)\b[^.;!?\n\d]{0,30}$",
                     (" times forward earnings against a 10-year average of ",), flags=re.I)
PERCENT_LEVEL = re.compile(r"\b(?:to|at|of|was|is|were|stood at|remained at|held at)\s+(?:about\s+|around\s+)?$", re.I)
LEVEL_AFTER = re.compile(r"^\s*-?\s*(?:points?|pts|levels?|mark|handle|bps|basis)\b", re.I)
TWIN_GAP = Rule("number.restated-plain", r"\s*(?:,\s*)?(?:or\s+|about\s+|approximately\s+|around\s+|some\s+|"
                r"roughly\s+)?", (" or ", ", about "))


@dataclass
class NumExpr:
    """One number as written: text span, normalised value(s), unit and currency."""

    start: int  # of the whole expression (currency prefix included)
    end: int
    num_start: int  # of the digits
    num_end: int
    value: float
    unit: Unit | NotAClaim  # NotAClaim.BARE: the number names no unit; the unit stage decides from context
    currency: str | None = None
    value_high: float | None = None
    scale: float = 1.0
    negative: bool = False
    in_parens: bool = False
    twin_of: int | None = None  # index of the figure this one restates (another currency, same fact)
    prior: bool = False  # with twin_of: not a restatement but that figure's earlier-period value, 'EUR 0.14 (0.09)'
    rules: list[str] = field(default_factory=list)  # ids of the number.* rules that decided it, in order


@dataclass
class _Digits:
    """The digits of one number as written (the FPB split forms joined): offsets and text."""

    start: int
    end: int
    text: str
    match_end: int  # end of the first run of digits (before a joined split part)

    @property
    def value(self) -> float:
        return float(self.text.replace(",", ""))


@dataclass
class _Reading:
    """A number being read: what the steps after the digits found so far."""

    digits: _Digits
    currency: str | None
    prefix_len: int
    negative: bool
    rules: list[str]
    value: float = 0.0
    scale: float = 1.0
    scale_word: str | None = None
    end: int = 0
    value_high: float | None = None
    unit: Unit | NotAClaim = NotAClaim.BARE


def _scaled(x: float, scale: float) -> float:
    """x * scale without binary noise: 128.7 * 1e6 -> 128700000.0."""
    return float(Decimal(repr(x)) * Decimal(repr(scale)))


def _group_code(m: re.Match[str], prefix: str, table: list[tuple[str, str]]) -> str:
    return next(code for i, (_, code) in enumerate(table) if m.group(f"{prefix}{i}"))


def _is_year(num_text: str, value: float) -> bool:
    return re.fullmatch(r"\d{4}", num_text) is not None and 1900 <= value <= 2100


def _sentence_start(text: str, idx: int) -> bool:
    before = text[max(0, idx - 200):idx].rstrip()  # a bounded look back: linear time on a long text
    return not before or before[-1] in ".!?:;\n\"“”'`(" or before.endswith("--")


def find_numbers(text: str, protected: list[tuple[int, int]] | None = None) -> list[NumExpr]:
    """Every digit-written number that may be a claim, in text order.

    ``protected`` spans (entity names such as 'Nasdaq 100', '7 titans') are skipped.
    Units are decided here when the text says so; ``bare`` numbers get their unit from context later.
    """
    skip = list(protected or [])
    skip += [(m.start(), m.end()) for m in RATE_NOTE.regex.finditer(text)]  # '( EUR1 = USD1 .1 )' states a rate
    skip += [(m.start(), m.end()) for m in RATE_FOOTER.regex.finditer(text)]  # '($1 = ' of a wire's footer
    skip += [(m.start(), m.end()) for m in PHONE.regex.finditer(text) if _PHONE_GROUPS.regex.search(m.group())]
    skip += [(m.start(), m.end()) for m in NUMERIC_DATE.regex.finditer(text)]
    skip += [(m.start(), m.end()) for m in HTML_ENTITY.regex.finditer(text)]  # a feed's unescaped '&#8211;'
    out: list[NumExpr] = []
    pos = 0
    while m := NUMBER.regex.search(text, pos):
        d = _read_digits(text, m)
        pos = d.end
        if any(a <= d.start < b for a, b in skip):
            continue
        x = _read_number(text, d)
        if x is not None:
            out.append(x)
            if x.value_high is not None:
                pos = max(pos, x.end)
    out = _merge_ranges(text, out)
    _pair_parentheses(text, out)
    _prior_in_parentheses(text, out)
    _inherit_currency(text, out)
    _inherit_compared_unit(text, out)
    return out


def _read_digits(text: str, m: re.Match[str]) -> _Digits:
    """The digits at ``m``, joined with an FPB split part: '12 .3' -> 12.3, '345 ,000' -> 345,000."""
    s, e, num = m.start(), m.end(), m.group()
    tail = FRACTION_TAIL.regex.match(text, e)
    if tail and int(tail.group(1)) < int(tail.group(2)):  # a grain quote's eighths: '14-1/4 cents', '$9.78-1/2'
        places = len(num.split(".")[1]) if "." in num else 0
        value = float(num.replace(",", "")) + int(tail.group(1)) / int(tail.group(2)) / 10 ** places
        return _Digits(s, tail.end(), f"{value:.{places + 3}f}", m.end())
    q = FPB_DECIMAL.regex.match(text[e:e + 12])
    if q and "." not in num:
        return _Digits(s, e + q.end(), num + "." + q.group(1), m.end())
    while q := FPB_THOUSANDS.regex.match(text[e:e + 6]):
        num += "," + q.group(1)
        e += q.end()
    return _Digits(s, e, num, m.end())


def _bare_rand(digits: str, after: str) -> bool:
    """An amount after a bare 'R' is rand when written as money: with cents or thousands separators ('R3.10',
    'R19,500') or a scale word after it ('R2.4bn', 'R450 million'); 'R1', 'R2' are codes, 'R1200' a model."""
    return "," in digits or "." in digits and len(digits.split(".")[-1]) == 2 or bool(SCALE.match(after))


def _read_number(text: str, d: _Digits) -> NumExpr | None:
    """The whole expression around the digits ``d``, or None when it is not a figure (see module doc)."""
    before = text[max(0, d.start - 40):d.start]
    trace: list[str] = []
    cm = CURRENCY_BEFORE.search(before[-18:], trace)
    currency = _group_code(cm, "cp", CURRENCY_PREFIX) if cm else None
    if cm and currency == "ZAR" and cm.group(0).strip() == "R" and not _bare_rand(d.text, text[d.end:d.end + 12]):
        cm, currency = None, None  # 'R1', 'R2': a pivot level's or a model's code, not rand
    plen = len(cm.group(0)) if cm else 0
    if _not_a_figure(text, d, before, currency):
        return None
    sign_before = before[: len(before) - plen] if plen else before
    negative = bool((cm and cm.group(0).rstrip().endswith("-")) or NEGATIVE.search(sign_before, trace))
    if not currency and text[d.start - 1:d.start] == "-" and d.start >= 2 and text[d.start - 2].isalnum():
        negative = False  # '20-25', 'H1-2015'
    elif currency and sign_before.endswith("-") and sign_before[-2:-1].isalnum():
        negative = False  # '$14 billion-$15 billion', '$2.5bn-$2.7bn': a range's dash, no minus
    r = _Reading(d, currency, plen, negative, trace, value=d.value, end=d.end)
    _read_scale(text, r)
    _read_range(text, r, before)
    _read_unit(text, r)
    if r.unit == NotAClaim.BARE and r.scale == 1.0 and _bare_not_a_claim(text, r, before):
        return None
    return _to_expr(text, r)


def _to_expr(text: str, r: _Reading) -> NumExpr:
    d = r.digits
    start = d.start - r.prefix_len if r.currency and r.prefix_len else d.start
    if r.negative and start > 0 and text[start - 1] in "-−":
        start -= 1
    hi = _scaled(r.value_high, r.scale) if r.value_high is not None else None
    return NumExpr(start=start, end=r.end, num_start=d.start, num_end=d.match_end if hi is None else d.end,
                   value=_scaled(r.value, r.scale) * (-1 if r.negative else 1), value_high=hi, unit=r.unit,
                   currency=r.currency, scale=r.scale, negative=r.negative, rules=r.rules)


def _not_a_figure(text: str, d: _Digits, before: str, currency: str | None) -> bool:
    """Codes, designations, dates, times, ordinals, list sizes, indicator parameters: not figures."""
    after = text[d.end:d.end + 60]
    if not currency and (CODE_BEFORE.search(before[-2:]) or SCALE_LETTER_NAME.match(after)):
        return True  # Q4, H1, FY27, BRNV3, FY'26, 2.1.3; 3M's
    if CODE_AFTER.match(after) or EXCHANGE_CODE.match(after) or SCREEN_UNIT.match(after) or \
            MODEL_SERIES.match(after) or (
            SERIES_AFTER.match(after) and len(d.text) >= 3 and d.text.isdigit()):
        return True  # 3G, 77B; 9988.HK, 7203.T; 16 px; 737-700s
    if not currency and (YEAR_PAIR.search(before[-8:]) or (
            DESIGNATION_HYPHEN.search(before[-12:]) and not (PERCENT.match(after) or SCALE.match(after)))):
        return True  # X-104, A350-1000, COVID-19; 2007-08
    if INDICATOR_BEFORE.search(before) or INDICATOR_AFTER.match(after):
        return True  # RSI 30, 200-day MA
    if after[:1] == "-" and MODIFIER.match(after) and not (
            MONEY_HYPHEN.match(after) or LEVEL_HYPHEN.match(after) or _NOT_MODIFIER.match(after)):
        return True  # '4-month', '10-year', '5-star': a modifier (durations included), not a figure
    if ORDINAL.match(after) or CLOCK.match(after) or FRACTION_AFTER.match(after) or FRACTION_BEFORE.search(before):
        return True
    return _date_or_list(d, before, after, currency)


def _line(after: str) -> str:
    """The text after a number up to the end of its line, its first link or its sentence ('... Ratios https://')."""
    return re.split(r"\n|https?://|(?<=[a-z])\.\s", after, maxsplit=1)[0]


def _list_size(before: str, after: str) -> bool:
    """A small whole number that sizes a list: '5 stocks to buy', '8 Sources of Income Taxes Can't Touch', 'These 3
    names look promising'."""
    if LIST_AFTER.match(after):
        return True
    if LIST_OPENS.search(before[-40:]) and (LIST_OPENING.match(_line(after)) or LIST_OPENING_NOUN.match(after)):
        return True
    return bool(LIST_AFTER_THESE.search(before[-12:]) and LIST_NOUN_NEXT.match(after))


def _date_or_list(d: _Digits, before: str, after: str, currency: str | None) -> bool:
    small_int = d.value <= 31 and "." not in d.text
    if small_int and (MONTH_BEFORE.search(before) or MONTH_AFTER.match(after)):
        return True  # 'March 5', '5 May'
    if MONTH_DAY_BEFORE.search(before) and _is_year(d.text, d.value):
        return True  # 'June 27, 2014'
    if currency:
        return False
    if LIST_BEFORE.search(before) or AGE.search(before):
        return True  # 'top 10', 'No. 3', 'aged 58'
    if d.value < 111 and "." not in d.text and AGE_APPOSITION.search(before) and AGE_END.match(after):
        return True  # 'said Jane Roe, 46.'
    if d.value < 100 and "." not in d.text and _list_size(before, after):
        return True  # '5 stocks to buy', '8 Sources of Income Taxes Can't Touch'
    if d.value < 10 and "." not in d.text and GRADE_BEFORE.search(before[-10:]):
        return True  # 'tier 1 ratio', 'Phase 3 trial', 'stage 4 cancer': a grade, not a figure
    return bool(DESIGNATION_BEFORE.search(before[-14:]))  # 'iPhone 16', 'Model 3'


def _read_scale(text: str, r: _Reading) -> None:
    """A scale word after the digits ('mn', 'bn', 'crore', a capital M/B/K glued to the digits)."""
    e = r.digits.end
    sm = SCALE.match(text[e:e + 14], r.rules)
    if not sm:
        return
    word = sm.group(1).lower()
    if word == "mm" and sm.group(1) != "MM":
        return  # '5 mm' is millimetres; '$5MM', '+5.4MM' (finance's millions) are written in capitals
    glued_capital = sm.group(0).rstrip(".") in ("M", "B", "K")  # '14M in sales', '3B', '640K'
    if word == "m" and PHYSICAL_UNIT.match(text[e:e + 14]) and not r.currency and not glued_capital:
        return  # '212 m length'
    if word in WEAK_SCALES and not r.currency and not glued_capital and not (word == "k" and text[e:e + 1] in "kK"):
        if not CURRENCY_AFTER.match(text[e + sm.end():e + sm.end() + 40]):
            return  # '5 m' alone is metres, not millions
    if word in ("meur", "musd"):
        r.currency = r.currency or ("EUR" if word == "meur" else "USD")
    r.scale, r.scale_word, r.end = SCALES[word], word, e + sm.end()
    if (sm2 := COMPOUND_SCALE.match(text[r.end:r.end + 10], r.rules)) and word not in ("crore", "crores", "cr"):
        r.scale *= SCALES[sm2.group(1).lower()]  # 'Rs 2.4 lakh crore', 'Rs 6K crore'
        r.end += sm2.end()


def _read_range(text: str, r: _Reading, before: str) -> None:
    """'6500 to 6800', '20-25%', 'EUR 10-12 mn', '$4.10 to $4.40': the upper end (a 'from X to Y' pair is not a
    range, nor a move and the level it reached: 'rose $3 to $5')."""
    rm = RANGE_SEP.match(text[r.end:r.end + 40])
    to = "to" in rm.group() if rm else False
    bare = before[:len(before) - r.prefix_len] if r.prefix_len else before  # 'from $4.10 to': the words before the '$'
    if r.scale != 1.0 or not rm or (to and (FROM_BEFORE.search(bare) or MOVED_BY.search(bare))):
        return
    at = r.end + rm.end()
    m2 = NUMBER.regex.match(text, at)
    if not m2 and r.currency and (cp := RANGE_CURRENCY.regex.match(text, at)):
        m2 = NUMBER.regex.match(text, cp.end())  # '$4.10 to $4.40' ('cp' is matched on the whole text)
    if not m2 or (_is_year(r.digits.text, r.value) and _is_year(m2.group(), float(m2.group().replace(",", "")))):
        return
    hi = float(m2.group().replace(",", ""))
    if not to and r.value >= 100 and DESCENDING_LOW * r.value <= hi < r.value and \
            LEVEL_CONTEXT.search(before[-30:] + " " + text[m2.end():m2.end() + 40]):
        r.value, hi = hi, r.value  # a level range written high to low: 'heading towards 5180-5150 levels'
        RANGE_DESCENDING.note(r.rules)
    elif hi <= r.value or (to and hi > TO_RANGE_RATIO * r.value):
        return
    r.value_high, r.end = hi, m2.end()
    RANGE_SEP.note(r.rules)
    sm2 = SCALE.match(text[r.end:r.end + 14])
    if sm2 and (sm2.group(1).lower() not in WEAK_SCALES or r.currency or sm2.group(0).rstrip(".") in ("M", "B", "K")):
        r.scale, r.scale_word = SCALES[sm2.group(1).lower()], sm2.group(1).lower()
        r.end += sm2.end()


def _read_unit(text: str, r: _Reading) -> None:
    """Currency after the number, sub-units (pence, cents), then %, points, multiples, physical units."""
    rest = text[r.end:r.end + 40]
    if not r.currency and (code := _currency_after(text, rest, r)):
        r.currency = code
    elif not r.currency and r.scale == 1.0 and (su := SUBUNIT.match(rest, r.rules)):
        r.currency = ("GBP" if su.group("gbp") else "EUR" if su.group("eur") else "INR" if su.group("inr")
                      else _CENTS.get(su.group("cc").rstrip("$ ")) if su.group("cc") else "USD")
        r.scale, r.end = 0.01, r.end + su.end()
    elif not r.currency and (sa := SYMBOL_AFTER.match(rest, r.rules)):
        r.currency, r.end = {"$": "USD", "€": "EUR", "£": "GBP", "₹": "INR"}[sa.group()], r.end + sa.end()
    elif r.scale_word in ("crore", "crores", "cr", "lakh", "lakhs") and text[r.digits.end:r.digits.end + 1] == "-":
        MONEY_HYPHEN.note(r.rules)  # '1,240-crore shares': an amount of rupees used as an adjective
        r.unit = Unit.CURRENCY
        return
    if r.currency:
        r.unit = Unit.CURRENCY
        return
    rest = text[r.end:r.end + 40]
    for rule, unit in ((PERCENTAGE_POINTS, Unit.PERCENTAGE_POINTS), (BASIS_POINTS, Unit.PERCENTAGE_POINTS),
                       (PERCENT, Unit.PERCENT), (MULTIPLE, Unit.MULTIPLE), (POINTS, Unit.INDEX_POINTS),
                       (PHYSICAL_UNIT, Unit.OTHER)):
        if um := rule.match(rest, r.rules):
            r.unit, r.end = unit, r.end + um.end()
            if rule is BASIS_POINTS:
                r.value, r.value_high = r.value / 100, (r.value_high / 100 if r.value_high else None)
            return


def _currency_after(text: str, rest: str, r: _Reading) -> str | None:
    """A currency named after the number: '2.1 billion Swedish crowns', '240-euro', '38 bln crowns'."""
    if cs := CURRENCY_AFTER.match(rest, r.rules):
        r.end += cs.end()
        return _group_code(cs, "cs", CURRENCY_SUFFIX)
    if cw := CROWNS.match(rest, r.rules):
        r.end += cw.end()
        return next((code for stem, code in _CROWN_COUNTRIES if stem in text), "SEK")
    if pw := PESOS.match(rest, r.rules):
        r.end += pw.end()
        named = [(at, code) for stem, code in _PESO_COUNTRIES if (at := text.find(stem)) >= 0]
        return min(named)[1] if named else "MXN"
    return None


def _bare_not_a_claim(text: str, r: _Reading, before: str) -> bool:
    """A unitless, unscaled number that is a year, a duration or part of a name ('Horizon 2030', 'Vantor 105')."""
    d = r.digits
    rest = text[r.end:r.end + 40]
    if _is_year(d.text, r.value) and r.value_high is None:
        YEAR.note(r.rules)
        return True
    if INDEX_SIZE.fullmatch(d.text) and INDEX_NAME.search(before[-12:], r.rules):
        return True  # 'the DAX 40', 'the Stoxx 600': the index's name
    if DURATION.match(rest, r.rules):
        return True  # '45 min', '8+ weeks', '1-3 wks', '20 consecutive days'
    if SPLIT_RATIO.search(before[-6:], r.rules) or SPLIT_RATIO_AFTER.match(rest, r.rules):
        return True
    if "," in d.text or "." in d.text or r.value >= 1000:
        return False
    cw = CAP_NAME_BEFORE.search(before)
    if cw and not _sentence_start(text, d.start - len(cw.group(0)) + cw.group(0).index(cw.group(1))) \
            and not re.fullmatch(_CAP_OK, cw.group(1)) and not COUNTED_NEXT.match(rest) \
            and not TITLE_WORD.fullmatch(cw.group(1)):
        return True  # 'Horizon 2030', 'Expo 3'
    if NAME_LIST_BEFORE.search(before):
        return True  # 'Vantor 105 and 215'
    return r.value_high is None and DESIGNATION_AFTER.match(rest) is not None and not NATIONALITY.match(rest)


# verbs of a change by an amount, besides `number.moved-by`: 'grew EUR 10.5 mn to EUR 25.2 mn' is a move and a level
_CHANGED_BY = re.compile(r"\b(?:grew|grows|improved|improves|raised|raises|lifted|lifts|widened|widens|narrowed|"
                         r"narrows|boosted|boosts|cut|cuts|trimmed|trims|reduced|reduces|expanded|expands|increased|"
                         r"increases|decreased|decreases)\s+(?:by\s+)?(?:(?:about|nearly|almost|around|some)\s+)?$",
                         re.IGNORECASE)


def _same_form(text: str, a: NumExpr, b: NumExpr) -> bool:
    """Both ends of 'X to Y' written alike, so a range ('62 cents to 66 cents', '$12.0 billion to $12.3 billion'),
    not a move and the level it reached ('4 cents to $2.15')."""
    sa, sb = text[a.num_end:a.end].strip(" ."), text[b.num_end:b.end].strip(" .")  # 'billion.' at a sentence end
    return text[a.start:a.num_start] == text[b.start:b.num_start] and sa != "" and \
        (sa == sb or sb.startswith(sa + " "))  # '1.9 billion to 2.1 billion euros': the unit named once


def _unit_named_once(text: str, a: NumExpr, b: NumExpr) -> bool:
    """A bare figure, then a figure with a unit, joined by 'to', a dash or 'between ... and', that names the unit
    once: 'between 410,000 and 440,000 tonnes', '1.9 billion to 2.1 billion euros', 'from 2 million to 3 million
    tonnes' (the same scale word at both ends), 'from 12 to 9 euros' (a currency written after the level); not
    'rose 4 to 1,210 points' (a move's size, no scale word)."""
    if a.unit != NotAClaim.BARE or b.unit == NotAClaim.BARE or a.value_high is not None:
        return False
    gap, before = text[a.end:b.start], text[max(0, a.start - 30):a.start]
    if MOVED_BY.search(before) or _CHANGED_BY.search(before):
        return False  # 'deposits grew 4 billion to 120 billion pounds': a move's size, whatever its unit
    if a.scale != b.scale:
        return _from_base(text, a, b, gap, before)
    if BETWEEN_AND.regex.fullmatch(gap) and BETWEEN.search(before):
        return True
    scale_word = text[a.num_end:a.end].strip()
    return scale_word.isalpha() and text[b.num_end:b.end].strip().startswith(scale_word) and \
        text[b.start:b.num_start] == "" and (gap in ("-", "–") or re.fullmatch(r"\s+to\s+", gap) is not None) \
        or _from_base(text, a, b, gap, before)


# a move from a base ('fell from', 'was cut from', 'rose sharply from'); not a range ('ranged from', 'cost from')
_MOVED_FROM = re.compile(r"\b(?:rose|fell|cut|raised|lifted|lowered|increased|decreased|climbed|dropped|slipped|"
                         r"jumped|eased|slowed|grew|declined|reduced|trimmed|widened|narrowed|edged|surged|slumped|"
                         r"plunged|soared|rallied|recovered|improved|accelerated|up|down|higher|lower)\s+"
                         r"(?:[a-z]+\s+){0,2}from\s+$", re.IGNORECASE)
# a past-tense verb right before a figure: 'swelled 2 million to 5 million' is a move and its level, not a range
_VERB_BEFORE = re.compile(r"\b(?:[a-z]+ed|went|grew|rose|fell|swung|shrank|sank)\s+(?:[a-z]+\s+)?$")


def _from_base(text: str, a: NumExpr, b: NumExpr, gap: str, before: str) -> bool:
    """'fell from 12 to 9 euros a share', 'cut from 40 to 30 cents', 'rose from 3 to 4%': a bare base after 'from'
    takes the currency or percent written after the level it moved to (within a factor of three of it)."""
    if not _MOVED_FROM.search(before) or not re.fullmatch(r"\s+to\s+", gap) or a.scale != 1.0 \
            or b.scale not in (1.0, 0.01) or text[b.start:b.num_start] != "" \
            or b.unit not in (Unit.CURRENCY, Unit.PERCENT):
        return False
    hi = b.value / b.scale  # as written: '30' of '30 cents'
    return hi <= TO_RANGE_RATIO * a.value and a.value <= TO_RANGE_RATIO * hi


def _scale_named_once(text: str, a: NumExpr, b: NumExpr) -> bool:
    """'between 2 and 3 million barrels': a bare figure after 'between' takes the scale word of the figure after
    'and' (when it is smaller than that one without it); not '2 and 3 million' without 'between'."""
    if a.unit != NotAClaim.BARE or a.scale != 1.0 or b.scale == 1.0 or a.value_high is not None:
        return False
    gap, before = text[a.end:b.start], text[max(0, a.start - 30):a.start]
    return BETWEEN_AND.regex.fullmatch(gap) is not None and BETWEEN.search(before) is not None \
        and a.value * b.scale < b.value


def _scaled_pair(text: str, a: NumExpr, b: NumExpr) -> bool:
    """'2 million to 3 million phones': two bare figures with the same scale word, joined by 'to' or a dash, a range
    whatever they count (the unit stage decides for both); not a move and the level it reached ('rose 2 million to
    30 million')."""
    gap, before = text[a.end:b.start], text[max(0, a.start - 30):a.start]
    return a.unit == b.unit == NotAClaim.BARE and a.scale == b.scale != 1.0 and a.value_high is None \
        and text[a.num_end:a.end].strip().lower() == text[b.num_end:b.end].strip().lower() \
        and RANGE_UNIT.regex.fullmatch(gap) is not None and b.value <= TO_RANGE_RATIO * a.value \
        and not (FROM_BEFORE.search(before) or MOVED_BY.search(before) or _CHANGED_BY.search(before)
                 or _VERB_BEFORE.search(before))


def _merge_ranges(text: str, nums: list[NumExpr]) -> list[NumExpr]:
    """Two figures of one unit that make a range: '8%-9%', '6% to 9%', 'between 5,100 and 5,400'."""
    out: list[NumExpr] = []
    for b in nums:
        a = out[-1] if out else None
        if a is not None and (_scale_named_once(text, a, b) or _unit_named_once(text, a, b)):
            a.unit, a.currency = b.unit, b.currency  # '1.9 billion to 2.1 billion euros': one unit for both ends
            if a.scale != b.scale:  # 'between 2 and 3 million barrels', 'from 40 to 30 cents'
                a.value, a.scale = _scaled(a.value, b.scale), b.scale
        if a is not None and b.value > a.value and _scaled_pair(text, a, b):
            a.value_high, a.end, a.num_end = b.value, b.end, b.num_end
            a.rules.append(RANGE_UNIT.id)
            continue
        if a is None or a.value_high is not None or b.value_high is not None or a.unit != b.unit \
                or a.currency != b.currency or b.value <= a.value or a.negative or b.negative:
            out.append(b)
            continue
        gap = text[a.end:b.start]
        before = text[max(0, a.start - 30):a.start]
        dash = RANGE_UNIT.regex.fullmatch(gap)
        # 'to' joins a range of percentages only: '4 cents to $2.15' is a movement and the level it reached
        to = "to" in gap
        dash = dash and a.unit != NotAClaim.BARE and (not to or (
            (a.unit == Unit.PERCENT or _same_form(text, a, b) and not MOVED_BY.search(before)
             and not _CHANGED_BY.search(before))
            and not FROM_BEFORE.search(before) and b.value <= TO_RANGE_RATIO * a.value))
        joined = a.scale == b.scale and (dash or (BETWEEN_AND.regex.fullmatch(gap) and BETWEEN.search(before)))
        if not joined:
            out.append(b)
            continue
        a.value_high, a.end, a.num_end = b.value, b.end, b.num_end
        a.rules.append(RANGE_UNIT.id if RANGE_UNIT.regex.fullmatch(gap) else BETWEEN.id)
    return out


def _pair_parentheses(text: str, nums: list[NumExpr]) -> None:
    """Restated figures: 'NOK 60 ( approximately EUR 5.4 ) million', '7.6 mln euro ( $ 8.3 mln )',
    'EUR 3.3 million USD 3.6m'. The second is a twin of the first; a scale word after the parenthesis
    applies to both."""
    for i in range(1, len(nums)):
        a, b = nums[i - 1], nums[i]
        if a.unit != Unit.CURRENCY or b.unit != Unit.CURRENCY or a.currency == b.currency:
            continue
        gap = text[a.end:b.start]
        if PAREN_GAP.regex.fullmatch(gap):
            b.in_parens, b.twin_of = True, i - 1
            PAREN_GAP.note(b.rules)
            tail = PAREN_SCALE.match(text[b.end:b.end + 40])
            if tail and a.scale == 1.0 and b.scale == 1.0:
                _rescale(a, b, SCALES[tail.group(1).lower()])
                b.end += tail.end()
            elif tail2 := PAREN_CLOSE.match(text[b.end:b.end + 5]):
                b.end += tail2.end()
        elif TWIN_GAP.regex.fullmatch(gap) and a.scale == b.scale:
            b.twin_of = i - 1
            TWIN_GAP.note(b.rules)


def _prior_in_parentheses(text: str, nums: list[NumExpr]) -> None:
    """A bare figure in brackets right after an amount or a percentage is the earlier period's figure, as
    interim reports write it: 'EPS was EUR 0.14 (0.09)', 'operating profit of SEK 412 mn (367)'. It takes the
    unit, currency and scale of the figure before it, and its subject and metric (``prior``); its comparator,
    direction and period are its own (none, unless written). Not a year ('EUR 5 mn (2021)') and not a figure with a
    unit or a range of its own."""
    for i, (a, b) in enumerate(zip(nums, nums[1:])):
        if a.unit not in (Unit.CURRENCY, Unit.PERCENT) or b.unit != NotAClaim.BARE or b.value_high is not None:
            continue
        if b.currency or b.scale != 1.0 or _is_year(text[b.num_start:b.num_end], b.value):
            continue
        if not PRIOR_FIGURE.regex.fullmatch(text, a.end, b.start) or not PAREN_CLOSE.match(text[b.end:b.end + 5]):
            continue
        b.unit, b.currency, b.in_parens, b.twin_of, b.prior = a.unit, a.currency, True, i, True
        b.value, b.scale = _scaled(b.value, a.scale), a.scale
        PRIOR_FIGURE.note(b.rules)


def _rescale(a: NumExpr, b: NumExpr, scale: float) -> None:
    for x in (a, b):
        x.value, x.scale = _scaled(x.value, scale), scale
        if x.value_high is not None:
            x.value_high = _scaled(x.value_high, scale)
        PAREN_SCALE.note(x.rules)


def _inherit_compared_unit(text: str, nums: list[NumExpr]) -> None:
    """A bare number compared with a multiple or a percentage in the same sentence is one too: '20.5 times forward
    earnings against a 10-year average of 19' (19 times), 'fell to 4.1% from 4.3' (4.3%). Not when a counted or
    physical noun or a level's word follows it ('down 2% from 1,200 points')."""
    for a, b in zip(nums, nums[1:]):
        if b.unit == NotAClaim.BARE and b.scale == 1.0 and b.value_high is None and _compared_base(text, a, b):
            b.unit = a.unit
            MULTIPLE_BASE.note(b.rules)


def _compared_base(text: str, a: NumExpr, b: NumExpr) -> bool:
    if a.unit == Unit.PERCENT:  # only a rate's level ('fell to 4.1% from 4.3'), not a move ('fell 3% from 45')
        if b.value >= 100 or a.value_high is not None or not PERCENT_LEVEL.search(text[max(0, a.start - 25):a.start]):
            return False
    elif a.unit != Unit.MULTIPLE:
        return False
    return MULTIPLE_BASE.regex.fullmatch(text, a.end, b.start) is not None \
        and not COUNTED_AFTER.match(text[b.end:b.end + 50]) and not LEVEL_AFTER.match(text[b.end:b.end + 20])


def _inherit_currency(text: str, nums: list[NumExpr]) -> None:
    """An amount with a scale word but no currency takes the currency of the amount before it in the same sentence:
    'sales hit 9.5 billion dollars, above forecasts of 9.1 billion' -> both USD. Not when a counted or
    physical noun follows ('3 million shares', '2 million tonnes')."""
    for a, b in zip(nums, nums[1:]):
        if b.unit != NotAClaim.BARE or b.scale < 1e6 or a.unit not in (Unit.CURRENCY, Unit.OTHER) or a.scale < 1e3:
            continue
        if not INHERIT.regex.fullmatch(text, a.num_end, b.start) or COUNTED_AFTER.match(text[b.end:b.end + 50]):
            continue
        b.unit, b.currency = a.unit, a.currency
        INHERIT.note(b.rules)

