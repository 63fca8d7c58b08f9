"""The schuldregeling and budgetbeheer models, described for the generator in ``modelgen``."""

from __future__ import annotations

from tests.bpmn.builder import SHV, Builder
from tests.bpmn.modelgen import (
    Model,
)


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
