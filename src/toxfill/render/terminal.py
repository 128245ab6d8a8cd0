"""Rich tables for the terminal."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from toxfill.render.citations import Citations, unconfirmed
from toxfill.triage.phrases import phrases_for
from toxfill.wording import number, span, usd

if TYPE_CHECKING:  # a command imports only the core module it runs, not all of them
    from toxfill.compare import Comparison
    from toxfill.decide import Decision
    from toxfill.dosing import CumulativeLimit, DoseTable, Mixing
    from toxfill.knowledge.base import KnowledgeBase
    from toxfill.knowledge.models import Source, Term
    from toxfill.plan import CarePlan
    from toxfill.profile import OptionProfile
    from toxfill.triage import AftercareGuide, TriageResult


def _with_marks(text: str, marks: Sequence[int]) -> Text:
    cell = Text(text)
    if marks:
        cell.append(" " + "".join(f"[{n}]" for n in marks), style="dim")
    return cell


def _print_sources(console: Console, sources: Sequence[Source], heading: str = "Sources") -> None:
    console.print(Text(heading, style="bold"))
    cite = Citations(sources)
    for n, source in enumerate(sources, start=1):
        console.print(Text(f"[{n}] {cite.reference(source)} {source.url}"), soft_wrap=True)


def print_comparison(console: Console, comparison: Comparison) -> None:
    from toxfill.compare.words import say

    language = comparison.language
    cite = Citations(comparison.sources)
    title = f" {say(language, 'vs')} ".join(o.label for o in comparison.options)
    table = Table(title=title, show_lines=True, expand=True)
    table.add_column(say(language, "Attribute"), style="bold", ratio=2, min_width=14)
    for option in comparison.options:
        table.add_column(option.label, ratio=3)
    table.add_column(say(language, "Same?"), ratio=1)
    for row in comparison.rows:
        verdict = Text(comparison.verdict(row), style="green" if row.same else "yellow")
        table.add_row(
            row.label,
            *[
                _with_marks(row.cells[o.option].text, cite.marks(row.cells[o.option].sources))
                for o in comparison.options
            ],
            verdict,
        )
    console.print(table)
    _print_sources(console, comparison.sources, say(language, "Sources"))
    console.print(Text(comparison.disclaimer, style="italic"), soft_wrap=True)


def print_profile(console: Console, profile: OptionProfile) -> None:
    cite = Citations(profile.sources)
    console.print(Text(profile.label, style="bold underline"))
    console.print(profile.summary, soft_wrap=True)
    for warning in profile.warnings:
        console.print(Text("WARNING: " + warning, style="bold"), soft_wrap=True)
    facts = Table(show_header=False, show_lines=True, expand=True)
    facts.add_column("Attribute", style="bold", ratio=1)
    facts.add_column("Value", ratio=3)
    for row in profile.rows:
        value = _with_marks(row.cell.text, cite.marks(row.cell.sources))
        if row.cell.detail and row.cell.detail != row.cell.text:
            value.append("\n" + row.cell.detail, style="dim")
        facts.add_row(row.label, value)
    console.print(facts)
    if profile.uses:
        uses = Table(title="Uses", expand=True)
        for column in ("Concern", "Product", "Ages", "Status"):
            uses.add_column(column)
        for use in profile.uses:
            status = "approved" if use.labelled else "NOT approved (off-label)"
            if use.covered_by:
                status += f", covered by “{use.covered_by}”, not named"
            uses.add_row(
                use.concern_label,
                use.product or "(class)",
                use.ages,
                _with_marks(status, cite.marks(use.sources)),
            )
        console.print(uses)
    if profile.cautions:
        cautions = Table(title="Contraindications and warnings", expand=True, show_lines=True)
        for column in ("If you have", "Level", "Talk over with your provider"):
            cautions.add_column(column)
        for caution in profile.cautions:
            narrowed = ", ".join([*caution.products, *caution.uses])
            level = caution.level + (f" ({narrowed} only)" if narrowed else "")
            if caution.use_kind:
                level += f" ({caution.use_kind} uses)"
            cautions.add_row(
                caution.health_label,
                level,
                _with_marks(caution.discuss, cite.marks(caution.sources)),
            )
        console.print(cautions)
    _print_sources(console, profile.sources)
    console.print(Text(profile.disclaimer, style="italic"), soft_wrap=True)


def vocabulary_tables(terms: Mapping[str, Sequence[Term]]) -> list[Table]:
    tables = []
    for kind, entries in terms.items():
        table = Table(title=f"{kind} ({len(entries)})", expand=True)
        table.add_column("ID", style="bold", no_wrap=True)
        table.add_column("Label")
        for term in entries:
            table.add_row(term.id, term.label)
        tables.append(table)
    return tables


def sources_table(sources: Iterable[Source]) -> Table:
    table = Table(title="Sources", expand=True, show_lines=True)
    table.add_column("ID", style="bold", no_wrap=True)
    table.add_column("Title and publisher")
    table.add_column("Year", no_wrap=True)
    for source in sources:
        lines = [source.title, source.publisher, source.url]
        lines += [] if source.url_confirmed else [unconfirmed(source)]
        lines += [f"read via {source.read_via}"] if source.read_via else []
        table.add_row(source.id, "\n".join(lines), source.year)
    return table


STATUS_STYLE = {
    "recommended": ("Recommended", "bold green"),
    "suitable": ("Suitable", "green"),
    "caution": ("Caution: talk it over first", "bold yellow"),
    "not-suitable": ("Not suitable", "red"),
    "refer": ("See a specialist", "bold cyan"),
}


def _status(status: str, language: str = "en") -> Text:
    from toxfill.render.consultation_words import say

    words, style = STATUS_STYLE[status]
    return Text(say(language, words), style=style)


def print_decision(console: Console, decision: Decision, kb: KnowledgeBase) -> None:
    """The decision as tables, in its language."""
    from toxfill.render.consultation_words import say

    language = decision.language
    cite = Citations(decision.sources)
    labels = {o.option: o.label for o in decision.options}
    console.print(Text(say(language, "Your treatment options"), style="bold underline"))
    console.print(Text(decision.disclaimer, style="italic"), soft_wrap=True)
    option, status_column = say(language, "Option"), say(language, "Status")
    for concern, rows in decision.per_concern.items():
        title = say(language, "For {concern}, best first", concern=kb.concerns[concern].label)
        table = Table(title=title, expand=True)
        table.add_column(option, ratio=2)
        table.add_column(status_column, ratio=2)
        table.add_column(say(language, "Match to what matters to you"), ratio=1)
        for row in rows:
            status = _status(row.status, language)
            if row.available_from:
                when = say(language, "from {date}", date=row.available_from.isoformat())
                status.append("\n" + when, style="dim")
            table.add_row(labels[row.option], status, f"{row.fit:.2f}")
        if not rows:
            table.add_row(say(language, "No option is approved for this concern"), "", "")
        console.print(table)
    reasons = Table(title=say(language, "Why"), expand=True, show_lines=True)
    reasons.add_column(option, ratio=1)
    reasons.add_column(status_column, ratio=1)
    reasons.add_column(say(language, "Reasons (sources in brackets)"), ratio=4)
    for decided in decision.options:
        lines = Text()
        for reason in decided.reasons:
            lines.append("• " + reason.text)
            lines.append(" " + "".join(f"[{n}]" for n in cite.marks(reason.sources)) + "\n", "dim")
        for excluded in decided.excluded_products:
            product = kb.products[excluded.product].label
            not_for = say(
                language, "Not {product}: {because}", product=product, because=excluded.because
            )
            lines.append(f"• {not_for}\n")
        if decided.concerns:  # considered for a concern: benefits and harms in equal detail
            lines.append(say(language, "What it can do:") + "\n", "bold")
            for benefit in decided.benefits:
                lines.append("• " + benefit.text)
                lines.append(" " + "".join(f"[{n}]" for n in cite.marks(benefit.sources)) + "\n")
            lines.append(say(language, "What can go wrong, and how rare it is:") + "\n", "bold")
            for harm in decided.harms:
                lines.append(
                    "• " + (say(language, "Serious risk: ") if harm.serious else ""), "bold"
                )
                lines.append(
                    say(
                        language,
                        "{label}. {text} How rare: {how_rare}",
                        label=harm.label,
                        text=harm.text,
                        how_rare=harm.how_rare,
                    )
                    if harm.serious
                    else f"{harm.label}: {harm.text}"
                )
                lines.append(" " + "".join(f"[{n}]" for n in cite.marks(harm.sources)) + "\n")
        reasons.add_row(decided.label, _status(decided.status, language), lines)
    console.print(reasons)
    for effect in decision.preference_effects:
        console.print(Text(f"{effect.label}: ", style="bold") + Text(effect.text), soft_wrap=True)
    together = say(language, "Together: ")
    for suggestion in decision.combinations:
        console.print(Text(together, style="bold") + Text(suggestion.text), soft_wrap=True)
    console.print(Text(say(language, "Questions to ask your provider"), style="bold"))
    for question in decision.questions:
        console.print(f"  • {question.text}", soft_wrap=True, markup=False)
    _print_sources(console, decision.sources, say(language, "Sources"))


def print_plan(console: Console, plan: CarePlan, kb: KnowledgeBase) -> None:
    from toxfill.plan.words import say, treatment_for_concern

    language = plan.language
    cite = Citations(plan.sources)

    start, end = plan.start.isoformat(), plan.end.isoformat()
    console.print(
        Text(say(language, "Care plan from {start} to {end}", start=start, end=end), style="bold")
    )
    visits = Table(title=say(language, "Visits"), expand=True)
    for column in ("Date", "Visit", "Treatments"):
        visits.add_column(say(language, column))
    for visit in plan.visits:
        visits.add_row(
            visit.date.isoformat(),
            say(language, visit.purpose),
            "\n".join(
                treatment_for_concern(kb, language, t)
                + (f" ({say(language, t.purpose)})" if t.purpose != visit.purpose else "")
                + (say(language, " (off-label)") if t.off_label else "")
                for t in visit.treatments
            ),
        )
    console.print(visits)
    cost = plan.per_year.cost_usd
    console.print(
        say(
            language,
            "Per year: about {visits} visits, {cost} (national average fees unless you gave your"
            " own prices).",
            visits=f"{plan.per_year.visits:g}",
            cost=usd(cost.low, cost.high),
        ),
        soft_wrap=True,
    )
    off_label = say(language, " (off-label: not an approved use)")
    for treatment in plan.treatments:
        console.print(
            Text(
                treatment_for_concern(kb, language, treatment)
                + (off_label if treatment.off_label else ""),
                style="bold",
            )
        )
        for note in treatment.notes:
            console.print(_with_marks("  • " + note.text, cite.marks(note.sources)), soft_wrap=True)
    for note in plan.notes:
        console.print(_with_marks("• " + note.text, cite.marks(note.sources)), soft_wrap=True)
    _print_sources(console, plan.sources, say(language, "Sources"))
    console.print(Text(plan.disclaimer, style="italic"), soft_wrap=True)


def print_mixing(console: Console, mixing: Mixing) -> None:
    cite = Citations(mixing.sources)
    console.print(Text(mixing.audience, style="bold"))
    table = Table(show_header=False, expand=True)
    table.add_column("What", style="bold")
    table.add_column("Value")
    table.add_row("Product", mixing.product_label)
    table.add_row("Vial", f"{mixing.vial_units} units")
    table.add_row("Diluent", f"{number(mixing.diluent_ml)} mL of {mixing.diluent}")
    table.add_row("Units per 0.1 mL", number(mixing.units_per_0_1_ml))
    table.add_row("Units per 0.01 mL mark (1 mL syringe)", number(mixing.units_per_syringe_mark))
    table.add_row(
        "Use within",
        f"{mixing.use_within_hours} hours" if mixing.use_within_hours else "not found in label",
    )
    table.add_row("Keep", mixing.storage)
    table.add_row("The label says", _with_marks(mixing.label, cite.marks(mixing.label_sources)))
    for limit in mixing.cumulative_limits:
        table.add_row(
            "Total across uses", _with_marks(limit_summary(limit), cite.marks(limit.sources))
        )
    console.print(table)
    for warning in mixing.warnings:
        console.print(
            _with_marks("WARNING: " + warning.text, cite.marks(warning.sources)), style="bold"
        )
    _print_sources(console, mixing.sources)


URGENCY_STYLE = {
    "emergency": "bold white on red",
    "urgent": "bold black on yellow",
    "routine": "bold",
    "self-care": "bold green",
}


def print_triage(console: Console, result: TriageResult) -> None:
    cite = Citations(result.sources)
    say = phrases_for(result.language)
    words = say.report_headings
    console.print(
        Text(f" {say.urgency_names[result.urgency]} ", style=URGENCY_STYLE[result.urgency.value])
        + Text(" " + result.headline, style="bold"),
        soft_wrap=True,
    )
    console.print(Text(words["now"], style="bold underline"))
    for item in result.advice:
        console.print(f"  • {item}", soft_wrap=True, markup=False)
    if result.tell:
        console.print(Text(words["tell"], style="bold underline"))
        for item in result.tell:
            console.print(f"  • {item}", soft_wrap=True, markup=False)
    if result.worse_if:
        console.print(Text(words["sooner"], style="bold underline"))
        for item in result.worse_if:
            console.print(f"  • {item}", soft_wrap=True, markup=False)
    console.print(Text(words["why"], style="bold underline"))
    for reason in result.reasons:
        console.print(_with_marks(f"  • {reason.text}", cite.marks(reason.sources)), soft_wrap=True)
    for heading, notes in result.note_sections():
        console.print(Text(heading, style="bold underline"))
        for note in notes:
            console.print(_with_marks(f"  • {note.text}", cite.marks(note.sources)), soft_wrap=True)
    _print_sources(console, result.sources, words["sources"])
    console.print(Text(result.disclaimer, style="italic"), soft_wrap=True)


def print_doses(console: Console, table: DoseTable) -> None:
    cite = Citations(table.sources)
    console.print(Text(table.audience, style="bold"))
    for warning in table.warnings:
        console.print(
            _with_marks("WARNING: " + warning.text, cite.marks(warning.sources)), style="bold"
        )
    grid = Table(expand=True, show_lines=True)
    for column in ("Product", "Use", "Units (label)", "Sites", "The label says"):
        grid.add_column(column)
    for dose in table.doses:
        grid.add_row(
            dose.product_label,
            dose.concern_label,
            span(dose.units_low, dose.units_high, "unit"),
            str(dose.injection_sites or "not read"),
            _with_marks(dose.text, cite.marks(dose.sources)),
        )
    console.print(grid)
    if table.cumulative_limits:
        console.print(Text("Label ceilings on the total units across uses", style="bold"))
        for limit in table.cumulative_limits:
            console.print(
                _with_marks(
                    f"  • {limit.product_label}: {limit_summary(limit)}", cite.marks(limit.sources)
                ),
                soft_wrap=True,
            )
    _print_sources(console, table.sources)


def limit_summary(limit: CumulativeLimit) -> str:
    """One line for a label ceiling: the figure first, then what the label says."""
    if limit.units is None:
        return f"no unit figure ({limit.scope}). {limit.text}"
    period = f"in {limit.within_days} days" if limit.within_days else "per treatment session"
    return f"at most {limit.units} units {period} ({limit.scope}). {limit.text}"


def print_aftercare(console: Console, guide: AftercareGuide) -> None:
    from toxfill.triage.aftercare_words import say

    language = guide.language
    cite = Citations(guide.sources)
    console.print(
        Text(say(language, "Aftercare: {label}", label=guide.label), style="bold underline")
    )
    sections = (
        ("At home, step by step", guide.steps),
        ("What is normal", guide.normal),
        ("What to avoid", guide.avoid),
        ("Watch for", guide.watch_for),
        ("Before your next treatment", guide.before_next),
    )
    for heading, notes in sections:
        if notes:
            console.print(Text(say(language, heading), style="bold"))
            for note in notes:
                console.print(
                    _with_marks(f"  • {note.text}", cite.marks(note.sources)), soft_wrap=True
                )
    console.print(Text(say(language, "When to get help"), style="bold"))
    for group in guide.help:  # each sign once, under the most urgent thing to do for it
        when = f" ({group.condition})" if group.condition else ""
        line = say(
            language, "{action}{when} if you get any of these:", action=group.action, when=when
        )
        console.print(f"  {line}", markup=False)
        for sign in (*group.signs, *group.patterns):
            console.print(f"    • {sign}", soft_wrap=True, markup=False)
    _print_sources(console, guide.sources, say(language, "Sources"))
    console.print(Text(guide.disclaimer, style="italic"), soft_wrap=True)
