"""The edit forms. They only parse what was typed; the services validate it (with the engine)
and their ``ValidationError``s are added to the form beside the field they name."""

from __future__ import annotations

from django import forms

from projectboard.engine.model import CONSTRAINT_TYPES
from projectboard.web.projects.models import Task, WorkPackage


class TaskForm(forms.Form):
    # Not required here: the service says "Name is required.", so there is one message.
    name = forms.CharField(label="Name", max_length=255, required=False)
    duration = forms.CharField(
        label="Duration",
        max_length=40,
        required=False,
        help_text="Working time, as in 5d, 3.5h or 1w; 2ed for elapsed days; 5d? if estimated.",
    )
    predecessors = forms.CharField(
        label="Predecessors",
        max_length=500,
        required=False,
        help_text="Task IDs as in Microsoft Project, separated by commas: 2, 3SS, 5FS+2d.",
    )
    constraint = forms.CharField(
        label="Constraint",
        max_length=60,
        required=False,
        help_text=(
            "Blank for as soon as possible, or a type and a date, as in SNET 2008-04-08. "
            f"Types: {', '.join(CONSTRAINT_TYPES)}."
        ),
    )
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    @classmethod
    def for_task(cls, task: Task, *, auto_id: str = "id_%s") -> TaskForm:
        return cls(
            auto_id=auto_id,
            initial={
                "name": task.name,
                "duration": task.duration,
                "predecessors": task.predecessors,
                "constraint": task.constraint,
                "version": task.version,
            },
        )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class WorkPackageForm(forms.Form):
    objectives = forms.CharField(
        label="Objectives",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One objective per line.",
    )
    outputs = forms.CharField(
        label="Outputs",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One output per line.",
    )
    dependencies = forms.CharField(
        label="Dependencies",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What this work package needs from other work packages or from outside.",
    )
    timescale = forms.CharField(
        label="Timescale", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    external_requirements = forms.CharField(
        label="External requirements", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    @classmethod
    def for_work_package(cls, wp: WorkPackage) -> WorkPackageForm:
        return cls(
            initial={
                "objectives": "\n".join(wp.objectives),
                "outputs": "\n".join(wp.outputs),
                "dependencies": wp.dependencies,
                "timescale": wp.timescale,
                "external_requirements": wp.external_requirements,
                "version": wp.version,
            }
        )

    def clean_objectives(self) -> list[str]:
        return _lines(self.cleaned_data["objectives"])

    def clean_outputs(self) -> list[str]:
        return _lines(self.cleaned_data["outputs"])


class AsAtForm(forms.Form):
    """The "as at" date of a report page (the dashboard, the returns), from the query
    string; blank: today."""

    as_at = forms.DateField(
        label="As at",
        required=False,
        input_formats=["%Y-%m-%d"],
        help_text="The date to report the plan at, as YYYY-MM-DD; blank for today.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a real date as YYYY-MM-DD, such as 2008-04-18."},
    )
