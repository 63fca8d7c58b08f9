"""The case file forms of the case page: their fields, posted values to the payload of the
case file schemas (camelCase, as the REST API takes them), and errors at the fields in
Dutch, whether pydantic or the service refused the input."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from api.web.forms import FormField, number_text
from api.web.labels import CREDITOR_KINDS, EXPENSE_KINDS, INCOME_KINDS, PERSON_ROLES, RESPONSE_KINDS
from api.web.rendering import euro
from casefiles.schemas import VtlbLineOut
from engine.errors import ValidationFailed

Errors = dict[str, list[str]]
Model = TypeVar("Model", bound=BaseModel)


class FormInvalid(Exception):
    """The posted form was refused; ``errors`` maps form field names to Dutch messages."""

    def __init__(self, errors: Errors) -> None:
        super().__init__("form refused")
        self.errors = errors


def _field(
    name: str, label: str, kind: str = "text", *, required: bool = False, hint: str = ""
) -> FormField:
    return FormField(name=name, key=name, label=label, type=kind, required=required, help=hint)


def _choice(name: str, label: str, options: dict[str, str], *, required: bool = True) -> FormField:
    item = _field(name, label, "choice", required=required)
    item.options = list(options.items())
    return item


def person_fields(*, new: bool, client_missing: bool = False) -> list[FormField]:
    roles = {k: v for k, v in PERSON_ROLES.items() if k != "client" or client_missing}
    fields = [_choice("role", "Rol in het huishouden", roles)] if new else []
    return [
        *fields,
        _field("initials", "Voorletters"),
        _field("firstNames", "Voornamen"),
        _field("prefix", "Tussenvoegsel"),
        _field("lastName", "Achternaam", required=True),
        _field("birthDate", "Geboortedatum", "date"),
        _field("bsn", "BSN", hint="Negen cijfers; wordt gecontroleerd met de elfproef."),
        _field("street", "Straat"),
        _field("houseNumber", "Huisnummer"),
        _field("postcode", "Postcode"),
        _field("city", "Woonplaats"),
        _field("phone", "Telefoon"),
        _field("email", "E-mailadres"),
    ]


def income_fields() -> list[FormField]:
    return [
        _choice("kind", "Soort inkomen", INCOME_KINDS),
        _field("source", "Van wie", hint="Bijvoorbeeld de werkgever of de uitkeringsinstantie."),
        _field("monthlyAmount", "Bedrag per maand", "amount", required=True),
    ]


def expense_fields() -> list[FormField]:
    return [
        _choice("kind", "Soort uitgave", EXPENSE_KINDS),
        _field("description", "Omschrijving"),
        _field("monthlyAmount", "Bedrag per maand", "amount", required=True),
    ]


def creditor_fields() -> list[FormField]:
    return [
        _field("name", "Naam schuldeiser", required=True),
        _choice("kind", "Soort schuldeiser", CREDITOR_KINDS),
        _field("iban", "IBAN", hint="Bijvoorbeeld NL91ABNA0417164300."),
        _field("preferent", "Preferente schuldeiser", "boolean"),
        _field("email", "E-mailadres"),
        _field("address", "Adres"),
    ]


def debt_fields(creditors: dict[str, str] | None) -> list[FormField]:
    """Fields of a new claim (with the creditor to pick) or, without ``creditors``, of an
    existing one."""
    first = [_choice("creditorId", "Schuldeiser", creditors)] if creditors is not None else []
    rank = _field(
        "preferent",
        "Preferente vordering",
        "boolean",
        hint="Leeg laten bij een nieuwe schuld: dan geldt wat bij de schuldeiser staat.",
    )
    return [
        *first,
        _field("creditorReference", "Kenmerk van de schuldeiser"),
        _field("claimedAmount", "Gevorderd bedrag", "amount", required=True),
        _field("originDate", "Ontstaansdatum", "date"),
        rank,
    ]


def response_fields() -> list[FormField]:
    return [
        _choice("kind", "Reactie", RESPONSE_KINDS),
        _field("amount", "Bevestigd saldo", "amount", hint="Alleen bij een saldo-opgave."),
        _field("statementDate", "Datum saldo-opgave", "date"),
        _field("reason", "Reden", "textarea", hint="Verplicht bij een weigering."),
    ]


def vtlb_override_fields(line: VtlbLineOut) -> list[FormField]:
    computed = line.original_amount if line.overridden else line.amount
    hint = f"{line.label}. Berekend: {euro(computed)} ({line.source})."
    return [
        _field("amount", "Nieuw bedrag per maand", "amount", required=True, hint=hint),
        _field(
            "reason",
            "Reden van de aanpassing",
            "textarea",
            required=True,
            hint="Verplicht. De reden staat bij de regel in het budgetplan en in de audittrail.",
        ),
    ]


def with_values(fields: list[FormField], values: dict[str, str]) -> list[FormField]:
    for item in fields:
        item.value = values.get(item.name, "")
    return fields


def amount_value(amount: Decimal) -> str:
    """A stored amount as a Dutch case worker types it back (1250,50)."""
    return str(amount).replace(".", ",")


def payload(fields: list[FormField], values: dict[str, str]) -> dict[str, Any]:
    """The posted text as schema input: empty fields left out (the schema's default
    applies), amounts in Decimal notation, ja/nee as booleans."""
    data: dict[str, Any] = {}
    for item in fields:
        raw = values.get(item.name, "").strip()
        if raw == "":
            continue
        if item.type == "boolean":
            data[item.name] = raw == "ja"
        elif item.type == "amount":
            data[item.name] = number_text(raw)
        else:
            data[item.name] = raw
    return data


def parsed(model: type[Model], data: dict[str, Any]) -> Model:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise FormInvalid(pydantic_errors(error)) from None


def pydantic_errors(error: ValidationError) -> Errors:
    errors: Errors = {}
    for item in error.errors():
        field = "/".join(str(part) for part in item["loc"]) or "form"
        errors.setdefault(field, []).append(_pydantic_message(item))
    return errors


def service_errors(failure: ValidationFailed, rename: dict[str, str] | None = None) -> Errors:
    """The service's field errors as sentences, under the form's field names."""
    errors: Errors = {}
    for item in failure.errors:
        field = (rename or {}).get(item.field, item.field).replace(".", "/")
        errors.setdefault(field, []).append(_sentence(item.message))
    if not errors:
        errors["form"] = [_sentence(str(failure))]
    return errors


def _sentence(message: str) -> str:
    text = message.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _pydantic_message(item: Any) -> str:
    kind = str(item.get("type", ""))
    if kind in ("missing", "string_too_short"):
        return "Dit veld is verplicht."
    if kind.startswith("date"):
        return "Vul een geldige datum in (dd-mm-jjjj)."
    if kind.startswith("decimal"):
        return "Vul een bedrag in, bijvoorbeeld 1250,50."
    if kind == "string_too_long":
        return "De tekst is te lang."
    if kind in ("literal_error", "uuid_parsing", "enum"):
        return "Kies een van de mogelijkheden."
    return str(item.get("msg", "Ongeldige waarde."))


def labels(fields: list[FormField]) -> dict[str, str]:
    return {"form": "Formulier", **{item.name: item.label for item in fields}}
