"""The collection check at the door (LP 38 section 5): which child, who is there, and the
answer from the contact rule, logged as it was given."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coxlease import policy
from coxlease.oncall import on_call_now
from coxlease.pages import current_site_or_404
from coxlease.policy import Action

from .. import selectors, services
from ..forms.collection import (
    CHILD_NOT_HERE,
    CollectionCheckForm,
    CollectionPasswordForm,
    DoorDecisionForm,
    search_text,
)
from ..models import Child, CollectionCheck, ContactType, LegalBasis, Outcome

MATCHES_SHOWN = 10
RECENT_CHECKS = 10


def _chosen_child(children, raw: str | None) -> Child | None:
    try:
        return children.get(pk=int(raw))
    except (TypeError, ValueError, Child.DoesNotExist):
        return None


def _search_context(site, q: str) -> dict:
    matches = selectors.children_matching(site=site, text=q, limit=MATCHES_SHOWN + 1)
    return {
        "site": site,
        "q": q,
        "matches": matches[:MATCHES_SHOWN],
        "more_matches": len(matches) > MATCHES_SHOWN,
    }


def _people_context(child: Child | None, form, child_errors=()) -> dict:
    return {
        "child": child,
        "relationships": child.relationships.select_related("person") if child else [],
        "form": form,
        "child_errors": list(child_errors),
    }


@require_http_methods(["GET", "POST"])
def collection_check(request):
    site = current_site_or_404(request)
    policy.require(request.user, Action.CHECK_COLLECTION, site)
    children = selectors.children_to_check(request.user)
    if request.method == "POST":
        form = CollectionCheckForm(request.POST, children=children)
        if form.is_valid():
            data = form.cleaned_data
            check = services.collection_check_run(
                child=data["child"],
                person=data["person"],
                unlisted_description=data["unlisted_description"].strip(),
                handover=data["handover"],
                checked_by=request.user,
            )
            return redirect(check)
        child, child_errors = form.cleaned_data.get("child"), form.errors.get("child", [])
    else:
        raw = request.GET.get("child")
        child = _chosen_child(children, raw)
        form = CollectionCheckForm(children=children, initial={"child": child})
        child_errors = [CHILD_NOT_HERE] if raw and child is None else []
    recent = CollectionCheck.objects.filter(child__site=site).select_related(
        "child", "person", "checked_by"
    )[:RECENT_CHECKS]
    return render(
        request,
        "contacts/collection_check.html",
        {
            **_search_context(site, search_text(request.GET)),
            **_people_context(child, form, child_errors),
            "recent": recent,
        },
    )


@require_GET
def collection_check_children(request):
    """htmx: the children on roll at the current site whose names match what was typed."""
    site = current_site_or_404(request)
    policy.require(request.user, Action.CHECK_COLLECTION, site)
    return render(
        request,
        "contacts/_collection_children.html",
        _search_context(site, search_text(request.GET)),
    )


@require_GET
def collection_check_people(request):
    """htmx: the check form for the chosen child, listing their people."""
    site = current_site_or_404(request)
    policy.require(request.user, Action.CHECK_COLLECTION, site)
    raw = request.GET.get("child")
    children = selectors.children_to_check(request.user)
    child = _chosen_child(children, raw)
    form = CollectionCheckForm(children=children, initial={"child": child})
    child_errors = [CHILD_NOT_HERE] if raw and child is None else []
    return render(
        request, "contacts/_collection_people.html", _people_context(child, form, child_errors)
    )


def _answer(check: CollectionCheck) -> dict:
    """The colour, the big words and one plain sentence for a logged answer."""
    child, who = check.child, check.who
    collecting = check.handover == ContactType.COLLECTION
    verb = "collect" if collecting else "drop off"
    if check.result == Outcome.ALLOWED:
        return {
            "colour": "success",
            "headline": f"Yes – may {verb}",
            "summary": f"{who} may {verb} {child}.",
        }
    if check.asks_password:
        return {
            "colour": "warning",
            "headline": "Wait – ask for their password word",
            "summary": f"Before {who} may {verb} {child}, they must give the password word on "
            "record. Do not say it or show it to them.",
        }
    if check.result == Outcome.CONDITIONAL and check.for_the_dsl:
        return {
            "colour": "warning",
            "headline": "Wait – the DSL must decide",
            "summary": f"Do not let {who} {verb} {child} until the DSL has said so.",
            "script": "held",
        }
    if check.result == Outcome.CONDITIONAL:
        return {
            "colour": "warning",
            "headline": "Yes, with conditions",
            "summary": f"{who} may {verb} {child} only if every condition below is met.",
        }
    return {
        "colour": "danger",
        "headline": (
            f"No – do not hand over {child}" if collecting else f"No – may not drop off {child}"
        ),
        "summary": f"{who} is not allowed to {verb} {child}.",
        "refused": True,
        "script": _refusal_script(check),
    }


def _refusal_script(check: CollectionCheck) -> str:
    """Which of the desk's scripts a refusal needs: under an order, a wrong password word, or
    someone who is simply not authorised (a grandmother not on the list)."""
    if check.names_in_other_order or check.applied_restrictions.exists():
        return "order"
    if check.for_the_dsl:
        return "word"
    return "not_authorised"


def _check_for(request, pk: int) -> CollectionCheck:
    return selectors.child_record_get_for_user(
        user=request.user,
        queryset=CollectionCheck.objects.select_related(
            "child__site__dsl", "child__site__deputy_dsl", "person", "checked_by", "follows"
        ),
        pk=pk,
    )


def _result_page(request, check: CollectionCheck, *, password_form=None, decision_form=None):
    """The answer's page; a form sent back with an error shows it, with what was typed."""
    site = check.child.site
    applied = list(check.applied_restrictions.all())
    refused = check.result == Outcome.NOT_ALLOWED
    if password_form is None and selectors.password_check_is_open(check=check, user=request.user):
        password_form = CollectionPasswordForm()
    may_decide = check.for_the_dsl and policy.can(request.user, Action.DECIDE_AT_THE_DOOR, site)
    followed_by = CollectionCheck.objects.filter(follows=check).select_related("checked_by").first()
    on_call = on_call_now(site=site)
    if decision_form is None and may_decide:
        decision_form = DoorDecisionForm(refused=refused)
    return render(
        request,
        "contacts/collection_check_result.html",
        {
            "check": check,
            "child": check.child,
            "answer": _answer(check),
            "breach_is_an_offence": any(
                r.legal_basis == LegalBasis.NON_MOLESTATION_ORDER for r in applied
            ),
            "followed_by": followed_by,
            "latest": followed_by and _answer(followed_by),
            "waiting_for_the_dsl": check.for_the_dsl and followed_by is None,
            "on_call": on_call,
            "safeguarding_leads": [
                (title, lead)
                for title, lead in (("the DSL", site.dsl), ("the deputy DSL", site.deputy_dsl))
                if lead and (on_call is None or lead != on_call.person)
            ],
            "password_form": password_form,
            "decision_form": decision_form,
            "may_check": policy.can(request.user, Action.CHECK_COLLECTION, site),
        },
    )


@require_GET
def collection_check_result(request, pk):
    return _result_page(request, _check_for(request, pk))


@require_POST
def collection_check_decide(request, pk):
    """The DSL's answer to a check that needed them; the desk sees it on the check's page."""
    check = _check_for(request, pk)
    policy.require(request.user, Action.DECIDE_AT_THE_DOOR, check.child.site)
    form = DoorDecisionForm(request.POST, refused=check.result == Outcome.NOT_ALLOWED)
    if not form.is_valid():
        return _result_page(request, check, decision_form=form)
    try:
        decided = services.collection_dsl_decide(
            check=check,
            go_ahead=form.cleaned_data["decision"] == DoorDecisionForm.GO_AHEAD,
            note=form.cleaned_data["note"],
            decided_by=request.user,
        )
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect(check)
    messages.success(request, "Your answer is recorded and shown to the desk.")
    return redirect(decided)


@require_POST
def collection_check_password(request, pk):
    """The desk types the word the collector gave; the answer becomes yes or no."""
    check = _check_for(request, pk)
    policy.require(request.user, Action.CHECK_COLLECTION, check.child.site)
    form = CollectionPasswordForm(request.POST)
    if not form.is_valid():
        return _result_page(request, check, password_form=form)
    try:
        answer = services.collection_password_record(
            check=check, word_given=form.cleaned_data["word"], checked_by=request.user
        )
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect(check)
    return redirect(answer)
