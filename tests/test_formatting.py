"""Exact strings of the official style (conventions.md): no locale state, the locale is always passed."""

from decimal import Decimal

import pytest

from generator import formatting
from generator.formatting import format_date, format_number, format_period, format_quantity
from generator.models import PartialDate, parse_period


@pytest.mark.parametrize(
    "value, unit, vi, en",
    [
        ("18.6", "usd_billion", "18,6 tỷ USD", "US$18.6 billion"),
        ("481915", "vnd_billion", "481.915 tỷ đồng", "VND 481,915 billion"),
        ("238.47", "percent", "238,47%", "238.47%"),
        ("2928.75", "ha", "2.928,75 ha", "2,928.75 ha"),
        ("2591.74", "vnd_million", "2.591,74 triệu đồng", "VND 2,591.74 million"),
        ("328", "vnd_trillion", "328 nghìn tỷ đồng", "VND 328 trillion"),
        ("500", "usd_million", "500 triệu USD", "US$500 million"),
        ("17", "usd", "17 USD", "US$17"),  # a figure kept as its source printed it, without "tỷ"
        ("20000", "ha", "20.000 ha", "20,000 ha"),
        ("18000", "teu", "18.000 TEU", "18,000 TEU"),
        ("1325", "count", "1.325", "1,325"),
    ],
)
def test_quantities(value, unit, vi, en):
    assert format_quantity(Decimal(value), unit, "vi") == vi
    assert format_quantity(Decimal(value), unit, "en") == en


def test_precision_is_kept_as_written():
    # "3.50" printed with two decimals stays so; 4.35 is not rounded to 4.4.
    assert format_number(Decimal("3.50"), "vi") == "3,50"
    assert format_number(Decimal("4.35"), "en") == "4.35"
    assert format_number(Decimal("101.2"), "vi") == "101,2"


def test_ranges_and_qualifiers():
    assert format_quantity(Decimal(15), "usd_billion", "vi", Decimal(20)) == "15–20 tỷ USD"
    assert format_quantity(Decimal(15), "usd_billion", "en", Decimal(20)) == "US$15–20 billion"
    assert format_quantity(Decimal("26.5"), "usd_billion", "vi", qualifier="over") == "trên 26,5 tỷ USD"
    assert format_quantity(Decimal("26.5"), "usd_billion", "en", qualifier="over") == "over US$26.5 billion"
    assert format_quantity(Decimal("12.35"), "percent", "vi", qualifier="at_least") == "từ 12,35% trở lên"
    assert format_quantity(Decimal("12.35"), "percent", "en", qualifier="at_least") == "at least 12.35%"
    assert format_quantity(Decimal("2928.75"), "ha", "en", qualifier="about") == "about 2,928.75 ha"


@pytest.mark.parametrize(
    "date, qualifier, vi, en",
    [
        (PartialDate(2025, 6, 15), "on", "15/6/2025", "15 June 2025"),
        (PartialDate(2023, 12, 18), "on", "18/12/2023", "18 December 2023"),
        (PartialDate(2025, 7), "on", "tháng 7/2025", "July 2025"),
        (PartialDate(2025, quarter=3), "on", "quý III/2025", "Q3 2025"),
        (PartialDate(2026), "on", "năm 2026", "2026"),
        (PartialDate(2025, 8, 20), "by", "trước ngày 20/8/2025", "by 20 August 2025"),
        (PartialDate(2025, quarter=3), "by", "trong quý III/2025", "in Q3 2025"),
        (PartialDate(2025, 7), "by", "trong tháng 7/2025", "in July 2025"),
    ],
)
def test_dates(date, qualifier, vi, en):
    assert format_date(date, "vi", qualifier) == vi
    assert format_date(date, "en", qualifier) == en


@pytest.mark.parametrize(
    "period, vi, en",
    [
        ("2023", "năm 2023", "2023"),
        ("2020-2025", "2020–2025", "2020–2025"),
        ("2025-H1", "6 tháng đầu năm 2025", "H1 2025"),
        ("..2030", "đến năm 2030", "by 2030"),
    ],
)
def test_periods(period, vi, en):
    assert format_period(parse_period(period), "vi") == vi
    assert format_period(parse_period(period), "en") == en


def test_every_configured_language_has_formatting_rules_and_no_other_language_falls_back():
    from generator import site

    assert formatting.missing_rules(site.LANGUAGES) == []
    assert formatting.missing_rules(["xx"]) == ["xx"]
    with pytest.raises(formatting.NoRulesForLanguage, match="no number, money and date rules for 'xx'"):
        formatting.format_quantity(Decimal("18.6"), "usd_billion", "xx")
    with pytest.raises(formatting.NoRulesForLanguage):
        formatting.format_date(PartialDate(2025, 6, 15), "xx")


@pytest.mark.parametrize(
    "value, unit, value_max, qualifier, ko",
    [
        ("18.6", "usd_billion", None, None, "186억 달러"),
        ("500", "usd_million", None, None, "5억 달러"),
        ("237", "usd_million", None, None, "2억 3,700만 달러"),
        ("0.237", "usd_billion", None, None, "2억 3,700만 달러"),
        ("481915", "vnd_billion", None, None, "481조 9,150억 동"),
        ("23847", "vnd_billion", None, None, "23조 8,470억 동"),
        ("328", "vnd_trillion", None, None, "328조 동"),
        ("2591.74", "vnd_million", None, None, "25억 9,174만 동"),
        ("1", "usd_billion", None, None, "10억 달러"),
        ("17", "usd", None, None, "17 달러"),
        ("25000", "usd", None, None, "2만 5,000 달러"),
        ("15", "usd_billion", "20", None, "150억~200억 달러"),
        ("26.5", "usd_billion", None, "over", "265억 달러 이상"),
        ("2928.75", "ha", None, None, "2,928.75ha"),
        ("2928.75", "ha", None, "about", "약 2,928.75ha"),
        ("238.47", "percent", None, None, "238.47%"),
        ("12.35", "percent", None, "at_least", "최소 12.35%"),
        ("20000", "ha", None, None, "20,000ha"),
        ("18000", "teu", None, None, "18,000TEU"),
        ("1325", "count", None, None, "1,325"),
        ("3.50", "percent", None, None, "3.50%"),
    ],
)
def test_korean_quantities(value, unit, value_max, qualifier, ko):
    top = Decimal(value_max) if value_max else None
    assert format_quantity(Decimal(value), unit, "ko", top, qualifier) == ko


def test_korean_myriads_keep_every_digit():
    # The source's precision stays: no "약 2억" for 2억 3,700만, nothing below 만 dropped.
    assert formatting.format_myriads(Decimal("237050000"), (("조", 12), ("억", 8), ("만", 4)), "ko") == "2억 3,705만"
    assert formatting.format_myriads(Decimal("1000000012345"), (("조", 12), ("억", 8), ("만", 4)), "ko") == (
        "1조 1만 2,345"
    )
    assert formatting.format_myriads(Decimal("0"), (("억", 8),), "ko") == "0"
    assert format_quantity(Decimal("1.2345678"), "usd_million", "ko") == "123만 4,567.8 달러"


@pytest.mark.parametrize(
    "date, qualifier, ko",
    [
        (PartialDate(2025, 6, 15), "on", "2025년 6월 15일"),
        (PartialDate(2025, 7), "on", "2025년 7월"),
        (PartialDate(2025, quarter=3), "on", "2025년 3분기"),
        (PartialDate(2026), "on", "2026년"),
        (PartialDate(2025, 8, 20), "by", "2025년 8월 20일까지"),
        (PartialDate(2025, 7), "by", "2025년 7월 중"),
    ],
)
def test_korean_dates(date, qualifier, ko):
    assert format_date(date, "ko", qualifier) == ko


@pytest.mark.parametrize(
    "period, ko",
    [
        ("2023", "2023년"),
        ("2020-2025", "2020~2025년"),
        ("2025-H1", "2025년 상반기"),
        ("2025-H2", "2025년 하반기"),
        ("..2030", "2030년까지"),
    ],
)
def test_korean_periods(period, ko):
    assert format_period(parse_period(period), "ko") == ko


@pytest.mark.parametrize(
    "first, last, lang, expected",
    [
        (2023, 2025, "vi", "2023–2025"),
        (2023, 2025, "en", "2023–2025"),
        (2023, 2025, "ko", "2023~2025년"),
        (2025, 2025, "vi", "năm 2025"),
        (2025, 2025, "en", "2025"),
        (2025, 2025, "ko", "2025년"),
    ],
)
def test_timeline_years(first, last, lang, expected):
    assert formatting.format_years(first, last, lang) == expected


@pytest.mark.parametrize(("lang", "label"), [("vi", "2023"), ("en", "2023"), ("ko", "2023년")])
def test_a_year_alone_as_a_label(lang, label):
    assert formatting.format_year_label(2023, lang) == label
