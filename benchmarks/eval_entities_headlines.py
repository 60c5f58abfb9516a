#!/usr/bin/env python3
"""Entity recall of the extractor on real headlines: SEntFiN 1.0 (../shared/data/sentfin/, MIT licence).

    python benchmarks/eval_entities_headlines.py              # aggregate figures for both splits
    python benchmarks/eval_entities_headlines.py --verbose    # + the study split's misses, to study

SEntFiN gives, for each of 10,753 Indian financial-news headlines, the entities its sentiment is about
('Decisions': {entity: sentiment}). Its entity list (entity_list_comprehensive.csv) gives 1,010 NSE-listed
companies with their name variants. FinEntity (benchmarks/eval_entities.py) measures wire paragraphs; this
measures headlines, where title case, short names and tickers written as words make other errors.

Targets. A target is scored where it is written in its headline (case-sensitively, else ignoring case;
otherwise it is counted `unaligned`) and is a *name*: some word of it starts with a capital letter or a digit
and it is not a lone sentence-case opener that is a common word ('Markets', 'Gold'). A name target is a
*listed company* when it is, ignoring case and legal forms, one of the name variants or the symbol of a company
in the entity list (see `listed_names`: the list also groups sectors, indices and regulators under one row).

Matching. As in eval_entities.py: a target is found when one mention overlaps it by at least half of the
target's characters and at least half of the mention's (mutual half overlap; a leading article and a trailing
possessive of the mention are not counted). Figures per split:
  names_any         name targets found by a mention of any kind;
  listed_company    listed-company targets found by a mention of kind company or organization;
  listed_any        listed-company targets found by a mention of any kind;
  listed_by_kind    the kind of the mention that found each listed-company target.

Splits (fixed, by the headline's `S No.`): the rows RESERVED in ../shared/eval/RESERVED.md are skipped
altogether; `heldout` is S No. % 5 == 0 (aggregate figures only, never listed); `study` is the rest (its
misses may be printed with --verbose and studied).
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from news_sentiment.training.finentity import matches  # noqa: E402

SHARED = Path(os.environ.get("SENTIMENT_SHARED", ROOT.parent / "shared"))
COMPANY_KINDS = frozenset({"company", "organization"})
_PAIR = re.compile(r"'(.*?)': '(positive|negative|neutral)'")
_GROUP = re.compile(r"\b(?:stocks|shares|sector|space|firms|companies|players)\b")  # 'Sensex stocks', 'IT firms'
_LEGAL = re.compile(r"\b(?:ltd|limited|inc|corp|corporation|co|company|plc)\b\.?", re.IGNORECASE)


def reserved_rows(shared: Path) -> set[int]:
    """The SEntFiN `S No.`s that ../shared/eval/RESERVED.md reserves for independent evaluation."""
    text = (shared / "eval" / "RESERVED.md").read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if "sentfin/SEntFiN.csv" in ln)
    return {int(n) for n in re.findall(r"\b\d+\b", line.split("S No.", 1)[1])}


def load_headlines(shared: Path) -> list[tuple[int, str, list[str]]]:
    """(S No., title, target entities), reserved rows left out."""
    skip = reserved_rows(shared)
    rows = []
    with open(shared / "data" / "sentfin" / "SEntFiN.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            n = int(row["S No."])
            if n in skip:
                continue
            try:
                targets = list(ast.literal_eval(row["Decisions"]))
            except (ValueError, SyntaxError):  # an apostrophe inside a name: the SOURCE.md's regex
                targets = [m.group(1) for m in _PAIR.finditer(row["Decisions"])]
            rows.append((n, row["Title"], targets))
    return rows


def _key(name: str) -> str:
    return re.sub(r"\s+", " ", _LEGAL.sub(" ", name.lower()).replace(".", " ")).strip(" -,")


def listed_names(shared: Path) -> set[str]:
    """Every name variant and symbol of the entity list's companies, as compared (lower case, no legal form). The
    list also groups sectors, indices and regulators under one row ('Nifty', 'Sensex stocks', 'SEBI'): a company's
    row starts with its legal name ('Prime Focus Ltd') and names no group ('... stocks', '... sector')."""
    out: set[str] = set()
    with open(shared / "data" / "sentfin" / "entity_list_comprehensive.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            variants = row["Entity"].split(",")
            if _LEGAL.search(variants[0]) and not any(_GROUP.search(v) for v in variants):
                out |= {_key(v) for v in variants if _key(v)} | {_key(row["Symbol"])}
    return out


def locate(title: str, target: str) -> tuple[int, int] | None:
    i = title.find(target)
    if i < 0:
        i = title.lower().find(target.lower())
    return (i, i + len(target)) if i >= 0 else None


def is_name(title: str, span: tuple[int, int], is_word) -> bool:
    """A target written as a name: a capitalised or digit-led word, not a lone common word opening the headline."""
    text = title[span[0]:span[1]]
    words = text.split()
    if not any(w[:1].isupper() or w[:1].isdigit() for w in words):
        return False
    return not (span[0] == 0 and len(words) == 1 and not text.isupper() and is_word(text) is not False)


@dataclass
class Tally:
    headlines: int = 0
    targets: int = 0
    unaligned: int = 0
    names: int = 0
    names_any: int = 0
    listed: int = 0
    listed_company: int = 0
    listed_any: int = 0
    listed_by_kind: Counter = field(default_factory=Counter)

    def figures(self, split: str) -> dict:
        def r(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None
        return {"split": split, "headlines": self.headlines, "targets": self.targets, "unaligned": self.unaligned,
                "name_targets": self.names, "recall_names_any": r(self.names_any, self.names),
                "listed_company_targets": self.listed,
                "recall_listed_company_kind": r(self.listed_company, self.listed),
                "recall_listed_any_kind": r(self.listed_any, self.listed),
                "listed_by_kind": dict(self.listed_by_kind.most_common())}


def score(title: str, targets: list[str], mentions: list, tally: Tally, listed: set[str], is_word) -> list[str]:
    """Add one headline to ``tally``; return its misses as printable lines."""
    tally.headlines += 1
    misses = []
    for target in dict.fromkeys(targets):
        tally.targets += 1
        span = locate(title, target)
        if span is None:
            tally.unaligned += 1
            continue
        if not is_name(title, span, is_word):
            continue
        hits = [m for m in mentions if matches(span, m)]
        tally.names += 1
        tally.names_any += bool(hits)
        company = _key(target) in listed
        if company:
            tally.listed += 1
            tally.listed_any += bool(hits)
            good = [m for m in hits if m.kind in COMPANY_KINDS]
            tally.listed_company += bool(good)
            if hits:
                tally.listed_by_kind[(good or hits)[0].kind] += 1
        if not hits or company and not any(m.kind in COMPANY_KINDS for m in hits):
            near = [f"{m.text!r}:{m.kind}" for m in mentions if m.start < span[1] and span[0] < m.end]
            misses.append(f"  {title[span[0]:span[1]]!r}{' (listed)' if company else ''} -> "
                          f"{', '.join(near) or 'nothing'}   | {title}")
    return misses


NEEDED = ("eval/RESERVED.md", "data/sentfin/SEntFiN.csv", "data/sentfin/entity_list_comprehensive.csv")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--verbose", action="store_true", help="List the study split's misses (never the held-out's).")
    ap.add_argument("--shared", type=Path, default=SHARED, help="The shared folder (default: ../shared or "
                    "$SENTIMENT_SHARED).")
    args = ap.parse_args(argv)
    missing = [name for name in NEEDED if not (args.shared / name).is_file()]
    if missing:
        ap.error(f"{args.shared} lacks {', '.join(missing)}: point --shared (or SENTIMENT_SHARED) at the shared "
                 "folder that holds SEntFiN and RESERVED.md")
    from news_sentiment.nlp.extract import Extractor
    from news_sentiment.nlp.pipeline import is_word

    rows = load_headlines(args.shared)
    listed = listed_names(args.shared)
    extractor = Extractor.create()
    vocab = extractor.nlp.vocab

    def word(text: str) -> bool | None:
        return is_word(vocab, text)

    tallies = {"heldout": Tally(), "study": Tally()}
    for n, title, targets in rows:
        split = "heldout" if n % 5 == 0 else "study"
        misses = score(title, targets, extractor.extract(title).mentions, tallies[split], listed, word)
        if args.verbose and split == "study" and misses:
            print(f"[{n}]", *misses, sep="\n", file=sys.stderr)
    for split, tally in tallies.items():
        print(json.dumps(tally.figures(split)))


if __name__ == "__main__":
    main()
