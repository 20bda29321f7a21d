"""Browser tests: the built site served on 127.0.0.1 and driven by Debian's chromium through Playwright.

Playwright's own browser download is never used: chromium comes from the system (.ci/run installs
Debian's package). Without chromium these tests are skipped with a message, except under CI=true, where
a missing browser is a failure.
"""

from __future__ import annotations

import fcntl
import functools
import http.server
import os
import socket
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

import pytest
from conftest import copy_docs_assets, shared_folder

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

    extensions_map: ClassVar[dict[str, str]] = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".csv": "text/csv; charset=utf-8", ".json": "application/json"}

    def guess_type(self, path):
        if str(path).endswith("feed.xml"):
            return "application/atom+xml"
        return super().guess_type(path)

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        root = Path(self.directory)
        page = root / language_folder(self.path.lstrip("/")) / "404.html"  # each language's own
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


def _pdf_cache() -> str:
    """Rendered PDFs are cached by content; the tests keep that cache in the system's temporary folder, never
    in the repository's .cache/ (HEZA_PDF_CACHE, when set, wins)."""
    return os.environ.get("HEZA_PDF_CACHE") or str(Path(tempfile.gettempdir()) / "heza-tests-pdf-cache")


def site_pages(root: Path) -> list[str]:
    """Every page of a built site, found in its folders: each index.html (Vietnamese at the root, English
    under en/) as its directory path ("" for the home page), then each 404.html."""
    pages = []
    for index in sorted(root.rglob("index.html")):
        folder = index.parent.relative_to(root).as_posix()
        pages.append("" if folder == "." else f"{folder}/")
    pages += [page.relative_to(root).as_posix() for page in sorted(root.rglob("404.html"))]
    return pages


def language_folder(path: str) -> str:
    from generator import site

    return next((lang.folder for lang in site.LANGUAGE_LIST if lang.folder and path.startswith(lang.folder)), "")


def language_of(path: str) -> str:
    """The language of a page path ("en/zones/x/" -> "en"): the one whose folder it is in."""
    from generator import site

    return next((lang.code for lang in site.LANGUAGE_LIST if lang.folder and path.startswith(lang.folder)), site.DEFAULT_LANGUAGE)


class _SharedPortServer(http.server.ThreadingHTTPServer):
    """Each pytest-xdist worker serves the one shared build on the same port: with SO_REUSEPORT the kernel
    hands each connection to one of the workers' servers, and they serve the same files."""

    def server_bind(self):
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        super().server_bind()


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Site:
    from generator.building import build
    from generator.loading import load_dataset

    if not CHROMIUM.exists():
        _unavailable(f"chromium at {CHROMIUM}")
    data_dir = _data_dir()
    shared = shared_folder(tmp_path_factory)  # one build for all workers
    base = shared / "browser-site"
    root = base / "site"
    port_file = base / "port"
    with open(shared / "browser-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        port = int(port_file.read_text(encoding="ascii")) if port_file.exists() else 0
        server = _SharedPortServer(("127.0.0.1", port), functools.partial(_Handler, directory=str(root)))
        server.handle_error = lambda request, address: None  # a reader leaving mid-download is no error of the site
        address = f"http://127.0.0.1:{server.server_address[1]}/"
        if not port_file.exists():
            docs = copy_docs_assets(base / "docs")  # the hand-written assets only: the project's docs/ is never touched
            # Built for the address it is served at: the pages' absolute links (hreflang alternates, which
            # Material's script follows to each language's sitemap.xml) stay on this server, as they stay on
            # heza.gov.vn.
            with pytest.MonkeyPatch.context() as patch:
                patch.setenv("HEZA_PDF_CACHE", _pdf_cache())
                build(data_dir, root, docs_dir=docs, site_url=address, report=None)
            port_file.write_text(str(server.server_address[1]), encoding="ascii")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Site(root, address, load_dataset(data_dir), data_dir)
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser(site):
    """One chromium for the whole session; each test gets its own context (see `page`)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@dataclass
class NetworkLog:
    """Every request a test's browser context made, and every response it got."""

    base: str
    urls: list[str] = field(default_factory=list)
    responses: list[tuple[int, str]] = field(default_factory=list)  # (status, url)
    expected: set[tuple[int, str]] = field(default_factory=set)  # errors a test asks for, e.g. a 404 page
    reported: bool = False

    def expect(self, status: int, url: str) -> None:
        self.expected.add((status, url))

    def outside(self) -> list[str]:
        host = urlsplit(self.base).netloc
        return [u for u in self.urls if not u.startswith(("data:", "blob:", "about:")) and urlsplit(u).netloc != host]

    def errors(self, start: int = 0) -> list[str]:
        """Responses with status 400 or more (from the start-th response on), except those expected."""
        return [f"{status} {url}" for status, url in self.responses[start:] if status >= 400 and (status, url) not in self.expected]

    def check(self) -> None:
        problems = []
        if not self.urls:
            problems.append("the page made no request at all")
        if self.outside():
            problems.append("requests left 127.0.0.1:\n  " + "\n  ".join(self.outside()))
        if self.errors():
            problems.append("HTTP errors:\n  " + "\n  ".join(self.errors()))
        if problems:
            self.reported = True
            raise AssertionError("\n".join(problems))


@pytest.fixture
def network(site) -> NetworkLog:
    return NetworkLog(site.base)


@pytest.fixture
def context(browser, network):
    """A fresh browser context per test; every request and response it makes is logged in `network`."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN", service_workers="block")
    context.on("request", lambda request: network.urls.append(request.url))
    context.on("response", lambda response: network.responses.append((response.status, response.url)))
    yield context
    context.close()
    if not network.reported:  # what arrived after the test's body (checked first by pytest_runtest_call)
        network.check()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A browser test fails (not errs in teardown) when a request left 127.0.0.1 or a response was >= 400.
    When the test already failed for another reason, the network's problems are added to its report."""
    network = item.funcargs.get("network")
    try:
        result = yield
    except BaseException:
        if isinstance(network, NetworkLog):
            network.reported = True
            try:
                network.check()
            except AssertionError as problems:
                item.add_report_section("call", "network", str(problems))
        raise
    if isinstance(network, NetworkLog):
        network.check()
    return result


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory, request) -> Path:
    """Where screenshots go for people to look at: HEZA_SCREENSHOTS, or a temporary folder (never the repository)."""
    chosen = os.environ.get("HEZA_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    request.config.stash[_SCREENSHOTS] = folder
    return folder


_SCREENSHOTS = pytest.StashKey[Path]()


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    folder = config.stash.get(_SCREENSHOTS, None)
    if folder is not None:
        terminalreporter.write_line(f"browser screenshots: {folder}")
