"""Client and household: personal data, every read logged (verwerkingenlogging)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefiles.models import Person
from casefiles.schemas import HouseholdMemberIn, PersonIn
from casefiles.service_common import READERS, Errors, audit, case_file, today
from casefiles.service_edits import editable_case_file
from casefiles.validation import is_valid_bsn
from engine.audit.processing_log import log_processing
from engine.db import uuid_parameter
from engine.errors import NotFound
from engine.identity.actor import Actor
from engine.transaction_memo import held_or_read, memo

PERSON_DATA = ["naam", "geboortedatum", "adres", "contactgegevens", "BSN"]
_LOGGED_READS = "casefiles.logged_person_reads"  # memo key: the reads this transaction logged

# --- client and household ------------------------------------------------------------


def set_client(session: Session, actor: Actor, case_id: uuid.UUID | str, data: PersonIn) -> Person:
    """Create or replace the client's personal data."""
    cf = editable_case_file(session, actor, case_id)
    _refuse_invalid(data, "de klantgegevens zijn niet opgeslagen")
    existing = _client_row(session, cf.case_id)
    if existing is None:
        return add_person(session, actor, cf.case_id, "client", data)
    return _correct_person(session, actor, existing, data)


def update_person(
    session: Session,
    actor: Actor,
    case_id: uuid.UUID | str,
    person_id: uuid.UUID,
    data: PersonIn,
) -> Person:
    """Correct the data of the client, the partner or a child of this case."""
    cf = editable_case_file(session, actor, case_id)
    person = session.get(Person, person_id)
    if person is None or person.case_id != cf.case_id:
        raise NotFound(f"no person {person_id} in this case")
    _refuse_invalid(data, "de persoonsgegevens zijn niet gewijzigd")
    return _correct_person(session, actor, person, data)


def get_client(
    session: Session,
    actor: Actor,
    case_id: uuid.UUID | str,
    *,
    activity: str = "schuldhulpverlening-dossier-inzien",
) -> Person | None:
    """The client's data; the read is logged (verwerkingenlogging)."""
    actor.require(*READERS)
    cf = case_file(session, case_id)
    person = _client_row(session, cf.case_id)
    if person is not None:
        _log_read(session, actor, cf.case_id, [person], "Klantgegevens inzien", activity)
    return person


def add_household_member(
    session: Session, actor: Actor, case_id: uuid.UUID | str, data: HouseholdMemberIn
) -> Person:
    cf = editable_case_file(session, actor, case_id)
    errors = Errors()
    check_person(errors, "", data)
    if data.role == "partner" and any(p.role == "partner" for p in _persons(session, cf.case_id)):
        errors.add("role", "dit huishouden heeft al een partner")
    errors.raise_if_any("het gezinslid is niet opgeslagen")
    return add_person(session, actor, cf.case_id, data.role, data)


def remove_household_member(
    session: Session, actor: Actor, case_id: uuid.UUID | str, person_id: uuid.UUID
) -> None:
    cf = editable_case_file(session, actor, case_id)
    person = next((p for p in _persons(session, cf.case_id) if p.id == person_id), None)
    if person is None or person.role == "client":
        raise NotFound(f"no household member {person_id}")
    audit(
        session,
        actor,
        "casefile.household_member_removed",
        "person",
        person.id,
        cf.case_id,
        before=_person_audit(person),
    )
    session.delete(person)
    session.flush()
    _held_persons(session, cf.case_id).remove(person)  # read above: the memo holds it


def list_household(
    session: Session,
    actor: Actor,
    case_id: uuid.UUID | str,
    *,
    activity: str = "schuldhulpverlening-dossier-inzien",
) -> list[Person]:
    """Client, partner and children; every person's read is logged."""
    actor.require(*READERS)
    cf = case_file(session, case_id)
    persons = _persons(session, cf.case_id)
    _log_read(session, actor, cf.case_id, persons, "Huishouden inzien", activity)
    return persons


# --- helpers --------------------------------------------------------------------------


def check_person(errors: Errors, prefix: str, data: PersonIn) -> None:
    field = f"{prefix}.bsn" if prefix else "bsn"
    if data.bsn is not None and not is_valid_bsn(data.bsn):
        errors.add(field, "BSN voldoet niet aan de elfproef")
    if data.birth_date is not None and data.birth_date > today():
        errors.add(f"{prefix}.birthDate" if prefix else "birthDate", "geboortedatum in de toekomst")


def add_person(
    session: Session, actor: Actor, case_id: uuid.UUID, role: str, data: PersonIn
) -> Person:
    person = Person(case_id=case_id, role=role, **_person_fields(data))
    person.tenant_id = actor.tenant_id
    session.add(person)
    session.flush()
    held = memo(session).get((Person, case_id))
    if held is not None:  # else the first read, later, finds it in the database
        held.append(person)
    audit(
        session,
        actor,
        f"casefile.{role}_added",
        "person",
        person.id,
        case_id,
        after=_person_audit(person),
    )
    return person


def _correct_person(session: Session, actor: Actor, person: Person, data: PersonIn) -> Person:
    before = _person_audit(person)
    for name, value in _person_fields(data).items():
        setattr(person, name, value)
    session.flush()
    action = "client_updated" if person.role == "client" else "household_member_updated"
    audit(
        session,
        actor,
        f"casefile.{action}",
        "person",
        person.id,
        person.case_id,
        before=before,
        after=_person_audit(person),
    )
    return person


def _refuse_invalid(data: PersonIn, message: str) -> None:
    errors = Errors()
    check_person(errors, "", data)
    errors.raise_if_any(message)


def _person_fields(data: PersonIn) -> dict[str, object]:
    """The person's columns from the input; a BSN stored as nine digits."""
    fields = data.model_dump(exclude={"role"})
    if fields.get("bsn"):
        fields["bsn"] = fields["bsn"].strip().zfill(9)
    return fields


def _person_audit(person: Person) -> dict[str, object]:
    return {
        "role": person.role,
        "bsn": person.bsn,
        "last_name": person.last_name,
        "birth_date": person.birth_date,
        "postcode": person.postcode,
    }


def _persons(session: Session, case_id: uuid.UUID) -> list[Person]:
    order = {"client": 0, "partner": 1, "child": 2}
    rows = _held_persons(session, case_id)
    return sorted(rows, key=lambda p: (order.get(p.role, 9), p.birth_date or date.min))


_PERSONS_OF_CASE = select(Person).where(Person.case_id == uuid_parameter("case_id"))  # built once


def _held_persons(session: Session, case_id: uuid.UUID) -> list[Person]:
    """The case's persons, read once per transaction: the letters and handlers of one step
    read the client again and again. This module is the only writer of persons and keeps
    the memo in step with what it adds and removes."""
    return held_or_read(
        session,
        (Person, case_id),
        lambda: list(session.scalars(_PERSONS_OF_CASE, {"case_id": case_id})),
    )


def _client_row(session: Session, case_id: uuid.UUID) -> Person | None:
    return next((p for p in _held_persons(session, case_id) if p.role == "client"), None)


def _log_read(
    session: Session,
    actor: Actor,
    case_id: uuid.UUID,
    persons: list[Person],
    action: str,
    activity: str,
    kinds: list[str] | None = None,
) -> None:
    """One processing-log entry per person, unless this transaction logged the very same
    read already (several letters of one step read the client): that entry would differ
    only in its time."""
    logged = memo(session).setdefault(_LOGGED_READS, set())
    soorten = kinds or PERSON_DATA
    for person in persons:
        object_id = person.bsn or str(person.id)
        read = (actor.label, case_id, object_id, person.role, action, activity, tuple(soorten))
        if read in logged:
            continue
        logged.add(read)
        log_processing(
            session,
            actor,
            actie_naam=action,
            verwerking_naam="Schuldhulpverlening",
            verwerkingsactiviteit_id=activity,
            case_id=case_id,
            object_id=object_id,
            soort_object_id="BSN" if person.bsn else "persoonId",
            betrokkenheid=person.role,
            soorten_gegevens=soorten,
        )


def person_title(person: PersonIn) -> str:
    name = " ".join(part for part in (person.initials, person.prefix, person.last_name) if part)
    return f"Schuldhulp {name}"[:200]


def log_financial_read(
    session: Session, actor: Actor, case_id: uuid.UUID, action: str, kinds: list[str]
) -> None:
    """Log a read of the household's financial data against the client (and partner)."""
    persons = [p for p in _persons(session, case_id) if p.role in ("client", "partner")]
    _log_read(session, actor, case_id, persons, action, "schuldhulpverlening-dossier-inzien", kinds)
