"""A tiny Chrome DevTools Protocol client over --remote-debugging-pipe (fds 3 and 4): no websocket package.

Loads one page in headless Chromium and reports console errors, exceptions, log errors, the URLs the
page requested, and facts about its images.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage"]


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


@dataclass
class PageReport:
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    images: list[dict[str, Any]] = field(default_factory=list)
    title: str = ""
    scroll_width: int = 0  # the page's width: more than the viewport means sideways scrolling
    viewport_width: int = 0
    values: dict[str, Any] = field(default_factory=dict)  # results of the ``probes`` expressions (JSON)


class Browser:
    def __init__(self, binary: str, profile: Path, width: int = 390, height: int = 844) -> None:
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        def remap() -> None:  # in the child: fd 3 = commands in, fd 4 = responses out
            os.dup2(to_chrome_r, 3)
            os.dup2(from_chrome_w, 4)

        self.proc = subprocess.Popen(
            [binary, *FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}",
             "--remote-debugging-pipe", "about:blank"],
            pass_fds=(3, 4), preexec_fn=remap,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buf = b""
        self._id = 0
        self.events: list[dict[str, Any]] = []

    def _read(self, deadline: float) -> dict[str, Any]:
        import select

        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no answer from Chromium")
            ready, _, _ = select.select([self._from_chrome], [], [], left)
            if ready:
                chunk = os.read(self._from_chrome, 1 << 16)
                if not chunk:
                    raise RuntimeError("Chromium closed the pipe")
                self._buf += chunk
        msg, self._buf = self._buf.split(b"\0", 1)
        return json.loads(msg)

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = 20.0) -> dict[str, Any]:
        self._id += 1
        msg: dict[str, Any] = {"id": self._id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_chrome, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, timeout: float = 20.0) -> dict[str, Any]:
        for ev in self.events:
            if ev.get("method") == method:
                return ev
        deadline = time.monotonic() + timeout
        while True:
            ev = self._read(deadline)
            self.events.append(ev)
            if ev.get("method") == method:
                return ev

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except Exception:  # noqa: BLE001 - closing anyway
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._to_chrome, self._from_chrome):
            try:
                os.close(fd)
            except OSError:
                pass


_IMAGES_JS = """JSON.stringify(Array.from(document.images).map(i => {
  const r = i.getBoundingClientRect();
  const s = getComputedStyle(i);
  return {alt: i.alt, complete: i.complete, naturalWidth: i.naturalWidth, naturalHeight: i.naturalHeight,
          width: r.width, height: r.height, visible: s.display !== 'none' && s.visibility !== 'hidden',
          src: i.src.slice(0, 30)};
}))"""


def load_page(binary: str, url: str, profile: Path, *, width: int = 390, probes: dict[str, str] | None = None,
              screenshot: Path | None = None) -> PageReport:
    """Open ``url`` at a phone's width, wait for load, collect errors, requests and image facts.

    ``probes``: name → a JavaScript expression returning a JSON string, evaluated after load (results in
    ``values``). ``screenshot``: write a full-page PNG there (to look at what was measured).
    """
    browser = Browser(binary, profile, width=width)
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            browser.send(f"{domain}.enable", session=session)
        browser.send("Emulation.setDeviceMetricsOverride",
                     {"width": width, "height": 844, "deviceScaleFactor": 2, "mobile": width < 800},
                     session=session)
        browser.send("Page.navigate", {"url": url}, session=session)
        browser.wait_for("Page.loadEventFired")
        title = browser.send("Runtime.evaluate", {"expression": "document.title", "returnByValue": True},
                             session=session)["result"]["value"]
        images = json.loads(browser.send("Runtime.evaluate", {"expression": _IMAGES_JS, "returnByValue": True},
                                         session=session)["result"]["value"])
        widths = json.loads(browser.send(
            "Runtime.evaluate", {"expression": "JSON.stringify([document.documentElement.scrollWidth, innerWidth])",
                                 "returnByValue": True}, session=session)["result"]["value"])
        report = PageReport(title=title, images=images, scroll_width=widths[0], viewport_width=widths[1])
        for name, expression in (probes or {}).items():
            reply = browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True},
                                 session=session)
            if "exceptionDetails" in reply:
                raise RuntimeError(f"probe {name}: {reply['exceptionDetails']}")
            report.values[name] = json.loads(reply["result"]["value"])
        if screenshot is not None:
            import base64

            height = browser.send("Runtime.evaluate", {"expression": "document.documentElement.scrollHeight",
                                                       "returnByValue": True}, session=session)["result"]["value"]
            shot = browser.send("Page.captureScreenshot", {
                "format": "png", "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}}, session=session, timeout=60)
            screenshot.write_bytes(base64.b64decode(shot["data"]))
        for ev in browser.events:
            method, params = ev.get("method"), ev.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                report.console_errors.append(json.dumps(params.get("args"))[:300])
            elif method == "Runtime.exceptionThrown":
                report.console_errors.append(json.dumps(params.get("exceptionDetails"))[:300])
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                report.console_errors.append(params["entry"].get("text", "")[:300])
            elif method == "Network.requestWillBeSent":
                report.requests.append(params.get("request", {}).get("url", "")[:80])
        return report
    finally:
        browser.close()
