from django.http import Http404, HttpRequest
from django.shortcuts import render

from coxlease import policy
from coxlease.history import history_entries_of
from coxlease.pages import form_page
from coxlease.policy import Action

from .. import selectors, services
from ..forms.plans import ContactArrangementForm, ContactPlanForm
from ..models import ContactArrangement
from ..rules import contact_picture


def plan_detail(request: HttpRequest, pk: int):
    child = selectors.child_get_for_user(user=request.user, pk=pk)
    plan = selectors.plan_of(child)
    return render(
        request,
        "contacts/plan_detail.html",
        {
            "child": child,
            "plan": plan,
            "picture": contact_picture(child=child),
            "may_manage": policy.can(request.user, Action.MANAGE_ARRANGEMENTS, child.site),
        },
    )


def plan_history(request: HttpRequest, pk: int):
    child = selectors.child_get_for_user(user=request.user, pk=pk)
    plan = selectors.plan_of(child)
    if plan is None:
        raise Http404("This child has no contact plan yet.")
    arrangements = plan.arrangements.select_related("person")
    return render(
        request,
        "contacts/plan_history.html",
        {"child": child, "entries": history_entries_of([plan, *arrangements])},
    )


def plan_edit(request: HttpRequest, pk: int):
    child = selectors.child_get_for_user(user=request.user, pk=pk)
    policy.require(request.user, Action.MANAGE_ARRANGEMENTS, child.site)
    plan = selectors.plan_of(child)
    form = ContactPlanForm(request.POST or None, instance=plan, child=child)
    return form_page(
        request,
        form,
        heading=f"Contact plan for {child}",
        context={"child": child},
        intro="Earlier versions stay readable in the plan's history.",
        save=lambda: services.plan_save(
            plan=form.instance, changed_by=request.user, reason=form.cleaned_data["reason"]
        ),
        success="The contact plan has been saved.",
        done_url=child.get_absolute_url() + "#plan",
    )


def arrangement_add(request: HttpRequest, pk: int):
    child = selectors.child_get_for_user(user=request.user, pk=pk)
    policy.require(request.user, Action.MANAGE_ARRANGEMENTS, child.site)
    plan = selectors.plan_of(child)
    if plan is None:
        raise Http404("Record the contact plan before its arrangements.")
    return _arrangement_page(request, ContactArrangement(plan=plan), reason="Added to the plan")


def arrangement_edit(request: HttpRequest, pk: int):
    arrangement = selectors.child_record_get_for_user(
        user=request.user,
        queryset=ContactArrangement.objects.select_related("plan__child__site", "person"),
        pk=pk,
        child_path="plan__child",
    )
    policy.require(request.user, Action.MANAGE_ARRANGEMENTS, arrangement.plan.child.site)
    return _arrangement_page(request, arrangement, reason=None)


def _arrangement_page(request, arrangement: ContactArrangement, *, reason: str | None):
    plan = arrangement.plan
    form = ContactArrangementForm(request.POST or None, instance=arrangement, plan=plan)
    return form_page(
        request,
        form,
        heading=f"Contact arrangement for {plan.child}",
        context={"child": plan.child},
        save=lambda: services.arrangement_save(
            arrangement=form.instance,
            changed_by=request.user,
            reason=reason or form.cleaned_data["reason"],
        ),
        success="The arrangement has been saved.",
        done_url=plan.child.get_absolute_url() + "#plan",
    )
