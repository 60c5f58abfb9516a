"""`sentiment` CLI: importing this package registers every command on ``cli``."""

from news_sentiment.cli.main import cli
from news_sentiment.cli import ingest as _ingest  # noqa: F401  (registers commands)
from news_sentiment.cli import markets as _markets  # noqa: F401  (registers commands)
from news_sentiment.cli import extract as _extract  # noqa: F401  (registers commands)
from news_sentiment.cli import score as _score  # noqa: F401  (registers commands)
from news_sentiment.cli import narratives as _narratives  # noqa: F401  (registers commands)
from news_sentiment.cli import reports as _reports  # noqa: F401  (registers commands)
from news_sentiment.cli import update as _update  # noqa: F401  (registers commands)
from news_sentiment.cli import signals as _signals  # noqa: F401  (registers commands)

__all__ = ["cli"]
