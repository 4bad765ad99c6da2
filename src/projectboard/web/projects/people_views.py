"""The people of a project and their roles: the list (every member), and the project
manager's pages to add and edit people and to give and take away roles.

Like ``edit_views``: outsiders get 404, members who may read but not write 403; a POST calls
one service and answers 303 when saved, 422 with the errors beside their fields when
refused, and 409 with both versions when someone else saved the person first.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from projectboard.web.projects.edit_views import ConflictRow, ConflictView, HttpResponseSeeOther
from projectboard.web.projects.history import Change, who_name
from projectboard.web.projects.models import (
    AuditEvent,
    Membership,
    Partner,
    Person,
    Project,
    Role,
    WorkPackage,
)
from projectboard.web.projects.people_services import (
    BOARD_ROLE_SUGGESTIONS,
    can_people,
    get_membership_for,
    get_person_for,
    membership_add,
    membership_label,
    membership_remove,
    person_create,
    person_update,
    project_people,
)
from projectboard.web.projects.permissions import get_project_for, person_of
from projectboard.web.projects.services import Conflict

# -- forms -----------------------------------------------------------------------------------


class PersonForm(forms.Form):
    """What the project manager types about a person. Not required here: the service
    validates, so that each problem has one message."""

    name = forms.CharField(label="Name", max_length=200, required=False)
    job_title = forms.CharField(label="Job title", max_length=200, required=False)
    email = forms.CharField(
        label="Email",
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    partner = forms.ModelChoiceField(
        label="Partner",
        queryset=Partner.objects.none(),
        required=False,
        empty_label="Choose a partner",
        help_text="The partner organisation this person works for.",
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["partner"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = project.partners.order_by("code", "pk")


class PersonEditForm(PersonForm):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    @classmethod
    def for_person(cls, person: Person, project: Project) -> PersonEditForm:
        return cls(
            project=project,
            initial={
                "name": person.name,
                "job_title": person.job_title,
                "email": person.email,
                "partner": person.partner_id,
                "version": person.version,
            },
        )


class MembershipForm(forms.Form):
    role = forms.ChoiceField(label="Role", choices=[("", "Choose a role"), *Role.choices])
    board_role = forms.CharField(
        label="Board role",
        max_length=200,
        required=False,
        help_text=(
            "For a board member or the chair only: what they represent on the board, such as "
            f"{', '.join(BOARD_ROLE_SUGGESTIONS)}."
        ),
        widget=forms.TextInput(attrs={"list": "board-role-suggestions"}),
    )


# -- the list --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonRow:
    person: Person
    memberships: list[Membership]
    leads: list[WorkPackage]
    deputises: list[WorkPackage]


@dataclass(frozen=True)
class PartnerGroup:
    title: str
    rows: list[PersonRow]


def _groups(project: Project) -> list[PartnerGroup]:
    """The project's people by partner, in the partners' order, each by name; people of no
    partner of this project come last."""
    people = sorted(project_people(project).select_related("partner"), key=lambda p: (p.name, p.pk))
    held: dict[int, list[Membership]] = defaultdict(list)
    for m in Membership.objects.filter(project=project).order_by("role", "pk"):
        held[m.person_id].append(m)
    leads: dict[int, list[WorkPackage]] = defaultdict(list)
    deputises: dict[int, list[WorkPackage]] = defaultdict(list)
    for wp in project.work_packages.prefetch_related("leads", "deputies").order_by(
        "position", "code"
    ):
        for p in wp.leads.all():
            leads[p.pk].append(wp)
        for p in wp.deputies.all():
            deputises[p.pk].append(wp)

    def row(p: Person) -> PersonRow:
        return PersonRow(p, held[p.pk], leads[p.pk], deputises[p.pk])

    partners = list(project.partners.order_by("code", "pk"))
    groups = [
        PartnerGroup(partner.name, [row(p) for p in people if p.partner_id == partner.pk])
        for partner in partners
    ]
    ours = {partner.pk for partner in partners}
    others = [row(p) for p in people if p.partner_id not in ours]
    if others:
        groups.append(PartnerGroup("No partner of this project", others))
    return groups


def _list_page(
    request: HttpRequest, project: Project, *, errors: list[str] | None = None, status: int = 200
) -> HttpResponse:
    context = {
        "project": project,
        "groups": _groups(project),
        "may_change": can_people(person_of(request.user), "change", project),
        "errors": errors or [],
    }
    return render(request, "projects/people_list.html", context, status=status)


@require_GET
def people_list(request: HttpRequest, project_id: int) -> HttpResponse:
    return _list_page(request, get_project_for(request.user, project_id))


# -- people ----------------------------------------------------------------------------------


def _user(request: HttpRequest) -> User:
    # LoginRequiredMiddleware has sent anonymous users to log in.
    assert isinstance(request.user, User)
    return request.user


def _refuse_unless_pm(user: User, project: Project) -> None:
    if not can_people(person_of(user), "change", project):
        raise PermissionDenied("Only the project manager may change the people of a project.")


def _people_url(project_id: int, person_id: int | None = None) -> str:
    url = reverse("people", args=[project_id])
    return f"{url}#person-{person_id}" if person_id is not None else url


@require_http_methods(["GET", "POST"])
def person_add(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    user = _user(request)
    _refuse_unless_pm(user, project)
    if request.method == "GET":
        return _person_page(request, project, None, PersonForm(project=project))
    form = PersonForm(request.POST, project=project)
    if not form.is_valid():
        return _person_page(request, project, None, form, status=422)
    typed = form.cleaned_data
    try:
        person = person_create(
            project=project,
            name=typed["name"],
            job_title=typed["job_title"],
            email=typed["email"],
            partner=typed["partner"],
            by=user,
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return _person_page(request, project, None, form, status=422)
    messages.success(request, f"{person.name} added. Give them a role in the project.")
    return HttpResponseSeeOther(reverse("membership-add", args=[project_id, person.pk]))


@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, project_id: int, person_id: int) -> HttpResponse:
    project, person = get_person_for(request.user, project_id, person_id)
    user = _user(request)
    _refuse_unless_pm(user, project)
    if request.method == "GET":
        return _person_page(request, project, person, PersonEditForm.for_person(person, project))
    form = PersonEditForm(request.POST, project=project)
    if not form.is_valid():
        return _person_page(request, project, person, form, status=422)
    typed = form.cleaned_data
    try:
        saved = person_update(
            project=project,
            person=person,
            expected_version=typed["version"],
            name=typed["name"],
            job_title=typed["job_title"],
            email=typed["email"],
            partner=typed["partner"],
            by=user,
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return _person_page(request, project, person, form, status=422)
    except Conflict as exc:
        again, conflict = _after_conflict(request, project, person, form, exc)
        return _person_page(request, project, person, again, conflict=conflict, status=409)
    if saved.version == typed["version"]:
        messages.info(request, f"{saved.name}: nothing was changed.")
    else:
        messages.success(request, f"{saved.name} saved.")
    return HttpResponseSeeOther(_people_url(project_id, person_id))


def _as_text(value: object) -> str:
    return "" if value is None else str(value)  # a partner: its name


def _after_conflict(
    request: HttpRequest,
    project: Project,
    person: Person,
    form: PersonEditForm,
    exc: Conflict,
) -> tuple[PersonEditForm, ConflictView]:
    """The form as typed but carrying the version now saved (so saving again applies it on
    purpose), the values now saved beside the typed ones, and who saved last."""
    rows = [
        ConflictRow(
            str(form.fields[name].label),
            _as_text(exc.current[name]),
            _as_text(form.cleaned_data[name]),
        )
        for name in ("name", "job_title", "email", "partner")
    ]
    data = request.POST.copy()
    data["version"] = str(exc.version)
    again = PersonEditForm(data, project=project)
    again.is_valid()
    event = (
        AuditEvent.objects.filter(project=project, object_type="person", object_id=person.pk)
        .select_related("who__person")
        .order_by("-when", "-id")
        .first()
    )
    last = (
        None
        if event is None
        else Change(event.when, who_name(event.who), event.field, event.old, event.new)
    )
    return again, ConflictView(str(exc), last, rows)


def _person_page(
    request: HttpRequest,
    project: Project,
    person: Person | None,
    form: PersonForm,
    *,
    conflict: ConflictView | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "project": project,
        "person": person,
        "form": form,
        "conflict": conflict,
        "cancel_url": _people_url(project.pk, person.pk if person else None),
    }
    return render(request, "projects/people_person_form.html", context, status=status)


# -- roles -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def membership_new(request: HttpRequest, project_id: int, person_id: int) -> HttpResponse:
    project, person = get_person_for(request.user, project_id, person_id)
    user = _user(request)
    _refuse_unless_pm(user, project)
    if request.method == "GET":
        return _role_page(request, project, person, MembershipForm())
    form = MembershipForm(request.POST)
    if not form.is_valid():
        return _role_page(request, project, person, form, status=422)
    try:
        membership = membership_add(
            project=project,
            person=person,
            role=form.cleaned_data["role"],
            board_role=form.cleaned_data["board_role"],
            by=user,
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return _role_page(request, project, person, form, status=422)
    messages.success(request, f"{person.name} now has the role {membership_label(membership)}.")
    return HttpResponseSeeOther(_people_url(project_id, person_id))


def _role_page(
    request: HttpRequest,
    project: Project,
    person: Person,
    form: MembershipForm,
    *,
    status: int = 200,
) -> HttpResponse:
    context = {
        "project": project,
        "person": person,
        "form": form,
        "held": Membership.objects.filter(project=project, person=person).order_by("role", "pk"),
        "suggestions": BOARD_ROLE_SUGGESTIONS,
        "cancel_url": _people_url(project.pk, person.pk),
    }
    return render(request, "projects/people_role_form.html", context, status=status)


@require_POST
def membership_delete(request: HttpRequest, project_id: int, membership_id: int) -> HttpResponse:
    membership = get_membership_for(request.user, project_id, membership_id)
    user = _user(request)
    project = membership.project
    _refuse_unless_pm(user, project)
    label = membership_label(membership)
    name = membership.person.name
    try:
        membership_remove(membership=membership, by=user)
    except ValidationError as exc:
        return _list_page(request, project, errors=exc.messages, status=422)
    messages.success(request, f"{name} no longer has the role {label}.")
    return HttpResponseSeeOther(_people_url(project_id, membership.person_id))
