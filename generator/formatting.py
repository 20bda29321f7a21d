"""Numbers, money, dates and periods in the official style of each language (see README, "Style").

Babel supplies the digits and separators, always with an explicit locale; the shape around them
("18,6 tỷ USD", "US$18.6 billion", "186억 달러", "15/6/2025", "15 June 2025", "2025년 6월 15일") follows
official Vietnamese writing, careful English and Korean business media, which CLDR's currency and date
patterns do not.
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
        "usd": "{n} USD",
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
        "usd": "US${n}",
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
    # Money is regrouped in myriads (_MYRIADS): the number is the whole amount, "481조 9,150억".
    "ko": {
        "usd": "{n} 달러",
        "usd_billion": "{n} 달러",
        "usd_million": "{n} 달러",
        "vnd_trillion": "{n} 동",
        "vnd_billion": "{n} 동",
        "vnd_million": "{n} 동",
        "percent": "{n}%",
        "ha": "{n}ha",
        "km": "{n}km",
        "teu": "{n}TEU",
        "count": "{n}",
    },
}

_QUALIFIERS = {
    "vi": {"over": "trên {x}", "about": "khoảng {x}", "at_least": "từ {x} trở lên", "up_to": "tối đa {x}"},
    "en": {"over": "over {x}", "about": "about {x}", "at_least": "at least {x}", "up_to": "up to {x}"},
    "ko": {"over": "{x} 이상", "about": "약 {x}", "at_least": "최소 {x}", "up_to": "최대 {x}"},
}

# Between the two ends of a range of numbers: "15–20 tỷ USD", "150억~200억 달러".
_RANGES = {"vi": EN_DASH, "en": EN_DASH, "ko": "~"}

# The power of ten a money unit stands for ("tỷ USD": 10^9 US dollars).
_UNIT_EXPONENTS = {"usd": 0, "usd_billion": 9, "usd_million": 6, "vnd_trillion": 12, "vnd_billion": 9, "vnd_million": 6}

# Per language: the names of 10^12, 10^8 and 10^4 for a language that writes money in myriads (Korean:
# 186억 달러, 2억 3,700만 달러), or None for one that writes the number in the unit its source states.
_MYRIADS: dict[str, tuple[tuple[str, int], ...] | None] = {
    "vi": None,
    "en": None,
    "ko": (("조", 12), ("억", 8), ("만", 4)),
}


def format_myriads(amount: Decimal, names: tuple[tuple[str, int], ...], lang: str) -> str:
    """An amount in myriad groups, exactly (no rounding): 48191500000000 -> '481조 9,150억'."""
    sign, amount = ("-", -amount) if amount < 0 else ("", amount)
    whole = int(amount)
    fraction = amount - whole
    parts = []
    for name, exponent in names:
        group = whole // 10**exponent
        whole -= group * 10**exponent
        if group:
            parts.append(format_number(Decimal(group), lang) + name)
    rest = Decimal(whole) + fraction if fraction else Decimal(whole)
    if rest or not parts:
        parts.append(format_number(rest, lang))
    return sign + " ".join(parts)


class NoRulesForLanguage(KeyError):
    """A language the portal is configured for has no formatting rules in this module."""


def _rules(table: dict[str, Any], lang: str) -> Any:
    try:
        return table[lang]
    except KeyError:
        raise NoRulesForLanguage(f"generator/formatting.py has no number, money and date rules for {lang!r}") from None


def format_quantity(value, unit: str, lang: str, value_max=None, qualifier: str | None = None) -> str:
    """format_quantity(Decimal('18.6'), 'usd_billion', 'en') -> 'US$18.6 billion'."""
    units, qualifiers, myriads = _rules(_UNITS, lang), _rules(_QUALIFIERS, lang), _rules(_MYRIADS, lang)

    def number_text(number) -> str:
        number = Decimal(number) if not isinstance(number, Decimal) else number
        if myriads and unit in _UNIT_EXPONENTS:
            return format_myriads(number.scaleb(_UNIT_EXPONENTS[unit]), myriads, lang)
        return format_number(number, lang)

    number = number_text(value)
    if value_max is not None:
        number = f"{number}{_rules(_RANGES, lang)}{number_text(value_max)}"
    text = units[unit].format(n=number)
    if qualifier:
        text = qualifiers[qualifier].format(x=text)
    return text


def _counts_in_myriads(unit: str, lang: str) -> tuple[tuple[str, int], ...] | None:
    myriads = _rules(_MYRIADS, lang)
    return myriads if myriads and unit in _UNIT_EXPONENTS else None


def unit_label(unit: str, lang: str) -> str:
    """What one of the unit is, for a number written in it (the open data's unit column): 'tỷ USD',
    'US$ billion', '%'; in Korean, which has no word for 10^9, '10억 달러'."""
    if _counts_in_myriads(unit, lang):
        return format_quantity(Decimal(1), unit, lang)
    return " ".join(format_quantity(Decimal(0), unit, lang).replace("0", " ").split())


def axis_unit(unit: str, lang: str) -> tuple[str, Decimal]:
    """A chart axis's unit and the factor its numbers take: ('tỷ USD', 1) for US$ billions in Vietnamese,
    ('억 달러', 10) in Korean, whose axis counts in the largest myriad not above the unit."""
    myriads = _counts_in_myriads(unit, lang)
    if not myriads:
        return unit_label(unit, lang), Decimal(1)
    exponent = _UNIT_EXPONENTS[unit]
    name, step = next(((name, step) for name, step in myriads if step <= exponent), ("", 0))
    return _rules(_UNITS, lang)[unit].format(n=name).strip(), Decimal(10) ** (exponent - step)


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


def _date_ko(date: PartialDate, qualifier: str) -> str:
    if date.precision == "day":
        text = f"{date.year}년 {date.month}월 {date.day}일"
        return f"{text}까지" if qualifier == "by" else text
    if date.precision == "month":
        text = f"{date.year}년 {date.month}월"
    elif date.precision == "quarter":
        text = f"{date.year}년 {date.quarter}분기"
    else:
        text = f"{date.year}년"
    # "trong tháng 7/2025", "in July 2025": within that month.
    return f"{text} 중" if qualifier == "by" else text


_DATES = {"vi": _date_vi, "en": _date_en, "ko": _date_ko}


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
        "label": "{end}",  # a year alone as a label (a chart's axis, a table's row)
        "span": "{start}\u2013{end}",
    },
    "en": {
        "half": "H{half} {end}",
        "halves": ("1", "2"),
        "until": "by {end}",
        "year": "{end}",
        "label": "{end}",
        "span": "{start}\u2013{end}",
    },
    "ko": {
        "half": "{end}년 {which}",
        "halves": ("상반기", "하반기"),
        "until": "{end}년까지",
        "year": "{end}년",
        "label": "{end}년",
        "span": "{start}~{end}년",
    },
}


def format_period(period: Period, lang: str) -> str:
    """A figure's period: '2023', '2020–2025', 'H1 2025' / '6 tháng đầu năm 2025' / '2025년 상반기', 'by 2025'."""
    rules = _rules(_PERIODS, lang)
    if period.kind == "half":
        assert period.half is not None
        return rules["half"].format(which=rules["halves"][period.half - 1], half=period.half, end=period.end)
    if period.kind in ("until", "year"):
        return rules[period.kind].format(end=period.end)
    return rules["span"].format(start=period.start, end=period.end)


def format_years(first: int, last: int, lang: str) -> str:
    """The years a list covers, in the period rules: '2023–2025' / '2023~2025년'; one year: 'năm 2025' / '2025년'."""
    rules = _rules(_PERIODS, lang)
    return rules["year"].format(end=last) if first == last else rules["span"].format(start=first, end=last)


def format_year_label(year: int, lang: str) -> str:
    """A year alone as a label, a chart's axis or a row of its table: '2023' (vi, en), '2023년' (ko)."""
    return _rules(_PERIODS, lang)["label"].format(end=year)


def missing_rules(languages) -> list[str]:
    """The languages among these that this module has no rules for (the check reports them)."""
    tables = (_UNITS, _QUALIFIERS, _RANGES, _MYRIADS, _DATES, _PERIODS)
    return [lang for lang in languages if not all(lang in table for table in tables)]


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

    def years(self, first: int, last: int) -> str:
        return format_years(first, last, self.lang)

    def number(self, value) -> str:
        return format_number(value, self.lang)
