"""The letter set of a debt relief case: which template, which data, to whom.

Each letter names the parts of the context it needs; the template is checked against
exactly those names when loaded, and the context is built from the case file through
``documents.casefile_context`` (casefiles' public functions only).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy.orm import Session

from engine.cases.models import Case
from engine.identity.actor import Actor

COMMON = ("today", "tenant", "case", "client", "recipient", "caseworker")
Recipient = Literal["client", "creditor", "court"]


@dataclass(frozen=True)
class LetterType:
    key: str
    title: str
    needs: tuple[str, ...]
    recipient: Recipient = "client"
    appealable: bool = False

    @property
    def template(self) -> str:
        return f"{self.key}.xml.j2"

    @property
    def per_creditor(self) -> bool:
        return self.recipient == "creditor"


_ALL = (
    LetterType("ontvangstbevestiging", "Ontvangstbevestiging", ("intake",)),
    LetterType("uitnodiging_eerste_gesprek", "Uitnodiging eerste gesprek", ("intake",)),
    LetterType(
        "beschikking_toelating", "Beschikking toelating", ("intake", "decision"), appealable=True
    ),
    LetterType(
        "beschikking_afwijzing", "Beschikking afwijzing", ("intake", "decision"), appealable=True
    ),
    LetterType("plan_van_aanpak", "Plan van aanpak", ("plan", "decision")),
    LetterType("budgetplan", "Budgetplan", ("budget",)),
    LetterType("kennisgeving", "Kennisgeving en stabilisatieverzoek", ("creditor",), "creditor"),
    LetterType("saldoverzoek", "Saldoverzoek", ("creditor",), "creditor"),
    LetterType("betaalvoorstel", "Betaalvoorstel", ("creditor", "proposal"), "creditor"),
    # proposal before settlement: the context is built in this order, settlement reuses it
    LetterType("regeling_geaccordeerd", "Regeling geaccordeerd", ("proposal", "settlement")),
    LetterType(
        "verzoek_dwangakkoord", "Verzoek dwangakkoord", ("proposal", "dwangakkoord"), "court"
    ),
    LetterType("beeindigingsbeschikking", "Beëindigingsbeschikking", ("ending",), appealable=True),
    LetterType(
        "slotbrief_finale_kwijting",
        "Slotbrief finale kwijting",
        ("creditor", "settlement"),
        "creditor",
    ),
    LetterType(
        "budgetbeheer_maandoverzicht", "Maandoverzicht budgetbeheer", ("statement", "budget")
    ),
)
LETTERS: dict[str, LetterType] = {letter.key: letter for letter in _ALL}


def allowed_names(letter: LetterType) -> set[str]:
    return {*COMMON, *letter.needs}


def build_contexts(
    session: Session,
    actor: Actor,
    case: Case,
    letter: LetterType,
    options: Mapping[str, Any],
    settings: Mapping[str, Any],
    creditors: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """The template context of each letter from the case file (ValidationFailed if lacking):
    one per creditor of ``creditors``, else the one ``options`` describes."""
    from documents.casefile_context import case_contexts

    return case_contexts(session, actor, case, letter, options, settings, creditors)


def sample_context_for(letter: LetterType) -> dict[str, Any]:
    """The sample scenario, addressed as this letter would be (previews, tests, bench)."""
    from documents.samples import sample_context

    ctx = sample_context()
    if letter.recipient == "client":
        ctx["recipient"] = {
            "name": ctx["client"]["name"],
            "address": ctx["client"]["address"],
            "salutation": ctx["client"]["salutation"],
        }
    elif letter.recipient == "court":
        ctx["recipient"] = {
            "name": ctx["court"]["name"],
            "address": ctx["court"]["address"],
            "salutation": "Edelachtbaar college",
        }
    return {k: v for k, v in ctx.items() if k in allowed_names(letter)}
