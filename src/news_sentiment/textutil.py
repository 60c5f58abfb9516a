"""Small text helpers shared by every stage: HTML → text, normalisation, page-furniture stripping."""

from __future__ import annotations

import bisect
import hashlib
import html
import re
import unicodedata

import lxml.html

_WS = re.compile(r"[ \t\f\v\u00a0]+")
_BLANKS = re.compile(r"\n{3,}")
_WORD = re.compile(r"\w+", re.UNICODE)
_BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "section", "article")

# UI glyphs and widget text that only ever appear in page furniture.
_UI_GLYPHS = set("↺↻⟳⟲✕✖×☰⋮⋯▶◀►◄▲▼⇧⇩🔍📧🖨")
_FURNITURE_LINE = re.compile(
    r"^\s*(advertisement|advertising|sponsored( content)?|share( this( article| story)?)?( on \w+)?|"
    r"read more|related( articles| stories)?:?|click here.*|skip to (main )?content|subscribe( now)?|"
    r"sign up for (our|the) .*newsletter.*|follow us on .*|listen to this article.*|print( this)?|"
    r"\d+\s+min(ute)?s? read|copy link|email|tweet|whatsapp|facebook|twitter|linkedin|comments?)\s*\.?\s*$",
    re.IGNORECASE,
)
# Abbreviations after which a period does not end a sentence.
_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "inc", "corp", "co", "ltd", "plc", "llc", "bros",
    "no", "nos", "vs", "v", "etc", "e.g", "i.e", "approx", "est", "dept", "gov", "gen", "sen", "rep",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "u.s", "u.k", "u.n", "e.u", "rs", "mn", "bn", "mln", "bln", "fig", "p.m", "a.m", "ave", "mt",
}
# A sentence break: . ! ? (and closing quotes/brackets), space, then an opening quote, capital, digit or currency.
_BOUNDARY = re.compile(r"([.!?]+[\"'”’)\]]*)(\s+)(?=[\"'“‘(\[]?[A-Z0-9$€£¥])")
# A financial figure: a percentage or basis points, a currency amount, or a decimal or grouped number.
_FIGURE = re.compile(r"\d\s?(%|bps?\b|pts?\b)|[$€£¥]\s?\d|\d[.,]\d|\d+\s?(bn|mn|billion|million|trillion)\b",
                     re.IGNORECASE)
_FONT_WIDGET = re.compile(r"(?:^|\s)[+\-−–]\s.*\b\d{1,2}\s?px\b", re.IGNORECASE)


def html_to_text(markup: str | None) -> str:
    """Plain text from an HTML fragment (block elements become line breaks). Never raises."""
    if not markup:
        return ""
    if "<" not in markup:
        return clean_whitespace(html.unescape(markup))
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except Exception:  # noqa: BLE001 - lxml raises several types on garbage
        return clean_whitespace(html.unescape(re.sub(r"<[^>]+>", " ", markup)))
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    for el in root.iter(*_BLOCK_TAGS):
        el.tail = "\n" + (el.tail or "")
    return clean_whitespace(root.text_content())


def clean_whitespace(text: str) -> str:
    """Collapse runs of spaces, trim each line, keep paragraph breaks."""
    lines = (_WS.sub(" ", line).strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def is_furniture(line: str) -> bool:
    """True for a line of page furniture: share buttons, font-size widgets, 'Advertisement'..."""
    stripped = line.strip()
    if not stripped:
        return False
    if _FURNITURE_LINE.match(stripped) or _FONT_WIDGET.search(stripped):
        return True
    tokens = stripped.split()
    if any(ch in _UI_GLYPHS for ch in stripped) and len(tokens) <= 12:
        return True
    # Short lines made mostly of symbols and numbers, with hardly a word: widget residue, unless the
    # line carries a figure (a percentage, an amount, a level with a name): a market line is content.
    if len(tokens) <= 10 and not re.search(r"[.!?:]$", stripped) and not _FIGURE.search(stripped):
        words = sum(1 for t in tokens if t.isalpha() and len(t) > 2)
        return words / len(tokens) < 0.34
    return False


def strip_furniture(text: str) -> str:
    """Drop furniture lines from extracted article text."""
    return clean_whitespace("\n".join(line for line in text.split("\n") if not is_furniture(line)))


def normalize_for_hash(text: str) -> str:
    """Case-, punctuation- and whitespace-insensitive form used for content hashes and shingles."""
    text = unicodedata.normalize("NFKC", text).lower()
    return " ".join(_WORD.findall(text))


def content_hash(*parts: str) -> str:
    """sha256 of the normalised parts: equal for texts that differ only in case, spacing or punctuation."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(normalize_for_hash(part).encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` in ``text``: a rule-based splitter, no model to load.

    Splits on line breaks and on ``. ! ?`` followed by space and a capital/digit, except after
    common abbreviations (Inc., U.S., Jan., ...) and single initials.
    """
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text or ""):
        base, chunk = para.start(), para.group()
        start = 0
        for m in _BOUNDARY.finditer(chunk):
            before = chunk[start:m.start(1)]
            word = re.search(r"([\w.]+)$", before)
            token = word.group(1).lower() if word else ""
            if m.group(1) == "." and (token in _ABBREV or (len(token) == 1 and token.isalpha())):
                continue
            spans.append((base + start, base + m.end(1)))
            start = m.end()
        spans.append((base + start, base + len(chunk)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


class SentenceIndex:
    """A text's sentences (``split_sentences``; the whole text when it has none) and, by bisection, the one
    holding a position."""

    def __init__(self, text: str) -> None:
        self.spans = split_sentences(text) or [(0, len(text))]
        self._starts = [s for s, _ in self.spans]

    def holding(self, pos: int) -> tuple[int, int]:
        return self.spans[max(0, bisect.bisect_right(self._starts, pos) - 1)]


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` as strings (see ``split_sentences``)."""
    return [text[s:e] for s, e in split_sentences(text)]
