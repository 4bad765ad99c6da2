"""The business case as plain data, for the HTML view and for document generators (PDF,
Word, the committee report): ``business_case_content(project)``.

Everything is already formatted as text (money as ``£10,000.00``, years as ``2009/10``), so a
renderer only lays it out. Tables are ``Table``s: a caption, the column headings, and rows
whose first cell is the row's heading. Nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from projectboard.finance.apportion import Recharge
from projectboard.finance.costs import CapitalProfile, FinancialPlan
from projectboard.finance.money import ZERO, format_money
from projectboard.finance.years import FinancialYear
from projectboard.web.business.case import SECTIONS, section_text
from projectboard.web.business.costs import appraisals, cost_page, frame_of
from projectboard.web.business.models import Funding, ReviewComment, Scenario, SignOff, Spend
from projectboard.web.business.options import options_page
from projectboard.web.business.surveys import survey_page
from projectboard.web.projects.models import Partner, Project


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class CaseSection:
    key: str  # strategic, economic, commercial, financial, management
    title: str
    text: str  # as the project manager wrote it (plain text, paragraphs by blank lines)
    tables: tuple[Table, ...]


@dataclass(frozen=True)
class Verification:
    by: str
    on: date
    note: str


@dataclass(frozen=True)
class BusinessCaseContent:
    project: str
    partners: tuple[str, ...]  # partner names
    illustrative: bool  # the figures are examples: say so on every page
    preferred_option: str | None  # "SHARED-HOST Shared service hosted by one council"
    sections: tuple[CaseSection, ...]
    verified: tuple[Verification, ...]  # the external review's sign-offs in force
    comments_open: int  # reviewer comments without a response


def money(amount: Decimal) -> str:
    return format_money(amount)


def preferred_scenario(project: Project) -> Scenario | None:
    """The top of the options ranking; failing that, the first option that is not "do
    nothing"; failing that, None."""
    page = options_page(project)
    if page.ranking:
        return page.ranking[0][1]
    return Scenario.objects.filter(project=project, do_nothing=False).first()


def funding_table(project: Project) -> Table:
    rows = []
    funded_total = spent_total = ZERO
    for partner in Partner.objects.filter(project=project).order_by("code"):
        funded = sum(
            (f.amount for f in Funding.objects.filter(project=project, partner=partner)), ZERO
        )
        spent = sum(
            (s.amount for s in Spend.objects.filter(project=project, partner=partner)), ZERO
        )
        funded_total += funded
        spent_total += spent
        rows.append((partner.name, money(funded), money(spent), money(funded - spent)))
    rows.append(
        ("Total", money(funded_total), money(spent_total), money(funded_total - spent_total))
    )
    return Table(
        "The project's own funding and spend against it",
        ("Partner", "Funding", "Spent", "Remaining"),
        tuple(rows),
    )


def _years(years: tuple[FinancialYear, ...]) -> tuple[str, ...]:
    return tuple(str(y) for y in years)


def _strategic(project: Project) -> tuple[Table, ...]:
    page = survey_page(project)
    if page.comparison is None:
        return ()
    rows = [
        (
            c.question.capitalize() if c is page.comparison.overall else c.question,
            str(c.baseline.n),
            _stat(c.baseline.mean),
            f"{_stat(c.baseline.ci_low)} to {_stat(c.baseline.ci_high)}",
        )
        for c in (*page.comparison.scores, page.comparison.overall)
    ]
    return (
        Table(
            "User satisfaction baseline (scores 1-5, 95% confidence intervals)",
            ("Question", "Answers", "Mean", "95% CI"),
            tuple(rows),
        ),
    )


def _stat(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _economic(project: Project) -> tuple[Table, ...]:
    tables: list[Table] = []
    page = options_page(project)
    if page.ranking:
        tables.append(
            Table(
                "Options appraisal: weighted scores (0-10), highest first",
                ("Option", "Rank", "Weighted score"),
                tuple(
                    (f"{s.code} {s.name}", str(r.position), f"{float(r.score):.2f}")
                    for r, s in page.ranking
                ),
            )
        )
    frame, found = appraisals(project)
    rows = [
        (
            f"{a.scenario.code} {a.scenario.name}",
            money(a.overall.npv),
            str(a.overall.payback_year or "not within the years"),
            str(a.overall.discounted_payback_year or "not within the years"),
        )
        for a in found
        if a.overall is not None
    ]
    if rows:
        bias = f"optimism bias {frame.bias_percent}%" if frame.bias_type else "no optimism bias"
        tables.append(
            Table(
                f"Net present value at the Green Book's 3.5% ({bias})",
                ("Option", "NPV", "Payback year", "Discounted payback year"),
                tuple(rows),
            )
        )
    return tuple(tables)


def plan_table(plan: FinancialPlan, caption: str) -> Table:
    """The medium-term financial plan: lines by years, then net cost per partner and total,
    then each partner's current expenditure (the baseline)."""
    years = plan.years
    rows = [
        (f"{r.name} ({r.kind.label})", *(money(r.by_year[y]) for y in years), money(r.total))
        for r in plan.rows
    ]
    rows += [
        (
            f"Net cost: {p}",
            *(money(plan.net_by_partner[p][y]) for y in years),
            money(plan.partner_totals[p]),
        )
        for p in plan.partners
    ]
    rows.append(
        ("Net cost: total", *(money(plan.net_by_year[y]) for y in years), money(plan.net_total))
    )
    rows += [
        (
            f"Current expenditure: {p}",
            *(money(plan.baseline_by_partner[p][y]) for y in years),
            money(sum(plan.baseline_by_partner[p].values(), ZERO)),
        )
        for p in plan.partners
    ]
    return Table(caption, ("Line", *_years(years), "Total"), tuple(rows))


def capital_table(capital: CapitalProfile) -> Table:
    rows = [
        (r.name, *(money(r.by_year[y]) for y in capital.years), money(r.total))
        for r in capital.rows
    ]
    rows += [
        (
            f"Capital: {p}",
            *(money(by_year[y]) for y in capital.years),
            money(sum(by_year.values(), ZERO)),
        )
        for p, by_year in capital.by_partner.items()
    ]
    rows.append(
        (
            "Capital: total",
            *(money(capital.by_year[y]) for y in capital.years),
            money(capital.total),
        )
    )
    return Table(
        "Capital investment profile", ("Line", *_years(capital.years), "Total"), tuple(rows)
    )


def recharge_table(recharges: tuple[Recharge, ...], caption: str) -> Table:
    return Table(
        caption,
        ("Year", "Payer", "Payee", "Amount"),
        tuple((str(r.year), r.payer, r.payee, money(r.amount)) for r in recharges),
    )


def totals_table(totals: dict[str, Decimal]) -> Table:
    return Table(
        "Net cost per partner over the plan (after apportionment)",
        ("Partner", "Net cost"),
        (*((p, money(t)) for p, t in totals.items()), ("Total", money(sum(totals.values(), ZERO)))),
    )


def _commercial(project: Project, preferred: Scenario | None) -> tuple[Table, ...]:
    if preferred is None:
        return ()
    page = cost_page(project, preferred)
    if not page.recharges:
        return ()
    caption = f"Recharges between the partners ({preferred.code}, host {page.frame.host})"
    return (recharge_table(page.recharges, caption),)


def _financial(project: Project, preferred: Scenario | None) -> tuple[Table, ...]:
    tables: list[Table] = []
    if preferred is not None:
        page = cost_page(project, preferred)
        if page.plan is not None:
            caption = f"Medium-term financial plan: {preferred.code} {preferred.name}"
            tables.append(plan_table(page.plan, caption))
            tables.append(totals_table(page.totals))
        if page.capital is not None and page.capital.rows:
            tables.append(capital_table(page.capital))
    tables.append(funding_table(project))
    return tuple(tables)


def _management(project: Project) -> tuple[Table, ...]:
    rows = [
        (s.person.name, s.get_subject_display(), s.signed_on.strftime("%d/%m/%Y"), s.note)
        for s in SignOff.objects.filter(project=project, cleared_on=None).select_related("person")
    ]
    if not rows:
        return ()
    return (Table("Sign-offs in force", ("Who", "What", "Date", "Note"), tuple(rows)),)


def business_case_content(project: Project) -> BusinessCaseContent:
    """The five cases with their text and generated tables, and the review's state."""
    preferred = preferred_scenario(project)
    generated = {
        "strategic": _strategic(project),
        "economic": _economic(project),
        "commercial": _commercial(project, preferred),
        "financial": _financial(project, preferred),
        "management": _management(project),
    }
    sections = tuple(
        CaseSection(key, title, section_text(project, key)[0], generated[key])
        for key, title in SECTIONS.items()
    )
    verified = tuple(
        Verification(s.person.name, s.signed_on, s.note)
        for s in SignOff.objects.filter(
            project=project, subject=SignOff.Subject.REVIEW, cleared_on=None
        ).select_related("person")
    )
    return BusinessCaseContent(
        project=project.name,
        partners=tuple(
            Partner.objects.filter(project=project).order_by("code").values_list("name", flat=True)
        ),
        illustrative=frame_of(project).illustrative,
        preferred_option=None if preferred is None else f"{preferred.code} {preferred.name}",
        sections=sections,
        verified=verified,
        comments_open=ReviewComment.objects.filter(project=project, response="").count(),
    )
