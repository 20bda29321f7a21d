"""The HTML of the PDF sheets: a fact sheet per zone and the investor brief, per language, from the templates
factsheet.html.j2 and brief.html.j2, with interface text from the same catalogs as the pages and the portal's
source numbering ([3] on a sheet is [3] on the site). generator/pdfs.py turns this HTML into PDFs.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup

from generator import formatting, pdfs, site
from generator.catalogs import StrictTranslations
from generator.models import Dataset, PartialDate
from generator.pdfs import PdfStats, with_sheet_font
from generator.rendering import Labels, cited_ids, make_environment, source_numbers


def html_environment(translations: StrictTranslations) -> jinja2.Environment:
    """Jinja2 for HTML and XML outputs (PDF sources, the Atom feed): HTML escaping, the catalogs' text."""
    return make_environment(translations, markdown=False)


class SheetHelpers(formatting.LocalizedFormat):
    """What the PDF templates call: formatted values in one language, and numbered citations.

    Citations use the portal's numbering (the sources page), so [3] on a sheet is [3] on the site too.
    """

    def __init__(self, data: Dataset, lang: str, data_date: PartialDate, numbers: dict[str, int] | None = None):
        super().__init__(lang)
        self.data, self.data_date = data, data_date
        self._numbers = numbers or source_numbers(data)
        self._cited: list[str] = []

    def cite(self, *source_ids) -> Markup:
        out = []
        for source_id in cited_ids(source_ids):
            if source_id not in self._cited:
                self._cited.append(source_id)
            out.append(f'<span class="cite">[{self._numbers[source_id]}]</span>')
        return Markup(" ".join(out))

    def cited_sources(self) -> list[tuple[int, object]]:
        """The sources cited so far, by their portal number."""
        return sorted((self._numbers[s], self.data.source(s)) for s in self._cited)

    def page_url(self, path: str) -> str:
        """The absolute address of a portal page ('zones/x/' -> https://heza.gov.vn/en/zones/x/)."""
        return site.page_url(self.lang, path)


class SheetRenderer:
    """The HTML of one language's sheets (a fact sheet per zone, and the investor brief), ready for WeasyPrint.

    paths maps ("factsheet", zone id) and ("brief", None) to the file's path inside the language folder.
    Zones' events, figures and children are indexed once: looking them up per zone grows with zones x events.
    """

    def __init__(
        self,
        data: Dataset,
        lang: str,
        translations: StrictTranslations,
        paths: dict,
        charts_svg: dict | None = None,
        env: jinja2.Environment | None = None,
    ):
        self.data, self.lang, self.translations, self.paths = data, lang, translations, paths
        self.charts_svg = {
            key: (title, Markup(with_sheet_font(str(svg)))) for key, (title, svg) in (charts_svg or {}).items()
        }
        self.env = env or html_environment(translations)  # the caller's, when it renders other files with it
        self.labels = Labels(self.env)
        self.when = PartialDate.from_date(site.data_date(data))
        self.numbers = source_numbers(data)
        self.events: dict[str, list] = {}
        for event in sorted(data.events, key=lambda e: (e.date.sort_key(), e.id)):
            for zone_id in dict.fromkeys(event.zones):
                self.events.setdefault(zone_id, []).append(event)
        self.figures: dict[str, list] = {}
        for figure in data.figures:
            for zone_id in dict.fromkeys(figure.zones):
                self.figures.setdefault(zone_id, []).append(figure)
        self.children: dict[str, list] = {}
        for zone in data.zones:
            if zone.parent:
                self.children.setdefault(zone.parent, []).append(zone)

    def items(self) -> list[str | None]:
        """What this language has sheets for: every zone id, then None for the investor brief."""
        return [zone.id for zone in self.data.zones] + [None]

    def path(self, zone_id: str | None) -> str:
        key = ("brief", None) if zone_id is None else ("factsheet", zone_id)
        return f"{self.lang}/{self.paths[key]}"

    def html(self, zone_id: str | None) -> str:
        h = SheetHelpers(self.data, self.lang, self.when, self.numbers)
        if zone_id is None:
            return self.env.get_template("brief.html.j2").render(
                data=self.data, lang=self.lang, h=h, labels=self.labels, charts=self.charts_svg, page_url=h.page_url("")
            )
        zone = self.data.zone(zone_id)
        return self.env.get_template("factsheet.html.j2").render(
            data=self.data,
            lang=self.lang,
            h=h,
            labels=self.labels,
            zone=zone,
            events=self.events.get(zone_id, []),
            figures=self.figures.get(zone_id, []),
            children=self.children.get(zone_id, []),
            page_url=h.page_url(f"zones/{zone_id}/"),
        )


def sheet_files(
    renderers: list[SheetRenderer], epoch: int, cache: Path | None = None, stats: PdfStats | None = None
) -> dict[str, Path]:
    """{path: cached PDF file} for every sheet of these renderers (one per language). The HTML of each sheet
    is made where its PDF is, so a large build holds neither all the HTML nor all the PDFs in memory."""
    items = [(renderer, item) for renderer in renderers for item in renderer.items()]

    def produce(index: int) -> tuple[str, str]:
        renderer, item = items[index]
        return renderer.path(item), renderer.html(item)

    made = pdfs.make_all(len(items), produce, epoch, cache, stats, [r.translations for r in renderers])
    return dict(made)
