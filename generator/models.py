"""Data models of the portal: one pydantic model per YAML file, and the cross-file checks.

Every model forbids unknown keys, so a typo in a field name is an error, not a silently ignored value.
Numbers are Decimals read from the YAML text, so `3.50` keeps the two decimals its source printed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    create_model,
    model_validator,
)

from generator.site import LANGUAGES, NAV_PAGES, page_path

# Timeline events must fall inside the years the portal covers.
TIMELINE_FIRST_YEAR = 2023
TIMELINE_LAST_YEAR = 2026

# An id names files and addresses (zones/<id>/, factsheet-<id>-en.pdf): 64 characters keep every file name
# far below the 255 bytes file systems allow.
MAX_ID_LENGTH = 64
# One text (a summary, a note): the longest real one has 741 characters.
MAX_TEXT_LENGTH = 10_000
# Numbers go to the open data as JSON numbers, which hold 15 significant digits exactly.
MAX_DIGITS = 15
# Dates and periods: a year outside this is a typo ("2205-06"), and dates after 2106 break the build's clock.
FIRST_YEAR, LAST_YEAR = 1900, 2100
# The site's own pages, which a zone id must not take: the names of the pages beside the zone pages
# (zones/index.md): derived from the page list (mkdocs.yml's nav), so a new page is reserved at once.
_ZONE_FOLDER = PurePosixPath(page_path("zone", "x")).parent
RESERVED_ZONE_IDS = frozenset(PurePosixPath(p).stem for p in NAV_PAGES if PurePosixPath(p).parent == _ZONE_FOLDER)


# --- Text is text ---------------------------------------------------------------------------------

_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
# Control characters (C0 but tab and line breaks, DEL, C1), noncharacters, and the bidi embeddings,
# overrides and isolates that make "fdp.exe" show as "exe.pdf".
_FORBIDDEN_IN_FILE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069{_NONCHARACTERS}]")
_FORBIDDEN_IN_TEXT = re.compile(
    f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069{_NONCHARACTERS}]"  # only tab and newline
)


def _character_name(char: str) -> str:
    code = ord(char)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return "a control character"
    if unicodedata.category(char) == "Cn" and (0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE):
        return "a noncharacter"
    return unicodedata.name(char, "a format character")


def forbidden_character(text: str, in_file: bool = False) -> tuple[int, str] | None:
    """The first character a text may not hold, as (index, message); in_file allows the file's line breaks."""
    match = (_FORBIDDEN_IN_FILE if in_file else _FORBIDDEN_IN_TEXT).search(text)
    if match is None:
        return None
    char = match.group()
    where = "" if in_file else f" (character {match.start() + 1} of the text)"
    return match.start(), f"the character U+{ord(char):04X} ({_character_name(char)}) is not allowed{where}; remove it"


def printable(text: str, quoted: bool = True, limit: int = 60) -> str:
    """A value as a message echoes it: cut after limit characters, control and format characters escaped
    (\\u001B), so a hostile key or value can neither flood nor drive the terminal."""
    shown = text if len(text) <= limit else text[:limit] + "…"
    if quoted:
        shown = shown.replace("\\", "\\\\").replace('"', '\\"')
    if not shown.isprintable():
        shown = "".join(c if c.isprintable() or c == " " else _escaped(c) for c in shown)
    return f'"{shown}"' if quoted else shown


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


def _plain_text(value: str) -> str:
    bad = forbidden_character(value)
    if bad is not None:
        raise ValueError(bad[1])
    return value


SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=MAX_ID_LENGTH)]
NonEmpty = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT_LENGTH),
    AfterValidator(_plain_text),
]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _number_as_text(value):
    # `en: 2024` is a year title, not a number: YAML reads it as an int, staff mean the text.
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return str(value)
    return value


TextValue = Annotated[
    NonEmpty,
    BeforeValidator(_number_as_text),
    WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1}, {"type": "number"}]}),
]


class _TextBase(Model):
    """A text shown to readers, written in every language of the portal (never machine-translated)."""

    def get(self, lang: str) -> str:
        return getattr(self, lang)


if TYPE_CHECKING:
    Text = _TextBase
else:
    # One required field per configured language (generator/site.py).
    Text = create_model(
        "Text", __base__=_TextBase, __doc__=_TextBase.__doc__, **{lang: (TextValue, ...) for lang in LANGUAGES}
    )


# --- Dates and periods --------------------------------------------------------------------------

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_QUARTER_RE = re.compile(r"^(\d{4})-Q([1-4])$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date at the precision its source gives: a year, a quarter, a month or a day."""

    year: int
    month: int | None = None
    day: int | None = None
    quarter: int | None = None

    @classmethod
    def from_date(cls, day: dt.date) -> PartialDate:
        return cls(day.year, day.month, day.day)

    @property
    def precision(self) -> str:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        if self.quarter is not None:
            return "quarter"
        return "year"

    def sort_key(self) -> tuple:
        # An imprecise date sorts at the end of its period: "2023" after 26/2/2023, "Q3 2025" after 15/9/2025.
        if self.day is not None:
            return (self.year, self.month, self.day)
        if self.month is not None:
            return (self.year, self.month, 32)
        if self.quarter is not None:
            return (self.year, self.quarter * 3, 33)
        return (self.year, 13, 0)

    def iso(self) -> str:
        if self.quarter is not None:
            return f"{self.year}-Q{self.quarter}"
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
        if self.day is not None:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def __str__(self) -> str:
        return self.iso()


def _year(year: int, text: str) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"the year {year} in {printable(text)} is outside {FIRST_YEAR}-{LAST_YEAR}; is it a typo?")
    return year


def parse_partial_date(value: object) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"expected a date like 2025-06-15, 2025-06, 2025-Q3 or 2025, got {printable(str(value))}")
    text = value.strip()
    quarter = _QUARTER_RE.match(text)
    if quarter:
        return PartialDate(_year(int(quarter.group(1)), text), quarter=int(quarter.group(2)))
    match = _DATE_RE.match(text)
    if not match:
        raise ValueError(f"expected a date like 2025-06-15, 2025-06, 2025-Q3 or 2025, got {printable(text)}")
    year_text, month_text, day_text = match.groups()
    year = _year(int(year_text), text)
    month = int(month_text) if month_text else None
    day = int(day_text) if day_text else None
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"impossible date {printable(text)}: there is no month {month}")
    if day is not None and month is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise ValueError(f"impossible date {printable(text)}: {calendar.month_name[month]} {year} has no day {day}")
    return PartialDate(year, month, day)


Date = Annotated[
    PartialDate,
    BeforeValidator(parse_partial_date),
    WithJsonSchema(
        {
            "anyOf": [{"type": "string", "pattern": r"^\d{4}(-(\d{2}(-\d{2})?|Q[1-4]))?$"}, {"type": "integer"}],
            "examples": ["2025-06-15", "2025-06", "2025-Q3", "2025"],
        }
    ),
]


@dataclass(frozen=True)
class Period:
    """What a figure covers: a year, a half-year, a span of years (a term), or everything up to a year."""

    start: int | None
    end: int
    half: int | None = None

    @property
    def kind(self) -> str:
        if self.half:
            return "half"
        if self.start is None:
            return "until"
        return "year" if self.start == self.end else "span"

    def __str__(self) -> str:
        if self.half:
            return f"{self.end}-H{self.half}"
        if self.start is None:
            return f"..{self.end}"
        return str(self.end) if self.start == self.end else f"{self.start}-{self.end}"


_PERIOD_RE = re.compile(r"^(?:(\d{4})(?:-(\d{4}))?|(\d{4})-H([12])|\.\.(\d{4}))$")


def parse_period(value: object) -> Period:
    if isinstance(value, Period):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    match = _PERIOD_RE.match(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"expected a period like 2023, 2020-2025, 2025-H1 or ..2025, got {printable(str(value))}")
    for year in match.groups():
        if year is not None and len(year) == 4:
            _year(int(year), str(value).strip())
    start, end, half_year, half, until = match.groups()
    if half_year:
        return Period(int(half_year), int(half_year), int(half))
    if until:
        return Period(None, int(until))
    if end and int(end) < int(start):
        raise ValueError(f"period {printable(str(value))} ends before it starts")
    return Period(int(start), int(end or start))


PeriodField = Annotated[
    Period,
    BeforeValidator(parse_period),
    WithJsonSchema(
        {
            "anyOf": [{"type": "string", "pattern": r"^(\d{4}(-\d{4}|-H[12])?|\.\.\d{4})$"}, {"type": "integer"}],
            "examples": ["2023", "2020-2025", "2025-H1", "..2025"],
        }
    ),
]

# --- Numbers -------------------------------------------------------------------------------------

Unit = Literal[
    "usd",  # USD / US$ ... (as a source prints it, e.g. a garbled figure kept as printed)
    "usd_billion",  # tỷ USD / US$ ... billion
    "usd_million",  # triệu USD / US$ ... million
    "vnd_trillion",  # nghìn tỷ đồng / VND ... trillion
    "vnd_billion",  # tỷ đồng / VND ... billion
    "vnd_million",  # triệu đồng / VND ... million
    "percent",
    "ha",
    "km",
    "teu",
    "count",
]


def _sane_number(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise ValueError(f"expected a number, got {value}")
    digits = len(value.as_tuple().digits)
    if digits > MAX_DIGITS:
        raise ValueError(f"a number may have at most {MAX_DIGITS} significant digits, this one has {digits}")
    if abs(value) >= Decimal(10) ** MAX_DIGITS or (value and abs(value) < Decimal(10) ** -MAX_DIGITS):
        raise ValueError(
            f"the number {printable(str(value), quoted=False)} is out of range (from 1e-{MAX_DIGITS} to 1e{MAX_DIGITS})"
        )
    return value


Number = Annotated[Decimal, AfterValidator(_sane_number)]
# Units that one chart can draw on one axis, from the smallest to the largest (generator/charts.py draws a
# series mixing them in the largest); any other mix cannot share an axis.
UNIT_FAMILIES = [
    ("usd_million", "usd_billion"),
    ("vnd_million", "vnd_billion", "vnd_trillion"),
]
Qualifier = Literal["over", "about", "at_least", "up_to"]
Reliability = Literal["clean", "ambiguous", "garbled"]


class Quantity(Model):
    """A number as its source states it: value (or range), unit, qualifier, and how far to trust it."""

    value: Number
    value_max: Number | None = None
    unit: Unit
    qualifier: Qualifier | None = None
    reliability: Reliability = "clean"
    # Two kinds of note: `note` is a short, neutral note for readers, shown on pages and PDFs;
    # `editorial_note` records how the figure was read, what the source prints and why. Editorial notes
    # appear only on the "About the data" page and in the open data, never beside the figure.
    note: Text | None = None
    editorial_note: Text | None = None

    @model_validator(mode="after")
    def _range_and_notes(self):
        if self.value_max is not None and self.value_max <= self.value:
            raise ValueError("value_max must be greater than value")
        if self.reliability != "clean" and self.editorial_note is None:
            raise ValueError(
                f"a figure marked {self.reliability} needs an editorial_note saying what the source prints"
            )
        return self

    @property
    def public(self) -> bool:
        """Only a clearly printed figure is published as a figure; a garbled or ambiguous one stays in the
        open data and on the "About the data" page, with its flag and its editorial note."""
        return self.reliability == "clean"


# --- Sources --------------------------------------------------------------------------------------


class Source(Model):
    id: Slug
    kind: Literal["article", "web"]
    title: Text
    # True when the title is written by the portal (the source's own headline is not recorded); it is then
    # marked as such and never labelled as the original. False: title.vi is the headline the source prints.
    title_descriptive: bool = False
    publisher: Text | None = None
    author: NonEmpty | None = None
    published: Date | None = None
    # The date a page's banner shows is the day it was viewed, not when it was published.
    viewed: Date | None = None
    url: Annotated[str, StringConstraints(pattern=r"^https?://[^\s<>\"']+$")] | None = None
    # The editors' own copy of the page: an internal reference that never reaches the site or the open data.
    archive: NonEmpty | None = None
    note: Text | None = None
    editorial_note: Text | None = None


class SourcesFile(Model):
    sources: list[Source]


# --- Tags -----------------------------------------------------------------------------------------


class Tag(Model):
    id: Slug
    name: Text
    # Offered as a filter on the timeline (the reader narrows the events to this tag).
    filter: bool = False
    # Events with this tag are investment or zone news: the landing page and the second feed list them.
    investment_news: bool = False


class TagsFile(Model):
    tags: list[Tag]


# --- Authority ------------------------------------------------------------------------------------


class Cited(Model):
    """A sentence of ours about the authority or a zone, with the source it rests on."""

    text: Text
    sources: list[Slug] = Field(min_length=1)


class Statement(Cited):
    """A sentence of ours about the authority; a topic the investor page gives its own heading."""

    topic: Literal["partners", "aftercare"] | None = None


class Pillar(Model):
    id: Slug
    name: Text


class Person(Model):
    # One string for every language, or per language (Korean: the Hangul form, the Vietnamese in brackets).
    name: NonEmpty | Text
    role: Text
    body: Literal["heza", "city"]
    as_of: Date
    source: Slug


class ContactField(Model):
    """One way to reach the authority (a phone number, an e-mail, a website), with its source."""

    value: NonEmpty
    source: Slug


class ContactAddress(Model):
    text: Text
    source: Slug


class Contact(Model):
    """The authority's contact details: a field no source gives is left out, never guessed."""

    address: ContactAddress | None = None
    phone: ContactField | None = None
    email: ContactField | None = None
    website: ContactField | None = None

    @model_validator(mode="after")
    def _website_address(self):
        if self.website is not None and not re.match(r"^https?://[^\s<>\"']+$", self.website.value):
            raise ValueError("website: an address starting with https:// or http://")
        return self


class Authority(Model):
    name: Text
    abbreviation: Text
    # One line on what the authority does, for the landing page.
    tagline: Cited | None = None
    summary: list[Statement] = Field(min_length=1)
    pillars: list[Pillar] = Field(min_length=1)
    pillars_sources: list[Slug] = Field(min_length=1)
    pillars_note: Text | None = None
    pillars_editorial_note: Text | None = None
    people: list[Person] = []
    contact: Contact = Contact()


class AuthorityFile(Model):
    authority: Authority
    # The day the editors compiled the portal's data (not the date of any source page).
    compiled: Date | None = None


# --- Key figures ----------------------------------------------------------------------------------


class FigureGroup(Model):
    id: Slug
    title: Text
    intro: Text | None = None
    # The sources the intro rests on (cited after it).
    sources: list[Slug] = []


class Figure(Quantity):
    id: Slug
    group: Slug
    label: Text
    status: Literal["actual", "estimate", "expected", "target"] = "actual"
    # zones: into the industrial parks and economic zones; city: the whole city; authority: HEZA itself;
    # party_committee: the HEZA Party Committee (Đảng bộ Ban); zone: the zones listed under `zones`.
    scope: Literal["zones", "city", "authority", "party_committee", "zone"]
    zones: list[Slug] = []
    period: PeriodField | None = None
    as_of: Date | None = None
    source: Slug
    # Charts pick their series by this key (e.g. fdi-annual); None keeps the figure out of charts.
    chart: Slug | None = None
    # A headline figure: shown as a card on the landing and investor pages (4 to 6 of them).
    headline: bool = False

    @model_validator(mode="after")
    def _when(self):
        # Some articles give a figure without any year: then a note must say so; the period is never guessed.
        if self.period is None and self.as_of is None and self.editorial_note is None:
            raise ValueError(
                "a figure needs a period or an as_of date, or an editorial_note saying the source gives neither"
            )
        if self.scope == "zone" and not self.zones:
            raise ValueError('a figure with scope "zone" must name its zones')
        return self


class FiguresFile(Model):
    groups: list[FigureGroup]
    figures: list[Figure]


# --- Events ---------------------------------------------------------------------------------------


class Event(Model):
    id: Slug
    date: Date
    # "by": a deadline (planned for no later than the date), "on": the day or period itself.
    date_qualifier: Literal["on", "by"] = "on"
    status: Literal["occurred", "planned"]
    title: Text
    summary: Text
    tags: list[Slug] = Field(min_length=1)
    zones: list[Slug] = []
    sources: list[Slug] = Field(min_length=1)
    note: Text | None = None
    editorial_note: Text | None = None


class EventsFile(Model):
    events: list[Event]


# --- Zones ----------------------------------------------------------------------------------------

ZoneKind = Literal[
    "economic_zone",
    "industrial_park",
    "non_tariff_zone",
    "free_trade_zone",
    "port",
    "industrial_park_complex",
]
ZoneStatus = Literal[
    "operating",
    "partly_operating",
    "under_construction",
    "established",
    "approved_in_principle",
    "planned",
]


class StatusFact(Model):
    value: ZoneStatus
    as_of: Date
    source: Slug
    note: Text | None = None
    editorial_note: Text | None = None


class AreaFact(Model):
    value: Annotated[Number, Field(gt=0)]
    qualifier: Qualifier | None = None
    as_of: Date | None = None
    source: Slug
    note: Text | None = None
    editorial_note: Text | None = None


class ZoneFact(Model):
    """One row of a zone's key-facts table: a quantity, a date or a text, with its source."""

    label: Text
    quantity: Quantity | None = None
    date: Date | None = None
    text: Text | None = None
    as_of: Date | None = None
    source: Slug
    note: Text | None = None
    editorial_note: Text | None = None
    # The column of the zones' comparison table this fact fills, if any.
    column: Literal["leasable_land", "founding_decision"] | None = None

    @model_validator(mode="after")
    def _exactly_one_value(self):
        given = [name for name in ("quantity", "date", "text") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError("a fact needs exactly one of quantity, date or text")
        return self


class Investor(Model):
    # A brand written the same in both languages ("LG"), or per language ("Tập đoàn SK" / "SK Group").
    name: NonEmpty | Text
    origin: Text | None = None
    detail: Text | None = None
    source: Slug


class Zone(Model):
    id: Slug
    kind: ZoneKind
    name: Text
    parent: Slug | None = None
    summary: Text
    status: StatusFact
    location: Cited | None = None
    area: AreaFact | None = None
    facts: list[ZoneFact] = []
    investors: list[Investor] = []
    notes: list[Cited] = []
    editorial_note: Text | None = None


class ZonesFile(Model):
    zones: list[Zone]


# --- The whole dataset and the checks across files -----------------------------------------------

FILE_MODELS: dict[str, type[BaseModel]] = {
    "authority.yaml": AuthorityFile,
    "sources.yaml": SourcesFile,
    "tags.yaml": TagsFile,
    "figures.yaml": FiguresFile,
    "events.yaml": EventsFile,
    "zones.yaml": ZonesFile,
}


@dataclass(frozen=True)
class Dataset:
    authority: Authority
    sources: list[Source]
    tags: list[Tag]
    groups: list[FigureGroup]
    figures: list[Figure]
    events: list[Event]
    zones: list[Zone]
    # The day the editors compiled the data (authority.yaml), None when not given.
    compiled: PartialDate | None = None

    def newest_fact_date(self) -> PartialDate | None:
        """The date of the newest dated fact the sources give: an event that happened, a figure's as-of date,
        a zone's status, area or fact, a person's role. Periods, plans and publication dates do not count.
        Worked out once: every page and every PDF sheet prints it, and it reads the whole dataset."""
        cache = self.__dict__.setdefault("_indexes", {})
        if "newest_fact_date" not in cache:
            cache["newest_fact_date"] = self._newest_fact_date()
        return cache["newest_fact_date"]

    def _newest_fact_date(self) -> PartialDate | None:
        dates = [e.date for e in self.events if e.status == "occurred"]
        dates += [f.as_of for f in self.figures if f.as_of]
        dates += [p.as_of for p in (self.authority.people if self.authority else [])]
        for zone in self.zones:
            dates.append(zone.status.as_of)
            if zone.area and zone.area.as_of:
                dates.append(zone.area.as_of)
            dates += [d for fact in zone.facts for d in (fact.as_of, fact.date) if d]
        return max(dates, key=lambda d: d.sort_key()) if dates else None

    def source(self, source_id: str) -> Source:
        return self._index("sources")[source_id]

    def zone(self, zone_id: str) -> Zone:
        return self._index("zones")[zone_id]

    def tag(self, tag_id: str) -> Tag:
        return self._index("tags")[tag_id]

    def _index(self, name: str) -> dict:
        cache = self.__dict__.setdefault("_indexes", {})
        if name not in cache:
            cache[name] = {item.id: item for item in getattr(self, name)}
        return cache[name]


@dataclass(frozen=True)
class Problem:
    """A data problem at a path inside one file; the loader turns the path into line:column."""

    file: str
    path: tuple[str | int, ...]
    message: str


def _walk_source_refs(value, path):
    """Yield (path, source id) for every source reference inside a model, wherever it sits."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            child = getattr(value, name)
            if name in ("source", "pillars_sources", "sources") and child is not None:
                if isinstance(child, str):
                    yield (*path, name), child
                elif isinstance(child, list) and all(isinstance(c, str) for c in child):
                    for i, ref in enumerate(child):
                        yield (*path, name, i), ref
                    continue
            if isinstance(child, (BaseModel, list)):  # texts, numbers and dates hold no reference
                yield from _walk_source_refs(child, (*path, name))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            if isinstance(child, (BaseModel, list)):
                yield from _walk_source_refs(child, (*path, i))


def _chart_problems(data: Dataset) -> list[Problem]:
    """A chart draws its figures on one axis: one unit, or units of one family; each point needs a date."""
    problems = []
    first: dict[str, tuple[int, str]] = {}  # chart -> the first figure's index and unit
    for i, figure in enumerate(data.figures):
        if figure.chart is None or not figure.public:  # unclear figures are never charted
            continue
        if figure.period is None and figure.as_of is None:
            problems.append(
                Problem("figures.yaml", ("figures", i, "chart"), "a figure in a chart needs a period or an as_of date")
            )
        if figure.chart not in first:
            first[figure.chart] = (i, figure.unit)
            continue
        index, unit = first[figure.chart]
        if figure.unit != unit and not any({figure.unit, unit} <= set(family) for family in UNIT_FAMILIES):
            problems.append(
                Problem(
                    "figures.yaml",
                    ("figures", i, "unit"),
                    f'chart "{figure.chart}" cannot draw {figure.unit} on the axis of {unit} '
                    f'(figures[{index}], "{data.figures[index].id}"); one chart takes one kind of unit',
                )
            )
    return problems


def cross_check(
    data: Dataset, failed: frozenset[str] = frozenset(), partial_ids: dict[str, set[str]] | None = None
) -> list[Problem]:
    """Checks that need more than one file: ids unique, references resolve, every source is used, charts
    draw one kind of unit, zone ids leave the site's own pages alone.

    `failed` names files that did not load (their lists are empty here): references into them are judged
    against `partial_ids`, the ids such a file lists (read from it although it has other problems), and not
    at all when its ids could not be read; so one broken file does not hide, or fake, the problems of the
    others.
    """
    partial_ids = partial_ids or {}
    problems: list[Problem] = []

    def unique(file: str, key: str, items) -> set[str]:
        seen: dict[str, int] = {}
        path = tuple(key.split("."))
        for i, item in enumerate(items):
            if item.id in seen:
                problems.append(
                    Problem(file, (*path, i, "id"), f'duplicate id "{item.id}" (first at {key}[{seen[item.id]}])')
                )
            else:
                seen[item.id] = i
        return set(seen)

    source_ids = unique("sources.yaml", "sources", data.sources)
    tag_ids = unique("tags.yaml", "tags", data.tags)
    group_ids = unique("figures.yaml", "groups", data.groups)
    unique("figures.yaml", "figures", data.figures)
    unique("events.yaml", "events", data.events)
    zone_ids = unique("zones.yaml", "zones", data.zones)
    unique("authority.yaml", "authority.pillars", data.authority.pillars if data.authority else [])

    target_files = {"source": "sources.yaml", "zone": "zones.yaml", "tag": "tags.yaml", "figure group": "figures.yaml"}

    def known(file: str, path: tuple, ref: str, ids: set[str], what: str) -> None:
        target = target_files[what]
        if target in failed:
            if target not in partial_ids or ref in partial_ids[target]:
                return
        elif ref in ids:
            return
        problems.append(Problem(file, path, f'unknown {what} "{ref}"'))

    used_sources: set[str] = set()
    roots = [
        ("authority.yaml", ("authority",), data.authority),  # None when authority.yaml failed
        ("figures.yaml", ("groups",), data.groups),
        ("figures.yaml", ("figures",), data.figures),
        ("events.yaml", ("events",), data.events),
        ("zones.yaml", ("zones",), data.zones),
    ]
    for file, path, root in roots:
        for ref_path, ref in _walk_source_refs(root, path):
            used_sources.add(ref)
            known(file, ref_path, ref, source_ids, "source")

    for i, figure in enumerate(data.figures):
        known("figures.yaml", ("figures", i, "group"), figure.group, group_ids, "figure group")
        for j, zone_id in enumerate(figure.zones):
            known("figures.yaml", ("figures", i, "zones", j), zone_id, zone_ids, "zone")
    for i, event in enumerate(data.events):
        for j, tag in enumerate(event.tags):
            known("events.yaml", ("events", i, "tags", j), tag, tag_ids, "tag")
        for j, zone_id in enumerate(event.zones):
            known("events.yaml", ("events", i, "zones", j), zone_id, zone_ids, "zone")
        if not TIMELINE_FIRST_YEAR <= event.date.year <= TIMELINE_LAST_YEAR:
            problems.append(
                Problem(
                    "events.yaml",
                    ("events", i, "date"),
                    f"date {event.date} is outside the timeline {TIMELINE_FIRST_YEAR}-{TIMELINE_LAST_YEAR}",
                )
            )
    problems.extend(_chart_problems(data))
    for i, zone in enumerate(data.zones):
        if zone.id in RESERVED_ZONE_IDS:
            problems.append(
                Problem(
                    "zones.yaml",
                    ("zones", i, "id"),
                    f'the id "{zone.id}" is the name of a page of the site ({_ZONE_FOLDER / zone.id}.md): '
                    "choose another",
                )
            )
        if zone.parent is not None:
            known("zones.yaml", ("zones", i, "parent"), zone.parent, zone_ids, "zone")
            if zone.parent == zone.id:
                problems.append(Problem("zones.yaml", ("zones", i, "parent"), "a zone cannot be its own parent"))
    citing_files = {"authority.yaml", "figures.yaml", "events.yaml", "zones.yaml"}
    for i, source in enumerate(data.sources if not failed & citing_files else []):
        if source.id not in used_sources:
            problems.append(Problem("sources.yaml", ("sources", i, "id"), f'source "{source.id}" is cited nowhere'))
    return problems
