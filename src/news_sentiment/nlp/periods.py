"""The period stage: time expressions in a sentence, which one a figure takes, and its dates.

Three pure steps, each with typed input and output:

- :func:`period_spans` finds time expressions with the ``period.*`` rules of :data:`PERIOD_RULES` (patterns as
  data, each with examples we wrote); :class:`SentencePeriods` does it once per sentence for one text;
- :func:`choose_period` picks the expression a figure refers to (same clause first; a comparison base owns
  what follows it; not across a contrasting clause);
- :func:`normalise_period` resolves the chosen text to ISO dates against the publication date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Callable, Sequence

from news_sentiment.nlp.claim_rules import METRIC_KEYWORDS
from news_sentiment.nlp.rulebook import Rule
from news_sentiment.nlp.vocab import Metric

if TYPE_CHECKING:  # pragma: no cover
    from news_sentiment.nlp.numbers import NumExpr
    from news_sentiment.nlp.records import Claim

_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMWORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
             "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30}
_Y = r"(?:19|20)\d\d"
MONTHS_RE = (r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
             r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?")
_NUMW = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty)"
# an N-year word's record span or instrument term, not a horizon: 'its biggest one-day drop', 'a 10-year high
# profit', 'the 30-year mortgage rate', 'five-year bond sales'
_NOT_SUPERLATIVE = r"(?<!biggest )(?<!largest )(?<!steepest )(?<!sharpest )(?<!best )(?<!worst )(?<!strongest )" \
    r"(?<!weakest )"
_TERM_WORDS = (r"(?:to|of|for|and|in|at|high|low|record|bonds?|notes?|bills?|mortgages?|Libor|Euribor|SOFR|deposits?|"
               r"repo|Treasury|Treasuries|gilts?|yields?|swaps?|loans?|interbank|fixed|paper|auctions?|forward|"
               r"sovereign|government|tenor|maturity|debt|JGBs?|Bunds?|BTPs?|contracts?|agreements?|leases?)\b")
_MONTHS = r"(?-i:(?:" + MONTHS_RE + r"))"
# month names are matched case-sensitively ('may' is a verb) and never before a day number ('Feb. 28 note')
_MONTH_CS = r"(?-i:" + MONTHS_RE.replace("|May|", "|May(?=\\s+(?:19|20)\\d\\d)|") + r")"
# nor 'Mar' of 'March 31', nor 'Jan' of 'Jan-Mar' (period.month_range)
_MONTH_NODAY = r"(?![a-z])\.?(?!\s*\d{1,2}(?:st|nd|rd|th)?\b(?!\d))(?![-–](?:" + MONTHS_RE + r")\b)"
# a day right after these is when the news came out, no figure's time ('disclosed on Monday that it owns 4.1%')
_RELEASE_VERBS = ("said", "reported", "announced", "stated", "showed", "published", "released", "reports", "wrote",
                  "disclosed", "revealed", "confirmed", "told", "unveiled", "filed")
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
_IN = r"(?:(?:in|for|during) )?"
# what makes 'the same period' a comparison base, not a pointer back ('the same period a year ago', '... of 2024')
_SAME_PERIOD_OF = r"(?:in|of|a year (?:earlier|ago|before)|last year|the (?:previous|prior) year)\b"

# -- finding: the rule table (order matters: at one position the first rule that matches wins) --------------------
_DAY_OF_MONTH = _MONTHS + r"\.? \d{1,2}(?:st|nd|rd|th)?\b(?:,? " + _Y + r"\b)?"
MOVE_TAG = "period.move_tag"  # a feed's tag of one move: '$ORV (+3.2% pre)'
PERIOD_RULES: tuple[Rule, ...] = (
    Rule("period.date_range", r"(?:between " + _DAY_OF_MONTH + r" and|from " + _DAY_OF_MONTH +
         r" (?:to|until|through)) " + _DAY_OF_MONTH,
         ("Miyaken will buy back up to 2% of its shares between May 9 and Dec. 31.",
          "The offer runs from June 1 to Nov. 30, 2027.")),
    Rule("period.this_unit", r"(?:so far |earlier |later )?this (?:year|week|month|quarter)(?:'s|’s)?",
         ("Shares of Brindle Foods are up 8% so far this year.", "this week's advance")),
    Rule("period.since_start", r"(?:since|from) the (?:start|beginning) of (?:the|this) (?:year|month|quarter|week)",
         ("The index has gained 6% since the start of the year.",)),
    Rule("period.to_date", r"(?:month|week|quarter)[- ]to[- ]date|[MQW]TD\b",
         ("Quarter-to-date sales at Pellor rose 3%.", "The fund is up 2% MTD.")),
    Rule("period.past_unit", r"(?:(?:in|during|over|for) )?(?:the )?(?:past|last|previous) (?:year|week|month|quarter)",
         ("Copper has fallen 9% over the past year.",)),
    Rule("period.last_weekday", r"(?:last|past|previous) " + _WEEKDAY,
         ("Vantor shares have slipped 4% since last Tuesday.",)),
    Rule("period.month_quarter", _IN + r"(?:the )?" + _MONTH_CS + r"\.?[- ](?:quarter|qtr)\b",
         ("Orvane's profit doubled in the September quarter.",
          "Harlow Foods posts net profit of Rs 12 cr for Dec qtr")),
    Rule("period.month_year",
         r"(?:(?:in|during|for|since|through|until|by|from|throughout|over) )?(?:(?:early|mid|late|the end of|"
         r"the start of)[- ])?(?:last )?" + _MONTHS + r"\.? " + _Y + r"\b",
         ("Harlow Bank's loan book grew 5% in March 2024.", "by the end of June 2026")),
    Rule("period.month",
         r"(?:(?:in|during|for|since|through|until|throughout|by)\b (?:(?:early|mid|late)[- ])?|last |(?:early|mid|"
         r"late)[- ])" + _MONTH_CS.replace("|May(?=", "|May|May(?=") + _MONTH_NODAY,
         ("Retail sales fell 0.4% in February.", "The stock is up 12% since mid-January.",
          "Traders price a cut by September.")),
    Rule("period.on_date",
         r"on " + _MONTHS + r"\.? \d{1,2}(?:st|nd|rd|th)?\b(?!,? (?:19|20)\d\d)(?! note| report| statement| filing)",
         ("Kestrel closed 2% higher on March 3.",)),
    Rule("period.relative_unit", r"(?:last|past|previous|next) (?:year|week|month|quarter)",
         ("Analysts see growth of 4% next year.",)),
    Rule("period.past_n_units",
         r"(?:the )?(?:past|last|previous|next) " + _NUMW + r" (?:years|months|weeks|days|quarters|sessions)",
         ("The shares have doubled over the past three years.",)),
    Rule("period.year_on_year",
         r"year[- ]to[- ]date|year[- ]on[- ]year|YTD|a year (?:earlier|ago|before)|"
         r"(?:the )?year-ago(?: period| quarter)?",
         ("Exports rose 6% year-on-year.", "up 9% from a year earlier", "the year-ago quarter")),
    Rule("period.unit_earlier",  # a comparison base's time, like 'a year earlier'; 'released a week earlier' is
         # the release's time, not a figure's
         "".join(f"(?<!{verb} )" for verb in _RELEASE_VERBS) +
         r"(?:(?:a|one) (?:day|week|month|quarter|decade|session) (?:earlier|ago|before)|"
         r"(?:in |on |during )?the (?:previous|prior) (?:day|session|trading day)|the day before)",
         ("up from 41% a week ago", "Bund yields rose to 2.71% from 2.64% a day earlier",
          "down from 1.2% the previous day")),
    Rule("period.year_end", r"(?:by |at )?(?:the )?(?:year[- ]end|end of (?:the|this|next) year)",
         ("Strategists see the index at 5,200 by year-end.",)),
    Rule("period.weekday",
         "".join(f"(?<!{verb} )" for verb in _RELEASE_VERBS) + "(?:on )?" +
         "".join(f"(?<!{verb} on )" for verb in _RELEASE_VERBS) +
         r"(?<!Black )(?<!Cyber )" + _WEEKDAY + r"(?!:)",  # 'Friday: Tallis to cut jobs' is a dateline;
         ("Tallis Mining fell 3% on Friday.",)),  # 'Black Friday', 'Cyber Monday' are shopping events, not days
    Rule("period.month_range_period",
         _IN + r"(?:the )?period (?:of )?(?:" + MONTHS_RE + r")[-–](?:" + MONTHS_RE + r") " + _Y,
         ("Orders rose 8% in the period January-March 2025.",)),
    Rule("period.month_range",
         _IN + r"(?:the )?(?:" + MONTHS_RE + r")[-–](?:" + MONTHS_RE + r")(?: quarter| period)?(?: " + _Y + r")?",
         ("Profit rose 11% in the October-December quarter.",)),
    Rule("period.since_month", r"since (?:" + MONTHS_RE + r")(?: " + _Y + r")?\b",
         ("The peso has lost 5% since March 2024.",)),
    Rule("period.today", r"(?<!said )(?<!announced )(?<!reported )\btoday|yesterday|tomorrow",
         ("Brent crude rose 1% today.", "RBI to sell government bonds worth Rs 600 crore tomorrow")),
    Rule("period.ordinal_quarter",
         _IN + r"(?:the )?(?:first|second|third|fourth|1st|2nd|3rd|4th)[- ]quarter\w*(?: of (?:fiscal )?(?:" + _Y +
         r"|the year))?(?: " + _Y + r")?",
         ("Sales rose 4% in the third quarter.", "for the first quarter of 2008", "fourth-quarter profit")),
    Rule("period.half", _IN + r"(?:the )?(?:first|second)[- ]half\w*(?: of (?:(?:fiscal )?" + _Y +
         r"|(?:this|last|the|next) year))?",
         ("Revenue fell 2% in the second half of 2010.", "in the first half of this year")),
    # 'a half-year loss of', 'half-year profit': a results half that does not say which one
    Rule("period.half_year", _IN + r"(?:the )?half[- ]year(?:ly)?\b(?! (?:highs?|lows?|peaks?|tops?|ago|old)\b)",
         ("Ridgeway posted a half-year loss of 41 million pounds.", "in the half-year to June")),
    Rule("period.corresponding",  # a bare 'in the same period' points back: period.that_period
         _IN + r"(?:the )?(?:(?:corresponding|comparable|year-ago|prior-year) period(?: " + _SAME_PERIOD_OF + r")?|"
         r"same period(?= " + _SAME_PERIOD_OF + r"|,? ?(?:fiscal )?" + _Y + r")(?: " + _SAME_PERIOD_OF + r")?)"
         r"(?: ?(?:fiscal )?" + _Y + r")?",
         ("up from 1.1 million in the corresponding period in 2006", "Volumes fell 3% from the same period last year.")),
    Rule("period.months_to",
         r"(?:(?:in|for|during|over) )?the (?:(?:" + _NUMW + r") )?(?:months?|weeks?|quarters?|days?|years?|half|"
         r"(?:fiscal|financial) year) (?:to|ended|"
         r"ending|through) " + _MONTHS + r"\.?(?: \d{1,2}(?:st|nd|rd|th)?\b)?(?:,? " + _Y + r")?",
         ("Profit rose 7% in the three months to December.", "in the week to March 5", "in the year to June 30")),
    Rule("period.first_n_months",
         r"(?:(?:in|for|during|over) )?(?:the )?(?:first|last|past) " + _NUMW + r" months(?: of (?:fiscal )?(?:" + _Y +
         r"|the year|this year|last year))?",
         ("Deliveries rose 9% in the first two months of the year.",)),
    Rule("period.code", _IN + r"\b(?:Q[1-4]|H[12]|9M|FY)\s?(?:FY)?'?(?:" + _Y + r"|\d\d)?\b",
         ("Nerva's Q3 profit rose 12%.", "in H1 2015", "FY24 revenue")),
    Rule("period.year_reference",
         _IN + r"(?:fiscal |financial |calendar )?(?:year )?" + _Y + r"(?:[-/]\d\d)?(?= peak| high| low| level| close| "
         r"levels)(?: (?:peak|high|low|level|close|levels))?",
         ("The stock is 40% below its 2021 peak.",)),
    Rule("period.fiscal_year_named",
         r"(?:(?:in|for|during) )?(?:the )?(?:this|current|next|last|previous|coming|" + _Y + r"[-/]\d\d) "
         r"(?:fiscal|financial) year\b",
         ("Dunmore sees revenue up 6% this financial year.", "in the 2026-27 fiscal year")),
    Rule("period.split_year",  # a season or a year that straddles two ('the 2025/26 season', 'in 2026-27')
         r"(?:(?:in|for|during) )?(?:the )?" + _Y + r"[-/]\d\d\b(?!\s?%)(?: (?:season|crop year|marketing year))?",
         ("Sugar output should reach 31 million tonnes in the 2025/26 season.",)),
    Rule("period.meeting",
         r"(?:at|since) (?:its|the|their) (?:(?:last|next|previous|latest|upcoming|" + _MONTHS + r"\.?"
         r"(?: \d{1,2}(?:[-–]\d{1,2})?)?|(?-i:[A-Z]{3,4})) ){1,2}"
         r"(?:policy |rate-setting |monetary policy )?meeting\b",
         ("The bank cut rates by 25 basis points at its last meeting.", "at the July FOMC meeting")),
    Rule("period.in_year",
         r"(?<!ounded )(?<!stablished )(?<!ncorporated )(?<!orn )(?<!isted )"
         r"(?:(?:in|for|during|since|by) )(?:fiscal |financial |calendar )?(?:year )?" + _Y + r"(?:[-/]\d\d)?\b",
         ("Output should rise 3% in 2026.", "for fiscal 2025")),
    # a rate's basis is no time: 'a seasonally adjusted annual rate of 4.1 million units' (the month's figure), 'at an
    # annual rate of 22%' ('the annual rate of inflation', a year-on-year comparison, stays)
    Rule("period.frequency",
         r"\b(?:quarterly|annually|monthly|weekly|(?<!adjusted )(?<!at an )annual|annual(?! (?:rate|pace)\b)|daily)\b",
         ("Corvel raised its quarterly dividend to 40 cents.",)),
    # 'now expects', 'is now under review': a revision or a state, not the time of the figure
    Rule("period.now", r"\b(?:currently|now)\b(?! (?:expects?|sees?|forecasts?|predicts?|estimates?|projects?|"
         r"anticipates?|plans?|aims?|targets?|under|in talks)\b)",
         ("The lender's shares are now 3% below the offer price.", "It currently holds 12% of the company.")),
    # a horizon an average, a return, a target, a plan or results are taken over ('its 10-year average', 'a
    # 12-month target', 'a five-year $2.9B capex plan', '10-month net profit', 'the 12-month rate of inflation'), or
    # a move lasts ('rises 3.5% in a two-day advance'); not a bond's tenor ('the 10-year yield', 'a five-year
    # tranche'), a rate's term ('the one-week repo rate') or a record's span ('its biggest one-day drop')
    Rule("period.n_unit_adjective",
         _NOT_SUPERLATIVE + r"\b" + _NUMW + r"-(?:year|month|week|day)\b(?=,?(?:\s+(?!" + _TERM_WORDS + r")"
         r"[\w$.,'’-]+){0,3}\s+(?:average|avg|mean|returns?|performance|(?:price\s+)?targets?|horizon|perspective|"
         r"outlook|forecasts?|plans?|programmes?|programs?|period|window|CAGR|basis|profits?|loss(?:es)?|earnings|"
         r"revenues?|sales|results|income|rate\s+of\s+(?:inflation|growth|increase|decline|core|consumer|producer|"
         r"CPI|PPI|price))\b)|"
         + _NOT_SUPERLATIVE + r"\b" + _NUMW + r"-(?:month|week|day|session)(?=\s+(?:advance|rally|rout|sell-?off|"
         r"slide|decline|drop|fall|gain|rise|surge|slump)\b)",
         ("The fund's five-year return is about 18%.", "a discount to its 10-year average of 15 times",
          "raised its 12-month target for the index", "a five-year $2.9 billion capex plan",
          "rose 3.5% in a two-day advance", "the 12-month rate of inflation")),
    Rule("period.that_period", r"(?:during|in|over|for) (?:the|that|this|the same) (?:period|time ?frame)\b",
         ("Sales rose 4% this year and margins widened during the period.",
          "Profit rose 8% in the quarter, while the fund of Orvel fell 5% in the same period.",
          "The index is up 12% year-to-date, and the Nasdaq is up 20% over that time frame.")),
    Rule("period.the_unit",
         r"(?:in|for|during) the (?:latest |last |same |previous |current |fiscal |financial |reporting )?"
         r"(?:quarter|year|half|month|week)\b",
         ("Its margin improved to 12% in the latest quarter.",)),
    # -- added with issue 17: general shapes of time expressions seen in wire copy, headlines and tweets
    Rule("period.session",
         r"\b(?:in|during) (?:(?:early|late|morning|afternoon|midday|late[- ]morning|early[- ]afternoon|premarket|"
         r"pre-market|after-hours|after hours|extended|overnight|intra-?day|Asian|European|U\.S\.|New York|London|"
         r"Tokyo)[- ]?)+"
         r"(?:trading|trade|deals|dealings|session)\b(?: before the bell)?"
         r"|\bin trading before the bell|\b(?:before|after) the (?:opening |closing )?bell"
         r"|\b(?:premarket|pre-market|after-hours)\b|\bafter hours\b(?! of\b|-| ?long\b)"
         r"|\b(?:at|by) (?:the )?(?:market )?(?:close|open)\b"
         r"|\bat the (?:start|outset) of (?:trade|trading|the session)\b"
         r"|\blast close\b|\b(?:on|for) the (?:day|session|week|month|year)\b",
         ("Shares of Orvel rose 4% in premarket trading.", "Pell Corp fell 6% in extended trade.",
          "Dallin slid 2% before the bell.", "The Dow was down 0.2% at the close.", "Gold was up 1% on the day.",
          "Marlo shares fell 9% after hours.", "The Nasdaq retreats 0.5% at the start of trade")),
    # a trader's session tag right after a move: 'shares +7% PM' (premarket), '-3% AH' (after hours)
    Rule("period.session_tag", r"(?<=%\s)(?-i:PM|AH)\b(?!\s+(?-i:[A-Z][a-z]))",
         ("$ORV signs supply deal with Kestrel; shares +7% PM", "Orvel -3% AH after guidance cut")),
    # a feed's move tag in brackets, the premarket session of that move only: '$ORV (+3.2% pre)'
    Rule(MOVE_TAG, r"(?<=%\s)pre(?=\))", ("$ORV (+3.2% pre) Orvel Pumps (ORV) raises its outlook",)),
    # a move's time given by the results or the event it followed ('slips 5% post Q3 results', 'flies 20% post Etihad
    # deal'): that move's only
    Rule("period.post_event", r"\bpost[- ](?:(?:Q[1-4]|H[12]|FY ?\d{2,4}|quarterly|annual|(?-i:[A-Z][\w&-]*)) )?"
         r"(?:results|earnings|numbers|deal|elections?|budget|merger|verdict|policy|announcement|listing)\b",
         ("Tarvo Foods slips 5% post Q3 results", "Brindle shares are down 4% post-results",
          "Harlow Air jumps 20% post Kestrel deal", "Tea prices may rise 15% post elections")),
    # a move's own session written after it ('jumped 12% intraday'): its figure's only, not a later close
    Rule("period.intraday", r"\bintra-?day\b(?! (?:highs?|lows?|peaks?|records?|swings?|basis|moves?|volatility|"
         r"gains?|losses|rally|trade|trading|deals|dealings)\b)", ("Tarvo jumped 12% intraday.",)),
    # a listing's first session: 'in its trading debut', 'ended its first day of trade up 13%'
    Rule("period.debut", r"\b(?:(?:in|on) )?(?:its |their |the |a )?"
         r"(?:(?:first|second|third) day of (?:trade|trading|dealings)|"
         r"(?:trading|market|stock[- ]market|exchange|Nasdaq|NYSE|bourse) debut|(?<=its )debut|(?<=their )debut)\b",
         ("Orbisco slumps 22% in its trading debut.", "Casper ends first day of trade up 13%",
          "Brenlow slides 9% on second day of trading")),
    Rule("period.midday", r"\b(?:by|at|around|toward|towards) (?:the )?(?:midday|mid-?morning|mid-?afternoon|noon|"
         r"lunchtime)(?: (?:break|recess))?\b",
         ("By midday, the FTSE 100 was down 40 points.", "Brent was flat at noon.",
          "Orvane shares rose 2.1% by the midday break.")),
    # what happened during the night before ('the yen slid to 157.40 overnight'); not a money market's rate or swap
    Rule("period.overnight", r"\bovernight\b(?![- ](?:swaps?|rates?|index(?:ed)?|repo|reverse|lending|borrowing|"
         r"deposits?|funding|markets?|money|interbank|call|policy|stays?|trading hours)\b)",
         ("The yen slid to 157.40 per dollar overnight.", "Buyers booked 200,000 tonnes overnight.")),
    Rule("period.end_of_day", r"\bby the end of (?:the )?(?:day|session|trading day|trading session|trading)\b",
         ("Tessin lost 7% by the end of the session.",)),
    Rule("period.single_day", r"\bin a single (?:day|session|week|trading day|trading session)\b",
         ("Corvel shed $3 billion of market value in a single day.",)),
    Rule("period.time_of_day",
         r"\b(?:at|by|as of|around|shortly after|shortly before) \d{1,2}(?:[:.]\d\d)? ?(?:a\.m\.|p\.m\.|am\b|pm\b)"
         r"(?: ?(?:ET|EST|EDT|GMT|BST|CET|JST|HKT|SGT|IST)\b)?|\b(?:at|by|as of) \d{1,2}[:.]\d\d (?:ET|EST|EDT|GMT|BST|CET|"
         r"JST|HKT|SGT|IST)\b|\b(?:at|by|as of) \d{4} GMT\b",
         ("At 10:15 a.m. ET, the Nasdaq was down 1.2%.", "Brent was flat at 1432 GMT.")),
    Rule("period.unit_on_unit",
         r"\b(?:month|quarter|week|day|year)[- ]on[- ](?:month|quarter|week|day|year)\b|\b(?:m/m|q/q|y/y|yoy|mom|qoq)\b",
         ("Output fell 0.3% month on month.", "CPI rose 2.1% y/y.")),
    Rule("period.fiscal_year", r"\b(?:fiscal|financial)(?: year)? " + _Y + r"(?:[-/]\d\d)?\b|\bFY ?" + _Y + r"\b",
         ("Orvel sees fiscal 2026 revenue up 8%.",)),
    Rule("period.year_of",
         r"(?<![$€£¥\d.,])\b" + _Y + r"(?:[-/]\d\d)?(?= (?:[a-z][\w-]* ){0,3}(?:forecasts?|outlook|guidance|targets?|"
         r"earnings|profits?|sales|revenues?|EPS|GDP|growth|productivity|unemployment|deliveries|dividends?|budget|"
         r"capex|results|production|output|shipments|estimates?|view|figures|loss|losses|income|EBITDA|EBIT|"
         r"margins?|inflation|spending|investments?|harvests?|crops?|cash\s+flows?|orders|order\s+intake|bookings|"
         r"exports|imports|deficit|surplus|returns?)\b)",
         ("Pellam cut its 2026 profit forecast to $2 billion.", "about 19 times expected 2027 core earnings",
          "Brindle Air expects 2026 adjusted net income of about $1.2 billion.", "Staff see 2028 inflation at 2.1%.",
          "Tarsk Oil will cut 2027 spending by $1.5 bln.", "its forecast for Norway's 2027 salmon harvest")),
    # a month naming the period of the figure it qualifies ('November revenue rose 22%', 'its October sales', "China's
    # May exports": a capital 'May' before such a noun is the month, never the verb; not after 'said', where it may be
    # a person: 'Analysts said May sales could rise')
    Rule("period.month_of",
         r"(?<![$€£¥\d.,])" + _MONTH_CS.replace("|May(?=", "|(?<!said )(?<!says )May|May(?=") +
         r"(?= (?:[a-z][\w-]* ){0,2}(?:revenues?|"
         r"sales|deliveries|shipments|dispatches|output|production|exports|imports|orders|inflation|payrolls|"
         r"passengers|traffic|volumes?|unemployment|jobless|productivity|retail sales|CPI|PPI|PMI|credit|lending|"
         r"loans|job gains|jobs|payroll|earnings|wages|spending|prices|housing starts|home sales|permits|"
         r"trade|confidence|sentiment|numbers|figures|bookings|registrations|arrivals)\b)",
         ("Caldera Chips said October revenue rose 22% to $3.1 billion.", "Its November passenger traffic rose 6%.",
          "Norland's May exports rose 6.8%.", "October consumer credit rose 5.5%.",
          "November Average Hourly Earnings +0.2%")),
    Rule("period.full_year", r"\bfull[- ]year\b", ("Tarsk raised its full-year outlook to 5% growth.",)),
    Rule("period.dividend_kind",
         r"\b(?:(?:1st|2nd|3rd|4th|first|second|third|fourth|special) )?interim(?= (?:cash )?(?:dividends?|"
         r"payouts?|distributions?))",
         ("Bram paid an interim dividend of 12 cents.",)),  # a 'final' dividend names its kind, not a time (the
    # corpus's gold: 11 of 15 'final' dividends have no period, where 18 of 26 'interim' ones have 'interim')
    Rule("period.boundary",
         r"(?:(?:by|at|until|through|before|from|since) )?(?:the )?(?:end|start|beginning|middle)(?:-| of )"
         r"(?:(?:fiscal|financial) )?(?:" + _Y + r"\b|" + _MONTHS + r"\b(?:\.? " + _Y + r"\b)?|(?:this|next|last|that|the) "
         r"(?:year|quarter|month|decade)\b)|(?:(?:by|until|through|from|in|since) )?(?:end|mid|early|late)[- ]" + _Y +
         r"\b",
         ("Strategists see the yen at 140 by the end of 2026.", "Nomlin sees copper at $12,000 by end-2027.",
          "The buyback runs until the end of March.")),
    Rule("period.until_date",
         r"\b(?:by|as of|as at|through|until|since|from|before) " + _MONTHS + r"\.? \d{1,2}(?:st|nd|rd|th)?\b"
         r"(?:,? " + _Y + r"\b)?",
         ("Loan provisions were $800 million as of June 30.", "The offer runs until March 31.")),
    Rule("period.year_span", r"\b(?:between|from) " + _Y + r" (?:and|to|through) " + _Y + r"\b(?!\d)",
         ("Tarn opened 79,000 accounts between 2019 and 2023.", "Orrel's sales doubled from 2020 to 2024.")),
    Rule("period.until_year", r"(?<!ounded )(?<!stablished )\b(?:through|until|from|before) " + _Y + r"\b(?!\d)",
         ("Vandel will pay at least 3 euros a share from 2027.", "Prices should stay high through 2028.")),
    Rule("period.duration",
         r"(?:(?:over|within|in|for|during|after) )?(?:the )?(?:next |coming |past |last |previous |prior |first )?"
         r"(?<![\w.,$€£¥])(?:" + _NUMW + r"(?:\s?(?:-|–|to)\s?" + _NUMW + r")?\+?|a few|few|several|(?:a )?couple of) "
         r"(?:consecutive |straight |trading )?(?:years?|yrs?|months?|mos|weeks?|wks?|days?|sessions?|quarters?|hours?|"
         r"hrs?|minutes?|mins?|fortnights?)\b(?: ago| from now)?",
         ("Kelso will buy back $2 billion of stock over three years.", "The stock fell for 20 consecutive days.",
          "a 60 min chart", "the index could rally 5% in the next 1-3 wks", "up from 1.2 million two years ago",
          "4,200 for the Nifty is not unlikely in couple of weeks")),
    Rule("period.season", r"\b(?:(?:since|in|during|over|by|through|until)\s+(?:the\s+)?|this\s+|last\s+|next\s+)"
         r"(?-i:summer|spring|autumn|winter)(?:\s+of\s+" + _Y + r")?\b(?!\s+[a-z])",  # lower case: 'in Spring Airlines'
         # is a name; no noun after it: 'in spring water', 'in winter sports gear' are things
         ("Shares of Orrel have risen 60% since the summer.", "Sales fell 4% over the winter of 2025.")),
    Rule("period.adverb", r"\b(?:so far|recently|previously|to date|at the time|at that time)\b",
         ("Tarn has so far sold 2 million units.", "Pex recently traded at $41.")),
    # an event a move is timed by ('the franc rose 0.4% after the decision'): not results or a report, which date
    # their own figures
    Rule("period.event",
         r"(?:after|before|ahead of|following) the (?:[\w-]+ ){0,2}?(?-i:decision|announcement|statement|release|"
         r"data|figures|vote|auction|deadline|meeting|election|budget)\b",
         ("The franc firmed 0.2% after the decision.", "Yields fell 5 basis points ahead of the auction.")),
    Rule("period.reference_point",
         r"(?:(?:its|their|the|a) )?(?:recent|previous|prior|last|all-time|" + _MONTHS + r"(?: record)?)[- ]"
         r"(?:highs?|lows?|peaks?|troughs?|closes?)\b",
         ("Bryn shares are 20% below their recent high.", "The index is 8% above its June low.")),
)
# every rule starts at a word: '\b' lets the engine skip the other positions before trying ~45 alternatives
_FINDER = re.compile(r"\b(?:" + "|".join(f"(?P<r{i}>{r.pattern})" for i, r in enumerate(PERIOD_RULES)) + ")",
                     re.IGNORECASE)
_BY_GROUP = {f"r{i}": r for i, r in enumerate(PERIOD_RULES)}
_POSSESSIVE = re.compile(r"(?:'s|’s)$")
_MONTH_FULL_STOP = re.compile(r"(?:uary|arch|April|June|July|ugust|ember|ober)\.$")


@dataclass(frozen=True)
class PeriodSpan:
    """One time expression: character offsets in the text searched, the text, the rule that found it."""

    start: int
    end: int
    text: str
    rule: str


def period_spans(text: str) -> list[PeriodSpan]:
    """Time expressions in ``text``, left to right, non-overlapping; expressions next to each other are one
    ('in premarket trading on Monday', 'in late trading Thursday')."""
    out: list[PeriodSpan] = []
    for p in _single_spans(text):
        if out and p.start == out[-1].end + 1 and text[out[-1].end] == " ":
            # 'year on year in November' names the month: the comparison does not make it a base's time
            rule = p.rule if out[-1].rule in _COMPARISON_RULES else out[-1].rule
            out[-1] = PeriodSpan(out[-1].start, p.end, text[out[-1].start:p.end], rule)
        else:
            out.append(p)
    return out


def _single_spans(text: str) -> list[PeriodSpan]:
    out = []
    for m in _FINDER.finditer(text):
        t = _POSSESSIVE.sub("", m.group().strip())
        if _MONTH_FULL_STOP.search(t):
            t = t[:-1]  # 'since January.': the sentence's full stop, not an abbreviation
        if t:
            out.append(PeriodSpan(m.start(), m.start() + len(t), t, _BY_GROUP[m.lastgroup or ""].id))
    return out


def find_periods(text: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of time expressions in ``text``, left to right, non-overlapping."""
    return [(p.start, p.end, p.text) for p in period_spans(text)]


@dataclass
class SentencePeriods:
    """The periods of one text's sentences, each sentence searched once (lives for one extraction call)."""

    text: str
    _found: dict[tuple[int, int], tuple[PeriodSpan, ...]] = field(default_factory=dict, repr=False)

    def within(self, start: int, end: int) -> tuple[PeriodSpan, ...]:
        """Spans in ``text[start:end]``, offsets in ``text``."""
        if (start, end) not in self._found:
            self._found[(start, end)] = tuple(PeriodSpan(p.start + start, p.end + start, p.text, p.rule)
                                              for p in period_spans(self.text[start:end]))
        return self._found[(start, end)]


# -- choosing: which expression a figure takes ------------------------------------------------------------------
@dataclass(frozen=True)
class FigureContext:
    """What the chooser needs to know about one figure and its neighbours (offsets in the text)."""

    start: int
    end: int
    sent_start: int
    sent_end: int
    next_start: int  # the next figure's start in the sentence, or the sentence end
    base: bool = False  # a comparison base ('from 1.1 mn in 2006') owns the period that follows it
    parallel: bool = False  # same metric and both moves as the previous claim: its period crosses 'while ...'
    previous_period: str | None = None  # the previous claim's period, the antecedent of 'during the period'
    metric: Metric | str | None = None  # the figure's metric so far ('return': a share or market move)


def figure_context(x: NumExpr, later: Sequence[NumExpr], sent_start: int, sent_end: int, base: bool,
                   previous: Claim | None, metric: str | None, direction: str | None) -> FigureContext:
    """The chooser's view of figure ``x``; ``later`` are the figures after it in the text."""
    nxt = next((n.start for n in later if n.start < sent_end and n.twin_of is None), sent_end)
    parallel = previous is not None and previous.metric == metric and bool(previous.direction) and bool(direction)
    return FigureContext(x.start, x.end, sent_start, sent_end, nxt, base, parallel,
                         previous.period_text if previous is not None else None, metric)


CONTRAST = Rule("period.contrast_clause", r",\s*(?:while|but|whereas|although|though|even as)\b",
                ("Acme added 1.4% this week, while Brio gained 1.6%.",))
# a comma ends a clause, except around 'respectively' ('gained 2% and 3%, respectively, for the week')
_COMMA = r"(?<!respectively),\s(?!respectively\b)"
# 'against the yen' names the other side of an exchange rate, not a comparison base ('rose 0.7% against the yen to
# 151.84 on Thursday': the day is the move's)
_COUNTER_CURRENCY = (r"(?!\s+(?:the\s+)?(?:U\.S\.\s+|US\s+|Japanese\s+|Swiss\s+|single\s+)?(?:dollar|yen|euro|pound|"
                     r"sterling|franc|yuan|rupee|won|greenback|currency|a\s+basket)\b)")
LINK_BLOCKED = Rule("period.link_blocked",
                    r";|" + _COMMA + r"|\b(?:from|compared|versus|against" + _COUNTER_CURRENCY + r"|after|before|as|"
                    r"while|because|since|when|but|whereas|although|though|amid)\b",
                    ("Profit rose 5% after a weak first quarter.", "Sales rose 4% against 6% a year earlier"))
# a clause of its own after the figure: ';' or ', and' / ', while' with a new subject (not a list of figures)
LATER_CLAUSE = Rule("period.later_clause", r";|,\s*(?:and|while|but|whereas)\s+(?!(?:a|an|the|its|their)?\s*\d)",
                    ("Ether fell 9%, and crypto stocks slid on Monday", "Profit rose 5%; sales fell in May"))
# a later expression in a clause that gives a cause is the cause's time, not the figure's
CAUSE = Rule("period.cause_clause",
             # 'as' of a cause, not of an amount or a comparison ('as much as 9.5%', 'as well as', 'as high as')
             r"\b(?:after|(?<!much )(?<!many )(?<!high )(?<!well )(?<!long )(?<!far )(?<!soon )(?<!little )(?<!large )"
             r"(?<!low )as(?! (?:much|many|"
             r"high|well|long|far|soon|little|large|low|part|of)\b)|post|following|ahead of|amid|because|"
             r"on (?:the back of|hopes|fears|news|upbeat|strong|"
             r"weak|solid|better|worse|disappointing|forecasting|posting|reporting))\b"
             # a second predicate ('... 240 staff and are due to end in six weeks') has its own time
             r"|\band (?:is|are|was|were|will|would|has|have|had|expects?|plans?)\b",
             ("Corvo rose 3% after it beat quarterly profit estimates.",
              "Talks cover 240 staff and are due to end in six weeks."))
# a figure in a clause that gives the reported cause of the main event is not of the main event's time ('fell 8% on
# Tuesday after the group said costs could reach 40 billion yen')
REPORTED_CAUSE = Rule(
    "period.reported_cause",
    r"\b(?:after|following|because)\b[^.;]{0,80}?\b(?:said|says|reported|reports|announced|announces|posted|posts|"
    r"warned|warns|disclosed|forecast|flagged|unveiled)\b",
    ("Dorn fell 8% on Tuesday after the group said costs could rise",))
# a relative clause set off by commas ('The broker, whose own shares fell 2% on Tuesday, raised its target') keeps
# its time to itself
RELATIVE_OPEN = Rule("period.relative_clause", r",\s*(?:whose|which|who)\b[^,;]*$",
                     ("The broker, whose own shares fell 2%",))


def blocked_before(text: str, span: PeriodSpan, fig: FigureContext) -> bool:
    """Is an expression before the figure kept from it: a reported cause between them (:data:`REPORTED_CAUSE`), or
    a relative clause around the expression that closes before the figure (:data:`RELATIVE_OPEN`)?"""
    if REPORTED_CAUSE.regex.search(text, span.end, fig.start):
        return True
    return closed_relative(text, fig.sent_start, span.start, span.end, fig.start)


def closed_relative(text: str, sent_start: int, start: int, end: int, at: int) -> bool:
    """Is ``text[start:end]`` inside a relative clause set off by commas ('Acme, whose shares fell 2% on Tuesday,')
    that closes before offset ``at``?"""
    return RELATIVE_OPEN.regex.search(text, sent_start, start) is not None and "," in text[end:at]


# an adjective of a results noun ('Q3 results', 'quarterly forecast') dates the results, not a share move
RESULTS_MODIFIER = Rule("period.results_modifier",
                        r"\s+(?:(?!(?:the|an?|its|their|his|her|this|that|as|and|or|while|but|before|after|with|to|on|"
                        r"in|of|for|from|at|by|than)\b)[\w.-]+\s+){0,2}?(?:results?|earnings|"
                        r"profits?|revenues?|sales|loss(?:es)?|forecasts?|outlook|guidance|reports?|numbers|nos|"
                        r"financials|estimates|expectations|deliveries|income|EBITDA|EBIT)\b",
                        ("Tamsin shares jumped 9% on strong Q3 results.",))
_CLAUSE_END = re.compile(r";|" + _COMMA)
# between a multiple and the year of what it multiplies ('22 times its expected', '9 times projected')
MULTIPLE_OF = re.compile(r"\s*(?:(?:x|times)\s+)?(?:(?:its|their|the|expected|projected|forecast|estimated|forward|"
                         r"core|adjusted|this|next|calendar)\s+){0,3}", re.IGNORECASE)
# a base without a period of its own shares the claim's when it is the earlier figure of a revised forecast, or
# a figure set beside it ('returned 14%, against 38% for the blue chips')
REVISED = Rule("period.revised_base", r"\b(?:forecasts?|outlook|guidance|targets?|estimates?|projections?|views?|odds|"
               r"sees|expects?)\b", ("Orlin cut its 2026 profit forecast to $2.1 billion from $2.4 billion.",))
SET_AGAINST = Rule("period.set_against_base", r"\b(?:against|versus|vs\.?|compared with|compared to)\s*$",
                   ("The index returned 14% over five years, against",))
# only figures of the same move lie between ('fell 41.2 points, or 0.9%, to 4,612.5 on Monday')
_RESTATED = re.compile(r"(?:[\s,%$€£¥+-]|\d[\d.,]*|\b(?:or|to|at|and|points?|percent|pct|respectively)\b)*")


# a record's reference ('its highest since late 2021', 'the lowest in 14 months', 'for the first time since 2008')
# says how long since the level was last seen: no figure's time
RECORD_REFERENCE = Rule("period.record_reference",
                        r"\b(?:highest|lowest|biggest|largest|strongest|weakest|fastest|slowest|best|worst|steepest|"
                        r"sharpest|smallest|deepest|first time)\b[^,;.\d]{0,40}$",
                        ("Bond yields hit their highest since", "the firm's biggest one-day gain in"))


def record_reference(text: str, span: PeriodSpan) -> bool:
    """'its highest since late 2021', 'the lowest since records began in 2004', 'its strongest level in four years'."""
    m = RECORD_REFERENCE.regex.search(text, max(0, span.start - 60), span.start)
    if m is None:
        return False
    t = span.text.lower()
    return "since" in m.group().lower().split() or t.startswith("since ") or \
        span.rule in ("period.duration", "period.past_n_units") and t.startswith("in ")


def choose_period(text: str, spans: Sequence[PeriodSpan], fig: FigureContext,
                  trace: list[str] | None = None) -> str | None:
    """The time expression figure ``fig`` refers to, as written, or None. ``spans`` are its sentence's; a record's
    reference is none of them."""
    own = [p for p in spans if not record_reference(text, p)]
    span = _pick(text, own, fig)
    if len(own) < len(spans) and trace is not None and span != _pick(text, spans, fig):
        RECORD_REFERENCE.note(trace)
    if span is None and not spans and not fig.base:
        span = _from_headline(text, fig)
    if span is None:
        return _shared_by_base(text, fig, trace)
    if trace is not None:
        trace.append(span.rule)
    if span.rule == "period.that_period":
        return fig.previous_period  # 'during the period': the antecedent's expression
    return span.text


def period_right_after(text: str, spans: Sequence[PeriodSpan], end: int, limit: int) -> PeriodSpan | None:
    """An expression after a figure in its own clause, before ``limit`` ('an estimate of 88 on Friday')."""
    m = _CLAUSE_END.search(text, end, limit)
    stop = m.start() if m else limit
    return next((p for p in spans if end <= p.start < stop), None)


def _from_headline(text: str, fig: FigureContext) -> PeriodSpan | None:
    """A headline's (first line's) time frame for a figure below it whose sentence names none, when the headline
    introduces a list ('Markets at the close:' over a list of index moves)."""
    nl = text.find("\n")
    if not 0 < nl < fig.sent_start or not text[:nl].rstrip().endswith(":"):
        return None  # a headline over a summary: its time dates the summary's figures (claims' carry), no more
    head = [p for p in period_spans(text[:nl]) if p.rule not in _LOCAL]
    return head[-1] if head else None


def _shared_by_base(text: str, fig: FigureContext, trace: list[str] | None) -> str | None:
    """'cut its 2026 forecast to 2.6% from 3.1%': a base without its own period is for the claim's period."""
    if not (fig.base and fig.previous_period):
        return None
    if REVISED.search(text, trace, fig.sent_start, fig.start) or SET_AGAINST.search(text, trace, fig.sent_start,
                                                                                    fig.start):
        return fig.previous_period
    return None


def _pick(text: str, spans: Sequence[PeriodSpan], fig: FigureContext) -> PeriodSpan | None:
    if not spans:
        return None
    if fig.base:
        return next((p for p in spans if fig.end <= p.start < fig.next_start), None)
    own = _same_clause(text, spans, fig)
    if own is not None or fig.metric == Metric.VALUATION:
        return own  # a valuation's time is of its own clause ('14 times fiscal 2027 EBITDA'), not a move's beside it
    return _elsewhere_in_sentence(text, spans, fig)


def _same_clause(text: str, spans: Sequence[PeriodSpan], fig: FigureContext) -> PeriodSpan | None:
    """The nearest expression in the figure's comma clause; after it wins a tie."""
    clause_start = max(fig.sent_start, text.rfind(", ", fig.sent_start, fig.start) + 1,
                       text.rfind(";", fig.sent_start, fig.start) + 1)
    limit = fig.next_start
    if re.fullmatch(r"\s*(?:,|and|or|&|, and)\s*", text[fig.end:fig.next_start]):
        limit = fig.sent_end  # '2.7% and 3.4%, respectively, for the week': the list shares what follows it
    m = _CLAUSE_END.search(text, fig.next_start if limit != fig.next_start else fig.end, limit)
    clause_end = m.start() if m else limit
    after = [p for p in spans if fig.end <= p.start < clause_end and applies(text, p, fig)
             and not CAUSE.regex.search(text, fig.end, p.start)]
    before = [p for p in spans if clause_start <= p.start and p.end <= fig.start and applies(text, p, fig)
              and not blocked_before(text, p, fig)]
    if after and (not before or after[0].start - fig.end <= fig.start - before[-1].end):
        return after[0]
    return before[-1] if before else None


_COMPARISON_RULES = ("period.year_on_year", "period.unit_earlier", "period.corresponding")
BASE_PERIOD = Rule("period.base_period", r"\b(?:from|than|on|over|versus|vs\.?|compared (?:with|to)|against)\s+$",
                   ("Profit rose 8% from ",))
BASE_CLAUSE = Rule("period.base_clause", r"\s*(?:and\s+|while\s+)?(?:compared (?:with|to)|against|versus|vs\.?|"
                   r"up from|down from|from)\s", (" compared with a profit of 95 million a year earlier",
                                                 " against Rs 165 crore a year ago"))
_NOT_RESULTS = (Metric.RETURN, Metric.VALUATION, Metric.MARKET_VALUE, Metric.STAKE)
# only for a figure in the same clause: a reference point, a dividend's kind, a frequency adjective ('its quarterly
# dividend', 'a third straight weekly gain' qualify their own noun, not the other clauses' figures)
_LOCAL = ("period.reference_point", "period.dividend_kind", "period.frequency", "period.debut", "period.intraday",
          MOVE_TAG, "period.post_event")
LOCAL_RULES = frozenset(_LOCAL)
# the time of a reported event: it governs the later sentences of the same report that name no time of their own
# ('Acme fell 3% on Tuesday. Brio lost 2%.' - both on Tuesday); not a duration, a reference point, a comparison
# base's time or a frequency, which belong to their own figure. A day governs every figure of the report; a results
# period (a quarter, a month, a fiscal year) governs results and statistics, not a share move or a valuation.
DAY_RULES = frozenset({"period.weekday", "period.last_weekday", "period.today", "period.on_date"})
CARRIED_RULES = DAY_RULES | frozenset({
    "period.ordinal_quarter", "period.half", "period.half_year", "period.code", "period.month", "period.month_year",
    "period.month_quarter", "period.month_range", "period.month_range_period", "period.months_to",
    "period.first_n_months", "period.fiscal_year", "period.the_unit", "period.full_year", "period.month_of"})
# times that do not make a sentence's own time for the report: one figure's (above) or a comparison base's ('fell to
# 3.7% from 6.3% a year earlier': the base's time; the reported figures keep the report's quarter)
NOT_OWN_TIME_RULES = LOCAL_RULES | frozenset(_COMPARISON_RULES)
# a results period of one figure that the other results figures of its sentence share ('third-quarter revenue
# jumped 31%, while data-center sales reached $2.6 billion; EPS of $1.07 beat ...'): not a day (PARALLEL_RULES)
RESULTS_PERIOD_RULES = CARRIED_RULES - DAY_RULES
# a market move after 'while' in the same sentence shares these times of an earlier move
PARALLEL_RULES = DAY_RULES | frozenset({"period.time_of_day", "period.session", "period.midday", "period.end_of_day",
                                       "period.single_day"})


def tag_of_another(span: PeriodSpan, fig: FigureContext) -> bool:
    """A feed's move tag ('$ORV (+1.3% pre)') of another figure than ``fig``: it dates the move in its brackets only."""
    return span.rule == MOVE_TAG and not 0 <= span.start - fig.end <= 3


def applies(text: str, span: PeriodSpan, fig: FigureContext) -> bool:
    """False for a results adjective ('after upbeat Q3 results', 'its fiscal 2027 estimates') when the figure is
    a share move, a valuation, a market value or a stake; for 'interim' when it is not a dividend; for a
    feed's move tag ('(+1.3% pre)') but for its own figure; for a comparison base's expression ('from a year
    earlier') when the figure is not that base."""
    if span.rule == "period.dividend_kind" and fig.metric != Metric.DIVIDEND:
        return False
    if tag_of_another(span, fig):
        return False  # '$ORV (+1.3% pre) Kestrel to buy Orv in $26 billion deal': the tag dates its own move only
    if span.rule == "period.date_range" and span.end <= fig.start:
        return False  # 'holders who held stock between Oct. 1 and Oct. 15 will receive 1.20 euros': who qualifies
    if span.rule == "period.unit_earlier" and not (fig.base and in_base_clause(text, span, fig)):
        return False  # 'up from 41% a week ago' dates the base only: not 'released a week earlier showing 6%'
    if not fig.base and span.rule in _COMPARISON_RULES and in_base_clause(text, span, fig):
        return False  # 'up 36% from a year earlier': the time of the comparison base, not of the figure
    if fig.metric == Metric.VALUATION and MULTIPLE_OF.fullmatch(text[fig.end:span.start]):
        return True  # '14 times fiscal 2027 EBITDA': the year of the earnings the multiple is of
    return fig.metric not in _NOT_RESULTS or not RESULTS_MODIFIER.regex.match(text, span.end)


def in_base_clause(text: str, span: PeriodSpan, fig: FigureContext) -> bool:
    """A comparison expression that dates a comparison base: right after 'from', 'than', 'versus'... ('up 36% from a
    year earlier'), or in a clause that a base opens ('compared with a profit of 95 million a year earlier', 'against
    Rs 165 crore a year ago') when the figure is outside that clause."""
    if BASE_PERIOD.search(text, None, max(0, span.start - 20), span.start):
        return True
    clause_start = max(text.rfind(", ", 0, span.start), text.rfind(";", 0, span.start), text.rfind(". ", 0, span.start))
    inside = clause_start < fig.start < span.start
    return not inside and BASE_CLAUSE.regex.match(text, clause_start + 1) is not None


def _elsewhere_in_sentence(text: str, spans: Sequence[PeriodSpan], fig: FigureContext) -> PeriodSpan | None:
    """Earlier in the sentence (not across ';' or a contrasting clause), else later when nothing links elsewhere."""
    stop = text.rfind(";", fig.sent_start, fig.start)
    contrast = [m.end() for m in CONTRAST.regex.finditer(text, fig.sent_start, fig.start)]
    if contrast and not fig.parallel:
        stop = max(stop, contrast[-1])
    spans = [p for p in spans if (p.rule not in _LOCAL or _frequency_of_figure(text, p, fig)) and
             applies(text, p, fig)]
    # across the contrast, a parallel move shares the other move's time, not the time of that move's cause ('Novo
    # gained 4% after raising its outlook for the year, while Orrel rose 2%': no year for Orrel's move)
    crossed = contrast[-1] if contrast and fig.parallel else -1
    earlier = [p for p in spans if p.end <= fig.start and p.start > stop and not blocked_before(text, p, fig)
               and (p.start >= crossed or not _in_cause(text, p, fig.sent_start))]
    if earlier:
        return earlier[-1]
    later = [p for p in spans if fig.end <= p.start]
    if later and not CAUSE.regex.search(text, fig.end, later[0].start) and (
            not LINK_BLOCKED.regex.search(text, fig.end, later[0].start)
            or _RESTATED.fullmatch(text, fig.end, later[0].start)
            or APPOSED.regex.fullmatch(text, fig.end, later[0].start)
            or _CLOSING.fullmatch(text, fig.end, later[0].start)
            and APPOSED_INSIDE.regex.search(text, fig.sent_start, fig.start)):
        return later[0]
    return None


def _in_cause(text: str, span: PeriodSpan, sent_start: int) -> bool:
    """The expression is in a cause clause ('after raising its outlook for the year'): it dates that event."""
    clause_start = max(sent_start, text.rfind(", ", sent_start, span.start) + 1)
    return CAUSE.regex.search(text, clause_start, span.start) is not None


# a deadline after restatements set off by commas is the time of the figure they restate ('buy back up to 2 trillion
# yen of its shares, or as much as 9.5% of its stock, by the end of March'; 'cut 3,000 jobs, around 5% of its staff,
# by 2027')
_APPOSITION = r"or|worth|around|about|roughly|some|nearly|almost|equal to|equivalent to|representing|including"
APPOSED = Rule("period.apposed_deadline",
               rf"(?:[^,;.]|\.\d)*(?:,\s*(?:{_APPOSITION})\b(?:[^,;.]|\.\d)*)+,\s*",
               (" of its shares, or as much as 9.5% of its stock, ", " jobs, around 5% of its staff, ",
                " staff, including 350 pilots, "))
# a figure inside such a restatement takes the time after it too ('cut 3,000 jobs, around 5% of its staff, by 2027')
APPOSED_INSIDE = Rule("period.apposed_inside", rf",\s*(?:{_APPOSITION})\b(?:[^,;.]|\.\d)*$",
                      ("cut 3,000 jobs, around ", "will hire 1,200 staff, including "))
_CLOSING = re.compile(r"(?:[^,;.]|\.\d)*,\s*")
# the words a frequency adjective qualifies ('quarterly earnings per share')
FREQUENCY_NOUN = Rule("period.frequency_noun", r"\s+((?:[\w/-]+\s+){0,2}[\w/-]+)",
                      (" dividend for a tenth year", " earnings per share"), flags=0)


def _frequency_of_figure(text: str, span: PeriodSpan, fig: FigureContext) -> bool:
    """'raised its quarterly dividend for the 23rd year, by 5.2%': a frequency adjective reaches a figure of a
    later clause when the noun it qualifies names the figure's metric and no contrasting clause lies between
    (not 'keeps its quarterly buyback, raises dividend 4%', nor 'a third weekly gain, while silver added 2%')."""
    if span.rule != "period.frequency" or fig.metric is None or span.end > fig.start or \
            CONTRAST.regex.search(text, span.end, fig.start):
        return False
    m = FREQUENCY_NOUN.match(text, None, span.end)
    named = next((metric for rule, metric in METRIC_KEYWORDS if rule.regex.search(m.group(1))), None) if m else None
    return named is not None and named == fig.metric


# -- normalising: the chosen text to dates ----------------------------------------------------------------------
@dataclass(frozen=True)
class _Period:
    """A lower-cased period text without its leading preposition, and what it names."""

    t: str
    year: int | None
    month: int | None
    published: date | None
    since: bool = False  # 'since March': from then until publication


_Resolver = Callable[[_Period], "tuple[date, date] | None"]
_MONTH_NUM = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                           "dec"), 1)}
_MONTH_WORD = re.compile(r"\b(" + MONTHS_RE.lower() + r")\b")
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_LEADING = re.compile(r"^(?:in|for|during|on|over|since|by|from|through|until|throughout)\s+")


def normalise_period(text: str | None, published: date | None) -> tuple[str | None, str | None]:
    """('this year', 2025-03-07) -> ('2025-01-01', '2025-03-07'). (None, None) when it cannot be resolved.
    Expressions side by side ('in early trading on Monday') resolve by the first part that can be resolved."""
    if not text:
        return None, None
    whole = _normalise_one(text, published)
    if whole != (None, None):
        return whole
    parts = _single_spans(text)
    if len(parts) > 1:
        return next((r for p in parts if (r := _normalise_one(p.text, published)) != (None, None)), (None, None))
    return None, None


def _normalise_one(text: str, published: date | None) -> tuple[str | None, str | None]:
    t = text.lower().strip()
    since = bool(re.match(r"(?:since|from)\b", t)) and not _YEAR_SPAN.search(t) and \
        not _DATE_RANGE.match(_LEADING.sub("", t))
    t = re.sub(r"^the\s+", "", _LEADING.sub("", t))
    y = _YEAR.search(t)
    mo = _MONTH_WORD.search(t)
    q = _Period(t, int(y.group(1)) if y else None, _MONTH_NUM[mo.group(1)[:3]] if mo else None, published, since)
    res = next((r for resolve in _RESOLVERS if (r := resolve(q)) is not None), None)
    if res is None:
        return None, None
    if since and published is not None and res[0] <= published:
        res = (res[0], published)  # 'since January', 'since 2021': from then until publication
    return res[0].isoformat(), res[1].isoformat()


def _quarter(y: int, q: int) -> tuple[date, date]:
    start = date(y, 3 * q - 2, 1)
    end = date(y + (q == 4), 1 if q == 4 else 3 * q + 1, 1) - timedelta(days=1)
    return start, end


def _month_end(y: int, mo: int) -> date:
    return date(y + (mo == 12), 1 if mo == 12 else mo + 1, 1) - timedelta(days=1)


def _shift_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 Feb
        return d.replace(year=d.year - years, day=28)


def _count(word: str | None) -> int:
    """'3' or 'three' -> 3; anything else 0."""
    if word is None:
        return 0
    return int(word) if word.isdigit() else _NUMWORDS.get(word, 0)


def _latest_quarter(q: _Period, n: int, year: int | None) -> tuple[date, date] | None:
    """Quarter ``n`` of ``year``, else of the publication year (the previous one if it has not begun)."""
    p = q.published
    yy = year or (p.year if p else None)
    if not yy:
        return None
    res = _quarter(yy, n)
    if not year and p and res[0] > p:
        res = _quarter(yy - 1, n)
    return res


_ORDINAL_QUARTER = re.compile(r"\b(first|second|third|fourth|1st|2nd|3rd|4th)[- ]quarter")
_Q_CODE = re.compile(r"\bq([1-4])\b")
_SPAN_ENDING = re.compile(r"^(?:(\w+) )?(month|week|quarter|day|year|half)s? (?:to|ended|ending|through) \w+\.?"
                          r"(?: (\d{1,2})(?:st|nd|rd|th)?\b)?")  # a day, not the first digits of a year
_MONTHS_IN = {"quarter": 3, "half": 6, "year": 12}
_MONTH_RANGE = re.compile(r"\b(" + MONTHS_RE.lower() + r")[-–](" + MONTHS_RE.lower() + r")\b")
_FIRST_N_MONTHS = re.compile(r"first (\w+) months(?: of (?:fiscal )?(?:((?:19|20)\d\d)|the year|this year|"
                             r"(last year)))?")


def _ordinal_quarter(q: _Period) -> tuple[date, date] | None:
    """'third quarter', 'Q3', 'Q3 FY24', "Q1'23"."""
    if m := _ORDINAL_QUARTER.search(q.t):
        return _latest_quarter(q, _ORD[m.group(1)], q.year)
    if m := _Q_CODE.search(q.t):
        short = re.search(r"q[1-4]\s?(?:fy)?'?(\d\d)\b", q.t)
        return _latest_quarter(q, int(m.group(1)), q.year or (2000 + int(short.group(1)) if short else None))
    return None


def _span_ending(q: _Period) -> tuple[date, date] | None:
    """'the three months to December', 'the week to March 5': a span ending then."""
    m = _SPAN_ENDING.search(q.t)
    if not (q.month and m and (q.year or q.published)):
        return None
    n = 1 if m.group(1) in (None, "the", "fiscal", "financial") else _count(m.group(1))
    yy = q.year or q.published.year  # type: ignore[union-attr]
    try:
        end = date(yy, q.month, int(m.group(3))) if m.group(3) else _month_end(yy, q.month)
    except ValueError:
        end = _month_end(yy, q.month)
    if not q.year and q.published and end.replace(day=1) > q.published:
        end = end.replace(year=yy - 1)
    if not n:
        return None
    unit = m.group(2)
    if unit in ("day", "week"):
        return end - timedelta(days=n * (7 if unit == "week" else 1) - 1), end
    s_m = end.month - n * _MONTHS_IN.get(unit, 1) + 1
    return date(end.year + (s_m - 1) // 12, (s_m - 1) % 12 + 1, 1), end


def _month_range(q: _Period) -> tuple[date, date] | None:
    """'the October-December quarter', 'January-February 2025': the months spanned."""
    m = _MONTH_RANGE.search(q.t)
    if not (q.month and m):
        return None
    m_a, m_b = _MONTH_NUM[m.group(1)[:3]], _MONTH_NUM[m.group(2)[:3]]
    yy = q.year or (q.published.year if q.published else None)
    if not yy:
        return None
    if not q.year and q.published and date(yy, m_a, 1) > q.published:
        yy -= 1
    return date(yy - (m_a > m_b), m_a, 1), _month_end(yy, m_b)


def _first_n_months(q: _Period) -> tuple[date, date] | None:
    """'the first nine months of 2024': January to the n-th month."""
    m = _FIRST_N_MONTHS.fullmatch(q.t)
    if not (m and (q.published or q.year)):
        return None
    n = _count(m.group(1))
    yy = q.year or (q.published.year - 1 if m.group(3) else q.published.year)  # type: ignore[union-attr]
    return (date(yy, 1, 1), _month_end(yy, n)) if 1 <= n <= 12 else None


def _month_quarter(q: _Period) -> tuple[date, date] | None:
    """'the December quarter': the three months ending with that month."""
    if not (q.month and re.search(r"\bquarter\b", q.t)):
        return None
    p = q.published
    yy = q.year or (p.year if p else None)
    if not yy:
        return None
    end = _month_end(yy, q.month)
    if not q.year and p and end - timedelta(days=88) > p:
        end = _month_end(yy - 1, q.month)
    s = end.replace(day=1)
    for _ in range(2):
        s = (s - timedelta(days=1)).replace(day=1)
    return s, end


def _named_month(q: _Period) -> tuple[date, date] | None:
    """'in February', 'in March 2024', 'last March': that month (the most recent one by publication when no
    year); 'since March' runs to publication. Not 'March 3', a span of months or a quarter."""
    p, mo, t = q.published, q.month, q.t
    if not mo or _ORDINAL_QUARTER.search(t) or _Q_CODE.search(t) or _MONTH_RANGE.search(t) or \
            re.search(r"\bquarter\b", t) or \
            (q.year or p) and (_SPAN_ENDING.search(t) or _FIRST_N_MONTHS.fullmatch(t)):
        return None
    if not ((q.year or p) and not re.search(r"\d{1,2}(?:st|nd|rd|th)?$", t) or q.year):
        return None
    yy = q.year
    if yy is None and p is not None:
        yy = p.year if mo <= p.month else p.year - 1
        if q.t.startswith("last ") and mo == p.month:
            yy -= 1
    assert yy is not None
    s, e = date(yy, mo, 1), _month_end(yy, mo)
    if q.since:
        return (s, p) if p and p >= s else None
    return s, (min(e, p) if p and s <= p <= e else e)


_DAY_WORDS = r"(" + MONTHS_RE.lower() + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+((?:19|20)\d\d))?"
_DATE_RANGE = re.compile(r"^(?:between\s+)?" + _DAY_WORDS + r"\s+(?:and|to|until|through)\s+" + _DAY_WORDS + "$")


def _date_range(q: _Period) -> tuple[date, date] | None:
    """'between May 9 and Dec. 31', 'from June 1 to Nov. 30, 2027': those days, in the year written, else the
    publication year (the end in the next year when it comes before the start)."""
    m = _DATE_RANGE.match(q.t)
    year = int(m.group(3) or m.group(6) or 0) if m else 0
    year = year or (q.published.year if q.published else 0)
    if m is None or not year:
        return None
    end_year = int(m.group(6) or year)
    try:
        start = date(year, _MONTH_NUM[m.group(1)[:3]], int(m.group(2)))
        end = date(end_year, _MONTH_NUM[m.group(4)[:3]], int(m.group(5)))
        if end < start and not m.group(6):
            end = end.replace(year=end_year + 1)  # 'between Nov. 15 and Feb. 28': into the next year
    except ValueError:
        return None  # no such day ('Feb. 29' of a year that has none)
    return (start, end) if end >= start else None


def _month_day(q: _Period) -> tuple[date, date] | None:
    """'on March 3': that day, the most recent such date on or before publication."""
    p = q.published
    dm = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?$", q.t)
    if not (q.month and p and dm):
        return None
    try:
        d = date(p.year, q.month, int(dm.group(1)))
        return (date(p.year - 1, q.month, d.day) if d > p else d,) * 2
    except ValueError:
        return None


def _half(q: _Period) -> tuple[date, date] | None:
    """'the first half of 2010', 'H2'."""
    m = re.search(r"\b(?:(first|second)[- ]half|h([12]))\b", q.t)
    if not m:
        return None
    p = q.published
    yy = q.year or (p.year if p else None)
    if not yy:
        return None
    first = m.group(1) == "first" or m.group(2) == "1"
    if not q.year and p and date(yy, 1 if first else 7, 1) > p:
        yy -= 1
    return (date(yy, 1, 1), date(yy, 6, 30)) if first else (date(yy, 7, 1), date(yy, 12, 31))


def _reference_year(q: _Period) -> tuple[date, date] | None:
    """'2021 peak': the year of the reference point; a bare '2010', 'fiscal 2010': that year."""
    if q.year and (re.search(r"\b(?:peak|high|low|level|close)\b", q.t) or re.fullmatch(
            r"(?:fiscal |financial |calendar )?(?:year )?(?:19|20)\d\d", q.t)):
        return date(q.year, 1, 1), date(q.year, 12, 31)
    return None


_TO_DATE = {
    "year": r"(?:so far |earlier )?this year|year[- ]to[- ]date|ytd|(?:the )?(?:start|beginning) of (?:the|this) year",
    "month": r"(?:so far |earlier )?this month|month[- ]to[- ]date|mtd|(?:the )?(?:start|beginning) of (?:the|this) "
             r"month",
    "quarter": r"(?:so far |earlier )?this quarter|quarter[- ]to[- ]date|qtd|(?:the )?(?:start|beginning) of "
               r"(?:the|this) quarter",
    "week": r"(?:so far |earlier )?this week|week[- ]to[- ]date|wtd|(?:the )?(?:start|beginning) of (?:the|this) week",
}


def _to_date(q: _Period) -> tuple[date, date] | None:
    """'this year', 'month-to-date', 'the start of the quarter': from the unit's start to publication;
    'by year-end': from publication to the year's end."""
    p = q.published
    if p is None:
        return None
    starts = {"year": date(p.year, 1, 1), "month": p.replace(day=1),
              "quarter": _quarter(p.year, (p.month - 1) // 3 + 1)[0], "week": p - timedelta(days=p.weekday())}
    for unit, pattern in _TO_DATE.items():
        if re.fullmatch(pattern, q.t):
            return starts[unit], p
    if re.fullmatch(r"(?:by |at )?(?:the )?(?:year[- ]end|end of (?:the|this) year)", q.t):
        return p, date(p.year, 12, 31)
    return None


def _last_unit(q: _Period) -> tuple[date, date] | None:
    """'last year' (the calendar year), 'past year' (the 12 months to publication), 'last week', 'last quarter'."""
    p, t = q.published, q.t
    if p is None:
        return None
    if t == "last year":
        return date(p.year - 1, 1, 1), date(p.year - 1, 12, 31)
    if t in ("previous year", "past year"):
        return _shift_years(p, 1), p
    back = {"past week": 7, "past month": 30, "past quarter": 91}.get(t)
    if back:
        return p - timedelta(days=back), p
    if t in ("last quarter", "previous quarter"):
        n = (p.month - 1) // 3 + 1
        return _quarter(p.year, n - 1) if n > 1 else _quarter(p.year - 1, 4)
    if t in ("last week", "previous week"):
        monday = p - timedelta(days=p.weekday())
        return monday - timedelta(days=7), monday - timedelta(days=1)
    if t in ("last month", "previous month"):
        prev_end = p.replace(day=1) - timedelta(days=1)
        return prev_end.replace(day=1), prev_end
    return None


def _day(q: _Period) -> tuple[date, date] | None:
    """'Friday', 'last Friday', 'today', 'now', 'yesterday', 'tomorrow': one day by publication."""
    p, t = q.published, q.t
    if p is None:
        return None
    m = re.fullmatch(r"(?:(last|past|previous) )?(\w+day)", t)
    if m and m.group(2) in _DAYS:
        back = (p.weekday() - _DAYS.index(m.group(2))) % 7 or (7 if m.group(1) else 0)
        return (p - timedelta(days=back),) * 2
    if t in ("today", "now", "currently"):
        return p, p
    if t == "yesterday":
        return (p - timedelta(days=1),) * 2
    if t == "tomorrow":
        return (p + timedelta(days=1),) * 2
    return None


def _n_units(q: _Period) -> tuple[date, date] | None:
    """'five-year', 'past 3 months': that long, up to publication."""
    m = re.fullmatch(r"(?:(?:past|last|previous) )?(\w+)[- ](year|month|week|day)s?", q.t)
    p = q.published
    if not (m and p and (n := _count(m.group(1)))):
        return None
    unit = m.group(2)
    if unit == "year":
        return _shift_years(p, n), p
    if unit == "month":
        return p - timedelta(days=round(30.44 * n)), p
    return p - timedelta(days=n * (7 if unit == "week" else 1)), p


_BOUNDARY = re.compile(r"(?:at |before )?(?:the )?(end|start|beginning|early|mid|middle|late)(?:-| of | )"
                       r"(?:fiscal |financial )?((?:19|20)\d\d)")
_PART_OF_YEAR = {"end": (12, 12), "start": (1, 1), "beginning": (1, 1), "early": (1, 4), "mid": (5, 8),
                 "middle": (5, 8), "late": (9, 12)}


def _year_part(q: _Period) -> tuple[date, date] | None:
    """'by the end of 2026' -> December 2026, 'mid-2027' -> May to August 2027, 'late 2008' -> September to
    December 2008."""
    m = _BOUNDARY.fullmatch(q.t)
    if not m:
        return None
    first, last = _PART_OF_YEAR[m.group(1)]
    y = int(m.group(2))
    return date(y, first, 1), _month_end(y, last)


_YEAR_SPAN = re.compile(rf"({_Y}) (?:and|to|through) ({_Y})$")


def _year_span(q: _Period) -> tuple[date, date] | None:
    """'between 2019 and 2023', 'from 2020 to 2024': the first day of the first year to the last of the second."""
    m = _YEAR_SPAN.search(q.t)
    if m is None:
        return None
    first, last = int(m.group(1)), int(m.group(2))
    return (date(first, 1, 1), date(last, 12, 31)) if first <= last else None


_RESOLVERS: tuple[_Resolver, ...] = (_date_range, _year_span, _ordinal_quarter, _span_ending, _month_range,
                                     _first_n_months, _month_quarter, _named_month, _month_day, _half,
                                     _reference_year, _year_part, _to_date, _last_unit, _day, _n_units)
