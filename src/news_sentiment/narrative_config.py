"""narratives.yaml → validated, frozen :class:`~news_sentiment.records.Narrative` objects, with errors that
name the file and line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from news_sentiment.config import models_path, yaml_list
from news_sentiment.errors import ConfigError
from news_sentiment.records import Narrative

NARRATIVE_KEYS = {"id", "name", "description", "phrases", "seeds"}
_HINT = ("Each narrative looks like `- {name: tariffs and trade war, description: ..., "
         "seeds: [Washington imposes new tariffs on imports.], phrases: [trade war]}`.")


def slug(text: str) -> str:
    """'stimulus/policy support' -> 'stimulus-policy-support'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "narrative"


def default_narratives_path() -> Path:
    """$SENTIMENT_NARRATIVES, else the shipped models/narratives.yaml (see :func:`news_sentiment.config.models_path`)."""
    return models_path("narratives.yaml", "SENTIMENT_NARRATIVES")


def parse_narratives(source: str, path: Path = Path("narratives.yaml")) -> tuple[Narrative, ...]:
    """Validate a narratives file; ConfigError names the file and line of the first problem."""
    out: list[Narrative] = []
    seen: dict[str, int] = {}
    for node in yaml_list(source, path, "narratives", _HINT):
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.MappingNode):
            raise ConfigError(f"{path}:{line}: each narrative must be a mapping with name and description", hint=_HINT)
        keys = {k.value: (k, v) for k, v in node.value}
        for key, (knode, _) in keys.items():
            if key not in NARRATIVE_KEYS:
                raise ConfigError(f"{path}:{knode.start_mark.line + 1}: unknown narrative key {key!r} "
                                  f"(allowed: {', '.join(sorted(NARRATIVE_KEYS))})", hint=_HINT)
        if "name" not in keys:
            raise ConfigError(f"{path}:{line}: narrative is missing required key 'name'", hint=_HINT)
        vals: dict[str, Any] = {}
        for key in ("id", "name", "description"):
            if key in keys:
                v = keys[key][1]
                if not isinstance(v, yaml.ScalarNode) or not str(v.value).strip():
                    raise ConfigError(f"{path}:{v.start_mark.line + 1}: `{key}` must be a non-empty string", hint=_HINT)
                vals[key] = str(v.value).strip()
        phrases = _strings(keys, "phrases", path)
        seeds = _strings(keys, "seeds", path)
        if not vals.get("description") and not phrases and not seeds:
            raise ConfigError(f"{path}:{line}: narrative {vals['name']!r} needs seeds, a description or phrases",
                              hint=_HINT)
        nid = vals.get("id") or slug(vals["name"])
        if nid in seen:
            raise ConfigError(f"{path}:{line}: duplicate narrative id {nid!r} (first on line {seen[nid]})",
                              hint="Give one of them a distinct `name:` or `id:`.")
        seen[nid] = line
        out.append(Narrative(nid, vals["name"], vals.get("description", ""), phrases, "config", f"{path}:{line}",
                             seeds))
    return tuple(out)


def _strings(keys: dict[str, Any], key: str, path: Path) -> tuple[str, ...]:
    """The list of non-empty strings under ``key`` (empty when absent); ConfigError with its line otherwise."""
    if key not in keys:
        return ()
    node = keys[key][1]
    if not isinstance(node, yaml.SequenceNode) or not all(
            isinstance(p, yaml.ScalarNode) and str(p.value).strip() for p in node.value):
        raise ConfigError(f"{path}:{node.start_mark.line + 1}: `{key}` must be a list of strings", hint=_HINT)
    return tuple(str(p.value).strip() for p in node.value)


def load_narratives(path: str | Path | None = None) -> tuple[Narrative, ...]:
    """Read narratives.yaml (default :func:`default_narratives_path`)."""
    path = Path(path) if path else default_narratives_path()
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"narratives file not found: {path}",
                          hint="Create models/narratives.yaml or set $SENTIMENT_NARRATIVES.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read narratives file {path}: {exc}") from None
    return parse_narratives(source, path)
