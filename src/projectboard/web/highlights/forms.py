"""The highlight report forms. They only parse what was typed; the services validate it and
their ``ValidationError``s are added to the form beside the field they name."""

from __future__ import annotations

from typing import Any

from django import forms

from projectboard.web.highlights.models import HighlightReport, Rag
from projectboard.web.highlights.sections import SECTIONS

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NewReportForm(forms.Form):
    period_start = forms.DateField(
        label="Period from", input_formats=["%Y-%m-%d"], widget=DATE_INPUT
    )
    period_end = forms.DateField(
        label="Period to",
        input_formats=["%Y-%m-%d"],
        widget=DATE_INPUT,
        help_text="The last day the report covers, usually the day before the board meets.",
    )


class ReportEditForm(forms.Form):
    overall_rag = forms.ChoiceField(
        label="Overall status",
        choices=[("", "Not set"), *Rag.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    overall_comment = forms.CharField(
        label="Overall status in a word",
        max_length=200,
        required=False,
        help_text="One line, such as 'On track' or 'HR work package late'.",
    )
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for section in SECTIONS:
            self.fields[section.key] = forms.CharField(
                label=section.title,
                required=False,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 5}),
                help_text=f"{section.guidance} Plain text; a blank line between paragraphs.",
            )

    @classmethod
    def for_report(cls, report: HighlightReport) -> ReportEditForm:
        return cls(
            initial={
                "overall_rag": report.overall_rag,
                "overall_comment": report.overall_comment,
                "version": report.version,
                **{s.key: report.texts.get(s.key, "") for s in SECTIONS},
            }
        )

    def texts(self) -> dict[str, str]:
        return {s.key: self.cleaned_data[s.key] for s in SECTIONS}
