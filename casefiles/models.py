"""Case file tables: the source of truth for the business data of a debt relief case."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Numeric,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from engine import clock
from engine.db import Base, TenantOwned, new_id

Money = Numeric(12, 2)

CHANNELS = ("persoon", "verwijzing", "vroegsignaal")
PRODUCTS = ("schuldbemiddeling", "saneringskrediet", "nul_aanbod", "wsnp", "budgetbeheer")
PERSON_ROLES = ("client", "partner", "child")
DEBT_STATUSES = (
    "aangemeld",
    "saldo_opgevraagd",
    "saldo_ontvangen",
    "geen_medewerking",
    "voorstel_verstuurd",
    "akkoord",
    "weigering",
    "heroverweging",
    "dwangakkoord",
    "betaald",
)
CHECKLIST_STATUSES = ("open", "ontvangen", "niet_van_toepassing")
VOORLEGGER_ITEMS = (
    "identiteitsbewijs",
    "loonstroken",
    "uitkeringsbeschikking",
    "toeslagen",
    "huuroverzicht",
    "zorgpolis",
    "alimentatie",
    "kwijtschelding",
    "schuldenoverzicht",
    "bkr_toets",
    "cjib",
    "meterstanden",
    "bewind_budgetbeheer",
    "ondertekende_aanvraag",
)


class CaseFile(TenantOwned, Base):
    """One debt relief case file per engine case."""

    __tablename__ = "cf_case_files"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    meldingsdatum: Mapped[date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(20))
    crisis: Mapped[bool] = mapped_column(Boolean, default=False)
    crisis_reason: Mapped[str | None] = mapped_column(String(200), default=None)
    bbz_entrepreneur: Mapped[bool] = mapped_column(Boolean, default=False)
    household_kind: Mapped[str] = mapped_column(String(20), default="single")
    product: Mapped[str | None] = mapped_column(String(30), default=None)
    status: Mapped[str] = mapped_column(String(30), default="aangemeld")
    gemeente: Mapped[str | None] = mapped_column(String(100), default=None)
    referrer: Mapped[str | None] = mapped_column(String(200), default=None)
    first_conversation_on: Mapped[date | None] = mapped_column(Date, default=None)
    decision: Mapped[str | None] = mapped_column(String(20), default=None)  # toelating|afwijzing
    decision_on: Mapped[date | None] = mapped_column(Date, default=None)
    decision_ground: Mapped[str | None] = mapped_column(String(500), default=None)
    proposal_sent_on: Mapped[date | None] = mapped_column(Date, default=None)
    settlement_agreed_on: Mapped[date | None] = mapped_column(Date, default=None)
    result: Mapped[str | None] = mapped_column(String(60), default=None)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)


class Person(TenantOwned, Base):
    """The client or a household member (partner, child)."""

    __tablename__ = "cf_persons"
    __table_args__ = (Index("ix_cf_persons_tenant_bsn", "tenant_id", "bsn"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    role: Mapped[str] = mapped_column(String(10))  # client | partner | child
    bsn: Mapped[str | None] = mapped_column(String(9), default=None)
    initials: Mapped[str] = mapped_column(String(20), default="")
    first_names: Mapped[str] = mapped_column(String(200), default="")
    prefix: Mapped[str] = mapped_column(String(20), default="")  # voorvoegsel
    last_name: Mapped[str] = mapped_column(String(200))
    birth_date: Mapped[date | None] = mapped_column(Date, default=None)
    street: Mapped[str] = mapped_column(String(200), default="")
    house_number: Mapped[str] = mapped_column(String(20), default="")
    postcode: Mapped[str] = mapped_column(String(7), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(200), default="")


class Income(TenantOwned, Base):
    __tablename__ = "cf_incomes"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cf_persons.id"), default=None)
    kind: Mapped[str] = mapped_column(String(40))  # loon, uitkering, huurtoeslag, zorgtoeslag...
    source: Mapped[str] = mapped_column(String(200), default="")
    monthly_amount: Mapped[Decimal] = mapped_column(Money)


class Expense(TenantOwned, Base):
    __tablename__ = "cf_expenses"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))  # huur, zorgpremie, energie, reiskosten...
    description: Mapped[str] = mapped_column(String(200), default="")
    monthly_amount: Mapped[Decimal] = mapped_column(Money)


class Creditor(TenantOwned, Base):
    """A creditor organisation, shared by all cases of the tenant."""

    __tablename__ = "cf_creditors"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40), default="overig")  # energie, woningcorporatie...
    iban: Mapped[str | None] = mapped_column(String(34), default=None)
    preferent: Mapped[bool] = mapped_column(Boolean, default=False)
    email: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(300), default="")


class Debt(TenantOwned, Base):
    """One claim of one creditor in one case, followed through the negotiation."""

    __tablename__ = "cf_debts"
    __table_args__ = (UniqueConstraint("case_id", "creditor_id", "creditor_reference"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    creditor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cf_creditors.id"), index=True)
    creditor_reference: Mapped[str] = mapped_column(String(100), default="")
    claimed_amount: Mapped[Decimal] = mapped_column(Money)
    confirmed_amount: Mapped[Decimal | None] = mapped_column(Money, default=None)
    origin_date: Mapped[date | None] = mapped_column(Date, default=None)
    preferent: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(30), default="aangemeld")
    statement_requested_on: Mapped[date | None] = mapped_column(Date, default=None)
    last_statement_on: Mapped[date | None] = mapped_column(Date, default=None)
    response_due_on: Mapped[date | None] = mapped_column(Date, default=None)
    reminders_sent: Mapped[int] = mapped_column(default=0)
    proposed_payout: Mapped[Decimal | None] = mapped_column(Money, default=None)
    proposed_percentage: Mapped[Decimal | None] = mapped_column(Numeric(5, 2), default=None)
    refusal_reason: Mapped[str | None] = mapped_column(String(500), default=None)

    @property
    def current_amount(self) -> Decimal:
        return self.confirmed_amount if self.confirmed_amount is not None else self.claimed_amount


class ChecklistItem(TenantOwned, Base):
    """One voorlegger document: received, not applicable or still open."""

    __tablename__ = "cf_checklist_items"
    __table_args__ = (UniqueConstraint("case_id", "item"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    item: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="open")
    updated_at: Mapped[datetime] = mapped_column(default=clock.now)


class ContactMoment(TenantOwned, Base):
    __tablename__ = "cf_contact_moments"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(30))  # telefoon, huisbezoek, brief, gesprek...
    reached: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str] = mapped_column(String(2000), default="")
    by: Mapped[str] = mapped_column(String(200), default="")


class Deadline(TenantOwned, Base):
    """A legal or agreed term of the case (eerste gesprek, beschikking, creditor answers...)."""

    __tablename__ = "cf_deadlines"
    __table_args__ = (
        Index("ix_cf_deadlines_open", "tenant_id", "met_on", "due_on"),
        Index(
            "ix_cf_deadlines_open_due",
            "tenant_id",
            "due_on",
            postgresql_where=text("met_on IS NULL"),
            sqlite_where=text("met_on IS NULL"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(200), default="")
    starts_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    rule: Mapped[str] = mapped_column(String(100), default="")
    met_on: Mapped[date | None] = mapped_column(Date, default=None)


class VtlbCalculation(TenantOwned, Base):
    """A stored VTLB calculation: every line with its source, the total and the AC."""

    __tablename__ = "cf_vtlb_calculations"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    computed_at: Mapped[datetime] = mapped_column(default=clock.now)
    reference_date: Mapped[date] = mapped_column(Date)
    norm_period: Mapped[date] = mapped_column(Date)
    lines: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    net_income: Mapped[Decimal] = mapped_column(Money)
    vtlb: Mapped[Decimal] = mapped_column(Money)
    afloscapaciteit: Mapped[Decimal] = mapped_column(Money)


class VtlbOverride(TenantOwned, Base):
    """A case worker's override of one VTLB line, with the mandatory reason."""

    __tablename__ = "cf_vtlb_overrides"
    __table_args__ = (UniqueConstraint("case_id", "line"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    line: Mapped[str] = mapped_column(String(40))
    amount: Mapped[Decimal] = mapped_column(Money)
    reason: Mapped[str] = mapped_column(String(1000))
    by: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(default=clock.now)
