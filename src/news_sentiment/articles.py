"""Articles: canonical URLs, full-text page extraction, language, near-duplicate signatures."""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np

from news_sentiment.dates import parse_date_or_none
from news_sentiment.textutil import clean_whitespace, normalize_for_hash, strip_furniture

log = logging.getLogger(__name__)

# Query parameters that only track the reader, never select content.
_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|yclid|_hsenc|_hsmi|mkt_tok|cmpid|"
    r"ncid|ocid|icid|ref_src|__source|sr_share|smid|at_\w+)$",
    re.IGNORECASE,
)
MINHASH_PERMS = 64
MINHASH_SEED = 1
MINHASH_SCHEME = "affine32"  # pinned: stored signatures must stay comparable across datasketch releases
SHINGLE_WORDS = 3
MIN_SHINGLE_WORDS = 40  # texts shorter than this are too short for a meaningful near-duplicate test


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, drop default ports, fragments and tracking parameters, sort the query."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.scheme.lower() not in ("http", "https"):
        return url
    host = (parts.hostname or "").lower().rstrip(".")
    port = parts.port if parts.port and (parts.scheme.lower(), parts.port) not in (("http", 80), ("https", 443)) else None
    netloc = f"{host}:{port}" if port else host
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)))
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), netloc, path, query, ""))


def synthetic_url(*parts: str) -> str:
    """A stable identifier for an article without a link (guid or content based)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
    return f"urn:news-sentiment:{digest}"


@dataclass(frozen=True)
class PageText:
    text: str
    title: str | None
    author: str | None
    published: datetime | None
    language: str | None


def extract_page(html: bytes | str, url: str | None = None) -> PageText | None:
    """Main text and metadata of an article page with trafilatura, furniture stripped. None if nothing found.

    trafilatura's own ``deduplicate`` is off: its cache is process-wide, so the fourth page with the same
    text (a syndicated copy) would come back empty. Dedup belongs to the store.
    """
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, favor_precision=True,
                                          include_comments=False, include_tables=False, deduplicate=False)
    except Exception as exc:  # noqa: BLE001 - trafilatura raises many types on hostile markup
        log.info("extraction failed for %s: %s", url, exc)
        return None
    if doc is None or not getattr(doc, "text", None):
        return None
    text = strip_furniture(doc.text)
    title = clean_whitespace(doc.title) if doc.title else None
    if title:  # trafilatura often repeats the headline as the first line
        first, _, rest = text.partition("\n")
        if normalize_for_hash(first) == normalize_for_hash(title):
            text = rest.strip()
    if not text:
        return None
    published = parse_date_or_none(doc.date)
    return PageText(text=text, title=title, author=doc.author or None, published=published,
                    language=getattr(doc, "language", None))


def detect_language(text: str, fallback: str | None = None) -> str | None:
    """ISO 639-1 code of the text (py3langid); the fallback (e.g. the feed's language) for short texts."""
    sample = text[:3000]
    if len(sample.split()) < 12:
        return fallback
    _load_language_model()
    import py3langid

    code, _ = py3langid.classify(sample)
    return code


_LANGID_LOCK = threading.Lock()
_LANGID_READY = False


def _load_language_model() -> None:
    """Load py3langid's model once (~0.5 s) before threads use it, instead of once per thread."""
    global _LANGID_READY
    with _LANGID_LOCK:
        if not _LANGID_READY:
            import py3langid

            py3langid.classify("warm up the model")
            _LANGID_READY = True


def minhash_signature(text: str) -> np.ndarray | None:
    """MinHash of word 3-gram shingles, or None when the text is too short to compare."""
    words = normalize_for_hash(text).split()
    if len(words) < MIN_SHINGLE_WORDS:
        return None
    shingles = {" ".join(words[i:i + SHINGLE_WORDS]).encode("utf-8") for i in range(len(words) - SHINGLE_WORDS + 1)}
    from datasketch import MinHash  # imported here: ~0.7 s that commands without dedup should not pay

    mh = MinHash(num_perm=MINHASH_PERMS, seed=MINHASH_SEED, scheme=MINHASH_SCHEME)
    mh.update_batch(list(shingles))
    return mh.hashvalues


# Locality-sensitive hashing of the 64-value signature: 16 bands of 4 rows. Two texts at Jaccard 0.7 share
# a band with probability 1 - (1 - 0.7**4)**16 ≈ 0.99; at 0.3 with ≈ 0.12. Candidates sharing a band are then
# compared value by value, so the bands only decide which stored signatures are looked at.
LSH_BANDS = 16
LSH_ROWS = MINHASH_PERMS // LSH_BANDS


def band_keys(sig: np.ndarray) -> list[tuple[int, int]]:
    """(band, key) pairs of a signature, each key a signed 64-bit hash of the band's values (SQLite INTEGER)."""
    raw = sig.astype(np.uint64)
    return [(band, int.from_bytes(hashlib.blake2b(raw[band * LSH_ROWS:(band + 1) * LSH_ROWS].tobytes(),
                                                  digest_size=8).digest(), "little", signed=True))
            for band in range(LSH_BANDS)]


def signature_to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype(np.uint64).tobytes()


def signature_from_bytes(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.uint64)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)
