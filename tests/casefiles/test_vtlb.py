"""VTLB: every line, each bijstandsnorm and parameter period boundary, overrides,
afloscapaciteit."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casefiles.vtlb import (
    HOUSEHOLD_KINDS,
    PARAMETERS,
    VtlbInput,
    VtlbOverrideSpec,
    compute_vtlb,
    norm_table,
)

D = Decimal


def lines_of(data: VtlbInput, overrides: list[VtlbOverrideSpec] | None = None) -> dict[str, D]:
    return {line.key: line.amount for line in compute_vtlb(data, overrides).lines}


@pytest.mark.parametrize(
    ("day", "norm"),
    [
        (date(2024, 1, 1), "1283.83"),
        (date(2024, 6, 30), "1283.83"),
        (date(2024, 7, 1), "1308.45"),
        (date(2024, 12, 31), "1308.45"),
        (date(2025, 1, 1), "1345.45"),
        (date(2025, 6, 30), "1345.45"),
        (date(2025, 7, 1), "1369.06"),
        (date(2026, 3, 2), "1369.06"),
    ],
)
def test_basis_is_95_percent_of_the_norm_valid_on_the_day(day: date, norm: str) -> None:
    result = compute_vtlb(VtlbInput(day))
    basis = result.lines[0]
    assert basis.key == "basis"
    assert basis.amount == (D(norm) * D("0.95")).quantize(D("0.01"))
    assert norm in basis.source


def test_no_norm_before_the_first_period() -> None:
    with pytest.raises(ValueError, match="no bijstandsnorm"):
        compute_vtlb(VtlbInput(date(2023, 12, 31)))


@pytest.mark.parametrize(
    ("kind", "amount"),
    [
        ("couple", "1955.80"),
        ("single_aow", "1530.21"),
        ("couple_aow", "2094.98"),
        ("single_18_20", "337.98"),
    ],
)
def test_household_kind_selects_its_norm(kind: str, amount: str) -> None:
    table = norm_table()
    assert table.period_on(date(2025, 7, 1)).norms[kind] == D(amount)
    assert lines_of(VtlbInput(date(2025, 8, 1), household=kind))["basis"] == (
        D(amount) * D("0.95")
    ).quantize(D("0.01"))


def test_worked_example_single_working_renter_second_half_2025() -> None:
    data = VtlbInput(
        date(2025, 9, 1),
        net_income=D("2100.00"),
        housing_costs=D("750.00"),
        housing_allowance=D("200.00"),
        health_premium=D("150.00"),
        health_allowance=D("120.00"),
        working=True,
        other_items={"commuting": D("40.00")},
    )
    result = compute_vtlb(data)
    lines = {line.key: line.amount for line in result.lines}
    assert lines == {
        "basis": D("1300.61"),
        "housing_correction": D("296.00"),  # 750 - 200 - norm 254
        "health_correction": D("30.00"),  # 150 - 120
        "arbeidstoeslag": D("160.00"),
        "eigen_risico": D("32.08"),  # 385 / 12
        "commuting": D("40.00"),
    }
    assert result.vtlb == sum(lines.values())
    assert result.afloscapaciteit == D("2100.00") - result.vtlb
    assert all(line.source for line in result.lines)


def test_no_arbeidstoeslag_without_work() -> None:
    assert lines_of(VtlbInput(date(2025, 9, 1), working=False))["arbeidstoeslag"] == D("0.00")


def test_afloscapaciteit_never_below_zero_means_nul_aanbod() -> None:
    result = compute_vtlb(VtlbInput(date(2025, 9, 1), net_income=D("900.00")))
    assert result.afloscapaciteit == D("0.00")
    assert result.nul_aanbod


def test_override_replaces_a_line_and_keeps_the_original_with_reason() -> None:
    data = VtlbInput(date(2025, 9, 1), net_income=D("2000"), housing_costs=D("600"))
    result = compute_vtlb(data, [VtlbOverrideSpec("housing_correction", D("400"), "huurverhoging")])
    line = next(x for x in result.lines if x.key == "housing_correction")
    assert (line.amount, line.original_amount) == (D("400.00"), D("346.00"))
    assert line.reason == "huurverhoging"
    assert line.overridden


def test_override_needs_a_reason_and_a_known_line() -> None:
    data = VtlbInput(date(2025, 9, 1))
    with pytest.raises(ValueError, match="reason"):
        compute_vtlb(data, [VtlbOverrideSpec("basis", D("1"), " ")])
    with pytest.raises(ValueError, match="no VTLB line"):
        compute_vtlb(data, [VtlbOverrideSpec("vakantiegeld", D("1"), "x")])


def test_override_can_add_a_vtlb_only_item() -> None:
    lines = lines_of(VtlbInput(date(2025, 9, 1)), [VtlbOverrideSpec("alimony", D("125"), "vonnis")])
    assert lines["alimony"] == D("125.00")


@given(
    income=st.decimals(min_value=D("0"), max_value=D("8000"), places=2),
    rent=st.decimals(min_value=D("0"), max_value=D("2000"), places=2),
    day=st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)),
    working=st.booleans(),
)
def test_afloscapaciteit_is_income_minus_vtlb_floored_at_zero(
    income: Decimal, rent: Decimal, day: date, working: bool
) -> None:
    result = compute_vtlb(VtlbInput(day, net_income=income, housing_costs=rent, working=working))
    assert result.vtlb == sum(line.amount for line in result.lines)
    assert result.afloscapaciteit == max(income - result.vtlb, D("0.00"))
    assert result.afloscapaciteit >= 0


# --- parameters, versioned by effective date ----------------------------------------------


def sources_of(day: date) -> dict[str, str]:
    return {line.key: line.source for line in compute_vtlb(VtlbInput(day, working=True)).lines}


@pytest.mark.parametrize(
    ("day", "year"), [(date(2024, 12, 31), "2024"), (date(2025, 1, 1), "2025")]
)
def test_eigen_risico_line_names_the_year_and_law_of_its_parameter(day: date, year: str) -> None:
    source = sources_of(day)["eigen_risico"]
    assert f"zorgverzekering {year}: € 385 (Zorgverzekeringswet)" in source


def test_every_line_shows_its_source_and_policy_parameters_say_so() -> None:
    sources = sources_of(date(2025, 9, 1))
    policy = "gemeentelijke beleidsparameter, aanpasbaar"
    for key in ("housing_correction", "health_correction", "arbeidstoeslag"):
        assert policy in sources[key]
    assert "Recofa-methode" in sources["basis"]
    assert all(0 < len(source) <= 200 for source in sources.values())  # fits the stored line


def test_parameters_carry_over_to_periods_that_do_not_change_them() -> None:
    table = norm_table()
    first, second = table.period_on(date(2024, 1, 1)), table.period_on(date(2024, 7, 1))
    assert second.starts == date(2024, 7, 1)
    assert second.parameters == first.parameters


def write_table(tmp_path: Path, periods: list[dict[str, Any]]) -> Path:
    path = tmp_path / "normen.json"
    path.write_text(json.dumps({"periods": periods}), encoding="utf-8")
    return path


NORMS = {kind: "1000.00" for kind in HOUSEHOLD_KINDS}


def policy(value: str) -> dict[str, str]:
    return {"value": value, "source": "gemeentelijke beleidsparameter, aanpasbaar"}


def full_parameters() -> dict[str, dict[str, str]]:
    return {name: policy("0.95" if name == "basis_percentage" else "100.00") for name in PARAMETERS}


def test_next_years_parameter_is_data_and_applies_from_its_first_day(tmp_path: Path) -> None:
    table = norm_table(
        write_table(
            tmp_path,
            [
                {"from": "2026-01-01", **NORMS, "parameters": {"housing_norm": policy("300.00")}},
                {"from": "2025-01-01", **NORMS, "parameters": full_parameters()},
            ],
        )
    )
    data = {"housing_costs": D("500.00")}
    before = compute_vtlb(VtlbInput(date(2025, 12, 31), **data), table=table)
    after = compute_vtlb(VtlbInput(date(2026, 1, 1), **data), table=table)
    assert before.lines[1].amount == D("400.00")  # 500 - 100
    assert after.lines[1].amount == D("200.00")  # 500 - 300
    assert after.lines[2].source == before.lines[2].source  # health norm carried over


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        ({"housing_norm": policy("1")}, "no value for basis_percentage"),
        ({**full_parameters(), "huurnorm": policy("1")}, "unknown parameter huurnorm"),
        ({**full_parameters(), "arbeidstoeslag": {"value": "1", "source": " "}}, "needs a source"),
        ({**full_parameters(), "arbeidstoeslag": {"value": "1", "source": "x" * 101}}, "at most"),
    ],
)
def test_a_parameter_table_without_values_or_sources_is_refused(
    tmp_path: Path, parameters: dict[str, Any], message: str
) -> None:
    path = write_table(tmp_path, [{"from": "2025-01-01", **NORMS, "parameters": parameters}])
    with pytest.raises(ValueError, match=message):
        norm_table(path)
