"""`sentiment` CLI: importing this package registers every command on ``cli``."""

from news_sentiment.cli.main import cli
from news_sentiment.cli import ingest as _ingest  # noqa: F401  (registers commands)

__all__ = ["cli"]
