"""Synthetic, realistic-looking demo data: Dutch names and addresses, test-range BSNs,
creditors such as energy companies, housing corporations, health insurers and the tax
office. Deterministic for a given seed. No real person's data."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from casefiles.schemas import CreditorIn, ExpenseIn, HouseholdMemberIn, IncomeIn, PersonIn
from casefiles.validation import bsn_check_digit_ok


def _iban(bank: str, account: str) -> str:
    """A syntactically valid Dutch IBAN (mod-97 check digits) for a made-up account."""
    numeric = "".join(str(int(ch, 36)) for ch in f"{bank}{account}NL00")
    return f"NL{98 - int(numeric) % 97:02d}{bank}{account}"


FIRST_NAMES = [
    "Jan",
    "Piet",
    "Kees",
    "Mohamed",
    "Daan",
    "Sem",
    "Lucas",
    "Ahmed",
    "Thijs",
    "Bram",
    "Emma",
    "Sophie",
    "Julia",
    "Fatima",
    "Anna",
    "Lotte",
    "Sanne",
    "Noor",
    "Yasmina",
    "Eva",
    "Marieke",
    "Ingrid",
    "Wendy",
    "Dewi",
    "Priya",
    "Kevin",
    "Rachid",
    "Henk",
    "Gerda",
    "Tim",
]
LAST_NAMES = [
    ("", "Jansen"),
    ("de", "Vries"),
    ("van den", "Berg"),
    ("van", "Dijk"),
    ("", "Bakker"),
    ("", "Visser"),
    ("", "Smit"),
    ("", "Meijer"),
    ("de", "Boer"),
    ("", "Mulder"),
    ("de", "Groot"),
    ("", "Bos"),
    ("", "Vos"),
    ("", "Peters"),
    ("", "Hendriks"),
    ("van", "Leeuwen"),
    ("", "Dekker"),
    ("", "Brouwer"),
    ("de", "Wit"),
    ("", "Yilmaz"),
    ("", "El Amrani"),
    ("", "Kaya"),
    ("", "Pinas"),
    ("", "Nguyen"),
    ("van der", "Linden"),
]
STREETS = [
    "Dorpsstraat",
    "Kerkstraat",
    "Schoolstraat",
    "Molenweg",
    "Stationsweg",
    "Julianastraat",
    "Beatrixlaan",
    "Wilhelminastraat",
    "Eikenlaan",
    "Lindelaan",
    "Prinses Irenestraat",
    "Nieuwe Binnenweg",
    "Amsterdamsestraatweg",
    "Vaartsche Rijn",
    "Kanaalstraat",
]
CITIES = [
    ("Utrecht", "35"),
    ("Rotterdam", "30"),
    ("Amsterdam", "10"),
    ("Den Haag", "25"),
    ("Eindhoven", "56"),
    ("Tilburg", "50"),
    ("Groningen", "97"),
    ("Almere", "13"),
    ("Nijmegen", "65"),
    ("Zwolle", "80"),
]
CREDITORS = [
    ("Belastingdienst", "overheid", True, _iban("ABNA", "0001007922")),
    ("Belastingdienst/Toeslagen", "overheid", True, _iban("RABO", "0001015841")),
    ("CJIB", "overheid", False, _iban("TRIO", "0001023760")),
    ("DUO", "overheid", False, _iban("SNSB", "0001031679")),
    ("CAK", "overheid", False, _iban("ASNB", "0001039598")),
    ("Essent", "energie", False, _iban("INGB", "0001047517")),
    ("Eneco", "energie", False, _iban("ABNA", "0001055436")),
    ("Vattenfall", "energie", False, _iban("RABO", "0001063355")),
    ("Vitens", "drinkwater", False, _iban("TRIO", "0001071274")),
    ("Woonstad Rotterdam", "woningcorporatie", False, _iban("SNSB", "0001079193")),
    ("Ymere", "woningcorporatie", False, _iban("ASNB", "0001087112")),
    ("Portaal", "woningcorporatie", False, _iban("INGB", "0001095031")),
    ("Zilveren Kruis", "zorgverzekeraar", False, _iban("ABNA", "0001102950")),
    ("CZ", "zorgverzekeraar", False, _iban("RABO", "0001110869")),
    ("VGZ", "zorgverzekeraar", False, _iban("TRIO", "0001118788")),
    ("KPN", "telecom", False, _iban("SNSB", "0001126707")),
    ("Odido", "telecom", False, _iban("ASNB", "0001134626")),
    ("Wehkamp", "postorder", False, _iban("INGB", "0001142545")),
    ("Intrum", "incasso", False, _iban("ABNA", "0001150464")),
    ("Gemeentelijke belastingen", "overheid", False, _iban("RABO", "0001158383")),
]


@dataclass(frozen=True)
class DemoHousehold:
    client: PersonIn
    members: list[HouseholdMemberIn]
    household_kind: str
    incomes: list[IncomeIn]
    expenses: list[ExpenseIn]
    debts: list[tuple[str, Decimal, date]]  # creditor name, amount, origin date
    crisis: bool
    crisis_reason: str | None
    channel: str
    bbz: bool


def creditor_inputs() -> list[CreditorIn]:
    return [
        CreditorIn(
            name=name,
            kind=kind,
            preferent=pref,
            iban=iban,
            email=f"schuldhulp@{name.lower().split('/')[0].replace(' ', '')}.example",
        )
        for name, kind, pref, iban in CREDITORS
    ]


def test_range_bsn(rng: random.Random) -> str:
    """A BSN that passes the 11-proef, from the 9xxxxxxxx test range (never issued)."""
    while True:
        first = "9" + "".join(str(rng.randint(0, 9)) for _ in range(7))
        found = bsn_check_digit_ok(first)
        if found is not None:
            return found


def household(rng: random.Random, today: date) -> DemoHousehold:
    prefix, last = rng.choice(LAST_NAMES)
    city, pc = rng.choice(CITIES)
    first = rng.choice(FIRST_NAMES)
    address = {
        "street": rng.choice(STREETS),
        "house_number": str(rng.randint(1, 240)),
        "postcode": f"{pc}{rng.randint(10, 99)}{rng.choice('ABCDEGHJKL')}{rng.choice('ABRSTX')}",
        "city": city,
    }
    client = PersonIn(
        bsn=test_range_bsn(rng),
        initials=f"{first[0]}.",
        first_names=first,
        prefix=prefix,
        last_name=last,
        birth_date=today - timedelta(days=rng.randint(20 * 365, 70 * 365)),
        phone=f"06{rng.randint(10000000, 99999999)}",
        email=f"{first.lower()}.{last.lower().replace(' ', '')}@example.nl",
        **address,
    )
    members: list[HouseholdMemberIn] = []
    couple = rng.random() < 0.35
    if couple:
        members.append(
            HouseholdMemberIn(
                role="partner",
                bsn=test_range_bsn(rng),
                first_names=rng.choice(FIRST_NAMES),
                prefix=prefix,
                last_name=last,
                birth_date=today - timedelta(days=rng.randint(20 * 365, 65 * 365)),
                **address,
            )
        )
    for _ in range(rng.choice([0, 0, 1, 2, 3])):
        members.append(
            HouseholdMemberIn(
                role="child",
                first_names=rng.choice(FIRST_NAMES),
                prefix=prefix,
                last_name=last,
                birth_date=today - timedelta(days=rng.randint(365, 17 * 365)),
                **address,
            )
        )
    working = rng.random() < 0.45
    base = Decimal(rng.randint(1450, 3100) if working else rng.randint(1250, 1900))
    incomes = [
        IncomeIn(
            kind="loon" if working else "uitkering",
            source="werkgever" if working else "gemeente",
            monthly_amount=base,
        )
    ]
    rent = Decimal(rng.randint(520, 980))
    if rent > 600 and base < 2200:
        incomes.append(
            IncomeIn(
                kind="huurtoeslag",
                source="Toeslagen",
                monthly_amount=Decimal(rng.randint(120, 330)),
            )
        )
    incomes.append(IncomeIn(kind="zorgtoeslag", source="Toeslagen", monthly_amount=Decimal(123)))
    expenses = [
        ExpenseIn(kind="huur", description="huur woning", monthly_amount=rent),
        ExpenseIn(
            kind="zorgpremie",
            description="basisverzekering",
            monthly_amount=Decimal(rng.randint(140, 165)),
        ),
    ]
    if working and rng.random() < 0.5:
        expenses.append(ExpenseIn(kind="reiskosten", monthly_amount=Decimal(rng.randint(20, 90))))
    names = rng.sample([c[0] for c in CREDITORS], rng.randint(2, 7))
    debts = [
        (
            name,
            Decimal(rng.randint(80, 6500)) + Decimal(rng.randint(0, 99)) / 100,
            today - timedelta(days=rng.randint(60, 1500)),
        )
        for name in names
    ]
    crisis = rng.random() < 0.15
    return DemoHousehold(
        client=client,
        members=members,
        household_kind="couple" if couple else "single",
        incomes=incomes,
        expenses=expenses,
        debts=debts,
        crisis=crisis,
        crisis_reason=rng.choice(
            [
                "dreigende huisuitzetting",
                "aangekondigde afsluiting energie",
                "opzegging zorgverzekering",
            ]
        )
        if crisis
        else None,
        channel=rng.choices(["persoon", "verwijzing", "vroegsignaal"], [5, 2, 3])[0],
        bbz=(not couple) and rng.random() < 0.03,
    )
