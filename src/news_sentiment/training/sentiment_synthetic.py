"""A small synthetic set of financial-news sentiment conventions, written by us (no dataset text).

Our licensed training sets are headlines (SEntFiN), tweets (TFNS) and a few hundred news records
(FinEntity). They under-teach what any reader of company news knows: results compared with a
prior period, a loss that narrows, a swing to profit, contract wins, dividend and guidance changes,
cost savings, job cuts, broker actions, and market idioms ("on a tear", "in the red"). This module
generates such sentences from templates with invented companies, figures and periods, plain and
entity-targeted, plus neutral statements of fact (a figure without a comparison, a date, a
description), and contrast sentences where two companies move in opposite directions.

Deterministic for a seed; standard library only. The categories are listed in models/README.md.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator

from news_sentiment.training.sentiment_data import Example

COMPANIES = [
    "Norvik Steel", "Aaltomark", "Kestrel Foods", "Brightwater Energy", "Halden Paper", "Corvane Systems",
    "Lumera Telecom", "Oskarsby Bank", "Vellamo Shipping", "Tamrock Mining", "Silverfjord Retail",
    "Pellervo Chemicals", "Marrow & Finch", "Auralis Pharma", "Quintor Logistics", "Helvik Insurance",
    "Sundar Motors", "Kavya Textiles", "Redwood Semiconductor", "Talon Aerospace", "Orchard Biotech",
    "Meridian Cement", "Baltora Foods", "Ironbridge Capital", "Nordhavn Wind", "Cobalt Bay Media",
    "Greyline Software", "Westmarch Airlines", "Pinecrest Homes", "Azura Hotels", "Stellan Electronics",
    "Riverton Utilities", "Fennica Forest", "Hollis Brewing", "Jadeport Gaming", "Kaito Robotics",
]
SUBJECT_FORMS = ["{c}", "{c}", "{c}", "Shares in {c}", "{c} shares"]
PRONOUNS = ["The company", "The group", "The firm"]
METRICS_GOOD_UP = [
    "net sales", "revenue", "operating profit", "net profit", "pre-tax profit", "EBIT", "earnings per share",
    "order intake", "comparable sales", "operating margin", "gross margin", "order backlog", "cash flow",
    "market share", "same-store sales", "net interest income",
]
METRICS_BAD_UP = ["costs", "operating expenses", "debt", "net debt", "inventories", "credit losses"]
PERIODS = [
    "in the third quarter of {y}", "in the first half of {y}", "in {y}", "for January-September {y}",
    "in the second quarter", "in the fourth quarter of {y}", "for the full year", "in October-December",
    "year-on-year", "compared with the same period a year earlier", "in the financial year {y}",
]
CURRENCIES = ["EUR {v} mn", "EUR {v} million", "$ {v} million", "USD {v} mn", "SEK {v} mln", "GBP {v}m",
              "Rs {v} crore", "{v} million euros", "$ {v} billion"]
PLACES = ["Finland", "Sweden", "Poland", "India", "Brazil", "the Baltic countries", "Germany", "China",
          "the United States", "Vietnam", "Russia", "the UK"]
PRODUCTS = ["paper machines", "steel structures", "wind turbines", "network equipment", "cargo cranes",
            "software services", "packaging lines", "water treatment plants", "medical devices", "rail cars"]
SECTORS = ["Chinese tech", "bank", "energy", "chip", "airline", "European auto", "mining", "retail",
           "small-cap", "property", "Hong Kong internet", "utility"]
NATIONALITIES = ["Finnish", "Swedish", "Indian", "German", "US", "Norwegian", "British", "Danish", "Polish"]
DESCRIPTORS = ["steel maker", "software company", "packaging group", "IT services provider", "engineering group",
               "retailer", "chemicals group", "telecoms equipment maker", "forest industry company", "bank"]
EXCHANGES = ["HEL", "STO", "NYSE", "NASDAQ", "NSE", "LSE", "OMX Helsinki"]
MONTHS = ["January", "March", "April", "June", "August", "September", "October", "November", "December"]
PEOPLE = ["Anna Virtanen", "Rahul Mehta", "Laura Stein", "Mikko Laine", "Carlos Ortega", "Sara Lind"]


def _num(rng: random.Random, lo: float = 1, hi: float = 400) -> float:
    return round(rng.uniform(lo, hi), 1)


def _money_format(rng: random.Random) -> Callable[[float], str]:
    """One currency style per sentence: ``fmt(value)`` → "EUR 12.5 mn"."""
    style = rng.choice(CURRENCIES)
    return lambda v: style.format(v=v)


def _period(rng: random.Random) -> str:
    return rng.choice(PERIODS).format(y=rng.randint(2005, 2025))


def _pct(rng: random.Random) -> str:
    return f"{rng.choice([round(rng.uniform(1, 60), 1), rng.randint(2, 45)])} %".replace(" %", rng.choice([" %", "%", " percent", " per cent"]))


def _wire(rng: random.Random, template: str) -> str:
    """Sometimes dress a "{c} <verb> ..." sentence as a wire story: date, descriptor, ticker, "said today it"."""
    rest = template[len("{c} "):]
    if (not template.startswith("{c} ") or rest.startswith(("'s", "said", "stock", "shares"))
            or rng.random() >= 0.35):
        return template
    ticker = "".join(rng.choice("ABCDEFGHKLMNPRSTUVX") for _ in range(3)) + rng.choice(["", "1V", "B"])
    intro = rng.choice([
        f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2005, 2025)} - ",
        rng.choice(["( ADP News ) - ", "LONDON - ", "HELSINKI ( Reuters ) - ", "MUMBAI : ", ""]),
    ])
    ticker_part = rng.choice(["", f"( {rng.choice(EXCHANGES)} : {ticker} ) "])
    said = rng.choice(["said today it", "said on Tuesday that it", "announced on Friday it", "said it"])
    return (f"{intro}{rng.choice(NATIONALITIES)} {rng.choice(DESCRIPTORS)} {{c}} {ticker_part}{said} "
            + rest)


def _results(rng: random.Random, good: bool) -> str:
    """A metric compared with a prior period; ``good`` says whether the change is good news."""
    money = _money_format(rng)
    bad_metric = rng.random() < 0.2
    metric = rng.choice(METRICS_BAD_UP if bad_metric else METRICS_GOOD_UP)
    up = good != bad_metric
    a, b = sorted([_num(rng), _num(rng)])
    if a == b:
        b = round(b + 1.3, 1)
    new, old = (b, a) if up else (a, b)
    verb_up = ["rose", "increased", "grew", "climbed", "jumped", "improved", "was up"]
    verb_down = ["fell", "decreased", "declined", "dropped", "slipped", "went down", "was down"]
    verb = rng.choice(verb_up if up else verb_down)
    owner = rng.choice(["{c}'s", "{c} 's", "The company's", "Its", "The group 's"])
    forms = [
        f"{owner} {metric} {verb} to {money(new)} from {money(old)} {_period(rng)} .",
        f"{owner} {metric} {verb} by {_pct(rng)} {_period(rng)} .",
        f"{metric[0].upper() + metric[1:]} {verb} {_pct(rng)} to {money(new)} {_period(rng)}, {{c}} said .",
        f"{{c}} reported {metric} of {money(new)} {_period(rng)}, {'up' if up else 'down'} from {money(old)} a year earlier .",
        f"{{c}} said {metric} {verb} {_pct(rng)} year-on-year .",
        f"{owner} {metric} totalled {money(new)} , compared to {money(old)} in the corresponding period .",
        f"{{c}} Q{rng.randint(1, 4)} {metric} {rng.choice(['jumps', 'surges', 'rises', 'up']) if up else rng.choice(['drops', 'slumps', 'falls', 'down'])} {_pct(rng)}",
    ]
    return rng.choice(forms)


def _loss(rng: random.Random, good: bool) -> str:
    money = _money_format(rng)
    a, b = sorted([_num(rng, 0.5, 90), _num(rng, 0.5, 90)])
    b = round(b + 0.4, 1)
    if good:
        return rng.choice([
            f"{{c}} 's net loss narrowed to {money(a)} from {money(b)} {_period(rng)} .",
            f"The operating loss shrank to {money(a)} from {money(b)} , {{c}} said .",
            f"{{c}} swung to a net profit of {money(a)} from a loss of {money(b)} a year earlier .",
            f"Operating profit was {money(a)} , compared to a loss of {money(b)} in the corresponding period .",
            f"{{c}} returned to profit {_period(rng)} .",
            f"{{c}} cut its pre-tax loss to {money(a)} .",
        ])
    return rng.choice([
        f"{{c}} 's net loss widened to {money(b)} from {money(a)} {_period(rng)} .",
        f"{{c}} swung to an operating loss of {money(a)} from a profit of {money(b)} .",
        f"The pre-tax loss deepened to {money(b)} , {{c}} said .",
        f"Operating result was a loss of {money(a)} , compared to a profit of {money(b)} a year ago .",
        f"{{c}} fell into the red {_period(rng)} .",
        f"{{c}} posted a bigger-than-expected loss {_period(rng)} .",
        f"Pre-tax loss totalled {money(b)} , compared to a loss of {money(a)} a year earlier .",
        f"Loss per share was {b / 100:.2f} compared with {a / 100:.2f} in the previous year .",
        f"{{c}} posted a net loss of {money(a)} compared to a profit of {money(b)} .",
    ])


def _business(rng: random.Random, good: bool) -> str:
    v = _money_format(rng)(_num(rng, 2, 300))
    p, place, n = rng.choice(PRODUCTS), rng.choice(PLACES), rng.randint(2, 900)
    if good:
        return _wire(rng, rng.choice([
            f"{{c}} has won an order worth {v} to deliver {p} to {place} .",
            f"{{c}} has inked agreements with {rng.randint(2, 12)} new customers in {place} .",
            f"{{c}} unveiled a joint venture with a local partner to make {p} in {place} .",
            f"{{c}} expands its operations in {place} by opening a new service centre .",
            f"{{c}} launched a profitability programme at its {place} plant .",
            f"{{c}} said the acquisition will strengthen its position in {place} .",
            f"{{c}} expects the number of its stores to rise to {rng.randint(20, 400)} by the end of the year .",
            f"{{c}} said the new line will increase its capacity by {_pct(rng)} .",
            "{c} said the partnership will help it grow its business faster .",
            f"{{c}} said passenger numbers grew {_pct(rng)} last month .",
            f"{{c}} has been awarded a contract to supply {p} in {place} .",
            f"{{c}} signed a {rng.randint(2, 10)}-year agreement to supply {p} to a customer in {place} .",
            f"{{c}} will expand its production of {p} in {place} to meet growing demand .",
            f"The board will propose a dividend of EUR {rng.randint(5, 90) / 100:.2f} per share , up from EUR {rng.randint(1, 4) / 100:.2f} .",
            "{c} raised its full-year outlook and now expects sales to grow .",
            f"{{c}} expects its operating profit to improve in {rng.randint(2006, 2026)} .",
            f"The restructuring will bring annual cost savings of about {v} .",
            f"{{c}} said demand for its {p} increased in all its main markets .",
            "Analysts upgraded {c} to buy and raised their target price .",
            "The broker gave an outperform recommendation on {c} .",
            f"{{c}} beat analysts ' expectations {_period(rng)} .",
            f"{{c}} opened a new plant in {place} , creating {n} jobs .",
            "{c} won regulatory approval for its new drug .",
            "{c} said it is very pleased with the strong start to the year .",
            f"Sales returned to growth {_period(rng)} , the chief executive of {{c}} said .",
        ]))
    return _wire(rng, rng.choice([
        f"{{c}} expects full-year sales to contract by {_pct(rng)} .",
        f"{{c}} will postpone the start of production in {place} because of weak demand .",
        f"{{c}} cut production at its {place} mill as orders dried up .",
        f"{{c}} said order intake weakened {_period(rng)} .",
        "{c} said the delay will hurt its results .",
        f"{{c}} lost a contract worth {v} to supply {p} in {place} .",
        f"{{c}} will cut {n} jobs and close its plant in {place} .",
        f"{{c}} announced temporary layoffs of {n} employees at its {place} unit .",
        f"The board proposed cutting the dividend to EUR {rng.randint(1, 4) / 100:.2f} from EUR {rng.randint(5, 90) / 100:.2f} .",
        "{c} lowered its full-year outlook , citing weak demand .",
        "{c} issued a profit warning and now expects operating profit to decline .",
        f"{{c}} expects sales to fall in {rng.randint(2006, 2026)} .",
        f"Demand for {p} weakened in all of {{c}} 's main markets .",
        "Analysts downgraded {c} to sell and cut their target price .",
        f"{{c}} missed analysts ' expectations {_period(rng)} .",
        "{c} filed for bankruptcy protection after talks with creditors failed .",
        f"{{c}} was fined {v} by regulators for breaching competition rules .",
        f"{{c}} faces a lawsuit over defective {p} .",
        "{c} said the weak market will hurt its results this year .",
        "{c} warned that rising raw material costs will squeeze its margins .",
    ]))


def _market(rng: random.Random, good: bool) -> str:
    s, p = rng.choice(SECTORS), _pct(rng)
    if good:
        return rng.choice([
            f"{s} stocks have been on a tear this year .",
            f"{{c}} shares soared {p} after the results .",
            "Shares of {c} rallied to a record high .",
            f"{{c}} stock jumped {p} in early trading .",
            f"{s} shares rebounded strongly this week .",
            f"{{c}} has outperformed the market this year , gaining {p} .",
            f"Investors piled into {s} stocks as earnings beat forecasts .",
            "{c} is trading near an all-time high .",
            f"{s} stocks extended their winning streak .",
        ])
    return rng.choice([
        f"{s} stocks have been hammered this year .",
        f"{{c}} shares tumbled {p} after the results .",
        "Shares of {c} slumped to a five-year low .",
        f"{{c}} stock plunged {p} in early trading .",
        f"{s} shares sold off sharply this week .",
        f"{{c}} has underperformed the market this year , losing {p} .",
        f"Investors dumped {s} stocks as earnings disappointed .",
        "{c} shares are deep in the red this year .",
        f"{s} stocks extended their losing streak .",
    ])


def _neutral(rng: random.Random) -> str:
    v, place, p = _money_format(rng)(_num(rng)), rng.choice(PLACES), rng.choice(PRODUCTS)
    return _wire(rng, rng.choice([
        f"{{c}} will publish its {_period(rng).replace('in ', '').replace('for ', '')} results next week .",
        f"{{c}} had net sales of {v} and employed {rng.randint(20, 5000)} people {_period(rng)} .",
        f"{{c}} said the agreement it announced in {rng.choice(MONTHS)} has taken effect .",
        f"{{c}} said the units to be sold make {p} for customers in {place} .",
        "{c} will pay the purchase price in cash .",
        f"{{c}} will publish its interim report on {rng.randint(1, 28)} {rng.choice(['April', 'July', 'October', 'February'])} .",
        f"{{c}} is a company that makes {p} and has operations in {place} .",
        f"{{c}} employs about {rng.randint(50, 9000)} people .",
        f"{{c}} 's net sales totalled {v} {_period(rng)} .",
        f"{{c}} reported net sales of {v} {_period(rng)} .",
        f"The company 's operating profit was {v} {_period(rng)} .",
        f"{{c}} appointed {rng.choice(PEOPLE)} as chief financial officer .",
        "The transaction is subject to approval by the competition authorities .",
        "{c} did not disclose the value of the deal .",
        f"{{c}} 's shares are listed on the {rng.choice(['Helsinki', 'Stockholm', 'Mumbai', 'New York', 'Hong Kong'])} stock exchange .",
        "The figures are unaudited .",
        f"{{c}} will hold its annual general meeting in {place} .",
        f"The agreement covers the supply of {p} .",
        f"{{c}} 's shares were unchanged at {v.split()[0]} {rng.randint(2, 90)} .",
        f"{{c}} stock closed flat on {rng.choice(['Monday', 'Tuesday', 'Friday'])} .",
        f"{{c}} operates {rng.randint(3, 400)} stores in {place} .",
        "The company said it will announce the details later .",
        f"{{c}} has {rng.randint(2, 40)} production plants in {place} .",
        f"The plant will start production in {rng.randint(2006, 2027)} .",
        f"{rng.choice(PEOPLE)} will take over as chief executive of {{c}} on {rng.randint(1, 28)} March .",
        f"The board of {{c}} will meet on {rng.choice(['Thursday', 'Wednesday'])} to discuss the results .",
        f"{{c}} 's market value is about {v} .",
        f"The company changed its name to {{c}} in {rng.randint(1990, 2020)} .",
    ]))


Generator = Callable[[random.Random, bool], str]
POLAR: list[Generator] = [_results, _results, _loss, _business, _business, _market]


def _fill(rng: random.Random, template: str) -> tuple[str, str]:
    company = rng.choice(COMPANIES)
    if "{c}" not in template and template.startswith(("The ", "Its ")) and rng.random() < 0.5:
        template = rng.choice(PRONOUNS + ["{c}"]) + " said " + template[0].lower() + template[1:]
    text = template.replace("{c}", company)
    return " ".join(text.split()), company


def synthetic(n: int = 3000, seed: int = 7) -> Iterator[Example]:
    """``n`` template sentences (about 2 polar : 1 neutral), each plain and, when it names a company,
    also targeted; plus ``n // 10`` two-company contrast sentences, targeted both ways."""
    rng = random.Random(seed)
    for i in range(n):
        group = f"synthetic:{seed}:{i}"
        kind = i % 3
        if kind == 2:
            label, template = "neutral", _neutral(rng)
        else:
            good = kind == 0
            label, template = ("positive" if good else "negative"), rng.choice(POLAR)(rng, good)
        text, company = _fill(rng, template)
        yield Example(text, None, label, "synthetic", group)
        if company in text:
            yield Example(text, company, label, "synthetic", group)
    for i in range(n // 10):
        group = f"synthetic-contrast:{seed}:{i}"
        a, b = rng.sample(COMPANIES, 2)
        p, q = _pct(rng), _pct(rng)
        text = rng.choice([
            f"{a} rose {p} while {b} fell {q} .",
            f"{a} shares gained {p} , but {b} slid {q} after cutting its outlook .",
            f"{a} won the contract , beating rival {b} , whose shares dropped {q} .",
            f"{a} raised its dividend , while {b} suspended its payout .",
            f"{a} swung to a profit ; {b} reported a wider loss .",
        ])
        yield Example(text, a, "positive", "synthetic", group)
        yield Example(text, b, "negative", "synthetic", group)
