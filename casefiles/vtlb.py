"""VTLB (vrij te laten bedrag, Recofa method) and afloscapaciteit: a pure calculator.

Every line of the calculation is returned with the parameter it came from, so a case
worker sees why the VTLB is what it is and can override one line (with a reason).
The bijstandsnormen are data (``data/bijstandsnormen.json``): adding a period is data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "bijstandsnormen.json"
CENT = Decimal("0.01")
HOUSEHOLD_KINDS = ("single", "couple", "single_aow", "couple_aow", "single_18_20")


def money(value: Decimal | int | str) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class NormPeriod:
    starts: date
    norms: dict[str, Decimal]


@dataclass(frozen=True)
class NormTable:
    periods: tuple[NormPeriod, ...]
    parameters: dict[str, Decimal]

    def period_on(self, day: date) -> NormPeriod:
        valid = [p for p in self.periods if p.starts <= day]
        if not valid:
            raise ValueError(f"no bijstandsnorm known for {day.isoformat()}")
        return max(valid, key=lambda p: p.starts)


@cache
def norm_table(path: Path = DATA) -> NormTable:
    raw = json.loads(path.read_text(encoding="utf-8"))
    periods = tuple(
        NormPeriod(
            starts=date.fromisoformat(p["from"]),
            norms={kind: Decimal(p[kind]) for kind in HOUSEHOLD_KINDS},
        )
        for p in raw["periods"]
    )
    parameters = {k: Decimal(v) for k, v in raw["parameters"].items()}
    return NormTable(periods=periods, parameters=parameters)


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
    params = table.parameters
    if data.household not in HOUSEHOLD_KINDS:
        raise ValueError(f"unknown household kind {data.household!r}")
    norm = period.norms[data.household]
    pct = params["basis_percentage"]
    period_label = period.starts.isoformat()
    lines = [
        VtlbLine(
            "basis",
            "Basis: 95% van de bijstandsnorm incl. vakantietoeslag",
            money(norm * pct),
            f"bijstandsnorm {data.household} vanaf {period_label} = {norm} x {pct}",
        ),
        VtlbLine(
            "housing_correction",
            "Woonkostencorrectie (netto woonlasten boven/onder de norm)",
            money(data.housing_costs - data.housing_allowance - params["housing_norm"]),
            f"woonlasten {money(data.housing_costs)} - huurtoeslag "
            f"{money(data.housing_allowance)} - norm {params['housing_norm']}",
        ),
        VtlbLine(
            "health_correction",
            "Correctie zorgpremie (netto van zorgtoeslag)",
            money(data.health_premium - data.health_allowance - params["health_premium_norm"]),
            f"premie {money(data.health_premium)} - zorgtoeslag "
            f"{money(data.health_allowance)} - norm {params['health_premium_norm']}",
        ),
        VtlbLine(
            "arbeidstoeslag",
            "Arbeidstoeslag",
            money(params["arbeidstoeslag"]) if data.working else money(0),
            f"arbeidstoeslag {params['arbeidstoeslag']} (werkend: {_yes_no(data.working)})",
        ),
        VtlbLine(
            "eigen_risico",
            "Reservering eigen risico zorgverzekering (per jaar / 12)",
            money(params["eigen_risico_year"] / 12),
            f"eigen risico {params['eigen_risico_year']} / 12",
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


def _yes_no(flag: bool) -> str:
    return "ja" if flag else "nee"
