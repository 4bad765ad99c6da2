"""The committee report forms. They parse what was typed; the services validate it and their
``ValidationError``s are put beside the field they name."""

from __future__ import annotations

from typing import Any

from django import forms

from projectboard.web.business.committee import TitleBlock
from projectboard.web.business.committee_content import SECTIONS
from projectboard.web.business.forms import _date, _partners
from projectboard.web.business.models import CommitteeReport
from projectboard.web.projects.models import Project

SCRUTINY = "Corporate Resources Overview and Scrutiny Committee"


class TitleBlockForm(forms.Form):
    committee = forms.CharField(
        label="Committee",
        max_length=200,
        help_text=f"Its full name, such as '{SCRUTINY}'.",
    )
    partner = forms.ChoiceField(label="Whose committee")
    meeting_date = _date("Date of the meeting")
    reference = forms.CharField(
        label="Report reference", max_length=60, required=False, help_text="Such as CORP 42/08."
    )
    report_of = forms.CharField(
        label="Report of",
        max_length=200,
        help_text="The officer the report is from, such as 'Director of Corporate Services'.",
    )
    title = forms.CharField(label="Title", max_length=300)
    contact_officer = forms.CharField(
        label="Contact officer",
        max_length=200,
        required=False,
        help_text="Name and extension, such as 'Angela Brown, ext 7001'.",
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = _partners(project)  # type: ignore[attr-defined]

    def title_block(self) -> TitleBlock:
        data = self.cleaned_data
        return TitleBlock(**{name: data[name] for name in TitleBlock.__dataclass_fields__})


class ReportEditForm(TitleBlockForm):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, project=project, **kwargs)
        for section in SECTIONS:
            self.fields[section.key] = forms.CharField(
                label=section.title,
                required=False,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 6}),
                help_text=f"{section.help} Plain text; a blank line between paragraphs.".strip(),
            )

    @classmethod
    def for_report(cls, report: CommitteeReport) -> ReportEditForm:
        return cls(
            project=report.project,
            initial={
                "committee": report.committee,
                "partner": report.partner.code,
                "meeting_date": report.meeting_date,
                "reference": report.reference,
                "report_of": report.report_of,
                "title": report.title,
                "contact_officer": report.contact_officer,
                "version": report.version,
                **{s.key: report.texts.get(s.key, "") for s in SECTIONS},
            },
        )

    def texts(self) -> dict[str, str]:
        return {s.key: self.cleaned_data[s.key] for s in SECTIONS}
