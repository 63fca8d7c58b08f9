"""Working days between two dates are counted arithmetically; they must match a walk over
every day (weekends, Atw holidays and decreed days excluded)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from casefiles.legal_calendar import is_working_day, working_days_between

DAYS = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))


def _walked(start: date, end: date) -> int:
    step = 1 if end >= start else -1
    days = range(1, abs((end - start).days) + 1)
    return step * sum(1 for n in days if is_working_day(min(start, end) + timedelta(n)))


@given(DAYS, DAYS)
def test_count_matches_a_walk_over_every_day(start: date, end: date) -> None:
    assert working_days_between(start, end) == _walked(start, end)


def test_weekday_holiday_skipped_weekend_holiday_not_subtracted_twice() -> None:
    # Christmas 2026: Friday 25 and Saturday 26 December
    assert working_days_between(date(2026, 12, 24), date(2026, 12, 28)) == 1
