"""Who states a sentence's figures: the source a sentence names ("X said", "according to X", "…: X").

A claim's speaker is the person or organisation the text names as the source of its sentence; a quote's
speaker wins inside the quote (``extract._finish``). Patterns, each general, never one text's:

- ``according to X`` / ``X said|says|told|reported|estimated|forecast|expects|sees|projected …``
  / ``…, said X`` / ``X's Y said`` (the person, not the firm);
- a headline that ends with its source after a colon: ``Nifty likely to test 7,630: Jane Roe`` or
  ``…: Jane Roe, Acme Securities``.

X must be a mention the extractor found (a person, company, organisation, outlet or index provider), so a
pronoun or a bare noun is never a speaker.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from news_sentiment.nlp.records import Mention

SPEAKER_KINDS = frozenset({"person", "company", "organization", "outlet"})
SAY_VERBS = (r"said|says|say|told|tells|reported|reports|estimated|estimates|forecast|forecasts|expects|expected|"
             r"sees|saw|projected|projects|predicted|predicts|wrote|writes|noted|notes|added|warned|warns|"
             r"announced|announces|disclosed|stated|believes|thinks|calculated|showed|shows|reckons|argues|argued")
# between a name and its verb: an instrument code (<SAVE.N>, (NYSE: X)) and/or an apposition (", a strategist at Y,")
_CODE = r"(?:\s*(?:<[^<>\s]{1,15}>|\((?:[A-Z]+\s*:\s*)?[A-Z0-9.]{1,10}\)))?"
_AFTER_NAME = re.compile(rf"^{_CODE}(?:,[^,]{{1,80}},)?\s+(?:also\s+|previously\s+|now\s+)?(?:{SAY_VERBS})\b",
                         re.IGNORECASE)
# a one-line headline closing with its source: "...: Jane Roe" or "...: Jane Roe, Acme Securities"
_TAIL_SOURCE = re.compile(r":\s*(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2})(?:\s*,\s*[A-Z][\w&.\- ]{1,40})?\s*$")
_BEFORE_NAME = re.compile(rf"(?:\b(?:{SAY_VERBS})|\baccording\s+to|\bper)\s+(?:the\s+)?$", re.IGNORECASE)
_HEADLINE_SOURCE = re.compile(r":\s*$")


def sentence_speaker(text: str, start: int, end: int, mentions: Sequence[Mention]) -> str | None:
    """The source the sentence ``text[start:end]`` names for its figures, or None."""
    inside = [m for m in mentions if start <= m.start and m.end <= end and m.kind in SPEAKER_KINDS]
    for m in inside:
        if _BEFORE_NAME.search(text[max(start, m.start - 30):m.start]):
            return _person_of_firm(text, m, inside)
        if _AFTER_NAME.match(text[m.end:min(end, m.end + 90)]):
            return _person_of_firm(text, m, inside)
    return _headline_source(text, start, end, inside)


def _person_of_firm(text: str, m: Mention, inside: Sequence[Mention]) -> str:
    """``Blackstone's Byron Wien says``: the person named right after a firm's possessive speaks."""
    if m.kind != "person":
        nxt = next((p for p in inside if p.kind == "person" and 0 <= p.start - m.end <= 4
                    and text[m.end:p.start].strip() in ("'s", "’s")), None)
        if nxt is not None:
            return nxt.name
    return m.name


def _headline_source(text: str, start: int, end: int, inside: Sequence[Mention]) -> str | None:
    """``…: Jane Roe`` or ``…: Jane Roe, Acme Securities`` closing a one-line headline (a mention there, or
    a capitalised two- or three-word name the model did not tag)."""
    if "\n" in text[start:end]:
        return None
    for m in inside:
        tail = text[m.end:end].strip()
        if _HEADLINE_SOURCE.search(text[start:m.start]) and (not tail or tail.startswith(",")):
            return m.name
    found = _TAIL_SOURCE.search(text[start:end])
    return found.group("name") if found else None
