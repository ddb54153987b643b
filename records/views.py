"""The contact log's pages: log a contact from the child's page, see and correct an entry, the
site's recent contacts, and the site's local rules."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from contacts.selectors import child_get_for_user
from coxlease import policy
from coxlease.forms import save_or_show_errors
from coxlease.history import history_entries
from coxlease.pages import current_site_or_404, form_page
from coxlease.policy import Action

from . import selectors, services
from .filters import ContactLogFilter
from .forms import ContactEntryForm, EnteredInErrorForm, LocalRuleForm
from .models import ContactEntry, LocalRule

ENTRIES_PER_PAGE = 25


def entry_page(request, form, *, child, heading, save, entry=None, done="logged"):
    was_flagged = entry is not None and entry.flagged  # as it was before this correction
    if request.method == "POST" and form.is_valid():
        saved = save_or_show_errors(form, save)
        if saved is not None:
            if saved.flagged and not was_flagged:
                messages.warning(
                    request,
                    "Saved, and flagged: this contact broke a restriction or the plan. The DSL "
                    "and site manager have been told. If you have a concern, raise it now: the "
                    "form below is filled in from the contact.",
                )
                # records never imports safeguarding: the concern form is reached by its URL.
                raise_url = reverse("safeguarding:concern-raise")
                return redirect(f"{raise_url}?child={child.pk}&entry={saved.pk}")
            still = " It is still flagged." if saved.flagged else ""
            messages.success(request, f"The contact has been {done}.{still}")
            return redirect(child.get_absolute_url() + "#contacts")
    return render(
        request,
        "records/entry_form.html",
        {"form": form, "child": child, "heading": heading, "entry": entry},
    )


@require_http_methods(["GET", "POST"])
def entry_add(request: HttpRequest, pk: int):
    child = child_get_for_user(user=request.user, pk=pk)
    policy.require(request.user, Action.LOG_CONTACTS, child.site)
    if child.has_left:
        raise Http404("This child has left: nothing new is logged for them here.")
    form = ContactEntryForm(
        request.POST or None,
        child=child,
        user=request.user,
        initial={"contact_type": request.GET.get("type", "")},
    )
    return entry_page(
        request,
        form,
        child=child,
        heading=f"Log a contact for {child}",
        save=lambda: services.entry_log(
            entry=form.instance,
            participants=list(form.cleaned_data["participants"]),
            staff_present=form.cleaned_data["staff_present"],
            recorded_by=request.user,
        ),
    )


@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, pk: int):
    entry = selectors.entry_get_for_user(user=request.user, pk=pk)
    if not selectors.entry_may_change(user=request.user, entry=entry):
        raise PermissionDenied("Only whoever logged it, or the site's leads, may correct it.")
    form = ContactEntryForm(
        request.POST or None,
        instance=entry,
        child=entry.child,
        user=request.user,
        ask_reason=services.entry_needs_a_reason(entry),
    )
    return entry_page(
        request,
        form,
        child=entry.child,
        heading=f"Correct a contact logged for {entry.child}",
        entry=entry,
        done="corrected",
        save=lambda: services.entry_update(
            entry=form.instance,
            participants=list(form.cleaned_data["participants"]),
            staff_present=form.cleaned_data["staff_present"],
            changed_by=request.user,
            reason=form.cleaned_data.get("reason", ""),
        ),
    )


@require_GET
def entry_preview(request: HttpRequest, pk: int):
    """htmx: what the rule says about the contact being logged, before it is saved."""
    child = child_get_for_user(user=request.user, pk=pk)
    policy.require(request.user, Action.LOG_CONTACTS, child.site)
    form = ContactEntryForm(request.GET, child=child, user=request.user)
    form.is_valid()  # only the fields the preview needs are read, each if it is valid
    data = form.cleaned_data
    verdict = None
    if data.get("contact_type") and (data.get("participants") or data.get("someone_else")):
        entry = ContactEntry(
            child=child,
            contact_type=data["contact_type"],
            started_at=data.get("started_at") or timezone.now(),
            someone_else=data.get("someone_else", ""),
        )
        verdict = services.entry_verdict(entry=entry, participants=list(data["participants"]))
    return render(
        request,
        "records/_entry_preview.html",
        {
            "verdict": verdict,
            "monitoring": services.monitoring_restrictions(verdict) if verdict else [],
        },
    )


def entry_detail(request: HttpRequest, pk: int):
    entry = selectors.entry_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "records/entry_detail.html",
        {
            "entry": entry,
            "child": entry.child,
            "participants": entry.participants.all(),
            "staff_present": entry.staff_present.all(),
            "applied": entry.applied_restrictions.select_related("person"),
            "may_change": selectors.entry_may_change(user=request.user, entry=entry),
        },
    )


def entry_history(request: HttpRequest, pk: int):
    entry = selectors.entry_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "records/entry_history.html",
        {"entry": entry, "child": entry.child, "entries": history_entries(entry)},
    )


@require_http_methods(["GET", "POST"])
def entry_in_error(request: HttpRequest, pk: int):
    entry = selectors.entry_get_for_user(user=request.user, pk=pk)
    if not selectors.entry_may_change(user=request.user, entry=entry):
        raise PermissionDenied("Only whoever logged it, or the site's leads, may mark it.")
    form = EnteredInErrorForm(request.POST or None, record=entry)
    return form_page(
        request,
        form,
        heading=f"Mark this entry for {entry.child} as entered in error",
        context={"child": entry.child},
        intro="Nothing is deleted: the entry stays on record, marked, for the site's leads.",
        save=lambda: services.entry_mark_in_error(
            entry=entry, reason=form.cleaned_data["reason"], changed_by=request.user
        ),
        success="The entry is marked as entered in error.",
        done_url=entry.child.get_absolute_url() + "#contacts",
        submit="Mark as entered in error",
    )


@require_GET
def entry_list(request: HttpRequest):
    """The site's recent contacts, with filters, for those who oversee the log."""
    site = current_site_or_404(request)
    entries = selectors.site_log(user=request.user, site=site)
    log_filter = ContactLogFilter(request.GET, queryset=entries, site=site)
    page = Paginator(log_filter.qs, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "records/entry_list.html", {"filter": log_filter, "page": page, "site": site}
    )


def local_rules(request: HttpRequest):
    """The site's local rules on when messages, calls and devices are appropriate."""
    site = current_site_or_404(request)
    policy.require(request.user, Action.VIEW_CHILDREN, site)
    return render(
        request,
        "records/local_rules.html",
        {
            "site": site,
            "rules": LocalRule.objects.filter(site=site),
            "may_set": policy.can(request.user, Action.SET_LOCAL_RULES, site),
        },
    )


@require_http_methods(["GET", "POST"])
def local_rule_edit(request: HttpRequest, pk: int | None = None):
    site = current_site_or_404(request)
    policy.require(request.user, Action.SET_LOCAL_RULES, site)
    rule = (
        LocalRule(site=site) if pk is None else LocalRule.objects.filter(site=site, pk=pk).first()
    )
    if rule is None:
        raise Http404("No such rule at this site.")
    form = LocalRuleForm(request.POST or None, instance=rule, site=site)
    return form_page(
        request,
        form,
        heading=f"A local rule at {site}",
        intro="When messages, calls and the child's own devices are appropriate, as reasonable "
        "parents might say (LP 38 section 7). A contact outside these times is noted in the "
        "log; it is not a breach.",
        save=lambda: services.local_rule_save(rule=form.instance, changed_by=request.user),
        success="The local rule has been saved.",
        done_url=reverse("records:local-rules"),
    )
