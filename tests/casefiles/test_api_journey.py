"""One whole case over HTTP only: melding to finale kwijting (the issue's "done when").

The roles complete every user task through the task endpoints, creditors answer through
the creditor-responses resource, and time passes with the server's own scheduler step
(``run_due_timers``) firing the timers. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from engine.clock import FrozenClock
from engine.process.runtime import run_due_timers
from tests.api.conftest import Api, ApiClientInfo
from tests.casefiles.conftest import V1, post_melding


class Journey:
    """A case followed through the REST API by its case workers and its creditors."""

    def __init__(
        self, api: Api, staff: ApiClientInfo, teamlead: ApiClientInfo, clock: FrozenClock
    ) -> None:
        self.api, self.staff, self.teamlead, self.clock = api, staff, teamlead, clock
        self.case_id = ""

    def get(self, path: str) -> Any:
        response = self.api.http.get(f"{V1}{path}", headers=self.staff.headers)
        assert response.status_code == 200, response.text
        return response.json()

    def post(
        self,
        path: str,
        body: dict[str, Any] | None = None,
        status: int = 201,
        by: ApiClientInfo | None = None,
    ) -> Any:
        headers = (by or self.staff).headers
        response = self.api.http.post(f"{V1}{path}", json=body, headers=headers)
        assert response.status_code == status, response.text
        return response.json()

    def case(self) -> dict[str, Any]:
        return dict(self.get(f"/cases/{self.case_id}"))

    def open_tasks(self) -> list[str]:
        page = self.get(f"/tasks?caseId={self.case_id}")
        return sorted(t["taskKey"] for t in page["results"])

    def complete(self, key: str, data: dict[str, Any], by: ApiClientInfo | None = None) -> None:
        page = self.get(f"/tasks?caseId={self.case_id}")
        task = next((t for t in page["results"] if t["taskKey"] == key), None)
        assert task is not None, f"no open task {key}; open: {self.open_tasks()}"
        self.post(f"/tasks/{task['id']}/complete", {"data": data}, status=200, by=by)

    def answer(self, creditor_id: str, kind: str, amount: str | None = None) -> None:
        """The creditor answers through the case file's creditor-responses resource."""
        body = {"creditorId": creditor_id, "kind": kind, "amount": amount}
        self.post(f"/cases/{self.case_id}/creditor-responses", body)

    def message(self, creditor_id: str, kind: str, amount: str | None = None) -> None:
        """The creditor's answer arrives as a correlated message from another system."""
        payload = {"creditorId": creditor_id, "kind": kind, "amount": amount}
        body = {
            "name": "reactie_schuldeiser",
            "correlation": {"case_id": self.case_id},
            "payload": payload,
        }
        assert self.post("/messages", body, status=200) == {"caseIds": [self.case_id]}

    def wait(self, days: int) -> None:
        """Let the days pass one by one, the scheduler firing what is due."""
        for _ in range(days):
            self.clock.advance(timedelta(days=1))
            run_due_timers(self.api.db.factory)

    def deadline(self, kind: str) -> dict[str, Any]:
        rows = self.get(f"/cases/{self.case_id}/deadlines")["results"]
        return dict(next(d for d in reversed(rows) if d["kind"] == kind))


@pytest.fixture
def journey(api: Api, worker: ApiClientInfo, frozen_clock: FrozenClock) -> Journey:
    """The case worker's client and, for the four-eyes approval, the team lead's."""
    return Journey(api, worker, api.client("gemeente-a", "teamleider"), frozen_clock)


def test_a_case_followed_over_rest_from_melding_to_finale_kwijting(journey: Journey) -> None:
    journey.case_id = post_melding(
        journey.api, journey.staff, crisis=True, crisisReason="ontruiming"
    )["caseId"]
    first = journey.deadline("eerste_gesprek")
    assert (first["dueOn"], first["daysLeft"]) == ("2026-03-05", 3)  # 3 working days (crisis)
    case_id = journey.case_id
    essent = journey.post("/creditors", {"name": "Essent", "iban": "NL91ABNA0417164300"})["id"]
    woonstad = journey.post("/creditors", {"name": "Woonstad Rotterdam"})["id"]
    journey.post(f"/cases/{case_id}/debts", {"creditorId": essent, "claimedAmount": "1200.00"})
    journey.post(f"/cases/{case_id}/debts", {"creditorId": woonstad, "claimedAmount": "3000.00"})
    journey.post(f"/cases/{case_id}/incomes", {"kind": "loon", "monthlyAmount": "2200.00"})
    journey.post(f"/cases/{case_id}/expenses", {"kind": "huur", "monthlyAmount": "650.00"})

    journey.complete(
        "melding_beoordelen",
        {
            "dreigende_huisuitzetting": True,
            "dreigende_afsluiting": False,
            "opzegging_zorgverzekering": False,
            "afspraak_eerste_gesprek": "2026-03-04T10:00:00+01:00",
        },
    )
    journey.complete("eerste_gesprek", {"gesprek_datum": "2026-03-02", "vervolg": "aanvraag"})
    decision = journey.deadline("beschikking")  # 8 weeks end on Koningsdag: moved a day
    assert (decision["dueOn"], decision["daysLeft"]) == ("2026-04-28", 57)
    journey.complete("screening", {"uitkomst": "compleet", "bkr_gecontroleerd": True})
    journey.complete(
        "beschikking_voorbereiden",
        {"besluit": "toelating", "grond": "hulpvraag past", "traject": "schuldregeling"},
    )
    journey.complete("beschikking_goedkeuren", {"goedgekeurd": True}, by=journey.teamlead)
    assert journey.case()["phase"] == "stabilisatie"

    journey.complete("inkomsten_uitgaven", {"compleet": True})
    vtlb = journey.get(f"/cases/{case_id}/vtlb")
    assert vtlb["lines"][0]["key"] == "basis" and all(line["source"] for line in vtlb["lines"])
    journey.complete("budgetplan_opstellen", {"leefgeld_per_week": 80})
    journey.complete(
        "plan_van_aanpak", {"aanbod": "schuldregeling", "machtiging_gegevensuitwisseling": True}
    )
    journey.wait(30)
    journey.complete("evaluatie", {"stabiel": True})
    assert journey.case()["phase"] == "schuldregeling"
    assert journey.deadline("saldo_reactie")["daysLeft"] > 0

    journey.answer(essent, "saldo", "1250.00")
    assert journey.open_tasks() == []  # one creditor still silent: the process waits
    journey.message(woonstad, "saldo", "3000.00")  # the last answer moves the process
    journey.complete(
        "saldi_vaststellen", {"saneringskrediet_mogelijk": False, "wsnp_aangewezen": False}
    )
    proposal = journey.get(f"/cases/{case_id}/proposal")
    shares = {s["creditorId"]: s for s in proposal["shares"]}
    assert set(shares) == {essent, woonstad} and proposal["termMonths"] == 18
    assert shares[essent]["claim"] == "1250.00"  # the confirmed saldo, not the claim
    payouts = sum(Decimal(s["payout"]) for s in shares.values())
    assert payouts == Decimal(proposal["totalPayout"]) > 0
    journey.complete("voorstel_controleren", {"gecontroleerd": True})
    journey.message(essent, "akkoord")
    journey.answer(woonstad, "akkoord")
    assert journey.case()["phase"] == "looptijd"

    for _ in range(18):
        journey.wait(31)
    case = journey.case()
    assert (case["status"], case["result"]) == ("closed", "verstrekt")
    history = journey.get(f"/cases/{case_id}/history")["results"]
    archived = [e["after"] for e in history if e["action"] == "retention.archive_dates_set"]
    assert archived[-1]["selectielijstklasse"] == "8.1.9"  # finale kwijting: verstrekt


def test_a_bad_creditor_message_is_refused_and_changes_nothing(journey: Journey) -> None:
    journey.case_id = post_melding(journey.api, journey.staff)["caseId"]
    essent = journey.post("/creditors", {"name": "Essent"})["id"]
    journey.post(
        f"/cases/{journey.case_id}/debts", {"creditorId": essent, "claimedAmount": "1200.00"}
    )
    before = journey.get(f"/cases/{journey.case_id}/debts")
    body = {
        "name": "reactie_schuldeiser",
        "correlation": {"case_id": journey.case_id},
        "payload": {"creditorId": essent, "kind": "betaald", "amount": "-5"},
    }
    refused = journey.post("/messages", body, status=400)
    assert {p["name"] for p in refused["invalidParams"]} == {"payload.kind"}
    body["payload"] = {"creditorId": essent, "kind": "saldo", "amount": "-5"}
    refused = journey.post("/messages", body, status=400)
    assert {p["name"] for p in refused["invalidParams"]} == {"amount"}
    assert journey.get(f"/cases/{journey.case_id}/debts") == before
