"""Safeguarding concerns: raise one (from a child's page, a flagged contact, a refusal at the
door, or the menu), the lead's queue, a concern's page with its own chronology, and the steps a
lead takes; the on-call rota."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contacts.models import CollectionCheck, ContactType
from contacts.selectors import child_get_for_user, child_record_get_for_user, children_for_user
from coxlease import policy
from coxlease.forms import save_or_show_errors
from coxlease.models import OnCall
from coxlease.oncall import on_call_gaps, on_call_now
from coxlease.pages import current_site_or_404, form_page
from coxlease.policy import Action
from records.selectors import entry_get_for_user

from . import online_services, selectors, services
from .forms import (
    AttachmentForm,
    CloseForm,
    ConcernForm,
    EscalationForm,
    NeedToKnowForm,
    NoteForm,
    OnCallForm,
    ReopenForm,
)
from .models import Attachment, Category, Status
from .models import Urgency as ConcernUrgency


def _prefill(request, child):
    """What raising a concern from a flagged contact, a refusal at the door or an online
    incident fills in."""
    initial = {"urgency": ConcernUrgency.ROUTINE}
    entry = check = incident = None
    if raw := request.GET.get("entry") or request.POST.get("entry"):
        entry = entry_get_for_user(user=request.user, pk=_number(raw))
        if entry.child_id != child.pk:
            raise Http404("That contact is about another child.")
        people = [str(p) for p in entry.participants.all()] + [entry.someone_else]
        facts = entry.summary.strip() or (
            f"{entry.get_contact_type_display()} with {', '.join(filter(None, people))}."
        )
        initial.update(
            category=Category.PLAN_NOT_FOLLOWED,
            happened_at=entry.started_at,
            what_happened=f"{facts}\n\nFlagged when it was logged: {' '.join(entry.reasons)}",
            people_involved=[p.pk for p in entry.participants.all()],
        )
    if raw := request.GET.get("check") or request.POST.get("check"):
        check = child_record_get_for_user(
            user=request.user, queryset=CollectionCheck.objects.all(), pk=_number(raw)
        )
        if check.child_id != child.pk:
            raise Http404("That check is about another child.")
        handover = "collect" if check.handover == ContactType.COLLECTION else "drop off"
        initial.update(
            category=Category.COLLECTION,
            urgency=ConcernUrgency.URGENT,
            happened_at=check.checked_at,
            what_happened=f"{check.who} came to {handover} the child. " + " ".join(check.reasons),
            people_involved=[check.person_id] if check.person_id else [],
        )
    if raw := request.GET.get("incident") or request.POST.get("incident"):
        incident = selectors.incident_get_for_user(user=request.user, pk=_number(raw))
        if incident.child_id != child.pk:
            raise Http404("That incident is about another child.")
        initial.update(
            category=Category.ONLINE,
            happened_at=incident.happened_at,
            what_happened=f"Online incident on {incident.platform}: {incident.what_happened}",
            action_taken=incident.action_taken,
        )
    return initial, entry, check, incident


def _number(raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise Http404("No such record.") from None


@require_http_methods(["GET", "POST"])
def concern_raise(request: HttpRequest):
    site = current_site_or_404(request)
    policy.require(request.user, Action.RAISE_CONCERNS, site)
    raw_child = request.GET.get("child") or request.POST.get("child")
    if not raw_child:
        return render(
            request,
            "safeguarding/concern_choose_child.html",
            {"children": children_for_user(user=request.user, site=site).on_roll()},
        )
    child = child_get_for_user(user=request.user, pk=_number(raw_child))
    policy.require(request.user, Action.RAISE_CONCERNS, child.site)
    initial, entry, check, incident = _prefill(request, child)
    form = ConcernForm(request.POST or None, request.FILES or None, child=child, initial=initial)
    form.instance.contact_entry, form.instance.collection_check = entry, check
    if request.method == "POST" and form.is_valid():

        def save():
            concern = services.concern_raise(
                concern=form.instance,
                people_involved=list(form.cleaned_data["people_involved"]),
                raised_by=request.user,
                attachments=form.cleaned_data["attachments"],
            )
            if incident is not None:
                online_services.incident_link_concern(
                    incident=incident, concern=concern, changed_by=request.user
                )
            return concern

        concern = save_or_show_errors(form, save)
        if concern is not None:
            messages.success(request, _raised_message(concern))
            return redirect(concern)
    return render(
        request,
        "safeguarding/concern_raise.html",
        {
            "form": form,
            "child": child,
            "entry": entry,
            "check": check,
            "incident": incident,
            "on_call": on_call_now(site=child.site),
        },
    )


def _raised_message(concern) -> str:
    said = f"The concern is raised: {concern.handled_by} have been told by e-mail."
    if concern.urgency == ConcernUrgency.URGENT:
        phone = services.phone_now_about(concern)
        who = f"{phone[0]} on {phone[1]}" if phone else concern.handled_by
        said += f" It is urgent: phone {who} now, and 999 if the child is in immediate danger."
    return said


def concern_detail(request: HttpRequest, pk: int):
    concern = selectors.concern_get_for_user(user=request.user, pk=pk)
    visits = services.concern_opened(concern=concern, user=request.user)
    acts = policy.can(request.user, Action.ACT_ON_CONCERNS, concern)
    return render(
        request,
        "safeguarding/concern_detail.html",
        {
            "concern": concern,
            "child": concern.child,
            "acts": acts,
            # The author sees their account, the status and the outcome: not the leads' notes.
            "steps": concern.steps.select_related("by") if acts else [],
            "people": concern.people_involved.all(),
            "attachments": concern.attachments.all(),
            "notes": concern.need_to_know.prefetch_related("colleagues") if acts else [],
            "visits": visits if acts else None,
            "forms": {
                "review": NoteForm(),
                "decision": NoteForm(),
                "escalate": EscalationForm(),
                "close": CloseForm(record=concern),
                "reopen": ReopenForm(record=concern),
                "need_to_know": NeedToKnowForm(concern=concern),
                "attach": AttachmentForm(),
            }
            if acts
            else {},
        },
    )


def _step_page(request, pk, *, form_class, heading, save, success, **form_kwargs):
    concern = selectors.concern_get_for_user(user=request.user, pk=pk, acting=True)
    kwargs = {"record": concern} if form_class in (CloseForm, ReopenForm) else {}
    if form_class is NeedToKnowForm:
        kwargs["concern"] = concern
    form = form_class(request.POST or None, request.FILES or None, **kwargs, **form_kwargs)
    return form_page(
        request,
        form,
        heading=f"{heading}: {concern}",
        save=lambda: save(concern, form.cleaned_data),
        success=success,
        done_url=concern.get_absolute_url(),
        context={"child": concern.child},
    )


@require_http_methods(["GET", "POST"])
def concern_review(request, pk):
    return _step_page(
        request,
        pk,
        form_class=NoteForm,
        heading="Take into review",
        save=lambda c, d: services.concern_take_into_review(
            concern=c, by=request.user, note=d["text"]
        ),
        success="Taken into review.",
    )


@require_http_methods(["GET", "POST"])
def concern_decision(request, pk):
    return _step_page(
        request,
        pk,
        form_class=NoteForm,
        heading="Record a decision or action",
        save=lambda c, d: services.concern_record_decision(
            concern=c, by=request.user, text=d["text"]
        ),
        success="Recorded.",
    )


@require_http_methods(["GET", "POST"])
def concern_escalate(request, pk):
    return _step_page(
        request,
        pk,
        form_class=EscalationForm,
        heading="Escalate",
        save=lambda c, d: services.concern_escalate(
            concern=c,
            by=request.user,
            to=d["escalated_to"],
            when=d["escalated_when"],
            how=d["escalated_how"],
            reference=d["reference"],
            text=d["text"],
        ),
        success="The escalation is recorded.",
    )


@require_http_methods(["GET", "POST"])
def concern_close(request, pk):
    return _step_page(
        request,
        pk,
        form_class=CloseForm,
        heading="Close",
        save=lambda c, d: services.concern_close(concern=c, by=request.user, outcome=d["outcome"]),
        success="The concern is closed.",
    )


@require_http_methods(["GET", "POST"])
def concern_reopen(request, pk):
    return _step_page(
        request,
        pk,
        form_class=ReopenForm,
        heading="Reopen",
        save=lambda c, d: services.concern_reopen(concern=c, by=request.user, reason=d["reason"]),
        success="The concern is open again.",
    )


@require_http_methods(["GET", "POST"])
def concern_need_to_know(request, pk):
    return _step_page(
        request,
        pk,
        form_class=NeedToKnowForm,
        heading="Tell colleagues what they need to know",
        save=lambda c, d: services.need_to_know_write(
            concern=c, by=request.user, text=d["text"], colleagues=d["colleagues"]
        ),
        success="The note is written: the colleagues named see it on their start page.",
    )


@require_http_methods(["GET", "POST"])
def concern_attach(request, pk):
    concern = selectors.concern_get_for_user(user=request.user, pk=pk)
    form = AttachmentForm(request.POST or None, request.FILES or None)

    def save():
        for upload in form.cleaned_data["files"]:
            services.attachment_add(concern=concern, upload=upload, added_by=request.user)
        return concern

    return form_page(
        request,
        form,
        heading=f"Attach files: {concern}",
        save=save,
        success="Attached.",
        done_url=concern.get_absolute_url(),
        context={"child": concern.child},
    )


@require_GET
def attachment_download(request, pk):
    """An attachment, for whoever may see its concern; never cached."""
    attachment = get_object_or_404(Attachment, pk=pk)
    selectors.concern_get_for_user(user=request.user, pk=attachment.concern_id)  # or 404
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def concern_list(request: HttpRequest):
    """A lead's queue (past their time limit first), or the concerns you raised."""
    site = current_site_or_404(request)
    policy.require(request.user, Action.VIEW_CONCERNS, site)
    if policy.can(request.user, Action.ACT_ON_CONCERNS, site):
        queue = selectors.dsl_queue(user=request.user, site=site)
    else:
        queue = None
    return render(
        request,
        "safeguarding/concern_list.html",
        {
            "site": site,
            "queue": queue,
            "concerns": selectors.concerns_visible_to(user=request.user, site=site),
            "statuses": Status,
        },
    )


def on_call_rota(request: HttpRequest):
    site = current_site_or_404(request)
    policy.require(request.user, Action.VIEW_CHILDREN, site)
    shifts = OnCall.objects.filter(site=site).select_related("person")
    now = timezone.now()
    return render(
        request,
        "safeguarding/on_call.html",
        {
            "site": site,
            "now": on_call_now(site=site),
            "coming": shifts.filter(ends_at__gt=now).order_by("starts_at"),
            "past": shifts.filter(ends_at__lte=now).order_by("-starts_at")[:PAST_SHIFTS_SHOWN],
            "gaps": on_call_gaps(site=site, days=GAPS_LOOKED_FOR_DAYS),
            "gaps_days": GAPS_LOOKED_FOR_DAYS,
            "may_set": policy.can(request.user, Action.SET_ON_CALL_ROTA, site),
            "started": now,
        },
    )


PAST_SHIFTS_SHOWN = 20
GAPS_LOOKED_FOR_DAYS = 7


def _shift_for(request, pk: int) -> OnCall:
    site = current_site_or_404(request)
    policy.require(request.user, Action.SET_ON_CALL_ROTA, site)
    return get_object_or_404(OnCall.objects.select_related("person"), pk=pk, site=site)


@require_http_methods(["GET", "POST"])
def on_call_edit(request: HttpRequest, pk: int):
    shift = _shift_for(request, pk)
    if shift.ends_at <= timezone.now():
        raise Http404("A shift that has ended stays as it was.")
    form = OnCallForm(request.POST or None, instance=shift, site=shift.site)
    return form_page(
        request,
        form,
        heading=f"Change a shift on call at {shift.site}",
        save=lambda: services.on_call_save(shift=form.instance, changed_by=request.user),
        success="The shift is changed.",
        done_url=reverse("safeguarding:on-call"),
        cancel_url=reverse("safeguarding:on-call"),
    )


@require_POST
def on_call_remove(request: HttpRequest, pk: int):
    shift = _shift_for(request, pk)
    try:
        services.on_call_remove(shift=shift, removed_by=request.user)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, f"{shift.person}'s shift is off the rota.")
    return redirect("safeguarding:on-call")


@require_http_methods(["GET", "POST"])
def on_call_add(request: HttpRequest):
    site = current_site_or_404(request)
    policy.require(request.user, Action.SET_ON_CALL_ROTA, site)
    form = OnCallForm(request.POST or None, site=site)
    return form_page(
        request,
        form,
        heading=f"On call at {site}",
        save=lambda: services.on_call_save(shift=form.instance, changed_by=request.user),
        success="The shift is on the rota.",
        done_url=reverse("safeguarding:on-call"),
    )
