"""The forms of the progress, baseline, variance and "what moved" pages. They only parse
what was typed; the progress services check it with the engine's rules."""

from __future__ import annotations

from django import forms

from projectboard.engine.baselines import BASELINE_NUMBERS, baseline_name
from projectboard.web.projects.models import Baseline, Project, Task
from projectboard.web.projects.progress_rules import Entry

DATE_HELP = "As 2008-03-10, or 2008-03-10 13:00 for a time of day."


class ProgressRowForm(forms.Form):
    """One task's row of the bulk form; its prefix (``task-6``) names the task."""

    actual_start = forms.CharField(label="Actual start", max_length=20, required=False)
    actual_finish = forms.CharField(label="Actual finish", max_length=20, required=False)
    percent_complete = forms.IntegerField(
        label="% complete",
        required=False,
        error_messages={"invalid": "Enter a whole number from 0 to 100."},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
    )
    remaining = forms.CharField(label="Remaining", max_length=40, required=False)
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    @classmethod
    def for_task(cls, task: Task, entry: Entry) -> ProgressRowForm:
        return cls(
            prefix=f"task-{task.number}",
            initial={
                "actual_start": entry.actual_start,
                "actual_finish": entry.actual_finish,
                "percent_complete": entry.percent_complete,
                "remaining": entry.remaining,
                "version": task.version,
            },
        )

    def entry(self) -> Entry:
        data = self.cleaned_data
        return Entry(
            data["actual_start"].strip(),
            data["actual_finish"].strip(),
            data["percent_complete"] or 0,
            data["remaining"].strip(),
        )


class PeriodForm(forms.Form):
    """Which tasks the bulk form lists: those scheduled to start by ``until``."""

    until = forms.DateField(
        label="Tasks starting by",
        required=False,
        input_formats=["%Y-%m-%d"],
        help_text="YYYY-MM-DD; blank for every task. The status date is the default.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a real date as YYYY-MM-DD, such as 2008-04-18."},
    )


class StatusDateForm(forms.Form):
    status_date = forms.CharField(
        label="Status date",
        max_length=20,
        required=False,
        help_text="The date progress is reported to: 2008-03-14 (at the end of the day) or "
        "2008-03-14 12:00; blank for none.",
    )


BASELINE_CHOICES = [(str(n), baseline_name(n)) for n in BASELINE_NUMBERS]


class BaselineSaveForm(forms.Form):
    number = forms.TypedChoiceField(
        label="Save as", choices=BASELINE_CHOICES, coerce=int, initial="0"
    )
    replace = forms.BooleanField(required=False, widget=forms.HiddenInput)


def saved_choices(project: Project) -> list[tuple[str, str]]:
    return [
        (str(b.number), baseline_name(b.number))
        for b in Baseline.objects.filter(project=project).order_by("number")
    ]


class VarianceForm(forms.Form):
    baseline = forms.TypedChoiceField(label="Compare with", coerce=int, required=False)

    def __init__(self, *args: object, project: Project, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["baseline"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = saved_choices(project)


class MovedForm(forms.Form):
    old = forms.TypedChoiceField(label="From", coerce=int, required=False)
    new = forms.ChoiceField(label="To", required=False)

    def __init__(self, *args: object, project: Project, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        saved = saved_choices(project)
        old, new = self.fields["old"], self.fields["new"]
        assert isinstance(old, forms.TypedChoiceField) and isinstance(new, forms.ChoiceField)
        old.choices = saved
        new.choices = [("now", "The schedule now"), *saved]
