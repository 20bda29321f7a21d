"""PDF fact sheets (one per zone and language) and the investor brief (one per language), with WeasyPrint.

The PDFs are rendered from HTML templates (factsheet.html.j2, brief.html.j2) whose interface text comes
from the same catalogs as the pages. Their bytes depend on the data only: the creation and modification
dates are the data date (building.source_date_epoch), the PDF identifier is derived from the content,
and WeasyPrint embeds no wall-clock time. A rendered PDF is kept in a cache folder (.cache/pdf/, git-ignored)
under the hash of everything that goes into it, so a zone whose sheet did not change is not rendered again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from generator import formatting
from generator.catalogs import StrictTranslations
from generator.models import Dataset, PartialDate
from generator.rendering import make_environment

TEMPLATES = Path(__file__).parent / "templates"
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CACHE = ROOT / ".cache" / "pdf"
# Cached PDFs not used for this many days are removed at the end of a build.
CACHE_KEEP_DAYS = 30
SITE_URL = "https://heza.gov.vn/"


def cache_dir() -> Path:
    """Where rendered PDFs are kept: $HEZA_PDF_CACHE, or .cache/pdf/ in the repository."""
    return Path(os.environ.get("HEZA_PDF_CACHE") or DEFAULT_CACHE)


def html_environment(translations: StrictTranslations) -> jinja2.Environment:
    """Jinja2 for HTML and XML outputs (PDF sources, the Atom feed): HTML escaping, the catalogs' text."""
    return make_environment(translations, markdown=False)


class Labels:
    """Kind and status labels, taken from the pages' own macros so each text has one catalog entry."""

    def __init__(self, env: jinja2.Environment):
        self._macros = env.get_template("_macros.md.j2").make_module({"h": None, "lang": None})

    def kind(self, kind: str) -> str:
        return Markup(self._macros.kind_label(kind)).unescape().strip()

    def status(self, status: str) -> str:
        return Markup(self._macros.status_label(status)).unescape().strip()


class SheetHelpers(formatting.LocalizedFormat):
    """What the PDF templates call: formatted values in one language, and numbered citations.

    Citations use the portal's numbering (the sources page), so [3] on a sheet is [3] on the site too.
    """

    def __init__(self, data: Dataset, lang: str, data_date: PartialDate):
        super().__init__(lang)
        self.data, self.data_date = data, data_date
        self._numbers = {source.id: i for i, source in enumerate(data.sources, start=1)}
        self._cited: list[str] = []

    def cite(self, *source_ids) -> Markup:
        ids: list[str] = []
        for item in source_ids:
            ids.extend([item] if isinstance(item, str) else item)
        out = []
        for source_id in dict.fromkeys(ids):
            if source_id not in self._cited:
                self._cited.append(source_id)
            out.append(f'<span class="cite">[{self._numbers[source_id]}]</span>')
        return Markup(" ".join(out))

    def cited_sources(self) -> list[tuple[int, object]]:
        """The sources cited so far, by their portal number."""
        return sorted((self._numbers[s], self.data.source(s)) for s in self._cited)

    def page_url(self, path: str) -> str:
        """The absolute address of a portal page ('zones/x/' -> https://heza.gov.vn/en/zones/x/)."""
        prefix = "" if self.lang == "vi" else f"{self.lang}/"
        return SITE_URL + prefix + path


def data_date(data: Dataset) -> PartialDate:
    from generator.building import source_date_epoch

    day = dt.datetime.fromtimestamp(source_date_epoch(data), tz=dt.timezone.utc).date()
    return PartialDate(day.year, day.month, day.day)


@dataclass(frozen=True)
class PdfJob:
    """One PDF to make: where it goes (relative to the docs folder) and the HTML it is made from."""

    path: str
    html: str
    title: str


def _events_of_zone(data: Dataset, zone_id: str) -> list:
    return sorted((e for e in data.events if zone_id in e.zones), key=lambda e: (e.date.sort_key(), e.id))


def sheet_jobs(data: Dataset, lang: str, translations: StrictTranslations, paths: dict, charts_svg: dict | None = None) -> list[PdfJob]:
    """The fact sheets of every zone and the investor brief of one language, as HTML ready for WeasyPrint.

    paths maps ("factsheet", zone id) and ("brief", None) to the file's path inside the language folder.
    """
    env = html_environment(translations)
    labels = Labels(env)
    when = data_date(data)
    children: dict[str, list] = {}
    for zone in data.zones:
        if zone.parent:
            children.setdefault(zone.parent, []).append(zone)
    jobs = []
    sheet = env.get_template("factsheet.html.j2")
    for zone in data.zones:
        h = SheetHelpers(data, lang, when)
        html = sheet.render(
            data=data,
            lang=lang,
            h=h,
            labels=labels,
            zone=zone,
            events=_events_of_zone(data, zone.id),
            figures=[f for f in data.figures if zone.id in f.zones],
            children=children.get(zone.id, []),
            page_url=h.page_url(f"zones/{zone.id}/"),
        )
        jobs.append(PdfJob(f"{lang}/{paths[('factsheet', zone.id)]}", html, zone.name.get(lang)))
    h = SheetHelpers(data, lang, when)
    brief = env.get_template("brief.html.j2").render(
        data=data, lang=lang, h=h, labels=labels, charts=charts_svg or {}, page_url=h.page_url("")
    )
    jobs.append(PdfJob(f"{lang}/{paths[('brief', None)]}", brief, data.authority.name.get(lang)))
    return jobs


def _epoch_to_w3c(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, tz=dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


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
    return HTML(string=html, base_url=str(TEMPLATES)).write_pdf(
        pdf_identifier=identifier,
        pdf_tags=True,
        uncompressed_pdf=False,
    )


def cache_key(html: str, epoch: int) -> str:
    import pydyf
    import weasyprint

    digest = hashlib.sha256()
    for part in (weasyprint.__version__, pydyf.__version__, str(epoch), html):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


@dataclass
class PdfStats:
    rendered: int = 0
    cached: int = 0


def _render_job(args: tuple[str, int]) -> bytes:
    html, epoch = args
    return render_pdf(html, epoch)


# Each process pays about half a second to set WeasyPrint up, a fact sheet takes about 0.1 s: a pool pays
# off only for many PDFs (a first build of a large dataset).
PARALLEL_FROM = 24


def _workers(count: int) -> int:
    """Processes to render with: $HEZA_PDF_WORKERS, else one per CPU when there are many PDFs."""
    wanted = os.environ.get("HEZA_PDF_WORKERS")
    if wanted:
        return max(1, min(int(wanted), count))
    if count < PARALLEL_FROM:
        return 1
    return max(1, min(os.cpu_count() or 1, count))


def make_pdfs(jobs: list[PdfJob], epoch: int, cache: Path | None = None, stats: PdfStats | None = None) -> dict[str, bytes]:
    """{path: PDF bytes} for every job, taking unchanged ones from the cache and rendering the others
    in parallel (the bytes of a PDF do not depend on which process made it)."""
    cache = cache or cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    stats = stats if stats is not None else PdfStats()
    out: dict[str, bytes] = {}
    missing: list[tuple[PdfJob, Path]] = []
    for job in jobs:
        cached = cache / f"{cache_key(job.html, epoch)}.pdf"
        if cached.exists():
            out[job.path] = cached.read_bytes()
            os.utime(cached)  # keeps it from being pruned
            stats.cached += 1
        else:
            missing.append((job, cached))
    workers = _workers(len(missing))
    if workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            rendered = list(pool.map(_render_job, [(job.html, epoch) for job, _ in missing], chunksize=1))
    else:
        rendered = [render_pdf(job.html, epoch) for job, _ in missing]
    for (job, cached), pdf in zip(missing, rendered):
        temporary = cached.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(pdf)
        temporary.replace(cached)
        stats.rendered += 1
        out[job.path] = pdf
    return {job.path: out[job.path] for job in jobs}


def prune_cache(cache: Path | None = None, keep_days: int = CACHE_KEEP_DAYS) -> int:
    """Remove cached PDFs unused for keep_days (only the cache; never the site's output)."""
    cache = cache or cache_dir()
    if not cache.exists():
        return 0
    limit = time.time() - keep_days * 86400
    removed = 0
    for path in cache.glob("*.pdf"):
        if path.stat().st_mtime < limit:
            path.unlink()
            removed += 1
    return removed
