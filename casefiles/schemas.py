"""Pydantic schemas of the case file (JSON in camelCase). Checks of identifiers and
amounts that need the domain (11-proef, mod-97, known creditor) live in the service."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel


class Schema(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, from_attributes=True)


Channel = Literal["persoon", "verwijzing", "vroegsignaal"]
HouseholdKind = Literal["single", "couple", "single_aow", "couple_aow", "single_18_20"]


class PersonIn(Schema):
    bsn: str | None = None
    initials: str = ""
    first_names: str = ""
    prefix: str = ""
    last_name: str = Field(min_length=1, max_length=200)
    birth_date: date | None = None
    street: str = ""
    house_number: str = ""
    postcode: str = ""
    city: str = ""
    phone: str = ""
    email: str = ""


class PersonOut(PersonIn):
    id: uuid.UUID
    role: str


class HouseholdMemberIn(PersonIn):
    role: Literal["partner", "child"]


class MeldingIn(Schema):
    meldingsdatum: date
    channel: Channel
    crisis: bool = False
    crisis_reason: str | None = None
    bbz_entrepreneur: bool = False
    household_kind: HouseholdKind = "single"
    gemeente: str | None = None
    referrer: str | None = None
    client: PersonIn | None = None


class CaseFileOut(Schema):
    case_id: uuid.UUID
    meldingsdatum: date
    channel: str
    crisis: bool
    crisis_reason: str | None
    bbz_entrepreneur: bool
    household_kind: str
    product: str | None
    status: str
    gemeente: str | None
    first_conversation_on: date | None
    decision: str | None
    decision_on: date | None
    result: str | None


class IncomeIn(Schema):
    kind: str = Field(min_length=1, max_length=40)
    source: str = ""
    monthly_amount: Decimal
    person_id: uuid.UUID | None = None


class IncomeOut(IncomeIn):
    id: uuid.UUID


class ExpenseIn(Schema):
    kind: str = Field(min_length=1, max_length=40)
    description: str = ""
    monthly_amount: Decimal


class ExpenseOut(ExpenseIn):
    id: uuid.UUID


class CreditorIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    kind: str = "overig"
    iban: str | None = None
    preferent: bool = False
    email: str = ""
    address: str = ""


class CreditorOut(CreditorIn):
    id: uuid.UUID


class DebtIn(Schema):
    creditor_id: uuid.UUID
    creditor_reference: str = ""
    claimed_amount: Decimal
    origin_date: date | None = None
    preferent: bool | None = None  # None: take the creditor's default


class DebtUpdateIn(Schema):
    """What a case worker may correct on a registered claim (the creditor stays)."""

    creditor_reference: str = ""
    claimed_amount: Decimal
    origin_date: date | None = None
    preferent: bool


class DebtOut(Schema):
    id: uuid.UUID
    creditor_id: uuid.UUID
    creditor_name: str = ""
    creditor_reference: str
    claimed_amount: Decimal
    confirmed_amount: Decimal | None
    current_amount: Decimal
    origin_date: date | None
    preferent: bool
    status: str
    statement_requested_on: date | None
    last_statement_on: date | None
    response_due_on: date | None
    reminders_sent: int = 0
    stale: bool = False
    proposed_payout: Decimal | None
    proposed_percentage: Decimal | None
    refusal_reason: str | None


ResponseKind = Literal["saldo", "geen_medewerking", "akkoord", "weigering", "heroverweging"]


class CreditorResponseIn(Schema):
    creditor_id: uuid.UUID
    kind: ResponseKind
    creditor_reference: str | None = None
    amount: Decimal | None = None
    statement_date: date | None = None
    reason: str | None = None


class VtlbLineOut(Schema):
    key: str
    label: str
    amount: Decimal
    source: str
    overridden: bool = False
    original_amount: Decimal | None = None
    reason: str | None = None


class VtlbOut(Schema):
    lines: list[VtlbLineOut]
    vtlb: Decimal
    net_income: Decimal
    afloscapaciteit: Decimal
    nul_aanbod: bool
    norm_period: date
    computed_at: datetime | None = None


class VtlbOverrideIn(Schema):
    line: str
    amount: Decimal
    reason: str = Field(min_length=1, max_length=1000)


class ShareOut(Schema):
    debt_id: uuid.UUID
    creditor_id: uuid.UUID
    creditor_name: str
    claim: Decimal
    payout: Decimal
    percentage: Decimal
    preferent: bool


class ProposalOut(Schema):
    product: str
    term_months: int
    afloscapaciteit: Decimal
    available: Decimal
    total_debt: Decimal
    preferent_debt: Decimal
    concurrent_debt: Decimal
    preferent_creditors: int
    concurrent_creditors: int
    total_payout: Decimal
    percentage: Decimal
    shares: list[ShareOut]


class DeadlineOut(Schema):
    id: uuid.UUID
    kind: str
    label: str
    starts_on: date
    due_on: date
    rule: str
    met_on: date | None
    days_left: int
    working_days_left: int
    signal: Literal["op_tijd", "dreigt", "verlopen", "gehaald", "te_laat_gehaald"]


class ChecklistItemOut(Schema):
    item: str
    status: str


class ContactMomentIn(Schema):
    at: datetime
    kind: str = Field(min_length=1, max_length=30)
    reached: bool = True
    note: str = ""


class ProcessingLogOut(Schema):
    actie_id: uuid.UUID
    actie_naam: str
    handeling_naam: str
    verwerking_naam: str
    verwerking_id: uuid.UUID
    verwerkingsactiviteit_id: str
    vertrouwelijkheid: str
    bewaartermijn: str
    uitvoerder: str
    systeem: str
    gebruiker: str
    gegevensbron: str
    tijdstip: datetime
    tijdstip_registratie: datetime
    objecttype: str
    soort_object_id: str
    object_id: str
    betrokkenheid: str
    verwerkte_soorten_gegevens: list[str]
    case_id: uuid.UUID | None
    vervallen: bool
