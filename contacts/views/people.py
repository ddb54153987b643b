from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import render
from django.views.decorators.http import require_GET

from coxlease import policy
from coxlease.pages import form_page
from coxlease.policy import Action

from .. import selectors, services
from ..forms.people import LinkPersonForm, PersonForm
from ..models import Relationship


def _people_url(child) -> str:
    return child.get_absolute_url() + "#people"


def _save_person(form: PersonForm, *, user, reason: str):
    return services.relationship_record(
        relationship=form.relationship,
        person=form.instance,
        relationship_label=form.cleaned_data["relationship"],
        parental_responsibility=form.cleaned_data["parental_responsibility"],
        protected_role=form.cleaned_data["protected_role"],
        recorded_by=user,
        reason=reason,
    )


@require_GET
def person_photo(request: HttpRequest, pk: int):
    """A person's photo, for whoever may see the children they matter to; never cached."""
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    if not person.photo:
        raise Http404("No photo.")
    response = FileResponse(person.photo.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response


def person_detail(request: HttpRequest, pk: int):
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "contacts/person_detail.html",
        {
            "person": person,
            "relationships": person.relationships.select_related("child").order_by(
                "child__legal_last_name"
            ),
            "may_arrange": policy.can(request.user, Action.MANAGE_ARRANGEMENTS, person.site),
        },
    )


def person_add(request: HttpRequest, pk: int):
    child = selectors.child_get_for_user(user=request.user, pk=pk)
    policy.require(request.user, Action.MANAGE_ARRANGEMENTS, child.site)
    form = PersonForm(
        request.POST or None, request.FILES or None, relationship=Relationship(child=child)
    )
    return form_page(
        request,
        form,
        heading=f"Add someone significant to {child}",
        context={"child": child},
        intro="Already known at this site (a brother's or sister's parent, say)? "
        "Use 'Link someone already known' on the child's page instead.",
        save=lambda: _save_person(form, user=request.user, reason="Added"),
        success="Saved.",
        done_url=_people_url(child),
        submit="Add",
    )


def person_link(request: HttpRequest, pk: int):
    child = selectors.child_get_for_user(user=request.user, pk=pk)
    policy.require(request.user, Action.MANAGE_ARRANGEMENTS, child.site)
    form = LinkPersonForm(request.POST or None, child=child)
    return form_page(
        request,
        form,
        heading=f"Link someone already known to {child}",
        context={"child": child},
        save=lambda: services.relationship_record(
            relationship=form.instance,
            relationship_label=form.cleaned_data["relationship"],
            parental_responsibility=form.cleaned_data["parental_responsibility"],
            protected_role=form.cleaned_data["protected_role"],
            recorded_by=request.user,
            reason="Linked",
        ),
        success="Saved.",
        done_url=_people_url(child),
        submit="Link",
    )


def relationship_edit(request: HttpRequest, pk: int):
    relationship = selectors.child_record_get_for_user(
        user=request.user,
        queryset=Relationship.objects.select_related("child__site", "person"),
        pk=pk,
    )
    child = relationship.child
    policy.require(request.user, Action.MANAGE_ARRANGEMENTS, child.site)
    form = PersonForm(
        request.POST or None,
        request.FILES or None,
        instance=relationship.person,
        relationship=relationship,
    )
    return form_page(
        request,
        form,
        heading=f"{relationship.person}, {relationship.relationship} of {child}",
        context={"child": child},
        intro="Details of the person are shared with any other child they matter to.",
        save=lambda: _save_person(form, user=request.user, reason=form.cleaned_data["reason"]),
        success="Saved.",
        done_url=_people_url(child),
    )
