"""Browser tests: the built site served on 127.0.0.1 and driven by Debian's chromium through Playwright.

Playwright's own browser download is never used: chromium comes from the system (.ci/run installs
Debian's package). Without chromium these tests are skipped with a message, except under CI=true, where
a missing browser is a failure.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "tests" / "fixtures" / "small"

CHROMIUM = Path(os.environ.get("HEZA_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def _unavailable(reason: str):
    message = f"browser tests need {reason}"
    if in_ci():
        pytest.fail(f"{message} (CI=true: the browser tests must run; .ci/run installs chromium with apt)", pytrace=False)
    pytest.skip(f"{message}; install it with `apt-get install chromium` (CI=true turns this skip into a failure)")


@dataclass
class Site:
    root: Path
    base: str  # http://127.0.0.1:PORT/
    data: object  # the Dataset it was built from
    data_dir: Path

    def url(self, path: str = "") -> str:
        return self.base + path.lstrip("/")


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files as a web host would serve them: Atom as Atom, each language's own 404 page."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".csv": "text/csv; charset=utf-8", ".json": "application/json"}

    def guess_type(self, path):
        if str(path).endswith("feed.xml"):
            return "application/atom+xml"
        return super().guess_type(path)

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        root = Path(self.directory)
        page = root / "en" / "404.html" if self.path.startswith("/en/") else root / "404.html"
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):  # keep pytest's output clean
        pass


def _data_dir() -> Path:
    """The shipped data when it is valid (what readers see), else the small fixture."""
    from generator.building import check
    from generator.loading import DataError

    chosen = os.environ.get("HEZA_BROWSER_DATA")
    if chosen:
        return Path(chosen)
    try:
        check(ROOT / "data")
        return ROOT / "data"
    except DataError:
        return SMALL


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Site:
    from generator.building import build
    from generator.loading import load_dataset

    if not CHROMIUM.exists():
        _unavailable(f"chromium at {CHROMIUM}")
    data_dir = _data_dir()
    base = tmp_path_factory.mktemp("browser-site")
    root = base / "site"
    docs = base / "docs"  # the hand-written assets only: the project's docs/ is never touched
    shutil.copytree(ROOT / "docs", docs, ignore=lambda d, names: [n for n in names if Path(d) == ROOT / "docs" and n in ("vi", "en")])
    build(data_dir, root, docs_dir=docs, report=None)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Site(root, f"http://127.0.0.1:{server.server_address[1]}/", load_dataset(data_dir), data_dir)
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser(site):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@dataclass
class RequestLog:
    urls: list[str] = field(default_factory=list)

    def outside(self, base: str) -> list[str]:
        host = urlsplit(base).netloc
        return [u for u in self.urls if not u.startswith(("data:", "blob:", "about:")) and urlsplit(u).netloc != host]


@pytest.fixture
def requests_log() -> RequestLog:
    return RequestLog()


@pytest.fixture
def page(browser, site, requests_log):
    """A fresh browser page; every request it makes is logged and must stay on 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN", service_workers="block")
    context.on("request", lambda request: requests_log.urls.append(request.url))
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()
    assert requests_log.urls, "the page made no request at all"
    assert requests_log.outside(site.base) == [], "requests left 127.0.0.1"

