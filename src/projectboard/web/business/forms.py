"""The forms of the business case pages. They parse what was typed (money through
``finance.money.parse_money``); the services validate, and their ``ValidationError``s are put
beside the field they name."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from projectboard.finance.appraisal import OPTIMISM_BIAS
from projectboard.finance.costs import CostKind
from projectboard.finance.errors import FinanceError
from projectboard.finance.money import parse_money
from projectboard.web.business.case import SECTIONS
from projectboard.web.business.cost_services import LineDraft
from projectboard.web.business.costs import Frame
from projectboard.web.business.models import Basis, CostLine, Scenario, Settings, Survey
from projectboard.web.projects.models import Partner, Project

MAX_UPLOAD_KIB = 1024


class MoneyField(forms.CharField):
    """An amount typed like ``£10,000.00`` or ``10000``, as a Decimal."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_money(text)
        except FinanceError as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from None


def _date(label: str, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _partners(project: Project) -> list[tuple[str, str]]:
    return [
        (p.code, f"{p.code} – {p.name}")
        for p in Partner.objects.filter(project=project).order_by("code")
    ]


class SettingsForm(forms.Form):
    first_year = forms.IntegerField(
        label="First financial year",
        min_value=1990,
        max_value=2100,
        help_text="The year it starts: 2009 for 2009/10.",
    )
    year_count = forms.IntegerField(
        label="Number of years",
        min_value=1,
        max_value=10,
        help_text="The capital profile needs 3 to 5.",
    )
    host = forms.ChoiceField(
        label="Host partner (runs the service and recharges the others)", required=False
    )
    optimism_bias_type = forms.ChoiceField(
        label="Optimism bias: project type (Green Book supplementary guidance, Table 1)",
        required=False,
        choices=[("", "None")] + [(k, k) for k in OPTIMISM_BIAS],
    )
    optimism_bias_bound = forms.ChoiceField(
        label="Optimism bias: bound", choices=Settings.Bound.choices
    )
    illustrative = forms.BooleanField(
        label="The figures are illustrative (say so on every page)", required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host"].choices = [("", "None"), *_partners(project)]  # type: ignore[attr-defined]

    @staticmethod
    def initial_of(frame: Frame) -> dict[str, object]:
        return {
            "first_year": frame.first_year,
            "year_count": frame.year_count,
            "host": frame.host or "",
            "optimism_bias_type": frame.bias_type,
            "optimism_bias_bound": frame.bias_bound,
            "illustrative": frame.illustrative,
            "version": frame.version,
        }


class CostLineForm(forms.Form):
    """Name, kind, option, one amount per partner and year, and the apportionment."""

    name = forms.CharField(label="Name", max_length=200)
    kind = forms.ChoiceField(label="Kind", choices=[(k.value, k.label) for k in CostKind])
    scenario = forms.ChoiceField(label="Option", required=False)
    basis = forms.ChoiceField(
        label="Apportionment between the partners",
        required=False,
        choices=[("", "None: as entered"), *Basis.choices],
        help_text="Re-divides each year's total. Current spend uses the current expenditure lines.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, project: Project, frame: Frame, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.project = project
        self.partners = [code for code, _ in _partners(project)]
        self.years = frame.years
        self.fields["scenario"].choices = [("", "Every option (the baseline)")] + [  # type: ignore[attr-defined]
            (s.code, f"{s.code} {s.name}") for s in Scenario.objects.filter(project=project)
        ]
        for code in self.partners:
            for year in self.years:
                self.fields[f"amount_{code}_{year.start}"] = MoneyField(
                    label=f"{code} {year} (£)", required=False
                )
        for code in self.partners:
            self.fields[f"weight_{code}"] = forms.DecimalField(
                label=f"Weight for {code} (percent for fixed shares; staff or units otherwise)",
                required=False,
                min_value=Decimal(0),
                decimal_places=4,
                max_digits=14,
            )

    def amount_fields(self) -> list[list[forms.BoundField]]:
        return [[self[f"amount_{code}_{y.start}"] for y in self.years] for code in self.partners]

    def weight_fields(self) -> list[forms.BoundField]:
        return [self[f"weight_{code}"] for code in self.partners]

    def draft(self) -> LineDraft:
        data = self.cleaned_data
        code = data.get("scenario") or ""
        scenario = (
            Scenario.objects.filter(project=self.project, code=code).first() if code else None
        )
        amounts = {
            (p, y.start): data[f"amount_{p}_{y.start}"]
            for p in self.partners
            for y in self.years
            if data.get(f"amount_{p}_{y.start}") is not None
        }
        weights = {
            p: data[f"weight_{p}"] for p in self.partners if data.get(f"weight_{p}") is not None
        }
        return LineDraft(
            data["name"], data["kind"], scenario, amounts, data.get("basis") or "", weights
        )

    @staticmethod
    def initial_of(line: CostLine) -> dict[str, object]:
        initial: dict[str, object] = {
            "name": line.name,
            "kind": line.kind,
            "scenario": line.scenario.code if line.scenario else "",
            "basis": line.basis,
            "version": line.version,
        }
        for a in line.amounts.select_related("partner"):
            initial[f"amount_{a.partner.code}_{a.year}"] = f"{a.amount:.2f}"
        for code, value in line.weights.items():
            initial[f"weight_{code}"] = value
        return initial


class FundingForm(forms.Form):
    partner = forms.ChoiceField(label="Partner")
    amount = MoneyField(label="Amount (£)")
    purpose = forms.CharField(label="Purpose", max_length=200)
    agreed_on = _date("Agreed on", required=False)

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = _partners(project)  # type: ignore[attr-defined]


class SpendForm(forms.Form):
    spent_on = _date("Date")
    partner = forms.ChoiceField(label="Charged to the contribution of")
    amount = MoneyField(label="Amount (£)")
    description = forms.CharField(label="Description", max_length=300)

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = _partners(project)  # type: ignore[attr-defined]


class UploadForm(forms.Form):
    file = forms.FileField(label="CSV file", help_text=f"UTF-8; at most {MAX_UPLOAD_KIB} KiB.")


class SurveyUploadForm(UploadForm):
    kind = forms.ChoiceField(label="Which survey", choices=Survey.Kind.choices)


class ConfirmForm(forms.Form):
    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)


class ScenarioForm(forms.Form):
    code = forms.CharField(label="Code", max_length=20, help_text="Short, such as SHARED-HOST.")
    name = forms.CharField(label="Name", max_length=200)
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    do_nothing = forms.BooleanField(
        label="This is the “do nothing” option (the benchmark)", required=False
    )


class CriterionForm(forms.Form):
    code = forms.CharField(label="Code", max_length=20)
    name = forms.CharField(label="Name", max_length=200)
    weight = forms.CharField(
        label="Weight (%)", help_text="The weights of all criteria must add up to 100."
    )


class ScoreForm(forms.Form):
    value = forms.IntegerField(label="Score (0 to 10)")
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 4}))


class NoteForm(forms.Form):
    note = forms.CharField(
        label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SectionForm(forms.Form):
    text = forms.CharField(label="Text", required=False, widget=forms.Textarea(attrs={"rows": 16}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class CommentForm(forms.Form):
    section = forms.ChoiceField(
        label="Section",
        required=False,
        choices=[("", "The whole business case"), *SECTIONS.items()],
    )
    text = forms.CharField(label="Comment", widget=forms.Textarea(attrs={"rows": 4}))


class ResponseForm(forms.Form):
    response = forms.CharField(label="Response", widget=forms.Textarea(attrs={"rows": 4}))
