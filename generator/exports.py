"""Downloads of the portal: open data (JSON, CSV), the Atom feed of the timeline, and the PDFs.

Everything here is written into the staged docs folder before MkDocs runs (write_downloads, called by
building.build), under each language's folder, so each language's build publishes its own (the default
language's under /, English under /en/):

    downloads/heza-data-<lang>.json          the whole dataset, texts in that language
    downloads/heza-key-figures-<lang>.csv    key figures: numbers in machine form with a unit column
    downloads/heza-events-<lang>.csv         timeline events
    downloads/heza-zones-<lang>.csv          zones
    downloads/heza-investor-brief-<lang>.pdf the overview's key figures and the zones
    downloads/factsheet-<zone>-<lang>.pdf    one fact sheet per zone
    feed.xml                                 Atom feed of the timeline events

All outputs are deterministic: the same data gives the same bytes (no clock, sorted where order is free).
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from decimal import Decimal
from pathlib import Path

from markupsafe import Markup
from pydantic import BaseModel

from generator import charts, factsheets, formatting, site
from generator.catalogs import StrictTranslations
from generator.loading import DataError
from generator.models import Dataset, PartialDate, Period, Text
from generator.site import download_path, page_url

# The tag URI authority of the feed and entry ids (RFC 4151): the portal's domain and a fixed year, so ids
# never change when the site is rebuilt or moved.
TAG_AUTHORITY = "heza.gov.vn,2026"


# --- Machine forms ---------------------------------------------------------------------------------


def machine_number(value: Decimal | None):
    """A Decimal as a plain JSON number: 481915 stays an integer, 4.35 a decimal (no exponent)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def csv_number(value: Decimal | None) -> str:
    """A number as plain text for CSV, with a dot and no thousands separator: '4.35', '481915'."""
    if value is None:
        return ""
    text = format(value, "f")
    return text


def unit_label(unit: str, lang: str) -> str:
    return charts.unit_label(unit, lang)


def _localize(value, lang: str):
    """Any model value turned into JSON-ready data, with every Text in one language."""
    if isinstance(value, Text):
        return value.get(lang)
    if isinstance(value, BaseModel):
        out = {}
        for name in type(value).model_fields:
            child = getattr(value, name)
            if child is None or child == []:
                continue
            out[name] = _localize(child, lang)
        return out
    if isinstance(value, (list, tuple)):
        return [_localize(v, lang) for v in value]
    if isinstance(value, Decimal):
        return machine_number(value)
    if isinstance(value, (PartialDate, Period)):
        return str(value)
    return value


def _source_json(source, lang: str) -> dict:
    """A source in one language, without the editors' archive file name; the original headline only where the
    source prints one (a title the portal wrote is never given as the original)."""
    item = _localize(source, lang)
    item.pop("archive", None)
    if lang != "vi" and not source.title_descriptive:
        item["title_original"] = source.title.vi
    return item


def dataset_json(data: Dataset, lang: str, data_date: PartialDate) -> bytes:
    """The whole dataset in one language as JSON (UTF-8, keys in model order, one line per top-level key:
    compact, and the C encoder is ten times as fast as the indenting one on a large dataset). data_date is
    the day the data were compiled; newest_fact is the date of the newest dated fact."""
    figures = []
    for figure in data.figures:
        item = _localize(figure, lang)
        item["unit_label"] = unit_label(figure.unit, lang)
        item["text"] = formatting.quantity_text(figure, lang)
        figures.append(item)
    document = {
        "language": lang,
        "compiled": data_date.iso(),
        "newest_fact": newest.iso() if (newest := data.newest_fact_date()) else None,
        "site": page_url(lang),
        "authority": _localize(data.authority, lang),
        "sources": [_source_json(s, lang) for s in data.sources],
        "tags": _localize(data.tags, lang),
        "figure_groups": _localize(data.groups, lang),
        "figures": figures,
        "events": _localize(data.events, lang),
        "zones": _localize(data.zones, lang),
    }
    lines = [
        f"{json.dumps(key)}:{json.dumps(value, ensure_ascii=False, separators=(',', ':'))}"
        for key, value in document.items()
    ]
    return ("{\n" + ",\n".join(lines) + "\n}\n").encode("utf-8")


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    """CSV as RFC 4180 (CRLF, quoted when needed) in UTF-8 with a byte order mark, which spreadsheet
    programs need to read Vietnamese text correctly (read it with encoding 'utf-8-sig')."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


FIGURES_HEADER = [
    "id",
    "group",
    "group_title",
    "label",
    "value",
    "value_max",
    "unit",
    "unit_label",
    "qualifier",
    "status",
    "reliability",
    "scope",
    "zones",
    "period",
    "as_of",
    "text",
    "note",
    "editorial_note",
    "source",
    "source_title",
    "chart",
]


def figures_csv(data: Dataset, lang: str) -> bytes:
    groups = {g.id: g for g in data.groups}
    rows = []
    for f in data.figures:
        rows.append(
            [
                f.id,
                f.group,
                groups[f.group].title.get(lang),
                f.label.get(lang),
                csv_number(f.value),
                csv_number(f.value_max),
                f.unit,
                unit_label(f.unit, lang),
                f.qualifier or "",
                f.status,
                f.reliability,
                f.scope,
                " ".join(f.zones),
                str(f.period) if f.period else "",
                f.as_of.iso() if f.as_of else "",
                formatting.quantity_text(f, lang),
                f.note.get(lang) if f.note else "",
                f.editorial_note.get(lang) if f.editorial_note else "",
                f.source,
                data.source(f.source).title.get(lang),
                f.chart or "",
            ]
        )
    return _csv(FIGURES_HEADER, rows)


EVENTS_HEADER = [
    "id",
    "date",
    "date_qualifier",
    "date_text",
    "status",
    "title",
    "summary",
    "tags",
    "tag_names",
    "zones",
    "zone_names",
    "sources",
    "note",
    "editorial_note",
    "url",
]


def _events_sorted(data: Dataset) -> list:
    return sorted(data.events, key=lambda e: (e.date.sort_key(), e.id))


def events_csv(data: Dataset, lang: str) -> bytes:
    rows = []
    for e in _events_sorted(data):
        rows.append(
            [
                e.id,
                e.date.iso(),
                e.date_qualifier,
                formatting.format_date(e.date, lang, e.date_qualifier),
                e.status,
                e.title.get(lang),
                e.summary.get(lang),
                " ".join(e.tags),
                "; ".join(data.tag(t).name.get(lang) for t in e.tags),
                " ".join(e.zones),
                "; ".join(data.zone(z).name.get(lang) for z in e.zones),
                " ".join(e.sources),
                e.note.get(lang) if e.note else "",
                e.editorial_note.get(lang) if e.editorial_note else "",
                page_url(lang, f"timeline/#event-{e.id}"),
            ]
        )
    return _csv(EVENTS_HEADER, rows)


ZONES_HEADER = [
    "id",
    "kind",
    "kind_label",
    "name",
    "parent",
    "summary",
    "status",
    "status_label",
    "status_as_of",
    "area_ha",
    "area_qualifier",
    "location",
    "url",
    "factsheet_url",
]


def zones_csv(data: Dataset, lang: str, labels: factsheets.Labels) -> bytes:
    rows = []
    for z in data.zones:
        rows.append(
            [
                z.id,
                z.kind,
                labels.kind(z.kind),
                z.name.get(lang),
                z.parent or "",
                z.summary.get(lang),
                z.status.value,
                labels.status(z.status.value),
                z.status.as_of.iso(),
                csv_number(z.area.value) if z.area else "",
                (z.area.qualifier or "") if z.area else "",
                z.location.text.get(lang) if z.location else "",
                page_url(lang, f"zones/{z.id}/"),
                page_url(lang, download_path("factsheet", lang, z.id)),
            ]
        )
    return _csv(ZONES_HEADER, rows)


# --- Atom feed -------------------------------------------------------------------------------------


def date_time(date: PartialDate) -> str:
    """RFC 3339 time of a date at any precision: its first day, at midnight UTC."""
    month = date.month or ((date.quarter - 1) * 3 + 1 if date.quarter else 1)
    return f"{date.year:04d}-{month:02d}-{date.day or 1:02d}T00:00:00Z"


def entry_updated(data: Dataset, event) -> str:
    """When an entry's information was last given (RFC 3339): the latest date of its sources (published or
    viewed) and, for an event that happened, of the event itself. A partial date counts from its first day."""
    dates = [d for s in event.sources for d in (data.source(s).published, data.source(s).viewed) if d]
    if event.status == "occurred":
        dates.append(event.date)
    if not dates:
        return date_time(factsheets.data_date(data))
    return max(date_time(d) for d in dates)


def feed_id(lang: str) -> str:
    return f"tag:{TAG_AUTHORITY}:{lang}/timeline"


def entry_id(lang: str, event_id: str) -> str:
    return f"tag:{TAG_AUTHORITY}:{lang}/event/{event_id}"


def atom_feed(data: Dataset, lang: str, env) -> bytes:
    """The timeline as an Atom feed (RFC 4287), newest event first; ids depend on event ids only."""
    # Newest first; events of the same date in id order (a stable sort keeps the first pass's order).
    events = sorted(sorted(data.events, key=lambda e: e.id), key=lambda e: e.date.sort_key(), reverse=True)
    entries = []
    for e in events:
        entries.append(
            {
                "event": e,
                "id": entry_id(lang, e.id),
                "updated": entry_updated(data, e),
                "url": page_url(lang, f"timeline/#event-{e.id}"),
                "date_text": formatting.format_date(e.date, lang, e.date_qualifier),
                "sources": [data.source(s) for s in e.sources],
            }
        )
    updated = date_time(factsheets.data_date(data))
    if entries:
        updated = max([updated] + [entry["updated"] for entry in entries])
    text = env.get_template("feed.xml.j2").render(
        data=data,
        lang=lang,
        feed_id=feed_id(lang),
        updated=updated,
        self_url=page_url(lang, download_path("feed", lang)),
        timeline_url=page_url(lang, "timeline/"),
        entries=entries,
        zone_url=lambda zone_id: page_url(lang, f"zones/{zone_id}/"),
    )
    return text.encode("utf-8")


# --- Everything, per language ------------------------------------------------------------------------


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
    data: Dataset, translations: dict[str, StrictTranslations], cache: Path | None = None, stats=None, pdfs: bool = True
) -> dict[str, bytes | Path]:
    """Every download of each language given a catalog, as {path inside the docs folder: bytes}; a PDF is given
    as the file of the PDF cache that holds it (generator/factsheets.py), so a large build never holds them
    all in memory. Without pdfs, the other files only (the live preview renders the PDFs afterwards)."""
    date = factsheets.data_date(data)
    epoch = site.source_date_epoch(data)
    renderers = []
    for lang in translations:
        paths = {("factsheet", z.id): download_path("factsheet", lang, z.id) for z in data.zones}
        paths[("brief", None)] = download_path("brief", lang)
        env = factsheets.html_environment(translations[lang])
        renderers.append(
            factsheets.SheetRenderer(data, lang, translations[lang], paths, chart_svgs(data, lang, env), env)
        )
    # The PDFs first: their workers fork from this process, and need not share the other files' bytes.
    files: dict[str, bytes | Path] = dict(factsheets.sheet_files(renderers, epoch, cache, stats)) if pdfs else {}
    for lang, renderer in zip(translations, renderers, strict=True):  # the feed and labels use the sheets' environment
        files[f"{lang}/{download_path('json', lang)}"] = dataset_json(data, lang, date)
        files[f"{lang}/{download_path('figures-csv', lang)}"] = figures_csv(data, lang)
        files[f"{lang}/{download_path('events-csv', lang)}"] = events_csv(data, lang)
        files[f"{lang}/{download_path('zones-csv', lang)}"] = zones_csv(data, lang, renderer.labels)
        files[f"{lang}/{download_path('feed', lang)}"] = atom_feed(data, lang, renderer.env)
    return files


def all_outputs(data: Dataset, strict: dict[str, StrictTranslations], pdfs: bool = True) -> dict[str, bytes | Path]:
    """Every download of the languages in strict, as {path inside the docs folder: bytes, or the cached file
    of a PDF}, e.g. 'en/feed.xml'.

    Raises DataError when an interface text the downloads use is missing from a catalog, or when the
    figures of a chart cannot be drawn together.
    """
    try:
        files = outputs(data, strict, pdfs=pdfs)
    except charts.ChartError as exc:
        raise DataError([str(exc)]) from None
    missing = [f"MISSING_TRANSLATION|{lang}|{message}" for lang in strict for message in sorted(strict[lang].missing)]
    if missing:
        raise DataError(missing)
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
    factsheets.prune_cache()
    return files
