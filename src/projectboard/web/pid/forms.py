from __future__ import annotations

from django import forms

from projectboard.web.pid.models import PidSection


class PidSectionForm(forms.Form):
    body = forms.CharField(
        label="Text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text="Plain text. Leave a blank line between paragraphs.",
    )
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    @classmethod
    def for_section(cls, section: PidSection) -> PidSectionForm:
        return cls(initial={"body": section.body, "version": section.version})
