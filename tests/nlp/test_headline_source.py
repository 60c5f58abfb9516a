"""One pattern for a headline's closing source (speaker, modality and subject stages read it alike)."""

from __future__ import annotations

import pytest

from news_sentiment.nlp.headline_source import headline_source


@pytest.mark.parametrize("line,name,firm,after_colon,person", [
    ("Nifty may test 7,900: Jane Roe, Quill Securities", "Jane Roe", "Quill Securities", True, True),
    ("Orrel to stay in 800-950 range, says Jane Roe", "Jane Roe", "", False, True),
    ("Sensex can correct by 5-10%: Analysts", "Analysts", "", True, False),
    ("Buy Tarvo at 310: Jane Roe, head of research at Quill Securities", "Jane Roe",
     "head of research at Quill Securities", True, True),
])
def test_the_source_closing_a_headline(line, name, firm, after_colon, person):
    found = headline_source(line)
    assert (found.name, found.firm, found.after_colon, found.person) == (name, firm, after_colon, person)
    assert line[found.start] in ":,"


@pytest.mark.parametrize("line", [
    "CEO: We will double sales by 2028",
    "Orrel, Tarvo in focus: Stocks To Watch",
    "Orrel shares rose 5% on Monday.",
    "Orrel sees 2026 revenue at $3 billion: Sources",
])
def test_no_source(line):
    assert headline_source(line) is None
