"""JSON Lines input shared by every command that reads it (import, extract --stdin, classify)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any


def json_objects(lines: Iterable[str], on_error: Callable[[int, str], None], *,
                 invalid: str = "malformed JSON") -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each JSON object line; blank lines are skipped.

    A line that is not valid JSON, or not an object, is passed to ``on_error(line_number, reason)``
    (reason: ``<invalid> (…)`` or ``expected a JSON object, got …``) and skipped.
    """
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            on_error(lineno, f"{invalid} ({exc.msg})")
            continue
        if not isinstance(obj, dict):
            on_error(lineno, f"expected a JSON object, got {type(obj).__name__}")
            continue
        yield lineno, obj
