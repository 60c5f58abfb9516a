"""Who states a sentence's figures: the source a sentence names ("X said", "according to X", "…: X").

A claim's speaker is the person or organisation the text names as the source of its sentence; a quote's
speaker wins inside the quote (``extract._finish``). Patterns, each general, never one text's:

- ``according to X`` / ``X said|says|told|reported|estimated|forecast|expects|sees|projected …``
  / ``…, said X`` / ``X's Y said`` (the person, not the firm);
- a headline that ends with its source after a colon: ``Nifty likely to test 7,630: Jane Roe`` or
  ``…: Jane Roe, Acme Securities``;
- for a figure someone plans, guides to or forecasts and no sentence source: the agent of the verb the figure
  hangs from, read on the parse (``agent_speaker``): 'Goldman Sachs raised its price target ... to $340',
  'Strategists at Barclays expect the yield to fall to 3.75%', 'Acme will cut 900 jobs'.

X must be a mention the extractor found (a person, company, organisation, outlet or index provider), so a
pronoun or a bare noun is never a speaker.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from news_sentiment.nlp.headline_source import headline_source
from news_sentiment.nlp.modality import SUBJECT_DEPS, Modality, number_token
from news_sentiment.nlp.numbers import MONTHS
from news_sentiment.nlp.records import Claim, Mention, Quote
from news_sentiment.nlp.rulebook import Rule
from news_sentiment.nlp.vocab import Metric

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

# the traces of the speaker fallbacks (structural rules, nlp.claims.STRUCTURAL_RULES)
AGENT_RULE, DESCRIBED_RULE, POLL_RULE = "speaker.agent", "speaker.described", "speaker.poll"
GUIDANCE_RULE = "speaker.guidance_owner"
RATER_RULE = "speaker.rater_at_end"
SPEAKER_KINDS = frozenset({"person", "company", "organization", "outlet"})
SAY_VERBS = (r"said|says|say|told|tells|reported|reports|estimated|estimates|forecast|forecasts|expects|expected|"
             r"sees|saw|projected|projects|predicted|predicts|wrote|writes|noted|notes|added|warned|warns|"
             r"announced|announces|disclosed|stated|believes|thinks|calculated|showed|shows|reckons|argues|argued|"
             r"(?-i:calculate|calculates|estimate|predict|project|note|warn|argue|believe|think|reckon|write)")
# (the plural present forms lower-case only: a title-case headline's 'Estimate', 'Think' are nouns or questions)
# between a name and its verb: an instrument code (<SAVE.N>, (NYSE: X)) and/or an apposition (", a strategist at Y,")
_CODE = r"(?:\s*(?:<[^<>\s]{1,15}>|\((?:[A-Z]+\s*:\s*)?[A-Z0-9.]{1,10}\)))?"
_AFTER_NAME = re.compile(rf"^{_CODE}(?:,[^,]{{1,80}},|,)?\s+(?:also\s+|previously\s+|now\s+)?(?:{SAY_VERBS})\b",
                         re.IGNORECASE)
# 'according to research firm Canalys': after 'according to', up to two lower-case words describe the source
_BEFORE_NAME = re.compile(rf"(?:\b(?:{SAY_VERBS})|\bper)\s+(?:the\s+)?$|\baccording\s+to\s+(?:the\s+)?"
                          r"(?:(?!(?:a|an|in|of|by|its|their|his|her)\s)(?-i:[a-z][\w-]*)\s+){0,2}$", re.IGNORECASE)
# a ticker's move in brackets before a feed headline ('$ACME (+4.5% pre) Acme nears deal ... - WSJ'): the market's,
# not what the source after the dash reports
_MOVE_ASIDE = re.compile(r"\([^()]*\d[^()]*\)")
_HEADLINE_SOURCE = re.compile(r"(?::|\s[-–—])\s*$")  # '...: Jane Roe', '... - Marlowe Bank'
# a data provider named before its data: 'Refinitiv data shows', 'as per provisional NSE data' (the brief: "X data
# showed" -> X); a market's own move keeps no speaker (set_speaker), whoever's data reports it
_DATA_KIND = r"(?:(?:provisional|preliminary|flash|latest|official)\s+)?"
_NAMED_DATA = re.compile(r"\s+" + _DATA_KIND + r"data\b")
_DATA_VERB = re.compile(r"\s+" + _DATA_KIND + r"data\s+(?:also\s+)?(?:shows?|showed|released|published|compiled)\b")
_AS_PER = re.compile(r"\b(?:as per|per|from)\s+(?:the\s+)?" + _DATA_KIND + "$", re.IGNORECASE)
# 'the Labor Department's JOLTS report showed', 'the agency's advance estimate showed': the body speaks through it
_OWN_REPORT = re.compile(r"(?:'s|’s)\s+(?:[\w-]+\s+){0,3}?(?:report|estimate|data|survey|figures|statement|filing|"
                         r"release|note|bulletin)s?\s+(?:showed|shows|said|says|found|finds)\b", re.IGNORECASE)


def sentence_speaker(text: str, start: int, end: int, mentions: Sequence[Mention]) -> str | None:
    """The source the sentence ``text[start:end]`` names for its figures, or None."""
    inside = [m for m in mentions if start <= m.start and m.end <= end and m.kind in SPEAKER_KINDS]
    for m in inside:
        if _BEFORE_NAME.search(text[max(start, m.start - 30):m.start]):
            return _person_of_firm(text, m, inside)
        if _AFTER_NAME.match(text[m.end:min(end, m.end + 90)]) or _OWN_REPORT.match(text, m.end, end) or \
                _DATA_VERB.match(text, m.end, end) or \
                _NAMED_DATA.match(text, m.end, end) and _AS_PER.search(text[max(start, m.start - 40):m.start]):
            return _person_of_firm(text, m, inside)
    return _headline_source(text, start, end, inside)


# a company described, not named ('the drugmaker said'): the story's company speaks
_COMPANY_NOUN = (r"company|group|firm|\w*(?:maker|producer|builder|miner|lender|insurer|retailer|carrier|operator|"
                 r"developer|manufacturer|supplier|provider|refiner|brewer|grocer)s?|bank|airline|conglomerate|"
                 r"railroad|railway|giant|major|chain|store|biotech|landlord|utility|broker|brokerage|exporter|"
                 r"platform|start-up|startup|house")
# a source described, not named ('the statistics bureau said', 'people familiar with the matter said'): as written
# ('data showed' names no source: the guide's speaker is who states a figure, so data and figures stay None)
# the heads a body's description and its name share ('the agency said' after the International Energy Agency)
_BODY_HEADS = ("bank", "bureau", "office", "ministry", "institute", "agency", "department", "regulator", "authority",
               "commission", "administration")
_BODY_NOUN = (r"central\s+bank|" + "|".join(_BODY_HEADS[1:]) +
              r"|survey|people familiar with the matter|sources|source")
_DESCRIPTION = rf"(?P<np>(?:[\w.'&\-]+\s+){{0,4}}?(?P<head>{_BODY_NOUN}|{_COMPANY_NOUN}))"  # body nouns first
# a described firm's people speak for it: "the bank's analysts see", "The broker's commodity team said"
_ITS_PEOPLE = r"(?:['’]s\s+(?:[a-z-]+\s+)?(?:analysts|economists|strategists|researchers|team))?"
_DESCRIBED = re.compile(rf"(?:^|[,;:]\s+|\band\s+)(?:the\s+|its\s+)?{_DESCRIPTION}{_ITS_PEOPLE}"
                        rf"(?:\s*,[^,]{{1,80}},)?\s+"
                        rf"(?:also\s+|has\s+|had\s+|now\s+|meanwhile,?\s+)?(?:{SAY_VERBS})\b", re.IGNORECASE)
# 'it said', 'It sees', 'which it said had reached 28%': the company the story is about speaks (not after a ';',
# whose clause is the pronoun's alone: '... net profit rose 24%; it expects revenue to rise 2%', nor after 'and' or
# 'that': 'left its rate at 2.25% and repeated that it expects to keep it there' states the rate, no forecast)
_PRONOUN_SAID = re.compile(rf"(?:^|[,:]\s+|\bwhich\s+)(?P<np>[Ii]t)\s+(?:also\s+|now\s+|has\s+|had\s+)?"
                           rf"(?:{SAY_VERBS})\b")
_SAID_DESCRIBED = re.compile(rf"\b(?:said|says|according\s+to)\s+the\s+{_DESCRIPTION}\b", re.IGNORECASE)
_COMPANY_HEAD = re.compile(rf"(?:{_COMPANY_NOUN})$", re.IGNORECASE)
STORY_KINDS = ("company", "organization")


def story_company(mentions: Sequence[Mention], start: int = 0, at: int = 0) -> str | None:
    """The company 'the company' (and its kin, at position ``at``) stands for: the first company or organisation
    its sentence (from ``start``) names before it, else the first the story names before it (a description refers
    back: a company named only later is not it)."""
    firms = sorted((m for m in mentions if m.kind in STORY_KINDS and m.end <= at), key=lambda m: m.start)
    here = next((m for m in firms if start <= m.start), None)
    return (here or firms[0]).name if firms else None


# what a body noun names when no earlier name holds the noun itself: a rating agency ('Moody's cut ... The agency
# said'), a regulator by the words its names are made of ('Financial Conduct Authority', 'Securities and Exchange
# Commission' ... 'the regulator said')
_BODY_OF_KIND = {
    "agency": re.compile(r"\b(?:Moody['’]s|Fitch|S&P Global Ratings|Standard & Poor['’]s|DBRS|Scope Ratings|"
                         r"CRISIL|ICRA|CARE Ratings|Rating and Investment Information|Japan Credit Rating)\b"),
    "regulator": re.compile(r"\b(?:Authority|Commission|Regulator|Regulatory|Supervisory|Supervision|Ofgem|Ofwat|"
                            r"Ofcom|SEBI|Sebi|BaFin)\b"),
}


def described_body(head: str, mentions: Sequence[Mention], at: int) -> str | None:
    """The body a body noun stands for ('the central bank said' after the Bank of Korea, 'the agency said' after the
    International Energy Agency): the nearest organisation named before ``at`` whose name holds the noun's head;
    else, for 'agency' and 'regulator', the nearest body of that kind named before (``_BODY_OF_KIND``)."""
    word = head.split()[-1].lower()
    if word not in _BODY_HEADS:
        return None  # 'survey', 'sources', 'people familiar with the matter' stay as written
    before = [m for m in mentions if m.end <= at]
    named = [m for m in before if m.kind == "organization" and word in m.name.lower().split()]
    if not named and word in _BODY_OF_KIND:
        named = [m for m in before if m.kind in STORY_KINDS and _BODY_OF_KIND[word].search(m.name)]
    return max(named, key=lambda m: m.start).name if named else None


def described(np: str, head: str, mentions: Sequence[Mention], start: int, at: int) -> str | None:
    """A described source: the company a company noun stands for ('the chipmaker': ``story_company``), the body a
    body noun stands for (``described_body``), else the words as written ('statistics bureau')."""
    if _COMPANY_HEAD.fullmatch(head):
        return story_company(mentions, start, at)
    return described_body(head, mentions, at) or np


def described_source(text: str, start: int, end: int, mentions: Sequence[Mention]) -> str | None:
    """'..., the food producer said' / 'said the company' / 'the statistics bureau said': a source the text describes
    (its words start lower-case or with the sentence), resolved by ``described``."""
    sentence = text[start:end]
    found = _DESCRIBED.search(sentence) or _SAID_DESCRIBED.search(sentence)
    if found is None:
        it = _PRONOUN_SAID.search(sentence)
        return story_company(mentions, start, start + it.start("np")) if it else None
    if any(w[:1].isupper() for w in found.group("np").split()[1:]):
        return None  # a capitalised word inside: a name the mention patterns did not take, not a description
    return described(found.group("np"), found.group("head"), mentions, start, start + found.start("np"))


# where a consensus comes from: 'economists polled by Reuters', 'a Reuters poll', 'estimates compiled by LSEG',
# 'the FactSet consensus', 'according to LSEG data', 'LSEG data shows'; the name as group 'src', what it is as 'kind'
# (never the tail of a web address: 'https://t.co/Ab12Cd consensus' names no provider)
_SOURCE_NAME = r"(?<!/)(?:(?:A|An|The)\s+)?(?P<src>[A-Z][\w&\-]*(?:\s+[A-Z][\w&\-]*){0,2}|company-compiled)"
_POLLS = (re.compile(rf"\b(?P<kind>polled|surveyed)\s+by\s+{_SOURCE_NAME}"),
          re.compile(rf"\b{_SOURCE_NAME}\s+(?P<kind>poll|survey|consensus)\b"),
          re.compile(rf"\b(?:compiled|calculated)\s+by\s+{_SOURCE_NAME}"),
          re.compile(rf"\b(?:per|according\s+to)\s+{_SOURCE_NAME}\s+data\b"),
          re.compile(rf"\b{_SOURCE_NAME}\s+data\s+(?:shows?|showed)\b"),
          re.compile(rf"\b(?P<kind>poll|survey)\s+of\s+[^,.;()]{{1,40}}?\bby\s+{_SOURCE_NAME}"))


def poll_source(text: str, start: int, end: int, at: int) -> str | None:
    """The poll or consensus provider the sentence ``text[start:end]`` names, the one nearest to position ``at``
    ('Reuters poll' for 'economists polled by Reuters' and 'a Reuters poll', 'LSEG' for 'compiled by LSEG'): the
    speaker of an expected figure, which the sentence's own source (who reports the actual) is not."""
    found = []
    for rx in _POLLS:
        for m in rx.finditer(text, start, end):
            kind = m.groupdict().get("kind")
            name = m.group("src") + (" poll" if kind in ("polled", "surveyed") else f" {kind}" if kind else "")
            # ('a poll of 22 economists by X' names X's poll, as 'an X poll' does)
            found.append((min(abs(m.start() - at), abs(m.end() - at)), name))
    return min(found)[1] if found else None


# 'according to a regulatory filing', 'according to two people familiar with the matter', 'according to data
# compiled by X': a source no mention names, as written (up to a comma, a clause or the time it was published);
# 'according to its prospectus': the company the pronoun stands for
_SOURCE_ENDS = (r"on|in|at|last|this|earlier|published|released|filed|seen|dated|based|which|that|who|and|as|after|"
                r"before|while|since")  # what follows a source's words: when, how it was made, a new clause
ACCORDING_TO = Rule(
    "speaker.according_to",
    r"\baccording\s+to\s+(?:(?P<own>its|their)\s+|(?:an?|the)\s+)?"
    rf"(?P<np>(?!(?:him|her|them|it|us|me|you)\b)[\w&'’-]+(?:\s+(?!(?:{_SOURCE_ENDS})\b)[\w.&'’-]+){{0,7}}?)"
    rf"(?=\s*(?:[,;:()]|\.(?:\s|$)|$)|\s+(?:{_SOURCE_ENDS})\b)",
    examples=("rose 4%, according to a regulatory filing on Monday.",
              "at $2 billion, according to two people familiar with the matter.",
              "up 3%, according to data compiled by Harwell Research, which"))


def according_source(text: str, start: int, end: int, mentions: Sequence[Mention]) -> str | None:
    """The source written after 'according to' in ``text[start:end]`` when no mention names it (see
    ``ACCORDING_TO``): a poll it names as the poll ('Reuters poll'); a bare document noun ('a note', 'the filing')
    names nobody (the agent may); else None."""
    found = ACCORDING_TO.search(text, None, start, end)
    if found is None:
        return None
    if found.group("own"):
        return story_company(mentions, start, found.start())
    np = found.group("np").rstrip(".")
    poll = poll_source(text, found.start("np"), found.end("np"), found.start("np"))
    return poll or (np if " " in np or not np.islower() else None)


# a headline closed by a crowd as its source: '...: Experts', '..., say analysts' (who speaks, though unnamed)
CROWD_SOURCE = Rule("speaker.crowd_source",
                    r"(?:[:–—-]\s*|,\s*(?:say|says)\s+)(?P<src>(?:[Mm]arket\s+)?(?:[Ee]xperts|[Aa]nalysts|"
                    r"[Ee]conomists|[Ss]trategists|[Tt]raders|[Dd]ealers|[Bb]rokers))\s*$",
                    (": Experts", ", say experts", ": Market analysts"), flags=0)


def crowd_source(text: str, start: int, end: int) -> str | None:
    """The crowd a one-line headline names as its source at its end ('Be prepared for a 5% fall: Experts')."""
    line = text[start:end].rstrip(" .")
    found = CROWD_SOURCE.regex.search(line) if "\n" not in line else None
    return found.group("src") if found else None


def sentence_source(text: str, start: int, end: int, mentions: Sequence[Mention]) -> tuple[str | None, str | None]:
    """The sentence's source and the fallback rule that found it (None: a named source, or none at all)."""
    named = sentence_speaker(text, start, end, mentions)
    if named is not None:
        return named, None
    found = described_source(text, start, end, mentions)
    if found is not None:
        return found, DESCRIBED_RULE
    found = according_source(text, start, end, mentions)
    if found is not None:
        return found, ACCORDING_TO.id
    found = crowd_source(text, start, end)
    return found, CROWD_SOURCE.id if found is not None else None


def set_speaker(claim: Claim, quote: Quote | None, source: tuple[str | None, str | None], text: str,
                sentence: tuple[int, int], people: frozenset[str]) -> None:
    """A claim's speaker, by precedence: the quote holding it; none for a price or market move that happened unless a
    person (``people``: the names of the text's person mentions) states it, as a strategist's note does (the golds
    give 10 of 509 such train claims a speaker); for an expected figure the poll its sentence (``text`` between the
    offsets ``sentence``) names (``poll_source``, read only then), never the reporter of the actual; else the
    sentence's source (``sentence_source``); else the agent the claims component read on the parse
    (``agent_speaker``, already in ``claim.speaker``); else, for guidance, whose guidance it is (its subject). The
    fallback that decided is traced in ``claim.rules``; the agent's trace goes when something before it decided."""
    if quote is not None:
        speaker, rule = quote.speaker, None
    elif claim.modality == Modality.ACTUAL and claim.metric in _MARKET_READINGS and source[0] not in people:
        speaker, rule = None, None  # a price or a move markets made: no data provider or firm states it
    elif claim.modality == Modality.EXPECTATION:
        speaker = poll_source(text, *sentence, claim.start)
        rule = POLL_RULE if speaker is not None else None
    elif source[0] is not None:
        speaker, rule = source
    elif claim.speaker is not None and claim.modality == Modality.TARGET and claim.metric not in _MARKET_READINGS \
            and not _STATED.search(text):
        speaker, rule = None, None  # a plan the text only reports ('Orvel to cut 900 jobs', 'Tamsin plans Rs 400
        # crore IPO'): nobody is said to state it (train and dev speakers: 65 made right, 18 wrong)
    elif claim.speaker is not None:
        speaker, rule = claim.speaker, AGENT_RULE
    elif claim.modality == Modality.GUIDANCE and claim.subject:
        speaker, rule = claim.subject, GUIDANCE_RULE  # guidance is a company's own outlook: it speaks
    else:
        speaker, rule = None, None
    if rule != AGENT_RULE and AGENT_RULE in claim.rules:
        claim.rules.remove(AGENT_RULE)
    if rule is not None and rule not in claim.rules:
        claim.rules.append(rule)
    claim.speaker = speaker


_MARKET_READINGS = frozenset({Metric.RETURN, Metric.PRICE_LEVEL})
_STATED = re.compile(r"\b(?:said|says|told|according\s+to|announced|statement)\b", re.IGNORECASE)  # someone speaks
AGENT_VERBS_UP = 3  # verbs read on the way up from the figure
# people who speak for a firm named in their modifiers ('Analysts at X', 'X's economists', 'the chief executive of X')
_ROLE_NOUNS = frozenset({"analyst", "analysts", "strategist", "strategists", "economist", "economists", "forecaster",
                         "forecasters", "researcher", "researchers", "executive", "executives", "official",
                         "officials", "team", "chief", "ceo", "head", "spokesman", "spokeswoman", "spokesperson"})
_PRONOUNS = frozenset({"they", "he", "she"})  # who forecast before ('They also see the pound at $1.38')


# a target's firm written last in a feed headline: 'Orrel stock price target raised to $318 from $310 at Quill RH'
_RATER_AT = re.compile(r"^(?:[^.;:]|\bvs\.|\d\.\d)*?\b(?:at|by)\s+"
                       r"(?P<name>[A-Z][\w.&'-]*(?:\s+(?:[A-Z][\w.&'-]*|&)){0,3})\s*"
                       r"(?:https?://\S+\s*)*$")


_NOT_RATER = re.compile(r"(?:the|its|their|end|" + MONTHS + r")\b.*", re.IGNORECASE)


def rater_at_end(text: str, end: int, sent_end: int) -> str | None:
    """The firm named after 'at' or 'by' closing the sentence of a target figure ending at ``end`` (read to the
    end of the line when the sentence split stopped at initials: 'at J.P. Morgan'), else None."""
    m = _RATER_AT.match(text[end:sent_end].rstrip(" .\n"))
    if m and re.fullmatch(r"(?:[A-Z]\.)*[A-Z]", m.group("name").rstrip(".")):
        line_end = text.find("\n", end)
        m = _RATER_AT.match(text[end:len(text) if line_end < 0 else line_end].rstrip(" .\n")) or m
    return m.group("name") if m and not _NOT_RATER.fullmatch(m.group("name")) else None


def agent_speaker(doc: Doc, start: int, end: int, mentions: Sequence[Mention], previous: str | None = None,
                  text: str | None = None) -> str | None:
    """Who plans, guides to or forecasts the figure at ``start``..``end``: the subject of the first verb above it
    whose subject is (or holds, as in 'Analysts at X' or 'X's economists') a person, company, organisation or
    outlet the extractor found; None when no such verb stands within ``AGENT_VERBS_UP`` verbs (a market or a
    figure as the subject, as in 'the yield will fall to 3.75%', passes on to the verb above: 'X expects ...').
    A pronoun subject ('They see ...') is ``previous``, the agent of an earlier figure of the text."""
    tok = number_token(doc, start, end, text)
    if tok is None:
        return None
    speakers = [m for m in mentions if m.kind in SPEAKER_KINDS]
    # a verb that is what a forecasting verb above it forecasts is passed ('see the Bank of England cutting Bank
    # Rate to 3.25%': the bank is forecast, not speaking)
    verbs = [t for t in tok.ancestors if t.pos_ in ("VERB", "AUX") and not _forecast_object(t)][:AGENT_VERBS_UP]
    for verb in verbs:
        for subject in (k for k in verb.children if k.dep_ in SUBJECT_DEPS):
            found = _mention_in(subject, speakers)
            if found is not None:
                return found.name
            if subject.lower_ in _PRONOUNS and previous is not None:
                return previous
            firm = _described_firm(subject)
            if firm is not None:
                story = story_company(mentions, subject.sent.start_char, firm.idx)  # 'The insurer also raised'
                if story is not None:
                    return story
    return None


# (forms, not lemmas: the pipeline runs no lemmatizer)
_FORECAST_FORMS = frozenset({
    "expect", "expects", "expected", "expecting", "forecast", "forecasts", "forecasted", "forecasting", "predict",
    "predicts", "predicted", "predicting", "project", "projects", "projected", "projecting", "anticipate",
    "anticipates", "anticipated", "anticipating", "see", "sees", "saw", "seeing"})


def _forecast_object(verb: Token) -> bool:
    """A verb that is what a forecasting verb above it forecasts ('expect the Fed to cut', 'see the bank cutting'):
    its subject is the thing forecast."""
    return verb.dep_ in ("xcomp", "ccomp") and verb.head.lower_ in _FORECAST_FORMS  # (a root is neither)


def _described_firm(subject: Token) -> Token | None:
    """A firm described, not named, as a verb's subject ('The insurer also raised'), or whose people are ('The
    bank's analysts see'): the firm's noun."""
    owner = next((k for k in subject.children if k.dep_ == "poss"), None) if subject.lower_ in _ROLE_NOUNS else None
    noun = owner if owner is not None else subject
    described = any(k.lower_ == "the" for k in noun.children) and _COMPANY_HEAD.fullmatch(noun.lower_)
    return noun if described else None


def _mention_in(subject: Token, speakers: Sequence[Mention]) -> Mention | None:
    """The speaker mention the subject's head stands in, else, for a role noun ('Analysts at X') or a company noun
    ('The Japanese conglomerate X'), one in its modifiers ('shares of X' is no speaker)."""
    head = next((m for m in speakers if m.start <= subject.idx < m.end), None)
    if head is not None or not (subject.lower_ in _ROLE_NOUNS or _COMPANY_HEAD.fullmatch(subject.lower_)):
        return head
    lo = subject.left_edge.idx
    hi = subject.right_edge.idx + len(subject.right_edge)
    return next((m for m in speakers if lo <= m.start and m.end <= hi), None)


def _person_of_firm(text: str, m: Mention, inside: Sequence[Mention]) -> str:
    """``Blackstone's Byron Wien says``: the person named right after a firm's possessive speaks."""
    if m.kind != "person":
        nxt = next((p for p in inside if p.kind == "person" and 0 <= p.start - m.end <= 4
                    and text[m.end:p.start].strip() in ("'s", "’s")), None)
        if nxt is not None:
            return nxt.name
    return m.name


def _headline_source(text: str, start: int, end: int, inside: Sequence[Mention]) -> str | None:
    """``…: Jane Roe``, ``…: Jane Roe, Acme Securities`` or ``… - Acme Bank`` closing a one-line headline (a
    mention there, or after a colon a capitalised two- or three-word name the model did not tag)."""
    if "\n" in text[start:end]:
        return None
    for m in inside:
        tail = text[m.end:end].strip()
        lead = _HEADLINE_SOURCE.search(text[start:m.start])
        if lead and (not tail or tail.startswith(",")) and (lead.group().strip() == ":"
                                                             or not _MOVE_ASIDE.search(text, start, m.start)):
            return m.name
    found = headline_source(text[start:end])  # "...: Jane Roe" or "...: Jane Roe, Acme Securities"
    if found is None or not found.after_colon or not found.person or found.firm[:1].islower():
        return None
    return found.name
