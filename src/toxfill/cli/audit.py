"""`toxfill audit verify`: each clinic's audit chain recomputed from the database, naming the
first row changed, removed or put in out of order there. Django loads only once it runs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from toxfill.cli.base import ListFormat, _print_json, app, friendly, out

if TYPE_CHECKING:
    from toxfill.web.clinic.audit_verify import ChainReport

audit_app = typer.Typer(
    help="The audit trail (change history and access log): check nobody changed it.",
    no_args_is_help=True,
)
app.add_typer(audit_app, name="audit")

CHAIN_BROKEN = 1
"""The exit status when a chain does not verify (2 stays bad input, 70 a bug)."""


@audit_app.command("verify")
@friendly
def audit_verify(
    clinic: Annotated[
        str | None,
        typer.Option(help="Only this clinic: its ID (as in its addresses) or its exact name."),
    ] = None,
    format: Annotated[ListFormat, typer.Option(help="Output format.")] = ListFormat.TABLE,
    noted: Annotated[
        list[str] | None,
        typer.Option(
            help="A head noted elsewhere, CLINIC-ID:PLACE:HASH (the hourly 'audit chain head' "
            "log line): that clinic's chain must still pass through it. Repeatable."
        ),
    ] = None,
) -> None:
    """Recompute every clinic's audit chain (the database in DATABASE_URL, else the data
    dir's SQLite) and name the first row changed, removed or put in out of order directly in
    the database; exit status 1 when a chain is broken. Safe while the site runs. Keep the
    heads it prints somewhere else (the server logs them hourly): a chain rewritten from some
    row on to its end would verify, but not through a head noted before (--noted)."""
    from toxfill.web.clinic.console import verify_audit_chains

    reports = verify_audit_chains(clinic, noted or [])
    if format is ListFormat.JSON:
        _print_json({"clinics": [_document(report) for report in reports]})
    else:
        for report in reports:
            out.print(_line(report), soft_wrap=True)
        broken = sum(1 for r in reports if not r.intact)
        rows = sum(r.rows for r in reports)
        summary = f"{len(reports)} clinic(s), {rows:,} rows checked: " + (
            f"{broken} chain(s) broken" if broken else "every chain intact"
        )
        out.print(summary)
    if any(not r.intact for r in reports):
        raise typer.Exit(CHAIN_BROKEN)


def _line(report: ChainReport) -> str:
    who = f"{report.clinic.name} ({report.clinic.public_id})"
    if report.broken is None:
        return (
            f"OK      {who}: {report.rows:,} rows checked; "
            f"head {report.head_seq} {report.head_hash}"
        )
    return (
        f"BROKEN  {who}: {report.broken.problem} at place {report.broken.seq}: "
        f"{report.broken.detail} ({report.rows:,} rows verified before it)"
    )


def _document(report: ChainReport) -> dict[str, object]:
    broken = report.broken
    return {
        "clinic": str(report.clinic.public_id),
        "name": report.clinic.name,
        "rows_checked": report.rows,
        "head": {"seq": report.head_seq, "hash": report.head_hash},
        "intact": broken is None,
        "broken": None
        if broken is None
        else {
            "seq": broken.seq,
            "problem": broken.problem,
            "detail": broken.detail,
            "table": broken.row.table if broken.row else None,
            "id": broken.row.id if broken.row else None,
        },
    }
