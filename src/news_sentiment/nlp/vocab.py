"""The claim vocabularies of the annotation guide (../shared/eval/README.md) as enums.

StrEnum members compare equal to their string values and serialise as them, so the JSON output contract
(the guide's field values) is unchanged while the code names its values.
"""

from __future__ import annotations

from enum import StrEnum


class Unit(StrEnum):
    PERCENT = "percent"
    PERCENTAGE_POINTS = "percentage_points"
    CURRENCY = "currency"
    MULTIPLE = "multiple"
    INDEX_POINTS = "index_points"
    COUNT = "count"
    OTHER = "other"


class Comparator(StrEnum):
    MORE_THAN = "more_than"
    LESS_THAN = "less_than"
    ABOUT = "about"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"


class Metric(StrEnum):
    RETURN = "return"
    MARKET_VALUE = "market_value"
    VALUATION = "valuation"
    REVENUE = "revenue"
    PROFIT = "profit"
    EPS = "eps"
    MARGIN = "margin"
    DIVIDEND = "dividend"
    VOLUME_FLOWS = "volume_flows"
    MACRO = "macro"
    HEADCOUNT = "headcount"
    STAKE = "stake"
    PRICE_LEVEL = "price_level"
    OTHER = "other"


class NotAClaim(StrEnum):
    """Why a number found in the text is not a claim (the unit stage's refusal, counted, never emitted)."""

    BARE = "bare"  # counts nothing named: a table cell, a code, a list item
    LIST_SIZE = "list_size"  # the size of the set a part is taken from: 'six of the 11 sectors'
