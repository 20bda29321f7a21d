"""Open data in each language: the whole dataset as JSON, and the key figures, events and zones as CSV.

    downloads/heza-data-<lang>.json          the whole dataset, texts in that language
    downloads/heza-key-figures-<lang>.csv    key figures: numbers in machine form with a unit column
    downloads/heza-events-<lang>.csv         timeline events
    downloads/heza-zones-<lang>.csv          zones

The same data gives the same bytes (no clock, sorted where order is free).
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from pydantic import BaseModel

from generator import charts, formatting
from generator.models import Dataset, PartialDate, Period, Text
from generator.rendering import Labels, comparison_rows
from generator.site import download_path, page_url

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


# The columns that hold numbers in machine form (csv_number): "-0.5" there is a number, never a formula.
NUMERIC_COLUMNS = frozenset({"value", "value_max", "area_ha"})
# What a spreadsheet reads as the start of a formula (OWASP, "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(text: str) -> str:
    """A text cell that a spreadsheet would run as a formula ("=HYPERLINK(...)", "@SUM(...)", "-2+3"), with
    a leading apostrophe, as OWASP recommends: the spreadsheet shows the text, not its result."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    """CSV as RFC 4180 (CRLF, quoted when needed) in UTF-8 with a byte order mark, which spreadsheet
    programs need to read Vietnamese text correctly (read it with encoding 'utf-8-sig'). Text cells are
    neutralised (neutralise_cell); the numeric columns stay numbers."""
    texts = [i for i, name in enumerate(header) if name not in NUMERIC_COLUMNS]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        for i in texts:
            row[i] = neutralise_cell(row[i])
        writer.writerow(row)
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


def zones_csv(data: Dataset, lang: str, labels: Labels) -> bytes:
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


COMPARISON_HEADER = [
    "id",
    "name",
    "kind",
    "kind_label",
    "parent",
    "parent_name",
    "area_ha",
    "area_qualifier",
    "area_source",
    "land_for_industry_or_lease_ha",
    "land_for_industry_or_lease_qualifier",
    "land_for_industry_or_lease_label",
    "land_for_industry_or_lease_source",
    "status",
    "status_label",
    "status_as_of",
    "status_source",
    "founding_decision",
    "founding_date",
    "founding_source",
    "regime",
    "investors",
    "investors_sources",
    "factsheet_url",
]


def comparison_csv(data: Dataset, lang: str, labels: Labels) -> bytes:
    """The zones' comparison table as on the zones page: what no source gives is an empty cell."""
    rows = []
    for row in comparison_rows(data):
        z, land, founding = row["zone"], row["land"], row["founding"]
        rows.append(
            [
                z.id,
                z.name.get(lang),
                z.kind,
                labels.kind(z.kind),
                z.parent or "",
                data.zone(z.parent).name.get(lang) if z.parent else "",
                csv_number(z.area.value) if z.area else "",
                (z.area.qualifier or "") if z.area else "",
                z.area.source if z.area else "",
                csv_number(land.quantity.value) if land else "",
                (land.quantity.qualifier or "") if land else "",
                land.label.get(lang) if land else "",
                land.source if land else "",
                z.status.value,
                labels.status(z.status.value),
                z.status.as_of.iso(),
                z.status.source,
                founding.label.get(lang) if founding else "",
                founding.date.iso() if founding else "",
                founding.source if founding else "",
                z.kind if z.kind in ("free_trade_zone", "non_tariff_zone") else "",
                "; ".join(i.name if isinstance(i.name, str) else i.name.get(lang) for i in z.investors),
                " ".join(dict.fromkeys(i.source for i in z.investors)),
                page_url(lang, download_path("factsheet", lang, z.id)),
            ]
        )
    return _csv(COMPARISON_HEADER, rows)
