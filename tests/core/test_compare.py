"""Comparison: sameness is computed from the data, every value carries its sources."""

from __future__ import annotations

import pytest

from toxfill.compare import ATTRIBUTES, Comparison, Row, compare, summarise
from toxfill.errors import InputError, UnknownIdError
from toxfill.knowledge import KnowledgeBase
from toxfill.render.html import comparison_html
from toxfill.render.markdown import comparison_markdown


def row(comparison: Comparison, attribute: str) -> Row:
    return next(r for r in comparison.rows if r.attribute == attribute)


def test_it_marks_an_attribute_same_when_the_values_match(tiny_kb: KnowledgeBase) -> None:
    comparison = compare(tiny_kb, ["botulinum-toxin", "ha-filler"])

    administration = row(comparison, "administration")
    assert administration.same
    assert administration.values == {
        "botulinum-toxin": "Injected at the treatment area",
        "ha-filler": "Injected at the treatment area",
    }


def test_it_marks_an_attribute_different_when_the_values_differ(tiny_kb: KnowledgeBase) -> None:
    comparison = compare(tiny_kb, ["botulinum-toxin", "ha-filler"])

    duration = row(comparison, "duration")
    assert not duration.same
    assert duration.values == {"botulinum-toxin": "3–4 months", "ha-filler": "6–12 months"}


def test_it_cites_each_cell_and_gathers_the_sources_of_a_row(tiny_kb: KnowledgeBase) -> None:
    comparison = compare(tiny_kb, ["botulinum-toxin", "ha-filler"])

    duration = row(comparison, "duration")
    assert duration.cells["botulinum-toxin"].sources == ("S-TOX-LABEL",)
    assert duration.cells["ha-filler"].sources == ("S-FILLER-PAGE",)
    assert duration.sources == ("S-TOX-LABEL", "S-FILLER-PAGE")
    assert [s.id for s in comparison.sources] == ["S-TOX-LABEL", "S-FILLER-PAGE", "S-COMBO-STUDY"]


def test_it_works_out_visits_per_year_from_the_duration(tiny_kb: KnowledgeBase) -> None:
    comparison = compare(tiny_kb, ["botulinum-toxin", "ha-filler"])

    visits = row(comparison, "visits-per-year")
    assert visits.values == {
        "botulinum-toxin": "About 3–4 visits a year",
        "ha-filler": "About 1–2 visits a year",
    }


def test_it_lists_what_list_values_have_in_common(tiny_kb: KnowledgeBase) -> None:
    comparison = compare(tiny_kb, ["botulinum-toxin", "ha-filler"])

    assert row(comparison, "common-side-effects").same
    risks = row(comparison, "serious-risks")
    assert not risks.same
    assert risks.shared == ()


def test_it_says_which_options_match_when_not_all_do(tiny_kb: KnowledgeBase) -> None:
    comparison = compare(tiny_kb, ["botulinum-toxin", "ha-filler", "no-treatment"])

    provider = row(comparison, "provider")
    assert not provider.same
    assert provider.matching == (("botulinum-toxin", "ha-filler"),)
    assert comparison.verdict(provider) == (
        "Different; same for Botulinum toxin and Hyaluronic acid filler"
    )


def test_it_names_a_combination_and_its_cited_duration_effect(tiny_kb: KnowledgeBase) -> None:
    comparison = compare(tiny_kb, ["botulinum-toxin", "ha-filler"])

    combined = row(comparison, "combined-use")
    assert combined.same
    assert combined.sources == ("S-COMBO-STUDY",)
    assert "about 32 weeks combined, against 18 weeks" in combined.cells["ha-filler"].detail


def test_it_narrows_a_product_level_contraindication_to_that_product(
    tiny_kb: KnowledgeBase,
) -> None:
    comparison = compare(tiny_kb, ["botulinum-toxin", "ha-filler"])

    contraindications = row(comparison, "contraindications")
    assert contraindications.values["botulinum-toxin"] == "Cow's milk allergy (Dysport only)"


def test_it_has_one_row_per_attribute_in_a_stable_order(tiny_kb: KnowledgeBase) -> None:
    comparison = compare(tiny_kb, ["ha-filler", "botulinum-toxin"])

    assert [r.attribute for r in comparison.rows] == [a.id for a in ATTRIBUTES]
    assert [o.option for o in comparison.options] == ["ha-filler", "botulinum-toxin"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        pytest.param(["ha-filler"], "options: name at least two options", id="only_one"),
        pytest.param([], "options: name at least two options", id="none"),
        pytest.param(["ha-filler", "ha-filler"], "repeated: ha-filler", id="repeated"),
    ],
)
def test_it_rejects_a_comparison_it_cannot_make(
    tiny_kb: KnowledgeBase, options: list[str], message: str
) -> None:
    with pytest.raises(InputError, match=message):
        compare(tiny_kb, options)


def test_it_rejects_an_unknown_option_with_the_nearest_ids(tiny_kb: KnowledgeBase) -> None:
    with pytest.raises(UnknownIdError) as caught:
        compare(tiny_kb, ["botulinum-toxin", "ha-filer"])

    assert caught.value.field == "options"
    assert caught.value.nearest[0] == "ha-filler"


def test_the_json_document_follows_the_contract(tiny_kb: KnowledgeBase) -> None:
    document = compare(tiny_kb, ["botulinum-toxin", "ha-filler"]).to_json()

    assert document["schema"] == "toxfill.comparison/1"
    assert [o["option"] for o in document["options"]] == ["botulinum-toxin", "ha-filler"]
    first = document["rows"][0]
    assert set(first) >= {"attribute", "same", "values", "sources"}
    assert isinstance(first["same"], bool)
    assert document["disclaimer"]


def test_markdown_shows_the_table_marks_and_numbered_sources(tiny_kb: KnowledgeBase) -> None:
    text = comparison_markdown(compare(tiny_kb, ["botulinum-toxin", "ha-filler"]))

    assert "| How long the effect lasts | 3–4 months [1] | 6–12 months [2] | Different |" in text
    assert "1. [A toxin label. Test Publisher, 2024.](https://example.org/toxin)" in text
    assert "licensed provider" in text


def test_html_escapes_what_the_data_says(tiny_kb: KnowledgeBase) -> None:
    option = tiny_kb.options["ha-filler"]
    hostile = option.model_copy(
        update={"label": "<script>alert(1)</script>"}, deep=True
    )  # a data file is text, never markup
    kb = KnowledgeBase(**{**tiny_kb.__dict__, "options": {**tiny_kb.options, "ha-filler": hostile}})

    page = comparison_html(compare(kb, ["botulinum-toxin", "ha-filler"]))

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# --- the summary card (real knowledge base: the figures are the cited ones) ----------------


def summary(kb: KnowledgeBase, option: str) -> dict[str, str]:
    return {item.attribute: item.text for item in summarise(kb, kb.options[option]).items}


def test_the_summary_says_toxin_lasts_3_to_4_months_and_wears_off(kb: KnowledgeBase) -> None:
    """TOX-DUR-1: about 3 to 4 months; toxin cannot be undone, it wears off."""
    card = summary(kb, "botulinum-toxin")

    assert card["lasts"] == "About 3–4 months."
    assert card["undo"] == "No. It wears off with time."
    assert card["approved-for"].endswith("Also 10 medical uses.")


def test_the_summary_says_ha_filler_can_be_dissolved(kb: KnowledgeBase) -> None:
    """FIL-VO-5: hyaluronidase dissolves HA filler."""
    assert summary(kb, "ha-filler")["undo"] == "Yes. An enzyme can dissolve it."


def test_the_summary_calls_a_risk_rare_only_where_the_source_does(kb: KnowledgeBase) -> None:
    """FIL-RISK-1 calls vessel blockage rare; TOX-BOX-1 gives no rate for spread."""
    assert summary(kb, "ha-filler")["main-risk"] == "Filler blocking a blood vessel. Rare."
    assert summary(kb, "botulinum-toxin")["main-risk"].endswith("How often is not known.")


def test_the_summary_says_so_where_no_figure_is_known(kb: KnowledgeBase) -> None:
    """FIL-CLASS-6: no reliable figure for how long fat grafting lasts, nor its cost."""
    card = summary(kb, "fat-grafting")

    assert card["lasts"].startswith("Not known.")
    assert card["cost"].startswith("Not known.")
    assert card["approved-for"] == "Nothing. It is not an approved product."


def test_every_summary_item_is_cited_except_for_no_treatment(kb: KnowledgeBase) -> None:
    comparison = compare(kb, list(kb.options))

    for option in comparison.summaries:
        for item in option.items:
            if option.option != "no-treatment" and item.text != "Not known. Ask the clinic.":
                assert item.sources, (option.option, item.attribute)
    cited = {s for o in comparison.summaries for i in o.items for s in i.sources}
    assert cited <= {s.id for s in comparison.sources}


def test_the_summary_keeps_the_contract_rows_unchanged(kb: KnowledgeBase) -> None:
    """Fields may be added, never renamed or removed (toxfill.comparison/1)."""
    document = compare(kb, ["botulinum-toxin", "ha-filler"]).to_json()

    assert {"schema", "options", "rows"} <= set(document)
    assert {"attribute", "same", "values", "sources"} <= set(document["rows"][0])
    assert document["summaries"][0]["items"][0]["label"] == "How long it lasts"
