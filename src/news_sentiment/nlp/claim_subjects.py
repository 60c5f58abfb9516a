"""What a number is about: the subject of a claim.

:class:`SubjectResolver` walks spaCy's dependency parse from the number to the noun phrase it measures, helped by
the linked entity mentions and a little coreference ('its', 'the gauge', 'the basket', 'the company');
:func:`cut_verb_phrase` and :func:`macro_subject` tidy the name it finds.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from news_sentiment.nlp.claim_rules import MONTHS, MOVE_NOUN_AFTER, MOVE_VERB
from news_sentiment.nlp.numbers import NumExpr
from news_sentiment.nlp.records import Mention

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token


# ----------------------------------------------------------------------------- vocabularies
KIND_PRIORITY = {"basket": 0, "index": 1, "company": 2, "commodity": 2, "product": 3, "organization": 4,
                 "outlet": 9, "person": 8, "place": 7}
SUBJECT_KINDS = {"basket", "index", "company", "commodity", "organization", "product", "place"}
ABSTRACT_HEADS = {
    "profit", "profits", "price", "sales", "revenue", "revenues", "volume", "output", "negotiations", "talks", "deal",
    "sale", "result", "results", "loss", "losses", "figure", "number", "amount", "value", "total", "share", "stake",
    "rate", "turnover", "income", "earnings", "ebit", "ebitda", "margin", "dividend", "cost", "costs", "savings",
    "holdings", "orders", "order", "delivery", "deliveries", "return", "returns", "gain", "gains", "rally", "drop",
    "decline", "increase", "rise", "investment", "investments", "capital", "transaction", "transactions", "market",
    "that", "this", "which", "what", "there", "acquisition", "consideration", "payment", "production",
    "contract", "agreement", "net", "eps", "growth", "demand", "capacity", "expenditure", "budget", "level",
    "valuation", "valuations", "discount", "premium", "move", "advance", "selloff", "slump", "range", "performance",
}
COREF_NOUNS = {"scrip": None, "share": None, "gauge": "index", "index": "index", "benchmark": "index", "measure": "index", "basket": "basket",
               "cohort": "basket", "group": None, "company": None, "firm": None, "lender": None, "bank": None,
               "carmaker": None, "automaker": None, "chipmaker": None, "insurer": None, "retailer": None,
               "brewery": None, "stock": None, "shares": None, "indexes": "index"}
TIME_WORDS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december", "quarter", "year", "month", "week", "day", "period", "half", "time", "today",
              "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "session"}
PRONOUNS = {"it", "its", "they", "their", "them", "itself"}


SMALL_CLAUSE = re.compile(
    r"(?:\s*['’]s)?(?:\s+(?:shares|stock|stocks|ADRs|index|gauge))?\s*,?\s+(?:(?:is|are|was|were|has been|have been|"
    r"now|still|already|closed|ended|finished|trading|traded)\s+)*(?:up|down|higher|lower|off|rising|falling|gaining|"
    r"losing|climbing|sliding|dropping|jumping|surging|rallying|advancing|declining|sinking|tumbling|slumping|"
    r"soaring|plunging)\s+(?:by\s+)?(?:(?:about|around|roughly|nearly|almost|more than|over|less than|some|"
    r"just over|just under|as much as|at least)\s+)?", re.IGNORECASE)
SUBORDINATORS = {"as", "because", "after", "while", "since", "when", "amid", "though", "although", "whereas"}
# a capital named for its government ('Beijing sets growth target') stands for the country in macro figures
CAPITAL_COUNTRY = {"Beijing": "China", "Washington": "United States", "Tokyo": "Japan", "New Delhi": "India",
                   "Delhi": "India", "Berlin": "Germany", "Paris": "France", "London": "United Kingdom",
                   "Moscow": "Russia", "Ottawa": "Canada", "Seoul": "South Korea", "Taipei": "Taiwan",
                   "Brussels": "Euro zone", "Canberra": "Australia", "Brasilia": "Brazil", "Rome": "Italy",
                   "Madrid": "Spain", "Ankara": "Turkey", "Jakarta": "Indonesia", "Hanoi": "Vietnam"}
DEMONYMS = {"chinese": "China", "american": "United States", "us": "United States", "u.s.": "United States",
            "japanese": "Japan", "indian": "India", "german": "Germany", "french": "France", "british": "United Kingdom",
            "uk": "United Kingdom", "korean": "South Korea", "european": "Euro zone", "euro-zone": "Euro zone",
            "eurozone": "Euro zone", "canadian": "Canada", "australian": "Australia", "brazilian": "Brazil",
            "russian": "Russia", "swiss": "Switzerland", "italian": "Italy", "spanish": "Spain",
            "taiwanese": "Taiwan", "mexican": "Mexico"}
# verbs that end a noun phrase in a subject ('Beijing pledges support', 'Beijing Sets'): cut the name there
SUBJECT_VERB = re.compile(
    r"(?:sets?|pledges?|keeps?|holds?|signals?|says?|sees?|eyes|plans?|vows?|warns?|unveils?|launches|reports|"
    r"posts|beats|misses|hits|nears|cuts|raises|hikes|lifts|boosts|targets|expects|forecasts|predicts|slashes|"
    r"trims|lowers|announces|approves|rejects|agrees|buys|sells|acquires|invests|jumps|falls|rises|gains|drops|"
    r"slumps|surges|soars|tumbles|rallies|climbs|sinks|slides|dips|edges|rebounds|recovers|retreats|"
    r"considers|mulls|weighs|seeks|wins|loses|faces|sends|steps|ramps|pushes|imposes|threatens|is|are|was|were|"
    r"has|have|had|will|would|could|may|might|should|can)", re.IGNORECASE)


@dataclass
class _State:
    """Coreference memory across sentences of one text."""

    last_subject: str | None = None
    last_kind: str | None = None
    by_noun: dict[str, str] = field(default_factory=dict)  # 'basket' -> '7 titans'
    last_period: str | None = None


class SubjectResolver:
    """Finds what a number is about from the dependency parse, the mentions and the coreference memory."""

    def __init__(self, doc: Doc, mentions: list[Mention]):
        self.doc = doc
        self.mentions = [m for m in mentions if m.kind in SUBJECT_KINDS]
        self.all_mentions = sorted(mentions, key=lambda m: m.start)
        self.mentions.sort(key=lambda m: m.start)
        self._starts = [m.start for m in self.mentions]
        self._all_starts = [m.start for m in self.all_mentions]
        self.sent_start = 0
        self.text = doc.text  # Doc.text rebuilds the string on every access
        self.current: NumExpr | None = None
        self.state = _State()

    # -- helpers
    def _in_m(self, start: int, end: int) -> list[Mention]:
        """Subject-kind mentions inside [start, end) (binary search: texts can be long)."""
        lo, hi = bisect_left(self._starts, start), bisect_left(self._starts, end)
        return [m for m in self.mentions[lo:hi] if m.end <= end]

    def _in_all(self, start: int, end: int) -> list[Mention]:
        lo, hi = bisect_left(self._all_starts, start), bisect_left(self._all_starts, end)
        return [m for m in self.all_mentions[lo:hi] if m.end <= end]

    def _ent_in(self, start: int, end: int, prefer: str | None = None) -> Mention | None:
        cands = self._in_m(start, end)
        cands = [m for m in cands if m.kind != "place" or prefer == "place"]
        if not cands:
            return None
        if prefer:
            pref = [m for m in cands if m.kind == prefer]
            if pref:
                return pref[0]
        return sorted(cands, key=lambda m: (KIND_PRIORITY.get(m.kind, 5), m.start))[0]

    def _coref(self, word: str, before: int) -> str | None:
        w = word.lower()
        if w in PRONOUNS:
            # 'Acme Oyj said its net sales fell': the entity named earlier in the same sentence
            same = [m for m in self._in_m(self.sent_start, before)
                    if m.kind in ("company", "organization", "index", "basket", "commodity")]
            if same:
                return same[0].name
            places = [m for m in self._in_m(self.sent_start, before) if m.kind == "place"]
            if places and w == "it" and re.search(r"\b(?:said|says|announced|plans?|would|will|vowed|pledged)\b",
                                                 self.text[places[0].end:before]):
                return _place_name(places[0].name)  # 'Canada said it would impose tariffs'
            if self.state.last_subject:
                return self.state.last_subject
            prev = [m for m in self._in_m(0, before)
                    if m.end <= before and m.kind in ("company", "index", "basket", "commodity", "organization")]
            return prev[-1].name if prev else "the company"
        if w in COREF_NOUNS:
            if w in self.state.by_noun:
                return self.state.by_noun[w]
            kind = COREF_NOUNS[w]
            prev = [m for m in self._in_m(0, before) if m.end <= before and (m.kind == kind if kind else m.kind in ("company", "organization"))]
            if prev:
                return prev[-1].name
            return "the company" if w in ("company", "group", "firm") else None
        return None

    def _np_subject(self, noun: Token, depth: int = 0) -> tuple[str | None, str | None]:
        """Name for the noun phrase headed by ``noun``: (name, kind)."""
        if depth > 4:
            return None, None
        sub = list(noun.subtree)
        start, end = sub[0].idx, sub[-1].idx + len(sub[-1])
        low = noun.lower_
        if self.current is not None and (start <= self.current.num_start < noun.idx + len(noun) or any(
                t.like_num and any(ch.isdigit() for ch in t.text) for t in noun.lefts)) and not self._in_m(
                start, end) and not any(c.dep_ == "poss" for c in noun.children):
            if not (low in ABSTRACT_HEADS or MOVE_NOUN_AFTER.match(" " + noun.text)):
                return None, None  # '60 people being laid off', 'Some 3.8 mln euro': the figure itself
        # 'the basket', 'the gauge', 'it'
        if low in PRONOUNS:
            return self._coref(low, noun.idx), self.state.last_kind
        has_det = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in noun.children)
        ent = None
        bare_stock = low in ("stock", "scrip", "shares", "share") and len(sub) == 1
        if low in COREF_NOUNS and (has_det or bare_stock) and not self._in_m(start, end):
            name = self._coref(low, noun.idx)
            if name:
                return name, COREF_NOUNS.get(low)
        # the head noun is itself (in) a named entity: "The People's Bank of China", "Japan's Nikkei 225"
        covering = [m for m in self._in_m(start, end) if m.start <= noun.idx < m.end and m.kind != "place"]
        if covering:
            return covering[0].name, covering[0].kind
        # possessive: "Ramirent 's net sales", "its five-year return", "Nasdaq 100's rally"
        for c in noun.children:
            if c.dep_ == "poss":
                if c.lower_ in PRONOUNS:
                    return self._coref(c.lower_, c.idx), self.state.last_kind
                pe = self._ent_in(c.left_edge.idx, c.idx + len(c))
                if pe:
                    return pe.name, pe.kind
                if c.pos_ == "PROPN":
                    return self.doc[c.left_edge.i:c.i + 1].text, None
        # 'the aggregate holdings of X', 'rise in X', 'delivery volume of paper businesses'
        if low in ABSTRACT_HEADS or noun.pos_ == "NUM":
            for c in noun.children:
                if c.dep_ == "prep" and c.lower_ in ("of", "in", "for", "at"):
                    for p in c.children:
                        if p.dep_ == "pobj" and p.lower_ not in TIME_WORDS and not p.like_num:
                            name, kind = self._np_subject(p, depth + 1)
                            if name:
                                return name, kind
            ent = self._ent_in(start, noun.idx + len(noun))
            if ent:
                return ent.name, ent.kind
            # 'NHPC Q3 net profit': a proper-noun modifier names the company
            chunk: list[Token] = []
            for t in self.doc[noun.left_edge.i:noun.i]:
                if t.pos_ == "PROPN" and not re.fullmatch(r"(?:Q[1-4]|H[12]|FY\S*|9M|" + MONTHS + r")", t.text):
                    chunk.append(t)
                elif chunk:
                    break
            if chunk:
                return self.doc[chunk[0].i:chunk[-1].i + 1].text, None
            return None, None
        prefer = "basket" if low in ("basket", "cohort") else "index" if low in ("index", "gauge", "benchmark") else None
        ent = self._ent_in(start, end, prefer)
        if ent:
            return ent.name, ent.kind
        if low in ("company", "group", "firm") and has_det:
            return self._coref(low, noun.idx), None
        # a plain noun phrase: 'the Swedish subsidiary', 'UK operation', 'the contracts', 'Chinese tech megacaps'
        toks = [t for t in noun.lefts if t.dep_ in ("amod", "compound", "nmod", "det", "nummod", "poss")]
        left = min([t.left_edge.i for t in toks] + [noun.i])
        span = self.doc[left:noun.i + 1]
        txt = re.sub(r"(?:\s+(?:Q[1-4]|H[12]|FY\d*|9M))+$", "", span.text.strip())
        if noun.pos_ == "PRON" or not re.search(r"[A-Za-z]", txt) or low in TIME_WORDS or \
                (low.endswith("s") and low[:-1] in TIME_WORDS):
            return None, None
        return txt, None

    def resolve(self, x: NumExpr, sent: Span) -> tuple[str | None, str | None]:
        doc = self.doc
        self.sent_start = sent.start_char
        self.current = x
        # 'raised their target for the Hang Seng Index to 25,000': the figure is about the index
        window_start = max(sent.start_char, x.start - 90)
        tm = None
        for tm in re.finditer(r"\b(?:targets?|forecasts?|estimates?|outlook|projections?|guidance)\s+(?:for|on)\s+",
                              self.text[window_start:x.start], re.IGNORECASE):
            pass
        if tm is not None:
            after_for = window_start + tm.end()
            for m in self._in_m(after_for, x.start):
                if re.fullmatch(r"\s*(?:to|at|of|is|was|at about|to about|from)?\s*(?:[\w.]+\s+){0,2}",
                                self.text[m.end:x.start]):
                    return m.name, m.kind
        # 'Citigroup sees Sensex at 35,000', 'Nifty near 8,100', 'Brent steady above $108'
        for m in self._in_m(max(sent.start_char, x.start - 40), x.start):
            if m.kind in ("index", "commodity", "company", "basket") and re.fullmatch(
                    r"\s+(?:(?:steady|stays?|seen|trades?|trading|ends?|closes?|closed|ended|is|was)\s+)?"
                    r"(?:at|near|around|above|below|over|under)\s+(?:about\s+|around\s+)?", self.text[m.end:x.start]):
                return m.name, m.kind
        # small clauses: 'with the Hang Seng Tech Index up more than 12%', 'sending Nvidia down 17%',
        # 'SMIC shares up 6%': the name right before 'up/down N%' is what moved, whatever verb follows
        for m in reversed(self._in_m(max(sent.start_char, x.start - 70), x.start)):
            if m.kind != "place" and SMALL_CLAUSE.fullmatch(self.text[m.end:x.start]):
                return m.name, m.kind
            break
        # "the Nasdaq 100's more than 130% rally"
        window = self._in_m(max(sent.start_char, x.start - 80), x.start)
        for m in window:
            gap = self.text[m.end:x.start]
            if re.fullmatch(r"\s?['’]s\s+(?:[\w-]+\s+){0,3}", gap) and not any(o.start >= m.end for o in window):
                # not "Japan's Nikkei 225 slid 1.8%": there the index is named after the possessor
                return m.name, m.kind
        span = doc.char_span(x.num_start, x.num_end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return self._fallback(x, sent)
        tok = span[-1]
        seen = 0
        cur = tok
        # walk up: number -> noun it measures -> verb -> subject
        while seen < 12:
            seen += 1
            head = cur.head
            if cur.dep_ == "poss":
                break
            if cur.pos_ in ("NOUN", "PROPN") and cur is not tok:
                # the figure's own noun: possessive or 'rally in X' / 'drop in an index of X'
                for c in cur.children:
                    if c.dep_ == "poss":
                        name, kind = self._np_subject(cur)
                        if name:
                            return name, kind
                for c in cur.children if MOVE_NOUN_AFTER.match(" " + cur.text) else ():
                    if c.dep_ == "prep" and c.lower_ in ("in", "of") and c.i > tok.i:
                        for p in c.children:
                            if p.dep_ == "pobj":
                                ent = self._ent_in(p.left_edge.idx, p.right_edge.idx + len(p.right_edge))
                                if ent:
                                    return ent.name, ent.kind
                                if cur.dep_ in ("nsubj", "nsubjpass") and MOVE_VERB.fullmatch(cur.text):
                                    name, kind = self._np_subject(p)
                                    if name:
                                        return name, kind
                if cur.dep_ in ("nsubj", "nsubjpass"):
                    name, kind = self._np_subject(cur)
                    if name:
                        return name, kind
                    break
                if cur.dep_ in ("acl", "relcl"):
                    pass
            if cur.pos_ == "VERB" and cur.tag_ == "VBG" and cur.i > 0:
                # 'its UK operation - consisting of 50 staff': the noun the participle describes
                prev = next((t for t in reversed(doc[sent.start:cur.i]) if not t.is_punct), None)
                if prev is not None and prev.pos_ in ("NOUN", "PROPN") and prev.dep_ not in ("pobj",):
                    name, kind = self._np_subject(prev)
                    if name:
                        return name, kind
            if cur.pos_ in ("VERB", "AUX") or cur.dep_ == "ROOT":
                verb = cur
                hops = 0
                while hops < 4:
                    hops += 1
                    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
                    if subj and subj[0].i > tok.i and any(
                            t.dep_ == "mark" or t.lower_ in SUBORDINATORS for t in doc[tok.i + 1:subj[0].i]):
                        # '... up 12% this year as foreign investors returned': the subordinate clause's
                        # subject is not what the figure is about
                        return self._fallback(x, sent)
                    if subj and subj[0].lower_ in ("which", "that", "who") and verb.dep_ == "relcl" and \
                            verb.head.pos_ in ("NOUN", "PROPN"):
                        # 'The index, which is up 12% ...': the noun the relative clause describes
                        name, kind = self._np_subject(verb.head)
                        if name:
                            return name, kind
                    if subj:
                        s = subj[0]
                        if s.i <= tok.i <= s.right_edge.i:
                            pass  # the number is inside the subject phrase; handled above
                        else:
                            name, kind = self._np_subject(s)
                            if name:
                                return name, kind
                            if s.lower_ in ABSTRACT_HEADS or s.pos_ == "PRON":
                                found = self.beneficiary(x) or self._fallback(x, sent, allow_none=True)
                                if found and found[0]:
                                    return found
                                return self._reporter(verb) or found
                    if verb.dep_ in ("acl",) and verb.head.pos_ in ("NOUN", "PROPN"):
                        name, kind = self._np_subject(verb.head)
                        if name:
                            return name, kind
                    if verb.dep_ in ("relcl",) and verb.head.pos_ in ("NOUN", "PROPN"):
                        name, kind = self._np_subject(verb.head)
                        if name:
                            return name, kind
                    if verb.dep_ in ("conj", "xcomp", "advcl", "ccomp", "pcomp", "acl", "relcl") and verb.head is not verb:
                        verb = verb.head
                        continue
                    break
                break
            if head is cur:
                break
            cur = head
        return self._fallback(x, sent)

    def _reporter(self, verb: Token) -> tuple[str, str | None] | None:
        """'The company said net profit rose 12%': whose figure an abstract subject is, from the reporting clause."""
        head = verb.head
        if verb.dep_ not in ("ccomp", "conj") or head is verb or not re.fullmatch(
                r"(?:say|said|says|report(?:s|ed)?|announc(?:e|es|ed)|post(?:s|ed)?|expect(?:s|ed)?|forecast(?:s|ed)?|"
                r"told|tells?|stat(?:e|es|ed)|disclos(?:e|es|ed))", head.lower_):
            return None
        subj = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subj or subj[0].lower_ in ABSTRACT_HEADS or subj[0].pos_ == "PRON" and subj[0].lower_ not in PRONOUNS:
            return None
        low = subj[0].lower_
        if low in ("analysts", "analyst", "investors", "economists", "strategists", "people", "sources", "officials"):
            return None
        name, kind = self._np_subject(subj[0])
        return (name, kind) if name else None

    def beneficiary(self, x: NumExpr) -> tuple[str, str] | None:
        """'a capital loss of EUR5m for Solidium': the entity the figure is for."""
        after = self.text[x.end:x.end + 60]
        m = re.match(r"^\s*(?:\w+\s+)?for\s+", after)
        if not m:
            return None
        ents = [e for e in self._in_all(x.end + m.end(), x.end + m.end() + 50)
                if e.start <= x.end + m.end() + 4 and e.kind != "person"]
        return (ents[0].name, ents[0].kind) if ents else None

    def _fallback(self, x: NumExpr, sent: Span, allow_none: bool = False) -> tuple[str | None, str | None]:
        before = [m for m in self._in_m(sent.start_char, x.start) if m.kind != "place"]
        if before:
            m = sorted(before, key=lambda m: m.start)[0]
            return m.name, m.kind
        if allow_none:
            return None, None
        # a proper name just before the figure in its clause ('Hero Honda down over 2%')
        clause_start = max(sent.start_char, *(x.start - len(p) for p in re.split(r"[;:]", self.text[sent.start_char:x.start])[-1:]))
        span = self.doc.char_span(clause_start, x.start, alignment_mode="contract")
        if span is not None:
            chunk: list[Token] = []
            for t in span:
                if MOVE_VERB.fullmatch(t.text) or re.fullmatch(r"(?:Q[1-4]|H[12]|FY\d*|9M)", t.text):
                    if chunk:
                        break
                    continue
                caps_ok = not t.is_upper or (len(t) >= 3 and t.text not in ("EUR", "USD", "NOK", "SEK", "INR", "GBP",
                                                                             "HKD", "JPY", "CNY", "BSE", "NSE"))
                if t.pos_ == "PROPN" and caps_ok or (t.pos_ == "PROPN" and chunk):
                    chunk.append(t)
                elif chunk:
                    break
            if chunk and chunk[0].i > span.start - 1 and len(chunk) <= 4:
                return self.doc[chunk[0].i:chunk[-1].i + 1].text, None
        after = [m for m in self._in_m(x.end, sent.end_char) if m.kind != "place" and m.kb_id]
        if after:
            return after[0].name, after[0].kind
        return None, None

    def remember(self, name: str | None, kind: str | None, sent: Span) -> None:
        if not name or name == "the company":
            return
        self.state.last_subject = name
        self.state.last_kind = kind
        # 'An equal-weighted basket of ... dubbed the 7 titans': later 'the basket' means it
        for t in sent:
            if t.lower_ in COREF_NOUNS and t.pos_ == "NOUN" and (COREF_NOUNS[t.lower_] in (None, kind)):
                self.state.by_noun.setdefault(t.lower_, name)


def cut_verb_phrase(subject: str, mentions: list[Mention], ss: int, pos: int) -> str | None:
    """'Beijing pledges support' -> 'Beijing': a subject is a noun phrase, never a clause. Only cut when the
    phrase starts with a name found in the sentence, so that plural nouns ('rate cuts') are left alone."""
    words = subject.split()
    if len(words) < 2:
        return subject
    for m in mentions:
        if ss <= m.start < pos and (subject.startswith(m.text + " ") or subject.startswith(m.name + " ")):
            rest = subject[len(m.text if subject.startswith(m.text + " ") else m.name):].split()
            if rest and SUBJECT_VERB.fullmatch(rest[0]):
                return m.name
    if SUBJECT_VERB.fullmatch(words[0]) and words[0][0].isupper():
        return None  # 'Pledges Support': a headline's verb phrase
    return subject


def _place_name(name: str) -> str:
    return CAPITAL_COUNTRY.get(name, name)


def macro_subject(subject: str | None, kind: str | None, mentions: list[Mention], text: str, ss: int, se: int,
                  x: NumExpr) -> str | None:
    """GDP, inflation, rates, growth targets are about an economy: keep an institution ('Federal Reserve') or a
    phrase that names the economy ('US inflation', "China's economy"); else the country named in the sentence."""
    places = [m for m in mentions if ss <= m.start < se and m.kind == "place"]
    if subject:
        low = subject.lower()
        if any(m.name == subject and m.kind in ("organization",) for m in mentions):
            return subject
        for m in places:
            if m.name == subject or m.text == subject:
                return _place_name(m.name)
        if any(m.text.lower() in low or m.name.lower() in low for m in places):
            return subject
        if any(re.search(r"\b" + re.escape(d) + r"\b", low) for d in DEMONYMS):
            return subject
    if places:
        before = [m for m in places if m.end <= x.start]
        m = before[0] if before else places[0]
        return _place_name(m.name)
    dm = re.search(r"\b(" + "|".join(re.escape(d) for d in DEMONYMS) + r")\b", text[ss:x.start], re.IGNORECASE)
    if dm:
        return DEMONYMS[dm.group(1).lower()]
    if subject in (None, "the company") or kind is None and subject and not re.search(
            r"\b(?:economy|inflation|gdp|growth|rates?|prices|unemployment|yields?|central bank|government)\b",
            subject, re.IGNORECASE):
        return subject if subject not in ("the company",) else None
    return subject
