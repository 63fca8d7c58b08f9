"""The four debt-relief process models, described for the generator in ``modelgen``."""

from __future__ import annotations

from tests.bpmn.builder import SHV, Builder
from tests.bpmn.modelgen import (
    Model,
)
from tests.bpmn.models_negotiation import budgetbeheer, schuldregeling


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


def ALL() -> list[Model]:
    return [schuldhulp(), budgetplan(), schuldregeling(), budgetbeheer()]
