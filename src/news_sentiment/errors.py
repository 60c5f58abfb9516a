"""Typed errors. The library raises these; only the CLI turns them into messages."""

from __future__ import annotations


class SentimentError(Exception):
    """Base class for every error news-sentiment raises on purpose.

    ``hint`` says how to fix the problem; the CLI prints it after the message.
    """

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.args[0]


class ConfigError(SentimentError):
    """A configuration file (feeds.yaml, knowledge base, settings) is invalid."""


class FeedError(SentimentError):
    """A feed could not be fetched or parsed."""


class FetchError(FeedError):
    """HTTP or file fetch failed (unreachable, timeout, status, size cap...)."""

    def __init__(self, message: str, *, status: int | None = None, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.status = status


class StoreError(SentimentError):
    """The SQLite store cannot be opened or written."""


class StoreLockedError(StoreError):
    """Another process holds the store's lock (SQLite busy or locked)."""


class RunBusyError(StoreError):
    """Another run of the same kind (ingest, extract, score, update) holds the store's run lock."""


class InputError(SentimentError):
    """A user-supplied input file (import, stdin) is unusable."""


class ModelError(SentimentError):
    """A model or knowledge-base file is missing or corrupt."""


class ClusterError(SentimentError):
    """A Dask cluster cannot be started or reached, or lost a batch more often than it may."""


class MissingExtraError(SentimentError):
    """An optional dependency is not installed; ``extra`` names the pip extra that adds it."""

    def __init__(self, message: str, *, extra: str) -> None:
        super().__init__(message, hint=f'Install it with: pip install "news-sentiment[{extra}]"')
        self.extra = extra
