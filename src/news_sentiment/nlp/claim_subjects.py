"""What a number is about: the subject of a claim.

:class:`SubjectResolver` walks spaCy's dependency parse from the number to the noun phrase it measures, helped by
the linked entity mentions and a little coreference ('its', 'the gauge', 'the basket', 'the company', 'the
carmaker'); :func:`cut_verb_phrase` and :func:`macro_subject` tidy the name it finds. When a learned ranker
(:mod:`subject_rank`) is given, the rules' answer is one candidate among the parse's, and the ranker chooses.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from news_sentiment.nlp.claim_rules import (DOWN_WORDS, M_RATE_FOOTER, MONTHS, MOVE_NOUN_AFTER, MOVE_VERB,
                                             STATISTICS_OFFICE, UP_WORDS)
from news_sentiment.nlp.headline_source import SOURCE_AT_END, headline_source
from news_sentiment.nlp.numbers import NumExpr
from news_sentiment.nlp.pipeline import doc_text
from news_sentiment.nlp.records import Mention
from news_sentiment.nlp.rulebook import Rule
from news_sentiment.nlp.subject_forms import COMMODITY_WORDS as COMMODITY_NAMES
from news_sentiment.nlp.subject_roles import FORECASTER, Role, is_forecaster, mention_roles, stands_aside
from news_sentiment.nlp.vocab import Unit

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

    from news_sentiment.nlp.subject_rank import SubjectRanker

Found = tuple[str | None, str | None]  # (subject name, entity kind)
NOTHING: Found = (None, None)

# ----------------------------------------------------------------------------- vocabularies
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
# the word of a forecast or a call alone ('target' of 'target cut to Rs 455', 'the estimate'): what a call sets, never
# whose figure it is
ARTICLES = frozenset({"the", "a", "an", "its", "their"})
CALL_WORDS = frozenset({"target", "targets", "estimate", "estimates", "forecast", "forecasts", "outlook", "guidance",
                        "projection", "projections", "objective"})
COREF_NOUNS = {"scrip": None, "share": None, "gauge": "index", "index": "index", "benchmark": "index", "measure": "index", "basket": "basket",
               "cohort": "basket", "group": None, "company": None, "firm": None, "lender": None, "bank": None,
               "carmaker": None, "automaker": None, "chipmaker": None, "insurer": None, "retailer": None,
               "brewery": None, "stock": None, "shares": None, "indexes": "index", "bullion": "commodity",
               "currency": "currency"}
TIME_WORDS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december", "quarter", "year", "month", "week", "day", "period", "half", "time", "today",
              "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "session",
              "morning", "afternoon", "evening", "yesterday", "tomorrow", "weekend"}
# descriptions of the firms that rate, forecast or are cited ('the broker'): never resolved away from them
FORECASTER_NOUNS = {"broker", "brokerage", "bank", "house", "firm", "researcher", "consultancy", "provider"}
COMMODITY_WORDS = {"prices", "metal", "bullion", "commodity", "futures"}  # what a commodity is called again
_CODE = re.compile(r"[A-Z0-9]{1,6}\.[A-Z]{1,2}|\.[A-Z0-9]{2,8}")  # an instrument code ('ASHC.L', '.SPX')
_LONGEST_NAME = 120  # characters: how far back a mention holding a given word may start
EARLIER_NAMES = 30  # mentions of earlier sentences offered to the ranker, besides the headline's
PRONOUNS = {"it", "its", "they", "their", "them", "itself"}
SUBORDINATORS = {"as", "because", "after", "while", "since", "when", "amid", "though", "although", "whereas"}
CROWDS = {"analysts", "analyst", "investors", "economists", "strategists", "people", "sources", "officials"}
# a capital named for its government ('Tokyo sets a deficit goal') stands for the country in macro figures
CAPITAL_COUNTRY = {"Beijing": "China", "Washington": "United States", "Tokyo": "Japan", "New Delhi": "India",
                   "Delhi": "India", "Berlin": "Germany", "Paris": "France", "London": "United Kingdom",
                   "Moscow": "Russia", "Ottawa": "Canada", "Seoul": "South Korea", "Taipei": "Taiwan",
                   "Brussels": "Euro zone", "Canberra": "Australia", "Brasilia": "Brazil", "Rome": "Italy",
                   "Madrid": "Spain", "Ankara": "Turkey", "Jakarta": "Indonesia", "Hanoi": "Vietnam"}
DEMONYMS = {"chinese": "China", "american": "United States", "us": "United States", "u.s.": "United States",
            "japanese": "Japan", "indian": "India", "german": "Germany", "french": "France", "british": "United Kingdom",
            "uk": "United Kingdom", "korean": "South Korea", "european": "Euro zone", "euro-zone": "Euro zone",
            "eurozone": "Euro zone", "canadian": "Canada", "australian": "Australia", "brazilian": "Brazil",
            "russian": "Russia", "swiss": "Switzerland", "italian": "Italy", "spanish": "Spain",
            "taiwanese": "Taiwan", "mexican": "Mexico", "south african": "South Africa"}
CURRENCY_CAPS = {"EUR", "USD", "NOK", "SEK", "INR", "GBP", "HKD", "JPY", "CNY", "BSE", "NSE"}
CURRENCY_NAMES = {"Rs", "Rs.", "Re", "Rp", "Rmb", "HK$", "US$", "C$", "A$", "S$"}  # never a company's name
FORECAST_KINDS = ("company", "index", "commodity", "basket", "product")  # what a forecast or rating is about
# an economy's short name, as national statistics are named ('US GDP', 'UK inflation')
SHORT_PLACE = {"United States": "US", "United Kingdom": "UK", "Britain": "UK", "Great Britain": "UK",
               "England": "UK", "Euro zone": "euro zone", "Eurozone": "euro zone"}
# a central bank stands for its economy when the figure is the economy's (its inflation target, its GDP forecast)
BANK_ECONOMY = {"Federal Reserve": "US", "Fed": "US", "FOMC": "US", "Federal Open Market Committee": "US",
                "European Central Bank": "euro zone", "ECB": "euro zone", "Bank of England": "UK", "BoE": "UK",
                "Bank of Japan": "Japan", "BOJ": "Japan", "People's Bank of China": "China", "PBOC": "China",
                "Reserve Bank of India": "India", "RBI": "India", "Bank of Canada": "Canada",
                "Reserve Bank of Australia": "Australia", "RBA": "Australia", "Swiss National Bank": "Switzerland",
                "South African Reserve Bank": "South Africa", "SARB": "South Africa", "Bank of Korea": "South Korea",
                "Reserve Bank of New Zealand": "New Zealand", "Norges Bank": "Norway", "Riksbank": "Sweden",
                "Banxico": "Mexico", "Bank of Mexico": "Mexico"}

RIC_MARKUP = re.compile(r"\s*<[^<>\s]{1,16}(?:>|$)")  # a wire's instrument code: 'Orrel Motors <ORL.N>'
STOCK_TAIL = re.compile(r"(?:\s*['’]s)?(?:\s+(?:shares|stock|ADRs))?\s*")  # "Orrel's shares" is Orrel

# ----------------------------------------------------------------------------- rules (patterns as data)
SMALL_CLAUSE = Rule(
    "subject.small_clause",
    r"(?:\s*['’]s)?(?:\s+(?:shares|stock|stocks|ADRs|index|gauge))?\s*,?\s+(?:(?:is|are|was|were|has been|have been|"
    r"now|still|already|closed|ended|finished|trading|traded)\s+)*(?:up|down|higher|lower|off|rising|falling|gaining|"
    r"losing|climbing|sliding|dropping|jumping|surging|rallying|advancing|declining|sinking|tumbling|slumping|"
    r"soaring|plunging)\s+(?:by\s+)?(?:(?:about|around|roughly|nearly|almost|more than|over|less than|some|"
    r"just over|just under|as much as|at least)\s+)?",
    examples=(" shares up ", " closed higher by about ", "'s stock, now down more than "))
TARGET_FOR = Rule(
    "subject.target_for",
    r"\b(?:targets?|forecasts?|estimates?|outlook|projections?|guidance)\s+(?:for|on)\s+",
    examples=("Delmar Bank raised its target for the Arden 40 index to 9,000",
              "cut its price target on Quillmark to $45"))
TARGET_GAP = Rule(
    "subject.target_gap", r"\s*(?:to|at|of|is|was|at about|to about|from)?\s*(?:[\w.]+\s+){0,2}",
    examples=(" to ", " at about "))
AT_LEVEL = Rule(
    "subject.at_level",
    r"\s+(?:(?:steady|stays?|seen|trades?|trading|ends?|closes?|closed|ended|is|was)\s+)?"
    r"(?:at|near|around|above|below|over|under)\s+(?:about\s+|around\s+)?",
    examples=(" seen at ", " steady above ", " near "))
POSSESSIVE_GAP = Rule(
    "subject.possessive_gap", r"\s?['’]s\s+(?:[\w-]+\s+){0,3}",
    examples=("'s more than ", "’s five-year "))
PLACE_SPEAKS = Rule(
    "subject.place_speaks", r"\b(?:said|says|announced|plans?|would|will|vowed|pledged)\b",
    examples=("Norland said it would impose levies",))
REPORTING_VERB = Rule(
    "subject.reporting_verb",
    r"(?:say|said|says|report(?:s|ed)?|announc(?:e|es|ed)|post(?:s|ed)?|expect(?:s|ed)?|forecast(?:s|ed)?|"
    r"told|tells?|stat(?:e|es|ed)|disclos(?:e|es|ed))",
    examples=("reported", "says"))
PERIOD_TOKEN = Rule(
    "subject.period_token", r"(?:Q[1-4]|H[12]|FY\d*|9M)", examples=("Q3", "FY24"), flags=0)
PERIOD_OR_MONTH = Rule(
    "subject.period_or_month", r"(?:Q[1-4]|H[12]|FY\S*|9M|" + MONTHS + r")", examples=("Sept", "H1"), flags=0)
TRAILING_PERIODS = Rule(
    "subject.trailing_periods", r"(?:\s+(?:Q[1-4]|H[12]|FY\d*|9M))+$", examples=("Orrel Q2",), flags=0)
# a definite description of a business names the company mentioned earlier ('the Dutch chipmaker')
DESCRIPTION = Rule(
    "subject.description",
    r"(?:company|firm|group|conglomerate|giant|\w+maker|maker|producer|manufacturer|retailer|lender|bank|insurer|"
    r"carrier|airline|operator|provider|miner|developer|supplier|brewer|brewery|chain|startup|start-up|utility|"
    r"outfit|house|business|multinational|automaker|exporter|importer|refiner|distributor|owner|platform|landlord|"
    r"homebuilder|builder|shipper|explorer|telco|reit|fund|store|biotech)",
    examples=("conglomerate", "carmaker", "miner", "landlord"))
# a stock exchange is where a company lists, never the company a description ('the company', 'the group') names
EXCHANGE = Rule(
    "subject.exchange_name",
    r"(?:Nasdaq|NYSE|Euronext|HKEX|SGX|ASX|TSX|JPX|LSE|Cboe|CME)(?:\s+(?:Inc\.?|Group|Stock\s+Market))?|"
    r".*\b(?:Exchange|Bourse|B[öo]rse)\b.*",
    examples=("Nasdaq", "London Metal Exchange", "Deutsche Börse"), flags=0)
# a description resolved by kind ('the benchmark' is an index, 'the company' a company), to the most salient
# earlier name of that kind: the last sentence naming one, there its main clause's subject first
DESCRIBED_BY_KIND = Rule(
    "subject.described_by_kind", r"(?:the|this|that)\s+(?:\w+\s+){0,3}?\w+",
    examples=("the benchmark", "the Danish drugmaker"))
# 'bullion' is gold ('Gold rose 1% while silver added 2% ... Bullion has gained 24% this year')
BULLION = Rule("subject.bullion_is_gold", r"bullion", examples=("Bullion has gained 24% this year",))
CURRENCY_DESCRIBED = Rule(
    "subject.currency_described", r"(?:the|this)\s+(?:local\s+|single\s+)?currency",
    examples=("The currency has lost 5% this year",))
# a named part of the company named before keeps its own name (the guide): 'its asthma drug Brelvia', 'its
# Kestrel payments business', 'the merged company' are not the parent
NAMED_PART = Rule(
    "subject.named_part",
    r"unit|division|business|arm|subsidiary|segment|operations?|plant|site|factory|mine|project|fund|drug|brand|"
    r"store|chain|app|platform|service|franchise|network|venture|label|line",
    examples=("its Kestrel payments business", "its North Harbour plant"))
WHOLE_WORDS = frozenset({"core", "main", "own", "whole", "entire", "overall", "total", "existing", "underlying",
                         "other", "biggest", "largest", "new", "global"})  # 'its core business' is the company's
MERGED_ENTITY = Rule(
    "subject.merged_entity", r"(?:combined|merged|enlarged)\s+(?:group|company|entity|business|firm)",
    examples=("the combined group", "the merged company"))
# a figure in a coordinated clause with its own subject is that subject's ('the 10-year yield fell 2bp and the
# 30-year yield fell 1.5bp', 'Orrel shed 1.8%, while Quillmark's shares plunged 32%', 'with Orrel down 5% and
# Quillmark down 9%'), not the first clause's
CLAUSE_WINDOW = 500  # characters before a figure searched for the clause it opens
OWN_CONJUNCT = Rule(
    "subject.own_conjunct", r"(?:,\s*|\s)(?P<w>and|but|while|whereas)\s+|;\s*|(?P<comma>,)\s+",
    examples=(" and the 30-year yield fell", ", while Quillmark's shares plunged", ", the Arden 40 lost"), flags=0)
PAIRED = re.compile(r"\brespectively\b|^\s*(?:and|,)\s*(?:about\s+)?[-$€£\d]")  # 'rose 2% and 3%, respectively'
NP_POS = frozenset({"DET", "ADJ", "NOUN", "PROPN", "NUM", "PART", "PUNCT"})  # a plain noun phrase: no 'of', no verb
NOT_WHOSE = frozenset({"volumes", "cap", "mcap", "m-cap", "valuations", "sales", "imports", "exports"})
# a survey's share is about the people polled: '85% of economists polled by Reuters said ...'
POLL_SHARE = Rule(
    "subject.poll_share",
    r"\s*(?:%|percent|per\s+cent)\s+of\s+(?:the\s+)?(?P<np>[a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+(?:polled|surveyed|"
    r"asked|questioned|interviewed|who\s+responded|said|say|expect|expected|see|saw|think|thought|believe|plan|"
    r"planned)\b",
    examples=("% of economists polled by Reuters said", " percent of respondents said"))
# a count of the people a poll asked is the poll's figure: '21 of 24 economists in a Reuters poll', '14 strategists
# polled by Reuters'
NAME = r"[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*"
POLL_COUNT = Rule(
    "subject.poll_count",
    r"\s+(?:of\s+(?:the\s+)?[\d,]+\s+)?(?:[a-z-]+\s+)?(?:economists|analysts|strategists|fund\s+managers|"
    r"respondents|traders|investors)\s+(?:(?:in|from)\s+an?\s+(?P<a>" + NAME + r")\s+(?:poll|survey)\b|"
    r"(?:polled|surveyed)\s+by\s+(?P<b>" + NAME + r"))",
    examples=(" of 24 economists in a Reuters poll", " equity strategists polled by Reuters"), flags=0)
# ... and with no pollster named, the people polled as written: 'as 19 of 23 economists polled had expected', 'all
# 30 analysts in a survey' (the corpus's gold: 'economists polled', 'economists', 'economists in a poll')
POLL_COUNT_UNNAMED = Rule(
    "subject.poll_count_unnamed",
    r"\s+(?:of\s+(?:the\s+)?[\d,]+\s+)?(?:[a-z-]+\s+)?(?P<np>(?:economists|analysts|strategists|fund\s+managers|"
    r"respondents|traders|investors)\s+(?:polled|surveyed|(?:in|from)\s+an?\s+(?:poll|survey)))\b(?!\s+(?:by|of)\b)",
    examples=(" of 23 economists polled had expected", " analysts in a survey"), flags=0)
# money that flows into or out of funds is the funds' figure, not the investors' ('Investors poured $38 billion into
# U.S. equity funds', 'led by $19.8 billion of inflows into large-cap funds'; the weekly fund-flow report)
FLOW_INTO = Rule(
    "subject.flow_into",
    r"\s*(?:(?:of|in)\s+)?(?:net\s+)?(?:(?:inflows?|outflows?|redemptions|withdrawals|new\s+money)\s+)?"
    r"(?:into|from|out\s+of)\s+(?P<np>(?:the\s+)?(?:[\w.&'’-]+\s+){0,4}?(?:funds?|ETFs?|mutual\s+funds|"
    r"money[- ]market\s+funds|equities|bonds))\b",
    examples=(" into U.S. equity funds in the week", " of inflows into large-cap funds", " from global bond funds"))
FLOW_VERB = Rule(
    "subject.flow_verb",
    r"\b(?:poured|pumped|put|plowed|ploughed|invested|funnell?ed|pulled|withdrew|yanked|redeemed|took|added|"
    r"ploughing|pouring|pulling)\s+(?:(?:a\s+)?net\s+|about\s+|nearly\s+|some\s+|roughly\s+|almost\s+)*$|"
    r"\b(?:led\s+by|including|with)\s+$",
    examples=("Investors poured a net ", "Investors have pulled ", ", led by "))
# speculators' positions in a market are that market's figure ('raised their net long positions on the Japanese yen
# to 142,318 contracts', 'cut their net short position in copper to')
POSITION_IN = Rule(
    "subject.position_in",
    r"\b(?:net\s+)?(?:long|short|bullish|bearish)\s+(?:positions?|bets|wagers)\s+(?:on|in)\s+"
    r"(?P<np>(?:the\s+)?(?:[\w.'’-]+\s+){0,3}?[\w.'’-]+)(?:\s*<[^<>]{1,20}>)?\s+(?:to|at|of|by)\s+"
    r"(?:about\s+|around\s+|nearly\s+)?$",
    examples=("raised their net long positions on the Japanese yen to ", "cut their net short position in copper to "))
# a market-implied chance that an institution acts is about the institution ('Traders now see a 78% probability that
# the Federal Reserve cuts its benchmark rate')
CHANCE_THAT = Rule(
    "subject.chance_that",
    r"\s+(?:probability|chance|likelihood|odds)\s+(?:that|of)\s+(?:the\s+)?(?P<np>[A-Z][\w.&'’-]*"
    r"(?:\s+(?:of\s+)?[A-Z][\w.&'’-]*){0,4})\s+(?:will\s+|would\s+|could\s+)?(?:cut|cuts|cutting|raise|raises|"
    r"raising|hike|hikes|hiking|lower|lowers|ease|eases|easing|hold|holds|keep|keeps|tighten|tightens|act|acts|move|"
    r"moves|deliver|delivers)\b",
    examples=(" probability that the Federal Reserve cuts", " chance that the Bank of England will hike"), flags=0)
# 'its' after a company that no entity was linked for ('Fallowfield REIT said the value of its portfolio fell'): it
UNLINKED_SUBJECT = Rule(
    "subject.unlinked_subject", NAME + r"\s+(?:said|says)\s+(?:\w+\s+)*?its\b",
    examples=("Fallowfield REIT said the value of its portfolio fell",), flags=0)
# a place or an exchange that owns a named thing is not the thing: "Japan's Nikkei share average rose 1.8%", "the
# Norland Stock Exchange's All-Share index" are the index's figures
PLACE_OWNED = Rule(
    "subject.place_owned", r"[A-Z][\w&. -]*['’]s\s+(?:[\w-]+\s+){0,2}?(?:[A-Z][\w-]*|[\w-]*\d[\w-]*)\b",
    examples=("Japan's Nikkei share average", "the Norland Stock Exchange's All-Share index"), flags=0)
INDEX_HEADS = frozenset({"index", "average", "gauge", "benchmark", "composite"})


def _place_or_exchange(m: Mention) -> bool:
    """A place or a stock exchange: where a named thing is, not whose figure it is ("Japan's Nikkei")."""
    return m.kind == "place" or bool(EXCHANGE.regex.fullmatch(m.name))


# a target, an upside or a downside is the rated company's figure, never the rating firm's: 'Fenwick set a price target
# of 1,850 pence on Orrel Foods', 'sees 15% upside in Orrel', 'with a $41 target, implying 27% downside'
# a second forecaster's call on what the sentence's first figure was about ('..., while Fenwick sees a 4% rise')
PARALLEL_FORECAST = Rule("subject.parallel_forecast", r"(?:,\s*|\s)(?:while|whereas|and|but)\s+$",
                         examples=("grow 6%, while ",), flags=0)
# a table or a movers list: a signed figure right after a name, or a bracketed percentage, is that name's ('Orrel +8%,
# Tamsin -5%', 'Movers: Orrel (+8.1%), Quill (-2%)', '$ORL (2.5% pre)'); not '65 Fahrenheit (18 Celsius)'
# ... or a move set off by a comma after a name and its instrument code ('Marlo Services <MRL.L>, surging 8.1%'; not
# 'at the bottom of the STOXX 600, losing 6.5%', where the index is a place in a ranking)
LIST_ENTRY = Rule("subject.list_entry",
                  r"\s*\(?\s*(?P<sign>[+\-−])|\s*\(\s*|\s*<[^<>\s]{1,20}>,\s+(?:up|down|surging|soaring|jumping|"
                  r"rising|climbing|gaining|falling|sliding|slipping|dropping|tumbling|sinking|losing|adding|shedding)"
                  r"\s+(?:by\s+)?(?:about\s+|nearly\s+|almost\s+|more\s+than\s+|over\s+|around\s+)?",
                  examples=(" +", " (", " (-", "(", " <MRL.L>, surging ", " <DNH.L>, up by "), flags=0)
# a cause that moves what it names, right before the figure ('Spot demand lifts sugar futures 2.22%', 'Fed taper
# pulls down Sensex by 149 pts', 'exports boost Wockhardt shares by over 30 per cent'): the moved thing's figure
CAUSE_MOVES = Rule(
    "subject.cause_moves",
    r"\b(?:lifts?|lifted|drags?(?:\s+down)?|dragged(?:\s+down)?|push(?:es|ed)?(?:\s+(?:up|down))?|"
    r"pulls?(?:\s+(?:up|down))?|pulled(?:\s+(?:up|down))?|props?\s+up|boosts?|boosted|drives?\s+(?:up|down)|"
    r"drove\s+(?:up|down)|knocks?(?:\s+down)?|sends?|sent)\s+(?P<obj>(?:[\w&'’.-]+\s+){0,5}?[\w&'’.-]+)\s+"
    r"(?:(?:up|down|higher|lower)\s+)?(?:by\s+)?(?:(?:over|nearly|about|almost|around|more\s+than)\s+)?"
    r"(?:Rs\.?\s?|[$€£])?$",
    examples=("Spot demand lifts sugar futures ", "Fed taper pulls down Sensex by ", "Ample stocks drag down chana "
              "futures by ", "exports boost Wockhardt shares by over "))
_COMMODITY = re.compile(r"(?:[a-z]+\s+){0,2}(?:" + COMMODITY_NAMES + r")")  # 'sugar', 'crude palm oil', 'lead'
MARKET_TAIL = re.compile(r"\s+(?:futures|shares|stocks?|prices?|scrip)$", re.IGNORECASE)
# a group named by some of its members, the subject of the figure's clause ('Chipmakers such as Orrel and Quill fell
# 2%', 'Top banks, including Orrel <ORL.N> and Quill <QLL.N>, shed 3-5%', 'Regional lenders led by Orrel slid 4%'):
# the group's figure, not the last member's
GROUP_OF_MEMBERS = Rule("subject.group_of_members", r",?\s*(?:including|such\s+as|like|led\s+by|among\s+them)\s+",
                        examples=(" such as ", ", including ", " led by "))
# the same, in a wire's list of members with their instrument codes, which the parser cannot read
CODED_GROUP = Rule(
    "subject.coded_group",
    r"(?<![\w.&-])(?P<group>(?:(?!(?:in|of|for|on|at|with|by|to|from)\s)[A-Za-z][\w.&-]*\s+){0,5}?[a-z][\w-]*s),?\s+"
    r"(?:including|such\s+as|like|led\s+by)\s+(?P<list>(?:"
    r"[A-Z][\w.&'-]*(?:\s+(?:&\s+)?[A-Z][\w.&'-]*)*\s*<[^<>\s]{1,20}>(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s+)?)+?),?\s+"
    r"(?:(?:were|was|are|is|have|has|each|all)\s+)*(?:[a-z]+\s+){0,2}?(?:between\s+)?$",
    examples=("Chipmakers, including Orrel <ORL.DE> and Quill Semi <QLS.AS>, fell between ",
              "Top banks, including Orrel Bank <ORB.N> and Quill <QLL.N>, shed "))
GROUP_OPENS = re.compile(r"\s*|[\s\S]*(?:[,;:]|\b[Ss](?:hares|tocks) of)\s+")  # 'Shares of chipmakers, including'
# a sector's index or 'the group' in an absolute clause after its clause names the sector ('Banks lagged, with the
# sector index down 0.3%', 'Miners gave support, with the group rising 1.4%'): the sector's figure
SECTOR_WITH = Rule(
    "subject.sector_with",
    r"\bwith\s+the\s+(?:sector|group|industry)(?:['’]s)?(?:\s+(?:sub-?)?index)?(?:\s*<[^<>\s]{1,20}>)?\s+"
    r"(?:up|down|higher|lower|[a-z]+ing)\s+(?:by\s+)?(?:about\s+|nearly\s+|some\s+|almost\s+|around\s+)?$",
    examples=("Banks lagged, with the sector index down ", "with the group rising ", "with the sector <.SX7P> up "))
# a fine's amount ('slaps Rs 1 crore fine on', 'fined Orrel 14 million pounds', 'a penalty of $5 million'): the guide's
# subject is who is fined (subject_roles.RATED_BEFORE marks them), never the regulator
FINE_FIGURE = Rule(
    "subject.fine_figure",
    r"\b(?:fines|fined|penali[sz]e[sd])\s+(?:[\w&.'’-]+\s+){0,4}?(?:a\s+(?:total|combined|record)\s+(?:of\s+)?)?$|"
    r"\b(?:fine|penalty)\s+of\s+(?:about\s+|around\s+|nearly\s+)?$|\S{0,12}\s+(?:[\w-]+\s+)?(?:fine|penalty)\b",
    examples=("The watchdog fined Rowley Capital ", " crore fine on", "a penalty of ", " million penalty"))
TARGET_FIGURE = Rule(
    "subject.rated_target",
    r"(?:(?:price\s+)?(?:target|objective|(?-i:PT))(?:\s+price)?\s+(?:(?:raised|lifted|boosted|increased|hiked|cut|"
    r"lowered|trimmed|reduced|slashed)\s+(?:by\s+)?(?:[\d.]+%\s+)?)?(?:(?:of|to|at)\s+(?:about\s+)?)?$)|"
    r"\S{0,12}\s+(?:(?:price\s+)?(?:target|objective)|(?-i:PT)|upside|downside)\b",
    examples=("a price target of ", "$65 target on", "% upside in", "trimmed its target to ", "Orrel PT raised to ",
              "price objective cut "))
# what a forecast is about, when it is a thing of its own and not a company's metric: 'Orrel Shipping expects global
# container demand to grow about 2%', 'forecast that global deal volume will climb 20%' (not 'expects revenue to rise')
FORECAST_NP = Rule(
    "subject.forecast_np", r"(?:sees?|saw|expects?|expected|forecasts?|predicts?|predicted|projects?|projected)",
    examples=("expects", "forecast"))
METRIC_QUALIFIERS = frozenset({"annual", "quarterly", "full-year", "yearly", "monthly", "first-half", "second-half",
                               "underlying", "organic", "adjusted", "operating", "net", "gross", "total", "overall",
                               "comparable", "like-for-like", "constant-currency", "same-store", "core", "recurring",
                               "reported", "currency"})  # a company's own metric, however qualified
# a headline's source after its last colon: 'Nifty may test 7,900: Jane Roe, Quill Securities'
SOURCE_TAIL = Rule("subject.source_tail", SOURCE_AT_END, examples=("Buy Tarvo at 310: Jane Roe, Quill Securities",),
                   flags=0)  # read through headline_source: after a colon, with a firm
# a bond yield that moved, named in the figure's own clause: 'the two-year yield <NL2YT=RR> slid 12 bps to 3.86%'
YIELD_MOVED = Rule(
    "subject.yield_moved",
    r"(?:^|[,;]\s+|\b(?:while|and|but|as|after|with)\s+)(?!(?:while|and|but|as|after|with)\b)"
    r"(?P<np>(?:[Tt]he\s+)?(?:[\w.'’&-]+\s+){0,4}?yields?(?:\s+on\s+(?:the\s+)?(?:[\w.'’&-]+\s+){0,3}?"
    r"(?:bonds?|gilts?|notes?|Bunds?|Treasur(?:y|ies)|JGBs?))?)"
    r"(?:\s*<[^<>]{1,20}>)?\s+(?:(?:has|had|was|were|also)\s+)?(?:" + UP_WORDS + "|" + DOWN_WORDS +
    r"|stood|ended|closed|hit|touched|reached|eased|edged)\b(?:(?!\b(?:after|as|while|when|and|but|than)\b)[^,;])"
    r"{0,50}$",
    examples=("The benchmark 10-year yield <NL10YT=RR> dropped 9 basis points to ", "while the two-year yield slid ",
              ", with the 30-year yield <GB30YT=RR> rising 3 bps to "))
YIELD_GAP = re.compile(r"(?:[Tt]he\s+)?(?:[\w-]+\s+)?(?:gap|spread|difference)\s+between\s+"
                       r"(?:[\w-]+\s+){1,3}(?:and\s+)?$")
# the distance between two yields or rates, moved to or stated as the figure: 'narrowing the gap between two- and
# 10-year yields to 37 bps', 'the spread between Italian and German 10-year yields was 92 bps' (the gap, not a side)
SPREAD_NAMED = Rule(
    "subject.spread_named",
    r"(?P<np>(?:[Tt]he\s+)?(?:[\w-]+\s+){0,3}?(?:gap|spread|difference)\s+between\s+(?:[\w.'’&-]+\s+){1,9}?"
    r"(?:yields?|rates?|bonds?|notes|gilts|Bunds|BTPs|Treasuries|twos|tens|fives|thirties))(?:\s*<[^<>]{1,20}>)?\s+"
    r"(?:(?:has|had|was|is|were|also|then)\s+)?(?:(?:to|at|of|by|near|around|stood\s+at|widened\s+to|"
    r"narrowed\s+to|(?:" + UP_WORDS + "|" + DOWN_WORDS + r")(?:\s+(?:to|by))?)\s+)(?:about\s+|around\s+|nearly\s+)?$",
    examples=("narrowing the gap between two- and 10-year yields to ",
              "The spread between Italian and German 10-year yields was at ", "the closely watched spread between "
              "10-year BTPs and Bunds narrowing to "))
BOND_YIELD = re.compile(r"\b(?:\d+|one|two|three|five|seven|ten|thirty)-year\b|\b(?:Treasury|gilt|Bund|JGB|bond|"
                        r"benchmark|sovereign|government)", re.IGNORECASE)
# a sentence that opens with a possessive pronoun and names nothing before its figure: the pronoun's entity, named
# before, is what the figure is about ('The Arden 40 rose 2%. Its three-year return is about 15%, while ...')
POSSESSIVE_OPENER = Rule(
    "subject.possessive_opener",
    r"\s*(?:Its|Their)\s+(?:[\w'’-]+\s+){0,5}?(?:(?:is|was|are|were|stands?|stood|reached|rose|fell|of|at|to|"
    r"now|about|around|nearly|roughly|more than|over|some)\s+){1,3}(?:[$€£]\s?)?",
    examples=("Its three-year return is about ", "Their combined market value stood at $", "Its shares rose "))
DECISIVE = frozenset({NAMED_PART.id, MERGED_ENTITY.id, POLL_SHARE.id, POLL_COUNT.id, POLL_COUNT_UNNAMED.id,
                      PLACE_OWNED.id, FORECAST_NP.id, YIELD_MOVED.id, SPREAD_NAMED.id,
                      FLOW_INTO.id, POSITION_IN.id, CHANCE_THAT.id})  # answers the ranker does not overrule
# a firm that revises its forecast or target for something: the figure is about what is forecast ('Delmar raised its
# 2026 copper forecast to $11,000', 'Fenwick cut its price target on Orrel to $40'), not the firm
FORECAST_REVISED = Rule(
    "subject.forecast_revised",
    r"\W{0,3}(?:(?:too|also|meanwhile|however|on\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|last\s+(?:week|month)|"
    r"this\s+(?:week|month))\W{1,3}|(?:in|like|as|after|with|according)\s[^,.;]{1,40},\s+)?"
    r"(?:(?:which|who)\s+)?(?:(?:also|now|has|have)\s+)?(?:raised|raises|raising|upped|ups|upping|lifted|lifts|"
    r"lifting|cut|"
    r"cuts|cutting|lowered|lowers|lowering|trimmed|trims|trimming|boosted|boosts|boosting|hiked|hikes|hiking|"
    r"revised|revises|revising|slashed|slashes|slashing|kept|keeps|keeping|held|holds|holding|maintained|"
    r"maintains|maintaining|reiterated|reiterates|reiterating)\s+(?:(?:its|their|the)\s+)?"
    r"(?P<what>(?:[\w&'’.-]+\s+){0,4}?)"
    r"(?:forecasts?|targets?|outlook|estimates?|projections?|views?)\b(?:\s+for\s+(?P<for>[a-z][\w-]*"
    r"(?:\s+[a-z][\w-]*){0,4}))?",
    examples=(" raised its 2026 copper forecast", " cut its price target", " lifted their year-end target",
              " kept its average gold price forecast", " raised its forecast for global oil demand growth",
              " keeps 2026 Brent forecast", " lowering its target", ", which raised its price target",
              ", too, raised its policy rate forecast", " on Tuesday cut its 2027 copper forecast",
              ", in a note to clients, raised its gold forecast"))
# a revised forecast right before its figure with no named reviser before it ('The house kept its gold forecast at')
UNVOICED_REVISION = Rule("subject.unvoiced_revision", FORECAST_REVISED.regex.pattern,
                         (" kept its average gold price forecast", " trimmed its silver forecast"))
CURRENCY_WORDS = (r"yuan|renminbi|yen|euro|dollar|greenback|rupee|real|peso|pound|sterling|won|ringgit|rupiah|"
                  r"franc|lira|rand|rouble|ruble|krona|krone|crown|koruna|baht|dong|shekel|zloty|forint|loonie|naira|"
                  r"shilling|dirham|riyal|dinar|hryvnia|leu|lev")
# what a firm's revised forecast is of, when no name says it: a market's thing ('its silver forecast', 'its
# forecast for global oil demand'), not a company's own figure ('its revenue forecast' is the company's guidance)
REVISED_OBJECT = Rule(
    "subject.revised_forecast_object",
    r"\b(?:" + COMMODITY_NAMES + r"|demand|supply|surplus|deficit|gdp|inflation|economy|economic growth|"
    r"interest rates?|policy rates?|yields?|exports|imports|home prices|house prices|recession)\b",
    examples=("average gold price", "global oil demand growth", "euro zone GDP"))
# a broker's own price target that names no company: on the company rated before it ('with Fenwick lowering its
# target to $26'; read in ``_broker_own_target``)
BROKER_TARGET = Rule("subject.broker_own_target", r"(?:price )?targets?", examples=("price target",))
RATING_WORDS = re.compile(r"\b(?:upgrad|downgrad|overweight|underweight|outperform|underperform|equal[- ]weight|"
                          r"brokerages?|brokers?|analysts?)", re.IGNORECASE)
# between a revised forecast's phrase and its figure: a short tail, no clause of its own ('to $33 from', 'unchanged at',
# 'in 2026 by 90,000 barrels per day to'; not ', expecting sales of')
REVISED_GAP = re.compile(r"(?:[^,;:.]|(?<=\d)[,.](?=\d)){0,70}")
REVISED_QUALIFIERS = re.compile(r"^(?:(?:\d[\w-]*|average|year-end|full-year|annual|fiscal|near-term|long-term|"
                                r"the)\s+)+",
                                re.IGNORECASE)
COMPANY_FIGURE = re.compile(r"\b(?:revenues?|sales|profits?|earnings|income|margins?|eps|ebitda|capex|spending|"
                            r"dividends?|deliveries|shipments|production|output|volumes?|orders|bookings|"
                            r"price targets?|targets?|ratings?|shares?|stock)\b", re.IGNORECASE)
TRANSACTION_VERB = Rule(
    "subject.transaction_actor",
    r"sell|sells|selling|sold|buy|buys|buying|bought|acquir(?:e|es|ed|ing)|purchas(?:e|es|ed|ing)|"
    r"offload(?:s|ed|ing)?|divest(?:s|ed|ing)?|dispos(?:e|es|ed|ing)|pick(?:s|ed|ing)?|tak(?:e|es|ing)|took|taken|"
    r"rais(?:e|es|ed|ing)|cut(?:s|ting)?|reduc(?:e|es|ed|ing)|increas(?:e|es|ed|ing)|boost(?:s|ed|ing)?|"
    r"trim(?:s|med|ming)?|lift(?:s|ed|ing)?|subscrib(?:e|es|ed|ing)|plac(?:e|es|ed|ing)|issu(?:e|es|ed|ing)|"
    r"repurchas(?:e|es|ed|ing)|unload(?:s|ed|ing)?|dump(?:s|ed|ing)?|exit(?:s|ed|ing)?|build(?:s|ing)?|built",
    examples=("sold", "acquiring", "trimmed"))
MACRO_WORDS = Rule(
    "subject.macro_words",
    r"\b(?:economy|inflation|gdp|growth|rates?|prices|unemployment|yields?|central bank|government)\b",
    examples=("Norland inflation",))
ECONOMY_WORDS = Rule(
    "subject.economy_figure",
    r"\b(?:inflation|(?:core\s+)?cpi|ppi|pce|consumer[- ]price(?:s| index)?|producer prices|gdp|gross domestic product|"
    r"economy|economic growth|growth|unemployment|jobless|payrolls?|jobs|employment|wages|hourly earnings|"
    r"retail sales|recession)\b",
    examples=("Norland's consumer price index rose 2.1%", "the economy grew 0.4%", "unemployment ticked up"))
POLICY_WORDS = Rule(
    "subject.policy_rate",
    r"\b(?:(?:policy|repo|interest|benchmark|key|deposit|lending|overnight|funds|bank)\s+rates?|basis[- ]points?|"
    r"bps|bp|rate\s+(?:hikes?|cuts?|increases?|rises?)|tightening|easing)\b",
    examples=("the central bank cut its deposit rate", "a 25 basis-point hike", "policy rate at 4%"))
# a currency that moves or stands at a level is the subject of its figure ("China's yuan firmed to 7.105 per dollar"
# is the yuan, not China; 'The real firmed 0.6%'): the currency word, with its demonym adjective if any
CURRENCY_MOVED = Rule(
    "subject.currency_moved",
    r"(?:^|[,;:]\s+|\b(?:and|while|as|but|with|the|The)\s+|['’]s\s+)(?P<cur>(?:(?:[A-Z][a-z]+|U\.S\.|US)\s+)?"
    r"(?:" + CURRENCY_WORDS + r"))(?:\s*<[^<>\s]{1,16}>)?\s+(?:(?:has|had|was|is|were|also|then)\s+)?"
    r"(?:(?:little|barely|largely)\s+)?(?:[a-z]+ed|rose|fell|slid|sank|hit|flat|steady|"
    r"stood|ended|closed|traded|steadied|weakened|strengthened|firmed|eased|slipped|gained|lost|dropped|climbed|"
    r"touched|to (?:appreciate|depreciate|weaken|strengthen|firm|rise|fall|drop|climb|slide|gain|hit|trade|"
    r"reach|test|breach|break))\s+(?:(?:about|around|roughly|nearly|almost|as much as|more than)\s+)?"
    r"(?:[\d.,]+\s?%?,?\s+"
    r"(?:or\s+)?)?(?:(?:higher|lower|up|down)\s+)?(?:(?:well|far|just|slightly)\s+)?"
    r"(?:(?:by|to|at|near|around|past|beyond|above|below)\s+)?"
    r"(?:(?:about|around|roughly|nearly|a record|a low of|a high of)\s+)?$",
    examples=("China's yuan firmed to ", "The real firmed 0.6% to ", ", while the Indian rupee fell ",
              "The yen weakened past ", "the franc to appreciate well beyond ",
              "China's yuan was little changed at ", "the euro <EUR=> slipped 0.2% to ",
              "sterling <GBP=> was flat at "),
    flags=0)
# a currency a forecaster puts at a level: 'Kestrel Bank sees the rupee at 88 per dollar', 'sees the pound at $1.38
# and the yen at 138'
CURRENCY_SEEN = Rule(
    "subject.currency_seen",
    r"(?:^|[,;]\s+|\b(?:and|the|The)\s+)(?P<cur>(?:[A-Z][a-z]+\s+)?(?:" + CURRENCY_WORDS + r"))\s+"
    r"(?:at|near|around)\s+(?:about\s+|around\s+|roughly\s+)?$",
    examples=("sees the rupee at ", "and the yen at ", ", euro at "), flags=0)
FORECAST_VERB = re.compile(r"\b(?:sees?|saw|expects?|forecasts?|predicts?|projects?|puts?|pegs?|targets?)\b",
                           re.IGNORECASE)
CURRENCY_NAMED = re.compile(r"\b(?P<cur>(?:(?:(?!The\b|A\b|An\b)[A-Z][a-z]+|U\.S\.|US)\s+)?(?:" + CURRENCY_WORDS
                            + r"))\b")
QUOTED_AGAINST = re.compile(r"\b(?:against|versus|vs\.?|per|to)\s+(?:the\s+)?$")  # 'fell against the dollar'
DEMONYM_RE = re.compile(r"\b(" + "|".join(re.escape(d) for d in sorted(DEMONYMS, key=len, reverse=True)) + r")(?!\w)",
                        re.IGNORECASE)


def _demonym(text: str, lo: int = 0, hi: int | None = None) -> str | None:
    """The country of the first demonym ('Japanese', 'U.S.') in ``text[lo:hi]``; the pronoun 'us' is none, nor is a
    spread's benchmark ('over U.S. Treasuries')."""
    for m in DEMONYM_RE.finditer(text, lo, len(text) if hi is None else hi):
        if m.group(1) != "us" and not _spread_benchmark(text, m.start(), m.end()):
            return DEMONYMS[m.group(1).lower()]
    return None
MOVE_NOUNS = (r"(?:increase|rise|gain|rally|advance|jump|surge|climb|rebound|return|drop|decline|fall|slump|"
              r"decrease|loss|plunge|slide|dip|selloff|sell-off|tumble|retreat)s?")
# the figure's own noun phrase names what it is about: 'a gain of more than 20% for the Arden 40', 'a 2% drop in
# Quillmark Foods'
FIGURE_NOUN_BEFORE = Rule(
    "subject.figure_noun_before", MOVE_NOUNS + r"\s+of\s+(?:[\w-]+\s+){0,3}?$",
    examples=("a gain of more than ", "a decline of about "))
FIGURE_FOR = Rule(
    "subject.figure_for", r"(?:%|\s*percent|\s*per\s+cent|\s*points?)?\s+(?:" + MOVE_NOUNS + r"\s+)?(?:for|in)\s+(?:the\s+)?",
    examples=("% for the ", " drop in ", " percent gain for "))
# a relative clause's figure is about its antecedent: 'trails the Arden 40, which rose more than 30%'
RELATIVE_OF = Rule(
    "subject.relative_of",
    r"(?:\s*['’]s\s+(?:shares|stock|index))?\s*,\s*(?:which|whose\s+(?:shares|stock|stocks|price|value)|that)\s+"
    r"(?:(?:has|have|had|was|were|is|are|also|now|already|itself)\s+)*(?:[a-z-]+\s+)(?:by\s+)?"
    r"(?:(?:about|around|roughly|nearly|almost|more than|over|less than|some|just over|just under|as much as|"
    r"at least)\s+)?",
    examples=(", which rose more than ", ", whose shares jumped ", ", which has gained about "))
# verbs that end a noun phrase in a subject ('Norland pledges support', 'Norland Sets'): cut the name there
SUBJECT_VERB = Rule(
    "subject.headline_verb",
    r"(?:sets?|pledges?|keeps?|holds?|signals?|says?|sees?|eyes|plans?|vows?|warns?|unveils?|launches|reports|"
    r"posts|beats|misses|hits|nears|cuts|raises|hikes|lifts|boosts|targets|expects|forecasts|predicts|slashes|"
    r"trims|lowers|announces|approves|rejects|agrees|buys|sells|acquires|invests|jumps|falls|rises|gains|drops|"
    r"slumps|surges|soars|tumbles|rallies|climbs|sinks|slides|dips|edges|rebounds|recovers|retreats|"
    r"considers|mulls|weighs|seeks|wins|loses|faces|sends|steps|ramps|pushes|imposes|threatens|is|are|was|were|"
    r"has|have|had|will|would|could|may|might|should|can)",
    examples=("pledges", "Sets"))


# a poll named as a subject (the size of a poll: '28 economists polled by Reuters'): a source, never what a later
# figure of the text is about (not a survey: 'the consumer confidence survey fell 4 points ... It had risen 2 in May')
POLL_NAME = Rule("subject.poll_not_remembered", r"\b(?:polls?|polled)(?:'s|’s)?$",
                 ("Reuters poll", "economists polled", "Harwick poll's"))


@dataclass
class _State:
    """Coreference memory across sentences of one text."""

    last_subject: str | None = None
    last_kind: str | None = None
    by_noun: dict[str, str] = field(default_factory=dict)  # 'basket' -> the basket's name
    history: list[tuple[str, str | None]] = field(default_factory=list)  # subjects, most recent first
    last_sentence: int = -1  # where the sentence of the last subject starts


class SubjectResolver:
    """Finds what a number is about from the dependency parse, the mentions and the coreference memory."""

    def __init__(self, doc: Doc, mentions: list[Mention], ranker: SubjectRanker | None = None):
        self.doc = doc
        self.mentions = sorted((m for m in mentions if m.kind in SUBJECT_KINDS), key=lambda m: m.start)
        self._starts = [m.start for m in self.mentions]
        self.sent_start = 0
        self.text = doc_text(doc)  # Doc.text rebuilds the string on every access
        self.current: NumExpr | None = None
        self.state = _State()
        self.ranker = ranker
        self._chunks: list[Span] | None = None  # the Doc's noun chunks, for the ranker (per text)
        self._chunk_starts: list[int] = []
        self.roles = mention_roles(self.text, mentions)  # who rates, forecasts, is cited or is rated
        self._headline_end = -1  # end of the text's first sentence (read when the ranker first asks)
        self._sent_starts: list[int] | None = None  # each sentence's first character (read on first use)
        self.notes: list[tuple[str, str]] = []  # (rule id, name) the resolution of the current figure used
        self.fired: list[str] = []  # description rules that named the current figure's subject
        self._seeded = False  # the first sentence's company put in the memory

    # -- lookups
    def _in_m(self, start: int, end: int) -> list[Mention]:
        """Subject-kind mentions inside [start, end) (binary search: texts can be long)."""
        lo, hi = bisect_left(self._starts, start), bisect_left(self._starts, end)
        return [m for m in self.mentions[lo:hi] if m.end <= end]

    def _ent_in(self, start: int, end: int, prefer: str | None = None) -> Mention | None:
        cands = [m for m in self._in_m(start, end) if m.kind != "place" or prefer == "place"]
        if not cands:
            return None
        pref = [m for m in cands if prefer and m.kind == prefer]
        if pref:
            return pref[0]
        return sorted(cands, key=lambda m: (KIND_PRIORITY.get(m.kind, 5), m.start))[0]

    # -- coreference
    def _coref(self, word: str, before: int) -> str | None:
        """What 'it', 'its', 'the basket', 'the carmaker' at offset ``before`` stands for."""
        w = word.lower()
        if w in PRONOUNS:
            return self._pronoun(w, before)
        if w == "bullion":
            return self._bullion(before)
        if w == "currency":
            return self._currency_before(before)
        if w not in COREF_NOUNS and not DESCRIPTION.fullmatch(w):
            return None
        if w in self.state.by_noun:
            return self.state.by_noun[w]
        kinds = (COREF_NOUNS[w],) if COREF_NOUNS.get(w) else ("company", "organization")
        prev = [m for m in self._in_m(0, before) if m.end <= before and m.kind in kinds]
        if prev:
            return self._most_salient(w, kinds, prev, before)
        if kinds[0] == "company":  # an unlinked company the text's figures were about ('Fallowfield REIT said ...')
            places = {m.name for m in self.mentions if m.kind == "place"} | set(DEMONYMS.values())
            named = next((n for n, k in self.state.history if k in (None, "company", "organization") and
                          _looks_like_name(n) and not EXCHANGE.regex.fullmatch(n) and n not in places), None)
            if named:
                return self._noted(DESCRIBED_BY_KIND, named)
        return "the company" if w in ("company", "group", "firm") else None

    def _most_salient(self, w: str, kinds: tuple[str, ...], prev: list[Mention], before: int) -> str:
        """The earlier name a description of one of ``kinds`` means: a company before a regulator (never an
        exchange), the company rated or forecast before the broker that rates it ('the chemicals maker') unless
        the word describes such a firm ('the broker'), a name the text's figures were about; then the last
        sentence naming one, and there its main clause's subject first ('The S&P 500 fell 1%, while the Nasdaq
        lost 2%. The benchmark ...' is the S&P 500); in the description's own sentence, the nearest."""
        talked_of = {name for name, _ in self.state.history}
        judged = w not in FORECASTER_NOUNS
        company = kinds[0] == "company"

        def aside(m: Mention) -> bool:
            return judged and stands_aside(self.roles.get(m.name, frozenset()))
        old = max(prev, key=lambda m: (kinds.index(m.kind) == 0, not aside(m), m.name in talked_of, m.start))

        here = self._sentence_index(before)

        def key(m: Mention) -> tuple:
            sent = self._sentence_index(m.start)  # in the description's own sentence: the nearest name before it
            return (not (company and EXCHANGE.regex.fullmatch(m.name)), kinds.index(m.kind) == 0, not aside(m),
                    m.name in talked_of, sent, sent < here and self._main_subject(m),
                    m.start if sent == here else -m.start)
        best = max(prev, key=key)
        return self._noted(DESCRIBED_BY_KIND, best.name) if best is not old else best.name

    def _sentence_index(self, pos: int) -> int:
        if self._sent_starts is None:
            self._sent_starts = [s.start_char for s in self.doc.sents]
        return bisect_left(self._sent_starts, pos + 1)

    def _main_subject(self, m: Mention) -> bool:
        """The name is its sentence's main clause subject ('The S&P 500 fell ..., while ...')."""
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return False
        tok = span.root
        while tok.dep_ in ("compound", "flat", "nummod", "amod") and tok.head.i != tok.i:
            tok = tok.head
        return tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ == "ROOT"

    def _bullion(self, before: int) -> str:
        """'Bullion' is gold: the gold named before, else gold."""
        named = [m for m in self._in_m(0, before) if m.kind in ("commodity", "product") and "gold" in m.name.lower()]
        return self._noted(BULLION, named[-1].name if named else "Gold")

    def _currency_before(self, before: int) -> str | None:
        """'The currency': the currency an earlier figure was about, else the first one named in the last
        sentence that names one (not the one it is quoted against: 'the rupee fell against the dollar')."""
        moved = next((n for n, _ in self.state.history if re.fullmatch(
            r"(?:[A-Z][\w.]*\s+)?(?:" + CURRENCY_WORDS + r")", n, re.IGNORECASE)), None)
        if moved:
            return self._noted(CURRENCY_DESCRIBED, moved)
        named = [m for m in CURRENCY_NAMED.finditer(self.text, 0, before)
                 if not QUOTED_AGAINST.search(self.text, max(0, m.start() - 20), m.start())]
        if not named:
            return None
        last = self._sentence_index(named[-1].start())
        first = next(m for m in named if self._sentence_index(m.start()) == last)
        return self._noted(CURRENCY_DESCRIBED, first.group("cur"))

    def _noted(self, rule: Rule, name: str) -> str:
        """``name``, found by ``rule``: recorded on the claim when the claim's subject is that name."""
        self.notes.append((rule.id, name))
        return name

    def _pronoun(self, w: str, before: int) -> str | None:
        # 'Orrel Oyj said its net sales fell': the entity named earlier in the same sentence
        named = self._in_m(self.sent_start, before)
        same = [m for m in named if m.kind in ("company", "organization", "index", "basket", "commodity")]
        if same:
            return same[0].name
        places = [m for m in named if m.kind == "place"]
        if places and w == "it" and PLACE_SPEAKS.search(self.text[places[0].end:before]):
            return _place_name(places[0].name)  # 'Norland said it would impose tariffs'
        unlinked = self._unlinked_subject(before)
        if unlinked:
            return unlinked
        if self.state.last_subject:
            return self.state.last_subject
        prev = [m for m in self._in_m(0, before)
                if m.end <= before and m.kind in ("company", "index", "basket", "commodity", "organization")]
        return prev[-1].name if prev else "the company"

    def _unlinked_subject(self, before: int) -> str | None:
        """'Fallowfield REIT said the value of its portfolio fell': the sentence's proper-noun subject before the
        pronoun, when no entity was linked there (every word of it capitalised, no place, no time)."""
        span = self.doc.char_span(self.sent_start, before, alignment_mode="contract")
        subj = next((t for t in span or () if t.dep_ == "nsubj" and t.pos_ == "PROPN"), None)
        if subj is None or self._in_m(subj.left_edge.idx, subj.idx + len(subj)):
            return None
        left = min([c.left_edge.i for c in subj.lefts if c.dep_ in ("compound", "amod", "nmod")
                    and c.text[:1].isupper()] + [subj.i])
        name = self.doc[left:subj.i + 1].text
        prev = self.doc[left - 1] if left > 0 else None
        if prev is not None and prev.text[:1].isupper() or any(name in m.name.split() for m in self.mentions):
            return None  # a piece of a name the sentence split cut ('Corsair | Airlines said')
        return self._noted(UNLINKED_SUBJECT, name) if _looks_like_name(name) and not _is_time(subj.lower_) else None

    def describe(self, word: str, before: int) -> str | None:
        """The entity a pronoun or a description's head word stands for (the ranker's coreference); bare
        'prices' and 'the metal' are those of the commodity named last ('Gold rose 2% ... prices could reach')."""
        if word.lower() in COMMODITY_WORDS and word.lower() != "bullion":
            named = self._commodity_before(before)
            return named[0] if named else None
        if word.lower() == "currency":
            return None  # the rules name it ('the currency' -> 'rupee'): merged into 'the rupee', memory features
            # would weigh against the currency named in the sentence itself
        return self._coref(word, before)

    # -- a noun phrase's name
    def _np_subject(self, noun: Token, depth: int = 0) -> Found:
        """Name for the noun phrase headed by ``noun``: (name, kind)."""
        if depth > 4 or self._is_the_figure(noun):
            return NOTHING
        low = noun.lower_
        if low in PRONOUNS:
            return self._coref(low, noun.idx), self.state.last_kind
        sub = list(noun.subtree)
        start, end = sub[0].idx, sub[-1].idx + len(sub[-1])
        has_det = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in noun.children)
        part = named_part(noun)
        if part:
            return self._noted(NAMED_PART if not MERGED_ENTITY.regex.fullmatch(part) else MERGED_ENTITY, part), None
        found = self._np_coref(noun, has_det, len(sub) == 1, start, end) or self._np_named(noun, start, end)
        if found:
            return found
        if low in ABSTRACT_HEADS or noun.pos_ == "NUM" or low in CALL_WORDS and noun.pos_ == "NOUN" and len(sub) <= 2:
            return self._np_abstract(noun, start, depth)
        prefer = "basket" if low in ("basket", "cohort") else "index" if low in ("index", "gauge", "benchmark") else None
        ent = self._ent_in(start, end, prefer)
        if ent:
            return ent.name, ent.kind
        return self._np_plain(noun)

    def _is_the_figure(self, noun: Token) -> bool:
        """'40 workers to be laid off', 'Some 2.5 mln euros': the noun phrase is the figure itself."""
        if self.current is None:
            return False
        sub = list(noun.subtree)
        start, end = sub[0].idx, sub[-1].idx + len(sub[-1])
        holds = start <= self.current.num_start < noun.idx + len(noun) or any(
            t.like_num and any(ch.isdigit() for ch in t.text) for t in noun.lefts)
        if not holds or self._in_m(start, end) or any(c.dep_ == "poss" for c in noun.children):
            return False
        return not (noun.lower_ in ABSTRACT_HEADS or MOVE_NOUN_AFTER.match(" " + noun.text))

    def _np_coref(self, noun: Token, has_det: bool, alone: bool, start: int, end: int) -> Found | None:
        """'the basket', 'the gauge', 'the carmaker', a bare 'shares': the entity named before."""
        low = noun.lower_
        bare_stock = low in ("stock", "scrip", "shares", "share", "bullion") and alone
        known = low in COREF_NOUNS and (has_det or bare_stock)
        described = has_det and noun.pos_ == "NOUN" and DESCRIPTION.fullmatch(low) is not None
        names = [m for m in self._in_m(start, end) if not ADJECTIVAL_AFTER.match(self.text, m.end)]
        if (known or described) and not names:  # 'the Shenzhen-based automaker' names no one
            name = self._coref(low, noun.idx)
            if name:
                return name, COREF_NOUNS.get(low)
        return None

    def _np_named(self, noun: Token, start: int, end: int) -> Found | None:
        """The head is (in) a named entity ("Norland's Arden 40"), or has a possessor ("Orrel's net sales")."""
        covering = [m for m in self._in_m(start, end) if m.start <= noun.idx < m.end and m.kind != "place"]
        if covering:
            return covering[0].name, covering[0].kind
        for c in noun.children:
            if c.dep_ != "poss" or c.lower_ in TIME_WORDS:
                continue  # "Monday's close" is nobody's
            owned = self._place_owned(noun, c)
            if owned:
                return owned
            if c.lower_ in PRONOUNS:
                return self._coref(c.lower_, c.idx), self.state.last_kind
            if c.pos_ == "NOUN" and any(d.dep_ == "det" for d in c.children) and not self._in_m(
                    c.left_edge.idx, c.idx + len(c)) and self._coref(c.lower_, c.idx):
                return self._coref(c.lower_, c.idx), None  # "the developer's shares"
            pe = self._ent_in(c.left_edge.idx, c.idx + len(c))
            if pe:
                return pe.name, pe.kind
            if c.pos_ == "PROPN":
                return self.doc[c.left_edge.i:c.i + 1].text, None
        return None

    def _place_owned(self, noun: Token, owner: Token) -> Found | None:
        """"Japan's Nikkei share average", "the Norland Stock Exchange's All-Share index": a place or an exchange
        possessing a thing with a name of its own (a linked name, or an index head with a capitalised or numbered
        modifier) is where the thing is, not whose figure it is."""
        owners = self._in_m(owner.left_edge.idx, owner.idx + len(owner))
        if not owners or not all(_place_or_exchange(m) for m in owners):
            return None
        lo, hi = owner.idx + len(owner), noun.idx + len(noun)
        own = [m for m in self._in_m(lo, hi) if not _place_or_exchange(m)]
        if own:
            return self._noted(PLACE_OWNED, own[0].name), own[0].kind
        mods = [t for t in noun.lefts if t.i > owner.i and t.dep_ in ("amod", "compound") and
                (t.text[:1].isupper() or any(ch.isdigit() for ch in t.text))]
        if noun.lower_ in INDEX_HEADS and mods:
            first = max(owner.i + 2, min(t.left_edge.i for t in mods))  # after the owner and its 's
            return self._noted(PLACE_OWNED, self.doc[first:noun.i + 1].text), "index"
        return None

    def _np_abstract(self, noun: Token, start: int, depth: int) -> Found:
        """'the combined stake of X', 'rise in X', 'Orrel Q3 net profit': whose figure an abstract noun is."""
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
        chunk: list[Token] = []  # a proper-noun modifier names the company ('China deliveries' are nobody's)
        places = [m for m in self.mentions if m.kind == "place" and m.start <= noun.idx and noun.left_edge.idx < m.end]
        for t in self.doc[noun.left_edge.i:noun.i]:
            if t.pos_ == "PROPN" and not PERIOD_OR_MONTH.fullmatch(t.text) and \
                    not any(m.start <= t.idx < m.end for m in places):
                chunk.append(t)
            elif chunk:
                break
        return (self.doc[chunk[0].i:chunk[-1].i + 1].text, None) if chunk else NOTHING

    def _np_plain(self, noun: Token) -> Found:
        """A plain noun phrase: 'the Danish unit', 'its French plant', 'the new orders'."""
        low = noun.lower_
        has_det = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in noun.children)
        if low in ("company", "group", "firm") and has_det:
            return self._coref(low, noun.idx), None
        if low == "prices" and not any(True for _ in noun.children):
            named = self._commodity_before(noun.idx)
            if named is not None:
                return named  # 'Gold rose 2% ... and said prices could reach $3,000': the commodity's prices
        toks = [t for t in noun.lefts if t.dep_ in ("amod", "compound", "nmod", "det", "nummod", "poss")]
        left = min([t.left_edge.i for t in toks] + [noun.i])
        txt = TRAILING_PERIODS.regex.sub("", self.doc[left:noun.i + 1].text.strip())
        if noun.pos_ == "PRON" or not re.search(r"[A-Za-z]", txt) or _is_time(low) or any(
                c.dep_ == "poss" and _is_time(c.lower_) for c in noun.children):
            return NOTHING  # 'the quarter', "Monday's close", "Thursday's movers": a time, nobody's figure
        return txt, None

    def _commodity_before(self, pos: int) -> Found | None:
        """The commodity (or product) named last before ``pos``: what bare 'prices' are the prices of."""
        named = [m for m in self._in_m(0, pos) if m.kind in ("commodity", "product")]
        return (named[-1].name, named[-1].kind) if named else None

    # -- transactions
    def transaction_actor(self, x: NumExpr, sent: Span) -> str | None:
        """'The French state raised 775 million euros by selling 6.9 million shares, or a 7% stake, in Orly
        Airports': a stake bought, sold or issued is the actor's figure (the guide's holder, buyer or seller
        acting in the clause), not the company whose shares change hands. None when no transaction verb governs
        the figure or its actor is not named."""
        span = self.doc.char_span(x.num_start, x.num_end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        cur, traded = span[-1], False
        for _ in range(10):
            if cur.pos_ in ("VERB", "AUX"):
                traded = traded or TRANSACTION_VERB.regex.fullmatch(cur.lower_) is not None
                subjects = [c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")]
                if subjects:  # the parse may split 'Hong Kong developer Sun Harbour' into two subjects
                    named = [c for c in subjects if self._ent_in(c.left_edge.idx, c.idx + len(c))]
                    return self._actor((named or subjects)[0]) if traded else None
                if cur.dep_ not in ("pcomp", "xcomp", "advcl", "conj", "acl") or cur.head.i == cur.i:
                    return None
            if cur.head.i == cur.i or cur.dep_ in ("nsubj", "nsubjpass"):
                return None
            cur = cur.head
        return None

    def _actor(self, subj: Token) -> str | None:
        """The named actor of a transaction verb (not a passive's patient, a pronoun without antecedent or a
        figure)."""
        if subj.dep_ == "nsubjpass" or subj.like_num or subj.lower_ in ABSTRACT_HEADS:
            return None
        if _CODE.fullmatch(subj.text):  # 'Ashcombe Stores <ASHC.L> lifted ...': the parse's head is the code
            owner = [m for m in self._in_m(subj.idx - _LONGEST_NAME, subj.idx) if 0 <= subj.idx - m.end <= 2]
            return owner[-1].name if owner else None
        # the mention the subject word is part of, though the parse may start the phrase, or even the sentence,
        # inside it ('AS' of 'Acme Net AS')
        named = [m for m in self._in_m(min(subj.left_edge.idx, subj.idx - _LONGEST_NAME), subj.idx + len(subj))
                 if m.start <= subj.idx < m.end and m.kind != "place"]
        if named:
            return named[0].name  # 'Hong Kong developer Sun Harbour' is Sun Harbour
        if subj.pos_ == "PROPN":  # an unlinked name: the whole proper-noun phrase ('Orbex Telecom')
            left = min([c.left_edge.i for c in subj.lefts if c.dep_ in ("compound", "amod") and
                        c.pos_ == "PROPN"] + [subj.i])
            return self.doc[left:subj.i + 1].text
        return self._np_subject(subj)[0]  # 'it', 'the carmaker': the company named before

    # -- the figure's subject
    def resolve(self, x: NumExpr, sent: Span) -> Found:
        """(subject, kind) of the number ``x`` in ``sent``: the rules' answer, or the ranker's choice. The ids of
        the description rules that named the answer are in :attr:`fired` afterwards."""
        self.sent_start = sent.start_char
        self.current = x
        self.notes = []
        self._seed_headline(sent)
        found = self._resolve(x, sent)
        agency = STATISTICS_OFFICE.regex.fullmatch(found[0] or "")
        if agency is not None:  # 'Output rose 1.1%, Statistics Norway said': the economy's figure
            found = self._noted(STATISTICS_OFFICE, agency.group("place")), "place"
        self.fired = list(dict.fromkeys(rid for rid, name in self.notes if name == found[0]))
        return found

    def _resolve(self, x: NumExpr, sent: Span) -> Found:
        currency = self._rate_footer(x) or self._currency_moved(x, sent)
        if currency is not None:
            return currency  # decided by its own words: a currency is no linked entity for the ranker to prefer
        rated = self._rated_target(x, sent) or self._list_entry(x, sent) or self._moved_object(x, sent) or \
            self._sector_with(x, sent)
        if rated is not None:
            return rated  # the guide's rule decides
        raw = self._resolve_rules(x, sent)
        found = self._not_the_forecaster(raw, x, sent)
        if found != raw or any(name == raw[0] and rid in DECISIVE for rid, name in self.notes):
            # a forecast redirected from its forecaster to what is forecast, a named part of the company ('its
            # drug Brelvia'): the guide's rule decides
            return found
        if found[0] and POSSESSIVE_OPENER.regex.fullmatch(self.text, sent.start_char, x.start) and \
                not self._in_m(sent.start_char, x.start):
            return self._noted(POSSESSIVE_OPENER, found[0]), found[1]  # 'Its three-year return is about 15%'
        ranked = self._rank(x, sent, found) if self.ranker is not None else found
        ranked = self._coded_group(self._group_of_members(ranked, x, sent), x, sent)
        return self._not_the_source(self._own_conjunct(ranked, x, sent), x, sent)

    def _not_the_source(self, found: Found, x: NumExpr, sent: Span) -> Found:
        """'Buy Tarvo at around 310: Jane Roe, Quill Securities': names in a headline's source after its last colon
        are who speaks, not what the figure before them is about, when the headline names something before."""
        tail = headline_source(self.text[sent.start_char:sent.end_char])
        if tail is None or not tail.after_colon or not tail.firm or not found[0] or \
                x.start >= sent.start_char + tail.start:
            return found
        cut = sent.start_char + tail.start
        if not any(m.name == found[0] for m in self._in_m(cut, sent.end_char)):
            return found
        before = [m for m in self._in_m(sent.start_char, cut) if m.kind in FORECAST_KINDS or m.kind == "organization"]
        pick = [m for m in before if m.end <= x.start][-1:] or before[:1]
        return (self._noted(SOURCE_TAIL, pick[0].name), pick[0].kind) if pick else found

    def _rated_target(self, x: NumExpr, sent: Span) -> Found | None:
        """A target price, an upside or a downside in a sentence naming what a firm rates, or a fine in one naming
        who is fined: that company (the last one named before the figure, else the first after it)."""
        before = self.text[max(sent.start_char, x.start - 30):x.start]
        after = (self.text, x.num_end, min(sent.end_char, x.end + 30))
        rule = next((r for r in (TARGET_FIGURE, FINE_FIGURE) if r.regex.search(before) or r.regex.match(*after)),
                    None)
        if rule is None:
            return None
        rated = [m for m in self._in_m(sent.start_char, sent.end_char) if m.kind in (*FORECAST_KINDS, "organization")
                 and Role.RATED in self.roles.get(m.name, frozenset())]
        pick = ([m for m in rated if m.end <= x.start][-1:] or [m for m in rated if m.start >= x.end][:1])
        return (self._noted(rule, pick[0].name), pick[0].kind) if pick else None

    def _moved_object(self, x: NumExpr, sent: Span) -> Found | None:
        """'Spot demand lifts sugar futures 2.22%', 'Fed taper pulls down Sensex by 149 pts': a cause moves what it
        names right before the figure, whose move the figure is: the name there, else a commodity written with
        'futures' or 'prices' (without them). Not when a name does the lifting ('Orvane lifts dividend 10%')."""
        m = CAUSE_MOVES.regex.search(self.text, sent.start_char, x.start)
        if m is None or any(e.start < m.start() <= e.end + 1 for e in self._in_m(sent.start_char, m.start())):
            return None  # 'Orvane lifts dividend 10%': a name acting on its own figure, not a cause
        start, end = m.start("obj"), m.end("obj")
        named = [e for e in self._in_m(start, end) if e.kind != "place"]
        if named:
            return self._noted(CAUSE_MOVES, named[0].name), named[0].kind
        words = self.text[start:end]
        bare = MARKET_TAIL.sub("", words).strip()
        if not bare or bare == words or not _COMMODITY.fullmatch(bare.lower()):
            return None  # 'pushed average selling prices down 9%': no market named
        return self._noted(CAUSE_MOVES, bare), None

    def _list_entry(self, x: NumExpr, sent: Span) -> Found | None:
        """A signed or bracketed figure written right after a name: the name's ('Orrel +8%', 'Quill (-2%)')."""
        named = [m for m in self._in_m(max(sent.start_char, x.start - 60), x.start) if m.end <= x.start]
        if not named:
            return None
        m = named[-1]
        entry = LIST_ENTRY.regex.fullmatch(self.text, m.end, x.num_start)
        if entry is None or not (entry.group("sign") or x.unit == Unit.PERCENT) or \
                m.kind == "place" and "(" in entry.group():  # 'Shanghai +0.7%' is the index; 'unit in Poland (+4%)'
            return None
        return self._noted(LIST_ENTRY, m.name), m.kind

    def _sector_with(self, x: NumExpr, sent: Span) -> Found | None:
        """'Banks lagged, with the sector index down 0.3%': the plural subject of the clause the 'with' hangs on."""
        m = SECTOR_WITH.regex.search(self.text, sent.start_char, x.num_start)
        span = self.doc.char_span(m.start(), m.start() + 4) if m else None
        if span is None:
            return None
        verb = span[0].head
        group = next((c for c in verb.children if c.dep_ == "nsubj" and self._group_noun(c) and c.i < span[0].i), None)
        if group is None or verb.dep_ != "ROOT" and verb.pos_ != "VERB":
            return None
        return self._noted(SECTOR_WITH, self._phrase_of(group)), None

    def _group_of_members(self, found: Found, x: NumExpr, sent: Span) -> Found:
        """A member named in the list that describes its clause's plural subject ('Chipmakers such as Orrel and Quill
        fell 2%'), for a figure of that clause after the list: the group (as written, without 'the')."""
        named = [m for m in self._in_m(sent.start_char, x.start) if m.name == found[0]] if found[0] else []
        span = self.doc.char_span(named[0].start, named[0].end, alignment_mode="expand") if named else None
        fig = self.doc.char_span(x.num_start, x.num_end, alignment_mode="expand")
        if span is None or not fig:
            return found
        member = span.root
        for _ in range(8):  # up a list of members: 'Orrel, Quill and Tamsin', codes and all
            if member.dep_ not in ("conj", "compound", "appos", "nmod") or member.head is member:
                break
            member = member.head
        marker = member.head if member.dep_ == "pobj" else None
        group = marker.head if marker is not None else None
        if group is not None and marker.dep_ == "agent":
            group = group.head if group.dep_ == "acl" else None  # 'lenders led by Orrel'
        if group is None or not self._group_noun(group) or group.dep_ not in ("nsubj", "nsubjpass") or \
                not GROUP_OF_MEMBERS.regex.fullmatch(self.text, group.idx + len(group), member.left_edge.idx) or \
                fig[0].i <= group.right_edge.i or group.head not in fig[-1].ancestors:
            return found
        return self._noted(GROUP_OF_MEMBERS, self._phrase_of(group)), None

    def _coded_group(self, found: Found, x: NumExpr, sent: Span) -> Found:
        """'Chipmakers, including Infineon <IFXGn.DE> and BE Semiconductor <BESI.AS>, fell between 1% and 2%': a
        wire's instrument codes break the parse, so a list of members with their codes is read from the text."""
        if not found[0] or self.text.find("<", sent.start_char, x.num_start) < 0:
            return found  # no name chosen, or no instrument code before the figure: no coded list to read
        m = CODED_GROUP.regex.search(self.text, sent.start_char, x.num_start)
        opens = m is not None and GROUP_OPENS.fullmatch(self.text, sent.start_char, m.start())  # the clause's subject
        if not opens or not any(e.name == found[0] and m.start("list") <= e.start < m.end("list")
                                for e in self._in_m(m.start("list"), m.end("list"))):
            return found
        return self._noted(CODED_GROUP, re.sub(r"^[Tt]he\s+", "", m.group("group"))), None

    def _group_noun(self, tok: Token) -> bool:
        """A plural common noun ('banks'; 'Insurers' opening a sentence, which the tagger takes for a name)."""
        return tok.tag_ == "NNS" or tok.tag_ in ("NNP", "NNPS") and tok.lower_.endswith("s") and \
            not self._in_m(tok.idx, tok.idx + len(tok))

    def _phrase_of(self, noun: Token) -> str:
        """A noun with the words before it in its phrase, as written, without a leading article."""
        first = next((t for t in self.doc[noun.left_edge.i:noun.i] if t.lower_ not in ("the", "a", "an")), noun)
        return self.text[first.idx:noun.idx + len(noun)]

    def _own_conjunct(self, found: Found, x: NumExpr, sent: Span) -> Found:
        """The subject of the figure's own coordinated clause, when ``found`` was named in another clause of the
        sentence and not in this one ('Orrel shed 1.8%, while Quillmark's shares <QLM.O> plunged 32%')."""
        name = found[0]
        bound = self._clause_bound(x, sent)
        if bound is None or not name or PAIRED.search(self.text, sent.start_char, sent.end_char) or \
                PAIRED.match(self.text, x.end, sent.end_char):
            return found
        named_before = self._names(name, sent.start_char, bound.start())
        if bound.group("comma"):  # a clause list without 'and': the answer may be a later clause's subject
            named_before = named_before or self._names(name, x.end, sent.end_char)
        if not named_before or self._names(name, bound.end(), x.end):
            return found
        subject = self._clause_subject(bound.end(), x)
        if subject is None or subject[0] == name or subject[1] is None and _call_word(subject[0]):
            return found  # not 'target' of 'Reduce Trivesh; target cut to Rs 455'

        return self._noted(OWN_CONJUNCT, subject[0]), subject[1]

    def _named_clause(self, start: int, x: NumExpr) -> bool:
        """A clause opening at ``start`` with a name as the subject of the movement verb of ``x`` ('Quillmark fell 4%,
        chipmaker Orrel Semi sank 10%'), not a description ('..., yield tops 7%')."""
        subject = self._clause_subject(start, x)
        if subject is None or not subject[0]:
            return False
        words = [w for w in subject[0].split() if w.lower() not in ("the", "a", "an")]
        return subject[1] is not None or any(w[:1].isupper() for w in words)

    def _names(self, name: str, lo: int, hi: int) -> bool:
        return any(m.name == name for m in self._in_m(lo, hi)) or self.text.find(name, lo, hi) >= 0

    def _clause_bound(self, x: NumExpr, sent: Span) -> re.Match[str] | None:
        """The last boundary before ``x`` of a coordinated clause: a verb before it since the previous one, and an
        'and' / 'but' joining verbs (not 'Orrel and Quillmark fell', 'its fashion and leather goods division')."""
        # within a window before the figure: a sentence of hundreds of figures (a table flattened to text) would
        # otherwise make each figure read every clause before it, each up to the figure
        prev = max(sent.start_char, x.start - CLAUSE_WINDOW)
        found = None
        for b in OWN_CONJUNCT.regex.finditer(self.text, prev, x.start):
            if b.group("comma") and not self._named_clause(b.end(), x):
                continue  # a comma opens a clause only when a name and its movement verb follow it
            span = self.doc.char_span(prev, b.start(), alignment_mode="contract")
            prev = b.end()
            if span is None or not any(t.pos_ in ("VERB", "AUX") for t in span) and not b.group().startswith(";"):
                continue  # a semicolon ends a clause with or without a verb ('10-year yield at 1.6%; 2-year ...')
            word = self.doc.char_span(b.start("w"), b.end("w")) if b.group("w") else None
            head = word[0].head if word is not None and word[0].dep_ == "cc" else None
            if head is not None and head.pos_ not in ("VERB", "AUX") and not MOVE_VERB.fullmatch(head.text) and \
                    not (head.like_num and self._named_clause(b.end(), x)):
                continue  # joins nouns, not clauses ('with Orrel down 45% and Kestrel down 61%' joins 'down'); an
                # 'and' the parser hangs on a figure can open one ('to 4,120.8 and the Orrel Composite <.ORC> dropped')
            found = b
        return found

    def _described(self, np: list[Token]) -> bool:
        """A description of something named before ('stock', 'the index', "the company's shares"), not a name of
        its own ('the services index', 'the 30-year yield'): the coreference's question."""
        if any(t.pos_ == "PROPN" and not _of_adjectival(t) for t in np):
            return False  # a name; not the place of 'the Shenzhen-based automaker'
        words = [t for t in np if t.pos_ != "DET"]
        coref = [t for t in words if t.lower_ in COREF_NOUNS or DESCRIPTION.fullmatch(t.lower_)]
        return bool(coref) and (len(words) == 1 or any(t.dep_ == "poss" for t in coref)
                                or words[-1].lower_ in ("shares", "stock"))

    def _clause_subject(self, start: int, x: NumExpr) -> Found | None:
        """The noun phrase opening a clause at ``start`` and followed by a movement verb whose figure ``x`` is (no
        other verb in between); a wire's instrument codes ('<QLM.O>') are skipped."""
        codes = [(m.start(), m.end()) for m in RIC_MARKUP.finditer(self.text, start, x.start)]
        span = self.doc.char_span(start, x.start, alignment_mode="contract")
        if span is None:
            return None
        toks = [t for t in span if not any(a <= t.idx < b for a, b in codes)]
        if toks and toks[0].lower_ == "with":
            toks = toks[1:]  # an absolute clause: '..., with the Arden 40 <.ARD> down 210 points'
        verb = next((i for i, t in enumerate(toks) if MOVE_VERB.fullmatch(t.text)), None)
        if verb is None and len(toks) > 1 and toks[-1].lower_ == "at":
            verb = len(toks) - 1  # a level in a list of levels: '...; 2-year yield at 1.44%'
        if not verb or any(t.pos_ in ("VERB", "AUX") for t in toks[:verb]) or any(
                t.pos_ == "VERB" and not MOVE_VERB.fullmatch(t.text) for t in toks[verb + 1:]):
            return None
        np = toks[:verb]
        head = np[-1]
        if any(t.lower_ in PRONOUNS or t.pos_ not in NP_POS or t.is_punct and t.text not in ("'", "’", "-", "&", ".")
               for t in np):
            return None  # 'its net yield' (whose is the ranker's question), 'energy prices, increased', 'X of Y'
        lo, hi = np[0].idx, np[-1].idx + len(np[-1])
        named = [m for m in self._in_m(lo, hi) if m.kind != "place"]
        numbered = head.pos_ == "NUM" and any(m.start < head.idx < m.end for m in named)  # 'the Arden 40'
        if head.pos_ not in ("NOUN", "PROPN") and not numbered or head.lower_ in ABSTRACT_HEADS or \
                head.lower_ in NOT_WHOSE or head.lower_ in CROWDS or _is_time(head.lower_) or self._described(np):
            return None
        if named and STOCK_TAIL.fullmatch(RIC_MARKUP.sub("", self.text[named[0].end:hi])):
            return named[0].name, named[0].kind  # "Quillmark's shares", 'Orrel Motors'
        return RIC_MARKUP.sub("", self.text[lo:hi]).strip(), None

    def _seed_headline(self, sent: Span) -> None:
        """Once, at the first figure after a headline (a first line of its own): the company the headline opens
        with (not an exchange or a forecaster) is what the memory holds first ('Orrel Digital shares double in
        Nasdaq debut' then 'The software company's stock opened at $46')."""
        if self._seeded or sent.start == 0:
            return
        self._seeded = True
        first_end = next(iter(self.doc.sents)).end_char
        if "\n" not in self.text[first_end:first_end + 3]:
            return  # a paragraph's first sentence: no headline
        name = next((m for m in self._in_m(0, first_end) if m.start == 0 and m.kind in ("company", "organization")
                     and not self.text.startswith("-", m.end) and not EXCHANGE.regex.fullmatch(m.name)
                     and not is_forecaster(self.roles.get(m.name, frozenset()))), None)
        if name is None or any(h == name.name for h, _ in self.state.history):
            return
        self.state.history.insert(0, (name.name, name.kind))
        self.state.last_subject = self.state.last_subject or name.name
        self.state.last_kind = self.state.last_kind or name.kind

    def _rank(self, x: NumExpr, sent: Span, rule: Found) -> Found:
        from news_sentiment.nlp.subject_rank import NumberContext, candidates

        span = self.doc.char_span(x.num_start, x.num_end, alignment_mode="expand")
        if self._chunks is None:
            self._chunks = list(self.doc.noun_chunks)  # once per text: Span.noun_chunks walks the whole Doc
            self._chunk_starts = [c.start for c in self._chunks]
        lo, hi = bisect_left(self._chunk_starts, sent.start), bisect_left(self._chunk_starts, sent.end)
        # the sentence's chunks and names near the figure (a table flattened into one sentence has hundreds)
        near = max(sent.start_char, x.start - CLAUSE_WINDOW), min(sent.end_char, x.end + CLAUSE_WINDOW)
        chunks = tuple(c for c in self._chunks[lo:hi] if c.end <= sent.end and near[0] <= c.start_char and
                       c.end_char <= near[1])
        ctx = NumberContext(sent, x, span[-1] if span is not None and len(span) else None, sent.start == 0,
                            self.text, chunks, tuple(self._in_m(*near)), self._earlier(sent), self.roles,
                            self._headline_end)
        cands = self._own_clause_names(candidates(ctx, list(self.state.history), rule, self.describe), x, sent)
        pick = self.ranker.choose(x, cands) if self.ranker is not None else cands[-1]
        if pick.text and (DATA_BODY.regex.search(pick.text) or TIME_PHRASE.fullmatch(pick.text)):
            kept = self._not_a_speaking_body(cands, sent)  # only a body or a time can be left out: read no more
            if pick not in kept:  # the ranker chose the body that states the figure (or a bare time beside it)
                pick = self.ranker.choose(x, kept) if self.ranker is not None else kept[-1]
                if pick.text:
                    self._noted(DATA_BODY, pick.text)
        return self._possessor_of_metric(pick.text, sent) or (pick.text, pick.kind)

    def _not_a_speaking_body(self, cands: list, sent: Span) -> list:
        """A statistics office, an association or an agency that states the sentence's figures ('..., the Norland
        Real Estate Association said') is not what they are about: it leaves the candidates when others remain (not
        when it says what it does itself: 'the Debt Office said it would sell'), and so do bare times ('June')."""
        speaking = {m.name for m in self._in_m(sent.start_char, sent.end_char)
                    if m.kind == "organization" and DATA_BODY.regex.search(m.name) and self._body_states(m, sent)}
        if not speaking:
            return cands
        kept = [c for c in cands if c.text is None or c.text not in speaking and not TIME_PHRASE.fullmatch(c.text)]
        return kept or cands

    def _body_states(self, m: Mention, sent: Span) -> bool:
        after = self.text[m.end:sent.end_char]
        speaks = re.match(BODY_SPEAKS, after) and not re.match(BODY_SPEAKS + BODY_ACTS, after)
        return bool(speaks or re.search(BODY_CITED, self.text[sent.start_char:m.start]))

    def _own_clause_names(self, cands: list, x: NumExpr, sent: Span) -> list:
        """A figure after ';' whose clause names something of its own is not about a name only the clause before
        the ';' gives ('Brent rose 2%; Fenwick expects global growth of 3%')."""
        semi = self.text.rfind(";", sent.start_char, x.start)
        if semi < 0:
            return cands
        first = next(iter(self._in_m(semi, x.start)), None)
        own = {first.name} if first is not None and first.kind not in ("place", "person") and \
            OWN_CLAUSE_START.regex.search(self.text, semi, first.start) and \
            Role.SOURCE not in self.roles.get(first.name, frozenset()) and \
            not OWN_CLAUSE_ASIDE.regex.match(self.text, first.end, x.start) else set()
        if not own:
            return cands  # no name of its own before the figure ('; can rally 46%: Macquarie'), or a data
            # provider's ('; FactSet consensus down 0.9%': the consensus is the first clause's)
        before = {m.name for m in self._in_m(sent.start_char, semi)} - own
        kept = [c for c in cands if c.text is None or c.text not in before]
        return kept or cands

    def _possessor_of_metric(self, text: str | None, sent: Span) -> Found | None:
        """[subject.possessor_of_metric] "Quill Bank's net interest income": a named company's metric is the
        company's figure, and the subject is its short name."""
        m = POSSESSED_METRIC.regex.fullmatch(text or "")
        if m is None:
            return None
        owner = next((e for e in self._in_m(sent.start_char, sent.end_char)
                      if e.text == m.group("owner") or e.name == m.group("owner")), None)
        if owner is None or owner.kind not in ("company", "organization"):
            return None
        return self._noted(POSSESSED_METRIC, owner.name), owner.kind

    def _earlier(self, sent: Span) -> tuple[Mention, ...]:
        """The names of the sentences before ``sent``, bounded (long texts): the headline's and the last
        :data:`EARLIER_NAMES` mentions."""
        if self._headline_end < 0:
            self._headline_end = next(iter(self.doc.sents)).end_char
        i = bisect_left(self._starts, sent.start_char)
        head = bisect_left(self._starts, self._headline_end)
        first = min(head, i, EARLIER_NAMES)  # the headline's names
        return tuple(self.mentions[:first]) + tuple(self.mentions[max(first, i - EARLIER_NAMES):i])

    def _resolve_rules(self, x: NumExpr, sent: Span) -> Found:
        for step in (self._poll_share, self._poll_count, self._market_object, self._target_for, self._figure_for,
                     self._relative_of, self._spread_named, self._yield_moved,
                     self._at_level, self._small_clause, self._possessive_move):
            found = step(x, sent)
            if found is not None:
                return found
        span = self.doc.char_span(x.num_start, x.num_end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return self._fallback(x, sent)
        return self._walk(x, sent, span[-1])

    def _not_the_forecaster(self, found: Found, x: NumExpr, sent: Span) -> Found:
        """'Delmar sees Brent at $90', 'Fenwick starts Orrel at buy with a $40 target', "Delmar's strategists
        expect the Arden 40 to end the year at 9,000": a forecast or rating is about the thing forecast or
        rated, not the firm that makes it. The last entity named between the firm's verb and the figure."""
        nearest = self._unvoiced_revision(found, x, sent)
        speaker = next((m for m in self._in_m(sent.start_char, x.start) if m.name == found[0]), None)
        if speaker is None or nearest != found:
            return nearest  # the revised forecast right before the figure says what it is of
        verb = FORECASTER.regex.match(self.text, speaker.end, min(x.start, speaker.end + 60))
        revised = None if verb else FORECAST_REVISED.regex.match(self.text, speaker.end, min(x.start, speaker.end + 80))
        if verb is None and revised is None:
            return found
        # after the forecasting verb; in 'raised its Brent forecast' the thing forecast is inside the phrase
        lo, hi = (verb.end(), x.start) if verb else (speaker.end, revised.end())  # type: ignore[union-attr]
        own = revised is not None and found[1] == "company" and \
            COMPANY_FIGURE.search(revised.group("what") or "") is not None
        others = [m for m in self._in_m(lo, hi)
                  if (m.kind in FORECAST_KINDS or m.kind == "organization" and m.kb_id) and m.name != found[0]
                  and not (own and m.kind in ("commodity", "product"))]  # 'its copper output forecast': its own
        if others:
            return others[-1].name, others[-1].kind
        if revised is not None and REVISED_GAP.fullmatch(self.text[revised.end():x.start]):
            return self._revised_object(revised) or self._broker_own_target(x, revised, speaker, found) or found
        st = self.state
        if verb and st.last_sentence == sent.start_char and st.last_subject and st.last_subject != found[0] and \
                PARALLEL_FORECAST.regex.search(self.text, max(sent.start_char, speaker.start - 12), speaker.start):
            # 'X expects Acme's income to grow 6%, while Fenwick sees a 4% rise': the same thing, forecast again
            return self._noted(PARALLEL_FORECAST, st.last_subject), st.last_kind
        return found

    def _unvoiced_revision(self, found: Found, x: NumExpr, sent: Span) -> Found:
        """'The research house kept its average gold price forecast unchanged at $3,000 and trimmed its silver
        forecast to $33': a revised forecast right before its figure, whoever revised it (a description, a name in
        an earlier clause), is about the market thing its phrase names (a name in it, else its words)."""
        revised = None
        for m in FORECAST_REVISED.regex.finditer(self.text, sent.start_char, x.start):
            if REVISED_GAP.fullmatch(self.text, m.end(), x.start):
                revised = m
        if revised is None or any(m.name == found[0] for m in self._in_m(revised.start(), revised.end())):
            return found
        own = found[1] == "company" and COMPANY_FIGURE.search(revised.group("what") or "") is not None
        named = [m for m in self._in_m(revised.start(), revised.end())
                 if m.kind in FORECAST_KINDS and not (own and m.kind in ("commodity", "product"))]
        if named:
            return self._noted(UNVOICED_REVISION, named[-1].name), named[-1].kind
        thing = self._revised_object(revised)
        return (self._noted(UNVOICED_REVISION, thing[0]), thing[1]) if thing is not None else found

    def _broker_own_target(self, x: NumExpr, revised: re.Match, rater: Mention, found: Found) -> Found | None:
        """'..., with Fenwick Rowe lowering its target to $26', 'upgraded by Lindmark, which raised its price
        target to 340 crowns': a broker's own (price) target that names no company is on the company the text
        rates or is about, named before the broker (the guide: a price target's subject is the company targeted)."""
        if revised.group("what").strip() not in ("", "price") or revised.group("for") or \
                not re.search(r"\btargets?\s*$", revised.group()) or not self._share_price(x):
            return None  # a company's own target ('raised its target to 2 million vehicles') is its own
        broker = is_forecaster(self.roles.get(rater.name, frozenset())) or "price" in revised.group("what") or \
            RATING_WORDS.search(self.text, max(0, self.sent_start - 300), x.start) is not None
        rated = self._coref("company", rater.start) if broker else None
        named = [m for m in self._in_m(0, rater.start) if m.name == rated]
        if rated is None or rated in (found[0], "the company") or not named or any(
                m.kind != "company" or is_forecaster(self.roles.get(m.name, frozenset())) or
                re.fullmatch(r"\s*(?:,|and|&)\s*", self.text[m.end:rater.start]) for m in named):
            return None  # a broker ('CS, CLSA cut target price') or a market is no rated company
        return self._noted(BROKER_TARGET, rated), "company"

    def _share_price(self, x: NumExpr) -> bool:
        """A share price in money ('$26', '340 crowns'; not '$5 billion', '2 million vehicles', '$3,200 an ounce')."""
        return bool(x.currency) and not re.search(r"(?:million|billion|trillion|\bbn|\bmn|crore|lakh|\d\s?[mbk])\b",
                                                  self.text[x.start:x.end + 12], re.IGNORECASE) and \
            not re.match(r"\s*(?:an?|per|/)\s*(?:ounce|oz|barrel|bbl|tonne|ton|bushel|pound|lb|gallon|mmbtu)\b",
                         self.text[x.end:x.end + 20], re.IGNORECASE)

    def _revised_object(self, revised: re.Match) -> Found | None:
        """'raised its forecast for global oil demand growth', 'kept its average gold price forecast': the words that
        say what is forecast, when they name a market's thing and no company figure."""
        what = revised.group("for") or revised.group("what").strip()
        if re.search(r"\b(?:its|their|his|her)\b", what):
            return None  # 'its forecast for demand for its electric cars': the company's own figure
        what = re.split(r"\s+(?:in|by|to|from|at|of|on|this|next|and|as)\b", what)[0].strip()
        if not REVISED_OBJECT.regex.search(what) or COMPANY_FIGURE.search(what):
            return None  # ('home prices' names a market's thing before its generic 'prices' goes)
        bare = REVISED_QUALIFIERS.sub("", what).strip() or what  # '2026 inflation' -> 'inflation'
        if re.search(r"\b(?:" + COMMODITY_NAMES + r")\b", bare, re.IGNORECASE):
            bare = re.sub(r"\s+prices?$", "", bare)  # 'gold price' -> 'gold' ('home prices' stays whole)
        return self._noted(REVISED_OBJECT, bare), None

    def _poll_share(self, x: NumExpr, sent: Span) -> Found | None:
        """'85% of economists polled by Reuters said': the share opens its clause and is of the people polled."""
        m = POLL_SHARE.regex.match(self.text, x.num_end)
        opens = re.search(r"(?:^|[,;:]\s*|\b(?:and|but|while)\s+)$", self.text[sent.start_char:x.start])
        if m is None or opens is None or x.end > m.start("np"):
            return None
        return self._noted(POLL_SHARE, m.group("np")), None

    def _market_object(self, x: NumExpr, sent: Span) -> Found | None:
        """Flows into funds, positions in a market, the chance that a central bank acts: the funds, the market,
        the bank ('Investors poured $38 billion into U.S. equity funds', 'net long positions on the Japanese yen to
        142,318 contracts', 'a 78% probability that the Federal Reserve cuts')."""
        before = self.text[max(sent.start_char, x.start - 80):x.start]
        flow = FLOW_INTO.regex.match(self.text, x.end, sent.end_char)
        if flow is not None and FLOW_VERB.regex.search(before):
            return self._noted(FLOW_INTO, flow.group("np")), None
        for rule, m in ((POSITION_IN, POSITION_IN.regex.search(before)),
                        (CHANCE_THAT, CHANCE_THAT.regex.match(self.text, x.end, sent.end_char) if x.unit == Unit.PERCENT
                         else None)):
            if m is not None:  # 'position in the Mexican peso shrank by': the name ends before its verb
                name = re.sub(r"\s+(?:[a-z]+ed|shrank|fell|rose|grew|slid|sank|swung|hit|cut)$", "", m.group("np"))
                linked = next((mm for mm in self._in_m(sent.start_char, sent.end_char) if mm.text in name), None)
                return self._noted(rule, linked.name if linked else name), linked.kind if linked else None
        return None

    def _poll_count(self, x: NumExpr, sent: Span) -> Found | None:
        """'as 21 of 24 economists in a Reuters poll had expected': a count of the people polled is the poll's."""
        m = POLL_COUNT.regex.match(self.text, x.num_end)
        if m is not None and not x.currency and m.end() <= sent.end_char:
            return self._noted(POLL_COUNT, f"{(m.group('a') or m.group('b')).rstrip('.')} poll"), None
        m = POLL_COUNT_UNNAMED.regex.match(self.text, x.num_end)
        if m is None or x.currency or m.end() > sent.end_char:
            return None
        return self._noted(POLL_COUNT_UNNAMED, m.group("np")), None

    def _target_for(self, x: NumExpr, sent: Span) -> Found | None:
        """'raised their target for the Arden 40 index to 9,000': the figure is about the index."""
        window_start = max(sent.start_char, x.start - 90)
        tm = None
        for tm in TARGET_FOR.regex.finditer(self.text, window_start, x.start):
            pass
        if tm is None:
            return None
        for m in self._in_m(tm.end(), x.start):
            if TARGET_GAP.fullmatch(self.text[m.end:x.start]):
                return m.name, m.kind
        return None

    def _rate_footer(self, x: NumExpr) -> Found | None:
        """'($1 = 0.9859 Swiss francs)': a wire's conversion footer states the price of the currency it names after
        the figure (one unit of it: 'Swiss franc')."""
        words = self.text[x.num_end:x.end].split()
        if not words or not M_RATE_FOOTER.regex.search(self.text, max(0, x.start - 8), x.start):
            return None
        words[-1] = re.sub(r"(?<=[a-z])s$", "", words[-1])  # 'francs' -> 'franc', 'rupees' -> 'rupee'
        return self._noted(M_RATE_FOOTER, " ".join(words)), None

    def _currency_moved(self, x: NumExpr, sent: Span) -> Found | None:
        """"China's yuan firmed to 7.105 per dollar", 'the Indian rupee fell 0.3%': the currency, not its country."""
        lo = max(sent.start_char, x.start - 80)
        m = CURRENCY_MOVED.regex.search(self.text[lo:x.start])
        seen = m is None and FORECAST_VERB.search(self.text, sent.start_char, x.start) is not None
        if seen:
            m = CURRENCY_SEEN.regex.search(self.text[lo:x.start])
        if m is None or any(lo + m.start("cur") < e.end and e.start < lo + m.end("cur") and e.kind != "place"
                            for e in self._in_m(lo, x.start)):
            return None  # 'Dollar General fell 3%': a company's name
        cur = m.group("cur")
        first = cur.split()[0]
        if len(cur.split()) > 1 and DEMONYMS.get(first.lower()) is None:
            cur = cur.split()[-1]  # 'Tuesday yuan' is the yuan; 'Indian rupee', 'U.S. dollar' keep their demonym
        return (self._noted(CURRENCY_SEEN, cur) if seen else cur), None

    def _figure_for(self, x: NumExpr, sent: Span) -> Found | None:
        """'a gain of more than 20% for the Arden 40', 'a 2% drop in Quillmark': the name the figure's own noun
        phrase attaches it to (not a place: 'rose 3% in Norland' is where, not whose)."""
        nominal = FIGURE_NOUN_BEFORE.search(self.text[max(sent.start_char, x.start - 40):x.start]) is not None
        after = FIGURE_FOR.match(self.text, pos=x.end)
        if after is None or not (nominal or re.match(r"\s+" + MOVE_NOUNS, self.text[x.end:], re.IGNORECASE)):
            return None
        for m in self._in_m(after.end(), min(sent.end_char, after.end() + 60)):
            if m.start == after.end() and m.kind != "place":
                return m.name, m.kind
        return None

    def _relative_of(self, x: NumExpr, sent: Span) -> Found | None:
        """'trails the Arden 40, which rose more than 30%': a relative clause's figure is about its antecedent."""
        near = self._in_m(max(sent.start_char, x.start - 70), x.start)
        if near and near[-1].kind != "place" and RELATIVE_OF.fullmatch(self.text[near[-1].end:x.start]):
            return near[-1].name, near[-1].kind
        return None

    def _spread_named(self, x: NumExpr, sent: Span) -> Found | None:
        """'narrowing the gap between two- and 10-year yields to 37 bps': the gap the figure measures."""
        m = SPREAD_NAMED.regex.search(self.text, max(sent.start_char, x.start - 140), x.start)
        return None if m is None else (self._noted(SPREAD_NAMED, _from_article(m.group("np"))), None)

    def _owned_by_places(self, lo: int, hi: int) -> bool:
        """Every possessive in text[lo:hi] is a place's ("Britain's 30-year gilt yield", not "Orrel's dividend
        yield")."""
        places = {m.end for m in self._in_m(lo, hi) if m.kind == "place"}
        return all(p.start() + lo in places for p in re.finditer(r"['’](?:s\b|\s)", self.text[lo:hi]))

    def _yield_moved(self, x: NumExpr, sent: Span) -> Found | None:
        """'The benchmark 10-year yield dropped 9 basis points to 4.18%': the yield its clause names moved (not a
        company's own yield, "Orrel's dividend yield", nor one side of 'the spread between two- and 10-year yields')."""
        if x.unit not in (Unit.PERCENT, Unit.PERCENTAGE_POINTS):
            return None
        lo = max(sent.start_char, x.start - 160)
        window = self.text[lo:x.start]
        m = YIELD_MOVED.regex.search(window)
        if m is None or not BOND_YIELD.search(m.group("np")) or \
                re.match(r"(?:its|their|his|her)\b", m.group("np"), re.IGNORECASE) or \
                not self._owned_by_places(lo + m.start("np"), lo + m.end("np")):
            return None
        gap = YIELD_GAP.search(window[:m.start("np")])  # 'The gap between Italian and German 10-year yields'
        return self._noted(YIELD_MOVED, (gap.group() if gap else "") + _from_article(m.group("np"))), None

    def _at_level(self, x: NumExpr, sent: Span) -> Found | None:
        """'Delmar sees the Arden 40 at 9,000', 'Brent steady above $80': the named thing at that level."""
        for m in self._in_m(max(sent.start_char, x.start - 40), x.start):
            if m.kind in ("index", "commodity", "company", "basket") and AT_LEVEL.fullmatch(self.text[m.end:x.start]):
                return m.name, m.kind
        return None

    def _small_clause(self, x: NumExpr, sent: Span) -> Found | None:
        """'with the Arden Tech Index up more than 12%', 'sending Orrel down 17%': the name before 'up/down N%'."""
        near = self._in_m(max(sent.start_char, x.start - 70), x.start)
        if near and near[-1].kind != "place" and SMALL_CLAUSE.fullmatch(self.text[near[-1].end:x.start]):
            return near[-1].name, near[-1].kind
        return None

    def _possessive_move(self, x: NumExpr, sent: Span) -> Found | None:
        """"the Arden 40's more than 30% rally" (not "Norland's Arden 40 slid 1.8%", whose index follows)."""
        window = self._in_m(max(sent.start_char, x.start - 80), x.start)
        for m in window:
            gap = self.text[m.end:x.start]
            if POSSESSIVE_GAP.fullmatch(gap) and not any(o.start >= m.end for o in window) and not (
                    _place_or_exchange(m) and INDEX_HEADS & set(gap.lower().split())):
                return m.name, m.kind  # not "the Norland Stock Exchange's All-Share index rose 1%"
        return None

    def _walk(self, x: NumExpr, sent: Span, tok: Token) -> Found:
        """Up the parse: number -> noun it measures -> verb -> subject."""
        cur = tok
        for _ in range(12):
            if cur.dep_ == "poss":
                break
            if cur.pos_ in ("NOUN", "PROPN") and cur is not tok:
                found = self._from_noun(cur, tok)
                if found:
                    return found
                if cur.dep_ in ("nsubj", "nsubjpass"):
                    break
            if cur.pos_ == "VERB" and cur.tag_ == "VBG" and cur.i > 0:
                found = self._described_by_participle(cur, sent)
                if found:
                    return found
            if cur.pos_ in ("VERB", "AUX") or cur.dep_ == "ROOT":
                return self._from_verb(cur, tok, x, sent)
            if cur.head is cur:
                break
            cur = cur.head
        return self._fallback(x, sent)

    def _from_noun(self, cur: Token, tok: Token) -> Found | None:
        """The figure's own noun: a possessive, 'rally in X' / 'drop in an index of X', or the clause subject."""
        if any(c.dep_ == "poss" for c in cur.children):
            name, kind = self._np_subject(cur)
            if name:
                return name, kind
        for c in cur.children if MOVE_NOUN_AFTER.match(" " + cur.text) else ():
            if c.dep_ == "prep" and c.lower_ in ("in", "of") and c.i > tok.i:
                for p in c.children:
                    if p.dep_ != "pobj":
                        continue
                    ent = self._ent_in(p.left_edge.idx, p.right_edge.idx + len(p.right_edge))
                    if ent:
                        return ent.name, ent.kind
                    if cur.dep_ in ("nsubj", "nsubjpass") and MOVE_VERB.fullmatch(cur.text):
                        name, kind = self._np_subject(p)
                        if name:
                            return name, kind
        if cur.dep_ in ("nsubj", "nsubjpass"):
            name, kind = self._np_subject(cur)
            if name:
                return name, kind
        return None

    def _described_by_participle(self, cur: Token, sent: Span) -> Found | None:
        """'its Irish plant, employing 80 people': the noun the participle describes."""
        prev = next((t for t in reversed(self.doc[sent.start:cur.i]) if not t.is_punct), None)
        if prev is not None and prev.pos_ in ("NOUN", "PROPN") and prev.dep_ != "pobj":
            name, kind = self._np_subject(prev)
            if name:
                return name, kind
        return None

    def _from_verb(self, verb: Token, tok: Token, x: NumExpr, sent: Span) -> Found:
        """The subject of the verb governing the figure, climbing through conjuncts and complements."""
        for _ in range(4):
            subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and subj.i > tok.i and any(
                    t.dep_ == "mark" or t.lower_ in SUBORDINATORS for t in self.doc[tok.i + 1:subj.i]):
                return self._fallback(x, sent)  # '... up 12% this year as investors returned': not that clause's
            if subj is not None and subj.lower_ in ("which", "that", "who") and verb.dep_ == "relcl" and \
                    verb.head.pos_ in ("NOUN", "PROPN"):
                name, kind = self._np_subject(verb.head)  # 'The index, which is up 12% ...'
                if name:
                    return name, kind
            if subj is not None and not subj.i <= tok.i <= subj.right_edge.i:
                found = self._from_subject(subj, verb, x, sent)
                if found is not None:
                    return found
            if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN"):
                name, kind = self._np_subject(verb.head)
                if name:
                    return name, kind
            if verb.dep_ not in ("conj", "xcomp", "advcl", "ccomp", "pcomp", "acl", "relcl") or verb.head is verb:
                break
            verb = verb.head
        return self._fallback(x, sent)

    def _from_subject(self, subj: Token, verb: Token, x: NumExpr, sent: Span) -> Found | None:
        """The verb's subject names the figure's owner; an abstract one ('net profit') defers to the sentence's
        first entity or to the reporting clause ('Orrel said net profit rose 12%'). None: keep climbing."""
        name, kind = self._np_subject(subj)
        if name:
            return name, kind
        if subj.lower_ in ABSTRACT_HEADS:
            forecast = self._forecast_np(subj, verb)
            if forecast is not None:
                return forecast
        if subj.lower_ in ABSTRACT_HEADS or subj.pos_ == "PRON":
            found = self._fallback(x, sent, allow_none=True)
            if found[0]:
                return found
            return self._reporter(verb) or found
        return None

    def _forecast_np(self, subj: Token, verb: Token) -> Found | None:
        """The noun phrase a forecasting verb's complement moves ('expects global container demand to grow 2%'), when
        it names a thing of its own: words besides metric and period words, no possessor ('its sales')."""
        head = verb.head
        if verb.dep_ not in ("xcomp", "ccomp") or head is verb or head.pos_ != "VERB" or not head.text.islower() or \
                not FORECAST_NP.regex.fullmatch(head.text):  # not a name's word ('Orrel Estates Projects')
            return None
        np = self.doc[subj.left_edge.i:subj.i + 1]
        if any(t.dep_ == "poss" or t.pos_ == "PRON" or t.like_num for t in np) or self._in_m(
                np.start_char, np.end_char):
            return None  # 'its revenue', 'Orrel's sales': the company's; a named thing is the other rules' question
        own = [w for w in np.text.lower().split() if w not in ABSTRACT_HEADS and w not in METRIC_QUALIFIERS and
               w not in ("the", "a", "an", "this", "that") and not _is_time(w)]  # 'constant-currency' is one word
        if not own:
            return None
        words = list(np)
        while words and words[0].pos_ == "DET":
            words = words[1:]
        return self._noted(FORECAST_NP, self.doc[words[0].i:subj.i + 1].text), None

    def _reporter(self, verb: Token) -> Found | None:
        """'The company said net profit rose 12%': whose figure an abstract subject is, from the reporting clause."""
        head = verb.head
        if verb.dep_ not in ("ccomp", "conj") or head is verb or not REPORTING_VERB.fullmatch(head.lower_):
            return None
        subj = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subj or subj[0].lower_ in ABSTRACT_HEADS or subj[0].pos_ == "PRON" and subj[0].lower_ not in PRONOUNS:
            return None
        if subj[0].lower_ in CROWDS:
            return None
        name, kind = self._np_subject(subj[0])
        return (name, kind) if name else None

    def _fallback(self, x: NumExpr, sent: Span, allow_none: bool = False) -> Found:
        """The first entity of the sentence before the figure; else a proper name right before it; else a
        linked entity after it."""
        before = [m for m in self._in_m(sent.start_char, x.start) if m.kind != "place"]
        if before:
            return before[0].name, before[0].kind
        if allow_none:
            return NOTHING
        name = self._proper_name_before(x, sent)
        if name:
            return name, None
        after = [m for m in self._in_m(x.end, sent.end_char) if m.kind != "place" and m.kb_id]
        return (after[0].name, after[0].kind) if after else NOTHING

    def _proper_name_before(self, x: NumExpr, sent: Span) -> str | None:
        """A proper name in the figure's clause ('Orrel Motors down over 2%')."""
        clause_start = max(sent.start_char, self.text.rfind(";", sent.start_char, x.start) + 1,
                           self.text.rfind(":", sent.start_char, x.start) + 1)
        span = self.doc.char_span(clause_start, x.start, alignment_mode="contract")
        if span is None:
            return None
        chunk: list[Token] = []
        for t in span:
            if MOVE_VERB.fullmatch(t.text) or PERIOD_TOKEN.fullmatch(t.text):
                if chunk:
                    break
                continue
            caps_ok = not t.is_upper or (len(t) >= 3 and t.text not in CURRENCY_CAPS)
            if t.text in CURRENCY_NAMES or t.lower_ in TIME_WORDS:
                if chunk:
                    break
                continue
            if t.pos_ == "PROPN" and caps_ok or (t.pos_ == "PROPN" and chunk):
                chunk.append(t)
            elif chunk:
                break
        if chunk and chunk[0].i > span.start - 1 and len(chunk) <= 4:
            return self.doc[chunk[0].i:chunk[-1].i + 1].text
        return None

    def remember(self, name: str | None, kind: str | None, sent: Span) -> None:
        if not name or name == "the company" or POLL_NAME.search(name):
            return  # a poll ('Reuters poll' of '28 economists polled by Reuters') sizes a forecast: never its subject
        name = next((m.name for m in self.mentions if m.text == name), name)  # the memory holds canonical names
        self.state.last_subject = name
        self.state.last_kind = kind
        self.state.last_sentence = sent.start_char
        self.state.history = [(name, kind)] + [h for h in self.state.history if h[0] != name][:4]
        # 'An equal-weighted basket of ... dubbed the Big Five': later 'the basket' means it
        for t in sent:
            if t.lower_ in COREF_NOUNS and t.pos_ == "NOUN" and (COREF_NOUNS[t.lower_] in (None, kind)):
                self.state.by_noun.setdefault(t.lower_, name)


def _call_word(phrase: str | None) -> bool:
    """'target', 'the estimate': a forecast's or a call's word alone."""
    words = (phrase or "").lower().split()
    return bool(words) and words[-1] in CALL_WORDS and len(words) <= 2 and (len(words) == 1 or words[0] in ARTICLES)


# a place or a name made an adjective ('Shenzhen-based', 'Nasdaq-listed'): it does not name the phrase's head
ADJECTIVAL_AFTER = re.compile(r"-(?:based|listed|owned|backed|controlled|headquartered|registered)\b", re.IGNORECASE)


def _of_adjectival(tok: Token) -> bool:
    """'Shenzhen' of 'Shenzhen-based'."""
    return ADJECTIVAL_AFTER.match(doc_text(tok.doc), tok.idx + len(tok)) is not None


def cut_verb_phrase(subject: str, mentions: list[Mention], ss: int, pos: int) -> str | None:
    """'Norland vows stimulus' -> 'Norland': a subject is a noun phrase, never a clause. Only cut when the
    phrase starts with a name found in the sentence, so that plural nouns ('rate cuts') are left alone."""
    words = subject.split()
    if len(words) < 2:
        return subject
    for m in mentions:
        if ss <= m.start < pos and (subject.startswith(m.text + " ") or subject.startswith(m.name + " ")):
            rest = subject[len(m.text if subject.startswith(m.text + " ") else m.name):].split()
            if rest and SUBJECT_VERB.fullmatch(rest[0]):
                return m.name
    if SUBJECT_VERB.fullmatch(words[0]) and words[0][0].isupper() and not words[0].isupper() and \
            not any(subject == m.name for m in mentions):
        return None  # 'Vows Stimulus': a headline's verb phrase (not an acronym or a name: 'SET Index')
    return subject




# how a text writes an economy that the guide's short name stands for (not 'England', 'America', 'Great Britain')
_ECONOMY_SPELLINGS = frozenset({"U.S.", "US", "U.S.A.", "USA", "United States", "Britain", "UK", "U.K.",
                                "United Kingdom", "euro zone", "Euro zone", "eurozone", "Eurozone", "euro area"})


# an analyst's call before the name it is on: 'Buy Halvard Infra', 'Sell Tarvo Steel' name the company
CALL_VERB = Rule("subject.call_verb", r"^(?:Buy|Sell|Accumulate|Short)\s+(?=[A-Z0-9])",
                 examples=("Buy Halvard Infra", "Sell Tarvo Steel"), flags=0)


def short_subject(subject: str | None, mentions: list[Mention]) -> str | None:
    """A subject as the text writes it: an economy by the name the text gives it ('U.S.', 'Britain'), when the
    rules named it by its short name or its KB name ('US', 'United Kingdom'); an economy the text never names
    keeps its short name ('US' for a Fed figure); without a wire's instrument code ('Orrel Motors <ORL.N>'), an
    analyst's call before it ('Buy Halvard Infra') or a clause after a semicolon ('Halvard Infra; target')."""
    if not subject:
        return subject
    out = CALL_VERB.regex.sub("", RIC_MARKUP.sub("", subject)).split(";")[0].strip()  # no name holds a ';'
    short = SHORT_PLACE.get(out, out)
    written = next((m.text for m in mentions if m.kind == "place" and SHORT_PLACE.get(m.name, m.name) == short
                    and m.text in _ECONOMY_SPELLINGS), None)
    if written is not None and (out in SHORT_PLACE.values() or out in SHORT_PLACE):
        out = written
    elif out in SHORT_PLACE and any(m.kind == "place" and out in (m.name, m.text) for m in mentions):
        out = SHORT_PLACE[out]
    return out or None


_ADJUNCT_DEPS = frozenset({"advcl", "advmod", "npadvmod"})


def adjunct_move(tok: Token) -> Token | None:
    """The move word of a figure written as a comma's adjunct ('..., losing 5.2%', '..., down 6%'): a present
    participle or 'up'/'down' hanging on the clause's verb, with no subject or object but the figure."""
    move = tok
    for _ in range(3):
        if move.tag_ == "VBG" or move.lower_ in ("up", "down"):
            break
        move = move.head
    else:
        return None
    doc = tok.doc
    if move.dep_ not in _ADJUNCT_DEPS or move.head.pos_ not in ("VERB", "AUX") or move.i < 1 \
            or doc[move.i - 1].text != "," or move.head.i > move.i:
        return None
    figure = {tok.i} | {a.i for a in tok.ancestors}  # the figure's own words ('5.2' and its '%')
    own = [c for c in move.children if c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.i not in figure]
    return None if own else move


def named_part(noun: Token) -> str | None:
    """The name of a part of the company a possessive pronoun stands for ('its asthma drug Brelvia' -> 'Brelvia',
    'its Kestrel payments business' -> 'Kestrel payments business'), or of the company a merger makes ('the
    combined group' -> 'combined group'); None for any other noun phrase."""
    kids = list(noun.children)
    if any(c.dep_ == "det" and c.lower_ == "the" for c in kids):
        mods = [c for c in kids if c.dep_ == "amod"]
        if mods and MERGED_ENTITY.regex.fullmatch(f"{mods[-1].lower_} {noun.lower_}"):
            return f"{mods[-1].lower_} {noun.lower_}"
        return None
    if not any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in kids):
        return None
    appos = next((c for c in kids if c.dep_ == "appos" and c.pos_ == "PROPN" and c.i == noun.i + 1), None)
    if appos is not None:
        return noun.doc[appos.left_edge.i:appos.i + 1].text  # 'its drug Brelvia': the drug's own name
    names = [t for t in noun.doc[noun.left_edge.i:noun.i] if t.pos_ == "PROPN"
             and not any(c.dep_ == "case" for c in t.children)]  # "its Alzheimer's drug" names no drug
    if names and NAMED_PART.regex.fullmatch(noun.lower_) and not noun.doc[names[0].i:noun.i].text.isupper():
        return noun.doc[names[0].i:noun.i + 1].text  # 'its Kestrel payments business'
    mods = [c for c in noun.lefts if c.dep_ in ("amod", "compound", "nmod") and not c.like_num and
            not _is_time(c.lower_)]
    if mods and NAMED_PART.regex.fullmatch(noun.lower_) and not any(c.lower_ in WHOLE_WORDS for c in mods):
        return noun.doc[mods[0].left_edge.i:noun.i + 1].text  # 'its service unit', 'its fibre network'
    return None


def _from_article(phrase: str) -> str:
    """'pushing the 30-year gilt yield' -> 'the 30-year gilt yield': a phrase a pattern read starts at its article."""
    the = re.search(r"\b[Tt]he\s", phrase)
    return phrase[the.start():] if the else phrase


def _looks_like_name(name: str) -> bool:
    """'Fallowfield REIT', not 'Gasoline prices' or 'the company': every word capitalised."""
    return all(w[:1].isupper() for w in name.split()) and not name.startswith(("The ", "A "))


def _is_time(word: str) -> bool:
    return word in TIME_WORDS or word.endswith("s") and word[:-1] in TIME_WORDS


def _place_name(name: str) -> str:
    """A place as an economy's short name: 'Beijing' -> 'China', 'United States' -> 'US' (how a macro figure's
    subject is written: 'US CPI', 'UK GDP')."""
    name = CAPITAL_COUNTRY.get(name, name)
    return SHORT_PLACE.get(name, name)


def _nearest(rule: Rule, text: str, lo: int, hi: int, x: NumExpr) -> int | None:
    """Distance from the figure to the nearest match of ``rule`` in ``text[lo:hi]``, or None."""
    best: int | None = None
    for m in rule.regex.finditer(text, lo, hi):
        d = x.start - m.end() if m.end() <= x.start else max(m.start() - x.end, 0)
        best = d if best is None or d < best else best
    return best


def economy_figure(text: str, ss: int, se: int, x: NumExpr, fired: list[str] | None) -> bool:
    """The figure measures an economy (inflation, GDP, jobs) rather than a policy rate the central bank sets:
    the nearer of the two kinds of words decides."""
    lo, hi = max(ss, x.start - 80), min(se, x.end + 60)
    eco, pol = _nearest(ECONOMY_WORDS, text, lo, hi, x), _nearest(POLICY_WORDS, text, lo, hi, x)
    if eco is None or pol is not None and pol < eco:
        return False
    ECONOMY_WORDS.note(fired)
    return True


def _economy_of(subject: str | None, mentions: list[Mention], text: str, ss: int, se: int, x: NumExpr
                ) -> str | None:
    """The economy a figure is about: a place in its subject phrase or in its sentence, the country of a
    central bank named as subject or in the sentence, else the place named last before the figure in the text."""
    if subject:
        low = subject.lower()
        for m in mentions:
            if m.kind == "place" and (m.name == subject or m.text == subject or re.search(
                    r"\b" + re.escape(m.text.lower()) + r"\b", low)):
                return _place_name(m.name)
        country = _demonym(subject)
        if country:
            return _place_name(country)
    places = [m for m in mentions if ss <= m.start < se and m.kind == "place" and not _destination(text, m)]
    if places:
        before = [m for m in places if m.end <= x.start]
        return _place_name((before[0] if before else places[0]).name)
    country = _demonym(text, ss, x.start)
    if country:
        return _place_name(country)
    banks = [subject] + [m.name for m in mentions if ss <= m.start < se]
    bank = next((b for b in banks if b in BANK_ECONOMY), None)
    if bank is not None:
        return BANK_ECONOMY[bank]
    earlier = [m for m in mentions if m.kind == "place" and m.end <= ss]
    return _place_name(earlier[-1].name) if earlier else None


# 'cut its 2026 sales growth forecast to 4%', 'their export growth of 3%': the figure's noun is the company's own
OWN_FIGURE = Rule(
    "subject.own_figure",
    r"\b(?:its|their)\s+(?:[\w.-]+\s+){0,4}?(?:growth|forecast|guidance|outlook|target|estimate|projection|sales|"
    r"revenue|margin|profit|earnings|exports?|output|production|volumes?|demand)s?\s+(?:(?:to|at|of|by|from|was|is|"
    r"were|be)\s+)?(?:about\s+)?$",
    examples=("cut its 2026 sales growth forecast to ", "its revenue growth of ", "their export growth was "))


# a company's metric phrase a ranker may pick whole ("Quill Bank's net interest income"): the company is the subject
POSSESSED_METRIC = Rule(
    "subject.possessor_of_metric",
    r"(?P<owner>.+?)['’]s\s+(?:[a-z][\w-]*\s+){0,3}?(?:revenues?|sales|profits?|earnings|income|margins?|EBITDA|"
    r"EBIT|EPS|orders|deliveries|output|production|dividends?|costs?|debt|cash flow)",
    examples=("Quill Bank's net interest income", "Orrel's quarterly revenue", "Tamsin’s EBITDA"), flags=0)
# the first name of a clause after ';' is its own subject ('; Nifty races past 7,600'), not a possessor's pronoun
# ('; its shares jumped'), a place ('; in Frankfurt, ...') or a speaker set off by commas ('; Marlo, its largest
# holder, said')
# a body that publishes figures about others and says so in the sentence ('..., the Norland Statistics Office said',
# 'according to the Norland Real Estate Association'): who states the figure, not what it is about
DATA_BODY = Rule("subject.data_body", r"\b(?:Office|Bureau|Association|Agency|Ministry|Department|Statistics|"
                 r"Institute|Administration|Society|Council|Federation|Confederation)$",
                 examples=("Norland Statistics Office", "Norland Real Estate Association"), flags=0)
# a phrase that only names a time ('June', 'early March', 'Tuesday'): when, never whose figure
TIME_PHRASE = re.compile(rf"(?:(?:the|early|late|mid|this|last|next)[\s-]+)?(?:{MONTHS}|(?:Mon|Tues|Wednes|Thurs|Fri|"
                         r"Satur|Sun)day|today|yesterday|week|month|year|quarter|(?:19|20)\d\d)", re.IGNORECASE)
BODY_SPEAKS = r"(?:\s*,[^,]{1,80},)?\s+(?:also\s+)?(?:said|says|reported|reports|showed|shows|estimated|estimates)\b"
BODY_ACTS = r"\s+(?:that\s+)?(?:it|its|they|their)\b"  # 'the Debt Management Office said it would sell': its own act
BODY_CITED = r"\b(?:according to|said|says)\s+(?:the\s+)?(?:[\w'-]+\s+){0,3}$"
OWN_CLAUSE_START = Rule("subject.own_clause_start", r";\s*(?:the\s+)?$", examples=("; ", "; the "), flags=0)
OWN_CLAUSE_ASIDE = Rule("subject.own_clause_aside", r"\s*(?:<[^<>]{1,20}>\s*)?,", examples=(", its largest holder,",),
                        flags=0)
# a government body that publishes national statistics: the figure's source, never what it is about
DATA_AGENCY = Rule("subject.data_agency",
                   r"\b(?:Statisti\w+|Census|Eurostat|INSEE|ONS|Destatis|Istat|Bureau of (?:Labor|Economic)|"
                   r"Office for National)\b",
                   examples=("Federal Statistics Office", "the statistics agency INSEE", "Bureau of Labor Statistics"),
                   flags=0)


# a government bond or its yield named as a figure's subject ('the 30-year gilt yield', 'seven-year notes'): a market
# instrument, which the guide names as written, like a commodity or an index
BOND_SUBJECT = Rule(
    "subject.bond_instrument",
    r"(?:\b(?:yields?|bonds?|notes|gilts?|Bunds?|JGBs?|Treasur(?:y|ies)|OATs|BTPs)|\byields?\s+on\s+(?:the\s+)?"
    r"(?:[\w.'’-]+\s+){0,3}(?:bonds?|notes?|gilts?|Bunds?|JGBs?|Treasur(?:y|ies)))(?:\s*<[^<>]{1,20}>)?$",
    examples=("the benchmark 10-year yield <US10YT=RR>", "30-year gilts", "The yield on the 10-year Treasury note"))


# a trade figure named by its bare noun: the economy that trades ('Imports fell 1.9%' after "China's exports rose")
TRADE_FIGURE = Rule("subject.trade_figure", r"(?:the\s+)?(?:imports|exports|shipments|trade\s+(?:surplus|deficit)|"
                    r"current\s+account\s+(?:surplus|deficit))", examples=("Imports", "The trade surplus"))


def _trading_economy(mentions: list[Mention], text: str, x: NumExpr) -> str | None:
    """The economy named last before the figure, not as a destination ('exports to the United States')."""
    places = [m for m in mentions if m.kind == "place" and m.end <= x.start and not _destination(text, m)]
    return _place_name(places[-1].name) if places else None


def _destination(text: str, m: Mention) -> bool:
    """A place goods go to ('exports to the United States', 'shipments into Europe'), or the country of the benchmark
    a spread is measured over ('115 basis points over U.S. Treasuries'): not the economy whose figure it is ('exports
    from Malaysia' are Malaysia's, 'imports to Japan' Japan's, 'Turning to Canada' names Canada)."""
    return re.search(r"\b(?:exports?|shipments?|sales|deliveries)\s+(?:[\w-]+\s+)?(?:to|into)\s+(?:the\s+)?$",
                     text[max(0, m.start - 40):m.start], re.IGNORECASE) is not None or \
        _spread_benchmark(text, m.start, m.end)


# the country of a spread's benchmark, before and after it ('over U.S. Treasuries', 'above comparable Bunds')
SPREAD_BENCHMARK = Rule("subject.spread_benchmark",
                        r"\b(?:over|above|against|versus|vs\.?)\s+(?:comparable\s+|benchmark\s+|the\s+)?$",
                        ("115 basis points over ", "the extra yield over comparable "))
BENCHMARK_AFTER = re.compile(r"\s+(?:Treasur(?:y|ies)|Bunds?|gilts?|JGBs?)\b")


def _spread_benchmark(text: str, start: int, end: int) -> bool:
    return SPREAD_BENCHMARK.regex.search(text[max(0, start - 30):start]) is not None and \
        BENCHMARK_AFTER.match(text, end) is not None


def macro_subject(subject: str | None, kind: str | None, mentions: list[Mention], text: str, ss: int, se: int,
                  x: NumExpr, fired: list[str] | None = None) -> str | None:
    """GDP, inflation, jobs are about an economy, named short ('US', 'UK', 'China': the guide's 'US GDP',
    'UK inflation'), even when a central bank or a statistics office is the sentence's subject; a policy rate
    keeps the institution that sets it ('Federal Reserve'); a company's own growth figure keeps the company; a
    poll's figure ('21 of 24 economists in a Reuters poll') stays the poll's."""
    if subject and fired and {POLL_COUNT.id, POLL_COUNT_UNNAMED.id, POLL_SHARE.id} & set(fired):
        return subject
    if subject and TRADE_FIGURE.fullmatch(subject, fired):
        return _trading_economy(mentions, text, x) or subject  # 'Imports fell 1.9%' after "China's exports rose"
    if subject and kind is None and x.unit in (Unit.PERCENT, Unit.PERCENTAGE_POINTS) and BOND_YIELD.search(subject) \
            and BOND_SUBJECT.search(subject, fired):
        return subject  # 'the benchmark 10-year yield', '30-year gilts': the instrument, not the economy it is of
        # (not a bare 'the yield', which names no bond; not an amount of money, as borrowing after the yield)
    if subject and (kind == "company" or any(m.name == subject and m.kind == "company" for m in mentions)) and \
            OWN_FIGURE.search(text[max(ss, x.start - 70):x.start], fired):
        return subject
    if economy_figure(text, ss, se, x, fired):
        economy = _economy_of(subject, mentions, text, ss, se, x)
        if economy:
            return economy
    places = [m for m in mentions if ss <= m.start < se and m.kind == "place" and not _destination(text, m)]
    if subject:
        low = subject.lower()
        if any(m.name == subject and m.kind in ("organization",) for m in mentions) and \
                not DATA_AGENCY.regex.search(subject):
            return subject  # not a statistics office that only publishes the figure ('..., the Statistics Office said')
        for m in places:
            if m.name == subject or m.text == subject:
                return _place_name(m.name)
        if any(m.text.lower() in low or m.name.lower() in low for m in places):
            return subject
        if _demonym(subject):
            return subject
    if places:
        before = [m for m in places if m.end <= x.start]
        m = before[0] if before else places[0]
        return _place_name(m.name)
    country = _demonym(text, ss, x.start)
    if country:
        return _place_name(country)
    if subject in (None, "the company") or kind is None and subject and not MACRO_WORDS.search(subject):
        return subject if subject not in ("the company",) else None
    return subject
