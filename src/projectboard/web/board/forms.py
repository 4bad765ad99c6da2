"""The board pages' forms. They parse and check shapes; the services check the rules."""

from __future__ import annotations

from datetime import time
from typing import Any

from django import forms
from django.db.models import QuerySet

from projectboard.web.board.models import (
    AttendanceStatus,
    ExceptionReport,
    Meeting,
    MeetingStatus,
    Outcome,
    ReportStatus,
)
from projectboard.web.board.series import ORDINALS, WEEKDAYS, MonthlyRule
from projectboard.web.board.services import CONDITION_MAX, LONDON, board_people
from projectboard.web.highlights.models import HighlightReport, Status
from projectboard.web.projects.models import Partner, Person, Project

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
TIME = {"widget": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}


def members(project: Project) -> QuerySet[Person]:
    return Person.objects.filter(memberships__project=project).distinct().order_by("name", "id")


class PersonChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        partner = f", {obj.partner.short_name or obj.partner.name}" if obj.partner else ""
        return f"{obj.name}{partner}"


class PeopleChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class ReportChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Offers the project's published reports, newest first, but reads any of the project's
    report ids, so that a draft gets the service's message (publish it first). Another
    project's id is not a choice, as a missing one is not: the answer does not tell them
    apart."""

    def __init__(self, project: Project, **kwargs: Any) -> None:
        self.project = project
        super().__init__(
            queryset=HighlightReport.objects.filter(
                project=project, status=Status.PUBLISHED
            ).order_by("-period_end", "-period_start", "-issue", "-id"),
            **kwargs,
        )

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.period_label}, issue {obj.issue}"

    def to_python(self, value: Any) -> HighlightReport | None:
        if value in self.empty_values:
            return None
        try:
            return HighlightReport.objects.get(project=self.project, pk=int(value))
        except (TypeError, ValueError, HighlightReport.DoesNotExist):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


class SeriesForm(forms.Form):
    """The series generator: when, how many, and each partner's chair and venue."""

    rule_kind = forms.ChoiceField(
        label="Meets on",
        choices=[("weekday", "A weekday of the month"), ("day", "A fixed day of the month")],
        widget=forms.RadioSelect,
        initial="weekday",
    )
    ordinal = forms.TypedChoiceField(
        label="Which weekday of the month",
        choices=[(n, word.capitalize()) for n, word in ORDINALS.items()],
        coerce=int,
        initial=1,
    )
    weekday = forms.TypedChoiceField(
        label="Weekday",
        choices=list(enumerate(WEEKDAYS[:5])),
        coerce=int,
        initial=1,
    )
    day = forms.IntegerField(
        label="Day of the month",
        min_value=1,
        max_value=28,
        required=False,
        help_text="1 to 28, for a fixed day; a Saturday or Sunday moves to the Monday after.",
    )
    start = forms.DateField(label="First meeting on or after", **DATE)  # type: ignore[arg-type]
    count = forms.IntegerField(label="Number of meetings", min_value=1, max_value=24, initial=6)
    at = forms.TimeField(label="Time (UK time)", initial=time(10, 0), **TIME)  # type: ignore[arg-type]
    duration_minutes = forms.IntegerField(
        label="Length in minutes", min_value=15, max_value=480, initial=120
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partners = list(project.partners.order_by("code"))
        board = board_people(project)
        self.fields["first"] = forms.ModelChoiceField(
            label="Chairs and hosts the first meeting",
            queryset=project.partners.order_by("code"),
            empty_label=None,
            widget=forms.RadioSelect,
        )
        for partner in self.partners:
            self.fields[f"chair_{partner.pk}"] = PersonChoice(
                label=f"Chair from {partner.name}",
                queryset=Person.objects.filter(
                    pk__in=[p.pk for p in board if p.partner_id == partner.pk]
                ),
                required=False,
                empty_label="Not in the rotation",
                help_text="Usually the partner's director on the board.",
            )
            self.fields[f"venue_{partner.pk}"] = forms.CharField(
                label=f"Venue at {partner.name}", max_length=200, required=False
            )

    def rule(self) -> MonthlyRule:
        data = self.cleaned_data
        if data["rule_kind"] == "day":
            return MonthlyRule("day", data["day"])
        return MonthlyRule("weekday", data["ordinal"], data["weekday"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("rule_kind") == "day" and data.get("day") is None:
            self.add_error("day", "Give the day of the month.")
        return data

    def rotation(self) -> list[tuple[Partner, Person, str]]:
        """The partners taking part, starting from the one chosen to go first."""
        seats = [
            (p, self.cleaned_data[f"chair_{p.pk}"], self.cleaned_data[f"venue_{p.pk}"])
            for p in self.partners
            if self.cleaned_data.get(f"chair_{p.pk}") is not None
        ]
        first = self.cleaned_data["first"]
        start = next((i for i, s in enumerate(seats) if s[0].pk == first.pk), 0)
        return seats[start:] + seats[:start]


class MeetingForm(forms.Form):
    date = forms.DateField(label="Date", **DATE)  # type: ignore[arg-type]
    at = forms.TimeField(label="Time (UK time)", **TIME)  # type: ignore[arg-type]
    duration_minutes = forms.IntegerField(label="Length in minutes", min_value=15, max_value=480)
    venue = forms.CharField(label="Venue", max_length=200, required=False)
    status = forms.ChoiceField(
        label="Status",
        choices=[(MeetingStatus.PLANNED, "Planned"), (MeetingStatus.HELD, "Held")],
        help_text="Close the meeting from its page once the decision is recorded.",
    )
    agenda = forms.CharField(
        label="Agenda",
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text="One item per line, in order.",
    )
    minutes = forms.CharField(
        label="Minutes", widget=forms.Textarea(attrs={"rows": 10}), required=False
    )
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.board = board_people(project)
        everyone = members(project)
        self.fields["chair"] = PersonChoice(
            label="Chair",
            queryset=Person.objects.filter(pk__in=[p.pk for p in self.board]).order_by("name"),
            required=False,
        )
        self.fields["highlight_report"] = ReportChoice(
            project,
            label="Highlight report",
            required=False,
            empty_label="None",
            help_text="The project's published highlight reports, newest first.",
        )
        for person in self.board:
            self.fields[f"attendance_{person.pk}"] = forms.ChoiceField(
                label=f"Attendance: {person.name}",
                choices=[("", "Not recorded"), *AttendanceStatus.choices],
                required=False,
            )
        self.fields["others_attending"] = PeopleChoice(
            label="Others attending",
            queryset=everyone.exclude(pk__in=[p.pk for p in self.board]),
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )
        self.fields["circulation"] = PeopleChoice(
            label="Circulation list for the minutes",
            queryset=everyone,
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )
        self.order_fields(
            [
                "date",
                "at",
                "duration_minutes",
                "venue",
                "chair",
                "status",
                "highlight_report",
                "agenda",
                *(f"attendance_{p.pk}" for p in self.board),
                "others_attending",
                "minutes",
                "circulation",
            ]
        )

    @classmethod
    def for_meeting(cls, meeting: Meeting) -> MeetingForm:
        local = meeting.starts_at.astimezone(LONDON)
        initial: dict[str, Any] = {
            "date": local.date(),
            "at": local.time().replace(second=0, microsecond=0),
            "duration_minutes": meeting.duration_minutes,
            "venue": meeting.venue,
            "chair": meeting.chair_id,
            "status": meeting.status,
            "highlight_report": meeting.highlight_report_id,
            "agenda": "\n".join(i.title for i in meeting.agenda_items.all()),
            "minutes": meeting.minutes,
            "others_attending": list(meeting.others_attending.values_list("pk", flat=True)),
            "circulation": list(meeting.circulation.values_list("pk", flat=True)),
            "version": meeting.version,
        }
        for a in meeting.attendance.all():
            initial[f"attendance_{a.person_id}"] = a.status
        return cls(initial=initial, project=meeting.project)

    def agenda_lines(self) -> list[str]:
        text: str = self.cleaned_data["agenda"]
        return [line.strip() for line in text.splitlines() if line.strip()]

    def attendance(self) -> dict[int, str]:
        return {p.pk: self.cleaned_data[f"attendance_{p.pk}"] for p in self.board}


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label="Decision", choices=Outcome.choices, widget=forms.RadioSelect)
    rationale = forms.CharField(
        label="Rationale",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Why the board decided this.",
    )


class ConditionForm(forms.Form):
    text = forms.CharField(
        label="Condition",
        max_length=CONDITION_MAX,
        required=False,
        help_text="It becomes an action in the action log, for its owner to mark done.",
    )
    owner = PersonChoice(label="Owner", queryset=Person.objects.none(), required=False)
    due = forms.DateField(label="Due", required=False, **DATE)  # type: ignore[arg-type]

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, PersonChoice)
        owner.queryset = members(project)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given = [bool(data.get(k)) for k in ("text", "owner", "due")]
        if any(given) and not all(given):
            for key, has in zip(("text", "owner", "due"), given, strict=True):
                if not has:
                    self.add_error(key, "Each condition needs what, who and when.")
        return data


ConditionFormSet = forms.formset_factory(ConditionForm, extra=3, max_num=10)


class TolerancesForm(forms.Form):
    time_tolerance_days = forms.IntegerField(
        label="Project time tolerance (working days)", min_value=0, max_value=250
    )
    cost_tolerance_percent = forms.DecimalField(
        label="Project cost tolerance (percent)", min_value=0, max_value=100, decimal_places=2
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.work_packages = list(project.work_packages.order_by("position", "code"))
        for wp in self.work_packages:
            self.fields[f"time_{wp.pk}"] = forms.IntegerField(
                label=f"{wp.code} time tolerance (working days)",
                min_value=0,
                max_value=250,
                required=False,
            )
            self.fields[f"cost_{wp.pk}"] = forms.DecimalField(
                label=f"{wp.code} cost tolerance (percent)",
                min_value=0,
                max_value=100,
                decimal_places=2,
                required=False,
            )

    @classmethod
    def for_project(cls, project: Project) -> TolerancesForm:
        initial: dict[str, Any] = {
            "time_tolerance_days": project.time_tolerance_days,
            "cost_tolerance_percent": project.cost_tolerance_percent,
        }
        for wp in project.work_packages.all():
            initial[f"time_{wp.pk}"] = wp.time_tolerance_days
            initial[f"cost_{wp.pk}"] = wp.cost_tolerance_percent
        return cls(initial=initial, project=project)

    def rows(self) -> list[tuple[Any, forms.BoundField, forms.BoundField]]:
        return [(wp, self[f"time_{wp.pk}"], self[f"cost_{wp.pk}"]) for wp in self.work_packages]


class ExceptionReportForm(forms.Form):
    cause = forms.CharField(label="Cause", widget=forms.Textarea(attrs={"rows": 5}), required=False)
    consequences = forms.CharField(
        label="Consequences", widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    options = forms.CharField(
        label="Options", widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    recommendation = forms.CharField(
        label="Recommendation", widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    status = forms.ChoiceField(label="Status", choices=ReportStatus.choices)
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    @classmethod
    def for_report(cls, report: ExceptionReport) -> ExceptionReportForm:
        return cls(
            initial={
                "cause": report.cause,
                "consequences": report.consequences,
                "options": report.options,
                "recommendation": report.recommendation,
                "status": report.status,
                "version": report.version,
            }
        )
