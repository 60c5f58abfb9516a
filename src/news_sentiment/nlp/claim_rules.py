"""Per-number attribute rules of a claim: unit, comparator, comparison base, direction, metric.

Each stage reads the words around one number in its sentence with named rules (:mod:`rulebook`: id
``<stage>.<name>``, a pattern, examples we wrote) and returns a value of the guide's vocabularies
(:mod:`vocab`). A stage given a ``trace`` (the rule ids of the claim being built, ``Claim.rules``) appends the
id of the rule that decided. The words of a subject (heads, pronouns, demonyms) live in :mod:`claim_subjects`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from news_sentiment.nlp.numbers import MONTHS, RATE_FOOTER_OPEN, NumExpr
from news_sentiment.nlp.pipeline import STATISTICS_BODY
from news_sentiment.nlp.rulebook import Rule
from news_sentiment.nlp.vocab import Comparator, Direction, Metric, NotAClaim, Unit

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

Trace = list[str] | None


# ----------------------------------------------------------------------------- shared vocabularies
UP_WORDS = (r"ris(?:e|es|ing|en)|rose|gain(?:s|ed|ing)?|jump(?:s|ed|ing)?|climb(?:s|ed|ing)?|rall(?:y|ies|ied|ying)|"
            r"advanc(?:e|es|ed|ing)|increas(?:e|es|ed|ing)|gr(?:ow|ows|ew|own|owing)|growth|surg(?:e|es|ed|ing)|"
            r"soar(?:s|ed|ing)?|up(?! to\b)|higher|boost(?:s|ed|ing)?|lift(?:s|ed|ing)?|improv(?:e|es|ed|ement)|"
            r"rebound(?:s|ed|ing)?|spik(?:e|es|ed|ing)|doubl(?:e|ed|es|ing)(?! as\b)|tripl(?:e|ed|es|ing)|"
            r"add(?:s|ed|ing)?(?! that\b)|expand(?:s|ed|ing)|hike[sd]?|hiking|"
            r"upswing|upturn|outperform(?:s|ed)?|appreciat(?:e|ed|ion)|recover(?:s|ed|y)?|firm(?:s|ed|ing)|"
            r"zoom(?:s|ed)?|spurt(?:s|ed)?|accelerat(?:e|es|ed)|widen(?:s|ed)?|swell(?:s|ed)?|top(?:s|ped)|"
            r"leap(?:s|t|ed)?|ascend(?:s|ed)?|(?:sky)?rocket(?:s|ed)|upped|strengthen(?:s|ed|ing)?")
DOWN_WORDS = (r"f(?:all|alls|ell|allen|alling)|drop(?:s|ped|ping)?|declin(?:e|es|ed|ing)|decreas(?:e|es|ed|ing)|"
              r"slump(?:s|ed|ing)?|plung(?:e|es|ed|ing)|slid(?:e|es|ing)?|sink(?:s|ing)?|sank|tumbl(?:e|es|ed|ing)|"
              r"(?:nose[- ]?)?div(?:e|es|ed|ing)(?! into)|"
              r"down|lower(?:ed)?|cut(?:s|ting)?|los(?:e|es|t|ing|s|ses)|shed(?:s|ding)?|slash(?:es|ed|ing)?|"
              r"reduc(?:e|es|ed|tion)|shrink(?:s|ing)?|shrank|contract(?:ed|ion)|dip(?:s|ped|ping)?(?! into)|sell-?off|"
              r"slip(?:s|ped|ping)?|"
              r"retreat(?:s|ed|ing)?|crash(?:es|ed|ing)?|plummet(?:s|ed|ing)?|weaken(?:s|ed|ing)?|erod(?:e|es|ed|ing)|"
              r"lay(?:s|ing)? off|"
              r"shut(?:s|ting)?|shutter(?:s|ed|ing)?|"
              r"laid off|layoffs?|job cuts|let(?:s|ting)? go(?! of)|discount|negative|deficit|below|"
              r"underperform(?:s|ed)?|wip(?:e|ed) out|"
              r"crack(?:s|ed)?|tank(?:s|ed)?|skid(?:s|ded)?|eas(?:e|es|ed)|sag(?:s|ged|ging)?|slow(?:s|ed|ing)|"
              r"narrow(?:s|ed|ing)?|halve[sd]?|halving|trim(?:s|med|ming)?|pare[sd]?|paring|lost|soften(?:s|ed|ing)?|"
              r"correct(?:s|ed|ing|ion)?")
MOVE_VERB = re.compile(r"\b(?:" + UP_WORDS + "|" + DOWN_WORDS + r")\b", re.IGNORECASE)
UP_NOUNS = {"increase", "rise", "gain", "rally", "advance", "jump", "growth", "surge", "climb", "rebound", "upswing",
             "hike"}
# a movement noun after the figure, within two words that do not open another clause ('5% as the ministry hikes levies')
MOVE_NOUN_AFTER = re.compile(
    r"^[\s-]*(?:(?!(?:as|after|while|amid|and|but|when|since|because|with|on)\b)[\w-]+\s+){0,2}?"
    r"(?P<w>increase|rise|gain|rally|advance|jump|growth|surge|climb|rebound|upswing|hike|drop|decline|fall|slump|"
    r"decrease|loss|plunge|slide|dip|selloff|sell-off|cut|reduction|discount|contraction|premium)s?\b", re.IGNORECASE)
AGGREGATE_SCALE = 1e5  # a lakh: money written with this scale word or a larger one is a total ('Rs 89 crore', '$2 bn')
BUSINESS_METRICS = frozenset({Metric.REVENUE, Metric.PROFIT, Metric.EPS, Metric.DIVIDEND, Metric.MARGIN,
                              Metric.VOLUME_FLOWS, Metric.HEADCOUNT, Metric.MARKET_VALUE, Metric.MACRO})
APPOSITIVE_CHANGE = re.compile(
    r"[^;:,]*,\s*(?:up|down|higher|lower|rising|falling|increasing|decreasing|an?\s+(?:increase|decrease|rise|drop|"
    r"gain|fall|decline|jump|growth)(?:\s+of)?)\s+(?:by\s+)?(?:(?:about|around|nearly|almost|more than|over|some|"
    r"roughly|just over|less than)\s+)?", re.IGNORECASE)
_FX_WORDS = [("rupees?", "INR"), ("rupiah", "IDR"), ("yen", "JPY"), ("yuan|renminbi", "CNY"), ("won", "KRW"),
             ("ringgit", "MYR"), ("baht", "THB"), ("peso", "MXN"), ("real", "BRL"), ("roubles?|rubles?", "RUB"),
             ("lira", "TRY"), ("rand", "ZAR"), ("sterling|pound", "GBP"), ("euro", "EUR"), ("Swiss franc", "CHF"),
             ("Aussie|Australian dollar", "AUD"), ("loonie|Canadian dollar", "CAD"), ("Re", "INR"), ("forint", "HUF"),
             ("zloty", "PLN"), ("koruna|Czech crown", "CZK"), ("shekel", "ILS"), ("Swedish crown|krona", "SEK"),
             ("Norwegian crown|Norwegian krone", "NOK"), ("Danish crown|Danish krone", "DKK"),
             ("Icelandic crown|Icelandic krona", "ISK"), ("Romanian leu", "RON"), ("(?<=the )franc", "CHF")]


def _words(s: str) -> list[str]:
    return re.findall(r"[\w$€£%]+(?:[-'’.][\w]+)*", s)


# ----------------------------------------------------------------------------- comparator
def _before(words: str) -> str:
    return r"(?:^|[\s(])(?:" + words + r")\s*$"


COMPARATOR_BEFORE: list[tuple[Rule, Comparator]] = [
    (Rule("comparator.at_least_before", _before(r"no less than|not less than|at least|a minimum of|minimum of|"
                                                r"at minimum"),
          ("The plant will hire at least ",)), Comparator.AT_LEAST),
    (Rule("comparator.more_than_before", _before(r"more than|over|above|upwards of|in excess of|exceeding|"
                                                 r"greater than|north of|beyond|tops|topped|topping|to top|"
                                                 r"(?<!the )(?<!a )top|cross(?:es|ed)?|"
                                                 r"surpass(?:es|ed|ing)?|exceed(?:s|ed)?"),
          ("Shares of Taldor rose more than ", "orders in excess of ")), Comparator.MORE_THAN),
    (Rule("comparator.less_than_before", _before(r"less than|under|below|fewer than|lower than|south of"),
          ("The index trades below ", "fewer than ")), Comparator.LESS_THAN),
    (Rule("comparator.at_most_before", _before(r"nearly|almost|up to|upto|a maximum of|maximum of|at most|no more than|"
                                               r"(?-i:max)(?: by)?|"
                                               r"not more than|as much as|as many as|as high as"),
          ("Brenmark may cut up to ", "the stock lost almost ")), Comparator.AT_MOST),
    (Rule("comparator.about_before", _before(r"about|around|approximately|approx\.?|roughly|some|near|close to|"
                                             r"an estimated|circa|c\.|ca\.|nearly|~"),
          ("Velto employs about ", "gold trades near ")), Comparator.ABOUT),
]
COMPARATOR_AFTER: list[tuple[Rule, Comparator]] = [
    (Rule("comparator.or_more_after", r"^\s*(?:\)\s*)?(?:or more|or higher|plus)\b",
          (" or more of its staff",)), Comparator.AT_LEAST),
    (Rule("comparator.at_most_after", r"^\s*(?:\)\s*)?(?:at most|at maximum|or less|at the most)\b",
          (" or less in fees",)), Comparator.AT_MOST),
    (Rule("comparator.at_least_after", r"^\s*(?:\)\s*)?(?:at least|at minimum)\b",
          (" at least, the filing said",)), Comparator.AT_LEAST),
]
MOVE_UP_TO = Rule("comparator.move_up_to",
                  r"\b((?:edg|tick|inch|mov|creep|crept|went|go|goes|going|gone|came|push|drift|trend|head|crawl|"
                  r"revis|adjust|mark)\w*"
                  r"|(?:push|pushed|pushing|drove|driven|drive|drives|driving|lift|lifted|lifts|sent|sends|bump|"
                  r"bumped|jack|jacked|ramp|ramped)\s+(?:[\w'’-]+\s+){1,3}?)\s*up\s+to\b",
                  ("Unemployment edged up to ", "the yield ticked up to 4%", "pushed cash costs up to ",
                   "job gains were revised up to "))


# a level a move went past: beyond it upwards for a rise ('climbed past $100'), downwards for a fall; a currency
# quoted per dollar moves its number the other way ('the yen weakened past 158 per dollar': more than 158)
MOVED_PAST = Rule("comparator.moved_past",
                  r"\b(?P<verb>[a-z]+)\s+past\s+(?:the\s+)?(?:(?:closely\s+)?watched\s+|key\s+)?"
                  r"(?:Rs\.?\s?|[$€£¥])?$",
                  ("The yen weakened past ", "Brent climbed past $", "the rupee firmed past the closely watched "))
_PAST_MOVE = re.compile(r"(?:rose|rises|rising|climb|jump|surg|soar|rall|gain|advanc|spik|push|pass|crept|creep|"
                        r"edg|inch|tick|weaken|strengthen|firm|slid|slip|fell|falls|falling|drop|tumbl|sank|sink|"
                        r"plung|slump|dip)\w*$")  # the moves read; which way each goes is the shared vocabularies'
_UP_WORD, _DOWN_WORD = (re.compile(words, re.IGNORECASE) for words in (UP_WORDS, DOWN_WORDS))
_PER_DOLLAR = re.compile(r"[\s-]*(?:(?:per|a|to the|against the|versus the)[\s-]+(?:U\.S\.\s+)?dollar|levels?\b|/\$)",
                         re.IGNORECASE)  # read with .match(text, pos)
_EXPECTED_AFTER = re.compile(r"[^.;:]{0,30}?\b(?:had\s+)?(?:expected|forecast|estimated|predicted|pencill?ed\s+in|"
                             r"projected|consensus|estimates?)\b", re.IGNORECASE)


def _moved_past(text: str, x: NumExpr, before: str, trace: Trace) -> Comparator | None:
    """'weakened past 158 per dollar', 'climbed past $100': the side of the level the move ended on."""
    m = MOVED_PAST.search(before)
    verb = m.group("verb").lower() if m else ""  # (a title-case headline: 'Yen Slides Past 158 Per Dollar')
    if not _PAST_MOVE.match(verb) or _EXPECTED_AFTER.match(text, x.end):
        return None  # ('edging past the 60 cents analysts had expected': the expectation itself, stated exactly)
    MOVED_PAST.note(trace)
    if _PER_DOLLAR.match(text, x.num_end):  # a currency per dollar: weakening raises the number
        return Comparator.LESS_THAN if _UP_WORD.fullmatch(verb) else Comparator.MORE_THAN
    return Comparator.LESS_THAN if _DOWN_WORD.fullmatch(verb) else Comparator.MORE_THAN


def comparator(text: str, x: NumExpr, sent_start: int, trace: Trace = None) -> Comparator | None:
    """How the figure is bounded: 'more than 5%', 'up to 200 jobs', '20 or more'; None when stated exactly."""
    before = text[max(sent_start, x.start - 30):x.start]
    past = _moved_past(text, x, before, trace)
    if past is not None:
        return past
    if MOVE_UP_TO.search(before):  # 'edged up to 4.1%': a move, not at most
        before = MOVE_UP_TO.regex.sub(lambda m: m.group(1) + " higher to", before)
        MOVE_UP_TO.note(trace)
    before = re.sub(r"[\s(]+$", " ", before).rstrip() + " "
    for rule, comp in COMPARATOR_BEFORE:
        if rule.search(before, trace):
            return comp
    after = text[x.end:x.end + 25]
    for rule, comp in COMPARATOR_AFTER:
        if rule.search(after, trace):
            return comp
    return None


# ----------------------------------------------------------------------------- comparison base, consensus
BASE_MARKER = Rule(
    "direction.base_marker",
    r"\b(?:from|compared (?:with|to)|versus|vs\.?|against|relative to|in comparison with)\s+"
    r"(?:(?:a|an|the)\s+)?(?:(?:loss|profit|figure|level|total)\s+of\s+)?"
    r"(?:(?:about|around|approximately|some|nearly|over|more than|under|less than)\s+)?(?:\(\s*)?$",
    ("Net sales rose to $4 million from ", "compared with a loss of about "))
CONSENSUS_BEFORE = Rule(
    "metric.consensus_before",
    r"\b(?:(?:analysts?|economists?|the market|investors|traders|a (?:Reuters |Bloomberg )?poll)\s+(?:had\s+)?"
    r"(?:forecast|expected|estimated|predicted|projected|anticipated|penciled in|pencilled in)|"
    r"(?:consensus|expectations?|estimates?|forecasts?|predictions?|projections?)\s+(?:\w+\s+){0,2}?(?:of|for|at)|"
    r"(?:consensus|expectations?|estimates?|forecasts?)\s+(?:for|of)\s+an?\s+(?:gain|rise|increase|drop|fall|decline|"
    r"loss)\s+of|"
    r"(?:consensus|expectations?|estimates?|forecasts?)\s+(?:had been|was|were|stood at|called for))\s+"
    r"(?:(?:about|around|roughly|some|nearly)\s+)?(?:\(\s*)?$",
    ("Zarvo earned $1.10 a share, while analysts had forecast ", "beating a consensus estimate of ",
     "against expectations for ", "confounding forecasts for a gain of "))
# results lines: 'EPS $1.22; FactSet consensus $1.21', 'EPS $1.22 vs. est. $1.20', 'revenue $3.1B vs. consensus $3B'
CONSENSUS_LABEL = Rule("metric.consensus_label", r"(?:\bvs\.?|\bversus|[;,])\s+(?:(?:the|a|[A-Z][\w&]*)\s+){0,2}"
                       r"(?i:consensus|est\.)\s+$", ("EPS $1.22; FactSet consensus ", "EPS $1.22 vs. est. "), flags=0)
CONSENSUS_AFTER = Rule(
    "metric.consensus_after",
    r"^\s*(?:\w+\s+){0,2}?(?:expected|forecast|estimated|predicted|anticipated)\b(?!\s+(?:to|in|for|by the company)\b)",
    (" expected by economists", " forecast by analysts"))


# 'above the 2.6% pace economists had forecast', 'below the 87.6 forecast in a Reuters poll': the actual compared
# with a consensus figure named after the number
CONSENSUS_COMPARED = Rule(
    "metric.consensus_compared",
    r"\b(?:above|below|beat(?:ing|s)?|miss(?:ing|ed|es)?|short of|ahead of|in line with|match(?:ing|ed|es)?|than|"
    r"exceed(?:ing|ed|s)?|top(?:ping|ped|s)?|double|triple|half|twice)\s+(?:the\s+)?(?:(?:median|average|mean|"
    r"consensus)\s+)?(?:(?:about|around|roughly|some)\s+)?$",
    ("grew 3.1%, above the ", "rose 0.6%, double the ", "much weaker than the ", "in line with the median "))
CONSENSUS_NAMED_AFTER = Rule(
    "metric.consensus_named_after",
    r"^[\s-]*(?:[\w-]+\s+){0,3}?(?:expected|forecast|estimated|predicted|projected|anticipated|consensus|"
    r"estimates?)\b|^[\s-]*(?:[\w-]+\s+){0,2}?(?:(?:most|many|some)\s+)?(?:economists|analysts|strategists|"
    r"(?:a\s+|the\s+)?(?:Reuters|Bloomberg)\s+poll|the market|markets|traders|investors)\b[^.;]{0,30}?\b"
    r"(?:expected|forecast|estimated|predicted|projected|anticipated|penciled in|pencilled in|looked for)\b",
    (" forecast in a Reuters poll", " pace economists polled by Reuters had forecast", " drop expected",
     " most analysts had forecast"))


def is_base(text: str, x: NumExpr, prev_end: int, trace: Trace = None) -> bool:
    """The comparison base of a movement: 'from EUR 1.1 mn', 'compared with EURO 124.6 million'."""
    gap = text[prev_end:x.start]
    return bool(BASE_MARKER.search(gap[-60:], trace))


def is_consensus(text: str, x: NumExpr, prev_end: int, trace: Trace = None) -> bool:
    """A consensus figure stated after the actual it is compared with: 'versus 4.3% expected', 'analysts had
    forecast $1.05', 'a consensus estimate of 2%'. ``prev_end``: end of the previous figure of the sentence."""
    gap = text[prev_end:x.start]
    after = text[x.end:x.end + 60]
    return bool(CONSENSUS_BEFORE.search(gap[-80:], trace) or CONSENSUS_LABEL.search(gap[-40:], trace)
                or (BASE_MARKER.search(gap[-60:]) and CONSENSUS_AFTER.search(after[:40], trace))
                or (CONSENSUS_COMPARED.search(gap[-40:]) and CONSENSUS_NAMED_AFTER.match(after) and
                    _traced(trace, CONSENSUS_COMPARED, CONSENSUS_NAMED_AFTER)))


def _traced(trace: Trace, *rules: Rule) -> bool:
    for rule in rules:
        rule.note(trace)
    return True


# ----------------------------------------------------------------------------- direction
D_OFF = Rule("direction.off", r"\boff\s+(?:(?:about|nearly|more than|some|around|over|almost|roughly)\s+)?$",
             ("Shares of Pellam were off ",), flags=0)
# an earnings surprise: the figure is the actual's distance from the consensus ('EPS beats by $0.02', 'misses by $5M')
D_SURPRISE = Rule("direction.surprise", r"\b(?:(?P<up>beat(?:s|ing)?|top(?:s|ped|ping)?|exceed(?:s|ed|ing)?)|"
                  r"miss(?:es|ed|ing)?|trail(?:s|ed|ing)?|fell short|falls short|lag(?:s|ged|ging)?)"
                  r"(?:\s+(?:estimates|expectations|consensus|forecasts?|views?|EPS|earnings|revenues?|sales))?\s+by\s+"
                  r"(?:about\s+|nearly\s+)?$",
                  ("EPS beats by ", "revenue misses by ", "topped estimates by ", "fell short by about "))
D_CIRCUIT = Rule("direction.circuit", r"\b(upper|lower)[- ]circuit\s+(?:of|at)\s+(?:Rs\.?\s*)?$",
                 ("hits lower circuit of ", "locked in upper circuit at Rs "))
D_CIRCUIT_AFTER = Rule("direction.circuit_after", r"^\s*(upper|lower)[- ]circuit\b", (" upper circuit on tie-up",))
D_ZERO = Rule("direction.zero", r"\b(?:be|is|was|were|been|are|flat at|unchanged at|stood at|stands at|remain(?:s|ed)? "
              r"at|held at|holds at)\s*\(?$", ("Growth this quarter will be ",))
D_DOWNSIDE = Rule("direction.downside", r"^\s*(?:points?\s+|pts\s+)?downside\b", (" downside in Orrel",
                                                                                     " points downside"))
D_PLUS = Rule("direction.plus_sign", r"(?:^|[\s(\[:])\+$", ("Orrel +", "Movers: Orrel (+"), flags=0)  # a written sign
D_LOSS_BEFORE = Rule(
    "direction.loss_before",
    r"(?<!stop )(?<!stop-)\b(?:loss(?:es)?|deficit|negative|write-?downs?|impairments?)\b(?:\s+\w+){0,4}?\s*"
    r"(?:of|was|were|at|to|totall?ing|amounted to|amounting to)?\s*(?:\w+\s+)?$",
    ("Quillon posted a net loss of ", "an impairment charge of "))
D_LOSS_AFTER = Rule("direction.loss_after", r"^\s*(?:\w+\s+){0,2}?(?:loss|losses|deficit|write-?downs?|impairments?)\b",
                    (" net loss in the quarter", " million write-down"))
D_MOVE_NOUN = Rule("direction.move_noun_after", MOVE_NOUN_AFTER.pattern,
                   (" increase in orders", "-percent drop"))
# 'under' only before a reference ('5% under its peak'), not a programme or a deal ('$350 million under MTN')
D_BELOW_AFTER = Rule("direction.below_after", r"^\s*(?:below|lower than|beneath|off|under(?=\s+(?:[\w'’-]+\s+){0,3}?"
                     r"(?:peak|highs?|records?|levels?|estimates?|forecasts?|targets?|consensus|price|close|average|"
                     r"benchmark|expectations|par|face value|year-ago|a year)\b))\b",
                     (" below its record", " under its 2021 peak"), flags=0)
# a level held, not reached by a move: 'trades below 24,500' (the guide's own example), 'Gold holds below $2,300'
D_STATIC_THRESHOLD = Rule(
    "direction.static_threshold",
    r"\b(?:holds?|held|holding|stays?|stayed|staying|remains?|remained|remaining|trades?|traded|trading|hovers?|"
    r"hovered|hovering|steady|stuck|sits?|sat)\s+(?:just\s+|firmly\s+|well\s+|comfortably\s+)?(?:below|under|"
    r"above|over|beneath)\s+(?:the\s+)?(?:[$€£]\s?|Rs\.?\s?|US\$\s?)?$",
    ("Nifty trades below ", "Gold holds below $", "Brent holds above $"))
# a national statistics office is no subject: its figures are its country's ('Statistics Norway said output rose')
# (the office's first word as the place ruler reads it: pipeline.STATISTICS_BODY)
STATISTICS_OFFICE = Rule("subject.statistics_office",
                         r"(?:" + "|".join(sorted(STATISTICS_BODY)) + r")\s+(?P<place>[A-Z][\w .'’-]+)",
                         examples=("Statistics Canada", "Statistics South Africa"), flags=0)
# money a company raises (funds, not a rise): 'to raise up to Rs 190 crore via IPO', 'has raised $640 million'
D_RAISED_MONEY = Rule(
    "direction.raised_money",
    r"\b(?:raise[sd]?|raising)\s+(?:up\s+to\s+|about\s+|around\s+|nearly\s+|over\s+|as\s+much\s+as\s+|"
    r"(?:a\s+)?(?:further|fresh|additional)\s+)?(?:Rs\.?\s?|[$€£]\s?|US\$\s?|HK\$\s?|A\$\s?|C\$\s?)?$",
    ("Wonderla to raise up to Rs ", "Aeroluma has raised $", "raising a further $"))
D_ABOVE_AFTER = Rule("direction.above_after", r"^\s*(?:above|higher than)\b", (" above last year's level",), flags=0)
# a movement word, not the end of a compound ('start-up', 'mark-down', 'set-up')
D_UP_VERB = Rule("direction.up_word", r"(?<!-)\b(?:" + UP_WORDS + r")\b(?!-\w)",
                 ("Revenue at Dorvin rose ", "a gain of "))
D_DOWN_VERB = Rule("direction.down_word", r"(?<!-)\b(?:" + DOWN_WORDS + r")\b(?!-\w)", ("Orders fell ", "a loss of "))
D_FROM_TO = Rule(
    "direction.from_to",
    r"(?<!-)\b(?P<v>" + UP_WORDS + "|" + DOWN_WORDS + r")\b(?:\s+[\w'’-]+){0,6}?\s+from\s+"
    r"(?:[^,;:()]|(?<=\d),(?=\d)){1,45}?\s+to\s+"
    r"(?:(?:about|around|roughly|nearly|almost|some)\s+)?$",
    ("Output rose from 2 million tonnes to ", "Revenue fell by a third from $3 million to "))
D_STEADY = Rule(
    "direction.held_steady",
    r"\b(?:h[eo]ld(?:s|ing)?|kept|keeps?|keeping|left|leaves?|leaving|stay(?:s|ed)?|remain(?:s|ed)?|was|were|"
    r"is|are|steady|flat|unchanged|stable)\b(?:\s+[\w'’-]+){0,4}?\s+(?:steady|unchanged|flat|stable|on hold|"
    r"constant)\s+(?:at|near|around)\s+(?:(?:about|around|roughly)\s+)?$|"
    r"\b(?:h[eo]ld(?:s|ing)?|stay(?:s|ed)?|remain(?:s|ed)?)\s+(?:at|near)\s+$",
    ("The bank held its key rate steady at ", "Inflation was unchanged at ", "The jobless rate held at "))
D_RAISED_TO = Rule(
    "direction.raised_to",
    r"\b(?:rais(?:e|es|ed|ing)|ups|upped|lift(?:s|ed)|hik(?:e|es|ed))\b(?:\s+[\w'’-]+){0,8}?\s+(?:to|by)\s+"
    r"(?:(?:about|around|nearly|almost|more than|over|some|roughly|a|an)\s+)?$",
    ("Brokers raised their price target on Orvel to ", "Halden ups its stake to ", "raised the dividend by "))
# 'raises dividend 4%', 'hikes fares 5%': a raised business figure by a percentage without 'to' or 'by'
D_RAISED_NOUN = Rule(
    "direction.raised_noun",
    r"\b(?:rais(?:e|es|ed|ing)|lift(?:s|ed|ing)?|hik(?:e|es|ed|ing)|boost(?:s|ed|ing)?)\s+(?:its\s+|their\s+|the\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:dividends?|payouts?|prices?|fares?|wages?|pay|output|production|capex|budget|spending|"
    r"guidance|forecasts?|outlook|targets?|investment)\s+(?:by\s+)?$",
    ("Tarsk raises dividend ", "Orvel hikes its list prices ", "Dunmore lifted annual capex "))
# a whole that is itself a move: 'About 2,000 of the 5,000 job cuts', '60 points of the 150-point gain'
_MOVE_AFTER_WHOLE = re.compile(r"\s*(?:[\w-]+\s+)?(?:job\s+)?(?:cuts|losses|gains?|increases?|rises?|drops?|declines?|"
                               r"falls?|jumps?|reductions?|layoffs)\b", re.IGNORECASE)
_WHERE_BEFORE = re.compile(r"\b(?:in|across|at|on)\s+$")  # 'fell 30% in 4 of the 5 markets': where, not what
_GROWTH_WORDS = re.compile(r"\b(?:growth|grow\w*|inflation|GDP)\b", re.IGNORECASE)  # a from-to of a growth rate
# the whole a counted part comes from: 'cut 3,400 of its 21,000 jobs', 'closing 12 of the 40 stores'
D_WHOLE = Rule("direction.part_of_whole",
               r"\s+(?:[a-z-]+\s+)?(?:of|out\s+of)\s+(?:its|their|the|his|her)\s+(?:(?:total|roughly|about|some|nearly|"
               r"almost|around)\s+)?",
               (" of its ", " out of the roughly ", " jobs of its "))
D_RESTATED = Rule("direction.restated", r"^\s*(?:points?|pts|percent|per cent|pc)?\s*,?\s*(?:or|i\.e\.|that is)\s*$",
                  (" points, or ", ", or "))
D_GROWTH_RATE = Rule(
    "direction.growth_rate_level",
    r"\b(?:inflation|CPI|PCE|consumer prices|GDP(?: growth)?|growth rate|(?:[\w-]+\s+)?growth)\b"
    r"(?:[\s,]+[\w'’-]+){0,6}?[\s,]+(?:to|at|of|is|was|were|be|near|around|hit|hits|reach(?:es|ed)?|stood at|"
    r"now at|remains? at|touch(?:es|ed)?)\s+(?:(?:about|around|nearly|almost|more than|over|roughly|a|an|its)\s+)?$",
    ("Veloria's inflation cooled to ", "inflation, now at ", "GDP growth of ", "organic sales growth slowed to "))
# the base of a growth rate's move is itself a growth rate: 'cut its sales growth forecast to 4% from 7%' (7 up)
D_GROWTH_BASE = Rule(
    "direction.growth_rate_base",
    r"\b(?:inflation|CPI|PCE|consumer prices|GDP|growth|grow(?:s|ing)?|grew|expand(?:s|ing)?)\b[^.;:]{0,60}?\d(?:[\d.,]*)\s*(?:%|percent|per cent)"
    r"(?:\s*-\s*[\d.,]+\s*%?)?[^.;:%]{0,40}?\b(?:from|compared with|versus)\s+(?:(?:its|an?|the)\s+)?$",
    ("cut its sales growth forecast to 4% from ", "inflation slowed to 3.1% in May, down from its "))
# a central bank's inflation target is a growth rate: 'inflation will return to the 2% target' (up)
D_INFLATION_TARGET = Rule("direction.inflation_target", r"^\s*(?:inflation\s+)?(?:target|goal|midpoint)\b",
                          (" inflation target", " target by mid-2027"))
_INFLATION = re.compile(r"\binflation\b", re.IGNORECASE)
D_JOB_CUT_AFTER = Rule(
    "direction.job_cut_after",
    r"^\s*(?:\w+\s+){0,3}?(?:(?:being|be|were|was|will be|to be|are|is)\s+)?(?:laid off|made redundant|cut|axed|"
    r"eliminated|shed|let go)\b|^\s*(?:\w+\s+){0,2}?(?:jobs|positions|roles|workers|staff|employees|posts)\s+"
    r"(?:are\s+|is\s+|were\s+|could be\s+)?at risk\b",
    (" workers will be laid off", " jobs cut", " jobs are at risk"))
D_LEVEL_AFTER_MOVE = Rule("direction.level_then_move", r"^\s*,?\s*(up|down|higher|lower)\b",
                          (", up 4% on the year",), flags=0)
D_LEVEL_UP_FROM = Rule("direction.level_up_from", r",\s*(up|down)\s+(?:\w+\s+)?from\b",
                       (" tonnes, up sharply from",), flags=0)
# a move stated right after the figure: 'ending 0.3% lower' ('lower than' is a comparison: D_BELOW_AFTER)
D_MOVED_AFTER = Rule("direction.moved_after", r"^\s*(?:,\s*(?:or\s+)?[\d.,]+\s?%\s*,\s*)?(higher|lower)\b(?!\s+than)",
                     (" lower as miners slid", ", 0.2%, higher"), flags=0)
# money flowing into or out of funds, named by a noun: inflows up, outflows down (the corpus's reading of fund
# flows; the verbs are M_FUND_FLOW's: 'took in $21 billion' up, 'pulled $8 billion' down)
D_FLOW = Rule(
    "direction.fund_flow",
    r"(?:\b(?:(?P<in>inflows?|net purchases)|(?P<out>outflows?|redemptions|withdrawals))\b(?:\s+(?:of|totall?ing|"
    r"worth|about|around|nearly|some|roughly|a|net|more than|almost))*\s*$|"
    r"^\s*(?:in\s+)?(?:net\s+)?(?:(?P<in_after>inflows?)|(?P<out_after>outflows?))\b)",
    ("bond funds saw outflows of ", " in net inflows"))
# funds that take money in ('equity funds took in '), or funds the money goes into or comes out of
D_FUNDS_TAKE = Rule("direction.funds_take", r"\b(?:funds?|ETFs?)\b[^,;.]{0,40}?\b(?:took in|takes? in|attract(?:s|ed)?|"
                    r"dr(?:ew|aws?))\s+(?:(?:a net|about|around|some|nearly|roughly|more than)\s+)*$",
                    ("Norland equity funds took in ",))
D_FUNDS_AFTER = Rule("direction.funds_after", r"^\s*(?:[\w-]+\s+){0,3}?(?:into|from|out of)\s+(?:[\w&'’-]+\s+){0,3}?"
                     r"(?:funds?|ETFs?)\b", (" from Norland equity funds",))
_CLAUSE_CUT = re.compile(r"[;:]|\s[-–—]\s|,\s(?:while|but|whereas|and)\s|\bwhich\b")


def direction(text: str, x: NumExpr, sent_start: int, sent_end: int, is_base: bool, prev_end: int,
              trace: Trace = None) -> Direction | None:
    """The sign of a change, or of the movement that reached a level; None for bases and plain levels."""
    before = text[max(sent_start, x.start - 130):x.start]
    after = text[x.end:min(sent_end, x.end + 60)]
    if MOVE_UP_TO.search(before[-40:]) and re.search(r"\bup\s+to\s*$", before):
        MOVE_UP_TO.note(trace)
        return Direction.UP  # 'edged up to 4.1%'
    if x.unit == "currency" and D_RAISED_MONEY.search(before[-40:], trace):
        return None  # 'to raise up to Rs 190 crore via IPO': money raised, no move
    if x.unit in ("currency", "index_points") and D_STATIC_THRESHOLD.search(before[-60:], trace):
        return None  # 'Gold holds below $2,300': a price or an index level kept, no move
    if D_OFF.search(before, trace):
        return Direction.DOWN  # 'Pellam off 3.5%'
    if x.negative:
        return Direction.DOWN
    if D_PLUS.search(before[-3:], trace):
        return Direction.UP  # 'Orrel +8%': the sign written before the figure
    if x.value == 0 and D_ZERO.search(before[-40:], trace):
        return None  # 'growth will be 0%', 'was flat at 0%': no move (a level reached, 'cut to 0%', keeps its move)
    if D_DOWNSIDE.match(after, trace):
        return Direction.DOWN  # 'sees 15% downside': the move a forecaster expects
    circuit = D_CIRCUIT.search(before[-30:], trace) or D_CIRCUIT_AFTER.match(after, trace)
    if circuit:
        return Direction.UP if circuit.group(1).lower() == "upper" else Direction.DOWN  # a daily price limit hit
    surprise = D_SURPRISE.search(before[-60:], trace)
    if surprise:
        return Direction.UP if surprise.group("up") else Direction.DOWN
    surprise = D_SURPRISE_AFTER.match(after, trace)
    if surprise:
        return Direction.UP if surprise.group("how").lower() == "beat" else Direction.DOWN  # 'a 42% EPS beat'
    if D_LOSS_BEFORE.search(re.sub(r"stop[- ]loss|" + _MOVED_PAST, "stop", before[-50:], flags=re.IGNORECASE),
                            trace) or \
            D_LOSS_AFTER.match(after, trace):
        return Direction.DOWN
    if sent_start <= prev_end <= x.start and D_WHOLE.regex.fullmatch(text, prev_end, x.start) and \
            x.unit not in ("percent", "percentage_points", "index_points") and not _MOVE_AFTER_WHOLE.match(after):
        D_WHOLE.note(trace)
        return None  # 'cut 3,400 of its 21,000 jobs': the whole a part is taken from does not move
    if _WHERE_BEFORE.search(before) and _WHOLE_AFTER.match(after):
        D_WHOLE.note(trace)
        return None  # 'fell 30% in 4 of the 5 markets': where the move was, no move itself
    if is_base:
        return Direction.UP if x.unit == "percent" and D_GROWTH_BASE.search(before, trace) else None
    if x.unit == "percent" and _INFLATION.search(before + after[:30]) and D_INFLATION_TARGET.match(after, trace):
        return Direction.UP
    if D_STEADY.search(before[-80:], trace):
        return None  # 'held its key rate steady at 4.3%': a level that did not move
    if x.unit == "percent" and x.value != 0 and D_GROWTH_RATE.search(before[-90:], trace):
        return Direction.UP  # a growth rate keeps the sign of that growth: 'inflation cooled to 2.7%'
    restated = _direction_restated(text, x, sent_start, prev_end, trace)
    if restated is not None:
        return restated
    if D_RAISED_TO.search(before[-90:], trace) or D_RAISED_NOUN.search(before[-60:], trace):
        return Direction.UP  # 'raised its price target to $340', 'ups stake to 29%', 'raises dividend 4%'
    noun = D_MOVE_NOUN.match(after)
    if noun and noun.group("w").lower() == "premium":
        return None
    return _direction_after(after, trace) or _direction_clause(text, x, sent_start, prev_end, trace) or \
        _direction_from_to(before, trace) or _direction_level(after, trace) or _fund_flow(before[-60:], after, x, trace)


def _direction_from_to(before: str, trace: Trace) -> Direction | None:
    """The level a move reached, written after its base: 'rose from $2 million to $3 million' (up); not a growth
    rate's ('cut its growth forecast from 3% to 2.5%' keeps the sign of the growth, the guide says)."""
    m = D_FROM_TO.regex.search(before)
    if m is None or _GROWTH_WORDS.search(m.group()):
        return None
    D_FROM_TO.note(trace)
    return Direction.UP if D_UP_VERB.regex.fullmatch(m.group("v")) else Direction.DOWN


def _fund_flow(before: str, after: str, x: NumExpr, trace: Trace) -> Direction | None:
    """Money into funds is up, out of them down, when no movement word says more: '$9.4 billion in net inflows',
    'outflows of $1.9 billion', 'equity funds took in $21 billion', 'investors pulled $8 billion from bond funds'."""
    if x.unit != "currency":
        return None
    investors = M_INVESTOR_FLOW.regex.search(before[-90:])
    if investors and (investors.group("in") or investors.group("out")):
        D_FLOW.note(trace)
        return Direction.UP if investors.group("in") else Direction.DOWN  # 'FIIs withdraw Rs 2,000 crore'
    m = D_FLOW.regex.search(before) or D_FLOW.regex.match(after)
    if m is None:
        m = M_FUND_FLOW.regex.search(before)  # a verb moves money only into or out of funds ('put $200 million
        if m is None or not (D_FUNDS_TAKE.regex.search(before) or D_FUNDS_AFTER.regex.match(after)):
            return None  # into Orrel shares', 'drew $50 million from its credit line': no fund flow)
    D_FLOW.note(trace)
    return Direction.UP if m.groupdict().get("in") or m.groupdict().get("in_after") else Direction.DOWN


def _direction_restated(text: str, x: NumExpr, sent_start: int, prev_end: int, trace: Trace) -> Direction | None:
    """'rose 398 points, or 1.2%': the figure restates the previous one, whose movement word comes before it."""
    if prev_end <= sent_start or not D_RESTATED.match(text[prev_end:x.start]):
        return None
    head = re.sub(r"[\d.,]+\s*$", "", text[max(sent_start, prev_end - 100):prev_end])
    clause = _CLAUSE_CUT.split(head)[-1]
    last_up = max((m.end() for m in D_UP_VERB.regex.finditer(clause)), default=-1)
    last_down = max((m.end() for m in D_DOWN_VERB.regex.finditer(clause)), default=-1)
    if last_up < 0 and last_down < 0:
        return None
    D_RESTATED.note(trace)
    return Direction.UP if last_up > last_down else Direction.DOWN


def _direction_after(after: str, trace: Trace) -> Direction | None:
    m = D_MOVE_NOUN.match(after)
    if m:
        w = m.group("w").lower()
        if w == "premium":
            return None
        D_MOVE_NOUN.note(trace)
        return Direction.UP if w in UP_NOUNS else Direction.DOWN
    if D_BELOW_AFTER.match(after, trace):
        return Direction.DOWN
    if D_ABOVE_AFTER.match(after, trace):
        return Direction.UP
    moved = D_MOVED_AFTER.match(after, trace)
    if moved:
        return Direction.UP if moved.group(1) == "higher" else Direction.DOWN
    return None


def _direction_clause(text: str, x: NumExpr, sent_start: int, prev_end: int, trace: Trace) -> Direction | None:
    """A movement word before the number in its clause (not across another figure's base marker): the last wins."""
    clause = _CLAUSE_CUT.split(text[max(sent_start, prev_end):x.start])[-1]
    clause = re.sub(r"stop[- ]loss|" + _MOVED_PAST, " ", clause[-120:], flags=re.IGNORECASE)
    last_up = max((m.end() for m in D_UP_VERB.regex.finditer(clause)), default=-1)
    last_down = max((m.end() for m in D_DOWN_VERB.regex.finditer(clause)), default=-1)
    if last_up < 0 and last_down < 0:
        return None
    if last_up > last_down:
        D_UP_VERB.note(trace)
        return Direction.UP
    D_DOWN_VERB.note(trace)
    return Direction.DOWN


def _direction_level(after: str, trace: Trace) -> Direction | None:
    if D_JOB_CUT_AFTER.match(after, trace):
        return Direction.DOWN  # '75 people being laid off'
    # ', up from ...' right after a level: the level was reached by that movement
    m = D_LEVEL_AFTER_MOVE.match(after, trace) or D_LEVEL_UP_FROM.search(re.split(r"\d", after)[0], trace)
    if m:
        return Direction.UP if m.group(1).lower() in ("up", "higher") else Direction.DOWN
    return None


# ----------------------------------------------------------------------------- metric
# a market's losses or gains that a move extends, pares or leads ('miners led losses', 'pared its early losses'): the
# market's move, never a company's loss (a profit figure)
MARKET_LOSSES = (r"(?:extend(?:s|ed|ing)?|pare[sd]?|paring|lead(?:s|ing)?|led|trim(?:s|med|ming)?|"
                 r"recoup(?:s|ed|ing)?|eras(?:e|es|ed|ing)|deepen(?:s|ed|ing)?|revers(?:e|es|ed|ing)|"
                 r"add(?:s|ed|ing)?\s+to)\s+(?:(?:its|their|the|some|early|earlier|all|of|session|day's)\s+){0,3}"
                 r"(?:losses|gains)")
# as a direction word: not the figure's own losses ('reversed losses of 2%', 'extended losses to 2%')
_MOVED_PAST = MARKET_LOSSES + r"(?!\s+of\b)(?!\s+(?:to|at)\s+(?:(?:about|nearly|some)\s+)?$)"
# a company's own losses, the money figure right after them ('trimmed its losses to $4 million'): a profit figure
_OWN_LOSSES = re.compile(MARKET_LOSSES + r"\s+(?:to|of|at)\s+(?:(?:about|nearly|some)\s+)?$", re.IGNORECASE)
def _kw(name: str, words: str, metric: Metric, *examples: str) -> tuple[Rule, Metric]:
    return Rule(f"metric.kw_{name}", r"\b(?:" + words + r")\b", examples), metric


# 'owns', 'own' as a verb, not 'its own results', "Velto's own stock"
_OWN = r"owns|(?<!\bits )(?<!\btheir )(?<!\bour )(?<!\bhis )(?<!\bher )(?<!['’]s )own"
# keywords naming what a figure measures, most specific first; matched on the words around the number
# 'buy' of a deal ('agreed to buy Orrel for $2 billion'), not of a rating ('cut Orrel to neutral from buy', 'upgraded
# to buy from hold', 'a buy rating'); nor 'buy' right before the figure, whose own words then say what is bought
# ('buys Rs 11.5-crore Orrel shares', 'to buy 1.7% stake': a stake)
_BUY_NOT_RATING = (r"(?<!from )(?<!strong )buy(?:s|out)?(?! (?:from|rating|recommendation|call)\b)(?!\s*[,.;)]|\s*$)")
METRIC_KEYWORDS: list[tuple[Rule, Metric]] = [
    _kw("market_share", r"market share|share of (?:the )?(?:[\w-]+ )?market", Metric.OTHER, "a 12% market share",
        "its share of the British market reached"),
    _kw("royalty", r"royalt(?:y|ies)", Metric.OTHER, "royalties of $2 million"),
    _kw("market_value", r"market[- ](?:cap|capitali[sz]ation|values?)|m-?cap|market valuation|wip(?:e|es|ed|ing)|"
        r"enterprise values?|(?:(?:total|combined) value of (?:all )?|value of all )(?:listed |global |world )?"
        r"(?:coins|cryptocurrenc(?:y|ies)|crypto ?assets|listed companies)", Metric.MARKET_VALUE,
        "a market value of $3 billion", "wiped off $40 billion",
        "valuing the unit at an enterprise value of 2 billion euros",
        "lifting the value of all coins above $3 trillion", "add Rs 25,000 crore in market-cap"),
    _kw("return_on_capital", r"returns? on (?:average )?(?:tangible )?(?:equity|assets|capital|invested capital|"
        r"investment)|RO(?:A|E|TE|TCE|IC|CE)", Metric.OTHER, "a return on equity of 14%", "targets a RoTE above 12%",
        "lift its return on tangible equity by 2 points"),
    _kw("eps", r"earnings per share|EPS|(?:loss|profit) per share|per-share (?:earnings|profit|loss)", Metric.EPS,
        "EPS of 40 cents", "per-share earnings of $2.10"),
    _kw("dividend", r"dividend yields?|dividends?|payout(?: ratio)?|(?:total )?shareholder returns? ratio|"
        r"(?:quarterly|monthly|annual|interim|final|special|cash) distributions?(?! (?:deals?|agreements?|networks?|"
        r"cent(?:er|re)s?|rights|business|arm|units?|partners?)\b)|distributions? per (?:unit|share)",
        Metric.DIVIDEND, "a dividend of 12 cents", "a dividend yield of 4%", "a shareholder return ratio of 40%",
        "declares a quarterly distribution of $0.41"),
    _kw("margin", r"(?:operating|EBITDA|EBIT|gross|net|profit|pre-?tax) margins?|margins?|NIM", Metric.MARGIN,
        "an operating margin of 9%", "NIM at 3.6%"),
    _kw("valuation", r"(?:P/?E|PEG|price[- ]to[- ](?:earnings|book)) ratios?|P/?E|price[- ]to[- ]earnings|price[- ]to[- ]book|forward earnings|"
        r"times (?:forward |trailing )?earnings|valuations?|multiples?", Metric.VALUATION, "a P/E of 14"),
    _kw("business_growth", r"(?:net |organic |comparable |like-for-like |same-store )?(?:sales|revenues?|turnover|"
        r"orders|bookings|volumes?|deliver(?:y|ies)|shipments?) growth(?: forecast| target| goal| outlook| guidance| "
        r"rate)?", Metric.REVENUE,
        "cut its 2026 sales growth forecast to 4%", "organic revenue growth of 6%",
        "raised its volume growth forecast to 5-6%"),
    _kw("business_target", r"(?:delivery|deliveries|sales|shipments?|revenues?|turnover|orders?) (?:targets?|goals?|"
        r"forecasts?|guidance|outlook)", Metric.REVENUE, "cut its delivery target to 600,000 vehicles",
        "a 2027 revenue target of $5 billion"),
    _kw("profit_growth", r"(?:profit|earnings|EBITDA|EBIT|EPS|income) growth(?: forecast| target| goal| outlook| "
        r"guidance| rate)?", Metric.PROFIT, "trimmed its earnings growth target to 8%"),
    _kw("commodity_balance", r"(?:supply|market|metal|refined|global|physical) (?:deficit|surplus|shortfall)s?",
        Metric.OTHER, "a supply deficit of 180,000 tonnes", "sees a market surplus of 40,000 tons"),
    _kw("fx_rate", r"exchange rates?|(?:yen|euro|dollar|rupee|yuan|sterling) rates?", Metric.PRICE_LEVEL,
        "assumes an exchange rate of 150 yen to the dollar"),
    # names only a national statistic bears (not 'payrolls', 'consumer credit', 'housing starts': a company's too)
    _kw("national_statistic", r"inflation(?! (?:rate )?targets?)(?: rate)?|GDP(?! (?:growth )?(?:targets?|goals?))"
        r"(?: growth)?|gross domestic product|CPI|PCE|consumer prices|producer prices|core (?:inflation|CPI|PCE)|"
        r"non-?farm payrolls|(?:consumer|producer|wholesale|retail) price (?:index|inflation)|unemployment(?: rate)?|"
        r"jobless(?: rate| claims)?|industrial (?:output|production)|PMI|purchasing managers'? ind(?:ex|ices)|"
        r"building permits|(?:existing|pending|previously owned)[- ]home sales|"
        r"sales of (?:previously owned|existing) (?:\S+\s+)?homes|"
        r"median (?:existing[- ])?home (?:sale |selling )?price|"
        r"(?:house|home) price (?:index|inflation)|job openings|durable goods(?: orders)?|"
        r"(?:national|nationwide|U\.S\.|US|UK|British|[A-Z][a-z]+(?:ian|ean|ese|ish|an))\s+"
        r"(?:home|house|housing) sales|"
        r"sales-to-new[- ]listings ratio|fixed[- ]asset investment|"
        r"(?:average )?hourly earnings|wholesale inventories|"
        r"(?-i:Selic|SOFR|SONIA|Euribor|EURIBOR|Libor|LIBOR|Shibor|Hibor)(?: rate)?", Metric.MACRO,
        "inflation eased to 2.4%", "Average hourly earnings rose 0.3%", "Wholesale inventories dipped 0.4% in June",
        "non-farm payrolls rose by 150,000", "sales of previously owned homes fell 2.7%",
        "Fixed-asset investment slid 11.8%", "Canadian home sales rose 3.8% in April", "raised the Selic rate to 15%"),
    _kw("macro", r"inflation (?:rate )?targets?|GDP(?: growth)? (?:targets?|goals?)|employment|core (?:rate|prices|"
        r"index)|PPI|payrolls|housing starts|new home sales|business inventories|consumer credit|"
        r"(?:economic )?growth (?:target|goal|forecast|outlook|rate)|(?:budget |fiscal )?deficit(?: target| goal)?|"
        r"(?:interest|policy|repo|reverse repo|deposit|lending|prime|loan prime|benchmark|key|base|bank|overnight|"
        r"(?:federal )?funds|cash|refinancing|discount) rates?|rate (?:cuts?|hikes?|increases?|reductions?)|rates|"
        r"reserve requirement(?: ratio)?s?|RRR|bond yields?|"
        r"yields?|economy|economic growth|retail sales|"
        r"trade (?:surplus|deficit)|current account|exports|imports|(?:real|nominal|regular) (?:wages|pay)|"
        r"(?:wage|pay) growth|(?:household|consumer) spending|(?:house|home) prices|"
        r"(?:import|export) prices|"
        r"(?:factory|industrial|manufacturing) orders|"
        r"(?:consumer|business|economic) (?:confidence|sentiment|climate)|"
        r"mortgage (?:rates?|applications)|(?:foreign|forex|FX|"
        r"foreign exchange) reserves|tax (?:collections|revenues?|receipts)|retail inventories", Metric.MACRO,
        "Real wages fell 1.1% in May", "household spending rose 0.8%", "the business climate index fell to 85.2",
        "a 2% inflation target"),
    _kw("ratio", r"(?:cost[- ](?:to[- ])?income|efficiency|(?:core )?capital|CET ?1|(?:core )?tier[- ](?:1|one)|"
        r"leverage|loan[- ]to[- ](?:value|deposit)|debt[- ]to[- ](?:equity|EBITDA|capital)|net debt[- ]to[- ]EBITDA|"
        r"solvency|liquidity coverage|capital adequacy|gearing|combined|operating|expense|bad[- ]loan|"
        r"non-?performing loan|NPL|coverage) ratios?|load factors?", Metric.OTHER,
        "its CET1 ratio stood at 14.1%", "cut the cost-income ratio to 55%", "the load factor improved to 86%"),
    _kw("volume_flows", r"inflows?|outflows?|trading volumes?|turnover of shares|fund flows?|net buying|"
        r"net selling|net (?:purchases|sales) of (?:shares|stocks|equities|bonds)|net purchases|"
        r"(?:bought|sold|purchased|offloaded|dumped) (?:a )?net|net (?:bought|sold)|net (?:buyers?|sellers?)",
        Metric.VOLUME_FLOWS, "inflows of $2 billion"),
    _kw("revenue", r"(?:gross )?(?:written )?premiums|(?:investment[- ]banking|banking|advisory|underwriting|"
        r"brokerage|management|trading|net) fees|fee income|net sales|sales|revenues?|turnover|orders?|order intake|deliver(?:y|ies)|delivery volume|"
        r"shipments?|(?:vehicle |tractor |cement )?(?:dispatches|despatches)|bookings|top line|net interest income|NII|"
        r"(?:cargo |traffic |sales |delivery |production )?volumes?|passengers|traffic", Metric.REVENUE,
        "revenue of $4 million", "October dispatches rose 9% to 48,210 units", "NII up 12% at Rs 6,418 crore"),
    _kw("market_losses", MARKET_LOSSES, Metric.RETURN, "miners led losses as copper slid",
        "the index pared its early losses"),
    _kw("profit", r"operating profit|net profit|bottom[- ]line|profits?(?![- ](?:booking|taking))|net income|income|"
        r"EBITDA|EBIT|pre-?tax|PAT|PBT|"
        r"earnings|(?:operating|net|financial|pre-?tax) results?|net loss|operating loss|loss(?:es)?|"
        r"capital gains?", Metric.PROFIT, "net profit of $3 million"),
    # 'Q2 net rises': net profit in a headline; not 'a net 29% of managers', 'net short positions', 'net charge-offs'
    _kw("net", r"(?<!\ba )net(?!\s+(?:short|long|positions?|charge[- ]?offs?|debt|cash|assets?|lending|exports|"
        r"imports|buy\w*|sell\w*|purchases|flows?|foreign|exposure|leverage)\b)", Metric.PROFIT,
        "Q2 net rises to $3 million"),
    # a results period right after a name and before a move ('Harlow Foods Q2 up 33%'): the headline's profit
    _kw("results_tag", r"(?-i:(?!GDP|CPI|PPI|PMI)[A-Z][\w&'’.-]*\s(?:Q[1-4]|H[12]|9M))(?=\s+(?:" + UP_WORDS + "|" +
        DOWN_WORDS + r")\b)", Metric.PROFIT, "Harlow Foods Q2 up 33% at Rs 89 crore", "Orvel Q3 dips 12%"),
    _kw("headcount", r"employees?|staff|workers|workforce|work force|jobs?|headcount|personnel|lay(?:s|ing)? off|"
        r"laid off|layoffs?|hires?|hiring|employ(?:s|ed)?|persons|people", Metric.HEADCOUNT, "cut 200 jobs",
        "shed 5% of its workforce"),
    _kw("stake", r"stake|holdings?|" + _OWN + r"|owned|ownership|share capital|shares?(?! (?:price )?ind(?:ex|ices))|"
        r"votes|warrants|IPO(?! (?:issue |offer |listing )?price)|offering(?! price)|"
        r"placement|rights issue|subscri\w+|equity interest|interest in|buy-?backs?|buy(?:s|ing)? back|bought back|"
        r"repurchases?", Metric.STAKE,
        "a 7% stake", "a $2 billion share buyback"),
    _kw("price_level", r"stop[- ]loss|target price|price target|(?-i:PT)|price objective|fair value(?! of)|"
        r"(?:closing|opening|spot|current|market|last) price|(?:year-end |index |price )?targets?|"
        r"(?:share|stock|issue|offer|listing|IPO) price|a share(?! buy-?back| repurchase| sale| issue| offering)|"
        r"per share|apiece|trades? at|trading at|closed at|"
        r"ended at|settled at|range|levels?|barrier|mark|resistance|support|to trade at", Metric.PRICE_LEVEL,
        "a price target of $80"),
    _kw("other", r"acquisition price|purchase price|deal|acquisitions?|acquire[sd]?|" + _BUY_NOT_RATING +
        r"|investments?|"
        r"invest(?:s|ed)?|cost savings|savings|costs?|capex|rais(?:e|es|ed|ing)|capital expenditure|cash|debt|"
        r"assets|funding|fund|loan|contract|order book|(?<!market )(?<!enterprise )value of|volatility|demand|capacity|output|production|"
        r"budget(?! (?:carrier|airline|hotel|chain|retailer|brand|operator)s?\b)|fine|compensation", Metric.OTHER, "a deal worth $90 million"),
    _kw("return", r"returns?|performance|gains?|rall(?:y|ies|ied)|advance|peak|drop|slump|selloff|"
        r"(?:upper|lower) circuit(?! limit| band| filter)",
        Metric.RETURN, "a five-year return of 18%", "hits upper circuit of 5%"),
]
_SENTENCE_METRICS = frozenset({Metric.REVENUE, Metric.PROFIT, Metric.STAKE, Metric.EPS, Metric.DIVIDEND, Metric.MARGIN,
                               Metric.HEADCOUNT, Metric.MACRO, Metric.VOLUME_FLOWS})
_STRONG_OTHER = re.compile(r"market share|royalt\w*|volatility|capacity|production|output|demand|costs?|"
                           r"cost savings|savings|cash|debt|capex|budget|capital expenditure|.+ ratios?|load factors?|returns? on .+|RO[A-Z]+", re.IGNORECASE)
_RELATIVE = re.compile(r"\s*(?:which|who|whose|that)\b", re.IGNORECASE)  # a relative clause set off by commas
_CLAUSE_BREAK = re.compile(r"[;:]|\s[-–—]\s|,\s")  # where a figure's clause starts, looking back
_ATTACHED = re.compile(r"\b(?:on|as|after|before|post(?!-)|ahead|amid|following|due|because|to|while|and|but|with|"
                       r"despite|since|than|from|that|which|when)\b", re.IGNORECASE)


@dataclass(frozen=True)
class MetricContext:
    """The words around one number that the metric rules read."""

    before: str  # up to 150 characters before, within the sentence, not starting inside a word
    after: str  # up to 45 characters after, cut at the next clause or figure
    after_raw: str  # 50 characters after, uncut
    clause_before: str  # the clause holding the number, up to it
    sentence_before: str
    unit: Unit
    direction: Direction | None
    move_before: int | None  # characters from the last movement word of the clause to the number
    figure: str = ""  # the figure as written ('25 basis-point')

    @cached_property
    def past_whole(self) -> str | None:
        """The words after the whole a part is taken from ('3,400 of its 21,000 jobs' -> ' jobs ...'), or None when
        the figure is no part of a whole (read by two rules: found once)."""
        whole = _WHOLE_AFTER.match(self.after_raw)
        return self.after_raw[whole.end():] if whole else None

    @cached_property
    def keyword_before(self) -> tuple[int, Rule, Metric, str] | None:
        """The nearest metric keyword before the figure in its clause (read by several rules: found once)."""
        return _nearest_keyword(self.clause_before)

    @classmethod
    def of(cls, text: str, x: NumExpr, unit: Unit, sent_start: int, sent_end: int,
           direction: Direction | None) -> MetricContext:
        return cls.around(text, x.start, x.end, unit, sent_start, sent_end, direction)

    @classmethod
    def around(cls, text: str, start: int, end: int, unit: Unit, sent_start: int, sent_end: int,
               direction: Direction | None) -> MetricContext:
        """The context of the figure at ``start:end`` of ``text`` (its sentence ``sent_start:sent_end``)."""
        before = text[max(sent_start, start - 150):start]
        if start - 150 > sent_start:
            before = re.sub(r"^\S*\s", "", before)  # do not start inside a word
        after = re.split(r"[;:]|,\s|(?<![A-Za-z'’])\d", text[end:min(sent_end, end + 45)])[0]
        parts = _CLAUSE_BREAK.split(before)
        clause = parts[-1]
        if len(_words(clause)) < 3 and len(parts) > 1 and not M_PRICE_MOVE.regex.search(clause) and \
                not _RELATIVE.match(parts[-2]):
            clause = parts[-2] + ", " + clause  # 'Its five-year return, at about 18%' (not '...; stock jumps 7%', not
            # 'Acme, which owns the Sunnyfield brand, reported a 5% drop')
        move = max((len(clause) - m.end() for m in M_PRICE_MOVE.regex.finditer(clause)), default=None, key=lambda d: -d)
        return cls(before, after, text[end:end + 50], clause, text[sent_start:start], unit, direction, move,
                   text[start:end])


def metric(text: str, x: NumExpr, unit: str, sent_start: int, sent_end: int, direction: str | None,
           trace: Trace = None) -> Metric:
    """What the figure measures (the guide's metric vocabulary), from the words around it."""
    ctx = MetricContext.of(text, x, Unit(unit), sent_start, sent_end, Direction(direction) if direction else None)
    m = _metric_local(ctx, trace) or _metric_from_keywords(ctx, trace) or _metric_fallback(ctx, trace)
    if ctx.unit is Unit.CURRENCY and _OWN_LOSSES.search(ctx.before[-80:]):
        return Metric.PROFIT  # 'narrowed its losses to $4 million': the company's loss, not a market's move
    if m is Metric.STAKE and ctx.unit is Unit.OTHER:
        return Metric.OTHER  # tonnes or dwt are never a stake
    if m is Metric.STAKE and ctx.unit is Unit.CURRENCY and M_DEBT_SOLD.match(ctx.after_raw, trace):
        return Metric.OTHER  # 'a private offering of $350 million of senior notes': debt, not shares
    if m is Metric.VALUATION and (ctx.unit is Unit.CURRENCY or ctx.unit is Unit.PERCENT and ctx.direction and
                                  M_VALUATION_MONEY.search(ctx.clause_before[-40:])):
        M_VALUATION_MONEY.note(trace)
        # 'a $4 billion valuation': a company's value in money (Clarifications); 'its valuation plunged 85%' its change
        return Metric.MARKET_VALUE
    if m is Metric.HEADCOUNT and (ctx.unit is Unit.CURRENCY or M_STAFF_PAY.match(ctx.after)):
        M_STAFF_PAY.note(trace)
        return Metric.OTHER  # 'pays its staff $20 an hour', 'staff get a 4.5% pay rise': pay, not headcount
    if m in (Metric.RETURN, Metric.STAKE, Metric.OTHER) and _level_reached(ctx, trace):
        return Metric.PRICE_LEVEL
    if m is Metric.RETURN and ctx.unit is Unit.CURRENCY:
        M_MONEY_MOVE.search(ctx.before, trace)  # the guide's own example: a learned model leaves it (claim_models)
    return m


def keyword_cues(c: MetricContext) -> list[str]:
    """What the metric keywords around a figure say, as feature names for the learned metric model: the
    nearest keyword before it in its clause (and whether it is close), the nearest attached after it, a movement
    word right before it, and the keyword families named earlier in its sentence."""
    feats = []
    before, after = c.keyword_before, _keyword_after(c)
    if before is not None:
        dist, rule, m, _ = before
        feats += [f"kw_before:{m}", f"kw_before_rule:{rule.id}"] + ([f"kw_before_near:{m}"] if dist <= 20 else [])
    if after is not None:
        dist, rule, m = after
        feats += [f"kw_after:{m}", f"kw_after_rule:{rule.id}"] + ([f"kw_after_near:{m}"] if dist <= 3 else [])
    if c.move_before is not None and c.move_before < 15:
        feats.append("move_near")
    if c.unit is Unit.CURRENCY and M_MONEY_MOVE.search(c.before):
        feats.append("money_moved")  # 'Gold falls Rs 135': the guide's price move in money
    feats += sorted({f"kw_sentence:{m}" for rule, m in METRIC_KEYWORDS if rule.regex.search(c.sentence_before)})
    return feats


def _level_reached(c: MetricContext, trace: Trace) -> bool:
    """A price or index level that a move reached or a market hit ('shares hit a record $212', 'the index
    climbed to 18,250'): the level, not the move, whatever the words before (the same concept in a headline
    and its body gets the same metric)."""
    if c.unit not in (Unit.CURRENCY, Unit.INDEX_POINTS) or not M_LEVEL_REACHED.search(c.before):
        return False
    if c.unit is Unit.CURRENCY and not _PRICED.search(c.clause_before):
        return False
    if _STAKE_VERBS.search(c.clause_before) or re.search(r"\bup to\s*$", c.before):
        return False
    if M_MOVE_AFTER_LEVEL.match(c.after):
        return False  # 'leading the Dow to a 300 point gain': the move, named after the figure
    near = c.keyword_before
    if near is not None and _STRONG_OTHER.fullmatch(near[3]):
        return False  # 'cut its capital budget by $500 million to $6.5 billion': an amount, no price
    M_LEVEL_REACHED.note(trace)
    return True


M_MULTIPLE_OF = Rule("metric.multiple_of_earnings", r"^\s*(?:times\s+)?(?:[\w'’-]+\s+){0,5}?(?:earnings|book|sales|"
                     r"P/?E|EBITDA|revenues?|profits?|cash flows?)\b",
                     (" times forward earnings", " times book", " times its expected 2027 core earnings"))
M_DISCOUNT = Rule("metric.discount_premium", r"\b(?:discount|premium)\b(?:\s+\w+){0,4}\s*$",
                  ("trades at a discount of ", "a premium to peers of about"))
M_PER_SHARE = Rule("metric.per_share", r"^\s*(?:a share|per share|apiece|each)\b", (" a share, up from",))
# money written with a scale word of a lakh or more ('Rs 4K crore', '$2.1 billion'): a total, never a price per share
SCALED_TOTAL = re.compile(r"[\d\s](?:lakhs?|lacs?|crores?|cr|mn|mln|millions?|bn|bln|billions?|tn|trillions?|M|B)\.?$",
                          re.IGNORECASE)
M_DEAL_PRICE = Rule(
    "metric.deal_price",
    r"\b(?:bid|takeover|buyout|merger|tender offer|cash offer|sweetened offer|(?:will|to|would|agreed to) pay|"
    r"offered|acquisition|acquire[sd]?)\b(?!\s+price)",
    ("Dorvin offered $38 a share in cash", "a $33 per share cash offer"))
M_PER_SHARE_EPS = Rule("metric.per_share_earnings",
                       r"\b(?:earnings|earn(?:s|ed|ing)?|EPS|profit|loss|income|charges?)\b",
                       ("quarterly earnings of ", "net income of $38 million, or ", "see it earning "))
M_PER_SHARE_DIVIDEND = Rule("metric.per_share_dividend", r"\bdividends?\b", ("a final dividend of ",))
M_STAKE_IN = Rule(
    "metric.stake_in",
    r"^\s*(?:stake\s+)?in\s+(?!(?:Q[1-4]|H[12]|FY|9M|" + MONTHS + r"|Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"The|This|That)\b)[A-Z]", (" in Pelican Foods", " stake in Norvik"), flags=0)
# a movement word right before a figure, no 'to' or 'at' between: 'Gold falls Rs 135', 'copper rose by $40'
M_MONEY_MOVE = Rule("metric.money_move", r"(?<!-)\b(?:" + UP_WORDS + "|" + DOWN_WORDS + r")\s+(?:by\s+)?"
                    r"(?:(?:about|around|nearly|almost|some|over|more than|roughly|a further|another)\s+)?$",
                    ("Gold falls ", "Copper climbed by about "))
_MOVE_NEAR_END = re.compile(r"\b(?:" + UP_WORDS + "|" + DOWN_WORDS + r")\W*(?:\w+\W+){0,3}$", re.IGNORECASE)
# the words between a verb of sales and the number of things sold ('sold a record ', 'complete between ')
_UNITS_GAP = (r"\s+(?:(?:a|an|the|some|about|around|nearly|more than|over|almost|roughly|record|total of|"
              r"a total of)\s+)*$")
M_UNITS_SOLD = Rule(
    "metric.units_sold",
    r"\b(?:sold|sells?|selling|deliver(?:s|ed|ing|ies|y)?|shipped|ships?|shipping)" + _UNITS_GAP,
    ("Kavo Motors sold ", "aims to deliver a record "))
# a housebuilder's completions and closings are its deliveries: 'completed 4,310 homes', 'closed 2,900 houses'
M_HOMES_BUILT = Rule(
    "metric.homes_completed",
    r"\b(?:complet(?:e|es|ed|ing)|closed|clos(?:es|ing)|handed over|hand(?:s|ing)? over)(?:\s+between)?" + _UNITS_GAP,
    ("the builder completed ", "expects to complete between "))
_HOMES_AFTER = re.compile(r"^\s*(?:(?:and|to)\s+[\d,.]+\s+)?(?:new\s+)?(?:homes|houses|apartments|flats|"
                          r"dwellings)\b", re.IGNORECASE)
M_PER_UNIT = Rule(
    "metric.per_unit_price",
    r"^\s*(?:an?|per|/)\s*(?:troy\s+)?(?:ounce|oz|barrel|bbl|tonne|ton|metric ton|pound|lb|kilogram|kg|gram|"
    r"bushel|gallon|litre|liter|MWh|kWh|unit|coin|token|bitcoin)\b", (" an ounce", " per barrel"))
M_COMPANY_VALUE = Rule(
    "metric.company_valued",
    r"\b(?:valued at|valu(?:es|ing) (?:[\w'’-]+\s+){0,4}?at|(?:post-money |pre-money )?valuation (?:of|at|to)|"
    r"(?:is|was|now) worth)\s+(?:(?:about|around|roughly|some|nearly|almost|more than|over|up to|less than|under|"
    r"below|at least)\s+)?$",
    ("Zentrio, the payments start-up, is valued at ", "a funding round at a valuation of "))
M_VALUES_COMPANY = Rule(
    "metric.values_company_at",
    r"\bvalu(?:es|ing|ed)\s+(?:(?!(?:deal|transaction|offer|bid|acquisition|purchase|takeover|stake|holdings?|"
    r"assets?|portfolio|propert(?:y|ies)|plants?|factory|factories|buildings?|unit's assets)\b)[\w'’&.-]+\s+){1,4}?"
    r"at\s+"
    r"(?:(?:about|around|roughly|some|nearly|almost|more than|over|up to|less than|just under|just over)\s+)?$|"
    r"\b(?:company|group|firm|business|start-?up|lender|bank|insurer|carmaker|miner)\s+(?:(?:once|now|then)\s+)?"
    r"worth\s+(?:(?:about|around|roughly|some|nearly|almost|more than|over|up to|less than)\s+)?$|"
    r"\bonce worth\s+(?:(?:about|around|roughly|some|nearly|almost|more than|over)\s+)?$",
    ("a deal valuing the cinema chain at ", "an all-stock deal that values Brenmoor at about ",
     "creates a company worth about ", "Velto, once worth more than "))
M_PERCENT_GOAL = Rule(
    "metric.percent_goal",
    r"^\s*(?:[\w-]+\s+)?(?:target|goal|objective|ceiling|floor)(?:\s+range)?\b|^\s*range\b",
    (" target by mid-2027", " inflation target", " medium-term goal", " range as it fights inflation"))
M_HELD_SHARE = Rule(
    "metric.held_share_of",
    r"\b(?:owns?|owned|owning|hold(?:s|ing)?|held|takes?|took|taking|(?:will|would) (?:own|hold)|"
    r"buy(?:s|ing)?|bought|acquir(?:e|es|ed|ing)|sell(?:s|ing)?|sold)\s+"
    r"(?:(?:about|around|roughly|nearly|some|just|over|under|more than|less than|almost|an?|another|a further|"
    r"a combined|the remaining)\s+)*$",
    ("Brenmoor, which owns about ", "the fund holds ", "shareholders will own ", "Halden Capital buys "))
M_PROBABILITY = Rule(
    "metric.probability",
    r"^\s*(?:[\w-]+\s+)?(?:chance|probability|odds|likelihood)\b|"
    r"\b(?:chances?|probabilit(?:y|ies)|odds|likelihood)\b(?:\s+[\w'’-]+){0,8}?\s+(?:at|to|of|is|was|were)\s+"
    r"(?:(?:about|around|roughly|nearly|some|just over|more than|less than|over|under)\s+)?$",
    (" chance of a rate cut in March", "put the odds of a recession within a year at about "))
# a return named right after the figure: the guide's return ('a stock's five-year return'); 'a 12% return on
# equity' is a ratio (other)
M_RETURN_AFTER = Rule("metric.return_after", r"^\s*(?:(?:total|annual|annuali[sz]ed|average|yearly|[\w-]+-year)\s+)?"
                      r"returns?\b(?!\s+on\b)", (" return with a high margin of safety", " total return potential"))
# debt named right after the money: the guide's stake is shares, so a bond or a note sale is other
M_DEBT_SOLD = Rule("metric.debt_sold", r"^\s*(?:of\s+)?(?:[\w%.'’-]+\s+){0,4}?(?:notes|bonds|debentures|NCDs|"
                   r"commercial paper|debt)\b", (" of senior notes due 2030", " in bonds", " worth of NCDs"))
# a contract won: an order, which the guide counts as revenue ('Lockheed awarded $3.3B to support ...')
M_CONTRACT_WON = Rule("metric.contract_won", r"\b(?:(?P<order>awarded|bags|bagged)|wins|won|secures|secured|lands|"
                      r"landed)\s+(?:(?:an?|the|its)\s+)?(?P<named>(?:contracts?|orders?)\s+(?:worth|of|valued at)\s+)?"
                      r"(?:about\s+|nearly\s+|over\s+|more than\s+)?$", ("Lockheed awarded ", "wins a contract worth "))
# what a company that wins or secures money won, when the verb does not say it is an order: 'wins $40 million order'
_ORDER_AFTER = re.compile(r"^\s*(?:[\w-]+\s+){0,3}?(?:contracts?|orders?|deals?|projects?|tenders?)\b", re.IGNORECASE)
# a result's surprise named after the figure: 'a 42% EPS beat' (up), 'a 10% revenue miss' (down)
M_SURPRISE_AFTER = Rule("metric.surprise_after", r"^\s*(?:(?!(?:after|on|as|despite|following|amid|post|with|from|"
                        r"in|over)\b)[\w-]+\s+)?(?P<what>EPS|earnings|profit|revenue|sales)\s+"
                        r"(?P<how>beat|miss)\b", (" EPS beat", " revenue miss"))
D_SURPRISE_AFTER = Rule("direction.surprise_after", M_SURPRISE_AFTER.pattern, (" EPS beat", " revenue miss"))
# a per-share amount a company beats or misses by, with nothing named before it ('Tarvo beats by $0.04, misses on
# revenue'): the feed's earnings-per-share surprise (revenue is named after, 'on revs')
M_SURPRISE_BY = Rule("metric.surprise_by", r"\b(?:beats?|beat|misse[sd]|miss|tops|topped)\s+by\s*$",
                     ("Tarvo Foods beats by ", "Golder misses by "))
_PER_SHARE_AMOUNT = re.compile(r"[$€£]\s?\d{1,2}\.\d{2}")
M_COST_RATIO = Rule(
    "metric.cost_ratio",
    r"\b(?:costs?|expenses?|expenditures?|spending|outlays?|SG&A)\s+(?:[\w-]+\s+){0,3}?as\s+an?\s+"
    r"(?:percentage|percent|share|proportion)\s+of\s+(?:net\s+|total\s+)?(?:sales|revenues?|turnover)\b",
    ("administrative expenses as a percentage of sales were ", "fuel costs as a share of revenue rose to "))
M_SHARE_OF = Rule("metric.share_of", r"^\s*of\b", (" of the company", " of analysts polled"))
_DEAL_WORDS = re.compile(r"\b(?:deal|acquisition|acquire\w*|purchase|transaction|takeover|merger|contract|order|"
                         r"assets?|portfolio|property|building|project|bid|offer)\b", re.IGNORECASE)
M_EQUITY_RAISE = Rule(
    "metric.equity_raise",
    r"\b(?:IPOs?|initial public offering|QIP|follow-on|(?:share|stock|equity|rights) (?:sale|issue|offering)s?|"
    r"rights issue|placement of (?:new )?shares|new shares|listing)\b",
    ("Tarvo plans an IPO to raise ", "a rights issue to raise"))
# a percentage that is a return to come or a performance against a benchmark: 'sees 65% upside', 'has returned 14%'
M_UPSIDE = Rule(
    "metric.upside",
    r"^\s*(?:[\w-]+\s+){0,2}?(?:upside|downside|(?:total )?return potential|potential (?:upside|return)|total returns?)\b|"
    r"\b(?:(?:upside|downside|potential return) (?:of|to)|(?:has |have |had )?returned|lagged|outperformed|"
    r"underperformed|trailed)\s+(?:(?:its|the|their|a|an)\s+)?(?:[\w'’-]+\s+){0,2}?(?:by\s+)?"
    r"(?:(?:about|around|nearly|roughly|just|some|more than|over|almost|only)\s+)*$",
    (" upside in Kavo Motors", " total return potential", "an upside of about ", "the index has returned just ",
     "after it lagged its benchmark by "))
# money raised and, right after it, how: by issuing shares, in a listing or a funding round
M_RAISED_IN_EQUITY = Rule(
    "metric.raised_in_equity",
    r"^\s*(?:\([^)]{0,30}\)\s*)?(?:[A-Za-z]+\s+){0,2}?(?:in\s+(?:(?:its|an?|the|their|this|last)\s+)?(?:[\w'’-]+\s+){0,3}?(?:IPOs?|"
    r"listing|debut|(?:funding|financing|investment|fundraising|series [A-H]) rounds?|rounds?|share sales?|"
    r"placements?|(?:share|stock|rights|secondary) offerings?|rights issues?)|in (?:new )?equity|"
    r"by (?:selling|issuing|placing|offering) (?:[\w.,]+\s+){0,4}?(?:new |existing |its |treasury )?shares|"
    r"from (?:(?:new|existing|its|early|outside) )?(?:investors|backers|shareholders))\b",
    (" in its listing", " by selling 6.9 million shares", " in the year's biggest IPO", " in a round led by Osk",
     " from existing investors"))
# a funding round named right after its amount, in a headline without 'raise': '$35 million Series A financing'
M_ROUND_NAMED = Rule("metric.round_named", r"^\s*(?:in\s+)?(?:(?:a|an|its|new)\s+)?(?:Series\s+[A-H]\d?|seed|pre-seed)"
                     r"(?:\s+(?:funding|financing|round|investment|extension))?\b",
                     (" Series A financing", " in a Series B round", " seed round"), flags=0)
_RAISE_BEFORE = re.compile(r"\b(?:rais(?:e|es|ed|ing)|mop(?:s|ped)? up|garner(?:s|ed)?)\s+(?:\w+\s+){0,3}$",
                           re.IGNORECASE)
_DEBT_WORDS = re.compile(r"\b(?:bonds?|debt|loans?|notes|debentures?|NCDs?|credit)\b", re.IGNORECASE)
M_COUNT_PEOPLE = Rule("metric.count_people", r"^\s*(?:[\w-]+\s+){0,3}?(?:employees|staff|workers|jobs|people|"
                      r"persons|personnel|positions|job cuts|job losses|roles|pilots|nurses|engineers|drivers)\b",
                      (" full-time employees", " job cuts", " roles"))
# '3,400 of its 21,000 jobs', '300 out of the 2,000 positions': what the part counts is what its whole counts
_WHOLE_AFTER = re.compile(r"\s*(?:out\s+)?of\s+(?:its|the|their)\s+\d[\d,.]*(?:\s+(?:million|billion))?(?=\s)")
M_ECONOMY_JOBS = Rule(
    "metric.economy_jobs",
    r"\b(?:economy|economies|employers|(?:non-?farm )?payrolls?|labou?r market|job market|private sector|"
    r"public sector)\s+(?:(?:has|have|had|unexpectedly|also|only|just|likely|probably|are|is|was|were)\s+)*"
    r"(?:[a-z]+(?:ed)?|shed|lost|added)\s+(?:(?:by\s+)?(?:about|around|nearly|some|roughly|a net|a combined|"
    r"an estimated|more than|a further|another|just)\s+)*$",
    ("Norland's economy shed ", "U.S. employers added a net ", "Private sector payrolls rose by about "))
# shares that changed hands, or a volume: trading volume (the guide's volume_flows), not a stake
M_TRADING_VOLUME = Rule(
    "metric.trading_volume",
    r"(?:^\s*(?:[\w-]+\s+){0,2}?shares?\s+(?:have\s+|had\s+)?(?:changed hands|(?:were\s+)?traded|were exchanged)|"
    r"(?<![Ss]ales )(?<![Dd]elivery )(?<![Oo]rder )(?<![Pp]roduction )(?<![Ss]hipment )(?<![Cc]argo )"
    r"(?<![Tt]raffic )\b(?:[Vv]olume|[Tt]urnover)\s+(?:on\s+(?:[\w.&-]+\s+){1,3})?"
    r"(?:was|were|of|reached|totall?ed|hit|at)\s+"
    r"(?:about\s+|around\s+|some\s+|nearly\s+|more than\s+|just\s+)?$)",
    (" shares changed hands", "Volume on Norland exchanges was "), flags=0)
# a bond's terms: its coupon, its spread over a benchmark at pricing, a default swap: the issue's, not a macro rate
M_BOND_TERMS = Rule(
    "metric.bond_terms",
    r"^\s*coupon\b|\b(?:coupon (?:of|rate)|profit rate of|mid-swaps|initial price (?:thoughts|talk|guidance)|CDS|"
    r"credit default swaps?|"
    r"new[- ]issue (?:premium|concession)|(?:bonds|notes) due \d{4})\b",
    (" coupon, the second deal", " five-year CDS widened", " the yield on its 5.25% bonds due 2034 rose "))
# a spread at pricing, right after basis points: '85 basis points over U.S. Treasuries' (a benchmark's name follows)
M_SPREAD_OVER = Rule("metric.spread_over", r"^\s*(?:(?:basis points?|bps?)\s+)?(?:over|above)\s+"
                     r"(?:(?:U\.S\.|US|X+)\s+)?"
                     r"(?:Treasuries|Treasurys|mid-swaps|swaps|gilts|Bunds|SOFR|X{4,})\b", (" over Treasuries",))
_AVERAGE_OF = re.compile(r"\baverage(?: daily)?(?: volume)? of\s+(?:about\s+|around\s+|some\s+)?$", re.IGNORECASE)
_BLOCK_SALE = re.compile(r"\bblock\b|private sale", re.IGNORECASE)  # 'in a block trade' (the window may cut it)
_VOLUME_WORDS = re.compile(r"changed hands|shares traded|trading volume", re.IGNORECASE)
M_COUNT_SHARES = Rule("metric.count_shares", r"^\s*(?:[\w-]+\s+){0,3}?(?:shares|votes|warrants|options|"
                      r"stock options)\b", (" new shares",))
M_EXCHANGE_RATIO = Rule("metric.exchange_ratio", r"^\s*(?:[\w&.'’-]+\s+){0,3}?(?:new\s+)?shares?\s+(?:for|per)\s+"
                        r"(?:each|every|one)\b", (" Halden shares for each Corvane share", " new shares for every "))
M_COUNT_THINGS = Rule("metric.count_things", r"^\s*(?:[\w-]+\s+){0,2}?[a-z]+s\b", (" retail stores",), flags=0)
_HIRING_BEFORE = re.compile(r"\b(?:employ(?:s|ed|ing)?|hire[sd]?|hiring|lay(?:s|ing)? off|laid off|let(?:s|ting)? go|"
                            r"recruit(?:s|ed|ing)?|cut(?:s|ting)?|shed(?:s|ding)?)\s+(?:\w+\s+){0,3}$", re.IGNORECASE)
M_EPS_BEFORE = Rule("metric.eps_named_before", r"\b(?:EPS|earnings per share|loss per share|profit per share)\b",
                    ("Quarterly EPS came in at ",), flags=0)
M_LOSS_NOUN = Rule("metric.loss_noun_after", r"^[\s-]*(?:[\w-]+\s+){0,2}?loss\b", ("-crore consolidated loss",))
# a loss in percent is what a holding lost, not a company's loss (those are money): 'sitting on a 56% loss'
M_PERCENT_LOSS = Rule("metric.percent_loss", M_LOSS_NOUN.pattern, (" loss to show for it", " monthly loss"))
M_SHARES = Rule("metric.shares_moved", r"^(?:shares?|stocks?)$", ("shares",))
_STAKE_VERBS = re.compile(r"\b(?:stake|sells?|sold|selling|buys?|bought|buying|acquir\w*|issu\w*|offer\w*|" + _OWN + r"|"
                          r"owned|holds?|held|subscri\w*|placement|allot\w*|repurchas\w*|buy-?back)\b", re.IGNORECASE)
M_PRICE_MOVE = Rule("metric.price_move", r"(?<!-)\b(?:" + UP_WORDS + "|" + DOWN_WORDS + r")\b(?!-\w)",
                    ("Gold falls ", "Orvane shares plunged "))
M_VALUATION_MONEY = Rule("metric.valuation_in_money", r"\bvaluations?\b", ("at a $4 billion valuation",))
M_LEVEL_REACHED = Rule(
    "metric.level_reached",
    r"\b(?:to|hit|hits|hitting|reach(?:es|ed|ing)?|touch(?:es|ed|ing)?|scal(?:e|es|ed|ing)|cross(?:es|ed|ing)?|"
    r"breach(?:es|ed|ing)?|top(?:s|ped|ping)?)\s+(?:(?:a|an|the|its|their|new|fresh|all-time|record|lifetime|"
    r"(?:\d+|multi)-(?:year|month|week|day)|high|low|peak|level|mark|of)\s+)*"
    r"(?:(?:about|around|nearly|almost|above|over|more than|below|under)\s+)?$",
    ("Orvel shares hit a record ", "the index climbed to ", "stock hits record high of "))
# a move named right after the figure 'to' reaches: the figure is that move ('lifted the Dow to a 300-point gain')
M_MOVE_AFTER_LEVEL = Rule("metric.move_after_level", r"[\s-]*(?:points?\s+|pts?\s+)?(?:gain|rise|rally|jump|drop|"
                          r"fall|decline|loss|slide|plunge)s?\b", (" point gain", "-point drop", " gain"))
_PRICED = re.compile(r"\b(?:shares?|stocks?|index|indices|gauge|benchmark|prices?|gold|silver|copper|oil|crude|"
                     r"Brent|bitcoin|ether|currency|dollar|euro|yen|yuan|rupee|sterling|futures|bonds?|(?-i:PT))\b",
                     re.IGNORECASE)  # 'PT': a price target in a headline ('Acme PT raised to $52')
M_LEVEL_WORD = Rule("metric.money_at_level", r"\b(?:at|to|near|around|below|above)\s*$", ("Copper settled at ",),
                    flags=0)
# a percentage that a reading reached or stands at, no figure named: a level of a rate or share, never a return
M_PERCENT_LEVEL = Rule(
    "metric.percent_level",
    r"(?:(?<!\bup )\bto|\b(?:stands?|stood|is|was|remains?|remained) at|\bnow|\baverage of|\bhigh of|\blow of)\s+"
    r"(?:(?:about|around|roughly|nearly|almost|some|just|over|under|above|below|more than|less than|a record|"
    r"a new|an all-time)\s+)*$",
    ("bullish readings jumped to ", "the gauge is now just over ", "below its long-run average of "))
# a share's yield: 'the shares yield 3.1%', 'yield tops 7%' after a dividend; not a bond's (a national statistic)
M_SHARE_YIELD = Rule("metric.share_yield", r"\byields?\b(?:\s+[\w-]+){0,2}\s*$", ("Its shares yield about ",
                     "dividend of Rs 20, yield tops "))
_SHARE_WORDS = re.compile(r"\b(?:dividends?|payouts?|shares?|stocks?)\b", re.IGNORECASE)
_BOND_WORDS = re.compile(r"\b(?:bonds?|treasur\w*|gilts?|bunds?|notes|debt|JGBs?|\d+-year|yields? on)\b", re.IGNORECASE)
# money or a pay rise that a staff word names is pay, not a count of staff: 'paying staff $20 an hour'
M_STAFF_PAY = Rule("metric.staff_pay", r"^\s*(?:[\w-]+\s+){0,2}?(?:pay|wages?|salar(?:y|ies)|bonus(?:es)?)\b",
                   (" pay rise", " wage increase"))
# a change named as a noun with no keyword in its clause: 'revenue of 21 billion yuan, implying growth of 25%', 'euro zone
# growth of about 1.1%' after an economy: the change of the figure the sentence named before
M_CHANGE_NOUN = Rule(
    "metric.change_noun_of_named",
    r"\b(?:growth|declines?|increases?|rises?|drops?|falls?|gains?|contraction|expansion)\s+(?:of|at)\s+"
    r"(?:(?:about|around|roughly|nearly|some|just|over|up to|at least|more than|less than)\s+)*$",
    ("implying growth of ", "a year-on-year decline of up to ", "sees 2027 growth at "))
# money that investors move into or out of funds: 'pulled $8 billion from equity funds', 'bond funds drew $2 billion'
M_FUND_FLOW = Rule(
    "metric.fund_flow",
    r"\b(?:(?P<in>pour(?:s|ed|ing)?|pull(?:s|ed|ing)? in|took in|tak(?:e|es|ing) in|drew|draw(?:s|ing)?|"
    r"attract(?:s|ed|ing)?|put)|(?P<out>pull(?:s|ed|ing)?|withdr(?:ew|awn|awing|aws)|redeem(?:s|ed|ing)?|"
    r"yank(?:s|ed)?))\s+(?:(?:a net|a combined|about|around|roughly|"
    r"nearly|some|more than|over|another|a further|a record)\s+)*$",
    ("Investors pulled ", "bond funds drew a net ", "Investors have poured about "))
_FUNDS = re.compile(r"\b(?:funds|ETFs|fund|ETF|mutual funds?)\b", re.IGNORECASE)
# a market's investor groups moving money in or out of its shares: 'FIIs withdraw Rs 2,000 crore' (out, down), 'FPIs
# pump in Rs 12,000 crore' (in, up), 'FIIs net sell Rs 2,376 crore' (buying and selling shares: no direction)
M_INVESTOR_FLOW = Rule(
    "metric.investor_flow",
    r"\b(?:FIIs?|FPIs?|DIIs?|foreign (?:institutional |portfolio )?investors|foreign funds|"
    r"overseas (?:investors|funds)|domestic institution(?:s|al investors))\b[^.;:]{0,25}?\b(?:net\s+)?"
    r"(?:sold|sells?|selling|bought|buys?|buying|"
    r"offload(?:s|ed)?|dump(?:s|ed)?|(?P<out>withdr(?:ew|aw|awn|aws|awing)|pull(?:s|ed)? out)|(?P<in>pump(?:s|ed)? in|"
    r"invest(?:s|ed)?|inject(?:s|ed)?|pour(?:s|ed)? in))\s+(?:(?:a net|net|shares worth|equities worth|stocks worth|"
    r"about|nearly|over|some|around|more than)\s+)*$",
    ("FIIs withdraw ", "FPIs pump in ", "FIIs net sell ", "foreign investors sold shares worth "))
# a deal's or share sale's premium or discount to a market price: part of the deal's terms, not a valuation multiple
M_DEAL_PREMIUM = Rule(
    "metric.deal_premium",
    r"^\s*(?:premium|discount)\s+(?:to|over|on)\s+(?:[\w'’-]+\s+){0,5}?(?:close|closing|price|VWAP|average)\b",
    (" premium to Friday's close", " discount to the last closing price", " premium to its 3-month VWAP"))
_DEAL_OR_SALE = re.compile(r"\b(?:offer\w*|bid|deal|buy-?backs?|acquisition|takeover|buyout|sold|sells?|selling|"
                           r"placement|block|agreed to (?:buy|acquire|pay)|tender)\b", re.IGNORECASE)
# basis points that no word around them names: a rate's move (the guide's basis-point clarification)
M_BASIS_POINTS = Rule("metric.basis_points_rate", r"\b(?:basis[- ]points?|bps?)\b", ("a 25 basis-point cut", "75 bps"))
_CHANGE_TO = re.compile(r"\b(?:declines?|drops?|falls?|loss(?:es)?|gains?|rises?|rall(?:y|ies)|advances?|slides?|"
                        r"slumps?|rebounds?|losing streak|winning streak)\s+(?:[\w'’-]+\s+){0,4}?to\s+(?:\w+\s+){0,2}$",
                        re.IGNORECASE)  # 'extending its decline this year to 11%': the change, not a level
M_HIRING_WORDS = Rule("metric.count_hiring_words", r"\b(?:employ|hire|lay|recruit|staff|workforce|headcount|"
                      r"jobs?\b)", ("plans to hire ", "Its workforce stood at ", "cut 300 jobs"))


# the rate a wire's conversion footer states ('($1 = 0.9859 Swiss francs)'): a currency's price
M_RATE_FOOTER = Rule("metric.rate_footer", RATE_FOOTER_OPEN + "$", ("($1 = ",))


def _metric_local(c: MetricContext, trace: Trace) -> Metric | None:
    """Strong patterns right at the number: '15 times earnings', '$2 a share', '9% in Pelican Foods',
    '$2,000 an ounce'."""
    if c.unit is Unit.CURRENCY and (M_RATE_FOOTER.search(c.before[-8:], trace)
                                    or M_TRADER_LEVEL.search(c.before[-40:], trace)):
        return Metric.PRICE_LEVEL  # a wire's conversion rate; a trader's level ('Breakout watch over 20.48')
    if c.unit is Unit.MULTIPLE and not MOVE_NOUN_AFTER.match(c.after) and M_MULTIPLE_OF.match(c.after_raw, trace):
        return Metric.VALUATION
    if M_DISCOUNT.search(c.before, trace):
        return Metric.VALUATION if c.unit in (Unit.PERCENT, Unit.MULTIPLE) else Metric.OTHER
    if c.unit is Unit.CURRENCY and not SCALED_TOTAL.search(c.figure) and M_PER_SHARE.match(c.after, trace):
        eps = M_PER_SHARE_EPS.search(c.clause_before)
        if eps and not (eps.group().lower().startswith("earn") and M_PER_SHARE_DIVIDEND.search(c.before + c.after)):
            M_PER_SHARE_EPS.note(trace)
            return Metric.EPS  # not 'investors earn Rs 10 a share as Pelko declares a special dividend'
        if M_PER_SHARE_DIVIDEND.search(c.before + c.after, trace):
            return Metric.DIVIDEND
        if M_DEAL_PRICE.search(c.clause_before + c.after_raw[:40], trace):
            return Metric.OTHER  # a deal price per share: 'a $33 per share cash offer', 'bid $30 a share'
        return Metric.PRICE_LEVEL
    if c.unit is Unit.PERCENT and M_DEAL_PREMIUM.match(c.after_raw) and _DEAL_OR_SALE.search(c.sentence_before):
        M_DEAL_PREMIUM.note(trace)
        return Metric.OTHER  # 'offered 14.20 euros a share, a 31% premium to its 3-month VWAP': the deal's terms
    surprise = M_SURPRISE_AFTER.match(c.after_raw, trace) if c.unit is Unit.PERCENT else None
    if surprise:
        what = surprise.group("what").lower()
        return Metric.EPS if what == "eps" else Metric.PROFIT if what in ("earnings", "profit") else Metric.REVENUE
    if c.unit is Unit.CURRENCY and c.keyword_before is None and _PER_SHARE_AMOUNT.fullmatch(c.figure) and \
            M_SURPRISE_BY.search(c.clause_before, trace):
        return Metric.EPS
    won = M_CONTRACT_WON.regex.search(c.before) if c.unit is Unit.CURRENCY else None
    if won and (won.group("order") or won.group("named") or _ORDER_AFTER.match(c.after_raw)):
        M_CONTRACT_WON.note(trace)
        return Metric.REVENUE  # 'Lockheed awarded $3.3B', 'wins a $40 million order' (not 'secures $35M credit')
    if c.unit is Unit.PERCENT and M_RETURN_AFTER.match(c.after_raw, trace):
        return Metric.RETURN  # 'a safe 6.6% return', '~30% total return potential' (not a 'return on equity')
    if c.unit is Unit.PERCENT and M_COST_RATIO.search(c.clause_before, trace):
        return Metric.OTHER  # 'expenses as a percentage of sales were 16.2%': a cost ratio, not the sales
    if c.unit is Unit.PERCENT and not _MOVE_NEAR_END.search(c.before) and M_STAKE_IN.match(c.after_raw[:40], trace):
        return Metric.STAKE  # 'to sell 9% in Pelican Foods'
    if c.unit is Unit.PERCENT and M_SHARE_OF.match(c.after_raw) and M_HELD_SHARE.search(c.before, trace):
        M_SHARE_OF.note(trace)
        return Metric.STAKE  # 'which owns about 11% of the company', 'will hold 19% of the combined group'
    if c.unit is Unit.PERCENT and M_SHARE_YIELD.search(c.before) and _SHARE_WORDS.search(c.sentence_before) and \
            not _BOND_WORDS.search(c.sentence_before):
        M_SHARE_YIELD.note(trace)
        return Metric.DIVIDEND  # 'the bank's shares, which yield 8.2%': a dividend yield
    if c.unit in (Unit.PERCENT, Unit.PERCENTAGE_POINTS) and (
            M_BOND_TERMS.search(c.clause_before, trace) or M_BOND_TERMS.search(c.after_raw[:20], trace) or
            c.unit is Unit.PERCENTAGE_POINTS and M_SPREAD_OVER.match(c.after_raw, trace)):
        return Metric.OTHER  # 'priced at 85 basis points over Treasuries', 'a 5.125% coupon', 'five-year CDS'
    if c.unit is Unit.PERCENT and (M_PROBABILITY.match(c.after, trace) or M_PROBABILITY.search(c.clause_before, trace)):
        return Metric.OTHER  # a probability: 'price a 70% chance of a cut', 'the odds of a recession at 35%'
    if c.unit is Unit.CURRENCY and M_VALUES_COMPANY.search(c.before, trace):
        return Metric.MARKET_VALUE  # 'a deal valuing the chain at 1.6 billion pounds': the company's value
    named = _named_in_sentence(c, trace) if c.unit is Unit.PERCENT and M_PERCENT_GOAL.match(c.after) else None
    if named is not None:
        M_PERCENT_GOAL.note(trace)
        return named  # 'inflation would return to its 2% target', 'the bottom of its 5-7% margin target'
    if c.unit is Unit.CURRENCY and M_COMPANY_VALUE.search(c.before) and not _DEAL_WORDS.search(c.clause_before):
        M_COMPANY_VALUE.note(trace)
        return Metric.MARKET_VALUE  # a company's own value in money (the guide's Clarifications)
    return _metric_local_flows(c, trace)


def _metric_local_flows(c: MetricContext, trace: Trace) -> Metric | None:
    """The rest of :func:`_metric_local`, in order: upside, fund flows, money raised, units sold, prices per unit,
    counts, a preceding EPS."""
    if c.unit in (Unit.PERCENT, Unit.PERCENTAGE_POINTS) and (M_UPSIDE.match(c.after, trace) or
                                                             M_UPSIDE.search(c.before, trace)):
        return Metric.RETURN  # 'Velto sees 65% upside in Kavo', 'the index has returned just 14%'
    if c.unit is Unit.CURRENCY and M_FUND_FLOW.search(c.before) and \
            (_FUNDS.search(c.clause_before) or _FUNDS.search(c.after_raw[:45])):
        M_FUND_FLOW.note(trace)
        return Metric.VOLUME_FLOWS  # fund inflows and outflows
    if c.unit is Unit.CURRENCY and M_INVESTOR_FLOW.search(c.before[-90:], trace):
        return Metric.VOLUME_FLOWS  # 'FIIs withdraw Rs 2,000 crore from equities'
    if c.unit is Unit.CURRENCY and _RAISE_BEFORE.search(c.before):
        if M_EQUITY_RAISE.search(c.sentence_before) and not _DEBT_WORDS.search(c.sentence_before + c.after):
            M_EQUITY_RAISE.note(trace)
            return Metric.STAKE  # money raised by issuing shares: 'an IPO to raise Rs 450 crore' (the guide's IPO size)
        if M_RAISED_IN_EQUITY.match(c.after_raw, trace):
            return Metric.STAKE  # 'raised 4 billion crowns in its listing', '... by selling 6.9 million shares'
    if c.unit is Unit.CURRENCY and M_ROUND_NAMED.match(c.after_raw, trace):
        return Metric.STAKE  # 'closes $50 million Series B funding round': the shares a round sells (as raised in it)
    counted = c.after_raw if c.past_whole is None else c.past_whole  # 'sold 2 million of its 5 million shares'
    if c.unit is Unit.COUNT and not M_COUNT_SHARES.match(counted) and M_UNITS_SOLD.search(c.before, trace):
        return Metric.REVENUE  # 'Kavo Motors sold 120,000 cars', 'aims to deliver 80,000 trucks': sales in units
    if c.unit is Unit.COUNT and _HOMES_AFTER.match(c.after_raw) and M_HOMES_BUILT.search(c.before, trace):
        return Metric.REVENUE  # 'the housebuilder completed 9,100 homes': a builder's deliveries
    if c.unit is Unit.CURRENCY and not M_MONEY_MOVE.search(c.before) and M_PER_UNIT.match(c.after, trace):
        return Metric.PRICE_LEVEL  # 'a record $2,450 an ounce' (but 'Copper drops $120 a tonne' is a move)
    if c.unit is Unit.COUNT:
        m = _metric_count(c, trace)
        if m is not None:
            return m
    if M_EPS_BEFORE.search(c.clause_before, trace):
        return Metric.EPS
    return None


def _trading_volume(c: MetricContext) -> bool:
    """Shares that changed hands, a session's volume or its average ('48 million shares changed hands, against a
    30-day average of 1.2 million'), not shares a holder sold ('changed hands in a block trade')."""
    said = M_TRADING_VOLUME.search(c.clause_before) or M_TRADING_VOLUME.match(c.after_raw) or (
        _AVERAGE_OF.search(c.before) and _VOLUME_WORDS.search(c.sentence_before))
    return bool(said) and not _STAKE_VERBS.search(c.clause_before + c.after_raw[:25]) and \
        not _BLOCK_SALE.search(c.sentence_before + c.after_raw)


def _metric_count(c: MetricContext, trace: Trace) -> Metric | None:
    """A count: the counted thing decides ('40 staff', '2 million shares', '12 offices'); jobs an economy adds or
    sheds are a national statistic, not an employer's staff (the guide's Clarifications)."""
    if c.past_whole is not None and M_COUNT_SHARES.match(c.past_whole, trace):
        return Metric.STAKE  # 'sold 2 million of its 5 million shares'
    if M_COUNT_PEOPLE.match(c.after if c.past_whole is None else c.past_whole, trace):
        return Metric.MACRO if M_ECONOMY_JOBS.search(c.before, trace) else Metric.HEADCOUNT
    if _trading_volume(c):
        M_TRADING_VOLUME.note(trace)
        return Metric.VOLUME_FLOWS
    if M_EXCHANGE_RATIO.match(c.after_raw, trace):
        return Metric.OTHER  # '0.84 Halden shares for each Corvane share': a deal's terms, as a deal's price
    if M_COUNT_SHARES.match(c.after_raw, trace):
        return Metric.STAKE
    if M_COUNT_THINGS.match(c.after) and not _HIRING_BEFORE.search(c.before):
        M_COUNT_THINGS.note(trace)
        for rule, m in METRIC_KEYWORDS:
            if m in (Metric.REVENUE, Metric.STAKE) and rule.search(c.after[:30], trace):
                return m
        near = c.keyword_before
        if near is not None and near[2] is Metric.REVENUE and re.search(r"\bto\s+(?:about\s+|around\s+)?$", c.before):
            near[1].note(trace)
            return Metric.REVENUE  # 'deliveries rose 32% to 14,180 vehicles': sales in units
        return Metric.OTHER
    return None


M_MOVE_IN_SHARES = Rule("metric.move_in_shares", r"\s+(?:in|of)\s+(?:the\s+|its\s+|their\s+)?(?:shares|stocks?)\b",
                        (" in the shares", " of its stock"))


def _keyword_after(c: MetricContext) -> tuple[int, Rule, Metric] | None:
    """The nearest keyword attached to the figure after it ('9 pc stake', 'rise in beer sales')."""
    windows = [c.after[:28]]
    noun = MOVE_NOUN_AFTER.match(c.after)
    if noun and M_MOVE_IN_SHARES.regex.match(c.after, noun.end()):
        return 0, M_MOVE_IN_SHARES, Metric.RETURN  # 'a 40% rise in the shares': the stock's move, no stake
    if noun:
        windows.insert(0, re.sub(r"^\s*(?:in|of)\s+", " ", c.after[noun.end():noun.end() + 30])[:28])
    for near in windows:
        best = None
        for rule, m in METRIC_KEYWORDS:
            mm = rule.regex.search(near)
            # only words attached to the figure: not across 'to slip below IPO price', 'on profit-booking'
            if mm and m is not Metric.RETURN and not _ATTACHED.search(near[:mm.start()]):
                if best is None or (mm.start(), -mm.end()) < (best[0], -best[3]):
                    best = (mm.start(), rule, m, mm.end())  # the nearest, then the longest: 'IPO price'
        if best:
            return best[:3]
    return None


# a return keyword that is a movement word: after another keyword it is that figure's change
M_MOVE_OF_NAMED = Rule("metric.move_of_named", r"gains?|rall(?:y|ies|ied)|advance|drop|slump|selloff",
                       ("drop", "gains"))


def _keyword_named_before_move(c: MetricContext, trace: Trace) -> tuple[int, Rule, Metric, str] | None:
    """The nearest keyword before the figure, past a movement word that is a return keyword: 'expects sales to drop
    8%' is the change of the sales ('metric.move_of_named'), 'shares are expected to drop 8%' a return."""
    near = c.keyword_before
    if near is None or near[2] is not Metric.RETURN or not M_MOVE_OF_NAMED.fullmatch(near[3]):
        return near
    cut = len(c.clause_before) - near[0] - len(near[3])
    earlier = _nearest_keyword(c.clause_before[:cut])
    if earlier is None or earlier[2] in (Metric.RETURN, Metric.PRICE_LEVEL) or earlier[0] > 40:
        return near
    M_MOVE_OF_NAMED.note(trace)
    return earlier[0] + near[0] + len(near[3]), earlier[1], earlier[2], earlier[3]


def names_an_amount(text: str, start: int, sent_start: int) -> bool:
    """The nearest metric keyword of the clause before ``start`` names an amount that is no price (cash, debt,
    costs, capacity, a budget): 'cut net debt to below 9 billion euros' is no level of a price."""
    clause = _CLAUSE_BREAK.split(text[max(sent_start, start - 150):start])[-1]
    near = _nearest_keyword(clause)
    return near is not None and bool(_STRONG_OTHER.fullmatch(near[3]))


def _nearest_keyword(clause_before: str) -> tuple[int, Rule, Metric, str] | None:
    """The nearest keyword before the figure in its clause (the longer one on a tie)."""
    best = None
    for rule, m in METRIC_KEYWORDS:
        for mm in rule.regex.finditer(clause_before):
            dist = len(clause_before) - mm.end()
            if best is None or (dist, -len(mm.group())) < (best[0], -len(best[3])):
                best = (dist, rule, m, mm.group())
    return best


def _metric_from_keywords(c: MetricContext, trace: Trace) -> Metric | None:
    noun = MOVE_NOUN_AFTER.match(c.after)
    if noun and noun.group("w").lower() == "loss":
        if c.unit is Unit.PERCENT:  # 'a 36% loss to show for it', 'a 4.2% monthly loss': a holding's move
            M_PERCENT_LOSS.note(trace)
            return Metric.RETURN
        M_LOSS_NOUN.note(trace)
        return Metric.PROFIT  # 'a Rs 410-crore consolidated loss'
    after, before, move = _keyword_after(c), _keyword_named_before_move(c, trace), c.move_before
    if after and (before is None or after[0] <= 3 or (move is not None and move < before[0])):
        if not (before and before[2] in (Metric.PROFIT, Metric.REVENUE) and after[2] in (Metric.STAKE, Metric.OTHER)
                and before[0] < 25):
            after[1].note(trace)
            return after[2]
    if before is not None:
        return _metric_named_before(c, before, trace)
    if after:
        after[1].note(trace)
        return after[2]
    return None


def _metric_named_before(c: MetricContext, before: tuple[int, Rule, Metric, str], trace: Trace) -> Metric:
    """A keyword before the figure; a movement word nearer to the figure makes a price move of it."""
    dist, rule, m, word = before
    rule.note(trace)
    moved = c.move_before is not None
    shares = bool(M_SHARES.fullmatch(word.lower()))
    if shares and (moved or c.direction) and c.unit in (Unit.PERCENT, Unit.CURRENCY) and \
            not _STAKE_VERBS.search(c.clause_before):
        M_SHARES.note(trace)
        return Metric.RETURN  # 'lifted the shares 8%', 'sent the stock up 6%': a price move, not a stake
    if moved and c.move_before < dist and not _STRONG_OTHER.fullmatch(word) and (
            m in (Metric.RETURN, Metric.PRICE_LEVEL, Metric.OTHER) or shares) and \
            c.unit in (Unit.PERCENT, Unit.CURRENCY, Unit.INDEX_POINTS):
        M_PRICE_MOVE.note(trace)
        return Metric.RETURN  # 'Gold falls Rs 135', 'Orvane plunges 6%': a price move
    if m is Metric.PRICE_LEVEL and c.direction is not None and c.unit is Unit.PERCENT:
        return Metric.RETURN
    if m is Metric.RETURN and c.unit is Unit.CURRENCY and c.direction is None:
        return Metric.PRICE_LEVEL
    return m


def _named_in_sentence(c: MetricContext, trace: Trace) -> Metric | None:
    """The business or national figure named last in the sentence before the number."""
    best = None
    for rule, m in METRIC_KEYWORDS:
        if m in _SENTENCE_METRICS:
            for mm in rule.regex.finditer(c.sentence_before):
                if best is None or mm.end() > best[0]:
                    best = (mm.end(), rule, m)
    if best is None:
        return None
    best[1].note(trace)
    return best[2]


def business_named_before(text: str, start: int, sent_start: int) -> Metric | None:
    """The business or national figure named last in the sentence before ``start`` (no trace: a fallback's)."""
    return _named_in_sentence(MetricContext.around(text, start, start, Unit.CURRENCY, sent_start, start, None), None)


def _metric_fallback(c: MetricContext, trace: Trace) -> Metric:
    """No keyword in the clause: a change of what the sentence named earlier, else by unit and movement."""
    if c.move_before is None:
        named = _named_in_sentence(c, trace)  # 'net sales ... , a 3.3-percent increase'
        if named is not None:
            return named
    if c.unit is Unit.PERCENT and M_CHANGE_NOUN.search(c.before) and not _PRICED.search(c.clause_before):
        named = _named_in_sentence(c, trace)
        if named is not None:
            M_CHANGE_NOUN.note(trace)
            return named
    if c.unit is Unit.PERCENTAGE_POINTS and M_BASIS_POINTS.search(c.figure, trace):
        return Metric.MACRO  # 'a 25 basis-point cut', 'markets price in 75 bps by September': a policy rate's move
    if c.unit is Unit.PERCENT and (c.move_before is None or c.move_before > 25) and \
            M_SHARE_OF.match(c.after_raw, trace):
        return Metric.OTHER  # a share of something: '85% of analysts polled', 'makes up 14% of the index'
    if c.unit is Unit.INDEX_POINTS:
        return Metric.RETURN if c.direction else Metric.PRICE_LEVEL
    if c.unit is Unit.PERCENT and not _CHANGE_TO.search(c.clause_before) and M_PERCENT_LEVEL.search(c.before, trace):
        # 'bullish readings jumped to 32.8%', 'the measure is now just over 30%'; 'Its margin, however, narrowed to 46%'
        return _named_in_sentence(c, trace) or Metric.OTHER
    if c.unit is Unit.PERCENT and (c.direction or c.move_before is not None):
        return Metric.RETURN
    if c.unit in (Unit.CURRENCY, Unit.INDEX_POINTS) and c.move_before is not None and c.move_before < 15:
        M_PRICE_MOVE.note(trace)
        return Metric.RETURN  # 'Gold falls Rs 135'
    if c.unit is Unit.CURRENCY and c.direction is None and M_LEVEL_WORD.search(c.before) and \
            not re.search(r"\bup to\s*$", c.before):
        M_LEVEL_WORD.note(trace)
        return Metric.PRICE_LEVEL
    if c.unit is Unit.COUNT and M_HIRING_WORDS.search(c.before + c.after, trace):
        return Metric.HEADCOUNT
    return Metric.OTHER


# ----------------------------------------------------------------------------- unit (of a bare number)
U_INDEX_NAMES = r"Nifty|Sensex|index|indices|gauge|benchmark|Dow|Nasdaq|S&P"
# survey indices, in points only right beside the figure ('Chicago PMI 42.9', 'consumer confidence fell to 85.2')
U_SURVEY_NAMES = r"PMIs?|ZEW|Ifo|Tankan|(?:consumer|business|investor|economic) (?:confidence|sentiment|climate)"
U_INDEX_SENTENCE = Rule("unit.index_sentence", r"\b(?:" + U_INDEX_NAMES + r"|Nikkei|Hang Seng|FTSE|DAX|Kospi|VIX)\b",
                        ("The Tarvo 50 index hit ", "the VIX seen in a 15-19 range"))
U_FX_RATE = Rule("unit.fx_rate", r"^\s*(?:/\s?\$|(?:vs\.?|versus|against|to|per|a)\s+(?:the\s+)?(?:US\s+|U\.S\.\s+)?"
                 r"(?:dollar|\$|greenback|euro))", (" per dollar", " versus the US dollar"))
# a target of a volume, not a price: 'its annual target of 560,000', 'a full-year delivery target of 120'
U_VOLUME_TARGET = Rule("unit.volume_target", r"\b(?:annual|full-year|yearly|sales|production|output|delivery|"
                       r"deliveries|volume|shipments?)\s+targets?\s+(?:of|at|to)\s+(?:about\s+|around\s+|roughly\s+)?$",
                       ("about 38% of its annual target of ", "a full-year delivery target of "))
U_PRICE_BEFORE = Rule(
    "unit.price_word_before",
    r"(?:@|\b(?:target|targets|price|stop[- ]loss|resistance|support|trades? at|list(?:s|ed)? at|cross(?:es|ed)?|hits?|"
    r"tests?|reach(?:es)?|touch(?:es|ed)?|breach(?:es|ed)?|breaks?))\s+(?:\w+\s+){0,2}$",
    ("Buy Pelko with a target of ", "the index could test "))
_NO_NOUN_AFTER = re.compile(r"^\s*(?:[-–]\s*[\d.,]+\s*)?(?:levels?\b|mark\b|range\b|zone\b|$|[,;:.]|(?:on|for|in|by|"
                            r"and|as|if|once|before|after|till|until|with|over|soon|now|again|to|next|this|within|"
                            r"during|possible|likely|seen|coming|ahead|is|are)\b)")
# a trader's price level in a post that names a share by its cashtag ('$IQ ... Breakout watch over 20.48', '$REKR
# could pop over 3.04', '$AMRN getting the move over 23')
U_TRADER_LEVEL = Rule("unit.trader_level", r"\b(?:(?:move|pop|break(?:out)?|run|push|close|hold|watch)\s+(?:\w+\s+)?"
                      r"(?:over|above|under|below|through)|break of|reclaim(?:s|ed)?|support at|resistance at)\s+$",
                      ("Breakout watch over ", "could pop over ", "getting the move over ", "the break of "))
M_TRADER_LEVEL = Rule("metric.trader_level", U_TRADER_LEVEL.pattern, U_TRADER_LEVEL.examples)  # its price level
_CASHTAG = re.compile(r"(?<![\w$])\$[A-Z]{1,5}\b")
_LINK_AFTER = re.compile(r"^\s*(?:https?://|…)")
# a level in an analyst's call, for a bare figure no noun follows: 'see Pelko @ 1,200', 'can go as low as 540'
U_CALL_LEVEL_BEFORE = Rule(
    "unit.call_level_before",
    r"(?:@|\b(?:(?:bought|buy|sell|sold|accumulate) at|as (?:low|high) as|closer to|levels? of|head(?:s|ing)? "
    r"(?:to|towards)|go (?:down |up )?to|slide (?:down )?to|placed at|seen at|looking at))\s+(?:\w+\s+){0,2}$",
    ("see Pelko @ ", "Orrel will go as low as ", "Pelko can be bought at around ", "looking at levels of "))
U_LEVEL_AFTER = Rule("unit.level_after", r"^\s*-?\s*(?:levels?|mark|range|band|zone)\b",
                     (" levels by March", "-mark on Monday", " range this week"))
U_CURRENCY_LEVEL = Rule("unit.currency_level", r"\b(?P<ccy>rupee|rupiah|yen|yuan|won|ringgit|baht|peso|rouble|ruble|"
                        r"lira|rand)\s+(?:(?:seen|is|was|at|in|to|near|around|hits?|tests?|could|may|will|"
                        r"trade|trades|be)\s+){1,3}(?:the\s+|an?\s+)?(?:about\s+|around\s+)?$",
                        ("the rupee at ", "sees the baht in the "))
U_FX_SENTENCE = Rule("unit.fx_sentence", r"(?:\b(?:per|against|versus|vs\.?)\s+(?:the\s+)?(?:US\s+)?(?:dollar|"
                     r"greenback|euro)\b|\bdollar[-/](?:yen|yuan|won|rupee|baht|peso|lira|rand)\b|"
                     r"\b(?:dollar|greenback)\b(?:[^.;]|\.(?=\d)){0,60}\b(?:against|versus|vs\.?)\s+(?:the\s+)?"
                     r"(?:Japanese\s+|Chinese\s+|Indian\s+)?(?:yen|yuan|renminbi|won|rupee|baht|peso|lira|rand|ringgit|"
                     r"rupiah)\b)",
                     ("the won slid to 1,400 per dollar", "the dollar-yen pair", "the dollar rose against the yen to "))
# currencies quoted in dollars per unit ('the euro at $1.08'), not in units per dollar ('the yen at 151 per dollar')
_PRICED_IN_DOLLARS = frozenset({"EUR", "GBP", "AUD", "NZD"})
U_FX_LEVEL_BEFORE = Rule("unit.fx_level_before", r"\b(?:at|to|of|past|around|near|beyond|below|above)\s+(?:the\s+)?$",
                         ("before closing at ",))
U_LARGE_COUNTED = Rule(
    "unit.large_counted",
    r"^(?:\s+[\w'-]+){0,3}?\s+(?:people|persons|employees|shares|units|users|customers|subscribers|tonnes|tons|"
    r"liters|litres|barrels|vehicles|cars)\b", (" new customers",))
U_MONEY_WORDS = Rule(
    "unit.money_words",
    r"\b(?:revenues?|sales|profits?|income|turnover|earnings|loss(?:es)?|costs?|prices?|investments?|worth|valued|"
    r"value|budgets?|debt|cash|capital|loans?|funds?|financing|contract|order|deal|acquisitions?|"
    r"consideration|dividends?|EBIT|EBITDA|"
    r"assets|IPO|PAT|PBT|QIP|FPO|NCDs?|bonds?|debentures?|fines?|penalty|promised|pledged|"
    r"donat(?:e|es|ed|ion|ions)|grants?|capex|expenditure|outlay|payout|buyback)\b",
    ("revenue of 12.5 billion", "files for 600 crore IPO", "Q3 PAT down 5% at 2,884 cr"))
# money raised, the verb right before the scaled figure ('plans to raise 426 crore'; not 'raised its forecast to 14
# million' nor 'raises stake to 2 crore shares')
U_RAISED_BEFORE = Rule("unit.raised_before", r"\brais(?:e|es|ed|ing)\s+(?:(?:about|around|up to|nearly|over|another|"
                       r"a further|an additional)\s+)?(?:Rs\.?\s?)?$", ("plans to raise ", "raised a further "))
U_INDEX_NEAR = Rule("unit.index_near", r"\b(?:" + U_INDEX_NAMES + "|" + U_SURVEY_NAMES + r")\b",
                    ("the benchmark lost 120", "Chicago PMI "))
U_COUNT_NOUN_BEFORE = Rule(
    "unit.count_noun_before",
    r"\b(?:workforce|staff|staffing|headcount|head count|employees|employ|employs|employed|employing|workers|jobs|"
    r"payrolls?|jobless claims|(?:initial|continuing) claims|unemployment benefits|rig count|employment|"
    r"(?:mortgage|loan) approvals|people in work|"
    r"job (?:gains|growth|creation|additions)|hires|hiring|layoffs|job cuts|subscribers|"
    r"customers|users|members|passengers|"
    r"visitors|deliveries|shipments|lay(?:s|ing)? off|laid off|let(?:s|ting)? go(?: of)?)\b(?P<gap>[^.;:]*)$|"
    r"\b(?:orders|pre-orders|reservations|bookings|vehicles)\b(?P<near>[^.;:,]{0,25})$",
    ("the workforce stood at ", "Orvin employs ", "raise staffing by ", "Tarvo lays off ",
     "job gains were revised to ", "the oil rig count rose 9 to "))
U_LIST_SIZE = Rule(
    "unit.list_size",
    r"\b(?:of|among|across)\s+(?:all\s+)?the\s+(?:(?:[\w&.-]+\s+){0,2}[\w&.-]+['’]s?\s+)?(?P<n>\d[\d,]*)\s+"
    r"(?:[\w&-]+\s+){0,4}?"
    r"(?:sectors|industries|indexes|indices|components|constituents|members|stocks|companies|countries|states|"
    r"nations)\b", ("Eight of the 11 major sectors rose", "one of the 30 blue-chip stocks",
                     "Of the Nikkei's 225 components, 171 rose"))
# members of that set that moved ('Of the Nikkei's 225 components, 171 rose', '189 advanced and 33 declined')
U_MEMBERS_MOVED = Rule("unit.members_moved", r"^\s+(?:of them\s+)?(?:advanced|declined|rose|fell|gained|dropped|lost|"
                       r"closed|ended|finished|traded|were)\b", (" advanced and 33 declined", " rose"))
# a ratio written as a bare number is a multiple ('a bid-to-cover ratio of 2.41, versus an average of 2.58',
# 'a book-to-bill ratio of 1.31'); a ratio in percent carries its '%' and never reaches here
U_RATIO_BEFORE = Rule("unit.ratio_before", r"\bratios?\b(?:[^;:%$€£.]|\.(?=\d)){0,50}(?<!\d to )$",  # not '4.2 to 1
                      ("a bid-to-cover ratio of ", "the bid-to-cover ratio fell to 2.38 from ",
                       "The ratio of long to short positions rose to "))
_OF_AFTER = re.compile(r"^\s*(?:\w+\s+)?(?:of|in|for|worth)\b")
_NOT_COUNTED = frozenset({"consensus", "estimate", "estimates", "est", "forecast", "forecasts", "expectation",
                          "expectations", "poll", "view", "views", "upside", "downside"})
_IRRELEVANT_AS_COUNTED = {"level", "levels", "mark", "range", "band", "zone", "share", "shares", "apiece", "each"}


def unit(text: str, x: NumExpr, sent_start: int, sent_end: int, subject_kind: str | None,
         doc: Doc | None = None, trace: Trace = None) -> Unit | NotAClaim:
    """The unit of a number; a bare number's from its context; :class:`NotAClaim` when it counts nothing named.

    An exchange rate sets ``x.currency`` to the quoted currency ('the rupee at 61.20 versus the dollar' -> INR).
    """
    if x.unit != "bare":
        return Unit(x.unit)
    after = text[x.end:min(sent_end, x.end + 50)]
    before = text[max(sent_start, x.start - 40):x.start]
    if x.scale == 1.0 and _is_list_size(text, x, sent_start, sent_end, trace):
        return NotAClaim.LIST_SIZE  # 'eight of the 11 sectors': the size of the set, not a figure of news
    if x.scale == 1.0 and U_MEMBERS_MOVED.regex.match(after) and U_LIST_SIZE.regex.search(text, sent_start, x.start):
        U_MEMBERS_MOVED.note(trace)  # noted only once decided: the cheap look after the figure first
        return Unit.COUNT  # 'Of the Nikkei's 225 components, 171 rose': how many of the set moved
    if x.scale == 1.0 and U_RATIO_BEFORE.search(text[max(sent_start, x.start - 60):x.start], trace):
        return Unit.MULTIPLE
    if x.scale >= 1e5 and doc is not None and _counted_noun(doc, x) and not _OF_AFTER.match(after):
        return Unit.COUNT  # '1.4 lakh scooters'
    if U_VOLUME_TARGET.search(before, trace) and not U_MONEY_WORDS.search(after[:25]):
        return Unit.COUNT  # 'its annual target of 560,000' (vehicles, homes): a volume, not a price
    if x.scale == 1.0 and U_TRADER_LEVEL.regex.search(before) and "%" not in after[:2] \
            and (_NO_NOUN_AFTER.match(after) or _LINK_AFTER.match(after)) and _CASHTAG.search(text):
        U_TRADER_LEVEL.note(trace)  # noted only once decided (not where no cashtag stands)
        return Unit.CURRENCY  # '$IQ ... Breakout watch over 20.48': a trader's price level, no currency named
    sentence = text[sent_start:sent_end]
    if not (doc is not None and _counted_plural(doc, x)):
        found = _unit_price(sentence, before, after, x, subject_kind, trace, text[sent_start:x.start])
        if found is not None:
            return found
    if x.scale >= 1e5 and not U_LARGE_COUNTED.match(after, trace):
        money = U_MONEY_WORDS.search(before + after, trace) or U_RAISED_BEFORE.search(before, trace)
        return Unit.CURRENCY if money else Unit.COUNT
    counted = doc is None or _counted_noun(doc, x) or _range_counts(doc, x)
    if not counted and (subject_kind == "index" or U_INDEX_NEAR.search(before + after[:30], trace)
                        or _survey_reading(text, x, sent_start, trace)):
        return Unit.INDEX_POINTS
    if not counted and _count_named_before(text[max(sent_start, x.start - 80):x.start], trace):
        return Unit.COUNT  # 'the workforce stood at 33,700'
    return Unit.COUNT if counted else NotAClaim.BARE


def _is_list_size(text: str, x: NumExpr, sent_start: int, sent_end: int, trace: Trace) -> bool:
    """The number is the size of the set a part is taken from ('eight of the 11 sectors')."""
    lo = max(sent_start, x.start - 30)
    for m in U_LIST_SIZE.regex.finditer(text, lo, min(sent_end, x.end + 50)):
        if m.start("n") == x.start:
            U_LIST_SIZE.note(trace)
            return True
    return False


# a survey's reading anywhere in its sentence or the sentence before ('The composite measure held steady at 51.0',
# 'missing the 49.1 forecast in a Reuters poll' after a PMI was named): a level written with one decimal
U_SURVEY_CONTEXT = Rule("unit.survey_reading", r"\b(?:" + U_SURVEY_NAMES + r"|purchasing managers['’]? ind(?:ex|ices))\b",
                        ("A flash purchasing managers' index fell to 47.8; the composite measure held at ",))


def _survey_reading(text: str, x: NumExpr, sent_start: int, trace: Trace) -> bool:
    digits = text[x.num_start:x.num_end]
    if not re.fullmatch(r"\d{1,3}\.\d", digits) or x.scale != 1.0:
        return False
    prev = text.rfind("\n", 0, sent_start)  # the sentence before, within the paragraph
    lo = max(prev + 1, sent_start - 300, 0)
    return U_SURVEY_CONTEXT.search(text[lo:x.start], trace) is not None


def _count_named_before(before: str, trace: Trace) -> bool:
    """A noun of people or things counted, earlier in the clause, with no money word after it."""
    m = U_COUNT_NOUN_BEFORE.search(before)
    if m is None:
        return False
    gap = m.group("gap") if m.group("gap") is not None else m.group("near")  # the two alternatives' words between
    if U_MONEY_WORDS.search(gap) or U_INDEX_NEAR.search(gap):
        return False
    U_COUNT_NOUN_BEFORE.note(trace)
    return True


def _unit_price(sentence: str, before: str, after: str, x: NumExpr, subject_kind: str | None,
                trace: Trace, upto: str = "") -> Unit | None:
    """An exchange rate ('15,200 per dollar') or a price or level without its currency ('target of 2,800');
    a level written with a scale word only of an index ('could hit 1 lakh'). ``upto``: the sentence before the
    figure."""
    if x.scale == 1.0 and (rate := U_FX_RATE.match(after)):
        counter = sentence.replace(rate.group(), " ", 1)  # not the currency it is quoted per: 'the CFA franc at 655.96
        code = _nearest_currency(before) or next((c for w, c in _FX_WORDS  # per euro' is in no euro
                                                  if re.search(r"\b" + w + r"\b", counter, re.IGNORECASE)), None)
        if code is not None:
            x.currency = _quoted(code, re.search(r"dollar|\$|greenback", after[:30], re.IGNORECASE) is not None)
            U_FX_RATE.note(trace)
            return Unit.CURRENCY
    if x.scale == 1.0 and subject_kind != "index" and U_FX_LEVEL_BEFORE.search(before) and \
            _fx_sentence(sentence, upto, x, trace):
        return Unit.CURRENCY  # 'the won weakened past 1,400 per dollar before closing at 1,396'
    if U_PRICE_BEFORE.search(before, trace) or U_LEVEL_AFTER.match(after, trace) or (
            x.value >= 10 and _NO_NOUN_AFTER.match(after) and U_CALL_LEVEL_BEFORE.search(before, trace)):
        if subject_kind == "index" or U_INDEX_SENTENCE.search(sentence, trace):
            return Unit.INDEX_POINTS
        if x.scale != 1.0:
            return None
        _currency_of_level(before, x, trace)
        return Unit.CURRENCY  # a price without its currency: 'target is around 2,800 for Pelko'
    return None


def _quoted(code: str, dollar_named: bool) -> str:
    """The currency a rate of ``code`` is written in: the dollar for the euro, sterling, the Aussie and the kiwi
    against the dollar ('the euro at 1.08'), else ``code`` itself ('the yen at 151 per dollar')."""
    return "USD" if code in _PRICED_IN_DOLLARS and dollar_named else code


def _nearest_currency(before: str) -> str | None:
    """The currency named last before a rate ('The euro fell 0.6%, and the Swiss franc weakened to 0.8215 per
    dollar' -> CHF)."""
    found = [(m.end(), code) for word, code in _FX_WORDS
             for m in re.finditer(r"\b(?:" + word + r")\b", before, re.IGNORECASE)]
    return max(found)[1] if found else None


# the market's base currencies, first to last: a pair is quoted in the later one ('EUR/NOK at 11.62' is in crowns,
# 'EUR/GBP' in pounds), any other currency after them
_BASE_ORDER = ("EUR", "GBP", "AUD", "NZD")
_BASE_RANK = {c: i for i, c in enumerate(_BASE_ORDER)}
# the words that name the other side of a rate ('against the euro', 'per U.S. dollar'), before that currency's name
_COUNTER_VERBS = r"\b(?:per|against|versus|vs\.?)"
_COUNTER_TAIL = r"\s+(?:the\s+)?(?:US\s+|U\.S\.\s+|single\s+)?"


def _only_quoted_against(sentence: str, codes: set[str]) -> bool:
    """The one currency named is only the one quoted against ('the CFA franc at 655.96 per euro'), and no dollar is
    named whose pair it would make ('the dollar rose against the yen to 151.8' is in yen): the level's own currency
    is unknown."""
    words = [w for w, c in _FX_WORDS if c in codes]
    own = [m for w in words for m in re.finditer(r"\b(?:" + w + r")\b", sentence, re.IGNORECASE)
           if not _COUNTER_BEFORE.search(sentence, max(0, m.start() - 25), m.start())]
    return not own and not re.search(r"\b(?:dollars?|greenback)\b", sentence, re.IGNORECASE)


_COUNTER_BEFORE = re.compile(_COUNTER_VERBS + _COUNTER_TAIL + "$", re.IGNORECASE)


def _fx_sentence(sentence: str, upto: str, x: NumExpr, trace: Trace) -> bool:
    """A sentence quoting a currency against the dollar or another currency: its levels are in the pair's quote
    currency (the counter named last before the figure decides: 'the euro fell 0.3% versus the dollar to 1.0760, and
    against the yen it slipped to 163.10' -> USD, then JPY)."""
    if not U_FX_SENTENCE.search(sentence) or U_INDEX_SENTENCE.search(sentence):
        return False
    code = _pair_quote(upto, sentence)
    if code is None:
        codes = {c for word, c in _FX_WORDS if re.search(r"\b(?:" + word + r")\b", sentence, re.IGNORECASE)}
        if len(codes) != 1 or _only_quoted_against(sentence, codes):
            return False  # no currency, or several: which one the level is in is not said
        code = _quoted(codes.pop(), re.search(r"\bdollar\b", sentence, re.I) is not None)
    x.currency = code
    U_FX_SENTENCE.note(trace)
    return True


# before the figure: 'per' follows a level ('at 151 per dollar'), so only these open a pair's counter
_COUNTER = re.compile(r"\b(?:against|versus|vs\.?)" + _COUNTER_TAIL + r"(?P<c>[A-Za-z]+)")


def _pair_quote(upto: str, sentence: str) -> str | None:
    """The quote currency of the pair the figure's clause names ('firmed 0.6% against the dollar to 0.8124' after
    'the Swiss franc': CHF; 'the Aussie dropped against the yen to 95.37': JPY; 'the crown rose against the euro to
    11.62': NOK), or None when no counter is named before the figure."""
    m = next(reversed(list(_COUNTER.finditer(upto))), None)
    if m is None:
        return None
    own = _nearest_currency(re.sub(_COUNTER_VERBS + r"\s+(?:the\s+)?\w+", " ", upto[:m.start()]))
    if m.group("c").lower() in ("dollar", "greenback"):
        return _quoted(own, True) if own else None
    counter = next((c for w, c in _FX_WORDS if re.fullmatch(w, m.group("c"), re.IGNORECASE)), None)
    if counter is None:
        return None
    if own is None:  # 'the dollar rose against the yen to 151.84': USD/JPY, in yen
        return counter if re.search(r"\b(?:dollar|greenback)\b", upto[:m.start()], re.IGNORECASE) else None
    return max((own, counter), key=lambda c: _BASE_RANK.get(c, len(_BASE_ORDER)))  # the later in the base order


# a currency that moved, the subject of a level reached after its move ('The yen slid 0.9% to 143.27')
U_CURRENCY_MOVED = Rule(
    "unit.currency_moved", r"\b(?:" + "|".join(w for w, _ in _FX_WORDS[:-1]) + r")\b(?:\s+[\w-]+)?\s+(?:" + UP_WORDS +
    "|" + DOWN_WORDS + r")\s+(?:by\s+)?(?:about\s+|nearly\s+|almost\s+)?[\d.,]+\s?(?:%|percent|per cent)\s*,?\s*"
    r"(?:to|at)\s+(?:about\s+|around\s+|nearly\s+)?$",
    ("The yen slid 0.9% to ", "the rand firmed 0.4% to "))


def moved_currency(before: str, trace: Trace) -> str | None:
    """The code of the currency whose move a level after it ends ('the yen slid 0.9% to 143.27' -> JPY, the euro's
    level in dollars), or None when no currency moved there."""
    m = U_CURRENCY_MOVED.search(before)
    if m is None:
        return None
    U_CURRENCY_MOVED.note(trace)
    code = _nearest_currency(before[:m.end()])
    return _quoted(code, True) if code else None


def _currency_of_level(before: str, x: NumExpr, trace: Trace) -> None:
    """A currency's own level is in that currency ('sees the rupee at 60 levels' -> INR)."""
    m = U_CURRENCY_LEVEL.search(before)
    if m is None:
        return
    word = m.group("ccy")
    for pattern, code in _FX_WORDS:
        if re.fullmatch(pattern, word, re.IGNORECASE):
            x.currency = code
            U_CURRENCY_LEVEL.note(trace)
            return


def _counted_noun(doc: Doc, x: NumExpr) -> bool:
    """'14 venture funds', '310 salaried and hourly employees', '40 staff', '900 listed companies'."""
    span = _number_span(doc, x)
    return span is None or _counted_token(doc, span.end) is not None


def _counted_plural(doc: Doc, x: NumExpr) -> bool:
    """The number counts a plural noun ('a target of 600 aircraft' is a count, not a price)."""
    span = _number_span(doc, x)
    t = None if span is None else _counted_token(doc, span.end, across_and=False)
    return t is not None and t.tag_ in ("NNS", "NNPS") and t.lower_ not in _IRRELEVANT_AS_COUNTED and \
        not U_MONEY_WORDS.regex.fullmatch(t.text)


def _range_counts(doc: Doc, x: NumExpr) -> bool:
    """'hire 200 to 300 workers': a range written with 'to' counts the plural noun after its upper end (not '7,050
    to 7,080 cash level', a level)."""
    if x.value_high is None or x.scale != 1.0:
        return False
    end = doc.char_span(x.start, x.end, alignment_mode="expand")
    t = None if end is None else _counted_token(doc, end.end, across_and=False)
    return t is not None and t.tag_ in ("NNS", "NNPS") and t.lower_ not in _IRRELEVANT_AS_COUNTED and \
        not U_MONEY_WORDS.regex.fullmatch(t.text)


def _number_span(doc: Doc, x: NumExpr) -> Span | None:
    """The number's tokens with its scale word ('1.4 lakh')."""
    return doc.char_span(x.num_start, x.num_end if x.scale == 1.0 else x.end, alignment_mode="expand")


def _counted_token(doc: Doc, i: int, across_and: bool = True) -> Token | None:
    """The noun counted by the number ending at token ``i``, across modifiers (and 'and' between two of them:
    'salaried and hourly employees'); None when there is none."""
    skip = ("ADJ", "CCONJ", "ADV", "PROPN", "NUM") if across_and else ("ADJ", "ADV", "PROPN", "NUM")
    for t in doc[i:i + 6]:
        if t.lower_ in _NOT_COUNTED:
            return None  # '48.7 consensus': the figure a consensus expected, no count of consensuses
        if t.like_url:
            continue  # a feed item's link between the figure and its words ('48.7 https://t.co/x consensus')
        if t.pos_ in ("NOUN",) or (t.pos_ == "PROPN" and t.text.endswith("s")):
            return t
        if t.pos_ in skip or t.tag_ in ("VBN", "VBG") or t.lower_ in ("-", "of") or _part_of_whole(doc, t):
            continue
        break
    return None


def _part_of_whole(doc: Doc, t: Token) -> bool:
    """'its' in 'cut 3,400 of its 21,000 jobs': a part counts what its whole counts."""
    return t.lower_ in ("its", "their", "the", "his", "her") and t.i > 0 and doc[t.i - 1].lower_ == "of" and \
        t.i + 1 < len(doc) and doc[t.i + 1].like_num


def consensus_direction(unit: str, own: str | None, ref_unit: str, ref_direction: str | None) -> Direction | None:
    """A consensus figure's direction: its own movement word first (a loss stays down); an expected rate or count of change has the sign of the
    actual change it is compared with ('grew 2.4% against 2.0% expected' -> up); an expected amount has none."""
    if own is not None:
        return Direction(own)  # 'fell 0.2% against a forecast rise of 0.1%': the expected move has its own sign
    if unit != Unit.CURRENCY and unit == ref_unit and ref_direction:
        return Direction(ref_direction)
    return None
