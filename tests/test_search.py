"""Full-text search: OR, NOT, phrases, prefix*, grouping; caps; any input searches or is a clear InputError."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from news_sentiment.cli import cli
from news_sentiment.errors import InputError
from news_sentiment.store.read import ArticleQuery, list_articles
from news_sentiment.store.search import MAX_CHARS, MAX_WORDS, fts5_query

pytestmark = pytest.mark.both_stores

STORIES = {
    1: ("Nasdaq rallies as Tesla jumps", "Chipmakers led the gains."),
    2: ("Hang Seng Tech index slides", "Hong Kong listed platforms fell."),
    3: ("Hang Seng closes higher", "Property developers rebounded in Hong Kong."),
    4: ("Tesla deliveries fall", "The carmaker delivered fewer vehicles."),
    5: ("Nasdaq futures flat", "Traders waited for the jobs report."),
    6: ("Technology shares lead Europe", "Semiconductor names climbed."),
    7: ("Seng and Hang: a tech profile", "A founder story unrelated to the index."),
}


def _fill(db) -> None:  # noqa: ANN001
    for n, (title, text) in STORIES.items():
        db.execute("INSERT INTO articles (id, url, title, published, fetched_at, text, text_method, content_hash) "
                   "VALUES (?, ?, ?, ?, ?, ?, 'feed', ?)",
                   (n, f"https://news.test/{n}", title, f"2025-03-0{n}T08:00:00+00:00",
                    "2025-03-09T08:00:00+00:00", text, f"h{n}"))


@pytest.fixture
def store(db):
    _fill(db)
    return db


def ids(db, search: str) -> set[int]:  # noqa: ANN001
    return {r["id"] for r in list_articles(db, ArticleQuery(search=search, limit=None))}


@pytest.mark.parametrize(("search", "expected"), [
    ("Nasdaq OR Tesla", {1, 4, 5}),
    ("Nasdaq Tesla", {1}),  # words are ANDed
    ("Nasdaq AND Tesla", {1}),
    ("Hang Seng NOT Tech", {3}),
    ("Hang Seng AND NOT Tech", {3}),
    ('"Hang Seng" NOT Tech', {3}),
    ('"Hang Seng"', {2, 3}),  # 7 has both words, not next to each other
    ('"Hang Seng Tech"', {2}),
    ("Hang Seng", {2, 3, 7}),
    ("tech*", {2, 6, 7}),
    ('"Hang Seng Te"*', {2}),
    ("(Nasdaq OR Tesla) NOT futures", {1, 4}),
    ("Nasdaq OR Tesla deliveries", {1, 4, 5}),  # NOT > AND > OR: Nasdaq, or (Tesla and deliveries)
    ("(Nasdaq OR Tesla) deliveries", {4}),
    ("rally", {1}),  # stemmed: rallies
    ("HONG kong", {2, 3}),  # case-insensitive
])
def test_operators_phrases_and_prefixes(store, search, expected):
    assert ids(store, search) == expected


@pytest.mark.parametrize("search", ["title:Tesla", "Tesla:", "NEAR(Tesla deliveries)", "^Tesla", "+Tesla", "-Tesla",
                                    "Tesla & Nasdaq", "{title}: Tesla"])
def test_fts5_syntax_in_user_text_is_never_interpreted(store, search):
    """A column filter `title:Tesla` would find 1 and 4; quoted, it is the phrase "title tesla"."""
    result = ids(store, search)
    expected = {
        "title:Tesla": set(), "Tesla:": {1, 4}, "NEAR(Tesla deliveries)": set(), "^Tesla": {1, 4},
        "+Tesla": {1, 4}, "-Tesla": {1, 4}, "Tesla & Nasdaq": {1}, "{title}: Tesla": set(),
    }[search]
    assert result == expected


def test_translation_quotes_every_term_and_parenthesises_groups():
    assert fts5_query('Hang Seng NOT Tech') == '"Hang" AND ("Seng" NOT "Tech")'
    assert fts5_query('(Nasdaq OR Tesla) NOT "Hang Seng"*') == '("Nasdaq" OR "Tesla") NOT "Hang Seng"*'
    assert fts5_query("title:Tesla NEAR(a b)") == '"title:Tesla" AND "NEAR" AND ("a" AND "b")'
    assert fts5_query("Tesla Tesla tesla* Tesla") == '"Tesla" AND "tesla"*'  # repeats searched once


def test_lower_case_or_and_not_are_words(store):
    assert fts5_query("Nasdaq or Tesla") == '"Nasdaq" AND "or" AND "Tesla"'
    assert ids(store, "Nasdaq or Tesla") == set()


@pytest.mark.parametrize(("search", "message"), [
    ("NOT Tesla", "NOT excludes from what comes before it"),
    ("Nasdaq OR", "expected a word, phrase or ( after OR, found the end"),
    ("OR Nasdaq", "expected a word, phrase or ( at the start, found OR"),
    ("Nasdaq OR NOT Tesla", "after OR, found NOT"),
    ('"Hang Seng', "a quote at character 1 is never closed"),
    ("(Nasdaq OR Tesla", 'a "(" is never closed'),
    ("Nasdaq)", 'a ")" has no matching "("'),
    ("Tesla ()", "( ) has nothing inside"),
    ("&& --", "nothing to search for"),
    ("((((((((((Tesla))))))))))", "parentheses nest deeper than 8"),
    (" ".join(["Tesla"] * (MAX_WORDS + 1)), f"has {MAX_WORDS + 1} words; at most {MAX_WORDS}"),
    ('"' + " ".join(["Hang Seng"] * 17) + '"', f"has 34 words; at most {MAX_WORDS}"),  # phrase words count
    ("x" * (MAX_CHARS + 1), f"is {MAX_CHARS + 1} characters long; at most {MAX_CHARS}"),
    (" ".join(["Tesla"] * 5000), "at most 500"),
])
def test_bad_searches_are_clear_input_errors(store, search, message):
    with pytest.raises(InputError, match="^search: ") as err:
        list_articles(store, ArticleQuery(search=search))
    assert message in str(err.value)
    assert "OR, NOT" in err.value.hint


def test_at_the_caps_a_search_still_runs(store):
    assert ids(store, " ".join(["Tesla"] * MAX_WORDS)) == {1, 4}
    padded = "Tesla" + " " * (MAX_CHARS - len("Tesla"))
    assert len(padded) == MAX_CHARS and ids(store, padded) == {1, 4}


def test_cli_search_operators_and_error(store, db_path):
    runner = CliRunner()
    res = runner.invoke(cli, ["articles", "--db", str(db_path), "--search", "Hang Seng NOT Tech", "--format", "json"])
    assert res.exit_code == 0, res.output
    assert [r["id"] for r in json.loads(res.stdout)] == [3]
    res = runner.invoke(cli, ["articles", "--db", str(db_path), "--search", "NOT Tesla"])
    assert res.exit_code == 1
    assert "Error: search: NOT excludes" in res.stderr and "quoted phrases" in res.stderr


def test_help_says_words_are_anded():
    res = CliRunner().invoke(cli, ["articles", "--help"], terminal_width=100)
    text = " ".join(res.output.split())
    for needle in ("words are ANDed", "OR", "NOT", '"quoted phrase"', "prefix*", f"{MAX_WORDS} words"):
        assert needle in text, needle


# --------------------------------------------------------------------------- any input is safe

_PIECES = st.sampled_from(['"', "(", ")", "*", "AND", "OR", "NOT", "NEAR", "NEAR(", ":", "^", "+", "-", "title:",
                           "text:", "{title text}:", "Tesla", "Hang Seng", "tech*", "\x00", "'", "\\", ",", "é", "日本",
                           "  ", "\t", "**", "''", '""'])
_SEARCHES = st.one_of(st.text(max_size=60), st.lists(_PIECES, max_size=14).map(" ".join),
                      st.lists(_PIECES, max_size=14).map("".join))


@pytest.fixture(scope="module")
def fts_conn(tmp_path_factory):
    from news_sentiment.store.db import open_db

    db = open_db(tmp_path_factory.mktemp("fts") / "fts.db")
    _fill(db)
    yield db
    db.close()


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(search=_SEARCHES)
def test_any_search_text_runs_or_is_an_input_error(fts_conn, search):
    try:
        query = fts5_query(search)
    except InputError as exc:
        assert str(exc).startswith("search: ") and exc.hint
        return
    try:
        list_articles(fts_conn, ArticleQuery(search=search))
    except sqlite3.Error as exc:  # pragma: no cover - the failure this test exists to catch
        pytest.fail(f"{search!r} → {query!r} raised {exc}")
