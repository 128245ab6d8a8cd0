"""The loader accepts a sound knowledge base and rejects a broken one, naming file and entry."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from toxfill.errors import InputError, KnowledgeError, UnknownIdError
from toxfill.knowledge import KnowledgeBase, bundled_knowledge, load_knowledge


def edit(kb_dir: Path, file: str, change: Callable[[Any], None]) -> None:
    path = kb_dir / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def test_it_loads_the_tiny_knowledge_base(tiny_kb: KnowledgeBase) -> None:
    assert list(tiny_kb.options) == ["botulinum-toxin", "ha-filler", "no-treatment"]
    assert tiny_kb.version == "test-1"
    assert tiny_kb.products["dysport"].uses[0].max_age == 64


def test_it_loads_the_bundled_knowledge_base_once_per_process() -> None:
    assert bundled_knowledge() is bundled_knowledge()


def _drop_sources(data: Any) -> None:
    data["mechanism"]["sources"] = []


def _remove_sources_key(data: Any) -> None:
    del data["duration"]["sources"]


def _unknown_source(data: Any) -> None:
    data["duration"]["sources"] = ["S-NOWHERE"]


def _duplicate_concern(data: Any) -> None:
    data["concerns"].append(dict(data["concerns"][0]))


def _dangling_concern(data: Any) -> None:
    data["products"][0]["uses"][0]["concern"] = "nose-job"


def _dangling_symptom(data: Any) -> None:
    data["side_effects"]["symptoms"].append("sneezing")


def _typo_field(data: Any) -> None:
    data["duraton"] = data.pop("duration")


def _unknown_enum(data: Any) -> None:
    data["mechanism"]["action"] = "magic"


def _caution_on_other_class(data: Any) -> None:
    data["cautions"][0]["products"] = ["restylane-lyft"]


def _alone_option_not_combined(data: Any) -> None:
    data["combinations"][0]["duration_effect"]["alone_option"] = "no-treatment"


def _order_misses_option(data: Any) -> None:
    data["option_order"] = ["botulinum-toxin", "ha-filler"]


def _low_above_high(data: Any) -> None:
    data["duration"]["low"] = 9


def _min_age_above_max(data: Any) -> None:
    data["products"][1]["uses"][0]["min_age"] = 70


def _gtin_check_digit_wrong(data: Any) -> None:
    data["products"][2]["gtins"] = ["09506000134353"]


def _gtins_without_source(data: Any) -> None:
    del data["products"][2]["gtins_source"]


def _gtin_of_two_products(data: Any) -> None:
    data["products"][0]["gtins"] = data["products"][2]["gtins"]
    data["products"][0]["gtins_source"] = data["products"][2]["gtins_source"]


def _aftercare_twice(data: Any) -> None:
    data["aftercare"].append(dict(data["aftercare"][0]))


def _medical_concern_without_specialist(data: Any) -> None:
    del data["concerns"][2]["specialist"]


BROKEN = [
    pytest.param(
        "options/ha-filler.yaml",
        _drop_sources,
        "options/ha-filler.yaml: ha-filler: mechanism.sources: a fact needs at least one source",
        id="fact_with_empty_sources",
    ),
    pytest.param(
        "options/botulinum-toxin.yaml",
        _remove_sources_key,
        "botulinum-toxin: duration.sources: a fact needs at least one source",
        id="fact_without_sources_field",
    ),
    pytest.param(
        "options/botulinum-toxin.yaml",
        _unknown_source,
        "options/botulinum-toxin.yaml: botulinum-toxin: refers to unknown source 'S-NOWHERE'",
        id="unknown_source",
    ),
    pytest.param(
        "vocabulary.yaml",
        _duplicate_concern,
        "vocabulary.yaml: glabellar-lines: duplicate concern ID",
        id="duplicate_concern",
    ),
    pytest.param(
        "products/all.yaml",
        _dangling_concern,
        "products/all.yaml: botox: refers to unknown concern 'nose-job' (dangling reference)",
        id="dangling_concern",
    ),
    pytest.param(
        "options/botulinum-toxin.yaml",
        _dangling_symptom,
        "botulinum-toxin: refers to unknown symptom 'sneezing'",
        id="dangling_symptom",
    ),
    pytest.param(
        "options/botulinum-toxin.yaml",
        _typo_field,
        "botulinum-toxin: duraton: Extra inputs are not permitted",
        id="misspelt_field",
    ),
    pytest.param(
        "options/ha-filler.yaml",
        _unknown_enum,
        "ha-filler: mechanism.action: Input should be",
        id="unknown_enum_value",
    ),
    pytest.param(
        "options/botulinum-toxin.yaml",
        _caution_on_other_class,
        "product 'restylane-lyft' is not a botulinum-toxin product",
        id="caution_names_product_of_another_class",
    ),
    pytest.param(
        "combinations.yaml",
        _alone_option_not_combined,
        "combinations.yaml: toxin-with-ha: duration_effect.alone_option 'no-treatment'",
        id="combination_measured_against_an_option_outside_it",
    ),
    pytest.param(
        "meta.yaml",
        _order_misses_option,
        "meta.yaml: option_order: must list each option once",
        id="option_order_misses_an_option",
    ),
    pytest.param(
        "options/botulinum-toxin.yaml",
        _low_above_high,
        "botulinum-toxin: duration: Value error, low (9.0) is above high (4.0)",
        id="duration_low_above_high",
    ),
    pytest.param(
        "products/all.yaml",
        _min_age_above_max,
        "products/all.yaml: dysport: uses.0: Value error, max_age (64) is below min_age (70)",
        id="age_range_reversed",
    ),
    pytest.param(
        "vocabulary.yaml",
        _medical_concern_without_specialist,
        "vocabulary.yaml: chronic-migraine: (entry): Value error, a medical concern must name",
        id="medical_concern_without_specialist",
    ),
    pytest.param(
        "products/all.yaml",
        _gtin_check_digit_wrong,
        "products/all.yaml: restylane-lyft: is not a valid GTIN",
        id="gtin_with_a_wrong_check_digit",
    ),
    pytest.param(
        "products/all.yaml",
        _gtins_without_source,
        "products/all.yaml: restylane-lyft: gtins need a gtins_source",
        id="gtins_without_a_source",
    ),
    pytest.param(
        "products/all.yaml",
        _gtin_of_two_products,
        "products/all.yaml: restylane-lyft: GTIN 09506000134352 is also given for botox",
        id="one_gtin_given_for_two_products",
    ),
    pytest.param(
        "triage.yaml",
        _aftercare_twice,
        "triage.yaml: botulinum-toxin: duplicate aftercare option",
        id="aftercare_written_twice",
    ),
]


@pytest.mark.parametrize(("file", "change", "message"), BROKEN)
def test_it_rejects_broken_data_naming_file_and_entry(
    kb_copy: Path, file: str, change: Callable[[Any], None], message: str
) -> None:
    edit(kb_copy, file, change)

    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(kb_copy)

    assert message in str(caught.value)


def test_it_rejects_an_option_defined_twice(kb_copy: Path) -> None:
    shutil.copy(kb_copy / "options/ha-filler.yaml", kb_copy / "options/zz-copy.yaml")

    with pytest.raises(KnowledgeError, match=r"options/zz-copy.yaml: ha-filler: duplicate option"):
        load_knowledge(kb_copy)


def test_it_rejects_a_source_defined_in_two_files(kb_copy: Path) -> None:
    shutil.copy(kb_copy / "sources/main.yaml", kb_copy / "sources/more.yaml")

    with pytest.raises(KnowledgeError, match=r"sources/more.yaml: S-TOX-LABEL: duplicate source"):
        load_knowledge(kb_copy)


def test_it_rejects_a_file_that_is_not_yaml(kb_copy: Path) -> None:
    (kb_copy / "costs.yaml").write_text("costs: [unclosed\n", encoding="utf-8")

    with pytest.raises(KnowledgeError, match=r"^costs.yaml: -: not valid YAML"):
        load_knowledge(kb_copy)


def test_it_rejects_a_missing_vocabulary(kb_copy: Path) -> None:
    (kb_copy / "vocabulary.yaml").unlink()

    with pytest.raises(KnowledgeError, match=r"vocabulary.yaml: -: file is missing"):
        load_knowledge(kb_copy)


def test_it_rejects_a_list_file_without_its_list(kb_copy: Path) -> None:
    (kb_copy / "costs.yaml").write_text("cost: []\n", encoding="utf-8")

    with pytest.raises(KnowledgeError, match=r"costs.yaml: -: expected a top-level list 'costs'"):
        load_knowledge(kb_copy)


def test_it_rejects_a_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match="knowledge data directory not found"):
        load_knowledge(tmp_path / "nowhere")


def test_an_unknown_option_names_the_nearest_valid_ids(tiny_kb: KnowledgeBase) -> None:
    with pytest.raises(UnknownIdError) as caught:
        tiny_kb.option("ha-filer")

    assert caught.value.nearest[0] == "ha-filler"
    assert "did you mean ha-filler" in str(caught.value)


def test_a_product_asked_for_as_an_option_names_its_option(tiny_kb: KnowledgeBase) -> None:
    with pytest.raises(InputError, match=re.escape("its option is 'botulinum-toxin'")):
        tiny_kb.option("botox")
