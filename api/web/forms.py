"""Task forms from JSON Schema: fields to render, posted values back to typed data, and
errors at the fields (Dutch). The engine validates the data again on completion."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from engine.errors import ValidationFailed
from engine.process.runtime import validate_form

Errors = dict[str, list[str]]
REQUIRED = "Dit veld is verplicht."
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@dataclass
class FormField:
    name: str  # form name: "stuk" or "voorlegger/0/stuk"
    key: str  # property name
    label: str
    type: str  # text|textarea|number|integer|amount|date|choice|boolean|rows
    required: bool = False
    help: str = ""
    options: list[tuple[str, str]] = field(default_factory=list)
    columns: list[FormField] = field(default_factory=list)  # for rows
    value: Any = ""
    rows: list[list[FormField]] = field(default_factory=list)


def _options(prop: dict[str, Any]) -> list[tuple[str, str]]:
    if "oneOf" in prop:
        return [(str(o.get("const")), str(o.get("title", o.get("const")))) for o in prop["oneOf"]]
    return [(str(v), str(v)) for v in prop.get("enum", [])]


def _kind(prop: dict[str, Any]) -> str:
    kind = prop.get("type")
    if "oneOf" in prop or "enum" in prop:
        return "choice"
    if kind == "boolean":
        return "boolean"
    if kind == "integer":
        return "integer"
    if kind == "number":
        return "amount" if prop.get("multipleOf") == 0.01 or "bedrag" in str(prop) else "number"
    if kind == "array":
        return "rows"
    if prop.get("format") == "date":
        return "date"
    if prop.get("format") == "date-time":
        return "datetime"
    if int(prop.get("maxLength", 0)) > 200:
        return "textarea"
    return "text"


def build_fields(schema: dict[str, Any], prefix: str = "") -> list[FormField]:
    required = set(schema.get("required", []))
    fields = []
    for key, prop in (schema.get("properties") or {}).items():
        kind = _kind(prop)
        item = FormField(
            name=f"{prefix}{key}",
            key=key,
            label=str(prop.get("title", key)),
            type=kind,
            required=key in required,
            help=str(prop.get("description", "")),
            options=_options(prop),
        )
        if kind == "rows":
            item.columns = build_fields(prop.get("items", {}), "")
        fields.append(item)
    return fields


def _row_indexes(form: dict[str, str], name: str) -> list[int]:
    pattern = re.compile(rf"^{re.escape(name)}/(\d+)/")
    return sorted({int(m.group(1)) for k in form if (m := pattern.match(k))})


def number_text(raw: str) -> str:
    """A number as typed in Dutch ("€ 1.250,50") in the notation Decimal reads ("1250.50")."""
    text = raw.strip().replace("€", "").replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    return text


def _convert(item: FormField, raw: str, errors: Errors, name: str) -> Any:
    raw = raw.strip()
    if item.type == "boolean":
        return {"ja": True, "nee": False}.get(raw)
    if raw == "":
        return None
    if item.type == "datetime":
        try:
            moment = datetime.fromisoformat(raw)
        except ValueError:
            errors.setdefault(name, []).append("Vul een geldige datum en tijd in.")
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=AMSTERDAM)
        return moment.isoformat()
    if item.type in ("number", "amount", "integer"):
        try:
            number = Decimal(number_text(raw))
        except InvalidOperation:
            errors.setdefault(name, []).append("Vul een getal in, bijvoorbeeld 1250,50.")
            return None
        if item.type == "integer" or number == number.to_integral_value():
            if item.type == "integer" and number != number.to_integral_value():
                errors.setdefault(name, []).append("Vul een heel getal in.")
                return None
            return int(number)
        return float(number)
    return raw


def parse(fields: list[FormField], form: dict[str, str]) -> tuple[dict[str, Any], Errors]:
    """Typed data from the posted form, with the values kept on the fields for re-display."""
    data: dict[str, Any] = {}
    errors: Errors = {}
    for item in fields:
        if item.type == "rows":
            rows = []
            item.rows = []
            for index in _row_indexes(form, item.name):
                cells = []
                row: dict[str, Any] = {}
                for column in item.columns:
                    name = f"{item.name}/{index}/{column.key}"
                    raw = form.get(name, "")
                    cell = FormField(**{**column.__dict__, "name": name, "value": raw})
                    cells.append(cell)
                    value = _convert(column, raw, errors, name)
                    if value is not None:
                        row[column.key] = value
                    elif column.required and name not in errors:
                        errors[name] = [REQUIRED]
                if row:
                    rows.append(row)
                    item.rows.append(cells)
            data[item.key] = rows
            if item.required and not rows:
                errors.setdefault(item.name, []).append("Voeg minstens één regel toe.")
            continue
        raw = form.get(item.name, "")
        item.value = raw
        value = _convert(item, raw, errors, item.name)
        if value is not None:
            data[item.key] = value
        elif item.required and item.name not in errors:
            errors[item.name] = [REQUIRED]
    return data, errors


def check(schema: dict[str, Any], data: dict[str, Any], errors: Errors) -> Errors:
    """Add the schema's own complaints (translated) to the errors found while parsing."""
    if errors:
        return errors
    try:
        validate_form(schema, data)
    except ValidationFailed as failure:
        for item in failure.errors:
            errors.setdefault(item.field, []).append(dutch(item.message))
    return errors


def dutch(message: str) -> str:
    if "is a required property" in message:
        return REQUIRED
    if "is not a 'date-time'" in message:
        return "Vul een geldige datum en tijd in."
    if "is not a 'date'" in message:
        return "Vul een geldige datum in."
    if "is too long" in message:
        return "De tekst is te lang."
    if "less than the minimum" in message or "less than or equal" in message:
        return "De waarde is te laag."
    if "greater than the maximum" in message:
        return "De waarde is te hoog."
    if "is not valid under any of the given schemas" in message or "is not one of" in message:
        return "Kies een van de mogelijkheden."
    return f"Ongeldige waarde ({message})."


def labels(fields: list[FormField]) -> dict[str, str]:
    result = {}
    for item in fields:
        result[item.name] = item.label
        for row in item.rows:
            for cell in row:
                result[cell.name] = f"{item.label}: {cell.label}"
    return result
