"""MkDocs hook: each language build renders its pages on every core (listed in mkdocs.yml after mkdocs_hooks).

Almost all of a large build is per-page work in pure Python: Markdown to HTML (Page.render), then the
theme template and the search-index entry of each page (_build_page). MkDocs does it in one process, so a
two-core machine builds at half speed. This hook splits the pages of each language build into contiguous
chunks, one per process: the parent keeps the first chunk, and forked children (copies of the build at
the moment the navigation is ready) take the others. Every page is still rendered by MkDocs' own code, in
the same order within its chunk, with the same plugins and hooks, so the site is byte for byte the one a
single process builds (tests/test_parallel_build.py compares them):

1. on_nav: fork the children. Each child runs MkDocs' _populate_page on its chunk and sends back what
   Page.render left on each page (HTML, table of contents, title, anchors, the links to anchors) with the
   warnings it logged. In the parent, the pages of the children get a stand-in `render` that installs that
   result, so MkDocs' loop goes on as usual (plugins' on_page_content run in the parent as they would).
2. When the parent has every page's result, it sends each child the titles of the pages in the navigation
   (the theme prints them on every page); each child then runs _build_page on its chunk, writing the HTML
   files, and sends back its search-index entries and warnings. The parent's _build_page skips those pages.
3. on_post_build (before the search plugin and static-i18n read the index): the children's entries are
   appended in page order, their warnings logged again in the parent (so strict mode counts them), and the
   children reaped. A child that fails makes the build fail with its error.

Off when serving (live reload), with threads running, for small builds (< MIN_PAGES pages), on one core,
or with HEZA_MKDOCS_JOBS=1. HEZA_MKDOCS_JOBS=N asks for N processes, whatever the number of pages.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import pickle
import signal
import sys
import threading
import time
import traceback

from mkdocs.commands import build as mkdocs_build
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import InclusionLevel
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.heza.parallel")

JOBS_VARIABLE = "HEZA_MKDOCS_JOBS"
REPORT_VARIABLE = "HEZA_MKDOCS_PARALLEL_REPORT"
MIN_PAGES = 200
MAX_JOBS = 8
# A page's share of the work: its Markdown size plus a fixed cost for the theme template and search entry.
FIXED_PAGE_WEIGHT = 1200
# The parent also copies static files, renders the sitemap and validates anchors: give it a little less
# (at 0.8 it waited 2.5-3.8 s for the worker over a 4,000-page build; at 1.0, 0.1-0.5 s).
PARENT_SHARE = 0.9

# MkDocs loads this file anew for every configuration: never take a wrapper left by an interrupted build for
# the original.
_ORIGINAL_BUILD_PAGE = getattr(mkdocs_build._build_page, "heza_original", mkdocs_build._build_page)
_run: dict = {}  # the state of the language build in progress (static-i18n runs one build inside another)
_serving = False


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"


def _jobs() -> tuple[int, bool]:
    """(processes, whether they were asked for explicitly)."""
    wanted = os.environ.get(JOBS_VARIABLE)
    if wanted:
        return max(1, min(MAX_JOBS, int(wanted))), True
    return max(1, min(MAX_JOBS, os.cpu_count() or 1)), False


def _chunks(pages: list[Page], jobs: int) -> list[list[Page]]:
    """Contiguous chunks of about equal work, the first (the parent's) a little smaller."""
    weights = []
    for page in pages:
        try:
            size = os.path.getsize(page.file.abs_src_path)
        except (OSError, TypeError):
            size = 0
        weights.append(size + FIXED_PAGE_WEIGHT)
    total = sum(weights)
    shares = [PARENT_SHARE] + [1.0] * (jobs - 1)
    bounds, acc, limit_index, limit = [], 0.0, 0, total * shares[0] / sum(shares)
    for i, weight in enumerate(weights):
        if acc >= limit and limit_index < jobs - 1:
            bounds.append(i)
            limit_index += 1
            limit += total * shares[limit_index] / sum(shares)
        acc += weight
    edges = [0] + bounds + [len(pages)]
    return [pages[a:b] for a, b in zip(edges, edges[1:]) if b > a]


# --- In the parent -------------------------------------------------------------------------------------


@event_priority(-200)  # after static-i18n has reconfigured the navigation (-100)
def on_nav(nav, config, files):
    _finish_quietly()
    jobs, explicit = _jobs()
    dirty = "--dirty" in sys.argv or "--dirtyreload" in sys.argv  # MkDocs then skips unchanged pages
    if _serving or dirty or os.environ.get("HEZA_SERVE_DATA") or jobs < 2 or threading.active_count() > 1 or not hasattr(os, "fork"):
        return nav
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
    if len(doc_files) < (2 if explicit else MIN_PAGES):
        return nav
    for file in doc_files:
        if file.page is None:
            Page(None, file, config)  # as MkDocs' build loop does for pages outside the navigation
    pages = [file.page for file in doc_files]
    chunks = _chunks(pages, jobs)
    if len(chunks) < 2:
        return nav
    nav_uris = [page.file.src_uri for page in nav.pages]

    children = []
    sys.stdout.flush()
    sys.stderr.flush()
    gc.freeze()  # children share the parent's objects without copying them when the collector runs
    try:
        for number, chunk in enumerate(chunks[1:], start=1):
            to_parent_r, to_parent_w = os.pipe()
            to_child_r, to_child_w = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child never returns to MkDocs
                code = 1
                try:
                    os.close(to_parent_r)
                    os.close(to_child_w)
                    for other in children:
                        other["reader"].close()
                        other["writer"].close()
                    code = _child(chunk, config, files, nav, nav_uris, os.fdopen(to_parent_w, "wb"), os.fdopen(to_child_r, "rb"))
                finally:
                    os._exit(code)
            os.close(to_parent_w)
            os.close(to_child_r)
            children.append({
                "pid": pid,
                "number": number,
                "reader": os.fdopen(to_parent_r, "rb"),
                "writer": os.fdopen(to_child_w, "wb"),
                "uris": {page.file.src_uri for page in chunk},
                "populated": None,
            })
    finally:
        gc.unfreeze()

    if os.environ.get(REPORT_VARIABLE):  # for the tests: which builds ran in parallel, in how many chunks
        with open(os.environ[REPORT_VARIABLE], "a", encoding="utf-8") as report:
            report.write(json.dumps([[page.file.src_uri for page in chunk] for chunk in chunks]) + "\n")
    theirs = {}
    for child in children:
        for src_uri in child["uris"]:
            theirs[src_uri] = child
    _run.update(children=children, theirs=theirs, files=files, nav_uris=nav_uris, titles_sent=False, config=config)
    for page in pages:
        if page.file.src_uri in theirs:
            page.render = _stand_in(page)  # an instance attribute: MkDocs' loop calls it instead of Page.render
    mkdocs_build._build_page = _build_page_of_parent
    return nav


def _stand_in(page: Page):
    def render(config, files):
        del page.render  # back to the class's method
        result = _populated_by_child(page.file.src_uri)
        _replay(result.pop("logs"))
        page.content = result["content"]
        page.toc = result["toc"]
        page._title_from_render = result["title"]
        page.present_anchor_ids = result["present_anchor_ids"]
        links = result["links_to_anchors"]
        if links is not None:
            page.links_to_anchors = {_run["files"].src_uris[uri]: anchors for uri, anchors in links.items()}

    return render


def _populated_by_child(src_uri: str) -> dict:
    child = _run["theirs"][src_uri]
    if child["populated"] is None:
        # The parent has rendered its own chunk (it comes first): collect every child's pages, then send
        # each child the titles of the navigation it needs to build its pages.
        started = time.perf_counter()
        for other in _run["children"]:
            if other["populated"] is None:
                other["populated"] = _receive(other, "populated")
        log.debug(f"parallel build: waited {time.perf_counter() - started:.2f} s for the children's rendered pages")
        _send_titles()
    return child["populated"][src_uri]


def _send_titles() -> None:
    files = _run["files"]
    titles = {}
    for uri in _run["nav_uris"]:
        page = files.src_uris[uri].page
        titles[uri] = _run["theirs"][uri]["populated"][uri]["page_title"] if uri in _run["theirs"] else page.title
    for child in _run["children"]:
        pickle.dump(titles, child["writer"], protocol=pickle.HIGHEST_PROTOCOL)
        child["writer"].flush()
    _run["titles_sent"] = True


def _build_page_of_parent(page, config, doc_files, nav, env, dirty=False, excluded=False):
    if page.file.src_uri in _run.get("theirs", ()):
        return  # built by a child
    return _ORIGINAL_BUILD_PAGE(page, config, doc_files, nav, env, dirty, excluded)


_build_page_of_parent.heza_original = _ORIGINAL_BUILD_PAGE


def _receive(child: dict, expected: str):
    try:
        kind, payload = pickle.load(child["reader"])
    except (EOFError, OSError, pickle.UnpicklingError):
        kind, payload = "error", "the process ended without a complete result"
    if kind == "error":
        _finish_quietly()
        raise PluginError(f"parallel build: worker {child['number']} failed: {payload}")
    assert kind == expected, (kind, expected)
    return payload


def _replay(records) -> None:
    for name, level, message in records:
        logging.getLogger(name).log(level, message)


@event_priority(100)  # before the search plugin (0) and static-i18n (-100) read the search entries
def on_post_build(config):
    if not _run:
        return
    try:
        if not _run["titles_sent"]:  # (only if no page of a child was rendered, which cannot happen)
            for child in _run["children"]:
                if child["populated"] is None:
                    child["populated"] = _receive(child, "populated")
            _send_titles()
        search = _search_index(config)
        started = time.perf_counter()
        for child in _run["children"]:
            entries, records = _receive(child, "built")
            _replay(records)
            if search is not None:
                search.entries.extend(entries)
        log.debug(f"parallel build: waited {time.perf_counter() - started:.2f} s for the children's built pages")
        for child in _run["children"]:
            _, status = os.waitpid(child["pid"], 0)
            if os.waitstatus_to_exitcode(status) != 0:
                raise PluginError(f"parallel build: worker {child['number']} exited with status {os.waitstatus_to_exitcode(status)}")
            child["pid"] = None
    finally:
        _finish_quietly()


def on_build_error(error):
    _finish_quietly()


def _finish_quietly() -> None:
    """Stop and reap the children, close the pipes, put MkDocs' _build_page back."""
    for child in _run.get("children", []):
        if child.get("pid"):
            try:
                os.kill(child["pid"], signal.SIGKILL)
                os.waitpid(child["pid"], 0)
            except (ChildProcessError, ProcessLookupError):
                pass
            child["pid"] = None
        for stream in ("reader", "writer"):
            try:
                child[stream].close()
            except OSError:
                pass
    _run.clear()
    mkdocs_build._build_page = _ORIGINAL_BUILD_PAGE


def _search_index(config):
    for name in ("search", "material/search"):
        plugin = config.plugins.get(name)
        if plugin is not None and hasattr(plugin, "search_index"):
            return plugin.search_index
    return None


# --- In a child -------------------------------------------------------------------------------------------


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record):
        self.records.append((record.name, record.levelno, record.getMessage()))

    def take(self) -> list:
        records, self.records = self.records, []
        return records


def _child(chunk, config, files, nav, nav_uris, to_parent, from_parent) -> int:
    capture = _Capture()
    mkdocs_logger = logging.getLogger("mkdocs")
    mkdocs_logger.handlers = [capture]  # the parent logs them again (and counts them in strict mode)
    mkdocs_logger.propagate = False
    try:
        # 1. Markdown to HTML, as MkDocs' loop would do it, noting what render left on each page.
        populated = {}
        for page in chunk:
            page.render = _capturing_render(page, populated)
            mkdocs_build._populate_page(page, config, files)
            populated[page.file.src_uri]["logs"] = capture.take()
        pickle.dump(("populated", populated), to_parent, protocol=pickle.HIGHEST_PROTOCOL)
        to_parent.flush()
        del populated

        # 2. The pages, once the navigation's titles are known.
        titles = pickle.load(from_parent)
        mine = {page.file.src_uri for page in chunk}
        for uri, title in titles.items():
            if uri not in mine:
                files.src_uris[uri].page.title = title
        env = config.theme.get_env()
        env = config.plugins.on_env(env, config=config, files=files)
        search = _search_index(config)
        before = len(search.entries) if search is not None else 0
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        for page in chunk:
            _ORIGINAL_BUILD_PAGE(page, config, doc_files, nav, env, False, excluded=page.file.inclusion.is_excluded())
        entries = search.entries[before:] if search is not None else []
        pickle.dump(("built", (entries, capture.take())), to_parent, protocol=pickle.HIGHEST_PROTOCOL)
        to_parent.flush()
        return 0
    except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent
        try:
            message = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            records = "; ".join(text for _, _, text in capture.take())
            pickle.dump(("error", message + (f" ({records})" if records else "")), to_parent, protocol=pickle.HIGHEST_PROTOCOL)
            to_parent.flush()
        except BaseException:  # noqa: BLE001
            pass
        return 1


def _capturing_render(page: Page, populated: dict):
    def render(config, files):
        del page.render
        page.render(config, files)
        links = page.links_to_anchors
        populated[page.file.src_uri] = {
            "content": page.content,
            "toc": page.toc,
            "title": page._title_from_render,
            "page_title": page.title,
            "present_anchor_ids": page.present_anchor_ids,
            "links_to_anchors": None if links is None else {file.src_uri: anchors for file, anchors in links.items()},
        }

    return render
