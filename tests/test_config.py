from pathlib import Path

import pytest

from news_sentiment.config import load_feeds, parse_feeds
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
])
def test_invalid_config_names_the_line_and_key(source, message):
    with pytest.raises(ConfigError) as info:
        parse_feeds(source)
    assert message in str(info.value)


def test_missing_file_has_a_hint(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_feeds(tmp_path / "nope.yaml")
    assert "not found" in str(info.value) and "--feeds" in info.value.hint


def test_repository_feeds_yaml_is_valid():
    specs = load_feeds(ROOT / "feeds.yaml")
    assert len(specs) >= 5
    assert all(s.url.startswith("https://") for s in specs)
