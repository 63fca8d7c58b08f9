"""Archive dates per afleidingswijze and category, across leap years and month ends."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from engine.errors import ValidationFailed
from retention.archive_dates import add_duration, compute_archive_dates, parse_duration
from retention.selectielijst import categories, get_category

DEBT_RELIEF = {"8.1.9": "P5Y", "8.3.5": "P5Y", "8.4.1": "P42D", "8.2": "P5Y"}


def test_the_shipped_selectielijst_has_every_result_and_the_debt_relief_categories() -> None:
    assert len(categories()) == 346
    for number, term in DEBT_RELIEF.items():
        category = get_category(number)
        assert category.bewaartermijn == term
        assert category.archiefnominatie == "vernietigen"
        assert category.process_type == "Voorzieningen verstrekken"


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        (date(2024, 2, 29), "P5Y", date(2029, 2, 28)),  # leap day into a common year
        (date(2024, 2, 29), "P4Y", date(2028, 2, 29)),  # leap day into a leap year
        (date(2023, 2, 28), "P1Y", date(2024, 2, 28)),
        (date(2024, 1, 31), "P1M", date(2024, 2, 29)),  # month end into a leap February
        (date(2023, 1, 31), "P1M", date(2023, 2, 28)),
        (date(2024, 8, 31), "P18M", date(2026, 2, 28)),
        (date(2024, 12, 31), "P42D", date(2025, 2, 11)),  # six weeks across the year end
        (date(2024, 1, 20), "P6W", date(2024, 3, 2)),  # weeks through a leap February
        (date(2023, 1, 20), "P42D", date(2023, 3, 3)),
        (date(2024, 3, 31), "P1Y6M", date(2025, 9, 30)),
    ],
)
def test_durations_are_added_on_the_calendar(start: date, duration: str, expected: date) -> None:
    assert add_duration(start, duration) == expected


def test_durations_subtract_too() -> None:
    assert add_duration(date(2029, 2, 28), "P5Y", sign=-1) == date(2024, 2, 28)
    assert add_duration(date(2024, 3, 31), "P1M", sign=-1) == date(2024, 2, 29)


@pytest.mark.parametrize("bad", ["", "5Y", "P", "PT5H", "P1.5Y", "five years"])
def test_bad_durations_are_refused(bad: str) -> None:
    with pytest.raises(ValidationFailed):
        parse_duration(bad)


CLOSE_DATES = [date(2024, 2, 29), date(2023, 12, 31), date(2024, 1, 31), date(2025, 6, 15)]


@pytest.mark.parametrize("number", sorted(DEBT_RELIEF))
@pytest.mark.parametrize("closed_on", CLOSE_DATES)
def test_afgehandeld_counts_from_the_end_date(number: str, closed_on: date) -> None:
    category = get_category(number)
    dates = compute_archive_dates(
        archiefnominatie=category.archiefnominatie,
        archiefactietermijn=category.bewaartermijn,
        afleidingswijze="afgehandeld",
        closed_on=closed_on,
    )
    assert dates.brondatum == closed_on
    assert dates.archiefactiedatum == add_duration(closed_on, DEBT_RELIEF[number])
    if closed_on == date(2024, 2, 29) and number != "8.4.1":
        assert dates.archiefactiedatum == date(2029, 2, 28)


@pytest.mark.parametrize("number", sorted(DEBT_RELIEF))
def test_termijn_adds_the_procestermijn_first(number: str) -> None:
    # an 18-month settlement that ended on 31 August 2024 -> brondatum 28 February 2026
    category = get_category(number)
    dates = compute_archive_dates(
        archiefnominatie="vernietigen",
        archiefactietermijn=category.bewaartermijn,
        afleidingswijze="termijn",
        closed_on=date(2024, 8, 31),
        procestermijn="P18M",
    )
    assert dates.brondatum == date(2026, 2, 28)
    expected = {"P5Y": date(2031, 2, 28), "P42D": date(2026, 4, 11)}[category.bewaartermijn or ""]
    assert dates.archiefactiedatum == expected


@pytest.mark.parametrize("afleidingswijze", ["eigenschap", "ander_datumkenmerk"])
def test_named_case_dates(afleidingswijze: str) -> None:
    dates = compute_archive_dates(
        archiefnominatie="vernietigen",
        archiefactietermijn="P5Y",
        afleidingswijze=afleidingswijze,
        closed_on=date(2024, 1, 1),
        datumkenmerk="einde_schuldregeling",
        properties={"einde_schuldregeling": "2028-02-29"},
    )
    assert (dates.brondatum, dates.archiefactiedatum) == (date(2028, 2, 29), date(2033, 2, 28))


def test_decision_dates_take_the_latest() -> None:
    decisions = [(date(2024, 1, 31), date(2025, 1, 31)), (date(2024, 2, 29), date(2026, 2, 28))]
    start = compute_archive_dates(
        archiefnominatie="vernietigen",
        archiefactietermijn="P1M",
        afleidingswijze="ingangsdatum_besluit",
        closed_on=None,
        decision_dates=decisions,
    )
    end = compute_archive_dates(
        archiefnominatie="vernietigen",
        archiefactietermijn="P1Y",
        afleidingswijze="vervaldatum_besluit",
        closed_on=None,
        decision_dates=decisions,
    )
    assert start.archiefactiedatum == date(2024, 3, 29)
    assert end.archiefactiedatum == date(2027, 2, 28)


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"afleidingswijze": "afgehandeld", "closed_on": None}, "no end date"),
        ({"afleidingswijze": "termijn", "closed_on": date(2024, 1, 1)}, "procestermijn"),
        (
            {
                "afleidingswijze": "eigenschap",
                "closed_on": date(2024, 1, 1),
                "datumkenmerk": "einde",
            },
            "'einde' is not set",
        ),
        (
            {
                "afleidingswijze": "eigenschap",
                "closed_on": date(2024, 1, 1),
                "datumkenmerk": "einde",
                "properties": {"einde": "niet een datum"},
            },
            "not set",
        ),
        ({"afleidingswijze": "ander_datumkenmerk", "closed_on": date(2024, 1, 1)}, "datumkenmerk"),
        (
            {
                "afleidingswijze": "vervaldatum_besluit",
                "closed_on": date(2024, 1, 1),
                "decision_dates": [(date(2024, 1, 1), None)],
            },
            "vervaldatum",
        ),
        ({"afleidingswijze": "vervaldatum_besluit", "closed_on": date(2024, 1, 1)}, "decision"),
        (
            {
                "afleidingswijze": "gerelateerde_zaak",
                "closed_on": date(2024, 1, 1),
                "related_closed_on": [date(2024, 1, 1), None],
            },
            "related case",
        ),
        ({"afleidingswijze": "hoofdzaak", "closed_on": date(2024, 1, 1)}, "main case"),
        ({"afleidingswijze": "zomaar", "closed_on": date(2024, 1, 1)}, "unknown"),
    ],
)
def test_undeterminable_dates_stay_empty_with_a_reason(kwargs: dict[str, Any], reason: str) -> None:
    dates = compute_archive_dates(
        archiefnominatie="vernietigen", archiefactietermijn="P5Y", **kwargs
    )
    assert dates.archiefactiedatum is None
    assert not dates.determinable
    assert dates.reason is not None and reason in dates.reason


def test_related_cases_use_the_last_end_date() -> None:
    dates = compute_archive_dates(
        archiefnominatie="vernietigen",
        archiefactietermijn="P5Y",
        afleidingswijze="gerelateerde_zaak",
        closed_on=None,
        related_closed_on=[date(2024, 2, 29), date(2023, 5, 1)],
    )
    assert dates.archiefactiedatum == date(2029, 2, 28)
