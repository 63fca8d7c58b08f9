"""The case page's read model: the case and its whole case file in a few statements.

The case page used to ask each service in turn, and every service loaded the case file, the
persons or the debts again. Here each table is read once: the case with its case file, the
persons, incomes, expenses, debts with their creditor names, terms and the latest VTLB; the
proposal shares and the negotiation lines are computed from those rows. The reads of
personal data are logged with the same facts as ``list_household``, ``list_incomes`` and
``list_expenses`` log them; the entries go to the database in one insert at the next flush.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefiles.models import CaseFile, Expense, Income, Person
from casefiles.schemas import DeadlineOut, DebtOut, VtlbOut
from casefiles.service_common import READERS, today
from casefiles.service_deadlines import list_deadlines
from casefiles.service_debts import debt_out, debts_with_creditor_names
from casefiles.service_finance import latest_vtlb, vtlb_view
from casefiles.service_negotiation_status import NegotiationLine, negotiation_lines

# package-internal: the page orders persons and logs their reads as the person services do
from casefiles.service_persons import _log_read, _persons
from casefiles.service_proposal import in_proposal, stored_proposal
from engine.audit.models import AuditEntry
from engine.cases.models import Case
from engine.errors import NotFound
from engine.identity.actor import Actor

READ_ACTIVITY = "schuldhulpverlening-dossier-inzien"
EARNERS = ("client", "partner")  # whose financial data incomes and expenses are
TIMELINE_PAGE = 50


@dataclass(frozen=True)
class CaseFileView:
    case_file: CaseFile
    household: list[Person]
    incomes: list[Income]
    expenses: list[Expense]
    deadlines: list[DeadlineOut]
    negotiation: list[NegotiationLine]  # one line per claim, ordered by creditor name
    vtlb: VtlbOut | None

    @property
    def debts(self) -> list[DebtOut]:
        return [line.debt for line in self.negotiation]


@dataclass(frozen=True)
class CaseView:
    case: Case
    file: CaseFileView | None  # None for a case without a debt relief case file


@dataclass(frozen=True)
class TimelinePage:
    entries: list[AuditEntry]  # newest first
    older_than: int | None  # the ``seq`` to ask the next (older) page with; None at the end


def read_case_view(session: Session, actor: Actor, case_id: uuid.UUID) -> CaseView:
    """The case and its case file as a reader sees them; NotFound for an unknown case or
    one of another tenant, PermissionDenied for a role that may not read case files."""
    actor.require(*READERS)
    row = session.execute(
        select(Case, CaseFile)
        .outerjoin(CaseFile, CaseFile.case_id == Case.id)
        .where(Case.id == case_id)
    ).first()
    if row is None:
        raise NotFound(f"no case {case_id}")
    case, cf = row
    return CaseView(case, None if cf is None else _case_file_view(session, actor, cf))


def case_timeline(
    session: Session, case_id: uuid.UUID, *, older_than: int | None = None
) -> TimelinePage:
    """One page of the case's audit trail, newest first, before ``older_than`` (a ``seq``)."""
    query = select(AuditEntry).where(AuditEntry.case_id == case_id)
    if older_than is not None:
        query = query.where(AuditEntry.seq < older_than)
    rows = list(session.scalars(query.order_by(AuditEntry.seq.desc()).limit(TIMELINE_PAGE + 1)))
    more = len(rows) > TIMELINE_PAGE
    entries = rows[:TIMELINE_PAGE]
    return TimelinePage(entries, entries[-1].seq if more else None)


def _case_file_view(session: Session, actor: Actor, cf: CaseFile) -> CaseFileView:
    day = today()
    household = _persons(session, cf.case_id)
    incomes = list(session.scalars(select(Income).where(Income.case_id == cf.case_id)))
    expenses = list(session.scalars(select(Expense).where(Expense.case_id == cf.case_id)))
    debts = debts_with_creditor_names(session, cf.case_id)
    deadlines = list_deadlines(session, actor, cf.case_id, on=day)
    calc = latest_vtlb(session, cf.case_id)
    names = {debt.creditor_id: name for debt, name in debts}
    proposal = stored_proposal(cf, calc, in_proposal(debt for debt, _ in debts), names)
    claims = [debt_out(debt, name, day) for debt, name in debts]
    _log_reads(session, actor, cf.case_id, household)
    return CaseFileView(
        case_file=cf,
        household=household,
        incomes=incomes,
        expenses=expenses,
        deadlines=deadlines,
        negotiation=negotiation_lines(claims, proposal, deadlines),
        vtlb=vtlb_view(calc) if calc else None,
    )


def _log_reads(session: Session, actor: Actor, case_id: uuid.UUID, household: list[Person]) -> None:
    """What the page shows of persons: the household, and the incomes and expenses of the
    client and partner (the same entries the three list services write)."""
    earners = [p for p in household if p.role in EARNERS]
    _log_read(session, actor, case_id, household, "Huishouden inzien", READ_ACTIVITY)
    _log_read(session, actor, case_id, earners, "Inkomsten inzien", READ_ACTIVITY, ["inkomen"])
    _log_read(session, actor, case_id, earners, "Uitgaven inzien", READ_ACTIVITY, ["uitgaven"])
