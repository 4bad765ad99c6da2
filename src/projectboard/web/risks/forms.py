"""The forms of the RAID pages. They parse what was typed; the services validate it, and
their ``ValidationError``s are added to the form beside the field they name."""

from __future__ import annotations

from typing import Any

from django import forms

from projectboard.web.projects.models import Person, Project, Task, WorkPackage
from projectboard.web.risks import scoring
from projectboard.web.risks.csv_import import COLUMNS, MAX_CSV_BYTES
from projectboard.web.risks.models import (
    ActionStatus,
    Category,
    ConsultationKind,
    ConsultationState,
    IssueStatus,
    IssueType,
    Kind,
    LessonCategory,
    Priority,
    Proximity,
    Response,
    Risk,
    RiskStatus,
    Severity,
)
from projectboard.web.risks.services import RiskDraft

SCORE_CHOICES = [(n, f"{n} – {word}") for n, word in scoring.SCALE_WORDS.items()]
BLANK = [("", "Not decided")]


def _people(project: Project) -> Any:
    return Person.objects.filter(memberships__project=project).distinct().order_by("name", "id")


def _date(label: str, *, required: bool = False, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _text(label: str, rows: int = 3, **kw: Any) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}), **kw
    )


class ProjectForm(forms.Form):
    """A form whose person, work package and task fields offer only the project's."""

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.project = project
        for f in self.fields.values():
            if isinstance(f, forms.ModelChoiceField) and f.queryset is not None:
                model = f.queryset.model
                if model is Person:
                    f.queryset = _people(project)
                elif model is WorkPackage:
                    f.queryset = WorkPackage.objects.filter(project=project)
                elif model is Task:
                    f.queryset = Task.objects.filter(project=project)


class RiskForm(ProjectForm):
    title = forms.CharField(label="Title", max_length=200, required=False)
    kind = forms.ChoiceField(label="Threat or opportunity", choices=Kind.choices)
    category = forms.ChoiceField(label="Category", choices=[("", "Choose"), *Category.choices])
    cause = _text("Cause", help_text="Because of ...")
    event = _text("Event", help_text="... this may happen ...")
    effect = _text("Effect", help_text="... which would lead to ...")
    owner = forms.ModelChoiceField(label="Owner", queryset=Person.objects.none(), required=False)
    actionee = forms.ModelChoiceField(
        label="Actionee", queryset=Person.objects.none(), required=False
    )
    inherent_probability = forms.TypedChoiceField(
        label="Probability before response", choices=SCORE_CHOICES, coerce=int
    )
    inherent_impact = forms.TypedChoiceField(
        label="Impact before response", choices=SCORE_CHOICES, coerce=int
    )
    residual_probability = forms.TypedChoiceField(
        label="Probability after response", choices=SCORE_CHOICES, coerce=int
    )
    residual_impact = forms.TypedChoiceField(
        label="Impact after response", choices=SCORE_CHOICES, coerce=int
    )
    proximity = forms.ChoiceField(
        label="Proximity", choices=BLANK + Proximity.choices, required=False
    )
    response = forms.ChoiceField(
        label="Response",
        choices=BLANK + Response.choices,
        required=False,
        help_text=(
            "Threats: avoid, reduce, fallback, transfer, accept, share. "
            "Opportunities: exploit, enhance, reject, share."
        ),
    )
    response_actions = _text("Response actions", rows=4)
    status = forms.ChoiceField(label="Status", choices=RiskStatus.choices)
    review_date = _date("Review date")
    work_packages = forms.ModelMultipleChoiceField(
        label="Work packages", queryset=WorkPackage.objects.none(), required=False
    )
    tasks = forms.ModelMultipleChoiceField(
        label="Tasks", queryset=Task.objects.none(), required=False
    )
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput, required=False)

    @classmethod
    def initial_of(cls, draft: RiskDraft, version: int | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            name: getattr(draft, name)
            for name in cls.base_fields
            if name not in ("version", "work_packages", "tasks")
        }
        data["residual_probability"] = draft.residual_probability or draft.inherent_probability
        data["residual_impact"] = draft.residual_impact or draft.inherent_impact
        data["work_packages"] = list(draft.work_packages)
        data["tasks"] = list(draft.tasks)
        data["version"] = version
        return data

    def draft(self) -> RiskDraft:
        d = self.cleaned_data
        return RiskDraft(
            title=d["title"],
            kind=d["kind"],
            category=d["category"],
            cause=d["cause"],
            event=d["event"],
            effect=d["effect"],
            owner=d["owner"],
            actionee=d["actionee"],
            inherent_probability=d["inherent_probability"],
            inherent_impact=d["inherent_impact"],
            residual_probability=d["residual_probability"],
            residual_impact=d["residual_impact"],
            proximity=d["proximity"],
            response=d["response"],
            response_actions=d["response_actions"],
            status=d["status"],
            review_date=d["review_date"],
            work_packages=tuple(d["work_packages"]),
            tasks=tuple(d["tasks"]),
        )


def risk_draft_of(risk: Risk) -> RiskDraft:
    return RiskDraft(
        title=risk.title,
        kind=risk.kind,
        category=risk.category,
        cause=risk.cause,
        event=risk.event,
        effect=risk.effect,
        owner=risk.owner,
        actionee=risk.actionee,
        inherent_probability=risk.inherent_probability,
        inherent_impact=risk.inherent_impact,
        residual_probability=risk.residual_probability,
        residual_impact=risk.residual_impact,
        proximity=risk.proximity,
        response=risk.response,
        response_actions=risk.response_actions,
        status=risk.status,
        review_date=risk.review_date,
        work_packages=tuple(risk.work_packages.all()),
        tasks=tuple(risk.tasks.all()),
    )


class ProposalForm(ProjectForm):
    title = forms.CharField(label="Title", max_length=200, required=False)
    description = _text("What might happen, and why", rows=4)
    work_package = forms.ModelChoiceField(
        label="Work package", queryset=WorkPackage.objects.none(), required=False
    )
    source = forms.CharField(
        label="Where it came from",
        max_length=200,
        required=False,
        help_text="Such as 'Launch workshop' or 'RAG return WP-FIN 18/04/2008'.",
    )


class DeclineForm(forms.Form):
    reason = _text("Why it is declined", rows=4)


class RiskCsvForm(forms.Form):
    file = forms.FileField(
        label="Risks (CSV)",
        help_text=(
            f"UTF-8 CSV with a header row; at most {MAX_CSV_BYTES // 1024} KiB. Columns: "
            f"{', '.join(COLUMNS)}. You will see the risks before anything is saved."
        ),
    )


class ConfirmForm(forms.Form):
    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)


class IssueRaiseForm(ProjectForm):
    title = forms.CharField(label="Title", max_length=200, required=False)
    description = _text("Description", rows=4)
    type = forms.ChoiceField(label="Type", choices=IssueType.choices)
    priority = forms.ChoiceField(label="Priority", choices=Priority.choices, initial="medium")
    severity = forms.ChoiceField(label="Severity", choices=Severity.choices, initial="pm")
    owner = forms.ModelChoiceField(label="Owner", queryset=Person.objects.none(), required=False)


class IssueEditForm(IssueRaiseForm):
    status = forms.ChoiceField(label="Status", choices=IssueStatus.choices)
    resolution = _text("Resolution", rows=4, help_text="Needed to close the issue.")
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class DecisionForm(forms.Form):
    decided_on = _date("Date decided", required=True)
    title = forms.CharField(label="Decision", max_length=200, required=False)
    detail = _text("Detail", rows=4)
    made_by = forms.CharField(label="Made by", max_length=200, initial="Project board")
    rationale = _text("Rationale", rows=3)
    source = forms.CharField(
        label="Where it is recorded",
        max_length=200,
        required=False,
        help_text="Such as 'Board minutes 02/04/2008'.",
    )


class ActionForm(ProjectForm):
    title = forms.CharField(label="Action", max_length=200, required=False)
    owner = forms.ModelChoiceField(label="Owner", queryset=Person.objects.none(), required=False)
    due = _date("Due")
    source = forms.CharField(label="Source", max_length=200, required=False)


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=ActionStatus.choices)


class AsAtForm(forms.Form):
    as_at = _date(
        "As at", help_text="Actions open and due before this date are overdue. Blank: today."
    )


class LessonForm(forms.Form):
    lesson = forms.CharField(label="Lesson", max_length=200, required=False)
    category = forms.ChoiceField(label="Category", choices=LessonCategory.choices)
    went_well = _text("What went well")
    went_badly = _text("What went badly")
    recommendation = _text("Recommendation")


class CommsItemForm(ProjectForm):
    audience = forms.CharField(label="Audience", max_length=200, required=False)
    message = _text("Message")
    channel = forms.CharField(label="Channel", max_length=200, required=False)
    frequency = forms.CharField(label="Frequency", max_length=100, required=False)
    owner = forms.ModelChoiceField(label="Owner", queryset=Person.objects.none(), required=False)
    next_date = _date("Next date")


class ConsultationForm(forms.Form):
    body = forms.CharField(
        label="Body",
        max_length=200,
        required=False,
        help_text="Such as 'Scrutiny committee (CROS)', 'Unions', 'Staff'.",
    )
    kind = forms.ChoiceField(label="Briefed or consulted", choices=ConsultationKind.choices)
    state = forms.ChoiceField(label="Held or planned", choices=ConsultationState.choices)
    on = _date("Date")
    summary = forms.CharField(
        label="Sentence for the report",
        max_length=300,
        required=False,
        help_text="As the report prints it, such as 'Staff have been briefed.'",
    )
    outcome = _text("Outcome")
