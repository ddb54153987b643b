from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from coxlease import policy
from coxlease.history import history_entries
from coxlease.pages import current_site_or_404, form_page
from coxlease.policy import Action

from .. import selectors, services
from ..filters import ChildFilter
from ..forms.children import ChildForm, MarkLeftForm

CHILDREN_PER_PAGE = 25


def child_list(request):
    site = current_site_or_404(request)
    children = selectors.children_for_user(user=request.user, site=site)
    child_filter = ChildFilter(request.GET, queryset=children, site=site)
    page = Paginator(child_filter.qs, CHILDREN_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "contacts/child_list.html",
        {"filter": child_filter, "page": page, "site": site},
    )


def child_history(request, pk):
    child = selectors.child_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "contacts/child_history.html",
        {"child": child, "entries": history_entries(child)},
    )


@require_http_methods(["GET", "POST"])
def child_create(request):
    site = current_site_or_404(request)
    policy.require(request.user, Action.MANAGE_CHILDREN, site)
    form = ChildForm(request.POST or None, site=site, ask_reason=False)
    return form_page(
        request,
        form,
        heading=f"Add a child to {site}",
        save=lambda: services.child_create(child=form.instance, created_by=request.user),
        success=f"The child has been added to {site}.",
        cancel_url=reverse("contacts:child-list"),
        submit="Add child",
    )


@require_http_methods(["GET", "POST"])
def child_edit(request, pk):
    child = selectors.child_get_for_user(user=request.user, pk=pk)
    policy.require(request.user, Action.MANAGE_CHILDREN, child.site)
    form = ChildForm(request.POST or None, instance=child, site=child.site, ask_reason=True)
    return form_page(
        request,
        form,
        heading=f"Edit {child}",
        context={"child": child},
        save=lambda: services.child_update(
            child=form.instance, changed_by=request.user, reason=form.cleaned_data["reason"]
        ),
        success=f"Changes to {child} have been saved.",
        done_url=child.get_absolute_url(),
        submit="Save changes",
    )


@require_http_methods(["GET", "POST"])
def child_mark_left(request, pk):
    child = selectors.child_get_for_user(user=request.user, pk=pk)
    policy.require(request.user, Action.MANAGE_CHILDREN, child.site)
    form = MarkLeftForm(
        request.POST or None, child=child, initial={"leaving_date": timezone.localdate()}
    )
    return form_page(
        request,
        form,
        heading=f"Mark {child} as left",
        context={"child": child},
        intro=f"Nothing is deleted: {child}'s records stay on file and can still be read from "
        "the list of children who have left.",
        save=lambda: services.child_mark_left(
            child=child,
            leaving_date=form.cleaned_data["leaving_date"],
            reason=form.cleaned_data["reason"],
            changed_by=request.user,
        ),
        success=f"{child} has been marked as left. Their records are kept.",
        done_url=child.get_absolute_url(),
        submit="Mark as left",
    )
