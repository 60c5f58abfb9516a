"""HTTP faults, each with a test. Only loopback is ever contacted, so these fetchers opt in to private
addresses explicitly (the address policy itself is tested in test_ssrf.py)."""

import gzip
import socket
import time

import httpx
import pytest
from werkzeug import Response

from news_sentiment.errors import FetchError
from news_sentiment.feeds.fetch import Fetcher, HttpOptions, retry_after_seconds

FAST = HttpOptions(connect_timeout=1, read_timeout=1, deadline=3, retries=2, backoff=0.01,
                   allow_private_addresses=True)


@pytest.fixture
def sleeps():
    return []


@pytest.fixture
def fetcher(sleeps):
    with Fetcher(FAST, sleep=sleeps.append) as f:
        yield f


def test_ok_sends_user_agent_and_returns_validators(httpserver, fetcher):
    httpserver.expect_request("/feed", headers={"Accept-Encoding": "gzip, deflate"}).respond_with_data(
        b"<rss/>", headers={"ETag": '"v1"', "Last-Modified": "Fri, 07 Mar 2025 08:00:00 GMT"},
        content_type="application/rss+xml")
    result = fetcher.fetch(httpserver.url_for("/feed"))
    assert result.status == 200 and result.content == b"<rss/>"
    assert result.etag == '"v1"' and result.last_modified.startswith("Fri, 07 Mar 2025")
    assert httpserver.log[0][0].headers["User-Agent"].startswith("news-sentiment/")


def test_conditional_get_304(httpserver, fetcher):
    httpserver.expect_request("/feed", headers={"If-None-Match": '"v1"'}).respond_with_data("", status=304)
    result = fetcher.fetch(httpserver.url_for("/feed"), etag='"v1"', last_modified="Fri, 07 Mar 2025 08:00:00 GMT")
    assert result.not_modified and result.content == b""
    assert httpserver.log[0][0].headers["If-Modified-Since"] == "Fri, 07 Mar 2025 08:00:00 GMT"


def test_gzip_is_decoded(httpserver, fetcher):
    body = b"<rss>" + b"x" * 5000 + b"</rss>"
    httpserver.expect_request("/feed").respond_with_data(gzip.compress(body), headers={"Content-Encoding": "gzip"})
    assert fetcher.fetch(httpserver.url_for("/feed")).content == body


def test_404_is_not_retried(httpserver, fetcher, sleeps):
    httpserver.expect_request("/feed").respond_with_data("gone", status=404)
    with pytest.raises(FetchError) as info:
        fetcher.fetch(httpserver.url_for("/feed"))
    assert info.value.status == 404 and "HTTP 404" in str(info.value)
    assert len(httpserver.log) == 1 and sleeps == []


def test_500_is_retried_with_backoff_then_fails(httpserver, fetcher, sleeps):
    httpserver.expect_request("/feed").respond_with_data("oops", status=500)
    with pytest.raises(FetchError) as info:
        fetcher.fetch(httpserver.url_for("/feed"))
    assert "HTTP 500" in str(info.value) and "3 attempts" in str(info.value)
    assert len(httpserver.log) == 3 and sleeps == [0.01, 0.02]


def test_500_then_success(httpserver, fetcher):
    httpserver.expect_ordered_request("/feed").respond_with_data("oops", status=502)
    httpserver.expect_ordered_request("/feed").respond_with_data("<rss/>")
    assert fetcher.fetch(httpserver.url_for("/feed")).attempts == 2


def test_429_honours_retry_after(httpserver, fetcher, sleeps):
    httpserver.expect_ordered_request("/feed").respond_with_data("slow down", status=429, headers={"Retry-After": "7"})
    httpserver.expect_ordered_request("/feed").respond_with_data("<rss/>")
    assert fetcher.fetch(httpserver.url_for("/feed")).content == b"<rss/>"
    assert sleeps == [7.0]


def test_503_with_too_long_retry_after_gives_up(httpserver, fetcher, sleeps):
    httpserver.expect_request("/feed").respond_with_data("busy", status=503, headers={"Retry-After": "3600"})
    with pytest.raises(FetchError) as info:
        fetcher.fetch(httpserver.url_for("/feed"))
    assert "HTTP 503" in str(info.value) and sleeps == []


def test_retry_after_http_date():
    assert retry_after_seconds("Fri, 07 Mar 2025 08:00:30 GMT", now=1741334400.0) == 30.0
    assert retry_after_seconds("soon") is None


def test_redirect_loop(httpserver, fetcher):
    httpserver.expect_request("/a").respond_with_response(Response(status=302, headers={"Location": "/b"}))
    httpserver.expect_request("/b").respond_with_response(Response(status=302, headers={"Location": "/a"}))
    with pytest.raises(FetchError, match="too many redirects"):
        fetcher.fetch(httpserver.url_for("/a"))


def test_redirect_followed(httpserver, fetcher):
    httpserver.expect_request("/old").respond_with_response(Response(status=301, headers={"Location": "/new"}))
    httpserver.expect_request("/new").respond_with_data("<rss/>")
    result = fetcher.fetch(httpserver.url_for("/old"))
    assert result.final_url.endswith("/new") and result.content == b"<rss/>"


def test_oversized_response_declared(httpserver, sleeps):
    httpserver.expect_request("/big").respond_with_data(b"x" * 5000)
    with Fetcher(HttpOptions(max_bytes=1000, allow_private_addresses=True), sleep=sleeps.append) as f, pytest.raises(FetchError, match="limit"):
        f.fetch(httpserver.url_for("/big"))


def test_oversized_response_streamed_without_length(httpserver, sleeps):
    def chunks():
        for _ in range(100):
            yield b"x" * 1000

    httpserver.expect_request("/big").respond_with_response(Response(chunks(), direct_passthrough=True))
    with Fetcher(HttpOptions(max_bytes=10_000, allow_private_addresses=True), sleep=sleeps.append) as f, pytest.raises(FetchError, match="limit"):
        f.fetch(httpserver.url_for("/big"))


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_connection_refused(fetcher, sleeps):
    with pytest.raises(FetchError, match="cannot connect"):
        fetcher.fetch(f"http://127.0.0.1:{_closed_port()}/feed")
    assert len(sleeps) == 2  # retried, then gave up


def test_unreachable_host(sleeps):
    def unreachable(request):
        raise httpx.ConnectError("[Errno 101] Network is unreachable", request=request)

    with Fetcher(FAST, sleep=sleeps.append, transport=httpx.MockTransport(unreachable)) as f:
        with pytest.raises(FetchError, match="Network is unreachable"):
            f.fetch("http://feeds.example.test/rss")


def test_unknown_host_is_not_retried(sleeps):
    def no_such_host(request):
        raise httpx.ConnectError("[Errno -2] Name or service not known", request=request)

    with Fetcher(FAST, sleep=sleeps.append, transport=httpx.MockTransport(no_such_host)) as f:
        with pytest.raises(FetchError, match="unknown host"):
            f.fetch("http://no-such-host.example.test/rss")
    assert sleeps == []


def test_read_timeout(httpserver, sleeps):
    def slow(request):
        time.sleep(1.0)
        return Response("<rss/>")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    opts = HttpOptions(read_timeout=0.2, retries=0, allow_private_addresses=True)
    with Fetcher(opts, sleep=sleeps.append) as f, pytest.raises(FetchError, match="timed out"):
        f.fetch(httpserver.url_for("/slow"))


def test_server_dripping_bytes_hits_deadline(httpserver, sleeps):
    def drip():
        for _ in range(20):
            time.sleep(0.1)
            yield b"x"

    httpserver.expect_request("/drip").respond_with_response(Response(drip(), direct_passthrough=True))
    opts = HttpOptions(read_timeout=1, deadline=0.4, retries=0, allow_private_addresses=True)
    with Fetcher(opts, sleep=sleeps.append) as f, pytest.raises(FetchError, match="too slow"):
        f.fetch(httpserver.url_for("/drip"))


def test_local_file_and_missing_file(tmp_path, fetcher):
    path = tmp_path / "feed.xml"
    path.write_bytes(b"<rss/>")
    assert fetcher.fetch(str(path), trusted=True).content == b"<rss/>"
    assert fetcher.fetch(path.as_uri(), trusted=True).content == b"<rss/>"
    with pytest.raises(FetchError, match="no such file"):
        fetcher.fetch(str(tmp_path / "missing.xml"), trusted=True)
