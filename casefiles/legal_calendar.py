"""Legal working days and terms under the Algemene termijnenwet (Atw).

Working days exclude Saturdays, Sundays, the algemeen erkende feestdagen of Atw art. 3
(computed with the ``holidays`` package, plus 5 May every year and Good Friday) and the
days equated by royal decree (``data/decreed_days.json``, editable). A term that ends on a
non-working day is extended to the next working day (Atw art. 1).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import holidays

DATA = Path(__file__).resolve().parent / "data"
_ATW_FEASTS = {
    "New Year's Day": "Nieuwjaarsdag",
    "Good Friday": "Goede Vrijdag",
    "Easter Monday": "Tweede Paasdag",
    "King's Day": "Koningsdag",
    "Ascension Day": "Hemelvaartsdag",
    "Pentecost Monday": "Tweede Pinksterdag",
    "Whit Monday": "Tweede Pinksterdag",
    "Christmas Day": "Eerste Kerstdag",
    "Second Day of Christmas": "Tweede Kerstdag",
}


@cache
def decreed_days() -> dict[date, str]:
    raw = json.loads((DATA / "decreed_days.json").read_text(encoding="utf-8"))
    return {date.fromisoformat(d["date"]): d["name"] for d in raw["days"]}


@cache
def legal_holidays(year: int) -> dict[date, str]:
    """The Atw holidays of ``year`` with their Dutch names."""
    found: dict[date, str] = {}
    calendar = holidays.country_holidays("NL", years=year, language="en_US")
    for day, name in calendar.items():
        for english, dutch in _ATW_FEASTS.items():
            if english in name:
                found[day] = dutch
    easter_monday = next((d for d, n in found.items() if n == "Tweede Paasdag"), None)
    if easter_monday is not None:
        found.setdefault(easter_monday - timedelta(days=3), "Goede Vrijdag")
    found[date(year, 5, 5)] = "Bevrijdingsdag"
    for day, name in decreed_days().items():
        if day.year == year:
            found[day] = name
    return found


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in legal_holidays(day.year)


def next_working_day(day: date) -> date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def extend_term(end: date) -> date:
    """Atw art. 1: a term ending on a weekend day or holiday ends on the next working day."""
    return next_working_day(end)


def add_working_days(start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` (``start`` itself not counted)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def add_weeks(start: date, weeks: int) -> date:
    """A term of ``weeks`` weeks from ``start``, extended under Atw art. 1."""
    return extend_term(start + timedelta(weeks=weeks))


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative when end < start)."""
    if end < start:
        return -working_days_between(end, start)
    # Counted, not walked day by day: dashboards show this for terms years overdue.
    feasts = sum(
        1
        for year in range(start.year, end.year + 1)
        for day in legal_holidays(year)
        if start < day <= end and day.weekday() < 5
    )
    return _weekdays_up_to(end) - _weekdays_up_to(start) - feasts


def _weekdays_up_to(day: date) -> int:
    """Mondays to Fridays from 1 January of year 1 (a Monday) up to and including ``day``."""
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


@dataclass(frozen=True)
class TermRule:
    """How long a term is: ``amount`` working days or weeks."""

    amount: int
    unit: str  # "working_days" | "weeks"

    def due(self, start: date) -> date:
        if self.unit == "working_days":
            return add_working_days(start, self.amount)
        return add_weeks(start, self.amount)


FIRST_CONVERSATION_CRISIS = TermRule(3, "working_days")  # Wgs art. 4 lid 1
FIRST_CONVERSATION_REGULAR = TermRule(4, "weeks")  # Wgs art. 4 lid 1
CREDITOR_RESPONSE = TermRule(10, "working_days")  # Schuldenknooppunt agreement
DEFAULT_BESCHIKKING_WEEKS = 8


def first_conversation_due(meldingsdatum: date, *, crisis: bool) -> date:
    rule = FIRST_CONVERSATION_CRISIS if crisis else FIRST_CONVERSATION_REGULAR
    return rule.due(meldingsdatum)


def beschikking_due(first_conversation: date, weeks: int = DEFAULT_BESCHIKKING_WEEKS) -> date:
    return add_weeks(first_conversation, weeks)


def creditor_response_due(sent: date, working_days: int = CREDITOR_RESPONSE.amount) -> date:
    return add_working_days(sent, working_days)
