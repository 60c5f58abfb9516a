"""The demo: a small fictional corpus (local RSS files) and synthetic prices, run through the whole pipeline.

``run_demo()`` ingests, extracts, scores (when the sentiment model is installed), checks claims, updates
narratives and writes the report for the latest week. Re-running does no duplicate work.
"""

from news_sentiment.demo.pipeline import DEMO_DIR, DemoResult, DemoStep, demo_feeds, run_demo

__all__ = ["DEMO_DIR", "DemoResult", "DemoStep", "demo_feeds", "run_demo"]
