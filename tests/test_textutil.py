from hypothesis import given, strategies as st

from news_sentiment.articles import canonical_url
from news_sentiment.textutil import content_hash, html_to_text, is_furniture, strip_furniture


def test_font_size_widget_line_is_furniture():
    text = "date 2025-03-07 + ↺ − 16 px\n\nA $212 billion selloff in European carmakers this year.\nShare\nMarkets"
    assert strip_furniture(text) == "A $212 billion selloff in European carmakers this year.\nMarkets"


def test_real_sentences_are_not_furniture():
    for line in ["The Stoxx 600 gained more than 1% on Thursday.", "Markets", "Oil jumps 35% — a record",
                 "“The momentum has room to run,” said the strategist."]:
        assert not is_furniture(line), line
    for line in ["Advertisement", "Share this article", "3 min read", "+ ↺ − 16 px", "12 | 34 | 56"]:
        assert is_furniture(line), line


def test_html_to_text_keeps_paragraphs_and_drops_scripts():
    assert html_to_text("<p>One &amp; two</p><script>x=1</script><p>Three</p>") == "One & two\nThree"
    assert html_to_text(None) == "" and html_to_text("plain &lt;text&gt;") == "plain <text>"


def test_content_hash_ignores_case_spacing_and_punctuation():
    assert content_hash("Title", "Stocks rose 3%.  Then fell!") == content_hash("title", "stocks rose 3 % then fell")
    assert content_hash("Title", "Stocks rose 3%") != content_hash("Title", "Stocks rose 4%")


def test_canonical_url_drops_tracking_and_fragment():
    assert canonical_url("HTTPS://WWW.Example.COM:443/a/b?utm_source=rss&b=2&a=1#top") == "https://www.example.com/a/b?a=1&b=2"
    assert canonical_url("http://example.com/x?fbclid=1&id=5") == "http://example.com/x?id=5"
    assert canonical_url("https://www.cnbc.com/2019/07/23/x.html?__source=rss") == "https://www.cnbc.com/2019/07/23/x.html"
    assert canonical_url("http://Example.com") == "http://example.com/"


urls = st.builds(
    lambda host, path, q: f"https://{host}.test/{path}?{q}",
    st.from_regex(r"[A-Za-z]{1,10}", fullmatch=True),
    st.from_regex(r"[a-z0-9/]{0,20}", fullmatch=True),
    st.from_regex(r"([a-z]{1,5}=[a-z0-9]{0,5}&){0,3}(utm_[a-z]{1,6}=x)?", fullmatch=True),
)


@given(urls)
def test_canonical_url_is_idempotent(url):
    once = canonical_url(url)
    assert canonical_url(once) == once
    assert "utm_" not in once and once == once.strip()


def test_short_market_lines_are_content_not_furniture():
    page_text = "Markets at a glance\nFTSE 100 up 1.2%\n+ \u21ba \u2212 16 px\nS&P 500 +0.8% to 5,950\nShare\nGDP +0.3% q/q"
    assert strip_furniture(page_text) == "Markets at a glance\nFTSE 100 up 1.2%\nS&P 500 +0.8% to 5,950\nGDP +0.3% q/q"
