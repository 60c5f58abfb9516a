"""Search text as the user writes it → a safe SQLite FTS5 query (or PostgreSQL tsquery text).

The syntax (documented in ``sentiment articles --help`` and docs/cli.md):

* words are ANDed: ``Hang Seng`` finds articles with both words, anywhere;
* ``"quoted phrase"`` finds the words next to each other, in order;
* ``OR`` and ``NOT`` (upper case; lower-case ``or``/``not`` are ordinary words), ``AND`` optional;
  NOT binds tightest, then AND, then OR: ``Hang Seng NOT Tech`` = Hang and Seng, without Tech;
  ``Nasdaq OR Tesla rally`` = Nasdaq, or Tesla and rally;
* ``( )`` group: ``(Nasdaq OR Tesla) NOT futures``;
* ``word*`` (or ``"phrase"*``) matches by prefix: ``tech*`` finds tech, technology, techs.

Matching is case-insensitive and stemmed (``rally`` finds ``rallies``). Punctuation is not indexed:
``S&P`` searches the words ``S`` ``P`` next to each other, and a lone ``&`` or ``-`` is ignored.

Every word or phrase is emitted quoted, so nothing the user types is ever read as FTS5 syntax (column
filters such as ``title:``, ``NEAR``, ``^``, ``+``): any input either becomes a valid query or raises
:class:`InputError` saying what to change. Queries are capped (:data:`MAX_WORDS`, :data:`MAX_CHARS`,
:data:`MAX_DEPTH`): FTS5's cost grows faster than linearly with the number of terms (measured: 200
repeated words took 15 s on 5,000 articles, see docs/benchmarks.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from news_sentiment.errors import InputError

MAX_WORDS = 32
MAX_CHARS = 500
MAX_DEPTH = 8
HINT = ('Words are ANDed; use "quoted phrases", OR, NOT, ( ) and prefix* , e.g. '
        '--search \'(Nasdaq OR Tesla) NOT futures\' or --search \'"Hang Seng" NOT Tech\'.')


class Kind(Enum):
    WORD = "word"
    PHRASE = "phrase"
    AND = "AND"
    OR = "OR"
    NOT = "NOT"
    OPEN = "("
    CLOSE = ")"


@dataclass(frozen=True)
class Token:
    kind: Kind
    text: str = ""
    prefix: bool = False


@dataclass(frozen=True)
class Term:
    """A word or phrase to match (``prefix``: its last word by prefix)."""

    text: str
    prefix: bool = False


@dataclass(frozen=True)
class Op:
    """AND/OR over two or more operands, or NOT: ``operands[0]`` without each of the others."""

    kind: Kind
    operands: tuple["Node", ...]


Node = Term | Op

_LEX = re.compile(r'\s+|(?P<open>\()|(?P<close>\))|"(?P<phrase>[^"]*)"(?P<star>\*?)|(?P<quote>")|(?P<word>[^\s()"]+)')
_WORDS = re.compile(r"[^\W_]+")  # letters and digits: what the FTS5 tokenizer indexes
_OPERATORS = {"AND": Kind.AND, "OR": Kind.OR, "NOT": Kind.NOT}
_OPERAND_START = (Kind.WORD, Kind.PHRASE, Kind.OPEN)


def _error(message: str) -> InputError:
    return InputError(f"search: {message}", hint=HINT)


def tokenize(text: str) -> list[Token]:
    """Lex the search text. Words and phrases without a letter or digit are dropped (nothing to match);
    NUL is a separator (SQLite would end the query string there)."""
    tokens: list[Token] = []
    for m in _LEX.finditer(text.replace("\x00", " ")):
        if m.group("open"):
            tokens.append(Token(Kind.OPEN))
        elif m.group("close"):
            tokens.append(Token(Kind.CLOSE))
        elif m.group("quote"):
            raise _error(f'a quote at character {m.start() + 1} is never closed')
        elif m.group("phrase") is not None:
            if _WORDS.search(m.group("phrase")):
                tokens.append(Token(Kind.PHRASE, m.group("phrase"), prefix=bool(m.group("star"))))
        elif m.group("word"):
            word = m.group("word")
            if word in _OPERATORS:
                tokens.append(Token(_OPERATORS[word]))
            elif _WORDS.search(word):
                tokens.append(Token(Kind.WORD, word.rstrip("*"), prefix=word.endswith("*")))
    return tokens


def _joined(kind: Kind, operands: list[Node]) -> Node:
    """AND/OR of the operands, each once (``Tesla Tesla`` is ``Tesla``: FTS5 would evaluate it twice)."""
    unique = tuple(dict.fromkeys(operands))
    return unique[0] if len(unique) == 1 else Op(kind, unique)


class _Parser:
    """Recursive descent: or := and (OR and)* ; and := not ([AND] not)* ; not := primary (NOT primary)*."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0

    def peek(self) -> Kind | None:
        return self.tokens[self.pos].kind if self.pos < len(self.tokens) else None

    def _next_is(self, kind: Kind) -> bool:
        return self.pos + 1 < len(self.tokens) and self.tokens[self.pos + 1].kind is kind

    def parse(self) -> Node:
        node = self.or_()
        if self.peek() is Kind.CLOSE:
            raise _error('a ")" has no matching "("')
        return node

    def or_(self) -> Node:
        operands = [self.and_()]
        while self.peek() is Kind.OR:
            self.pos += 1
            operands.append(self.and_(after=Kind.OR))
        return _joined(Kind.OR, operands)

    def and_(self, after: Kind | None = None) -> Node:
        operands = [self.not_(after)]
        while self.peek() in (Kind.AND, *_OPERAND_START):
            if self.peek() is Kind.AND:
                self.pos += 1
                operands.append(self.not_(Kind.AND))
            else:
                operands.append(self.not_())
        return _joined(Kind.AND, operands)

    def not_(self, after: Kind | None = None) -> Node:
        operands = [self.primary(after)]
        while self.peek() is Kind.NOT or (self.peek() is Kind.AND and self._next_is(Kind.NOT)):
            self.pos += 1 if self.peek() is Kind.NOT else 2  # "a AND NOT b" is "a NOT b"
            operands.append(self.primary(Kind.NOT))
        return operands[0] if len(operands) == 1 else Op(Kind.NOT, tuple(operands))

    def primary(self, after: Kind | None) -> Node:
        kind = self.peek()
        if kind in (Kind.WORD, Kind.PHRASE):
            token = self.tokens[self.pos]
            self.pos += 1
            return Term(token.text, token.prefix)
        if kind is Kind.OPEN:
            return self.group()
        if kind is Kind.NOT and after is None:
            raise _error("NOT excludes from what comes before it: start with what to find, as in Hang Seng NOT Tech")
        where = f"after {after.value}" if after else "at the start"
        found = "the end" if kind is None else kind.value
        raise _error(f"expected a word, phrase or ( {where}, found {found}")

    def group(self) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _error(f"parentheses nest deeper than {MAX_DEPTH}")
        self.pos += 1
        if self.peek() is Kind.CLOSE:
            raise _error("( ) has nothing inside to search for")
        node = self.or_()
        if self.peek() is not Kind.CLOSE:
            raise _error('a "(" is never closed')
        self.pos += 1
        self.depth -= 1
        return node


def _quote(term: Term) -> str:
    return '"' + term.text.replace('"', '""') + '"' + ("*" if term.prefix else "")


def to_fts5(node: Node) -> str:
    """The FTS5 query for a parsed search: every term quoted, every compound operand parenthesised."""
    if isinstance(node, Term):
        return _quote(node)
    parts = [to_fts5(o) if isinstance(o, Term) else f"({to_fts5(o)})" for o in node.operands]
    return f" {node.kind.value} ".join(parts)


def _lexemes(term: Term) -> str:
    """A word or phrase as tsquery text: letters and digits only (nothing else reaches the query), words of a
    phrase adjacent (``<->``), the last one by prefix (``:*``) when asked."""
    words = [f"'{w.lower()}'" for w in _WORDS.findall(term.text)]
    if term.prefix:
        words[-1] += ":*"
    return " <-> ".join(words) if len(words) > 1 else words[0]


def to_tsquery(node: Node) -> str:
    """The PostgreSQL ``to_tsquery`` text for a parsed search, with FTS5's meaning (``a NOT b`` = ``a & !b``)."""
    if isinstance(node, Term):
        return _lexemes(node)
    parts = [f"({to_tsquery(o)})" for o in node.operands]
    if node.kind is Kind.NOT:
        return " & ".join([parts[0], *(f"!{p}" for p in parts[1:])])
    return (" | " if node.kind is Kind.OR else " & ").join(parts)


def tsquery_text(text: str) -> str:
    """User search text → a safe ``to_tsquery('sentiment_english', …)`` argument (:func:`fts5_query`'s syntax)."""
    return to_tsquery(parse_search(text))


def parse_search(text: str) -> Node:
    """Parse user search text, enforcing the caps; raises :class:`InputError` with a hint."""
    if len(text) > MAX_CHARS:
        raise _error(f"the search is {len(text)} characters long; at most {MAX_CHARS} are allowed")
    tokens = tokenize(text)
    words = sum(len(_WORDS.findall(t.text)) for t in tokens)
    if words > MAX_WORDS:
        raise _error(f"the search has {words} words; at most {MAX_WORDS} are allowed")
    if not any(t.kind in (Kind.WORD, Kind.PHRASE) for t in tokens):
        raise _error(f"nothing to search for in {text!r} (no letters or digits)")
    return _Parser(tokens).parse()


def fts5_query(text: str) -> str:
    """User search text → a safe FTS5 MATCH expression (see the module docstring for the syntax)."""
    return to_fts5(parse_search(text))
