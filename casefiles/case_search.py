"""Case search: part of a name or case number, a birth date, a BSN (exact only).

A name matches the client's last name or the case title. An OR across the two tables makes
PostgreSQL join every case to its client before it can filter; two separate look-ups, each
answered by its own trigram index (casefiles_0003), merged with UNION, read only the hits.
A BSN is matched exactly, never in part.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ARRAY, ColumnElement, Uuid, any_, cast, func, select, union
from sqlalchemy.orm import Session

from casefiles.models import Person
from engine.cases.models import Case

RESULTS = 50
CLIENT = "client"


def search_cases(
    session: Session,
    *,
    name: str = "",
    number: str = "",
    birth_date: date | None = None,
    bsn: str = "",
) -> list[tuple[Case, Person | None]]:
    """The newest ``RESULTS`` cases matching every given criterion, each with its client."""
    query = select(Case, Person).outerjoin(
        Person, (Person.case_id == Case.id) & (Person.role == CLIENT)
    )
    if name:
        query = query.where(_named(session, _contains(name)))
    if number:
        query = query.where(Case.reference.ilike(_contains(number), escape="\\"))
    if birth_date is not None:
        query = query.where(Person.birth_date == birth_date)
    if bsn:
        query = query.where(Person.bsn == bsn)  # exact match only: never part of a BSN
    query = query.order_by(Case.started_at.desc(), Case.id).limit(RESULTS)
    return [(case, person) for case, person in session.execute(query)]


def _named(session: Session, pattern: str) -> ColumnElement[bool]:
    """The case's client's last name or its title matches ``pattern``."""
    by_client = select(Person.case_id).where(
        Person.role == CLIENT, Person.last_name.ilike(pattern, escape="\\")
    )
    by_title = select(Case.id).where(Case.title.ilike(pattern, escape="\\"))
    hits = union(by_client, by_title).subquery().c[0]
    if session.get_bind().dialect.name == "postgresql":
        # PostgreSQL plans "id IN (hits)" as a hash join that reads every case; an array of
        # the hits, built once, makes it fetch just those cases by primary key.
        array = select(func.array_agg(hits)).scalar_subquery()
        return Case.id == any_(cast(array, ARRAY(Uuid)))  # cast: an array, not "ANY (rows)"
    return Case.id.in_(select(hits))


def _contains(text: str) -> str:
    """An ILIKE pattern for ``text`` anywhere; its own % and _ match only themselves."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
