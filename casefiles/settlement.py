"""Settlement proposal (betaalvoorstel): pro-rata shares of the available total, a pure calculator.

Total available = afloscapaciteit x term (18 months; 36 for a Bbz-entrepreneur). Preferent
claims (e.g. the tax office) are paid first, in full if possible, else pro rata among
themselves; the rest is spread pro rata over the concurrent claims. Every payout is in
cents and the payouts add up exactly to the total paid out (largest-remainder rounding).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
TERM_MONTHS = 18
TERM_MONTHS_BBZ = 36


@dataclass(frozen=True)
class Claim:
    key: str
    amount: Decimal
    preferent: bool = False


@dataclass(frozen=True)
class Share:
    key: str
    claim: Decimal
    payout: Decimal
    percentage: Decimal  # of the claim, 2 decimals
    preferent: bool


@dataclass(frozen=True)
class SettlementProposal:
    term_months: int
    afloscapaciteit: Decimal
    available: Decimal
    total_debt: Decimal
    preferent_debt: Decimal
    concurrent_debt: Decimal
    total_payout: Decimal
    percentage: Decimal  # overall share of total debt
    shares: tuple[Share, ...]

    @property
    def nul_aanbod(self) -> bool:
        return self.available <= 0


def term_months(*, bbz_entrepreneur: bool) -> int:
    return TERM_MONTHS_BBZ if bbz_entrepreneur else TERM_MONTHS


def propose_settlement(
    claims: list[Claim], afloscapaciteit: Decimal, months: int = TERM_MONTHS
) -> SettlementProposal:
    """Spread ``afloscapaciteit x months`` over ``claims``; never more than a claim."""
    if months <= 0:
        raise ValueError("the term must be at least one month")
    if any(c.amount < 0 for c in claims):
        raise ValueError("claims must not be negative")
    capacity = max(Decimal(afloscapaciteit), Decimal(0)).quantize(CENT, ROUND_DOWN)
    available = capacity * months
    preferent = [c for c in claims if c.preferent]
    concurrent = [c for c in claims if not c.preferent]
    pref_total = sum((c.amount for c in preferent), Decimal("0.00"))
    conc_total = sum((c.amount for c in concurrent), Decimal("0.00"))
    pref_pay = min(available, pref_total)
    conc_pay = min(available - pref_pay, conc_total)
    payouts = {**spread_pro_rata(preferent, pref_pay), **spread_pro_rata(concurrent, conc_pay)}
    shares = tuple(
        Share(
            key=c.key,
            claim=c.amount,
            payout=payouts[c.key],
            percentage=_percentage(payouts[c.key], c.amount),
            preferent=c.preferent,
        )
        for c in claims
    )
    total_debt = pref_total + conc_total
    total_payout = pref_pay + conc_pay
    return SettlementProposal(
        term_months=months,
        afloscapaciteit=capacity,
        available=available,
        total_debt=total_debt,
        preferent_debt=pref_total,
        concurrent_debt=conc_total,
        total_payout=total_payout,
        percentage=_percentage(total_payout, total_debt),
        shares=shares,
    )


def spread_pro_rata(claims: list[Claim], total: Decimal) -> dict[str, Decimal]:
    """Largest-remainder rounding: cents add up to ``total`` exactly, no payout above its claim."""
    claim_total = sum((c.amount for c in claims), Decimal(0))
    if not claims or claim_total == 0 or total <= 0:
        return {c.key: Decimal("0.00") for c in claims}
    total_cents = int((total / CENT).to_integral_value(ROUND_DOWN))
    exact = [Decimal(total_cents) * c.amount / claim_total for c in claims]
    floors = [int(e.to_integral_value(ROUND_DOWN)) for e in exact]
    left = total_cents - sum(floors)
    order = sorted(range(len(claims)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return {c.key: (Decimal(cents) * CENT) for c, cents in zip(claims, floors, strict=True)}


def _percentage(part: Decimal, whole: Decimal) -> Decimal:
    if whole <= 0:
        return Decimal("0.00")
    return (part * 100 / whole).quantize(CENT, ROUND_HALF_UP)
