"""A realistic sample case context: previews of templates, tests and the benchmark.

The same shape ``documents.letters`` builds from a real case file.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

CREDITORS = [
    ("Belastingdienst", "preferent", "2140.00"),
    ("Woonstichting De Linie", "concurrent", "1873.45"),
    ("Vattenfall Klantenservice", "concurrent", "912.30"),
    ("Zilveren Kruis", "concurrent", "1288.00"),
    ("CJIB", "concurrent", "455.00"),
    ("DUO", "concurrent", "1640.12"),
    ("Ziggo B.V.", "concurrent", "318.76"),
    ("Vitens", "concurrent", "240.55"),
    ("Wehkamp", "concurrent", "689.99"),
    ("Klarna Bank AB", "concurrent", "410.20"),
    ("Intrum Nederland", "concurrent", "1015.00"),
    ("Gemeente Zwolle belastingen", "preferent", "380.25"),
    ("Eneco", "concurrent", "702.18"),
    ("Lindorff / Riverty", "concurrent", "295.00"),
    ("Huisartsenpraktijk Assendorp", "concurrent", "120.00"),
]


def _money(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def proposal_rows(capacity: Decimal, term: int) -> tuple[list[dict[str, Any]], Decimal, Decimal]:
    total_debt = sum((Decimal(c) for _, _, c in CREDITORS), Decimal(0))
    offer_total = _money(capacity * term)
    rows = []
    for i, (name, kind, claim) in enumerate(CREDITORS, start=1):
        share = Decimal(claim) / total_debt
        rows.append(
            {
                "name": name,
                "kind": kind,
                "claim": Decimal(claim),
                "offer": _money(offer_total * share),
                "percentage": _money(offer_total / total_debt * 100),
                "client_number": f"KL-{4400 + i * 17}",
                "invoices": [f"F2026-{1000 + i * 3}"],
                "reference": f"{i:02d}-Z2026-000042",
                "forecast": _money(offer_total * share),
                "paid": _money(offer_total * share),
                "address": [name, f"Postbus {100 + i}", "8000 AA  ZWOLLE"],
                "agreed": i != 11,
            }
        )
    return rows, total_debt, offer_total


def sample_context() -> dict[str, Any]:
    capacity = Decimal("258.41")
    rows, total_debt, offer_total = proposal_rows(capacity, 18)
    client_address = ["Jan de Vries", "Assendorperstraat 12 A", "8012 DH  ZWOLLE"]
    creditor = rows[1]
    refusing = [r for r in rows if not r["agreed"]]
    return {
        "today": date(2026, 11, 22),
        "tenant": {
            "municipality": "Gemeente Zwolle",
            "department": "Schuldhulpverlening",
            "postal_address": "Postbus 10007, 8000 GA Zwolle",
        },
        "case": {
            "reference": "Z2026-000042",
            "meldingsdatum": date(2026, 9, 1),
            "channel": "telefoon",
            "crisis": False,
        },
        "client": {
            "name": "J. de Vries",
            "salutation": "Geachte heer De Vries",
            "birth_date": date(1984, 3, 14),
            "address": client_address,
            "address_inline": "Assendorperstraat 12 A, 8012 DH Zwolle",
        },
        "recipient": {
            "name": creditor["name"],
            "address": creditor["address"],
            "salutation": "Geachte heer, mevrouw",
        },
        "caseworker": {
            "name": "Fatima el Amrani",
            "function": "Schuldhulpverlener",
            "phone": "038 498 2000",
            "email": "shv@zwolle.example",
        },
        "creditor": creditor,
        "proposal": {
            "product": "schuldbemiddeling",
            "product_label": "schuldbemiddeling",
            "income": Decimal("1761.34"),
            "vtlb": Decimal("1502.93"),
            "capacity": capacity,
            "term_months": 18,
            "total_offer": offer_total,
            "total_debt": total_debt,
            "percentage": _money(offer_total / total_debt * 100),
            "preferent_count": sum(1 for r in rows if r["kind"] == "preferent"),
            "concurrent_count": sum(1 for r in rows if r["kind"] == "concurrent"),
            "answer_before": date(2026, 12, 7),
            "start_date": date(2027, 1, 1),
            "end_date": date(2028, 6, 30),
            "creditors": rows,
        },
        "intake": {
            "meldingsdatum": date(2026, 9, 1),
            "channel": "telefoon",
            "crisis": False,
            "first_meeting": datetime(2026, 9, 15, 8, 30, tzinfo=UTC),
            "place": "Stadskantoor, Lübeckplein 2, Zwolle",
            "documents": [
                "geldig identiteitsbewijs",
                "loonstroken van de laatste drie maanden",
                "huurspecificatie",
                "polis zorgverzekering",
                "overzicht van uw schulden en aanmaningen",
            ],
            "decision_date": date(2026, 10, 27),
        },
        "decision": {
            "date": date(2026, 10, 6),
            "outcome": "toelating",
            "ground": "u hebt problematische schulden en wilt meewerken aan een oplossing",
            "alternative": "budgetcoaching en een doorverwijzing naar de formulierenbrigade",
            "obligations": [
                "u maakt geen nieuwe schulden",
                "u geeft wijzigingen in inkomen of gezin binnen een week door",
                "u levert gevraagde stukken op tijd aan",
            ],
            "products": ["stabilisatie en schuldenoverzicht", "budgetbeheer", "schuldbemiddeling"],
        },
        "plan": {
            "income": Decimal("1761.34"),
            "debt_count": len(rows),
            "total_debt": total_debt,
            "steps": [
                {
                    "step": "Stabilisatie: vaste lasten op orde, kennisgeving aan schuldeisers",
                    "date": date(2026, 11, 1),
                },
                {"step": "Saldoverzoeken en budgetplan", "date": date(2026, 12, 1)},
                {"step": "Betaalvoorstel aan alle schuldeisers", "date": date(2027, 1, 15)},
                {"step": "Evaluatie met u", "date": date(2027, 2, 1)},
            ],
            "costs": "Schuldhulpverlening is kosteloos; budgetbeheer kost u € 0,00 per maand.",
        },
        "budget": {
            "income": [
                {"label": "Netto loon", "amount": Decimal("1610.00")},
                {"label": "Zorgtoeslag", "amount": Decimal("123.00")},
                {"label": "Huurtoeslag", "amount": Decimal("28.34")},
            ],
            "costs": [
                {"label": "Huur", "amount": Decimal("684.00")},
                {"label": "Energie", "amount": Decimal("145.00")},
                {"label": "Zorgverzekering", "amount": Decimal("152.80")},
                {"label": "Water", "amount": Decimal("22.00")},
                {"label": "Internet en telefoon", "amount": Decimal("45.00")},
            ],
            "reservations": [
                {"label": "Eigen risico", "amount": Decimal("32.08")},
                {"label": "Kleding en inventaris", "amount": Decimal("40.00")},
            ],
            "leefgeld_week": Decimal("80.00"),
            "leefgeld_month": Decimal("346.67"),
            "total_income": Decimal("1761.34"),
            "total_costs": Decimal("1467.55"),
            "buffer": Decimal("293.79"),
        },
        "settlement": {
            "date": date(2027, 2, 10),
            "start_date": date(2027, 3, 1),
            "end_date": date(2028, 8, 31),
            "payout_moments": "halfjaarlijks",
            "claims": rows,
        },
        "court": {
            "name": "Rechtbank Overijssel",
            "address": [
                "Rechtbank Overijssel",
                "Team Insolventies",
                "Postbus 10006",
                "8000 GA  ZWOLLE",
            ],
        },
        "dwangakkoord": {
            "refusing": refusing,
            "agreed_count": len(rows) - len(refusing),
            "agreed_share": Decimal("93.10"),
            "reason": "het aanbod de volledige afloscapaciteit gedurende 18 maanden omvat",
        },
        "statement": {
            "month": "oktober 2026",
            "opening": Decimal("412.18"),
            "closing": Decimal("498.61"),
            "income": [
                {"date": date(2026, 10, 24), "label": "Salaris", "amount": Decimal("1610.00")}
            ],
            "payments": [
                {
                    "date": date(2026, 10, 1),
                    "label": "Huur Woonstichting De Linie",
                    "amount": Decimal("684.00"),
                },
                {
                    "date": date(2026, 10, 2),
                    "label": "Energie Vattenfall",
                    "amount": Decimal("145.00"),
                },
                {
                    "date": date(2026, 10, 5),
                    "label": "Leefgeld (4 weken)",
                    "amount": Decimal("320.00"),
                },
            ],
            "reserved": Decimal("72.08"),
        },
        "ending": {
            "date": date(2026, 11, 22),
            "reason": "u hebt zich niet gehouden aan de afspraken uit het plan van aanpak",
            "advice": "Neem contact op met uw schuldhulpverlener als uw situatie verandert.",
        },
    }
