"""Text (+ publication date) -> Extraction (entities, claims, quotes, strategists); JSONL in/out."""

from __future__ import annotations

import bisect
import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import IO, TYPE_CHECKING, Any, NamedTuple

from news_sentiment.errors import ConfigError
from news_sentiment.jsonl import json_objects
from news_sentiment.nlp.kb import KnowledgeBase, load_kb
from news_sentiment.nlp.attribution import sentence_source, set_speaker
from news_sentiment.nlp.claim_models import ClaimModels
from news_sentiment.nlp.linear import LinearModel
from news_sentiment.nlp.retyper import Retyper
from news_sentiment.nlp.modality import modality_tag
from news_sentiment.nlp.modality import load_default as load_modality
from news_sentiment.nlp.pipeline import build_pipeline, model_version
from news_sentiment.nlp.quotes import extract_people
from news_sentiment.nlp.records import Claim, Extraction, Mention
from news_sentiment.nlp.period_rank import PeriodRanker
from news_sentiment.nlp.subject_rank import SubjectRanker
from news_sentiment.textutil import SentenceIndex

if TYPE_CHECKING:  # pragma: no cover - the component module imports spaCy, which is loaded only when used
    from news_sentiment.nlp.component import ClaimsComponent, EntityLinks

log = logging.getLogger(__name__)

# Bump when extraction output changes, so `sentiment extract` redoes stored articles.
# 2: line breaks end sentences and names; title-case headline rules (function words, more verbs, lists,
#    a lone headline verb is not a name).
# 3: kind from evidence (nlp/evidence.py): instrument codes, legal forms, company words, context, one kind per name
#    in a text and per list; names NER missed kept on such evidence; cashtags are company mentions.
# 4: claims from the spaCy 'claims' component as typed stages, each claim's rule trace filled; rules that fired on
#    one record only removed ('That compares' period, comma before a legal form, the 'for <beneficiary>' subject).
# 5: title-case headlines re-read over case-normalised text (nlp/headlines.py); one canonical entity per thing
#    (articles, possessives, abbreviations); link confidence; fuzzy links within a kind, never inside a word.
# 7: entity kinds: places no gazetteer knows (models/entities/places.txt) are organisations; a word opening a
#    sentence before a company noun is a description, before 'prices' a commodity; a maker's own products.
# 8: a claim's subject as the text writes it ('Stoxx 600'), its KB name and id apart (subject_entity, subject_id);
#    a claim's stored entity found by KB id; period rules (results periods within a sentence, one move's day, a
#    base clause's time, release days, deadlines after restatements); entity kinds: broken-encoding possessives,
#    held names no gazetteer knows, rating actions, surnames after full names, more company words, index names up
#    to 'index'; a company's initials that are its ticker are an alias.
#    Metric rules: business growth forecasts, commodity balances, equity raised, percent levels, upside, bp moves.
#    (round 11, still extract-8: nothing released since) a name typed later in a text types its earlier writings;
#    'S&P 500 futures', 'Brent crude oil futures' one mention each; 'U.S. crude' an alias of WTI; an index code's
#    name without the words describing it ('the benchmark S&P 500').
#    Direction rules (round 13): a growth rate's base keeps its sign, inflation targets, 'add', a level after 'X, or Y%, to'.
#    Period rules (round 14): a record's reference ('its highest since 2021') no time; a consensus opening the next
#    sentence, standing targets, poll sizes; a valuation's time only from its own clause.
#    Entities (round 12, still extract-8): 'the IXIC' is the index quoted ^IXIC; 'A B and C D' or 'A Co and B'
#    tagged as one organisation is two names.
#    Metric rules (round 14): share yields, EPS by income / a charge, roles counted, staff pay, exchange rates and
#    fair values as levels, cash / debt / budgets as amounts, consensus opening a sentence, change nouns, business
#    targets, fund flows, deal premiums, 'sales to drop 8%' the sales' change, industrial orders national.
#    Subject rules (round 14): place-owned indexes, comma clauses, wire-code splits, currencies seen at a level, rated
#    targets, described parts, forecast objects, poll counts.
#    Sentences (round 15): a wire's instrument code ('<.ARD>') no longer ends one (pipeline `wire_codes`).
#    Entities (round 13, still extract-8: the fine-tuned NER's version is in `model_version`, so stored articles are
#    extracted again anyway): a sentence-opening dictionary word or a currency phrase is no name; 'A and B' one name
#    when a side cannot stand alone; NER's organisations typed company by rating actions and repeated names.
#    Entities (round 14, still extract-8: nothing released since): what is said only of a listed company types it
#    (results lines, IPOs, corporate actions, calls; share moves for coined names); coined words NER missed are
#    organisations; 'Bata India' one name; names cut at colons and opening calls; hyphenated heads; share codes
#    written as words are their company.
#    Entities (round 15, still extract-8; the KB's version changed, so stores re-extract anyway): an analyst's firm
#    before a title and a person's name; the name after an economist's title a person; regional Reserve Banks; a
#    hosted conference its host's; no KB company in 'Self-Reliance'; market values; asides before share moves;
#    'Jane Doe, a director at Acme' a person; a results period ends a headline's name ('Acme Q1 Net' -> 'Acme').
#    Numbers (round 17): money ranges whole ('$14 billion-$15 billion', '$4.10 to $4.40'); NZ$; '16 px' no figure.
# 9: (entities round 16) a headline's source after a colon or 'says' a person, the firm after it an organisation;
#    'MD' / 'CMD' a job title; one sector word ('Pharma', 'FMCG') no name; (claims round 18) a relative clause's
#    time stays in it, more release verbs before a day, 'N-year-old' no period; a commodity next to a capitalised
#    word left to NER ('Hindustan Zinc'), producers companies (the KB's new commodities and indices change its
#    version on their own). Bumped so that stores extracted with
#    the rounds above since extract-8 (entities 14-16, numbers 17) are extracted again.
# 10: (claims round 19) movers lists and tables: a signed figure ends a name ('Orrel +8%'), a signed or bracketed
#    percentage is the name's before it, '+' an up move, '(-5%)' negative; hyphenated basis points; a rate hike a
#    move up; a list's size ('10 biggest movers') no figure; a short clause with its own move keeps its metric.
#    (entities) an institution's official who speaks is a person ('Fed's Waller says').
#    A 'with' clause's own subject ('..., with the Dow down 210 points'); a market's losses a move, not a loss.
#    Earnings surprises signed ('misses by $0.05' down); 'Acme EPS' -> 'Acme'; '737-700s' no count.
#    No sentence ends after 'adj.' / 'approx.'; labelled consensus figures ('; FactSet consensus $1.21'), their
#    actuals. Ranges written twice alike ('62 cents to 66 cents'); a second forecaster's call ('while X sees a 4%
#    rise') about the first figure's subject.
#    A dateline ('LONDON, Dec 4 (Reuters) - ') is no part of the first sentence; '&#8211;' no figure.
#    Exchange rates: 'the dollar ... against the yen to 151.20' JPY, the euro and sterling in dollars.
#    'tier 1', 'phase 2' no figures; 'X upgraded to buy at Y, PT raised to $52': X's target; 'downside' down.
# 11: claims round 20 (wire sessions): 'after hours', 'By midday', 'in a single day' are periods; a bare 'in the same
#    period' / 'over that time frame' points back to the period named before; a coded name's move set off by a
#    comma; "3M's" no figure; 'to a 300-point gain' a move; average hourly earnings, inventories, consumer credit
#    macro; per-share earnings EPS.
# 12: round 20, part 2 (feed items): month spans, seasons, rand 'R3.10', named-dollar cents, statistics offices are
#    no subjects, companies rated 'to buy from hold', distributions are dividends, volume growth revenue, rating
#    words no deal, ';' clauses keep their own names, national statistics a convention the metric model keeps;
#    metric, direction and subject models retrained with corpus batches L and M; then a review's fixes ('after
#    hours-long talks', 'in spring water', 'R1200 motorcycle', '(R) 300 mg', '; its shares', 'a rise in the shares',
#    'distribution deal', company payrolls / credit / inventories no national statistic, any growth rate keeps up);
#    'pushed costs up to A$2,950' a move, '737 MAX' no figure.
# 13: round 21 (fresh batches O and P, reviews of headlines and tweets): loss bases down, half-year / debut /
#    intraday periods, analysts' calls settled as forecasts (`modality.settled_modality`), a headline's source after
#    its colon no subject, a price target's firm closing a feed headline its speaker, cashtag names, listicle sizes.
# 14: round 22 (batch Q, dense paragraphs): a statistics body that states the figures is no subject; a firm's
#    revised forecast of a market thing is about that thing; trading volume, a bond's terms and housing statistics
#    have their own metric; 'ending 0.3% lower' and fund flows have a direction; 'it said' and 'the company, which
#    ..., said' speak; a bond yield that moved is its figures' subject; more industry words type companies.
# 15: a figure whose sentence names no time keeps period_text null (the guide: the claim's own time expression, or
#    what its clause points back to); the time an earlier sentence reported still dates it (period_start / _end).
# 16: a broker's own price target written with a gerund or in a relative clause ('with Fenwick lowering its target',
#    'Lindmark, which raised its price target') is on the company rated before it; 'startup' before a name (often
#    tagged a verb) or in an apposition types a company.
# 17: a review's fixes: a broker's own target only for a share price and a broker (not a company's own target, a
#    market's level, a commodity price), the rated company no broker; a person's apposition types a company only
#    for a company noun ('a startup', not 'a lawmaker'); 'the AI startup Jane Roe founded' keeps its person;
#    'a week ago' dates a comparison base only; 'during the period' and a consensus after a dated figure take its
#    time; a headline's time dates its summary without being its period.
# 18: a one-word name before 'field', 'mine', 'deposit' is a place, before 'tool', 'app' a product.
# 20: round 26 (entities from independent junk judgements, narrowed after two reviews: sites after 'its', bonds
#    before their yields, figures and their currency cut from names, index names before codes, foreign company
#    words, head nouns that point back to a KB organisation; number ranges and bases named once; an economy as the
#    text writes it) and the direction and modality models retrained.
# 21: round 27: bond yields and the gap between two yields named as written, a bare-number ratio a multiple, more
#    currencies quoted per euro or dollar, 'against the yen' no comparison base, a forecaster's aside before its
#    verb, trade figures named by their bare noun (and no destination as the economy), an investor after a
#    country's possessive; fund flows, positions and priced odds named by their market; split ratios no claims;
#    a currency pair's quote currency; ranges of days as periods; benchmark rates as KB indices; entity kinds for a
#    maker's product, a town before ', <state>', sector words, ministers' portfolios, single-A ratings.
# 22: round 28: a learned period ranker (`nlp/period_rank.py`, models/claims/period.json) may replace the rules'
#    period with another time expression of the sentence or none, when it beats the rules' answer by its margin.
# 23: round 29: the subject ranker is a tree ensemble (`nlp/trees.py`); a company's own goal is no rating ('cut its
#    delivery target'); 'valuing X at' names what is valued; a trade's destination is marked; metric and modality
#    models retrained.
# 24: round 30: the subject trees retrained on labels by the name the claim would carry, with the class of a
#    candidate's head noun and what the other candidates are (a bare statistic, a part as a clause's subject); the
#    source written after 'according to' is a speaker, and 'a poll of N by X' or 'X data shows' a consensus's; a
#    zero a figure 'is' no move whatever the direction model; the metric, direction and modality models retrained.
# 25: round 31: no name runs over a blank line (a headline into its summary); a headline of two capitalised words is
#    re-read as title case; a one-word name before the longer name it starts is that name ('Greythorn' in a headline,
#    'Greythorn Bank' in its summary); a title-case subject ends before its verb ('European Banks Index Jumps'); the
#    subject trees and the metric model retrained with batch AE.
# 26: a poll's name (the size of a poll: '28 economists polled by Reuters') is never remembered as what later figures
#    of the text are about.
# 27: the subject trees of round 30 again (the round-31 trees lost on dev and on fresh batch AF); the metric model of
#    round 31 stays.
# 28: round 31's review: no title-case verb cut; a later longer name only for a headline's short name (never an
#    institution's 'X of Y'); two capitalised words make a title-case line only beside a digit; polls, not surveys.
# 29: round 32: Indian digit grouping; an earlier period's figure in brackets ('EUR 0.14 (0.09)'); the legal form
#    'AS'; NII, NIM, PBT and vehicle dispatches as report words; the metric model retrained with batch AG.
# 30: a title-case headline keeps a company's whole name before its legal form; a code in brackets after a name is
#    that name's.
# 31: a coined name ending in 'tech' that opens a sentence is no field noun ('Comtech', 'Tech Mahindra').
# 32: journalists of a wire credit line and a name after a founder's title are people.
# 33: round 33: a figure of a part of its whole ('STOXX 600 autos sub-index', 'Euro zone services inflation'); the
#    possessor of a figure's own phrase ("the yen's 12% decline") is a candidate, analysts who speak are not; a
#    metal's word in an idiom ('a silver lining') is no commodity.
# 34: a statistic or a part named without its whole takes the whole the figure before was about ('Canada new
#    listings'); a measure's period is no part ('twelve-month inflation').
# 35: a capital 'May' before a figure's noun is the month ("China's May exports rose 6.8%").
# 36: a source after a feed headline's spaced dash speaks ('... - Marlowe Bank', '... - Bloomberg'), not for a
#    ticker's move in brackets; a name before such a dash with a number or a lower-case word is no part of the name.
# 37: a name NER missed between 'its' and a process word and a facility is the facility's site ('its Skarvholm
#    processing plant').
# 38: round 34: a fine's subject is who is fined ('Sebi slaps Rs 5 lakh fine on X'); a share of a company bought or
#    sold is a stake; a housebuilder's completions are its deliveries; a cost ratio ('expenses as a percentage of
#    sales') is no sales figure; an IPO's price is a price; a second or third day of trading is a time; a parallel
#    move across 'while' does not take the time of the other move's cause ('after raising its outlook for the
#    year').
# 39: round 35: a level held below or above a threshold has no direction ('Gold holds below $2,300'); 'under' is
#    below only before a reference; an exchange ratio is a deal's terms; a funding round named after its amount is a
#    share sale; a return named after its figure is a return, up; a code in brackets after a name (and up to three
#    words NER left out) is that name's wherever it is written, a cashtag before it too, and makes the name a
#    company; a feed's '(+3.2% pre)' is the premarket session; no subject is a phrase around the figure itself.
# 40: round 36: money followed by the notes or bonds it buys is debt, not a stake; a contract won or awarded is an
#    order (revenue), money won or secured only when an order is named; a surprise named after its figure ('a 42%
#    EPS beat') is that result's, up for a beat and down for a miss.
# 41: round 37: a market's investor groups moving money ('FIIs withdraw Rs 2,000 crore') are flows, out down and in
#    up; a move word after a restated pair ('21 points, 0.2%, higher') moves both; 'paring' is a cut; a code after a
#    name's possessive ("Dave & Buster's (PLAY)") is that name's.
# 42: an analyst's call before a name, or a clause after a semicolon, is no part of the subject ('Buy Halvard Infra;
#    target' -> 'Halvard Infra').
# 43: round 38: a results period right after a name and before a move is the headline's profit ('Harlow Foods Q2 up
#    33% at Rs 89 crore'); money written with a scale word is a total, never a price level (nor a price per share:
#    'Rs 4K crore each'); a move's time can be the results it followed ('post Q3 results'); a per-share amount a
#    company beats or misses by is its EPS surprise; 'overnight' and 'by the midday break' are times; a name and its
#    results tag are the name ('Orvel Q3 dips' -> 'Orvel'); a transaction's actor is never an instrument code; the
#    metric model retrained with batch AP.
# 44: round 39: a fine's amount is who is fined ('Sebi slaps Rs 1 crore fine on X') whatever the ranker prefers; a
#    level named by how long since it was seen ('15-month high') is no subject; 'in couple of weeks' is a time; a
#    year or month before a labour statistic dates it ('November unemployment rate'); a news feed's section tags
#    ('$ECONX:', '$SUMRX:') are no entities.
# 45: round 40: 'nose dives' is a fall; a run of up or down weeks is a duration; '3M Stock' is a name; a month's
#    quarter written 'Dec qtr' and 'at the start of trade' are times.
# 46: a feed's move tag ('$ORV (+1.3% pre)') dates its own move only, not the deal or amount the tweet reports.
# 47: round 41: a move's time can be the event it followed ('post Kestrel deal', 'post elections'); 'tomorrow' is
#    the day after publication.
# 48: a feed's cashtag followed by a name NER calls an organisation ("$PLAY - Dave & Buster's +3%") is that name.
# 49: round 42: a cause that moves what it names right before the figure ('Spot demand lifts sugar futures 2.2%',
#    'exports boost Wockhardt shares by 30%') gives the figure to the moved thing, not to the cause.
# 50: the old price target a change is compared with ('raised to $65 vs. $64') has no direction, a convention the
#    learned direction model does not overrule.
# 51: round 44: a group named by some of its members ('Chipmakers such as Orrel and Quill fell 2%') and a sector
#    whose index moves in an absolute clause ('Banks lagged, with the sector index down 0.3%') keep their figures;
#    'Statistics Canada' is an organisation whose figures are its
#    country's; an unlinked cashtag is the company of the text whose name its letters spell ('$TWLO - Twilio');
#    'the fund', 'the biotech' and 'the store' are descriptions of a company named before.
# 52: a description made with a place adjective ('the Shenzhen-based automaker') is the company named before; a
#    forecast's or a call's word alone ('target' of 'Reduce Orrel; target cut to Rs 455') is never a subject.
# 53: a grain quote's eighths are part of its price ('lost 14-1/4 cents' is 0.1425 USD, '$9.78-1/2' 9.785);
#    bushels and bales are physical units; 'a 1.59-to-1 ratio' is the multiple 1.59; a level reached after a
#    currency's move is in that currency ('the yen slid 0.9% to 143.27': JPY).
# 54: a group named by members written with their instrument codes ('Chipmakers, including Orrel <ORL.DE> and
#    Quill <QLL.AS>, fell 2%') keeps its figure; a volume target ('its annual target of 560,000') is a count.
# 55: a coded list's group must open its clause ('Shares of chipmakers, including ...'); two rules of round 44 that
#    fired only on the dev records that motivated them were removed ('running at' a rate with no direction, an index
#    named as where a mover ranks).
# 56: a call's word is no subject only as a common noun (the retailer Target is a name).
# 57: money a company raises ('to raise up to Rs 190 crore via IPO') has no direction, a convention the learned
#    direction model does not overrule; a results period written as a code ("FY'11", 'Q1FY15') is no entity.
# 58: a market term opening a headline ('Forex reserves slip ...', 'Midcaps rally') is no entity.
# 59: round 45: a list's size opening a headline ('7 Dividend Stocks with Low Payout Ratios', 'These 3 names look
#    ...') is no figure; job gains are counts and 'revised up to' a move; a month before a statistic ('October
#    consumer credit') is its period; 'dive' is a fall; 'market-cap' is market value; a possessive written without
#    its apostrophe ('Wipros revenue') is the linked name.
# 60: 'MM' in capitals is millions ('$5MM'); pesos (the country's, else Mexico's) and soles are money; money words
#    of Indian headlines ('600 crore IPO', 'PAT ... at 2,884 cr', 'plans to raise 426 crore') make a scaled figure
#    money; NSE's old sector index names ('CNX IT', 'CNX Pharma', 'CNX Bank', 'CNX Nifty') are KB aliases.
# 61: a cashtag's subject is the name after its move's tag when the name holds its letters ('$NVTA (+5.4% pre)
#    Invitae ...'); a linked cashtag's subject is the name the text writes ('$BA ... - Boeing reports'); a screener's
#    title-case headline names the company its code spells ('... Drive Lattice Biologics's (CVE:LBL) Share Price');
#    screeners' exchange prefixes (CVE, NYSEMKT, OB, EBR, ELI, VIE, MCX, NZSE, CNSX) are exchanges.
# 62: a brand's word capitalised inside ('EaseMyTrip', 'CoreSite') is a name whatever its tag, in title-case
#    headlines too (not a hashtag's or a handle's).
# 63: a percent sign glued to the next word ('up 5.4%in Monday trading') is split from it by the tokenizer.
# 64: a list's bullet before a phrase taken as a subject ('-Dow falls 1.2%', '- U.S. President ...') is dropped.
# 65: a wire's conversion footer ('($1 = 0.9859 Swiss francs)') states the quoted currency's price (the guide's
#    exchange-rate reading), with that currency as subject; 'Indian rupees' after a figure are INR.
# 66: a rig count and claims for unemployment benefits are counts ('rig count rose 9 to 779').
# 67: a survey's reading written with one decimal is in points when the survey is named in its sentence or the
#    one before ('The composite measure held steady at 51.0', 'missing the 49.1 forecast').
# 68: a price a share written with hyphens ('a $31-a-share proposal') is money; employment, mortgage approvals and
#    people in work are counts; plural money words ('costs', 'prices', 'profits') make a scaled figure money.
# 69: a bare figure a multiple is compared with is a multiple ('20.5 times forward earnings against a 10-year
#    average of 19').
# 70: so is a bare figure a rate's level is compared with a percentage ('fell to 4.1% from 4.3'; not a move's base,
#    'fell 3% from 45').
# 71: a set's size written after its owner ('Of the Nikkei's 225 components') is a list's size, and the members that
#    moved ('171 rose', '189 advanced and 33 declined') are counts.
# 72: a trader's level in a post that names a share by its cashtag ('$IQ ... Breakout watch over 20.48', 'getting the
#    move over 23') is a price level, no currency named.
# 73: round 47: a headline's figure names its subject as the headline writes it ('RBA holds cash rate at 3.60%'); a
#    revised forecast right before its figure says what it is of, whoever revised it ('The house ... trimmed its
#    silver forecast to $33'); 'the central bank said' is the central bank named before; a company's guidance with
#    no source is its own word; a bank a forecaster sees cutting rates is forecast, not the speaker.
# 74: a described firm's people speak for it ("The bank's analysts see"; 'the research house'); a headline closed by a
#    crowd ('...: Experts', ', say analysts') names its source; a statistic named with its economy's adjective is the
#    subject as written ('German factory orders', 'British consumer prices'), not the country alone.
# 75: a rate per year right after its figure ('180,000 tonnes of copper a year') is its time when nothing else dates
#    it.
# 76: a loss written in percent is a holding's move ('sitting on a 56% loss'), not a company's loss.
# 77: the country of a spread's benchmark ('115 basis points over U.S. Treasuries') is not the economy whose figure it
#    is.
# 78: round 48: a web address names nobody (no consensus provider 'Ab12Cd consensus', no noun phrase holding one); a
#    year before the noun it dates is the period ('see 2028 inflation at 2.1%', 'cut 2027 spending'); a 'final'
#    dividend names its kind, not a time; the people an unnamed poll asked are the count's subject ('19 of 23
#    economists polled'); a plan the text only reports has no speaker ('Orvel to cut 900 jobs'); an acronym that
#    spells a verb is still a name ('SET Index').
# 79: 'Auto' ends a company's name ('Orvel Auto'), as 'Motors' does (not in a title-case line, where it is a word).
# 80: a trader's session tag right after a move is its time ('shares +7% PM', '-3% AH'); a level a move went past is
#    a bound on the side the move ended ('climbed past $100': more than; a currency per dollar the other way: 'the
#    yen weakened past 158 per dollar' is more than 158).
# 81: ... also in a title-case headline ('Yen Slides Past 158 Per Dollar').
# 82: which way a move past a level went is read with the shared UP_WORDS / DOWN_WORDS, so a currency that 'surged',
#    'soared', 'spiked' or is 'rising' past a level per dollar is below it, as one that 'rose' is.
# 83: 'the agency said' / 'the regulator said' speak for the rating agency or the regulator named before, though
#    its name does not hold the noun ('Moody's ... The agency said'; 'the Financial Conduct Authority ... the
#    regulator said').
EXTRACTOR_VERSION = "extract-83"


_EN_FUNCTION = set("the of to in and a an for on is are was were as at by with from its it that this has have will "
                   "over up down after before says said".split())
_OTHER_FUNCTION = set("der die das und am um auf im ist mit von den dem des zu le la les et du au aux est une pour "
                      "el los las y con por para una del il di che è della het een van op voor".split())


def is_english(text: str, language: str | None = None) -> bool:
    """Trust a stated language; else detect on longer texts (short headlines are too noisy to judge)."""
    if language:
        return language.lower().split("-")[0] == "en"
    sample = text[:2000]
    letters = [ch for ch in sample if ch.isalpha()]
    if letters and sum(ch < "\u0250" for ch in letters) < len(letters) / 2:
        return False  # written mostly in another script (Cyrillic, CJK, Arabic ...)
    words = re.findall(r"[A-Za-zÀ-ÿ]{2,}", sample)
    if len(words) < 30:
        # headlines: language detectors are unreliable on a few words; look at function words instead
        low = [w.lower() for w in words]
        en = sum(w in _EN_FUNCTION for w in low)
        other = sum(w in _OTHER_FUNCTION for w in low)
        return not (other >= 2 and other >= 2 * en)
    try:
        import py3langid
    except ImportError:  # pragma: no cover - the detector is a dependency; without it, assume English
        log.warning("py3langid is not installed: language not detected, text taken as English")
        return True
    lang, _ = py3langid.classify(sample)
    return lang == "en"


def parse_published(value: Any) -> date | None:
    """'2025-03-07', '2025-03-07T10:00:00+00:00', date/datetime -> date; None when absent or unparsable."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    s = str(value).strip()
    try:
        return date.fromisoformat(s[:10])
    except ValueError:
        try:
            from dateutil import parser as dparser

            return dparser.parse(s).date()
        except (ValueError, OverflowError):
            return None


MAX_CHARS = 25_000  # longest piece given to spaCy at once: a Doc costs ~3 KB of memory per character
BATCH_CHARS = 50_000  # characters per spaCy batch, so memory is bounded whatever the texts' lengths

_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")


def _cut(text: str, lo: int, hi: int) -> int:
    """Where to end a piece inside ``text[lo:hi]``: after the last blank line, else line break, else
    sentence end, else space; ``hi`` (mid-word) only when there is none of those."""
    for sep in ("\n\n", "\n"):
        i = text.rfind(sep, lo, hi)
        if i >= 0:
            return i + len(sep)
    last = None
    for last in _SENTENCE_END.finditer(text, lo, hi):
        pass
    if last is not None:
        return last.end()
    i = text.rfind(" ", lo, hi)
    return i + 1 if i >= 0 else hi


def chunk_spans(text: str, limit: int) -> list[tuple[int, int]]:
    """(start, end) offsets of consecutive pieces of at most ``limit`` characters covering ``text``.

    Each cut falls in the second half of its window, at the best boundary :func:`_cut` finds, so a
    sentence is only split when it is longer than half the limit."""
    if limit < 2:
        raise ValueError(f"chunk limit must be at least 2 characters, not {limit}")
    spans: list[tuple[int, int]] = []
    pos, n = 0, len(text)
    while pos < n:
        end = min(n, pos + limit)
        if end < n:
            end = _cut(text, pos + limit // 2, end)
        spans.append((pos, end))
        pos = end
    return spans


def _budget_batches(items: Iterable[tuple[str, Any]], size: int, chars: int) -> Iterator[list[tuple[str, Any]]]:
    """Group (piece, context) pairs into batches of at most ``size`` pieces and ``chars`` characters
    (a single longer piece goes alone)."""
    batch: list[tuple[str, Any]] = []
    total = 0
    for piece, ctx in items:
        if batch and (len(batch) >= size or total + len(piece) > chars):
            yield batch
            batch, total = [], 0
        batch.append((piece, ctx))
        total += len(piece)
    if batch:
        yield batch


def learned_tag(modality: LinearModel | None, claim_models: ClaimModels,
                subject_ranker: SubjectRanker | None = None, retyper: Retyper | None = None,
                period_ranker: PeriodRanker | None = None) -> str:
    """The learned parts of the extractor version (which weights, or the rules), without loading spaCy."""
    rankers = "".join(f"+{r.tag}" for r in (subject_ranker, period_ranker, retyper) if r is not None)
    return f"{modality_tag(modality)}+{claim_models.tag}{rankers}"


def default_learned_tag() -> str:
    return learned_tag(load_modality(), ClaimModels.load_default(), SubjectRanker.load_default(),
                       Retyper.load_default(), PeriodRanker.load_default())


class _Piece(NamedTuple):
    """Where a piece given to spaCy lies: its offset in its text, the whole text, whether it is the text's last
    piece, whether the text is English, and the text's publication date."""

    offset: int
    text: str
    last: bool
    english: bool
    published: date | None


@dataclass
class Extractor:
    """Holds the pipeline and KB; ``extract`` one text or ``extract_many`` with nlp.pipe batching.

    The pipeline (:func:`~news_sentiment.nlp.pipeline.build_pipeline`) links entities and extracts claims
    in its ``entity_links`` and ``claims`` components; this class cuts long texts, sets each Doc's
    published date and language, and adds quotes, speakers and strategists over the whole text."""

    kb: KnowledgeBase
    nlp: Any
    batch_size: int = 16
    n_process: int = 1

    @classmethod
    def create(cls, kb_dir: str | None = None, model: str | None = None, *, batch_size: int = 16,
               n_process: int = 1) -> Extractor:
        kb = load_kb(kb_dir)
        return cls(kb=kb, nlp=build_pipeline(kb, model), batch_size=batch_size, n_process=n_process)

    @property
    def claims_component(self) -> ClaimsComponent:
        if "claims" not in self.nlp.pipe_names:
            raise ConfigError("the spaCy pipeline has no 'claims' component",
                              hint="Build it with news_sentiment.nlp.pipeline.build_pipeline.")
        return self.nlp.get_pipe("claims")

    @property
    def entity_links(self) -> EntityLinks:
        """The component that links and types entities (its ``retyper`` may be set to None: the rules alone)."""
        return self.nlp.get_pipe("entity_links")

    @property
    def modality(self) -> LinearModel | None:
        """The modality model of the claims component (None: the cue-word rules decide)."""
        return self.claims_component.models.modality

    @property
    def claim_models(self) -> ClaimModels:
        """The learned attribute corrections of the claims component."""
        return self.claims_component.models.attributes

    @claim_models.setter
    def claim_models(self, value: ClaimModels) -> None:
        self.claims_component.models.attributes = value

    @property
    def subject_ranker(self) -> SubjectRanker | None:
        """The learned subject choice of the claims component (None: the rules)."""
        return self.claims_component.models.subject

    @subject_ranker.setter
    def subject_ranker(self, value: SubjectRanker | None) -> None:
        self.claims_component.models.subject = value

    @property
    def period_ranker(self) -> PeriodRanker | None:
        """The learned period choice of the claims component (None: the rules)."""
        return self.claims_component.models.period

    @period_ranker.setter
    def period_ranker(self, value: PeriodRanker | None) -> None:
        self.claims_component.models.period = value

    @property
    def version(self) -> str:
        learned = learned_tag(self.modality, self.claim_models, self.subject_ranker, self.entity_links.retyper,
                              self.period_ranker)
        return f"{EXTRACTOR_VERSION}+{model_version(self.nlp)}+{learned}" \
               f"+{self.kb.version}"

    @staticmethod
    def _chunk_result(off: int, doc: Any) -> tuple[list[Mention], list[Claim]]:
        """Mentions and claims the components put on one chunk's Doc, with offsets in the whole text."""
        from news_sentiment.nlp.component import claims_of

        local = doc._.mentions or []
        claims = claims_of(doc)
        if not off:
            return local, claims
        mentions = [replace(m, start=m.start + off, end=m.end + off) for m in local]
        for c in claims:
            c.start += off
            c.end += off
        return mentions, claims

    def _finish(self, text: str, mentions: list[Mention], claims: list[Claim], english: bool) -> Extraction:
        if not english:
            log.info("text is not English: entities only")
            return Extraction(mentions=mentions)
        quotes, strategists = extract_people(text, mentions, self.kb)
        # quotes are in text order and do not overlap: the one holding a claim is the last starting before it
        starts = [q.start for q in quotes]
        sentences = SentenceIndex(text)
        sources: dict[int, tuple[str | None, str | None]] = {}  # sentence start -> (its source, the rule)
        people = frozenset(m.name for m in mentions if m.kind == "person")
        for c in claims:
            k = bisect.bisect_right(starts, c.start) - 1
            ss, se = sentences.holding(c.start)
            if ss not in sources:
                sources[ss] = sentence_source(text, ss, se, mentions)
            quote = quotes[k] if k >= 0 and c.end <= quotes[k].end else None
            set_speaker(c, quote, sources[ss], text, (ss, se), people)
        return Extraction(mentions=mentions, claims=claims, quotes=quotes, strategists=strategists)

    def chunk_limit(self) -> int:
        """Longest piece of text given to spaCy: :data:`MAX_CHARS`, never more than the model's max_length."""
        return max(2, min(MAX_CHARS, int(getattr(self.nlp, "max_length", MAX_CHARS))))

    def extract(self, text: str, published: Any = None, language: str | None = None) -> Extraction:
        """One text; long texts are processed in pieces (:func:`chunk_spans`), offsets stay in ``text``."""
        return next(self._extract_serial([(text, published)], [language]))

    def extract_many(self, items: Iterable[tuple[str, Any]], languages: list[str | None] | None = None
                     ) -> Iterator[Extraction]:
        """(text, published) pairs -> Extraction, in order, spaCy run in batches.

        ``languages`` (optional, one per item) skips language detection where the language is known.
        With ``n_process`` > 1, batches go to forked worker processes that each run the whole
        extraction and send back only the small records (not spaCy Docs)."""
        if self.n_process > 1:
            yield from self._extract_parallel(items, languages)
            return
        yield from self._extract_serial(items, languages)

    def _extract_parallel(self, items: Iterable[tuple[str, Any]], languages: list[str | None] | None
                          ) -> Iterator[Extraction]:
        import multiprocessing as mp

        global _WORKER
        try:
            ctx = mp.get_context("fork")
        except ValueError:  # pragma: no cover - no fork (Windows): stay in process
            yield from self._extract_serial(items, languages)
            return

        def batches() -> Iterator[list[tuple[str, Any, str | None]]]:
            batch: list[tuple[str, Any, str | None]] = []
            for i, (text, published) in enumerate(items):
                lang = languages[i] if languages is not None and i < len(languages) else None
                batch.append((text, published, lang))
                if len(batch) >= self.batch_size:
                    yield batch
                    batch = []
            if batch:
                yield batch

        _WORKER = self
        try:
            with ctx.Pool(self.n_process) as pool:
                for results in pool.imap(_work_batch, batches()):
                    yield from results
        finally:
            _WORKER = None

    def _pieces(self, items: Iterable[tuple[str, Any]], languages: list[str | None] | None
                ) -> Iterator[tuple[str, _Piece]]:
        """(piece, where it is) for each text, in order; an empty text is one empty piece. Each text's
        language is judged once, on the whole text."""
        limit = self.chunk_limit()
        for i, (text, published) in enumerate(items):
            text = text or ""
            spans = chunk_spans(text, limit) if text.strip() else []
            if not spans:
                yield "", _Piece(0, text, True, False, None)
                continue
            english = is_english(text, languages[i] if languages is not None and i < len(languages) else None)
            day = parse_published(published)
            for j, (start, end) in enumerate(spans):
                yield text[start:end], _Piece(start, text, j == len(spans) - 1, english, day)

    def _docs(self, batch: list[tuple[str, _Piece]]) -> list[tuple[Any, _Piece]]:
        """Docs to run the pipeline on, carrying each piece's published date and language for ``claims``."""
        out = []
        for text, piece in batch:
            doc = self.nlp.make_doc(text)
            doc._.english, doc._.published = piece.english, piece.published
            out.append((doc, piece))
        return out

    def _extract_serial(self, items: Iterable[tuple[str, Any]], languages: list[str | None] | None = None
                        ) -> Iterator[Extraction]:
        mentions: list[Mention] = []
        claims: list[Claim] = []
        # spaCy holds every Doc of a batch at once: batches are bounded in characters, not only in texts
        for batch in _budget_batches(self._pieces(items, languages), self.batch_size,
                                     max(BATCH_CHARS, self.chunk_limit())):
            for doc, piece in self.nlp.pipe(self._docs(batch), as_tuples=True, batch_size=len(batch)):
                if not piece.text.strip():
                    yield Extraction()
                    continue
                m, c = self._chunk_result(piece.offset, doc)
                del doc
                mentions += m
                claims += c
                if piece.last:
                    yield self._finish(piece.text, mentions, claims, piece.english)
                    mentions, claims = [], []


def auto_processes(limit: int = 4) -> int:
    """One worker per CPU this process may use, at most ``limit``."""
    import os

    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        n = os.cpu_count() or 1
    return max(1, min(limit, n))


_extractor: Extractor | None = None
_WORKER: Extractor | None = None  # the extractor forked worker processes inherit


def _work_batch(batch: list[tuple[str, Any, str | None]]) -> list[Extraction]:
    assert _WORKER is not None
    texts = [(t, p) for t, p, _ in batch]
    langs = [lang for _, _, lang in batch]
    return list(_WORKER._extract_serial(texts, langs))


def get_extractor(**kwargs: Any) -> Extractor:
    """The process-wide default extractor (built on first use)."""
    global _extractor
    if _extractor is None or kwargs:
        _extractor = Extractor.create(**kwargs)
    return _extractor


def extract_text(text: str, published: Any = None) -> dict[str, Any]:
    """Convenience: the output-contract dict for one text."""
    return get_extractor().extract(text, published).to_json(None)


@dataclass
class JsonlReport:
    lines: int = 0
    written: int = 0
    errors: list[str] | None = None


def extract_jsonl(lines: Iterable[str], out: IO[str], *, extractor: Extractor | None = None,
                  on_error: Callable[[str], None] | None = None,
                  progress: Callable[[int], None] | None = None) -> JsonlReport:
    """JSON Lines {"id", "text", "published"?} -> one output-contract JSON object per valid input line, in order.

    Malformed lines are reported through ``on_error`` with their line number and skipped.
    """
    extractor = extractor or get_extractor()
    report = JsonlReport(errors=[])

    def records() -> Iterator[tuple[tuple[str, Any], Any]]:
        def bad(lineno: int, reason: str) -> None:
            msg = f"line {lineno}: skipped, not a valid JSON object with a 'text' string ({reason})"
            report.errors.append(msg)  # type: ignore[union-attr]
            if on_error:
                on_error(msg)

        def counted() -> Iterator[str]:
            for line in lines:
                report.lines += 1
                yield line

        for lineno, obj in json_objects(counted(), bad):
            text = obj.get("text")
            if text is None:
                text = ""
            if not isinstance(text, str):
                bad(lineno, "'text' must be a string")
                continue
            yield (text, obj.get("published")), obj.get("id")

    recs = records()
    ids: list[Any] = []

    def items() -> Iterator[tuple[str, Any]]:
        for item, doc_id in recs:
            ids.append(doc_id)
            yield item

    for k, ext in enumerate(extractor.extract_many(items())):
        out.write(json.dumps(ext.to_json(ids[k]), ensure_ascii=False) + "\n")
        report.written += 1
        if progress:
            progress(report.written)
    out.flush()
    return report
