"""The return forms. They only parse what was typed; the services validate it and their
``ValidationError``s are shown beside the field they name."""

from __future__ import annotations

from django import forms

from projectboard.web.returns.models import TEXT_FIELDS, Rag, RagReturn, Tolerance

_RAG_CHOICES = [("", "Not rated yet"), *Rag.choices]
_TOLERANCE_CHOICES = [("", "Not stated yet"), *Tolerance.choices]


def _rag_field(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=_RAG_CHOICES, required=False)


def _text_field(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=help_text,
    )


class ReturnForm(forms.Form):
    overall = _rag_field("Overall RAG")
    time = _rag_field("Time RAG")
    cost = _rag_field("Cost RAG")
    scope = _rag_field("Scope RAG")
    quality = _rag_field("Quality RAG")
    risk = _rag_field("Risk RAG")
    tolerance = forms.ChoiceField(
        label="Tolerance status", choices=_TOLERANCE_CHOICES, required=False
    )
    achievements = _text_field("Achievements this period")
    next_period = _text_field("Planned for next period")
    issues = _text_field("Issues")
    new_risks = _text_field(
        "New risks", "One risk per line; each is proposed to the project's risk register."
    )
    help_needed = _text_field("Help needed from the board")
    # 0: the return does not exist yet.
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    @classmethod
    def for_return(cls, ret: RagReturn | None) -> ReturnForm:
        if ret is None:
            return cls(initial={"version": 0})
        initial: dict[str, object] = {name: getattr(ret, name) for name in cls.base_fields}
        initial["version"] = ret.version
        return cls(initial=initial)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        for name in TEXT_FIELDS:
            if isinstance(data.get(name), str):
                data[name] = data[name].replace("\r\n", "\n").strip()
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("accept", "Accept"), ("rework", "Return for rework")],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Comment to the work package",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when you return it for rework: say what needs changing.",
    )


class GenerateForm(forms.Form):
    until = forms.DateField(
        label="Generate periods up to",
        required=False,
        input_formats=["%Y-%m-%d"],
        help_text="YYYY-MM-DD; leave blank for the day the schedule finishes.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
