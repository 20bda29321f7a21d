"""The models: dates at their precision, periods, quantities, and the checks across files."""

from decimal import Decimal

import pytest
from pydantic import ValidationError

from generator.models import Figure, PartialDate, Quantity, Text, parse_partial_date, parse_period


@pytest.mark.parametrize(
    "text, expected, precision",
    [
        ("2025-06-15", PartialDate(2025, 6, 15), "day"),
        ("2025-06", PartialDate(2025, 6), "month"),
        ("2025-Q3", PartialDate(2025, quarter=3), "quarter"),
        ("2025", PartialDate(2025), "year"),
        (2025, PartialDate(2025), "year"),
    ],
)
def test_partial_dates(text, expected, precision):
    parsed = parse_partial_date(text)
    assert parsed == expected
    assert parsed.precision == precision


@pytest.mark.parametrize(
    "text, message",
    [
        ("2023-02-30", 'impossible date "2023-02-30": February 2023 has no day 30'),
        ("2024-13", 'impossible date "2024-13": there is no month 13'),
        ("15/6/2025", 'expected a date like 2025-06-15, 2025-06, 2025-Q3 or 2025, got "15/6/2025"'),
    ],
)
def test_impossible_dates(text, message):
    with pytest.raises(ValueError) as info:
        parse_partial_date(text)
    assert str(info.value) == message


def test_leap_day_is_possible():
    assert parse_partial_date("2024-02-29") == PartialDate(2024, 2, 29)


def test_an_imprecise_date_sorts_at_the_end_of_its_period():
    dates = [parse_partial_date(t) for t in ("2025-06-15", "2025", "2025-Q3", "2025-06", "2025-09-30", "2024-12")]
    assert [str(d) for d in sorted(dates, key=lambda d: d.sort_key())] == [
        "2024-12", "2025-06-15", "2025-06", "2025-09-30", "2025-Q3", "2025"
    ]


def test_periods():
    assert str(parse_period("2020-2025")) == "2020-2025"
    assert parse_period("2025-H1").kind == "half"
    assert parse_period("..2030").kind == "until"
    with pytest.raises(ValueError, match="ends before it starts"):
        parse_period("2025-2020")


def test_text_needs_both_languages():
    with pytest.raises(ValidationError) as info:
        Text.model_validate({"vi": "Khu kinh tế"})
    assert info.value.errors()[0]["loc"] == ("en",)
    with pytest.raises(ValidationError):
        Text.model_validate({"vi": "Khu kinh tế", "en": "   ", "ko": "경제구역"})


def test_quantity_keeps_decimal_and_checks_notes():
    quantity = Quantity.model_validate({"value": Decimal("3.50"), "unit": "usd_billion"})
    assert quantity.value.as_tuple().exponent == -2
    with pytest.raises(ValidationError, match="a figure marked garbled needs an editorial_note"):
        Quantity.model_validate({"value": 17, "unit": "usd_billion", "reliability": "garbled"})
    # A public note does not stand in for the editors' note on an unclear figure.
    with pytest.raises(ValidationError, match="needs an editorial_note"):
        Quantity.model_validate({"value": 17, "unit": "usd_billion", "reliability": "garbled", "note": {"vi": "a", "en": "a", "ko": "a"}})
    garbled = Quantity.model_validate({"value": 17, "unit": "usd_billion", "reliability": "garbled", "editorial_note": {"vi": "a", "en": "a", "ko": "a"}})
    assert not garbled.public and quantity.public
    with pytest.raises(ValidationError, match="value_max must be greater than value"):
        Quantity.model_validate({"value": 20, "value_max": 15, "unit": "usd_billion"})


def test_unknown_fields_are_rejected():
    with pytest.raises(ValidationError) as info:
        Quantity.model_validate({"value": 1, "unit": "ha", "valeu": 2})
    assert info.value.errors()[0]["type"] == "extra_forbidden"


def test_figure_needs_a_period_or_date():
    base = {"id": "x", "group": "g", "label": {"vi": "a", "en": "a", "ko": "a"}, "value": 1, "unit": "count", "scope": "city", "source": "s"}
    with pytest.raises(ValidationError, match="a figure needs a period or an as_of date"):
        Figure.model_validate(base)
    assert Figure.model_validate({**base, "period": "2024"}).period.end == 2024
    undated = {**base, "editorial_note": {"vi": "Nguồn không ghi năm.", "en": "The source gives no year.", "ko": "출처에 연도가 없다."}}
    assert Figure.model_validate(undated).period is None


def test_the_party_committee_is_a_scope_of_its_own():
    base = {"id": "x", "group": "g", "label": {"vi": "a", "en": "a", "ko": "a"}, "value": 13, "unit": "count", "period": "2020-2025", "source": "s"}
    assert Figure.model_validate({**base, "scope": "party_committee"}).scope == "party_committee"


def test_a_number_in_a_text_field_is_read_as_text():
    # `en: 2024` is how staff write a year title; YAML reads an int, the portal shows "2024".
    assert Text.model_validate({"vi": "Năm 2024", "en": 2024, "ko": "2024년"}).en == "2024"
    with pytest.raises(ValidationError):
        Text.model_validate({"vi": "Năm 2024", "en": True, "ko": "2024년"})
