"""How a claim names its subject: as the text writes it, with the knowledge base's entity kept apart.

The subject stages (:mod:`claim_subjects`, :mod:`subject_rank`) decide *which* entity a figure is about and name it
by the knowledge base's canonical name, which links it to prices. The guide (``shared/eval/README.md``) wants the
subject as a short name the way the text writes it ('Stoxx 600' for the KB's 'Stoxx Europe 600', 'Estee Lauder' for
a text's 'Estee Lauder Cos Inc'). :func:`subject_name` turns the stages' answer into both: the text's spelling for
``Claim.subject``, the KB's name and id for ``Claim.subject_entity`` / ``Claim.subject_id``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from news_sentiment.nlp.kb import code_letters_in, fold, strip_legal
from news_sentiment.nlp.records import Mention
from news_sentiment.nlp.rulebook import Rule

# what a commodity's figure is called besides the commodity ('Copper prices'): the guide names the commodity ('Gold',
# 'copper'), so the generic head goes ('futures' stays: the gold of futures markets keeps it)
COMMODITY_WORDS = (
    r"oil|crude|brent|wti|gas|natural gas|gasoline|petrol|diesel|jet fuel|heating oil|coal|lng|uranium|gold|silver|"
    r"platinum|palladium|copper|aluminium|aluminum|nickel|zinc|lead|tin|iron ore|steel|lithium|cobalt|bullion|"
    r"wheat|corn|maize|soybeans?|soyoil|soymeal|rice|sugar|coffee|cocoa|cotton|palm oil|rubber|lumber|cattle|hogs|"
    r"orange juice|oats|canola|barley")
COMMODITY_HEAD = Rule(
    "subject.commodity_head", r"\b(?:" + COMMODITY_WORDS + r")\s+(?P<head>prices?)$",
    examples=("Copper prices", "European gas prices", "US gasoline price"))
# 'Aeroports de Paris (ADP)', 'Taiwan Semiconductor Manufacturing Co (TSMC)': an abbreviation the text defines
DEFINED_ABBREVIATION = Rule(
    "subject.abbreviation_defined",
    r"(?P<long>(?:[A-Z][\w&'’.-]*\s+(?:(?:de|du|des|di|del|der|of|and|for|la|le|&)\s+)?){1,7})"
    r"\((?P<short>[A-Z][A-Za-z&]{1,7})\)",
    examples=("port operator Vastra Hamnar de Lund (VHL) said", "the Norland Reserve Bank (NRB)"), flags=0)
# decisions without a pattern of their own, recorded on the claim (nlp.claims.STRUCTURAL_RULES)
SUBJECT_FORM_RULES = {
    "subject.as_written": "a linked subject is named as the text writes it when the text never writes the "
                          "knowledge base's name, its fullest form [Stoxx 600 index fell 1% -> Stoxx 600]",
    "subject.headline_form": "a headline's figure names its linked subject the way the headline writes it, though "
                             "the body names it in full [ECB cuts deposit rate to 1.75% ... The European Central "
                             "Bank lowered -> ECB]",
}
ABBREVIATION = re.compile(r"[A-Z][A-Z&]{1,6}")
CONNECTORS = frozenset({"de", "du", "des", "di", "del", "der", "of", "and", "for", "la", "le", "&"})
CASHTAG = re.compile(r"^\$(?=[A-Za-z])")
POSSESSIVE_END = re.compile(r"\s*['’]s?$")
# 'Magnificent Seven stocks' is the basket, 'S&P 500 index' the index ('Hang Seng Tech Index' is a name)
GENERIC_TAIL = re.compile(r"\s+(?:[Ss]tocks?|[Ss]hares|index)$")
# what is measured, after the name whose figure it is ('Quillmark EPS beats by $0.02'): the name is the subject
METRIC_TAIL = Rule("subject.metric_tail", r"\s+(?:EPS|EBITDA|EBIT|PAT|PBT|NII|NIM|PT|[Rr]evenues?|[Ss]ales|"
                   r"[Ee]arnings|[Pp]rofits?|[Nn]et income|[Nn]et|[Ss]tock|[Ss]hares)$",
                   examples=("Quillmark EPS", "Orrel Foods revenue", "Harnoor Bank NII"), flags=0)
# a results period after a name ('Lindqvist Paper Q3'): a tag, not part of whose figure it is
SUBJECT_PERIOD_SUFFIX = Rule("subject.period_suffix", r"(?:\s+(?:Q[1-4]|H[12]|FY\d*|9M|adj\.|adjusted))+$",
                             ("Lindqvist Paper Q3", "Harbor Foods FY24 H1", "Harbor Foods Q4 adj."), flags=0)
# marks before a phrase taken as a subject: a bullet or a dash of a list ('- U.S. President', '-Dow'), a comma
LEADING_MARKS = re.compile(r"^[\s,;:*•·–—-]+")
# 'broader Topix', 'the Nasdaq': lower-case words before a name describe it
LEADING_LOWER = re.compile(r"^(?:[a-z][a-z-]*\s+)+(?=[A-Z0-9$])")


@dataclass(frozen=True)
class SubjectName:
    """A claim's subject: ``text`` as the text writes it; ``entity`` and ``kb_id`` the knowledge base's
    canonical name and id (None when the subject is not a linked entity)."""

    text: str | None
    entity: str | None = None
    kb_id: str | None = None
    rules: tuple[str, ...] = ()  # the ids of the rules that changed the stages' name


def _bare(mention_text: str) -> str:
    """A mention's text without leading description, cashtag, possessive or legal suffix ('broader Topix' ->
    'Topix', 'Marlowe & Co' -> 'Marlowe', '$GE' -> 'GE', "Orrel's" -> 'Orrel')."""
    out = POSSESSIVE_END.sub("", CASHTAG.sub("", LEADING_LOWER.sub("", mention_text.strip())))
    return strip_legal(out).strip(" ,") or mention_text.strip()


def written_form(mention_text: str) -> str:
    """A mention's text as a subject: :func:`_bare`, and without a generic head ('Estee Lauder Cos Inc' -> 'Estee
    Lauder', 'Arden Tech stocks' -> 'Arden Tech', 'Arden 40 index' -> 'Arden 40')."""
    bare = _bare(mention_text)
    return GENERIC_TAIL.sub("", bare) or bare


def _spells(short: str, words: list[str]) -> bool:
    """``short`` is the initials of ``words``, with or without their connectors ('ADP': Aeroports de Paris)."""
    if not words or words[0].lower() in CONNECTORS:
        return False
    initials = "".join(w[0] for w in words).upper()
    content = "".join(w[0] for w in words if w.lower() not in CONNECTORS).upper()
    return short.upper() in (initials, content)


def defined_abbreviations(text: str) -> dict[str, tuple[int, int]]:
    """Abbreviations the text defines: 'ADP' -> the span of 'Aeroports de Paris' in 'Aeroports de Paris (ADP)'.
    The long form is the shortest run of words before the parenthesis whose initials spell the abbreviation."""
    out: dict[str, tuple[int, int]] = {}
    for m in DEFINED_ABBREVIATION.regex.finditer(text):
        short, end = m.group("short"), m.start("long") + len(m.group("long").rstrip())
        words = list(re.finditer(r"\S+", text[m.start("long"):end]))
        for i in range(len(words) - 1, -1, -1):
            if _spells(short, [w.group() for w in words[i:]]):
                out.setdefault(short, (m.start("long") + words[i].start(), end))
                break
    return out


def _long_form(short: str, mentions: list[Mention], text: str, defined: dict[str, tuple[int, int]],
               fired: list[str]) -> tuple[str, Mention | None] | None:
    """What an abbreviation stands for in this text: the long form it defines ('Aeroports de Paris (ADP)'), with
    the linked mention that long form is (None when it is not one). An abbreviation that only spells the initials
    of a name written before it ('... Aeroports de Paris ... ADP shares fell') is left alone: that rule fired on
    one dev record and no unlabelled text (docs/benchmarks.md, round 11a)."""
    if not ABBREVIATION.fullmatch(short) or short not in defined:
        return None
    DEFINED_ABBREVIATION.note(fired)
    start, end = defined[short]
    owner = next((m for m in mentions if m.kb_id and m.start < end and start < m.end), None)
    return text[start:end], owner


def _code_word(m: Mention) -> bool:
    """A share's or an index's code written as a word ('IXIC', 'GNRC shares'): linked by it, not a name."""
    return m.link == "ticker" and re.fullmatch(r"[A-Z0-9]{2,6}", m.text) is not None and m.text != m.name


# a feed item's cashtag followed by the company's name: '$MELI - MercadoLibre EPS misses by $0.34', or by its move's
# tag and then the name: '$NVTA (+5.4% pre) Invitae announces ...'
CASHTAG_NAMED = Rule("subject.cashtag_named", r"\s*(?:[-–—:]|\([+-−]?\d[\d.,]*%\s*[A-Za-z]*\))\s*",
                     ("$MELI - MercadoLibre EPS beats", "$NVTA (+5.4% pre) Invitae announces"), flags=0)


def _cashtag_named(subject: str, mentions: list[Mention], text: str, fired: list[str]) -> str:
    """An unlinked cashtag's subject is the name written right after it, when one is ('MELI' -> 'MercadoLibre')."""
    name = _after_cashtag(subject, mentions, text, linked=False)
    if name is None:
        return subject
    CASHTAG_NAMED.note(fired)
    return name.name


def _after_cashtag(subject: str, mentions: list[Mention], text: str, linked: bool) -> Mention | None:
    """The company (or organisation: NER's word for many) mention written right after the cashtag of ``subject``
    ('$MELI - MercadoLibre', "$PLAY - Dave & Buster's"), or None."""
    tag = next((m for m in mentions if m.name == subject and m.text.startswith("$") and bool(m.kb_id) == linked), None)
    sep = CASHTAG_NAMED.regex.match(text, tag.end) if tag is not None else None
    if sep is None:
        return None
    after = next((m for m in mentions if m.start == sep.end() and m.kind in ("company", "organization")), None)
    # after a move's tag the name may be another company's ('$AMTD (+1.3% pre) Charles Schwab to buy TD Ameritrade'):
    # the name must hold the code's letters in order ('Invitae' holds NVTA)
    moved = "(" in sep.group()
    return after if after is not None and (not moved or code_letters_in(tag.text[1:].upper(), after.name)) else None


HEADLINE_BREAK = re.compile(r"\n|\s{2,}")  # a headline's end: a line break or a run of spaces before the body


def headline_end(text: str) -> int | None:
    """Where a text's headline ends: its first line (up to a line break or a run of spaces), when that line does
    not close with a sentence's punctuation; None when the text opens with a plain sentence."""
    brk = HEADLINE_BREAK.search(text)
    end = brk.start() if brk else len(text)
    head = text[:end].rstrip()
    return end if head and not head.endswith((".", "!", "?", '"', "”")) else None


def _headline_form(linked: list[Mention], head_end: int | None, at: int | None) -> str | None:
    """The form a headline writes the entity in, for a figure of that headline (``at``, before ``head_end``): the
    nearest mention before the figure, else the first after it ('ECB cuts deposit rate to 1.75%' is the ECB's
    figure though the body names the European Central Bank; a company's code in brackets is no form of its name)."""
    if head_end is None or at is None or at >= head_end:
        return None
    here = [m for m in linked if m.end <= head_end and m.kind in ("company", "organization", "place")
            and not (_code_word(m) or CASHTAG.match(m.text) or m.text == m.ticker)]
    if not here:
        return None
    before = [m for m in here if m.start < at]
    return written_form(max(before, key=lambda m: m.start).text if before else here[0].text)


def subject_name(subject: str | None, mentions: list[Mention], text: str,
                 defined: dict[str, tuple[int, int]] | None = None,
                 head_end: int | None = None, at: int | None = None) -> SubjectName:
    """The stages' subject (a KB canonical name, a mention's name or a phrase of the text) as the text writes it,
    with the linked entity apart: the canonical name when the text writes it, else the fullest form the text gives
    the entity; an abbreviation the text defines -> its long form (and that form's entity); a commodity's generic
    head ('prices') dropped. ``defined``: :func:`defined_abbreviations` of ``text`` (once per text)."""
    if not subject:
        return SubjectName(subject)
    fired: list[str] = []
    tail = METRIC_TAIL.search(subject)
    head = SUBJECT_PERIOD_SUFFIX.regex.sub("", subject[:tail.start()]) if tail else None  # 'Quillmark Q2 EPS'
    # 'Wipros revenue': a possessive written without its apostrophe (entities.link.possessive-lost)
    named = next((m.name for m in mentions if head in (m.text, m.text + "s")), None) if tail else None
    if named is not None:
        METRIC_TAIL.note(fired)
        subject = named
    subject = _cashtag_named(subject, mentions, text, fired)
    linked = [m for m in mentions if m.kb_id and m.name == subject]
    written, entity, kb_id = subject, None, None
    if linked:
        entity, kb_id = subject, linked[0].kb_id
        # the canonical name written by any mention ('$BA ... - Boeing reports': 'Boeing', not the code)
        if not any(fold(_bare(m.text)) == fold(subject) for m in mentions):
            forms = [written_form(m.text) for m in linked if not _code_word(m)]
            written = max(forms, key=len) if forms else subject  # 'the IXIC' alone: the Nasdaq Composite
            fired.append("subject.as_written")
            after = _after_cashtag(subject, mentions, text, linked=True)
            if after is not None and not after.kb_id:
                written = written_form(after.text)  # '$MELI - MercadoLibre': the name the item writes
                CASHTAG_NAMED.note(fired)
        local = _headline_form(linked, head_end, at)
        if local is not None and fold(local) != fold(written):
            written = local
            fired.append("subject.headline_form")
    long = _long_form(written, mentions, text, defined_abbreviations(text) if defined is None else defined, fired)
    if long is not None:
        written = written_form(long[0])
        if long[1] is not None:
            entity, kb_id = long[1].name, long[1].kb_id
    head = COMMODITY_HEAD.search(written, fired)
    if head:
        written = written[:head.start("head")].rstrip()
    written = LEADING_MARKS.sub("", written)  # a list's bullet ('- U.S. President ...', '-Dow') or a comma
    return SubjectName(written or subject, entity, kb_id, tuple(fired))
