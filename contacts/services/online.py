from django.db import transaction

from coxlease import policy
from coxlease.history import save_with_history
from coxlease.policy import Action

from ..models import SocialMediaAssessment, VideoCallPlan


@transaction.atomic
def social_media_assessment_save(
    *, assessment: SocialMediaAssessment, changed_by, reason: str
) -> SocialMediaAssessment:
    policy.require(changed_by, Action.MANAGE_ONLINE_SAFETY, assessment.child.site)
    return save_with_history(assessment, user=changed_by, reason=reason)


@transaction.atomic
def video_call_plan_save(*, plan: VideoCallPlan, changed_by, reason: str) -> VideoCallPlan:
    policy.require(changed_by, Action.MANAGE_ONLINE_SAFETY, plan.child.site)
    return save_with_history(plan, user=changed_by, reason=reason)
