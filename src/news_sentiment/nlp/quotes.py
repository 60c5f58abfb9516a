"""Quoted speech and the people quoted: speaker, title, firm, text; strategists named with a role."""

from __future__ import annotations

import bisect
import re

from news_sentiment.nlp.kb import KnowledgeBase, strip_legal
from news_sentiment.nlp.records import Mention, Quote, Strategist

ROLE_WORDS = (r"strategists?|analysts?|economists?|director|managers?|officer|head|chief|president|partner|chair(?:man|woman)?|"
              r"CEO|CIO|CFO|COO|founder|co-founder|adviser|advisor|specialist|trader|researcher|"
              r"executive|vice president|VP|principal|fellow|professor|investment officer|portfolio manager|"
              r"fund manager|strategy|research|economist")
_ROLE_RE = re.compile(r"\b(?:" + ROLE_WORDS + r")\b", re.IGNORECASE)
_NAME = r"[A-Z][a-zA-Z'’.-]+(?:\s+(?:[A-Z][a-zA-Z'’.-]+|van|von|de|da|del|der|bin|al-?)){1,3}"
_FIRM = r"[A-Z][\w&'’.-]*(?:\s+(?:[A-Z][\w&'’.-]*|&|of|de|du|la|and)){0,5}"
_SAY = r"(?:said|says|added|adds|wrote|writes|noted|notes|told|explained|argued|warned|commented|according to)"
# a title may carry capitalised words: 'chief China economist', 'Chief Investment Officer', 'head of Asia equity
# strategy', 'Senior Vice President'; the role word itself in any case
_TITLE = (r"(?:(?:an?|the)\s+)?(?P<title>(?:[A-Za-z][\w&-]*\s+){0,5}?(?i:" + ROLE_WORDS + r")"
          r"(?:\s+(?:of|for)\s+[\w][\w\s&-]{0,40}?)?)")
_AT_FIRM = r"\s+(?:at|of|with|for|from)\s+(?P<firm>" + _FIRM + r")"
_APPOS = re.compile(r"(?P<name>" + _NAME + r")\s*,\s*" + _TITLE + _AT_FIRM)
_FIRM_TITLE_NAME = re.compile(r"(?P<firm>" + _FIRM + r")(?:'s|’s)?\s+(?P<title>(?:[a-z][\w-]*\s+){0,3}?(?:"
                              + ROLE_WORDS + r"))\s+(?P<name>" + _NAME + r")")
_STOP = r"(?!(?:by|of|a|an|the|to|from|at|in|on|for|with|and|note|report|said|says)\b)"
_LED_BY = re.compile(r"\b(?P<title>(?:" + _STOP + r"[a-z][\w-]*\s+){0,2}?(?i:strategists|analysts|economists|researchers))"
                     r"(?:\s+(?:at|of|from|with)\s+(?P<firm>" + _FIRM + r"))?\s*(?:,\s*)?(?:led by|including|such as)\s+"
                     r"(?P<name>" + _NAME + r")(?:\s+(?:at|of|from)\s+(?P<firm2>" + _FIRM + r"))?")
_AFTER_SAID_FIRM_TITLE_NAME = re.compile(r"^\s*,?\s*" + _SAY + r"\s+(?P<firm>" + _FIRM + r")(?:'s|’s)?\s+(?P<title>"
                                         r"(?:[a-z][\w-]*\s+){0,3}?(?:" + ROLE_WORDS + r"))\s+(?P<name>" + _NAME + r")")
_FIRM_POSS_NAME_TITLE = re.compile(r"(?P<firm>" + _FIRM + r")['’]s\s+(?P<name>" + _NAME + r")\s*,\s*(?:the|a|an)\s+"
                                   r"(?:(?:bank|firm|company|group|fund|broker|lender|house|manager)['’]s\s+)?"
                                   r"(?P<title>(?:[\w-]+\s+){0,4}(?:" + ROLE_WORDS + r"))\b")
_QUOTE_RE = re.compile(r"“(?P<a>[^”]{2,3000}?)”|\"(?P<b>[^\"]{2,3000}?)\"|``\s*(?P<c>.{2,3000}?)\s*''", re.DOTALL)
_AFTER_SAID_NAME = re.compile(r"^\s*,?\s*" + _SAY + r"\s+(?P<name>" + _NAME + r")(?:\s*,\s*" + _TITLE + _AT_FIRM + r")?")
_AFTER_NAME_SAID = re.compile(r"^\s*,?\s*(?P<name>" + _NAME + r")(?:\s*,\s*" + _TITLE + _AT_FIRM + r"\s*,)?\s+" + _SAY)
# '..." said analysts at Quill Sachs in a note': a firm's analysts speak as the firm (no one of them is named)
_AFTER_SAID_GROUP = re.compile(r"^\s*,?\s*" + _SAY + r"\s+(?P<title>(?:[a-z][\w-]*\s+)?(?:analysts|economists|"
                               r"strategists))\s+(?:at|of|from|with)\s+(?P<firm>" + _FIRM + r")")
_BEFORE = re.compile(r"(?P<name>" + _NAME + r")(?:\s*,\s*" + _TITLE + _AT_FIRM + r"\s*,)?\s+" + _SAY + r"\s*:?\s*$")
_PRONOUN_SAID = re.compile(r"^\s*,?\s*(?:he|she|they)\s+" + _SAY + r"|^\s*,?\s*" + _SAY + r"\s+(?:he|she)\b")


def _singular(title: str) -> str:
    t = title.strip()
    title_case = all(w[:1].isupper() for w in t.split() if w.lower() not in ("of", "for", "and", "at", "the", "&"))
    if t[:1].isupper() and _ROLE_RE.match(t) and not t.isupper() and not (title_case and len(t.split()) > 1):
        t = t[0].lower() + t[1:]  # 'Analysts at Citigroup' at a sentence start
    return re.sub(r"(strategist|analyst|economist|researcher|manager)s\b", r"\1", t)


def _clean_firm(firm: str | None, kb: KnowledgeBase | None, *, tail: bool = False) -> str | None:
    """Canonical firm name. ``tail``: the firm stands before a name, so keep the part after a sentence end."""
    if not firm:
        return None
    parts = re.split(r"\.\s|\n|[,;:]", firm)
    firm = parts[-1] if tail else parts[0]
    firm = re.sub(r"[\s,.]+$", "", firm)
    firm = re.sub(r"\s+(?:and|said|says|in|on|who|which)$", "", firm)
    if kb is not None:
        ent = kb.lookup(firm)
        if ent:
            return ent.name
        from news_sentiment.nlp.entities import link_name

        ent, _ = link_name(kb, firm)
        if ent:
            return ent.name
    return strip_legal(firm)


class _MentionIndex:
    """Look-ups over a text's mentions that stay cheap on long texts (the mention list is scanned once).

    Mentions come in text order; where that holds (starts and ends non-decreasing) searches bisect,
    otherwise they scan, with the same answers either way."""

    _ORG_KINDS = ("organization", "company", "outlet")

    def __init__(self, mentions: list[Mention]) -> None:
        self.org_texts = {m.text for m in mentions if m.kind in self._ORG_KINDS}
        self.persons = [m for m in mentions if m.kind == "person"]
        self.orgs = [m for m in mentions if m.kind == "organization"]
        self.person_ends = [m.end for m in self.persons]
        self.org_ends = [m.end for m in self.orgs]
        self.sorted = all(_ordered(ms) for ms in (self.persons, self.orgs))

    def is_org(self, kb: KnowledgeBase | None, name: str) -> bool:
        if kb is not None and (ent := kb.lookup(name)) is not None and ent.kind != "person":
            return True
        return name in self.org_texts

    def person_at(self, start: int, end: int) -> str | None:
        """The first person mention overlapping [start, end)."""
        if not self.sorted:
            return next((m.name for m in self.persons if m.start < end and m.end > start), None)
        i = bisect.bisect_right(self.person_ends, start)
        return self.persons[i].name if i < len(self.persons) and self.persons[i].start < end else None

    def last_org_before(self, pos: int) -> str | None:
        """The last organisation mention ending at or before ``pos``."""
        if not self.sorted:
            orgs = [m for m in self.orgs if m.end <= pos]
            return orgs[-1].name if orgs else None
        i = bisect.bisect_right(self.org_ends, pos)
        return self.orgs[i - 1].name if i else None


def _ordered(ms: list[Mention]) -> bool:
    return all(a.start <= b.start and a.end <= b.end for a, b in zip(ms, ms[1:]))


class _Roles:
    """People named with a title and firm, in first-mention order; later mentions fill missing fields only."""

    def __init__(self, index: _MentionIndex) -> None:
        self.index = index
        self.roles: dict[str, tuple[str | None, str | None]] = {}  # person -> (title, firm)
        self.order: list[str] = []

    def canon(self, name: str, start: int, end: int) -> str:
        return self.index.person_at(start, end) or name

    def note(self, name: str, title: str | None, firm: str | None) -> None:
        name = name.strip()
        if not name:
            return
        if name not in self.roles:
            self.order.append(name)
            self.roles[name] = (title, firm)
        else:
            t0, f0 = self.roles[name]
            self.roles[name] = (t0 or title, f0 or firm)

    def note_match(self, m: re.Match[str], title: str | None, firm: str | None) -> None:
        self.note(self.canon(m.group("name"), m.start("name"), m.end("name")), title, firm)

    def strategists(self) -> list[Strategist]:
        return [Strategist(name=n, title=self.roles[n][0], firm=self.roles[n][1]) for n in self.order
                if self.roles[n][0]]


def _collect_roles(text: str, roles: _Roles, kb: KnowledgeBase | None) -> None:
    """Titles and firms from appositions, 'Firm strategist Name', 'Firm's Name, the …' and 'led by'."""
    for m in _APPOS.finditer(text):
        if _ROLE_RE.search(m.group("title")):
            roles.note_match(m, _singular(m.group("title")), _clean_firm(m.group("firm"), kb))
    for m in _FIRM_TITLE_NAME.finditer(text):
        firm = _clean_firm(m.group("firm"), kb, tail=True)
        if kb is not None and firm is not None and kb.lookup(firm) is None:
            continue  # only known firms in this looser pattern
        roles.note_match(m, _singular(m.group("title")), firm)
    for m in _FIRM_POSS_NAME_TITLE.finditer(text):
        roles.note_match(m, _singular(m.group("title")), _clean_firm(m.group("firm"), kb, tail=True))
    for m in _LED_BY.finditer(text):
        firm = m.group("firm") or m.group("firm2")
        firm = _clean_firm(firm, kb) if firm else roles.index.last_org_before(m.start())
        roles.note_match(m, _singular(m.group("title")), firm)


def _named_speaker(text: str, m: re.Match[str], roles: _Roles, kb: KnowledgeBase | None
                   ) -> tuple[str | None, str | None, str | None]:
    """(speaker, title, firm) named right after the quote ('…,” said X') or right before it ('X said: “…')."""
    after = text[m.end():m.end() + 200]
    for rx in (_AFTER_SAID_FIRM_TITLE_NAME, _AFTER_SAID_NAME, _AFTER_NAME_SAID):
        a = rx.match(after)
        if not a:
            continue
        if roles.index.is_org(kb, a.group("name")):
            continue  # 'said Goldman Sachs strategist ...' is not a person named Goldman Sachs
        speaker = roles.canon(a.group("name"), m.end() + a.start("name"), m.end() + a.end("name"))
        if a.groupdict().get("title"):
            return (speaker, _singular(a.group("title")),
                    _clean_firm(a.group("firm"), kb, tail=rx is _AFTER_SAID_FIRM_TITLE_NAME))
        return speaker, None, None
    group = _AFTER_SAID_GROUP.match(after)
    if group:
        firm = _clean_firm(group.group("firm"), kb, tail=True)
        return (firm, _singular(group.group("title")), firm) if firm else (None, None, None)
    before = text[max(0, m.start() - 200):m.start()]
    b = _BEFORE.search(before)
    if not b:
        return None, None, None
    off = m.start() - len(before)
    speaker = roles.canon(b.group("name"), off + b.start("name"), off + b.end("name"))
    if b.groupdict().get("title"):
        return speaker, _singular(b.group("title")), _clean_firm(b.group("firm"), kb)
    return speaker, None, None


def _quotes(text: str, roles: _Roles, kb: KnowledgeBase | None) -> list[Quote]:
    """Quotes of four words or more, each with its speaker: named beside it, else the previous speaker when
    the quote follows within 400 characters or is followed by 'he/she/they said'."""
    quotes: list[Quote] = []
    last_speaker: str | None = None
    last_end = -10_000
    for m in _QUOTE_RE.finditer(text):
        key = "a" if m.group("a") is not None else "b" if m.group("b") is not None else "c"
        qs = m.start(key)
        body = re.sub(r"[,\s]+$", "", text[qs:m.end(key)].rstrip())
        if len(body.split()) < 4:  # scare quotes: “7 titans”, “uninvestable”
            continue
        speaker, title, firm = _named_speaker(text, m, roles, kb)
        if speaker is None and last_speaker and (m.start() - last_end < 400
                                                 or _PRONOUN_SAID.match(text[m.end():m.end() + 200])):
            speaker = last_speaker
        if speaker:
            if (title or firm) and speaker != firm:  # a firm's analysts as a group are no strategist of their own
                roles.note(speaker, title, firm)
            t0, f0 = roles.roles.get(speaker, (None, None))
            title, firm = title or t0, firm or f0
            last_speaker, last_end = speaker, m.end()
        quotes.append(Quote(speaker=speaker, title=title, firm=firm, text=body, start=qs, end=qs + len(body)))
    return quotes


def extract_people(text: str, mentions: list[Mention], kb: KnowledgeBase | None = None
                   ) -> tuple[list[Quote], list[Strategist]]:
    """Quotes (in text order) and the strategists/analysts named with a title and firm."""
    roles = _Roles(_MentionIndex(mentions))
    _collect_roles(text, roles, kb)
    quotes = _quotes(text, roles, kb)
    return quotes, roles.strategists()
