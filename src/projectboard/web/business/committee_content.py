"""What a committee report holds besides the project manager's text: its sections (the
councils' standard form, as in the seed's report to the scrutiny committee) and what is
captured from the project when a report is drafted or refreshed:

- the consultation log: its held entries print as "Consultation to date", its planned ones
  as "Consultation proposed", each as the sentence the log gives, in the log's order (date,
  undated last, then the order they were recorded);
- the financial implications: the preferred option's net cost per partner over the cost
  model's years, and the project's own funding and spend per partner;
- the risk implications: the five open risks with the highest residual score.

Captured data is plain JSON (strings only), so a final report reads as it did when it was
finalised, whatever happens to the log, the cost model or the register later. Nothing here
writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from projectboard.finance.money import ZERO, format_money
from projectboard.web.business.costs import cost_page
from projectboard.web.business.models import Funding, Spend
from projectboard.web.business.queries import preferred_scenario
from projectboard.web.projects.models import Partner, Project
from projectboard.web.risks.models import RiskStatus
from projectboard.web.risks.queries import consultations, top_risks


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    help: str = ""


SUMMARY = Section("summary", "Summary", "A paragraph or two: what the report is about.")
BACKGROUND = Section(
    "background",
    "Background information and options",
    "Numbered paragraphs: leave a blank line between paragraphs.",
)
CONSULTATION = Section(
    "consultation",
    "Consultation",
    "Printed before the consultation to date and proposed, which come from the consultation log.",
)
RECOMMENDATIONS = Section(
    "recommendations",
    "Recommendations",
    "One recommendation per paragraph (blank line between): they are numbered.",
)
IMPLICATIONS = (
    Section("staffing", "Staffing/Resources"),
    Section("financial", "Financial", "Pre-filled from the cost model and project funding."),
    Section("legal", "Legal"),
    Section("risk", "Risk Management", "Pre-filled from the risk register's top risks."),
    Section("equality", "Equality Issues"),
    Section("environmental", "Environmental"),
    Section("crime_disorder", "Crime and Disorder"),
)
BACKGROUND_PAPERS = Section(
    "background_papers", "Background papers", "One paper per line, or 'None'."
)
# In the order of the edit form and of the printed report.
SECTIONS: tuple[Section, ...] = (
    SUMMARY,
    BACKGROUND,
    CONSULTATION,
    RECOMMENDATIONS,
    *IMPLICATIONS,
    BACKGROUND_PAPERS,
)
SECTION_KEYS = tuple(s.key for s in SECTIONS)


@dataclass(frozen=True)
class CapturedTable:
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "caption": self.caption,
            "columns": list(self.columns),
            "rows": [list(r) for r in self.rows],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CapturedTable:
        return cls(
            str(data["caption"]),
            tuple(str(c) for c in data["columns"]),
            tuple(tuple(str(c) for c in row) for row in data["rows"]),
        )


def consultation_entries(project: Project) -> tuple[list[str], list[str]]:
    """The log's held and planned sentences, in the order the consultation page prints."""
    held, planned = consultations(project)
    return [c.summary for c in held], [c.summary for c in planned]


def _money(amount: Decimal) -> str:
    return format_money(amount)


NO_FIGURE = "\u2013"  # an en dash: the figure cannot be given


def _cells(values: tuple[Decimal, ...] | list[Decimal], broken: str) -> tuple[str, ...]:
    """A row's money: net cost, funding, spent, remaining; the net cost is a dash when the
    cost model does not compute."""
    net, *rest = values
    return (NO_FIGURE if broken else _money(net), *(_money(v) for v in rest))


@dataclass(frozen=True)
class Financial:
    table: CapturedTable
    text: str  # the pre-filled implication


def financial(project: Project) -> Financial:
    """Per partner: the preferred option's net cost over the model's years, the project
    funding, what has been spent from it and what remains; with a total row."""
    preferred = preferred_scenario(project)
    page = cost_page(project, preferred) if preferred is not None else None
    totals = page.totals if page is not None else {}
    # The model does not compute (shares not totalling 100%...): no net cost, not a zero.
    broken = page.error if page is not None else ""
    partners = list(Partner.objects.filter(project=project).order_by("code"))
    years = ""
    if page is not None and page.frame.years:
        years = f"{page.frame.years[0]} to {page.frame.years[-1]}"
    rows: list[tuple[str, ...]] = []
    sums = [ZERO, ZERO, ZERO, ZERO]
    for partner in partners:
        net = totals.get(partner.code, ZERO)
        funded = sum(
            (f.amount for f in Funding.objects.filter(project=project, partner=partner)), ZERO
        )
        spent = sum(
            (s.amount for s in Spend.objects.filter(project=project, partner=partner)), ZERO
        )
        values = (net, funded, spent, funded - spent)
        sums = [a + b for a, b in zip(sums, values, strict=True)]
        rows.append((partner.name, *_cells(values, broken)))
    rows.append(("Total", *_cells(sums, broken)))
    option = "no preferred option yet" if preferred is None else f"{preferred.code}"
    # Negative: a saving.
    net_heading = f"Net cost {years} ({option})" if years else f"Net cost ({option})"
    table = CapturedTable(
        "Financial implications per council",
        ("Council", net_heading, "Project funding", "Spent", "Remaining"),
        tuple(rows),
    )
    illustrative = page is not None and page.frame.illustrative
    lines = []
    if illustrative:
        lines.append("The figures are illustrative.")
    if preferred is None:
        lines.append("No option has been appraised yet: the business case will give the costs.")
    elif broken:
        lines.append(
            f"The preferred option, {preferred.code} {preferred.name}, has no net cost to "
            f"report: its cost model does not compute ({broken})."
        )
    else:
        nets = [totals.get(p.code, ZERO) for p in partners]
        saving = all(n <= 0 for n in nets) and sums[0] < 0
        shown = [-n if saving else n for n in nets]
        shares = "; ".join(f"{p.name} {_money(n)}" for p, n in zip(partners, shown, strict=True))
        what = "net saving" if saving else "net cost"
        lines.append(
            f"The preferred option, {preferred.code} {preferred.name}, gives a {what} over "
            f"{years or 'the plan'} of {_money(-sums[0] if saving else sums[0])} ({shares}), "
            "after apportionment between the councils."
        )
    funding = "; ".join(f"{r[0]} {r[2]}" for r in rows[:-1])
    lines.append(
        f"Project funding for external assistance: {rows[-1][2]} ({funding}); "
        f"{rows[-1][3]} spent, {rows[-1][4]} remaining."
    )
    return Financial(table, " ".join(lines))


@dataclass(frozen=True)
class Risks:
    table: CapturedTable
    text: str


def risks(project: Project) -> Risks:
    top = top_risks(project)
    table = CapturedTable(
        "Top risks (highest score after response)",
        ("Risk", "Title", "Score", "RAG", "Owner"),
        tuple(
            (
                r.ref,
                r.title,
                str(r.residual_score),
                str(r.residual_rag),
                r.owner.name if r.owner else "",
            )
            for r in top
        ),
    )
    open_count = project.risks.filter(status=RiskStatus.OPEN).count()
    if not open_count:
        text = "A risk register is maintained as part of the project; it has no open risks."
    else:
        text = (
            f"A risk register is maintained as part of the project: {open_count} open "
            f"risk{'s' if open_count != 1 else ''}. The highest are listed below."
        )
    return Risks(table, text)


def capture(project: Project) -> tuple[dict[str, Any], dict[str, str]]:
    """What a draft takes from the project now (JSON), and the texts it pre-fills."""
    held, planned = consultation_entries(project)
    money = financial(project)
    top = risks(project)
    captured = {
        "held": held,
        "planned": planned,
        "financial": money.table.to_json(),
        "risks": top.table.to_json(),
    }
    return captured, {"financial": money.text, "risk": top.text}
