"""PDFs from HTML with WeasyPrint, cached by content, on every core.

Their bytes depend on the HTML only: the creation and modification dates are the data date
(site.source_date_epoch), the PDF identifier is derived from the content, and WeasyPrint embeds no
wall-clock time. A rendered PDF is kept in a cache folder (site.cache_dir()/pdf) under the hash of everything
that goes into it, so a sheet whose HTML did not change is not rendered again. Many PDFs are rendered in
one pool of worker processes, one per core.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import hashlib
import importlib.util
import multiprocessing
import multiprocessing.util
import os
import re
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from generator import caching, site

TEMPLATES = site.TEMPLATES
# Cached PDFs not used for this many days are removed at the end of a build.
CACHE_KEEP_DAYS = 30


def cache_dir() -> Path:
    """Where rendered PDFs are kept: $HEZA_PDF_CACHE, else the pdf/ folder of the build cache."""
    return Path(os.environ.get("HEZA_PDF_CACHE") or site.cache_dir() / "pdf")


def _epoch_to_w3c(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, tz=dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# The sheets' typeface is the DejaVu Sans that matplotlib (a pinned dependency) ships, not whatever the machine
# has installed: the PDFs are the same on every machine, and the font files' bytes are part of the cache key.
# A family name of its own keeps fontconfig from preferring an installed "DejaVu Sans" (_pdf.html.j2 uses it).
# DejaVu has no Hangul: Korean letters come from the project's own Hangul face (site.HANGUL_FONTS), listed
# second, so a Korean sheet embeds it and a Vietnamese or English one does not.
FONT_FAMILY = "HEZA DejaVu Sans"
FONT_FACES = (
    ("normal", "normal", "DejaVuSans.ttf"),
    ("bold", "normal", "DejaVuSans-Bold.ttf"),
    ("normal", "italic", "DejaVuSans-Oblique.ttf"),
    ("bold", "italic", "DejaVuSans-BoldOblique.ttf"),
)


def font_dir() -> Path:
    # Found without importing matplotlib (0.7 s), which a build whose sheets are all cached never needs.
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("matplotlib, whose DejaVu Sans the PDF sheets embed, is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"


def font_files() -> list[tuple[str, str, str, Path]]:
    """(family, weight, style, file) of every face the sheets may use."""
    faces = [(FONT_FAMILY, weight, style, font_dir() / name) for weight, style, name in FONT_FACES]
    # Hangul has no italics: the upright face serves an italic line too (a slanted copy loses its word spaces
    # in the PDF's text).
    hangul = [
        (site.HANGUL_FAMILY, weight, style, path)
        for weight, path in site.HANGUL_FONTS.items()
        for style in ("normal", "italic")
    ]
    return faces + hangul


def font_face_css() -> str:
    return "".join(
        f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: {style}; '
        f"src: url({path.as_uri()}); }}\n"
        for family, weight, style, path in font_files()
    )


@functools.cache
def _font_digest() -> str:
    digest = hashlib.sha256()
    for *_, path in font_files():
        digest.update(path.read_bytes())
    return digest.hexdigest()


_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")


def with_sheet_font(svg: str) -> str:
    """A chart's SVG for a PDF: its text in the sheets' typeface (matplotlib names the installed family). An SVG
    text takes its letters from its first family only, so a chart with Hangul is set in the Hangul face, which
    has Latin letters and digits too."""
    family = site.HANGUL_FAMILY if _HANGUL.search(svg) else FONT_FAMILY
    return svg.replace("font-family: 'DejaVu Sans'", f"font-family: '{family}'")


_fonts = None


def _font_config():
    """One WeasyPrint FontConfiguration per process, with the sheets' font faces loaded once: a new one per
    document keeps its fontconfig objects alive (about 0.5 MB per PDF, 1 GB per process over 2,000 sheets),
    and sharing it gives the same bytes. Returns (configuration, the @font-face stylesheet)."""
    global _fonts
    if _fonts is None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        config = FontConfiguration()
        # Outside the HTML, so the PDF's identifier (a hash of the HTML) does not depend on where the venv is.
        _fonts = config, CSS(string=font_face_css(), font_config=config)
    return _fonts


def _release_fonts() -> None:
    """Drop this process's font configuration and the copies of the font files WeasyPrint made for it in a
    temporary folder. WeasyPrint removes them only when the configuration is collected, which a forked
    process's exit skips and the interpreter's shutdown gets wrong."""
    global _fonts
    if _fonts is None:
        return
    folder = getattr(_fonts[0], "_folder", None)
    _fonts = None
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def render_pdf(html: str, epoch: int) -> bytes:
    """One PDF from HTML, with fixed dates and an identifier derived from the content."""
    from weasyprint import HTML

    stamp = _epoch_to_w3c(epoch)
    # WeasyPrint reads the document dates from these meta elements; there is no other clock in the file.
    html = html.replace(
        "</head>",
        f'<meta name="dcterms.created" content="{stamp}"><meta name="dcterms.modified" content="{stamp}"></head>',
        1,
    )
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    font_config, font_faces = _font_config()
    return HTML(string=html, base_url=str(TEMPLATES)).write_pdf(
        stylesheets=[font_faces],
        pdf_identifier=identifier,
        pdf_variant="pdf/ua-1",  # PDF/UA-1 (ISO 14289-1): tagged, with the document's language and title
        pdf_tags=True,
        uncompressed_pdf=False,
        font_config=font_config,
    )


@functools.cache
def _renderer_versions() -> tuple[str, str]:
    # From the installed metadata: importing WeasyPrint takes half a second, and a build whose PDFs all
    # come from the cache never needs it.
    from importlib.metadata import version

    return version("weasyprint"), version("pydyf")


def cache_key(html: str, epoch: int) -> str:
    digest = hashlib.sha256()
    for part in (*_renderer_versions(), _font_digest(), str(epoch), html):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


@dataclass
class PdfStats:
    rendered: int = 0
    cached: int = 0


def cached_pdf(html: str, epoch: int, cache: Path) -> tuple[Path, bool]:
    """The cache file holding the PDF of this HTML, rendered (and written atomically, with its digest) unless a
    verified one is there: bytes matching their recorded digest, and a complete PDF (generator/caching.py).
    Returns (file, whether it was rendered now)."""
    cached = cache / f"{cache_key(html, epoch)}.pdf"
    if caching.read_verified(cached, caching.is_complete_pdf) is not None:
        os.utime(cached)  # keeps it from being pruned
        return cached, False
    caching.write_verified(cached, render_pdf(html, epoch))
    return cached, True


# Each process pays about half a second to set WeasyPrint up, a fact sheet takes 0.1-0.2 s: other processes
# pay off only for many sheets (a large dataset).
PARALLEL_FROM = 24


def _workers(count: int) -> int:
    """Processes to render with: $HEZA_PDF_WORKERS, else one per CPU when there are many PDFs."""
    wanted = os.environ.get("HEZA_PDF_WORKERS")
    if wanted:
        return max(1, min(int(wanted), count))
    if count < PARALLEL_FROM:
        return 1
    return max(1, min(os.cpu_count() or 1, count))


def _can_fork() -> bool:
    """Forking copies only the calling thread: with other threads running (the live preview's server) a
    worker could inherit a lock held by one of them."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


# What forked workers render: set by make_all just before the fork, so they inherit it (dataset, templates,
# catalogs) instead of receiving it pickled; tasks are only numbers.
_batch: tuple | None = None


def _make_one(index: int) -> tuple[str, str, bool, list[set[str]]]:
    assert _batch is not None, "make_all sets the batch before any worker starts"
    produce, epoch, cache, translations = _batch
    path, html = produce(index)
    cached, rendered = cached_pdf(html, epoch, cache)
    return path, str(cached), rendered, [set(t.missing) for t in translations]


def _fresh_worker() -> None:
    global _fonts
    _fonts = None  # fontconfig state is not shared across a fork; each worker makes its own
    # Run when the worker leaves normally (the pool is closed and joined, not terminated).
    multiprocessing.util.Finalize(None, _release_fonts, exitpriority=10)


def make_all(
    count: int, produce, epoch: int, cache: Path | None, stats: PdfStats | None, translations=()
) -> list[tuple[str, Path]]:
    """[(path, cached PDF file)] for items 0..count-1, produce(i) giving (path, HTML). HTML is made, looked up
    in the cache and rendered when missing in worker processes (forked, so they share the dataset) when
    there are many items; in this process otherwise, or when threads run here (a fork would copy their locks)."""
    global _batch
    cache = cache or cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    stats = stats if stats is not None else PdfStats()
    workers = _workers(count)
    _batch = (produce, epoch, cache, list(translations))
    try:
        if workers > 1 and _can_fork():
            gc.freeze()  # workers share the parent's objects without copying them when their collector runs
            try:
                with multiprocessing.get_context("fork").Pool(workers, initializer=_fresh_worker) as pool:
                    # Small chunks: a cold sheet takes 0.15 s, so a big last chunk leaves the other cores idle.
                    results = pool.map(_make_one, range(count), chunksize=max(1, min(4, count // (workers * 8))))
                    pool.close()
                    pool.join()  # workers exit normally, so their font folders go (terminate would kill them)
            finally:
                gc.unfreeze()
        else:
            results = [_make_one(i) for i in range(count)]
    finally:
        _batch = None
        _release_fonts()
    out = []
    for path, cached, rendered, missing in results:
        for strict, messages in zip(translations, missing, strict=True):
            strict.missing.update(messages)  # a worker's missing catalog texts count as this build's
        stats.rendered += rendered
        stats.cached += not rendered
        out.append((path, Path(cached)))
    return out


def prune_cache(cache: Path | None = None, keep_days: int = CACHE_KEEP_DAYS) -> int:
    """Remove cached PDFs unused for keep_days, with their digests, and what killed runs left there (only the
    cache; never the site's output)."""
    cache = cache or cache_dir()
    if not cache.exists():
        return 0
    limit = time.time() - keep_days * 86400
    removed = 0
    for path in cache.glob("*.pdf"):
        if path.stat().st_mtime < limit:
            path.unlink()
            caching.digest_path(path).unlink(missing_ok=True)
            removed += 1
    for digest in cache.glob("*.pdf" + caching.DIGEST_SUFFIX):
        if not digest.with_name(digest.name.removesuffix(caching.DIGEST_SUFFIX)).exists():
            digest.unlink(missing_ok=True)
    for partial in cache.glob("*.tmp"):  # half-written by a killed run; an hour is far beyond any render
        if partial.stat().st_mtime < time.time() - 3600:
            partial.unlink(missing_ok=True)
    return removed
