"""Markdown for a comparison: one table, numbered source marks, and the reference list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from toxfill.render.citations import Citations
from toxfill.triage.phrases import phrases_for
from toxfill.wording import usd

if TYPE_CHECKING:  # a command imports only the core module it runs, not all of them
    from toxfill.compare import Comparison
    from toxfill.decide import Decision
    from toxfill.knowledge.base import KnowledgeBase
    from toxfill.plan import CarePlan
    from toxfill.profile import OptionProfile
    from toxfill.triage import TriageResult


def comparison_markdown(comparison: Comparison) -> str:
    from toxfill.compare.words import say

    language = comparison.language
    cite = Citations(comparison.sources)
    header = [say(language, "Attribute"), *[o.label for o in comparison.options]]
    header.append(say(language, "Same?"))
    lines = [
        "# " + f" {say(language, 'vs')} ".join(o.label for o in comparison.options),
        "",
        "| " + " | ".join(_escape(h) for h in header) + " |",
        "|" + "---|" * len(header),
    ]
    for row in comparison.rows:
        cells = []
        for option in comparison.options:
            cell = row.cells[option.option]
            cells.append(_escape(cell.text) + _marks(cite, cell.sources))
        same = comparison.verdict(row)
        lines.append(f"| {_escape(row.label)} | " + " | ".join(cells) + f" | {_escape(same)} |")
    lines += _closing(cite, comparison.disclaimer, comparison.knowledge_version, language)
    return "\n".join(lines)


def _marks(cite: Citations, sources: Sequence[str]) -> str:
    """' [1][3]' after a cited statement, or nothing."""
    numbers = cite.marks(sources)
    return (" " + "".join(f"[{n}]" for n in numbers)) if numbers else ""


def _closing(cite: Citations, disclaimer: str, version: str, language: str = "en") -> list[str]:
    """The numbered source list and the disclaimer that end every Markdown document."""
    words = phrases_for(language).report_headings
    lines = ["", f"## {words['sources']}", ""]
    lines += [
        f"{n}. [{_escape(cite.reference(s))}]({s.url}) `{s.id}`"
        for n, s in enumerate(cite.sources, start=1)
    ]
    return [*lines, "", f"*{disclaimer}* ({words['version'].format(version=version)})", ""]


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def profile_markdown(profile: OptionProfile) -> str:
    cite = Citations(profile.sources)

    lines = [f"# {profile.label}", "", profile.summary, ""]
    lines += [f"**Warning:** {_escape(w)}" for w in profile.warnings]
    lines += ["", "| Attribute | Value |", "|---|---|"]
    for row in profile.rows:
        detail = row.cell.detail if row.cell.detail != row.cell.text else ""
        value = _escape(row.cell.text) + _marks(cite, row.cell.sources)
        lines.append(
            f"| {_escape(row.label)} | {value}"
            + (f"<br>{_escape(detail)}" if detail else "")
            + " |"
        )
    if profile.uses:
        lines += ["", "## Uses", "", "| Concern | Product | Ages | Status |", "|---|---|---|---|"]
        for use in profile.uses:
            status = (
                ("approved" if use.labelled else "not approved (off-label)")
                + (f", covered by “{use.covered_by}”, not named" if use.covered_by else "")
                + _marks(cite, use.sources)
            )
            lines.append(
                f"| {_escape(use.concern_label)} | {use.product or '(class)'} "
                f"| {use.ages} | {status} |"
            )
    if profile.cautions:
        lines += ["", "## Contraindications and warnings", ""]
        for caution in profile.cautions:
            lines.append(
                f"- **{_escape(caution.health_label)}** ({caution.level}): "
                f"{_escape(caution.discuss)}{_marks(cite, caution.sources)}"
            )
    lines += _closing(cite, profile.disclaimer, profile.knowledge_version)
    return "\n".join(lines)


STATUS_WORDS = {
    "recommended": "Recommended",
    "suitable": "Suitable",
    "caution": "Caution: talk it over first",
    "not-suitable": "Not suitable",
    "refer": "See a specialist",
}


def decision_markdown(decision: Decision, kb: KnowledgeBase) -> str:
    """The decision as a consultation summary to take to a provider, in its language."""
    from toxfill.render.consultation_words import say

    language = decision.language
    cite = Citations(decision.sources)
    labels = {o.option: o.label for o in decision.options}
    status = {key: say(language, words) for key, words in STATUS_WORDS.items()}

    intake = decision.intake
    concerns = ", ".join(kb.concerns[c].label for c in intake.concerns)
    health = ", ".join(kb.health_factors[h].label for h in intake.health)
    matters = ", ".join(f"{kb.preferences[p].label} {w}/3" for p, w in intake.preferences.items())
    lines = [
        say(language, "# Your treatment options: a summary for your consultation"),
        "",
        f"*{decision.disclaimer}*",
        "",
        f"## {say(language, 'Your answers')}",
        "",
        f"- {say(language, 'Age')}: {intake.age}",
        f"- {say(language, 'Concerns')}: {concerns}",
        f"- {say(language, 'Health')}: {health or say(language, 'none of the listed factors')}",
        f"- {say(language, 'What matters to you')}: "
        + (matters or say(language, "no preferences given")),
        f"- {say(language, 'Date')}: {intake.today.isoformat()}",
        "",
        f"## {say(language, 'Options for each concern, best first')}",
    ]
    for concern, rows in decision.per_concern.items():
        lines += ["", f"### {kb.concerns[concern].label}", ""]
        if not rows:
            lines.append(say(language, "No treatment option is approved for this concern."))
        for row in rows:
            when = (
                say(language, " (possible from {date})", date=row.available_from.isoformat())
                if row.available_from
                else ""
            )
            lines.append(f"- **{labels[row.option]}**: {status[row.status]}{when}")
    lines += ["", f"## {say(language, 'Why')}", ""]
    for option in decision.options:
        lines.append(f"### {option.label}: {status[option.status]}")
        lines.append("")
        lines += [f"- {_escape(r.text)}{_marks(cite, r.sources)}" for r in option.reasons]
        lines += [
            "- "
            + say(
                language,
                "Not {product}: {because}",
                product=kb.products[e.product].label,
                because=_escape(e.because),
            )
            + _marks(cite, e.sources)
            for e in option.excluded_products
        ]
        if option.concerns:  # considered for a concern: benefits and harms in equal detail
            lines += ["", say(language, "What it can do:"), ""]
            lines += [f"- {_escape(b.text)}{_marks(cite, b.sources)}" for b in option.benefits]
            lines += ["", say(language, "What can go wrong, and how rare it is:"), ""]
            lines += [
                "- "
                + say(
                    language,
                    "**Serious risk:** {label}. {text} How rare: {how_rare}",
                    label=_escape(h.label),
                    text=_escape(h.text),
                    how_rare=_escape(h.how_rare),
                )
                + _marks(cite, h.sources)
                if h.serious
                else f"- {_escape(h.label)}: {_escape(h.text)}{_marks(cite, h.sources)}"
                for h in option.harms
            ]
        lines.append("")
    if decision.preference_effects:
        lines += [f"## {say(language, 'How your preferences changed the order')}", ""]
        lines += [
            f"- **{e.label}**: {_escape(e.text)}{_marks(cite, e.sources)}"
            for e in decision.preference_effects
        ]
        lines.append("")
    if decision.combinations:
        lines += [f"## {say(language, 'Using treatments together')}", ""]
        lines += [f"- {_escape(c.text)}{_marks(cite, c.sources)}" for c in decision.combinations]
        lines.append("")
    lines += [f"## {say(language, 'Questions to ask your provider')}", ""]
    lines += [f"- {_escape(q.text)}{_marks(cite, q.sources)}" for q in decision.questions]
    lines += _closing(cite, decision.disclaimer, decision.knowledge_version, language)
    return "\n".join(lines)


def plan_markdown(plan: CarePlan, kb: KnowledgeBase) -> str:
    from toxfill.plan.words import say, treatment_for_concern

    language = plan.language
    cite = Citations(plan.sources)

    cost = plan.per_year.cost_usd
    lines = [
        say(
            language,
            "# Care plan, {start} to {end}",
            start=plan.start.isoformat(),
            end=plan.end.isoformat(),
        ),
        "",
        say(
            language,
            "About {visits} visits a year; about {cost} a year.",
            visits=f"{plan.per_year.visits:g}",
            cost=usd(cost.low, cost.high),
        ),
        "",
        say(language, "| Date | Visit | Treatments |"),
        "|---|---|---|",
    ]
    off_label = say(language, "off-label")
    for visit in plan.visits:
        treatments = "; ".join(
            f"{treatment_for_concern(kb, language, t)} ({say(language, t.purpose)}"
            + (f", {off_label})" if t.off_label else ")")
            for t in visit.treatments
        )
        purpose = say(language, visit.purpose)
        lines.append(f"| {visit.date.isoformat()} | {purpose} | {_escape(treatments)} |")
    for treatment in plan.treatments:
        lines += [
            "",
            f"## {treatment_for_concern(kb, language, treatment)}"
            + (say(language, " (off-label)") if treatment.off_label else ""),
            "",
        ]
        lines += [f"- {_escape(n.text)}{_marks(cite, n.sources)}" for n in treatment.notes]
    if plan.notes:
        lines += ["", f"## {say(language, 'Notes')}", ""]
        lines += [f"- {_escape(n.text)}{_marks(cite, n.sources)}" for n in plan.notes]
    lines += _closing(cite, plan.disclaimer, plan.knowledge_version, language)
    return "\n".join(lines)


def triage_markdown(result: TriageResult) -> str:
    cite = Citations(result.sources)
    say = phrases_for(result.language)
    words = say.report_headings

    banner = f"# {say.urgency_names[result.urgency]}: {result.headline}"
    lines = [banner, "", f"## {words['now']}", ""]
    lines += [f"- {_escape(a)}" for a in result.advice]
    if result.tell:
        lines += ["", f"## {words['tell']}", ""] + [f"- {_escape(t)}" for t in result.tell]
    if result.worse_if:
        lines += ["", f"## {words['sooner']}", ""]
        lines += [f"- {_escape(w)}" for w in result.worse_if]
    lines += ["", f"## {words['why']}", ""]
    lines += [f"- {_escape(r.text)}{_marks(cite, r.sources)}" for r in result.reasons]
    for heading, notes in result.note_sections():
        lines += ["", f"## {heading}", ""]
        lines += [f"- {_escape(n.text)}{_marks(cite, n.sources)}" for n in notes]
    lines += _closing(cite, result.disclaimer, result.knowledge_version, result.language)
    return "\n".join(lines)
