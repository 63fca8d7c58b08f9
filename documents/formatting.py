"""Dutch formatting for what a person reads: dates, amounts, percentages. No locale needed."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


def _local_date(value: date | datetime) -> date:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(AMSTERDAM)
        return value.date()
    return value


def dutch_date(value: date | datetime | str | None, *, weekday: bool = False) -> str:
    """``22 november 2026`` (optionally ``zondag 22 november 2026``), in Amsterdam time."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    day = _local_date(value)
    text = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    return f"{WEEKDAYS[day.weekday()]} {text}" if weekday else text


def dutch_time(value: datetime | str) -> str:
    """``14:30 uur`` in Amsterdam time."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is not None:
        value = value.astimezone(AMSTERDAM)
    return f"{value.hour:02d}:{value.minute:02d} uur"


def _group(digits: str) -> str:
    parts = []
    while len(digits) > 3:
        parts.append(digits[-3:])
        digits = digits[:-3]
    parts.append(digits)
    return ".".join(reversed(parts))


def dutch_number(value: Decimal | int | float | str, places: int = 2) -> str:
    """``1.234,56``: dot groups thousands, comma before decimals, half-up rounding."""
    amount = Decimal(str(value))
    quantum = Decimal(1).scaleb(-places)
    amount = amount.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    whole, _, frac = f"{abs(amount):f}".partition(".")
    text = _group(whole)
    return f"{sign}{text},{frac}" if places > 0 else f"{sign}{text}"


def euro(value: Decimal | int | float | str | None) -> str:
    """``€ 1.234,56`` (and ``€ -12,00`` for negative amounts)."""
    if value is None or value == "":
        return ""
    return f"€ {dutch_number(value)}"


def percentage(value: Decimal | int | float | str | None, places: int = 2) -> str:
    """``38,76%``."""
    if value is None or value == "":
        return ""
    return f"{dutch_number(value, places)}%"


FILTERS = {
    "datum": dutch_date,
    "tijd": dutch_time,
    "euro": euro,
    "procent": percentage,
    "getal": dutch_number,
}
