"""A child's social media risk assessments and video-call plans (LP 38 section 8): the DSL
and site manager record them; everyone who works with the child reads them."""

from django.http import HttpRequest
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from coxlease import policy
from coxlease.history import history_entries
from coxlease.pages import form_page
from coxlease.policy import Action

from .. import selectors, services
from ..forms.online import SocialMediaAssessmentForm, VideoCallPlanForm
from ..models import SocialMediaAssessment, VideoCallPlan


@require_GET
def social_media_detail(request: HttpRequest, pk: int):
    assessment = selectors.child_record_get_for_user(
        user=request.user,
        queryset=SocialMediaAssessment.objects.select_related("child__site", "assessed_by"),
        pk=pk,
    )
    child = assessment.child
    return render(
        request,
        "contacts/social_media_detail.html",
        {
            "assessment": assessment,
            "child": child,
            "others": child.social_media_assessments.exclude(pk=assessment.pk),
            "entries": history_entries(assessment),
            "may_assess": policy.can(request.user, Action.MANAGE_ONLINE_SAFETY, child.site),
        },
    )


@require_http_methods(["GET", "POST"])
def social_media_add(request: HttpRequest, pk: int):
    child = selectors.child_get_for_user(user=request.user, pk=pk)
    policy.require(request.user, Action.MANAGE_ONLINE_SAFETY, child.site)
    return _assessment_page(request, SocialMediaAssessment(child=child), reason="Assessed")


@require_http_methods(["GET", "POST"])
def social_media_edit(request: HttpRequest, pk: int):
    assessment = selectors.child_record_get_for_user(
        user=request.user,
        queryset=SocialMediaAssessment.objects.select_related("child__site"),
        pk=pk,
    )
    policy.require(request.user, Action.MANAGE_ONLINE_SAFETY, assessment.child.site)
    return _assessment_page(request, assessment, reason=None)


def _assessment_page(request, assessment: SocialMediaAssessment, *, reason: str | None):
    child = assessment.child
    form = SocialMediaAssessmentForm(
        request.POST or None, instance=assessment, child=child, user=request.user
    )
    return form_page(
        request,
        form,
        heading=f"Social media risk assessment for {child}",
        context={"child": child},
        intro="LP 38 section 8: a high risk means social media only with monitoring, or not at "
        "all. The latest assessment decides; a new review is a new assessment.",
        save=lambda: services.social_media_assessment_save(
            assessment=form.instance,
            changed_by=request.user,
            reason=reason or form.cleaned_data["reason"],
        ),
        success="The social media risk assessment has been saved.",
        done_url=child.get_absolute_url() + "#online",
    )


@require_http_methods(["GET", "POST"])
def video_call_plan_add(request: HttpRequest, pk: int):
    child = selectors.child_get_for_user(user=request.user, pk=pk)
    policy.require(request.user, Action.MANAGE_ONLINE_SAFETY, child.site)
    return _video_call_page(request, VideoCallPlan(child=child), reason="Agreed")


@require_http_methods(["GET", "POST"])
def video_call_plan_edit(request: HttpRequest, pk: int):
    plan = selectors.child_record_get_for_user(
        user=request.user, queryset=VideoCallPlan.objects.select_related("child__site"), pk=pk
    )
    policy.require(request.user, Action.MANAGE_ONLINE_SAFETY, plan.child.site)
    return _video_call_page(request, plan, reason=None)


def _video_call_page(request, plan: VideoCallPlan, *, reason: str | None):
    child = plan.child
    form = VideoCallPlanForm(request.POST or None, instance=plan, child=child)
    return form_page(
        request,
        form,
        heading=f"Video-call plan for {child}",
        context={"child": child},
        intro="Without an agreed video-call plan, a video call with someone is not in the plan.",
        save=lambda: services.video_call_plan_save(
            plan=form.instance,
            changed_by=request.user,
            reason=reason or form.cleaned_data["reason"],
        ),
        success="The video-call plan has been saved.",
        done_url=child.get_absolute_url() + "#online",
    )
