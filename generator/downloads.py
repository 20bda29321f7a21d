"""Every download of the portal, written beside each language's pages before MkDocs runs (write_downloads,
called by building.build): the open data (generator/opendata.py), the Atom feed (generator/feeds.py) and
the PDFs, a fact sheet per zone and the investor brief (generator/sheets.py makes their HTML,
generator/pdfs.py renders and caches them). Each language's build publishes its own: the default
language's under /, English under /en/.

    downloads/heza-investor-brief-<lang>.pdf the overview's key figures and the zones
    downloads/factsheet-<zone>-<lang>.pdf    one fact sheet per zone
    (and the open data and feed.xml)

All outputs are deterministic: the same data gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import posixpath
import shutil
import zipfile
from pathlib import Path

from markupsafe import Markup

from generator import catalogs, charts, feeds, opendata, pdfs, sheets, site
from generator.catalogs import StrictTranslations
from generator.loading import DataError
from generator.models import Dataset, PartialDate
from generator.site import download_path


def chart_svgs(data: Dataset, lang: str, env) -> dict[str, tuple[str, Markup]]:
    """The charts for the investor brief, titled with the same catalog text as the overview."""
    module = env.get_template("_charts.md.j2").make_module({"h": None, "lang": lang})
    out = {}
    statuses = {k: str(v) for k, v in module.status_labels.items()}
    for key, title, kind_text, _first_column in module.chart_list:
        svg = charts.render_svg(data, key, lang, str(title), str(kind_text), statuses)
        if svg:
            out[key] = (str(title), Markup(svg))
    return out


def outputs(
    data: Dataset,
    translations: dict[str, StrictTranslations],
    cache: Path | None = None,
    stats=None,
    with_pdfs: bool = True,
) -> dict[str, bytes | Path]:
    """Every download of each language given a catalog, as {path inside the docs folder: bytes}; a PDF is given
    as the file of the PDF cache that holds it (generator/pdfs.py), so a large build never holds them
    all in memory. Without with_pdfs, the other files only (the live preview renders the PDFs afterwards)."""
    date = PartialDate.from_date(site.data_date(data))
    epoch = site.source_date_epoch(data)
    renderers = []
    for lang in translations:
        paths: dict[tuple[str, str | None], str] = {
            ("factsheet", z.id): download_path("factsheet", lang, z.id) for z in data.zones
        }
        paths[("brief", None)] = download_path("brief", lang)
        env = sheets.html_environment(translations[lang])
        renderers.append(sheets.SheetRenderer(data, lang, translations[lang], paths, chart_svgs(data, lang, env), env))
    # The PDFs first: their workers fork from this process, and need not share the other files' bytes.
    files: dict[str, bytes | Path] = dict(sheets.sheet_files(renderers, epoch, cache, stats)) if with_pdfs else {}
    for lang, renderer in zip(translations, renderers, strict=True):  # the feed and labels use the sheets' environment
        files[f"{lang}/{download_path('json', lang)}"] = opendata.dataset_json(data, lang, date)
        files[f"{lang}/{download_path('figures-csv', lang)}"] = opendata.figures_csv(data, lang)
        files[f"{lang}/{download_path('events-csv', lang)}"] = opendata.events_csv(data, lang)
        files[f"{lang}/{download_path('zones-csv', lang)}"] = opendata.zones_csv(data, lang, renderer.labels)
        files[f"{lang}/{download_path('comparison-csv', lang)}"] = opendata.comparison_csv(data, lang, renderer.labels)
        for kind in ("feed", "feed-investment"):
            files[f"{lang}/{download_path(kind, lang)}"] = feeds.atom_feed(data, lang, renderer.env, kind)
        files[f"{lang}/{download_path('share-image', lang)}"] = share_image(data.authority.name.get(lang))
        if lang == site.DEFAULT_LANGUAGE:
            files[f"{lang}/{download_path('robots', lang)}"] = robots_txt()
        if with_pdfs:
            sheets_of_lang = {
                download_path("factsheet", lang, z.id): files[f"{lang}/{download_path('factsheet', lang, z.id)}"]
                for z in data.zones
            }
            files[f"{lang}/{download_path('factsheets-zip', lang)}"] = fact_sheets_zip(sheets_of_lang, epoch)
    return files


def robots_txt() -> bytes:
    """Every page may be crawled; the sitemap at the site root lists them all (every language)."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {site.SITE_URL}sitemap.xml\n".encode()


def share_image(name: str) -> bytes:
    """The picture link previews show (Open Graph, Twitter card): 1200 x 630 px, the portal's wordmark colours
    and the authority's name. Drawn by matplotlib with no date or version in the file, so the same name gives
    the same bytes."""
    import matplotlib

    # The same fonts whether or not a chart was drawn before in this process: else the bytes (and the Hangul
    # letters of the Korean image) depend on the chart cache.
    charts.portal_fonts()
    matplotlib.use("Agg")
    from matplotlib import pyplot
    from matplotlib.patches import FancyBboxPatch

    figure = pyplot.figure(figsize=(12, 6.3), dpi=100, facecolor="#1a237e")
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_axis_off()
    axes.set_xlim(0, 1200)
    axes.set_ylim(0, 630)
    axes.add_patch(
        FancyBboxPatch((80, 400), 130, 130, boxstyle="round,pad=0,rounding_size=24", fc="#1a237e", ec="white", lw=6)
    )
    axes.plot([112, 112], [430, 500], color="white", lw=12, solid_capstyle="round")
    axes.plot([178, 178], [430, 500], color="white", lw=12, solid_capstyle="round")
    axes.plot([112, 178], [465, 465], color="white", lw=12, solid_capstyle="round")
    for y in (120, 80):
        xs = [80 + i * 10 for i in range(105)]
        axes.plot(xs, [y + 12 * ((i % 20) / 10 - 1) ** 2 for i in range(105)], color="#80cbc4", lw=5)
    words, lines, line = name.split(), [], ""
    for word in words:  # two or three lines of at most 26 characters
        if line and len(line) + 1 + len(word) > 26:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    axes.text(80, 340, "\n".join(lines), color="white", fontsize=48, fontweight="bold", va="top", linespacing=1.25)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", facecolor=figure.get_facecolor(), metadata={"Software": None})
    pyplot.close(figure)
    return buffer.getvalue()


def fact_sheets_zip(sheets_by_path: dict[str, bytes | Path], epoch: int) -> bytes:
    """Every fact sheet of a language in one ZIP, byte for byte the same for the same sheets: entries sorted
    by name, each dated by the data (never the clock; ZIP cannot go before 1980), fixed permissions."""
    stamp = max(dt.datetime.fromtimestamp(epoch, tz=dt.UTC), dt.datetime(1980, 1, 1, tzinfo=dt.UTC))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(sheets_by_path):
            content = sheets_by_path[path]
            info = zipfile.ZipInfo(posixpath.basename(path), date_time=stamp.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, whatever system builds it
            archive.writestr(info, content if isinstance(content, bytes) else content.read_bytes())
    return buffer.getvalue()


def all_outputs(
    data: Dataset, strict: dict[str, StrictTranslations], with_pdfs: bool = True
) -> dict[str, bytes | Path]:
    """Every download of the languages in strict, as {path inside the docs folder: bytes, or the cached file
    of a PDF}, e.g. 'en/feed.xml'.

    Raises DataError when an interface text the downloads use is missing from a catalog, or when the
    figures of a chart cannot be drawn together.
    """
    try:
        files = outputs(data, strict, with_pdfs=with_pdfs)
    except charts.ChartError as exc:
        raise DataError([str(exc)]) from None
    catalogs.fail_on_missing(strict)
    return files


def write_downloads(data: Dataset, docs_dir: Path, strict: dict[str, StrictTranslations]) -> dict[str, bytes | Path]:
    """Write every download under docs_dir/<lang>/ (the staged docs folder); returns what was written.
    PDFs are hard links to the cache's files where the file system allows (MkDocs copies them into the site)."""
    files = all_outputs(data, strict)
    for rel, content in files.items():
        path = docs_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            try:
                os.link(content, path)
            except OSError:
                shutil.copyfile(content, path)
        else:
            path.write_bytes(content)
    pdfs.prune_cache()
    return files
