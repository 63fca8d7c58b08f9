"""Working days and terms under the Algemene termijnenwet."""

from __future__ import annotations

from datetime import date

import pytest

from casefiles.legal_calendar import (
    add_weeks,
    add_working_days,
    beschikking_due,
    creditor_response_due,
    extend_term,
    first_conversation_due,
    is_working_day,
    legal_holidays,
    working_days_between,
)


def test_four_weeks_from_7_april_2026_ends_on_6_may_because_of_5_may() -> None:
    assert first_conversation_due(date(2026, 4, 7), crisis=False) == date(2026, 5, 6)


@pytest.mark.parametrize("year", [2024, 2025, 2026, 2027, 2031])
def test_5_may_is_a_holiday_every_year(year: int) -> None:
    assert not is_working_day(date(year, 5, 5)) or date(year, 5, 5).weekday() >= 5
    assert date(year, 5, 5) in legal_holidays(year)


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 1, 1), "Nieuwjaarsdag"),
        (date(2026, 4, 3), "Goede Vrijdag"),
        (date(2026, 4, 6), "Tweede Paasdag"),
        (date(2026, 4, 27), "Koningsdag"),
        (date(2025, 4, 26), "Koningsdag"),  # 27 April 2025 was a Sunday
        (date(2026, 5, 14), "Hemelvaartsdag"),
        (date(2026, 5, 25), "Tweede Pinksterdag"),
        (date(2026, 12, 25), "Eerste Kerstdag"),
        (date(2026, 12, 26), "Tweede Kerstdag"),
    ],
)
def test_atw_feasts(day: date, name: str) -> None:
    assert legal_holidays(day.year)[day] == name


def test_crisis_term_skips_koningsdag() -> None:
    # Friday 24 April 2026: Mon 27 April is Koningsdag -> Tue 28, Wed 29, Thu 30.
    assert first_conversation_due(date(2026, 4, 24), crisis=True) == date(2026, 4, 30)


def test_working_days_over_easter_monday() -> None:
    # Thursday 2 April 2026; Good Friday 3 and Easter Monday 6 April are no working days.
    assert add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)


def test_ten_working_days_over_christmas_and_new_year() -> None:
    # From Wed 23 Dec 2026: 24, 28, 29, 30, 31 Dec, (1 Jan holiday), 4, 5, 6, 7, 8 Jan.
    assert creditor_response_due(date(2026, 12, 23)) == date(2027, 1, 8)


def test_term_ending_on_sunday_extends_to_monday() -> None:
    assert extend_term(date(2026, 3, 8)) == date(2026, 3, 9)
    assert add_weeks(date(2026, 3, 1), 1) == date(2026, 3, 9)


def test_term_ending_on_second_christmas_day_extends_past_the_weekend() -> None:
    # Saturday 26 December 2026 -> Monday 28 December.
    assert extend_term(date(2026, 12, 25)) == date(2026, 12, 28)


def test_decreed_day_is_no_working_day() -> None:
    assert not is_working_day(date(2026, 5, 15))


def test_beschikking_term_in_weeks() -> None:
    assert beschikking_due(date(2026, 3, 10), 8) == date(2026, 5, 6)  # 5 May -> 6 May
    assert beschikking_due(date(2026, 3, 10), 4) == date(2026, 4, 7)  # Easter Monday -> Tue


def test_working_days_between() -> None:
    assert working_days_between(date(2026, 4, 24), date(2026, 4, 30)) == 3
    assert working_days_between(date(2026, 4, 30), date(2026, 4, 24)) == -3
