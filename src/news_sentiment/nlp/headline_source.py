"""The source a one-line headline names at its end: 'Nifty may test 7,900: Jane Roe, Quill Securities', 'Orrel to
stay in 800-950 range, says Jane Roe'. One pattern for the three stages that read it: the speaker
(:mod:`attribution`: a person's name there speaks), the modality (:mod:`modality`: a call attributed so is a
forecast) and the subject (:mod:`claim_subjects`: the names there are who speaks, not what the figure is about)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# words after a headline's colon that name no source ('CEO: ...', 'Stocks To Watch', 'Experts say')
NOT_A_SOURCE = r"(?:CEO|CFO|Chairman|Report|Stocks|Key|Experts? say|Sources)\b"
# the lead (':' or ', says'), a capitalised name of up to four words, then up to two comma parts (a firm, a title)
SOURCE_AT_END = (r"(?P<lead>:|,\s*says?)\s+(?!" + NOT_A_SOURCE + r")(?P<name>[A-Z][\w.&-]*(?:['’]s)?"
                 r"(?:\s+[A-Z][\w.&-]*){0,3})(?P<firm>(?:,\s*[\w.&'-]+(?:\s+[\w.&'-]+){0,5}){0,2})\s*$")
_SOURCE_AT_END = re.compile(SOURCE_AT_END)
_PERSON = re.compile(r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2}")  # 'Jane Roe', 'Jane Mary Roe'


@dataclass(frozen=True)
class HeadlineSource:
    """A headline's closing source: ``start`` is where its lead begins in the line searched, ``firm`` the comma
    parts after the name without their first comma ('' when none)."""

    start: int
    name: str
    firm: str
    after_colon: bool

    @property
    def person(self) -> bool:
        """The name has a person's shape: two or three capitalised words ('Jane Roe', not 'Analysts')."""
        return _PERSON.fullmatch(self.name) is not None


def headline_source(line: str) -> HeadlineSource | None:
    """The source closing ``line`` (one sentence or headline), or None."""
    m = _SOURCE_AT_END.search(line)
    if m is None:
        return None
    return HeadlineSource(m.start(), m.group("name"), m.group("firm").lstrip(", ").strip(), m.group("lead") == ":")
