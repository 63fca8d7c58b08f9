"""The four debt-relief process models, described for the generator in ``modelgen``."""

from __future__ import annotations

import itertools

from tests.bpmn.modelgen import (
    Model,
    Node,
    decision,
    form,
    message,
    script,
    service,
    timer_date,
)

SHV = "schuldhulpverlener"


class Builder:
    def __init__(self, model: Model) -> None:
        self.m = model

    def node(
        self,
        kind: str,
        id: str,
        name: str,
        lane: str,
        col: float,
        row: int = 0,
        body: str = "",
        **attrs: str,
    ) -> str:
        self.m.add(Node(id, kind, name, lane, col, row, body, dict(attrs)))
        return id

    def start(self, id: str, name: str, lane: str, col: float, row: int = 0) -> str:
        return self.node("startEvent", id, name, lane, col, row)

    def end(self, id: str, name: str, lane: str, col: float, row: int = 0) -> str:
        return self.node("endEvent", id, name, lane, col, row)

    def user(
        self,
        id: str,
        name: str,
        lane: str,
        col: float,
        filename: str,
        due: str | None = None,
        row: int = 0,
    ) -> str:
        return self.node("userTask", id, name, lane, col, row, form(filename, due))

    def svc(
        self, id: str, name: str, lane: str, col: float, operator: str, row: int = 0, **params: str
    ) -> str:
        return self.node("serviceTask", id, name, lane, col, row, service(operator, **params))

    def doc(
        self, id: str, name: str, lane: str, col: float, letter: str, row: int = 0, **options: str
    ) -> str:
        return self.svc(
            id, name, lane, col, "documents.generate", row, type=repr(letter), **options
        )

    def phase(self, id: str, name: str, lane: str, col: float, phase: str, row: int = 0) -> str:
        return self.svc(id, name, lane, col, "case.set_phase", row, phase=repr(phase))

    def script(self, id: str, name: str, lane: str, col: float, text: str, row: int = 0) -> str:
        return self.node("scriptTask", id, name, lane, col, row, script(text))

    def rule(
        self, id: str, name: str, lane: str, col: float, decision_id: str, row: int = 0
    ) -> str:
        return self.node("businessRuleTask", id, name, lane, col, row, decision(decision_id))

    def gw(
        self,
        id: str,
        name: str,
        lane: str,
        col: float,
        row: int = 0,
        kind: str = "exclusiveGateway",
    ) -> str:
        return self.node(kind, id, name, lane, col, row)

    def timer(self, id: str, name: str, lane: str, col: float, variable: str, row: int = 0) -> str:
        return self.node("intermediateCatchEvent", id, name, lane, col, row, timer_date(variable))

    def msg(
        self,
        id: str,
        name: str,
        lane: str,
        col: float,
        msg_name: str,
        variable: str | None = None,
        row: int = 0,
    ) -> str:
        if msg_name not in self.m.messages:
            self.m.messages.append(msg_name)
        return self.node(
            "intermediateCatchEvent", id, name, lane, col, row, message(msg_name, variable)
        )

    def receive(self, id: str, name: str, lane: str, col: float, msg_name: str) -> str:
        if msg_name not in self.m.messages:
            self.m.messages.append(msg_name)
        return self.node("receiveTask", id, name, lane, col, 0, messageRef=f"msg_{msg_name}")

    def boundary_timer(
        self, id: str, name: str, task: str, variable: str, interrupting: bool
    ) -> str:
        lane = next(n.lane for n in self.m.nodes if n.id == task)
        node = Node(
            id,
            "boundaryEvent",
            name,
            lane,
            0,
            0,
            timer_date(variable),
            {"cancelActivity": "true" if interrupting else "false"},
            attached_to=task,
        )
        self.m.add(node)
        return id

    def chain(self, *ids: str) -> None:
        for a, b in itertools.pairwise(ids):
            self.m.flow(a, b)

    def cond(self, source: str, target: str, name: str, expression: str) -> None:
        self.m.flow(source, target, name, expression)

    def default(self, source: str, target: str, name: str) -> None:
        self.m.flow(source, target, name)
        self.m.defaults[source] = f"f_{source}_{target}"


def schuldhulp() -> Model:
    m = Model("schuldhulp", "Schuldhulpverlening", ["intake", SHV, "teamleider"])
    b = Builder(m)
    b.start("melding_ontvangen", "Melding ontvangen", "intake", 0)
    b.user("melding_beoordelen", "Melding beoordelen (crisis)", "intake", 1, "melding.json")
    b.rule("crisistriage", "Crisistriage", "intake", 2, "crisis_triage")
    b.svc(
        "termijn_eerste_gesprek",
        "Termijn eerste gesprek bepalen",
        "intake",
        3,
        "casefiles.plan_first_meeting",
        crisis="crisis",
    )
    b.phase("fase_intake", "Fase intake", "intake", 4, "intake")
    b.doc(
        "brief_ontvangst",
        "Ontvangstbevestiging maken",
        "intake",
        5,
        "ontvangstbevestiging",
        first_meeting="afspraak_eerste_gesprek",
    )
    b.doc(
        "brief_uitnodiging",
        "Uitnodiging eerste gesprek maken",
        "intake",
        6,
        "uitnodiging_eerste_gesprek",
        first_meeting="afspraak_eerste_gesprek",
    )
    b.user(
        "eerste_gesprek",
        "Eerste gesprek voeren",
        SHV,
        7,
        "eerste_gesprek.json",
        due="eerste_gesprek_uiterlijk",
    )
    b.boundary_timer(
        "eerste_gesprek_termijn",
        "Wgs-termijn verstreken",
        "eerste_gesprek",
        "eerste_gesprek_uiterlijk",
        interrupting=False,
    )
    b.svc(
        "signaal_eerste_gesprek",
        "Termijnoverschrijding signaleren",
        SHV,
        8,
        "casefiles.signal_deadline",
        row=1,
        soort="'eerste_gesprek'",
    )
    b.end("signaal_gegeven", "Gesignaleerd", SHV, 9, row=1)
    b.gw("gw_aanvraag", "Aanvraag ingediend?", SHV, 9)
    b.svc(
        "termijn_beschikking",
        "Beslistermijn bepalen",
        SHV,
        10,
        "casefiles.plan_decision_deadline",
        gesprek_datum="gesprek_datum",
    )
    b.user(
        "screening",
        "Screening en voorlegger",
        SHV,
        11,
        "screening.json",
        due="beschikking_uiterlijk",
    )
    b.gw("gw_screening", "Voorlegger compleet?", SHV, 12)
    b.user(
        "beschikking_voorbereiden",
        "Beschikking voorbereiden",
        SHV,
        13,
        "beschikking_voorstel.json",
        due="beschikking_uiterlijk",
    )
    b.svc("opsteller_vastleggen", "Opsteller vastleggen", SHV, 14, "casefiles.record_preparer")
    b.user(
        "beschikking_goedkeuren",
        "Beschikking goedkeuren",
        "teamleider",
        15,
        "beschikking_goedkeuring.json",
        due="beschikking_uiterlijk",
    )
    b.svc(
        "vier_ogen",
        "Vier-ogencontrole",
        "teamleider",
        16,
        "casefiles.check_four_eyes",
        opgesteld_door="beschikking_opgesteld_door",
    )
    b.gw("gw_vier_ogen", "Andere beslisser?", "teamleider", 17)
    b.gw("gw_goedgekeurd", "Goedgekeurd?", "teamleider", 18)
    b.svc(
        "besluit_vastleggen",
        "Besluit vastleggen",
        "teamleider",
        19,
        "casefiles.record_decision",
        besluit="besluit",
        grond="grond",
    )
    b.gw("gw_besluit", "Besluit", SHV, 20)
    b.doc(
        "brief_toelating",
        "Beschikking toelating maken",
        SHV,
        21,
        "beschikking_toelating",
        first_meeting="afspraak_eerste_gesprek",
    )
    b.doc(
        "brief_afwijzing",
        "Beschikking afwijzing maken",
        SHV,
        21,
        "beschikking_afwijzing",
        row=1,
        first_meeting="afspraak_eerste_gesprek",
    )
    b.script(
        "resultaat_geweigerd", "Resultaat: geweigerd", SHV, 22, 'resultaat = "geweigerd"', row=1
    )
    b.phase("fase_stabilisatie", "Fase stabilisatie", SHV, 22, "stabilisatie")
    b.node(
        "callActivity",
        "budgetplan",
        "Budgetplan en stabilisatie",
        SHV,
        23,
        calledElement="budgetplan",
    )
    b.gw("gw_traject", "Traject", SHV, 24)
    b.node(
        "callActivity", "schuldregeling", "Schuldregeling", SHV, 25, calledElement="schuldregeling"
    )
    b.node(
        "callActivity", "budgetbeheer", "Budgetbeheer", SHV, 25, row=1, calledElement="budgetbeheer"
    )
    b.gw("gw_einde", "", SHV, 26)
    b.phase("fase_afsluiting", "Fase afsluiting", SHV, 27, "afsluiting")
    b.rule(
        "resultaat_bepalen",
        "Resultaat en selectielijst bepalen",
        SHV,
        28,
        "resultaat_selectielijst",
    )
    b.svc("zaak_sluiten", "Zaak sluiten", SHV, 29, "case.close", result="resultaat")
    b.end("zaak_afgesloten", "Zaak afgesloten", SHV, 30)
    # client withdraws during intake (8.4.1)
    b.gw("gw_ingetrokken", "", SHV, 13, row=2)
    b.doc(
        "brief_intrekking",
        "Bevestiging intrekking maken (beëindiging)",
        SHV,
        14,
        "beeindigingsbeschikking",
        row=2,
        reason="'u uw aanvraag voor schuldhulpverlening heeft ingetrokken'",
    )
    b.script(
        "resultaat_afgebroken", "Resultaat: afgebroken", SHV, 15, 'resultaat = "afgebroken"', row=2
    )

    b.chain(
        "melding_ontvangen",
        "melding_beoordelen",
        "crisistriage",
        "termijn_eerste_gesprek",
        "fase_intake",
        "brief_ontvangst",
        "brief_uitnodiging",
        "eerste_gesprek",
        "gw_aanvraag",
    )
    b.chain("eerste_gesprek_termijn", "signaal_eerste_gesprek", "signaal_gegeven")
    # the beschikking term (tenant setting) passes during screening or preparation: signal
    b.boundary_timer(
        "screening_termijn", "Beslistermijn verstreken", "screening", "beschikking_uiterlijk", False
    )
    b.boundary_timer(
        "voorbereiding_termijn",
        "Beslistermijn verstreken",
        "beschikking_voorbereiden",
        "beschikking_uiterlijk",
        False,
    )
    b.svc(
        "signaal_beschikking",
        "Termijnoverschrijding signaleren",
        SHV,
        14,
        "casefiles.signal_deadline",
        row=1,
        soort="'beschikking'",
    )
    b.end("beschikking_signaal_gegeven", "Gesignaleerd", SHV, 15, row=1)
    b.chain("screening_termijn", "signaal_beschikking", "beschikking_signaal_gegeven")
    b.chain("voorbereiding_termijn", "signaal_beschikking")
    b.cond("gw_aanvraag", "gw_ingetrokken", "ingetrokken", 'vervolg == "ingetrokken"')
    b.default("gw_aanvraag", "termijn_beschikking", "aanvraag")
    b.chain("termijn_beschikking", "screening", "gw_screening")
    b.cond("gw_screening", "gw_ingetrokken", "ingetrokken", 'uitkomst == "ingetrokken"')
    b.default("gw_screening", "beschikking_voorbereiden", "compleet")
    b.chain(
        "beschikking_voorbereiden",
        "opsteller_vastleggen",
        "beschikking_goedkeuren",
        "vier_ogen",
        "gw_vier_ogen",
    )
    b.cond("gw_vier_ogen", "beschikking_goedkeuren", "zelfde persoon", "not vier_ogen_ok")
    b.default("gw_vier_ogen", "gw_goedgekeurd", "ja")
    b.cond("gw_goedgekeurd", "beschikking_voorbereiden", "nee", "not goedgekeurd")
    b.default("gw_goedgekeurd", "besluit_vastleggen", "ja")
    b.chain("besluit_vastleggen", "gw_besluit")
    b.cond("gw_besluit", "brief_afwijzing", "afwijzing", 'besluit == "afwijzing"')
    b.default("gw_besluit", "brief_toelating", "toelating")
    b.chain("brief_afwijzing", "resultaat_geweigerd", "gw_einde")
    b.chain("brief_toelating", "fase_stabilisatie", "budgetplan", "gw_traject")
    b.cond("gw_traject", "budgetbeheer", "alleen budgetbeheer", 'traject == "budgetbeheer"')
    b.default("gw_traject", "schuldregeling", "schuldregeling")
    b.chain("schuldregeling", "gw_einde")
    b.chain("budgetbeheer", "gw_einde")
    b.chain("gw_ingetrokken", "brief_intrekking", "resultaat_afgebroken", "gw_einde")
    b.chain("gw_einde", "fase_afsluiting", "resultaat_bepalen", "zaak_sluiten", "zaak_afgesloten")
    return m


def budgetplan() -> Model:
    m = Model("budgetplan", "Budgetplan en stabilisatie", [SHV])
    b = Builder(m)
    b.start("bp_start", "Toegelaten", SHV, 0)
    b.svc("stabilisatie_vragen", "Stabilisatie vragen", SHV, 1, "casefiles.request_stabilisation")
    b.doc("brief_kennisgeving", "Kennisgeving schuldeisers maken", SHV, 2, "kennisgeving")
    b.user(
        "inkomsten_uitgaven", "Inkomsten en uitgaven vastleggen", SHV, 3, "inkomsten_uitgaven.json"
    )
    b.svc("vtlb_berekenen", "VTLB en afloscapaciteit berekenen", SHV, 4, "casefiles.compute_vtlb")
    b.user("budgetplan_opstellen", "Budgetplan opstellen", SHV, 5, "budgetplan.json")
    b.doc(
        "brief_budgetplan",
        "Budgetplan maken",
        SHV,
        6,
        "budgetplan",
        leefgeld_week="str(leefgeld_per_week)",
    )
    b.user("plan_van_aanpak", "Plan van aanpak opstellen", SHV, 7, "plan_van_aanpak.json")
    b.doc("brief_plan_van_aanpak", "Plan van aanpak maken", SHV, 8, "plan_van_aanpak")
    b.svc("evaluatie_plannen", "Evaluatiemoment plannen", SHV, 9, "casefiles.schedule_evaluation")
    b.timer("wacht_evaluatie", "Evaluatiemoment", SHV, 10, "evaluatie_datum")
    b.user("evaluatie", "Evaluatie stabilisatie", SHV, 11, "evaluatie.json", due="evaluatie_datum")
    b.gw("gw_stabiel", "Stabiel?", SHV, 12)
    b.end("bp_einde", "Stabiel", SHV, 13)
    b.chain(
        "bp_start",
        "stabilisatie_vragen",
        "brief_kennisgeving",
        "inkomsten_uitgaven",
        "vtlb_berekenen",
        "budgetplan_opstellen",
        "brief_budgetplan",
        "plan_van_aanpak",
        "brief_plan_van_aanpak",
        "evaluatie_plannen",
        "wacht_evaluatie",
        "evaluatie",
        "gw_stabiel",
    )
    b.cond("gw_stabiel", "budgetplan_opstellen", "nee", "not stabiel")
    b.default("gw_stabiel", "bp_einde", "ja")
    return m


def schuldregeling() -> Model:
    m = Model("schuldregeling", "Schuldregeling", [SHV])
    b = Builder(m)
    b.start("sr_start", "Start schuldregeling", SHV, 0)
    b.phase("fase_schuldregeling", "Fase schuldregeling", SHV, 1, "schuldregeling")
    b.svc(
        "saldoverzoeken", "Saldoverzoeken versturen", SHV, 2, "casefiles.request_claim_statements"
    )
    b.doc("brief_saldoverzoek", "Saldoverzoeken maken", SHV, 3, "saldoverzoek")
    b.gw("gw_wacht_saldi", "", SHV, 4)
    b.receive("saldi_ontvangen", "Wachten op saldo's", SHV, 5, "alle_reacties_ontvangen")
    b.boundary_timer(
        "saldi_termijn", "Reactietermijn verstreken", "saldi_ontvangen", "reactietermijn", True
    )
    b.svc(
        "herinnering_saldi",
        "Herinnering versturen",
        SHV,
        7,
        "casefiles.send_reminders",
        row=1,
        soort="'saldoverzoek'",
    )
    b.gw("gw_herinneringen_saldi", "Al twee keer herinnerd?", SHV, 6, row=1)
    b.gw("gw_saldi_binnen", "", SHV, 8)
    b.svc(
        "verouderde_vorderingen",
        "Verouderde saldi opnieuw opvragen",
        SHV,
        9,
        "casefiles.rerequest_stale_claims",
    )
    b.gw("gw_verouderd", "Saldi actueel?", SHV, 10)
    b.user("saldi_vaststellen", "Schuldenoverzicht vaststellen", SHV, 11, "saldi_vaststellen.json")
    b.svc(
        "vtlb_herberekenen", "VTLB en afloscapaciteit berekenen", SHV, 12, "casefiles.compute_vtlb"
    )
    b.rule("product_kiezen", "Product kiezen", SHV, 13, "product_keuze")
    b.gw("gw_product", "Product", SHV, 14)
    b.svc(
        "voorstel_opstellen",
        "Betaalvoorstel berekenen",
        SHV,
        15,
        "casefiles.build_proposal",
        product="product",
    )
    b.user(
        "voorstel_controleren",
        "Betaalvoorstel controleren",
        SHV,
        16,
        "betaalvoorstel_controle.json",
    )
    b.doc("brief_betaalvoorstel", "Betaalvoorstellen maken", SHV, 17, "betaalvoorstel")
    b.svc(
        "reactietermijn_voorstel",
        "Reactietermijn starten",
        SHV,
        18,
        "casefiles.start_response_term",
        soort="'betaalvoorstel'",
    )
    b.gw("gw_wacht_reacties", "", SHV, 19)
    b.receive("reacties_ontvangen", "Wachten op reacties", SHV, 20, "alle_reacties_ontvangen")
    b.boundary_timer(
        "reacties_termijn",
        "Reactietermijn verstreken",
        "reacties_ontvangen",
        "reactietermijn",
        True,
    )
    b.svc(
        "herinnering_voorstel",
        "Herinnering versturen",
        SHV,
        22,
        "casefiles.send_reminders",
        row=1,
        soort="'betaalvoorstel'",
    )
    b.gw("gw_herinneringen_voorstel", "Al twee keer herinnerd?", SHV, 21, row=1)
    b.gw("gw_reacties_binnen", "", SHV, 23)
    b.svc("reacties_beoordelen", "Reacties beoordelen", SHV, 24, "casefiles.evaluate_responses")
    b.gw("gw_alle_akkoord", "Alle schuldeisers akkoord?", SHV, 25)
    b.user("weigering_behandelen", "Weigering behandelen", SHV, 26, "weigering.json", row=1)
    b.gw("gw_actie", "Vervolgactie", SHV, 27, row=1)
    b.svc(
        "heroverweging_vragen",
        "Heroverweging vragen",
        SHV,
        29,
        "casefiles.request_reconsiderations",
        row=2,
    )
    b.doc(
        "brief_dwangakkoord", "Verzoek dwangakkoord maken", SHV, 28, "verzoek_dwangakkoord", row=1
    )
    b.svc(
        "dwangakkoord_indienen",
        "Dwangakkoord verzoeken",
        SHV,
        29,
        "casefiles.request_forced_settlement",
        row=1,
    )
    b.msg(
        "uitspraak_rechtbank",
        "Uitspraak rechtbank",
        SHV,
        30,
        "uitspraak_rechtbank",
        variable="uitspraak",
        row=1,
    )
    b.gw("gw_uitspraak", "Dwangakkoord toegewezen?", SHV, 31, row=1)
    b.gw("gw_geaccordeerd", "", SHV, 32)
    b.svc(
        "regeling_vastleggen",
        "Regeling geaccordeerd vastleggen",
        SHV,
        33,
        "casefiles.record_settlement_agreed",
    )
    b.doc("brief_akkoord", "Brief regeling geaccordeerd maken", SHV, 34, "regeling_geaccordeerd")
    b.phase("fase_looptijd", "Fase looptijd", SHV, 35, "looptijd")
    b.svc("maand_plannen", "Maandcontrole plannen", SHV, 36, "casefiles.schedule_monitoring")
    b.timer("wacht_maand", "Maand verstreken", SHV, 37, "volgende_controle")
    b.svc("maand_controleren", "Afdracht controleren", SHV, 38, "casefiles.check_monthly_payment")
    b.gw("gw_afwijking", "Afwijking?", SHV, 39)
    b.user("afwijking_beoordelen", "Afwijking beoordelen", SHV, 40, "afwijking.json", row=1)
    b.gw("gw_afwijking_besluit", "Doorgaan?", SHV, 41, row=1)
    b.gw("gw_maand_klaar", "", SHV, 42)
    b.gw("gw_looptijd", "Looptijd voorbij?", SHV, 43)
    b.svc("eindafrekening", "Eindafrekening", SHV, 44, "casefiles.final_settlement")
    b.doc(
        "brief_finale_kwijting",
        "Slotbrief finale kwijting maken",
        SHV,
        45,
        "slotbrief_finale_kwijting",
    )
    b.script("resultaat_verstrekt", "Resultaat: verstrekt", SHV, 46, 'resultaat = "verstrekt"')
    b.doc(
        "brief_beeindiging",
        "Beëindigingsbeschikking maken",
        SHV,
        44,
        "beeindigingsbeschikking",
        row=2,
        reason="toelichting",
    )
    b.script(
        "resultaat_beeindigd", "Resultaat: beëindigd", SHV, 45, 'resultaat = "beeindigd"', row=2
    )
    b.gw("gw_wsnp", "", SHV, 32, row=2)
    b.doc(
        "brief_wsnp",
        "Beëindiging met verwijzing Wsnp maken",
        SHV,
        33,
        "beeindigingsbeschikking",
        row=2,
        reason="'een minnelijke schuldregeling niet haalbaar is; wij verwijzen u naar de Wsnp'",
    )
    b.script(
        "resultaat_wsnp", "Resultaat: beëindigd (Wsnp)", SHV, 34, 'resultaat = "beeindigd"', row=2
    )
    b.gw("gw_sr_einde", "", SHV, 47)
    b.end("sr_einde", "Schuldregeling afgerond", SHV, 48)

    b.chain(
        "sr_start",
        "fase_schuldregeling",
        "saldoverzoeken",
        "brief_saldoverzoek",
        "gw_wacht_saldi",
        "saldi_ontvangen",
        "gw_saldi_binnen",
    )
    b.chain("saldi_termijn", "gw_herinneringen_saldi")
    b.cond("gw_herinneringen_saldi", "herinnering_saldi", "nee", "herinneringen < 2")
    b.default("gw_herinneringen_saldi", "gw_saldi_binnen", "ja")
    b.chain("herinnering_saldi", "gw_wacht_saldi")
    b.chain("gw_saldi_binnen", "verouderde_vorderingen", "gw_verouderd")
    b.cond("gw_verouderd", "gw_wacht_saldi", "opnieuw opgevraagd", "verouderde_vorderingen > 0")
    b.default("gw_verouderd", "saldi_vaststellen", "actueel")
    b.chain("saldi_vaststellen", "vtlb_herberekenen", "product_kiezen", "gw_product")
    b.cond("gw_product", "gw_wsnp", "Wsnp", 'product == "wsnp_verwijzing"')
    b.default("gw_product", "voorstel_opstellen", "regeling")
    b.chain(
        "voorstel_opstellen",
        "voorstel_controleren",
        "brief_betaalvoorstel",
        "reactietermijn_voorstel",
        "gw_wacht_reacties",
        "reacties_ontvangen",
        "gw_reacties_binnen",
    )
    b.chain("reacties_termijn", "gw_herinneringen_voorstel")
    b.cond("gw_herinneringen_voorstel", "herinnering_voorstel", "nee", "herinneringen < 2")
    b.default("gw_herinneringen_voorstel", "gw_reacties_binnen", "ja")
    b.chain("herinnering_voorstel", "gw_wacht_reacties")
    b.chain("gw_reacties_binnen", "reacties_beoordelen", "gw_alle_akkoord")
    b.cond("gw_alle_akkoord", "weigering_behandelen", "weigering", "not alle_akkoord")
    b.default("gw_alle_akkoord", "gw_geaccordeerd", "alle akkoord")
    b.chain("weigering_behandelen", "gw_actie")
    b.cond("gw_actie", "heroverweging_vragen", "heroverweging", 'actie == "heroverweging"')
    b.cond("gw_actie", "brief_dwangakkoord", "dwangakkoord", 'actie == "dwangakkoord"')
    b.default("gw_actie", "gw_wsnp", "Wsnp")
    b.chain("heroverweging_vragen", "gw_wacht_reacties")
    b.chain("brief_dwangakkoord", "dwangakkoord_indienen", "uitspraak_rechtbank", "gw_uitspraak")
    b.cond("gw_uitspraak", "gw_geaccordeerd", "toegewezen", 'uitspraak.get("toegewezen") is True')
    b.default("gw_uitspraak", "gw_wsnp", "afgewezen")
    b.chain(
        "gw_geaccordeerd",
        "regeling_vastleggen",
        "brief_akkoord",
        "fase_looptijd",
        "maand_plannen",
        "wacht_maand",
        "maand_controleren",
        "gw_afwijking",
    )
    b.cond("gw_afwijking", "afwijking_beoordelen", "afwijking", "afwijking")
    b.default("gw_afwijking", "gw_maand_klaar", "volgens plan")
    b.chain("afwijking_beoordelen", "gw_afwijking_besluit")
    b.cond(
        "gw_afwijking_besluit",
        "brief_beeindiging",
        "beëindigen",
        'besluit_afwijking == "beeindigen"',
    )
    b.default("gw_afwijking_besluit", "gw_maand_klaar", "doorgaan")
    b.chain("gw_maand_klaar", "gw_looptijd")
    b.cond("gw_looptijd", "maand_plannen", "nog niet", "maand < looptijd_maanden")
    b.default("gw_looptijd", "eindafrekening", "voorbij")
    b.chain("eindafrekening", "brief_finale_kwijting", "resultaat_verstrekt", "gw_sr_einde")
    b.chain("brief_beeindiging", "resultaat_beeindigd", "gw_sr_einde")
    b.chain("gw_wsnp", "brief_wsnp", "resultaat_wsnp", "gw_sr_einde")
    b.chain("gw_sr_einde", "sr_einde")
    return m


def budgetbeheer() -> Model:
    bb = "budgetbeheerder"
    m = Model("budgetbeheer", "Budgetbeheer", [bb])
    b = Builder(m)
    b.start("bb_start", "Start budgetbeheer", bb, 0)
    b.phase("fase_budgetbeheer", "Fase budgetbeheer", bb, 1, "budgetbeheer")
    b.user(
        "overeenkomst", "Budgetbeheerovereenkomst sluiten", bb, 2, "budgetbeheer_overeenkomst.json"
    )
    b.svc("betaalschema", "Betaalschema opstellen", bb, 3, "casefiles.build_payment_schedule")
    b.doc(
        "brief_overeenkomst",
        "Budgetplan als betaalschema maken",
        bb,
        4,
        "budgetplan",
        leefgeld_week="str(leefgeld_per_week)",
    )
    b.svc("bb_maand_plannen", "Maandevaluatie plannen", bb, 5, "casefiles.schedule_monitoring")
    b.timer("bb_wacht_maand", "Maand verstreken", bb, 6, "volgende_controle")
    b.user(
        "maand_evaluatie",
        "Maandelijkse evaluatie",
        bb,
        7,
        "maand_evaluatie.json",
        due="volgende_controle",
    )
    b.gw("gw_bb_vervolg", "Vervolg", bb, 8)
    b.doc(
        "brief_bb_einde",
        "Beëindiging budgetbeheer maken",
        bb,
        9,
        "beeindigingsbeschikking",
        reason="'het budgetbeheer is afgerond'",
    )
    b.script("bb_resultaat", "Resultaat: verstrekt", bb, 10, 'resultaat = "verstrekt"')
    b.end("bb_einde", "Budgetbeheer beëindigd", bb, 11)
    b.chain(
        "bb_start",
        "fase_budgetbeheer",
        "overeenkomst",
        "betaalschema",
        "brief_overeenkomst",
        "bb_maand_plannen",
        "bb_wacht_maand",
        "maand_evaluatie",
        "gw_bb_vervolg",
    )
    b.cond("gw_bb_vervolg", "brief_bb_einde", "afronden", 'vervolg_budgetbeheer == "afronden"')
    b.default("gw_bb_vervolg", "bb_maand_plannen", "doorgaan")
    b.chain("brief_bb_einde", "bb_resultaat", "bb_einde")
    return m


def ALL() -> list[Model]:
    return [schuldhulp(), budgetplan(), schuldregeling(), budgetbeheer()]
