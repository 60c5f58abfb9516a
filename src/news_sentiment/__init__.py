"""news-sentiment: ingest financial news, extract claims, score sentiment, check claims against prices.

The Python API is :class:`Store` (docs/api.md): a store's articles, claims, entities, sentiment, prices and
narratives as pandas DataFrames. It is imported lazily, so ``import news_sentiment`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Store", "__version__"]

if TYPE_CHECKING:
    from news_sentiment.api import Store


def __getattr__(name: str) -> Any:
    if name == "Store":
        from news_sentiment.api import Store

        return Store
    raise AttributeError(f"module 'news_sentiment' has no attribute {name!r}")
