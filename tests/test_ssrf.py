"""The address policy: links found in feeds never reach loopback, private or link-local addresses.

Every test that could reach the loopback server asserts, from the server's own request log, that the
internal page was never requested; each refusal has a control that shows the same page IS reached when
private addresses are allowed, so the assertion can fail.
"""

from __future__ import annotations

import ipaddress
import json
import socket

import httpx
import pytest
from click.testing import CliRunner
from werkzeug import Response

from news_sentiment.cli import cli
from news_sentiment.errors import FetchError
from news_sentiment.feeds.fetch import Fetcher, HttpOptions
from news_sentiment.feeds.guard import (
    AddressRefused,
    GuardedBackend,
    UnsupportedScheme,
    address_problem,
    check_url,
    guard_transport,
)
from news_sentiment.ingest import IngestOptions, ingest_feeds
from news_sentiment.records import FeedSpec, PageOutcome
from tests.feedkit import no_robots, page, rss, story

HTTP = HttpOptions(read_timeout=2, retries=1, backoff=0.01)
GUARDED = IngestOptions(workers=2, http=HTTP)
PUBLIC_IP = "93.184.215.14"  # looks public; never contacted: the fake network below sends it to loopback


def admin_requests(httpserver) -> list[str]:
    return [r.path for r, _ in httpserver.log if r.path.startswith("/admin")]


@pytest.mark.parametrize("address, problem", [
    ("127.0.0.1", "loopback"), ("127.255.0.9", "loopback"), ("10.0.0.1", "private"), ("172.16.5.4", "private"),
    ("192.168.1.1", "private"), ("169.254.169.254", "link-local"), ("0.0.0.0", "unspecified"),
    ("100.64.0.1", "not globally routable"), ("224.0.0.251", "multicast"), ("240.0.0.1", "private"),
    ("::1", "loopback"), ("::", "unspecified"), ("fe80::1", "link-local"), ("fe80::1%2", "link-local"),
    ("fc00::1", "private"), ("fd12:3456::1", "private"), ("ff02::1", "multicast"), ("fec0::1", "site-local"),
    ("::ffff:127.0.0.1", "loopback"), ("::ffff:10.0.0.1", "private"), ("::ffff:169.254.169.254", "link-local"),
    ("::127.0.0.1", "reserved"), ("2002:7f00:1::", "loopback"), ("2002:a9fe:a9fe::1", "link-local"),
    ("64:ff9b::a00:1", "private"),
])
def test_non_public_addresses_are_named(address, problem):
    assert address_problem(ipaddress.ip_address(address)).startswith(problem)


@pytest.mark.parametrize("address", ["8.8.8.8", PUBLIC_IP, "2001:4860:4860::8888", "::ffff:8.8.8.8",
                                     "2002:808:808::1"])
def test_public_addresses_pass(address):
    assert address_problem(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/", "http://localhost:8080/admin", "http://2130706433/", "http://0x7f.1/", "http://0177.0.0.1/",
    "http://127.1/", "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/", "http://0/",
    "https://169.254.169.254/latest/meta-data/", "http://[fe80::1]/",
])
def test_numeric_and_mapped_forms_of_internal_hosts_are_refused(url):
    """The system resolver normalises decimal, hex, octal and short forms; nothing here goes on the wire."""
    with pytest.raises(AddressRefused, match="not a public one") as info:
        check_url(url)
    assert "allow_private_addresses" in info.value.hint


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://example.org/", "/etc/passwd"])
def test_unsupported_schemes_are_refused(url):
    with pytest.raises(UnsupportedScheme, match="only http and https"):
        check_url(url)


def test_a_name_with_any_private_address_is_refused():
    def resolve(host, port):
        return [PUBLIC_IP, "10.1.2.3"]

    with pytest.raises(AddressRefused, match=r"news.example.test resolves to 10.1.2.3, which is a private address"):
        check_url("http://news.example.test/a", resolve)


# -- the fetcher ----------------------------------------------------------------------------------------

def test_loopback_page_is_never_requested_unless_allowed(httpserver):
    httpserver.expect_request("/admin").respond_with_data("secret")
    sleeps: list[float] = []
    with Fetcher(HTTP, sleep=sleeps.append) as fetcher, pytest.raises(AddressRefused, match="loopback"):
        fetcher.fetch(httpserver.url_for("/admin"))
    assert admin_requests(httpserver) == [] and sleeps == []  # refused at once, not retried
    with Fetcher(HttpOptions(allow_private_addresses=True)) as allowed:  # control
        assert allowed.fetch(httpserver.url_for("/admin")).content == b"secret"
    assert admin_requests(httpserver) == ["/admin"]


def test_trusted_feed_url_is_fetched_as_written_but_not_a_redirect_to_another_internal_host(httpserver):
    port = httpserver.port
    httpserver.expect_request("/feed").respond_with_data(b"<rss/>")
    httpserver.expect_request("/moved").respond_with_response(
        Response(status=301, headers={"Location": f"http://localhost:{port}/feed"}))
    httpserver.expect_request("/elsewhere").respond_with_response(
        Response(status=302, headers={"Location": f"http://127.0.0.1:{port}/admin"}))
    httpserver.expect_request("/admin").respond_with_data("secret")
    with Fetcher(HTTP) as fetcher:
        assert fetcher.fetch(f"http://localhost:{port}/feed", trusted=True).content == b"<rss/>"
        assert fetcher.fetch(f"http://localhost:{port}/moved", trusted=True).content == b"<rss/>"  # same host
        with pytest.raises(AddressRefused, match="127.0.0.1 is a loopback address"):
            fetcher.fetch(f"http://localhost:{port}/elsewhere", trusted=True)
    assert admin_requests(httpserver) == []


def test_redirect_to_file_is_a_final_error_not_retried(httpserver):
    httpserver.expect_request("/story").respond_with_response(
        Response(status=302, headers={"Location": "file:///etc/passwd"}))
    sleeps: list[float] = []
    with Fetcher(HttpOptions(retries=2, backoff=0.01, allow_private_addresses=True), sleep=sleeps.append) as f:
        with pytest.raises(UnsupportedScheme, match=r"redirect to unsupported scheme file: \(file:///etc/passwd\)"):
            f.fetch(httpserver.url_for("/story"))
    assert len(httpserver.log) == 1 and sleeps == []


def test_untrusted_local_path_is_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    with Fetcher(HTTP) as fetcher:
        for url in (str(secret), secret.as_uri()):
            with pytest.raises(FetchError, match="unsupported scheme"):
                fetcher.fetch(url)


@pytest.fixture
def fake_internet(monkeypatch, httpserver):
    """Names resolve as ``names`` says; connections to PUBLIC_IP land on the loopback test server.

    Patches socket.getaddrinfo and socket.create_connection, which both the address checks and
    httpcore's own connections use.
    """
    names: dict[str, list[list[str]]] = {}
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.create_connection

    def getaddrinfo(host, port, *args, **kwargs):
        if host in names:
            answers = names[host]
            ips = answers.pop(0) if len(answers) > 1 else answers[0]
            return [(socket.AF_INET6 if ":" in ip else socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port))
                    for ip in ips]
        return real_getaddrinfo(host, port, *args, **kwargs)

    def create_connection(address, *args, **kwargs):
        host, port = address[:2]
        if host in names:
            host = getaddrinfo(host, port)[0][4][0]
        return real_connect(("127.0.0.1" if host == PUBLIC_IP else host, port), *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    return names


def test_public_looking_url_redirecting_to_loopback_never_reaches_it(httpserver, fake_internet):
    fake_internet["news.example.test"] = [[PUBLIC_IP]]
    port = httpserver.port
    httpserver.expect_request("/story").respond_with_response(
        Response(status=302, headers={"Location": f"http://127.0.0.1:{port}/admin"}))
    httpserver.expect_request("/admin").respond_with_data("secret")
    url = f"http://news.example.test:{port}/story"
    with Fetcher(HTTP) as fetcher, pytest.raises(AddressRefused, match="127.0.0.1 is a loopback address"):
        fetcher.fetch(url)
    assert [r.path for r, _ in httpserver.log] == ["/story"] and admin_requests(httpserver) == []
    with Fetcher(HttpOptions(allow_private_addresses=True)) as allowed:  # control: the redirect does lead there
        assert allowed.fetch(url).content == b"secret"
    assert admin_requests(httpserver) == ["/admin"]


def test_dns_rebinding_is_refused_at_connect_time(httpserver, fake_internet):
    """The name is public when checked and loopback when connecting: the guarded connection refuses it."""
    port = httpserver.port
    httpserver.expect_request("/admin").respond_with_data("secret")
    fake_internet["rebind.example.test"] = [[PUBLIC_IP], ["127.0.0.1"]]
    with Fetcher(HttpOptions(retries=0)) as fetcher, pytest.raises(AddressRefused, match="loopback"):
        fetcher.fetch(f"http://rebind.example.test:{port}/admin")
    assert admin_requests(httpserver) == []
    # control: the check before the request alone (an unguarded transport) would be fooled
    fake_internet["rebind.example.test"] = [[PUBLIC_IP], ["127.0.0.1"]]
    with Fetcher(HttpOptions(retries=0), transport=httpx.HTTPTransport()) as unguarded:
        assert unguarded.fetch(f"http://rebind.example.test:{port}/admin").content == b"secret"
    assert admin_requests(httpserver) == ["/admin"]


def test_guard_refuses_to_install_silently_on_an_unknown_transport():
    with pytest.raises(RuntimeError, match="cannot install the address guard"):
        guard_transport(httpx.MockTransport(lambda request: httpx.Response(200)), GuardedBackend())


# -- ingest -----------------------------------------------------------------------------------------------

INTERNAL_LINKS = ("http://127.0.0.1:{port}/admin/a", "http://[::1]:{port}/admin/b",
                  "http://[::ffff:127.0.0.1]:{port}/admin/c", "http://2130706433:{port}/admin/d",
                  "http://0x7f.1:{port}/admin/e", "http://localhost:{port}/admin/f")


def test_feed_links_to_internal_addresses_are_refused_counted_and_items_kept(httpserver, db):
    port = httpserver.port
    links = [link.format(port=port) for link in INTERNAL_LINKS]
    items = [{"title": f"Item {i}", "link": link, "guid": f"g{i}", "summary": f"Teaser {i}."}
             for i, link in enumerate(links)]
    httpserver.expect_request("/feed").respond_with_data(rss(items))
    report = ingest_feeds(db, [FeedSpec("F", httpserver.url_for("/feed"))], GUARDED)
    fr = report.feeds[0]
    assert [r.path for r, _ in httpserver.log] == ["/feed"]  # no page, no robots.txt: nothing internal asked
    assert fr.status == "partial" and fr.new == 6 and fr.pages == {PageOutcome.REFUSED: 6}
    assert [(p.url, p.outcome, p.retry) for p in fr.page_problems] == [(u, "refused", False) for u in links]
    hosts = ["127.0.0.1", "::1", "::ffff:127.0.0.1", "2130706433", "0x7f.1", "localhost"]
    assert sorted(e.split(" not fetched")[0] for e in fr.errors) == sorted(f"article pages on {h}: 1" for h in hosts)
    assert all("(1× refused: " in e and "loopback address" in e for e in fr.errors), fr.errors
    assert "article pages on 2130706433: 1 not fetched (1× refused: 2130706433 resolves to 127.0.0.1, which is a " \
           "loopback address, not a public one)" in fr.errors
    stored = db.execute("SELECT title, text, text_method FROM articles ORDER BY id").fetchall()
    assert stored == [(f"Item {i}", f"Teaser {i}.", "summary") for i in range(6)]
    assert db.execute("SELECT count(*) FROM page_failures").fetchone()[0] == 0  # refusals are final


def test_feed_link_redirecting_to_loopback_is_refused_in_ingest(httpserver, fake_internet, db):
    fake_internet["news.example.test"] = [[PUBLIC_IP]]
    port = httpserver.port
    no_robots(httpserver)
    httpserver.expect_request("/story").respond_with_response(
        Response(status=302, headers={"Location": f"http://127.0.0.1:{port}/admin"}))
    httpserver.expect_request("/admin").respond_with_data(page("Internal", story(2)), content_type="text/html")
    items = [{"title": "Story", "link": f"http://news.example.test:{port}/story", "summary": "Teaser."}]
    httpserver.expect_request("/feed").respond_with_data(rss(items))
    report = ingest_feeds(db, [FeedSpec("F", httpserver.url_for("/feed"))], GUARDED)
    fr = report.feeds[0]
    assert admin_requests(httpserver) == []
    assert [r.path for r, _ in httpserver.log] == ["/feed", "/robots.txt", "/story"]
    assert fr.status == "partial" and fr.pages == {PageOutcome.REFUSED: 1} and fr.new == 1
    assert fr.errors == ["article pages on news.example.test: 1 not fetched (1× refused: 127.0.0.1 is a loopback "
                         "address, not a public one)"]
    assert db.execute("SELECT text, text_method FROM articles").fetchone() == ("Teaser.", "summary")
    last_error = db.execute("SELECT last_error FROM feeds").fetchone()[0]
    assert last_error == fr.errors[0]


def _write_feeds(tmp_path, feed_url: str, extra: str = "") -> str:
    path = tmp_path / "feeds.yaml"
    path.write_text(f"{extra}feeds:\n  - name: Intranet\n    url: {feed_url}\n")
    return str(path)


@pytest.mark.parametrize("opt_in", ["flag", "config"])
def test_cli_opt_in_allows_private_addresses(httpserver, tmp_path, opt_in):
    no_robots(httpserver)
    httpserver.expect_request("/feed").respond_with_data(rss([{"title": "Memo", "link": httpserver.url_for("/page"),
                                                               "summary": "Teaser."}]))
    httpserver.expect_request("/page").respond_with_data(page("Memo", story(3)), content_type="text/html")
    guarded = CliRunner().invoke(cli, ["ingest", "--feeds", _write_feeds(tmp_path, httpserver.url_for("/feed")),
                                       "--json", "--db", str(tmp_path / "a.db")])
    assert guarded.exit_code == 0, guarded.output  # partial counts as worked
    feed = json.loads(guarded.output)["feeds"][0]
    assert feed["status"] == "partial" and feed["pages"] == {"refused": 1}
    assert feed["page_problems"][0]["outcome"] == "refused" and "loopback" in feed["page_problems"][0]["reason"]
    assert [r.path for r, _ in httpserver.log] == ["/feed"]

    args = ["--allow-private"] if opt_in == "flag" else []
    extra = "allow_private_addresses: true\n" if opt_in == "config" else ""
    allowed = CliRunner().invoke(cli, ["ingest", "--feeds", _write_feeds(tmp_path, httpserver.url_for("/feed"), extra),
                                       "--json", "--db", str(tmp_path / "b.db"), *args])
    feed = json.loads(allowed.output)["feeds"][0]
    assert allowed.exit_code == 0 and feed["status"] == "ok" and feed["pages"] == {"fetched": 1}
    assert [r.path for r, _ in httpserver.log][1:] == ["/feed", "/robots.txt", "/page"]
