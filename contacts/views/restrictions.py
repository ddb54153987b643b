from django.contrib import messages
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.views.decorators.http import require_GET, require_POST

from coxlease import audit, policy
from coxlease.history import history_entries
from coxlease.models import RecordView
from coxlease.pages import form_page
from coxlease.policy import Action

from .. import selectors, services
from ..forms.restrictions import (
    ChildInformedForm,
    ImpositionCorrectionForm,
    RestrictionEndForm,
    RestrictionForm,
    RestrictionReportForm,
)
from ..models import Person, ProtectedRole, Restriction


def _managed(request, pk: int) -> Restriction:
    restriction = selectors.restriction_get_for_user(user=request.user, pk=pk)
    policy.require(request.user, Action.MANAGE_ARRANGEMENTS, restriction.child.site)
    return restriction


def restriction_detail(request: HttpRequest, pk: int):
    restriction = selectors.restriction_get_for_user(user=request.user, pk=pk)
    site = restriction.child.site
    visits = audit.record_opened(user=request.user, record=restriction, site=site)
    confirmations = selectors.restriction_confirmations(restriction)
    mine = next((c for c in confirmations if c.user == request.user), None)
    return render(
        request,
        "contacts/restriction_detail.html",
        {
            "restriction": restriction,
            "child": restriction.child,
            "confirmations": confirmations,
            "unconfirmed": [c for c in confirmations if c.confirmed_at is None],
            "my_confirmation": mine,
            "told": restriction.child_informed.select_related("told_by"),
            "may_manage": policy.can(request.user, Action.MANAGE_ARRANGEMENTS, site),
            "visits": visits,
            "may_record_told": policy.can(request.user, Action.RECORD_CHILD_INFORMED, site),
        },
    )


@require_GET
def restriction_openings(request: HttpRequest, pk: int):
    """Every opening of the restriction, for whoever may see who opened it."""
    restriction = selectors.restriction_get_for_user(user=request.user, pk=pk)
    policy.require(request.user, Action.SEE_WHO_OPENED_RECORDS, restriction.child.site)
    audit.record_view(user=request.user, record=restriction, what=RecordView.What.EXPORTED)
    return audit.views_csv(restriction, filename=f"restriction-{restriction.pk}-opened.csv")


def restriction_history(request: HttpRequest, pk: int):
    restriction = selectors.restriction_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "contacts/restriction_history.html",
        {
            "restriction": restriction,
            "child": restriction.child,
            "entries": history_entries(restriction),
        },
    )


def restriction_add(request: HttpRequest, pk: int):
    child = selectors.child_get_for_user(user=request.user, pk=pk)
    policy.require(request.user, Action.MANAGE_ARRANGEMENTS, child.site)
    form = RestrictionForm(request.POST or None, child=child)
    return form_page(
        request,
        form,
        heading=f"Record a restriction for {child}",
        context={"child": child},
        intro="A restriction always overrides the contact plan. Every colleague will be asked "
        "to confirm they have read it.",
        save=lambda: services.restriction_record(
            restriction=form.instance, recorded_by=request.user
        ),
        success=_recorded_message,
        done_url=child.get_absolute_url() + "#restrictions",
        submit="Record restriction",
    )


def _recorded_message(restriction: Restriction) -> str:
    said = "The restriction has been recorded. Colleagues will be asked to confirm it."
    if restriction.must_be_reported:
        due = formats.date_format(timezone.localtime(restriction.report_due_at), "DATETIME_FORMAT")
        said += (
            f" It was imposed here: report it to the placing authority by {due} (regulation "
            "22), then record the report on the restriction's page."
        )
    return said


def restriction_edit(request: HttpRequest, pk: int):
    restriction = _managed(request, pk)
    form = RestrictionForm(request.POST or None, instance=restriction, child=restriction.child)
    return form_page(
        request,
        form,
        heading=f"Change a restriction for {restriction.child}",
        context={"child": restriction.child},
        save=lambda: services.restriction_update(
            restriction=form.instance,
            changed_by=request.user,
            reason=form.cleaned_data["reason"],
        ),
        success="The restriction has been changed. Colleagues must confirm it again.",
        done_url=restriction.get_absolute_url(),
    )


def restriction_end(request: HttpRequest, pk: int):
    restriction = _managed(request, pk)
    form = RestrictionEndForm(
        request.POST or None, record=restriction, initial={"ends_on": timezone.localdate()}
    )
    return form_page(
        request,
        form,
        heading=f"End a restriction for {restriction.child}",
        context={"child": restriction.child},
        intro="It stays on record and in the child's history. If it still applies for a while, "
        "colleagues are asked to confirm the new end date.",
        save=lambda: services.restriction_end(
            restriction=restriction,
            ends_on=form.cleaned_data["ends_on"],
            changed_by=request.user,
            reason=form.cleaned_data["reason"],
        ),
        success="The restriction has been ended.",
        done_url=restriction.get_absolute_url(),
        submit="End restriction",
    )


def restriction_report(request: HttpRequest, pk: int):
    restriction = _managed(request, pk)
    if not restriction.must_be_reported:
        raise Http404("Only restrictions imposed on site are reported this way.")
    form = RestrictionReportForm(
        request.POST or None,
        record=restriction,
        initial={"reported_at": timezone.localtime().replace(second=0, microsecond=0)},
    )
    return form_page(
        request,
        form,
        heading="Record the report to the placing authority",
        intro="Regulation 22: a restriction imposed on site must be reported to the placing "
        "authority within 24 hours.",
        save=lambda: services.restriction_report(
            restriction=restriction,
            reported_at=form.cleaned_data["reported_at"],
            how=form.cleaned_data["how"],
            to=form.cleaned_data["to"],
            changed_by=request.user,
        ),
        success="The report to the placing authority has been recorded.",
        done_url=restriction.get_absolute_url(),
        template="contacts/restriction_report.html",
        context={
            "restriction": restriction,
            "child": restriction.child,
            "social_workers": Person.objects.filter(
                relationships__child=restriction.child,
                relationships__protected_role=ProtectedRole.SOCIAL_WORKER,
            ),
        },
    )


def restriction_correct_imposition(request: HttpRequest, pk: int):
    restriction = _managed(request, pk)
    if not restriction.must_be_reported:
        raise Http404("Only restrictions imposed on site have a reporting clock.")
    form = ImpositionCorrectionForm(
        request.POST or None, record=restriction, initial={"imposed_at": restriction.imposed_at}
    )
    return form_page(
        request,
        form,
        heading=f"Correct when a restriction for {restriction.child} was imposed",
        context={"child": restriction.child},
        intro="The 24-hour clock for reporting it to the placing authority starts again from "
        "the corrected time. If the report was already late, that stays on record.",
        save=lambda: services.restriction_correct_imposition(
            restriction=restriction,
            imposed_at=form.cleaned_data["imposed_at"],
            changed_by=request.user,
            reason=form.cleaned_data["reason"],
        ),
        success="The imposition time has been corrected.",
        done_url=restriction.get_absolute_url(),
        submit="Correct the time",
    )


@require_POST
def restriction_confirm(request: HttpRequest, pk: int):
    restriction = selectors.restriction_get_for_user(user=request.user, pk=pk)
    version = request.POST.get("version", "")
    confirmed = services.restriction_confirm(
        restriction=restriction,
        user=request.user,
        version=int(version) if version.isascii() and version.isdigit() else None,
    )
    if not confirmed:
        messages.error(
            request, "This restriction changed while you were reading it: read it again."
        )
        return redirect(restriction)
    waiting = selectors.restrictions_to_confirm(user=request.user, site=restriction.child.site)
    following = waiting.first()
    if following is None:
        messages.success(request, "Thank you: you have read every restriction at your site.")
        return redirect("monitoring:home")
    messages.success(
        request,
        "Thank you: you have confirmed you read and understood it. "
        f"{waiting.count()} more to read: here is the next.",
    )
    return redirect(following)


def child_informed_add(request: HttpRequest, pk: int):
    restriction = selectors.restriction_get_for_user(user=request.user, pk=pk)
    policy.require(request.user, Action.RECORD_CHILD_INFORMED, restriction.child.site)
    form = ChildInformedForm(
        request.POST or None,
        restriction=restriction,
        told_by=request.user,
        initial={"told_on": timezone.localdate()},
    )
    return form_page(
        request,
        form,
        heading=f"Record that {restriction.child} was told",
        context={"child": restriction.child},
        intro=str(restriction),
        save=lambda: services.child_informed_record(record=form.instance, recorded_by=request.user),
        success="Recorded.",
        done_url=restriction.get_absolute_url(),
    )
