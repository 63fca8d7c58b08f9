"""Build a letter's template context from the case file (casefiles' public API only).

Whatever a letter needs and the case file does not hold (yet) is refused with a clear
ValidationFailed naming what is missing, so no letter goes out with blanks.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from casefiles import service as cf
from documents import casefile_negotiation as neg
from documents.casefile_negotiation import PRODUCT_LABELS, Ctx, as_date, lines_of, missing
from documents.letters import LetterType, allowed_names
from engine import clock
from engine.cases.models import Case
from engine.errors import NotFound
from engine.identity.actor import Actor

CHANNELS = {
    "persoon": "een persoonlijke melding",
    "verwijzing": "een verwijzing",
    "vroegsignaal": "vroegsignalering",
}
DOCUMENTS_TO_BRING = [
    "geldig identiteitsbewijs",
    "loonstroken of uitkeringsspecificaties van de laatste drie maanden",
    "beschikkingen toeslagen",
    "huurspecificatie",
    "polis zorgverzekering",
    "alle brieven, rekeningen en aanmaningen van schuldeisers",
]
OBLIGATIONS = [
    "u maakt geen nieuwe schulden",
    "u geeft wijzigingen in inkomen, woonsituatie of gezin binnen een week aan ons door",
    "u levert gevraagde stukken op tijd aan en komt afspraken na",
]


def _person(person: Any) -> dict[str, Any]:
    prefix = f"{person.prefix} " if person.prefix else ""
    name = f"{person.initials or person.first_names} {prefix}{person.last_name}".strip()
    street = f"{person.street} {person.house_number}".strip()
    city_line = f"{person.postcode}  {person.city.upper()}".strip()
    formal = f"{person.prefix[:1].upper()}{person.prefix[1:]} " if person.prefix else ""
    return {
        "name": name,
        "birth_date": person.birth_date,
        "address": [x for x in (name, street, city_line) if x],
        "address_inline": ", ".join(
            x for x in (street, f"{person.postcode} {person.city}".strip()) if x
        ),
        "salutation": f"Geachte heer/mevrouw {formal}{person.last_name}",
    }


def _caseworker(actor: Actor, head: Mapping[str, Any]) -> dict[str, Any]:
    name = actor.full_name or actor.name
    function = "Schuldhulpverlener"
    if "budgetbeheerder" in actor.roles:
        function = "Budgetbeheerder"
    if actor.kind == "system":
        name = head.get("signatory") or head.get("department") or "Team schuldhulpverlening"
    return {
        "name": name,
        "function": function,
        "phone": head.get("phone", ""),
        "email": actor.email,
    }


def creditor_keys(session: Session, actor: Actor, case_id: uuid.UUID | str) -> list[str]:
    """The creditors of a case (one letter each for kennisgeving, betaalvoorstel...)."""
    return [str(c.id) for c in cf.case_creditors(session, actor, case_id)]


def case_contexts(
    session: Session,
    actor: Actor,
    case: Case,
    letter: LetterType,
    options: Mapping[str, Any],
    settings: Mapping[str, Any],
    creditors: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """One context per letter: to each of ``creditors``, or one as ``options`` address it.
    What the letters share is read from the case file once."""
    targets = [options.get("creditor")] if creditors is None else list(creditors)
    if "creditor" in letter.needs and not all(targets):
        raise missing("options.creditor", "this letter goes to one creditor: give its id")
    shared = _shared_context(session, actor, case, letter, options, settings)
    if "creditor" not in letter.needs:
        return [_addressed(shared, letter, options, settings)]
    return [
        _addressed(
            {**shared, "creditor": neg.creditor(session, actor, case, str(c), shared)},
            letter,
            options,
            settings,
        )
        for c in targets
    ]


def _shared_context(
    session: Session,
    actor: Actor,
    case: Case,
    letter: LetterType,
    options: Mapping[str, Any],
    settings: Mapping[str, Any],
) -> Ctx:
    head = dict(settings.get("letterhead") or {})
    try:
        file = cf.get_case_file(session, actor, case.id)
    except NotFound:
        raise missing("case", f"case {case.reference} has no case file (melding) yet") from None
    person = cf.get_client(session, actor, case.id, activity="brief-opstellen")
    if person is None:
        raise missing("client", f"case {case.reference} has no client yet")
    client = _person(person)
    address = head.get("address") or []
    ctx: dict[str, Any] = {
        "today": clock.now().date(),
        "tenant": {
            "municipality": head.get("municipality") or "Gemeente",
            "department": head.get("department", ""),
            "postal_address": head.get("postal_address")
            or ", ".join(lines_of(address) if isinstance(address, str) else address),
        },
        "case": {
            "reference": case.reference,
            "meldingsdatum": file.meldingsdatum,
            "channel": CHANNELS.get(file.channel, file.channel),
            "crisis": file.crisis,
        },
        "client": client,
        "recipient": {
            "name": client["name"],
            "address": client["address"],
            "salutation": client["salutation"],
        },
        "caseworker": _caseworker(actor, head),
    }
    builders = {
        "intake": _intake,
        "decision": _decision,
        "plan": _plan,
        "budget": _budget,
        "proposal": neg.proposal,
        "settlement": neg.settlement,
        "dwangakkoord": neg.dwangakkoord,
        "ending": _ending,
        "statement": _statement,
    }
    for need in letter.needs:
        if need != "creditor":  # per recipient, see case_contexts
            ctx[need] = builders[need](session, actor, case, file, options, ctx)
    return ctx


def _addressed(
    ctx: Ctx, letter: LetterType, options: Mapping[str, Any], settings: Mapping[str, Any]
) -> dict[str, Any]:
    ctx = dict(ctx)
    if letter.recipient == "creditor":
        cred = ctx["creditor"]
        ctx["recipient"] = {
            "name": cred["name"],
            "address": cred["address"],
            "salutation": "Geachte heer, mevrouw",
        }
        ctx["subject_key"] = cred["id"]
    elif letter.recipient == "court":
        court = dict(options.get("court") or settings.get("court") or {})
        name = court.get("name") or "Rechtbank"
        lines = court.get("address") or [name, "Team Insolventies"]
        ctx["recipient"] = {
            "name": name,
            "address": lines_of(lines) if isinstance(lines, str) else list(lines),
            "salutation": "Edelachtbaar college",
        }
    keep = allowed_names(letter) | {"subject_key"}
    return {k: v for k, v in ctx.items() if k in keep}


def _intake(
    session: Session, actor: Actor, case: Case, file: Any, options: Mapping[str, Any], ctx: Ctx
) -> Ctx:
    meeting = options.get("first_meeting")
    if not meeting:
        raise missing(
            "options.first_meeting",
            "give the date and time of the first conversation (first_meeting)",
        )
    if not isinstance(meeting, datetime) and len(str(meeting).strip()) <= 10:
        raise missing("options.first_meeting", "the first conversation needs a date and a time")
    try:
        at = meeting if isinstance(meeting, datetime) else datetime.fromisoformat(str(meeting))
    except ValueError:
        raise missing("options.first_meeting", f"not a date and time: {meeting!r}") from None
    if at.tzinfo is None:
        from documents.formatting import AMSTERDAM

        at = at.replace(tzinfo=AMSTERDAM)
    return {
        "meldingsdatum": file.meldingsdatum,
        "channel": CHANNELS.get(file.channel, file.channel),
        "crisis": file.crisis,
        "first_meeting": at,
        "place": options.get("place") or ctx["tenant"]["postal_address"],
        "documents": list(options.get("documents") or DOCUMENTS_TO_BRING),
    }


def _decision(
    session: Session, actor: Actor, case: Case, file: Any, options: Mapping[str, Any], ctx: Ctx
) -> Ctx:
    if not file.decision:
        raise missing("decision", f"case {case.reference} has no beschikking recorded yet")
    ground = file.decision_ground or options.get("ground")
    if not ground:
        raise missing("decision.ground", "the beschikking has no ground (reden) recorded")
    product = file.product or "schuldbemiddeling"
    return {
        "date": file.decision_on,
        "outcome": file.decision,
        "ground": ground,
        "alternative": options.get("alternative")
        or "budgetcoaching, informatie en advies over geldzaken",
        "obligations": OBLIGATIONS,
        "products": [
            "stabilisatie van uw financiële situatie",
            PRODUCT_LABELS.get(product, product),
        ],
    }


def _amounts(lines: Sequence[cf.FinanceLine], source: str) -> list[dict[str, Any]]:
    """The incomes or expenses (``source``) as a letter lists them."""
    return [
        {"label": (x.label or x.kind).capitalize(), "amount": x.amount}
        for x in lines
        if x.source == source
    ]


def _plan(
    session: Session, actor: Actor, case: Case, file: Any, options: Mapping[str, Any], ctx: Ctx
) -> Ctx:
    debts = cf.list_debts(session, actor, case.id)
    start = ctx["today"]
    steps = options.get("steps") or [
        {
            "step": "Stabilisatie: vaste lasten op orde, kennisgeving aan schuldeisers",
            "date": start + timedelta(days=30),
        },
        {"step": "Saldoverzoeken en budgetplan", "date": start + timedelta(days=60)},
        {"step": "Betaalvoorstel aan alle schuldeisers", "date": start + timedelta(days=90)},
        {"step": "Evaluatie met u", "date": start + timedelta(days=120)},
    ]
    return {
        "income": sum(
            (i.amount for i in cf.list_finance_lines(session, actor, case.id, ["income"])),
            Decimal(0),
        ),
        "debt_count": len(debts),
        "total_debt": sum((d.current_amount for d in debts), Decimal(0)),
        "steps": [{"step": s["step"], "date": as_date(s["date"])} for s in steps],
        "costs": options.get("costs") or "Schuldhulpverlening is voor u kosteloos.",
    }


def _budget(
    session: Session, actor: Actor, case: Case, file: Any, options: Mapping[str, Any], ctx: Ctx
) -> Ctx:
    lines = cf.list_finance_lines(session, actor, case.id, ["income", "expense"])
    income = _amounts(lines, "income")
    if not income:
        raise missing("incomes", f"case {case.reference} has no income recorded")
    costs = _amounts(lines, "expense")
    week = Decimal(str(options.get("leefgeld_week", "80.00")))
    month = (week * 52 / 12).quantize(Decimal("0.01"))
    total_in = sum((i["amount"] for i in income), Decimal(0))
    total_out = sum((c["amount"] for c in costs), Decimal(0)) + month
    return {
        "income": income,
        "costs": costs,
        "reservations": [],
        "leefgeld_week": week,
        "leefgeld_month": month,
        "total_income": total_in,
        "total_costs": total_out,
        "buffer": total_in - total_out,
    }


def _ending(
    session: Session, actor: Actor, case: Case, file: Any, options: Mapping[str, Any], ctx: Ctx
) -> Ctx:
    reason = options.get("reason")
    if not reason:
        raise missing("options.reason", "a beëindigingsbeschikking needs its reason")
    return {
        "date": as_date(options.get("end_date") or ctx["today"]),
        "reason": reason,
        "advice": options.get("advice")
        or "Neem contact met ons op als uw situatie verandert; u kunt zich opnieuw aanmelden.",
    }


def _statement(
    session: Session, actor: Actor, case: Case, file: Any, options: Mapping[str, Any], ctx: Ctx
) -> Ctx:
    statement = options.get("statement")
    if not statement:
        raise missing("options.statement", "no budgetbeheer account statement for this month")
    money = ("opening", "closing", "reserved")
    out: dict[str, Any] = {
        k: Decimal(str(v)) if k in money else v for k, v in dict(statement).items()
    }
    for key in ("income", "payments"):
        out[key] = [
            {"date": as_date(r["date"]), "label": r["label"], "amount": Decimal(str(r["amount"]))}
            for r in out.get(key, [])
        ]
    out.setdefault("reserved", Decimal(0))
    return out
