"""Commands over feeds and articles: ingest, import, articles."""
