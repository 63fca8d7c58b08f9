"""VTLB (vrij te laten bedrag, Recofa method) and afloscapaciteit: a pure calculator.

Every line of the calculation is returned with the parameter it came from, so a case
worker sees why the VTLB is what it is and can override one line (with a reason).
The bijstandsnormen and the parameters of the corrections are data
(``data/bijstandsnormen.json``), versioned by effective date: adding a period is data.
Not every correction amount is public, so each parameter carries its source, and that
source is shown on the line it feeds.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data" / "bijstandsnormen.json"
CENT = Decimal("0.01")
HOUSEHOLD_KINDS = ("single", "couple", "single_aow", "couple_aow", "single_18_20")


def money(value: Decimal | int | str) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


PARAMETERS = (
    "basis_percentage",
    "housing_norm",
    "health_premium_norm",
    "arbeidstoeslag",
    "eigen_risico_year",
)
MAX_PARAMETER_SOURCE = 100  # a line's source (stored in 200 characters) quotes it


@dataclass(frozen=True)
class Parameter:
    """One parameter of the calculation and where its value comes from."""

    value: Decimal
    source: str


@dataclass(frozen=True)
class NormPeriod:
    starts: date
    norms: dict[str, Decimal]
    parameters: dict[str, Parameter]  # in force from ``starts``: own and carried over


@dataclass(frozen=True)
class NormTable:
    periods: tuple[NormPeriod, ...]

    def period_on(self, day: date) -> NormPeriod:
        valid = [p for p in self.periods if p.starts <= day]
        if not valid:
            raise ValueError(f"no bijstandsnorm known for {day.isoformat()}")
        return max(valid, key=lambda p: p.starts)


@cache
def norm_table(path: Path = DATA) -> NormTable:
    raw = json.loads(path.read_text(encoding="utf-8"))
    return NormTable(periods=tuple(_periods(raw["periods"])))


def _periods(raw_periods: list[dict[str, Any]]) -> list[NormPeriod]:
    """Periods in date order; each carries the parameters of the one before, updated with
    its own. The first period must name every parameter."""
    periods: list[NormPeriod] = []
    in_force: dict[str, Parameter] = {}
    for raw in sorted(raw_periods, key=lambda p: str(p["from"])):
        starts = date.fromisoformat(raw["from"])
        in_force = {**in_force, **_parameters(starts, raw.get("parameters", {}))}
        missing = [name for name in PARAMETERS if name not in in_force]
        if missing:
            raise ValueError(f"VTLB period {starts}: no value for {', '.join(missing)}")
        norms = {kind: Decimal(raw[kind]) for kind in HOUSEHOLD_KINDS}
        periods.append(NormPeriod(starts, norms, in_force))
    return periods


def _parameters(starts: date, raw: dict[str, Any]) -> dict[str, Parameter]:
    unknown = sorted(set(raw) - set(PARAMETERS))
    if unknown:
        raise ValueError(f"VTLB period {starts}: unknown parameter {', '.join(unknown)}")
    parsed = {}
    for name, entry in raw.items():
        source = str(entry.get("source", "")).strip()
        if not source or len(source) > MAX_PARAMETER_SOURCE:
            raise ValueError(
                f"VTLB period {starts}: {name} needs a source of at most "
                f"{MAX_PARAMETER_SOURCE} characters"
            )
        parsed[name] = Parameter(Decimal(entry["value"]), source)
    return parsed


@dataclass(frozen=True)
class VtlbInput:
    """What the calculation needs from the case file (all amounts per month)."""

    reference_date: date
    household: str = "single"  # one of HOUSEHOLD_KINDS; a single parent is "single"
    net_income: Decimal = Decimal("0")
    housing_costs: Decimal = Decimal("0")  # rent/mortgage
    housing_allowance: Decimal = Decimal("0")  # huurtoeslag
    health_premium: Decimal = Decimal("0")
    health_allowance: Decimal = Decimal("0")  # zorgtoeslag
    working: bool = False
    other_items: dict[str, Decimal] = field(default_factory=dict)  # VTLB-only items


@dataclass(frozen=True)
class VtlbLine:
    key: str
    label: str
    amount: Decimal
    source: str
    overridden: bool = False
    original_amount: Decimal | None = None
    reason: str | None = None


@dataclass(frozen=True)
class VtlbOverrideSpec:
    key: str
    amount: Decimal
    reason: str


@dataclass(frozen=True)
class VtlbResult:
    lines: tuple[VtlbLine, ...]
    vtlb: Decimal
    net_income: Decimal
    afloscapaciteit: Decimal
    norm_period: date

    @property
    def nul_aanbod(self) -> bool:
        return self.afloscapaciteit <= 0


OTHER_ITEM_LABELS = {
    "commuting": "Reiskosten woon-werk",
    "childcare": "Kinderopvang en schoolkosten",
    "alimony": "Betaalde alimentatie",
    "local_taxes": "Gemeentelijke belastingen",
    "administration_fee": "Kosten bewind of budgetbeheer",
}

STANDARD_LINES = (
    "basis",
    "housing_correction",
    "health_correction",
    "arbeidstoeslag",
    "eigen_risico",
)
LINE_KEYS = STANDARD_LINES + tuple(OTHER_ITEM_LABELS)


def compute_vtlb(
    data: VtlbInput,
    overrides: list[VtlbOverrideSpec] | None = None,
    table: NormTable | None = None,
) -> VtlbResult:
    """All lines, the VTLB total and the afloscapaciteit (never below zero)."""
    table = table or norm_table()
    period = table.period_on(data.reference_date)
    params = period.parameters
    if data.household not in HOUSEHOLD_KINDS:
        raise ValueError(f"unknown household kind {data.household!r}")
    norm = period.norms[data.household]
    pct = params["basis_percentage"]
    housing, health = params["housing_norm"], params["health_premium_norm"]
    bonus, own_risk = params["arbeidstoeslag"], params["eigen_risico_year"]
    lines = [
        VtlbLine(
            "basis",
            "Basis: 95% van de bijstandsnorm incl. vakantietoeslag",
            money(norm * pct.value),
            f"bijstandsnorm {data.household} vanaf {period.starts.isoformat()} = {norm} "
            f"x {_quoted(pct)}",
        ),
        VtlbLine(
            "housing_correction",
            "Woonkostencorrectie (netto woonlasten boven/onder de norm)",
            money(data.housing_costs - data.housing_allowance - housing.value),
            f"woonlasten {money(data.housing_costs)} - huurtoeslag "
            f"{money(data.housing_allowance)} - woonkostennorm {_quoted(housing)}",
        ),
        VtlbLine(
            "health_correction",
            "Correctie zorgpremie (netto van zorgtoeslag)",
            money(data.health_premium - data.health_allowance - health.value),
            f"premie {money(data.health_premium)} - zorgtoeslag "
            f"{money(data.health_allowance)} - norm {_quoted(health)}",
        ),
        VtlbLine(
            "arbeidstoeslag",
            "Arbeidstoeslag",
            money(bonus.value) if data.working else money(0),
            f"werkend: {_yes_no(data.working)}; arbeidstoeslag {_quoted(bonus)}",
        ),
        VtlbLine(
            "eigen_risico",
            "Reservering eigen risico zorgverzekering (per jaar / 12)",
            money(own_risk.value / 12),
            f"eigen risico {_quoted(own_risk)} / 12",
        ),
    ]
    for key, amount in sorted(data.other_items.items()):
        lines.append(
            VtlbLine(
                key, OTHER_ITEM_LABELS.get(key, key), money(amount), f"opgave in dossier: {key}"
            )
        )
    lines = _apply_overrides(lines, overrides or [])
    vtlb = sum((line.amount for line in lines), Decimal("0.00"))
    income = money(data.net_income)
    capacity = max(money(income - vtlb), Decimal("0.00"))
    return VtlbResult(tuple(lines), money(vtlb), income, capacity, period.starts)


def _apply_overrides(lines: list[VtlbLine], overrides: list[VtlbOverrideSpec]) -> list[VtlbLine]:
    by_key = {o.key: o for o in overrides}
    present = {line.key for line in lines}
    unknown = set(by_key) - set(LINE_KEYS)
    if unknown:
        raise ValueError(f"no VTLB line named {', '.join(sorted(unknown))}")
    for key in sorted(set(by_key) - present):  # an override may add a VTLB-only item
        lines.append(VtlbLine(key, OTHER_ITEM_LABELS[key], money(0), "handmatig toegevoegd"))
    result = []
    for line in lines:
        spec = by_key.get(line.key)
        if spec is None:
            result.append(line)
            continue
        if not spec.reason.strip():
            raise ValueError(f"overriding VTLB line {line.key} needs a reason")
        result.append(
            replace(
                line,
                amount=money(spec.amount),
                overridden=True,
                original_amount=line.amount,
                reason=spec.reason,
            )
        )
    return result


def _quoted(parameter: Parameter) -> str:
    """A parameter as a line's source quotes it: the value and where it comes from."""
    return f"{parameter.value} ({parameter.source})"


def _yes_no(flag: bool) -> str:
    return "ja" if flag else "nee"
