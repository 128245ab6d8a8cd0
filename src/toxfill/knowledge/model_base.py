"""The knowledge base's building blocks: its ID shapes, the frozen model every shape is, and
the source every fact cites."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

KebabId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
SourceId = Annotated[str, StringConstraints(pattern=r"^S-[A-Z0-9]+(-[A-Z0-9]+)*$")]
FactId = Annotated[str, StringConstraints(pattern=r"^[A-Z]+(-[A-Z0-9]+)+$")]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Source(Model):
    """A document a fact was read in.

    `url` is the primary document at its own publisher: the FDA label, the PMA or BLA record,
    the article by DOI or PubMed ID, the maker's or society's own page. `read_via` is the copy
    the text was actually read in when that was not the primary (a clinic page, a document
    site, a drug-information aggregator). When `url_confirmed` is false nobody has seen the
    primary document at `url`, so the source must carry an identifier to be found by.

    `no_primary_copy` says, in one sentence a reader can see, why the main link is not a
    primary document that was read there: a consumer article or a clinic's page cited for its
    own words, or a primary that was only ever read in a copy. Whether a link is primary depends
    on its publisher, so the knowledge base's source checks decide it and require the reason on
    every other source.
    """

    id: SourceId
    title: Text
    publisher: Text
    url: Text
    year: Annotated[str, StringConstraints(pattern=r"^(\d{4}([-–/]\d{2,4})?|n\.d\.|current)")]
    note: str = ""
    read_via: str = ""
    url_confirmed: bool = True
    # FDA application: "BLA 103000", "NDA 020000", "PMA P020012" or a supplement "PMA P110033/S053"
    application: Annotated[
        str, StringConstraints(pattern=r"^((BLA|NDA) \d{6}|PMA P\d{6}(/S\d{3})?|510\(k\) K\d{6})?$")
    ] = ""
    decision_date: Annotated[str, StringConstraints(pattern=r"^(\d{4}-\d{2}-\d{2})?$")] = ""
    setid: Annotated[
        str, StringConstraints(pattern=r"^([0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12})?$")
    ] = ""
    doi: Annotated[str, StringConstraints(pattern=r"^(10\.\d{4,9}/\S+)?$")] = ""
    pmid: Annotated[str, StringConstraints(pattern=r"^(\d{1,9})?$")] = ""
    # how to find a document that has none of the identifiers above, e.g. a journal page range
    reference: str = ""
    no_primary_copy: str = ""

    @model_validator(mode="after")
    def _cited_findably(self) -> Source:
        if self.read_via and self.read_via.strip() == self.url.strip():
            raise ValueError("read_via repeats url: leave it empty when the primary was read")
        if not self.url_confirmed and not self.identifiers:
            raise ValueError(
                "a source whose link is unconfirmed needs an identifier "
                "(application, setid, doi, pmid or reference)"
            )
        if self.decision_date and not self.application:
            raise ValueError("decision_date belongs to an FDA application: set application")
        return self

    @property
    def identifiers(self) -> str:
        """The document's identifiers in citation form, e.g. "BLA 103000; PMID 12859378"."""
        parts = [
            self.application + (f" (decision {self.decision_date})" if self.decision_date else ""),
            f"DailyMed setid {self.setid}" if self.setid else "",
            f"doi:{self.doi}" if self.doi else "",
            f"PMID {self.pmid}" if self.pmid else "",
            self.reference,
        ]
        return "; ".join(p for p in parts if p)


class Cited(Model):
    """A statement and the sources it was read in; `facts` are fact-sheet IDs (e.g. TOX-DUR-1)."""

    text: Text
    sources: tuple[SourceId, ...] = Field(min_length=1)
    facts: tuple[FactId, ...] = ()
