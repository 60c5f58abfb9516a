"""feeds.yaml → validated, frozen FeedSpec objects, with errors that name the line."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml

from news_sentiment.errors import ConfigError
from news_sentiment.records import FeedsConfig, FeedSpec

DEFAULT_DB = "sentiment.db"


def default_db_path() -> str:
    """``$SENTIMENT_DB`` or ./sentiment.db."""
    return os.environ.get("SENTIMENT_DB") or DEFAULT_DB


def models_path(relative: str, env: str) -> Path:
    """Where a shipped model file or folder (``relative`` to ``models/``) lives.

    ``$env`` when set; else the copy bundled inside the installed package (a wheel carries
    ``news_sentiment/models/``); else ``models/`` of the source checkout (editable installs);
    else ``./models/<relative>``.
    """
    override = os.environ.get(env)
    if override:
        return Path(override)
    package = Path(__file__).resolve().parent
    for root in (package / "models", package.parents[1] / "models"):
        if (root / relative).exists():
            return root / relative
    return Path("models") / relative


FEED_KEYS = {"name", "url", "tags", "interval", "ignore_robots"}
REQUIRED_FEED_KEYS = ("name", "url")
SETTING_KEYS = ("allow_private_addresses", "contact")  # top-level keys of a feeds file besides `feeds`


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _scalar(node: yaml.Node, path: Path, what: str) -> str:
    if not isinstance(node, yaml.ScalarNode) or node.value == "":
        raise ConfigError(f"{path}:{_line(node)}: {what} must be a non-empty string", hint=_HINT)
    return str(node.value)


_HINT = ("Each feed is a mapping like `- {name: Reuters markets, url: https://..., tags: [markets]}`; "
         "top-level settings: `allow_private_addresses: true`, `contact: https://...`.")


def load_feeds(path: str | Path) -> tuple[FeedSpec, ...]:
    """Read and validate a feeds file's feeds. Raises ConfigError naming the file, line and key."""
    return load_feeds_config(path).feeds


def load_feeds_config(path: str | Path) -> FeedsConfig:
    """Read and validate a feeds file: its feeds and top-level settings (``allow_private_addresses``,
    ``contact``). Raises ConfigError naming the file, line and key."""
    path = Path(path)
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"feeds file not found: {path}", hint="Pass --feeds PATH or create feeds.yaml.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read feeds file {path}: {exc}") from None
    return parse_feeds_config(source, path)


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~15x faster, same marks


def yaml_list(source: str, path: Path, key: str, hint: str, *, empty_ok: bool = False) -> list[yaml.Node]:
    """Compose a YAML file whose top level is ``{key: [...]}`` and return the list's nodes (with line marks).

    Raises ConfigError naming the file and line for broken YAML, unknown top-level keys, or a non-list.
    """
    return yaml_document(source, path, key, hint, empty_ok=empty_ok)[0]


def yaml_document(source: str, path: Path, key: str, hint: str, *, empty_ok: bool = False,
                  settings: tuple[str, ...] = ()) -> tuple[list[yaml.Node], dict[str, yaml.Node]]:
    """``yaml_list`` for a file that may also carry the top-level ``settings`` keys: (list nodes, settings
    nodes present)."""
    try:
        root = yaml.compose(source, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(f"{where}: invalid YAML: {problem}", hint="Check indentation and quoting.") from None
    if root is None:
        if empty_ok:
            return [], {}
        raise ConfigError(f"{path}: empty file", hint=f"Add a top-level `{key}:` list.")
    if not isinstance(root, yaml.MappingNode):
        raise ConfigError(f"{path}:{_line(root)}: top level must be a mapping with a `{key}:` list", hint=hint)
    top = {k.value: (k, v) for k, v in root.value}
    for name, (knode, _) in top.items():
        if name != key and name not in settings:
            expected = ", ".join(repr(k) for k in (key, *settings))
            raise ConfigError(f"{path}:{_line(knode)}: unknown top-level key {name!r} (expected {expected})",
                              hint=hint)
    found = {name: top[name][1] for name in settings if name in top}
    if key not in top:
        raise ConfigError(f"{path}: missing top-level `{key}:` list", hint=hint)
    seq = top[key][1]
    if empty_ok and isinstance(seq, yaml.ScalarNode) and seq.value in ("", "null", "~"):
        return [], found
    if not isinstance(seq, yaml.SequenceNode):
        raise ConfigError(f"{path}:{_line(seq)}: `{key}` must be a list", hint=hint)
    return list(seq.value), found


def parse_feeds(source: str, path: Path = Path("feeds.yaml")) -> tuple[FeedSpec, ...]:
    return parse_feeds_config(source, path).feeds


def parse_feeds_config(source: str, path: Path = Path("feeds.yaml")) -> FeedsConfig:
    items, settings = yaml_document(source, path, "feeds", _HINT, settings=SETTING_KEYS)
    allow_private = (_bool(settings["allow_private_addresses"], path, "`allow_private_addresses`")
                     if "allow_private_addresses" in settings else False)
    contact = _contact(settings["contact"], path) if "contact" in settings else None
    return FeedsConfig(feeds=_feed_list(items, path), allow_private_addresses=allow_private, contact=contact)


def _bool(node: yaml.Node, path: Path, what: str) -> bool:
    if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:bool":
        raise ConfigError(f"{path}:{_line(node)}: {what} must be true or false", hint=_HINT)
    return node.value.lower() in ("true", "yes", "on", "y")


_CONTACT = re.compile(r"(https?://[^\s<>\"]+|mailto:[^\s<>\"@]+@[^\s<>\"@]+|[^\s<>\"@:/]+@[^\s<>\"@]+\.[^\s<>\"@]+)")


def _contact(node: yaml.Node, path: Path) -> str:
    """A URL or e-mail address for the User-Agent: no spaces or control characters (it goes in a header)."""
    value = _scalar(node, path, "`contact`")
    if len(value) > 200 or not value.isprintable() or not _CONTACT.fullmatch(value):
        raise ConfigError(f"{path}:{_line(node)}: `contact` must be an http(s) URL or an e-mail address "
                          f"(no spaces), got {value[:80]!r}",
                          hint="e.g. `contact: https://example.org/news-bot` or `contact: ops@example.org`; "
                               "sites see it in our User-Agent.")
    return value


def _feed_list(items: list[yaml.Node], path: Path) -> tuple[FeedSpec, ...]:
    specs: list[FeedSpec] = []
    seen_names: dict[str, int] = {}
    seen_urls: dict[str, int] = {}
    for item in items:
        specs.append(_feed(item, path))
        line = _line(item)
        spec = specs[-1]
        if spec.name in seen_names:
            raise ConfigError(f"{path}:{line}: duplicate feed name {spec.name!r} (first on line {seen_names[spec.name]})")
        if spec.url in seen_urls:
            raise ConfigError(f"{path}:{line}: duplicate feed url {spec.url!r} (first on line {seen_urls[spec.url]})")
        seen_names[spec.name] = line
        seen_urls[spec.url] = line
    return tuple(specs)


def _feed(node: yaml.Node, path: Path) -> FeedSpec:
    if not isinstance(node, yaml.MappingNode):
        raise ConfigError(f"{path}:{_line(node)}: each feed must be a mapping with name and url", hint=_HINT)
    fields: dict[str, Any] = {}
    keys = {k.value: (k, v) for k, v in node.value}
    for key, (knode, _) in keys.items():
        if key not in FEED_KEYS:
            raise ConfigError(
                f"{path}:{_line(knode)}: unknown feed key {key!r} (allowed: {', '.join(sorted(FEED_KEYS))})",
                hint=_HINT,
            )
    for key in REQUIRED_FEED_KEYS:
        if key not in keys:
            raise ConfigError(f"{path}:{_line(node)}: feed is missing required key {key!r}", hint=_HINT)
        fields[key] = _scalar(keys[key][1], path, f"`{key}`")
    url = fields["url"]
    if "://" in url and not url.lower().startswith(("http://", "https://", "file://")):
        raise ConfigError(f"{path}:{_line(keys['url'][1])}: unsupported URL scheme in {url!r}",
                          hint="Use an http(s) URL or a local file path.")
    tags: tuple[str, ...] = ()
    if "tags" in keys:
        tnode = keys["tags"][1]
        if not isinstance(tnode, yaml.SequenceNode):
            raise ConfigError(f"{path}:{_line(tnode)}: `tags` must be a list of strings", hint=_HINT)
        tags = tuple(_scalar(t, path, "each tag") for t in tnode.value)
    interval = None
    if "interval" in keys:
        inode = keys["interval"][1]
        raw = inode.value if isinstance(inode, yaml.ScalarNode) else None
        try:
            interval = int(raw)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            interval = -1
        if interval <= 0:
            raise ConfigError(f"{path}:{_line(inode)}: `interval` must be a positive whole number of minutes")
    ignore_robots = _bool(keys["ignore_robots"][1], path, "`ignore_robots`") if "ignore_robots" in keys else False
    return FeedSpec(name=fields["name"], url=url, tags=tags, interval=interval, ignore_robots=ignore_robots)
