"""E-safety teaching and online incidents (LP 38 sections 8 and 10): recorded by anyone who
works with the child; the incident log, with what each incident taught, for the site's DSL,
manager and SLT."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from contacts.selectors import child_get_for_user
from coxlease import policy
from coxlease.forms import save_or_show_errors
from coxlease.history import history_entries
from coxlease.pages import current_site_or_404, form_page
from coxlease.policy import Action

from . import online_services, selectors
from .models import ESafetySession, OnlineIncident
from .online_forms import ESafetySessionForm, IncidentFilter, LearningForm, OnlineIncidentForm

INCIDENTS_PER_PAGE = 25


def _child_for_recording(request, pk: int):
    child = child_get_for_user(user=request.user, pk=pk)
    policy.require(request.user, Action.RECORD_ONLINE_SAFETY, child.site)
    if child.has_left:
        raise Http404("This child has left: nothing new is recorded for them here.")
    return child


@require_http_methods(["GET", "POST"])
def esafety_add(request: HttpRequest, pk: int):
    child = _child_for_recording(request, pk)
    form = ESafetySessionForm(
        request.POST or None, instance=ESafetySession(child=child), child=child, user=request.user
    )
    return form_page(
        request,
        form,
        heading=f"E-safety session with {child}",
        context={"child": child},
        intro="LP 38 section 8: teaching the child to keep themselves safe online.",
        save=lambda: online_services.esafety_session_record(
            session=form.instance, recorded_by=request.user
        ),
        success="The e-safety session has been recorded.",
        done_url=child.get_absolute_url() + "#esafety",
    )


@require_http_methods(["GET", "POST"])
def incident_add(request: HttpRequest, pk: int):
    child = _child_for_recording(request, pk)
    form = OnlineIncidentForm(
        request.POST or None, instance=OnlineIncident(child=child), child=child
    )
    if request.method == "POST" and form.is_valid():
        incident = save_or_show_errors(
            form,
            lambda: online_services.incident_record(
                incident=form.instance, recorded_by=request.user
            ),
        )
        if incident is not None:
            messages.success(
                request,
                "The online incident has been recorded and the DSL and site manager told. If "
                "you are worried about the child, raise a concern from it now.",
            )
            return redirect(incident)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "child": child,
            "heading": f"Online incident about {child}",
            "intro": "A social media or online incident (LP 38 section 10). The DSL and site "
            "manager are told at once; they record what it taught.",
            "cancel_url": child.get_absolute_url(),
        },
    )


@require_GET
def incident_detail(request: HttpRequest, pk: int):
    incident = selectors.incident_get_for_user(user=request.user, pk=pk)
    site = incident.child.site
    return render(
        request,
        "safeguarding/incident_detail.html",
        {
            "incident": incident,
            "child": incident.child,
            "entries": history_entries(incident),
            "may_learn": policy.can(request.user, Action.MANAGE_ONLINE_SAFETY, site),
            "may_raise": incident.concern_id is None
            and policy.can(request.user, Action.RAISE_CONCERNS, site),
            "sees_concern": incident.concern_id is not None
            and policy.can(request.user, Action.VIEW_CONCERNS, incident.concern),
        },
    )


@require_http_methods(["GET", "POST"])
def incident_learning(request: HttpRequest, pk: int):
    incident = selectors.incident_get_for_user(user=request.user, pk=pk)
    policy.require(request.user, Action.MANAGE_ONLINE_SAFETY, incident.child.site)
    form = LearningForm(request.POST or None, instance=incident)
    return form_page(
        request,
        form,
        heading=f"What the incident taught: {incident}",
        context={"child": incident.child},
        intro="LP 38 section 10: incidents are analysed and the learning shared.",
        save=lambda: online_services.incident_record_learning(
            incident=form.instance, changed_by=request.user, reason=form.cleaned_data["reason"]
        ),
        success="The learning points have been saved.",
        done_url=incident.get_absolute_url(),
    )


@require_GET
def incident_list(request: HttpRequest):
    site = current_site_or_404(request)
    incidents = selectors.incidents_at(user=request.user, site=site)
    incident_filter = IncidentFilter(request.GET, queryset=incidents)
    page = Paginator(incident_filter.qs, INCIDENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "safeguarding/incident_list.html",
        {"filter": incident_filter, "page": page, "site": site},
    )
