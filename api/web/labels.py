"""Dutch labels for audit actions shown in a case's timeline (unknown actions show as is)."""

from __future__ import annotations

ACTIONS = {
    "case.opened": "Zaak geopend",
    "case.closed": "Zaak afgesloten",
    "case.reopened": "Zaak heropend",
    "case.phase_changed": "Fase gewijzigd",
    "process.started": "Proces gestart",
    "task.claimed": "Taak opgepakt",
    "task.unclaimed": "Taak teruggegeven",
    "task.completed": "Taak afgerond",
    "incident.opened": "Storing in een processtap",
    "incident.retried": "Processtap opnieuw geprobeerd",
    "message.received": "Bericht ontvangen",
    "document.generated": "Document gemaakt",
    "document.read": "Document ingezien",
    "document.status_changed": "Documentstatus gewijzigd",
    "casefile.melding_registered": "Melding geregistreerd",
    "casefile.client_updated": "Cliëntgegevens gewijzigd",
    "casefile.deadline_set": "Termijn vastgelegd",
    "casefile.deadline_met": "Termijn gehaald",
    "casefile.deadline_overdue": "Termijn verlopen",
    "casefile.first_conversation": "Eerste gesprek gevoerd",
    "casefile.decision": "Beschikking vastgelegd",
    "casefile.four_eyes_refused": "Vier-ogencontrole: zelfde beslisser geweigerd",
    "casefile.income_added": "Inkomen toegevoegd",
    "casefile.income_removed": "Inkomen verwijderd",
    "casefile.expense_added": "Uitgave toegevoegd",
    "casefile.expense_removed": "Uitgave verwijderd",
    "casefile.debt_added": "Schuld toegevoegd",
    "casefile.balance_requested": "Saldo opgevraagd bij schuldeiser",
    "casefile.vtlb_computed": "VTLB berekend",
    "casefile.vtlb_line_overridden": "VTLB-regel aangepast",
    "casefile.proposal_built": "Schuldregelingsvoorstel opgesteld",
    "casefile.proposal_sent": "Voorstel verstuurd",
    "casefile.settlement_agreed": "Schuldregeling akkoord",
    "casefile.reminder_sent": "Herinnering verstuurd",
    "casefile.checklist_item": "Voorlegger bijgewerkt",
    "casefile.contact_moment": "Contactmoment vastgelegd",
    "retention.archive_dates_set": "Archiefgegevens bepaald",
    "retention.archive_dates_cleared": "Archiefgegevens gewist",
    "retention.hold_placed": "Bewaarplicht (legal hold) ingesteld",
    "retention.hold_released": "Bewaarplicht opgeheven",
}


def action_label(action: str) -> str:
    return ACTIONS.get(action, action)
