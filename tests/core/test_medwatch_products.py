"""Sections D and E of the MedWatch report: toxins as suspect products (drugs) with their dose
at each site, route as charted and indication; fillers as suspect devices with the UDI as
scanned; the NDC only where the knowledge base holds it, never picked for the reporter."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, cast

import pytest
from tests.core.medwatch_records import (
    BOTOX_LOT,
    GS,
    VOLUMA_LOT,
    box,
    filler,
    record,
    toxin,
)

from toxfill.knowledge import KnowledgeBase
from toxfill.records.medwatch import (
    ReportedPoint,
    medwatch_report,
    ndc_codes,
    package_ndc,
    udi_text,
)


def test_it_puts_toxins_in_d_and_fillers_in_e(kb: KnowledgeBase) -> None:
    report = medwatch_report(kb, record(toxin(), filler()))
    assert [g.title for g in report.section("D").groups] == [
        "Suspect product #1: Botox / Botox Cosmetic"
    ]
    assert [g.title for g in report.section("E").groups] == [
        "Suspect medical device #1: Juvéderm Voluma XC"
    ]


def test_it_says_when_no_device_was_used(kb: KnowledgeBase) -> None:
    report = medwatch_report(kb, record(toxin()))
    assert box(report, "E", "Not applicable").value.startswith("No device (filler) was used")


def test_it_gives_one_product_per_lot_with_the_dose_at_each_site(kb: KnowledgeBase) -> None:
    report = medwatch_report(kb, record(toxin("glabella", "20"), toxin("forehead", "10")))
    assert len(report.section("D").groups) == 1
    assert box(report, "D", "Dose or amount").value == (
        "30 U in all: Glabella (frown area between the brows) 20 U; Forehead 10 U"
    )
    assert box(report, "D", "Lot #").value == "C1234A"
    assert box(report, "D", "Expiration date").value == "2099-01-31"
    assert box(report, "D", "Manufacturer/compounder").value == "Allergan (AbbVie)"
    assert box(report, "D", "Name").value == "Botox / Botox Cosmetic (onabotulinumtoxinA)"


def test_it_gives_the_route_as_charted_and_asks_where_it_was_not(kb: KnowledgeBase) -> None:
    report = medwatch_report(
        kb, record(toxin("glabella", depth="intramuscular"), toxin("forehead", "10"))
    )
    route = box(report, "D", "Route")
    assert route.value == "intramuscular"
    assert route.to_add.startswith("not charted at Forehead")


def test_it_never_guesses_a_route_that_was_not_charted(kb: KnowledgeBase) -> None:
    route = box(medwatch_report(kb, record(toxin())), "D", "Route")
    assert not route.value
    assert "intramuscular or intradermal" in route.to_add


@pytest.mark.parametrize(
    ("point", "indication"),
    [
        pytest.param(toxin("glabella"), "Frown lines between the eyebrows (cosmetic)",
                     id="the_zones_one_concern"),
        pytest.param(toxin("glabella", concern="forehead-lines"),
                     "Forehead lines (cosmetic)", id="the_charted_concern"),
    ],
)  # fmt: skip
def test_it_takes_the_indication_from_the_concern_treated(
    kb: KnowledgeBase, point: ReportedPoint, indication: str
) -> None:
    entry = box(medwatch_report(kb, record(point)), "D", "Diagnosis or reason for use (indication)")
    assert entry.value == indication


def test_it_asks_for_the_vial_strength_and_ndc_it_does_not_hold(kb: KnowledgeBase) -> None:
    report = medwatch_report(kb, record())
    assert not box(report, "D", "Strength").value
    ndc = box(report, "D", "NDC # or unique ID")
    assert not ndc.value
    assert "NDC" in ndc.to_add


@dataclass(frozen=True)
class _Mapping:
    """A standard code as the knowledge base's codes.yaml holds one (kind, of, system, code)."""

    kind: str
    of: str
    system: str
    code: str


# Botox Cosmetic's two 100-unit cartons, as the FDA's NDC Directory lists them.
BOTOX_NDCS = (
    _Mapping("product", "botox", "ndc", "0023-9232-01"),
    _Mapping("product", "botox", "ndc", "0023-9232-02"),
    _Mapping("product", "botox", "rxnorm", "1234"),
    _Mapping("product", "xeomin", "ndc", "46783-160-01"),
)


def _with_codes(kb: KnowledgeBase, *codes: _Mapping) -> KnowledgeBase:
    """The knowledge base, seen with standard codes (another part of toxfill adds them)."""

    class Coded:
        def __getattr__(self, name: str) -> Any:
            return codes if name == "codes" else getattr(kb, name)

    return cast(KnowledgeBase, Coded())


def test_it_reads_a_products_ndcs_from_the_knowledge_bases_codes(kb: KnowledgeBase) -> None:
    assert ndc_codes(_with_codes(kb, *BOTOX_NDCS), "botox") == ("0023-9232-01", "0023-9232-02")


def test_a_knowledge_base_without_codes_has_no_ndcs(kb: KnowledgeBase) -> None:
    assert ndc_codes(_with_codes(kb), "botox") == ()


def test_it_gives_the_ndc_the_lots_gtin_carries(kb: KnowledgeBase) -> None:
    # given a Botox lot whose GTIN is "003" + NDC 0023-9232-02's ten digits + a check digit
    lot = replace(BOTOX_LOT, gtin="00300239232020")
    report = medwatch_report(_with_codes(kb, *BOTOX_NDCS), record(toxin(lot=lot)))
    ndc = box(report, "D", "NDC # or unique ID")
    assert ndc.value == "0023-9232-02 (the package the lot's GTIN carries)"
    assert package_ndc(("0023-9232-01",), lot.gtin) == ""


def test_it_names_the_listed_ndcs_but_never_picks_one_for_a_typed_lot(
    kb: KnowledgeBase,
) -> None:
    report = medwatch_report(_with_codes(kb, *BOTOX_NDCS), record(toxin()))
    ndc = box(report, "D", "NDC # or unique ID")
    assert not ndc.value
    assert ndc.to_add.endswith(
        "(the FDA lists 0023-9232-01, 0023-9232-02 for Botox / Botox Cosmetic)"
    )


def test_it_sends_the_scanned_udi_as_scanned(kb: KnowledgeBase) -> None:
    # given a filler received by scanning a label whose expiry is printed as day 00
    udi = box(medwatch_report(kb, record(filler())), "E", "Unique Identifier (UDI) #")
    # then its elements are the scan's own: day 00 stays 00, the serial is kept
    assert udi.value == "(01)00301234567890(17)261100(10)V1(21)S99"
    assert not udi.to_add


def test_it_gives_a_barcode_it_cannot_read_verbatim() -> None:
    assert udi_text(f"+H123ABC{GS}XYZ") == "+H123ABC<GS>XYZ"


def test_it_asks_for_the_udi_of_a_lot_typed_by_hand(kb: KnowledgeBase) -> None:
    typed = replace(filler(), lot=replace(VOLUMA_LOT, scanned=""))
    udi = box(medwatch_report(kb, record(typed)), "E", "Unique Identifier (UDI) #")
    assert udi.value == "device identifier (01)00301234567890"
    assert "rest of the UDI" in udi.to_add


def test_it_describes_the_filler_as_an_implanted_device(kb: KnowledgeBase) -> None:
    report = medwatch_report(kb, record(filler()))
    assert box(report, "E", "Brand name").value == "Juvéderm Voluma XC"
    assert box(report, "E", "Common device name").value.startswith("Dermal filler (")
    assert box(report, "E", "Serial #").value == "S99"
    assert box(report, "E", "If implanted, give date").value == "2026-03-10"
    assert box(report, "E", "Operator of device").value == ("Health professional (Paula Reyes, RN)")
    maker = box(report, "E", "Manufacturer name, city and state")
    assert (maker.value, bool(maker.to_add)) == ("Allergan", True)
    assert not box(report, "E", "Procode").value


def test_it_asks_about_a_product_the_knowledge_base_no_longer_knows(kb: KnowledgeBase) -> None:
    retired = ReportedPoint("retired-toxin", "glabella", Decimal(5), "U", BOTOX_LOT)
    name = box(medwatch_report(kb, record(retired)), "D", "Name")
    assert name.value == "retired-toxin"
    assert "section E" in name.to_add
