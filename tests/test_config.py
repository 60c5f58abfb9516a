from pathlib import Path

import pytest

from news_sentiment.config import load_feeds, load_feeds_config, parse_feeds, parse_feeds_config
from news_sentiment.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]


def test_parses_feeds_with_tags_and_interval():
    specs = parse_feeds("feeds:\n  - name: A\n    url: https://a.test/rss\n    tags: [markets, china]\n"
                        "    interval: 30\n  - {name: B, url: ./saved.xml}\n")
    assert [s.name for s in specs] == ["A", "B"]
    assert specs[0].tags == ("markets", "china") and specs[0].interval == 30
    assert specs[1].url == "./saved.xml" and specs[1].interval is None


@pytest.mark.parametrize("source, message", [
    ("feeds:\n  - name: A\n    urll: https://a.test\n", "feeds.yaml:3: unknown feed key 'urll'"),
    ("feeds:\n  - name: A\n", "feeds.yaml:2: feed is missing required key 'url'"),
    ("feedz: []\n", "feeds.yaml:1: unknown top-level key 'feedz'"),
    ("feeds: [\n", "feeds.yaml:2: invalid YAML"),
    ("feeds: {}\n", "`feeds` must be a list"),
    ("feeds:\n  - {name: A, url: ftp://a.test/x}\n", "unsupported URL scheme"),
    ("feeds:\n  - {name: A, url: x.xml, interval: soon}\n", "`interval` must be a positive whole number"),
    ("feeds:\n  - {name: A, url: x.xml, tags: markets}\n", "`tags` must be a list"),
    ("feeds:\n  - {name: A, url: a.xml}\n  - {name: A, url: b.xml}\n", "feeds.yaml:3: duplicate feed name 'A'"),
    ("", "feeds.yaml: empty file"),
    ("feeds:\n  - {name: A, url: x.xml, ignore_robots: maybe}\n", "feeds.yaml:2: `ignore_robots` must be true or false"),
    ("allow_private_addresses: 1\nfeeds: []\n", "feeds.yaml:1: `allow_private_addresses` must be true or false"),
    ("contact: me at example\nfeeds: []\n", "feeds.yaml:1: `contact` must be an http(s) URL or an e-mail address"),
    ("contact: ftp://example.org\nfeeds: []\n", "`contact` must be an http(s) URL"),
    ("contact: \"https://x.org/\\r\\nX-Evil: 1\"\nfeeds: []\n", "`contact` must be an http(s) URL"),
    ("allow_private: true\nfeeds: []\n",
     "feeds.yaml:1: unknown top-level key 'allow_private' (expected 'feeds', 'allow_private_addresses', 'contact')"),
])
def test_invalid_config_names_the_line_and_key(source, message):
    with pytest.raises(ConfigError) as info:
        parse_feeds(source)
    assert message in str(info.value)


def test_settings_and_per_feed_robots_opt_out():
    config = parse_feeds_config("allow_private_addresses: true\ncontact: https://example.org/bot\nfeeds:\n"
                                "  - {name: Own, url: https://own.example.org/rss, ignore_robots: true}\n"
                                "  - {name: Other, url: https://other.example.org/rss}\n")
    assert config.allow_private_addresses is True and config.contact == "https://example.org/bot"
    assert [s.ignore_robots for s in config.feeds] == [True, False]
    plain = parse_feeds_config("contact: ops@example.org\nfeeds: []\n")
    assert plain.allow_private_addresses is False and plain.contact == "ops@example.org" and plain.feeds == ()


def test_missing_file_has_a_hint(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_feeds(tmp_path / "nope.yaml")
    assert "not found" in str(info.value) and "--feeds" in info.value.hint


def test_repository_feeds_yaml_is_valid():
    config = load_feeds_config(ROOT / "feeds.yaml")
    assert config.allow_private_addresses is False  # the shipped file never opens private addresses
    specs = load_feeds(ROOT / "feeds.yaml")
    assert len(specs) >= 5
    assert all(s.url.startswith("https://") for s in specs)
