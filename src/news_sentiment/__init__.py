"""news-sentiment: ingest financial news, extract claims, score sentiment, check claims against prices."""

__version__ = "0.1.0"
