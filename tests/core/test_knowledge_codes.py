"""Standard codes in the knowledge base (codes.yaml): each cites a source, names a known thing
and is well formed, or the knowledge base does not load."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from toxfill.errors import KnowledgeError
from toxfill.knowledge import KnowledgeBase, load_knowledge
from toxfill.knowledge.codes import CodedKind, CodeSystem, verhoeff_valid

GOOD = {
    "kind": "product",
    "of": "botox",
    "system": "ndc",
    "code": "0023-9232-01",
    "display": "BOTOX Cosmetic 100 unit vial",
    "text": "NDC 0023-9232-01 is a vial of BOTOX Cosmetic.",
    "sources": ["S-TOX-LABEL"],
}


def _with_codes(kb_copy: Path, *codes: dict[str, Any]) -> KnowledgeBase:
    (kb_copy / "codes.yaml").write_text(yaml.safe_dump({"codes": list(codes)}), encoding="utf-8")
    return load_knowledge(kb_copy)


def test_it_loads_a_cited_code_and_finds_it_by_what_it_codes(kb_copy: Path) -> None:
    kb = _with_codes(kb_copy, GOOD)

    (found,) = kb.codes_for(CodedKind.PRODUCT, "botox", CodeSystem.NDC)

    assert found.code == "0023-9232-01"
    assert found.ndc_digits == "0023923201"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param({"sources": []}, "a fact needs at least one source", id="no_source"),
        pytest.param({"sources": ["S-NOBODY"]}, "unknown source 'S-NOBODY'", id="unknown_source"),
        pytest.param({"of": "nonexistent"}, "unknown product 'nonexistent'", id="unknown_product"),
        pytest.param({"code": "23-9232-1"}, "not a well-formed ndc code", id="malformed_ndc"),
        pytest.param(
            {"kind": "device-action", "of": "implanted", "system": "snomed", "code": "129336008"},
            "fails its Verhoeff check digit",
            id="snomed_typo",
        ),
        pytest.param({"system": "loinc"}, "system", id="unknown_system"),
        pytest.param(
            {"kind": "zone", "of": "forehead", "system": "snomed", "code": "52795006"}
            | {"display": None},
            "a snomed code needs its display",
            id="snomed_without_its_name",
        ),
    ],
)
def test_it_refuses_a_code_without_a_source_or_a_known_subject(
    kb_copy: Path, change: dict[str, Any], message: str
) -> None:
    with pytest.raises(KnowledgeError, match=message):
        _with_codes(kb_copy, GOOD | change)


def test_it_refuses_the_same_code_twice(kb_copy: Path) -> None:
    with pytest.raises(KnowledgeError, match="duplicate code mapping"):
        _with_codes(kb_copy, GOOD, GOOD)


def test_every_shipped_code_cites_a_source_that_exists(kb: KnowledgeBase) -> None:
    assert kb.codes
    assert all(source in kb.sources for mapping in kb.codes for source in mapping.sources)


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        pytest.param("129336009", True, id="implantation_action"),
        pytest.param("71388002", True, id="procedure"),
        pytest.param("129336090", False, id="transposed_digits"),
    ],
)
def test_it_checks_a_snomed_code_by_its_check_digit(code: str, valid: bool) -> None:
    assert verhoeff_valid(code) is valid


# The SNOMED CT codes read for issue 21's third pass, each with the source it was read in: a code
# the knowledge base drops, moves to another thing or cites differently fails here.
SNOMED_READ = [
    ("depth", "intramuscular", "78421000", "S-HL7-SNOMED-ROUTE"),
    ("zone", "forehead", "52795006", "S-HL7-VITALS-BODY-SITES"),
    ("zone", "axilla-right", "422543003", "S-HL7-VITALS-BODY-SITES"),
    ("zone", "axilla-left", "422543003", "S-HL7-VITALS-BODY-SITES"),
    ("zone", "bladder", "89837001", "S-HL7-VITALS-BODY-SITES"),
    ("zone", "nasal-dorsum", "45206002", "S-HL7-MCODE-RT-LOCATIONS"),
    ("zone", "nasal-tip", "45206002", "S-HL7-MCODE-RT-LOCATIONS"),
    ("zone", "parotid-right", "45289007", "S-HL7-MCODE-RT-LOCATIONS"),
    ("zone", "parotid-left", "45289007", "S-HL7-MCODE-RT-LOCATIONS"),
    ("zone", "submandibular-right", "385296007", "S-HL7-MCODE-RT-LOCATIONS"),
    ("zone", "submandibular-left", "385296007", "S-HL7-MCODE-RT-LOCATIONS"),
    ("zone", "neck", "18252004", "S-HL7-MCODE-RT-LOCATIONS"),
    ("symptom", "bruising", "302227002", "S-HL7-IPS-PROBLEMS"),
    ("symptom", "swelling", "65124004", "S-HL7-IPS-PROBLEMS"),
    ("symptom", "redness", "247441003", "S-HL7-IPS-PROBLEMS"),
    ("symptom", "tenderness", "247348008", "S-HL7-IPS-PROBLEMS"),
    ("symptom", "itching", "418363000", "S-HL7-IPS-ALLERGY-REACTION"),
    ("symptom", "mild-pain", "112104007", "S-HL7-IPS-PROBLEMS"),
    ("symptom", "severe-pain", "112104007", "S-HL7-IPS-PROBLEMS"),
    ("symptom", "headache", "25064002", "S-HL7-IPS-PROBLEMS"),
    ("symptom", "eyelid-droop", "11934000", "S-HL7-IPS-PROBLEMS"),
    ("symptom", "brow-droop", "246813002", "S-HL7-IPS-PROBLEMS"),
    ("symptom", "double-vision", "24982008", "S-HL7-IPS-PROBLEMS"),
    ("symptom", "dry-eye", "162290004", "S-HL7-IPS-ALLERGY-REACTION"),
    ("symptom", "vision-change", "111516008", "S-HL7-IPS-PROBLEMS"),
    ("symptom", "eye-pain", "41652007", "S-HL7-IPS-PROBLEMS"),
    ("symptom", "loss-of-bladder-control", "165232002", "S-HL7-IPS-PROBLEMS"),
    ("symptom", "difficulty-swallowing", "40739000", "S-HL7-IPS-PROBLEMS"),
    ("symptom", "difficulty-breathing", "267036007", "S-HL7-IPS-ALLERGY-REACTION"),
    ("symptom", "hives", "126485001", "S-HL7-IPS-ALLERGY-REACTION"),
    ("symptom", "fever", "386661006", "S-HL7-IPS-PROBLEMS"),
    ("symptom", "urinary-retention", "267064002", "S-HL7-IPS-PROBLEMS"),
    ("symptom", "painful-urination", "49650001", "S-HL7-IPS-PROBLEMS"),
]


@pytest.mark.parametrize(
    ("kind", "of", "code", "source"),
    [pytest.param(*row, id=f"{row[0]}-{row[1]}") for row in SNOMED_READ],
)
def test_each_snomed_code_read_is_loaded_with_its_source(
    kb: KnowledgeBase, kind: str, of: str, code: str, source: str
) -> None:
    found = kb.codes_for(CodedKind(kind), of, CodeSystem.SNOMED)

    assert [m.code for m in found] == [code]
    assert source in found[0].sources
    # the note of the source it cites names the code, as read there
    assert code in kb.sources[source].note


def test_a_zone_or_symptom_no_source_names_has_no_standard_code(kb: KnowledgeBase) -> None:
    # "Something else" names no finding; the glabella and the temples no structure a source read
    assert kb.codes_for(CodedKind.SYMPTOM, "something-else") == ()
    assert kb.codes_for(CodedKind.ZONE, "glabella") == ()
    assert kb.codes_for(CodedKind.ZONE, "temple-right") == ()


def test_jeuveau_carries_the_rxcuis_the_fda_lists_for_its_one_product_label(
    kb: KnowledgeBase,
) -> None:
    found = kb.codes_for(CodedKind.PRODUCT, "jeuveau", CodeSystem.RXNORM)

    assert [m.code for m in found] == ["2117871", "2117876"]
    # RxNorm's names were not read: no display stands in for them
    assert [m.display for m in found] == [None, None]
    assert all(
        m.sources == ("S-NDC-JEUVEAU", "S-OPENFDA-LABEL-JEUVEAU")
        and m.code in kb.sources[m.sources[0]].note
        for m in found
    )


def test_a_toxin_whose_label_has_several_strengths_has_no_rxcui(kb: KnowledgeBase) -> None:
    # the FDA lists a label's RxCUIs together, without saying which strength each is
    for product in ("botox", "dysport", "xeomin", "daxxify", "letybo"):
        assert kb.codes_for(CodedKind.PRODUCT, product, CodeSystem.RXNORM) == ()
