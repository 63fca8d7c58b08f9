"""Pro-rata settlement proposals: exact cents, no negatives, preferent claims apart."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casefiles.settlement import Claim, propose_settlement, spread_pro_rata, term_months

D = Decimal
amounts = st.decimals(min_value=D("0.00"), max_value=D("250000.00"), places=2)


def test_domain_example_12000_over_18_months() -> None:
    proposal = propose_settlement([Claim("a", D("12000.00"))], D("258.41"))
    assert proposal.total_payout == D("4651.38")
    assert proposal.shares[0].percentage == D("38.76")


def test_bbz_entrepreneur_gets_36_months() -> None:
    assert term_months(bbz_entrepreneur=True) == 36
    assert term_months(bbz_entrepreneur=False) == 18
    assert propose_settlement([Claim("a", D("100000"))], D("100"), 36).available == D("3600.00")


def test_three_equal_claims_split_the_odd_cent() -> None:
    payouts = spread_pro_rata([Claim(k, D("100")) for k in "abc"], D("100.00"))
    assert sorted(payouts.values()) == [D("33.33"), D("33.33"), D("33.34")]
    assert sum(payouts.values()) == D("100.00")


def test_preferent_claims_are_paid_first() -> None:
    claims = [Claim("tax", D("1000"), preferent=True), Claim("energy", D("3000"))]
    proposal = propose_settlement(claims, D("100"))  # 1800 available
    shares = {s.key: s for s in proposal.shares}
    assert shares["tax"].payout == D("1000.00")
    assert shares["tax"].percentage == D("100.00")
    assert shares["energy"].payout == D("800.00")
    assert proposal.preferent_debt == D("1000") and proposal.concurrent_debt == D("3000")


def test_preferent_shortfall_is_spread_among_preferent_only() -> None:
    claims = [Claim("tax", D("3000"), True), Claim("cak", D("1000"), True), Claim("x", D("500"))]
    shares = {s.key: s.payout for s in propose_settlement(claims, D("100")).shares}
    assert shares == {"tax": D("1350.00"), "cak": D("450.00"), "x": D("0.00")}


def test_zero_capacity_is_a_nul_aanbod() -> None:
    proposal = propose_settlement([Claim("a", D("500"))], D("-20"))
    assert proposal.nul_aanbod
    assert proposal.shares[0].payout == D("0.00")


def test_never_more_than_the_debt() -> None:
    proposal = propose_settlement([Claim("a", D("100")), Claim("b", D("50"))], D("500"))
    assert proposal.total_payout == D("150.00")
    assert all(s.percentage == D("100.00") for s in proposal.shares)


def test_negative_claim_refused() -> None:
    with pytest.raises(ValueError):
        propose_settlement([Claim("a", D("-1"))], D("10"))


@given(
    claims=st.lists(st.tuples(amounts, st.booleans()), min_size=1, max_size=25),
    capacity=st.decimals(min_value=D("-100"), max_value=D("5000"), places=2),
    months=st.sampled_from([18, 36]),
)
def test_payouts_add_up_exactly_and_are_never_negative(
    claims: list[tuple[Decimal, bool]], capacity: Decimal, months: int
) -> None:
    proposal = propose_settlement(
        [Claim(str(i), amount, pref) for i, (amount, pref) in enumerate(claims)], capacity, months
    )
    payouts = [s.payout for s in proposal.shares]
    total_debt = sum((amount for amount, _ in claims), D(0))
    assert sum(payouts) == proposal.total_payout
    assert proposal.total_payout == min(proposal.available, total_debt)
    assert all(p >= 0 for p in payouts)
    assert all(s.payout <= s.claim for s in proposal.shares)
    assert all(p == p.quantize(D("0.01")) for p in payouts)


@given(
    claims=st.lists(amounts.filter(lambda a: a > 0), min_size=1, max_size=30),
    total=st.decimals(min_value=D("0.01"), max_value=D("100000"), places=2),
)
def test_pro_rata_spread_is_exact_and_within_a_cent_of_the_ideal(
    claims: list[Decimal], total: Decimal
) -> None:
    total = min(total, sum(claims))
    payouts = spread_pro_rata([Claim(str(i), a) for i, a in enumerate(claims)], total)
    assert sum(payouts.values()) == total
    whole = sum(claims)
    for i, amount in enumerate(claims):
        assert abs(payouts[str(i)] - total * amount / whole) < D("0.01")
