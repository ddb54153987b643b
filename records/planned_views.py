"""Planned contact's pages: the site's day and week, plan a contact, see one and how it ended,
and the desk's out and back."""

from datetime import date, timedelta

from django.http import Http404, HttpRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_GET, require_http_methods

from contacts.selectors import child_get_for_user
from coxlease import policy
from coxlease.pages import current_site_or_404, form_page
from coxlease.policy import Action

from . import planned_selectors as selectors
from . import planned_services as services
from .forms import ContactEntryForm
from .models import OutingStep
from .planned_forms import (
    OutingForm,
    OutingStepForm,
    PlannedContactForm,
    PlannedEndForm,
    ReturnForm,
    SiteSettingsForm,
    entry_initial,
)
from .views import entry_page

WEEK = 7


def _day_asked(request) -> date:
    """The day in the address (?day=2026-11-28), or today if there is none or it is no date."""
    try:
        day = parse_date(request.GET.get("day", ""))
    except ValueError:
        day = None
    return day if day and 1990 <= day.year <= 9000 else timezone.localdate()


@require_GET
def planned_list(request: HttpRequest):
    """The site's planned contacts for a day or a week, each with the rule's answer now, and
    every child out with whom and when they are due back."""
    site = current_site_or_404(request)
    day = _day_asked(request)
    week = request.GET.get("span") == "week"
    first = day - timedelta(days=day.weekday()) if week else day
    last = first + timedelta(days=WEEK - 1) if week else day
    step = timedelta(days=WEEK if week else 1)
    lines = selectors.planned_between(user=request.user, site=site, first=first, last=last)
    days = {}
    for line in lines:
        days.setdefault(timezone.localdate(line.planned.starts_at), []).append(line)
    return render(
        request,
        "records/planned_list.html",
        {
            "site": site,
            "week": week,
            "first": first,
            "last": last,
            "today": timezone.localdate(),
            "previous": first - step,
            "next": first + step,
            "days": sorted(days.items()),
            "out": selectors.children_out(user=request.user, site=site),
            "grace": services.site_settings(site).grace_minutes,
            "may_set": policy.can(request.user, Action.SET_LOCAL_RULES, site),
        },
    )


@require_http_methods(["GET", "POST"])
def planned_add(request: HttpRequest, pk: int):
    child = child_get_for_user(user=request.user, pk=pk)
    policy.require(request.user, Action.LOG_CONTACTS, child.site)
    if child.has_left:
        raise Http404("This child has left: nothing is planned for them here.")
    form = PlannedContactForm(request.POST or None, child=child)
    return form_page(
        request,
        form,
        heading=f"Plan a contact for {child}",
        context={"child": child},
        intro="The contact rule is asked as you save, and again whenever the plan is shown.",
        save=lambda: services.planned_contact_plan(planned=form.instance, planned_by=request.user),
        success=lambda saved: (
            "Planned for the DSL to review: they have been told."
            if saved.for_dsl_review
            else "The contact is planned."
        ),
        cancel_url=child.get_absolute_url(),
    )


def planned_detail(request: HttpRequest, pk: int):
    planned = selectors.planned_get_for_user(user=request.user, pk=pk)
    (line,) = selectors.plan_lines([planned], site=planned.child.site)
    may_record = policy.can(request.user, Action.LOG_CONTACTS, planned.child.site)
    return render(
        request,
        "records/planned_detail.html",
        {
            "line": line,
            "planned": planned,
            "child": planned.child,
            "outing": line.outing,
            "steps": line.outing.steps.select_related("recorded_by") if line.outing else [],
            "may_record": may_record,
        },
    )


def _open_plan_for(request, pk):
    planned = selectors.planned_get_for_user(user=request.user, pk=pk)
    policy.require(request.user, Action.LOG_CONTACTS, planned.child.site)
    if not planned.is_open:
        raise Http404("This planned contact has already ended.")
    return planned


@require_http_methods(["GET", "POST"])
def planned_end(request: HttpRequest, pk: int):
    planned = _open_plan_for(request, pk)
    form = PlannedEndForm(request.POST or None)
    return form_page(
        request,
        form,
        heading=f"It did not happen: {planned}",
        context={"child": planned.child},
        save=lambda: services.planned_contact_end(
            planned=planned,
            status=form.cleaned_data["status"],
            ended_note=form.cleaned_data["ended_note"],
            cancelled_by=form.cleaned_data["cancelled_by"],
            ended_by=request.user,
        ),
        success="Recorded.",
        done_url=planned.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def planned_happened(request: HttpRequest, pk: int):
    """It happened: the contact log's form, filled in from the plan."""
    planned = _open_plan_for(request, pk)
    child = planned.child
    form = ContactEntryForm(
        request.POST or None,
        child=child,
        user=request.user,
        initial=entry_initial(planned),
    )
    return entry_page(
        request,
        form,
        child=child,
        heading=f"Log the contact planned: {planned}",
        save=lambda: services.planned_contact_happened(
            planned=planned,
            entry=form.instance,
            participants=list(form.cleaned_data["participants"]),
            staff_present=form.cleaned_data["staff_present"],
            recorded_by=request.user,
        ),
    )


@require_http_methods(["GET", "POST"])
def outing_add(request: HttpRequest, pk: int):
    planned = _open_plan_for(request, pk)
    if not planned.goes_out or hasattr(planned, "outing"):
        raise Http404("This plan does not take the child out, or they already left.")
    form = OutingForm(request.POST or None, planned=planned)
    return form_page(
        request,
        form,
        heading=f"{planned.child} is leaving",
        context={"child": planned.child},
        save=lambda: services.outing_start(outing=form.instance, recorded_by=request.user),
        success="Recorded: the site page shows them out until they are back.",
        done_url=reverse("records:planned-list"),
        cancel_url=planned.get_absolute_url(),
    )


def _out(request, pk):
    outing = selectors.outing_get_for_user(user=request.user, pk=pk)
    policy.require(request.user, Action.LOG_CONTACTS, outing.child.site)
    if outing.returned_at is not None:
        raise Http404("The child is already back.")
    return outing


@require_http_methods(["GET", "POST"])
def outing_return(request: HttpRequest, pk: int):
    outing = _out(request, pk)
    form = ReturnForm(request.POST or None)
    return form_page(
        request,
        form,
        heading=f"{outing.child} is back",
        context={"child": outing.child},
        save=lambda: services.outing_return(
            outing=outing, returned_at=form.cleaned_data["returned_at"], recorded_by=request.user
        ),
        success="Recorded: they are back.",
        done_url=outing.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def outing_step(request: HttpRequest, pk: int):
    outing = _out(request, pk)
    form = OutingStepForm(request.POST or None, outing=outing)
    return form_page(
        request,
        form,
        heading=f"{outing.child} is out: a new time, or a step taken",
        context={"child": outing.child},
        intro="The family phoned with a new time; or a step of the missing-from-care "
        "protocol: call the family, tell the placing authority, report to the police.",
        save=lambda: services.outing_step_record(step=form.instance, recorded_by=request.user),
        success=lambda step: (
            "The new time is recorded."
            if step.action == OutingStep.Action.NEW_TIME
            else "The step is recorded on the child's chronology."
        ),
        done_url=outing.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def site_settings_edit(request: HttpRequest):
    site = current_site_or_404(request)
    policy.require(request.user, Action.SET_LOCAL_RULES, site)
    form = SiteSettingsForm(request.POST or None, instance=services.site_settings(site))
    return form_page(
        request,
        form,
        heading=f"Planned contact at {site}",
        save=lambda: services.site_settings_save(settings=form.instance, changed_by=request.user),
        success="Saved.",
        done_url=reverse("records:planned-list"),
    )
