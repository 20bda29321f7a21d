"""Charts, open data (JSON, CSV), the Atom feed, the PDFs and the search hooks, with exact expectations.

Built from the small fixture (tests/fixtures/small), so every expected value below can be checked by eye
against its YAML.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

import pytest
from conftest import SMALL, copy_docs_assets
from sitecheck import pdf_objects

from generator import (
    catalogs,
    charts,
    downloads,
    feeds,
    formatting,
    mkdocs_hooks,
    opendata,
    pdfs,
    rendering,
    sheets,
    site,
)
from generator.loading import load_dataset
from generator.models import Dataset, Figure, PartialDate

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


class Job(NamedTuple):
    path: str
    html: str


def sheet_jobs(data, lang, strict, paths, charts_svg=None) -> list[Job]:
    """Every sheet of one language, as the build makes it (sheets.SheetRenderer)."""
    renderer = sheets.SheetRenderer(data, lang, strict, paths, charts_svg)
    return [Job(renderer.path(item), renderer.html(item)) for item in renderer.items()]


def make_pdfs(jobs: list[Job], epoch: int, cache: Path, stats: pdfs.PdfStats | None = None) -> dict[str, bytes]:
    """{path: PDF bytes}, through the build's pool and cache (pdfs.make_all)."""
    made = pdfs.make_all(len(jobs), lambda i: (jobs[i].path, jobs[i].html), epoch, cache, stats)
    return {path: cached.read_bytes() for path, cached in made}


@pytest.fixture(scope="module")
def data() -> Dataset:
    return load_dataset(SMALL)


@pytest.fixture(scope="module")
def strict(tmp_path_factory):
    # Compiled into a temporary folder: tests never write into the repository.
    compiled = tmp_path_factory.mktemp("compiled")
    catalogs.compile_catalogs(compiled=compiled)
    return {lang: catalogs.StrictTranslations.from_mo(lang, compiled) for lang in site.LANGUAGES}


@pytest.fixture(scope="module")
def env(strict):
    return {lang: sheets.html_environment(strict[lang]) for lang in strict}


def _csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "CSV starts with a UTF-8 byte order mark for spreadsheet programs"
    text = content.decode("utf-8-sig")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    return list(csv.reader(io.StringIO(text, newline="")))


def _figure(**changes) -> Figure:
    base = dict(id="f", group="g", label={"vi": "Nhãn", "en": "Label", "ko": "라벨"}, value="1", unit="usd_billion", scope="zones", period="2024", source="s")
    base.update(changes)
    return Figure.model_validate(base)


# --- Charts ----------------------------------------------------------------------------------------


def test_unit_labels_follow_the_page_style():
    assert charts.unit_label("usd_billion", "vi") == "tỷ USD"
    assert charts.unit_label("usd_billion", "en") == "US$ billion"
    assert charts.unit_label("vnd_billion", "en") == "VND billion"
    assert charts.unit_label("percent", "vi") == "%"
    # Korean counts money in myriads: a number in US$ billions is a number of 10억 달러, and a chart's axis
    # in US$ billions is drawn in 억 달러 (ten times the number).
    assert charts.unit_label("usd_billion", "ko") == "10억 달러"
    assert charts.unit_label("vnd_trillion", "ko") == "1조 동"
    assert charts.unit_label("ha", "ko") == "ha"
    assert formatting.axis_unit("usd_billion", "ko") == ("억 달러", Decimal(10))
    assert formatting.axis_unit("usd_million", "ko") == ("만 달러", Decimal(100))
    assert formatting.axis_unit("vnd_trillion", "ko") == ("조 동", Decimal(1))
    assert formatting.axis_unit("usd_billion", "en") == ("US$ billion", Decimal(1))


def test_chart_points_are_localized(data):
    unit, points = charts.points(data, "fdi-annual", "vi")
    assert unit == "usd_billion"
    assert [(p.label, p.value, p.text) for p in points] == [("2024", Decimal("4.35"), "4,35 tỷ USD")]
    _, points = charts.points(data, "fdi-annual", "en")
    assert [(p.label, p.text) for p in points] == [("2024", "US$4.35 billion")]


def test_a_chart_without_points_is_not_drawn(data):
    assert charts.points(data, "sectors-2023", "vi") == ("", [])
    assert charts.render_svg(data, "sectors-2023", "vi", "T", "K") == ""


def test_chart_svg_is_accessible_inline_and_deterministic(data):
    first = charts.render_svg(data, "fdi-annual", "vi", "Vốn FDI theo năm", "Biểu đồ cột", {"actual": "số thực hiện"})
    again = charts.render_svg(data, "fdi-annual", "vi", "Vốn FDI theo năm", "Biểu đồ cột", {"actual": "số thực hiện"})
    assert first == again
    assert first.startswith('<svg class="chart__svg" role="img" aria-labelledby="chart-fdi-annual-title chart-fdi-annual-desc"')
    assert '<title id="chart-fdi-annual-title">Vốn FDI theo năm</title>' in first
    assert '<desc id="chart-fdi-annual-desc">Biểu đồ cột. 2024: 4,35 tỷ USD.</desc>' in first
    assert "\n" not in first  # one line: a blank line would end Markdown's raw HTML block
    assert "<?xml" not in first and "<metadata>" not in first and "<style" not in first
    assert ">4,35 tỷ USD</text>" in first and ">tỷ USD</text>" in first  # value label and axis unit
    ids = re.findall(r'\bid="([^"]+)"', first)
    assert ids and all(i.startswith("chart-fdi-annual-") for i in ids)
    assert len(ids) == len(set(ids))
    for ref in re.findall(r'url\(#([^)]+)\)|href="#([^"]+)"', first):
        assert (ref[0] or ref[1]) in ids


def test_chart_svgs_are_kept_in_the_build_cache_by_what_they_draw(data, tmp_path, monkeypatch):
    monkeypatch.setenv("HEZA_CACHE", str(tmp_path))
    monkeypatch.setattr(charts, "_DRAWN", {})
    args = ("fdi-annual", "vi", "Vốn FDI theo năm", "Biểu đồ cột", {"actual": "số thực hiện"})
    drawn = charts.render_svg(data, *args)
    assert [p.read_text(encoding="utf-8") for p in (tmp_path / "svg").glob("*.svg")] == [drawn]
    # A new process (nothing remembered) takes it from the cache, without drawing.
    monkeypatch.setattr(charts, "_DRAWN", {})
    monkeypatch.setattr(charts, "_render_svg", lambda *a: pytest.fail("drew a chart that was in the cache"))
    assert charts.render_svg(data, *args) == drawn
    # Another title is another drawing.
    monkeypatch.undo()
    monkeypatch.setenv("HEZA_CACHE", str(tmp_path))
    charts.render_svg(data, "fdi-annual", "vi", "Vốn FDI", "Biểu đồ cột", {"actual": "số thực hiện"})
    assert len(list((tmp_path / "svg").glob("*.svg"))) == 2


def test_units_of_one_family_share_an_axis():
    figures = [_figure(id="a", value="500", unit="usd_million"), _figure(id="b", value="1.2", unit="usd_billion")]
    assert charts.chart_unit(figures) == "usd_billion"
    with pytest.raises(charts.ChartError, match="cannot share an axis"):
        charts.chart_unit([_figure(id="a", unit="percent"), _figure(id="b")])


def test_shares_are_drawn_largest_first(data):
    figures = [
        _figure(id="x", value="15", unit="percent", chart="sectors-2023"),
        _figure(id="y", value="44", unit="percent", chart="sectors-2023"),
        _figure(id="z", value="34", unit="percent", chart="sectors-2023"),
    ]
    shared = Dataset(data.authority, data.sources, data.tags, data.groups, figures, data.events, data.zones)
    assert [f.id for f in charts.series(shared, "sectors-2023")] == ["y", "z", "x"]
    svg = charts.render_svg(shared, "sectors-2023", "en", "Shares", "Bar chart of shares")
    assert "Bar chart of shares. Label: 44%; Label: 34%; Label: 15%." in svg


# --- Open data ---------------------------------------------------------------------------------------


def test_download_paths_are_twins():
    assert site.download_path("factsheet", "vi", "xuan-cau") == "downloads/factsheet-xuan-cau-vi.pdf"
    assert site.download_path("factsheet", "en", "xuan-cau") == "downloads/factsheet-xuan-cau-en.pdf"
    assert site.download_path("feed", "en") == "feed.xml"
    assert site.page_url("en", "timeline/") == "https://heza.gov.vn/en/timeline/"
    assert site.page_url("vi", "timeline/") == "https://heza.gov.vn/timeline/"


def test_key_figures_csv(data):
    rows = _csv_rows(opendata.figures_csv(data, "en"))
    # One row per key figure of the dataset, in the data's order, every row as wide as the header.
    assert [row[0] for row in rows[1:]] == [f.id for f in data.figures]
    assert {len(row) for row in rows} == {len(opendata.FIGURES_HEADER)}
    assert rows[0] == opendata.FIGURES_HEADER == [
        "id", "group", "group_title", "label", "value", "value_max", "unit", "unit_label", "qualifier", "status",
        "reliability", "scope", "zones", "period", "as_of", "text", "note", "editorial_note", "source", "source_title", "chart",
    ]
    by_id = {row[0]: row for row in rows[1:]}
    assert by_id["fdi-2024"] == [
        "fdi-2024", "year-2024", "2024", "FDI into the industrial parks and EZs", "4.35", "", "usd_billion",
        "US$ billion", "", "actual", "clean", "zones", "", "2024", "", "US$4.35 billion", "", "", "port-city-2026",
        "HEZA: breakthroughs for the port city's economic and social development", "fdi-annual",
    ]
    vi = {row[0]: row for row in _csv_rows(opendata.figures_csv(data, "vi"))[1:]}
    assert vi["ddi-term-2020-2025"][3:8] == ["Vốn đầu tư trong nước (DDI)", "481915", "", "vnd_billion", "tỷ đồng"]
    assert vi["ddi-term-2020-2025"][13] == "2020-2025"
    assert vi["ddi-term-2020-2025"][15] == "481.915 tỷ đồng"
    # The garbled figure stays in the open data, with its flag and the editors' note.
    garbled = by_id["fdi-term-plan-garbled"]
    assert garbled[10] == "garbled" and garbled[17] == "The source prints “17 USD/12,5 tỷ USD”; the number 17 has no clear unit."


def test_events_csv(data):
    rows = _csv_rows(opendata.events_csv(data, "vi"))
    assert rows[0] == opendata.EVENTS_HEADER
    # One row per event, oldest first (an imprecise date after the precise ones of its period), then by id.
    assert sorted(row[0] for row in rows[1:]) == sorted(e.id for e in data.events)
    events = {e.id: e for e in data.events}
    keys = [(events[row[0]].date.sort_key(), row[0]) for row in rows[1:]]
    assert keys == sorted(keys)
    assert {len(row) for row in rows} == {len(opendata.EVENTS_HEADER)}
    by_id = {row[0]: row for row in rows[1:]}
    assert by_id["party-congress-2025"] == [
        "party-congress-2025", "2025-06-15", "on", "15/6/2025", "occurred", "Đại hội Đảng bộ Ban Quản lý lần thứ nhất",
        "Đại hội nhiệm kỳ 2025–2030 đề ra các chỉ tiêu thu hút đầu tư mới.", "party", "Công tác Đảng", "", "",
        "congress-2025", "", "", "https://heza.gov.vn/timeline/#event-party-congress-2025",
    ]
    en = {row[0]: row for row in _csv_rows(opendata.events_csv(data, "en"))[1:]}
    assert en["southern-ez-planned"][1:5] == ["2025", "on", "2025", "planned"]
    assert en["southern-ez-planned"][9:11] == ["southern-coastal-ez", "Southern Hai Phong Coastal Economic Zone"]


def test_zones_csv(data, env):
    rows = _csv_rows(opendata.zones_csv(data, "en", rendering.Labels(env["en"])))
    assert rows[0] == opendata.ZONES_HEADER
    assert [row[0] for row in rows[1:]] == [z.id for z in data.zones]  # one row per zone
    assert {len(row) for row in rows} == {len(opendata.ZONES_HEADER)}
    by_id = {row[0]: row for row in rows[1:]}
    assert by_id["xuan-cau"] == [
        "xuan-cau", "non_tariff_zone", "Industrial park and non-tariff zone", "Xuan Cau Industrial Park and Non-tariff Zone",
        "southern-coastal-ez", "An industrial park beside the Lach Huyen international gateway port.", "under_construction",
        "Under construction", "2024", "752", "", "", "https://heza.gov.vn/en/zones/xuan-cau/",
        "https://heza.gov.vn/en/downloads/factsheet-xuan-cau-en.pdf",
    ]


def test_dataset_json(data):
    document = json.loads(opendata.dataset_json(data, "vi", PartialDate(2026, 3, 20)))
    assert document["language"] == "vi"
    # When the data were compiled and the newest dated fact, never a source page's banner date.
    assert document["compiled"] == "2026-03-20"
    assert document["newest_fact"] == "2025-06-15"  # the congress
    assert "data_as_of" not in document
    assert [f["id"] for f in document["figures"]] == [f.id for f in data.figures]
    assert [e["id"] for e in document["events"]] == [e.id for e in data.events]
    assert [z["id"] for z in document["zones"]] == [z.id for z in data.zones]
    figures = {f["id"]: f for f in document["figures"]}
    assert figures["fdi-2024"]["value"] == 4.35 and isinstance(figures["fdi-2024"]["value"], float)
    assert figures["ddi-term-2020-2025"]["value"] == 481915 and isinstance(figures["ddi-term-2020-2025"]["value"], int)
    assert figures["fdi-2024"]["unit"] == "usd_billion" and figures["fdi-2024"]["unit_label"] == "tỷ USD"
    assert figures["fdi-2024"]["label"] == "Vốn FDI vào các KCN, KKT"
    assert figures["fdi-2024"]["period"] == "2024"
    assert figures["fdi-term-plan-garbled"]["reliability"] == "garbled"
    assert figures["fdi-term-plan-garbled"]["editorial_note"].startswith("Nguồn in “17 USD/12,5 tỷ USD”")
    # The editors' archive file names never reach the open data.
    assert "000_2719091b2316b692" not in opendata.dataset_json(data, "vi", PartialDate(2026, 3, 20)).decode("utf-8")
    zones = {z["id"]: z for z in document["zones"]}
    assert zones["xuan-cau"]["status"] == {"value": "under_construction", "as_of": "2024", "source": "port-city-2026"}
    assert [s["id"] for s in document["sources"]] == [s.id for s in data.sources]
    english = json.loads(opendata.dataset_json(data, "en", PartialDate(2026, 3, 20)))
    # A title the portal wrote is never given as the original headline; a printed headline is.
    assert data.sources[0].title_descriptive and "title_original" not in english["sources"][0]
    assert english["sources"][1]["title_original"] == data.sources[1].title.vi
    assert english["authority"]["name"] == "Hai Phong Economic Zone Authority"


# --- Atom --------------------------------------------------------------------------------------------


def test_atom_feed_is_valid_and_stable(data, env):
    content = feeds.atom_feed(data, "en", env["en"])
    assert content == feeds.atom_feed(data, "en", env["en"])
    assert content.startswith(b'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">')
    feed = ET.fromstring(content)
    assert feed.tag == f"{ATOM}feed"
    # RFC 4287 4.1.1: exactly one id, title and updated; an author; a self link.
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{ATOM}{name}")) == 1, name
    assert feed.findtext(f"{ATOM}id") == "tag:heza.gov.vn,2026:en/timeline"
    assert feed.findtext(f"{ATOM}title") == "Hai Phong Economic Zone Authority: Timeline 2025"
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Hai Phong Economic Zone Authority"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {"self": "https://heza.gov.vn/en/feed.xml", "alternate": "https://heza.gov.vn/en/timeline/"}
    assert RFC3339.match(feed.findtext(f"{ATOM}updated"))
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == len(data.events)
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        assert RFC3339.match(entry.findtext(f"{ATOM}updated"))
        assert entry.findtext(f"{ATOM}updated") <= feed.findtext(f"{ATOM}updated")
        assert entry.find(f"{ATOM}summary").get("type") == "text"
        assert entry.find(f"{ATOM}content").get("type") == "html"
    congress = entries[ids.index("tag:heza.gov.vn,2026:en/event/party-congress-2025")]
    assert congress.findtext(f"{ATOM}title") == "First congress of the HEZA Party Committee"
    # The event happened on 15 June 2025; its source is dated June 2025, no day: not counted (1 June is no
    # day any source gives).
    assert congress.findtext(f"{ATOM}updated") == "2025-06-15T00:00:00Z"
    assert congress.findtext(f"{ATOM}published") == "2025-06-15T00:00:00Z"
    assert congress.find(f"{ATOM}link").get("href") == "https://heza.gov.vn/en/timeline/#event-party-congress-2025"
    assert congress.findtext(f"{ATOM}summary") == "Took place 15 June 2025: The congress for the 2025–2030 term set new investment targets."
    assert congress.find(f"{ATOM}category").attrib == {"term": "party", "label": "Party affairs"}
    # A planned event whose source gives no day (June 2025): the day the data were compiled, never a made-up
    # first of the month.
    planned = entries[ids.index("tag:heza.gov.vn,2026:en/event/southern-ez-planned")]
    assert planned.findtext(f"{ATOM}updated") == planned.findtext(f"{ATOM}published") == "2026-03-20T00:00:00Z"
    assert "<p><strong>Planned 2025</strong></p>" in planned.findtext(f"{ATOM}content")
    # Newest first ("2025" sorts after 15 June 2025), the same date in id order.
    assert [i.rsplit("/", 1)[1] for i in ids] == ["southern-ez-planned", "emulation-flag-2025", "party-congress-2025"]


def test_vietnamese_feed_has_its_own_ids(data, env):
    feed = ET.fromstring(feeds.atom_feed(data, "vi", env["vi"]))
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "vi"
    assert feed.findtext(f"{ATOM}id") == "tag:heza.gov.vn,2026:vi/timeline"
    assert "tag:heza.gov.vn,2026:vi/event/party-congress-2025" in [e.findtext(f"{ATOM}id") for e in feed.findall(f"{ATOM}entry")]


# --- PDFs --------------------------------------------------------------------------------------------


@pytest.mark.build
def test_pdfs_have_fixed_dates_and_come_from_the_cache(data, strict, env, tmp_path, monkeypatch):
    paths = {("factsheet", z.id): site.download_path("factsheet", "vi", z.id) for z in data.zones}
    paths[("brief", None)] = site.download_path("brief", "vi")
    # With its chart, so the brief's SVG text is checked for the sheets' typeface too.
    jobs = sheet_jobs(data, "vi", strict["vi"], paths, downloads.chart_svgs(data, "vi", env["vi"]))
    assert "font-family: 'HEZA DejaVu Sans'" in jobs[-1].html
    # One fact sheet per zone, then the investor brief, each under its language's downloads/.
    assert [job.path for job in jobs] == [f"vi/{site.download_path('factsheet', 'vi', z.id)}" for z in data.zones] + [
        "vi/downloads/heza-investor-brief-vi.pdf"
    ]
    assert "vi/downloads/factsheet-xuan-cau-vi.pdf" in [job.path for job in jobs]
    sheet = next(job.html for job in jobs if job.path == "vi/downloads/factsheet-xuan-cau-vi.pdf")
    assert "<title>Khu công nghiệp và khu phi thuế quan Xuân Cầu</title>" in sheet
    assert "Khu công nghiệp và khu phi thuế quan</span>" in sheet  # kind label, from the pages' catalog
    # When the data were compiled and the newest dated fact, not a source page's banner date.
    assert "Số liệu được tổng hợp ngày 20/3/2026; thông tin có mốc thời gian gần nhất là ngày 15/6/2025." in sheet
    assert "11/3/2026" not in sheet
    assert "https://heza.gov.vn/zones/xuan-cau/" in sheet
    stats = pdfs.PdfStats()
    epoch = 1773964800  # 20 March 2026, the fixture's compiled date
    made = make_pdfs(jobs, epoch, tmp_path / "one", stats)
    assert (stats.rendered, stats.cached) == (len(jobs), 0)
    assert sorted(made) == sorted(job.path for job in jobs)
    for content in made.values():
        assert content.startswith(b"%PDF-")
        objects = pdf_objects(content)
        # The only dates in the file are the data's, and the identifier is derived from the content.
        assert re.findall(rb"/(CreationDate|ModDate) \(D:(\d+)", objects) == [(b"CreationDate", b"20260320000000"), (b"ModDate", b"20260320000000")]
        assert re.search(rb"/ID \[", objects)
        # The typeface is the one shipped with matplotlib, never a font that happens to be installed.
        fonts = set(re.findall(rb"/BaseFont /[A-Z]{6}\+([\w-]+)", objects))
        assert fonts and fonts <= {b"HEZA-DejaVu-Sans", b"HEZA-DejaVu-Sans-Bold", b"HEZA-DejaVu-Sans-Italic", b"HEZA-DejaVu-Sans-Bold-Italic"}, fonts
    # Rendering again from scratch, in two processes this time, gives the same bytes; a second build
    # takes them from the cache.
    monkeypatch.setenv("HEZA_PDF_WORKERS", "2")
    again = make_pdfs(jobs, epoch, tmp_path / "two")
    monkeypatch.delenv("HEZA_PDF_WORKERS")
    assert again == made
    stats = pdfs.PdfStats()
    assert make_pdfs(jobs, epoch, tmp_path / "one", stats) == made
    assert (stats.rendered, stats.cached) == (0, len(jobs))


def test_the_sheet_font_files_are_part_of_the_cache_key(monkeypatch):
    key = pdfs.cache_key("<html></html>", 0)
    assert pdfs.cache_key("<html></html>", 0) == key
    monkeypatch.setattr(pdfs, "_font_digest", lambda: "another font")
    assert pdfs.cache_key("<html></html>", 0) != key
    assert all((pdfs.font_dir() / name).is_file() for *_, name in pdfs.FONT_FACES)


@pytest.mark.build
@pytest.mark.parametrize("workers", ["1", "2"])
def test_no_font_copies_are_left_behind(data, strict, tmp_path, monkeypatch, workers):
    # WeasyPrint copies @font-face files into a temporary folder per process; ours removes it, in workers too.
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    monkeypatch.setenv("HEZA_PDF_WORKERS", workers)
    paths = {("factsheet", z.id): site.download_path("factsheet", "en", z.id) for z in data.zones}
    paths[("brief", None)] = site.download_path("brief", "en")
    jobs = sheet_jobs(data, "en", strict["en"], paths)[:2]
    stats = pdfs.PdfStats()
    make_pdfs(jobs, 0, tmp_path / "cache", stats)
    assert stats.rendered == len(jobs) == 2
    assert list(temporary.iterdir()) == []


def test_charts_in_sheets_use_the_sheet_font():
    svg = "<text style=\"font-size: 10px; font-family: 'DejaVu Sans', sans-serif\">2023</text>"
    assert pdfs.with_sheet_font(svg) == "<text style=\"font-size: 10px; font-family: 'HEZA DejaVu Sans', sans-serif\">2023</text>"


def test_a_flag_after_an_amount_may_wrap_but_the_amount_stays_whole(data, strict):
    paths = {("factsheet", z.id): site.download_path("factsheet", "en", z.id) for z in data.zones}
    paths[("brief", None)] = site.download_path("brief", "en")
    brief = sheets.SheetRenderer(data, "en", strict["en"], paths).html(None)
    assert "span.value { white-space: nowrap; }" in brief and "\n.value {" not in brief
    cells = re.findall(r'<td class="value">(.*?)</td>', brief)
    assert cells and all(cell.startswith('<span class="value">') for cell in cells), cells


@pytest.mark.build
def test_a_changed_zone_renders_only_its_sheet(data, strict, tmp_path):
    paths = {("factsheet", z.id): site.download_path("factsheet", "en", z.id) for z in data.zones}
    paths[("brief", None)] = site.download_path("brief", "en")
    jobs = sheet_jobs(data, "en", strict["en"], paths)
    make_pdfs(jobs, 0, tmp_path)
    changed = [Job(j.path, j.html.replace("Lach Huyen", "Lạch Huyện")) for j in jobs]
    touched = sum(new.html != old.html for new, old in zip(changed, jobs, strict=True))
    assert 0 < touched < len(jobs)  # in the small fixture, only the Xuan Cau sheet mentions Lach Huyen
    stats = pdfs.PdfStats()
    make_pdfs(changed, 0, tmp_path, stats)
    assert (stats.rendered, stats.cached) == (touched, len(jobs) - touched)


# --- Two builds, same bytes --------------------------------------------------------------------------


@pytest.mark.build
def test_two_builds_give_identical_files(built_small, tmp_path, monkeypatch):
    """A build whose PDFs and charts are all made anew (an empty cache) against the session's build."""
    from generator.building import build

    monkeypatch.setenv("HEZA_CACHE", str(tmp_path / "cache"))  # no shared cache: render again
    monkeypatch.setattr(charts, "_DRAWN", {})
    site = tmp_path / "site"
    build(SMALL, site, docs_dir=copy_docs_assets(tmp_path / "docs"), report=None)
    sites = [built_small, site]
    files = sorted(p.relative_to(sites[0]).as_posix() for p in sites[0].rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(sites[1]).as_posix() for p in sites[1].rglob("*") if p.is_file())
    for rel in ("downloads/heza-data-vi.json", "en/downloads/heza-key-figures-en.csv", "en/feed.xml",
                "downloads/factsheet-xuan-cau-vi.pdf", "en/downloads/heza-investor-brief-en.pdf", "index.html"):
        assert rel in files
    assert list((tmp_path / "cache" / "pdf").glob("*.pdf")), "the PDFs were not rendered anew"
    different = [rel for rel in files if (sites[0] / rel).read_bytes() != (sites[1] / rel).read_bytes()]
    assert different == []
    assert "<svg" in (sites[0] / "key-figures" / "index.html").read_text(encoding="utf-8")


# --- Search hooks ------------------------------------------------------------------------------------


def test_folding_drops_vietnamese_marks():
    assert mkdocs_hooks.fold("Đình Vũ – Cát Hải") == "dinh vu – cat hai"
    assert mkdocs_hooks.fold("Lạch Huyện, Hải Phòng") == "lach huyen, hai phong"
    assert mkdocs_hooks.fold("ĐẠI HỘI đảng") == "dai hoi dang"


def test_search_entries_get_folded_fields():
    docs = [
        {"location": "zones/x/", "title": "Khu kinh tế Đình Vũ", "text": "<p>Cảng Lạch Huyện &amp; KCN</p>"},
        {"location": "en/zones/x/", "title": "Investment zones", "text": "<p>Ports</p>"},
    ]
    for doc in docs:
        mkdocs_hooks.fold_entry(doc)
    assert docs[0]["title_folded"] == "khu kinh te dinh vu"
    assert docs[0]["text_folded"] == "cang lach huyen & kcn"
    assert "title_folded" not in docs[1] and "text_folded" not in docs[1]


def test_theme_indentation_is_trimmed_but_preformatted_text_kept():
    html = "<div>\n    <p>\n      Khu  kinh tế \t\n\n\n      <b>Đình Vũ</b>\u00a0\n\u00a0 x\n    </p>\n  <pre><code>  a\n    b\n</code></pre>\n  <TEXTAREA>\n  q\n</TEXTAREA >\n</div>\n"
    assert mkdocs_hooks.trim_indentation(html) == (
        "<div>\n<p>\nKhu  kinh tế\n<b>Đình Vũ</b>\u00a0\n\u00a0 x\n</p>\n"
        "<pre><code>  a\n    b\n</code></pre>\n<TEXTAREA>\n  q\n</TEXTAREA >\n</div>\n"
    )


@pytest.mark.build
def test_built_pages_carry_no_indentation(built_small):
    pages = sorted(built_small.rglob("*.html"))
    assert built_small / "index.html" in pages and built_small / "en" / "index.html" in pages
    for page in pages:
        text = page.read_text("utf-8")
        assert "\n " not in text and "\n\t" not in text and "\n\n" not in text, page


@pytest.mark.build
def test_built_site_has_both_404_pages_and_folded_index(built_small):
    root = (built_small / "404.html").read_text(encoding="utf-8")
    english = (built_small / "en" / "404.html").read_text(encoding="utf-8")
    assert '<html lang="vi"' in root and "Không tìm thấy trang (404)" in root
    assert '<html lang="en"' in english and "Page not found (404)" in english
    # The language switch of a 404 page (served at any address) offers the other language's 404 page.
    assert re.findall(r'<a href="([^"]+)" hreflang="(\w+)"', english) == [("/en/../", "vi"), ("/en/", "en"), ("/en/../ko/", "ko")]
    assert re.findall(r'<a href="([^"]+)" hreflang="(\w+)"', root) == [("/", "vi"), ("/en/", "en"), ("/ko/", "ko")]
    index = json.loads((built_small / "search" / "search_index.json").read_text(encoding="utf-8"))
    # The folded fields are declared in mkdocs.yml, so the search worker indexes them.
    assert index["config"]["fields"]["title_folded"] == {"boost": 1000.0}
    assert index["config"]["fields"]["text_folded"] == {"boost": 1.0}
    titles = {d["location"]: d.get("title_folded") for d in index["docs"]}
    assert titles["zones/xuan-cau/"] == "khu cong nghiep va khu phi thue quan xuan cau"
    feed_links = {
        page: re.search(r'<link rel="alternate" type="application/atom\+xml" href="([^"]+)"', (built_small / page).read_text(encoding="utf-8")).group(1)
        for page in ("index.html", "zones/xuan-cau/index.html", "en/index.html", "en/zones/xuan-cau/index.html")
    }
    assert feed_links == {
        "index.html": "feed.xml",
        "zones/xuan-cau/index.html": "../../feed.xml",
        "en/index.html": "feed.xml",
        "en/zones/xuan-cau/index.html": "../../feed.xml",
    }


@pytest.mark.build
def test_sheets_made_in_worker_processes_report_missing_catalog_texts(data, strict, tmp_path, monkeypatch):
    """Sheets rendered in forked workers: the same files as in one process, and a catalog text a worker
    missed still fails the build (it is sent back, not lost with the worker)."""
    lacking = catalogs.StrictTranslations("en", {k: v for k, v in strict["en"].messages.items() if k != "Fact sheet"})
    paths = {("factsheet", z.id): site.download_path("factsheet", "en", z.id) for z in data.zones}
    paths[("brief", None)] = site.download_path("brief", "en")
    renderer = sheets.SheetRenderer(data, "en", lacking, paths)
    monkeypatch.setenv("HEZA_PDF_WORKERS", "2")
    stats = pdfs.PdfStats()
    files = sheets.sheet_files([renderer], 0, tmp_path / "cache", stats)
    assert lacking.missing == {"Fact sheet"}
    assert sorted(files) == sorted([f"en/{path}" for path in paths.values()])  # every zone's sheet and the brief
    assert len(files) == len(data.zones) + 1
    assert (stats.rendered, stats.cached) == (len(files), 0)
    assert all(path.parent == tmp_path / "cache" and path.read_bytes().startswith(b"%PDF-") for path in files.values())
    monkeypatch.setenv("HEZA_PDF_WORKERS", "1")
    one = sheets.sheet_files([sheets.SheetRenderer(data, "en", lacking, paths)], 0, tmp_path / "other")
    assert {p: f.read_bytes() for p, f in one.items()} == {p: f.read_bytes() for p, f in files.items()}


def test_every_letter_of_the_korean_texts_is_in_the_embedded_faces():
    """The Korean sheets embed the project's Hangul subset and DejaVu Sans: a letter in neither (a rarer
    syllable, a Hanja) would be set in whatever font the machine has, or not at all."""
    from conftest import ROOT
    from fontTools.ttLib import TTFont

    faces = set(TTFont(site.HANGUL_FONTS["normal"]).getBestCmap()) | set(TTFont(pdfs.font_dir() / "DejaVuSans.ttf").getBestCmap())
    text = (ROOT / "translations" / "ko" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    text += (ROOT / "data" / "figures.yaml").read_text(encoding="utf-8")
    for name in ("authority", "events", "sources", "tags", "zones"):
        text += (ROOT / "data" / f"{name}.yaml").read_text(encoding="utf-8")
    missing = sorted({c for c in text if c.isprintable() and ord(c) not in faces})
    assert missing == []


def test_key_figures_csv_names_the_zone_a_figure_is_about(data):
    """A figure about one zone (or a few) lists their ids in the zones column, space-separated."""
    figures = [*data.figures, _figure(id="xuan-cau-land", group="year-2024", source="port-city-2026", zones=["xuan-cau"]),
               _figure(id="two", group="year-2024", source="port-city-2026", zones=["xuan-cau", "southern-coastal-ez"])]
    shared = Dataset(data.authority, data.sources, data.tags, data.groups, figures, data.events, data.zones)
    rows = {row[0]: row for row in _csv_rows(opendata.figures_csv(shared, "en"))[1:]}
    column = opendata.FIGURES_HEADER.index("zones")
    assert rows["xuan-cau-land"][column] == "xuan-cau"
    assert rows["two"][column] == "xuan-cau southern-coastal-ez"
    assert rows["fdi-2024"][column] == ""
