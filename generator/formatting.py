"""Numbers, money, dates and periods in the official style of each language (see README, "Style").

Babel supplies the digits and separators, always with an explicit locale; the shape around them
("18,6 tỷ USD", "US$18.6 billion", "15/6/2025", "15 June 2025") follows official Vietnamese writing
and careful English, which CLDR's currency and date patterns do not.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import Any

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


# Per language: the text around a number ({n}: the number or range) for each unit, and around a quantity ({x})
# for each qualifier. A language the portal configures (generator/site.py) must have its rules here: there is
# no fallback to another language's (`missing_rules` reports one that has none).
_UNITS = {
    "vi": {
        "usd_billion": "{n} tỷ USD",
        "usd_million": "{n} triệu USD",
        "vnd_trillion": "{n} nghìn tỷ đồng",
        "vnd_billion": "{n} tỷ đồng",
        "vnd_million": "{n} triệu đồng",
        "percent": "{n}%",
        "ha": "{n} ha",
        "km": "{n} km",
        "teu": "{n} TEU",
        "count": "{n}",
    },
    "en": {
        "usd_billion": "US${n} billion",
        "usd_million": "US${n} million",
        "vnd_trillion": "VND {n} trillion",
        "vnd_billion": "VND {n} billion",
        "vnd_million": "VND {n} million",
        "percent": "{n}%",
        "ha": "{n} ha",
        "km": "{n} km",
        "teu": "{n} TEU",
        "count": "{n}",
    },
}

_QUALIFIERS = {
    "vi": {"over": "trên {x}", "about": "khoảng {x}", "at_least": "từ {x} trở lên", "up_to": "tối đa {x}"},
    "en": {"over": "over {x}", "about": "about {x}", "at_least": "at least {x}", "up_to": "up to {x}"},
}


class NoRulesForLanguage(KeyError):
    """A language the portal is configured for has no formatting rules in this module."""


def _rules(table: dict[str, Any], lang: str) -> Any:
    try:
        return table[lang]
    except KeyError:
        raise NoRulesForLanguage(f"generator/formatting.py has no number, money and date rules for {lang!r}") from None


def format_quantity(value, unit: str, lang: str, value_max=None, qualifier: str | None = None) -> str:
    """format_quantity(Decimal('18.6'), 'usd_billion', 'en') -> 'US$18.6 billion'."""
    units, qualifiers = _rules(_UNITS, lang), _rules(_QUALIFIERS, lang)
    number = format_number(value, lang)
    if value_max is not None:
        number = f"{number}{EN_DASH}{format_number(value_max, lang)}"
    text = units[unit].format(n=number)
    if qualifier:
        text = qualifiers[qualifier].format(x=text)
    return text


def quantity_text(quantity, lang: str) -> str:
    """Format any model carrying value, unit and the optional value_max and qualifier."""
    return format_quantity(
        quantity.value, quantity.unit, lang, getattr(quantity, "value_max", None), getattr(quantity, "qualifier", None)
    )


def area_text(area, lang: str) -> str:
    return format_quantity(area.value, "ha", lang, qualifier=area.qualifier)


_ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _date_vi(date: PartialDate, qualifier: str) -> str:
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


def _date_en(date: PartialDate, qualifier: str) -> str:
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


_DATES = {"vi": _date_vi, "en": _date_en}


def format_date(date: PartialDate, lang: str, qualifier: str = "on") -> str:
    """format_date(PartialDate(2025, 6, 15), 'vi') -> '15/6/2025'; in English '15 June 2025'."""
    return _rules(_DATES, lang)(date, qualifier)


# A figure's period, per language: half year, "until" (by a year), single year.
_PERIODS = {
    "vi": {
        "half": "6 tháng {which} năm {end}",
        "halves": ("đầu", "cuối"),
        "until": "đến năm {end}",
        "year": "năm {end}",
    },
    "en": {"half": "H{half} {end}", "halves": ("1", "2"), "until": "by {end}", "year": "{end}"},
}


def format_period(period: Period, lang: str) -> str:
    """A figure's period: '2023', '2020–2025', 'H1 2025' / '6 tháng đầu năm 2025', 'by 2025' / 'đến năm 2025'."""
    rules = _rules(_PERIODS, lang)
    if period.kind == "half":
        assert period.half is not None
        return rules["half"].format(which=rules["halves"][period.half - 1], half=period.half, end=period.end)
    if period.kind in ("until", "year"):
        return rules[period.kind].format(end=period.end)
    return f"{period.start}{EN_DASH}{period.end}"


def missing_rules(languages) -> list[str]:
    """The languages among these that this module has no rules for (the check reports them)."""
    return [lang for lang in languages if not all(lang in table for table in (_UNITS, _QUALIFIERS, _DATES, _PERIODS))]


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
