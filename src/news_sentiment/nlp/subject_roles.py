"""What part a named entity plays in a text, for the subject ranker: does it rate or forecast others, is it
cited as a source, or is it what a rating, a target or a forecast is about.

A price target's subject is the company targeted, not the bank that sets it; a strategist's forecast is about
the market forecast, not the strategist's firm (the guide's clarifications). These roles are read once per
text from the words around each mention, so that a mention in one sentence tells the ranker about the same
name in the next ('Ellison Partners sees 15% upside in Greaves Chemicals. The broker set a 68-euro target').
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING

from news_sentiment.nlp.rulebook import Rule

if TYPE_CHECKING:  # pragma: no cover
    from news_sentiment.nlp.records import Mention


class Role(StrEnum):
    """A part a name plays somewhere in its text."""

    RATES = "rates"  # sets a target or a rating on something else ('X starts Y at buy', 'X cut its target on Y')
    FORECASTS = "forecasts"  # forecasts or estimates ('X expects', 'X sees')
    SOURCE = "source"  # cited for figures ('according to X', 'analysts at X', 'X data', 'a Reuters poll')
    RATED = "rated"  # the object of a rating, a target or an upside ('target on X', 'upgraded X', 'upside in X')
    INVESTS = "invests"  # puts money into another company's round ('a round led by X', 'backed by X')


RATINGS = r"(?:buy|hold|sell|neutral|outperform|underperform|overweight|underweight|equal[- ]weight|market[- ]perform)"
# a company's own goal is no rating: 'cut its 2025 delivery target', 'raised its return-on-equity target to 15%',
# 'raised its target to 2 million vehicles' (a broker's target is a price: 'cut its target to 185p', 'to $104')
OWN_GOAL_WORD = (r"(?:sales|margins?|deliver(?:y|ies)|earnings|ebitda|ebit|revenues?|income|profits?|production|"
                 r"output|growth|return|roe|costs?|savings|capex|dividends?|payout|leverage|debt|volumes?|capacity|"
                 r"emissions|subscribers?|customers?|stores?|units?|shipments?|orders?|headcount|synerg(?:y|ies)|"
                 r"inflation)\b")
OWN_GOAL_AFTER = (r"\s+(?:to|of|at)\s+(?:about\s+|around\s+)?[\d.,]+(?:\s*-\s*[\d.,]+)?\s*(?:%|percent\b|per\s+cent\b|"
                  r"(?:(?:million|billion|mln|bln|thousand)\s+)?(?:vehicles|cars|units|tonnes|tons|barrels|jobs|stores|"
                  r"customers|subscribers|homes|aircraft|jets|ships|devices|users)\b)")
RATES_AFTER = Rule(
    "subject.rates_after",
    r"^\W{0,3}(?:(?:analysts?|strategists?|also|now|has|have|on\s+\w+day)\s+){0,3}(?:(?:starts?|started|initiates?|"
    r"initiated|upgrades?|upgraded|downgrades?|downgraded|rates?|rated|reiterates?|reiterated|resumes?|resumed)\b"
    r"(?!\s+(?:at|to|as)\s+(?:an?\s+)?" + RATINGS + r")|"
    r"(?:raised|raises|lifts?|lifted|cut|cuts|lowered|lowers|trims?|trimmed|set|sets|hikes?|hiked|moved|moves)\s+"
    r"(?:(?!" + OWN_GOAL_WORD + r")[\w$€£.,'’-]+\s+){0,5}?(?:(?:price\s+)?(?:target|rating|objective)\b"
    r"(?!" + OWN_GOAL_AFTER + r")|(?:to|at)\s+" + RATINGS + r"\b)|"
    r"(?:fines|fined|slaps|slapped|imposes|imposed|levies|levied)\b(?=[^.;:]{0,60}?\b(?:fines?|penalty|penalties)\b"
    r"|\s+(?:[\w-]+\s+){0,2}?[A-Z]))",
    examples=(" starts Airwick at outperform", " raised its price target", " cut their 12-month target",
              " analysts set a $40 target", " downgraded Orrel", " cut the British lender to hold",
              " cut its target to 185p", " raised their year-end target for the S&P 500 to 7,400",
              " slaps Rs 5 lakh fine on", " fines chipmaker Orrel"))
# forecasting or rating verbs after a firm (also the rules' redirect of a forecast to what is forecast)
FORECASTER = Rule(
    "subject.forecaster",
    r"\W{0,3}(?:(?:s|equity|strategists?|analysts?|economists?|team|now|also|still)\s+){0,3}"
    r"(?:sees?|expects?|forecasts?|predicts?|projects?|estimates?|starts?|initiates?|rates?|upgrades?|downgrades?|"
    r"targets?|values?|saw|expected|forecast|predicted|projected|estimated|started|initiated|rated|upgraded|"
    r"downgraded|valued)\b",
    examples=(" sees", "'s equity strategists expect", " initiated"))
# 'its silver forecast', 'Orrel's gold estimate': a name inside a possessed noun phrase modifies the noun after
# it ('forecast' is then a noun), so it is not the subject of a forecasting verb
POSSESSED_BEFORE = Rule(
    "subject.possessed_before", r"(?:\b(?:its|their|his|her|our|your|my)|\w['’]s)\s+(?:\d{4}\s+)?$",
    examples=("trimmed its ", "Halden's ", "cut its 2027 "))
MARKET_KINDS = frozenset({"commodity", "index", "basket", "product"})  # what is forecast or rated, never who
SOURCE_BEFORE = Rule(
    "subject.source_before",
    r"(?:according\s+to|polled\s+by|compiled\s+by|surveyed\s+by|(?:analysts?|strategists?|economists?|"
    r"researchers?)\s+(?:at|from|with)|data\s+from|figures\s+from|a\s+survey\s+by)\s+(?:the\s+)?$",
    examples=("according to ", "analysts polled by ", "Analysts at the "))
# 'said Ana Ruiz, head of rates strategy at Orrel Bank': the firm a named person speaks for
EMPLOYER_BEFORE = Rule(
    "subject.employer_before",
    r"^,?\s+(?:(?:the|a|an|its|their|[\w&'’-]+)\s+){0,6}?(?:at|from|with)\s+(?:the\s+)?$",
    examples=(", head of currency strategy at ", " at ", ", an economist with the "))
SOURCE_AFTER = Rule(
    "subject.source_after",
    r"^(?:\s*['’]s)?\s+(?:(?:chief|senior|equity|fx|rates|global|[\w-]+)\s+)?(?:analysts?|strategists?|"
    r"economists?)\b|^(?:\s*['’]s)?\s+(?:consensus|poll|data|survey|research)\b",
    examples=(" analysts said", "'s chief strategist", " consensus", " data showed", "'s equity strategists"))
# 'a Series C round led by Orrel Ventures', 'backed by Halden Capital': an investor, whose round's figures (the
# amount raised, the valuation) are the company's it invests in
INVESTOR_BEFORE = Rule(
    "subject.investor_before",
    r"(?:\b(?:round|funding|financing|investment|raise)\s+(?:was\s+)?(?:co-)?led\s+by|\bbacked\s+by|"
    r"\b(?:investors?|backers?)\s+(?:such\s+as|including)|\bparticipation\s+(?:from|by))\s+(?:the\s+)?"
    r"(?:[A-Z][\w.-]*['’]s\s+)?(?:(?:[\w.-]+\s+)?(?:investment\s+)?(?:investors?|firm|fund)\s+)?$",
    examples=("in a Series C round led by ", "a funding round co-led by ", "backed by ",
              "with participation from ", "round led by U.S. investor ", "a round led by Norway's "))
RATED_BEFORE = Rule(
    "subject.rated_before",
    r"(?:(?:target|rating|objective|coverage|view)\b[^.;:]{0,30}?\s(?:on|for|of)|(?:upside|downside)\s+(?:in|for|to)|"
    r"(?:bearish|bullish|positive|negative|cautious)\s+on|(?:starts?|started|initiates?|initiated|upgrades?|"
    r"upgraded|downgrades?|downgraded|rates?|reiterates?|reiterated|cut|cuts|raised|lifts?|lifted|resumes?|"
    r"resumed)|(?:fine|penalty)\s+(?:on|in|against)|\b(?:fines|fined|penali[sz]e[sd]))\s+(?:the\s+)?$",
    examples=("price target on ", "15% upside in ", "turned more bearish on ", "Kestrel upgraded ",
              "a price target of 2,450 pence on ", "slaps Rs 5 lakh fine on ", "watchdog fines "))
RATED_AFTER = Rule(
    "subject.rated_after",
    r"^(?:\s*['’]s)?\s+(?:(?:price\s+)?target|(?-i:PT)|(?:(?:is|was)\s+)?(?:(?:upgraded|downgraded|initiated|"
    r"reiterated|rated|resumed|started|cut|raised|lifted|lowered)\s+)?(?:at|to|as)\s+(?:an?\s+)?" + RATINGS + r")\b",
    examples=(" target to $175", " to hold with", " at outperform", " downgraded to underweight at Fenwick",
              " PT raised to $52"))


def mention_roles(text: str, mentions: Iterable[Mention]) -> dict[str, frozenset[Role]]:
    """Each mentioned name's roles anywhere in ``text`` (by canonical name); people are read only as the
    speakers whose firm follows them."""
    roles: dict[str, set[Role]] = {}
    person_end = -1
    for m in sorted(mentions, key=lambda m: m.start):
        if m.kind == "person":
            person_end = m.end
            continue
        found = roles.setdefault(m.name, set())
        after, before = text[m.end:m.end + 80], text[max(0, m.start - 40):m.start]
        if m.kind not in MARKET_KINDS:
            found |= _actor_roles(text, m, person_end, before, after)
        if RATED_BEFORE.regex.search(before) or RATED_AFTER.regex.match(after):
            found.add(Role.RATED)
    return {name: frozenset(r) for name, r in roles.items()}


def _actor_roles(text: str, m: Mention, person_end: int, before: str, after: str) -> set[Role]:
    """What a firm or an agency does with figures about something else: rates, forecasts, is cited."""
    found: set[Role] = set()
    if 0 <= m.start - person_end <= 60 and EMPLOYER_BEFORE.regex.match(text[person_end:m.start]):
        found.add(Role.SOURCE)
    if not POSSESSED_BEFORE.regex.search(before):
        if RATES_AFTER.regex.match(after):
            found.add(Role.RATES)
        if FORECASTER.regex.match(after):
            found.add(Role.FORECASTS)
    if SOURCE_BEFORE.regex.search(before) or SOURCE_AFTER.regex.match(after):
        found.add(Role.SOURCE)
    if INVESTOR_BEFORE.regex.search(before):
        found.add(Role.INVESTS)
    return found


def is_forecaster(roles: frozenset[Role]) -> bool:
    """Rates, forecasts or is cited, and is never itself rated: a firm whose figures are about something else."""
    return bool(roles & {Role.RATES, Role.FORECASTS, Role.SOURCE}) and Role.RATED not in roles


def stands_aside(roles: frozenset[Role]) -> bool:
    """A forecaster (:func:`is_forecaster`) or an investor in another company's round: a name the figures near it
    are seldom about ('a round led by X, valuing the company at ...')."""
    return is_forecaster(roles) or Role.INVESTS in roles
