"""Numbers, money, dates and periods in the official style of each language (see README, "Style").

Babel supplies the digits and separators, always with an explicit locale; the shape around them
("18,6 tỷ USD", "US$18.6 billion", "15/6/2025", "15 June 2025") follows official Vietnamese writing
and careful English, which CLDR's currency and date patterns do not.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from babel import Locale
from babel.dates import get_month_names
from babel.numbers import format_decimal

from generator.models import PartialDate, Period

EN_DASH = "\u2013"


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


def decimals_of(value: Decimal) -> int:
    """How many decimals the source printed: Decimal('3.50') -> 2, Decimal('20000') -> 0."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def format_number(value, lang: str) -> str:
    value = Decimal(value) if not isinstance(value, Decimal) else value
    places = decimals_of(value)
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(value, format=pattern, locale=_locale(lang), decimal_quantization=True)


# (Vietnamese template, English template) around the number; {n} is the number or range.
_UNITS = {
    "usd_billion": ("{n} tỷ USD", "US${n} billion"),
    "usd_million": ("{n} triệu USD", "US${n} million"),
    "vnd_trillion": ("{n} nghìn tỷ đồng", "VND {n} trillion"),
    "vnd_billion": ("{n} tỷ đồng", "VND {n} billion"),
    "vnd_million": ("{n} triệu đồng", "VND {n} million"),
    "percent": ("{n}%", "{n}%"),
    "ha": ("{n} ha", "{n} ha"),
    "km": ("{n} km", "{n} km"),
    "teu": ("{n} TEU", "{n} TEU"),
    "count": ("{n}", "{n}"),
}

_QUALIFIERS = {
    "over": ("trên {x}", "over {x}"),
    "about": ("khoảng {x}", "about {x}"),
    "at_least": ("từ {x} trở lên", "at least {x}"),
    "up_to": ("tối đa {x}", "up to {x}"),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "vi" else pair[1]


def format_quantity(value, unit: str, lang: str, value_max=None, qualifier: str | None = None) -> str:
    """format_quantity(Decimal('18.6'), 'usd_billion', 'en') -> 'US$18.6 billion'."""
    number = format_number(value, lang)
    if value_max is not None:
        number = f"{number}{EN_DASH}{format_number(value_max, lang)}"
    text = _pick(_UNITS[unit], lang).format(n=number)
    if qualifier:
        text = _pick(_QUALIFIERS[qualifier], lang).format(x=text)
    return text


def quantity_text(quantity, lang: str) -> str:
    """Format any model carrying value, unit and the optional value_max and qualifier."""
    return format_quantity(
        quantity.value, quantity.unit, lang, getattr(quantity, "value_max", None), getattr(quantity, "qualifier", None)
    )


def area_text(area, lang: str) -> str:
    return format_quantity(area.value, "ha", lang, qualifier=area.qualifier)


_ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}


def format_date(date: PartialDate, lang: str, qualifier: str = "on") -> str:
    """format_date(PartialDate(2025, 6, 15), 'vi') -> '15/6/2025'; in English '15 June 2025'."""
    if lang == "vi":
        if date.precision == "day":
            text = f"{date.day}/{date.month}/{date.year}"
            return f"trước ngày {text}" if qualifier == "by" else text
        if date.precision == "month":
            text = f"tháng {date.month}/{date.year}"
        elif date.precision == "quarter":
            assert date.quarter is not None
            text = f"quý {_ROMAN_QUARTERS[date.quarter]}/{date.year}"
        else:
            text = f"năm {date.year}"
        return f"trong {text}" if qualifier == "by" else text
    months = get_month_names("wide", locale=_locale("en"))
    if date.precision == "day":
        text = f"{date.day} {months[date.month]} {date.year}"
    elif date.precision == "month":
        text = f"{months[date.month]} {date.year}"
    elif date.precision == "quarter":
        text = f"Q{date.quarter} {date.year}"
    else:
        text = str(date.year)
    if qualifier == "by":
        # "trước ngày 20/8/2025" is a deadline, "by 20 August 2025"; "trong tháng 7/2025" is "in July 2025".
        return f"by {text}" if date.precision == "day" else f"in {text}"
    return text


def format_period(period: Period, lang: str) -> str:
    """A figure's period: '2023', '2020–2025', 'H1 2025' / '6 tháng đầu năm 2025', 'by 2025' / 'đến năm 2025'."""
    if period.kind == "half":
        if lang == "vi":
            return f"6 tháng {'đầu' if period.half == 1 else 'cuối'} năm {period.end}"
        return f"H{period.half} {period.end}"
    if period.kind == "until":
        return f"đến năm {period.end}" if lang == "vi" else f"by {period.end}"
    if period.kind == "year":
        return f"năm {period.end}" if lang == "vi" else str(period.end)
    return f"{period.start}{EN_DASH}{period.end}"


class LocalizedFormat:
    """The formatting calls templates make, bound to one language (pages and PDF sheets share them)."""

    def __init__(self, lang: str):
        self.lang = lang

    def t(self, text) -> str:
        """A Text in this language; a plain str (a name written the same in both languages) as it is."""
        return text if isinstance(text, str) else text.get(self.lang)

    def q(self, quantity) -> str:
        return quantity_text(quantity, self.lang)

    def area(self, area) -> str:
        return area_text(area, self.lang)

    def date(self, date: PartialDate, qualifier: str = "on") -> str:
        return format_date(date, self.lang, qualifier)

    def period(self, period: Period) -> str:
        return format_period(period, self.lang)

    def number(self, value) -> str:
        return format_number(value, self.lang)
