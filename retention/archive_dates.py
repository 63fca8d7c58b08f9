"""Archive dates per the ZGW rules: brondatum by afleidingswijze, then
``archiefactiedatum = brondatum + archiefactietermijn``.

Pure functions, no database. Durations are ISO 8601 (``P5Y``, ``P18M``, ``P42D``,
``P6W``, ``P1Y6M``); years and months are added on the calendar and clamped to the last
day of a shorter month (31 January + P1M = 28/29 February; 29 February + P1Y = 28 February).
A date that cannot be determined stays ``None`` with a reason, and blocks destruction.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from engine.errors import FieldError, ValidationFailed


class Afleidingswijze(StrEnum):
    AFGEHANDELD = "afgehandeld"
    TERMIJN = "termijn"
    EIGENSCHAP = "eigenschap"
    ANDER_DATUMKENMERK = "ander_datumkenmerk"
    INGANGSDATUM_BESLUIT = "ingangsdatum_besluit"
    VERVALDATUM_BESLUIT = "vervaldatum_besluit"
    HOOFDZAAK = "hoofdzaak"
    GERELATEERDE_ZAAK = "gerelateerde_zaak"


_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


@dataclass(frozen=True)
class ArchiveDates:
    archiefnominatie: str  # vernietigen | blijvend_bewaren
    archiefactietermijn: str | None
    brondatum: date | None
    archiefactiedatum: date | None
    reason: str | None = None  # why a date is missing

    @property
    def determinable(self) -> bool:
        return self.archiefactiedatum is not None


def parse_duration(value: str) -> tuple[int, int, int]:
    """``P1Y6M`` -> (years, months, days); weeks become days. Refuses time parts."""
    match = _DURATION.match(value.strip().upper()) if value else None
    if not match or not any(match.groups()):
        raise ValidationFailed(
            f"{value!r} is not an ISO 8601 duration in years, months, weeks or days",
            [FieldError("duration", "use e.g. P5Y, P18M, P6W or P42D")],
        )
    years, months, weeks, days = (int(g) if g else 0 for g in match.groups())
    return years, months, weeks * 7 + days


def add_duration(start: date, duration: str, *, sign: int = 1) -> date:
    """``start`` plus (or, with ``sign=-1``, minus) an ISO 8601 duration."""
    years, months, days = parse_duration(duration)
    total = start.year * 12 + (start.month - 1) + sign * (years * 12 + months)
    year, month = divmod(total, 12)
    month += 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day) + timedelta(days=sign * days)


def as_date(value: object) -> date | None:
    """A date from a date, datetime or ISO string; ``None`` for empty or unparseable."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def compute_brondatum(
    afleidingswijze: str,
    *,
    closed_on: date | None,
    procestermijn: str | None = None,
    datumkenmerk: str | None = None,
    properties: Mapping[str, object] | None = None,
    decision_dates: Iterable[tuple[date | None, date | None]] = (),
    main_case_closed_on: date | None = None,
    related_closed_on: Iterable[date | None] = (),
) -> tuple[date | None, str | None]:
    """Return (brondatum, reason-if-None)."""
    try:
        kind = Afleidingswijze(afleidingswijze)
    except ValueError:
        return None, f"unknown afleidingswijze {afleidingswijze!r}"
    props = properties or {}
    if kind is Afleidingswijze.AFGEHANDELD:
        return (closed_on, None) if closed_on else (None, "the case has no end date")
    if kind is Afleidingswijze.TERMIJN:
        if closed_on is None:
            return None, "the case has no end date"
        if not procestermijn:
            return None, "afleidingswijze termijn needs a procestermijn"
        return add_duration(closed_on, procestermijn), None
    if kind in (Afleidingswijze.EIGENSCHAP, Afleidingswijze.ANDER_DATUMKENMERK):
        if not datumkenmerk:
            return None, f"afleidingswijze {kind.value} needs a datumkenmerk"
        found = as_date(props.get(datumkenmerk))
        return (found, None) if found else (None, f"case date {datumkenmerk!r} is not set")
    if kind in (Afleidingswijze.INGANGSDATUM_BESLUIT, Afleidingswijze.VERVALDATUM_BESLUIT):
        pick = 0 if kind is Afleidingswijze.INGANGSDATUM_BESLUIT else 1
        dates = [d[pick] for d in decision_dates]
        if not dates or any(d is None for d in dates):
            return None, f"not every decision has a {kind.value.split('_')[0]}"
        return max(d for d in dates if d is not None), None
    if kind is Afleidingswijze.HOOFDZAAK:
        return (
            (main_case_closed_on, None)
            if main_case_closed_on
            else (None, "the main case is not closed")
        )
    related = list(related_closed_on)
    if not related or any(d is None for d in related):
        return None, "not every related case is closed"
    return max(d for d in related if d is not None), None


def compute_archive_dates(
    *,
    archiefnominatie: str,
    archiefactietermijn: str | None,
    afleidingswijze: str,
    closed_on: date | None,
    procestermijn: str | None = None,
    datumkenmerk: str | None = None,
    properties: Mapping[str, object] | None = None,
    decision_dates: Iterable[tuple[date | None, date | None]] = (),
    main_case_closed_on: date | None = None,
    related_closed_on: Iterable[date | None] = (),
) -> ArchiveDates:
    brondatum, reason = compute_brondatum(
        afleidingswijze,
        closed_on=closed_on,
        procestermijn=procestermijn,
        datumkenmerk=datumkenmerk,
        properties=properties,
        decision_dates=decision_dates,
        main_case_closed_on=main_case_closed_on,
        related_closed_on=related_closed_on,
    )
    actiedatum: date | None = None
    if brondatum is not None:
        if archiefactietermijn:
            actiedatum = add_duration(brondatum, archiefactietermijn)
        else:
            reason = "the result type has no archiefactietermijn"
    return ArchiveDates(archiefnominatie, archiefactietermijn, brondatum, actiedatum, reason)


_AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local_date(moment: datetime) -> date:
    """The calendar date in the Netherlands of a UTC moment (what a person sees)."""
    return moment.astimezone(_AMSTERDAM).date()
